"""xlperf's runtime dependencies hold nothing that xlwings imports by itself (issue 15).

xlwings imports numpy, pandas, polars, matplotlib, Pillow and plotly at ``import xlwings`` whenever they
are installed.  Excel's UDF server and every ribbon click start with ``import xlwings``, so a runtime
dependency that brings one of them in makes every Excel start pay for it (7× a bare ``import xlwings``
with matplotlib).  The optional imports are read from xlwings' own source, so a new one in a later
xlwings is caught too; the runtime closure is resolved from pyproject.toml through the installed
distributions' metadata, for Windows, macOS and Linux and every supported Python.
"""

from __future__ import annotations

import ast
import functools
import importlib.metadata as md
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
#: what the import scan must at least find (xlwings 0.37.8), so that a broken scan cannot pass
KNOWN_OPTIONAL = {"numpy", "pandas", "matplotlib", "PIL", "plotly"}
#: import name → distribution name, where they differ and the package is not installed here
DIST_OF = {"PIL": "pillow", "win32api": "pywin32", "win32com": "pywin32", "pywintypes": "pywin32",
           "pythoncom": "pywin32", "win32con": "pywin32"}
#: requirements for other platforms (not installed here), each known to need nothing above
FOREIGN_OK = {"pywin32", "psutil", "appscript", "tomli"}
ENVIRONMENTS = [
    {"sys_platform": plat, "platform_system": system, "os_name": os_name, "platform_machine": machine,
     "python_version": ver, "python_full_version": ver + ".0", "implementation_name": "cpython",
     "platform_python_implementation": "CPython", "platform_release": "", "platform_version": "",
     "implementation_version": ver + ".0"}
    for plat, system, os_name, machine in (("win32", "Windows", "nt", "AMD64"), ("linux", "Linux", "posix", "x86_64"),
                                           ("darwin", "Darwin", "posix", "arm64"))
    for ver in ("3.10", "3.11", "3.12", "3.13")
]


def norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.lru_cache(maxsize=1)
def xlwings_optional_imports() -> frozenset[str]:
    """Top-level names that the modules loaded by ``import xlwings`` import inside ``try: … except
    ImportError`` at module level (the "use it when installed" pattern)."""
    files = json.loads(subprocess.run(
        [sys.executable, "-c", "import json, sys, xlwings; print(json.dumps(sorted({getattr(m, '__file__', '') or '' "
                               "for n, m in list(sys.modules.items()) if n.split('.')[0] == 'xlwings'})))"],
        capture_output=True, text=True, check=True).stdout)
    names: set[str] = set()

    def catches_import_error(handler: ast.ExceptHandler) -> bool:
        if handler.type is None:
            return True
        types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        return any(isinstance(t, ast.Name) and t.id in ("ImportError", "ModuleNotFoundError", "Exception")
                   for t in types)

    def visit(body: list[ast.stmt]) -> None:
        for node in body:
            if isinstance(node, ast.Try) and any(catches_import_error(h) for h in node.handlers):
                for sub in ast.walk(ast.Module(body=node.body, type_ignores=[])):
                    if isinstance(sub, ast.Import):
                        names.update(a.name.split(".")[0] for a in sub.names)
                    elif isinstance(sub, ast.ImportFrom) and sub.level == 0 and sub.module:
                        names.add(sub.module.split(".")[0])
            if isinstance(node, (ast.If, ast.Try)):  # module-level blocks, not function bodies
                visit(node.body + getattr(node, "orelse", []) + getattr(node, "finalbody", []))

    for f in files:
        if f.endswith(".py"):
            visit(ast.parse(Path(f).read_text(encoding="utf-8")).body)
    return frozenset(n for n in names if n != "xlwings" and n not in sys.stdlib_module_names)


def forbidden_distributions(modules: set[str]) -> dict[str, str]:
    """Distribution name → the import name xlwings uses for it, less xlwings' own requirements (pywin32
    on Windows: imported in a ``try`` on every platform, required where it matters)."""
    installed = md.packages_distributions()
    own = {norm(Requirement(r).name) for r in md.requires("xlwings") or [] if "extra ==" not in r}
    out = {}
    for mod in modules:
        for dist in installed.get(mod, [DIST_OF.get(mod, mod)]):
            if norm(dist) not in own:
                out[norm(dist)] = mod
    return out


