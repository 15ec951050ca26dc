"""Fill an OPEN form (xlwings book) from the form ``xlperf import`` would write (the ribbon's 导入上年报告).

The imported form is built by the same builder as the CLI's output, so both ways in give the same cells;
this module only decides where each of its values goes in the clerk's workbook, whose rows may have
moved: single values by defined name, indicator rows by name, text rows by 章节/栏目 (appended after the
table when no empty row of that 栏目 is left).  A filled cell that would change is a *conflict*: written
only when the clerk agrees.  A report with an outline of its own (importer/own_outline.py) switches the open
form to it as the CLI's new form gets it: 规则数据 column B, the 文字材料 章节 labels and 设置's 问题措施位置.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from ..domain.outlines import Outline
from ..workbook import layout as L
from ..workbook.refs import parse_reference

#: single-value fields an import may fill (inputs; rule-derived and display-only ones are not)
_FILLABLE = [f for f in L.SINGLE_FIELDS if f.target and f.kind != "rule" and f.name != L.REPORT_PATH_NAME]
_PROBLEMS_PLACE = "问题措施位置"  # 设置's field naming, by its number, the section that prints 问题/措施


@dataclass
class Write:
    sheet: str
    row: int
    col: int
    value: object
    old: object = None
    conflict: bool = False
    appended: bool = False  # a row added after the table (its cells are locked until unlocked)
    record: bool = False  # a line of the hidden 规则数据 sheet (carried-over marks, outline), not a cell the clerk sees
    relabel: bool = False  # a 章节 label renamed for the report's own outline (the same row, its section's new title)

    @property
    def old_text(self) -> str:
        """The filled cell's value as the clerk typed it (Excel hands a typed 9 back as 9.0)."""
        if isinstance(self.old, float) and self.old.is_integer():
            return str(int(self.old))
        return str(self.old)

    @property
    def where(self) -> str:
        return f"{self.sheet}!{get_column_letter(self.col)}{self.row}"


def _blank(v) -> bool:
    return v is None or (isinstance(v, str) and not v.strip())


def _same(a, b) -> bool:
    try:
        return abs(float(a) - float(b)) < 1e-9
    except (TypeError, ValueError):
        return str(a).strip() == str(b).strip()


def _built_names(built) -> dict[str, tuple[str, int, int]]:
    out = {}
    for name, dn in built.defined_names.items():
        for sheet, ref in dn.destinations:
            col, row = coordinate_from_string(ref.split(":")[0])  # $B$3 reads as B3
            out[name] = (sheet, row, column_index_from_string(col))
    return out


def _live_names(book) -> dict[str, tuple[str, int, int]]:
    sheets = {s.name for s in book.sheets}
    out = {}
    for n in book.names:
        loc = parse_reference(n.refers_to)
        if loc is not None and loc[0] in sheets:
            out[n.name] = loc
    return out


def _get(book, sheet: str, row: int, col: int):
    return book.sheets[sheet].range((row, col)).value


def _header_cols(get, row: int, width: int = 40) -> dict[str, int]:
    """Header text → its first column in ``row`` (``get(row, col)`` reads a cell of the sheet)."""
    out = {}
    for c in range(1, width + 1):
        v = get(row, c)
        if isinstance(v, str) and v.strip():
            out.setdefault(v.strip(), c)
    return out


def _table_rows(get, header: int, cols: list[int], limit: int = L.MAX_TABLE_ROWS) -> range:
    """The rows of the table under the ``header`` row: up to the row before the first run of 5 rows blank in
    every one of ``cols``, and at most ``limit`` rows."""
    last, blanks = header, 0
    for r in range(header + 1, header + 1 + limit):
        if all(_blank(get(r, c)) for c in cols):
            blanks += 1
            if blanks >= 5:
                break
        else:
            last, blanks = r, 0
    return range(header + 1, last + 1)


