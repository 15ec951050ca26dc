"""不适用 rows in the report's 各项指标得分情况表 and in its 得分率 chart (Markdown, HTML with its SVG, Word with
its native chart): a level-1 row's 权重分值 is the 分值 actually used (less its 不适用 leaves), so that 得分 ÷ 权重分值
is the 得分率 printed beside it, and the bar is drawn at that 得分率.

Every figure is worked out by hand from the example (seed: 预算执行 10/3, 投入管理 20/18, 产出指标 40/40,
效益指标 30/30, 合计 100/91) in the comments, never read from the code under test.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal as D

import pytest

from report_helpers import docx_text
from xlperf.domain.evaluate import evaluate
from xlperf.app.load import load_example
from xlperf.domain.profiles import load_profile
from xlperf.report.context import build_context
from xlperf.report.render import render_text, write_report

C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
SVG = "{http://www.w3.org/2000/svg}"
SVG_PX_PER_100 = 440.0  # the SVG's scale: pixels per 100 %, i.e. the x of the “100%” grid line minus the axis


def _ctx(na_leaves=(), typed=None, na_level1=()):
    ev = load_example()
    for node in ev.walk():
        if node.name in na_leaves:
            node.not_applicable = True
        if node.name in (typed or {}):
            node.manual_score = D(typed[node.name])
        if node.name in na_level1:
            for leaf in node.leaves():
                leaf.not_applicable = True
    return build_context(evaluate(ev, load_profile(ev.profile or None)))[0]


#: case → (kwargs, table rows (指标, 权重分值, 得分, 得分率), 合计 row, 得分率 of each bar (None = no bar), 等级)
CASES = {
    # 基层党组织建设任务完成率 (5 of 产出指标's 40) 不适用: 产出 scores its other seven leaves in full, 35 of 35 → 100 %
    # (not 35 of 40 = 87.5 %); total 3 + 18 + 35 + 30 = 86, not rescaled (every level-1 indicator keeps an
    # applicable leaf): 86 of 100 = 86 % → 良
    "产出一项不适用": (
        dict(na_leaves=["基层党组织建设任务完成率"]),
        [("预算执行", "10", "3", "30%"), ("投入管理", "20", "18", "90%"), ("产出指标", "35", "35", "100%"),
         ("效益指标", "30", "30", "100%")],
        ("合计", "100", "86", "86%"),
        [D("0.3"), D("0.9"), D(1), D(1)], "良"),
    # 预算调整率 (2, would score 0) and 银行账户管理规范性 (1) 不适用, 资金使用合规性 typed 1.5 of 2:
    # 投入管理 4 + (1 + 1 + 1 + 1 + 1.5 + 1) + 6 = 16.5 of 20 − 3 = 17 → 16.5 ÷ 17 = 0.970588… → “97%” (not 16.5 ÷ 20
    # = 82.5 %); total 3 + 16.5 + 40 + 30 = 89.5 of 100 → 89.5 % → “90%” (0 places, half up) → 良 (89.5 < 90)
    "投入两项不适用": (
        dict(na_leaves=["预算调整率", "银行账户管理规范性"], typed={"资金使用合规性": "1.5"}),
        [("预算执行", "10", "3", "30%"), ("投入管理", "17", "16.5", "97%"), ("产出指标", "40", "40", "100%"),
         ("效益指标", "30", "30", "100%")],
        ("合计", "100", "89.5", "90%"),
        [D("0.3"), D("16.5") / D(17), D(1), D(1)], "良"),
    # the whole 效益指标 (30) 不适用: its row keeps its 分值 with no 得分/得分率 and no bar; the total is rescaled,
    # (3 + 18 + 40) × 100 ÷ 70 = 87.142857… → 87.14 → 良; 合计 87.14 of 100 → “87%”
    "效益指标不适用": (
        dict(na_level1=["效益指标"]),
        [("预算执行", "10", "3", "30%"), ("投入管理", "20", "18", "90%"), ("产出指标", "40", "40", "100%"),
         ("效益指标", "30", "—", "—")],
        ("合计", "100", "87.14", "87%"),
        [D("0.3"), D("0.9"), D(1), None], "良"),
}
IDS = list(CASES)


@pytest.fixture(scope="module", params=IDS)
def case(request):
    kwargs, rows, total, bars, grade = CASES[request.param]
    return _ctx(**kwargs), rows, total, bars, grade


def test_score_table_shows_the_points_actually_used(case):
    ctx, rows, total, _, grade = case
    assert [(r.name, r.weight, r.score, r.rate) for r in ctx.score_rows] == rows
    s = ctx.score_total
    assert (s.name, s.weight, s.score, s.rate) == total
    assert (ctx.total, ctx.grade) == (total[2], grade)


def test_markdown_table(case):
    ctx, rows, total, _, _ = case
    md = render_text(ctx, "md")
    for name, weight, score, rate in rows:
        assert f"| {name} | {weight} | {score} | {rate} |" in md, name
    assert f"| **合计** | **{total[1]}** | **{total[2]}** | **{total[3]}** |" in md


def test_html_table_and_svg_bars(case):
    ctx, rows, total, bars, _ = case
    page = render_text(ctx, "html")
    for name, weight, score, rate in rows:
        assert f"<tr><td>{name}</td><td>{weight}</td><td>{score}</td><td>{rate}</td></tr>" in page, name
    root = ET.fromstring(re.search(r"<svg\b.*?</svg>", page, flags=re.S).group(0))
    rects = root.findall(f"{SVG}rect")
    drawn = [(name, bar) for (name, *_), bar in zip(rows, bars) if bar is not None]
    assert [r.find(f"{SVG}title").text for r in rects] == [f"{name}：{rate}" for (name, *_, rate), bar
                                                          in zip(rows, bars) if bar is not None]
    for rect, (name, bar) in zip(rects, drawn, strict=True):
        # a bar as long as its 得分率 on the 0–100 % axis (one decimal of a pixel)
        assert float(rect.get("width")) == pytest.approx(float(bar) * SVG_PX_PER_100, abs=0.06), name
    labels = [t.text for t in root.iter(f"{SVG}text")]
    for (name, *_), bar in zip(rows, bars):
        assert (f"{name}（不适用）" in labels) == (bar is None), name


def _docx_chart(path) -> tuple[list[str], list[float | None]]:
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/charts/chart1.xml"))
    ser = root.find(f".//{C}barChart/{C}ser")
    cats = [pt.find(f"{C}v").text for pt in ser.find(f"{C}cat").iter(f"{C}pt")]
    cache = ser.find(f"{C}val/{C}numRef/{C}numCache")
    vals: list[float | None] = [None] * int(cache.find(f"{C}ptCount").get("val"))
    for pt in cache.iter(f"{C}pt"):
        vals[int(pt.get("idx"))] = float(pt.find(f"{C}v").text)
    return cats, vals


def test_word_table_and_native_chart(case, tmp_path):
    ctx, rows, total, bars, _ = case
    out = write_report(ctx, tmp_path / "r.docx", "docx")
    lines = docx_text(out).splitlines()
    start = lines.index("权重分值") - 1
    assert lines[start:start + 4] == ["指标", "权重分值", "得分", "得分率"]
    cells = lines[start + 4:start + 4 + 4 * (len(rows) + 1)]
    assert cells == [c for row in rows + [total] for c in row]
    cats, vals = _docx_chart(out)
    assert cats == [name + ("（不适用）" if bar is None else "") for (name, *_), bar in zip(rows, bars)]
    assert vals == [None if bar is None else pytest.approx(float(bar), abs=1e-9) for bar in bars]
