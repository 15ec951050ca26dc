"""The bureau's pages (login, 报送进度, 汇总/排名/问题清单, units and links, settings, audit log) and the
administrators' API (``/api/progress``, ``/api/summary.xlsx`` with a bearer token from ``xlperf serve token``).

Every page needs a logged-in administrator (the signed session); every form posted carries the session's
CSRF token, and a post without it (or with another) is refused with 403 before anything changes.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Optional

from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..batch.lastyear import read_last_year
from ..batch.summary import SUMMARY_NAME
from ..domain.profiles import available
from ..errors import InputError
from .files import client_name, receive
from .reports import report_response
from .progress import PROGRESS_WORDS, problem_rows, progress, ranking, write_reports_zip, write_year_summary
from .security import csrf_ok, login, new_csrf
from .unitlist import read_unit_names

MAX_LIST_BYTES = 10 * 1024 * 1024


def _svc(request: Request):
    return request.app.state.service


def _addr(request: Request) -> str:
    return request.client.host if request.client else ""


def _link(request: Request, token: str) -> str:
    return f"{request.base_url}u/{token}"  # Starlette's base_url always ends in "/"


def _year(request: Request) -> Optional[int]:
    svc = _svc(request)
    text = str(request.query_params.get("year"))  # none asked: "None", not digits
    if text.isdigit():
        return int(text)
    if svc.year is not None:
        return svc.year
    years = svc.store.years()
    return years[0] if years else None


def _bearer_admin(request: Request) -> Optional[str]:
    head = request.headers.get("authorization", "")
    if head.lower().startswith("bearer "):
        return _svc(request).store.api_admin(head[7:].strip())
    return None


def needs_admin(handler):
    """A page for logged-in administrators; a POST must carry the session's CSRF token."""

    async def wrapped(request: Request) -> Response:
        if not request.session.get("admin"):
            return RedirectResponse("/login", status_code=303)
        if request.method == "POST":
            form = await request.form(max_files=1, max_fields=20)
            if not csrf_ok(request.session, form.get("csrf")):
                _svc(request).store.log(request.session["admin"], "请求被拒绝", "缺少或错误的CSRF令牌", _addr(request))
                return _svc(request).page(request, "message.html.j2", 403, title="请求被拒绝",
                                          message="页面已过期或请求来源不明，请刷新页面后重试。")
        return await handler(request)

    return wrapped


async def login_page(request: Request) -> Response:
    svc = _svc(request)
    if "csrf" not in request.session:
        request.session["csrf"] = new_csrf()
    if request.method == "GET":
        return svc.page(request, "login.html.j2", title="登录")  # no error to show
    form = await request.form(max_files=0, max_fields=5)
    if not csrf_ok(request.session, form.get("csrf")):
        return svc.page(request, "login.html.j2", 403, error="页面已过期，请重新输入。", title="登录")
    name = str(form.get("name", "")).strip()
    ok, message = login(svc.store, name, str(form.get("password", "")), _addr(request))
    if not ok:
        return svc.page(request, "login.html.j2", 401, error=message, title="登录")
    request.session.clear()
    request.session.update({"admin": name, "csrf": new_csrf()})
    return RedirectResponse("/admin", status_code=303)


@needs_admin
async def logout(request: Request) -> Response:
    _svc(request).store.log(request.session["admin"], "退出", "", _addr(request))
    request.session.clear()
    return RedirectResponse("/login", status_code=303)


@needs_admin
async def progress_page(request: Request) -> Response:
    svc = _svc(request)
    year = _year(request)
    lines = progress(svc.store, year)
    counts = {w: sum(1 for x in lines if x.status == w) for w in PROGRESS_WORDS}
    wanted, query = request.query_params.get("status", ""), request.query_params.get("q", "").strip()
    shown = [x for x in lines if (not wanted or x.status == wanted) and (not query or query in x.unit["name"])]
    return svc.page(request, "progress.html.j2", title="报送进度", lines=shown, counts=counts, year=year,
                    years=svc.store.years(), wanted=wanted, query=query, total=len(lines))


