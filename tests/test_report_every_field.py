"""Every field the form asks for has a place in the report (issue 21 §6, issue 24 六).

For each shipped rule profile (部门整体 河南式, 项目支出, 部门整体 单位格式 — one per outline), a blank form from
``xlperf new`` gets a marker text in every text field the form declares: the single fields of 基本情况 and 预算资金
(read from xlperf/workbook/layout.py), every 栏目 row of 基本情况 and 文字材料 (the outline's 栏目 and the
indicators' 情况分析 rows, as the built form lists them) and the 偏差原因 / 改进措施 of an indicator below full
marks.  Every marker must be found in the Markdown, HTML and Word reports.  Before the markers go in, ``check``
runs on the figures alone: every cell it asks to fill (“请填写” / “请说明”) must be one of the cells that got a
marker, so ``check`` never asks for text that the report has no place for.

A single field that the outline prints only instead of a 栏目 (``instead_of``: 拟应用方式 and 公开方式 stand in for
结果应用和公开) is looked for in a second report, with that 栏目 left blank; in the first, it must be absent.
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from report_helpers import docx_text
from xlperf import cli
from xlperf.domain.outlines import outline_for
from xlperf.domain.profiles import load_profile
from xlperf.workbook import layout as L
from form_cells import full_marks_to_manual, named_cell, rewrite_examples, set_named

PROFILES = ("部门整体-河南2021", "项目支出-财预2020-10号", "部门整体-单位格式")
#: the unit and its self-reference (a single field whose text the report uses as a word, not a paragraph)
UNIT, SELF = "某区测试局", "本局"


def _where(cell) -> str:
    return f"{cell.parent.title}!{cell.coordinate}"


def _marker(i: int) -> str:
    return f"测试{i:02d}号文字"


def _figures(wb) -> None:
    """What check requires, and figures that make it ask for text: a budget adjusted (100 → 120) and an 执行率
    of 80 % (below the rules' 90 %), a 满意度 target with an actual; the blank form's example rows rewritten as the
    clerk's own (renamed, done at their target or 达成: full marks, so they ask for no text)."""
    set_named(wb, {"单位名称": UNIT, "年度": 2024, "年初预算数": 100, "调整预算数": 120, "执行数": 80, "满意度目标": 0.9,
                   "实际满意度": 0.95})
    ws = wb[L.S_IND]
    full_marks_to_manual(ws)
    rewrite_examples(ws)


def _text_rows(ws, label_col: int, header_name: str, wb) -> list[int]:
    """The rows of a 栏目 | 内容 table (under its named header) that have a 栏目."""
    _, ref = next(wb.defined_names[header_name].destinations)
    head = int(re.sub(r"\D", "", ref))
    return [r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, label_col).value]


def _asked(path: Path, capsys) -> set[str]:
    """The cells ``check`` asks the clerk to fill in."""
    cli.main(["check", str(path)])
    out = capsys.readouterr().out
    return {m.group(1) for line in out.splitlines() if ("请填写" in line or "请说明" in line)
            for m in [re.search(r"\s(\S+![A-Z]+\d+)\s", line)] if m}


def _fill(path: Path, profile: str) -> tuple[dict[str, str], dict[str, str]]:
    """Markers in every text field; (cell → marker of what every report must print, cell → marker of the single
    fields printed only instead of a blank 栏目)."""
    outline = outline_for(load_profile(profile))
    instead = {b.value for _, b in outline.value_blocks() if b.instead_of}
    wb = openpyxl.load_workbook(path)
    always, instead_of = {}, {}
    n = 0
    for f in L.BASIC_FIELDS + L.BUDGET_FIELDS:
        if f.kind != "text" or not f.target or f.name in ("单位名称",):
            continue
        n += 1
        cell = named_cell(wb, f.name)
        cell.value = SELF if f.name == "本单位自称" else _marker(n)
        (instead_of if f.target in instead else always)[_where(cell)] = cell.value
    for sheet, col, header in ((L.S_BASIC, 1, L.BASIC_TEXT_HEADER_NAME), (L.S_TEXT, 2, L.TEXT_HEADER_NAME)):
        ws = wb[sheet]
        for r in _text_rows(ws, col, header, wb):
            n += 1
            ws.cell(r, col + 1).value = _marker(n)
            always[f"{sheet}!{ws.cell(r, col + 1).coordinate}"] = _marker(n)
    ws = wb[L.S_IND]  # the 预算执行 row: 80 % of its 分值, below full marks
    row = next(r for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1)
               if ws.cell(r, 1).value and not ws.cell(r, L.IND_COL["method"]).value == "人工"
               and ws.cell(r, L.IND_COL["weight"]).value)
    for key in ("deviation_reason", "improvement"):
        n += 1
        ws.cell(row, L.IND_COL[key]).value = _marker(n)
        always[f"{L.S_IND}!{ws.cell(row, L.IND_COL[key]).coordinate}"] = _marker(n)
    wb.save(path)
    return always, instead_of


def _reports(path: Path, out: Path) -> dict[str, str]:
    texts = {}
    for fmt in ("md", "html", "docx"):
        target = out / f"r.{fmt}"
        assert cli.main(["report", str(path), "-o", str(target)]) == 0, fmt
        if fmt == "docx":
            texts[fmt] = docx_text(target)
        else:
            texts[fmt] = re.sub(r"<[^>]+>", "", target.read_text(encoding="utf-8"))
    return texts


