"""xlperf.domain.scoring: the rules of SCORING.md, with values worked out by hand from the rules."""

from decimal import Decimal as D

import pytest

from xlperf.domain.numbers import InputError, to_decimal
from xlperf.domain.scoring import (
    METHODS,
    ScoringError,
    check,
    exec_rate,
    grade,
    parse_bands,
    parse_per_point,
    parse_step,
    rate,
    suggest,
    total,
    weighted,
)

# ------------------------------------------------------------------ grades (SCORING.md §1)


@pytest.mark.parametrize(
    "score, label",
    [
        ("100", "优"), ("90", "优"), ("89.99", "良"), ("89.999999", "良"),
        ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差"), ("59.999", "差"), ("0", "差"),
        ("91", "优"),  # the seed's total
    ],
)
def test_grade_boundaries(score, label):
    assert grade(D(score)) == label


def test_grade_from_binary_doubles():
    # Excel hands 89.99 over as a double; converted through its text it stays below 90
    assert grade(to_decimal(89.99)) == "良"
    assert grade(to_decimal(90.0)) == "优"


def test_grade_custom_bands_any_order():
    bands = [(D(60), "中等"), (D(90), "优秀"), (D(0), "较差"), (D(80), "良好")]
    assert grade(D(95), bands) == "优秀"
    assert grade(D("79.9"), bands) == "中等"
    with pytest.raises(ScoringError, match="下限为0"):
        grade(D(10), [(D(60), "合格")])


# ------------------------------------------------------------------ rates and totals


def test_seed_rates():
    assert rate(D(3), D(10)) == D("0.3")  # 预算执行 3/10 → 30%
    assert rate(D(18), D(20)) == D("0.9")  # 投入管理 18/20 → 90%
    r = exec_rate(D("1770.59"), D("7319.56"))
    assert D("0.24189") < r < D("0.24190")  # 1770.59/7319.56 = 0.241898…


def test_rate_and_exec_rate_errors():
    with pytest.raises(ScoringError, match="分值须大于0"):
        rate(D(1), D(0))
    with pytest.raises(ScoringError, match="预算数须大于0"):
        exec_rate(D(1), D(0))
    with pytest.raises(ScoringError, match="执行数不能为负"):
        exec_rate(D(-1), D(10))


def test_weighted_and_total():
    assert weighted([D(10), D(20)], [D("0.3"), D("0.9")]) == D(21)  # 3 + 18
    with pytest.raises(ScoringError, match="个数不一致"):
        weighted([D(10)], [D(1), D(1)])
    assert total([D(3), D(18), D(40), D(30)]) == D(91)
    assert total([D(3), D(18)], [D(10), D(20)]) == D(21)
    with pytest.raises(ScoringError, match="第2项得分21超过分值20"):
        total([D(3), D(21)], [D(10), D(20)])
    with pytest.raises(ScoringError, match="第7项"):
        total([D(3), D(21)], [D(10), D(20)], positions=[1, 7])
    with pytest.raises(ScoringError, match="第1项得分为负"):
        total([D(-1)], [D(10)])


def test_check():
    assert check([D(10), D(20), D(40), D(30)], [D(3), D(18), None, D(30)], D(100)) == ""
    assert check([D(10), D(20)], [D(3), D(18)], D(100)) == "分值合计30，应为100"
    assert check([D(10), D(20)], [D(3), D("20.5")]) == "第2项得分20.5超过分值20"
    assert check([D(10), D(0)], [D(3), None]) == "第2项分值须大于0"
    assert check([D(10), D(-5)], [None, None]) == "第2项分值须大于0"
    assert check([D(10)], [D(-1)]) == "第1项得分为负"
    assert check([D(10)], [D(1), D(2)]) == "分值与得分的个数不一致"
    assert check([D(10), D(20)], [D(11), D(3)], positions=[4, 9]) == "第4项得分11超过分值10"


# ------------------------------------------------------------------ methods (SCORING.md §3–§7)


def s(method, weight, target, actual, param=None):
    def d(v):
        return to_decimal(v) if isinstance(v, (int, float)) else v

    return suggest(method, D(weight), d(target), d(actual), param)


def test_positive():
    assert s("正向", 10, 1, 0.2419) == D("2.419")  # 分值 × B/A
    assert s("正向", 10, 0.9, 0.85) == D(10) * D("0.85") / D("0.9")
    assert s("正向", 10, 0.9, 0.9) == D(10)
    assert s("正向", 10, 1, 1.2) == D(10)  # above target is capped, not a bonus
    assert s("正向", 10, 1, 0) == D(0)


def test_reverse():
    assert s("反向", 10, 0.05, 0) == D(10)  # actual 0 meets a ≤ target in full
    assert s("反向", 10, 0.05, 0.05) == D(10)
    assert s("反向", 10, 0.05, 0.04) == D(10)
    assert s("反向", 10, 0.05, 0.1) == D(5)  # 分值 × A/B = 10 × 0.05/0.1
    assert s("反向", 10, 0, 0) == D(10)
    assert s("反向", 10, 0, 0.1) == D(0)


