"""A 财政局 reviewer's checklist, run over whole reports (issue 24, “writing rules of a 公文 report”).

Two departments: the example (the reference report's data; 设置 沿用原有写法 = 是, so its lists and counts keep
the reference's own wording) and a 2024 区教育局 built from the blank form of another indicator tree
(tests/data/edu-2024-profile.toml: 15 三级指标, 家长满意度, percentages with one place) with one-item lists,
a 0 base for the “三公”经费 and 家长满意度 93.5 %.  Every expected value below is worked out by hand from the
figures typed in :func:`_fill`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from report_helpers import docx_text
from xlperf import cli
from form_cells import set_named

REPO = Path(__file__).resolve().parents[1]
EDU_PROFILE = REPO / "tests" / "data" / "edu-2024-profile.toml"
EXAMPLE_XLSX = REPO / "workbooks" / "example-2021.xlsx"
UNIT = "某区教育局"

#: every word a report may use for the unit itself (the checklist's own list, not the code's)
SELF_WORDS = ("我单位", "本单位", "我局", "本局", "本部门", "我部门", "我委", "本委", "我办", "本办", "我部", "本部")
#: a clerk's instruction left in the text (the reference's own leftover in 五 is allowed in the example only)
INSTRUCTIONS = re.compile(r"请填写|此处|包括[^。]{0,30}原因")
#: the reference report's sentence in 五 that the example keeps (it must regenerate that report)
SEED_LEFTOVER = "包括绩效目标未完成原因和下一步改进措施，执行中存在的问题、原因和改进措施。"

#: the clerk's words, by (sheet, 栏目); one item each where the report numbers items
TEXTS = {
    ("基本情况", "部门年度履职目标"): "保障全区义务教育均衡发展",
    ("基本情况", "主要任务"): "办好人民满意的教育",
    ("文字材料", "存在的主要问题"): "部分项目支出进度偏慢",
    ("文字材料", "改进措施"): "1、加快项目支出进度",
    ("文字材料", "问题和建议"): "一是经自评，2024年度我单位绩效管理水平有所提高，今后继续加强绩效管理。",
    ("文字材料", "经验"): "本部门高度重视绩效自评工作。",
    ("文字材料", "结果应用和公开"): "自评结果将随部门决算向社会公开。",
}
#: single fields, by defined name
FIELDS = {"单位名称": UNIT, "年度": 2024, "整体绩效目标": "推动全区教育高质量发展",
          "年初预算数": 5000, "调整预算数": 5200, "执行数": 5000,
          "三公经费预算": 3, "三公经费支出": 1.2, "三公经费上年": 0,
          "项目数": 6, "监控项目数": 6, "自评项目数": 6,
          "满意度目标": 0.9, "实际满意度": 0.935, "落款日期": "2025-03-01"}


def _label_rows(ws, col: int) -> dict[str, int]:
    head = next(r for r in range(1, 20) if ws.cell(r, col).value == "栏目")
    out: dict[str, int] = {}
    for r in range(head + 1, ws.max_row + 1):
        out.setdefault(ws.cell(r, col).value, r)
    return out


def _fill(src: Path, dst: Path, fields: dict, texts: dict) -> None:
    """What a clerk types into the blank form: figures, every 三级指标's 得分 (full marks but 绩效监控开展: 3 of
    4), and the words."""
    wb = openpyxl.load_workbook(src)
    set_named(wb, fields.items())
    ws = wb["指标评分"]
    head = {ws.cell(3, c).value: c for c in range(1, ws.max_column + 1)}
    for r in range(4, ws.max_row + 1):
        if ws.cell(r, head["三级指标"]).value:
            full = ws.cell(r, head["分值"]).value
            ws.cell(r, head["得分"]).value = 3 if ws.cell(r, head["三级指标"]).value == "绩效监控开展" else full
        if ws.cell(r, head["三级指标"]).value == "绩效监控开展":
            ws.cell(r, head["偏差原因"]).value = "个别项目监控不及时"
            ws.cell(r, head["改进措施"]).value = "按季度开展绩效监控"
    for (sheet, label), text in texts.items():
        sh = wb[sheet]
        col = 1 if sheet == "基本情况" else 2
        sh.cell(_label_rows(sh, col)[label], col + 1).value = text
    wb.save(dst)


@pytest.fixture(scope="module")
def edu(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("edu")
    assert cli.main(["new", str(d / "new.xlsx"), "--profile", str(EDU_PROFILE)]) == 0
    _fill(d / "new.xlsx", d / "edu.xlsx", FIELDS, TEXTS)
    for fmt in ("md", "docx", "html"):
        assert cli.main(["report", str(d / "edu.xlsx"), "-o", str(d / f"r.{fmt}")]) == 0
    return d


@pytest.fixture(scope="module")
def example(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("example")
    for fmt in ("md", "docx"):
        assert cli.main(["report", str(EXAMPLE_XLSX), "-o", str(d / f"r.{fmt}")]) == 0
    return d


def _md(d: Path) -> str:
    return (d / "r.md").read_text(encoding="utf-8")


def _paragraphs(d: Path) -> list[str]:
    """The report's paragraphs (Word), in order."""
    return [p for p in docx_text(d / "r.docx").split("\n") if p.strip()]


