"""The blank form guides instead of misleading (issue 13 §3): no 总分 0 / 等级 差 before anything is filled,
drop-downs that refuse typos with the choices, a 说明 without programmers' words, a year typed as "2023年"."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from xlperf.app.load import load_evaluation
from xlperf.infra.office import convert
from xlperf.workbook import layout as L
from form_cells import named_cell

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"


def test_blank_form_shows_no_total_and_no_grade_until_a_score_is_there(tmp_path):
    blank = openpyxl.load_workbook(convert(WORKBOOKS / "xlperf-form.xlsx", "xlsx", tmp_path / "b"), data_only=True)
    assert named_cell(blank, L.TOTAL_NAME).value in (None, "") and named_cell(blank, L.GRADE_NAME).value in (None, "")
    # one typed score is enough: 5 of the 4-point 工作目标管理's first leaf… any number makes the form compute
    wb = openpyxl.load_workbook(WORKBOOKS / "xlperf-form.xlsx")
    ws = wb[L.S_IND]
    leaf = next(r for r in range(L.IND_HEADER_ROW + 1, ws.max_row) if ws.cell(r, L.IND_COL["method"]).value == "人工")
    ws.cell(leaf, L.IND_COL["manual_score"], 2)
    wb.save(tmp_path / "one.xlsx")
    one = openpyxl.load_workbook(convert(tmp_path / "one.xlsx", "xlsx", tmp_path / "o"), data_only=True)
    assert named_cell(one, L.TOTAL_NAME).value == 2 and named_cell(one, L.GRADE_NAME).value == "差"  # 2 of 100: below 60


def test_drop_downs_refuse_typos_and_list_the_choices():
    wb = openpyxl.load_workbook(WORKBOOKS / "xlperf-form.xlsx")
    lists = [dv for ws in wb for dv in ws.data_validations.dataValidation if dv.formula1.startswith('"')]
    assert lists
    for dv in lists:
        choices = dv.formula1.strip('"').split(",")
        assert dv.showErrorMessage and dv.errorStyle in (None, "stop"), dv.formula1
        assert dv.error == f"只能填：{'、'.join(choices)}（可从下拉列表选择）"


def test_guide_is_written_for_clerks():
    ws = openpyxl.load_workbook(WORKBOOKS / "xlperf-form.xlsx")[L.S_GUIDE]
    text = "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value)
    for word in ("xlwings", "Python", "xlperf", "命令行", "--profile"):
        assert word not in text, word


def test_a_year_typed_with_its_unit_is_read(tmp_path):
    wb = openpyxl.load_workbook(WORKBOOKS / "example-2021.xlsx")
    sheet, ref = next(wb.defined_names["年度"].destinations)
    wb[sheet][ref.replace("$", "")] = "2023年"
    wb.save(tmp_path / "y.xlsx")
    ev, problems = load_evaluation(tmp_path / "y.xlsx")
    assert ev.year == 2023 and not [p for p in problems if p.label == "年度"]
