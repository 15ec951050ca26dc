"""The bureau's 汇总表 (xlperf/batch/summary.py) cell by cell, built in memory from hand-made records — fast tests
for `make mutate` (issue 19): no batch run, no LibreOffice.  Every expected cell is written by hand from README's
汇总 / 问题清单 / 统计 description (sorted by 总分, best first; failed workbooks last and never counted; one block
per 年度).

Survivors argued equivalent: tests/test_batch_summary_mutants.py.
"""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import openpyxl

import pytest

from xlperf.batch.lastyear import LastYear
from xlperf.batch.record import Level, Line, Record, Status
from xlperf.batch.summary import (build, chinese_date, level_names, main_report, statistics_rows, title_text,
                                  write_summary, year_groups, year_warning)

DAY = datetime.date(2026, 3, 5)


def _rec(file, total, status=Status.OK, year=2022, unit=None, grade="良", **kw):
    return Record(file=file, unit=unit or file.split(".")[0], year=year, total=total, grade=grade, status=status, **kw)


def _row(ws, r, width=None):
    return [ws.cell(r, c).value for c in range(1, (width or ws.max_column) + 1)]


def test_main_report_prefers_word_then_pdf_html_markdown():
    assert main_report(["a.md", "a.html", "a.PDF"]) == "a.PDF"
    assert main_report(["a.md", "a.html"]) == "a.html"
    assert main_report(["a.txt", "a.md"]) == "a.md"
    assert main_report(["a.pdf", "a.DOCX"]) == "a.DOCX"
    assert main_report([]) is None


def test_level_names_in_order_of_first_appearance():
    recs = [Record(file="a", levels=[Level("决策", "20", "18"), Level("过程", "30", "25")]),
            Record(file="b", levels=[Level("产出", "50", "40"), Level("决策", "20", "19")])]
    assert level_names(recs) == ["决策", "过程", "产出"]


def test_statistics_rows_in_full():
    recs = [_rec("a.xlsx", "92", grade="优"), _rec("b.xlsx", "81.5", Status.WARN),
            _rec("c.xlsx", "70", Status.WARN, grade="合格"),  # a grade not in the order: after 差
            _rec("d.xlsx", "99", Status.INVALID, grade="优"),  # errors: counted by status, not by grade or score
            _rec("e.xlsx", None, Status.FAILED, grade="")]
    assert statistics_rows(recs) == [
        ("工作簿数", 5), ("成功", 1), ("有警告", 2), ("填报有误", 1), ("无法读取", 0), ("失败", 1), ("", None),
        ("等级", "数量"), ("优", 1), ("良", 1), ("中", 0), ("差", 0), ("合格", 1), ("", None),
        ("参与统计的工作簿数", 3),
        ("平均分", D("81.17")),  # 243.5 / 3 = 81.1666… → 81.17
        ("中位数", D("81.50")), ("最高分", D("92")), ("最低分", D("70"))]


def test_statistics_rows_without_any_score_has_no_figures():
    rows = statistics_rows([_rec("a.xlsx", None, Status.FAILED)], ("甲", "乙"))
    assert rows[-4:] == [("甲", 0), ("乙", 0), ("", None), ("参与统计的工作簿数", 0)]


def test_year_groups_main_year_first_others_latest_first():
    a, b, c = _rec("a", "1", year=2021), _rec("b", "1", year=2022), _rec("c", "1", year=2021)
    u, t, e = _rec("u", "1", year=None), _rec("t", "1", year=True), _rec("e", "1", year=2019)
    # 2021 twice: the batch's year; the unknown (None, and True which is no year) stay with it
    assert year_groups([b, u, a, e, t, c]) == [(2021, [u, a, t, c]), (2022, [b]), (2019, [e])]
    # a tie: the later year is the batch's
    assert year_groups([a, b]) == [(2022, [b]), (2021, [a])]
    assert year_groups([u, t]) == [(None, [u, t])]


