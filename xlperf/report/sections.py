"""The report's sections, one small function each (pure core): 指标设置, the conclusion, 四（一）'s budget
sentences, 四（二）'s analysis, the 未得满分 list, and one outline section's parts in print order."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Optional

from ..domain.evaluate import IndicatorResult, Result
from ..domain.model import Evaluation, Indicator
from ..domain.numbers import NumberFormat
from ..domain.outlines import Block, Section
from ..domain.problems import Problem
from ..domain.profiles import Profile
from .parts import AnalysisBlock, Part, Shortfall
from .placeholders import Filler, say, yoy_conclusion
from .review import (as_sentence, bare, clean, close_part, cut_lead_in, numbered_items, own_numbers, text_cell,
                     unnumbered)
from .sentences import SENTENCES
from .words import cn_count, cn_item, cn_number, cn_sub, exact_count, is_lead_in, official_spelling, states_figure


def _budget_names(profile: Profile) -> set[str]:
    return {r.name for r in profile.indicators if r.role == "budget"}


def _label(profile: Profile, name: str) -> str:
    rule = profile.rule(name)
    return (rule.setting_label if rule is not None else "") or name


def ev_kind(profile: Profile) -> str:
    return profile.kind or "部门整体"



def indicator_setting(ev: Evaluation, profile: Profile, f: NumberFormat) -> str:
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


def core_sentence(result: Result, f: NumberFormat) -> str:
    """The 核心指标 (a flag some provinces' forms carry) with the score each was given."""
    core = [r for r in result.walk() if r.indicator.core]
    if not core:
        return ""
    parts = [f"“{r.name}”{'不适用' if not r.applicable else f.score(r.score) + '分（分值' + f.score(r.weight) + '分）'}"
             for r in core]
    return "核心指标：" + "，".join(parts) + "。"


def not_applicable_clause(result: Result, f: NumberFormat) -> str:
    """"，其中“效益指标”不适用……按百分制折算" — what the total leaves out, so the table adds up."""
    quoted = lambda names: "、".join(f"“{n}”" for n in names)  # noqa: E731
    whole = [r.name for r in result.indicators if not r.applicable]
    rows = [r.name for r in result.walk()
            if r.indicator.is_leaf and not r.applicable and r.path[0] not in whole]
    parts = []
    if whole:
        text = f"{quoted(whole)}不适用，不参与评价"
        if result.rescaled:
            app = sum(r.weight for r in result.indicators if r.applicable)  # rescaled: some are applicable
            text += (f"，适用指标得分{f.score(result.raw_total)}分（满分{f.score(app)}分），"
                     f"按百分制折算")
        parts.append(text)
    if rows:
        parts.append(f"{quoted(rows)}不适用，未计分")
    return "，其中" + "；".join(parts) if parts else ""


def band_sentence(profile: Profile, f: NumberFormat) -> str:
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


#: the data sentences for the end of 四（二） (:func:`auto_sentences`): each left out when a placeholder placed it or
#: the clerk's text of 四 states its figure already
AUTO_ANALYSIS = ("绩效管理情况", "满意度情况")


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
    return say("三公经费", ev, result, f, **{"say.budget": say_budget, "say.actual": say_actual,
                                             "say.change": say_change})


def _makeup_auto(ev: Evaluation, result: Result, f: NumberFormat, used: set[str], said: str) -> Optional[str]:
    """基本支出 and 项目支出 not stated yet (the 调整预算数 itself is in the sentence before)."""
    b = ev.budget
    if "预算构成" in used:
        return None
    flags = {f"say.{key}": v is not None and not states_figure(said, v, "万元", (name,))
           for key, name, v in (("basic", "基本支出", b.basic), ("project", "项目支出", b.project))}
    return say("预算构成补充", ev, result, f, **flags)


def auto_sentences(ev: Evaluation, result: Result, f: NumberFormat, values: dict[str, Optional[str]], used: set[str],
          said: str) -> tuple[list[str], list[str]]:
    """The data sentences for 四（一） and for the end of 四（二）: none that a placeholder placed, none
    whose figure ``said`` (the clerk's text of 四, filled) already states, none twice."""
    # 基本支出 and 项目支出, then the one “三公”经费 sentence (its change on last year included)
    funds = [text + "。" for text in (_makeup_auto(ev, result, f, used, said),
                                      _three_public_auto(ev, result, f, used, said)) if text]
    p, s = ev.projects, ev.satisfaction
    count = next((n for n in (p.total, p.monitored, p.self_evaluated) if n is not None), None)
    rate = s.achieved if s.achieved is not None else s.target
    stated = {"绩效管理情况": count is not None and states_figure(said, Decimal(count), "个", ("项目",)),
              "满意度情况": rate is not None and states_figure(said, rate, "%", ("满意",))}
    analysis = [values[name] + "。" for name in AUTO_ANALYSIS if name not in used and values.get(name) and not stated[name]]
    return funds, analysis


def funds_sentences(ev: Evaluation, result: Result, profile: Profile, f: NumberFormat, values: dict[str, Optional[str]],
           used: set[str]) -> list[str]:
    """四（一）'s budget sentence (with the 执行率 change unless {执行率同比} places it) and, when it prints
    otherwise, the 执行率 by the other denominator."""
    facts = result.facts
    change = values.get("执行率同比") if "执行率同比" not in used else None
    out = [say("资金情况", ev, result, f, **{"say.exec_change": change}) + "。"]
    if profile.exec_denominator == "initial":
        other, base = facts.get("执行率_调整"), "调整预算数"
    else:
        other, base = facts.get("执行率_年初"), "年初预算数"
    if other is not None and facts.get("执行率") is not None and f.rate(other) != f.rate(facts["执行率"]):
        out.append(say("另一口径执行率", ev, result, f, base=base, rate=other) + "。")
    return out


def analysis_blocks(ev: Evaluation, profile: Profile, fill: Filler, f: NumberFormat,
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
            where = text_cell(ev, f"analysis.{ind.name}", ind.name)
            items.append((fill(texts[ind.name].strip(), where), where))
        for child in ind.children:  # each 二级 the clerk wrote about, after the 一级's own text (if any)
            text = texts.get(child.name, "").strip()
            if text:
                name = official_spelling(child.name)
                head = name if name.endswith("情况") else name + "情况"
                where = text_cell(ev, f"analysis.{child.name}", child.name)
                items.append((f"{head}：" + fill(text, where), where))
        paras = close_part(items, False, f"{label}情况分析", problems)
        said.extend(paras)
        if not paras:
            r = results.get(ind.name)
            if r is not None and r.score is not None:
                paras.append(SENTENCES["指标得分"].render(
                    {"name": label, "weight": r.weight, "score": r.score, "rate": r.rate}, f) + "。")
        blocks.append(AnalysisBlock(len(blocks) + 1, f"{label}情况分析", paras))
    return blocks, said


def budget_analysis(ev: Evaluation, profile: Profile, fill: Filler) -> list[str]:
    """The clerk's 情况分析 of the 预算执行 indicator (its 文字材料 row): paragraphs of the funds block, after the
    budget sentences — 四（二） leaves the 预算执行 indicator to the funds section."""
    out = []
    for ind in ev.indicators:
        text = ev.narrative.analysis.get(ind.name, "").strip() if ind.name in _budget_names(profile) else ""
        if text:
            out.append(as_sentence(fill(text, text_cell(ev, f"analysis.{ind.name}", ind.name))))
    return out


#: a single field's text counts as stated already when the report's other text holds it and it is this long
#: (“90%以上”; a short “无” or “调整” found somewhere else is no statement of it)
STATED_MIN = 4


def value_text(ev: Evaluation, b: Block, fill: Filler, said: str) -> list[str]:
    """A single-value field's paragraph (outline ``kind = "value"``): “lead + its text。”, the outline's wording
    when the field is blank; nothing when the 栏目 ``instead_of`` has the clerk's own text, or when the report
    states the text already (a placeholder such as {细化率} in the clerk's words)."""
    if b.instead_of and clean(ev.narrative.items(b.instead_of)):
        return []
    part, attr = b.value.split(".")
    obj = getattr(ev, part, None)
    own = str(getattr(obj, attr, "") or "").strip()
    where = (obj.where(attr) if obj is not None else "") or b.lead.rstrip("：:") or b.value
    text = bare(fill(own or b.default, where))
    if not text or (len(text) >= STATED_MIN and text in said):
        return []
    return [as_sentence(b.lead + text)]


def shortfall_list(result: Result, fill: Filler, f: NumberFormat, problems: list[Problem]) -> list[Shortfall]:
    out = []
    for r in result.walk():
        ind: Indicator = r.indicator
        if r.children or not r.applicable or r.score is None or r.score >= r.weight:
            continue
        where = ind.where("deviation_reason") or ind.where("row") or f"指标评分：{ind.name}"
        m_where = ind.where("improvement") or where
        reason, measure = (numbered_items([(fill(text.strip(), w), w)], label, problems)
                           for text, w, label in ((ind.deviation_reason, where, "偏差原因"),
                                                  (ind.improvement, m_where, "改进措施")))
        reason = reason[0][0] if reason else ""
        measure = measure[0][0] if measure else ""
        name = official_spelling(ind.name)
        text = SENTENCES["未得满分"].render({"name": name, "weight": r.weight, "score": r.score, "rate": r.rate},
                                         f) + "。"
        if reason:
            text += f"偏差原因：{as_sentence(reason)}"
        if measure:
            text += f"改进措施：{as_sentence(measure)}"
        out.append(Shortfall(name, f.score(r.weight), f.score(r.score), f.rate(r.rate), reason, measure, text))
    return out


def shortfall_intro(shortfalls: list[Shortfall]) -> str:
    """The lead-in of the 未得满分 list, promising only what follows: no “偏差原因” when none is given."""
    if not shortfalls:
        return ""
    given = [word for word, attr in (("偏差原因", "reason"), ("改进措施", "measure"))
             if any(getattr(s, attr) for s in shortfalls)]
    return "未得满分的指标" + ("及其" + "、".join(given) if given else "") + "如下："


def with_auto(blocks: list[AnalysisBlock], extra: list[str]) -> list[AnalysisBlock]:
    """Data sentences the clerk's text did not place go at the end of 四（二）, in one paragraph."""
    if not extra or not blocks:
        return blocks
    last = blocks[-1]
    return blocks[:-1] + [replace(last, paragraphs=[*last.paragraphs, "此外，" + "".join(extra)])]


def field_texts(ev: Evaluation, profile: Profile, fill: Filler, b: Block,
                 problems: list[Problem]) -> list[tuple[str, str]]:
    """(filled text, cell) of one 栏目; the rules' standard wording when the clerk wrote none; items the report
    numbers itself lose the numbering and lead-ins a clerk typed."""
    items = clean(ev.narrative.items(b.field))
    own = bool(items)
    if not items and b.standard:
        items = clean(profile.standard_text.get(b.field, []))
    out = []
    as_written = b.style == "paragraphs" or own and own_numbers(items)  # the department's own （1）（2）… kept
    for i, t in enumerate(items):
        where = text_cell(ev, f"{b.field}[{i + 1}]" if own else b.field, b.label)
        text = fill(t, where)
        out.append((text if as_written else unnumbered(text), where))
    if b.style != "paragraphs":
        out = numbered_items(out, b.label, problems)
    return out


def section_parts(s: Section, blocks: list[Block], texts: dict[str, list[tuple[str, str]]],
                   generated: dict[str, list[str]], analysis: list[AnalysisBlock], shortfalls: list[Shortfall],
                   printed: dict[str, list[str]], problems: list[Problem], legacy: bool) -> list[Part]:
    """One section's parts in the outline's order; a lead-in (“……如下：”) is kept only when something
    follows it in the same section.  ``texts`` holds every text block's 栏目 and ``generated`` every other
    block's sentences (:func:`xlperf.report.context._build`)."""
    content: list[list[Part]] = []
    for b in blocks:  # what each block prints (a paragraphs block: whether it prints anything) before lead-ins are judged
        if b.kind == "text":
            content.append(_listed(b, texts[b.field], legacy))
        elif b.kind == "goal":
            content.append([Part("text", t) for t, _ in texts["overall_goal"]])
        elif b.kind == "score_table":
            content.append([Part("text", b.lead)] * bool(b.lead) + [Part("table", b.label), Part("chart")])
        elif b.kind == "analysis":
            content.append([p for a in analysis for p in (_sub(s, a.number, a.title),
                                                          *(Part("text", t) for t in a.paragraphs))])
        elif b.kind == "shortfalls":
            content.append([Part("text", shortfall_intro(shortfalls))] * bool(shortfalls)
                           + [Part("text", x.text) for x in shortfalls])
        else:
            content.append([Part("text", t) for t in generated[f"value:{b.value}" if b.kind == "value" else b.kind]])
    parts: list[Part] = []
    subs = 0
    for i, b in enumerate(blocks):
        if b.kind == "text" and b.style == "paragraphs":
            list_next = i + 1 < len(blocks) and blocks[i + 1].kind == "shortfalls" and bool(content[i + 1])
            paras = _paragraphs(b, texts[b.field], any(content[i + 1:]), list_next, problems)
            printed[b.field] = paras
            if b.continue_subheadings and subs and paras and not legacy:
                subs += 1
                parts.append(_sub(s, subs, b.label))
            parts += [Part("text", t) for t in paras]
            continue
        if b.kind == "text":
            printed[b.field] = [p.text for p in content[i]] if b.style in ("list", "joined") \
                else [as_sentence(t) for t, _ in texts[b.field]]
            if b.subheading and content[i]:
                subs += 1
                parts.append(_sub(s, subs, b.label))
        elif b.kind == "goal":
            printed["overall_goal"] = [p.text for p in content[i]]
        elif b.kind == "value" and b.continue_subheadings and subs and content[i] and not legacy:
            subs += 1
            parts.append(_sub(s, subs, b.label))
        parts += content[i]
    return parts


def _paragraphs(b: Block, items: list[tuple[str, str]], followed: bool, list_next: bool,
                problems: list[Problem]) -> list[str]:
    """A paragraphs 栏目 as printed: its closing lead-in cut when the report's own lead-in to the 未得满分 list
    comes next (``list_next``) or nothing follows it; a lead-in something follows keeps its colon
    (“分三个阶段：”, never “分三个阶段：。”)."""
    if list_next and items and is_lead_in(items[-1][0]):
        rest = cut_lead_in(items[-1], b.label, problems, "与报告随后自动写出的“未得满分的指标……如下：”重复")
        out = [t for t, _ in items[:-1]] + ([rest] if rest else [])
    else:
        out = close_part(items, followed, b.label, problems)
    return [t if is_lead_in(t) else as_sentence(t) for t in out]


def _sub(s: Section, n: int, title: str) -> Part:
    """The ``n``-th sub-heading of section ``s``: （一） under a level-1 section, 1. under a level-2 one."""
    return Part("heading", _number(s.level + 1, n) + title, s.level + 1)


def _number(level: int, n: int) -> str:
    """A sub-heading's number at ``level``: 2 → （一）, 3 → 1."""
    return cn_sub(n) if level <= 2 else f"{n}."


def _listed(b: Block, items: list[tuple[str, str]], legacy: bool) -> list[Part]:
    """A 栏目 the report lists: “lead：一是甲；二是乙。” (list), “lead：甲；乙。” (joined), 一是甲 / 二是乙
    (numbered, items).  A list is numbered only when it has two items or more (one item is written plainly),
    and with one style throughout the report: 一是、二是.  ``legacy`` (设置 沿用原有写法): each 栏目 numbered as
    its outline says — “1.甲；2.乙” (list), 1、 (numbered), 一是 (items).  A list the department numbered
    itself (（1）（2）… on every item) is printed with its own numbers."""
    if not items:
        return []
    several = len(items) > 1 and not own_numbers([t for t, _ in items])  # numbered by the department: as written
    if b.style in ("list", "joined"):
        stripped = [bare(t) for t, _ in items]
        if b.style == "list" and several:
            mark = (lambda i: f"{i}.") if legacy else cn_item
            return [Part("text", f"{b.lead}：" + "；".join(mark(i) + g for i, g in enumerate(stripped, 1)) + "。")]
        return [Part("text", f"{b.lead}：" + "；".join(stripped) + "。")]
    mark = (lambda i: f"{i}、") if legacy and b.style == "numbered" else cn_item
    return [Part("text", (mark(i) if several else "") + as_sentence(t)) for i, (t, _) in enumerate(items, 1)]


def conclusion(ev: Evaluation, result: Result, profile: Profile, f: NumberFormat, values: dict[str, Optional[str]],
               used: set[str]) -> str:
    """三's conclusion: how it was scored, the total, the grade bands and the grade, the year-on-year changes
    no text placed, the 核心指标."""
    return (f"根据{ev_kind(profile)}绩效自评相关要求对每个指标分别评分{not_applicable_clause(result, f)}，"
            f"{say('最终得分', ev, result, f)}。{band_sentence(profile, f)}，{say('评价等级', ev, result, f)}。"
            f"{yoy_conclusion(values, used)}{core_sentence(result, f)}")
