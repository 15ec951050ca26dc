"""The level-1 得分率 bar chart: a native Word chart for .docx, an inline SVG for HTML.

Both are written as plain text here, with the standard library only: nothing to draw, no fonts to
look for, nothing for xlwings to import at start-up (xlwings imports matplotlib, numpy, Pillow
and pandas whenever they are installed, which made every Excel start and ribbon click pay for
them).

* :func:`chart_svg` — an ``<svg>`` element to put inline in an HTML page (its text is the
  browser's to render, in the page's Chinese fonts);
* :func:`chart_space_xml` — the DrawingML chart part (``word/charts/chartN.xml``) with the labels
  and rates as its cached data, which Word, WPS and LibreOffice draw by themselves; the clerk can
  restyle it in Word (图表工具) and edit its data (编辑数据) in the small workbook embedded next to
  it (:func:`chart_workbook`);
* the chart part is put into a Word report by :class:`xlperf.report.word.NativeChart`, the value of
  ``{{ chart_image }}`` in a docxtpl template.

Bars are coloured by 得分率: below 60% red, below 90% amber, else blue.  An indicator that is not
applicable (不适用) keeps its row, labelled “（不适用）”, with no bar.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from typing import Sequence

from .context import ChartBar

TITLE = "各一级指标得分率"
SERIES_NAME = "得分率"
CATEGORY_HEADER = "一级指标"
SHEET = "Sheet1"
NOT_APPLICABLE = "（不适用）"

LOW, MID, HIGH = "C0392B", "D68910", "1F618D"  # below 60%, below 90%, the rest
GRID = "D9D9D9"
#: chart text: sans-serif for figures and Chinese alike (Word falls back by itself where a font is missing)
FONTS = '<a:latin typeface="Arial"/><a:ea typeface="微软雅黑"/>'
TEXT = "333333"
#: the value axis ends a little past 100% so that the label of a full bar has room
AXIS_MAX = 1.15
#: the value axis' grid lines and labels (percent)
TICKS = (0, 20, 40, 60, 80, 100)
#: the SVG's fonts: the page's Chinese fonts, then any sans-serif
SVG_FONTS = "font-family=\"'Noto Sans CJK SC','Microsoft YaHei','SimHei','PingFang SC',sans-serif\""

CT_CHART = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CT_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RT_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
RT_PACKAGE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package"
NS_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
NS_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
NS_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
EMU_PER_MM = 36000


def colour(rate: float) -> str:
    """Bar colour (RRGGBB) of a 得分率 (0–1)."""
    return LOW if rate < 0.6 else MID if rate < 0.9 else HIGH


def _clamped(bar: ChartBar) -> float:
    return max(0.0, min(float(bar.rate), 1.0))


def label_of(bar: ChartBar) -> str:
    """The category label: the indicator's name, marked when it is not applicable."""
    return bar.label if bar.applicable else bar.label + NOT_APPLICABLE


def percent_format(bars: Sequence[ChartBar]) -> str:
    """The Excel number format that shows rates as the report does ("0%", "0.0%" …), read from the
    report's own texts (``rate_text`` such as "95.1%")."""
    places = 0
    for b in bars:
        m = re.fullmatch(r"\s*-?\d+(?:\.(\d+))?\s*%\s*", b.rate_text)
        if m and m.group(1):
            places = max(places, len(m.group(1)))
    return "0%" if places == 0 else "0." + "0" * places + "%"


def _num(value: float) -> str:
    """A rate as chart XML writes numbers (binary noise removed: 0.3 not 0.30000000000000004)."""
    return repr(round(float(value), 12))


# --------------------------------------------------------------------------- SVG (HTML)


def _text_width(text: str, size: float) -> float:
    """Rough width of ``text`` at font ``size``: CJK and full-width characters one em (from U+2E80, the first CJK
    radical, on), the rest 0.6."""
    return sum(size if ord(ch) >= 0x2E80 else 0.6 * size for ch in text)


