"""xlperf/importer/fill.py judged on small in-memory forms (issue 19): what the ribbon's 导入上年报告 writes into an
open form from the form the import built — which cells are filled, which are asked about (a conflict), what is left
alone, where a text row goes, which 上年得分 lands on which row, the carried-over marks and the outline lines of the
hidden 规则数据 sheet, and 问题措施位置 once the form follows the report's own outline.

The forms are a few cells each, written in the test (openpyxl, in memory): ``built`` is the imported form,
``Live`` the open workbook as xlwings shows it (sheets by name, names with their ``refers_to``, a cell's value;
Excel hands a typed number back as a float).  Every expected write below — sheet, row, column, value, old value,
and whether it is a question — is read off those cells by hand.

No mutant of fill.py is left (session 7, s7d).  Simplified on the way, behaviour the same, so that the equivalent
mutants of the first pass no longer exist: a cell reader takes (row, column) of its own sheet (the sheet name
passed and never read had mutants that changed nothing); the rows of a table below its header are one
``_table_rows`` (the ``header + 1`` of five call sites) and the rows of a saved sheet one ``_rows_below`` (a
``max_row + 1`` made ``+ 2`` reads one more blank row); ``_built_names`` lets openpyxl read ``$B$3``; the outline's
old line count without the ``\r\n`` replacement (a line break is one either way) and without the ``else 0`` of an
outline that always has text; ``_slot_after_switch`` without the ``""`` of a blank cell that no slot equals.
Fixed on the way: a row of the open form's 指标评分 without any name (a blank row inside the table) was keyed ""
like a nameless row of the imported form, so a 上年得分 of such a row would have gone into it; nameless rows now take
nothing (``test_previous_scores_go_to_the_row_of_the_same_name…``, 指标评分!E11).
"""

from __future__ import annotations

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from outline_helpers import outline_toml, section
from xlperf.domain.outlines import outline_from_text
from xlperf.importer import fill as F
from xlperf.importer.fill import Write, example_rows, plan_fill
from xlperf.importer.own_outline import department_outline


