"""How the sheets of 汇总表.xlsx are written and printed: text cells that never become formulas, numbers in their
format, 统计's grade shares and page breaks, and the page setup of every sheet (A4 landscape, one page wide, column
widths from the content, the title and header repeated)."""

from __future__ import annotations

import math
from decimal import Decimal

from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break

from ..domain.numbers import round_half_up
from ..infra import sheetfit
from .record import SCORE_PLACES

FORMULA_START = ("=", "+", "-", "@")
SCORE_FORMAT = "0." + "0" * SCORE_PLACES  # every score as printed: SCORE_PLACES places
CHANGE_FORMAT = "+{0};-{0};{0}".format(SCORE_FORMAT)  # 变化 with its sign
SHARE_FORMAT = "0.0%"  # 统计: each grade's share of the scored workbooks
TITLE_ROW, HEAD_ROW = 1, 2  # every sheet: its title, then (汇总, 问题清单) the header row
CHART_SHEET = "图表"
CHART_COLUMNS = 16  # the 图表 sheet's title spans the columns its charts cover


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


def put_score(cell, value, number_format: str = SCORE_FORMAT) -> None:
    """A score stored as 汇总 prints it (SCORE_PLACES places, half up), so what a reader adds or subtracts
    from the cells is what the sheet shows."""
    if value is not None and value != "":
        put_number(cell, round_half_up(Decimal(str(value)), SCORE_PLACES), number_format)


def grade_shares(ws, groups, grade_rows: list[tuple[int, int]]) -> None:
    """统计, per 年度: 占比 beside each grade's count (count ÷ the scored workbooks), the 等级/数量/占比 row and the
    年度 label bold; each later 年度 starts a new printed page (a block is never split over two pages)."""
    labels = {cell.value: cell.row for (cell,) in ws.iter_rows(max_col=1)}  # where each 年度's block starts
    for n, ((first, last), (year, group)) in enumerate(zip(grade_rows, groups)):
        scored = sum(1 for r in group if r.status.has_report and r.total is not None)
        put_text(ws.cell(first - 1, 3), "占比")
        for c in (1, 2, 3):
            ws.cell(first - 1, c).font = Font(bold=True)
        for r in range(first, last + 1):
            if scored:
                put_number(ws.cell(r, 3), Decimal(ws.cell(r, 2).value) / scored, SHARE_FORMAT)
        if len(groups) > 1:
            label_row = labels[f"{year}年度"]
            ws.cell(label_row, 1).font = Font(bold=True)
            if n:
                ws.row_breaks.append(Break(id=label_row - 1))


HEADER_FILL = "DDEBF7"  # the form's header colour
#: sheets whose first row is a header (shaded, repeated on every printed page, frozen)
HEADED = ("汇总", "问题清单")
MAX_WIDTH = 36  # a column wider than this wraps its text
MIN_SCALE = 0.8  # columns are narrowed (widest first, down to NARROWEST) until the page needs no less
NARROWEST = 10
UNIT_WIDTH = 18  # 单位 is not narrowed below eight CJK characters a line