def test_step_exact_with_binary_doubles():
    # "100%计满分，每低于5%扣2分": a deduction per *full* step of shortfall
    assert s("阶梯", 10, 1, 1, "5%:2") == D(10)
    assert s("阶梯", 10, 1, 0.96, "5%:2") == D(10)  # 4% short: no full step
    assert s("阶梯", 10, 1, 0.95, "5%:2") == D(8)  # exactly one step
    assert s("阶梯", 10, 1, 0.9, "5%:2") == D(6)  # 0.9 is exactly 90%: two steps, not one
    assert s("阶梯", 10, 0.95, 0.85, "5%:2") == D(6)  # in binary 0.95-0.85 < 0.1; still two steps
    assert s("阶梯", 10, 1, 0.89, "5%:2") == D(6)  # 11% short: two full steps
    assert s("阶梯", 10, 1, 0.7, "5%:2") == D(0)  # six steps = 12 points: 扣完为止
    assert s("阶梯", 10, None, 0.9, "5%:2") == D(6)  # blank target means 100%
    assert s("阶梯", 15, 1, 0.91, "3%:1") == D(12)  # "每相差3%，扣1分": 9% = three steps
    assert s("阶梯", 10, 1, 0.9, "５％：２") == D(6)  # full-width param


def test_over_threshold_deduction():
    # "每超过一个百分点扣0.5分"
    assert s("超额扣分", 5, 1, 1, "0.5") == D(5)
    assert s("超额扣分", 5, 1, 0.8, "0.5") == D(5)
    assert s("超额扣分", 5, 1, 1.03, "0.5") == D("3.5")  # 3 points over × 0.5
    assert s("超额扣分", 5, 0, 0.02, "0.8") == D("3.4")  # 三公经费变动率 +2% × 0.8
    assert s("超额扣分", 5, 1, 1.2, "0.5") == D(0)  # 20 × 0.5 = 10 > 5: clamped at 0


BANDS = "≥90%:5;≥80%:4;≥70%:3;≥60%:2;<60%:0"


@pytest.mark.parametrize(
    "actual, points",
    [(1, 5), (0.9, 5), (0.8999, 4), (0.8, 4), (0.75, 3), (0.7, 3), (0.6, 2), (0.5999, 0), (0, 0)],
)
def test_bands_key_spending(actual, points):
    assert s("区间", 5, None, actual, BANDS) == D(points)


def test_bands_operators_and_first_match():
    adj = "=0:3;≤10%:2;≤20%:1;≤30%:0.5;>30%:0"  # 预算调整率, 3-point version
    assert [s("区间", 3, None, a, adj) for a in (0, 0.05, 0.1, 0.1001, 0.2, 0.3, 0.31)] == [
        D(3), D(2), D(2), D(1), D(1), D("0.5"), D(0)]
    ascii_ = "=0:3;<=10%:2;<=20%:1;<=30%:0.5;>30%:0"
    assert [s("区间", 3, None, a, ascii_) for a in (0, 0.1, 0.2, 0.3, 0.31)] == [
        D(3), D(2), D(1), D("0.5"), D(0)]
    assert s("区间", 5, None, 0.95, ">=90%:5;>=80%:4") == D(5)
    assert s("区间", 5, None, 0.5, ">90%:5;<90%:1") == D(1)
    assert s("区间", 5, None, 0.9, ">90%:5;<90%:1") == D(0)  # no band matches → 0
    assert s("区间", 5, None, 0.95, "≥80%:4;≥90%:5") == D(4)  # first match wins, not the best
    assert s("区间", 5, None, 0.95, "≥90%:9") == D(5)  # points clamped to the weight
    assert s("区间", 5, None, 0.95, "≥90%:5；<90%:0") == D(5)  # full-width separator


def test_qualitative_three_bands():
    assert s("定性", 10, None, "达成") == D(10)
    assert s("定性", 10, None, "达成预期") == D(10)
    assert s("定性", 10, None, "部分达成") == D(7)
    assert s("定性", 10, None, "未达成") == D(3)
    with pytest.raises(ScoringError, match="定性指标的完成情况“还行”无法识别，可填：达成、达成预期、"):
        s("定性", 10, None, "还行")


