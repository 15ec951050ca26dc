"""Sending a form to the bureau's service (xlperf/app/submit.py) judged without a service — fast tests for
`make mutate` (issue 19): urllib's ``urlopen`` is a stand-in that keeps the request and gives the answer (or the
failure) the test names.  The link's shapes and the messages come from README “从单位电脑报送” and the API table
(``POST /api/submit/{令牌}``, multipart field ``file``; the answer's status, total, grade, problems, report).

Survivors of `make mutate MODULE=xlperf/app/submit.py TESTS='tests/test_app_mutants.py tests/test_app_submit_mutants.py'`,
argued equivalent:

* ``submit_file`` 17, 18 (``"content-type"``, ``"CONTENT-TYPE"``), 20, 21 (``"accept"``, ``"ACCEPT"``): urllib's
  ``Request`` stores every header name as ``name.capitalize()`` (``Content-type``, ``Accept``), so the request sent
  is the same byte for byte — and HTTP header names are case-insensitive anyway.
"""

from __future__ import annotations

import email.message
import io
import json
import socket
import urllib.error
import urllib.request
import uuid

import pytest

from xlperf.app import submit as S
from xlperf.app.submit import Answer, SubmitError, api_url, submit_file, summary

LINK = "http://10.1.2.3:8080/u/tok"
API = "http://10.1.2.3:8080/api/submit/tok"
UNREACHABLE = "连接不上报送服务（10.1.2.3:8080）：请确认电脑在单位内网、报送链接无误，或稍后再试。（{}）"
UNKNOWN = "报送服务的回答无法识别：请确认报送链接是财政局发来的链接。"


# ------------------------------------------------------------------ the link


@pytest.mark.parametrize("link, url", [
    (LINK, API),
    ("  https://pf.example/jx/u/tok/  ", "https://pf.example/jx/api/submit/tok"),
    ("http://h/api/submit/tok", "http://h/api/submit/tok"),  # already the API: as it is
    ("http://h/jx/api/submit/tok", "http://h/jx/api/submit/tok"),
    ("http://h/tok", "http://h/api/submit/tok"),  # a bare token
    ("http://h/a/b/tok", "http://h/a/b/api/submit/tok"),  # not /u/: everything before the token is the prefix
    ("http://h/submit/tok", "http://h/submit/api/submit/tok"),
    ("http://h/u", "http://h/api/submit/u"),
    ("http://h/u/令牌?x=1#frag", "http://h/api/submit/%E4%BB%A4%E7%89%8C"),  # quoted; query and fragment dropped
])
def test_api_url(link, url):
    assert api_url(link) == url


@pytest.mark.parametrize("link", [None, "", "   "])
def test_no_link_says_where_to_get_one(link):
    with pytest.raises(SubmitError) as err:
        api_url(link)
    assert str(err.value) == ("还没有报送链接：请向财政局索取本单位的报送链接（形如 http://服务器:8080/u/……），"
                              "填在设置表的“报送链接”一栏，保存后再报送。")


@pytest.mark.parametrize("link", ["10.1.2.3:8080/u/tok", "ftp://h/u/tok", "http://h", "http://h/", "http:///u/tok"])
def test_an_incomplete_link_is_named(link):
    with pytest.raises(SubmitError) as err:
        api_url(f" {link} ")
    assert str(err.value) == f"报送链接“{link}”不完整：应形如 http://服务器:8080/u/……，请按财政局发来的链接填写。"


# ------------------------------------------------------------------ the upload's body


@pytest.fixture
def fixed_boundary(monkeypatch):
    monkeypatch.setattr(uuid, "uuid4", lambda: uuid.UUID(int=0xABC))
    return "xlperf-00000000000000000000000000000abc"


def test_the_body_is_one_multipart_file_field(tmp_path, fixed_boundary):
    path = tmp_path / 'a"b\r\nc.xlsx'
    path.write_bytes(b"PK\x03\x04data")
    body, ctype = S._multipart(path)
    b = fixed_boundary
    assert ctype == f"multipart/form-data; boundary={b}"
    assert body == (f"--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"abc.xlsx\"\r\n"
                    "Content-Type: application/octet-stream\r\n\r\n").encode() + b"PK\x03\x04data" + \
        f"\r\n--{b}--\r\n".encode()


def test_a_chinese_file_name_is_sent_in_utf8(tmp_path, fixed_boundary):
    path = tmp_path / "绩效.xlsx"
    path.write_bytes(b"x")
    body, _ = S._multipart(path)
    assert 'filename="绩效.xlsx"'.encode("utf-8") in body


# ------------------------------------------------------------------ submit_file against a stand-in service


class _Response(io.BytesIO):
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@pytest.fixture
def service(monkeypatch):
    """``service.answer``: bytes, or an exception to raise; ``service.requests``: (request, timeout) sent."""
    state = type("Service", (), {"answer": b"{}", "requests": []})()

    def urlopen(request, timeout):
        state.requests.append((request, timeout))
        if isinstance(state.answer, BaseException):
            raise state.answer
        return _Response(state.answer)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return state


@pytest.fixture
def form(tmp_path):
    path = tmp_path / "表.xlsx"
    path.write_bytes(b"PK\x03\x04")
    return path


