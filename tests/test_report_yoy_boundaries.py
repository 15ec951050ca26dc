"""同比 sentences on their rounding boundaries: when a change is stated with its figure and when it is “持平”.

Every change is taken between the two figures as printed (issue 21: printed − printed = the printed
difference): the 执行率 change in percentage points at the places the rules print percentages (rounded half up,
Excel's ROUND), the 总分 change in points at the rules' two places.  So two rates that print alike are “持平”.  Every expected sentence is worked out by hand in its
comment; the budget is set to round figures (年初 = 调整 = 1000, 执行 800 万元 → 执行率 80.00 % exactly) so
that the differences are plain.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlperf.domain.evaluate import evaluate
from xlperf.app.load import load_example
from xlperf.domain.model import Previous
from xlperf.domain.profiles import load_profile
from xlperf.report.context import build_context
from xlperf.report.render import render_text


def _ctx(ev):
    return build_context(evaluate(ev, load_profile(ev.profile or None)))[0]


def _at_80_percent(**previous):
    """The example with 执行率 800 ÷ 1000 = 80 % (年初 and 调整 alike) and the given 上年 figures."""
    ev = load_example()
    ev.budget.initial = ev.budget.adjusted = D(1000)
    ev.budget.executed = D(800)
    ev.previous = Previous(**previous)
    return ev


def _ctx_at(ev, rate_places: int):
    """The report context with the example's rules printing percentages at ``rate_places``."""
    profile = load_profile(ev.profile or None).model_copy(update={"rate_places": rate_places})
    return build_context(evaluate(ev, profile))[0]


@pytest.mark.parametrize("prev, expected", [
    # the rules print percentages with two places: 执行率 80.00 %; the change is printed − printed
    ("0.7961", "较上年（79.61%）提高0.39个百分点"),  # 80.00 − 79.61
    ("0.8039", "较上年（80.39%）降低0.39个百分点"),
    ("0.7999", "较上年（79.99%）提高0.01个百分点"),
    ("0.8001", "较上年（80.01%）降低0.01个百分点"),
    # 79.995 % prints 80.00 % (half up): both figures print 80.00 %, so “持平”, never “提高0.01个百分点”
    ("0.79995", "与上年持平"),
    ("0.80005", "较上年（80.01%）降低0.01个百分点"),  # 80.005 → 80.01: 80.00 − 80.01
    ("0.799951", "与上年持平"),
    ("0.800049", "与上年持平"),
    ("0.8", "与上年持平"),
    ("0.7", "较上年（70.00%）提高10.00个百分点"),  # 80.00 − 70.00
    ("0", "上年为0.00%"),  # a 0 base: stated, not compared with
])
def test_exec_rate_change_at_two_places(prev, expected):
    ctx = _ctx_at(_at_80_percent(exec_rate=D(prev)), 2)
    assert ctx.placeholders["执行率同比"] == expected
    # one precision in the sentence: this year's 执行率 at the same two places
    assert ctx.funds[0].endswith(f"预算执行率80.00%，{expected}。"), ctx.funds[0]


@pytest.mark.parametrize("prev, expected", [
    # the example's rules print whole percents: 80 %; 79.61 % prints 80 % too
    ("0.7961", "与上年持平"),
    ("0.7951", "与上年持平"),  # 79.51 → 80
    ("0.7949", "较上年（79%）提高1个百分点"),  # 79.49 → 79: 80 − 79
    ("0.805", "较上年（81%）降低1个百分点"),  # 80.5 → 81 (half up): 80 − 81
    ("0.7", "较上年（70%）提高10个百分点"),
])
def test_exec_rate_change_at_the_examples_whole_percents(prev, expected):
    ctx = _ctx(_at_80_percent(exec_rate=D(prev)))
    assert ctx.placeholders["执行率同比"] == expected
    assert ctx.funds[0].endswith(f"预算执行率80%，{expected}。"), ctx.funds[0]


def test_a_039_point_rise_reaches_the_written_report():
    md = render_text(_ctx_at(_at_80_percent(exec_rate=D("0.7961")), 2), "md")
    assert "预算执行率80.00%，较上年（79.61%）提高0.39个百分点。" in md
    assert "执行率与上年持平" not in md and "80.00%，与上年持平" not in md


@pytest.mark.parametrize("prev, expected", [
    # the example's 总分 is 91 (seed: 3 + 18 + 40 + 30)
    ("90.99", "较上年（90.99分）提高0.01分"),  # +0.01
    ("91.01", "较上年（91.01分）降低0.01分"),  # −0.01
    ("90.995", "与上年持平"),  # 90.995 → 91.00, printed “91”: 91 − 91 = 0 (never “提高0.01分”)
    ("91.005", "较上年（91.01分）降低0.01分"),  # 91.005 → 91.01: 91 − 91.01
    ("90.994", "较上年（90.99分）提高0.01分"),  # 90.994 → 90.99: 91 − 90.99
    ("91.004", "与上年持平"),  # 91.004 → 91.00
    ("0", "上年为0分"),  # a 0 base: stated, not compared with
    ("91", "与上年持平"),
    ("89.6", "较上年（89.6分）提高1.4分"),  # 91 − 89.6
])
def test_total_change_on_its_rounding_boundaries(prev, expected):
    ev = load_example()
    ev.previous = Previous(total=D(prev))
    ctx = _ctx(ev)
    assert ctx.total == "91"
    assert ctx.placeholders["总分同比"] == expected
    assert ctx.conclusion.endswith(f"评价等级为“优”。总分{expected}。"), ctx.conclusion