def test_year_warning_names_each_year_and_sheet():
    recs = [_rec("a", "1", year=2021), _rec("b", "1", year=2022), _rec("c", "1", year=2022),
            _rec("d", "1", year=2020)]
    assert year_warning(recs) == ("注意：工作簿分属3个年度（2022年度2个、2021年度1个、2020年度1个），各年度分别排名和统计，"
                                  "不合并比较；2022年度以外的见工作表“汇总（2021年度）”、“汇总（2020年度）”")
    assert year_warning(recs[:1]) is None


def test_title_names_bureau_year_and_the_most_used_kind():
    recs = [Record(file="a", kind="项目支出"), Record(file="b", kind="部门整体"), Record(file="c", kind="部门整体"),
            Record(file="d")]
    assert title_text(recs, 2022, " 甲市 ") == "甲市2022年度部门整体绩效自评汇总表"
    assert title_text(recs[:2], None) == "项目支出绩效自评汇总表"  # a tie: the first seen
    assert title_text([Record(file="d")], 2021) == "2021年度部门整体绩效自评汇总表"
    assert chinese_date(datetime.date(2026, 3, 5)) == "2026年3月5日"


HEADS = ["序号", "文件", "单位", "年度", "总分", "等级", "决策", "预算执行率（年初预算）", "预算执行率（调整预算）",
         "错误数", "警告数", "状态", "原因", "报告"]


def _two():
    return [_rec("b.xlsx", "80", Status.WARN, warnings=2, levels=[Level("决策", "20", "15.5")],
                 rates={"执行率_年初": "0.9", "执行率_调整": None}, reports=["b.md", "b.docx"]),
            _rec("c.xlsx", None, Status.INVALID, errors=1, reason="填报有误",
                 problems=[Line("基本情况!B3", "单位", "未填写", "错误")]),
            _rec("a.xlsx", "80", unit="甲局", reports=["a.html"])]  # ties 80 with b: by file name


def test_summary_rows_sorted_by_total_then_file_with_every_column():
    wb = build(_two(), today=DAY)
    ws = wb["汇总"]
    assert ws.cell(1, 1).value == "2022年度部门整体绩效自评汇总表\n制表日期：2026年3月5日"
    assert _row(ws, 2) == HEADS
    assert _row(ws, 3) == [1, "a.xlsx", "甲局", 2022, D("80.00"), "良", None, None, None, 0, 0, "成功", "",
                           "打开网页报告"]
    assert _row(ws, 4) == [2, "b.xlsx", "b", 2022, D("80.00"), "良", D("15.50"), D("0.9"), None, 0, 2, "有警告", "",
                           "打开Word报告"]
    assert _row(ws, 5) == [3, "c.xlsx", "c", 2022, None, "良", None, None, None, 1, 0, "填报有误", "填报有误", None]
    assert ws.cell(4, 14).hyperlink.target == "b.docx"
    assert ws.cell(4, 8).number_format == "0.00%" and ws.cell(4, 5).number_format == "0.00"
    assert ws.freeze_panes == "C3" and ws.auto_filter.ref == "A2:N5"
    assert wb.sheetnames == ["汇总", "问题清单", "统计", "图表"]


def test_source_links_go_to_the_workbook_and_the_problems_cell(tmp_path):
    wb = build(_two(), source_dir=tmp_path / "in", outdir=tmp_path / "out", today=DAY)
    assert wb["汇总"].cell(5, 2).hyperlink.target == "../in/c.xlsx"
    ws = wb["问题清单"]
    assert ws.cell(1, 1).value == "2022年度部门整体绩效自评汇总表（问题清单）\n制表日期：2026年3月5日"
    assert _row(ws, 2, 6) == ["文件", "单位", "位置", "项目", "说明", "类别"]
    assert _row(ws, 3, 6) == ["c.xlsx", "c", "基本情况!B3", "单位", "未填写", "错误"]
    assert ws.cell(3, 3).hyperlink.target == "../in/c.xlsx" and ws.cell(3, 3).hyperlink.location == "'基本情况'!B3"
    assert ws.max_row == 3 and ws.freeze_panes == "A3"
    assert build(_two(), today=DAY)["问题清单"].cell(3, 3).hyperlink is None  # no folders: no links


