"""What a ribbon click loads: the live workbook read and checked by the same reader and checks as a saved
file (:mod:`xlperf.app.check`), and last year's report imported into the open workbook.  Imported by
:mod:`xlperf.excel` at the first click only, so the ribbon's start-up loads none of this (pydantic,
openpyxl, the reader, the importer; bench/bench_import.py).
"""

from __future__ import annotations

from pathlib import Path

from .app.check import Checked, check_read, report_context  # noqa: F401 - report_context: for the click
from .domain.outlines import outline_for, outline_of_form
from .domain.profiles import resolve_profile
from .excel_sheet import RESULT_SHEET, alert, ask, frozen, named_cell, read_named, status, unprotected
from .importer import ImportFailure, import_source
from .importer.fill import example_rows, plan_fill
from .workbook import layout as L
from .workbook.build import build_workbook
from .workbook.live import XlwingsSource
from .workbook.read import Reader, read_source


def check_live(book) -> Checked:
    """Read the live workbook and check it: a :class:`xlperf.app.check.Checked` (with the report's context)."""
    return check_read(*read_source(XlwingsSource(book, skip=(RESULT_SHEET,))))


IMPORT_FILTER = "上年报告或填报表 (*.docx;*.txt;*.xlsx;*.xlsm),*.docx;*.txt;*.xlsx;*.xlsm"


def _remove_example_rows(book, examples: frozenset[str]) -> int:
    """The blank form's example rows deleted (whole rows, bottom-up) before an import fills the form, as the
    CLI's imported form has none; the row above them, a leaf again, gets its 评分方法 back from the import."""
    rows = example_rows(book, examples)
    if not rows:
        return 0
    sheet = book.sheets[L.S_IND]
    with frozen(book), unprotected(sheet) as free:
        if not free:
            return 0
        for r in rows:
            sheet.range((r, 1)).api.EntireRow.Delete()
    return len(rows)


def import_into(book) -> None:
    """The CLI's import (same parsing, same form builder) written into the open workbook: empty cells are
    filled, text rows added; a filled cell that would change is overwritten only when the clerk says so."""
    chosen = book.app.api.GetOpenFilename(IMPORT_FILTER, 1, "导入上年报告")
    if not chosen:
        return
    status(book, "绩效自评：正在导入上年报告……")
    reader = Reader(XlwingsSource(book, skip=(RESULT_SHEET,)))
    profile, _ = resolve_profile(reader.rules(), str(read_named(book, "评分规则") or ""))
    year = read_named(book, "年度")
    try:
        year = int(float(year))  # a blank 年度 (None, "") is no year, like a text
    except (TypeError, ValueError):
        year = None
    try:
        imported, profile = import_source(Path(str(chosen)), year, None, "", profile=profile)
    except ImportFailure as exc:
        alert(book, str(exc), critical=True)
        return
    removed = _remove_example_rows(book, profile.example_names)
    built = build_workbook(imported.evaluation, profile)
    own = imported.evaluation.outline  # the report's own outline: the open form switches to it, as the CLI's form has it
    switch = (outline_of_form(reader.outline_text(), reader.rules()), outline_for(profile, own)) if own else None
    writes, conflicts = plan_fill(book, built, switch)
    if conflicts:
        sample = "；".join(f"{w.where}（现为“{w.old_text[:12]}”）" for w in conflicts[:3])
        more = f"等{len(conflicts)}处" if len(conflicts) > 3 else ""
        if ask(book, f"以下单元格已有内容，与导入的内容不同：{sample}{more}。\n是否用导入的内容覆盖？"
                     "选“否”则保留现有内容，只填写空白单元格。") != "yes":
            writes = [w for w in writes if not w.conflict]
    with frozen(book):
        for name in dict.fromkeys(w.sheet for w in writes):
            sheet = book.sheets[name]
            with unprotected(sheet) as free:
                for w in (w for w in writes if w.sheet == name):
                    rng = sheet.range((w.row, w.col))
                    if not free and w.appended:
                        continue  # a password-protected sheet: its existing input cells only
                    rng.value = w.value
                    if w.appended:  # a new row of the table: an input cell like the rows above it
                        rng.api.Locked = False
        if switch is not None:
            _offer_slots(book, switch[1].problem_slots)
    kept = len(conflicts) - sum(1 for w in writes if w.conflict)
    notes = "\n".join(f"· {t}" for t in imported.warnings[:5])
    filled = sum(1 for w in writes if not (w.record or w.relabel))
    alert(book, f"已从“{Path(str(chosen)).name}”导入：填写{filled}个单元格"
                f"{f'，删除示例行{removed}行' if removed else ''}{f'，保留已有内容{kept}处' if kept else ''}。\n请核对后填写本年预算金额、实际完成值和得分。"
                + (f"\n{notes}" if notes else ""))



def _offer_slots(book, slots: list[str]) -> None:
    """设置 问题措施位置's drop-down: the numbers the report's own outline offers (as the CLI's new form has it)."""
    cell = named_cell(book, "问题措施位置")
    if cell is None or not slots:
        return
    with unprotected(cell.sheet) as free:
        if free:
            rule = cell.api.Validation
            rule.Delete()
            rule.Add(3, 1, 1, ",".join(slots))  # xlValidateList, xlValidAlertStop, xlBetween
            rule.ErrorMessage = f"只能填：{'、'.join(slots)}（可从下拉列表选择）"
