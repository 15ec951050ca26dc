"""Write ``汇总表.xlsx``: 汇总 (one row per workbook of the batch's 年度, sorted by total, links to the reports),
one ``汇总（YYYY年度）`` sheet per other 年度 (ranked apart, never together), 问题清单 (every problem of every
workbook), 统计 (per 年度: grade counts and shares, mean, median, min, max; a warning when the years differ) and
图表 (native bar charts of the grade distribution and the 总分 ranking; ``图表（YYYY年度）`` for each other 年度).
Every sheet opens with a title row (``{局}{年度}年度{kind}绩效自评汇总表`` and the date); the header row is row 2
(:func:`header_row` finds it in files with or without the title).

Text never becomes a formula (:func:`.sheetprint.put_text`): every text cell is stored as a string
(``data_type = "s"``) and text starting with ``= + - @`` also gets Excel's quote prefix, as when a clerk types
``'=…``.
"""

from __future__ import annotations

import datetime
import os
import statistics
from decimal import Decimal, InvalidOperation
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from ..domain.evaluate import FACT_LABELS
from ..domain.numbers import fmt_number, round_half_up
from ..infra.atomic import write_with
from .charts import add_charts
from .lastyear import compare, headers, missing_units
from .record import RATE_KEYS, STATUSES, Record
from .sheetprint import (CHANGE_FORMAT, CHART_SHEET, HEAD_ROW, SCORE_FORMAT, TITLE_ROW, grade_shares, print_setup,
                         put_number, put_score, put_text)

SUMMARY_NAME = "汇总表.xlsx"
RATE_FORMAT = "0.00%"
RATE_LABELS = {key: FACT_LABELS[key] for key in RATE_KEYS}  # the derived figures 汇总 prints, labelled once
DEFAULT_GRADES = ("优", "良", "中", "差")


def main_report(reports: list[str]) -> str | None:
    """The report the 汇总 sheet links to: Word first, then PDF, HTML, Markdown."""
    order = {".docx": 0, ".pdf": 1, ".html": 2, ".md": 3}
    return min(reports, key=lambda r: order.get(Path(r).suffix.lower(), 9)) if reports else None


def _sorted(records: list[Record]) -> list[Record]:
    def key(r):
        total = Decimal(r.total) if r.total is not None and r.status.has_report else None
        return (total is None, -(total or 0), r.file)

    return sorted(records, key=key)


def level_names(records: list[Record]) -> list[str]:
    names: list[str] = []
    for r in records:
        for name, _w, _s in r.levels:
            if name not in names:
                names.append(name)
    return names


def statistics_rows(records: list[Record], grade_order: tuple[str, ...] = DEFAULT_GRADES) -> list[tuple]:
    """(label, value) rows of the 统计 sheet; scores of failed workbooks are not counted."""
    scored = [r for r in records if r.status.has_report and r.total is not None]
    totals = [Decimal(r.total) for r in scored]
    grades = list(grade_order) + sorted({r.grade for r in scored} - set(grade_order))
    rows: list[tuple] = [("工作簿数", len(records))]
    for status in STATUSES:
        rows.append((status.value, sum(1 for r in records if r.status == status)))
    rows.append(("", None))
    rows.append(("等级", "数量"))
    for g in grades:
        rows.append((g, sum(1 for r in scored if r.grade == g)))
    rows.append(("", None))
    rows.append(("参与统计的工作簿数", len(totals)))
    if totals:
        rows.append(("平均分", round_half_up(sum(totals) / len(totals), 2)))
        rows.append(("中位数", round_half_up(statistics.median(totals), 2)))
        rows.append(("最高分", max(totals)))
        rows.append(("最低分", min(totals)))
    return rows


#: what the 汇总's 报告 column shows for each kind of report (the link holds the file's name)
REPORT_LABELS = {".docx": "打开Word报告", ".pdf": "打开PDF报告", ".md": "打开Markdown报告", ".html": "打开网页报告"}


def _source_link(source_rel: str | None, where: str = ""):
    """A hyperlink into a source workbook (relative path), at ``where`` ("Sheet!A1") when given."""
    if not source_rel:
        return None
    location = None
    if "!" in where:
        sheet, cell = where.split("!", 1)
        location = f"'{sheet}'!{cell}"
    return Hyperlink(ref="", target=source_rel, location=location)


DEFAULT_KIND = "部门整体"
NO_PROBLEMS = "各工作簿均未发现错误或警告"


