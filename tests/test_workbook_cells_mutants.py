"""xlperf.workbook.cells with workbooks typed by hand (tests/cell_source.py): a cell as the clerk typed it, as text,
as a number, the percentage checks and the tables' header rows (issue 19: `make mutate` judges the module by fast
tests).  Every expected value is what the clerk typed, or the message worked out next to the assertion.

Survivors of cells.py argued equivalent (mutmut's names; run recorded in docs/mutation.md, session 7, s7e):

* CellReader.find_header 15 (``range(min(rows, 40) + 1)``: the search starts at row 0) and CellReader._row_headers 6
  (``range(min(cols, 60) + 1)``: columns from 0): every cell source numbers rows and columns from 1 (openpyxl, the
  live workbook's grid, tests/cell_source.py), so row 0 and column 0 hold nothing, no header is found there and the
  same row and columns are found.

(Two equivalents of the first pass were removed by simpler code: ``text`` wrote a number with ``format(d, "f")``,
whose mutant ``"F"`` differs only for NaN and infinity, which ``to_decimal`` refuses; ``percent_entry`` read a
format as ``fmt(...) or ""``, whose mutant ``or "XXXX"`` holds no "%" either.)
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from cell_source import DictSource, PlainSource

from xlperf.domain.problems import ERROR, WARNING, Problem
from xlperf.errors import UnusableCell
from xlperf.workbook.cells import EXCEL_ERRORS, CellReader, norm_header
from xlperf.workbook.sources import Formula

S = "预算资金"


def reader(cells: dict | None = None, **kw) -> CellReader:
    return CellReader(DictSource({S: cells or {}}, **kw))


def form(cells: dict | None = None, **kw) -> CellReader:
    """An xlperf form: 总分 holds a formula, so the number cells feed the sheet's formulas."""
    return CellReader(DictSource({S: cells or {}, "总评": {"B10": Formula("=SUM(C4:C7)")}},
                                 names={"总分": ("总评", "B10")}, **kw))


# ------------------------------------------------------------------ norm_header, where, form


def test_a_header_is_compared_without_any_whitespace():
    assert norm_header(" 实际\n完成 值\t") == "实际完成值"
    assert norm_header(None) == "" and norm_header("") == ""
    assert norm_header(12) == "12"


def test_a_cell_is_named_sheet_and_column_letters():
    r = reader()
    assert r.where("指标评分", 12, 8) == "指标评分!H12"
    assert r.where("指标评分", 3, 27) == "指标评分!AA3"
    assert r.sheets == [S]


def test_a_form_is_a_workbook_whose_total_is_a_formula():
    assert form().form is True
    typed = CellReader(DictSource({S: {}, "总评": {"B10": 91}}, names={"总分": ("总评", "B10")}))
    assert typed.form is False  # 91 typed over 总分: a table from another tool
    assert reader().form is False  # no 总分 at all


def test_a_fresh_reader_has_found_nothing_yet():
    r = form()
    assert (r.problems, r.shown_cells, r.text_cells, r.computed, r.formula_state) == ([], {}, {}, {}, {})


# ------------------------------------------------------------------ raw


def test_a_derived_figures_name_is_read_as_that_figure_where_allowed():
    r = reader({"H4": Formula("=执行率"), "H5": Formula("= 预算调整率 "), "H6": Formula("=B5*1"),
                "H7": Formula("=总分")}, cached={(S, "H4"): 0.24, (S, "H6"): 1770.59, (S, "H7"): 91})
    assert r.raw(S, 4, 8, "实际完成值", allow_ref=True) == ("ref", "执行率")
    assert r.raw(S, 5, 8, "实际完成值", allow_ref=True) == ("ref", "预算调整率")
    # not a derived figure's name: its saved result
    assert r.raw(S, 6, 8, "实际完成值", allow_ref=True) == 1770.59
    assert r.raw(S, 7, 8, "实际完成值", allow_ref=True) == 91
    # elsewhere =执行率 is a formula like any other: its saved result
    assert r.raw(S, 4, 8, "分值") == 0.24
    assert r.problems == []


