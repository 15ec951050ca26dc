"""Write templates/report.docx: the docxtpl (Jinja2-in-Word) template of the 自评报告.

公文 layout per GB/T 9704-2012: A4, margins 37/35/28/26 mm (text area 156 × 225 mm) holding 22 lines
of 28 characters of 3号 (16pt) text — exact line spacing 28.95pt and characters condensed by 0.25pt
(15.75pt apart), not Word's character grid (w:docGrid linesAndChars), which LibreOffice lays out
with one 16pt character in two grid cells (about 14 per line); title 2号
(22pt) 方正小标宋简体 centred; body 3号 仿宋_GB2312 with a two-character first-line indent; "一、"
黑体, "（一）" 楷体_GB2312, "1." 仿宋 bold, each heading kept with the paragraph after it; page
number "— 1 —" 4号 半角宋体, on odd pages right and on even pages left, one character in from the
edge (separate odd/even footers); score table in 仿宋 4号 with a bold header row and a 合计 row.
Every style is a named Word style, so IT staff can change the look in Word (修改样式) without
touching the tags.

Run: ``.venv/bin/python scripts/make_docx_template.py`` (the result is committed).
"""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

OUT = Path(__file__).resolve().parents[1] / "templates" / "report.docx"

BODY_FONT = "仿宋_GB2312"
TITLE_FONT = "方正小标宋简体"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
# 22 lines × 28 characters on the 156 × 225 mm text area (8845 × 12756 twips = 442.25 × 637.8pt).
LINE_PITCH = 579  # twips (28.95pt): 22 × 579 = 12738 ≤ 12756 < 23 × 579
CONDENSE = -5  # twentieths of a point after each character: 16 − 0.25 = 15.75pt; 28 × 15.75 = 441 ≤ 442.25 < 29 × 15.75
LINE = Pt(LINE_PITCH / 20)  # exact line spacing


def set_fonts(style_or_run, name: str) -> None:
    """Set the font for Latin and East Asian text (w:ascii, w:hAnsi, w:eastAsia)."""
    style_or_run.font.name = name
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)


def outline(style, level: int) -> None:
    """Make a paragraph style show in Word's navigation pane at ``level`` (0 = top)."""
    ppr = style.element.get_or_add_pPr()
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    ppr.append(el)


def para_style(doc, name: str, font: str, size: float, *, bold=False, indent=True, align=None,
               line=LINE, level=None):
    styles = doc.styles
    style = styles[name] if name in [s.name for s in styles] else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if name != "Normal":
        style.base_style = styles["Normal"]
        style.quick_style = True
    set_fonts(style, font)
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    pf = style.paragraph_format
    pf.first_line_indent = Pt(size * 2) if indent else Pt(0)
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    if line is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = line
    pf.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.JUSTIFY
    pf.widow_control = False
    if level is not None:
        outline(style, level)
        pf.keep_with_next = True  # a heading never stands alone at the foot of a page
    return style


def set_grid(section, normal) -> None:
    """22 lines of 28 characters: the line pitch in the section (w:docGrid without a type: Word's
    "无网格", so neither Word nor LibreOffice snaps the 2号 title's lines to it) and the condensed
    character spacing in the Normal style (every paragraph style is based on it)."""
    sect = section._sectPr
    grid = sect.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        sect.append(grid)
    grid.attrib.pop(qn("w:type"), None)
    grid.set(qn("w:linePitch"), str(LINE_PITCH))
    rpr = normal.element.get_or_add_rPr()
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), str(CONDENSE))
    rpr.insert_element_before(spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u",
                              "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em",
                              "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath")


def set_chinese(doc) -> None:
    """East Asian language zh-CN (Word's default template says ja-JP): Chinese punctuation and line
    breaking, and LibreOffice picks Simplified Chinese glyphs for substitute fonts."""
    settings = doc.settings.element
    lang = settings.find(qn("w:themeFontLang"))
    if lang is None:
        lang = OxmlElement("w:themeFontLang")
        settings.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    el = rpr.find(qn("w:lang"))
    if el is None:
        el = OxmlElement("w:lang")
        rpr.append(el)
    el.set(qn("w:eastAsia"), "zh-CN")


def _page_number(p, side) -> None:
    """ "— 1 —" (4号 半角宋体, a PAGE field) on ``side``, one 4号 character in from the edge."""
    p.alignment = side
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    if side == WD_ALIGN_PARAGRAPH.RIGHT:
        pf.right_indent = Pt(14)
    else:
        pf.left_indent = Pt(14)

    def run(text=None):
        r = p.add_run(text)
        set_fonts(r, PAGE_FONT)
        r.font.size = Pt(14)
        return r

    run("— ")
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        r = run()
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            r._r.append(fld)
        elif text == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            r._r.append(instr)
        else:
            r.text = text
    run(" —")


