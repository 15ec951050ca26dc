"""xlperf.domain.validate with small hand-made evaluations (issue 19: `make mutate` judges the module by fast tests).

Expected values come from SCORING.md (§4 正向 = 分值 × min(实际/目标, 1); §5 定性 bands judged by the evaluator;
§11 the 写明原因 warnings and “a typed score its own rule would not give is a finding”) and from the messages a clerk
sees, worked out by hand next to each assertion.

No survivor of validate.py is left (session 7, s7g: 767 mutants, all killed; docs/mutation.md).  The equivalent
mutants argued here before are gone with the dead code that made them: _typed_against_rule no longer asks whether the
row is a leaf and applicable (only an applicable leaf is ever suggested a score, so ``r.suggested is None`` returns
for the others) nor falls back from ``r.score`` to the typed 得分 (a typed 得分 always gives the score), and _check_tree
sums the children's 分值 without a start (there is one child at least); check 11 is killed by
tests/test_domain_mutants.py test_the_text_review_gets_the_result_check_returns and _check_previous's hint bound is
the rate's sign (tests/test_previous_values.py).

(_example_rows 8, ``ind.actual in (None, "XXXX")``, is killed: a clerk's placeholder “XXXX” is typed text, so the row
is filled — test_a_filled_example_row_is_a_warning_and_keeps_its_other_problems.)
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlperf.domain.model import Budget, Evaluation, Indicator
from xlperf.domain.problems import ERROR, WARNING, Problem
from xlperf.domain.profiles import load_profile
from xlperf.domain.validate import _dedupe, check, validate

RULES = load_profile(None)  # the shipped default: 满分 100, 2 places, 执行率 warning below 90 %
CELLS = {"manual_score": "指标评分!J7", "row": "指标评分!A7", "deviation_reason": "指标评分!L7",
         "improvement": "指标评分!M7", "weight": "指标评分!E7", "name": "指标评分!C7", "actual": "指标评分!H7"}
TYPED = "请核实或在偏差原因中说明"


def _leaf(name="采购执行率", weight=100, **kw):
    kw.setdefault("sources", dict(CELLS))
    return Indicator(name=name, level=2, weight=D(str(weight)), **kw)


def _ev(*leaves, weight=100, budget=None):
    top = Indicator(name="一级", level=1, weight=D(str(weight)), children=list(leaves))
    return Evaluation(unit="测试单位", year=2021, indicators=[top],
                      budget=budget or Budget(initial=D(100), adjusted=D(100), executed=D(95)))


def _typed(ev):
    return [p for p in validate(ev, RULES) if TYPED in p.message]


# ------------------------------------------------------------------ _typed_against_rule


def test_a_typed_score_its_own_rule_would_not_give_is_a_warning_at_the_score_cell():
    # 正向: 100 × min(0.7274 / 1, 1) = 72.74; typed 100
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D("0.7274"), manual_score=D(100)))
    assert _typed(ev) == [Problem("指标评分!J7", "得分", "按正向规则建议72.74分，填写100分，请核实或在偏差原因中说明",
                                  WARNING)]


def test_without_a_score_cell_the_warning_is_at_the_row():
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D("0.7274"), manual_score=D(100),
                   sources={"row": "指标评分!A7", "actual": "指标评分!H7"}))
    assert [p.where for p in _typed(ev)] == ["指标评分!A7"]


def test_the_typed_score_is_compared_as_rounded_to_the_rules_places():
    # 72.744 typed is 72.74 at the rules' 2 places: the suggestion itself, no warning
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D("0.7274"), manual_score=D("72.744")))
    assert _typed(ev) == []
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D("0.7274"), manual_score=D("72.745")))
    # 72.745 rounds half up to 72.75, one hundredth above the suggestion
    assert [p.message for p in _typed(ev)] == ["按正向规则建议72.74分，填写72.75分，请核实或在偏差原因中说明"]


def test_a_typed_score_with_no_suggestion_is_not_questioned():
    # 正向 without a 实际完成值: no suggestion, the typed 得分 stands (SCORING.md §3: the clerk's score wins)
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), manual_score=D(60)))
    assert _typed(ev) == []
    assert [p for p in validate(ev, RULES) if p.severity == ERROR] == []


def test_qualitative_and_manual_rows_are_not_judged_against_a_suggestion():
    # 定性 “一般” is the middle band (50–80 %, SCORING.md §5); 60 of 100 lies inside it though the rule suggests
    # the band's top: the evaluator picks the value inside the band
    ev = _ev(_leaf(method="定性", actual="一般", manual_score=D(60)))
    assert _typed(ev) == [] and [p for p in validate(ev, RULES) if p.label == "得分"] == []
    # 人工 with a 得分系数: the evaluator's typed 得分 wins (SCORING.md §3) and is not questioned
    ev = _ev(_leaf(method="人工", coefficient=D("0.5"), manual_score=D(40)))
    assert _typed(ev) == []
    # … while a 正向 row with the same coefficient is: 100 × 0.5 = 50, typed 40
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1), coefficient=D("0.5"), manual_score=D(40)))
    assert [p.message for p in _typed(ev)] == ["按正向规则建议50分，填写40分，请核实或在偏差原因中说明"]


def test_an_explained_or_agreeing_typed_score_is_not_questioned():
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D("0.7274"), manual_score=D(100),
                   deviation_reason="采购计划调整"))
    assert _typed(ev) == []
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D("0.7274"), manual_score=D("72.74")))
    assert _typed(ev) == []


def test_no_typed_score_warning_on_parents_or_not_applicable_rows():
    # a 不适用 row keeps its typed 得分 out of the total; a parent's 得分 is the sum of its children's
    na = _leaf("不适用行", 50, method="正向", unit="%", target=D(1), actual=D("0.5"), manual_score=D(50),
               not_applicable=True)
    ok = _leaf("适用行", 50, method="正向", unit="%", target=D(1), actual=D(1))
    assert _typed(_ev(na, ok)) == []
    parent = Indicator(name="一级", level=1, weight=D(100), manual_score=D(100),
                       children=[_leaf(method="正向", unit="%", target=D(1), actual=D(1))])
    ev = Evaluation(unit="测试单位", year=2021, indicators=[parent],
                    budget=Budget(initial=D(100), adjusted=D(100), executed=D(95)))
    assert _typed(ev) == []


# ------------------------------------------------------------------ _dedupe


def test_the_same_problem_is_listed_once_in_first_seen_order():
    a = Problem("指标评分!E7", "分值", "甲")
    b = Problem("指标评分!E8", "分值", "乙", WARNING)
    assert _dedupe([a, b, a, b, a]) == [a, b]
    assert _dedupe([]) == []


def test_a_review_finding_twice_is_listed_once():
    same = Problem("文字材料!C9", "文字材料", "占位符{细化率}没有数据", WARNING)
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)))
    _, problems = check(ev, RULES, lambda res: [same, same])
    assert problems.count(same) == 1


# ------------------------------------------------------------------ _check_tree: the indicator tree


def _cells(row):
    return {"weight": f"指标评分!E{row}", "name": f"指标评分!C{row}", "manual_score": f"指标评分!J{row}",
            "row": f"指标评分!A{row}"}


def _node(name, weight, level, *children, row=7, **kw):
    return Indicator(name=name, level=level, weight=D(str(weight)), children=list(children), sources=_cells(row),
                     **kw)


def _tree_problems(*indicators, rules=RULES, labels=("分值", "指标名称", "指标级次", "得分")):
    ev = Evaluation(unit="测试单位", year=2021, indicators=list(indicators),
                    budget=Budget(initial=D(100), adjusted=D(100), executed=D(95)))
    return [p for p in validate(ev, rules) if p.label in labels and TYPED not in p.message]


def _full(name, weight, row, **kw):
    """A leaf that scores in full (正向 100 % of 100 %) so that only the tree's own problems are left."""
    return _node(name, weight, 2, row=row, method="正向", unit="%", target=D(1), actual=D(1), **kw)


