"""How the sheets of 汇总表.xlsx are written and printed (xlperf/batch/sheetprint.py) and its 图表 sheet
(xlperf/batch/charts.py), judged on small workbooks built here in memory — fast tests for `make mutate` (issue 19).

Expected values are worked out by hand from README “财政局批量处理” (A4 landscape, one page wide, title and header
repeated, header frozen and shaded, column widths from the printed content — 变化 with its sign — file names (links)
never cut, 单位 at least eight characters a line, each 年度 of 统计 on a new page; two native bar charts on one A4
landscape page, grades and 总分 ranking, best at the top) and the sizing rules of xlperf/infra/sheetfit.py (a CJK
character counts 2.1 units; one 11 pt line 16 pt, 3 pt padding; Excel's default column 8.43 units; an A4
landscape page at 0.4 in margins holds (11.69 − 0.8) × 96 − 5 px per column, 7 px a unit, at the 80 % least scale).
"""

from __future__ import annotations

from decimal import Decimal as D

import openpyxl
import pytest

from xlperf.batch.charts import add_charts
from xlperf.batch.record import Record, Status
from xlperf.batch.sheetprint import (CHANGE_FORMAT, SCORE_FORMAT, grade_shares, print_setup, put_number, put_score,
                                     put_text, shown)

CJK = 2.1


# ------------------------------------------------------------------ cells


@pytest.fixture
def ws():
    return openpyxl.Workbook().active


@pytest.mark.parametrize("text", ["=SUM(1,2)", "+86 371", "-3", "@单位"])
def test_text_that_looks_like_a_formula_stays_text(ws, text):
    put_text(ws["A1"], text)
    assert (ws["A1"].value, ws["A1"].data_type, ws["A1"].quotePrefix) == (text, "s", True)


def test_plain_text_none_and_numbers_are_stored_as_strings(ws):
    put_text(ws["A1"], "甲局")
    put_text(ws["A2"], None)
    put_text(ws["A3"], 2024)
    assert [(c.value, c.data_type, c.quotePrefix) for c in (ws["A1"], ws["A2"], ws["A3"])] == [
        ("甲局", "s", False), ("", "s", False), ("2024", "s", False)]


def test_a_number_is_a_decimal_in_its_format_and_a_blank_is_no_number(ws):
    put_number(ws["A1"], "0.2419", "0.00%")
    assert (ws["A1"].value, ws["A1"].number_format) == (D("0.2419"), "0.00%")
    put_number(ws["A2"], None, "0.00%")
    put_number(ws["A3"], "", "0.00%")
    assert (ws["A2"].value, ws["A2"].number_format, ws["A3"].value, ws["A3"].number_format) == (None, "General",
                                                                                                None, "General")


def test_a_score_is_stored_rounded_half_up_to_two_places(ws):
    put_score(ws["A1"], "91.555")  # half up, not to even
    put_score(ws["A2"], "88.5")
    put_score(ws["A3"], D("-2.125"), CHANGE_FORMAT)
    put_score(ws["A4"], None)
    put_score(ws["A5"], "")
    assert [ws[f"A{r}"].value for r in range(1, 6)] == [D("91.56"), D("88.50"), D("-2.13"), None, None]
    assert [ws[f"A{r}"].number_format for r in range(1, 6)] == ["0.00", "0.00", "+0.00;-0.00;0.00", "General",
                                                              "General"]
    assert SCORE_FORMAT == "0.00" and CHANGE_FORMAT == "+0.00;-0.00;0.00"


# ------------------------------------------------------------------ shown: the printed text that sizes a column


def _cell(ws, value, fmt="General"):
    ws["A1"].value, ws["A1"].number_format = value, fmt
    return ws["A1"]


