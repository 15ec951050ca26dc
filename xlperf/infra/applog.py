"""Where unexpected failures are logged (stdlib only; used by UDFs and ribbon actions).

A clerk never sees a traceback: the cell or message box shows a short Chinese message and the
full traceback goes to ``%LOCALAPPDATA%\\xlperf\\xlperf.log`` (``~/.local/state/xlperf`` elsewhere).
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
import traceback
from pathlib import Path


def log_dir() -> Path:
    override = os.environ.get("XLPERF_LOG_DIR")
    if override:
        return Path(override)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "xlperf"
    return Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state") / "xlperf"


def log_path() -> Path:
    return log_dir() / "xlperf.log"


def log_exception(context: str) -> Path | None:
    """Append the current exception's traceback to the log; return the log path (None if unwritable)."""
    path = log_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "ab") as fh:  # UTF-8 whatever the machine's language
            fh.write(f"--- {_dt.datetime.now().isoformat(timespec='seconds')} {context}\n".encode())
            fh.write(traceback.format_exc().encode())
        return path
    except OSError:
        return None
