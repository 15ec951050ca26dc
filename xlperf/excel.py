"""The Python side of the 「绩效自评」 ribbon buttons (``RunPython "import xlperf.excel; xlperf.excel.X()"``).

Each entry point takes no arguments, finds its workbook with ``xw.Book.caller()`` (through the
:func:`_caller` hook, which tests replace with a stand-in book) and is a few lines over shared calls:
the live workbook is read with :class:`xlperf.workbook.live.XlwingsSource` by the same reader as a
saved file, validated and reported by the same core as the CLI.

What the actions write, and nothing else: the 校验结果 sheet, the report path cell (defined name
``报告文件``; on the 校验结果 sheet when the workbook has none) and the highlight colours of cells
with problems.  Colours set by the previous run are remembered on the 校验结果 sheet and undone
(only where the cell still has our colour) before new ones are set.

The clerk sees short Chinese message boxes only: fixable problems as such, anything unexpected as
one sentence pointing at the log file (:func:`xlperf.infra.applog.log_exception`).  The status bar and
screen updating are restored in every case.  xlwings is imported only inside :func:`_caller`, so
``import xlperf.excel`` works anywhere.

This module holds the entry points and what they do; the workbook side (message boxes, the 校验结果
sheet, named cells) is :mod:`xlperf.excel_sheet`, and the work a click loads (the reader, the checks, the
importer) is :mod:`xlperf.excel_work`, imported by the first click (:func:`_work`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .app.reports import LOCK_STALE_SECONDS  # noqa: F401 - re-exported: how old a lock is left over
from .app.reports import open_file, report_folder, report_name, report_path, write_report
from .domain.numbers import InputError
from .domain.problems import ERROR, Problem
from .excel_sheet import (ERROR_RGB, RESULT_HEADER_ROW, RESULT_SHEET, UNATTENDED_NAME, WARNING_RGB,  # noqa: F401
                          alert, ask, count_text, help_path, local_path, read_named, status, write_problems,
                          write_report_path)
from .infra.applog import log_exception
from .workbook import layout as L

_OUTPUT_DIR_NAME = next(f.name for f in L.SETTINGS_FIELDS if f.target == "options.output_dir")  # 报告保存位置


# --------------------------------------------------------------------------- hooks (tests replace these)


def _caller():
    """The workbook whose button was pressed."""
    import xlwings as xw  # here only: ``import xlperf.excel`` works where xlwings cannot load (tests, Linux)

    return xw.Book.caller()


def _open_path(path: Path) -> None:
    """Open a file or folder with its Windows program (Word, Explorer)."""
    open_file(path)


# --------------------------------------------------------------------------- entry points


def generate_report() -> None:
    """生成报告: validate the live workbook; on errors list them, otherwise write the Word report."""
    _run("生成报告", _generate_report)


def validate() -> None:
    """校验: list every problem on the 校验结果 sheet and say how many there are."""
    _run("校验", _validate)


def open_report_folder() -> None:
    """打开报告文件夹."""
    _run("打开报告文件夹", _open_report_folder)


def recalculate() -> None:
    """重新计算: recalculate every formula (PERF_ functions included)."""
    _run("重新计算", _recalculate)


def show_help() -> None:
    """帮助: the 说明 sheet, or where the instructions are when it was deleted."""
    _run("帮助", _show_help)


def import_last_year() -> None:
    """导入上年报告: fill this workbook from last year's report (.docx/.txt) or form (.xlsx/.xlsm)."""
    _run("导入上年报告", lambda book: _work().import_into(book))


def submit() -> None:
    """报送财政局: upload the saved workbook through the 设置 field 报送链接; the answer as 校验 shows problems."""
    _run("报送财政局", _submit)


# --------------------------------------------------------------------------- the actions


def _submit(book) -> None:
    from .app.submit import NO_LINK, SubmitError, submit_file, summary  # urllib: loaded by this click only
    from .batch.record import Status

    link = str(read_named(book, L.SUBMIT_LINK_NAME) or "").strip()
    if not link:
        raise InputError(NO_LINK)
    path = local_path(book)
    if path is None or not Path(path).is_file():
        raise InputError("本工作簿还没有保存到电脑上：请先保存，再点“报送财政局”。")
    if not book.api.Saved:
        raise InputError("本工作簿有未保存的修改：报送的是已保存的文件，请先保存，再点“报送财政局”。")
    status(book, "绩效自评：正在报送……")
    try:
        answer = submit_file(path, link)
    except SubmitError as exc:
        raise InputError(str(exc)) from None
    problems = [Problem(p.get("where", ""), p.get("item", ""), p.get("message", ""), p.get("level", ERROR))
                for p in answer.problems]
    write_problems(book, problems)
    if problems:
        book.sheets[RESULT_SHEET].activate()
        alert(book, f"{summary(answer)}\n发现{count_text(problems)}，详见“{RESULT_SHEET}”工作表。", critical=answer.status not in (Status.OK, Status.WARN))
    else:
        alert(book, summary(answer))


