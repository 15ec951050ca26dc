"""Finding a built form's cells in tests the way a clerk finds them: a field by its defined name, an indicator
by its name on 指标评分 — one declaration for every test that edits a form with openpyxl or over UNO.

Written against the saved workbook only (openpyxl), never through xlperf's reader, so a test that uses them
does not check the reader with the reader.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from xlperf.workbook import layout as L


def named_ref(wb, name: str) -> tuple[str, str]:
    """(sheet, cell such as ``B3``) that the defined name ``name`` points at; ``wb`` a workbook or its path."""
    if isinstance(wb, Path):
        wb = openpyxl.load_workbook(wb)
    sheet, ref = next(wb.defined_names[name].destinations)
    return sheet, ref.replace("$", "")


def named_cell(wb, name: str):
    """The openpyxl cell of the defined name ``name`` (read or set its ``.value``)."""
    sheet, ref = named_ref(wb, name)
    return wb[sheet][ref]


def indicator_rows(form) -> dict[str, int]:
    """Indicator name → its row on 指标评分 (the name is the first of columns A–C that holds one); ``form`` a
    saved workbook's path or its 指标评分 worksheet."""
    ws = openpyxl.load_workbook(form)[L.S_IND] if isinstance(form, Path) else form
    out = {}
    for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1):
        name = next((ws.cell(r, c).value for c in (1, 2, 3) if ws.cell(r, c).value), None)
        if name:
            out[name] = r
    return out


def full_marks_to_manual(ws) -> None:
    """Every 人工 row on the 指标评分 worksheet ``ws`` scored at its 分值 (what a clerk types to pass check)."""
    for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(r, L.IND_COL["method"]).value == "人工":
            ws.cell(r, L.IND_COL["manual_score"]).value = ws.cell(r, L.IND_COL["weight"]).value


def uno_sets(form: Path, values: dict) -> list[dict]:
    """The ``set`` actions (tests/lo_uno_script.py) that type ``values`` (defined name → value) into ``form``."""
    wb = openpyxl.load_workbook(form)
    return [{"op": "set", "sheet": sheet, "cell": cell, "value": value}
            for name, value in values.items() for sheet, cell in [named_ref(wb, name)]]


def set_named(wb, values) -> None:
    """Type ``values`` (defined name → value, a dict or pairs) into ``wb``'s named cells."""
    for name, value in dict(values).items():
        named_cell(wb, name).value = value


def rewrite_examples(ws) -> None:
    """The blank form's example 三级 rows (“示例：…”) on the 指标评分 worksheet ``ws`` made the clerk's own:
    renamed, the 定性 one 达成 and any other done at its target (full marks, so they ask for no text)."""
    for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1):
        name = ws.cell(r, L.IND_COL["level3"]).value
        if isinstance(name, str) and name.startswith("示例："):
            ws.cell(r, L.IND_COL["level3"]).value = name.removeprefix("示例：")
            method = ws.cell(r, L.IND_COL["method"]).value
            ws.cell(r, L.IND_COL["actual"]).value = "达成" if method == "定性" else ws.cell(r, L.IND_COL["target"]).value
