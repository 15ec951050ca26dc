"""Fast checks of the generated VBA text of :mod:`xlperf.macro.offline` (``xlperf_python``) and
:mod:`xlperf.macro.vba_gen` (``xlperf_udfs``), written for the session-7 mutation run (issue 19).

Expected text is hand-written from what the module must do (xlwings' VBA conventions, the Chinese sentences the
clerk is promised, the probe's limits), not read back from the generator.  The VBA strings are decoded by a small
reader of ``s = "..." & ChrW(&HXXXX&)`` statements written here.

Equivalent mutants (session 7, s7i) — see docs/mutation.md, section s7i:

- ``vba_gen.generate_udfs_module``: ``redirect_stdout(io.StringIO())`` -> ``redirect_stdout(None)``: xlwings' import_udfs
  only ``print``s one line (no logger handler), and ``print`` with ``sys.stdout`` None writes nothing; either way
  nothing reaches the output and the recorded module is the same.
"""

from __future__ import annotations

import re

import pytest

from xlperf.macro import offline, vba_gen

_STATEMENT = re.compile(r'^\s*s = (?:s & )?(.*)$')


def _decode(expr: str) -> str:
    out = []
    for part in expr.split(" & "):
        if part.startswith('"'):
            assert part.endswith('"')
            out.append(part[1:-1].replace('""', '"'))
        else:
            m = re.fullmatch(r"ChrW\(&H([0-9A-F]+)&\)", part)
            assert m, part
            out.append(chr(int(m.group(1), 16)))
    return "".join(out)


def _text(source: str, key: str) -> str:
    block = re.search(rf"\r\nPrivate Function Text_{key}\(\) As String\r\n    Dim s As String\r\n"
                      rf"((?:    s = .*\r\n)+)    Text_{key} = s\r\nEnd Function\r\n", source)
    assert block, key
    return "".join(_decode(_STATEMENT.match(line).group(1)) for line in block.group(1).split("\r\n") if line)


EXPECTED_TEXTS = {
    "Title": "绩效自评",
    "Status": "未连接到 Python（%1）：本表改用 Excel 自带公式计算，分数和等级不变，但不能生成报告；"
              "请运行安装包中的 install.bat 或联系信息科，装好后点「绩效自评」选项卡的「重新连接」。",
    "Wps": "WPS 表格中本表用自带公式计算，分数和等级不变；生成报告请在文件上点右键「发送到」→「生成绩效自评报告」。",
    "Missing": "找不到 %1",
    "NoDll": "Python 环境中缺少 xlwings 组件 %1",
    "Blocked": "Python 无法启动，可能被安全软件或系统策略拦截",
    "Timeout": "Python 在 %1 秒内没有响应，可能被安全软件拦截",
    "Broken": "Python 环境不完整，xlperf 或 xlwings 0.37.8 无法导入",
    "CallFailed": "Excel 调用 Python 函数失败",
    "Reconnected": "已连接到 Python，全部公式已重新计算。",
    "Detail": "技术信息（供信息科）：",
}


@pytest.fixture()  # per test: mutmut ties a function to the tests that run it
def python_module() -> str:
    return offline.module_source()


def test_offline_module_is_ascii_crlf_and_named(python_module):
    assert python_module.startswith('Attribute VB_Name = "xlperf_python"\r\n')
    assert python_module.isascii()
    assert python_module.endswith("End Function\r\n")
    assert "\n" not in python_module.replace("\r\n", "")
    # the head ends with InstallStamp; one blank line before each sentence function, none doubled
    assert "\r\nEnd Function\r\n\r\nPrivate Function Text_Title() As String\r\n" in python_module
    assert "\r\n\r\n\r\n" not in python_module


@pytest.mark.parametrize("key", sorted(EXPECTED_TEXTS))
def test_offline_every_sentence_decodes_to_the_promised_chinese(python_module, key):
    assert _text(python_module, key) == EXPECTED_TEXTS[key]


def test_offline_has_exactly_the_promised_sentences(python_module):
    assert sorted(re.findall(r"Private Function Text_(\w+)\(\)", python_module)) == sorted(EXPECTED_TEXTS)


