"""No raw placeholder ever reaches a report (issue 21 §5): a placeholder without its data or an unknown one is an
error at the cell that holds it, naming the data it needs; `check` exits 1, `report` writes nothing, `batch`
says 填报有误."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from xlperf import cli
from xlperf.batch.run import run_batch
from xlperf.app.load import load_example
from xlperf.domain.problems import ERROR, WARNING
from xlperf.domain.profiles import load_profile
from xlperf.report.context import NEEDS, PLACEHOLDERS, review_text
from xlperf.domain.validate import check
from xlperf.workbook import layout as L
from report_helpers import department_data
from form_cells import named_cell

EXAMPLE = Path(__file__).resolve().parents[1] / "workbooks" / "example-2021.xlsx"


def _text_cell(ws, label: str):
    """The 内容 cell of the first 文字材料 row whose 栏目 is ``label``."""
    head = next(r for r in range(1, 10) if ws.cell(r, 2).value == L.TEXT_LABEL)
    row = next(r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 2).value == label)
    return ws.cell(row, 3)


def test_a_placeholder_without_its_data_is_an_error_naming_the_data():
    ev = load_example()
    ev.budget.detail_rate_text = ""  # the example's 预算和财务管理 text says “细化率达{细化率}”
    ev.narrative.sources["analysis.预算和财务管理"] = "文字材料!C9"
    _, problems = check(ev, load_profile(None), review_text)
    mine = [p for p in problems if "{细化率}" in p.message]
    assert len(mine) == 1
    p = mine[0]
    assert (p.where, p.severity) == ("文字材料!C9", ERROR)
    assert "预算资金表的“预算编制细化率（表述）”" in p.message  # the field as the form labels it


def test_the_previous_year_placeholders_name_the_previous_year_field():
    ev = load_example()
    ev.narrative.process = ["总分{总分同比}。"]
    ev.narrative.sources["process[1]"] = "文字材料!C4"
    _, problems = check(ev, load_profile(None), review_text)
    assert [(p.where, p.severity, p.message) for p in problems if "{总分同比}" in p.message] == [
        ("文字材料!C4", ERROR, "占位符“{总分同比}”缺少数据，报告不能照印：请填写预算资金表的“上年总分”，或删去这个占位符")]


def test_an_unknown_placeholder_is_an_error_a_lone_brace_a_warning():
    ev = load_example()
    ev.narrative.experience = ["{单位名称}继续努力。", "等级}继续努力。"]
    ev.narrative.sources.update({"experience[1]": "文字材料!C20", "experience[2]": "文字材料!C21"})
    _, problems = check(ev, load_profile(None), review_text)
    at = {w: [p for p in problems if p.where == w] for w in ("文字材料!C20", "文字材料!C21")}
    assert [p.severity for p in at["文字材料!C20"]] == [ERROR]
    assert "未知的占位符“{单位名称}”" in at["文字材料!C20"][0].message
    assert [p.severity for p in at["文字材料!C21"]] == [WARNING]


def test_every_placeholder_says_what_it_needs():
    assert set(NEEDS) == set(PLACEHOLDERS)
    assert all(("预算资金表" in v or "基本情况表" in v or "指标评分表" in v) for v in NEEDS.values())


def test_check_fails_and_report_writes_nothing(tmp_path, capsys):
    wb = openpyxl.load_workbook(EXAMPLE)
    named_cell(wb, "细化率表述").value = None
    cell = _text_cell(wb[L.S_TEXT], "预算和财务管理")
    assert "{细化率}" in cell.value
    wb.save(tmp_path / "t.xlsx")
    assert cli.main(["check", str(tmp_path / "t.xlsx")]) == 1
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "{细化率}" in ln)
    assert f"{L.S_TEXT}!{cell.coordinate}" in line and "预算编制细化率（表述）" in line
    report = tmp_path / "r.md"
    assert cli.main(["report", str(tmp_path / "t.xlsx"), "-o", str(report)]) == 1
    assert not report.exists()
    assert "{细化率}" in capsys.readouterr().err


def _stub_render(ev, prof, result, problems, formats, stem):
    out = Path(f"{stem}.md")
    out.write_text(f"# {ev.unit}\n", encoding="utf-8")
    return [out], []


def test_batch_says_filled_wrongly(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for unit, rate in (("甲局", "90%以上"), ("乙局", "")):
        data = department_data()  # the example as a department's form (no leftover instruction in 五)
        data["unit"] = unit
        data["budget"]["detail_rate_text"] = rate
        (src / f"{unit}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    outcome = run_batch(src, tmp_path / "out", jobs=1, renderer=_stub_render, suffixes=(".json",))
    status = {r.file: r.status for r in outcome.records}
    assert status == {"甲局.json": "成功", "乙局.json": "填报有误"}
    assert outcome.exit_code == 1
