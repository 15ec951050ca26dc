"""Edges of the small shared modules (problems, sheetfit, atomic, report.cache, report.words) that `make mutate`
found untested.

Expected values come from the rules the clerk sees (messages, numbering of official documents), published
figures (A4 is 8.27 × 11.69 in) and hand arithmetic written next to each assertion — never from the code under test.

Survivors judged equivalent (same result for every input), by mutmut's names in the session-7 run recorded in
docs/mutation.md (s7g):

* batch.manifest.Manifest.save 19 — ``ensure_ascii=None`` is as false as False: json writes the same text (the
  keyword itself is pinned: test_save_keeps_only_records_with_a_key_and_loads_back reads the file names as written);
* batch.naming.assign 52 (``not in taken``, session 5's number) and sheetfit.shrink_widths 24 (``out[i] += 1``) never
  end: mutmut counts them as timeouts (recorded apart, not as killed).

Every other equivalent argued here before (report.words' zero flag, its neighbour and lead-in helpers, states_figure's
dead ``except`` and quantum, cache's codec and temporary suffix, atomic's codec and umask probe, manifest's codecs,
separators, block size, second template folder and JSON indentation, progress' unused starting values and Silent's
arguments, sheetfit's ``max`` default and row height fallback) is gone: the code was made simpler so that the
mutant no longer exists, with the same results (session 7, s7g).

Fixed since (session 5): sheetfit.fit_row_heights 62 (``n >= lines``) showed that a row whose wrapped cells need
the same number of lines in different font sizes got the height of the first cell, cutting off the larger one (and a
larger font on fewer lines lost to more lines in a small font).  The row now gets the largest height any of its
cells needs; test_a_row_gets_the_height_of_its_tallest_cell_not_of_the_one_with_most_lines pins it down.
"""

from __future__ import annotations

import errno
import hashlib
import os
from decimal import Decimal as D
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from xlperf.infra import atomic, sheetfit
from xlperf.domain.problems import (
    ERROR,
    WARNING,
    Problem,
    ProblemsFound,
    errors,
    one_per_cell,
    pydantic_error_text,
    warnings,
)
from xlperf.report import cache
from xlperf.report import words as W

# ------------------------------------------------------------------ problems


def test_problem_names_sheet_and_cell_and_reads_as_one_line():
    p = Problem("指标评分!H12", "实际完成值", "应为数字，现为“约95”")
    assert (p.sheet, p.cell, p.severity) == ("指标评分", "H12", ERROR)
    assert str(p) == "指标评分!H12（实际完成值）：应为数字，现为“约95”"
    q = Problem("基本信息", "", "缺少单位名称", WARNING)
    assert (q.sheet, q.cell) == ("", "")
    assert str(q) == "基本信息：缺少单位名称"
    assert Problem("a!b!c", "", "m").cell == "b!c"  # only the first ! separates sheet and cell


def test_errors_and_warnings_are_filtered_and_problems_found_lists_them_all():
    e, w = Problem("S!A1", "x", "坏", ERROR), Problem("S!A2", "y", "怪", WARNING)
    assert errors([w, e]) == [e] and warnings([w, e]) == [w]
    exc = ProblemsFound([e, w])
    assert exc.problems == [e, w]
    assert str(exc) == "S!A1（x）：坏\nS!A2（y）：怪"


def test_one_message_per_cell_errors_first():
    w_a1 = Problem("S!A1", "x", "警告在先", WARNING)
    e_a1 = Problem("S!A1", "x", "读取错误")
    e_a1_again = Problem("S!A1", "x", "由此而来的错误")
    e_a1_other_field = Problem("S!A1", "y", "另一项")
    w_b1, w_b1_again = Problem("S!B1", "x", "警告一", WARNING), Problem("S!B1", "x", "警告二", WARNING)
    place, place_again = Problem("基本信息", "x", "一"), Problem("基本信息", "x", "二")
    got = one_per_cell([w_a1, w_b1, e_a1, place, e_a1_again, w_b1_again, e_a1_other_field, place_again])
    # errors first in their order; a cell+field with an error keeps only that error; warnings alone all stay;
    # a problem without a cell (a place name) is never merged
    assert got == [e_a1, place, e_a1_other_field, place_again, w_b1, w_b1_again]


