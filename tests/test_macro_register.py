"""The xlperf_register module: Function Wizard help registered with Application.MacroOptions on open.

The module's text is decoded by a tiny evaluator written here for the generated literal format ("..." runs,
ChrW(&HXXXX&) code units, & concatenation, assignments to String variables), and compared with what
xlwings' own generator recorded and with the docstrings and @xw.arg(doc=...) in xlperf/udfs.py.
"""

import ast
import inspect
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from oletools.olevba import VBA_Parser
from ooxml import vba_modules

import xlperf.udfs as udfs
from xlperf.macro.register import MAX_LINE, REGISTER_MODULE, register_module_source, vba_string_literal, \
    vba_string_statements
from xlperf.macro.vba_gen import generate_udfs_module

# --------------------------------------------------------------------------- the tiny evaluator

_TOKEN = re.compile(r'\s*(?:"((?:[^"]|"")*)"|ChrW\(&H([0-9A-F]{1,4})&\)|([A-Za-z_]\w*(?:\(\d+\))?))\s*(&|$)')


def evaluate(expr: str, env: dict) -> str:
    """Value of a generated VBA string expression; raises on anything outside the format."""
    units, pos = [], 0
    while pos < len(expr):
        m = _TOKEN.match(expr, pos)
        assert m, f"not in the generated format: {expr[pos:pos + 40]!r}"
        quoted, code, var, _ = m.groups()
        if quoted is not None:
            units.append(quoted.replace('""', '"').encode("utf-16-le"))
        elif code is not None:
            units.append(int(code, 16).to_bytes(2, "little"))
        else:
            units.append(env[var].encode("utf-16-le", "surrogatepass"))
        pos = m.end()
        if m.group(4) == "":
            break
    return b"".join(units).decode("utf-16-le", "surrogatepass")


def run_statements(lines, env=None) -> dict:
    env = dict(env or {})
    for line in lines:
        m = re.fullmatch(r"\s*([A-Za-z_]\w*(?:\(\d+\))?) = (.*)", line)
        if m:
            env[m.group(1)] = evaluate(m.group(2), env)
    return env


def decode(text: str, var: str = "v") -> str:
    return run_statements(vba_string_statements(var, text))[var]


# --------------------------------------------------------------------------- the literal helper

@pytest.mark.parametrize("text, literal", [
    ("", '""'),
    ("abc", '"abc"'),
    ('say "hi"', '"say ""hi"""'),
    ("绩效", "ChrW(&H7EE9&) & ChrW(&H6548&)"),
    ("90优", '"90" & ChrW(&H4F18&)'),
    ("（", "ChrW(&HFF08&)"),  # above &H7FFF: the trailing & keeps it a positive Long
    ("a\nb", '"a" & ChrW(&HA&) & "b"'),
    ("😀", "ChrW(&HD83D&) & ChrW(&HDE00&)"),  # outside the BMP: two UTF-16 code units
])
def test_vba_string_literal_examples(text, literal):
    assert vba_string_literal(text) == literal
    assert evaluate(literal, {}) == text


def test_long_text_is_split_into_statements_under_the_line_limit():
    text = ("分值" * 300) + ('"' * 700) + ("x" * 2500) + "结束"
    statements = vba_string_statements("d", text)
    assert len(statements) > 5
    assert statements[0].startswith("d = ") and all(s.startswith("d = d & ") for s in statements[1:])
    assert all(len("    " + s) <= 600 for s in statements)
    assert all(s.isascii() and not s.endswith(" _") for s in statements)
    assert decode(text, "d") == text


def test_empty_text_still_assigns():
    assert vba_string_statements("c", "") == ['c = ""']


@given(st.text(max_size=400))
def test_any_text_round_trips_through_the_generated_statements(text):
    statements = vba_string_statements("s", text)
    assert all(s.isascii() and len(s) < MAX_LINE for s in statements)
    assert decode(text, "s") == text


# --------------------------------------------------------------------------- the generated module

@pytest.fixture(scope="module")
def recorded():
    return generate_udfs_module("xlperf-form.xlsm").macro_options


@pytest.fixture(scope="module")
def source(recorded):
    return register_module_source(recorded)


def subs(source: str) -> dict[str, list[str]]:
    found = re.findall(r"^(?:Public |Private )?Sub (\w+)\(\)\r\n(.*?)^End Sub", source, re.M | re.S)
    return {name: body.split("\r\n") for name, body in found}


def decoded_options(source: str) -> dict[str, dict]:
    out = {}
    for name, body in subs(source).items():
        if not name.startswith("Register_"):
            continue
        env = run_statements(body)
        args = [env[f"a({i})"] for i in range(len([k for k in env if k.startswith("a(")]))]
        calls = [line for line in body if "Application.MacroOptions" in line]
        assert calls and all(f"\"'!{name[len('Register_'):]}\", Description:=d, Category:=c" in c
                             for c in calls), name
        out[name[len("Register_"):]] = {"Description": env["d"], "Category": env["c"],
                                        "ArgumentDescriptions": args}
    return out


