"""The clerk's text as the report prints it (xlperf/report/review.py), function by function with texts written here
(issue 19): trailing punctuation, full stops, the department's own item numbers, lead-ins with nothing after them,
the 满意度 without a figure, the 落款 date in 公文 form (GB/T 9704: 2022年3月1日, no leading zeros), where 设置 puts
问题和措施.  Expected values are written by hand next to each case.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from xlperf.app.load import load_example
from xlperf.domain.outlines import load_outline
from xlperf.report import review as R


@pytest.mark.parametrize("text, expected", [
    (" 甲乙。 ", "甲乙"), ("甲；", "甲"), ("甲;", "甲"), ("甲，", "甲"), ("甲,", "甲"), ("甲.", "甲"), ("甲、", "甲"),
    ("甲\u3000", "甲"), ("甲。；，", "甲"), ("甲！", "甲！"), ("", ""),
])
def test_bare(text, expected):
    assert R.bare(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("甲", "甲。"), (" 甲； ", "甲。"), ("甲！", "甲！"), ("甲？", "甲？"), ("说“好”", "说“好”"), ("「甲」", "「甲」"),
    ("（甲）", "（甲）"), ("(a)", "(a)"), ("甲。", "甲。"), ("", ""), ("   ", ""), ("型号X", "型号X。"),
])
def test_as_sentence(text, expected):
    assert R.as_sentence(text) == expected


@pytest.mark.parametrize("items, own", [
    (["（1）甲", "（2）乙"], True), (["(1)甲", " （12）乙"], True), (["（1）甲", "乙"], False), ([], False),
    (["（123）甲"], False), (["1、甲"], False),
])
def test_own_numbers(items, own):
    assert R.own_numbers(items) is own


@pytest.mark.parametrize("text, expected", [
    ("一是加强管理", "加强管理"), ("（一）加强管理", "加强管理"), ("(2) 加强管理", "加强管理"), ("1、加强管理", "加强管理"),
    ("十二. 加强管理", "加强管理"), ("3．加强管理", "加强管理"), ("1.5万元已拨付", "1.5万元已拨付"),  # a number, not a mark
    ("一是一是", "一是"), ("  加强管理 ", "加强管理"),
])
def test_unnumbered(text, expected):
    assert R.unnumbered(text) == expected


def test_clean_and_text_cell():
    assert R.clean(["  甲 ", "", "  ", None, "乙"]) == ["甲", "乙"]
    ev = load_example()
    ev.narrative.sources.update({"process[2]": "文字材料!C5", "process": "文字材料!C4", "analysis.绩效管理": "文字材料!C9"})
    assert R.text_cell(ev, "process[2]", "工作开展情况") == "文字材料!C5"
    assert R.text_cell(ev, "process[3]", "工作开展情况") == "文字材料!C4"  # the 栏目's first cell
    assert R.text_cell(ev, "analysis.绩效管理", "绩效管理") == "文字材料!C9"
    assert R.text_cell(ev, "analysis.满意度", "满意度") == "文字材料：满意度"
    assert R.text_cell(ev, "other[1]", "其他") == "文字材料：其他"


def test_a_lead_in_is_cut_with_a_warning_only_when_nothing_follows():
    problems = []
    items = [("甲。", "C1"), ("工作成效如下：", "C2")]
    assert R.close_part(items, True, "经验", problems) == ["甲。", "工作成效如下："] and problems == []
    assert R.close_part(items, False, "经验", problems) == ["甲。"]
    assert [(p.where, p.label, p.message, p.severity) for p in problems] == [
        ("C2", "经验", "“工作成效如下：”后面没有内容（请补写要列出的内容，或删去这句），报告中已略去这句", "警告")]
    problems = []
    assert R.close_part([("做了三件事。具体如下：", "C3")], False, "经验", problems) == ["做了三件事。"]
    assert R.close_part([], False, "经验", problems) == [] and len(problems) == 1
    assert R.close_part([("甲。", "C1")], False, "经验", problems) == ["甲。"] and len(problems) == 1


def test_numbered_items_drop_their_own_lead_in():
    problems = []
    got = R.numbered_items([("主要问题如下：", "C1"), ("资金使用效益不高。原因如下：", "C2"), ("甲", "C3")], "问题", problems)
    assert got == [("资金使用效益不高。", "C2"), ("甲", "C3")]
    assert [(p.where, p.label, p.message) for p in problems] == [
        ("C1", "问题", "“主要问题如下：”是引导语，报告自己加标题和编号，报告中已略去这句"),
        ("C2", "问题", "“原因如下：”是引导语，报告自己加标题和编号，报告中已略去这句")]


def test_satisfaction_without_its_figure():
    def check(**changes):
        ev = load_example()
        for k, v in changes.items():
            setattr(ev.satisfaction, k, v)
        problems = []
        R.satisfaction_check(ev, problems)
        return [(p.where, p.label, p.message, p.severity) for p in problems]

    assert check() == []  # achieved 90 %: nothing to say
    msg = "未填写实际满意度，报告中不写“服务对象满意度”的完成情况；请填写调查得到的满意度"
    assert check(achieved=None) == [("预算资金：实际满意度", "实际满意度", msg, "警告")]
    assert check(achieved=None, target=None) == [("预算资金：实际满意度", "实际满意度", msg, "警告")]  # text, 满意度 leaf
    ev = load_example()
    ev.satisfaction.achieved = ev.satisfaction.target = None
    ev.satisfaction.target_text = "  "
    for leaf in ev.leaves():
        leaf.actual_ref = None
    problems = []
    R.satisfaction_check(ev, problems)
    assert problems == []  # no 满意度 asked for anywhere
    ev.satisfaction.target_text = "≥90%"
    R.satisfaction_check(ev, problems)
    assert len(problems) == 1
    # no target at all, but a leaf that takes the 满意度 figure: asked for, so a warning
    ev.satisfaction.target_text = ""
    next(ev.leaves()).actual_ref = "满意度"
    problems = []
    R.satisfaction_check(ev, problems)
    assert len(problems) == 1
    ev.satisfaction.target_text, ev.satisfaction.target = "", D("0.9")
    ev.satisfaction.sources["achieved"] = "预算资金!B20"  # the cell the form read it from
    problems = []
    R.satisfaction_check(ev, problems)
    assert [p.where for p in problems] == ["预算资金!B20"]


@pytest.mark.parametrize("text, date", [
    ("2022-03-01", "2022年3月1日"), ("2022/3/1", "2022年3月1日"), ("2022.3.1", "2022年3月1日"),
    ("2022年03月01日", "2022年3月1日"), (" 2022 年 3 月 1 ", "2022年3月1日"), ("2022-12-31", "2022年12月31日"),
    ("2022-02-30", None), ("2022-13-01", None), ("22-3-1", None), ("2022年3月", None), ("", None),
    ("2022-3-1日x", None),
])
def test_chinese_date(text, date):
    assert R.chinese_date(text) == date


def test_signature_lines():
    ev = load_example()
    ev.unit = " 某单位 "
    ev.options.signature_date = " 2022-03-01 "
    problems = []
    assert R.signature_lines(ev, problems) == ["某单位", "2022年3月1日"] and problems == []
    ev.options.signature_date = ""
    today = dt.date.today()
    assert R.signature_lines(ev, problems) == ["某单位", f"{today.year}年{today.month}月{today.day}日"]
    ev.options.signature_date = "明年"
    assert R.signature_lines(ev, problems) == ["某单位", "明年"]  # written as it is, with a warning at its cell
    ev.options.sources["signature_date"] = "设置!B9"
    R.signature_lines(ev, problems)
    assert [(p.where, p.label, p.message, p.severity) for p in problems] == [
        (where, "落款日期", "“明年”不是日期（应写作如 2022年3月1日 或 2022-03-01），报告中照原样写出", "警告")
        for where in ("设置", "设置!B9")]
    problems = []
    ev.options.signature = False
    assert R.signature_lines(ev, problems) == [] and problems == []


def test_problem_slot():
    outline = load_outline("部门整体")
    ev = load_example()
    problems = []
    for written, slot in (("五", "五"), ("六", "六"), (" 五 ", "五"), ("", "六")):
        ev.options.problems_section = written
        assert R.problem_slot(ev, outline, problems) == slot
    assert problems == []  # the outline's default: 六 (dept-overall.toml default_slot)
    ev.options.problems_section = "七"
    assert R.problem_slot(ev, outline, problems) == "六"
    assert [(p.where, p.label, p.message, p.severity) for p in problems] == [
        ("设置", "问题和措施位置", "应为“五”或“六”，现为“七”，按“六”处理", "警告")]
    ev.options.sources["problems_section"] = "设置!B6"
    problems = []
    R.problem_slot(ev, outline, problems)
    assert [p.where for p in problems] == ["设置!B6"]
    problems = []
    assert R.problem_slot(ev, load_outline("部门单位整体支出"), problems) == "" and problems == []  # no slots