# --------------------------------------------------------------------------- the checklist (pure, over text)


def _sections(paras: list[str]) -> list[list[str]]:
    """Paragraphs grouped under each heading (a line numbered 一、 （一） 1.)."""
    out: list[list[str]] = [[]]
    for p in paras:
        if re.match(r"^(?:#+\s*)?(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)\S", p):
            out.append([])
        else:
            out[-1].append(p)
    return out


def lone_first_items(paras: list[str]) -> list[str]:
    """Paragraphs with 一是 in a section (or sentence list) that has no 二是."""
    bad = []
    for section in _sections(paras):
        text = "\n".join(section)
        if "一是" in text and "二是" not in text:
            bad += [p for p in section if "一是" in p]
    return bad


def self_words(text: str) -> set[str]:
    return {m.group(0) for m in re.finditer("|".join(SELF_WORDS), text)}


def percent_places(text: str) -> set[int]:
    """The decimal places of every percentage in ``text``."""
    return {len(m.group(1) or "") for m in re.finditer(r"\d+(?:\.(\d+))?\s*[%％]", text)}


def checklist(paras: list[str], places: int, allowed: tuple[str, ...] = ()) -> dict[str, object]:
    """What a reviewer marks, by rule (empty = nothing to mark)."""
    body = "\n".join(p for p in paras if p not in allowed)
    return {
        "一是 without 二是": lone_first_items(paras),
        "rough counts": re.findall(r"[十百千]多个", body),
        "zero-base comparison": re.findall(r"与(?:去年|上年)同期0(?:\.0+)?万元比", body),
        "self-reference words": sorted(self_words(body)) if len(self_words(body)) != 1 else [],
        "percent places": sorted(percent_places(body) - {places}),
        "braces": re.findall(r"[{}｛｝]", body),
        "instructions": INSTRUCTIONS.findall(body),
    }


CLEAN = {"一是 without 二是": [], "rough counts": [], "zero-base comparison": [], "self-reference words": [],
         "percent places": [], "braces": [], "instructions": []}


# --------------------------------------------------------------------------- the 区教育局


def test_edu_report_passes_the_checklist(edu):
    for paras in (_paragraphs(edu), [p for p in _md(edu).split("\n") if p.strip()]):
        assert checklist(paras, places=1) == CLEAN
        assert self_words("\n".join(paras)) == {"我局"}  # 某区教育局: …局 → 我局; the clerk's 我单位/本部门 too


def test_edu_one_item_lists_are_written_plainly(edu):
    paras = _paragraphs(edu)
    i = paras.index("（一）存在的主要问题")
    assert paras[i + 1:i + 3] == ["部分项目支出进度偏慢。", "（二）改进措施"]
    assert paras[i + 3] == "加快项目支出进度。"  # the clerk's “1、” goes; one item has no number
    assert "部门年度履职目标：保障全区义务教育均衡发展。" in paras
    assert "经自评，2024年度我局绩效管理水平有所提高，今后继续加强绩效管理。" in paras  # no lone 一是
    assert not [p for p in paras if re.match(r"\d+、", p)]  # one numbering style: no 1、 lists