def form(cells: dict[str, dict[str, object]], names: dict[str, str]) -> openpyxl.Workbook:
    """A workbook of ``cells`` (sheet → {"B3": value}) with the defined ``names`` (name → "'sheet'!$B$3")."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for sheet, values in cells.items():
        ws = wb.create_sheet(sheet)
        for ref, value in values.items():
            ws[ref] = value
    for name, ref in names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=ref)
    return wb


class _Cell:
    def __init__(self, ws, row, col):
        self._ws, self._row, self._col = ws, row, col

    @property
    def value(self):
        return self._ws.cell(self._row, self._col).value


class _Sheet:
    def __init__(self, ws):
        self.name, self._ws = ws.title, ws

    def range(self, cell):
        return _Cell(self._ws, *cell)


class _Sheets:
    def __init__(self, wb):
        self._wb = wb

    def __iter__(self):
        return iter([_Sheet(ws) for ws in self._wb.worksheets])

    def __getitem__(self, name):
        return _Sheet(self._wb[name])


class _Name:
    def __init__(self, name, refers_to):
        self.name, self.refers_to = name, refers_to


class Live:
    """The part of an xlwings Book the fill reads."""

    def __init__(self, wb: openpyxl.Workbook, extra_names: dict[str, str] | None = None):
        self.sheets = _Sheets(wb)
        self.names = [_Name(n, "=" + dn.attr_text) for n, dn in wb.defined_names.items()]
        self.names += [_Name(n, ref) for n, ref in (extra_names or {}).items()]


def live(cells, names, extra_names=None) -> Live:
    return Live(form(cells, names), extra_names)


def rows(writes: list[Write]) -> list[tuple]:
    """(where, value, old, conflict, appended, record, relabel) of each write, in order."""
    return [(w.where, w.value, w.old, w.conflict, w.appended, w.record, w.relabel) for w in writes]


# --------------------------------------------------------------------------- one write


def test_a_write_names_its_cell_and_the_clerks_old_value():
    assert Write("指标评分", 4, 23, 8).where == "指标评分!W4"
    assert Write("基本情况", 12, 2, 8).where == "基本情况!B12"
    assert [Write("s", 1, 1, 8, old).old_text for old in (9.0, 9.5, "九分", 9, None)] == ["9", "9.5", "九分", "9", "None"]


@pytest.mark.parametrize("value, blank", [(None, True), ("", True), ("  ", True), (0, False), ("0", False),
                                          ("甲", False)])
def test_blank(value, blank):
    assert F._blank(value) is blank


@pytest.mark.parametrize("a, b, same", [(8, 8.0, True), ("8", 8, True), (1, 1 + 1e-10, True), (1, 1.001, False),
                                        (1, 1 - 1e-8, False), (" 甲 ", "甲", True), ("甲", "乙", False),
                                        (None, "None", True), (None, 0, False), ("2021年", 2021, False),
                                        (0, 1e-9, False)])  # a difference of 1e-9 is one
def test_same(a, b, same):
    assert F._same(a, b) is same


# --------------------------------------------------------------------------- names and tables


def test_names_of_the_built_form_and_of_the_open_one():
    wb = form({"基本情况": {}, "指标评分": {}}, {"单位名称": "'基本情况'!$B$3", "指标表头": "'指标评分'!$A$3:$S$3"})
    assert F._built_names(wb) == {"单位名称": ("基本情况", 3, 2), "指标表头": ("指标评分", 3, 1)}
    book = Live(wb, {"常量": "=0.5", "别处": "='不存在'!$B$2", "失效": "=#REF!$B$2"})
    assert F._live_names(book) == {"单位名称": ("基本情况", 3, 2), "指标表头": ("指标评分", 3, 1)}


def test_header_columns_first_of_each_within_the_width():
    ws = form({"t": {"A2": " 栏目 ", "B2": "内容", "C2": "内容", "D2": 5, "E2": "  ", "G2": "远处", "AN2": "第40列",
                     "AO2": "第41列"}}, {})["t"]

    def get(r, c):
        return ws.cell(r, c).value

    assert F._header_cols(get, 2, 6) == {"栏目": 1, "内容": 2}
    assert F._header_cols(get, 2) == {"栏目": 1, "内容": 2, "远处": 7, "第40列": 40}


def test_a_table_ends_before_five_blank_rows():
    """Under a header in row 3: 甲 in A4, 乙 in B6, 丙 in A10, 丁 in A16."""
    ws = form({"t": {"A4": "甲", "B6": "乙", "A10": "丙", "A16": "丁"}}, {})["t"]

    def get(r, c):
        return ws.cell(r, c).value

    assert F._table_rows(get, 3, [1, 2]) == range(4, 11)  # 5, 7-9 blank; 11-15 five blank rows: the end
    assert F._table_rows(get, 3, [1]) == range(4, 5)  # 5-9 are five blank rows in column A (B6 not looked at)
    assert F._table_rows(get, 3, [2]) == range(4, 7)  # 4, 5 blank in B: not five
    assert F._table_rows(get, 3, [1, 2], limit=3) == range(4, 7)  # rows 4-6 only
    assert F._table_rows(get, 3, [1, 2], limit=7) == range(4, 11)  # rows 4-10: the last one counts
    assert F._table_rows(get, 3, [1, 2], limit=6) == range(4, 7)  # rows 4-9: 丙 in row 10 is beyond
    assert F._table_rows(get, 10, [1]) == range(11, 11)  # 11-15 blank: no rows
    assert F._table_rows(get, 6, [1]) == range(7, 11)  # 7-9 blank, then 丙: three blank rows do not end it
    assert F._table_rows(get, 5, [1]) == range(6, 11)  # 6-9: four blank rows first do not end it either
    ws["A15"] = "戊"  # 11-14: four blank rows only
    assert F._table_rows(get, 3, [1, 2]) == range(4, 17)


def test_the_rows_of_a_saved_sheet_below_a_row():
    ws = form({"t": {"A2": "甲", "C5": "乙"}}, {})["t"]
    assert F._rows_below(ws, 0) == [1, 2, 3, 4, 5]
    assert F._rows_below(ws, 3) == [4, 5]
    assert F._rows_below(ws, 5) == []
    assert F._rows_below(form({"t": {"A3": "甲"}}, {})["t"], 1) == [2, 3]  # one column


# --------------------------------------------------------------------------- single values


#: the single values of both forms: 基本情况 B3 单位名称, B4 年度; 预算资金 B5 上年总分, B6 上年等级, B7 执行数,
#: B8 上年执行率; 设置 B2 问题措施位置, B3 评分规则 (the rules: never imported), B4 报告文件 (the last report: never)
NAMES = {"单位名称": "'基本情况'!$B$3", "年度": "'基本情况'!$B$4", "上年总分": "'预算资金'!$B$5",
         "上年等级": "'预算资金'!$B$6", "执行数": "'预算资金'!$B$7", "问题措施位置": "'设置'!$B$2",
         "评分规则": "'设置'!$B$3", "报告文件": "'设置'!$B$4"}


def test_single_values_fill_blanks_and_ask_before_changing_a_typed_one():
    built = form({"基本情况": {"B3": "甲县统计局", "B4": 2021}, "预算资金": {"B5": 86, "B6": "=IF(B5>=90,\"优\",\"良\")",
                                                                    "B7": None, "B8": 0.92},
                  "设置": {"B2": "六", "B3": "部门整体", "B4": "C:\\上年.docx"}},
                 {**NAMES, "上年执行率": "'预算资金'!$B$8"})
    book = live({"基本情况": {"B3": "  ", "B4": 2021.0}, "预算资金": {"B5": 90.0, "B7": 470.1},
                 "设置": {"B2": "五", "B3": "项目支出", "B4": None}}, NAMES)
    writes, conflicts = plan_fill(book, built)
    assert rows(writes) == [
        ("基本情况!B3", "甲县统计局", None, False, False, False, False),  # blank: filled
        # 年度 2021 = 2021.0: nothing; 上年等级 a formula, 执行数 blank in the import: nothing
        ("预算资金!B5", 86, 90.0, True, False, False, False),  # typed 90, the report says 86: a question
        ("设置!B2", "六", "五", True, False, False, False),
        # 评分规则 and 报告文件 are not imported; 上年执行率 is not a name of the open form
    ]
    assert conflicts == [w for w in writes if w.conflict] and len(conflicts) == 2


def test_only_inputs_are_fillable():
    names = {f.name for f in F._FILLABLE}
    assert {"单位名称", "年度", "上年总分", "上年等级", "上年执行率", "三公经费上年", "问题措施位置", "落款"} <= names
    assert not names & {"评分规则", "执行率分母", "得分小数位", "报告文件", "报送链接"}


# --------------------------------------------------------------------------- text rows


#: 文字材料: header row 3 (章节 | 栏目 | 内容), its name 文字材料表头 on A3
TEXT = {"文字材料表头": "'文字材料'!$A$3"}
TEXT_HEAD = {"A3": "章节", "B3": "栏目", "C3": "内容"}


def test_text_rows_go_to_the_empty_row_of_their_label_or_below_the_table():
    open_rows = {**TEXT_HEAD,
                 "A4": "一、基本情况", "B4": "履职目标", "C4": "甲",
                 "A5": None, "B5": None, "C5": None,  # a second, empty row of 履职目标 (章节, 栏目 carried down)
                 "A6": "二、工作开展", "B6": "工作开展情况", "C6": " ",
                 "A7": "三、问题", "B7": "问题", "C7": 2021.0}
    built_rows = {**TEXT_HEAD,
                  "A4": "一、基本情况", "B4": "履职目标", "C4": "甲",  # there already
                  "C5": "乙",  # 履职目标 again: its empty row 5
                  "A6": "二、工作开展", "B6": "工作开展情况", "C6": "丙",  # its empty row 6
                  "C7": "丁",  # no empty row of 工作开展情况 left: a new row below the table (row 8)
                  "A8": "三、问题", "B8": "问题", "C8": "2021",  # the same as 2021: there already
                  "A9": "未归类", "B9": "未归类", "C9": "戊",  # a 栏目 the open form has not: row 9
                  "A10": "一、基本情况", "B10": "履职目标", "C10": "  ",  # nothing to bring
                  "A11": "四、分析", "B11": "履职目标", "C11": "己"}  # 履职目标 of another 章节: not row 5
    built = form({"文字材料": built_rows}, TEXT)
    book = live({"文字材料": open_rows}, TEXT)
    writes, conflicts = plan_fill(book, built)
    assert rows(writes) == [
        ("文字材料!C5", "乙", None, False, False, False, False),
        ("文字材料!C6", "丙", None, False, False, False, False),
        ("文字材料!A8", "二、工作开展", None, False, True, False, False),
        ("文字材料!B8", "工作开展情况", None, False, True, False, False),
        ("文字材料!C8", "丁", None, False, True, False, False),
        ("文字材料!A9", "未归类", None, False, True, False, False),
        ("文字材料!B9", "未归类", None, False, True, False, False),
        ("文字材料!C9", "戊", None, False, True, False, False),
        ("文字材料!A10", "四、分析", None, False, True, False, False),
        ("文字材料!B10", "履职目标", None, False, True, False, False),
        ("文字材料!C10", "己", None, False, True, False, False),
    ]
    assert conflicts == []


def test_a_second_text_of_one_label_goes_below_the_first_new_one():
    """Two texts of a 栏目 the open form has no empty row of: rows 5 and 6, and the third, the same as the
    first, is not written twice."""
    built = form({"文字材料": {**TEXT_HEAD, "A4": "五、问题", "B4": "问题", "C4": "甲", "C5": "乙", "C6": "甲"}}, TEXT)
    book = live({"文字材料": {**TEXT_HEAD, "A4": "五、问题", "B4": "问题", "C4": "丙"}}, TEXT)
    assert [(w.where, w.value) for w in plan_fill(book, built)[0]] == [
        ("文字材料!A5", "五、问题"), ("文字材料!B5", "问题"), ("文字材料!C5", "甲"),
        ("文字材料!A6", "五、问题"), ("文字材料!B6", "问题"), ("文字材料!C6", "乙")]


def test_a_label_of_another_chapter_is_not_the_rows_label():
    """履职目标 under 四、 is not 一、's 履职目标: its empty row stays empty, the text goes below the table."""
    built = form({"文字材料": {**TEXT_HEAD, "A4": "四、分析", "B4": "履职目标", "C4": "甲"}}, TEXT)
    book = live({"文字材料": {**TEXT_HEAD, "A4": "一、基本情况", "B4": "履职目标", "C4": None, "A5": "二、工作",
                              "B5": "工作开展情况"}}, TEXT)
    assert [(w.where, w.value) for w in plan_fill(book, built)[0]] == [
        ("文字材料!A6", "四、分析"), ("文字材料!B6", "履职目标"), ("文字材料!C6", "甲")]


