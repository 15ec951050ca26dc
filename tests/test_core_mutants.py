"""Edges of xlperf.numbers and xlperf.scoring that `make mutate` found untested (mutants that survived).

Each test names the mutants it kills.  Expected values come from the rules (README「公式参考」,
shared/domain/SCORING.md) and from the exact text a clerk sees in the cell (``#错误:`` + message),
never from the code under test.

Survivors judged equivalent (same result for every input), by mutmut's names:

* numbers._text_to_decimal 26, 27, 41, 42 — replacing U+3000 (ideographic space) and U+FF0D (full-width minus):
  NFKC has already made them " " and "-"; 47 — ``percent = None`` is as false as False; 57 — stripping a unit
  that is the whole text ("分") leaves text that fails the number pattern with the same message (it quotes the raw
  input);
* numbers.to_decimal 11 — ``isnan and isinf``: NaN/inf then fail ``is_finite()`` with the same message; 38 — 1E15 = 1e15;
* numbers.round_half_up 4 — ``Decimal(2).scaleb(-places)``: quantize uses only the exponent;
* numbers.fmt_number 14, 15 and scoring._plain 8, 9 — ``rstrip("XX0XX")``: the extra "X" never occurs in a number;
  fmt_number 21 — ``text`` is never "" (at least "0" remains);
* scoring.total 13, scoring.check 11 — one more item number: ``zip`` stops at the shorter sequence;
* scoring.suggest 59 — 阶梯 ``shortfall < 0``: a shortfall of 0 deducts 0 steps, still the full weight;
  102 — 反向 ``actual < target``: at actual = target, weight × target / actual = weight; 103 — 反向 ``target < 0``:
  at target 0, weight × 0 / actual = 0 as well; 116 — 超额扣分 ``excess_pp < 0``: 0 pp over deducts 0;
* scoring.check 32 — ``sum(weights)`` without the Decimal start: only an empty table gives int 0, shown "0" either way.
"""

import datetime
from decimal import Decimal as D

import pytest

from xlperf.numbers import InputError, round_half_up, to_decimal
from xlperf.scoring import (
    QualitativeBand,
    ScoringError,
    exec_rate,
    grade,
    parse_bands,
    parse_per_point,
    parse_step,
    qualitative_band,
    suggest,
    total,
    weighted,
)


def message(call, *args, **kwargs) -> str:
    with pytest.raises(InputError) as info:
        call(*args, **kwargs)
    return str(info.value)


# ------------------------------------------------------------------ numbers.to_decimal


def test_em_dash_is_a_minus_sign():
    # a Chinese IME types "—" for minus; NFKC leaves it alone, so it is mapped explicitly (_text_to_decimal 43, 44)
    assert to_decimal("—3") == D(-3)
    assert to_decimal("—0.5%") == D("-0.005")


@pytest.mark.parametrize("value, text", [
    (True, "应为数字，现为“TRUE”"),  # to_decimal 3, 4
    (False, "应为数字，现为“FALSE”"),  # Excel's spelling of the logical value (to_decimal 3, 6, 7)
    (None, "不能为空"),  # to_decimal 27
    (float("nan"), "应为数字，现为无效数值"),  # to_decimal 15
    (float("-inf"), "应为数字，现为无效数值"),  # to_decimal 15
    (D("NaN"), "应为数字，现为无效数值"),  # a Decimal that is not finite (to_decimal 32, 33)
    (D("-Infinity"), "应为数字，现为无效数值"),  # to_decimal 32, 33
    ("1000000000000001", "数值过大"),  # above 1e15 (to_decimal 40)
    (datetime.date(2021, 12, 31), "应为数字，现为“2021-12-31”"),  # a date cell shows its own text (to_decimal 29)
])
def test_to_decimal_messages_exactly(value, text):
    assert message(to_decimal, value) == text


def test_long_input_is_quoted_to_30_characters():
    # messages quote at most 30 characters of what was typed (_text_to_decimal 64)
    assert message(to_decimal, "约" + "9" * 40) == "应为数字，现为“约" + "9" * 29 + "”"
    # … and of any other value (to_decimal 30): str([0] * 40) starts "[0, 0, …" — 1 + 10 × 3 − 1 = 30 characters
    assert message(to_decimal, [0] * 40) == "应为数字，现为“[0, 0, 0, 0, 0, 0, 0, 0, 0, 0,”"
    # … and 20 characters of an Excel error value (to_decimal 22)
    assert message(to_decimal, "#" + "N" * 30) == "单元格为错误值“#" + "N" * 19 + "”"


def test_1e15_is_the_largest_accepted_number():
    # "数值过大" only above 1e15 (to_decimal 35)
    assert to_decimal("1000000000000000") == D(10) ** 15
    assert to_decimal(-1e15) == -D(10) ** 15


def test_round_half_up_of_an_absurd_magnitude_says_too_large():
    # 1e30 to 2 places needs 33 digits, beyond Decimal's 28 (round_half_up 10, 11)
    assert message(round_half_up, D("1e30"), 2) == "数值过大"


# ------------------------------------------------------------------ scoring: grades, rates, sums


def test_grade_rows_with_the_same_lower_bound_first_row_wins():
    # like 区间 ("从左到右第一个满足的"): among equal lower bounds the row listed first wins (grade 2, 5)
    assert grade(D(95), [(D(90), "乙"), (D(90), "甲"), (D(0), "差")]) == "乙"
    assert grade(D(95), [(D(90), "甲"), (D(90), "乙"), (D(0), "差")]) == "甲"


