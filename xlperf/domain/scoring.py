"""The scoring rules as pure functions over Decimal (stdlib only — the UDF path imports this).

Rules come from ``shared/domain/SCORING.md``; which rule applies where is data (a profile).
Every function takes already-parsed Decimals except the ``parse_*`` helpers; callers such as
``xlperf.udfs`` convert cell values with :func:`xlperf.domain.numbers.to_decimal`.
All results are clamped to ``[0, weight]``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from itertools import count
from typing import Iterable, Sequence

from ..errors import InputError, ScoringError
from .numbers import to_decimal

ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)
#: The full marks of every shipped profile (``total = 100`` in ``xlperf/domain/profiles/*.toml``): what the
#: weights must add up to when a caller gives no total (``=PERF_CHECK(weights, scores)``).
FULL_MARKS = HUNDRED

METHODS = ("正向", "反向", "阶梯", "超额扣分", "区间", "定性", "人工")


def unknown_method(method: str) -> str:
    """The message for a 评分方法 that is none of :data:`METHODS` (profiles, the sheet's UDF, scoring)."""
    return f"未知的评分方法“{method}”，可选：{'、'.join(METHODS)}"

#: Default grade bands: (lower bound inclusive, label), highest first.
DEFAULT_BANDS: tuple[tuple[Decimal, str], ...] = (
    (Decimal(90), "优"),
    (Decimal(80), "良"),
    (Decimal(60), "中"),
    (Decimal(0), "差"),
)


@dataclass(frozen=True)
class QualitativeBand:
    label: str
    aliases: tuple[str, ...]
    lower: Decimal  # fraction of the weight, inclusive
    upper: Decimal  # fraction of the weight, inclusive only for the top band
    suggest: Decimal  # fraction of the weight the tool suggests


#: SCORING.md §5: 达成预期 100–80%(含80%), 部分达成 80–50%(含50%), 未达成 50–0%.  The words are those
#: published forms grade with (SCORING.md §11): 达成 / 基本达成 / 部分达成 / 未达成, 高 … 低, 好 … 差,
#: 有效提升 / 明显改善 / 无改善, 是 / 否 — each in the band of its meaning; and the grade words clerks also write
#: (SCORING.md §1: 优 / 良 / 中 / 差 or 优秀 / 良好 / 中等 / 较差, at 90 / 80 / 60 % of full marks) in the band of
#: the same share: 优秀, 良好 → 达成 (80–100 %), 中等, 合格 → 部分达成 (50–80 %), 不合格 → 未达成.
QUALITATIVE_WORDS: tuple[tuple[str, ...], ...] = (
    ("达成", "达成预期", "达成预期指标", "完成", "已完成", "全部完成", "是", "高", "较高", "好", "较好",
     "有效提升", "有效改善", "明显改善", "明显提升", "显著提升", "优秀", "优", "良好", "良", "很好", "满意", "较满意"),
    ("部分达成", "部分达成并具有一定效果", "部分完成", "基本达成", "基本完成", "一般", "有所改善", "有所提升",
     "中等", "中", "合格", "尚可", "基本满意"),
    ("未达成", "未达成且效果较差", "未完成", "否", "较低", "低", "较差", "差", "无改善", "无明显改善",
     "不合格", "不满意", "很差"),
)
DEFAULT_QUALITATIVE: tuple[QualitativeBand, ...] = (
    QualitativeBand("达成", QUALITATIVE_WORDS[0], Decimal("0.8"), ONE, ONE),
    QualitativeBand("部分达成", QUALITATIVE_WORDS[1], Decimal("0.5"), Decimal("0.8"), Decimal("0.7")),
    QualitativeBand("未达成", QUALITATIVE_WORDS[2], ZERO, Decimal("0.5"), Decimal("0.3")),
)




def clamp(value: Decimal, weight: Decimal) -> Decimal:
    return max(ZERO, min(value, weight))


def grade(score: Decimal, bands: Sequence[tuple[Decimal, str]] = DEFAULT_BANDS) -> str:
    """The grade label of ``score``: the first band (highest lower bound first) with score ≥ lower."""
    for lower, label in sorted(bands, key=lambda b: b[0], reverse=True):
        if score >= lower:
            return label
    raise ScoringError("得分低于等级表中所有的下限，等级表应有一行下限为0")


def rate(score: Decimal, weight: Decimal) -> Decimal:
    """得分率 = score / weight."""
    if weight <= 0:
        raise ScoringError("分值须大于0")
    return score / weight


def exec_rate(executed: Decimal, budget: Decimal) -> Decimal:
    """执行率 = executed / budget."""
    if budget <= 0:
        raise ScoringError("预算数须大于0")
    if executed < 0:
        raise ScoringError("执行数不能为负")
    return executed / budget


def weighted(weights: Sequence[Decimal], rates: Sequence[Decimal]) -> Decimal:
    """Σ weight × rate over two equally long sequences."""
    if len(weights) != len(rates):
        raise ScoringError("分值与得分率的个数不一致")
    return sum((w * r for w, r in zip(weights, rates)), ZERO)


def total(
    scores: Sequence[Decimal],
    weights: Sequence[Decimal] | None = None,
    positions: Sequence[int] | None = None,
) -> Decimal:
    """Σ scores; with weights, every score must lie within [0, its weight].

    ``positions`` are the item numbers used in messages (default 1, 2, …), so that a caller that
    skipped blank rows still names the right row.
    """
    if weights is not None:
        if len(weights) != len(scores):
            raise ScoringError("得分与分值的个数不一致")
        nums = positions or count(1)
        for i, s, w in zip(nums, scores, weights):
            if s < 0:
                raise ScoringError(f"第{i}项得分为负")
            if s > w:
                raise ScoringError(f"第{i}项得分{_plain(s)}超过分值{_plain(w)}")
    return sum(scores, ZERO)


def _plain(d: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: 18.50 → "18.5", 1E+1 → "10"."""
    return f"{d.normalize():f}"


# ---------------------------------------------------------------- parameters

_OPS = {"≥": ">=", "≤": "<=", ">=": ">=", "<=": "<=", ">": ">", "<": "<", "=": "=", "＝": "="}
_BAND_RE = re.compile(r"^(>=|<=|≥|≤|>|<|=)?\s*([^:：]+)[:：]\s*(.+)$")


def _norm(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace(" ", "").strip()


def parse_step(param: object) -> tuple[Decimal, Decimal]:
    """``"5%:2"`` → (0.05, 2): each full 5% of shortfall deducts 2 points."""
    text = _norm(str(param or ""))
    parts = re.split(r"[:：]", text)
    if len(parts) != 2:
        raise ScoringError(f"参数格式应为“5%:2”（每低5%扣2分），现为“{text}”", "param")
    try:
        step, points = to_decimal(parts[0]), to_decimal(parts[1])
    except InputError as exc:
        raise ScoringError(f"参数“{text}”无法识别：{exc}", "param") from exc
    if step <= 0 or points < 0:
        raise ScoringError(f"参数“{text}”中的步长须大于0、扣分不能为负", "param")
    return step, points


def parse_per_point(param: object) -> Decimal:
    """``"0.5"`` → 0.5 points deducted per percentage point above the threshold."""
    text = _norm(str(param if param is not None else ""))
    try:
        k = to_decimal(text)
    except InputError as exc:
        raise ScoringError(f"参数应为每个百分点的扣分，如“0.5”，现为“{text}”", "param") from exc
    if k < 0:
        raise ScoringError("每个百分点的扣分不能为负", "param")
    return k


def parse_bands(param: object) -> list[tuple[str, Decimal, Decimal]]:
    """``"≥90%:5;≥80%:4;<60%:0"`` → [(">=", 0.9, 5), ...]; first match wins."""
    text = _norm(str(param or ""))
    entries = [e for e in re.split(r"[;；]", text) if e]
    if not entries:
        raise ScoringError("区间参数为空，应如“≥90%:5;≥80%:4;<80%:0”", "param")
    bands = []
    for entry in entries:
        m = _BAND_RE.match(entry)
        if not m:
            raise ScoringError(f"区间“{entry}”格式应为“≥90%:5”", "param")
        op = _OPS[m.group(1) or "="]
        try:
            bound, points = to_decimal(m.group(2)), to_decimal(m.group(3))
        except InputError as exc:
            raise ScoringError(f"区间“{entry}”无法识别：{exc}", "param") from exc
        bands.append((op, bound, points))
    return bands


def _matches(op: str, value: Decimal, bound: Decimal) -> bool:
    return {
        ">=": value >= bound, "<=": value <= bound, ">": value > bound,
        "<": value < bound, "=": value == bound,
    }[op]


def qualitative_band(
    actual: object, bands: Iterable[QualitativeBand] = DEFAULT_QUALITATIVE
) -> QualitativeBand:
    text = _norm(str(actual or ""))
    for band in bands:
        if text in band.aliases or text == band.label:
            return band
    words = "、".join(dict.fromkeys(w for b in bands for w in (b.label, *b.aliases)))
    raise ScoringError(f"定性指标的完成情况“{text}”无法识别，可填：{words}", "actual")


# ---------------------------------------------------------------- methods


def suggest(
    method: str,
    weight: Decimal,
    target: Decimal | None,
    actual: Decimal | str | None,
    param: object = None,
    qualitative: Sequence[QualitativeBand] = DEFAULT_QUALITATIVE,
) -> Decimal | None:
    """Suggested score of one indicator by ``method``; ``None`` where a person must score.

    Numeric ``target``/``actual`` are Decimals (rates as fractions). Result within [0, weight].
    """
    method = _norm(method or "")
    if weight <= 0:
        raise ScoringError("分值须大于0", "weight")
    if method == "人工":
        return None
    if method == "定性":
        band = qualitative_band(actual, qualitative)
        return clamp(weight * band.suggest, weight)
    if method not in METHODS:
        raise ScoringError(unknown_method(method), "method")
    if not isinstance(actual, Decimal):
        shown = "" if actual is None else f"，现为“{str(actual).strip()[:30]}”"
        raise ScoringError(f"实际完成值应为数字{shown}", "actual")
    if method == "区间":
        for op, bound, points in parse_bands(param):
            if _matches(op, actual, bound):
                return clamp(points, weight)
        return ZERO
    if method == "阶梯":
        step, points = parse_step(param)
        goal = ONE if target is None else target
        steps = ((goal - actual) / step).to_integral_value(rounding="ROUND_FLOOR")  # ≤ 0 at or above the goal …
        return clamp(weight - steps * points, weight)  # … which the clamp makes full marks
    if target is None:
        raise ScoringError("缺少年度指标值", "target")
    if method == "正向":
        if actual < 0:
            raise ScoringError("实际完成值不能为负", "actual")
        if target <= 0:
            return weight
        return clamp(weight * min(actual / target, ONE), weight)
    if method == "反向":
        if actual < 0:
            raise ScoringError("实际完成值不能为负", "actual")
        if actual == 0:
            return weight
        # at or below the target the ratio is ≥ 1 and a target ≤ 0 makes it ≤ 0: the clamp gives full marks, none
        return clamp(weight * target / actual, weight)
    # 超额扣分: points per percentage point above the target (threshold)
    k = parse_per_point(param)
    excess_pp = (actual - target) * HUNDRED  # ≤ 0 at or below the target: the clamp makes it full marks
    return clamp(weight - excess_pp * k, weight)


def check(
    weights: Sequence[Decimal],
    scores: Sequence[Decimal | None],
    expected_total: Decimal | None = None,
    positions: Sequence[int] | None = None,
) -> str:
    """"" when consistent; otherwise a short Chinese message naming the first problem.

    ``positions`` are the item numbers used in messages (default 1, 2, …).
    """
    if len(weights) != len(scores):
        return "分值与得分的个数不一致"
    nums = positions or count(1)
    for i, w, s in zip(nums, weights, scores):
        if w <= 0:
            return f"第{i}项分值须大于0"
        if s is None:
            continue
        if s < 0:
            return f"第{i}项得分为负"
        if s > w:
            return f"第{i}项得分{_plain(s)}超过分值{_plain(w)}"
    if expected_total is not None:
        wsum = sum(weights, ZERO)
        if wsum != expected_total:
            return f"分值合计{_plain(wsum)}，应为{_plain(expected_total)}"
    return ""
