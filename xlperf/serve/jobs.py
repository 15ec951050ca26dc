"""The bounded worker pool: the batch's worker processes (:mod:`xlperf.batch.worker`), never the request thread.

At most ``jobs`` workbooks are read and rendered at once, each in a warm worker process (the batch's forkserver
preloads xlperf); more uploads wait in the queue, on disk, so memory stays bounded by the pool's size.  A worker
is retired after ``TASKS_PER_WORKER`` tasks (the pool is replaced, the running tasks finish in the old one).  A
workbook that kills its worker (crash, the batch's watchdog timeout) gets the batch's 失败 record and a fresh pool.
"""

from __future__ import annotations

import asyncio
import os
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

from ..batch import worker
from ..batch.record import Record
from ..batch.run import TASKS_PER_WORKER, _context


class Pool:
    def __init__(self, jobs: int | None = None):
        self.jobs = max(1, jobs or os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()  # _submitted: tasks given to the current pool, counted from each new one

    def _current(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None or self._submitted >= self.jobs * TASKS_PER_WORKER:
                old, self._pool, self._submitted = self._pool, None, 0
                if old is not None:
                    old.shutdown(wait=False)
                self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=_context(), initializer=worker.warm)
            self._submitted += 1
            return self._pool

    def _broken(self, pool: ProcessPoolExecutor) -> None:
        with self._lock:
            if self._pool is pool:
                self._pool = None
        pool.shutdown(wait=False)

    def warm(self) -> None:
        """Start the worker processes now (the first upload does not pay for it)."""
        pool = self._current()
        for f in [pool.submit(os.getpid) for _ in range(self.jobs)]:
            f.result()

    async def run(self, task: worker.Task) -> Record:
        """The worker's record for ``task`` (a dead worker: retried once, then the batch's 失败)."""
        for _attempt in range(2):
            pool = self._current()
            try:
                return await asyncio.wrap_future(pool.submit(worker.process, task))
            except BrokenProcessPool:
                self._broken(pool)
                if (Path(task.staging) / worker.TIMED_OUT).exists():
                    break
        if (Path(task.staging) / worker.TIMED_OUT).exists():
            return worker.failed(task, f"处理超过{task.timeout:.0f}秒仍未完成，已停止（文件可能过于复杂）")
        return worker.failed(task, "处理时进程意外退出（文件可能已损坏），请另存为新文件后再试")

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(cancel_futures=True)  # waits for the running tasks
