"""The report context: every sentence, figure and table a report template prints (pure core).

:func:`build_context` turns a scored :class:`~xlperf.domain.evaluate.Result` into a typed
:class:`ReportContext`.  All computing and wording of data-driven sentences happens here, so
templates only place text.  Clerk free text may hold placeholders such as ``{预算执行情况}``; the
one table :data:`PLACEHOLDERS` says which exist.  They are filled by plain text replacement
(clerk text is data, never a template); an unknown ``{名称}`` or one without data is an error at its
cell (:data:`NEEDS` names the data it waits for), so no raw placeholder reaches a report.
Imports neither openpyxl nor xlwings nor Jinja2.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field, fields, replace
from decimal import Decimal
from typing import Callable, Optional

from ..domain.evaluate import IndicatorResult, Result
from ..domain.model import Evaluation, Indicator
from ..domain.numbers import NumberFormat
from ..domain.problems import ERROR, WARNING, Problem
from ..domain.outlines import Block, Outline, Section, outline_for
from ..domain.profiles import Profile
from .sentences import SENTENCES, figures_of
from .sentences import satisfaction_name
from .words import (cn_count, cn_item, cn_number, cn_sub, exact_count, fullwidth_punctuation, is_lead_in,
                    lead_in_sentence, official_spelling, one_self_word, self_word, states_figure, without_lead_in)


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
class Part:
    """One piece of the report in print order, as the outline lays it out: a heading (``level`` 1 “一、”,
    2 “（一）”, 3 “1.”), a paragraph, the score table (``text`` = its caption), the chart, or a line of the
    落款 (``signature``: the unit, then the date — printed right-aligned, GB/T 9704 7.3.5)."""

    kind: str  # "heading", "text", "table", "chart", "signature"
    text: str = ""
    level: int = 0


_OWN_NUMBERING = r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．])\s*"


class Headings(dict):
    """Section id → heading with its number; also read as attributes (``headings.s1``), as templates and
    callers written for the 部门整体 outline do."""

    def __getattr__(self, key: str) -> str:
        try:
            return self[key]
        except KeyError as exc:
            raise AttributeError(key) from exc


def own_headings(outline: Outline, own: dict[str, str]) -> Headings:
    """Section id → heading, a department's own wording kept (narrative.headings): the outline's numbering,
    the department's words — “（一）部门职能” where the outline says “（一）部门年度履职目标及主要任务”."""
    heads = outline.headings()
    for s in outline.sections:
        words = re.sub(_OWN_NUMBERING, "", own.get(s.id) or "").strip()
        if words:
            heads[s.id] = s.number + words
    return Headings(heads)


@dataclass(frozen=True)
class ReportContext:
    unit: str
    year: int
    kind: str  # 部门整体 / 项目支出
    title: str
    headings: Headings  # section id (outline) → heading with its number: headings.s1 = “一、基本情况”
    body: list[Part]  # the whole report in print order, laid out by the outline (what the default templates print)
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
    self_word: str = "我单位"  # how the report speaks of the unit (基本情况 本单位简称/自称, or from its name)
    signature: list[str] = field(default_factory=list)  # 落款: [unit, date] ([] when 设置 turns it off)

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
# (their wording and figures are defined once, in .sentences; the importer reads them from there)

def _say(name: str, ev: Evaluation, result: Result, f: NumberFormat, **extra) -> Optional[str]:
    """The automatic sentence ``name`` for this evaluation (``extra``: figures the report decides)."""
    return SENTENCES[name].render({**figures_of(ev, result), **extra}, f)


def exec_summary(ev: Evaluation, result: Result, f: NumberFormat) -> Optional[str]:
    return _say("预算执行情况", ev, result, f)


def three_public(ev: Evaluation, result: Result, f: NumberFormat) -> Optional[str]:
    return _say("三公经费情况", ev, result, f)


def three_public_change(ev: Evaluation, result: Result, f: NumberFormat) -> Optional[str]:
    """“三公”经费 against last year (REPORTS.md §2 wording); None without both figures."""
    return _say("三公经费变动", ev, result, f)


def budget_makeup(ev: Evaluation, result: Result, f: NumberFormat) -> Optional[str]:
    return _say("预算构成", ev, result, f)


def perf_management(ev: Evaluation, result: Result, f: NumberFormat) -> Optional[str]:
    """项目与绩效管理 in one sentence, from the counts the clerk filled (a blank count is not a 0)."""
    return _say("绩效管理情况", ev, result, f)


def satisfaction(ev: Evaluation, result: Result, f: NumberFormat) -> Optional[str]:
    return _say("满意度情况", ev, result, f)


def ev_kind(profile: Profile) -> str:
    return profile.kind or "部门整体"


# --------------------------------------------------------------------------- year on year (上年情况)


def score_change(ev: Evaluation, result: Result, f: NumberFormat) -> Optional[str]:
    """总分 against 上年总分: “较上年（88.5分）提高2.5分”; None without 上年总分."""
    return _say("总分同比", ev, result, f)


