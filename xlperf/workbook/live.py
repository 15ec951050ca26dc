"""The live workbook as a :class:`.sources.CellSource`: an open ``xlwings.Book`` (the ribbon buttons).

The clerk may not have saved, so values come from Excel itself, not from the file.  Every COM call
is a round trip to Excel, so each sheet is read with exactly two calls on its used range (values
and formulas), the defined names once, and every cell lookup after that is a dictionary lookup.

Values are normalised to what the openpyxl source gives for the same cell, so that the one
reader (:mod:`.read`) sees the same input whichever source it reads: whole numbers as ``int``
(Excel hands every number over as a float), Excel errors as their text (``"#N/A"``), a formula
as a :class:`.sources.Formula` and its computed value as :meth:`cached`.  ``Range.Formula`` gives
a text constant as itself, so a cell is a formula when its formula text starts with ``=`` and
differs from its value.

Duck-typed over the xlwings API: this module never imports xlwings (tests pass a stand-in).
"""

from __future__ import annotations

from .refs import parse_reference  # noqa: F401 - re-exported: the importer and the tests read it here
from .sources import Formula


def _plain(value: object) -> object:
    if isinstance(value, float) and not isinstance(value, bool) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _grid(raw: object) -> list[list[object]]:
    """xlwings gives a scalar for one cell, a tuple of tuples (COM) or a list of lists otherwise."""
    if isinstance(raw, (list, tuple)):
        if raw and not isinstance(raw[0], (list, tuple)):
            return [list(raw)]
        return [list(r) for r in raw]
    return [[raw]]


class _Sheet:
    def __init__(self, first_row: int, first_col: int, values, formulas):
        self.first_row, self.first_col = first_row, first_col
        self.values = _grid(values)
        self.formulas = _grid(formulas)
        self.rows = len(self.values)
        self.cols = max((len(r) for r in self.values), default=0)

    def _at(self, grid, row: int, col: int) -> object:
        r, c = row - self.first_row, col - self.first_col
        if 0 <= r < len(grid) and 0 <= c < len(grid[r]):
            return grid[r][c]
        return None

    def value(self, row: int, col: int) -> object:
        return _plain(self._at(self.values, row, col))

    def formula(self, row: int, col: int) -> object:
        return self._at(self.formulas, row, col)

    def size(self) -> tuple[int, int]:
        return self.first_row + self.rows - 1, self.first_col + self.cols - 1


class XlwingsSource:
    """A live ``xlwings.Book`` as a cell source; ``skip`` names sheets to ignore (the actions' own output)."""

    def __init__(self, book, *, skip: tuple[str, ...] = ()):
        self.book = book
        self._sheet_names = [s.name for s in book.sheets if s.name not in skip]
        self._names: dict[str, object] | None = None
        self._sheets: dict[str, _Sheet] = {}

    def sheet_names(self) -> list[str]:
        return list(self._sheet_names)

    def defined_name(self, name: str) -> tuple[str, int, int] | None:
        if self._names is None:
            # workbook-level names only (sheet-level ones come as "Sheet!name")
            self._names = {n.name: n.refers_to for n in self.book.names}
        loc = parse_reference(self._names.get(name))
        if loc is None or loc[0] not in self._sheet_names:
            return None
        return loc

    def _sheet(self, sheet: str) -> _Sheet:
        grid = self._sheets.get(sheet)
        if grid is None:
            used = self.book.sheets[sheet].used_range
            grid = _Sheet(used.row, used.column, used.options(ndim=2, err_to_str=True).value, used.formula)
            self._sheets[sheet] = grid
        return grid

    def value(self, sheet: str, row: int, col: int) -> object:
        grid = self._sheet(sheet)
        formula, value = grid.formula(row, col), grid.value(row, col)
        # Range.Formula gives text constants as they are: text that merely starts with "=" has value == formula
        if isinstance(formula, str) and formula.startswith("=") and value != formula:
            return Formula(formula)
        return value

    def cached(self, sheet: str, row: int, col: int) -> object:
        return self._sheet(sheet).value(row, col)

    def size(self, sheet: str) -> tuple[int, int]:
        return self._sheet(sheet).size()

    def number_format(self, sheet: str, row: int, col: int) -> str:
        return str(self.book.sheets[sheet].range((row, col)).number_format or "General")
