"""Each ribbon click runs in a new Python (xlwings' RunPython), not in the warm UDF server.

xlwings 0.37.8's ``RunPython`` (xlwings.bas) runs the command in the UDF server's Python when the
setting ``Use UDF Server`` is true (``XLPy.Exec`` after ``BOOK_CALLER`` is set), else in a new process
(``ExecuteWindows``: ``python -c "…" --wb=… --from_xl=1``, waited for).  xlperf keeps the new process:
in the UDF server the modules, their caches and ``BOOK_CALLER`` outlive each click, and a report that
crashes or hangs would take the PERF_ functions with it (README「Excel 集成」, bench/bench_click.py).
These tests fail if that choice is changed without changing them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import xlwings

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = sorted((ROOT / "workbooks").glob("*.xls[mx]")) + sorted((ROOT / "workbooks").glob("*.xlam"))


def test_xlwings_runs_runpython_in_a_new_process_unless_told_otherwise():
    bas = (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="ascii")
    assert 'OPTIMIZED_CONNECTION = GetConfig("USE UDF SERVER", False)' in bas  # off unless a setting says so
    assert re.search(r"If OPTIMIZED_CONNECTION = True Then\s+XLPy\.SetAttr", bas)
    assert "RunPython = ExecuteWindows(False, PythonCommand, interpreter, PYTHONPATH)" in bas
    assert "WaitOnReturn As Boolean: WaitOnReturn = True" in bas  # Excel waits for the process to end


def conf_sheet(path: Path) -> dict[str, str]:
    """Column A → column B of the hidden ``xlwings.conf`` sheet, read from the package (openpyxl refuses
    an add-in)."""
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rid = next(s.get(rel) for s in book.iter(main + "sheet") if s.get("name") == "xlwings.conf")
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Id") == rid).lstrip("/").removeprefix("xl/")
        shared = []
        if "xl/sharedStrings.xml" in z.namelist():
            shared = ["".join(t.text or "" for t in si.iter(main + "t"))
                      for si in ET.fromstring(z.read("xl/sharedStrings.xml")).iter(main + "si")]
        sheet = ET.fromstring(z.read("xl/" + target))
    out = {}
    for row in sheet.iter(main + "row"):
        cells = {}
        for c in row.iter(main + "c"):
            if c.get("t") == "s":
                value = shared[int(c.find(main + "v").text)]
            elif c.get("t") == "inlineStr":
                value = "".join(t.text or "" for t in c.iter(main + "t"))
            else:
                value = c.findtext(main + "v") or ""
            cells[re.match(r"[A-Z]+", c.get("r")).group(0)] = value
        if cells.get("A"):
            out[cells["A"].strip().lower()] = cells.get("B", "")
    return out


@pytest.mark.parametrize("path", [p for p in WORKBOOKS if p.suffix != ".xlsx"], ids=lambda p: p.name)
def test_no_workbook_sets_use_udf_server(path):
    keys = conf_sheet(path)
    assert keys.get("udf modules") == "xlperf.udfs"  # the sheet is read
    assert str(keys.get("use udf server", "")).strip().lower() in ("false", "0", ""), keys


def test_ribbon_buttons_call_runpython():
    bas = (ROOT / "xlperf" / "vba" / "xlperf_ribbon.bas").read_text(encoding="ascii")
    calls = re.findall(r'RunPython "([^"]+)"', bas)
    buttons = re.findall(r'onAction="([^"]+)"', (ROOT / "xlperf" / "vba" / "customUI14.xml").read_text(encoding="utf-8"))
    # 重新连接 works without Python: it is xlperf_python's own VBA (tests/test_vba_offline.py)
    buttons = [b for b in buttons if b != "xlperf_ribbon.OnReconnect"]
    assert len(calls) == len(buttons) == 7  # one RunPython per ribbon button (生成报告 … 报送财政局 … 帮助)
    assert all(c.startswith("import xlperf.excel; xlperf.excel.") for c in calls)
    assert "XLPy" not in bas
