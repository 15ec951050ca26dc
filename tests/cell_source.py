"""A workbook as a few dicts, for the reader's fast tests: the five answers of a cell source
(:class:`xlperf.workbook.sources.CellSource`) typed by hand, or taken once from a saved form with openpyxl.

Cells are given as ``{"B4": 2021}`` per sheet; a formula is ``Formula("=B5*1")`` and its saved result goes in
``cached``.  Written against openpyxl only (never through xlperf's reader), so a test that reads a ``DictSource``
with the reader checks the reader against values put here by hand.
"""

from __future__ import annotations

import copy
from pathlib import Path

import openpyxl
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from xlperf.workbook.sources import Formula


def rc(cell: str) -> tuple[int, int]:
    """``"H12"`` → ``(12, 8)``."""
    col, row = coordinate_from_string(cell)
    return row, column_index_from_string(col)


class PlainSource:
    """Sheets of ``{"A1": value}``; ``names`` a defined name → ``(sheet, "B4")``; ``cached`` ``(sheet, "B4")`` → the
    saved result of a formula.  No ``number_format``: every cell is read as "General" (:class:`DictSource` has it)."""

    def __init__(self, sheets: dict[str, dict[str, object]] | None = None, *, names: dict | None = None,
                 cached: dict | None = None, formats: dict | None = None, sizes: dict | None = None):
        self.cells: dict[str, dict[tuple[int, int], object]] = {}
        self.sizes: dict[str, tuple[int, int]] = dict(sizes or {})
        for sheet, cells in (sheets or {}).items():
            self.cells[sheet] = {}
            for ref, v in cells.items():
                self.put(sheet, ref, v)
        self.names = {k: (s, *rc(ref)) for k, (s, ref) in (names or {}).items()}
        self.cache = {(s, *rc(ref)): v for (s, ref), v in (cached or {}).items()}
        self.formats = {(s, *rc(ref)): v for (s, ref), v in (formats or {}).items()}
        self.format_calls = 0

    # ------------------------------------------------------------ editing, in the tests
    def put(self, sheet: str, ref: str, value: object) -> PlainSource:
        r, c = rc(ref)
        cells = self.cells.setdefault(sheet, {})
        if value is None:
            cells.pop((r, c), None)
        else:
            cells[(r, c)] = value
        rows, cols = self.sizes.get(sheet, (0, 0))
        self.sizes[sheet] = (max(rows, r), max(cols, c))
        return self

    def get(self, sheet: str, ref: str) -> object:
        return self.cells[sheet].get(rc(ref))

    def copy(self) -> PlainSource:
        """A copy whose cells, names and sizes can be edited without touching this one (the values are scalars)."""
        new = copy.copy(self)
        new.cells = {sheet: dict(cells) for sheet, cells in self.cells.items()}
        new.sizes, new.names, new.cache, new.formats = (dict(self.sizes), dict(self.names), dict(self.cache),
                                                       dict(self.formats))
        return new

    # ------------------------------------------------------------ the cell source
    def sheet_names(self) -> list[str]:
        return list(self.cells)

    def defined_name(self, name: str):
        loc = self.names.get(name)
        return loc if loc is not None and loc[0] in self.cells else None

    def value(self, sheet: str, row: int, col: int) -> object:
        if not (isinstance(row, int) and isinstance(col, int)):
            raise TypeError(f"a cell is asked by row and column numbers, not {row!r}, {col!r}")  # as the live book
        return self.cells[sheet].get((row, col))

    def cached(self, sheet: str, row: int, col: int) -> object:
        return self.cache.get((sheet, row, col))

    def size(self, sheet: str) -> tuple[int, int]:
        return self.sizes.get(sheet, (0, 0))



class DictSource(PlainSource):
    """A :class:`PlainSource` with number formats: ``formats`` ``(sheet, "B4")`` → "0%" (absent: "General")."""

    def number_format(self, sheet: str, row: int, col: int) -> str:
        self.format_calls += 1
        return self.formats.get((sheet, row, col), "General")


def from_workbook(path: Path) -> DictSource:
    """Every non-blank cell, defined name and sheet size of a saved form (openpyxl, no cached values)."""
    wb = openpyxl.load_workbook(path)
    src = DictSource()
    for ws in wb.worksheets:
        src.cells[ws.title] = {(c.row, c.column): Formula(c.value) if c.data_type == "f" else c.value
                               for row in ws.iter_rows() for c in row if c.value is not None}
        src.sizes[ws.title] = (ws.max_row, ws.max_column)
    for name, dn in wb.defined_names.items():
        sheet, ref = next(dn.destinations)
        src.names[name] = (sheet, *rc(ref.replace("$", "").split(":")[0]))
    return src
