"""What a report's first lines say about it (xlperf/importer/cover.py), by hand-written titles and cover pages.

Fast unit tests (issue 19: the module was judged only through whole imports).  Each expected unit, year and kind is
what the title or cover under test writes (README “单位和年度”, “报告类别”): a placeholder such as （公章） or XXX is no
unit, a date of filing or a document number gives no year.

Survivors of `make mutate MODULE=xlperf/importer/cover.py` argued equivalent (mutmut's names):

* (none yet)
"""

from __future__ import annotations

import pytest

from xlperf.importer.cover import body_years, clean_unit, kind_of, read_front, unit_of


@pytest.mark.parametrize("value, unit", [
    ("郑州市财政局", "郑州市财政局"),
    ("某局（公章）", "某局"),
    ("（盖章）郑州市财政局", "郑州市财政局"),
    ("郑州市 财政局。", "郑州市财政局"),
    ("中共郑州市金水区委组织部  填报人：张三", "中共郑州市金水区委组织部"),
    ("郑州市财政局 联系电话：123", "郑州市财政局"),
    ("XXX", ""), ("ＸＸ", ""), ("（公章）", ""), ("____", ""), ("某", ""), ("abc", ""),
    ("郑州市财政局报告", ""),  # a title, not a name
    ("联系人张三李四", ""),
    ("字" * 40, "字" * 40),
    ("字" * 41, ""),
])
def test_a_units_name_from_a_cover_field(value, unit):
    assert clean_unit(value) == unit


@pytest.mark.parametrize("title, kind", [
    ("项目支出绩效自评表", "自评表"),
    ("某局部门整体支出绩效自评报告", "部门整体"),
    ("某局项目支出绩效自评报告", "项目支出"),
    ("某局培训经费绩效自评报告", "项目支出"),
    ("某局专项资金绩效自评报告", "项目支出"),
    ("某局房租补助绩效自评报告", "项目支出"),
    ("某局部门预算绩效报告", "部门整体"),
    ("某局单位支出绩效评价报告", "部门整体"),
    ("某局部门绩效报告", "部门整体"),
    ("某局绩效报告", ""),
])
def test_the_kind_a_title_names(title, kind):
    assert kind_of(title) == kind


@pytest.mark.parametrize("title, unit", [
    ("郑州市财政局2021年度部门整体支出绩效自评报告", "郑州市财政局"),
    ("2024年南县自然资源局部门整体支出绩效自评报告", "南县自然资源局"),
    ("惠州市交通运输局2021部门整体支出绩效自评报告", "惠州市交通运输局"),
    ("郑州市财政局（2021年）项目支出绩效自评报告", "郑州市财政局"),
    ("郑州市财政局部门整体支出绩效自评报告", "郑州市财政局"),
    ("郑州市财政局关于2021年度部门整体绩效自评的报告", "郑州市财政局"),
    ("关于2021年度部门整体绩效自评的报告", ""),
    ("2021年度部门整体支出绩效自评报告", ""),
])
def test_the_unit_a_title_names(title, unit):
    assert unit_of(title) == unit


def test_a_title_over_two_lines_with_its_cover():
    front = read_front(["郑州市财政局", "2021年度部门整体支出绩效自评报告", "填报单位：（公章）", "填报日期：2022年5月20日",
                        "一、基本情况"], 4)
    assert (front.unit, front.year, front.kind, front.title) == ("郑州市财政局", 2021, "部门整体",
                                                                 "郑州市财政局2021年度部门整体支出绩效自评报告")
    assert front.said_report and front.used == {0, 1, 2, 3} and front.notes == []


def test_a_project_report_with_its_subject_and_a_preamble_on_the_title_line():
    front = read_front(["部门（单位）全称：某某局", "评价年度：2020年", "某局项目支出绩效自评报告（培训经费）为进一步规范",
                        "项目名称：培训经费"], 4)
    assert (front.unit, front.year, front.kind, front.project) == ("某局", 2020, "项目支出", "培训经费")
    assert front.rest == {2: "为进一步规范"} and front.used == {0, 1, 3}
    assert front.notes == ["封面“部门（单位）全称：某某局”没有写出单位名称，未作为单位名称导入"]


def test_a_year_on_its_own_line_and_a_cover_unit():
    front = read_front(["单位名称：郑州市财政局", "部门整体支出绩效自评报告", "（2021年度）", "联系人：张三"], 4)
    assert (front.unit, front.year, front.title) == ("郑州市财政局", 2021, "部门整体支出绩效自评报告（2021年度）")
    assert front.used == {0, 1, 2, 3}


def test_a_year_after_a_date_of_filing_is_not_the_reports():
    front = read_front(["2022年5月20日", "（2021年度）", "评价年度：2021"], 3)
    assert front.year is None and front.used == {0, 2}  # the date line and the field: cover lines
    front = read_front(["报送日期：2022年5月", "（2021年度）"], 2)
    assert front.year is None


def test_a_cover_year_field_and_an_unfilled_unit():
    front = read_front(["自评年度：2021年", "年度：2020", "填报单位：XXX", "部门名称：某局"], 4)
    assert (front.year, front.unit) == (2021, "某局")  # the first year stays; a later field names the unit
    assert front.notes == ["封面“填报单位：XXX”没有写出单位名称，未作为单位名称导入"]
    assert not front.said_report


def test_only_the_lines_before_the_first_heading_and_at_most_thirty_are_read():
    assert read_front(["某局部门整体支出绩效自评报告"], 0).title == ""
    assert read_front([""] * 30 + ["某局部门整体支出绩效自评报告"], 31).title == ""
    assert read_front([""] * 29 + ["某局部门整体支出绩效自评报告"], 31).title == "某局部门整体支出绩效自评报告"


def test_a_sentence_naming_a_report_is_no_title():
    front = read_front(["根据要求，我局开展了部门整体支出绩效自评报告工作。"], 1)
    assert front.title == "" and front.said_report


def test_years_named_in_the_text():
    assert body_years(["2021年完成", "〔2022〕3号", "2023年5月", "2020 年度", "12021年", "2021年与2019年"]) == {
        2021: 2, 2020: 1, 2019: 1}
