"""``xlperf serve`` under a burst (issue 25): 50 simultaneous uploads of different workbooks against
``xlperf batch`` over the same 50 files, on this machine.

Inputs: the example workbook renamed to 50 units (cached values kept, :func:`xlperf.serve.demo.renamed_copy`).
Printed: ``xlperf batch`` wall time; one ``xlperf check`` (a whole process, as a clerk runs it) and one upload
alone; the burst's median and 95th-percentile answer time, its throughput against the batch's, and the peak
memory of the service (server + its workers).  Goals (printed beside): throughput ≥ 0.8× batch, p95 ≤ 1.5× the
batch's time, one upload ≤ 1.5× one check.  Every answer is checked (status 成功, 总分 91, the unit's own name);
a wrong answer raises.  Never fails on time.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import _descendants_rss  # noqa: E402 - the same memory sampling as the batch's bench
from serve_helpers import free_port, start_server, stop_server, unit_workbook, wait_for_port  # noqa: E402
from xlperf.serve.store import Store  # noqa: E402

N = 50
JOBS = os.cpu_count() or 1


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def post(port: int, token: str, path: Path) -> tuple[float, dict]:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.name}\"\r\n\r\n"
            ).encode() + path.read_bytes() + f"\r\n--{boundary}--\r\n".encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/submit/{token}", data=body,
                                 headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    start = time.perf_counter()
    with urllib.request.urlopen(req, timeout=600) as res:
        answer = json.loads(res.read())
    return time.perf_counter() - start, answer


def _check(answer: dict, unit: str) -> None:
    if (answer["status"], answer["total"], answer["unit"]) != ("成功", 91, unit):
        raise AssertionError(f"{unit}: {answer}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="xlperf-bench-serve-") as tmp:
        tmp = Path(tmp)
        units = [f"基准单位{i:02d}" for i in range(N)]
        books = [unit_workbook(tmp / "in", u, f"w{i:02d}.xlsx") for i, u in enumerate(units)]
        t_batch = _timed([sys.executable, "-m", "xlperf.cli", "batch", str(tmp / "in"), "-o", str(tmp / "out"),
                          "--jobs", str(JOBS), "--force"])
        t_check = statistics.median(_timed([sys.executable, "-m", "xlperf.cli", "check", str(books[0])])
                                    for _ in range(3))
        store = Store.open(tmp / "data")
        tokens = [store.add_unit(u)[0]["token"] for u in units] + [store.add_unit("单独上传")[0]["token"]]
        store.db.close()
        alone = unit_workbook(tmp / "alone", "单独上传")
        port = free_port()
        proc = start_server(tmp / "data", port, "--jobs", str(JOBS))
        peak, done = 0, threading.Event()

        def sample() -> None:
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _descendants_rss(proc.pid))
                time.sleep(0.1)

        try:
            wait_for_port(port)
            t_alone, answer = post(port, tokens[-1], alone)
            _check(answer, "单独上传")
            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            start = time.perf_counter()
            with ThreadPoolExecutor(max_workers=N) as burst:
                results = list(burst.map(lambda i: post(port, tokens[i], books[i]), range(N)))
            wall = time.perf_counter() - start
            done.set()
            sampler.join()
        finally:
            done.set()
            stop_server(proc)
        for (seconds, answer), unit in zip(results, units):
            _check(answer, unit)
        times = sorted(seconds for seconds, _ in results)
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        median = statistics.median(times)
        print(f"machine: {os.cpu_count()} CPUs; service and batch with {JOBS} worker processes; {N} workbooks")
        print(f"xlperf batch ({N} files): {t_batch:.1f} s ({N / t_batch:.2f}/s)")
        print(f"one xlperf check (whole process): {t_check:.2f} s; one upload alone: {t_alone:.2f} s "
              f"= {t_alone / t_check:.2f}× (goal ≤ 1.5×)")
        print(f"burst of {N} simultaneous uploads: all {N} answered correctly in {wall:.1f} s ({N / wall:.2f}/s); "
              f"throughput {t_batch / wall:.2f}× batch (goal ≥ 0.8×)")
        print(f"answer times: median {median:.1f} s, 95th percentile {p95:.1f} s = {p95 / t_batch:.2f}× the batch's "
              f"time (goal ≤ 1.5×), slowest {times[-1]:.1f} s")
        print(f"peak memory of the service (server + {JOBS} workers, RSS sum): {peak / 2**20:.0f} MB")


if __name__ == "__main__":
    main()
