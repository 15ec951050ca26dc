"""The built form: committed files equal a fresh build; structure a clerk relies on; xlperf new/build."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from xlperf import cli
from xlperf.domain.evaluate import FACT_LABELS
from xlperf.domain.profiles import DEFAULT_PROFILE, available, load_profile
from xlperf.domain.scoring import METHODS
from xlperf.workbook import layout as L
from xlperf.workbook.build import EXAMPLE_FILE, FORM_FILE, build_all

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "workbooks"


def snapshot(path: Path) -> dict:
    """Everything that matters in a workbook's content (not its bytes)."""
    wb = openpyxl.load_workbook(path)
    out = {
        "sheets": wb.sheetnames,
        "names": {n: d.attr_text for n, d in wb.defined_names.items()},
        "full_calc": wb.calculation.fullCalcOnLoad,
    }
    for ws in wb:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None or c.protection.locked is False:
                    cells[c.coordinate] = (c.value, c.data_type, c.number_format, c.protection.locked)
        out[ws.title] = {
            "cells": cells,
            "state": ws.sheet_state,
            "freeze": ws.freeze_panes,
            "protected": ws.protection.sheet,
            "titles": ws.print_title_rows,
            "validations": sorted((str(dv.sqref), dv.formula1) for dv in ws.data_validations.dataValidation),
            "merged": sorted(str(m) for m in ws.merged_cells.ranges),
            "widths": {k: v.width for k, v in ws.column_dimensions.items()},
        }
    return out


