"""Run every benchmark: each ``bench/bench_*.py`` module's ``main()`` in turn (``make bench``).

Benchmarks print what they measure; they never fail on time.  ``python bench/run.py import engine``
runs only ``bench_import`` and ``bench_engine``.  A benchmark that crashes is reported and the
others still run; the exit code is 1 if any crashed.
"""

from __future__ import annotations

import importlib.util
import sys
import time
import traceback
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent


def discover(only: list[str] | None = None) -> list[Path]:
    files = sorted(BENCH_DIR.glob("bench_*.py"))
    if only:
        wanted = {n.removeprefix("bench_").removesuffix(".py") for n in only}
        files = [f for f in files if f.stem.removeprefix("bench_") in wanted]
    return files


def run_one(path: Path) -> bool:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    print(f"=== {path.stem} ===", flush=True)
    start = time.perf_counter()
    try:
        spec.loader.exec_module(module)
        main = getattr(module, "main", None)
        if main is None:
            print(f"{path.name}: no main() — skipped")
            return True
        main()
    except Exception:  # noqa: BLE001 - one broken benchmark must not hide the others
        traceback.print_exc()
        print(f"{path.stem}: CRASHED")
        return False
    finally:
        print(f"({path.stem} took {time.perf_counter() - start:.1f} s)\n", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))  # benchmarks import xlperf from this checkout
    files = discover(argv)
    if not files:
        print("no benchmark matched", argv)
        return 2
    ok = [run_one(f) for f in files]
    return 0 if all(ok) else 1


if __name__ == "__main__":
    sys.exit(main())
