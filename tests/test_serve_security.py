"""``xlperf serve``'s guards: one unit's link sees and changes only its own submissions, a revoked link is refused,
administrators' forms need the CSRF token, wrong passwords lock the account, and files the CLI refuses are
refused with the CLI's own message (its name, size, zip bomb, not a workbook) — nothing of them is kept.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from xlperf.serve import security
from xlperf.workbook import read as reader
from serve_helpers import backend, client, pg, pool, store  # noqa: F401 - fixtures
from serve_helpers import PASSWORD, ROOT, csrf_of, log_in, unit_workbook

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # starlette's TestClient over httpx

UNIT_A, UNIT_B = "乙县教育局", "乙县民政局"


def send(client, token, data: bytes, name: str):
    return client.post(f"/api/submit/{token}", files={"file": (name, data)})


def cli_message(path) -> str:
    """What ``xlperf check`` prints for a file it cannot read (stderr, exit code 2)."""
    res = subprocess.run([sys.executable, "-m", "xlperf.cli", "check", str(path)], capture_output=True, text=True,
                         cwd=ROOT)
    assert res.returncode == 2, res.stdout
    return res.stderr.strip()


def stored_files(store) -> list[str]:
    return sorted(p.name for p in (store.data.root / "uploads").rglob("*") if p.is_file())


# ------------------------------------------------------------------------------------------ links

def test_another_units_link_cannot_see_or_overwrite_a_submission(client, store, tmp_path):
    a, b = store.add_unit(UNIT_A)[0], store.add_unit(UNIT_B)[0]
    mine = send(client, a["token"], unit_workbook(tmp_path, UNIT_A).read_bytes(), "a.xlsx").json()
    assert mine["status"] == "成功"
    assert client.get(f"/u/{b['token']}/report/{mine['upload']}").status_code == 404
    assert client.get(f"/u/{a['token']}/report/{mine['upload']}").status_code == 200
    page = client.get(f"/u/{b['token']}").text
    assert "a.xlsx" not in page and UNIT_A not in page
    over = send(client, b["token"], unit_workbook(tmp_path, UNIT_A, "again.xlsx").read_bytes(), "again.xlsx").json()
    assert over["status"] == "填报有误" and UNIT_B in over["problems"][0]["message"]
    current = store.current(2021)
    assert list(current) == [a["id"]] and current[a["id"]]["id"] == mine["upload"]


def test_a_revoked_link_is_refused(client, store, tmp_path):
    a = store.add_unit(UNIT_A)[0]
    store.revoke_unit(a["id"])
    assert client.get(f"/u/{a['token']}").status_code == 404
    res = send(client, a["token"], unit_workbook(tmp_path, UNIT_A).read_bytes(), "a.xlsx")
    assert res.status_code == 404 and "停用" in res.json()["error"]
    assert stored_files(store) == []


# ------------------------------------------------------------------------------------------ administrators

def test_pages_need_a_login_and_forms_need_the_csrf_token(client, store):
    assert client.get("/admin", follow_redirects=False).headers["location"] == "/login"
    assert client.get("/admin/summary.xlsx", follow_redirects=False).status_code == 303
    assert log_in(client).status_code == 303
    page = client.get("/admin/units").text
    token = csrf_of(page)
    assert client.post("/admin/units/add", data={"names": "丙单位"}, follow_redirects=False).status_code == 403
    assert client.post("/admin/units/add", data={"names": "丙单位", "csrf": token + "x"},
                       follow_redirects=False).status_code == 403
    assert store.unit_named("丙单位") is None
    assert client.post("/admin/units/add", data={"names": "丙单位", "csrf": token},
                       follow_redirects=False).status_code == 303
    assert store.unit_named("丙单位") is not None
    assert any(r["action"] == "请求被拒绝" for r in store.audit())


def test_the_login_form_itself_needs_the_csrf_token(client):
    client.get("/login")
    res = client.post("/login", data={"name": "admin", "password": PASSWORD}, follow_redirects=False)
    assert res.status_code == 403 and "admin" not in str(client.cookies)


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(client, store):
    assert security.MAX_FAILURES == 5
    for n in range(1, 5):
        res = log_in(client, password="错的")
        assert res.status_code == 401 and f"还可尝试{5 - n}次" in res.text
    res = log_in(client, password="错的")
    assert res.status_code == 401 and "已锁定" in res.text
    res = log_in(client)  # the right password, while locked
    assert res.status_code == 401 and "已锁定" in res.text
    store.db.execute("UPDATE admins SET locked_until = ? WHERE name = ?", ("2000-01-01T00:00:00+00:00", "admin"))
    assert log_in(client).status_code == 303  # once the lock has run out
    actions = [r["action"] for r in store.audit()]
    assert actions.count("登录失败") == 5 and "登录被拒绝" in actions and actions[0] == "登录"
    assert all(r["addr"] for r in store.audit())


def test_an_unknown_name_gets_the_same_answer_as_a_wrong_password(client):
    res = log_in(client, name="没有这个人", password="x")
    assert res.status_code == 401 and "用户名或密码不正确" in res.text


def test_responses_forbid_framing_and_referrers_and_the_cookie_is_http_only(client):
    res = client.get("/login")
    assert res.headers["x-frame-options"] == "DENY" and res.headers["referrer-policy"] == "no-referrer"
    assert "default-src 'self'" in res.headers["content-security-policy"]
    cookie = res.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


# ------------------------------------------------------------------------------------------ files

def test_a_path_in_the_file_name_is_dropped(client, store, tmp_path):
    a = store.add_unit(UNIT_A)[0]
    data = unit_workbook(tmp_path, UNIT_A).read_bytes()
    for name in ("../../evil.xlsx", "..\\..\\evil.xlsx", "/etc/evil.xlsx"):
        body = send(client, a["token"], data, name).json()
        assert body["file"] == "evil.xlsx" and body["status"] == "成功"
    assert not list(tmp_path.rglob("evil*")) and not list(store.data.root.parent.glob("evil*"))
    assert [r["filename"] for r in store.uploads_of(a["id"])] == ["evil.xlsx"] * 3
    assert len(stored_files(store)) == 1  # the same bytes three times: kept once


def test_an_oversized_file_is_refused_before_anything_is_kept(client, store, tmp_path, monkeypatch):
    a = store.add_unit(UNIT_A)[0]
    data = unit_workbook(tmp_path, UNIT_A).read_bytes()
    monkeypatch.setattr(reader, "MAX_BYTES", len(data) - 1)
    body = send(client, a["token"], data, "big.xlsx").json()
    message = body["problems"][0]["message"]
    assert body["status"] == "无法读取" and message.startswith("文件过大（") and "请删除无关的工作表或图片后再试" in message
    monkeypatch.setattr(reader, "MAX_BYTES", 1000)  # far over: refused from the request's length alone
    body = send(client, a["token"], data, "big.xlsx").json()
    assert body["status"] == "无法读取" and body["problems"][0]["message"].startswith("文件过大（")
    assert stored_files(store) == [] and store.uploads_of(a["id"]) == []


def test_a_zip_bomb_is_refused_with_the_clis_message(client, store, tmp_path):
    a = store.add_unit(UNIT_A)[0]
    bomb = tmp_path / "炸弹.xlsx"
    with zipfile.ZipFile(unit_workbook(tmp_path, UNIT_A)) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        for info in zin.infolist():
            z.writestr(info, zin.read(info.filename))
        z.writestr("xl/media/pad.bin", bytes(40 * 1024 * 1024))  # 40 MB of zeros: about 1000:1
    body = send(client, a["token"], bomb.read_bytes(), bomb.name).json()
    assert body["status"] == "无法读取" and body["report"] is None
    message = body["problems"][0]["message"]
    assert "压缩" in message and message == cli_message(bomb)


def test_a_non_workbook_is_refused_with_the_clis_message(client, store, tmp_path):
    a = store.add_unit(UNIT_A)[0]
    fake = tmp_path / "报表.xlsx"
    fake.write_text("这不是工作簿", encoding="utf-8")
    body = send(client, a["token"], fake.read_bytes(), fake.name).json()
    assert body["status"] == "无法读取"
    assert body["problems"][0]["message"] == cli_message(fake) == "“报表.xlsx”不是有效的Excel工作簿（文件已损坏或格式不对）"
    wrong_kind = send(client, a["token"], b"a,b\n", "名单.csv").json()
    assert wrong_kind["status"] == "无法读取" and "不支持的文件类型：名单.csv" in wrong_kind["problems"][0]["message"]
