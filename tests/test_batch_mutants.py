"""Edges of xlperf.batch.progress, naming, discover and manifest that `make mutate` found untested.

Expected values are worked out by hand from what the clerk sees (the progress line, the report file names) and from
published test vectors (SHA-256 of "abc"), never from the code under test.  Survivors judged equivalent are listed
in the docstring of tests/test_support_mutants.py with the rest of the small modules.
"""

from __future__ import annotations

import io
import json

import pytest

from xlperf import __version__
from xlperf.batch import manifest as M
from xlperf.batch.discover import discover
from xlperf.batch.naming import assign, base_name, group_key, safe_part
from xlperf.batch.progress import Progress, Silent, _clock
from xlperf.batch.record import Record, Status


# ------------------------------------------------------------------ progress


@pytest.mark.parametrize("seconds, shown", [
    (0, "0:00"),
    (59.4, "0:59"),  # rounded to whole seconds
    (59.6, "1:00"),
    (600, "10:00"),  # minutes are not padded, seconds are
    (3725, "1:02:05"),  # 1 h 2 min 5 s: hours appear, minutes padded to two places
    (36000, "10:00:00"),
    (-5, "0:00"),  # a clock that went back never shows a negative time
])
def test_clock_text(seconds, shown):
    assert _clock(seconds) == shown


def test_bar_fills_in_proportion_and_says_rate_and_time_left():
    p = Progress(io.StringIO(), tty=True)
    p.total = 10
    # 4 of 10 in 8 s: 24 × 4 // 10 = 9 marks; 0.5 per second; 6 left → 12 s
    assert p.line(4, 8.0) == "[" + "#" * 9 + "." * 15 + "] 4/10  0.5 个/秒  剩余约 0:12"
    assert p.line(10, 5.0) == "[" + "#" * 24 + "] 10/10  2.0 个/秒  剩余约 0:00"


def test_a_rate_within_the_first_second_is_measured():
    p = Progress(io.StringIO(), tty=True)
    p.total = 5
    # 1 done in 0.5 s: 2 per second; 4 left → 2 s
    assert p.line(1, 0.5) == "[" + "#" * 4 + "." * 20 + "] 1/5  2.0 个/秒  剩余约 0:02"


def test_each_plain_line_is_flushed_at_once():
    # a batch's log piped to a file must show each workbook as it finishes, not when the buffer fills
    class Flushes(io.StringIO):
        count = 0

        def flush(self):
            self.count += 1

    out = Flushes()
    p = Progress(out, tty=False)
    p.start(1)
    assert out.count == 1
    p.advance(Record(file="a.xlsx", status=Status.OK, reason=""))
    assert out.count == 2


def test_before_the_first_workbook_the_time_left_is_not_guessed():
    p = Progress(io.StringIO(), tty=True)
    p.total = 3
    assert p.line(0, 0.0) == "[" + "." * 24 + "] 0/3  0.0 个/秒  剩余时间估算中"
    assert p.line(0, 2.0) == "[" + "." * 24 + "] 0/3  0.0 个/秒  剩余时间估算中"  # none done yet: rate 0


def test_an_empty_batch_shows_a_full_bar():
    p = Progress(io.StringIO(), tty=True)
    p.total = 0
    assert p.line(0, 1.0) == "[" + "#" * 24 + "] 0/0  0.0 个/秒  剩余时间估算中"


def test_terminal_advance_overwrites_the_line_and_finish_ends_it():
    out = io.StringIO()
    now = [10.0]
    p = Progress(out, tty=True, clock=lambda: now[0])
    p.start(2)
    assert out.getvalue() == "开始处理 2 个工作簿\n"
    now[0] = 14.0
    p.advance(Record(file="a.xlsx", status=Status.FAILED, reason="文件为空"))  # no file names on the bar
    assert out.getvalue() == "开始处理 2 个工作簿\n" + "\r[" + "#" * 12 + "." * 12 + "] 1/2  0.2 个/秒  剩余约 0:04  "
    p.finish()
    assert out.getvalue().endswith("  \n")


def test_nothing_to_do_prints_no_start_line_and_no_newline():
    out = io.StringIO()
    p = Progress(out, tty=True)
    p.start(0)
    p.finish()
    assert out.getvalue() == ""
    p.start(0, skipped=4)
    assert out.getvalue() == "跳过未变化的工作簿 4 个（用 --force 全部重做）\n"


def test_plain_lines_give_the_reason_only_when_not_a_success():
    out = io.StringIO()
    p = Progress(out, tty=False)
    p.start(3)
    p.advance(Record(file="a.xlsx", status=Status.OK, reason="不会显示"))
    p.advance(Record(file="b.xlsx", status=Status.WARN, reason="2 条警告"))
    p.advance(Record(file="c.xlsx", status=Status.FAILED))  # no reason given
    p.finish()
    assert out.getvalue().splitlines() == ["开始处理 3 个工作簿", "[1/3] 成功 a.xlsx", "[2/3] 有警告 b.xlsx：2 条警告",
                                           "[3/3] 失败 c.xlsx"]