@pytest.mark.parametrize("value, fmt, text", [
    (None, "General", ""),
    ("甲局", "General", "甲局"),
    (D("0.24194"), "0.0%", "24.19%"),
    (D("0.5"), "0.00%", "50.00%"),
    (D("3"), CHANGE_FORMAT, "+3.00"),
    (D("-4"), CHANGE_FORMAT, "-4.00"),
    (D("0"), CHANGE_FORMAT, "0.00"),
    (D("91.5"), SCORE_FORMAT, "91.50"),
    (7, "General", "7"),
    (2.5, "0.000", "2.5"),
    (True, "0.00", "True"),
])
def test_shown(ws, value, fmt, text):
    assert shown(_cell(ws, value, fmt)) == text


# ------------------------------------------------------------------ 统计: shares and a page per 年度


def _rec(status, total):
    return Record("x", status=status, total=total)


def test_grade_shares_of_one_year(ws):
    ws.title = "统计"
    for r, (a, b) in enumerate([("工作簿数", 5), ("等级", "数量"), ("优", 2), ("良", 1), ("差", 0)], start=3):
        ws.cell(r, 1).value, ws.cell(r, 2).value = a, b
    group = [_rec(Status.OK, "92"), _rec(Status.WARN, "91"), _rec(Status.WARN, "81"),
             _rec(Status.INVALID, None), _rec(Status.FAILED, None), _rec(Status.OK, None)]
    grade_shares(ws, [(2024, group)], [(5, 7)])
    assert ws.cell(4, 3).value == "占比" and ws.cell(4, 3).data_type == "s"
    assert [ws.cell(4, c).font.b for c in (1, 2, 3, 4)] == [True, True, True, False]
    assert ws.cell(3, 1).font.b is False  # only the 等级/数量/占比 row
    # 3 scored workbooks (成功/有警告 with a 总分): 2/3, 1/3, 0
    assert [ws.cell(r, 3).value for r in (5, 6, 7)] == [D(2) / 3, D(1) / 3, D(0)]
    assert {ws.cell(r, 3).number_format for r in (5, 6, 7)} == {"0.0%"}
    assert ws.row_breaks.brk == [] and ws.cell(2, 1).font.b is False


def test_no_share_when_nothing_was_scored(ws):
    ws.cell(3, 1).value, ws.cell(3, 2).value = "优", 0
    grade_shares(ws, [(2024, [_rec(Status.INVALID, None)])], [(3, 3)])
    assert ws.cell(3, 3).value is None and ws.cell(2, 3).value == "占比"


def test_each_later_year_starts_a_new_page_at_its_bold_label(ws):
    rows = ["2024年度", "等级", "优", "", "2023年度", "", "等级", "优"]
    for r, a in enumerate(rows, start=2):
        ws.cell(r, 1).value = a or None
    ws.cell(4, 2).value, ws.cell(9, 2).value = 1, 1
    groups = [(2024, [_rec(Status.OK, "90")]), (2023, [_rec(Status.OK, "90"), _rec(Status.OK, "80")])]
    grade_shares(ws, groups, [(4, 4), (9, 9)])
    assert [b.id for b in ws.row_breaks.brk] == [5]  # the page ends above 2023年度's label (row 6)
    assert (ws.cell(2, 1).font.b, ws.cell(6, 1).font.b) == (True, True)
    assert (ws.cell(4, 3).value, ws.cell(9, 3).value) == (D(1), D("0.5"))


def test_a_year_label_on_the_first_body_row_is_found(ws):
    ws.cell(2, 1).value, ws.cell(3, 1).value, ws.cell(4, 1).value = "2024年度", "优", "2023年度"
    ws.cell(5, 1).value = "优"
    grade_shares(ws, [(2024, []), (2023, [])], [(3, 3), (5, 5)])
    assert [b.id for b in ws.row_breaks.brk] == [3] and ws.cell(2, 1).font.b is True


# ------------------------------------------------------------------ print setup


def _sheet(wb, title, header, rows, name=None):
    ws = wb.create_sheet(name or title)
    ws.cell(1, 1).value = title
    for c, h in enumerate(header, start=1):
        ws.cell(2, c).value = h
    for r, row in enumerate(rows, start=3):
        for c, v in enumerate(row, start=1):
            ws.cell(r, c).value = v
    return ws