def test_a_formula_without_a_saved_result_is_an_error_at_its_cell():
    r = reader({"B6": Formula("=B5*1"), "B7": Formula("=ROUND(B4*B5/100+B6-B7*2,2)+SUM(B8:B12)")})
    with pytest.raises(UnusableCell):
        r.raw(S, 6, 2, "预算执行金额（执行数）")
    with pytest.raises(UnusableCell):
        r.raw(S, 7, 2, "上年结转", allow_ref=True)
    # the formula's first 30 characters
    assert r.problems == [
        Problem("预算资金!B6", "预算执行金额（执行数）", "单元格为公式“=B5*1”，文件中没有计算结果，请改为直接填写数值", ERROR),
        Problem("预算资金!B7", "上年结转", "单元格为公式“=ROUND(B4*B5/100+B6-B7*2,2)+SU”，文件中没有计算结果，请改为直接填写数值")]


@pytest.mark.parametrize("error", EXCEL_ERRORS)
def test_every_excel_error_value_is_refused_at_its_cell(error):
    assert error in ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!",
                     "#CALC!")
    r = reader({"B4": f" {error.lower()} ", "B5": Formula("=1/0")}, cached={(S, "B5"): error})
    for row in (4, 5):
        with pytest.raises(UnusableCell):
            r.raw(S, row, 2, "年初预算数")
    assert r.problems == [Problem("预算资金!B4", "年初预算数", f"单元格为错误值“{error.lower()}”，请改为有效的值"),
                          Problem("预算资金!B5", "年初预算数", f"单元格为错误值“{error}”，请改为有效的值")]


def test_all_ten_excel_errors_are_known():
    assert len(EXCEL_ERRORS) == 10 and len(set(EXCEL_ERRORS)) == 10


def test_plain_values_and_text_that_merely_looks_like_an_error_pass_unchanged():
    r = reader({"B4": 7319.56, "B5": "#1 项目", "B6": "N/A", "B7": True})
    assert [r.raw(S, row, 2, "x") for row in (4, 5, 6, 7)] == [7319.56, "#1 项目", "N/A", True]
    assert r.raw(S, 8, 2, "x") is None
    assert r.problems == []


# ------------------------------------------------------------------ text


def test_text_of_every_kind_of_cell():
    r = reader()
    assert r.text(None) == ""
    assert (r.text(True), r.text(False)) == ("是", "否")
    assert r.text(dt.datetime(2021, 5, 1, 13, 30)) == "2021-05-01"
    assert r.text(dt.date(2022, 3, 1)) == "2022-03-01"
    assert r.text(0.1) == "0.1" and r.text(1e-7) == "0.0000001" and r.text(2.0) == "2.0"
    assert r.text(2021) == "2021"
    assert r.text("  我单位 \n") == "我单位"
    assert r.text("") == ""


# ------------------------------------------------------------------ number


def test_blank_cells_are_no_number():
    r = form()
    assert r.number(None, "预算资金!B4", "年初预算数") is None
    assert r.number("", "预算资金!B4", "年初预算数") is None
    assert r.problems == []


# LibreOffice, a space typed into 得分 (M) of the example: 计入得分 shows #VALUE! while the engine took the
# cell as blank (s8i's probe) — so in a form a cell of spaces only is blank to the engine AND an error at
# the cell; a cell no formula reads (computed=False) or another tool's table (no form) stays silent.
SPACES_ONLY = "单元格中只有空格，表格公式无法计算：请选中该单元格按Delete键清空"


@pytest.mark.parametrize("typed", ["  ", "\u3000", " \n"])
def test_a_cell_of_spaces_only_is_blank_and_in_a_form_an_error(typed):
    r = form()
    assert r.number(typed, "指标评分!M12", "得分") is None
    assert r.problems == [Problem("指标评分!M12", "得分", SPACES_ONLY)]
    r = form()
    assert r.number(typed, "预算资金!B37", "上年总分", computed=False) is None
    assert r.problems == []
    r = reader()
    assert r.number(typed, "Sheet1!B4", "年初预算数") is None
    assert r.problems == []