def chart_svg(bars: Sequence[ChartBar]) -> str:
    """The chart as an ``<svg>`` element ("" when there are no bars)."""
    if not bars:
        return ""
    e = html.escape
    size, row, bar_h = 15, 36, 22
    left = 16 + max(_text_width(label_of(b), size) for b in bars)
    scale = 440.0  # pixels per 100%
    top = 46
    width = left + scale * AXIS_MAX + 8
    height = top + row * len(bars) + 34
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" aria-label="{e(TITLE)}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" width="{width:.0f}" height="{height:.0f}" {SVG_FONTS} '
           f'font-size="{size}">',
           f"<title>{e(TITLE)}</title>",
           f'<text x="{width / 2:.1f}" y="24" text-anchor="middle" font-size="{size + 2}" fill="#{TEXT}">'
           f"{e(TITLE)}</text>"]
    bottom = top + row * len(bars)
    for tick in TICKS:
        x = left + scale * tick / 100
        out.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" stroke="#{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{x:.1f}" y="{bottom + 18}" text-anchor="middle" font-size="{size - 2}" '
                   f'fill="#{TEXT}">{tick}%</text>')
    out.append(f'<line x1="{left:.1f}" y1="{top - 4}" x2="{left:.1f}" y2="{bottom}" stroke="#{TEXT}" stroke-width="1"/>')
    for i, b in enumerate(bars):
        y = top + row * i
        mid = y + row / 2
        out.append(f'<text x="{left - 8:.1f}" y="{mid:.1f}" text-anchor="end" dominant-baseline="central" '
                   f'fill="#{TEXT}">{e(label_of(b))}</text>')
        if not b.applicable:
            continue
        rate = _clamped(b)
        w = scale * rate
        out.append(f'<rect x="{left:.1f}" y="{mid - bar_h / 2:.1f}" width="{w:.1f}" height="{bar_h}" '
                   f'fill="#{colour(rate)}"><title>{e(b.label)}：{e(b.rate_text)}</title></rect>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{mid:.1f}" dominant-baseline="central" '
                   f'font-size="{size - 1}" fill="#{TEXT}">{e(b.rate_text)}</text>')
    out.append("</svg>")
    return "\n".join(out)


# --------------------------------------------------------------------------- Word (DrawingML)


def _rich(text: str, size: int, bold: bool = False) -> str:
    return (f'<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="{int(bold)}">{FONTS}'
            "</a:defRPr></a:pPr>"
            f'<a:r><a:rPr lang="zh-CN" altLang="en-US" sz="{size}" b="{int(bold)}"/><a:t>{html.escape(text)}</a:t>'
            f"</a:r></a:p></c:rich></c:tx>")


def _txpr(size: int) -> str:
    return (f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="{size}" b="0">'
            f'<a:solidFill><a:srgbClr val="{TEXT}"/></a:solidFill>{FONTS}</a:defRPr></a:pPr>'
            f'<a:endParaRPr lang="zh-CN"/></a:p></c:txPr>')


def _fill(rgb: str) -> str:
    return f'<c:spPr><a:solidFill><a:srgbClr val="{rgb}"/></a:solidFill></c:spPr>'


def chart_space_xml(bars: Sequence[ChartBar], workbook_rid: str | None = None) -> bytes:
    """The chart part: a horizontal bar chart of ``bars``, first indicator on top, with the labels
    and rates cached in the part (what Word and LibreOffice draw) and, when ``workbook_rid`` is
    given, the embedded workbook that holds the same data for 编辑数据."""
    e = html.escape
    n = len(bars)
    fmt = percent_format(bars)
    last = n + 1
    cats = "".join(f'<c:pt idx="{i}"><c:v>{e(label_of(b))}</c:v></c:pt>' for i, b in enumerate(bars))
    vals = "".join(f'<c:pt idx="{i}"><c:v>{_num(_clamped(b))}</c:v></c:pt>'
                   for i, b in enumerate(bars) if b.applicable)
    points = "".join(f'<c:dPt><c:idx val="{i}"/><c:invertIfNegative val="0"/><c:bubble3D val="0"/>'
                     f"{_fill(colour(_clamped(b)))}</c:dPt>" for i, b in enumerate(bars) if b.applicable)
    external = (f'<c:externalData r:id="{workbook_rid}"><c:autoUpdate val="0"/></c:externalData>'
                if workbook_rid else "")
    xml = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<c:chartSpace xmlns:c="{NS_C}" xmlns:a="{NS_A}" xmlns:r="{NS_R}">'
        '<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>'
        "<c:chart>"
        f'<c:title>{_rich(TITLE, 1200)}<c:overlay val="0"/></c:title>'
        '<c:autoTitleDeleted val="0"/>'
        "<c:plotArea><c:layout/>"
        '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>'
        '<c:ser><c:idx val="0"/><c:order val="0"/>'
        f'<c:tx><c:strRef><c:f>{SHEET}!$B$1</c:f><c:strCache><c:ptCount val="1"/>'
        f'<c:pt idx="0"><c:v>{SERIES_NAME}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
        f'{_fill(HIGH)}<c:invertIfNegative val="0"/>{points}'
        f'<c:dLbls><c:numFmt formatCode="{e(fmt)}" sourceLinked="0"/>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        f'{_txpr(1000)}<c:dLblPos val="outEnd"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
        '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/>'
        "</c:dLbls>"
        f'<c:cat><c:strRef><c:f>{SHEET}!$A$2:$A${last}</c:f><c:strCache><c:ptCount val="{n}"/>{cats}'
        "</c:strCache></c:strRef></c:cat>"
        f'<c:val><c:numRef><c:f>{SHEET}!$B$2:$B${last}</c:f><c:numCache><c:formatCode>{e(fmt)}</c:formatCode>'
        f'<c:ptCount val="{n}"/>{vals}</c:numCache></c:numRef></c:val>'
        "</c:ser>"
        '<c:gapWidth val="60"/><c:axId val="500100001"/><c:axId val="500100002"/>'
        "</c:barChart>"
        # categories top to bottom in the report's order; the value axis stays at the bottom
        '<c:catAx><c:axId val="500100001"/><c:scaling><c:orientation val="maxMin"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>'
        f'<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="{TEXT}"/></a:solidFill></a:ln></c:spPr>'
        f'{_txpr(1050)}<c:crossAx val="500100002"/><c:crosses val="autoZero"/><c:auto val="1"/>'
        '<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="500100002"/>'
        f'<c:scaling><c:orientation val="minMax"/><c:max val="{AXIS_MAX}"/><c:min val="0"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/>'
        f'<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="{GRID}"/></a:solidFill></a:ln>'
        "</c:spPr></c:majorGridlines>"
        '<c:numFmt formatCode="0%" sourceLinked="0"/><c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
        '<c:tickLblPos val="nextTo"/><c:spPr><a:ln><a:noFill/></a:ln></c:spPr>'
        f'{_txpr(900)}<c:crossAx val="500100001"/><c:crosses val="max"/><c:crossBetween val="between"/>'
        '<c:majorUnit val="0.2"/></c:valAx>'
        "<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>"
        "</c:plotArea>"
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/>'
        "</c:chart>"
        "<c:spPr><a:solidFill><a:srgbClr val=\"FFFFFF\"/></a:solidFill><a:ln><a:noFill/></a:ln></c:spPr>"
        f"{_txpr(1000)}"
        f"{external}"
        "</c:chartSpace>"
    )
    return xml.encode()  # UTF-8, as the declaration says


