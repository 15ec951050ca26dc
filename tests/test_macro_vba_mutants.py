"""Fast checks of the generated VBA text of :mod:`xlperf.macro.offline` (``xlperf_python``) and
:mod:`xlperf.macro.vba_gen` (``xlperf_udfs``) and :mod:`xlperf.macro.register` (``xlperf_register``), written for the session-7 mutation run (issue 19).

Expected text is hand-written from what the module must do (xlwings' VBA conventions, the Chinese sentences the
clerk is promised — written once in tests/vba_helpers.py, which tests/test_vba_offline.py shares —, the probe's
limits), not read back from the generator.  The VBA strings are decoded by a small
reader of ``s = "..." & ChrW(&HXXXX&)`` statements written here.

Equivalent mutants (session 7, s7i) — see docs/mutation.md, section s7i:

- ``vba_gen.generate_udfs_module``: ``redirect_stdout(io.StringIO())`` -> ``redirect_stdout(None)``: xlwings' import_udfs
  only ``print``s one line (no logger handler), and ``print`` with ``sys.stdout`` None writes nothing; either way
  nothing reaches the output and the recorded module is the same.
- ``register._tokens``: ``ch.encode("utf-16-le")`` -> ``ch.encode("UTF-16-LE")``: Python's codec names are looked up
  case-insensitively (``codecs.lookup`` lower-cases them), the same codec encodes the same bytes.
"""

from __future__ import annotations

import re

import pytest

from vba_helpers import PROMISED
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


@pytest.mark.parametrize("key", sorted(PROMISED))
def test_offline_every_sentence_decodes_to_the_promised_chinese(python_module, key):
    assert _text(python_module, key) == PROMISED[key]


def test_offline_has_exactly_the_promised_sentences(python_module):
    assert sorted(re.findall(r"Private Function Text_(\w+)\(\)", python_module)) == sorted(PROMISED)


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


# --- xlperf.macro.register (session 7, s7i second pass): the ``xlperf_register`` module written out by hand ---

from xlperf.macro import register  # noqa: E402

_REF = "\"'\" & Replace(ThisWorkbook.Name, \"'\", \"''\") & \"'!{}\""


def test_register_module_whole_text_by_hand():
    # two functions: one with two argument descriptions (a Chinese one), one without; macro names as xlwings passes
    # them ('Book'!NAME); Excel 2010 (version 14) is the first to accept ArgumentDescriptions.
    source = register.register_module_source([
        ("'a.xlsm'!PERF_A", {"Description": "Sum", "Category": "绩效",
                             "ArgumentDescriptions": ["x", 'say "hi"']}),
        ("PERF_B", {"Description": "", "Category": None}),
    ])
    expected = [
        'Attribute VB_Name = "xlperf_register"',
        "' xlperf: Function Wizard descriptions of the PERF_ functions (what xlwings' Import Functions",
        "' registers), set each time the workbook opens. Generated by xlperf/macro/register.py: do not edit.",
        "Option Explicit",
        "",
        "Private registered As Boolean",
        "",
        "Public Sub Auto_Open()",
        "    RegisterFunctions",
        "End Sub",
        "",
        "' Called by Auto_Open and by ThisWorkbook's Workbook_Open (which also runs when a program opens the file).",
        "Public Sub RegisterFunctions()",
        "    Dim wasSaved As Boolean",
        "    If registered Then Exit Sub",
        "    registered = True",
        "    On Error Resume Next",
        "    wasSaved = ThisWorkbook.Saved",
        "    Register_PERF_A",
        "    Register_PERF_B",
        "    ThisWorkbook.Saved = wasSaved",
        "End Sub",
        "",
        "Private Sub Register_PERF_A()",
        "    Dim d As String, c As String, s As String, a() As Variant",
        "    On Error Resume Next",
        '    d = "Sum"',
        "    c = ChrW(&H7EE9&) & ChrW(&H6548&)",  # 绩 U+7EE9, 效 U+6548
        "    ReDim a(0 To 1)",
        '    s = "x"',
        "    a(0) = s",
        '    s = "say ""hi"""',
        "    a(1) = s",
        "    If Val(Application.Version) >= 14 Then",
        "        Application.MacroOptions Macro:=" + _REF.format("PERF_A")
        + ", Description:=d, Category:=c, ArgumentDescriptions:=a",
        "    Else",
        "        Application.MacroOptions Macro:=" + _REF.format("PERF_A") + ", Description:=d, Category:=c",
        "    End If",
        "End Sub",
        "",
        "Private Sub Register_PERF_B()",
        "    Dim d As String, c As String, s As String, a() As Variant",
        "    On Error Resume Next",
        '    d = ""',
        '    c = ""',
        "    Application.MacroOptions Macro:=" + _REF.format("PERF_B") + ", Description:=d, Category:=c",
        "End Sub",
    ]
    assert source == "\r\n".join(expected) + "\r\n"


