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

import zipfile
from pathlib import Path
from typing import Protocol

import openpyxl
from defusedxml.ElementTree import fromstring, iterparse
from openpyxl.formula.tokenizer import TokenizerError
from openpyxl.utils.exceptions import CellCoordinatesException
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from ..infra.safety import sheet_names  # the same guarded workbook.xml + rels reading as the refusals


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
        self.path = Path(path)
        self._wb = openpyxl.load_workbook(self.path, keep_links=False)  # formulas as text (the default)
        self._values = _CachedValues(self.path)
        self._cells: dict[str, dict[tuple[int, int], object]] = {}

    def sheet_names(self) -> list[str]:
        return list(self._wb.sheetnames)

    def defined_name(self, name: str) -> tuple[str, int, int] | None:
        dn = self._wb.defined_names.get(name)
        if dn is None:
            return None
        try:
            for sheet, ref in dn.destinations:
                if sheet not in self._wb.sheetnames:
                    return None
                col, row = coordinate_from_string(ref.split(":")[0])  # "$B$4" as "B4"
                return sheet, row, column_index_from_string(col)
        except (ValueError, TypeError, AttributeError, TokenizerError, CellCoordinatesException):
            return None  # a corrupt name's formula, or one whose cells were deleted ('设置'!#REF!)
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
        return self._values.get(sheet, row, col)

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


class _CachedValues:
    """The values saved with formula cells, read straight from the sheet parts on demand: one small
    streaming parse per sheet asked for, instead of a second openpyxl load of the whole workbook.
    (The zip has passed :func:`xlperf.infra.safety.check_zip_file`; parsing goes through defusedxml.)"""

    _NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"

    def __init__(self, path: Path):
        self.path = path
        self._parts: dict[str, str] | None = None
        self._sheets: dict[str, dict[tuple[int, int], object]] = {}
        self._shared: list[str] | None = None

    def get(self, sheet: str, row: int, col: int) -> object:
        cells = self._sheets.get(sheet)
        if cells is None:
            try:
                cells = self._read(sheet)
            except Exception:  # noqa: BLE001 - a damaged part: read as "no saved values", never a crash
                cells = {}
            self._sheets[sheet] = cells
        return cells.get((row, col))

    def _zip(self):
        return zipfile.ZipFile(self.path)

    def _part_of(self, sheet: str) -> str | None:
        if self._parts is None:
            with self._zip() as zf:
                by_lower = {n.lower(): n for n in zf.namelist()}
                self._parts = {name: by_lower.get(part) for part, name in sheet_names(zf).items()}
        return self._parts.get(sheet)

    def _strings(self, zf) -> list[str]:
        if self._shared is None:
            try:
                root = fromstring(zf.read("xl/sharedStrings.xml"))
            except KeyError:
                root = None
            self._shared = [] if root is None else [
                "".join(t.text or "" for t in si.iter(self._NS + "t")) for si in root.iter(self._NS + "si")]
        return self._shared

    def _read(self, sheet: str) -> dict[tuple[int, int], object]:
        part = self._part_of(sheet)
        out: dict[tuple[int, int], object] = {}
        if part is None:
            return out
        ns = self._NS
        with self._zip() as zf:
            with zf.open(part) as fh:
                for _, el in iterparse(fh):  # "end" events (the default)
                    if el.tag == ns + "row":
                        el.clear()
                        continue
                    if el.tag != ns + "c" or el.find(ns + "f") is None:
                        continue
                    v = el.find(ns + "v")
                    ref = el.get("r")
                    if v is None or v.text is None or not ref:
                        continue
                    kind, text = el.get("t", "n"), v.text
                    if kind == "n":
                        value: object = float(text)
                        value = int(value) if value.is_integer() and "." not in text and "E" not in text.upper() \
                            else value
                    elif kind == "b":
                        value = text.strip() in ("1", "true")
                    elif kind == "s":
                        strings = self._strings(zf)
                        i = int(text)
                        value = strings[i] if 0 <= i < len(strings) else None
                    else:  # str, e (error text such as #VALUE!)
                        value = text
                    col, row = coordinate_from_string(ref)
                    out[(row, column_index_from_string(col))] = value
        return out
