"""The report context: every sentence, figure and table a report template prints (pure core).

:func:`build_context` turns a scored :class:`~xlperf.evaluate.Result` into a typed
:class:`ReportContext`.  All computing and wording of data-driven sentences happens here, so
templates only place text.  Clerk free text may hold placeholders such as ``{预算执行情况}``; the
one table :data:`PLACEHOLDERS` says which exist.  They are filled by plain text replacement
(clerk text is data, never a template); an unknown ``{名称}`` stays as written and is reported.
Imports neither openpyxl nor xlwings nor Jinja2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Callable, Optional

from ..evaluate import IndicatorResult, Result
from ..model import Evaluation, Indicator
from ..numbers import fmt_money, fmt_number, fmt_percent
from ..problems import WARNING, Problem
from ..profiles import Profile
from .words import cn_count


@dataclass(frozen=True)
class ScoreRow:
    """One row of 各项指标得分情况表 (already formatted)."""

    name: str
    weight: str
    score: str
    rate: str


@dataclass(frozen=True)
class AnalysisBlock:
    """四（二） one level-1 indicator: "1.投入管理指标情况分析" and its paragraphs."""

    number: int
    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Shortfall:
    """An indicator below full marks, with its 偏差原因 / 改进措施 as the clerk gave them."""

    name: str
    weight: str
    score: str
    rate: str
    reason: str
    measure: str
    text: str  # the whole paragraph


@dataclass(frozen=True)
class ChartBar:
    label: str
    rate: float  # 0..1 (for drawing only; 0 when not applicable)
    rate_text: str
    applicable: bool = True  # False: 不适用, drawn without a bar


@dataclass(frozen=True)
class Headings:
    """The report's section headings: the 部门整体 outline, or a 项目支出 one (财预〔2020〕10号's order:
    项目概况, 绩效目标, 自评工作, 评价结论, 指标分析, 偏差与问题, 建议, 经验, 其他)."""

    s1: str
    s1_1: str
    s1_2: str
    s2: str
    s3: str
    s4: str
    s4_1: str
    s4_2: str
    s5: str
    s6: str
    s7: str
    s8: str


#: headings by the profile's kind (部门整体 is the seed report's outline)
HEADINGS = {
    "部门整体": Headings(
        "一、基本情况", "（一）部门年度履职目标及主要任务", "（二）部门年度整体绩效目标、绩效指标设置情况",
        "二、绩效自评工作开展情况", "三、综合评价结论", "四、绩效目标实现情况分析", "（一）部门资金情况分析",
        "（二）部门绩效指标完成情况分析", "五、发现的主要问题和改进措施", "六、绩效自评结果拟应用和公开情况",
        "七、绩效自评工作的经验、问题和建议", "八、其他需要说明的问题"),
    "项目支出": Headings(
        "一、项目基本情况", "（一）项目概况", "（二）项目绩效目标及指标设置情况",
        "二、绩效自评工作开展情况", "三、综合评价情况及评价结论", "四、绩效指标完成情况分析", "（一）项目资金使用情况分析",
        "（二）项目绩效指标完成情况分析", "五、偏差分析及存在的问题", "六、有关建议及自评结果应用",
        "七、主要经验及做法", "八、其他需要说明的问题"),
}


def headings_of(kind: str) -> Headings:
    return HEADINGS.get(kind, HEADINGS["部门整体"])


@dataclass(frozen=True)
class ReportContext:
    unit: str
    year: int
    kind: str  # 部门整体 / 项目支出
    title: str
    headings: Headings  # the section headings of this kind of report
    # 一、基本情况
    duty_goals_text: str
    main_tasks_text: str
    overall_goal_text: str
    indicator_setting: str
    # 二、
    process: list[str]
    # 三、
    total: str
    grade: str
    conclusion: str
    score_rows: list[ScoreRow]
    score_total: ScoreRow
    chart: list[ChartBar]
    # 四、
    funds: list[str]
    funds_compliance: list[str]
    analysis: list[AnalysisBlock]
    # 五、六、
    section5: list[str]
    shortfall_intro: str
    shortfalls: list[Shortfall]
    problems_section: str  # "五" or "六": where 存在的主要问题 / 改进措施 are printed
    problems: list[str]
    measures: list[str]
    application: list[str]
    # 七、八、
    experience: list[str]
    suggestions: list[str]
    other: list[str]
    placeholders: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """Top-level names → values (nested parts stay typed objects)."""
        return {f.name: getattr(self, f.name) for f in fields(self)}


# --------------------------------------------------------------------------- wording helpers

_END = "。；;，,.、 \u3000"
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|[（(][0-9一二三四五六七八九十]+[)）]|"
                        r"[0-9一二三四五六七八九十]+[、.．](?!\d))\s*")


def _bare(text: str) -> str:
    """Item text without trailing punctuation."""
    return text.strip().rstrip(_END)


def _sentence(text: str) -> str:
    """Text ending with a full stop (keeps ！？ and closing quotes as they are)."""
    text = text.strip()
    if not text or text[-1] in "。！？”」）)":
        return text
    return text.rstrip(_END) + "。"


def _unnumbered(text: str) -> str:
    """A list item without the numbering a clerk may have typed (一是 / 1、 / （一）)."""
    return _NUMBERING.sub("", text.strip(), count=1).strip()


def _clean(items: list[str]) -> list[str]:
    return [t.strip() for t in items if t and t.strip()]


def _budget_names(profile: Profile) -> set[str]:
    return {r.name for r in profile.indicators if r.role == "budget"}


def _label(profile: Profile, name: str) -> str:
    rule = profile.rule(name)
    return (rule.setting_label if rule is not None else "") or name


# --------------------------------------------------------------------------- data sentences


class _Fmt:
    """Formatting under one profile's precision."""

    def __init__(self, profile: Profile):
        self.sp, self.rp = profile.score_places, profile.rate_places

    def score(self, d: Optional[Decimal]) -> str:
        return "—" if d is None else fmt_number(d, self.sp)

    def rate(self, d: Optional[Decimal]) -> str:
        return "—" if d is None else fmt_percent(d, self.rp)


