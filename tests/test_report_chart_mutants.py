"""The chart's Word parts (xlperf/report/chart.py) checked piece by piece, fast and without a report: the DrawingML
chart part, the small workbook Word opens for 编辑数据, the inline drawing and its size (issue 19).

Expected values come from the design stated here and from the standards, never from the chart code:

* the chart shows 得分率 (得分 ÷ 适用分值) as horizontal bars, a bar's rate capped to 0–100 %, a 不适用 row kept with
  no point; the labels and the cells use the report's own precision (“95.1%” → one place, “0.0%”);
* the workbook is a minimal SpreadsheetML package (ECMA-376 Part 1 §18, the package rules of Part 2): the content
  types and relationship types of the standard, A1 “一级指标”, B1 “得分率”, then one row per indicator;
* XML written as text must hold text only where a value goes (a stray word between two elements is a part Word may
  refuse to open): every part is parsed and its free text checked;
* the chart's height: 28 mm for title and axis, 11 mm a bar, at least 55 mm; sizes in EMU (36,000 to the millimetre,
  ECMA-376 §20.1.2.1).

Survivors judged equivalent: none (run recorded in docs/mutation.md).  Two that would have been are gone from the
code: the SVG's font names and its tick list are module constants (CSS matches font names in any case; any range end
from 101 to 120 gave the same ticks), and the chart part is encoded with ``str.encode()``'s UTF-8 (“UTF-8” and
“utf-8” name one codec).
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile

import pytest

from xlperf.report.chart import (chart_height_mm, chart_space_xml, chart_svg, chart_workbook, colour, inline_xml,
                                 percent_format)
from xlperf.report.context import ChartBar

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
SVG = "{http://www.w3.org/2000/svg}"
DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
#: the elements whose text is a value (cached labels and numbers, formulas, format codes, run text, cell text)
VALUE_TAGS = {f"{C}v", f"{C}f", f"{C}formatCode", f"{A}t", f"{S}t", f"{S}v"}

BARS = [ChartBar("甲<&>", 0.951, "95.1%"), ChartBar("乙", 0.0, "—", applicable=False),
        ChartBar("丙", 1.25, "125.0%"), ChartBar("丁", -0.1, "-10.0%")]


def _strict(xml: bytes) -> ET.Element:
    """The parsed part, after checking it starts with the XML declaration and holds free text only in value
    elements."""
    assert xml.startswith(DECL), xml[:80]
    root = ET.fromstring(xml)
    for el in root.iter():
        if el.tag not in VALUE_TAGS:
            assert not (el.text or "").strip(), (el.tag, el.text)
        assert not (el.tail or "").strip(), (el.tag, el.tail)
    return root


def _val(root, path):
    el = root.find(path)
    assert el is not None, path
    return el.get("val")


# ------------------------------------------------------------------ the chart part


def test_chart_part_holds_text_only_in_its_values():
    for rid in ("rId7", None):
        _strict(chart_space_xml(BARS, rid))
    _strict(chart_space_xml([ChartBar("甲", 0.5, "50%")]))


def test_chart_part_caches_labels_and_capped_rates_with_the_reports_precision():
    root = _strict(chart_space_xml(BARS, "rId7"))
    ser = root.find(f".//{C}barChart/{C}ser")
    cat = ser.find(f"{C}cat/{C}strRef")
    val = ser.find(f"{C}val/{C}numRef")
    # four indicators: rows 2–5 of Sheet1 (row 1 holds the headers)
    assert cat.find(f"{C}f").text == "Sheet1!$A$2:$A$5" and val.find(f"{C}f").text == "Sheet1!$B$2:$B$5"
    assert _val(cat, f"{C}strCache/{C}ptCount") == "4" and _val(val, f"{C}numCache/{C}ptCount") == "4"
    assert [(p.get("idx"), p.find(f"{C}v").text) for p in cat.iter(f"{C}pt")] == [
        ("0", "甲<&>"), ("1", "乙（不适用）"), ("2", "丙"), ("3", "丁")]
    # 不适用: no point at index 1; 125 % drawn as 100 %, −10 % as 0
    assert [(p.get("idx"), p.find(f"{C}v").text) for p in val.iter(f"{C}pt")] == [
        ("0", "0.951"), ("2", "1.0"), ("3", "0.0")]
    # one decimal place, as “95.1%”: the cache and the bar labels alike, not linked to the cells' format
    assert val.find(f"{C}numCache/{C}formatCode").text == "0.0%"
    num_fmt = root.find(f".//{C}dLbls/{C}numFmt")
    assert (num_fmt.get("formatCode"), num_fmt.get("sourceLinked")) == ("0.0%", "0")
    # a colour per applicable point by its capped rate: ≥ 90 % blue, below 60 % red; the series' own fill blue
    points = [(_val(d, f"{C}idx"), d.find(f".//{A}srgbClr").get("val"), _val(d, f"{C}invertIfNegative"),
               _val(d, f"{C}bubble3D")) for d in ser.findall(f"{C}dPt")]
    assert points == [("0", "1F618D", "0", "0"), ("2", "1F618D", "0", "0"), ("3", "C0392B", "0", "0")]
    assert ser.find(f"{C}spPr/{A}solidFill/{A}srgbClr").get("val") == "1F618D"
    assert _val(ser, f"{C}invertIfNegative") == "0"
    # the series' name is B1 of the sheet
    assert ser.find(f"{C}tx/{C}strRef/{C}f").text == "Sheet1!$B$1"
    assert _val(ser, f"{C}tx/{C}strRef/{C}strCache/{C}ptCount") == "1"
    assert ser.find(f"{C}tx/{C}strRef/{C}strCache/{C}pt").get("idx") == "0"


def test_chart_part_one_bar_names_rows_2_to_2():
    root = _strict(chart_space_xml([ChartBar("甲", 0.5, "50%")]))
    assert root.find(f".//{C}cat/{C}strRef/{C}f").text == "Sheet1!$A$2:$A$2"
    assert root.find(f".//{C}numCache/{C}formatCode").text == "0%"
    assert root.find(f"{C}externalData") is None


def test_chart_part_text_and_frame():
    root = _strict(chart_space_xml(BARS, "rId7"))
    # the title in bold? no: 12 pt, not bold, in the run and in its paragraph defaults
    title = root.find(f"{C}chart/{C}title")
    assert title.find(f".//{A}defRPr").get("b") == "0" and title.find(f".//{A}rPr").get("b") == "0"
    assert title.find(f".//{A}defRPr").get("sz") == "1200"
    assert title.find(f".//{A}rPr").get("lang") == "zh-CN"
    # the chart's own text default: 10 pt in dark grey
    own = root.find(f"{C}txPr//{A}defRPr")
    assert (own.get("sz"), own.find(f"{A}solidFill/{A}srgbClr").get("val")) == ("1000", "333333")
    # white background without a border; the plot area transparent
    frame = root.find(f"{C}spPr")
    assert frame.find(f"{A}solidFill/{A}srgbClr").get("val") == "FFFFFF" and frame.find(f"{A}ln/{A}noFill") is not None
    plot = root.find(f"{C}chart/{C}plotArea/{C}spPr")
    assert plot.find(f"{A}noFill") is not None and plot.find(f"{A}ln/{A}noFill") is not None
    assert _val(root, f"{C}roundedCorners") == "0"
    # bars 60 % of their width apart; light grid lines at every 20 %; no tick marks
    bar = root.find(f".//{C}barChart")
    assert _val(bar, f"{C}gapWidth") == "60"
    grid = root.find(f".//{C}valAx/{C}majorGridlines/{C}spPr/{A}ln")
    assert (grid.get("w"), grid.find(f".//{A}srgbClr").get("val")) == ("6350", "D9D9D9")
    cat_ax, val_ax = root.find(f".//{C}catAx"), root.find(f".//{C}valAx")
    for ax in (cat_ax, val_ax):
        assert (_val(ax, f"{C}majorTickMark"), _val(ax, f"{C}minorTickMark"), _val(ax, f"{C}tickLblPos")) == (
            "none", "none", "nextTo")
    assert cat_ax.find(f"{C}numFmt").get("formatCode") == "General"
    assert (_val(cat_ax, f"{C}crosses"), _val(cat_ax, f"{C}auto"), _val(cat_ax, f"{C}lblAlgn"),
            _val(cat_ax, f"{C}lblOffset"), _val(cat_ax, f"{C}noMultiLvlLbl")) == ("autoZero", "1", "ctr", "100", "0")
    line = cat_ax.find(f"{C}spPr/{A}ln")
    assert (line.get("w"), line.find(f".//{A}srgbClr").get("val")) == ("9525", "333333")
    assert val_ax.find(f"{C}spPr/{A}ln/{A}noFill") is not None and _val(val_ax, f"{C}crossBetween") == "between"
    labels = root.find(f".//{C}dLbls/{C}spPr")
    assert labels.find(f"{A}noFill") is not None and labels.find(f"{A}ln/{A}noFill") is not None


# ------------------------------------------------------------------ the embedded workbook


def _book(bars) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(chart_workbook(bars))) as z:
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist())
        return {n: z.read(n) for n in z.namelist()}


def test_workbook_package_is_a_minimal_spreadsheet():
    parts = _book(BARS)
    assert sorted(parts) == ["[Content_Types].xml", "_rels/.rels", "xl/_rels/workbook.xml.rels", "xl/styles.xml",
                             "xl/workbook.xml", "xl/worksheets/sheet1.xml"]
    roots = {name: _strict(xml) for name, xml in parts.items()}
    types = roots["[Content_Types].xml"]
    assert types.tag == f"{CT}Types"
    assert {d.get("Extension"): d.get("ContentType") for d in types.findall(f"{CT}Default")} == {
        "rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}
    ss = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    assert {o.get("PartName"): o.get("ContentType") for o in types.findall(f"{CT}Override")} == {
        "/xl/workbook.xml": f"{ss}.sheet.main+xml", "/xl/worksheets/sheet1.xml": f"{ss}.worksheet+xml",
        "/xl/styles.xml": f"{ss}.styles+xml"}
    doc = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = lambda name: [(r.get("Id"), r.get("Target"), r.get("Type"))  # noqa: E731
                         for r in roots[name].findall(f"{PR}Relationship")]
    assert rels("_rels/.rels") == [("rId1", "xl/workbook.xml", f"{doc}/officeDocument")]
    assert rels("xl/_rels/workbook.xml.rels") == [("rId1", "worksheets/sheet1.xml", f"{doc}/worksheet"),
                                                  ("rId2", "styles.xml", f"{doc}/styles")]
    (sheet,) = roots["xl/workbook.xml"].iter(f"{S}sheet")
    assert (sheet.get("name"), sheet.get("sheetId"), sheet.get(f"{R}id")) == ("Sheet1", "1", "rId1")
    assert roots["xl/workbook.xml"].tag == f"{S}workbook"


def test_workbook_holds_the_charts_data():
    parts = _book(BARS)
    root = _strict(parts["xl/worksheets/sheet1.xml"])
    rows = []
    for row in root.iter(f"{S}row"):
        cells = []
        for c in row.findall(f"{S}c"):
            text = c.find(f"{S}is/{S}t")
            cells.append((c.get("r"), text.text if text is not None else c.find(f"{S}v").text, c.get("t"),
                          c.get("s")))
        rows.append((row.get("r"), cells))
    assert rows == [
        ("1", [("A1", "一级指标", "inlineStr", None), ("B1", "得分率", "inlineStr", None)]),
        ("2", [("A2", "甲<&>", "inlineStr", None), ("B2", "0.951", None, "1")]),
        ("3", [("A3", "乙（不适用）", "inlineStr", None)]),  # 不适用: no number
        ("4", [("A4", "丙", "inlineStr", None), ("B4", "1.0", None, "1")]),
        ("5", [("A5", "丁", "inlineStr", None), ("B5", "0.0", None, "1")]),
    ]
    # style 1 shows the rates as the report does: one place
    styles = _strict(parts["xl/styles.xml"])
    (fmt,) = styles.iter(f"{S}numFmt")
    assert (fmt.get("numFmtId"), fmt.get("formatCode")) == ("164", "0.0%")
    xfs = styles.find(f"{S}cellXfs").findall(f"{S}xf")
    assert [(x.get("numFmtId"), x.get("applyNumberFormat")) for x in xfs] == [("0", None), ("164", "1")]
    # the stylesheet's parts in the order the schema gives them (ECMA-376 Part 1 §18.8.39), one “Normal” style
    assert [el.tag[len(S):] for el in styles] == ["numFmts", "fonts", "fills", "borders", "cellStyleXfs", "cellXfs",
                                                  "cellStyles"]
    (normal,) = styles.find(f"{S}cellStyles")
    assert (normal.tag, normal.get("name"), normal.get("xfId"), normal.get("builtinId")) == (
        f"{S}cellStyle", "Normal", "0", "0")


def test_workbook_opens_in_openpyxl_with_the_same_figures():
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(chart_workbook(BARS)))
    ws = wb["Sheet1"]
    assert [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_row=5, max_col=2)] == [
        ["一级指标", "得分率"], ["甲<&>", 0.951], ["乙（不适用）", None], ["丙", 1], ["丁", 0]]
    assert ws["B2"].number_format == "0.0%"
    assert _book([ChartBar("甲", 0.5, "50%")])["xl/styles.xml"].count(b'formatCode="0%"') == 1


# ------------------------------------------------------------------ size and place in the document


@pytest.mark.parametrize("n, mm", [(0, 55.0), (2, 55.0), (3, 61.0), (4, 72.0), (10, 138.0)])
def test_chart_height(n, mm):
    # 28 + 11 n, at least 55: 2 bars 50 → 55; 3 bars 61; 4 bars 72; 10 bars 138
    assert chart_height_mm(n) == mm


def test_inline_drawing_sizes_in_emu_and_names_the_chart():
    xml = inline_xml("rId9", 4, 150.0, 61.0)
    root = ET.fromstring(xml.replace("<w:drawing>", '<w:drawing xmlns:w="urn:w">'))
    inline = root.find(f"{WP}inline")
    # 150 mm × 36,000 = 5,400,000 EMU; 61 mm = 2,196,000
    assert (inline.find(f"{WP}extent").get("cx"), inline.find(f"{WP}extent").get("cy")) == ("5400000", "2196000")
    assert [inline.get(k) for k in ("distT", "distB", "distL", "distR")] == ["0", "0", "0", "0"]
    doc_pr = inline.find(f"{WP}docPr")
    assert (doc_pr.get("id"), doc_pr.get("name"), doc_pr.get("descr")) == ("4", "得分率图表", "各一级指标得分率")
    assert inline.find(f".//{C}chart").get(f"{R}id") == "rId9"
    assert inline.find(f"{A}graphic/{A}graphicData").get("uri") == C[1:-1]
    assert not (root.text or "").strip() and all(not (e.tail or "").strip() for e in root.iter())
    # a fraction of an EMU rounds to the nearest: 0.00001 mm is 0.36 EMU → 0, 0.00002 mm 0.72 → 1
    root = ET.fromstring(inline_xml("r", 1, 0.00001, 0.00002).replace("<w:drawing>", '<w:drawing xmlns:w="urn:w">'))
    assert root.find(f".//{WP}extent").get("cx") == "0" and root.find(f".//{WP}extent").get("cy") == "1"


# ------------------------------------------------------------------ small rules


@pytest.mark.parametrize("rate, rgb", [(0.0, "C0392B"), (0.5999, "C0392B"), (0.6, "D68910"), (0.8999, "D68910"),
                                       (0.9, "1F618D"), (1.0, "1F618D")])
def test_colour_bands_below_60_below_90_and_the_rest(rate, rgb):
    assert colour(rate) == rgb


@pytest.mark.parametrize("texts, fmt", [
    (["95%", "50%"], "0%"),
    (["95.1%", "50%"], "0.0%"),
    (["95.12%", "5.1%"], "0.00%"),  # the most places any label has
    (["5.1%", "95.12%"], "0.00%"),
    ([" -10.5 % "], "0.0%"),  # a sign and spaces round it
    (["—", "95.1%"], "0.0%"),  # a 不适用 row's dash says nothing
    (["95.1％"], "0%"),  # not a half-width percent sign: not a rate the report printed
    (["x95.1%"], "0%"),
    (["95.1%x"], "0%"),
])
def test_percent_format_follows_the_labels(texts, fmt):
    assert percent_format([ChartBar("甲", 0.5, t) for t in texts]) == fmt


def test_rates_lose_binary_noise_at_twelve_places():
    # 0.1 + 0.2 is 0.30000000000000004 in binary: written 0.3; twelve places kept, the thirteenth rounded away
    xml = chart_space_xml([ChartBar("甲", 0.1 + 0.2, "30%"), ChartBar("乙", 0.1234567890126, "12%")])
    vals = [p.find(f"{C}v").text for p in ET.fromstring(xml).iter(f"{C}pt") if p.find(f"{C}v").text[0] == "0"]
    assert vals == ["0.3", "0.123456789013"]


def test_svg_bar_of_a_negative_rate_is_empty_and_a_not_applicable_row_has_none():
    root = ET.fromstring(chart_svg([ChartBar("甲", -0.2, "-20%"), ChartBar("乙", 0.0, "—", applicable=False)]))
    rects = root.findall(f"{SVG}rect")
    assert [(r.get("width"), r.get("fill")) for r in rects] == [("0.0", "#C0392B")]
    assert rects[0].find(f"{SVG}title").text == "甲：-20%"