@pytest.fixture(scope="module")
def fresh(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built")
    build_all(out)
    return out


@pytest.mark.parametrize("name", [FORM_FILE, EXAMPLE_FILE])
def test_committed_workbooks_equal_a_fresh_build(fresh, name):
    assert (COMMITTED / name).exists(), f"run `xlperf build` and commit workbooks/{name}"
    assert snapshot(COMMITTED / name) == snapshot(fresh / name)


def test_layout_basics(fresh):
    wb = openpyxl.load_workbook(fresh / EXAMPLE_FILE)
    assert wb.sheetnames == list(L.SHEETS)
    assert wb.calculation.fullCalcOnLoad is True
    conf = wb[L.S_CONF]
    assert conf.sheet_state == "hidden"
    # the rest of the block (every other key xlwings reads, pinned): tests/test_windows_install.py
    assert [list(r) for r in conf.iter_rows(values_only=True)][:2] == [
        ["UDF Modules", "xlperf.udfs"], ["Interpreter_Win", r"%LOCALAPPDATA%\xlperf\venv\Scripts\pythonw.exe"]]
    names = set(wb.defined_names)
    for f in L.SINGLE_FIELDS:
        assert f.name in names, f.name
    assert set(FACT_LABELS) <= names
    for n in names:  # valid, not cell-like (A1 or R1C1 style) names
        assert not n[:1].isdigit() and not n.upper().startswith(("R1", "C1")), n
    for ws in wb:
        if ws.title == L.S_CONF:
            continue
        if ws.title == L.S_RULES:
            assert ws.sheet_state == "hidden" and ws.protection.sheet
            continue
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        if ws.title == L.S_IND:  # clerks insert and delete indicator rows: Excel refuses that on protected sheets
            assert not ws.protection.sheet
        else:
            assert ws.protection.sheet and not ws.protection.password


def test_inputs_unlocked_formulas_locked_and_every_perf_call_has_a_fallback(fresh):
    wb = openpyxl.load_workbook(fresh / EXAMPLE_FILE)
    perf = 0
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    if "PERF_" in c.value:
                        perf += 1
                        wrapped = re.findall(r"IFERROR\((?:ROUND\()?PERF_", c.value)
                        assert len(wrapped) == c.value.count("PERF_"), (ws.title, c.coordinate)
                    if ws.title == L.S_IND and c.column == L.IND_COL["actual"]:
                        assert c.protection.locked is False  # =执行率 may be overwritten by a value
                    else:
                        assert c.protection.locked is not False, (ws.title, c.coordinate)
    assert perf > 30
    ws = wb[L.S_IND]
    h = L.IND_HEADER_ROW
    assert [c.value for c in ws[h]][: len(L.IND_COLUMNS)] == [c.header for c in L.IND_COLUMNS]
    assert ws.freeze_panes == f"D{h + 1}"
    name_cell = ws.cell(row=h + 1, column=1)
    assert name_cell.protection.locked is False and name_cell.fill.fgColor.rgb.endswith(L.INPUT_FILL)


def test_drop_downs(fresh):
    wb = openpyxl.load_workbook(fresh / FORM_FILE)
    lists = {dv.formula1.strip('"') for ws in wb for dv in ws.data_validations.dataValidation}
    assert ",".join(METHODS) in lists
    assert ",".join(L.DIRECTIONS) in lists
    assert "是,否" in lists
    assert ",".join(available()) not in lists  # the rules travel inside the form: nothing to choose
    ws = wb[L.S_IND]
    method = [dv for dv in ws.data_validations.dataValidation if dv.formula1.strip('"') == ",".join(METHODS)][0]
    assert f"{openpyxl.utils.get_column_letter(L.IND_COL['method'])}{L.IND_HEADER_ROW + 1}" in str(method.sqref)


def test_number_formats_follow_the_profile(fresh):
    wb = openpyxl.load_workbook(fresh / EXAMPLE_FILE)
    sheet, cell = wb.defined_names["年初预算数"].destinations.__next__()
    assert wb[sheet][cell.replace("$", "")].number_format == "0.00"
    sheet, cell = next(wb.defined_names["满意度目标"].destinations)
    assert wb[sheet][cell.replace("$", "")].number_format == "0%"  # rate_places = 0 in the default profile
    other = [n for n in available() if n != DEFAULT_PROFILE][0]
    from xlperf.workbook.build import build_workbook

    wb2 = build_workbook(None, load_profile(other))
    sheet, cell = next(wb2.defined_names["满意度目标"].destinations)
    assert wb2[sheet][cell.replace("$", "")].number_format == "0.0%"  # rate_places = 1


def test_blank_form_holds_the_profile_tree_and_no_values(fresh):
    wb = openpyxl.load_workbook(fresh / FORM_FILE)
    ws = wb[L.S_IND]
    names = [next((v for v in r[:3] if v), None) for r in ws.iter_rows(min_row=L.IND_HEADER_ROW + 1, values_only=True)]
    names = [n for n in names if n]
    assert names[-1] == L.IND_TOTAL_LABEL  # the row that closes the table
    names = names[:-1]
    prof = load_profile(DEFAULT_PROFILE)
    # the rules' tree, with the example rows the rules declare under the first 二级 (the blank form only)
    expected = [n for top in prof.indicators for r in [top, *top.children] for n in [r.name, *(e.name for e in r.examples)]]
    assert names == expected
    assert names[3:5] == ["示例：年度工作目标完成率", "示例：工作目标合理性"] and names[2] == "工作目标管理"
    for f in L.BUDGET_FIELDS:
        sheet, cell = next(wb.defined_names[f.name].destinations)
        assert wb[sheet][cell.replace("$", "")].value is None


def test_cli_new_writes_a_blank_form_and_refuses_to_overwrite(tmp_path, capsys):
    path = tmp_path / "表.xlsx"
    other = [n for n in available() if n != DEFAULT_PROFILE][0]
    assert cli.main(["new", str(path), "--profile", other]) == 0
    wb = openpyxl.load_workbook(path)
    sheet, cell = next(wb.defined_names["评分规则"].destinations)
    assert wb[sheet][cell.replace("$", "")].value == other
    before = path.read_bytes()
    assert cli.main(["new", str(path)]) == 2
    assert "已存在" in capsys.readouterr().err
    assert path.read_bytes() == before
    assert cli.main(["new", str(tmp_path / "x.xls")]) == 2
    assert list(tmp_path.iterdir()) == [path]  # no temp files left behind


def test_cli_build_writes_both_workbooks(tmp_path):
    assert cli.main(["build", "--outdir", str(tmp_path / "plain"), "--no-macro"]) == 0
    assert sorted(p.name for p in (tmp_path / "plain").iterdir()) == sorted([FORM_FILE, EXAMPLE_FILE])
    assert cli.main(["build", "--outdir", str(tmp_path / "all")]) == 0
    twins = [n.replace(".xlsx", ".xlsm") for n in (FORM_FILE, EXAMPLE_FILE)]
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == sorted([FORM_FILE, EXAMPLE_FILE, *twins, "xlperf.xlam"])


def test_cli_build_default_folder_is_the_source_trees_workbooks(tmp_path, monkeypatch, capsys):
    import xlperf.commands.build as build_cmd

    repo = tmp_path / "repo"
    monkeypatch.setattr(build_cmd, "DEFAULT_OUTDIR", repo / "workbooks")
    repo.mkdir()
    assert cli.main(["build", "--no-macro"]) == 2  # not a source tree: says so, writes nothing
    assert "--outdir" in capsys.readouterr().err and not (repo / "workbooks").exists()
    (repo / "pyproject.toml").write_text("", encoding="utf-8")
    assert cli.main(["build"]) == 0
    assert (repo / "workbooks" / "xlperf.xlam").exists() and (repo / "workbooks" / EXAMPLE_FILE).exists()