@pytest.mark.parametrize("weight", [0, -1])
def test_a_leaf_without_points_is_an_error_at_its_points(weight):
    # 100 = 100 + 0 (or 101 − 1): the sums agree, only the leaf's own 分值 is wrong
    leaves = [_full("甲", 100 - weight, 8), _full("乙", weight, 9)]
    assert _tree_problems(_node("一级", 100, 1, *leaves)) == [Problem("指标评分!E9", "分值", "“乙”的分值须大于0")]


def test_a_leaf_without_points_keeps_its_typed_score_unchecked():
    leaves = [_full("甲", 100, 8), _node("乙", 0, 2, row=9, method="人工", manual_score=D(5))]
    assert _tree_problems(_node("一级", 100, 1, *leaves)) == [Problem("指标评分!E9", "分值", "“乙”的分值须大于0")]


def test_a_blank_name_is_an_error_at_its_name():
    assert _tree_problems(_node("一级", 100, 1, _full("  ", 100, 8))) == [
        Problem("指标评分!C8", "指标名称", "指标名称不能为空")]


@pytest.mark.parametrize("parent_level, child_level, expected", [(1, 1, 2), (2, 2, 3), (2, 1, 3)])
def test_a_child_at_or_above_its_parents_level_is_an_error_at_its_name(parent_level, child_level, expected):
    child = _node("乙", 100, child_level, row=9, method="正向", unit="%", target=D(1), actual=D(1))
    tree = _node("一级", 100, 1, _node("甲", 100, parent_level, child, row=8)) if parent_level == 2 else \
        _node("一级", 100, 1, child)
    assert _tree_problems(tree) == [Problem("指标评分!C9", "指标级次", f"“乙”应为{expected}级指标")]


