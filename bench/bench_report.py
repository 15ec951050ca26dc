"""The whole ``xlperf report`` process on the example workbook versus a floor script.

The floor is the least any Python report writer must do: import openpyxl and docxtpl, load the
same workbook, render a one-paragraph Word document.  Each sample is a fresh interpreter; the
two commands alternate so machine load hits both alike.  Target: median ratio ≤ 1.5.
``BENCH_REPORT_N`` sets the repetitions (default 21).  The report's chart is written as text
(a native Word chart part); the template cache (compiled docxtpl XML) is warmed once first, and
the cold first run is reported separately.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
from pathlib import Path

from timing import alternate, run_once

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5

FLOOR = r"""
import sys, openpyxl, docx, docxtpl
book = sys.argv[1]
if book.endswith(".json"):
    import json; json.load(open(book, encoding="utf-8"))
else:
    openpyxl.load_workbook(book, data_only=True)
d = docx.Document(); d.add_paragraph("{{ title }}"); d.save(sys.argv[2] + ".tpl.docx")
t = docxtpl.DocxTemplate(sys.argv[2] + ".tpl.docx"); t.render({"title": "部门整体绩效自评报告"}); t.save(sys.argv[2])
"""


def _input() -> Path:
    book = ROOT / "workbooks" / "example-2021.xlsx"
    return book if book.exists() else ROOT / "xlperf" / "data" / "example-2021.json"


def _env(cache: str) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env["XLPERF_CACHE"] = cache
    return env


def main() -> dict:
    n = max(5, int(os.environ.get("BENCH_REPORT_N", "21")))
    src = _input()
    with tempfile.TemporaryDirectory(prefix="xlperf-bench-") as work:
        env = _env(str(Path(work) / "cache"))
        commands = {
            "floor": [sys.executable, "-c", FLOOR, str(src), str(Path(work) / "floor.docx")],
            "xlperf report": [sys.executable, "-m", "xlperf.cli", "report", str(src), "-o",
                              str(Path(work) / "report.docx")],
        }
        cold = run_once(commands["xlperf report"], env, ROOT)  # empty cache: the template is compiled once
        run_once(commands["floor"], env, ROOT)
        samples = alternate(commands, env, ROOT, n)
    med = {k: statistics.median(v) for k, v in samples.items()}
    ratio = med["xlperf report"] / med["floor"]
    print(f"input: {src.relative_to(ROOT)}   runs: {n} each (fresh interpreter per run)")
    for k, v in med.items():
        print(f"  {k:14s} median {v * 1000:7.0f} ms   (min {min(samples[k]) * 1000:.0f} ms)")
    print(f"  xlperf report, cold template cache: {cold * 1000:.0f} ms")
    verdict = "OK" if ratio <= TARGET else "OVER TARGET"
    print(f"ratio xlperf report / floor = {ratio:.2f}  (target ≤ {TARGET})  {verdict}")
    return {"medians": med, "ratio": ratio, "cold": cold}


if __name__ == "__main__":
    main()
