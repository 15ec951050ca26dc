"""The live formulas agree with the engine: native fallbacks (LibreOffice) and PERF_ functions (pycel).

LibreOffice has no PERF_ functions, so after its forced recalculation every figure comes from the
native fallbacks.  pycel evaluates the same formulas with the PERF_ functions of ``xlperf.udfs``
registered as plugins.  Expected values come from the engine (``xlperf.evaluate``), never from the
workbook under test.
"""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlperf.evaluate import evaluate
from xlperf.load import load_example
from xlperf.model import Indicator
from xlperf.office import convert
from xlperf.profiles import load_profile
from xlperf.workbook import layout as L
from xlperf.workbook.build import write_workbook

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = ROOT / "workbooks"
EXCEL_ERRORS = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "Err:")


def _close(a, b) -> bool:
    if b is None:
        return a in (None, "")
    return a not in (None, "") and abs(D(repr(a)) - b) < D("0.000001")


def _methods_example():
    """The example with one leaf per scoring method, values on the classic boundaries."""
    ev = load_example()
    leaves = [
        Indicator(name="正向封顶", level=3, weight=D(8), method="正向", unit="%", target=D("0.9"), actual=D("1.2")),
        Indicator(name="正向比例", level=3, weight=D(6), method="正向", unit="%", target=D("0.95"), actual=D("0.8")),
        Indicator(name="反向", level=3, weight=D(3), method="反向", unit="%", target=D("0.05"), actual=D("0.08")),
        Indicator(name="阶梯整步", level=3, weight=D(3), method="阶梯", unit="%", target=D(1), actual=D("0.9"),
                  param="5%:0.5"),
        Indicator(name="阶梯不足一步", level=3, weight=D(5), method="阶梯", unit="%", actual=D("0.97"), param="5%：1"),
        Indicator(name="超额扣分", level=3, weight=D(5), method="超额扣分", unit="%", target=D(1), actual=D("1.2"),
                  param="0.5"),
        Indicator(name="定性部分达成", level=3, weight=D(5), method="定性", actual="部分达成"),
        Indicator(name="定性未完成", level=3, weight=D(5), method="定性", actual="未完成"),
    ]
    # replace 产出指标's children with the leaves above (weights 20 + 20, as before)
    out = ev.indicators[2]
    out.children[0].children = leaves[:4]
    out.children[0].weight = sum((x.weight for x in leaves[:4]), D(0))
    out.children[1].children = leaves[4:]
    out.children[1].weight = sum((x.weight for x in leaves[4:]), D(0))
    assert out.weight == out.children[0].weight + out.children[1].weight == 40
    return ev


def _rows(ws) -> dict[str, int]:
    out = {}
    for r in ws.iter_rows(min_row=L.IND_HEADER_ROW + 1):
        name = next((c.value for c in r[:3] if c.value), None)
        if name:
            out[name] = r[0].row
    return out


def _assert_matches_engine(path: Path, ev, *, skip_methods=()) -> int:
    """Compare a recalculated workbook's values with the engine; return how many leaves were compared."""
    profile = load_profile(ev.profile)
    res = evaluate(ev, profile)
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert not (isinstance(c.value, str) and c.value.startswith(EXCEL_ERRORS)), (ws.title, c.coordinate)
    names = {n: d for n, d in wb.defined_names.items()}

    def named(n):
        sheet, cell = next(names[n].destinations)
        return wb[sheet][cell.replace("$", "")].value

    assert _close(named("总分"), res.total)
    assert named("等级") == res.grade
    assert named("一致性检查") in (None, "")
    for key, value in res.facts.items():
        assert _close(named(key), value), key
    summary = wb[L.S_SUMMARY]
    got = [(r[0], r[1], r[2], r[3]) for r in summary.iter_rows(min_row=4, max_row=3 + len(res.indicators),
                                                                 max_col=4, values_only=True)]
    for (name, w, s, rate), r in zip(got, res.indicators):
        assert name == r.name and _close(w, r.weight) and _close(s, r.score) and _close(rate, r.rate)
    ws = wb[L.S_IND]
    rows = _rows(ws)
    col = L.IND_COL
    compared = 0
    for r in res.walk():
        row = rows[r.name]
        suggested = ws.cell(row=row, column=col["suggested"]).value
        if r.indicator.is_leaf:
            if r.indicator.method in skip_methods:
                assert suggested in (None, "")
                continue
            assert _close(suggested, r.suggested), (r.name, suggested, r.suggested)
            assert _close(ws.cell(row=row, column=col["rate"]).value, r.rate), r.name
            compared += 1
        else:
            assert _close(suggested, r.score), r.name
    return compared


