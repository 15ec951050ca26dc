"""Score an :class:`~xlperf.model.Evaluation` under a :class:`~xlperf.profiles.Profile` (pure core).

The result holds every figure the workbook, the report and the batch summary print, so that
templates compute nothing.  Problems found while scoring are collected, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterator, Optional

from . import scoring
from .model import Evaluation, Indicator
from .numbers import InputError, round_half_up
from .problems import ERROR, WARNING, Problem
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


#: an indicator's inputs as the 指标评分 sheet labels them (a scoring problem names the one at fault)
_FIELD_LABELS = {"param": "评分参数", "method": "评分方法", "actual": "实际完成值", "target": "年度指标值", "weight": "分值"}


@dataclass
class IndicatorResult:
    indicator: Indicator
    path: tuple[str, ...]
    weight: Decimal
    applicable: bool
    actual: Decimal | str | None = None
    suggested: Optional[Decimal] = None
    score: Optional[Decimal] = None
    rate: Optional[Decimal] = None
    children: list["IndicatorResult"] = field(default_factory=list)
    #: Σ 分值 of the applicable leaves below (the leaf's own 分值, or 0 when 不适用)
    applicable_weight: Decimal = ZERO

    @property
    def name(self) -> str:
        return self.indicator.name

    @property
    def level(self) -> int:
        return self.indicator.level

    @property
    def full_marks(self) -> bool:
        return self.score is not None and self.score >= self.weight

    def walk(self) -> Iterator["IndicatorResult"]:
        yield self
        for c in self.children:
            yield from c.walk()


@dataclass
class Result:
    evaluation: Evaluation
    profile: Profile
    indicators: list[IndicatorResult]
    weight_total: Decimal
    raw_total: Decimal
    total: Decimal
    rate: Decimal
    grade: str
    rescaled: bool
    facts: dict[str, Optional[Decimal]]
    problems: list[Problem]

    def walk(self) -> Iterator[IndicatorResult]:
        for r in self.indicators:
            yield from r.walk()

    @property
    def has_errors(self) -> bool:
        return any(p.severity == ERROR for p in self.problems)


def _where(ind: Indicator, fld: str) -> str:
    return ind.where(fld) or ind.where("row") or f"指标评分：{ind.name}"


def _score_node(
    ind: Indicator, path: tuple[str, ...], profile: Profile, facts: dict, problems: list[Problem]
) -> IndicatorResult:
    path = path + (ind.name,)
    places = profile.score_places
    if ind.children:
        kids = [_score_node(c, path, profile, facts, problems) for c in ind.children]
        applicable = any(k.applicable for k in kids)
        res = IndicatorResult(ind, path, ind.weight, applicable, children=kids)
        scored = [k for k in kids if k.applicable]
        res.applicable_weight = sum((k.applicable_weight for k in scored), ZERO)
        if applicable and all(k.score is not None for k in scored):
            res.score = sum((k.score for k in scored), ZERO)
            # 得分率 over the 分值 of the applicable leaves, however deep the 不适用 ones sit (as the sheet's 适用分值)
            res.rate = res.score / res.applicable_weight if res.applicable_weight > 0 else None
        return res

    res = IndicatorResult(ind, path, ind.weight, not ind.not_applicable)
    res.applicable_weight = ind.weight if res.applicable else ZERO
    actual = ind.actual
    if actual is None and ind.actual_ref:
        actual = facts.get(ind.actual_ref)
        if actual is None:
            problems.append(Problem(_where(ind, "actual"), "实际完成值",
                                    f"引用的“{ind.actual_ref}”无法计算，请检查预算资金表或直接填写数值"))
    res.actual = actual
    if not res.applicable:
        return res
    if ind.weight <= 0:
        return res  # reported by validation
    try:
        if ind.coefficient is not None:  # 得分系数: the row's 得分 is 分值 × 系数, whatever its method
            res.suggested = round_half_up(ind.weight * ind.coefficient, places)
        elif actual is None and ind.method not in ("人工",):
            if ind.manual_score is None and not ind.actual_ref:  # a broken reference is reported above
                problems.append(Problem(_where(ind, "actual"), "实际完成值", "请填写实际完成值，或直接填写得分"))
        else:
            s = scoring.suggest(ind.method, ind.weight, ind.target, actual, ind.param, profile.qualitative_bands)
            res.suggested = None if s is None else round_half_up(s, places)
    except InputError as exc:  # ScoringError says which input is at fault; anything else is the 实际完成值
        sev = WARNING if ind.manual_score is not None else ERROR
        fld = getattr(exc, "field", "") or "actual"
        problems.append(Problem(_where(ind, fld), _FIELD_LABELS.get(fld, "实际完成值"), str(exc), sev))
    if ind.manual_score is not None:
        res.score = round_half_up(ind.manual_score, places)
    else:
        res.score = res.suggested
        if res.score is None and ind.method == "人工":
            problems.append(Problem(_where(ind, "manual_score"), "得分", "人工评分的指标请填写得分"))
    if res.score is not None and ind.weight > 0:
        res.rate = res.score / ind.weight
    return res


def evaluate(ev: Evaluation, profile: Profile) -> Result:
    """Score every indicator, sum the tree, apply not-applicable rescaling and the grade bands."""
    problems: list[Problem] = []
    facts = compute_facts(ev, profile)
    results = [_score_node(i, (), profile, facts, problems) for i in ev.indicators]
    weight_total = sum((r.weight for r in results), ZERO)
    scored = [r for r in results if r.applicable and r.score is not None]
    raw_total = sum((r.score for r in scored), ZERO)
    app_weight = sum((r.weight for r in results if r.applicable), ZERO)
    rescaled = profile.rescale_not_applicable and app_weight < weight_total and app_weight > 0
    total = raw_total * profile.total / app_weight if rescaled else raw_total
    total = round_half_up(total, profile.score_places)
    base = profile.total if rescaled else weight_total
    rate = total / base if base > 0 else ZERO
    try:
        grade = scoring.grade(total, profile.bands)
    except InputError:
        grade = profile.bands[-1][1]
    return Result(ev, profile, results, weight_total, raw_total, total, rate, grade, rescaled, facts, problems)
