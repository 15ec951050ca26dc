"""The seed report's published figures come out of the engine."""

from decimal import Decimal as D

from xlperf.domain.evaluate import evaluate
from xlperf.app.load import load_example
from xlperf.domain.numbers import fmt_percent
from xlperf.domain.profiles import load_profile
from xlperf.domain.validate import check


def test_example_scores_like_the_seed():
    ev = load_example()
    res, problems = check(ev, load_profile(ev.profile))
    assert [p for p in problems if p.severity == "错误"] == []
    assert res.total == D(91) and res.grade == "优"
    table = [(r.name, r.weight, r.score, fmt_percent(r.rate, 0)) for r in res.indicators]
    assert table == [
        ("预算执行", D(10), D(3), "30%"),
        ("投入管理", D(20), D(18), "90%"),
        ("产出指标", D(40), D(40), "100%"),
        ("效益指标", D(30), D(30), "100%"),
    ]
    assert fmt_percent(res.facts["执行率"], 0) == "24%"
    assert fmt_percent(res.facts["执行率"], 2) == "24.19%"
    assert sum(1 for r in res.walk() if r.level == 3) >= 20


def test_clerk_score_wins_over_suggestion():
    ev = load_example()
    res = evaluate(ev, load_profile(ev.profile))
    budget = res.indicators[0]
    assert budget.suggested == D("2.42")  # 24.19% x 10, linear capped
    assert budget.score == D(3)  # the score the department actually gave
