"""Report outlines are data (issue 20 §1): the shipped outlines read as the reports print them, a broken
outline is refused with the key named, and a profile names or carries its outline."""

from __future__ import annotations

import pytest

from outline_helpers import outline_toml, section
from xlperf.domain.outlines import OutlineError, available, load_outline, outline_for, outline_from_text
from xlperf.domain.profiles import load_profile, profile_from_text

#: the seed report's headings in order (REPORTS.md §1, written out by hand)
SEED_HEADINGS = [
    "一、基本情况", "（一）部门年度履职目标及主要任务", "（二）部门年度整体绩效目标、绩效指标设置情况",
    "二、绩效自评工作开展情况", "三、综合评价结论", "四、绩效目标实现情况分析", "（一）部门资金情况分析",
    "（二）部门绩效指标完成情况分析", "五、发现的主要问题和改进措施", "六、绩效自评结果拟应用和公开情况",
    "七、绩效自评工作的经验、问题和建议", "八、其他需要说明的问题",
]


def test_shipped_outlines_and_the_seed_outline_in_order():
    assert {"部门整体", "项目支出"} <= set(available())
    seed = load_outline("部门整体")
    assert [s.title for s in seed.sections] == SEED_HEADINGS
    assert [s.level for s in seed.sections] == [1, 2, 2, 1, 1, 1, 2, 2, 1, 1, 1, 1]
    assert seed.empty == "无。"


def test_the_form_rows_of_the_seed_outline():
    seed = load_outline("部门整体")
    rows = [(b.sheet, seed.form_label(s) if b.sheet == "文字材料" else "", b.label, b.field)
            for s, b in seed.text_fields()]
    assert rows == [
        ("基本情况", "", "部门年度履职目标", "duty_goals"), ("基本情况", "", "主要任务", "main_tasks"),
        ("文字材料", "二、绩效自评工作开展情况", "工作开展情况", "process"),
        ("文字材料", "四（一）部门资金情况分析", "资金使用合规性", "funds_compliance"),
        ("文字材料", "五、发现的主要问题和改进措施", "问题和措施说明", "section5"),
        ("文字材料", "六、绩效自评结果拟应用和公开情况", "存在的主要问题", "problems"),
        ("文字材料", "六、绩效自评结果拟应用和公开情况", "改进措施", "measures"),
        ("文字材料", "六、绩效自评结果拟应用和公开情况", "结果应用和公开", "application"),
        ("文字材料", "七、绩效自评工作的经验、问题和建议", "经验", "experience"),
        ("文字材料", "七、绩效自评工作的经验、问题和建议", "问题和建议", "suggestions"),
        ("文字材料", "八、其他需要说明的问题", "其他", "other"),
    ]
    assert seed.form_label(seed.analysis_section()) == "四（二）绩效指标完成情况分析"


def test_project_outline_uses_its_own_words():
    proj = load_outline("项目支出")
    h = proj.headings()
    assert (h["s1"], h["s5"], h["s6"], h["s7"]) == ("一、项目基本情况", "五、偏差分析及存在的问题",
                                                   "六、有关建议及自评结果应用", "七、主要经验及做法")
    assert proj.form_label(proj.section("s4_1")) == "四（一）项目资金使用情况分析"


def _mini(field: str, *ids: str) -> str:
    """小提纲: a section 一、情况 for each id (a if none), each with the block 情况说明 of ``field``."""
    return outline_toml("小提纲", *(section(i, "一、", "情况", {"field": field, "label": "情况说明"}) for i in ids or ("a",)))


def test_a_broken_outline_names_the_key():
    with pytest.raises(OutlineError, match=r"section\[1\]（a）\.block\[1\].*field"):
        outline_from_text(_mini("情况"), "x.toml")
    with pytest.raises(OutlineError, match="第2行"):
        outline_from_text('name = "x"\nempty = \n', "x.toml")
    twice = _mini("info", "a", "b")
    with pytest.raises(OutlineError, match="rows = false"):
        outline_from_text(twice, "x.toml")
    assert outline_from_text(_mini("info"), "x.toml").field_labels() == {"情况说明": "info"}


def test_profile_names_or_carries_its_outline_and_the_form_copy_wins():
    assert outline_for(load_profile(None)).name == "部门整体"
    assert outline_for(load_profile("项目支出-财预2020-10号")).name == "项目支出"
    base = load_profile(None).text
    own = base.replace('outline = "部门整体"', "") + "\n[outline]\n" + _mini("info") \
        .replace("[[section]]", "[[outline.section]]").replace("[[section.block]]", "[[outline.section.block]]")
    prof = profile_from_text(own, "own.toml")
    assert outline_for(prof).name == "小提纲"
    embedded = load_outline("项目支出").text
    assert outline_for(prof, embedded).name == "项目支出"
    named = profile_from_text(base.replace('outline = "部门整体"', 'outline = "项目支出"'), "p.toml")
    assert outline_for(named).name == "项目支出"


def test_a_lead_in_stays_when_a_later_block_of_its_section_prints_something():
    """七's 经验 ending in “如下：” is followed by its 问题和建议 (a later block of the same section): kept;
    without them nothing follows it in the section, and the lead-in goes (with a warning)."""
    from report_helpers import EXAMPLE

    from xlperf.domain.evaluate import evaluate
    from xlperf.domain.model import Evaluation
    from xlperf.report.context import build_context, review_text

    ev = Evaluation.model_validate_json(EXAMPLE.read_text(encoding="utf-8"))
    ev.narrative.experience = ["主要做法如下："]
    ev.narrative.suggestions = ["加强培训"]
    result = evaluate(ev, load_profile(None))
    ctx = build_context(result)[0]
    assert ctx.experience[0].startswith("主要做法如下：") and ctx.suggestions == ["加强培训。"]
    assert not [p for p in review_text(result) if "主要做法如下" in p.message]
    ev.narrative.suggestions = []
    result = evaluate(ev, load_profile(None))
    assert build_context(result)[0].experience == ["无。"]
    assert [p for p in review_text(result) if "“主要做法如下：”后面没有内容" in p.message]


def test_a_profile_naming_an_unknown_outline_is_refused_with_the_key():
    from xlperf.domain.profiles import ProfileError

    text = load_profile(None).text.replace('outline = "部门整体"', 'outline = "没有这个提纲"')
    with pytest.raises(ProfileError, match="outline：没有名为“没有这个提纲”的报告提纲，可选：部门整体、"):
        profile_from_text(text, "p.toml")
