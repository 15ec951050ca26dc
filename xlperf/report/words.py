"""Chinese words for official reports (pure, stdlib only): numbering (二十一, 二十多个, 一、, （一）, 一是) and
clerk text as a reviewer expects it (full-width punctuation, “三公”经费, lead-ins, figures a text states)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

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
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            out += _DIGITS[d] + unit
        elif out and not out.endswith("零"):  # one 零 for a run of zeros inside the number …
            out += "零"
    return out.removesuffix("零")  # … and none at its end


def cn_count(n: int) -> str:
    """A count as official reports phrase it: 7 → 七个, 20 → 二十个, 25 → 二十多个, 134 → 一百三十多个."""
    n = int(n)
    if n >= 11 and n % 10:  # 11 and up, not a multiple of ten (10 itself is one)
        return cn_number(n - n % 10) + "多个"
    return cn_number(n) + "个"


def cn_heading(n: int) -> str:
    """一级标题编号: 1 → 一、"""
    return cn_number(n) + "、"


def cn_sub(n: int) -> str:
    """二级标题编号: 1 → （一）"""
    return f"（{cn_number(n)}）"


def cn_item(n: int) -> str:
    """条目编号: 1 → 一是"""
    return cn_number(n) + "是"


# --------------------------------------------------------------------------- clerk text as a reviewer expects it
#: characters that count as Chinese for punctuation: Han, CJK punctuation, full-width forms, Chinese quotes
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’…—]")
_HALF_TO_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_HSPACE = " \t\u00a0"
#: spans never touched: web and mail addresses, and placeholders such as {三公经费情况}
_URL_CHAR = r"[^\s\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef“”‘’]"  # an address ends at Chinese
_KEEP = re.compile(rf"(?:https?|ftp)://{_URL_CHAR}+|www\.[A-Za-z0-9.-]+{_URL_CHAR}*"
                    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+|[{｛][^{}｛｝]*[}｝]")


def _kept(text: str) -> list[bool]:
    keep = [False] * len(text)
    for m in _KEEP.finditer(text):
        for i in range(m.start(), m.end()):
            keep[i] = True
    return keep


def _before(text: str, i: int) -> str:
    """The nearest character before ``i`` that is not a horizontal space ("" at the start)."""
    return text[:i].rstrip(_HSPACE)[-1:]


def _after(text: str, i: int) -> str:
    """The nearest character after ``i`` that is not a horizontal space ("" at the end)."""
    return text[i + 1:].lstrip(_HSPACE)[:1]


def _cjk(ch: str) -> bool:
    """Whether ``ch`` is one Chinese character ("" is not)."""
    return bool(_CJK.fullmatch(ch))


def fullwidth_punctuation(text: str) -> str:
    """Half-width , ; : ? ! ( ) next to Chinese become full-width （，；：？！（））, and the spaces around
    them go.  Untouched: numbers (1,234.5 and 3:1 have digits on both sides), web and mail addresses,
    placeholders, and runs with no Chinese beside them ("Excel, Word").  A pair of brackets changes
    together: when the text inside, before or after it is Chinese."""
    keep = _kept(text)
    change: set[int] = set()
    opened: list[int] = []
    pairs: list[tuple[int, int]] = []
    lone: list[int] = []
    for i, c in enumerate(text):
        if keep[i] or c not in _HALF_TO_FULL:
            continue
        if c == "(":
            opened.append(i)
        elif c == ")":
            if opened:
                pairs.append((opened.pop(), i))
            else:
                lone.append(i)
        elif _cjk(_before(text, i)) or _cjk(_after(text, i)):
            change.add(i)
    lone.extend(opened)
    for o, c in pairs:
        if any(_cjk(ch) for ch in text[o + 1:c]) or _cjk(_before(text, o)) or _cjk(_after(text, c)):
            change.update((o, c))
    for i in lone:
        if _cjk(_before(text, i)) or _cjk(_after(text, i)):
            change.add(i)
    if not change:
        return text
    # spaces touching a changed mark go (a full-width mark carries its own spacing)
    drop = set()
    for i in change:
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(text) and text[j] in _HSPACE and not keep[j]:
                drop.add(j)
                j += step
    return "".join(_HALF_TO_FULL[c] if i in change else c for i, c in enumerate(text) if i not in drop)


#: “三公经费”, "三公"经费, ‘三公’经费, 三公经费 … → the one spelling of official documents: “三公”经费
_THREE_PUBLIC = re.compile(r"[“\"「『]三公经费[”\"」』]|[“\"「『‘']三公[”\"」』’']经费|三公经费")


def official_spelling(text: str) -> str:
    """“三公”经费 spelt one way (placeholders such as {三公经费情况} are left as written)."""
    if "三公" not in text:
        return text
    keep = _kept(text)
    return _THREE_PUBLIC.sub(lambda m: m.group(0) if keep[m.start()] else "“三公”经费", text)


_LEAD_IN = re.compile(r"[：:]\s*$")
_SENTENCE_END = "。！？；!?;…"


def is_lead_in(text: str) -> bool:
    """Text that announces something to follow: it ends with a colon (“偏差原因、改进措施如下：”)."""
    return bool(_LEAD_IN.search(text))


def without_lead_in(text: str) -> str:
    """``text`` without its closing lead-in sentence: “已整改。问题如下：” → “已整改。”; a text that is
    only a lead-in → ""."""
    return text[:max(text.rfind(c) for c in _SENTENCE_END) + 1]  # up to the last sentence end ("" without one)


def lead_in_sentence(text: str) -> str:
    """The closing lead-in sentence of ``text`` (for messages): “问题如下：”."""
    return text[len(without_lead_in(text)):].strip()


# --------------------------------------------------------------------------- figures stated in a text
_CLAUSES = re.compile(r"[，、：:（）()]|,(?!\d{3}(?!\d))")  # not the comma of 1,234.56
_SENTENCES = re.compile(r"[。！？；;!?\n]")
_NUMBER = r"(?<![\d.])(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
_UNITS = {"万元": re.compile(_NUMBER + "万元"), "%": re.compile(_NUMBER + "[%％]"),
          "个": re.compile(_NUMBER + "个")}


def states_figure(text: str, value, unit: str, sentence_words: tuple[str, ...],
                  clause_words: tuple[str, ...] = ()) -> bool:
    """Whether ``text`` already states ``value`` (a Decimal; for "%" a fraction, 0.9 = 90%) in ``unit``
    (万元, %, 个): in a sentence naming one of ``sentence_words`` and, when given, in a clause naming one
    of ``clause_words``.  The number counts at the precision it is written with, rounded half up like the
    report's own figures (4.2万元 states 4.20, 93% states 92.5%)."""
    if value is None or not text:
        return False
    want = Decimal(value) * (100 if unit == "%" else 1)
    for sentence in _SENTENCES.split(text):
        if not any(w in sentence for w in sentence_words):
            continue
        for clause in _CLAUSES.split(sentence):
            if clause_words and not any(w in clause for w in clause_words):
                continue
            for m in _UNITS[unit].finditer(clause):
                got = Decimal(m.group(1).replace(",", ""))  # digits and one point: always a number
                if want.quantize(got, rounding=ROUND_HALF_UP) == got:  # at got's places (quantize reads its exponent)
                    return True
    return False


