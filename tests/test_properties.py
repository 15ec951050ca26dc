"""Property-based tests (hypothesis) of the scoring rules and the Excel functions."""

from decimal import Decimal as D

from hypothesis import given, settings
from hypothesis import strategies as st

import xlperf.udfs as u
from xlperf.domain.numbers import to_decimal
from xlperf.domain.scoring import DEFAULT_BANDS, check, grade, suggest, total, weighted

ORDER = {label: n for n, (_, label) in enumerate(reversed(DEFAULT_BANDS))}  # 差 0 < 中 1 < 良 2 < 优 3

scores = st.decimals(min_value=0, max_value=100, places=3)
weights = st.decimals(min_value="0.01", max_value=100, places=2)
fractions = st.decimals(min_value=0, max_value=3, places=4)
doubles = st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False)


@given(scores, scores)
def test_grade_monotone_in_score(a, b):
    lo, hi = min(a, b), max(a, b)
    assert ORDER[grade(lo)] <= ORDER[grade(hi)]


@given(scores)
def test_grade_matches_the_half_open_bands(s):
    expected = "优" if s >= 90 else "良" if s >= 80 else "中" if s >= 60 else "差"
    assert grade(s) == expected


@given(doubles, doubles)
def test_udf_grade_monotone_for_doubles(a, b):
    lo, hi = min(a, b), max(a, b)
    assert ORDER[u.PERF_GRADE(lo)] <= ORDER[u.PERF_GRADE(hi)]


def _param(method, data):
    if method == "阶梯":
        step = data.draw(st.decimals(min_value="0.01", max_value="0.5", places=2))
        pts = data.draw(st.decimals(min_value=0, max_value=20, places=1))
        return f"{step}:{pts}"
    if method == "超额扣分":
        return str(data.draw(st.decimals(min_value=0, max_value=5, places=2)))
    if method == "区间":
        bounds = data.draw(st.lists(st.decimals(min_value=0, max_value=2, places=2), min_size=1, max_size=5))
        pts = data.draw(st.lists(st.decimals(min_value=-10, max_value=200, places=1),
                                 min_size=len(bounds), max_size=len(bounds)))
        ops = data.draw(st.lists(st.sampled_from(["≥", ">", "≤", "<", "=", ">=", "<="]),
                                 min_size=len(bounds), max_size=len(bounds)))
        return ";".join(f"{o}{b}:{p}" for o, b, p in zip(ops, bounds, pts))
    return None


@settings(max_examples=300)
@given(st.sampled_from(["正向", "反向", "阶梯", "超额扣分", "区间", "定性"]), weights, fractions, fractions, st.data())
def test_score_within_zero_and_weight(method, weight, target, actual, data):
    param = _param(method, data)
    act = data.draw(st.sampled_from(["达成", "部分达成", "未达成"])) if method == "定性" else actual
    r = suggest(method, weight, target, act, param)
    assert D(0) <= r <= weight


@settings(max_examples=300)
@given(st.sampled_from(["正向", "反向", "阶梯", "超额扣分", "区间"]), weights, fractions, fractions, st.data())
def test_udf_score_within_zero_and_weight(method, weight, target, actual, data):
    param = _param(method, data)
    r = u.PERF_SCORE(method, float(weight), float(target), float(actual), param)
    assert isinstance(r, float), r
    assert 0 <= r <= float(weight)


@given(weights, st.decimals(min_value="0.01", max_value=3, places=4), fractions, fractions)
def test_positive_monotone_in_actual(weight, target, a, b):
    lo, hi = min(a, b), max(a, b)
    assert suggest("正向", weight, target, lo) <= suggest("正向", weight, target, hi)


@given(weights, st.decimals(min_value="0.01", max_value=3, places=4), fractions, fractions)
def test_reverse_antitone_in_actual(weight, target, a, b):
    lo, hi = min(a, b), max(a, b)
    assert suggest("反向", weight, target, lo) >= suggest("反向", weight, target, hi)


@given(weights, st.decimals(min_value="0.01", max_value="0.2", places=2), fractions, fractions)
def test_step_monotone_in_actual(weight, step, a, b):
    lo, hi = min(a, b), max(a, b)
    p = f"{step}:1"
    assert suggest("阶梯", weight, D(1), lo, p) <= suggest("阶梯", weight, D(1), hi, p)


@given(st.integers(min_value=0, max_value=100), st.integers(min_value=1, max_value=20))
def test_step_counts_whole_steps_of_doubles(pct, step_pct):
    # actual = pct% as Excel's double; the shortfall is (100 - pct)% and must count whole steps exactly
    actual = to_decimal(pct / 100)
    r = suggest("阶梯", D(100), D(1), actual, f"{step_pct}%:1")
    assert r == D(100) - (100 - pct) // step_pct


@given(st.lists(st.tuples(weights, st.decimals(min_value=0, max_value=1, places=4)), min_size=1, max_size=30))
def test_weighted_equals_total_of_scores(rows):
    ws = [w for w, _ in rows]
    rates = [r for _, r in rows]
    scores_ = [w * r for w, r in rows]
    assert weighted(ws, rates) == total(scores_, ws)
    assert check(ws, scores_, sum(ws)) == ""


@given(st.lists(st.tuples(st.integers(1, 50), st.integers(0, 100)), min_size=1, max_size=20))
def test_udf_total_consistent_with_check(rows):
    ws = [[w] for w, _ in rows]
    ss = [[min(s, w)] for w, s in rows]
    assert u.PERF_TOTAL(ss, ws) == float(sum(s for (s,) in ss))
    wsum = sum(w for w, _ in rows)
    assert u.PERF_CHECK(ws, ss, wsum) == ""
    # without a total the weights must add up to 100
    assert u.PERF_CHECK(ws, ss) == ("" if wsum == 100 else f"分值合计{wsum}，应为100")
    rates = [[s / w] for (s,), (w,) in zip(ss, ws)]
    assert abs(u.PERF_WEIGHTED(ws, rates) - u.PERF_TOTAL(ss)) < 1e-9
