"""xlperf/excel_sheet.py (the ribbon's workbook side) with stand-ins: tiny workbooks opened through
tests/fakebook.py's xlwings stand-in (built per test), recording objects for the message boxes and the sheet
protection.  Expected values are hand values: the exact Chinese texts, the 校验结果 layout (title A1, 最近生成的报告
A2, the summary A3, headers on row 5 — 类别 位置 项目 说明, blank, 已标色单元格 原底色 — problems from row 6),
the colours (errors 255,199,206 = FFC7CE; warnings 255,235,156 = FFEB9C), Excel's column letters, the Windows
MessageBoxW flags (MB_OK | MB_ICONWARNING = 0x30).

Removed by simpler code (behaviour the same, judged in session 8, s8c): the message-box log line is written as UTF-8
bytes (no ``encoding="utf-8"`` to turn into ``None``); ``local_path`` reads ``str(book.fullname)`` (``str(None)`` is
"None", not absolute either, so ``or ""`` changed nothing); ``named_cell`` no longer tests ``loc[0]`` for a blank
sheet name (parse_reference never returns one); the used range of 校验结果 is read with ``ndim=2`` only (xlwings
gives a list of rows even for one cell, so the ``_rows`` wrapper never wrapped anything); and more (docs/mutation.md,
s8c).  ``unprotected`` is a class so that its mutants are judged; ``frozen`` is a ``@contextmanager`` function (not
mutated, tested here).
"""

from __future__ import annotations

import re
from types import SimpleNamespace as NS

import openpyxl
import pytest
from openpyxl.styles import PatternFill

from fakebook import FakeBook, FakeRange, fills
from xlperf import excel_sheet as S
from xlperf.domain.problems import Problem

RED, YELLOW = (255, 199, 206), (255, 235, 156)
HEADERS = ["类别", "位置", "项目", "说明", None, "已标色单元格", "原底色"]


def make_book(tmp_path, *sheets, edit=None, fullname=None) -> FakeBook:
    """A workbook with these sheets (default 指标评分, 设置), opened through the stand-in."""
    wb = openpyxl.Workbook()
    names = sheets or ("指标评分", "设置")
    wb.active.title = names[0]
    for name in names[1:]:
        wb.create_sheet(name)
    if edit:
        edit(wb)
    path = tmp_path / "本年.xlsx"
    wb.save(path)
    return FakeBook(path, fullname=fullname)


def grid(book, sheet, rows, cols=7):
    ws = book.wb[sheet]
    return [[ws.cell(r, c).value for c in range(1, cols + 1)] for r in rows]


# ---- message boxes --------------------------------------------------------------------------------------


class App:
    def __init__(self, answer="yes", fail=False):
        self.calls, self.answer, self.fail = [], answer, fail
        self.status_bar = None

    def alert(self, *args, **kw):
        if self.fail:
            raise RuntimeError("Excel 已关闭")
        self.calls.append((args, kw))
        return self.answer


def book_ns(names=(), **app):
    return NS(app=App(**app), names=[NS(name=n) for n in names])


@pytest.fixture(autouse=True)
def attended(monkeypatch, tmp_path):
    monkeypatch.delenv(S.UNATTENDED_NAME, raising=False)
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "日志" / "深"))


def log_text(tmp_path):
    return (tmp_path / "日志" / "深" / "xlperf.log").read_bytes().decode("utf-8")


def test_constants():
    assert (S.TITLE, S.RESULT_SHEET, S.RESULT_HEADER_ROW, S.UNATTENDED_NAME) == ("绩效自评", "校验结果", 5,
                                                                                  "XLPERF_UNATTENDED")
    assert list(S.RESULT_HEADERS) == HEADERS and (S.ERROR_RGB, S.WARNING_RGB) == (RED, YELLOW)


def test_status_sets_the_status_bar():
    book = book_ns()
    S.status(book, "绩效自评：正在校验……")
    assert book.app.status_bar == "绩效自评：正在校验……"


