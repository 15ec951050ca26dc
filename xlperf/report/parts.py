"""The typed pieces a report context holds: score rows, analysis blocks, shortfalls, chart bars, the parts
of the body in print order, and the headings (pure core)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..domain.outlines import Outline


@dataclass(frozen=True)
class ScoreRow:
    """One row of 各项指标得分情况表 (already formatted)."""

    name: str
    weight: str
    score: str
    rate: str


@dataclass(frozen=True)
class AnalysisBlock:
    """四（二） one level-1 indicator: "1.投入管理指标情况分析" and its paragraphs."""

    number: int
    title: str
    paragraphs: list[str]


@dataclass(frozen=True)
class Shortfall:
    """An indicator below full marks, with its 偏差原因 / 改进措施 as the clerk gave them."""

    name: str
    weight: str
    score: str
    rate: str
    reason: str
    measure: str
    text: str  # the whole paragraph


@dataclass(frozen=True)
class ChartBar:
    label: str
    rate: float  # 0..1 (for drawing only; 0 when not applicable)
    rate_text: str
    applicable: bool = True  # False: 不适用, drawn without a bar


@dataclass(frozen=True)
class Part:
    """One piece of the report in print order, as the outline lays it out: a heading (``level`` 1 “一、”,
    2 “（一）”, 3 “1.”), a paragraph, the score table (``text`` = its caption), the chart, or a line of the
    落款 (``signature``: the unit, then the date — printed right-aligned, GB/T 9704 7.3.5)."""

    kind: str  # "heading", "text", "table", "chart", "signature"
    text: str = ""
    level: int = 0


_OWN_NUMBERING = r"^\s*(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+[、.．])\s*"


class Headings(dict):
    """Section id → heading with its number; also read as attributes (``headings.s1``), as templates and
    callers written for the 部门整体 outline do."""

    def __getattr__(self, key: str) -> str:
        try:
            return self[key]
        except KeyError as exc:
            raise AttributeError(key) from exc


def own_headings(outline: Outline, own: dict[str, str]) -> Headings:
    """Section id → heading, a department's own wording kept (narrative.headings): the outline's numbering,
    the department's words — “（一）部门职能” where the outline says “（一）部门年度履职目标及主要任务”."""
    heads = outline.headings()
    for s in outline.sections:
        words = re.sub(_OWN_NUMBERING, "", own.get(s.id) or "").strip()
        if words:
            heads[s.id] = s.number + words
    return Headings(heads)

