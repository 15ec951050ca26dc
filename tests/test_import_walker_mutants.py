"""Where each line of last year's report goes (xlperf/importer/walker.py, parse.py): headings recognised by their
words or their numerals in every region's numbering (一、 （一） 1. 1、), sub-sections a department numbers 1. 2., the
indicator analysis's blocks, items, the 栏目 of each section, and the lines it leaves unplaced with their warnings.

Every report here is a few lines written by hand in the shapes published reports have (the reference report
/work/shared/seed/000_b29ebcb0f210dfb5.txt, other regions' numbering); every expected section, 栏目 and warning is read
off those lines and the 部门整体 outline (xlperf/domain/outlines/dept-overall.toml: 一 基本情况 (（一）履职 (二)绩效目标),
二 自评工作, 三 结论, 四 实现情况 (（一）资金 （二）指标), 五 问题 (problems/measures 栏目), 六 应用, 七 经验, 八 其他) by hand,
never from the importer.

Equivalent mutants: none — every mutant of the module is killed by this file's selection (docs/mutation.md, s7c);
where mutants were equivalent the code was made simpler instead.
"""

from __future__ import annotations

import pytest

from outline_helpers import outline_toml, section
from xlperf.domain.outlines import load_outline
from xlperf.importer.parse import parse_report
from xlperf.importer.walker import _item_text, _Keys, _named_sub, _split_items, section_key, sub_key

TITLE = "某县文化馆2022年度部门整体绩效自评报告"


@pytest.fixture
def keys():
    return _Keys(load_outline(None), ("预算执行", "产出指标", "资", "社会效益指标", "成本"))


def placed(rep) -> list[tuple[str, str]]:
    return [(p.attr, p.text) for p in rep.paragraphs]


def parse(*lines: str, indicators: tuple[str, ...] = ()):
    return parse_report([TITLE, *lines], indicators=indicators)


# --------------------------------------------------------------------------- the outline's keys


def test_level1_words_are_checked_from_the_last_section(keys):
    assert section_key(keys, "绩效自评工作的经验、问题和建议", "X") == "s7"  # 经验 (七) before 问题 (五)
    assert section_key(keys, "存在的问题", "X") == "s5"
    assert section_key(keys, "其他需要说明的事项", "X") == "s8"
    assert section_key(keys, "部门概况", "X") == "s1"


@pytest.mark.parametrize("numeral, key", [("一", "s1"), ("二", "s2"), ("八", "s8"), ("九", ""), ("十", ""), ("十一", ""),
                                          ("一二", ""), ("X", ""), ("1", "")])
def test_level1_numerals_when_no_word_names_a_section(keys, numeral, key):
    assert section_key(keys, "单位简介", numeral) == key


def test_level2_words_and_numerals(keys):
    assert sub_key(keys, "s1", "部门职能", "X") == "s1_1"
    assert sub_key(keys, "s1", "年度打算", "二") == "s1_2"
    assert sub_key(keys, "s1", "年度打算", "一") == "s1_1"
    assert sub_key(keys, "s1", "年度打算", "三") == ""  # 一、 has two sub-sections
    assert sub_key(keys, "s1", "年度打算", "一一") == ""
    assert sub_key(keys, "s4", "经费使用", "X") == "s4_1"
    assert sub_key(keys, "s5", "存在的主要问题", "X") == "problems"  # a 栏目 a sub-heading introduces
    assert sub_key(keys, "s5", "整改措施", "X") == "measures"
    assert sub_key(keys, "s5", "别的", "一") == ""  # 五、 has no sub-sections to count
    assert sub_key(keys, "s9", "部门职能", "一") == ""


def test_a_named_sub_section_is_short_and_no_sentence(keys):
    assert _named_sub(keys, "s1", "部门职能")
    assert not _named_sub(keys, "s1", "部门职能。")
    assert _named_sub(keys, "s1", "部门职能" + "工作" * 8)  # 20 characters
    assert not _named_sub(keys, "s1", "部门职能" + "工作" * 8 + "好")  # 21
    assert not _named_sub(keys, "s1", "年度打算")  # no word of 一、's sub-sections


