"""Batch speed and memory (issue 6 §2): ``xlperf batch`` against one ``xlperf report`` per workbook.

Inputs are copies of the example workbook (built once with :mod:`xlperf.workbook.build`) with
the unit name varied in the shared strings, so no two copies conflict.  Every run is a fresh
``python -m xlperf.cli`` process writing Word reports into a fresh folder.  Prints ratios
measured in this one run; never fails on time.  Peak memory is the sampled sum of the RSS of
the batch process and all its descendants (Linux ``/proc``), else ``ru_maxrss`` of children.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEPARATE_SAMPLE = 20  # separate `xlperf report` processes actually run; ×10 extrapolates to 200


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "xlperf.cli", *args]


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def make_inputs(folder: Path, n: int) -> str:
    """``n`` workbooks named w0000.xlsx…; returns the kind of input used."""
    sys.path.insert(0, str(ROOT))
    from xlperf.load import load_example

    folder.mkdir(parents=True, exist_ok=True)
    ev = load_example()
    try:
        from xlperf.workbook.build import write_workbook
    except ImportError:
        data = json.loads(ev.model_dump_json())
        for i in range(n):
            data["unit"] = f"测试单位{i:04d}"
            (folder / f"w{i:04d}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        return "json"
    base = folder / "_base.xlsx"
    write_workbook(base, ev)
    with zipfile.ZipFile(base) as z:
        parts = [(info, z.read(info.filename)) for info in z.infolist()]
    base.unlink()
    old = ev.unit.encode("utf-8")
    for i in range(n):
        new = f"测试单位{i:04d}".encode("utf-8")
        with zipfile.ZipFile(folder / f"w{i:04d}.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
            for info, data in parts:
                z.writestr(info, data.replace(old, new) if info.filename.endswith(".xml") else data)
    return "xlsx"


def _descendants_rss(root: int) -> int:
    """Sum of VmRSS (bytes) of ``root`` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status", encoding="ascii", errors="replace") as fh:
                ppid = kb = 0
                for line in fh:
                    if line.startswith("PPid:"):
                        ppid = int(line.split()[1])
                    elif line.startswith("VmRSS:"):
                        kb = int(line.split()[1])
            parents[int(entry)], rss[int(entry)] = ppid, kb * 1024
        except (OSError, ValueError):
            continue
    total, stack = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def run_batch(src: Path, jobs: int, *, sample_memory: bool = False) -> tuple[float, int]:
    """Seconds of one ``xlperf batch`` run (fresh output folder) and its peak memory in bytes."""
    out = Path(tempfile.mkdtemp(prefix="xlperf-bench-out-"))
    start = time.perf_counter()
    proc = subprocess.Popen(_cli("batch", str(src), "-o", str(out), "--jobs", str(jobs), "--include-json"),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    peak, done = 0, threading.Event()

    def sample():
        nonlocal peak
        while not done.is_set():
            peak = max(peak, _descendants_rss(proc.pid))
            time.sleep(0.05)

    sampler = None
    if sample_memory and os.path.isdir("/proc"):
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    code = proc.wait()
    elapsed = time.perf_counter() - start
    done.set()
    if sampler:
        sampler.join()
    elif sample_memory:
        import resource

        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    if code not in (0, 1):
        raise RuntimeError(f"xlperf batch exited {code}")
    reports = len(list(out.glob("*.docx")))
    expected = len([p for p in src.iterdir() if p.suffix in (".xlsx", ".json")])
    if reports != expected:
        raise RuntimeError(f"xlperf batch wrote {reports} reports for {expected} workbooks")
    return elapsed, peak


def run_separate(src: Path, count: int) -> float:
    """Seconds of ``count`` separate ``xlperf report`` processes, one after another."""
    out = Path(tempfile.mkdtemp(prefix="xlperf-bench-sep-"))
    files = sorted(p for p in src.iterdir() if p.suffix in (".xlsx", ".json"))[:count]
    start = time.perf_counter()
    for f in files:
        subprocess.run(_cli("report", str(f), "-o", str(out / f"{f.stem}.docx")), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
    return time.perf_counter() - start


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="xlperf-bench-batch-") as tmp:
        tmp = Path(tmp)
        t0 = time.perf_counter()
        sets = {}
        for n in (100, 200, 500, 1000):
            kind = make_inputs(tmp / f"n{n}", n)
            sets[n] = tmp / f"n{n}"
        print(f"inputs: {kind} copies of the example, unit names varied "
              f"(built in {time.perf_counter() - t0:.1f} s); reports: docx; CPUs: {os.cpu_count()}")

        if hasattr(os, "getloadavg"):
            print(f"load average before timing: {os.getloadavg()[0]:.2f} (other work on the machine lowers the "
                  f"--jobs scaling ratio)")
        sep20 = run_separate(sets[200], SEPARATE_SAMPLE)
        sep200 = sep20 * (200 / SEPARATE_SAMPLE)
        j2, _ = run_batch(sets[200], 2)
        j1, _ = run_batch(sets[200], 1)
        print(f"separate `xlperf report`: {SEPARATE_SAMPLE} processes in {sep20:.1f} s, "
              f"extrapolated ×{200 // SEPARATE_SAMPLE} to 200: {sep200:.1f} s")
        print(f"batch 200 --jobs 2: {j2:.1f} s = {j2 / sep200:.2f} of separate runs (target ≤ 0.25)")
        print(f"batch 200 --jobs 1: {j1:.1f} s; --jobs 2 is {j1 / j2:.2f}× faster (target ≥ 1.6)")

        rates = {200: 200 / j2}
        for n in (100, 500):
            t, _ = run_batch(sets[n], 2)
            rates[n] = n / t
        print("workbooks/second with --jobs 2: " + ", ".join(f"N={n}: {rates[n]:.1f}" for n in sorted(rates)))

        t, peak = run_batch(sets[1000], 2, sample_memory=True)
        print(f"batch 1000 --jobs 2: {t:.1f} s ({1000 / t:.1f}/s); peak memory (parent + workers, RSS sum): "
              f"{peak / 2**20:.0f} MB (target < 500 MB)")


if __name__ == "__main__":
    main()
