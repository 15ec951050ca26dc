"""xlperf — 部门整体绩效自评：Excel 填报、实时计分、自动生成自评报告.

The public API, for a script or a service (each a thin name for a use case of :mod:`xlperf.app`)::

    import xlperf

    checked = xlperf.check("2021年绩效自评.xlsx")      # read, score, validate: .result, .problems, .reportable
    result = xlperf.score("2021年绩效自评.xlsx")       # totals, grade, each indicator (None: cannot be scored)
    ctx = xlperf.build_report("2021年绩效自评.xlsx")   # every sentence and figure of the report
    xlperf.write_report(ctx, "报告.docx", "docx")      # docx, md, html or pdf, written atomically

``load`` (the evaluation and the problems found reading it), ``new_form``, ``import_last_year`` and
``run_batch`` complete it.  The names load on first use, so ``import xlperf.udfs`` (Excel's UDF server) and
``import xlperf.excel`` (a ribbon click) pay nothing for them.  Layers: see README “维护者”.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

__version__ = "0.1.0"

#: public name → (module, function): where each lives
_API = {
    "load": ("xlperf.app.load", "load_evaluation"),
    "check": ("xlperf.app.check", "check_file"),
    "score": ("xlperf.app.check", "score"),
    "build_report": ("xlperf.app.check", "build_report"),
    "write_report": ("xlperf.app.reports", "write_report"),
    "new_form": ("xlperf.app.forms", "new_form"),
    "import_last_year": ("xlperf.app.forms", "import_last_year"),
    "run_batch": ("xlperf.batch.run", "run_batch"),
}

__all__ = [*_API, "__version__"]

if TYPE_CHECKING:  # what the names are, for editors and type checkers
    from .app.check import build_report, check_file as check, score
    from .app.forms import import_last_year, new_form
    from .app.load import load_evaluation as load
    from .app.reports import write_report
    from .batch.run import run_batch


def __getattr__(name: str):
    if name not in _API:
        raise AttributeError(f"module 'xlperf' has no attribute {name!r}")
    module, attr = _API[name]
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value  # once: later uses find it directly
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_API})
