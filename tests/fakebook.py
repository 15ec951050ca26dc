"""A stand-in for the part of the xlwings Book API that ``xlperf/excel.py`` and ``workbook/live.py`` use.

Backed by a real workbook file loaded with openpyxl, so tests run on the committed forms.  It keeps
xlwings' (Windows/COM) conventions where they matter to the code under test:

* numbers come back as floats, Excel errors as None unless ``options(err_to_str=True)``;
* ``.formula`` gives the formula text, or the constant as text (``""`` for blank), one cell → a str,
  several → a tuple of tuples;
* assigning a string starting with ``=`` enters a formula; a leading apostrophe makes it text;
* a protected sheet refuses value writes to locked cells and colour changes unless formatting is allowed
  (Excel raises a COM error there);
* ``app.alert`` records every box and answers from ``app.answers`` (default: "ok"/"no").

``book.reads`` counts range reads (``value``/``formula``/``color`` getters) — the COM round trips that matter.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import openpyxl
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.workbook.defined_name import DefinedName


class ComError(Exception):
    """What pywin32 raises when Excel refuses an operation (pywintypes.com_error)."""


class FakeApp:
    def __init__(self):
        self.status_bar = False
        self.screen_updating = True
        self.alerts: list[dict] = []
        self.answers: list[str] = []  # answers to yes/no boxes, in order
        self.status_history: list[object] = []
        self.api = _AppApi()

    def __setattr__(self, key, value):
        if key == "status_bar" and "status_history" in self.__dict__:
            self.status_history.append(value)
        super().__setattr__(key, value)

    def alert(self, prompt, title=None, buttons="ok", mode=None, callback=None):
        self.alerts.append({"prompt": prompt, "title": title, "buttons": buttons, "mode": mode})
        if buttons == "ok":
            return "ok"
        return self.answers.pop(0) if self.answers else "no"


class _AppApi:
    def __init__(self):
        self.full_calculations = 0
        self.open_answer: object = False  # what the file dialog returns (False = cancelled)
        self.open_dialogs: list[tuple] = []

    def GetOpenFilename(self, *args):  # noqa: N802 - COM name
        self.open_dialogs.append(args)
        return self.open_answer

    def CalculateFull(self):  # noqa: N802 - COM name
        self.full_calculations += 1


class FakeName:
    def __init__(self, book: "FakeBook", name: str):
        self._book, self.name = book, name

    @property
    def refers_to(self) -> str:
        return "=" + self._book.wb.defined_names[self.name].attr_text


class FakeNames:
    def __init__(self, book: "FakeBook"):
        self._book = book

    def __iter__(self):
        return iter([FakeName(self._book, n) for n in list(self._book.wb.defined_names.keys())])

    def add(self, name: str, refers_to: str) -> FakeName:
        self._book.wb.defined_names[name] = DefinedName(name, attr_text=refers_to.lstrip("="))
        return FakeName(self._book, name)


class FakeSheets:
    def __init__(self, book: "FakeBook"):
        self._book = book

    def _all(self):
        return [FakeSheet(self._book, ws) for ws in self._book.wb.worksheets]

    def __iter__(self):
        return iter(self._all())

    def __len__(self):
        return len(self._book.wb.worksheets)

    def __getitem__(self, key):
        if isinstance(key, int):
            return self._all()[key]
        if key not in self._book.wb.sheetnames:
            raise ComError(f"no sheet {key!r}")
        return FakeSheet(self._book, self._book.wb[key])

    def __contains__(self, key):
        return key in self._book.wb.sheetnames

    def add(self, name=None, before=None, after=None):
        if name in self._book.wb.sheetnames:
            raise ValueError(f"Sheet named '{name}' already present in workbook")
        index = None
        if after is not None:
            index = self._book.wb.sheetnames.index(after.name) + 1
        elif before is not None:
            index = self._book.wb.sheetnames.index(before.name)
        ws = self._book.wb.create_sheet(name, index)
        self._book.active = ws.title
        return FakeSheet(self._book, ws)


class _Protection:
    """Excel's Worksheet.Protection: Allow* = not protected in openpyxl's terms."""

    _MAP = {"AllowFormattingCells": "formatCells", "AllowFormattingColumns": "formatColumns",
            "AllowFormattingRows": "formatRows", "AllowInsertingColumns": "insertColumns",
            "AllowInsertingRows": "insertRows", "AllowInsertingHyperlinks": "insertHyperlinks",
            "AllowDeletingColumns": "deleteColumns", "AllowDeletingRows": "deleteRows",
            "AllowSorting": "sort", "AllowFiltering": "autoFilter", "AllowUsingPivotTables": "pivotTables"}

    def __init__(self, ws):
        self._ws = ws

    def __getattr__(self, name):
        if name in self._MAP:
            return not bool(getattr(self._ws.protection, self._MAP[name]))
        raise AttributeError(name)


class _SheetApi:
    def __init__(self, ws):
        self._ws = ws

    @property
    def ProtectContents(self):  # noqa: N802 - COM name
        return bool(self._ws.protection.sheet)

    @property
    def ProtectDrawingObjects(self):  # noqa: N802
        return bool(self._ws.protection.sheet and self._ws.protection.objects)

    @property
    def ProtectScenarios(self):  # noqa: N802
        return bool(self._ws.protection.sheet and self._ws.protection.scenarios)

    @property
    def Protection(self):  # noqa: N802
        return _Protection(self._ws)

    def Unprotect(self, password=None):  # noqa: N802
        if self._ws.protection.password and password is None:
            raise ComError("password required")
        self._ws.protection.sheet = False

    def Protect(self, Password=None, DrawingObjects=True, Contents=True, Scenarios=True,  # noqa: N802, N803
                UserInterfaceOnly=False, **allow):
        p = self._ws.protection
        p.sheet, p.objects, p.scenarios = True, bool(DrawingObjects), bool(Scenarios)
        for key, value in allow.items():
            setattr(p, _Protection._MAP[key], not value)


class FakeSheet:
    def __init__(self, book: "FakeBook", ws):
        self.book, self.ws = book, ws

    @property
    def name(self) -> str:
        return self.ws.title

    @property
    def api(self):
        return _SheetApi(self.ws)

    def activate(self):
        self.book.active = self.ws.title

    def range(self, first, last=None) -> "FakeRange":
        r1, c1, r2, c2 = _bounds(first)
        if last is not None:
            _, _, r2, c2 = _bounds(last)
        # Excel's Range(cell1, cell2) is the rectangle the two corners span, whichever comes first
        (r1, r2), (c1, c2) = sorted((r1, r2)), sorted((c1, c2))
        return FakeRange(self, r1, c1, r2, c2)

    @property
    def used_range(self) -> "FakeRange":
        ws = self.ws
        if ws.max_row == 1 and ws.max_column == 1 and ws.cell(1, 1).value is None:
            return FakeRange(self, 1, 1, 1, 1)
        return FakeRange(self, ws.min_row, ws.min_column, ws.max_row, ws.max_column)


def _bounds(ref) -> tuple[int, int, int, int]:
    if isinstance(ref, tuple):
        return ref[0], ref[1], ref[0], ref[1]
    ref = ref.replace("$", "")
    m = re.fullmatch(r"([A-Za-z]{1,3}):([A-Za-z]{1,3})", ref)
    if m:
        return 1, column_index_from_string(m.group(1)), 1048576, column_index_from_string(m.group(2))
    first, _, last = ref.partition(":")
    col, row = coordinate_from_string(first)
    r1, c1 = row, column_index_from_string(col)
    if not last:
        return r1, c1, r1, c1
    col, row = coordinate_from_string(last)
    return r1, c1, row, column_index_from_string(col)


def _rgb(fill) -> tuple[int, int, int] | None:
    if fill is None or fill.fill_type != "solid":
        return None
    rgb = fill.fgColor.rgb if isinstance(fill.fgColor.rgb, str) else "FFFFFFFF"
    rgb = rgb[-6:]
    return int(rgb[0:2], 16), int(rgb[2:4], 16), int(rgb[4:6], 16)


class _RangeApi:
    """Range.api.Locked (COM): the cells' protection flag; Excel refuses it on a protected sheet."""

    def __init__(self, rng: "FakeRange"):
        self._rng = rng

    @property
    def EntireRow(self):  # noqa: N802 - COM name
        return _EntireRow(self._rng)

    @property
    def Locked(self):  # noqa: N802 - COM name
        return all(c.protection.locked for row in self._rng._cells() for c in row)

    @Locked.setter
    def Locked(self, value):  # noqa: N802
        from openpyxl.styles import Protection

        if self._rng.sheet.ws.protection.sheet:
            raise ComError("Unable to set the Locked property of the Range class")
        for row in self._rng._cells():
            for c in row:
                c.protection = Protection(locked=bool(value), hidden=c.protection.hidden)

    @property
    def Validation(self):  # noqa: N802
        return _Validation(self._rng)


