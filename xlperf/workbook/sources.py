"""Cell sources: the minimal interface the reader needs, and its openpyxl implementation.

A source answers five questions about a workbook and nothing else, so that a second source (the
live workbook through xlwings, for the ribbon buttons) can be added without touching the reader:

* ``sheet_names()`` — the worksheet names, in order;
* ``defined_name(name)`` — ``(sheet, row, col)`` of the first cell a workbook-level name refers to,
  or ``None`` (missing, broken, or pointing at a sheet that no longer exists);
* ``value(sheet, row, col)`` — what the cell holds: a number, text, bool, date/datetime, ``None``
  for blank, an Excel error as its text (``"#N/A"``), and a formula as a :class:`Formula` (its text,
  starting with ``=``; plain text that merely starts with ``=`` stays ``str``);
* ``cached(sheet, row, col)`` — the last computed value of a formula cell as saved in the file
  (``None`` when the file has none, e.g. written by openpyxl);
* ``size(sheet)`` — ``(max_row, max_col)`` of the used range.

Optional: ``number_format(sheet, row, col)`` — the cell's number format ("0%", "General"); a
source without it is read as if every cell were "General".

Rows and columns are 1-based.  Merged cells: only the top-left cell has a value, the others are
blank (Excel's own behaviour).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol


class Formula(str):
    """A cell's formula text (``"=执行率"``), distinct from text that happens to start with ``=``."""


class CellSource(Protocol):
    def sheet_names(self) -> list[str]: ...

    def defined_name(self, name: str) -> tuple[str, int, int] | None: ...

    def value(self, sheet: str, row: int, col: int) -> object: ...

    def cached(self, sheet: str, row: int, col: int) -> object: ...

    def size(self, sheet: str) -> tuple[int, int]: ...


class OpenpyxlSource:
    """A saved .xlsx/.xlsm file read with openpyxl (formulas as text; cached values on demand)."""

    def __init__(self, path: str | Path):
        import openpyxl

        self.path = Path(path)
        self._wb = openpyxl.load_workbook(self.path, data_only=False, keep_links=False)
        self._values_wb = None
        self._cells: dict[str, dict[tuple[int, int], object]] = {}

    def sheet_names(self) -> list[str]:
        return list(self._wb.sheetnames)

    def defined_name(self, name: str) -> tuple[str, int, int] | None:
        from openpyxl.formula.tokenizer import TokenizerError
        from openpyxl.utils.cell import coordinate_from_string, column_index_from_string

        dn = self._wb.defined_names.get(name)
        if dn is None:
            return None
        try:
            for sheet, ref in dn.destinations:
                if sheet not in self._wb.sheetnames:
                    return None
                first = ref.replace("$", "").split(":")[0]
                col, row = coordinate_from_string(first)
                return sheet, row, column_index_from_string(col)
        except (ValueError, TypeError, AttributeError, TokenizerError):  # a corrupt name's formula
            return None
        return None

    def _sheet_cells(self, sheet: str) -> dict[tuple[int, int], object]:
        cells = self._cells.get(sheet)
        if cells is None:
            cells = {}
            for row in self._wb[sheet].iter_rows():
                for c in row:
                    if c.value is not None:
                        cells[(c.row, c.column)] = _plain(c.value) if c.data_type == "f" else c.value
            self._cells[sheet] = cells
        return cells

    def value(self, sheet: str, row: int, col: int) -> object:
        return self._sheet_cells(sheet).get((row, col))

    def cached(self, sheet: str, row: int, col: int) -> object:
        import openpyxl

        if self._values_wb is None:
            self._values_wb = openpyxl.load_workbook(self.path, data_only=True, keep_links=False)
        return self._values_wb[sheet].cell(row=row, column=col).value

    def size(self, sheet: str) -> tuple[int, int]:
        ws = self._wb[sheet]
        return ws.max_row, ws.max_column

    def number_format(self, sheet: str, row: int, col: int) -> str:
        ws = self._wb[sheet]
        cell = ws._cells.get((row, col))  # no new cell for a blank position
        return str(cell.number_format) if cell is not None else "General"


def _plain(value: object) -> Formula:
    """A formula cell's value (text, or an array/data-table formula object) as :class:`Formula`."""
    text = str(value if isinstance(value, str) else getattr(value, "text", "") or "")
    return Formula(text if text.startswith("=") else "=" + text)
