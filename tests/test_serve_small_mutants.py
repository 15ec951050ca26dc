"""Fast hand-valued tests for serve/unitlist.py (session 7, s7h, a second pass).

Every expected value is written here by hand: the unit names put into a workbook made in the test, and the
Chinese messages as the module's docstring and the rules describe them.  serve/security.py is judged here too:
MAX_FAILURES 5 and LOCK_MINUTES 15 as its docstring states, a SQLite store in ``tmp_path``.

Survivors (mutmut 3.8.1, session 7 s7h, second pass; after the last two tests were added, 66 and 27 are killed):

* Equivalent — security.py ``login`` 71 (``datetime.now(None).astimezone()``: the same local instant as
  ``now(timezone.utc).astimezone()``), 76 (``note_login(name, None, …)``: None is falsy like False);
  ``new_csrf`` 1 (``token_urlsafe(None)``: the default is the same 32 bytes).
* unitlist.py (session 8, s8e): none left.  The list is read whole (``load_workbook(path, data_only=True)``, no
  ``read_only``): a unit list is small, and a whole read gives every row the sheet's full width, so the guard
  ``column < len(row)`` and the ``wb.close()`` a read-only book needs went too — s7h's 5 equivalent mutants
  (``read_only`` False / None / dropped, ``or True`` / ``<=`` in the guard) no longer exist.  The open one
  (``LoadError(None)`` for a zip openpyxl cannot read) is killed by
  ``test_a_sound_zip_that_is_no_workbook_is_refused_by_the_name_shown``.
"""

from __future__ import annotations

import openpyxl
import pytest

from xlperf.errors import LoadError
from xlperf.serve.unitlist import read_unit_names


