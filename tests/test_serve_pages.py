"""The bureau's other pages and downloads: revoking and re-issuing a link from the units page, the zip of all
reports (with the 汇总表 whose links open them), the PDF made from a unit's Word report (LibreOffice), the
audit log, filters on 报送进度.
"""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from serve_helpers import backend, client, pg, pool, store  # noqa: F401 - fixtures
from serve_helpers import PASSWORD, csrf_of, log_in, unit_workbook, wrong_workbook

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # starlette's TestClient over httpx

UNIT_A, UNIT_B = "己市统计局", "己市审计局"


def send(client, token, path):
    return client.post(f"/api/submit/{token}", files={"file": (path.name, path.read_bytes())}).json()


def test_revoke_and_reissue_from_the_units_page(client, store):
    unit = store.add_unit(UNIT_A)[0]
    assert log_in(client).status_code == 303
    page = client.get("/admin/units")
    assert f"/u/{unit['token']}" in page.text
    csrf = csrf_of(page.text)
    client.post(f"/admin/units/{unit['id']}/revoke", data={"csrf": csrf})
    assert client.get(f"/u/{unit['token']}").status_code == 404
    client.post(f"/admin/units/{unit['id']}/reissue", data={"csrf": csrf})
    new = store.unit(unit["id"])
    assert new["token"] != unit["token"] and client.get(f"/u/{new['token']}").status_code == 200
    assert client.get(f"/u/{unit['token']}").status_code == 404
    actions = [r["action"] for r in store.audit()]
    assert "停用链接" in actions and "重新发放链接" in actions


def test_progress_filters_and_the_zip_of_all_reports(client, store, tmp_path):
    a, b = store.add_unit(UNIT_A)[0], store.add_unit(UNIT_B)[0]
    send(client, a["token"], unit_workbook(tmp_path / "in", UNIT_A))
    send(client, b["token"], wrong_workbook(tmp_path / "in", UNIT_B))
    assert log_in(client).status_code == 303
    only_wrong = client.get("/admin", params={"year": 2021, "status": "填报有误"}).text
    assert UNIT_B in only_wrong and UNIT_A not in only_wrong.split('id="progress"')[1]
    found = client.get("/admin", params={"year": 2021, "q": "统计"}).text.split('id="progress"')[1]
    assert UNIT_A in found and UNIT_B not in found
    res = client.get("/admin/reports.zip?year=2021")
    assert res.status_code == 200
    with zipfile.ZipFile(io.BytesIO(res.content)) as z:
        names = sorted(z.namelist())
    assert names == sorted(["汇总表.xlsx", f"{UNIT_A}2021年度部门整体绩效自评报告.docx"])
    assert list((store.data.tmp).iterdir()) == []  # the download's working folder is gone once sent
    audit = client.get("/admin/audit").text
    assert "上传" in audit and "下载" in audit and "testclient" in audit


@pytest.mark.skipif(shutil.which("soffice") is None, reason="needs LibreOffice")
def test_the_pdf_of_a_report_is_made_once_and_kept(client, store, tmp_path):
    a = store.add_unit(UNIT_A)[0]
    answer = send(client, a["token"], unit_workbook(tmp_path / "in", UNIT_A))
    res = client.get(answer["report"] + "/pdf")
    assert res.status_code == 200 and res.content.startswith(b"%PDF")
    kept = store.data.resolve(store.upload(answer["upload"])["report"]).with_suffix(".pdf")
    assert kept.exists() and kept.read_bytes() == res.content