def runtime_closure() -> tuple[dict[str, str], set[str]]:
    """Every distribution ``pip install xlperf`` brings on any platform: name → the chain that brings
    it; plus the requirements for other platforms that are not installed here."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    chain: dict[str, str] = {}
    foreign: set[str] = set()
    # (requirement, the chain that asks for it, the extras asked of the distribution that asks)
    queue = [(Requirement(d), "xlperf", {""}) for d in deps]
    while queue:
        req, via, extras = queue.pop()
        if req.marker and not any(req.marker.evaluate({**env, "extra": e}) for env in ENVIRONMENTS for e in extras):
            continue
        name = norm(req.name)
        if name in chain:
            continue
        chain[name] = f"{via} → {req.name}"
        try:
            dist = md.distribution(req.name)
        except md.PackageNotFoundError:
            if req.marker and not req.marker.evaluate({"extra": ""}):
                foreign.add(name)
                continue
            pytest.fail(f"{req.name} (needed: {chain[name]}) is not installed: run `make test` to reinstall .venv")
        queue.extend((Requirement(r), chain[name], {""} | set(req.extras)) for r in dist.requires or [])
    return chain, foreign


def test_the_scan_finds_what_xlwings_imports_when_installed():
    found = xlwings_optional_imports()
    assert KNOWN_OPTIONAL <= found, found


def test_runtime_dependencies_bring_nothing_xlwings_imports_by_itself():
    forbidden = forbidden_distributions(xlwings_optional_imports())
    assert {"numpy", "pandas", "matplotlib", "pillow", "plotly"} <= set(forbidden)
    chain, foreign = runtime_closure()
    assert {"xlwings", "docxtpl", "python-docx", "lxml", "pydantic", "openpyxl"} <= set(chain), chain  # resolved
    bad = {name: chain[name] for name in chain if name in forbidden}
    assert not bad, f"runtime dependencies that xlwings imports at start-up: {bad}"
    assert foreign <= FOREIGN_OK, f"new platform-specific requirements to check by hand: {foreign - FOREIGN_OK}"


BLOCKED_RUN = textwrap.dedent(r"""
    import importlib.abc, sys, zipfile
    BLOCKED = set(sys.argv[1].split(","))

    class Block(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in BLOCKED:
                raise ModuleNotFoundError(f"No module named {name!r}", name=name)
            return None

    sys.meta_path.insert(0, Block())
    import xlwings, xlperf.udfs, xlperf.excel
    from xlperf.app.load import load_checked
    from xlperf.report.context import build_context
    from xlperf.report.render import write_report
    _, _, result, _ = load_checked(sys.argv[2])
    ctx, _ = build_context(result)
    docx = write_report(ctx, sys.argv[3] + "/r.docx", "docx")
    html = write_report(ctx, sys.argv[3] + "/r.html", "html")
    assert "word/charts/chart1.xml" in zipfile.ZipFile(docx).namelist()
    assert "<svg" in html.read_text(encoding="utf-8")
    loaded = sorted(n for n in sys.modules if n.split(".")[0] in BLOCKED)
    assert not loaded, loaded
""")


def test_excel_and_the_charted_report_work_without_them(tmp_path):
    """With every optional import of xlwings made impossible (openpyxl tries numpy and Pillow too), the
    UDFs, the ribbon module and a Word and an HTML report with their charts still work."""
    blocked = ",".join(sorted(xlwings_optional_imports()))
    out = subprocess.run([sys.executable, "-c", BLOCKED_RUN, blocked, str(ROOT / "workbooks" / "example-2021.xlsx"),
                          str(tmp_path)], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stdout + out.stderr


def test_marker_environments_cover_windows():
    assert Marker("platform_system == 'Windows'").evaluate(ENVIRONMENTS[0])