def test_offline_constants_probe_8_seconds_and_na(python_module):
    # 80 polls of 100 ms: the probe gives Python 8 seconds; #N/A is xlErrNA = 2042
    assert "\r\nPrivate Const PROBE_STEPS As Long = 80\r\n" in python_module
    assert "\r\nPrivate Const PROBE_STEP_MS As Long = 100\r\n" in python_module
    assert offline.PROBE_SECONDS == 8
    assert '\r\nPrivate Const REG_KEY As String = "HKCU\\Software\\xlperf\\Excel\\"\r\n' in python_module
    assert "\r\nPrivate Const XL_ERR_NA As Long = 2042\r\n" in python_module
    assert "\r\nPublic Function PYTHON_STATUS(Optional after1 As Variant, Optional after2 As Variant) As Variant\r\n" \
           "    PYTHON_STATUS = StatusText()\r\n" in python_module


def test_offline_probe_imports_xlwings_of_the_workbook_and_the_udfs(python_module):
    probe = ("import sys, xlwings, xlperf.udfs; "
             "sys.exit(0 if xlwings.__version__ == '0.37.8' else 3)")
    assert f'" -B -c " & Chr(34) & _\r\n        "{probe}" & Chr(34))\r\n' in python_module
    assert 'dll = "xlwings64-0.37.8.dll"' in python_module and 'dll = "xlwings32-0.37.8.dll"' in python_module
    assert '& "\\xlperf-install.txt"' in python_module or "\\xlperf-install.txt\"" in python_module


def test_offline_non_ascii_text_is_refused(monkeypatch):
    monkeypatch.setitem(offline.TEXTS, "Title", "x")
    monkeypatch.setattr(offline, "_HEAD", offline._HEAD + "' é\n")
    with pytest.raises(ValueError, match="^generated VBA is not ASCII$"):
        offline.module_source()


# --- vba_gen -----------------------------------------------------------------------------------------------------

EXEC_RATE_WRAPPER = (
    "\r\nFunction PERF_EXEC_RATE(executed, budget)\r\n"
    "    If Not PythonReady() Then\r\n"
    "        PERF_EXEC_RATE = OfflineValue()\r\n"
    "        Exit Function\r\n"
    "    End If\r\n"
    "    On Error GoTo failed\r\n"
    '    PERF_EXEC_RATE = XLPy.CallUDF("xlperf.udfs", "PERF_EXEC_RATE", Array(executed, budget), '
    "ThisWorkbook, Application.Caller)\r\n"
    "    Exit Function\r\n"
    "failed:\r\n"
    "    PERF_EXEC_RATE = PythonFailed(Err.Description)\r\n"
    "End Function\r\n")

HEAD = ('Attribute VB_Name = "xlperf_udfs"\r\n'
        "' xlperf: the PERF_ worksheet functions. Each calls Python through xlwings as xlwings' own\r\n"
        "' Import Functions would, but only while xlperf_python says Python answers; otherwise, and on any\r\n"
        "' failure, it returns #N/A so that IFERROR(PERF_X(...), native) shows the native figure.\r\n"
        "' Generated by xlperf/macro/vba_gen.py: do not edit.\r\n"
        "Option Explicit\r\n")


@pytest.fixture()  # per test: mutmut ties a function to the tests that run it
def generated():
    return vba_gen.generate_udfs_module()


def test_generated_is_xlwings_module_with_crlf(generated):
    assert generated.source.startswith('Attribute VB_Name = "xlwings_udfs"\r\n')
    assert "\n" not in generated.source.replace("\r\n", "")
    assert generated.source.endswith("\r\nEnd Function\r\n\r\n") and "\r\n\r\nFunction PERF_GRADE(" in generated.source
    assert ('\r\n        PERF_EXEC_RATE = XLPy.CallUDF("xlperf.udfs", "PERF_EXEC_RATE", Array(executed, budget), '
            "ThisWorkbook, Application.Caller)\r\n") in generated.source


