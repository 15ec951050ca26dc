"""Targets and actual values as clerks write them: "≥90%", "≧90%", "＞95%", "≤90万元", "≥50个",
"2天以内", "100%", "168起" — taken apart into number, direction and unit (pure core).

SCORING.md §11: the comparison implies the direction (≥ / > / 以上 / 不低于 / 不少于 / 至少 → 正向,
≤ / < / 以内 / 以下 / 不高于 / 不超过 / 不多于 → 反向).
:func:`native_readable` says whether the form's native formulas (``formulas.calc_target`` /
``calc_actual``) read the same text the same way; where they do not, the reader flags the cell.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

#: in a % row a figure is a fraction (0.9 = 90 %); a figure above this is almost surely a percentage typed
#: as a whole number (6 meaning 6 %): the reader warns, and against an 实际完成值 below 1 it is an error
PERCENT_AS_WHOLE = Decimal("1.5")

#: leading words ("不低于90%", "不超过5起", "至少3个") and the direction each implies
WORDS: tuple[tuple[str, str], ...] = (
    ("不低于", "正向"), ("不少于", "正向"), ("至少", "正向"),
    ("不高于", "反向"), ("不超过", "反向"), ("不多于", "反向"),
)
#: leading comparisons (after NFKC: ＞ → >, ＜ → <, ＝ → =) and the direction each implies
COMPARISONS: tuple[tuple[str, str], ...] = (
    (">=", "正向"), ("≥", "正向"), ("≧", "正向"), ("⩾", "正向"), (">", "正向"),
    ("<=", "反向"), ("≤", "反向"), ("≦", "反向"), ("⩽", "反向"), ("<", "反向"), ("=", ""),
) + WORDS
#: trailing words and the direction each implies
SUFFIXES: tuple[tuple[str, str], ...] = (
    ("及以上", "正向"), ("以上", "正向"), ("及以下", "反向"), ("以下", "反向"), ("以内", "反向"),
)
#: what the native formula removes before VALUE(): the comparisons as typed (full-width too), the
#: trailing words, spaces, the leading words — then the row's 计量单位 (see formulas.calc_target); in two
#: steps, the comparisons in a helper column of their own (formulas.strip_comparisons)
NATIVE_COMPARISONS: tuple[str, ...] = (">=", "＞=", "≥", "≧", "⩾", ">", "＞", "<=", "＜=", "≤", "≦", "⩽", "<", "＜",
                                       "=", "＝")
NATIVE_WORDS: tuple[str, ...] = ("及以上", "以上", "及以下", "以下", "以内", " ") + tuple(w for w, _ in WORDS)
NATIVE_TOKENS: tuple[str, ...] = NATIVE_COMPARISONS + NATIVE_WORDS
#: what the native 评分方法（计算用） looks for in a target written as text, per direction
NATIVE_DIRECTION: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("反向", ("≤", "≦", "⩽", "<", "＜", "以内", "以下") + tuple(w for w, d in WORDS if d == "反向")),
    ("正向", ("≥", "≧", "⩾", ">", "＞", "以上") + tuple(w for w, d in WORDS if d == "正向")),
)
#: a number as written, thousands grouped by commas or not ("12,000" is 12000, as VALUE() reads it)
_NUMBER = re.compile(r"([+-]?(?:(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d*)?|\.\d+))(%?)(.*)")
_ASCII_NUMBER = re.compile(r"[+-]?(?:(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]*)?|\.[0-9]+)%?")


@dataclass(frozen=True)
class Written:
    """A value as written: ``value`` (a fraction when written with %), the direction its comparison
    implies ("正向", "反向" or ""), whether it had a comparison, and the unit written after the number
    ("%" for a percentage, "" when none)."""

    value: Decimal
    direction: str
    compared: bool
    unit: str


def parse_written(text: object) -> Written | None:
    """``text`` taken apart, or None when it holds no leading number ("按期完成", "达成")."""
    t = unicodedata.normalize("NFKC", str(text)).strip().replace(" ", "")  # None → "None": no number either
    direction, compared = "", False
    for sym, d in COMPARISONS:
        if t.startswith(sym):
            direction, compared, t = d, True, t[len(sym):]
            break
    for word, d in SUFFIXES:
        if t.endswith(word):
            direction, compared, t = direction or d, True, t[: -len(word)]
            break
    m = _NUMBER.fullmatch(t)
    if not m:
        return None
    value = Decimal(m.group(1).replace(",", ""))  # the pattern admits only numbers (\d: digits Decimal reads too)
    if m.group(2):
        return Written(value / 100, direction, compared, "%" + m.group(3))  # group 3 is "" when nothing follows
    return Written(value, direction, compared, m.group(3))


def native_readable(text: object, unit: str) -> bool:
    """True when the form's native formula turns ``text`` into the same number: after removing
    :data:`NATIVE_TOKENS` and the row's unit (not "%"), what is left is an ASCII number, optionally
    with %, as VALUE() reads it in Excel, WPS and LibreOffice — a full-width space (U+3000) or a line
    break left before or after the number is not (LibreOffice shows the row blank)."""
    t = str(text)  # None → "None": no number either
    for token in NATIVE_TOKENS:  # " " among them: the only space the native formula removes (not U+3000, not a line break)
        t = t.replace(token, "")
    if unit and unit != "%":
        t = t.replace(unit, "")
    return bool(_ASCII_NUMBER.fullmatch(t))