# The words published forms grade 定性 indicators with (SCORING.md §11), each in the band of its meaning:
# 达成 band (100%), 部分达成 band (70%), 未达成 band (30%) of the 分值.
@pytest.mark.parametrize("word, points", [
    ("达成预期指标", 10), ("达成", 10), ("基本达成", 7), ("部分达成", 7), ("未达成", 3),
    ("高", 10), ("较高", 10), ("一般", 7), ("较低", 3), ("低", 3),
    ("好", 10), ("较好", 10), ("较差", 3), ("差", 3),
    ("有效提升", 10), ("有效改善", 10), ("明显改善", 10), ("无改善", 3),
    ("是", 10), ("否", 3), (" 较好 ", 10), ("达成预期指标", 10),
])
def test_qualitative_words_of_real_forms(word, points):
    assert s("定性", 10, None, word) == D(points)


def test_unknown_qualitative_word_lists_the_accepted_ones():
    with pytest.raises(ScoringError) as exc:
        s("定性", 10, None, "还可以")
    msg = str(exc.value)
    for word in ("达成预期指标", "基本达成", "较高", "一般", "较低", "较差", "有效提升", "无改善", "是", "否"):
        assert f"、{word}、" in msg or msg.endswith(f"、{word}"), word


def test_manual_gives_no_suggestion():
    assert s("人工", 10, 1, 0.5) is None


@pytest.mark.parametrize("method", [m for m in METHODS if m not in ("人工", "定性")])
def test_results_within_zero_and_weight(method):
    param = {"阶梯": "5%:2", "超额扣分": "0.5", "区间": "≥0:99;<0:-5"}.get(method)
    for actual in (0, 0.5, 1, 3, 100):
        r = s(method, 10, 1, actual, param)
        assert D(0) <= r <= D(10)


# ------------------------------------------------------------------ bad input


@pytest.mark.parametrize(
    "call, words",
    [
        (lambda: s("线性", 10, 1, 1), ["未知的评分方法", "线性"]),
        (lambda: s("正向", 0, 1, 1), ["分值须大于0"]),
        (lambda: s("正向", -5, 1, 1), ["分值须大于0"]),
        (lambda: s("正向", 10, None, 1), ["缺少年度指标值"]),
        (lambda: s("正向", 10, 1, -0.1), ["不能为负"]),
        (lambda: s("正向", 10, 1, "约95"), ["应为数字"]),
        (lambda: s("阶梯", 10, 1, 0.9, "5%"), ["5%:2"]),
        (lambda: s("阶梯", 10, 1, 0.9, "0%:2"), ["步长须大于0"]),
        (lambda: s("阶梯", 10, 1, 0.9, "五:2"), ["无法识别"]),
        (lambda: s("阶梯", 10, 1, 0.9, None), ["参数格式"]),
        (lambda: s("超额扣分", 5, 1, 1.1, "半分"), ["每个百分点的扣分"]),
        (lambda: s("超额扣分", 5, 1, 1.1, "-1"), ["不能为负"]),
        (lambda: s("区间", 5, None, 0.9, ""), ["区间参数为空"]),
        (lambda: s("区间", 5, None, 0.9, "≥90%"), ["格式应为"]),
        (lambda: s("区间", 5, None, 0.9, "≥九成:5"), ["无法识别"]),
    ],
)
def test_bad_input_messages(call, words):
    with pytest.raises(InputError) as info:
        call()
    for w in words:
        assert w in str(info.value)


def test_param_parsers():
    assert parse_step("5%:2") == (D("0.05"), D(2))
    assert parse_step(" 3% : 1 ") == (D("0.03"), D(1))
    assert parse_per_point("0.5") == D("0.5")
    assert parse_per_point(0.8) == D("0.8")
    assert parse_bands("≥90%:5;>=80%:4;=0:1;≤1:2;<=2:3;>3:4;<4:5") == [
        (">=", D("0.9"), D(5)), (">=", D("0.8"), D(4)), ("=", D(0), D(1)), ("<=", D(1), D(2)),
        ("<=", D(2), D(3)), (">", D(3), D(4)), ("<", D(4), D(5))]


def test_an_unknown_method_lists_the_seven_methods_alike_everywhere():
    """A 评分方法 outside SCORING.md's list gets one message — from the scoring rule, from a rule profile and
    in a sheet cell through PERF_SCORE — naming the seven methods a clerk may choose from."""
    from xlperf import udfs
    from xlperf.domain.profiles import ProfileError, profile_from_text
    from xlperf.domain.scoring import ScoringError, suggest

    said = "未知的评分方法“线性”，可选：正向、反向、阶梯、超额扣分、区间、定性、人工"
    with pytest.raises(ScoringError) as info:
        suggest("线性", D(10), D(1), D("0.5"))
    assert str(info.value) == said
    rules = ('name = "测试"\ntotal = 100\n[[grades]]\nlower = 0\nlabel = "差"\n'
             '[[indicators]]\nname = "产出"\nweight = 100\nmethod = "线性"\n')
    with pytest.raises(ProfileError) as info:
        profile_from_text(rules, "测试.toml")
    assert said in str(info.value)
    assert udfs.PERF_SCORE("线性", 10, 1, 0.5) == "#错误:" + said