def add_page_number(doc, section) -> None:
    """Page numbers per GB/T 9704 7.5: odd pages right (default footer), even pages left (even
    footer, w:evenAndOddHeaders in settings.xml)."""
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def cell_text(cell, text: str, style, bold=False) -> None:
    p = cell.paragraphs[0]
    p.style = style
    r = p.add_run(text)
    if bold:
        r.bold = True


def build() -> Document:
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Mm(210), Mm(297)
    sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
    sec.left_margin, sec.right_margin = Mm(28), Mm(26)
    sec.footer_distance = Mm(28) - Mm(7)
    set_chinese(doc)
    doc.core_properties.title = "部门整体绩效自评报告模板"
    doc.core_properties.author = "xlperf"
    doc.core_properties.comments = "xlperf 报告模板：花括号中的内容是模板标记，请勿删除；样式可在Word中修改。"

    body = para_style(doc, "Normal", BODY_FONT, 16)
    set_grid(sec, body)
    title = para_style(doc, "公文标题", TITLE_FONT, 22, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(36))
    title.paragraph_format.space_after = LINE
    title.paragraph_format.keep_with_next = True
    h1 = para_style(doc, "一级标题", H1_FONT, 16, level=0)
    h2 = para_style(doc, "二级标题", H2_FONT, 16, level=1)
    h3 = para_style(doc, "三级标题", BODY_FONT, 16, bold=True, level=2)
    caption = para_style(doc, "表格标题", H1_FONT, 16, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    caption.paragraph_format.keep_with_next = True
    cell = para_style(doc, "表格文字", BODY_FONT, 14, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=Pt(22))
    figure = para_style(doc, "图片", BODY_FONT, 16, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER, line=None)
    # 落款 (GB/T 9704-2012 7.3.5.2): below the text after one blank line, the unit, then the date on the next
    # line, both right-aligned with two characters' space on the right (右空二字)
    sign = para_style(doc, "落款", BODY_FONT, 16, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    sign.paragraph_format.right_indent = Pt(16 * 2)
    sign_unit = para_style(doc, "落款单位", BODY_FONT, 16, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    sign_unit.base_style = sign
    sign_unit.paragraph_format.right_indent = Pt(16 * 2)
    sign_unit.paragraph_format.space_before = LINE  # 正文下空一行
    sign_unit.paragraph_format.keep_with_next = True  # the unit never parts from its date
    tag = body  # paragraphs that hold only {%p %} tags disappear when rendering

    def P(text: str, style=body):
        doc.add_paragraph(text, style=style)

    P("{{ title }}", title)

    # the body, part by part as the report's outline lays it out (context.body): headings by level,
    # paragraphs, the score table and the chart
    P("{%p for p in body %}", tag)
    P('{%p if p.kind == "heading" and p.level == 1 %}', tag)
    P("{{ p.text }}", h1)
    P('{%p elif p.kind == "heading" and p.level == 2 %}', tag)
    P("{{ p.text }}", h2)
    P('{%p elif p.kind == "heading" %}', tag)
    P("{{ p.text }}", h3)
    P('{%p elif p.kind == "table" %}', tag)
    P("{{ p.text }}", caption)
    table = doc.add_table(rows=5, cols=4)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, head in enumerate(("指标", "权重分值", "得分", "得分率")):
        cell_text(table.rows[0].cells[i], head, cell, bold=True)
    cell_text(table.rows[1].cells[0], "{%tr for r in score_rows %}", cell)
    for i, attr in enumerate(("name", "weight", "score", "rate")):
        cell_text(table.rows[2].cells[i], f"{{{{ r.{attr} }}}}", cell)
    cell_text(table.rows[3].cells[0], "{%tr endfor %}", cell)
    for i, attr in enumerate(("name", "weight", "score", "rate")):
        cell_text(table.rows[4].cells[i], f"{{{{ score_total.{attr} }}}}", cell, bold=True)
    widths = (Mm(55), Mm(30), Mm(30), Mm(30))
    for row in table.rows:
        for c, w in zip(row.cells, widths):
            c.width = w
    # header row repeats on a new page
    trpr = table.rows[0]._tr.get_or_add_trPr()
    hdr = OxmlElement("w:tblHeader")
    trpr.append(hdr)
    P('{%p elif p.kind == "chart" %}', tag)
    P("{%p if chart_image %}", tag)
    P("{{ chart_image }}", figure)
    P("{%p endif %}", tag)
    P('{%p elif p.kind == "signature" and p.level == 1 %}', tag)
    P("{{ p.text }}", sign_unit)
    P('{%p elif p.kind == "signature" %}', tag)
    P("{{ p.text }}", sign)
    P("{%p else %}", tag)
    P("{{ p.text }}")
    P("{%p endif %}", tag)
    P("{%p endfor %}", tag)

    add_page_number(doc, sec)
    return doc


def main(out: Path = OUT) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    build().save(str(out))
    return out


if __name__ == "__main__":
    print(main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT))
