"""The 图表 sheet of 汇总表.xlsx: native Excel bar charts of one year's grade distribution (the 统计 sheet's counts)
and 总分 ranking (the 汇总 sheet's ranked rows, the best at the top), sized to print on one A4 landscape page.

The charts refer to the cells (no copies of the figures): a clerk who corrects a figure sees the chart follow.
"""

from __future__ import annotations

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.chart.label import DataLabelList

FULL_MARKS = 100  # the ranking's axis runs 0–100: gaps between units are not exaggerated


def add_charts(ws, stats, summary, year, grade_rows: tuple[int, int], ranked: int, first_row: int) -> None:
    """On ``ws``: the grade counts of ``stats`` rows ``grade_rows`` (labels in A, counts in B), and — when
    ``ranked`` units have a 总分 — the ranking of ``summary`` rows ``first_row`` … (单位 in C, 总分 in E)."""
    year_part = f"{year}年度" if year is not None else ""
    first, last = grade_rows
    grades = BarChart()
    grades.type, grades.title, grades.legend = "col", f"{year_part}等级分布（单位数）", None
    grades.add_data(Reference(stats, min_col=2, min_row=first, max_row=last))
    _text_categories(grades, f"'{stats.title}'!$A${first}:$A${last}")
    grades.y_axis.majorUnit, grades.y_axis.numFmt = 1, "0"
    grades.dataLabels = _value_labels()
    grades.width, grades.height = 12, 8
    _show_axes(grades)
    ws.add_chart(grades, "A3")
    if not ranked:
        return
    end = first_row + ranked - 1
    scores = BarChart()
    scores.type, scores.title, scores.legend = "bar", f"{year_part}总分排名", None
    scores.add_data(Reference(summary, min_col=5, min_row=first_row, max_row=end))
    _text_categories(scores, f"'{summary.title}'!$C${first_row}:$C${end}")
    scores.x_axis.scaling.orientation = "maxMin"  # the best at the top
    scores.y_axis.numFmt = "0"
    scores.y_axis.scaling.min, scores.y_axis.scaling.max = 0, FULL_MARKS
    scores.dataLabels = _value_labels()  # each unit's 总分 at its bar
    _show_axes(scores)
    scores.width, scores.height = 16, min(16, max(8, 2 + 0.55 * ranked))  # cm: 16 at most, one A4 page
    ws.add_chart(scores, "H3")


def _show_axes(chart) -> None:
    for axis in (chart.x_axis, chart.y_axis):
        axis.delete = False  # openpyxl marks axes deleted unless told: Excel would draw none


def _value_labels() -> DataLabelList:
    """Each bar labelled with its value only (LibreOffice adds the category and series names unless told not to)."""
    return DataLabelList(showVal=True, showCatName=False, showSerName=False, showLegendKey=False, showPercent=False)


def _text_categories(chart, ref: str) -> None:
    """Category labels read as text (grade words, unit names), not as numbers."""
    for series in chart.series:
        series.cat = AxDataSource(strRef=StrRef(f=ref))
