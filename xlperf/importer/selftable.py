"""The national 项目支出绩效自评表 (财预〔2020〕10号 附件) read row by row, as a Word table or flattened to text (pure).

Its indicator part has a header ``一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因…``
and one row per 三级指标; merged cells leave the 一级/二级 names out of the rows below the first, so they carry
down.  A row is read only when its cells fall into place (name, target, actual, weight, score, and the reason
if any); otherwise it is left out with a warning quoting it — never guessed.  The 总分 row gives the total.
The amounts part (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分) is read by :mod:`.figures`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

LEVEL1 = re.compile(r"^(?:产出|效益|满意度|成本|决策|过程|管理)指标$")
LEVEL2 = re.compile(r"^(?:数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|服务对象满意度|满意度|经济成本|社会成本|"
                    r"生态环境成本)指标$")
NO_REASON = {"—", "-", "/", "无", "——", "－"}


def number(text: str) -> Optional[Decimal]:
    """A cell's plain number (``20`` / ``20分`` / ``9.5``), or None."""
    t = re.sub(r"\s+", "", text).rstrip("分")
    return Decimal(t) if re.fullmatch(r"-?\d+(?:\.\d+)?", t) else None


@dataclass
class Leaf:
    """One 三级指标 row of the table."""

    level1: str
    level2: str
    name: str
    target_text: str
    actual_text: str
    weight: Decimal
    score: Decimal
    reason: str = ""


@dataclass
class SelfTable:
    """The indicator rows of a 自评表, fed one table row at a time."""

    leaves: list[Leaf] = field(default_factory=list)
    total: Optional[Decimal] = None
    notes: list[str] = field(default_factory=list)
    reading: bool = False
    level1: str = ""
    level2: str = ""

    def row(self, cells: list[str]) -> bool:
        """True when the row belongs to the indicator part (its header, a 三级指标, the 总分)."""
        joined = "".join(cells)
        if "三级指标" in joined and ("指标值" in joined or "实际完成值" in joined) and "分值" in joined:
            self.reading, self.level1 = True, ""  # (a row's 二级 is cleared by the 一级 it needs)
            return True
        if not self.reading:
            return False
        c = [x for x in cells if x.strip()]
        if c and c[0] == "绩效指标":
            c = c[1:]
        if c and c[0] in ("总分", "合计", "总计"):
            self.total = number(c[-1])
            self.reading = False
            return True
        if c and LEVEL1.match(c[0]):
            self.level1, self.level2 = c[0], ""
            c = c[1:]
        if c and LEVEL2.match(c[0]):
            self.level2 = c[0]
            c = c[1:]
        reason = ""
        if len(c) >= 6 and number(c[-1]) is None:
            reason = "" if c[-1].strip() in NO_REASON else c[-1].strip()
            c = c[:-1]
        if len(c) != 5 or number(c[3]) is None or number(c[4]) is None or not self.level1:
            self.notes.append(f"自评表的行“{' '.join(cells)[:40]}”各栏对不上（应为三级指标、年度指标值、实际完成值、分值、"
                              "得分），未导入，请在“指标评分”表填写")
            return True
        name, target, actual, weight, score = c
        self.leaves.append(Leaf(self.level1, self.level2, name, target, actual, number(weight), number(score), reason))
        return True

    def end(self) -> None:
        self.reading = False
