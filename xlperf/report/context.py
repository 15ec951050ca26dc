"""The report context: every sentence, figure and table a report template prints (pure core).

:func:`build_context` turns a scored :class:`~xlperf.domain.evaluate.Result` into a typed
:class:`ReportContext`, laid out by the report's outline, so templates only place text.  The pieces live by
concern: :mod:`.placeholders` (the data sentences and the clerk's ``{名称}``), :mod:`.review` (the clerk's
text as printed, and its warnings), :mod:`.sections` (one function per section), :mod:`.parts` (the typed
pieces).  Imports neither openpyxl nor xlwings nor Jinja2.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from ..domain.evaluate import Result
from ..domain.model import Evaluation
from ..domain.narrative_checks import narrative_without_instructions
from ..domain.numbers import NumberFormat
from ..domain.outlines import Block, Outline, Section, label_of, outline_for
from ..domain.problems import WARNING, Problem
from ..domain.profiles import Profile
from .parts import AnalysisBlock, ChartBar, Headings, Part, ScoreRow, Shortfall, own_headings
from .placeholders import NEEDS, PLACEHOLDERS, SAME_AS, Filler, used_placeholders, with_projects_change
from .review import NOTHING, bare, chinese_date, problem_slot, satisfaction_check, signature_lines, text_cell
from .sections import (analysis_blocks, auto_sentences, budget_analysis, conclusion, ev_kind, field_texts,
                       funds_sentences, indicator_setting, section_parts, shortfall_intro, shortfall_list, value_text,
                       with_auto)
from .words import official_spelling, self_word

__all__ = ["NEEDS", "NOTHING", "PLACEHOLDERS", "AnalysisBlock", "ChartBar", "Headings", "Part", "ReportContext",
           "ScoreRow", "Shortfall", "build_and_review", "build_context", "chinese_date", "report_title",
           "review_text"]


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
    if not ev.options.legacy_wording:  # a template's instruction never reaches a report (check warns at its cell);
        # 沿用原有写法 reproduces an existing report word for word, its leftovers too
        ev = ev.model_copy(update={"narrative": narrative_without_instructions(ev.narrative, label_of)[0]})
    f = NumberFormat.of(profile)
    problems: list[Problem] = []
    values = {name: fn(ev, result, f) for name, (_, fn) in PLACEHOLDERS.items()}
    used = used_placeholders(ev)
    used |= {SAME_AS[n] for n in used if n in SAME_AS}
    with_projects_change(ev, result, f, values, used)
    me = self_word(ev.unit, ev.self_name)
    fill = Filler(values, problems, ev.options.fullwidth_punctuation, me)
    satisfaction_check(ev, problems)
    outline = outline_for(profile, ev.outline)
    heads = own_headings(outline, ev.narrative.headings)
    slot = problem_slot(ev, outline, problems)
    shown = [(s, b) for s in outline.sections for b in s.blocks if not b.slot or b.slot == slot]
    texts = _texts(ev, profile, fill, shown, problems)
    analysis, said = analysis_blocks(ev, profile, fill, f, {r.name: r for r in result.indicators}, problems)
    budget_said = budget_analysis(ev, profile, fill)
    said += budget_said
    said_text = "\n".join([t for t, _ in texts.get("funds_compliance", [])] + said)
    auto_funds, auto_analysis = auto_sentences(ev, result, f, values, used, said_text)
    shortfalls = shortfall_list(result, fill, f, problems)
    generated = {
        "indicator_setting": [indicator_setting(ev, profile, f)],
        "conclusion": [conclusion(ev, result, profile, f, values, used)],
        "funds": funds_sentences(ev, result, profile, f, values, used) + budget_said,
    }
    _values(ev, fill, shown, texts, said + generated["funds"] + auto_funds + auto_analysis, generated)
    analysis = _place_auto(outline, generated, analysis, auto_funds, auto_analysis)
    printed: dict[str, list[str]] = {}  # field → what the report prints of it (the context's named lists)
    body = _body(ev, outline, heads, shown, texts, generated, analysis, shortfalls, printed, problems)
    signature = signature_lines(ev, problems)
    body += [Part("signature", line, i) for i, line in enumerate(signature, 1)]  # level 1 the unit, 2 the date
    one = lambda key: (printed.get(key) or [""])[0]  # noqa: E731
    ctx = ReportContext(
        unit=ev.unit,
        year=ev.year,
        kind=ev_kind(profile),
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
        score_rows=_score_rows(result, f),
        score_total=ScoreRow("合计", f.score(result.weight_total), f.score(result.total), f.rate(result.rate)),
        chart=_chart(result, f),
        funds=generated["funds"],
        funds_compliance=printed.get("funds_compliance", []),
        analysis=analysis,
        section5=printed.get("section5", []),
        shortfall_intro=shortfall_intro(shortfalls),
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


def _texts(ev: Evaluation, profile: Profile, fill: Filler, shown: list[tuple[Section, Block]],
           problems: list[Problem]) -> dict[str, list[tuple[str, str]]]:
    """The clerk's text of every 栏目 the outline shows, filled, in report order: (text, cell) each (a 栏目
    printed in two places is read once)."""
    texts: dict[str, list[tuple[str, str]]] = {}
    for _, b in shown:
        if b.kind == "text" and b.field not in texts:
            texts[b.field] = field_texts(ev, profile, fill, b, problems)
        elif b.kind == "goal":
            where = text_cell(ev, "overall_goal", "年度整体绩效目标")
            goal = bare(fill(ev.narrative.overall_goal, where))
            texts["overall_goal"] = [(f"年度整体绩效目标是{goal}。", where)] if goal else []
    return texts


def _values(ev: Evaluation, fill: Filler, shown: list[tuple[Section, Block]], texts: dict[str, list[tuple[str, str]]],
            said: list[str], generated: dict[str, list[str]]) -> None:
    """The form's single-value fields the outline places (预算调整说明, 拟应用方式 …): ``generated["value:<path>"]``,
    each not repeating what the clerk's text or the data sentences state already."""
    stated = "\n".join([t for items in texts.values() for t, _ in items] + said)
    for _, b in shown:
        if b.kind == "value":
            generated[f"value:{b.value}"] = value_text(ev, b, fill, stated)


