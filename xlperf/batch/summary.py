"""Write ``汇总表.xlsx``: 汇总 (one row per workbook, sorted by total, links to the reports),
问题清单 (every problem of every workbook) and 统计 (grade counts, mean, median, min, max).

Text never becomes a formula: every text cell is stored as a string (``data_type = "s"``) and
text starting with ``= + - @`` also gets Excel's quote prefix, as when a clerk types ``'=…``.
"""

from __future__ import annotations

import math
import statistics
from decimal import Decimal
from pathlib import Path

from ..atomic import write_with
from ..numbers import round_half_up
from ..evaluate import FACT_LABELS
from .record import RATE_KEYS, STATUSES, Record

SUMMARY_NAME = "汇总表.xlsx"
FORMULA_START = ("=", "+", "-", "@")
SCORE_FORMAT = "0.00"
RATE_FORMAT = "0.00%"
RATE_LABELS = {key: FACT_LABELS[key] for key in RATE_KEYS}  # the derived figures 汇总 prints, labelled once
DEFAULT_GRADES = ("优", "良", "中", "差")


def put_text(cell, text) -> None:
    """Store ``text`` as a string cell, never as a formula."""
    text = "" if text is None else str(text)
    cell.value = text
    cell.data_type = "s"
    if text.startswith(FORMULA_START):
        cell.quotePrefix = True


def put_number(cell, value, number_format: str) -> None:
    if value is None or value == "":
        return
    cell.value = Decimal(str(value))
    cell.number_format = number_format


def main_report(reports: list[str]) -> str | None:
    """The report the 汇总 sheet links to: Word first, then PDF, HTML, Markdown."""
    order = {".docx": 0, ".pdf": 1, ".html": 2, ".md": 3}
    return min(reports, key=lambda r: order.get(Path(r).suffix.lower(), 9)) if reports else None


def _sorted(records: list[Record]) -> list[Record]:
    def key(r):
        total = Decimal(r.total) if r.total is not None and r.status.has_report else None
        return (total is None, -(total or 0), r.file)

    return sorted(records, key=key)


def level_names(records: list[Record]) -> list[str]:
    names: list[str] = []
    for r in records:
        for name, _w, _s in r.levels:
            if name not in names:
                names.append(name)
    return names


def statistics_rows(records: list[Record], grade_order: tuple[str, ...] = DEFAULT_GRADES) -> list[tuple]:
    """(label, value) rows of the 统计 sheet; scores of failed workbooks are not counted."""
    scored = [r for r in records if r.status.has_report and r.total is not None]
    totals = [Decimal(r.total) for r in scored]
    grades = list(grade_order) + sorted({r.grade for r in scored} - set(grade_order))
    rows: list[tuple] = [("工作簿数", len(records))]
    for status in STATUSES:
        rows.append((status.value, sum(1 for r in records if r.status == status)))
    rows.append(("", None))
    rows.append(("等级", "数量"))
    for g in grades:
        rows.append((g, sum(1 for r in scored if r.grade == g)))
    rows.append(("", None))
    rows.append(("参与统计的工作簿数", len(totals)))
    if totals:
        rows.append(("平均分", round_half_up(sum(totals) / len(totals), 2)))
        rows.append(("中位数", round_half_up(statistics.median(totals), 2)))
        rows.append(("最高分", max(totals)))
        rows.append(("最低分", min(totals)))
    return rows


#: what the 汇总's 报告 column shows for each kind of report (the link holds the file's name)
REPORT_LABELS = {".docx": "打开Word报告", ".pdf": "打开PDF报告", ".md": "打开Markdown报告", ".html": "打开网页报告"}


def _source_link(source_rel: str | None, where: str = ""):
    """A hyperlink into a source workbook (relative path), at ``where`` ("Sheet!A1") when given."""
    from openpyxl.worksheet.hyperlink import Hyperlink

    if not source_rel:
        return None
    location = None
    if "!" in where:
        sheet, cell = where.split("!", 1)
        location = f"'{sheet}'!{cell}"
    return Hyperlink(ref="", target=source_rel, location=location)


