"""Write a report context as Markdown, HTML, Word (docxtpl) or PDF (Word via LibreOffice).

Every output is written atomically: to a temporary file in the target folder, then moved over
the target, so a failed run leaves the previous report intact.  Template errors become one
Chinese message naming the template, the line (or paragraph) and the variable.
"""

from __future__ import annotations

import base64
import datetime as _dt
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Optional

from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from ..infra.atomic import OutputError, write_with
from ..errors import ReportError  # re-exported: ``from xlperf.report.render import ReportError``
from ..infra.safety import check_template
from .chart import NativeChart, chart_svg
from .context import ReportContext
from .env import TEMPLATE_DIR, make_env

FORMATS = ("docx", "md", "html", "pdf")
DEFAULT_TEMPLATES = {"docx": "report.docx", "md": "report.md.j2", "html": "report.html.j2"}
CHART_WIDTH_MM = 140




# --------------------------------------------------------------------------- templates


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
        svg = str(chart or "")
        data["chart_svg"] = Markup(svg)
        data["chart_src"] = ("data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
                             if svg else "")
    elif kind == "docx":
        data["chart_image"] = chart or ""
    return data


def _template_line(exc: BaseException, filename: str) -> Optional[int]:
    """The template line of a rendering error (Jinja rewrites tracebacks to template lines)."""
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in (filename, "<template>"):
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


_UNDEF = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


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
        m = _UNDEF.search(str(exc))
        var = (m.group(1) or m.group(2)) if m else str(exc)
        return ReportError(f"报告模板{name}{where}使用了未知的变量“{var}”")
    if isinstance(exc, TemplateNotFound):
        return ReportError(f"报告模板{name}引用的模板“{exc.name}”不存在")
    return ReportError(f"报告模板{name}{where}有误：{exc}")


def render_text(ctx: ReportContext, kind: str, template: str | Path | None = None, *,
                chart: bool = True) -> str:
    """Markdown or HTML text of the report."""
    path = template_path(kind, template)
    env = make_env(kind, path.parent)
    svg = ""
    if kind == "html" and chart:
        svg = chart_svg(ctx.chart)
    try:
        tpl = env.get_template(path.name)
    except TemplateSyntaxError as exc:
        raise template_error(exc, path.name) from exc
    try:
        return tpl.render(template_vars(ctx, kind, svg))
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:  # e.g. range(10**9)
        line = _template_line(exc, tpl.filename or "")
        raise template_error(exc, path.name, f"第{line}行" if line else "") from exc


def _docx_paragraph_of(template: Path, var: str) -> str:
    """ "第N段" of the first paragraph of a .docx template that mentions ``var`` (for messages)."""
    try:
        from docx import Document

        for i, p in enumerate(Document(str(template)).paragraphs, 1):
            if re.search(r"(\{\{|\{%)[^}]*\b" + re.escape(var) + r"\b", p.text):
                return f"第{i}段"
    except Exception:  # noqa: BLE001 - only for a nicer message
        pass
    return ""


def render_docx(ctx: ReportContext, out: Path, template: str | Path | None = None, *, chart: bool = True) -> None:
    """Render the Word template into ``out`` (not atomic; see :func:`write_report`)."""
    from docxtpl import DocxTemplate

    path = template_path("docx", template)
    name = path.name
    if template is not None:  # a user's .docx is a zip: bombs and XML entities refused before parsing
        check_template(path)
    try:
        tpl = DocxTemplate(str(path))
        tpl.init_docx()
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds for a bad file
        raise ReportError(f"报告模板{name}无法打开（不是有效的Word文件？）") from exc
    env = make_env("docx", path.parent)
    image = ""
    if chart and ctx.chart:
        image = NativeChart(tpl, ctx.chart, CHART_WIDTH_MM)
    try:
        tpl.render(template_vars(ctx, "docx", image), jinja_env=env, autoescape=True)
    except UndefinedError as exc:  # StrictUndefined: name the paragraph that uses it
        m = _UNDEF.search(str(exc))
        where = _docx_paragraph_of(path, (m.group(1) or m.group(2)) if m else "") if m else ""
        raise template_error(exc, name, where) from exc
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:  # e.g. range(10**9)
        where = _docx_where(exc) or _docx_paragraph_failing(path, env, template_vars(ctx, "docx", ""), exc)
        raise template_error(exc, name, where) from exc
    _set_properties(tpl.docx, ctx)
    _break_title(tpl.docx, ctx)
    tpl.save(str(out))


