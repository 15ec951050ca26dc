"""Where a report goes, writing it, opening it: one rule for the CLI, the ribbon, Send To and batch.

Light to import (stdlib, :mod:`xlperf.infra.atomic`, :mod:`xlperf.domain.numbers`): the ribbon's module imports it at
start-up.  The renderer (jinja2, docxtpl) is imported only when a report is written.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

from ..infra.atomic import OutputError, describe_os_error
from ..domain.numbers import InputError
from ..workbook import layout as L

#: a lock file older than this (seconds) was left by a crash and is ignored
LOCK_STALE_SECONDS = 600
#: the cell that names the folder, as the clerk reads it in messages: “设置”表中的“报告保存位置”
SETTINGS_PLACE = "“{}”表中的“{}”".format(
    L.S_SETTINGS, next(f.label for f in L.SETTINGS_FIELDS if f.target == "options.output_dir"))


def report_folder(source: Optional[str | Path], output_dir: str = "") -> Path:
    """The folder 设置's 报告保存位置 names: an absolute folder as written, a relative one from the workbook's
    folder, blank → the workbook's own folder.  ``source`` None: a workbook with no local path (never saved,
    or opened from the web), where only an absolute 报告保存位置 says where to go."""
    wanted = (output_dir or "").strip()
    if wanted and Path(wanted).is_absolute():
        return Path(os.path.abspath(wanted))
    if source is None:
        raise InputError("工作簿尚未保存到本机文件夹（或保存在网络位置），不知道报告该放在哪里。\n"
                         f"请先把工作簿保存到本机，或在{SETTINGS_PLACE}中填写文件夹。")
    return Path(os.path.abspath(Path(os.path.abspath(source)).parent / wanted))  # blank: the folder itself


def report_path(name: str, *, source: Optional[str | Path] = None, output_dir: str = "",
                out: Optional[str | Path] = None) -> Path:
    """THE place a report named ``name`` goes.

    ``out`` (the CLI's ``-o``): a folder — one that exists, or written as a folder (``报告/``) or without an
    extension — is created and the report goes in it under ``name``; anything else is the report's own path.
    Without ``out``: :func:`report_folder`, which must exist.  Never the workbook ``source`` itself.
    Raises InputError (OutputError when a folder cannot be created) with the sentence the clerk reads.
    """
    if out is not None and str(out) != "":
        path = Path(out)
        if path.is_dir() or str(out).endswith(("/", "\\")) or not path.suffix:
            try:
                path.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise OutputError(describe_os_error(path, exc)) from exc
            path = path / name
    else:
        folder = report_folder(source, output_dir)
        if not folder.is_dir():
            raise InputError(f"报告保存位置不存在：{folder}\n请修改{SETTINGS_PLACE}。")
        path = folder / name
    if source is not None and path.resolve() == Path(source).resolve():
        raise InputError("报告不能覆盖填报表本身，请换一个文件名")
    return path


def report_name(ctx, fmt: str) -> str:
    """The report's file name: its title (中共…组织部2021年度部门整体绩效自评报告.docx), with the characters a
    file name cannot hold replaced."""
    stem = re.sub(r'[\\/:*?"<>|\r\n\t]+', "_", ctx.title).strip(" .") or "绩效自评报告"
    return f"{stem}.{fmt}"


def write_report(ctx, path: Path, fmt: str, template=None, *, chart: bool = True, lock: bool = False) -> Path:
    """Write the report atomically (the previous file stays whole if anything fails); ``lock``: one writer
    at a time for this path (a button clicked twice)."""
    from ..report import render  # jinja2 and docxtpl: only when a report is written

    if not lock:
        return render.write_report(ctx, path, fmt, template, chart=chart)
    with report_lock(path):
        return render.write_report(ctx, path, fmt, template, chart=chart)


@contextmanager
def report_lock(out: Path, stale_after: float = LOCK_STALE_SECONDS):
    """One writer per report: a lock file next to it (left over after a crash → ignored when old)."""
    lock = out.with_name(f".~{out.stem[:60]}.xlperf-lock")
    busy = "这份报告正在生成中（按钮可能点了两次），请等待片刻再试。"
    for attempt in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            break
        except FileExistsError:
            try:
                age = time.time() - lock.stat().st_mtime
            except FileNotFoundError:
                continue  # released meanwhile
            if attempt == 0 and age > stale_after:
                try:
                    lock.unlink()
                except FileNotFoundError:
                    pass
                continue
            raise InputError(busy) from None
        except OSError as exc:
            raise OutputError(describe_os_error(out, exc)) from exc
    else:
        raise InputError(busy)
    try:
        os.write(fd, f"{os.getpid()} {_dt.datetime.now().isoformat(timespec='seconds')}\n".encode("ascii"))
        os.close(fd)
        yield
    finally:
        try:
            lock.unlink()
        except OSError:
            pass


def open_file(path: Path) -> None:
    """Open a file or folder with the program the desktop associates with it (Word/WPS, the browser,
    Explorer).  Raises OSError when none can be started."""
    if hasattr(os, "startfile"):
        os.startfile(str(path))  # noqa: S606 - a path we wrote, opened at the clerk's request
    else:
        subprocess.Popen(["open" if sys.platform == "darwin" else "xdg-open", str(path)],
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