def exec_summary(ev: Evaluation, result: Result, f: _Fmt) -> str:
    b = ev.budget
    text = (f"{ev.year}年度，我单位预算年初数为{fmt_money(b.initial)}万元，调整预算数为{fmt_money(b.adjusted)}万元，"
            f"预算执行金额为{fmt_money(b.executed)}万元")
    if result.facts.get("执行率") is not None:
        text += f"，预算执行率{f.rate(result.facts['执行率'])}"
    if result.facts.get("结转结余率") is not None:
        text += f"，结转结余率{f.rate(result.facts['结转结余率'])}"
    return text


def _wan(d: Decimal) -> str:
    return "0" if d == 0 else fmt_money(d)


def three_public(ev: Evaluation, result: Result, f: _Fmt) -> Optional[str]:
    b = ev.budget
    if b.three_public_budget is None or b.three_public_actual is None:
        return None
    return f"“三公经费”年初预算{_wan(b.three_public_budget)}万元，实际支出{_wan(b.three_public_actual)}万元"


def three_public_change(ev: Evaluation, result: Result, f: _Fmt) -> Optional[str]:
    """“三公”经费 against last year (REPORTS.md §2 wording); None without both figures."""
    b = ev.budget
    if b.three_public_actual is None or b.three_public_prev is None:
        return None
    now, prev = b.three_public_actual, b.three_public_prev
    head = f"{ev.year}年“三公”经费支出{_wan(now)}万元，与去年同期{_wan(prev)}万元比"
    if now == prev:
        return head + "持平"
    word, trend = ("增加", "增长") if now > prev else ("减少", "下降")
    text = f"{head}{word}{_wan(abs(now - prev))}万元"
    change = result.facts.get("三公经费变动率")
    return text + (f"，{trend}{f.rate(abs(change))}" if change is not None else "")


def budget_makeup(ev: Evaluation, result: Result, f: _Fmt) -> Optional[str]:
    b = ev.budget
    if b.basic is None and b.project is None:
        return None
    parts = [f"{name}{_wan(v)}万元" for name, v in (("基本支出", b.basic), ("项目支出", b.project)) if v is not None]
    return f"部门预算总金额{_wan(b.adjusted)}万元，其中：" + "，".join(parts)


