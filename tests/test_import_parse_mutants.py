"""What parse_report (xlperf/importer/parse.py) makes of a whole short report beyond where its lines go (that is
tests/test_import_walker_mutants.py): the opening lines kept for a refusal, the year when the title and the body
disagree (counts written out in the test), the report's kind from its headings or its 自评表, and what a 自评表 states
(unit, total, 预算执行率's score).

Every report is a few hand-written lines; expected values are read off them by hand.

Equivalent mutants: none — every mutant of the module is killed by this file's selection (docs/mutation.md, s7c);
where mutants were equivalent the code was made simpler instead.
"""

from __future__ import annotations

from decimal import Decimal as D

from xlperf.importer.parse import parse_report

BODY = ["一、基本情况", "负责群众文化工作。", "二、绩效自评工作开展情况", "成立小组。"]


def test_the_first_five_lines_are_kept_cleaned():
    rep = parse_report(["", "  某县 文化馆2022年度部门整体绩效自评报告 ", *BODY, "三、综合评价结论"])
    assert rep.first_lines == ["某县文化馆2022年度部门整体绩效自评报告", "一、基本情况", "负责群众文化工作。",
                               "二、绩效自评工作开展情况", "成立小组。"]


def test_a_title_without_year_takes_the_year_the_body_names_most():
    rep = parse_report(["某县文化馆部门整体绩效自评报告", *BODY, "2021年完成演出。2022年计划扩建。2021年通过验收。"])
    assert rep.year == 2021
    assert rep.warnings == ["标题中没有年度，按正文中最常出现的2021年导入（2处），请核对"]


def test_no_year_anywhere_leaves_the_year_blank_without_warning():
    rep = parse_report(["某县文化馆部门整体绩效自评报告", *BODY])
    assert rep.year is None and rep.warnings == []


def test_the_title_year_stands_and_a_body_naming_another_more_often_warns():
    lines = ["某县文化馆2022年度部门整体绩效自评报告", *BODY]
    rep = parse_report(lines + ["2021年完成演出，2021年通过验收，2022年计划扩建。"])
    assert rep.year == 2022
    assert rep.warnings == ["标题写的是2022年度，正文中多处写2021年（2处），已按标题的2022年度导入，请核对"]
    # as often as the title's year: no warning (the title decides)
    rep = parse_report(lines + ["2021年完成演出，2022年计划扩建。"])
    assert rep.year == 2022 and rep.warnings == []
    # the body names only the title's year
    rep = parse_report(lines + ["2022年完成演出。"])
    assert rep.warnings == []
    # the title's own line is not the body: its 2022 is not counted against the body's one 2021
    rep = parse_report(lines + ["2021年完成演出。"])
    assert rep.warnings == ["标题写的是2022年度，正文中多处写2021年（1处），已按标题的2022年度导入，请核对"]


def test_the_kind_from_a_projects_headings():
    rep = parse_report(["某县民政局2022年度绩效自评报告", "一、项目基本情况", "补助发放。", "二、项目绩效目标", "按时发放。"])
    assert (rep.kind, rep.kind_stated) == ("项目支出", True)
    rep = parse_report(["某县民政局2022年度绩效自评报告", *BODY])
    assert (rep.kind, rep.kind_stated) == ("部门整体", False)


def test_a_title_that_states_the_kind_is_not_overruled_by_headings():
    rep = parse_report(["某县民政局2022年度部门整体绩效自评报告", "一、项目基本情况", "补助发放。"])
    assert (rep.kind, rep.kind_stated) == ("部门整体", True)


SELF_TABLE = ["项目名称\t养老服务补助", "主管部门\t某县民政局\t实施单位\t某县养老服务中心",
              "项目资金（万元）\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分", "年度资金总额\t100\t100\t90\t10\t90%\t9",
              "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因",
              "产出指标\t数量指标\t补助人数\t≥100人\t120人\t50\t50\t—", "总分\t\t\t\t\t\t90"]


