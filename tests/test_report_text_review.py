"""Text a reviewer would accept (issue 13 §2): no empty section, no lead-in with nothing after it, one
spelling of “三公”经费, no figure stated twice, full-width punctuation in Chinese — and check says where.

Every expected sentence below is written by hand from the example's figures (xlperf/data/example-2021.json:
2021, “三公”经费 budget 0 / actual 0, 29 projects, 满意度 ≥90% achieved 90%) and the changes each test makes.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from report_helpers import department_example as load_example  # the example as a department's form
from xlperf.domain.profiles import load_profile
from xlperf.report.context import NOTHING, build_context, review_text
from xlperf.report.render import render_text
from xlperf.report.words import (fullwidth_punctuation, is_lead_in, lead_in_sentence, official_spelling,
                                 states_figure, without_lead_in)
from xlperf.domain.validate import check


def _run(ev):
    """(context, warnings) the way every caller gets them: validate, then build the context."""
    result, problems = check(ev, load_profile(ev.profile), review_text)
    assert not [p for p in problems if p.severity == "错误"], problems
    ctx, more = build_context(result)
    assert more == []  # the text warnings come once, from validation
    return ctx, [p for p in problems if p.severity == "警告"]


def _md(ctx):
    return render_text(ctx, "md")


def _section(md: str, head: str, next_head: str) -> str:
    return md.split(head, 1)[1].split(next_head, 1)[0].strip()


# ---------------------------------------------------------------- punctuation (unit)

@pytest.mark.parametrize("text,expected", [
    ("做好全区组织工作, 加强对全区选拔任用干部工作的监督", "做好全区组织工作，加强对全区选拔任用干部工作的监督"),
    ("主要任务:抓好党建;做好培训", "主要任务：抓好党建；做好培训"),
    ("是否按期完成?已完成!", "是否按期完成？已完成！"),
    ("预算 (万元) 如下", "预算（万元）如下"),
    ("(一)做好组织工作", "（一）做好组织工作"),
    ("执行率达到90%, 完成目标", "执行率达到90%，完成目标"),
    ("共支出1,234.5万元", "共支出1,234.5万元"),  # a thousands separator between digits
    ("师生比为3:1。", "师生比为3:1。"),  # a ratio between digits
    ("详见 https://czj.example.gov.cn/a?b=1,2;c=3 公告", "详见 https://czj.example.gov.cn/a?b=1,2;c=3 公告"),
    ("使用Excel, Word, WPS等软件", "使用Excel, Word, WPS等软件"),  # Latin on both sides of each comma
    ("详见www.czj.example.cn网站, 或来电", "详见www.czj.example.cn网站，或来电"),  # an address ends at Chinese
    ("见http://a.cn/b?c=1,2。谢谢!", "见http://a.cn/b?c=1,2。谢谢！"),
    ("Excel, Word", "Excel, Word"),  # no Chinese at all
    ("按(Excel)表格", "按（Excel）表格"),  # a pair changes together
    ("{三公经费情况}, 均已公开", "{三公经费情况}，均已公开"),
])
def test_half_width_punctuation_next_to_chinese_becomes_full_width(text, expected):
    assert fullwidth_punctuation(text) == expected


def test_official_spelling_of_three_public():
    assert official_spelling("“三公经费”支出") == "“三公”经费支出"
    assert official_spelling('"三公"经费支出') == "“三公”经费支出"
    assert official_spelling("三公经费控制率") == "“三公”经费控制率"
    assert official_spelling("“三公”经费") == "“三公”经费"
    assert official_spelling("见{三公经费情况}") == "见{三公经费情况}"  # a placeholder is left alone


def test_lead_in_helpers():
    assert is_lead_in("偏差原因、改进措施如下：") and is_lead_in("主要做法: ")
    assert not is_lead_in("已整改。")
    assert without_lead_in("已全部整改。下一步措施如下：") == "已全部整改。"
    assert without_lead_in("未得满分的指标及其偏差原因、改进措施如下：") == ""
    assert lead_in_sentence("已全部整改。下一步措施如下：") == "下一步措施如下："


def test_a_figure_counts_at_the_precision_it_is_written_with():
    said = "“三公”经费年初预算0万元，实际支出4.2万元；全年共有项目29个，满意度达90.0%。"
    assert states_figure(said, D("4.20"), "万元", ("三公",), ("支出",))
    assert not states_figure(said, D("0"), "万元", ("三公",), ("支出",))  # 0 is the budget, not the spending
    assert states_figure(said, D("4.21"), "万元", ("三公",), ("支出",))  # 4.21 at one decimal is 4.2
    assert not states_figure(said, D("4.26"), "万元", ("三公",), ("支出",))  # 4.3
    assert states_figure(said, D(29), "个", ("项目",)) and not states_figure(said, D(28), "个", ("项目",))
    assert states_figure(said, D("0.9"), "%", ("满意",)) and not states_figure(said, D("0.91"), "%", ("满意",))
    assert not states_figure("支出4.20万元", D("4.2"), "万元", ("三公",))  # no “三公” in that sentence


# ---------------------------------------------------------------- §1 empty sections and lead-ins

def test_empty_sections_print_nothing_but_wu_and_check_warns_where():
    ev = load_example()
    nar = ev.narrative
    nar.application, nar.experience, nar.suggestions, nar.other = [], [], [], []
    ev.options.problems_section = "五"  # 六 then holds only 结果应用和公开 — nothing of the clerk's
    ctx, warnings = _run(ev)
    md = _md(ctx)
    # 六 states 应用 and 公开 from 基本情况's 拟应用方式 / 公开方式, here blank: the outline's wording (issue 24)
    assert _section(md, "## 六、绩效自评结果拟应用和公开情况", "## 七") == (
        "绩效自评结果将作为改进管理、完善政策和安排以后年度预算的重要依据。\n\n绩效自评报告将随部门决算一并向社会公开。")
    assert NOTHING == "无。"
    assert _section(md, "## 七、绩效自评工作的经验、问题和建议", "## 八") == "无。"
    body = md.split('\n\n<p align="right">')[0]  # what precedes the 落款
    assert body.rstrip().endswith("## 八、其他需要说明的问题\n\n无。")  # the rules' standard “无”, as a sentence
    by_label = {w.label: w for w in warnings}
    seven = by_label["七、绩效自评工作的经验、问题和建议"]
    assert "六、绩效自评结果拟应用和公开情况" not in by_label  # not empty: no warning
    assert seven.where == "文字材料：经验" and "没有内容" in seven.message and "无。" in seven.message
    assert "八、其他需要说明的问题" not in by_label  # “无” is the usual answer there: no warning


def test_section_eight_left_empty_without_standard_text_says_wu():
    ev = load_example()
    ev.narrative.other = []
    prof = load_profile(ev.profile).model_copy(deep=True)  # load_profile's object is shared: never change it
    prof.standard_text.pop("other", None)
    result, problems = check(ev, prof, review_text)
    ctx, _ = build_context(result)
    assert ctx.other == ["无。"] and not [p for p in problems if p.label.startswith("八")]


def test_a_lead_in_with_nothing_after_it_is_left_out_and_warned_at_its_cell():
    ev = load_example()
    nar = ev.narrative
    nar.application = ["拟将自评结果随部门决算公开。具体安排如下："]
    nar.sources["application[1]"] = "文字材料!C19"
    nar.problems = ["存在的主要问题如下：", *nar.problems]
    nar.sources["problems[1]"] = "文字材料!C15"
    ctx, warnings = _run(ev)
    assert ctx.application == ["拟将自评结果随部门决算公开。"]
    assert ctx.problems[0].startswith("部分绩效目标设定") and len(ctx.problems) == 2
    md = _md(ctx)
    assert "如下：\n\n## " not in md and "具体安排如下" not in md and "存在的主要问题如下" not in md
    at = {w.where: w.message for w in warnings}
    assert "“具体安排如下：”后面没有内容" in at["文字材料!C19"]
    assert "“存在的主要问题如下：”是引导语" in at["文字材料!C15"]


def test_the_clerks_lead_in_before_the_shortfall_list_is_not_doubled():
    ev = load_example()
    ev.narrative.section5 = ["未得满分的指标偏差原因、改进措施如下："]
    ctx, warnings = _run(ev)
    assert ctx.section5 == [] and ctx.shortfalls
    md = _md(ctx)
    assert md.count("如下：") == md.count("各项指标得分情况如下：") + md.count("绩效指标设置如下：") + 1
    assert [w for w in warnings if "重复" in w.message]


def test_shortfall_intro_promises_only_what_follows():
    ev = load_example()
    for ind in ev.walk():
        ind.deviation_reason = ind.improvement = ""
    ev.budget.exec_reason = "年中预算调整"  # keeps the 执行率 warning out of the way
    ctx, warnings = _run(ev)
    assert ctx.shortfall_intro == "未得满分的指标如下："
    assert [w for w in warnings if w.label == "偏差原因"]  # and check asks for the reasons
    ev = load_example()
    ctx, _ = _run(ev)
    assert ctx.shortfall_intro == "未得满分的指标及其偏差原因、改进措施如下："


# ---------------------------------------------------------------- §2 braces

def test_unknown_placeholders_and_lone_braces_are_reported_naming_the_valid_ones():
    ev = load_example()
    ev.narrative.experience = ["今年得分{总分}分，评为{等级，{单位名称}继续努力，等级}。"]
    ev.narrative.sources["experience[1]"] = "文字材料!C20"
    result, problems = check(ev, load_profile(ev.profile), review_text)  # (_run refuses errors)
    ctx = build_context(result)[0]
    mine = [w for w in problems if w.where == "文字材料!C20"]
    assert len(mine) == 3
    text = "\n".join(w.message for w in mine)
    # issue 21 §5: the unknown placeholder is an error (the report refuses); the lone braces stay warnings
    assert [w.severity for w in mine if "未知的占位符“{单位名称}”" in w.message] == ["错误"]
    assert [w.severity for w in mine if "花括号" in w.message and "未知" not in w.message] == ["警告", "警告"]
    assert "“{等级”缺少右花括号“}”" in text and "“等级}”缺少左花括号“{”" in text
    assert all("{年度}" in w.message and "{满意度情况}" in w.message for w in mine)
    assert ctx.experience == ["今年得分91分，评为{等级，{单位名称}继续努力，等级}。"]


def test_full_width_braces_are_placeholders_too():
    ev = load_example()
    ev.narrative.experience = ["｛年度｝年得分｛总分｝分。"]
    ctx, warnings = _run(ev)
    assert ctx.experience == ["2021年得分91分。"] and warnings == []


# ---------------------------------------------------------------- §3 no figure twice, one spelling

def _with_three_public_text(ev):
    """The brief's case: the clerk writes the “三公” figures out (old spelling) instead of a placeholder."""
    b = ev.budget
    b.three_public_budget, b.three_public_actual, b.three_public_prev = D(5), D("4.2"), D(3)
    text = ev.narrative.analysis["预算和财务管理"]
    ev.narrative.analysis["预算和财务管理"] = text.replace("{三公经费情况}", "“三公经费”年初预算5万元，实际支出4.20万元")
    return ev


