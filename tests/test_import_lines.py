"""A report's lines one at a time (xlperf/importer/lines.py): clean-up, heading shapes, table rows, joined paragraphs.

Fast unit tests with hand-written lines (issue 19: the module was judged only through whole imports).  Every
expected value is the line as a reader sees it: PDF spacing between Chinese characters carries no meaning, a table
row's cells are tab-separated, 一、/（一）/1. open a heading, a page number or a line repeated on every page is no
text of the report.

Survivors argued equivalent: tests/test_import_lines_mutants.py.

Session 6's open ``lines._joinable`` 23 (the last 13 characters searched for a title's end instead of 12) is killed
(session 8, s8g) by “…编制的自评报告提到的九项工作报告”: a title ends in the report's name, and 工作报告 is none; the
13-character window finds 自评报告 in the sentence's middle and takes the line for a title.  (A line ending in a closing
parenthesis is never joined — ）is a sentence end — so the window only ever sees a line ending in 报告 or 总结.)
"""

from __future__ import annotations

import pytest

from xlperf.importer.lines import (_cells, _heading_ok, _is_table_row, _joinable, _text_table_row, clean, heading_of,
                                   loose_heading, normalise)

LONG = "本年度部门整体支出绩效目标基本实现各项工作有序推进"  # 25 characters, no ending punctuation


# ----------------------------------------------------------------------------- clean
@pytest.mark.parametrize("raw, cleaned", [
    ("预算\x07执行\ufffe率", "预算执行率"),  # control characters and non-characters dropped
    ("\u3000 年初预算数\xa0", "年初预算数"),  # full-width and no-break spaces, then trimmed
    ("满意度$\\geq$90\\%", "满意度≥90%"),
    ("完成率$\\leq$5\\%", "完成率≤5%"),
    ("得分$\\ge$8", "得分≥8"),
    ("偏差$\\le$3", "偏差≤3"),
    ("3$\\times$4", "3×4"),
    ("预算 执行 率 为 95 %", "预算执行率为95%"),  # PDF spacing beside Chinese, and before %
    ("合计 ， 见 下表", "合计，见下表"),  # beside full-width punctuation
    ("A  B", "A  B"),  # between Latin letters: kept
    ("A X B", "A X B"),
    ("年初\u3000预算数", "年初预算数"),  # a full-width space inside, beside Chinese
    ("年初\xa0预算数", "年初预算数"),
    ("资金\t\t\t说明", "资金\t说明"),  # runs of tabs: one cell break
])
def test_clean_tidies_a_paragraph(raw, cleaned):
    assert clean(raw) == cleaned


@pytest.mark.parametrize("row, cells", [
    ("项目 100 95", "项目\t100\t95"),  # a label and two figures: three cells
    ("年初预算数 全年预算数 全年执行数", "年初预算数\t全年预算数\t全年执行数"),  # three header words, no figure
    ("年初预算数 全年预算数 说明", None),  # two header words only
    ("100 95 项目", None),  # a row that starts with a figure is not a labelled row
    ("项目 100", None),  # two cells
    ("项目 100 95，合计", None),  # a sentence (punctuation)
    ("项目\t100 95", None),  # already tab-separated
    ("预算数 执行数 执行率 100", None),  # header words with a figure: neither shape
    ("项目 -1200.5 95%", "项目\t-1200.5\t95%"),
    ("项目 1,200 95", None),  # a comma: a sentence's, not a row's
])
def test_a_table_row_flattened_by_spaces_gets_its_tabs_back(row, cells):
    assert _text_table_row(row) == (row if cells is None else cells)


# ----------------------------------------------------------------------------- headings
@pytest.mark.parametrize("line, heading", [
    ("一、基本情况", (1, "一", "基本情况")),
    ("二. 绩效目标", (1, "二", "绩效目标")),
    ("十一，其他", (1, "十一", "其他")),
    ("三、综合评价结论：", (1, "三", "综合评价结论")),
    ("四、存在问题:", (1, "四", "存在问题")),
    ("（一）部门职能", (2, "一", "部门职能")),
    ("(二、项目情况", (2, "二", "项目情况")),
    ("1.资金管理", (3, "1", "资金管理")),
    ("12、制度建设", (3, "12", "制度建设")),
    ("一、序", (1, "一", "序")),  # one character is a title
    ("一、附表XX", (1, "一", "附表XX")),  # a template's filler stays in the title
    ("1.5万元用于培训", None),  # a figure, not a numbered item
    ("一是加强资金管理", None),  # 一是… is prose
    ("一、是加强管理", None),
    ("一、要加强管理", None),
    ("一、在年度内完成", None),
    ("一、对标对表", None),
    ("一、把好关口", None),
    ("一、按时完成了全部工作。", None),  # a sentence inside: a numbered item
    ("一、加强管理；", None),
    ("一、加强管理;", None),
    ("一、加强管理，", None),
    ("一、" + "字" * 40, (1, "一", "字" * 40)),  # 40 characters: still a title
    ("一、" + "字" * 41, None),
])
def test_the_shape_of_a_heading(line, heading):
    assert heading_of(line) == heading


def test_a_heading_title_is_short_and_not_empty():
    assert not _heading_ok("  ")
    assert _heading_ok(" 基本情况 ")


