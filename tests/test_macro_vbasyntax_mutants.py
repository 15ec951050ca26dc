"""The VBA syntax check (:mod:`xlperf.macro.vbasyntax`) judged on small modules written here by hand.

Expected values: the lines each Office keeps by the compiler constants of [MS-VBAL] 3.4.1 (``Win64`` true only in
64-bit Office, ``Win32`` and ``VBA7`` true in both), worked out line by line for each snippet; line and column
numbers counted by hand in the snippet (ANTLR counts lines from 1 and columns from 0); the two-stage prediction
(SLL, then LL only after an error) and the skeleton (directive lines and the leading header as they are, one
``x`` line for each run of other lines) as the module's docstring states them.  ANTLR's own wording of an error
is not ours to pin: only its place is checked, and that the message is carried whole.

mutmut 3.8.1, session 8 (s8e): 168 of 168 killed.  Simplified: the lines the precompiler drops are looked up as
``stands_for[k]`` — every line it can name is a line of the skeleton, so the ``.get(k, [])`` default was never used
(2 equivalent mutants gone; 172 at 07fd49e).
"""

from __future__ import annotations

import pytest
from antlr4.atn.PredictionMode import PredictionMode

from xlperf.macro import vbasyntax
from xlperf.macro.vbasyntax import Finding, check_module, document_source, precompile

HEAD = 'Attribute VB_Name = "m"\n'

#: 1 header, 2-4 declarations, 5 #If, 6 its branch, 7 #Else, 8-9 its branch, 10 #End If, 11-12 a procedure
BITNESS = (HEAD
           + "Option Explicit\n"
           "Option Base 0\n"
           "Private Const Z = 0\n"
           "#If Win64 Then\n"
           "Const X = 1\n"
           "#Else\n"
           "Const X = 2\n"
           "Const Y = 3\n"
           "#End If\n"
           "Sub A()\n"
           "End Sub\n")


def _lines(text: str) -> list[str]:
    return text.split("\n")


def test_each_office_keeps_its_own_branch_and_comments_out_the_rest():
    win64 = _lines(precompile(BITNESS, "win64"))
    win32 = _lines(precompile(BITNESS, "win32"))
    declarations = [HEAD[:-1], "Option Explicit", "Option Base 0", "Private Const Z = 0"]
    assert win64 == [*declarations, "'#If Win64 Then", "Const X = 1",
                     "'#Else", "'Const X = 2", "'Const Y = 3", "'#End If", "Sub A()", "End Sub", ""]
    assert win32 == [*declarations, "'#If Win64 Then", "'Const X = 1",
                     "'#Else", "Const X = 2", "Const Y = 3", "'#End If", "Sub A()", "End Sub", ""]


def test_windows_line_ends_are_kept_and_counted_as_one_line_each():
    crlf = BITNESS.replace("\n", "\r\n")
    assert precompile(crlf, "win32") == precompile(BITNESS, "win32").replace("\n", "\r\n")


def test_a_module_without_directives_is_returned_as_it_is():
    text = HEAD + "Sub A()\r\nEnd Sub"  # no directive: not even the line ends are touched
    assert precompile(text, "win64") is text


def test_a_const_directive_is_seen_and_does_not_leak_into_the_next_module():
    text = HEAD + "#Const DEBUGGING = 1\n#If DEBUGGING Then\nConst A = 1\n#Else\nConst A = 2\n#End If\n"
    assert _lines(precompile(text, "win64"))[1:] == ["'#Const DEBUGGING = 1", "'#If DEBUGGING Then", "Const A = 1",
                                                     "'#Else", "'Const A = 2", "'#End If", ""]
    later = HEAD + "#If DEBUGGING Then\nConst A = 1\n#Else\nConst A = 2\n#End If\n"
    assert _lines(precompile(later, "win64"))[2:4] == ["'Const A = 1", "'#Else"]  # DEBUGGING unknown here: false


