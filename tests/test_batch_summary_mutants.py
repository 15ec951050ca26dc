"""Edges of the bureau's 汇总表 (xlperf/batch/summary.py) and its year on year (xlperf/batch/lastyear.py) that
`make mutate` found untested (issue 19).

Expected cells are written by hand from what the clerk reads in 汇总表.xlsx (README: 汇总, 统计; the median of
an even count is the mean of the two middle totals).

Survivors of `make mutate MODULE=xlperf/batch/summary.py` with this file's selection, argued equivalent:

* ``main_report`` 13 (``.md`` ranked 4 instead of 3), 27 (an unknown kind ranked 10 instead of 9): the order of the
  four kinds and of an unknown one after them is unchanged.
* ``_source_link`` 1 (``where`` defaults to "XXXX"): a default without “!” gives no location, as "" does.
* ``_source_link`` 10, 13 (``split("!")`` / ``split("!", 2)``), 11 (``rsplit``): a problem's 位置 names one of the
  form's sheets (none has “!” in its name) and one cell, so it holds exactly one “!”, and the three split alike.
* ``_source_link`` 21 (``ref="XXXX"``): openpyxl sets a hyperlink's ref to its cell when the link is assigned.
* ``year_groups`` 16 (first count 2), 17 (each workbook counted 2): every year's count shifted by one or doubled —
  the year with the most workbooks (the later on a tie) is the same.
* ``_statistics_sheet`` 4 (``rows = …`` for ``rows += …``): ``rows`` is still empty when the warning is added.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlperf.batch.lastyear import LastYear, compare, ranks
from xlperf.batch.record import Level, Record, Status
from xlperf.batch.summary import build, statistics_rows


def _column(ws, head: str) -> list:
    col = next(c for c in range(1, ws.max_column + 1) if ws.cell(2, c).value == head)
    return [ws.cell(r, col).value for r in range(3, ws.max_row + 1)]


def test_core_indicators_are_listed_as_score_over_points_without_trailing_zeros():
    rec = Record(file="a.xlsx", unit="甲局", year=2021, total="90.00", grade="优", status=Status.OK,
                 core=[Level("工作目标合理性", "4.00", "3.50"), Level("预算执行率", "10", None),
                       Level("满意度", "5", "约5"), Level("细化率", "3", "2.1250")])
    ws = build([rec])["汇总"]
    # 3.50 of 4.00 printed as 3.5/4; a missing score as —; a text kept as written; up to 4 places (2.125)
    assert _column(ws, "核心指标得分") == ["工作目标合理性 3.5/4；预算执行率 —/10；满意度 约5/5；细化率 2.125/3"]


def test_without_core_indicators_there_is_no_core_column():
    ws = build([Record(file="a.xlsx", unit="甲局", year=2021, total="90", grade="优", status=Status.OK)])["汇总"]
    assert "核心指标得分" not in [ws.cell(2, c).value for c in range(1, ws.max_column + 1)]


@pytest.mark.parametrize("totals, median, mean", [
    (["80", "91"], D("85.50"), D("85.50")),  # even count: (80 + 91) / 2
    (["70", "80", "85.5", "93"], D("82.75"), D("82.13")),  # (80 + 85.5) / 2; mean 328.5 / 4 = 82.125 → 82.13
    (["70", "80", "93"], D("80.00"), D("81.00")),  # odd count: the middle one; 243 / 3
])
def test_statistics_median_of_even_and_odd_counts(totals, median, mean):
    recs = [Record(file=f"{i}.xlsx", total=t, grade="良", status=Status.WARN) for i, t in enumerate(totals)]
    rows = dict(r for r in statistics_rows(recs) if r[0])
    assert rows["中位数"] == median and rows["平均分"] == mean
    assert rows["最高分"] == max(D(t) for t in totals) and rows["最低分"] == min(D(t) for t in totals)


def test_ranks_share_the_better_place_on_a_tie():
    assert ranks({"a": D(93), "b": D(91), "c": D(91), "d": D(80)}) == {"a": 1, "b": 2, "c": 2, "d": 4}


@pytest.mark.parametrize("status, ranked", [
    (Status.OK, True), (Status.WARN, True),  # 有警告 is the common status: ranked as 成功
    (Status.INVALID, False), (Status.UNREADABLE, False), (Status.FAILED, False),
])
def test_every_status_with_a_report_is_ranked(status, ranked):
    recs = [Record(file="a.xlsx", unit="甲局", total="93", status=status),
            Record(file="b.xlsx", unit="乙局", total="91", status=Status.OK)]
    last = LastYear("上年.xlsx", {"甲局": ("甲局", D(90), 2), "乙局": ("乙局", D(95), 1)})
    rows = compare(recs, last)
    if ranked:  # 93 first, 91 second; 甲 rose from 2nd to 1st, 乙 fell from 1st to 2nd
        assert (rows["a.xlsx"]["名次"], rows["a.xlsx"]["名次变化"], rows["a.xlsx"]["变化"]) == (1, "↑1", D(3))
        assert (rows["b.xlsx"]["名次"], rows["b.xlsx"]["名次变化"], rows["b.xlsx"]["变化"]) == (2, "↓1", D(-4))
    else:  # no report: no 名次, no 变化; 91 is first
        assert (rows["a.xlsx"]["名次"], rows["a.xlsx"]["名次变化"], rows["a.xlsx"]["变化"]) == (None, "", None)
        assert (rows["b.xlsx"]["名次"], rows["b.xlsx"]["名次变化"]) == (1, "—")
