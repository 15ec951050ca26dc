"""``xlperf serve``: storage and migrations, the setup commands, the submit API and the bureau's API — on SQLite
and on PostgreSQL (a throwaway cluster from Debian's package; skipped only outside CI when it is missing).

Expected figures come from the example's reference report (总分 91, 优) and from the form's cells as a clerk
reads them (预算编制细化率's 实际完成值 is 指标评分!H11); status words from the issue's API.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
import zipfile

import openpyxl
import pytest
from starlette.testclient import TestClient

from xlperf.serve.db import MIGRATIONS
from xlperf.serve.store import Store
from xlperf.serve.web import create_app
from serve_helpers import backend, client, pg, pool, store  # noqa: F401 - fixtures
from serve_helpers import (EXAMPLE_GRADE, EXAMPLE_TOTAL, PASSWORD, ROOT, csrf_of, log_in,
                           unit_workbook, wrong_workbook)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # starlette's TestClient over httpx

UNIT_A, UNIT_B, UNIT_C = "甲区教育局", "甲区卫生健康委员会", "甲区财政局"


def units(store):
    return {name: store.add_unit(name)[0] for name in (UNIT_A, UNIT_B, UNIT_C)}


def send(client, token, path, name=None):
    with open(path, "rb") as fh:
        return client.post(f"/api/submit/{token}", files={"file": (name or path.name, fh.read())})


# ------------------------------------------------------------------------------------------ storage

def test_migrations_run_once_and_record_their_version(store):
    assert store.db.version() == MIGRATIONS[-1][0] == 1
    assert store.db.migrate("later") == []  # opening again runs nothing
    rows = store.db.rows("SELECT version FROM schema_version")
    assert [r["version"] for r in rows] == [1]


def test_units_get_unguessable_links_kept_across_calls_and_revocable(store):
    a, created = store.add_unit("  甲区教育局 ")
    assert created and a["name"] == "甲区教育局" and len(a["token"]) >= 32
    again, created = store.add_unit("甲区教育局")
    assert not created and again["token"] == a["token"]
    b = store.add_unit("甲区财政局")[0]
    assert b["token"] != a["token"]
    assert store.unit_by_token(a["token"])["name"] == "甲区教育局"
    store.revoke_unit(a["id"])
    assert store.unit_by_token(a["token"]) is None
    renewed, created = store.add_unit("甲区教育局")
    assert created and renewed["token"] != a["token"] and store.unit_by_token(renewed["token"])["id"] == a["id"]
    assert store.unit_by_token("") is None and store.unit_by_token(b["token"] + "x") is None


# ------------------------------------------------------------------------------------------ submitting

def test_a_good_form_is_scored_and_its_report_downloads(client, store, tmp_path):
    token = units(store)[UNIT_A]["token"]
    res = send(client, token, unit_workbook(tmp_path / "in", UNIT_A))
    assert res.status_code == 200
    body = res.json()
    assert body["status"] == "成功" and body["problems"] == []
    assert body["total"] == EXAMPLE_TOTAL and body["grade"] == EXAMPLE_GRADE
    assert body["report"] == f"/u/{token}/report/{body['upload']}"
    doc = client.get(body["report"])
    assert doc.status_code == 200
    with zipfile.ZipFile(io.BytesIO(doc.content)) as z:
        assert UNIT_A in z.read("word/document.xml").decode("utf-8")
    assert f"{UNIT_A}2021年度部门整体绩效自评报告.docx" in doc.headers["content-disposition"].encode("latin-1").decode(
        "utf-8") or "filename*" in doc.headers["content-disposition"]


def test_a_form_with_errors_lists_them_by_cell_like_check_json(client, store, tmp_path):
    token = units(store)[UNIT_B]["token"]
    wrong = wrong_workbook(tmp_path / "in", UNIT_B)
    body = send(client, token, wrong).json()
    assert body["status"] == "填报有误" and body["total"] is None and body["grade"] is None and body["report"] is None
    h11 = [p for p in body["problems"] if p["where"] == "指标评分!H11"]
    assert h11 and h11[0]["level"] == "错误" and "约95" in h11[0]["message"]
    cli = subprocess.run([sys.executable, "-m", "xlperf.cli", "check", str(wrong), "--json"], capture_output=True,
                         text=True, cwd=ROOT)
    assert cli.returncode == 1
    printed = json.loads(cli.stdout)
    assert printed["status"] == body["status"] and printed["problems"] == body["problems"]


def test_a_corrected_upload_replaces_the_wrong_one_and_both_are_kept(client, store, tmp_path):
    token = units(store)[UNIT_B]["token"]
    first = send(client, token, wrong_workbook(tmp_path / "in", UNIT_B)).json()
    second = send(client, token, unit_workbook(tmp_path / "in", UNIT_B)).json()
    assert (first["status"], second["status"]) == ("填报有误", "成功")
    rows = store.uploads_of(store.unit_named(UNIT_B)["id"])
    assert [r["status"] for r in rows] == ["成功", "填报有误"]
    for r in rows:  # both files kept, under their content hash
        assert store.data.upload_path(r["sha256"], ".xlsx").exists()
    assert store.current(2021)[rows[0]["unit_id"]]["id"] == second["upload"]


def test_another_units_workbook_is_refused_and_not_counted(client, store, tmp_path):
    token = units(store)[UNIT_A]["token"]
    body = send(client, token, unit_workbook(tmp_path / "in", UNIT_C)).json()
    assert body["status"] == "填报有误" and body["report"] is None
    first = body["problems"][0]
    assert first["where"] == "基本情况!B3" and UNIT_A in first["message"] and UNIT_C in first["message"]
    assert store.current(2021) == {}


def test_another_years_workbook_is_refused_when_the_service_collects_one_year(store, pool, tmp_path):
    client = TestClient(create_app(store, pool=pool, year=2022))
    token = units(store)[UNIT_A]["token"]
    body = send(client, token, unit_workbook(tmp_path / "in", UNIT_A)).json()
    assert body["status"] == "填报有误"
    assert body["problems"][0]["where"] == "基本情况!B4" and "2022年度" in body["problems"][0]["message"]


# ------------------------------------------------------------------------------------------ the bureau's API

def test_progress_and_summary_need_a_token_and_rank_the_units(client, store, tmp_path):
    made = units(store)
    send(client, made[UNIT_A]["token"], unit_workbook(tmp_path / "in", UNIT_A))
    send(client, made[UNIT_B]["token"], wrong_workbook(tmp_path / "in", UNIT_B))
    assert client.get("/api/progress").status_code == 401
    assert client.get("/api/progress", headers={"Authorization": "Bearer xlp_nope"}).status_code == 401
    token = store.new_api_token("api")
    got = client.get("/api/progress", headers={"Authorization": f"Bearer {token}"}).json()
    by = {u["unit"]: u for u in got["units"]}
    assert got["year"] == 2021
    assert (by[UNIT_A]["status"], by[UNIT_A]["total"], by[UNIT_A]["grade"], by[UNIT_A]["rank"]) == ("已通过", 91, "优", 1)
    assert (by[UNIT_B]["status"], by[UNIT_B]["total"], by[UNIT_B]["rank"]) == ("填报有误", None, None)
    assert by[UNIT_B]["errors"] >= 1
    assert (by[UNIT_C]["status"], by[UNIT_C]["last_upload"]) == ("未报送", None)
    xlsx = client.get("/api/summary.xlsx", headers={"Authorization": f"Bearer {token}"})
    assert xlsx.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.content))["汇总"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    head = next(r for r in rows if r and "单位" in r)
    units_col, total_col = head.index("单位"), head.index("总分")
    first = rows[rows.index(head) + 1]
    assert first[units_col] == UNIT_A and float(first[total_col]) == 91


# ------------------------------------------------------------------------------------------ setup commands

def _cli(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "xlperf.cli", "serve", *args], capture_output=True, text=True,
                          input=stdin, cwd=ROOT)


def test_units_add_and_import_print_name_tab_link(tmp_path, backend):
    if backend != "sqlite":
        pytest.skip("the commands are run once, on the default SQLite")
    data = tmp_path / "data"
    res = _cli("units", "add", "--data", str(data), "--base-url", "http://10.0.0.5:8080", UNIT_A, UNIT_B)
    assert res.returncode == 0, res.stderr
    lines = [ln.split("\t") for ln in res.stdout.splitlines()]
    assert [ln[0] for ln in lines] == [UNIT_A, UNIT_B]
    assert all(ln[1].startswith("http://10.0.0.5:8080/u/") and len(ln[1]) > 50 for ln in lines)
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "单位名称"])
    for i, name in enumerate((UNIT_B, UNIT_C, "", UNIT_C), 1):
        ws.append([i, name])
    wb.save(tmp_path / "名单.xlsx")
    res = _cli("units", "import", "--data", str(data), "--base-url", "http://10.0.0.5:8080",
               str(tmp_path / "名单.xlsx"))
    assert res.returncode == 0, res.stderr
    again = [ln.split("\t") for ln in res.stdout.splitlines()]
    assert [ln[0] for ln in again] == [UNIT_B, UNIT_C]
    assert again[0][1] == lines[1][1]  # a unit already listed keeps its link
    res = _cli("token", "--data", str(data))
    assert res.returncode == 0 and res.stdout.strip().startswith("xlp_")
    st = Store.open(data)
    assert st.api_admin(res.stdout.strip()) == "api"
    res = _cli("units", "import", "--data", str(data), str(tmp_path / "nothing.xlsx"))
    assert res.returncode == 2 and "nothing.xlsx" in res.stderr


def test_admin_password_is_set_from_stdin_and_hashed(tmp_path, backend):
    if backend != "sqlite":
        pytest.skip("the commands are run once, on the default SQLite")
    data = tmp_path / "data"
    assert _cli("admin", "--data", str(data), "管理员", "--password-stdin", stdin="short\n").returncode == 2
    res = _cli("admin", "--data", str(data), "管理员", "--password-stdin", stdin=PASSWORD + "\n")
    assert res.returncode == 0, res.stderr
    row = Store.open(data).admin("管理员")
    assert row["password_hash"].startswith("$argon2id$") and PASSWORD not in row["password_hash"]


def test_the_unit_page_shows_the_latest_answer(client, store, tmp_path):
    token = units(store)[UNIT_B]["token"]
    with open(wrong_workbook(tmp_path / "in", UNIT_B), "rb") as fh:
        res = client.post(f"/u/{token}", files={"file": ("表.xlsx", fh.read())}, follow_redirects=True)
    assert res.status_code == 200
    assert "填报有误" in res.text and "指标评分!H11" in res.text and "约95" in res.text
    # the problems under the headings every problem table has; the error's row marked as one
    assert "<th>类别</th><th>位置</th><th>项目</th><th>说明</th>" in res.text
    assert '<tr class="err"><td>错误</td><td>指标评分!H11</td>' in res.text
    page = client.get("/login")
    assert log_in(client).status_code == 303
    assert csrf_of(page.text)


def test_last_years_summary_in_the_settings_adds_year_on_year(client, store, tmp_path):
    """上年汇总表 uploaded on 设置: 汇总 gets 上年总分 and 变化 (91 − 85 = +6), and a bad file is refused with
    ``batch --last-year``'s message."""
    token = units(store)[UNIT_A]["token"]
    send(client, token, unit_workbook(tmp_path / "in", UNIT_A))
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["序号", "单位", "总分", "名次"])
    ws.append([1, UNIT_B, 88, 1])
    ws.append([2, UNIT_A, 85, 2])
    wb.save(tmp_path / "2020汇总表.xlsx")
    assert log_in(client).status_code == 303
    csrf = csrf_of(client.get("/admin/settings").text)
    with open(tmp_path / "2020汇总表.xlsx", "rb") as fh:
        res = client.post("/admin/settings", data={"csrf": csrf, "year": "2021", "bureau": "甲区财政局", "profile": "",
                                                   "deadline": "2022-03-31"},
                          files={"last_year": ("2020汇总表.xlsx", fh.read())})
    assert res.status_code == 200 and "已上传：2021-2020汇总表.xlsx" in res.text
    xlsx = client.get("/admin/summary.xlsx?year=2021")
    rows = [[c.value for c in r] for r in openpyxl.load_workbook(io.BytesIO(xlsx.content))["汇总"].iter_rows()]
    head = next(r for r in rows if r and "单位" in r)
    mine = next(r for r in rows if r[head.index("单位")] == UNIT_A)
    assert float(mine[head.index("上年总分")]) == 85 and float(mine[head.index("变化")]) == 6
    assert mine[head.index("上年名次")] == 2 and mine[head.index("名次")] == 1
    bad = openpyxl.Workbook()
    bad.active.title = "其他"
    bad.save(tmp_path / "错表.xlsx")
    with open(tmp_path / "错表.xlsx", "rb") as fh:
        res = client.post("/admin/settings", data={"csrf": csrf, "year": "2021", "bureau": "", "profile": "",
                                                   "deadline": ""}, files={"last_year": ("错表.xlsx", fh.read())})
    assert "上年汇总表“错表.xlsx”中没有“汇总”工作表" in res.text
    assert store.year_settings(2021)["last_year"].endswith("2020汇总表.xlsx")  # the good one stays
