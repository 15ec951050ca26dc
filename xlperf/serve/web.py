"""The Starlette application: the units' pages, the JSON API, and (in :mod:`xlperf.serve.admin`) the bureau's.

Pages are rendered on the server from ``templates/`` with one Jinja2 environment (autoescape, StrictUndefined);
the only assets are ``static/`` (no CDN).  Every response forbids framing and sends no Referer (a unit's link
carries its token), and the session cookie is signed, HttpOnly and SameSite=Strict.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Optional

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..batch.record import unreadable_answer
from ..domain.problems import ERROR, PROBLEM_COLUMNS
from ..infra.office import find_soffice
from ..workbook import read as reader  # reader.MAX_BYTES read at call time (tests lower it)
from . import admin
from .jobs import Pool
from .progress import PROGRESS_WORDS
from .reports import report_response
from .store import Row, Store
from .submit import stored_answer, submit

HERE = Path(__file__).resolve().parent
#: bytes of a request beyond the file itself (multipart headers)
FORM_OVERHEAD = 64 * 1024
SECURITY_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
                               "form-action 'self'; frame-ancestors 'none'",
}


def make_env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals["PROGRESS_WORDS"] = PROGRESS_WORDS
    env.globals["ERROR"], env.globals["PROBLEM_COLUMNS"] = ERROR, PROBLEM_COLUMNS  # problem tables as everywhere
    return env


class Service:
    """What every handler needs: the store, the worker pool, the templates and the collecting year."""

    def __init__(self, store: Store, pool: Pool, year: Optional[int] = None):
        self.store, self.pool, self.env = store, pool, make_env()
        self._year = year

    @property
    def year(self) -> Optional[int]:
        """The 年度 the service collects: ``--year``, else 设置's; None = any year (kept apart per 年度)."""
        if self._year is not None:
            return self._year
        text = self.store.setting("year")
        return int(text) if text.isdigit() else None

    def page(self, request: Request, name: str, status_code: int = 200, **values) -> HTMLResponse:
        values.setdefault("admin", request.session.get("admin"))
        values.setdefault("csrf", request.session.get("csrf", ""))
        return HTMLResponse(self.env.get_template(name).render(**values), status_code=status_code)


def addr(request: Request) -> str:
    return request.client.host if request.client else ""


def _service(request: Request) -> Service:
    return request.app.state.service


def _unit(request: Request) -> Optional[Row]:
    return _service(request).store.unit_by_token(request.path_params["token"])


def _gone(service: Service, request: Request) -> HTMLResponse:
    return service.page(request, "message.html.j2", 404, title="链接无效",
                        message="此报送链接无效或已被财政局停用，请向财政局索取新的链接。")


def _too_big(request: Request) -> bool:
    length = request.headers.get("content-length", "")
    return length.isdigit() and int(length) > reader.MAX_BYTES + FORM_OVERHEAD


async def _receive(request: Request, unit: Row) -> dict:
    """Take the multipart field ``file`` of ``request`` and answer it (the API's and the page's common part)."""
    service = _service(request)
    if _too_big(request):
        size = int(request.headers["content-length"])
        service.store.log(unit["name"], "上传被拒绝", f"文件过大（{size}字节）", addr(request))
        return dict(unreadable_answer(reader.too_big(size, "上传的文件")), report=None)
    form = await request.form(max_files=1, max_fields=5)
    upload = form.get("file")
    if upload is None or isinstance(upload, str):
        return dict(unreadable_answer("没有收到文件：请选择填报表后再上传"), report=None)
    token = request.path_params["token"]
    year = service.year
    profile = service.store.year_settings(year)["profile"]  # no 年度 set: no row, no profile
    answer = await submit(service.store, service.pool, unit, upload, year=year, profile=profile, addr=addr(request),
                          report_url=lambda n: f"/u/{token}/report/{n}")
    await form.close()
    return answer.to_json()


# --- the unit's side ---------------------------------------------------------------------------------

async def api_submit(request: Request) -> Response:
    unit = _unit(request)
    if unit is None:
        return JSONResponse({"error": "此报送链接无效或已被停用"}, status_code=404)
    return JSONResponse(await _receive(request, unit))


async def unit_page(request: Request) -> Response:
    service = _service(request)
    unit = _unit(request)
    if unit is None:
        return _gone(service, request)
    token = request.path_params["token"]
    if request.method == "POST":
        answer = await _receive(request, unit)
        if answer.get("upload"):
            return RedirectResponse(f"/u/{token}?upload={answer['upload']}", status_code=303)
        # not stored (no file, wrong type, too big): shown at once, with no report to download
        status, history = 422, []
    else:
        status, history = 200, service.store.uploads_of(unit["id"])
        shown = request.query_params.get("upload")
        row = next((r for r in history if str(r["id"]) == shown), history[0] if history else None)
        answer = stored_answer(row, lambda n: f"/u/{token}/report/{n}").to_json() if row else None
    return service.page(request, "unit.html.j2", status, unit=unit, answer=answer, history=history,
                        year=service.year, title=unit["name"], pdf=find_soffice() is not None, admin=None)


async def unit_report(request: Request) -> Response:
    service = _service(request)
    unit = _unit(request)
    if unit is None:
        return _gone(service, request)
    row = service.store.upload(int(request.path_params["upload"]))
    if row is None or row["unit_id"] != unit["id"] or not row["report"]:
        return service.page(request, "message.html.j2", 404, title="没有报告", message="没有找到这份报告。")
    service.store.log(unit["name"], "下载报告", f"第{row['id']}号", addr(request))
    return await report_response(service, row, request.path_params.get("fmt"))


# --- the application ---------------------------------------------------------------------------------

async def home(request: Request) -> Response:
    return RedirectResponse("/admin" if request.session.get("admin") else "/login", status_code=303)


def security_headers(app):
    async def wrapped(scope, receive, send):
        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
                message = dict(message, headers=headers)
            await send(message)
        if scope["type"] != "http":
            return await app(scope, receive, send)
        return await app(scope, receive, send_with_headers)
    return wrapped


def create_app(store: Store, *, pool: Optional[Pool] = None, year: Optional[int] = None, jobs: Optional[int] = None,
               https: bool = False) -> Starlette:
    """The service over ``store``; ``pool``: a worker pool to share (tests), else one of ``jobs`` processes."""
    pool = pool or Pool(jobs)
    service = Service(store, pool, year)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        pool.close()

    routes = [
        Route("/", home),
        Route("/u/{token}", unit_page, methods=["GET", "POST"]),
        Route("/u/{token}/report/{upload:int}", unit_report),
        Route("/u/{token}/report/{upload:int}/{fmt:str}", unit_report),
        Route("/api/submit/{token}", api_submit, methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static"))),
        *admin.routes(),
    ]
    middleware = [Middleware(security_headers), Middleware(SessionMiddleware, secret_key=store.data.secret(), session_cookie="xlperf_session",
                             same_site="strict", https_only=https, max_age=8 * 3600)]
    app = Starlette(routes=routes, middleware=middleware, lifespan=lifespan)
    app.state.service = service
    return app