def test_a_third_level_row_right_under_the_first_is_fine():
    assert _tree_problems(_node("一级", 100, 1, _node("乙", 100, 3, row=9, method="正向", unit="%", target=D(1),
                                                     actual=D(1)))) == []


def test_childrens_points_must_add_up_to_the_parents():
    # 33.3333 + 66.6666 = 99.9999 against 100, written to 4 places
    tree = _node("一级", 100, 1, _full("甲", "33.3333", 8), _full("乙", "66.6666", 9))
    problems = [p for p in _tree_problems(tree) if p.message.startswith("“一级”")]
    assert problems == [Problem("指标评分!E7", "分值", "“一级”的下级指标分值合计99.9999，应等于100")]


def test_one_cause_one_error_up_the_tree():
    # 甲 (50) holds 60 below it: its error.  一级 (100) then holds 甲 50 + 乙 40 = 90 — it misses only through 甲
    # (a deleted 上级 row hands its children up), so it is not reported again
    a = _node("甲", 50, 2, _node("甲一", 60, 3, row=9, method="正向", unit="%", target=D(1), actual=D(1)), row=8)
    b = _node("乙", 40, 2, _node("乙一", 40, 3, row=11, method="正向", unit="%", target=D(1), actual=D(1)), row=10)
    assert _tree_problems(_node("一级", 100, 1, a, b), labels=("分值",)) == [
        Problem("指标评分!E8", "分值", "“甲”的下级指标分值合计60，应等于50")]
    # 乙 first: every child is still checked, and 一级 still not reported again
    assert _tree_problems(_node("一级", 100, 1, b, a), labels=("分值",)) == [
        Problem("指标评分!E8", "分值", "“甲”的下级指标分值合计60，应等于50")]


def test_a_sum_that_misses_is_reported_once_at_its_own_level():
    # every child adds up; 一级 (100) holds 甲 30 + 乙 60 = 90: its own error; 一级 is the top, nothing above it
    tree = _node("一级", 100, 1, _node("甲", 30, 2, _full("甲一", 30, 9), row=8),
                 _node("乙", 60, 2, _full("乙一", 60, 11), row=10))
    assert _tree_problems(tree, labels=("分值",)) == [Problem("指标评分!E7", "分值", "“一级”的下级指标分值合计90，应等于100")]


def test_a_parents_typed_score_is_a_warning_at_it():
    tree = _node("一级", 100, 1, _full("甲", 100, 8), manual_score=D(100))
    assert _tree_problems(tree) == [
        Problem("指标评分!J7", "得分", "“一级”有下级指标，得分由下级汇总，请清空此处得分", WARNING)]