def _book(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets:
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    wb.save(path)
    return path


def test_names_in_order_each_once_whitespace_collapsed(tmp_path):
    p = _book(tmp_path / "u.xlsx", [("Sheet", [
        ("序号", " 单位名称 "), (1, "  甲  局 "), (2, None), (3, "乙局"), (4, "甲 局"), (5, ""), (6, 7)])])
    assert read_unit_names(p) == ["甲 局", "乙局", "7"]


def test_the_summary_sheet_comes_first_and_its_column_may_be_called_unit(tmp_path):
    p = _book(tmp_path / "u.xlsx", [("其他", [("单位名称",), ("甲局",)]), ("汇总", [("x", "单位"), ("", "乙局")])])
    assert read_unit_names(p) == ["乙局"]


def test_header_in_row_ten_is_found_row_eleven_is_not(tmp_path):
    rows = [("说明",)] * 9 + [("单位名称",), ("甲局",)]
    assert read_unit_names(_book(tmp_path / "a.xlsx", [("S", rows)])) == ["甲局"]
    rows = [("说明",)] * 10 + [("单位名称",), ("甲局",)]
    with pytest.raises(LoadError) as e:
        read_unit_names(_book(tmp_path / "b.xlsx", [("S", rows)]), "名单.xlsx")
    assert str(e.value) == ("在“名单.xlsx”中找不到“单位名称”（或“单位”）列：请在第一行写上列名“单位名称”，"
                            "下面每行一个单位")


def test_a_later_sheet_is_looked_at_when_the_first_has_no_header(tmp_path):
    p = _book(tmp_path / "u.xlsx", [("A", [(5, "名称"), ("x",)]), ("B", [(None, None, "单位名称"), ("短",), ("", "", "丙局")])])
    assert read_unit_names(p) == ["丙局"]


def test_an_empty_column_is_refused_with_the_sheet_named(tmp_path):
    p = _book(tmp_path / "u.xlsx", [("名单", [("单位名称",), (None,), ("  ",)]), ("B", [("单位名称",), ("甲局",)])])
    with pytest.raises(LoadError) as e:
        read_unit_names(p)
    assert str(e.value) == "“u.xlsx”工作表“名单”的“单位名称”列下没有单位"


def test_only_xlsx_or_xlsm_any_case(tmp_path):
    with pytest.raises(LoadError) as e:
        read_unit_names(tmp_path / "u.xls", "上传的.xls")
    assert str(e.value) == "单位名单应为 .xlsx 工作簿：上传的.xls"
    with pytest.raises(LoadError) as e:
        read_unit_names(tmp_path / "u.csv")
    assert str(e.value) == "单位名单应为 .xlsx 工作簿：u.csv"
    p = _book(tmp_path / "U.XLSX", [("S", [("单位名称",), ("甲局",)])])
    assert read_unit_names(str(p)) == ["甲局"]


# --- serve/security.py: login, lock-out, CSRF (a SQLite store in tmp_path) ---------------------------------

import datetime as _dt  # noqa: E402

from xlperf.serve import security  # noqa: E402
from xlperf.serve.store import Store  # noqa: E402


@pytest.fixture
def store(tmp_path):
    s = Store.open(tmp_path / "data")
    s.set_admin("管理员", security.hash_password("正确密码"))
    return s


def _audit(store):
    return [(r["actor"], r["action"], r["detail"], r["addr"]) for r in reversed(store.audit())]


def test_the_hash_is_argon2id_and_checks_only_its_password():
    h = security.hash_password("abc")
    assert h.startswith("$argon2id$")
    assert security._verify(h, "abc") is True
    assert security._verify(h, "abd") is False
    assert security._verify("not a hash", "abc") is False


def test_right_password_logs_in_and_clears_failures(store):
    assert security.login(store, "管理员", "错", "1.2.3.4") == (False, "用户名或密码不正确（还可尝试4次）。")
    assert security.login(store, "管理员", "正确密码", "1.2.3.4") == (True, "")
    assert store.admin("管理员")["failures"] == 0
    assert _audit(store) == [("管理员", "登录失败", "第1次密码错误", "1.2.3.4"), ("管理员", "登录", "", "1.2.3.4")]


def test_unknown_and_empty_names(store):
    assert security.login(store, "谁", "x") == (False, "用户名或密码不正确。")
    assert security.login(store, "", "x", "9.9.9.9") == (False, "用户名或密码不正确。")
    assert _audit(store) == [("谁", "登录失败", "用户名或密码不正确", ""),
                             ("（空）", "登录失败", "用户名或密码不正确", "9.9.9.9")]


def test_five_failures_lock_for_fifteen_minutes_even_the_right_password(store):
    answers = [security.login(store, "管理员", "错") for _ in range(5)]
    assert answers == [(False, "用户名或密码不正确（还可尝试4次）。"), (False, "用户名或密码不正确（还可尝试3次）。"),
                       (False, "用户名或密码不正确（还可尝试2次）。"), (False, "用户名或密码不正确（还可尝试1次）。"),
                       (False, "密码错误次数过多，账户已锁定，请15分钟后再试。")]
    row = store.admin("管理员")
    assert row["failures"] == 5
    until = _dt.datetime.fromisoformat(row["locked_until"])
    left = until - _dt.datetime.now(_dt.timezone.utc)
    assert _dt.timedelta(minutes=14) < left <= _dt.timedelta(minutes=15)
    assert row["locked_until"] == until.isoformat(timespec="seconds")
    assert _audit(store)[-1] == ("管理员", "登录失败", "第5次密码错误，账户锁定", "")
    assert security.login(store, "管理员", "正确密码", "5.5.5.5") == (
        False, "密码错误次数过多，账户已锁定，请15分钟后再试。")
    assert _audit(store)[-1] == ("管理员", "登录被拒绝", f"账户已锁定至{row['locked_until']}", "5.5.5.5")


def test_csrf():
    t = security.new_csrf()
    assert len(t) == 43 and t != security.new_csrf()  # 32 bytes -> 43 url-safe characters
    assert security.csrf_ok({"csrf": t}, t) is True
    assert security.csrf_ok({"csrf": t}, t + "x") is False
    assert security.csrf_ok({"csrf": t}, None) is False
    assert security.csrf_ok({"csrf": t}, "") is False
    assert security.csrf_ok({}, "") is False
    assert security.csrf_ok({}, None) is False
    assert security.csrf_ok({"csrf": ""}, "") is False
    assert security.csrf_ok({"csrf": 12}, "12") is True


def test_an_xlsm_list_is_read_and_a_formula_counts_by_its_cached_value_only(tmp_path):
    # openpyxl saves no cached value for a formula: read with data_only it is empty, never the text "=…"
    p = _book(tmp_path / "u.xlsx", [("S", [("单位名称",), ("甲局",), ('="丁局"',)])])
    assert read_unit_names(p) == ["甲局"]
    m = p.rename(tmp_path / "u.xlsm")
    assert read_unit_names(m) == ["甲局"]


def test_a_non_zip_is_refused_as_a_unit_list(tmp_path):
    p = tmp_path / "bad.xlsx"
    p.write_bytes(b"not a zip at all")
    with pytest.raises(LoadError) as e:
        read_unit_names(p, "名单.xlsx")
    assert str(e.value).startswith("单位名单“bad.xlsx”不是有效的Office文件（文件已损坏或格式不对），已拒绝读取。")


def test_a_failure_below_the_limit_sets_no_lock_and_a_lock_ends_at_its_second(store, monkeypatch):
    security.login(store, "管理员", "错")
    assert store.admin("管理员")["locked_until"] is None
    monkeypatch.setattr(security, "now", lambda: "2026-01-01T08:00:00+08:00")
    store.db.execute("UPDATE admins SET locked_until = ? WHERE name = ?", ("2026-01-01T08:00:00+08:00", "管理员"))
    assert security.login(store, "管理员", "正确密码") == (True, "")  # locked until 08:00:00, now 08:00:00: free


def test_a_sound_zip_that_is_no_workbook_is_refused_by_the_name_shown(tmp_path):
    """It passes the zip guards (a small, plain zip) but has no workbook part: openpyxl cannot read it."""
    import zipfile

    p = tmp_path / "u.xlsx"
    with zipfile.ZipFile(p, "w") as zf:
        zf.writestr("说明.txt", "不是工作簿")
    with pytest.raises(LoadError) as e:
        read_unit_names(p, "名单.xlsx")
    assert str(e.value) == "“名单.xlsx”不是有效的Excel工作簿（文件已损坏或格式不对）"
    with pytest.raises(LoadError) as e:
        read_unit_names(p)
    assert str(e.value) == "“u.xlsx”不是有效的Excel工作簿（文件已损坏或格式不对）"