@pytest.mark.parametrize("err, text", [
    ({"type": "value_error", "msg": "Value error, 分值须为正数"}, "分值须为正数"),
    ({"type": "missing"}, "缺少此项"),
    ({"type": "extra_forbidden"}, "不认识的设置项（请检查拼写）"),
    ({"type": "literal_error", "ctx": {"expected": "'正向' or '反向'"}}, "取值应为'正向'、'反向'之一"),
    ({"type": "literal_error"}, "取值应为规定的值之一"),
    ({"type": "greater_than", "ctx": {"gt": 0}, "input": -1}, "须大于0，现为-1"),
    ({"type": "greater_than_equal", "ctx": {"ge": 0}, "input": -1}, "须不小于0，现为-1"),
    ({"type": "less_than", "ctx": {"lt": 100}, "input": 100}, "须小于100，现为100"),
    ({"type": "less_than_equal", "ctx": {"le": 100}, "input": 101}, "须不大于100，现为101"),
    ({"type": "greater_than", "ctx": None, "input": "x"}, "须大于，现为'x'"),
    ({"type": "decimal_parsing", "input": "约95"}, "应为数字，现为'约95'"),
    ({"type": "float_type", "input": None}, "应为数字，现为None"),
    ({"type": "int_parsing", "input": "三"}, "应为数字，现为'三'"),
    ({"type": "bool_parsing"}, "应为 true 或 false"),
    ({"type": "string_too_short"}, "不能为空"),
    ({"type": "string_type"}, "应为文字（加英文双引号）"),
    ({"type": "list_type"}, "结构不对：应为列表或表（[[...]]），请对照自带的规则文件"),
    ({"type": "dict_type"}, "结构不对：应为列表或表（[[...]]），请对照自带的规则文件"),
    ({"type": "model_type"}, "结构不对：应为列表或表（[[...]]），请对照自带的规则文件"),
    ({"type": "url_parsing", "msg": "Input should be a valid URL"}, "取值无效（Input should be a valid URL）"),
    ({"type": "url_parsing"}, "取值无效（url_parsing）"),
    ({}, "取值无效（）"),
])
def test_pydantic_errors_in_short_chinese(err, text):
    assert pydantic_error_text(err) == text


def test_where_a_value_came_from_or_the_callers_default():
    from xlperf.domain.model import Budget

    b = Budget(initial=1, adjusted=1, executed=1, sources={"initial": "预算执行!C5"})
    assert b.where("initial") == "预算执行!C5"
    assert b.where("adjusted") == ""
    assert b.where("adjusted", "预算执行") == "预算执行"


# ------------------------------------------------------------------ sheetfit


@pytest.mark.parametrize("ch, width", [("中", 2.1), ("“", 2.1), ("Ａ", 2.1), ("a", 1.0), ("1", 1.0), ("ｱ", 1.0)])
def test_char_width_counts_wide_and_ambiguous_characters_double(ch, width):
    # East Asian Width W (中), A (“ is ambiguous, wide in a Chinese font) and F (full-width Ａ) → 2.1; Na/H → 1
    assert sheetfit.char_width(ch) == width


def test_text_width_is_the_longest_line():
    assert sheetfit.text_width("ab\n中中") == pytest.approx(4.2)  # max(1 + 1, 2.1 + 2.1)
    assert sheetfit.text_width("") == 0
    assert sheetfit.text_width(12345) == 5
    assert sheetfit.text_width("ab cd") == 5  # a space does not break a line


@pytest.mark.parametrize("text, width, lines", [
    ("中" * 10, 10.3, 3),  # usable 10: 4 characters (8.4) fit, a 5th would make 10.5 → 4 + 4 + 2
    ("aaa", 3.3, 1),  # usable 3.0: exactly full still fits
    ("aaaa", 3.3, 2),
    ("a\nb", 5, 2),  # every paragraph starts a line
    ("", 5, 1),
    ("a\n\nb", 5, 3),  # an empty paragraph is a line too
    ("ab", 0.5, 2),  # a column narrower than one unit still shows one character per line
    ("中", 0.5, 1),  # a character wider than the column is not split
])
def test_line_count(text, width, lines):
    assert sheetfit.line_count(text, width) == lines


