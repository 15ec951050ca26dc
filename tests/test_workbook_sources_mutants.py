"""The reader's cell sources with workbooks made by hand (issue 19: `make mutate` judges the modules by fast tests):
``xlperf.workbook.sources`` over a small .xlsx whose XML is written here (formulas with the values a spreadsheet
program saved: numbers, text, booleans, errors), ``live`` over a stand-in for an xlwings Book, ``refs`` with the
references Excel writes, ``link`` over a saved form.  Expected values are the cells written here.

Equivalent mutants (second pass; 4 of sources.py's 212, none in live, refs, link):

* ``OpenpyxlSource.__init__``: ``keep_links=None`` — openpyxl tests ``if not self.keep_links``, so None is False:
  the external links are dropped either way (``keep_links=True`` or no argument is killed by
  ``test_a_link_to_another_workbook_is_not_followed``).
* ``_plain``: ``getattr(value, "text", None) or ""`` — an object without ``text`` gives None instead of "", and the
  ``or ""`` makes both "".
* ``_CachedValues._read``: ``el.tag == ns + "XXrowXX"`` / ``"ROW"`` — a finished row is no longer cleared; the clear
  only frees the memory of rows already read (each cell is read at its own end event, before its row ends), so every
  value read is the same.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlperf.workbook import link, live, refs
from xlperf.workbook.sources import Formula, OpenpyxlSource, _CachedValues, _plain

# ------------------------------------------------------------------ a small .xlsx, its XML by hand

_CT = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
       '<Default Extension="xml" ContentType="application/xml"/>'
       '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.sheet.main+xml"/>'
       '<Override PartName="/xl/worksheets/Sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.worksheet+xml"/>'
       '<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.worksheet+xml"/>'
       '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
       'spreadsheetml.sharedStrings+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_BOOK = ('<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
         'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
         '<sheet name="总评" sheetId="1" r:id="rId1"/><sheet name="预算资金" sheetId="2" r:id="rId2"/></sheets>'
         '<definedNames><definedName name="总分">\'总评\'!$B$10</definedName>'
         '<definedName name="指标表头">\'总评\'!$A$3:$S$3</definedName>'
         '<definedName name="旧表">\'已删除\'!$A$1</definedName>'
         '<definedName name="常数">0.9</definedName>'
         '<definedName name="坏名">\'总评\'!#REF!</definedName></definedNames></workbook>')
_BOOK_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
              'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/worksheet" Target="worksheets/Sheet1.xml"/><Relationship Id="rId2" Type="http://'
              'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/'
              'sheet2.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>')
_STRINGS = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            'main" count="3" uniqueCount="3"><si><t>优</t></si><si><r><t>良</t></r><r><t>好</t></r></si>'
            '<si><t>指标</t></si></sst>')
_CELLS_1 = (
    '<row r="3"><c r="A3" t="s"><v>2</v></c></row>'
    '<row r="10"><c r="B10"><f>SUM(C4:C7)</f><v>91</v></c><c r="C10"><f>B10/2</f><v>45.5</v></c>'
    '<c r="D10"><f>B10*1</f><v>91.0</v></c><c r="E10"><f>B10*1E2</f><v>9.1E3</v></c>'
    '<c r="F10" t="b"><f>B10&gt;90</f><v>1</v></c><c r="G10" t="b"><f>B10&lt;90</f><v>0</v></c>'
    '<c r="H10" t="s"><f>IF(B10&gt;=90,"优","良")</f><v>0</v></c><c r="I10" t="s"><f>X()</f><v>1</v></c>'
    '<c r="J10" t="s"><f>Y()</f><v>7</v></c><c r="K10" t="str"><f>"等级"&amp;"优"</f><v>等级优</v></c>'
    '<c r="L10" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="M10"><f>B10</f></c><c r="N10"><v>5</v></c>'
    '<c r="O10"><f>B10</f><v></v></c><c r="P10" t="s"><f>Z()</f><v>-1</v></c></row>'
    '<row r="11"><c r="A11" t="s"><v>0</v></c><c r="C11" t="b"><f>TRUE</f><v>true</v></c></row>')
_CELLS_2 = '<row r="4"><c r="B4"><f>1+2</f><v>3</v></c></row>'


def _sheet(rows: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            f'2006/main"><sheetData>{rows}</sheetData></worksheet>')


def _xlsx(path: Path, *, strings: bool = True, sheet2: str = _sheet(_CELLS_2)) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", _CT)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("xl/workbook.xml", _BOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", _BOOK_RELS)
        zf.writestr("xl/worksheets/Sheet1.xml", _sheet(_CELLS_1))
        zf.writestr("xl/worksheets/sheet2.xml", sheet2)
        if strings:
            zf.writestr("xl/sharedStrings.xml", _STRINGS)
    return path


_DIR = Path(tempfile.mkdtemp(prefix="xlperf-sources-"))
BOOK = _xlsx(_DIR / "book.xlsx")  # once per session


# ------------------------------------------------------------------ the saved values of formulas


@pytest.mark.parametrize("ref, value", [
    ("B10", 91), ("C10", 45.5), ("D10", 91.0), ("E10", 9100.0), ("F10", True), ("G10", False), ("H10", "优"),
    ("I10", "良好"), ("J10", None), ("K10", "等级优"), ("L10", "#DIV/0!"), ("M10", None), ("N10", None), ("O10", None),
    ("P10", None), ("A11", None), ("C11", True), ("Z99", None),
])
def test_the_value_saved_with_a_formula(ref, value):
    src = OpenpyxlSource(BOOK)
    row, col = openpyxl.utils.cell.coordinate_to_tuple(ref)
    got = src.cached("总评", row, col)
    assert got == value and type(got) is type(value)


def test_a_damaged_sheet_part_has_no_saved_values(tmp_path):
    # "true" in a number cell cannot be read as one: the sheet's saved values are read as none, never a crash
    values = _CachedValues(_xlsx(tmp_path / "b.xlsx", sheet2=_sheet(
        '<row r="4"><c r="B4"><f>1+2</f><v>3</v></c><c r="C4"><f>B4</f><v>true</v></c></row>')))
    assert values.get("预算资金", 4, 2) is None
    assert values.get("总评", 10, 2) == 91


def test_the_saved_values_of_another_sheet_and_of_no_sheet():
    src = OpenpyxlSource(BOOK)
    assert src.cached("预算资金", 4, 2) == 3
    assert src.cached("没有", 1, 1) is None


def test_saved_values_without_shared_strings(tmp_path):
    values = _CachedValues(_xlsx(tmp_path / "b.xlsx", strings=False, sheet2=_sheet(
        '<row r="4"><c r="B4" t="s"><f>X()</f><v>0</v></c><c r="C4"><f>1</f><v>2</v></c></row>')))
    assert values.get("预算资金", 4, 2) is None and values.get("预算资金", 4, 3) == 2


def test_a_sheet_read_once(tmp_path):
    values = _CachedValues(_xlsx(tmp_path / "b.xlsx"))
    assert values.get("预算资金", 4, 2) == 3
    values.path = tmp_path / "gone.xlsx"  # a second read would fail
    assert values.get("预算资金", 4, 2) == 3
    assert values.get("总评", 10, 2) is None  # not read yet: the file is gone, so nothing


# ------------------------------------------------------------------ the openpyxl source


def test_the_sheets_and_their_used_range():
    src = OpenpyxlSource(BOOK)
    assert src.sheet_names() == ["总评", "预算资金"]
    assert src.size("总评") == (11, 16) and src.size("预算资金") == (4, 2)


def test_cells_as_typed_and_formulas_as_their_text():
    src = OpenpyxlSource(BOOK)
    assert src.value("总评", 3, 1) == "指标" and src.value("总评", 10, 14) == 5
    b10 = src.value("总评", 10, 2)
    assert isinstance(b10, Formula) and b10 == "=SUM(C4:C7)"
    assert src.value("总评", 1, 1) is None
    assert src.value("预算资金", 4, 2) == "=1+2"


def test_defined_names():
    src = OpenpyxlSource(BOOK)
    assert src.defined_name("总分") == ("总评", 10, 2)
    assert src.defined_name("指标表头") == ("总评", 3, 1)
    assert src.defined_name("旧表") is None  # its sheet was deleted
    assert src.defined_name("常数") is None
    assert src.defined_name("坏名") is None
    assert src.defined_name("没有") is None


def test_number_formats(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "指标评分"
    ws["H4"] = 0.06
    ws["H4"].number_format = "0%"
    ws["H5"] = 1
    wb.save(tmp_path / "f.xlsx")
    src = OpenpyxlSource(tmp_path / "f.xlsx")
    assert src.number_format("指标评分", 4, 8) == "0%"
    assert src.number_format("指标评分", 5, 8) == "General"
    assert src.number_format("指标评分", 9, 9) == "General"
    assert src.size("指标评分") == (5, 8)  # asking for a blank cell's format adds no cell
    assert src.value("指标评分", 4, 8) == 0.06 and isinstance(src.path, Path)


def test_a_formula_objects_text():
    from openpyxl.worksheet.formula import ArrayFormula

    assert _plain("=A1") == "=A1" and isinstance(_plain("=A1"), Formula)
    assert _plain("A1+1") == "=A1+1"
    assert _plain(ArrayFormula("B4:B5", "=SUM(A1:A3)")) == "=SUM(A1:A3)"
    assert _plain(ArrayFormula("B4:B5", "SUM(A1:A3)")) == "=SUM(A1:A3)"
    assert _plain(object()) == "="


# ------------------------------------------------------------------ refs


@pytest.mark.parametrize("letters, index", [("A", 1), ("Z", 26), ("AA", 27), ("ab", 28), ("AZ", 52), ("XFD", 16384)])
def test_column_index(letters, index):
    assert refs.column_index(letters) == index


@pytest.mark.parametrize("text, expected", [
    ("='指标评分'!$A$3:$S$3", ("指标评分", 3, 1)),
    (" =预算资金!B4 ", ("预算资金", 4, 2)),
    ("预算资金!$AB$12", ("预算资金", 12, 28)),
    ("='It''s'!C3", ("It's", 3, 3)),
    ("=''!C3", None),
    ("='!C3", None),
    ("=!C3", None),
    ("=预算资金!#ref!", None),
    ("=#REF!B4", None),
    ("=#ref!B4", None),  # a deleted sheet, whatever the case
    ("=预算资金", None),
    ("=预算资金!B", None),
    ("=预算资金!ABCD4", None),
    ("=预算资金!B4x", None),
    *((f"=a{ch}b!B4", None) for ch in "'()+-*/,&\" "),
    ("=a!b!C3", ("a!b", 3, 3)),
    ("='预算资金!B4", None),  # an opening quote without its closing one
    ("=Xdata!$B$2", ("Xdata", 2, 2)),  # a plain name with an X in it
    (0.9, None), (None, None),
])
def test_parse_reference(text, expected):
    assert refs.parse_reference(text) == expected
    assert live.parse_reference is refs.parse_reference


@pytest.mark.parametrize("text, expected", [("B4", True), ("$B$4", True), ("b4", True), ("ABC1", True),
                                            ("ABCD1", False), ("B", False), ("4", False), ("B4:C5", False),
                                            (" B4", False)])
def test_is_cell(text, expected):
    assert refs.is_cell(text) is expected


# ------------------------------------------------------------------ live (a stand-in xlwings Book)


class _Range:
    def __init__(self, sheet, row=1, col=1):
        self.sheet, self.row, self.column = sheet, row, col

    def options(self, **kw):
        self.sheet.options.append(kw)
        return self

    @property
    def value(self):
        self.sheet.reads += 1
        return self.sheet.values

    @property
    def formula(self):
        self.sheet.reads += 1
        return self.sheet.formulas

    @property
    def number_format(self):
        return self.sheet.formats.get((self.row, self.column))


class _Sheet:
    def __init__(self, name, row, col, values, formulas, formats=None):
        self.name, self.row, self.col = name, row, col
        self.values, self.formulas, self.formats = values, formulas, formats or {}
        self.reads, self.options = 0, []

    @property
    def used_range(self):
        return _Range(self, self.row, self.col)

    def range(self, at):
        return _Range(self, *at)


class _Sheets(list):
    def __getitem__(self, key):
        return next(s for s in self if s.name == key) if isinstance(key, str) else super().__getitem__(key)


class _Name:
    def __init__(self, name, refers_to):
        self.name, self.refers_to = name, refers_to


class _Book:
    def __init__(self, sheets, names=()):
        self.sheets = _Sheets(sheets)
        self._names = list(names)
        self.name_reads = 0

    @property
    def names(self):
        self.name_reads += 1
        return self._names


def _book():
    summary = _Sheet("总评", 9, 1,
                     ((None, "总分", None), ("合计", 91.0, 2.5), ("x", "=这是文字", 1e15)),
                     (("", "总分", ""), ("合计", "=SUM(C4:C7)", "2.5"), ("x", "=这是文字", "1E+15")),
                     {(10, 2): "0.00", (10, 3): None})
    guide = _Sheet("说明", 1, 1, "说明", "说明")
    row = _Sheet("一行", 2, 3, (1.0, "a"), ("1", "=A1"))
    return _Book([summary, guide, row], [_Name("总分", "='总评'!$B$10"), _Name("说明名", "=说明!$A$1"),
                                         _Name("常数", "=0.9"), _Name("旧", "=已删除!A1")])


def test_a_live_books_cells_as_the_saved_file_gives_them():
    src = live.XlwingsSource(_book())
    assert src.sheet_names() == ["总评", "说明", "一行"]
    assert src.value("总评", 9, 2) == "总分" and src.value("总评", 9, 1) is None
    b10 = src.value("总评", 10, 2)
    assert isinstance(b10, Formula) and b10 == "=SUM(C4:C7)" and src.cached("总评", 10, 2) == 91
    assert type(src.cached("总评", 10, 2)) is int
    assert src.value("总评", 10, 3) == 2.5 and not isinstance(src.value("总评", 10, 3), Formula)
    assert src.value("总评", 11, 2) == "=这是文字" and not isinstance(src.value("总评", 11, 2), Formula)
    assert src.value("总评", 11, 3) == 1e15 and type(src.value("总评", 11, 3)) is float
    assert src.value("总评", 8, 2) is None and src.value("总评", 12, 2) is None  # outside the used range
    assert src.value("总评", 10, 4) is None and src.value("总评", 10, 0) is None
    assert src.size("总评") == (11, 3)
    assert src.value("说明", 1, 1) == "说明" and src.size("说明") == (1, 1)
    assert src.value("一行", 2, 3) == 1 and src.size("一行") == (2, 4)
    assert isinstance(src.value("一行", 2, 4), Formula) and src.cached("一行", 2, 4) == "a"


def test_two_reads_per_sheet_with_errors_as_text():
    book = _book()
    src = live.XlwingsSource(book)
    for _ in range(3):
        src.value("总评", 10, 2), src.cached("总评", 10, 2), src.size("总评")
    assert book.sheets["总评"].reads == 2
    assert book.sheets["总评"].options == [{"ndim": 2, "err_to_str": True}]


def test_a_live_books_defined_names_read_once():
    book = _book()
    src = live.XlwingsSource(book, skip=("说明",))
    assert src.sheet_names() == ["总评", "一行"]
    assert src.defined_name("总分") == ("总评", 10, 2)
    assert src.defined_name("说明名") is None  # on a skipped sheet
    assert src.defined_name("常数") is None and src.defined_name("旧") is None and src.defined_name("无") is None
    assert book.name_reads == 1


def test_a_live_cells_number_format():
    src = live.XlwingsSource(_book())
    assert src.number_format("总评", 10, 2) == "0.00"
    assert src.number_format("总评", 10, 3) == "General"


@pytest.mark.parametrize("raw, grid", [
    (5, [[5]]), (None, [[None]]), ([1, 2], [[1, 2]]), ((1, 2), [[1, 2]]), (((1,), (2,)), [[1], [2]]),
    ([[1, 2], [3]], [[1, 2], [3]]), ([], []),
])
def test_what_xlwings_hands_over_as_a_grid(raw, grid):
    assert live._grid(raw) == grid


@pytest.mark.parametrize("value, plain", [(2.0, 2), (-3.0, -3), (2.5, 2.5), (999999999999999.0, 999999999999999),
                                          (1e15, 1e15), (-1e15, -1e15), ("2.0", "2.0"), (True, True), (None, None),
                                          (dt.datetime(2021, 5, 1), dt.datetime(2021, 5, 1))])
def test_whole_numbers_as_int(value, plain):
    got = live._plain(value)
    assert got == plain and type(got) is type(plain)


# ------------------------------------------------------------------ link


def test_the_submission_link_of_a_saved_form(tmp_path):
    from xlperf.workbook import layout as L

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = L.S_SETTINGS
    ws["B16"] = "  http://server:8080/u/abc  "
    wb.defined_names[L.SUBMIT_LINK_NAME] = openpyxl.workbook.defined_name.DefinedName(
        L.SUBMIT_LINK_NAME, attr_text=f"'{L.S_SETTINGS}'!$B$16")
    wb.save(tmp_path / "a.xlsx")
    assert link.submission_link(tmp_path / "a.xlsx") == "http://server:8080/u/abc"
    ws["B16"] = None
    wb.save(tmp_path / "b.xlsx")
    assert link.submission_link(str(tmp_path / "b.xlsx")) == ""
    del wb.defined_names[L.SUBMIT_LINK_NAME]
    ws["B16"] = 12
    wb.save(tmp_path / "c.xlsx")
    assert link.submission_link(tmp_path / "c.xlsx") == ""


# ------------------------------------------------------------------ second pass (the first pass's survivors)


def test_saved_numbers_written_with_an_exponent_stay_decimal(tmp_path):
    # Excel writes large results as 1E+20; "1E+3" and "2e3" are 1000.0 and 2000.0 written so, not whole ints
    values = _CachedValues(_xlsx(tmp_path / "b.xlsx", sheet2=_sheet(
        '<row r="4"><c r="B4"><f>10^3</f><v>1E+3</v></c><c r="C4"><f>2*10^3</f><v>2e3</v></c></row>')))
    for col, number in ((2, 1000.0), (3, 2000.0)):
        got = values.get("预算资金", 4, col)
        assert got == number and type(got) is float


def test_shared_strings_with_an_empty_run_and_spaces_between_runs(tmp_path):
    path = _xlsx(tmp_path / "b.xlsx", strings=False, sheet2=_sheet(
        '<row r="4"><c r="B4" t="s"><f>X()</f><v>0</v></c><c r="C4" t="s"><f>Y()</f><v>1</v></c></row>'))
    with zipfile.ZipFile(path, "a") as zf:
        zf.writestr("xl/sharedStrings.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
            'main"><si><t/></si><si>\n  <r><t>良</t></r>\n  <r><t/></r>\n  <r><t>好</t></r>\n</si></sst>'))
    values = _CachedValues(path)
    assert values.get("预算资金", 4, 2) == "" and values.get("预算资金", 4, 3) == "良好"


def test_a_sheets_cells_read_once(monkeypatch):
    src = OpenpyxlSource(BOOK)
    ws = src._wb["总评"]
    reads = []
    real = ws.iter_rows
    monkeypatch.setattr(ws, "iter_rows", lambda *a, **k: reads.append(1) or real(*a, **k))
    assert isinstance(src.value("总评", 10, 2), Formula)
    assert src.value("总评", 10, 2) == "=SUM(C4:C7)" and src.value("总评", 3, 1) == "指标"
    assert reads == [1]


def test_a_live_sheet_with_nothing_handed_over_has_no_size():
    # an empty grid (xlwings hands over [] for nothing): no rows, no columns -> (first - 1, first - 1)
    assert live._Sheet(1, 1, [], []).size() == (0, 0)
    assert live._Sheet(3, 2, [], []).size() == (2, 1)


def test_a_link_to_another_workbook_is_not_followed(tmp_path):
    # a form copied from a colleague's file keeps a link to it (xl/externalLinks/…); the reader never follows it, so
    # a link whose part went missing on the way does not stop the form being read
    path = tmp_path / "linked.xlsx"
    with zipfile.ZipFile(_xlsx(tmp_path / "b.xlsx")) as src, zipfile.ZipFile(path, "w") as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = data.replace(b"</sheets>", b'</sheets><externalReferences><externalReference r:id="rId9"/>'
                                                  b"</externalReferences>")
            out.writestr(item, data)
    src = OpenpyxlSource(path)
    assert src.sheet_names() == ["总评", "预算资金"] and src.cached("预算资金", 4, 2) == 3
