"""One workbook of a batch (xlperf/batch/worker.py) judged in this process, function by function — fast tests for
`make mutate` (issue 19).  In a real batch the worker runs in a child process; here its functions are called
directly, with hand-made evaluations and results (the fields the record copies) and a stand-in for the reader and
the renderer, so every status README “财政局批量处理” names — 成功, 有警告 (a report, with warnings), 填报有误 (it
opened, the filling has errors: no report, no 总分/等级/level scores/rates), 无法读取 (broken, encrypted, not a
workbook), 失败 (the report could not be written) — is reached with its reason, without reading a workbook.
"""

from __future__ import annotations

import threading
from decimal import Decimal as D
from pathlib import Path
from types import SimpleNamespace

import pytest

from xlperf.batch import worker as W
from xlperf.batch.record import Level, Line, Record, Status
from xlperf.domain.problems import Problem
from xlperf.errors import InputError, LoadError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbooks" / "example-2021.xlsx"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTED = "工作簿设置了打开密码（已加密），无法读取；请在Excel中取消密码后另存为 .xlsx"
OLD_XLS = "实为旧版 .xls 文件（扩展名被改过），请在Excel中另存为 .xlsx 后再试"
NOT_EXCEL = "不是Excel工作簿（可能是其他文件改了扩展名），请重新获取该工作簿"
EMPTY = "文件为空（0字节），请重新获取该工作簿"

WARN = Problem("指标评分!H12", "偏差原因", "请说明偏差原因", "警告")
WARN2 = Problem("文字材料!B7", "文字材料", "本段像是填写说明", "警告")
ERR = Problem("指标评分!H11", "实际完成值", "应为数字", "错误")
ERR2 = Problem("基本情况!B3", "单位名称", "不能为空", "错误")


def _task(tmp_path, name="甲局.xlsx", **kw) -> W.Task:
    return W.Task(str(tmp_path / name), f"二科室/{name}", str(tmp_path / "staging" / "00001"), **kw)


@pytest.fixture(autouse=True)
def _log_here(tmp_path, monkeypatch):
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))


# ------------------------------------------------------------------ hand-made evaluation and result


def _ev(unit="甲局", year=2024, prev="88.5", profile="规则甲"):
    cells = {"unit": "基本情况!B3", "year": "基本情况!B4"}
    return SimpleNamespace(unit=unit, year=year, profile=profile, where=lambda key: cells.get(key, ""),
                           previous=SimpleNamespace(total=None if prev is None else D(prev)))


def _ind(name, weight, score, core=False):
    return SimpleNamespace(name=name, weight=D(weight), score=None if score is None else D(score),
                           indicator=SimpleNamespace(core=core))


def _result(total="91.50", grade="优"):
    levels = [_ind("决策", "20", "18"), _ind("产出", "50", "45.5")]
    leaves = [levels[0], _ind("预算执行率", "10", "9", core=True), levels[1], _ind("满意度", "10", "8.25", core=True)]
    profile = SimpleNamespace(name="项目支出规则", kind="项目支出", outline="",
                              bands=[(D(90), "优"), (D(80), "良"), (D(60), "中"), (D(0), "差")])
    return SimpleNamespace(profile=profile, total=D(total), grade=grade, indicators=levels, walk=lambda: iter(leaves),
                           facts={"执行率": D("0.5"), "执行率_年初": D("0.24"), "执行率_调整": D("1")})


# ------------------------------------------------------------------ small pieces


def test_s_is_the_decimal_as_written_or_none():
    assert W._s(D("91.50")) == "91.50" and W._s(0) == "0" and W._s(None) is None


def test_new_record_is_named_by_the_tasks_relative_path(tmp_path):
    assert W.new_record(_task(tmp_path)) == Record("二科室/甲局.xlsx")


def test_failed_is_one_error_line_with_the_reason(tmp_path):
    rec = W.failed(_task(tmp_path), "原因甲")
    assert (rec.file, rec.status, rec.reason, rec.errors, rec.warnings) == ("二科室/甲局.xlsx", Status.FAILED,
                                                                          "原因甲", 1, 0)
    assert rec.problems == [Line("", "", "原因甲", "错误")]
    assert W.failed(_task(tmp_path), "原因乙", Status.UNREADABLE).status is Status.UNREADABLE


