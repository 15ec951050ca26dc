"""The 生成报告 ribbon click from process start to report written, on the stand-in book.

Excel's ``RunPython`` starts a new Python for every click and waits for it to end.  Here the same
command runs in the runtime venv (``pip install .`` without dev extras, bench/venvs.py): ``import
xlwings, xlperf.excel``, then ``xlperf.excel.generate_report()`` on the example workbook opened as
``tests/fakebook.py``'s stand-in for ``xw.Book.caller()``.  The stand-in's own work (openpyxl loading
the file twice, which Excel has done before the click) is timed inside the process and taken off;
openpyxl's import is not, the click imports it anyway.  Each sample is a whole process, alternating
with the floor (``import xlwings`` in the bare venv).

Also measured, in one process: further clicks in a Python that is already warm — what xlwings'
``Use UDF Server`` setting would give.  xlperf does not use it (README「Excel 集成」: a warm process
keeps state between clicks and ties the report to the UDF server).  ``BENCH_CLICK_N`` sets the
repetitions (default 11).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import venvs

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "workbooks" / "example-2021.xlsx"
WARM_CLICKS = 5

CLICK = r"""
import sys, time
import xlwings, xlperf.excel as X          # what RunPython runs: "import xlperf.excel; xlperf.excel.generate_report()"
TESTS, BOOK, STAMP, CLICKS = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
stand_in = 0.0

def caller():
    global stand_in
    if TESTS not in sys.path:
        sys.path.append(TESTS)
    from fakebook import FakeBook            # imports openpyxl, which xlperf.workbook.read imports anyway
    t = time.perf_counter()
    book = FakeBook(BOOK)
    stand_in += time.perf_counter() - t
    return book

X._caller = caller
times = []
for _ in range(CLICKS):
    before, t = stand_in, time.perf_counter()
    X.generate_report()
    times.append(time.perf_counter() - t - (stand_in - before))
with open(STAMP, "w") as fh:
    fh.write(f"{stand_in} {' '.join(map(str, times))}")
"""


def _env(work: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE")}
    env["XLPERF_LOG_DIR"] = str(work / "log")
    env["XLPERF_CACHE"] = str(work / "cache")
    return env


def click(python: Path, work: Path, clicks: int = 1) -> tuple[float, float, list[float]]:
    """(wall seconds of the whole process less the stand-in's loading, stand-in seconds, each click's
    seconds inside the process)."""
    folder = work / "book"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    book = Path(shutil.copy(BOOK, folder / BOOK.name))
    stamp = work / "stamp.txt"
    start = time.perf_counter()
    subprocess.run([str(python), "-c", CLICK, str(ROOT / "tests"), str(book), str(stamp), str(clicks)], cwd=work,
                   env=_env(work), check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    reports = list(folder.glob("*.docx"))
    if len(reports) != 1:
        raise RuntimeError(f"the click wrote {len(reports)} reports")
    stand_in, *times = map(float, stamp.read_text().split())
    return wall - stand_in, stand_in, times


def floor(python: Path, work: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(python), "-c", "import xlwings"], cwd=work, env=_env(work), check=True)
    return time.perf_counter() - start


def main() -> dict:
    n = max(5, int(os.environ.get("BENCH_CLICK_N", "11")))
    bare, runtime = venvs.bare(), venvs.runtime()
    with tempfile.TemporaryDirectory(prefix="xlperf-bench-click-") as tmp:
        work = Path(tmp)
        click(runtime, work)  # warm the template cache and the OS file cache, as after a clerk's first click
        floor(bare, work)
        cold, stand, floors = [], [], []
        for i in range(n):
            pair = [lambda: cold.append(click(runtime, work)), lambda: floors.append(floor(bare, work))]
            for step in (pair if i % 2 == 0 else pair[::-1]):
                step()
        _, _, warm = click(runtime, work, 1 + WARM_CLICKS)
    paths = [c[0] for c in cold]
    med_path, med_floor = statistics.median(paths), statistics.median(floors)
    med_stand = statistics.median(c[1] for c in cold)
    inside = statistics.median(c[2][0] for c in cold)
    print(f"生成报告 click on the stand-in book ({BOOK.relative_to(ROOT)}), runtime venv, median of {n} processes:")
    print(f"  process start → report written → exit: {med_path * 1000:6.0f} ms  (min {min(paths) * 1000:.0f} ms)  "
          f"= {med_path / med_floor:.1f}× a bare `import xlwings` ({med_floor * 1000:.0f} ms)")
    print(f"    of which generate_report() itself: {inside * 1000:.0f} ms; the stand-in's loading, taken off: "
          f"{med_stand * 1000:.0f} ms")
    print(f"  further clicks in a warm Python (what `Use UDF Server` would give; not used): "
          f"median {statistics.median(warm[1:]) * 1000:.0f} ms over {WARM_CLICKS} (first {warm[0] * 1000:.0f} ms)")
    return {"click": med_path, "floor": med_floor, "inside": inside, "warm": warm}


if __name__ == "__main__":
    main()
