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
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from .app.reports import open_file, report_folder, report_name, report_path, write_report
from .app.reports import LOCK_STALE_SECONDS  # noqa: F401 - re-exported: how old a lock is left over
from .infra.applog import log_exception, log_path
from .domain.numbers import InputError
from .domain.problems import ERROR, Problem, errors
from .workbook import layout as L

TITLE = "绩效自评"
RESULT_SHEET = "校验结果"
RESULT_HEADER_ROW = 5
RESULT_HEADERS = ("类别", "位置", "项目", "说明", None, "已标色单元格", "原底色")
MEMORY_COL = 6  # F: cells we coloured, G: their colour before ("" = none)
REPORT_PATH_FALLBACK = (2, 2)  # 校验结果!B2 when the workbook has no 报告文件 name
ERROR_RGB = (255, 199, 206)
WARNING_RGB = (255, 235, 156)
#: a workbook-level name (or environment variable) that turns message boxes into log lines and answers
#: "no" to questions: for scripted runs such as scripts/windows-smoke-test.ps1, where nobody can click
UNATTENDED_NAME = "XLPERF_UNATTENDED"
_OUTPUT_DIR_NAME = next(f.name for f in L.SETTINGS_FIELDS if f.target == "options.output_dir")  # 报告保存位置
_PROTECTION_ALLOWS = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
                      "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
                      "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
                      "AllowUsingPivotTables")


# --------------------------------------------------------------------------- hooks (tests replace these)


def _caller():
    """The workbook whose button was pressed."""
    import xlwings as xw

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
    _run("导入上年报告", _import_last_year)


# --------------------------------------------------------------------------- the actions


