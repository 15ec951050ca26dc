"""The data folder (``--data DIR``): everything the service keeps, laid out so that a copy is a backup.

::

    DIR/xlperf.sqlite3          the database (WAL; unless --db names a PostgreSQL URL)
    DIR/uploads/ab/abcd….xlsx   every workbook received, by the SHA-256 of its bytes (never overwritten)
    DIR/reports/<n>/…           the reports of upload n
    DIR/tmp/                    files being received or processed (emptied at start)
    DIR/secret                  the key that signs session cookies (made once)

A file appears under its final name only when complete (written beside it, then renamed): a server killed in
the middle of an upload leaves at most a file in ``tmp/``, which the next start removes.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import uuid
from pathlib import Path, PurePosixPath, PureWindowsPath

DB_NAME = "xlperf.sqlite3"
CHUNK = 1024 * 1024


class DataDir:
    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()

    @property
    def db(self) -> Path:
        return self.root / DB_NAME

    @property
    def tmp(self) -> Path:
        return self.root / "tmp"

    def prepare(self) -> None:
        """Create the folders; drop what a killed server left half-written in ``tmp/``."""
        for sub in ("uploads", "reports"):
            (self.root / sub).mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(exist_ok=True)  # the root exists by now; tmp/ may survive when a file in it is held open

    def secret(self) -> str:
        path = self.root / "secret"
        if not path.exists():
            tmp = self.tmp / f"secret-{uuid.uuid4().hex}"
            tmp.write_bytes(secrets.token_urlsafe(48).encode())
            os.chmod(tmp, 0o600)
            try:
                os.link(tmp, path)  # first writer wins; never replaces an existing key
            except FileExistsError:
                pass
            tmp.unlink()
        return path.read_bytes().decode().strip()

    def job_dir(self) -> Path:
        path = self.tmp / f"job-{uuid.uuid4().hex}"
        path.mkdir(parents=True)
        return path

    def upload_path(self, sha256: str, suffix: str) -> Path:
        return self.root / "uploads" / sha256[:2] / f"{sha256}{suffix}"

    def keep_upload(self, tmp: Path, sha256: str, suffix: str) -> Path:
        """Move a received file to its content-addressed place (the same bytes twice: kept once)."""
        final = self.upload_path(sha256, suffix)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists():
            tmp.unlink()
        else:
            _fsync(tmp)
            os.replace(tmp, final)
        return final

    def keep_report(self, src: Path, upload_id: int, name: str) -> Path:
        """Move a finished report into ``reports/<upload_id>/``; returns the path relative to the data folder."""
        folder = self.root / "reports" / str(upload_id)
        folder.mkdir(parents=True, exist_ok=True)
        final = folder / name
        _fsync(src)
        os.replace(src, final)
        return final.relative_to(self.root)

    def resolve(self, rel: str) -> Path:
        """A stored relative path, never outside the data folder."""
        path = (self.root / rel).resolve()
        if self.root not in path.parents:
            raise ValueError(rel)
        return path


def _fsync(path: Path) -> None:
    with open(path, "rb") as fh:
        os.fsync(fh.fileno())


def client_name(raw: str | None) -> str:
    """The last part of a file name a browser sent, whatever separators it used (``..\\..\\x.xlsx`` → ``x.xlsx``);
    control characters and the characters Windows forbids become ``_``."""
    name = PureWindowsPath(PurePosixPath(str(raw or "")).name).name
    name = "".join("_" if (ord(c) < 32 or c in '\\/:*?"<>|') else c for c in name).strip().strip(".")
    return name[-120:] or "未命名.xlsx"


async def receive(upload, tmp_dir: Path, limit: int) -> tuple[Path | None, str, int]:
    """Copy an uploaded file into ``tmp_dir`` chunk by chunk, hashing it; stop past ``limit`` bytes.

    Returns (path or None when over the limit, SHA-256, bytes read)."""
    digest = hashlib.sha256()
    path = tmp_dir / f"in-{uuid.uuid4().hex}"
    size = 0
    with open(path, "wb") as out:
        while True:
            chunk = await upload.read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:
                out.close()
                path.unlink()
                return None, "", size
            digest.update(chunk)
            out.write(chunk)
    return path, digest.hexdigest(), size