@pytest.mark.parametrize("line, shape", [
    ("（二）项目资金情况。", (2, "二", "项目资金情况", "")),
    ("（二）绩效目标完成情况分析，合格率100%", (2, "二", "绩效目标完成情况分析", "合格率100%")),
    ("一、基本情况：本单位是…", (1, "一", "基本情况", "本单位是…")),
    ("一、概况。", (1, "一", "概况", "")),  # two characters: the shortest title
    ("一、况。", None),
    ("一、" + "字" * 20 + "。后文", (1, "一", "字" * 20, "后文")),  # twenty: the longest
    ("一、" + "字" * 21 + "。后文", None),
    ("一、是加强管理，提高效率", None),
    ("一、把好关口，提高效率", None),
    ("一、要加强管理，提高效率", None),
    ("一、在年度内，完成任务", None),
    ("一、对标对表，提高效率", None),
    ("一、基本情况", None),  # no cut: an ordinary heading
    ("1.资金管理。", None),  # level 3 is never loose
])
def test_a_loose_heading_is_cut_at_its_first_punctuation(line, shape):
    assert loose_heading(line) == shape


# ----------------------------------------------------------------------------- table rows and cells
@pytest.mark.parametrize("line, row", [
    ("项目\t100", True),
    ("|项目|100|", True),
    ("项目  100  95", True),
    ("项目  100 95", False),  # only two runs of spaces make cells
    ("项目 100 95", False),
])
def test_a_table_row(line, row):
    assert _is_table_row(line) is row


@pytest.mark.parametrize("row, cells", [
    ("项目\t 100 \t\t95", ["项目", "100", "95"]),
    ("项目\t名称 甲", ["项目", "名称 甲"]),  # a tab row: one space stays inside its cell
    ("|XX|100|", ["XX", "100"]),  # a template's filler is a cell
    ("| 项目 | 100 |", ["项目", "100"]),
    ("项目名称  年初预算 100", ["项目名称", "年初预算", "100"]),  # two spaces, or one before a figure
])
def test_the_cells_of_a_row(row, cells):
    assert _cells(row) == cells


# ----------------------------------------------------------------------------- joining and dropping lines
@pytest.mark.parametrize("prev, nxt, joined", [
    (LONG, "继续推进。", True),  # a page break in the middle of a sentence
    (LONG[:19], "继续推进。", False),  # a short unpunctuated line: a title or label
    (LONG[:20], "继续推进。", True),
    (LONG + "。", "继续推进。", False),
    (LONG + "：", "继续推进。", False),
    (LONG + "）", "继续推进。", False),
    (LONG + "XXXX", "继续推进。", True),  # a template's filler is no sentence end
    ("", "继续推进。", False),
    ("一、" + LONG[:30], "继续推进。", False),  # a heading
    (LONG, "二、绩效目标", False),
    (LONG + "\t100", "继续推进。", False),  # a table row
    (LONG, "项目\t100", False),
    (LONG + "表", "继续推进。", False),  # a table's caption
    ("本单位在年度工作中认真组织并形成了本年度的专项工作报告", "继续推进。", True),  # 报告 in a sentence
    ("本单位于年初完成并按时报送了绩效自评报告随后又按照要求补充提交了专项说明报告", "继续推进。", True),  # a title's
    # words only in the sentence's middle, not in its last twelve characters
    ("本单位在年初按要求编制的自评报告提到的九项工作报告", "继续推进。", True),  # 自评报告 13 characters before the
    # end, the line ending in 工作报告 — no report's name (TITLE_END): half a sentence, not a title (s8g)
    ("中共郑州市金水区委组织部部门整体绩效自评报告", "它的正文", False),  # a title
    ("中共郑州市金水区委组织部部门整体绩效自评工作报告（2021年度）", "它的正文", False),
    (LONG, "填报单位：某局", False),  # the cover's fields, noise and dates follow
    (LONG, "联系人：张三", False),
    (LONG, "2022年5月20日", False),
])
def test_a_broken_paragraph_is_joined(prev, nxt, joined):
    assert _joinable(prev, nxt) is joined


def test_normalise_drops_page_numbers_and_running_headers_and_joins_broken_paragraphs():
    header = "某局2021年部门整体支出绩效自评"
    lines = ["一、基本情况", header, LONG, "", "- 1 -", "继续推进。", header, "第 2 页", "第3页，共9页", "4 / 9",
             "12", header, "二、绩效目标", "二级标题", "二级标题"]
    assert normalise(lines) == ["一、基本情况", LONG + "继续推进。", "二、绩效目标", "二级标题", "二级标题"]


def test_a_line_repeated_on_every_page_goes_only_when_it_is_short_and_no_heading():
    long_line = "字" * 40 + "。"
    lines = ["一、基本情况", "一、基本情况", "一、基本情况", long_line, long_line, long_line]
    assert normalise(lines) == lines  # a heading repeated and a 41-character line are text
    assert normalise(["页眉", "页眉", "页眉"]) == []
    assert normalise(["页眉", "正文。", "页眉"]) == ["页眉", "正文。", "页眉"]  # twice: kept
    forty = "字" * 40
    assert normalise([forty, "正文。", forty, forty]) == ["正文。"]  # 40 characters: still a running header


def test_a_broken_paragraph_joins_the_line_just_before_it():
    assert normalise(["一、基本情况", "二、绩效目标", "三、综合评价", LONG, "继续推进。"]) == [
        "一、基本情况", "二、绩效目标", "三、综合评价", LONG + "继续推进。"]
