"""The clerk's placeholders (xlperf/report/placeholders.py) one by one, in memory (issue 19): what each fills,
what an unknown, empty or unpaired brace says and where, the 项目数 change beside the 项目数, the 总分/等级 changes
after the conclusion, which placeholders a form uses.

Expected texts are written here by hand (REPORTS.md: no raw {名称} ever reaches a report; the seed's figures:
总分 91, 等级 优, 执行率 1770.59 ÷ 7319.56 = 24.19 % printed 24 %, 细化率 “90%以上”).

Survivors judged equivalent (mutmut's names, run recorded in docs/mutation.md):

* report.placeholders.yoy_conclusion 14 — ``render(flags, None)`` for ``render(flags, NumberFormat())``: the 总分等级同比
  sentence's figures are the 总分同比 and 等级同比 sentences, already words; no figure of it is a number to format,
  so the number format is never read (test_the_conclusions_changes writes every case).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlperf.app.load import load_example
from xlperf.domain.evaluate import evaluate
from xlperf.domain.model import Previous
from xlperf.domain.numbers import NumberFormat
from xlperf.domain.profiles import load_profile
from xlperf.report import placeholders as P
from xlperf.report.placeholders import NEEDS, PLACEHOLDERS, Filler, brace_problems, used_placeholders

F0 = NumberFormat(score_places=2, rate_places=0)


def _values(ev):
    result = evaluate(ev, load_profile(ev.profile or None))
    return {name: fn(ev, result, F0) for name, (_, fn) in PLACEHOLDERS.items()}, result


def test_simple_placeholders_of_the_example():
    values, _ = _values(load_example())
    assert {k: values[k] for k in ("年度", "单位", "总分", "等级", "执行率", "细化率")} == {
        "年度": "2021", "单位": "中共郑州市金水区委组织部", "总分": "91", "等级": "优", "执行率": "24%",
        "细化率": "90%以上"}
    # the sentences: 三公经费同比 states what 三公经费变动 states; without 上年 figures, no 同比 at all
    assert values["三公经费情况"] == "“三公”经费年初预算0万元，实际支出0万元"  # the seed's words
    assert values["总分同比"] is None and values["三公经费同比"] is None and values["三公经费变动"] is None
    ev = load_example()
    ev.budget.three_public_prev = D(5)
    values, _ = _values(ev)
    assert values["三公经费同比"] == values["三公经费变动"] == \
        "2021年“三公”经费支出0万元，与去年同期5.00万元比减少5.00万元，下降100%"  # a 0 is written 0 (seed)


def test_blank_figures_give_no_value():
    ev = load_example()
    ev.budget.detail_rate_text = "  "
    ev.budget.executed = None
    values, _ = _values(ev)
    assert values["细化率"] is None and values["执行率"] is None


def test_every_placeholder_names_the_data_it_needs():
    assert set(NEEDS) == set(PLACEHOLDERS)
    assert NEEDS["三公经费同比"] == NEEDS["三公经费变动"] == "预算资金表的“三公”经费实际支出和上年支出"
    assert PLACEHOLDERS["三公经费同比"][0] == "“三公”经费本年与上年支出（同“三公经费变动”）"


def test_the_projects_change_goes_beside_the_count_unless_placed():
    ev = load_example()
    ev.previous = Previous(projects_total=25)
    values, result = _values(ev)
    P.with_projects_change(ev, result, F0, values, set())
    assert values["绩效管理情况"].startswith("2021年我单位共有项目29个，较上年（25个）增加4个，开展绩效监控项目29个")
    values, result = _values(ev)
    P.with_projects_change(ev, result, F0, values, {"项目数同比"})  # the clerk places it: not beside the count
    assert values["绩效管理情况"].startswith("2021年我单位共有项目29个，开展绩效监控项目29个")
    values, result = _values(load_example())  # no change to state
    before = values["绩效管理情况"]
    P.with_projects_change(load_example(), result, F0, values, set())
    assert values["绩效管理情况"] == before


@pytest.mark.parametrize("values, used, text", [
    ({"总分同比": "较上年（88.5分）提高2.5分", "等级同比": "等级由“良”提升为“优”"}, set(),
     "总分较上年（88.5分）提高2.5分，等级由“良”提升为“优”。"),
    ({"总分同比": "较上年（88.5分）提高2.5分", "等级同比": "与上年同为“优”"}, set(),
     "总分较上年（88.5分）提高2.5分，等级与上年同为“优”。"),
    ({"总分同比": "较上年（88.5分）提高2.5分", "等级同比": "与上年同为“优”"}, {"等级同比"}, "总分较上年（88.5分）提高2.5分。"),
    ({"总分同比": "较上年（88.5分）提高2.5分", "等级同比": "与上年同为“优”"}, {"总分同比"}, "等级与上年同为“优”。"),
    ({"总分同比": None, "等级同比": None}, set(), ""),
])
def test_the_conclusions_changes(values, used, text):
    assert P.yoy_conclusion(values, used) == text


KNOWN = ("{年度}、{单位}、{总分}、{等级}、{执行率}、{细化率}、{预算执行情况}、{三公经费情况}、{三公经费变动}、{预算构成}、"
         "{绩效管理情况}、{满意度情况}、{总分同比}、{等级同比}、{执行率同比}、{项目数同比}、{三公经费同比}")


def test_brace_problems_name_what_is_wrong_and_the_placeholders_there_are():
    found = [(p.where, p.label, p.message, p.severity) for p in brace_problems("甲{ }乙{名称}丙｛年度｝", "文字材料!C4")]
    assert found == [
        ("文字材料!C4", "文字材料", f"空的花括号“{{ }}”，报告不能照印：请删去或写成占位符；占位符写作{{名称}}，可用的占位符：{KNOWN}",
         "错误"),
        ("文字材料!C4", "文字材料", f"未知的占位符“{{名称}}”，报告不能照印：请改正或删去花括号；可用的占位符：{KNOWN}", "错误")]
    # a lone brace: the word after a left one, the word before a right one (up to 10 characters, to punctuation)
    found = [(p.label, p.message, p.severity) for p in brace_problems("以及全部工作}。完成{年度任务，", "C5")]
    assert found == [
        ("文字材料", f"“以及全部工作}}”缺少左花括号“{{”，报告中照原样保留；占位符写作{{名称}}，可用的占位符：{KNOWN}", "警告"),
        ("文字材料", f"“{{年度任务”缺少右花括号“}}”，报告中照原样保留；占位符写作{{名称}}，可用的占位符：{KNOWN}", "警告")]
    found = [p.message.split("缺少")[0] for p in brace_problems("｛一二三四五六七八九十十一", "C6")]
    assert found == ["“｛一二三四五六七八九十”"]
    assert brace_problems("{年度}年、{ 总分 }分", "C7") == []


def test_the_filler_fills_and_records_what_it_cannot():
    problems = []
    fill = Filler({"年度": "2021", "总分": None}, problems, self_name="本局")
    assert fill("我单位{年度}年总分{总分}分, 完成{未知}", "C9") == "本局2021年总分{总分}分，完成{未知}"
    assert [(p.where, p.message, p.severity) for p in problems] == [
        ("C9", f"未知的占位符“{{未知}}”，报告不能照印：请改正或删去花括号；可用的占位符：{KNOWN}", "错误"),
        ("C9", "占位符“{总分}”缺少数据，报告不能照印：请填写指标评分表各末级指标的得分，或删去这个占位符", "错误")]
    # half-width punctuation kept when 设置 says so; no self word given: the clerk's own word stays; 三公 spelt one way
    problems = []
    assert Filler({}, problems, False)("我单位三公经费, 完成", "C1") == "我单位“三公”经费, 完成" and problems == []


def test_each_data_sentence_placeholder_says_its_sentence():
    ev = load_example()
    ev.budget.three_public_prev = D(5)
    result = evaluate(ev, load_profile(ev.profile or None))
    assert P._saying("三公经费情况")(ev, result, F0) == "“三公”经费年初预算0万元，实际支出0万元"
    assert P._saying("三公经费变动")(ev, result, F0) == \
        "2021年“三公”经费支出0万元，与去年同期5.00万元比减少5.00万元，下降100%"
    assert P._saying("总分同比")(ev, result, F0) is None  # no 上年总分


def test_used_placeholders_from_every_text_of_the_form():
    ev = load_example()
    nar = ev.narrative
    nar.overall_goal, nar.satisfaction_note = "{总分}", "{等级}"
    nar.analysis = {"产出指标": "{执行率}"}
    nar.process = ["{细化率}"]
    leaf = next(ev.leaves())
    leaf.deviation_reason, leaf.improvement = "{单位}", "{年度}"
    nar.duty_goals = ["｛项目数同比｝"]
    assert used_placeholders(ev) >= {"总分", "等级", "执行率", "细化率", "单位", "年度", "项目数同比"}
    ev = load_example()
    ev.narrative.analysis = {}
    for n in ev.walk():
        n.deviation_reason = n.improvement = ""
    ev.narrative.overall_goal = ev.narrative.satisfaction_note = ""
    for key in ("duty_goals", "main_tasks", "process", "section5", "problems", "measures", "application",
                "experience", "suggestions", "other", "funds_compliance"):
        if hasattr(ev.narrative, key):
            setattr(ev.narrative, key, [])
    assert used_placeholders(ev) == set()
