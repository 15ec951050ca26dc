"""xlperf import: last year's report (.txt/.docx) or workbook becomes this year's form (issue 14).

Round trips are measured with tests/import_helpers.py (its own sentence splitting, independent of the
importer).  The report shapes under tests/data/import/ are written for these tests: own sub-headings,
no score table, only the first sections, "一." / "(一)" / "1、" numbering, a cover page, running headers
and page numbers (own-shape-2022.txt); merged sections and a paragraph the importer cannot place
(merged-2020.txt).
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from import_helpers import headings, kept, norm
from report_helpers import REPO, run_cli, seed_path
from xlperf.importer.lines import heading_of
from xlperf.importer.parse import parse_report

EXAMPLE_XLSX = REPO / "workbooks" / "example-2021.xlsx"
DATA = Path(__file__).parent / "data" / "import"
OWN = DATA / "own-shape-2022.txt"
MERGED = DATA / "merged-2020.txt"
#: the default profile's leaves (xlperf/domain/profiles/dept-henan-2021.toml) whose 得分 a clerk types
MANUAL_LEAVES = ("工作目标管理", "预算和财务管理", "绩效管理", "重点工作任务完成情况", "履职目标实现情况", "履职效益", "满意度")


def type_scores(path: Path, scores: dict[str, float]) -> None:
    """What a clerk does next: type the 得分 of each named indicator row (openpyxl, values only)."""
    wb = openpyxl.load_workbook(path)
    ws = wb["指标评分"]
    head = {c.value: c.column for c in ws[3]}
    for r in range(4, ws.max_row + 1):
        for col in ("一级指标", "二级指标", "三级指标"):
            name = ws.cell(r, head[col]).value
            if name in scores:
                ws.cell(r, head["得分"]).value = scores[name]
    wb.save(path)


def keep_old_wording(path: Path) -> None:
    """设置 沿用原有写法 = 是: the report numbers its lists as the reference does (1. / 1、 / 一是) and counts
    roughly (二十多个) — what reproducing the reference word for word asks for (the default is one style)."""
    wb = openpyxl.load_workbook(path)
    sheet, ref = next(wb.defined_names["沿用原有写法"].destinations)
    wb[sheet][ref.replace("$", "")].value = "是"
    wb.save(path)


def text_rows(path: Path) -> list[tuple[str, str, str, str]]:
    """(cell, 章节, 栏目, 内容) of the 文字材料 sheet."""
    ws = openpyxl.load_workbook(path)["文字材料"]
    return [(f"C{r[2].row}", r[0].value, r[1].value, r[2].value) for r in ws.iter_rows(min_row=4) if r[2].value]


def prev_level1(wb) -> dict:
    """上年得分 of each level-1 row of 指标评分."""
    ind = wb["指标评分"]
    head = {c.value: c.column for c in ind[3]}
    return {ind.cell(r, head["一级指标"]).value: ind.cell(r, head["上年得分"]).value
            for r in range(4, ind.max_row + 1) if ind.cell(r, head["一级指标"]).value not in (None, "合计")}


def assert_merged_2020(form: Path) -> None:
    """The form imported from merged-2020.txt (or a Word copy of it) holds what that report states, read by eye."""
    wb = openpyxl.load_workbook(form)
    assert wb["基本情况"]["A4"].value == "年度" and wb["基本情况"]["B4"].value == 2021
    assert wb["基本情况"]["B5"].value == "按时完成各项统计调查任务"
    basic = [c.value for r in wb["基本情况"].iter_rows() for c in r]
    assert "做好全县统计调查工作" in basic and "提高统计数据质量" in basic  # the two 履职目标
    values = {r[0].value: r[1].value for r in wb["预算资金"].iter_rows() if r[0].value}
    assert (values["上年年度"], values["上年总分"], values["上年等级"]) == (2020, 86, "良")
    assert values["上年预算执行率"] == pytest.approx(470.10 / 512.30)  # 执行金额 / 年初预算数
    assert values["年初预算数"] is None and values["预算执行金额（执行数）"] is None
    assert prev_level1(wb) == {"预算执行": 8, "投入管理": 17, "产出指标": 36, "效益指标": 25}
    by_label: dict = {}
    for _, _, label, content in text_rows(form):
        by_label.setdefault(label, []).append(content)
    assert by_label["工作开展情况"] == ["我单位按照通知要求组织开展自评工作，由办公室牵头汇总材料。"]
    assert by_label["产出指标"] == ["按期完成经济普查和月度调查任务。"]
    assert by_label["存在的主要问题"] == ["基层统计人员流动较大，业务能力有待提高。"]
    assert by_label["改进措施"] == ["加强基层统计人员业务培训。"]
    assert by_label["结果应用和公开"] == ["自评结果将在部门决算中一并公开。"]
    assert by_label["未归类"] == ["另有一项专项调查因疫情推迟，已报上级同意延期。"]


def regenerate(form: Path, out: Path) -> str:
    assert run_cli("report", form, "-o", out, "--format", "md") == 0
    (md,) = out.glob("*.md")
    return md.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- the reference report


@pytest.fixture(scope="module")
def seed_text():
    return seed_path().read_text(encoding="utf-8")


#: the level-1 scores of the reference (三、 table: 3 / 18 / 40 / 30 = 91) spread over the default
#: profile's leaves by hand, as the clerk of that department would type them
SEED_SCORES = {"预算执行": 3, "工作目标管理": 4, "预算和财务管理": 8, "绩效管理": 6, "重点工作任务完成情况": 20,
               "履职目标实现情况": 20, "履职效益": 20, "满意度": 10}


def test_reference_round_trip_with_its_own_year(seed_text, tmp_path, capsys):
    form = tmp_path / "f.xlsx"
    assert run_cli("import", seed_path(), "-o", form, "--year", "2021", "--unit", "中共郑州市金水区委组织部") == 0
    type_scores(form, SEED_SCORES)
    keep_old_wording(form)
    report = regenerate(form, tmp_path / "out")
    assert headings(report) == headings(seed_text)  # every heading, in order
    share, missing = kept(seed_text, report)
    assert share >= 0.95, missing
    assert "最终得分为91分" in norm(report) and "“优”" in report


def test_reference_as_docx_gives_the_same_form(seed_text, tmp_path):
    """A Word version (headings as paragraphs, the score table a real table, a running header and a
    page-number footer in their own parts) imports exactly like the text."""
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    doc.sections[0].header.paragraphs[0].text = "中共郑州市金水区委组织部2021年度部门整体绩效自评报告"
    doc.sections[0].footer.paragraphs[0].text = "— 1 —"
    table_rows: list[list[str]] = []
    for line in seed_text.splitlines():
        if "\t" in line:
            table_rows.append(line.split("\t"))
            continue
        if table_rows:
            t = doc.add_table(rows=len(table_rows), cols=len(table_rows[0]))
            for i, cells in enumerate(table_rows):
                for j, c in enumerate(cells):
                    t.cell(i, j).text = c
            table_rows = []
        doc.add_paragraph(line)
    src = tmp_path / "上年报告.docx"
    doc.save(src)
    a, b = tmp_path / "from-txt.xlsx", tmp_path / "from-docx.xlsx"
    assert run_cli("import", seed_path(), "-o", a) == 0
    assert run_cli("import", src, "-o", b) == 0
    # what the Word document states, by hand: 2021's 91 分 “优”, 29 个项目, 1770.59 of 7319.56 万元 executed,
    # “三公”经费 spent 0, the table's 3 / 18 / 40 / 30, the 年度整体绩效目标 sentence
    form = openpyxl.load_workbook(b)
    assert form["基本情况"]["A4"].value == "年度" and form["基本情况"]["B4"].value == 2022
    assert form["基本情况"]["B5"].value == "推动全区组织工作高质量开展"
    values = {r[0].value: r[1].value for r in form["预算资金"].iter_rows() if r[0].value}
    assert (values["上年年度"], values["上年总分"], values["上年等级"], values["上年项目数"]) == (2021, 91, "优", 29)
    assert values["上年预算执行率"] == pytest.approx(1770.59 / 7319.56)
    assert values["“三公”经费上年支出"] == 0
    assert prev_level1(form) == {"预算执行": 3, "投入管理": 18, "产出指标": 40, "效益指标": 30}
    assert text_rows(a) == text_rows(b)
    wa, wb_ = openpyxl.load_workbook(a), openpyxl.load_workbook(b)
    for sheet in ("预算资金", "指标评分", "基本情况"):
        assert [[c.value for c in r] for r in wa[sheet].iter_rows()] == \
               [[c.value for c in r] for r in wb_[sheet].iter_rows()], sheet


def test_reference_default_year_gives_a_2022_form_with_placeholders(seed_text, tmp_path, capsys):
    form = tmp_path / "2022.xlsx"
    assert run_cli("import", seed_path(), "-o", form) == 0
    assert "没有找到单位名称" in capsys.readouterr().out
    wb = openpyxl.load_workbook(form)
    assert wb["基本情况"]["A4"].value == "年度" and wb["基本情况"]["B4"].value == 2022
    texts = " ".join(str(r[3]) for r in text_rows(form))
    assert "2021" not in texts  # every mention of the report's year became {年度}
    for ph in ("{年度}", "{预算执行情况}", "{三公经费情况}", "{绩效管理情况}", "{满意度情况}", "{细化率}"):
        assert ph in texts, ph
    assert "7319.56" not in texts and "29个" not in texts
    # last year's figures are kept as 上年 values; this year's amounts are blank
    values = {r[0].value: r[1].value for r in wb["预算资金"].iter_rows() if r[0].value}
    assert values["上年总分"] == 91 and values["上年等级"] == "优" and values["上年项目数"] == 29
    assert values["上年预算执行率"] == pytest.approx(1770.59 / 7319.56)
    assert values["年初预算数"] is None and values["预算执行金额（执行数）"] is None
    ind = wb["指标评分"]
    head = {c.value: c.column for c in ind[3]}
    prev = {ind.cell(r, head["一级指标"]).value: ind.cell(r, head["上年得分"]).value
            for r in range(4, ind.max_row + 1) if ind.cell(r, head["一级指标"]).value}
    assert (prev["预算执行"], prev["投入管理"], prev["产出指标"], prev["效益指标"]) == (3, 18, 40, 30)
    assert all(ind.cell(r, head["得分"]).value is None for r in range(4, ind.max_row + 1))
    # check lists exactly what the clerk must still fill: the three amounts and each typed score
    capsys.readouterr()
    assert run_cli("check", form) == 1
    out = capsys.readouterr().out
    errors = {line.split()[1] for line in out.splitlines() if line.startswith("错误")}
    rows = {ind.cell(r, head["二级指标"]).value or ind.cell(r, head["一级指标"]).value: r
            for r in range(4, ind.max_row + 1)}
    # the reference names no unit anywhere (only “我单位”): 单位名称 is to fill as well
    expected = {"基本情况!B3", "预算资金!B4", "预算资金!B5", "预算资金!B6"} | \
        {f"指标评分!M{rows[n]}" for n in MANUAL_LEAVES}
    assert errors == expected


def test_text_still_naming_last_year_is_flagged_at_its_cell(tmp_path, capsys):
    form = tmp_path / "2021.xlsx"
    assert run_cli("import", MERGED, "-o", form) == 0  # a 2020 report → a 2021 form
    wb = openpyxl.load_workbook(form)
    ws = wb["文字材料"]
    cell = next(c for r in ws.iter_rows(min_row=4) for c in r[2:3] if c.value and "组织开展自评" in c.value)
    cell.value += "2020年全年共完成调查任务12项。"
    wb.save(form)
    capsys.readouterr()
    run_cli("check", form)
    out = capsys.readouterr().out
    flagged = [line for line in out.splitlines() if "写有“2020年”" in line]
    assert len(flagged) == 1 and f"文字材料!{cell.coordinate}" in flagged[0]


# --------------------------------------------------------------------------- other shapes


OWN_SCORES = {"预算执行": 9.5, "工作目标管理": 4, "预算和财务管理": 9, "绩效管理": 6, "重点工作任务完成情况": 18,
              "履职目标实现情况": 19, "履职效益": 19, "满意度": 9}  # 9.5 / 19 / 37 / 28 as the report states


def test_own_shape_keeps_its_headings_and_sentences(tmp_path):
    source = OWN.read_text(encoding="utf-8")
    form = tmp_path / "f.xlsx"
    assert run_cli("import", OWN, "-o", form, "--year", "2022") == 0
    type_scores(form, OWN_SCORES)
    report = regenerate(form, tmp_path / "out")
    rh = headings(report)
    for h in ("部门职能", "年度绩效目标", "自评工作组织情况", "预算执行情况", "指标完成情况"):
        assert h in rh, h  # the department's own sub-headings come back
    assert rh.index("部门职能") < rh.index("年度绩效目标") < rh.index("自评工作组织情况") < rh.index("预算执行情况")
    share, missing = kept(source, report)
    assert share >= 0.90, missing
    assert "郑州市示例区住房和城乡建设局2022年度部门整体绩效自评报告" in norm(report)  # unit from the cover


def test_own_shape_cover_and_headers_and_unplaced(tmp_path, capsys):
    form = tmp_path / "f.xlsx"
    assert run_cli("import", OWN, "-o", form) == 0
    out = capsys.readouterr().out
    assert "本报告反映我局本年度" in out  # the unplaced paragraph's first words, as a warning
    rows = text_rows(form)
    unplaced = [r for r in rows if r[1] == "未归类"]
    assert [r[3][:9] for r in unplaced] == ["本报告反映我局本年"]
    body = " ".join(r[3] for r in rows)
    assert "- 2 -" not in body and "- 3 -" not in body  # page numbers dropped
    assert "郑州市示例区住房和城乡建设局2022年度部门整体绩效自评报告" not in body  # the running header too
    capsys.readouterr()
    run_cli("check", form)
    assert f"文字材料!{unplaced[0][0]}" in capsys.readouterr().out


def test_merged_sections_and_score_table(tmp_path):
    rep = parse_report(MERGED.read_text(encoding="utf-8").splitlines())
    assert rep.year == 2020 and rep.total == Decimal(86) and rep.grade == "良"
    assert [(s.name, s.score) for s in rep.scores] == [("预算执行", 8), ("投入管理", 17), ("产出指标", 36), ("效益指标", 25)]
    attrs = {p.attr: p.text for p in rep.paragraphs}
    assert attrs["problems"] == "基层统计人员流动较大，业务能力有待提高。"
    assert attrs["measures"] == "加强基层统计人员业务培训。"
    assert attrs["application"] == "自评结果将在部门决算中一并公开。"
    assert attrs["other"] == "无"
    assert attrs[""].startswith("另有一项专项调查")  # no indicator to attach it to: kept, not dropped
    assert rep.figures["budget.initial"] == Decimal("512.30") and rep.figures["budget.executed"] == Decimal("470.10")


@pytest.mark.parametrize("line, expected", [
    ("一、基本情况", (1, "一", "基本情况")), ("一. 基本情况", (1, "一", "基本情况")), ("一．基本情况", (1, "一", "基本情况")),
    ("（一）部门职能", (2, "一", "部门职能")), ("(二) 年度目标", (2, "二", "年度目标")), ("（三、结果应用", (2, "三", "结果应用")),
    ("1.投入管理指标情况分析", (3, "1", "投入管理指标情况分析")), ("2、产出指标", (3, "2", "产出指标")),
    ("一是前期准备阶段。根据通知要求开展", None), ("1、部分绩效目标设定还需调整。", None), ("1.5万元用于培训", None),
])
def test_heading_numbering_variants(line, expected):
    assert heading_of(line) == expected


# --------------------------------------------------------------------------- last year's workbook


def test_from_last_years_workbook(tmp_path, capsys):
    form = tmp_path / "2022.xlsx"
    src = tmp_path / "2021.xlsx"
    shutil.copy(EXAMPLE_XLSX, src)
    before = src.read_bytes()
    assert run_cli("import", src, "-o", form) == 0
    assert src.read_bytes() == before  # the input is never modified
    old, new = openpyxl.load_workbook(EXAMPLE_XLSX)["指标评分"], openpyxl.load_workbook(form)["指标评分"]
    head = {c.value: c.column for c in new[3]}
    keep = ("一级指标", "二级指标", "三级指标", "分值", "评分方法", "计量单位", "年度指标值", "指标值表述", "指标方向", "评分参数")
    rows_old = [[old.cell(r, head[k]).value for k in keep] for r in range(4, old.max_row + 1)]
    rows_new = [[new.cell(r, head[k]).value for k in keep] for r in range(4, new.max_row + 1)]
    assert rows_new == rows_old  # the indicator system is kept whole
    for r in range(4, new.max_row + 1):
        assert new.cell(r, head["得分"]).value is None and new.cell(r, head["偏差原因"]).value is None
        actual = new.cell(r, head["实际完成值"]).value
        assert actual is None or str(actual).startswith("="), r  # typed values cleared, references kept
    prev = {new.cell(r, head["一级指标"]).value: new.cell(r, head["上年得分"]).value
            for r in range(4, new.max_row + 1) if new.cell(r, head["一级指标"]).value}
    assert (prev["预算执行"], prev["投入管理"], prev["产出指标"], prev["效益指标"]) == (3, 18, 40, 30)
    wb = openpyxl.load_workbook(form)
    values = {r[0].value: r[1].value for r in wb["预算资金"].iter_rows() if r[0].value}
    assert values["上年总分"] == 91 and values["年初预算数"] is None
    assert values["“三公”经费上年支出"] == 0  # last year's 实际支出 (0 万元)
    capsys.readouterr()
    assert run_cli("check", form) == 1
    out = capsys.readouterr().out
    errors = [line.split()[1] for line in out.splitlines() if line.startswith("错误")]
    assert {"预算资金!B4", "预算资金!B5", "预算资金!B6"} <= set(errors)
    leaves = {f"指标评分!{col}{r}" for r in range(4, new.max_row + 1) for col in "HM"}
    # nothing but this year's amounts and each leaf's 实际完成值 (or 得分) is asked for
    assert set(errors) - {"预算资金!B4", "预算资金!B5", "预算资金!B6"} <= leaves
    assert len(errors) > 10


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("name, content, words", [
    ("notes.txt", "关于召开年终总结会议的通知\n各科室：定于周五下午召开会议。\n", "不像是一份绩效自评报告"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "不是有效的 Word 文档"),
    ("old.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
    ("scan.pdf", b"%PDF-1.4", "PDF"),
    ("binary.txt", bytes(range(256)) * 4, "编码无法识别"),
])
def test_unreadable_or_unrelated_files_write_nothing(tmp_path, capsys, name, content, words):
    src = tmp_path / name
    if isinstance(content, str):
        src.write_text(content, encoding="utf-8")
    else:
        src.write_bytes(content)
    out = tmp_path / "new.xlsx"
    assert run_cli("import", src, "-o", out) == 2
    assert words in capsys.readouterr().err
    assert not out.exists()


def test_existing_output_is_not_overwritten(tmp_path, capsys):
    out = tmp_path / "已有.xlsx"
    out.write_bytes(b"keep")
    assert run_cli("import", MERGED, "-o", out) == 2
    assert out.read_bytes() == b"keep" and "已存在" in capsys.readouterr().err


NUMBERING_XML = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="7">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
<w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
</w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""


def test_docx_with_word_automatic_numbering(tmp_path):
    """Headings numbered by Word itself (numbering.xml; the text has no “一、”) are still recognised."""
    import re
    import zipfile

    docx = pytest.importorskip("docx")
    from docx.oxml import parse_xml

    doc = docx.Document()
    for line in MERGED.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）)(.*)$", line)
        p = doc.add_paragraph(m.group(3) if m else line)
        if m:
            level = 0 if m.group(1) else 1
            p._p.get_or_add_pPr().append(parse_xml(
                '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f'<w:ilvl w:val="{level}"/><w:numId w:val="3"/></w:numPr>'))
    raw = tmp_path / "raw.docx"
    doc.save(raw)
    src = tmp_path / "自动编号.docx"
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(src, "w") as zout:
        for item in zin.infolist():
            data = NUMBERING_XML.encode() if item.filename == "word/numbering.xml" else zin.read(item)
            zout.writestr(item, data)
    a, b = tmp_path / "txt.xlsx", tmp_path / "docx.xlsx"
    assert run_cli("import", MERGED, "-o", a) == 0
    assert run_cli("import", src, "-o", b) == 0
    assert_merged_2020(b)  # the figures and paragraphs the Word document shows
    assert_merged_2020(a)
    assert text_rows(a) == text_rows(b)
    assert any(r[2] == "存在的主要问题" for r in text_rows(b))  # （一）存在的主要问题 under a numbered 五、


def test_next_year_report_states_changes_against_the_imported_year(seed_text, tmp_path):
    """Import the 2021 reference with the default year, fill 2022's amounts and scores as a clerk would:
    the 2022 report states this year's figures where last year's stood, and the changes against 2021."""
    form = tmp_path / "2022.xlsx"
    assert run_cli("import", seed_path(), "-o", form, "--unit", "中共郑州市金水区委组织部") == 0
    wb = openpyxl.load_workbook(form)
    budget = wb["预算资金"]
    rows = {r[0].value: r[0].row for r in budget.iter_rows() if r[0].value}
    for label, value in (("年初预算数", 2000), ("调整预算数（全年预算数）", 1900), ("预算执行金额（执行数）", 1800),
                         ("项目数", 31), ("开展绩效监控项目数", 31), ("开展绩效自评项目数", 31),
                         # the imported text says “细化率达{细化率}；…；{三公经费情况}”: without their data check
                         # stops the report (issue 21 §5)
                         ("预算编制细化率（表述）", "95%以上"), ("“三公”经费年初预算", 0), ("“三公”经费实际支出", 0),
                         # {满意度情况} is written only from an actual figure (issue 24): 2022's survey result
                         ("实际满意度", 0.92)):
        budget.cell(rows[label], 2).value = value
    wb.save(form)
    type_scores(form, {**SEED_SCORES, "预算执行": 9})  # 91 − 3 + 9 = 97
    report = norm(regenerate(form, tmp_path / "out"))
    assert "我单位2022年部门整体绩效最终得分为97分" in report
    assert "较上年（91分）提高6分" in report  # 97 − 91, by hand
    assert "与上年同为“优”" in report
    assert "较上年（29个）增加2个" in report
    # 1800/2000 = 90 % against 1770.59/7319.56 = 24.19 %, both printed at the rules' whole percents: 90 − 24
    assert "较上年（24%）提高66个百分点" in report
    assert "2022年度，我单位预算年初数为2000.00万元" in report  # {预算执行情况} now states 2022's amounts
    assert "细化率达95%以上" in report and "{" not in report
    assert "7319.56" not in report and "2021年度部门决算" not in report and "2022年度部门决算" in report


def test_docx_with_heading_styles_and_no_numbering(tmp_path):
    """Headings that are only Word heading styles (标题 1 / 标题 2, no number in the text, no list) are numbered
    by their level, so they are recognised like typed “一、”/“（一）”."""
    import re

    docx = pytest.importorskip("docx")
    doc = docx.Document()
    for line in MERGED.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）)(.*)$", line)
        if m:
            doc.add_heading(m.group(3), level=1 if m.group(1) else 2)
        else:
            doc.add_paragraph(line)
    src = tmp_path / "标题样式.docx"
    doc.save(src)
    a, b = tmp_path / "txt.xlsx", tmp_path / "docx.xlsx"
    assert run_cli("import", MERGED, "-o", a) == 0
    assert run_cli("import", src, "-o", b) == 0
    assert_merged_2020(b)  # the figures and paragraphs the Word document shows
    assert text_rows(a) == text_rows(b)