def test_terminal_or_not_is_asked_of_the_stream_and_stderr_is_the_default(capsys):
    class Tty(io.StringIO):
        def isatty(self):
            return True

    assert Progress(Tty()).tty is True
    assert Progress(io.StringIO()).tty is False
    p = Progress(tty=False)
    p.start(1)
    assert capsys.readouterr().err == "开始处理 1 个工作簿\n"


def test_silent_progress_counts_and_prints_nothing(capsys):
    s = Silent()
    s.start(5, skipped=2)
    s.advance(Record(file="a.xlsx", status=Status.FAILED, reason="x"))
    s.advance(Record(file="b.xlsx", status=Status.OK, reason=""))
    s.finish()
    assert (s.total, s.done) == (5, 2)
    assert capsys.readouterr() == ("", "")


# ------------------------------------------------------------------ naming


def test_a_long_unit_name_is_cut_to_80_characters():
    assert safe_part("局" * 100) == "局" * 80


def test_dots_and_spaces_at_the_ends_go_but_not_inside():
    assert safe_part("X局.") == "X局"  # only dots and spaces go, not letters
    assert safe_part(" .甲 局. ") == "甲 局"
    assert safe_part("%#\x1f") == "___"
    assert safe_part(2021) == "2021"


def test_without_a_year_the_name_has_no_year_part():
    assert base_name("甲局", None) == "甲局部门整体绩效自评报告"
    assert base_name("甲局", "") == "甲局部门整体绩效自评报告"
    assert base_name("甲局", "2022") == "甲局2022年度部门整体绩效自评报告"


def test_group_key_needs_unit_and_year_and_ignores_spaces_and_number_type():
    assert group_key(Record(file="a", unit="", year=2021)) is None
    assert group_key(Record(file="a", year=2021)) is None
    assert group_key(Record(file="a", unit="甲局", year=None)) is None
    assert group_key(Record(file="a", unit="甲局", year="")) is None
    assert group_key(Record(file="a", unit=" 甲局 ", year=2021)) == ("甲局", "2021")


def test_conflicts_across_spelling_of_unit_and_year_and_third_copy_numbered_3():
    recs = [Record(file="c.xlsx", unit="甲局", year=2021, outputs=["x"]),
            Record(file="a.xlsx", unit=" 甲局", year="2021", outputs=["x"]),
            Record(file="b.xlsx", unit="甲局 ", year=2021, reports=["old.docx"])]  # earlier reports only
    names, conflicts = assign(recs)
    assert names == {"a.xlsx": "甲局2021年度部门整体绩效自评报告",  # the spaces around the unit go
                     "b.xlsx": "甲局2021年度部门整体绩效自评报告（2）",
                     "c.xlsx": "甲局2021年度部门整体绩效自评报告（3）"}
    assert conflicts == {"a.xlsx": ["b.xlsx", "c.xlsx"], "b.xlsx": ["a.xlsx", "c.xlsx"],
                         "c.xlsx": ["a.xlsx", "b.xlsx"]}


def test_two_workbooks_of_one_unit_and_year_are_a_conflict():
    names, conflicts = assign([Record(file="1.xlsx", unit="甲局", year=2021, outputs=["x"]),
                               Record(file="2.xlsx", unit="甲局", year=2021, outputs=["x"])])
    assert conflicts == {"1.xlsx": ["2.xlsx"], "2.xlsx": ["1.xlsx"]}
    assert names == {"1.xlsx": "甲局2021年度部门整体绩效自评报告", "2.xlsx": "甲局2021年度部门整体绩效自评报告（2）"}


def test_names_differing_only_in_letter_case_do_not_share_a_file():
    names, conflicts = assign([Record(file="1.xlsx", unit="ABC局", year=2021, outputs=["x"]),
                               Record(file="2.xlsx", unit="abc局", year=2021, outputs=["x"])])
    assert names == {"1.xlsx": "ABC局2021年度部门整体绩效自评报告", "2.xlsx": "abc局2021年度部门整体绩效自评报告（2）"}
    assert conflicts == {}


def test_a_record_without_unit_is_named_but_never_a_conflict():
    names, conflicts = assign([Record(file="1.xlsx", unit="", year=2021, outputs=["x"]),
                               Record(file="2.xlsx", unit="", year=2021, outputs=["x"])])
    assert names == {"1.xlsx": "未命名单位2021年度部门整体绩效自评报告",
                     "2.xlsx": "未命名单位2021年度部门整体绩效自评报告（2）"}
    assert conflicts == {}


# ------------------------------------------------------------------ discover


def _touch(path):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x")


def test_hidden_and_lock_folders_are_skipped_and_order_is_by_path(tmp_path):
    for rel in ["b/z.xlsx", "a/y.xlsx", "a.xlsx", "~$tmp/x.xlsx", ".cache/x.xlsx", "B.xlsm"]:
        _touch(tmp_path / rel)
    # sorted by relative path as text: upper case before lower case
    assert [p.relative_to(tmp_path).as_posix() for p in discover(tmp_path)] == \
        ["B.xlsm", "a.xlsx", "a/y.xlsx", "b/z.xlsx"]


