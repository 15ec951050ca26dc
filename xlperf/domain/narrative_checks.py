"""Checks of the clerk's free text that need no scoring (pure core): text that still names last year.

A form started from last year's report (``xlperf import``) or copied by hand keeps sentences such as
“2021年度，我单位……” in a 2022 form; the report would print them as this year's.  Each such text is a
warning at its own cell, suggesting the ``{年度}`` placeholder.
"""

from __future__ import annotations

import hashlib
import re
from typing import Iterator

from .model import Evaluation
from .problems import WARNING, Problem



def narrative_texts(ev: Evaluation) -> Iterator[tuple[str, str, str]]:
    """(where, label, text) of every free text the report may print."""
    nar = ev.narrative
    for key, items in nar.all_items():
        for i, text in enumerate(items, start=1):
            yield nar.where(f"{key}[{i}]") or nar.where(key) or f"文字材料：{key}", "文字材料", text
    if nar.overall_goal:
        yield nar.where("overall_goal") or "基本情况：年度整体绩效目标", "年度整体绩效目标", nar.overall_goal
    if nar.satisfaction_note:
        yield nar.where("satisfaction_note") or "预算资金：满意度说明", "满意度情况补充说明", nar.satisfaction_note
    for name, text in nar.analysis.items():
        yield nar.where(f"analysis.{name}") or f"文字材料：{name}", name, text
    for ind in ev.walk():
        for fld, label in (("deviation_reason", "偏差原因"), ("improvement", "改进措施")):
            text = getattr(ind, fld)
            if text:
                yield ind.where(fld) or ind.where("row") or f"指标评分：{ind.name}", label, text


def stale_years(ev: Evaluation) -> list[Problem]:
    """A warning at each text that names the year before the form's year as if it were this year's."""
    last = ev.year - 1
    pattern = re.compile(rf"(?<![\d.]){last}\s*(?=年|全年)")
    out = []
    for where, label, text in narrative_texts(ev):
        m = pattern.search(text or "")
        if m and not re.search(r"(?:上年|去年|上一年|同期|较|比|与)\S{0,4}$", text[:m.start()]):
            out.append(Problem(where, label, f"写有“{last}年”，本表为{ev.year}年度：如指本年请改为{{年度}}或"
                                             f"“{ev.year}年”，如确指上年请写明“上年”", WARNING))
    return out


#: the 栏目 whose text states last year's findings (problems, measures, suggestions): carried over, they must be
#: confirmed or rewritten before they are printed as this year's
CARRIED_FIELDS = ("problems", "measures", "section5", "suggestions")
#: what the author of a report template wrote for the person filling it in, left in the text by mistake
INSTRUCTION = re.compile(r"^(?:主要)?包括[^。；]{0,40}(?:原因|情况|措施|建议|问题)|^请(?:填写|说明|根据|按照|简要)|^此处|"
                         r"^[（(](?:请|此处|填写)[^）)]*[）)]|^填写说明")


def fingerprint(text: str) -> str:
    """A short fingerprint of a text as written (whitespace aside): equal when the clerk has not edited it."""
    return hashlib.sha1(re.sub(r"\s+", "", text or "").encode("utf-8")).hexdigest()[:12]


def is_instruction(text: str) -> bool:
    return bool(INSTRUCTION.search((text or "").strip()))


def carried_over(ev: Evaluation) -> list[Problem]:
    """A warning at each text an import carried over from last year's report that is still as imported."""
    marks = set(ev.carried)
    if not marks:
        return []
    out = []
    for where, label, text in narrative_texts(ev):
        if fingerprint(text) in marks:
            why = ("本段像是上年报告作者留下的填写说明，请改写为本年情况或删除" if is_instruction(text) else
                   "本段来自上年报告，请核对或改写（改写后不再提示）")
            out.append(Problem(where, label, why, WARNING))
    return out