def test_a_date_is_no_number():
    r = form()
    with pytest.raises(UnusableCell):
        r.number(dt.datetime(2021, 5, 1), "预算资金!B4", "年初预算数")
    with pytest.raises(UnusableCell):
        r.number(dt.date(2021, 5, 2), "预算资金!B5", "调整预算数")
    assert r.problems == [Problem("预算资金!B4", "年初预算数", "应为数字，现为日期“2021-05-01”"),
                          Problem("预算资金!B5", "调整预算数", "应为数字，现为日期“2021-05-02”")]


def test_text_that_is_no_number_is_an_error_with_the_numbers_message():
    r = reader()
    with pytest.raises(UnusableCell):
        r.number("约95", "指标评分!H12", "实际完成值")
    assert r.problems == [Problem("指标评分!H12", "实际完成值", "应为数字，现为“约95”")]


@pytest.mark.parametrize("typed, value, hint", [
    ("95%", D("0.95"), "请只填数字（如 0.95，百分比直接输入 95%）"),
    (" 9分 ", D(9), "请只填数字（如 9）"),
    ("７３", D(73), "请只填数字（如 73）"),
    ("1,234.50万元", D("1234.50"), "请只填数字（如 1234.5）"),
])
def test_text_in_a_cell_the_forms_formulas_read_is_an_error_yet_read(typed, value, hint):
    r = form()
    assert r.number(typed, "指标评分!H12", "实际完成值") == value
    assert r.problems == [Problem("指标评分!H12", "实际完成值", f"表格公式无法计算文字“{typed.strip()[:20]}”，{hint}")]


def test_long_text_is_quoted_to_twenty_characters():
    r = form()
    typed = "0.95000000000000000000001%"  # 26 characters
    r.number(typed, "指标评分!H12", "实际完成值")
    assert "“0.950000000000000000”" in r.problems[0].message


def test_text_numbers_are_read_silently_where_no_formula_reads_them():
    assert form().number("9分", "w", "上年得分", computed=False) == 9
    r = reader()  # a table of another tool: no formulas at all
    assert r.number("95%", "w", "实际完成值") == D("0.95")
    assert r.problems == []
    r = form()
    assert r.number(95, "w", "实际完成值") == 95 and r.number(0.9, "w", "x") == D("0.9")
    assert r.problems == []


# ------------------------------------------------------------------ percent_warning


def test_a_percentage_typed_as_a_whole_number_is_a_warning():
    r = reader()
    r.percent_warning(95, D(95), "指标评分!H10", "实际完成值")
    assert r.problems == [Problem("指标评分!H10", "实际完成值", "计量单位为%，95将按9500%计算；如指95%，请填写“95%”",
                                  WARNING)]


@pytest.mark.parametrize("raw, d, message", [
    (D("1.5"), D("1.5"), None),  # 150 %: a rate may exceed 100 %, up to 1.5 it is taken as typed
    (D("1.51"), D("1.51"), "计量单位为%，1.51将按151%计算；如指1.51%，请填写“1.51%”"),
    ("151%", D("1.51"), None),  # typed with % : meant
    (None, None, None),
    ("2.50", D("2.50"), "计量单位为%，2.5将按250%计算；如指2.5%，请填写“2.5%”"),
])
def test_the_percent_warning_starts_above_one_and_a_half(raw, d, message):
    r = reader()
    r.percent_warning(raw, d, "w", "x")
    assert [p.message for p in r.problems] == ([message] if message else [])


# ------------------------------------------------------------------ percent_entry


AT = (S, 12, 8)
WHERE = "预算资金!H12"


def _entry(raw, d, node, fmt="0%", source=DictSource):
    r = CellReader(source({S: {"H12": raw}}, formats={(S, "H12"): fmt}))
    r.percent_entry(raw, d, node, AT, WHERE)
    return r.problems