def grade_change(ev: Evaluation, result: Result, f: NumberFormat) -> Optional[str]:
    """等级 against 上年等级: “等级由“良”提升为“优””, “与上年同为“优””; a 上年等级 outside this form's grade
    table (another year's rules) is only said to have changed (“变为”)."""
    return _say("等级同比", ev, result, f)


def exec_rate_change(ev: Evaluation, result: Result, f: NumberFormat) -> Optional[str]:
    """预算执行率 against 上年预算执行率 in percentage points: “较上年（85.00%）提高5.00个百分点”."""
    return _say("执行率同比", ev, result, f)


def projects_change(ev: Evaluation, result: Result, f: NumberFormat) -> Optional[str]:
    """项目数 against 上年项目数: “较上年（25个）增加4个”."""
    return _say("项目数同比", ev, result, f)


#: placeholders that state what another one states (a clerk's {三公经费同比} places the “三公”经费 change)
SAME_AS = {"三公经费同比": "三公经费变动"}


def _with_projects_change(ev: Evaluation, result: Result, f: NumberFormat, values: dict[str, Optional[str]],
                          used: set[str]) -> None:
    """The 项目数 change goes with the 项目数 in the 绩效管理情况 sentence, unless {项目数同比} places it."""
    change = values.get("项目数同比")
    if change and values.get("绩效管理情况") and "项目数同比" not in used:
        values["绩效管理情况"] = _say("绩效管理情况", ev, result, f, **{"say.projects_change": change})


def _yoy_conclusion(values: dict[str, Optional[str]], used: set[str]) -> str:
    """After the conclusion's 等级 sentence: the 总分 and 等级 changes the clerk's text did not place."""
    say = {f"say.{key}": values.get(name) if name not in used else None
           for key, name in (("score", "总分同比"), ("grade", "等级同比"))}
    text = SENTENCES["总分等级同比"].render(say, NumberFormat())  # (its figures are words: no places to follow)
    return text + "。" if text else ""


#: The placeholders a clerk may write in any free text: name → (what it is, how it is computed).
PLACEHOLDERS: dict[str, tuple[str, Callable[[Evaluation, Result, NumberFormat], Optional[str]]]] = {
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
    "总分同比": ("总分与上年比较（需填上年总分）", score_change),
    "等级同比": ("等级与上年比较（需填上年等级）", grade_change),
    "执行率同比": ("预算执行率与上年比较（需填上年预算执行率）", exec_rate_change),
    "项目数同比": ("项目数与上年比较（需填项目数、上年项目数）", projects_change),
    "三公经费同比": ("“三公”经费本年与上年支出（同“三公经费变动”）", three_public_change),
}

#: What a placeholder needs, named as the form names it: the message of a placeholder that has no data
#: (an error: the report never prints a raw {名称}).
NEEDS: dict[str, str] = {
    "年度": "基本情况表的“年度”",
    "单位": "基本情况表的“单位名称”",
    "总分": "指标评分表各末级指标的得分",
    "等级": "指标评分表各末级指标的得分",
    "执行率": "预算资金表的“调整预算数（全年预算数）”和“预算执行金额（执行数）”",
    "细化率": "预算资金表的“预算编制细化率（表述）”",
    "预算执行情况": "预算资金表的“年初预算数”“调整预算数（全年预算数）”“预算执行金额（执行数）”",
    "三公经费情况": "预算资金表的“三公”经费年初预算和实际支出",
    "三公经费变动": "预算资金表的“三公”经费实际支出和上年支出",
    "预算构成": "预算资金表的“其中：基本支出”和“其中：项目支出”",
    "绩效管理情况": "预算资金表的“项目数”等项目与绩效管理数字",
    "满意度情况": "预算资金表的“满意度目标值”和“实际满意度”",
    "总分同比": "预算资金表的“上年总分”",
    "等级同比": "预算资金表的“上年等级”",
    "执行率同比": "预算资金表的“上年预算执行率”",
    "项目数同比": "预算资金表的“项目数”和“上年项目数”",
    "三公经费同比": "预算资金表的“三公”经费实际支出和上年支出",
}

#: a placeholder: {名称} or ｛名称｝ (full-width braces, as a Chinese input method types them)
_PLACEHOLDER = re.compile(r"[{｛]\s*([^{}｛｝\s]{1,20})\s*[}｝]")
#: any pair of braces (what is left of a text after its placeholders is searched for lone braces)
_BRACES = re.compile(r"[{｛][^{}｛｝]*[}｝]")
_WORD_AFTER = re.compile(r"[^\s，。；、：,.;:{}｛｝]{0,10}")
_WORD_BEFORE = re.compile(r"[^\s，。；、：,.;:{}｛｝]{0,10}$")


def _known() -> str:
    return "、".join(f"{{{k}}}" for k in PLACEHOLDERS)