def test_edu_counts_and_sentences_are_whole_and_exact(edu):
    paras = _paragraphs(edu)
    # 3 + 2 + 4 + 2 + 3 + 1 = 15 三级指标 in the profile
    assert ("绩效指标包括预算情况（10分）和投入管理指标（20分）、产出指标（40分）、效益指标（30分）三个一级指标。"
            "二级指标包括预算和财务管理、绩效管理、数量指标、质量指标、社会效益、满意度。三级指标共十五个。") in paras
    assert not [p for p in paras if p.endswith("）。") and "：" in p and "包括" not in p]  # no “如下：X（10分）。”


def test_edu_zero_base_is_stated_not_compared(edu):
    text = "\n".join(_paragraphs(edu))
    assert "2024年“三公”经费年初预算3.00万元，实际支出1.20万元，去年同期未发生“三公”经费支出。" in text
    assert "0万元比" not in text and "0.00万元比" not in text


def test_edu_satisfaction_names_the_indicator_at_the_profiles_places(edu):
    text = "\n".join(_paragraphs(edu))
    # 0.935 → 93.5 % (one place), target 0.9 → ≥90.0 %; 93.5 > 90: the target is met
    assert "2024年家长满意度年度指标值≥90.0%，实际满意度93.5%，完成满意度90.0%的目标。" in text
    assert "94%" not in text and "服务对象" not in text
    # 5000 / 5000 = 100.0 % against 年初; 5000 / 5200 = 96.15… → 96.2 % against 调整
    assert "预算执行率100.0%" in text and "按调整预算数计算，预算执行率为96.2%" in text


def test_edu_signature_ends_the_report_right_aligned(edu):
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paras = [p for p in Document(str(edu / "r.docx")).paragraphs if p.text.strip()]
    unit, date = paras[-2], paras[-1]
    assert (unit.text, date.text) == (UNIT, "2025年3月1日")  # 2025-03-01 in 公文 form
    for p in (unit, date):
        fmt = p.style.paragraph_format
        assert fmt.alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert fmt.right_indent == Pt(32)  # 右空二字: two 3号 (16 pt) characters
        assert fmt.first_line_indent in (None, 0)
    assert unit.style.paragraph_format.space_before == Pt(28.95)  # 正文下空一行
    md = _md(edu).rstrip().splitlines()
    assert md[-3:] == [f'<p align="right">{UNIT}</p>', "", '<p align="right">2025年3月1日</p>']
    page = (edu / "r.html").read_text(encoding="utf-8")
    assert f'<p class="signature unit">{UNIT}</p>' in page and "p.signature { text-align: right;" in page


def test_settings_turn_the_signature_off(edu, tmp_path):
    _fill(edu / "new.xlsx", tmp_path / "off.xlsx", {**FIELDS, "落款": "否"}, TEXTS)
    assert cli.main(["report", str(tmp_path / "off.xlsx"), "-o", str(tmp_path / "off.md")]) == 0
    md = (tmp_path / "off.md").read_text(encoding="utf-8")
    assert 'align="right"' not in md and "2025年3月1日" not in md
    assert md.rstrip().endswith("无。")


