"""The workbook side of the 「绩效自评」 ribbon: message boxes, the 校验结果 sheet with its links and the
highlights of cells with problems, named cells, the report-path cell, sheet protection lifted for a moment.

Duck-typed over the xlwings API (an open ``xlwings.Book``; tests pass a stand-in) and light: the ribbon's
start-up imports it (bench/bench_import.py), so it loads neither openpyxl nor pydantic nor the reader.
"""

from __future__ import annotations

import ctypes
import datetime as _dt
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .domain.problems import ERROR, PROBLEM_COLUMNS, Problem, errors
from .infra.applog import log_path
from .workbook import layout as L
from .workbook.refs import is_cell, parse_reference

TITLE = "绩效自评"
RESULT_SHEET = "校验结果"
RESULT_HEADER_ROW = 5
RESULT_HEADERS = (*PROBLEM_COLUMNS, None, "已标色单元格", "原底色")
MEMORY_COL = 6  # F: cells we coloured, G: their colour before ("" = none)
REPORT_PATH_FALLBACK = (2, 2)  # 校验结果!B2 when the workbook has no 报告文件 name
ERROR_RGB = (255, 199, 206)
WARNING_RGB = (255, 235, 156)
#: a workbook-level name (or environment variable) that turns message boxes into log lines and answers
#: "no" to questions: for scripted runs such as scripts/windows-smoke-test.ps1, where nobody can click
UNATTENDED_NAME = "XLPERF_UNATTENDED"
_PROTECTION_ALLOWS = ("AllowFormattingCells", "AllowFormattingColumns", "AllowFormattingRows",
                      "AllowInsertingColumns", "AllowInsertingRows", "AllowInsertingHyperlinks",
                      "AllowDeletingColumns", "AllowDeletingRows", "AllowSorting", "AllowFiltering",
                      "AllowUsingPivotTables")



# --------------------------------------------------------------------------- messages


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
        with open(path, "ab") as fh:  # UTF-8 whatever the machine's language
            fh.write(f"--- {_dt.datetime.now().isoformat(timespec='seconds')} message box: {text}\n".encode())
    except OSError:
        print(text, file=sys.stderr)


def _fallback_box(text: str) -> None:
    """A Windows message box without Excel (when the workbook itself cannot be reached)."""
    try:
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


# --------------------------------------------------------------------------- named cells and the report file


def named_cell(book, name: str):
    """The range a workbook-level defined name points at, or None."""
    sheets = [s.name for s in book.sheets]
    for n in book.names:
        if n.name == name:
            loc = parse_reference(n.refers_to)
            if loc is not None and loc[0] in sheets:  # parse_reference never names a blank sheet
                return book.sheets[loc[0]].range((loc[1], loc[2]))
            return None
    return None


def read_named(book, name: str) -> object:
    cell = named_cell(book, name)
    return cell.value if cell is not None else None


def local_path(book) -> str | None:
    """The workbook's own file, or None when it has no local path (never saved, opened from the web)."""
    full = str(book.fullname)  # None → "None", not absolute either
    return full if os.path.isabs(full) else None


def write_report_path(book, path: Path) -> None:
    cell = named_cell(book, L.REPORT_PATH_NAME)
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
    for col, width in enumerate((8, 20, 18, 70, 2, 14, 10), 1):  # A … G
        letter = _col_letter(col)
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
        summary = f"{_dt.datetime.now():%Y-%m-%d %H:%M} 校验：{count_text(problems) if problems else '未发现问题'}"
        width = len(RESULT_HEADERS)  # xlwings writes a rectangle: every row the same length
        rows: list[list[object]] = [[summary] + [None] * (width - 1), [None] * width, list(RESULT_HEADERS)]
        for i, p in enumerate(problems):  # memory has a row per coloured cell: never more than the problems
            row: list[object] = [p.severity, _link(sheets, p.where), _text(p.label), _text(p.message), None]
            row += memory[i] if i < len(memory) else [None, None]  # F, G
            rows.append(row)
        sheet.range((3, 1)).value = rows
        end = 2 + len(rows)  # the last row written
        if last_row > end:  # the rest of a longer previous list
            sheet.range((end + 1, 1), (last_row, width)).clear_contents()


def count_text(problems: list[Problem]) -> str:
    n_err = len(errors(problems))
    parts = [f"{n_err}个错误"] if n_err else []
    if len(problems) > n_err:
        parts.append(f"{len(problems) - n_err}个提示")
    return "、".join(parts)


def _text(value: str) -> str:
    """Text that Excel would otherwise read as a formula or number keeps a leading apostrophe."""
    return "'" + value if value[:1] in ("=", "+", "-", "@") else value


def _link(sheets: list[str], where: str) -> str:
    """A HYPERLINK formula to ``Sheet!A1`` (or the sheet) when it exists; otherwise the plain text."""
    head, _, cell = where.rpartition("!")  # a sheet name may hold “!”, a cell address never
    sheet = head or where  # no “!”: the text names a sheet (and is no cell address: A1)
    if sheet not in sheets or sheet == RESULT_SHEET:
        return _text(where)
    target = f"'{sheet.replace(chr(39), chr(39) * 2)}'!{cell if is_cell(cell) else 'A1'}"
    return f'=HYPERLINK("#{target}","{where.replace(chr(34), chr(34) * 2)}")'


