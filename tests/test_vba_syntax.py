"""An independent VBA syntax check (ANTLR's MS-VBAL grammar from antlr4-vba, after vba_precompiler's
conditional compilation, for 64-bit and 32-bit Office) of every module xlperf writes or generates, in the
committed workbooks as shipped; planted faults prove the check finds errors."""

import re
from pathlib import Path

import pytest
import xlwings
from pyopenvba import ExcelFile

from xlperf.macro.addin import ADDIN_NAME, addin_runtime_source
from xlperf.macro.vbasyntax import HOSTS, check_module, document_source, precompile
from xlperf.macro.xlsm import WORKBOOK_MODULE, ribbon_module_source, workbook_module_body

WORKBOOKS = Path(__file__).resolve().parent.parent / "workbooks"
SHIPPED = ["xlperf-form.xlsm", "example-2021.xlsm", ADDIN_NAME]
#: the modules whose text is ours (the xlwings runtime and its Dictionary class are xlwings' own, except the
#: one constant the add-in changes, checked below on its own)
OURS = ("xlperf_udfs", "xlperf_python", "xlperf_ribbon", "xlperf_register", WORKBOOK_MODULE)


SEEN: set[tuple[str, str]] = set()


def _our_modules():
    texts = {}
    for name in SHIPPED:
        path = WORKBOOKS / name
        assert path.is_file(), f"缺少 {name}：请运行 xlperf build"
        with ExcelFile(path) as wb:
            for module in OURS:
                source = wb.get_module(module)
                if module == WORKBOOK_MODULE:  # the grammar takes a document module's body under its name
                    source = document_source(module, _body(source))
                texts.setdefault(source, f"{name}:{module}")
                SEEN.add((name, module))
    return texts


def _body(source: str) -> str:
    return "".join(line for line in source.splitlines(keepends=True) if not line.startswith("Attribute VB_"))


MODULES = _our_modules()


@pytest.mark.parametrize("source", list(MODULES), ids=list(MODULES.values()))
def test_every_module_we_write_parses_for_64_and_32_bit_office(source):
    assert check_module(source) == []


def test_every_module_we_write_was_checked():
    """Same text in several workbooks is parsed once; every workbook's every module of ours is among them."""
    assert SEEN == {(name, module) for name in SHIPPED for module in OURS}
    assert {where.split(":")[1] for where in MODULES.values()} == set(OURS)


def test_the_line_we_change_in_xlwings_addin_runtime_parses():
    wheel = (Path(xlwings.__file__).parent / "xlwings_custom_addin.bas").read_text(encoding="ascii").splitlines()
    ours = addin_runtime_source().split("\r\n")
    changed = [line for line, theirs in zip(ours, wheel) if line != theirs]
    assert len(changed) == 1 and changed[0].startswith("Public Const PROJECT_NAME")
    assert check_module('Attribute VB_Name = "xlwings"\n' + changed[0] + "\n") == []


def test_conditional_compilation_keeps_each_bitness_own_declarations():
    runtime = (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="ascii")
    # the runtime's DLL declarations: from its first "#If VBA7 Then" to the "#End If" closing it
    lines = runtime.splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.strip() == "#If VBA7 Then")
    end = next(i for i in range(start, len(lines)) if lines[i].rstrip() == "#End If")
    block = 'Attribute VB_Name = "xlwings"\n' + "".join(lines[start:end + 1])
    assert check_module(block) == []
    kept = {host: [line for line in precompile(block, host).splitlines()
                   if re.match(r"\s*(Private )?Declare PtrSafe Function XLPyDLLActivateAuto", line)]
            for host in HOSTS}
    assert len(kept["win64"]) == 1 and "xlwings64-" in kept["win64"][0]
    assert len(kept["win32"]) == 1 and "xlwings32-" in kept["win32"][0]


# --------------------------------------------------------------------------- planted faults


RIBBON = ribbon_module_source()
WORKBOOK = document_source(WORKBOOK_MODULE, workbook_module_body())
FAULTS = {
    "End Sub missing": (RIBBON, lambda s: s.replace("End Sub", "", 1)),
    "End Sub misspelt": (RIBBON, lambda s: s.replace("End Sub", "Edn Sub", 1)),
    "End If missing": (RIBBON, lambda s: s.replace("    End If\r\n", "", 1)),
    "Then missing": (RIBBON, lambda s: s.replace(" Then Exit Sub", " Exit Sub", 1)),
    "unbalanced parenthesis": (RIBBON, lambda s: s.replace("HasWorkbook()", "HasWorkbook(", 1)),
    "End Function closing a Sub": (RIBBON, lambda s: s.replace("End Sub", "End Function", 1)),
    "stray text": (RIBBON, lambda s: s.replace("Option Explicit", "Option Explicit\r\n)", 1)),
    "unclosed string": (RIBBON, lambda s: s.replace('generate_report()"', "generate_report()", 1)),
    "#If without #End If": (RIBBON, lambda s: s.replace("Option Explicit", "Option Explicit\r\n#If Win64 Then", 1)),
    "Workbook_Open without End Sub": (WORKBOOK, lambda s: s.replace("End Sub", "", 1)),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_a_planted_fault_is_found(name):
    source, plant = FAULTS[name]
    faulty = plant(source)
    assert faulty != source
    found = check_module(faulty)
    assert {f.host for f in found} == set(HOSTS), found


@pytest.mark.parametrize("host, other", [("win64", "win32"), ("win32", "win64")])
def test_a_fault_in_one_bitness_branch_is_found_only_for_that_office(host, other):
    bad, good = "Private Const A As = 1", "Private Const A As Long = 1"
    branches = (bad, good) if host == "win64" else (good, bad)
    source = RIBBON.replace("Option Explicit", "Option Explicit\r\n#If Win64 Then\r\n{}\r\n#Else\r\n{}\r\n#End If"
                            .format(*branches), 1)
    found = check_module(source)
    assert found and {f.host for f in found} == {host}
    assert check_module(source, hosts=(other,)) == []