def test_satisfaction_without_an_actual_figure_is_warned_not_written(edu, tmp_path, capsys):
    _fill(edu / "new.xlsx", tmp_path / "blank.xlsx", {**FIELDS, "实际满意度": None}, TEXTS)
    wb = openpyxl.load_workbook(tmp_path / "blank.xlsx")
    sheet, ref = next(wb.defined_names["实际满意度"].destinations)
    capsys.readouterr()
    cli.main(["check", str(tmp_path / "blank.xlsx")])
    out = capsys.readouterr().out
    where = f"{sheet}!{ref.replace('$', '')}"
    assert any(where in line and "未填写实际满意度" in line and "家长满意度" in line for line in out.splitlines()), out
    # (this form's 家长满意度 takes its 实际完成值 from that cell, so check also stops the report there)
    from decimal import Decimal

    from xlperf.domain.numbers import NumberFormat
    from xlperf.report.sentences import SENTENCES

    target_only = {"year": 2024, "satisfaction_name": "家长满意度", "satisfaction.target": Decimal("0.9"),
                   "satisfaction.target_text": "≥90%"}
    assert SENTENCES["满意度情况"].render(target_only, NumberFormat()) is None  # no “…年度指标值≥90%。”
    assert SENTENCES["满意度情况"].render({**target_only, "satisfaction.achieved": Decimal("0.935")},
                                      NumberFormat(rate_places=1)) == "2024年家长满意度年度指标值≥90%，实际满意度93.5%，完成满意度90.0%的目标"


def test_an_instruction_typed_into_the_form_never_reaches_the_report(edu, tmp_path, capsys):
    """The clerk pastes a template's aside into 经验 and leaves an instruction as the only text of 问题和建议: check warns
    at both cells; the report prints 经验 without the aside and 问题和建议 as an empty 栏目 — unless 沿用原有写法 is on
    (the example's switch to reproduce an old report word for word), which prints the cells as written."""
    typed = {**TEXTS, ("文字材料", "经验"): "本部门高度重视绩效自评工作。（请填写经验做法）",
             ("文字材料", "问题和建议"): "请填写绩效自评工作中发现的问题和建议"}
    _fill(edu / "new.xlsx", tmp_path / "typed.xlsx", FIELDS, typed)
    ws = openpyxl.load_workbook(tmp_path / "typed.xlsx")["文字材料"]
    rows = _label_rows(ws, 2)
    capsys.readouterr()
    cli.main(["check", str(tmp_path / "typed.xlsx")])
    warned = [line.split()[1] for line in capsys.readouterr().out.splitlines() if "本段像是填写说明" in line]
    assert warned == [f"文字材料!C{rows['经验']}", f"文字材料!C{rows['问题和建议']}"]
    assert cli.main(["report", str(tmp_path / "typed.xlsx"), "-o", str(tmp_path / "r.md")]) == 0
    md = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert INSTRUCTIONS.findall(md) == [] and "（请" not in md
    assert "我局高度重视绩效自评工作。\n" in md  # (本部门 → the report's one self-reference, 我局)
    _fill(edu / "new.xlsx", tmp_path / "legacy.xlsx", {**FIELDS, "沿用原有写法": "是"}, typed)
    assert cli.main(["report", str(tmp_path / "legacy.xlsx"), "-o", str(tmp_path / "legacy.md")]) == 0
    legacy = (tmp_path / "legacy.md").read_text(encoding="utf-8")
    assert "（请填写经验做法）" in legacy and "请填写绩效自评工作中发现的问题和建议" in legacy


# --------------------------------------------------------------------------- the example


def test_example_passes_the_checklist_its_inherited_sentences_aside(example):
    paras = _paragraphs(example)
    # 沿用原有写法: the reference's “二十多个三级指标” (24 in fact) and its leftover instruction in 五 stay
    inherited = tuple(p for p in paras if "另外还包括二十多个三级指标" in p) + (SEED_LEFTOVER,)
    assert SEED_LEFTOVER in paras and len(inherited) == 2
    assert checklist(paras, places=0, allowed=inherited) == CLEAN
    assert self_words("\n".join(paras)) == {"我单位"}  # 基本情况 本单位简称/自称 = 我单位, as the reference says
    assert paras[-2] == "中共郑州市金水区委组织部" and re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日", paras[-1])