def test_no_problems_says_so():
    ws = build([_rec("a.xlsx", "90")], today=DAY)["问题清单"]
    assert _row(ws, 3, 6) == ["无", None, None, None, "各工作簿均未发现错误或警告", None]


def test_year_on_year_columns_and_the_missing_departments(tmp_path):
    last = LastYear("上年.xlsx", {"a": ("a", D("78.5"), 2), "b": ("b", D(85), 1), "z": ("Z局", D(60), 3)})
    recs = [_rec("a.xlsx", "90"), _rec("b.xlsx", "80.555")]
    path = write_summary(recs, tmp_path, last_year=last, today=DAY)
    wb = openpyxl.load_workbook(path)
    ws = wb["汇总"]
    assert _row(ws, 2)[:11] == ["序号", "文件", "单位", "年度", "总分", "等级", "上年总分", "变化", "上年名次", "名次",
                                "名次变化"]
    # 90 − 78.5 = 11.5, rose from 2nd to 1st; 80.555 prints 80.56, 80.56 − 85 = −4.44, fell from 1st to 2nd
    assert _row(ws, 3)[4:11] == [90, "良", 78.5, 11.5, 2, 1, "↑1"]
    assert _row(ws, 4)[4:11] == [80.56, "良", 85, -4.44, 1, 2, "↓1"]
    assert ws.cell(3, 8).number_format == "+0.00;-0.00;0.00" and ws.cell(3, 7).number_format == "0.00"
    stats = {r[0]: r[1] for r in wb["统计"].iter_rows(min_row=2, values_only=True) if r[0]}
    assert stats["上年有、本年未报送"] == "Z局"


def test_statistics_sheet_one_block_per_year_after_the_warning():
    recs = [_rec("a.xlsx", "90", grade="优"), _rec("b.xlsx", "70", year=2021)]
    wb = build(recs, today=DAY, bureau="甲市")
    ws = wb["统计"]
    assert ws.cell(1, 1).value == "甲市2022年度部门整体绩效自评汇总表（统计）\n制表日期：2026年3月5日"
    col = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(2, ws.max_row + 1)]
    assert col[0][0].startswith("注意：工作簿分属2个年度（2022年度1个、2021年度1个）")
    assert col[1:4] == [("", None), ("2022年度", None), ("工作簿数", 1)]
    assert col[col.index(("2021年度", None)) - 1] == ("", None)
    assert col[-2:] == [("最高分", D("70.00")), ("最低分", D("70.00"))]
    assert ws.cell(col.index(("等级", "数量")) + 2, 3).value == "占比"
    assert wb.sheetnames == ["汇总", "汇总（2021年度）", "问题清单", "统计", "图表", "图表（2021年度）"]
    assert wb["汇总（2021年度）"].cell(1, 1).value == "甲市2021年度部门整体绩效自评汇总表\n制表日期：2026年3月5日"
    assert wb["图表（2021年度）"].cell(1, 1).value == "甲市2021年度部门整体绩效自评汇总表（图表）\n制表日期：2026年3月5日"


# ---------------------------------------------------------------- fonts, links, charts, every other column


def test_best_total_first_a_zero_last_and_a_total_without_report_after_all_scored():
    recs = [_rec("a.xlsx", "0"), _rec("b.xlsx", "99", Status.INVALID), _rec("c.xlsx", "0.5"), _rec("d.xlsx", "70"),
            _rec("e.xlsx", None, Status.FAILED)]
    ws = build(recs, today=DAY)["汇总"]
    # 70, 0.5, 0 ranked; the 99 with errors has no report: after them, by file name with the failed one
    assert [ws.cell(r, 2).value for r in range(3, 8)] == ["d.xlsx", "c.xlsx", "a.xlsx", "b.xlsx", "e.xlsx"]
    assert main_report(["b.docx", "a.pdf"]) == "b.docx"  # by kind, not by name