def _book():
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    return wb


def _width(ws, col):
    return ws.column_dimensions[col].width


def test_a_headed_sheet_sizes_each_column_from_its_widest_text(ws):
    wb = _book()
    ws = _sheet(wb, "甲", ["单位", "总分", "说明文字较长的表头名称"], [["甲局", D("91.5"), "x"], ["市乙局", None, None]],
                name="汇总")
    ws.cell(3, 2).number_format = SCORE_FORMAT
    print_setup(wb)
    # 单位: 3 CJK = 6.3 + 1; 总分: "91.50" = 5 + 1 (the header 4.2 / 2 + 1 = 3.1 is less); the long header:
    # 11 CJK = 23.1 → on two lines, 23.1 / 2 + 1 = 12.55 → 12.5 (one decimal, down)
    assert [_width(ws, c) for c in "ABC"] == [7.3, 6.0, 12.5]


def test_a_narrow_column_is_four_units_and_a_wide_one_36(ws):
    wb = _book()
    ws = _sheet(wb, "甲", ["", ""], [["a", "很" * 20]], name="问题清单")
    print_setup(wb)
    assert (_width(ws, "A"), _width(ws, "B")) == (4.0, 36.0)


def test_columns_wider_than_the_page_are_narrowed_widest_first(ws):
    wb = _book()
    ws = _sheet(wb, "甲", [""] * 8, [["很" * 20] * 8], name="汇总")
    print_setup(wb)
    # 8 columns of 36 = 288 units; the page: ((11.69 − 0.8) × 96 − 8 × 5) / 7 / 0.8 = 179.54 → 109 units off,
    # one at a time from the widest (the first of equals): 13 from each, then one more from the first five
    assert [_width(ws, c) for c in "ABCDEFGH"] == [22, 22, 22, 22, 22, 23, 23, 23]


def test_the_unit_column_keeps_eight_characters_and_a_link_its_file_name(ws):
    wb = _book()
    name = "甲局2024年度部门整体绩效自评报告.docx"  # 16 CJK + 9 = 42.6 units, one line
    ws = _sheet(wb, "甲", ["单位", "报告", "说明", "x", "y", "z", "u", "v"], [["很" * 20] * 8], name="汇总")
    ws.cell(3, 2).value = name
    ws.cell(3, 2).hyperlink = name
    print_setup(wb)
    # 报告 keeps 36: its link needs 14 × 2.1 + 9 + 1 = 39.4 (more than the column's 36, which is then its floor);
    # the 7 others give 109 units (288 → 179): 15 each, then one more from the first four (单位, 说明, x, y)
    assert [_width(ws, c) for c in "ABCDEFGH"] == [20, 36, 20, 20, 20, 21, 21, 21]


def test_a_floor_of_ten_for_other_columns_and_eighteen_for_the_unit(ws):
    wb = _book()
    ws = _sheet(wb, "甲", ["单位"] + [""] * 19, [["很" * 20] * 20], name="汇总（2023年度）")
    print_setup(wb)
    # 20 × 36 = 720 units on a page of ((11.69 − 0.8) × 96 − 100) / 7 / 0.8 = 168.83: every column down to its
    # floor (18 for 单位, 10 for the others: 208, still more than the page) and no further
    assert [_width(ws, f"{chr(64 + c)}") for c in range(1, 21)] == [18] + [10] * 19


def test_widths_are_rounded_down_to_one_decimal(ws):
    wb = _book()
    ws = _sheet(wb, "甲", ["x"], [["甲a"]], name="汇总")  # 2.1 + 1 + 1 = 4.1
    ws2 = _sheet(wb, "乙", ["x"], [["甲甲ab"]], name="问题清单")  # 4.2 + 2 + 1 = 7.2
    ws3 = _sheet(wb, "丙", ["x"], [["甲甲甲甲甲甲ab"]], name="汇总（2022年度）")  # 12.6 + 2 + 1 = 15.6
    print_setup(wb)
    assert (_width(ws, "A"), _width(ws2, "A"), _width(ws3, "A")) == (4.1, 7.2, 15.6)


