"""Writing the form's sheets (openpyxl): the cell kinds and their styles (input yellow and unlocked, formula
grey, header), named cells, drop-down lists, a column of single fields, and A4 printing for every sheet."""

from __future__ import annotations

from decimal import Decimal
from typing import Iterable, Optional

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from ..domain.model import Evaluation
from ..infra import sheetfit
from . import layout as L

THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
INPUT = PatternFill("solid", fgColor=L.INPUT_FILL)
HEAD = PatternFill("solid", fgColor=L.HEADER_FILL)
CALC = PatternFill("solid", fgColor=L.FORMULA_FILL)
WRAP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)


def num(value: Decimal | int | None):
    if value is None:
        return None
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


def absolute(sheet: str, cell: str) -> str:
    col = "".join(c for c in cell if c.isalpha())
    row = "".join(c for c in cell if c.isdigit())
    return f"'{sheet}'!${col}${row}"


class Sheet:
    """Small writing helper over one worksheet."""

    def __init__(self, wb: Workbook, title: str, widths: Iterable[float]):
        self.ws = wb.create_sheet(title)
        self.wb = wb
        for i, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w

    def put(self, row: int, col: int, value=None, *, kind: str = "label", fmt: str | None = None):
        """kind: label (plain), input (unlocked, yellow), calc (locked formula, grey), head."""
        cell = self.ws.cell(row=row, column=col)
        if isinstance(value, str) and kind != "calc" and value.startswith("="):
            cell.value = value
            cell.data_type = "s"  # text that looks like a formula stays text
            cell.quotePrefix = True  # as Excel stores text typed with a leading apostrophe
        else:
            cell.value = value
        cell.alignment = WRAP
        if kind == "input":
            cell.fill, cell.protection, cell.border = INPUT, UNLOCKED, BORDER
        elif kind == "calc":
            cell.fill, cell.border = CALC, BORDER
        elif kind == "head":
            cell.fill, cell.border = HEAD, BORDER
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        elif kind != "label":
            raise ValueError(f"unknown cell kind {kind!r}")  # a slip in the builder, never a plain cell by mistake
        if fmt:
            cell.number_format = fmt
        return cell

    def title(self, text: str, note: str = "") -> None:
        self.ws.cell(row=1, column=1, value=text).font = Font(bold=True, size=14)
        if note:
            self.ws.cell(row=2, column=1, value=note).font = Font(color="666666")

    def name(self, name: str, cell: str) -> None:
        self.wb.defined_names[name] = DefinedName(name, attr_text=absolute(self.ws.title, cell))

    def validation(self, options: Iterable[str], ref: str, prompt: str = "") -> None:
        options = list(options)
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                            showErrorMessage=True, showInputMessage=True)
        dv.error, dv.errorTitle = f"只能填：{'、'.join(options)}（可从下拉列表选择）", "输入无效"
        if prompt:
            dv.prompt = prompt
        dv.add(ref)
        self.ws.add_data_validation(dv)

    def finish(self, *, landscape: bool = False, title_rows: str | None = None, freeze: str | None = None,
               protect: bool = True) -> None:
        ws = self.ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if title_rows:
            ws.print_title_rows = title_rows
        if freeze:
            ws.freeze_panes = freeze
        if protect:
            p = ws.protection
            p.sheet = True  # no password: protection only guards formulas against slips
            p.insertRows = p.deleteRows = p.formatColumns = p.formatRows = False


def value_kind(f: L.Field):
    return {"money": L.MONEY_FORMAT, "int": "0"}.get(f.kind)


def field_value(ev: Optional[Evaluation], target: str):
    if ev is None or not target:
        return None
    section, attr = target.split(".")
    obj = getattr(ev, section) if section else ev
    return getattr(obj, attr)


