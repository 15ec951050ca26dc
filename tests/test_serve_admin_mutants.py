"""The bureau's side of ``xlperf serve`` (:mod:`xlperf.serve.admin`, :mod:`xlperf.serve.progress`) judged fast:
a SQLite store in ``tmp_path`` whose submissions are written here by hand (``store.add_upload`` with a record of
the batch), the Starlette app through its TestClient, an administrator who is a session cookie signed with the
data folder's secret (``session_cookie`` of ``test_serve_web_mutants.py``).  No worker process, no LibreOffice,
no PostgreSQL.

Expected values: 名次 by 总分, best first, equal totals sharing the better rank (1, 1, 3; batch/lastyear.py and
SCORING.md's 汇总), 报送进度's five words, the Chinese messages of the pages and the API as a clerk of the bureau
reads them, file names as the 汇总表 and the zip name them, and the summary's figures worked out below by hand.

The ``@needs_admin`` pages themselves are decorated, so mutmut does not mutate them; ``needs_admin`` ran when the
module was imported, so its own mutants are judged by applying it here, in the test (``guarded_client``).

Equivalent mutants of ``xlperf/serve/admin.py`` (mutmut 3.8.1 names; the 2 left of 486, session 8 s8f):

* ``_bearer_admin`` 7 — ``request.headers.get("authorization", …)`` → ``"AUTHORIZATION"``: Starlette's headers
  are looked up case-insensitively (HTTP's rule), the same value either way.
* ``_bearer_admin`` 8 — the missing header's default ``""`` → ``"XXXX"``: neither starts with ``"bearer "``, both
  mean "no token" (401).

``xlperf/serve/progress.py``: no equivalent mutant left (202 of 202 killed).
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import openpyxl
import pytest
import starlette.responses
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from test_serve_web_mutants import FakePool, session_cookie
from xlperf.batch.record import Line, Record, Status
from xlperf.serve import admin, progress as progress_module
from xlperf.serve.progress import UnitLine, problem_rows, progress, ranking, record_of, summary_records
from xlperf.serve.security import hash_password
from xlperf.serve.store import Store
from xlperf.serve.web import create_app

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # starlette's TestClient over httpx

ADMIN, CSRF = "王科长", "c-123"
JIA, YI, BING, DING = "甲区教育局", "乙区财政局", "丙区卫健委", "丁区民政局"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WARN = Line("指标评分!M7", "工作目标合理性", "得分低于分值的80%，请说明偏差原因", "警告")
WRONG = Line("指标评分!H11", "预算编制细化率", "实际完成值应为数字", "错误")


@pytest.fixture
def store(tmp_path):
    st = Store.open(tmp_path / "data")
    yield st
    st.db.close()


def admin_client(store, year=None, **values):
    cookie = session_cookie(store.data.secret(), **(values or {"admin": ADMIN, "csrf": CSRF}))
    return TestClient(create_app(store, pool=FakePool(), year=year), cookies={"xlperf_session": cookie})


def put(store, unit, *, status=Status.OK, total="91.00", grade="优", year=2021, problems=(), filename="",
        report="", accepted=True, grades=()):
    """One stored upload of ``unit`` (added when new) with a record written here; ``report``: a report file."""
    row = store.unit_named(unit) or store.add_unit(unit)[0]
    problems = list(problems)
    rec = Record(file=filename or f"{unit}.xlsx", unit=unit, year=year, total=total, grade=grade, status=status,
                 problems=problems, errors=sum(p.severity == "错误" for p in problems),
                 warnings=sum(p.severity == "警告" for p in problems), grades=list(grades))
    uid = store.add_upload(row["id"], rec, sha256="0" * 64, filename=filename or f"{unit}.xlsx", size=10,
                           accepted=accepted)
    if report:
        folder = store.data.root / "reports" / str(uid)
        folder.mkdir(parents=True)
        (folder / report).write_bytes(f"report of {unit}".encode())
        store.set_report(uid, f"reports/{uid}/{report}")
    return uid


def tmp_left(store):
    return sorted(p.name for p in store.data.tmp.iterdir())


def audit(store):
    return [(r["actor"], r["action"], r["detail"], r["addr"]) for r in reversed(store.audit())]


def last_year_file(path: Path, rows) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["单位", "总分"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


# ------------------------------------------------------------------------------------ 报送进度 and 排名

def four_units(store):
    """甲 91 优 and 乙 91 优 (a tie: both 1st), 丙 88.5 良 with one warning (3rd), 丁 with an error (no 名次)."""
    put(store, JIA, report="甲.docx")
    put(store, YI)
    put(store, BING, status=Status.WARN, total="88.50", grade="良", problems=[WARN])
    put(store, DING, status=Status.INVALID, total=None, grade="", problems=[WRONG, WARN])


def test_progress_ranks_by_total_equal_totals_share_and_errors_have_none(store):
    four_units(store)
    lines = progress(store, 2021)
    assert [(x.unit["name"], x.status, x.rank, x.problems) for x in lines] == [
        (JIA, "已通过", 1, 0), (YI, "已通过", 1, 0), (BING, "有警告", 3, 1), (DING, "填报有误", None, 2)]
    assert [x.unit["name"] for x in ranking(lines)] == [YI, JIA, BING]  # same rank: by name (乙 U+4E59 < 甲 U+7532)


def test_a_unit_without_an_upload_is_not_sent_and_every_status_has_its_word(store):
    put(store, JIA, status=Status.UNREADABLE, total=None, grade="", year=None)
    put(store, YI, status=Status.FAILED, total=None, grade="")
    put(store, BING, status=Status.INVALID, total="95.00", grade="优")  # a total with errors is never ranked
    store.add_unit(DING)
    lines = progress(store, 2021)
    assert [(x.status, x.rank) for x in lines] == [("无法读取", None), ("无法读取", None), ("填报有误", None),
                                                  ("未报送", None)]
    assert ranking(lines) == []


def test_a_warned_total_is_ranked_and_an_other_years_upload_is_not_current(store):
    put(store, JIA, status=Status.WARN, total="80.00", grade="良")
    put(store, YI, total="90.00", year=2020)
    lines = progress(store, 2021)
    assert [(x.status, x.rank) for x in lines] == [("有警告", 1), ("未报送", None)]
    assert [(x.status, x.rank) for x in progress(store, 2020)] == [("未报送", None), ("已通过", 1)]


def test_a_units_line_as_the_api_gives_it(store):
    four_units(store)
    store.add_unit("戊区城管局")
    store.revoke_unit(store.unit_named("戊区城管局")["id"])
    got = [x.to_json() for x in progress(store, 2021)]
    received = {r["unit_id"]: r["received"] for r in store.current(2021).values()}
    assert got[0] == {"unit": JIA, "status": "已通过", "total": 91.0, "grade": "优", "rank": 1, "errors": 0,
                      "warnings": 0, "last_upload": received[1], "file": "甲区教育局.xlsx", "revoked": False}
    assert got[2] == {"unit": BING, "status": "有警告", "total": 88.5, "grade": "良", "rank": 3, "errors": 0,
                      "warnings": 1, "last_upload": received[3], "file": "丙区卫健委.xlsx", "revoked": False}
    assert got[3] == {"unit": DING, "status": "填报有误", "total": None, "grade": None, "rank": None, "errors": 1,
                      "warnings": 1, "last_upload": received[4], "file": "丁区民政局.xlsx", "revoked": False}
    assert got[4] == {"unit": "戊区城管局", "status": "未报送", "total": None, "grade": None, "rank": None,
                      "errors": 0, "warnings": 0, "last_upload": None, "file": None, "revoked": True}
    assert isinstance(got[0]["revoked"], bool) and isinstance(got[4]["revoked"], bool)


def test_problem_rows_name_unit_file_cell_item_message_and_kind(store):
    four_units(store)
    assert problem_rows(progress(store, 2021)) == [
        (BING, "丙区卫健委.xlsx", "指标评分!M7", "工作目标合理性", "得分低于分值的80%，请说明偏差原因", "警告"),
        (DING, "丁区民政局.xlsx", "指标评分!H11", "预算编制细化率", "实际完成值应为数字", "错误"),
        (DING, "丁区民政局.xlsx", "指标评分!M7", "工作目标合理性", "得分低于分值的80%，请说明偏差原因", "警告")]


def test_summary_records_are_filed_as_unit_slash_file_with_their_report(store):
    four_units(store)
    got = summary_records(store, progress(store, 2021))
    assert [(r.file, r.reports, p) for r, p in got] == [
        ("甲区教育局/甲区教育局.xlsx", ["甲.docx"], store.data.root / "reports" / "1" / "甲.docx"),
        ("乙区财政局/乙区财政局.xlsx", [], None), ("丙区卫健委/丙区卫健委.xlsx", [], None),
        ("丁区民政局/丁区民政局.xlsx", [], None)]
    line = progress(store, 2021)[0]
    assert line.record.file == "甲区教育局.xlsx" and line.record.reports == []  # the stored record is not changed


def test_record_of_reads_the_stored_json(store):
    put(store, BING, status=Status.WARN, total="88.50", grade="良", problems=[WARN])
    rec = record_of(store.upload(1))
    assert (rec.unit, rec.total, rec.grade, rec.status, rec.problems) == (BING, "88.50", "良", Status.WARN, [WARN])


def test_problems_of_a_line_count_errors_and_warnings():
    rec = Record("a.xlsx", errors=2, warnings=3)
    assert UnitLine({"name": JIA}, None, rec, "填报有误").problems == 5
    assert UnitLine({"name": JIA}, None, None, "未报送").problems == 0


# ------------------------------------------------------------------------------------ the API

def test_the_api_needs_a_bearer_token_of_an_administrator(store):
    four_units(store)
    token = store.new_api_token(ADMIN)
    client = TestClient(create_app(store, pool=FakePool()))
    refused = {"error": "需要管理员令牌（xlperf serve token）"}
    for headers in ({}, {"Authorization": f"Basic {token}"}, {"Authorization": "Bearer xlp_wrong"},
                    {"Authorization": f"Bearer{token}"}):
        res = client.get("/api/progress", headers=headers)
        assert (res.status_code, res.json()) == (401, refused)
        res = client.get("/api/summary.xlsx", headers=headers)
        assert (res.status_code, res.json()) == (401, refused)
    for head in (f"Bearer {token}", f"bearer {token}", f"BEARER   {token}  "):
        res = client.get("/api/progress", headers={"Authorization": head})
        assert res.status_code == 200
        assert [(u["unit"], u["rank"]) for u in res.json()["units"]] == [(JIA, 1), (YI, 1), (BING, 3), (DING, None)]


def test_the_year_is_asked_else_the_services_else_the_latest_received(store):
    put(store, JIA, year=2020, total="80.00")
    put(store, YI, year=2021)
    token = store.new_api_token(ADMIN)
    bearer = {"Authorization": f"Bearer {token}"}

    def year(client, query=""):
        got = client.get(f"/api/progress{query}", headers=bearer).json()
        return got["year"], [u["status"] for u in got["units"]]

    plain = TestClient(create_app(store, pool=FakePool()))
    assert year(plain) == (2021, ["未报送", "已通过"])  # the latest 年度 received
    assert year(plain, "?year=2020") == (2020, ["已通过", "未报送"])
    assert year(plain, "?year=二〇二〇") == (2021, ["未报送", "已通过"])
    assert year(TestClient(create_app(store, pool=FakePool(), year=2020))) == (2020, ["已通过", "未报送"])
    store.set_setting("year", "2020")
    assert year(plain) == (2020, ["已通过", "未报送"])


def test_without_any_year_the_api_says_none(store):
    put(store, JIA, status=Status.UNREADABLE, total=None, grade="", year=None)
    token = store.new_api_token(ADMIN)
    got = TestClient(create_app(store, pool=FakePool())).get(
        "/api/progress", headers={"Authorization": f"Bearer {token}"}).json()
    assert got["year"] is None and [u["status"] for u in got["units"]] == ["无法读取"]


# ------------------------------------------------------------------------------------ 汇总表 and the zip

def summary_of(data: bytes):
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb["汇总"]
    rows = list(ws.iter_rows(values_only=True))
    table = {r[2]: dict(zip(rows[1], r)) for r in rows[2:]}
    return wb, ws["A1"].value, table


def test_the_summary_download_is_the_years_table_by_unit_and_file(store):
    four_units(store)
    store.set_setting("bureau", "甲市财政局")
    client = admin_client(store)
    res = client.get("/admin/summary.xlsx?year=2021")
    assert res.status_code == 200 and res.headers["content-type"] == XLSX
    assert res.headers["content-disposition"] == f"attachment; filename*=utf-8''{quote('汇总表.xlsx')}"
    wb, title, table = summary_of(res.content)
    assert title.startswith("甲市财政局2021年度部门整体绩效自评汇总表\n")
    assert {u: (r["文件"], r["总分"], r["等级"], r["状态"]) for u, r in table.items()} == {
        JIA: ("甲区教育局/甲区教育局.xlsx", 91, "优", "成功"), YI: ("乙区财政局/乙区财政局.xlsx", 91, "优", "成功"),
        BING: ("丙区卫健委/丙区卫健委.xlsx", 88.5, "良", "有警告"),
        DING: ("丁区民政局/丁区民政局.xlsx", None, None, "填报有误")}
    assert table[JIA]["报告"] == "打开Word报告" and table[YI]["报告"] is None
    linked = [c.hyperlink.target for row in wb["汇总"].iter_rows() for c in row if c.hyperlink]
    assert linked == ["甲.docx"]  # the report beside the 汇总表, by its name (as in the zip)
    assert audit(store)[-1] == (ADMIN, "下载", "汇总表.xlsx", "testclient")
    assert tmp_left(store) == []  # the job folder goes once the file is sent


def test_the_summary_uses_the_forms_grade_labels_and_last_years_totals(store, tmp_path):
    put(store, JIA, total="91.00", grade="优秀", grades=("优秀", "良好", "合格", "较差"))
    put(store, YI, total="85.00", grade="良好", grades=("优秀", "良好", "合格", "较差"))
    kept = store.data.root / "lastyear" / "2021-上年.xlsx"
    kept.parent.mkdir()
    last_year_file(kept, [(JIA, 85), (YI, 87.25)])
    store.set_year_settings(2021, "", "", "lastyear/2021-上年.xlsx")
    res = admin_client(store).get("/admin/summary.xlsx?year=2021")
    wb, _title, table = summary_of(res.content)
    assert (table[JIA]["上年总分"], table[JIA]["变化"]) == (85, 6)  # 91 − 85
    assert (table[YI]["上年总分"], table[YI]["变化"]) == (87.25, -2.25)  # 85 − 87.25
    col = [r[0] for r in wb["统计"].iter_rows(values_only=True)]
    at = col.index("等级")
    assert col[at + 1:at + 6] == ["优秀", "良好", "合格", "较差", None]  # the form's own labels, not 优/良/中/差


def test_no_submission_no_summary_said_in_chinese_and_nothing_left(store):
    store.add_unit(JIA)
    client = admin_client(store)
    for url in ("/admin/summary.xlsx?year=2021", "/admin/reports.zip?year=2021"):
        res = client.get(url)
        assert res.status_code == 409
        assert "<h1>无法下载</h1>" in res.text and '<p class="notice">本年度还没有单位报送</p>' in res.text
        assert tmp_left(store) == []
    assert [a for a in audit(store) if a[1] == "下载"] == []


def test_a_broken_last_year_file_is_a_409_naming_it(store):
    put(store, JIA)
    kept = store.data.root / "lastyear" / "2021-上年.xlsx"
    kept.parent.mkdir()
    kept.write_bytes(b"not a zip")
    store.set_year_settings(2021, "", "", "lastyear/2021-上年.xlsx")
    res = admin_client(store).get("/admin/summary.xlsx?year=2021")
    assert res.status_code == 409 and "上年汇总表" in res.text and "2021-上年.xlsx" in res.text
    assert tmp_left(store) == []


def test_the_api_summary_takes_a_token_or_the_session(store):
    four_units(store)
    token = store.new_api_token("李主任")
    res = TestClient(create_app(store, pool=FakePool())).get(
        "/api/summary.xlsx?year=2021", headers={"Authorization": f"Bearer {token}"})
    assert res.status_code == 200 and res.headers["content-type"] == XLSX
    assert summary_of(res.content)[2][BING]["总分"] == 88.5
    assert audit(store)[-1] == ("李主任", "下载", "汇总表.xlsx", "testclient")
    assert admin_client(store).get("/api/summary.xlsx?year=2021").status_code == 200
    assert audit(store)[-1] == (ADMIN, "下载", "汇总表.xlsx", "testclient")


def test_the_zip_holds_the_summary_and_each_report_by_name(store):
    four_units(store)
    put(store, "戊区城管局", report="戊.docx")
    (store.data.root / "reports" / "5" / "戊.docx").unlink()  # a report gone from disk is left out, not an error
    res = admin_client(store).get("/admin/reports.zip?year=2021")
    assert res.status_code == 200 and res.headers["content-type"] == "application/zip"
    assert res.headers["content-disposition"] == f"attachment; filename*=utf-8''{quote('2021年度报告.zip')}"
    with zipfile.ZipFile(io.BytesIO(res.content)) as zf:
        assert zf.namelist() == ["汇总表.xlsx", "甲.docx"]
        assert zf.read("甲.docx") == "report of 甲区教育局".encode()
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_DEFLATED}
        assert summary_of(zf.read("汇总表.xlsx"))[2][JIA]["报告"] == "打开Word报告"
    assert audit(store)[-1] == (ADMIN, "下载", "全部报告.zip", "testclient")
    assert tmp_left(store) == []


def test_the_zip_of_no_year_is_called_all(store):
    put(store, JIA, status=Status.UNREADABLE, total=None, grade="", year=None)
    res = admin_client(store).get("/admin/reports.zip")
    assert res.headers["content-disposition"] == f"attachment; filename*=utf-8''{quote('全部年度报告.zip')}"


# ------------------------------------------------------------------------------------ pages and routes

def test_every_page_needs_a_login_and_every_route_its_method(store):
    stranger = TestClient(create_app(store, pool=FakePool()))
    pages = ["/admin", "/admin/summary", "/admin/units", "/admin/settings", "/admin/audit", "/admin/report/1",
             "/admin/report/1/pdf", "/admin/summary.xlsx", "/admin/reports.zip"]
    posts = ["/logout", "/admin/units/add", "/admin/units/import", "/admin/units/1/revoke", "/admin/units/1/reissue",
             "/admin/settings"]
    for url in pages:
        res = stranger.get(url, follow_redirects=False)
        assert (url, res.status_code, res.headers["location"]) == (url, 303, "/login")
    for url in posts:
        res = stranger.post(url, follow_redirects=False)
        assert (url, res.status_code, res.headers["location"]) == (url, 303, "/login")
    for url in ["/logout", "/admin/units/add", "/admin/units/import", "/admin/units/1/revoke",
                "/admin/units/1/reissue"]:
        assert stranger.get(url).status_code == 405
    for url in pages[:3] + pages[4:]:
        assert stranger.post(url).status_code == 405
    assert stranger.get("/login").status_code == 200 and stranger.put("/login").status_code == 405


def test_every_admin_page_answers(store):
    four_units(store)
    client = admin_client(store)
    for url, title in (("/admin", "报送进度"), ("/admin/summary", "汇总与排名"), ("/admin/units", "单位与链接"),
                       ("/admin/settings", "设置"), ("/admin/audit", "操作记录")):
        res = client.get(url)
        assert res.status_code == 200 and f"<title>{title} - 绩效自评报送</title>" in res.text
    ranked = client.get("/admin/summary").text
    assert ranked.index(f"<td>1</td><td>{YI}</td>") < ranked.index(f"<td>1</td><td>{JIA}</td>") < ranked.index(
        f"<td>3</td><td>{BING}</td><td>88.50</td><td>良</td>")
    assert client.get("/admin/report/1").status_code == 200
    assert client.get("/admin/report/2").status_code == 404  # no report kept for 乙


def test_a_post_without_the_sessions_csrf_token_is_refused_and_logged(store):
    client = admin_client(store)
    for data in ({"names": JIA}, {"names": JIA, "csrf": "c-999"}):
        res = client.post("/admin/units/add", data=data, follow_redirects=False)
        assert res.status_code == 403
        assert "<h1>请求被拒绝</h1>" in res.text
        assert '<p class="notice">页面已过期或请求来源不明，请刷新页面后重试。</p>' in res.text
    assert store.units() == []
    assert audit(store) == [(ADMIN, "请求被拒绝", "缺少或错误的CSRF令牌", "testclient")] * 2


def test_an_administrators_post_takes_one_file_and_twenty_fields(store):
    client = admin_client(store)
    fields = {"csrf": CSRF, "names": JIA, **{f"f{i}": "x" for i in range(18)}}
    ok = client.post("/admin/units/add", data=fields, files={"file": ("a.txt", b"a")}, follow_redirects=False)
    assert ok.status_code == 303
    assert client.post("/admin/units/add", data=dict(fields, f18="x"), files={"file": ("a.txt", b"a")},
                       follow_redirects=False).status_code == 400
    assert client.post("/admin/units/add", data=dict(fields, names=YI),
                       files=[("file", ("a.txt", b"a")), ("file", ("b.txt", b"b"))]).status_code == 400
    assert [u["name"] for u in store.units()] == [JIA]


# ------------------------------------------------------------------------------------ login

def test_login_page_keeps_its_csrf_token_and_shows_no_error(store):
    client = TestClient(create_app(store, pool=FakePool()))
    first = client.get("/login")
    assert first.status_code == 200 and "<title>登录 - 绩效自评报送</title>" in first.text
    assert 'id="login-error"' not in first.text
    token = first.text.split('name="csrf" value="')[1].split('"')[0]
    assert len(token) > 20
    assert f'name="csrf" value="{token}"' in client.get("/login").text


def test_login_refuses_a_stale_form_and_a_wrong_password_and_lets_the_right_one_in(store):
    store.set_admin("admin", hash_password("正确的密码-1"))
    client = TestClient(create_app(store, pool=FakePool()))
    token = client.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
    stale = client.post("/login", data={"csrf": "old", "name": "admin", "password": "正确的密码-1"})
    assert stale.status_code == 403
    assert '<p class="error" id="login-error">页面已过期，请重新输入。</p>' in stale.text
    assert "<title>登录 - 绩效自评报送</title>" in stale.text
    wrong = client.post("/login", data={"csrf": token, "name": "admin", "password": "错的"})
    assert wrong.status_code == 401
    assert '<p class="error" id="login-error">用户名或密码不正确（还可尝试4次）。</p>' in wrong.text
    assert "<title>登录 - 绩效自评报送</title>" in wrong.text
    ok = client.post("/login", data={"csrf": token, "name": "  admin ", "password": "正确的密码-1"},
                     follow_redirects=False)
    assert (ok.status_code, ok.headers["location"]) == (303, "/admin")
    page = client.get("/admin").text
    assert "退出（admin）" in page
    assert f'name="csrf" value="{token}"' not in page and 'name="csrf" value=""' not in page  # a new token
    assert audit(store) == [("admin", "登录失败", "第1次密码错误", "testclient"), ("admin", "登录", "", "testclient")]


def test_the_login_form_takes_no_file_and_five_fields(store):
    store.set_admin("admin", hash_password("正确的密码-1"))
    client = TestClient(create_app(store, pool=FakePool()))
    token = client.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
    five = {"csrf": token, "name": "admin", "password": "错的", "a": "1", "b": "2"}
    assert client.post("/login", data=five).status_code == 401
    assert client.post("/login", data=dict(five, c="3")).status_code == 400
    assert client.post("/login", data={"csrf": token}, files={"f": ("a.txt", b"a")}).status_code == 400


def test_logout_forgets_the_administrator(store):
    client = admin_client(store)
    res = client.post("/logout", data={"csrf": CSRF}, follow_redirects=False)
    assert (res.status_code, res.headers["location"]) == (303, "/login")
    assert res.headers["set-cookie"].startswith("xlperf_session=null;")  # the session is emptied
    assert audit(store) == [(ADMIN, "退出", "", "testclient")]


# ------------------------------------------------------------------------------------ units and links

def notice(client, res):
    assert res.status_code == 303
    page = client.get(res.headers["location"]).text
    return page.split('<p class="notice" id="message">')[1].split("</p>")[0]


def test_units_are_added_once_each_and_logged(store):
    client = admin_client(store)
    res = client.post("/admin/units/add", data={"csrf": CSRF, "names": f"{JIA}\n\n  {YI}  \n{JIA}\n   "},
                      follow_redirects=False)
    assert res.headers["location"] == "/admin/units?m=" + quote("已添加2个单位")
    assert notice(client, res) == "已添加2个单位"
    assert [u["name"] for u in store.units()] == [JIA, YI]
    assert audit(store) == [(ADMIN, "添加单位", JIA, "testclient"), (ADMIN, "添加单位", YI, "testclient")]


def test_the_units_page_shows_each_link_under_the_services_address(store):
    token = store.add_unit(JIA)[0]["token"]
    page = admin_client(store).get("/admin/units").text
    assert f'<code class="link-text">http://testserver/u/{token}</code>' in page
    other = TestClient(create_app(store, pool=FakePool()), base_url="https://intranet.example:8443",
                       cookies={"xlperf_session": session_cookie(store.data.secret(), admin=ADMIN, csrf=CSRF)})
    assert f"https://intranet.example:8443/u/{token}</code>" in other.get("/admin/units").text


def unit_list(path: Path, names) -> Path:
    wb = openpyxl.Workbook()
    wb.active.append(["单位名称"])
    for name in names:
        wb.active.append([name])
    wb.save(path)
    return path


def test_a_unit_list_is_imported_counted_and_logged(store, tmp_path):
    store.add_unit(JIA)
    client = admin_client(store)
    data = unit_list(tmp_path / "x.xlsx", [JIA, YI, BING]).read_bytes()
    res = client.post("/admin/units/import", data={"csrf": CSRF}, files={"file": ("名单.XLSX", data)},
                      follow_redirects=False)
    assert notice(client, res) == "名单中3个单位，新增2个"
    assert [u["name"] for u in store.units()] == [JIA, YI, BING]
    assert audit(store)[-1] == (ADMIN, "导入单位名单", "名单.XLSX：3个单位，新增2个", "testclient")
    assert tmp_left(store) == []


def test_a_unit_list_refused_says_why(store, tmp_path, monkeypatch):
    client = admin_client(store)
    assert notice(client, client.post("/admin/units/import", data={"csrf": CSRF}, follow_redirects=False)) == \
        "请选择单位名单文件"
    assert notice(client, client.post("/admin/units/import", data={"csrf": CSRF, "file": "名单.xlsx"},
                                      follow_redirects=False)) == "请选择单位名单文件"
    res = client.post("/admin/units/import", data={"csrf": CSRF}, files={"file": ("名单.csv", b"a,b")},
                      follow_redirects=False)
    assert notice(client, res) == "单位名单应为 .xlsx 工作簿：名单.csv"
    data = unit_list(tmp_path / "x.xlsx", [JIA]).read_bytes()
    monkeypatch.setattr(admin, "MAX_LIST_BYTES", len(data) - 1)
    res = client.post("/admin/units/import", data={"csrf": CSRF}, files={"file": ("名单.xlsx", data)},
                      follow_redirects=False)
    assert notice(client, res) == "单位名单文件过大"
    monkeypatch.setattr(admin, "MAX_LIST_BYTES", len(data))
    res = client.post("/admin/units/import", data={"csrf": CSRF}, files={"file": ("名单.xlsx", data)},
                      follow_redirects=False)
    assert notice(client, res) == "名单中1个单位，新增1个"
    assert tmp_left(store) == [] and [a[1] for a in audit(store)] == ["导入单位名单"]


def test_a_link_is_revoked_or_reissued_and_logged(store):
    unit, _ = store.add_unit(JIA)
    client = admin_client(store)
    res = client.post(f"/admin/units/{unit['id']}/revoke", data={"csrf": CSRF}, follow_redirects=False)
    assert notice(client, res) == "链接已停用"
    assert store.unit_by_token(unit["token"]) is None and store.unit(unit["id"])["revoked"]
    res = client.post(f"/admin/units/{unit['id']}/reissue", data={"csrf": CSRF}, follow_redirects=False)
    assert notice(client, res) == "已发放新链接，旧链接停用"
    now = store.unit(unit["id"])
    assert not now["revoked"] and now["token"] != unit["token"] and store.unit_by_token(now["token"])["id"] == 1
    res = client.post(f"/admin/units/{unit['id']}/reissue", data={"csrf": CSRF}, follow_redirects=False)
    again = store.unit(unit["id"])
    assert again["token"] != now["token"] and store.unit_by_token(now["token"]) is None  # the old one stops
    assert audit(store) == [(ADMIN, "停用链接", JIA, "testclient"), (ADMIN, "重新发放链接", JIA, "testclient"),
                            (ADMIN, "重新发放链接", JIA, "testclient")]


def test_an_unknown_unit_changes_nothing(store):
    client = admin_client(store)
    for action, said in (("revoke", "链接已停用"), ("reissue", "已发放新链接，旧链接停用")):
        assert notice(client, client.post(f"/admin/units/7/{action}", data={"csrf": CSRF},
                                          follow_redirects=False)) == said
    assert store.units() == [] and audit(store) == []


# ------------------------------------------------------------------------------------ settings: last year's 汇总表

def settings_post(client, year="2021", **files):
    return client.post("/admin/settings", data={"csrf": CSRF, "year": year, "bureau": " 甲市财政局 ",
                                                "profile": "", "deadline": "2022-03-31"},
                       files=files or None, follow_redirects=False)


def settings_message(client, res):
    assert res.status_code == 303
    return client.get(res.headers["location"]).text.split('<p class="notice">')[1].split("</p>")[0]


def test_last_years_summary_is_checked_and_kept_per_year(store, tmp_path):
    client = admin_client(store)
    data = last_year_file(tmp_path / "u.xlsx", [(JIA, 85)]).read_bytes()
    res = settings_post(client, last_year=("上年汇总表.xlsx", data))
    assert settings_message(client, res) == "已保存"
    assert store.year_settings(2021)["last_year"] == "lastyear/2021-上年汇总表.xlsx"
    assert (store.data.root / "lastyear" / "2021-上年汇总表.xlsx").read_bytes() == data
    assert store.setting("bureau") == "甲市财政局" and store.year_settings(2021)["deadline"] == "2022-03-31"
    res = settings_post(client, "2022", last_year=("上年汇总表.xlsx", data))  # the folder exists by now
    assert settings_message(client, res) == "已保存"
    assert store.year_settings(2022)["last_year"] == "lastyear/2022-上年汇总表.xlsx"
    res = settings_post(client, last_year=("", b""))  # the form's empty file field: the kept file stays
    assert settings_message(client, res) == "已保存"
    assert store.year_settings(2021)["last_year"] == "lastyear/2021-上年汇总表.xlsx"
    assert tmp_left(store) == []
    assert audit(store)[-1] == (ADMIN, "修改设置", "年度2021", "testclient")


def test_a_last_year_file_that_cannot_be_used_is_said_and_not_kept(store, tmp_path, monkeypatch):
    client = admin_client(store)
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    wb.save(tmp_path / "bad.xlsx")
    res = settings_post(client, last_year=("上年.xlsx", (tmp_path / "bad.xlsx").read_bytes()))
    assert settings_message(client, res) == \
        "上年汇总表“上年.xlsx”中没有“汇总”工作表，请指定上年 xlperf batch 生成的“汇总表.xlsx”"
    assert store.year_settings(2021)["last_year"] is None
    data = last_year_file(tmp_path / "u.xlsx", [(JIA, 85)]).read_bytes()
    monkeypatch.setattr(admin, "MAX_LIST_BYTES", len(data) - 1)
    res = settings_post(client, last_year=("上年.xlsx", data))
    assert settings_message(client, res) == "上年汇总表文件过大"
    assert store.year_settings(2021)["last_year"] is None
    assert not (store.data.root / "lastyear").exists() and tmp_left(store) == []


def test_a_text_field_in_place_of_the_file_is_no_file(store):
    client = admin_client(store)
    res = client.post("/admin/settings", data={"csrf": CSRF, "year": "2021", "last_year": "上年.xlsx"},
                      follow_redirects=False)
    assert settings_message(client, res) == "已保存" and store.year_settings(2021)["last_year"] is None


def test_decimal_totals_of_the_api_are_numbers(store):
    put(store, JIA, total="91.456")
    got = progress(store, 2021)[0].to_json()
    assert got["total"] == float(Decimal("91.456")) and got["grade"] == "优"


# ------------------------------------------------------------------------------------ the guard itself

def guarded_client(store, **values):
    """The app with one more page guarded by ``needs_admin`` applied here, in the test (the module's own pages
    were decorated when it was imported)."""

    async def page(request):
        return PlainTextResponse(f"ok {request.method}")

    app = create_app(store, pool=FakePool())
    app.router.routes.insert(0, Route("/guarded", admin.needs_admin(page), methods=["GET", "POST"]))
    cookie = session_cookie(store.data.secret(), **values) if values else None
    return TestClient(app, cookies={"xlperf_session": cookie} if cookie else None)


def test_the_guard_sends_a_stranger_to_the_login_page(store):
    client = guarded_client(store)
    for method in ("GET", "POST"):
        res = client.request(method, "/guarded", follow_redirects=False)
        assert (res.status_code, res.headers["location"]) == (303, "/login")
    res = guarded_client(store, csrf=CSRF).get("/guarded", follow_redirects=False)  # a session, no administrator
    assert (res.status_code, res.headers["location"]) == (303, "/login")


def test_the_guard_lets_an_administrator_in_and_checks_a_posts_token(store):
    client = guarded_client(store, admin=ADMIN, csrf=CSRF)
    assert client.get("/guarded").text == "ok GET"
    assert client.post("/guarded", data={"csrf": CSRF}).text == "ok POST"
    for data in ({}, {"csrf": "c-999"}):
        res = client.post("/guarded", data=data)
        assert res.status_code == 403
        assert "<title>请求被拒绝 - 绩效自评报送</title>" in res.text and "<h1>请求被拒绝</h1>" in res.text
        assert '<p class="notice">页面已过期或请求来源不明，请刷新页面后重试。</p>' in res.text
        assert "退出（王科长）" in res.text and f'name="csrf" value="{CSRF}"' in res.text
    assert audit(store) == [(ADMIN, "请求被拒绝", "缺少或错误的CSRF令牌", "testclient")] * 2


def test_the_guard_reads_one_file_and_twenty_fields_at_most(store):
    client = guarded_client(store, admin=ADMIN, csrf=CSRF)
    twenty = {"csrf": CSRF, **{f"f{i}": "x" for i in range(19)}}
    assert client.post("/guarded", data=twenty, files={"file": ("a.txt", b"a")}).text == "ok POST"
    assert client.post("/guarded", data=dict(twenty, f19="x"), files={"file": ("a.txt", b"a")}).status_code == 400
    two = [("file", ("a.txt", b"a")), ("file", ("b.txt", b"b"))]
    assert client.post("/guarded", data={"csrf": CSRF}, files=two).status_code == 400
    assert audit(store) == []


# ------------------------------------------------------------------------------------ second pass

def test_a_login_form_without_name_or_password_never_logs_in(store):
    store.set_admin("None", hash_password("None"))
    store.set_admin("XXXX", hash_password("XXXX"))
    client = TestClient(create_app(store, pool=FakePool()))
    token = client.get("/login").text.split('name="csrf" value="')[1].split('"')[0]
    res = client.post("/login", data={"csrf": token, "password": "None"})
    assert res.status_code == 401 and '<p class="error" id="login-error">用户名或密码不正确。</p>' in res.text
    for name in ("None", "XXXX"):
        assert client.post("/login", data={"csrf": token, "name": name}).status_code == 401
    assert audit(store) == [("（空）", "登录失败", "用户名或密码不正确", "testclient"),
                            ("None", "登录失败", "第1次密码错误", "testclient"),
                            ("XXXX", "登录失败", "第1次密码错误", "testclient")]


def test_a_job_folder_already_gone_still_gets_the_409(store, monkeypatch):
    def make(st, year, folder):
        folder.rmdir()  # tmp/ emptied meanwhile (a second server started on the same folder)
        raise ValueError("本年度还没有单位报送")

    monkeypatch.setattr(admin, "write_year_summary", make)
    res = admin_client(store).get("/admin/summary.xlsx?year=2021")
    assert res.status_code == 409 and "本年度还没有单位报送" in res.text


def test_a_settings_upload_whose_job_folder_is_gone_is_still_answered(store, tmp_path, monkeypatch):
    def gone(path):
        for p in path.parent.iterdir():
            p.unlink()
        path.parent.rmdir()
        raise admin.InputError("上年汇总表无法读取")

    monkeypatch.setattr(admin, "read_last_year", gone)
    client = admin_client(store)
    res = settings_post(client, last_year=("上年.xlsx", b"PK"))
    assert settings_message(client, res) == "上年汇总表无法读取"


def test_the_download_types_do_not_depend_on_the_machines_mime_table(store, monkeypatch):
    four_units(store)
    monkeypatch.setattr(starlette.responses, "guess_type", lambda *a, **k: (None, None))
    client = admin_client(store)
    assert client.get("/admin/summary.xlsx?year=2021").headers["content-type"] == XLSX
    assert client.get("/api/summary.xlsx?year=2021").headers["content-type"] == XLSX
    assert client.get("/admin/reports.zip?year=2021").headers["content-type"] == "application/zip"


def test_the_summary_and_the_zip_hold_the_asked_years_submissions_only(store):
    put(store, JIA, total="91.00", report="甲2021.docx")
    put(store, YI, total="80.00", year=2020, report="乙2020.docx")
    put(store, JIA, total="70.00", year=2020, report="甲2020.docx")  # received later, for another 年度
    client = admin_client(store)
    _wb, title, table = summary_of(client.get("/admin/summary.xlsx?year=2021").content)
    assert list(table) == [JIA] and table[JIA]["总分"] == 91 and "2021年度" in title
    with zipfile.ZipFile(io.BytesIO(client.get("/admin/reports.zip?year=2021").content)) as zf:
        assert zf.namelist() == ["汇总表.xlsx", "甲2021.docx"]
        assert list(summary_of(zf.read("汇总表.xlsx"))[2]) == [JIA]


def test_summary_records_skip_a_unit_not_sent_and_go_on(store):
    store.add_unit(JIA)
    put(store, YI)
    assert [r.file for r, _ in summary_records(store, progress(store, 2021))] == ["乙区财政局/乙区财政局.xlsx"]
    assert progress_module.summary_records(store, []) == []


def test_a_request_without_a_client_address_is_logged_with_none():
    assert admin._addr(SimpleNamespace(client=None)) == ""
    assert admin._addr(SimpleNamespace(client=SimpleNamespace(host="10.0.0.7"))) == "10.0.0.7"