def test_kinds_targets_and_blocks(keys):
    assert keys.kinds("s3") == {"conclusion", "score_table"}
    assert keys.kinds("s9") == set()
    assert keys.target("s2") == "process"
    assert keys.target("s5") == "section5"  # not problems/measures: they come with a sub-heading
    assert keys.target("s4") == ""  # 四、 itself has no 栏目
    assert keys.target("s9") == ""
    assert keys.block("s5", "measures").label == "改进措施"
    assert keys.block("s5", "application") is None
    assert keys.block("s9", "other") is None


def test_indicator_names(keys):
    assert keys.indicators == ["预算执行", "产出指标", "社会效益指标", "成本"]  # one character names nothing
    assert keys.indicator_named("成本控制情况")  # a two-character name
    assert keys.indicator_named("预算执行情况")  # the rules' 预算执行 with 情况
    assert keys.indicator_named("预算执行情况分析")
    assert keys.indicator_named("效益指标")  # 指标 in the title
    assert keys.indicator_named("社会效益")  # the title within a name of the rules
    assert not keys.indicator_named("资金使用情况")  # “资” is too short to be a name
    assert not keys.indicator_named("情况")  # nothing left once 情况 is dropped
    assert keys.indicator_named("预算情况")  # two characters left, part of 预算执行
    assert not keys.indicator_named("算")  # one character is no part of a name
    assert not keys.indicator_named("资金管理情况")


def test_the_titles_of_every_outline_are_not_a_departments_own(keys):
    assert "项目基本情况" in keys.titles["s1"] and "基本情况" in keys.titles["s1"]
    assert keys.h1[0][0] == "s8" and keys.h1[-1][0] == "s1"


# --------------------------------------------------------------------------- items


@pytest.mark.parametrize("text, items", [
    ("1.做好宣传；2.指导基层。", ["做好宣传", "指导基层"]),
    ("1、做好宣传 2、指导基层", ["做好宣传", "指导基层"]),
    ("1．做好宣传；2．指导基层；", ["做好宣传", "指导基层"]),
    ("1.只有一项。", ["只有一项"]),
    ("甲；乙；丙。", ["甲", "乙", "丙"]),
    ("甲;乙", ["甲", "乙"]),
    ("完成1.5万人次培训。", ["完成1.5万人次培训"]),
    ("一项工作", ["一项工作"]),
    ("  前后有空格。 ", ["前后有空格"]),
    ("10.第十项；11.第十一项", ["第十项", "第十一项"]),
    ("1.做好宣传；2.。", ["做好宣传"]),
    ("甲 ；乙。；", ["甲", "乙"]),
    ("甲；。", ["甲"]),
])
def test_items_of_a_list(text, items):
    assert _split_items(text) == items


@pytest.mark.parametrize("text, bare", [("1、加强管理", "加强管理"), ("12. 加强管理", "加强管理"), ("（一）加强管理", "加强管理"),
                                        ("(二)加强管理", "加强管理"), ("三是加强管理", "加强管理"), ("（1）加强管理", "（1）加强管理"),
                                        ("加强1、2月管理", "加强1、2月管理"), ("123.加强", "123.加强")])
def test_the_number_of_an_item_is_dropped(text, bare):
    assert _item_text(text) == bare


# --------------------------------------------------------------------------- sections, sub-sections, 栏目


def test_before_the_first_heading_only_the_summary_and_contents_labels_are_dropped():
    rep = parse("摘要：", "目 录", "本报告依据自评办法编写而成。", "一、基本情况", "（一）部门职能", "负责群众文化工作。")
    assert placed(rep) == [("", "本报告依据自评办法编写而成。"), ("duty_goals", "负责群众文化工作。")]
    assert rep.warnings == ["“本报告依据自评办法编写而成。…”在第一个标题之前，已放入文字材料“未归类”，请移到对应栏目或删除"]


def test_a_sub_heading_before_any_section_is_text_before_the_first_heading():
    rep = parse("（一）部门职能", "一、基本情况", "负责群众文化工作。")
    assert rep.outline == [("s1", "一、基本情况")]
    assert placed(rep) == [("", "（一）部门职能"), ("duty_goals", "负责群众文化工作。")]