@pytest.mark.parametrize("score, ok", [(D(0), True), (D(10), True), (D("-0.01"), False), (D("10.01"), False)])
def test_a_typed_score_lies_between_0_and_the_points(score, ok):
    leaf = _node("甲", 10, 2, row=8, method="人工", manual_score=score)
    problems = _tree_problems(_node("一级", 100, 1, leaf, _full("乙", 90, 9)))
    assert problems == ([] if ok else [Problem("指标评分!J8", "得分", f"得分须在0-10之间，现为{score}")])


def test_a_row_of_one_point_is_checked_too():
    leaf = _node("甲", 1, 2, row=8, method="人工", manual_score=D(2))
    assert _tree_problems(_node("一级", 100, 1, leaf, _full("乙", 99, 9))) == [
        Problem("指标评分!J8", "得分", "得分须在0-1之间，现为2")]


def test_only_qualitative_rows_are_held_to_a_band():
    # a 正向 row whose 实际完成值 is a word (the engine's own warning) is not judged by the 定性 bands
    leaf = _node("甲", 10, 2, row=8, method="正向", target=D(1), actual="较好", manual_score=D(5))
    problems = [p for p in _tree_problems(_node("一级", 100, 1, leaf, _full("乙", 90, 9))) if "对应得分" in p.message]
    assert problems == []


def test_the_tree_check_without_rules_uses_the_shipped_bands():
    from xlperf.domain.validate import _check_tree

    out = []
    leaf = _node("甲", 10, 2, row=8, method="定性", actual="一般", manual_score=D(9))
    assert _check_tree(leaf, out) is False
    # 一般 is 部分达成 (50–80 %) in the shipped words; 9 of 10 is 90 %
    assert out == [Problem("指标评分!J8", "得分", "“部分达成”对应得分应在分值的50%-80%之间", WARNING)]


@pytest.mark.parametrize("word, score, band", [
    # SCORING.md §5 (the rules' bands): 达成 80–100 % (含80 %), 部分达成 50–80 % (含50 %), 未达成 0–50 %
    ("较好", D(8), None), ("较好", D(10), None), ("较好", D("7.99"), "“达成”对应得分应在分值的80%-100%之间"),
    ("一般", D(5), None), ("一般", D("7.99"), None), ("一般", D(8), "“部分达成”对应得分应在分值的50%-80%之间"),
    ("一般", D("4.99"), "“部分达成”对应得分应在分值的50%-80%之间"),
    ("较差", D(0), None), ("较差", D(5), "“未达成”对应得分应在分值的0%-50%之间"),
    ("说不清", D(5), None),  # no band: the word itself is the problem (the engine's, at 实际完成值)
    ("  ", D(5), None),  # no word: nothing to compare with
])
def test_a_qualitative_score_outside_its_band_is_a_warning(word, score, band):
    leaf = _node("甲", 10, 2, row=8, method="定性", actual=word, manual_score=score)
    problems = _tree_problems(_node("一级", 100, 1, leaf, _full("乙", 90, 9)))
    assert problems == ([] if band is None else [Problem("指标评分!J8", "得分", band, WARNING)])


def test_the_rules_own_qualitative_bands_are_used():
    from xlperf.domain.profiles import QualBand

    rules = RULES.model_copy(update={"qualitative": [
        QualBand(label="好", aliases=["较好"], lower=D("0.9"), upper=D(1), suggest=D(1)),
        QualBand(label="中", aliases=["一般"], lower=D("0.6"), upper=D("0.9"), suggest=D("0.9")),
        QualBand(label="差", aliases=["较差"], lower=D(0), upper=D("0.6"), suggest=D("0.6"))]})
    leaf = _node("甲", 10, 2, row=8, method="定性", actual="一般", manual_score=D("5.5"))
    # 5.5 of 10 is 55 %: inside the shipped 部分达成 (50–80 %), below this rules' 中 (60–90 %)
    assert _tree_problems(_node("一级", 100, 1, leaf, _full("乙", 90, 9)), rules=rules) == [
        Problem("指标评分!J8", "得分", "“中”对应得分应在分值的60%-90%之间", WARNING)]
    assert _tree_problems(_node("一级", 100, 1, leaf, _full("乙", 90, 9))) == []


def test_a_typed_qualitative_score_of_a_numeric_actual_is_not_banded():
    leaf = _node("甲", 10, 2, row=8, method="定性", actual=D("0.5"), manual_score=D(10))
    assert [p for p in _tree_problems(_node("一级", 100, 1, leaf, _full("乙", 90, 9))) if "对应得分" in p.message] == []