def test_column_width_reads_the_sheet_or_excels_default():
    ws = Workbook().active
    ws.column_dimensions["B"].width = 20
    assert sheetfit.column_width(ws, 2) == 20.0
    assert sheetfit.column_width(ws, 3) == 8.43  # a column nobody sized
    ws.column_dimensions["D"].width = 0
    assert sheetfit.column_width(ws, 4) == 8.43


def test_page_units_from_a4_margins_and_pixels_per_unit():
    # portrait: (8.27 − 2 × 0.4) in × 96 px − 3 columns × 5 px = 717.12 − 15 = 702.12 px; Excel 7 px per unit
    assert sheetfit.page_units(False, 3) == pytest.approx(702.12 / 7)
    # landscape: (11.69 − 0.8) × 96 − 2 × 5 = 1035.44 px; LibreOffice 8.8 px per unit
    assert sheetfit.page_units(True, 2, "libreoffice") == pytest.approx(1035.44 / 8.8)


def _wrapped(ws, ref, text, size=None):
    ws[ref] = text
    ws[ref].alignment = Alignment(wrap_text=True)
    if size:
        ws[ref].font = Font(sz=size)


def test_rows_with_wrapped_text_get_the_height_of_their_tallest_cell():
    ws = Workbook().active
    ws.column_dimensions["A"].width = 10.3
    ws.column_dimensions["B"].width = 20.3
    _wrapped(ws, "A1", "中" * 10)  # 3 lines → ⌈3 × 16 + 3⌉ = 51 pt
    _wrapped(ws, "A2", "中" * 4)  # one line: no height set
    ws["A3"] = "中" * 10  # not wrapped
    _wrapped(ws, "A4", "=REPT(\"中\",10)")  # a formula does not wrap
    _wrapped(ws, "B5", "中" * 10, size=22)  # 22 pt: 20.3 × 11/22 = 10.15 units → 3 lines × 16 × 22/11 + 3 = 99 pt
    _wrapped(ws, "A6", "中" * 10)
    ws.row_dimensions[6].height = 60  # a larger height set before stays
    _wrapped(ws, "A7", "中" * 10)
    ws.row_dimensions[7].height = 20  # a smaller one grows
    _wrapped(ws, "A8", "中" * 10)
    ws.merge_cells("A8:B8")  # merged cells are the sheet author's business
    _wrapped(ws, "A9", "中" * 10)  # the row under a merged range is fitted
    _wrapped(ws, "C8", "中" * 10)  # and so is the cell right of it
    ws.merge_cells("B10:C10")
    _wrapped(ws, "A10", "中" * 10)  # left of a merged range
    _wrapped(ws, "A11", "中" * 5)  # 4 + 1 characters: 2 lines → ⌈2 × 16 + 3⌉ = 35 pt
    ws["A12"] = 12345678901234567890  # a number never wraps
    ws["A12"].alignment = Alignment(wrap_text=True)
    ws["A13"] = "不折行"
    _wrapped(ws, "B13", "中" * 30)  # B: usable 20.0 → 9 per line → 4 lines → ⌈4 × 16 + 3⌉ = 67 pt
    _wrapped(ws, "A14", "中中中中a中中中中")
    ws["A14"].font = Font(bold=True)  # no size of its own: 11 pt → 9.4 then 8.4 units: 2 lines → 35 pt
    sheetfit.fit_row_heights(ws)
    heights = {r: ws.row_dimensions[r].height for r in range(1, 15)}
    # C8: 8.43 wide → usable 8.13 → 3 characters (6.3) per line → 10 characters: 4 lines → ⌈4 × 16 + 3⌉ = 67 pt
    assert heights == {1: 51, 2: None, 3: None, 4: None, 5: 99, 6: 60, 7: 51, 8: 67, 9: 51, 10: 51, 11: 35,
                       12: None, 13: 67, 14: 35}