def other_year_sheet(year) -> str:
    """The sheet listing (and ranking) the workbooks of a year other than the batch's own."""
    return f"汇总（{year}年度）"


def other_year_chart_sheet(year) -> str:
    """The chart sheet of a year other than the batch's own (its grades and its ranking)."""
    return f"{CHART_SHEET}（{year}年度）"


def year_groups(records: list[Record]) -> list[tuple[int | None, list[Record]]]:
    """The records by 年度, never ranked or counted together: the batch's own year first (the year most
    workbooks have, the later on a tie; a workbook whose 年度 is unknown stays with it), the others latest first."""
    def year(r: Record) -> int | None:  # a 年度 read from a form that is no whole year counts as unknown
        return r.year if isinstance(r.year, int) and not isinstance(r.year, bool) else None

    counts: dict[int, int] = {}
    for r in records:
        if year(r) is not None:
            counts[year(r)] = counts.get(year(r), 0) + 1
    if not counts:
        return [(None, list(records))]
    main = max(counts, key=lambda y: (counts[y], y))
    groups: dict[int, list[Record]] = {main: []}
    for r in records:
        groups.setdefault(main if year(r) is None else year(r), []).append(r)
    return [(main, groups[main])] + [(y, groups[y]) for y in sorted(groups, reverse=True) if y != main]


def year_warning(records: list[Record]) -> str | None:
    """The warning 统计 and the console give when a batch holds workbooks of more than one 年度; None otherwise."""
    groups = year_groups(records)
    if len(groups) < 2:
        return None
    parts = "、".join(f"{y}年度{len(g)}个" for y, g in groups)
    sheets = "、".join(f"“{other_year_sheet(y)}”" for y, _ in groups[1:])
    return (f"注意：工作簿分属{len(groups)}个年度（{parts}），各年度分别排名和统计，不合并比较；"
            f"{groups[0][0]}年度以外的见工作表{sheets}")


def title_text(records: list[Record], year, bureau: str = "") -> str:
    """``{bureau}{year}年度{kind}绩效自评汇总表`` — kind: the report outline most of ``records`` use."""
    kinds = [r.kind for r in records if r.kind]
    kind = max(dict.fromkeys(kinds), key=kinds.count) if kinds else DEFAULT_KIND
    year_part = f"{year}年度" if year is not None else ""
    return f"{(bureau or '').strip()}{year_part}{kind}绩效自评汇总表"


