"""Orchestrating a batch (xlperf/batch/run.py) judged in this process — fast tests for `make mutate` (issue 19).

A real batch runs its workbooks in a pool of worker processes; here the pool is a stand-in that runs each task at
once in this process, the worker's reader is a stand-in that reads a tiny JSON file (unit, year, the problems), and
the 汇总表 writer is a spy: what is tested is run.py's own part — the refusals before anything is written, the tasks
(one staging folder each), the retry of a workbook whose worker died, the timeout, the names and moves of the
reports, the note on two workbooks of one unit and year (README “财政局批量处理”: the first 3 others by name and
the count, 成功 becomes 有警告), the order of the records and the exit code.
"""

from __future__ import annotations

import json
import multiprocessing as mp
import sys
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from decimal import Decimal as D
from pathlib import Path
from types import SimpleNamespace

import pytest

from xlperf.batch import run as R
from xlperf.batch import worker as W
from xlperf.batch.record import Line, Record, Status, Verdict
from xlperf.domain.problems import Problem
from xlperf.errors import BatchStartError

TITLE = "部门整体绩效自评报告"
CRASHED = "处理该文件时处理进程意外退出（文件可能过大或已损坏）"
NO_START = "无法启动处理进程，请检查系统资源后重试"


@pytest.fixture(autouse=True)
def _log_here(tmp_path, monkeypatch):
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))


def _task(tmp_path, file="a.json", n=0, timeout=300.0) -> W.Task:
    return W.Task(str(tmp_path / file), file, str(tmp_path / "staging" / f"{n:05d}"), timeout=timeout)


# ------------------------------------------------------------------ the outcome


def test_outcome_counts_statuses_and_exits_0_only_when_all_succeeded():
    recs = [Record("a", status=Status.OK), Record("b", status=Status.WARN), Record("c", status=Status.WARN)]
    out = R.BatchOutcome(recs, Path("汇总表.xlsx"), 3, 0)
    assert (out.count(Status.WARN), out.count(Status.OK), out.count(Status.FAILED)) == (2, 1, 0)
    assert out.exit_code == 1
    assert R.BatchOutcome(recs[:1], Path("x"), 1, 0).exit_code == 0
    assert R.BatchOutcome([], Path("x"), 0, 0).exit_code == 0


# ------------------------------------------------------------------ the pool's start method


def test_the_pool_uses_a_forkserver_preloading_the_worker(monkeypatch):
    ctx = mp.get_context("forkserver")
    preloaded = []
    monkeypatch.setattr(ctx, "set_forkserver_preload", preloaded.append)
    monkeypatch.setattr(sys, "platform", "linux")
    assert R._context() is ctx and preloaded == [["xlperf.batch.worker"]]


def test_without_a_forkserver_the_pool_spawns(monkeypatch):
    monkeypatch.setattr(mp, "get_all_start_methods", lambda: ["spawn", "fork"])
    assert R._context() is mp.get_context("spawn")
    monkeypatch.setattr(mp, "get_all_start_methods", lambda: ["spawn", "forkserver"])
    monkeypatch.setattr(sys, "platform", "win32")  # Windows: spawn, whatever the list says
    assert R._context() is mp.get_context("spawn")


# ------------------------------------------------------------------ one round in a pool


class _Pool:
    """A stand-in for ProcessPoolExecutor: runs each task when it is submitted; ``broken`` tasks' futures fail as
    a dead worker's do."""

    made: list = []
    broken: set = set()
    failing: set = set()

    def __init__(self, max_workers, mp_context, initializer):
        self.args = (max_workers, mp_context, initializer)
        self.shut: list = []
        _Pool.made.append(self)

    def submit(self, fn, task):
        fut: Future = Future()
        if task.file in _Pool.broken:
            fut.set_exception(BrokenProcessPool("dead"))
        elif task.file in _Pool.failing:
            fut.set_exception(RuntimeError("bug"))
        else:
            fut.set_result(Record(task.file, status=Status.OK, reason=fn.__name__))
        return fut

    def shutdown(self, wait=True, cancel_futures=False):
        self.shut.append((wait, cancel_futures))


@pytest.fixture
def pool(monkeypatch):
    _Pool.made, _Pool.broken, _Pool.failing = [], set(), set()
    monkeypatch.setattr(R, "ProcessPoolExecutor", _Pool)
    monkeypatch.setattr(R, "_context", lambda: "上下文")
    return _Pool