def test_an_unknown_sub_heading_sends_its_paragraphs_to_unplaced_with_one_warning():
    rep = parse("一、基本情况", "（三）机构设置情况说明", "内设三个股室。", "下设两个分馆。", "（二）年度绩效目标",
                "整体绩效目标：完成演出任务。")
    assert placed(rep) == [("", "内设三个股室。"), ("", "下设两个分馆。"), ("overall_goal", "完成演出任务")]
    assert rep.outline == [("s1", "一、基本情况"), ("", "（三）机构设置情况说明"), ("s1_2", "（二）年度绩效目标")]
    assert rep.warnings == ["小标题“（三）机构设置情况说明”未对应到报告的固定栏目，其下段落放入“未归类”"]


def test_a_long_unknown_sub_heading_is_quoted_to_twenty_characters():
    title = "（三）" + "机构设置" * 6  # 3 + 24 characters
    rep = parse("一、基本情况", title, "内设三个股室。")
    assert rep.warnings == [f"小标题“{title[:20]}”未对应到报告的固定栏目，其下段落放入“未归类”"]
    assert rep.outline[-1] == ("", title)


def test_own_headings_are_kept_where_they_differ_from_every_outline():
    rep = parse("一、基本情况", "（一）单位职能", "负责群众文化工作。", "二、自查工作做法", "成立小组。", "三、项目基本情况")
    assert rep.headings == {"s1_1": "单位职能", "s2": "自查工作做法"}  # 项目基本情况 is the project outline's own
    assert rep.recognised == 3 and rep.named == 2  # 自查工作做法 has no word of 二、: its numeral says


def test_sections_recognised_by_their_numeral_only_are_not_named():
    rep = parse("一、单位简介", "负责群众文化工作。", "二、自查做法", "成立小组。", "五、短板", "人员不足。")
    assert (rep.recognised, rep.named) == (3, 0)
    assert placed(rep) == [("duty_goals", "负责群众文化工作。"), ("process", "成立小组。"), ("section5", "人员不足。")]


def test_text_right_under_a_section_with_sub_sections_goes_to_the_first():
    rep = parse("一、基本情况", "负责群众文化工作。", "四、绩效目标实现情况分析", "资金按进度拨付。")
    assert placed(rep) == [("duty_goals", "负责群众文化工作。"), ("funds_compliance", "资金按进度拨付。")]


def test_lists_with_their_lead_words():
    rep = parse("一、基本情况", "（一）部门职能", "部门年度履职目标：繁荣群众文化；2.保护文物。", "主要任务：1.办好演出 2.开放场馆。",
                "履职目标:送戏下乡", "全年开展活动50场。")
    assert placed(rep) == [("duty_goals", "繁荣群众文化"), ("duty_goals", "保护文物"), ("main_tasks", "办好演出"),
                           ("main_tasks", "开放场馆"), ("duty_goals", "送戏下乡"), ("duty_goals", "全年开展活动50场。")]


def test_the_goal_section():
    rep = parse("一、基本情况", "（二）部门年度整体绩效目标", "部门年度整体绩效目标是：完成演出任务。", "整体绩效目标为提升服务。",
                "绩效指标设置：一级指标3个。", "本部门一级指标包括决策、过程。", "另有说明一段。")
    assert placed(rep) == [("overall_goal", "完成演出任务"), ("", "整体绩效目标为提升服务。"), ("", "另有说明一段。")]
    assert rep.warnings == ["“整体绩效目标为提升服务。…”在“（二）部门年度整体绩效目标、绩效指标设置情况”中未能对应栏目，"
                            "已放入文字材料“未归类”，请移到对应栏目或删除",
                            "“另有说明一段。…”在“（二）部门年度整体绩效目标、绩效指标设置情况”中未能对应栏目，"
                            "已放入文字材料“未归类”，请移到对应栏目或删除"]


def test_the_conclusion_is_read_and_any_other_text_there_is_unplaced():
    rep = parse("三、综合评价结论", "我单位2022年度部门整体绩效最终得分为88分。", "全年工作扎实。")
    assert placed(rep) == [("", "全年工作扎实。")]
    assert rep.total == 88
    assert rep.warnings == ["“全年工作扎实。…”在“三、综合评价结论”中（该部分由程序根据得分生成），"
                            "已放入文字材料“未归类”，请移到对应栏目或删除"]


