"""Known instruction phrases (issue 24 “Carried-over text flagged”, issue 23 “Import tells the clerk …”): which
sentences count as a template author's instruction and which are a clerk's content.  Every text is written here
by hand; the expected split is read off by eye."""

from __future__ import annotations

import pytest

from xlperf.domain.narrative_checks import is_instruction, narrative_without_instructions, without_instructions

SEED_LEFTOVER = "包括绩效目标未完成原因和下一步改进措施，执行中存在的问题、原因和改进措施。"


@pytest.mark.parametrize("text", [
    SEED_LEFTOVER,  # the reference report's own leftover in 五
    "包括绩效目标未完成原因和下一步改进措施。",
    "主要包括存在的问题和整改措施",
    "请填写本单位年度履职目标。",
    "请简要说明自评工作的组织情况",
    "此处填写偏差原因",
    "填写说明：每个单元格一段。",
    "（请填写具体措施）",
])
def test_a_whole_instruction_leaves_nothing(text):
    assert without_instructions(text) == ("", [text])
    assert is_instruction(text)


@pytest.mark.parametrize("text", [
    "包括办公楼维修、食堂改造等3个项目。",  # 包括 with the clerk's own items
    "包括办公楼维修、食堂改造等3个项目，执行中存在的问题已整改。",
    "主要包括人员经费和公用经费。",
    "包括学前教育、义务教育两个阶段的经费保障情况。",
    "经自评，未发现问题。",
    "包括",
    "全年共召开会议5次，请示事项均已办结。",  # 请 inside a sentence, not at its start
])
def test_a_clerks_sentence_is_kept_whole(text):
    assert without_instructions(text) == (text, [])
    assert not is_instruction(text)


def test_only_the_instruction_sentence_or_aside_goes():
    text = "包括绩效目标未完成原因和下一步改进措施。本年度各项绩效目标均已完成。（请填写具体措施）\n下一步将加强培训。"
    assert without_instructions(text) == (
        "本年度各项绩效目标均已完成。\n下一步将加强培训。",
        ["（请填写具体措施）", "包括绩效目标未完成原因和下一步改进措施。"])


def test_a_narrative_without_instructions_keeps_each_text_at_its_cell():
    from xlperf.domain.model import Narrative

    nar = Narrative(experience=["请填写经验做法", "本单位按季度开展绩效监控。"], section5=["包括存在的问题和改进措施。"],
                    analysis={"产出指标": "（此处填写分析）", "效益指标": "群众满意度较高。"},
                    sources={"experience[1]": "文字材料!C20", "experience[2]": "文字材料!C21",
                             "section5[1]": "文字材料!C15"})
    out, dropped = narrative_without_instructions(nar, lambda field: f"栏目{field}")
    assert out.experience == ["本单位按季度开展绩效监控。"] and out.where("experience[1]") == "文字材料!C21"
    assert out.where("experience[2]") == ""
    assert out.section5 == [] and out.analysis == {"效益指标": "群众满意度较高。"}
    assert dropped == [("包括存在的问题和改进措施。", "栏目section5"), ("请填写经验做法", "栏目experience"),
                       ("（此处填写分析）", "产出指标情况分析")]  # in the report's order: 五 before 七
    assert nar.experience[0] == "请填写经验做法"  # the form's own evaluation is not changed
