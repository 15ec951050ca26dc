"""The ribbon's 导入上年报告 (xlperf.excel.import_last_year) fills the OPEN workbook the way `xlperf import`
writes a new one — same parser, same builder — and never overwrites a filled cell without asking."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import xlperf.excel as X
from fakebook import FakeBook
from xlperf.cli import main
from xlperf.domain.outlines import outline_for
from xlperf.workbook import layout as L
from xlperf.workbook.read import read_workbook

ROOT = Path(__file__).resolve().parent.parent
BLANK = ROOT / "workbooks" / "xlperf-form.xlsx"
MERGED = Path(__file__).parent / "data" / "import" / "merged-2020.txt"


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
    book.wb.save(tmp_path / "ribbon.xlsx")
    cli_form = tmp_path / "cli.xlsx"
    assert main(["import", str(MERGED), "-o", str(cli_form)]) == 0
    import openpyxl

    a, b = openpyxl.load_workbook(tmp_path / "ribbon.xlsx"), openpyxl.load_workbook(cli_form)
    # merged-2020.txt numbers its sections its own way (its 五、 is the outline's 六、, its 六、 the outline's 八、): the
    # open form is switched to the report's outline as the CLI's new form gets it — the same 规则数据 column B, the
    # same 章节, 栏目 and text on every row, the same 问题措施位置
    column_b = lambda wb: [c.value for c in wb["规则数据"]["B"]][:wb["规则数据"].max_row]
    assert column_b(a) == column_b(b)
    rows = lambda wb: sorted((r[0].value, r[1].value, r[2].value) for r in wb["文字材料"].iter_rows(min_row=4) if r[2].value)
    assert rows(a) == rows(b)
    chapter = lambda wb: {r[2].value: r[0].value for r in wb["文字材料"].iter_rows(min_row=4) if r[2].value}
    assert chapter(a)["加强基层统计人员业务培训。"] == chapter(b)["加强基层统计人员业务培训。"] == "五、存在的问题、改进措施及结果应用"
    assert chapter(a)["另有一项专项调查因疫情推迟，已报上级同意延期。"] == "未归类"
    values = lambda wb: {r[0].value: r[1].value for r in wb["预算资金"].iter_rows() if r[0].value and r[1].value}
    assert values(a)["上年总分"] == values(b)["上年总分"] == 86
    assert a["基本情况"]["B4"].value == b["基本情况"]["B4"].value == 2021
    settings = lambda wb: {r[0].value: r[1].value for r in wb["设置"].iter_rows() if r[0].value}
    assert settings(a)["“存在问题/改进措施”写在第几部分"] == settings(b)["“存在问题/改进措施”写在第几部分"] == "五"
    # both stop at this year's missing amounts and scores: typed the same into both, they read back whole
    ribbon, cli = complete(tmp_path / "ribbon.xlsx"), complete(cli_form)
    assert ribbon is not None and cli is not None
    for part in ("unit", "year", "profile", "budget", "projects", "satisfaction", "previous", "narrative", "options",
                 "outline"):
        ra, ca = getattr(ribbon, part), getattr(cli, part)
        ra, ca = (ra.model_dump() if hasattr(ra, "model_dump") else ra), (ca.model_dump() if hasattr(ca, "model_dump") else ca)
        assert ra == ca, part  # the values, not the cells they sit in
    assert ribbon.options.problems_section == "五" and ribbon.narrative.headings == {}  # the words are the outline's
    assert [s.title for s in outline_for(None, ribbon.outline).top_level()] == \
        ["一、基本情况", "二、绩效自评工作开展情况", "三、综合评价结论", "四、绩效目标实现情况分析", "五、存在的问题、改进措施及结果应用",
         "六、其他需要说明的问题", "七、发现的主要问题和改进措施", "八、绩效自评工作的经验、问题和建议"]  # the outline's 五、七、 after
    assert [(i.name, i.level, i.weight, i.prev_score, i.manual_score) for i in ribbon.walk()] == \
           [(i.name, i.level, i.weight, i.prev_score, i.manual_score) for i in cli.walk()]
    # …and what they read is what merged-2020.txt states (by hand)
    assert (ribbon.previous.year, ribbon.previous.total, ribbon.previous.grade) == (2020, 86, "良")
    assert ribbon.previous.exec_rate == pytest.approx(Decimal("470.10") / Decimal("512.30"))  # 执行数 / 年初
    assert {i.name: i.prev_score for i in ribbon.indicators} == {"预算执行": 8, "投入管理": 17, "产出指标": 36, "效益指标": 25}
    assert ribbon.narrative.duty_goals == ["做好全县统计调查工作", "提高统计数据质量"]
    assert ribbon.narrative.problems == ["基层统计人员流动较大，业务能力有待提高。"]
    assert ribbon.narrative.measures == ["加强基层统计人员业务培训。"]
    assert ribbon.narrative.unplaced == ["另有一项专项调查因疫情推迟，已报上级同意延期。"]


#: what a clerk types after the import (the same into both forms): unit, this year's amounts, each typed score
THIS_YEAR = {("基本情况", "单位名称"): "某县统计局", ("预算资金", "年初预算数"): 520, ("预算资金", "调整预算数（全年预算数）"): 500,
             ("预算资金", "预算执行金额（执行数）"): 480}
TYPED_SCORES = {"工作目标管理": 4, "预算和财务管理": 9, "绩效管理": 5, "重点工作任务完成情况": 18, "履职目标实现情况": 18,
                "履职效益": 17, "满意度": 9}


def complete(path: Path):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    for (sheet, label), value in THIS_YEAR.items():
        ws = wb[sheet]
        row = next(r[0].row for r in ws.iter_rows() if r[0].value == label)
        ws.cell(row, 2).value = value
    ind = wb["指标评分"]
    head = {c.value: c.column for c in ind[3]}
    for r in range(4, ind.max_row + 1):
        if ind.cell(r, head["二级指标"]).value in TYPED_SCORES:
            ind.cell(r, head["得分"]).value = TYPED_SCORES[ind.cell(r, head["二级指标"]).value]
    wb.save(path)
    ev, problems = read_workbook(path)
    assert ev is not None, [(p.where, p.message) for p in problems if p.severity == "错误"]
    return ev


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


def _typed_previous(wb):
    """A clerk's own 上年 figures typed before importing: 预算执行 上年得分 9 (the report says 8), 投入管理 17 (the
    report says 17 too), 上年总分 86 (the same as the report)."""
    ind = wb["指标评分"]
    head = {c.value: c.column for c in ind[3]}
    rows = {ind.cell(r, head["一级指标"]).value: r for r in range(4, 20) if ind.cell(r, head["一级指标"]).value}
    ind.cell(rows["预算执行"], head["上年得分"]).value = 9
    ind.cell(rows["投入管理"], head["上年得分"]).value = 17
    budget = wb["预算资金"]
    budget.cell(next(r[0].row for r in budget.iter_rows() if r[0].value == "上年总分"), 2).value = 86


@pytest.mark.parametrize("answer, kept", [("no", 9), ("yes", 8)])
def test_a_typed_previous_score_is_overwritten_only_when_the_clerk_agrees(tmp_path, monkeypatch, answer, kept):
    book = open_blank(tmp_path, monkeypatch, _typed_previous)
    ind = book.wb["指标评分"]
    head = {c.value: c.column for c in ind[3]}
    # the blank form's two example rows (7, 8) under 工作目标管理 put 产出指标 on row 11 …
    assert (ind.cell(4, 1).value, ind.cell(5, 1).value, ind.cell(11, 1).value) == ("预算执行", "投入管理", "产出指标")
    assert [ind.cell(r, 3).value for r in (7, 8)] == ["示例：年度工作目标完成率", "示例：工作目标合理性"]
    col = ind.cell(3, head["上年得分"]).column_letter
    book.app.api.open_answer = str(MERGED)
    book.app.answers = [answer]
    X.import_last_year()
    asks = [a for a in book.app.alerts if a["buttons"] == "yes_no"]
    assert len(asks) == 1, asks  # one question, for the one cell that differs (17 and 86 agree with the report)
    assert f"指标评分!{col}4" in asks[0]["prompt"] and "现为“9”" in asks[0]["prompt"]
    assert f"指标评分!{col}5" not in asks[0]["prompt"] and "预算资金" not in asks[0]["prompt"]
    assert ind.cell(4, head["上年得分"]).value == kept
    # … the import deletes them (产出指标 back on row 9, 效益指标 on 12) and says so; the cells that were blank are
    # filled either way: 产出指标 36, 效益指标 25 (merged-2020.txt's table)
    assert ind.cell(9, 1).value == "产出指标" and "删除示例行2行" in book.app.alerts[-1]["prompt"]
    assert ind.cell(6, L.IND_COL["method"]).value == "人工"  # 工作目标管理 a leaf again, as in the CLI's form
    assert (ind.cell(5, head["上年得分"]).value, ind.cell(9, head["上年得分"]).value, ind.cell(12, head["上年得分"]).value) \
        == (17, 36, 25)


def test_ribbon_import_marks_carried_over_text_like_the_cli(tmp_path, monkeypatch, capsys):
    """Last year's problems and measures brought in by the ribbon are marked in the hidden 规则数据 sheet (column C) as
    the CLI's import marks them: check warns at each such cell until the clerk edits it; a second import adds no mark
    twice, and the count the clerk is told is of the cells they see; the source author's instruction is left out."""
    from test_import_shapes import CARRY, check_warnings, fill_required, text_cells

    src = tmp_path / "上年.txt"
    src.write_text(CARRY, encoding="utf-8")
    book = open_blank(tmp_path, monkeypatch)
    book.app.api.open_answer = str(src)
    X.import_last_year()
    rules = book.wb["规则数据"]
    assert rules.sheet_state == "hidden" and rules.protection.sheet  # still hidden and protected
    marks = [c.value for c in rules["C"] if c.value]
    assert len(marks) == 1 + 3  # the banner and the three problems/measures (as the CLI writes)
    # the source author's instruction is left out, and the clerk is told so (by its start and its 栏目)
    assert "填写说明1处未导入：“包括绩效目标未完成原因和下一步改…”（栏目“问题和措施说明”）" in book.app.alerts[-1]["prompt"]
    blank = openpyxl.load_workbook(BLANK)
    examples = sum(1 for r in (7, 8) for c in blank["指标评分"][r] if c.value is not None)  # the 2 rows it deleted
    shown = sum(1 for ws in book.wb.worksheets if ws.title != "规则数据" for r in ws.iter_rows() for c in r
                if c.value is not None) - sum(1 for ws in blank.worksheets
                                               if ws.title != "规则数据" for r in ws.iter_rows() for c in r
                                               if c.value is not None) + examples
    assert f"填写{shown}个单元格" in book.app.alerts[-1]["prompt"]
    X.import_last_year()  # the same report again: nothing new to mark
    assert [c.value for c in rules["C"] if c.value] == marks
    form = tmp_path / "ribbon.xlsx"
    book.wb.save(form)
    fill_required(form)
    cells = text_cells(form)
    warned = check_warnings(form, capsys)
    carried = "本段来自上年报告，请核对是否仍适用（改写后不再提示）"
    assert {t: warned.get(cells[t]) for t in ("基层统计人员流动较大。", "调查经费保障不足。", "加强业务培训。")} == \
        {t: carried for t in ("基层统计人员流动较大。", "调查经费保障不足。", "加强业务培训。")}
    assert "包括绩效目标未完成原因和下一步改进措施。" not in cells
    assert cells["自评结果在部门决算中公开。"] not in warned and cells["成立自评小组，逐项打分。"] not in warned
    # the CLI's own form warns at the same texts
    cli_form = tmp_path / "cli.xlsx"
    assert main(["import", str(src), "-o", str(cli_form)]) == 0
    fill_required(cli_form)
    cli_cells, cli_warned = text_cells(cli_form), check_warnings(cli_form, capsys)
    assert sorted(t for t, c in cells.items() if warned.get(c) == carried) == \
        sorted(t for t, c in cli_cells.items() if cli_warned.get(c) == carried)
