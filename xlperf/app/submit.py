"""Send a saved form to the finance bureau's service (``xlperf serve``) and read its answer.

The unit's submission link is the one the bureau prints for it (``xlperf serve units add``):
``http(s)://host:port/u/{token}``; the client posts the file to ``/api/submit/{token}`` on the same host
(a link already ending in ``/api/submit/{token}`` is taken as it is).  Standard library only (urllib, a
multipart body built by hand), so the ribbon and the Send To entry stay light.
"""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..errors import SubmitError  # noqa: F401 - raised here, caught by the front ends

#: the 设置 field that holds the link (workbook/layout.py declares it; named here for the messages)
LINK_LABEL = "设置表的“报送链接”"
NO_LINK = ("还没有报送链接：请向财政局索取本单位的报送链接（形如 http://服务器:8080/u/……），"
           f"填在{LINK_LABEL}一栏，保存后再报送。")
TIMEOUT = 120.0  # seconds: the service checks and writes the report before it answers


@dataclass
class Answer:
    """The service's answer (``/api/submit``): status, total, grade, problems, report link."""

    status: str
    total: Optional[float] = None
    grade: Optional[str] = None
    problems: list = field(default_factory=list)
    report: Optional[str] = None



def api_url(link: str) -> str:
    """The API address for a unit's submission link; :class:`SubmitError` when it is not one."""
    link = (link or "").strip()
    if not link:
        raise SubmitError(NO_LINK)
    parts = urllib.parse.urlsplit(link)
    segments = [s for s in parts.path.split("/") if s]
    if parts.scheme not in ("http", "https") or not parts.netloc or not segments:
        raise SubmitError(f"报送链接“{link}”不完整：应形如 http://服务器:8080/u/……，请按财政局发来的链接填写。")
    token = segments[-1]
    if len(segments) >= 3 and segments[-3:-1] == ["api", "submit"]:
        prefix = segments[:-3]
    elif len(segments) >= 2 and segments[-2] == "u":
        prefix = segments[:-2]
    else:
        prefix = segments[:-1]
    path = "/" + "/".join([*prefix, "api", "submit", urllib.parse.quote(token)])
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def _multipart(path: Path) -> tuple[bytes, str]:
    boundary = "xlperf-" + uuid.uuid4().hex
    name = path.name.replace('"', "").replace("\r", "").replace("\n", "")
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()  # UTF-8: a Chinese file name
    body = head + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def submit_file(path, link: str, timeout: float = TIMEOUT) -> Answer:
    """Upload the saved workbook ``path`` through ``link``; the service's answer, or :class:`SubmitError`."""
    url = api_url(link)
    path = Path(path)
    if not path.is_file():
        raise SubmitError(f"找不到文件：{path}")
    body, ctype = _multipart(path)
    request = urllib.request.Request(url, data=body,  # with data: a POST
                                     headers={"Content-Type": ctype, "Accept": "application/json"})
    host = urllib.parse.urlsplit(url).netloc
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = json.loads(response.read())  # JSON's own encodings, UTF-8 first
    except urllib.error.HTTPError as exc:
        raise SubmitError(f"报送服务拒绝了这份文件：{_refusal(exc)}") from None
    except (urllib.error.URLError, socket.timeout, TimeoutError, ConnectionError, OSError) as exc:
        raise SubmitError(f"连接不上报送服务（{host}）：请确认电脑在单位内网、报送链接无误，"
                          f"或稍后再试。（{_reason(exc)}）") from None
    except ValueError:
        raise SubmitError("报送服务的回答无法识别：请确认报送链接是财政局发来的链接。") from None
    if not isinstance(data, dict) or "status" not in data:
        raise SubmitError("报送服务的回答无法识别：请确认报送链接是财政局发来的链接。")
    report = data.get("report")
    if report and report.startswith("/"):
        report = urllib.parse.urljoin(url, report)
    return Answer(status=data["status"], total=data.get("total"), grade=data.get("grade"),
                  problems=list(data.get("problems") or []), report=report)


def _refusal(exc: "urllib.error.HTTPError") -> str:
    try:
        data = json.loads(exc.read())
        if isinstance(data, dict) and data.get("error"):
            return str(data["error"])
    except (ValueError, OSError):
        pass
    return f"HTTP {exc.code}"


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, (socket.timeout, TimeoutError)):
        return "等待超时"
    if isinstance(reason, ConnectionRefusedError):
        return "服务未启动或端口不对"
    return str(reason) or type(reason).__name__


def summary(answer: Answer) -> str:
    """One line for the clerk: the status, and the total and grade when there are."""
    if answer.total is not None:
        total = f"{answer.total:g}" if isinstance(answer.total, float) else str(answer.total)  # 91.0 → 91
        line = f"已报送：{answer.status}，总分 {total}，等级 {answer.grade}。"
    else:
        line = f"已报送：{answer.status}，请按下列问题修改后重新报送。"
    if answer.report:
        line += f"\n报告：{answer.report}"
    return line
