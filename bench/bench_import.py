"""What Excel waits for when it starts Python: the UDF server's import and a ribbon click's import,
against the floor — ``import xlwings`` in a venv that holds xlwings 0.37.8 and nothing else.

xlwings imports numpy, pandas, matplotlib, Pillow and plotly at ``import xlwings`` whenever they are
installed, so the measure must be taken where a clerk's Python is: the runtime venv (``pip install .``
without dev extras), never the dev venv.  Both venvs are made on demand and cached (bench/venvs.py).

* floor — ``import xlwings`` in the bare venv;
* ``import xlwings`` in the runtime venv (the same, if the runtime dependencies add nothing to it);
* UDF server — ``import xlwings, xlperf.udfs`` in the runtime venv (target ≤ 1.25× the floor);
* ribbon click — ``import xlwings, xlperf.excel`` in the runtime venv (target ≤ 2.0× the floor).

Each sample is a fresh interpreter, run in a scratch folder (so the checkout is not importable), the
commands alternating so that machine load hits all alike.  ``BENCH_IMPORT_N`` sets the repetitions
(default 21, at least 15).  Prints what xlperf adds to xlwings (``-X importtime``) and checks that
none of the modules xlwings imports when installed is loaded.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import tempfile
from pathlib import Path

import venvs
from timing import alternate, run_once

UDF_TARGET = 1.25
CLICK_TARGET = 2.0
HEAVY = ("numpy", "pandas", "polars", "matplotlib", "PIL", "plotly")


def _env() -> dict:
    env = dict(os.environ)
    for name in ("PYTHONPATH", "PYTHONHOME", "PYTHONDONTWRITEBYTECODE", "PYTHONSTARTUP"):
        env.pop(name, None)
    return env


def commands(bare: Path, runtime: Path) -> dict[str, list[str]]:
    return {
        "floor: import xlwings (bare venv)": [str(bare), "-c", "import xlwings"],
        "import xlwings (runtime venv)": [str(runtime), "-c", "import xlwings"],
        "UDF server: import xlwings, xlperf.udfs": [str(runtime), "-c", "import xlwings, xlperf.udfs"],
        "ribbon click: import xlwings, xlperf.excel": [str(runtime), "-c", "import xlwings, xlperf.excel"],
    }


def measure(n: int, cmds: dict[str, list[str]], cwd: Path) -> dict[str, list[float]]:
    env = _env()
    for cmd in cmds.values():  # warm the bytecode cache and the OS file cache
        run_once(cmd, env, cwd)
    return alternate(cmds, env, cwd, n)


def added_by(python: Path, module: str, cwd: Path) -> list[tuple[int, str]]:
    """Cumulative import time (µs) of the top-level imports ``module`` adds after xlwings."""
    out = subprocess.run([str(python), "-X", "importtime", "-c", f"import xlwings; import {module}"],
                         cwd=cwd, env=_env(), capture_output=True, text=True, check=True).stderr
    seen_xlwings = False
    rows = []
    for line in out.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].rstrip()[1:]  # one space follows the bar; nesting adds more
        if name == "xlwings":
            seen_xlwings = True
        elif seen_xlwings and name == name.lstrip():
            rows.append((int(parts[1]), name))
    return sorted(rows, reverse=True)


def heavy_loaded(python: Path, cwd: Path) -> list[str]:
    code = ("import sys, xlwings, xlperf.udfs, xlperf.excel; "
            f"print(' '.join(sorted(n for n in sys.modules if n.split('.')[0] in {HEAVY!r})))")
    return subprocess.run([str(python), "-c", code], cwd=cwd, env=_env(), capture_output=True, text=True,
                          check=True).stdout.split()


def main() -> dict:
    n = max(15, int(os.environ.get("BENCH_IMPORT_N", "21")))
    bare, runtime = venvs.bare(), venvs.runtime()
    with tempfile.TemporaryDirectory(prefix="xlperf-bench-import-") as scratch:
        cwd = Path(scratch)
        cmds = commands(bare, runtime)
        samples = measure(n, cmds, cwd)
        med = {k: statistics.median(v) for k, v in samples.items()}
        floor_name = next(iter(cmds))
        floor = med[floor_name]
        targets = {"UDF server": UDF_TARGET, "ribbon click": CLICK_TARGET}
        print(f"Python start-up as Excel pays it; median of {n} fresh interpreters each (alternating), "
              f"vs the floor in a venv with only {venvs.XLWINGS}:")
        results = {}
        for name, values in samples.items():
            ratio = med[name] / floor
            target = next((t for key, t in targets.items() if name.startswith(key)), None)
            verdict = f"(target ≤ {target})  {'PASS' if ratio <= target else 'FAIL'}" if target else ""
            print(f"  {name:<44} median {med[name] * 1000:6.0f} ms  min {min(values) * 1000:6.0f} ms  "
                  f"{ratio:5.2f}× floor  {verdict}")
            results[name] = ratio
        heavy = heavy_loaded(runtime, cwd)
        print(f"  runtime venv: {len(venvs.installed(runtime))} distributions; modules xlwings imports when "
              f"installed, loaded after the UDF and ribbon imports: {', '.join(heavy) or 'none'}")
        for module in ("xlperf.udfs", "xlperf.excel"):
            rows = added_by(runtime, module, cwd)
            if rows:
                print(f"  -X importtime: {module} adds {sum(us for us, _ in rows) / 1000:.1f} ms after xlwings: "
                      + ", ".join(f"{name} {us / 1000:.1f}" for us, name in rows[:4]))
    return {"medians": med, "ratios": results, "heavy": heavy}


if __name__ == "__main__":
    main()
