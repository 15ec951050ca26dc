"""Shared by the tests of ``xlperf serve``: workbooks of several units, a service over a fresh data folder,
an administrator who is logged in, and a throwaway PostgreSQL cluster (Debian's package).

Expected figures come from the bundled example, whose reference report (shared/seed) says 总分 91, 等级 优.
"""

from __future__ import annotations

import os
import signal
import sys
import re
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest

from starlette.testclient import TestClient

from report_helpers import EXAMPLE_LEFTOVER, OWN_SECTION5
from xlperf.serve.demo import EXAMPLE, EXAMPLE_UNIT, changed_copy, renamed_copy
from xlperf.serve.jobs import Pool
from xlperf.serve.security import hash_password
from xlperf.serve.store import Store
from xlperf.serve.web import create_app

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "正确的密码-123"
#: the example's figures as the reference report prints them (shared/seed: 最终得分为91分; 91-100 = 优)
EXAMPLE_TOTAL, EXAMPLE_GRADE = 91, "优"


def unit_workbook(folder: Path, unit: str, name: str = "") -> Path:
    """The example, renamed to ``unit`` (its cached values kept), as a department's correct form: 五 in its own
    words instead of the reference report's leftover instruction (which the example keeps, and check warns at)."""
    folder.mkdir(parents=True, exist_ok=True)
    own = renamed_copy(EXAMPLE, folder / f".{unit}-own.xlsx", EXAMPLE_LEFTOVER, OWN_SECTION5)
    try:
        return renamed_copy(own, folder / (name or f"{unit}.xlsx"), EXAMPLE_UNIT, unit)
    finally:
        own.unlink()


def wrong_workbook(folder: Path, unit: str) -> Path:
    """The example for ``unit`` with text where 预算编制细化率's 实际完成值 (指标评分!H11) needs a number."""
    folder.mkdir(parents=True, exist_ok=True)
    return changed_copy(EXAMPLE, folder / f"{unit}-有误.xlsx", {("基本情况", "B3"): unit, ("指标评分", "H11"): "约95"})


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:500]
    return found.group(1)


def log_in(client, name: str = "admin", password: str = PASSWORD):
    page = client.get("/login")
    return client.post("/login", data={"csrf": csrf_of(page.text), "name": name, "password": password},
                       follow_redirects=False)


# ------------------------------------------------------------------ PostgreSQL (Debian's postgresql package)

def _pg_bin() -> Path | None:
    for cand in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (cand / "initdb").exists():
            return cand
    return None


class PostgresCluster:
    """A throwaway cluster in a temporary folder, run as the ``postgres`` user, on a local port."""

    def __init__(self, folder: Path):
        self.bin = _pg_bin()
        self.folder = folder
        self.port = free_port()
        self.proc_started = False

    def _as_postgres(self, *cmd: str) -> subprocess.CompletedProcess:
        args = list(cmd)
        if os.geteuid() == 0:
            args = ["runuser", "-u", "postgres", "--", *args]
        return subprocess.run(args, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
        data = self.folder / "data"
        res = self._as_postgres(str(self.bin / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust",
                                "-E", "UTF8", "--locale=C.UTF-8")
        if res.returncode:
            raise RuntimeError(res.stderr)
        res = self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(data), "-l", str(self.folder / "log"), "-w",
                                "-o", f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1", "start")
        if res.returncode:
            raise RuntimeError(res.stderr + (self.folder / "log").read_text(errors="replace"))
        self.proc_started = True

    def new_database(self) -> str:
        import psycopg

        name = f"t{uuid.uuid4().hex[:12]}"
        with psycopg.connect(f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self.proc_started:
            self._as_postgres(str(self.bin / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        shutil.rmtree(self.folder.parent, ignore_errors=True)  # postgres_or_skip's own folder, ~110 MB a cluster


def postgres_or_skip(tmp_path_factory):
    """A running cluster; without Debian's postgresql the test is skipped — except under CI=true."""
    if _pg_bin() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("CI: PostgreSQL (Debian package postgresql) is required for the service's tests")
        pytest.skip("PostgreSQL is not installed here (apt-get install postgresql); CI runs these tests")
    folder = Path(tempfile.mkdtemp(prefix="xlperf-pg-"))  # pytest's own tmp folders are closed to other users
    os.chmod(folder, 0o755)
    cluster = PostgresCluster(folder / "cluster")
    cluster.start()
    return cluster


def wait_for_port(port: int, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(port)


def one_point_less_workbook(folder: Path, unit: str) -> Path:
    """The example for ``unit`` with 工作目标合理性 (分值 2, 定性 达成 → 2) scored 1 by hand in 指标评分!M7: total
    91 − 1 = 90, still 优, with warnings (a 定性 达成 score under 80 %, no 偏差原因, no 改进措施)."""
    folder.mkdir(parents=True, exist_ok=True)
    return changed_copy(EXAMPLE, folder / f"{unit}.xlsx", {("基本情况", "B3"): unit, ("指标评分", "M7"): 1})


def start_server(data: Path, port: int, *extra: str) -> subprocess.Popen:
    """``xlperf serve`` in its own process group (stop it with :func:`stop_server`)."""
    return subprocess.Popen([sys.executable, "-m", "xlperf.cli", "serve", "--data", str(data), "--port", str(port),
                             *extra], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def stop_server(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)


# The service's fixtures shared by test_serve_api, test_serve_pages and test_serve_security (imported there by
# name): one worker pool per module, a PostgreSQL cluster per module, a store on each backend with an
# administrator (``backend`` names it, for a test that runs on one only).
@pytest.fixture(scope="module")
def pool():
    p = Pool(1)
    yield p
    p.close()


@pytest.fixture(scope="module")
def pg(tmp_path_factory):
    cluster = postgres_or_skip(tmp_path_factory)
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request):
    return request.param


@pytest.fixture
def store(tmp_path, backend, request):
    url = request.getfixturevalue("pg").new_database() if backend == "postgresql" else None
    st = Store.open(tmp_path / "data", url)
    st.set_admin("admin", hash_password(PASSWORD))
    yield st
    st.db.close()


@pytest.fixture
def client(store, pool):
    return TestClient(create_app(store, pool=pool))
