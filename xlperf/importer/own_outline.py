"""A department's own outline: when last year's report numbers or orders its level-1 sections otherwise than the
profile's outline (“二、绩效目标完成情况分析” where the outline has it as 四、), the imported form carries an outline
of its own — the profile's, its level-1 sections in the department's order with the department's words, numbered
一、二、… in that order — embedded in the form like any outline (规则数据 column B), so ``check`` and the report
follow it.

Decisions: sections the report does not have keep the profile's order after the department's (their generated
blocks — the score table, the funds — are never lost); level-2 sections stay under their level-1 section in the
profile's order; the places 设置“问题措施位置” offers are named by the number their section now prints (五/六 may
become 四/五), and the 文字材料 章节 labels follow the new numbers and words.
"""

from __future__ import annotations

import json
import re
import sys
from typing import Optional

from ..domain.outlines import Outline, outline_from_text
from ..report.words import cn_number

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_NUMERAL = re.compile(r"^\s*([一二三四五六七八九十]{1,3})\s*[、.．，,]")
_OWN_WORDS = re.compile(r"^\s*[一二三四五六七八九十]{1,3}\s*[、.．，,]\s*")


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


def written_order(outline: Outline, seen: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(section id, numeral as written, words as written) of each level-1 section the report has, in its order."""
    tops = {s.id for s in outline.top_level()}
    out, done = [], set()
    for key, raw in seen:
        m = _NUMERAL.match(raw)
        if key in tops and key not in done and m:
            done.add(key)
            out.append((key, m.group(1), _OWN_WORDS.sub("", raw).strip().rstrip("。：:")))
    return out


def department_outline(outline: Outline, seen: list[tuple[str, str]]) -> Optional[tuple[Outline, dict[str, str]]]:
    """(the department's outline, old slot → new slot) when the report's level-1 numbering differs from
    ``outline``'s; None when it agrees (the profile's outline is used as it is)."""
    written = written_order(outline, seen)
    numbers = {s.id: s.number.rstrip("、.．") for s in outline.top_level()}
    if not written or all(numbers[key] == numeral for key, numeral, _ in written):
        return None
    data = tomllib.loads(outline.text)
    by_id = {s["id"]: s for s in data["section"]}
    groups: dict[str, list[dict]] = {}
    top = ""
    for s in data["section"]:
        top = s["id"] if s["level"] == 1 else top
        groups.setdefault(top, []).append(s)
    words = {key: w for key, _, w in written}
    order = [key for key, _, _ in written] + [s.id for s in outline.top_level() if s.id not in words]
    slots: dict[str, str] = {}
    sections: list[dict] = []
    for n, key in enumerate(order, 1):
        head = by_id[key]
        head["number"] = cn_number(n) + "、"
        if words.get(key):
            head["heading"] = words[key]
        for s in groups[key]:
            if s.get("form_label"):  # “四（二）绩效指标完成情况分析”: its section's new number
                s["form_label"] = re.sub(r"^[一二三四五六七八九十]{1,3}", cn_number(n), s["form_label"])
            for b in s.get("block", []):
                if b.get("slot"):
                    slots[b["slot"]] = cn_number(n)
        sections += groups[key]
    data["section"] = sections
    for s in sections:
        for b in s.get("block", []):
            if b.get("slot"):
                b["slot"] = slots[b["slot"]]
    if data.get("problem_slots"):
        data["problem_slots"] = [slots.get(x, x) for x in data["problem_slots"]]
        data["default_slot"] = slots.get(data.get("default_slot", ""), data.get("default_slot", ""))
    data["name"] = f"{outline.name}（按上年报告）"
    data["description"] = "导入上年报告时按其一级标题的顺序和编号生成"
    return outline_from_text(toml_text(data), "导入的报告提纲"), slots
