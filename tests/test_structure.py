"""The code's structure, read from its syntax tree (issue 20, point 7).

* no import cycle between xlperf's modules, nor between its packages (an import inside a function counts:
  it is a dependency all the same, only later);
* every module belongs to one layer — domain, adapter, use case, front end (``LAYERS``) — and a layer
  imports only from itself and the layers below: the domain imports no adapter, no use case, no front end
  and none of openpyxl, xlwings, docx, docxtpl;
* an import inside a function says why it is lazy: a comment on its line or the line above, which also
  covers the imports right below it (start-up time of the UDF server or a ribbon click is the usual reason).  Today's imports without one are listed in
  ``LAZY_UNEXPLAINED``: the list may only shrink — a new one fails, and so does an entry that is gone;
* a module over ``MODULE_LINES`` lines or a function over ``FUNCTION_LINES`` lines carries a one-line
  ``# long: <reason>`` comment at its top (a module: before its first statement after the docstring; a
  function: between its signature and its first statement after the docstring).  Today's offenders are
  listed (``LONG_MODULES``, ``LONG_FUNCTIONS``) and must leave the list once they are short.

Every failure names the file and line and says which entry to add or remove.  Only the syntax is read:
nothing is imported, so the test is fast and sees imports that a run would not reach.
"""

from __future__ import annotations

import ast
import io
import tokenize
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "xlperf"

MODULE_LINES = 500
FUNCTION_LINES = 80
#: the issue's aim for imports inside functions that say why (start-up time); more is a design smell
MAX_EXPLAINED_LAZY = 20

#: layer of each module, by the longest matching dotted prefix; lower layers first.  A module that matches
#: none fails ``test_every_module_has_a_layer``.
LAYERS: dict[str, tuple[str, ...]] = {
    "domain": ("xlperf.domain", "xlperf.domain.numbers", "xlperf.domain.scoring", "xlperf.domain.targets", "xlperf.domain.problems",
               "xlperf.domain.model", "xlperf.domain.profiles", "xlperf.domain.outlines", "xlperf.domain.facts", "xlperf.domain.evaluate", "xlperf.domain.validate",
               "xlperf.domain.agree", "xlperf.domain.narrative_checks", "xlperf.errors", "xlperf.report.context",
               "xlperf.report.parts", "xlperf.report.placeholders", "xlperf.report.review", "xlperf.report.sections",
               "xlperf.report.words", "xlperf.report.sentence_model", "xlperf.report.sentences", "xlperf.importer.parse",
               "xlperf.importer.lines", "xlperf.importer.parsed", "xlperf.importer.statements", "xlperf.importer.walker",
               "xlperf.importer.cover", "xlperf.importer.figures", "xlperf.importer.selftable",
               "xlperf.importer.form", "xlperf.importer.own_outline"),
    "adapter": ("xlperf.infra", "xlperf.workbook", "xlperf.report", "xlperf.importer", "xlperf.infra.office", "xlperf.infra.atomic",
                "xlperf.infra.safety", "xlperf.infra.sheetfit", "xlperf.infra.applog", "xlperf.infra.wininstall", "xlperf.macro",
                "xlperf.app.load", "xlperf.infra.jsonfile"),
    "use case": ("xlperf.app",),
    "front end": ("xlperf", "xlperf.cli", "xlperf.commands", "xlperf.excel", "xlperf.excel_sheet", "xlperf.excel_work",
                  "xlperf.udfs", "xlperf.openreport",
                  "xlperf.batch", "xlperf.serve"),
}
ORDER = list(LAYERS)
#: libraries the domain must not import (spreadsheet and Word I/O belong to adapters)
DOMAIN_FORBIDDEN_LIBS = ("openpyxl", "xlwings", "docx", "docxtpl")

# Lower layers that import a higher one today.  Ratchet: may only shrink (entries "importer -> importee").
LAYER_EXCEPTIONS = """
"""

# Imports inside functions without a comment saying why, as of issue 20 (module path::function | statement).
# Ratchet: an entry disappears when its import moves to the top of the module or gets its reason comment.
LAZY_UNEXPLAINED = """
"""

# Modules over MODULE_LINES lines without a "# long:" reason, and functions over FUNCTION_LINES lines.
LONG_MODULES = """
"""
LONG_FUNCTIONS = """
"""