def test_the_typed_number_is_told_to_two_places():
    assert _entry(0.06255, D("0.06255"), {"unit": "个", "target": D(10)})[0].message == (
        "计量单位为个，单元格却是百分比格式，填写的6.26被存为0.06255：请把单元格格式改为“常规”后重新填写6.26")


def test_a_whole_number_stored_as_a_percentage_by_excel_is_an_error():
    assert _entry(0.06, D("0.06"), {"unit": "个", "target": D(10)}) == [Problem(
        WHERE, "实际完成值", "计量单位为个，单元格却是百分比格式，填写的6被存为0.06：请把单元格格式改为“常规”后重新填写6")]
    assert _entry(0.125, D("0.125"), {"target": D("1.01")}, fmt="0.00%") == [Problem(
        WHERE, "实际完成值", "计量单位为（空），单元格却是百分比格式，填写的12.5被存为0.125：请把单元格格式改为“常规”后重新填写12.5")]


@pytest.mark.parametrize("raw, d, node, fmt", [
    (0.06, D("0.06"), {"unit": "个", "target": D(10)}, "General"),  # not a percentage cell
    (0.06, D("0.06"), {"unit": "个", "target": D(10)}, None),  # no format at all
    ("0.06", D("0.06"), {"unit": "个", "target": D(10)}, "0%"),  # typed as text: what was typed
    (True, D(1), {"unit": "个", "target": D(10)}, "0%"),
    (1, D(1), {"unit": "个", "target": D(10)}, "0%"),  # 100 %: may be meant
    (0, D(0), {"unit": "个", "target": D(10)}, "0%"),
    (0.06, D("0.06"), {"unit": "个", "target": D(1)}, "0%"),  # a target of 1 or less: a rate
    (0.06, D("0.06"), {"unit": "个", "target": "≥10个"}, "0%"),
    (0.06, D("0.06"), {"unit": "个"}, "0%"),
])
def test_no_percent_entry_error_where_the_number_may_be_meant(raw, d, node, fmt):
    assert _entry(raw, d, node, fmt) == []


def test_no_percent_entry_error_from_a_source_without_formats():
    assert _entry(0.06, D("0.06"), {"unit": "个", "target": D(10)}, source=PlainSource) == []


# ------------------------------------------------------------------ percent_score


def _score(raw, weight, fmt="General", col=13, source=DictSource):
    r = CellReader(source({S: {"M12": raw}}, formats={(S, "M12"): fmt}))
    r.percent_score(raw, weight, S, 12, col, "预算资金!M12")
    return r


@pytest.mark.parametrize("raw, weight, fmt, pct, pts", [
    ("95%", D(10), "General", "95%", "9.5"),
    (" 87.5% ", D(4), "0.0", "87.5%", "3.5"),
    (0.8, D(10), "0%", "80%", "8"),
    (1, D(3), "0.00%", "100%", "3"),
    (0.333, D(2), "0.0%", "33.3%", "0.67"),  # 0.666 points, two places half up
    ("12.345%", D(10), "General", "12.35%", "1.23"),  # 12.345 % half up to 12.35 %; 1.2345 points to 1.23
])
def test_a_percentage_in_the_score_of_an_indicator_worth_more_than_a_point_is_an_error(raw, weight, fmt, pct, pts):
    assert _score(raw, weight, fmt).problems == [Problem(
        "预算资金!M12", "得分", f"得分应填分数（本指标分值{weight}），现为百分比“{pct}”：如得分率为{pct}，请填写{pts}，"
        "并把单元格格式改为“常规”")]


