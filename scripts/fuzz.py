"""The long fuzz campaign behind ``make fuzz``: structured and byte-level cases for every target.

Runs the strategies of ``tests/fuzz`` through ``xlperf.cli.main`` in-process (see
``tests/fuzz/runner.py`` for the pass condition), keeps going after a failure, and prints the
number of cases per target and outcome.  Exit code 1 if any case failed.

    python scripts/fuzz.py [--structured N] [--bytes N] [--seed S]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzz import runner  # noqa: E402
from fuzz import strategies as S  # noqa: E402

docx_sample = st.integers(min_value=0, max_value=24).map(lambda n: n == 0)


def campaign(kind: str, n: int, rng_seed: int, work: Path, counts: Counter, failures: list) -> None:
    conf = settings(max_examples=n, deadline=None, database=None, suppress_health_check=list(HealthCheck),
                    phases=[p for p in settings.default.phases if p.name not in ("shrink", "explain")])

    def record(target, docx, outcome, detail):
        counts[(kind, target, outcome if not outcome.startswith("FAIL") else "FAIL")] += 1
        if outcome.startswith("FAIL"):
            failures.append((kind, target, docx, outcome, detail))

    if kind == "structured":
        @seed(rng_seed)
        @conf
        @given(S.evaluation_params(), st.lists(S.mutations, max_size=4), S.targets, docx_sample)
        def run(params, muts, target, docx):
            record(target, docx, runner.run_case(S.structured_bytes(params, muts), target, work, docx=docx),
                   (params, muts))
    else:
        @seed(rng_seed)
        @conf
        @given(S.byte_cases, S.targets, docx_sample)
        def run(case, target, docx):
            record(target, docx, runner.run_case(S.byte_bytes(case), target, work, docx=docx), case)

    run()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--structured", type=int, default=7000)
    ap.add_argument("--bytes", type=int, default=3500)
    ap.add_argument("--seed", type=int, default=int(time.time()))
    args = ap.parse_args()
    counts: Counter = Counter()
    failures: list = []
    start = time.time()
    with tempfile.TemporaryDirectory(prefix="xlperf-fuzz-") as tmp:
        campaign("structured", args.structured, args.seed, Path(tmp) / "s", counts, failures)
        campaign("bytes", args.bytes, args.seed, Path(tmp) / "b", counts, failures)
    total = sum(counts.values())
    print(f"fuzz seed {args.seed}: {total} cases in {time.time() - start:.0f} s")
    print(f"{'kind':<11}{'target':<8}{'exit0':>7}{'exit1':>7}{'exit2':>7}{'FAIL':>6}")
    for kind in ("structured", "bytes"):
        for target in ("check", "score", "report", "batch"):
            row = [counts[(kind, target, o)] for o in ("exit0", "exit1", "exit2", "FAIL")]
            print(f"{kind:<11}{target:<8}" + "".join(f"{v:>7}" for v in row[:3]) + f"{row[3]:>6}")
    for kind, target, docx, outcome, detail in failures[:20]:
        print(f"FAILED {kind} {target}{' docx' if docx else ''}: {outcome}\n    case: {str(detail)[:400]}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