def test_the_skeleton_holds_the_header_the_directives_and_one_line_per_run(monkeypatch):
    texts = []
    real = vbasyntax._parser

    def spy(text, lexer_cls, parser_cls, errors):
        texts.append(text)
        return real(text, lexer_cls, parser_cls, errors)

    monkeypatch.setattr(vbasyntax, "_parser", spy)
    head = HEAD + "Attribute VB_Exposed = False\nAttribute VB_Creatable = 1\n"
    precompile((head + BITNESS[len(HEAD):]).replace("\n", "\r\n"), "win64")
    assert texts == [head + "x\n#If Win64 Then\nx\n#Else\nx\n#End If\nx\n"]


def test_a_header_line_after_code_stands_in_with_the_code(monkeypatch):
    texts = []
    real = vbasyntax._parser
    monkeypatch.setattr(vbasyntax, "_parser", lambda text, *a: texts.append(text) or real(text, *a))
    text = HEAD + "Sub A()\nAttribute A.VB_Description = \"d\"\nEnd Sub\n#If Win64 Then\n#End If\n"
    assert precompile(text, "win32") == HEAD + "Sub A()\nAttribute A.VB_Description = \"d\"\nEnd Sub\n" \
        "'#If Win64 Then\n'#End If\n"
    assert texts == [HEAD + "x\n#If Win64 Then\n#End If\n"]


def test_a_directive_error_names_the_real_line():
    # skeleton: 1 header, 2 the stand-in for lines 2-4, 3 the #Else of line 5
    text = HEAD + "Sub A()\nEnd Sub\nConst Z = 1\n#Else\nConst Y = 3\n"
    with pytest.raises(ValueError) as e:
        precompile(text, "win64")
    assert str(e.value).startswith("conditional compilation: line 5:0: ")
    assert "#Else" in str(e.value)


def test_a_module_without_its_header_is_refused_by_the_directive_grammar():
    with pytest.raises(ValueError) as e:
        precompile("Sub A()\nEnd Sub\n#If Win64 Then\n#End If\n", "win64")
    assert str(e.value).startswith("conditional compilation: line 1:0: ")


def test_check_module_reports_a_directive_error_for_each_office():
    text = HEAD + "Const Z = 1\n#If Win64 Then\nConst Y = 3\n"  # no #End If
    found = check_module(text)
    assert [(f.host, f.line, f.column) for f in found] == [("win64", 0, 0), ("win32", 0, 0)]
    assert found[0].message == found[1].message and found[0].message.startswith("conditional compilation: line ")
    assert check_module(text, hosts=("win32",)) == [found[1]]


def test_check_module_finds_a_fault_at_its_line_and_column_for_each_office():
    text = HEAD + "Sub A()\n    x = (1\nEnd Sub\n"  # line 3: the parenthesis is never closed; col 10 is its end
    found = check_module(text)
    assert [(f.host, f.line, f.column) for f in found] == [("win64", 3, 10), ("win32", 3, 10)]
    assert found[0].message == found[1].message and found[0].message


def test_a_fault_only_in_one_branch_is_found_only_for_that_office():
    text = BITNESS.replace("Const X = 2", "Const X As = 2")  # line 8, in the 32-bit branch
    found = check_module(text)
    assert {(f.host, f.line) for f in found} == {("win32", 8)}
    assert check_module(text, hosts=("win64",)) == []


def test_a_sound_module_has_no_findings_and_line_ends_do_not_matter():
    assert check_module(BITNESS) == []
    assert check_module(BITNESS.replace("\n", "\r\n")) == []
    assert check_module(BITNESS.replace("\n", "\r")) == []  # old Mac ends
    assert check_module(BITNESS.rstrip("\n")) == []  # no end after the last line