def _rows_below(ws, row: int) -> list[int]:
    """The rows of a saved sheet (the built form) below ``row``, to its last."""
    return [cells[0].row for cells in ws.iter_rows(min_row=row + 1)]


def _text_table(book, built, live_names, built_names, header_name: str, writes: list[Write],
                relabel: Optional[dict[str, str]] = None, retitle: Optional[dict[str, str]] = None) -> None:
    """Text rows by 章节/栏目; ``relabel`` (old 章节 → new) renames the open form's 章节 labels first, ``retitle``
    (old heading → new) the 栏目 of its 本单位小标题 rows."""
    relabel, retitle = relabel or {}, retitle or {}
    if header_name not in live_names or header_name not in built_names:
        return
    lsheet, lhr, _ = live_names[header_name]
    bsheet, bhr, _ = built_names[header_name]
    bws = built[bsheet]

    def bget(r, c):
        return bws.cell(r, c).value

    def lget(r, c):
        return _get(book, lsheet, r, c)

    lcols, bcols = _header_cols(lget, lhr, 6), _header_cols(bget, bhr, 6)
    keys = [k for k in (L.TEXT_SECTION, L.TEXT_LABEL, L.TEXT_CONTENT) if k in lcols and k in bcols]
    if L.TEXT_CONTENT not in keys or L.TEXT_LABEL not in keys:
        return
    rows = _table_rows(lget, lhr, [lcols[k] for k in keys])
    live_rows = []
    section = label = ""
    for r in rows:
        s = lget(r, lcols[L.TEXT_SECTION]) if L.TEXT_SECTION in keys else None
        if not _blank(s) and str(s).strip() in relabel:
            s = relabel[str(s).strip()]
            writes.append(Write(lsheet, r, lcols[L.TEXT_SECTION], s, relabel=True))
        lab = lget(r, lcols[L.TEXT_LABEL])
        section = str(s).strip() if not _blank(s) else section
        if section == L.HEADING_SECTION and not _blank(lab) and str(lab).strip() in retitle:
            lab = retitle[str(lab).strip()]  # the heading its words replace, by that heading's new number and words
            writes.append(Write(lsheet, r, lcols[L.TEXT_LABEL], lab, relabel=True))
        label = str(lab).strip() if not _blank(lab) else label
        live_rows.append([r, section, label, lget(r, lcols[L.TEXT_CONTENT])])
    append_at = rows.stop
    bsection = blabel = ""
    for r in _rows_below(bws, bhr):
        s = bget(r, bcols[L.TEXT_SECTION]) if L.TEXT_SECTION in keys else None
        lab = bget(r, bcols[L.TEXT_LABEL])
        content = bget(r, bcols[L.TEXT_CONTENT])
        bsection = str(s).strip() if not _blank(s) else bsection
        blabel = str(lab).strip() if not _blank(lab) else blabel
        if _blank(content):
            continue
        same = [row for row in live_rows if row[2] == blabel and (row[1] == bsection or not bsection)]
        if any(not _blank(row[3]) and _same(row[3], content) for row in same):
            continue  # already there
        empty = next((row for row in same if _blank(row[3])), None)
        if empty is not None:
            empty[3] = content
            writes.append(Write(lsheet, empty[0], lcols[L.TEXT_CONTENT], content))
            continue
        if L.TEXT_SECTION in keys:
            writes.append(Write(lsheet, append_at, lcols[L.TEXT_SECTION], bsection, appended=True))
        writes.append(Write(lsheet, append_at, lcols[L.TEXT_LABEL], blabel, appended=True))
        writes.append(Write(lsheet, append_at, lcols[L.TEXT_CONTENT], content, appended=True))
        live_rows.append([append_at, bsection, blabel, content])
        append_at += 1