@pytest.mark.parametrize("critical, mode", [(False, "info"), (True, "critical")])
def test_alert_is_an_ok_box_titled_绩效自评(critical, mode):
    book = book_ns()
    if critical:
        S.alert(book, "发现1个错误", critical=True)
    else:
        S.alert(book, "发现1个错误")
    assert book.app.calls == [(("发现1个错误", "绩效自评"), {"buttons": "ok", "mode": mode})]


def test_alert_without_a_book_or_excel_falls_back_to_a_windows_box(monkeypatch):
    boxes = []
    user32 = NS(MessageBoxW=lambda *a: boxes.append(a))
    monkeypatch.setattr(S, "ctypes", NS(windll=NS(user32=user32)))
    S.alert(None, "找不到工作簿")
    S.alert(book_ns(fail=True), "Excel 不在了")
    assert boxes == [(0, "找不到工作簿", "绩效自评", 0x30), (0, "Excel 不在了", "绩效自评", 0x30)]


def test_fallback_box_off_windows_prints_to_stderr(capsys):
    S._fallback_box("没有 Windows")
    out = capsys.readouterr()
    assert (out.out, out.err) == ("", "没有 Windows\n")


def test_ask_is_a_yes_no_box():
    book = book_ns(answer="yes")
    assert S.ask(book, "现在打开吗？") == "yes"
    assert book.app.calls == [(("现在打开吗？", "绩效自评"), {"buttons": "yes_no", "mode": "info"})]


def test_unattended_by_a_workbook_name_logs_and_answers_no(tmp_path):
    book = book_ns(names=("报告文件", "XLPERF_UNATTENDED"))
    assert S.ask(book, "现在打开吗？") == "no"
    S.alert(book, "报告已生成", critical=True)
    assert book.app.calls == []
    lines = log_text(tmp_path).splitlines()
    stamp = r"--- \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d message box: "
    assert len(lines) == 2
    assert re.fullmatch(stamp + "现在打开吗？ → 否（无人值守）", lines[0])
    assert re.fullmatch(stamp + "报告已生成", lines[1])


def test_unattended_by_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("XLPERF_UNATTENDED", "1")
    book = book_ns()
    assert S.ask(book, "覆盖吗？") == "no" and book.app.calls == []
    assert "message box: 覆盖吗？ → 否（无人值守）\n" in log_text(tmp_path)


def test_attended_with_other_names_or_a_blank_variable(monkeypatch):
    monkeypatch.setenv("XLPERF_UNATTENDED", "")
    assert S._unattended(book_ns(names=("报告文件", "XLPERF_UNATTENDED_X"))) is False
    assert S._unattended(book_ns(names=())) is False
    assert S._unattended(book_ns(names=("报告文件", "XLPERF_UNATTENDED"))) is True


def test_log_box_into_an_existing_folder(monkeypatch, tmp_path):
    (tmp_path / "日志" / "深").mkdir(parents=True)
    S._log_box("一")
    S._log_box("二")
    assert [line.split(" message box: ")[1] for line in log_text(tmp_path).splitlines()] == ["一", "二"]


def test_log_box_unwritable_prints_to_stderr(monkeypatch, tmp_path, capsys):
    (tmp_path / "文件").write_text("x")
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "文件"))
    S._log_box("写不进日志")
    out = capsys.readouterr()
    assert (out.out, out.err) == ("", "写不进日志\n")


def test_frozen_turns_screen_updating_off_and_gives_it_back():
    book = NS(app=NS(screen_updating="原来的"))
    with pytest.raises(KeyError):
        with S.frozen(book):
            assert book.app.screen_updating is False
            raise KeyError("中途出错")
    assert book.app.screen_updating == "原来的"


# ---- named cells and the report file ----------------------------------------------------------------------


def _names(wb):
    from openpyxl.workbook.defined_name import DefinedName

    wb["设置"]["C7"] = "http://服务器/u/1"
    wb.defined_names["报送链接"] = DefinedName("报送链接", attr_text="'设置'!$C$7")
    wb.defined_names["坏的"] = DefinedName("坏的", attr_text="#REF!")
    wb.defined_names["别处"] = DefinedName("别处", attr_text="'已删除'!$A$1")


