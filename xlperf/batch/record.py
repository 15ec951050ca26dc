"""What one workbook of a batch came to: the typed record every batch module reads (and the manifest stores).

:class:`Status` declares the five status words once; :class:`Record` replaces the 19-key dict the
worker, the orchestrator, the naming, the progress lines, the manifest, the year-on-year columns and the
summary used to read by string keys.  A record crosses the process boundary pickled and is stored in
the manifest as JSON (:meth:`Record.to_json` / :meth:`Record.from_json`, the same keys as manifest format 2).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields, replace
from decimal import Decimal
from enum import Enum
from typing import NamedTuple, Optional

from ..domain.problems import ERROR


class Status(str, Enum):
    """A workbook's status, as 汇总 and the progress lines print it."""

    OK = "成功"
    WARN = "有警告"  # a report was written, with warnings
    INVALID = "填报有误"  # it opened, but the filling has errors: no report
    UNREADABLE = "无法读取"  # it cannot be opened at all (broken, encrypted, not a workbook)
    FAILED = "失败"  # timed out, the worker died, or the report could not be written

    def __str__(self) -> str:
        return self.value

    @property
    def has_report(self) -> bool:
        return self in (Status.OK, Status.WARN)


#: in the order 统计 and the CLI's last line count them
STATUSES = tuple(Status)
#: the derived figures (keys of :data:`xlperf.domain.evaluate.FACTS`) a record carries for 汇总
RATE_KEYS = ("执行率_年初", "执行率_调整")
#: the places 汇总 prints every score with (总分, 上年总分, 变化, level scores, 统计): its cells hold the scores
#: rounded so, and 变化 is taken between the two totals as printed (printed − printed = the printed 变化)
SCORE_PLACES = 2


class Line(NamedTuple):
    """One problem as 问题清单 lists it (JSON: a list of four strings)."""

    where: str
    label: str
    message: str
    severity: str


class Level(NamedTuple):
    """A scored indicator: name, 分值 and 得分 as decimal strings (JSON: a list of three)."""

    name: str
    weight: Optional[str]
    score: Optional[str]


@dataclass
class Verdict:
    """What the worker said, kept so that a later run can add (and drop) a name conflict on top of it."""

    status: Status
    reason: str
    problems: list[Line]
    warnings: int


@dataclass
class Record:
    file: str  # the workbook's path relative to the input folder (posix): the record's id
    unit: str = ""
    year: Optional[int] = None
    unit_at: str = ""  # the cells 单位 and 年度 were read from ("基本情况!B3"), "" when not known
    year_at: str = ""
    profile: str = ""
    kind: str = ""  # the report outline's name (部门整体, 项目支出 …): the kind the 汇总表's title names
    total: Optional[str] = None  # decimal string; None when not scored or the filling has errors
    grade: str = ""
    grades: list[str] = field(default_factory=list)  # the form's own grade labels, best first
    levels: list[Level] = field(default_factory=list)  # level-1 indicators
    core: list[Level] = field(default_factory=list)  # 核心指标, when the profile marks some
    rates: dict[str, Optional[str]] = field(default_factory=dict)  # derived figures 汇总 prints
    prev_total: Optional[str] = None  # the form's own 上年总分
    problems: list[Line] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    status: Status = Status.FAILED
    reason: str = ""
    outputs: list[str] = field(default_factory=list)  # files the worker wrote (staging), until moved
    reports: list[str] = field(default_factory=list)  # final report file names in the output folder
    worker: Optional[Verdict] = None

    def verdict(self) -> Verdict:
        return Verdict(self.status, self.reason, list(self.problems), self.warnings)

    def copy(self) -> "Record":
        return replace(self, problems=list(self.problems), outputs=list(self.outputs), reports=list(self.reports))

    def to_json(self) -> dict:
        """Plain JSON types, the keys manifest format 2 stored."""
        data = asdict(self)
        data["status"] = self.status.value
        data["levels"] = [list(x) for x in self.levels]
        data["core"] = [list(x) for x in self.core]
        data["problems"] = [list(x) for x in self.problems]
        if self.worker is None:
            del data["worker"]
        else:
            data["worker"] = {"status": self.worker.status.value, "reason": self.worker.reason,
                              "problems": [list(x) for x in self.worker.problems], "warnings": self.worker.warnings}
        return data

    @classmethod
    def from_json(cls, data: dict) -> "Record":
        """A record stored by :meth:`to_json` — or by earlier versions (format 2), whose dicts had the same
        keys, some of them absent.  Raises ValueError/TypeError/KeyError for something else."""
        known = {f.name for f in fields(cls)}
        kw = {k: v for k, v in data.items() if k in known}
        kw["status"] = Status(kw.get("status", Status.FAILED.value))
        kw["levels"] = [Level(*x) for x in kw.get("levels") or []]
        kw["core"] = [Level(*x) for x in kw.get("core") or []]
        kw["problems"] = [Line(*x) for x in kw.get("problems") or []]
        w = kw.get("worker")
        kw["worker"] = None if w is None else Verdict(Status(w["status"]), w["reason"],
                                                      [Line(*x) for x in w["problems"]], w["warnings"])
        return cls(**kw)


# --- the answer as data: ``xlperf check --json`` and ``xlperf serve``'s API print the same object ----------------

def problem_json(where: str, item: str, message: str, level: str) -> dict:
    """One problem as the JSON answer lists it: level 错误/警告, where ``指标评分!M9``, item, message."""
    return {"level": level, "where": where, "item": item, "message": message}


def json_number(value) -> float | int | None:
    """A decimal (or its string) as a JSON number: an integer when whole."""
    if value is None or value == "":
        return None
    d = Decimal(str(value))
    return int(d) if d == d.to_integral_value() else float(d)


def answer_word(status: Status) -> str:
    """The JSON answer's four words: a worker that failed (timeout, crash) counts as 无法读取."""
    return Status.UNREADABLE.value if status == Status.FAILED else status.value


def check_answer(checked) -> dict:
    """``{"status", "total", "grade", "problems"}`` of a :class:`xlperf.app.check.Checked`: total and grade only
    without errors (the batch's rule)."""
    scored = checked.result is not None and not checked.errors
    status = Status.INVALID if not scored else Status.WARN if checked.problems else Status.OK
    return {"status": status.value,
            "total": json_number(checked.result.total) if scored else None,
            "grade": checked.result.grade if scored else None,
            "problems": [problem_json(p.where, p.label, p.message, p.severity) for p in checked.problems]}


def unreadable_answer(message: str) -> dict:
    """The answer for a file that cannot be read at all (the message ``xlperf check`` prints)."""
    return {"status": Status.UNREADABLE.value, "total": None, "grade": None,
            "problems": [problem_json("", "", message, ERROR)]}
