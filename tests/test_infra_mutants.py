"""xlperf.infra.applog, xlperf.infra.jsonfile and xlperf.errors judged by fast tests (issue 19; run recorded in
docs/mutation.md, s7g): where an unexpected failure is logged and what the log holds, how an evaluation is read from
a JSON file (and each refusal's message), and what the exceptions carry.  Expected values are the paths and messages
written out here.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal as D
from pathlib import Path

import pytest

from xlperf.errors import InputError, LoadError, ProblemsFound, ScoringError
from xlperf.infra import applog
from xlperf.infra.jsonfile import EXAMPLE_JSON, load_example, load_json


# ------------------------------------------------------------------ applog


@pytest.fixture
def no_log_env(monkeypatch):
    for name in ("XLPERF_LOG_DIR", "LOCALAPPDATA", "XDG_STATE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: Path("/home/clerk")))
    return monkeypatch


def test_the_log_folder_follows_the_override_then_the_platform(no_log_env):
    m = no_log_env
    m.setattr(sys, "platform", "linux")
    assert applog.log_dir() == Path("/home/clerk/.local/state/xlperf")
    m.setenv("XDG_STATE_HOME", "/var/state")
    assert applog.log_dir() == Path("/var/state/xlperf")
    m.setattr(sys, "platform", "win32")
    assert applog.log_dir() == Path("/home/clerk/AppData/Local/xlperf")  # no LOCALAPPDATA: the usual place
    m.setenv("LOCALAPPDATA", "/users/clerk/local")
    assert applog.log_dir() == Path("/users/clerk/local/xlperf")
    m.setenv("XLPERF_LOG_DIR", "/tmp/xl-logs")
    assert applog.log_dir() == Path("/tmp/xl-logs")
    assert applog.log_path() == Path("/tmp/xl-logs/xlperf.log")


def test_an_exception_is_appended_to_the_log_with_time_and_context(tmp_path, monkeypatch):
    folder = tmp_path / "a" / "b"  # made with its parents
    monkeypatch.setenv("XLPERF_LOG_DIR", str(folder))
    for n in (1, 2):
        try:
            raise ValueError(f"第{n}次：单元格无法读取")
        except ValueError:
            assert applog.log_exception(f"PERF_SCORE {n}") == folder / "xlperf.log"
    text = (folder / "xlperf.log").read_bytes().decode("utf-8")  # Chinese written as UTF-8
    heads = re.findall(r"^--- (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d) (.*)$", text, re.M)  # seconds, no fraction
    assert [context for _, context in heads] == ["PERF_SCORE 1", "PERF_SCORE 2"]
    assert text.count("Traceback (most recent call last):") == 2
    assert "ValueError: 第1次：单元格无法读取" in text and "ValueError: 第2次：单元格无法读取" in text


def test_an_unwritable_log_gives_no_path(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XLPERF_LOG_DIR", str(blocker / "logs"))  # below a file: no folder can be made
    try:
        raise RuntimeError("x")
    except RuntimeError:
        assert applog.log_exception("ctx") is None


# ------------------------------------------------------------------ jsonfile


def test_the_example_is_read_from_the_bundled_file():
    ev = load_example()
    assert (ev.year, ev.budget.initial, ev.budget.executed) == (2021, D("7319.56"), D("1770.59"))  # 执行率 24.19 %
    assert EXAMPLE_JSON.name == "example-2021.json"


def test_a_json_file_that_cannot_be_read_is_refused_with_its_name(tmp_path):
    missing = tmp_path / "无.json"
    with pytest.raises(LoadError) as exc:
        load_json(missing)
    assert str(exc.value) == f"文件不存在：{missing}"
    for name, content in (("坏.json", b"{not json"), ("乱码.json", b'{"unit": "\xff\xfe"}')):
        path = tmp_path / name
        path.write_bytes(content)
        with pytest.raises(LoadError) as exc:
            load_json(path)
        assert str(exc.value) == f"文件无法读取或不是有效的JSON：{name}"
    with pytest.raises(LoadError) as exc:
        load_json(tmp_path)  # a folder
    assert str(exc.value) == f"文件无法读取或不是有效的JSON：{tmp_path.name}"


def test_a_json_evaluation_is_read_as_utf8(tmp_path):
    data = EXAMPLE_JSON.read_bytes().decode("utf-8").replace('"unit": "', '"unit": "测试')
    path = tmp_path / "e.json"
    path.write_bytes(data.encode("utf-8"))
    ev, problems = load_json(path)
    assert problems == [] and ev.unit.startswith("测试")


def test_a_json_file_of_the_wrong_shape_names_each_field(tmp_path):
    path = tmp_path / "e.json"
    path.write_text('{"unit": "某局", "year": "二〇二一", "indicators": [{"name": "x", "level": 1, "weight": "a"}]}',
                    encoding="utf-8")
    ev, problems = load_json(path)
    assert ev is None
    where = [p.where for p in problems]
    assert "e.json:year" in where and "e.json:indicators.0.weight" in where and "e.json:budget" in where
    assert all(p.label == "" and p.severity == "错误" for p in problems)
    assert [p.message for p in problems if p.where == "e.json:budget"] == ["缺少此项"]  # the clerk's words for missing


# ------------------------------------------------------------------ errors


def test_exceptions_carry_their_message_and_the_input_at_fault():
    assert str(ScoringError("分值须大于0")) == "分值须大于0" and ScoringError("分值须大于0").field == ""
    assert ScoringError("缺少年度指标值", "target").field == "target"
    assert InputError("x").field == "" and isinstance(ScoringError("m"), InputError)


def test_problems_found_lists_every_problem_one_a_line():
    exc = ProblemsFound(["指标评分!H7（实际完成值）：应为数字", "预算资金!C5（执行数）：不能为负数"])
    assert exc.problems == ["指标评分!H7（实际完成值）：应为数字", "预算资金!C5（执行数）：不能为负数"]
    assert str(exc) == "指标评分!H7（实际完成值）：应为数字\n预算资金!C5（执行数）：不能为负数"