def test_rows_before_any_chapter_and_label_match_each_other():
    """A text in the built form's first row, with no 章节 or 栏目 above it, goes to the open form's first row
    without them; below the table it is written with an empty 章节 and 栏目."""
    built = form({"文字材料": {**TEXT_HEAD, "C4": "甲"}}, TEXT)
    book = live({"文字材料": {**TEXT_HEAD, "A5": "一、基本情况", "B5": "职能"}}, TEXT)
    assert rows(plan_fill(book, built)[0]) == [("文字材料!C4", "甲", None, False, False, False, False)]
    book = live({"文字材料": {**TEXT_HEAD, "A4": "一、基本情况", "B4": "职能"}}, TEXT)
    assert [(w.where, w.value) for w in plan_fill(book, built)[0]] == [
        ("文字材料!A5", ""), ("文字材料!B5", ""), ("文字材料!C5", "甲")]


def test_a_text_table_without_a_chapter_column_goes_by_its_label():
    """基本情况's table (栏目 | 内容): a text goes to the empty row of its 栏目, whatever the built form's rows say."""
    names = {"基本情况表头": "'基本情况'!$D$10"}
    built = form({"基本情况": {"D10": "栏目", "E10": "内容", "D11": "主要任务", "E11": "甲", "D12": "职能", "E12": "乙"}},
                 names)
    book = live({"基本情况": {"D10": "栏目", "E10": "内容", "D11": "职能", "D12": "主要任务", "E12": None}}, names)
    assert rows(plan_fill(book, built)[0]) == [
        ("基本情况!E12", "甲", None, False, False, False, False),
        ("基本情况!E11", "乙", None, False, False, False, False)]
    # a row the open table has not: appended below its last (row 13), 栏目 and 内容 only
    built["基本情况"]["D13"], built["基本情况"]["E13"] = "其他", "丙"
    assert rows(plan_fill(book, built)[0])[2:] == [
        ("基本情况!D13", "其他", None, False, True, False, False),
        ("基本情况!E13", "丙", None, False, True, False, False)]


