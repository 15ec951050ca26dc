"""Atomic output: write to a temporary file in the destination folder, then ``os.replace``.

A failure at any point (exception, full disk, killed process) leaves the previous file intact;
a reader never sees a half-written file.  Errors become Chinese :class:`OutputError` messages.
"""

from __future__ import annotations

import errno
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from ..errors import OutputError  # re-exported: ``from xlperf.infra.atomic import OutputError``

#: any mask: set for an instant only to read the process's own (Python has no call that just reads it)
_PROBE_MASK = 0o022


def describe_os_error(path: Path, exc: OSError) -> str:
    name = Path(path).name
    if exc.errno == errno.ENOSPC:
        return f"磁盘空间不足，未能写入“{name}”，原文件未改动"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"无法写入“{name}”：文件被占用（如已在Word/Excel中打开）或无写入权限，请关闭后重试，原文件未改动"
    if exc.errno == errno.ENOENT:
        return f"保存位置不存在：{Path(path).parent}"
    if exc.errno == errno.EROFS:
        return f"保存位置只读，无法写入“{name}”"
    return f"无法写入“{name}”：{exc.strerror or exc}，原文件未改动"


def _target_mode(path: Path) -> int:
    """Keep an existing file's permissions; a new file gets 0666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(_PROBE_MASK)  # the umask is read by setting it, and set back at once
        os.umask(mask)
        return 0o666 & ~mask


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path next to ``path``; on success it replaces ``path`` atomically."""
    path = Path(path)
    if not path.parent.is_dir():
        raise OutputError(f"保存位置不存在：{path.parent}")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem[:40]}.", suffix=path.suffix + ".tmp", dir=path.parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(describe_os_error(path, exc)) from exc
    tmp_path = Path(tmp)
    try:
        os.chmod(tmp_path, _target_mode(path))  # mkstemp makes 0600; outputs get normal permissions
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp_path, path)
    except OSError as exc:
        raise OutputError(describe_os_error(path, exc)) from exc
    finally:
        if tmp_path.exists():
            try:
                tmp_path.unlink()
            except OSError:
                pass


def write_bytes(path: str | Path, data: bytes) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_bytes(data)
    return Path(path)


def write_text(path: str | Path, text: str) -> Path:
    return write_bytes(path, text.encode())


def write_with(path: str | Path, writer: Callable[[Path], object]) -> Path:
    """Let ``writer(tmp_path)`` produce the file (e.g. ``wb.save``), then replace atomically."""
    with atomic_path(path) as tmp:
        writer(tmp)
    return Path(path)