def brace_problems(text: str, where: str) -> list[Problem]:
    """Problems about braces in clerk text that are no placeholder, each naming the placeholders there are:
    an unknown {名称} or an empty {} is an error (the report would print it raw); a brace without its partner
    (“{等级”, “等级}”) is a warning."""
    out = []
    for m in _BRACES.finditer(text):
        name = m.group(0)[1:-1].strip()
        if not name:
            out.append(Problem(where, "文字材料", f"空的花括号“{m.group(0)}”，报告不能照印：请删去或写成占位符；"
                                                f"占位符写作{{名称}}，可用的占位符：{_known()}", ERROR))
        elif name not in PLACEHOLDERS:
            out.append(Problem(where, "文字材料", f"未知的占位符“{m.group(0)}”，报告不能照印：请改正或删去花括号；"
                                                f"可用的占位符：{_known()}", ERROR))
    rest = _BRACES.sub(lambda m: "\0" * len(m.group(0)), text)  # same length: positions still match
    for m in re.finditer(r"[{｛}｝]", rest):
        i = m.start()
        if m.group(0) in "{｛":
            bit, missing = text[i] + _WORD_AFTER.match(text, i + 1).group(0), "右花括号“}”"
        else:
            bit, missing = _WORD_BEFORE.search(text[:i]).group(0) + text[i], "左花括号“{”"
        out.append(Problem(where, "文字材料", f"“{bit}”缺少{missing}，报告中照原样保留；占位符写作{{名称}}，"
                                            f"可用的占位符：{_known()}", WARNING))
    return out


class _Filler:
    """Fills placeholders in clerk text, records every one it cannot fill (an error: no raw {名称} is ever
    printed) and every lone brace (a warning), and puts
    the text in the report's spelling: “三公”经费, and full-width punctuation unless 设置 turns it off."""

    def __init__(self, values: dict[str, Optional[str]], problems: list[Problem], fullwidth: bool = True,
                 self_name: str = ""):
        self.values, self.problems, self.fullwidth, self.self_name = values, problems, fullwidth, self_name

    def __call__(self, text: str, where: str) -> str:
        def repl(m: re.Match) -> str:
            name = m.group(1)
            value = self.values.get(name)
            if value is not None:
                return value
            if name in PLACEHOLDERS:
                msg = f"占位符“{{{name}}}”缺少数据，报告不能照印：请填写{NEEDS[name]}，或删去这个占位符"
                self.problems.append(Problem(where, "文字材料", msg, ERROR))
            return m.group(0)

        self.problems.extend(brace_problems(text, where))
        if self.self_name:  # the clerk's words only: a placeholder's sentence says it as it is defined
            text = one_self_word(text, self.self_name)
        text = _PLACEHOLDER.sub(repl, text)
        if self.fullwidth:
            text = fullwidth_punctuation(text)
        return official_spelling(text)


def _nar_where(ev: Evaluation, key: str, label: str) -> str:
    """The cell of one text (``process[2]``, ``analysis.绩效管理``), else its 栏目's first cell (``process``),
    else a place name."""
    nar = ev.narrative
    return nar.where(key) or nar.where(re.split(r"[.\[]", key, maxsplit=1)[0]) or f"文字材料：{label}"


# --------------------------------------------------------------------------- sections


def _indicator_setting(ev: Evaluation, profile: Profile, f: NumberFormat) -> str:
    """一（二）'s sentences on the indicator system: whole sentences and the exact number of 三级指标
    (``options.legacy_wording``: the old “绩效指标设置如下：预算情况（10分）。……另外还包括二十多个三级指标。”)."""
    budget = _budget_names(profile)
    heads = [f"{_label(profile, i.name)}（{f.score(i.weight)}分）" for i in ev.indicators if i.name in budget]
    others = [f"{_label(profile, i.name)}（{f.score(i.weight)}分）" for i in ev.indicators if i.name not in budget]
    level2 = [c.name for i in ev.indicators for c in i.children if c.level == 2]
    n3 = sum(1 for n in ev.walk() if n.level == 3)
    if ev.options.legacy_wording:
        parts = [h + "。" for h in heads]
        if others:
            parts.append("一级指标包括" + "、".join(others) + "。")
        if level2:
            parts.append("二级指标包括" + "、".join(level2) + "。")
        if n3:
            parts.append(f"另外还包括{cn_count(n3)}三级指标。")
        return "绩效指标设置如下：" + "".join(parts)
    sentences = []
    if others:
        first = "、".join(heads) + "和" if heads else ""
        sentences.append(f"绩效指标包括{first}{'、'.join(others)}{cn_number(len(others))}个一级指标")
    elif heads:
        sentences.append("绩效指标包括" + "、".join(heads))
    if level2:
        sentences.append("二级指标包括" + "、".join(level2))
    if n3:
        sentences.append(f"三级指标共{exact_count(n3)}")
    return "。".join(sentences) + "。" if sentences else ""


def _core_sentence(result: Result, f: NumberFormat) -> str:
    """The 核心指标 (a flag some provinces' forms carry) with the score each was given."""
    core = [r for r in result.walk() if r.indicator.core]
    if not core:
        return ""
    parts = [f"“{r.name}”{'不适用' if not r.applicable else f.score(r.score) + '分（分值' + f.score(r.weight) + '分）'}"
             for r in core]
    return "核心指标：" + "，".join(parts) + "。"


