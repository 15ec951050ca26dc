"""The form's sheet writer (xlperf/workbook/sheet.py) judged on small workbooks built here in memory — fast tests for
`make mutate` (issue 19: the module was judged only through whole builds compared with a fresh build of themselves).

Expected values are written by hand from what a clerk is told and what the office programs document:
README “填报表” and the 说明 sheet (“黄色单元格由您填写，灰色单元格是公式”: input cells light yellow FFF2CC and
unlocked, formula cells grey EDEDED and locked, headers blue DDEBF7, bold and centred, every cell with a thin grey
999999 border and wrapped text); a text typed with a leading “=” stays text, as Excel stores text typed after an
apostrophe (quotePrefix); a drop-down says “只能填：…（可从下拉列表选择）” under the title “输入无效”; every sheet
prints on A4 (pageSetup paperSize 9 in ECMA-376 Part 1), one page wide and as many pages tall as needed (fitToWidth 1,
fitToHeight 0), and a protected sheet still lets the clerk insert and delete rows and format rows and columns
(ECMA-376 sheetProtection: insertRows … = 1 means *not* allowed) — 基本情况's note says “可插入行”; the page footer
names the sheet and the page of pages (Excel's header codes &A, &P, &N); margins 0.4 in at the sides, 0.6 in top
and bottom (xlperf/infra/sheetfit.py's MARGIN_SIDE / MARGIN_TOP, which its page sums use).  The print widths are the
numbers written here: a portrait page holds ~95 units, 指标评分 in landscape ~159 from 一级指标 to 改进措施.

Survivor of `make mutate MODULE=xlperf/workbook/sheet.py` with this file's selection, argued equivalent (mutmut's
name, session 8, s8g):

* ``Sheet.finish`` 22 — ``p.insertRows = p.deleteRows = p.formatColumns = p.formatRows = None`` for ``False``:
  openpyxl's ``SheetProtection`` declares these ``Bool()`` (not ``allow_none``), whose descriptor stores
  ``bool(value)``: None is stored as False, the sheet written the same.

Made simpler on the way (behaviour the same): an unknown ``kind`` raises instead of writing a plain cell (the default
"label" was an equivalent mutant: any other word fell through to the same plain cell); ``field_rows`` converts money,
rates and decimals only (an int field holds an int already: ``"int"`` in that tuple was an equivalent mutant); the
print area is set where 改进措施 is found (no ``last = None`` temporary, whose ``""`` was equivalent).

No test here has “libreoffice” or “slow” in its name: the mutation runs use K='not libreoffice and not slow'.
"""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

import openpyxl
import pytest

from xlperf.workbook import layout as L
from xlperf.workbook.sheet import Sheet, absolute, field_rows, field_value, num, print_setup, value_kind

YELLOW, GREY, BLUE = "00FFF2CC", "00EDEDED", "00DDEBF7"


@pytest.fixture
def wb():
    book = openpyxl.Workbook()
    book.remove(book.active)
    return book


# ----------------------------------------------------------------------------- numbers and addresses

@pytest.mark.parametrize("value, shown", [
    (None, None), (D("10"), 10), (D("10.00"), 10), (D("2.5"), 2.5), (D("0.95"), 0.95), (3, 3), (D("-4"), -4),
])
def test_a_figure_is_written_as_a_whole_number_when_it_is_one(value, shown):
    got = num(value)
    assert got == shown and type(got) is type(shown)


@pytest.mark.parametrize("sheet, cell, ref", [
    ("基本情况", "B12", "'基本情况'!$B$12"),
    ("预算资金", "AA3", "'预算资金'!$AA$3"),
    ("设置", "C105", "'设置'!$C$105"),
])
def test_an_absolute_reference_names_the_quoted_sheet(sheet, cell, ref):
    assert absolute(sheet, cell) == ref


# ----------------------------------------------------------------------------- cells of each kind

def test_a_new_sheet_takes_its_title_and_column_widths(wb):
    sh = Sheet(wb, "基本情况", [22, 90, 36])
    assert wb.sheetnames == ["基本情况"] and sh.ws is wb["基本情况"] and sh.wb is wb
    assert {k: d.width for k, d in sh.ws.column_dimensions.items() if d.width} == {"A": 22, "B": 90, "C": 36}


