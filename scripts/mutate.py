"""`make mutate`: mutmut 3 over the whole package, or over the modules named on the command line.

    python scripts/mutate.py [--jobs N] [--mutant NAME ...] [MODULE.py ...]

Without modules, every function under xlperf/ is mutated and every mutant not yet judged is run (results are kept
in mutants/ between runs; a function whose source changed is judged again).  With modules
(``xlperf/importer/parse.py``), only those modules' mutants are run, all of them again.  mutmut 3 has no option for
``only_mutate`` on its command line; instead of a second configuration, a module path is turned into mutmut's own
filter, the mutant names ``xlperf.importer.parse.x_*`` — mutants and test statistics stay one set for the package, so
a module run and a whole run never invalidate each other.

With ``--tests`` (``make mutate MODULE=… TESTS='tests/test_a.py tests/test_b.py' K='not slow'``) the modules are judged
by those tests only: the package's selection runs every test once (mutmut's statistics run) and runs each mutant
against every test that calls it — for a function that every loaded workbook passes through (validation) that is
minutes per mutant on a shared machine.  mutmut reads its settings only from pyproject.toml, so the narrowed run
happens in a copy of the working tree under build/mutate-narrow/ whose pyproject.toml names the modules
(``only_mutate``) and the tests; its results stay there (a later narrowed run with the same tests and modules reuses
them) and never mix with mutants/.

At the end the per-module table (mutants, killed, survived, no tests, timeouts) is printed and the survivors listed;
``mutmut show NAME`` (run in this directory) prints a survivor's diff.  The settings (test selection) are in
pyproject.toml [tool.mutmut]; docs/mutation.md holds the record of runs.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MUTMUT = Path(sys.executable).with_name("mutmut")

KILLED = {1, 3}  # 3: pytest's internal error, mutmut counts it as killed
SURVIVED = {0}
NO_TESTS = {5, 33}
TIMEOUT = {36, 24, -24, 152, 255}


def mutant_globs(module: str) -> list[str]:
    """``xlperf/importer/parse.py`` → mutmut's names of its mutants: ``xlperf.importer.parse.x_*`` (functions) and
    ``xlperf.importer.parse.xǁ*`` (methods, ǁClassǁ); a package's ``__init__.py`` has the package's name."""
    path = Path(module)
    if path.suffix != ".py" or path.is_absolute() or path.parts[0] != "xlperf":
        raise SystemExit(f"MODULE 应为 xlperf/ 下的 .py 文件，如 xlperf/importer/parse.py，现为 {module}")
    if not (ROOT / path).is_file():
        raise SystemExit(f"没有这个文件：{module}")
    parts = path.with_suffix("").parts
    name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
    return [f"{name}.x_*", f"{name}.x\u01c1*"]


def module_results(modules: list[str] | None, root: Path = ROOT) -> dict[str, Counter]:
    """Per module, how many mutants ended how, from mutmut's per-file records in ``root``/mutants/."""
    out: dict[str, Counter] = {}
    for meta in sorted((root / "mutants" / "xlperf").rglob("*.py.meta")):
        source = meta.relative_to(root / "mutants").as_posix()[: -len(".meta")]
        if modules and source not in modules:
            continue
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        if not codes:
            continue
        count = Counter(mutants=len(codes))
        for name, code in codes.items():
            if code in KILLED:
                count["killed"] += 1
            elif code in SURVIVED:
                count["survived"] += 1
            elif code in NO_TESTS:
                count["no tests"] += 1
            elif code in TIMEOUT:
                count["timeout"] += 1
            elif code is None:
                count["not run"] += 1
            else:
                count["other"] += 1
        out[source] = count
    return out


def survivors(modules: list[str] | None, root: Path = ROOT) -> list[str]:
    names = []
    for meta in sorted((root / "mutants" / "xlperf").rglob("*.py.meta")):
        source = meta.relative_to(root / "mutants").as_posix()[: -len(".meta")]
        if modules and source not in modules:
            continue
        codes = json.loads(meta.read_text("utf-8"))["exit_code_by_key"]
        names += [name for name, code in codes.items() if code in SURVIVED or code in NO_TESTS]
    return names


def table(results: dict[str, Counter]) -> str:
    head = "| module | mutants | killed | survived | no tests | timeout | killed % |"
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|"]
    for source, c in results.items():
        judged = c["mutants"] - c["not run"]
        share = f"{100 * (c['killed'] + c['timeout']) / judged:.1f}" if judged else "—"
        lines.append(f"| {source} | {c['mutants']} | {c['killed']} | {c['survived']} | {c['no tests']} | "
                     f"{c['timeout']} | {share} |")
    return "\n".join(lines)