class _Validation:
    """Range.api.Validation (COM) of one cell: Delete, Add(Type, AlertStyle, Operator, Formula1) for a list
    (Type 3), ErrorMessage; Excel refuses them on a protected sheet."""

    def __init__(self, rng: "FakeRange"):
        self._rng = rng
        self._coord = f"{get_column_letter(rng.c1)}{rng.r1}"

    def _ws(self):
        ws = self._rng.sheet.ws
        if ws.protection.sheet:
            raise ComError("Unable to change the validation of a protected sheet")
        return ws

    def Delete(self):  # noqa: N802 - COM name
        dvs = self._ws().data_validations
        for dv in list(dvs.dataValidation):
            if self._coord in dv.sqref:
                dv.sqref.remove(self._coord)
                if not dv.sqref.ranges:
                    dvs.dataValidation.remove(dv)

    def Add(self, Type, AlertStyle=1, Operator=1, Formula1=""):  # noqa: N802, N803 - COM names
        from openpyxl.worksheet.datavalidation import DataValidation

        assert Type == 3, "only lists (xlValidateList)"
        dv = DataValidation(type="list", formula1=f'"{Formula1}"', allow_blank=True, showErrorMessage=AlertStyle == 1)
        dv.add(self._coord)
        self._ws().add_data_validation(dv)

    @property
    def _dv(self):
        return next(dv for dv in self._rng.sheet.ws.data_validations.dataValidation if self._coord in dv.sqref)

    @property
    def Formula1(self):  # noqa: N802
        return self._dv.formula1.strip('"')

    @property
    def ErrorMessage(self):  # noqa: N802
        return self._dv.error

    @ErrorMessage.setter
    def ErrorMessage(self, text):  # noqa: N802
        self._ws()
        self._dv.error = text


