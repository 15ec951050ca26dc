"""Number parsing and rounding shared by everything (pure, stdlib only, light to import).

All arithmetic is ``Decimal``; rounding is half-up like Excel's ROUND.  Excel hands numbers
over as binary doubles, so floats are converted through their shortest decimal text
(``repr``): 0.9 becomes exactly ``Decimal("0.9")``.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from ..errors import InputError  # re-exported: the root of xlperf.errors' tree, raised here first

__all__ = [
    "InputError",
    "to_decimal",
    "to_decimal_or_none",
    "is_blank",
    "round_half_up",
    "fmt_number",
    "fmt_percent",
    "fmt_money",
    "NumberFormat",
    "COMMA_HINT",
]




# Units a clerk may type after a number; they carry no scale except "%".
_UNIT_SUFFIXES = ("万元", "元", "分", "个", "项", "次", "人", "天", "家", "件", "年")
#: a figure above this is refused (数值过大): no budget or score is that large, a typing slip is
_TOO_LARGE = Decimal("1e15")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
#: commas only between groups of three digits before the decimal point ("12,000.5"), as a spreadsheet reads them
_GROUPED_RE = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
#: what is wrong with a comma elsewhere ("1,23" is no number for VALUE(), and neither 1.23 nor 123 is sure)
COMMA_HINT = "中的逗号位置不对：小数点请用“.”，千位分隔每三位一个“,”"


def is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def _text_to_decimal(text: str) -> Decimal:
    raw = text
    s = unicodedata.normalize("NFKC", text).strip()
    s = s.replace(" ", "")  # NFKC has made U+3000 a space and U+FF0D a hyphen-minus
    s = s.replace("—", "-").replace("\u2212", "-")  # minus signs
    percent = s.endswith("%")
    # a unit that is the whole text leaves "", which the pattern below refuses like any other text
    s = s[:-1] if percent else next((s[: -len(u)] for u in _UNIT_SUFFIXES if s.endswith(u)), s)
    if "," in s and not _GROUPED_RE.match(s):  # "1,23", "12,00", "1.234,5": not what VALUE() reads as a number
        raise InputError(f"“{raw.strip()[:30]}”{COMMA_HINT}")
    s = s.replace(",", "")
    if not _NUMBER_RE.match(s):
        raise InputError(f"应为数字，现为“{raw.strip()[:30]}”")
    d = Decimal(s)
    return d / 100 if percent else d


def to_decimal(value: object) -> Decimal:
    """Convert a cell value (number, numeric text, ``"95%"``, full-width digits) to Decimal.

    Raises :class:`InputError` with a short Chinese message for anything else.
    """
    if isinstance(value, bool):
        raise InputError(f"应为数字，现为“{'TRUE' if value else 'FALSE'}”")
    if isinstance(value, Decimal):
        d = value
    elif isinstance(value, int):
        d = Decimal(value)
    elif isinstance(value, float):
        d = Decimal(repr(value))  # nan and inf become Decimal NaN and Infinity: refused below
    elif isinstance(value, str):
        if value.strip().startswith("#"):
            raise InputError(f"单元格为错误值“{value.strip()[:20]}”")
        d = _text_to_decimal(value)
    elif value is None:
        raise InputError("不能为空")
    else:
        raise InputError(f"应为数字，现为“{str(value)[:30]}”")
    if not d.is_finite():
        raise InputError("应为数字，现为无效数值")
    if abs(d) > _TOO_LARGE:
        raise InputError("数值过大")
    return d


def to_decimal_or_none(value: object) -> Decimal | None:
    return None if is_blank(value) else to_decimal(value)


def round_half_up(value: Decimal, places: int) -> Decimal:
    """Excel's ROUND: halves away from zero (for the non-negative values used here, up)."""
    try:
        return value.quantize(Decimal(10) ** -places, rounding=ROUND_HALF_UP)
    except InvalidOperation as exc:  # pragma: no cover - only for absurd magnitudes
        raise InputError("数值过大") from exc


def fmt_number(value: Decimal, places: int) -> str:
    """Round half-up to ``places`` and drop trailing zeros: 91.00 → "91", 97.60 → "97.6"."""
    return f"{round_half_up(value, places).normalize() + 0:f}"  # normalize drops trailing zeros; + 0 makes -0 0


def fmt_percent(rate: Decimal, places: int) -> str:
    """A fraction as a percentage with exactly ``places`` decimals: 0.2418 → "24%" (places=0)."""
    r = round_half_up(rate * 100, places)
    return f"{r:f}%"


def fmt_money(value: Decimal, places: int = 2) -> str:
    """万元 amounts: two decimals, no grouping (the seed prints 7319.56)."""
    return f"{round_half_up(value, places):f}"


class NumberFormat:
    """Figures written at one set of rules' precision (its ``score_places`` and ``rate_places``): scores,
    rates, 万元 amounts.  A missing score or rate is written “—”."""

    def __init__(self, score_places: int = 2, rate_places: int = 2):
        self.sp, self.rp = score_places, rate_places

    @classmethod
    def of(cls, rules) -> "NumberFormat":
        """The format of a profile (anything with ``score_places`` and ``rate_places``)."""
        return cls(rules.score_places, rules.rate_places)

    def score(self, d: Decimal | None) -> str:
        return "—" if d is None else fmt_number(d, self.sp)

    # the figures as printed, as numbers: a difference, change or ratio a report prints is computed from these,
    # never from the unrounded values (printed − printed = the printed difference)
    def shown_score(self, d: Decimal) -> Decimal:
        """A score as :meth:`score` prints it: 90.995 → 91.00 (two places)."""
        return round_half_up(d, self.sp)

    def shown_points(self, d: Decimal) -> Decimal:
        """A fraction as :meth:`rate` prints it, in percentage points: 0.9764 → 98 (no places)."""
        return round_half_up(d * 100, self.rp)

    @staticmethod
    def shown_money(d: Decimal) -> Decimal:
        """万元 as :meth:`money` prints it: 1.2049 → 1.20."""
        return round_half_up(d, 2)

    def rate(self, d: Decimal | None) -> str:
        return "—" if d is None else fmt_percent(d, self.rp)

    @staticmethod
    def money(d: Decimal) -> str:
        """万元 with two decimals: 7319.56, 0.00."""
        return fmt_money(d)

    @staticmethod
    def wan(d: Decimal) -> str:
        """万元 with two decimals, but nothing written “0”: 4.20, 0."""
        return "0" if d == 0 else fmt_money(d)
