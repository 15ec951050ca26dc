"""xlperf.domain.narrative_checks judged by fast tests (issue 19): the texts the clerk has yet to write — last
year's text still as imported (carried over) and a report template's instructions — the warnings ``check`` gives at
each, the fingerprint that recognises an unedited text, and the copy of a narrative without its instructions.

Every text is written here by hand; fingerprints are checked against SHA-1's published test vector (FIPS 180-2:
SHA-1("abc") = a9993e36 4706816a …); the expected warnings are the messages a clerk reads.

No survivor of narrative_checks.py is argued equivalent: the run is recorded in docs/mutation.md (s7g).
"""

from __future__ import annotations

from decimal import Decimal as D

from xlperf.domain.model import Budget, Evaluation, Indicator, Narrative
from xlperf.domain.narrative_checks import (
    INSTRUCTION_MESSAGE,
    carried_over,
    fingerprint,
    instructions,
    narrative_without_instructions,
    unwritten_texts,
    without_instructions,
)
from xlperf.domain.problems import WARNING, Problem

CARRIED = "本段来自上年报告，请核对是否仍适用（改写后不再提示）"
OLD = "部分项目执行进度偏慢。"  # a 问题 carried over from last year's report


def _ev(**narrative) -> Evaluation:
    leaf = Indicator(name="采购执行率", level=2, weight=10, sources={"row": "指标评分!A7"})
    top = Indicator(name="一级", level=1, weight=100, children=[leaf])
    return Evaluation(unit="测试单位", year=2022, indicators=[top], narrative=Narrative(**narrative),
                      budget=Budget(initial=D(100), adjusted=D(100), executed=D(95)))


# ------------------------------------------------------------------ fingerprint


def test_the_fingerprint_is_the_start_of_sha1_of_the_text_without_whitespace():
    assert fingerprint("abc") == "a9993e364706"  # FIPS 180-2: SHA-1("abc") = a9993e36 4706816a ba3e2571 …
    assert fingerprint(" a b\nc\t") == "a9993e364706"  # spaces and line breaks do not count
    assert fingerprint("abd") != fingerprint("abc")


# ------------------------------------------------------------------ carried over


def test_a_carried_text_still_as_imported_is_a_warning_at_its_cell():
    ev = _ev(problems=[OLD, "新写的问题。"], sources={"problems[1]": "文字材料!C12", "problems[2]": "文字材料!C13"})
    ev.carried = [fingerprint(OLD)]
    assert carried_over(ev) == [Problem("文字材料!C12", "文字材料", CARRIED, WARNING)]
    ev.narrative.problems[0] = "部分项目执行进度偏慢，已督促整改。"  # rewritten: no longer as imported
    assert carried_over(ev) == []


def test_a_carried_text_is_recognised_whitespace_aside_in_any_field():
    ev = _ev(overall_goal="部分项目 执行进度偏慢。\n")
    ev.carried = [fingerprint(OLD)]
    assert carried_over(ev) == [Problem("基本情况：年度整体绩效目标", "年度整体绩效目标", CARRIED, WARNING)]


def test_nothing_carried_is_nothing_to_confirm():
    ev = _ev(problems=[OLD])
    assert carried_over(ev) == []


def test_a_carried_instruction_gets_only_its_own_warning():
    phrase = "请填写存在的主要问题。"
    ev = _ev(problems=[phrase], sources={"problems[1]": "文字材料!C12"})
    ev.carried = [fingerprint(phrase)]
    assert carried_over(ev) == []
    assert unwritten_texts(ev) == [Problem("文字材料!C12", "文字材料", INSTRUCTION_MESSAGE, WARNING)]


def test_unwritten_texts_lists_carried_texts_then_instructions():
    ev = _ev(problems=["（此处填写问题）"], measures=[OLD],
             sources={"problems[1]": "文字材料!C12", "measures[1]": "文字材料!C14"})
    ev.carried = [fingerprint(OLD)]
    assert unwritten_texts(ev) == [Problem("文字材料!C14", "文字材料", CARRIED, WARNING),
                                   Problem("文字材料!C12", "文字材料", INSTRUCTION_MESSAGE, WARNING)]


# ------------------------------------------------------------------ instructions


def test_an_instruction_is_a_warning_at_its_cell_with_its_label():
    ev = _ev(satisfaction_note="请简要说明满意度调查情况。", sources={"satisfaction_note": "预算资金!B40"})
    ev.indicators[0].children[0].improvement = "此处填写改进措施"
    assert instructions(ev) == [
        Problem("预算资金!B40", "满意度情况补充说明", "本段像是填写说明，请改写为本单位情况或删除", WARNING),
        Problem("指标评分!A7", "改进措施", "本段像是填写说明，请改写为本单位情况或删除", WARNING)]


def test_a_clerks_text_is_returned_as_written():
    text = "  本年度各项目标均已完成。\n"
    assert without_instructions(text) == (text, [])  # not stripped: nothing was left out


def test_a_placeholder_after_template_words_is_the_clerks_to_fill_not_an_instruction():
    # “XX” stands for a figure still to write: the sentence is content, not the template author's instruction
    assert without_instructions("包括存在的问题XX。") == ("包括存在的问题XX。", [])


# ------------------------------------------------------------------ a narrative without its instructions


def test_every_field_loses_its_instructions_and_each_item_keeps_its_cell():
    nar = Narrative(unplaced=["请填写本单位情况。", "上年度结转项目3个。", "未编号的一段。"],
                    overall_goal="请根据部门职责填写年度整体绩效目标。全年完成各项任务。",
                    satisfaction_note="（请填写满意度）群众满意度95%。",
                    problems=["请说明存在的问题", "资金拨付偏慢。"],
                    texts={"own": ["此处填写。", "自有栏目的内容。"]},
                    sources={"unplaced[1]": "文字材料!C40", "unplaced[2]": "文字材料!C41", "problems[2]": "文字材料!C12",
                             "own[2]": "文字材料!C50", "overall_goal": "基本情况!B5"})
    out, dropped = narrative_without_instructions(nar, lambda field: f"栏目{field}")
    assert out.unplaced == ["上年度结转项目3个。", "未编号的一段。"]
    assert out.where("unplaced[1]") == "文字材料!C41" and out.where("unplaced[2]") == ""  # the 3rd had no cell
    assert out.problems == ["资金拨付偏慢。"] and out.where("problems[1]") == "文字材料!C12"
    assert out.items("own") == ["自有栏目的内容。"] and out.where("own[1]") == "文字材料!C50"
    assert out.overall_goal == "全年完成各项任务。" and out.where("overall_goal") == "基本情况!B5"
    assert out.satisfaction_note == "群众满意度95%。"
    assert dropped == [("请说明存在的问题", "栏目problems"), ("此处填写。", "栏目own"), ("请填写本单位情况。", "未归类"),
                       ("请根据部门职责填写年度整体绩效目标。", "年度整体绩效目标"),
                       ("（请填写满意度）", "满意度情况补充说明")]
    # the narrative given is not changed, the outline's own 栏目 (texts) included
    assert nar.texts == {"own": ["此处填写。", "自有栏目的内容。"]} and nar.unplaced[0] == "请填写本单位情况。"
    assert nar.where("unplaced[1]") == "文字材料!C40"
