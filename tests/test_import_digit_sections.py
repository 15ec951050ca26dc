"""Issue 23, 5: sub-sections a department numbers 1. 2. (or 1、 2、) under a level-1 heading — read as sub-sections in
either order, also after the indicator analysis, while an indicator's name under the analysis stays its block; their
章节 labels as a clerk reads them (“四、1.绩效指标完成情况”, not “四1.…”), read back by ``check``; and the ribbon's
导入上年报告 renaming the open form's 本单位小标题 rows when it switches the form to the report's outline.

The report texts are written for these tests (invented units, own words) in the shapes published reports have: a
county library numbering the sub-sections of its 四、 as 1. 2. with the indicators first (the shape the issue lists under
5: “1./1、 sub-headings under 一、”, here under 四、).  Every expected label and heading is read off the text and the 部门整体
outline (xlperf/domain/outlines/dept-overall.toml: 四（一）资金 synonyms 资金/预算, 四（二）指标) by hand; the indicator names
(预算执行, 产出指标) are the dept-henan-2021 rules'.
"""

from __future__ import annotations

import openpyxl

import xlperf.excel as X
from test_import_own_outline import chapters, checked_reports, embedded, imported, line_with
from test_import_ribbon import complete, open_blank
from xlperf.cli import main
from xlperf.domain.outlines import analysis_prefix, load_outline
from xlperf.workbook.read import read_workbook

HEAD = ("江口县图书馆2021年度部门整体支出绩效自评报告\n一、基本情况\n（一）部门职能\n负责全县图书借阅和阅读推广。\n"
        "二、绩效自评工作开展情况\n成立自评小组，逐项打分。\n四、绩效目标实现情况分析\n")
TAIL = "五、发现的主要问题和改进措施\n部分分馆开放时间不足。\n"

#: 指标 as 1., 资金 as 2. after the analysis's paragraphs: the outline has 资金 first
AFTER = HEAD + ("1.绩效指标完成情况\n产出指标：全年接待读者5万人次。\n效益指标：群众阅读氛围明显提升。\n"
                "2.资金使用情况\n资金按进度拨付，无挤占挪用。\n") + TAIL
#: the same two the outline's way round, numbered 1、 2、
BEFORE = HEAD + ("1、资金使用情况\n资金按进度拨付，无挤占挪用。\n"
                 "2、绩效指标完成情况\n产出指标：全年接待读者5万人次。\n") + TAIL
#: under the analysis numbered 1., indicator blocks numbered 1. 2. 3.: “2.预算执行情况” follows 1. as a sub-section would,
#: and its 预算 is a word of the funds sub-section — but 预算执行 is an indicator of the rules: a block of the analysis;
#: “3.资金管理情况” names no indicator of the rules but is no next sub-section either (3. does not follow 1.)
BLOCKS = HEAD + ("1.绩效指标完成情况\n1.产出指标\n全年接待读者5万人次。\n2.预算执行情况\n各项支出按计划执行，进度均衡。\n"
                 "3.资金管理情况\n专项资金专款专用。\n") + TAIL


def test_a_digit_numbered_funds_section_after_the_analysis_is_a_sub_section(tmp_path, capsys):
    form = imported(tmp_path, AFTER)
    own = embedded(form)
    assert [s.title for s in own.children("s4")] == ["1.绩效指标完成情况", "2.资金使用情况"]
    got = chapters(form)
    assert got["全年接待读者5万人次。"] == got["群众阅读氛围明显提升。"] == "四、1.绩效指标完成情况"
    assert got["资金按进度拨付，无挤占挪用。"] == "四、2.资金使用情况"  # not an indicator block named 资金使用
    rows = [(r[0].value, r[1].value) for r in openpyxl.load_workbook(form)["文字材料"].iter_rows(min_row=4)]
    assert ("四、1.绩效指标完成情况", "资金使用") not in rows
    md, word = checked_reports(tmp_path, form, capsys)
    for lines in (md, word):
        first, second, five = (lines.index("1.绩效指标完成情况"), lines.index("2.资金使用情况"),
                               lines.index("五、发现的主要问题和改进措施"))
        assert first < line_with(lines, "全年接待读者5万人次") < second  # read back as the analysis (章节 四、1.)
        assert second < line_with(lines, "无挤占挪用") < five


def test_digit_numbered_sub_sections_in_the_outlines_order(tmp_path, capsys):
    form = imported(tmp_path, BEFORE)
    own = embedded(form)
    assert [s.title for s in own.children("s4")] == ["1、资金使用情况", "2、绩效指标完成情况"]
    got = chapters(form)
    assert got["资金按进度拨付，无挤占挪用。"] == "四、1、资金使用情况"
    assert got["全年接待读者5万人次。"] == "四、2、绩效指标完成情况"
    md, word = checked_reports(tmp_path, form, capsys)
    for lines in (md, word):
        first, second = lines.index("1、资金使用情况"), lines.index("2、绩效指标完成情况")
        assert first < line_with(lines, "无挤占挪用") < second < line_with(lines, "全年接待读者5万人次")


