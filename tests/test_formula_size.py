"""Every formula written into a cell of every built workbook stays well inside Excel's limits.

Excel allows 8,192 characters and 64 levels of nesting per formula; the form keeps each under 2,000 and
20 (issue 20), so one more scoring method or way of writing a target still fits.  Measured on what is
shipped and built: the committed workbooks (workbooks/*.xlsx, *.xlsm, the add-in), the forms that
``xlperf new`` writes for each shipped profile, and a form whose profile turns on the optional columns
(得分系数 wraps the 建议得分 formula once more).
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest

from xlperf import cli
from xlperf.domain.profiles import PROFILE_DIR, available

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = sorted(p for p in (ROOT / "workbooks").glob("*.xl*") if p.suffix in (".xlsx", ".xlsm", ".xlam"))
MAX_CHARS, MAX_DEPTH = 2000, 20


def nesting(formula: str) -> int:
    """The deepest level of parentheses in ``formula``, not counting those inside string literals
    ("" inside a literal is a quote, which the toggling below handles: it closes and reopens)."""
    depth = deepest = 0
    quoted = False
    for ch in formula:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif not quoted and ch == ")":
            depth -= 1
            assert depth >= 0, f"unbalanced: {formula[:80]}"
    assert depth == 0 and not quoted, f"unbalanced: {formula[:80]}"
    return deepest


def formulas(path: Path):
    """(Sheet!Cell, formula) of every formula cell (for the add-in, which openpyxl does not open, the
    worksheet part's name instead of the sheet's)."""
    if path.suffix == ".xlam":
        ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
        with zipfile.ZipFile(path) as z:
            for part in z.namelist():
                if part.startswith("xl/worksheets/") and part.endswith(".xml"):
                    for c in ElementTree.fromstring(z.read(part)).iter(f"{ns}c"):
                        f = c.find(f"{ns}f")
                        if f is not None and f.text:
                            yield f"{part}!{c.get('r')}", "=" + f.text
        return
    wb = openpyxl.load_workbook(path, keep_vba=path.suffix != ".xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f" and isinstance(c.value, str):
                    yield f"{ws.title}!{c.coordinate}", c.value


def worst(path: Path) -> tuple[tuple[int, str], tuple[int, str], int]:
    """(longest formula, its cell), (deepest nesting, its cell) and the number of formulas."""
    found = [(len(f), nesting(f), where) for where, f in formulas(path)]
    longest = max(((n, w) for n, _, w in found), default=(0, ""))
    deepest = max(((d, w) for _, d, w in found), default=(0, ""))
    return longest, deepest, len(found)


def _assert_fits(path: Path) -> None:
    (chars, at), (depth, deep_at), count = worst(path)
    assert count > 0 or path.suffix == ".xlam", f"{path.name}: no formulas found"
    assert chars < MAX_CHARS, f"{path.name}: {at} has a formula of {chars} characters (limit {MAX_CHARS})"
    assert depth < MAX_DEPTH, f"{path.name}: {deep_at} nests {depth} levels (limit {MAX_DEPTH})"


def test_nesting_ignores_parentheses_in_strings():
    assert nesting('=IF(A1="(((",1,2)') == 1
    assert nesting('=IF(A1="say ""(""",ROUND(MAX(0,1),2),"")') == 3  # "" is a quote inside a literal
    assert nesting("=SUM(A1:A3)+(1+(2*3))") == 2
    assert nesting("=1") == 0
    with pytest.raises(AssertionError):
        nesting("=IF((1,2)")


def test_committed_workbooks_are_all_measured():
    names = {p.name for p in COMMITTED}
    assert {"xlperf-form.xlsx", "xlperf-form.xlsm", "example-2021.xlsx", "example-2021.xlsm"} <= names


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: p.name)
def test_committed_workbook_formulas_fit(path):
    _assert_fits(path)


@pytest.mark.parametrize("profile", sorted(available()))
def test_new_form_formulas_fit(profile, tmp_path):
    out = tmp_path / "form.xlsx"
    assert cli.main(["new", str(out), "--profile", profile]) == 0
    _assert_fits(out)


def test_form_with_optional_columns_fits(tmp_path):
    text = (PROFILE_DIR / "dept-henan-2021.toml").read_text(encoding="utf-8")
    custom = tmp_path / "cols.toml"
    custom.write_text(text.replace('name = "部门整体-河南2021"', 'name = "可选列"\ncolumns = ["得分系数", "核心指标"]'),
                      encoding="utf-8")
    out = tmp_path / "form.xlsx"
    assert cli.main(["new", str(out), "--profile", str(custom)]) == 0
    heads = [c.value for c in openpyxl.load_workbook(out)["指标评分"][3]]
    assert "得分系数" in heads  # the profile really turned the column on
    _assert_fits(out)


def test_a_row_without_its_helper_formulas_is_flagged(tmp_path):
    # a row copied only as far as the visible columns: its 建议得分 cannot compute what the engine does
    from openpyxl.utils import get_column_letter

    from xlperf.workbook import layout as L
    from xlperf.workbook.read import read_workbook

    path = tmp_path / "form.xlsx"
    wb = openpyxl.load_workbook(ROOT / "workbooks" / "example-2021.xlsx")
    ws = wb[L.S_IND]
    heads = {c.value: c.column for c in ws[L.IND_HEADER_ROW]}
    row = next(r for r in range(L.IND_HEADER_ROW + 1, ws.max_row)
               if ws.cell(r, L.IND_COL["method"]).value == "区间")
    ws.cell(row, heads[L.HELPER_COLUMNS[-1].header]).value = None
    wb.save(path)
    _, problems = read_workbook(path)
    at = f"{L.S_IND}!{get_column_letter(L.IND_COL['suggested'])}{row}"
    assert [p.message for p in problems if p.where == at and "缺少灰色公式" in p.message], problems
