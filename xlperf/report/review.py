"""The clerk's text as the report prints it, and what is wrong with it (pure core): items cleaned of their
own numbering and punctuation, lead-ins (“……如下：”) that nothing follows cut, the 满意度 without a figure,
the 落款 date, where 设置 puts 问题和措施 — each warning at its cell."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Optional

from ..domain.model import Evaluation
from ..domain.outlines import Outline
from ..domain.problems import WARNING, Problem
from ..domain.sheets import S_BUDGET, S_SETTINGS
from .sentences import satisfaction_name
from .words import is_lead_in, lead_in_sentence, without_lead_in


_END = "。；;，,.、 \u3000"
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+是|[（(][0-9一二三四五六七八九十]+[)）]|"
                        r"[0-9一二三四五六七八九十]+[、.．](?!\d))\s*")


def bare(text: str) -> str:
    """Item text without trailing punctuation."""
    return text.strip().rstrip(_END)


def as_sentence(text: str) -> str:
    """Text ending with a full stop (keeps ！？ and closing quotes as they are)."""
    text = text.strip()
    if not text or text[-1] in "。！？”」）)":
        return text
    return text.rstrip(_END) + "。"


#: a department's own item number （1） / (1): a list whose every item carries one is printed as written
_OWN_ITEM_NUMBER = re.compile(r"^\s*[（(]\d{1,2}[)）]")


def own_numbers(items: list[str]) -> bool:
    """Whether every item of a list carries the department's own （1）-style number (kept as written, gaps and
    a start other than （1） included: the report adds no numbering of its own)."""
    return bool(items) and all(_OWN_ITEM_NUMBER.match(t) for t in items)


def unnumbered(text: str) -> str:
    """A list item without the numbering a clerk may have typed (一是 / 1、 / （一）)."""
    return _NUMBERING.sub("", text.strip()).strip()  # (the pattern is anchored at the start: one number at most)


def clean(items: list[str]) -> list[str]:
    return [t.strip() for t in items if t and t.strip()]


def text_cell(ev: Evaluation, key: str, label: str) -> str:
    """The cell of one text (``process[2]``, ``analysis.绩效管理``), else its 栏目's first cell (``process``),
    else a place name."""
    nar = ev.narrative
    return nar.where(key) or nar.where(re.split(r"[.\[]", key)[0]) or f"文字材料：{label}"



#: what an empty section prints: the 公文 way of saying there is nothing to report
NOTHING = "无。"


def cut_lead_in(item: tuple[str, str], label: str, problems: list[Problem], why: str) -> str:
    """``item``'s text without its closing lead-in, and a warning at its cell saying why it went."""
    text, where = item
    problems.append(Problem(where, label, f"“{lead_in_sentence(text)}”{why}，报告中已略去这句", WARNING))
    return without_lead_in(text)


def close_part(items: list[tuple[str, str]], followed: bool, label: str, problems: list[Problem]) -> list[str]:
    """One part of a section in print order, (text, cell) each: when nothing follows it in the report, a
    last paragraph ending in a lead-in (“……如下：”) loses that sentence — a lead-in never stands alone."""
    out = [t for t, _ in items]
    if items and not followed and is_lead_in(items[-1][0]):
        rest = cut_lead_in(items[-1], label, problems, "后面没有内容（请补写要列出的内容，或删去这句）")
        out = out[:-1] + ([rest] if rest else [])
    return out


def numbered_items(items: list[tuple[str, str]], label: str, problems: list[Problem]) -> list[tuple[str, str]]:
    """Items the report numbers and heads itself (问题、措施、建议、目标、任务; a 偏差原因): an item's closing
    lead-in goes, an item that is only a lead-in goes whole."""
    out = []
    for text, where in items:
        if is_lead_in(text):
            text = cut_lead_in((text, where), label, problems, "是引导语，报告自己加标题和编号")
        if text:
            out.append((text, where))
    return out



def satisfaction_check(ev: Evaluation, problems: list[Problem]) -> None:
    """满意度 is stated only from an actual figure: a target (or a 满意度 indicator) without 实际满意度 gets a
    warning at the 实际满意度 cell, and the report says nothing of it."""
    s = ev.satisfaction
    if s.achieved is not None:
        return
    if s.target is None and not s.target_text.strip() \
            and not any(n.actual_ref == "满意度" for n in ev.leaves()):
        return
    name = satisfaction_name(ev)
    problems.append(Problem(s.where("achieved") or f"{S_BUDGET}：实际满意度", "实际满意度",
                            f"未填写实际满意度，报告中不写“{name}”的完成情况；请填写调查得到的满意度", WARNING))


_DATE = re.compile(r"^\s*(\d{4})\s*(?:年|[-/.])\s*(\d{1,2})\s*(?:月|[-/.])\s*(\d{1,2})\s*日?\s*$")


def chinese_date(text: str) -> Optional[str]:
    """A date in 公文 form — 2022年3月1日 (no leading zeros) — from 2022-03-01, 2022/3/1, 2022.3.1 or
    2022年03月01日; None when ``text`` is no such date."""
    m = _DATE.match(text)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    try:
        _dt.date(y, mo, d)
    except ValueError:
        return None
    return f"{y}年{mo}月{d}日"


def signature_lines(ev: Evaluation, problems: list[Problem]) -> list[str]:
    """The 落款: the unit's name and the date (设置 落款日期, else today), or nothing when 设置 turns it off."""
    o = ev.options
    if not o.signature:
        return []
    written = (o.signature_date or "").strip()
    date = chinese_date(written) if written else chinese_date(_dt.date.today().isoformat())
    if date is None:
        problems.append(Problem(o.where("signature_date", S_SETTINGS), "落款日期",
                                f"“{written}”不是日期（应写作如 2022年3月1日 或 2022-03-01），报告中照原样写出", WARNING))
        date = written
    return [ev.unit.strip(), date]


def problem_slot(ev: Evaluation, outline: Outline, problems: list[Problem]) -> str:
    """Where 设置 “问题措施位置” puts the outline's blocks with a ``slot`` (五 or 六 in the seed outline)."""
    if not outline.problem_slots:
        return ""
    section = ev.options.problems_section.strip() or outline.default_slot
    if section not in outline.problem_slots:
        problems.append(Problem(ev.options.where("problems_section", S_SETTINGS), "问题和措施位置",
                                f"应为{'或'.join(f'“{x}”' for x in outline.problem_slots)}，现为“{section}”，"
                                f"按“{outline.default_slot}”处理", WARNING))
        section = outline.default_slot
    return section