def _col_letter(col: int) -> str:
    letters = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _hex(rgb) -> str:
    """A colour as text for the 原底色 column: ``'999999`` — the apostrophe keeps Excel from reading it as a number."""
    return "" if rgb is None else "'%02X%02X%02X" % tuple(int(x) for x in rgb)


def _rgb(text: object):
    text = str(text).strip()  # None → "None": not six characters either
    if len(text) != 6:
        return None
    try:
        return int(text[:2], 16), int(text[2:4], 16), int(text[4:], 16)
    except ValueError:
        return None


def _remembered(sheet) -> tuple[list[tuple[str, str]], int]:
    """(cell, original colour) pairs the previous run recorded on the 校验结果 sheet; its last used row."""
    used = sheet.used_range
    first_row, first_col = used.row, used.column
    values = used.options(ndim=2).value  # ndim=2: a list of rows even for one cell
    last_row = first_row + len(values) - 1
    col = MEMORY_COL - first_col
    if not 0 <= col < len(values[0]):  # the used range has no column F
        return [], last_row
    out, below_header = [], False
    for i, row in enumerate(values):
        if not below_header:
            below_header = first_row + i >= RESULT_HEADER_ROW and row[col] == RESULT_HEADERS[MEMORY_COL - 1]
            continue
        where = row[col]
        if isinstance(where, str) and "!" in where:
            original = row[col + 1] if col + 1 < len(row) else ""
            out.append((where, "" if original is None else str(original)))
    return out, last_row


def _by_sheet(sheets: list[str], cells) -> dict[str, list]:
    sheets = set(sheets) - {RESULT_SHEET}
    out: dict[str, list] = {}
    for item in cells:
        sheet, _, cell = item[0].rpartition("!")  # a sheet name may hold “!”, a cell address never
        if sheet in sheets and is_cell(cell):
            out.setdefault(sheet, []).append((cell, *item[1:]))
    return out


def _clear_highlights(book, sheets: list[str], remembered: list[tuple[str, str]]) -> None:
    """Give back the cells' previous colour where they still have ours (the clerk may have recoloured)."""
    for _, rng, original in _writable_cells(book, sheets, remembered):
        if _ours(rng.color):
            rng.color = _rgb(original)


def _highlight(book, sheets: list[str], problems: list[Problem]) -> list[list[str]]:
    """Colour each problem cell (errors red, warnings yellow); return [cell, original colour] rows."""
    wanted: dict[str, tuple] = {}
    for p in problems:
        if p.where not in wanted or p.severity == ERROR:  # a place that is no cell is dropped by _by_sheet
            wanted[p.where] = ERROR_RGB if p.severity == ERROR else WARNING_RGB
    memory = []
    for where, rng, colour in _writable_cells(book, sheets, list(wanted.items())):
        original = rng.color
        if _ours(original):  # still ours from a previous check: remember no colour
            original = None
        rng.color = colour
        memory.append([where, _hex(original)])
    return memory


def _ours(colour) -> bool:
    """Whether a cell's colour is one this module paints problems with."""
    return colour is not None and tuple(colour) in (ERROR_RGB, WARNING_RGB)


def _writable_cells(book, sheets: list[str], cells: list) -> Iterator[tuple]:
    """(“表!格”, range, the rest of the item) for each ``[“表!格”, …]`` item on a listed sheet that can be
    unprotected; a sheet that cannot is passed over (it stays protected)."""
    for sheet_name, items in _by_sheet(sheets, cells).items():
        sheet = book.sheets[sheet_name]
        with unprotected(sheet) as ok:
            if not ok:
                continue
            for cell, *rest in items:
                yield (f"{sheet_name}!{cell}", sheet.range(cell), *rest)


class unprotected:  # noqa: N801 - used like a function: ``with unprotected(sheet) as free:``
    """Lift the (password-less) sheet protection for a moment and put it back with the same options.

    Gives False when the sheet cannot be unprotected (a password): the caller skips that sheet.  A class rather
    than a ``@contextmanager`` function, so that mutation testing judges it (mutmut skips decorated functions).
    """

    def __init__(self, sheet):
        self._api = sheet.api
        self._restore: dict | None = None  # Protect()'s arguments once the protection is lifted

    def __enter__(self) -> bool:
        api = self._api
        if not api.ProtectContents:
            return True
        protection = api.Protection
        allows = {name: bool(getattr(protection, name)) for name in _PROTECTION_ALLOWS}
        restore = dict(DrawingObjects=bool(api.ProtectDrawingObjects), Contents=True,
                       Scenarios=bool(api.ProtectScenarios), **allows)
        try:
            api.Unprotect()
        except Exception:  # noqa: BLE001 - protected with a password: leave it alone
            return False
        self._restore = restore
        return True

    def __exit__(self, *exc) -> None:
        if self._restore is not None:
            self._api.Protect(**self._restore)