def test_median_rounded_to_two_places():
    rows = dict(statistics_rows([_rec("a.xlsx", "80"), _rec("b.xlsx", "82.25")]))
    assert rows["中位数"] == D("81.13")  # (80 + 82.25) / 2 = 81.125 → 81.13


def _chart_refs(ws):
    out = []
    for chart in ws._charts:
        for s in chart.series:
            cat = s.cat.strRef.f if s.cat.strRef is not None else s.cat.numRef.f
            out.append((s.val.numRef.f, cat))
    return out


def test_titles_headers_and_links_are_styled(tmp_path):
    recs = [_rec("a.xlsx", "90", problems=[Line("基本情况!B3", "单位", "未填写", "警告"),
                                          Line("", "总体", "无目标", "警告")])]
    wb = build(recs, source_dir=tmp_path / "in", outdir=tmp_path / "out", today=DAY)
    for name in wb.sheetnames:
        title = wb[name].cell(1, 1)
        assert (title.font.b, title.font.sz) == (True, 14), name
        assert (title.alignment.horizontal, title.alignment.vertical, title.alignment.wrap_text) == \
            ("center", "center", True), name
    ws = wb["汇总"]
    assert ws.cell(2, 1).font.b is True
    link = ws.cell(3, 2)
    assert (link.font.color.rgb, link.font.u) == ("000563C1", "single") and link.hyperlink.location is None
    assert ws.cell(3, 3).font.u is None  # 单位 is no link
    problems = wb["问题清单"]
    assert problems.cell(2, 1).font.b is True
    assert [problems.cell(r, 5).value for r in (3, 4, 5)] == ["未填写", "无目标", None]  # one row each
    assert problems.cell(3, 3).font.u == "single" and problems.cell(3, 4).font.u is None
    assert problems.cell(4, 3).hyperlink is None and problems.cell(4, 3).font.u is None  # no cell: no link


def test_problems_without_folders_are_not_links_and_a_unit_left_blank_stays_blank():
    rec = Record(file="a.xlsx", unit="", year=2022, total=None, grade="", status=Status.INVALID,
                 problems=[Line("基本情况!B3", "单位", "未填写", "错误")], reports=["a.txt"])
    wb = build([rec], today=DAY)
    assert wb["问题清单"].cell(3, 2).value == "" and wb["问题清单"].cell(3, 3).font.u is None
    ws = wb["汇总"]
    assert (ws.cell(3, 3).value, ws.cell(3, 6).value, ws.cell(3, 13).value) == ("", "", "打开报告")


def test_every_level_in_its_own_column():
    rec = _rec("a.xlsx", "90", levels=[Level("决策", "20", "18"), Level("过程", "30", "25.5"), Level("产出", "50", "46")])
    ws = build([rec], today=DAY)["汇总"]
    assert [ws.cell(2, c).value for c in range(7, 12)] == ["决策", "过程", "产出", "预算执行率（年初预算）",
                                                          "预算执行率（调整预算）"]
    assert [ws.cell(3, c).value for c in range(7, 10)] == [D("18.00"), D("25.50"), D("46.00")]


