"""The ``xlperf_register`` VBA module: Function Wizard help for the PERF_ functions.

xlwings' "Import Functions" calls ``Application.MacroOptions`` once per function so that Excel's Function
Wizard shows its description, the category 绩效自评 and a description per argument.  Excel does not keep the
argument descriptions in the file, so they must be registered each time the workbook (or add-in) opens.  Our
workbooks ship the generated ``xlwings_udfs`` module instead of running "Import Functions", so this module
makes the same ``MacroOptions`` calls (recorded by :func:`xlperf.macro.vba_gen.generate_udfs_module`) from
``RegisterFunctions``, called by ``Sub Auto_Open()`` here and by ``Workbook_Open`` in ``ThisWorkbook``
(:data:`xlperf.macro.xlsm.WORKBOOK_BODY`), once per session:

- ``Auto_Open`` in a standard module runs when a clerk opens the workbook in Excel (and when Excel loads an
  add-in), but not when a program opens it through COM (``Workbooks.Open``), where ``Workbook_Open`` still
  runs; the xlwings templates define neither, so nothing collides;
- every error is swallowed (``On Error Resume Next``): a missing description must never bother the clerk;
- ``ThisWorkbook.Saved`` is saved and restored, so registering does not make Excel ask "save changes?".

VBA source must be ASCII (it is stored in the project's code page), so text is written as ``"..."`` for
printable ASCII runs and ``ChrW(&HXXXX&)`` for every other UTF-16 code unit, joined by ``&``.  VBA allows
1023 characters per line: long text is built by several ``v = v & ...`` statements, never with ``_``
line continuations.
"""

from __future__ import annotations

REGISTER_MODULE = "xlperf_register"
MAX_LINE = 1023  # VBA's limit for one physical line
_STATEMENT_LIMIT = 600  # per statement (indent included): well below the line limit, about 40 ChrW terms
_INDENT = "    "


def _tokens(text: str) -> list[str]:
    """VBA expressions whose ``&`` concatenation is ``text``: quoted printable-ASCII runs and ChrW() calls."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append('"' + "".join(run).replace('"', '""') + '"')
            run.clear()

    for ch in text:
        if " " <= ch <= "~":
            run.append(ch)
            if len(run) >= 200:  # keep single tokens well below the line limit
                flush()
            continue
        flush()
        data = ch.encode("utf-16-le")
        for i in range(0, len(data), 2):  # characters outside the BMP become two surrogate code units
            out.append(f"ChrW(&H{int.from_bytes(data[i:i + 2], 'little'):X}&)")
    flush()
    return out


def vba_string_literal(text: str) -> str:
    """One VBA expression (ASCII only) whose value is ``text``; may be longer than a VBA line, see
    :func:`vba_string_statements` for text of any length."""
    return " & ".join(_tokens(text)) or '""'


def vba_string_statements(var: str, text: str, limit: int = _STATEMENT_LIMIT) -> list[str]:
    """Statements (without indent) that leave ``text`` in the String variable ``var``; each is shorter
    than ``limit`` characters once indented."""
    first, more = f"{var} = ", f"{var} = {var} & "
    statements: list[str] = []
    current: list[str] = []
    for token in _tokens(text):
        head = first if not statements else more
        if current and len(_INDENT + head + " & ".join([*current, token])) > limit:
            statements.append(head + " & ".join(current))
            current = []
        current.append(token)
    if current or not statements:
        head = first if not statements else more
        statements.append(head + (" & ".join(current) or '""'))
    return statements


def _function_ref(name: str) -> str:
    # the macro name xlwings passes: 'Book name'!FUNCTION (a quote in the file name is doubled)
    return f"\"'\" & Replace(ThisWorkbook.Name, \"'\", \"''\") & \"'!{name}\""


def _register_sub(macro: str, options: dict) -> list[str]:
    name = macro.rpartition("!")[2]
    args = list(options.get("ArgumentDescriptions") or [])
    lines = [f"Private Sub Register_{name}()",
             f"{_INDENT}Dim d As String, c As String, s As String, a() As Variant",
             f"{_INDENT}On Error Resume Next"]
    body = [*vba_string_statements("d", options.get("Description") or ""),
            *vba_string_statements("c", options.get("Category") or "")]
    if args:
        body.append(f"ReDim a(0 To {len(args) - 1})")
        for i, doc in enumerate(args):
            body += [*vba_string_statements("s", doc), f"a({i}) = s"]
        body += ["If Val(Application.Version) >= 14 Then",
                 f"{_INDENT}Application.MacroOptions Macro:={_function_ref(name)}, Description:=d, "
                 "Category:=c, ArgumentDescriptions:=a",
                 "Else",
                 f"{_INDENT}Application.MacroOptions Macro:={_function_ref(name)}, Description:=d, Category:=c",
                 "End If"]
    else:
        body.append(f"Application.MacroOptions Macro:={_function_ref(name)}, Description:=d, Category:=c")
    return [*lines, *(_INDENT + b for b in body), "End Sub"]


def register_module_source(macro_options: list[tuple[str, dict]]) -> str:
    """The VBA module text (CRLF line ends) registering ``macro_options`` (``(macro, kwargs)`` pairs as
    xlwings passes them to ``Application.MacroOptions``)."""
    names = [macro.rpartition("!")[2] for macro, _ in macro_options]
    if len(set(names)) != len(names):
        raise ValueError("a function is registered twice")
    lines = [
        f'Attribute VB_Name = "{REGISTER_MODULE}"',
        "' xlperf: Function Wizard descriptions of the PERF_ functions (what xlwings' Import Functions",
        "' registers), set each time the workbook opens. Generated by xlperf/macro/register.py: do not edit.",
        "Option Explicit",
        "",
        "Private registered As Boolean",
        "",
        "Public Sub Auto_Open()",
        f"{_INDENT}RegisterFunctions",
        "End Sub",
        "",
        "' Called by Auto_Open and by ThisWorkbook's Workbook_Open (which also runs when a program opens the file).",
        "Public Sub RegisterFunctions()",
        f"{_INDENT}Dim wasSaved As Boolean",
        f"{_INDENT}If registered Then Exit Sub",
        f"{_INDENT}registered = True",
        f"{_INDENT}On Error Resume Next",
        f"{_INDENT}wasSaved = ThisWorkbook.Saved",
        *(f"{_INDENT}Register_{n}" for n in names),
        f"{_INDENT}ThisWorkbook.Saved = wasSaved",
        "End Sub",
    ]
    for macro, options in macro_options:
        lines += ["", *_register_sub(macro, options)]
    source = "\r\n".join(lines) + "\r\n"
    too_long = [line for line in source.split("\r\n") if len(line) > MAX_LINE]
    if too_long or not source.isascii():
        raise ValueError("generated VBA has a line over the limit or non-ASCII text")
    return source