def test_an_excluded_folder_outside_the_input_changes_nothing(tmp_path):
    _touch(tmp_path / "in" / "out" / "a.xlsx")
    assert [p.name for p in discover(tmp_path / "in", exclude=tmp_path / "out")] == ["a.xlsx"]
    assert discover(tmp_path / "in", exclude=tmp_path / "in" / "out") == []


# ------------------------------------------------------------------ manifest


def test_file_hash_is_sha256_of_the_bytes(tmp_path):
    f = tmp_path / "a.bin"
    f.write_bytes(b"abc")  # FIPS 180-2's example
    assert M.file_hash(f) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    big = tmp_path / "big.bin"
    big.write_bytes(b"a" * 1_000_000 + b"abc" * 700_000)  # longer than one 1 MiB read
    import hashlib

    assert M.file_hash(big) == hashlib.sha256(b"a" * 1_000_000 + b"abc" * 700_000).hexdigest()


def test_environment_key_changes_with_formats_profile_and_templates(tmp_path, monkeypatch):
    base = M.environment_key(("docx",), None)
    assert M.environment_key(("docx",), None) == base
    assert M.environment_key(("docx", "md"), None) != base
    assert M.environment_key(("docx",), "project-cz2020-10") != base
    assert M.environment_key(("docx",), "project-cz2020-10") != M.environment_key(("docx",), "dept-henan-2021")
    custom = tmp_path / "rules.toml"
    custom.write_text("a = 1\n", encoding="utf-8")
    with_file = M.environment_key(("docx",), str(custom))
    custom.write_text("a = 2\n", encoding="utf-8")
    assert M.environment_key(("docx",), str(custom)) != with_file  # the profile file's content counts
    assert custom in M.profile_files(str(custom))
    assert str(tmp_path / "missing.toml") not in map(str, M.profile_files(str(tmp_path / "missing.toml")))
    names = {p.name for p in M.template_files()}
    assert "report.docx" in names  # the Word template the reports are rendered from
    assert all(p.is_file() for p in M.template_files())


def _manifest(tmp_path, entries, fmt=M.FORMAT_VERSION):
    (tmp_path / M.MANIFEST_NAME).write_text(json.dumps({"format": fmt, "entries": entries}), encoding="utf-8")
    return M.Manifest.load(tmp_path)


def test_a_manifest_of_another_format_or_shape_means_redo_everything(tmp_path):
    entry = {"a.xlsx": {"key": "k", "record": {"status": "成功", "reports": []}}}
    assert _manifest(tmp_path, entry).entries == entry
    assert _manifest(tmp_path, entry, fmt=M.FORMAT_VERSION - 1).entries == {}
    assert _manifest(tmp_path, ["a.xlsx"]).entries == {}
    (tmp_path / M.MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert M.Manifest.load(tmp_path).entries == {}
    (tmp_path / M.MANIFEST_NAME).write_text("[1, 2]", encoding="utf-8")  # JSON, but not an object
    assert M.Manifest.load(tmp_path).entries == {}
    assert M.Manifest.load(tmp_path / "nowhere").entries == {}


@pytest.mark.parametrize("status, reports, key, reused", [
    ("成功", ["r.docx"], "k", True),
    ("有警告", ["r.docx"], "k", True),
    ("填报有误", ["r.docx"], "k", False),  # never reuse a workbook with errors
    ("成功", [], "k", False),  # no report to keep
    ("成功", ["r.docx"], "other", False),  # the workbook or the environment changed
    ("成功", ["r.docx", "gone.docx"], "k", False),  # a report was deleted since
])
def test_reusable_only_when_unchanged_succeeded_and_reports_still_there(tmp_path, status, reports, key, reused):
    (tmp_path / "r.docx").write_bytes(b"x")
    record = {"file": "a.xlsx", "status": status, "reports": reports}
    m = _manifest(tmp_path, {"a.xlsx": {"key": "k", "record": record}})
    got = m.reusable("a.xlsx", key, tmp_path)
    assert (got is not None) is reused
    if reused:
        assert (got.file, got.status, got.reports) == ("a.xlsx", Status(status), reports)
    assert m.reusable("b.xlsx", "k", tmp_path) is None


def test_save_keeps_only_records_with_a_key_and_loads_back(tmp_path):
    m = M.Manifest.load(tmp_path)
    recs = [Record(file="a.xlsx", status=Status.OK), Record(file="b.xlsx", status=Status.FAILED)]
    m.save(recs, {"a.xlsx": "k1"})
    data = json.loads((tmp_path / M.MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["format"] == M.FORMAT_VERSION
    assert list(data["entries"]) == ["a.xlsx"] and data["entries"]["a.xlsx"]["key"] == "k1"
    assert data["entries"]["a.xlsx"]["record"]["status"] == "成功"
    assert data["xlperf"] == __version__  # which version wrote it
    assert "成功" in (tmp_path / M.MANIFEST_NAME).read_text(encoding="utf-8")  # readable, not \\u escapes
    assert m.entries == data["entries"]
    assert M.Manifest.load(tmp_path).entries == data["entries"]