def _generate_report(book) -> None:
    status(book, "绩效自评：正在读取工作簿……")
    checked = check_book(book)
    if not checked.reportable:
        write_problems(book, checked.problems)
        book.sheets[RESULT_SHEET].activate()
        alert(book, f"发现{len(checked.errors)}个错误，未生成报告。\n请查看“{RESULT_SHEET}”工作表："
                    "每行写明位置和修改方法，点击位置可跳到该单元格（已标为红色）。", critical=True)
        return
    ctx = _work().report_context(checked)
    out = report_path(report_name(ctx, "docx"), source=local_path(book),
                      output_dir=checked.evaluation.options.output_dir)
    problems = checked.problems
    write_problems(book, problems)
    status(book, "绩效自评：正在生成报告……")
    path = write_report(ctx, out, "docx", lock=True)
    write_report_path(book, path)
    note = f"\n（另有{len(problems)}条提示，见“{RESULT_SHEET}”工作表）" if problems else ""
    if ask(book, f"报告已生成：\n{path}{note}\n\n现在打开吗？") == "yes":
        _open_path(path)


def _validate(book) -> None:
    status(book, "绩效自评：正在校验……")
    problems = check_book(book).problems
    write_problems(book, problems)
    if problems:
        book.sheets[RESULT_SHEET].activate()
        alert(book, f"发现{count_text(problems)}，详见“{RESULT_SHEET}”工作表。")
    else:
        alert(book, "校验通过，未发现问题。")


def _open_report_folder(book) -> None:
    last = str(read_named(book, L.REPORT_PATH_NAME)).strip()  # None → "None", "" → ".": neither is absolute
    folder = Path(last).parent if Path(last).is_absolute() else None
    if folder is None or not folder.is_dir():
        folder = report_folder(local_path(book), str(read_named(book, _OUTPUT_DIR_NAME) or ""))
    if not folder.is_dir():
        raise InputError(f"报告文件夹不存在：{folder}\n请先生成报告，或在“{L.S_SETTINGS}”表中修改“报告保存位置”。")
    _open_path(folder)


def _recalculate(book) -> None:
    status(book, "绩效自评：正在重新计算……")
    book.app.api.CalculateFull()


def _show_help(book) -> None:
    if L.S_GUIDE in [s.name for s in book.sheets]:
        book.sheets[L.S_GUIDE].activate()
        return
    alert(book, f"本工作簿的“{L.S_GUIDE}”工作表已被删除。使用说明见：\n{help_path()}")


# --------------------------------------------------------------------------- running an action


def _run(action: str, body: Callable[[object], None]) -> None:
    """Run ``body(book)``: messages instead of tracebacks; status bar and screen updating restored."""
    book = None
    try:
        book = _caller()
        app = book.app
        saved_status, saved_updating = app.status_bar, app.screen_updating
        try:
            body(book)
        finally:
            app.screen_updating = saved_updating
            app.status_bar = saved_status
    except InputError as exc:
        alert(book, str(exc), critical=True)
    except Exception:  # noqa: BLE001 - the clerk gets a sentence, the log gets the traceback
        log = log_exception(f"xlperf.excel: {action}")
        where = f"详细信息已记录在：\n{log}\n请把该文件发给技术支持人员。" if log else "（日志文件无法写入）"
        alert(book, f"“{action}”未能完成：程序出现意外错误。\n{where}", critical=True)


def check_book(book):
    """Read the live workbook and check it: a :class:`xlperf.app.check.Checked` (with the report's context)."""
    return _work().check_live(book)


def _work():
    """:mod:`xlperf.excel_work`, the click's work."""
    # pydantic, openpyxl, the reader and the importer: loaded by the first click, not by ``import xlperf.excel``
    from . import excel_work

    return excel_work