def test_a_score_table_under_the_conclusion_and_before_the_first_heading():
    rep = parse("三、综合评价结论", "指标\t分值\t得分", "决策\t20\t18", "过程\t30\t27", "四、绩效目标实现情况分析",
                "资金按进度拨付。")
    assert [(s.name, s.weight, s.score) for s in rep.scores] == [("决策", 20, 18), ("过程", 30, 27)]
    assert placed(rep) == [("funds_compliance", "资金按进度拨付。")]


def test_a_table_row_in_a_text_section_is_text():
    rep = parse("二、绩效自评工作开展情况", "阶段\t时间", "成立小组\t3月")
    assert placed(rep) == [("process", "阶段\t时间"), ("process", "成立小组\t3月")]
    assert rep.scores == []


def test_funds_sentences_xlperf_writes_again_are_left_out():
    budget = "年初预算数100万元，全年执行数90万元，执行率90%。"
    rep = parse("四、绩效目标实现情况分析", "（一）部门资金情况分析", budget, "资金使用合规。", budget)
    # the first budget sentence is xlperf's own (it writes it again); once the clerk's text is there, it is theirs
    assert placed(rep) == [("funds_compliance", "资金使用合规。"), ("funds_compliance", budget)]
    long = "年初预算数100万元，全年执行数90万元，" + "其中" * 70 + "。"
    rep = parse("四、绩效目标实现情况分析", "（一）部门资金情况分析", long)
    assert placed(rep) == [("funds_compliance", long)]  # 160 characters or more: the clerk's own paragraph


def test_the_indicator_analysis():
    rep = parse("四、绩效目标实现情况分析", "（二）部门绩效指标完成情况分析", "总体完成较好。", "产出指标：完成演出120场。",
                "1.效益指标情况分析", "群众满意。", "社会效益情况：影响扩大。", "2.满意度", "满意度95%。")
    assert [(p.attr, p.key, p.parent, p.text) for p in rep.paragraphs] == [
        ("", "", "", "总体完成较好。"), ("analysis", "产出指标", "", "完成演出120场。"),
        ("analysis", "效益", "", "群众满意。"), ("analysis", "社会效益", "效益", "影响扩大。"),
        ("analysis", "满意度", "", "满意度95%。")]
    assert ("block", "1.效益指标情况分析") in rep.outline and ("block", "2.满意度") in rep.outline
    assert rep.warnings == ["“总体完成较好。…”在“绩效指标完成情况分析”中没有对应的指标，已放入文字材料“未归类”，请移到对应栏目或删除"]


def test_xlperfs_own_score_line_in_the_analysis_is_read_not_kept():
    rep = parse("四、绩效目标实现情况分析", "（二）部门绩效指标完成情况分析", "1.产出指标", "产出指标分值30分，得分28分，得分率93.33%。")
    assert [(s.name, s.weight, s.score, s.level) for s in rep.scores] == [("产出指标", 30, 28, 2)]
    assert placed(rep) == []


def test_problems_and_measures_under_their_sub_headings_in_five():
    rep = parse("五、发现的主要问题和改进措施", "总体上问题不多。", "一是人员偏少。", "（一）存在的主要问题", "1.人员不足。",
                "（二）改进措施", "一是加强培训。", "（2）完善制度。")
    assert placed(rep) == [("section5", "总体上问题不多。"), ("section5", "一是人员偏少。"), ("problems", "人员不足。"),
                           ("measures", "加强培训。"), ("measures", "（2）完善制度。")]
    assert rep.problems_section == "五"


def test_problems_in_six_are_the_default_place():
    rep = parse("六、绩效自评结果拟应用和公开情况", "（一）存在的问题", "1.人员不足。", "（二）结果应用", "将在决算中公开。")
    assert placed(rep) == [("problems", "人员不足。"), ("application", "将在决算中公开。")]
    assert rep.problems_section == "六"


def test_no_problems_no_place():
    rep = parse("六、绩效自评结果拟应用和公开情况", "将在决算中公开。")
    assert rep.problems_section == ""


def test_items_of_seven_and_numbered_lines_of_sections_without_sub_sections():
    rep = parse("二、绩效自评工作开展情况", "1.成立小组。", "2.逐项打分。", "七、绩效自评工作的经验、问题和建议",
                "提前谋划是关键。", "二是建议加强培训。", "八、其他需要说明的问题", "无。")
    assert placed(rep) == [("process", "1.成立小组。"), ("process", "2.逐项打分。"), ("experience", "提前谋划是关键。"),
                           ("suggestions", "建议加强培训。"), ("other", "无。")]