def test_a_round_runs_every_task_in_one_pool_of_at_most_jobs_workers(tmp_path, pool):
    tasks = [_task(tmp_path, f"{i}.json", i) for i in range(3)]
    done = []
    assert R._round(tasks, 2, done.append) == []
    assert sorted((r.file, r.reason) for r in done) == [("0.json", "process"), ("1.json", "process"),
                                                        ("2.json", "process")]
    (p,) = pool.made
    assert p.args == (2, "上下文", W.warm) and p.shut == [(True, False)]
    R._round(tasks[:1], 4, done.append)
    R._round(tasks, 0, done.append)
    assert [p.args[0] for p in pool.made] == [2, 1, 1]  # never more workers than tasks, never none


def test_a_round_returns_the_tasks_of_a_broken_pool_and_words_a_bug(tmp_path, pool, monkeypatch):
    pool.broken, pool.failing = {"b.json"}, {"c.json"}
    logged = []
    monkeypatch.setattr(W, "log_exception", lambda context: logged.append(context) or None)
    tasks = [_task(tmp_path, f, i) for i, f in enumerate(["a.json", "b.json", "c.json"])]
    done = []
    assert R._round(tasks, 2, done.append) == [tasks[1]]
    got = {r.file: (r.status, r.reason) for r in done}
    assert got == {"a.json": (Status.OK, "process"), "c.json": (Status.FAILED, "处理时发生内部错误")}
    assert logged == ["batch c.json"]


def test_a_round_goes_on_collecting_after_a_broken_task(tmp_path, pool):
    pool.broken = {"a.json", "b.json", "c.json"}
    tasks = [_task(tmp_path, f, i) for i, f in enumerate(["a.json", "b.json", "c.json"])]
    assert sorted(t.file for t in R._round(tasks, 2, print)) == ["a.json", "b.json", "c.json"]


def test_a_round_stopped_by_the_user_stops_its_pool_at_once(tmp_path, pool):
    def interrupted(rec):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        R._round([_task(tmp_path)], 1, interrupted)
    assert pool.made[0].shut == [(False, True)]


# ------------------------------------------------------------------ chunks, retries, timeouts


def test_execute_runs_the_tasks_in_chunks_of_jobs_times_tasks_per_worker(tmp_path, monkeypatch):
    chunks, callbacks = [], set()

    def chunk(tasks, jobs, on_done):
        chunks.append(([t.file for t in tasks], jobs))
        callbacks.add(on_done)

    monkeypatch.setattr(R, "_execute_chunk", chunk)
    tasks = [_task(tmp_path, f"{i}", i) for i in range(7)]
    R.execute(tasks, 2, print, tasks_per_worker=2)
    assert callbacks == {print}
    assert chunks == [(["0", "1", "2", "3"], 2), (["4", "5", "6"], 2)]
    chunks.clear()
    R.execute(iter(tasks), 0, print, tasks_per_worker=3)  # no workers asked for: chunks of one
    assert [len(c) for c, _ in chunks] == [1] * 7
    chunks.clear()
    R.execute(tasks, 1, print)
    assert chunks == [([str(i) for i in range(7)], 1)]  # 100 a worker by default


def test_the_timeout_reason_names_the_seconds():
    assert R._timeout_reason(SimpleNamespace(timeout=300.0)) == "处理超过300秒仍未完成，已停止（文件可能过大或结构异常）"
    assert R._timeout_reason(SimpleNamespace(timeout=2.5)) == "处理超过2.5秒仍未完成，已停止（文件可能过大或结构异常）"


def _marked(task, *names):
    Path(task.staging).mkdir(parents=True, exist_ok=True)
    for name in names:
        (Path(task.staging) / name).touch()


def test_timed_out_is_told_by_the_watchdogs_mark(tmp_path):
    task = _task(tmp_path)
    assert not R._timed_out(task)
    _marked(task, ".timeout")
    assert R._timed_out(task)


class _Rounds:
    """A stand-in for ``_round``: each call takes the next script entry, a function (tasks → unfinished)."""

    def __init__(self, *script):
        self.script, self.calls = list(script), []

    def __call__(self, tasks, jobs, on_done):
        self.calls.append(([t.file for t in tasks], jobs))
        return self.script.pop(0)(tasks, on_done)


def _finish(*files):
    """Every task finishes except ``files``."""
    def step(tasks, on_done):
        for t in tasks:
            if t.file not in files:
                on_done(Record(t.file, status=Status.OK))
        return [t for t in tasks if t.file in files]
    return step


