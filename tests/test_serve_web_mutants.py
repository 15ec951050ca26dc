"""``xlperf serve``'s unit side (:mod:`xlperf.serve.web`, the submit path of :mod:`xlperf.serve.submit`) judged
fast: a SQLite store in ``tmp_path`` and a stand-in worker pool that answers each task with a record written here
by hand (the real pool's records are judged end to end in ``test_serve_api.py``).  No worker process, no
LibreOffice: every mutant of the handlers runs these in well under a second.

Expected values: the status words and messages of the issue's API and the unit's page as a clerk reads them
(链接无效, 没有收到文件, 文件过大 …), the upload numbers 1, 2 … of a fresh database, the example's 总分 91 / 优 of the
reference report (``shared/seed``: 最终得分为91分), the security headers the module's docstring promises.

Equivalent mutants of ``xlperf/serve/web.py`` (mutmut 3.8.1 names; the 5 left of 472, session 7 s7h):

* ``_too_big`` 8 — the missing Content-Length's default ``""`` → ``"XXXX"``: neither is digits, both mean "not
  too big".
* ``_receive`` 7 — ``request.headers["content-length"]`` → ``["CONTENT-LENGTH"]``: Starlette's headers are
  looked up case-insensitively (HTTP's rule), the same value either way.
* ``create_app`` 27, 29, 51 — a route's ``methods=["GET", "POST"]`` written ``"get"`` / ``"post"``: Starlette's
  ``Route`` upper-cases the methods it is given, so the same requests reach the handler.

Equivalent mutants of ``xlperf/serve/submit.py`` (the 4 left of 306):

* ``submit`` 6 — an upload without ``filename``: ``getattr(…, "")`` → ``None``: ``client_name`` reads
  ``raw or ""``, both give 未命名.xlsx.
* ``submit`` 200, 202, 203 — the job folder's ``shutil.rmtree(job, ignore_errors=True)`` without
  ``ignore_errors`` (dropped, None, False): the folder was made by ``job_dir()`` at the start and holds only files
  this call wrote, so the removal does not fail here and the flag is never consulted (it guards a file another
  program still holds open, on Windows).

``xlperf/serve/reports.py``: no equivalent mutant left — ``report_response`` 37, 39, 40 (the working folder's
``shutil.rmtree(work, ignore_errors=True)`` without the flag), argued equivalent at first, are killed by
``test_a_working_folder_already_gone_does_not_spoil_the_pdf``: a folder removed or held by another program must not
turn the PDF made into an error.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import io
import json
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote

import itsdangerous
import jinja2
import pytest
from starlette.datastructures import UploadFile
from starlette.testclient import TestClient

from xlperf.batch.record import Line, Record, Status
from xlperf.infra.office import OfficeError
from xlperf.serve import reports, web
from xlperf.serve.store import Store
from xlperf.serve.submit import submit
from xlperf.serve.web import FORM_OVERHEAD, Service, create_app
from xlperf.workbook import read as reader

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # starlette's TestClient over httpx

UNIT, OTHER = "甲区教育局", "甲区财政局"
DOCX = b"PK-the-report"
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'")


class FakePool:
    """Answers each task with ``records.pop(0)`` (a function of the task); a scored one gets a report file."""

    def __init__(self):
        self.tasks, self.records, self.closed = [], [], False

    async def run(self, task):
        self.tasks.append(task)
        record = self.records.pop(0)(task)
        if record.status in (Status.OK, Status.WARN):
            out = Path(task.staging)
            out.mkdir(parents=True, exist_ok=True)
            (out / "r.docx").write_bytes(DOCX)
            record.outputs = [str(out / "r.docx")]
        return record

    def close(self):
        self.closed = True


def scored(total="91.00", grade="优", unit=UNIT, year=2021, status=Status.OK, problems=()):
    return lambda task: Record(file=task.file, unit=unit, year=year, unit_at="基本情况!B3", year_at="基本情况!B4",
                               total=total, grade=grade, status=status, problems=list(problems),
                               warnings=len(problems))


@pytest.fixture
def store(tmp_path):
    st = Store.open(tmp_path / "data")
    yield st
    st.db.close()


@pytest.fixture
def pool():
    return FakePool()


@pytest.fixture
def client(store, pool):
    return TestClient(create_app(store, pool=pool))


def token_of(store, name=UNIT):
    return store.add_unit(name)[0]["token"]


def post(client, url, name="甲区.xlsx", data=b"workbook bytes"):
    return client.post(url, files={"file": (name, data)}, follow_redirects=False)


def audit(store):
    return [(r["actor"], r["action"], r["detail"], r["addr"]) for r in reversed(store.audit())]


# ------------------------------------------------------------------------------------ headers, home, links

def test_every_response_forbids_framing_and_referer(client, store):
    for res in (client.get("/", follow_redirects=False), client.get("/u/no-such-link"),
                client.get("/static/style.css")):
        assert res.headers["x-frame-options"] == "DENY"
        assert res.headers["x-content-type-options"] == "nosniff"
        assert res.headers["referrer-policy"] == "no-referrer"
        assert res.headers["content-security-policy"] == CSP
    assert client.get("/static/style.css").status_code == 200


def test_security_headers_pass_other_scopes_untouched():
    seen = []

    async def app(scope, receive, send):
        seen.append(scope["type"])
        await send({"type": "lifespan.startup.complete"})

    sent = []

    async def send(message):
        sent.append(message)

    asyncio.run(web.security_headers(app)({"type": "lifespan"}, None, send))
    assert seen == ["lifespan"] and sent == [{"type": "lifespan.startup.complete"}]


def test_home_sends_a_stranger_to_the_login_page(client):
    res = client.get("/", follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/login"


def test_the_session_cookie_is_named_signed_strict_and_lasts_eight_hours(store, pool):
    res = TestClient(create_app(store, pool=pool)).get("/login")
    cookie = res.headers["set-cookie"]
    assert cookie.startswith("xlperf_session=")
    assert "; Max-Age=28800;" in cookie and "; samesite=strict" in cookie and "; httponly;" in cookie
    assert "secure" not in cookie.lower()
    secure = TestClient(create_app(store, pool=pool, https=True), base_url="https://testserver").get("/login")
    assert "secure" in secure.headers["set-cookie"].lower()


def test_an_unknown_or_revoked_link_is_refused_in_chinese(client, store):
    res = client.get("/u/no-such-link")
    assert res.status_code == 404 and "<h1>链接无效</h1>" in res.text
    assert "此报送链接无效或已被财政局停用，请向财政局索取新的链接。" in res.text
    api = post(client, "/api/submit/no-such-link")
    assert api.status_code == 404 and api.json() == {"error": "此报送链接无效或已被停用"}
    token = token_of(store)
    store.revoke_unit(store.unit_by_token(token)["id"])
    assert client.get(f"/u/{token}").status_code == 404
    assert client.get(f"/u/{token}/report/1").status_code == 404
    assert "链接无效" in client.get(f"/u/{token}/report/1").text


# ------------------------------------------------------------------------------------ the API

def test_a_scored_upload_answers_like_check_json_with_its_report(client, store, pool):
    token = token_of(store)
    pool.records.append(scored())
    res = post(client, f"/api/submit/{token}")
    assert res.status_code == 200
    assert res.json() == {"status": "成功", "total": 91, "grade": "优", "problems": [],
                          "report": f"/u/{token}/report/1", "upload": 1, "unit": UNIT, "year": 2021,
                          "file": "甲区.xlsx"}
    task = pool.tasks[0]
    assert Path(task.path).name == "甲区.xlsx" and task.file == "甲区.xlsx" and task.formats == ("docx",)
    assert task.profile is None and task.sniff is False
    assert audit(store)[-1] == (UNIT, "上传", "甲区.xlsx（成功，第1号）", "testclient")
    got = client.get(f"/u/{token}/report/1")
    assert got.status_code == 200 and got.content == DOCX
    assert "attachment" in got.headers["content-disposition"]
    assert audit(store)[-1] == (UNIT, "下载报告", "第1号", "testclient")


def test_without_a_file_field_the_answer_says_so(client, store, pool):
    token = token_of(store)
    for res in (client.post(f"/api/submit/{token}", data={"other": "x"}),
                client.post(f"/api/submit/{token}", data={"file": "not a file"})):
        assert res.status_code == 200
        assert res.json() == {"status": "无法读取", "total": None, "grade": None, "report": None,
                              "problems": [{"level": "错误", "where": "", "item": "",
                                            "message": "没有收到文件：请选择填报表后再上传"}]}
    assert pool.tasks == []


def test_a_request_past_the_size_limit_is_refused_before_reading(client, store, pool, monkeypatch):
    monkeypatch.setattr(reader, "MAX_BYTES", 1000)
    token = token_of(store)
    body = b"x" * (1000 + FORM_OVERHEAD + 1)
    res = client.post(f"/api/submit/{token}", content=body,
                      headers={"content-type": "multipart/form-data; boundary=zz"})
    size = len(body)
    assert res.json() == {"status": "无法读取", "total": None, "grade": None, "report": None,
                          "problems": [{"level": "错误", "where": "", "item": "",
                                        "message": reader.too_big(size, "上传的文件")}]}
    assert audit(store)[-1] == (UNIT, "上传被拒绝", f"文件过大（{size}字节）", "testclient")
    assert pool.tasks == []


def test_too_big_counts_the_overhead_and_needs_a_number():
    limit = reader.MAX_BYTES + 64 * 1024

    def req(length):
        return SimpleNamespace(headers={"content-length": length})

    assert web._too_big(req(str(limit + 1))) is True
    assert web._too_big(req(str(limit))) is False
    assert web._too_big(req("")) is False and web._too_big(req("-5")) is False
    assert web._too_big(SimpleNamespace(headers={})) is False


def test_the_collecting_year_and_its_profile_reach_the_worker(store, pool):
    token = token_of(store)
    store.set_year_settings(2021, "县级", "", None)
    client = TestClient(create_app(store, pool=pool, year=2021))
    pool.records.append(scored())
    assert post(client, f"/api/submit/{token}").json()["status"] == "成功"
    assert pool.tasks[-1].profile == "县级"
    pool.records.append(scored(year=2022))
    res = post(client, f"/api/submit/{token}").json()
    assert res["status"] == "填报有误" and res["report"] is None and res["upload"] == 2
    assert res["problems"][0] == {"level": "错误", "where": "基本情况!B4", "item": "年度",
                                  "message": "本次报送的是2021年度，此工作簿的年度为2022年：请上传2021年度的填报表"}


def test_the_year_comes_from_the_setting_when_not_given(store, pool):
    service = Service(store, pool)
    assert service.year is None
    store.set_setting("year", "2022")
    assert service.year == 2022
    store.set_setting("year", "二〇二二")
    assert service.year is None
    assert Service(store, pool, 2020).year == 2020
    token = token_of(store)
    store.set_setting("year", "2022")
    store.set_year_settings(2022, "市级", "", None)
    client = TestClient(create_app(store, pool=pool))
    pool.records.append(scored(year=2022))
    assert post(client, f"/api/submit/{token}").json()["year"] == 2022
    assert pool.tasks[-1].profile == "市级"


def test_without_a_year_no_profile_is_asked(store, pool):
    store.set_year_settings(2021, "县级", "", None)  # a year's profile, but the service collects any year
    token = token_of(store)
    client = TestClient(create_app(store, pool=pool))
    pool.records.append(scored())
    post(client, f"/api/submit/{token}")
    assert pool.tasks[-1].profile is None


# ------------------------------------------------------------------------------------ the unit's page

def test_the_page_before_any_upload_shows_the_form_only(client, store):
    token = token_of(store)
    res = client.get(f"/u/{token}")
    assert res.status_code == 200
    assert f"<title>{UNIT}" in res.text and "上传并检查" in res.text
    assert "上传记录" not in res.text and "检查结果" not in res.text


def test_a_page_upload_redirects_to_its_answer_and_the_latest_is_shown(client, store, pool):
    token = token_of(store)
    pool.records += [scored(), scored(total="90.00")]
    first = post(client, f"/u/{token}")
    assert first.status_code == 303 and first.headers["location"] == f"/u/{token}?upload=1"
    assert post(client, f"/u/{token}").headers["location"] == f"/u/{token}?upload=2"
    latest = client.get(f"/u/{token}").text
    assert '<b id="total">90</b>' in latest and "上传记录" in latest
    assert f'href="/u/{token}/report/2"' in latest
    chosen = client.get(f"/u/{token}?upload=1").text
    assert '<b id="total">91</b>' in chosen and f'href="/u/{token}/report/1"' in chosen
    unknown = client.get(f"/u/{token}?upload=99").text
    assert '<b id="total">90</b>' in unknown


def test_a_refused_page_upload_is_shown_at_once_with_422(client, store, pool):
    token = token_of(store)
    res = post(client, f"/u/{token}", name="甲区.xls")
    assert res.status_code == 422
    assert "不支持的文件类型：甲区.xls（应为 .xlsx 或 .xlsm 工作簿）" in res.text
    assert "上传记录" not in res.text and "退出" not in res.text
    assert pool.tasks == []


def test_the_pdf_link_is_offered_only_with_libreoffice(client, store, pool, monkeypatch):
    token = token_of(store)
    pool.records.append(scored())
    post(client, f"/u/{token}")
    monkeypatch.setattr(web, "find_soffice", lambda: None)
    assert "下载PDF" not in client.get(f"/u/{token}").text
    monkeypatch.setattr(web, "find_soffice", lambda: "/usr/bin/soffice")
    assert f'href="/u/{token}/report/1/pdf"' in client.get(f"/u/{token}").text


def test_a_kept_pdf_is_sent_without_libreoffice(client, store, pool):
    token = token_of(store)
    pool.records.append(scored())
    post(client, f"/api/submit/{token}")
    docx = store.data.resolve(store.upload(1)["report"])
    assert docx.name == f"{UNIT}2021年度部门整体绩效自评报告.docx"
    docx.with_suffix(".pdf").write_bytes(b"%PDF-kept")
    res = client.get(f"/u/{token}/report/1/pdf")
    assert res.status_code == 200 and res.content == b"%PDF-kept"
    assert client.get(f"/u/{token}/report/1/docx").content == DOCX


def test_a_report_of_another_unit_or_none_is_not_found(client, store, pool):
    token, other = token_of(store), token_of(store, OTHER)
    pool.records += [scored(), scored(status=Status.INVALID, total=None, grade="",
                                      problems=[Line("指标评分!H11", "预算编制细化率", "应为数字", "错误")])]
    post(client, f"/api/submit/{token}")
    post(client, f"/api/submit/{token}")
    for url in (f"/u/{other}/report/1", f"/u/{token}/report/2", f"/u/{token}/report/9"):
        res = client.get(url)
        assert res.status_code == 404 and "没有找到这份报告。" in res.text and "没有报告" in res.text
    assert [a for a in audit(store) if a[1] == "下载报告"] == []


def test_the_app_makes_its_own_pool_and_closes_it_at_shutdown(store, pool):
    app = create_app(store, jobs=3)
    assert app.state.service.pool.jobs == 3
    with TestClient(create_app(store, pool=pool)) as c:
        c.get("/login")
        assert not pool.closed
    assert pool.closed


# ------------------------------------------------------------------------------------ the second pass: survivors

def session_cookie(secret: str, **values) -> str:
    """A session cookie as Starlette's SessionMiddleware signs it (base64 JSON, itsdangerous timestamp)."""
    return itsdangerous.TimestampSigner(secret).sign(base64.b64encode(json.dumps(values).encode())).decode()


