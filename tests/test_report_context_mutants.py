"""The report context (xlperf/report/context.py) field by field and warning by warning, in memory (issue 19).

Expected values: the seed report's own words (/work/shared/seed, written out here by hand), the example's figures
(seed table: 预算执行 10/3, 投入管理 20/18, 产出指标 40/40, 效益指标 30/30, 合计 100/91) and the shipped outlines'
wording (xlperf/domain/outlines/*.toml, copied here), never read from the code under test.

Survivors judged equivalent (mutmut's names, run recorded in docs/mutation.md):

* report.context._build 111 and _values 3 — ``"XX\nXX".join`` for ``"\n".join`` of the texts the report has stated
  (searched for a figure, ``states_figure``, or for a form value's whole text, ``text in said``): a figure or a
  value is one cell's text, which never holds “XX” followed by a line break, so it is found (or not) in the same
  places either way — the separator only keeps two texts from running into each other.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from outline_helpers import outline_toml, section
from xlperf.app.load import load_example
from xlperf.domain.evaluate import evaluate
from xlperf.domain.outlines import load_outline
from xlperf.domain.profiles import load_profile
from xlperf.report.context import ChartBar, Part, build_and_review, build_context, review_text

UNIT = "中共郑州市金水区委组织部"


def _run(ev, profile=None):
    return build_and_review(evaluate(ev, profile or load_profile(ev.profile or None)))


def _warnings(problems):
    return [(p.where, p.label, p.message) for p in problems]


def test_the_named_parts_of_the_seed_report():
    ev = load_example()
    ev.options.signature_date = "2022-03-01"
    ctx, problems = _run(ev)
    assert problems == []
    assert (ctx.unit, ctx.year, ctx.kind) == (UNIT, 2021, "部门整体")
    assert ctx.title == "中共郑州市金水区委组织部2021年度部门整体绩效自评报告"
    # 沿用原有写法 (the example's 设置): a list numbered as the seed numbers it, “1.…；2.…”
    assert ctx.duty_goals_text.startswith(
        "部门年度履职目标：1.做好全区党组织特别是党的基层组织建设、全区党员教育、党员发展工作；"
        "2.指导和组织新时期党的建设理论研究；")
    assert ctx.main_tasks_text == (
        "主要任务：做好全区党组织工作，抓好党的基层组织建设、全区党员教育、党员发展工作；做好全区干部工作，抓好领导班子"
        "和科级干部思想作风建设、调整配备、教育培训等工作；做好全区人才工作，抓好人才引进、政策扶持、产业培育等任务；"
        "做好组织系统自身建设相关工作，抓好机关党建、人员培训等任务。")
    assert ctx.overall_goal_text == "年度整体绩效目标是推动全区组织工作高质量开展。"
    assert ctx.indicator_setting == (
        "绩效指标设置如下：预算情况（10分）。一级指标包括投入管理指标（20分）、产出指标（40分）、效益指标（30分）。"
        "二级指标包括工作目标管理、预算和财务管理、绩效管理、重点工作任务完成情况、履职目标实现情况、履职效益、满意度。"
        "另外还包括二十多个三级指标。")
    # the chart: 得分 ÷ 分值 of the table's rows, 3/10, 18/20, 40/40, 30/30
    assert ctx.chart == [ChartBar("预算执行", 0.3, "30%"), ChartBar("投入管理", 0.9, "90%"),
                         ChartBar("产出指标", 1.0, "100%"), ChartBar("效益指标", 1.0, "100%")]
    assert ctx.funds_compliance == [
        "资金使用符合国家财经法规和财务管理制度以及有关专项资金管理办法的规定，资金拨付具有完整的审批程序和手续，"
        "项目开支符合政府采购管理要求，资金使用符合预算批复的用途，不存在截留、挤占、挪用、虚列开支的情况。"]
    assert ctx.problems_section == "六"  # the example's 设置: 问题和措施 in 六
    assert ctx.measures == ["强化财务人员绩效业务知识培训，绩效工作应全体跟进，进一步严控财务管理。",
                            "继续加强预算绩效管理工作，强化预算绩效管理意识，持续完善预算绩效管理制度，建立考核结果应用机制。"]
    assert ctx.self_word == "我单位"
    # 落款: the unit (level 1), then the date in 公文 form (level 2), at the very end of the body
    assert ctx.signature == [UNIT, "2022年3月1日"]
    assert ctx.body[-2:] == [Part("signature", UNIT, 1), Part("signature", "2022年3月1日", 2)]
    assert ctx.body[-3] == Part("text", "无。")  # 八、其他需要说明的问题: nothing


def test_no_signature_when_settings_turn_it_off_and_a_wrong_date_is_a_warning():
    ev = load_example()
    ev.options.signature = False
    ctx, _ = _run(ev)
    assert ctx.signature == [] and ctx.body[-1].kind != "signature"
    ev = load_example()
    ev.options.signature_date = "明年"
    ctx, problems = _run(ev)
    assert ctx.signature == [UNIT, "明年"]
    assert _warnings(problems) == [("设置", "落款日期",
                                    "“明年”不是日期（应写作如 2022年3月1日 或 2022-03-01），报告中照原样写出")]


def test_the_units_own_word_for_itself():
    ev = load_example()
    ev.self_name = "本部"
    ctx, _ = _run(ev)
    assert ctx.self_word == "本部"
    assert "本部2021年部门整体绩效最终得分为91分" in ctx.conclusion


def test_a_template_instruction_is_left_out_unless_the_old_wording_is_kept():
    # the example keeps the reference report's leftover instruction in 五 (沿用原有写法)
    leftover = "包括绩效目标未完成原因和下一步改进措施，执行中存在的问题、原因和改进措施。"
    assert _run(load_example())[0].section5 == [leftover]
    ev = load_example()
    ev.options.legacy_wording = False
    ctx, _ = _run(ev)
    assert ctx.section5 == [] and leftover not in "".join(p.text for p in ctx.body)
    # the report's own numbering then: 一是、二是
    assert ctx.duty_goals_text.startswith("部门年度履职目标：一是做好全区党组织特别是党的基层组织建设")


def test_warnings_of_the_build_come_back_with_the_context():
    # 满意度 without its actual figure: a warning at the 实际满意度 cell (and {满意度情况} has no data: an error)
    ev = load_example()
    ev.satisfaction.achieved = None
    _, problems = _run(ev)
    assert ("预算资金：实际满意度", "实际满意度",
            "未填写实际满意度，报告中不写“服务对象满意度”的完成情况；请填写调查得到的满意度") in _warnings(problems)
    # 问题和措施位置 not one of the outline's: a warning, and the default (六)
    ev = load_example()
    ev.options.problems_section = "七"
    ctx, problems = _run(ev)
    assert ctx.problems_section == "六"
    assert _warnings(problems) == [("设置", "问题和措施位置", "应为“五”或“六”，现为“七”，按“六”处理")]
    # the same list through review_text; build_context gives none (validation shows them)
    result = evaluate(ev, load_profile(ev.profile or None))
    assert _warnings(review_text(result)) == _warnings(problems) and build_context(result)[1] == []


def test_a_lead_in_with_nothing_after_it_goes_with_a_warning():
    ev = load_example()
    ev.narrative.analysis["产出指标"] = "主要完成情况如下："
    ctx, problems = _run(ev)
    assert any("“主要完成情况如下：”后面没有内容" in m for _, _, m in _warnings(problems))
    block = next(b for b in ctx.analysis if b.title.startswith("产出指标"))
    assert "主要完成情况如下" not in "".join(block.paragraphs)
    # a 偏差原因 that is only a lead-in: the report heads its own list, so it goes
    ev = load_example()
    leaf = next(n for n in ev.leaves() if n.name == "预算执行")
    leaf.deviation_reason = "原因如下："
    ctx, problems = _run(ev)
    assert any("“原因如下：”是引导语" in m for _, _, m in _warnings(problems))
    assert ctx.shortfalls[0].reason == ""


def test_the_budget_indicators_own_analysis_follows_the_budget_sentences():
    ev = load_example()
    ev.narrative.analysis["预算执行"] = "执行率偏低主要因年中调整预算"
    ctx, _ = _run(ev)
    assert ctx.funds[-1] == "执行率偏低主要因年中调整预算。"


def test_the_clerks_funds_text_stops_an_automatic_sentence_saying_it_again():
    # the example's 预算和财务管理 text places the budget with {预算执行情况}{三公经费情况}; written out instead,
    # and the “三公”经费 said in 资金使用合规性, 四（一） adds no “三公”经费 sentence of its own
    ev = load_example()
    ev.budget.three_public_budget, ev.budget.three_public_actual = D(5), D(4)
    ev.narrative.analysis["预算和财务管理"] = "预算编制科学。"
    said = "“三公”经费年初预算5.00万元，实际支出4.00万元。"
    ev.narrative.funds_compliance = [said]
    ctx, _ = _run(ev)
    assert ctx.funds_compliance == [said]
    assert not any("三公" in s for s in ctx.funds), ctx.funds
    ev.narrative.funds_compliance = ["资金使用合规。"]
    ctx, _ = _run(ev)
    assert any("“三公”经费年初预算5.00万元，实际支出4.00万元" in s for s in ctx.funds), ctx.funds


def test_an_outline_without_a_funds_compliance_block():
    ev = load_example()
    block = '  [[section.block]]\n  field = "funds_compliance"\n  label = "资金使用合规性"\n  standard = true\n'
    text = load_outline("部门整体").text
    assert block in text
    ev.outline = text.replace(block, "")
    ctx, _ = _run(ev)
    assert ctx.funds_compliance == [] and ctx.funds[0].startswith("2021年度，我单位预算年初数为7319.56万元")


def test_the_rules_outline_lays_out_the_report():
    # rules naming the 项目支出 outline: its headings (xlperf/domain/outlines/project.toml)
    profile = load_profile(None).model_copy(update={"outline": "项目支出"})
    ctx, _ = _run(load_example(), profile)
    assert [p.text for p in ctx.body if p.kind == "heading"][:3] == [
        "一、项目基本情况", "（一）项目概况", "（二）项目绩效目标及指标设置情况"]


def test_an_empty_section_says_nothing_and_names_the_cell_to_fill():
    ev = load_example()
    ev.narrative.duty_goals, ev.narrative.main_tasks = [], []
    ctx, problems = _run(ev)
    assert ctx.duty_goals_text == "无。" and ctx.main_tasks_text == ""
    # no cell known: the sheet and the 栏目's lead-in (a list's lead, 部门整体 outline)
    assert ("基本情况：部门年度履职目标", "（一）部门年度履职目标及主要任务",
            "这一部分没有内容，报告中只写“无。”；请填写部门年度履职目标和主要任务（基本情况表）") in _warnings(problems)
    # the 项目支出 outline's list has its own lead (项目年度目标) beside the label (部门年度履职目标)
    profile = load_profile(None).model_copy(update={"outline": "项目支出"})
    _, problems = _run(ev, profile)
    assert [w for w, _, m in _warnings(problems) if m.startswith("这一部分没有内容")] == ["基本情况：项目年度目标"]
    # the cell the form read it from, when known
    ev.narrative.sources["duty_goals"] = "基本情况!B7"
    _, problems = _run(ev)
    assert [w for w, _, m in _warnings(problems) if m.startswith("这一部分没有内容")] == ["基本情况!B7"]


def test_an_empty_joined_block_is_named_by_its_lead():
    # an outline (the form's own copy) whose 主要任务 (joined) is the block to fill, led by “年度主要任务”
    text = load_outline("部门整体").text
    old = 'empty_at = "duty_goals"'
    assert old in text and 'lead = "主要任务"' in text
    ev = load_example()
    ev.outline = text.replace(old, 'empty_at = "main_tasks"').replace('lead = "主要任务"', 'lead = "年度主要任务"')
    ev.narrative.duty_goals, ev.narrative.main_tasks = [], []
    _, problems = _run(ev)
    assert [w for w, _, m in _warnings(problems) if m.startswith("这一部分没有内容")] == ["基本情况：年度主要任务"]


@pytest.mark.parametrize("name, weight, score, rate", [("预算执行", "10", "3", "30%"), ("合计", "100", "91", "91%")])
def test_score_rows(name, weight, score, rate):
    ctx, _ = _run(load_example())
    rows = {r.name: (r.weight, r.score, r.rate) for r in [*ctx.score_rows, ctx.score_total]}
    assert rows[name] == (weight, score, rate)


def test_the_overall_goal_is_filled_at_its_cell():
    ev = load_example()
    ev.narrative.overall_goal = "推动{未知}工作高质量开展"
    _, problems = _run(ev)
    assert [w for w, _, m in _warnings(problems) if "未知的占位符“{未知}”" in m] == ["文字材料：年度整体绩效目标"]
    ev.narrative.sources["overall_goal"] = "基本情况!B9"
    _, problems = _run(ev)
    assert [w for w, _, m in _warnings(problems) if "未知的占位符“{未知}”" in m] == ["基本情况!B9"]
    ev.narrative.overall_goal = "推动{年度}年工作高质量开展。"
    ctx, _ = _run(ev)
    assert ctx.overall_goal_text == "年度整体绩效目标是推动2021年工作高质量开展。"
    ev.narrative.overall_goal = "  。"  # nothing but punctuation: no goal sentence
    ctx, _ = _run(ev)
    assert ctx.overall_goal_text == "" and not any(p.text.startswith("年度整体绩效目标是") for p in ctx.body)


def _body_of(ctx, heading: str) -> list[str]:
    """The texts printed under ``heading`` up to the next heading."""
    out, inside = [], False
    for p in ctx.body:
        if p.kind == "heading":
            inside = p.text == heading
        elif inside:
            out.append(p.text)
    return out


def _clerk_says_no_figures(ev):
    """The example with its 四（二） texts in plain words (no placeholders), so the report adds its data sentences."""
    ev.narrative.analysis["预算和财务管理"] = "预算编制科学。"
    ev.narrative.analysis["绩效管理"] = "绩效管理规范。"
    ev.narrative.analysis["满意度"] = "群众满意。"
    ev.budget.three_public_budget, ev.budget.three_public_actual = D(5), D(4)
    return ev


def test_data_sentences_go_where_the_outline_says():
    # 部门单位整体支出 (unit-format.toml): auto_sentences = { funds = "overview_budget", analysis = "results_effects" };
    # results_effects has no analysis block: the 绩效管理 and 满意度 sentences are one paragraph there, “此外，”…
    profile = load_profile(None).model_copy(update={"outline": "部门单位整体支出"})
    ctx, _ = _run(_clerk_says_no_figures(load_example()), profile)
    assert _body_of(ctx, "（二）履职效果情况") == [
        "此外，2021年我单位共有项目29个，开展绩效监控项目29个，绩效监控完成率100%，开展绩效自评项目29个，"
        "绩效自评完成率100%，部门整体绩效自评已完成，部门绩效评价1个，完成率100%。"
        "2021年服务对象满意度年度指标值≥90%，完成满意度90%的目标。"]
    # overview_budget has the funds block: the “三公”经费 sentence with the budget sentences
    assert "“三公”经费年初预算5.00万元，实际支出4.00万元。" in _body_of(ctx, "（五）预算及执行情况")
    # the same outline without its funds block: the “三公”经费 sentence is a paragraph of its own (no “此外”)
    ev = _clerk_says_no_figures(load_example())
    text = load_outline("部门单位整体支出").text
    funds = '  [[section.block]]\n  kind = "funds"\n'
    assert text.count(funds) == 1
    ev.outline = text.replace(funds, "")
    ctx, _ = _run(ev)
    printed = _body_of(ctx, "（五）预算及执行情况")
    assert printed[-1] == "“三公”经费年初预算5.00万元，实际支出4.00万元。", printed
    assert Part("text", printed[-1]) in ctx.body  # a paragraph like any other
    assert not any(t.startswith("2021年度，我单位预算年初数") for t in printed)
    # the seed outline: the analysis sentences as the last paragraph of 四（二）, the funds ones in 四（一）
    ctx, _ = _run(_clerk_says_no_figures(load_example()))
    assert ctx.analysis[-1].paragraphs[-1] == (
        "此外，2021年我单位共有项目29个，开展绩效监控项目29个，绩效监控完成率100%，开展绩效自评项目29个，"
        "绩效自评完成率100%，部门整体绩效自评已完成，部门绩效评价1个，完成率100%。"
        "2021年服务对象满意度年度指标值≥90%，完成满意度90%的目标。")
    assert ctx.funds[-1] == "“三公”经费年初预算5.00万元，实际支出4.00万元。"


def test_a_whole_level1_not_applicable_keeps_its_row_with_no_bar():
    ev = load_example()
    for node in ev.walk():
        if node.name == "效益指标":
            for leaf in node.leaves():
                leaf.not_applicable = True
    ctx, _ = _run(ev)
    # (3 + 18 + 40) × 100 ÷ 70 = 87.14; the 效益指标 row keeps its 分值 30 with no 得分 or 得分率, and no bar
    assert ctx.chart == [ChartBar("预算执行", 0.3, "30%"), ChartBar("投入管理", 0.9, "90%"),
                         ChartBar("产出指标", 1.0, "100%"), ChartBar("效益指标", 0.0, "—", applicable=False)]
    assert [(r.name, r.weight, r.score, r.rate) for r in ctx.score_rows][-1] == ("效益指标", "30", "—", "—")
    assert (ctx.total, ctx.score_total.score) == ("87.14", "87.14")


def test_parts_an_outline_does_not_have_are_empty_lists():
    # a form's own outline of one section holding 资金使用合规性: every other named part prints nothing
    ev = load_example()
    ev.outline = outline_toml("小提纲", section("a", "一、", "资金", {"field": "funds_compliance", "label": "资金使用合规性"}))
    ctx, _ = _run(ev)
    assert [(p.kind, p.text) for p in ctx.body[:2]] == [("heading", "一、资金"), ("text", ctx.funds_compliance[0])]
    assert [ctx.process, ctx.section5, ctx.problems, ctx.measures, ctx.application, ctx.experience,
            ctx.suggestions, ctx.other] == [[]] * 8
    assert (ctx.duty_goals_text, ctx.main_tasks_text, ctx.overall_goal_text) == ("", "", "")


def test_a_section_of_sub_headings_only_is_empty():
    # every level-1 indicator but 预算执行 不适用 and no analysis text: 四（二）'s blocks have their headings and no
    # paragraph (no score to state: “—”); a section of such headings only says “无。” (and asks for its 栏目)
    ev = load_example()
    for node in ev.indicators:
        if node.name != "预算执行":
            for leaf in node.leaves():
                leaf.not_applicable = True
    ev.narrative.analysis, ev.narrative.other = {}, []
    ev.outline = outline_toml("小提纲", section("a", "一、", "分析", {"kind": "analysis"}, {"field": "other", "label": "其他"},
                                             empty_at="other", empty_hint="其他"))
    ev.options.signature = False
    ctx, problems = _run(ev)
    assert ctx.body == [Part("heading", "一、分析", 1), Part("text", "无。")]
    assert _warnings(problems) == [("文字材料：其他", "一、分析", "这一部分没有内容，报告中只写“无。”；请填写其他")]