def test_a_chunk_whose_pool_finished_everything_takes_one_round(tmp_path, monkeypatch):
    rounds = _Rounds(_finish())
    monkeypatch.setattr(R, "_round", rounds)
    done = []
    R._execute_chunk([_task(tmp_path, "a", 0), _task(tmp_path, "b", 1)], 2, done.append)
    assert rounds.calls == [(["a", "b"], 2)] and [r.file for r in done] == ["a", "b"]


def test_the_workbook_that_broke_the_pool_is_retried_alone_the_others_go_on(tmp_path, monkeypatch):
    a, b, c = (_task(tmp_path, f, i) for i, f in enumerate("abc"))
    _marked(b, ".running")  # b was running when the pool broke; c was waiting
    rounds = _Rounds(_finish("b", "c"), _finish(), _finish())
    monkeypatch.setattr(R, "_round", rounds)
    done = []
    R._execute_chunk([a, b, c], 2, done.append)
    assert rounds.calls == [(["a", "b", "c"], 2), (["b"], 1), (["c"], 2)]
    assert [(r.file, r.status) for r in done] == [("a", Status.OK), ("b", Status.OK), ("c", Status.OK)]
    assert not (Path(b.staging) / ".running").exists()


def test_a_workbook_that_breaks_its_pool_twice_is_a_failure(tmp_path, monkeypatch):
    a, b = _task(tmp_path, "a", 0), _task(tmp_path, "b", 1)
    _marked(b, ".running")

    def again(tasks, on_done):
        _marked(b, ".running")  # it was running again when the second pool broke
        return tasks

    rounds = _Rounds(_finish("b"), again)
    monkeypatch.setattr(R, "_round", rounds)
    done = []
    R._execute_chunk([a, b], 2, done.append)
    assert rounds.calls == [(["a", "b"], 2), (["b"], 1)]
    assert [(r.file, r.status, r.reason) for r in done] == [("a", Status.OK, ""), ("b", Status.FAILED, CRASHED)]
    assert not (Path(b.staging) / ".running").exists()


def test_a_retry_whose_pool_broke_before_it_started_is_a_failure(tmp_path, monkeypatch):
    b = _task(tmp_path, "b", 1)
    _marked(b, ".running")
    monkeypatch.setattr(R, "_round", _Rounds(_finish("b"), lambda tasks, on_done: tasks))  # never started: no mark
    done = []
    R._execute_chunk([b], 2, done.append)
    assert [(r.status, r.reason) for r in done] == [(Status.FAILED, CRASHED)]


def test_a_timeout_without_a_running_mark_is_a_timeout_all_the_same(tmp_path, monkeypatch):
    a = _task(tmp_path, "a", 0, timeout=5)
    _marked(a, ".timeout")
    monkeypatch.setattr(R, "_round", _Rounds(_finish("a")))
    done = []
    R._execute_chunk([a], 2, done.append)
    assert [(r.status, r.reason) for r in done] == [(Status.FAILED, "处理超过5秒仍未完成，已停止（文件可能过大或结构异常）")]


def test_a_workbook_that_runs_out_of_time_in_its_retry_is_a_timeout(tmp_path, monkeypatch):
    b = _task(tmp_path, "b", 1, timeout=60)
    _marked(b, ".running")

    def times_out(tasks, on_done):
        _marked(b, ".timeout")
        return tasks

    monkeypatch.setattr(R, "_round", _Rounds(_finish("b"), times_out))
    done = []
    R._execute_chunk([b], 2, done.append)
    assert [(r.status, r.reason) for r in done] == [(Status.FAILED, "处理超过60秒仍未完成，已停止（文件可能过大或结构异常）")]


def test_a_workbook_that_ran_out_of_time_is_not_tried_again(tmp_path, monkeypatch):
    a, b = _task(tmp_path, "a", 0, timeout=5), _task(tmp_path, "b", 1)
    _marked(a, ".running", ".timeout")
    rounds = _Rounds(_finish("a", "b"), _finish())
    monkeypatch.setattr(R, "_round", rounds)
    done = []
    R._execute_chunk([a, b], 2, done.append)
    assert rounds.calls == [(["a", "b"], 2), (["b"], 2)]  # b (not running: innocent) again with the others
    assert [(r.file, r.status, r.reason) for r in done] == [
        ("a", Status.FAILED, "处理超过5秒仍未完成，已停止（文件可能过大或结构异常）"), ("b", Status.OK, "")]
    assert not (Path(a.staging) / ".running").exists()