def test_the_header_is_shaded_bordered_centred_and_the_body_wraps_at_the_top():
    wb = _book()
    ws = _sheet(wb, "甲", ["单位", "总分"], [["甲局", 1]], name="汇总")
    print_setup(wb)
    head, body, title = ws["A2"], ws["B3"], ws["A1"]
    assert (head.fill.fill_type, head.fill.fgColor.rgb) == ("solid", "00DDEBF7")
    assert {head.border.left.style, head.border.right.style, head.border.top.style, head.border.bottom.style} == \
        {"thin"} and head.border.left.color.rgb == "00999999"
    assert (head.alignment.wrap_text, head.alignment.horizontal, head.alignment.vertical) == (True, "center", "center")
    assert (body.alignment.wrap_text, body.alignment.vertical, body.alignment.horizontal) == (True, "top", None)
    assert body.fill.fill_type is None and body.border.left.style is None
    assert title.alignment.wrap_text is None  # the title row is not the table's


def test_a_headed_sheet_repeats_title_and_header_on_every_page():
    wb = _book()
    ws = _sheet(wb, "甲", ["单位"], [["甲局"]], name="问题清单")
    print_setup(wb)
    assert ws.print_title_rows == "$1:$2"
    assert ws.row_dimensions[2].height == 35  # two lines of 16 pt + 3
    assert ws.row_dimensions[1].height == pytest.approx(16 * 14 / 11 + 3)  # one line of 14 pt


def test_the_statistics_sheet_has_no_header_its_second_row_is_body():
    wb = _book()
    ws = _sheet(wb, "统计表标题", ["工作簿数甲乙丙丁戊", 5], [["成功", 3]], name="统计")
    print_setup(wb)
    # row 2 is a body row here: its 9 CJK (18.9 units) size column A, not halved as a header would be
    assert _width(ws, "A") == 19.9 and ws.print_title_rows == "$1:$1"
    assert ws["A2"].fill.fill_type is None and ws["A2"].alignment.vertical == "top"
    assert ws.row_dimensions[2].height is None


