"""Downloading one upload's report: the Word file, or its PDF made once by LibreOffice and kept beside it."""

from __future__ import annotations

import asyncio
import shutil
from typing import Optional

from starlette.responses import FileResponse, Response

from ..infra.office import OfficeError, convert
from .store import Row


class PlainChinese(Response):
    media_type = "text/plain; charset=utf-8"


async def report_response(service, row: Row, fmt: Optional[str]) -> Response:
    """The report of upload ``row``: the Word file, or a PDF made from it once (LibreOffice) and kept."""
    docx = service.store.data.resolve(row["report"])
    if fmt != "pdf":
        return FileResponse(docx, filename=docx.name)
    pdf = docx.with_suffix(".pdf")
    if not pdf.exists():
        work = service.store.data.job_dir()
        try:
            made = await asyncio.to_thread(convert, docx, "pdf", work)
            made.replace(pdf)
        except OfficeError as exc:
            return PlainChinese(str(exc), 503)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    return FileResponse(pdf, filename=pdf.name)
