"""What a report's first lines say about it (xlperf/importer/cover.py), by hand-written titles and cover pages.

Fast unit tests (issue 19: the module was judged only through whole imports).  Each expected unit, year and kind is
what the title or cover under test writes (README “单位和年度”, “报告类别”): a placeholder such as （公章） or XXX is no
unit, a date of filing or a document number gives no year.

Survivors argued equivalent: tests/test_import_cover_mutants.py.

Session 7's open clean_unit 6 (the next field replaced by “XXXX” instead of nothing, which the placeholder pattern
removed again unless an X, × or * stood right before it) is gone (session 8, s8g): the text before a next field is
taken with ``NEXT_FIELD.split(…)[0]`` — no replacement text to mutate; ``[1]`` gives the next field's remainder,
"" here (killed by “中共郑州市金水区委组织部  填报人：张三”).

Session 6's open ones (clean_unit 14, 22, 38, _short 5, read_front 20, 21, 53, 54, 144 at s7c's numbering) are killed
by the s7m tests at the end of this file; unit_of 5, 13, 14, 17 (a year or a subject word at a title's first or
second character) and _title_block 43 (the order of the lines before a title) are gone with simpler code of the same
behaviour (``if m and m.start()``, ``if cut: head = head[:cut.start()]``, ``block.append``: the block is only
marked used, a set).  The two timeouts, _title_block 50 (``j = 1``) and 84 (``k = 1``), are loops that never end
(the loop's condition no longer changes once j or k is 1 and that line is taken); re-run alone (JOBS=1) they time
out again (and again in session 8, s8g: JOBS=1, the two alone, 0.9 min).
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


# ----------------------------------------------------------------------------- survivors of the first run
def test_fewer_lines_than_the_first_heading_says():
    assert read_front(["某局部门整体支出绩效自评报告"], 5).title == "某局部门整体支出绩效自评报告"


def test_cover_lines_before_the_title_do_not_stop_the_reading():
    front = read_front(["联系人：张三", "（2021年度）", "某局部门整体支出绩效自评报告"], 3)
    assert (front.title, front.year, front.used) == ("某局部门整体支出绩效自评报告", 2021, {0, 1, 2})


def test_a_project_named_on_the_cover_keeps_its_kind_whatever_the_title_says():
    front = read_front(["项目名称：培训经费", "某局绩效自评报告"], 2)
    assert (front.kind, front.project) == ("项目支出", "培训经费")


def test_a_project_reports_subject_from_its_titles_parenthesis():
    front = read_front(["某局专项资金绩效自评报告（驻京干部房租补助经费）"], 1)
    assert (front.kind, front.project) == ("项目支出", "驻京干部房租补助经费")
    front = read_front(["某局部门整体支出绩效自评报告（2021年度）"], 1)
    assert (front.kind, front.project) == ("部门整体", "")


@pytest.mark.parametrize("size, used", [(20, True), (21, False)])
def test_a_short_date_line_is_the_covers(size, used):
    line = "报送于2022年5月20日"
    line += "。" * (size - len(line))
    assert (0 in read_front([line], 1).used) is used


@pytest.mark.parametrize("size, used", [(40, True), (41, False)])
def test_a_cover_noise_line_up_to_forty_characters(size, used):
    line = "联系人：" + "张" * (size - 4)
    assert (0 in read_front([line], 1).used) is used


@pytest.mark.parametrize("before, joined", [
    ("局", True),  # one character
    ("字" * 40, True),
    ("字" * 41, False),
    ("郑州市，财政局", False),  # punctuation: a sentence
    ("填报日期2022年5月", False),
    ("目 录", False),
    ("12", False),
])
def test_a_line_before_a_title_belongs_to_it_when_it_is_short(before, joined):
    front = read_front([before, "部门整体支出绩效自评报告"], 2)
    assert front.title == ((before if joined else "") + "部门整体支出绩效自评报告")


TITLE = "部门整体支出绩效自评报告"


def test_a_title_takes_up_to_three_short_lines_before_it_in_order():
    lines = ["封面", "中共郑州市", "金水区委", "组织部", TITLE]
    front = read_front(lines, 5)
    assert front.title == "中共郑州市金水区委组织部" + TITLE and front.used == {1, 2, 3, 4}


def test_spaces_inside_a_title_are_dropped():
    front = read_front(["郑州市 财政局", "2021 年度部门整体支出 绩效自评报告", "（ 2021 年度 ）"], 3)
    assert front.title == "郑州市财政局2021年度部门整体支出绩效自评报告（2021年度）"
    assert (front.unit, front.year) == ("郑州市财政局", 2021)


def test_a_title_takes_up_to_two_parenthesised_lines_after_it():
    front = read_front(["某局" + TITLE, "（2021年度）", "（驻京干部 房租补助）", "（第三行）"], 4)
    assert front.title == "某局" + TITLE + "（2021年度）（驻京干部房租补助）" and front.used == {0, 1, 2}
    front = read_front(["某局" + TITLE, "正文开始", "（2021年度）"], 3)
    assert front.title == "某局" + TITLE


def test_an_unfilled_cover_field_is_quoted_by_its_first_thirty_characters():
    line = "部门（单位）全称：" + "X" * 30
    assert read_front([line], 1).notes == [f"封面“{line[:30]}”没有写出单位名称，未作为单位名称导入"]


@pytest.mark.parametrize("size, title", [(60, True), (61, False)])
def test_a_title_is_at_most_sixty_characters(size, title):
    line = "字" * (size - len(TITLE)) + TITLE
    assert bool(read_front([line], 1).title) is title


# ----------------------------------------------------------------------------- session 7 (s7m): the open survivors
@pytest.mark.parametrize("value, unit", [
    ("郑州市财政局（ 公章 ）", "郑州市财政局"),  # a seal placeholder written with spaces inside is still no name
    ("X光检测中心", "X光检测中心"),  # one letter X is part of a name; only XX… is a placeholder
    ("填报人张三", ""),  # the signer's field without its colon: no unit
])
def test_a_units_name_spaced_seals_a_single_x_and_a_signer(value, unit):
    assert clean_unit(value) == unit


def test_a_blank_line_before_a_title_is_not_part_of_it():
    front = read_front(["", "郑州市财政局" + TITLE], 2)
    assert (front.title, front.used) == ("郑州市财政局" + TITLE, {1})


def test_a_cover_field_name_spaced_out_on_the_cover():
    front = read_front(["单 位 名 称：郑州市财政局"], 1)
    assert (front.unit, front.used) == ("郑州市财政局", {0})


def test_a_project_name_field_followed_by_the_contact_on_the_same_line():
    assert read_front(["项目名称：培训经费 联系人：张三"], 1).project == "培训经费"
    assert read_front(["项目名称：ABC"], 1).project == "ABC"  # no Chinese name: the field as written
    assert read_front(["项目名称：培训经费", "项目名称：会议经费"], 2).project == "培训经费"  # the first one stays


def test_a_project_subject_in_the_titles_parenthesis_starting_with_a_letter():
    front = read_front(["某医院专项资金绩效自评报告（X光机购置）"], 1)
    assert (front.kind, front.project) == ("项目支出", "X光机购置")
