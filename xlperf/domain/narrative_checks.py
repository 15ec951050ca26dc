"""Checks of the clerk's free text that need no scoring (pure core): text that still names last year.

A form started from last year's report (``xlperf import``) or copied by hand keeps sentences such as
“2021年度，我单位……” in a 2022 form; the report would print them as this year's.  Each such text is a
warning at its own cell, suggesting the ``{年度}`` placeholder.  Text carried over from last year and not yet edited
is a warning too, and so is a report template's instruction phrase left in any text (the phrase list is declared
here once: the importer leaves such phrases out, the report does not print them, ``check`` warns at them).
"""

from __future__ import annotations

import hashlib
import re
from typing import Callable, Iterator

from .model import Evaluation, Narrative
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
        m = pattern.search(text)
        if m and not re.search(r"(?:上年|去年|上一年|同期|较|比|与)\S{0,4}$", text[:m.start()]):
            out.append(Problem(where, label, f"写有“{last}年”，本表为{ev.year}年度：如指本年请改为{{年度}}或"
                                             f"“{ev.year}年”，如确指上年请写明“上年”", WARNING))
    return out


#: the 栏目 whose text states last year's findings (problems, measures, suggestions): carried over, they must be
#: confirmed or rewritten before they are printed as this year's
CARRIED_FIELDS = ("problems", "measures", "section5", "suggestions")
#: Known instruction phrases: what the author of a report template wrote for the person filling it in, left in the
#: text by mistake.  Declared here once; the importer leaves them out, ``check`` warns at them, the tests read them.
#: A sentence (up to 。；！？ or a line end) is an instruction when it starts with one of INSTRUCTION_STARTS …
INSTRUCTION_STARTS = ("请填写", "请说明", "请根据", "请按照", "请简要", "请结合", "此处", "填写说明")
#: … or when it is 包括/主要包括 followed by nothing but the generic words of a template's headings (so
#: “包括绩效目标未完成原因和下一步改进措施” is one, while “包括办公楼维修、食堂改造等3个项目” is the clerk's content)
INSTRUCTION_LEAD = ("主要包括", "包括")
INSTRUCTION_WORDS = ("绩效目标", "未完成", "完成", "原因", "下一步", "改进措施", "整改措施", "措施", "执行中", "存在的",
                     "存在", "主要", "问题", "经验", "做法", "建议", "情况", "偏差", "分析", "以下", "方面", "的", "和",
                     "及", "以及", "与", "等")
#: … or a bracketed aside anywhere: “（请填写具体措施）”, “（此处…）”, “（填写…）”
INSTRUCTION_ASIDE = re.compile(r"[（(](?:请|此处|填写)[^）)]*[）)]")
INSTRUCTION_MESSAGE = "本段像是填写说明，请改写为本单位情况或删除"

_SENTENCE = re.compile(r"[^。；！？\n]*(?:[。；！？]+|\n|$)")
_TEMPLATE_WORDS = re.compile("|".join(map(re.escape, sorted(INSTRUCTION_WORDS, key=len, reverse=True))))


def _is_instruction_sentence(sentence: str) -> bool:
    s = sentence.strip().rstrip("。；！？;!?")
    if s.startswith(INSTRUCTION_STARTS):
        return True
    lead = next((w for w in INSTRUCTION_LEAD if s.startswith(w)), None)
    if lead is None or len(s) == len(lead):
        return False
    rest = _TEMPLATE_WORDS.sub("", s[len(lead):])
    return not re.sub(r"[\s、，,：:]", "", rest)


def without_instructions(text: str) -> tuple[str, list[str]]:
    """``text`` with its instruction phrases left out (stripped; "" when nothing else was there) and the phrases."""
    found = [m.group(0) for m in INSTRUCTION_ASIDE.finditer(text)]
    kept = []
    for sentence in _SENTENCE.findall(INSTRUCTION_ASIDE.sub("", text)):
        if sentence.strip() and _is_instruction_sentence(sentence):
            found.append(sentence.strip())
        else:
            kept.append(sentence)
    return ("".join(kept).strip() if found else text), found


def fingerprint(text: str) -> str:
    """A short fingerprint of a text as written (whitespace aside): equal when the clerk has not edited it."""
    return hashlib.sha1(re.sub(r"\s+", "", text).encode()).hexdigest()[:12]


def is_instruction(text: str) -> bool:
    """Whether the text holds a known instruction phrase (anywhere, as a sentence of its own or an aside)."""
    return bool(without_instructions(text)[1])


def narrative_without_instructions(nar: Narrative, label: Callable[[str], str]) -> tuple[Narrative, list[tuple[str, str]]]:
    """A copy of ``nar`` with every instruction phrase left out (a 栏目 emptied by it stays blank) and the
    (phrase, 栏目) left out; ``label`` names a field's 栏目."""
    nar = nar.model_copy(deep=True)
    dropped: list[tuple[str, str]] = []

    def clean(text: str, where: str) -> str:
        kept, found = without_instructions(text)
        dropped.extend((phrase, where) for phrase in found)
        return kept

    def items(key: str, texts: list[str], where: str) -> list[str]:
        """The texts left, each keeping its cell (``sources`` names item i as "key[i]")."""
        out, cells = [], {}
        for i, text in enumerate(texts, start=1):
            if kept := clean(text, where):
                out.append(kept)
                cells.update({f"{key}[{len(out)}]": nar.sources[f"{key}[{i}]"]} if f"{key}[{i}]" in nar.sources else {})
        nar.sources = {k: v for k, v in nar.sources.items() if not k.startswith(f"{key}[")} | cells
        return out

    for key, texts in list(nar.all_items()):
        nar.set_items(key, items(key, texts, label(key)))
    nar.unplaced = items("unplaced", nar.unplaced, "未归类")
    nar.overall_goal = clean(nar.overall_goal, "年度整体绩效目标")
    nar.satisfaction_note = clean(nar.satisfaction_note, "满意度情况补充说明")
    nar.analysis = {name: kept for name, text in nar.analysis.items() if (kept := clean(text, f"{name}情况分析"))}
    return nar, dropped


def instructions(ev: Evaluation) -> list[Problem]:
    """A warning at each text holding an instruction phrase, in any form (typed, pasted, imported)."""
    return [Problem(where, label, INSTRUCTION_MESSAGE, WARNING) for where, label, text in narrative_texts(ev)
            if is_instruction(text)]


def carried_over(ev: Evaluation) -> list[Problem]:
    """A warning at each text an import carried over from last year's report that is still as imported."""
    marks = set(ev.carried)
    if not marks:
        return []
    out = []
    for where, label, text in narrative_texts(ev):
        if fingerprint(text) in marks and not is_instruction(text):  # an instruction has its own warning
            out.append(Problem(where, label, "本段来自上年报告，请核对是否仍适用（改写后不再提示）", WARNING))
    return out


def unwritten_texts(ev: Evaluation) -> list[Problem]:
    """The texts the clerk has yet to write as this year's: last year's, still as imported, and a template's
    instructions — the one list `check` and the reader of a form with errors both give."""
    return carried_over(ev) + instructions(ev)