def test_an_indicator_named_under_the_analysis_stays_its_block(tmp_path, capsys):
    form = imported(tmp_path, BLOCKS)
    own = embedded(form)
    # the funds sub-section is the outline's, numbered on after the department's 1.
    assert [s.title for s in own.children("s4")] == ["1.绩效指标完成情况", "2.部门资金情况分析"]
    rows = {r[2].value: (r[0].value, r[1].value) for r in openpyxl.load_workbook(form)["文字材料"].iter_rows(min_row=4)
            if r[2].value}
    assert rows["全年接待读者5万人次。"] == ("四、1.绩效指标完成情况", "产出指标")
    assert rows["各项支出按计划执行，进度均衡。"] == ("四、1.绩效指标完成情况", "预算执行")  # the indicator's analysis
    # an indicator the rules do not have: its text kept among the unplaced (as for any such block), not as funds text
    assert rows["专项资金专款专用。"] == ("未归类", "未归类")


def test_the_analysis_label_and_its_prefix_agree_for_digit_numbers():
    """The reader takes a row for the analysis by its label or by the label's numbering (a clerk may reword the rest):
    both from the same rule, so “四、1.” starts “四、1.绩效指标完成情况”."""
    from xlperf.importer.own_outline import department_outline
    from xlperf.importer.parse import parse_report

    outline = load_outline("部门整体")
    own, _ = department_outline(outline, parse_report(AFTER.splitlines(), outline).outline)
    assert own.form_label(own.analysis_section()) == "四、1.绩效指标完成情况"
    assert analysis_prefix(own) == "四、1."
    assert analysis_prefix(outline) == "四（二）"  # the shipped outline's as before


# --------------------------------------------------------------------------- the ribbon: 本单位小标题 rows renamed

#: 一、二、四、五、 (no 三、): the outline's 四、 (绩效目标实现情况分析) is not written and prints as 七、 after the switch
GAP = ("江口县统计局2021年度部门整体支出绩效自评报告\n一、基本情况\n我局负责全县统计调查。\n"
       "二、绩效自评工作开展情况\n成立自评小组，逐项打分。\n"
       "四、存在的问题及改进措施\n（一）存在的主要问题\n（1）调查经费保障不足。\n"
       "五、绩效自评结果拟应用和公开情况\n自评结果在部门决算中公开。\n")
OWN_WORDS = "年度绩效目标完成情况"


def test_ribbon_switch_renames_the_open_forms_own_heading_rows(tmp_path, monkeypatch):
    """The open form has a 本单位小标题 row (the department's words for “四、绩效目标实现情况分析”, e.g. from an earlier
    import); the report's outline prints that section as 七、: the row names it so, and ``check`` still reads it."""
    def own_heading(wb):
        ws = wb["文字材料"]
        r = ws.max_row + 1
        ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value = "本单位小标题", "四、绩效目标实现情况分析", OWN_WORDS

    src = tmp_path / "上年.txt"
    src.write_text(GAP, encoding="utf-8")
    book = open_blank(tmp_path, monkeypatch, own_heading)
    book.app.api.open_answer = str(src)
    X.import_last_year()
    ribbon = tmp_path / "ribbon.xlsx"
    book.wb.save(ribbon)
    cli = tmp_path / "cli.xlsx"
    assert main(["import", str(src), "-o", str(cli)]) == 0
    a, b = openpyxl.load_workbook(ribbon), openpyxl.load_workbook(cli)
    rows = lambda wb: sorted((r[0].value, r[1].value, r[2].value) for r in wb["文字材料"].iter_rows(min_row=4)  # noqa: E731
                             if r[2].value)
    # the CLI's new form has every row the ribbon's has, and the ribbon's one more: the clerk's heading, by its new number
    assert rows(a) == sorted(rows(b) + [("本单位小标题", "七、绩效目标实现情况分析", OWN_WORDS)])
    _, problems = read_workbook(ribbon)
    assert not [p for p in problems if "不是报告的标题" in p.message]
    ribbon_ev, cli_ev = complete(ribbon), complete(cli)
    assert ribbon_ev.narrative.headings == {"s4": OWN_WORDS} and cli_ev.narrative.headings == {}
    ra, ca = ribbon_ev.narrative.model_dump(), cli_ev.narrative.model_dump()
    ra.pop("headings"), ca.pop("headings")
    ra.pop("sources", None), ca.pop("sources", None)  # the cells each text was read from: the ribbon's rows sit elsewhere
    assert ra == ca
    for part in ("options", "outline", "previous", "budget"):
        x, y = getattr(ribbon_ev, part), getattr(cli_ev, part)
        assert (x.model_dump() if hasattr(x, "model_dump") else x) == (y.model_dump() if hasattr(y, "model_dump") else y)
