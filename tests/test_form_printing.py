"""The input form prints legibly on A4 (issue 13 §3): page setup in the sheet XML, and the LibreOffice PDF.

The PDF tests convert the committed example and blank form (which test_workbook_build keeps equal to a
fresh build) and map pages to sheets by the page footer (“指标评分　第3页，共9页”).
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest

from pdfpages import header_texts, pdf_pages, squash

from xlperf.infra.office import convert
from xlperf.workbook import layout as L
from xlperf.workbook.build import EXAMPLE_FILE, FORM_FILE

ROOT = Path(__file__).resolve().parents[1]
BOOKS = ROOT / "workbooks"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
PRINTED = (L.S_GUIDE, L.S_BASIC, L.S_IND, L.S_BUDGET, L.S_SUMMARY, L.S_TEXT, L.S_SETTINGS)
#: what a reviewer reads on 指标评分 (issue 13 §3)
REVIEWER_HEADERS = ("一级指标", "二级指标", "三级指标", "分值", "年度指标值", "指标值表述", "实际完成值", "建议得分", "得分",
                    "得分率", "偏差原因", "改进措施")
A4_PT = (595.3, 841.9)


def sheet_xml(book: Path) -> dict[str, str]:
    """Sheet name → its worksheet XML, and ``"workbook"`` → workbook.xml."""
    import xml.etree.ElementTree as ET

    with zipfile.ZipFile(book) as z:
        wb = z.read("xl/workbook.xml").decode()
        rels = ET.fromstring(z.read("xl/_rels/workbook.xml.rels"))
        target = {r.get("Id"): r.get("Target") for r in rels}
        out = {"workbook": wb}
        for s in ET.fromstring(wb).find("m:sheets", NS):
            rid = s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            out[s.get("name")] = z.read("xl/" + target[rid].lstrip("/").removeprefix("xl/")).decode()
    return out


def defined_names(wb_xml: str) -> dict[tuple[str, str], str]:
    """(name, localSheetId) → text of workbook.xml's defined names."""
    return {(m.group(1), m.group(2) or ""): m.group(3) for m in
            re.finditer(r'<definedName name="([^"]+)"(?: localSheetId="(\d+)")?[^>]*>([^<]*)</definedName>', wb_xml)}


@pytest.mark.parametrize("name", [EXAMPLE_FILE, FORM_FILE, EXAMPLE_FILE.replace(".xlsx", ".xlsm"),
                                  FORM_FILE.replace(".xlsx", ".xlsm")])
def test_page_setup_in_the_sheet_xml(name):
    """A4, fit to one page wide (any height), landscape only for 指标评分, header rows repeated —
    in the .xlsx and in the macro twins built from it."""
    xml = sheet_xml(BOOKS / name)
    order = re.findall(r'<sheet [^>]*name="([^"]+)"', xml["workbook"])
    names = defined_names(xml["workbook"])
    for sheet in PRINTED:
        s = xml[sheet]
        setup = re.search(r"<pageSetup [^>]*/>", s).group(0)
        assert 'paperSize="9"' in setup and 'fitToWidth="1"' in setup and 'fitToHeight="0"' in setup, (sheet, setup)
        assert re.search(r'<pageSetUpPr [^>]*fitToPage="1"', s), sheet
        assert f'orientation="{"landscape" if sheet == L.S_IND else "portrait"}"' in setup, (sheet, setup)
        assert "&A" in html.unescape(s) and "第&P页" in html.unescape(s), sheet  # a footer naming the sheet and the page
    local = {sheet: order.index(sheet) for sheet in PRINTED}
    assert names[("_xlnm.Print_Titles", str(local[L.S_IND]))] == f"'{L.S_IND}'!${L.IND_HEADER_ROW}:${L.IND_HEADER_ROW}"
    for sheet in (L.S_BASIC, L.S_TEXT, L.S_SUMMARY):
        assert ("_xlnm.Print_Titles", str(local[sheet])) in names, sheet
    area = names[("_xlnm.Print_Area", str(local[L.S_IND]))]
    m = re.fullmatch(rf"'{L.S_IND}'!\$A\$1:\$([A-Z]+)\$(\d+)", area)
    assert m, area


@pytest.mark.parametrize("name", [EXAMPLE_FILE, FORM_FILE])
def test_indicator_print_area_holds_the_reviewers_columns_and_no_helper_column(name):
    wb = openpyxl.load_workbook(BOOKS / name)
    ws = wb[L.S_IND]
    area = str(ws.print_area).split("!")[1].replace("$", "")
    first, last = area.split(":")
    last_col = openpyxl.utils.column_index_from_string(re.match(r"[A-Z]+", last).group(0))
    last_row = int(re.search(r"\d+", last).group(0))
    headers = [ws.cell(L.IND_HEADER_ROW, c).value for c in range(1, last_col + 1)]
    assert set(REVIEWER_HEADERS) <= set(headers), headers
    assert not any("计算用" in h for h in headers), headers
    assert ws.cell(last_row, 1).value == L.IND_TOTAL_LABEL  # down to the 合计 row
    assert first == "A1"