# ---------------------------------------------------------------- reading the source


@dataclass(frozen=True)
class Import:
    module: str  # the importing module, dotted
    path: str  # its file, relative to the repository
    line: int
    function: str  # qualified name of the enclosing function, "" at module level (classes included)
    statement: str  # the statement as ast.unparse prints it
    targets: tuple[str, ...]  # xlperf modules it imports (a name that is no module gives its package)
    libraries: tuple[str, ...]  # top-level names of other packages it imports
    explained: bool  # a comment on its line(s) or on the line above
    typing_only: bool  # under ``if TYPE_CHECKING:`` (never runs)


def _module_files() -> dict[str, tuple[Path, bool]]:
    out = {}
    for p in sorted(PACKAGE.rglob("*.py")):
        parts = list(p.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        out[".".join(parts[:-1] if is_package else parts)] = (p, is_package)
    return out


MODULES = _module_files()


def _comments(source: str) -> dict[int, str]:
    out = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            out[tok.start[0]] = tok.string.lstrip("#").strip()
    return out


def _code_lines(source: str) -> set[int]:
    """Lines holding a token other than a comment or a line break (to tell a comment line from a trailing one)."""
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER}
    return {tok.start[0] for tok in tokenize.generate_tokens(io.StringIO(source).readline) if tok.type not in skip}


def _resolve(module: str, is_package: bool, node: ast.Import | ast.ImportFrom) -> tuple[list[str], list[str]]:
    """(xlperf modules, other top-level packages) that ``node`` imports."""
    ours, libs = [], []
    if isinstance(node, ast.Import):
        for alias in node.names:
            (ours if alias.name.split(".")[0] == "xlperf" else libs).append(alias.name)
        return ours, [n.split(".")[0] for n in libs]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        target = ".".join(base + ([node.module] if node.module else []))
    else:
        target = node.module or ""
        if target.split(".")[0] != "xlperf":
            return [], [target.split(".")[0]]
    for alias in node.names:
        sub = f"{target}.{alias.name}"
        ours.append(sub if sub in MODULES else target)
    return ours, []


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports() -> list[Import]:
    found = []
    for module, (path, is_package) in MODULES.items():
        source = path.read_text(encoding="utf-8")
        comments, code = _comments(source), _code_lines(source)
        rel = path.relative_to(ROOT).as_posix()

        said: dict[int, bool] = {}  # last line of each import statement → explained

        def explained(node: ast.stmt) -> bool:
            """A comment on the statement's lines or on a comment line just above it, or the statement
            just above is an explained import (one comment over a block of imports)."""
            lines = range(node.lineno, node.end_lineno + 1)
            above = node.lineno - 1
            ok = any(n in comments for n in lines) or (above in comments and above not in code) or said.get(above,
                                                                                                              False)
            said[node.end_lineno] = ok
            return ok

        def walk(node: ast.AST, function: str, prefix: str, typing_only: bool) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.Import, ast.ImportFrom)):
                    ours, libs = _resolve(module, is_package, child)
                    found.append(Import(module, rel, child.lineno, function, ast.unparse(child), tuple(ours),
                                        tuple(libs), explained(child), typing_only))
                elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    walk(child, prefix + child.name, prefix + child.name + ".", typing_only)
                elif isinstance(child, ast.ClassDef):
                    walk(child, function, prefix + child.name + ".", typing_only)
                elif isinstance(child, ast.If) and _is_type_checking(child.test):
                    walk(child, function, prefix, True)
                else:
                    walk(child, function, prefix, typing_only)

        walk(ast.parse(source, filename=rel), "", "", False)
    return found


IMPORTS = _imports()