def _not_applicable_clause(result: Result, f: NumberFormat) -> str:
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


def _band_sentence(profile: Profile, f: NumberFormat) -> str:
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
    for _, items in nar.all_items():
        texts.extend(items)
    for ind in ev.walk():
        texts.extend((ind.deviation_reason, ind.improvement))
    return {m.group(1) for t in texts for m in _PLACEHOLDER.finditer(t or "")}


#: Data sentences the report states by itself when the clerk's text does not place them:
#: (placeholder, section) — "funds" = 四（一）, "analysis" = the end of 四（二）.  A sentence is also left out
#: when the clerk's text of 四 already states its figure (:func:`_auto`), and the two “三公”经费 ones are one.
AUTO_SENTENCES = (("预算构成", "funds"), ("三公经费情况", "funds"), ("三公经费变动", "funds"),
                  ("绩效管理情况", "analysis"), ("满意度情况", "analysis"))


def _three_public_auto(ev: Evaluation, result: Result, f: NumberFormat, used: set[str], said: str) -> Optional[str]:
    """One sentence for the “三公”经费: 年初预算, 实际支出 and the change on last year — each part only when
    neither a placeholder nor the clerk's words state it already (so 4.20万元 is never said twice)."""
    b = ev.budget
    budget, actual, prev = b.three_public_budget, b.three_public_actual, b.three_public_prev
    if actual is None or (budget is None and prev is None):
        return None
    placed_budget = budget is not None and "三公经费情况" in used  # {三公经费情况} states both figures
    placed_change = prev is not None and "三公经费变动" in used  # {三公经费变动} states this year's and the change
    say_budget = budget is not None and not placed_budget \
        and not states_figure(said, budget, "万元", ("三公",), ("预算",))
    say_actual = not (placed_budget or placed_change) \
        and not states_figure(said, actual, "万元", ("三公",), ("支出", "实际"))
    say_change = prev is not None and not placed_change \
        and not states_figure(said, prev, "万元", ("三公",), ("上年", "去年", "同期"))
    return _say("三公经费", ev, result, f, **{"say.budget": say_budget, "say.actual": say_actual,
                                             "say.change": say_change})


def _makeup_auto(ev: Evaluation, result: Result, f: NumberFormat, used: set[str], said: str) -> Optional[str]:
    """基本支出 and 项目支出 not stated yet (the 调整预算数 itself is in the sentence before)."""
    b = ev.budget
    if "预算构成" in used:
        return None
    say = {f"say.{key}": v is not None and not states_figure(said, v, "万元", (name,))
           for key, name, v in (("basic", "基本支出", b.basic), ("project", "项目支出", b.project))}
    return _say("预算构成补充", ev, result, f, **say)


def _auto(ev: Evaluation, result: Result, f: NumberFormat, values: dict[str, Optional[str]], used: set[str],
          said: str) -> tuple[list[str], list[str]]:
    """The data sentences for 四（一） and for the end of 四（二）: none that a placeholder placed, none
    whose figure ``said`` (the clerk's text of 四, filled) already states, none twice."""
    funds = []
    for name, sec in AUTO_SENTENCES:
        if sec != "funds" or name == "三公经费变动":  # the change is part of the “三公”经费 sentence
            continue
        if name == "预算构成":
            text = _makeup_auto(ev, result, f, used, said)
        elif name == "三公经费情况":
            text = _three_public_auto(ev, result, f, used, said)
        else:
            text = values.get(name) if name not in used else None
        if text:
            funds.append(text + "。")
    p, s = ev.projects, ev.satisfaction
    count = next((n for n in (p.total, p.monitored, p.self_evaluated) if n is not None), None)
    rate = s.achieved if s.achieved is not None else s.target
    stated = {"绩效管理情况": count is not None and states_figure(said, Decimal(count), "个", ("项目",)),
              "满意度情况": rate is not None and states_figure(said, rate, "%", ("满意",))}
    analysis = [values[name] + "。" for name, sec in AUTO_SENTENCES
                if sec == "analysis" and name not in used and values.get(name) and not stated.get(name, False)]
    return funds, analysis


def _funds(ev: Evaluation, result: Result, profile: Profile, f: NumberFormat, values: dict[str, Optional[str]],
           used: set[str]) -> list[str]:
    """四（一）'s budget sentence (with the 执行率 change unless {执行率同比} places it) and, when it prints
    otherwise, the 执行率 by the other denominator."""
    facts = result.facts
    change = values.get("执行率同比") if "执行率同比" not in used else None
    out = [_say("资金情况", ev, result, f, **{"say.exec_change": change}) + "。"]
    if profile.exec_denominator == "initial":
        other, base = facts.get("执行率_调整"), "调整预算数"
    else:
        other, base = facts.get("执行率_年初"), "年初预算数"
    if other is not None and facts.get("执行率") is not None and f.rate(other) != f.rate(facts["执行率"]):
        out.append(_say("另一口径执行率", ev, result, f, base=base, rate=other) + "。")
    return out


