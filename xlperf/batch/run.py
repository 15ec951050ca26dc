"""Orchestrate a batch: discover → skip unchanged → process in worker processes → name and move
the reports → manifest → 汇总表.xlsx.

Workers are kept warm (a forkserver that preloads xlperf, imports once per process) and are
recycled to bound memory: tasks run in chunks of ``jobs × tasks_per_worker``, each chunk in a
fresh pool.  (``ProcessPoolExecutor(max_tasks_per_child=…)`` is not used: on CPython 3.11–3.14
it can deadlock once a worker retires, python/cpython#115634.)  Only paths cross process
boundaries.  A workbook that kills its worker process (crash, out of memory) is retried alone
and then listed as 失败; the other workbooks go on.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import shutil
import sys
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from ..domain.problems import WARNING
from ..domain.profiles import load_profile
from ..errors import BatchStartError  # re-exported: ``from xlperf.batch.run import BatchStartError``
from ..infra.atomic import describe_os_error
from . import worker
from .discover import EXCEL_SUFFIXES, discover
from .lastyear import read_last_year
from .manifest import Manifest, environment_key, file_hash
from .naming import assign
from .progress import Progress, Silent
from .record import Line, Record, Status
from .summary import DEFAULT_GRADES, write_summary

FORMATS = ("docx", "md", "html", "pdf")
STAGING = ".xlperf-batch-tmp"
TASKS_PER_WORKER = 100
RUNNING = worker.RUNNING




@dataclass
class BatchOutcome:
    records: list[Record]
    summary: Path
    processed: int
    skipped: int

    def count(self, status: Status) -> int:
        return sum(1 for r in self.records if r.status == status)

    @property
    def exit_code(self) -> int:
        return 0 if all(r.status == Status.OK for r in self.records) else 1


def _context():
    if sys.platform != "win32" and "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["xlperf.batch.worker"])
        return ctx
    return mp.get_context("spawn")


def _round(tasks: list[worker.Task], jobs: int, on_done: Callable[[Record], None]) -> list[worker.Task]:
    """Run ``tasks`` in one pool; return those left unfinished because the pool broke."""
    unfinished: list[worker.Task] = []
    pool = ProcessPoolExecutor(max_workers=max(1, min(jobs, len(tasks))), mp_context=_context(),
                               initializer=worker.warm)
    try:
        futures = {pool.submit(worker.process, t): t for t in tasks}
        for fut in as_completed(futures):
            task = futures[fut]
            try:
                rec = fut.result()
            except BrokenProcessPool:
                unfinished.append(task)
                continue
            except Exception:  # noqa: BLE001 - a bug for one workbook must not stop the others
                rec = worker.failed(task, "处理时发生内部错误" + worker._log(f"batch {task.file}"))
            on_done(rec)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)
    return unfinished


def execute(tasks: Iterable[worker.Task], jobs: int, on_done: Callable[[Record], None],
            tasks_per_worker: int = TASKS_PER_WORKER) -> None:
    """Process every task, calling ``on_done(record)`` exactly once per task."""
    tasks = list(tasks)
    size = max(1, jobs * tasks_per_worker)
    for start in range(0, len(tasks), size):
        _execute_chunk(tasks[start:start + size], jobs, on_done)


def _timed_out(task: worker.Task) -> bool:
    return (Path(task.staging) / worker.TIMED_OUT).exists()


def _timeout_reason(task: worker.Task) -> str:
    return f"处理超过{task.timeout:g}秒仍未完成，已停止（文件可能过大或结构异常）"


def _execute_chunk(tasks: list[worker.Task], jobs: int, on_done: Callable[[Record], None]) -> None:
    queue = list(tasks)
    crashed = "处理该文件时处理进程意外退出（文件可能过大或已损坏）"
    while queue:
        unfinished = _round(queue, jobs, on_done)
        for task in [t for t in unfinished if _timed_out(t)]:
            unfinished.remove(task)  # it ran out of time: no second try
            (Path(task.staging) / RUNNING).unlink(missing_ok=True)
            on_done(worker.failed(task, _timeout_reason(task)))
        suspects = [t for t in unfinished if (Path(t.staging) / RUNNING).exists()]
        for task in suspects:  # alone in a fresh pool: an innocent one now finishes
            (Path(task.staging) / RUNNING).unlink()  # there: that is what makes it a suspect
            if _round([task], 1, on_done):
                (Path(task.staging) / RUNNING).unlink(missing_ok=True)
                on_done(worker.failed(task, _timeout_reason(task) if _timed_out(task) else crashed))
        rest = [t for t in unfinished if t not in suspects]
        if rest and len(rest) == len(queue) and not suspects:  # nothing moved: the pool cannot start
            for task in rest:
                on_done(worker.failed(task, "无法启动处理进程，请检查系统资源后重试"))
            return
        queue = rest


SHOWN_OTHERS = 3  # a duplicate's note names this many of the other files (60 copies must not list 59 in every row)


def duplicate_note(others: list[str]) -> str:
    """``与“a”为`` … ``与“a”“b”“c”等共5个工作簿`` : the other files of one unit and year, the first few by name."""
    shown = "".join(f"“{c}”" for c in others[:SHOWN_OTHERS])
    if len(others) <= SHOWN_OTHERS:
        return f"与{shown}"
    return f"与{shown}等其他{len(others)}个工作簿"


def _set_display(rec: Record, conflicts: list[str] | None) -> None:
    """Status, reason and problems shown for ``rec``: the worker's, plus a name conflict."""
    if rec.worker is None:
        rec.worker = rec.verdict()
    base = rec.worker
    rec.status, rec.reason, rec.warnings = base.status, base.reason, base.warnings
    rec.problems = list(base.problems)
    if conflicts:
        where = f"，本表的报告为“{Path(rec.reports[0]).stem}”" if rec.reports else ""
        note = f"{duplicate_note(conflicts)}为同一单位同一年度（{rec.unit} {rec.year}年）{where}，请核对"
        rec.reason = f"{rec.reason}；{note}" if rec.reason else note
        rec.problems.append(Line("", "单位、年度", note, WARNING))
        rec.warnings += 1
        if rec.status == Status.OK:
            rec.status = Status.WARN