@pytest.mark.parametrize("live_head, built_head", [
    ({"A3": "章节", "B3": "栏目"}, TEXT_HEAD),  # no 内容 in the open form
    (TEXT_HEAD, {"A3": "章节", "C3": "内容"}),  # no 栏目 in the built one
    ({"A3": "章节", "B3": "栏目", "G3": "内容"}, TEXT_HEAD),  # 内容 beyond the table's six columns
    (TEXT_HEAD, {"A3": "章节", "B3": "栏目", "G3": "内容"}),  # … in the built form
])
def test_a_text_table_without_its_columns_is_left_alone(live_head, built_head):
    built = form({"文字材料": {**built_head, "A4": "一、基本情况", "B4": "职能", "C4": "甲", "G4": "甲"}}, TEXT)
    book = live({"文字材料": {**live_head, "A4": "一、基本情况", "B4": "职能"}}, TEXT)
    assert plan_fill(book, built)[0] == []


def test_a_text_table_named_in_one_form_only_is_left_alone():
    built = form({"文字材料": {**TEXT_HEAD, "A4": "一、基本情况", "B4": "职能", "C4": "甲"}}, TEXT)
    assert plan_fill(live({"文字材料": TEXT_HEAD}, {}), built)[0] == []
    assert plan_fill(live({"文字材料": TEXT_HEAD}, TEXT), form({"文字材料": built["文字材料"] and {}}, {}))[0] == []


