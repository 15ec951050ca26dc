"""One upload → its answer: received on disk, kept by content hash, checked in the worker pool, stored.

The order of the guards is the CLI's: the file's name and size first (nothing past the size limit is even
written), then the worker — the reader's own guards (zip bombs, XML entities, too many cells), the check, the
score and the report, exactly as ``xlperf batch`` runs them.  Then the service's own rules: the workbook must
be the link's unit, and of the year the service collects (when one is set).  A refused workbook is kept and
logged like any other, but does not become the unit's submission.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..batch import worker
from ..batch.lastyear import unit_key
from ..batch.naming import base_name
from ..batch.record import Line, Record, Status, answer_word, json_number, problem_json
from ..domain.problems import ERROR
from ..workbook import read as reader
from .files import client_name, receive
from .jobs import Pool
from .store import Row, Store

SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Answer:
    """What the clerk (or a program) is told about one upload."""

    status: str  # 成功 / 有警告 / 填报有误 / 无法读取
    total: Optional[float] = None
    grade: Optional[str] = None
    problems: list[dict] = field(default_factory=list)
    report: Optional[str] = None  # the download's URL path
    upload_id: Optional[int] = None
    unit: str = ""
    year: Optional[int] = None
    file: str = ""

    def to_json(self) -> dict:
        return {"status": self.status, "total": self.total, "grade": self.grade, "problems": self.problems,
                "report": self.report, "upload": self.upload_id, "unit": self.unit, "year": self.year,
                "file": self.file}


def answer_of(record: Record) -> Answer:
    """The answer's words and figures; its ``file`` and ``upload`` are the stored upload's (set by the callers)."""
    return Answer(answer_word(record.status), json_number(record.total), record.grade or None,
                  [problem_json(line.where, line.label, line.message, line.severity) for line in record.problems], unit=record.unit, year=record.year)


def refusal(record: Record, unit: Row, year: Optional[int]) -> Optional[Line]:
    """Why a readable workbook is not this link's submission: another unit's, or another year's."""
    if record.status in (Status.UNREADABLE, Status.FAILED):
        return None
    if record.unit and unit_key(record.unit) != unit_key(unit["name"]):
        return Line(record.unit_at, "单位名称", f"本链接属于“{unit['name']}”，此工作簿的单位名称为“{record.unit}”："
                    "请上传本单位的填报表，或使用该单位自己的报送链接", ERROR)
    if year is not None and record.year is not None and int(record.year) != year:
        return Line(record.year_at, "年度", f"本次报送的是{year}年度，此工作簿的年度为{record.year}年：请上传{year}年度的填报表",
                    ERROR)
    return None


def refuse(record: Record, line: Line) -> Record:
    record = record.copy()
    record.problems = [line] + list(record.problems)
    record.errors += 1
    record.status, record.reason = Status.INVALID, line.message
    record.total, record.grade = None, ""
    return record


async def submit(store: Store, pool: Pool, unit: Row, upload, *, year: Optional[int] = None,
                 profile: Optional[str] = None, addr: str = "", limit: Optional[int] = None,
                 report_url=lambda upload_id: f"/report/{upload_id}") -> Answer:
    """Receive ``upload`` (a Starlette UploadFile) for ``unit`` and answer it."""
    name = client_name(getattr(upload, "filename", ""))
    if Path(name).suffix.lower() not in SUFFIXES:
        store.log(unit["name"], "上传被拒绝", f"文件类型不对：{name}", addr)
        return Answer(Status.UNREADABLE.value, problems=[problem_json(
            "", "", f"不支持的文件类型：{name}（应为 .xlsx 或 .xlsm 工作簿）", ERROR)], file=name)
    job = store.data.job_dir()
    try:
        tmp, sha, size = await receive(upload, job, limit or reader.MAX_BYTES)
        if tmp is None:
            store.log(unit["name"], "上传被拒绝", f"文件过大：{name}（{size}字节以上）", addr)
            return Answer(Status.UNREADABLE.value, problems=[problem_json("", "", reader.too_big(size, name), ERROR)], file=name)
        suffix = Path(name).suffix.lower()
        kept = store.data.keep_upload(tmp, sha, suffix)
        work = job / "in" / name
        work.parent.mkdir()
        shutil.copyfile(kept, work)  # the worker reads it under the clerk's own file name (its messages name it)
        task = worker.Task(str(work), name, str(job / "out"), ("docx",), profile or None, sniff=False)
        record = await pool.run(task)
        why = refusal(record, unit, year)
        if why is not None:
            record = refuse(record, why)
        upload_id = store.add_upload(unit["id"], record, sha256=sha, filename=name, size=size,
                                     accepted=why is None, addr=addr)
        out = answer_of(record)
        out.upload_id, out.file = upload_id, name
        if why is None and record.outputs:
            report = Path(record.outputs[0])
            rel = store.data.keep_report(report, upload_id, f"{base_name(record.unit, record.year)}{report.suffix}")
            store.set_report(upload_id, rel.as_posix())
            out.report = report_url(upload_id)
        action = "上传" if why is None else "上传被拒绝"
        store.log(unit["name"], action, f"{name}（{out.status}，第{upload_id}号）", addr)
        return out
    finally:
        shutil.rmtree(job, ignore_errors=True)


def stored_answer(row: Row, report_url=lambda upload_id: f"/report/{upload_id}") -> Answer:
    """The answer given for a stored upload (the unit's page shows its latest again)."""
    record = Record.from_json(json.loads(row["record"]))
    out = answer_of(record)
    out.upload_id, out.file = row["id"], row["filename"]
    if row["report"]:
        out.report = report_url(row["id"])
    return out