# ------------------------------------------------------------------ validate: totals, rows, budget, counts


def _budget(**kw):
    base = dict(initial=D(100), adjusted=D(100), executed=D(95),
                sources={k: f"预算资金!{k}" for k in ("initial", "adjusted", "executed", "carryover", "exec_reason",
                                                     "adjust_reason")})
    return Budget(**{**base, **kw})


def _problems_of(ev, label, rules=RULES):
    return [p for p in validate(ev, rules) if p.label == label]


def test_first_level_points_add_up_to_the_rules_total():
    ev = _ev(_leaf(weight=90, method="正向", unit="%", target=D(1), actual=D(1)), weight=90)
    ev.indicators[0].sources = {"weight": "指标评分!E6"}
    assert _problems_of(ev, "分值") == [Problem("指标评分!E6", "分值", "一级指标分值合计90，应为100")]
    ev.indicators[0].sources = {}
    assert [p.where for p in _problems_of(ev, "分值")] == ["指标评分"]
    empty = Evaluation(unit="测试单位", year=2021, indicators=[], budget=_budget())
    assert _problems_of(empty, "分值") == [Problem("指标评分", "分值", "一级指标分值合计0，应为100")]


def test_first_level_names_other_than_the_rules_are_a_warning():
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)))
    assert _problems_of(ev, "一级指标") == [Problem(
        "指标评分", "一级指标", "一级指标为“一级”，与评分规则“部门整体-河南2021”的“预算执行、投入管理、产出指标、效益指标”不一致",
        WARNING)]
    two = Evaluation(unit="测试单位", year=2021, budget=_budget(), indicators=[
        _node("甲", 60, 1, _full("甲一", 60, 8)), _node("乙", 40, 1, _full("乙一", 40, 10), row=9)])
    assert [p.message for p in _problems_of(two, "一级指标")] == [
        "一级指标为“甲、乙”，与评分规则“部门整体-河南2021”的“预算执行、投入管理、产出指标、效益指标”不一致"]
    free = RULES.model_copy(update={"indicators": []})  # rules without a tree: any names
    assert _problems_of(ev, "一级指标", free) == []


def test_a_row_below_full_marks_asks_for_its_reason_and_measures():
    # 正向: 100 × 0.7274 = 72.74 of 100
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D("0.7274")))
    assert _problems_of(ev, "偏差原因") == [
        Problem("指标评分!L7", "偏差原因", "“采购执行率”未得满分（72.74/100），请说明偏差原因", WARNING)]
    assert _problems_of(ev, "改进措施") == [
        Problem("指标评分!M7", "改进措施", "“采购执行率”未得满分，请填写改进措施", WARNING)]
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D("0.7274"), deviation_reason="采购延期",
                   improvement="  "))
    assert _problems_of(ev, "偏差原因") == [] and len(_problems_of(ev, "改进措施")) == 1
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D("0.7274"), deviation_reason=" ",
                   improvement="提前采购"))
    assert len(_problems_of(ev, "偏差原因")) == 1 and _problems_of(ev, "改进措施") == []


def test_full_marks_unscored_and_not_applicable_rows_ask_for_nothing():
    full = _leaf(method="正向", unit="%", target=D(1), actual=D(1))
    assert _problems_of(_ev(full), "偏差原因") == [] and _problems_of(_ev(full), "改进措施") == []
    unscored = _leaf(method="正向", unit="%", target=D(1))  # no 实际完成值: an error of its own, no score
    assert _problems_of(_ev(unscored), "偏差原因") == []
    na = _leaf("甲", 50, method="正向", unit="%", target=D(1), actual=D("0.5"), not_applicable=True)
    assert _problems_of(_ev(na, _leaf("乙", 50, method="正向", unit="%", target=D(1), actual=D(1))), "偏差原因") == []


def test_a_parent_below_full_marks_asks_nothing_of_its_own():
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D("0.5"), deviation_reason="甲",
                   improvement="乙"))
    assert _problems_of(ev, "偏差原因") == [] and _problems_of(ev, "改进措施") == []


@pytest.mark.parametrize("field, label", [("initial", "年初预算数"), ("adjusted", "调整预算数"), ("executed", "执行数"),
                                          ("carryover", "结转结余")])
