"""Where each paragraph of last year's report lands, when the department's headings carry none of the standard
words (“单位简介”, not “基本情况”): then only the numeral says which section it is — 一…八, （一）（二）, typed in
any of the usual ways or numbered by Word itself (numbering.xml, with levels, separate lists and start values).

Every expected placement is written by hand from the outline of the report (一 基本情况 … 八 其他需要说明的问题),
never read back from the importer.
"""

from __future__ import annotations

import re
from decimal import Decimal

import openpyxl
import pytest

from docx_build import OUTLINE, Heading, Num, numbering_xml, write_docx
from xlperf.cli import main
from xlperf.importer.parse import parse_report
from xlperf.importer.sources import read_paragraphs

TITLE = "某县文化广电和旅游局2022年度部门整体绩效自评报告"

#: (numeral, the department's own title, one paragraph, where the standard outline files it)
SECTIONS = (
    ("一", "单位简介", "组织开展群众文化活动。", "duty_goals"),  # 一、基本情况 (its first sub-section: 履职目标)
    ("二", "自查做法", "成立自查小组逐项打分。", "process"),  # 二、绩效自评工作开展情况
    ("三", "总体打分", "最终得分为88分，评价等级为“良”。", None),  # 三、综合评价结论: computed, its figures read
    ("四", "目标达成", "资金按进度拨付，无挤占挪用。", "funds_compliance"),  # 四、… (its first sub-section: 资金)
    ("五", "短板与不足", "部分演出场次推迟。", "section5"),  # 五、存在的问题和整改情况
    ("六", "成果运用", "自评结果在部门决算中公开。", "application"),  # 六、绩效自评结果应用
    ("七", "心得体会", "提前谋划是关键。", "experience"),  # 七、经验、问题和建议
    ("八", "补充事项", "本年度无其他事项。", "other"),  # 八、其他需要说明的问题
)
EXPECTED = [(attr, text) for _, _, text, attr in SECTIONS if attr]


def placed(rep) -> list[tuple[str, str]]:
    return [(p.attr, p.text) for p in rep.paragraphs]


@pytest.mark.parametrize("form", ["{n}、{t}", "{n}.{t}", "{n}．{t}", "{n}，{t}", "{n} 、 {t}", "{n}、{t}：", "{n}. {t}"])
def test_each_numeral_files_its_section(form):
    lines = [TITLE, ""]
    for n, title, text, _ in SECTIONS:
        lines += [form.format(n=n, t=title), text]
    rep = parse_report(lines)
    assert placed(rep) == EXPECTED
    assert [k for k, _ in rep.outline] == ["s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"]
    assert rep.headings == {"s1": "单位简介", "s2": "自查做法", "s3": "总体打分", "s4": "目标达成", "s5": "短板与不足",
                            "s6": "成果运用", "s7": "心得体会", "s8": "补充事项"}
    assert rep.total == Decimal(88) and rep.grade == "良"
    assert rep.warnings == []


def test_a_ninth_numeral_is_no_section():
    """The outline has eight sections: “九、附件清单” is text of 八、, not a ninth section."""
    lines = [TITLE]
    for n, title, text, _ in SECTIONS:
        lines += [f"{n}、{title}", text]
    rep = parse_report(lines + ["九、附件清单"])
    assert rep.recognised == 8
    assert placed(rep)[-2:] == [("other", "本年度无其他事项。"), ("other", "九、附件清单")]


#: 一 and 四 with sub-sections whose titles carry no standard word: （一）/（二） alone decide
SUBS = [TITLE, "一、单位简介", "{a}单位使命", "组织开展群众文化活动。", "{b}年度打算", "年度整体绩效目标是完成演出任务。",
        "二、自查做法", "成立自查小组逐项打分。", "四、目标达成", "{a}钱的使用", "资金按进度拨付，无挤占挪用。", "{b}成效",
        "产出指标：完成惠民演出120场。"]
SUBS_EXPECTED = [("duty_goals", "组织开展群众文化活动。"), ("overall_goal", "完成演出任务"), ("process", "成立自查小组逐项打分。"),
                 ("funds_compliance", "资金按进度拨付，无挤占挪用。"), ("analysis", "完成惠民演出120场。")]


@pytest.mark.parametrize("a, b", [("（一）", "（二）"), ("(一)", "(二)"), ("（一、", "（二、"), ("（一）、", "（二）、"),
                                  ("( 一 )", "( 二 )")])
def test_sub_numerals_file_their_sub_sections(a, b):
    rep = parse_report([s.format(a=a, b=b) for s in SUBS])
    assert placed(rep) == SUBS_EXPECTED
    assert [p.key for p in rep.paragraphs if p.attr == "analysis"] == ["产出指标"]
    assert [k for k, _ in rep.outline] == ["s1", "s1_1", "s1_2", "s2", "s4", "s4_1", "s4_2"]
    assert rep.headings == {"s1": "单位简介", "s1_1": "单位使命", "s1_2": "年度打算", "s2": "自查做法", "s4": "目标达成",
                            "s4_1": "钱的使用", "s4_2": "成效"}
    assert rep.warnings == []


