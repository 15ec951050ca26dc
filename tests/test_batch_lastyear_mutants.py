"""Year on year of the bureau's 汇总表 (xlperf/batch/lastyear.py), judged by `make mutate` (issue 19) with fast
tests: no batch run, no LibreOffice.  Every expected cell is worked out by hand in the comments (README: 汇总's
上年总分, 变化, 上年名次, 名次, 名次变化; 变化 is taken between the totals as printed, two places, half up).

Survivors of `make mutate MODULE=xlperf/batch/lastyear.py` with this file's selection, argued:

* ``read_last_year`` 18, 21, 23 (``read_only=None`` / omitted / ``False``): equivalent — openpyxl reads the same
  values, only streamed or loaded whole; an empty sheet gives ``[]`` read-only and ``[(None,)]`` loaded, both without
  a 单位/总分 header, so the same refusal (test_no_summary_sheet_or_an_empty_one_is_refused).
* ``read_last_year`` 73, 74 (the guard ``heads[key] < len(row)`` made always true / ``<=``): killed (session 8, s8g)
  by test_a_row_shorter_than_its_header_reads_blank: openpyxl's read-only reader pads every row to the width the
  sheet's ``<dimension>`` states, but that element is optional (ECMA-376 Part 1: ``minOccurs="0"`` in
  CT_Worksheet), and without it each row is as long as its last cell — a row with only its 单位 is shorter than the
  header.
* ``compare`` 44 (``rank < prev_rank`` → ``<=``): equivalent — equal ranks are taken by the ``—`` branch before.
"""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal as D

import openpyxl
import pytest

from xlperf.batch.lastyear import (LastYear, LastYearError, compare, header_index, headers, missing_units,
                                   read_last_year, shown)
from xlperf.batch.record import Record, Status


def _rec(file, unit, total, status=Status.OK, prev=None):
    return Record(file=file, unit=unit, year=2022, total=total, grade="良", status=status, prev_total=prev)


def _file(path, rows, heads=("单位", "总分"), title=None):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    if title is not None:
        ws.append([title])
    ws.append(list(heads))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


# ---------------------------------------------------------------- compare without a last-year file


def test_nothing_to_compare_without_a_file_or_a_forms_previous_total():
    assert compare([_rec("a.xlsx", "甲局", "90")], None) == {}
    assert headers(None) == ["上年总分", "变化", "名次"]
    assert headers(LastYear("x")) == ["上年总分", "变化", "上年名次", "名次", "名次变化"]


def test_forms_own_previous_total_printed_half_up_and_change_between_printed_totals():
    # 90.005 prints 90.01 (half up, not half even 90.00), 2nd after 91; 上年 88.125 prints 88.13; 变化 1.88
    recs = [_rec("a.xlsx", "甲局", "90.005", prev="88.125"),
            _rec("b.xlsx", "乙局", "91", prev="0"),  # 上年 0: 变化 91 − 0 = 91, not blank
            _rec("c.xlsx", "丙局", "80")]  # no 上年总分: 变化 blank
    rows = compare(recs, None)
    assert rows["a.xlsx"] == {"名次": 2, "上年总分": D("88.13"), "变化": D("1.88")}
    assert rows["b.xlsx"] == {"名次": 1, "上年总分": D("0.00"), "变化": D("91.00")}
    assert rows["c.xlsx"] == {"名次": 3, "上年总分": None, "变化": None}
    assert shown(None) is None and shown("2.345") == D("2.35")


def test_a_workbook_without_a_report_has_no_rank_and_no_change_but_keeps_last_years_total():
    recs = [_rec("a.xlsx", "甲局", "93", Status.INVALID, prev="90"), _rec("b.xlsx", "乙局", "80", Status.WARN)]
    rows = compare(recs, None)
    assert rows["a.xlsx"] == {"名次": None, "上年总分": D("90.00"), "变化": None}
    assert rows["b.xlsx"]["名次"] == 1  # 有警告 ranked; the 93 with errors is not


# ---------------------------------------------------------------- compare against last year's file


