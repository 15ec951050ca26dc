"""The one Jinja2 environment factory for report templates, and its small pure filters.

Templates are user-editable, so the environment is sandboxed (no access to Python internals)
and strict (a missing value is an error, never an empty string).  Autoescaping is explicit:
on for HTML and for the XML inside a .docx, off for Markdown.  Filters only format values the
context already holds; they compute nothing.
"""

from __future__ import annotations

import datetime as _dt
import marshal
from pathlib import Path

import jinja2
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment

from ..domain.numbers import fmt_money, fmt_percent, to_decimal
from . import cache
from .words import cn_count, cn_heading, cn_item, cn_number, cn_sub

#: The project's top-level ``templates/`` folder (a checkout or editable install); an installed
#: package may carry a copy as ``xlperf/templates/``.
_CANDIDATES = (Path(__file__).resolve().parents[2] / "templates", Path(__file__).resolve().parents[1] / "templates")
TEMPLATE_DIR = next((p for p in _CANDIDATES if (p / "report.docx").is_file()), _CANDIDATES[0])

def wan(value, places: int = 2) -> str:
    """An amount in 万元: 7319.56 → "7319.56万元"."""
    return fmt_money(to_decimal(value), places) + "万元"


def percent(value, places: int = 0) -> str:
    """A fraction as a percentage: 0.2419 → "24%"."""
    return fmt_percent(to_decimal(value), places)


def cn_date(value) -> str:
    """A date as 2022年3月5日 (accepts a date or ISO text)."""
    if isinstance(value, str):
        value = _dt.date.fromisoformat(value.strip()[:10])
    return f"{value.year}年{value.month}月{value.day}日"


FILTERS = {
    "wan": wan,
    "percent": percent,
    "cn_date": cn_date,
    "cn_number": cn_number,
    "cn_count": cn_count,
    "cn_heading": cn_heading,
    "cn_sub": cn_sub,
    "cn_item": cn_item,
}


#: Resource limits inside templates: ``"a" * 10**9`` or ``2 ** 10**8`` must not exhaust the machine.
MAX_REPEAT = 1_000_000
MAX_EXPONENT = 1000


class _Sandbox(SandboxedEnvironment):
    """The sandbox, plus limits on ``*`` and ``**`` (the sandbox already caps ``range``)."""

    intercepted_binops = frozenset(["*", "**"])

    def from_string(self, source, globals=None, template_class=None):
        """As Jinja2's, but the compiled code of a template text is cached on disk by the text's
        hash (docxtpl compiles the whole document XML on every run; this skips that work)."""
        if not isinstance(source, str) or template_class is not None:
            return super().from_string(source, globals, template_class)
        name = "tpl-" + cache.key_of(jinja2.__version__, type(self).__qualname__, repr(self._cache_flags()),
                                     source) + ".code"
        code = None
        data = cache.read(name)
        if data is not None:
            try:
                code = marshal.loads(data)
            except (ValueError, EOFError, TypeError):
                code = None
        if code is None:
            code = self.compile(source)  # syntax errors surface here, exactly as without the cache
            cache.write(name, marshal.dumps(code))
        return self.template_class.from_code(self, code, self.make_globals(globals))

    def _cache_flags(self) -> tuple:
        """What changes the compiled code besides the text: the syntax and autoescape options."""
        return (self.autoescape, self.trim_blocks, self.lstrip_blocks, self.keep_trailing_newline,
                self.block_start_string, self.variable_start_string, self.comment_start_string)

    def call_binop(self, context, operator, left, right):
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"exponent {right} is too big")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                    raise SecurityError("repeated sequence is too long")
        return super().call_binop(context, operator, left, right)


def make_env(kind: str, search_path: str | Path | None = None) -> SandboxedEnvironment:
    """The environment for one output ``kind`` ("md", "html" or "docx").

    ``search_path`` is the folder holding the template (default: ``templates/``).
    """
    if kind not in ("md", "html", "docx"):
        raise ValueError(kind)
    env = _Sandbox(
        loader=FileSystemLoader(str(search_path or TEMPLATE_DIR)),
        undefined=StrictUndefined,
        autoescape=kind in ("html", "docx"),  # HTML, and the XML of a Word document
        keep_trailing_newline=True,
        trim_blocks=kind != "docx",
        lstrip_blocks=kind != "docx",
    )
    env.filters.update(FILTERS)
    return env


__all__ = ["make_env", "FILTERS", "TEMPLATE_DIR"]