def test_a_self_table_without_headings_is_a_self_table_and_states_its_figures():
    rep = parse_report(["2022年度项目支出绩效自评表", *SELF_TABLE])
    assert (rep.kind, rep.kind_stated) == ("自评表", True)
    assert rep.unit == "某县养老服务中心"  # 实施单位 before 主管部门
    assert rep.total == D(90)
    assert [(s.name, s.weight, s.score) for s in rep.scores] == [("预算执行率", D(10), D(9))]
    assert [(x.level1, x.level2, x.name, x.weight, x.score) for x in rep.selftable.leaves] == \
        [("产出指标", "数量指标", "补助人数", D(50), D(50))]
    assert not any(k.startswith("table.") for k in rep.figures)


def test_a_self_table_without_its_title_by_its_columns():
    rep = parse_report(["某县养老服务中心2022年度", *SELF_TABLE[2:]])
    assert (rep.kind, rep.kind_stated) == ("自评表", True)
    rep = parse_report(["某县养老服务中心2022年度", *SELF_TABLE[2:4]])  # amounts without indicators: no 自评表
    assert rep.kind_stated is False


def test_the_unit_in_charge_when_no_implementing_unit_is_named():
    rows = ["主管部门\t某县民政局", *SELF_TABLE[2:]]
    rep = parse_report(["2022年度项目支出绩效自评表", *rows])
    assert rep.unit == "某县民政局"
    assert not any(k.startswith("table.") for k in rep.figures)


def test_a_total_stated_in_the_text_is_not_replaced_by_the_tables():
    rep = parse_report(["某县文化馆2022年度部门整体绩效自评报告", "三、综合评价结论", "我单位2022年度部门整体绩效最终得分为88分。",
                        "一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分", "总分\t\t\t\t\t\t90"])
    assert rep.total == D(88)


def test_a_self_table_named_under_a_title_that_names_no_kind():
    """The title says only 绩效自评报告; a 自评表 named within the first eight lines makes it one, a ninth does not."""
    fill = [f"说明第{i}条。" for i in range(1, 8)]
    rep = parse_report(["某县民政局2022年度绩效自评报告", *fill[:6], "项目支出绩效自评表", "产出指标\t数量指标"])
    assert (rep.kind, rep.kind_stated) == ("自评表", True)
    rep = parse_report(["某县民政局2022年度绩效自评报告", *fill, "项目支出绩效自评表", "产出指标\t数量指标"])
    assert (rep.kind, rep.kind_stated) == ("部门整体", False)


def test_a_table_of_amounts_and_indicators_needs_both_amount_columns():
    rep = parse_report(["某县民政局2022年度绩效自评报告", "年初预算数\t全年预算数", "一级指标\t二级指标"])
    assert rep.kind_stated is False
    rep = parse_report(["某县民政局2022年度绩效自评报告", "全年执行数\t全年预算数", "一级指标\t二级指标"])
    assert rep.kind_stated is False
    rep = parse_report(["某县民政局2022年度绩效自评报告", "年初预算数\t全年执行数", "一级指标\t二级指标"])
    assert (rep.kind, rep.kind_stated) == ("自评表", True)


def test_no_unit_anywhere_is_no_unit():
    rep = parse_report(["2022年度部门整体绩效自评报告", *BODY])
    assert rep.unit == ""


def test_a_loose_heading_keeps_a_latin_letter_and_a_heading_with_a_comma_is_one_heading():
    rep = parse_report(["某县文化馆2022年度部门整体绩效自评报告", "一、基本情况", "（一）部门职能X：负责全县文化工作。",
                        "（二）整体绩效目标，完成演出", "五、短板与不足，主要是人员少。"])
    assert rep.outline == [("s1", "一、基本情况"), ("s1_1", "（一）部门职能X"), ("s1_2", "（二）整体绩效目标，完成演出")]
    # “五、短板与不足，…” names no section by its words: a loose shape counts only then, so it is text of （二）
    assert [(p.attr, p.text) for p in rep.paragraphs] == [("duty_goals", "负责全县文化工作。"),
                                                          ("", "五、短板与不足，主要是人员少。")]


def test_a_title_line_that_runs_into_the_preamble():
    rep = parse_report(["某县文化馆2022年度部门整体绩效自评报告根据县财政局要求，现将自评情况报告如下：", *BODY])
    assert rep.unit == "某县文化馆" and rep.year == 2022
    assert [(p.attr, p.text) for p in rep.paragraphs][0] == ("", "根据县财政局要求，现将自评情况报告如下：")