def test_an_automatic_sentence_never_repeats_the_clerks_figure():
    ctx, _ = _run(_with_three_public_text(load_example()))
    md = _md(ctx)
    assert md.count("4.20万元") == 1
    assert "2021年“三公”经费实际支出与去年同期3.00万元比增加1.20万元，增长40%。" in ctx.funds
    assert "“三公经费”" not in md and '"三公"' not in md
    assert "“三公”经费年初预算5万元，实际支出4.20万元" in md  # the clerk's words, in the one spelling


def test_automatic_sentences_do_not_repeat_each_other():
    ev = load_example()
    ev.narrative.analysis = {k: "按计划完成。" for k in ev.narrative.analysis}
    b = ev.budget
    b.three_public_budget, b.three_public_actual, b.three_public_prev = D(5), D("4.2"), D(3)
    ctx, _ = _run(ev)
    # one sentence, each figure once (was: “三公经费”…实际支出4.20万元 and 2021年“三公”经费支出4.20万元…)
    assert "2021年“三公”经费年初预算5.00万元，实际支出4.20万元，与去年同期3.00万元比增加1.20万元，增长40%。" in ctx.funds
    assert _md(ctx).count("4.20万元") == 1


def test_project_count_and_satisfaction_stated_by_the_clerk_are_not_added_again():
    ev = load_example()
    ev.narrative.analysis["绩效管理"] = "2021年共有项目29个，均开展了绩效监控。"
    ev.narrative.analysis["满意度"] = "服务对象满意度为90%，达到年度目标。"
    ctx, _ = _run(ev)
    assert not any(p.startswith("此外") for b in ctx.analysis for p in b.paragraphs)
    # another count, another rate: the data sentences come back (so the test above can fail)
    ev.narrative.analysis["绩效管理"] = "2021年共有项目28个。"
    ev.narrative.analysis["满意度"] = "服务对象满意度为95%。"
    ctx, _ = _run(ev)
    extra = [p for b in ctx.analysis for p in b.paragraphs if p.startswith("此外")]
    assert extra == ["此外，2021年我单位共有项目29个，开展绩效监控项目29个，绩效监控完成率100%，开展绩效自评项目29个，"
                     "绩效自评完成率100%，部门整体绩效自评已完成，部门绩效评价1个，完成率100%。"
                     "2021年服务对象满意度年度指标值≥90%，完成满意度90%的目标。"]


