"""Edges of xlperf.domain.numbers, xlperf.domain.scoring, xlperf.domain.evaluate and xlperf.workbook.formulas that `make mutate`
found untested (mutants that survived).

Each test names the mutants it kills.  Expected values come from the rules (README「公式参考」,
shared/domain/SCORING.md) and from the exact text a clerk sees in the cell (``#错误:`` + message),
never from the code under test.

Survivors of numbers, scoring and evaluate: none left (session 7, s7g, docs/mutation.md).  The equivalents argued
here before are gone with the code that made them: _text_to_decimal no longer replaces U+3000 and U+FF0D (NFKC has
made them " " and "-"), reads its % as a boolean and strips a unit without the length guard (a whole-text unit
leaves "", refused like any text); to_decimal refuses NaN and inf once (Decimal NaN/Infinity), the 1e15 limit is a
named constant; round_half_up's quantum is 10 ** -places; fmt_number and scoring._plain normalize instead of two
rstrip calls; scoring's item numbers come from count(1), its 阶梯/反向/超额扣分 guards that the clamp already covers
are gone; evaluate sums an applicable parent's 分值 and score without a start, divides without a dead guard, labels a
ScoringError's field by subscription (every field has a label; InputError.field is "") and sums the applicable
level-1 分值 as ``weight if applicable else 0``.

Still argued (not judged in session 7): formulas.band_native_gap 4 — ``param or "XXXX"``: a blank parameter and
"XXXX" both fail parse_bands, giving ""; 18 — ``strip("XX XX")``: "X" never occurs in a parameter that parse_bands
accepts.
"""

import datetime
from decimal import Decimal as D

import pytest

from xlperf.domain.evaluate import compute_facts, evaluate
from xlperf.domain.facts import _ratio
from xlperf.domain.model import Budget, Evaluation, Indicator
from xlperf.domain.numbers import InputError, fmt_number, round_half_up, to_decimal
from xlperf.domain.problems import ERROR, WARNING, Problem
from xlperf.domain.profiles import GradeBand, QualBand, load_profile
from xlperf.domain.scoring import (
    QualitativeBand,
    ScoringError,
    exec_rate,
    grade,
    parse_bands,
    parse_per_point,
    parse_step,
    qualitative_band,
    suggest,
    total,
    weighted,
)
from xlperf.workbook import formulas as F


