"""Process ONE workbook inside a worker process and return a plain, picklable record.

Only paths travel between processes: the :class:`Task` names the workbook and the staging
folder; the :class:`~xlperf.batch.record.Record` comes back (also what the manifest stores).  The calls
into the workbook reader and the report renderer are isolated in :func:`read` and
:func:`render` — the only two places to adapt when those APIs change.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from ..app.check import Checked, check_file, report_context
from ..app.reports import write_report
from ..domain.numbers import InputError
from ..domain.outlines import outline_for
from ..domain.problems import ERROR
from ..infra import office
from ..infra.applog import log_exception
from ..workbook import layout as L
from ..workbook.read import Reader
from ..workbook.sources import OpenpyxlSource
from .record import RATE_KEYS, Level, Line, Record, Status

OK, WARN, FAILED, INVALID, UNREADABLE = Status.OK, Status.WARN, Status.FAILED, Status.INVALID, Status.UNREADABLE

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_MARK = "EncryptionInfo".encode("utf-16-le")  # the stream an encrypted workbook's OLE2 file holds
RUNNING = ".running"  # marker in the staging folder while a task runs (crash detection)
TIMED_OUT = ".timeout"  # marker left by the watchdog when a task ran too long
DEFAULT_TIMEOUT = 300.0  # seconds one workbook may take before its worker is stopped
_IN_POOL_WORKER = False  # set by warm(): only a pool worker may be stopped by the watchdog


@dataclass(frozen=True)
class Task:
    path: str  # absolute path of the workbook
    file: str  # path relative to the input folder (posix), the record's id
    staging: str  # private folder for this task's outputs
    formats: tuple[str, ...] = ("docx",)
    profile: Optional[str] = None
    renderer: Optional[Callable] = field(default=None, compare=False)  # tests only; None = real renderer
    timeout: float = DEFAULT_TIMEOUT
    #: judge the bytes first with the batch's own words (:func:`sniff`); False: the reader's guards say it, as
    #: ``xlperf check`` does (the web service answers with the CLI's messages)
    sniff: bool = True


# --- the two calls into other packages -----------------------------------------------------------

def read(path: Path, profile: str | None):
    """The workbook checked: a :class:`xlperf.app.check.Checked` (with the report's context)."""
    return check_file(path, profile)


def render(ev, prof, result, problems, formats: tuple[str, ...], stem: Path, context=None) -> tuple[list[Path], list]:
    """Write the report of ``result`` as ``stem.<fmt>`` for every format; ``context``: the one the check built.

    Returns the files written and the warnings found while wording the report (none: the check has them).
    """
    ctx = report_context(Checked(ev, prof, result, list(problems), context))
    return [write_report(ctx, stem.with_name(f"{stem.name}.{fmt}"), fmt) for fmt in formats], []


def read_identity(path: Path) -> dict:
    """单位 and 年度 of a workbook that opened but could not be read as a whole (a broken indicator table,
    a 年度 that is no year …): each as found in its own cell (the 单位名称/年度 defined names, else their
    labels on 基本情况), those that are readable; ``{}`` when none is or the file is not a workbook."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return {}

    found: dict = {}
    try:  # the file passed the reader's safety checks moments ago; any trouble here means "not found"
        reader = Reader(OpenpyxlSource(path))
        for f in L.BASIC_FIELDS:
            if f.target in (".unit", ".year"):
                reader.single(f, found, {})
    except Exception:  # noqa: BLE001 - a fallback: never the reason a record fails
        return {}
    return {k: v for k, v in found.items() if k in ("unit", "year")}


def warm() -> None:
    """Pool initializer: this module's own imports load the reader, the checks and the writers once per worker
    process (the forkserver preloads it); docxtpl, which the Word writer loads lazily, is loaded here too."""
    global _IN_POOL_WORKER
    _IN_POOL_WORKER = True
    office._noticed = True  # the font notice is said once by the parent (commands/batch.py), not per worker

    for name in ("xlperf.workbook", "xlperf.app.check", "xlperf.report.context", "xlperf.report.render", "docxtpl"):
        try:
            __import__(name)
        except ImportError:
            pass


# --- the record -----------------------------------------------------------------------------------

def _s(value) -> str | None:
    return None if value is None else str(value)


def new_record(task: Task) -> Record:
    return Record(task.file)


def failed(task: Task, reason: str, status: Status = FAILED) -> Record:
    return Record(task.file, status=status, reason=reason, problems=[Line("", "", reason, ERROR)], errors=1)


def sniff(path: Path) -> str | None:
    """Why ``path`` cannot be an Excel 2007+ workbook, judging by its bytes; None when it may be one."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".xlsm"):
        return None
    with open(path, "rb") as fh:
        head = fh.read(8)
        if not head:
            return "文件为空（0字节），请重新获取该工作簿"
        if head.startswith(OLE2_MAGIC):  # the mark is never among the magic's 8 bytes: read on from there
            if ENCRYPTED_MARK in fh.read():
                return "工作簿设置了打开密码（已加密），无法读取；请在Excel中取消密码后另存为 .xlsx"
            return "实为旧版 .xls 文件（扩展名被改过），请在Excel中另存为 .xlsx 后再试"
    if not head.startswith(ZIP_MAGIC):
        return "不是Excel工作簿（可能是其他文件改了扩展名），请重新获取该工作簿"
    return None


def _fill(rec: Record, ev, result, problems) -> None:
    if ev is not None:
        rec.unit, rec.year, rec.profile = ev.unit, ev.year, ev.profile
        rec.unit_at, rec.year_at = ev.where("unit"), ev.where("year")
        rec.prev_total = _s(ev.previous.total)  # the form's own 上年总分 (汇总 without --last-year)
    if result is not None:
        rec.profile = result.profile.name
        rec.kind = _kind(result.profile)
        rec.grades = [label for _lower, label in result.profile.bands]  # the form's own rules, any name
        rec.total, rec.grade = _s(result.total), result.grade
        rec.levels = [Level(r.name, _s(r.weight), _s(r.score)) for r in result.indicators]
        rec.core = [Level(r.name, _s(r.weight), _s(r.score)) for r in result.walk() if r.indicator.core]
        rec.rates = {k: _s(result.facts.get(k)) for k in RATE_KEYS}
    _count(rec, problems)


def _count(rec: Record, problems) -> None:
    """The record's problems and their counts; with an error, no figure computed from the data is kept."""
    rec.problems = [Line(p.where, p.label, p.message, p.severity) for p in problems]
    rec.errors = sum(1 for p in problems if p.severity == ERROR)
    if rec.errors:  # figures computed from data with errors are not results: no 总分, 等级, level scores, rates
        rec.total = rec.grade = None
        rec.levels = [Level(name, weight, None) for name, weight, _ in rec.levels]
        rec.core = [Level(name, weight, None) for name, weight, _ in rec.core]
        rec.rates = {k: None for k in rec.rates}
    rec.warnings = len(problems) - rec.errors


def _kind(profile) -> str:
    """The name of the outline ``profile`` reports with ("" when it cannot be told: the title then says 部门整体)."""
    try:
        return outline_for(profile).name
    except Exception:  # noqa: BLE001 - a title word, never the reason a record fails
        return ""


def _log(context: str) -> str:
    path = log_exception(context)
    return f"，详情见日志：{path}" if path else ""


def process(task: Task) -> Record:
    """Read, check and render one workbook. Never raises for a bad workbook: the record says why."""

    path = Path(task.path)
    marker = Path(task.staging) / RUNNING
    try:
        Path(task.staging).mkdir(parents=True, exist_ok=True)
        marker.touch()
    except OSError as exc:
        return failed(task, f"无法创建临时文件夹：{exc.strerror or exc}")
    watchdog = _start_watchdog(task)
    try:
        return _process(task, path)
    except InputError as exc:  # LoadError: the file cannot be read at all
        return failed(task, str(exc), UNREADABLE)
    except MemoryError:
        return failed(task, "文件过大，内存不足，无法处理")
    finally:
        if watchdog is not None:
            watchdog.cancel()
        try:
            marker.unlink()
        except OSError:
            pass


def _start_watchdog(task: Task):
    """In a pool worker: end this process if the task runs longer than ``task.timeout`` seconds,
    leaving a marker so the parent reports a timeout (a workbook that makes the reader or the
    renderer hang must not hang the whole batch)."""
    if not _IN_POOL_WORKER or task.timeout <= 0:
        return None

    def stop() -> None:
        try:
            (Path(task.staging) / TIMED_OUT).touch()
        finally:
            os._exit(75)

    timer = threading.Timer(task.timeout, stop)
    timer.daemon = True
    timer.start()
    return timer


def _process(task: Task, path: Path) -> Record:
    try:
        why = sniff(path) if task.sniff else None
    except OSError as exc:
        return failed(task, f"文件无法打开：{exc.strerror or exc}", UNREADABLE)
    if why:
        return failed(task, why, UNREADABLE)
    try:
        checked = read(path, task.profile)
        ev, prof, result, problems = checked.as_tuple()
    except (InputError, MemoryError):  # process() words both: unreadable, out of memory
        raise
    except Exception:  # noqa: BLE001 - a corrupt file must not stop the batch
        return failed(task, "文件已损坏或格式异常，无法读取" + _log(f"batch read {task.file}"), UNREADABLE)
    rec = new_record(task)
    _fill(rec, ev, result, problems)
    if ev is None:  # not read as a whole: still name the unit (and year) the reviewer must contact
        known = read_identity(path)
        rec.unit, rec.year = known.get("unit", ""), known.get("year")
    if ev is None or result is None or rec.errors:  # opened, but the filling has errors
        first = next((p for p in problems if p.severity == ERROR), problems[0] if problems else None)
        rec.status = INVALID
        rec.reason = (f"有{rec.errors}处错误，未生成报告（首处：{first}）" if first
                      else "填报内容不完整，未生成报告")
        return rec
    stem = Path(task.staging) / "report"
    try:
        if task.renderer is not None:  # a test's stand-in renderer
            outputs, more = task.renderer(ev, prof, result, problems, task.formats, stem)
        else:
            outputs, more = render(ev, prof, result, problems, task.formats, stem, checked.context)
    except InputError as exc:
        rec.reason = f"报告生成失败：{exc}"
        return rec
    except Exception:  # noqa: BLE001
        rec.reason = "报告生成时发生内部错误" + _log(f"batch render {task.file}")
        return rec
    rec.outputs = [str(p) for p in outputs]
    if more:
        _count(rec, list(problems) + list(more))
    rec.status = WARN if rec.warnings or rec.errors else OK
    rec.reason = f"有{rec.warnings}条提示，见问题清单" if rec.warnings else ""
    return rec