def _generate_report(book) -> None:
    status(book, "绩效自评：正在读取工作簿……")
    checked = check_book(book)
    if not checked.reportable:
        write_problems(book, checked.problems)
        book.sheets[RESULT_SHEET].activate()
        alert(book, f"发现{len(checked.errors)}个错误，未生成报告。\n请查看“{RESULT_SHEET}”工作表："
                    "每行写明位置和修改方法，点击位置可跳到该单元格（已标为红色）。", critical=True)
        return
    from .app.check import report_context  # pydantic and the reader: loaded by the click, not by the import

    ctx = report_context(checked)
    out = report_path(report_name(ctx, "docx"), source=_local_path(book),
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
        alert(book, f"发现{_count(problems)}，详见“{RESULT_SHEET}”工作表。")
    else:
        alert(book, "校验通过，未发现问题。")


def _open_report_folder(book) -> None:
    last = str(read_named(book, L.REPORT_PATH_NAME) or "").strip()
    folder = Path(last).parent if last and Path(last).is_absolute() else None
    if folder is None or not folder.is_dir():
        folder = report_folder(_local_path(book), str(read_named(book, _OUTPUT_DIR_NAME) or ""))
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


IMPORT_FILTER = "上年报告或填报表 (*.docx;*.txt;*.xlsx;*.xlsm),*.docx;*.txt;*.xlsx;*.xlsm"


def _import_last_year(book) -> None:
    """The CLI's import (same parsing, same form builder) written into the open workbook: empty cells are
    filled, text rows added; a filled cell that would change is overwritten only when the clerk says so."""
    from .importer import ImportFailure, import_source
    from .importer.fill import plan_fill
    from .domain.profiles import resolve_profile
    from .workbook.build import build_workbook
    from .workbook.live import XlwingsSource
    from .workbook.read import Reader

    chosen = book.app.api.GetOpenFilename(IMPORT_FILTER, 1, "导入上年报告")
    if not chosen or chosen is False:
        return
    status(book, "绩效自评：正在导入上年报告……")
    reader = Reader(XlwingsSource(book, skip=(RESULT_SHEET,)))
    profile, _ = resolve_profile(reader.rules(), str(read_named(book, "评分规则") or ""))
    year = read_named(book, "年度")
    try:
        year = int(float(year)) if year not in (None, "") else None
    except (TypeError, ValueError):
        year = None
    try:
        imported, profile = import_source(Path(str(chosen)), year, None, "", profile=profile)
    except ImportFailure as exc:
        alert(book, str(exc), critical=True)
        return
    built = build_workbook(imported.evaluation, profile)
    writes, conflicts = plan_fill(book, built)
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
    kept = len(conflicts) - sum(1 for w in writes if w.conflict)
    notes = "\n".join(f"· {t}" for t in imported.warnings[:5])
    alert(book, f"已从“{Path(str(chosen)).name}”导入：填写{len(writes)}个单元格"
                f"{f'，保留已有内容{kept}处' if kept else ''}。\n请核对后填写本年预算金额、实际完成值和得分。"
                + (f"\n{notes}" if notes else ""))


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


def status(book, text: str) -> None:
    book.app.status_bar = text


def alert(book, text: str, *, critical: bool = False) -> None:
    if book is None:
        _fallback_box(text)
        return
    try:
        if _unattended(book):
            _log_box(text)
            return
        book.app.alert(text, TITLE, buttons="ok", mode="critical" if critical else "info")
    except Exception:  # noqa: BLE001 - Excel gone: a message box must still appear
        _fallback_box(text)


def ask(book, text: str) -> str:
    if _unattended(book):
        _log_box(text + " → 否（无人值守）")
        return "no"
    return book.app.alert(text, TITLE, buttons="yes_no", mode="info")


def _unattended(book) -> bool:
    return bool(os.environ.get(UNATTENDED_NAME)) or any(n.name == UNATTENDED_NAME for n in book.names)


def _log_box(text: str) -> None:
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {_dt.datetime.now().isoformat(timespec='seconds')} message box: {text}\n")
    except OSError:
        print(text, file=sys.stderr)


def _fallback_box(text: str) -> None:
    """A Windows message box without Excel (when the workbook itself cannot be reached)."""
    try:
        import ctypes

        ctypes.windll.user32.MessageBoxW(0, text, TITLE, 0x30)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - not on Windows: stderr is all there is
        print(text, file=sys.stderr)


@contextmanager
def frozen(book):
    """Screen updating off while writing several cells (restored by :func:`_run` as well)."""
    app = book.app
    saved = app.screen_updating
    app.screen_updating = False
    try:
        yield
    finally:
        app.screen_updating = saved


# --------------------------------------------------------------------------- reading and checking


def check_book(book):
    """Read the live workbook and check it: a :class:`xlperf.app.check.Checked` (with the report's context)."""
    # pydantic, the reader and the report's context: loaded by the click, not by ``import xlperf.excel``
    from .app.check import check_read
    from .workbook.live import XlwingsSource
    from .workbook.read import read_source

    return check_read(*read_source(XlwingsSource(book, skip=(RESULT_SHEET,))))


def _named_cell(book, name: str):
    """The range a workbook-level defined name points at, or None."""
    from .workbook.live import parse_reference

    sheets = [s.name for s in book.sheets]
    for n in book.names:
        if n.name == name:
            loc = parse_reference(n.refers_to)
            if loc is not None and loc[0] in sheets and loc[0]:
                return book.sheets[loc[0]].range((loc[1], loc[2]))
            return None
    return None


def read_named(book, name: str) -> object:
    cell = _named_cell(book, name)
    return cell.value if cell is not None else None


# --------------------------------------------------------------------------- the report file


def _local_path(book) -> str | None:
    """The workbook's own file, or None when it has no local path (never saved, opened from the web)."""
    full = str(book.fullname or "")
    return full if os.path.isabs(full) else None


def write_report_path(book, path: Path) -> None:
    cell = _named_cell(book, L.REPORT_PATH_NAME)
    if cell is None:
        sheet = result_sheet(book)
        row, col = REPORT_PATH_FALLBACK
        cell = sheet.range((row, col))
        book.names.add(L.REPORT_PATH_NAME, f"='{RESULT_SHEET}'!${_col_letter(col)}${row}")
    with unprotected(cell.sheet):
        cell.value = str(path)


def help_path() -> str:
    root = Path(__file__).resolve().parent.parent
    for candidate in (root / "README.md", root / "docs" / "install-windows.md"):
        if candidate.is_file():
            return str(candidate)
    return "xlperf 安装说明（docs/install-windows.md），或联系技术支持人员"


# --------------------------------------------------------------------------- the 校验结果 sheet


def result_sheet(book):
    """The 校验结果 sheet, created (last, with its title rows) when missing."""
    if RESULT_SHEET in [s.name for s in book.sheets]:
        return book.sheets[RESULT_SHEET]
    sheet = book.sheets.add(RESULT_SHEET, after=book.sheets[len(book.sheets) - 1])
    sheet.range((1, 1)).value = [["校验结果（由“绩效自评”功能区的按钮生成，请勿在此填写）"],
                                 ["最近生成的报告"]]
    for letter, width in (("A", 8), ("B", 20), ("C", 18), ("D", 70), ("E", 2), ("F", 14), ("G", 10)):
        sheet.range(f"{letter}:{letter}").column_width = width
    return sheet


def write_problems(book, problems: list[Problem]) -> None:
    """Replace the problem list (rows from 3 down) and the highlights of the previous run."""
    with frozen(book):
        sheet = result_sheet(book)
        sheets = [s.name for s in book.sheets]
        previous, last_row = _remembered(sheet)
        _clear_highlights(book, sheets, previous)
        memory = _highlight(book, sheets, problems)
        summary = f"{_dt.datetime.now():%Y-%m-%d %H:%M} 校验：{_count(problems) if problems else '未发现问题'}"
        width = len(RESULT_HEADERS)  # xlwings writes a rectangle: every row the same length
        rows: list[list[object]] = [[summary] + [None] * (width - 1), [None] * width, list(RESULT_HEADERS)]
        for i in range(max(len(problems), len(memory))):
            row: list[object] = [None] * width
            if i < len(problems):
                p = problems[i]
                row[:4] = [p.severity, _link(sheets, p.where), _text(p.label), _text(p.message)]
            if i < len(memory):
                row[MEMORY_COL - 1:MEMORY_COL + 1] = memory[i]
            rows.append(row)
        if last_row >= 3:
            sheet.range((3, 1), (last_row, len(RESULT_HEADERS))).clear_contents()
        sheet.range((3, 1)).value = rows


def _count(problems: list[Problem]) -> str:
    n_err = len(errors(problems))
    parts = [f"{n_err}个错误"] if n_err else []
    if len(problems) > n_err:
        parts.append(f"{len(problems) - n_err}个提示")
    return "、".join(parts)


def _rows(values) -> list:
    return values if isinstance(values, list) else [[values]]


def _text(value: str) -> str:
    """Text that Excel would otherwise read as a formula or number keeps a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _link(sheets: list[str], where: str) -> str:
    """A HYPERLINK formula to ``Sheet!A1`` (or the sheet) when it exists; otherwise the plain text."""
    sheet, _, cell = where.partition("!")
    if sheet not in sheets or sheet == RESULT_SHEET:
        return _text(where)
    target = f"'{sheet.replace(chr(39), chr(39) * 2)}'!{cell if _is_cell(cell) else 'A1'}"
    return f'=HYPERLINK("#{target}","{where.replace(chr(34), chr(34) * 2)}")'


def _is_cell(text: str) -> bool:
    from .workbook.live import _CELL_RE

    return bool(_CELL_RE.match(text))


def _col_letter(col: int) -> str:
    letters = ""
    while col:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _hex(rgb) -> str:
    return "" if rgb is None else "%02X%02X%02X" % tuple(int(x) for x in rgb)


def _rgb(text: object):
    text = str(text or "").strip()
    if len(text) != 6:
        return None
    try:
        return int(text[0:2], 16), int(text[2:4], 16), int(text[4:6], 16)
    except ValueError:
        return None


def _remembered(sheet) -> tuple[list[tuple[str, str]], int]:
    """(cell, original colour) pairs the previous run recorded on the 校验结果 sheet; its last used row."""
    used = sheet.used_range
    first_row, first_col = used.row, used.column
    values = _rows(used.options(ndim=2).value)
    out, below_header = [], False
    for i, row in enumerate(values):
        col = MEMORY_COL - first_col
        if not 0 <= col < len(row):
            continue
        if not below_header:
            below_header = first_row + i >= RESULT_HEADER_ROW and row[col] == RESULT_HEADERS[MEMORY_COL - 1]
            continue
        where = row[col]
        if isinstance(where, str) and "!" in where:
            original = row[col + 1] if col + 1 < len(row) else ""
            out.append((where, "" if original is None else str(original)))
    return out, first_row + len(values) - 1


def _by_sheet(sheets: list[str], cells) -> dict[str, list]:
    sheets = set(sheets) - {RESULT_SHEET}
    out: dict[str, list] = {}
    for item in cells:
        sheet, _, cell = item[0].partition("!")
        if sheet in sheets and _is_cell(cell):
            out.setdefault(sheet, []).append((cell, *item[1:]))
    return out


def _clear_highlights(book, sheets: list[str], remembered: list[tuple[str, str]]) -> None:
    """Give back the cells' previous colour where they still have ours (the clerk may have recoloured)."""
    ours = {ERROR_RGB, WARNING_RGB}
    for sheet_name, cells in _by_sheet(sheets, remembered).items():
        sheet = book.sheets[sheet_name]
        with unprotected(sheet) as ok:
            if not ok:
                continue
            for cell, original in cells:
                rng = sheet.range(cell)
                current = rng.color
                if current is not None and tuple(current) in ours:
                    rng.color = _rgb(original)


def _highlight(book, sheets: list[str], problems: list[Problem]) -> list[list[str]]:
    """Colour each problem cell (errors red, warnings yellow); return [cell, original colour] rows."""
    wanted: dict[str, tuple] = {}
    for p in problems:
        if "!" in p.where and (p.where not in wanted or p.severity == ERROR):
            wanted[p.where] = ERROR_RGB if p.severity == ERROR else WARNING_RGB
    memory = []
    for sheet_name, cells in _by_sheet(sheets, list(wanted.items())).items():
        sheet = book.sheets[sheet_name]
        with unprotected(sheet) as ok:
            if not ok:
                continue
            for cell, colour in cells:
                rng = sheet.range(cell)
                original = rng.color
                if original is not None and tuple(original) in (ERROR_RGB, WARNING_RGB):
                    original = None
                rng.color = colour
                memory.append([f"{sheet_name}!{cell}", _hex(original)])
    return memory


@contextmanager
def unprotected(sheet):
    """Lift the (password-less) sheet protection for a moment and put it back with the same options.

    Yields False when the sheet cannot be unprotected (a password): the caller skips that sheet.
    """
    api = sheet.api
    if not api.ProtectContents:
        yield True
        return
    protection = api.Protection
    allows = {name: bool(getattr(protection, name)) for name in _PROTECTION_ALLOWS}
    drawing, scenarios = bool(api.ProtectDrawingObjects), bool(api.ProtectScenarios)
    try:
        api.Unprotect()
    except Exception:  # noqa: BLE001 - protected with a password: leave it alone
        yield False
        return
    try:
        yield True
    finally:
        api.Protect(DrawingObjects=drawing, Contents=True, Scenarios=scenarios, **allows)