def _style(c):
    return (c.fill.fill_type, c.fill.fgColor.rgb, c.protection.locked, c.border.left.style, c.border.top.style,
            c.border.right.style, c.border.bottom.style, c.border.left.color.rgb if c.border.left.color else None,
            c.font.b, c.alignment.wrap_text, c.alignment.horizontal, c.alignment.vertical)


def test_each_kind_of_cell_looks_as_the_guide_says(wb):
    sh = Sheet(wb, "甲", [10])
    label, inp, calc, head = (sh.put(1, 1, "标签"), sh.put(2, 1, 5, kind="input"), sh.put(3, 1, "=1+1", kind="calc"),
                              sh.put(4, 1, "分值", kind="head"))
    assert _style(label) == (None, "00000000", True, None, None, None, None, None, False, True, None, "top")
    assert _style(inp) == ("solid", YELLOW, False, "thin", "thin", "thin", "thin", "00999999", False, True, None, "top")
    assert _style(calc) == ("solid", GREY, True, "thin", "thin", "thin", "thin", "00999999", False, True, None, "top")
    assert _style(head) == ("solid", BLUE, True, "thin", "thin", "thin", "thin", "00999999", True, True, "center",
                            "center")
    assert (label.value, inp.value, calc.value, head.value) == ("标签", 5, "=1+1", "分值")
    assert (label.coordinate, inp.coordinate, calc.coordinate, head.coordinate) == ("A1", "A2", "A3", "A4")
    assert calc.data_type == "f" and inp.data_type == "n"
    assert {c.number_format for c in (label, inp, calc, head)} == {"General"}


@pytest.mark.parametrize("kind", ["label", "input", "head"])
def test_text_typed_with_a_leading_equals_sign_stays_text(wb, kind):
    cell = Sheet(wb, "甲", [10]).put(2, 3, "=执行率", kind=kind)
    assert (cell.coordinate, cell.value, cell.data_type, cell.quotePrefix) == ("C2", "=执行率", "s", True)


def test_an_unknown_kind_of_cell_is_a_builders_slip_not_a_plain_cell(wb):
    with pytest.raises(ValueError, match="^unknown cell kind 'lable'$"):
        Sheet(wb, "甲", [10]).put(1, 1, "x", kind="lable")


def test_a_formula_and_plain_text_have_no_quote_prefix(wb):
    sh = Sheet(wb, "甲", [10])
    calc, text = sh.put(1, 1, "=执行率", kind="calc"), sh.put(2, 1, "执行率=", kind="input")
    assert (calc.data_type, calc.quotePrefix, text.data_type, text.quotePrefix) == ("f", False, "s", False)


def test_a_format_is_set_only_when_given(wb):
    sh = Sheet(wb, "甲", [10])
    assert sh.put(1, 1, D("0.9"), kind="input", fmt="0.0%").number_format == "0.0%"
    assert sh.put(2, 1, D("0.9"), kind="input", fmt=None).number_format == "General"


def test_the_title_is_bold_and_large_and_its_note_grey(wb):
    sh = Sheet(wb, "甲", [10])
    sh.title("指标评分", "每行一个指标")
    a1, a2 = sh.ws["A1"], sh.ws["A2"]
    assert (a1.value, a1.font.b, a1.font.sz) == ("指标评分", True, 14)
    assert (a2.value, a2.font.color.rgb) == ("每行一个指标", "00666666")
    sh2 = Sheet(wb, "乙", [10])
    sh2.title("预算资金")
    assert sh2.ws.max_row == 1 and sh2.ws["A2"].value is None


def test_a_named_cell_points_at_its_sheet_absolutely(wb):
    sh = Sheet(wb, "预算资金", [10])
    sh.name("年初预算数", "B4")
    assert wb.defined_names["年初预算数"].attr_text == "'预算资金'!$B$4"
    assert wb.defined_names["年初预算数"].name == "年初预算数"


def test_a_drop_down_lists_its_choices_and_says_what_may_be_typed(wb):
    sh = Sheet(wb, "甲", [10])
    sh.validation(iter(("正向", "反向", "定性")), "J4:J300", "选择方向")
    sh.validation(["是", "否"], "O4:O300")
    first, second = sh.ws.data_validations.dataValidation
    assert (first.type, first.formula1, str(first.sqref)) == ("list", '"正向,反向,定性"', "J4:J300")
    assert (first.allow_blank, first.showErrorMessage, first.showInputMessage) == (True, True, True)
    assert (first.error, first.errorTitle, first.prompt) == ("只能填：正向、反向、定性（可从下拉列表选择）", "输入无效",
                                                            "选择方向")
    assert (second.formula1, str(second.sqref), second.error, second.prompt) == (
        '"是,否"', "O4:O300", "只能填：是、否（可从下拉列表选择）", None)


