"""The bureau's view of one 年度: 报送进度 of every unit, 排名, 问题清单, the 汇总表 and the zip of all reports.

The same logic as ``xlperf batch``: each unit's current submission is the batch's :class:`Record` (stored as
the worker returned it), ranked by :func:`xlperf.batch.lastyear.ranks` and written to 汇总表.xlsx by
:func:`xlperf.batch.summary.write_summary` — with last year's 汇总表 from the year's settings for 同比/名次变化.
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Optional

from ..batch.lastyear import ranks, read_last_year
from ..batch.record import Record, Status
from ..batch.summary import DEFAULT_GRADES, SUMMARY_NAME, write_summary
from .store import Row, Store

#: 报送进度's status words, in the order the filters list them
NOT_SENT, PASSED = "未报送", "已通过"
UNREADABLE, INVALID, WARN = Status.UNREADABLE.value, Status.INVALID.value, Status.WARN.value
PROGRESS_WORDS = (NOT_SENT, UNREADABLE, INVALID, WARN, PASSED)
_WORD = {Status.OK: PASSED, Status.WARN: WARN, Status.INVALID: INVALID, Status.UNREADABLE: UNREADABLE,
         Status.FAILED: UNREADABLE}


@dataclass
class UnitLine:
    unit: Row
    upload: Optional[Row]
    record: Optional[Record]
    status: str
    rank: Optional[int] = None

    @property
    def problems(self) -> int:
        return (self.record.errors + self.record.warnings) if self.record else 0

    def to_json(self) -> dict:
        rec = self.record
        return {"unit": self.unit["name"], "status": self.status,
                "total": float(Decimal(rec.total)) if rec and rec.total is not None else None,
                "grade": (rec.grade or None) if rec else None, "rank": self.rank,
                "errors": rec.errors if rec else 0, "warnings": rec.warnings if rec else 0,
                "last_upload": self.upload["received"] if self.upload else None,
                "file": self.upload["filename"] if self.upload else None,
                "revoked": bool(self.unit["revoked"])}


def record_of(row: Row) -> Record:
    return Record.from_json(json.loads(row["record"]))


def progress(store: Store, year: Optional[int]) -> list[UnitLine]:
    """Every unit, with its current submission of ``year`` and its 名次 (equal totals share one)."""
    current = store.current(year)
    lines = []
    for unit in store.units():
        row = current.get(unit["id"])
        rec = record_of(row) if row else None
        lines.append(UnitLine(unit, row, rec, _WORD[rec.status] if rec else NOT_SENT))
    totals = {line.unit["id"]: Decimal(line.record.total) for line in lines
              if line.record and line.record.total is not None and line.record.status.has_report}
    ranked = ranks(totals)
    for line in lines:
        line.rank = ranked.get(line.unit["id"])
    return lines


def ranking(lines: list[UnitLine]) -> list[UnitLine]:
    return sorted((x for x in lines if x.rank is not None), key=lambda x: (x.rank, x.unit["name"]))


def problem_rows(lines: list[UnitLine]) -> list[tuple[str, str, str, str, str, str]]:
    """问题清单: (单位, 文件, 位置, 项目, 说明, 类别) of every current submission."""
    out = []
    for line in lines:
        if line.record:
            for p in line.record.problems:
                out.append((line.unit["name"], line.upload["filename"], p.where, p.label, p.message, p.severity))
    return out


def summary_records(store: Store, lines: list[UnitLine]) -> list[tuple[Record, Optional[Path]]]:
    """The batch's records of the current submissions (file = 单位/文件名), each with its report on disk."""
    out = []
    for line in lines:
        if not line.record:
            continue
        rec = line.record.copy()
        rec.file = f"{line.unit['name']}/{line.upload['filename']}"
        report = store.data.resolve(line.upload["report"]) if line.upload["report"] else None
        rec.reports = [report.name] if report else []
        out.append((rec, report))
    return out


def write_year_summary(store: Store, year: Optional[int], folder: Path) -> Path:
    """汇总表.xlsx of ``year`` into ``folder`` (reports are linked by name: put them beside it)."""
    lines = progress(store, year)
    records = [rec for rec, _ in summary_records(store, lines)]
    grades = next((tuple(r.grades) for r in records if r.grades), DEFAULT_GRADES)
    last = store.year_settings(year)["last_year"]  # no 年度: no row, no file
    previous = read_last_year(store.data.resolve(last)) if last else None
    if not records:
        raise ValueError("本年度还没有单位报送")
    return write_summary(records, folder, grade_order=grades, last_year=previous,
                         bureau=store.setting("bureau"))


def write_reports_zip(store: Store, year: Optional[int], folder: Path) -> Path:
    """All current reports of ``year`` and the 汇总表 in one zip (the 汇总表's links open the reports)."""
    lines = progress(store, year)
    summary = write_year_summary(store, year, folder)
    path = folder / f"{year or '全部'}年度报告.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(summary, SUMMARY_NAME)
        for _rec, report in summary_records(store, lines):
            if report is not None and report.exists():
                zf.write(report, report.name)
    return path
