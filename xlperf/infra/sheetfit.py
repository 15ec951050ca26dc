"""Fit openpyxl worksheets to the printed page: text widths (CJK characters count double), column widths
that fit a page, and row heights for wrapped text.

Neither Excel nor LibreOffice recomputes the height of a row holding wrapped text when it opens a file
written by openpyxl (LibreOffice 7 prints such a row one line high and cuts the text off), so rows that need
more than one line get an explicit height here.  Widths are in Excel's column-width units (the width of
the digit 0 in the default 11 pt font); heights in points.
"""

from __future__ import annotations

import math
import unicodedata

from openpyxl.utils import get_column_letter

#: one CJK character in column-width units (11 pt ideographs are ~14.7 px, the digit 0 of Calibri 11 is 7 px)
CJK_WIDTH = 2.1
#: the height of one line of 11 pt text, points: LibreOffice's Noto Sans CJK needs ~16, Excel's 等线 14.25
LINE_PT = 16.0
PAD_PT = 3.0
DEFAULT_WIDTH = 8.43  # Excel's width of a column nobody sized

#: A4 in inches, and the margins the sheets print with (left/right, top/bottom)
A4_INCHES = (8.27, 11.69)
MARGIN_SIDE, MARGIN_TOP = 0.4, 0.6
#: a column w units wide is w×7+5 pixels in Excel (Calibri 11); LibreOffice, measuring with its substitute
#: font, makes a unit ~8.8 px (so the same sheet prints ~20 % smaller there)
_PX_PER_INCH, _PX_PAD = 96, 5
PX_PER_UNIT = {"excel": 7.0, "libreoffice": 8.8}


def char_width(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in ("W", "F", "A"):  # ideographs, full-width forms, “”：
        return CJK_WIDTH
    return 1.0


def text_width(text: object) -> float:
    """Width of the longest line of ``text`` in column-width units."""
    return max(sum(char_width(c) for c in line) for line in str(text).split("\n"))  # split gives one line at least


def line_count(text: object, width: float) -> int:
    """Lines ``text`` takes when wrapped in a column ``width`` units wide (a character never splits)."""
    usable = max(width - 0.3, 1.0)  # a w-unit column shows 7w+1 px of text in Excel; a CJK character is 14.7 px
    lines = 0
    for para in str(text).split("\n"):
        n, cur = 1, 0.0
        for ch in para:
            w = char_width(ch)
            if cur + w > usable and cur > 0:
                n, cur = n + 1, w
            else:
                cur += w
        lines += n
    return lines


def column_width(ws, column: int) -> float:
    dim = ws.column_dimensions.get(get_column_letter(column))
    return float(dim.width) if dim is not None and dim.width else DEFAULT_WIDTH


def page_units(landscape: bool, columns: int, app: str = "excel") -> float:
    """How many column-width units ``columns`` columns may add up to on one A4 page at 100 % in ``app``."""
    paper = A4_INCHES[1] if landscape else A4_INCHES[0]
    px = (paper - 2 * MARGIN_SIDE) * _PX_PER_INCH - columns * _PX_PAD
    return px / PX_PER_UNIT[app]


def fit_row_heights(ws, *, rows=None) -> None:
    """Give each row whose wrapped text needs more than one line the height of its tallest cell (lines × font size).

    Only text cells with ``wrap_text`` count (formulas and numbers do not wrap); merged cells are left to
    the sheet's author.  A height set before is kept when it is larger.
    """
    merged = set()
    for rng in ws.merged_cells.ranges:
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                merged.add((r, c))
    widths: dict[int, float] = {}
    for row in ws.iter_rows(min_row=rows[0] if rows else None, max_row=rows[-1] if rows else None):
        need = 0  # the tallest wrapped cell's height in points; a cell on one line needs none
        for cell in row:
            v = cell.value
            if not isinstance(v, str) or not v or cell.data_type == "f" or (cell.row, cell.column) in merged:
                continue
            if not (cell.alignment is not None and cell.alignment.wrap_text):
                continue
            if cell.column not in widths:
                widths[cell.column] = column_width(ws, cell.column)
            size = float(cell.font.sz or 11)
            n = line_count(v, widths[cell.column] * 11.0 / size)
            if n > 1:  # the height grows with the lines and with the font: a larger font on fewer lines may be taller
                need = max(need, math.ceil(n * LINE_PT * size / 11.0 + PAD_PT))
        if need:
            dim = ws.row_dimensions[row[0].row]
            dim.height = max(dim.height or need, need)


def shrink_widths(widths: list[float], budget: float, floor: float | list[float]) -> list[float]:
    """``widths`` narrowed until they add up to ``budget``: the widest column first, none below ``floor`` (one
    for all, or one per column — a column whose text cannot wrap keeps its width)."""
    out = list(widths)
    floors = list(floor) if isinstance(floor, list) else [floor] * len(out)
    while sum(out) > budget:
        narrowable = [k for k in range(len(out)) if out[k] - 1 >= floors[k]]
        if not narrowable:
            break
        i = max(narrowable, key=lambda k: out[k])
        out[i] -= 1
    return out