def _analysis(ev: Evaluation, profile: Profile, fill: _Filler, f: NumberFormat,
              results: dict[str, IndicatorResult], problems: list[Problem]) -> tuple[list[AnalysisBlock], list[str]]:
    """四（二）'s blocks, and the clerk's paragraphs in them (filled) — what the data sentences must not repeat."""
    texts = ev.narrative.analysis
    budget = _budget_names(profile)
    blocks: list[AnalysisBlock] = []
    said: list[str] = []
    for ind in ev.indicators:
        if ind.name in budget:
            continue
        label = _label(profile, ind.name)
        items: list[tuple[str, str]] = []
        if texts.get(ind.name, "").strip():
            where = _nar_where(ev, f"analysis.{ind.name}", ind.name)
            items.append((fill(texts[ind.name].strip(), where), where))
        else:
            for child in ind.children:
                text = texts.get(child.name, "").strip()
                if text:
                    name = official_spelling(child.name)
                    head = name if name.endswith("情况") else name + "情况"
                    where = _nar_where(ev, f"analysis.{child.name}", child.name)
                    items.append((f"{head}：" + fill(text, where), where))
        paras = _close(items, False, f"{label}情况分析", problems)
        said.extend(paras)
        if not paras:
            r = results.get(ind.name)
            if r is not None and r.score is not None:
                paras.append(SENTENCES["指标得分"].render(
                    {"name": label, "weight": r.weight, "score": r.score, "rate": r.rate}, f) + "。")
        blocks.append(AnalysisBlock(len(blocks) + 1, f"{label}情况分析", paras))
    return blocks, said


def _shortfalls(result: Result, fill: _Filler, f: NumberFormat, problems: list[Problem]) -> list[Shortfall]:
    out = []
    for r in result.walk():
        ind: Indicator = r.indicator
        if r.children or not r.applicable or r.score is None or r.score >= r.weight:
            continue
        where = ind.where("deviation_reason") or ind.where("row") or f"指标评分：{ind.name}"
        m_where = ind.where("improvement") or where
        reason, measure = (_numbered([(fill(text.strip(), w), w)], label, problems)
                           for text, w, label in ((ind.deviation_reason, where, "偏差原因"),
                                                  (ind.improvement, m_where, "改进措施")))
        reason = reason[0][0] if reason else ""
        measure = measure[0][0] if measure else ""
        name = official_spelling(ind.name)
        text = SENTENCES["未得满分"].render({"name": name, "weight": r.weight, "score": r.score, "rate": r.rate},
                                         f) + "。"
        if reason:
            text += f"偏差原因：{_sentence(reason)}"
        if measure:
            text += f"改进措施：{_sentence(measure)}"
        out.append(Shortfall(name, f.score(r.weight), f.score(r.score), f.rate(r.rate), reason, measure, text))
    return out


def _shortfall_intro(shortfalls: list[Shortfall]) -> str:
    """The lead-in of the 未得满分 list, promising only what follows: no “偏差原因” when none is given."""
    if not shortfalls:
        return ""
    given = [word for word, attr in (("偏差原因", "reason"), ("改进措施", "measure"))
             if any(getattr(s, attr) for s in shortfalls)]
    return "未得满分的指标" + ("及其" + "、".join(given) if given else "") + "如下："


def _with_auto(blocks: list[AnalysisBlock], extra: list[str]) -> list[AnalysisBlock]:
    """Data sentences the clerk's text did not place go at the end of 四（二）, in one paragraph."""
    if not extra or not blocks:
        return blocks
    last = blocks[-1]
    return blocks[:-1] + [replace(last, paragraphs=[*last.paragraphs, "此外，" + "".join(extra)])]


# --------------------------------------------------------------------------- lead-ins and empty sections

#: what an empty section prints: the 公文 way of saying there is nothing to report
NOTHING = "无。"


def _cut_lead_in(item: tuple[str, str], label: str, problems: list[Problem], why: str) -> str:
    """``item``'s text without its closing lead-in, and a warning at its cell saying why it went."""
    text, where = item
    problems.append(Problem(where, label, f"“{lead_in_sentence(text)}”{why}，报告中已略去这句", WARNING))
    return without_lead_in(text)


def _close(items: list[tuple[str, str]], followed: bool, label: str, problems: list[Problem]) -> list[str]:
    """One part of a section in print order, (text, cell) each: when nothing follows it in the report, a
    last paragraph ending in a lead-in (“……如下：”) loses that sentence — a lead-in never stands alone."""
    out = [t for t, _ in items]
    if items and not followed and is_lead_in(items[-1][0]):
        rest = _cut_lead_in(items[-1], label, problems, "后面没有内容（请补写要列出的内容，或删去这句）")
        out = out[:-1] + ([rest] if rest else [])
    return out


