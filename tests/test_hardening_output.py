"""Issue 7 §4: nothing is ever lost — killed writers, full disks, locked files, missing folders.

* A child process rewrites a big file with :mod:`xlperf.infra.atomic` in a loop and is SIGKILLed at
  random moments: the destination is always one complete generation, and leftovers are hidden
  ``.tmp`` files that no reader (nor batch discovery) takes for the output.
* ENOSPC while writing and PermissionError on the final replace (simulated: tests run as root,
  which ignores chmod) for ``report`` (md and docx), the ``batch`` summary and ``build``: a
  Chinese message, exit 2, the previous file byte-identical, no internal error.
* A missing output folder → a clear message.  No command ever changes the input workbook.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from xlperf.batch.discover import discover
from xlperf.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "workbooks" / "example-2021.xlsx"
PREVIOUS = b"previous content, must survive\n"

WRITER = r"""
import sys
from xlperf.infra.atomic import write_with
dest = sys.argv[1]
n = 0
while True:
    n += 1
    def writer(tmp, n=n):
        with open(tmp, "wb") as fh:
            fh.write(b"GEN %d\n" % n)
            for _ in range(200):
                fh.write(b"x" * 65536)
                fh.flush()
            fh.write(b"END %d\n" % n)
    write_with(dest, writer)
    print(n, flush=True)