def perf_management(ev: Evaluation, result: Result, f: _Fmt) -> Optional[str]:
    """项目与绩效管理 in one sentence, from the counts the clerk filled (a blank count is not a 0)."""
    p, facts = ev.projects, result.facts
    parts = []
    if p.total is not None:
        parts.append(f"{ev.year}年我单位共有项目{p.total}个")
    if p.monitored is not None:
        parts.append(f"开展绩效监控项目{p.monitored}个")
        if facts.get("绩效监控完成率") is not None:
            parts.append(f"绩效监控完成率{f.rate(facts['绩效监控完成率'])}")
    if p.self_evaluated is not None:
        parts.append(f"开展绩效自评项目{p.self_evaluated}个")
        if facts.get("绩效自评完成率") is not None:
            parts.append(f"绩效自评完成率{f.rate(facts['绩效自评完成率'])}")
    if not parts:
        return None
    parts.append(f"{ev_kind(result.profile)}绩效自评已完成")
    if p.dept_evaluations:
        parts.append(f"部门绩效评价{p.dept_evaluations}个")
        if facts.get("部门评价完成率") is not None:
            parts.append(f"完成率{f.rate(facts['部门评价完成率'])}")
    return "，".join(parts)


def satisfaction(ev: Evaluation, result: Result, f: _Fmt) -> Optional[str]:
    s = ev.satisfaction
    if s.target is None and s.achieved is None and not s.target_text:
        return None
    head = f"{ev.year}年服务对象满意度"
    target_text = s.target_text.strip() or (f"≥{f.rate(s.target)}" if s.target is not None else "")
    if s.achieved is None:
        return f"{head}年度指标值{target_text}"
    if s.target is None:
        return f"{head}为{f.rate(s.achieved)}" if not target_text else \
            f"{head}年度指标值{target_text}，实际满意度{f.rate(s.achieved)}"
    goal = f"满意度{f.rate(s.target)}的目标"
    if s.achieved == s.target:
        return f"{head}年度指标值{target_text}，完成{goal}"
    if s.achieved > s.target:
        return f"{head}年度指标值{target_text}，实际满意度{f.rate(s.achieved)}，完成{goal}"
    return f"{head}年度指标值{target_text}，实际满意度{f.rate(s.achieved)}，未完成{goal}"


def ev_kind(profile: Profile) -> str:
    return profile.kind or "部门整体"


#: The placeholders a clerk may write in any free text: name → (what it is, how it is computed).
PLACEHOLDERS: dict[str, tuple[str, Callable[[Evaluation, Result, _Fmt], Optional[str]]]] = {
    "年度": ("年度", lambda ev, r, f: str(ev.year)),
    "单位": ("单位名称", lambda ev, r, f: ev.unit),
    "总分": ("总分", lambda ev, r, f: f.score(r.total)),
    "等级": ("评价等级", lambda ev, r, f: r.grade),
    "执行率": ("预算执行率", lambda ev, r, f: None if r.facts.get("执行率") is None else f.rate(r.facts["执行率"])),
    "细化率": ("预算编制细化率（预算资金表）", lambda ev, r, f: ev.budget.detail_rate_text.strip() or None),
    "预算执行情况": ("年初数、调整数、执行金额、执行率、结转结余率", exec_summary),
    "三公经费情况": ("“三公”经费年初预算与实际支出（预算资金表）", three_public),
    "三公经费变动": ("“三公”经费本年与上年支出（预算资金表）", three_public_change),
    "预算构成": ("基本支出、项目支出（预算资金表）", budget_makeup),
    "绩效管理情况": ("项目数、绩效监控、绩效自评、部门评价", perf_management),
    "满意度情况": ("满意度目标与实际（预算资金表）", satisfaction),
}

_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,20})\}")


class _Filler:
    """Fills placeholders in clerk text and records every one it cannot fill."""

    def __init__(self, values: dict[str, Optional[str]], problems: list[Problem]):
        self.values, self.problems = values, problems

    def __call__(self, text: str, where: str) -> str:
        def repl(m: re.Match) -> str:
            name = m.group(1)
            value = self.values.get(name)
            if value is not None:
                return value
            if name in PLACEHOLDERS:
                msg = f"占位符“{{{name}}}”缺少数据（{PLACEHOLDERS[name][0]}），报告中保留原文，请补填"
            else:
                known = "、".join(f"{{{k}}}" for k in PLACEHOLDERS)
                msg = f"未知的占位符“{{{name}}}”，报告中保留原文；可用的占位符：{known}"
            self.problems.append(Problem(where, "文字材料", msg, WARNING))
            return m.group(0)

        return _PLACEHOLDER.sub(repl, text)