def test_normalise_gives_one_newline_per_line_and_one_at_the_end():
    assert vbasyntax._normalise("a\r\nb\rc") == "a\nb\nc\n"
    assert vbasyntax._normalise("a\n") == "a\n"
    assert vbasyntax._normalise("") == "\n"


def test_nothing_is_printed_by_antlr(capsys):
    check_module(HEAD + "Sub A(\nEnd Sub\n")  # a fault: ANTLR's default listener would print it to stderr
    with pytest.raises(ValueError):
        precompile(HEAD + "#If Win64 Then\n", "win64")
    captured = capsys.readouterr()
    assert (captured.out, captured.err) == ("", "")


def test_sll_first_and_ll_only_after_an_error(monkeypatch):
    modes = []
    original = vbasyntax.vbaParser

    class Spy(original):
        def startRule(self):  # noqa: N802 - ANTLR's name
            modes.append(self._interp.predictionMode)
            return super().startRule()

    monkeypatch.setattr(vbasyntax, "vbaParser", Spy)
    assert vbasyntax._parse(HEAD + "Sub A()\nEnd Sub\n") == []
    assert modes == [PredictionMode.SLL]
    modes.clear()
    found = vbasyntax._parse(HEAD + "Sub A()\n    x = (1\nEnd Sub\n")
    assert modes == [PredictionMode.SLL, PredictionMode.LL]
    assert [(line, column) for line, column, _ in found] == [(3, 10)]


def test_each_distinct_text_is_parsed_once(monkeypatch):
    calls = []
    real = vbasyntax._parse
    monkeypatch.setattr(vbasyntax, "_parse", lambda text: calls.append(text) or real(text))
    check_module(HEAD + "Sub A()\nEnd Sub\n")  # no directive: one text for both Offices
    assert len(calls) == 1
    check_module(BITNESS)
    assert len(calls) == 3


def test_a_finding_reads_host_line_column_message():
    assert str(Finding("win32", 12, 4, "mismatched input")) == "win32 line 12:4: mismatched input"


def test_document_source_adds_the_name_line_only_when_missing():
    assert document_source("ThisWorkbook", "Sub A()\nEnd Sub\n") == \
        'Attribute VB_Name = "ThisWorkbook"\nSub A()\nEnd Sub\n'
    with_head = 'Attribute VB_Name = "Sheet1"\nSub A()\n'
    assert document_source("ThisWorkbook", with_head) is with_head
    version = "VERSION 1.0 CLASS\nBEGIN\n"
    assert document_source("Sheet1", version) is version


def test_a_directive_line_goes_into_the_skeleton_as_it_is(monkeypatch):
    texts = []
    real = vbasyntax._parser
    monkeypatch.setattr(vbasyntax, "_parser", lambda text, *a: texts.append(text) or real(text, *a))
    # the second #Const ends in X and the #If line in blanks: neither is cut, only its line end
    text = HEAD + "#Const WANTX = 1\r\n#Const USEX = WANTX\r\n#If USEX Then \t\r\nConst A = 1\r\n#End If\r\n"
    assert precompile(text, "win64").splitlines()[4] == "Const A = 1"  # USEX is true: the line is kept
    assert texts == [HEAD + "#Const WANTX = 1\n#Const USEX = WANTX\n#If USEX Then \t\nx\n#End If\n"]


def test_a_directive_the_precompiler_cannot_evaluate_is_reported():
    with pytest.raises(ValueError) as e:
        precompile(HEAD + "#If 1 / 0 Then\n#End If\n", "win64")
    assert str(e.value) == "conditional compilation: division by zero"
    assert isinstance(e.value.__cause__, ZeroDivisionError)


def test_a_character_the_lexer_does_not_know_is_a_finding(capsys):
    found = check_module(HEAD + "Sub A()\n    x = 1 ` 2\nEnd Sub\n", hosts=("win64",))
    assert (found[0].line, found[0].column) == (3, 10) and "`" in found[0].message  # the lexer's, first
    assert capsys.readouterr().err == ""
