"""The report's templates: which one a format uses, what a template may print, and one Chinese message for
a template that fails (naming the template, its line or paragraph, and the variable)."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Optional

from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from ..errors import ReportError
from .context import ReportContext
from .env import TEMPLATE_DIR

DEFAULT_TEMPLATES = {"docx": "report.docx", "md": "report.md.j2", "html": "report.html.j2"}


def template_kind(fmt: str) -> str:
    return "docx" if fmt == "pdf" else fmt


def kind_of_template(path: Path) -> Optional[str]:
    """The output kind a template file is for, from its name (report.md.j2 → md)."""
    name = path.name.lower()
    if name.endswith(".docx"):
        return "docx"
    if ".htm" in name:
        return "html"
    if ".md" in name or name.endswith(".j2") and ".txt" in name:
        return "md"
    return None


def template_path(fmt: str, template: str | Path | None = None) -> Path:
    path = Path(template) if template else TEMPLATE_DIR / DEFAULT_TEMPLATES[template_kind(fmt)]
    if not path.is_file():
        raise ReportError(f"找不到报告模板：{path}")
    return path


def template_vars(ctx: ReportContext, kind: str, chart: object = "") -> dict:
    """Everything a template may print: the context plus the chart (or "").

    HTML: ``chart_svg`` is the chart as an inline ``<svg>`` element, ``chart_src`` the same picture as
    a data URI (for an ``<img src>``); Word: ``chart_image`` prints a native Word chart."""
    data = ctx.as_dict()
    if kind == "html":
        svg = str(chart)
        data["chart_svg"] = Markup(svg)
        data["chart_src"] = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode() if svg else ""
    elif kind == "docx":
        data["chart_image"] = chart
    return data


def template_line(exc: BaseException, filename: Optional[str]) -> str:
    """“第N行”: the template line of a rendering error (Jinja rewrites tracebacks to template lines); "" when
    the error arose before the template ran."""
    lines, tb = [], exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in (filename, "<template>"):
            lines.append(tb.tb_lineno)
        tb = tb.tb_next
    return f"第{lines[-1]}行" if lines else ""


UNDEFINED_NAME = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def template_error(exc: BaseException, name: str, where: str = "") -> ReportError:
    """One Chinese message for a template problem: template, line/paragraph and variable."""
    if isinstance(exc, TemplateSyntaxError):
        at = where or (f"第{exc.lineno}行" if exc.lineno else "")
        return ReportError(f"报告模板{name}{at}有语法错误：{exc.message}")
    if isinstance(exc, OverflowError) or isinstance(exc, SecurityError) and "too " in str(exc):
        return ReportError(f"报告模板{name}{where}使用的范围或数值过大，已拒绝（{exc}）")
    if isinstance(exc, SecurityError):
        return ReportError(f"报告模板{name}{where}试图访问程序内部属性，已拒绝（{exc}）。模板只能使用报告中的数据")
    if isinstance(exc, UndefinedError):
        m = UNDEFINED_NAME.search(str(exc))
        var = (m.group(1) or m.group(2)) if m else str(exc)
        return ReportError(f"报告模板{name}{where}使用了未知的变量“{var}”")
    if isinstance(exc, TemplateNotFound):
        return ReportError(f"报告模板{name}引用的模板“{exc.name}”不存在")
    return ReportError(f"报告模板{name}{where}有误：{exc}")