# --------------------------------------------------------------------------- Word's own numbering


def word_outline() -> list:
    """The report above with every heading numbered by Word: one multi-level list (一、/（一）/1.)."""
    blocks: list = [TITLE]
    for n, title, text, _ in SECTIONS:
        blocks.append(Num(3, 0, title))
        if n == "一":
            blocks += [Num(3, 1, "单位使命"), text, Num(3, 1, "年度打算"), "年度整体绩效目标是完成演出任务。"]
        elif n == "四":
            blocks += [Num(3, 1, "钱的使用"), text, Num(3, 1, "成效"), Num(3, 2, "产出指标情况"), "完成惠民演出120场。",
                       Num(3, 2, "效益指标情况"), "群众满意度较高。"]
        else:
            blocks.append(text)
    return blocks


#: what Word shows for word_outline(), written by hand: deeper levels restart under each new 一、
WORD_SHOWS = [TITLE, "一、单位简介", "（一）单位使命", "组织开展群众文化活动。", "（二）年度打算", "年度整体绩效目标是完成演出任务。",
              "二、自查做法", "成立自查小组逐项打分。", "三、总体打分", "最终得分为88分，评价等级为“良”。",
              "四、目标达成", "（一）钱的使用", "资金按进度拨付，无挤占挪用。", "（二）成效", "1.产出指标情况", "完成惠民演出120场。",
              "2.效益指标情况", "群众满意度较高。", "五、短板与不足", "部分演出场次推迟。", "六、成果运用", "自评结果在部门决算中公开。",
              "七、心得体会", "提前谋划是关键。", "八、补充事项", "本年度无其他事项。"]
WORD_PLACED = [("duty_goals", "组织开展群众文化活动。"), ("overall_goal", "完成演出任务"), ("process", "成立自查小组逐项打分。"),
               ("funds_compliance", "资金按进度拨付，无挤占挪用。"), ("analysis", "完成惠民演出120场。"),
               ("analysis", "群众满意度较高。"), ("section5", "部分演出场次推迟。"), ("application", "自评结果在部门决算中公开。"),
               ("experience", "提前谋划是关键。"), ("other", "本年度无其他事项。")]


#: numFmt values Word and WPS write for 一、二、三 (簡/繁 counting, digits, the Japanese counting Word maps to them)
CN_FORMATS = ("chineseCounting", "chineseCountingThousand", "ideographDigital", "japaneseCounting")


@pytest.fixture(params=CN_FORMATS)
def word_numbered(tmp_path, request):
    pytest.importorskip("docx")
    fmt = request.param
    abstract = {7: [(fmt, "%1、", 1), (fmt, "（%2）", 1), ("decimal", "%3.", 1)]}
    return write_docx(tmp_path / "自动编号.docx", word_outline(), numbering_xml(abstract, {3: (7, {})}))


def test_word_numbering_shows_what_word_shows(word_numbered):
    assert [p for p in read_paragraphs(word_numbered) if p] == WORD_SHOWS


def test_word_numbered_sections_and_sub_sections_land_in_place(word_numbered):
    rep = parse_report(read_paragraphs(word_numbered))
    assert placed(rep) == WORD_PLACED
    assert rep.total == Decimal(88) and rep.warnings == []


def test_word_numbered_import_leaves_nothing_unplaced(word_numbered, tmp_path, capsys):
    form = tmp_path / "2023.xlsx"
    assert main(["import", str(word_numbered), "-o", str(form)]) == 0
    assert "未归类0段" in capsys.readouterr().out
    wb = openpyxl.load_workbook(form)
    rows = [(r[0].value, r[1].value, r[2].value) for r in wb["文字材料"].iter_rows(min_row=4) if r[2].value]
    assert not [r for r in rows if r[0] == "未归类"]
    # （一）钱的使用 （二）成效 are not the outline's words: the form keeps the department's outline, its 章节 theirs
    assert ("四（二）成效", "产出指标", "完成惠民演出120场。") in rows
    assert ("四（二）成效", "效益指标", "群众满意度较高。") in rows
    assert any(r[2] == "部分演出场次推迟。" and r[0].startswith("五、") for r in rows)
    basic = [c.value for r in wb["基本情况"].iter_rows() for c in r]
    assert "组织开展群众文化活动。" in basic or "组织开展群众文化活动" in basic  # a 履职目标 row
    assert wb["基本情况"]["B5"].value == "完成演出任务"  # 年度整体绩效目标


#: headings on one list, each section's sub-headings on a list of their own (（%1） at level 0), and the
#: headings from 五 on continued by a new list whose numbering was set to start at 五 (“设置编号值”)
SEPARATE = {7: OUTLINE[7], 8: [("chineseCounting", "（%1）", 1)]}
SEPARATE_NUMS = {3: (7, {}), 5: (8, {}), 6: (8, {}), 9: (7, {0: 5})}