def _indicator_column(book, built, live_names, built_names, header: str, writes: list[Write],
                      blank_only: bool = False) -> None:
    """One input column of 指标评分 (上年得分) matched row by row on the indicator's name; ``blank_only``: only
    where the open form's cell is blank (评分方法 of a row whose example rows the import removed)."""
    if L.IND_HEADER_NAME not in live_names or L.IND_HEADER_NAME not in built_names:
        return
    lsheet, lhr, _ = live_names[L.IND_HEADER_NAME]
    bsheet, bhr, _ = built_names[L.IND_HEADER_NAME]
    bws = built[bsheet]

    def lget(r, c):
        return _get(book, lsheet, r, c)

    def bget(r, c):
        return bws.cell(r, c).value

    lcols, bcols = _header_cols(lget, lhr), _header_cols(bget, bhr)
    levels = [L.IND_LABEL[k] for k in L.LEVEL_KEYS]
    if header not in lcols or header not in bcols or not all(h in lcols and h in bcols for h in levels):
        return

    def name(get, r, cols):
        """The row's indicator: the name of its deepest level (None: a row without one)."""
        return next((str(v).strip() for v in (get(r, cols[h]) for h in reversed(levels)) if not _blank(v)), None)

    live = {name(lget, r, lcols): r for r in _table_rows(lget, lhr, [lcols[h] for h in levels])}
    live.pop(None, None)  # a row without a name is no indicator's: nothing goes there
    for r in _rows_below(bws, bhr):
        value = bget(r, bcols[header])
        target = live.get(name(bget, r, bcols))
        if _blank(value) or target is None:
            continue
        old = lget(target, lcols[header])
        if _blank(old):
            writes.append(Write(lsheet, target, lcols[header], value))
        elif not blank_only and not _same(old, value):
            writes.append(Write(lsheet, target, lcols[header], value, old, True))


def example_rows(book, examples: frozenset[str]) -> list[int]:
    """The rows of the open form's 指标评分 still named as the blank form's example rows (``examples``: the
    rules' example names), bottom-up: an import removes them, as the CLI's imported form never has them, so
    no example row is left to count in an imported form's total."""
    live_names = _live_names(book)
    if not examples or L.IND_HEADER_NAME not in live_names:
        return []
    sheet, hr, _ = live_names[L.IND_HEADER_NAME]

    def get(r, c):
        return _get(book, sheet, r, c)

    cols = _header_cols(get, hr)
    levels = [cols[L.IND_LABEL[k]] for k in L.LEVEL_KEYS if L.IND_LABEL[k] in cols]
    return [r for r in reversed(_table_rows(get, hr, levels))
            if any(str(get(r, c)).strip() in examples for c in levels)]  # a blank cell reads "None": no example


def _carried_marks(book, built, writes: list[Write]) -> None:
    """The fingerprints of the texts carried over from last year (column C of the hidden 规则数据 sheet, as the
    CLI's import writes them) added to the open form's own, so that ``check`` warns at those cells alike."""
    if L.S_RULES not in built.sheetnames or L.S_RULES not in {s.name for s in book.sheets}:
        return
    bws = built[L.S_RULES]
    marks = [str(bws.cell(r, 3).value).strip() for r in _rows_below(bws, 1) if not _blank(bws.cell(r, 3).value)]
    if not marks:
        return
    live = book.sheets[L.S_RULES]
    rows = _table_rows(lambda r, c: live.range((r, c)).value, 1, [3])  # under the banner
    have = {str(live.range((r, 3)).value).strip() for r in rows}
    if live.range((1, 3)).value != L.CARRIED_BANNER:
        writes.append(Write(L.S_RULES, 1, 3, L.CARRIED_BANNER, record=True))
    last = rows.stop - 1
    for mark in (m for m in dict.fromkeys(marks) if m not in have):
        last += 1
        writes.append(Write(L.S_RULES, last, 3, mark, record=True))