def chinese_date(day) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _put_title(ws, text: str) -> None:
    """Row 1: the title (bold, 14 pt), the date on a second line; :func:`.sheetprint.print_setup` centres it over the table
    (over more columns when the table is narrower than the title)."""

    cell = ws.cell(TITLE_ROW, 1)
    put_text(cell, text)
    cell.font = Font(bold=True, size=14)
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def build(records: list[Record], *, grade_order: tuple[str, ...] = DEFAULT_GRADES,
          source_dir: str | Path | None = None, outdir: str | Path | None = None, last_year=None,
          bureau: str = "", today=None):
    """The summary as an openpyxl Workbook (links are relative to the summary's folder).

    With ``source_dir`` and ``outdir``, each file name and each problem's 位置 links into the source
    workbook (to the very cell, where the problem names one), so a reviewer lands where to look.
    ``last_year`` (:class:`.lastyear.LastYear`): 上年总分, 变化, 上年名次, 名次 and 名次变化 columns after 等级.
    Workbooks of another 年度 than the batch's own get a 汇总 sheet of their own (:func:`year_groups`), ranked and
    counted apart.  Every sheet opens with the title (``bureau``, year, kind) and ``today``'s date.
    """

    def rel(rec) -> str | None:
        if source_dir is None or outdir is None:
            return None
        return Path(os.path.relpath(Path(source_dir) / rec.file, Path(outdir))).as_posix()


    today = today or datetime.date.today()
    date_line = f"制表日期：{chinese_date(today)}"
    groups = year_groups(records)
    main_year, main = groups[0]
    title = title_text(main, main_year, bureau)
    bold, link_font = Font(bold=True), Font(color="0563C1", underline="single")
    wb = Workbook()
    ranked_rows: list[int] = []  # per 年度, the ranked rows at the top of its 汇总 sheet
    for n, (year, group) in enumerate(groups):
        ws = wb.active if n == 0 else wb.create_sheet(other_year_sheet(year))
        if n == 0:
            ws.title = "汇总"
        ranked_rows.append(_table(ws, group, last_year if n == 0 else None, rel, bold, link_font))
        _put_title(ws, f"{title_text(group, year, bureau)}\n{date_line}")

    ws2 = wb.create_sheet("问题清单")
    for c, h in enumerate(("文件", "单位", "位置", "项目", "说明", "类别"), 1):
        put_text(ws2.cell(HEAD_ROW, c), h)
        ws2.cell(HEAD_ROW, c).font = bold
    row = HEAD_ROW + 1
    for rec in sorted(records, key=lambda r: r.file):
        for where, label, message, severity in rec.problems:
            for c, v in enumerate((rec.file, rec.unit or "", where, label, message, severity), 1):
                put_text(ws2.cell(row, c), v)
            if rel(rec) and "!" in where:
                ws2.cell(row, 3).hyperlink = _source_link(rel(rec), where)
                ws2.cell(row, 3).font = link_font
            row += 1
    if row == HEAD_ROW + 1:  # an empty table reads like a failed export: say there is nothing to list
        put_text(ws2.cell(row, 1), "无")
        put_text(ws2.cell(row, 5), NO_PROBLEMS)
    ws2.freeze_panes = f"A{HEAD_ROW + 1}"
    _put_title(ws2, f"{title}（问题清单）\n{date_line}")

    ws3 = wb.create_sheet("统计")
    grade_rows = _statistics_sheet(ws3, groups, grade_order, last_year)
    _put_title(ws3, f"{title}（统计）\n{date_line}")
    for n, (year, group) in enumerate(groups):  # one chart sheet per 年度, each of its own 汇总 and 统计 block
        sheet = (CHART_SHEET, "汇总") if n == 0 else (other_year_chart_sheet(year), other_year_sheet(year))
        _chart_sheet(wb, sheet, f"{title_text(group, year, bureau)}（图表）\n{date_line}", year, grade_rows[n],
                     ranked_rows[n])
    print_setup(wb)
    return wb


def _table(ws, records: list[Record], last_year, rel, bold, link_font) -> int:
    """One year's 汇总 table from the header row on, sorted and ranked; the number of ranked rows (at the top)."""
    levels = level_names(records)
    core = any(rec.core for rec in records)  # a profile with the 核心指标 column: one more column
    yoy, yoy_heads = _year_on_year(records, last_year)
    headers = (["序号", "文件", "单位", "年度", "总分", "等级"] + yoy_heads + levels + list(RATE_LABELS.values())
               + (["核心指标得分"] if core else []) + ["错误数", "警告数", "状态", "原因", "报告"])
    for c, h in enumerate(headers, 1):
        put_text(ws.cell(HEAD_ROW, c), h)
        ws.cell(HEAD_ROW, c).font = bold
    ranked = 0
    for i, rec in enumerate(_sorted(records), 1):
        row = HEAD_ROW + i
        ws.cell(row, 1, i)
        put_text(ws.cell(row, 2), rec.file)
        if rel(rec):
            ws.cell(row, 2).hyperlink = _source_link(rel(rec))
            ws.cell(row, 2).font = link_font
        put_text(ws.cell(row, 3), rec.unit or "")
        if rec.year is not None:
            ws.cell(row, 4, int(rec.year))
        put_score(ws.cell(row, 5), rec.total)
        if rec.total is not None and rec.status.has_report:
            ranked += 1
        put_text(ws.cell(row, 6), rec.grade or "")
        scores = {name: score for name, _w, score in rec.levels}
        col = _put_year_on_year(ws, row, 7, yoy.get(rec.file), yoy_heads)
        for name in levels:
            put_score(ws.cell(row, col), scores.get(name))
            col += 1
        for key in RATE_LABELS:
            put_number(ws.cell(row, col), rec.rates.get(key), RATE_FORMAT)
            col += 1
        if core:
            put_text(ws.cell(row, col), "；".join(f"{n} {_plain(sc)}/{_plain(w)}" for n, w, sc in rec.core))
            col += 1
        ws.cell(row, col, rec.errors)
        ws.cell(row, col + 1, rec.warnings)
        put_text(ws.cell(row, col + 2), rec.status.value)
        put_text(ws.cell(row, col + 3), rec.reason or "")
        link = main_report(rec.reports)
        if link:
            cell = ws.cell(row, col + 4)
            # a short label: the row already names the unit, and LibreOffice never wraps a link's text
            put_text(cell, REPORT_LABELS.get(Path(link).suffix.lower(), "打开报告"))
            cell.hyperlink = link
            cell.font = link_font
    ws.freeze_panes = f"C{HEAD_ROW + 1}"

    ws.auto_filter.ref = f"A{HEAD_ROW}:{get_column_letter(len(headers))}{HEAD_ROW + len(records)}"
    return ranked


