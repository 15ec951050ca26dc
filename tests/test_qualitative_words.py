"""定性 words as clerks write them (issue 21 §7): 良好, 优秀, 较好, 一般, 较差 and their kin score in the band of
their meaning (SCORING.md §5: 达成 100 %, 部分达成 70 %, 未达成 30 % of the 分值 suggested; §1: 优/良 ≥ 80 %, 中 60–80 %),
a profile can move a word to another band, every 定性 row of a built form offers the form's words in a drop-down whose
warning-style alert shows its message and still lets a clerk keep an own word (then `check` warns), and the native
formulas (LibreOffice) give what the engine gives."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from lo_uno import run_uno, uno_required
from xlperf import cli
from xlperf.domain.evaluate import evaluate
from xlperf.app.load import load_example
from xlperf.domain.problems import ERROR, WARNING
from xlperf.domain.profiles import load_profile, profile_from_text
from xlperf.domain.scoring import suggest
from xlperf.workbook import layout as L
from xlperf.workbook.build import write_workbook

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"

#: word → share of the 分值 suggested, by hand from the bands above
HAND = {"良好": D(1), "优秀": D(1), "优": D(1), "良": D(1), "较好": D(1), "很好": D(1), "满意": D(1),
        "一般": D("0.7"), "中等": D("0.7"), "中": D("0.7"), "合格": D("0.7"), "尚可": D("0.7"), "基本满意": D("0.7"),
        "较差": D("0.3"), "差": D("0.3"), "不合格": D("0.3"), "不满意": D("0.3"), "很差": D("0.3")}


@pytest.mark.parametrize("profile", [None, "项目支出-财预2020-10号", "部门整体-单位格式"])
@pytest.mark.parametrize("word", sorted(HAND))
def test_the_words_clerks_write_score_in_their_band(profile, word):
    prof = load_profile(profile)
    assert suggest("定性", D(10), None, word, qualitative=prof.qualitative_bands) == 10 * HAND[word]


MOVED = """\
name = "良好算部分达成"
total = 10
[[grades]]
lower = 0
label = "合格"
[[qualitative]]
label = "达成"
aliases = ["优秀"]
lower = 0.8
upper = 1
suggest = 1
[[qualitative]]
label = "部分达成"
aliases = ["良好"]
lower = 0.5
upper = 0.8
suggest = 0.6
[[indicators]]
name = "群众评价"
weight = 10
method = "定性"
"""


def test_a_profile_can_move_a_word_to_another_band():
    prof = profile_from_text(MOVED, "moved.toml")
    assert suggest("定性", D(10), None, "良好", qualitative=prof.qualitative_bands) == 6
    assert suggest("定性", D(10), None, "优秀", qualitative=prof.qualitative_bands) == 10


def _qualitative_cells(ws) -> list[str]:
    col = openpyxl.utils.get_column_letter(L.IND_COL["actual"])
    return [f"{col}{r}" for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1)
            if ws.cell(r, L.IND_COL["method"]).value == "定性"]


def _word_lists(ws):
    return [d for d in ws.data_validations.dataValidation
            if d.formula1 in (L.QUALITATIVE_WORDS_NAME, f"={L.QUALITATIVE_WORDS_NAME}")]


def _assert_drop_down_on_every_qualitative_row(path: Path) -> int:
    wb = openpyxl.load_workbook(path, keep_vba=path.suffix == ".xlsm")
    ws = wb[L.S_IND]
    cells = _qualitative_cells(ws)
    lists = _word_lists(ws)
    covered = {c for d in lists for c in str(d.sqref).split()}
    assert set(cells) <= covered, path.name
    for d in lists:
        assert d.type == "list" and d.errorStyle == "warning", path.name  # a clerk may keep an own word …
        assert d.showErrorMessage and d.error and "是" in d.error, path.name  # … after reading the message
        assert d.showInputMessage and d.prompt
    sheet, ref = next(wb.defined_names[L.QUALITATIVE_WORDS_NAME].destinations)
    words = {c[0].value for c in wb[sheet][ref.replace("$", "")]}
    assert {"良好", "优秀", "较好", "一般", "较差"} <= words, path.name
    return len(cells)


def test_every_shipped_form_offers_the_words_on_every_qualitative_row():
    counted = {p.name: _assert_drop_down_on_every_qualitative_row(p)
               for p in sorted(WORKBOOKS.glob("*.xls[xm]"))}
    assert counted["example-2021.xlsx"] == counted["example-2021.xlsm"] == 12  # the example's 12 定性 rows


@pytest.mark.parametrize("profile", [None, "项目支出-财预2020-10号"])
def test_built_forms_with_qualitative_rows_of_either_profile(tmp_path, profile):
    assert cli.main(["new", str(tmp_path / "new.xlsx")] + (["--profile", profile] if profile else [])) == 0
    _assert_drop_down_on_every_qualitative_row(tmp_path / "new.xlsx")  # (the blank forms have no 定性 row yet)
    ev = load_example()
    leaves = [n for n in ev.walk() if n.is_leaf and n.method == "正向"][:2]
    for leaf in leaves:  # two rows turned 定性 in the form's own tree
        leaf.method, leaf.actual, leaf.target = "定性", "良好", None
    if profile:
        ev.profile = profile
    path = write_workbook(tmp_path / "q.xlsx", ev)
    assert _assert_drop_down_on_every_qualitative_row(path) == 12 + 2


def test_an_own_word_with_a_typed_score_is_a_warning_without_one_an_error(tmp_path, capsys):
    wb = openpyxl.load_workbook(WORKBOOKS / "example-2021.xlsx")
    ws = wb[L.S_IND]
    cell = _qualitative_cells(ws)[0]
    row = int(cell[1:])
    ws[cell] = "还行"
    ws.cell(row, L.IND_COL["manual_score"], ws.cell(row, L.IND_COL["weight"]).value)
    wb.save(tmp_path / "own.xlsx")
    assert cli.main(["check", str(tmp_path / "own.xlsx")]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if f"{L.S_IND}!{cell} " in ln]
    assert len(lines) == 1 and lines[0].startswith("警告") and "“还行”无法识别" in lines[0]
    ws.cell(row, L.IND_COL["manual_score"]).value = None
    wb.save(tmp_path / "own2.xlsx")
    assert cli.main(["check", str(tmp_path / "own2.xlsx")]) == 1
    lines = [ln for ln in capsys.readouterr().out.splitlines() if f"{L.S_IND}!{cell} " in ln]
    assert len(lines) == 1 and lines[0].startswith("错误") and "良好" in lines[0]


def test_libreoffice_scores_the_new_words_like_the_engine_and_by_hand(tmp_path):
    from form_cells import indicator_rows
    from test_workbook_natives import _assert_matches_engine

    from xlperf.infra.office import convert

    ev = load_example()
    words = ["良好", "优秀", "合格", "中等", "较差", "不合格", "满意", "基本满意", "一般", "较好", "优", "不满意"]
    qual = [n for n in ev.walk() if n.is_leaf and n.method == "定性"]
    assert len(qual) == len(words)
    hand = {}
    for leaf, word in zip(qual, words):
        leaf.actual, leaf.manual_score = word, None
        hand[leaf.name] = leaf.weight * HAND[word]  # 分值 × the band's share; 2 places hold it exactly
    src = write_workbook(tmp_path / "words.xlsx", ev)
    out = convert(src, "xlsx", tmp_path / "lo")
    assert _assert_matches_engine(out, ev) >= len(words)
    ws = openpyxl.load_workbook(out, data_only=True)[L.S_IND]
    rows = indicator_rows(ws)
    got = {name: D(repr(ws.cell(rows[name], L.IND_COL["suggested"]).value)) for name in hand}
    assert got == hand
    res = evaluate(ev, load_profile(None))
    assert {r.name: r.suggested for r in res.walk() if r.name in hand} == hand


# ---------------------------------------------------------------- a row made 定性 later (issue 21 §7, switched rows)

_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _sheet_xml(path: Path, title: str):
    """The worksheet XML part of ``title`` as Excel reads it (workbook.xml → its rels → the part)."""
    import zipfile
    import xml.etree.ElementTree as ET

    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    with zipfile.ZipFile(path) as z:
        book = ET.fromstring(z.read("xl/workbook.xml"))
        rid = next(s.get(rel_ns) for s in book.iterfind("m:sheets/m:sheet", _NS) if s.get("name") == title)
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        return ET.fromstring(z.read("xl/" + target.lstrip("/").removeprefix("xl/")))


def _cells_of(sqref: str) -> set[int]:
    """Rows of column H named by an sqref like ``H4:H7 H9:H317``."""
    out = set()
    for part in sqref.split():
        a, _, b = part.partition(":")
        out.update(range(int(a[1:]), int((b or a)[1:]) + 1))
    return out


@pytest.mark.parametrize("profile", [None, "项目支出-财预2020-10号"])
def test_every_actual_cell_has_the_words_drop_down_for_when_its_row_says_定性(tmp_path, profile):
    """In the xlsx XML Excel reads: every 实际完成值 cell of the table (and of the rows below it where clerks add
    rows) is in exactly one list validation — a built 定性 row in the warning-style one (words), every other cell in
    one whose list is ``IF($E<row>="定性",定性词,非定性无下拉)`` (relative to its first cell, the table's first row)
    with the alert off, so a figure typed in a 正向 row is never questioned; 非定性无下拉 is one blank cell."""
    path = tmp_path / "new.xlsx"
    assert cli.main(["new", str(path)] + (["--profile", profile] if profile else [])) == 0
    wb = openpyxl.load_workbook(path)
    ws = wb[L.S_IND]
    first = L.IND_HEADER_ROW + 1
    built = {int(c[1:]) for c in _qualitative_cells(ws)}
    assert len(built) == 1  # the example 定性 row
    act = openpyxl.utils.get_column_letter(L.IND_COL["actual"])
    method = openpyxl.utils.get_column_letter(L.IND_COL["method"])
    root = _sheet_xml(path, L.S_IND)
    lists = [(dv.get("sqref"), dv.get("showErrorMessage"), dv.get("errorStyle"), dv.findtext("m:formula1", "", _NS))
             for dv in root.iterfind("m:dataValidations/m:dataValidation", _NS) if dv.get("sqref", "").startswith(act)]
    assert len(lists) == 2
    words = next(x for x in lists if x[3] in ("=定性词", "定性词"))
    switched = next(x for x in lists if x is not words)
    assert _cells_of(words[0]) == built and words[1] == "1" and words[2] == "warning"
    assert switched[3] == f'IF(${method}{first}="定性",定性词,非定性无下拉)'
    assert switched[1] == "0"  # no alert: any figure or own word is kept (check judges it)
    assert switched[0].split()[0].startswith(f"{act}{first}")  # the formula's base: the first range's first cell
    rows = _cells_of(switched[0])
    assert min(rows) == first and not rows & built
    assert rows | built == set(range(first, max(rows) + 1))  # every cell, none twice
    assert max(rows) >= first + len(_qualitative_cells(ws)) + L.MAX_TABLE_ROWS - 1  # room for the clerk's rows
    sheet, ref = next(wb.defined_names[L.NO_WORDS_NAME].destinations)
    assert wb[sheet][ref.replace("$", "")].value is None


@uno_required
def test_a_row_switched_to_定性_in_libreoffice_offers_the_words(tmp_path, capsys):
    """Over UNO, as a clerk does it in the blank form: 预算和财务管理 (人工) gets 定性 typed in 评分方法 — its 实际完成值
    now drops down the form's words, with no alert; a row inserted under 绩效管理 as a copy of it and made 定性 too;
    a row left 人工 has an empty list; the built example 定性 row keeps its words with the warning alert.  An own word
    typed in the switched row is kept and check warns at that cell (as for a built 定性 row)."""
    path = tmp_path / "new.xlsx"
    assert cli.main(["new", str(path)]) == 0
    wb = openpyxl.load_workbook(path)
    ws = wb[L.S_IND]
    rows = {next(v for v in (ws.cell(r, c).value for c in (3, 2, 1)) if v): r
            for r in range(L.IND_HEADER_ROW + 1, ws.max_row) if any(ws.cell(r, c).value for c in (1, 2, 3))}
    sheet, ref = next(wb.defined_names[L.QUALITATIVE_WORDS_NAME].destinations)
    words = [c[0].value for c in wb[sheet][ref.replace("$", "")]]
    col = {k: openpyxl.utils.get_column_letter(v) for k, v in L.IND_COL.items()}
    fin, perf, rep = rows["预算和财务管理"], rows["绩效管理"], rows["履职效益"]
    example = rows["示例：工作目标合理性"]
    saved = tmp_path / "switched.xlsx"

    def put(r, key, v):
        return {"op": "set", "sheet": L.S_IND, "cell": f"{col[key]}{r}", "value": v}

    acts = [put(fin, "method", "定性"),
            # a new 三级 row under 绩效管理: inserted, the row above copied whole, made 定性 with its own name
            {"op": "insert_rows", "sheet": L.S_IND, "index": perf + 1, "count": 1},
            {"op": "copy_row", "sheet": L.S_IND, "from": perf, "to": perf + 1},
            put(perf + 1, "level2", None), put(perf + 1, "level3", "绩效评价完成情况"), put(perf + 1, "method", "定性"),
            {"op": "calculate"},
            {"op": "get_validation", "sheet": L.S_IND,
             "cells": [f"{col['actual']}{r}" for r in (fin, perf + 1, rep + 1, example)]},
            put(fin, "actual", "还行"), put(fin, "manual_score", 9),
            {"op": "save", "path": str(saved)}]
    got = run_uno(path, acts)["results"][7]
    switched, inserted, left, built = (got[f"{col['actual']}{r}"] for r in (fin, perf + 1, rep + 1, example))
    for v in (switched, inserted):
        assert v["type"] == "LIST" and v["show_list"] and v["list"] == words and not v["show_error"], v
    assert left["type"] == "LIST" and left["list"] == [] and not left["show_error"]  # 履职效益 (moved down by one): 人工
    assert built["list"] == words and built["show_error"] and built["alert"] == "WARNING"
    # the own word is kept as typed; check warns at that cell and the 得分 typed counts
    cell = f"{col['actual']}{fin}"
    assert openpyxl.load_workbook(saved)[L.S_IND][cell].value == "还行"
    cli.main(["check", str(saved)])
    lines = [ln for ln in capsys.readouterr().out.splitlines() if f"{L.S_IND}!{cell} " in ln]
    assert len(lines) == 1 and lines[0].startswith("警告") and "“还行”无法识别" in lines[0]
    # LibreOffice keeps the construction when it saves: the switched cell is still under the IF list (Excel reads it)
    root = _sheet_xml(saved, L.S_IND)
    kept = [dv for dv in root.iterfind("m:dataValidations/m:dataValidation", _NS)
            if fin in _cells_of(" ".join(p for p in dv.get("sqref").split() if p.startswith(col["actual"])))]
    assert len(kept) == 1 and "定性词" in kept[0].findtext("m:formula1", "", _NS)
    assert "IF(" in kept[0].findtext("m:formula1", "", _NS).upper()