def test_named_cell_and_read_named(tmp_path):
    book = make_book(tmp_path, edit=_names)
    cell = S.named_cell(book, "报送链接")
    assert (cell.sheet.name, cell.row, cell.column) == ("设置", 7, 3)
    assert S.read_named(book, "报送链接") == "http://服务器/u/1"
    assert S.named_cell(book, "坏的") is None and S.named_cell(book, "别处") is None
    assert S.named_cell(book, "没有") is None and S.read_named(book, "没有") is None


@pytest.mark.parametrize("fullname, expected", [("/单位/本年.xlsx", "/单位/本年.xlsx"),
                                                ("工作簿1", None), ("", None), (None, None),
                                                ("https://example.org/本年.xlsx", None)])
def test_local_path(fullname, expected):
    assert S.local_path(NS(fullname=fullname)) == expected


def test_report_path_without_the_name_goes_to_B2_of_a_new_result_sheet(tmp_path):
    book = make_book(tmp_path)
    S.write_report_path(book, tmp_path / "报告.docx")
    assert book.wb.sheetnames == ["指标评分", "设置", "校验结果"]
    assert book.wb["校验结果"]["B2"].value == str(tmp_path / "报告.docx")
    assert book.wb.defined_names["报告文件"].attr_text == "'校验结果'!$B$2"


def test_report_path_into_the_named_cell_of_a_protected_sheet(tmp_path):
    from openpyxl.workbook.defined_name import DefinedName

    def edit(wb):
        wb.defined_names["报告文件"] = DefinedName("报告文件", attr_text="'设置'!$B$9")
        wb["设置"].protection.sheet = True

    book = make_book(tmp_path, edit=edit)
    S.write_report_path(book, tmp_path / "报告.docx")
    assert book.wb["设置"]["B9"].value == str(tmp_path / "报告.docx")
    assert book.wb["设置"].protection.sheet is True
    assert "校验结果" not in book.wb.sheetnames


def test_help_path_readme_then_install_notes_then_a_sentence(monkeypatch, tmp_path):
    pkg = tmp_path / "xlperf"
    (tmp_path / "docs").mkdir()
    monkeypatch.setattr(S, "__file__", str(pkg / "excel_sheet.py"))
    assert S.help_path() == "xlperf 安装说明（docs/install-windows.md），或联系技术支持人员"
    (tmp_path / "docs" / "install-windows.md").write_text("x")
    assert S.help_path() == str(tmp_path / "docs" / "install-windows.md")
    (tmp_path / "README.md").write_text("x")
    assert S.help_path() == str(tmp_path / "README.md")


def test_help_path_needs_a_file_not_a_folder(monkeypatch, tmp_path):
    (tmp_path / "README.md").mkdir()
    monkeypatch.setattr(S, "__file__", str(tmp_path / "xlperf" / "excel_sheet.py"))
    assert S.help_path() == "xlperf 安装说明（docs/install-windows.md），或联系技术支持人员"


# ---- the 校验结果 sheet ----------------------------------------------------------------------------------------


def test_result_sheet_is_made_last_with_its_titles_and_widths(tmp_path):
    book = make_book(tmp_path, "说明", "指标评分", "设置")
    sheet = S.result_sheet(book)
    assert sheet.name == "校验结果" and book.wb.sheetnames == ["说明", "指标评分", "设置", "校验结果"]
    ws = book.wb["校验结果"]
    assert [ws["A1"].value, ws["A2"].value] == ["校验结果（由“绩效自评”功能区的按钮生成，请勿在此填写）", "最近生成的报告"]
    assert {c: ws.column_dimensions[c].width for c in "ABCDEFG"} == {"A": 8, "B": 20, "C": 18, "D": 70, "E": 2,
                                                                     "F": 14, "G": 10}


def test_result_sheet_is_added_after_the_last_sheet():
    """xlwings' ``sheets.add`` puts a sheet before the active one unless ``after=`` says where."""
    added = []

    class Sheets(list):
        def add(self, name, before=None, after=None):
            added.append((name, before, after))
            return NS(name=name, range=lambda *a: NS(value=None, column_width=None))

    last = NS(name="设置")
    S.result_sheet(NS(sheets=Sheets([NS(name="说明"), NS(name="指标评分"), last])))
    assert added == [("校验结果", None, last)]