@pytest.mark.parametrize("profile", PROFILES)
def test_every_field_the_form_asks_for_reaches_every_report(profile, tmp_path, capsys):
    form = tmp_path / "form.xlsx"
    assert cli.main(["new", str(form), "--profile", profile]) == 0
    wb = openpyxl.load_workbook(form)
    _figures(wb)
    wb.save(form)
    asked = _asked(form, capsys)
    always, instead_of = _fill(form, profile)
    # check asks only for fields the report prints (实际满意度, a figure, was filled with the figures)
    assert asked and asked <= set(always) | set(instead_of), sorted(asked - set(always) - set(instead_of))
    texts = _reports(form, tmp_path)
    for fmt, text in texts.items():
        missing = {where: m for where, m in always.items() if m not in text}
        assert not missing, (fmt, missing)
        assert SELF in text and UNIT in text and re.search(r"实际满意度95(?:\.0+)?%", text), fmt
        # 结果应用和公开 has the clerk's text: 拟应用方式 and 公开方式 stay out
        assert not [m for m in instead_of.values() if m in text], fmt
    # 结果应用和公开 left blank: 拟应用方式 and 公开方式 take its place
    wb = openpyxl.load_workbook(form)
    ws = wb[L.S_TEXT]
    for r in _text_rows(ws, 2, L.TEXT_HEADER_NAME, wb):
        if ws.cell(r, 2).value == "结果应用和公开":
            ws.cell(r, 3).value = None
    wb.save(form)
    (tmp_path / "b").mkdir()
    for fmt, text in _reports(form, tmp_path / "b").items():
        assert all(m in text for m in instead_of.values()), (fmt, instead_of)


def test_the_blank_forms_six_states_application_and_disclosure(tmp_path):
    """六 of a form whose clerk wrote nothing there: the two sentences from 拟应用方式 / 公开方式 as the blank form
    shows them (the outline's wording), “绩效自评结果” before the first."""
    form = tmp_path / "form.xlsx"
    assert cli.main(["new", str(form)]) == 0
    wb = openpyxl.load_workbook(form)
    _figures(wb)
    apply_plan, disclosure = named_cell(wb, "拟应用方式").value, named_cell(wb, "公开方式").value
    assert apply_plan and disclosure  # shown in the blank form for the clerk to keep or change
    wb.save(form)
    md = (tmp_path / "r.md")
    assert cli.main(["report", str(form), "-o", str(md)]) == 0
    text = md.read_text(encoding="utf-8")
    six = text.split("## 六、")[1].split("## 七、")[0]
    assert f"绩效自评结果{apply_plan}。" in six and f"{disclosure}。" in six
    # the clerk changes the wording in 基本情况: the report follows
    wb = openpyxl.load_workbook(form)
    named_cell(wb, "拟应用方式").value = "用于下年度预算安排"
    named_cell(wb, "公开方式").value = "自评报告于2025年6月在区政府网站公开"
    wb.save(form)
    assert cli.main(["report", str(form), "-o", str(md)]) == 0
    six = md.read_text(encoding="utf-8").split("## 六、")[1].split("## 七、")[0]
    assert "绩效自评结果用于下年度预算安排。" in six and "自评报告于2025年6月在区政府网站公开。" in six
    assert apply_plan not in six


def test_a_single_field_is_placed_once_and_not_repeated():
    """The example's 预算调整说明 and 执行率偏低的原因 (预算资金) are paragraphs of 四（一）; its 细化率表述 “90%以上”
    is stated by the clerk's own text through {细化率} (“细化率达90%以上”), so no paragraph repeats it."""
    from xlperf.app.load import load_example
    from xlperf.domain.evaluate import evaluate
    from xlperf.report.context import build_context
    from xlperf.report.render import render_text

    ev = load_example()
    md = render_text(build_context(evaluate(ev, load_profile(ev.profile or None)))[0], "md")
    funds = md.split("### （一）部门资金情况分析")[1].split("### （二）")[0]
    assert "预算调整说明：根据年度工作任务变化，年中对部门预算进行了调整。" in funds
    assert "执行率偏低的原因：年度内预算调整幅度较大，按年初预算数计算的执行率偏低。" in funds
    assert "细化率达90%以上" in md and "预算编制细化率90%以上" not in md


def test_application_continues_the_sections_numbered_sub_headings():
    """六 of the example (沿用原有写法 off): （一）存在的主要问题 （二）改进措施, then （三）结果应用和公开 over the sentences
    from 拟应用方式 / 公开方式 (its 结果应用和公开 is blank); with 问题/措施 in 五, 六 holds those sentences alone, with no
    sub-heading.  With 沿用原有写法 the reference report's headings stay as they were."""
    from xlperf.app.load import load_example
    from xlperf.domain.evaluate import evaluate
    from xlperf.report.context import build_context
    from xlperf.report.render import render_text

    def six(ev):
        md = render_text(build_context(evaluate(ev, load_profile(ev.profile or None)))[0], "md")
        return md.split("## 六、")[1].split("## 七、")[0]

    ev = load_example()
    assert ev.options.legacy_wording  # 沿用原有写法: the reference report's headings, no （三）
    assert [ln for ln in six(ev).splitlines() if ln.startswith("### ")] == ["### （一）存在的主要问题", "### （二）改进措施"]
    ev.options.legacy_wording = False
    heads = [ln for ln in six(ev).splitlines() if ln.startswith("### ")]
    assert heads == ["### （一）存在的主要问题", "### （二）改进措施", "### （三）结果应用和公开"]
    assert six(ev).split("### （三）结果应用和公开")[1].split() == [
        "绩效自评结果将作为改进管理、完善政策和安排以后年度预算的重要依据。", "绩效自评报告将随部门决算一并向社会公开。"]
    ev.options.problems_section = "五"
    assert "###" not in six(ev)