"""
BODY = 200 * 65536


def _complete(data: bytes) -> bool:
    if data == PREVIOUS:
        return True
    head, _, rest = data.partition(b"\n")
    if not head.startswith(b"GEN "):
        return False
    gen = head[4:]
    return len(rest) == BODY + len(b"END \n") + len(gen) and rest.endswith(b"END " + gen + b"\n")


def test_sigkill_during_atomic_write_never_leaves_a_truncated_file(tmp_path):
    dest = tmp_path / "report.docx"
    dest.write_bytes(PREVIOUS)
    rng = random.Random(7)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    seen_new = False
    for _ in range(8):
        child = subprocess.Popen([sys.executable, "-c", WRITER, str(dest)], env=env, stdout=subprocess.PIPE)
        time.sleep(0.25 + rng.random() * 0.6)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        data = dest.read_bytes()
        assert _complete(data), (len(data), data[:20], data[-20:])
        seen_new |= data != PREVIOUS
        for leftover in tmp_path.iterdir():
            if leftover != dest:  # a killed writer's temp file: hidden, marked .tmp, never the output
                assert leftover.name.startswith(".") and leftover.name.endswith(".tmp"), leftover.name
        assert discover(tmp_path, suffixes=(".docx",)) == [dest]
    assert seen_new  # the kills did land while new generations were being written


# ----------------------------------------------------------------------------- simulated faults

def _enospc(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.fixture
def inputs(tmp_path, monkeypatch):
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "example.xlsx")
    return folder / "example.xlsx"


def _run(capsys, argv):
    rc = main(argv)
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def _assert_refused(rc, text, tmp_path, words):
    assert rc == 2, text
    assert "Traceback" not in text and "内部错误" not in text, text
    assert any(w in text for w in words), text
    assert not (tmp_path / "log" / "xlperf.log").exists()


def _no_debris(folder: Path, keep: set[str]):
    left = {p.name for p in folder.iterdir()} - keep
    assert not left, left


FAULTS = {
    # where the fault strikes → the Chinese words the message must contain
    "enospc": ("磁盘空间不足",),
    "locked": ("被占用", "只读", "无写入权限"),
}


def _inject(monkeypatch, fault: str, target: Path):
    if fault == "enospc":  # every writer ends in zipfile (docx/xlsx) or Path.write_* (md)
        monkeypatch.setattr(zipfile.ZipFile, "writestr", _enospc)
        monkeypatch.setattr(Path, "write_text", _enospc)
        monkeypatch.setattr(Path, "write_bytes", _enospc)
    else:
        real = os.replace

        def replace(src, dst, *a, **k):
            if Path(dst).name == target.name:
                raise PermissionError(errno.EACCES, "Permission denied", str(dst))
            return real(src, dst, *a, **k)

        monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("fmt", ["md", "docx"])
def test_report_fault_keeps_previous_report(tmp_path, capsys, monkeypatch, inputs, fault, fmt):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / f"r.{fmt}"
    target.write_bytes(PREVIOUS)
    _inject(monkeypatch, fault, target)
    rc, text = _run(capsys, ["report", str(inputs), "--format", fmt, "-o", str(target), "--no-chart"])
    _assert_refused(rc, text, tmp_path, FAULTS[fault])
    assert target.read_bytes() == PREVIOUS
    _no_debris(out_dir, {target.name})


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_batch_summary_fault_keeps_previous_summary(tmp_path, capsys, monkeypatch, inputs, fault):
    import xlperf.batch.run as run
    from fuzz.runner import InlineExecutor

    monkeypatch.setattr(run, "ProcessPoolExecutor", InlineExecutor)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    summary = out_dir / "汇总表.xlsx"
    summary.write_bytes(PREVIOUS)
    if fault == "enospc":  # the reports are written; the disk fills up while the summary is saved
        import xlperf.batch.summary as summ

        real = summ.write_with
        monkeypatch.setattr(summ, "write_with", lambda path, writer: real(path, _enospc))
    else:
        _inject(monkeypatch, fault, summary)
    rc, text = _run(capsys, ["batch", str(inputs.parent), "-o", str(out_dir), "--format", "md", "--jobs", "1"])
    _assert_refused(rc, text, tmp_path, FAULTS[fault])
    assert summary.read_bytes() == PREVIOUS
    assert not [p for p in out_dir.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_build_fault_keeps_previous_workbook(tmp_path, capsys, monkeypatch, fault):
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))
    out_dir = tmp_path / "wb"
    out_dir.mkdir()
    previous = {name: PREVIOUS + name.encode() for name in ("xlperf-form.xlsx", "example-2021.xlsx")}
    for name, blob in previous.items():
        (out_dir / name).write_bytes(blob)
    _inject(monkeypatch, fault, out_dir / "xlperf-form.xlsx")
    rc, text = _run(capsys, ["build", "--outdir", str(out_dir)])
    _assert_refused(rc, text, tmp_path, FAULTS[fault])
    for name, blob in previous.items():
        assert (out_dir / name).read_bytes() == blob
    _no_debris(out_dir, set(previous))


def test_missing_output_folder_is_a_clear_message(tmp_path, capsys, inputs):
    missing = tmp_path / "no" / "such" / "folder"
    for fmt in ("md", "docx"):
        rc, text = _run(capsys, ["report", str(inputs), "--format", fmt, "-o", str(missing / f"r.{fmt}")])
        _assert_refused(rc, text, tmp_path, ("保存位置不存在",))
    rc, text = _run(capsys, ["batch", str(tmp_path / "missing-input"), "-o", str(tmp_path / "o")])
    _assert_refused(rc, text, tmp_path, ("文件夹不存在",))
    assert not missing.exists()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_no_command_writes_into_the_input_workbook(tmp_path, capsys, inputs):
    import xlperf.batch.run as run
    from fuzz.runner import InlineExecutor

    before, mtime = _sha(inputs), inputs.stat().st_mtime_ns
    commands = [
        ["check", str(inputs)],
        ["score", str(inputs)],
        ["score", str(inputs), "--json"],
        ["report", str(inputs), "--format", "md", "-o", str(tmp_path / "r.md")],
        ["report", str(inputs), "--format", "docx", "-o", str(tmp_path / "r.docx"), "--no-chart"],
        ["report", str(inputs), "--format", "md", "-o", str(inputs)],  # refused: would overwrite the input
        ["report", str(inputs), "--format", "md"],  # default: next to the input, under another name
    ]
    for argv in commands:
        rc, text = _run(capsys, argv)
        assert rc in (0, 1, 2) and "Traceback" not in text, (argv, text)
        assert _sha(inputs) == before and inputs.stat().st_mtime_ns == mtime, argv
    saved = run.ProcessPoolExecutor
    run.ProcessPoolExecutor = InlineExecutor
    try:
        rc, text = _run(capsys, ["batch", str(inputs.parent), "-o", str(inputs.parent), "--format", "md"])
    finally:
        run.ProcessPoolExecutor = saved
    assert rc in (0, 1), text
    assert _sha(inputs) == before and inputs.stat().st_mtime_ns == mtime
