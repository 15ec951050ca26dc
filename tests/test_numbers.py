"""xlperf.domain.numbers: parsing what clerks type, half-up rounding, display formats."""

from decimal import Decimal as D

import pytest

from xlperf.domain.numbers import (
    InputError,
    fmt_money,
    fmt_number,
    fmt_percent,
    is_blank,
    round_half_up,
    to_decimal,
    to_decimal_or_none,
)


@pytest.mark.parametrize(
    "value, expected",
    [
        (0.9, D("0.9")),  # a binary double goes through its decimal text
        (0.1 + 0.2, D("0.30000000000000004")),
        (95, D(95)),
        (D("7319.56"), D("7319.56")),
        ("95.1%", D("0.951")),
        ("95.1 %", D("0.951")),
        ("９５．１％", D("0.951")),  # full-width digits, point and percent
        ("９５", D(95)),
        ("1,770.59", D("1770.59")),
        ("  88 ", D(88)),
        ("95分", D(95)),  # a unit after the number carries no scale
        ("7319.56万元", D("7319.56")),
        ("－3", D(-3)),
        ("\u22123", D(-3)),  # the mathematical minus sign
        ("1e2", D(100)),
    ],
)
def test_to_decimal_accepts(value, expected):
    assert to_decimal(value) == expected


@pytest.mark.parametrize(
    "value, words",
    [
        ("约95", ["应为数字", "约95"]),
        ("95左右", ["应为数字", "95左右"]),
        ("九十五", ["应为数字"]),
        ("%", ["应为数字"]),
        ("#DIV/0!", ["错误值", "#DIV/0!"]),
        (True, ["应为数字", "TRUE"]),
        (None, ["不能为空"]),
        (float("nan"), ["无效"]),
        (float("inf"), ["无效"]),
        (1e16, ["过大"]),
        ([1], ["应为数字"]),
    ],
)
def test_to_decimal_rejects_with_chinese_message(value, words):
    with pytest.raises(InputError) as info:
        to_decimal(value)
    for w in words:
        assert w in str(info.value)


def test_blank():
    assert is_blank(None) and is_blank("") and is_blank(" \u3000")
    assert not is_blank(0) and not is_blank("0")
    assert to_decimal_or_none("  ") is None
    assert to_decimal_or_none("5") == D(5)


@pytest.mark.parametrize(
    "value, places, expected",
    [
        (D("2.5"), 0, D(3)),  # Python's round() would give 2
        (D("3.5"), 0, D(4)),
        (D("0.125"), 2, D("0.13")),
        (D("24.185"), 2, D("24.19")),
        (D("24.184"), 2, D("24.18")),
        (D("-2.5"), 0, D(-3)),  # away from zero, like Excel's ROUND
    ],
)
def test_round_half_up(value, places, expected):
    assert round_half_up(value, places) == expected


def test_formats():
    assert fmt_number(D("91.00"), 2) == "91"
    assert fmt_number(D("97.60"), 2) == "97.6"
    assert fmt_number(D("8.625"), 2) == "8.63"
    assert fmt_number(D("-0.001"), 2) == "0"
    # the seed: 1770.59 / 7319.56 = 0.241898… → 24.19% and, at the seed's precision, 24%
    rate = D("1770.59") / D("7319.56")
    assert fmt_percent(rate, 2) == "24.19%"
    assert fmt_percent(rate, 0) == "24%"
    assert fmt_percent(D("0.3"), 0) == "30%"
    assert fmt_percent(D("0.125"), 1) == "12.5%"
    assert fmt_percent(D("0.0005"), 1) == "0.1%"  # half up, not to even
    assert fmt_money(D("7319.564")) == "7319.56"
    assert fmt_money(D("7319.565")) == "7319.57"


def test_number_format_follows_the_rules_precision():
    from types import SimpleNamespace

    from xlperf.domain.numbers import NumberFormat

    f = NumberFormat.of(SimpleNamespace(score_places=1, rate_places=0))  # anything with the two settings
    assert (f.score(D("88.25")), f.rate(D("1770.59") / D("7319.56"))) == ("88.3", "24%")
    assert (f.score(None), f.rate(None)) == ("—", "—")  # not computed
    assert (f.money(D(0)), f.wan(D(0)), f.wan(D("4.2"))) == ("0.00", "0", "4.20")  # “三公”经费 0 is written 0