def test_page_setup_of_every_sheet():
    wb = _book()
    ws = _sheet(wb, "甲", ["单位"], [["甲局"]], name="汇总")
    print_setup(wb)
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    m = ws.page_margins
    assert (m.left, m.right, m.top, m.bottom, m.header, m.footer) == (0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
    assert ws.oddFooter.center.text == "&A　第&P页，共&N页"


def test_a_sheet_with_page_breaks_prints_at_full_size():
    from openpyxl.worksheet.pagebreak import Break

    wb = _book()
    ws = _sheet(wb, "甲", ["a"], [["b"]], name="统计")
    ws.row_breaks.append(Break(id=5))
    print_setup(wb)
    assert ws.sheet_properties.pageSetUpPr.fitToPage is False


def test_the_title_spans_the_table_or_enough_blank_columns_for_its_longest_line():
    wb = _book()
    wide = _sheet(wb, "短标题", ["单位", "总分", "等级"], [["甲局", "1", "优"]], name="汇总")
    title = "金水区财政局2024年度部门整体绩效自评汇总表\n制表日期：2024年3月5日"
    narrow = _sheet(wb, title, ["a", "b"], [["1", "2"]], name="统计")
    print_setup(wb)
    assert [str(r) for r in wide.merged_cells.ranges] == ["A1:C1"]
    # the longest line: 18 CJK + 4 digits = 41.8 units, at 14 pt: 41.8 × 14 / 11 + 2 = 55.2; the two columns
    # (4.0 each, the least) = 8, then 8.43 a blank column: 8 + 5 × 8.43 = 50.15 < 55.2 ≤ 8 + 6 × 8.43 → 8 columns
    assert [str(r) for r in narrow.merged_cells.ranges] == ["A1:H1"]
    assert narrow.row_dimensions[1].height == pytest.approx(2 * 16 * 14 / 11 + 3)


def test_a_one_column_sheet_with_a_short_title_merges_nothing():
    wb = _book()
    ws = _sheet(wb, "a", ["a"], [["b"]], name="统计")  # 1 × 14 / 11 + 2 = 3.27 units: column A's 4 hold it
    print_setup(wb)
    assert list(ws.merged_cells.ranges) == []
    wb = _book()
    ws = _sheet(wb, "甲", ["a"], [["b"]], name="统计")  # 2.1 × 14 / 11 + 2 = 4.67 units: a blank column more
    print_setup(wb)
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:B1"]


def test_the_chart_sheet_title_spans_sixteen_columns_and_no_column_is_sized():
    wb = _book()
    ws = wb.create_sheet("图表（2023年度）")
    ws["A1"].value = "图表"
    ws["B2"].value = "很" * 30
    print_setup(wb)
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:P1"]
    assert ws.column_dimensions["B"].width == 13  # openpyxl's default: not sized
    assert ws.print_title_rows is None and ws.page_setup.orientation == "landscape"


def test_the_chart_sheets_title_may_need_more_than_sixteen_columns():
    wb = _book()
    ws = wb.create_sheet("图表")
    ws["A1"].value = "很" * 60  # 126 units × 14 / 11 + 2 = 162.36; 16 × 8.43 = 134.88, 20 × 8.43 = 168.6
    print_setup(wb)
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:T1"]


def test_rows_of_wrapped_text_are_made_tall_enough():
    wb = _book()
    ws = _sheet(wb, "甲", ["说明"], [["很" * 40]], name="问题清单")
    print_setup(wb)
    # 40 CJK = 84 units in a column of 36: ⌊35.7 / 2.1⌋ = 17 a line → 3 lines: ⌈3 × 16 + 3⌉ = 51 pt
    assert ws.row_dimensions[3].height == 51


# ------------------------------------------------------------------ 图表: two native bar charts


def _chart_book(year=2024):
    wb = _book()
    stats, summary, charts = wb.create_sheet("统计"), wb.create_sheet("汇总"), wb.create_sheet("图表")
    return wb, stats, summary, charts


def _title(chart):
    return "".join(r.t for p in chart.title.tx.rich.p for r in (p.r or []))


def test_the_grade_chart_counts_units_per_grade_from_the_statistics_cells():
    wb, stats, summary, ws = _chart_book()
    add_charts(ws, stats, summary, 2024, (10, 13), 0, 3)
    (grades,) = ws._charts
    assert (grades.type, _title(grades), grades.legend) == ("col", "2024年度等级分布（单位数）", None)
    (series,) = grades.series
    assert series.val.numRef.f == "'统计'!$B$10:$B$13" and series.tx is None
    assert series.cat.strRef.f == "'统计'!$A$10:$A$13"
    assert (grades.y_axis.majorUnit, grades.y_axis.numFmt.formatCode) == (1, "0")
    labels = grades.dataLabels
    assert (labels.showVal, labels.showCatName, labels.showSerName, labels.showLegendKey, labels.showPercent) == \
        (True, False, False, False, False)
    assert (grades.width, grades.height) == (12, 8)
    assert (grades.x_axis.delete, grades.y_axis.delete) == (False, False)
    assert grades.anchor == "A3"


def test_the_ranking_chart_has_each_units_total_best_at_the_top():
    wb, stats, summary, ws = _chart_book()
    add_charts(ws, stats, summary, 2024, (10, 13), 20, 3)
    grades, scores = ws._charts
    assert (scores.type, _title(scores), scores.legend) == ("bar", "2024年度总分排名", None)
    (series,) = scores.series
    assert series.val.numRef.f == "'汇总'!$E$3:$E$22" and series.cat.strRef.f == "'汇总'!$C$3:$C$22"
    assert series.tx is None
    assert scores.x_axis.scaling.orientation == "maxMin"
    assert (scores.y_axis.numFmt.formatCode, scores.y_axis.scaling.min, scores.y_axis.scaling.max) == ("0", 0, 100)
    labels = scores.dataLabels
    assert (labels.showVal, labels.showCatName, labels.showSerName, labels.showLegendKey, labels.showPercent) == \
        (True, False, False, False, False)
    assert (scores.x_axis.delete, scores.y_axis.delete) == (False, False)
    assert (scores.width, scores.height) == (16, pytest.approx(2 + 0.55 * 20))  # 13 cm
    assert scores.anchor == "H3"


@pytest.mark.parametrize("ranked, height, ref", [
    (1, 8, "$E$5"), (10, 8, "$E$5:$E$14"), (11, pytest.approx(8.05), "$E$5:$E$15"),  # 2 + 0.55 × 11
    (25, pytest.approx(15.75), "$E$5:$E$29"), (26, 16, "$E$5:$E$30"), (60, 16, "$E$5:$E$64")])
def test_the_ranking_chart_grows_with_the_units_up_to_one_page(ranked, height, ref):
    wb, stats, summary, ws = _chart_book()
    add_charts(ws, stats, summary, 2024, (10, 13), ranked, 5)
    assert ws._charts[1].height == height
    assert ws._charts[1].series[0].val.numRef.f == f"'汇总'!{ref}"


def test_without_a_year_the_titles_name_none():
    wb, stats, summary, ws = _chart_book()
    stats.title, summary.title = "统计", "汇总（2022年度）"
    add_charts(ws, stats, summary, None, (4, 7), 2, 3)
    assert [_title(c) for c in ws._charts] == ["等级分布（单位数）", "总分排名"]
    assert ws._charts[1].series[0].cat.strRef.f == "'汇总（2022年度）'!$C$3:$C$4"


# ------------------------------------------------------------------ edges of the title and of an empty table


def test_a_two_line_title_that_fits_its_one_column_keeps_its_exact_height():
    from openpyxl.styles import Alignment, Font

    wb = _book()
    ws = _sheet(wb, "ab\ncd", ["很" * 20], [], name="统计")
    ws["A1"].alignment, ws["A1"].font = Alignment(wrap_text=True), Font(size=14)  # as the 汇总表's titles are
    print_setup(wb)
    assert list(ws.merged_cells.ranges) == []  # 2 × 14 / 11 + 2 = 4.55 units in a column of 36
    assert ws.row_dimensions[1].height == pytest.approx(2 * 16 * 14 / 11 + 3)  # not rounded up to 44 by a refit


def test_a_title_line_with_spaces_is_one_line():
    wb = _book()
    ws = _sheet(wb, "甲 乙 丙\n丁", ["很" * 20], [], name="统计")
    print_setup(wb)
    assert ws.row_dimensions[1].height == pytest.approx(2 * 16 * 14 / 11 + 3)


def test_a_title_exactly_as_wide_as_the_table_needs_no_more_columns():
    wb = _book()
    # "abcdefghijk": 11 units × 14 / 11 + 2 = 16.0; the two columns: "abcdefg" 7 + 1 = 8.0 each, 16.0 in all
    ws = _sheet(wb, "abcdefghijk", ["abcdefg", "abcdefg"], [], name="统计")
    print_setup(wb)
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1:B1"]
    ws2 = _sheet(_book(), "abcdefghijkl", ["abcdefg", "abcdefg"], [], name="统计")  # 12 × 14 / 11 + 2 = 17.27
    print_setup(ws2.parent)
    assert [str(r) for r in ws2.merged_cells.ranges] == ["A1:C1"]


def test_a_sheet_without_a_title_or_a_body():
    wb = _book()
    ws = _sheet(wb, None, ["单位名称与其所属上级部门"], [], name="汇总")  # 12 CJK = 25.2 → 25.2 / 2 + 1
    print_setup(wb)
    assert _width(ws, "A") == 13.6 and list(ws.merged_cells.ranges) == []
    assert ws.row_dimensions[1].height == pytest.approx(16 * 14 / 11 + 3)