@pytest.fixture(scope="module")
def lo_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lo")


def test_libreoffice_recalculates_the_example_like_the_engine(lo_dir):
    out = convert(WORKBOOKS / "example-2021.xlsx", "xlsx", lo_dir)
    assert _assert_matches_engine(out, load_example()) >= 20


def test_libreoffice_opens_the_blank_form(lo_dir):
    out = convert(WORKBOOKS / "xlperf-form.xlsx", "xlsx", lo_dir / "form")
    wb = openpyxl.load_workbook(out, data_only=True)
    assert wb.sheetnames[: len(L.SHEETS) - 1] == list(L.SHEETS[:-1])
    for ws in wb:
        for row in ws.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v.startswith(EXCEL_ERRORS) for v in row)


def test_native_fallback_of_every_method_matches_the_engine(tmp_path):
    ev = _methods_example()
    src = tmp_path / "methods.xlsx"
    write_workbook(src, ev)
    out = convert(src, "xlsx", tmp_path / "lo")
    assert _assert_matches_engine(out, ev) >= 25


# ---------------------------------------------------------------- pycel with PERF_ plugins

PLUGIN = '''
from xlperf import udfs


def _grid(v):
    return [list(r) if isinstance(r, tuple) else r for r in v] if isinstance(v, tuple) else v


def perf_grade(score, bands=None):
    return udfs.PERF_GRADE(score, _grid(bands))


def perf_rate(score, weight):
    return udfs.PERF_RATE(score, weight)


def perf_exec_rate(executed, budget):
    return udfs.PERF_EXEC_RATE(executed, budget)


def perf_total(scores, weights=None):
    return udfs.PERF_TOTAL(_grid(scores), _grid(weights))


def perf_score(method, weight, target, actual, param=None):
    return udfs.PERF_SCORE(method, weight, target, actual, param)


def perf_check(weights, scores, total=None):
    return udfs.PERF_CHECK(_grid(weights), _grid(scores), total)


# Excel functions of the native 区间 fallback that pycel 1.0b30 lacks
def rept(text, times):
    return str(text) * int(times)


def sign(number):
    if isinstance(number, str):  # pycel evaluates IFERROR's fallback eagerly: pass errors on
        return number if number.startswith("#") else "#VALUE!"
    return (number > 0) - (number < 0)
'''


def _pycel_values(path: Path, tmp_path: Path, monkeypatch) -> Path:
    """Evaluate every formula with pycel; write the values into a copy for the common comparison."""
    from pycel import ExcelCompiler
    from pycel.excelwrapper import ExcelOpxWrapper

    def defined_names(self):  # pycel 1.0b30 predates openpyxl 3.1's defined-name API
        if self.workbook is not None and self._defined_names is None:
            self._defined_names = {
                n: [(ref, sheet) for sheet, ref in d.destinations if sheet in self.workbook]
                for n, d in self.workbook.defined_names.items()}
        return self._defined_names

    monkeypatch.setattr(ExcelOpxWrapper, "defined_names", property(defined_names))
    (tmp_path / "perf_plugin.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    # pycel takes any text starting with "=" for a formula: give such text cells a leading space
    work = tmp_path / "pycel.xlsx"
    wb = openpyxl.load_workbook(path)
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "s" and isinstance(c.value, str) and c.value.startswith("="):
                    c.value = " " + c.value
    wb.save(work)
    xl = ExcelCompiler(filename=str(work), plugins=["perf_plugin"])
    out = openpyxl.load_workbook(work)
    for ws in out:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    v = xl.evaluate(f"{ws.title}!{c.coordinate}")
                    c.value = None if v is None else v
    result = tmp_path / "pycel-values.xlsx"
    out.save(result)
    return result


def test_pycel_with_perf_functions_matches_the_engine(tmp_path, monkeypatch):
    ev = _methods_example()
    src = tmp_path / "methods.xlsx"
    write_workbook(src, ev)
    values = _pycel_values(src, tmp_path, monkeypatch)
    assert _assert_matches_engine(values, ev) >= 26
