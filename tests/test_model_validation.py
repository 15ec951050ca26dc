"""Cross-field validation on the bundled example, modified one fault at a time.

Every fault gives a clear Chinese message naming the place; nothing raises.
"""

from decimal import Decimal as D

import pytest

from xlperf.app.load import load_example
from xlperf.domain.model import Indicator
from xlperf.domain.problems import ERROR, WARNING
from xlperf.domain.profiles import load_profile
from xlperf.domain.validate import check


@pytest.fixture(scope="module")
def profile():
    return load_profile("部门整体-河南2021")


def leaf(ev, name) -> Indicator:
    return next(n for n in ev.walk() if n.name == name)


def problems_of(ev, profile, severity=ERROR):
    _, problems = check(ev, profile)
    return [str(p) for p in problems if p.severity == severity]


def test_example_is_clean(profile):
    res, problems = check(load_example(), profile)
    assert [p for p in problems if p.severity == ERROR] == []
    assert res.total == D(91) and res.grade == "优"


def test_children_weights_must_sum_to_parent(profile):
    ev = load_example()
    leaf(ev, "工作目标合理性").weight = D(3)  # 3 + 2 under a parent of 4
    errs = problems_of(ev, profile)
    assert any("工作目标管理" in e and "下级指标分值合计5" in e and "应等于4" in e for e in errs), errs


def test_level_one_weights_must_sum_to_the_profile_total(profile):
    ev = load_example()
    ev.indicators[0].weight = D(15)
    errs = problems_of(ev, profile)
    assert any("一级指标分值合计105" in e and "应为100" in e for e in errs), errs


@pytest.mark.parametrize("name, attr, value, words", [
    pytest.param("工作目标合理性", "weight", D(0), ["工作目标合理性", "分值须大于0"], id="zero_weight"),
    pytest.param("工作目标合理性", "weight", D(-2), ["工作目标合理性", "分值须大于0"], id="negative_weight"),
    pytest.param("工作目标合理性", "manual_score", D(3), ["工作目标合理性", "得分须在0-2之间", "现为3"],
                 id="score_above_weight"),
    pytest.param("工作目标合理性", "manual_score", D(-1), ["得分须在0-2之间"], id="negative_score"),
    pytest.param("预算编制细化率", "method", "线性", ["预算编制细化率", "未知的评分方法“线性”"], id="unknown_method"),
    pytest.param("预算调整率", "param", "≥九成", ["预算调整率", "评分参数", "≥九成"], id="malformed_param"),
    pytest.param("预算编制细化率", "actual", None, ["预算编制细化率", "请填写实际完成值"], id="blank_actual"),
])
def test_a_bad_leaf_value_is_named_with_the_rule_it_breaks(profile, name, attr, value, words):
    ev = load_example()
    setattr(leaf(ev, name), attr, value)
    errs = problems_of(ev, profile)
    assert any(all(w in e for w in words) for e in errs), errs


def test_text_in_a_number_cell(profile):
    ev = load_example()
    ind = leaf(ev, "预算编制细化率")
    ind.actual = Indicator.model_validate({"name": "x", "level": 3, "weight": 1, "actual": "约95"}).actual
    assert ind.actual == "约95"  # the model keeps non-numeric text instead of failing
    errs = problems_of(ev, profile)
    assert any("预算编制细化率" in e and "实际完成值应为数字" in e and "约95" in e for e in errs), errs


def test_numeric_text_is_a_number():
    ind = Indicator.model_validate({"name": "x", "level": 3, "weight": 1, "actual": "９５．１％"})
    assert ind.actual == D("0.951")
    assert Indicator.model_validate({"name": "x", "level": 3, "weight": 1, "actual": "  "}).actual is None


def test_zero_budget(profile):
    ev = load_example()
    ev.budget.initial = D(0)
    errs = problems_of(ev, profile)
    assert any("年初预算数" in e and "预算数须大于0" in e for e in errs), errs


def test_all_problems_at_once(profile):
    ev = load_example()
    leaf(ev, "工作目标合理性").manual_score = D(3)
    leaf(ev, "预算编制细化率").method = "线性"
    ev.indicators[0].weight = D(15)
    errs = problems_of(ev, profile)
    assert len(errs) >= 3
    assert any("得分须在0-2之间" in e for e in errs)
    assert any("线性" in e for e in errs)
    assert any("一级指标分值合计105" in e for e in errs)


def test_below_full_marks_needs_a_reason(profile):
    ev = load_example()
    ind = leaf(ev, "工作目标合理性")
    ind.manual_score = D("1.5")
    ind.deviation_reason = ""
    ind.improvement = ""
    warns = problems_of(ev, profile, WARNING)
    assert any("工作目标合理性" in w and "偏差原因" in w for w in warns), warns
    assert any("工作目标合理性" in w and "改进措施" in w for w in warns), warns
    assert not any("工作目标合理性" in e for e in problems_of(ev, profile))  # a warning, not an error


def test_low_execution_needs_a_reason(profile):
    ev = load_example()
    ev.budget.exec_reason = ""
    ev.indicators[0].deviation_reason = ""
    warns = problems_of(ev, profile, WARNING)
    assert any("执行率24.2%" in w and "低于90%" in w for w in warns), warns