def print_setup(wb) -> None:
    """Every sheet prints landscape on A4, all columns on one page width (as many pages long as it takes),
    the title and the header row (shaded) repeated on each page; column widths follow the content (CJK characters
    count double, numbers as their format prints them), long text wraps in rows made tall enough for it."""
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    fill = PatternFill("solid", fgColor=HEADER_FILL)
    for ws in wb.worksheets:
        headed = ws.title in HEADED or ws.title.startswith("汇总（")
        body_from = HEAD_ROW + 1 if headed else HEAD_ROW
        n = ws.max_column if not ws.title.startswith(CHART_SHEET) else 0
        widths, floors = [], []
        for c in range(1, n + 1):
            column = [cell for (cell,) in ws.iter_rows(min_row=body_from, min_col=c, max_col=c)]
            texts = [sheetfit.text_width(shown(cell)) + 1 for cell in column]  # each body cell's text, one unit more
            # a header may wrap onto two lines (in 统计, without a header, row 2 is body: counted in full already);
            # text columns keep room for a few characters
            head = sheetfit.text_width(shown(ws.cell(HEAD_ROW, c)))
            widths.append(min(MAX_WIDTH, max(4.0, head / 2 + 1, *texts)))
            # a link's text never wraps in LibreOffice: its column is not narrowed below it (a file name cut off);
            # and the 单位, which a director reads first, keeps room for eight characters a line
            linked = [width for cell, width in zip(column, texts) if cell.hyperlink]
            keep = UNIT_WIDTH if headed and ws.cell(HEAD_ROW, c).value == "单位" else NARROWEST
            floors.append(min(widths[-1], max([keep, *linked])))
        budget = sheetfit.page_units(True, n) / MIN_SCALE
        widths = sheetfit.shrink_widths(widths, budget, floors)
        for c, w in enumerate(widths, start=1):
            # one decimal, rounded down: rounding up could push the columns past the page's budget
            ws.column_dimensions[get_column_letter(c)].width = math.floor(w * 10 + 1e-9) / 10
        for row in ws.iter_rows(min_row=HEAD_ROW):
            for cell in row:
                if headed and cell.row == HEAD_ROW:
                    cell.fill, cell.border = fill, border
                    cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
                else:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
        # the title, merged over the table's columns — and over blank ones of Excel's default width while its
        # longest line at 14 pt is wider (统计 has two columns): one line each, never wrapped in a narrow cell
        lines = shown(ws.cell(TITLE_ROW, 1)).split("\n")
        need = max(sheetfit.text_width(line) for line in lines) * 14 / 11 + 2
        span, columns = sum(widths), n or CHART_COLUMNS
        span += (columns - n) * sheetfit.DEFAULT_WIDTH
        while span < need:
            columns, span = columns + 1, span + sheetfit.DEFAULT_WIDTH
        if columns > 1:
            ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=columns)
        ws.row_dimensions[TITLE_ROW].height = len(lines) * sheetfit.LINE_PT * 14 / 11 + sheetfit.PAD_PT
        if headed:
            ws.print_title_rows = f"{TITLE_ROW}:{HEAD_ROW}"
            ws.row_dimensions[HEAD_ROW].height = 2 * sheetfit.LINE_PT + sheetfit.PAD_PT
        elif n:  # 统计: its title on every page (a page per 年度)
            ws.print_title_rows = f"{TITLE_ROW}:{TITLE_ROW}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        # Excel ignores manual page breaks on a sheet fitted to the page: 统计 with a page per 年度 prints at 100 %
        # (it is two or three columns wide)
        ws.sheet_properties.pageSetUpPr.fitToPage = not ws.row_breaks.brk
        ws.page_margins = PageMargins(left=sheetfit.MARGIN_SIDE, right=sheetfit.MARGIN_SIDE,
                                      top=sheetfit.MARGIN_TOP, bottom=sheetfit.MARGIN_TOP, header=0.3, footer=0.3)
        ws.oddFooter.center.text = "&A　第&P页，共&N页"
        sheetfit.fit_row_heights(ws, rows=(HEAD_ROW, max(ws.max_row, HEAD_ROW)))


def shown(cell) -> str:
    """A cell's text as printed (numbers in their format), for sizing its column."""
    v = cell.value
    if v is None:
        return ""
    if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
        fmt, d = str(cell.number_format), Decimal(str(v))
        if fmt.endswith("%"):
            return f"{d * 100:.2f}%"
        if fmt == CHANGE_FORMAT:  # the sign is printed: +3.00 / -4.00 (a column sized for "3" shows ###)
            return f"{d:+.2f}" if d else "0.00"
        return f"{d:.2f}" if fmt == SCORE_FORMAT else str(v)
    return str(v)
