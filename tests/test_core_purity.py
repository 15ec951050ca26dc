"""The pure core imports neither xlwings nor openpyxl (README “代码结构”): each module is imported in a fresh
interpreter and the modules it pulled in are inspected."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CORE = ("xlperf.domain.sheets", "xlperf.domain.numbers", "xlperf.domain.scoring", "xlperf.domain.problems", "xlperf.domain.model", "xlperf.domain.profiles", "xlperf.domain.evaluate",
        "xlperf.domain.validate", "xlperf.domain.narrative_checks", "xlperf.report.context", "xlperf.report.sentences",
        "xlperf.report.sentence_model", "xlperf.importer.parse", "xlperf.importer.lines", "xlperf.importer.parsed",
        "xlperf.importer.statements", "xlperf.importer.walker",
        "xlperf.importer.form")


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_spreadsheet_library(module):
    code = ("import importlib, json, sys; importlib.import_module(sys.argv[1]); "
            "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in ('openpyxl', 'xlwings'))))")
    out = subprocess.run([sys.executable, "-c", code, module], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []
