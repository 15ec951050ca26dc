"""``xlperf serve``'s machinery judged fast and in process: the data folder (:mod:`xlperf.serve.files`), the
example data of ``make serve`` (:mod:`xlperf.serve.demo`), the worker pool (:mod:`xlperf.serve.jobs`) over a
stand-in for ``ProcessPoolExecutor`` (no worker process is started) and the start of the server
(:mod:`xlperf.serve.run`) over stand-ins for uvicorn and the pool.  The real processes, uvicorn and the example's
scoring stay end to end (``test_serve_api.py``, ``test_serve_process.py``).

Expected values: the data folder's layout as files.py's docstring draws it (``uploads/ab/abcd….xlsx``,
``reports/<n>/``, ``tmp/``, ``secret`` readable by its owner only), file names a browser may send (Windows and
POSIX paths, the characters Windows forbids), SHA-256 of the bytes (hashlib, the published algorithm),
``&#NNNNN;`` character references worked out by hand (甲 U+7532 = 30002, 单 U+5355 = 21333, 位 U+4F4D = 20301),
a worker retired after jobs × 100 tasks (2 × 100 = 200), and the Chinese lines a clerk or an administrator reads.

Equivalent mutants (mutmut 3.8.1 names; session 8 s8f):

* ``xlperf/serve/demo.py`` ``seed`` 36, 39 — the wrong form's cells ``"B3"`` / ``"H11"`` written ``"b3"`` /
  ``"h11"``: openpyxl reads a cell reference's column letters in either case (``ws["b3"]`` is B3), the same cells
  are set.
* ``xlperf/serve/files.py`` ``_fsync`` 4 — ``open(path, "rb")`` → ``open(path)``: text mode instead of binary; the
  file is never read, only its descriptor handed to ``os.fsync`` — the same descriptor either way.

``xlperf/serve/jobs.py`` and ``xlperf/serve/run.py``: no equivalent mutant left.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import re
import stat
import sys
import zipfile
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import openpyxl
import pytest

from xlperf.batch import worker
from xlperf.batch.record import Line, Record, Status
from xlperf.serve import demo, files, jobs, run
from xlperf.serve.files import CHUNK, DataDir, client_name, receive
from xlperf.serve.security import _verify
from xlperf.serve.store import Store

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# ------------------------------------------------------------------------------------ the data folder

def test_the_folder_is_resolved_and_names_its_database_and_tmp(tmp_path):
    data = DataDir(tmp_path / "a" / ".." / "d")
    assert data.root == tmp_path / "d"
    assert data.db == tmp_path / "d" / "xlperf.sqlite3" and data.tmp == tmp_path / "d" / "tmp"


def test_prepare_makes_the_folders_and_empties_tmp(tmp_path):
    data = DataDir(tmp_path / "new" / "data")
    data.prepare()
    assert sorted(p.name for p in data.root.iterdir()) == ["reports", "tmp", "uploads"]
    (data.tmp / "job-1").mkdir()
    (data.tmp / "in-half-written").write_bytes(b"x")
    (data.root / "uploads" / "kept").write_bytes(b"y")
    data.prepare()
    assert list(data.tmp.iterdir()) == [] and (data.root / "uploads" / "kept").exists()


def test_a_tmp_that_cannot_be_emptied_does_not_stop_the_start(tmp_path, monkeypatch):
    data = DataDir(tmp_path / "d")
    data.prepare()
    (data.tmp / "held-open").write_bytes(b"x")
    monkeypatch.setattr(files.shutil, "rmtree", lambda path, ignore_errors=False: None)  # Windows: a file in use
    data.prepare()
    assert data.tmp.is_dir()


def test_the_secret_is_made_once_private_and_kept(tmp_path):
    data = DataDir(tmp_path / "d")
    data.prepare()
    first = data.secret()
    assert re.fullmatch(r"[A-Za-z0-9_-]{64}", first)  # 48 random bytes, URL-safe base64
    assert stat.S_IMODE((data.root / "secret").stat().st_mode) == 0o600
    assert data.secret() == first and list(data.tmp.iterdir()) == []
    (data.root / "secret").write_bytes(b"set-by-hand\n")
    assert data.secret() == "set-by-hand"


def test_the_first_writer_of_the_secret_wins(tmp_path, monkeypatch):
    data = DataDir(tmp_path / "d")
    data.prepare()
    seen = []

    def link(src, dst):  # another server started at the same moment wrote its key first
        seen.append((Path(src).parent, Path(src).name, Path(src).read_bytes(), Path(dst)))
        Path(dst).write_bytes(b"the-other-key")
        raise FileExistsError(dst)

    monkeypatch.setattr(files.os, "link", link)
    assert data.secret() == "the-other-key"
    (folder, name, mine, dst), = seen
    assert folder == data.tmp and re.fullmatch(r"secret-[0-9a-f]{32}", name) and len(mine) == 64
    assert dst == data.root / "secret" and list(data.tmp.iterdir()) == []


def test_a_job_folder_is_new_under_tmp_even_when_tmp_is_gone(tmp_path):
    data = DataDir(tmp_path / "d")
    data.root.mkdir()
    one, two = data.job_dir(), data.job_dir()
    assert one.parent == data.tmp and re.fullmatch(r"job-[0-9a-f]{32}", one.name) and one.is_dir()
    assert one != two and two.is_dir()


def test_an_upload_is_kept_by_its_hash_once(tmp_path, monkeypatch):
    data = DataDir(tmp_path / "d")  # not prepared: uploads/ is made as needed
    data.root.mkdir()
    synced = []
    monkeypatch.setattr(files.os, "fsync", lambda fd: synced.append(fd))
    sha = "ab" + "0" * 62
    assert data.upload_path(sha, ".xlsx") == data.root / "uploads" / "ab" / f"{sha}.xlsx"
    first = tmp_path / "in-1"
    first.write_bytes(b"first")
    assert data.keep_upload(first, sha, ".xlsx") == data.root / "uploads" / "ab" / f"{sha}.xlsx"
    assert not first.exists() and len(synced) == 1
    again = tmp_path / "in-2"
    again.write_bytes(b"first")
    assert data.keep_upload(again, sha, ".xlsx").read_bytes() == b"first" and not again.exists()
    assert len(synced) == 1  # nothing written the second time
    other = tmp_path / "in-3"
    other.write_bytes(b"other")
    sha2 = "ab" + "1" * 62
    assert data.keep_upload(other, sha2, ".xlsm").read_bytes() == b"other"  # the same ab/ folder again
    assert sorted(p.name for p in (data.root / "uploads" / "ab").iterdir()) == [f"{sha}.xlsx", f"{sha2}.xlsm"]


def test_a_report_is_kept_under_its_upload_and_named_relative(tmp_path):
    data = DataDir(tmp_path / "d")
    data.root.mkdir()
    src = tmp_path / "r.docx"
    src.write_bytes(b"docx")
    assert data.keep_report(src, 7, "甲区教育局2021年度部门整体绩效自评报告.docx") == \
        Path("reports/7/甲区教育局2021年度部门整体绩效自评报告.docx")
    assert (data.root / "reports" / "7" / "甲区教育局2021年度部门整体绩效自评报告.docx").read_bytes() == b"docx"
    assert not src.exists()
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(b"pdf")
    assert data.keep_report(pdf, 7, "a.pdf") == Path("reports/7/a.pdf")  # beside the first


def test_a_stored_path_never_leaves_the_data_folder(tmp_path):
    data = DataDir(tmp_path / "d")
    (data.root / "reports" / "1").mkdir(parents=True)
    assert data.resolve("reports/1/a.docx") == tmp_path / "d" / "reports" / "1" / "a.docx"
    (data.root / "reports" / "1" / "out").symlink_to(tmp_path)
    for rel in ("../d2/x", "/etc/passwd", "", "reports/../..", "reports/1/out/x"):
        with pytest.raises(ValueError) as err:
            data.resolve(rel)
        assert err.value.args == (rel,)


def test_fsync_reads_the_file_it_is_given(tmp_path, monkeypatch):
    path = tmp_path / "f"
    path.write_bytes(b"x")
    fds = []
    monkeypatch.setattr(files.os, "fsync", lambda fd: fds.append(os.fstat(fd).st_ino))
    files._fsync(path)
    assert fds == [path.stat().st_ino]


@pytest.mark.parametrize("raw, name", [
    ("..\\..\\x.xlsx", "x.xlsx"), ("a/b/c.xlsx", "c.xlsx"), ("C:\\Users\\王\\表.xlsx", "表.xlsx"),
    ("a\x01b\x1fc.xlsx", "a_b_c.xlsx"), ('ab:c*d?e"f<g>h|i.xlsx', "ab_c_d_e_f_g_h_i.xlsx"), ("d:表.xlsx", "表.xlsx"),
    ("  .x y.xlsx. ", "x y.xlsx"), ("...", "未命名.xlsx"), ("", "未命名.xlsx"), (None, "未命名.xlsx"),
    ("甲" * 200 + ".xlsx", "甲" * 115 + ".xlsx"), ("X表X", "X表X")])
def test_a_browsers_file_name_is_its_last_part_made_safe(raw, name):
    assert client_name(raw) == name


class Chunks:
    """An upload answering each read with at most ``piece`` bytes (a network hands over less than asked)."""

    def __init__(self, data: bytes, piece: int = 3):
        self.data, self.piece, self.asked = io.BytesIO(data), piece, []

    async def read(self, n):
        self.asked.append(n)
        return self.data.read(min(n, self.piece))


def test_an_upload_is_received_whole_and_hashed(tmp_path):
    data = b"0123456789"
    upload = Chunks(data)
    path, sha, size = asyncio.run(receive(upload, tmp_path, 10))
    assert path.parent == tmp_path and re.fullmatch(r"in-[0-9a-f]{32}", path.name)
    assert (path.read_bytes(), sha, size) == (data, hashlib.sha256(data).hexdigest(), 10)
    assert set(upload.asked) == {1024 * 1024} and CHUNK == 1024 * 1024


def test_an_upload_past_the_limit_leaves_nothing(tmp_path):
    got = asyncio.run(receive(Chunks(b"0123456789abc"), tmp_path, 10))
    assert got == (None, "", 12)  # read in pieces of 3: stopped at the fourth, 12 bytes in
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------------------------ demo data

def zip_of(path: Path, parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def test_a_renamed_copy_changes_the_name_in_every_xml_part_only(tmp_path):
    src = zip_of(tmp_path / "src.xlsx", {
        "xl/sharedStrings.xml": "<t>甲单位</t><t>甲单位年度</t>".encode(),
        "xl/worksheets/sheet1.xml": b"<v>&#30002;&#21333;&#20301;</v>",
        "xl/media/a.bin": "甲单位".encode(), "xl/_rels/a.XML": "甲单位".encode()})
    before = src.read_bytes()
    out = demo.renamed_copy(src, tmp_path / "out.xlsx", "甲单位", "乙单位")
    assert out == tmp_path / "out.xlsx" and src.read_bytes() == before
    with zipfile.ZipFile(out) as zf:
        assert zf.read("xl/sharedStrings.xml") == "<t>乙单位</t><t>乙单位年度</t>".encode()
        assert zf.read("xl/worksheets/sheet1.xml") == b"<v>&#20057;&#21333;&#20301;</v>"  # 乙 U+4E59 = 20057
        assert zf.read("xl/media/a.bin") == "甲单位".encode() and zf.read("xl/_rels/a.XML") == "甲单位".encode()
        assert {i.compress_type for i in zf.infolist()} == {zipfile.ZIP_DEFLATED}


def test_a_renamed_copy_keeps_each_parts_compression(tmp_path):
    src = zip_of(tmp_path / "src.xlsx", {"a.xml": b"<a/>"}, zipfile.ZIP_STORED)
    with zipfile.ZipFile(demo.renamed_copy(src, tmp_path / "out.xlsx", "x", "y")) as zf:
        assert zf.getinfo("a.xml").compress_type == zipfile.ZIP_STORED


def test_character_references_of_a_name():
    assert demo._refs("A甲\x7f\x80") == b"A&#30002;\x7f&#128;"


def test_a_changed_copy_sets_the_cells_and_leaves_the_source(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "基本情况"
    wb.create_sheet("指标评分")["H11"] = 95
    wb.save(tmp_path / "src.xlsx")
    before = (tmp_path / "src.xlsx").read_bytes()
    out = demo.changed_copy(tmp_path / "src.xlsx", tmp_path / "out.xlsx",
                            {("基本情况", "B3"): "郑州市金水区教育局", ("指标评分", "H11"): "约95"})
    got = openpyxl.load_workbook(out)
    assert (got["基本情况"]["B3"].value, got["指标评分"]["H11"].value) == ("郑州市金水区教育局", "约95")
    assert (tmp_path / "src.xlsx").read_bytes() == before


def test_a_file_upload_reads_the_bytes_under_its_name():
    upload = demo.FileUpload(b"abcdef", "组织部.xlsx")
    assert upload.filename == "组织部.xlsx"
    assert [asyncio.run(upload.read(4)), asyncio.run(upload.read(4)), asyncio.run(upload.read(4))] == \
        [b"abcd", b"ef", b""]


def test_a_changed_copy_may_be_written_to_memory(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "基本情况"
    wb.save(tmp_path / "src.xlsx")
    out = demo.changed_copy(tmp_path / "src.xlsx", io.BytesIO(), {("基本情况", "B3"): "乙"})
    assert openpyxl.load_workbook(io.BytesIO(out.getvalue()))["基本情况"]["B3"].value == "乙"


class ReadingPool:
    """Answers each task as the worker would for the example: the unit read from 基本情况!B3, 2021, 91 / 优."""

    made: list = []

    def __init__(self, jobs=None):
        self.jobs, self.seen, self.closed = jobs, [], False
        ReadingPool.made.append(self)

    async def run(self, task):
        wb = openpyxl.load_workbook(task.path, read_only=True)
        unit, year, h11 = wb["基本情况"]["B3"].value, wb["基本情况"]["B4"].value, wb["指标评分"]["H11"].value
        wb.close()
        self.seen.append((Path(task.path).name, unit, h11))
        return Record(task.file, unit=unit, year=year, total="91.00", grade="优", status=Status.OK)

    def close(self):
        self.closed = True


def test_the_demo_seeds_units_an_administrator_and_two_uploads(tmp_path, monkeypatch, capsys):
    ReadingPool.made = []
    monkeypatch.setattr(demo, "Pool", ReadingPool)
    store = Store.open(tmp_path / "data")
    (store.data.tmp / "left-over").write_bytes(b"x")
    try:
        assert demo.seed(store, "http://127.0.0.1:8080") == 0
        out = capsys.readouterr().out.splitlines()
        found = re.fullmatch(r"管理员登录：http://127\.0\.0\.1:8080/login  用户名 admin  密码 (\S+)", out[0])
        assert found and len(found.group(1)) == 12  # 9 random bytes, URL-safe base64
        assert _verify(store.admin("admin")["password_hash"], found.group(1))
        units = store.units()
        assert out[1:] == [f"{u['name']}\thttp://127.0.0.1:8080/u/{u['token']}" for u in units]
        assert [u["name"] for u in units] == ["中共郑州市金水区委组织部", "郑州市金水区教育局", "郑州市金水区财政局",
                                             "郑州市金水区卫生健康委员会"]
        assert (store.setting("year"), store.setting("bureau")) == ("2021", "郑州市金水区财政局")
        pool, = ReadingPool.made
        assert pool.jobs == 1 and pool.closed
        assert pool.seen == [("组织部2021年绩效自评.xlsx", "中共郑州市金水区委组织部", "=预算调整率"),
                             ("教育局2021年绩效自评.xlsx", "郑州市金水区教育局", "约95")]
        rows = [store.upload(1), store.upload(2)]
        assert [(r["unit_id"], r["filename"], r["year"], r["accepted"], r["addr"]) for r in rows] == [
            (1, "组织部2021年绩效自评.xlsx", 2021, 1, "demo"), (2, "教育局2021年绩效自评.xlsx", 2021, 1, "demo")]
        assert [a["action"] for a in store.audit()][:2] == ["上传", "上传"]
        assert list(store.data.tmp.iterdir()) == []
    finally:
        store.db.close()


def test_the_demo_submits_as_the_service_collecting_2021(tmp_path, monkeypatch, capsys):
    """An example of another 年度 is refused like any upload to a service collecting 2021."""
    wb = openpyxl.load_workbook(demo.EXAMPLE)
    wb["基本情况"]["B4"] = 2020
    wb.save(tmp_path / "example-2020.xlsx")
    monkeypatch.setattr(demo, "EXAMPLE", tmp_path / "example-2020.xlsx")
    monkeypatch.setattr(demo, "Pool", ReadingPool)
    store = Store.open(tmp_path / "data")
    try:
        demo.seed(store, "http://x")
        assert [(r["year"], r["accepted"], r["status"]) for r in (store.upload(1), store.upload(2))] == \
            [(2020, 0, "填报有误"), (2020, 0, "填报有误")]
    finally:
        store.db.close()


# ------------------------------------------------------------------------------------ the worker pool

class FakeExecutor:
    """Stands for ProcessPoolExecutor: runs nothing, answers each submit with ``answer(fn, args)``."""

    made: list = []
    answer = None

    def __init__(self, max_workers, mp_context, initializer):
        self.args = (max_workers, mp_context, initializer)
        self.submitted, self.shut = [], None
        FakeExecutor.made.append(self)

    def submit(self, fn, *args):
        self.submitted.append((fn, args))
        f = Future()
        try:
            f.set_result(FakeExecutor.answer(fn, args))
        except BrokenProcessPool as exc:
            f.set_exception(exc)
        return f

    def shutdown(self, wait=True, cancel_futures=False):
        self.shut = (wait, cancel_futures)


@pytest.fixture
def executor(monkeypatch):
    FakeExecutor.made = []
    FakeExecutor.answer = lambda fn, args: fn(*args)
    monkeypatch.setattr(jobs, "ProcessPoolExecutor", FakeExecutor)
    monkeypatch.setattr(jobs, "_context", lambda: "the-context")
    return FakeExecutor


def test_the_pool_size_is_asked_else_the_cpus_at_least_one(monkeypatch):
    monkeypatch.setattr(jobs.os, "cpu_count", lambda: 6)
    assert [jobs.Pool(3).jobs, jobs.Pool().jobs, jobs.Pool(0).jobs, jobs.Pool(-2).jobs] == [3, 6, 6, 1]
    monkeypatch.setattr(jobs.os, "cpu_count", lambda: None)
    assert jobs.Pool().jobs == 1


def test_warm_starts_every_worker_in_the_batchs_context(executor):
    pool = jobs.Pool(3)
    pool.warm()
    ex, = executor.made
    assert ex.args == (3, "the-context", worker.warm)
    assert ex.submitted == [(os.getpid, ())] * 3


def test_workers_are_retired_after_a_hundred_tasks_each(executor):
    pool = jobs.Pool(2)
    task = worker.Task("/x/a.xlsx", "a.xlsx", "/x/out", ("docx",), None)
    executor.answer = lambda fn, args: Record(args[0].file, status=Status.OK)
    for _ in range(200):  # 2 workers × 100 tasks
        assert asyncio.run(pool.run(task)).status == Status.OK
    assert len(executor.made) == 1 and executor.made[0].submitted[0] == (worker.process, (task,))
    asyncio.run(pool.run(task))
    old, new = executor.made
    assert old.shut == (False, False) and len(old.submitted) == 200 and len(new.submitted) == 1
    pool.close()
    assert new.shut == (True, True)
    pool.close()  # twice: nothing left to close


def test_a_dead_worker_is_retried_once_in_a_fresh_pool(executor, tmp_path):
    pool = jobs.Pool(1)
    task = worker.Task(str(tmp_path / "a.xlsx"), "a.xlsx", str(tmp_path / "out"), ("docx",), None)
    tries = []

    def answer(fn, args):
        tries.append(fn)
        if len(tries) == 1:
            raise BrokenProcessPool("died")
        return Record("a.xlsx", status=Status.WARN)

    executor.answer = answer
    assert asyncio.run(pool.run(task)).status == Status.WARN
    first, second = executor.made
    assert first.shut == (False, False) and second.shut is None


def test_a_worker_dying_twice_is_the_batchs_failure_in_chinese(executor, tmp_path):
    pool = jobs.Pool(1)
    task = worker.Task(str(tmp_path / "a.xlsx"), "a.xlsx", str(tmp_path / "out"), ("docx",), None)

    def broken(fn, args):
        raise BrokenProcessPool("died")

    executor.answer = broken
    rec = asyncio.run(pool.run(task))
    message = "处理时进程意外退出（文件可能已损坏），请另存为新文件后再试"
    assert (rec.file, rec.status, rec.reason, rec.errors) == ("a.xlsx", Status.FAILED, message, 1)
    assert rec.problems == [Line("", "", message, "错误")]
    assert len(executor.made) == 2 and all(ex.shut == (False, False) for ex in executor.made)


def test_a_timed_out_workbook_is_not_tried_again(executor, tmp_path):
    pool = jobs.Pool(1)
    staging = tmp_path / "out"
    staging.mkdir()
    task = worker.Task(str(tmp_path / "a.xlsx"), "a.xlsx", str(staging), ("docx",), None, timeout=12.6)

    def timed_out(fn, args):
        (staging / worker.TIMED_OUT).touch()
        raise BrokenProcessPool("killed by the watchdog")

    executor.answer = timed_out
    rec = asyncio.run(pool.run(task))
    assert rec.reason == "处理超过13秒仍未完成，已停止（文件可能过于复杂）" and rec.status == Status.FAILED
    assert len(executor.made) == 1


def test_a_broken_pool_replaced_meanwhile_is_left_alone(executor):
    pool = jobs.Pool(1)
    first = pool._current()
    pool._pool = None
    second = pool._current()
    pool._broken(first)
    assert pool._current() is second and first.shut == (False, False)


# ------------------------------------------------------------------------------------ starting the server

class StartPool:
    def __init__(self, jobs=None):
        self.jobs, self.events = jobs, []
        StartPool.made.append(self)

    def warm(self):
        self.events.append("warm")

    def close(self):
        self.events.append("close")


class Out:
    """stdout that notes when it is flushed (a piped service log)."""

    def __init__(self):
        self.text, self.flushed = "", []

    def write(self, s):
        self.text += s

    def flush(self):
        self.flushed.append(self.text)


@pytest.fixture
def started(tmp_path, monkeypatch):
    StartPool.made = []
    calls = {}
    monkeypatch.setattr(run, "Pool", StartPool)
    monkeypatch.setattr(run, "create_app", lambda store, **kw: calls.setdefault("app", ("app", store, kw)))

    def uvicorn_run(app, **kw):
        calls["run"] = (app, kw)
        if calls.get("raise"):
            raise KeyboardInterrupt

    monkeypatch.setattr(run.uvicorn, "run", uvicorn_run)
    out = Out()  # installed by each test: pytest sets its own stdout between setup and the call
    store = Store.open(tmp_path / "data")
    real_close = store.db.close
    monkeypatch.setattr(store.db, "close", lambda: (calls.setdefault("closed", []).append(1), real_close()))
    (store.data.tmp / "left-over").write_bytes(b"x")
    return store, calls, out


def test_the_server_starts_on_the_local_address_and_says_where(started, monkeypatch):
    store, calls, out = started
    monkeypatch.setattr(sys, "stdout", out)
    assert run.serve(store) == 0
    root = store.data.root
    assert out.text.splitlines() == [
        f"报送服务已启动：http://127.0.0.1:8080/ （管理员登录页 /login；数据文件夹 {root}；按 Ctrl+C 停止）",
        f"还没有管理员：请先运行 xlperf serve admin --data {root} 用户名"]
    assert out.flushed[:2] == ["\n".join(out.text.splitlines()[:1]) + "\n", out.text]  # each line at once
    pool, = StartPool.made
    assert calls["app"] == ("app", store, {"pool": pool, "year": None}) and pool.jobs is None
    assert calls["run"] == (calls["app"], {"host": "127.0.0.1", "port": 8080, "log_level": "warning",
                                           "access_log": False, "timeout_graceful_shutdown": 60})
    assert pool.events == ["warm", "close"] and list(store.data.tmp.iterdir()) == []
    assert calls["closed"] == [1]


@pytest.mark.parametrize("host, shown", [("0.0.0.0", "127.0.0.1"), ("::", "127.0.0.1"), ("10.1.2.3", "10.1.2.3")])
def test_a_server_on_every_address_shows_the_local_one(started, host, shown, monkeypatch):
    store, calls, out = started
    monkeypatch.setattr(sys, "stdout", out)
    store.set_admin("admin", "hash")
    run.serve(store, host=host, port=9000, year=2021, jobs=3)
    assert out.text == (f"报送服务已启动：http://{shown}:9000/ （管理员登录页 /login；数据文件夹 {store.data.root}；"
                        "按 Ctrl+C 停止）\n")
    assert calls["run"][1]["host"] == host and calls["run"][1]["port"] == 9000
    pool, = StartPool.made
    assert pool.jobs == 3 and calls["app"][2] == {"pool": pool, "year": 2021}


def test_a_stopped_server_closes_the_pool_and_the_database(started):
    store, calls, out = started
    calls["raise"] = True
    with pytest.raises(KeyboardInterrupt):
        run.serve(store)
    assert StartPool.made[0].events == ["warm", "close"] and calls["closed"] == [1]
