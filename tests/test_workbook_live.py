"""The live-workbook source (xlwings Book → CellSource) reads what the saved-file source reads, cheaply."""

import datetime as dt
import shutil
from pathlib import Path

import pytest

from fakebook import FakeBook
from xlperf.workbook.live import XlwingsSource, parse_reference
from xlperf.workbook.read import read_source, read_workbook
from xlperf.workbook.sources import Formula

WORKBOOKS = Path(__file__).resolve().parent.parent / "workbooks"


@pytest.fixture
def example(tmp_path):
    return Path(shutil.copy(WORKBOOKS / "example-2021.xlsx", tmp_path / "example-2021.xlsx"))


@pytest.mark.parametrize("name", ["example-2021.xlsx", "xlperf-form.xlsx"])
def test_live_source_reads_what_the_file_source_reads(name):
    live_ev, live_problems = read_source(XlwingsSource(FakeBook(WORKBOOKS / name)))
    file_ev, file_problems = read_workbook(WORKBOOKS / name)
    assert live_problems == file_problems
    if file_ev is None:
        assert live_ev is None
    else:
        assert live_ev.model_dump() == file_ev.model_dump()


def test_example_reads_the_seed_figures():
    ev, problems = read_source(XlwingsSource(FakeBook(WORKBOOKS / "example-2021.xlsx")))
    assert problems == []
    assert ev.year == 2021 and isinstance(ev.year, int)
    assert ev.unit == "中共郑州市金水区委组织部"
    assert ev.budget.initial is not None and ev.budget.executed is not None


def test_two_range_reads_per_sheet_at_most():
    book = FakeBook(WORKBOOKS / "example-2021.xlsx")
    read_source(XlwingsSource(book))
    assert 0 < book.reads <= 2 * len(book.wb.sheetnames)


def test_unsaved_edits_are_read(example):
    book = FakeBook(example)
    book.wb["基本情况"]["B3"] = "某某局"  # typed, not saved
    assert book.wb.defined_names["单位名称"].attr_text.endswith("$B$3")
    ev, _ = read_source(XlwingsSource(book))
    assert ev.unit == "某某局"


def test_text_in_a_number_cell_is_named_with_its_cell(example):
    book = FakeBook(example)
    book.wb["指标评分"]["H25"] = "约95"
    _, problems = read_source(XlwingsSource(book))
    assert [(p.where, p.label) for p in problems] == [("指标评分!H25", "实际完成值")]
    assert "约95" in problems[0].message


def test_excel_errors_arrive_as_text(example):
    book = FakeBook(example)
    cell = book.wb["指标评分"]["H25"]
    cell.value, cell.data_type = "#N/A", "e"
    src = XlwingsSource(book)
    assert src.value("指标评分", 25, 8) == "#N/A"
    _, problems = read_source(src)
    assert any(p.where == "指标评分!H25" and "#N/A" in p.message for p in problems)


def test_formula_text_and_values(example):
    book = FakeBook(example)
    ws = book.wb["指标评分"]
    ws["K7"] = "=执行率"  # a formula
    ws["R7"].value = "=这是文字"
    ws["R7"].data_type = "s"  # text that starts with "="
    book.cached_values[("指标评分", 7, 11)] = 0.9876
    ws["G7"] = 2021.0
    src = XlwingsSource(book)
    k7, r7 = src.value("指标评分", 7, 11), src.value("指标评分", 7, 18)
    assert isinstance(k7, Formula) and k7 == "=执行率"
    assert src.cached("指标评分", 7, 11) == 0.9876
    assert not isinstance(r7, Formula) and r7 == "=这是文字"
    g7 = src.value("指标评分", 7, 7)
    assert g7 == 2021 and type(g7) is int


def test_dates_stay_dates(example):
    book = FakeBook(example)
    book.wb["基本情况"]["B3"] = dt.datetime(2021, 5, 1)
    assert XlwingsSource(book).value("基本情况", 3, 2) == dt.datetime(2021, 5, 1)


def test_defined_names_and_broken_ones(example):
    book = FakeBook(example)
    src = XlwingsSource(book)
    assert src.defined_name("年初预算数")[0] == "预算资金"
    assert src.defined_name("没有这个名称") is None
    del book.wb["预算资金"]
    assert XlwingsSource(book).defined_name("年初预算数") is None


def test_size_and_skip(example):
    book = FakeBook(example)
    ws = book.wb["指标评分"]
    assert XlwingsSource(book).size("指标评分") == (ws.max_row, ws.max_column)
    assert "说明" not in XlwingsSource(book, skip=("说明",)).sheet_names()


@pytest.mark.parametrize("text, expected", [
    ("='指标评分'!$A$3:$S$3", ("指标评分", 3, 1)),
    ("=预算资金!$B$4", ("预算资金", 4, 2)),
    ("='It''s'!AB12", ("It's", 12, 28)),
    ("=#REF!$B$4", None),
    ("='设置'!#REF!", None),
    ("=0.9", None),
    ('="文字"', None),
    ("=SUM(A1:A3)", None),
    (None, None),
])
def test_parse_reference(text, expected):
    assert parse_reference(text) == expected
