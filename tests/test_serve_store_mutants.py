"""The service's store (:mod:`xlperf.serve.store`) and database (:mod:`xlperf.serve.db`) judged fast: a SQLite
file in ``tmp_path``, rows written and read back.  Expected values are written here by hand: the issue's API
(one row per upload, a unit's current submission its latest accepted row of the 年度, a revoked link stops
working), a fresh database's ids 1, 2 …, SHA-256 of a short text worked out once (``hashlib`` on the literal), the
example's 总分 91 / 优 of the reference report (``shared/seed``: 最终得分为91分).

Survivors (mutmut 3.8.1; session 8 s8e: store.py 2 of 262, db.py 0 of 115 with the PostgreSQL test):

* Equivalent — store.py ``new_api_token`` 5 (``token_urlsafe(None)``: CPython's default is the same 32 bytes, the
  length pinned below), ``add_upload`` 12 (``ensure_ascii=None``: falsy like False; the stored JSON keeps its
  Chinese, tested).

Session 8 (s8e) made the code simpler; the mutants that no longer exist, and why that is honest:

* Every SQL statement is a module-level constant (``store._UNIT``, ``db._VERSION`` …): one text that the SQLite
  and the PostgreSQL paths both run.  mutmut mutates code inside functions only, so the 63 + 15 mutants that
  spelled a statement in another letter case (equivalent: SQL keywords and unquoted names are case-insensitive)
  are gone.  The statements are still all executed by these tests: a typo planted in each of the 39 constants
  (an ``X`` before the statement) makes a test here fail — checked one by one in session 8.
* ``_hash`` encodes with ``.encode()`` (UTF-8 is the default; 4 codec-name-case mutants gone); ``now`` is
  ``datetime.now().astimezone()`` (the same local time with its offset; the ``now(None)`` mutant gone).
* ``_connect`` sets SQLite's wait first (``PRAGMA busy_timeout=30000``, before the other pragmas) instead of also
  passing ``timeout=30`` to ``sqlite3.connect`` (the two equivalent ``timeout`` mutants gone).
* ``psycopg.connect``'s arguments (s7h's 7 open) and ``insert``'s ``["id"]`` → ``["ID"]`` (an ``sqlite3.Row`` is
  looked up case-insensitively, a psycopg ``dict_row`` is not) are killed by
  ``test_postgresql_connection_rows_and_transactions`` on a throwaway cluster of Debian's PostgreSQL.

Session 7 (s7h) simplified: ``Database.insert`` reads ``["id"]`` from both a psycopg dict and an
``sqlite3.Row`` (the ``isinstance`` branch is gone); ``Database.version`` drops ``if row else 0`` — ``MAX``
always gives one row.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from types import SimpleNamespace

import pytest

from xlperf.serve import db as dbmod
from xlperf.serve.db import MIGRATIONS, Database, is_postgres
from xlperf.serve.store import Store, _hash


def record(year=2025, status="正常", total="91", grade="优", errors=0, warnings=0):
    return SimpleNamespace(year=year, status=SimpleNamespace(value=status), total=total, grade=grade,
                           errors=errors, warnings=warnings,
                           to_json=lambda: {"年度": year, "总分": total, "等级": grade, "单位": "甲单位"})


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data")
    yield s
    s.db.close()


# --- store: opening ---------------------------------------------------------------------------------

def test_open_makes_the_folders_and_the_schema(tmp_path):
    root = tmp_path / "a" / "data"
    s = Store.open(root)
    assert (root / "uploads").is_dir() and (root / "reports").is_dir() and (root / "tmp").is_dir()
    assert (root / "xlperf.sqlite3").is_file() and s.data.root == root.resolve()
    assert s.db.version() == 1
    s.db.close()
    again = Store.open(root)  # an existing folder and database: no error, nothing run twice
    assert again.db.rows("SELECT version FROM schema_version") == [{"version": 1}]
    again.db.close()


def test_open_with_another_database_file(tmp_path):
    other = tmp_path / "elsewhere.sqlite3"
    s = Store.open(tmp_path / "data", str(other))
    assert other.is_file() and not (tmp_path / "data" / "xlperf.sqlite3").exists()
    s.db.close()


# --- units ------------------------------------------------------------------------------------------

def test_add_unit_trims_and_keeps_its_link(store):
    row, created = store.add_unit("  甲  单位 ")
    assert created is True
    assert row["id"] == 1 and row["name"] == "甲 单位" and row["revoked"] is None
    assert len(row["token"]) == 32  # 24 random bytes, URL-safe base64
    again, created2 = store.add_unit("甲单位")  # the same unit (spaces do not count)
    assert created2 is False and again == row
    other, created3 = store.add_unit("乙单位")
    assert created3 is True and other["id"] == 2 and other["token"] != row["token"]
    assert [u["name"] for u in store.units()] == ["甲 单位", "乙单位"]


def test_add_unit_refuses_an_empty_name(store):
    with pytest.raises(ValueError, match="^单位名称不能为空$"):
        store.add_unit("   ")
    assert store.units() == []


def test_unit_named_matches_full_width(store):
    store.add_unit("甲单位（一）")
    assert store.unit_named("甲单位(一)")["id"] == 1
    assert store.unit_named("乙单位") is None
    assert store.unit(1)["name"] == "甲单位（一）" and store.unit(2) is None


def test_a_revoked_link_stops_working_and_a_new_one_is_issued(store):
    row, _ = store.add_unit("甲单位")
    token = row["token"]
    assert store.unit_by_token(token)["id"] == 1
    store.revoke_unit(1)
    revoked = store.unit(1)["revoked"]
    assert revoked and revoked[:2] == "20"
    assert store.unit_by_token(token) is None
    store.revoke_unit(1)  # already revoked: the first stamp stays
    assert store.unit(1)["revoked"] == revoked
    new, created = store.add_unit("甲单位")
    assert created is True and new["id"] == 1 and new["revoked"] is None and new["token"] != token
    assert store.unit_by_token(new["token"])["id"] == 1
    assert len(store.units()) == 1


def test_unit_by_token_refuses_empty_unknown_and_long(store):
    row, _ = store.add_unit("甲单位")
    assert store.unit_by_token("") is None
    assert store.unit_by_token("x" * 30) is None
    long = "a" * 101
    store.db.execute("UPDATE units SET token = ? WHERE id = 1", (long,))
    assert store.unit_by_token(long) is None
    exact = "b" * 100
    store.db.execute("UPDATE units SET token = ? WHERE id = 1", (exact,))
    assert store.unit_by_token(exact)["id"] == 1


def test_add_unit_rolls_back_on_failure(store, monkeypatch):
    import xlperf.serve.store as st
    monkeypatch.setattr(st, "now", lambda: None)  # created NOT NULL: the insert fails
    with pytest.raises(sqlite3.IntegrityError):
        store.add_unit("甲单位")
    assert store.units() == []
    monkeypatch.undo()
    assert store.add_unit("甲单位")[0]["id"] == 1


# --- administrators and tokens ----------------------------------------------------------------------

def test_set_admin_and_login_notes(store):
    store.set_admin("root", "h1")
    a = store.admin("root")
    assert (a["id"], a["password_hash"], a["failures"], a["locked_until"]) == (1, "h1", 0, None)
    store.note_login("root", False)
    store.note_login("root", False, "2030-01-01T00:00:00+00:00")
    store.note_login("root", False)
    a = store.admin("root")
    assert a["failures"] == 3 and a["locked_until"] == "2030-01-01T00:00:00+00:00"
    store.note_login("root", True)
    a = store.admin("root")
    assert a["failures"] == 0 and a["locked_until"] is None
    store.note_login("root", False, "2031-01-01")
    store.set_admin("root", "h2")  # a new password unlocks
    a = store.admin("root")
    assert (a["id"], a["password_hash"], a["failures"], a["locked_until"]) == (1, "h2", 0, None)
    store.set_admin("second", "h3")
    assert [x["name"] for x in store.admins()] == ["root", "second"]
    assert store.admin("nobody") is None


def test_api_tokens_are_stored_as_their_sha256(store):
    assert _hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    token = store.new_api_token("root")
    assert token.startswith("xlp_") and len(token) == 4 + 43
    rows = store.db.rows("SELECT * FROM api_tokens")
    assert len(rows) == 1 and rows[0]["token_hash"] == _hash(token) and rows[0]["admin"] == "root"
    assert token not in json.dumps(rows)
    assert store.api_admin(token) == "root"
    assert store.api_admin("") is None and store.api_admin("xlp_unknown") is None
    assert store.api_admin("x" * 201) is None
    store.db.execute("UPDATE api_tokens SET revoked = 'now'")
    assert store.api_admin(token) is None


def test_api_admin_takes_a_token_of_200(store):
    token = "y" * 200
    store.db.insert("INSERT INTO api_tokens (token_hash, admin, created) VALUES (?, ?, ?)",
                    (_hash(token), "root", "t"))
    assert store.api_admin(token) == "root"
    longer = "z" * 201  # stored, yet refused before the lookup
    store.db.insert("INSERT INTO api_tokens (token_hash, admin, created) VALUES (?, ?, ?)",
                    (_hash(longer), "root", "t"))
    assert store.api_admin(longer) is None


# --- uploads ----------------------------------------------------------------------------------------

def test_add_upload_stores_every_field(store):
    store.add_unit("甲单位")
    uid = store.add_upload(1, record(errors=2, warnings=3), sha256="ab" * 32, filename="甲.xlsx", size=1234,
                           accepted=True, addr="10.0.0.1")
    assert uid == 1
    row = store.upload(1)
    assert {k: row[k] for k in ("id", "unit_id", "year", "sha256", "filename", "size", "status", "total",
                                "grade", "errors", "warnings", "accepted", "report", "addr")} == {
        "id": 1, "unit_id": 1, "year": 2025, "sha256": "ab" * 32, "filename": "甲.xlsx", "size": 1234,
        "status": "正常", "total": "91", "grade": "优", "errors": 2, "warnings": 3, "accepted": 1,
        "report": None, "addr": "10.0.0.1"}
    assert row["received"][:2] == "20"
    assert row["record"] == '{"年度": 2025, "总分": "91", "等级": "优", "单位": "甲单位"}'
    second = store.add_upload(1, record(grade="", total=None), sha256="cd", filename="b.xlsx", size=1,
                              accepted=False)
    row2 = store.upload(second)
    assert second == 2 and row2["accepted"] == 0 and row2["grade"] is None and row2["addr"] == ""
    assert [u["id"] for u in store.uploads_of(1)] == [2, 1]
    assert store.uploads_of(2) == [] and store.upload(3) is None


def test_set_report_only_once(store):
    store.add_unit("甲单位")
    store.add_upload(1, record(), sha256="a", filename="a.xlsx", size=1, accepted=True)
    store.add_upload(1, record(), sha256="b", filename="b.xlsx", size=1, accepted=True)
    store.set_report(1, "reports/1/a.docx")
    store.set_report(1, "reports/1/other.docx")
    assert store.upload(1)["report"] == "reports/1/a.docx"
    assert store.upload(2)["report"] is None


def test_current_is_the_latest_accepted_of_the_year(store):
    store.add_unit("甲单位")
    store.add_unit("乙单位")
    store.add_upload(1, record(year=2025), sha256="a", filename="a", size=1, accepted=True)   # 1
    store.add_upload(1, record(year=2025), sha256="b", filename="b", size=1, accepted=True)   # 2
    store.add_upload(1, record(year=2025), sha256="c", filename="c", size=1, accepted=False)  # 3 refused
    store.add_upload(1, record(year=2024), sha256="d", filename="d", size=1, accepted=True)   # 4
    store.add_upload(2, record(year=2025), sha256="e", filename="e", size=1, accepted=True)   # 5
    store.add_upload(2, record(year=None), sha256="f", filename="f", size=1, accepted=True)   # 6 unreadable
    assert {u: r["id"] for u, r in store.current(2025).items()} == {1: 2, 2: 6}
    assert {u: r["id"] for u, r in store.current(2024).items()} == {1: 4, 2: 6}
    assert {u: r["id"] for u, r in store.current(None).items()} == {1: 4, 2: 6}
    assert {u: r["id"] for u, r in store.current(2023).items()} == {2: 6}
    store.add_upload(2, record(year=2023), sha256="g", filename="g", size=1, accepted=False)
    assert store.years() == [2025, 2024]


# --- settings and audit -----------------------------------------------------------------------------

def test_settings(store):
    assert store.setting("k") == "" and store.setting("k", "d") == "d"
    store.set_setting("k", "v1")
    store.set_setting("k", "v2")
    assert store.setting("k") == "v2"
    assert store.db.rows("SELECT * FROM settings") == [{"key": "k", "value": "v2"}]


def test_year_settings_keep_last_year(store):
    assert store.year_settings(2025) == {"year": 2025, "profile": None, "deadline": None, "last_year": None}
    store.set_year_settings(2025, "p.toml", "2026-01-31", "ly.xlsx")
    assert store.year_settings(2025) == {"year": 2025, "profile": "p.toml", "deadline": "2026-01-31",
                                         "last_year": "ly.xlsx"}
    store.set_year_settings(2025, "", "", None)  # no new last year's file: the one given stays
    assert store.year_settings(2025) == {"year": 2025, "profile": None, "deadline": None, "last_year": "ly.xlsx"}
    store.set_year_settings(2025, "q", "d", "new.xlsx")
    assert store.year_settings(2025)["last_year"] == "new.xlsx"
    assert store.year_settings(2024)["last_year"] is None
    assert len(store.db.rows("SELECT * FROM years")) == 1


def test_audit_lines_newest_first(store):
    store.log("root", "登录")
    store.log("甲单位", "上传", "1 甲.xlsx", "10.0.0.2")
    store.log("root", "撤销", addr=None)
    lines = store.audit()
    assert [(a["id"], a["actor"], a["action"], a["detail"], a["addr"]) for a in lines] == [
        (3, "root", "撤销", "", ""), (2, "甲单位", "上传", "1 甲.xlsx", "10.0.0.2"), (1, "root", "登录", "", "")]
    assert lines[0]["at"][:2] == "20"
    assert [a["id"] for a in store.audit(2)] == [3, 2]
    for i in range(200):
        store.log("x", "y")
    assert len(store.audit()) == 200


# --- db ---------------------------------------------------------------------------------------------

def test_is_postgres():
    assert is_postgres("postgresql://u@h/db") and is_postgres("postgres://u@h/db")
    assert not is_postgres("/data/xlperf.sqlite3") and not is_postgres("xpostgres://h")


def test_sql_for_each_dialect(tmp_path):
    d = Database(tmp_path / "x.sqlite3")
    assert d.url == str(tmp_path / "x.sqlite3") and d.dialect == "sqlite"
    assert d.sql("CREATE TABLE t (id {id}, a TEXT) -- ? ?") == \
        "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, a TEXT) -- ? ?"
    p = Database("postgresql://u@h/db")
    assert p.dialect == "postgresql"
    assert p.sql("SELECT {id} WHERE a = ? AND b = ?") == "SELECT BIGSERIAL PRIMARY KEY WHERE a = %s AND b = %s"


def test_postgres_without_psycopg(monkeypatch):
    monkeypatch.setattr(dbmod, "psycopg", None)
    with pytest.raises(RuntimeError, match='^使用 PostgreSQL 需要先安装 psycopg：pip install "psycopg\\[binary\\]"$'):
        Database("postgresql://u@h/db").conn


def test_sqlite_connection_settings(tmp_path):
    d = Database(tmp_path / "x.sqlite3")
    c = d.conn
    assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert c.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert c.execute("PRAGMA busy_timeout").fetchone()[0] == 30000
    assert c.isolation_level is None
    assert d.conn is c  # one connection per thread, kept
    other = []
    t = threading.Thread(target=lambda: other.append(d.conn))
    t.start(); t.join()
    assert other[0] is not c
    other[0].execute("SELECT 1")  # made in that thread; usable from here too (check_same_thread off)
    d.close()
    assert d._local.conn is None
    d.close()  # twice: nothing to close
    assert d.conn is not c


def test_foreign_keys_are_enforced(store):
    with pytest.raises(sqlite3.IntegrityError):
        store.add_upload(9, record(), sha256="a", filename="a", size=1, accepted=True)


def test_close_before_any_connection(tmp_path):
    Database(tmp_path / "x.sqlite3").close()
    assert not (tmp_path / "x.sqlite3").exists()


def test_rows_row_insert(tmp_path):
    d = Database(tmp_path / "x.sqlite3")
    d.execute("CREATE TABLE t (id {id}, a TEXT)")
    assert d.insert("INSERT INTO t (a) VALUES (?)", ("x",)) == 1
    assert d.insert("INSERT INTO t (a) VALUES (?)", ("y",)) == 2
    assert d.rows("SELECT * FROM t ORDER BY id") == [{"id": 1, "a": "x"}, {"id": 2, "a": "y"}]
    assert d.row("SELECT a FROM t WHERE id = ?", (2,)) == {"a": "y"}
    assert d.row("SELECT a FROM t WHERE id = 9") is None
    d.execute("DELETE FROM t")
    assert d.rows("SELECT * FROM t") == []
    d.close()


def test_transaction_commits_and_rolls_back(tmp_path):
    d = Database(tmp_path / "x.sqlite3")
    d.execute("CREATE TABLE t (a TEXT)")
    with d.transaction():
        d.execute("INSERT INTO t VALUES ('kept')")
    with pytest.raises(KeyboardInterrupt):
        with d.transaction():
            d.execute("INSERT INTO t VALUES ('lost')")
            raise KeyboardInterrupt
    assert d.rows("SELECT a FROM t") == [{"a": "kept"}]
    other = Database(tmp_path / "x.sqlite3")
    assert other.rows("SELECT a FROM t") == [{"a": "kept"}]  # committed: seen by another connection
    other.close(); d.close()


def test_migrate_runs_each_step_once(tmp_path, monkeypatch):
    d = Database(tmp_path / "x.sqlite3")
    assert d.version() == 0
    assert d.migrate("T1") == [1]
    assert d.version() == 1
    assert d.rows("SELECT * FROM schema_version") == [{"version": 1, "applied": "T1"}]
    assert d.migrate("T2") == []
    step2 = (2, ("CREATE TABLE extra (id {id})",))
    monkeypatch.setattr(dbmod, "MIGRATIONS", MIGRATIONS + [step2])
    assert d.migrate("T3") == [2]
    assert d.rows("SELECT * FROM schema_version ORDER BY version") == [
        {"version": 1, "applied": "T1"}, {"version": 2, "applied": "T3"}]
    assert d.version() == 2
    d.close()


def test_a_failed_step_leaves_no_trace(tmp_path, monkeypatch):
    d = Database(tmp_path / "x.sqlite3")
    bad = (1, ("CREATE TABLE a (x TEXT)", "CREATE TABLE a (x TEXT)"))
    monkeypatch.setattr(dbmod, "MIGRATIONS", [bad])
    with pytest.raises(sqlite3.OperationalError):
        d.migrate("T")
    assert d.version() == 0
    assert d.rows("SELECT name FROM sqlite_master WHERE name = 'a'") == []
    d.close()


# --- db on PostgreSQL (Debian's package; skipped where it is not installed, required under CI) ---------------

@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    from serve_helpers import postgres_or_skip  # why: imports the web app; only this test needs it

    c = postgres_or_skip(tmp_path_factory)
    yield c
    c.stop()


def test_postgresql_connection_rows_and_transactions(cluster):
    """psycopg's documented behaviour: ``autocommit=True`` — each statement outside ``transaction()`` is committed
    at once; ``row_factory=dict_row`` — rows are plain dicts, looked up by the exact (lower-case) column name."""
    from psycopg.rows import dict_row

    url = cluster.new_database()
    d = Database(url)
    c = d.conn
    assert c.autocommit is True and c.row_factory is dict_row
    assert c.info.dbname == url.rsplit("/", 1)[1]
    assert d.version() == 0
    assert d.migrate("T1") == [1] and d.version() == 1
    assert d.insert("INSERT INTO units (name, token, created) VALUES (?, ?, ?)", ("甲单位", "t1", "T")) == 1
    assert d.insert("INSERT INTO units (name, token, created) VALUES (?, ?, ?)", ("乙单位", "t2", "T")) == 2
    with pytest.raises(KeyboardInterrupt):
        with d.transaction():
            d.execute("INSERT INTO settings (key, value) VALUES (?, ?)", ("k", "lost"))
            raise KeyboardInterrupt
    with d.transaction():
        d.execute("INSERT INTO settings (key, value) VALUES (?, ?)", ("k", "kept"))
    other = Database(url)  # another connection sees what was committed, and only that
    assert other.rows("SELECT name FROM units ORDER BY id") == [{"name": "甲单位"}, {"name": "乙单位"}]
    assert other.rows("SELECT * FROM settings") == [{"key": "k", "value": "kept"}]
    assert other.row("SELECT * FROM schema_version") == {"version": 1, "applied": "T1"}
    other.close()
    d.close()