def test_negative_amounts_are_errors_where_they_are_typed(field, label):
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)), budget=_budget(**{field: D(-1)}))
    assert Problem(f"预算资金!{field}", label, "不能为负数") in validate(ev, RULES)
    ev.budget.sources = {}
    assert Problem("预算资金", label, "不能为负数") in validate(ev, RULES)


def test_zero_amounts_are_not_negative():
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)), budget=_budget(carryover=D(0)))
    assert [p for p in validate(ev, RULES) if p.message == "不能为负数"] == []


def test_a_budget_of_one_wan_yuan_is_a_budget():
    # 年初预算数 1 万元 (and 0.5): a small budget, not a missing one
    for amount in (D(1), D("0.5")):
        ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)),
                 budget=_budget(initial=amount, adjusted=amount, executed=amount))
        assert [p for p in validate(ev, RULES) if "预算数须大于0" in p.message] == []


def test_without_a_known_cell_the_budget_problem_names_the_sheet():
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)),
             budget=Budget(initial=D(0), adjusted=D(0), executed=D(0)))
    assert _problems_of(ev, "年初预算数") == [Problem("预算资金", "年初预算数", "预算数须大于0，否则无法计算执行率")]


@pytest.mark.parametrize("denominator, field, label", [("initial", "initial", "年初预算数"),
                                                       ("adjusted", "adjusted", "调整预算数")])
def test_the_rules_budget_must_be_above_zero(denominator, field, label):
    rules = RULES.model_copy(update={"exec_denominator": denominator})
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)),
             budget=_budget(**{field: D(0)}, adjust_reason="调整"))
    assert _problems_of(ev, label, rules) == [Problem(f"预算资金!{field}", label, "预算数须大于0，否则无法计算执行率")]
    other = "adjusted" if field == "initial" else "initial"
    # the other budget at 0 does not matter to this rule
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)),
             budget=_budget(**{other: D(0)}, adjust_reason="调整"))
    assert [p for p in validate(ev, rules) if "预算数须大于0" in p.message] == []


@pytest.mark.parametrize("executed, warned", [(D("89.99"), True), (D(90), False)])
def test_a_rate_below_the_rules_limit_asks_for_its_reason(executed, warned):
    # 执行数 ÷ 年初 100: 89.99 % is below the rules' 90 % (SCORING.md §11), 90 % is not
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)), budget=_budget(executed=executed))
    assert _problems_of(ev, "执行率说明") == ([Problem("预算资金!exec_reason", "执行率说明",
                                                   "预算执行率90.0%，低于90%，请说明原因", WARNING)] if warned else [])
    ev.budget.exec_reason = "年底资金未拨付"
    assert _problems_of(ev, "执行率说明") == []


def test_the_rules_own_limit_and_places_are_written():
    rules = RULES.model_copy(update={"exec_warning_below": D("0.95")})
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)), budget=_budget(executed=D("93.46")))
    assert [p.message for p in _problems_of(ev, "执行率说明", rules)] == ["预算执行率93.5%，低于95%，请说明原因"]
    assert _problems_of(ev, "执行率说明") == []  # 93.46 % is above the shipped 90 %


def test_an_adjusted_budget_asks_for_its_reason():
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)), budget=_budget(adjusted=D(120)))
    assert _problems_of(ev, "预算调整说明") == [Problem("预算资金!adjust_reason", "预算调整说明",
                                                  "预算有调整（调整预算数与年初预算数不同），请说明调整原因", WARNING)]
    ev.budget.adjust_reason = "追加项目资金"
    assert _problems_of(ev, "预算调整说明") == []


@pytest.mark.parametrize("executed, adjusted, warned", [(D(101), D(100), True), (D(100), D(100), False),
                                                        (D(5), D(0), False)])
def test_spending_above_the_adjusted_budget_is_a_warning(executed, adjusted, warned):
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)),
             budget=_budget(executed=executed, adjusted=adjusted, adjust_reason="调整"))
    assert _problems_of(ev, "执行数") == ([Problem("预算资金!executed", "执行数", "执行数大于调整预算数，请核对", WARNING)]
                                        if warned else [])


