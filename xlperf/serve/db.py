"""The service's database: SQLite in the data folder (WAL) by default, PostgreSQL given a URL; migrations.

SQL is written once, with ``?`` placeholders and portable types (TEXT, INTEGER; times as ISO text);
:class:`Database` turns ``?`` into ``%s`` for psycopg and ``{id}`` into each dialect's auto-increment key.
:data:`MIGRATIONS` is the schema's history: the ``schema_version`` table records which steps ran, and
:meth:`Database.migrate` runs the missing ones in order, each in one transaction — a later version adds a step,
never edits one.
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

try:  # PostgreSQL is optional (a province-wide service): ``pip install psycopg[binary]``
    import psycopg
    from psycopg.rows import dict_row
except ImportError:  # pragma: no cover - SQLite only
    psycopg = None

#: (version, statements): the schema, one step per version.  Never edit a released step; append one.
MIGRATIONS: list[tuple[int, tuple[str, ...]]] = [
    (1, (
        """CREATE TABLE admins (id {id}, name TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
           failures INTEGER NOT NULL DEFAULT 0, locked_until TEXT, created TEXT NOT NULL)""",
        """CREATE TABLE api_tokens (id {id}, token_hash TEXT NOT NULL UNIQUE, admin TEXT NOT NULL,
           created TEXT NOT NULL, revoked TEXT)""",
        """CREATE TABLE units (id {id}, name TEXT NOT NULL UNIQUE, token TEXT NOT NULL UNIQUE,
           created TEXT NOT NULL, revoked TEXT)""",
        """CREATE TABLE uploads (id {id}, unit_id INTEGER NOT NULL REFERENCES units(id), year INTEGER,
           sha256 TEXT NOT NULL, filename TEXT NOT NULL, size INTEGER NOT NULL, received TEXT NOT NULL,
           status TEXT NOT NULL, total TEXT, grade TEXT, errors INTEGER NOT NULL DEFAULT 0,
           warnings INTEGER NOT NULL DEFAULT 0, accepted INTEGER NOT NULL DEFAULT 1, record TEXT NOT NULL,
           report TEXT, addr TEXT)""",
        "CREATE INDEX uploads_unit ON uploads (unit_id, year, id)",
        """CREATE TABLE audit (id {id}, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,
           detail TEXT NOT NULL, addr TEXT)""",
        """CREATE TABLE years (year INTEGER PRIMARY KEY, profile TEXT, deadline TEXT, last_year TEXT)""",
        """CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)""",
    )),
]

_AUTO_ID = {"sqlite": "INTEGER PRIMARY KEY AUTOINCREMENT", "postgresql": "BIGSERIAL PRIMARY KEY"}

# The statements of this module, each declared once.  SQLite: the wait for a lock is set first (30 s, so it covers
# the pragmas after it); WAL: readers never block the writer, backups while running.
_SQLITE_PRAGMAS = ("PRAGMA busy_timeout=30000", "PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL",
                   "PRAGMA foreign_keys=ON")
_RETURNING_ID = " RETURNING id"
_BEGIN, _ROLLBACK, _COMMIT = "BEGIN IMMEDIATE", "ROLLBACK", "COMMIT"
_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied TEXT NOT NULL)"
_VERSION = "SELECT MAX(version) AS v FROM schema_version"
_VERSION_ADD = "INSERT INTO schema_version (version, applied) VALUES (?, ?)"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


class Database:
    """One database, one connection per thread (SQLite connections are not shared between threads)."""

    def __init__(self, url: str | Path):
        self.url = str(url)
        self.dialect = "postgresql" if is_postgres(self.url) else "sqlite"
        self._local = threading.local()

    # --- connections ----------------------------------------------------------------------------

    def _connect(self):
        if self.dialect == "postgresql":
            if psycopg is None:
                raise RuntimeError("使用 PostgreSQL 需要先安装 psycopg：pip install \"psycopg[binary]\"")
            return psycopg.connect(self.url, row_factory=dict_row, autocommit=True)
        conn = sqlite3.connect(self.url, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        for pragma in _SQLITE_PRAGMAS:
            conn.execute(pragma)
        return conn

    @property
    def conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
        return conn

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    # --- statements -----------------------------------------------------------------------------

    def sql(self, text: str) -> str:
        text = text.replace("{id}", _AUTO_ID[self.dialect])
        return text.replace("?", "%s") if self.dialect == "postgresql" else text

    def execute(self, text: str, params: tuple = ()) -> None:
        self.conn.execute(self.sql(text), params)

    def rows(self, text: str, params: tuple = ()) -> list[dict[str, Any]]:
        return [dict(r) for r in self.conn.execute(self.sql(text), params).fetchall()]

    def row(self, text: str, params: tuple = ()) -> dict[str, Any] | None:
        found = self.rows(text, params)
        return found[0] if found else None

    def insert(self, text: str, params: tuple = ()) -> int:
        """Run an INSERT and return the new row's id."""
        cur = self.conn.execute(self.sql(text + _RETURNING_ID), params)
        return int(cur.fetchone()["id"])  # a psycopg dict or an sqlite3.Row: both by name

    @contextmanager
    def transaction(self) -> Iterator[None]:
        conn = self.conn
        if self.dialect == "postgresql":
            with conn.transaction():
                yield
            return
        conn.execute(_BEGIN)
        try:
            yield
        except BaseException:
            conn.execute(_ROLLBACK)
            raise
        conn.execute(_COMMIT)

    # --- schema -----------------------------------------------------------------------------------

    def version(self) -> int:
        self.execute(_VERSION_TABLE)
        return int(self.row(_VERSION)["v"] or 0)  # MAX: always one row

    def migrate(self, now: str) -> list[int]:
        """Run the steps of :data:`MIGRATIONS` this database has not had; the versions run."""
        done = []
        current = self.version()
        for version, statements in MIGRATIONS:
            if version <= current:
                continue
            with self.transaction():
                for statement in statements:
                    self.execute(statement)
                self.execute(_VERSION_ADD, (version, now))
            done.append(version)
        return done