def _outline_lines(book, built, old: Outline, writes: list[Write]) -> None:
    """Column B of the hidden 规则数据 sheet: the built form's lines (the report's own outline, as the CLI writes it),
    the open form's longer old outline cleared below them."""
    if L.S_RULES not in built.sheetnames or L.S_RULES not in {s.name for s in book.sheets}:
        return
    bws, live = built[L.S_RULES], book.sheets[L.S_RULES]
    lines = [bws.cell(r, 2).value for r in _rows_below(bws, 0)]
    while lines and _blank(lines[-1]):
        lines.pop()
    old_rows = len(old.text.split("\n")) + 1  # the banner and each line, as the builder wrote them
    for r in range(1, max(len(lines), old_rows) + 1):
        value = lines[r - 1] if r <= len(lines) else None
        if value != live.range((r, 2)).value:
            writes.append(Write(L.S_RULES, r, 2, value, record=True))


def _slot_after_switch(old: Outline, new: Outline, live_value, built_value):
    """设置 问题措施位置 once the form follows ``new``: the report's place when the clerk kept the old outline's
    default (or left it blank); the clerk's own choice otherwise, by the number its section prints now."""
    value = str(live_value).strip()  # a blank cell (None) reads "None", which no section offers: the report's
    if not value or value == old.default_slot:
        return built_value
    section = new.section(next((s.id for s in old.sections for b in s.blocks if b.slot == value), None))
    return next((b.slot for b in section.blocks if b.slot), built_value) if section is not None else built_value


def _relabels(old: Outline, new: Outline) -> dict[str, str]:
    """Old 章节 label → new, for each section both outlines have (by id) whose label changes."""
    out = {}
    for s in old.sections:
        t = new.section(s.id)
        if t is not None and old.form_label(s) != new.form_label(t):
            out[old.form_label(s)] = new.form_label(t)
    return out


def _retitles(old: Outline, new: Outline) -> dict[str, str]:
    """Old heading → new (“四、绩效目标实现情况分析” → “七、绩效目标实现情况分析”), for each section both outlines
    have whose heading changes: a 本单位小标题 row names the heading its words replace by it."""
    return {s.title: new.section(s.id).title for s in old.sections
            if new.section(s.id) is not None and s.title != new.section(s.id).title}


def plan_fill(book, built, switch: Optional[tuple[Outline, Outline]] = None) -> tuple[list[Write], list[Write]]:
    """(every write, the conflicting ones among them) to bring ``built``'s content into ``book``; ``switch`` =
    (the open form's outline, the report's own): the open form is switched to the report's outline too."""
    live_names, built_names = _live_names(book), _built_names(built)
    writes: list[Write] = []
    for f in _FILLABLE:
        if f.name not in built_names or f.name not in live_names:
            continue
        bsheet, br, bc = built_names[f.name]
        value = built[bsheet].cell(br, bc).value
        if _blank(value) or (isinstance(value, str) and value.startswith("=")):
            continue
        lsheet, lr, lc = live_names[f.name]
        old = _get(book, lsheet, lr, lc)
        if switch is not None and f.name == _PROBLEMS_PLACE:  # a number of the new outline, not a conflict
            value = _slot_after_switch(*switch, old, value)
            if _blank(old) or not _same(old, value):
                writes.append(Write(lsheet, lr, lc, value))
        elif _blank(old):
            writes.append(Write(lsheet, lr, lc, value))
        elif not _same(old, value):
            writes.append(Write(lsheet, lr, lc, value, old, True))
    relabel, retitle = (_relabels(*switch), _retitles(*switch)) if switch is not None else ({}, {})
    _text_table(book, built, live_names, built_names, L.BASIC_TEXT_HEADER_NAME, writes, relabel)
    _text_table(book, built, live_names, built_names, L.TEXT_HEADER_NAME, writes, relabel, retitle)
    if switch is not None:
        _outline_lines(book, built, switch[0], writes)
    _indicator_column(book, built, live_names, built_names, "上年得分", writes)
    _indicator_column(book, built, live_names, built_names, "评分方法", writes, blank_only=True)
    _carried_marks(book, built, writes)
    return writes, [w for w in writes if w.conflict]
