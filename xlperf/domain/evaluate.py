"""Score an :class:`~xlperf.domain.model.Evaluation` under a :class:`~xlperf.domain.profiles.Profile` (pure core).

The result holds every figure the workbook, the report and the batch summary print, so that
templates compute nothing.  Problems found while scoring are collected, never raised.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator, Optional

from . import scoring
from .facts import FACT_LABELS, FACTS, Fact, compute_facts  # noqa: F401 - re-exported
from .model import Evaluation, Indicator
from .numbers import InputError, round_half_up
from .problems import ERROR, WARNING, Problem
from .profiles import Profile

ZERO = Decimal(0)


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
        res.applicable_weight = sum(k.applicable_weight for k in kids)  # a 不适用 child adds 0; one child at least
        if applicable and all(k.score is not None for k in scored):
            res.score = sum(k.score for k in scored)  # one applicable child at least
            # 得分率 over the 分值 of the applicable leaves, however deep the 不适用 ones sit (as the sheet's 适用分值):
            # > 0, since a leaf of 分值 ≤ 0 is never scored
            res.rate = res.score / res.applicable_weight
        return res

    res = IndicatorResult(ind, path, ind.weight, not ind.not_applicable)
    res.applicable_weight = ind.weight if res.applicable else ZERO
    actual = ind.actual
    if actual is None and ind.actual_ref:
        actual = facts.get(ind.actual_ref)
        if actual is None:
            problems.append(Problem(ind.place("actual"), "实际完成值",
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
                problems.append(Problem(ind.place("actual"), "实际完成值", "请填写实际完成值，或直接填写得分"))
        else:
            s = scoring.suggest(ind.method, ind.weight, ind.target, actual, ind.param, profile.qualitative_bands)
            res.suggested = None if s is None else round_half_up(s, places)
    except InputError as exc:  # ScoringError says which input is at fault; anything else is the 实际完成值
        sev = WARNING if ind.manual_score is not None else ERROR
        fld = exc.field or "actual"  # every field a ScoringError names is in _FIELD_LABELS
        problems.append(Problem(ind.place(fld), _FIELD_LABELS[fld], str(exc), sev))
    if ind.manual_score is not None:
        res.score = round_half_up(ind.manual_score, places)
    else:
        res.score = res.suggested
        if res.score is None and ind.method == "人工":
            problems.append(Problem(ind.place("manual_score"), "得分", "人工评分的指标请填写得分"))
    if res.score is not None:  # 分值 > 0 here (returned above otherwise)
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
    app_weight = sum(r.weight if r.applicable else ZERO for r in results)  # only compared: 0 for no indicators
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
