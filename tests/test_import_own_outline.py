"""Issue 23, 5: “Headings as the department wrote them … the form keeps the department's own outline with its own
numbering and order” — level-2 sections in the department's order with its words and numbers, a level-1 numbering
with a gap kept as written, and the ribbon's 导入上年报告 switching an open form to that outline as the CLI's new form
gets it.  Each from import to form to check to report.

The report texts are written for these tests (invented units, own words) in the shapes published reports have:
sub-sections of 四、 with 指标 before 资金 (https://www.kunmingchi.com/archives/vzpngm2097m5n2ywqbkd.html shows
its own （一）（二） words under 一、), a report that goes from 二、 to 四、.  Every expected heading, label and number
below is read off the text and the 部门整体 outline (xlperf/domain/outlines/dept-overall.toml) by hand.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

import xlperf.excel as X
from test_import_ribbon import complete, open_blank
from report_helpers import run_cli
from test_import_shapes import checked_reports, typed_scores
from xlperf.cli import main
from xlperf.domain.outlines import load_outline, outline_for, outline_from_text
from xlperf.importer.own_outline import department_outline
from xlperf.importer.parse import parse_report

#: 一、 with （一） in other words than the outline's; 四、 with 指标 as （一） and 资金 as （二） — the outline has them
#: the other way round (四（一）部门资金情况分析, 四（二）部门绩效指标完成情况分析)
SUBS = ("江口县文化馆2021年度部门整体支出绩效自评报告\n一、基本情况\n（一）部门职能\n组织开展全县群众文化活动。\n"
        "二、绩效自评工作开展情况\n成立自评小组，逐项打分。\n"
        "四、绩效目标实现情况分析\n（一）绩效指标完成情况\n产出指标：全年完成惠民演出120场。\n效益指标：群众满意度较高。\n"
        "（二）资金使用情况\n资金按进度拨付，无挤占挪用。\n"
        "五、发现的主要问题和改进措施\n部分演出场次推迟。\n六、绩效自评结果拟应用和公开情况\n自评结果在部门决算中公开。\n")
#: the department's level-1 numbers are the outline's: its order stays (三、 in its place); 一、's （二） it did not write
#: keeps the outline's words after the department's （一）; 四、's two in the department's order and words
SUBS_TITLES = ["一、基本情况", "（一）部门职能", "（二）部门年度整体绩效目标、绩效指标设置情况", "二、绩效自评工作开展情况",
               "三、综合评价结论", "四、绩效目标实现情况分析", "（一）绩效指标完成情况", "（二）资金使用情况",
               "五、发现的主要问题和改进措施", "六、绩效自评结果拟应用和公开情况", "七、绩效自评工作的经验、问题和建议",
               "八、其他需要说明的问题"]

#: 四、 with 指标 only: the outline's 资金 section, not written, comes after it as （二） with the outline's words
ONE_SUB = SUBS.replace("（二）资金使用情况\n资金按进度拨付，无挤占挪用。\n", "")

#: 一、二、四、五、: the report skipped 三、; its 四、 is the outline's 五、 (问题), its 五、 the outline's 六、 (应用)
GAP = ("江口县统计局2021年度部门整体支出绩效自评报告\n一、基本情况\n我局负责全县统计调查。\n"
       "二、绩效自评工作开展情况\n成立自评小组，逐项打分。\n"
       "四、存在的问题及改进措施\n（一）存在的主要问题\n（1）基层统计人员流动较大。\n（2）调查经费保障不足。\n"
       "（二）改进措施\n（1）加强业务培训。\n五、绩效自评结果拟应用和公开情况\n自评结果在部门决算中公开。\n")
#: its four as written (no 三、), then the outline's 三、四、七、八、 in the outline's order, numbered on from 五、
GAP_TOPS = ["一、基本情况", "二、绩效自评工作开展情况", "四、存在的问题及改进措施", "五、绩效自评结果拟应用和公开情况",
            "六、综合评价结论", "七、绩效目标实现情况分析", "八、绩效自评工作的经验、问题和建议", "九、其他需要说明的问题"]

PLACE = "“存在问题/改进措施”写在第几部分"


def imported(tmp_path: Path, text: str, capsys=None):
    src = tmp_path / "r.txt"
    src.write_text(text, encoding="utf-8")
    form = tmp_path / "f.xlsx"
    assert run_cli("import", src, "-o", form) == 0
    return form


def embedded(form: Path):
    wb = openpyxl.load_workbook(form)
    return outline_from_text("\n".join(str(c.value or "") for c in wb["规则数据"]["B"]), "表内")  # column B


def chapters(form: Path) -> dict[str, str]:
    """内容 → 章节 of the 文字材料 sheet."""
    ws = openpyxl.load_workbook(form)["文字材料"]
    return {r[2].value: r[0].value for r in ws.iter_rows(min_row=4) if r[2].value}


def settings(form: Path) -> dict[str, object]:
    return {r[0].value: r[1].value for r in openpyxl.load_workbook(form)["设置"].iter_rows() if r[0].value}


def offered(form: Path) -> list[str]:
    """The drop-down list of 设置's 问题措施位置 cell."""
    ws = openpyxl.load_workbook(form)["设置"]
    cell = next(f"B{r[0].row}" for r in ws.iter_rows() if r[0].value == PLACE)
    found = [dv.formula1.strip('"').split(",") for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1
    return found[0]


def headings(lines: list[str]) -> list[str]:
    return [t for t in lines if re.match(r"^(?:[一二三四五六七八九十]、|（[一二三四五六七八九十]）)", t) and len(t) < 30
            and not t.endswith("。")]


def line_with(lines: list[str], words: str) -> int:
    return next(i for i, t in enumerate(lines) if words in t)


# --------------------------------------------------------------------------- level 2: order, words, numbers


def test_level2_sections_keep_the_departments_order_words_and_numbers(tmp_path, capsys):
    form = imported(tmp_path, SUBS)
    assert "报告的标题顺序、编号或文字与评分规则的提纲不同" in capsys.readouterr().out
    assert [s.title for s in embedded(form).sections] == SUBS_TITLES
    got = chapters(form)
    assert got["全年完成惠民演出120场。"] == got["群众满意度较高。"] == "四（一）绩效指标完成情况"  # the analysis rows
    assert got["资金按进度拨付，无挤占挪用。"] == "四（二）资金使用情况"
    assert got["成立自评小组，逐项打分。"] == "二、绩效自评工作开展情况"
    assert "本单位小标题" not in got.values()  # the department's words are the outline's now, not a separate row
    md, word = checked_reports(tmp_path, form, capsys)
    for lines in (md, word):
        assert headings(lines) == SUBS_TITLES
        first, second, five = (lines.index("（一）绩效指标完成情况"), lines.index("（二）资金使用情况"),
                               lines.index("五、发现的主要问题和改进措施"))
        assert first < line_with(lines, "惠民演出120场") < second  # the analysis under the department's （一）
        assert second < line_with(lines, "无挤占挪用") < five  # the funds text under its （二）
        assert lines.index("（一）部门职能") < line_with(lines, "组织开展全县群众文化活动") < \
            lines.index("（二）部门年度整体绩效目标、绩效指标设置情况")


def test_level2_sections_the_department_did_not_write_come_after_its_own(tmp_path, capsys):
    form = imported(tmp_path, ONE_SUB)
    own = embedded(form)
    assert [s.title for s in own.children("s4")] == ["（一）绩效指标完成情况", "（二）部门资金情况分析"]
    assert chapters(form)["全年完成惠民演出120场。"] == "四（一）绩效指标完成情况"
    md, word = checked_reports(tmp_path, form, capsys)
    for lines in (md, word):
        first, second, five = (lines.index("（一）绩效指标完成情况"), lines.index("（二）部门资金情况分析"),
                               lines.index("五、发现的主要问题和改进措施"))
        assert first < line_with(lines, "惠民演出120场") < second
        # the funds sentences the outline's 资金 section writes are not lost: 预算资金 B5 100, B6 90 (typed_scores)
        assert second < line_with(lines, "预算执行金额90.00万元") < five


def test_a_report_numbered_as_the_outline_at_level2_keeps_the_shipped_outline():
    """（一）资金 （二）指标 under 四、 in the outline's words: nothing of the department's own to keep."""
    text = SUBS.replace("（一）绩效指标完成情况\n", "（一）部门资金情况分析\n资金按进度拨付，无挤占挪用。\n（二）部门绩效指标完成情况分析\n") \
        .replace("（二）资金使用情况\n资金按进度拨付，无挤占挪用。\n", "").replace("（一）部门职能", "（一）部门年度履职目标及主要任务")
    outline = load_outline("部门整体")
    assert department_outline(outline, parse_report(text.splitlines(), outline).outline) is None
    # the same with one sub-heading in the department's words: numbered as the outline, still its own outline
    worded = text.replace("（一）部门年度履职目标及主要任务", "（一）部门职能")
    own, _ = department_outline(outline, parse_report(worded.splitlines(), outline).outline)
    assert [s.title for s in own.children("s1")] == ["（一）部门职能", "（二）部门年度整体绩效目标、绩效指标设置情况"]
    assert [s.title for s in own.top_level()] == [s.title for s in outline.top_level()]


def test_sub_sections_numbered_1_2_keep_their_numbers():
    """1. 2. under 一、 and 四、 (a department numbering its sub-sections so): the numbers as written, in its order;
    the outline's sub-section it did not write numbered on in the same style."""
    text = ("江口县文化馆2021年度部门整体支出绩效自评报告\n一、基本情况\n1.年度绩效目标\n年度整体绩效目标是完成演出任务。\n"
            "2.部门职能\n组织开展全县群众文化活动。\n四、绩效目标实现情况分析\n1.资金使用情况\n资金按进度拨付。\n")
    outline = load_outline("部门整体")
    own, _ = department_outline(outline, parse_report(text.splitlines(), outline).outline)
    assert [s.title for s in own.children("s1")] == ["1.年度绩效目标", "2.部门职能"]
    assert [s.title for s in own.children("s4")] == ["1.资金使用情况", "2.部门绩效指标完成情况分析"]
    assert own.form_label(own.section("s4_2")) == "四、2.绩效指标完成情况分析"  # the outline's 章节 words, the new number, 、 kept before 2.


# --------------------------------------------------------------------------- level 1: numbering kept as written


def test_a_gap_in_the_level1_numbering_is_kept_as_written(tmp_path, capsys):
    form = imported(tmp_path, GAP)
    out = capsys.readouterr().out
    assert "编号照原报告，没有三、" in out  # one line says so
    own = embedded(form)
    assert [s.title for s in own.top_level()] == GAP_TOPS
    # 问题措施位置 names sections by the number they print: the outline's 五 is the report's 四, its 六 now 五
    assert (own.problem_slots, own.default_slot) == (["四", "五"], "五")
    assert settings(form)[PLACE] == "四"  # the report put its problems under its 四、
    assert chapters(form)["自评结果在部门决算中公开。"] == "五、绩效自评结果拟应用和公开情况"
    md, word = checked_reports(tmp_path, form, capsys)
    for lines in (md, word):
        assert [t for t in headings(lines) if "、" in t[:2]] == GAP_TOPS
        four, five = lines.index("四、存在的问题及改进措施"), lines.index("五、绩效自评结果拟应用和公开情况")
        assert line_with(lines, "基层统计人员流动较大") in range(four, five)
        assert line_with(lines, "加强业务培训") in range(four, five)


def test_numbers_that_do_not_rise_are_counted_in_the_reports_order():
    """一、三、二、 where the outline has these as 一、三、五、: no order to keep by its numbers — the department's
    sections are counted 一、二、三、 as they come, the outline's others after them."""
    text = ("江口县统计局2021年度部门整体支出绩效自评报告\n一、基本情况\n我局负责全县统计调查。\n"
            "三、综合评价结论\n自评得分90分。\n二、发现的主要问题和改进措施\n调查经费保障不足。\n")
    outline = load_outline("部门整体")
    own, slots = department_outline(outline, parse_report(text.splitlines(), outline).outline)
    assert [s.title for s in own.top_level()] == ["一、基本情况", "二、综合评价结论", "三、发现的主要问题和改进措施",
                                                  "四、绩效自评工作开展情况", "五、绩效目标实现情况分析",
                                                  "六、绩效自评结果拟应用和公开情况", "七、绩效自评工作的经验、问题和建议",
                                                  "八、其他需要说明的问题"]
    assert slots == {"五": "三", "六": "六"}  # the outline's 五、 prints as 三、; its 六、 is 六、 again


# --------------------------------------------------------------------------- the ribbon: the open form switched


@pytest.mark.parametrize("text, label, section, slots", [
    (SUBS, "全年完成惠民演出120场。", "四（一）绩效指标完成情况", ["五", "六"]),
    # the rows of 问题/措施 are declared in the outline's 六、 (dept-overall.toml: rows = false in 五、), here the report's 五、
    (GAP, "（1）加强业务培训。", "五、绩效自评结果拟应用和公开情况", ["四", "五"]),
])
def test_ribbon_import_switches_the_open_form_to_the_reports_outline(tmp_path, monkeypatch, text, label, section, slots):
    src = tmp_path / "上年.txt"
    src.write_text(text, encoding="utf-8")
    book = open_blank(tmp_path, monkeypatch)
    book.app.api.open_answer = str(src)
    X.import_last_year()
    assert "已从“上年.txt”导入" in book.app.alerts[-1]["prompt"]
    assert not [a for a in book.app.alerts if a["buttons"] == "yes_no"]  # switching asks nothing: no cell was typed
    ribbon = tmp_path / "ribbon.xlsx"
    book.wb.save(ribbon)
    cli = tmp_path / "cli.xlsx"
    assert main(["import", str(src), "-o", str(cli)]) == 0
    a, b = openpyxl.load_workbook(ribbon), openpyxl.load_workbook(cli)
    column_b = lambda wb: [c.value for c in wb["规则数据"]["B"]][:wb["规则数据"].max_row]  # noqa: E731
    assert column_b(a) == column_b(b)
    rows = lambda wb: sorted((r[0].value, r[1].value, r[2].value) for r in wb["文字材料"].iter_rows(min_row=4)  # noqa: E731
                             if r[2].value)
    assert rows(a) == rows(b)
    assert chapters(ribbon)[label] == chapters(cli)[label] == section
    assert settings(ribbon)[PLACE] == settings(cli)[PLACE]
    assert offered(ribbon) == offered(cli) == slots  # the drop-down offers the new numbers
    # every row of the open form's table follows the new outline, the empty ones too: no 章节 of the old left
    new_labels = {outline_for(None, "\n".join(str(v or "") for v in column_b(a)[1:])).form_label(s)
                  for s in outline_for(None, "\n".join(str(v or "") for v in column_b(a)[1:])).sections}
    old_only = {load_outline("部门整体").form_label(s) for s in load_outline("部门整体").sections} - new_labels
    assert old_only and not [r[0].value for r in a["文字材料"].iter_rows(min_row=4) if r[0].value in old_only]
    ribbon_ev, cli_ev = complete(ribbon), complete(cli)
    for part in ("narrative", "options", "outline", "previous", "budget"):
        ra, ca = getattr(ribbon_ev, part), getattr(cli_ev, part)
        ra, ca = (ra.model_dump() if hasattr(ra, "model_dump") else ra), (ca.model_dump() if hasattr(ca, "model_dump") else ca)
        assert ra == ca, part


def test_ribbon_import_translates_a_clerks_own_choice_of_place(tmp_path, monkeypatch):
    """The clerk had put 问题/措施 in 五 (the outline's 发现的主要问题和改进措施) before importing GAP: after the switch
    that section prints as 四、, and the cell says 四 — the clerk's choice, by its new number, without a question."""
    def choose_five(wb):
        ws = wb["设置"]
        row = next(r[0].row for r in ws.iter_rows() if r[0].value == PLACE)
        ws.cell(row, 2).value = "五"

    src = tmp_path / "上年.txt"
    src.write_text(GAP.replace("（一）存在的主要问题\n", "").replace("（二）改进措施\n（1）加强业务培训。\n", ""), encoding="utf-8")
    book = open_blank(tmp_path, monkeypatch, choose_five)
    book.app.api.open_answer = str(src)
    X.import_last_year()
    assert not [a for a in book.app.alerts if a["buttons"] == "yes_no"]
    ws = book.wb["设置"]
    assert next(r[1].value for r in ws.iter_rows() if r[0].value == PLACE) == "四"
