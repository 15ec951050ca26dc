"""Chinese numbering for official reports (pure, stdlib only): 二十一, 二十多个, 一、, （一）, 一是."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"


def cn_number(n: int) -> str:
    """A whole number 0-9999 in Chinese characters: 3 → 三, 10 → 十, 21 → 二十一, 105 → 一百零五."""
    n = int(n)
    if n < 0 or n > 9999:
        return str(n)
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            if zero and out:
                out += "零"
            out += _DIGITS[d] + unit
            zero = False
        elif out:
            zero = True
    return out


def cn_count(n: int) -> str:
    """A count as official reports phrase it: 7 → 七个, 20 → 二十个, 25 → 二十多个, 134 → 一百三十多个."""
    n = int(n)
    if n < 10 or n % 10 == 0:
        return cn_number(n) + "个"
    return cn_number(n - n % 10) + "多个"


def cn_heading(n: int) -> str:
    """一级标题编号: 1 → 一、"""
    return cn_number(n) + "、"


def cn_sub(n: int) -> str:
    """二级标题编号: 1 → （一）"""
    return f"（{cn_number(n)}）"


def cn_item(n: int) -> str:
    """条目编号: 1 → 一是"""
    return cn_number(n) + "是"
