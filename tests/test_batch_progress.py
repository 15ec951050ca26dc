"""Progress output: a bar with count, rate and time left on a terminal; lines otherwise."""

import io

from xlperf.batch.progress import Progress
from xlperf.batch.record import Record


class FakeClock:
    def __init__(self):
        self.t = 100.0

    def __call__(self):
        return self.t


def test_terminal_bar_shows_count_rate_and_time_left():
    out, clock = io.StringIO(), FakeClock()
    p = Progress(out, tty=True, clock=clock)
    p.start(10)
    clock.t += 2.0
    p.advance(Record.from_json({"file": "a.xlsx", "status": "成功", "reason": ""}))
    clock.t += 2.0
    p.advance(Record.from_json({"file": "b.xlsx", "status": "成功", "reason": ""}))
    p.finish()
    last = out.getvalue().split("\r")[-1]
    # 2 done in 4 s → 0.5/s; 8 left → 16 s
    assert "2/10" in last and "0.5 个/秒" in last and "剩余约 0:16" in last
    assert last.endswith("\n")


def test_plain_lines_when_not_a_terminal():
    out = io.StringIO()
    p = Progress(out, tty=False)
    p.start(2, skipped=3)
    p.advance(Record.from_json({"file": "a.xlsx", "status": "成功", "reason": ""}))
    p.advance(Record.from_json({"file": "b.xlsx", "status": "失败", "reason": "文件为空"}))
    p.finish()
    lines = out.getvalue().splitlines()
    assert "\r" not in out.getvalue()
    assert lines[0].startswith("跳过未变化的工作簿 3 个")
    assert lines[-2:] == ["[1/2] 成功 a.xlsx", "[2/2] 失败 b.xlsx：文件为空"]
