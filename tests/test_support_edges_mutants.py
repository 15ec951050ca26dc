"""Edges of the small shared modules that the session-7 run (s7g, docs/mutation.md) found untested: the progress
line's correction of a status, the check of an empty indicator table, column floors per column, and a line break
beside a half-width mark.  Expected values are what the clerk reads, worked out by hand here.
"""

from __future__ import annotations

import io
from decimal import Decimal as D

from xlperf.batch.progress import Progress
from xlperf.batch.record import Record, Status
from xlperf.domain.scoring import check
from xlperf.infra.sheetfit import shrink_widths
from xlperf.report.words import fullwidth_punctuation


def test_a_status_changed_after_its_line_gets_one_correction_line():
    out = io.StringIO()
    p = Progress(out, tty=False)
    p.start(2, skipped=0)
    p.advance(Record(file="a.xlsx", status=Status.OK))
    p.advance(Record(file="b.xlsx", status=Status.OK))
    # a second workbook of the same unit and year turns a's 成功 into 有警告; b keeps its word
    p.settle([Record(file="a.xlsx", status=Status.WARN, reason="与b.xlsx同一单位和年度"),
              Record(file="b.xlsx", status=Status.OK)])
    p.settle([Record(file="a.xlsx", status=Status.WARN, reason="与b.xlsx同一单位和年度")])  # said once only
    assert out.getvalue().splitlines() == [
        "开始处理 2 个工作簿", "[1/2] 成功 a.xlsx", "[2/2] 成功 b.xlsx",
        "[更正] 有警告 a.xlsx（原为成功）：与b.xlsx同一单位和年度"]
    # a later settle corrects against the last word said (有警告), not the first (成功)
    p.settle([Record(file="a.xlsx", status=Status.OK)])
    assert out.getvalue().splitlines()[-1] == "[更正] 成功 a.xlsx（原为有警告）"


def test_a_workbook_never_announced_gets_no_correction():
    out = io.StringIO()
    p = Progress(out, tty=False)
    p.start(0, skipped=1)
    p.settle([Record(file="kept.xlsx", status=Status.WARN)])  # reused from the last run: no line said it
    assert out.getvalue().splitlines() == ["跳过未变化的工作簿 1 个（用 --force 全部重做）"]


def test_an_empty_indicator_table_adds_up_to_zero():
    assert check([], [], D(100)) == "分值合计0，应为100"


def test_each_column_keeps_its_own_floor():
    # 10 + 10 = 20 down to 15, the widest first: 10,10 → 9,10 → 9,9 → … column 1 may not go below 9, column 2 to 2
    assert shrink_widths([10, 10], 15, [9, 2]) == [9, 6]


def test_a_line_break_separates_a_mark_from_the_chinese_on_the_next_line():
    assert fullwidth_punctuation("a,\n中") == "a,\n中"
    assert fullwidth_punctuation("中\n,a") == "中\n,a"
    assert fullwidth_punctuation("a, 中") == "a，中"  # a space does not, after the mark …
    assert fullwidth_punctuation("中 ,a") == "中，a"  # … nor before it


def test_merged_cells_are_left_to_the_sheets_author():
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    from xlperf.infra.sheetfit import fit_row_heights

    wb = Workbook()
    ws = wb.active
    ws.merge_cells("A1:B2")  # two rows and two columns: every cell of it is the author's
    long = "年度绩效目标完成情况说明" * 10  # 120 CJK characters: many lines in an 8.43-wide column
    for cell in ("A1", "B3"):
        ws[cell] = long
        ws[cell].alignment = Alignment(wrap_text=True)
    fit_row_heights(ws)
    assert ws.row_dimensions[1].height is None  # merged: not sized
    assert ws.row_dimensions[3].height > 16  # the same text in a plain cell below is: more than one 16 pt line
