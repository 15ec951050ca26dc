"""Problems raised while scoring name the right field, once, in Chinese."""

import json
from decimal import Decimal as D

from xlperf.domain.evaluate import evaluate
from xlperf.app.load import EXAMPLE_JSON, load_example, load_json
from xlperf.domain.profiles import load_profile


def _leaf(ev, name):
    return next(i for i in ev.walk() if i.name == name)


def test_unknown_method_is_labelled_as_method():
    ev = load_example()
    leaf = _leaf(ev, "基层党组织建设任务完成率")
    leaf.method = "线性"
    res = evaluate(ev, load_profile(ev.profile))
    probs = [p for p in res.problems if "线性" in p.message]
    assert len(probs) == 1 and probs[0].label == "评分方法"


def test_zero_budget_reference_reported_once():
    ev = load_example()
    ev.budget.initial = D(0)
    res = evaluate(ev, load_profile(ev.profile))
    about_budget_leaf = [p for p in res.problems if "预算执行" in p.where or "执行率" in p.message]
    # the 预算执行 indicator carries a manual score, so nothing else is asked of it
    assert len(about_budget_leaf) <= 1
    ev.indicators[0].manual_score = None
    res = evaluate(ev, load_profile(ev.profile))
    msgs = [p.message for p in res.problems if p.where.endswith("预算执行")]
    assert len(msgs) == 1 and "无法计算" in msgs[0]


def test_json_errors_are_chinese(tmp_path):
    data = json.loads(EXAMPLE_JSON.read_text(encoding="utf-8"))
    data["budget"]["initial"] = "很多"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ev, problems = load_json(bad)
    assert ev is None
    assert len(problems) == 1
    assert "budget.initial" in problems[0].where and "应为数字" in problems[0].message
    assert "Input should" not in str(problems[0])


def _problem_of(leaf_edit):
    """The one scoring problem of the leaf 基层党组织建设任务完成率 after ``leaf_edit`` (its 得分 cleared)."""
    ev = load_example()
    leaf = _leaf(ev, "基层党组织建设任务完成率")
    leaf.manual_score = None
    leaf.sources = {"method": "指标评分!F12", "target": "指标评分!G12", "actual": "指标评分!I12",
                    "param": "指标评分!J12", "row": "指标评分!C12"}
    leaf_edit(leaf)
    res = evaluate(ev, load_profile(ev.profile))
    probs = [p for p in res.problems if p.where.startswith("指标评分!") and p.where.endswith("12")]
    assert len(probs) == 1, probs
    return leaf, probs[0]


def test_the_field_at_fault_is_said_by_the_rule_not_guessed_from_the_words():
    """A 实际完成值 whose words mention 指标值 is still a problem of the 实际完成值 (the rule says which input it
    could not use; the message's words do not decide)."""
    def edit(leaf):
        leaf.method, leaf.actual = "正向", "已达到指标值"

    leaf, p = _problem_of(edit)
    assert p.label == "实际完成值" and p.where == leaf.where("actual")


def test_a_negative_per_point_deduction_is_a_problem_of_the_parameter():
    def edit(leaf):
        leaf.method, leaf.param, leaf.actual, leaf.target = "超额扣分", "-0.5", D("1.2"), D(1)

    leaf, p = _problem_of(edit)
    assert p.label == "评分参数" and "扣分不能为负" in p.message and p.where == leaf.where("param")


def test_a_missing_target_is_a_problem_of_the_target():
    def edit(leaf):
        leaf.method, leaf.target, leaf.actual = "正向", None, D("0.9")

    leaf, p = _problem_of(edit)
    assert p.label == "年度指标值" and p.message == "缺少年度指标值"


def test_a_problem_is_placed_at_its_cell_else_its_row_else_by_name():
    """A problem names the cell of the field it is about; a field without a cell of its own (a JSON file, a
    column the form lacks) names the indicator's row; with no place read at all, the sheet and the name."""
    from xlperf.domain.model import Indicator

    read = Indicator(name="目标制定", level=3, weight=D(2), sources={"row": "指标评分!A9", "actual": "指标评分!H9"})
    assert read.place("actual") == "指标评分!H9"
    assert read.place("manual_score") == "指标评分!A9"
    assert Indicator(name="目标制定", level=3, weight=D(2)).place("actual") == "指标评分：目标制定"
