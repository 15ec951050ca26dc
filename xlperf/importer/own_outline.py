"""A department's own outline: when last year's report numbers, orders or words its sections otherwise than the
profile's outline (“二、绩效目标完成情况分析” where the outline has it as 四、; “（一）指标情况分析” before “（二）资金情况分析”
where the outline has 资金 first), the imported form carries an outline of its own — the profile's, its sections in
the department's order with the department's words and numbers — embedded in the form like any outline (规则数据
column B), so ``check`` and the report follow it.

Decisions: level-1 and level-2 numbers stay as the department wrote them (a report that skipped 三、 keeps 一、二、四、:
the issue asks for “its own numbering and order”; the import says so in its one line) unless they do not rise (then
they are counted 一、二、… in the report's order); sections the report does not have keep the profile's order after the
department's, numbered on from its last (their generated blocks — the score table, the funds — are never lost); a
level-2 section stays under its level-1 section; the places 设置“问题措施位置” offers are named by the number their
section now prints (五/六 may become 三/四), and the 文字材料 章节 labels follow the new numbers and words.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass, field
from typing import Optional

from ..domain.outlines import Outline, chapter_number, outline_from_text
from ..report.words import cn_number

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_NUMERAL = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．，,]\s*")
#: a level-2 heading's number: （二） / (二) / 2. / 2、 (a department numbering its sub-sections 1. 2. under 一、)
_SUB_NUMERAL = re.compile(r"^\s*(?:[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]|(\d{1,2})\s*([、.．])(?!\d))\s*")
_VALUE = {cn_number(n): n for n in range(1, 100)}


def _value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    return json.dumps(str(v), ensure_ascii=False)  # a JSON string is a TOML basic string


def _table(data: dict, path: str, out: list[str]) -> None:
    for k, v in data.items():
        if not isinstance(v, (dict, list)) or isinstance(v, list) and not (v and isinstance(v[0], dict)):
            out.append(f"{k} = {_value(v)}")
    for k, v in data.items():
        if isinstance(v, dict):
            out.append(f"\n[{path}{k}]")
            _table(v, f"{path}{k}.", out)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            for item in v:
                out.append(f"\n[[{path}{k}]]")
                _table(item, f"{path}{k}.", out)


def toml_text(data: dict) -> str:
    """``data`` (strings, numbers, booleans, lists, tables, arrays of tables) as TOML text."""
    out: list[str] = []
    _table(data, "", out)
    return "\n".join(out) + "\n"


@dataclass
class Written:
    """A section heading as the report has it: its outline id, the value of its number, its words."""

    id: str
    value: int
    words: str
    digits: bool = False  # a level-2 heading numbered 1. 2.
    mark: str = "."  # what follows its digits: 1. or 1、 as the department wrote it (a full-width ． read as .)
    children: list["Written"] = field(default_factory=list)

    def number(self, top: bool, value: Optional[int] = None) -> str:
        """Its number as printed at level 1 (``top``: 四、) or 2 (（二） / 2.), its own value or ``value``."""
        n = self.value if value is None else value
        if top:
            return cn_number(n) + "、"
        return f"{n}{self.mark}" if self.digits else f"（{cn_number(n)}）"


#: a section the report did not write (no number, no words, no sub-sections): numbered （一） at level 2
_UNWRITTEN = Written("", 0, "")


def _words(raw: str, numbered: re.Match) -> str:
    return raw[numbered.end():].rstrip().rstrip("。：:")


def written_order(outline: Outline, seen: list[tuple[str, str]]) -> list[Written]:
    """Each level-1 section the report has, in its order, with the level-2 sections it has under it in theirs."""
    tops = {s.id for s in outline.top_level()}
    out: list[Written] = []
    kids: set[str] = set()
    for key, raw in seen:
        if key in tops:
            m = _NUMERAL.match(raw)
            kids = set()
            if m and key not in {w.id for w in out}:
                kids = {c.id for c in outline.children(key)}
                out.append(Written(key, _VALUE.get(m.group(1), 0), _words(raw, m)))
            continue
        m = _SUB_NUMERAL.match(raw)
        if key in kids and m:
            kids.discard(key)  # the first heading of a sub-section counts
            mark = m.group(3)  # set only for 1. / 1、
            digits = mark is not None
            out[-1].children.append(Written(key, int(m.group(2)) if digits else _VALUE.get(m.group(1), 0),
                                            _words(raw, m), digits, "、" if mark == "、" else "."))
    return out


def _same(outline: Outline, w: Written, top: bool) -> bool:
    """Whether a heading is numbered — and, a level-2 one, worded — as ``outline`` has it (a level-1 heading's
    own words alone keep the profile's outline: the report prints them from 本单位小标题, as before)."""
    s = outline.section(w.id)
    return s is not None and s.number == w.number(top) and (top or not w.words or w.words == s.heading)


def _agrees(outline: Outline, written: list[Written]) -> bool:
    return all(_same(outline, w, True) and all(_same(outline, k, False) for k in w.children) for w in written)


def _value_of(number: str) -> int:
    return _VALUE.get(re.sub(r"[（()）、.．\s]", "", number), 0)


def _placed(written: list[Written], profile: list[str], numbers: dict[str, int]) -> list[tuple[str, int]]:
    """(section id, the value of its number) in print order: the profile's order and numbers when the report numbers
    its sections as the profile does (sections it left out stay in their places); else the report's sections in
    its order — with its numbers when they rise, else 1, 2, … — and the profile's others after them, numbered on."""
    if all(numbers.get(w.id) == w.value for w in written):  # (none written: the profile's as they are)
        return [(sid, numbers[sid]) for sid in profile]
    values = [w.value for w in written]
    if not (all(v > 0 for v in values) and all(a < b for a, b in zip(values, values[1:]))):
        values = [i for i, _ in enumerate(written, 1)]
    rest = [sid for sid in profile if sid not in {w.id for w in written}]
    return [(w.id, v) for w, v in zip(written, values)] + [(sid, values[-1] + i) for i, sid in enumerate(rest, 1)]


def department_outline(outline: Outline, seen: list[tuple[str, str]]) -> Optional[tuple[Outline, dict[str, str]]]:
    """(the department's outline, old slot → new slot) when the report's headings differ from ``outline``'s in
    number, order or words; None when they agree (the profile's outline is used as it is)."""
    written = written_order(outline, seen)
    if not written or _agrees(outline, written):
        return None
    data = tomllib.loads(outline.text)
    by_id = {s["id"]: s for s in data["section"]}
    tops = [s.id for s in outline.top_level()]
    slots: dict[str, str] = {}
    sections: list[dict] = []
    for key, n in _placed(written, tops, {s.id: _value_of(s.number) for s in outline.top_level()}):
        own = next((w for w in written if w.id == key), _UNWRITTEN)
        head = by_id[key]
        head["number"] = own.number(True, n)
        head["heading"] = own.words or head["heading"]
        kids = [c.id for c in outline.children(key)]
        style = own.children[0] if own.children else _UNWRITTEN  # 1. or （一） for the ones it did not write
        placed = _placed(own.children, kids, {c.id: _value_of(c.number) for c in outline.children(key)})
        group = [head]
        for sid, m in placed:
            child, words = by_id[sid], next((k for k in own.children if k.id == sid), _UNWRITTEN).words
            child["number"] = style.number(False, m)
            child["heading"] = words or child["heading"]
            if child.get("form_label"):  # “四（二）绩效指标完成情况分析”: its sections' new numbers, the report's words
                child["form_label"] = chapter_number(cn_number(n), child["number"]) + (words or re.sub(
                    r"^[一二三四五六七八九十]{1,3}\s*[、.．]?\s*(?:[（(][一二三四五六七八九十]{1,3}[）)]|\d{1,2}[.、．])?", "",
                    child["form_label"]))
            group.append(child)
        for s in group:
            for b in s.get("block", []):
                if b.get("slot"):
                    slots[b["slot"]] = cn_number(n)
        sections += group
    data["section"] = sections
    for s in sections:
        for b in s.get("block", []):
            if b.get("slot"):
                b["slot"] = slots[b["slot"]]
    if data.get("problem_slots"):
        data["problem_slots"] = [slots.get(x, x) for x in data["problem_slots"]]
        data["default_slot"] = slots.get(data["default_slot"], data["default_slot"])  # one of problem_slots
    data["name"] = f"{outline.name}（按上年报告）"
    data["description"] = "导入上年报告时按其标题的顺序、编号和文字生成"
    return outline_from_text(toml_text(data), "导入的报告提纲"), slots


def gaps(written_outline: Outline) -> list[str]:
    """The level-1 numbers a department's outline (never without sections) skips (its report went from 二、 to
    四、): kept as written."""
    values = [_value_of(s.number) for s in written_outline.top_level()]
    return [cn_number(v) + "、" for v in range(1, max(values)) if v not in values]
