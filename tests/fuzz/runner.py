"""Run one fuzz case through ``xlperf.cli.main`` in-process and classify the outcome.

The pass condition of issue 7 §1: exit code 0/1/2, no traceback in stdout/stderr, no internal
error (the CLI's "内部错误" message or a new log entry), the input file's bytes unchanged.
``batch`` runs its workers in-process (a synchronous executor replaces the process pool) so a
case costs milliseconds; the real process pool is exercised by the batch tests and a few cases.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
from concurrent.futures import Future
from pathlib import Path


class InlineExecutor:
    """A ProcessPoolExecutor stand-in that runs each task at submit time."""

    def __init__(self, *args, initializer=None, **kwargs):
        if initializer:
            initializer()

    def submit(self, fn, *args, **kwargs):
        fut = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # noqa: BLE001 - delivered through the future, like a pool
            fut.set_exception(exc)
        return fut

    def shutdown(self, wait=True, cancel_futures=False):
        pass


@contextlib.contextmanager
def inline_batch():
    import xlperf.batch.run as run

    saved = run.ProcessPoolExecutor
    run.ProcessPoolExecutor = InlineExecutor
    try:
        yield
    finally:
        run.ProcessPoolExecutor = saved


def argv_for(target: str, path: Path, out: Path, docx: bool = False) -> list[str]:
    if target == "report":
        fmt = "docx" if docx else "md"
        return ["report", str(path), "--format", fmt, "-o", str(out / f"report.{fmt}"), "--no-chart"]
    if target == "batch":
        return ["batch", str(path.parent), "-o", str(out / "batch"), "--jobs", "1", "--format",
                "docx" if docx else "md"]
    return [target, str(path)]


def run_case(data: bytes, target: str, work: Path, *, docx: bool = False, name: str = "case.xlsx") -> str:
    """Write ``data`` as the input, run ``target`` on it; return "exit0/1/2" or "FAIL: why"."""
    shutil.rmtree(work, ignore_errors=True)
    (work / "in").mkdir(parents=True)
    (work / "out").mkdir()
    log_dir = work / "log"
    path = work / "in" / name
    path.write_bytes(data)
    before = hashlib.sha256(data).hexdigest()
    from xlperf.cli import main

    out, err = io.StringIO(), io.StringIO()
    old_log = os.environ.get("XLPERF_LOG_DIR")
    os.environ["XLPERF_LOG_DIR"] = str(log_dir)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), inline_batch():
            try:
                rc = main(argv_for(target, path, work / "out", docx))
            except BaseException as exc:  # noqa: BLE001 - anything escaping main is a failure
                return f"FAIL: escaped {type(exc).__name__}: {exc}"
    finally:
        if old_log is None:
            os.environ.pop("XLPERF_LOG_DIR", None)
        else:
            os.environ["XLPERF_LOG_DIR"] = old_log
    text = out.getvalue() + err.getvalue()
    if rc not in (0, 1, 2):
        return f"FAIL: exit code {rc}"
    if "Traceback" in text:
        return "FAIL: traceback printed"
    if "内部错误" in text or (log_dir / "xlperf.log").exists():
        log = (log_dir / "xlperf.log").read_text(encoding="utf-8") if (log_dir / "xlperf.log").exists() else ""
        last = [ln for ln in log.splitlines() if ln.strip()][-1:] or [text.strip()[-200:]]
        return f"FAIL: internal error: {last[0]}"
    if hashlib.sha256(path.read_bytes()).hexdigest() != before:
        return "FAIL: input file changed"
    return f"exit{rc}"