def test_the_form_is_posted_to_the_api_and_the_answer_read(service, form, fixed_boundary):
    service.answer = json.dumps({"status": "有警告", "total": 91, "grade": "优",
                                 "problems": [{"level": "警告", "where": "文字材料!B7"}],
                                 "report": "/u/tok/report/3"}, ensure_ascii=False).encode("utf-8")
    answer = submit_file(str(form), LINK, timeout=7)
    assert answer == Answer("有警告", 91, "优", [{"level": "警告", "where": "文字材料!B7"}],
                            "http://10.1.2.3:8080/u/tok/report/3")
    ((request, timeout),) = service.requests
    assert (request.full_url, request.get_method(), timeout) == (API, "POST", 7)
    assert request.data == S._multipart(form)[0]
    assert request.headers == {"Content-type": f"multipart/form-data; boundary={fixed_boundary}",
                               "Accept": "application/json"}


def test_the_default_wait_is_two_minutes(service, form):
    service.answer = b'{"status": "\\u6210\\u529f"}'
    assert submit_file(form, LINK) == Answer("成功")
    assert service.requests[0][1] == 120.0


def test_an_answer_without_total_problems_or_report(service, form):
    service.answer = json.dumps({"status": "填报有误", "problems": None, "report": None}).encode()
    assert submit_file(form, LINK) == Answer("填报有误", None, None, [], None)
    service.answer = json.dumps({"status": "成功", "report": "https://other/r.docx"}).encode()
    assert submit_file(form, LINK).report == "https://other/r.docx"  # a full address: as it is


def test_a_missing_file_is_named(service, tmp_path):
    with pytest.raises(SubmitError) as err:
        submit_file(tmp_path / "没有.xlsx", LINK)
    assert str(err.value) == f"找不到文件：{tmp_path / '没有.xlsx'}" and service.requests == []
    with pytest.raises(SubmitError):
        submit_file(tmp_path, LINK)  # a folder is no file


def _http_error(code, body):
    return urllib.error.HTTPError(API, code, "x", email.message.Message(), io.BytesIO(body))


@pytest.mark.parametrize("code, body, said", [
    (404, json.dumps({"error": "此报送链接无效或已被停用"}).encode(), "此报送链接无效或已被停用"),
    (413, b'{"detail": "too big"}', "HTTP 413"),
    (500, b"<html>Internal</html>", "HTTP 500"),
    (400, b'["error"]', "HTTP 400"),
    (403, b'{"error": ""}', "HTTP 403"),
])
def test_a_refusal_gives_the_services_reason(service, form, code, body, said):
    service.answer = _http_error(code, body)
    with pytest.raises(SubmitError) as err:
        submit_file(form, LINK)
    assert str(err.value) == f"报送服务拒绝了这份文件：{said}"
    assert err.value.__cause__ is None and err.value.__suppress_context__


@pytest.mark.parametrize("failure, said", [
    (urllib.error.URLError(ConnectionRefusedError(111, "refused")), "服务未启动或端口不对"),
    (urllib.error.URLError(socket.timeout("timed out")), "等待超时"),
    (urllib.error.URLError(TimeoutError()), "等待超时"),
    (TimeoutError(), "等待超时"),
    (socket.timeout(), "等待超时"),
    (urllib.error.URLError("Name or service not known"), "Name or service not known"),
    (ConnectionResetError(104, "Connection reset by peer"), "[Errno 104] Connection reset by peer"),
    (OSError(), "OSError"),  # no words: its kind
])
def test_an_unreachable_service_is_said_so_with_the_reason(service, form, failure, said):
    service.answer = failure
    with pytest.raises(SubmitError) as err:
        submit_file(form, LINK)
    assert str(err.value) == UNREACHABLE.format(said)
    assert err.value.__cause__ is None and err.value.__suppress_context__


@pytest.mark.parametrize("answer", [b"<html>login</html>", b"\xff\xfe", b"\xc3\x28", b'["status"]', b'{"total": 91}'])
def test_an_answer_that_is_not_the_services_is_refused(service, form, answer):
    service.answer = answer
    with pytest.raises(SubmitError) as err:
        submit_file(form, LINK)
    assert str(err.value) == UNKNOWN


# ------------------------------------------------------------------ the clerk's line


def test_summary_line():
    assert summary(Answer("成功", 91.0, "优")) == "已报送：成功，总分 91，等级 优。"
    assert summary(Answer("有警告", 88.5, "良", report="http://h/r")) == "已报送：有警告，总分 88.5，等级 良。\n报告：http://h/r"
    assert summary(Answer("成功", 90, "优")) == "已报送：成功，总分 90，等级 优。"
    assert summary(Answer("成功", 0.0, "差")) == "已报送：成功，总分 0，等级 差。"
    assert summary(Answer("成功", 100, "优")) == "已报送：成功，总分 100，等级 优。"
    assert summary(Answer("成功", "90.5", "优")) == "已报送：成功，总分 90.5，等级 优。"  # as another service wrote it
    assert summary(Answer("有警告", 91.255, "优")) == "已报送：有警告，总分 91.255，等级 优。"
    assert summary(Answer("填报有误")) == "已报送：填报有误，请按下列问题修改后重新报送。"
    assert summary(Answer("填报有误", report="")) == "已报送：填报有误，请按下列问题修改后重新报送。"