# --------------------------------------------------------------------------- 上年得分 and 评分方法 by indicator name


IND = {"指标表头": "'指标评分'!$A$3:$E$3"}
IND_HEAD = {"A3": "一级指标", "B3": "二级指标", "C3": "三级指标", "D3": "评分方法", "E3": "上年得分"}


def test_previous_scores_go_to_the_row_of_the_same_name_and_a_typed_one_is_asked_about():
    open_rows = {**IND_HEAD, "A4": "预算执行", "D4": "比率", "E4": 9.0,
                 "A5": "投入管理", "E5": 17.0,
                 "B6": "工作目标管理", "D6": None,
                 "A7": "产出指标", "B7": "数量指标", "D7": "人工", "E7": " ",  # a level-2 name: the row's name
                 "D8": None, "E8": None,  # a row without a name inside the table
                 "A9": "满意度",
                 "A15": "效益指标"}  # after five blank rows (10-14): beyond the table
    built_rows = {**IND_HEAD, "A4": "投入管理", "E4": 17,  # the same as typed: nothing
                  "A5": "预算执行", "D5": "区间", "E5": 8,  # typed 9: a question; its 评分方法 kept (not blank)
                  "B6": "工作目标管理", "D6": "人工", "E6": 5,  # blank: 5, and its blank 评分方法 人工
                  "B7": "数量指标", "D7": "比率", "E7": 36,
                  "A8": "新指标", "E8": 3,  # the open form has no such row
                  "A9": "效益指标", "E9": 25,
                  "A10": "满意度", "E10": 9,
                  "E11": 7, "D11": "比率"}  # a row without a name: its figures go nowhere
    built = form({"指标评分": built_rows}, IND)
    book = live({"指标评分": open_rows}, IND)
    writes, conflicts = plan_fill(book, built)
    assert rows(writes) == [
        ("指标评分!E4", 8, 9.0, True, False, False, False),
        ("指标评分!E6", 5, None, False, False, False, False),
        ("指标评分!E7", 36, None, False, False, False, False),
        ("指标评分!E9", 9, None, False, False, False, False),
        ("指标评分!D6", "人工", None, False, False, False, False),
    ]
    assert [w.where for w in conflicts] == ["指标评分!E4"]


@pytest.mark.parametrize("drop", ["一级指标", "二级指标", "三级指标", "上年得分"])
def test_indicator_columns_need_every_level_and_the_column_in_both_forms(drop):
    head = {k: v for k, v in IND_HEAD.items() if v != drop}
    built = form({"指标评分": {**IND_HEAD, "A4": "预算执行", "D4": "比率", "E4": 8}}, IND)
    book = live({"指标评分": {**head, "A4": "预算执行"}}, IND)
    want = [] if drop != "上年得分" else [("指标评分!D4", "比率")]  # 评分方法 still there
    assert [(w.where, w.value) for w in plan_fill(book, built)[0]] == want
    book = live({"指标评分": {**IND_HEAD, "A4": "预算执行"}}, IND)
    built = form({"指标评分": {**head, "A4": "预算执行", "D4": "比率", "E4": 8}}, IND)
    assert [(w.where, w.value) for w in plan_fill(book, built)[0]] == want


