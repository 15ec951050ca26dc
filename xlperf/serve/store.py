"""What the service remembers: units and their links, uploads, administrators, API tokens, the audit log and
each 年度's settings — over :class:`~xlperf.serve.db.Database`, in plain rows (dicts).

A unit's link token is random (192 bits, :func:`secrets.token_urlsafe`), stored as issued so the bureau can show
the link again; revoking it stamps ``revoked`` and the link stops working (a new one can be issued).  API bearer
tokens are stored only as their SHA-256.  Uploads are never updated or deleted: each is one row, and a unit's
current submission for a 年度 is its latest accepted row of that 年度.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import secrets
from pathlib import Path
from typing import Any, Optional

from ..batch.lastyear import unit_key
from .db import Database
from .files import DataDir

Row = dict[str, Any]

# The statements, each declared once (SQLite and PostgreSQL run the same text: see :mod:`.db`).
_UNIT_RENEW = "UPDATE units SET token = ?, revoked = NULL WHERE id = ?"
_UNIT_ADD = "INSERT INTO units (name, token, created) VALUES (?, ?, ?)"
_UNIT = "SELECT * FROM units WHERE id = ?"
_UNITS = "SELECT * FROM units ORDER BY id"
_UNIT_BY_TOKEN = "SELECT * FROM units WHERE token = ?"
_UNIT_REVOKE = "UPDATE units SET revoked = ? WHERE id = ? AND revoked IS NULL"
_ADMIN = "SELECT * FROM admins WHERE name = ?"
_ADMINS = "SELECT * FROM admins ORDER BY id"
_ADMIN_ADD = "INSERT INTO admins (name, password_hash, created) VALUES (?, ?, ?)"
_ADMIN_PASSWORD = "UPDATE admins SET password_hash = ?, failures = 0, locked_until = NULL WHERE name = ?"
_LOGIN_OK = "UPDATE admins SET failures = 0, locked_until = NULL WHERE name = ?"
_LOGIN_FAILED = "UPDATE admins SET failures = failures + 1, locked_until = COALESCE(?, locked_until) WHERE name = ?"
_TOKEN_ADD = "INSERT INTO api_tokens (token_hash, admin, created) VALUES (?, ?, ?)"
_TOKEN_ADMIN = "SELECT admin FROM api_tokens WHERE token_hash = ? AND revoked IS NULL"
_UPLOAD_ADD = ("INSERT INTO uploads (unit_id, year, sha256, filename, size, received, status, total, grade, errors, "
               "warnings, accepted, record, addr) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
_UPLOAD_REPORT = "UPDATE uploads SET report = ? WHERE id = ? AND report IS NULL"
_UPLOAD = "SELECT * FROM uploads WHERE id = ?"
_UPLOADS_OF = "SELECT * FROM uploads WHERE unit_id = ? ORDER BY id DESC"
_ACCEPTED = "SELECT * FROM uploads WHERE accepted = 1 ORDER BY id"
_YEARS = "SELECT DISTINCT year FROM uploads WHERE year IS NOT NULL AND accepted = 1 ORDER BY year DESC"
_SETTING = "SELECT value FROM settings WHERE key = ?"
_SETTING_DROP = "DELETE FROM settings WHERE key = ?"
_SETTING_ADD = "INSERT INTO settings (key, value) VALUES (?, ?)"
_YEAR = "SELECT * FROM years WHERE year = ?"
_YEAR_DROP = "DELETE FROM years WHERE year = ?"
_YEAR_ADD = "INSERT INTO years (year, profile, deadline, last_year) VALUES (?, ?, ?, ?)"
_AUDIT_ADD = "INSERT INTO audit (at, actor, action, detail, addr) VALUES (?, ?, ?, ?, ?)"
_AUDIT = "SELECT * FROM audit ORDER BY id DESC LIMIT ?"


def now() -> str:
    return _dt.datetime.now().astimezone().isoformat(timespec="seconds")  # local time, with its UTC offset


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class Store:
    def __init__(self, data: DataDir, db: Database):
        self.data, self.db = data, db

    @classmethod
    def open(cls, root: str | Path, db_url: Optional[str] = None) -> "Store":
        """The data folder ``root`` (created when missing) and its database, migrated to the current schema."""
        data = DataDir(root)
        data.root.mkdir(parents=True, exist_ok=True)
        (data.root / "uploads").mkdir(exist_ok=True)
        (data.root / "reports").mkdir(exist_ok=True)
        data.tmp.mkdir(exist_ok=True)
        db = Database(db_url or data.db)
        db.migrate(now())
        return cls(data, db)

    # --- units ------------------------------------------------------------------------------------

    def add_unit(self, name: str) -> tuple[Row, bool]:
        """The unit called ``name`` (spaces trimmed) with a working link: (row, created).  A unit already listed
        keeps its link; a revoked one gets a new link."""
        name = " ".join(str(name).split())
        if not name:
            raise ValueError("单位名称不能为空")
        with self.db.transaction():
            found = self.unit_named(name)
            if found is not None and not found["revoked"]:
                return found, False
            token = secrets.token_urlsafe(24)
            if found is not None:
                self.db.execute(_UNIT_RENEW, (token, found["id"]))
                return self.unit(found["id"]), True
            uid = self.db.insert(_UNIT_ADD, (name, token, now()))
        return self.unit(uid), True

    def unit(self, uid: int) -> Optional[Row]:
        return self.db.row(_UNIT, (uid,))

    def unit_named(self, name: str) -> Optional[Row]:
        key = unit_key(name)
        return next((u for u in self.units() if unit_key(u["name"]) == key), None)

    def units(self) -> list[Row]:
        return self.db.rows(_UNITS)

    def unit_by_token(self, token: str) -> Optional[Row]:
        """The unit whose link carries ``token``; None for an unknown or revoked one."""
        if not token or len(token) > 100:
            return None
        row = self.db.row(_UNIT_BY_TOKEN, (token,))
        if row is None or row["revoked"] or not secrets.compare_digest(row["token"], token):
            return None
        return row

    def revoke_unit(self, uid: int) -> None:
        self.db.execute(_UNIT_REVOKE, (now(), uid))

    # --- administrators and API tokens --------------------------------------------------------------

    def admin(self, name: str) -> Optional[Row]:
        return self.db.row(_ADMIN, (name,))

    def admins(self) -> list[Row]:
        return self.db.rows(_ADMINS)

    def set_admin(self, name: str, password_hash: str) -> None:
        with self.db.transaction():
            if self.admin(name) is None:
                self.db.insert(_ADMIN_ADD, (name, password_hash, now()))
            else:
                self.db.execute(_ADMIN_PASSWORD, (password_hash, name))

    def note_login(self, name: str, ok: bool, locked_until: Optional[str] = None) -> None:
        if ok:
            self.db.execute(_LOGIN_OK, (name,))
        else:
            self.db.execute(_LOGIN_FAILED, (locked_until, name))

    def new_api_token(self, admin: str) -> str:
        token = "xlp_" + secrets.token_urlsafe(32)
        self.db.insert(_TOKEN_ADD, (_hash(token), admin, now()))
        return token

    def api_admin(self, token: str) -> Optional[str]:
        """The administrator a bearer token was made for; None when unknown or revoked."""
        if not token or len(token) > 200:
            return None
        row = self.db.row(_TOKEN_ADMIN, (_hash(token),))
        return row["admin"] if row else None

    # --- uploads ----------------------------------------------------------------------------------

    def add_upload(self, unit_id: int, record, *, sha256: str, filename: str, size: int, accepted: bool,
                   addr: str = "") -> int:
        return self.db.insert(_UPLOAD_ADD, (
            unit_id, record.year, sha256, filename, size, now(), record.status.value, record.total,
             record.grade or None, record.errors, record.warnings, 1 if accepted else 0,
             json.dumps(record.to_json(), ensure_ascii=False), addr))

    def set_report(self, upload_id: int, rel: str) -> None:
        self.db.execute(_UPLOAD_REPORT, (rel, upload_id))

    def upload(self, upload_id: int) -> Optional[Row]:
        return self.db.row(_UPLOAD, (upload_id,))

    def uploads_of(self, unit_id: int) -> list[Row]:
        return self.db.rows(_UPLOADS_OF, (unit_id,))

    def current(self, year: Optional[int]) -> dict[int, Row]:
        """Each unit's current submission for ``year``: its latest accepted upload of that 年度 — or, when a
        later upload of it could not be read at all (no 年度 known), that one.  ``year`` None: any 年度."""
        rows = self.db.rows(_ACCEPTED)
        out: dict[int, Row] = {}
        for row in rows:
            if year is None or row["year"] == year or row["year"] is None:
                out[row["unit_id"]] = row
        return out

    def years(self) -> list[int]:
        return [r["year"] for r in self.db.rows(_YEARS)]

    # --- settings -----------------------------------------------------------------------------------

    def setting(self, key: str, default: str = "") -> str:
        row = self.db.row(_SETTING, (key,))
        return row["value"] if row else default

    def set_setting(self, key: str, value: str) -> None:
        with self.db.transaction():
            self.db.execute(_SETTING_DROP, (key,))
            self.db.execute(_SETTING_ADD, (key, value))

    def year_settings(self, year: Optional[int]) -> Row:
        row = self.db.row(_YEAR, (year,))
        return row or {"year": year, "profile": None, "deadline": None, "last_year": None}

    def set_year_settings(self, year: int, profile: str, deadline: str, last_year: Optional[str]) -> None:
        with self.db.transaction():
            old = self.year_settings(year)
            self.db.execute(_YEAR_DROP, (year,))
            self.db.execute(_YEAR_ADD, (year, profile or None, deadline or None, last_year or old.get("last_year")))

    # --- audit --------------------------------------------------------------------------------------

    def log(self, actor: str, action: str, detail: str = "", addr: str = "") -> None:
        self.db.insert(_AUDIT_ADD, (now(), actor, action, detail, addr or ""))

    def audit(self, limit: int = 200) -> list[Row]:
        return self.db.rows(_AUDIT, (limit,))