def cjk_width(text: str) -> float:
    return sum(2 if unicodedata.east_asian_width(c) in "WFA" else 1 for c in text)


@pytest.mark.parametrize("name", [EXAMPLE_FILE, FORM_FILE])
def test_portrait_sheets_fit_the_page_and_wrapped_rows_are_tall_enough(name):
    """Portrait A4 less 2×0.4in margins is ~717 px; Excel draws a column w units wide as 7w+5 px.  A row of
    wrapped text gets at least one 12 pt line per line its longest cell needs (a CJK character ≥ 2 units)."""
    wb = openpyxl.load_workbook(BOOKS / name)
    for sheet in PRINTED:
        ws = wb[sheet]
        widths = {c: (ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width or 8.43)
                  for c in range(1, ws.max_column + 1)}
        if sheet != L.S_IND:
            px = sum(7 * w + 5 for w in widths.values())
            assert px <= 717, (sheet, px)
        if sheet == L.S_GUIDE:  # one column: LibreOffice (~8.8 px a unit) would cut it, not shrink it
            assert 8.8 * widths[1] + 5 <= 717
        merged = {(r, c) for rng in ws.merged_cells.ranges for r in range(rng.min_row, rng.max_row + 1)
                  for c in range(rng.min_col, rng.max_col + 1)}
        for row in ws.iter_rows():
            need = 1
            for c in row:
                if isinstance(c.value, str) and c.data_type != "f" and c.alignment.wrap_text \
                        and (c.row, c.column) not in merged:
                    need = max(need, math.ceil(cjk_width(c.value) / widths[c.column]))
            if need > 1:
                height = ws.row_dimensions[row[0].row].height
                assert height and height >= 12 * need, (sheet, row[0].row, need, height)


# ---------------------------------------------------------------- the PDF


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    return {name: pdf_pages(convert(BOOKS / name, "pdf", out)) for name in (EXAMPLE_FILE, FORM_FILE)}


@pytest.mark.parametrize("name", [EXAMPLE_FILE, FORM_FILE])
def test_every_page_names_its_sheet_and_nothing_runs_off_the_right_edge(pdfs, name):
    pages = pdfs[name]
    assert all(p["sheet"] in PRINTED for p in pages), [p["sheet"] for p in pages]
    assert [s for s in PRINTED if s not in {p["sheet"] for p in pages}] == []
    for p in pages:
        width, height = p["size"]
        assert (width > height) == (p["sheet"] == L.S_IND), (p["sheet"], p["size"])
        assert max(w[1] for w in p["words"]) <= width - 20, p["sheet"]  # within the right margin
        assert min(w[0] for w in p["words"]) >= 20, p["sheet"]


@pytest.mark.parametrize("name, most", [(EXAMPLE_FILE, 3), (FORM_FILE, 1)])
def test_indicator_sheet_prints_landscape_with_its_header_on_every_page(pdfs, name, most):
    pages = [p for p in pdfs[name] if p["sheet"] == L.S_IND]
    assert 1 <= len(pages) <= most, len(pages)
    for p in pages:
        headers = header_texts(p["words"], "一级指标")
        for h in REVIEWER_HEADERS:
            assert h in headers, (h, pages.index(p), headers)
        assert "计算用" not in p["text"]
    # readable: the header text is printed at 7.5 pt or more (4 characters of 一级指标 ≥ 30 pt wide)
    word = next(w for w in pages[0]["words"] if w[2] == "一级指标")
    assert word[1] - word[0] >= 30, word


def test_long_text_prints_whole(pdfs):
    """Every paragraph of 说明 and 文字材料 is in the PDF in full: no line cut at the right edge or below a
    row too short for it (LibreOffice leaves out text that does not fit its cell)."""
    text = squash("".join(p["text"] for p in pdfs[EXAMPLE_FILE]))
    wb = openpyxl.load_workbook(BOOKS / EXAMPLE_FILE)
    paragraphs = [c.value for c in wb[L.S_GUIDE]["A"] if isinstance(c.value, str)]
    header_row = next(iter(wb.defined_names[L.TEXT_HEADER_NAME].destinations))[1]  # 'A3' → below row 3
    below = int(re.sub(r"\D", "", header_row))
    paragraphs += [c.value for c in wb[L.S_TEXT]["C"][below:] if isinstance(c.value, str)]
    assert len(paragraphs) > 25
    for para in paragraphs:
        assert squash(para) in text, para[:40]
