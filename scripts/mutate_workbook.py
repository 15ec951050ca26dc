"""Judge mutants of the workbook build (xlperf/workbook/build.py, formulas.py) by what LibreOffice computes.

    python scripts/mutate_workbook.py [--sample 200] [--seed 19] [--module build] [--module formulas] [--mutants DIR]

Comparing a rebuilt workbook with the committed one notices any change, right or wrong; this judges a mutant by
the figures instead.  Needs the mutants made by ``make mutate`` (mutants/ holds every function with its mutants
behind mutmut's switch, the environment variable MUTANT_UNDER_TEST); ``--mutants`` names another such folder, e.g.
the one of a narrowed run (build/mutate-narrow/<hash>/mutants), whose verdicts are then the fast tests' column.  For a seeded random sample of each module's
mutants (the seed and the names are written to the record):

1. with that one mutant switched on, build three workbooks — the 2021 example, the example with one leaf per scoring
   method on the classic boundaries (tests/test_workbook_natives.py ``_methods_example``) and the blank form;
   a build that raises is killed (every build test fails);
2. recalculate them in LibreOffice (``soffice --convert-to xlsx``, many files per start; LibreOffice has no
   PERF_ functions, so every figure comes from the native formulas) — except where the three workbooks hold exactly
   what the unmutated build holds (cells, formulas, formats, names, validations, sheet settings): those compute
   what it computes and survive without a recalculation;
3. compare the recalculated values with the engine (xlperf.domain.evaluate, not mutated here) and, for the methods example,
   with the values worked out by hand in tests/test_workbook_natives.py (HAND_*); the blank form must show no
   error value.  Any difference kills the mutant.

A survivor is then either a change the figures do not show (a label, a width, a print setting: judged by the fast
tests of `make mutate`, whose result for the same mutant is shown next to this one) or equivalent.  The record
(JSON, one line per mutant) goes to mutants/workbook-sample.json; docs/mutation.md has the summary.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTANTS = ROOT / "mutants"
LO_BATCH = 40  # files per soffice start
BUILD_SECONDS = 60


def use_mutants(folder: Path) -> None:
    """Read the mutants (and their fast verdicts) from ``folder`` instead of this tree's mutants/."""
    global MUTANTS
    MUTANTS = folder.resolve()


def mutant_names(module: str) -> list[str]:
    meta = MUTANTS / "xlperf" / "workbook" / f"{module}.py.meta"
    if not meta.is_file():
        raise SystemExit(f"{meta} 不存在：先运行一次 make mutate（生成变异体）")
    return sorted(json.loads(meta.read_text("utf-8"))["exit_code_by_key"])


def mutmut_verdicts(module: str) -> dict[str, int | None]:
    meta = MUTANTS / "xlperf" / "workbook" / f"{module}.py.meta"
    return json.loads(meta.read_text("utf-8"))["exit_code_by_key"]


def build_three(outdir: Path, tag: str) -> None:
    """The three workbooks of one mutant (or of none, tag 'base'), built in this process."""
    import test_workbook_natives as N

    from xlperf.app.load import load_example
    from xlperf.domain.profiles import DEFAULT_PROFILE, load_profile
    from xlperf.workbook.build import write_workbook

    write_workbook(outdir / f"{tag}-example.xlsx", load_example())
    write_workbook(outdir / f"{tag}-methods.xlsx", N._methods_example())
    write_workbook(outdir / f"{tag}-form.xlsx", None, load_profile(DEFAULT_PROFILE))


def build_in_child(outdir: Path, tag: str, mutant: str) -> str | None:
    """Fork, switch the mutant on, build; None when built, else why not."""
    pid = os.fork()
    if pid == 0:  # child
        code = 1
        try:
            os.environ["MUTANT_UNDER_TEST"] = mutant
            signal.alarm(BUILD_SECONDS)
            build_three(outdir, tag)
            code = 0
        except BaseException as exc:  # noqa: BLE001 - any failure of the build kills the mutant
            (outdir / f"{tag}.error").write_text(f"{type(exc).__name__}: {exc}"[:500], "utf-8")
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) == 0:
        return None
    err = outdir / f"{tag}.error"
    return err.read_text("utf-8") if err.exists() else f"build ended with {os.waitstatus_to_exitcode(status)}"


def recalc(files: list[Path], outdir: Path) -> None:
    """LibreOffice recalculates and saves each file into outdir (same name), LO_BATCH files per start."""
    from xlperf.infra.office import _RECALC_XCU, find_soffice

    soffice = find_soffice()
    if soffice is None:
        raise SystemExit("需要 LibreOffice（soffice）")
    outdir.mkdir(parents=True, exist_ok=True)
    for i in range(0, len(files), LO_BATCH):
        chunk = files[i:i + LO_BATCH]
        with tempfile.TemporaryDirectory(prefix="xlperf-lo-") as profile:
            user = Path(profile) / "user"
            user.mkdir()
            (user / "registrymodifications.xcu").write_text(_RECALC_XCU, encoding="utf-8")
            cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--nolockcheck", "--convert-to", "xlsx", "--outdir", str(outdir), *map(str, chunk)]
            subprocess.run(cmd, capture_output=True, timeout=60 + 20 * len(chunk), env={**os.environ, "HOME": profile})
        print(f"    LibreOffice: {min(i + LO_BATCH, len(files))}/{len(files)} files", flush=True)