# --------------------------------------------------------------------------- how the report speaks of itself
#: the words a report uses for “this unit”, longest first (so 我部门 is not read as 我部 + 门)
SELF_WORDS = ("本部门", "我部门", "本单位", "我单位", "我局", "本局", "我委", "本委", "我办", "本办", "我部", "本部")
_SELF_BY_SUFFIX = (("局", "我局"), ("委员会", "我委"), ("委", "我委"), ("办公室", "我办"), ("办", "我办"),
                   ("部", "本部门"))
_SELF = re.compile("|".join(SELF_WORDS))


def self_word(unit: str, given: str = "") -> str:
    """The one word the report uses for the unit itself: ``given`` (基本情况 本单位简称/自称) when filled,
    else from the unit's name: ……局 → 我局, ……委(员会) → 我委, ……办(公室) → 我办, ……部 → 本部门,
    anything else → 我单位."""
    if given.strip():
        return given.strip()
    name = re.sub(r"[（(][^）)]*[）)]\s*$", "", str(unit).strip())  # “某局（本级）” → 某局; None → "None", no suffix
    return next((word for suffix, word in _SELF_BY_SUFFIX if name.endswith(suffix)), "我单位")


def one_self_word(text: str, word: str) -> str:
    """``text`` with every self-reference (我单位, 我局, 本部门 …) written as ``word``; placeholders untouched."""
    if not _SELF.search(text):
        return text
    keep = _kept(text)
    return _SELF.sub(lambda m: m.group(0) if keep[m.start()] else word, text)


def exact_count(n: int) -> str:
    """A count as it is: 15 → 十五个, 23 → 二十三个 (never “十多个”)."""
    return cn_number(n) + "个"