def test_indicator_columns_need_the_header_name_in_both_forms():
    built = form({"指标评分": {**IND_HEAD, "A4": "预算执行", "E4": 8}}, IND)
    assert plan_fill(live({"指标评分": {**IND_HEAD, "A4": "预算执行"}}, {}), built)[0] == []
    assert plan_fill(live({"指标评分": {**IND_HEAD, "A4": "预算执行"}}, IND),
                     form({"指标评分": {**IND_HEAD, "A4": "预算执行", "E4": 8}}, {}))[0] == []


def test_header_found_beyond_column_six():
    """The indicator table is wider than a text table: 上年得分 in column W (23) is found."""
    names = {"指标表头": "'指标评分'!$A$3:$W$3"}
    head = {"A3": "一级指标", "B3": "二级指标", "C3": "三级指标", "W3": "上年得分"}
    built = form({"指标评分": {**head, "A4": "预算执行", "W4": 8}}, names)
    book = live({"指标评分": {**head, "A4": "预算执行"}}, names)
    assert [(w.where, w.value) for w in plan_fill(book, built)[0]] == [("指标评分!W4", 8)]


def test_example_rows_bottom_up():
    names = {"指标表头": "'指标评分'!$A$3"}
    book = live({"指标评分": {**IND_HEAD, "A4": "预算执行", "C5": "示例：甲", "B6": "工作目标管理", "C7": "示例：乙",
                               "C8": " 示例：甲 ", "A14": "示例：丙"}}, names)  # 14: after five blank rows
    examples = frozenset({"示例：甲", "示例：乙", "示例：丙"})
    assert example_rows(book, examples) == [8, 7, 5]
    assert example_rows(book, frozenset()) == []
    assert example_rows(live({"指标评分": IND_HEAD}, {}), examples) == []


# --------------------------------------------------------------------------- 规则数据: marks and outline lines


BANNER = F.L.CARRIED_BANNER


def test_carried_marks_added_once_below_the_open_forms_own():
    built = form({"规则数据": {"C1": BANNER, "C2": "m1", "C3": " m2 ", "C4": "m1", "C5": None, "C6": "m3"}}, {})
    book = live({"规则数据": {"C1": BANNER, "C2": "m2", "C3": "m0"}}, {})
    assert rows(plan_fill(book, built)[0]) == [
        ("规则数据!C4", "m1", None, False, False, True, False),
        ("规则数据!C5", "m3", None, False, False, True, False)]
    # an open form without any: the banner first, the marks from row 2
    assert rows(plan_fill(live({"规则数据": {}}, {}), built)[0]) == [
        ("规则数据!C1", BANNER, None, False, False, True, False),
        ("规则数据!C2", "m1", None, False, False, True, False),
        ("规则数据!C3", "m2", None, False, False, True, False),
        ("规则数据!C4", "m3", None, False, False, True, False)]


def test_no_marks_or_no_rules_sheet_no_writes():
    assert plan_fill(live({"规则数据": {}}, {}), form({"规则数据": {"C1": BANNER}}, {}))[0] == []
    assert plan_fill(live({"其他": {}}, {}), form({"规则数据": {"C1": BANNER, "C2": "m1"}}, {}))[0] == []
    assert plan_fill(live({"规则数据": {}}, {}), form({"其他": {"C2": "m1"}}, {}))[0] == []


OLD_SECTIONS = (section("a", "一、", "甲"),
                section("a1", "（一）", "甲一", {"field": "one", "label": "甲一文字"}, level=2),
                section("b", "二、", "乙", {"field": "problems", "label": "问题", "slot": "二"}),
                section("c", "三、", "丙", {"field": "measures", "label": "措施", "slot": "三"}))
OLD = outline_toml("旧", *OLD_SECTIONS, problem_slots=["二", "三"], default_slot="三")


def switch():
    """The open form's outline and the report's own: 丙 first (一、), then 甲 (二、, its （一） “甲一的说法”), 乙 三、."""
    old = outline_from_text(OLD, "旧")
    new, _ = department_outline(old, [("c", "一、丙"), ("a", "二、甲"), ("a1", "（一）甲一的说法")])
    return old, new


def test_the_switch_renames_chapters_and_headings():
    old, new = switch()
    assert F._relabels(old, new) == {"一、甲": "二、甲", "一（一）甲一": "二（一）甲一的说法", "二、乙": "三、乙",
                                     "三、丙": "一、丙"}
    assert F._retitles(old, new) == {"一、甲": "二、甲", "（一）甲一": "（一）甲一的说法", "二、乙": "三、乙",
                                     "三、丙": "一、丙"}
    assert F._relabels(old, old) == {} and F._retitles(old, old) == {}
    fewer = outline_from_text(outline_toml("旧", *OLD_SECTIONS[:3], problem_slots=["二"], default_slot="二"), "少")
    assert F._relabels(old, fewer) == {} and F._retitles(old, fewer) == {}  # 丙 not in it: nothing to rename


