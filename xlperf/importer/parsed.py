"""What the import makes of a previous year's report: :class:`ParsedReport`, its paragraphs and score lines.
Pure core."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from .figures import Amounts
from .selftable import SelfTable


@dataclass
class Paragraph:
    text: str
    attr: str  # narrative attribute, "analysis", "" = unplaced
    key: str = ""  # analysis: the indicator name written in the report ("投入管理" / "工作目标管理")
    parent: str = ""  # analysis: the level-1 block's name when ``key`` is a sub-item


@dataclass
class ScoreLine:
    name: str
    weight: Optional[Decimal]
    score: Decimal
    level: int = 1


@dataclass
class ParsedReport:
    unit: str = ""
    year: Optional[int] = None
    kind: str = "部门整体"
    paragraphs: list[Paragraph] = field(default_factory=list)
    #: section id → the department's own heading text (without numbering) where it differs
    headings: dict[str, str] = field(default_factory=dict)
    #: headings in the order the report has them: (outline key or "", text as written)
    outline: list[tuple[str, str]] = field(default_factory=list)
    scores: list[ScoreLine] = field(default_factory=list)
    total: Optional[Decimal] = None
    grade: str = ""
    figures: dict[str, object] = field(default_factory=dict)  # budget.initial → Decimal, projects.total → int …
    problems_section: str = ""
    warnings: list[str] = field(default_factory=list)
    selftable: SelfTable = field(default_factory=SelfTable)  # the 自评表's indicator rows
    amounts: Amounts = field(default_factory=Amounts)  # budget amounts in other wordings and tables (settled at the end)
    recognised: int = 0  # standard sections recognised (for "unrelated file" decisions)
    named: int = 0  # of those, recognised by their words (not only by their numeral)
    said_report: bool = False  # the title or first lines call it a report (绩效自评 / 绩效评价 / 自评报告 / 自评表)
    kind_stated: bool = False  # ``kind`` comes from the report's own words (its title, cover or headings)
    first_lines: list[str] = field(default_factory=list)  # the opening lines, for a refusal's message
    headings_seen: list[str] = field(default_factory=list)  # numbered lines that look like headings, recognised or not
