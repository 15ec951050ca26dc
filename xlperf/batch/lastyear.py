"""Year on year for the bureau: last year's 汇总表.xlsx (the file ``xlperf batch`` writes) against this year's.

:func:`read_last_year` reads its 汇总 sheet (单位, 总分, and 名次 when it has one) from its header row — row 2 under
the title row of the files written since the title came, row 1 in older ones; :func:`compare` gives each of
this year's records its 名次 (by 总分, best first; equal totals share a rank; workbooks with errors have none),
上年总分, 变化, 上年名次 and 名次变化 (↑2 / ↓1 / — / 新增).  Departments are matched by 单位 name, normalised
(full/half width alike, spaces ignored).  Without a last-year file, each form's own 上年总分 is used.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from ..domain.numbers import round_half_up, to_decimal
from ..errors import InputError, LastYearError
from ..infra.safety import check_zip_file
from .record import SCORE_PLACES, Record

SHEET = "汇总"
UNIT, TOTAL, RANK = "单位", "总分", "名次"




def unit_key(name: object) -> str:
    """A 单位 name as matched across years: NFKC (full-width letters, digits, brackets → half width), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(name or "")))


@dataclass
class LastYear:
    name: str  # the file's name, for messages
    #: unit key → (单位 as written, 总分 or None, 名次 or None)
    units: dict[str, tuple[str, Decimal | None, int | None]] = field(default_factory=dict)


def ranks(totals: dict[str, Decimal]) -> dict[str, int]:
    """名次 by total, best first; equal totals share the better rank (1, 2, 2, 4)."""
    ordered = sorted(totals.values(), reverse=True)
    return {k: ordered.index(v) + 1 for k, v in totals.items()}


def read_last_year(path: str | Path) -> LastYear:
    """Last year's 汇总表; :class:`LastYearError` naming the file (and the cell) when it cannot be used."""
    path = Path(path)
    name = path.name
    todo = "请指定上年 xlperf batch 生成的“汇总表.xlsx”"
    if not path.is_file():
        raise LastYearError(f"上年汇总表“{path}”不存在，{todo}")

    try:
        check_zip_file(path, "上年汇总表")
    except InputError as exc:
        raise LastYearError(str(exc)) from exc
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zipfile, XML and openpyxl raise many kinds
        raise LastYearError(f"上年汇总表“{name}”无法打开：文件已损坏或不是有效的Excel工作簿，{todo}") from exc
    try:
        if SHEET not in wb.sheetnames:
            raise LastYearError(f"上年汇总表“{name}”中没有“{SHEET}”工作表，{todo}")
        rows = list(wb[SHEET].iter_rows(values_only=True))
    finally:
        wb.close()
    at = header_index(rows)
    heads = {re.sub(r"\s+", "", str(v)): i for i, v in reversed(list(enumerate(rows[at] if rows else ()))) if v}
    missing = [h for h in (UNIT, TOTAL) if h not in heads]
    if missing:
        raise LastYearError(f"上年汇总表“{name}”的“{SHEET}”工作表第{at + 1}行没有“{'”“'.join(missing)}”列，{todo}")
    last = LastYear(name)
    seen: dict[str, int] = {}

    def where(r: int, key: str) -> str:
        return f"{SHEET}!{get_column_letter(heads[key] + 1)}{r}"

    for r, row in enumerate(rows[at + 1:], start=at + 2):
        cell = lambda key: row[heads[key]] if heads[key] < len(row) else None  # noqa: E731
        unit = str(cell(UNIT) or "").strip()
        key = unit_key(unit)
        if not key:
            continue
        if key in seen:
            raise LastYearError(f"上年汇总表“{name}”中单位“{unit}”出现两次（第{seen[key]}行、第{r}行），"
                                "无法确定上年总分，请删去多余的一行")
        seen[key] = r
        total = _number(cell(TOTAL), name, where(r, TOTAL), "总分")
        rank = _number(cell(RANK), name, where(r, RANK), "名次") if RANK in heads else None
        if rank is not None and (rank != rank.to_integral_value() or rank < 1):
            raise LastYearError(f"上年汇总表“{name}”{where(r, RANK)}的名次应为正整数，现为“{rank.normalize():f}”")
        last.units[key] = (unit, total, None if rank is None else int(rank))
    if not any(total is not None for _, total, _ in last.units.values()):
        raise LastYearError(f"上年汇总表“{name}”的“{SHEET}”工作表中没有任何单位的总分，{todo}")
    if RANK not in heads:  # a file without 名次: ranked by its 总分, as this year's
        by_total = ranks({k: t for k, (_, t, _) in last.units.items() if t is not None})
        last.units = {k: (u, t, by_total.get(k)) for k, (u, t, _) in last.units.items()}
    return last