def _statistics_sheet(ws, groups, grade_order, last_year) -> list[tuple[int, int]]:
    """统计 from row 2: the years warning, then each year's block; per 年度, the (first, last) rows of its grade
    counts."""
    rows: list[tuple] = []
    warning = year_warning([r for _, g in groups for r in g])
    if warning:
        rows += [(warning, None), ("", None)]
    grade_rows: list[tuple[int, int]] = []
    for n, (year, group) in enumerate(groups):
        if len(groups) > 1:
            rows.append((f"{year}年度", None))
        block = statistics_rows(group, grade_order)
        first = HEAD_ROW + len(rows) + [label for label, _ in block].index("等级") + 1
        count = len(set(grade_order) | {r.grade for r in group if r.status.has_report and r.total is not None})
        grade_rows.append((first, first + count - 1))
        if n == 0:
            block += _missing_rows(group, last_year)
        rows += block
        if n + 1 < len(groups):
            rows.append(("", None))
    for r, (label, value) in enumerate(rows, HEAD_ROW):
        put_text(ws.cell(r, 1), label)
        if isinstance(value, str):
            put_text(ws.cell(r, 2), value)
        elif isinstance(value, Decimal):
            put_score(ws.cell(r, 2), value)
        elif value is not None:
            ws.cell(r, 2, value)
    grade_shares(ws, groups, grade_rows)
    return grade_rows


def _chart_sheet(wb, names: tuple[str, str], title: str, year, grade_rows: tuple[int, int], ranked: int) -> None:
    """A chart sheet (:mod:`.charts`) ``names[0]``: one year's grade distribution (统计 rows ``grade_rows``) and
    总分 ranking (the ``ranked`` top rows of its 汇总 sheet ``names[1]``), under the title."""

    ws = wb.create_sheet(names[0])
    _put_title(ws, title)
    add_charts(ws, wb["统计"], wb[names[1]], year, grade_rows, ranked, HEAD_ROW + 1)


def _year_on_year(records: list[Record], last_year) -> tuple[dict[str, dict], list[str]]:
    """Per file, the year-on-year cells (:func:`.lastyear.compare`), and their headers ([] when none)."""
    values = compare(records, last_year)
    return values, (headers(last_year) if values else [])


def _put_year_on_year(ws, row: int, col: int, values: dict | None, heads: list[str]) -> int:
    """Write one record's year-on-year cells from ``col``; the next free column."""
    values = values or {}
    for i, head in enumerate(heads):
        cell, value = ws.cell(row, col + i), values.get(head)
        if head in ("上年总分", "变化"):
            put_score(cell, value, CHANGE_FORMAT if head == "变化" else SCORE_FORMAT)
        elif head in ("名次", "上年名次"):
            if value is not None:
                cell.value = int(value)
        elif value:
            put_text(cell, value)
    return col + len(heads)


def _missing_rows(records: list[Record], last_year) -> list[tuple]:
    """统计: the departments of last year's 汇总表 that sent no workbook this year."""
    missing = missing_units(records, last_year)
    if missing is None:
        return []
    return [("", None), ("上年有、本年未报送", "、".join(missing) if missing else "无")]


def _plain(value) -> str:
    """A figure from a record ("34.00") as printed: "34"; "—" when missing."""

    try:
        return fmt_number(Decimal(str(value)), 4) if value not in (None, "") else "—"
    except InvalidOperation:
        return str(value)


def write_summary(records: list[Record], outdir: str | Path, *, grade_order: tuple[str, ...] = DEFAULT_GRADES,
                  source_dir: str | Path | None = None, last_year=None, bureau: str = "", today=None) -> Path:
    wb = build(records, grade_order=grade_order, source_dir=source_dir, outdir=outdir, last_year=last_year,
               bureau=bureau, today=today)
    return write_with(Path(outdir) / SUMMARY_NAME, lambda tmp: wb.save(tmp))
