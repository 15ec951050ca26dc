"""xlperf.domain.agree judged by fast tests (issue 19): which of the sheet's figures wait for an error already
reported (one cause, one error — issue 21) and the one warning that names them, and how a place is read as a row.

The example (河南2021 rules) with each indicator on its own row of 指标评分 from A4 down, in the order of the sheet:
预算执行 A4 (a level-1 leaf reading =执行率), 投入管理 A5, 工作目标管理 A6, 工作目标合理性 A7 (定性, 分值 2),
绩效目标明确性 A8 … .  A sheet “computing as the engine” shows every engine figure at the reader's cells
(计入得分 in column N, 总评's level-1 scores in column C, 总分 B20, 得分合计 B19, 等级 B21); each test changes the few
figures it is about.  The expected warnings are the messages a clerk reads, written out here in full.

No survivor of agree.py is argued equivalent: the run is recorded in docs/mutation.md (s7g).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlperf.app.load import load_example
from xlperf.domain.agree import _row_of, compare
from xlperf.domain.evaluate import evaluate
from xlperf.domain.model import Seen, SheetShown
from xlperf.domain.problems import ERROR, WARNING, Problem
from xlperf.domain.profiles import load_profile

TOTAL, RAW, GRADE = "总评!B20", "总评!B19", "总评!B21"
LATER = "改正后在表格程序中保存，再检查"


def _ev():
    ev = load_example()
    for n, ind in enumerate(ev.walk(), start=4):  # each row its own place, as the workbook reader gives them
        ind.sources["row"] = f"指标评分!A{n}"
    return ev


def _sheet(result, changed: dict[str, object] = (), *, total: bool = True) -> SheetShown:
    """The sheet as the engine computes it, with ``changed`` (cell → value shown instead) applied; without 总分 and
    等级 cells when ``total`` is False."""
    changed = dict(changed)
    out = SheetShown()

    def seen(where, value):
        return Seen(where, changed.get(where, value))

    for r in result.walk():
        row = r.indicator.where("row")
        out.rows[row] = seen(row.replace("!A", "!N"), r.score if r.applicable else (None if r.indicator.is_leaf
                                                                                    else D(0)))
    for n, r in enumerate(result.indicators, start=2):
        out.level1[r.name] = seen(f"总评!C{n}", r.score)
    out.raw_total = seen(RAW, result.raw_total)
    if total:
        out.total, out.grade = seen(TOTAL, result.total), seen(GRADE, result.grade)
    return out


def _warning(problems):
    assert [p.severity for p in problems] == [WARNING], problems
    return problems[0].where, problems[0].label, problems[0].message


# ------------------------------------------------------------------ _row_of


@pytest.mark.parametrize("where, row", [
    ("指标评分!H12", ("指标评分", 12)),
    ("指标评分!$H$12", ("指标评分", 12)),  # an absolute reference is the same row
    ("指标评分!AB7", ("指标评分", 7)),
    ("指标评分!12", ("指标评分", 12)),
    ("指标评分：预算执行", None),  # a place in words (a JSON evaluation) is no row
    ("指标评分!H", None),
    ("指标评分!h12", None),  # cell names are upper case
    ("指标评分!H12!J3", None),  # only the first “!” separates sheet and cell: "H12!J3" is no cell
])
def test_a_place_names_its_row_only_when_it_is_a_cell(where, row):
    assert _row_of(where) == row


# ------------------------------------------------------------------ what waits for an error


def test_an_error_on_a_row_makes_that_row_its_parents_and_the_total_wait():
    """工作目标合理性 (A7) has an error in its 得分 cell (M7): its row, the rows above it (工作目标管理 A6, 投入管理 A5),
    总评's 投入管理 and 总分 showing other figures are one warning at 总分, which it names first, three cells in all
    and “等”; without that error each is an error of its own."""
    result = evaluate(_ev(), load_profile(None))
    off = {"指标评分!N5": D(17), "指标评分!N6": D(3), "指标评分!N7": D(1), "总评!C3": D(17), TOTAL: D(90)}
    cause = Problem("指标评分!M7", "得分", "表格公式无法计算文字“9分”")
    assert _warning(compare(result, _sheet(result, off), [cause])) == (
        TOTAL, "表中显示", f"{TOTAL}、指标评分!N5、指标评分!N6等依赖指标评分!M7的错误，暂不与程序计算比对；{LATER}")
    assert sorted((p.where, p.severity) for p in compare(result, _sheet(result, off))) == sorted(
        (w, ERROR) for w in off)


def test_three_waiting_cells_are_all_named_without_等():
    result = evaluate(_ev(), load_profile(None))
    off = {"指标评分!N6": D(3), "指标评分!N7": D(1), TOTAL: D(90)}
    cause = Problem("指标评分!M7", "得分", "表格公式无法计算文字“9分”")
    assert _warning(compare(result, _sheet(result, off), [cause]))[2] == (
        f"{TOTAL}、指标评分!N6、指标评分!N7依赖指标评分!M7的错误，暂不与程序计算比对；{LATER}")


def test_four_waiting_cells_are_three_named_and_等():
    result = evaluate(_ev(), load_profile(None))
    off = {"指标评分!N5": D(17), "指标评分!N6": D(3), "指标评分!N7": D(1), TOTAL: D(90)}
    cause = Problem("指标评分!M7", "得分", "表格公式无法计算文字“9分”")
    assert _warning(compare(result, _sheet(result, off), [cause]))[2] == (
        f"{TOTAL}、指标评分!N5、指标评分!N6等依赖指标评分!M7的错误，暂不与程序计算比对；{LATER}")


def test_a_row_below_the_error_does_not_wait():
    """An error at 工作目标合理性 (A7) leaves its sibling 绩效目标明确性 (A8) compared: its difference is an error."""
    result = evaluate(_ev(), load_profile(None))
    cause = Problem("指标评分!M7", "得分", "表格公式无法计算文字“9分”")
    got = compare(result, _sheet(result, {"指标评分!N8": D(1)}), [cause])
    assert [(p.where, p.severity) for p in got] == [("指标评分!N8", ERROR)]


def test_several_causes_are_named_by_the_first_and_等处():
    result = evaluate(_ev(), load_profile(None))
    causes = [Problem("指标评分!M7", "得分", "表格公式无法计算文字“9分”"),
              Problem("指标评分!M8", "得分", "表格公式无法计算文字“满分”")]
    assert _warning(compare(result, _sheet(result, {TOTAL: D(90)}), causes))[2] == (
        f"{TOTAL}依赖指标评分!M7等处的错误，暂不与程序计算比对；{LATER}")


def test_a_warning_is_no_cause():
    result = evaluate(_ev(), load_profile(None))
    note = Problem("指标评分!M7", "得分", "按定性规则建议2分，填写1分", WARNING)
    got = compare(result, _sheet(result, {"指标评分!N7": D(1)}), [note])
    assert [(p.where, p.severity) for p in got] == [("指标评分!N7", ERROR)]


def test_without_causes_given_the_results_own_errors_are_the_causes():
    """工作目标合理性 made 人工 without a 得分: the engine's own error at its row (A7: the reader knows no 得分 cell) is
    the cause the total waits for."""
    ev = _ev()
    row = next(i for i in ev.walk() if i.name == "工作目标合理性")
    row.method, row.actual, row.manual_score = "人工", None, None
    result = evaluate(ev, load_profile(None))
    assert [(p.where, p.severity) for p in result.problems] == [("指标评分!A7", ERROR)]
    assert _warning(compare(result, _sheet(result, {TOTAL: D(90)})))[2] == (
        f"{TOTAL}依赖指标评分!A7的错误，暂不与程序计算比对；{LATER}")


def test_a_leaf_the_engine_cannot_score_makes_the_total_wait_even_without_an_error():
    """A leaf of 分值 0 is not scored (validation reports it, the engine does not): with no error to name, the
    warning names “有错误的单元格”."""
    ev = _ev()
    next(i for i in ev.walk() if i.name == "工作目标合理性").weight = D(0)
    result = evaluate(ev, load_profile(None))
    assert [p for p in result.problems if p.severity == ERROR] == []
    assert _warning(compare(result, _sheet(result, {TOTAL: D(90)})))[2] == (
        f"{TOTAL}依赖有错误的单元格，暂不与程序计算比对；{LATER}")


def test_a_not_applicable_leaf_does_not_make_the_total_wait():
    """A 不适用 leaf has no score by the rules, not for want of one: the total is compared."""
    ev = _ev()
    next(i for i in ev.walk() if i.name == "工作目标合理性").not_applicable = True
    result = evaluate(ev, load_profile(None))
    assert [(p.where, p.severity) for p in compare(result, _sheet(result, {TOTAL: D(90)}))] == [(TOTAL, ERROR)]


def test_the_grade_waiting_is_named_first_when_there_is_no_total_cell():
    """No 总分 cell (an older sheet): a waiting 等级 is named before the rows."""
    result = evaluate(_ev(), load_profile(None))
    sheet = _sheet(result, {"指标评分!N7": D(1)}, total=False)
    sheet.grade = Seen(GRADE, "良")  # the engine's is 优 (91 points)
    cause = Problem("指标评分!M7", "得分", "表格公式无法计算文字“9分”")
    assert _warning(compare(result, sheet, [cause])) == (
        GRADE, "表中显示", f"{GRADE}、指标评分!N7依赖指标评分!M7的错误，暂不与程序计算比对；{LATER}")
    sheet.total = Seen(TOTAL, result.total)  # a total cell that agrees is not named
    assert _warning(compare(result, sheet, [cause]))[0] == GRADE


def test_a_budget_error_makes_only_the_rows_reading_a_budget_figure_wait():
    """An error on 预算资金: 预算执行 (=执行率) waits, 工作目标合理性 (a typed 定性 score) is compared."""
    result = evaluate(_ev(), load_profile(None))
    cause = Problem("预算资金!B7", "执行数", "应为数字，现为“95万”")
    got = compare(result, _sheet(result, {"指标评分!N4": D(5), "指标评分!N7": D(1)}), [cause])
    assert [(p.where, p.severity) for p in got] == [("指标评分!N7", ERROR), ("指标评分!N4", WARNING)]