def test_a_session_signed_with_the_data_folders_secret_is_an_administrators(store, pool):
    app = create_app(store, pool=pool)
    admin = TestClient(app, cookies={"xlperf_session": session_cookie(store.data.secret(), admin="王科长",
                                                                       csrf="c-123")})
    res = admin.get("/", follow_redirects=False)
    assert res.status_code == 303 and res.headers["location"] == "/admin"
    gone = admin.get("/u/no-such-link").text  # any page: the bureau's menu, the session's CSRF token
    assert "退出（王科长）" in gone and 'name="csrf" value="c-123"' in gone
    token = token_of(store)
    assert "退出" not in admin.get(f"/u/{token}").text  # the unit's page never shows the bureau's menu
    forged = TestClient(app, cookies={"xlperf_session": session_cookie("None", admin="王科长")})
    assert forged.get("/", follow_redirects=False).headers["location"] == "/login"
    plain = TestClient(app).get("/u/no-such-link").text
    assert "退出" not in plain and "csrf" not in plain


def test_pages_escape_names_and_keep_their_layout(client, store, pool):
    token = token_of(store, "<i>乙区</i>")
    page = client.get(f"/u/{token}").text
    assert "&lt;i&gt;乙区&lt;/i&gt;" in page and "<i>乙区" not in page
    gone = client.get("/u/no-such-link").text
    assert ('<main>\n<h1>链接无效</h1>\n<p class="notice">此报送链接无效或已被财政局停用，请向财政局索取新的链接。</p>\n'
            '</main>') in gone
    assert "<title>链接无效 - 绩效自评报送</title>" in gone
    pool.records.append(scored())
    post(client, f"/u/{token}")
    assert "<tbody>\n  <tr><td><a href=\"?upload=1\">1</a></td>" in client.get(f"/u/{token}").text


