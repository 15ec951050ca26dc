"""Take a previous year's report apart: sections, sub-headings, paragraphs and stated figures. Pure core.

Input is the report's paragraphs in reading order (a table row is one paragraph with its cells joined by
tabs), as :mod:`.sources` reads them from a .txt or .docx.  Output is a :class:`ParsedReport`: where
every paragraph belongs in the form (the 文字材料 栏目 of :mod:`xlperf.workbook.layout`), the department's
own headings where they differ from the standard outline, the figures the report states (scores,
amounts, counts) and the paragraphs it could not place — those are kept, never dropped.

The parts: :mod:`.lines` (clean-up, heading and table-row shapes), :mod:`.walker` (which section and 栏目 a
line belongs to), :mod:`.statements` (figures, scores and xlperf's own sentences), :mod:`.parsed` (the result).
"""

from __future__ import annotations

import re
from typing import Optional

from ..domain.outlines import Outline, load_outline
from .cover import body_years, clean_unit, read_front
from .lines import heading_of, loose_heading, normalise
from .parsed import ParsedReport, ScoreLine
from .walker import _Keys, _Walker


#: what ends a loose heading before the sentence run into it (“（二）资金情况，年初预算数…”)
RUN_IN_END = "。：:，,；; "


def parse_report(paragraphs: list[str], outline: Optional[Outline] = None,
                 indicators: tuple[str, ...] = ()) -> ParsedReport:
    """The parsed report, its headings recognised by ``outline`` (default: the 部门整体 outline) and the rules'
    ``indicators`` (their names: a “2.预算执行情况” under the analysis is an indicator's block, not a sub-section);
    ``recognised`` = 0 means the text has none of the report's sections."""
    rep = ParsedReport()
    outline = outline or load_outline(None)
    walker = _Walker(rep, _Keys(outline, indicators))
    texts = normalise(paragraphs)
    stop = next((i for i, t in enumerate(texts) if heading_of(t)), len(texts))
    front = read_front(texts, stop)
    rep.unit, rep.year, rep.said_report = front.unit, front.year, front.said_report
    rep.kind, rep.kind_stated = front.kind or "部门整体", bool(front.kind)
    rep.warnings.extend(front.notes)
    rep.first_lines = [t for t in texts[:5]]
    for i, text in enumerate(texts):
        if i in front.used:
            continue
        text = front.rest.get(i, text)
        found = heading_of(text)
        loose = loose_heading(text) if not found else None
        if found or loose:
            rep.headings_seen.append(text)
        if found and walker.heading(*found, raw=text) or \
                loose and walker.heading(*loose[:3], raw=text[:len(text) - len(loose[3])].rstrip(RUN_IN_END),
                                         named_only=True):
            walker.flush_table()
            rep.amounts.end_table()
            if loose and loose[3]:
                walker.paragraph(loose[3])
            continue
        walker.paragraph(text)  # prose, or "1.xxx" outside 四（二）: a numbered item (e.g. a problem in 六（一）)
    walker.flush_table()
    rep.amounts.end_table()
    rep.warnings.extend(rep.amounts.settle(rep.figures))
    _self_table(rep)
    _kind_from_body(rep, texts)
    _year_from_body(rep, [t for i, t in enumerate(texts) if i not in front.used])
    slotted = {b.field for sec in outline.sections for b in sec.blocks if b.slot}
    if rep.problems_section == "" and slotted and any(p.attr in slotted for p in rep.paragraphs):
        rep.problems_section = outline.default_slot
    return rep


def _year_from_body(rep: ParsedReport, texts: list[str]) -> None:
    """The year the body names most when the title names none; a warning when the two disagree."""
    years = body_years(texts)
    top = years.most_common()[0] if years else None
    if rep.year is None and top is not None:
        rep.year = top[0]
        rep.warnings.append(f"标题中没有年度，按正文中最常出现的{top[0]}年导入（{top[1]}处），请核对")
    elif top is not None and top[1] > years.get(rep.year, 0):  # (the title's year named most: not more than itself)
        rep.warnings.append(f"标题写的是{rep.year}年度，正文中多处写{top[0]}年（{top[1]}处），已按标题的{rep.year}年度导入，请核对")


#: a project report's own headings (一、项目基本情况 / （一）项目概况 / 项目资金 …) and its table's title
PROJECT_HEADING = re.compile(r"项目(?:基本情况|概况|绩效目标|资金|支出|实施|决策|过程|产出|效益)")
SELF_TABLE = re.compile(r"项目支出绩效自评表|绩效自评表")


def _kind_from_body(rep: ParsedReport, texts: list[str]) -> None:
    """The report's kind when its title does not say: a project's headings make it 项目支出, the national
    自评表 (its title, or a table with 年初预算数 … and 一级指标 … and no numbered headings) 自评表."""
    if rep.kind_stated:
        return
    table = any(SELF_TABLE.search(t) for t in texts[:8]) or \
        any("年初预算数" in t and "全年执行数" in t for t in texts) and any("一级指标" in t for t in texts)
    if table and not rep.headings_seen:
        rep.kind, rep.kind_stated = "自评表", True
    elif any(PROJECT_HEADING.search(h) for h in rep.headings_seen):
        rep.kind, rep.kind_stated = "项目支出", True


def _self_table(rep: ParsedReport) -> None:
    """What a 自评表 states: its indicator rows, total, 预算执行率's score, and the unit in charge."""
    st = rep.selftable
    rep.warnings.extend(st.notes)
    if st.total is not None and rep.total is None:
        rep.total = st.total
    if rep.amounts.exec_score is not None:
        weight, score = rep.amounts.exec_score
        rep.scores.append(ScoreLine("预算执行率", weight, score))
    named = [rep.figures.pop(k) for k in ("table.实施单位", "table.主管部门") if k in rep.figures]
    rep.figures.pop("table.项目名称", None)
    rep.unit = rep.unit or (clean_unit(str(named[0])) if named else "")