HEADER_SEARCH = 5  # the header row is among a 汇总 sheet's first rows (row 2 under the title since 2026; row 1 before)


def header_index(rows: list[tuple]) -> int:
    """The index of the header row: the first of the first rows naming both 单位 and 总分 (0 when none does,
    so that the refusal names row 1 of a file that has neither)."""
    for i, row in enumerate(rows[:HEADER_SEARCH]):
        names = {re.sub(r"\s+", "", str(v)) for v in row if v is not None}
        if UNIT in names and TOTAL in names:
            return i
    return 0


def _number(value: object, name: str, where: str, label: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        value = str(value)
    try:
        return to_decimal(value)
    except InputError as exc:
        raise LastYearError(f"上年汇总表“{name}”{where}的{label}应为数字，现为“{str(value)[:20]}”") from exc


# ---------------------------------------------------------------- this year against last year


def shown(score) -> Decimal | None:
    """A score as 汇总 prints it (:data:`.record.SCORE_PLACES` places, half up); None stays None."""
    return None if score is None else round_half_up(Decimal(score), SCORE_PLACES)


def _total(rec: Record) -> Decimal | None:
    """A record's 总分 as printed (None without a report): ranks and 变化 are taken from what a reader sees."""
    return shown(rec.total) if rec.total is not None and rec.status.has_report else None


def compare(records: list[Record], last: LastYear | None) -> dict[str, dict]:
    """Per record (by its file): 名次, 上年总分, 变化, and with a last-year file 上年名次 and 名次变化.
    ``{}`` when there is nothing to compare (no file and no form carrying its 上年总分)."""
    if last is None and not any(rec.prev_total is not None for rec in records):
        return {}
    now = ranks({rec.file: t for rec in records if (t := _total(rec)) is not None})
    out = {}
    for rec in records:
        rank, total = now.get(rec.file), _total(rec)
        row: dict = {"名次": rank}
        if last is None:
            prev, prev_rank = shown(rec.prev_total), None
        else:
            unit, prev, prev_rank = last.units.get(unit_key(rec.unit), (None, None, None))
            row["上年名次"] = prev_rank
            if rank is None:
                move = ""
            elif unit is None:
                move = "新增"
            elif prev_rank is None:
                move = "上年无名次"
            else:
                move = "—" if prev_rank == rank else (f"↑{prev_rank - rank}" if rank < prev_rank else f"↓{rank - prev_rank}")
            row["名次变化"] = move
        prev = shown(prev)
        row["上年总分"] = prev
        row["变化"] = None if prev is None or total is None else total - prev
        out[rec.file] = row
    return out


def headers(last: LastYear | None) -> list[str]:
    """The 汇总 columns :func:`compare` fills, in order."""
    return ["上年总分", "变化", "上年名次", "名次", "名次变化"] if last is not None else ["上年总分", "变化", "名次"]


def missing_units(records: list[Record], last: LastYear | None) -> list[str] | None:
    """Last year's 单位 with no workbook this year (None without a last-year file)."""
    if last is None:
        return None
    present = {unit_key(rec.unit) for rec in records}
    return [unit for key, (unit, _, _) in last.units.items() if key not in present]