@needs_admin
async def summary_page(request: Request) -> Response:
    svc = _svc(request)
    year = _year(request)
    lines = progress(svc.store, year)
    return svc.page(request, "summary.html.j2", title="汇总与排名", ranked=ranking(lines),
                    problems=problem_rows(lines), year=year, years=svc.store.years())


@needs_admin
async def units_page(request: Request) -> Response:
    svc = _svc(request)
    units = [dict(u, link=_link(request, u["token"])) for u in svc.store.units()]
    return svc.page(request, "units.html.j2", title="单位与链接", units=units, message=request.query_params.get("m", ""))


@needs_admin
async def units_add(request: Request) -> Response:
    svc = _svc(request)
    form = await request.form()
    added = 0
    for name in str(form.get("names", "")).splitlines():
        if name.strip():
            unit, created = svc.store.add_unit(name)
            added += created
            if created:
                svc.store.log(request.session["admin"], "添加单位", unit["name"], _addr(request))
    return _to_units(f"已添加{added}个单位")


@needs_admin
async def units_import(request: Request) -> Response:
    svc = _svc(request)
    form = await request.form()
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        return _to_units("请选择单位名单文件")
    name = client_name(upload.filename)
    job = svc.store.data.job_dir()
    try:
        tmp, _sha, _size = await receive(upload, job, MAX_LIST_BYTES)
        if tmp is None:
            return _to_units("单位名单文件过大")
        try:
            names = read_unit_names(tmp.rename(tmp.with_name(f"list{Path(name).suffix.lower()}")), name)
        except InputError as exc:
            return _to_units(str(exc))
    finally:
        _drop(job)
    added = sum(svc.store.add_unit(n)[1] for n in names)
    svc.store.log(request.session["admin"], "导入单位名单", f"{name}：{len(names)}个单位，新增{added}个", _addr(request))
    return _to_units(f"名单中{len(names)}个单位，新增{added}个")


@needs_admin
async def unit_revoke(request: Request) -> Response:
    return _revoke_link(request, "停用链接", "链接已停用", reissue=False)


@needs_admin
async def unit_reissue(request: Request) -> Response:
    return _revoke_link(request, "重新发放链接", "已发放新链接，旧链接停用", reissue=True)


def _to_units(message: str) -> Response:
    """Back to the units page, saying ``message`` above the list."""
    return RedirectResponse(f"/admin/units?m={message}", status_code=303)


def _revoke_link(request: Request, action: str, done: str, reissue: bool) -> Response:
    """Stop the unit's link (and give it a new one when ``reissue``), logged as ``action``; back to the units
    page saying ``done``.  An unknown unit changes nothing."""
    svc = _svc(request)
    unit = svc.store.unit(int(request.path_params["unit"]))
    if unit is not None:
        svc.store.revoke_unit(unit["id"])
        if reissue:
            svc.store.add_unit(unit["name"])
        svc.store.log(request.session["admin"], action, unit["name"], _addr(request))
    return _to_units(done)


@needs_admin
async def settings_page(request: Request) -> Response:
    svc = _svc(request)
    if request.method == "POST":
        form = await request.form()
        year = str(form.get("year", "")).strip()
        if svc._year is not None:  # fixed by --year
            year = str(svc._year)
        svc.store.set_setting("year", year if year.isdigit() else "")
        svc.store.set_setting("bureau", str(form.get("bureau", "")).strip())
        message = "已保存"
        if year.isdigit():
            last, problem = await _last_year(svc, form.get("last_year"), int(year))
            svc.store.set_year_settings(int(year), str(form.get("profile", "")), str(form.get("deadline", "")), last)
            message = problem or message
        svc.store.log(request.session["admin"], "修改设置", f"年度{year or '不限'}", _addr(request))
        return RedirectResponse(f"/admin/settings?m={message}", status_code=303)
    year = svc.year
    return svc.page(request, "settings.html.j2", title="设置", year=year, bureau=svc.store.setting("bureau"),
                    fixed=svc._year is not None, profiles=available(),
                    settings=svc.store.year_settings(year) if year is not None else {},
                    message=request.query_params.get("m", ""))