@pytest.mark.parametrize("raw, weight, fmt, col", [
    ("95%", D(1), "General", 13),  # worth one point: 0.95 points may be meant
    ("95%", None, "General", 13),
    ("95%", D(10), "General", None),  # no 得分 column
    (None, D(10), "0%", 13),
    (True, D(10), "0%", 13),
    (0.8, D(10), "General", 13),  # not shown as a percentage: 0.8 points
    (0, D(10), "0%", 13),
    (1.2, D(10), "0%", 13),
    ("9", D(10), "0%", 13),  # text without %
    ("约95%", D(10), "General", 13),  # not a number: the number check says so
])
def test_no_percent_score_error_where_points_may_be_meant(raw, weight, fmt, col):
    assert _score(raw, weight, fmt, col).problems == []


def test_a_score_is_asked_for_its_format_only_when_it_could_be_a_percentage():
    assert _score(8, D(10), "0%").src.format_calls == 0
    assert _score("95%", D(10), "0%").src.format_calls == 0
    assert _score(0.8, D(10), "0%").src.format_calls == 1
    assert _score(0.8, D(10), source=PlainSource).problems == []


# ------------------------------------------------------------------ find_header, _row_headers

HEAD = ("分值", "实际完成值")


def test_a_header_row_is_found_by_its_name_when_the_name_points_at_it():
    src = DictSource({"说明": {"A1": "分值", "B1": "实际完成值"}, "指标评分": {"A3": " 分 值", "B3": "实际完成值"}},
                     names={"指标表头": ("指标评分", "A3")})
    assert CellReader(src).find_header("指标表头", HEAD) == ("指标评分", 3)


def test_a_header_row_is_searched_when_its_name_points_elsewhere_or_nowhere():
    src = DictSource({"说明": {"A1": "说明"}, "指标": {"A2": "分值", "C5": "分值", "D5": "实际完成值"}},
                     names={"指标表头": ("指标", "A2")})
    assert CellReader(src).find_header("指标表头", HEAD) == ("指标", 5)
    assert CellReader(src).find_header("其他", HEAD) == ("指标", 5)
    assert CellReader(src).find_header("其他", ("分值", "实际完成值", "得分")) is None


def test_the_search_looks_at_the_first_forty_rows_of_each_sheet_in_order():
    src = DictSource({"甲": {"A41": "分值", "B41": "实际完成值"}, "乙": {"A40": "分值", "B40": "实际完成值"},
                      "丙": {"A1": "分值", "B1": "实际完成值"}})
    assert CellReader(src).find_header("", HEAD) == ("乙", 40)
    assert CellReader(DictSource({"甲": {"A1": "分值", "B1": "实际完成值"}})).find_header("", HEAD) == ("甲", 1)


def test_a_row_with_an_avoided_header_is_passed_over():
    src = DictSource({"文字材料": {"A3": "章节", "B3": "栏目", "C3": "内容", "A9": "栏目", "B9": "内容"}})
    r = CellReader(src)
    assert r.find_header("", ("栏目", "内容"), ("章节",)) == ("文字材料", 9)
    assert r.find_header("", ("栏目", "内容")) == ("文字材料", 3)
    assert r.find_header("", ("栏目", "内容"), ("章节", "备注")) == ("文字材料", 9)


def test_a_named_header_row_must_hold_every_header_asked_for():
    src = DictSource({"文字材料": {"A3": "章节", "B3": "栏目", "A9": "章节", "B9": "栏目", "C9": "内容"}},
                     names={"文字材料表头": ("文字材料", "A3")})
    assert CellReader(src).find_header("文字材料表头", ("章节", "栏目", "内容")) == ("文字材料", 9)


def test_header_columns_first_of_a_kind_up_to_the_sixtieth():
    from openpyxl.utils import get_column_letter

    cells = {"A3": "一级指标", "B3": None, "C3": " 分值 ", "D3": "分值", "E3": 7}
    cells.update({f"{get_column_letter(60)}3": "第六十列", f"{get_column_letter(61)}3": "第六十一列"})
    r = CellReader(DictSource({"指标评分": cells}))
    assert r._row_headers("指标评分", 3) == {"一级指标": 1, "分值": 3, "7": 5, "第六十列": 60}
    assert r._row_headers("指标评分", 4) == {}