def _numbered(items: list[tuple[str, str]], label: str, problems: list[Problem]) -> list[tuple[str, str]]:
    """Items the report numbers and heads itself (问题、措施、建议、目标、任务; a 偏差原因): an item's closing
    lead-in goes, an item that is only a lead-in goes whole."""
    out = []
    for text, where in items:
        if is_lead_in(text):
            text = _cut_lead_in((text, where), label, problems, "是引导语，报告自己加标题和编号")
        if text:
            out.append((text, where))
    return out


def report_title(ev: Evaluation, profile: Profile) -> str:
    return f"{ev.unit}{ev.year}年度{ev_kind(profile)}绩效自评报告"


def review_text(result: Result) -> list[Problem]:
    """Every problem with the clerk's text as the report would print it — placeholders without data or
    unknown (errors), lone braces, lead-ins with nothing after them, empty sections — each at its cell.
    :func:`xlperf.domain.validate.validate` adds these, so ``check``, the ribbon, ``report`` and ``batch`` show each once."""
    return _build(result)[1]


def build_context(result: Result) -> tuple[ReportContext, list[Problem]]:
    """The report context of ``result``.  The list is empty: the warnings about the text come from
    :func:`review_text`, which validation runs (every caller validates first), so none is shown twice."""
    return _build(result)[0], []


def build_and_review(result: Result) -> tuple[ReportContext, list[Problem]]:
    """The context and the warnings about the text, from one build: :mod:`xlperf.app.check` passes this as
    validation's text review and keeps the context, so a report builds its context once."""
    return _build(result)


def _build(result: Result) -> tuple[ReportContext, list[Problem]]:
    ev, profile = result.evaluation, result.profile
    f = NumberFormat.of(profile)
    problems: list[Problem] = []
    values = {name: fn(ev, result, f) for name, (_, fn) in PLACEHOLDERS.items()}
    used = used_placeholders(ev)
    used |= {SAME_AS[n] for n in used if n in SAME_AS}
    _with_projects_change(ev, result, f, values, used)
    me = self_word(ev.unit, ev.self_name)
    fill = _Filler(values, problems, ev.options.fullwidth_punctuation, me)
    _satisfaction_check(ev, problems)
    nar = ev.narrative
    kind = ev_kind(profile)
    outline = outline_for(profile, ev.outline)
    heads = own_headings(outline, nar.headings)
    slot = _slot(ev, outline, problems)
    shown = [(s, b) for s in outline.sections for b in s.blocks if not b.slot or b.slot == slot]

    # the clerk's text of every 栏目, filled, in report order (a 栏目 printed in two places is read once)
    texts: dict[str, list[tuple[str, str]]] = {}
    for s, b in shown:
        if b.kind == "text" and b.field not in texts:
            texts[b.field] = _field_texts(ev, profile, fill, b, problems)
        elif b.kind == "goal":
            goal = _bare(fill(nar.overall_goal, _nar_where(ev, "overall_goal", "年度整体绩效目标")))
            texts["overall_goal"] = [(f"年度整体绩效目标是{goal}。", "")] if goal else []
    by_name = {r.name: r for r in result.indicators}
    analysis, said = _analysis(ev, profile, fill, f, by_name, problems)
    said_text = "\n".join([t for t, _ in texts.get("funds_compliance", [])] + said)
    auto_funds, auto_analysis = _auto(ev, result, f, values, used, said_text)
    shortfalls = _shortfalls(result, fill, f, problems)
    generated = {
        "indicator_setting": [_indicator_setting(ev, profile, f)],
        "conclusion": [(f"根据{kind}绩效自评相关要求对每个指标分别评分{_not_applicable_clause(result, f)}，"
                        f"{_say('最终得分', ev, result, f)}。{_band_sentence(profile, f)}，{_say('评价等级', ev, result, f)}。"
                        f"{_yoy_conclusion(values, used)}{_core_sentence(result, f)}")],
        "funds": _funds(ev, result, profile, f, values, used),
    }
    auto = {"funds": auto_funds, "analysis": auto_analysis}
    for group, sid in outline.auto_sentences.items():  # the data sentences no text placed: where the outline says
        kinds = {b.kind for b in outline.section(sid).blocks}
        if group == "analysis" and "analysis" in kinds:
            analysis = _with_auto(analysis, auto_analysis)
        elif group == "funds" and "funds" in kinds:
            generated["funds"] = generated["funds"] + auto_funds
        elif auto[group]:  # a section without that block: one paragraph at its end
            generated.setdefault(f"auto:{sid}", []).append(("此外，" if group == "analysis" else "") + "".join(auto[group]))
    body: list[Part] = []
    printed: dict[str, list[str]] = {}  # field → what the report prints of it (the context's named lists)
    for s in outline.sections:
        body.append(Part("heading", heads[s.id], s.level))
        parts = _section_parts(s, [b for t, b in shown if t is s], texts, generated, analysis, shortfalls,
                               printed, problems, ev.options.legacy_wording)
        parts += [Part("text", t) for t in generated.get(f"auto:{s.id}", [])]
        if s.empty_at and not any(p.kind != "heading" for p in parts):
            block = next(b for b in s.text_blocks() if b.field == s.empty_at)
            where = ev.narrative.where(s.empty_at) or f"{block.sheet}：{block.lead if block.style in ('list', 'joined') else block.label}"
            if s.empty_hint:
                problems.append(Problem(where, heads[s.id], f"这一部分没有内容，报告中只写“{outline.empty}”；"
                                                           f"请填写{s.empty_hint}", WARNING))
            printed[s.empty_at] = [outline.empty]
            parts = [Part("text", outline.empty)]
        body.extend(parts)
    signature = _signature(ev, problems)
    body += [Part("signature", line, i) for i, line in enumerate(signature, 1)]  # level 1 the unit, 2 the date

    rows = [ScoreRow(official_spelling(r.name), f.score(r.applicable_weight if r.applicable else r.weight),
                     f.score(r.score), f.rate(r.rate)) for r in result.indicators]
    total_row = ScoreRow("合计", f.score(result.weight_total), f.score(result.total), f.rate(result.rate))
    chart = [ChartBar(r.name, float(r.rate) if r.rate is not None else 0.0, f.rate(r.rate), r.rate is not None)
             for r in result.indicators]
    one = lambda key: (printed.get(key) or [""])[0]  # noqa: E731
    ctx = ReportContext(
        unit=ev.unit,
        year=ev.year,
        kind=kind,
        title=report_title(ev, profile),
        headings=heads,
        body=body,
        duty_goals_text=one("duty_goals"),
        main_tasks_text=one("main_tasks"),
        overall_goal_text=one("overall_goal"),
        indicator_setting=generated["indicator_setting"][0],
        process=printed.get("process", []),
        total=f.score(result.total),
        grade=result.grade,
        conclusion=generated["conclusion"][0],
        score_rows=rows,
        score_total=total_row,
        chart=chart,
        funds=generated["funds"],
        funds_compliance=printed.get("funds_compliance", []),
        analysis=analysis,
        section5=printed.get("section5", []),
        shortfall_intro=_shortfall_intro(shortfalls),
        shortfalls=shortfalls,
        problems_section=slot,
        problems=printed.get("problems", []),
        measures=printed.get("measures", []),
        application=printed.get("application", []),
        experience=printed.get("experience", []),
        suggestions=printed.get("suggestions", []),
        other=printed.get("other", []),
        placeholders={k: v for k, v in values.items() if v is not None},
        self_word=me,
        signature=signature,
    )
    return ctx, problems


