"""Number formats follow the unit (issue 21 §3).

年度指标值 and 实际完成值 are shown by the row's 计量单位 — a % row as a percentage, any other unit as a plain
number — through two conditional formats with a number format, so a row copied from a % row and changed to 个
shows 6 as 6, not 600%.  LibreOffice shows it so in print (the PDF text is read; without the conditional formats
the same steps print 600%, measured).  A figure stored a hundred times off is an error at its cell: 0.06 against a
年度指标值 of 6 in a % row, or 0.06 in a 个 row whose cell is formatted as a percentage (Excel's automatic percent
entry stores a typed 6 so).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from lo_uno import run_uno, uno_required
from xlperf import cli
from xlperf.workbook import layout as L
from form_cells import full_marks_to_manual, set_named

COLS = {k: openpyxl.utils.get_column_letter(L.IND_COL[k]) for k in ("unit", "target", "actual", "calc_target",
                                                                     "calc_actual")}


def _new(path: Path, profile: str | None = None) -> Path:
    assert cli.main(["new", str(path), *(["--profile", profile] if profile else [])]) == 0
    return path


def _rules(path: Path) -> list[tuple[set[str], str, str]]:
    """(columns covered, formula, number format) of every conditional format of 指标评分."""
    ws = openpyxl.load_workbook(path)[L.S_IND]
    out = []
    for cf in ws.conditional_formatting:
        cols = {openpyxl.utils.get_column_letter(r.min_col) for r in cf.sqref.ranges}
        for rule in cf.rules:
            out.append((cols, rule.formula[0], rule.dxf.numFmt.formatCode))
    return out


@pytest.mark.parametrize("profile, percent", [(None, "0%"), ("项目支出-财预2020-10号", "0.0%")])
def test_every_form_formats_its_figures_by_the_rows_unit(tmp_path, profile, percent):
    rules = _rules(_new(tmp_path / "f.xlsx", profile))
    first = L.IND_HEADER_ROW + 1
    figures = {COLS[k] for k in ("target", "actual", "calc_target", "calc_actual")}
    # a % row: the rules' percentage (0 places in 河南, 1 in 项目支出); any other unit: a plain number
    assert (figures, f'${COLS["unit"]}{first}="%"', percent) in rules
    assert (figures, f'${COLS["unit"]}{first}<>"%"', "General") in rules


def test_the_shipped_workbooks_carry_the_unit_formats():
    root = Path(__file__).resolve().parents[1] / "workbooks"
    for name in ("xlperf-form.xlsx", "example-2021.xlsx"):
        formats = {fmt for _, _, fmt in _rules(root / name)}
        assert formats == {"0%", "General"}, name


def _pdf_lines(xlsx: Path, out: Path) -> list[str]:
    """The printed lines of a workbook (LibreOffice → PDF → text)."""
    profile = out / "lo-profile"
    subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(xlsx)], check=True, capture_output=True, timeout=240)
    text = subprocess.run(["pdftotext", "-layout", str(out / (xlsx.stem + ".pdf")), "-"], check=True,
                          capture_output=True, text=True).stdout
    return text.splitlines()


@uno_required
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_a_row_copied_from_a_percent_row_shows_its_count_as_typed(tmp_path):
    """In LibreOffice: insert a row under 投入管理's first 二级, copy the 预算执行 row (unit %, percent format) into it,
    change the unit to 个 and type 6 and 6: the printed row shows 6 and 6, the % row above still 100%."""
    form = _new(tmp_path / "f.xlsx")
    ws = openpyxl.load_workbook(form)[L.S_IND]
    first = L.IND_HEADER_ROW + 1
    assert ws[f"{COLS['unit']}{first}"].value == "%" and "%" in ws[f"{COLS['target']}{first}"].number_format
    row = first + 3  # below 预算执行, 投入管理, 工作目标管理
    s = L.S_IND
    run_uno(form, [
        {"op": "insert_rows", "sheet": s, "index": row, "count": 1},
        {"op": "copy_row", "sheet": s, "from": first, "to": row},
        {"op": "set", "sheet": s, "cell": f"A{row}", "value": None},
        {"op": "set", "sheet": s, "cell": f"C{row}", "value": "培训场次"},
        {"op": "set", "sheet": s, "cell": f"{COLS['unit']}{row}", "value": "个"},
        {"op": "set", "sheet": s, "cell": f"{COLS['target']}{row}", "value": 6},
        {"op": "set", "sheet": s, "cell": f"{COLS['actual']}{row}", "value": 6},
        {"op": "calculate"},
        {"op": "save", "path": str(tmp_path / "typed.xlsx")},
    ])
    lines = _pdf_lines(tmp_path / "typed.xlsx", tmp_path)
    (copied,) = [ln for ln in lines if "培训场次" in ln]
    cells = copied.split()
    # 培训场次 10 正向 个 6 6 …: the unit, then the target and the actual as typed
    at = cells.index("个")
    assert cells[at + 1:at + 3] == ["6", "6"], copied
    assert "600%" not in copied
    (budget,) = [ln for ln in lines if ln.strip().startswith("预算执行") and "正向" in ln]
    assert "100%" in budget.split()  # the % row keeps its percentage (年度指标值 1 = 100%)


def _check_out(path: Path, capsys) -> tuple[int, list[str]]:
    rc = cli.main(["check", str(path)])
    return rc, capsys.readouterr().out.splitlines()


def _leaf_row(ws) -> int:
    """The first 人工 leaf row of the blank form (工作目标管理)."""
    return next(r for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1)
                if ws.cell(r, L.IND_COL["method"]).value == "人工")


def _filled(src: Path, dst: Path, unit: str, target, actual, actual_format: str | None = None) -> tuple[Path, str]:
    """A blank form with what check requires, one leaf turned into a 正向 row of ``unit``; (path, its 实际完成值 cell)."""
    wb = openpyxl.load_workbook(src)
    set_named(wb, {"单位名称": "测试区财政局", "年度": 2023, "年初预算数": 100, "调整预算数": 100, "执行数": 100})
    ws = wb[L.S_IND]
    full_marks_to_manual(ws)
    r = _leaf_row(ws)
    ws.cell(r, L.IND_COL["method"]).value = "正向"
    ws.cell(r, L.IND_COL["manual_score"]).value = None
    ws.cell(r, L.IND_COL["unit"]).value = unit
    ws.cell(r, L.IND_COL["target"]).value = target
    cell = ws.cell(r, L.IND_COL["actual"])
    cell.value = actual
    if actual_format:
        cell.number_format = actual_format
    wb.save(dst)
    return dst, f"{L.S_IND}!{cell.coordinate}"


@pytest.mark.parametrize("unit, target, actual, fmt, expected", [
    # a % row: target 6 (600 %) against 0.06 (6 %) — a hundred times apart
    ("%", "≥6", 0.06, "0%", "计量单位为%，年度指标值6按600%计算，实际完成值0.06即6%，两者相差百倍"),
    ("%", 6, 0.06, None, "两者相差百倍"),
    # a 个 row whose cell kept a percent format: Excel stored the typed 6 as 0.06
    ("个", 6, 0.06, "0%", "计量单位为个，单元格却是百分比格式，填写的6被存为0.06：请把单元格格式改为“常规”后重新填写6"),
])
def test_a_figure_a_hundred_times_off_is_an_error_at_its_cell(tmp_path, capsys, unit, target, actual, fmt, expected):
    path, where = _filled(_new(tmp_path / "f.xlsx"), tmp_path / "t.xlsx", unit, target, actual, fmt)
    rc, lines = _check_out(path, capsys)
    at = [ln for ln in lines if f"  {where}  " in ln and ln.startswith("错误")]
    assert rc == 1 and len(at) == 1 and expected in at[0], lines


@pytest.mark.parametrize("unit, target, actual, fmt", [
    ("%", 0.9, 0.06, "0%"),  # 90 % against 6 %: a plain shortfall
    ("%", 1.2, 0.95, "0%"),  # 120 % against 95 % (a target above 100 % is no whole number)
    ("个", 6, 0.5, None),  # half of one, typed as 0.5 in a plain cell
    ("个", 6, 6, "0%"),  # a count in a cell that kept a percent format, stored as typed (LibreOffice)
])
def test_plain_shortfalls_are_no_such_error(tmp_path, capsys, unit, target, actual, fmt):
    path, where = _filled(_new(tmp_path / "f.xlsx"), tmp_path / "t.xlsx", unit, target, actual, fmt)
    rc, lines = _check_out(path, capsys)
    assert not [ln for ln in lines if f"  {where}  " in ln and ln.startswith("错误")], lines
