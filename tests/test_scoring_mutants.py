"""xlperf.domain.scoring's messages, the input each one blames, and its small edges — judged by fast tests
(issue 19; the scoring core's equivalents stay argued in tests/test_core_mutants.py).

A ScoringError names the indicator input at fault (``field``) so that the problem is shown at that cell of
指标评分 (评分参数, 实际完成值 …); the messages are what the clerk reads there (and in =PERF_ cells).  Expected values
are those messages and hand arithmetic (SCORING.md §4, §6, §7).

Survivors of numbers/scoring/evaluate: none left since session 7 (s7g, docs/mutation.md) — the ones argued here
and in tests/test_core_mutants.py went with the dead code that made them (see that docstring).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlperf.domain import scoring as S
from xlperf.domain.scoring import ScoringError


def _error(call, *args):
    with pytest.raises(ScoringError) as info:
        call(*args)
    return str(info.value), info.value.field


# ------------------------------------------------------------------ rate, exec_rate, total, check


def test_a_rate_of_a_small_weight():
    assert S.rate(D("0.3"), D("0.5")) == D("0.6")  # 0.3 of 0.5 points
    assert S.rate(D(1), D(1)) == 1
    assert _error(S.rate, D(1), D(0)) == ("分值须大于0", "")


def test_execution_rate_needs_a_budget_and_no_negative_spending():
    assert S.exec_rate(D(45), D("0.5") * 100) == D("0.9")
    assert S.exec_rate(D("0.5"), D("0.5")) == 1  # a budget of 0.5 万元 is a budget
    assert _error(S.exec_rate, D(1), D(0)) == ("预算数须大于0", "")
    assert _error(S.exec_rate, D(-1), D(10)) == ("执行数不能为负", "")


def test_a_total_checks_each_score_against_its_weight():
    assert S.total([D(0), D("2.5")], [D(1), D("2.5")]) == D("2.5")  # 0 is a score, full marks too
    assert _error(S.total, [D(1), D(-1)], [D(1), D(1)]) == ("第2项得分为负", "")
    assert _error(S.total, [D("18.50"), D(1)], [D(10), D(1)]) == ("第1项得分18.5超过分值10", "")
    assert _error(S.total, [D(1), D(12)], [D(1), D("1E+1")], [3, 7]) == ("第7项得分12超过分值10", "")
    assert _error(S.total, [D(1)], [D(1), D(1)]) == ("得分与分值的个数不一致", "")


def test_numbers_in_messages_are_plain():
    assert S._plain(D("18.50")) == "18.5" and S._plain(D("1E+1")) == "10" and S._plain(D("7.00")) == "7"
    assert S._plain(D(20)) == "20"  # no point: the zeros are the number's own


def test_check_names_the_first_problem():
    assert S.check([D("0.5"), D(1)], [D("0.5"), None]) == ""  # a weight below 1 is a weight
    assert S.check([D(1), D(0)], [D(1), D(0)]) == "第2项分值须大于0"
    assert S.check([D(1), D(1)], [D(0), D(-1)]) == "第2项得分为负"
    assert S.check([D(10), D(1)], [D("10.50"), D(1)]) == "第1项得分10.5超过分值10"
    assert S.check([D(1)], [D(1), D(1)]) == "分值与得分的个数不一致"
    assert S.check([D(60), D("39.50")], [None, None], D(100)) == "分值合计99.5，应为100"
    assert S.check([D(60), D(40)], [None, None], D(100)) == ""
    assert S.check([D(1), D(-1)], [None, None], positions=[4, 9]) == "第9项分值须大于0"


# ------------------------------------------------------------------ parameters name 评分参数


@pytest.mark.parametrize("param, message", [
    ("5%", "参数格式应为“5%:2”（每低5%扣2分），现为“5%”"),
    ("5%:x", None),  # the number's own message follows
    ("0:2", "参数“0:2”中的步长须大于0、扣分不能为负"),
    ("5%:-1", "参数“5%:-1”中的步长须大于0、扣分不能为负"),
])
def test_a_step_parameter_that_cannot_be_used_is_a_problem_of_the_parameter(param, message):
    text, field = _error(S.parse_step, param)
    assert field == "param"
    if message is None:
        assert text.startswith("参数“5%:x”无法识别：")
    else:
        assert text == message


def test_a_step_parameter_of_zero_points_deducts_nothing():
    assert S.parse_step("5%：0") == (D("0.05"), D(0))  # full-width colon


@pytest.mark.parametrize("param, message", [
    ("半分", "参数应为每个百分点的扣分，如“0.5”，现为“半分”"),
    (None, "参数应为每个百分点的扣分，如“0.5”，现为“”"),
    ("-0.5", "每个百分点的扣分不能为负"),
])
def test_a_per_point_parameter_that_cannot_be_used_is_a_problem_of_the_parameter(param, message):
    assert _error(S.parse_per_point, param) == (message, "param")


def test_a_per_point_parameter_of_zero_deducts_nothing():
    assert S.parse_per_point("0") == 0 and S.parse_per_point(0) == 0


@pytest.mark.parametrize("param, message", [
    ("", "区间参数为空，应如“≥90%:5;≥80%:4;<80%:0”"),
    (";；", "区间参数为空，应如“≥90%:5;≥80%:4;<80%:0”"),
    ("≥90%", "区间“≥90%”格式应为“≥90%:5”"),
])
def test_a_band_parameter_that_cannot_be_used_is_a_problem_of_the_parameter(param, message):
    assert _error(S.parse_bands, param) == (message, "param")


def test_a_band_with_words_for_numbers_names_the_band():
    text, field = _error(S.parse_bands, "≥九成:5")
    assert field == "param" and text.startswith("区间“≥九成:5”无法识别：")
    text, field = _error(S.parse_bands, "≥90%:五")
    assert field == "param" and text.startswith("区间“≥90%:五”无法识别：")


def test_bands_read_every_operator_and_an_equals_without_one():
    assert S.parse_bands("≥90%:5;＞80%:4;≤10%:1;<5%:0.5;=0:3;0.5:2") == [
        (">=", D("0.9"), D(5)), (">", D("0.8"), D(4)), ("<=", D("0.1"), D(1)), ("<", D("0.05"), D("0.5")),
        ("=", D(0), D(3)), ("=", D("0.5"), D(2))]


def test_an_unknown_qualitative_word_is_a_problem_of_the_actual_value():
    text, field = _error(S.qualitative_band, "说不清")
    assert field == "actual"
    assert text.startswith("定性指标的完成情况“说不清”无法识别，可填：达成、达成预期、达成预期指标、")
    assert text.endswith("、不合格、不满意、很差")
    assert "、达成、" not in text  # each word once (the label is also its first alias)


def test_check_accepts_scores_of_zero_and_below_one():
    assert S.check([D(1), D(1)], [D(0), D("0.5")]) == ""


def test_a_word_typed_with_spaces_is_the_word():
    assert S.qualitative_band("较 好").label == "达成"  # a space inside is noise (NFKC and spaces removed)
    assert S.qualitative_band("　一般　").label == "部分达成"  # full-width spaces


# ------------------------------------------------------------------ suggest names the input at fault


@pytest.mark.parametrize("method, weight, target, actual, field, message", [
    ("正向", D(0), D(1), D(1), "weight", "分值须大于0"),
    ("正向", D(10), D(1), "较好", "actual", "实际完成值应为数字，现为“较好”"),
    ("正向", D(10), D(1), D(-1), "actual", "实际完成值不能为负"),
    ("反向", D(10), D(1), D(-1), "actual", "实际完成值不能为负"),
    ("正向", D(10), None, D(1), "target", "缺少年度指标值"),
    ("线性", D(10), D(1), D(1), "method", None),
    ("区间", D(10), None, D(1), "param", "区间参数为空，应如“≥90%:5;≥80%:4;<80%:0”"),
])
def test_a_rule_that_cannot_be_applied_names_the_input(method, weight, target, actual, field, message):
    text, got = _error(S.suggest, method, weight, target, actual, "")
    assert got == field
    assert text == message if message else text.startswith("未知的评分方法“线性”")


def test_a_forward_target_of_zero_is_met_in_full():
    # 正向: 分值 × min(B / A, 1) with A = 0: any B reaches it (SCORING.md §4)
    assert S.suggest("正向", D(10), D(0), D(5)) == 10
    assert S.suggest("正向", D(10), D(0), D(0)) == 10


def test_a_band_number_that_cannot_be_read_names_the_parameter():
    assert _error(S.parse_bands, "≥90%:五")[1] == "param"


# ------------------------------------------------------------------ the engine around the rules


def _ev(leaf, weight):
    from xlperf.domain.model import Budget, Evaluation, Indicator

    top = Indicator(name="一级", level=1, weight=weight, children=[leaf])
    return Evaluation(unit="测试单位", year=2021, indicators=[top],
                      budget=Budget(initial=D(1), adjusted=D(1), executed=D(1)))


def test_a_figure_too_large_to_round_is_blamed_on_the_actual_value():
    from xlperf.domain.evaluate import evaluate
    from xlperf.domain.model import Indicator
    from xlperf.domain.problems import ERROR, Problem
    from xlperf.domain.profiles import load_profile

    # 10^27 × 1 rounded to 2 places needs 30 digits: the number is refused (“数值过大”), not a crash, and shown at
    # the 实际完成值 cell like every input problem that names no other
    leaf = Indicator(name="甲", level=2, weight=D("1E+27"), method="人工", coefficient=D(1),
                     sources={"actual": "指标评分!H7", "row": "指标评分!A7"})
    problems = evaluate(_ev(leaf, D("1E+27")), load_profile(None)).problems
    assert problems[0] == Problem("指标评分!H7", "实际完成值", "数值过大", ERROR)


def test_a_row_of_one_point_has_its_rate():
    from xlperf.domain.evaluate import evaluate
    from xlperf.domain.model import Indicator
    from xlperf.domain.profiles import load_profile

    leaf = Indicator(name="甲", level=2, weight=D(1), method="人工", manual_score=D("0.5"))
    res = evaluate(_ev(leaf, D(1)), load_profile(None))
    assert res.indicators[0].children[0].rate == D("0.5")  # 0.5 of 1 point


def test_a_number_format_without_rules_writes_two_places():
    from xlperf.domain.numbers import NumberFormat

    f = NumberFormat()
    assert f.score(D("1.235")) == "1.24"  # half up at 2 places
    assert f.rate(D("0.12345")) == "12.35%"  # 12.345 % half up at 2 places
