"""The derived figures (pure core): each one's key, label, how the form computes it and its value.

A clerk may reference one (``=执行率`` in 实际完成值), the report quotes them, the batch summary prints
some, the workbook builder writes each one's native formula (by key) and a profile's ``ref`` names one.
:mod:`xlperf.domain.evaluate` computes them for a result and :mod:`xlperf.domain.profiles` checks a ``ref`` against them:
both import this module, neither the other (the import cycle evaluate ⇄ profiles is gone).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Callable, Optional

if TYPE_CHECKING:  # annotations only: profiles imports this module
    from .model import Evaluation
    from .profiles import Profile

ZERO = Decimal(0)


def _ratio(num: Optional[Decimal], den: Optional[Decimal]) -> Optional[Decimal]:
    if num is None or den is None or den <= 0:
        return None
    return num / den


def _dec(n: Optional[int]) -> Optional[Decimal]:
    return None if n is None else Decimal(n)


def _exec_rate(ev: Evaluation, profile: Profile) -> Optional[Decimal]:
    b = ev.budget
    return _ratio(b.executed, b.initial if profile.exec_denominator == "initial" else b.adjusted)


def _carryover_rate(ev: Evaluation, profile: Profile) -> Optional[Decimal]:
    b = ev.budget
    return _ratio(b.carryover, b.executed) if b.executed else (ZERO if b.carryover == 0 else None)


def _adjust_rate(ev: Evaluation, profile: Profile) -> Optional[Decimal]:
    b = ev.budget  # (amounts are None only in an evaluation `xlperf import` assembles from a report that omits them)
    return None if b.adjusted is None or b.initial is None else _ratio(abs(b.adjusted - b.initial), b.initial)


def _three_public_control(ev: Evaluation, profile: Profile) -> Optional[Decimal]:
    b = ev.budget
    if b.three_public_actual is None or b.three_public_budget is None:
        return None
    return ZERO if b.three_public_actual == 0 else _ratio(b.three_public_actual, b.three_public_budget)


def _three_public_change(ev: Evaluation, profile: Profile) -> Optional[Decimal]:
    b = ev.budget
    if b.three_public_actual is None or not b.three_public_prev:
        return None
    return (b.three_public_actual - b.three_public_prev) / b.three_public_prev


@dataclass(frozen=True)
class Fact:
    """A derived figure: its name (the form's defined name, a profile's ``ref``, the report's and the batch
    summary's key), its label, how the form computes it (预算资金's 计算方法 column) and its value."""

    key: str
    label: str
    how: str
    value: Callable[[Evaluation, Profile], Optional[Decimal]]


#: Every derived figure, in the order 预算资金 lists them: a clerk may reference one (``=执行率`` in 实际完成值),
#: the report quotes them, the batch summary prints some.  The workbook builder writes each one's native
#: formula (xlperf/workbook/build.py, by key).
FACTS: tuple[Fact, ...] = (
    Fact("执行率", "预算执行率（按规则分母）", "按评分规则的分母（见“设置”）", _exec_rate),
    Fact("执行率_年初", "预算执行率（年初预算）", "执行数 ÷ 年初预算数",
         lambda ev, p: _ratio(ev.budget.executed, ev.budget.initial)),
    Fact("执行率_调整", "预算执行率（调整预算）", "执行数 ÷ 调整预算数",
         lambda ev, p: _ratio(ev.budget.executed, ev.budget.adjusted)),
    Fact("执行率_基本支出", "预算执行率（基本支出）", "基本支出执行数 ÷ 基本支出",
         lambda ev, p: _ratio(ev.budget.basic_executed, ev.budget.basic)),
    Fact("执行率_项目支出", "预算执行率（项目支出）", "项目支出执行数 ÷ 项目支出",
         lambda ev, p: _ratio(ev.budget.project_executed, ev.budget.project)),
    Fact("结转结余率", "结转结余率", "本年结转结余 ÷ 执行数", _carryover_rate),
    Fact("预算调整率", "预算调整率", "|调整预算数 − 年初预算数| ÷ 年初预算数", _adjust_rate),
    Fact("三公经费控制率", "“三公”经费控制率", "实际支出 ÷ 年初预算", _three_public_control),
    Fact("三公经费变动率", "“三公”经费变动率", "(本年 − 上年) ÷ 上年", _three_public_change),
    Fact("绩效监控完成率", "绩效监控完成率", "监控项目数 ÷ 项目数",
         lambda ev, p: _ratio(_dec(ev.projects.monitored), _dec(ev.projects.total))),
    Fact("绩效自评完成率", "绩效自评完成率", "自评项目数 ÷ 项目数",
         lambda ev, p: _ratio(_dec(ev.projects.self_evaluated), _dec(ev.projects.total))),
    Fact("部门评价完成率", "部门评价完成率", "完成数 ÷ 评价数",
         lambda ev, p: _ratio(_dec(ev.projects.dept_evaluations_done), _dec(ev.projects.dept_evaluations))),
    Fact("满意度", "满意度", "等于实际满意度", lambda ev, p: ev.satisfaction.achieved),
)

#: key → label of every derived figure (what profiles' ``ref`` and the reader accept)
FACT_LABELS = {f.key: f.label for f in FACTS}


def compute_facts(ev: Evaluation, profile: Profile) -> dict[str, Optional[Decimal]]:
    """Derived rates (fractions); ``None`` where the inputs do not allow one."""
    return {f.key: f.value(ev, profile) for f in FACTS}
