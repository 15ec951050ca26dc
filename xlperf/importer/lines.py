"""A report's lines, one at a time: clean-up (PDF spacing, TeX leftovers, page numbers, running headers, broken
paragraphs joined) and the shapes of a heading (一、 （一） 1.) or a table row.  Pure core."""

from __future__ import annotations

import re
from collections import Counter
from typing import Optional

from .cover import COVER_FIELD, COVER_NOISE, DATED, TITLE_END

CN_DIGITS = "一二三四五六七八九十"
_CJK = r"\u3400-\u9fff\uf900-\ufaff"

# numbering variants: 一、 一. 一． 一，   （一） (一) （一、   1. 1、 1．
RE_H1 = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．，,]\s*(\S.*)$")
RE_H2 = re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)、]\s*[、.．]?\s*(\S.*)$")
RE_H3 = re.compile(r"^(\d{1,2})\s*[.、．](?!\d)\s*(\S.*)$")
RE_PAGE = re.compile(r"^(?:[-—–－\s]*\d{1,3}[-—–－\s]*|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
SENTENCE_END = "。；;！!？?：:”」）)"


# --------------------------------------------------------------------------- text clean-up

_LATEX = (("\\geq", "≥"), ("\\leq", "≤"), ("\\ge", "≥"), ("\\le", "≤"), ("\\%", "%"), ("\\times", "×"), ("$", ""))


def clean(text: str) -> str:
    """One paragraph tidied: PDF-extraction spacing between Chinese and figures, TeX leftovers, NBSP."""
    t = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]", "", text)  # control characters: no cell holds them
    t = t.replace("\u3000", " ").replace("\xa0", " ").strip()
    t = _text_table_row(t)
    for a, b in _LATEX:
        t = t.replace(a, b)
    # spaces next to a Chinese character or full-width punctuation carry no meaning in Chinese text
    cjk = _CJK + "，。；：、！？“”‘’（）《》≥≤％"
    t = re.sub(rf"(?<=[{cjk}]) +| +(?=[{cjk}])", "", t)
    t = re.sub(r"(?<=\d)\s+(?=%)", "", t)
    return re.sub(r"\t+", "\t", t)


_TABLE_WORDS = re.compile(r"预算数|执行数|执行率|分值|得分|指标|完成值|偏差原因|权重|资金")


def _text_table_row(t: str) -> str:
    """A table row flattened to text with spaces between its cells (PDF or plain text): cells joined by tabs,
    so that the spaces are not taken for PDF spacing inside a sentence."""
    cells = t.split()
    if len(cells) < 3 or "\t" in t or re.search(r"[。，；、,;]", t):
        return t
    numbers = sum(bool(re.fullmatch(r"-?\d[\d,.]*%?", c)) for c in cells)
    if numbers >= 2 and not re.fullmatch(r"-?\d[\d,.]*%?", cells[0]) or \
            sum(bool(_TABLE_WORDS.search(c)) for c in cells) >= 3 and numbers == 0:
        return "\t".join(cells)
    return t


def _heading_ok(title: str) -> bool:
    """A heading's title: short, no sentence inside (a numbered list item ends with 。)."""
    t = title.strip()
    return 0 < len(t) <= 40 and "。" not in t and not t.endswith(("；", ";", "，"))


def heading_of(text: str) -> Optional[tuple[int, str, str]]:
    """(level, numeral, title) when ``text`` is a heading line."""
    for level, rx in ((1, RE_H1), (2, RE_H2), (3, RE_H3)):
        m = rx.match(text)
        if m and _heading_ok(m.group(2)):
            if level == 1 and m.group(2).startswith(("是", "要", "在", "对", "把")):  # 一是… is prose
                return None
            return level, m.group(1), m.group(2).strip().rstrip("：:")
    return None


def _is_table_row(text: str) -> bool:
    return "\t" in text or "|" in text or len(re.split(r"\s{2,}", text.strip())) >= 3


def _joinable(prev: str, nxt: str) -> bool:
    """A paragraph broken by a page break or a PDF line end: the first part has no ending punctuation."""
    if not prev or prev.endswith(tuple(SENTENCE_END)) or heading_of(prev) or heading_of(nxt):
        return False
    if _is_table_row(prev) or _is_table_row(nxt) or prev.endswith("表"):
        return False
    if TITLE_END.search(prev[-12:]) and re.search(r"(?:报告|总结|表)(?:[（(][^（）()]*[）)])?$", prev) \
            or COVER_FIELD.match(nxt) or COVER_NOISE.match(nxt) or DATED.match(nxt):
        return False  # a title, then the cover's fields and dates
    return len(prev) >= 20  # a short unpunctuated line is a title or label, not half a sentence


def normalise(paragraphs: list[str]) -> list[str]:
    """Cleaned paragraphs: blank lines, page numbers and repeated page headers gone, broken ones joined."""
    items = [clean(p) for p in paragraphs]
    items = [p for p in items if p and not RE_PAGE.match(p)]
    counts = Counter(p for p in items if len(p) <= 40 and not heading_of(p))
    repeated = {p for p, n in counts.items() if n >= 3}  # a running header/footer line
    out: list[str] = []
    for p in items:
        if p in repeated:
            continue
        if out and _joinable(out[-1], p):
            out[-1] += p
        else:
            out.append(p)
    return out


def _cells(row: str) -> list[str]:
    if "\t" in row:
        parts = row.split("\t")
    elif "|" in row:
        parts = row.strip("|").split("|")
    else:
        parts = re.split(r"\s{2,}|\s(?=\d)", row.strip())
    return [p.strip() for p in parts if p.strip()]


def loose_heading(text: str) -> Optional[tuple[int, str, str, str]]:
    """(level, numeral, title, rest) of a level-1/2 heading in a loose shape: ending in 。 or ：
    (“（二）项目资金情况。”) or run into its first sentence (“（二）绩效目标完成情况分析，合格率100%”)."""
    for level, rx in ((1, RE_H1), (2, RE_H2)):
        m = rx.match(text)
        if not m:
            continue
        body = m.group(2).strip()
        cut = re.search(r"[。：:，,；;]", body)
        if cut and 2 <= cut.start() <= 20 and not body.startswith(("是", "要", "在", "对", "把")):
            return level, m.group(1), body[:cut.start()], body[cut.end():].strip()
    return None