async def _last_year(svc, upload, year: int) -> tuple[Optional[str], str]:
    """Last year's 汇总表 for ``year`` (同比, 名次变化), checked as ``xlperf batch --last-year`` checks it and kept
    in the data folder: (its stored path or None, what went wrong)."""
    if upload is None or isinstance(upload, str) or not upload.filename:
        return None, ""
    name = client_name(upload.filename)
    job = svc.store.data.job_dir()
    try:
        tmp, _sha, _size = await receive(upload, job, MAX_LIST_BYTES)
        if tmp is None:
            return None, "上年汇总表文件过大"
        named = tmp.rename(job / name)
        try:
            read_last_year(named)
        except InputError as exc:
            return None, str(exc)
        folder = svc.store.data.root / "lastyear"
        folder.mkdir(exist_ok=True)
        final = folder / f"{year}-{name}"
        os.replace(named, final)
        return final.relative_to(svc.store.data.root).as_posix(), ""
    finally:
        _drop(job)


@needs_admin
async def audit_page(request: Request) -> Response:
    svc = _svc(request)
    return svc.page(request, "audit.html.j2", title="操作记录", rows=svc.store.audit())


@needs_admin
async def admin_report(request: Request) -> Response:
    svc = _svc(request)
    row = svc.store.upload(int(request.path_params["upload"]))
    if row is None or not row["report"]:
        return svc.page(request, "message.html.j2", 404, title="没有报告", message="没有找到这份报告。")
    return await report_response(svc, row, request.path_params.get("fmt", "docx"))


async def _download(request: Request, who: str, make, name: str, media: str) -> Response:
    svc = _svc(request)
    folder = svc.store.data.job_dir()
    try:
        path = make(svc.store, _year(request), folder)
    except (InputError, ValueError) as exc:
        _drop(folder)
        return svc.page(request, "message.html.j2", 409, title="无法下载", message=str(exc))
    svc.store.log(who, "下载", name, _addr(request))
    return FileResponse(path, filename=path.name, media_type=media, background=BackgroundTask(_drop, folder))


def _drop(folder: Path) -> None:
    """Remove a job folder of this service; one already gone (or held open) is no error."""
    shutil.rmtree(folder, ignore_errors=True)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@needs_admin
async def summary_xlsx(request: Request) -> Response:
    return await _download(request, request.session["admin"], write_year_summary, SUMMARY_NAME, XLSX)


@needs_admin
async def reports_zip(request: Request) -> Response:
    return await _download(request, request.session["admin"], write_reports_zip, "全部报告.zip", "application/zip")


async def api_progress(request: Request) -> Response:
    who = _bearer_admin(request)
    if who is None:
        return JSONResponse({"error": "需要管理员令牌（xlperf serve token）"}, status_code=401)
    year = _year(request)
    return JSONResponse({"year": year, "units": [x.to_json() for x in progress(_svc(request).store, year)]})


async def api_summary(request: Request) -> Response:
    who = _bearer_admin(request) or request.session.get("admin")
    if who is None:
        return JSONResponse({"error": "需要管理员令牌（xlperf serve token）"}, status_code=401)
    return await _download(request, who, write_year_summary, SUMMARY_NAME, XLSX)


#: the methods of the pages that take a form (Starlette upper-cases whatever it is given)
GET_POST, POST = ["GET", "POST"], ["POST"]


def routes() -> list[Route]:
    return [
        Route("/login", login_page, methods=GET_POST),
        Route("/logout", logout, methods=POST),
        Route("/admin", progress_page),
        Route("/admin/summary", summary_page),
        Route("/admin/units", units_page),
        Route("/admin/units/add", units_add, methods=POST),
        Route("/admin/units/import", units_import, methods=POST),
        Route("/admin/units/{unit:int}/revoke", unit_revoke, methods=POST),
        Route("/admin/units/{unit:int}/reissue", unit_reissue, methods=POST),
        Route("/admin/settings", settings_page, methods=GET_POST),
        Route("/admin/audit", audit_page),
        Route("/admin/report/{upload:int}", admin_report),
        Route("/admin/report/{upload:int}/{fmt:str}", admin_report),
        Route("/admin/summary.xlsx", summary_xlsx),
        Route("/admin/reports.zip", reports_zip),
        Route("/api/progress", api_progress),
        Route("/api/summary.xlsx", api_summary),
    ]
