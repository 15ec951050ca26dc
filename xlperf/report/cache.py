"""A small on-disk cache for work that does not change between runs (compiled templates), keyed
by a hash of its inputs.  The cache is a convenience: any failure to read or
write it is ignored and the work is simply done again.

Location: ``XLPERF_CACHE``; else ``%LOCALAPPDATA%\\xlperf\\cache`` on Windows,
``$XDG_CACHE_HOME/xlperf`` (``~/.cache/xlperf``) elsewhere.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Optional


def cache_dir() -> Path:
    base = os.environ.get("XLPERF_CACHE")
    if base:
        return Path(base)
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA", Path.home())) / "xlperf" / "cache"
    return Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "xlperf"


def key_of(*parts: str) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p.encode())
        h.update(b"\0")
    return h.hexdigest()[:32]


def read(name: str) -> Optional[bytes]:
    try:
        return (cache_dir() / name).read_bytes()
    except OSError:
        return None


def write(name: str, data: bytes) -> None:
    target = cache_dir() / name
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError:
        pass
