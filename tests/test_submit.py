"""``xlperf submit`` and :mod:`xlperf.app.submit` against a real running ``xlperf serve`` (a subprocess on a free
local port): the example is accepted with the reference report's figures (总分 91, 优: shared/seed), a form with
text in 指标评分!H11 gets that cell listed, a wrong token gets the service's refusal, no link gets the how-to, a
service that is down or silent gets the unreachable message within the timeout.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import openpyxl
import pytest

from xlperf.app.submit import SubmitError, api_url, submit_file
from xlperf.serve.demo import EXAMPLE, EXAMPLE_UNIT, changed_copy
from report_helpers import EXAMPLE_LEFTOVER
from xlperf.serve.security import hash_password
from xlperf.serve.store import Store
from serve_helpers import (EXAMPLE_GRADE, EXAMPLE_TOTAL, PASSWORD, ROOT, free_port, start_server, stop_server,
                           wait_for_port, wrong_workbook)

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

UNIT_B = "甲区卫生健康委员会"


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    data = tmp_path_factory.mktemp("submit") / "data"
    store = Store.open(data)
    store.set_admin("admin", hash_password(PASSWORD))
    tokens = {name: store.add_unit(name)[0]["token"] for name in (EXAMPLE_UNIT, UNIT_B)}
    store.db.close()
    port = free_port()
    proc = start_server(data, port, "--jobs", "1")
    try:
        wait_for_port(port)
        base = f"http://127.0.0.1:{port}"
        yield {name: f"{base}/u/{tok}" for name, tok in tokens.items()}
    finally:
        stop_server(proc)


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "xlperf.cli", "submit", *args], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=300)


def _link_cell(path) -> tuple[str, str]:
    """Where the form's 设置 field 报送链接 is (its defined name, as a clerk's Excel shows it)."""
    wb = openpyxl.load_workbook(path)
    (sheet, ref), = wb.defined_names["报送链接"].destinations
    return sheet, ref.replace("$", "")


def test_api_url_from_the_printed_link():
    # the link `xlperf serve units add` prints is http://host:port/u/{token}; the API is /api/submit/{token}
    assert api_url("http://10.0.0.5:8080/u/abc") == "http://10.0.0.5:8080/api/submit/abc"
    assert api_url(" https://pf.example/jx/u/abc/ ") == "https://pf.example/jx/api/submit/abc"
    assert api_url("http://10.0.0.5:8080/api/submit/abc") == "http://10.0.0.5:8080/api/submit/abc"
    for bad in ("", "10.0.0.5:8080/u/abc", "http://10.0.0.5:8080"):
        with pytest.raises(SubmitError):
            api_url(bad)


def test_the_example_is_accepted_with_the_reference_figures(service):
    answer = submit_file(EXAMPLE, service[EXAMPLE_UNIT], timeout=120)
    # accepted with the example's one warning: the reference report's leftover instruction in 五, at its cell
    assert (answer.status, answer.total, answer.grade) == ("有警告", EXAMPLE_TOTAL, EXAMPLE_GRADE)
    cell = next(f"文字材料!{c.coordinate}" for row in openpyxl.load_workbook(EXAMPLE)["文字材料"].iter_rows() for c in row
                if c.value == EXAMPLE_LEFTOVER)
    assert answer.problems == [{"level": "警告", "where": cell, "item": "文字材料",
                                "message": "本段像是填写说明，请改写为本单位情况或删除"}]
    assert answer.report.startswith(service[EXAMPLE_UNIT].split("/u/")[0] + "/u/")


def test_the_cli_reads_the_link_from_the_settings_sheet(service, tmp_path):
    sheet, cell = _link_cell(EXAMPLE)
    assert sheet == "设置"
    form = changed_copy(EXAMPLE, tmp_path / "有链接.xlsx", {(sheet, cell): service[EXAMPLE_UNIT]})
    res = _cli(str(form))
    assert res.returncode == 0, res.stderr
    assert "有警告" in res.stdout and "总分 91" in res.stdout and "等级 优" in res.stdout  # the example's one warning


def test_a_form_with_errors_gets_its_cells_listed(service, tmp_path):
    form = wrong_workbook(tmp_path, UNIT_B)
    answer = submit_file(form, service[UNIT_B])
    assert answer.status == "填报有误" and answer.total is None
    assert "指标评分!H11" in [p["where"] for p in answer.problems if p["level"] == "错误"]
    res = _cli(str(form), "--url", service[UNIT_B])
    assert res.returncode == 1, res.stderr
    assert "填报有误" in res.stdout and "指标评分!H11" in res.stdout


def test_a_wrong_token_gets_the_services_refusal(service):
    wrong = service[EXAMPLE_UNIT].rsplit("/", 1)[0] + "/不存在的令牌"
    with pytest.raises(SubmitError, match="拒绝.*此报送链接无效或已被停用"):
        submit_file(EXAMPLE, wrong)
    res = _cli(str(EXAMPLE), "--url", wrong)
    assert res.returncode == 2 and "此报送链接无效或已被停用" in res.stderr


def test_another_units_link_is_refused(service):
    answer = submit_file(EXAMPLE, service[UNIT_B])  # the example names 中共郑州市金水区委组织部
    assert answer.status != "成功" and answer.total is None


def test_no_link_says_how_to_get_one(tmp_path):
    res = _cli(str(EXAMPLE))  # the committed example has an empty 报送链接
    assert res.returncode == 2
    assert "向财政局索取本单位的报送链接" in res.stderr and "设置" in res.stderr and "报送链接" in res.stderr


def test_a_service_that_is_down_is_said_so():
    port = free_port()  # nothing listens there
    with pytest.raises(SubmitError, match="连接不上报送服务"):
        submit_file(EXAMPLE, f"http://127.0.0.1:{port}/u/abc", timeout=5)


def test_a_silent_service_times_out():
    with socket.socket() as listener:  # accepts the connection (backlog) but never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(5)
        port = listener.getsockname()[1]
        start = time.monotonic()
        with pytest.raises(SubmitError, match="连接不上报送服务.*等待超时"):
            submit_file(EXAMPLE, f"http://127.0.0.1:{port}/u/abc", timeout=1.5)
        assert time.monotonic() - start < 15


def test_send_to_shows_the_answer_as_a_page(service, tmp_path):
    # 发送到 →「报送财政局」 has no console: the answer is a page next to the form, listing each cell
    form = wrong_workbook(tmp_path, UNIT_B)
    res = subprocess.run([sys.executable, "-m", "xlperf.cli", "submit", "--show", str(form), "--url", service[UNIT_B]],
                         capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300,
                         env={**os.environ, "XLPERF_NO_OPEN": "1"})
    assert res.returncode == 1 and res.stdout == "", res.stderr
    page = (tmp_path / f"{form.stem}-报送结果.html").read_text(encoding="utf-8")
    assert "<h1>报送结果</h1>" in page and "填报有误" in page and "指标评分!H11" in page and "“报送财政局”" in page


def test_setup_installs_the_second_entry(tmp_path):
    from xlperf.commands import setup as S

    S.install_desktop_entry(tmp_path, "/usr/bin/python3")
    entry = (tmp_path / S.SUBMIT_DESKTOP_FILE).read_text(encoding="utf-8")
    assert "Name=报送财政局" in entry and "Exec=/usr/bin/python3 -m xlperf.cli submit --show %F" in entry
    assert "Name=生成绩效自评报告" in (tmp_path / S.DESKTOP_FILE).read_text(encoding="utf-8")
    spec = S.submit_shortcut_spec(r"C:\venv")
    assert spec["name"] == "报送财政局.lnk" and spec["target"] == r"C:\venv\Scripts\pythonw.exe"
    assert spec["arguments"] == "-m xlperf.cli submit --show"