# ----------------------------------------------------------------------------- finishing a sheet

def test_a_finished_sheet_prints_on_a4_one_page_wide_and_is_protected_without_a_password(wb):
    sh = Sheet(wb, "甲", [10])
    sh.finish()
    ws = sh.ws
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "portrait")
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight, ws.sheet_properties.pageSetUpPr.fitToPage) == (1, 0,
                                                                                                               True)
    assert ws.print_title_rows is None and ws.freeze_panes is None
    p = ws.protection
    assert (p.sheet, p.password) == (True, None)
    # rows may still be inserted and deleted, rows and columns formatted (sheetProtection: False = allowed)
    assert (p.insertRows, p.deleteRows, p.formatColumns, p.formatRows) == (False, False, False, False)
    assert (p.insertColumns, p.deleteColumns, p.formatCells) == (True, True, True)  # the rest stays guarded


def test_a_landscape_sheet_repeats_its_header_freezes_and_may_stay_unprotected(wb):
    sh = Sheet(wb, "指标评分", [10])
    sh.finish(landscape=True, title_rows="3:3", freeze="D4", protect=False)
    ws = sh.ws
    assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert (ws.print_title_rows, ws.freeze_panes) == ("$3:$3", "D4")
    assert ws.protection.sheet is False and ws.protection.insertRows is True  # untouched: not protected at all


# ----------------------------------------------------------------------------- single fields

def test_formats_by_the_kind_of_field():
    assert value_kind(L.Field("a", "a", "", "money")) == "0.00"
    assert value_kind(L.Field("a", "a", "", "int")) == "0"
    for kind in ("text", "rate", "decimal", "rule", "formula"):
        assert value_kind(L.Field("a", "a", "", kind)) is None


EV = SimpleNamespace(unit="某区委组织部", year=2021, budget=SimpleNamespace(initial=D("7319.56"), carryover=None),
                     satisfaction=SimpleNamespace(achieved=D("0.9")), previous=SimpleNamespace(total=D("88.50")),
                     narrative=SimpleNamespace(apply_plan="", disclosure="在门户网站公开", overall_goal=""))


@pytest.mark.parametrize("target, value", [
    (".unit", "某区委组织部"), (".year", 2021), ("budget.initial", D("7319.56")), ("previous.total", D("88.50")),
    ("budget.carryover", None), ("", None),
])
def test_a_fields_value_is_read_from_its_model_path(target, value):
    assert field_value(EV, target) == value
    assert field_value(None, target) is None


def test_a_field_without_a_path_is_not_looked_up():
    class Strict:
        def __getattr__(self, name):
            raise AssertionError(f"looked up {name}")
    assert field_value(Strict(), "") is None


FIELDS = (
    L.Field("单位名称", "单位名称", ".unit", "text", "填写单位全称"),
    L.Field("年度", "年度", ".year", "int", "如 2021"),
    L.Field("年初预算数", "年初预算数", "budget.initial", "money"),
    L.Field("结转结余", "本年结转结余", "budget.carryover", "money"),
    L.Field("实际满意度", "实际满意度", "satisfaction.achieved", "rate", "如 90%"),
    L.Field("上年总分", "上年总分", "previous.total", "decimal"),
    L.Field("拟应用方式", "自评结果拟应用方式", "narrative.apply_plan", "text", "可改写"),
    L.Field("公开方式", "自评结果公开方式和时间", "narrative.disclosure", "text"),
    L.Field("整体绩效目标", "年度整体绩效目标", "narrative.overall_goal", "text"),
)


def _rows(ws, first, last):
    """(label, value, note) of each row; a note cell holding "" shows nothing, as a blank one."""
    return [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value, ws.cell(row=r, column=3).value or None)
            for r in range(first, last)]