def test_budget_makeup_does_not_restate_the_adjusted_budget():
    ev = load_example()
    ev.budget.basic, ev.budget.project = D("1200.59"), D("570")
    ctx, _ = _run(ev)
    assert ctx.funds[-1] == "调整预算数中，基本支出1200.59万元，项目支出570.00万元。"
    assert "\n".join(ctx.funds).count("1770.59万元") == 2  # 调整预算数 and 执行金额, once each


# ---------------------------------------------------------------- §5 punctuation in the report, and the switch

def test_clerk_punctuation_is_full_width_unless_the_setting_says_no():
    ev = load_example()
    ev.narrative.experience = ["总结经验, 形成做法:一是(规范)流程; 二是强化培训?是的!共1,234.5万元"]
    ctx, _ = _run(ev)
    assert ctx.experience == ["总结经验，形成做法：一是（规范）流程；二是强化培训？是的！共1,234.5万元。"]
    # the seed's own half-width “检查落实, 加强对…” in 部门年度履职目标
    assert "检查落实，加强对全区选拔任用干部工作" in ctx.duty_goals_text
    ev.options.fullwidth_punctuation = False
    ctx, _ = _run(ev)
    assert ctx.experience == ["总结经验, 形成做法:一是(规范)流程; 二是强化培训?是的!共1,234.5万元。"]
    assert "检查落实, 加强对全区" in ctx.duty_goals_text
