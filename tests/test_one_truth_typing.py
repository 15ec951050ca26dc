"""One truth for what clerks really type (s8i's probe): where LibreOffice's native formulas read a typed value
otherwise than the engine, `xlperf check` says so at the typed cell, in Chinese, with what to fix — never only a
“原因不明” at the grey 计入得分 cell, never a misleading unit (“,23”, “天内”).

What LibreOffice computes was measured over UNO (tests/lo_uno_script.py, the example form, `calculate`); the
numbers are noted next to each case and the last test repeats the measurement end to end.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from form_cells import indicator_rows
from lo_uno import run_uno, uno_required
from test_workbook_rows_mutants import one

from xlperf.app.load import load_checked
from xlperf.domain.numbers import InputError, to_decimal
from xlperf.domain.problems import Problem
from xlperf.domain.targets import native_readable
from xlperf.workbook import layout as L

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "workbooks" / "example-2021.xlsx"
IND = L.S_IND
COMMA = "中的逗号位置不对：小数点请用“.”，千位分隔每三位一个“,”"
SPACES = "（前后有全角空格或换行，请删去）"
ONLY_YES = "表格公式只认“是”，现为“{}”，本行仍会计入得分：请改为“是”"


# ------------------------------------------------------------------ commas: VALUE() reads only thousands groups

@pytest.mark.parametrize("typed", ["1,23", "12,00", "1.234,5", "1,2345", "12,000,0", "1,23万元", ",5"])
def test_a_comma_that_groups_no_thousands_is_no_number(typed):
    # LibreOffice: VALUE("1,23") is #VALUE! (the row's 建议得分 blank); the engine read 123 before
    with pytest.raises(InputError) as info:
        to_decimal(typed)
    assert str(info.value) == f"“{typed}”{COMMA}"


def test_a_long_comma_text_is_quoted_to_thirty_characters():
    with pytest.raises(InputError) as info:
        to_decimal("1,23" + "4" * 30)
    assert str(info.value) == f"“1,23{'4' * 26}”{COMMA}"


@pytest.mark.parametrize("typed, expected", [
    ("12,000", D(12000)), ("1,234.5", D("1234.5")), ("1,234,567.5万元", D("1234567.5")), ("-1,000", D(-1000)),
    ("１，２３４", D(1234)), ("7,319.56", D("7319.56")),
])
def test_thousands_groups_still_read(typed, expected):
    assert to_decimal(typed) == expected


# ------------------------------------------------------------------ spaces the native formula cannot remove

@pytest.mark.parametrize("text, unit, readable", [
    ("95%\u3000", "%", False), ("\u300095%", "%", False), ("95%\n", "%", False),  # LibreOffice: 建议得分 blank
    ("≥90%\u3000", "%", False), ("5天\t", "天", False),
    (" 95% ", "%", True), ("95 %", "%", True), ("≥ 90 %", "%", True),  # LibreOffice: 0.95 → 4.75 of 5
])
def test_only_the_ascii_space_is_removed_by_the_native_formula(text, unit, readable):
    assert native_readable(text, unit) is readable


def test_a_full_width_space_after_a_written_value_is_an_error_that_names_it():
    node, problems = one(form=True, method="正向", unit="%", target=1, actual="95%\u3000")
    assert problems == [Problem("指标评分!H6", "实际完成值",
                                f"表格公式无法计算文字“95%”{SPACES}，请只填数字（半角），百分比直接输入 95%")]
    node, problems = one(form=True, method="正向", unit="%", target="≥90%\n", actual=0.95)
    assert problems == [Problem("指标评分!G6", "年度指标值",
                                f"表格公式无法计算“≥90%”{SPACES}，请用半角数字写成“≥90%”“≤90万元”这样的形式")]
    node, problems = one(form=True, method="正向", unit="%", target=1, actual=" 95% ")  # the ASCII space: read alike
    assert problems == [] and node["actual"] == D("0.95")


def test_spaces_outside_a_form_are_read():
    node, problems = one(method="正向", unit="%", target=1, actual="95%\u3000")  # another tool's table: no formulas
    assert problems == [] and node["actual"] == D("0.95")


# ------------------------------------------------------------------ units: a comma, a word after the unit

def test_a_misplaced_comma_in_a_written_value_is_not_called_a_unit():
    node, problems = one(form=True, method="正向", unit="人", target=100, actual="1,23")
    assert problems == [Problem("指标评分!H6", "实际完成值", f"“1,23”{COMMA}")]
    node, problems = one(form=True, method="正向", unit="人", target="12,00人", actual=1200)
    assert problems == [Problem("指标评分!G6", "年度指标值", f"“12,00人”{COMMA}")]


def test_a_word_after_the_unit_says_how_to_write_the_comparison():
    node, problems = one(form=True, unit="天", target="5天内", actual=3)
    assert problems[0] == Problem("指标评分!G6", "年度指标值",
                                  "“5天内”中“天”后的“内”无法识别：不超过请写成“≤5天”或“5天以内”，否则请删去")
    # another unit altogether stays a unit message; so does "%%" in a % row (no "≤0.95%" advice)
    node, problems = one(form=True, method="反向", unit="天", target="3个工作日", actual=2)
    assert problems == [Problem("指标评分!G6", "年度指标值", "单位“个工作日”与计量单位“天”不一致，请换算后填写")]
    node, problems = one(form=True, method="正向", unit="%", target=1, actual="95%%")
    assert problems == [Problem("指标评分!H6", "实际完成值", "单位“%%”与计量单位“%”不一致，请换算后填写")]


# ------------------------------------------------------------------ 不适用: the sheet tests ="是"

@pytest.mark.parametrize("typed, shown", [("Y", "Y"), ("√", "√"), ("是 ", "是 "), ("TRUE", "TRUE"), (True, "TRUE")])
def test_in_a_form_only_yes_makes_a_row_not_applicable_in_the_sheet(typed, shown):
    # LibreOffice: 不适用 “Y”, “√”, “是 ” — 计入得分 still shows the row's 分值 (5 of 5), the engine left it out
    node, problems = one(form=True, method="人工", manual_score=8, not_applicable=typed)
    assert node["not_applicable"] is True
    assert problems == [Problem("指标评分!O6", "不适用", ONLY_YES.format(shown))]


def test_yes_itself_is_no_problem_and_other_tables_keep_their_words():
    node, problems = one(form=True, method="人工", manual_score=8, not_applicable="是")
    assert node["not_applicable"] is True and problems == []
    node, problems = one(method="人工", manual_score=8, not_applicable="√")
    assert node["not_applicable"] is True and problems == []


# ------------------------------------------------------------------ 评分方法 and 计量单位 with spaces around them

def test_a_method_with_a_full_width_space_is_an_error_an_ascii_space_is_not():
    # LibreOffice: 评分方法 “反向　” — 评分方法（计算用） keeps it, 建议得分 blank; “正向 ” — trimmed, 1.8 = 2 × 0.81/0.9
    node, problems = one(form=True, method="反向\u3000", unit="%", target=0.05, actual=0.1)
    assert node["method"] == "反向"
    assert problems == [Problem("指标评分!E6", "评分方法",
                                f"评分方法“反向”{SPACES}，否则表格公式不认，算不出建议得分")]
    node, problems = one(form=True, method="正向 ", unit="%", target=0.9, actual=0.81)
    assert problems == []
    node, problems = one(method="反向\u3000", unit="%", target=0.05, actual=0.1)  # no form: no formula to miss it
    assert problems == []


def test_a_unit_with_a_space_is_named_where_a_written_value_needs_it():
    # LibreOffice: 计量单位 “人 ”, 年度指标值 “≥100人”, 实际完成值 “81人” — the formula removes “人 ”, finds none: blank
    hint = "（计量单位“人”前后有空格，请删去）"
    node, problems = one(form=True, method="正向", unit="人 ", target="≥100人", actual="81人")
    assert problems == [Problem("指标评分!G6", "年度指标值",
                                f"表格公式无法计算“≥100人”{hint}，请用半角数字写成“≥90%”“≤90万元”这样的形式"),
                        Problem("指标评分!H6", "实际完成值",
                                f"表格公式无法计算文字“81人”{hint}，请只填数字（半角），百分比直接输入 95%")]
    assert node["unit"] == "人"
    node, problems = one(form=True, method="正向", unit="人", target="≥100人", actual="81人")
    assert problems == [] and node["actual"] == D(81)
    node, problems = one(form=True, method="正向", unit="% ", target=0.9, actual=0.81)  # numbers: nothing to remove
    assert problems == []


# ------------------------------------------------------------------ end to end, typed in LibreOffice

@uno_required
def test_libreoffice_typings_are_errors_at_their_cells(tmp_path):
    rows = indicator_rows(EXAMPLE)
    r_sp, r_blank, r_na, r_comma, r_within = (rows[n] for n in ("基层党组织建设任务完成率", "财务管理制度健全性",
                                                                "党员教育和发展计划完成率", "人才工作任务完成率",
                                                                "干部教育培训计划完成率"))
    r_method, r_unit = rows["干部选拔任用监督检查覆盖率"], rows["预算编制细化率"]
    acts = [{"op": "set", "sheet": IND, "cell": f"H{r_sp}", "value": "95%\u3000"},  # 正向 %, 目标 1, 5 points
            {"op": "set", "sheet": IND, "cell": f"M{r_blank}", "value": " "},  # 定性, 1 point
            {"op": "set", "sheet": IND, "cell": f"O{r_na}", "value": "√"},
            {"op": "set", "sheet": IND, "cell": f"H{r_comma}", "value": "1,23"},
            {"op": "set", "sheet": IND, "cell": f"F{r_within}", "value": "天"},
            {"op": "set", "sheet": IND, "cell": f"G{r_within}", "value": "5天内"},
            {"op": "set", "sheet": IND, "cell": f"H{r_within}", "value": 3},
            {"op": "set", "sheet": IND, "cell": f"E{r_method}", "value": "正向\u3000"},  # 5 points, 1 of 1
            {"op": "set", "sheet": IND, "cell": f"F{r_unit}", "value": "人 "},  # 正向, 1 point
            {"op": "set", "sheet": IND, "cell": f"G{r_unit}", "value": "≥100人"},
            {"op": "set", "sheet": IND, "cell": f"H{r_unit}", "value": "81人"},
            {"op": "calculate"},
            {"op": "get", "sheet": IND, "cells": [f"P{r}" for r in (r_sp, r_blank, r_na, r_comma, r_within,
                                                                    r_method, r_unit)]},
            {"op": "save", "path": str(tmp_path / "typed.xlsx")}]
    shown = run_uno(EXAMPLE, acts, timeout=300)["results"][-2]
    assert (shown.pop(f"P{r_method}"), shown.pop(f"P{r_unit}")) == ("", "")  # neither row computed by the sheet
    # what LibreOffice shows: no score for the texts it cannot read, #VALUE! for the space, 5 for the √ row
    assert shown == {f"P{r_sp}": "", f"P{r_blank}": "#VALUE!", f"P{r_na}": 5, f"P{r_comma}": "",
                     f"P{r_within}": ""}
    _, _, _, problems = load_checked(tmp_path / "typed.xlsx")
    at = {p.where: p.message for p in problems if p.severity == "错误"}
    assert at[f"{IND}!H{r_sp}"].startswith(f"表格公式无法计算文字“95%”{SPACES}")
    assert at[f"{IND}!M{r_blank}"] == "单元格中只有空格，表格公式无法计算：请选中该单元格按Delete键清空"
    assert at[f"{IND}!O{r_na}"] == ONLY_YES.format("√")
    assert at[f"{IND}!H{r_comma}"] == f"“1,23”{COMMA}"
    assert at[f"{IND}!G{r_within}"].startswith("“5天内”中“天”后的“内”无法识别")
    assert at[f"{IND}!E{r_method}"] == f"评分方法“正向”{SPACES}，否则表格公式不认，算不出建议得分"
    assert at[f"{IND}!H{r_unit}"].endswith("（计量单位“人”前后有空格，请删去），请只填数字（半角），百分比直接输入 95%")
    assert not [p for p in problems if "原因不明" in p.message], problems


def test_long_texts_are_quoted_to_twenty_characters_and_the_extra_word_to_ten():
    node, problems = one(form=True, method="正向", unit="人", target=100, actual="1,23" + "4" * 25)
    assert problems == [Problem("指标评分!H6", "实际完成值", f"“1,23{'4' * 16}”{COMMA}")]
    node, problems = one(form=True, unit="天", target="5天" + "内" * 20, actual=3)
    assert problems[0].message == f"“5天{'内' * 18}”中“天”后的“{'内' * 10}”无法识别：不超过请写成“≤5天”或“5天以内”，否则请删去"


def test_no_space_hint_where_the_text_has_no_space_around_it():
    # full-width digits the formula cannot read, ending in the row's unit: nothing invisible to point at
    node, problems = one(form=True, method="正向", unit="X", target="９０X", actual=95)
    assert problems == [Problem("指标评分!G6", "年度指标值",
                                "表格公式无法计算“９０X”，请用半角数字写成“≥90%”“≤90万元”这样的形式")]


def test_long_methods_and_units_are_quoted_to_ten_characters_and_no_unit_gives_no_unit_hint():
    node, problems = one(form=True, method="正向" * 6 + "\u3000", unit="%", target=1, actual=1)
    assert problems[0] == Problem("指标评分!E6", "评分方法",
                                  f"评分方法“{'正向' * 5}”{SPACES}，否则表格公式不认，算不出建议得分")
    unit = "人次按全年培训班次计算"  # 11 characters
    node, problems = one(form=True, method="正向", unit=unit + " ", target=100, actual=f"81{unit}")
    assert problems == [Problem("指标评分!H6", "实际完成值", f"表格公式无法计算文字“81{unit}”（计量单位“{unit[:10]}”前后有空格，"
                                                       "请删去），请只填数字（半角），百分比直接输入 95%")]
    node, problems = one(form=True, method="正向", target=1, actual="９５")  # no 计量单位: nothing about one
    assert problems == [Problem("指标评分!H6", "实际完成值", "表格公式无法计算文字“９５”，请只填数字（半角），百分比直接输入 95%")]


# ------------------------------------------------------------------ a number stored as text

TEXT_NUMBER = "数字“{}”存成了文字（单元格为文本格式或以'开头），合计等公式会漏算：请把单元格格式改为“常规”后重新输入"


@pytest.mark.parametrize("typed, shown, value", [
    ("5", "5", D(5)), (" 5", "5", D(5)), ("0.5 ", "0.5", D("0.5")), ("-2", "-2", D(-2)), (".5", ".5", D("0.5")),
])
def test_a_number_stored_as_text_is_named_so(typed, shown, value):
    # LibreOffice: 分值 typed as the text “ 5” — the row's 建议得分 still reads 5, but SUM over 分值 skips it
    node, problems = one(form=True, method="人工", manual_score=typed)
    assert node["manual_score"] == value
    assert problems == [Problem("指标评分!M6", "得分", TEXT_NUMBER.format(shown))]


@pytest.mark.parametrize("typed, message", [
    ("5分", "表格公式无法计算文字“5分”，请只填数字（如 5）"),
    ("５", "表格公式无法计算文字“５”，请只填数字（如 5）"),  # full-width: no number the clerk can retype as it is
    ("5e1", "表格公式无法计算文字“5e1”，请只填数字（如 50）"),
])
def test_other_texts_keep_their_message(typed, message):
    node, problems = one(form=True, method="人工", manual_score=typed)
    assert problems == [Problem("指标评分!M6", "得分", message)]
    node, problems = one(method="人工", manual_score="5")  # no form: the engine reads it, no formula to miss it
    assert problems == []


def test_a_long_number_stored_as_text_is_quoted_to_twenty_characters():
    node, problems = one(form=True, method="人工", manual_score="1.23456789012345678901")  # 22 characters
    assert problems == [Problem("指标评分!M6", "得分", TEXT_NUMBER.format("1.234567890123456789"))]


@uno_required
def test_libreoffice_full_width_band_parameter_names_its_warning_as_the_cause(tmp_path):
    # a 区间 parameter in full-width characters: the engine reads it, LibreOffice's 建议得分 and 计入得分 stay blank
    r = indicator_rows(EXAMPLE)["基层党组织建设任务完成率"]  # 5 points
    acts = [{"op": "set", "sheet": IND, "cell": f"E{r}", "value": "区间"},
            {"op": "set", "sheet": IND, "cell": f"K{r}", "value": "≥９０％：５；＜90%：2.5"},
            {"op": "set", "sheet": IND, "cell": f"H{r}", "value": 0.95},
            {"op": "calculate"},
            {"op": "get", "sheet": IND, "cells": [f"L{r}", f"P{r}"]},
            {"op": "save", "path": str(tmp_path / "band.xlsx")}]
    assert run_uno(EXAMPLE, acts, timeout=300)["results"][-2] == {f"L{r}": "", f"P{r}": ""}
    _, _, _, problems = load_checked(tmp_path / "band.xlsx")
    at = {(p.where, p.severity): p.message for p in problems}
    assert at[(f"{IND}!K{r}", "警告")].startswith("在WPS/LibreOffice中无法自动计算建议得分（")
    assert at[(f"{IND}!P{r}", "错误")] == (f"表中显示空白，程序计算为5：本行评分参数的表格公式无法计算（见{IND}!K{r}的提示），"
                                          "请直接填写得分或简化参数")
    assert not [p for p in problems if "原因不明" in p.message], problems
