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
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, hashlib.sha256).hexdigest()


def template_files() -> list[Path]:
    """Every file the reports are rendered from (:data:`xlperf.report.env.TEMPLATE_DIR`, the one folder
    ``make_env`` loads templates from; none when it is missing)."""
    return [p for p in sorted(Path(TEMPLATE_DIR).rglob("*")) if p.is_file()]


def profile_files(profile: str | None) -> list[Path]:
    files = sorted(available().values())
    if profile and Path(profile).is_file():
        files.append(Path(profile))
    return files


def environment_key(formats: tuple[str, ...], profile: str | None) -> str:
    """A fingerprint of everything besides the workbook a report depends on: the version, the formats, the rules
    asked for and the content of every template and rule file (JSON of them all, so no two differ in one text)."""
    files = [(p.name, file_hash(p)) for p in template_files() + profile_files(profile)]
    return hashlib.sha256(json.dumps([__version__, formats, profile, files]).encode()).hexdigest()


class Manifest:
    """``entries[file] = {"key": ..., "record": {...}}`` keyed by the workbook's relative path."""

    def __init__(self, path: Path, entries: dict[str, dict] | None = None):
        self.path = Path(path)
        self.entries = entries or {}

    @classmethod
    def load(cls, outdir: str | Path) -> "Manifest":
        path = Path(outdir) / MANIFEST_NAME
        try:
            data = json.loads(path.read_bytes())  # JSON is UTF-8, which json reads from bytes itself
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
        write_text(self.path, json.dumps(data, ensure_ascii=False))  # file names readable as written
        self.entries = entries
