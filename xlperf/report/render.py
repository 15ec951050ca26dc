"""Write a report context as Markdown, HTML, Word (docxtpl) or PDF (Word via LibreOffice).

Every output is written atomically: to a temporary file in the target folder, then moved over
the target, so a failed run leaves the previous report intact.  Template errors become one
Chinese message naming the template, the line (or paragraph) and the variable.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path
from typing import Callable

from jinja2 import TemplateError, TemplateSyntaxError

from ..errors import ReportError  # re-exported: ``from xlperf.report.render import ReportError``
from ..infra.atomic import OutputError, write_with
from ..infra.office import INSTALL_HINT, OfficeError, convert, find_soffice
from .chart import chart_svg
from .context import ReportContext
from .env import make_env
from .templates import (kind_of_template, template_error, template_kind,  # noqa: F401 - re-exported
                        template_line, template_path, template_vars)

FORMATS = ("docx", "md", "html", "pdf")


def render_text(ctx: ReportContext, kind: str, template: str | Path | None = None, *,
                chart: bool = True) -> str:
    """Markdown or HTML text of the report."""
    path = template_path(kind, template)
    env = make_env(kind, path.parent)
    svg = chart_svg(ctx.chart) if kind == "html" and chart else ""
    try:
        tpl = env.get_template(path.name)
    except TemplateSyntaxError as exc:
        raise template_error(exc, path.name) from exc
    try:
        return tpl.render(template_vars(ctx, kind, svg))
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:  # e.g. range(10**9)
        raise template_error(exc, path.name, template_line(exc, tpl.filename)) from exc


def render_docx(ctx: ReportContext, out: Path, template: str | Path | None = None, *, chart: bool = True) -> None:
    """Render the Word template into ``out`` (not atomic; see :func:`write_report`)."""
    # python-docx and docxtpl (+50 ms): loaded for a Word or PDF report, never for Markdown or HTML
    from .word import render_docx as render

    render(ctx, out, template, chart=chart)


# --------------------------------------------------------------------------- files


def atomic_write(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(tmp)`` on a temporary file next to ``target``, then replace ``target`` with it
    (:mod:`xlperf.infra.atomic`); any failure leaves the previous report as it was."""
    try:
        return write_with(target, write)
    except OutputError as exc:
        raise ReportError(str(exc)) from exc


def write_report(ctx: ReportContext, out: str | Path, fmt: str, template: str | Path | None = None, *,
                 chart: bool = True) -> Path:
    """Write the report in ``fmt`` to ``out`` atomically; return the path."""
    if fmt not in FORMATS:
        raise ReportError(f"不支持的报告格式：{fmt}（可选：{'、'.join(FORMATS)}）")
    out = Path(out)
    if fmt in ("md", "html"):
        text = render_text(ctx, fmt, template, chart=chart)
        return atomic_write(out, lambda tmp: tmp.write_text(text, encoding="utf-8"))
    if fmt == "docx":
        return atomic_write(out, lambda tmp: render_docx(ctx, tmp, template, chart=chart))
    # pdf: Word first, then LibreOffice, all in a private folder
    if find_soffice() is None:
        raise OfficeError(f"生成PDF需要LibreOffice。{INSTALL_HINT}。也可以先生成Word报告（--format docx），在Word中另存为PDF")
    with tempfile.TemporaryDirectory(prefix="xlperf-pdf-") as work:
        docx = Path(work) / (out.stem + ".docx")
        render_docx(ctx, docx, template, chart=chart)
        pdf = convert(docx, "pdf", Path(work) / "pdf", fonts_notice=True)
        return atomic_write(out, lambda tmp: shutil.copyfile(pdf, tmp))


__all__ = ["FORMATS", "ReportError", "write_report", "render_text", "render_docx",
           "template_vars", "atomic_write", "kind_of_template"]
