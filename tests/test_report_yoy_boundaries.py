"""同比 sentences on their rounding boundaries: when a change is stated with its figure and when it is “持平”.

The 执行率 change is stated in percentage points with two places, rounded half up (Excel's ROUND), so a
difference of 0.005 points is the smallest one printed (as 0.01) and 0.0049 points is “持平”.  The 总分 change is
stated in points with the profile's two places, the same way.  Every expected sentence is worked out by hand in its
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


@pytest.mark.parametrize("prev, expected", [
    # 80 − 79.61 = +0.39 points: stated, never “持平” (the points must be ×100 before they are rounded)
    ("0.7961", "较上年（79.61%）提高0.39个百分点"),
    ("0.8039", "较上年（80.39%）降低0.39个百分点"),
    # ±0.01 points
    ("0.7999", "较上年（79.99%）提高0.01个百分点"),
    ("0.8001", "较上年（80.01%）降低0.01个百分点"),
    # ±0.005 points: half up to 0.01 (上年 79.995 % printed with two places, half up: 80.00 %)
    ("0.79995", "较上年（80.00%）提高0.01个百分点"),
    ("0.80005", "较上年（80.01%）降低0.01个百分点"),
    # ±0.0049 points: 0.00 at two places → 持平
    ("0.799951", "与上年持平"),
    ("0.800049", "与上年持平"),
    ("0.8", "与上年持平"),
    # a whole-number change: 80 − 70 = 10 points
    ("0.7", "较上年（70.00%）提高10.00个百分点"),
])
def test_exec_rate_change_on_its_rounding_boundaries(prev, expected):
    ctx = _ctx(_at_80_percent(exec_rate=D(prev)))
    assert ctx.placeholders["执行率同比"] == expected
    # printed at the end of 四（一）'s budget sentence, after this year's 执行率 (0 places in this profile)
    assert ctx.funds[0].endswith(f"预算执行率80%，{expected}。"), ctx.funds[0]


def test_a_039_point_rise_reaches_the_written_report():
    md = render_text(_ctx(_at_80_percent(exec_rate=D("0.7961"))), "md")
    assert "预算执行率80%，较上年（79.61%）提高0.39个百分点。" in md
    assert "执行率与上年持平" not in md and "80%，与上年持平" not in md


@pytest.mark.parametrize("prev, expected", [
    # the example's 总分 is 91 (seed: 3 + 18 + 40 + 30)
    ("90.99", "较上年（90.99分）提高0.01分"),  # +0.01
    ("91.01", "较上年（91.01分）降低0.01分"),  # −0.01
    ("90.995", "较上年（91分）提高0.01分"),  # +0.005 → 0.01 half up; 90.995 → 91.00, printed “91”
    ("91.005", "较上年（91.01分）降低0.01分"),  # −0.005 → 0.01; 91.005 → 91.01
    ("90.996", "与上年持平"),  # +0.004 → 0.00
    ("91.004", "与上年持平"),  # −0.004 → 0.00
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