def _counts(**kw):
    from xlperf.domain.model import Projects

    return Projects(**kw, sources={k: f"预算资金!{k}" for k in ("monitored", "self_evaluated", "dept_evaluations_done")})


@pytest.mark.parametrize("field, label", [("monitored", "绩效监控项目数"), ("self_evaluated", "绩效自评项目数")])
def test_project_counts_within_the_number_of_projects(field, label):
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)))
    ev.projects = _counts(total=8, **{field: 9})
    assert _problems_of(ev, label) == [Problem(f"预算资金!{field}", label, "不能大于项目数8")]
    for projects in (_counts(total=8, **{field: 8}), _counts(**{field: 9}), _counts(total=8)):
        ev.projects = projects
        assert _problems_of(ev, label) == []


def test_evaluations_done_within_the_planned():
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)))
    ev.projects = _counts(dept_evaluations=5, dept_evaluations_done=6)
    assert _problems_of(ev, "部门评价完成数") == [
        Problem("预算资金!dept_evaluations_done", "部门评价完成数", "不能大于部门评价数5")]
    for projects in (_counts(dept_evaluations=5, dept_evaluations_done=5), _counts(dept_evaluations_done=6),
                     _counts(dept_evaluations=5)):
        ev.projects = projects
        assert _problems_of(ev, "部门评价完成数") == []


@pytest.mark.parametrize("field, label", [("target", "满意度目标"), ("achieved", "实际满意度")])
def test_satisfaction_within_0_and_100_percent(field, label):
    from xlperf.domain.model import Satisfaction

    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)))
    for value, ok in ((D(0), True), (D(1), True), (D("1.01"), False), (D("-0.01"), False)):
        ev.satisfaction = Satisfaction(**{field: value}, sources={field: f"预算资金!{field}"})
        assert _problems_of(ev, label) == ([] if ok else [Problem(f"预算资金!{field}", label, "应在0-100%之间")])


# ------------------------------------------------------------------ _percent_scales


@pytest.mark.parametrize("target, actual, flagged", [
    (D(6), D("0.06"), True), (D(6), D(0), True), (D(6), D("0.9999"), True),
    (D(6), D(1), False), (D("1.5"), D("0.06"), False), (D("1.51"), D("0.06"), True), (D(6), D("-0.01"), False),
])
def test_a_percent_row_mixing_scales_is_an_error_at_its_actual(target, actual, flagged):
    leaf = _leaf(method="正向", unit="%", target=target, actual=actual, deviation_reason="甲", improvement="乙")
    problems = _problems_of(_ev(leaf), "实际完成值")
    if not flagged:
        assert [p for p in problems if "相差百倍" in p.message] == []
        return
    t, a = f"{target.normalize():f}", f"{actual.normalize():f}"
    # t × 100 % and a × 100 %, worked for the first row: 6 → 600 %, 0.06 → 6 %
    hundred_t = {"6": "600", "1.51": "151"}[t]
    hundred_a = {"0.06": "6", "0": "0", "0.9999": "99.99"}[a]
    assert problems == [Problem("指标评分!H7", "实际完成值",
                                f"计量单位为%，年度指标值{t}按{hundred_t}%计算，实际完成值{a}即{hundred_a}%，"
                                f"两者相差百倍：如目标为{t}%，请把年度指标值填写为“{t}%”")]


def test_only_percent_leaves_with_numbers_are_checked_for_scales():
    for leaf in (_leaf(method="正向", unit="个", target=D(6), actual=D("0.06")),
                 _leaf(method="正向", unit="%", target=D(6), actual="较好"),
                 _leaf(method="正向", unit="%", target_text="≥6", actual=D("0.06"))):
        assert [p for p in validate(_ev(leaf), RULES) if "相差百倍" in p.message] == []