def _nar_where(ev: Evaluation, key: str, label: str) -> str:
    nar = ev.narrative
    return nar.where(key) or nar.where(key.split(".")[0]) or f"文字材料：{label}"


# --------------------------------------------------------------------------- sections


def _indicator_setting(ev: Evaluation, profile: Profile, f: _Fmt) -> str:
    budget = _budget_names(profile)
    parts = []
    for ind in ev.indicators:
        if ind.name in budget:
            parts.append(f"{_label(profile, ind.name)}（{f.score(ind.weight)}分）。")
    others = [f"{_label(profile, i.name)}（{f.score(i.weight)}分）" for i in ev.indicators if i.name not in budget]
    if others:
        parts.append("一级指标包括" + "、".join(others) + "。")
    level2 = [c.name for i in ev.indicators for c in i.children if c.level == 2]
    if level2:
        parts.append("二级指标包括" + "、".join(level2) + "。")
    n3 = sum(1 for n in ev.walk() if n.level == 3)
    if n3:
        parts.append(f"另外还包括{cn_count(n3)}三级指标。")
    return "绩效指标设置如下：" + "".join(parts)


def _core_sentence(result: Result, f: _Fmt) -> str:
    """The 核心指标 (a flag some provinces' forms carry) with the score each was given."""
    core = [r for r in result.walk() if r.indicator.core]
    if not core:
        return ""
    parts = [f"“{r.name}”{'不适用' if not r.applicable else f.score(r.score) + '分（分值' + f.score(r.weight) + '分）'}"
             for r in core]
    return "核心指标：" + "，".join(parts) + "。"


def _not_applicable_clause(result: Result, f: _Fmt) -> str:
    """"，其中“效益指标”不适用……按百分制折算" — what the total leaves out, so the table adds up."""
    quoted = lambda names: "、".join(f"“{n}”" for n in names)  # noqa: E731
    whole = [r.name for r in result.indicators if not r.applicable]
    rows = [r.name for r in result.walk()
            if r.indicator.is_leaf and not r.applicable and r.path[0] not in whole]
    parts = []
    if whole:
        text = f"{quoted(whole)}不适用，不参与评价"
        if result.rescaled:
            app = sum((r.weight for r in result.indicators if r.applicable), Decimal(0))
            text += (f"，适用指标得分{f.score(result.raw_total)}分（满分{f.score(app)}分），"
                     f"按百分制折算")
        parts.append(text)
    if rows:
        parts.append(f"{quoted(rows)}不适用，未计分")
    return "，其中" + "；".join(parts) if parts else ""


def _band_sentence(profile: Profile, f: _Fmt) -> str:
    bands = profile.bands  # descending by lower bound
    phrases, upper = [], profile.total
    for lower, label in bands:
        if lower == 0 and len(bands) > 1:
            phrases.append(f"{f.score(upper)}分以下为{label}")
        else:
            incl = "（含）" if lower > 0 else ""
            phrases.append(f"{f.score(lower)}{incl}-{f.score(upper)}分为{label}")
        upper = lower
    return f"按照{ev_kind(profile)}自评工作明确的" + "、".join(phrases) + "的评价等级设置"


def used_placeholders(ev: Evaluation) -> set[str]:
    """Placeholder names the clerk's own text uses anywhere (narrative and indicator reasons)."""
    nar = ev.narrative
    texts: list[str] = [nar.overall_goal, nar.satisfaction_note, *nar.analysis.values()]
    for key in ("duty_goals", "main_tasks", "process", "funds_compliance", "section5", "problems", "measures",
                "experience", "suggestions", "application", "other"):
        texts.extend(getattr(nar, key))
    for ind in ev.walk():
        texts.extend((ind.deviation_reason, ind.improvement))
    return {m.group(1) for t in texts for m in _PLACEHOLDER.finditer(t or "")}


#: Data sentences the report states by itself when the clerk's text does not place them:
#: (placeholder, section) — "funds" = 四（一）, "analysis" = the end of 四（二）.
AUTO_SENTENCES = (("预算构成", "funds"), ("三公经费情况", "funds"), ("三公经费变动", "funds"),
                  ("绩效管理情况", "analysis"), ("满意度情况", "analysis"))


