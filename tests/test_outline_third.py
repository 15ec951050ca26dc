"""A third outline as data only (issue 20 §1): the 部门（单位）整体支出预算绩效自评报告 outline
(xlperf/domain/outlines/unit-format.toml) with the profile 部门整体-单位格式 — build the form, fill it, write the
report in md, html, docx and pdf, check it, import it back; and no .py file names its sections.

Expected headings and labels are written out here from the published template the outline cites (its first
two parts) and the outline file's own declaration — never read from the code under test."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from xlperf import cli
from xlperf.workbook import layout as L
from form_cells import full_marks_to_manual, named_cell, set_named

REPO = Path(__file__).resolve().parents[1]
PROFILE = "部门整体-单位格式"
#: the report's headings in order (the template's 一、二 with their sub-headings; 三 to 五 the outline's own)
HEADINGS = [
    "一、部门（单位）概况", "（一）主要职责职能、组织架构、人员及资产情况", "（二）年度履职总体目标和工作任务",
    "（三）年度整体支出绩效目标", "（四）预算绩效管理开展情况", "（五）预算及执行情况",
    "二、绩效实现情况", "（一）履职完成情况", "（二）履职效果情况",
    "三、自评结论", "四、存在的问题和改进措施", "（一）存在的问题", "（二）改进措施", "五、其他需要说明的问题",
]
#: the clerk's text, by (sheet, 栏目)
TEXTS = {
    (L.S_TEXT, "职责职能和机构人员资产"): "本局内设办公室、业务科、财务科3个科室，在编人员12人，固定资产原值86.4万元。",
    (L.S_TEXT, "预算绩效管理开展情况"): "全年对本局全部项目编制绩效目标并开展绩效监控。",
    (L.S_TEXT, "履职完成情况"): "全年完成各项重点工作任务，年度计划全部按期完成。",
    (L.S_TEXT, "履职效果情况"): "群众办事更加便利，服务对象反映良好。",
    (L.S_TEXT, "存在的问题"): "1、部分项目支出进度偏慢",
    (L.S_TEXT, "改进措施"): "一是加快项目支出进度",
    (L.S_BASIC, "履职总体目标"): "做好全县公共服务保障",
    (L.S_BASIC, "工作任务"): "完成年度重点工作",
}


def _rows(ws, label_col: int) -> dict[str, int]:
    """栏目 → its first row (found by the header text, as the reader does)."""
    head = next(r for r in range(1, 12) if ws.cell(r, label_col).value == L.TEXT_LABEL)
    out: dict[str, int] = {}
    for r in range(head + 1, ws.max_row + 1):
        out.setdefault(ws.cell(r, label_col).value, r)
    return out


def _fill(src: Path, dst: Path, texts: dict) -> None:
    wb = openpyxl.load_workbook(src)
    set_named(wb, {"单位名称": "某县测试局", "年度": 2023, "整体绩效目标": "保障全县公共服务高效运行", "年初预算数": 500, "调整预算数": 520, "执行数": 494,
                   "项目数": 5, "监控项目数": 5, "自评项目数": 5})
    ws = wb[L.S_IND]
    full_marks_to_manual(ws)
    for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(r, L.IND_COL["level2"]).value == "绩效管理":  # one indicator below full marks: 5 of 6
            ws.cell(r, L.IND_COL["manual_score"]).value = 5
            ws.cell(r, L.IND_COL["deviation_reason"]).value = "个别项目监控不及时"
    for (sheet, label), text in texts.items():
        sh = wb[sheet]
        col = 1 if sheet == L.S_BASIC else 2
        sh.cell(_rows(sh, col)[label], col + 1).value = text
    wb.save(dst)


def _section(md: str, head: str, nxt: str) -> str:
    """The Markdown between heading ``head`` and heading ``nxt`` (headings at any level)."""
    body = md.split(f" {head}\n", 1)[1]
    return body.split(f" {nxt}\n", 1)[0].rstrip("# \n").strip()


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    d = tmp_path_factory.mktemp("third")
    assert cli.main(["new", str(d / "new.xlsx"), "--profile", PROFILE]) == 0
    _fill(d / "new.xlsx", d / "filled.xlsx", TEXTS)
    for fmt in ("md", "html", "docx"):
        assert cli.main(["report", str(d / "filled.xlsx"), "-o", str(d / f"r.{fmt}")]) == 0
    return d


def test_the_form_has_the_outlines_rows(built):
    wb = openpyxl.load_workbook(built / "new.xlsx")
    text = wb[L.S_TEXT]
    rows = [(text.cell(r, 1).value, text.cell(r, 2).value) for r in range(4, text.max_row + 1)]
    assert rows[:5] == [
        ("一（一）主要职责职能、组织架构、人员及资产情况", "职责职能和机构人员资产"),
        ("一（四）预算绩效管理开展情况", "预算绩效管理开展情况"),
        ("一（五）预算及执行情况", "预算执行说明"),
        ("二（一）履职完成情况", "履职完成情况"),
        ("二（一）履职完成情况", "预算执行"),  # then the indicator analysis rows of the same section
    ]
    assert rows[-4:] == [("二（二）履职效果情况", "履职效果情况"), ("四（一）存在的问题", "存在的问题"),
                         ("四（二）改进措施", "改进措施"), ("五、其他需要说明的问题", "其他")]
    assert {"工作开展情况", "结果应用和公开", "经验"}.isdisjoint({label for _, label in rows})
    basic = wb[L.S_BASIC]
    assert {"履职总体目标", "工作任务"} <= set(_rows(basic, 1))
    rules = wb[L.S_RULES]
    assert 'name = "部门单位整体支出"' in [rules.cell(r, 2).value for r in range(1, 40)]  # the outline travels


def test_markdown_follows_the_outline(built):
    md = (built / "r.md").read_text(encoding="utf-8")
    heads = [ln.split(" ", 1)[1] for ln in md.splitlines() if re.match(r"#{2,4} ", ln)]
    assert [h for h in heads if not re.match(r"\d+\.", h)] == HEADINGS
    assert [h for h in heads if re.match(r"\d+\.", h)] == ["1.投入管理指标情况分析", "2.产出指标情况分析",
                                                            "3.效益指标情况分析"]
    # the clerk's 本局 in the report's one self-reference (某县测试局 → 我局, report.words.self_word)
    assert _section(md, HEADINGS[1], HEADINGS[2]) == TEXTS[(L.S_TEXT, "职责职能和机构人员资产")].replace("本局", "我局")
    assert _section(md, HEADINGS[2], HEADINGS[3]) == "履职总体目标：做好全县公共服务保障。\n\n工作任务：完成年度重点工作。"
    assert _section(md, HEADINGS[3], HEADINGS[4]).startswith("年度整体绩效目标是保障全县公共服务高效运行。")
    # 494 / 500 = 98.8 % → 99 % (the profile prints whole percents, against 年初)
    assert _section(md, HEADINGS[5], HEADINGS[6]).startswith(
        "2023年度，我局预算年初数为500.00万元，调整预算数为520.00万元，预算执行金额494.00万元，预算执行率99%。")
    assert _section(md, HEADINGS[7], "1.投入管理指标情况分析") == TEXTS[(L.S_TEXT, "履职完成情况")]
    effects = _section(md, HEADINGS[8], HEADINGS[9])
    assert effects.startswith(TEXTS[(L.S_TEXT, "履职效果情况")] + "\n\n此外，2023年我局共有项目5个")  # unplaced sentences
    # 预算执行 10 × 494/500 = 9.88; 投入管理 4 + 10 + 5 = 19; 产出 40; 效益 30 → 98.88
    assert "最终得分为98.88分" in _section(md, HEADINGS[9], HEADINGS[10])
    problems = _section(md, HEADINGS[11], HEADINGS[12])
    assert problems.startswith("未得满分的指标及其偏差原因如下：\n\n预算执行：分值10分，得分9.88分，得分率99%。")
    assert "绩效管理：分值6分，得分5分，得分率83%。偏差原因：个别项目监控不及时。" in problems
    assert problems.endswith("\n部分项目支出进度偏慢。")  # one item: written plainly, the clerk's 1、 gone
    assert _section(md, HEADINGS[12], HEADINGS[13]) == "加快项目支出进度。"  # one item: no 一是
    assert md.split('\n\n<p align="right">')[0].rstrip().endswith("## 五、其他需要说明的问题\n\n无。")  # then the 落款
    for seed_only in ("绩效自评工作开展情况", "综合评价结论", "绩效自评结果拟应用和公开情况"):
        assert seed_only not in md


def test_html_and_word_follow_the_outline(built):
    html = (built / "r.html").read_text(encoding="utf-8")
    assert "<h2>一、部门（单位）概况</h2>" in html and "<h3>（二）履职效果情况</h3>" in html
    assert "<h4>1.投入管理指标情况分析</h4>" in html and "<caption>各项指标得分情况表</caption>" in html
    from docx import Document

    styles = [(p.style.name, p.text) for p in Document(str(built / "r.docx")).paragraphs if p.text.strip()]
    got = [t for s, t in styles if s in ("一级标题", "二级标题")]
    assert got == HEADINGS
    assert ("三级标题", "2.产出指标情况分析") in styles
    assert [s for s, t in styles if t == HEADINGS[0]] == ["一级标题"]
    assert [s for s, t in styles if t == HEADINGS[1]] == ["二级标题"]


def test_check_warns_at_an_empty_section_of_this_outline(built, tmp_path, capsys):
    texts = {k: v for k, v in TEXTS.items() if k[1] != "预算绩效管理开展情况"}
    _fill(built / "new.xlsx", tmp_path / "f.xlsx", texts)
    assert cli.main(["check", str(tmp_path / "f.xlsx")]) == 0
    out = capsys.readouterr().out
    row = _rows(openpyxl.load_workbook(tmp_path / "f.xlsx")[L.S_TEXT], 2)["预算绩效管理开展情况"]
    lines = [ln for ln in out.splitlines() if f"文字材料!C{row}" in ln]
    assert len(lines) == 1 and "（四）预算绩效管理开展情况" in lines[0] and "只写“无。”" in lines[0], out


def test_word_report_imports_back_into_the_same_outline(built):
    assert cli.main(["import", str(built / "r.docx"), "-o", str(built / "next.xlsx"), "--profile", PROFILE]) == 0
    wb = openpyxl.load_workbook(built / "next.xlsx")
    text, basic = wb[L.S_TEXT], wb[L.S_BASIC]
    rows, brows = _rows(text, 2), _rows(basic, 1)
    assert named_cell(wb, "年度").value == 2024
    assert text.cell(rows["职责职能和机构人员资产"], 3).value == \
        TEXTS[(L.S_TEXT, "职责职能和机构人员资产")].replace("本局", "我局")  # as the report wrote it
    assert text.cell(rows["预算绩效管理开展情况"], 3).value == \
        TEXTS[(L.S_TEXT, "预算绩效管理开展情况")].replace("本局", "我局")
    assert text.cell(rows["履职完成情况"], 3).value == TEXTS[(L.S_TEXT, "履职完成情况")]
    assert text.cell(rows["履职效果情况"], 3).value == TEXTS[(L.S_TEXT, "履职效果情况")]
    assert text.cell(rows["改进措施"], 3).value == "加快项目支出进度。"
    problems = [text.cell(r, 3).value for r in range(1, text.max_row + 1) if text.cell(r, 2).value == "存在的问题"]
    assert "部分项目支出进度偏慢。" in problems  # the report's own numbering “1、” is gone
    assert basic.cell(brows["工作任务"], 2).value == "完成年度重点工作"
    assert basic.cell(brows["履职总体目标"], 2).value == "做好全县公共服务保障"


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice and poppler-utils")
def test_pdf_follows_the_outline(built):
    assert cli.main(["report", str(built / "filled.xlsx"), "-o", str(built / "r.pdf")]) == 0
    text = subprocess.run(["pdftotext", "-layout", str(built / "r.pdf"), "-"], capture_output=True, text=True,
                          check=True).stdout
    flat = re.sub(r"\s+", "", text)
    pos = [flat.find(h) for h in HEADINGS]
    assert -1 not in pos and pos == sorted(pos), dict(zip(HEADINGS, pos))


def test_no_python_file_names_the_third_outlines_sections():
    """The outline is data only: its own headings appear in no .py file of the package."""
    own = ["部门（单位）概况", "主要职责职能、组织架构、人员及资产情况", "年度履职总体目标和工作任务",
           "年度整体支出绩效目标", "预算绩效管理开展情况", "预算及执行情况", "绩效实现情况", "履职完成情况",
           "履职效果情况", "存在的问题和改进措施", "职责职能和机构人员资产", "部门单位整体支出"]
    found = [(p.relative_to(REPO).as_posix(), h) for p in (REPO / "xlperf").rglob("*.py")
             for h in own if h in p.read_text(encoding="utf-8")]
    assert found == []