class _EntireRow:
    """Range.api.EntireRow.Delete() (COM): the rows removed and those below moved up (openpyxl's delete_rows;
    unlike Excel it leaves formulas unshifted, so tests read the values the engine reads, not the formulas)."""

    def __init__(self, rng: "FakeRange"):
        self._rng = rng

    def Delete(self):  # noqa: N802 - COM name
        ws = self._rng.sheet.ws
        if ws.protection.sheet:
            raise ComError("Delete method of Range class failed")
        ws.delete_rows(self._rng.r1, self._rng.r2 - self._rng.r1 + 1)


class FakeRange:
    def __init__(self, sheet: FakeSheet, r1, c1, r2, c2, options=None):
        self.sheet, self.r1, self.c1, self.r2, self.c2 = sheet, r1, c1, r2, c2
        self._options = options or {}

    # ---- geometry
    @property
    def row(self):
        return self.r1

    @property
    def column(self):
        return self.c1

    @property
    def address(self):
        a = f"${get_column_letter(self.c1)}${self.r1}"
        if (self.r1, self.c1) == (self.r2, self.c2):
            return a
        return f"{a}:${get_column_letter(self.c2)}${self.r2}"

    @property
    def number_format(self):
        return self.sheet.ws.cell(row=self.r1, column=self.c1).number_format

    @property
    def api(self) -> "_RangeApi":
        return _RangeApi(self)

    def options(self, convert=None, **options) -> "FakeRange":
        return FakeRange(self.sheet, self.r1, self.c1, self.r2, self.c2, {**self._options, **options})

    def _cells(self):
        ws = self.sheet.ws
        return [[ws.cell(row=r, column=c) for c in range(self.c1, self.c2 + 1)] for r in range(self.r1, self.r2 + 1)]

    def _shape(self, grid):
        if self._options.get("ndim") == 2:
            return grid
        if len(grid) == 1 and len(grid[0]) == 1:
            return grid[0][0]
        if len(grid) == 1:
            return grid[0]
        if all(len(r) == 1 for r in grid):
            return [r[0] for r in grid]
        return grid

    # ---- values
    def _cell_value(self, cell):
        v = cell.value
        if isinstance(v, str) and v.startswith("=") and cell.data_type == "f":
            v = self.sheet.book.cached(self.sheet.name, cell.row, cell.column)
        if cell.data_type == "e" or (isinstance(v, str) and v.startswith("#") and v.upper() in _ERRORS):
            return v if self._options.get("err_to_str") else None
        if isinstance(v, bool) or v is None or isinstance(v, (str, _dt.datetime)):
            return v
        if isinstance(v, _dt.date):
            return _dt.datetime(v.year, v.month, v.day)
        if isinstance(v, (int, float)):
            return float(v)
        return v

    @property
    def value(self):
        self.sheet.book.reads += 1
        return self._shape([[self._cell_value(c) for c in row] for row in self._cells()])

    @value.setter
    def value(self, data):
        self.sheet.book.writes += 1
        rows = data if isinstance(data, (list, tuple)) and data and isinstance(data[0], (list, tuple)) else None
        if rows is None:
            rows = [list(data)] if isinstance(data, (list, tuple)) else None
        if rows is None:  # scalar: fill the whole range
            rows = [[data] * (self.c2 - self.c1 + 1) for _ in range(self.r2 - self.r1 + 1)]
        if len({len(r) for r in rows}) > 1:  # xlwings sizes the target by the first row
            raise ValueError("ragged list: xlwings would drop or misplace cells")
        ws = self.sheet.ws
        for i, row in enumerate(rows):
            for j, v in enumerate(row):
                cell = ws.cell(row=self.r1 + i, column=self.c1 + j)
                self.sheet.book.check_writable(ws, cell)
                if isinstance(v, str) and v.startswith("'"):
                    cell.value = v[1:]
                    cell.data_type = "s"
                else:
                    cell.value = v

    @property
    def formula(self):
        self.sheet.book.reads += 1
        grid = []
        for row in self._cells():
            out = []
            for c in row:
                v = c.value
                if v is None:
                    out.append("")
                elif isinstance(v, bool):
                    out.append("TRUE" if v else "FALSE")
                elif isinstance(v, float) and v.is_integer():
                    out.append(str(int(v)))
                else:
                    out.append(str(getattr(v, "text", v)))
            grid.append(tuple(out))
        if len(grid) == 1 and len(grid[0]) == 1:
            return grid[0][0]
        return tuple(grid)

    def clear_contents(self):
        self.sheet.book.writes += 1
        for row in self._cells():
            for c in row:
                self.sheet.book.check_writable(self.sheet.ws, c)
                c.value = None

    @property
    def color(self):
        self.sheet.book.reads += 1
        return _rgb(self.sheet.ws.cell(row=self.r1, column=self.c1).fill)

    @color.setter
    def color(self, rgb):
        self.sheet.book.writes += 1
        ws = self.sheet.ws
        if ws.protection.sheet and ws.protection.formatCells:
            raise ComError("The cell or chart you're trying to change is on a protected sheet.")
        for row in self._cells():
            for c in row:
                if rgb is None:
                    c.fill = PatternFill(fill_type=None)
                else:
                    hexrgb = "FF%02X%02X%02X" % tuple(rgb)
                    c.fill = PatternFill("solid", fgColor=hexrgb)

    @property
    def column_width(self):
        return self.sheet.ws.column_dimensions[get_column_letter(self.c1)].width

    @column_width.setter
    def column_width(self, width):
        for c in range(self.c1, self.c2 + 1):
            self.sheet.ws.column_dimensions[get_column_letter(c)].width = width