def _auto(values: dict[str, Optional[str]], used: set[str], where: str) -> list[str]:
    return [values[name] + "。" for name, sec in AUTO_SENTENCES
            if sec == where and name not in used and values.get(name)]


def _funds(ev: Evaluation, result: Result, profile: Profile, f: _Fmt) -> list[str]:
    b, facts = ev.budget, result.facts
    main = (f"{ev.year}年度，我单位预算年初数为{fmt_money(b.initial)}万元，调整预算数为{fmt_money(b.adjusted)}万元，"
            f"预算执行金额{fmt_money(b.executed)}万元")
    if facts.get("执行率") is not None:
        main += f"，预算执行率{f.rate(facts['执行率'])}"
    out = [main + "。"]
    if profile.exec_denominator == "initial":
        other, base = facts.get("执行率_调整"), "调整预算数"
    else:
        other, base = facts.get("执行率_年初"), "年初预算数"
    if other is not None and facts.get("执行率") is not None and f.rate(other) != f.rate(facts["执行率"]):
        out.append(f"按{base}计算，预算执行率为{f.rate(other)}。")
    return out


def _analysis(ev: Evaluation, profile: Profile, fill: _Filler, f: _Fmt,
              results: dict[str, IndicatorResult]) -> list[AnalysisBlock]:
    texts = ev.narrative.analysis
    budget = _budget_names(profile)
    blocks: list[AnalysisBlock] = []
    for ind in ev.indicators:
        if ind.name in budget:
            continue
        label = _label(profile, ind.name)
        paras: list[str] = []
        if texts.get(ind.name, "").strip():
            paras.append(fill(texts[ind.name].strip(), _nar_where(ev, f"analysis.{ind.name}", ind.name)))
        else:
            for child in ind.children:
                text = texts.get(child.name, "").strip()
                if text:
                    head = child.name if child.name.endswith("情况") else child.name + "情况"
                    paras.append(f"{head}：" + fill(text, _nar_where(ev, f"analysis.{child.name}", child.name)))
        if not paras:
            r = results.get(ind.name)
            if r is not None and r.score is not None:
                paras.append(f"{label}分值{f.score(r.weight)}分，得分{f.score(r.score)}分，得分率{f.rate(r.rate)}。")
        blocks.append(AnalysisBlock(len(blocks) + 1, f"{label}情况分析", paras))
    return blocks


def _shortfalls(result: Result, fill: _Filler, f: _Fmt) -> list[Shortfall]:
    out = []
    for r in result.walk():
        ind: Indicator = r.indicator
        if r.children or not r.applicable or r.score is None or r.score >= r.weight:
            continue
        where = ind.where("deviation_reason") or ind.where("row") or f"指标评分：{ind.name}"
        reason = fill(ind.deviation_reason.strip(), where)
        measure = fill(ind.improvement.strip(), ind.where("improvement") or where)
        text = f"{ind.name}：分值{f.score(r.weight)}分，得分{f.score(r.score)}分，得分率{f.rate(r.rate)}。"
        if reason:
            text += f"偏差原因：{_sentence(reason)}"
        if measure:
            text += f"改进措施：{_sentence(measure)}"
        out.append(Shortfall(ind.name, f.score(r.weight), f.score(r.score), f.rate(r.rate), reason, measure, text))
    return out


def _with_auto(blocks: list[AnalysisBlock], extra: list[str]) -> list[AnalysisBlock]:
    """Data sentences the clerk's text did not place go at the end of 四（二）, in one paragraph."""
    if not extra or not blocks:
        return blocks
    last = blocks[-1]
    return blocks[:-1] + [replace(last, paragraphs=[*last.paragraphs, "此外，" + "".join(extra)])]


def report_title(ev: Evaluation, profile: Profile) -> str:
    return f"{ev.unit}{ev.year}年度{ev_kind(profile)}绩效自评报告"