def test_a_pool_that_cannot_start_fails_every_workbook_once(tmp_path, monkeypatch):
    a, b = _task(tmp_path, "a", 0), _task(tmp_path, "b", 1)
    rounds = _Rounds(_finish("a", "b"))
    monkeypatch.setattr(R, "_round", rounds)
    done = []
    R._execute_chunk([a, b], 2, done.append)
    assert len(rounds.calls) == 1
    assert [(r.file, r.status, r.reason) for r in done] == [("a", Status.FAILED, NO_START),
                                                            ("b", Status.FAILED, NO_START)]


def test_a_round_that_finished_some_is_tried_again_with_the_rest(tmp_path, monkeypatch):
    a, b, c = (_task(tmp_path, f, i) for i, f in enumerate("abc"))
    rounds = _Rounds(_finish("b", "c"), _finish("c"), _finish())
    monkeypatch.setattr(R, "_round", rounds)
    done = []
    R._execute_chunk([a, b, c], 2, done.append)
    assert [c_ for c_, _ in rounds.calls] == [["a", "b", "c"], ["b", "c"], ["c"]]
    assert [r.status for r in done] == [Status.OK] * 3


# ------------------------------------------------------------------ two workbooks of one unit and year


def test_duplicate_note_names_three_others_and_counts_the_rest():
    assert R.duplicate_note(["a.xlsx"]) == "与“a.xlsx”"
    assert R.duplicate_note(["a", "b", "c"]) == "与“a”“b”“c”"
    assert R.duplicate_note(["a", "b", "c", "d"]) == "与“a”“b”“c”等其他4个工作簿"
    assert R.duplicate_note([f"{i}.xlsx" for i in range(59)]) == "与“0.xlsx”“1.xlsx”“2.xlsx”等其他59个工作簿"


def test_display_without_a_conflict_is_the_workers_verdict():
    rec = Record("a", unit="甲局", year=2024, status=Status.OK, reason="", problems=[], warnings=0)
    R._set_display(rec, [])
    assert rec.worker == Verdict(Status.OK, "", [], 0)
    assert (rec.status, rec.reason, rec.problems, rec.warnings) == (Status.OK, "", [], 0)


def test_a_conflict_turns_success_into_warning_and_names_the_report():
    rec = Record("a.xlsx", unit="甲局", year=2024, status=Status.OK, reports=[f"甲局2024年度{TITLE}.docx"])
    R._set_display(rec, ["b.xlsx"])
    note = f"与“b.xlsx”为同一单位同一年度（甲局 2024年），本表的报告为“甲局2024年度{TITLE}”，请核对"
    assert (rec.status, rec.reason, rec.warnings) == (Status.WARN, note, 1)
    assert rec.problems == [Line("", "单位、年度", note, "警告")]
    assert rec.worker == Verdict(Status.OK, "", [], 0)  # what the worker said is kept apart


def test_a_conflict_is_added_to_the_reason_of_a_form_with_errors():
    err = Line("指标评分!H11", "实际完成值", "应为数字", "错误")
    rec = Record("a.xlsx", unit="甲局", year=2024, status=Status.INVALID, reason="有1处错误", problems=[err],
                 errors=1, warnings=2)
    R._set_display(rec, ["b.xlsx", "c.xlsx"])
    note = "与“b.xlsx”“c.xlsx”为同一单位同一年度（甲局 2024年），请核对"
    assert (rec.status, rec.reason, rec.warnings) == (Status.INVALID, f"有1处错误；{note}", 3)
    assert rec.problems == [err, Line("", "单位、年度", note, "警告")]


def test_display_starts_again_from_the_workers_verdict_each_run():
    """A record reused from the manifest carries the verdict of its worker; a conflict that is gone goes."""
    rec = Record("a.xlsx", unit="甲局", year=2024, status=Status.WARN, reason="旧的说明", warnings=1,
                 problems=[Line("", "单位、年度", "旧的说明", "警告")],
                 worker=Verdict(Status.OK, "", [], 0))
    R._set_display(rec, [])
    assert (rec.status, rec.reason, rec.problems, rec.warnings) == (Status.OK, "", [], 0)
    rec.problems.append(Line("", "", "x", "警告"))
    assert rec.worker.problems == []  # the record's list is its own


# ------------------------------------------------------------------ finalize: names and moves


