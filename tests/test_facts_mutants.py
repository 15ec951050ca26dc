"""Every derived figure of xlperf.domain.facts with hand values (issue 19: `make mutate` judges the module by the
fast tests only).

Each figure is the fraction its 计算方法 names (预算资金's column, SCORING.md §3 for 执行率), worked out in the
comment next to the assertion; a figure whose inputs do not allow it is None (blank in the form, no sentence in the
report), never 0 — except where 0 is the answer (nothing spent of a “三公” budget, nothing carried over of nothing).
"""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from xlperf.domain import facts as F
from xlperf.domain.model import Budget, Evaluation, Projects, Satisfaction
from xlperf.domain.profiles import load_profile

RULES = load_profile("")  # the shipped default: 执行率 = 执行数 ÷ 年初预算数
ADJUSTED = RULES.model_copy(update={"exec_denominator": "adjusted"})


def _ev(budget=None, projects=None, satisfaction=None):
    return Evaluation(unit="测试单位", year=2021, indicators=[],
                      budget=budget or Budget(initial=D(80), adjusted=D(100), executed=D(90)),
                      projects=projects or Projects(), satisfaction=satisfaction or Satisfaction())


def test_execution_rate_follows_the_rules_denominator():
    ev = _ev()  # 年初 80, 调整 100, 执行 90
    facts = F.compute_facts(ev, RULES)
    assert facts["执行率"] == facts["执行率_年初"] == D("1.125")  # 90 ÷ 80
    assert facts["执行率_调整"] == D("0.9")  # 90 ÷ 100
    assert F.compute_facts(ev, ADJUSTED)["执行率"] == D("0.9")


@pytest.mark.parametrize("initial, adjusted, rate", [
    (D(80), D(100), D("0.25")),  # |100 − 80| ÷ 80
    (D(100), D(80), D("0.2")),  # |80 − 100| ÷ 100: a cut is an adjustment too, never negative
    (D(100), D(100), D(0)),  # no adjustment
])
def test_adjustment_rate_is_the_size_of_the_change_over_the_initial_budget(initial, adjusted, rate):
    facts = F.compute_facts(_ev(Budget(initial=initial, adjusted=adjusted, executed=D(50))), RULES)
    assert facts["预算调整率"] == rate


def test_adjustment_rate_of_an_import_without_amounts_is_none():
    # `xlperf import` may assemble a budget whose amounts the report did not state
    for initial, adjusted in ((None, D(100)), (D(100), None)):
        ev = SimpleNamespace(budget=SimpleNamespace(initial=initial, adjusted=adjusted))
        assert F._adjust_rate(ev, RULES) is None


def test_a_zero_or_negative_denominator_gives_no_ratio():
    assert F._ratio(D(5), D(0)) is None  # 5 ÷ 0: no figure, not an error
    assert F._ratio(D(5), D(-1)) is None  # a negative budget (an error of its own) gives no rate either
    assert F._ratio(D(3), D(4)) == D("0.75")
    assert F._ratio(D("0.3"), D("0.5")) == D("0.6")  # a denominator below 1 (0.5 万元) is still one
    assert F._ratio(D(1), D(1)) == 1
    assert F._ratio(None, D(4)) is None and F._ratio(D(3), None) is None
    # the default profile's budget: 执行数 over a 年初预算数 of 0 is no rate
    assert F.compute_facts(_ev(Budget(initial=D(0), adjusted=D(0), executed=D(5))), RULES)["执行率"] is None


def test_project_counts_give_their_completion_rates():
    ev = _ev(projects=Projects(total=8, monitored=6, self_evaluated=4, dept_evaluations=5, dept_evaluations_done=2))
    facts = F.compute_facts(ev, RULES)
    assert facts["绩效监控完成率"] == D("0.75")  # 6 ÷ 8
    assert facts["绩效自评完成率"] == D("0.5")  # 4 ÷ 8
    assert facts["部门评价完成率"] == D("0.4")  # 2 ÷ 5
    one = F.compute_facts(_ev(projects=Projects(total=1, monitored=1)), RULES)
    assert one["绩效监控完成率"] == 1  # 1 of 1 project
    blank = F.compute_facts(_ev(projects=Projects(total=0, monitored=0, dept_evaluations_done=1)), RULES)
    assert blank["绩效监控完成率"] is None  # 0 of 0 projects: no rate
    assert blank["绩效自评完成率"] is None  # not filled
    assert blank["部门评价完成率"] is None  # 1 done of an unknown number planned
    assert F._dec(None) is None and F._dec(3) == D(3)


def test_satisfaction_is_the_achieved_figure():
    facts = F.compute_facts(_ev(satisfaction=Satisfaction(target=D("0.9"), achieved=D("0.93"))), RULES)
    assert facts["满意度"] == D("0.93")  # 实际满意度, not the target
    assert F.compute_facts(_ev(), RULES)["满意度"] is None


@pytest.mark.parametrize("budget, actual, control", [
    (D(10), D(8), D("0.8")),  # 实际 8 ÷ 预算 10
    (D(10), D(0), D(0)),  # nothing spent: 0
    (D(0), D(0), D(0)),  # no budget and nothing spent: 0, the control was perfect
    (D(0), D(5), None),  # spent without a budget: no rate
    (None, D(5), None),
    (D(10), None, None),
])
def test_three_public_control_rate(budget, actual, control):
    b = Budget(initial=D(100), adjusted=D(100), executed=D(90), three_public_budget=budget,
               three_public_actual=actual)
    assert F.compute_facts(_ev(b), RULES)["三公经费控制率"] == control


@pytest.mark.parametrize("actual, prev, change", [
    (D(12), D(10), D("0.2")),  # (12 − 10) ÷ 10
    (D(8), D(10), D("-0.2")),  # (8 − 10) ÷ 10
    (D(5), D(0), None),  # nothing last year: no change rate
    (D(5), None, None),
    (None, D(10), None),
])
def test_three_public_change_rate(actual, prev, change):
    b = Budget(initial=D(100), adjusted=D(100), executed=D(90), three_public_actual=actual, three_public_prev=prev)
    assert F.compute_facts(_ev(b), RULES)["三公经费变动率"] == change


def test_every_figure_in_the_order_the_budget_sheet_lists_them():
    # 预算资金 lists them in this order; profiles' ref and the reader accept these keys and labels
    assert list(F.FACT_LABELS) == ["执行率", "执行率_年初", "执行率_调整", "执行率_基本支出", "执行率_项目支出",
                                   "结转结余率", "预算调整率", "三公经费控制率", "三公经费变动率", "绩效监控完成率",
                                   "绩效自评完成率", "部门评价完成率", "满意度"]
    assert list(F.compute_facts(_ev(), RULES)) == list(F.FACT_LABELS)