def _place_auto(outline: Outline, generated: dict[str, list[str]], analysis: list[AnalysisBlock],
                auto_funds: list[str], auto_analysis: list[str]) -> list[AnalysisBlock]:
    """The data sentences no text placed, where the outline says: 四（一）'s budget sentences, the end of
    四（二）, or one paragraph at the end of a section without that block (``generated["auto:<id>"]``)."""
    auto = {"funds": auto_funds, "analysis": auto_analysis}
    for group, sid in outline.auto_sentences.items():
        kinds = {b.kind for b in outline.section(sid).blocks}
        if group == "analysis" and "analysis" in kinds:
            analysis = with_auto(analysis, auto_analysis)
        elif group == "funds" and "funds" in kinds:
            generated["funds"] = generated["funds"] + auto_funds
        elif auto[group]:
            generated.setdefault(f"auto:{sid}", []).append(("此外，" if group == "analysis" else "") + "".join(auto[group]))
    return analysis


def _body(ev: Evaluation, outline: Outline, heads: Headings, shown: list[tuple[Section, Block]],
          texts: dict[str, list[tuple[str, str]]], generated: dict[str, list[str]], analysis: list[AnalysisBlock],
          shortfalls: list[Shortfall], printed: dict[str, list[str]], problems: list[Problem]) -> list[Part]:
    """The report's sections in print order: each heading, then its parts; an empty section prints the
    outline's “无。” (:func:`_empty_section`)."""
    body: list[Part] = []
    for s in outline.sections:
        body.append(Part("heading", heads[s.id], s.level))
        parts = section_parts(s, [b for t, b in shown if t is s], texts, generated, analysis, shortfalls,
                              printed, problems, ev.options.legacy_wording)
        parts += [Part("text", t) for t in generated.get(f"auto:{s.id}", [])]
        if s.empty_at and not any(p.kind != "heading" for p in parts):
            parts = _empty_section(ev, outline, s, heads[s.id], printed, problems)
        body.extend(parts)
    return body


def _empty_section(ev: Evaluation, outline: Outline, s: Section, heading: str, printed: dict[str, list[str]],
                   problems: list[Problem]) -> list[Part]:
    """What an empty section prints (the outline's “无。”) and, where the outline says so, a warning at the
    cell to fill."""
    block = next(b for b in s.text_blocks() if b.field == s.empty_at)
    where = ev.narrative.where(s.empty_at) or \
        f"{block.sheet}：{block.lead if block.style in ('list', 'joined') else block.label}"
    if s.empty_hint:
        problems.append(Problem(where, heading, f"这一部分没有内容，报告中只写“{outline.empty}”；"
                                                f"请填写{s.empty_hint}", WARNING))
    printed[s.empty_at] = [outline.empty]
    return [Part("text", outline.empty)]


def _score_rows(result: Result, f: NumberFormat) -> list[ScoreRow]:
    return [ScoreRow(official_spelling(r.name), f.score(r.applicable_weight if r.applicable else r.weight),
                     f.score(r.score), f.rate(r.rate)) for r in result.indicators]


def _chart(result: Result, f: NumberFormat) -> list[ChartBar]:
    return [ChartBar(r.name, float(r.rate) if r.rate is not None else 0.0, f.rate(r.rate), r.rate is not None)
            for r in result.indicators]