def test_log_names_the_log_file_or_says_nothing(monkeypatch):
    seen = []
    monkeypatch.setattr(W, "log_exception", lambda context: seen.append(context) or Path("/日志/xlperf.log"))
    assert W._log("batch read a.xlsx") == f"，详情见日志：{Path('/日志/xlperf.log')}"
    assert seen == ["batch read a.xlsx"]
    monkeypatch.setattr(W, "log_exception", lambda context: None)
    assert W._log("x") == ""


def test_kind_is_the_outlines_name_or_blank():
    assert W._kind(SimpleNamespace(kind="项目支出", outline="")) == "项目支出"
    assert W._kind(SimpleNamespace(kind="", outline="")) == "部门整体"
    assert W._kind(SimpleNamespace(kind="", outline="没有这个提纲")) == ""  # an unreadable outline: no title word


# ------------------------------------------------------------------ sniff: the bytes say it is no workbook


@pytest.mark.parametrize("name, data, why", [
    ("a.xlsx", b"", EMPTY),
    ("a.xlsx", OLE2 + b"\0" * 100 + "EncryptionInfo".encode("utf-16-le") + b"\0" * 10, ENCRYPTED),
    ("a.xlsx", OLE2 + "EncryptionInfo".encode("utf-16-le"), ENCRYPTED),  # the mark right after the magic
    ("a.XLSM", OLE2 + b"\0" * 100, OLD_XLS),
    ("a.xlsm", b"<html><body>", NOT_EXCEL),
    ("a.xlsx", b"PK\x03", NOT_EXCEL),  # shorter than a zip's signature
    ("a.Xlsx", b"PK\x03\x04rest of a zip", None),
    ("a.xlsx", b"PK\x03\x04", None),
    ("a.json", b"", None),  # not judged by its bytes: the reader says why
    ("a.xls", OLE2, None),
])
def test_sniff(tmp_path, name, data, why):
    path = tmp_path / name
    path.write_bytes(data)
    assert W.sniff(path) == why