def chart_workbook(bars: Sequence[ChartBar]) -> bytes:
    """The chart's data as a one-sheet .xlsx (A: 一级指标, B: 得分率), embedded for Word's 编辑数据."""
    e = html.escape
    fmt = percent_format(bars)

    def text(ref: str, value: str) -> str:
        return f'<c r="{ref}" t="inlineStr"><is><t>{e(value)}</t></is></c>'

    rows = [f'<row r="1">{text("A1", CATEGORY_HEADER)}{text("B1", SERIES_NAME)}</row>']
    for i, b in enumerate(bars, start=2):
        value = f'<c r="B{i}" s="1"><v>{_num(_clamped(b))}</v></c>' if b.applicable else ""
        rows.append(f'<row r="{i}">{text(f"A{i}", label_of(b))}{value}</row>')
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    doc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            "</Types>"),
        "_rels/.rels": (
            f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Target="xl/workbook.xml" '
            f'Type="{doc}/officeDocument"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook xmlns="{main}" xmlns:r="{doc}"><sheets>'
            f'<sheet name="{SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{pkg}">'
            f'<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="{doc}/worksheet"/>'
            f'<Relationship Id="rId2" Target="styles.xml" Type="{doc}/styles"/></Relationships>'),
        "xl/styles.xml": (
            f'<styleSheet xmlns="{main}"><numFmts count="1"><numFmt numFmtId="164" formatCode="{e(fmt)}"/></numFmts>'
            '<fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
            '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"),
        "xl/worksheets/sheet1.xml": (
            f'<worksheet xmlns="{main}"><cols><col min="1" max="1" width="24" customWidth="1"/>'
            f'<col min="2" max="2" width="12" customWidth="1"/></cols>'
            f'<sheetData>{"".join(rows)}</sheetData></worksheet>'),
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, xml in parts.items():
            z.writestr(name, head + xml)
    return buf.getvalue()


def chart_height_mm(n: int) -> float:
    """Height of the chart for ``n`` bars: title and axis, then 11 mm a bar (at least 55 mm)."""
    return max(55.0, 28.0 + 11.0 * n)


def inline_xml(rid: str, shape_id: int, width_mm: float, height_mm: float) -> str:
    """A ``<w:drawing>`` holding the chart related as ``rid``, ``width_mm`` × ``height_mm``."""
    cx, cy = round(width_mm * EMU_PER_MM), round(height_mm * EMU_PER_MM)
    return (f'<w:drawing><wp:inline xmlns:wp="{NS_WP}" distT="0" distB="0" distL="0" distR="0">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{shape_id}" name="得分率图表" descr="{TITLE}"/><wp:cNvGraphicFramePr/>'
            f'<a:graphic xmlns:a="{NS_A}"><a:graphicData uri="{NS_C}">'
            f'<c:chart xmlns:c="{NS_C}" xmlns:r="{NS_R}" r:id="{rid}"/>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing>")


__all__ = ["chart_svg", "chart_space_xml", "chart_workbook", "inline_xml", "colour", "TITLE"]