#: 问题 (with a 说明 block of no place before its 问题 block, place 五) and 应用 (place 六, the default)
SLOTS = outline_toml("位置",
                    section("p", "一、", "问题", {"field": "note", "label": "说明"},
                            {"field": "problems", "label": "问题", "slot": "五"}),
                    section("q", "二、", "应用", {"field": "apply", "label": "应用", "slot": "六"}),
                    problem_slots=["五", "六"], default_slot="六")


@pytest.mark.parametrize("typed, built, placed", [
    (None, "一", "一"), ("  ", "一", "一"), ("六", "二", "二"),  # blank or the old default: the report's place
    ("五", "一", "二"),  # the clerk's own choice 五 (问题): 问题 prints as 二、 now
    (" 五 ", "一", "二"),
    ("九", "一", "一"),  # no section of the old outline has it: the report's
])
def test_the_place_of_problems_after_the_switch(typed, built, placed):
    old = outline_from_text(SLOTS, "旧")
    new, slots = department_outline(old, [("q", "一、应用"), ("p", "二、问题")])
    assert slots == {"五": "二", "六": "一"}
    assert F._slot_after_switch(old, new, typed, built) == placed


def test_a_chosen_place_whose_section_the_new_outline_lacks_takes_the_reports():
    old, _ = switch()
    other = outline_from_text(OLD.replace('id = "b"', 'id = "bb"'), "别的")
    assert F._slot_after_switch(old, other, "二", "三") == "三"
    no_slot = outline_from_text(OLD.replace('  slot = "二"\n', "").replace('"二", "三"', '"三"'), "无")
    assert F._slot_after_switch(old, no_slot, "二", "三") == "三"


def test_switching_the_open_form_writes_labels_headings_outline_lines_and_the_place():
    """丙 一、, 甲 二、, 乙 三、: the 章节 of every row follows (基本情况's table too), the heading row's 栏目, the
    outline lines of 规则数据 column B, and 问题措施位置 the clerk had set to 乙 (二) says 三."""
    old, new = switch()
    built_b = [F.L.OUTLINE_BANNER] + new.text.split("\n")
    while built_b[-1] == "":
        built_b.pop()
    built = form({"文字材料": {**TEXT_HEAD, "A4": "二（一）甲一的说法", "B4": "甲一文字", "C4": "新"},
                  "基本情况": {"A9": "章节", "B9": "栏目", "C9": "内容"},
                  "设置": {"B2": "一"},
                  "规则数据": {f"B{i}": v for i, v in enumerate(built_b + [None, "  "], 1)}},
                 {**TEXT, "问题措施位置": "'设置'!$B$2", "基本情况表头": "'基本情况'!$A$9"})
    old_b = [F.L.OUTLINE_BANNER] + old.text.split("\n")
    book = live({"文字材料": {**TEXT_HEAD, "A4": "一（一）甲一", "B4": "甲一文字", "C4": None,
                              "A5": "本单位小标题", "B5": "（一）甲一", "C5": "甲一的说法",
                              "A6": "其他章节", "B6": "（一）甲一", "C6": "x",  # not a heading row: 栏目 kept
                              "A7": "三、丙", "B7": "措施", "C7": "y"},
                 "基本情况": {"A9": "章节", "B9": "栏目", "C9": "内容", "A10": "二、乙", "B10": "问题", "C10": "z"},
                 "设置": {"B2": "二"},
                 "规则数据": {f"B{i}": v for i, v in enumerate(old_b, 1)}},
                {**TEXT, "问题措施位置": "'设置'!$B$2", "基本情况表头": "'基本情况'!$A$9"})
    writes, conflicts = plan_fill(book, built, (old, new))
    assert conflicts == []
    got = rows(writes)
    assert got[0] == ("设置!B2", "三", None, False, False, False, False)  # 乙's place, by its new number
    assert got[1:6] == [
        ("基本情况!A10", "三、乙", None, False, False, False, True),
        ("文字材料!A4", "二（一）甲一的说法", None, False, False, False, True),
        ("文字材料!B5", "（一）甲一的说法", None, False, False, False, True),
        ("文字材料!A7", "一、丙", None, False, False, False, True),
        ("文字材料!C4", "新", None, False, False, False, False),  # its row found by the new label
    ]
    lines = got[6:]  # column B of 规则数据 (judged line by line below): the new outline's lines
    assert lines and all(w[0].startswith("规则数据!B") and w[5] for w in lines)
    assert 'heading = "甲一的说法"' in {w[1] for w in lines}