# --------------------------------------------------------------------------- sub-sections numbered 1. 2.


def test_sub_sections_numbered_like_items_under_one():
    rep = parse("一、基本情况", "1.部门职能", "负责群众文化工作。", "2.年度绩效目标", "整体绩效目标：完成演出任务。", "3.其他",
                "另有说明。", "二、绩效自评工作开展情况", "1.成立小组。")
    assert [k for k, _ in rep.outline] == ["s1", "s1_1", "s1_2", "", "s2"]
    assert placed(rep) == [("duty_goals", "负责群众文化工作。"), ("overall_goal", "完成演出任务"), ("", "另有说明。"),
                           ("process", "1.成立小组。")]


def test_a_first_item_naming_no_sub_section_is_an_item():
    rep = parse("一、基本情况", "1.组织开展群众文化活动", "2.繁荣文艺创作", "负责群众文化工作。")
    # “1.组织开展…” names no sub-section of 一、: an item of its first sub-section, and so is what follows
    assert rep.outline == [("s1", "一、基本情况")]
    assert placed(rep) == [("duty_goals", "1.组织开展群众文化活动"), ("duty_goals", "2.繁荣文艺创作"),
                           ("duty_goals", "负责群众文化工作。")]


ANALYSIS = ("四、绩效目标实现情况分析", "1.绩效指标完成情况", "产出指标：完成演出120场。")


def test_the_next_digit_sub_section_after_the_analysis():
    rep = parse(*ANALYSIS, "2.资金使用情况", "资金按进度拨付。")
    assert [k for k, _ in rep.outline] == ["s4", "s4_2", "s4_1"]
    assert placed(rep) == [("analysis", "完成演出120场。"), ("funds_compliance", "资金按进度拨付。")]


@pytest.mark.parametrize("line, why", [
    ("3.资金使用情况", "3. does not follow 1."),
    ("2.预算执行情况", "预算执行 is an indicator of the rules"),
    ("2.资金管理指标", "指标 names an indicator"),
    ("2.完成情况", "the words name the analysis itself"),
])
def test_an_indicator_block_under_the_analysis(line, why):
    rep = parse(*ANALYSIS, line, "专款专用。", indicators=("预算执行",))
    assert [k for k, _ in rep.outline] == ["s4", "s4_2", "block"], why
    assert rep.paragraphs[-1].attr == "analysis", why


def test_digit_sub_sections_under_the_analysis_need_the_numbering_of_one():
    """四、 whose sub-sections are （一）（二）: a 2. under （二） is an indicator block, whatever its words."""
    rep = parse("四、绩效目标实现情况分析", "（二）绩效指标完成情况", "1.产出指标", "完成演出。", "2.资金使用情况", "拨付及时。")
    assert [k for k, _ in rep.outline] == ["s4", "s4_2", "block", "block"]
    assert [(p.attr, p.key) for p in rep.paragraphs] == [("analysis", "产出"), ("analysis", "资金使用")]


def test_loose_headings_and_their_run_in_text():
    rep = parse("一、基本情况。", "（一）部门职能：负责群众文化工作。", "（二）部门资金情况分析。", "（一）加强学习，提高认识。")
    assert rep.outline == [("s1", "一、基本情况"), ("s1_1", "（一）部门职能")]
    assert placed(rep) == [("duty_goals", "负责群众文化工作。"), ("duty_goals", "（二）部门资金情况分析。"),
                           ("duty_goals", "（一）加强学习，提高认识。")]
    assert rep.headings_seen == ["一、基本情况。", "（一）部门职能：负责群众文化工作。", "（二）部门资金情况分析。",
                                 "（一）加强学习，提高认识。"]


@pytest.mark.parametrize("line, goal", [("部门年度整体绩效目标是：完成演出任务。", "完成演出任务"),
                                        ("年度整体绩效目标为:完成演出任务", "完成演出任务"),
                                        ("整体绩效目标：完成演出任务。", "完成演出任务"),
                                        ("部门整体绩效目标是完成演出任务。", "完成演出任务")])