def build(records: list[Record], *, grade_order: tuple[str, ...] = DEFAULT_GRADES,
          source_dir: str | Path | None = None, outdir: str | Path | None = None, last_year=None):
    """The summary as an openpyxl Workbook (links are relative to the summary's folder).

    With ``source_dir`` and ``outdir``, each file name and each problem's 位置 links into the source
    workbook (to the very cell, where the problem names one), so a reviewer lands where to look.
    ``last_year`` (:class:`.lastyear.LastYear`): 上年总分, 变化, 上年名次, 名次 and 名次变化 columns after 等级.
    """
    import os

    def rel(rec) -> str | None:
        if source_dir is None or outdir is None:
            return None
        return Path(os.path.relpath(Path(source_dir) / rec.file, Path(outdir))).as_posix()

    from openpyxl import Workbook
    from openpyxl.styles import Font

    bold, link_font = Font(bold=True), Font(color="0563C1", underline="single")
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    levels = level_names(records)
    core = any(rec.core for rec in records)  # a profile with the 核心指标 column: one more column
    yoy, yoy_heads = _year_on_year(records, last_year)
    headers = (["序号", "文件", "单位", "年度", "总分", "等级"] + yoy_heads + levels + list(RATE_LABELS.values())
               + (["核心指标得分"] if core else []) + ["错误数", "警告数", "状态", "原因", "报告"])
    for c, h in enumerate(headers, 1):
        put_text(ws.cell(1, c), h)
        ws.cell(1, c).font = bold
    for i, rec in enumerate(_sorted(records), 1):
        row = i + 1
        ws.cell(row, 1, i)
        put_text(ws.cell(row, 2), rec.file)
        if rel(rec):
            ws.cell(row, 2).hyperlink = _source_link(rel(rec))
            ws.cell(row, 2).font = link_font
        put_text(ws.cell(row, 3), rec.unit or "")
        if rec.year is not None:
            ws.cell(row, 4, int(rec.year))
        put_number(ws.cell(row, 5), rec.total, SCORE_FORMAT)
        put_text(ws.cell(row, 6), rec.grade or "")
        scores = {name: score for name, _w, score in rec.levels}
        col = _put_year_on_year(ws, row, 7, yoy.get(rec.file), yoy_heads)
        for name in levels:
            put_number(ws.cell(row, col), scores.get(name), SCORE_FORMAT)
            col += 1
        for key in RATE_LABELS:
            put_number(ws.cell(row, col), rec.rates.get(key), RATE_FORMAT)
            col += 1
        if core:
            put_text(ws.cell(row, col), "；".join(f"{n} {_plain(sc)}/{_plain(w)}" for n, w, sc in rec.core))
            col += 1
        ws.cell(row, col, rec.errors)
        ws.cell(row, col + 1, rec.warnings)
        put_text(ws.cell(row, col + 2), rec.status.value)
        put_text(ws.cell(row, col + 3), rec.reason or "")
        link = main_report(rec.reports)
        if link:
            cell = ws.cell(row, col + 4)
            # a short label: the row already names the unit, and LibreOffice never wraps a link's text
            put_text(cell, REPORT_LABELS.get(Path(link).suffix.lower(), "打开报告"))
            cell.hyperlink = link
            cell.font = link_font
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = ws.dimensions

    ws2 = wb.create_sheet("问题清单")
    for c, h in enumerate(("文件", "单位", "位置", "项目", "说明", "类别"), 1):
        put_text(ws2.cell(1, c), h)
        ws2.cell(1, c).font = bold
    row = 2
    for rec in sorted(records, key=lambda r: r.file):
        for where, label, message, severity in rec.problems:
            for c, v in enumerate((rec.file, rec.unit or "", where, label, message, severity), 1):
                put_text(ws2.cell(row, c), v)
            if rel(rec) and "!" in where:
                ws2.cell(row, 3).hyperlink = _source_link(rel(rec), where)
                ws2.cell(row, 3).font = link_font
            row += 1
    ws2.freeze_panes = "A2"

    ws3 = wb.create_sheet("统计")
    for r, (label, value) in enumerate(statistics_rows(records, grade_order) + _missing_rows(records, last_year), 1):
        put_text(ws3.cell(r, 1), label)
        if isinstance(value, str):
            put_text(ws3.cell(r, 2), value)
        elif isinstance(value, Decimal):
            put_number(ws3.cell(r, 2), value, SCORE_FORMAT)
        elif value is not None:
            ws3.cell(r, 2, value)
    _print_setup(wb)
    return wb


CHANGE_FORMAT = "+0.00;-0.00;0.00"  # 变化 with its sign


def _year_on_year(records: list[Record], last_year) -> tuple[dict[str, dict], list[str]]:
    """Per file, the year-on-year cells (:func:`.lastyear.compare`), and their headers ([] when none)."""
    from .lastyear import compare, headers

    values = compare(records, last_year)
    return values, (headers(last_year) if values else [])