def test_one_row_per_field_label_value_note_and_its_name(wb):
    sh = Sheet(wb, "基本情况", [22, 90, 36])
    end = field_rows(sh, 5, FIELDS, EV, "0.0%", {"narrative.apply_plan": "结果用于改进管理"}.get)
    assert end == 14
    assert _rows(sh.ws, 5, 14) == [
        ("单位名称", "某区委组织部", "填写单位全称"), ("年度", 2021, "如 2021"), ("年初预算数", 7319.56, None),
        ("本年结转结余", None, None), ("实际满意度", 0.9, "如 90%"), ("上年总分", 88.5, None),
        ("自评结果拟应用方式", "结果用于改进管理", "可改写"),  # blank: the outline's wording, for the clerk to keep
        ("自评结果公开方式和时间", "在门户网站公开", None),  # filled: kept, whatever the outline says
        ("年度整体绩效目标", None, None),  # blank and the outline has no wording: a blank cell, not ""
    ]
    ws = sh.ws
    assert [ws.cell(row=r, column=2).number_format for r in range(5, 14)] == [
        "General", "0", "0.00", "0.00", "0.0%", "General", "General", "General", "General"]
    assert all(ws.cell(row=r, column=2).fill.fgColor.rgb == YELLOW and ws.cell(row=r, column=2).protection.locked
               is False for r in range(5, 14))
    assert ws.cell(row=5, column=1).fill.fill_type is None and ws.cell(row=5, column=3).protection.locked is True
    assert {f.name: wb.defined_names[f.name].attr_text for f in FIELDS} == {
        f.name: f"'基本情况'!$B${r}" for f, r in zip(FIELDS, range(5, 14))}
    assert type(ws["B6"].value) is int and type(ws["B10"].value) is float


def test_a_blank_form_has_empty_inputs_and_the_outlines_wording(wb):
    sh = Sheet(wb, "基本情况", [22, 90, 36])
    assert field_rows(sh, 3, FIELDS[:2], None, "0%") == 5
    assert _rows(sh.ws, 3, 5) == [("单位名称", None, "填写单位全称"), ("年度", None, "如 2021")]
    sh2 = Sheet(wb, "乙", [22, 90, 36])
    field_rows(sh2, 3, FIELDS[6:7] + FIELDS[2:3], None, "0%", {"narrative.apply_plan": "结果用于改进管理"}.get)
    assert _rows(sh2.ws, 3, 5) == [("自评结果拟应用方式", "结果用于改进管理", "可改写"), ("年初预算数", None, None)]
    assert field_rows(sh2, 9, (), EV, "0%") == 9


def test_a_figure_typed_as_a_whole_number_stays_one(wb):
    ev = SimpleNamespace(budget=SimpleNamespace(initial=D("100.00")), satisfaction=SimpleNamespace(achieved=D("1")))
    sh = Sheet(wb, "预算资金", [30, 16, 40])
    field_rows(sh, 4, (FIELDS[2], FIELDS[4]), ev, "0%")
    assert (sh.ws["B4"].value, type(sh.ws["B4"].value), sh.ws["B5"].value, type(sh.ws["B5"].value)) == (100, int, 1,
                                                                                                        int)
    assert (sh.ws["B4"].number_format, sh.ws["B5"].number_format) == ("0.00", "0%")


# ----------------------------------------------------------------------------- printing

LONG = "字" * 60  # 60 CJK characters: 126 units


def _portrait_book(wb):
    for title, used in ((L.S_GUIDE, 1), (L.S_BASIC, 3), (L.S_BUDGET, 3), (L.S_TEXT, 3), (L.S_SETTINGS, 4)):
        sh = Sheet(wb, title, [40] * used)
        for c in range(1, used + 1):
            sh.put(1, c, "标")
    return wb


def test_each_portrait_sheet_gets_the_widths_that_fill_its_page(wb):
    print_setup(_portrait_book(wb))
    widths = {ws.title: [ws.column_dimensions[k].width for k in "ABCD"[: ws.max_column]] for ws in wb}
    assert widths == {L.S_GUIDE: [78], L.S_BASIC: [20, 54, 22], L.S_BUDGET: [26, 30, 38], L.S_TEXT: [22, 16, 58],
                      L.S_SETTINGS: [30, 28, 2, 36]}
    assert all(sum(w) <= 96 for w in widths.values())  # ~95 units fill a portrait A4 page


def test_a_sheet_using_more_columns_than_its_print_widths_keeps_its_own(wb):
    sh = Sheet(wb, L.S_BASIC, [22, 90, 36, 12])
    sh.put(1, 4, "多一列")
    other = Sheet(wb, "校验结果", [33])
    other.put(1, 1, "x")
    print_setup(wb)
    assert [sh.ws.column_dimensions[k].width for k in "ABCD"] == [22, 90, 36, 12]
    assert other.ws.column_dimensions["A"].width == 33
    assert other.ws.oddFooter.center.text == "&A　第&P页，共&N页"  # every visible sheet gets the footer


