"""One exceptions module: every exception xlperf raises on purpose is declared in xlperf/errors.py, and the
names callers (tests, scripts, the ribbon) import from the modules that raise them still work."""

import ast
import importlib
from pathlib import Path

import xlperf.errors as E

ROOT = Path(__file__).resolve().parent.parent

#: where each exception was declared before xlperf/errors.py held the tree (and is still importable from)
OLD_HOMES = {
    "xlperf.domain.numbers": "InputError", "xlperf.app.load": "LoadError", "xlperf.infra.safety": "UnsafeFileError",
    "xlperf.domain.profiles": "ProfileError", "xlperf.domain.scoring": "ScoringError", "xlperf.infra.atomic": "OutputError",
    "xlperf.report.render": "ReportError", "xlperf.infra.office": "OfficeError", "xlperf.batch.lastyear": "LastYearError",
    "xlperf.batch.run": "BatchStartError", "xlperf.importer.sources": "ImportFailure",
    "xlperf.importer": "ImportFailure", "xlperf.domain.problems": "ProblemsFound",
}


def _bases(node: ast.ClassDef) -> list[str]:
    return [b.id if isinstance(b, ast.Name) else b.attr if isinstance(b, ast.Attribute) else "" for b in node.bases]


def test_every_public_exception_class_is_declared_in_errors_py():
    declared = set(E.__all__)
    stray = []
    for path in sorted((ROOT / "xlperf").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef) or node.name.startswith("_"):
                continue
            if any(b in declared or b in ("Exception", "ValueError", "RuntimeError") for b in _bases(node)):
                if path.name != "errors.py" or path.parent.name != "xlperf":
                    stray.append(f"{path.relative_to(ROOT)}: {node.name}")
    assert stray == []


def test_old_import_paths_give_the_same_classes():
    for module, name in OLD_HOMES.items():
        assert getattr(importlib.import_module(module), name) is getattr(E, name), (module, name)


def test_the_tree():
    """Exit code 2 and the clerk's message come from InputError: every refusal but an import's is one."""
    for name in ("LoadError", "ProfileError", "ScoringError", "OutputError", "ReportError", "OfficeError",
                 "LastYearError", "BatchStartError"):
        assert issubclass(getattr(E, name), E.InputError), name
    assert issubclass(E.UnsafeFileError, E.LoadError) and issubclass(E.InputError, ValueError)