def test_grade_below_every_band_says_how_to_fix_the_table():
    assert message(grade, D(50), [(D(60), "合格")]) == "得分低于等级表中所有的下限，等级表应有一行下限为0"  # grade 12


def test_exec_rate_small_budgets_and_zero_execution():
    assert exec_rate(D("0.4"), D("0.5")) == D("0.8")  # 0.4 / 0.5: a budget below 1 万元 is still a budget (2)
    assert exec_rate(D(0), D(100)) == 0  # nothing spent: 0 / 100 = 0%, not an error (5)
    assert exec_rate(D("0.5"), D(1)) == D("0.5")  # 0.5 / 1 (6)
    assert message(exec_rate, D(-1), D(100)) == "执行数不能为负"  # (8)


def test_sums_are_decimals_and_mismatches_are_named():
    # an empty sum is Decimal 0, so callers can round it (round_half_up(int) would fail) (weighted 7, total 30)
    assert isinstance(weighted([], []), D) and weighted([], []) == 0
    assert isinstance(total([]), D) and total([]) == 0
    assert round_half_up(total([]), 2) == D("0.00")
    assert message(weighted, [D(1)], []) == "分值与得分率的个数不一致"  # weighted 3
    assert message(total, [D(1)], [D(1), D(2)]) == "得分与分值的个数不一致"  # total 3, 4


# ------------------------------------------------------------------ scoring: parameters


@pytest.mark.parametrize("call, arg, text", [
    (parse_step, None, "参数格式应为“5%:2”（每低5%扣2分），现为“”"),  # parse_step 5
    (parse_step, "", "参数格式应为“5%:2”（每低5%扣2分），现为“”"),
    (parse_per_point, None, "参数应为每个百分点的扣分，如“0.5”，现为“”"),  # parse_per_point 5, 7
    (parse_per_point, "-1", "每个百分点的扣分不能为负"),  # parse_per_point 14
    (parse_bands, "", "区间参数为空，应如“≥90%:5;≥80%:4;<80%:0”"),  # parse_bands 15
    (qualitative_band, "", "定性指标的完成情况应为达成/部分达成/未达成，现为“”"),  # qualitative_band 5
    (qualitative_band, None, "定性指标的完成情况应为达成/部分达成/未达成，现为“”"),
])
def test_parameter_messages_exactly(call, arg, text):
    assert message(call, arg) == text


# ------------------------------------------------------------------ scoring.suggest


ALL_METHODS = "正向、反向、阶梯、超额扣分、区间、定性、人工"


@pytest.mark.parametrize("args, text", [
    (("", D(10), D(1), D(1)), f"未知的评分方法“”，可选：{ALL_METHODS}"),  # suggest 4, 26
    (("打分", D(10), D(1), D(1)), f"未知的评分方法“打分”，可选：{ALL_METHODS}"),  # suggest 26
    (("正向", D(0), D(1), D(1)), "分值须大于0"),  # suggest 8
    (("正向", D(10), D(1), None), "实际完成值应为数字"),  # nothing to quote when blank (suggest 29, 31)
    (("正向", D(10), D(1), "x" * 40), "实际完成值应为数字，现为“" + "x" * 30 + "”"),  # 30 characters (suggest 34)
    (("正向", D(10), None, D(1)), "缺少年度指标值"),  # suggest 74
    (("正向", D(10), D(1), D(-1)), "实际完成值不能为负"),  # suggest 80
    (("反向", D(10), D("0.05"), D(-1)), "实际完成值不能为负"),  # suggest 97, 98
])
def test_suggest_messages_exactly(args, text):
    assert message(suggest, *args) == text


def test_qualitative_uses_the_profiles_bands():
    # a profile may suggest 60% for 部分达成: 10 × 60% = 6, not the default 70% (suggest 17)
    bands = (
        QualitativeBand("达成", ("达成",), D("0.8"), D(1), D(1)),
        QualitativeBand("部分达成", ("部分达成",), D("0.5"), D("0.8"), D("0.6")),
        QualitativeBand("未达成", ("未达成",), D(0), D("0.5"), D("0.2")),
    )
    assert suggest("定性", D(10), None, "部分达成", qualitative=bands) == 6
    assert suggest("定性", D(10), None, "未达成", qualitative=bands) == 2  # 10 × 20%


def test_reverse_zero_actual_meets_any_target_in_full():
    # SCORING.md §4 反向: "B = 0 meets the target in full" — also against a negative target such as
    # a 三公经费变动率 of ≤ −5% (suggest 99, 101)
    assert suggest("反向", D(10), D("-0.05"), D(0)) == 10
    # 反向 10 × min(0.05 / 1, 1) = 0.5: an actual of exactly 1 (100%) is not special (suggest 101)
    assert suggest("反向", D(10), D("0.05"), D(1)) == D("0.5")


def test_over_threshold_deducts_below_one_percentage_point():
    # 超额扣分: (1.005 − 1) = 0.5 pp over × 1 point = 0.5 deducted: 5 − 0.5 = 4.5 (suggest 117)
    assert suggest("超额扣分", D(5), D(1), D("1.005"), "1") == D("4.5")
    # 0.2 pp over × 0.5 = 0.1 deducted: 5 − 0.1 = 4.9
    assert suggest("超额扣分", D(5), D(1), D("1.002"), "0.5") == D("4.9")


def test_scoring_errors_are_input_errors():
    # the UDFs turn InputError into "#错误:…"; ScoringError must stay one
    assert issubclass(ScoringError, InputError)
