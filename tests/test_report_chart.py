"""The 得分率 chart: a native Word chart in the .docx (its cached data drawn by LibreOffice in the PDF),
an inline SVG in the HTML page, none with ``--no-chart``.

Expected figures come from the report's own score table (得分 ÷ 权重分值 of each row, in the
table's order), never from the chart code.
"""

from __future__ import annotations

import base64
import re
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from report_helpers import EXAMPLE, context_of
from xlperf.cli import main
from xlperf.report.context import ChartBar
from xlperf.report.render import render_text, write_report

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
SVG = "{http://www.w3.org/2000/svg}"
TITLE = "各一级指标得分率"
RED, AMBER, BLUE = "C0392B", "D68910", "1F618D"


def expected_colour(rate: Decimal) -> str:
    return RED if rate < Decimal("0.6") else AMBER if rate < Decimal("0.9") else BLUE


@pytest.fixture(scope="module")
def ctx():
    return context_of(EXAMPLE)[0]


@pytest.fixture(scope="module")
def table(ctx):
    """(name, 得分率) of each level-1 row of 各项指标得分情况表, worked out from its 得分 and 权重分值."""
    return [(r.name, Decimal(r.score) / Decimal(r.weight)) for r in ctx.score_rows]


@pytest.fixture(scope="module")
def docx(ctx, tmp_path_factory):
    out = tmp_path_factory.mktemp("chart") / "r.docx"
    write_report(ctx, out, "docx")
    return out


def _parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _rels(parts: dict[str, bytes], name: str) -> dict[str, tuple[str, str]]:
    folder, _, file = name.rpartition("/")
    root = ET.fromstring(parts[f"{folder}/_rels/{file}.rels"])
    return {r.get("Id"): (r.get("Type").rsplit("/", 1)[-1], r.get("Target")) for r in root.iter(f"{PR}Relationship")}


def _chart_data(xml: bytes) -> tuple[list[str], list[float | None], dict[int, str]]:
    """Categories, values (None where the cache has no point) and the colour of each point."""
    root = ET.fromstring(xml)
    ser = root.find(f".//{C}barChart/{C}ser")
    cats = [pt.find(f"{C}v").text for pt in ser.find(f"{C}cat").iter(f"{C}pt")]
    cache = ser.find(f"{C}val/{C}numRef/{C}numCache")
    n = int(cache.find(f"{C}ptCount").get("val"))
    vals: list[float | None] = [None] * n
    for pt in cache.iter(f"{C}pt"):
        vals[int(pt.get("idx"))] = float(pt.find(f"{C}v").text)
    colours = {int(d.find(f"{C}idx").get("val")): d.find(f".//{A}srgbClr").get("val") for d in ser.iter(f"{C}dPt")}
    return cats, vals, colours


# ------------------------------------------------------------------ Word: the chart part


def test_docx_holds_a_native_chart_of_the_table(docx, table):
    parts = _parts(docx)
    charts = [n for n in parts if n.startswith("word/charts/") and n.endswith(".xml")]
    assert charts == ["word/charts/chart1.xml"]
    assert not [n for n in parts if n.startswith("word/media/")], "no picture: the chart is drawn by Word"
    cats, vals, colours = _chart_data(parts["word/charts/chart1.xml"])
    assert cats == [name for name, _ in table]
    assert vals == pytest.approx([float(rate) for _, rate in table], abs=1e-9)
    assert colours == {i: expected_colour(rate) for i, (_, rate) in enumerate(table)}
    root = ET.fromstring(parts["word/charts/chart1.xml"])
    assert "".join(t.text for t in root.find(f"{C}chart/{C}title").iter(f"{A}t")) == TITLE
    assert root.find(f".//{C}barDir").get("val") == "bar"
    assert root.find(f".//{C}dLbls/{C}showVal").get("val") == "1"
    assert root.find(f".//{C}dLbls/{C}numFmt").get("formatCode") == "0%"  # the example's rates have no decimals


def test_chart_part_is_declared_related_and_shown_in_the_figure_paragraph(docx):
    parts = _parts(docx)
    types = ET.fromstring(parts["[Content_Types].xml"])
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    assert overrides["/word/charts/chart1.xml"] == "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    rels = _rels(parts, "word/document.xml")
    chart_ids = [rid for rid, (kind, target) in rels.items() if kind == "chart" and target == "charts/chart1.xml"]
    assert len(chart_ids) == 1
    body = ET.fromstring(parts["word/document.xml"]).find(f"{W}body")
    blocks = list(body)
    shown = [i for i, b in enumerate(blocks) if any(c.get(f"{R}id") == chart_ids[0] for c in b.iter(f"{C}chart"))]
    assert len(shown) == 1
    i = shown[0]
    assert blocks[i].find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "图片"
    assert blocks[i - 1].tag == f"{W}tbl", "the chart follows the score table"
    heading = "".join(t.text or "" for t in blocks[i + 1].iter(f"{W}t"))
    assert heading == "四、绩效目标实现情况分析"
    extent = blocks[i].find(f".//{{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}}extent")
    assert int(extent.get("cx")) == 140 * 36000  # CHART_WIDTH_MM, the text width of the page less margins


