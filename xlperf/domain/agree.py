"""Does the sheet show what the engine computes?  (pure core)

A workbook saved by a spreadsheet program holds the values its formulas computed.  ``compare``
puts each of them — every indicator row's 计入得分, each level-1 score on 总评, the 合计 before
rescaling (得分合计), 总分, 等级 and 执行率 — next to the engine's figure.  Any difference is an error at the sheet's cell with both
numbers and the likely cause, so a report never contradicts its own workbook.  The figures come
from :attr:`xlperf.domain.model.Evaluation.shown`, a :class:`xlperf.domain.model.SheetShown` (filled by the workbook reader).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Optional

from .evaluate import Result
from .model import Seen, SheetShown, ShownValue
from .numbers import InputError, fmt_number, fmt_percent, round_half_up, to_decimal
from .problems import ERROR, Problem

Shown = ShownValue

#: shown when the file holds no computed values (written by a program, never opened and saved)
SKIPPED_NOTE = ("文件中没有表格程序计算的结果（未在 Excel/WPS/LibreOffice 中打开并保存过），"
                "未比对表中显示的得分与程序的计算")

_ROW_CAUSE = "可能是本行的灰色公式被改写或删除，或有表格无法计算的文字：请从上一行复制灰色单元格，保存后再检查"
_PARENT_CAUSE = "可能是其下级有插入的行缺少公式、公式被改写，或有表格无法计算的文字（见本表其他提示）"
_TOTAL_CAUSE = "表中的公式与程序的计算不一致（见各指标行的提示）；修改后请在表格程序中保存再检查"


def _show(v: Shown, places: int, percent: bool = False) -> str:
    if v is None or v == "":
        return "空白"
    if isinstance(v, Decimal):
        return fmt_percent(v, places) if percent else fmt_number(v, places)
    return f"“{v}”"


def same_number(shown: Shown, engine: Optional[Decimal], places: int) -> bool:
    """Equal once both are rounded half-up to ``places``; blank equals None."""
    if engine is None:
        return shown is None or shown == ""
    if shown is None or shown == "":
        return False
    try:
        d = shown if isinstance(shown, Decimal) else to_decimal(shown)
    except InputError:
        return False
    return round_half_up(d, places) == round_half_up(engine, places)


def compare(result: Result, shown: SheetShown) -> list[Problem]:
    """Errors where the sheet's computed cells differ from the engine's figures."""
    prof = result.profile
    sp = prof.score_places
    out: list[Problem] = []

    def differ(got: Optional[Seen], label: str, engine: Optional[Decimal], cause: str, places: int = sp,
               percent: bool = False) -> None:
        if got is None:
            return
        if not same_number(got.value, engine, places + (2 if percent else 0)):
            out.append(Problem(got.where, label, f"表中显示{_show(got.value, places, percent)}，程序计算为"
                                                 f"{_show(engine, places, percent)}：{cause}", ERROR))

    zero = Decimal(0)
    for r in result.walk():
        leaf = r.indicator.is_leaf
        if r.applicable and r.score is None and not leaf:
            continue  # a child without a score: reported at that child
        engine = r.score if r.applicable else (None if leaf else zero)  # a parent of 不适用 rows sums to 0
        differ(shown.rows.get(r.indicator.where("row")), "计入得分", engine, _ROW_CAUSE if leaf else _PARENT_CAUSE)
    for r in result.indicators:
        if r.applicable and r.score is None:
            continue
        differ(shown.level1.get(r.name), "得分", r.score if r.applicable else zero, _TOTAL_CAUSE)
    names = {r.name for r in result.indicators}
    for name, got in shown.level1.items():
        if name not in names:
            out.append(Problem(got.where, "指标", f"总评中的“{name}”不是指标评分表中的一级指标，请核对", ERROR))
    differ(shown.total, "总分", result.total, _TOTAL_CAUSE)
    differ(shown.raw_total, "得分合计", round_half_up(result.raw_total, sp), _TOTAL_CAUSE)  # 合计 before 不适用 rescaling
    got = shown.grade
    if got is not None and got.value != result.grade:
        out.append(Problem(got.where, "等级", f"表中显示{_show(got.value, sp)}，程序计算为“{result.grade}”：{_TOTAL_CAUSE}",
                           ERROR))
    differ(shown.exec_rate, "执行率", result.facts.get("执行率"), "请检查预算资金表中的公式和“设置”表的执行率分母",
           places=max(prof.rate_places, 2), percent=True)
    return out
