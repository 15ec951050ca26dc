"""An independent syntax check of VBA module text: the ANTLR VBA grammar of ``antlr4-vba`` (MS-VBAL) after
the conditional-compilation pass of ``vba_precompiler``, for 64-bit and 32-bit Office on Windows.

Used by the tests (``tests/test_vba_syntax.py``) on every module xlperf writes or generates; nothing on a
clerk's PC imports it (``antlr4-vba`` and ``vba_precompiler`` are dev dependencies).

How a module is checked:

1. conditional compilation: ``vba_precompiler`` decides which lines the ``#If``/``#Const`` directives keep for
   the host (``Win64`` true or false, ``VBA7`` true), and those it drops are commented out, as its own command
   does.  Its grammar is slow on long modules, so it is given a skeleton: the directive lines as they are and
   one stand-in line for each run of other lines; what it drops of the skeleton is mapped back to the lines
   each stand-in stands for;
2. the result is parsed with the VBA grammar; any lexer or parser error is a finding
   (``line``, ``column``, ANTLR's message).  The fast SLL prediction runs first and, only when it reports an
   error, the full LL prediction decides (SLL may reject text that LL accepts, never the other way round).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from antlr4 import CommonTokenStream, InputStream
from antlr4.atn.PredictionMode import PredictionMode
from antlr4.error.ErrorListener import ErrorListener
from antlr4_vba.vba_ccLexer import vba_ccLexer
from antlr4_vba.vba_ccParser import vba_ccParser
from antlr4_vba.vbaLexer import vbaLexer
from antlr4_vba.vbaParser import vbaParser
from vba_precompiler.precompiler_visitor import PrecompilerVisitor

#: the compiler constants of Office 2010+ (VBA 7) on Windows; ``Win64`` is what 64-bit Office adds
HOSTS = {
    "win64": {"WIN16": False, "WIN32": True, "WIN64": True, "MAC": False, "VBA6": True, "VBA7": True,
              "MAC_OFFICE_VERSION": 0},
    "win32": {"WIN16": False, "WIN32": True, "WIN64": False, "MAC": False, "VBA6": True, "VBA7": True,
              "MAC_OFFICE_VERSION": 0},
}

_DIRECTIVE = re.compile(r"^[ \t]*#[ \t]*(if|elseif|else|end[ \t]*if|const)\b", re.I)
_HEADER = re.compile(r"^(Attribute VB_|VERSION )", re.I)


@dataclass(frozen=True)
class Finding:
    host: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.host} line {self.line}:{self.column}: {self.message}"


def _collector():
    class Collect(ErrorListener):
        def __init__(self) -> None:
            super().__init__()
            self.found: list[tuple[int, int, str]] = []

        def syntaxError(self, recognizer, offendingSymbol, line, column, msg, e):  # noqa: N802 - ANTLR's name
            self.found.append((line, column, msg))

    return Collect()


def _parser(text: str, lexer_cls, parser_cls, errors):
    lexer = lexer_cls(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(errors)
    parser = parser_cls(CommonTokenStream(lexer))
    parser.removeErrorListeners()
    parser.addErrorListener(errors)
    return parser


def precompile(text: str, host: str) -> str:
    """``text`` with the lines conditional compilation drops for ``host`` commented out (line numbers kept).

    Raises ``ValueError`` when the directives themselves do not parse (``#If`` without ``#End If``, ...)."""
    lines = text.splitlines(keepends=True)
    if not any(_DIRECTIVE.match(line) for line in lines):
        return text
    skeleton: list[str] = []
    stands_for: dict[int, list[int]] = {}  # skeleton line number → real line numbers (1-based)
    for number, line in enumerate(lines, start=1):
        if _DIRECTIVE.match(line) or (_HEADER.match(line) and number == len(skeleton) + 1):
            skeleton.append(line.rstrip("\r\n") + "\n")
            stands_for[len(skeleton)] = [number]
        elif skeleton and skeleton[-1] == "x\n":
            stands_for[len(skeleton)].append(number)
        else:
            skeleton.append("x\n")
            stands_for[len(skeleton)] = [number]
    errors = _collector()
    parser = _parser("".join(skeleton), vba_ccLexer, vba_ccParser, errors)
    tree = parser.startRule()
    if errors.found:
        line, column, msg = errors.found[0]
        real = stands_for.get(line, [line])[0]
        raise ValueError(f"conditional compilation: line {real}:{column}: {msg}")
    visitor = PrecompilerVisitor()
    visitor.env = dict(HOSTS[host])
    try:
        dropped = {real for k in visitor.visit(tree) for real in stands_for[k]}  # k: a line of the skeleton
    except Exception as exc:  # noqa: BLE001 - the visitor raises bare Exceptions on unsupported directives
        raise ValueError(f"conditional compilation: {exc}") from exc
    return "".join(("'" if n in dropped else "") + line for n, line in enumerate(lines, start=1))


def _parse(text: str) -> list[tuple[int, int, str]]:
    errors = _collector()
    parser = _parser(text, vbaLexer, vbaParser, errors)
    parser._interp.predictionMode = PredictionMode.SLL
    parser.startRule()
    if not errors.found:
        return []
    errors = _collector()
    parser = _parser(text, vbaLexer, vbaParser, errors)
    parser._interp.predictionMode = PredictionMode.LL
    parser.startRule()
    return errors.found


def _normalise(source: str) -> str:
    text = source.replace("\r\n", "\n").replace("\r", "\n")
    if not text.endswith("\n"):
        text += "\n"  # the grammar wants every logical line ended
    return text


def check_module(source: str, hosts=tuple(HOSTS)) -> list[Finding]:
    """Syntax findings of one module's full text (``Attribute VB_Name`` header included) for each host."""
    text = _normalise(source)
    found: list[Finding] = []
    parsed: dict[str, list[tuple[int, int, str]]] = {}  # a module without directives is the same text for each
    for host in hosts:
        try:
            compiled = precompile(text, host)
        except ValueError as exc:
            found.append(Finding(host, 0, 0, str(exc)))
            continue
        if compiled not in parsed:
            parsed[compiled] = _parse(compiled)
        found += [Finding(host, line, column, msg) for line, column, msg in parsed[compiled]]
    return found


def document_source(name: str, body: str) -> str:
    """A document module's body (``ThisWorkbook``, ``Sheet1``) as the full text the grammar expects:
    pyOpenVBA gives document modules with their ``Attribute`` lines, our own bodies come without."""
    if _HEADER.match(body):
        return body
    return f'Attribute VB_Name = "{name}"\n' + body