def test_without_known_cells_the_budget_sheets_problems_name_the_sheet():
    # a form read without cell places (JSON, an import): every budget, count and satisfaction problem is shown
    # on 预算资金, the sheet they are typed on
    from xlperf.domain.model import Projects, Satisfaction

    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)),
             budget=Budget(initial=D(2), adjusted=D(1), executed=D(2)))
    # 执行率 2 ÷ 2 = 100 %; 调整 1 ≠ 年初 2 unexplained; 执行 2 > 调整 1
    ev.projects = Projects(total=3, monitored=4, self_evaluated=5, dept_evaluations=1, dept_evaluations_done=2)
    ev.satisfaction = Satisfaction(target=D("1.1"), achieved=D("-0.1"))
    got = [(p.where, p.label) for p in validate(ev, RULES) if p.where.startswith("预算资金")]
    assert got == [("预算资金", "预算调整说明"), ("预算资金", "执行数"), ("预算资金", "绩效监控项目数"),
                   ("预算资金", "绩效自评项目数"), ("预算资金", "部门评价完成数"), ("预算资金", "满意度目标"),
                   ("预算资金", "实际满意度")]
    low = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)),
              budget=Budget(initial=D(100), adjusted=D(100), executed=D(50)))
    assert [(p.where, p.label) for p in validate(low, RULES) if p.where.startswith("预算资金")] == [
        ("预算资金", "执行率说明")]


def test_spending_above_an_adjusted_budget_of_one_wan_yuan_is_a_warning():
    ev = _ev(_leaf(method="正向", unit="%", target=D(1), actual=D(1)),
             budget=_budget(initial=D(1), adjusted=D(1), executed=D(2)))
    assert _problems_of(ev, "执行数") == [Problem("预算资金!executed", "执行数", "执行数大于调整预算数，请核对", WARNING)]


# ------------------------------------------------------------------ the blank form's example rows


EXAMPLE = "示例：年度工作目标完成率"  # one of the shipped rules' example rows (dept-henan-2021.toml)


def test_an_untouched_example_row_is_one_error_at_its_name():
    # no 实际完成值 and no 得分: the “please fill in” it would get is the same cause, so only the example error
    ev = _ev(_leaf(EXAMPLE, 50, method="正向", unit="%", target=D(1)),
             _leaf("乙", 50, method="正向", unit="%", target=D(1), actual=D(1),
                   sources={"row": "指标评分!A8", "name": "指标评分!C8", "actual": "指标评分!H8"}))
    problems = validate(ev, RULES)
    assert [p for p in problems if p.label == "示例行"] == [
        Problem("指标评分!C7", "示例行", "示例行：请改写为本单位的三级指标或删除", ERROR)]
    assert [p for p in problems if p.where == "指标评分!H7"] == []


@pytest.mark.parametrize("filled", [dict(actual=D("0.9")), dict(manual_score=D(40)), dict(actual_ref="执行率"),
                                    dict(actual="XXXX")])  # clerks' placeholder text is typed text too
def test_a_filled_example_row_is_a_warning_and_keeps_its_other_problems(filled):
    ev = _ev(_leaf(EXAMPLE, 100, method="正向", unit="%", target=D(1), **filled))
    problems = validate(ev, RULES)
    assert [p for p in problems if p.label == "示例行"] == [
        Problem("指标评分!C7", "示例行", "示例行：请改写为本单位的三级指标或删除", WARNING)]


def test_a_renamed_example_or_a_parent_of_that_name_is_no_example():
    ev = _ev(_leaf("年度工作目标完成率", 100, method="正向", unit="%", target=D(1)))
    assert [p for p in validate(ev, RULES) if p.label == "示例行"] == []
    parent = Indicator(name=EXAMPLE, level=1, weight=D(100), sources=_cells(6),
                       children=[_leaf("甲", 100, method="正向", unit="%", target=D(1), actual=D(1))])
    ev = Evaluation(unit="测试单位", year=2021, indicators=[parent], budget=_budget())
    assert [p for p in validate(ev, RULES) if p.label == "示例行"] == []


def test_an_untouched_example_keeps_the_problems_of_other_cells():
    # an untouched example with a blank 实际完成值 also at the row of 乙 (no own cells): only its own cell is cleared
    leaf = _leaf(EXAMPLE, 50, method="正向", unit="%", target=D(1), actual_ref="",
                 sources={"name": "指标评分!C7", "actual": "指标评分!H7"})
    other = _leaf("乙", 50, method="正向", unit="%", target=D(1), sources={"actual": "指标评分!H8"})
    problems = validate(_ev(leaf, other), RULES)
    assert [p.where for p in problems if p.label == "实际完成值"] == ["指标评分!H8"]