def test_separate_lists_and_a_start_value(tmp_path):
    pytest.importorskip("docx")
    blocks: list = [TITLE]
    for n, title, text, _ in SECTIONS:
        blocks.append(Num(9 if n in "五六七八" else 3, 0, title))
        if n == "一":
            blocks += [Num(5, 0, "单位使命"), text, Num(5, 0, "年度打算"), "年度整体绩效目标是完成演出任务。"]
        elif n == "四":
            blocks += [Num(6, 0, "钱的使用"), text, Num(6, 0, "成效"), "产出指标：完成惠民演出120场。"]
        else:
            blocks.append(text)
    src = write_docx(tmp_path / "分列表.docx", blocks, numbering_xml(SEPARATE, SEPARATE_NUMS))
    shown = [p for p in read_paragraphs(src) if p]
    assert shown == [TITLE, "一、单位简介", "（一）单位使命", "组织开展群众文化活动。", "（二）年度打算", "年度整体绩效目标是完成演出任务。",
                     "二、自查做法", "成立自查小组逐项打分。", "三、总体打分", "最终得分为88分，评价等级为“良”。",
                     "四、目标达成", "（一）钱的使用", "资金按进度拨付，无挤占挪用。", "（二）成效", "产出指标：完成惠民演出120场。",
                     "五、短板与不足", "部分演出场次推迟。", "六、成果运用", "自评结果在部门决算中公开。",
                     "七、心得体会", "提前谋划是关键。", "八、补充事项", "本年度无其他事项。"]
    rep = parse_report(shown)
    assert placed(rep) == [("duty_goals", "组织开展群众文化活动。"), ("overall_goal", "完成演出任务"),
                           ("process", "成立自查小组逐项打分。"), ("funds_compliance", "资金按进度拨付，无挤占挪用。"),
                           ("analysis", "完成惠民演出120场。"), ("section5", "部分演出场次推迟。"),
                           ("application", "自评结果在部门决算中公开。"), ("experience", "提前谋划是关键。"),
                           ("other", "本年度无其他事项。")]


def test_heading_styles_without_numbers_are_numbered_by_level(tmp_path):
    """标题 1 / 标题 2 / 标题 3 with no number anywhere: Word shows none, the importer counts them per level, and
    each count restarts under a new higher heading."""
    pytest.importorskip("docx")
    blocks = [TITLE] + [Heading(b.ilvl + 1, b.text) if isinstance(b, Num) else b for b in word_outline()[1:]]
    src = write_docx(tmp_path / "标题样式.docx", blocks)
    assert [p for p in read_paragraphs(src) if p] == WORD_SHOWS
    assert placed(parse_report(read_paragraphs(src))) == WORD_PLACED


#: a list written “一.” / “（一）” / “1、” (not the importer's own “一、”/“1.” for headings without numbering)
DOTTED = {7: [("chineseCounting", "%1.", 1), ("chineseCounting", "（%2）", 1), ("decimal", "%3、", 1)]}
DOTTED_SHOWS = [re.sub(r"^([一二三四五六七八])、", r"\1.", re.sub(r"^(\d)\.", r"\1、", p)) for p in WORD_SHOWS]


@pytest.mark.parametrize("styled", [{1: (3, 0), 2: (3, 1), 3: (3, 2)}, {1: (3, None), 2: (3, None), 3: (3, None)}])
def test_numbering_that_comes_with_the_heading_style(tmp_path, styled):
    """标题 1/2/3 whose style carries the list (with its level, or the level taken from the heading's outline
    level): Word shows 一./（一）/1、 though no paragraph has numbering of its own."""
    pytest.importorskip("docx")
    assert DOTTED_SHOWS[1] == "一.单位简介" and DOTTED_SHOWS[14] == "1、产出指标情况"
    blocks = [TITLE] + [Heading(b.ilvl + 1, b.text) if isinstance(b, Num) else b for b in word_outline()[1:]]
    src = write_docx(tmp_path / "样式编号.docx", blocks, numbering_xml(DOTTED, {3: (7, {})}), styled)
    assert [p for p in read_paragraphs(src) if p] == DOTTED_SHOWS
    assert placed(parse_report(read_paragraphs(src))) == WORD_PLACED


def test_long_lists_and_bullets(tmp_path):
    """Numbers past ten as Word writes them in Chinese (十一, 十二, 二十); a bulleted paragraph shows no number."""
    pytest.importorskip("docx")
    abstracts = {**OUTLINE, 8: [("bullet", "●", 1)]}
    blocks = [TITLE, Num(3, 0, "单位简介"), "组织开展群众文化活动。", Num(3, 0, "自查做法"), Num(4, 0, "成立自查小组。")]
    blocks += [Num(3, 1, f"第{i}项") for i in range(1, 22)]
    src = write_docx(tmp_path / "长列表.docx", blocks, numbering_xml(abstracts, {3: (7, {}), 4: (8, {})}))
    shown = [p for p in read_paragraphs(src) if p]
    assert shown[:6] == [TITLE, "一、单位简介", "组织开展群众文化活动。", "二、自查做法", "成立自查小组。", "（一）第1项"]
    assert [shown[5 + i - 1] for i in (9, 10, 11, 12, 19, 20, 21)] == \
        ["（九）第9项", "（十）第10项", "（十一）第11项", "（十二）第12项", "（十九）第19项", "（二十）第20项", "（二十一）第21项"]
