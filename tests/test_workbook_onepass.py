"""A clerk sees every problem of a workbook in one pass — even when a required field is broken."""

import shutil
from pathlib import Path

import openpyxl

from xlperf.cli import main

ROOT = Path(__file__).resolve().parents[1]


def _row_of(ws, name):
    return next(c.row for row in ws.iter_rows() for c in row if c.value == name)


def test_required_field_error_does_not_hide_indicator_problems(tmp_path, capsys):
    book = tmp_path / "a.xlsx"
    shutil.copy(ROOT / "workbooks" / "example-2021.xlsx", book)
    wb = openpyxl.load_workbook(book)
    ws = wb["指标评分"]
    r = _row_of(ws, "服务对象满意度")
    heads = {c.value: c.column_letter for c in ws[_row_of(ws, "一级指标")]}
    ws[f"{heads['实际完成值']}{r}"] = "约95"
    ws[f"{heads['得分']}{r}"] = 12
    wb["预算资金"]["B4"] = "很多"  # 年初预算数: required
    wb.save(book)
    before = book.read_bytes()

    assert main(["check", str(book)]) == 1
    out = capsys.readouterr().out
    assert "预算资金!B4" in out and "应为数字，现为“很多”" in out
    assert f"指标评分!{heads['实际完成值']}{r}" in out and "约95" in out
    assert f"指标评分!{heads['得分']}{r}" in out and "得分须在0-10之间，现为12" in out
    # one message per cell: the blanked 实际完成值 does not also ask to be filled in
    assert out.count(f"指标评分!{heads['实际完成值']}{r}") == 1
    assert book.read_bytes() == before
