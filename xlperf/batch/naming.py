"""Report file names by unit and year, and conflicts between workbooks of the same unit and year.

Names are assigned by the parent process after all workbooks are read, so that they are
deterministic: within one unit+year the workbook first in path order gets the plain name,
the others ``…（2）``, ``…（3）``; every one of them is marked as a conflict.
"""

from __future__ import annotations

import re

from .record import Record

REPORT_TITLE = "部门整体绩效自评报告"
_UNSAFE = re.compile(r'[\\/:*?"<>|#%\x00-\x1f]')
_MAX = 80


def safe_part(text: str) -> str:
    """``text`` usable as part of a file name on Windows, macOS and Linux."""
    text = _UNSAFE.sub("_", str(text)).strip().strip(".").strip()
    return text[:_MAX] or "未命名单位"


def base_name(unit: str, year: int | str | None) -> str:
    year_part = f"{year}年度" if year not in (None, "") else ""
    return f"{safe_part(unit)}{year_part}{REPORT_TITLE}"


def group_key(record: Record) -> tuple[str, str] | None:
    if not record.unit or record.year in (None, ""):
        return None
    return (str(record.unit).strip(), str(record.year))


def assign(records: list[Record]) -> tuple[dict[str, str], dict[str, list[str]]]:
    """Names for the records that have reports, and the conflicts.

    Returns ``(names, conflicts)``: ``names[file] = stem`` (no extension) for every record with
    new outputs or earlier reports; ``conflicts[file] = [other files of the same unit and year]``.
    """
    groups: dict[tuple[str, str], list[Record]] = {}
    for rec in records:
        key = group_key(rec)
        if key is not None:
            groups.setdefault(key, []).append(rec)
    conflicts: dict[str, list[str]] = {}
    for members in groups.values():
        if len(members) > 1:
            files = sorted(m.file for m in members)
            for f in files:
                conflicts[f] = [o for o in files if o != f]
    names: dict[str, str] = {}
    taken: set[str] = set()  # case-insensitive, as on Windows and macOS
    for rec in sorted(records, key=lambda r: r.file):
        if not (rec.outputs or rec.reports):
            continue
        stem = base_name(rec.unit or "", rec.year)
        candidate, n = stem, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem}（{n}）"
        taken.add(candidate.casefold())
        names[rec.file] = candidate
    return names, conflicts
