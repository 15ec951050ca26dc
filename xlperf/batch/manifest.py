"""The batch manifest in OUTDIR: which workbook produced which record, so unchanged work is skipped.

A workbook is unchanged when the SHA-256 of its bytes and the *environment* fingerprint
(report template files, rule profile files, xlperf version, formats, ``--profile``) are the
same as at the last run.  The manifest is JSON written atomically; a missing or unreadable
manifest simply means "redo everything".
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .. import __version__
from ..domain.profiles import available
from ..infra.atomic import write_text
from ..report.env import TEMPLATE_DIR
from .record import Record

MANIFEST_NAME = ".xlperf-batch.json"
#: 2: records carry prev_total (the form's 上年总分).  The typed :class:`~.record.Record` is stored with the
#: same keys, so manifests written before it are read as they are.
FORMAT_VERSION = 2


def file_hash(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def template_files() -> list[Path]:
    """Every file the reports are rendered from (the report package's templates folder)."""
    dirs = []
    try:
        dirs.append(Path(TEMPLATE_DIR))
    except ImportError:
        pass
    dirs.append(Path(__file__).resolve().parents[1] / "templates")
    files = []
    for d in dirs:
        if d.is_dir():
            files.extend(p for p in sorted(d.rglob("*")) if p.is_file())
    return files


def profile_files(profile: str | None) -> list[Path]:
    files = sorted(available().values())
    if profile and Path(profile).is_file():
        files.append(Path(profile))
    return files


def environment_key(formats: tuple[str, ...], profile: str | None) -> str:
    h = hashlib.sha256()
    h.update(f"xlperf {__version__}|{','.join(formats)}|{profile or ''}".encode("utf-8"))
    for p in template_files() + profile_files(profile):
        h.update(b"\0" + p.name.encode("utf-8") + b"\0" + file_hash(p).encode("ascii"))
    return h.hexdigest()


class Manifest:
    """``entries[file] = {"key": ..., "record": {...}}`` keyed by the workbook's relative path."""

    def __init__(self, path: Path, entries: dict[str, dict] | None = None):
        self.path = Path(path)
        self.entries = entries or {}

    @classmethod
    def load(cls, outdir: str | Path) -> "Manifest":
        path = Path(outdir) / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT_VERSION or not isinstance(data.get("entries"), dict):
                return cls(path)
            return cls(path, data["entries"])
        except (OSError, ValueError, AttributeError):
            return cls(path)

    def reusable(self, file: str, key: str, outdir: Path) -> Record | None:
        """The stored record when ``file`` is unchanged, succeeded and its reports still exist."""
        entry = self.entries.get(file)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        try:
            rec = Record.from_json(entry.get("record") or {})
        except (TypeError, ValueError, KeyError):  # a record this version cannot read: redo the workbook
            return None
        if not rec.status.has_report or not rec.reports:
            return None
        if not all((outdir / r).is_file() for r in rec.reports):
            return None
        return rec

    def save(self, records: list[Record], keys: dict[str, str]) -> None:
        entries = {r.file: {"key": keys[r.file], "record": r.to_json()} for r in records if r.file in keys}
        data = {"format": FORMAT_VERSION, "xlperf": __version__, "entries": entries}
        write_text(self.path, json.dumps(data, ensure_ascii=False, indent=1))
        self.entries = entries