def _staged(tmp_path, n, *suffixes, text="报告"):
    stage = tmp_path / "out" / ".xlperf-batch-tmp" / f"{n:05d}"
    stage.mkdir(parents=True, exist_ok=True)
    paths = []
    for s in suffixes:
        (stage / f"report{s}").write_text(f"{text}{s}", encoding="utf-8")
        paths.append(str(stage / f"report{s}"))
    return paths


def test_finalize_moves_each_report_to_its_unit_and_year_name(tmp_path):
    out = tmp_path / "out"
    a = Record("a.json", unit="甲局", year=2024, status=Status.OK, outputs=_staged(tmp_path, 0, ".docx", ".md"))
    b = Record("b.json", unit="乙局", year=None, status=Status.INVALID)
    R.finalize([a, b], out, out / ".xlperf-batch-tmp")
    assert a.reports == [f"甲局2024年度{TITLE}.docx", f"甲局2024年度{TITLE}.md"] and a.outputs == []
    assert (out / f"甲局2024年度{TITLE}.md").read_text(encoding="utf-8") == "报告.md"
    assert b.reports == [] and b.status is Status.INVALID
    assert not (out / ".xlperf-batch-tmp" / "00000" / "report.md").exists()


def test_finalize_swaps_the_names_of_two_kept_reports_without_losing_either(tmp_path):
    out = tmp_path / "out"
    (out / ".xlperf-batch-tmp").mkdir(parents=True)  # the staging folder of this run's tasks
    plain, second = f"丁局2024年度{TITLE}.md", f"丁局2024年度{TITLE}（2）.md"
    (out / plain).write_text("b 的报告", encoding="utf-8")
    (out / second).write_text("a 的报告", encoding="utf-8")
    # a.json sorts first: it takes the plain name now (last run it was the second of the two)
    a = Record("a.json", unit="丁局", year=2024, status=Status.OK, reports=[second])
    b = Record("b.json", unit="丁局", year=2024, status=Status.OK, reports=[plain])
    R.finalize([a, b], out, out / ".xlperf-batch-tmp")
    assert (a.reports, b.reports) == ([plain], [second])
    assert (out / plain).read_text(encoding="utf-8") == "a 的报告"
    assert (out / second).read_text(encoding="utf-8") == "b 的报告"
    assert (a.status, b.status) == (Status.WARN, Status.WARN)
    assert a.reason == f"与“b.json”为同一单位同一年度（丁局 2024年），本表的报告为“丁局2024年度{TITLE}”，请核对"
    assert sorted(p.name for p in out.iterdir()) == sorted([plain, second, ".xlperf-batch-tmp"])


def test_finalize_leaves_a_kept_report_of_the_same_name_where_it_is(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    name = f"甲局2024年度{TITLE}.md"
    (out / name).write_text("上次的报告", encoding="utf-8")
    a = Record("a.json", unit="甲局", year=2024, status=Status.OK, reports=[name])
    R.finalize([a], out, out / ".xlperf-batch-tmp")
    assert a.reports == [name] and (out / name).read_text(encoding="utf-8") == "上次的报告"
    assert not (out / ".xlperf-batch-tmp").exists()  # nothing had to step aside


def test_a_report_that_cannot_be_moved_is_a_failure_naming_it(tmp_path):
    out = tmp_path / "out"
    a = Record("a.json", unit="甲局", year=2024, status=Status.OK, outputs=_staged(tmp_path, 0, ".md"))
    (out / f"甲局2024年度{TITLE}.md").mkdir()  # a folder of that name is in the way
    R.finalize([a], out, out / ".xlperf-batch-tmp")
    assert a.status is Status.FAILED and a.reports == []
    assert a.reason.startswith(f"报告无法保存：无法写入“甲局2024年度{TITLE}.md”：")
    assert a.worker.status is Status.FAILED and a.worker.reason == a.reason  # kept on the next display


def test_a_kept_report_that_cannot_be_moved_is_a_failure_not_its_old_success(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "旧名.md").write_text("上次的报告", encoding="utf-8")
    a = Record("a.json", unit="甲局", year=2024, status=Status.OK, reports=["旧名.md"],
               worker=Verdict(Status.OK, "", [], 0))  # reused from the manifest
    (out / f"甲局2024年度{TITLE}.md").mkdir()
    R.finalize([a], out, out / ".xlperf-batch-tmp")
    assert a.status is Status.FAILED and a.reason.startswith("报告无法保存：")


def test_grade_order_is_the_first_scored_forms_own():
    recs = [Record("a"), Record("b", grades=["好", "中", "差"]), Record("c", grades=["优", "良"])]
    assert R._grade_order(recs) == ("好", "中", "差")
    assert R._grade_order([Record("a")]) == ("优", "良", "中", "差")


# ------------------------------------------------------------------ run_batch: in this process


def _form(folder: Path, name: str, unit: str, year=2024, errors=0, warnings=0):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"unit": unit, "year": year, "errors": errors, "warnings": warnings},
                               ensure_ascii=False), encoding="utf-8")
    return path


