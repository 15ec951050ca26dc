"""Progress of a batch: a one-line bar on a terminal (count, rate, time left), plain lines otherwise."""

from __future__ import annotations

import sys
import time

from .record import Record, Status


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """``start(total)``, ``advance(record)`` once per workbook, ``finish()``."""

    WIDTH = 24
    # set by start(), read only after it: the workbooks to do, done so far, and the clock at the start
    total: int
    done: int
    t0: float

    def __init__(self, stream=None, *, tty: bool | None = None, clock=time.monotonic):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.clock = clock
        self.said: dict[str, Status] = {}  # the status each plain line announced, by file

    def start(self, total: int, skipped: int = 0) -> None:
        self.total, self.done, self.t0 = total, 0, self.clock()
        if skipped:
            self._line(f"跳过未变化的工作簿 {skipped} 个（用 --force 全部重做）")
        if total:
            self._line(f"开始处理 {total} 个工作簿")

    def line(self, done: int, elapsed: float) -> str:
        rate = done / elapsed if elapsed > 0 else 0.0
        left = (self.total - done) / rate if rate > 0 else None
        filled = self.WIDTH * done // self.total if self.total else self.WIDTH
        bar = "#" * filled + "." * (self.WIDTH - filled)
        eta = f"剩余约 {_clock(left)}" if left is not None else "剩余时间估算中"
        return f"[{bar}] {done}/{self.total}  {rate:.1f} 个/秒  {eta}"

    def advance(self, record: Record) -> None:
        self.done += 1
        if self.tty:
            self.stream.write("\r" + self.line(self.done, self.clock() - self.t0) + "  ")
            self.stream.flush()
        else:
            self.said[record.file] = record.status
            self._line(f"[{self.done}/{self.total}] {record.status} {record.file}{self._reason(record)}")

    @staticmethod
    def _reason(record: Record) -> str:
        return f"：{record.reason}" if record.reason and record.status != Status.OK else ""

    def settle(self, records: list[Record]) -> None:
        """After the reports are named: a line for each workbook whose final status is not the one its line
        announced (a second workbook of the same unit and year turns 成功 into 有警告), so that the last word
        the console says of every workbook is the word 汇总 prints."""
        for rec in records:
            said = self.said.get(rec.file)
            if said is not None and said != rec.status:
                self._line(f"[更正] {rec.status} {rec.file}（原为{said}）{self._reason(rec)}")
                self.said[rec.file] = rec.status

    def finish(self) -> None:
        if self.tty and self.total:
            self.stream.write("\n")
            self.stream.flush()

    def _line(self, text: str) -> None:
        print(text, file=self.stream, flush=True)


class Silent(Progress):
    """Counts the workbooks and says nothing (no stream is touched: under pythonw there is none)."""

    def __init__(self):
        self.total = self.done = 0

    def start(self, total: int, skipped: int) -> None:  # the batch always says how many it skipped
        self.total = total

    def advance(self, record: Record) -> None:
        self.done += 1

    def finish(self) -> None:
        pass

    def settle(self, records: list[Record]) -> None:
        pass