def narrowed_copy(modules: list[str], tests: list[str], keyword: str) -> Path:
    """A copy of the working tree (the files git knows, as they are now) whose [tool.mutmut] mutates ``modules`` only
    and selects ``tests`` (and ``-k keyword``); one folder per set of modules and tests, kept between runs."""
    if not modules:
        raise SystemExit("--tests 需要同时指定 MODULE（要变异的模块）")
    for t in tests:
        if not (ROOT / t.split("::")[0]).is_file():
            raise SystemExit(f"没有这个测试文件：{t}")
    tag = hashlib.sha256("\n".join(sorted(modules) + ["--"] + tests + [keyword]).encode()).hexdigest()[:10]
    copy = ROOT / "build" / "mutate-narrow" / tag
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, check=True, capture_output=True).stdout.split(b"\0")
    changed = False
    # the named test files too when git does not know them yet (a test written for this run, not yet added)
    for name in dict.fromkeys([*filter(None, (f.decode() for f in files)), *(t.split("::")[0] for t in tests)]):
        src, dst = ROOT / name, copy / name
        # the data files (.toml rules and outlines …) also into the copy's mutants/, which mutmut fills only once
        targets = [dst] + ([copy / "mutants" / name] if (copy / "mutants").is_dir() and not name.endswith(".py")
                           and name.startswith("xlperf/") else [])
        for dst in targets:
            if src.is_file() and (not dst.exists() or dst.read_bytes() != src.read_bytes()):
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
                changed = changed or name.endswith(".py")
    if changed:
        # mutmut keeps which test calls which function in mutmut-stats.json and collects it again only for tests it
        # has not seen: after a test or a function changed, a stale file ties mutants to the wrong tests (they
        # "survive" untested) — so a changed copy starts its statistics afresh
        (copy / "mutants" / "mutmut-stats.json").unlink(missing_ok=True)
    selection = [*tests, *(["-k", keyword] if keyword else [])]
    pyproject = (ROOT / "pyproject.toml").read_text("utf-8")
    narrowed = re.sub(r"(?ms)^pytest_add_cli_args_test_selection = \[.*?^\]",
                      lambda _: "pytest_add_cli_args_test_selection = " + json.dumps(selection, ensure_ascii=False)
                      + "\nonly_mutate = " + json.dumps(modules), pyproject, count=1)
    if narrowed == pyproject:
        raise SystemExit("pyproject.toml 中没有 [tool.mutmut] 的 pytest_add_cli_args_test_selection")
    (copy / "pyproject.toml").write_text(narrowed, "utf-8")
    return copy


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("modules", nargs="*", help="xlperf/… .py files; none = the whole package")
    parser.add_argument("--jobs", type=int, default=2, help="mutmut --max-children (default 2)")
    parser.add_argument("--mutant", action="append", default=[],
                        help="mutmut's own mutant names or patterns (xlperf.domain.numbers.x_fmt_number__mutmut_*)")
    parser.add_argument("--tests", nargs="+", default=[],
                        help="judge the modules by these test files only (run in a copy under build/mutate-narrow/)")
    parser.add_argument("-k", dest="keyword", default="", help="with --tests: pytest's -k expression")
    args = parser.parse_args(argv)

    # --mutant narrows: only those mutants run (the modules still say what the copy of a narrowed run mutates)
    names = args.mutant or [g for m in args.modules for g in mutant_globs(m)]
    where = narrowed_copy(args.modules, args.tests, args.keyword) if args.tests else ROOT
    command = [str(MUTMUT), "run", "--max-children", str(args.jobs), *names]
    started = time.monotonic()
    print("$", " ".join(command), f"  (in {where})" if args.tests else "", flush=True)
    code = subprocess.call(command, cwd=where)
    seconds = time.monotonic() - started
    results = module_results(args.modules or None, where)
    print()
    print(f"{datetime.date.today()}  mutmut {args.jobs} worker(s)  {seconds / 60:.1f} min  "
          f"modules: {' '.join(args.modules) or 'xlperf/ (all)'}")
    print(table(results))
    if args.tests:
        print(f"tests: {' '.join(args.tests)}" + (f"  -k {args.keyword!r}" if args.keyword else ""))
    left = survivors(args.modules or None, where)
    if left:
        print(f"\nsurvivors / no tests ({len(left)}): `mutmut show NAME` prints the diff")
        for name in left:
            print("   ", name)
    return code


if __name__ == "__main__":
    sys.exit(main())