def _read(path, profile):
    """The stand-in reader: a tiny JSON names unit, year and how many problems of each kind the form has."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    ev = SimpleNamespace(unit=data["unit"], year=data["year"], profile="", where=lambda key: "",
                         previous=SimpleNamespace(total=None))
    profile_ = SimpleNamespace(name="规则", kind="部门整体", outline="", bands=[(D(90), "优"), (D(0), "差")])
    result = SimpleNamespace(profile=profile_, total=D("91"), grade="优", indicators=[], walk=lambda: iter(()),
                             facts={})
    problems = ([Problem("指标评分!H11", "实际完成值", "应为数字", "错误")] * data["errors"]
                + [Problem("文字材料!B7", "文字材料", "请改写", "警告")] * data["warnings"])
    return SimpleNamespace(as_tuple=lambda: (ev, profile_, result, problems), context=None)


def _render(ev, prof, result, problems, formats, stem):
    files = []
    for fmt in formats:
        files.append(Path(f"{stem}.{fmt}"))
        files[-1].write_text(f"# {ev.unit}", encoding="utf-8")
    return files, []


class _Progress:
    def __init__(self):
        self.said = []

    def start(self, total, skipped=0):
        self.said.append(("start", total, skipped))

    def advance(self, rec):
        self.said.append(("advance", rec.file))

    def finish(self):
        self.said.append(("finish",))

    def settle(self, records):
        self.said.append(("settle", [r.file for r in records]))


@pytest.fixture
def inline(monkeypatch):
    """Tasks run in this process; the reader is :func:`_read`; the 汇总表 writer a spy."""
    seen = SimpleNamespace(execute=[], summary=[], tasks=[])

    def execute(tasks, jobs, on_done, tasks_per_worker):
        tasks = list(tasks)
        seen.execute.append((len(tasks), jobs, tasks_per_worker))
        seen.tasks += tasks
        for t in tasks:
            on_done(W.process(t))

    def summary(records, outdir, **kw):
        seen.summary.append(([r.file for r in records], outdir, kw))
        return outdir / "汇总表.xlsx"

    monkeypatch.setattr(R, "execute", execute)
    monkeypatch.setattr(R, "write_summary", summary)
    monkeypatch.setattr(W, "read", _read)
    return seen


def test_run_batch_in_full(tmp_path, inline, monkeypatch):
    src, out = tmp_path / "收到", tmp_path / "报告"
    _form(src, "乙.json", "乙局")
    _form(src, "甲/a.json", "甲局", warnings=1)
    _form(src, "丙.json", "丙局", errors=2)
    monkeypatch.setattr(R.os, "cpu_count", lambda: 3)
    progress = _Progress()
    outcome = R.run_batch(src, out, formats=("md", "html"), renderer=_render, suffixes=(".json",),
                          progress=progress, timeout=42, tasks_per_worker=7, title="金水区财政局")
    files = ["丙.json", "乙.json", "甲/a.json"]  # in path order
    assert [r.file for r in outcome.records] == files
    assert [r.status for r in outcome.records] == [Status.INVALID, Status.OK, Status.WARN]
    assert outcome.records[1].reports == [f"乙局2024年度{TITLE}.md", f"乙局2024年度{TITLE}.html"]
    assert (outcome.summary, outcome.processed, outcome.skipped) == (out / "汇总表.xlsx", 3, 0)
    assert inline.execute == [(3, 3, 7)]
    t = inline.tasks[2]
    assert (t.path, t.file, t.staging, t.formats, t.profile, t.renderer, t.timeout) == (
        str((src / "甲" / "a.json").resolve()), "甲/a.json", str(out / ".xlperf-batch-tmp" / "00002"), ("md", "html"),
        None, _render, 42)
    assert [x.staging[-5:] for x in inline.tasks] == ["00000", "00001", "00002"]
    assert progress.said[0] == ("start", 3, 0) and progress.said[-2:] == [("finish",), ("settle", files)]
    assert sorted(s for s in progress.said[1:4]) == [("advance", f) for f in sorted(files)]
    (summary,) = inline.summary
    assert summary == (files, out, {"grade_order": ("优", "差"), "source_dir": src, "last_year": None,
                                    "bureau": "金水区财政局"})
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [".xlperf-batch.json"] + [f"乙局2024年度{TITLE}.md", f"乙局2024年度{TITLE}.html", f"甲局2024年度{TITLE}.md",
           f"甲局2024年度{TITLE}.html"])  # the staging folder is gone


def test_a_second_run_reuses_the_unchanged_and_force_redoes_all(tmp_path, inline):
    src, out = tmp_path / "收到", tmp_path / "报告"
    _form(src, "a.json", "甲局")
    _form(src, "b.json", "乙局")
    first = R.run_batch(src, out, jobs=1, renderer=_render, suffixes=(".json",))
    assert (first.processed, first.skipped) == (2, 0)
    _form(src, "b.json", "乙局", year=2023)
    progress = _Progress()
    second = R.run_batch(src, out, jobs=1, renderer=_render, suffixes=(".json",), progress=progress)
    assert (second.processed, second.skipped) == (1, 1) and progress.said[0] == ("start", 1, 1)
    assert second.records[0] == first.records[0] and second.records[0] is not first.records[0]
    assert second.records[1].reports == [f"乙局2023年度{TITLE}.docx"]
    third = R.run_batch(src, out, jobs=1, renderer=_render, suffixes=(".json",), force=True)
    assert (third.processed, third.skipped) == (2, 0)
    again = R.run_batch(src, out, jobs=1, renderer=_render, suffixes=(".json",), formats=("md",))
    assert again.processed == 2  # another format: nothing to reuse
    progress = _Progress()
    idle = R.run_batch(src, out, jobs=1, renderer=_render, suffixes=(".json",), formats=("md",), progress=progress)
    assert (idle.processed, idle.skipped) == (0, 2) and progress.said[0] == ("start", 0, 2)
    assert not (out / ".xlperf-batch-tmp").exists()


def test_another_profile_redoes_every_workbook(tmp_path, inline, monkeypatch):
    monkeypatch.setattr(R, "load_profile", lambda name: None)
    src, out = tmp_path / "收到", tmp_path / "报告"
    _form(src, "a.json", "甲局")
    assert R.run_batch(src, out, renderer=_render, suffixes=(".json",), profile="甲规则").processed == 1
    assert R.run_batch(src, out, renderer=_render, suffixes=(".json",), profile="甲规则").processed == 0
    assert R.run_batch(src, out, renderer=_render, suffixes=(".json",), profile="乙规则").processed == 1


def test_without_jobs_or_a_cpu_count_one_worker_and_no_bureau_in_the_title(tmp_path, inline, monkeypatch):
    src, out = tmp_path / "收到", tmp_path / "报告"
    _form(src, "a.json", "甲局")
    monkeypatch.setattr(R.os, "cpu_count", lambda: None)
    R.run_batch(src, out, renderer=_render, suffixes=(".json",))
    assert inline.execute == [(1, 1, 100)] and inline.summary[0][2]["bureau"] == ""


def test_a_staging_folder_left_by_a_crashed_run_is_cleared_first(tmp_path, inline, monkeypatch):
    """A ``.timeout`` mark left there would make this run's first task look timed out."""
    src, out = tmp_path / "收到", tmp_path / "报告"
    _form(src, "a.json", "甲局")
    _marked(SimpleNamespace(staging=str(out / ".xlperf-batch-tmp" / "00000")), ".timeout", ".running")
    seen = []
    monkeypatch.setattr(R, "execute", lambda tasks, jobs, on_done, per: seen.append(
        (out / ".xlperf-batch-tmp").exists()) or [on_done(W.process(t)) for t in tasks])
    R.run_batch(src, out, renderer=_render, suffixes=(".json",))
    assert seen == [False]