def test_sniff_looks_for_the_encryption_mark_anywhere_in_the_file(tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(OLE2 + b"\0" * 5000 + "EncryptionInfo".encode("utf-16-le"))
    assert W.sniff(path) == ENCRYPTED
    path.write_bytes(OLE2 + b"EncryptionInfo")  # the word in 8-bit text is no mark
    assert W.sniff(path) == OLD_XLS


# ------------------------------------------------------------------ _fill: what the record keeps


def test_fill_copies_identity_total_grade_levels_core_and_rates():
    rec = Record("a.xlsx")
    W._fill(rec, _ev(), _result(), [WARN, WARN2])
    assert (rec.unit, rec.year, rec.unit_at, rec.year_at, rec.prev_total) == \
        ("甲局", 2024, "基本情况!B3", "基本情况!B4", "88.5")
    assert (rec.profile, rec.kind, rec.grades) == ("项目支出规则", "项目支出", ["优", "良", "中", "差"])
    assert (rec.total, rec.grade) == ("91.50", "优")
    assert rec.levels == [Level("决策", "20", "18"), Level("产出", "50", "45.5")]
    assert rec.core == [Level("预算执行率", "10", "9"), Level("满意度", "10", "8.25")]
    assert rec.rates == {"执行率_年初": "0.24", "执行率_调整": "1"}
    assert rec.problems == [Line("指标评分!H12", "偏差原因", "请说明偏差原因", "警告"),
                            Line("文字材料!B7", "文字材料", "本段像是填写说明", "警告")]
    assert (rec.errors, rec.warnings) == (0, 2)


def test_fill_with_errors_keeps_no_figures_but_the_weights():
    rec = Record("a.xlsx")
    W._fill(rec, _ev(), _result(), [ERR, WARN, ERR2])
    assert (rec.total, rec.grade) == (None, None)
    assert rec.levels == [Level("决策", "20", None), Level("产出", "50", None)]
    assert rec.core == [Level("预算执行率", "10", None), Level("满意度", "10", None)]
    assert rec.rates == {"执行率_年初": None, "执行率_调整": None}
    assert (rec.errors, rec.warnings) == (2, 1)
    assert (rec.unit, rec.prev_total, rec.grades) == ("甲局", "88.5", ["优", "良", "中", "差"])  # who it is stays


def test_fill_without_a_result_keeps_the_forms_own_profile_name_and_no_last_year():
    rec = Record("a.xlsx")
    W._fill(rec, _ev(prev=None), None, [ERR])
    assert (rec.unit, rec.year, rec.profile, rec.prev_total, rec.total, rec.kind) == \
        ("甲局", 2024, "规则甲", None, None, "")
    W._fill(rec, _ev(profile=""), None, [])
    assert rec.profile == "" and (rec.errors, rec.warnings) == (0, 0)


def test_fill_without_an_evaluation_keeps_the_record_as_it_was():
    rec = Record("a.xlsx", unit="乙局", year=2023)
    W._fill(rec, None, None, [ERR])
    assert (rec.unit, rec.year, rec.errors, rec.warnings) == ("乙局", 2023, 1, 0)


# ------------------------------------------------------------------ the reader and the renderer


def test_read_checks_the_file_with_the_profile_asked_for(monkeypatch):
    monkeypatch.setattr(W, "check_file", lambda path, profile: ("checked", path, profile))
    assert W.read(Path("a.xlsx"), "项目支出") == ("checked", Path("a.xlsx"), "项目支出")


def test_render_writes_one_file_per_format_from_the_checks_context(monkeypatch, tmp_path):
    contexts, written = [], []

    def context(checked):
        contexts.append(checked)
        return "上下文"

    monkeypatch.setattr(W, "report_context", context)
    monkeypatch.setattr(W, "write_report", lambda ctx, path, fmt: written.append((ctx, path, fmt)) or path)
    files, more = W.render("ev", "prof", "result", (WARN,), ("docx", "md"), tmp_path / "report", "已建的上下文")
    assert files == [tmp_path / "report.docx", tmp_path / "report.md"] and more == []
    assert written == [("上下文", tmp_path / "report.docx", "docx"), ("上下文", tmp_path / "report.md", "md")]
    (checked,) = contexts
    assert checked.as_tuple() == ("ev", "prof", "result", [WARN]) and checked.context == "已建的上下文"


def test_read_identity_of_a_workbook_names_unit_and_year_only():
    assert W.read_identity(EXAMPLE) == {"unit": "中共郑州市金水区委组织部", "year": 2021}


def test_read_identity_of_no_workbook_is_empty(tmp_path):
    (tmp_path / "a.json").write_text("{}", encoding="utf-8")
    assert W.read_identity(tmp_path / "a.json") == {}
    (tmp_path / "b.xlsx").write_bytes(b"PK\x03\x04 no zip at all")
    assert W.read_identity(tmp_path / "b.xlsx") == {}


def test_read_identity_reads_an_xlsm_whatever_the_case_of_its_suffix(tmp_path, monkeypatch):
    seen = []

    class Reader:
        def __init__(self, source):
            seen.append(source)

        def single(self, f, found, sources):
            found[f.target.lstrip(".")] = f.label  # every field it is asked for, as found

    monkeypatch.setattr(W, "OpenpyxlSource", lambda path: path)
    monkeypatch.setattr(W, "Reader", Reader)
    assert W.read_identity(tmp_path / "a.XLSM") == {"unit": "单位名称", "year": "年度"}
    assert seen == [tmp_path / "a.XLSM"]


# ------------------------------------------------------------------ warm: a pool worker's start


def test_warm_marks_a_pool_worker_and_silences_the_font_notice(monkeypatch):
    from xlperf.infra import office

    monkeypatch.setattr(W, "_IN_POOL_WORKER", False)
    monkeypatch.setattr(office, "_noticed", False)
    imported = []
    real = __import__

    def spy(name, *args, **kw):
        imported.append(name)
        if name == "docxtpl":
            raise ImportError(name)  # an optional writer missing: no reason to stop the worker
        return real(name, *args, **kw)

    monkeypatch.setattr("builtins.__import__", spy)
    W.warm()
    monkeypatch.setattr("builtins.__import__", real)
    five = ["xlperf.workbook", "xlperf.app.check", "xlperf.report.context", "xlperf.report.render", "docxtpl"]
    assert [name for name in imported if name in five] == five


def test_warm_sets_the_flags(monkeypatch):
    from xlperf.infra import office

    monkeypatch.setattr(W, "_IN_POOL_WORKER", False)
    monkeypatch.setattr(office, "_noticed", False)
    W.warm()
    assert W._IN_POOL_WORKER is True and office._noticed is True


# ------------------------------------------------------------------ the watchdog


class _Timer:
    made: list = []

    def __init__(self, interval, function):
        self.interval, self.function, self.daemon, self.started, self.cancelled = interval, function, None, 0, 0
        _Timer.made.append(self)

    def start(self):
        self.started += 1

    def cancel(self):
        self.cancelled += 1


@pytest.fixture
def timers(monkeypatch):
    _Timer.made = []
    monkeypatch.setattr(threading, "Timer", _Timer)
    return _Timer.made


def test_no_watchdog_outside_a_pool_worker_or_without_a_timeout(tmp_path, monkeypatch, timers):
    monkeypatch.setattr(W, "_IN_POOL_WORKER", False)
    assert W._start_watchdog(_task(tmp_path, timeout=30)) is None
    monkeypatch.setattr(W, "_IN_POOL_WORKER", True)
    assert W._start_watchdog(_task(tmp_path, timeout=0)) is None
    assert W._start_watchdog(_task(tmp_path, timeout=-1)) is None
    assert timers == []


def test_the_watchdog_marks_the_timeout_and_ends_the_process(tmp_path, monkeypatch, timers):
    monkeypatch.setattr(W, "_IN_POOL_WORKER", True)
    task = _task(tmp_path, timeout=0.5)
    Path(task.staging).mkdir(parents=True)
    timer = W._start_watchdog(task)
    assert timers == [timer] and (timer.interval, timer.daemon, timer.started) == (0.5, True, 1)
    codes = []

    def exit_(code):
        codes.append(code)
        raise SystemExit(code)

    monkeypatch.setattr(W.os, "_exit", exit_)
    with pytest.raises(SystemExit):
        timer.function()
    assert codes == [75] and (Path(task.staging) / ".timeout").exists()


def test_the_watchdog_ends_the_process_even_when_no_mark_can_be_left(tmp_path, monkeypatch, timers):
    monkeypatch.setattr(W, "_IN_POOL_WORKER", True)
    timer = W._start_watchdog(_task(tmp_path, timeout=1))  # its staging folder was never made
    codes = []
    monkeypatch.setattr(W.os, "_exit", codes.append)
    with pytest.raises(OSError):
        timer.function()
    assert codes == [75]


# ------------------------------------------------------------------ process: every status with its reason


class _Checked:
    def __init__(self, ev, result, problems, context="上下文"):
        self.ev, self.result, self.problems, self.context = ev, result, problems, context

    def as_tuple(self):
        return self.ev, "规则", self.result, self.problems


@pytest.fixture
def book(tmp_path):
    path = tmp_path / "甲局.xlsx"
    path.write_bytes(b"PK\x03\x04 a zip")
    return path


def _reading(monkeypatch, checked):
    asked = []
    monkeypatch.setattr(W, "read", lambda path, profile: asked.append((path, profile)) or checked)
    return asked


def _writer(calls, more=()):
    def renderer(ev, prof, result, problems, formats, stem):
        assert (stem.parent / ".running").exists()  # the crash marker is there while the task runs
        calls.append((ev, prof, result, list(problems), formats, stem))
        out = Path(f"{stem}.md")
        out.write_text("# 报告\n", encoding="utf-8")
        return [out], list(more)

    return renderer


def test_a_clean_workbook_is_a_success_with_its_report(tmp_path, book, monkeypatch):
    ev, result = _ev(), _result()
    asked = _reading(monkeypatch, _Checked(ev, result, []))
    calls = []
    task = _task(tmp_path, renderer=_writer(calls), formats=("md",), profile="项目支出")
    rec = W.process(task)
    assert asked == [(book, "项目支出")]
    stem = Path(task.staging) / "report"
    assert calls == [(ev, "规则", result, [], ("md",), stem)]
    assert (rec.status, rec.reason, rec.total, rec.grade, rec.outputs) == (Status.OK, "", "91.50", "优",
                                                                          [f"{stem}.md"])
    assert not (Path(task.staging) / ".running").exists()


def test_warnings_make_a_report_with_warnings(tmp_path, book, monkeypatch):
    _reading(monkeypatch, _Checked(_ev(), _result(), [WARN, WARN2]))
    rec = W.process(_task(tmp_path, renderer=_writer([])))
    assert (rec.status, rec.reason, rec.warnings, rec.total) == (Status.WARN, "有2条提示，见问题清单", 2, "91.50")


def test_warnings_found_while_wording_the_report_are_added(tmp_path, book, monkeypatch):
    _reading(monkeypatch, _Checked(_ev(), _result(), [WARN]))
    rec = W.process(_task(tmp_path, renderer=_writer([], more=[WARN2])))
    assert (rec.status, rec.reason, rec.warnings) == (Status.WARN, "有2条提示，见问题清单", 2)
    assert [p.where for p in rec.problems] == ["指标评分!H12", "文字材料!B7"]


def test_an_error_found_while_wording_the_report_makes_it_a_report_with_warnings(tmp_path, book, monkeypatch):
    _reading(monkeypatch, _Checked(_ev(), _result(), []))
    rec = W.process(_task(tmp_path, renderer=_writer([], more=[ERR])))
    assert (rec.status, rec.errors, rec.warnings, rec.reason) == (Status.WARN, 1, 0, "")


def test_the_real_renderer_gets_the_checks_context(tmp_path, book, monkeypatch):
    ev, result = _ev(), _result()
    _reading(monkeypatch, _Checked(ev, result, [WARN], context="检查时建的上下文"))
    seen = []

    def render(ev, prof, result, problems, formats, stem, context=None):
        seen.append((ev, prof, result, problems, formats, stem.name, context))
        return [Path(f"{stem}.docx")], []

    monkeypatch.setattr(W, "render", render)
    rec = W.process(_task(tmp_path))
    assert seen == [(ev, "规则", result, [WARN], ("docx",), "report", "检查时建的上下文")]
    assert rec.status is Status.WARN


def test_errors_are_invalid_no_report_naming_the_first_error(tmp_path, book, monkeypatch):
    _reading(monkeypatch, _Checked(_ev(), _result(), [WARN, ERR, ERR2]))
    calls = []
    rec = W.process(_task(tmp_path, renderer=_writer(calls)))
    assert calls == [] and rec.status is Status.INVALID and rec.total is None
    assert rec.reason == "有2处错误，未生成报告（首处：指标评分!H11（实际完成值）：应为数字）"


def test_a_form_that_could_not_be_scored_without_errors_is_invalid(tmp_path, book, monkeypatch):
    _reading(monkeypatch, _Checked(_ev(), None, []))
    rec = W.process(_task(tmp_path, renderer=_writer([])))
    assert (rec.status, rec.reason, rec.unit) == (Status.INVALID, "填报内容不完整，未生成报告", "甲局")
    _reading(monkeypatch, _Checked(_ev(), None, [WARN]))  # only a warning: it is the one named
    rec = W.process(_task(tmp_path, renderer=_writer([])))
    assert rec.reason == "有0处错误，未生成报告（首处：指标评分!H12（偏差原因）：请说明偏差原因）"


def test_a_form_not_read_as_a_whole_still_names_unit_and_year(tmp_path, book, monkeypatch):
    _reading(monkeypatch, _Checked(None, None, [ERR]))
    monkeypatch.setattr(W, "read_identity", lambda path: {"unit": "丙局", "year": 2023} if path == book else {})
    rec = W.process(_task(tmp_path, renderer=_writer([])))
    assert (rec.status, rec.unit, rec.year, rec.errors) == (Status.INVALID, "丙局", 2023, 1)
    monkeypatch.setattr(W, "read_identity", lambda path: {})
    rec = W.process(_task(tmp_path, renderer=_writer([])))
    assert (rec.unit, rec.year) == ("", None)


@pytest.mark.parametrize("data, why", [(b"", EMPTY), (OLE2, OLD_XLS), (b"%PDF-1.7", NOT_EXCEL)])
def test_bytes_that_are_no_workbook_are_unreadable(tmp_path, monkeypatch, data, why):
    (tmp_path / "甲局.xlsx").write_bytes(data)
    rec = W.process(_task(tmp_path))
    assert (rec.status, rec.reason, rec.problems) == (Status.UNREADABLE, why, [Line("", "", why, "错误")])


def test_without_sniffing_the_readers_own_words_are_given(tmp_path, monkeypatch):
    (tmp_path / "甲局.xlsx").write_bytes(b"")

    def read(path, profile):
        raise LoadError("读取器的说明")

    monkeypatch.setattr(W, "read", read)
    rec = W.process(_task(tmp_path, sniff=False))
    assert (rec.status, rec.reason) == (Status.UNREADABLE, "读取器的说明")


def test_a_file_that_cannot_be_opened_is_unreadable(tmp_path):
    rec = W.process(_task(tmp_path, name="没有这个文件.xlsx"))
    assert (rec.status, rec.reason) == (Status.UNREADABLE, "文件无法打开：No such file or directory")


def test_a_reader_that_fails_is_a_corrupt_file_with_the_log_named(tmp_path, book, monkeypatch):
    def read(path, profile):
        raise KeyError("xl/workbook.xml")

    contexts = []
    monkeypatch.setattr(W, "read", read)
    monkeypatch.setattr(W, "log_exception", lambda context: contexts.append(context) or Path("/l/x.log"))
    rec = W.process(_task(tmp_path))
    assert (rec.status, rec.reason) == (Status.UNREADABLE, f"文件已损坏或格式异常，无法读取，详情见日志：{Path('/l/x.log')}")
    assert contexts == ["batch read 二科室/甲局.xlsx"]


def _out_of_memory(*args):
    raise MemoryError


@pytest.mark.parametrize("where", ["sniff", "read"])
def test_running_out_of_memory_is_a_failure_not_a_corrupt_file(tmp_path, book, monkeypatch, where):
    monkeypatch.setattr(W, where, _out_of_memory)
    rec = W.process(_task(tmp_path))
    assert (rec.status, rec.reason) == (Status.FAILED, "文件过大，内存不足，无法处理")
    assert not (Path(_task(tmp_path).staging) / ".running").exists()


def test_a_report_that_cannot_be_written_is_a_failure_with_the_reason(tmp_path, book, monkeypatch):
    _reading(monkeypatch, _Checked(_ev(), _result(), []))

    def refusing(*args):
        raise InputError("磁盘已满")

    rec = W.process(_task(tmp_path, renderer=refusing))
    assert (rec.status, rec.reason, rec.total) == (Status.FAILED, "报告生成失败：磁盘已满", "91.50")


def test_a_renderer_that_breaks_is_a_failure_with_the_log_named(tmp_path, book, monkeypatch):
    _reading(monkeypatch, _Checked(_ev(), _result(), []))
    contexts = []
    monkeypatch.setattr(W, "log_exception", lambda context: contexts.append(context) or None)

    def breaking(*args):
        raise ZeroDivisionError

    rec = W.process(_task(tmp_path, renderer=breaking))
    assert (rec.status, rec.reason, rec.outputs) == (Status.FAILED, "报告生成时发生内部错误", [])
    assert contexts == ["batch render 二科室/甲局.xlsx"]


def test_a_staging_folder_that_cannot_be_made_is_a_failure(tmp_path, book):
    (tmp_path / "staging").write_text("a file where the folder should be", encoding="utf-8")
    rec = W.process(_task(tmp_path))
    assert rec.status is Status.FAILED and rec.reason == "无法创建临时文件夹：Not a directory"


def test_the_staging_folder_is_made_with_its_parents(tmp_path, book, monkeypatch):
    _reading(monkeypatch, _Checked(_ev(), _result(), []))
    task = _task(tmp_path, renderer=_writer([]))
    assert not (tmp_path / "staging").exists()
    assert W.process(task).status is Status.OK
    Path(task.staging, "report.md").unlink()
    assert W.process(task).status is Status.OK  # the folder already there
    assert sorted(p.name for p in Path(task.staging).iterdir()) == ["report.md"]


def test_the_watchdog_is_stopped_when_the_task_ends(tmp_path, book, monkeypatch, timers):
    monkeypatch.setattr(W, "_IN_POOL_WORKER", True)
    _reading(monkeypatch, _Checked(_ev(), _result(), []))
    W.process(_task(tmp_path, renderer=_writer([]), timeout=60))
    (timer,) = timers
    assert (timer.started, timer.cancelled) == (1, 1)

    monkeypatch.setattr(W, "read", _out_of_memory)
    W.process(_task(tmp_path, timeout=60))
    assert timers[1].cancelled == 1


def test_a_marker_already_gone_is_no_trouble(tmp_path, book, monkeypatch):
    def renderer(ev, prof, result, problems, formats, stem):
        (stem.parent / ".running").unlink()
        return [], []

    _reading(monkeypatch, _Checked(_ev(), _result(), []))
    assert W.process(_task(tmp_path, renderer=renderer)).status is Status.OK