def test_result_sheet_that_exists_is_reused(tmp_path):
    book = make_book(tmp_path, "校验结果", "指标评分")
    book.wb["校验结果"]["A1"] = "旧的"
    assert S.result_sheet(book).name == "校验结果"
    assert book.wb.sheetnames == ["校验结果", "指标评分"] and book.wb["校验结果"]["A1"].value == "旧的"


@pytest.mark.parametrize("problems, text", [
    ([], ""), ([Problem("a", "b", "c")], "1个错误"), ([Problem("a", "b", "c", "警告")] * 3, "3个提示"),
    ([Problem("a", "b", "c"), Problem("a", "b", "c", "警告"), Problem("d", "e", "f")], "2个错误、1个提示")])
def test_count_text(problems, text):
    assert S.count_text(problems) == text


@pytest.mark.parametrize("value, shown", [("=1+1", "'=1+1"), ("+86", "'+86"), ("-5", "'-5"), ("@张", "'@张"),
                                          ("应为数字", "应为数字"), ("", ""), ("a=b", "a=b")])
def test_text_keeps_formula_like_text_as_text(value, shown):
    assert S._text(value) == shown


SHEETS = ["指标评分", "张's表", 'x"y', "校验结果", "甲!乙"]


@pytest.mark.parametrize("where, link", [
    ("指标评分!H25", '=HYPERLINK("#\'指标评分\'!H25","指标评分!H25")'),
    ("指标评分!$H$25", '=HYPERLINK("#\'指标评分\'!$H$25","指标评分!$H$25")'),
    ("指标评分", '=HYPERLINK("#\'指标评分\'!A1","指标评分")'),
    ("指标评分!第3行", '=HYPERLINK("#\'指标评分\'!A1","指标评分!第3行")'),
    ("张's表!B2", '=HYPERLINK("#\'张\'\'s表\'!B2","张\'s表!B2")'),
    ('x"y!C3', '=HYPERLINK("#\'x"y\'!C3","x""y!C3")'),
    ("甲!乙!C3", '=HYPERLINK("#\'甲!乙\'!C3","甲!乙!C3")'),
    ("预算资金!B4", "预算资金!B4"), ("-已删除!B4", "'-已删除!B4"), ("校验结果!A1", "校验结果!A1")])
def test_link(where, link):
    assert S._link(SHEETS, where) == link


@pytest.mark.parametrize("col, letters", [(1, "A"), (2, "B"), (26, "Z"), (27, "AA"), (52, "AZ"), (53, "BA"),
                                          (702, "ZZ"), (703, "AAA")])
def test_col_letter(col, letters):
    assert S._col_letter(col) == letters


def test_hex_and_rgb():
    assert S._hex(None) == "" and S._hex((255, 199, 206)) == "'FFC7CE" and S._hex((0.0, 10.0, 171.0)) == "'000AAB"
    assert S._rgb("FFC7CE") == (255, 199, 206) and S._rgb(" 0a0B0c ") == (10, 11, 12)
    assert S._rgb("12345") is None and S._rgb("1234567") is None and S._rgb("GG0000") is None
    assert S._rgb(None) is None and S._rgb("") is None


@pytest.mark.parametrize("colour, ours", [(None, False), ((255, 199, 206), True), ([255, 235, 156], True),
                                          ((255, 255, 0), False)])
def test_ours(colour, ours):
    assert S._ours(colour) is ours


def test_by_sheet_keeps_cells_on_listed_sheets_except_the_result_sheet():
    cells = [("指标评分!H25", 1), ("指标评分!B3", 2), ("设置!B9", 3), ("已删除!A1", 4), ("校验结果!F6", 5),
             ("指标评分!第3行", 6), ("指标评分", 7), ("甲!乙!C3", 8)]
    assert S._by_sheet(["指标评分", "设置", "校验结果", "甲!乙"], cells) == {
        "指标评分": [("H25", 1), ("B3", 2)], "设置": [("B9", 3)], "甲!乙": [("C3", 8)]}


# ---- sheet protection --------------------------------------------------------------------------------------


ALLOWS = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows", "AllowInsertingColumns",
          "AllowInsertingRows", "AllowInsertingHyperlinks", "AllowDeletingColumns", "AllowDeletingRows",
          "AllowSorting", "AllowFiltering", "AllowUsingPivotTables")