def test_a_new_workbook_of_the_same_unit_renames_a_kept_report(tmp_path, inline):
    src, out = tmp_path / "收到", tmp_path / "报告"
    _form(src, "b.json", "丁局")
    R.run_batch(src, out, renderer=_render, suffixes=(".json",), formats=("md",))
    (out / f"丁局2024年度{TITLE}.md").write_text("b 的报告", encoding="utf-8")
    _form(src, "a.json", "丁局")  # sorts first: takes the plain name, b's report steps aside to （2）
    outcome = R.run_batch(src, out, renderer=_render, suffixes=(".json",), formats=("md",))
    assert [r.reports for r in outcome.records] == [[f"丁局2024年度{TITLE}.md"], [f"丁局2024年度{TITLE}（2）.md"]]
    assert (out / f"丁局2024年度{TITLE}（2）.md").read_text(encoding="utf-8") == "b 的报告"
    assert outcome.skipped == 1 and not (out / ".xlperf-batch-tmp").exists()


def test_a_form_that_cannot_be_hashed_is_unreadable_and_not_processed(tmp_path, inline, monkeypatch):
    src, out = tmp_path / "收到", tmp_path / "报告"
    _form(src, "a.json", "甲局")
    _form(src, "b.json", "乙局")
    real = R.file_hash

    def file_hash(path):
        if Path(path).name == "a.json":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(R, "file_hash", file_hash)
    outcome = R.run_batch(src, out, jobs=1, renderer=_render, suffixes=(".json",))
    a = outcome.records[0]
    assert (a.status, a.reason) == (Status.UNREADABLE, "文件无法打开：Permission denied")
    assert [t.file for t in inline.tasks] == ["b.json"] and (outcome.processed, outcome.skipped) == (1, 1)


