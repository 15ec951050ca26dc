"""Evaluate the form's native formulas without Excel or LibreOffice: pycel, with no PERF_ function known.

A PERF_ call is then ``#NAME?`` — as in WPS, LibreOffice or Excel without macros — so every ``IFERROR(PERF_…)`` shows
its native fallback, the figure a clerk sees there.  Used by the fast tests of xlperf/workbook/formulas.py and
build.py: a workbook (or a handful of input cells plus one formula) is evaluated in this process, in well under a
second, and compared with values worked out by hand in the test.

The few Excel functions pycel 1.0b30 lacks or reads differently (VALUE of "10%", REPT, SIGN of an error, SUMPRODUCT of
one number) are given here with Excel's documented behaviour.
"""

from __future__ import annotations

import contextlib

import openpyxl
from openpyxl.workbook.defined_name import DefinedName


# ---------------------------------------------------------------- the PERF_ functions: unknown (#NAME?) or a stand-in

_PERF = {"answer": False}


def _text(v) -> str:
    if isinstance(v, tuple):  # a range: Excel's array notation {a,b;c,d}
        return "{" + ";".join(",".join(_text(x) for x in row) for row in v) + "}"
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _perf(name):
    def call(*args):
        if not _PERF["answer"]:
            return "#NAME?"  # as in WPS, LibreOffice, Excel without macros
        return f"{name}({','.join(_text(a) for a in args)})"
    return call


perf_rate, perf_exec_rate, perf_score, perf_total, perf_grade, perf_check, python_status = (
    _perf(n) for n in ("PERF_RATE", "PERF_EXEC_RATE", "PERF_SCORE", "PERF_TOTAL", "PERF_GRADE", "PERF_CHECK",
                       "PYTHON_STATUS"))


@contextlib.contextmanager
def perf_answers():
    """Inside: every PERF_ function (and PYTHON_STATUS) answers with its own name and arguments, e.g.
    ``PERF_RATE(3,4)`` — which call a cell makes, with which values."""
    _PERF["answer"] = True
    try:
        yield
    finally:
        _PERF["answer"] = False


# ---------------------------------------------------------------- Excel functions pycel lacks (a pycel plugin)

def value(text):
    """Excel's VALUE also reads a percentage ("10%" → 0.1); pycel's only plain numbers."""
    from pycel.lib.text import value as plain

    t = text.strip() if isinstance(text, str) else text
    if isinstance(t, str) and t.endswith("%"):
        number = plain(t[:-1])
        return number / 100 if isinstance(number, float) else number
    return plain(text)


def trim(text):
    """Excel's TRIM: spaces at either end removed, every run of spaces inside made one (pycel 1.0b30 has none)."""
    if isinstance(text, str) and text.startswith("#"):
        return text
    return " ".join(part for part in ("" if text is None else str(text)).split(" ") if part)


def rept(text, times):
    return str(text) * int(times)


def sumproduct(*args):
    """Excel's SUMPRODUCT of one number is that number; pycel's takes arrays only (and gives numpy floats)."""
    from pycel.excellib import sumproduct as arrays

    if len(args) == 1 and not isinstance(args[0], tuple):
        return args[0]
    got = arrays(*args)
    return got if isinstance(got, str) else float(got)


def sign(number):
    if isinstance(number, str):  # pycel evaluates IFERROR's fallback eagerly: pass errors on
        return number if number.startswith("#") else "#VALUE!"
    return (number > 0) - (number < 0)


# ---------------------------------------------------------------- evaluation

def _compiler(wb):
    from pycel import ExcelCompiler
    from pycel.excelwrapper import ExcelOpxWrapperNoData

    class Wrapper(ExcelOpxWrapperNoData):
        @property
        def defined_names(self):  # pycel 1.0b30 predates openpyxl 3.1's defined-name API
            if self._defined_names is None:
                self._defined_names = {
                    n: [(ref, sheet) for sheet, ref in d.destinations if sheet in self.workbook]
                    for n, d in self.workbook.defined_names.items()}
            return self._defined_names

    return ExcelCompiler(excel=Wrapper(wb), plugins=["native_eval"])


def evaluate_cells(wb, cells: list[str]) -> dict[str, object]:
    """The values of ``cells`` ("Sheet!A1") of the openpyxl workbook ``wb``, its formulas evaluated natively.
    Text cells starting with "=" are formulas to pycel: give them a leading space first (see :func:`quote_text`)."""
    xl = _compiler(wb)
    return {c: xl.evaluate(c) for c in cells}


def quote_text(wb) -> None:
    """pycel takes any text starting with "=" for a formula: such text cells get a leading space."""
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "s" and isinstance(c.value, str) and c.value.startswith("="):
                    c.value = " " + c.value


def formula_value(formula: str, cells: dict[str, object] | None = None, names: dict[str, str] | None = None,
                  sheets: dict[str, dict[str, object]] | None = None):
    """The value of ``formula`` put in S!Z1 of a fresh workbook whose sheet S holds ``cells`` (address → value,
    None = blank) and whose defined ``names`` point at cells of S (name → address); ``sheets``: more sheets."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "S"
    for addr, v in (cells or {}).items():
        if v is not None:
            ws[addr] = v
    for title, more in (sheets or {}).items():
        other = wb.create_sheet(title)
        for addr, v in more.items():
            if v is not None:
                other[addr] = v
    for name, addr in (names or {}).items():
        ref = addr if "!" in addr else f"S!${addr[0]}${addr[1:]}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    ws["Z1"] = formula
    return evaluate_cells(wb, ["S!Z1"])["S!Z1"]