class SheetApi:
    def __init__(self, protected=True, password=False, drawing=1, scenarios=0):
        self.ProtectContents = 1 if protected else 0
        self.ProtectDrawingObjects, self.ProtectScenarios = drawing, scenarios
        self.Protection = NS(**{name: i % 2 for i, name in enumerate(ALLOWS)})
        self.password, self.calls = password, []

    def Unprotect(self):  # noqa: N802 - COM name
        self.calls.append("Unprotect")
        if self.password:
            raise RuntimeError("密码")

    def Protect(self, **kw):  # noqa: N802 - COM name
        self.calls.append(("Protect", kw))


@pytest.mark.parametrize("drawing, scenarios", [(1, 0), (0, 1)])
def test_unprotected_puts_the_same_protection_back(drawing, scenarios):
    api = SheetApi(drawing=drawing, scenarios=scenarios)
    with pytest.raises(KeyError):
        with S.unprotected(NS(api=api)) as ok:
            assert ok is True and api.calls == ["Unprotect"]
            raise KeyError("写入失败")
    expected = {"DrawingObjects": drawing == 1, "Contents": True, "Scenarios": scenarios == 1,
                **{name: bool(i % 2) for i, name in enumerate(ALLOWS)}}
    assert api.calls == ["Unprotect", ("Protect", expected)]
    assert all(type(v) is bool for v in api.calls[1][1].values())


def test_unprotected_sheet_is_left_alone():
    api = SheetApi(protected=False)
    with S.unprotected(NS(api=api)) as ok:
        assert ok is True
    assert api.calls == []


def test_password_sheet_yields_false_and_is_not_protected_again():
    api = SheetApi(password=True)
    with S.unprotected(NS(api=api)) as ok:
        assert ok is False
    assert api.calls == ["Unprotect"]


# ---- write_problems: the list, the links, the colours and their memory -------------------------------------


def _input_fill(wb):
    wb["指标评分"]["H25"].fill = PatternFill("solid", fgColor="FFFFFF99")
    wb["指标评分"]["H26"].fill = PatternFill("solid", fgColor="FF00B050")


PROBLEMS = [Problem("指标评分!H25", "实际完成值", "应为数字，现为“约95”"),
            Problem("指标评分!H26", "得分", "=得分超过满分", "警告"),
            Problem("指标评分!H26", "得分", "-又一条", "错误"),
            Problem("指标评分!B3", "指标名称", "像是填写说明", "警告"),
            Problem("预算资金", "预算资金", "缺少工作表"),
            Problem("设置!B9", "报告保存位置", "@不存在")]