def source_docs():
    """Docstrings and @xw.arg(doc=...) straight from xlperf/udfs.py (independent of xlwings)."""
    tree = ast.parse(Path(udfs.__file__).read_text(encoding="utf-8"))
    docs = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name in udfs.__all__:
            argdocs = {}
            for dec in node.decorator_list:
                if isinstance(dec, ast.Call) and ast.unparse(dec.func) == "xw.arg":
                    kw = {k.arg: k.value.value for k in dec.keywords if k.arg == "doc"}
                    argdocs[dec.args[0].value] = kw["doc"]
            params = list(inspect.signature(getattr(udfs, node.name)).parameters)
            docs[node.name] = (ast.get_docstring(node), [argdocs[p] for p in params])
    return docs


def test_module_is_ascii_without_long_lines_or_continuations(source):
    assert source.isascii()
    lines = source.split("\r\n")
    assert max(len(line) for line in lines) <= MAX_LINE
    assert not any(line.rstrip().endswith(" _") for line in lines)
    assert lines[0] == f'Attribute VB_Name = "{REGISTER_MODULE}"'
    assert "\n" not in source.replace("\r\n", "")


def test_decoded_module_registers_exactly_what_xlwings_recorded(source, recorded):
    decoded = decoded_options(source)
    assert set(decoded) == {macro.split("!")[1] for macro, _ in recorded} == set(udfs.__all__)
    for macro, options in recorded:
        assert macro == "'xlperf-form.xlsm'!" + macro.split("!")[1]
        want = {k: options[k] for k in ("Description", "Category", "ArgumentDescriptions")}
        assert decoded[macro.split("!")[1]] == want
        # everything else xlwings passes is "off": nothing lost by leaving it to Excel's defaults
        rest = {k: v for k, v in options.items() if k not in want}
        assert rest == {"HasMenu": False, "MenuText": None, "HasShortcutKey": False, "ShortcutKey": None,
                        "StatusBar": None, "HelpContextID": None, "HelpFile": None}


def test_decoded_module_matches_the_udfs_docstrings_and_argument_docs(source):
    decoded = decoded_options(source)
    for name, (doc, argdocs) in source_docs().items():
        assert decoded[name] == {"Description": doc, "Category": "绩效自评", "ArgumentDescriptions": argdocs}
        assert any("\u4e00" <= ch <= "\u9fff" for ch in doc)


def test_auto_open_registers_every_function_quietly_and_keeps_the_saved_flag(source):
    found = subs(source)
    assert [line.strip() for line in found["Auto_Open"] if line.strip()] == ["RegisterFunctions"]
    body = [line.strip() for line in found["RegisterFunctions"] if line.strip()]
    # once per session: Auto_Open and ThisWorkbook's Workbook_Open both call it
    assert body[:5] == ["Dim wasSaved As Boolean", "If registered Then Exit Sub", "registered = True",
                        "On Error Resume Next", "wasSaved = ThisWorkbook.Saved"]
    assert "Private registered As Boolean" in source.splitlines()
    assert body[5:-1] == [f"Register_{n}" for n in sorted(udfs.__all__)]
    assert body[-1] == "ThisWorkbook.Saved = wasSaved"
    for name, lines in found.items():
        if name.startswith("Register_"):
            assert "On Error Resume Next" in [line.strip() for line in lines[:3]], name
    assert re.search(r"^Public Sub Auto_Open\(\)", source, re.M)
    assert "MsgBox" not in source


def test_function_reference_doubles_quotes_in_the_workbook_name(source):
    # the same 'Book'!NAME form xlwings passes, valid also for a file name with an apostrophe
    assert source.count("Replace(ThisWorkbook.Name, \"'\", \"''\")") == 2 * len(udfs.__all__)


def test_a_duplicate_registration_is_refused(recorded):
    with pytest.raises(ValueError):
        register_module_source([recorded[0], recorded[0]])


# --------------------------------------------------------------------------- in the built workbook

def test_built_xlsm_carries_the_module_and_only_one_auto_open(tmp_path):
    from test_macro_xlsm import make_xlsx
    from xlperf.macro.xlsm import build_xlsm, template_path

    xlsm = build_xlsm(make_xlsx(tmp_path / "f.xlsx"), tmp_path / "f.xlsm")
    modules = vba_modules(xlsm)
    expected = register_module_source(generate_udfs_module(xlsm.name).macro_options)
    assert modules[REGISTER_MODULE].replace("\r\n", "\n").strip() == expected.replace("\r\n", "\n").strip()
    all_code = "\n".join(modules.values())
    assert len(re.findall(r"^\s*(?:Public |Private )?Sub Auto_Open\b", all_code, re.M | re.I)) == 1
    assert not re.search(r"Auto_Close", all_code, re.I)
    # Workbook_Open only in ThisWorkbook, calling the same registration (it also runs when opened through COM)
    handlers = {name for name, code in modules.items() if re.search(r"Sub Workbook_Open\b", code)}
    assert handlers == {"ThisWorkbook"}
    handler = re.search(r"^Private Sub Workbook_Open\(\)\s*$(.*?)^End Sub", modules["ThisWorkbook"], re.M | re.S)
    assert [line.strip() for line in handler.group(1).splitlines() if line.strip()] == ["RegisterFunctions"]
    # and the xlwings template we start from has none either (no conflicting handler to merge with)
    template = VBA_Parser(str(template_path()))
    try:
        code = "\n".join(c for _, _, _, c in template.extract_macros())
    finally:
        template.close()
    assert not re.search(r"Auto_Open|Workbook_Open", code, re.I)