def test_generated_macro_options_name_the_default_workbook(generated):
    options = dict(generated.macro_options)
    assert options["'xlperf-form.xlsm'!PERF_EXEC_RATE"]["Category"] == "绩效自评"
    assert options["'xlperf-form.xlsm'!PERF_EXEC_RATE"]["ArgumentDescriptions"] == [
        "执行数（万元）", "预算数（万元），年初或调整后"]
    assert all(name.startswith("'xlperf-form.xlsm'!PERF_") for name in options)


def test_generated_for_another_workbook_names_it():
    options = dict(vba_gen.generate_udfs_module("a b.xlam").macro_options)
    assert "'a b.xlam'!PERF_GRADE" in options
    assert vba_gen.udfs_module_source("x.xlsm").startswith('Attribute VB_Name = "xlwings_udfs"\r\n')
    assert "PERF_GRADE(score, Optional bands)" in vba_gen.udfs_module_source("a b.xlam")


def test_generator_refuses_when_xlwings_imports_other_than_one_module(monkeypatch):
    monkeypatch.setattr(vba_gen._Components, "Import", lambda self, path: None)
    with pytest.raises(RuntimeError, match="^xlwings import_udfs did not import exactly one module$"):
        vba_gen.generate_udfs_module()


def test_wrappers_head_and_one_wrapper_exactly(generated):
    text = vba_gen.wrappers_module_source("xlperf-form.xlsm", generated)
    assert text.startswith(HEAD + "\r\nFunction PERF_")
    assert EXEC_RATE_WRAPPER in text
    assert text.endswith("End Function\r\n")
    names = re.findall(r"^Function (PERF_\w+)\(", generated.source, re.M)
    assert re.findall(r"\r\nFunction (PERF_\w+)\(", text) == names and len(names) >= 5
    assert text.count("PythonFailed(Err.Description)") == len(names)


def test_wrappers_default_generation_is_the_same(generated):
    assert vba_gen.wrappers_module_source("xlperf-form.xlsm") == vba_gen.wrappers_module_source("y", generated)
    assert "ThisWorkbook, Application.Caller)" in vba_gen.wrappers_module_source("x.xlsm")


def test_wrappers_refuse_an_unknown_wrapper_shape(generated):
    odd = generated.source.replace("    PERF_GRADE = Err.Description\r\n", "    PERF_GRADE = 0\r\n")
    with pytest.raises(RuntimeError, match="^xlwings' generator wrote a wrapper of a shape xlperf does not know$"):
        vba_gen.wrappers_module_source("x", vba_gen.UdfsModule(odd, []))
    first = "Function PERF_X(a)\r\nEnd Function\r\n"
    with pytest.raises(RuntimeError):
        vba_gen.wrappers_module_source("x", vba_gen.UdfsModule(first, []))


def test_wrappers_accept_a_module_that_is_one_wrapper_from_its_first_line():
    one = ("Function PERF_X(a)\r\n"
           '    #If App = "Microsoft Excel" Then\r\n'
           "        If TypeOf Application.Caller Is Range Then On Error GoTo failed\r\n"
           '        PERF_X = XLPy.CallUDF("xlperf.udfs", "PERF_X", Array(a), ThisWorkbook, Application.Caller)\r\n'
           "        Exit Function\r\n"
           "    #Else\r\n"
           '        PERF_X = XLPy.CallUDF("xlperf.udfs", "PERF_X", Array(a))\r\n'
           "        Exit Function\r\n"
           "    #End If\r\n"
           "failed:\r\n"
           "    PERF_X = Err.Description\r\n"
           "End Function\r\n")
    text = vba_gen.wrappers_module_source("x", vba_gen.UdfsModule(one, []))
    assert text == HEAD + ("\r\nFunction PERF_X(a)\r\n    If Not PythonReady() Then\r\n        PERF_X = OfflineValue()\r\n"
                           "        Exit Function\r\n    End If\r\n    On Error GoTo failed\r\n"
                           '    PERF_X = XLPy.CallUDF("xlperf.udfs", "PERF_X", Array(a), ThisWorkbook, Application.Caller)\r\n'
                           "    Exit Function\r\nfailed:\r\n    PERF_X = PythonFailed(Err.Description)\r\nEnd Function\r\n")
