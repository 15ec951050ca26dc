"""Shared timing for the benchmarks: whole processes, alternated so that drift hits all alike."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path


def run_once(cmd: list[str], env: dict, cwd: Path) -> float:
    """Wall time of one process (output discarded; a failing command raises)."""
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def alternate(commands: dict[str, list[str]], env: dict, cwd: Path, n: int) -> dict[str, list[float]]:
    """``n`` timings of each command, in forward then reverse order on alternate rounds."""
    samples: dict[str, list[float]] = {k: [] for k in commands}
    for i in range(n):
        order = list(commands.items())
        if i % 2:
            order.reverse()
        for name, cmd in order:
            samples[name].append(run_once(cmd, env, cwd))
    return samples