def _entries(text: str) -> Counter[str]:
    return Counter(line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#"))


def _ratchet(found: Counter[str], listed: Counter[str], name: str, what: str) -> list[str]:
    """Messages for entries found but not listed and listed but not found (or found fewer times)."""
    messages = []
    new = found - listed
    gone = listed - found
    if new:
        messages.append(f"{what} — new; fix them, or (only when the lead refreshes the lists after a merge) add "
                        f"to {name} in tests/test_structure.py:\n" + "\n".join(sorted(new.elements())))
    if gone:
        messages.append(f"no longer there — remove from {name} in tests/test_structure.py (the list only "
                        f"shrinks):\n" + "\n".join(sorted(gone.elements())))
    return messages


def _layer(module: str) -> str | None:
    best, layer = "", None
    for name, prefixes in LAYERS.items():
        for p in prefixes:
            # the package's own __init__ ("xlperf") is a layer of its own, not the prefix of every module
            if (module == p or (p != "xlperf" and module.startswith(p + "."))) and len(p) > len(best):
                best, layer = p, name
    return layer


def _package(module: str) -> str:
    """The unit of the package graph: ``xlperf.workbook.read`` → ``xlperf.workbook``; a flat module is its own."""
    return ".".join(module.split(".")[:2])


def _cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one node (Tarjan), each rotated to start at its
    smallest name."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out = []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def _where(a: str, b: str, unit=lambda m: m) -> str:
    """The import statements that make ``a`` depend on ``b`` (file:line)."""
    return ", ".join(sorted({f"{i.path}:{i.line}{' (in ' + i.function + ')' if i.function else ''}"
                             for i in IMPORTS if not i.typing_only and unit(i.module) == a
                             and any(unit(t) == b for t in i.targets)}))


def _graph(unit=lambda m: m) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = defaultdict(set)
    for i in IMPORTS:
        if i.typing_only:
            continue
        for t in i.targets:
            a, b = unit(i.module), unit(t)
            if a != b and t in MODULES:
                edges[a].add(b)
    return edges


# ---------------------------------------------------------------- the rules


def test_the_reader_sees_what_python_imports():
    # guards the test itself: relative imports resolve to the modules Python would load
    by_stmt = {(i.module, i.statement): i for i in IMPORTS}
    assert by_stmt[("xlperf.workbook.read", "from . import layout as L")].targets == ("xlperf.workbook.layout",)
    assert by_stmt[("xlperf.domain.evaluate", "from .model import Evaluation, Indicator")].targets == (
        "xlperf.domain.model", "xlperf.domain.model")
    assert "openpyxl" in by_stmt[("xlperf.workbook.build", "from openpyxl import Workbook")].libraries
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _package("xlperf.workbook.read") == "xlperf.workbook" and _package("xlperf.cli") == "xlperf.cli"
    assert _layer("xlperf.report.context") == "domain" and _layer("xlperf.report.render") == "adapter"
    assert _layer("xlperf") == "front end" and _layer("xlperf.unlisted") is None
    lazy = {(i.module, i.function, i.statement): i for i in IMPORTS if i.function}
    assert lazy[("xlperf.excel", "_work", "from . import excel_work")].explained


def test_the_reader_tells_an_explained_lazy_import(tmp_path, monkeypatch):
    # guards the test itself: a comment on the line or the line above explains an import inside a function
    # (and the imports right below it); a bare one does not
    pkg = tmp_path / "xlperf"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "mod.py").write_text(
        "def f():\n    import json  # start-up\n    import csv\n\n\n"
        "def g():\n    # start-up\n    import os\n\n\n"
        "def h():\n    import re\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "PACKAGE", pkg)
    monkeypatch.setitem(globals(), "MODULES", _module_files())
    assert {(i.function, i.statement): i.explained for i in _imports()} == {
        ("f", "import json"): True, ("f", "import csv"): True, ("g", "import os"): True, ("h", "import re"): False}


def test_no_import_cycle_between_modules():
    cycles = _cycles(_graph())
    assert not cycles, "import cycles (imports inside functions count):\n" + "\n".join(
        " ⇄ ".join(c) + "\n  " + "\n  ".join(f"{a} → {b}: {_where(a, b)}" for a in c for b in c
                                          if b in _graph().get(a, ())) for c in cycles)


def test_no_import_cycle_between_packages():
    graph = _graph(_package)
    cycles = _cycles(graph)
    assert not cycles, "package cycles (a package is all its modules):\n" + "\n".join(
        " ⇄ ".join(c) + "\n  " + "\n  ".join(f"{a} → {b}: {_where(a, b, _package)}" for a in c for b in c
                                          if b in graph.get(a, ())) for c in cycles)


def test_every_module_has_a_layer():
    missing = sorted(m for m in MODULES if _layer(m) is None)
    assert not missing, f"add these modules (or their package) to LAYERS in tests/test_structure.py: {missing}"


def test_domain_imports_no_adapter_and_no_spreadsheet_library():
    bad = sorted(f"{i.path}:{i.line}: {i.statement}" for i in IMPORTS
                 if _layer(i.module) == "domain" and not i.typing_only
                 and any(lib in DOMAIN_FORBIDDEN_LIBS for lib in i.libraries))
    assert not bad, "the domain reads and writes no files of Excel or Word:\n" + "\n".join(bad)


def test_layers_import_only_downwards():
    found = Counter()
    where = defaultdict(list)
    for i in IMPORTS:
        if i.typing_only:
            continue
        for t in set(i.targets):
            a, b = _layer(i.module), _layer(t)
            if a and b and ORDER.index(b) > ORDER.index(a):
                key = f"{i.module} -> {t}"
                if key not in found:
                    found[key] = 1
                    where[key].append(f"{i.path}:{i.line}")
    messages = _ratchet(found, _entries(LAYER_EXCEPTIONS), "LAYER_EXCEPTIONS",
                        "a lower layer imports a higher one (domain < adapter < use case < front end)")
    assert not messages, "\n\n".join(messages) + "\n\nat: " + "; ".join(f"{k} ({', '.join(v)})" for k, v in
                                                                       sorted(where.items()))


def _lazy_key(i: Import) -> str:
    return f"{i.path}::{i.function} | {i.statement}"


def test_imports_inside_functions_say_why():
    lazy = [i for i in IMPORTS if i.function and not i.typing_only]
    found = Counter(_lazy_key(i) for i in lazy if not i.explained)
    messages = _ratchet(found, _entries(LAZY_UNEXPLAINED), "LAZY_UNEXPLAINED",
                        "imports inside a function without a comment saying why they are lazy (move them to the "
                        "top of the module, or add a comment on the line or the line above)")
    assert not messages, "\n\n".join(messages)


def test_explained_lazy_imports_stay_few():
    explained = sorted(f"{i.path}:{i.line}: {i.statement}" for i in IMPORTS
                       if i.function and not i.typing_only and i.explained)
    assert len(explained) <= MAX_EXPLAINED_LAZY, (
        f"{len(explained)} imports inside functions (limit {MAX_EXPLAINED_LAZY}); each costs a reader the question "
        "“why here?” — keep only those that save start-up time:\n" + "\n".join(explained))


def _long_reason(comments: dict[int, str], code: set[int], first: int, last: int) -> bool:
    """A ``# long: …`` comment line between lines ``first`` and ``last`` (exclusive)."""
    return any(n in comments and n not in code and comments[n].startswith("long:") for n in range(first + 1, last))


def _first_statement(body: list[ast.stmt]) -> ast.stmt | None:
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(
            body[0].value.value, str):
        body = body[1:]
    return body[0] if body else None


def _sizes() -> tuple[Counter[str], Counter[str]]:
    modules, functions = Counter(), Counter()
    for module, (path, _) in MODULES.items():
        source = path.read_text(encoding="utf-8")
        rel = path.relative_to(ROOT).as_posix()
        comments, code = _comments(source), _code_lines(source)
        tree = ast.parse(source)
        first = _first_statement(tree.body)
        if len(source.splitlines()) > MODULE_LINES and not _long_reason(
                comments, code, tree.body[0].end_lineno if first is not tree.body[0] else 0,
                first.lineno if first else len(source.splitlines()) + 1):
            modules[rel] += 1

        def walk(node: ast.AST, prefix: str) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                    name = prefix + child.name
                    stmt = _first_statement(child.body)
                    if child.end_lineno - child.lineno + 1 > FUNCTION_LINES and not _long_reason(
                            comments, code, child.lineno, stmt.lineno if stmt else child.end_lineno + 1):
                        functions[f"{rel}::{name}"] += 1
                    walk(child, name + ".")
                elif isinstance(child, ast.ClassDef):
                    walk(child, prefix + child.name + ".")
                else:
                    walk(child, prefix)

        walk(tree, "")
    return modules, functions


def test_long_modules_and_functions_say_why():
    modules, functions = _sizes()
    messages = _ratchet(modules, _entries(LONG_MODULES), "LONG_MODULES",
                        f"modules over {MODULE_LINES} lines without a one-line '# long: <reason>' comment before "
                        "their first statement (split them, or say why they are one)")
    messages += _ratchet(functions, _entries(LONG_FUNCTIONS), "LONG_FUNCTIONS",
                         f"functions over {FUNCTION_LINES} lines without a one-line '# long: <reason>' comment at the "
                         "top of their body (split them, or say why they are one)")
    assert not messages, "\n\n".join(messages)


@pytest.mark.parametrize("text, flagged", [
    ('"""Doc."""\n\n# long: one table, read top to bottom\nimport os\n' + "x = 1\n" * 600, 0),
    ('"""Doc."""\n\nimport os  # long: a trailing comment is not a reason line\n' + "x = 1\n" * 600, 1),
    ('"""Doc."""\n\nimport os\n' + "x = 1\n" * 600, 1),
])
def test_a_long_module_needs_its_reason_line(text, flagged, tmp_path, monkeypatch):
    # the rule itself: only a comment line of its own before the first statement counts
    pkg = tmp_path / "xlperf"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "big.py").write_text(text, encoding="utf-8")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "PACKAGE", pkg)
    monkeypatch.setitem(globals(), "MODULES", _module_files())
    modules, _ = _sizes()
    assert sum(modules.values()) == flagged