def build_context(result: Result) -> tuple[ReportContext, list[Problem]]:
    """The report context of ``result`` and the warnings found while wording it."""
    ev, profile = result.evaluation, result.profile
    f = _Fmt(profile)
    problems: list[Problem] = []
    values = {name: fn(ev, result, f) for name, (_, fn) in PLACEHOLDERS.items()}
    used = used_placeholders(ev)
    fill = _Filler(values, problems)
    nar, std = ev.narrative, profile.standard_text

    def texts(key: str, label: str, *, numbered: bool = False, standard: bool = False) -> list[str]:
        items = _clean(getattr(nar, key))
        if not items and standard:
            items = _clean(std.get(key, []))
        out = []
        for i, t in enumerate(items):
            t = fill(t, _nar_where(ev, f"{key}[{i + 1}]", label))
            out.append(_unnumbered(t) if numbered else t)
        return out

    goals = [_bare(_unnumbered(g)) for g in texts("duty_goals", "部门年度履职目标")]
    goals_label = "项目年度目标" if ev_kind(profile) == "项目支出" else "部门年度履职目标"
    if len(goals) > 1:
        duty = f"{goals_label}：" + "；".join(f"{i}.{g}" for i, g in enumerate(goals, 1)) + "。"
    else:
        duty = f"{goals_label}：{goals[0]}。" if goals else ""
    tasks = [_bare(_unnumbered(t)) for t in texts("main_tasks", "主要任务")]
    main_tasks = "主要任务：" + "；".join(tasks) + "。" if tasks else ""
    goal = _bare(fill(nar.overall_goal, _nar_where(ev, "overall_goal", "年度整体绩效目标")))
    overall = f"年度整体绩效目标是{goal}。" if goal else ""

    kind = ev_kind(profile)
    conclusion = (f"根据{kind}绩效自评相关要求对每个指标分别评分{_not_applicable_clause(result, f)}，"
                  f"我单位{ev.year}年{kind}绩效最终得分为{f.score(result.total)}分。"
                  f"{_band_sentence(profile, f)}，我单位整体绩效评价等级为“{result.grade}”。{_core_sentence(result, f)}")
    # the 分值 actually used: less its 不适用 rows, so that 得分 ÷ 分值 is the 得分率 printed beside it
    rows = [ScoreRow(r.name, f.score(r.applicable_weight if r.applicable else r.weight), f.score(r.score),
                     f.rate(r.rate)) for r in result.indicators]
    total_row = ScoreRow("合计", f.score(result.weight_total), f.score(result.total), f.rate(result.rate))
    chart = [ChartBar(r.name, float(r.rate) if r.rate is not None else 0.0, f.rate(r.rate), r.rate is not None)
             for r in result.indicators]
    by_name = {r.name: r for r in result.indicators}
    shortfalls = _shortfalls(result, fill, f)
    section = ev.options.problems_section.strip() or "六"
    if section not in ("五", "六"):
        problems.append(Problem(ev.options.where("problems_section", "设置"), "问题和措施位置",
                                f"应为“五”或“六”，现为“{section}”，按“六”处理", WARNING))
        section = "六"

    ctx = ReportContext(
        unit=ev.unit,
        year=ev.year,
        kind=kind,
        title=report_title(ev, profile),
        headings=headings_of(kind),
        duty_goals_text=duty,
        main_tasks_text=main_tasks,
        overall_goal_text=overall,
        indicator_setting=_indicator_setting(ev, profile, f),
        process=texts("process", "绩效自评工作开展情况", standard=True),
        total=f.score(result.total),
        grade=result.grade,
        conclusion=conclusion,
        score_rows=rows,
        score_total=total_row,
        chart=chart,
        funds=_funds(ev, result, profile, f) + _auto(values, used, "funds"),
        funds_compliance=texts("funds_compliance", "资金使用合规性", standard=True),
        analysis=_with_auto(_analysis(ev, profile, fill, f, by_name), _auto(values, used, "analysis")),
        section5=texts("section5", "发现的主要问题和改进措施"),
        shortfall_intro="未得满分的指标及其偏差原因、改进措施如下：" if shortfalls else "",
        shortfalls=shortfalls,
        problems_section=section,
        problems=[_sentence(t) for t in texts("problems", "存在的主要问题", numbered=True)],
        measures=[_sentence(t) for t in texts("measures", "改进措施", numbered=True)],
        application=texts("application", "结果应用和公开", standard=True),
        experience=texts("experience", "经验", standard=True),
        suggestions=[_sentence(t) for t in texts("suggestions", "问题和建议", numbered=True)],
        other=texts("other", "其他需要说明的问题", standard=True),
        placeholders={k: v for k, v in values.items() if v is not None},
    )
    return ctx, problems