_ERRORS = {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!"}


class FakeBook:
    """An open workbook: ``FakeBook(path)``; ``fullname`` is where Excel thinks it lives."""

    def __init__(self, path: str | Path, fullname: str | Path | None = None):
        self.path = Path(path)
        self.wb = openpyxl.load_workbook(self.path)
        self._cached_wb = openpyxl.load_workbook(self.path, data_only=True)
        self.fullname = str(fullname if fullname is not None else self.path)
        self.app = FakeApp()
        self.sheets = FakeSheets(self)
        self.names = FakeNames(self)
        self.active = self.wb.active.title if self.wb.active is not None else None
        self.reads = 0
        self.writes = 0
        self.cached_values: dict[tuple[str, int, int], object] = {}  # what Excel computed, for tests

    def cached(self, sheet: str, row: int, col: int):
        key = (sheet, row, col)
        if key in self.cached_values:
            return self.cached_values[key]
        if sheet in self._cached_wb.sheetnames:
            return self._cached_wb[sheet].cell(row=row, column=col).value
        return None

    def check_writable(self, ws, cell):
        if ws.protection.sheet and cell.protection.locked:
            raise ComError("The cell or chart you're trying to change is on a protected sheet.")


def _cells(book: FakeBook, skip=()):
    """((sheet, cell), cell) for every cell of every sheet except ``skip``."""
    for ws in book.wb.worksheets:
        if ws.title not in skip:
            for row in ws.iter_rows():
                for c in row:
                    yield (ws.title, c.coordinate), c


def snapshot(book: FakeBook, skip=()) -> dict:
    """Every non-blank cell value/formula of every sheet (except ``skip``), for before/after comparisons."""
    return {where: c.value for where, c in _cells(book, skip) if c.value is not None}


def fills(book: FakeBook, skip=()) -> dict:
    """Every cell's fill colour (None = none) of every sheet except ``skip``."""
    return {where: _rgb(c.fill) for where, c in _cells(book, skip)}
