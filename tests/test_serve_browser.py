"""A real browser (Debian's chromium, headless, through Playwright — no browser download) drives ``xlperf serve``:
the administrator logs in and imports the unit list; a clerk uploads a form with errors, reads the problems
table, uploads the corrected form and downloads the report; the bureau sees 报送进度 and 排名 and downloads
the 汇总表.  A screenshot of every page is taken; ``XLPERF_SERVE_SHOTS=1`` keeps them in docs/serve/ (README).

Expected figures: the example's 总分 91 (reference report), and 91 − 1 = 90 for the unit that scored one
indicator 1 of 2 by hand; 名次 1 and 2 follow.
"""

from __future__ import annotations

import io
import os
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from xlperf.serve.security import hash_password
from xlperf.serve.store import Store
from serve_helpers import (PASSWORD, ROOT, free_port, one_point_less_workbook, start_server, stop_server,
                           unit_workbook, wait_for_port, wrong_workbook)

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
UNITS = ("戊县教育局", "戊县卫生健康委员会", "戊县财政局")


def _need_browser():
    try:
        import playwright  # noqa: F401
    except ImportError:
        playwright = None
    if CHROMIUM and playwright is not None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail("CI: Debian's chromium and the playwright package are required (.ci/run installs them)")
    pytest.skip("needs Debian's chromium (apt-get install chromium) and playwright (pip install xlperf[serve-test])")


@pytest.fixture
def server(tmp_path):
    _need_browser()
    data = tmp_path / "data"
    store = Store.open(data)
    store.set_admin("admin", hash_password(PASSWORD))
    store.set_setting("bureau", "戊县财政局")
    store.db.close()
    port = free_port()
    proc = start_server(data, port, "--jobs", "1", "--year", "2021")
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_server(proc)


@pytest.fixture
def page(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900}, locale="zh-CN")
        yield context.new_page()
        context.close()
        browser.close()


class Shots:
    def __init__(self, folder: Path):
        self.folder = folder
        self.keep = ROOT / "docs" / "serve" if os.environ.get("XLPERF_SERVE_SHOTS") == "1" else None

    def __call__(self, page, name: str) -> Path:
        path = self.folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 5000  # a page was drawn
        if self.keep is not None:
            self.keep.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, self.keep / path.name)
        return path


def _unit_list(folder: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["单位名称"])
    for name in UNITS:
        ws.append([name])
    path = folder / "单位名单.xlsx"
    wb.save(path)
    return path


def test_the_whole_round_in_a_browser(server, page, tmp_path):
    shot = Shots(tmp_path)
    page.goto(f"{server}/admin")
    assert page.url.endswith("/login")
    shot(page, "login")
    page.fill("input[name=name]", "admin")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{server}/admin")

    page.goto(f"{server}/admin/units")
    page.set_input_files("form[action='/admin/units/import'] input[type=file]", str(_unit_list(tmp_path)))
    page.click("form[action='/admin/units/import'] button")
    assert page.inner_text("#message") == "名单中3个单位，新增3个"
    links = dict(zip(page.locator("#units tbody tr td:first-child").all_inner_texts(),
                     page.locator("#units code.link-text").all_inner_texts()))
    assert list(links) == list(UNITS) and all(link.startswith(f"{server}/u/") for link in links.values())
    shot(page, "units")

    clerk = page.context.browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 760},
                                             locale="zh-CN").new_page()  # the clerk: another browser, only the link
    clerk.goto(links[UNITS[1]])
    clerk.set_input_files("#upload-form input[type=file]", str(wrong_workbook(tmp_path / "in", UNITS[1])))
    clerk.click("#upload-form button")
    clerk.wait_for_selector("#answer")
    assert clerk.inner_text("#status") == "填报有误"
    rows = clerk.locator("#problems tbody tr").all_inner_texts()
    assert any("指标评分!H11" in r and "约95" in r and r.startswith("错误") for r in rows)
    shot(clerk, "unit-errors")

    clerk.set_input_files("#upload-form input[type=file]", str(unit_workbook(tmp_path / "fixed", UNITS[1])))
    clerk.click("#upload-form button")
    clerk.wait_for_selector("#report")
    assert (clerk.inner_text("#status"), clerk.inner_text("#total"), clerk.inner_text("#grade")) == ("成功", "91", "优")
    shot(clerk, "unit-passed")
    with clerk.expect_download() as info:
        clerk.click("#report")
    report = tmp_path / "report.docx"
    info.value.save_as(report)
    assert info.value.suggested_filename == f"{UNITS[1]}2021年度部门整体绩效自评报告.docx"
    with zipfile.ZipFile(report) as z:
        assert UNITS[1] in z.read("word/document.xml").decode("utf-8")

    clerk.goto(links[UNITS[0]])
    clerk.set_input_files("#upload-form input[type=file]", str(one_point_less_workbook(tmp_path / "in", UNITS[0])))
    clerk.click("#upload-form button")
    clerk.wait_for_selector("#answer")
    assert (clerk.inner_text("#status"), clerk.inner_text("#total")) == ("有警告", "90")

    clerk.context.close()
    page.goto(f"{server}/admin")
    table = {r.split("\t")[0]: r.split("\t") for r in page.locator("#progress tbody tr").all_inner_texts()}
    assert table[UNITS[0]][1] == "有警告" and table[UNITS[0]][3:6] == ["90.00", "优", "2"]
    assert table[UNITS[1]][1] == "已通过" and table[UNITS[1]][3:6] == ["91.00", "优", "1"]
    assert table[UNITS[2]][1] == "未报送"
    assert "未报送 1" in page.inner_text("#counts") and "已通过 1" in page.inner_text("#counts")
    shot(page, "progress")

    page.goto(f"{server}/admin/summary")
    ranking = [r.split("\t")[:3] for r in page.locator("#ranking tbody tr").all_inner_texts()]
    assert ranking == [["1", UNITS[1], "91.00"], ["2", UNITS[0], "90.00"]]
    assert any("指标评分!M7" in r for r in page.locator("#problem-list tbody tr").all_inner_texts())
    shot(page, "summary")
    with page.expect_download() as info:
        page.click("#summary-download")
    assert info.value.suggested_filename == "汇总表.xlsx"
    ws = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))["汇总"]
    assert "戊县财政局" in str(ws["A1"].value)
    values = [[c.value for c in r] for r in ws.iter_rows()]
    head = next(r for r in values if "单位" in r)
    units_in_order = [r[head.index("单位")] for r in values[values.index(head) + 1:] if r[head.index("单位")]]
    assert units_in_order == [UNITS[1], UNITS[0]]

    page.goto(f"{server}/admin/settings")
    assert page.input_value("input[name=year]") == "2021"  # fixed by --year
    shot(page, "settings")
    page.goto(f"{server}/admin/audit")
    actions = [r.split("\t")[2] for r in page.locator("#audit tbody tr").all_inner_texts()]
    assert actions.count("上传") == 3 and "导入单位名单" in actions and "登录" in actions
    shot(page, "audit")