def message(call, *args, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        call(*args, **kwargs)
    return str(info.value)


# ------------------------------------------------------------------ numbers.to_decimal


def test_em_dash_is_a_minus_sign():
    # a Chinese IME types "—" for minus; NFKC leaves it alone, so it is mapped explicitly (_text_to_decimal 43, 44)
    assert to_decimal("—3") == D(-3)
    assert to_decimal("—0.5%") == D("-0.005")


@pytest.mark.parametrize("value, text", [
    (True, "应为数字，现为“TRUE”"),  # to_decimal 3, 4
    (False, "应为数字，现为“FALSE”"),  # Excel's spelling of the logical value (to_decimal 3, 6, 7)
    (None, "不能为空"),  # to_decimal 27
    (float("nan"), "应为数字，现为无效数值"),  # to_decimal 15
    (float("-inf"), "应为数字，现为无效数值"),  # to_decimal 15
    (D("NaN"), "应为数字，现为无效数值"),  # a Decimal that is not finite (to_decimal 32, 33)
    (D("-Infinity"), "应为数字，现为无效数值"),  # to_decimal 32, 33
    ("1000000000000001", "数值过大"),  # above 1e15 (to_decimal 40)
    (datetime.date(2021, 12, 31), "应为数字，现为“2021-12-31”"),  # a date cell shows its own text (to_decimal 29)
])
def test_to_decimal_messages_exactly(value, text):
    assert message(to_decimal, value) == text


def test_long_input_is_quoted_to_30_characters():
    # messages quote at most 30 characters of what was typed (_text_to_decimal 64)
    assert message(to_decimal, "约" + "9" * 40) == "应为数字，现为“约" + "9" * 29 + "”"
    # … and of any other value (to_decimal 30): str([0] * 40) starts "[0, 0, …" — 1 + 10 × 3 − 1 = 30 characters
    assert message(to_decimal, [0] * 40) == "应为数字，现为“[0, 0, 0, 0, 0, 0, 0, 0, 0, 0,”"
    # … and 20 characters of an Excel error value (to_decimal 22)
    assert message(to_decimal, "#" + "N" * 30) == "单元格为错误值“#" + "N" * 19 + "”"


def test_1e15_is_the_largest_accepted_number():
    # "数值过大" only above 1e15 (to_decimal 35)
    assert to_decimal("1000000000000000") == D(10) ** 15
    assert to_decimal(-1e15) == -D(10) ** 15


def test_round_half_up_of_an_absurd_magnitude_says_too_large():
    # 1e30 to 2 places needs 33 digits, beyond Decimal's 28 (round_half_up 10, 11)
    assert message(round_half_up, D("1e30"), 2) == "数值过大"


# ------------------------------------------------------------------ scoring: grades, rates, sums


def test_grade_rows_with_the_same_lower_bound_first_row_wins():
    # like 区间 ("从左到右第一个满足的"): among equal lower bounds the row listed first wins (grade 2, 5)
    assert grade(D(95), [(D(90), "乙"), (D(90), "甲"), (D(0), "差")]) == "乙"
    assert grade(D(95), [(D(90), "甲"), (D(90), "乙"), (D(0), "差")]) == "甲"


def test_grade_below_every_band_says_how_to_fix_the_table():
    assert message(grade, D(50), [(D(60), "合格")]) == "得分低于等级表中所有的下限，等级表应有一行下限为0"  # grade 12


def test_exec_rate_small_budgets_and_zero_execution():
    assert exec_rate(D("0.4"), D("0.5")) == D("0.8")  # 0.4 / 0.5: a budget below 1 万元 is still a budget (2)
    assert exec_rate(D(0), D(100)) == 0  # nothing spent: 0 / 100 = 0%, not an error (5)
    assert exec_rate(D("0.5"), D(1)) == D("0.5")  # 0.5 / 1 (6)
    assert message(exec_rate, D(-1), D(100)) == "执行数不能为负"  # (8)


def test_sums_are_decimals_and_mismatches_are_named():
    # an empty sum is Decimal 0, so callers can round it (round_half_up(int) would fail) (weighted 7, total 30)
    assert isinstance(weighted([], []), D) and weighted([], []) == 0
    assert isinstance(total([]), D) and total([]) == 0
    assert round_half_up(total([]), 2) == D("0.00")
    assert message(weighted, [D(1)], []) == "分值与得分率的个数不一致"  # weighted 3
    assert message(total, [D(1)], [D(1), D(2)]) == "得分与分值的个数不一致"  # total 3, 4


# ------------------------------------------------------------------ scoring: parameters


#: the default 定性 vocabulary, band by band (SCORING.md §5 bands, §11 words), as the message lists it
_WORDS = "、".join((
    "达成", "达成预期", "达成预期指标", "完成", "已完成", "全部完成", "是", "高", "较高", "好", "较好", "有效提升",
    "有效改善", "明显改善", "明显提升", "显著提升", "优秀", "优", "良好", "良", "很好", "满意", "较满意",
    "部分达成", "部分达成并具有一定效果", "部分完成", "基本达成", "基本完成", "一般", "有所改善", "有所提升",
    "中等", "中", "合格", "尚可", "基本满意",
    "未达成", "未达成且效果较差", "未完成", "否", "较低", "低", "较差", "差", "无改善", "无明显改善",
    "不合格", "不满意", "很差"))


@pytest.mark.parametrize("call, arg, text", [
    (parse_step, None, "参数格式应为“5%:2”（每低5%扣2分），现为“”"),  # parse_step 5
    (parse_step, "", "参数格式应为“5%:2”（每低5%扣2分），现为“”"),
    (parse_per_point, None, "参数应为每个百分点的扣分，如“0.5”，现为“”"),  # parse_per_point 5, 7
    (parse_per_point, "-1", "每个百分点的扣分不能为负"),  # parse_per_point 14
    (parse_bands, "", "区间参数为空，应如“≥90%:5;≥80%:4;<80%:0”"),  # parse_bands 15
    (qualitative_band, "", "定性指标的完成情况“”无法识别，可填：" + _WORDS),  # qualitative_band 5
    (qualitative_band, None, "定性指标的完成情况“”无法识别，可填：" + _WORDS),
])
def test_parameter_messages_exactly(call, arg, text):
    assert message(call, arg) == text


# ------------------------------------------------------------------ scoring.suggest


ALL_METHODS = "正向、反向、阶梯、超额扣分、区间、定性、人工"


@pytest.mark.parametrize("args, text", [
    (("", D(10), D(1), D(1)), f"未知的评分方法“”，可选：{ALL_METHODS}"),  # suggest 4, 26
    (("打分", D(10), D(1), D(1)), f"未知的评分方法“打分”，可选：{ALL_METHODS}"),  # suggest 26
    (("正向", D(0), D(1), D(1)), "分值须大于0"),  # suggest 8
    (("正向", D(10), D(1), None), "实际完成值应为数字"),  # nothing to quote when blank (suggest 29, 31)
    (("正向", D(10), D(1), "x" * 40), "实际完成值应为数字，现为“" + "x" * 30 + "”"),  # 30 characters (suggest 34)
    (("正向", D(10), None, D(1)), "缺少年度指标值"),  # suggest 74
    (("正向", D(10), D(1), D(-1)), "实际完成值不能为负"),  # suggest 80
    (("反向", D(10), D("0.05"), D(-1)), "实际完成值不能为负"),  # suggest 97, 98
])
def test_suggest_messages_exactly(args, text):
    assert message(suggest, *args) == text


def test_qualitative_uses_the_profiles_bands():
    # a profile may suggest 60% for 部分达成: 10 × 60% = 6, not the default 70% (suggest 17)
    bands = (
        QualitativeBand("达成", ("达成",), D("0.8"), D(1), D(1)),
        QualitativeBand("部分达成", ("部分达成",), D("0.5"), D("0.8"), D("0.6")),
        QualitativeBand("未达成", ("未达成",), D(0), D("0.5"), D("0.2")),
    )
    assert suggest("定性", D(10), None, "部分达成", qualitative=bands) == 6
    assert suggest("定性", D(10), None, "未达成", qualitative=bands) == 2  # 10 × 20%


def test_reverse_zero_actual_meets_any_target_in_full():
    # SCORING.md §4 反向: "B = 0 meets the target in full" — also against a negative target such as
    # a 三公经费变动率 of ≤ −5% (suggest 99, 101)
    assert suggest("反向", D(10), D("-0.05"), D(0)) == 10
    # 反向 10 × min(0.05 / 1, 1) = 0.5: an actual of exactly 1 (100%) is not special (suggest 101)
    assert suggest("反向", D(10), D("0.05"), D(1)) == D("0.5")


def test_over_threshold_deducts_below_one_percentage_point():
    # 超额扣分: (1.005 − 1) = 0.5 pp over × 1 point = 0.5 deducted: 5 − 0.5 = 4.5 (suggest 117)
    assert suggest("超额扣分", D(5), D(1), D("1.005"), "1") == D("4.5")
    # 0.2 pp over × 0.5 = 0.1 deducted: 5 − 0.1 = 4.9
    assert suggest("超额扣分", D(5), D(1), D("1.002"), "0.5") == D("4.9")


def test_scoring_errors_are_input_errors():
    # the UDFs turn InputError into "#错误:…"; ScoringError must stay one
    assert issubclass(ScoringError, InputError)


# ================================================================== xlperf.domain.evaluate
# Figures below are worked out by hand from the rules: SCORING.md §9 (ratios), README「评分规则」
# (不适用 rescaled to 百分制: total = Σ applicable level-1 得分 × total ÷ applicable level-1 分值, half-up to
# score_places), 得分率 = 得分 ÷ 分值; problems name the cell of the field at fault, else the row, else the indicator.

RULES = load_profile("")  # shipped default: total 100, 年初预算 denominator, 2 places, rescales 不适用, 优/良/中/差
CELLS = {"actual": "指标评分!H7", "param": "指标评分!K7", "manual_score": "指标评分!J7", "row": "指标评分!A7"}


def _ind(name, weight, level=2, **kw):
    return Indicator(name=name, level=level, weight=D(str(weight)), **kw)


def _l1(name, weight, *children, **kw):
    return _ind(name, weight, level=1, children=list(children), **kw)


def _ev(*indicators, budget=None):
    budget = budget or Budget(initial=D(100), adjusted=D(100), executed=D(90))
    return Evaluation(unit="测试单位", year=2021, indicators=list(indicators), budget=budget)


def _problems(leaf, budget=None, rules=RULES):
    res = evaluate(_ev(_l1("一级", 100, leaf), budget=budget), rules)
    return res.problems, res.indicators[0].children[0]


# ------------------------------------------------------------------ compute_facts


def test_facts_three_public_carryover_and_denominator():
    b = Budget(initial=D(100), adjusted=D(125), executed=D(100), carryover=D(20),
               three_public_budget=D(10), three_public_actual=D(5), three_public_prev=D(10))
    facts = compute_facts(_ev(budget=b), RULES)
    assert facts["三公经费控制率"] == D("0.5")  # 实际 5 ÷ 预算 10 (compute_facts 18, 21–24)
    assert facts["三公经费变动率"] == D("-0.5")  # (本年 5 − 上年 10) ÷ 上年 10 (27–30)
    assert facts["结转结余率"] == D("0.2")  # 结转结余 20 ÷ 执行数 100 (40)
    assert facts["执行率"] == facts["执行率_年初"] == 1  # 100 ÷ 年初 100
    adjusted = compute_facts(_ev(budget=b), RULES.model_copy(update={"exec_denominator": "adjusted"}))
    assert adjusted["执行率"] == adjusted["执行率_调整"] == D("0.8")  # 100 ÷ 调整 125 (33)


def test_facts_that_cannot_be_computed_are_none():
    # “三公”经费 without a budget: no 控制率 — not 0 even when nothing was spent (compute_facts 12, 13)
    b = Budget(initial=D(100), adjusted=D(100), executed=D(0), carryover=D(0), three_public_actual=D(0))
    facts = compute_facts(_ev(budget=b), RULES)
    assert facts["三公经费控制率"] is None
    # nothing spent and nothing carried over: 结转结余率 0 (41, 46, 48, 49) …
    assert facts["结转结余率"] == 0
    # … but a carryover with nothing spent has no rate (20 ÷ 0) (47, 48)
    b = Budget(initial=D(100), adjusted=D(100), executed=D(0), carryover=D(20))
    assert compute_facts(_ev(budget=b), RULES)["结转结余率"] is None
    assert _ratio(None, D(1)) is None and _ratio(D(1), None) is None  # _ratio 2


def test_facts_execution_by_kind_of_spending():
    # 执行率 of 基本支出 and 项目支出 apart: 执行数 ÷ 预算数 of each; blank when either is blank
    b = Budget(initial=D(100), adjusted=D(100), executed=D(75), basic=D(40), basic_executed=D(30),
               project=D(60), project_executed=D(45))
    facts = compute_facts(_ev(budget=b), RULES)
    assert facts["执行率_基本支出"] == D("0.75") and facts["执行率_项目支出"] == D("0.75")
    b = Budget(initial=D(100), adjusted=D(100), executed=D(75), basic=D(40), project_executed=D(45))
    facts = compute_facts(_ev(budget=b), RULES)
    assert facts["执行率_基本支出"] is None and facts["执行率_项目支出"] is None


# ------------------------------------------------------------------ problems name the cell


@pytest.mark.parametrize("sources, where", [
    (CELLS, "指标评分!H7"),  # the 实际完成值 cell (_where 3; _score_node 100, 103, 104)
    ({"actual": "指标评分!H7"}, "指标评分!H7"),  # no row known (_where 2)
    ({"row": "指标评分!A7"}, "指标评分!A7"),  # only the row known (_where 4, 5, 6)
    ({}, "指标评分：完成率"),  # nothing known: the indicator's name
])
def test_missing_actual_names_its_cell(sources, where):
    leaf = _ind("完成率", 100, method="正向", target=D(1), sources=sources)
    problems, res = _problems(leaf)
    # _score_node 94, 105, 106
    assert problems == [Problem(where, "实际完成值", "请填写实际完成值，或直接填写得分", ERROR)]
    assert res.score is None


def test_broken_reference_is_one_problem_at_the_actual_cell():
    # 执行率 needs a 年初预算 above 0; the leaf refers to it (_score_node 69, 75, 78–80)
    leaf = _ind("预算执行率", 100, method="正向", target=D(1), actual_ref="执行率", sources=CELLS)
    problems, res = _problems(leaf, Budget(initial=D(0), adjusted=D(100), executed=D(90)))
    assert problems == [Problem("指标评分!H7", "实际完成值",
                                "引用的“执行率”无法计算，请检查预算资金表或直接填写数值", ERROR)]
    assert res.actual is None and res.score is None


def test_typed_actual_wins_over_the_reference():
    # 实际完成值 comes from the referenced figure only when blank (model: actual_ref) (_score_node 62, 81)
    leaf = _ind("预算执行率", 100, method="正向", target=D(1), actual=D("0.95"), actual_ref="执行率")
    problems, res = _problems(leaf)  # 执行率 = 90 ÷ 100 = 0.9
    assert problems == [] and res.actual == D("0.95") and res.suggested == D(95)  # 100 × 0.95
    leaf = _ind("预算执行率", 100, method="正向", target=D(1), actual_ref="执行率")
    problems, res = _problems(leaf)
    assert problems == [] and res.actual == D("0.9") and res.suggested == D(90)


def test_zero_weight_is_left_to_validation():
    # 分值 0 is reported once by validation; scoring neither complains nor scores it (_score_node 83)
    for manual in (None, D(1)):
        leaf = _ind("完成率", 0, method="正向", target=D(1), actual=D(1), manual_score=manual, sources=CELLS)
        problems, res = _problems(leaf)
        assert problems == [] and res.score is None and res.suggested is None


def test_manual_method_without_a_score_asks_for_the_score():
    # 人工: nothing to suggest, so only 得分 is asked for, at its cell (_score_node 88, 184, 186–201)
    leaf = _ind("工作质量", 100, method="人工", sources=CELLS)
    problems, res = _problems(leaf)
    assert problems == [Problem("指标评分!J7", "得分", "人工评分的指标请填写得分", ERROR)]
    assert res.score is None


def test_manual_method_with_a_score_and_an_actual():
    # 人工 suggests nothing even with an 实际完成值; the typed 得分 counts (_score_node 121)
    leaf = _ind("工作质量", 100, method="人工", actual=D(1), manual_score=D(88), sources=CELLS)
    problems, res = _problems(leaf)
    assert problems == [] and res.suggested is None and res.score == 88 and res.rate == D("0.88")


def test_qualitative_uses_the_rules_bands_in_evaluate():
    # rules suggesting 60% for 部分达成: 10 × 0.6 = 6, not the default 7 (_score_node 119)
    rules = RULES.model_copy(update={"qualitative": [
        QualBand(label="达成", lower=D("0.8"), upper=D(1), suggest=D(1)),
        QualBand(label="部分达成", lower=D("0.5"), upper=D("0.8"), suggest=D("0.6")),
        QualBand(label="未达成", lower=D(0), upper=D("0.5"), suggest=D("0.2")),
    ]})
    leaf = _ind("群众满意", 10, method="定性", actual="部分达成")
    res = evaluate(_ev(_l1("一级", 10, leaf)), rules)
    assert res.indicators[0].children[0].suggested == 6


def test_scoring_errors_name_the_field_label_and_severity():
    # a text 实际完成值: the 实际完成值 cell, an error (_score_node 142, 147, 161, 172)
    leaf = _ind("完成率", 100, method="正向", target=D(1), actual="约95", sources=CELLS)
    problems, res = _problems(leaf)
    assert problems == [Problem("指标评分!H7", "实际完成值", "实际完成值应为数字，现为“约95”", ERROR)]
    # the same with a typed 得分: a warning, the 得分 counts (129, 170)
    leaf = _ind("完成率", 100, method="正向", target=D(1), actual="约95", manual_score=D(90), sources=CELLS)
    problems, res = _problems(leaf)
    assert problems == [Problem("指标评分!H7", "实际完成值", "实际完成值应为数字，现为“约95”", WARNING)]
    assert res.score == 90
    # a malformed 评分参数 (README: =PERF_SCORE("阶梯",10,1,0.9,"5%") → that message): the 评分参数 cell (146, 155)
    leaf = _ind("完成率", 100, method="阶梯", target=D(1), actual=D("0.9"), param="5%", sources=CELLS)
    problems, res = _problems(leaf)
    assert problems == [Problem("指标评分!K7", "评分参数", "参数格式应为“5%:2”（每低5%扣2分），现为“5%”", ERROR)]
    # a missing 年度指标值 (正向 needs one): the 年度指标值 cell (_score_node 150, 152–154, 168–170)
    leaf = _ind("完成率", 100, method="正向", actual=D("0.9"), sources={**CELLS, "target": "指标评分!F7"})
    problems, res = _problems(leaf)
    assert problems == [Problem("指标评分!F7", "年度指标值", "缺少年度指标值", ERROR)]


# ------------------------------------------------------------------ the tree


def test_tree_paths_weights_and_rates():
    kids = [_ind("甲", "0.3", level=3, manual_score=D("0.15")), _ind("乙", "0.2", level=3, not_applicable=True)]
    two = _ind("二级", "0.5", children=kids)
    res = evaluate(_ev(_l1("一级", "0.5", two)), RULES)
    one = res.indicators[0]
    # paths (_score_node 1, 19, 50)
    assert [r.path for r in res.walk()] == [("一级",), ("一级", "二级"), ("一级", "二级", "甲"),
                                            ("一级", "二级", "乙")]
    # applicable 分值: a 不适用 leaf counts 0 (IndicatorResult.applicable_weight) (_score_node 60)
    assert [r.applicable_weight for r in res.walk()] == [D("0.3"), D("0.3"), D("0.3"), 0]
    # 得分率 over applicable 分值 below 1 point: 0.15 ÷ 0.3 = 0.5 (_score_node 47)
    assert one.rate == one.children[0].rate == D("0.5")


# ------------------------------------------------------------------ totals, rates, grades


def _scored(name, weight, score=None, **kw):
    """A level-1 indicator with one leaf whose 得分 is typed (or a 不适用 one)."""
    return _l1(name, weight, _ind(name + "·指标", weight, manual_score=None if score is None else D(str(score)), **kw))


def test_total_without_rescaling():
    ev = _ev(_scored("甲", 60, 50), _scored("乙", 40, 41))
    res = evaluate(ev, RULES)
    assert res.evaluation is ev and res.profile is RULES  # evaluate 70, 71
    assert res.weight_total == 100 and res.raw_total == 91  # 73, 74
    assert res.total == 91 and res.rate == D("0.91") and res.grade == "优"  # 55, 56, 58, 76
    assert res.rescaled is False  # all applicable: nothing to rescale (36–39, 78)


def test_not_applicable_level_one_rescales_to_full_marks():
    ev = _ev(_scored("甲", 80, "30.02"), _scored("乙", 20, not_applicable=True))
    res = evaluate(ev, RULES)
    # 30.02 × 100 ÷ 80 = 37.525 → 37.53 half-up (evaluate 43, 45, 46)
    assert res.rescaled is True and res.raw_total == D("30.02") and res.total == D("37.53")
    assert res.rate == D("0.3753") and res.grade == "差"
    # the rules may say not to rescale: 30.02 of 100 (44)
    res = evaluate(ev, RULES.model_copy(update={"rescale_not_applicable": False}))
    assert res.rescaled is False and res.total == D("30.02") and res.rate == D("0.3002")


def test_rescaling_from_an_applicable_weight_of_one_point():
    # 99 of 100 points 不适用: 0.5 of 1 applicable point is 50 of 100 (evaluate 41)
    res = evaluate(_ev(_scored("甲", 99, not_applicable=True), _scored("乙", 1, "0.5")), RULES)
    assert res.rescaled is True and res.total == 50 and res.grade == "差"


def test_everything_not_applicable_scores_zero():
    # nothing applicable: nothing to rescale by (0 ÷ 0) (evaluate 40)
    res = evaluate(_ev(_scored("甲", 60, not_applicable=True), _scored("乙", 40, not_applicable=True)), RULES)
    assert res.rescaled is False and res.total == 0 and res.rate == 0 and res.grade == "差"


def test_rate_base_when_the_weights_miss_the_rules_total():
    # level-1 分值 summing to 90 (a validation error) still give a consistent 得分率:
    # not rescaled: 81 ÷ 90 (evaluate 54) …
    res = evaluate(_ev(_scored("甲", 50, 45), _scored("乙", 40, 36)), RULES)
    assert res.rescaled is False and res.total == 81 and res.rate == D("0.9")
    # … rescaled: 45 × 100 ÷ 50 = 90, of 100 (53)
    res = evaluate(_ev(_scored("甲", 50, 45), _scored("乙", 40, not_applicable=True)), RULES)
    assert res.rescaled is True and res.total == 90 and res.rate == D("0.9") and res.grade == "优"
    # 分值 below one point: 0.4 ÷ 0.8 (60)
    res = evaluate(_ev(_scored("甲", "0.8", "0.4")), RULES)
    assert res.rate == D("0.5")


def test_nothing_scored_is_a_decimal_zero():
    # no indicators / no score yet: totals are Decimal 0, which the score table prints (evaluate 22, 30, 57, 59)
    for ev in (_ev(), _ev(_l1("一级", 100, _ind("完成率", 100, method="正向", target=D(1))))):
        res = evaluate(ev, RULES)
        assert isinstance(res.weight_total, D) and isinstance(res.raw_total, D)
        assert res.raw_total == 0 and res.total == 0 and res.rate == 0 and res.grade == "差"
        assert fmt_number(res.weight_total, 2) == ("0" if not ev.indicators else "100")


def test_grade_follows_the_rules_table():
    rules = RULES.model_copy(update={"grades": [GradeBand(lower=D(90), label="优秀"), GradeBand(lower=D(80), label="良好"),
                                                GradeBand(lower=D(60), label="中等"), GradeBand(lower=D(0), label="较差")]})
    assert evaluate(_ev(_scored("甲", 100, 85)), rules).grade == "良好"  # evaluate 65
    # a negative 得分 (a validation error) still gets the lowest grade, not a crash (66–69)
    assert evaluate(_ev(_scored("甲", 100, -5)), RULES).grade == "差"
    assert evaluate(_ev(_scored("甲", 100, -5)), rules).grade == "较差"


# ================================================================== xlperf.workbook.formulas


def test_score_formula_without_a_not_applicable_cell():
    # 建议得分 is blank when 评分方法 is blank or 人工, 分值 or 实际完成值 blank; the 不适用 test only when a cell is given
    # (formulas.score 1, 28, 29)
    head = '=IF(OR(B7="",B7="人工",C7="",E7=""),"",'
    bands = ("X7", "AF7")
    assert F.score("B7", "C7", "D7", "E7", "F7", 2, band_cells=bands).startswith(head)
    assert F.score("B7", "C7", "D7", "E7", "F7", 2, "", band_cells=bands).startswith(head)
    assert F.score("B7", "C7", "D7", "E7", "F7", 2, "M7", band_cells=bands).startswith('=IF(OR(M7="是",B7="",')


def test_band_gap_at_the_width_limit_and_like_trim():
    # the native 区间 formula reads parameters of at most BAND_WIDTH (99) characters (band_native_gap 7)
    p99 = "≥90." + "0" * 92 + "%:5"
    assert len(p99) == 99 and F.band_native_gap(p99) == ""
    assert F.band_native_gap("≥90." + "0" * 93 + "%:5") == "参数超过99个字符"
    # TRIM makes runs of spaces one space (16) and removes spaces only — a tab stays, and the sheet cannot read it (9)
    assert F.band_native_gap("≥90%:  5;<90%:  0") == ""
    assert F.band_native_gap("\t≥90%:5;<90%:0") == "“\t≥90%:5”的写法无法自动计算，请写成“≥90%:5”的形式（半角数字）"
    # the entry is quoted to 20 characters (44)
    odd = "≥９０." + "０" * 20 + "％：５"
    assert F.band_native_gap(odd) == f"“{odd[:20]}”的写法无法自动计算，请写成“≥90%:5”的形式（半角数字）"
