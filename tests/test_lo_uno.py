"""The LibreOffice UNO harness (tests/lo_uno.py) on the shipped example: a clerk inserts, deletes and
copies rows and types scores, and the workbook's formulas follow the way they do in Excel.

Every test derives its rows from the workbook itself (openpyxl), so it follows layout changes; each
run_uno call starts one private soffice (about 2–4 s), so the actions are batched.
"""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest
from openpyxl.formula.translate import Translator

from lo_uno import run_uno, uno_required

SRC = Path(__file__).resolve().parents[1] / "workbooks" / "example-2021.xlsx"
SHEET = "指标评分"

pytestmark = uno_required


# --- Excel's reference arithmetic, to state what LibreOffice must do ---------------------------------
_STR = re.compile(r'"(?:[^"]|"")*"')
_REF = re.compile(r"(?<![\w.$'!])(?P<sheet>(?:'(?:[^']|'')+'|[^\W\d][\w.]*)!)?"
                  r"(?P<c1>\$?[A-Z]{1,3})(?P<a1>\$?)(?P<n1>\d+)"
                  r"(?::(?P<c2>\$?[A-Z]{1,3})(?P<a2>\$?)(?P<n2>\d+))?(?![\w(!])")


def _outside_strings(formula: str, fn) -> str:
    out, pos = [], 0
    for m in _STR.finditer(formula):
        out += [fn(formula[pos:m.start()]), m.group(0)]
        pos = m.end()
    return "".join(out + [fn(formula[pos:])])


def _sheet_of(prefix: str | None, own: str) -> str:
    if not prefix:
        return own
    name = prefix[:-1]
    return name[1:-1].replace("''", "'") if name.startswith("'") else name


def shift(formula: str, own: str, op: str, index: int, count: int) -> str:
    """``formula`` (on sheet ``own``) after Excel inserts/deletes ``count`` rows at row ``index`` of
    SHEET: on insertion every reference row >= index moves down (so a range grows only when rows go in
    after its first row and not after its last); on deletion references below move up, a range
    shrinks, and a reference (or a whole range) inside the deleted rows becomes #REF!."""
    last = index + count - 1

    def one(m):
        if _sheet_of(m.group("sheet"), own) != SHEET:
            return m.group(0)
        r1 = int(m.group("n1"))
        r2 = int(m.group("n2")) if m.group("n2") else None
        if op == "insert":
            n1 = r1 + count if r1 >= index else r1
            n2 = None if r2 is None else (r2 + count if r2 >= index else r2)
        elif r2 is None:
            if index <= r1 <= last:
                return "#REF!"
            n1, n2 = (r1 - count if r1 > last else r1), None
        else:
            if index <= r1 and r2 <= last:
                return "#REF!"
            n1 = r1 if r1 < index else (index if r1 <= last else r1 - count)
            n2 = r2 if r2 < index else (index - 1 if r2 <= last else r2 - count)
        text = f"{m.group('sheet') or ''}{m.group('c1')}{m.group('a1')}{n1}"
        if n2 is not None:
            text += f":{m.group('c2')}{m.group('a2')}{n2}"
        return text

    return _outside_strings(formula, lambda part: _REF.sub(one, part))


def norm(formula):
    """Compare formulas as Excel does: LibreOffice drops needless quotes around sheet names,
    lower-cases unknown (add-in) function names such as PERF_SCORE and writes FALSE as FALSE()."""
    if not isinstance(formula, str):
        return formula
    return _outside_strings(formula, lambda p: re.sub(r"'((?:[^']|'')+)'!", r"\1!", p).upper()
                            .replace("FALSE()", "FALSE").replace("TRUE()", "TRUE"))


def new_row(row: int, op: str, index: int, count: int):
    if op == "insert":
        return row + count if row >= index else row
    if index <= row < index + count:
        return None
    return row - count if row >= index + count else row


# --- the example's layout ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def book():
    wb = openpyxl.load_workbook(SRC)
    values = openpyxl.load_workbook(SRC, data_only=True)
    formulas = {ws.title: {c.coordinate: c.value for row in ws.iter_rows() for c in row
                           if c.data_type == "f"} for ws in wb}
    ws = wb[SHEET]
    # Indicator rows: a 三级指标 name in C and a numeric 分值 in D; group rows have A or B.
    indicators = [r for r in range(1, ws.max_row + 1)
                  if ws.cell(r, 3).value and isinstance(ws.cell(r, 4).value, (int, float))]
    groups, run = [], []
    for r in indicators:
        if run and r != run[-1] + 1:
            groups.append(run)
            run = []
        run.append(r)
    groups.append(run)
    assert indicators and any(len(g) >= 2 for g in groups), "example has no indicator group of 2+ rows"
    return {"formulas": {k: v for k, v in formulas.items() if v}, "indicators": indicators,
            "groups": groups, "wb": wb, "values": values}