def test_every_kind_of_rank_move():
    last = LastYear("上年.xlsx", {"甲局": ("甲局", D(80), 4), "乙局": ("乙局", D(95), 1), "丙局": ("丙局", D(90), 2),
                                  "丁局": ("丁局", None, None), "戊局": ("戊局", D("0"), 5)})
    recs = [_rec("a.xlsx", "甲　局", "96"),  # 1st (was 4th): ↑3, 变化 96 − 80 = 16
            _rec("b.xlsx", "乙局", "70"),  # 5th (was 1st): ↓4
            _rec("c.xlsx", "丙局", "94"),  # 2nd (was 2nd): —
            _rec("d.xlsx", "丁局", "93"),  # 3rd, listed last year without a 名次
            _rec("e.xlsx", "己局", "92"),  # 4th, not in last year's file: 新增
            _rec("f.xlsx", "戊局", "99", Status.FAILED)]  # no report: no 名次 nor move; 上年 0 shown
    rows = compare(recs, last)
    assert rows["a.xlsx"] == {"名次": 1, "上年名次": 4, "名次变化": "↑3", "上年总分": D("80.00"), "变化": D("16.00")}
    assert rows["b.xlsx"] == {"名次": 5, "上年名次": 1, "名次变化": "↓4", "上年总分": D("95.00"), "变化": D("-25.00")}
    assert rows["c.xlsx"] == {"名次": 2, "上年名次": 2, "名次变化": "—", "上年总分": D("90.00"), "变化": D("4.00")}
    assert rows["d.xlsx"] == {"名次": 3, "上年名次": None, "名次变化": "上年无名次", "上年总分": None, "变化": None}
    assert rows["e.xlsx"] == {"名次": 4, "上年名次": None, "名次变化": "新增", "上年总分": None, "变化": None}
    assert rows["f.xlsx"] == {"名次": None, "上年名次": 5, "名次变化": "", "上年总分": D("0.00"), "变化": None}


def test_a_last_year_total_of_zero_gives_a_change():
    last = LastYear("上年.xlsx", {"甲局": ("甲局", D(0), 1)})
    assert compare([_rec("a.xlsx", "甲局", "60.5")], last)["a.xlsx"]["变化"] == D("60.50")


def test_missing_units_in_last_years_order_as_written():
    last = LastYear("上年.xlsx", {"AB局": ("ＡＢ局", D(80), 1), "甲局": ("甲局", D(70), 2), "乙局": ("乙局", None, None)})
    assert missing_units([_rec("a.xlsx", "A B局", "90")], last) == ["甲局", "乙局"]
    assert missing_units([_rec("a.xlsx", "甲局", "90")], None) is None
    assert missing_units([_rec("a.xlsx", "甲局", "90"), _rec("b.xlsx", "乙局", "9"), _rec("c.xlsx", "AB局", "9")],
                         last) == []


# ---------------------------------------------------------------- reading the file


def test_header_row_under_the_title_and_names_with_spaces(tmp_path):
    f = _file(tmp_path / "上年.xlsx", [("甲局", 90, 2), ("  ", 70, 9), ("乙局", "95.5", "1")],
              heads=("单 位", "总　分", "名次"), title="甲市2021年度部门整体绩效自评汇总表")
    # the blank 单位 row is skipped; a number written as text is read
    assert read_last_year(f).units == {"甲局": ("甲局", D(90), 2), "乙局": ("乙局", D("95.5"), 1)}


def test_header_index_looks_at_the_first_five_rows_only():
    head = ("单位", "总分")
    assert header_index([("x",), ("单位",), ("总分",), head]) == 3
    assert header_index([()] * 4 + [head]) == 4
    assert header_index([()] * 5 + [head]) == 0  # the sixth row is not looked at
    assert header_index([(None, "单位", None, "总分")]) == 0
    assert header_index([("标题",), (None, "单位", None, "总分")]) == 1


def test_a_duplicate_column_counts_its_first_occurrence(tmp_path):
    f = _file(tmp_path / "上年.xlsx", [("甲局", 90, 70)], heads=("单位", "总分", "总分"))
    assert read_last_year(f).units == {"甲局": ("甲局", D(90), 1)}


@pytest.mark.parametrize("rows, heads, expected", [
    ([("甲局", 90, 0)], ("单位", "总分", "名次"), "汇总!C2的名次应为正整数，现为“0”"),
    ([("甲局", 90, -2)], ("单位", "总分", "名次"), "汇总!C2的名次应为正整数，现为“-2”"),
    ([("甲局", True)], ("单位", "总分"), "上年汇总表“上年.xlsx”汇总!B2的总分应为数字，现为“True”"),
    ([("甲局", "一二三四五六七八九十一二三四五六七八九十廿")], ("单位", "总分"),
     "汇总!B2的总分应为数字，现为“一二三四五六七八九十一二三四五六七八九十”"),
    ([("甲局", "  ")], ("单位", "总分"), "工作表中没有任何单位的总分，请指定上年 xlperf batch 生成的“汇总表.xlsx”"),
    ([("甲局", 90)], ("序号", "单位名称", "得分"), "“汇总”工作表第1行没有“单位”“总分”列，请指定"),
    ([("甲局", 90), ("乙局", 80), ("甲局", 70)], ("单位", "总分"),
     "中单位“甲局”出现两次（第2行、第4行），无法确定上年总分，请删去多余的一行"),
])
def test_refusals_name_the_cell_and_what_it_holds(tmp_path, rows, heads, expected):
    with pytest.raises(LastYearError) as err:
        read_last_year(_file(tmp_path / "上年.xlsx", rows, heads))
    assert expected in str(err.value)