def finalize(records: list[Record], outdir: Path, staging_root: Path) -> None:
    """Give every report its final name by unit and year (conflicts kept with a suffix) and move it."""
    names, conflicts = assign(records)
    moves: list[tuple[Record, Path, Path]] = []
    for rec in records:
        name = names.get(rec.file)
        sources = [Path(p) for p in rec.outputs] or [outdir / r for r in rec.reports]
        rec.reports = []
        if name is None:
            continue
        for src in sources:
            moves.append((rec, src, outdir / f"{name}{src.suffix}"))
    for n, (rec, src, dst) in enumerate(moves):  # phase 1: old reports that change name step aside
        if src.parent == outdir and src != dst and src.exists():
            staging_root.mkdir(exist_ok=True)  # in the output folder, which run_batch made
            tmp = staging_root / f"moving-{n}{src.suffix}"
            os.replace(src, tmp)
            moves[n] = (rec, tmp, dst)
    for rec, src, dst in moves:  # phase 2: everything to its final name
        try:
            if src != dst:
                os.replace(src, dst)
            rec.reports.append(dst.name)
        except OSError as exc:
            rec.status, rec.reason = Status.FAILED, f"报告无法保存：{describe_os_error(dst, exc)}"
            rec.worker = None  # what the display starts from: this failure, not the worker's verdict
    for rec in records:
        rec.outputs = []
        _set_display(rec, conflicts.get(rec.file))


def _grade_order(records: list[Record]) -> tuple[str, ...]:
    """The grade labels, best first, of the first workbook scored (each form carries its rules)."""
    for rec in records:
        if rec.grades:
            return tuple(rec.grades)
    return DEFAULT_GRADES


def run_batch(src: str | Path, outdir: str | Path, *, jobs: int | None = None,
              formats: tuple[str, ...] = ("docx",), profile: str | None = None, force: bool = False,
              progress: Progress | None = None, renderer: Callable | None = None,
              suffixes: tuple[str, ...] = EXCEL_SUFFIXES,
              tasks_per_worker: int = TASKS_PER_WORKER,
              timeout: float = worker.DEFAULT_TIMEOUT, last_year: str | Path | None = None,
              title: str = "") -> BatchOutcome:
    """Process every workbook under ``src`` into ``outdir``. Raises :class:`InputError` if it cannot start.

    ``last_year``: last year's 汇总表.xlsx, for the year-on-year columns of 汇总 (read before anything is written).
    ``title``: the bureau's name, at the head of the 汇总表's title (``{title}2024年度部门整体绩效自评汇总表``)."""
    src, outdir = Path(src), Path(outdir)
    if not src.is_dir():
        raise BatchStartError(f"文件夹不存在：{src}")
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise BatchStartError(f"不支持的报告格式：{'、'.join(unknown) or '（空）'}，可选：{'、'.join(FORMATS)}")
    if profile:
        load_profile(profile)  # ProfileError: cannot start
    previous = None
    if last_year:
        previous = read_last_year(last_year)  # LastYearError: cannot start, nothing written
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BatchStartError(describe_os_error(outdir, exc)) from exc
    files = discover(src, suffixes=suffixes, exclude=outdir)
    if last_year:  # last year's 汇总表 kept among this year's forms is no form
        files = [f for f in files if f.resolve() != Path(last_year).resolve()]
    if not files:
        raise BatchStartError(f"在“{src}”及其子文件夹中没有找到工作簿（.xlsx / .xlsm）")
    progress = progress or Silent()
    staging_root = outdir / STAGING
    shutil.rmtree(staging_root, ignore_errors=True)
    env = environment_key(tuple(formats), profile)
    manifest = Manifest.load(outdir)
    records: dict[str, Record] = {}
    keys: dict[str, str] = {}
    tasks: list[worker.Task] = []
    for i, path in enumerate(files):
        rel = path.relative_to(src).as_posix()
        task = worker.Task(str(path.resolve()), rel, str(staging_root / f"{i:05d}"), tuple(formats), profile,
                           renderer, timeout)
        try:
            keys[rel] = hashlib.sha256(f"{file_hash(path)}|{env}".encode()).hexdigest()
        except OSError as exc:
            records[rel] = worker.failed(task, f"文件无法打开：{exc.strerror or exc}", worker.UNREADABLE)
            continue
        old = None if force else manifest.reusable(rel, keys[rel], outdir)
        if old is not None:
            records[rel] = old.copy()
        else:
            tasks.append(task)
    skipped = len(records)
    progress.start(len(tasks), skipped=skipped)

    def done(rec: Record) -> None:
        records[rec.file] = rec
        progress.advance(rec)

    try:
        execute(tasks, jobs or os.cpu_count() or 1, done, tasks_per_worker)
    finally:
        progress.finish()
    ordered = [records[f.relative_to(src).as_posix()] for f in files]
    finalize(ordered, outdir, staging_root)
    progress.settle(ordered)
    manifest.save(ordered, keys)
    summary = write_summary(ordered, outdir, grade_order=_grade_order(ordered), source_dir=src, last_year=previous,
                            bureau=title)
    shutil.rmtree(staging_root, ignore_errors=True)
    return BatchOutcome(ordered, summary, len(tasks), skipped)