def _put_year_on_year(ws, row: int, col: int, values: dict | None, heads: list[str]) -> int:
    """Write one record's year-on-year cells from ``col``; the next free column."""
    values = values or {}
    for i, head in enumerate(heads):
        cell, value = ws.cell(row, col + i), values.get(head)
        if head in ("上年总分", "变化"):
            put_number(cell, value, CHANGE_FORMAT if head == "变化" else SCORE_FORMAT)
        elif head in ("名次", "上年名次"):
            if value is not None:
                cell.value = int(value)
        elif value:
            put_text(cell, value)
    return col + len(heads)


def _missing_rows(records: list[Record], last_year) -> list[tuple]:
    """统计: the departments of last year's 汇总表 that sent no workbook this year."""
    from .lastyear import missing_units

    missing = missing_units(records, last_year)
    if missing is None:
        return []
    return [("", None), ("上年有、本年未报送", "、".join(missing) if missing else "无")]


HEADER_FILL = "DDEBF7"  # the form's header colour
#: sheets whose first row is a header (shaded, repeated on every printed page, frozen)
HEADED = ("汇总", "问题清单")
MAX_WIDTH = 36  # a column wider than this wraps its text
MIN_SCALE = 0.8  # columns are narrowed (widest first, down to NARROWEST) until the page needs no less
NARROWEST = 10


def _print_setup(wb) -> None:
    """Every sheet prints landscape on A4, all columns on one page width (as many pages long as it takes),
    the header row shaded and repeated on each page; column widths follow the content (CJK characters
    count double), long text wraps in rows made tall enough for it."""
    from openpyxl.styles import Alignment, Border, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.page import PageMargins

    from .. import sheetfit

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for ws in wb.worksheets:
        headed = ws.title in HEADED
        n = ws.max_column
        widths = []
        for c in range(1, n + 1):
            body = max((sheetfit.text_width(_shown(ws.cell(r, c))) for r in range(1 + headed, ws.max_row + 1)),
                       default=0)
            head = sheetfit.text_width(ws.cell(1, c).value or "") if headed else 0
            # a header may wrap onto two lines; text columns keep room for a few characters
            widths.append(min(MAX_WIDTH, max(4.0, body + 1, head / 2 + 1)))
        budget = sheetfit.page_units(True, n) / MIN_SCALE
        widths = sheetfit.shrink_widths(widths, budget, NARROWEST)
        for c, w in enumerate(widths, start=1):
            # one decimal, rounded down: rounding up could push the columns past the page's budget
            ws.column_dimensions[get_column_letter(c)].width = math.floor(w * 10 + 1e-9) / 10
        for row in ws.iter_rows():
            for cell in row:
                if headed and cell.row == 1:
                    cell.fill, cell.border = fill, border
                    cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
                else:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        if headed:
            ws.print_title_rows = "1:1"
            ws.row_dimensions[1].height = 2 * sheetfit.LINE_PT + sheetfit.PAD_PT
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_margins = PageMargins(left=sheetfit.MARGIN_SIDE, right=sheetfit.MARGIN_SIDE,
                                      top=sheetfit.MARGIN_TOP, bottom=sheetfit.MARGIN_TOP, header=0.3, footer=0.3)
        ws.oddFooter.center.text = "&A　第&P页，共&N页"
        sheetfit.fit_row_heights(ws)


def _shown(cell) -> str:
    """A cell's text as printed (numbers in their format), for sizing its column."""
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        fmt = str(cell.number_format)
        if fmt.endswith("%"):
            return f"{Decimal(str(v)) * 100:.2f}%"
        return f"{Decimal(str(v)):.2f}" if fmt == SCORE_FORMAT else str(v)
    return str(v)


def _plain(value) -> str:
    """A figure from a record ("34.00") as printed: "34"; "—" when missing."""
    from decimal import Decimal, InvalidOperation

    from ..numbers import fmt_number

    try:
        return fmt_number(Decimal(str(value)), 4) if value not in (None, "") else "—"
    except InvalidOperation:
        return str(value)


def write_summary(records: list[Record], outdir: str | Path, *, grade_order: tuple[str, ...] = DEFAULT_GRADES,
                  source_dir: str | Path | None = None, last_year=None) -> Path:
    wb = build(records, grade_order=grade_order, source_dir=source_dir, outdir=outdir, last_year=last_year)
    return write_with(Path(outdir) / SUMMARY_NAME, lambda tmp: wb.save(tmp))