def test_the_overall_goal_in_every_wording(line, goal):
    assert placed(parse("一、基本情况", "（二）绩效目标", line)) == [("overall_goal", goal)]


def test_a_sentence_about_the_goal_is_no_goal():
    rep = parse("一、基本情况", "（二）绩效目标", "整体绩效目标完成情况良好。")
    assert placed(rep) == [("", "整体绩效目标完成情况良好。")]


# --------------------------------------------------------------------------- tables and figures in the body


def test_a_budget_table_in_the_funds_section_gives_figures_not_text():
    rep = parse("四、绩效目标实现情况分析", "（一）部门资金情况分析", "项目\t年初预算数\t全年预算数\t全年执行数",
                "合计\t100\t110\t99", "资金使用合规。")
    assert (rep.figures["budget.initial"], rep.figures["budget.adjusted"], rep.figures["budget.executed"]) == (100, 110, 99)
    assert placed(rep) == [("funds_compliance", "资金使用合规。")]


def test_a_table_ended_by_a_heading_gives_its_figures():
    rep = parse("二、绩效自评工作开展情况", "项目\t年初预算数\t全年预算数\t全年执行数", "合计\t100\t110\t99",
                "三、综合评价结论", "项目\t年初预算数\t全年预算数\t全年执行数", "合计\t100\t120\t99")
    # two tables, each ended (by the heading, by the report's end): 全年预算数 stated 110 and 120 is left blank
    assert "budget.adjusted" not in rep.figures
    assert rep.figures["budget.initial"] == 100


def test_a_self_table_row_in_the_body_is_read_not_kept():
    rep = parse("二、绩效自评工作开展情况", "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分",
                "产出指标\t数量指标\t演出场次\t≥100场\t120场\t20\t20", "成立小组。", "产出指标\t数量指标\t观众\t1万\t2万\t10\t10")
    assert [x.name for x in rep.selftable.leaves] == ["演出场次"]  # a line of prose ends the table
    assert placed(rep) == [("process", "成立小组。"), ("process", "产出指标\t数量指标\t观众\t1万\t2万\t10\t10")]


def test_figures_in_prose_anywhere():
    rep = parse("二、绩效自评工作开展情况", "年初预算数为100万元，全年执行数为90万元。")
    assert (rep.figures["budget.initial"], rep.figures["budget.executed"]) == (100, 90)


def test_under_a_sub_heading_numbered_lines_are_items_not_sub_sections():
    rep = parse("一、基本情况", "（一）部门职能", "1.整体绩效目标", "2.组织开展活动")
    assert rep.outline == [("s1", "一、基本情况"), ("s1_1", "（一）部门职能")]
    assert placed(rep) == [("duty_goals", "1.整体绩效目标"), ("duty_goals", "2.组织开展活动")]


def test_a_score_table_before_the_first_heading_is_read():
    rep = parse("指标\t分值\t得分", "决策\t20\t18", "一、基本情况", "负责群众文化工作。")
    assert [(s.name, s.weight, s.score) for s in rep.scores] == [("决策", 20, 18)]
    assert placed(rep) == [("duty_goals", "负责群众文化工作。")]


def test_two_score_tables_with_text_between():
    rep = parse("三、综合评价结论", "指标\t分值\t得分", "决策\t20\t18", "各项指标得分情况如下：", "指标\t分值\t得分", "过程\t30\t27")
    assert [(s.name, s.score) for s in rep.scores] == [("决策", 18), ("过程", 27)]


def test_xlperfs_budget_sentence_right_under_four_is_left_out():
    rep = parse("四、绩效目标实现情况分析", "年初预算数100万元，全年执行数90万元，执行率90%。", "资金使用合规。")
    assert placed(rep) == [("funds_compliance", "资金使用合规。")]


@pytest.mark.parametrize("length, kept", [(159, False), (160, True)])
def test_a_budget_sentence_of_160_characters_is_the_clerks(length, kept):
    head = "年初预算数100万元，全年执行数90万元，"
    text = head + "其" * (length - len(head) - 1) + "。"
    assert len(text) == length
    rep = parse("四、绩效目标实现情况分析", "（一）部门资金情况分析", text)
    assert placed(rep) == ([("funds_compliance", text)] if kept else [])