def test_a_value_a_template_lacks_is_an_error_not_a_blank():
    with pytest.raises(jinja2.UndefinedError):
        web.make_env().get_template("message.html.j2").render(title="链接无效", admin=None, csrf="")


def test_a_session_without_a_csrf_token_renders_an_empty_one_and_pages_default_to_200(store, pool):
    app = create_app(store, pool=pool)
    admin = TestClient(app, cookies={"xlperf_session": session_cookie(store.data.secret(), admin="王科长")})
    assert 'name="csrf" value=""' in admin.get("/u/no-such-link").text
    assert TestClient(app).get("/login").status_code == 200  # the bureau's pages leave the status to page()


def test_the_templates_know_the_progress_words():
    assert web.make_env().globals["PROGRESS_WORDS"] == ("未报送", "无法读取", "填报有误", "有警告", "已通过")


def test_a_request_without_a_client_address_logs_none():
    assert web.addr(SimpleNamespace(client=None)) == ""
    assert web.addr(SimpleNamespace(client=SimpleNamespace(host="10.0.0.7"))) == "10.0.0.7"


def test_one_file_and_five_fields_at_most(client, store, pool):
    token = token_of(store)
    two = client.post(f"/api/submit/{token}", files=[("file", ("a.xlsx", b"a")), ("file", ("b.xlsx", b"b"))])
    assert two.status_code == 400
    fields = {f"f{i}": "x" for i in range(5)}
    pool.records.append(scored())
    ok = client.post(f"/api/submit/{token}", data=fields, files={"file": ("a.xlsx", b"a")})
    assert ok.status_code == 200 and ok.json()["upload"] == 1
    six = client.post(f"/api/submit/{token}", data=dict(fields, f5="x"), files={"file": ("a.xlsx", b"a")})
    assert six.status_code == 400