def test_a_row_gets_the_height_of_its_tallest_cell_not_of_the_one_with_most_lines():
    # A: 10.3 wide → usable 10.0 units → 4 characters of 2.1 at 11 pt → 10 characters: 3 lines → ⌈3 × 16 + 3⌉ = 51 pt
    # B: 20.3 wide at 22 pt → 20.0 × 11/22 = 10.0 units → 4 per line → 10 characters: 3 lines → ⌈3 × 16 × 2 + 3⌉ = 99
    # B in row 2: 6 characters at 22 pt → 2 lines → ⌈2 × 16 × 2 + 3⌉ = 67 pt, taller than A's 3 lines at 11 pt (51)
    ws = Workbook().active
    ws.column_dimensions["A"].width = 10.3
    ws.column_dimensions["B"].width = 20.3
    _wrapped(ws, "A1", "中" * 10)
    _wrapped(ws, "B1", "中" * 10, size=22)  # the same 3 lines in a font twice as large
    _wrapped(ws, "A2", "中" * 10)
    _wrapped(ws, "B2", "中" * 6, size=22)  # fewer lines, larger font
    # row 3, the larger font first: A at 22 pt → 10.3 × 11/22 − 0.3 = 4.85 units → 2 per line → 4 characters: 2 lines
    # → 67 pt; B at 11 pt → 9 per line → 20 characters: 3 lines → 51 pt.  The later cell's extra line does not win
    _wrapped(ws, "A3", "中" * 4, size=22)
    _wrapped(ws, "B3", "中" * 20)
    sheetfit.fit_row_heights(ws)
    assert [ws.row_dimensions[r].height for r in (1, 2, 3)] == [99, 67, 67]


def test_only_the_given_rows_are_fitted():
    ws = Workbook().active
    ws.column_dimensions["A"].width = 10.3
    for r in (1, 2, 3, 4, 5):
        _wrapped(ws, f"A{r}", "中" * 10)
    sheetfit.fit_row_heights(ws, rows=[2, 3, 4])
    assert [ws.row_dimensions[r].height for r in (1, 2, 3, 4, 5)] == [None, 51, 51, 51, None]


def test_shrink_widths_narrows_the_widest_first_down_to_a_floor():
    widths = [10, 20, 5]
    assert sheetfit.shrink_widths(widths, 30, 4) == [10, 15, 5]  # 35 → 30: only the 20 narrows
    assert widths == [10, 20, 5]  # the caller's list is left alone
    assert sheetfit.shrink_widths([10, 10], 18, 1) == [9, 9]  # ties: one unit each in turn
    assert sheetfit.shrink_widths([5, 5], 2, 4) == [4, 4]  # never below the floor, even over budget
    assert sheetfit.shrink_widths([3, 4], 10, 1) == [3, 4]  # within budget: unchanged


# ------------------------------------------------------------------ atomic


@pytest.mark.parametrize("code, text", [
    (errno.ENOSPC, "磁盘空间不足，未能写入“报告.docx”，原文件未改动"),
    (errno.EACCES, "无法写入“报告.docx”：文件被占用（如已在Word/Excel中打开）或无写入权限，请关闭后重试，原文件未改动"),
    (errno.EPERM, "无法写入“报告.docx”：文件被占用（如已在Word/Excel中打开）或无写入权限，请关闭后重试，原文件未改动"),
    (errno.ENOENT, f"保存位置不存在：{Path('输出')}"),
    (errno.EROFS, "保存位置只读，无法写入“报告.docx”"),
    (errno.EIO, "无法写入“报告.docx”：读写出错，原文件未改动"),
])
def test_os_errors_in_chinese(code, text):
    assert atomic.describe_os_error(Path("输出") / "报告.docx", OSError(code, "读写出错")) == text


def test_an_os_error_without_text_is_still_named():
    assert atomic.describe_os_error(Path("a.docx"), OSError("坏了")) == "无法写入“a.docx”：坏了，原文件未改动"