def field_rows(sh: Sheet, row: int, fields, ev, rate_fmt: str, defaults=None) -> int:
    """One row per field (label, value, note); a blank text field ``defaults`` (an outline's ``value_default``)
    has wording for shows that wording, for the clerk to keep or change (the reader reads that wording back as
    blank: the report then takes the outline's wording, the same words)."""
    for f in fields:
        sh.put(row, 1, f.label)
        value = field_value(ev, f.target)
        if f.kind == "text" and not value and defaults is not None:
            value = defaults(f.target) or value
        fmt = rate_fmt if f.kind == "rate" else value_kind(f)
        if f.kind in ("money", "rate", "decimal") and value is not None:  # (an int field holds an int already)
            value = num(value)
        sh.put(row, 2, value if value not in ("",) else None, kind="input", fmt=fmt)
        sh.put(row, 3, f.note)
        sh.name(f.name, f"B{row}")
        row += 1
    return row


# ---------------------------------------------------------------- printing (A4)

#: column widths of the portrait sheets: ~95 units fill a portrait A4 page at 100 % in Excel (LibreOffice, whose
#: unit is wider, prints them at ~85 %); text wraps inside the page
_PRINT_WIDTHS = {
    L.S_GUIDE: (78,),  # one column: LibreOffice does not shrink a single column wider than the page, it cuts it
    L.S_BASIC: (20, 54, 22),
    L.S_BUDGET: (26, 30, 38),
    L.S_TEXT: (22, 16, 58),
    L.S_SETTINGS: (30, 28, 2, 36),
}
#: 指标评分 prints landscape from 一级指标 to 改进措施 (the grey 计算用 columns and any after them are left
#: out); these widths add up to ~159 units: the page at ~85 % in Excel, ~75 % in LibreOffice (8–9 pt text)
_IND_PRINT_WIDTHS = {
    "level1": 9, "level2": 11, "level3": 16, "weight": 5, "method": 7, "unit": 5, "target": 7, "actual": 7,
    "target_text": 9, "direction": 5, "param": 9, "suggested": 6, "manual_score": 6, "rate": 7,
    "not_applicable": 5, "counted": 6, "counted_weight": 6, "deviation_reason": 17, "improvement": 17,
}
_IND_PRINT_LAST = "improvement"
_FOOTER = "&A　第&P页，共&N页"


def print_setup(wb: Workbook) -> None:
    """Every visible sheet prints legibly on A4: widths that fit the page, wrapped text in rows tall enough
    to show it, narrow margins, a page footer; 指标评分 only the columns a reviewer reads.  Orientation,
    fit-to-width and the repeated header rows come from each sheet's ``finish``."""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        if ws.title == L.S_IND:
            _ind_print_columns(ws)
        else:
            widths = _PRINT_WIDTHS.get(ws.title)
            used = ws.max_column
            if widths and len(widths) >= used:
                for i, w in enumerate(widths, start=1):
                    ws.column_dimensions[get_column_letter(i)].width = w
        ws.page_margins = PageMargins(left=sheetfit.MARGIN_SIDE, right=sheetfit.MARGIN_SIDE,
                                      top=sheetfit.MARGIN_TOP, bottom=sheetfit.MARGIN_TOP, header=0.3, footer=0.3)
        ws.oddFooter.center.text = _FOOTER
        sheetfit.fit_row_heights(ws)


def _ind_print_columns(ws) -> None:
    """指标评分: the reviewer's columns narrowed for print, and the print area 一级指标 … 改进措施."""
    key_of = {c.header: c.key for c in L.IND_COLUMNS + L.OPTIONAL_COLUMNS}
    for cell in ws[L.IND_HEADER_ROW]:
        key = key_of.get(cell.value)
        if key in _IND_PRINT_WIDTHS:
            ws.column_dimensions[cell.column_letter].width = _IND_PRINT_WIDTHS[key]
        if key == _IND_PRINT_LAST:  # to the 合计 row: rows a clerk inserts above it widen the range (Excel moves its end)
            ws.print_area = f"A1:{cell.column_letter}{ws.max_row}"
