"""The Word report: the .docx template rendered with docxtpl, the native chart put in where the template
prints ``{{ chart_image }}``, the title broken at the unit's name, the document's own properties.

Imported by :func:`xlperf.report.render.render_docx` only when a Word or PDF report is written: python-docx
and docxtpl cost a Markdown or HTML report nothing.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Sequence

from docx import Document
from docx.opc.part import Part
from docxtpl import DocxTemplate
from jinja2 import TemplateError, UndefinedError

from ..errors import ReportError
from ..infra.safety import check_template
from .chart import CT_CHART, CT_XLSX, RT_CHART, RT_PACKAGE, chart_height_mm, chart_space_xml, chart_workbook, inline_xml
from .context import ChartBar, ReportContext
from .env import make_env
from .templates import UNDEFINED_NAME, template_error, template_path, template_vars

CHART_WIDTH_MM = 140


def _docx_paragraph_of(template: Path, var: str) -> str:
    """ "第N段" of the first paragraph of a .docx template that mentions ``var`` (for messages)."""
    try:
        for i, p in enumerate(Document(str(template)).paragraphs, 1):
            if re.search(r"(\{\{|\{%)[^}]*\b" + re.escape(var) + r"\b", p.text):
                return f"第{i}段"
    except Exception:  # noqa: BLE001 - only for a nicer message
        pass
    return ""


def render_docx(ctx: ReportContext, out: Path, template: str | Path | None = None, *, chart: bool = True) -> None:
    """Render the Word template into ``out`` (not atomic; see :func:`write_report`)."""
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
        tpl.render(template_vars(ctx, "docx", image), jinja_env=env)  # env escapes the XML (make_env "docx")
    except UndefinedError as exc:  # StrictUndefined: name the paragraph that uses it
        m = UNDEFINED_NAME.search(str(exc))
        where = _docx_paragraph_of(path, m.group(1) or m.group(2)) if m else ""
        raise template_error(exc, name, where) from exc
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError) as exc:  # e.g. range(10**9)
        where = _docx_where(exc) or _docx_paragraph_failing(path, env, template_vars(ctx, "docx"), exc)
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
    now = _dt.datetime.now(_dt.timezone.utc)  # written to the second, as UTC (…Z)
    cp = doc.core_properties
    cp.title, cp.author, cp.last_modified_by = ctx.title, ctx.unit, ctx.unit
    cp.subject = f"{ctx.year}年度绩效自评"
    cp.comments = cp.keywords = cp.category = ""
    cp.created = cp.modified = now
    cp.revision = 1


def _docx_paragraph_failing(template: Path, env, data: dict, exc: BaseException) -> str:
    """ "第N段" of the first paragraph whose own text fails like ``exc`` when rendered alone."""
    try:
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


def add_chart(part, bars: Sequence[ChartBar], width_mm: float, shape_id: int) -> str:
    """Add a chart part (and its embedded workbook) related to the python-docx ``part`` (the document
    body, a header …); return the ``<w:drawing>`` XML that shows it."""
    package = part.package
    # (the package is reached through the relationships: a new part needs no link back to it)
    book = Part(package.next_partname("/word/embeddings/Microsoft_Excel_Worksheet%d.xlsx"), CT_XLSX,
                chart_workbook(bars))
    # a new part's first relationship is rId1: the chart names its workbook by that id
    chart = Part(package.next_partname("/word/charts/chart%d.xml"), CT_CHART, chart_space_xml(bars, "rId1"))
    chart.relate_to(book, RT_PACKAGE)
    rid = part.relate_to(chart, RT_CHART)
    return inline_xml(rid, shape_id, width_mm, chart_height_mm(len(bars)))


class NativeChart:
    """``{{ chart_image }}`` in a docxtpl template: printing it adds a native chart of ``bars`` to the
    part being rendered (like docxtpl's InlineImage adds a picture) and returns the run that shows it."""

    def __init__(self, tpl, bars: Sequence[ChartBar], width_mm: float):
        self.tpl, self.bars, self.width_mm = tpl, list(bars), width_mm
        self._shapes = 0

    def _insert(self) -> str:
        part = self.tpl.current_rendering_part
        self._shapes += 1
        shape_id = part.next_id + 1000 + self._shapes  # unique even when the template prints it twice
        drawing = add_chart(part, self.bars, self.width_mm, shape_id)
        return f'</w:t></w:r><w:r>{drawing}</w:r><w:r><w:t xml:space="preserve">'

    def __str__(self) -> str:
        return self._insert()

    __html__ = __str__

    def __bool__(self) -> bool:
        return bool(self.bars)