def _satisfaction_check(ev: Evaluation, problems: list[Problem]) -> None:
    """满意度 is stated only from an actual figure: a target (or a 满意度 indicator) without 实际满意度 gets a
    warning at the 实际满意度 cell, and the report says nothing of it."""
    s = ev.satisfaction
    if s.achieved is not None:
        return
    if s.target is None and not (s.target_text or "").strip() \
            and not any(n.actual_ref == "满意度" for n in ev.leaves()):
        return
    name = satisfaction_name(ev)
    problems.append(Problem(s.where("achieved") or "预算资金：实际满意度", "实际满意度",
                            f"未填写实际满意度，报告中不写“{name}”的完成情况；请填写调查得到的满意度", WARNING))


_DATE = re.compile(r"^\s*(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?\s*$")


def chinese_date(text: str) -> Optional[str]:
    """A date in 公文 form — 2022年3月1日 (no leading zeros) — from 2022-03-01, 2022/3/1, 2022.3.1 or
    2022年03月01日; None when ``text`` is no such date."""
    m = _DATE.match(text or "")
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return None
    return f"{y}年{mo}月{d}日"


def _signature(ev: Evaluation, problems: list[Problem]) -> list[str]:
    """The 落款: the unit's name and the date (设置 落款日期, else today), or nothing when 设置 turns it off."""
    o = ev.options
    if not o.signature:
        return []
    written = (o.signature_date or "").strip()
    date = chinese_date(written) if written else chinese_date(_dt.date.today().isoformat())
    if date is None:
        problems.append(Problem(o.where("signature_date", "设置"), "落款日期",
                                f"“{written}”不是日期（应写作如 2022年3月1日 或 2022-03-01），报告中照原样写出", WARNING))
        date = written
    return [ev.unit.strip(), date]


def _slot(ev: Evaluation, outline: Outline, problems: list[Problem]) -> str:
    """Where 设置 “问题措施位置” puts the outline's blocks with a ``slot`` (五 or 六 in the seed outline)."""
    if not outline.problem_slots:
        return ""
    section = ev.options.problems_section.strip() or outline.default_slot
    if section not in outline.problem_slots:
        problems.append(Problem(ev.options.where("problems_section", "设置"), "问题和措施位置",
                                f"应为{'或'.join(f'“{x}”' for x in outline.problem_slots)}，现为“{section}”，"
                                f"按“{outline.default_slot}”处理", WARNING))
        section = outline.default_slot
    return section


