"""Run clerk actions in LibreOffice over UNO from pytest (see ``tests/lo_uno_script.py`` for the ops).

``import uno`` works only under Debian's ``/usr/bin/python3`` (python3-uno), not under the project
venv, so :func:`run_uno` writes a job file and runs ``lo_uno_script.py`` with that interpreter; one
call = one private headless soffice (about 2 s on the 2-core CI machine) — batch the actions.

    from lo_uno import run_uno, uno_required

    @uno_required
    def test_insert(tmp_path):
        out = run_uno(src, [{"op": "unprotect", "sheet": "指标评分"},
                            {"op": "insert_rows", "sheet": "指标评分", "index": 8, "count": 2},
                            {"op": "get_formula", "sheet": "总评", "cells": ["A6"]}])
        assert out["results"][2]["A6"] == "=指标评分!A25"

Without LibreOffice or python3-uno the tests are skipped — except under ``CI=true``, where a missing
UNO is a failure (CI installs both via ``.ci/run``).
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

import pytest

UNO_PYTHON = "/usr/bin/python3"
SCRIPT = Path(__file__).with_name("lo_uno_script.py")


@functools.lru_cache(maxsize=1)
def _uno_problem() -> str | None:
    """Why UNO cannot be used here, or None when it can."""
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        return "LibreOffice (soffice) is not on PATH"
    if not os.access(UNO_PYTHON, os.X_OK):
        return f"{UNO_PYTHON} does not exist"
    try:
        proc = subprocess.run([UNO_PYTHON, "-c", "import uno"], capture_output=True, text=True,
                              timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"{UNO_PYTHON} -c 'import uno' failed: {exc}"
    if proc.returncode != 0:
        return f"{UNO_PYTHON} cannot import uno (apt-get install python3-uno): {proc.stderr.strip()[-300:]}"
    return None


def have_uno() -> bool:
    """soffice is on PATH and Debian's /usr/bin/python3 can ``import uno``."""
    return _uno_problem() is None


def _ci() -> bool:
    return os.environ.get("CI") == "true"


# Skips without UNO; under CI=true it never skips, so the test runs and its first run_uno() (or an
# explicit require_uno()) fails with the reason instead of the suite passing without these tests.
uno_required = pytest.mark.skipif(not _ci() and not have_uno(),
                                  reason="LibreOffice UNO (soffice + /usr/bin/python3 with python3-uno) "
                                         "is not available")


def require_uno() -> None:
    """Skip the calling test without UNO — fail instead under CI=true."""
    problem = _uno_problem()
    if problem is None:
        return
    if _ci():
        pytest.fail(f"CI=true but LibreOffice UNO is unusable: {problem}", pytrace=False)
    pytest.skip(f"LibreOffice UNO unavailable: {problem}")


def run_uno(src: str | os.PathLike, actions: list[dict], timeout: float = 180) -> dict:
    """Open ``src`` in a private headless LibreOffice, perform ``actions``, return the script's JSON
    (``{"ok": True, "results": [...]}``, one result per action).  Raises AssertionError with the
    script's error, traceback and stderr when anything fails or ``timeout`` seconds pass."""
    require_uno()
    with tempfile.TemporaryDirectory(prefix="xlperf-unojob-") as tmp:
        job = Path(tmp) / "job.json"
        # The script stops itself (and its soffice) a little before we would kill it.
        job.write_text(json.dumps({"src": str(Path(src).resolve()), "actions": actions,
                                   "deadline": max(5, int(timeout) - 10)}, ensure_ascii=False),
                       encoding="utf-8")
        proc = subprocess.Popen([UNO_PYTHON, str(SCRIPT), str(job)], stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                start_new_session=True)
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGTERM)  # the script terminates its soffice on SIGTERM
            try:
                stdout, stderr = proc.communicate(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                stdout, stderr = proc.communicate()
            raise AssertionError(f"lo_uno_script timed out after {timeout} s\nstdout: {stdout[-2000:]}"
                                 f"\nstderr: {stderr[-4000:]}")
    try:
        out = json.loads(stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"lo_uno_script gave no JSON (exit {proc.returncode})\nstdout: "
                             f"{stdout[-2000:]}\nstderr: {stderr[-4000:]}") from None
    if not out.get("ok"):
        where = f" at action {out['action']} {actions[out['action']]!r}" if "action" in out else ""
        raise AssertionError(f"lo_uno_script failed{where}: {out.get('error')}\n"
                             f"{out.get('traceback', '')}\nsoffice: {out.get('soffice_log', '')}"
                             f"\nstderr: {stderr[-4000:]}")
    return out