def test_run_batch_refuses_before_writing_anything(tmp_path, inline):
    src, out = tmp_path / "收到", tmp_path / "报告"
    with pytest.raises(BatchStartError, match=f"^文件夹不存在：{src}$"):
        R.run_batch(src, out)
    src.mkdir()
    for formats, said in [(("docx", "rtf", "txt"), "rtf、txt"), ((), "（空）")]:
        with pytest.raises(BatchStartError) as err:
            R.run_batch(src, out, formats=formats)
        assert str(err.value) == f"不支持的报告格式：{said}，可选：docx、md、html、pdf"
    with pytest.raises(BatchStartError) as err:
        R.run_batch(src, out, suffixes=(".json",))
    assert str(err.value) == f"在“{src}”及其子文件夹中没有找到工作簿（.xlsx / .xlsm）"
    assert not (out / ".xlperf-batch-tmp").exists() and inline.execute == []


def test_a_profile_that_cannot_be_read_stops_the_batch(tmp_path, inline, monkeypatch):
    from xlperf.domain.profiles import ProfileError

    src = tmp_path / "收到"
    _form(src, "a.json", "甲局")
    with pytest.raises(ProfileError):
        R.run_batch(src, tmp_path / "报告", profile="没有这个规则", suffixes=(".json",))
    assert not (tmp_path / "报告").exists()
    asked = []
    monkeypatch.setattr(R, "load_profile", asked.append)
    R.run_batch(src, tmp_path / "报告", profile="项目支出", renderer=_render, suffixes=(".json",))
    assert asked == ["项目支出"] and inline.tasks[0].profile == "项目支出"


def test_an_output_folder_that_cannot_be_made_stops_the_batch(tmp_path, inline):
    src = tmp_path / "收到"
    _form(src, "a.json", "甲局")
    (tmp_path / "文件").write_text("x", encoding="utf-8")
    with pytest.raises(BatchStartError) as err:
        R.run_batch(src, tmp_path / "文件" / "报告", suffixes=(".json",))
    assert str(err.value) == "无法写入“报告”：Not a directory，原文件未改动"
    R.run_batch(src, tmp_path / "新" / "层" / "报告", renderer=_render, suffixes=(".json",))  # parents made
    assert (tmp_path / "新" / "层" / "报告").is_dir()


def test_last_years_summary_is_read_first_and_not_taken_for_a_form(tmp_path, inline, monkeypatch):
    src, out = tmp_path / "收到", tmp_path / "报告"
    _form(src, "a.json", "甲局")
    last = _form(src, "上年汇总.json", "上年")
    monkeypatch.setattr(R, "read_last_year", lambda path: ("上年", path))
    R.run_batch(src, out, renderer=_render, suffixes=(".json",), last_year=str(last))
    assert [t.file for t in inline.tasks] == ["a.json"]
    assert inline.summary[0][2]["last_year"] == ("上年", str(last))


def test_the_output_folder_inside_the_input_is_not_searched(tmp_path, inline):
    src = tmp_path / "收到"
    _form(src, "a.json", "甲局")
    _form(src, "报告/旧.json", "旧局")
    R.run_batch(src, src / "报告", renderer=_render, suffixes=(".json",))
    assert [t.file for t in inline.tasks] == ["a.json"]