def _text_units(text: str) -> float:
    """Width of ``text`` in full-width characters; Latin letters and digits count 0.6 (wider than half,
    as in Noto Serif CJK, so a title that might just overflow is broken at the unit rather than anywhere)."""
    return sum(0.6 if ord(c) < 0x2E80 else 1.0 for c in text)


def _line_capacity(doc, para) -> float:
    """Full-width characters of the paragraph's font size that fit on one line of the first section."""
    sec = doc.sections[0]
    width = sec.page_width - sec.left_margin - sec.right_margin
    pf = para.paragraph_format
    width -= (pf.left_indent or 0) + (pf.right_indent or 0)
    size = None
    style = para.style
    while size is None and style is not None:
        size = style.font.size
        style = style.base_style
    return width / (size or 22 * 12700)  # EMU; 2号 = 22pt when unknown


def _break_title(doc, ctx: ReportContext) -> None:
    """公文 titles break at a sense boundary: when the title does not fit on one line, a line break
    after the unit's name (“中共…组织部 / 2021年度部门整体绩效自评报告”), never inside a word such as
    部门整/体.  Applies to the first paragraph whose whole text is the title (any template)."""
    unit, title = ctx.unit.strip(), ctx.title
    if not unit or not title.startswith(unit) or len(title) == len(unit):
        return
    for para in doc.paragraphs:
        if para.text != title:
            continue
        if _text_units(title) <= _line_capacity(doc, para):
            return
        pos = len(unit)
        for run in para.runs:
            text = run.text
            if pos <= len(text):
                run.text = text[:pos] + "\n" + text[pos:]  # python-docx writes "\n" as <w:br/>
                return
            pos -= len(text)
        return


def _set_properties(doc, ctx: ReportContext) -> None:
    """The report's own document properties: its title, the unit as author, the time it was written —
    never the template's (its title, description and 2013 dates)."""
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by = ctx.title, ctx.unit, ctx.unit
    cp.subject = f"{ctx.year}年度绩效自评"
    cp.comments = cp.keywords = cp.category = ""
    cp.created = cp.modified = now
    cp.revision = 1


def _docx_paragraph_failing(template: Path, env, data: dict, exc: BaseException) -> str:
    """ "第N段" of the first paragraph whose own text fails like ``exc`` when rendered alone."""
    try:
        from docx import Document

        doc = Document(str(template))
        paras = list(doc.paragraphs) + [p for t in doc.tables for r in t.rows for c in r.cells for p in c.paragraphs]
        for i, p in enumerate(paras, 1):
            if "{" not in p.text:
                continue
            try:
                env.from_string(p.text).render(data)
            except type(exc):
                return f"第{i}段" if i <= len(doc.paragraphs) else f"表格中“{p.text.strip()[:30]}”处"
            except Exception:  # noqa: BLE001 - a block split over paragraphs, another error: keep looking
                continue
    except Exception:  # noqa: BLE001 - only for a nicer message
        pass
    return ""


def _docx_where(exc: BaseException) -> str:
    """Nearby text of a docxtpl error (docxtpl attaches the XML lines around it)."""
    lines = [t.strip() for t in getattr(exc, "docx_context", []) or [] if t.strip()]
    return f"（“{'…'.join(lines)[:60]}”附近）" if lines else ""


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
    from ..infra.office import OfficeError, convert, find_soffice, INSTALL_HINT

    if find_soffice() is None:
        raise OfficeError(f"生成PDF需要LibreOffice。{INSTALL_HINT}。也可以先生成Word报告（--format docx），在Word中另存为PDF")
    with tempfile.TemporaryDirectory(prefix="xlperf-pdf-") as work:
        docx = Path(work) / (out.stem + ".docx")
        render_docx(ctx, docx, template, chart=chart)
        pdf = convert(docx, "pdf", Path(work) / "pdf", fonts_notice=True)
        return atomic_write(out, lambda tmp: shutil.copyfile(pdf, tmp))


def default_name(ctx: ReportContext, fmt: str) -> str:
    """A readable file name: 中共…组织部2021年度部门整体绩效自评报告.docx."""
    stem = re.sub(r'[\\/:*?"<>|\r\n\t]+', "_", ctx.title).strip(" .") or "绩效自评报告"
    return f"{stem}.{fmt}"


__all__ = ["FORMATS", "ReportError", "write_report", "render_text", "render_docx", "default_name",
           "template_vars", "atomic_write", "kind_of_template"]
