"""The one Jinja2 environment factory for report templates, and its small pure filters.

Templates are user-editable, so the environment is sandboxed (no access to Python internals)
and strict (a missing value is an error, never an empty string).  Autoescaping is explicit:
on for HTML and for the XML inside a .docx, off for Markdown.  Filters only format values the
context already holds; they compute nothing.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from ..numbers import fmt_money, fmt_percent, to_decimal
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

    def call_binop(self, context, operator, left, right):
        from jinja2.exceptions import SecurityError

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