def test_every_visible_sheet_gets_margins_and_a_footer_naming_sheet_and_page(wb):
    hidden = Sheet(wb, L.S_RULES, [22, 90, 36])  # a hidden sheet before a visible one
    hidden.ws.sheet_state = "hidden"
    sh = Sheet(wb, L.S_BASIC, [22, 90, 36])
    print_setup(wb)
    m = sh.ws.page_margins
    assert (m.left, m.right, m.top, m.bottom, m.header, m.footer) == (0.4, 0.4, 0.6, 0.6, 0.3, 0.3)
    assert sh.ws.oddFooter.center.text == "&A　第&P页，共&N页"
    hm = hidden.ws.page_margins
    assert (hm.left, hm.top, hidden.ws.oddFooter.center.text) == (0.75, 1, None)  # openpyxl's defaults: untouched
    assert [hidden.ws.column_dimensions[k].width for k in "ABC"] == [22, 90, 36]


def test_rows_of_wrapped_text_are_made_tall_enough_at_the_print_widths(wb):
    sh = Sheet(wb, L.S_BASIC, [22, 90, 36])
    sh.put(5, 1, "拟应用方式")
    sh.put(5, 2, LONG, kind="input")
    hidden = Sheet(wb, "隐藏", [10])
    hidden.put(1, 1, LONG)
    hidden.ws.sheet_state = "hidden"
    print_setup(wb)
    # at the print width 54: 53.7 units a line, 25 characters → 3 lines × 16 pt + 3 pt (at 90 it would be 2 lines)
    assert sh.ws.row_dimensions[5].height == 51
    assert hidden.ws.row_dimensions[1].height is None


def _indicator_sheet(wb, headers, rows=6):
    ws = wb.create_sheet(L.S_IND)
    for c, h in enumerate(headers, start=1):
        ws.cell(row=L.IND_HEADER_ROW, column=c, value=h)
        ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width = 30
    ws.cell(row=rows, column=1, value="合计")
    return ws


#: 指标评分's print widths by header, from 一级指标 to 改进措施: ~159 units, one landscape page at ~85 %
PRINT = {"一级指标": 9, "二级指标": 11, "三级指标": 16, "分值": 5, "评分方法": 7, "计量单位": 5, "年度指标值": 7,
         "实际完成值": 7, "指标值表述": 9, "指标方向": 5, "评分参数": 9, "建议得分": 6, "得分": 6, "得分率": 7,
         "不适用": 5, "计入得分": 6, "适用分值": 6, "偏差原因": 17, "改进措施": 17}


def test_the_indicator_sheet_prints_the_reviewers_columns_narrowed(wb):
    headers = [c.header for c in L.IND_COLUMNS] + ["得分系数", "核心指标", "级次（计算用）"]
    ws = _indicator_sheet(wb, headers, rows=9)
    print_setup(wb)
    widths = {h: ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i, h in enumerate(headers, 1)}
    assert {h: w for h, w in widths.items() if h in PRINT} == PRINT
    assert sum(PRINT.values()) == 160
    assert {h: w for h, w in widths.items() if h not in PRINT} == {h: 30 for h in headers if h not in PRINT}
    assert ws.print_area == "'指标评分'!$A$1:$S$9"  # 改进措施 is column S, to the 合计 row


def test_the_print_area_follows_the_header_wherever_improvement_is(wb):
    headers = ["一级指标", "备注", "改进措施", "偏差原因", "上年得分"]
    ws = _indicator_sheet(wb, headers, rows=12)
    print_setup(wb)
    assert ws.print_area == "'指标评分'!$A$1:$C$12"
    assert [ws.column_dimensions[k].width for k in "ABCDE"] == [9, 30, 17, 17, 30]


def test_without_improvement_column_no_print_area_is_set(wb):
    ws = _indicator_sheet(wb, ["一级指标", "分值"], rows=5)
    print_setup(wb)
    assert not ws.print_area
    assert [ws.column_dimensions[k].width for k in "AB"] == [9, 5]
    assert ws.oddFooter.center.text == "&A　第&P页，共&N页"
