"""Cross-field validation of an evaluation: every problem at once, each with its place (pure core).

Errors stop a report; warnings (写明原因 rules from SCORING.md §11) are shown but do not.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from .evaluate import Result, evaluate
from .model import Evaluation, Indicator
from .narrative_checks import stale_years, unwritten_texts
from .numbers import fmt_number, fmt_percent
from .problems import ERROR, WARNING, Problem
from .profiles import Profile
from .scoring import qualitative_band
from .targets import PERCENT_AS_WHOLE
from .numbers import InputError
from .sheets import S_BUDGET, S_IND

ZERO = Decimal(0)


def _num(d: Decimal) -> str:
    return fmt_number(d, 4)


def _check_tree(ind: Indicator, out: list[Problem], bands=None) -> bool:
    """Append the problems of ``ind``'s subtree; True when a 分值 below ``ind`` (or its own) does not add up.

    One cause, one error: a parent whose children's 分值 miss its own only because a child's do (a deleted
    上级 row hands its children to the row above, whose 分值 then misses by theirs — and so does every row
    above it) is not reported again."""
    if ind.weight <= 0:
        out.append(Problem(ind.place("weight"), "分值", f"“{ind.name}”的分值须大于0"))
    if not ind.name.strip():
        out.append(Problem(ind.place("name"), "指标名称", "指标名称不能为空"))
    below = False
    if ind.children:
        for c in ind.children:
            if c.level <= ind.level:
                out.append(Problem(c.place("name"), "指标级次", f"“{c.name}”应为{ind.level + 1}级指标"))
            below = _check_tree(c, out, bands) or below
        s = sum(c.weight for c in ind.children)  # one child at least: a Decimal
        if s != ind.weight and not below:
            out.append(Problem(ind.place("weight"), "分值",
                               f"“{ind.name}”的下级指标分值合计{_num(s)}，应等于{_num(ind.weight)}"))
            below = True
        if ind.manual_score is not None:
            out.append(Problem(ind.place("manual_score"), "得分",
                               f"“{ind.name}”有下级指标，得分由下级汇总，请清空此处得分", WARNING))
    elif ind.manual_score is not None and ind.weight > 0:
        if ind.manual_score < 0 or ind.manual_score > ind.weight:
            out.append(Problem(ind.place("manual_score"), "得分",
                               f"得分须在0-{_num(ind.weight)}之间，现为{_num(ind.manual_score)}"))
        elif ind.method == "定性" and isinstance(ind.actual, str) and ind.actual.strip():
            try:
                band = qualitative_band(ind.actual, bands) if bands else qualitative_band(ind.actual)
            except InputError:
                band = None
            if band is not None:
                frac = ind.manual_score / ind.weight
                top_ok = frac <= band.upper if band.upper >= 1 else frac < band.upper
                if not (frac >= band.lower and top_ok):
                    out.append(Problem(ind.place("manual_score"), "得分",
                                       f"“{band.label}”对应得分应在分值的{fmt_percent(band.lower, 0)}-"
                                       f"{fmt_percent(band.upper, 0)}之间", WARNING))
    return below


def _example_rows(ev: Evaluation, profile: Profile, out: list[Problem]) -> None:
    """The blank form's example rows still named so: an untouched one (no 实际完成值, no 得分) is one error at its
    name — the missing value it would otherwise be asked for is the same cause, so it is not asked for again —
    and one the clerk filled but did not rename is a warning; either way the clerk is told to rewrite or delete it."""
    examples = profile.example_names
    for ind in (i for i in ev.walk() if i.name in examples and i.is_leaf):
        untouched = ind.actual in (None, "") and not ind.actual_ref and ind.manual_score is None
        if untouched:
            out[:] = [p for p in out if p.where != ind.place("actual")]
        out.append(Problem(ind.place("name"), "示例行", "示例行：请改写为本单位的三级指标或删除",
                           ERROR if untouched else WARNING))


def validate(ev: Evaluation, profile: Profile, result: Result | None = None,
             review: Callable[[Result], list[Problem]] | None = None) -> list[Problem]:
    """All problems of ``ev`` under ``profile`` (structure, ranges, 写明原因 warnings).

    ``review`` reviews the clerk's text as the report would print it (:func:`xlperf.report.context.review_text`,
    which the use-case layer passes — :mod:`xlperf.app.load`; :mod:`xlperf.app.check` passes one that keeps the
    context it builds, so a report builds its context once); without one the text is not reviewed."""
    out: list[Problem] = []
    for ind in ev.indicators:
        _check_tree(ind, out, profile.qualitative_bands)
    total_w = sum((i.weight for i in ev.indicators), ZERO)
    if total_w != profile.total:
        where = ev.indicators[0].where("weight") if ev.indicators else S_IND
        out.append(Problem(where or S_IND, "分值",
                           f"一级指标分值合计{_num(total_w)}，应为{_num(profile.total)}"))
    expected = [r.name for r in profile.indicators]
    actual = [i.name for i in ev.indicators]
    if expected and actual != expected:
        out.append(Problem(S_IND, "一级指标",
                           f"一级指标为“{'、'.join(actual)}”，与评分规则“{profile.name}”的“{'、'.join(expected)}”不一致",
                           WARNING))

    res = result or evaluate(ev, profile)
    out.extend(res.problems)
    _example_rows(ev, profile, out)
    for r in res.walk():
        ind = r.indicator
        out.extend(p for p in (_typed_against_rule(r, profile), _percent_scales(ind)) if p is not None)
        if ind.is_leaf and r.applicable and r.score is not None and r.score < r.weight:
            if not ind.deviation_reason.strip():
                out.append(Problem(ind.place("deviation_reason"), "偏差原因",
                                   f"“{ind.name}”未得满分（{_num(r.score)}/{_num(r.weight)}），请说明偏差原因", WARNING))
            if not ind.improvement.strip():
                out.append(Problem(ind.place("improvement"), "改进措施",
                                   f"“{ind.name}”未得满分，请填写改进措施", WARNING))

    b = ev.budget
    for fld, label, val in (("initial", "年初预算数", b.initial), ("adjusted", "调整预算数", b.adjusted),
                            ("executed", "执行数", b.executed), ("carryover", "结转结余", b.carryover)):
        if val < 0:
            out.append(Problem(b.where(fld, S_BUDGET), label, "不能为负数"))
    denom = b.initial if profile.exec_denominator == "initial" else b.adjusted
    denom_fld = "initial" if profile.exec_denominator == "initial" else "adjusted"
    if denom <= 0:
        out.append(Problem(b.where(denom_fld, S_BUDGET), "年初预算数" if denom_fld == "initial" else "调整预算数",
                           "预算数须大于0，否则无法计算执行率"))
    rate = res.facts.get("执行率")
    if rate is not None and rate < profile.exec_warning_below:
        budget_ind = budget_indicator(ev, profile)
        explained = b.exec_reason.strip() or (budget_ind is not None and budget_ind.deviation_reason.strip())
        if not explained:
            out.append(Problem(b.where("exec_reason", S_BUDGET), "执行率说明",
                               f"预算执行率{fmt_percent(rate, 1)}，低于{fmt_percent(profile.exec_warning_below, 0)}，请说明原因",
                               WARNING))
    if b.adjusted != b.initial and not b.adjust_reason.strip():
        out.append(Problem(b.where("adjust_reason", S_BUDGET), "预算调整说明",
                           "预算有调整（调整预算数与年初预算数不同），请说明调整原因", WARNING))
    if b.executed > b.adjusted > 0:
        out.append(Problem(b.where("executed", S_BUDGET), "执行数", "执行数大于调整预算数，请核对", WARNING))

    p = ev.projects
    for fld, label, val in (("monitored", "绩效监控项目数", p.monitored), ("self_evaluated", "绩效自评项目数", p.self_evaluated)):
        if val is not None and p.total is not None and val > p.total:
            out.append(Problem(p.where(fld, S_BUDGET), label, f"不能大于项目数{p.total}"))
    if (p.dept_evaluations_done is not None and p.dept_evaluations is not None
            and p.dept_evaluations_done > p.dept_evaluations):
        out.append(Problem(p.where("dept_evaluations_done", S_BUDGET), "部门评价完成数",
                           f"不能大于部门评价数{p.dept_evaluations}"))
    s = ev.satisfaction
    for fld, label, val in (("target", "满意度目标", s.target), ("achieved", "实际满意度", s.achieved)):
        if val is not None and not (0 <= val <= 1):
            out.append(Problem(s.where(fld, S_BUDGET), label, "应在0-100%之间"))
    out.extend(_check_previous(ev, profile))
    # the clerk's text as the report would print it: placeholders, braces, lead-ins, empty sections
    if review is not None:
        out.extend(review(res))
    return _dedupe(out)


#: a 上年 “三公”经费 spend more than this many times this year's budget is a typing error (元 for 万元 …)
THREE_PUBLIC_PREV_LIMIT = 10


def _check_previous(ev: Evaluation, profile: Profile) -> list[Problem]:
    """上年情况 and 上年得分: blank is fine (unknown); what is filled — typed, or brought by ``xlperf import`` —
    must be a possible figure, else an error at its cell: the report would print it in its 同比 sentences
    (a stated 执行率 of 92 read as a fraction is 9200 %)."""
    pv, out = ev.previous, []
    if pv.year is not None and pv.year >= ev.year:
        out.append(Problem(pv.where("year", S_BUDGET), "上年年度", f"应早于本年度{ev.year}，现为{pv.year}"))
    if pv.total is not None and not ZERO <= pv.total <= profile.total:
        out.append(Problem(pv.where("total", S_BUDGET), "上年总分",
                           f"应在0-{_num(profile.total)}之间，现为{_num(pv.total)}"))
    if pv.exec_rate is not None and not ZERO <= pv.exec_rate <= 1:
        # above 1 (a negative rate is no percentage typed as a number), up to 100: “92” meant 92 %
        hint = (f"；如指{_num(pv.exec_rate)}%，请填写“{_num(pv.exec_rate)}%”"
                if not pv.exec_rate.is_signed() and pv.exec_rate <= 100 else "")
        out.append(Problem(pv.where("exec_rate", S_BUDGET), "上年预算执行率",
                           f"应在0-100%之间，现为{fmt_percent(pv.exec_rate, 2)}{hint}"))
    # (a negative or fractional 上年项目数 never gets here: the reader and the model refuse it at its cell)
    b = ev.budget
    if b.three_public_prev is not None:
        where = b.where("three_public_prev", S_BUDGET)
        limit = (b.three_public_budget or ZERO) * THREE_PUBLIC_PREV_LIMIT
        if b.three_public_prev < 0:
            out.append(Problem(where, "“三公”经费上年支出", f"不能为负数，现为{_num(b.three_public_prev)}"))
        elif limit > 0 and b.three_public_prev > limit:
            out.append(Problem(where, "“三公”经费上年支出",
                               f"{_num(b.three_public_prev)}万元超过本年“三公”经费预算{_num(b.three_public_budget)}万元的"
                               f"{THREE_PUBLIC_PREV_LIMIT}倍，请核对（金额单位为万元）"))
    for ind in ev.walk():
        if ind.prev_score is not None and not ZERO <= ind.prev_score <= ind.weight:
            out.append(Problem(ind.place("prev_score"), "上年得分",
                               f"应在0-{_num(ind.weight)}之间（“{ind.name}”的分值），现为{_num(ind.prev_score)}"))
    labels = [label for _, label in profile.bands]
    if pv.grade and pv.grade not in labels:
        out.append(Problem(pv.where("grade", S_BUDGET), "上年等级",
                           f"“{pv.grade}”不是评分规则中的等级（{'、'.join(labels)}），报告只写“由…变为…”，不比较高低",
                           WARNING))
    return out


def _percent_scales(ind: Indicator) -> Problem | None:
    """A % row whose 年度指标值 is a whole number (6, i.e. 600 %) and whose 实际完成值 is a fraction below 1 (0.06:
    6 typed where the cell takes percentages) mixes two scales a hundred times apart: scored as written it
    loses nearly all its points, with only a 未得满分 warning.  An error at the 实际完成值 (issue 21 §3)."""
    t, a = ind.target, ind.actual
    if not (ind.is_leaf and ind.unit == "%" and isinstance(t, Decimal) and isinstance(a, Decimal)
            and t > PERCENT_AS_WHOLE and ZERO <= a < 1):
        return None
    return Problem(ind.place("actual"), "实际完成值",
                   f"计量单位为%，年度指标值{_num(t)}按{_num(t * 100)}%计算，实际完成值{_num(a)}即{_num(a * 100)}%，"
                   f"两者相差百倍：如目标为{_num(t)}%，请把年度指标值填写为“{_num(t)}%”")


def _typed_against_rule(r, profile: Profile) -> Problem | None:
    """A typed 得分 that its own row's rule would not give (full marks next to 72.74 % of a 100 % target),
    unexplained: a warning at the 得分 cell with the rule's suggestion.  定性 rows are judged by their
    band instead (the evaluator picks a value inside it)."""
    ind = r.indicator
    # only an applicable leaf is suggested a score (so parents and 不适用 rows return here); a typed 得分 is its score
    if (ind.manual_score is None or r.suggested is None
            or ind.method in ("定性", "人工") or ind.deviation_reason.strip()):
        return None
    typed = r.score
    if typed == r.suggested:
        return None
    places = profile.score_places
    return Problem(ind.place("manual_score"), "得分",
                   f"按{ind.method}规则建议{fmt_number(r.suggested, places)}分，填写{fmt_number(typed, places)}分，"
                   "请核实或在偏差原因中说明", WARNING)


def budget_indicator(ev: Evaluation, profile: Profile) -> Indicator | None:
    """The level-1 indicator the profile marks as 预算执行 (role = "budget")."""
    names = {r.name for r in profile.indicators if r.role == "budget"}
    return next((i for i in ev.indicators if i.name in names), None)


def _dedupe(problems: list[Problem]) -> list[Problem]:
    seen, out = set(), []
    for p in problems:
        if p not in seen:
            seen.add(p)
            out.append(p)
    return out


def check(ev: Evaluation, profile: Profile,
          review: Callable[[Result], list[Problem]] | None = None) -> tuple[Result, list[Problem]]:
    """Score and validate in one call: the result and every problem (errors first); ``review`` as in
    :func:`validate`."""
    res = evaluate(ev, profile)
    problems = validate(ev, profile, res, review) + stale_years(ev) + unwritten_texts(ev)
    problems.sort(key=lambda p: p.severity != ERROR)
    return res, problems