def judge(lo: Path, tag: str) -> str | None:
    """None when the recalculated workbooks agree with the engine and the hand values, else the first difference."""
    import openpyxl
    import test_workbook_natives as N

    from xlperf.app.load import load_example

    try:
        for name in ("example", "methods", "form"):
            if not (lo / f"{tag}-{name}.xlsx").is_file():
                return f"LibreOffice wrote no {name} workbook"
        N._assert_matches_engine(lo / f"{tag}-example.xlsx", load_example())
        N._assert_matches_engine(lo / f"{tag}-methods.xlsx", N._methods_example())
        N._assert_matches_hand_computed(lo / f"{tag}-methods.xlsx")
        wb = openpyxl.load_workbook(lo / f"{tag}-form.xlsx", data_only=True)
        for ws in wb:
            for row in ws.iter_rows():
                for c in row:
                    if isinstance(c.value, str) and c.value.startswith(N.EXCEL_ERRORS):
                        return f"blank form {ws.title}!{c.coordinate} = {c.value}"
    except AssertionError as exc:
        return f"values differ: {exc}"[:300] or "values differ"
    except Exception as exc:  # noqa: BLE001 - an unreadable recalculated workbook is a visible break too
        return f"{type(exc).__name__}: {exc}"[:300]
    return None


def same_content(a: Path, b: Path) -> bool:
    """The three built workbooks hold the same cells, formats and sheet settings as the unmutated build."""
    import test_workbook_build as B

    return all(B.snapshot(a.parent / f"{a.name}-{n}.xlsx") == B.snapshot(b.parent / f"{b.name}-{n}.xlsx")
               for n in ("example", "methods", "form"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--module", action="append", choices=["build", "formulas"])
    parser.add_argument("--sample", type=int, default=200, help="mutants per module (default 200)")
    parser.add_argument("--seed", type=int, default=19)
    parser.add_argument("--keep", action="store_true", help="keep the built workbooks (mutants/workbook-sample/)")
    parser.add_argument("--mutants", type=Path, default=MUTANTS,
                        help="mutmut's mutants/ folder (default: this tree's; a narrowed run's: build/mutate-narrow/…)")
    args = parser.parse_args(argv)
    use_mutants(args.mutants)
    modules = args.module or ["build", "formulas"]

    # the mutated copy of the package, its tests' helpers
    os.chdir(MUTANTS)
    sys.path[:0] = [str(MUTANTS), str(MUTANTS / "tests")]
    os.environ["MUTANT_UNDER_TEST"] = ""
    import xlperf

    assert Path(xlperf.__file__).resolve().is_relative_to(MUTANTS), xlperf.__file__

    work = MUTANTS / "workbook-sample"
    shutil.rmtree(work, ignore_errors=True)
    built, lo = work / "built", work / "lo"
    built.mkdir(parents=True)
    started = time.monotonic()

    sample: list[tuple[str, str]] = []
    rng = random.Random(args.seed)
    for module in modules:
        names = mutant_names(module)
        sample += [(module, n) for n in sorted(rng.sample(names, min(args.sample, len(names))))]

    build_three(built, "base")
    errors: dict[str, str] = {}
    for i, (module, name) in enumerate(sample):
        why = build_in_child(built, f"m{i:04d}", name)
        if why:
            errors[name] = why
        if i % 25 == 24:
            print(f"    built {i + 1}/{len(sample)}", flush=True)
    # a mutant whose three workbooks hold what the unmutated build holds computes what it computes: no recalculation
    unchanged = {name for i, (module, name) in enumerate(sample)
                 if name not in errors and same_content(built / f"m{i:04d}", built / "base")}
    files = [built / f"base-{n}.xlsx" for n in ("example", "methods", "form")]
    files += [built / f"m{i:04d}-{n}.xlsx" for i, (module, name) in enumerate(sample)
              if name not in errors and name not in unchanged for n in ("example", "methods", "form")]
    recalc(files, lo)
    problem = judge(lo, "base")
    if problem:
        raise SystemExit(f"the unmutated build does not pass: {problem}")

    records = []
    for i, (module, name) in enumerate(sample):
        tag = f"m{i:04d}"
        if name in errors:
            verdict, why = "killed", f"build raises: {errors[name]}"
        elif name in unchanged:
            verdict, why = "survived", "same content as the unmutated build"
        else:
            why = judge(lo, tag)
            verdict = "killed" if why else "survived"
            why = why or "content differs, figures agree"
        code = mutmut_verdicts(module).get(name)
        records.append({"module": module, "mutant": name, "libreoffice": verdict, "why": why,
                        "fast_tests": {1: "killed", 3: "killed", 0: "survived", 33: "no tests",
                                       None: "not run"}.get(code, str(code))})
    (MUTANTS / "workbook-sample.json").write_text(
        json.dumps({"seed": args.seed, "sample_per_module": args.sample, "records": records},
                   ensure_ascii=False, indent=1), "utf-8")
    minutes = (time.monotonic() - started) / 60
    print(f"\nseed {args.seed}, {minutes:.1f} min")
    print("| module | sampled | killed by LibreOffice values | survived | of these killed by fast tests |")
    print("|---|---:|---:|---:|---:|")
    for module in modules:
        rows = [r for r in records if r["module"] == module]
        alive = [r for r in rows if r["libreoffice"] == "survived"]
        print(f"| workbook/{module}.py | {len(rows)} | {len(rows) - len(alive)} | {len(alive)} | "
              f"{sum(r['fast_tests'] == 'killed' for r in alive)} |")
    for r in records:
        if r["libreoffice"] == "survived" and r["fast_tests"] != "killed":
            print("   survivor:", r["mutant"], "-", r["why"])
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