def test_embedded_workbook_holds_the_same_data(docx, table):
    import io

    import openpyxl

    parts = _parts(docx)
    chart = ET.fromstring(parts["word/charts/chart1.xml"])
    rid = chart.find(f"{C}externalData").get(f"{R}id")
    kind, target = _rels(parts, "word/charts/chart1.xml")[rid]
    assert kind == "package" and target.startswith("../embeddings/") and target.endswith(".xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(parts["word/" + target.removeprefix("../")])).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("一级指标", "得分率")
    assert [r[0] for r in rows[1:]] == [name for name, _ in table]
    assert [r[1] for r in rows[1:]] == pytest.approx([float(rate) for _, rate in table])
    # the chart's formulas point at these cells
    ser = chart.find(f".//{C}ser")
    assert ser.find(f"{C}cat//{C}f").text == f"Sheet1!$A$2:$A${len(table) + 1}"
    assert ser.find(f"{C}val//{C}f").text == f"Sheet1!$B$2:$B${len(table) + 1}"
    assert ws.title == "Sheet1"


def test_no_chart_leaves_it_out(ctx, tmp_path):
    out = tmp_path / "r.docx"
    write_report(ctx, out, "docx", chart=False)
    parts = _parts(out)
    assert not [n for n in parts if "chart" in n or "embeddings" in n]
    assert b"<w:drawing" not in parts["word/document.xml"]
    html = render_text(ctx, "html", chart=False)
    assert "<svg" not in html and TITLE not in html


def test_cli_no_chart(tmp_path, capsys):
    out = tmp_path / "r.docx"
    assert main(["report", str(EXAMPLE), "-o", str(out), "--no-chart"]) == 0
    assert not [n for n in _parts(out) if n.startswith("word/charts/")]
    assert main(["report", str(EXAMPLE), "-o", str(tmp_path / "c.docx")]) == 0
    assert "word/charts/chart1.xml" in _parts(tmp_path / "c.docx")


def test_not_applicable_and_decimal_rates(tmp_path, ctx):
    """A 不适用 indicator keeps its row with no bar; rates with a decimal are labelled with one."""
    from xlperf.report.chart import chart_space_xml

    bars = [ChartBar("甲<&>", 0.951, "95.1%"), ChartBar("乙", 0.0, "—", applicable=False),
            ChartBar("丙", 0.755, "75.5%"), ChartBar("丁", 0.2, "20.0%")]
    cats, vals, colours = _chart_data(chart_space_xml(bars, "rId1"))
    assert cats == ["甲<&>", "乙（不适用）", "丙", "丁"]
    assert vals == [pytest.approx(0.951), None, pytest.approx(0.755), pytest.approx(0.2)]
    assert colours == {0: BLUE, 2: AMBER, 3: RED}
    root = ET.fromstring(chart_space_xml(bars, "rId1"))
    assert root.find(f".//{C}dLbls/{C}numFmt").get("formatCode") == "0.0%"
    # the same through a whole report: one indicator of the example made 不适用
    ctx2 = replace(ctx, chart=[replace(ctx.chart[0], rate=0.0, rate_text="—", applicable=False)] + ctx.chart[1:])
    out = tmp_path / "r.docx"
    write_report(ctx2, out, "docx")
    cats, vals, _ = _chart_data(_parts(out)["word/charts/chart1.xml"])
    assert cats[0].endswith("（不适用）") and vals[0] is None and None not in vals[1:]


def test_a_template_printing_the_chart_twice_gets_two_charts(ctx, tmp_path):
    from docx import Document

    tpl = tmp_path / "two.docx"
    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.add_paragraph("{{ chart_image }}")
    doc.add_paragraph("{{ chart_image }}")
    doc.save(str(tpl))
    out = tmp_path / "r.docx"
    write_report(ctx, out, "docx", template=tpl)
    parts = _parts(out)
    assert sorted(n for n in parts if n.startswith("word/charts/") and n.endswith(".xml")) == [
        "word/charts/chart1.xml", "word/charts/chart2.xml"]
    targets = sorted(t for k, t in _rels(parts, "word/document.xml").values() if k == "chart")
    assert targets == ["charts/chart1.xml", "charts/chart2.xml"]
    books = {_rels(parts, f"word/charts/chart{i}.xml")["rId1"][1] for i in (1, 2)}
    assert len(books) == 2
    ids = re.findall(rb'<wp:docPr id="(\d+)"', parts["word/document.xml"])
    assert len(ids) == 2 and len(set(ids)) == 2


# ------------------------------------------------------------------ LibreOffice draws it


def _ppm(path: Path) -> tuple[int, int, bytes]:
    data = path.read_bytes()
    m = re.match(rb"P6\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    return w, h, data[m.end():]


def _bars(path: Path) -> list[tuple[str, int, int]]:
    """(colour, left x, length in px) of each bar of the three colours, top to bottom."""
    w, h, px = _ppm(path)
    targets = {name: tuple(int(name[i:i + 2], 16) for i in (0, 2, 4)) for name in (RED, AMBER, BLUE)}
    bars, current = [], None
    for y in range(h):
        row = px[y * w * 3:(y + 1) * w * 3]
        found = None
        for name, (r, g, b) in targets.items():
            xs = [x for x in range(0, w) if abs(row[3 * x] - r) < 10 and abs(row[3 * x + 1] - g) < 10
                  and abs(row[3 * x + 2] - b) < 10]
            if len(xs) > 20:
                found = (name, xs[0], xs[-1] - xs[0] + 1)
                break
        if found and current and current[0] == found[0]:
            current[1].append(found)
        elif found:
            current = (found[0], [found])
            bars.append(current)
        else:
            current = None
    return [(name, min(r[1] for r in rows), max(r[2] for r in rows)) for name, rows in bars if len(rows) > 5]


def test_libreoffice_draws_the_chart_in_the_pdf(ctx, table, tmp_path):
    pdf = write_report(ctx, tmp_path / "r.pdf", "pdf")
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                            check=True).stdout).group(1))
    texts = [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                            text=True, check=True).stdout for n in range(1, pages + 1)]
    page = next(n for n, t in enumerate(texts, 1) if TITLE in t)
    text = texts[page - 1].split(TITLE, 1)[1]
    # the category labels, top to bottom in the table's order, then each data label as the table prints it
    where = [text.index(name) for name, _ in table]
    assert where == sorted(where)
    for row in ctx.score_rows:
        assert row.rate in text
    subprocess.run(["pdftoppm", "-r", "100", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                    str(tmp_path / "page")], check=True)
    bars = _bars(tmp_path / "page.ppm")
    assert [c for c, _, _ in bars] == [expected_colour(rate) for _, rate in table]
    lefts = {x for _, x, _ in bars}
    assert max(lefts) - min(lefts) <= 2, "all bars start at the same axis"
    full = max(length for _, _, length in bars)
    assert full > 200  # 100% is most of the 140 mm chart's width
    top_rate = max(rate for _, rate in table)
    for (_, _, length), (name, rate) in zip(bars, table):
        assert length / full == pytest.approx(float(rate / top_rate), abs=0.02), name


