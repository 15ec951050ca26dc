"""xlperf.report.word with small Word documents made here (issue 19: `make mutate` judges the module by fast tests).

Expected values come from the page arithmetic of GB/T 9704 (a 2号 title is 22 pt = 279 400 EMU a character; an A4
type area of 156 mm = 5 616 000 EMU holds 20.1 of them), from the 公文 title rule of REPORTS.md §4 (a title that does
not fit breaks after the unit's name), and from the messages a clerk sees, written out beside each assertion.

Survivors argued equivalent (mutmut's names; run recorded in docs/mutation.md, s7a):

* _docx_where 5 — ``getattr(exc, "docx_context", None) or []``: a missing context is [] either way;
* NativeChart.__init__ 4 (the count starts at 1), _insert 3 (``-= 1``), 4 (``+= 2``), 6 (``- self._shapes``), 8
  (``+ 1001``): every shape id is still positive and different from the others the same render makes — all a
  ``<wp:docPr id>`` must be (test_a_chart_printed_twice_in_a_header_has_two_shapes_with_their_own_ids; in the body
  docxtpl numbers the shapes again from 1001 after rendering, so there no shape id the code computes is seen).

Made simpler instead of argued: no ``autoescape=True`` for docxtpl (the docx environment escapes already, and
docxtpl only ever turns escaping on), one ``if m`` for the undefined name, the document's times as UTC without a
replace (python-docx writes them to the second, as …Z), the chart's parts without a link back to the package, and
the chart's workbook id rId1 checked by a test (the chart XML's r:id, the relationship file) instead of an assertion.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm, Pt

from xlperf.errors import ReportError
from xlperf.report import word as W
from xlperf.report.context import ReportContext
from xlperf.report.env import make_env
from xlperf.report.parts import ChartBar, Headings, Part, ScoreRow

UNIT = "中共郑州市金水区委组织部"
TITLE = UNIT + "2021年度部门整体绩效自评报告"  # 12 + 4 × 0.6 + 12 = 26.4 full-width characters: two lines
SHORT_UNIT = "区财政局"
SHORT_TITLE = SHORT_UNIT + "2021年度部门整体绩效自评报告"  # 4 + 2.4 + 12 = 18.4: one line


def _ctx(unit=UNIT, title=TITLE, chart=(), **over) -> ReportContext:
    fields = dict(unit=unit, year=2021, kind="部门整体", title=title, headings=Headings({"s1": "一、基本情况"}),
                  body=[Part("text", "甲。")], duty_goals_text="", main_tasks_text="", overall_goal_text="",
                  indicator_setting="", process=[], total="91", grade="优", conclusion="",
                  score_rows=[ScoreRow("投入管理", "20", "18", "90%")], score_total=ScoreRow("合计", "100", "91", "91%"),
                  chart=list(chart), funds=[], funds_compliance=[], analysis=[], section5=[], shortfall_intro="",
                  shortfalls=[], problems_section="六", problems=[], measures=[], application=[], experience=[],
                  suggestions=[], other=[])
    fields.update(over)
    return ReportContext(**fields)


BARS = [ChartBar("投入管理", 0.9, "90%"), ChartBar("产出指标", 1.0, "100%")]


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XLPERF_CACHE", str(tmp_path / "cache"))


def _a4(doc):
    """A4 with the GB/T 9704 margins: 210 − 28 − 26 = 156 mm of line."""
    sec = doc.sections[0]
    sec.page_width, sec.left_margin, sec.right_margin = Mm(210), Mm(28), Mm(26)
    return doc


def _title_doc(*runs, size=22, before=("前言",)):
    doc = _a4(Document())
    for text in before:
        doc.add_paragraph(text)
    style = doc.styles.add_style("测试标题", 1)
    style.font.size = Pt(size)
    para = doc.add_paragraph(style=style)
    for r in runs:
        para.add_run(r)
    return doc, para


def _template(tmp_path, *paragraphs, table=()) -> Path:
    doc = Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    if table:
        t = doc.add_table(rows=1, cols=len(table))
        for cell, text in zip(t.rows[0].cells, table):
            cell.text = text
    path = tmp_path / "mine.docx"
    doc.save(str(path))
    return path


# ------------------------------------------------------------------ widths and the title's line break

def test_text_units_count_latin_as_more_than_half_a_character():
    assert W._text_units("中文") == 2.0
    assert W._text_units("ab12") == pytest.approx(2.4)
    assert W._text_units("区2021") == pytest.approx(3.4)
    # U+2E80 (the first CJK radical) is full width, U+2E7F not
    assert W._text_units("\u2e80") == 1.0 and W._text_units("\u2e7f") == pytest.approx(0.6)


def test_line_capacity_of_the_type_area_in_characters_of_the_paragraphs_size():
    doc, para = _title_doc(size=22)
    # 5 616 000 / 279 400 = 20.10 (Word stores the page in twips: within a thousandth)
    assert W._line_capacity(doc, para) == pytest.approx(20.10, rel=1e-3)
    sec = doc.sections[0]  # exactly: the page as Word stored it, less the margins, over 22 × 12 700 EMU
    assert W._line_capacity(doc, para) == (sec.page_width - sec.left_margin - sec.right_margin) / 279400
    para.paragraph_format.left_indent = Mm(10)
    para.paragraph_format.right_indent = Mm(6)
    assert W._line_capacity(doc, para) == pytest.approx(Mm(140) / Pt(22), rel=1e-3)  # 18.04


def test_line_capacity_takes_the_size_from_the_base_style_else_2hao():
    doc = _a4(Document())
    base = doc.styles.add_style("基础", 1)
    base.font.size = Pt(16)  # 3号
    child = doc.styles.add_style("派生", 1)
    child.base_style = base
    child.font.size = None
    assert W._line_capacity(doc, doc.add_paragraph(style=child)) == pytest.approx(Mm(156) / Pt(16), rel=1e-3)
    plain = doc.styles.add_style("无字号", 1)
    plain.base_style = None
    plain.font.size = None
    para = doc.add_paragraph(style=plain)
    sec = doc.sections[0]
    assert W._line_capacity(doc, para) == (sec.page_width - sec.left_margin - sec.right_margin) / 279400


def _runs(para):
    return [r.text for r in para.runs]


def test_a_title_too_long_for_one_line_breaks_after_the_unit():
    doc, para = _title_doc(TITLE)
    W._break_title(doc, _ctx())
    assert _runs(para) == [UNIT + "\n2021年度部门整体绩效自评报告"]


def test_the_break_goes_into_the_run_that_holds_the_end_of_the_unit():
    doc, para = _title_doc("中共郑州市", "金水区委组织部2021年度", "部门整体绩效自评报告")
    W._break_title(doc, _ctx())
    assert _runs(para) == ["中共郑州市", "金水区委组织部\n2021年度", "部门整体绩效自评报告"]
    doc, para = _title_doc(UNIT, "2021年度部门整体绩效自评报告")  # the unit is a run of its own
    W._break_title(doc, _ctx())
    assert _runs(para) == [UNIT + "\n", "2021年度部门整体绩效自评报告"]


def test_a_title_that_fits_is_left_alone():
    doc, para = _title_doc(SHORT_TITLE)
    W._break_title(doc, _ctx(SHORT_UNIT, SHORT_TITLE))
    assert _runs(para) == [SHORT_TITLE]
    # the same title in a smaller size fits; in a larger one it does not
    doc, para = _title_doc(TITLE, size=16)  # 5 616 000 / 203 200 = 27.6 ≥ 26.4
    W._break_title(doc, _ctx())
    assert _runs(para) == [TITLE]


def test_a_title_exactly_one_line_long_fits():
    # a line of exactly 20 characters of 22 pt (20 × 279 400 = 5 588 000 EMU = 8800 twips) and a title of 20
    title = UNIT + "年度绩效自评报告"  # 12 + 8
    doc, para = _title_doc(title)
    sec = doc.sections[0]
    sec.page_width, sec.left_margin, sec.right_margin = 5588000, 0, 0
    W._break_title(doc, _ctx(title=title))
    assert _runs(para) == [title]
    sec.page_width = 5588000 - 635  # one twip less: it breaks
    W._break_title(doc, _ctx(title=title))
    assert _runs(para) == [UNIT + "\n年度绩效自评报告"]


def test_no_break_without_a_unit_that_starts_the_title():
    for ctx in (_ctx(unit=" "), _ctx(unit="别的单位"), _ctx(unit=TITLE)):
        doc, para = _title_doc(TITLE)
        W._break_title(doc, ctx)
        assert _runs(para) == [TITLE]
    doc, para = _title_doc(TITLE)
    W._break_title(doc, _ctx(unit=" " + UNIT + " "))  # the unit as typed, spaces around it
    assert _runs(para) == [UNIT + "\n2021年度部门整体绩效自评报告"]


def test_only_the_first_paragraph_that_is_the_title_breaks():
    doc, para = _title_doc(TITLE, before=("前言", TITLE + "（附）"))
    second = doc.add_paragraph(TITLE)
    W._break_title(doc, _ctx())
    assert _runs(para) == [UNIT + "\n2021年度部门整体绩效自评报告"] and _runs(second) == [TITLE]
    assert doc.paragraphs[1].text == TITLE + "（附）"


def test_a_title_paragraph_that_fits_ends_the_search():
    # the first title paragraph is in a small size (fits): a later one in 2号 is not broken either
    doc, small = _title_doc(TITLE, size=16)
    big = doc.add_paragraph(TITLE, style=doc.styles.add_style("大标题", 1))
    doc.styles["大标题"].font.size = Pt(22)
    W._break_title(doc, _ctx())
    assert _runs(small) == [TITLE] and _runs(big) == [TITLE]


# ------------------------------------------------------------------ document properties

def test_the_documents_own_properties():
    doc = Document()
    cp = doc.core_properties
    cp.comments, cp.keywords, cp.category, cp.revision = "模板说明", "模板", "样例", 7
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    W._set_properties(doc, _ctx())
    after = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    assert (cp.title, cp.author, cp.last_modified_by, cp.subject) == (TITLE, UNIT, UNIT, "2021年度绩效自评")
    assert (cp.comments, cp.keywords, cp.category, cp.revision) == ("", "", "", 1)
    created = cp.created.replace(tzinfo=None)  # written as UTC (…Z)
    assert before <= created <= after and cp.modified == cp.created and created.microsecond == 0


def test_the_times_are_utc_on_a_machine_in_beijing(monkeypatch):
    import time

    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    try:
        doc = Document()
        W._set_properties(doc, _ctx())
        now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
        assert abs(doc.core_properties.created.replace(tzinfo=None) - now) < dt.timedelta(minutes=5)
    finally:
        monkeypatch.undo()
        time.tzset()


# ------------------------------------------------------------------ where a template fails

def test_docx_where_quotes_the_text_around_a_docxtpl_error():
    exc = ValueError("x")
    exc.docx_context = ["  甲 ", "", "乙"]
    assert W._docx_where(exc) == "（“甲…乙”附近）"
    exc.docx_context = ["字" * 70]
    assert W._docx_where(exc) == "（“" + "字" * 60 + "”附近）"
    exc.docx_context = [" ", ""]
    assert W._docx_where(exc) == ""
    exc.docx_context = None
    assert W._docx_where(exc) == "" and W._docx_where(ValueError("y")) == ""


def test_docx_paragraph_of_a_variable(tmp_path):
    path = _template(tmp_path, "标题", "{{ total }}分", "{{ tot }}分", "{% if tot %}x{% endif %}")
    assert W._docx_paragraph_of(path, "tot") == "第3段"  # not 第2段: “total” is another name
    assert W._docx_paragraph_of(path, "total") == "第2段"
    assert W._docx_paragraph_of(path, "none") == ""
    path = _template(tmp_path, "{{ a }}", "{% for x in tot %}{% endfor %}")
    assert W._docx_paragraph_of(path, "tot") == "第2段"
    assert W._docx_paragraph_of(path, "a.b") == ""  # a dot is a dot, not any character
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    assert W._docx_paragraph_of(broken, "tot") == ""


def test_docx_paragraph_failing_finds_the_paragraph_that_fails_alone(tmp_path):
    env = make_env("docx")
    path = _template(tmp_path, "标题", "{{ a }}", "{{ 1 / 0 }}", "{{ 2 / 0 }}")
    assert W._docx_paragraph_failing(path, env, {"a": 1}, ZeroDivisionError()) == "第3段"
    # an error of another kind in a paragraph before it is passed over
    path = _template(tmp_path, "{{ 'x' + 1 }}", "{{ 1 / 0 }}")
    assert W._docx_paragraph_failing(path, env, {}, ZeroDivisionError()) == "第2段"
    assert W._docx_paragraph_failing(path, env, {}, KeyError()) == ""


def test_docx_paragraph_failing_in_a_table_quotes_the_cell(tmp_path):
    env = make_env("docx")
    cell = "  得分：{{ 1 / 0 }}" + "字" * 40
    path = _template(tmp_path, "标题", table=("表头", cell))
    assert W._docx_paragraph_failing(path, env, {}, ZeroDivisionError()) == f"表格中“{cell.strip()[:30]}”处"
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    assert W._docx_paragraph_failing(broken, env, {}, ZeroDivisionError()) == ""


# ------------------------------------------------------------------ render_docx

def test_render_docx_prints_the_context_and_sets_the_properties(tmp_path):
    path = _template(tmp_path, "《{{ title }}》", "总分{{ total }}分，等级{{ grade }}")
    out = tmp_path / "r.docx"
    W.render_docx(_ctx(), out, path)
    doc = Document(str(out))
    assert [p.text for p in doc.paragraphs] == [f"《{TITLE}》", "总分91分，等级优"]
    assert doc.core_properties.title == TITLE and doc.core_properties.author == UNIT


def test_render_docx_escapes_the_xml(tmp_path):
    out = tmp_path / "r.docx"
    W.render_docx(_ctx(grade="A&B<优>"), out, _template(tmp_path, "{{ grade }}"))
    assert Document(str(out)).paragraphs[0].text == "A&B<优>"


def test_a_users_template_is_checked_before_it_is_opened_the_shipped_one_is_not(tmp_path, monkeypatch):
    checked = []
    monkeypatch.setattr(W, "check_template", lambda p: checked.append(Path(p).name))
    W.render_docx(_ctx(), tmp_path / "a.docx", _template(tmp_path, "{{ title }}"))
    W.render_docx(_ctx(), tmp_path / "b.docx", None, chart=False)
    assert checked == ["mine.docx"]


def test_a_template_that_is_not_a_word_file(tmp_path):
    bad = tmp_path / "bad.docx"
    with zipfile.ZipFile(bad, "w") as z:
        z.writestr("hello.txt", "不是Word")
    with pytest.raises(ReportError) as err:
        W.render_docx(_ctx(), tmp_path / "r.docx", bad)
    assert str(err.value) == "报告模板bad.docx无法打开（不是有效的Word文件？）"
    assert not (tmp_path / "r.docx").exists()


def test_an_unknown_variable_names_its_paragraph(tmp_path):
    path = _template(tmp_path, "{{ title }}", "得分：{{ totl }}")
    with pytest.raises(ReportError) as err:
        W.render_docx(_ctx(), tmp_path / "r.docx", path)
    assert str(err.value) == "报告模板mine.docx第2段使用了未知的变量“totl”"
    path = _template(tmp_path, "{{ score_total.points }}")
    with pytest.raises(ReportError) as err:
        W.render_docx(_ctx(), tmp_path / "r.docx", path)
    assert str(err.value) == "报告模板mine.docx第1段使用了未知的变量“points”"


def test_another_error_names_its_place(tmp_path):
    path = _template(tmp_path, "{{ title }}", "甲", "{{ 1 / 0 }}")
    with pytest.raises(ReportError) as err:
        W.render_docx(_ctx(), tmp_path / "r.docx", path)
    assert str(err.value) == "报告模板mine.docx第3段有误：division by zero"
    path = _template(tmp_path, "{{ title }}", "{% for i in range(10**9) %}{% endfor %}")
    with pytest.raises(ReportError) as err:
        W.render_docx(_ctx(), tmp_path / "r.docx", path)
    assert str(err.value).startswith("报告模板mine.docx第2段使用的范围或数值过大，已拒绝")


def test_a_templates_includes_come_from_its_own_folder(tmp_path):
    (tmp_path / "part.j2").write_text("附件：{{ grade }}", encoding="utf-8")
    out = tmp_path / "r.docx"
    W.render_docx(_ctx(), out, _template(tmp_path, "{% include 'part.j2' %}"))
    assert Document(str(out)).paragraphs[0].text == "附件：优"


def test_errors_docxtpl_places_and_errors_without_a_name(tmp_path):
    path = _template(tmp_path, "{{ title }}", "{% if %}")
    with pytest.raises(ReportError) as err:
        W.render_docx(_ctx(), tmp_path / "r.docx", path)
    assert str(err.value).startswith("报告模板mine.docx（“{{ title }}…{% if %}”附近）有语法错误：")
    path = _template(tmp_path, "{{ score_rows[5] }}")
    with pytest.raises(ReportError) as err:
        W.render_docx(_ctx(), tmp_path / "r.docx", path)
    assert str(err.value) == "报告模板mine.docx使用了未知的变量“list object has no element 5”"


def test_the_failing_paragraph_is_found_with_the_chart_in_it(tmp_path):
    path = _template(tmp_path, "{{ title }}", "{{ chart_image }}{{ 1 / 0 }}")
    with pytest.raises(ReportError) as err:
        W.render_docx(_ctx(chart=BARS), tmp_path / "r.docx", path)
    assert str(err.value) == "报告模板mine.docx第2段有误：division by zero"


def test_the_title_is_broken_in_a_rendered_report(tmp_path):
    out = tmp_path / "r.docx"
    W.render_docx(_ctx(), out, None, chart=False)
    title = next(p for p in Document(str(out)).paragraphs if p.text.startswith(UNIT))
    assert title.text == UNIT + "\n2021年度部门整体绩效自评报告"


# ------------------------------------------------------------------ the native chart

def _charts(path):
    with zipfile.ZipFile(path) as z:
        names = z.namelist()
        return sorted(n for n in names if n.startswith("word/charts/chart")), \
            sorted(n for n in names if n.startswith("word/embeddings/")), z.read("word/document.xml").decode()


def test_the_chart_is_a_native_word_chart_where_the_template_prints_it(tmp_path):
    out = tmp_path / "r.docx"
    W.render_docx(_ctx(chart=BARS), out, _template(tmp_path, "{{ chart_image }}"))
    charts, books, xml = _charts(out)
    assert charts == ["word/charts/chart1.xml"] and books == ["word/embeddings/Microsoft_Excel_Worksheet1.xlsx"]
    assert xml.count("<w:drawing>") == 1
    # 140 mm wide (36 000 EMU a mm); 2 bars: max(55, 28 + 2 × 11) = 55 mm high
    assert f'cx="{140 * 36000}" cy="{55 * 36000}"' in xml
    with zipfile.ZipFile(out) as z:
        rels = z.read("word/charts/_rels/chart1.xml.rels").decode()
        chart = z.read("word/charts/chart1.xml").decode()
        doc_rels = z.read("word/_rels/document.xml.rels").decode()
        book = z.read("word/embeddings/Microsoft_Excel_Worksheet1.xlsx")
    assert 'Id="rId1"' in rels and "Microsoft_Excel_Worksheet1.xlsx" in rels
    assert 'r:id="rId1"' in chart and "投入管理" in chart and "产出指标" in chart  # its data names its workbook
    import io
    import re

    assert zipfile.ZipFile(io.BytesIO(book)).namelist()  # an xlsx: a zip
    rid = re.search(r'<c:chart [^>]*r:id="(rId\d+)"', xml).group(1)
    assert re.search(rf'Id="{rid}"[^>]*Target="charts/chart1.xml"|Target="charts/chart1.xml"[^>]*Id="{rid}"', doc_rels)


def test_a_chart_printed_twice_has_two_shapes_with_their_own_ids(tmp_path):
    out = tmp_path / "r.docx"
    W.render_docx(_ctx(chart=BARS), out, _template(tmp_path, "{{ chart_image }}", "{{ chart_image }}"))
    charts, books, xml = _charts(out)
    assert len(charts) == 2 and len(books) == 2
    import re

    ids = re.findall(r'<wp:docPr id="(\d+)"', xml)
    assert len(ids) == 2 and len(set(ids)) == 2 and all(int(i) > 1000 for i in ids)


def test_no_chart_when_turned_off_or_without_bars(tmp_path):
    path = _template(tmp_path, "[{{ chart_image }}]{% if chart_image %}有图{% endif %}")
    for ctx, chart in ((_ctx(chart=BARS), False), (_ctx(), True)):
        out = tmp_path / "r.docx"
        W.render_docx(ctx, out, path, chart=chart)
        charts, _, _ = _charts(out)
        assert charts == [] and Document(str(out)).paragraphs[0].text == "[]"


def test_a_template_may_ask_whether_there_is_a_chart(tmp_path):
    out = tmp_path / "r.docx"
    W.render_docx(_ctx(chart=BARS), out, _template(tmp_path, "{% if chart_image %}有图{% endif %}"))
    assert Document(str(out)).paragraphs[0].text == "有图"


def test_a_chart_printed_twice_in_a_header_has_two_shapes_with_their_own_ids(tmp_path):
    import re

    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "{{ chart_image }}"
    doc.sections[0].header.add_paragraph("{{ chart_image }}")
    path = tmp_path / "mine.docx"
    doc.save(str(path))
    out = tmp_path / "r.docx"
    W.render_docx(_ctx(chart=BARS), out, path)
    with zipfile.ZipFile(out) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
    ids = [int(i) for i in re.findall(r'<wp:docPr id="(-?\d+)"', xml)]
    assert len(ids) == 2 and len(set(ids)) == 2 and min(ids) > 0


def test_native_chart_is_false_without_bars_and_keeps_its_width():
    chart = W.NativeChart(None, [], 140)
    assert not chart and chart.bars == [] and chart.width_mm == 140
    assert W.NativeChart(None, iter(BARS), 120).bars == BARS
    assert W.CHART_WIDTH_MM == 140
