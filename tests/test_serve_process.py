"""``xlperf serve`` as a real process: killed in the middle of an upload it loses nothing it answered and leaves
no half-written file; with networking blocked (a network namespace with only loopback) it works and never even
tries to reach outside (every connect and name lookup of every Python process is recorded).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import textwrap
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

from xlperf.serve.store import Store
from serve_helpers import ROOT, free_port, unit_workbook, wait_for_port

UNIT = "丁镇人民政府"


def _start(data: Path, port: int, env=None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "xlperf.cli", "serve", "--data", str(data), "--port", str(port),
                             "--jobs", "1"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            start_new_session=True, env=env)


def _kill_group(proc: subprocess.Popen) -> None:
    """The server and the worker processes it started (one process group, ours)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


def multipart(name: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode("utf-8")
    return head + data + f"\r\n--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post_file(port: int, path: str, name: str, data: bytes) -> dict:
    body, kind = multipart(name, data)
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, headers={"Content-Type": kind})
    with urllib.request.urlopen(req, timeout=120) as res:
        return json.loads(res.read())


def test_killing_the_server_mid_upload_loses_nothing_answered(tmp_path):
    data = tmp_path / "data"
    store = Store.open(data)
    token = store.add_unit(UNIT)[0]["token"]
    store.db.close()
    port = free_port()
    proc = _start(data, port)
    try:
        wait_for_port(port)
        book = unit_workbook(tmp_path / "in", UNIT).read_bytes()
        answered = post_file(port, f"/api/submit/{token}", "第一次.xlsx", book)
        assert answered["status"] == "成功"
        body, kind = multipart("第二次.xlsx", book)
        with socket.create_connection(("127.0.0.1", port)) as half, \
                socket.create_connection(("127.0.0.1", port)) as whole:
            head = (f"POST /api/submit/{token} HTTP/1.1\r\nHost: x\r\nContent-Type: {kind}\r\n"
                    f"Content-Length: {len(body)}\r\n\r\n").encode()
            half.sendall(head + body[: len(body) // 2])  # killed while the upload is still arriving
            whole.sendall(head + body)  # killed while its workbook is being checked
            deadline = time.monotonic() + 60
            while not any((data / "tmp").glob("job-*/in/*.xlsx")) and time.monotonic() < deadline:
                time.sleep(0.01)
            assert any((data / "tmp").glob("job-*/in/*.xlsx")), "the second upload never reached the worker"
            _kill_group(proc)
    finally:
        _kill_group(proc)
    conn = sqlite3.connect(data / "xlperf.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("SELECT id, filename, sha256, report FROM uploads").fetchall()
    conn.close()
    assert [(r[0], r[1]) for r in rows] == [(answered["upload"], "第一次.xlsx")]
    kept = [p for p in (data / "uploads").rglob("*") if p.is_file()]
    assert [p.stem for p in kept] == [rows[0][2]] and kept[0].read_bytes() == book
    assert (data / rows[0][3]).exists()
    Store.open(data).data.prepare()  # what the next start does
    assert list((data / "tmp").iterdir()) == []


SITE = textwrap.dedent('''
    """Recorded by tests/test_serve_process.py: every connect and name lookup that is not local."""
    import os, socket

    _LOG = os.environ["XLPERF_NET_LOG"]
    _LOCAL = ("127.", "::1", "localhost", "0.0.0.0")

    def _note(what):
        with open(_LOG, "a", encoding="utf-8") as fh:
            fh.write(f"{os.getpid()} {what}\\n")

    def _local(address):
        if isinstance(address, (str, bytes)):  # a unix socket
            return True
        host = str(address[0])
        return host.startswith(_LOCAL)

    _connect, _connect_ex, _lookup = socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo

    def connect(self, address):
        if not _local(address):
            _note(f"connect {address}")
        return _connect(self, address)

    def connect_ex(self, address):
        if not _local(address):
            _note(f"connect_ex {address}")
        return _connect_ex(self, address)

    def getaddrinfo(host, *args, **kw):
        if host is not None and not str(host).startswith(_LOCAL):
            _note(f"getaddrinfo {host}")
        return _lookup(host, *args, **kw)

    socket.socket.connect, socket.socket.connect_ex, socket.getaddrinfo = connect, connect_ex, getaddrinfo
''')

SCENARIO = textwrap.dedent('''
    import json, subprocess, sys, time, urllib.request
    sys.path.insert(0, sys.argv[3])
    from test_serve_process import multipart, post_file
    from serve_helpers import wait_for_port
    data, port = sys.argv[1], int(sys.argv[2])
    out = subprocess.run([sys.executable, "-m", "xlperf.cli", "serve", "demo", "--data", data,
                          "--base-url", f"http://127.0.0.1:{port}"], capture_output=True, text=True, check=True).stdout
    token = out.splitlines()[1].split("/u/")[1]
    api = subprocess.run([sys.executable, "-m", "xlperf.cli", "serve", "token", "--data", data],
                         capture_output=True, text=True, check=True).stdout.strip()
    server = subprocess.Popen([sys.executable, "-m", "xlperf.cli", "serve", "--data", data, "--port", str(port),
                               "--jobs", "1"])
    try:
        wait_for_port(port)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/login") as res:
            assert "管理员登录" in res.read().decode()
        answer = post_file(port, f"/api/submit/{token}", "表.xlsx", open(sys.argv[4], "rb").read())
        req = urllib.request.Request(f"http://127.0.0.1:{port}/api/progress", headers={"Authorization": f"Bearer {api}"})
        with urllib.request.urlopen(req) as res:
            progress = json.loads(res.read())
        print(json.dumps({"answer": answer["status"], "units": len(progress["units"])}, ensure_ascii=False))
    finally:
        server.terminate()
        server.wait(timeout=60)
''')


@pytest.mark.skipif(not sys.platform.startswith("linux") or shutil.which("unshare") is None,
                    reason="network namespaces: Linux with util-linux's unshare")
def test_nothing_leaves_the_machine_with_networking_blocked(tmp_path):
    if subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode:
        if os.environ.get("CI") == "true":
            pytest.fail("CI runs as root: unshare -n must work")
        pytest.skip("no permission to create a network namespace here (CI runs as root)")
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(SITE, encoding="utf-8")
    log = tmp_path / "net.log"
    log.write_text("", encoding="utf-8")
    (tmp_path / "scenario.py").write_text(SCENARIO, encoding="utf-8")
    book = unit_workbook(tmp_path / "in", "中共郑州市金水区委组织部")
    env = dict(os.environ, PYTHONPATH=f"{site}{os.pathsep}{ROOT}", XLPERF_NET_LOG=str(log))
    cmd = (f"ip link set lo up && {sys.executable} {tmp_path / 'scenario.py'} {tmp_path / 'data'} {free_port()} "
           f"{ROOT / 'tests'} {book}")
    res = subprocess.run(["unshare", "-n", "sh", "-c", cmd], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=600)
    assert res.returncode == 0, res.stdout + res.stderr
    assert json.loads(res.stdout.strip().splitlines()[-1]) == {"answer": "成功", "units": 4}
    assert log.read_text(encoding="utf-8") == ""
    probe = subprocess.run(["unshare", "-n", "sh", "-c", f"{sys.executable} -c \"import socket; "
                            "s=socket.socket(); s.settimeout(2); print(s.connect_ex(('192.0.2.1', 80)))\""],
                           env=env, capture_output=True, text=True)
    assert "connect_ex ('192.0.2.1', 80)" in log.read_text(encoding="utf-8"), probe.stderr  # the recorder works