def moved(sheet: str, addr: str, op: str, index: int, count: int):
    """Where the cell ``addr`` of ``sheet`` is after the row operation (None: deleted)."""
    if sheet != SHEET:
        return addr
    col, row = re.fullmatch(r"([A-Z]+)(\d+)", addr).groups()
    row = new_row(int(row), op, index, count)
    return None if row is None else f"{col}{row}"


def formula_gets(formulas, op="insert", index=10**6, count=0):
    """get_formula actions, one per sheet, for every formula cell at its address after the operation."""
    return [{"op": "get_formula", "sheet": sheet,
             "cells": [m for m in (moved(sheet, a, op, index, count) for a in cells) if m]}
            for sheet, cells in formulas.items()]


def check_shifted(formulas, results, op, index, count):
    """Every formula of the workbook, at its new address, is the Excel-shifted original."""
    got = dict(zip(formulas, results))
    wrong = []
    for sheet, cells in formulas.items():
        for addr, formula in cells.items():
            to = moved(sheet, addr, op, index, count)
            if to is None:
                continue  # the cell itself was deleted
            expected = shift(formula, sheet, op, index, count)
            if norm(got[sheet][to]) != norm(expected):
                wrong.append(f"{sheet}!{addr}->{to}: expected {expected[:160]!r}, "
                             f"LibreOffice {str(got[sheet][to])[:160]!r}")
    assert not wrong, f"{len(wrong)} formulas not shifted like Excel:\n" + "\n".join(wrong[:10])


def summary_get(book):
    cells = sorted(book["formulas"].get("总评", {}))
    return {"op": "get", "sheet": "总评", "cells": cells}


# --- tests -------------------------------------------------------------------------------------------
def test_libreoffice_reads_every_formula_as_written(book):
    out = run_uno(SRC, formula_gets(book["formulas"]))
    check_shifted(book["formulas"], out["results"], "insert", 10**6, 0)  # no change at all


@pytest.mark.parametrize("where", ["first_child", "below_last_indicator"])
def test_inserted_rows_shift_references_and_keep_every_total(book, where):
    group = next(g for g in book["groups"] if len(g) >= 2)
    # Before a group's first indicator row (ranges starting there move, do not grow), or under the
    # last indicator row (a range ending at that row does not grow, as in Excel).
    index = group[0] if where == "first_child" else book["indicators"][-1] + 1
    count = 2
    before = [summary_get(book), {"op": "get_named", "names": ["总分", "等级"]}]
    out = run_uno(SRC, [{"op": "unprotect", "sheet": SHEET}, *before,
                        {"op": "insert_rows", "sheet": SHEET, "index": index, "count": count},
                        *formula_gets(book["formulas"], "insert", index, count), {"op": "calculate"},
                        *before])
    res = out["results"]
    n = len(book["formulas"])
    check_shifted(book["formulas"], res[4:4 + n], "insert", index, count)
    # Empty rows change no total, no grade and no summary cell.
    assert res[-2] == res[1] and res[-1] == res[2]
    assert isinstance(res[2]["总分"], (int, float)) and res[2]["等级"]