def test_write_problems_lists_links_and_colours(tmp_path):
    book = make_book(tmp_path, "指标评分", "设置", edit=_input_fill)
    book.app.screen_updating = "原来的"
    S.write_problems(book, PROBLEMS)
    assert book.app.screen_updating == "原来的"
    ws = book.wb["校验结果"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d 校验：4个错误、2个提示", ws["A3"].value)
    assert grid(book, "校验结果", [3], 7)[0][1:] == [None] * 6
    assert grid(book, "校验结果", range(4, 13)) == [
        [None] * 7,
        HEADERS,
        ["错误", '=HYPERLINK("#\'指标评分\'!H25","指标评分!H25")', "实际完成值", "应为数字，现为“约95”", None,
         "指标评分!H25", "FFFF99"],
        ["警告", '=HYPERLINK("#\'指标评分\'!H26","指标评分!H26")', "得分", "=得分超过满分", None, "指标评分!H26",
         "00B050"],
        ["错误", '=HYPERLINK("#\'指标评分\'!H26","指标评分!H26")', "得分", "-又一条", None, "指标评分!B3", ""],
        ["警告", '=HYPERLINK("#\'指标评分\'!B3","指标评分!B3")', "指标名称", "像是填写说明", None, "设置!B9", ""],
        ["错误", "预算资金", "预算资金", "缺少工作表", None, None, None],
        ["错误", '=HYPERLINK("#\'设置\'!B9","设置!B9")', "报告保存位置", "@不存在", None, None, None],
        [None] * 7]
    # the leading =, -, @ kept as text (fakebook drops the apostrophe as Excel does)
    assert [ws.cell(r, 4).data_type for r in (7, 8, 11)] == ["s", "s", "s"]
    colours = fills(book, skip=("校验结果",))
    assert {k: v for k, v in colours.items() if v} == {("指标评分", "H25"): RED, ("指标评分", "H26"): RED,
                                                      ("指标评分", "B3"): YELLOW, ("设置", "B9"): RED}


def test_a_second_run_gives_back_the_colours_and_shortens_the_list(tmp_path):
    book = make_book(tmp_path, "指标评分", "设置", edit=_input_fill)
    S.write_problems(book, PROBLEMS)
    S.write_problems(book, [Problem("指标评分!B3", "指标名称", "还是像填写说明", "警告")])
    colours = {k: v for k, v in fills(book, skip=("校验结果",)).items() if v}
    assert colours == {("指标评分", "H25"): (255, 255, 153), ("指标评分", "H26"): (0, 176, 80),
                       ("指标评分", "B3"): YELLOW}
    assert grid(book, "校验结果", range(6, 13)) == [
        ["警告", '=HYPERLINK("#\'指标评分\'!B3","指标评分!B3")', "指标名称", "还是像填写说明", None, "指标评分!B3", ""]]\
        + [[None] * 7] * 6
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d 校验：1个提示", book.wb["校验结果"]["A3"].value)
    S.write_problems(book, [])
    assert {k: v for k, v in fills(book, skip=("校验结果",)).items() if v} == {("指标评分", "H25"): (255, 255, 153),
                                                                             ("指标评分", "H26"): (0, 176, 80)}
    assert grid(book, "校验结果", range(6, 8)) == [[None] * 7] * 2
    assert book.wb["校验结果"]["A3"].value.endswith(" 校验：未发现问题")


def test_the_report_path_row_is_kept(tmp_path):
    book = make_book(tmp_path)
    S.write_report_path(book, tmp_path / "报告.docx")
    S.write_problems(book, [Problem("指标评分!A1", "甲", "乙")])
    S.write_problems(book, [])
    assert grid(book, "校验结果", [1, 2], 2) == [["校验结果（由“绩效自评”功能区的按钮生成，请勿在此填写）", None],
                                             ["最近生成的报告", str(tmp_path / "报告.docx")]]


def test_a_recoloured_cell_is_left_as_the_clerk_coloured_it(tmp_path):
    book = make_book(tmp_path)
    S.write_problems(book, [Problem("指标评分!C4", "甲", "乙")])
    book.wb["指标评分"]["C4"].fill = PatternFill("solid", fgColor="FF0070C0")
    S.write_problems(book, [])
    assert fills(book)[("指标评分", "C4")] == (0, 112, 192)


def test_a_cell_still_red_from_before_remembers_no_colour(tmp_path):
    book = make_book(tmp_path)
    book.wb["指标评分"]["C4"].fill = PatternFill("solid", fgColor="FFFFC7CE")
    S.write_problems(book, [Problem("指标评分!C4", "甲", "乙", "警告")])
    assert fills(book)[("指标评分", "C4")] == YELLOW
    assert grid(book, "校验结果", [6])[0][5:] == ["指标评分!C4", ""]  # "" = no colour of its own
    S.write_problems(book, [])
    assert fills(book)[("指标评分", "C4")] is None


def test_a_password_sheet_is_not_coloured(tmp_path):
    def edit(wb):
        wb["设置"].protection.sheet = True
        wb["设置"].protection.password = "秘密"

    book = make_book(tmp_path, edit=edit)
    S.write_problems(book, [Problem("设置!B9", "甲", "乙"), Problem("指标评分!A2", "丙", "丁")])
    assert fills(book).get(("设置", "B9")) is None and fills(book)[("指标评分", "A2")] == RED
    assert grid(book, "校验结果", [6, 7])[0][5:] == ["指标评分!A2", ""]
    assert book.wb["设置"].protection.sheet is True


# ---- what the previous run remembered -------------------------------------------------------------------------


def result(tmp_path, cells: dict):
    def edit(wb):
        for ref, value in cells.items():
            wb["校验结果"][ref] = value

    book = make_book(tmp_path, "校验结果", "指标评分", edit=edit)
    return book.sheets["校验结果"]


def test_remembered_reads_below_the_header_on_row_5(tmp_path):
    sheet = result(tmp_path, {"A1": "标题", "F5": "已标色单元格", "F6": "指标评分!H25", "G6": "FFFF99",
                              "F7": "指标评分!B3", "F8": "不是单元格", "F9": 12, "G10": "x"})
    assert S._remembered(sheet) == ([("指标评分!H25", "FFFF99"), ("指标评分!B3", "")], 10)


def test_remembered_needs_the_header(tmp_path):
    assert S._remembered(result(tmp_path, {"A1": "标题", "F6": "指标评分!H25"})) == ([], 6)


def test_remembered_header_must_be_at_row_5_or_below(tmp_path):
    sheet = result(tmp_path, {"A1": "标题", "F4": "已标色单元格", "F5": "指标评分!H25", "G5": "FFFF99"})
    assert S._remembered(sheet) == ([], 5)


def test_remembered_without_column_G(tmp_path):
    sheet = result(tmp_path, {"A1": "标题", "F5": "已标色单元格", "F6": "指标评分!H25"})
    assert S._remembered(sheet) == ([("指标评分!H25", "")], 6)


def test_remembered_when_the_used_range_starts_at_F(tmp_path):
    sheet = result(tmp_path, {"F5": "已标色单元格", "F6": "指标评分!H25", "G6": "00B050"})
    assert S._remembered(sheet) == ([("指标评分!H25", "00B050")], 6)


def test_remembered_when_the_used_range_ends_before_F(tmp_path):
    assert S._remembered(result(tmp_path, {"A1": "标题", "E7": "x"})) == ([], 7)


def test_remembered_of_an_empty_sheet(tmp_path):
    assert S._remembered(result(tmp_path, {})) == ([], 1)


def test_the_same_list_twice_stays(tmp_path):
    book = make_book(tmp_path)
    for _ in range(2):
        S.write_problems(book, [Problem("指标评分!A2", "丙", "丁")])
    assert grid(book, "校验结果", [6, 7]) == [["错误", '=HYPERLINK("#\'指标评分\'!A2","指标评分!A2")', "丙", "丁", None,
                                             "指标评分!A2", ""], [None] * 7]


def test_a_list_one_row_shorter_leaves_no_row_behind(tmp_path):
    book = make_book(tmp_path)
    S.write_problems(book, [Problem("指标评分", "甲", "乙"), Problem("设置", "丙", "丁")])
    S.write_problems(book, [Problem("设置", "丙", "丁")])
    assert grid(book, "校验结果", [6, 7], 4) == [["错误", '=HYPERLINK("#\'设置\'!A1","设置")', "丙", "丁"],
                                             [None] * 4]


@pytest.fixture
def excel_reads_numbers(monkeypatch):
    """Excel's ``Range.Value = "999999"`` stores the number 999999; text only with an apostrophe first (xlwings
    issue #1269: ``range.value = "001"`` gives 1, ``"'001"`` the text)."""
    prop = FakeRange.value

    def number(v):
        if isinstance(v, str) and not v.startswith("'"):
            try:
                return float(v)
            except ValueError:
                pass
        return v

    def setter(self, data):
        if isinstance(data, list) and data and isinstance(data[0], list):
            data = [[number(v) for v in row] for row in data]
        prop.fset(self, data if isinstance(data, list) else number(data))

    monkeypatch.setattr(FakeRange, "value", property(prop.fget, setter))


def test_a_grey_999999_comes_back(tmp_path, excel_reads_numbers):
    book = make_book(tmp_path, edit=lambda wb: setattr(wb["指标评分"]["H25"], "fill",
                                                       PatternFill("solid", fgColor="FF999999")))
    S.write_problems(book, [Problem("指标评分!H25", "实际完成值", "应为数字")])
    assert fills(book)[("指标评分", "H25")] == RED
    S.write_problems(book, [])
    assert fills(book)[("指标评分", "H25")] == (153, 153, 153)