def test_a_replaced_file_keeps_its_permissions_and_a_new_one_follows_the_umask(tmp_path):
    old = tmp_path / "old.txt"
    old.write_text("旧", encoding="utf-8")
    os.chmod(old, 0o640)
    atomic.write_text(old, "新")
    assert (old.read_text(encoding="utf-8"), old.stat().st_mode & 0o777) == ("新", 0o640)
    mask = os.umask(0o022)
    try:
        new = atomic.write_bytes(tmp_path / "new.bin", b"\x00\x01")
    finally:
        os.umask(mask)
    assert new == tmp_path / "new.bin"
    assert (new.read_bytes(), new.stat().st_mode & 0o777) == (b"\x00\x01", 0o644)  # rw-rw-rw- less ----w--w-


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "a.txt"
    target.write_text("旧", encoding="utf-8")

    def broken(path):
        path.write_text("半", encoding="utf-8")
        raise OSError(errno.ENOSPC, "no space")

    with pytest.raises(atomic.OutputError, match="磁盘空间不足，未能写入“a.txt”"):
        atomic.write_with(target, broken)
    assert target.read_text(encoding="utf-8") == "旧"
    assert [p.name for p in tmp_path.iterdir()] == ["a.txt"]
    with pytest.raises(atomic.OutputError, match="保存位置不存在"):
        atomic.write_text(tmp_path / "nowhere" / "a.txt", "x")


# ------------------------------------------------------------------ report.cache


def test_cache_location_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("XLPERF_CACHE", str(tmp_path / "c"))
    assert cache.cache_dir() == tmp_path / "c"
    monkeypatch.delenv("XLPERF_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "xlperf"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "xlperf"


def test_cache_location_on_windows(monkeypatch, tmp_path):
    import types

    fake = types.SimpleNamespace(name="nt", environ={"LOCALAPPDATA": str(tmp_path / "AppData" / "Local")})
    monkeypatch.setattr(cache, "os", fake)
    assert cache.cache_dir() == tmp_path / "AppData" / "Local" / "xlperf" / "cache"
    fake.environ = {}  # no LOCALAPPDATA: the home folder
    assert cache.cache_dir() == Path.home() / "xlperf" / "cache"
    fake.environ = {"XLPERF_CACHE": str(tmp_path / "c"), "LOCALAPPDATA": str(tmp_path)}
    assert cache.cache_dir() == tmp_path / "c"


def test_cache_writes_do_not_need_the_system_temp_folder(monkeypatch, tmp_path):
    # the temporary file lies next to the entry (os.replace cannot move across drives)
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "no-such-temp"))
    monkeypatch.setenv("XLPERF_CACHE", str(tmp_path / "c"))
    cache.write("k", b"v")
    assert cache.read("k") == b"v"


def test_cache_key_separates_its_parts():
    # SHA-256 of each part followed by a NUL byte, first 32 hex digits
    assert cache.key_of("ab", "c") == hashlib.sha256(b"ab\0c\0").hexdigest()[:32]
    assert cache.key_of("ab", "c") != cache.key_of("a", "bc")
    assert len(cache.key_of()) == 32


def test_cache_reads_back_what_it_wrote_and_ignores_failures(monkeypatch, tmp_path):
    monkeypatch.setenv("XLPERF_CACHE", str(tmp_path / "deep" / "c"))
    assert cache.read("k") is None
    cache.write("k", b"\x00data")
    assert cache.read("k") == b"\x00data"
    assert [p.name for p in (tmp_path / "deep" / "c").iterdir()] == ["k"]  # no temporary left behind
    blocker = tmp_path / "file"
    blocker.write_bytes(b"")
    monkeypatch.setenv("XLPERF_CACHE", str(blocker / "c"))  # a folder that cannot exist
    cache.write("k", b"x")  # no exception
    assert cache.read("k") is None


# ------------------------------------------------------------------ report.words


@pytest.mark.parametrize("n, text", [
    (0, "零"), (7, "七"), (10, "十"), (15, "十五"), (20, "二十"), (21, "二十一"), (100, "一百"), (105, "一百零五"),
    (110, "一百一十"), (1000, "一千"), (2000, "二千"), (1001, "一千零一"), (1010, "一千零一十"), (1100, "一千一百"), (9999, "九千九百九十九"),
    (-1, "-1"), (10000, "10000"), ("12", "十二"),
])
def test_cn_number(n, text):
    assert W.cn_number(n) == text


@pytest.mark.parametrize("n, text", [(9, "九个"), (10, "十个"), (11, "十多个"), (20, "二十个"), (25, "二十多个"),
                                     (134, "一百三十多个"), (200, "二百个")])
def test_cn_count(n, text):
    assert W.cn_count(n) == text


def test_heading_numbers():
    assert (W.cn_heading(2), W.cn_sub(3), W.cn_item(11)) == ("二、", "（三）", "十一是")