def test_the_page_names_the_collecting_year_and_the_unit(store, pool):
    token = token_of(store)
    client = TestClient(create_app(store, pool=pool, year=2021))
    for res in (client.get(f"/u/{token}"), post(client, f"/u/{token}", name="甲区.xls")):
        assert "<h1>甲区教育局：2021年度绩效自评报送</h1>" in res.text
        assert "<title>甲区教育局 - 绩效自评报送</title>" in res.text


def test_a_missing_report_page_says_so_exactly(client, store):
    token = token_of(store)
    res = client.get(f"/u/{token}/report/1")
    assert "<h1>没有报告</h1>" in res.text and '<p class="notice">没有找到这份报告。</p>' in res.text
    assert "<title>没有报告 - 绩效自评报送</title>" in res.text


def test_security_headers_are_added_in_asgis_lower_case_even_to_a_bare_start():
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 204})

    sent = []

    async def send(message):
        sent.append(message)

    asyncio.run(web.security_headers(app)({"type": "http"}, None, send))
    assert sent == [{"type": "http.response.start", "status": 204,
                     "headers": [(b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
                                 (b"referrer-policy", b"no-referrer"), (b"content-security-policy", CSP.encode())]}]


# ------------------------------------------------------------------------------------ submit.py

def test_a_wrong_file_type_is_refused_with_the_clis_words_and_logged(client, store, pool):
    token = token_of(store)
    res = post(client, f"/api/submit/{token}", name="甲区.xls")
    assert res.json() == {"status": "无法读取", "total": None, "grade": None, "report": None, "upload": None,
                          "unit": "", "year": None, "file": "甲区.xls",
                          "problems": [{"level": "错误", "where": "", "item": "",
                                        "message": "不支持的文件类型：甲区.xls（应为 .xlsx 或 .xlsm 工作簿）"}]}
    assert audit(store) == [(UNIT, "上传被拒绝", "文件类型不对：甲区.xls", "testclient")]
    assert pool.tasks == []


def test_a_file_past_the_limit_is_refused_while_received(store, pool):
    unit = store.add_unit(UNIT)[0]
    upload = UploadFile(io.BytesIO(b"123456"), filename="甲区.xlsx")
    answer = asyncio.run(submit(store, pool, unit, upload, limit=5, addr="10.0.0.7"))
    assert answer.to_json() == {"status": "无法读取", "total": None, "grade": None, "report": None, "upload": None,
                                "unit": "", "year": None, "file": "甲区.xlsx",
                                "problems": [{"level": "错误", "where": "", "item": "",
                                              "message": reader.too_big(6, "甲区.xlsx")}]}
    assert audit(store) == [(UNIT, "上传被拒绝", "文件过大：甲区.xlsx（6字节以上）", "10.0.0.7")]
    assert pool.tasks == [] and list(store.data.tmp.iterdir()) == []


def test_an_upload_without_a_name_is_called_unnamed_and_logged_without_an_address(store, pool):
    unit = store.add_unit(UNIT)[0]
    pool.records.append(scored())
    answer = asyncio.run(submit(store, pool, unit, SimpleNamespace(read=UploadFile(io.BytesIO(b"wb")).read)))
    assert answer.file == "未命名.xlsx" and pool.tasks[0].file == "未命名.xlsx"
    assert audit(store) == [(UNIT, "上传", "未命名.xlsx（成功，第1号）", "")]
    asyncio.run(submit(store, pool, unit, UploadFile(io.BytesIO(b"wb"), filename="甲区.xls")))
    assert audit(store)[-1][3] == ""


def test_the_workbook_is_kept_by_its_hash_and_the_report_under_its_upload(client, store, pool):
    token = token_of(store)
    pool.records.append(scored())
    post(client, f"/api/submit/{token}", name="甲区.XLSX", data=b"workbook bytes")
    sha = hashlib.sha256(b"workbook bytes").hexdigest()
    kept = store.data.root / "uploads" / sha[:2] / f"{sha}.xlsx"
    assert kept.read_bytes() == b"workbook bytes"
    task = pool.tasks[0]
    assert Path(task.path).parent.name == "in" and Path(task.staging).name == "out"
    assert Path(task.path).parent.parent == Path(task.staging).parent
    row = store.upload(1)
    assert row["report"] == f"reports/1/{UNIT}2021年度部门整体绩效自评报告.docx"
    assert (row["sha256"], row["filename"], row["size"], row["accepted"], row["addr"]) == (
        sha, "甲区.XLSX", 14, 1, "testclient")
    assert list(store.data.tmp.iterdir()) == []  # the job's folder is gone


def test_another_units_workbook_is_refused_stored_and_not_accepted(client, store, pool):
    token = token_of(store)
    pool.records.append(lambda task: Record(
        file=task.file, unit=OTHER, year=2021, unit_at="基本情况!B3", year_at="基本情况!B4", total="91.00",
        grade="优", status=Status.WARN, errors=2, warnings=1))
    res = post(client, f"/api/submit/{token}").json()
    assert res["status"] == "填报有误" and res["total"] is None and res["grade"] is None and res["report"] is None
    assert res["problems"] == [{"level": "错误", "where": "基本情况!B3", "item": "单位名称",
                                "message": f"本链接属于“{UNIT}”，此工作簿的单位名称为“{OTHER}”："
                                           "请上传本单位的填报表，或使用该单位自己的报送链接"}]
    row = store.upload(1)
    assert (row["accepted"], row["errors"], row["grade"], row["total"], row["addr"], row["report"]) == (
        0, 3, None, None, "testclient", None)
    assert audit(store)[-1] == (UNIT, "上传被拒绝", "甲区.xlsx（填报有误，第1号）", "testclient")


# ------------------------------------------------------------------------------------ reports.py

def test_a_pdf_is_made_once_from_the_report_and_kept(client, store, pool, monkeypatch):
    made = []

    def convert(docx, fmt, work):
        made.append((docx.name, fmt, work.parent == store.data.tmp))
        out = work / "made.pdf"
        out.write_bytes(b"%PDF-" + docx.read_bytes())
        return out

    monkeypatch.setattr(reports, "convert", convert)
    token = token_of(store)
    pool.records.append(scored())
    post(client, f"/api/submit/{token}")
    name = f"{UNIT}2021年度部门整体绩效自评报告"
    for _ in range(2):
        res = client.get(f"/u/{token}/report/1/pdf")
        assert res.status_code == 200 and res.content == b"%PDF-" + DOCX
        assert res.headers["content-type"] == "application/pdf"
        assert res.headers["content-disposition"] == f"attachment; filename*=utf-8''{quote(name + '.pdf')}"
    assert made == [(f"{name}.docx", "pdf", True)]
    assert (store.data.root / "reports" / "1" / f"{name}.pdf").read_bytes() == b"%PDF-" + DOCX
    assert list(store.data.tmp.iterdir()) == []


def test_a_working_folder_already_gone_does_not_spoil_the_pdf(client, store, pool, monkeypatch):
    """LibreOffice (or a virus scanner on Windows) may remove or hold the working folder: clearing it up is best
    effort, the PDF made is still the answer."""
    def convert(docx, fmt, work):
        out = work.parent / "made-elsewhere.pdf"
        out.write_bytes(b"%PDF-" + docx.read_bytes())
        work.rmdir()  # the folder is gone before xlperf clears it up
        return out

    monkeypatch.setattr(reports, "convert", convert)
    token = token_of(store)
    pool.records.append(scored())
    post(client, f"/api/submit/{token}")
    res = client.get(f"/u/{token}/report/1/pdf")
    assert res.status_code == 200 and res.content == b"%PDF-" + DOCX


def test_without_libreoffice_the_pdf_answer_says_why_in_plain_chinese(client, store, pool, monkeypatch):
    def convert(docx, fmt, work):
        raise OfficeError("未找到 LibreOffice：无法生成PDF")

    monkeypatch.setattr(reports, "convert", convert)
    token = token_of(store)
    pool.records.append(scored())
    post(client, f"/api/submit/{token}")
    res = client.get(f"/u/{token}/report/1/pdf")
    assert res.status_code == 503 and res.text == "未找到 LibreOffice：无法生成PDF"
    assert res.headers["content-type"] == "text/plain; charset=utf-8"
    assert list(store.data.tmp.iterdir()) == []
    docx = client.get(f"/u/{token}/report/1")
    assert docx.headers["content-disposition"] == f"attachment; filename*=utf-8''{quote(UNIT + '2021年度部门整体绩效自评报告.docx')}"
