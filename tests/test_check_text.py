"""The clerk's text through real workbooks (issue 13 §2): `check` names the 文字材料 cell of every text
problem, a blank form's guidance never reaches a report, and 设置's 标点转为全角 switches the punctuation."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from xlperf import cli
from xlperf.workbook import layout as L
from form_cells import full_marks_to_manual, named_cell, rewrite_examples, set_named

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
EXAMPLE = WORKBOOKS / "example-2021.xlsx"


def _text_row(ws, label: str) -> int:
    """The first 文字材料 row whose 栏目 is ``label`` (found by the header texts, as the reader does)."""
    head = next(r for r in range(1, 10) if ws.cell(r, 2).value == L.TEXT_LABEL)
    return next(r for r in range(head + 1, ws.max_row + 1) if ws.cell(r, 2).value == label)


def _fill_blank(src: Path, dst: Path) -> None:
    """Only what check requires of a blank form: unit, year, the three budget figures, each 人工 score, and the
    two example rows rewritten (their own names, the 正向 one done at its target, the 定性 one 达成)."""
    wb = openpyxl.load_workbook(src)
    set_named(wb, {"单位名称": "测试区财政局", "年度": 2023, "年初预算数": 100, "调整预算数": 100, "执行数": 95})
    ws = wb[L.S_IND]
    full_marks_to_manual(ws)
    rewrite_examples(ws)
    wb.save(dst)


def _check(path, capsys) -> tuple[int, str]:
    rc = cli.main(["check", str(path)])
    return rc, capsys.readouterr().out


def _lines_at(out: str, where: str) -> list[str]:
    return [ln for ln in out.splitlines() if f"  {where}  " in ln]


def test_check_names_the_cell_of_lone_braces_unknown_placeholders_and_dangling_lead_ins(tmp_path, capsys):
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb[L.S_TEXT]
    exp, app = _text_row(ws, "经验"), _text_row(ws, "结果应用和公开")
    # (the unknown {单位名称} that sat in this text is an error since issue 21 §5: tested below, on its own)
    ws.cell(exp, 3).value = "今年得分{总分}分，等级}，继续努力，{等级。"
    ws.cell(app, 3).value = "拟将自评结果随部门决算公开。具体安排如下："
    wb.save(tmp_path / "t.xlsx")
    rc, out = _check(tmp_path / "t.xlsx", capsys)
    assert rc == 0  # warnings only
    at_exp = "\n".join(_lines_at(out, f"文字材料!C{exp}"))
    assert "“{等级”缺少右花括号“}”" in at_exp and "“等级}”缺少左花括号“{”" in at_exp
    assert at_exp.count("可用的占位符：{年度}、{单位}、{总分}、{等级}") == 2
    at_app = _lines_at(out, f"文字材料!C{app}")
    assert len(at_app) == 1 and "“具体安排如下：”后面没有内容" in at_app[0]
    # the report prints what check said it would
    out_md = tmp_path / "r.md"
    assert cli.main(["report", str(tmp_path / "t.xlsx"), "-o", str(out_md)]) == 0
    md = out_md.read_text(encoding="utf-8")
    assert "拟将自评结果随部门决算公开。\n" in md and "具体安排如下" not in md
    assert "等级}，继续努力，{等级" in md  # kept as written, and warned
    # an unknown placeholder is an error at its cell: check exits 1, report writes nothing
    ws.cell(exp, 3).value = "今年得分{总分}分，{单位名称}继续努力。"
    wb.save(tmp_path / "u.xlsx")
    rc, out = _check(tmp_path / "u.xlsx", capsys)
    assert rc == 1
    at_exp = _lines_at(out, f"文字材料!C{exp}")
    assert len(at_exp) == 1 and at_exp[0].startswith("错误") and "未知的占位符“{单位名称}”" in at_exp[0]
    assert cli.main(["report", str(tmp_path / "u.xlsx"), "-o", str(tmp_path / "u.md")]) == 1
    assert not (tmp_path / "u.md").exists()


@pytest.fixture(scope="module")
def blank_report(tmp_path_factory):
    """``xlperf new`` → fill only what check requires → check output and the Markdown and Word reports."""
    d = tmp_path_factory.mktemp("blank")
    assert cli.main(["new", str(d / "new.xlsx")]) == 0
    _fill_blank(d / "new.xlsx", d / "filled.xlsx")
    for fmt in ("md", "docx"):
        assert cli.main(["report", str(d / "filled.xlsx"), "-o", str(d / f"r.{fmt}")]) == 0
    from report_helpers import docx_text

    return d, (d / "r.md").read_text(encoding="utf-8"), docx_text(d / "r.docx")


def test_a_blank_form_says_where_its_empty_sections_are(blank_report, capsys):
    d = blank_report[0]
    rc, out = _check(d / "filled.xlsx", capsys)
    assert rc == 0
    ws = openpyxl.load_workbook(d / "filled.xlsx")[L.S_TEXT]
    for label, heading in (("经验", "七、绩效自评工作的经验、问题和建议"),):
        lines = _lines_at(out, f"文字材料!C{_text_row(ws, label)}")
        assert len(lines) == 1 and heading in lines[0] and "只写“无。”" in lines[0], (label, out)
    # 六 is not empty: it states 应用 and 公开 from 基本情况's 拟应用方式 / 公开方式 (issue 24), shown filled in the
    # blank form with the outline's wording — so no warning at 结果应用和公开
    assert not _lines_at(out, f"文字材料!C{_text_row(ws, '结果应用和公开')}"), out
    assert "六、绩效自评结果拟应用和公开情况" not in out
    basic = openpyxl.load_workbook(d / "filled.xlsx")[L.S_BASIC]
    goals = next(r for r in range(1, basic.max_row + 1) if basic.cell(r, 1).value == "部门年度履职目标")
    assert _lines_at(out, f"基本情况!B{goals}")
    assert "八、其他需要说明的问题" not in out  # “无” is the usual answer there


def test_a_blank_forms_guidance_never_reaches_the_report(blank_report):
    d, md, docx = blank_report
    hints = [f.note for f in L.SINGLE_FIELDS if len(f.note) >= 4]
    for text in (md, docx):
        for word in ("填写", "如：", "如“", "示例", "例如", "可空", "请"):
            assert word not in text, word
        for hint in hints:
            assert hint not in text, hint
    # the empty sections say 无。 — never a heading followed by the next heading
    lines = [ln for ln in md.splitlines() if ln.strip()]
    for a, b in zip(lines, lines[1:]):
        assert not (a.startswith("## ") and b.startswith("## ")), (a, b)
    assert "## 八、其他需要说明的问题\n\n无。" in md


def test_a_blank_forms_input_cells_hold_no_guidance():
    wb = openpyxl.load_workbook(WORKBOOKS / "xlperf-form.xlsx")
    # the example rows' names (示例：…) are the one exception: rows the clerk rewrites or deletes, which check names
    # as errors while untouched (tests/test_blank_form_examples.py), so none reaches a report
    examples = {"示例：年度工作目标完成率", "示例：工作目标合理性"}
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                if c.protection.locked or not isinstance(c.value, str) or c.value in examples:
                    continue  # guidance belongs in locked hint cells and comments
                for word in ("填写", "如：", "如 ", "示例", "例如", "……"):
                    assert word not in c.value, (ws.title, c.coordinate, c.value)


def test_the_punctuation_setting_switches_full_width_on_and_off(tmp_path):
    wb = openpyxl.load_workbook(EXAMPLE)
    setting = named_cell(wb, "标点转为全角")
    assert setting.value == "是"  # the default the builder writes
    ws = wb[L.S_TEXT]
    exp = _text_row(ws, "经验")
    ws.cell(exp, 3).value = "总结经验, 形成做法:一是规范流程; 二是(强化)培训。"
    reports = {}
    for value in ("是", "否"):
        setting.value = value
        wb.save(tmp_path / f"{value}.xlsx")
        out = tmp_path / f"{value}.md"
        assert cli.main(["report", str(tmp_path / f"{value}.xlsx"), "-o", str(out)]) == 0
        reports[value] = out.read_text(encoding="utf-8")
    assert "总结经验，形成做法：一是规范流程；二是（强化）培训。" in reports["是"]
    assert "检查落实，加强对全区" in reports["是"]  # the seed's half-width comma in 部门年度履职目标
    assert "总结经验, 形成做法:一是规范流程; 二是(强化)培训。" in reports["否"]
    assert "检查落实, 加强对全区" in reports["否"]


def test_a_punctuation_setting_other_than_yes_or_no_is_an_error_at_its_cell(tmp_path, capsys):
    wb = openpyxl.load_workbook(EXAMPLE)
    cell = named_cell(wb, "标点转为全角")
    cell.value = "不"
    wb.save(tmp_path / "x.xlsx")
    rc, out = _check(tmp_path / "x.xlsx", capsys)
    assert rc == 1
    lines = _lines_at(out, f"设置!{cell.coordinate}")
    assert len(lines) == 1 and "应为“是”或“否”" in lines[0]