@pytest.mark.parametrize("text, reviewed", [
    ("中,a", "中，a"),  # the Chinese neighbour is the first character of the text
    ("a,中", "a，中"),
    ("Excel,", "Excel,"),  # a mark at the very end with no Chinese beside it
    ("Excel , ", "Excel , "),  # spaces up to the end
    (" ,Word", " ,Word"),  # spaces back to the start
    ("你好,请看 http://a.cn/x,y 说明", "你好，请看 http://a.cn/x,y 说明"),  # only the address is left as written
])
def test_fullwidth_punctuation_at_the_ends_of_the_text(text, reviewed):
    assert W.fullwidth_punctuation(text) == reviewed


@pytest.mark.parametrize("text, reviewed", [
    ("完成率(90%)达标", "完成率（90%）达标"),  # Chinese before the pair
    ("完成率(90%)", "完成率（90%）"),  # Chinese only before it
    ("a中(1)", "a中（1）"),  # the character right before counts, not the one before it
    ("Excel(中a)", "Excel（中a）"),  # Chinese as the first character inside
    ("Excel(2016)版", "Excel（2016）版"),  # Chinese only after it: both brackets change together
    ("Excel(中文版)", "Excel（中文版）"),  # Chinese only inside
    ("(中文)", "（中文）"),  # at the very start, nothing around it
    ("Excel(2016) Word", "Excel(2016) Word"),  # no Chinese inside or around: left alone
    ("好)", "好）"),  # a bracket without its partner changes by its neighbours
    ("(好", "（好"),
    ("a好)", "a好）"),
    ("中文  ,  好", "中文，好"),  # every space around a changed mark goes
    (" ,中", "，中"),  # also at the very start
    ("中,\t", "中，"),  # and at the very end
    ("说明(见附件),下同", "说明（见附件），下同"),
])
def test_fullwidth_brackets_change_as_a_pair(text, reviewed):
    assert W.fullwidth_punctuation(text) == reviewed


def test_without_lead_in_keeps_every_sentence_before_the_lead_in():
    assert W.without_lead_in("已整改。已验收。问题如下：") == "已整改。已验收。"
    assert W.without_lead_in("。问题如下：") == "。"  # a sentence end at the very start still ends a sentence
    assert W.without_lead_in("问题如下：") == ""
    assert W.lead_in_sentence("  已整改。问题如下：  ") == "问题如下："


@pytest.mark.parametrize("text, value, unit, found", [
    ("预算执行率为92.5%。", D("0.925"), "%", True),
    ("预算执行率为92.50%。", D("0.925"), "%", True),
    ("预算执行率为93%。", D("0.925"), "%", True),  # 92.5 % at the written precision (0 places, half up) is 93
    ("支出4.3万元。", D("4.25"), "万元", True),  # half up like Excel's ROUND, not to the even 4.2
    ("预算执行率为92%。", D("0.925"), "%", False),
    ("支出1,234.56万元。", D("1234.56"), "万元", True),
    ("支出1234.6万元。", D("1234.56"), "万元", True),
    ("支出1234.5万元。", D("1234.56"), "万元", False),
    ("共12个项目。", D(12), "个", True),
    ("", D(12), "个", False),
    ("共12个项目。", None, "个", False),
])
def test_states_figure_at_the_written_precision(text, value, unit, found):
    words = ("执行率", "支出", "项目")
    assert W.states_figure(text, value, unit, words) is found


def test_states_figure_looks_only_in_the_named_sentence_and_clause():
    text = "年初预算100万元。全年支出80万元，其中项目支出20万元"
    assert W.states_figure(text, D(100), "万元", ("年初",))
    assert not W.states_figure(text, D(100), "万元", ("全年",))  # 100 is in another sentence
    assert W.states_figure(text, D(20), "万元", ("全年",), ("项目",))
    assert not W.states_figure(text, D(80), "万元", ("全年",), ("项目",))  # 80 is in another clause
    # an ASCII comma ends a clause too, unless it groups digits (1,234.56)
    assert not W.states_figure("全年支出80万元,其中项目支出20万元", D(80), "万元", ("全年",), ("项目",))
    assert W.states_figure("全年支出1,080万元,项目20个", D(1080), "万元", ("全年",), ("支出",))
