"""Edges of the report's chart (xlperf/report/chart.py) and sentences (xlperf/report/sentences.py) that
`make mutate` found untested (issue 19).

The HTML chart is an SVG drawn to a stated design: 15 px text, one 36 px row per indicator holding a 22 px bar,
440 px for 100 % on a value axis running to 115 %, 46 px above the first row for the title, 34 px below the last row
for the tick labels, 16 px + the widest label to the left of the axis (a CJK or full-width character is one em wide,
from U+2E80, the first CJK radical; any other 0.6 em).  Every coordinate expected below is worked out by hand from
that design, next to its assertion.  The Word chart is DrawingML (ECMA-376 Part 1 §21.2): the values expected there
are what the standard's elements mean for the chart the report shows (horizontal bars, first indicator on top,
rates on a 0–115 % axis with 20 % steps, labels at the bar ends).

Survivors judged equivalent in session 5 (chart_svg 33, 53: the font names' case, the tick range's end;
_satisfaction_read 7–9, 30–32: checks that Sentence.read made redundant) are gone from the code since session 7
(s7b): the fonts and ticks are module constants and the reader no longer checks what Sentence.read already keeps —
see tests/test_report_chart_mutants.py and tests/test_sentences_mutants.py; the test below still reads both cases.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal as D

import pytest

from xlperf.report.chart import chart_space_xml, chart_svg
from xlperf.report.context import ChartBar

SVG = "{http://www.w3.org/2000/svg}"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
RED, BLUE = "C0392B", "1F618D"


def _svg(bars):
    root = ET.fromstring(chart_svg(bars))
    # nothing but elements: no stray text between them (it would print in the page)
    assert not (root.text or "").strip() and all(not (el.tail or "").strip() for el in root)
    return root


def _axis_x(root) -> float:
    """x of the value axis: the one dark line (the grid lines are light)."""
    (axis,) = [ln for ln in root.findall(f"{SVG}line") if ln.get("stroke") == "#333333"]
    assert axis.get("x1") == axis.get("x2")
    return float(axis.get("x1"))


def test_svg_geometry_follows_the_design_worked_by_hand():
    bars = [ChartBar("预算执行", 0.5, "50%"), ChartBar("乙", 0.0, "—", applicable=False),
            ChartBar("ab", 1.2, "120%")]
    root = _svg(bars)
    # widest label: "乙（不适用）", 6 full-width characters × 15 = 90 → axis at 16 + 90 = 106
    left = 106.0
    # width 106 + 440 × 1.15 + 8 = 620; height 46 + 3 rows × 36 + 34 = 188
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("620", "188", "0 0 620 188")
    assert "sans-serif" in root.get("font-family") and root.get("font-size") == "15"
    title = root.find(f"{SVG}text")
    assert (title.text, title.get("x"), title.get("y"), title.get("font-size")) == ("各一级指标得分率", "310.0", "24",
                                                                                    "17")  # centred: 620 / 2
    assert _axis_x(root) == left
    axis = [ln for ln in root.findall(f"{SVG}line") if ln.get("stroke") == "#333333"][0]
    assert (axis.get("y1"), axis.get("y2")) == ("42", "154")  # 4 px above the first row (46) to below the last (154)
    # grid lines and tick labels at 0, 20 … 100 %: 440 px per 100 % → 88 px a step from 106
    grid = [ln for ln in root.findall(f"{SVG}line") if ln.get("stroke") == "#D9D9D9"]
    xs = ["106.0", "194.0", "282.0", "370.0", "458.0", "546.0"]
    assert [(g.get("x1"), g.get("x2"), g.get("y1"), g.get("y2")) for g in grid] == [(x, x, "42", "154") for x in xs]
    ticks = [t for t in root.findall(f"{SVG}text") if (t.text or "").endswith("%") and t.get("y") == "172"]
    assert [(t.text, t.get("x"), t.get("font-size")) for t in ticks] == [
        (f"{p}%", x, "13") for p, x in zip(range(0, 101, 20), xs)]  # 18 px under the last row (154), 2 px smaller
    # rows at 46, 82, 118 (36 each): labels right-aligned 8 px left of the axis, on the row's middle
    labels = [t for t in root.findall(f"{SVG}text") if t.get("text-anchor") == "end"]
    assert [(t.text, t.get("x"), t.get("y")) for t in labels] == [
        ("预算执行", "98.0", "64.0"), ("乙（不适用）", "98.0", "100.0"), ("ab", "98.0", "136.0")]
    # a bar for each applicable row (the 不适用 one in the middle does not stop the rows after it):
    # 22 px high, centred on the row (middle − 11), 440 × rate wide, the rate capped at 100 %
    rects = root.findall(f"{SVG}rect")
    assert [(r.get("x"), r.get("y"), r.get("width"), r.get("height"), r.get("fill")) for r in rects] == [
        ("106.0", "53.0", "220.0", "22", f"#{RED}"), ("106.0", "125.0", "440.0", "22", f"#{BLUE}")]
    # each rate 6 px right of its bar's end, on the row's middle, 1 px smaller than the labels
    values = [t for t in root.findall(f"{SVG}text") if t.text in ("50%", "120%")]
    assert [(t.text, t.get("x"), t.get("y"), t.get("font-size")) for t in values] == [
        ("50%", "332.0", "64.0", "14"), ("120%", "552.0", "136.0", "14")]
    # everything drawn lies inside the picture
    for el in root.iter():
        for attr, limit in (("x", 620), ("x1", 620), ("x2", 620), ("y", 188), ("y1", 188), ("y2", 188)):
            if el.get(attr) is not None:
                assert 0 <= float(el.get(attr)) <= limit, (el.tag, attr, el.get(attr))


@pytest.mark.parametrize("label, left", [
    ("abcde", 16 + 5 * 9),  # 0.6 em = 9 px each
    ("预算", 16 + 2 * 15),
    ("\u2e80\u2e81", 16 + 2 * 15),  # CJK radicals (U+2E80 is the first): one em each
    ("\u2e7f", 16 + 9),  # the character before them is not CJK
])
def test_the_label_column_is_as_wide_as_the_widest_label(label, left):
    assert _axis_x(_svg([ChartBar(label, 0.5, "50%")])) == left


def test_no_bars_no_svg():
    assert chart_svg([]) == ""


# ------------------------------------------------------------------ Word: what the DrawingML says


def _chart(bars=(ChartBar("甲", 0.95, "95%"), ChartBar("乙", 0.5, "50%"))):
    return ET.fromstring(chart_space_xml(list(bars), "rId7"))


def _val(root, path):
    el = root.find(path)
    assert el is not None, path
    return el.get("val")


def test_word_chart_is_horizontal_bars_first_indicator_on_top_on_a_0_to_115_percent_axis():
    root = _chart()
    bar = root.find(f"{C}chart/{C}plotArea/{C}barChart")
    assert (_val(bar, f"{C}barDir"), _val(bar, f"{C}grouping"), _val(bar, f"{C}varyColors")) == (
        "bar", "clustered", "0")  # horizontal, one series, colours set per point
    cat_id, val_id = [a.get("val") for a in bar.findall(f"{C}axId")]
    assert cat_id != val_id
    cat_ax, val_ax = root.find(f".//{C}catAx"), root.find(f".//{C}valAx")
    # the axes name each other: the category axis crosses the value axis and back
    assert (_val(cat_ax, f"{C}axId"), _val(cat_ax, f"{C}crossAx")) == (cat_id, val_id)
    assert (_val(val_ax, f"{C}axId"), _val(val_ax, f"{C}crossAx")) == (val_id, cat_id)
    # categories from the top (maxMin) on the left; the value axis at the bottom, where that reversed axis ends
    assert (_val(cat_ax, f"{C}scaling/{C}orientation"), _val(cat_ax, f"{C}axPos"), _val(cat_ax, f"{C}delete")) == (
        "maxMin", "l", "0")
    assert (_val(val_ax, f"{C}scaling/{C}orientation"), _val(val_ax, f"{C}axPos"), _val(val_ax, f"{C}crosses")) == (
        "minMax", "b", "max")
    assert (_val(val_ax, f"{C}scaling/{C}min"), _val(val_ax, f"{C}scaling/{C}max"), _val(val_ax, f"{C}majorUnit")) == (
        "0", "1.15", "0.2")
    assert val_ax.find(f"{C}numFmt").get("formatCode") == "0%" and _val(val_ax, f"{C}delete") == "0"
    assert val_ax.find(f"{C}majorGridlines") is not None
    # the rate printed at the outer end of each bar, nothing else
    labels = root.find(f".//{C}dLbls")
    assert _val(labels, f"{C}dLblPos") == "outEnd"
    shown = {tag: _val(labels, f"{C}{tag}") for tag in
             ("showLegendKey", "showVal", "showCatName", "showSerName", "showPercent", "showBubbleSize")}
    assert shown == {"showLegendKey": "0", "showVal": "1", "showCatName": "0", "showSerName": "0",
                     "showPercent": "0", "showBubbleSize": "0"}
    assert _val(root, f"{C}chart/{C}autoTitleDeleted") == "0" and _val(root, f"{C}chart/{C}plotVisOnly") == "1"
    assert _val(root, f"{C}chart/{C}title/{C}overlay") == "0"  # the title above the plot, not over it
    assert _val(root, f"{C}chart/{C}dispBlanksAs") == "gap"  # a 不适用 row: no bar, not a zero


def test_word_chart_series_names_its_cells_and_the_embedded_workbook():
    root = _chart()
    ser = root.find(f".//{C}ser")
    assert (_val(ser, f"{C}idx"), _val(ser, f"{C}order")) == ("0", "0")
    assert ser.find(f"{C}tx/{C}strRef/{C}f").text == "Sheet1!$B$1"
    assert [v.text for v in ser.iter(f"{C}v")][0] == "得分率"
    assert root.find(f"{C}externalData").get("{http://schemas.openxmlformats.org/officeDocument/2006/"
                                              "relationships}id") == "rId7"
    assert _val(root, f"{C}externalData/{C}autoUpdate") == "0"
    assert chart_space_xml([ChartBar("甲", 0.5, "50%")]).count(b"externalData") == 0  # no workbook, no link
    assert _val(root, f"{C}lang") == "zh-CN" and _val(root, f"{C}date1904") == "0"


def test_word_chart_text_sizes_in_hundredths_of_a_point():
    root = _chart()
    title_run = root.find(f"{C}chart/{C}title//{A}r/{A}rPr")
    assert title_run.get("sz") == "1200"  # 12 pt
    assert "".join(t.text for t in root.find(f"{C}chart/{C}title").iter(f"{A}t")) == "各一级指标得分率"
    sizes = {tag: root.find(f".//{C}{tag}/{C}txPr//{A}defRPr").get("sz") for tag in ("dLbls", "catAx", "valAx")}
    assert sizes == {"dLbls": "1000", "catAx": "1050", "valAx": "900"}  # rates 10 pt, names 10.5 pt (五号), axis 9 pt
    fonts = root.find(f".//{C}catAx/{C}txPr//{A}defRPr")
    assert fonts.find(f"{A}ea").get("typeface") == "微软雅黑"  # Chinese text in a Chinese font


# ------------------------------------------------------------------ sentences: what import reads back


def _satisfaction(text: str) -> dict:
    from xlperf.report.sentences import read_all

    return {k: v for k, v in read_all(text).items() if k.startswith("satisfaction.")}


def test_satisfaction_target_and_achieved_read_back_as_fractions():
    # written by SATISFACTION: 年度指标值 … 实际满意度 … 完成满意度…的目标 — every figure as stated ÷ 100
    assert _satisfaction("2021年服务对象满意度年度指标值≥90%，实际满意度95%，完成满意度90%的目标。") == {
        "satisfaction.target": D("0.9"), "satisfaction.achieved": D("0.95"), "satisfaction.target_text": "≥90%"}
    # “完成满意度90%的目标” with no 实际满意度: the target was met exactly, so achieved = target = 0.9
    assert _satisfaction("2021年服务对象满意度年度指标值≥90%，完成满意度90%的目标。") == {
        "satisfaction.target": D("0.9"), "satisfaction.achieved": D("0.9"), "satisfaction.target_text": "≥90%"}


def test_satisfaction_target_read_from_the_target_text_when_no_clause_states_it():
    # no “…的目标” clause: the target is the number before % (full-width ％ too) in 年度指标值: 92.5 ÷ 100
    assert _satisfaction("2021年服务对象满意度年度指标值≥92.5％，实际满意度95%。") == {
        "satisfaction.target": D("0.925"), "satisfaction.achieved": D("0.95"), "satisfaction.target_text": "≥92.5％"}
    # a target in words has no number: only the text comes back, the achieved figure as stated
    assert _satisfaction("2021年服务对象满意度年度指标值达到良好，实际满意度95%。") == {
        "satisfaction.achieved": D("0.95"), "satisfaction.target_text": "达到良好"}
    # only the target stated: no achieved figure is made up
    assert _satisfaction("2021年服务对象满意度年度指标值≥90%。") == {
        "satisfaction.target": D("0.9"), "satisfaction.target_text": "≥90%"}
    assert _satisfaction("2021年服务对象满意度年度指标值达到良好。") == {"satisfaction.target_text": "达到良好"}
    # a stated target wins over the text's number (the text may be worded “≥90%（按季度平均）”)
    assert _satisfaction("2021年服务对象满意度年度指标值≥90%，实际满意度80%，未完成满意度92%的目标。")[
        "satisfaction.target"] == D("0.92")


def test_render_writes_a_named_sentence_from_its_figures():
    from xlperf.domain.numbers import NumberFormat
    from xlperf.report.sentences import render

    f = NumberFormat(score_places=2, rate_places=0)
    values = {"budget.three_public_budget": D("12.5"), "budget.three_public_actual": D("10")}
    assert render("三公经费情况", values, f) == "“三公”经费年初预算12.50万元，实际支出10.00万元"
    assert render("三公经费情况", {}, f) is None  # a figure it needs is missing: it says nothing