@pytest.mark.parametrize("typed, written", [("三", "一"),  # the old default: the report's place (built: 一)
                                             ("二", "三"), ("一", None)])  # 乙's place, already 三; 甲 stays 一
def test_the_place_is_written_only_when_it_changes(typed, written):
    old, new = switch()
    names = {"问题措施位置": "'设置'!$B$2"}
    writes, conflicts = plan_fill(live({"设置": {"B2": typed}}, names), form({"设置": {"B2": "一"}}, names), (old, new))
    assert conflicts == [] and [(w.where, w.value) for w in writes] == ([("设置!B2", written)] if written else [])


def test_a_longer_old_outline_is_cleared_below_the_new_one():
    """The open form's outline had 40 lines of comments more than the report's: its rows below the new lines are
    emptied (the old outline's length, not the new one's, says how far)."""
    old = outline_from_text("# 说明\n" * 40 + OLD, "旧")
    new, _ = department_outline(old, [("c", "一、丙"), ("a", "二、甲")])
    new_b = [F.L.OUTLINE_BANNER] + new.text.split("\n")
    old_b = [F.L.OUTLINE_BANNER] + old.text.split("\n")
    assert len(old_b) > len(new_b) + 20
    built = form({"规则数据": {f"B{i}": v for i, v in enumerate(new_b, 1) if v}}, {})  # as the builder writes
    book = live({"规则数据": {f"B{i}": v for i, v in enumerate(old_b, 1) if v}}, {})
    assert new_b[-1] == "" and old_b[-1] == ""  # each text ends with a line break: the new lines are len(new_b) - 1
    writes = plan_fill(book, built, (old, new))[0]
    below = [w.row for w in writes if w.row >= len(new_b)]
    assert all(w.value is None for w in writes if w.row >= len(new_b))
    assert below == [r for r in range(len(new_b), len(old_b) + 1) if old_b[r - 1]]  # every non-blank old line
    assert below[-1] == len(old_b) - 1  # the old outline's last line


def test_outline_lines_need_the_rules_sheet_in_both_forms():
    old = outline_from_text(OLD, "旧")
    for book, built in ((live({"其他": {}}, {}), form({"规则数据": {"B1": "甲"}}, {})),
                        (live({"规则数据": {"B1": "乙"}}, {}), form({"其他": {}}, {}))):
        writes = []
        F._outline_lines(book, built, old, writes)
        assert writes == []


def test_outline_lines_from_the_banner_row():
    old = outline_from_text(OLD, "旧")
    writes = []
    F._outline_lines(live({"规则数据": {"B2": "x"}}, {}), form({"规则数据": {"B1": "# 新横幅", "B2": "x"}}, {}), old,
                     writes)
    assert [(w.where, w.value) for w in writes][:1] == [("规则数据!B1", "# 新横幅")]


def test_outline_lines_clear_what_the_old_outline_had_below():
    old = outline_from_text(OLD, "旧")
    n = len(OLD.split("\n"))  # the text's lines (the last one empty) + the banner row: rows 1..n+1 at most
    built = form({"规则数据": {"B1": "# 横幅", "B2": "name = \"新\"", "B3": None}}, {})
    book = live({"规则数据": {"B1": "# 横幅", "B2": "name = \"旧\""} | {f"B{r}": "x" for r in range(3, n + 3)}}, {})
    writes = []
    F._outline_lines(book, built, old, writes)
    assert [(w.where, w.value, w.record) for w in writes] == \
        [("规则数据!B2", 'name = "新"', True)] + [(f"规则数据!B{r}", None, True) for r in range(3, n + 2)]
    crlf = OLD.replace("\n", "\r\n")
    writes = []
    F._outline_lines(book, built, old.model_copy(update={"text": crlf}), writes)
    assert len(writes) == n  # \r\n counted as one line break
    writes = []
    F._outline_lines(book, built, old.model_copy(update={"text": "x = 1"}), writes)
    assert [w.where for w in writes] == ["规则数据!B2"]  # a one-line old outline: nothing below the built lines