def test_a_broken_workbook_is_refused_as_unopenable(tmp_path):
    path = tmp_path / "上年.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "not xml")
    with pytest.raises(LastYearError) as err:
        read_last_year(path)
    assert str(err.value) == ("上年汇总表“上年.xlsx”无法打开：文件已损坏或不是有效的Excel工作簿，"
                              "请指定上年 xlperf batch 生成的“汇总表.xlsx”")


def test_a_file_without_rank_is_ranked_by_total_and_units_without_total_have_none(tmp_path):
    f = _file(tmp_path / "上年.xlsx", [("甲局", 80), ("乙局", None), ("丙局", 95), ("丁局", 80)])
    assert read_last_year(f).units == {"甲局": ("甲局", D(80), 2), "乙局": ("乙局", None, None),
                                       "丙局": ("丙局", D(95), 1), "丁局": ("丁局", D(80), 2)}


def test_a_missing_file_or_no_office_file_is_named_as_last_years_summary(tmp_path):
    with pytest.raises(LastYearError) as err:
        read_last_year(tmp_path / "无.xlsx")
    assert str(err.value) == f"上年汇总表“{tmp_path / '无.xlsx'}”不存在，请指定上年 xlperf batch 生成的“汇总表.xlsx”"
    (tmp_path / "上年.xlsx").write_text("单位,总分\n甲局,90\n", encoding="utf-8")
    with pytest.raises(LastYearError) as err:
        read_last_year(tmp_path / "上年.xlsx")
    assert str(err.value).startswith("上年汇总表“上年.xlsx”不是有效的Office文件")


def test_no_summary_sheet_or_an_empty_one_is_refused(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "统计"
    wb.save(tmp_path / "a.xlsx")
    with pytest.raises(LastYearError) as err:
        read_last_year(tmp_path / "a.xlsx")
    assert str(err.value) == "上年汇总表“a.xlsx”中没有“汇总”工作表，请指定上年 xlperf batch 生成的“汇总表.xlsx”"
    wb.active.title = "汇总"  # an empty 汇总: no header in row 1
    wb.save(tmp_path / "b.xlsx")
    with pytest.raises(LastYearError) as err:
        read_last_year(tmp_path / "b.xlsx")
    assert str(err.value) == ("上年汇总表“b.xlsx”的“汇总”工作表第1行没有“单位”“总分”列，"
                              "请指定上年 xlperf batch 生成的“汇总表.xlsx”")


def test_a_rank_that_is_no_number_names_its_cell(tmp_path):
    with pytest.raises(LastYearError) as err:
        read_last_year(_file(tmp_path / "上年.xlsx", [("甲局", 90, "第一")], ("单位", "总分", "名次")))
    assert str(err.value) == "上年汇总表“上年.xlsx”汇总!C2的名次应为数字，现为“第一”"


def test_the_values_excel_computed_are_read_not_the_formulas_and_the_file_name_is_kept(tmp_path):
    # a 总分 typed as a formula: the value Excel saved is read (openpyxl saves none: blank), never “=80+5” as text
    f = _file(tmp_path / "上年.xlsx", [("甲局", "=80+5"), ("乙局", 90), (None, 70)])
    last = read_last_year(f)
    assert last.units == {"甲局": ("甲局", None, None), "乙局": ("乙局", D(90), 1)}  # the row without 单位 skipped
    assert last.name == "上年.xlsx"


def test_a_row_shorter_than_its_header_reads_blank(tmp_path):
    """A 汇总 sheet saved without the optional <dimension> element (a program other than Excel may leave it out):
    openpyxl then gives each row only up to its last cell, so 乙局's row, with only its 单位, is one cell long."""
    path = _file(tmp_path / "上年.xlsx", [("甲局", 1, 91), ("乙局",)], heads=("单位", "名次", "总分"))
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    assert '<dimension ref="A1:C3"/>' in sheet
    parts["xl/worksheets/sheet1.xml"] = re.sub(r"<dimension[^>]*/>", "", sheet).encode()
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    last = read_last_year(path)
    assert last.units == {"甲局": ("甲局", D(91), 1), "乙局": ("乙局", None, None)}
