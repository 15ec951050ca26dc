"""Edges of the pure domain outside the scoring core — targets, agree, narrative_checks, validate — that
`make mutate` found untested (issue 19), and the survivors argued equivalent.

Expected values come from SCORING.md (the directions a written target implies, the 0–满分 range of a score, the
0–100 % range of a rate), the messages the clerk sees, and hand arithmetic written next to each assertion.

Survivors judged equivalent: none left in agree, narrative_checks and validate (session 7, s7g: every mutant killed,
docs/mutation.md).  The ones argued here before are gone with the code that made them — agree.same_number now lets
to_decimal refuse a blank and text and take a Decimal as it is (no second blank test, no isinstance), compare's
Problems take their default severity (no ``ERROR`` argument to drop), narrative_checks reads its ``str`` texts
without an ``or ""``, validate.check's result is the one its review gets (test_the_text_review_gets_the_result_check_
returns), and _check_previous's 如指…% hint is bounded by the rate's sign, not by 1.  Nor in targets: parse_written and
native_readable read a missing text as ``str(None)`` (no number either) instead of ``text or ""``, and a bare
percentage's unit is ``"%" + group 3`` (which is "" when nothing follows) without a branch.

The edge tests below still show the answers those versions would have given.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlperf.domain.targets import Written, native_readable, parse_written


# ------------------------------------------------------------------ targets


@pytest.mark.parametrize("text", [None, "", "   "])
def test_a_missing_text_is_no_number(text):
    assert parse_written(text) is None
    assert native_readable(text, "") is False and native_readable(text, "个") is False


def test_a_percentage_without_a_unit_after_it_has_the_unit_percent():
    assert parse_written("90%") == Written(D("0.9"), "", False, "%")
    assert parse_written("≥90%以上") == Written(D("0.9"), "正向", True, "%")
    assert parse_written("90%个") == Written(D("0.9"), "", False, "%个")


# ------------------------------------------------------------------ agree


def test_a_blank_sheet_cell_never_equals_an_engine_figure():
    from xlperf.domain.agree import same_number

    # blank (None or "") equals only a missing engine figure; against a figure it is a difference
    assert same_number("", D(1), 2) is False and same_number(None, D(1), 2) is False
    assert same_number("", None, 2) is True and same_number(None, None, 2) is True
    assert same_number("XXXX", D(1), 2) is False  # text is no number either


def test_a_decimal_shown_is_compared_as_it_is():
    from xlperf.domain.agree import same_number
    from xlperf.domain.numbers import to_decimal

    assert to_decimal(D("24.4049")) == D("24.4049")
    assert same_number(D("0.2440"), D("0.2419"), 4) is False  # 24.40 % against 24.19 %: a difference
    assert same_number(D("0.24185"), D("0.2419"), 4) is True  # 0.24185 rounds half up to 0.2419


def test_a_problem_is_an_error_unless_it_says_otherwise():
    from xlperf.domain.problems import ERROR, Problem

    assert Problem("总评!C9", "总分", "表中显示90，程序计算为91").severity == ERROR


# ------------------------------------------------------------------ narrative checks


def test_an_empty_text_names_no_stale_year():
    from xlperf.app.load import load_example
    from xlperf.domain.narrative_checks import stale_years

    ev = load_example()
    ev.narrative.analysis = {"预算和财务管理": ""}
    ev.narrative.overall_goal = ""
    assert stale_years(ev) == []
    ev.narrative.overall_goal = "2020年全年完成任务。"  # the example is the 2021 form: 2020 is last year
    assert [p.label for p in stale_years(ev)] == ["年度整体绩效目标"]


# ------------------------------------------------------------------ validate: where a problem is shown


def test_a_problem_without_its_own_cell_is_shown_at_the_indicators_row_else_by_name():
    from xlperf.app.load import load_example
    from xlperf.domain.profiles import load_profile
    from xlperf.domain.validate import check

    ev = load_example()
    ind = next(i for i in ev.walk() if i.name == "工作目标合理性")
    ind.weight = D(0)
    ind.sources = {"row": "指标评分!A7"}  # the reader knows the row, not the 分值 cell
    _, problems = check(ev, load_profile(None))
    mine = [p for p in problems if p.message == "“工作目标合理性”的分值须大于0"]
    assert [p.where for p in mine] == ["指标评分!A7"]
    ind.sources = {}  # nothing known: the sheet and the indicator's name
    _, problems = check(ev, load_profile(None))
    assert [p.where for p in problems if p.message == "“工作目标合理性”的分值须大于0"] == ["指标评分：工作目标合理性"]


def test_check_passes_the_text_review_its_result_and_keeps_what_it_finds():
    from xlperf.app.load import load_example
    from xlperf.domain.problems import WARNING, Problem
    from xlperf.domain.profiles import load_profile
    from xlperf.domain.validate import check

    seen = []

    def review(result):
        seen.append(result.total)
        return [Problem("文字材料!C9", "文字材料", "占位符{细化率}没有数据", WARNING)]

    res, problems = check(load_example(), load_profile(None), review)
    assert seen == [D(91)] and res.total == D(91)  # the example's total, worked by hand (test_agree_precision)
    assert [p.where for p in problems if p.message == "占位符{细化率}没有数据"] == ["文字材料!C9"]
    ev = load_example()
    ev.previous.total = D(101)  # an error, found after the review's warning: still listed first
    _, problems = check(ev, load_profile(None), review)
    assert [p.severity for p in problems] == ["错误"] + ["警告"] * (len(problems) - 1)


def test_the_text_review_gets_the_result_check_returns():
    """app/check keeps the report context its review builds from the result: it must be the result check returns,
    not a second scoring of the same evaluation."""
    from xlperf.app.load import load_example
    from xlperf.domain.profiles import load_profile
    from xlperf.domain.validate import check

    seen = []
    res, _ = check(load_example(), load_profile(None), lambda result: seen.append(result) or [])
    assert len(seen) == 1 and seen[0] is res


def test_figures_in_validation_messages_have_at_most_four_places():
    from xlperf.app.load import load_example
    from xlperf.domain.profiles import load_profile
    from xlperf.domain.validate import check

    ev = load_example()
    ev.previous.total = D("100.00005")  # above 满分 100; 100.00005 rounded half up to 4 places is 100.0001
    _, problems = check(ev, load_profile(None))
    assert [p.message for p in problems if p.label == "上年总分"] == ["应在0-100之间，现为100.0001"]


def _exec_warnings(ev):
    from xlperf.domain.profiles import load_profile
    from xlperf.domain.validate import check

    return [p.message for p in check(ev, load_profile(None))[1] if p.label == "执行率说明"]


def test_a_low_execution_rate_is_explained_by_the_budget_indicators_deviation_reason():
    from xlperf.app.load import load_example

    # 执行率 1770.59 / 7319.56 = 24.19 % is below the rules' 90 %: a reason is needed, in 执行率说明 or in the
    # 偏差原因 of the level-1 indicator the rules mark as the budget one (预算执行)
    warning = "预算执行率24.2%，低于90%，请说明原因"
    ev = load_example()
    ev.budget.exec_reason = ""
    assert _exec_warnings(ev) == []  # 预算执行's 偏差原因 explains it
    ev.indicators[0].deviation_reason = ""
    assert _exec_warnings(ev) == [warning]
    ev.indicators[1].deviation_reason = "年底资金未拨付"  # 投入管理 is not the budget indicator
    assert _exec_warnings(ev) == [warning]
    ev = load_example()
    ev.budget.exec_reason = ""
    ev.indicators[0].name = "预算管理"  # no level-1 indicator is the rules' budget one: nothing explains it
    assert _exec_warnings(ev) == [warning]


def test_last_years_year_must_be_before_this_years_at_its_cell():
    from xlperf.app.load import load_example
    from xlperf.domain.profiles import load_profile
    from xlperf.domain.validate import check

    ev = load_example()
    ev.previous.year = 2021  # the form's own year
    ev.previous.sources = {"year": "预算资金!C30"}
    problems = [p for p in check(ev, load_profile(None))[1] if p.label == "上年年度"]
    assert [(p.where, p.message, p.severity) for p in problems] == [("预算资金!C30", "应早于本年度2021，现为2021", "错误")]


@pytest.mark.parametrize("grade, warned", [("较好", True), ("良", False), ("", False)])
def test_last_years_grade_outside_the_rules_is_a_warning_at_its_cell(grade, warned):
    from xlperf.app.load import load_example
    from xlperf.domain.profiles import load_profile
    from xlperf.domain.validate import check

    ev = load_example()
    ev.previous.grade = grade
    ev.previous.sources = {"grade": "预算资金!C31"}
    problems = [(p.where, p.message, p.severity) for p in check(ev, load_profile(None))[1] if p.label == "上年等级"]
    # the 河南2021 rules grade 优 / 良 / 中 / 差 (SCORING.md)
    assert problems == ([("预算资金!C31", "“较好”不是评分规则中的等级（优、良、中、差），报告只写“由…变为…”，不比较高低",
                          "警告")] if warned else [])
    ev.previous.sources = {}  # no known cell: the sheet it is typed on
    assert [p.where for p in check(ev, load_profile(None))[1] if p.label == "上年等级"] == (["预算资金"] if warned else [])