def test_example_check_warns_once_at_the_inherited_instruction(capsys):
    """The example keeps the reference's leftover in 五 (it regenerates that report); check names its cell, once."""
    ws = openpyxl.load_workbook(EXAMPLE_XLSX)["文字材料"]
    cell = next(f"文字材料!{c.coordinate}" for row in ws.iter_rows() for c in row if c.value == SEED_LEFTOVER)
    capsys.readouterr()
    assert cli.main(["check", str(EXAMPLE_XLSX)]) == 0  # a warning: the report is still written
    lines = [line.split() for line in capsys.readouterr().out.splitlines() if line.startswith(("警告", "错误"))]
    assert lines == [["警告", cell, "文字材料", "本段像是填写说明，请改写为本单位情况或删除"]]


# --------------------------------------------------------------------------- the PDF, looked at


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="needs LibreOffice and poppler-utils")
def test_pdf_ends_with_the_signature_right_aligned(edu):
    from pdfpages import pdf_pages

    assert cli.main(["report", str(edu / "edu.xlsx"), "-o", str(edu / "r.pdf")]) == 0
    last = pdf_pages(edu / "r.pdf")[-1]
    width = last["size"][0]
    lines: dict[float, list] = {}
    for w in last["words"]:
        if w[3] > last["size"][1] - 35 / 25.4 * 72:
            continue  # below the type area (bottom margin 35 mm): the page number
        lines.setdefault(round(w[3]), []).append(w)
    rows = sorted(lines.items())
    (y_unit, unit), (y_date, date) = rows[-2], rows[-1]
    assert "".join(w[2] for w in unit) == UNIT and "".join(w[2] for w in date) == "2025年3月1日"
    # A4 = 595.3 pt; right margin 26 mm = 73.7 pt, and two 16 pt characters more: the text ends at 489.6 pt
    right = width - 26 / 25.4 * 72 - 32
    for words in (unit, date):
        assert abs(max(w[1] for w in words) - right) < 6, (max(w[1] for w in words), right)
        assert min(w[0] for w in words) > width / 2  # on the right half of the page
    assert y_date > y_unit


# --------------------------------------------------------------------------- the rules' small parts


@pytest.mark.parametrize("unit, given, word", [
    ("某区教育局", "", "我局"), ("某区发展和改革委员会", "", "我委"), ("某区人民政府办公室", "", "我办"),
    ("中共某区委组织部", "", "本部门"), ("某区第一中学", "", "我单位"), ("某区财政局（本级）", "", "我局"),
    ("中共郑州市金水区委组织部", "我单位", "我单位"), ("某区教育局", " 本局 ", "本局"),
])
def test_the_self_word_defaults_from_the_units_name(unit, given, word):
    from xlperf.report.words import self_word

    assert self_word(unit, given) == word


def test_one_self_word_rewrites_every_self_reference_but_no_placeholder():
    from xlperf.report.words import one_self_word

    text = "我单位和本部门、本单位、我部门均按{单位}要求；本局{满意度情况}"
    assert one_self_word(text, "我局") == "我局和我局、我局、我局均按{单位}要求；我局{满意度情况}"


@pytest.mark.parametrize("written, date", [
    ("2025-03-01", "2025年3月1日"), ("2022/3/1", "2022年3月1日"), ("2022.12.31", "2022年12月31日"),
    ("2022年03月01日", "2022年3月1日"), ("2022-02-30", None), ("三月一日", None),
])
def test_signature_dates_in_gongwen_form(written, date):
    from xlperf.report.context import chinese_date

    assert chinese_date(written) == date


def test_a_date_that_is_no_date_is_printed_as_written_with_a_warning(edu, tmp_path, capsys):
    _fill(edu / "new.xlsx", tmp_path / "d.xlsx", {**FIELDS, "落款日期": "三月初"}, TEXTS)
    capsys.readouterr()
    assert cli.main(["report", str(tmp_path / "d.xlsx"), "-o", str(tmp_path / "d.md")]) == 0
    err = capsys.readouterr().err
    assert any(re.search(r"设置!B\d+ +落款日期 +“三月初”不是日期", line) for line in err.splitlines()), err
    assert (tmp_path / "d.md").read_text(encoding="utf-8").rstrip().endswith('<p align="right">三月初</p>')