def _field_texts(ev: Evaluation, profile: Profile, fill: _Filler, b: Block,
                 problems: list[Problem]) -> list[tuple[str, str]]:
    """(filled text, cell) of one 栏目; the rules' standard wording when the clerk wrote none; items the report
    numbers itself lose the numbering and lead-ins a clerk typed."""
    items = _clean(ev.narrative.items(b.field))
    own = bool(items)
    if not items and b.standard:
        items = _clean(profile.standard_text.get(b.field, []))
    out = []
    for i, t in enumerate(items):
        where = _nar_where(ev, f"{b.field}[{i + 1}]" if own else b.field, b.label)
        text = fill(t, where)
        out.append((text if b.style == "paragraphs" else _unnumbered(text), where))
    if b.style != "paragraphs":
        out = _numbered(out, b.label, problems)
    return out


def _section_parts(s: Section, blocks: list[Block], texts: dict[str, list[tuple[str, str]]],
                   generated: dict[str, list[str]], analysis: list[AnalysisBlock], shortfalls: list[Shortfall],
                   printed: dict[str, list[str]], problems: list[Problem], legacy: bool = False) -> list[Part]:
    """One section's parts in the outline's order; a lead-in (“……如下：”) is kept only when something
    follows it in the same section."""
    content: list[list[Part]] = []
    for b in blocks:  # what each block prints before its lead-in is judged
        if b.kind == "text" and b.style == "paragraphs":
            content.append([Part("text", t) for t, _ in texts.get(b.field, [])])
        elif b.kind == "text":
            content.append(_listed(b, texts.get(b.field, []), legacy))
        elif b.kind == "goal":
            content.append([Part("text", t) for t, _ in texts.get("overall_goal", [])])
        elif b.kind == "score_table":
            content.append([Part("text", b.lead)] * bool(b.lead) + [Part("table", b.label), Part("chart")])
        elif b.kind == "analysis":
            content.append([p for a in analysis for p in (Part("heading", _number(s.level + 1, a.number) + a.title,
                                                                s.level + 1),
                                                          *(Part("text", t) for t in a.paragraphs))])
        elif b.kind == "shortfalls":
            content.append([Part("text", _shortfall_intro(shortfalls))] * bool(shortfalls)
                           + [Part("text", x.text) for x in shortfalls])
        else:
            content.append([Part("text", t) for t in generated[b.kind]])
    parts: list[Part] = []
    subs = 0
    for i, b in enumerate(blocks):
        later = any(content[i + 1:])
        if b.kind == "text" and b.style == "paragraphs":
            items = texts.get(b.field, [])
            if items and i + 1 < len(blocks) and blocks[i + 1].kind == "shortfalls" and content[i + 1] \
                    and is_lead_in(items[-1][0]):  # the report's own lead-in to the list comes next
                rest = _cut_lead_in(items[-1], b.label, problems, "与报告随后自动写出的“未得满分的指标……如下：”重复")
                items = items[:-1] + ([(rest, items[-1][1])] if rest else [])
            paras = [_sentence(t) for t in _close(items, later, b.label, problems)]
            printed[b.field] = paras
            parts += [Part("text", t) for t in paras]
            continue
        if b.kind == "text":
            printed[b.field] = [t for t, _ in texts.get(b.field, [])] if b.style in ("list", "joined") \
                else [_sentence(t) for t, _ in texts.get(b.field, [])]
            if printed[b.field] and b.style in ("list", "joined"):
                printed[b.field] = [content[i][0].text]
            if b.subheading and content[i]:
                subs += 1
                parts.append(Part("heading", _number(s.level + 1, subs) + b.label, s.level + 1))
        elif b.kind == "goal":
            printed["overall_goal"] = [p.text for p in content[i]]
        parts += content[i]
    return parts


def _number(level: int, n: int) -> str:
    """A sub-heading's number at ``level``: 2 → （一）, 3 → 1."""
    return cn_sub(n) if level <= 2 else f"{n}."


def _listed(b: Block, items: list[tuple[str, str]], legacy: bool = False) -> list[Part]:
    """A 栏目 the report lists: “lead：一是甲；二是乙。” (list), “lead：甲；乙。” (joined), 一是甲 / 二是乙
    (numbered, items).  A list is numbered only when it has two items or more (one item is written plainly),
    and with one style throughout the report: 一是、二是.  ``legacy`` (设置 沿用原有写法): each 栏目 numbered as
    its outline says — “1.甲；2.乙” (list), 1、 (numbered), 一是 (items)."""
    if not items:
        return []
    several = len(items) > 1
    if b.style in ("list", "joined"):
        bare = [_bare(t) for t, _ in items]
        if b.style == "list" and several:
            mark = (lambda i: f"{i}.") if legacy else cn_item
            return [Part("text", f"{b.lead}：" + "；".join(mark(i) + g for i, g in enumerate(bare, 1)) + "。")]
        return [Part("text", f"{b.lead}：" + "；".join(bare) + "。")]
    mark = (lambda i: f"{i}、") if legacy and b.style == "numbered" else cn_item
    return [Part("text", (mark(i) if several else "") + _sentence(t)) for i, (t, _) in enumerate(items, 1)]
