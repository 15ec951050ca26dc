"""The pieces of the report's automatic sentences (xlperf/report/sentences.py) one by one, with figures written here
(issue 19): the figures of an evaluation, the 满意度 indicator's name, the 同比 changes and their “持平”, the
“三公”经费 comparison, what a read-back sentence implies.

The registered sentences are built when the module is imported, before mutmut switches a mutant on, so the helpers
that build them (``_given``, ``_and``, ``_flag``, ``_figure_change``) are also called here, on fresh sentences.
Expected values are worked out by hand in the comments (REPORTS.md §2: a change is the difference of the two
figures as printed; a 0 base is stated, not compared with), never read from the code under test.

Survivors judged equivalent: none (run recorded in docs/mutation.md).  The six of ``_satisfaction_read`` that
session 5 argued (tests/test_report_mutants.py) are gone with the checks they mutated: :meth:`Sentence.read` keeps every
figure the text states, so the reader infers without asking whether a figure was stated; so is a ``<=`` of
``_grade_derive`` between two different places in the grade table (now the sign of their difference).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal as D

import pytest

from xlperf.app.load import load_example
from xlperf.domain.evaluate import evaluate
from xlperf.domain.model import Previous
from xlperf.domain.numbers import NumberFormat
from xlperf.domain.profiles import load_profile
from xlperf.report import sentences as S
from xlperf.report.sentences import SENTENCES, figures_of, prev_name, read_all, render

F0 = NumberFormat(score_places=2, rate_places=0)  # the default rules: 24%, 91.5分
F2 = NumberFormat(score_places=2, rate_places=2)


# --------------------------------------------------------------------------- the figures of an evaluation


@pytest.mark.parametrize("year, prev_year, name", [
    (2021, 2020, "上年"), (2021, None, "上年"), (None, 2019, "上年"),
    (2021, 2019, "2019年"), (2021, 2021, "2021年"), (2021, 2022, "2022年"),
])
def test_last_year_is_named_by_its_year_unless_it_is_the_year_before(year, prev_year, name):
    assert prev_name(year, prev_year) == name


def _example(**changes):
    ev = load_example()
    for path, value in changes.items():
        obj = ev
        *parts, last = path.split(".")
        for p in parts:
            obj = getattr(obj, p)
        setattr(obj, last, value)
    return ev


def test_figures_of_an_evaluation_by_name():
    ev = _example(**{"self_name": "本部", "budget.basic": D("1200.59"), "budget.project": D("570"),
                     "budget.three_public_budget": D("5"), "budget.three_public_actual": D("4.2"),
                     "budget.three_public_prev": D("6"), "projects.dept_evaluations": 2,
                     "projects.dept_evaluations_done": 2, "satisfaction.target_text": "  ",
                     "satisfaction.achieved": D("0.95")})
    ev.previous = Previous(year=2020, total=D("88.5"), exec_rate=D("0.85"), projects_total=25, grade=" 良 ")
    result = evaluate(ev, load_profile(ev.profile or None))
    got = figures_of(ev, result)
    facts = {k: v for k, v in got.items() if k.startswith("facts.")}
    assert {k: v for k, v in got.items() if not k.startswith("facts.")} == {
        "year": 2021, "unit": "中共郑州市金水区委组织部", "kind": "部门整体", "self": "本部",
        "satisfaction_name": "服务对象满意度", "total": D(91), "grade": "优", "grades": ["优", "良", "中", "差"],
        "budget.initial": D("7319.56"), "budget.adjusted": D("1770.59"), "budget.executed": D("1770.59"),
        "budget.basic": D("1200.59"), "budget.project": D("570"), "budget.three_public_budget": D(5),
        "budget.three_public_actual": D("4.2"), "budget.three_public_prev": D(6),
        "projects.total": 29, "projects.monitored": 29, "projects.self_evaluated": 29, "projects.dept_evaluations": 2,
        "projects.dept_evaluations_done": 2,
        "satisfaction.target": D("0.9"), "satisfaction.achieved": D("0.95"),
        "satisfaction.target_text": None,  # blank text: none
        "previous.year": 2020, "previous.total": D("88.5"), "previous.exec_rate": D("0.85"),
        "previous.projects_total": 25, "previous.grade": "良"}  # the grade without its spaces
    # the facts under their names: 执行率 1770.59 ÷ 7319.56 (this profile's base: 年初), 部门评价 2 of 2
    assert facts["facts.执行率"] == D("1770.59") / D("7319.56")
    assert facts["facts.部门评价完成率"] == D(1) and facts["facts.满意度"] == D("0.95")
    assert set(facts) == {f"facts.{k}" for k in result.facts}


def test_figures_of_a_project_form_and_blank_texts():
    ev = _example(**{"satisfaction.target_text": " ≥90% "})
    ev.previous = Previous(grade="  ")
    profile = load_profile(ev.profile or None).model_copy(update={"kind": "项目支出"})
    got = figures_of(ev, evaluate(ev, profile))
    assert (got["kind"], got["satisfaction.target_text"], got["previous.grade"]) == ("项目支出", "≥90%", None)
    profile = load_profile(ev.profile or None).model_copy(update={"kind": ""})
    assert figures_of(ev, evaluate(ev, profile))["kind"] == "部门整体"  # rules that name no kind: 部门整体
    # nothing written at all: None, as a blank cell
    ev = _example(**{"satisfaction.target_text": ""})
    ev.previous = Previous()
    got = figures_of(ev, evaluate(ev, load_profile(ev.profile or None)))
    assert (got["satisfaction.target_text"], got["previous.grade"]) == (None, None)


def test_the_self_word_from_the_units_name_when_none_is_given():
    # docs/templates.md 公文写作规则: ……局 → 我局, ……部 → 本部门 (the example’s unit is …组织部)
    ev = _example(self_name="")
    result = evaluate(ev, load_profile(ev.profile or None))
    assert figures_of(ev, result)["self"] == "本部门"
    ev.unit = "郑州市金水区财政局"
    assert figures_of(ev, result)["self"] == "我局"


def test_a_grade_not_reached_is_none():
    ev = load_example()
    result = dataclasses.replace(evaluate(ev, load_profile(ev.profile or None)), grade="")
    assert figures_of(ev, result)["grade"] is None


@pytest.mark.parametrize("leaves, name", [
    # the leaf that takes the 满意度 figure names it, without a trailing 指标
    ([("家长满意度指标", "满意度")], "家长满意度"),
    ([("其他", None), ("群众满意度", "满意度")], "群众满意度"),
    # no leaf takes the figure: one whose name says 满意 names it
    ([("其他", None), ("服务群众满意度", None)], "服务群众满意度"),
    # the figure's leaf comes first, whatever the order
    ([("学生满意度", None), ("家长满意度", "满意度")], "家长满意度"),
    # a bare “满意度”, or a name that does not end in 满意度, names nobody: the default
    ([("满意度", "满意度")], "服务对象满意度"),
    ([("满意度指标", "满意度")], "服务对象满意度"),
    ([("满意情况", "满意度")], "服务对象满意度"),
    ([("其他", None)], "服务对象满意度"),
    ([(" 家长满意度 ", "满意度")], "家长满意度"),  # spaces round the name go
])
def test_satisfaction_indicator_name(leaves, name):
    ev = load_example()
    ev_leaves = list(ev.leaves())
    for leaf in ev_leaves:
        leaf.actual_ref = None
        leaf.name = "指标"
    for leaf, (text, ref) in zip(ev_leaves, leaves):
        leaf.name, leaf.actual_ref = text, ref
    assert S.satisfaction_name(ev) == name


# --------------------------------------------------------------------------- the helpers behind the sentences


def test_condition_helpers():
    given = S._given("a", "b")
    assert given({"a": 0, "b": ""}) and not given({"a": 1}) and not given({"a": None, "b": 1})
    flag = S._flag("a")
    assert flag({"a": 1}) is True and flag({"a": 0}) is False and flag({}) is False
    both = S._and(S._flag("a"), S._flag("b"))
    assert both({"a": 1, "b": 1}) and not both({"a": 1}) and not both({"b": 1})
    assert [S._sign(D(x)) for x in ("-0.01", "0", "0.01")] == [-1, 0, 1]


def test_direction_tests():
    assert S._up({"change.direction": 1}) and not S._up({"change.direction": 0})
    assert S._down({"change.direction": -1}) and not S._down({"change.direction": 0})
    assert S._same({"change.direction": 0}) and not S._same({"change.direction": None}) and not S._same({})
    assert S._based({"change.direction": 0, "change.no_base": False})
    assert not S._based({"change.direction": 1, "change.no_base": True})
    assert not S._based({"change.direction": None}) and S._based({"change.direction": -1})


def test_a_figure_change_sentence_built_afresh():
    # 总分同比's wording on two scores: 91 against 88.5 → +2.5; the same with other words for up and down
    s = S._figure_change("测试同比", "{previous.total:score}分", "{change.amount:score}分",
                         ("total", "previous.total"), S._score_derive, "多", "少")
    assert s.name == "测试同比" and s.needs == ("total", "previous.total")
    v = {"year": 2021, "total": D(91)}
    assert s.render({**v, "previous.total": D("88.5")}, F0) == "较上年（88.5分）多2.5分"
    assert s.render({**v, "previous.total": D(93)}, F0) == "较上年（93分）少2分"
    assert s.render({**v, "previous.total": D(91)}, F0) == "与上年持平"
    assert s.render({**v, "previous.total": D(0)}, F0) == "上年为0分"
    assert s.render({**v, "previous.year": 2019, "previous.total": D(93)}, F0) == "较2019年（93分）少2分"
    assert s.render({"year": 2021, "total": D(91)}, F0) is None
    # the default words: 提高 / 降低
    d = S._figure_change("测试同比", "{previous.total:score}分", "{change.amount:score}分",
                         ("total", "previous.total"), S._score_derive)
    assert d.render({**v, "previous.total": D(93)}, F0) == "较上年（93分）降低2分"
    assert d.render({**v, "previous.total": D(90)}, F0) == "较上年（90分）提高1分"
    # read back: the wording finds the figure again
    (read,) = d.read("总分较上年（88.5分）提高2.5分。")
    assert read["previous.total"] == D("88.5")


def test_change_between_printed_figures():
    v = {"year": 2021, "previous.year": 2020}
    assert S._change(v, D("80.00"), D("79.61"), 100) == {
        "since": "上年", "change.amount": D("0.0039"), "change.no_base": False, "change.direction": 1}
    assert S._change(v, D("5"), D("7")) == {
        "since": "上年", "change.amount": D(2), "change.no_base": False, "change.direction": -1}
    assert S._change({"year": 2021, "previous.year": 2018}, D("5"), D("0")) == {
        "since": "2018年", "change.amount": D(5), "change.no_base": True, "change.direction": None}
    assert S._change(v, D("5"), D("5"))["change.direction"] == 0


@pytest.mark.parametrize("now, prev, f, expected", [
    # 执行率 in points between the rates as printed: 80.00 − 79.61 = 0.39
    ("0.8", "0.7961", F2, "较上年（79.61%）提高0.39个百分点"),
    ("0.8", "0.8039", F2, "较上年（80.39%）降低0.39个百分点"),
    ("0.8", "0.79995", F2, "与上年持平"),  # 79.995 prints 80.00
    ("0.8", "0.7961", F0, "与上年持平"),  # whole percents: 80 and 80
    ("0.8", "0.7949", F0, "较上年（79%）提高1个百分点"),
    ("0.8", "0", F2, "上年为0.00%"),
])
def test_exec_rate_change(now, prev, f, expected):
    v = {"year": 2021, "facts.执行率": D(now), "previous.exec_rate": D(prev)}
    assert render("执行率同比", v, f) == expected


@pytest.mark.parametrize("prev, grade, grades, expected", [
    ("良", "优", ["优", "良", "中", "差"], "等级由“良”提升为“优”"),
    ("优", "良", ["优", "良", "中", "差"], "等级由“优”下降为“良”"),
    ("中", "中", ["优", "良", "中", "差"], "与上年同为“中”"),
    ("良好", "优", ["优", "良", "中", "差"], "等级由“良好”变为“优”"),  # last year's grade is not in this table
    ("良", "优秀", ["优", "良", "中", "差"], "等级由“良”变为“优秀”"),
    ("良", "优", [], "等级由“良”变为“优”"),  # no table: no up or down
])
def test_grade_change(prev, grade, grades, expected):
    v = {"year": 2021, "grade": grade, "previous.grade": prev, "grades": grades}
    assert render("等级同比", v, F0) == expected


def test_grade_change_figures():
    d = S._grade_derive({"year": 2021, "previous.year": 2019, "grade": "优", "previous.grade": "良",
                         "grades": ["优", "良"]}, F0)
    assert d == {"since": "2019年", "change.direction": 1, "change.other": False}
    d = S._grade_derive({"year": 2021, "grade": "优", "previous.grade": "良好", "grades": ["优", "良"]}, F0)
    assert d == {"since": "上年", "change.direction": None, "change.other": True}
    d = S._grade_derive({"year": 2021, "grade": "优", "previous.grade": "优"}, F0)  # no table: the same is the same
    assert d == {"since": "上年", "change.direction": 0, "change.other": False}


@pytest.mark.parametrize("now, prev, expected", [
    (29, 25, "较上年（25个）增加4个"), (25, 29, "较上年（29个）减少4个"), (29, 29, "与上年持平"), (3, 0, "上年为0个")])
def test_projects_change(now, prev, expected):
    assert render("项目数同比", {"year": 2021, "projects.total": now, "previous.projects_total": prev}, F0) == expected


# --------------------------------------------------------------------------- “三公”经费


@pytest.mark.parametrize("actual, prev, expected", [
    # 4.2 − 5 = −0.8; 0.8 ÷ 5 = 16 %
    ("4.2", "5", "2021年“三公”经费支出4.20万元，与去年同期5.00万元比减少0.80万元，下降16%"),
    # 6 − 5 = 1; 1 ÷ 5 = 20 %
    ("6", "5", "2021年“三公”经费支出6.00万元，与去年同期5.00万元比增加1.00万元，增长20%"),
    ("5", "5", "2021年“三公”经费支出5.00万元，与去年同期5.00万元比持平"),
    # printed 5.00 and 5.00 (5.004 and 4.996 at two places): 持平
    ("5.004", "4.996", "2021年“三公”经费支出5.00万元，与去年同期5.00万元比持平"),
    ("3", "0", "2021年“三公”经费支出3.00万元，去年同期未发生“三公”经费支出"),
    ("3", "0.004", "2021年“三公”经费支出3.00万元，去年同期未发生“三公”经费支出"),  # 0.004 prints 0.00
])
def test_three_public_change(actual, prev, expected):
    v = {"year": 2021, "budget.three_public_actual": D(actual), "budget.three_public_prev": D(prev)}
    assert render("三公经费变动", v, F0) == expected


def test_three_public_change_figures():
    v = {"budget.three_public_actual": D("4.204"), "budget.three_public_prev": D("5.005")}
    # printed 4.20 and 5.01 (half up): −0.81, 0.81 ÷ 5.01
    assert S._three_public_derive(v, F0) == {"change.direction": -1, "change.amount": D("0.81"),
                                             "change.rate": D("0.81") / D("5.01"), "change.no_base": False}
    v = {"budget.three_public_actual": D(2), "budget.three_public_prev": D(0)}
    assert S._three_public_derive(v, F0) == {"change.direction": 1, "change.amount": D(2), "change.rate": None,
                                             "change.no_base": True}
    assert S._three_public_derive({"budget.three_public_actual": D(2)}, F0) == {}
    assert S._three_public_derive({"budget.three_public_prev": D(2)}, F0) == {}


@pytest.mark.parametrize("flags, actual, prev, expected", [
    ({"say.change": True, "say.actual": True}, "4.2", "5", "2021年“三公”经费实际支出4.20万元，与去年同期5.00万元比减少0.80万元，下降16%"),
    ({"say.change": True}, "4.2", "5", "2021年“三公”经费实际支出与去年同期5.00万元比减少0.80万元，下降16%"),
    ({"say.change": True, "say.actual": True}, "3", "0", "2021年“三公”经费实际支出3.00万元，去年同期未发生“三公”经费支出"),
    ({"say.change": True}, "0", "0", "2021年“三公”经费实际支出与去年同期均为零"),
    ({"say.change": True}, "3", "0", "2021年“三公”经费去年同期为零"),
    ({"say.budget": True, "say.actual": True}, "4.2", "5", "“三公”经费年初预算6.00万元，实际支出4.20万元"),
])
def test_three_public_auto(flags, actual, prev, expected):
    v = {"year": 2021, "budget.three_public_budget": D(6), "budget.three_public_actual": D(actual),
         "budget.three_public_prev": D(prev), **flags}
    assert render("三公经费", v, F0) == expected


# --------------------------------------------------------------------------- 满意度 and 绩效管理, read back


def test_satisfaction_figures():
    d = S._satisfaction_derive
    v = {"satisfaction.target": D("0.9"), "satisfaction.achieved": D("0.95")}
    assert d(v, F0) == {"shown.target_text": "≥90%", "change.direction": 1}
    assert d({**v, "satisfaction.achieved": D("0.9")}, F2) == {"shown.target_text": "≥90.00%", "change.direction": 0}
    assert d({**v, "satisfaction.achieved": D("0.85")}, F0)["change.direction"] == -1
    # the clerk's own target text wins; without a target there is no comparison
    assert d({"satisfaction.target_text": "不低于九成", "satisfaction.achieved": D("0.9")}, F0) == {
        "shown.target_text": "不低于九成"}
    assert d({"satisfaction.target_text": "", "satisfaction.achieved": D("0.9")}, F0) == {"shown.target_text": None}
    assert d({"satisfaction.target_text": "达标", **v}, F0) == {"shown.target_text": "达标", "change.direction": 1}


def test_satisfaction_sentence_states_the_target_met_or_missed():
    v = {"year": 2021, "satisfaction.target": D("0.9")}
    assert render("满意度情况", {**v, "satisfaction.achieved": D("0.9")}, F0) == \
        "2021年服务对象满意度年度指标值≥90%，完成满意度90%的目标"
    assert render("满意度情况", {**v, "satisfaction.achieved": D("0.95")}, F0) == \
        "2021年服务对象满意度年度指标值≥90%，实际满意度95%，完成满意度90%的目标"
    assert render("满意度情况", {**v}, F0) is None  # no figure achieved: nothing said


def test_read_back_implies_figures():
    r = S._satisfaction_read
    assert r({"satisfaction.target": D("0.9")}) == {"satisfaction.achieved": D("0.9")}
    assert r({"shown.target_text": "≥92.5％"}) == {"satisfaction.target_text": "≥92.5％",
                                                   "satisfaction.target": D("0.925")}
    assert r({"shown.target_text": "≥90%"}) == {"satisfaction.target_text": "≥90%", "satisfaction.target": D("0.9")}
    assert r({"shown.target_text": "达到良好"}) == {"satisfaction.target_text": "达到良好"}
    assert r({"shown.target_text": "90"}) == {"satisfaction.target_text": "90"}  # no % sign: no rate
    assert r({}) == {}
    # 部门评价: the count done is the count × 完成率 (4 × 75 % = 3); without either, nothing
    p = S._perf_read
    assert p({"projects.dept_evaluations": 4, "facts.部门评价完成率": D("0.75")}) == {
        "projects.dept_evaluations_done": 3}
    assert p({"projects.dept_evaluations": 4}) == {} and p({"facts.部门评价完成率": D("0.75")}) == {}


def test_indicator_score_and_shortfall_write_a_dash_for_a_figure_not_computed():
    v = {"name": "预算执行", "weight": D(10), "score": D(3), "rate": D("0.3")}
    assert render("指标得分", v, F0) == "预算执行分值10分，得分3分，得分率30%"
    assert render("未得满分", v, F0) == "预算执行：分值10分，得分3分，得分率30%"
    assert render("未得满分", {"name": "预算执行", "weight": D(10)}, F0) == "预算执行：分值10分，得分—分，得分率—"
    assert S._scored({"weight": D(1), "score": None}, F0) == {"weight": D(1), "score": "—", "rate": "—"}


def test_final_score_and_grade():
    v = {"year": 2021, "kind": "部门整体", "self": "我局"}
    assert render("最终得分", {**v, "total": D("91.5")}, F0) == "我局2021年部门整体绩效最终得分为91.5分"
    assert render("最终得分", v, F0) == "我局2021年部门整体绩效最终得分为—分"
    assert render("评价等级", {**v, "grade": "优"}, F0) == "我局整体绩效评价等级为“优”"


def test_read_all_keeps_the_first_statement_of_each_figure():
    text = ("2021年我单位共有项目29个，开展绩效监控项目28个，部门整体绩效自评已完成。"
            "2022年我单位共有项目30个，开展绩效监控项目27个，部门整体绩效自评已完成。"
            "“三公”经费年初预算5.00万元，实际支出4.20万元。")
    got = read_all(text)
    assert (got["projects.total"], got["projects.monitored"], got["year"]) == (29, 28, 2021)
    assert (got["budget.three_public_budget"], got["budget.three_public_actual"]) == (D(5), D("4.2"))
    assert read_all("全年工作顺利完成。") == {}


def test_every_sentence_is_registered_under_its_name():
    assert {name: s.name for name, s in SENTENCES.items()} == {name: name for name in SENTENCES}
    assert {"资金情况", "三公经费", "预算构成补充", "总分等级同比", "未得满分", "指标得分"} <= set(SENTENCES)