def test_typed_score_recalculates_and_copied_row_adjusts(book):
    row = book["indicators"][0]
    ws = book["wb"][SHEET]
    weight = ws.cell(row, 4).value
    score = weight - 0.5 if weight >= 1 else weight / 2
    group = next(g for g in book["groups"] if len(g) >= 2)
    src_row, dst_row = group[0], group[-1] + 1  # copy onto a row inserted under the group
    typed, text, formula = "U2", "U3", "U4"  # scratch cells outside the table
    cols = [c.column_letter for c in ws[src_row] if c.data_type == "f"]
    out = run_uno(SRC, [
        {"op": "unprotect", "sheet": SHEET},
        {"op": "get", "sheet": SHEET, "cells": [f"P{row}"]},                       # 1
        {"op": "get_named", "names": ["总分"]},                                      # 2
        {"op": "set", "sheet": SHEET, "cell": f"M{row}", "value": score},
        {"op": "get", "sheet": SHEET, "cells": [f"P{row}"]},                       # 4
        {"op": "get_named", "names": ["总分"]},                                      # 5
        {"op": "clear", "sheet": SHEET, "cell": f"M{row}"},
        {"op": "get", "sheet": SHEET, "cells": [f"L{row}", f"P{row}"]},            # 7
        {"op": "set", "sheet": SHEET, "cell": typed, "value": "95%", "typed": True},
        {"op": "set", "sheet": SHEET, "cell": text, "value": "95%"},
        {"op": "set", "sheet": SHEET, "cell": formula, "value": f"=SUM(D{row},'{SHEET}'!D{row})"},
        {"op": "get", "sheet": SHEET, "cells": [typed, text, formula]},            # 11
        {"op": "calculate"},
        {"op": "get_named", "names": ["总分"]},                                      # 13
        {"op": "insert_rows", "sheet": SHEET, "index": dst_row, "count": 1},
        {"op": "copy_row", "sheet": SHEET, "from": src_row, "to": dst_row},
        {"op": "get_formula", "sheet": SHEET, "cells": [f"{c}{dst_row}" for c in cols]},  # 16
        {"op": "get", "sheet": SHEET, "cells": [f"C{src_row}", f"C{dst_row}", f"P{dst_row}"]},  # 17
    ])
    r = out["results"]
    p_before, total_before = r[1][f"P{row}"], r[2]["总分"]
    assert r[4][f"P{row}"] == pytest.approx(score)
    assert r[5]["总分"] == pytest.approx(total_before - (p_before - score))
    assert r[7][f"P{row}"] == r[7][f"L{row}"]  # cleared 得分: the suggested score counts
    assert r[11][typed] == pytest.approx(0.95)  # typed: parsed as a number
    assert r[11][text] == "95%"  # literal text
    assert r[11][formula] == 2 * weight  # a formula typed in Excel syntax
    assert r[13]["总分"] == total_before  # scratch cells and a hard recalculation change nothing
    for c in cols:  # copy/paste adjusts relative references like Excel's (openpyxl's Translator)
        source = shift(ws[f"{c}{src_row}"].value, SHEET, "insert", dst_row, 1)
        want = Translator(source, origin=f"{c}{src_row}").translate_formula(f"{c}{dst_row}")
        assert norm(r[16][f"{c}{dst_row}"]) == norm(want), c
    assert r[17][f"C{dst_row}"] == r[17][f"C{src_row}"]
    assert isinstance(r[17][f"P{dst_row}"], (int, float))


def test_deleted_rows_shift_references_save_and_reopen(book, tmp_path):
    group = next(g for g in book["groups"] if len(g) >= 2)
    gone = group[1]  # an indicator row nothing refers to directly
    header = next(r for r in range(group[0] - 1, 0, -1)
                  if any(f"'{SHEET}'!A{r}" in f or f"{SHEET}!A{r}" in f
                         for f in book["formulas"].get("总评", {}).values()))  # a row 总评 shows
    saved = tmp_path / "deleted.xlsx"
    out = run_uno(SRC, [
        {"op": "unprotect", "sheet": SHEET},
        {"op": "get", "sheet": SHEET, "cells": [f"P{gone}"]},                      # 1
        {"op": "get_named", "names": ["总分"]},                                      # 2
        {"op": "delete_rows", "sheet": SHEET, "index": gone, "count": 1},
        *formula_gets(book["formulas"], "delete", gone, 1),                        # 4 ...
        {"op": "get_named", "names": ["总分"]},
        {"op": "save", "path": str(saved)},
        {"op": "delete_rows", "sheet": SHEET, "index": header, "count": 1},
        {"op": "get", "sheet": "总评", "cells": ["A4", "A5", "A6", "A7"]},
        {"op": "get_formula", "sheet": "总评", "cells": ["A4", "A5", "A6", "A7"]},
    ])
    r = out["results"]
    n = len(book["formulas"])
    check_shifted(book["formulas"], r[4:4 + n], "delete", gone, 1)
    total_after = r[4 + n]["总分"]
    assert total_after == pytest.approx(r[2]["总分"] - r[1][f"P{gone}"])
    # A 总评 cell that showed the deleted header row now shows #REF!, and its formula is #REF!.
    assert "#REF!" in r[-2].values() and "=#REF!" in r[-1].values()

    # The saved file opens in openpyxl with the shifted formulas and LibreOffice's results cached.
    wb = openpyxl.load_workbook(saved)
    ws = wb[SHEET]
    for addr, formula in book["formulas"][SHEET].items():
        to = moved(SHEET, addr, "delete", gone, 1)
        if to is not None:
            assert norm(ws[to].value) == norm(shift(formula, SHEET, "delete", gone, 1)), addr
    assert not ws.protection.sheet
    assert ws.max_row == book["wb"][SHEET].max_row - 1  # (plus an empty <row r="1048576"/>, no cells)
    sheet, cell = next(iter(wb.defined_names["总分"].destinations))
    cached = openpyxl.load_workbook(saved, data_only=True)
    assert cached[sheet][cell.replace("$", "")].value == pytest.approx(total_after)


def test_a_failing_action_is_reported_with_its_index(book):
    with pytest.raises(AssertionError, match=r"at action 1 .*unknown op 'frobnicate'"):
        run_uno(SRC, [{"op": "get_named", "names": ["总分"]}, {"op": "frobnicate"}])
