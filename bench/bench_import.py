"""Import cost of the UDF module: ``import xlperf.udfs`` versus ``import xlwings`` alone.

Excel's UDF server imports ``xlperf.udfs`` at every start, so it must cost little more than
xlwings itself (target: ratio of median wall times ≤ 1.25).  Each sample is a fresh
interpreter; the two commands alternate so that machine load hits both alike.
``BENCH_IMPORT_N`` sets the repetitions (default 21, at least 15).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from pathlib import Path

from timing import alternate, run_once

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.25
COMMANDS = {"xlwings": "import xlwings", "xlperf.udfs": "import xlperf.udfs"}


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _cmd(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def measure(n: int) -> dict[str, list[float]]:
    env = _env()
    for code in COMMANDS.values():  # warm the bytecode cache and the OS file cache
        run_once(_cmd(code), env, ROOT)
    return alternate({k: _cmd(c) for k, c in COMMANDS.items()}, env, ROOT, n)


def own_modules() -> list[tuple[int, str]]:
    """Cumulative import time (µs) of modules that ``xlperf.udfs`` adds on top of xlwings."""
    out = subprocess.run([sys.executable, "-X", "importtime", "-c", "import xlwings; import xlperf.udfs"],
                         cwd=ROOT, env=_env(), capture_output=True, text=True, check=True).stderr
    seen_xlwings_done = False
    rows = []
    for line in out.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].rstrip()[1:]  # one space follows the bar; nesting adds more
        if name.strip() == "xlwings" and name == name.lstrip():
            seen_xlwings_done = True
            continue
        if seen_xlwings_done and name == name.lstrip():  # top-level imports after xlwings
            rows.append((int(parts[1]), name.strip()))
    return sorted(rows, reverse=True)


def main() -> None:
    n = max(15, int(os.environ.get("BENCH_IMPORT_N", "21")))
    samples = measure(n)
    med = {k: statistics.median(v) for k, v in samples.items()}
    ratio = med["xlperf.udfs"] / med["xlwings"]
    print(f"import time, median of {n} fresh interpreters each (alternating):")
    for name, values in samples.items():
        print(f"  import {name:<12} median {med[name] * 1000:7.1f} ms   "
              f"min {min(values) * 1000:7.1f} ms   max {max(values) * 1000:7.1f} ms")
    print(f"  ratio xlperf.udfs / xlwings = {ratio:.3f}  (target ≤ {TARGET})  "
          f"{'PASS' if ratio <= TARGET else 'FAIL'}")
    best = min(samples["xlperf.udfs"]) / min(samples["xlwings"])
    print(f"  (ratio of the fastest runs, less sensitive to a busy machine: {best:.3f})")
    rows = own_modules()
    if rows:
        print(f"  -X importtime: xlperf adds {sum(us for us, _ in rows) / 1000:.1f} ms after xlwings:")
        for us, name in rows[:5]:
            print(f"    {us / 1000:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
