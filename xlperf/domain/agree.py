"""Does the sheet show what the engine computes?  (pure core)

A workbook saved by a spreadsheet program holds the values its formulas computed.  ``compare``
puts each of them — every indicator row's 计入得分, each level-1 score on 总评, the 合计 before
rescaling (得分合计), 总分, 等级 and 执行率 — next to the engine's figure.  Any difference is an error at the sheet's cell with both
numbers and the likely cause, so a report never contradicts its own workbook.  The figures come
from :attr:`xlperf.domain.model.Evaluation.shown`, a :class:`xlperf.domain.model.SheetShown` (filled by the workbook reader).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Iterable, Optional

from .evaluate import IndicatorResult, Result
from .model import Seen, SheetShown, ShownValue
from .numbers import InputError, fmt_number, fmt_percent, round_half_up, to_decimal
from .problems import ERROR, WARNING, Problem
from .sheets import S_BUDGET

Shown = ShownValue
#: the sheet of the budget figures an indicator's 实际完成值 may refer to (=执行率)
BUDGET_SHEET = S_BUDGET

#: shown when the file holds no computed values (written by a program, never opened and saved)
SKIPPED_NOTE = ("文件中没有表格程序计算的结果（未在 Excel/WPS/LibreOffice 中打开并保存过），"
                "未比对表中显示的得分与程序的计算")

#: the cause of a row's difference when its grey formulas are those the form was built with
_UNKNOWN_CAUSE = "本行的灰色公式与生成时相同，原因不明：请在表格程序中重新计算（Ctrl+Alt+F9）并保存后再检查"
_COPY_HINT = "请从上一行复制灰色单元格，保存后再检查"
#: how the reader's warning at a 区间 row's 评分参数 cell begins when the sheet's own formulas cannot read the
#: parameter (full-width characters, too many bands …): that row's 建议得分 stays blank in WPS/LibreOffice
BAND_GAP = "在WPS/LibreOffice中无法自动计算建议得分"
_BAND_HINT = "请直接填写得分或简化参数"
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
        return shown in (None, "")
    try:  # to_decimal refuses a blank and text, and returns a Decimal as it is
        return round_half_up(to_decimal(shown), places) == round_half_up(engine, places)
    except InputError:
        return False


_CELL = re.compile(r"\$?[A-Z]*\$?(\d+)")


def _row_of(where: str) -> tuple[str, int] | None:
    """("指标评分", 12) for "指标评分!H12" (or "指标评分!$H$12"); None for a place that is no cell."""
    sheet, _, cell = where.partition("!")
    m = _CELL.fullmatch(cell)
    return (sheet, int(m.group(1))) if m else None


def _waiting(result: Result, causes: Iterable[Problem]) -> tuple[set[int], bool, bool]:
    """What depends on an error already reported (``causes``: errors, one cause, one error): the ids of the
    indicator results whose row holds an error, that the engine could not score, or that read a 预算资金 figure
    while that sheet holds an error — and every parent above them; whether 总分 and its kin wait (some level-1
    indicator does) and whether 执行率 waits (an error on 预算资金)."""
    rows = {_row_of(p.where) for p in causes}
    budget = any(p.sheet == BUDGET_SHEET for p in causes)
    out: set[int] = set()

    def visit(r: IndicatorResult) -> bool:
        below = [visit(c) for c in r.children]  # every child visited, each marked
        ind = r.indicator
        # an applicable parent without a score has an applicable child without one, which waits already
        waits = any(below) or _row_of(ind.where("row")) in rows or r.applicable and (
            r.score is None or ind.is_leaf and bool(ind.actual_ref) and budget)
        if waits:
            out.add(id(r))
        return waits

    return out, any([visit(r) for r in result.indicators]), budget


def compare(result: Result, shown: SheetShown, causes: Iterable[Problem] = ()) -> list[Problem]:
    """Errors where the sheet's computed cells differ from the engine's figures.

    A figure that depends on a cell in error (``causes``: the problems found so far) is not compared: the
    error at its cause is the one message (a typed “9分” is one error, not one for its row, its parents, 合计,
    总分 and 等级); when such figures differ, one warning says which errors they wait for."""
    prof = result.profile
    sp = prof.score_places
    out: list[Problem] = []
    given = list(causes)
    causes = [p for p in given if p.severity == ERROR] or [p for p in result.problems if p.severity == ERROR]
    band = {_row_of(p.where): p for p in given if p.message.startswith(BAND_GAP)}  # the rows the sheet cannot score
    waiting, total_waits, budget_waits = _waiting(result, causes)
    skipped: list[str] = []

    def differ(got: Optional[Seen], label: str, engine: Optional[Decimal], cause: str, places: int = sp,
               percent: bool = False, *, waits: bool) -> None:
        if got is None:
            return
        if not same_number(got.value, engine, places + (2 if percent else 0)):
            if waits:
                skipped.append(got.where)
                return
            out.append(Problem(got.where, label, f"表中显示{_show(got.value, places, percent)}，程序计算为"
                                                 f"{_show(engine, places, percent)}：{cause}"))

    def cause(r: IndicatorResult) -> str:
        """Why row ``r`` may show another figure: its own grey formulas as they differ from the built ones,
        else those of a row below it, else a 评分参数 the sheet's formulas cannot read (its own or a row's below it,
        warned at that cell), else unknown ("公式被改写" only where a formula really is)."""
        own = shown.formulas.get(r.indicator.where("row"))
        if own:
            return f"本行{own}：{_COPY_HINT}"
        below = next(((d.indicator.where("row"), shown.formulas[d.indicator.where("row")]) for d in r.walk()
                      if d is not r and d.indicator.where("row") in shown.formulas), None)
        if below:
            return f"其下级{below[0]}{below[1]}：{_COPY_HINT}"
        gap = next((band[_row_of(d.indicator.where("row"))] for d in r.walk()
                    if _row_of(d.indicator.where("row")) in band), None)
        if gap:
            whose = "本行" if _row_of(gap.where) == _row_of(r.indicator.where("row")) else "其下级"
            return f"{whose}{gap.label}的表格公式无法计算（见{gap.where}的提示），{_BAND_HINT}"
        return _UNKNOWN_CAUSE

    zero = Decimal(0)
    for r in result.walk():
        leaf = r.indicator.is_leaf
        if r.applicable and r.score is None and not leaf:
            continue  # a child without a score: reported at that child
        engine = r.score if r.applicable else (None if leaf else zero)  # a parent of 不适用 rows sums to 0
        differ(shown.rows.get(r.indicator.where("row")), "计入得分", engine, cause(r), waits=id(r) in waiting)
    for r in result.indicators:
        if r.applicable and r.score is None:
            continue  # reported where the score is missing
        differ(shown.level1.get(r.name), "得分", r.score if r.applicable else zero, _TOTAL_CAUSE,
               waits=id(r) in waiting)
    names = {r.name for r in result.indicators}
    for name, got in shown.level1.items():
        if name not in names:
            out.append(Problem(got.where, "指标", f"总评中的“{name}”不是指标评分表中的一级指标，请核对"))
    differ(shown.total, "总分", result.total, _TOTAL_CAUSE, waits=total_waits)
    differ(shown.raw_total, "得分合计", round_half_up(result.raw_total, sp), _TOTAL_CAUSE,  # 合计 before 不适用 rescaling
           waits=total_waits)
    got = shown.grade
    if got is not None and got.value != result.grade:
        if total_waits:
            skipped.append(got.where)
        else:
            out.append(Problem(got.where, "等级", f"表中显示{_show(got.value, sp)}，程序计算为“{result.grade}”："
                                                  f"{_TOTAL_CAUSE}"))
    differ(shown.exec_rate, "执行率", result.facts.get("执行率"), "请检查预算资金表中的公式和“设置”表的执行率分母",
           places=max(prof.rate_places, 2), percent=True, waits=budget_waits)
    if skipped:
        first = [got.where for got in (shown.total, shown.grade) if got is not None and got.where in skipped]
        skipped = first + [w for w in skipped if w not in first]  # 总分, 等级 named first
        cause = f"{causes[0].where}{'等处' if len(causes) > 1 else ''}的错误" if causes else "有错误的单元格"
        out.append(Problem(skipped[0], "表中显示",
                           f"{'、'.join(skipped[:3])}{'等' if len(skipped) > 3 else ''}依赖{cause}，暂不与程序计算比对；"
                           "改正后在表格程序中保存，再检查", WARNING))
    return out
