"""Edges of ``xlperf import`` (xlperf/importer/form.py, xlperf/importer/parse.py) that `make mutate` found untested.

The example form is the 2021 one; scored by hand under the 河南2021 rules it totals 91 (优) (see
tests/test_agree_precision.py) and spends 1770.59 of 7319.56 万元 (执行率 24 %).  The sentence written in the tests
follows the reference report's (REPORTS.md: “我单位{年}年部门整体绩效最终得分为{总分}分。…整体绩效评价等级为“{等级}”。”),
filled with those figures as last year's report printed them.

Survivors of xlperf/importer/form.from_evaluation and parse (mutmut's names, run recorded in docs/mutation.md):

* importer.statements._percent 3 (was parse._percent) — ``d is None`` never true: every pattern read with _percent matches digits only
  (``_NUM``), which Decimal always reads, so d is never None (equivalent);
* importer.form._find 9 — ``getattr(rule, "setting_label", None)``: the default is read only for a name the rules do
  not know (rule None), and ``None or ""`` is ``"" or ""`` (equivalent);
* importer.form._source_evaluation 25, 27, 30 (s7d's 41, 43, 46) — the self word of a report that states none given
  as None or "XXXX" instead of "": a report without a self word has no sentence with one, so no placeholder sentence
  holding it can match its text (equivalent for every report);
* importer.form._narrative 46 — an item without a parent looked up by its key too: such an item's key is its block's
  name, so the lookup finds the block's own 一级 (or nothing), and either fails ``m is not top`` as None does
  (equivalent).

No longer there (session 7, s7n: the code simpler, behaviour the same): ``from_evaluation`` 101 (the blank budget's
``detail_rate_text=""``, its default) and ``_source_evaluation`` 13, 19–24, 28, 33–39, 67, 68 (the profile name,
previous, narrative, options, rules, shown, shown_state and sources the source year's evaluation was given: now the
model's defaults, read by neither ``evaluate`` nor ``placeholder_values``).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlperf.app.load import load_example
from xlperf.domain.profiles import load_profile
from xlperf.importer.form import from_evaluation

ERRORS_WARNING = "上年填报表有错误，上年总分和等级未导入"
WRITTEN = "中共郑州市金水区委组织部2021年预算执行率为24%，部门整体绩效最终得分为91分，整体绩效评价等级为“优”。"


def _example(goal: str = WRITTEN):
    ev = load_example()
    ev.narrative.overall_goal = goal
    return ev


def test_last_years_form_becomes_next_years_with_its_figures_as_placeholders():
    old = _example()
    imported = from_evaluation(old, load_profile(None), None)
    ev = imported.evaluation
    assert ev.year == 2022  # no year given: the year after the form's
    # the unit's name (the example's 单位), the 执行率 (1770.59 / 7319.56 = 24 %), the total and the grade
    assert ev.narrative.overall_goal == "{单位}{年度}年预算执行率为{执行率}，部门整体绩效最终得分为{总分}分，整体绩效评价等级为“{等级}”。"
    assert (ev.previous.year, ev.previous.total, ev.previous.grade) == (2021, 91, "优")
    assert ERRORS_WARNING not in imported.warnings
    # last year's form is read, never changed: its text, year and actual values stay
    assert old.year == 2021 and old.narrative.overall_goal == WRITTEN
    leaf = next(i for i in old.walk() if i.name == "预算编制细化率")
    assert leaf.actual is not None
    assert next(i for i in ev.walk() if i.name == "预算编制细化率").actual is None


def test_a_given_year_is_the_new_forms_year():
    assert from_evaluation(_example(), load_profile(None), 2023).evaluation.year == 2023


def test_a_form_with_errors_gives_no_total_or_grade_and_leaves_them_written():
    # with the error below the engine still adds up 73 (中) from the rows it can score: not a total to carry over
    old = _example(WRITTEN + "按可计算的指标自评得分为73分，等级为“中”。")
    next(i for i in old.walk() if i.name == "预算编制细化率").actual = "约95"  # not a number: an error
    imported = from_evaluation(old, load_profile(None), None)
    ev = imported.evaluation
    assert ERRORS_WARNING in imported.warnings
    assert (ev.previous.total, ev.previous.grade) == (None, "")
    # no total or grade is known, so the written 91 and 优 are not turned into {总分} / {等级}
    assert ev.narrative.overall_goal.endswith("部门整体绩效最终得分为91分，整体绩效评价等级为“优”。"
                                              "按可计算的指标自评得分为73分，等级为“中”。")


def test_a_paragraph_in_a_generated_section_is_unplaced_with_the_sections_title():
    from xlperf.importer.parse import parse_report

    # 三、综合评价结论 is written by the program from the scores (REPORTS.md): a clerk's paragraph there is not
    # imported into a 栏目, and the warning names the section as the report heads it
    rep = parse_report(["一、基本情况", "（一）部门职能", "负责组织工作。", "三、综合评价结论", "我单位得分很高。"])
    assert rep.warnings == ["“我单位得分很高。…”在“三、综合评价结论”中（该部分由程序根据得分生成），"
                            "已放入文字材料“未归类”，请移到对应栏目或删除"]
    assert [(p.text, p.attr) for p in rep.paragraphs] == [("负责组织工作。", "duty_goals"), ("我单位得分很高。", "")]


def test_every_text_and_figure_of_last_years_form_moves_to_its_place_in_next_years():
    from decimal import Decimal as D

    old = _example()
    old.narrative.duty_goals = ["2021年共完成调查12项。"]
    old.narrative.texts = {"自定义栏目": ["2021年新增栏目文字。"]}
    old.narrative.satisfaction_note = "2021年满意度调查覆盖300人。"
    old.narrative.analysis = {"绩效管理": "2021年开展绩效监控。"}
    old.budget.three_public_budget, old.budget.three_public_actual = D(5), D("4.2")  # spent 4.2 of 5 万元
    leaf = next(i for i in old.walk() if i.name == "预算编制细化率")
    leaf.deviation_reason, leaf.improvement = "个别项目未细化", "2022年全部细化"
    imported = from_evaluation(old, load_profile(None), None)
    ev = imported.evaluation
    assert imported.source_year == 2021
    # kept: the satisfaction target (≥90 %); carried as 上年: 执行率 1770.59 / 7319.56 = 0.2419 and the 29 projects
    assert (ev.satisfaction.target, ev.satisfaction.target_text, ev.satisfaction.achieved) == (
        old.satisfaction.target, old.satisfaction.target_text, None)
    assert old.satisfaction.target == D("0.9")
    assert round(ev.previous.exec_rate, 4) == D("0.2419") and ev.previous.projects_total == 29
    assert ev.projects.total is None  # this year's projects to fill
    # last year's scores become 上年得分: 预算执行 3, 投入管理 18, 产出指标 40, 效益指标 30 (91 in all)
    assert [i.prev_score for i in ev.indicators] == [3, 18, 40, 30]
    new_leaf = next(i for i in ev.walk() if i.name == "预算编制细化率")
    assert (new_leaf.actual, new_leaf.manual_score, new_leaf.deviation_reason, new_leaf.improvement) == (
        None, None, "", "")  # this year's to fill
    assert ev.narrative.duty_goals == ["{年度}年共完成调查12项。"]
    assert ev.narrative.texts == {"自定义栏目": ["{年度}年新增栏目文字。"]}
    assert ev.narrative.satisfaction_note == "{年度}年满意度调查覆盖300人。"
    assert ev.narrative.analysis == {"绩效管理": "{年度}年开展绩效监控。"}
    # 三公 上年支出 is last year's spend (4.2), not its budget (5); this year's amounts are blank
    assert ev.budget.three_public_prev == D("4.2")
    assert (ev.budget.three_public_budget, ev.budget.three_public_actual, ev.budget.detail_rate_text) == (
        None, None, "")


def test_importing_a_form_into_its_own_year_keeps_what_it_holds():
    old = _example()
    leaf = next(i for i in old.walk() if i.name == "预算编制细化率")
    leaf.prev_score = 2  # typed by the clerk
    ev = from_evaluation(old, load_profile(None), 2021).evaluation
    new_leaf = next(i for i in ev.walk() if i.name == "预算编制细化率")
    assert (new_leaf.prev_score, new_leaf.actual) == (2, leaf.actual)
    assert ev.narrative.overall_goal == WRITTEN  # nothing turned into placeholders


# ----------------------------------------------------------------------------- a printed score, own-year import
# (form._keep_printed: README “导入本年报告”: a leaf's printed score becomes its 得分 when it lies in 0–分值;
# several leaves under one printed score: the clerk splits it)

def _leaf(name: str, weight: str, manual=None):
    from decimal import Decimal as D

    from xlperf.domain.model import Indicator

    return Indicator(name=name, level=3, weight=D(weight), manual_score=None if manual is None else D(manual))


def _parent(*leaves):
    from decimal import Decimal as D

    from xlperf.domain.model import Indicator

    return Indicator(name="产出指标", level=1, weight=D(sum(int(n.weight) for n in leaves)), children=list(leaves))


@pytest.mark.parametrize("printed", ["0", "2.5", "5"])
def test_a_printed_score_from_0_to_full_marks_becomes_the_leafs_score(printed):
    from decimal import Decimal as D

    from xlperf.importer.form import _keep_printed

    leaf, warnings = _leaf("数量指标", "5"), []
    _keep_printed(_parent(leaf), D(printed), warnings)
    assert (leaf.manual_score, warnings) == (D(printed), [])


def test_a_printed_score_above_full_marks_is_not_imported_and_said():
    from decimal import Decimal as D

    from xlperf.importer.form import _keep_printed

    leaf, warnings = _leaf("数量指标", "5"), []
    _keep_printed(_parent(leaf), D(6), warnings)
    assert leaf.manual_score is None
    assert warnings == ["指标评分“产出指标”：报告印的得分6分不在0-5分之间，未导入"]


def test_a_score_the_form_holds_already_is_kept_without_a_word():
    from decimal import Decimal as D

    from xlperf.importer.form import _keep_printed

    leaf, warnings = _leaf("数量指标", "5", "4"), []
    _keep_printed(_parent(leaf), D(3), warnings)  # the report printed 3, the form says 4: the form's stays
    assert (leaf.manual_score, warnings) == (D(4), [])


@pytest.mark.parametrize("first, second, printed, said", [
    (None, None, "7", True),  # nothing split yet
    ("3", "4", "7", False),  # 3 + 4 = 7: already split as printed
    ("3", "4", "8", True),  # 3 + 4 ≠ 8
])
def test_a_score_printed_over_two_leaves_asks_the_clerk_to_split_it(first, second, printed, said):
    from decimal import Decimal as D

    from xlperf.importer.form import _keep_printed

    a, b, warnings = _leaf("数量指标", "5", first), _leaf("质量指标", "5", second), []
    _keep_printed(_parent(a, b), D(printed), warnings)
    assert warnings == ([f"指标评分“产出指标”：报告印的得分为{printed}分，请填写其下各指标的得分（合计应为{printed}分）"]
                        if said else [])
    assert (a.manual_score, b.manual_score) == (None if first is None else D(first), None if second is None else D(second))


def test_a_form_with_errors_keeps_a_templates_filler_grade_as_written():
    # a form copied from a template may still say 等级为“XXXX”; with errors no grade is known, so the filler stays
    # for the clerk to see (it is not a grade the import could turn into {等级})
    old = _example("整体绩效评价等级为“XXXX”。")
    next(i for i in old.walk() if i.name == "预算编制细化率").actual = "约95"  # not a number: an error
    ev = from_evaluation(old, load_profile(None), None).evaluation
    assert ev.narrative.overall_goal == "整体绩效评价等级为“XXXX”。"


def test_last_years_problems_are_flagged_next_year_until_edited_but_not_in_their_own_year():
    from xlperf.domain.narrative_checks import carried_over

    old = _example()
    for name in ("problems", "measures", "section5", "suggestions"):  # only one text carried: the problem below
        old.narrative.set_items(name, [])
    old.narrative.problems = ["部分项目资金支出进度较慢。"]
    next_year = from_evaluation(old, load_profile(None), None).evaluation
    # the import marks last year's 问题 so that check asks about them next year until the clerk rewrites them
    assert len(carried_over(next_year)) == 1
    own_year = from_evaluation(old, load_profile(None), 2021).evaluation
    assert carried_over(own_year) == []


PERF_SENTENCE = ("2021年我单位共有项目29个，开展绩效监控项目29个，绩效监控完成率100%，开展绩效自评项目29个，"
                 "绩效自评完成率100%，部门整体绩效自评已完成，部门绩效评价1个，完成率100%")


@pytest.mark.parametrize("projects, becomes_placeholder", [("29", True), ("30", False)])
def test_the_performance_sentence_with_its_project_change_becomes_its_placeholder_when_its_figures_are_the_data(
        projects, becomes_placeholder):
    from xlperf.importer.form import placeholderize

    # last year's report put the 项目数 change beside the 项目数 (“较上年（25个）增加4个”); the sentence without it
    # is the 绩效管理情况 of the data (29 projects), so the whole of it is next year's {绩效管理情况}; 30 is not the data
    text = PERF_SENTENCE.replace("共有项目29个", f"共有项目{projects}个，较上年（25个）增加4个") + "。"
    out = placeholderize(text, {"绩效管理情况": PERF_SENTENCE}, None)
    assert out == ("{绩效管理情况}。" if becomes_placeholder else text)


@pytest.mark.parametrize("said, found", [
    ("预算情况", "预算执行"),  # the 设置 label the 河南2021 rules give 预算执行 (profiles/dept-henan-2021.toml)
    ("投入 管理", "投入管理"),  # a space a PDF put inside the name
    ("投入管理指标情况分析", "投入管理"),  # 指标 / 情况 / 分析 after the name
    ("项目管理", None),
    ("XXXX", None),  # a template's filler heading: no indicator (neither rules nor form name one so)
])
def test_a_reports_name_for_an_indicator_finds_it_in_the_form(said, found):
    from xlperf.importer.form import _find

    ind = _find(_example().indicators, said, load_profile(None))
    assert (ind.name if ind is not None else None) == found


# ----------------------------------------------------------------------------- a 自评表's rows (form._attach_leaves)
def _tree():
    from decimal import Decimal as D

    from xlperf.domain.model import Indicator

    def node(name, level, weight, *children):
        return Indicator(name=name, level=level, weight=D(weight), children=list(children))

    return [node("预算执行", 1, 10),
            node("产出指标", 1, 40, node("数量指标", 2, 20, node("旧数量", 3, 20)), node("质量指标", 2, 20, node("旧质量", 3, 20))),
            node("效益指标", 1, 30, node("社会效益", 2, 30))]


def _table_rows():
    from decimal import Decimal as D

    from xlperf.importer.selftable import Leaf

    return [Leaf("产出指标", "数量指标", "培训人次", "≥100人次", "120人次", D(10), D(9), "超额完成"),
            Leaf("产出指标", "数量指标", "培训班次", "≥5期", "5期", D(5), D(5)),
            Leaf("产出", "时效指标", "按时完成率", "100%", "九成", D(5), D(4)),  # 产出 is 产出指标; 时效指标 is new
            Leaf("满意度指标", "", "群众满意度", "≥90%", "95%", D(10), D(10)),  # no such 一级
            Leaf("效益指标", "", "社会效益提升", "明显", "较明显", D(25), D(20))]  # straight under the 一级


def _shape(ind):
    return (ind.name, ind.level, ind.weight, [_shape(c) for c in ind.children])


def test_a_self_tables_rows_replace_the_rules_defaults_under_their_headings():
    from xlperf.importer.form import _attach_leaves

    inds, warnings = _tree(), []
    _attach_leaves(_table_rows(), inds, False, warnings)
    # 数量指标 weighs its rows 10 + 5 = 15, the new 时效指标 5, so 产出指标 20; 质量指标 (no rows) is gone;
    # 效益指标 weighs its one row, 25; 预算执行 (no rows) keeps what the rules give it
    assert [_shape(i) for i in inds] == [
        ("预算执行", 1, 10, []),
        ("产出指标", 1, 20, [("数量指标", 2, 15, [("培训人次", 3, 10, []), ("培训班次", 3, 5, [])]),
                          ("时效指标", 2, 5, [("按时完成率", 3, 5, [])])]),
        ("效益指标", 1, 25, [("社会效益提升", 2, 25, [])])]
    assert warnings == ["自评表的“满意度指标—群众满意度”没有对应的一级指标，未导入"]
    rows = [n for i in inds for n in i.walk() if n.is_leaf and n.level > 1]
    # another year: the printed scores are 上年得分, nothing of this year's is filled
    assert [(n.target_text, n.prev_score, n.actual, n.manual_score, n.deviation_reason) for n in rows] == [
        ("≥100人次", 9, None, None, ""), ("≥5期", 5, None, None, ""), ("100%", 4, None, None, ""),
        ("明显", 20, None, None, "")]


def test_a_self_table_of_the_forms_own_year_fills_this_years_values():
    from xlperf.importer.form import _attach_leaves

    inds = _tree()
    _attach_leaves(_table_rows(), inds, True, [])
    rows = [n for i in inds for n in i.walk() if n.is_leaf and n.level > 1]
    assert [(n.prev_score, n.actual, n.manual_score, n.deviation_reason) for n in rows] == [
        (None, "120人次", 9, "超额完成"), (None, "5期", 5, ""), (None, "九成", 4, ""), (None, "较明显", 20, "")]


def test_no_self_table_leaves_the_rules_indicators_as_they_are():
    from xlperf.importer.form import _attach_leaves

    inds, warnings = _tree(), []
    _attach_leaves([], inds, False, warnings)
    assert [_shape(i) for i in inds] == [_shape(i) for i in _tree()] and warnings == []


def test_last_years_report_gives_next_years_text_with_its_figures_as_placeholders():
    from xlperf.importer.form import from_report
    from xlperf.importer.parse import parse_report

    # 河南2021 rules: 执行率 = 执行数 / 年初预算数 = 150 / 180 = 83 % (no places); nothing carried in or over: 0 %;
    # the report calls the unit 我单位 (not the 我局 its name would give)
    funds = ("2021年度，我单位预算年初数为180.00万元，调整预算数为200.00万元，预算执行金额为150.00万元，预算执行率83%，"
             "结转结余率0%")
    rep = parse_report(["郑州市财政局2021年度部门整体支出绩效自评报告", "一、基本情况", "（一）部门职能",
                        "郑州市财政局负责全市财政工作，2021年预算执行率为83%。", funds + "。"])
    imported = from_report(rep, load_profile(None), _example().indicators, None)
    ev = imported.evaluation
    assert (imported.source_year, ev.year, ev.unit, ev.self_name) == (2021, 2022, "郑州市财政局", "我单位")
    assert ev.narrative.duty_goals == ["{单位}负责全市财政工作，{年度}年预算执行率为{执行率}。", "{预算执行情况}。"]
    assert ev.previous.exec_rate == D("150") / D("180")


def test_each_paragraph_of_a_report_goes_to_its_place_in_the_narrative():
    from xlperf.importer.form import _narrative
    from xlperf.importer.parsed import Paragraph, ParsedReport

    rep = ParsedReport(headings={"s1_1": "部门职能"}, paragraphs=[
        Paragraph("2021年部门整体绩效目标是全面完成组织工作。", "overall_goal"),
        Paragraph("无法归类的文字。", ""),
        Paragraph("2021年共完成调查12项。", "duty_goals"),
        Paragraph("主要任务一。", "main_tasks"),
        Paragraph("主要任务二。", "main_tasks"),
        # 投入管理's sub-items are all its own indicators: each gets its paragraph(s)
        Paragraph("目标合理。", "analysis", key="工作目标管理", parent="投入管理"),
        Paragraph("2021年预算编制细化。", "analysis", key="预算和财务管理情况", parent="投入管理"),
        Paragraph("制度健全。", "analysis", key="预算和财务管理", parent="投入管理"),
        # 产出指标's sub-items are not all its indicators: one text under 产出指标, each item with its name
        Paragraph("完成情况良好。", "analysis", key="产出指标"),
        Paragraph("数量达标。", "analysis", key="数量指标", parent="产出指标"),
        Paragraph("按时完成。", "analysis", key="时效情况", parent="产出指标"),
        Paragraph("满意度高。", "analysis", key="社会评价"),  # no such 一级
    ])
    warnings: list[str] = []
    nar = _narrative(rep, _example().indicators, load_profile(None), {}, 2021, warnings)
    assert nar.overall_goal == "{年度}年部门整体绩效目标是全面完成组织工作。"
    assert nar.duty_goals == ["{年度}年共完成调查12项。"] and nar.main_tasks == ["主要任务一。", "主要任务二。"]
    assert nar.analysis == {"工作目标管理": "目标合理。", "预算和财务管理": "{年度}年预算编制细化。\n制度健全。",
                            "产出指标": "完成情况良好。\n数量指标情况：数量达标。\n时效情况：按时完成。"}
    assert nar.unplaced == ["无法归类的文字。", "满意度高。"]
    assert warnings == ["“社会评价”的情况分析没有对应的一级指标，已放入文字材料“未归类”"]
    assert nar.headings == {"s1_1": "部门职能"}


def test_a_block_whose_items_name_the_block_itself_is_one_text():
    from xlperf.importer.form import _narrative
    from xlperf.importer.parsed import Paragraph, ParsedReport

    # an item that names the 一级 itself (or another 一级's indicator) does not split the block
    rep = ParsedReport(paragraphs=[Paragraph("总体良好。", "analysis", key="投入管理", parent="投入管理"),
                                   Paragraph("目标合理。", "analysis", key="工作目标管理", parent="投入管理"),
                                   Paragraph("数量达标。", "analysis", key="重点工作任务完成情况", parent="效益指标")])
    nar = _narrative(rep, _example().indicators, load_profile(None), {}, 2021, [])
    assert nar.analysis == {"投入管理": "投入管理情况：总体良好。\n工作目标管理情况：目标合理。",
                            "效益指标": "重点工作任务完成情况：数量达标。"}


def test_a_report_without_a_year_takes_the_year_before_the_one_given_and_otherwise_is_refused():
    from xlperf.importer.form import from_report
    from xlperf.importer.parsed import ParsedReport, ScoreLine
    from xlperf.importer.selftable import Leaf

    inds = _example().indicators
    rep = ParsedReport(scores=[ScoreLine("投入管理", D(20), D(18))])
    rep.selftable.leaves = [Leaf("满意度指标", "", "群众满意度", "≥90%", "95%", D(10), D(10))]
    imported = from_report(rep, load_profile(None), inds, 2023)
    assert (imported.source_year, imported.evaluation.year) == (2022, 2023)
    assert imported.warnings == ["报告中没有找到单位名称，请在“基本情况”表填写单位名称（或导入时加 --unit 单位名称）",
                                 "自评表的“满意度指标—群众满意度”没有对应的一级指标，未导入"]
    assert next(i for i in imported.evaluation.indicators if i.name == "投入管理").prev_score == 18
    assert next(i for i in inds if i.name == "投入管理").prev_score is None  # the indicators given are not changed
    with pytest.raises(ValueError, match="^未能从报告中识别年度，请用 --year 指定本次填报的年度$"):
        from_report(ParsedReport(), load_profile(None), inds, None)
    assert not from_report(ParsedReport(year=2021), load_profile(None), inds, None, unit="某局").warnings