def test_register_refuses_a_function_twice_even_from_two_books():
    with pytest.raises(ValueError, match=r"^a function is registered twice$"):
        register.register_module_source([("'a'!PERF_A", {}), ("'b'!PERF_A", {})])


def test_register_name_is_after_the_last_exclamation_mark():
    # a file name may hold "!" ('a!b.xlsm'!PERF_A): the function is what follows the last one
    source = register.register_module_source([("'a!b.xlsm'!PERF_A", {})])
    assert "\r\n    Register_PERF_A\r\n" in source
    assert "\r\nPrivate Sub Register_PERF_A()\r\n" in source
    assert "b.xlsm" not in source


def test_register_refuses_a_line_over_1023_characters_or_non_ascii():
    # the longest line of a function without arguments: "    Application.MacroOptions Macro:=" (36) + the quoted
    # book reference up to the "!" (49) + the name (n) + the closing quote (1) + ", Description:=d, Category:=c" (29)
    # = 115 + n; n = 908 makes exactly 1023 characters, accepted; 909 is refused
    source = register.register_module_source([("F" * 908, {})])
    assert max(len(line) for line in source.split("\r\n")) == 1023
    message = r"^generated VBA has a line over the limit or non-ASCII text$"
    with pytest.raises(ValueError, match=message):
        register.register_module_source([("F" * 909, {})])
    with pytest.raises(ValueError, match=message):
        register.register_module_source([("PERF_效", {})])  # a name is written as it is, not as ChrW


def test_register_tokens_by_hand():
    assert register._tokens("") == []
    assert register._tokens("a b~") == ['"a b~"']
    assert register._tokens("\t") == ["ChrW(&H9&)"]           # below the space: not printable
    assert register._tokens("\x7f") == ["ChrW(&H7F&)"]        # above the tilde
    assert register._tokens("x效y") == ['"x"', "ChrW(&H6548&)", '"y"']
    assert register._tokens("😀") == ["ChrW(&HD83D&)", "ChrW(&HDE00&)"]  # U+1F600: surrogate pair
    assert register._tokens("a" * 200) == ['"' + "a" * 200 + '"']
    assert register._tokens("a" * 201) == ['"' + "a" * 200 + '"', '"a"']
    assert register._tokens("a" * 199 + '"') == ['"' + "a" * 199 + '"""']
    assert register.vba_string_literal("") == '""'
    assert register.vba_string_literal("a效") == '"a" & ChrW(&H6548&)'


def test_register_statements_split_at_the_limit_by_hand():
    # "    v = " is 8 characters; each ChrW(&H6548&) 13; joined by " & " (3)
    tok = "ChrW(&H6548&)"
    # 8 + 13 = 21 fits a limit of 21; a second token makes 8 + 13 + 3 + 13 = 37 > 21 -> a new statement
    assert register.vba_string_statements("v", "效效", limit=21) == [f"v = {tok}", f"v = v & {tok}"]
    # limit 37: both tokens in one statement (37 is not over 37)
    assert register.vba_string_statements("v", "效效", limit=37) == [f"v = {tok} & {tok}"]
    # second statement "    v = v & " is 12 characters: 12 + 13 + 3 + 13 = 41
    assert register.vba_string_statements("v", "效效效", limit=37) == [f"v = {tok} & {tok}", f"v = v & {tok}"]
    assert register.vba_string_statements("v", "效效效", limit=41) == [f"v = {tok} & {tok}", f"v = v & {tok}"]
    assert register.vba_string_statements("v", "效" * 4, limit=41) == [f"v = {tok} & {tok}", f"v = v & {tok} & {tok}"]
    assert register.vba_string_statements("v", "") == ['v = ""']
    # the default limit is 600: 45 ChrW terms = 8 + 45*13 + 44*3 = 725 > 600, 36 terms = 8 + 468 + 105 = 581
    one = register.vba_string_statements("v", "效" * 36)
    assert len(one) == 1
    two = register.vba_string_statements("v", "效" * 37)  # 8 + 481 + 108 = 597: still one
    assert len(two) == 1
    three = register.vba_string_statements("v", "效" * 38)  # 8 + 494 + 111 = 613 > 600: two
    assert three == ["v = " + " & ".join([tok] * 37), "v = v & " + tok]