@pytest.mark.parametrize("reason, flagged", [
    ("    # long: one pass over the table, step by step\n", 0),
    ("    # one pass over the table, step by step\n", 1),  # not the marker
    ("", 1),
])
def test_a_long_function_needs_its_reason_line(reason, flagged, tmp_path, monkeypatch):
    body = '    """Doc."""\n' + reason + "    x = 1\n" * (FUNCTION_LINES + 1)
    pkg = tmp_path / "xlperf"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "mod.py").write_text("def f():\n" + body + "\n\ndef g():\n    return 1\n", encoding="utf-8")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "PACKAGE", pkg)
    monkeypatch.setitem(globals(), "MODULES", _module_files())
    _, functions = _sizes()
    assert functions == (Counter({"xlperf/mod.py::f": 1}) if flagged else Counter())


# ---------------------------------------------------------------- knowledge once: the sheet names

#: the form's sheet names that are no ordinary word (说明 and 设置 also head columns and pages), read from
#: xlperf/domain/sheets.py's syntax
SHEETS_MODULE = PACKAGE / "domain" / "sheets.py"
# Sheet names still spelled out as a string of their own outside xlperf/domain/sheets.py ("path: 名称").
# Ratchet: may only shrink — use the constant (xlperf.domain.sheets, or xlperf.workbook.layout's re-export).
SHEET_NAME_LITERALS = """
xlperf/domain/narrative_checks.py: 文字材料
xlperf/workbook/indicator_sheet.py: 指标评分
"""