def test_charts_take_each_years_grade_rows_and_its_ranked_rows():
    recs = [_rec("a.xlsx", "90", grade="优"), _rec("b.xlsx", "80"), _rec("c.xlsx", None, Status.FAILED),
            _rec("e.xlsx", "99", Status.INVALID), _rec("d.xlsx", "85", year=2021)]
    wb = build(recs, today=DAY, grade_order=("优", "良"))
    stats = [wb["统计"].cell(r, 1).value for r in range(1, wb["统计"].max_row + 1)]
    first = stats.index("等级") + 2  # 2022: 优 and 良 in the rows after 等级 / 数量
    assert stats[first - 1:first + 1] == ["优", "良"]
    # 2022: two ranked rows (a, b; the failed c and e with errors are not), 2021 one
    assert _chart_refs(wb["图表"]) == [(f"'统计'!$B${first}:$B${first + 1}", f"'统计'!$A${first}:$A${first + 1}"),
                                      ("'汇总'!$E$3:$E$4", "'汇总'!$C$3:$C$4")]
    first21 = stats.index("等级", first) + 2
    assert _chart_refs(wb["图表（2021年度）"]) == [
        (f"'统计'!$B${first21}:$B${first21 + 1}", f"'统计'!$A${first21}:$A${first21 + 1}"),
        ("'汇总（2021年度）'!$E$3", "'汇总（2021年度）'!$C$3:$C$3")]
    titles = [c.title.tx.rich.p[0].r[0].t for c in wb["图表（2021年度）"]._charts]
    assert titles == ["2021年度等级分布（单位数）", "2021年度总分排名"]
    assert [wb["统计"].cell(r, 3).value for r in (first, first + 1)] == [D("0.5"), D("0.5")]  # 1 of 2 each


def test_one_year_has_no_year_label_and_the_last_year_columns_only_on_its_own_sheet():
    one = build([_rec("a.xlsx", "90")], today=DAY)["统计"]
    assert (one.cell(2, 1).value, one.cell(2, 2).value) == ("工作簿数", 1)
    last = LastYear("上年.xlsx", {"a": ("a", D(80), 1)})
    wb = build([_rec("a.xlsx", "90"), _rec("b.xlsx", "70", year=2021)], last_year=last, today=DAY)
    assert "上年总分" in _row(wb["汇总"], 2) and "上年总分" not in _row(wb["汇总（2021年度）"], 2)


@pytest.mark.parametrize("units, shown", [(["Z局", "Y局"], "Z局、Y局"), ([], "无")])
def test_missing_departments_joined_or_none(units, shown):
    last = LastYear("上年.xlsx", {"a": ("a", D(80), 1), **{u: (u, D(70), 2) for u in units}})
    ws = build([_rec("a.xlsx", "90")], last_year=last, today=DAY)["统计"]
    col = [(ws.cell(r, 1).value, ws.cell(r, 2).value) for r in range(2, ws.max_row + 1)]
    assert col[-2:] == [("", None), ("上年有、本年未报送", shown)]


def test_core_scores_of_five_places_and_a_blank_score():
    rec = _rec("a.xlsx", "90", core=[Level("甲", "2.12345", ""), Level("乙", "1", "0.5")])
    ws = build([rec], today=DAY)["汇总"]
    assert ws.cell(3, 9).value == "甲 —/2.1235；乙 0.5/1"  # four places at most, half up; a blank score —
    assert [ws.cell(3, c).value for c in (10, 11, 12)] == [0, 0, "成功"]  # 错误数, 警告数, 状态 after it


def test_write_summary_passes_every_setting(tmp_path):
    (tmp_path / "out").mkdir()
    (tmp_path / "two").mkdir()
    recs = [_rec("a.xlsx", "90", grade="甲等", problems=[Line("基本情况!B3", "单位", "未填写", "警告")])]
    path = write_summary(recs, tmp_path / "out", grade_order=("甲等", "乙等"), source_dir=tmp_path / "in",
                         bureau="乙市", today=DAY)
    assert path == tmp_path / "out" / "汇总表.xlsx"
    wb = openpyxl.load_workbook(path)
    assert wb["汇总"].cell(1, 1).value == "乙市2022年度部门整体绩效自评汇总表\n制表日期：2026年3月5日"
    assert wb["汇总"].cell(3, 2).hyperlink.target == "../in/a.xlsx"
    assert [wb["统计"].cell(r, 1).value for r in (10, 11)] == ["甲等", "乙等"]  # after 等级 in row 9
    default = openpyxl.load_workbook(write_summary(recs, tmp_path / "two"))["汇总"].cell(1, 1).value
    assert default.startswith("2022年度部门整体绩效自评汇总表\n制表日期：")  # no bureau, today's date
    assert default.endswith(chinese_date(datetime.date.today()))