# ------------------------------------------------------------------ HTML: inline SVG


def test_html_has_an_inline_svg_chart_of_the_table(ctx, table):
    page = render_text(ctx, "html")
    assert "<img" not in page
    svgs = re.findall(r"<svg\b.*?</svg>", page, flags=re.S)
    assert len(svgs) == 1
    root = ET.fromstring(svgs[0])
    assert root.tag == f"{SVG}svg" and root.find(f"{SVG}title").text == TITLE
    rects = root.findall(f"{SVG}rect")
    assert [r.get("fill").lstrip("#").upper() for r in rects] == [expected_colour(rate) for _, rate in table]
    widths = [float(r.get("width")) for r in rects]
    top_rate = max(rate for _, rate in table)
    for w, (name, rate) in zip(widths, table):
        assert w / max(widths) == pytest.approx(float(rate / top_rate), abs=0.005), name
    ys = [float(r.get("y")) for r in rects]
    assert ys == sorted(ys), "first indicator on top"
    texts = [t.text for t in root.iter(f"{SVG}text")]
    for row in ctx.score_rows:
        assert row.name in texts and row.rate in texts


def test_html_svg_escapes_labels_and_marks_not_applicable(ctx):
    bars = [ChartBar("<b>甲&乙</b>", 0.5, "50%"), ChartBar("丙", 0.0, "—", applicable=False)]
    page = render_text(replace(ctx, chart=bars), "html")
    svg = re.search(r"<svg\b.*?</svg>", page, flags=re.S).group(0)
    root = ET.fromstring(svg)  # well-formed: the label is text, not markup
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "<b>甲&乙</b>" in texts and "丙（不适用）" in texts
    assert len(root.findall(f"{SVG}rect")) == 1


def test_chart_src_is_the_same_picture_for_img_templates(ctx, tmp_path):
    tpl = tmp_path / "mine.html.j2"
    tpl.write_text('<img src="{{ chart_src }}">', encoding="utf-8")
    page = render_text(ctx, "html", tpl)
    src = re.fullmatch(r'<img src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)">', page).group(1)
    assert base64.b64decode(src).decode("utf-8") == re.search(r"<svg\b.*?</svg>", render_text(ctx, "html"),
                                                               flags=re.S).group(0)