def _sheet_names(path: Path = SHEETS_MODULE) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.value.value for node in tree.body if isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant) and node.value.value not in ("说明", "设置")}


def _sheet_name_literals(names: set[str]) -> Counter[str]:
    found = Counter()
    for path, _ in MODULES.values():
        if path == SHEETS_MODULE:
            continue
        rel = path.relative_to(ROOT).as_posix()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in names:
                found[f"{rel}: {node.value}"] += 1
    return found


def test_sheet_names_are_declared_once():
    names = _sheet_names()
    assert {"基本情况", "指标评分", "预算资金", "文字材料"} <= names  # the reader of sheets.py works
    messages = _ratchet(_sheet_name_literals(names), _entries(SHEET_NAME_LITERALS), "SHEET_NAME_LITERALS",
                        "a sheet name spelled out again (use the constant of xlperf/domain/sheets.py)")
    assert not messages, "\n\n".join(messages)


def test_a_spelled_out_sheet_name_is_found(tmp_path, monkeypatch):
    # the rule itself: a string that is a sheet name counts, the name inside a longer text does not
    pkg = tmp_path / "xlperf"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "mod.py").write_text('A = "预算资金"\nB = f"{A}：执行数"\nC = "由“预算资金”计算"\n', encoding="utf-8")
    monkeypatch.setitem(globals(), "ROOT", tmp_path)
    monkeypatch.setitem(globals(), "PACKAGE", pkg)
    monkeypatch.setitem(globals(), "MODULES", _module_files())
    assert _sheet_name_literals({"预算资金"}) == Counter({"xlperf/mod.py: 预算资金": 1})
