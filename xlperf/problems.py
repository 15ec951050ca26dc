"""Problems found in input: one list, collected in a single pass, shown together (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

ERROR = "错误"
WARNING = "警告"


@dataclass(frozen=True)
class Problem:
    """One input problem. ``where`` is ``"指标评分!H12"`` when a cell is known, else a place name."""

    where: str
    label: str
    message: str
    severity: str = ERROR

    @property
    def sheet(self) -> str:
        return self.where.split("!", 1)[0] if "!" in self.where else ""

    @property
    def cell(self) -> str:
        return self.where.split("!", 1)[1] if "!" in self.where else ""

    def __str__(self) -> str:
        label = f"（{self.label}）" if self.label else ""
        return f"{self.where}{label}：{self.message}"


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == WARNING]


class ProblemsFound(Exception):
    """Raised where input has errors that stop the work; carries every problem."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