def test_an_unplaced_paragraph_is_quoted_to_sixteen_characters():
    text = "本报告依据自评办法编写而成，共分八个部分，附表三张。"
    rep = parse(text, "一、基本情况")
    assert rep.warnings == [f"“{text[:16]}…”在第一个标题之前，已放入文字材料“未归类”，请移到对应栏目或删除"]
    assert text[:16] == "本报告依据自评办法编写而成，共分"


def test_an_analysis_paragraph_stating_a_score_gives_a_level2_score():
    rep = parse("四、绩效目标实现情况分析", "（二）部门绩效指标完成情况分析", "投入管理：分值20分，得分18分，得分率90%。")
    assert [(s.name, s.weight, s.score, s.level) for s in rep.scores] == [("投入管理", 20, 18, 2)]


# --------------------------------------------------------------------------- other outlines


def unit_format(*lines: str):
    return parse_report(["某县文化馆2022年度部门单位整体支出绩效自评报告", *lines], load_outline("部门单位整体支出"))


def test_the_analysis_sections_own_text_before_its_first_block():
    rep = unit_format("二、绩效实现情况", "（一）履职完成情况", "全年完成各项任务。", "产出指标：完成演出120场。")
    assert [(p.attr, p.key, p.text) for p in rep.paragraphs] == [("completion", "", "全年完成各项任务。"),
                                                                ("analysis", "产出指标", "完成演出120场。")]


def test_a_numbered_sections_items_lose_their_numbers():
    rep = unit_format("四、存在的问题和改进措施", "（一）存在的问题", "1.人员不足。", "（二）改进措施", "一是加强培训。",
                      "（1）完善制度。", "3、加强监督。")
    assert placed(rep) == [("problems", "人员不足。"), ("measures", "加强培训。"), ("measures", "（1）完善制度。"),
                           ("measures", "加强监督。")]


def _part(id, number, words, *blocks):
    """A section found by its own words (its only synonym)."""
    return section(id, number, words, *blocks, synonyms=[words])


OWN = outline_toml("试用",
                   _part("a", "一、", "目标", {"kind": "goal"}, {"field": "goal_note", "label": "目标说明"}),
                   _part("b", "二、", "资金", {"kind": "funds"}),
                   _part("c", "三、", "得分", {"kind": "score_table"}),
                   _part("d", "四、", "分析", {"kind": "analysis"}),
                   _part("f", "六、", "结论", {"kind": "conclusion"}),
                   _part("e", "五、", "附注", {"kind": "value", "value": "narrative.disclosure"}),
                   description="测试提纲", empty="无。", problem_slots=["二"], default_slot="二")


@pytest.fixture(scope="module")
def own(tmp_path_factory):
    path = tmp_path_factory.mktemp("outline") / "own.toml"
    path.write_text(OWN, encoding="utf-8")
    return load_outline(path)


def test_an_outline_whose_sections_lack_text_columns(own):
    rep = parse_report([TITLE, "一、目标", "整体绩效目标：完成演出。", "另有说明。", "二、资金", "年初预算数100万元，全年执行数90万元。",
                        "资金使用合规。", "三、得分", "指标\t分值\t得分", "决策\t20\t18", "全年工作扎实。",
                        "四、分析", "1.产出指标", "完成演出。", "五、附注", "本年无其他事项。", "六、结论", "全年工作扎实。"], own)
    assert placed(rep) == [("overall_goal", "完成演出"), ("goal_note", "另有说明。"), ("", "资金使用合规。"),
                           ("", "全年工作扎实。"), ("analysis", "完成演出。"), ("", "本年无其他事项。"), ("", "全年工作扎实。")]
    assert [(s.name, s.score) for s in rep.scores] == [("决策", 18)]
    assert rep.warnings == [
        "“资金使用合规。…”在“二、资金”中未能对应栏目，已放入文字材料“未归类”，请移到对应栏目或删除",
        "“全年工作扎实。…”在“三、得分”中（该部分由程序根据得分生成），已放入文字材料“未归类”，请移到对应栏目或删除",
        "“本年无其他事项。…”未能对应到文字材料的栏目，已放入文字材料“未归类”，请移到对应栏目或删除",
        "“全年工作扎实。…”在“六、结论”中（该部分由程序根据得分生成），已放入文字材料“未归类”，请移到对应栏目或删除"]
