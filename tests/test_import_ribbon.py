"""The ribbon's 导入上年报告 (xlperf.excel.import_last_year) fills the OPEN workbook the way `xlperf import`
writes a new one — same parser, same builder — and never overwrites a filled cell without asking."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import xlperf.excel as X
from fakebook import FakeBook
from xlperf.cli import main
from xlperf.workbook.read import read_workbook

ROOT = Path(__file__).resolve().parent.parent
BLANK = ROOT / "workbooks" / "xlperf-form.xlsx"
MERGED = Path(__file__).parent / "data" / "import" / "merged-2020.txt"
NARRATIVE_KEYS = ("duty_goals", "main_tasks", "process", "funds_compliance", "problems", "measures", "application",
                  "other", "unplaced")


@pytest.fixture(autouse=True)
def log_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))


def open_blank(tmp_path, monkeypatch, edit=None) -> FakeBook:
    path = Path(shutil.copy(BLANK, tmp_path / "本年.xlsx"))
    book = FakeBook(path)
    if edit:
        edit(book.wb)
    monkeypatch.setattr(X, "_caller", lambda: book)
    return book


def saved(book: FakeBook, tmp_path: Path, name: str):
    out = tmp_path / name
    book.wb.save(out)
    return read_workbook(out)


def narrative(ev):
    return {k: getattr(ev.narrative, k) for k in NARRATIVE_KEYS} | {"analysis": ev.narrative.analysis,
                                                                   "goal": ev.narrative.overall_goal}


def test_ribbon_import_fills_like_the_cli(tmp_path, monkeypatch):
    book = open_blank(tmp_path, monkeypatch)
    book.app.api.open_answer = str(MERGED)
    X.import_last_year()
    assert book.app.api.open_dialogs, "a file dialog was shown"
    text = book.wb["文字材料"]
    assert text.protection.sheet  # protection put back after writing
    added = [r[2] for r in text.iter_rows(min_row=4) if r[0].value == "未归类"]
    assert added and not added[0].protection.locked  # a row added below the table stays editable
    assert "已从“merged-2020.txt”导入" in book.app.alerts[-1]["prompt"]
    ribbon, _ = saved(book, tmp_path, "ribbon.xlsx")
    cli_form = tmp_path / "cli.xlsx"
    assert main(["import", str(MERGED), "-o", str(cli_form)]) == 0
    cli, _ = read_workbook(cli_form)
    # both stop at the same missing amounts; compare what they read back
    assert ribbon is None and cli is None or narrative(ribbon) == narrative(cli)
    from xlperf.workbook.read import Reader  # noqa: F401 - the reader both paths go through
    import openpyxl

    a, b = openpyxl.load_workbook(tmp_path / "ribbon.xlsx"), openpyxl.load_workbook(cli_form)
    rows = lambda wb: sorted((r[0].value, r[1].value, r[2].value) for r in wb["文字材料"].iter_rows(min_row=4)
                             if r[2].value)
    assert rows(a) == rows(b)
    values = lambda wb: {r[0].value: r[1].value for r in wb["预算资金"].iter_rows() if r[0].value and r[1].value}
    assert values(a)["上年总分"] == values(b)["上年总分"] == 86
    assert a["基本情况"]["B4"].value == b["基本情况"]["B4"].value == 2021


def test_cancelled_dialog_changes_nothing(tmp_path, monkeypatch):
    book = open_blank(tmp_path, monkeypatch)
    before = [[c.value for c in r] for ws in book.wb.worksheets for r in ws.iter_rows()]
    X.import_last_year()
    assert [[c.value for c in r] for ws in book.wb.worksheets for r in ws.iter_rows()] == before
    assert not book.app.alerts


def _prefill(wb):
    wb["基本情况"]["B3"].value = "某县统计局"
    wb["预算资金"]["B4"].value = 600  # this year's amount typed already: the import brings none, keeps it


@pytest.mark.parametrize("answer, unit", [("no", "某县统计局"), ("yes", "某县统计局（导入）")])
def test_filled_cells_are_overwritten_only_when_the_clerk_agrees(tmp_path, monkeypatch, answer, unit):
    src = tmp_path / "上年.txt"
    src.write_text("某县统计局（导入）2020年度部门整体绩效自评报告\n" + MERGED.read_text(encoding="utf-8").split("\n", 1)[1],
                   encoding="utf-8")
    book = open_blank(tmp_path, monkeypatch, _prefill)
    book.app.api.open_answer = str(src)
    book.app.answers = [answer]
    X.import_last_year()
    asks = [a for a in book.app.alerts if a["buttons"] == "yes_no"]
    assert len(asks) == 1 and "基本情况!B3" in asks[0]["prompt"]
    assert book.wb["基本情况"]["B3"].value == unit
    assert book.wb["预算资金"]["B4"].value == 600
    assert any(r[2].value == "加强基层统计人员业务培训。" for r in book.wb["文字材料"].iter_rows(min_row=4))


def test_unrelated_file_says_why_and_writes_nothing(tmp_path, monkeypatch):
    src = tmp_path / "通知.txt"
    src.write_text("关于召开会议的通知\n请各科室准时参加。\n", encoding="utf-8")
    book = open_blank(tmp_path, monkeypatch)
    before = [[c.value for c in r] for ws in book.wb.worksheets for r in ws.iter_rows()]
    book.app.api.open_answer = str(src)
    X.import_last_year()
    assert "不像是一份绩效自评报告" in book.app.alerts[-1]["prompt"]
    assert [[c.value for c in r] for ws in book.wb.worksheets for r in ws.iter_rows()] == before
