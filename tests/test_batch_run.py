"""A whole batch over a folder of good, bad and tricky inputs (issue 6 §3).

Inputs are ``.json`` evaluations (the same data a workbook holds) plus fake ``.xlsx`` files
for the broken cases; the renderer is a minimal Markdown stub defined here, passed to the
workers by reference.  The real reader/renderer are exercised by test_batch_cli.py.
"""

import json
import os
from pathlib import Path

import openpyxl
import pytest

from xlperf.batch.manifest import MANIFEST_NAME
from xlperf.batch.run import run_batch
from report_helpers import department_data

SUFFIXES = (".xlsx", ".xlsm", ".json")
REPORT = "2021年度部门整体绩效自评报告"


def stub_render(ev, prof, result, problems, formats, stem):
    """Test-only renderer: one Markdown file naming the unit and the total."""
    out = Path(f"{stem}.md")
    out.write_text(f"# {ev.unit} {ev.year}\n总分：{result.total}\n", encoding="utf-8")
    return [out], []


def crashing_render(ev, prof, result, problems, formats, stem):
    """Kills its worker process for one unit, as a segfault or the OOM killer would."""
    if ev.unit == "崩溃局":
        os._exit(3)
    return stub_render(ev, prof, result, problems, formats, stem)


def example(**changes):
    data = department_data()
    data.update(changes)
    return data


def write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "收到的填报表"
    write_json(src / "甲局.json", example(unit="甲局"))
    write_json(src / "二科室" / "乙局.json", example(unit="乙局"))
    bad = example(unit="错误局")
    bad["indicators"][0]["manual_score"] = "15"  # 预算执行 is worth 10
    write_json(src / "错误局.json", bad)
    warn = example(unit="提示局")
    warn["indicators"][0]["deviation_reason"] = ""  # 3 of 10 points without a reason
    write_json(src / "提示局.json", warn)
    write_json(src / "丙局-1.json", example(unit="丙局"))
    write_json(src / "丙局-2.json", example(unit="丙局"))
    write_json(src / "公式局.json", example(unit="=SUM(1,2)"))
    (src / "损坏.xlsx").write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    (src / "改名.xlsx").write_text("这是一个文本文件", encoding="utf-8")
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 100
    (src / "加密.xlsx").write_bytes(ole)
    (src / "~$甲局.xlsx").write_bytes(b"lock")
    return src


def by_file(outcome):
    return {r.file: r for r in outcome.records}


def test_statuses_reasons_names_and_exit_code(folder, tmp_path):
    out = tmp_path / "报告"
    outcome = run_batch(folder, out, jobs=2, renderer=stub_render, suffixes=SUFFIXES)
    recs = by_file(outcome)
    assert sorted(recs) == sorted(["甲局.json", "二科室/乙局.json", "错误局.json", "提示局.json", "丙局-1.json",
                                   "丙局-2.json", "公式局.json", "损坏.xlsx", "改名.xlsx", "加密.xlsx"])
    status = {f: r.status for f, r in recs.items()}
    assert status == {"甲局.json": "成功", "二科室/乙局.json": "成功", "公式局.json": "成功",
                      "提示局.json": "有警告", "丙局-1.json": "有警告", "丙局-2.json": "有警告",
                      # opened with errors vs cannot be opened: two words for the bureau
                      "错误局.json": "填报有误", "损坏.xlsx": "无法读取", "改名.xlsx": "无法读取", "加密.xlsx": "无法读取"}
    assert outcome.exit_code == 1
    assert "密码" in recs["加密.xlsx"].reason
    assert "不是Excel工作簿" in recs["改名.xlsx"].reason
    assert recs["损坏.xlsx"].reason
    assert recs["错误局.json"].reason.startswith("有1处错误，未生成报告")
    assert "预算执行" in recs["错误局.json"].reason or "0-10" in recs["错误局.json"].reason
    # a score above its weight: no report, and no 总分/等级 in the summary (they would not be results)
    assert recs["错误局.json"].reports == [] and recs["错误局.json"].total is None
    assert recs["错误局.json"].grade is None
    # 3 of 10 points without a reason: 偏差原因 missing, and the typed 3 against the rule's 2.42
    assert recs["提示局.json"].reason == "有2条提示，见问题清单"
    assert "“丙局-2.json”" in recs["丙局-1.json"].reason and "丙局 2021年" in recs["丙局-1.json"].reason
    # both same-unit reports kept, named by unit and year, the second with a suffix
    assert recs["丙局-1.json"].reports == [f"丙局{REPORT}.md"]
    assert recs["丙局-2.json"].reports == [f"丙局{REPORT}（2）.md"]
    assert (out / f"丙局{REPORT}.md").read_text(encoding="utf-8").startswith("# 丙局 2021")
    assert (out / f"丙局{REPORT}（2）.md").is_file()
    assert recs["公式局.json"].reports == [f"=SUM(1,2){REPORT}.md"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [MANIFEST_NAME, "汇总表.xlsx"] + [f"{u}{REPORT}.md" for u in ("甲局", "乙局", "提示局", "丙局", "=SUM(1,2)")]
        + [f"丙局{REPORT}（2）.md"])  # no staging leftovers, no report for failures
    assert recs["甲局.json"].total == "91.00" and recs["甲局.json"].grade == "优"


def test_summary_rows_links_and_problem_list(folder, tmp_path):
    out = tmp_path / "报告"
    run_batch(folder, out, jobs=2, renderer=stub_render, suffixes=SUFFIXES)
    wb = openpyxl.load_workbook(out / "汇总表.xlsx")
    ws = wb["汇总"]
    header = [c.value for c in ws[2]]
    rows = [dict(zip(header, [c for c in r])) for r in ws.iter_rows(min_row=3)]
    assert len(rows) == 10
    assert sorted(r["状态"].value for r in rows[-4:]) == ["填报有误"] + ["无法读取"] * 3  # no report: at the end
    formula = next(r for r in rows if r["文件"].value == "公式局.json")
    assert formula["单位"].value == "=SUM(1,2)" and formula["单位"].data_type == "s"
    assert formula["报告"].hyperlink.target == f"=SUM(1,2){REPORT}.md"
    assert formula["总分"].value == 91 and formula["预算执行"].value == 3 and formula["等级"].value == "优"
    assert round(formula["预算执行率（年初预算）"].value, 4) == 0.2419
    for r in rows:
        if r["报告"].hyperlink is not None:
            assert (out / r["报告"].hyperlink.target).is_file()
    problems = [[c.value for c in r] for r in wb["问题清单"].iter_rows(min_row=3)]
    files = {p[0] for p in problems}
    assert {"错误局.json", "提示局.json", "丙局-1.json", "丙局-2.json", "损坏.xlsx", "改名.xlsx",
            "加密.xlsx"} <= files
    assert "甲局.json" not in files
    err = [p for p in problems if p[0] == "错误局.json" and p[5] == "错误"]
    assert err == [["错误局.json", "错误局", "指标评分：预算执行", "得分", "得分须在0-10之间，现为15", "错误"]]
    stats = {r[0].value: r[1].value for r in wb["统计"].iter_rows()}
    assert stats["工作簿数"] == 10 and stats["填报有误"] == 1 and stats["无法读取"] == 3 and stats["失败"] == 0
    assert stats["优"] == 6
    assert stats["平均分"] == 91 and stats["最低分"] == 91


def test_rerun_skips_unchanged_and_redoes_changed(folder, tmp_path):
    out = tmp_path / "报告"
    first = run_batch(folder, out, jobs=2, renderer=stub_render, suffixes=SUFFIXES)
    assert first.processed == 10 and first.skipped == 0
    report = out / f"甲局{REPORT}.md"
    report.write_text("marker", encoding="utf-8")  # proves the file is not rewritten when skipped
    os.utime(folder / "甲局.json")  # touched, same content
    write_json(folder / "二科室" / "乙局.json", example(unit="乙局", year=2022))  # changed content
    second = run_batch(folder, out, jobs=2, renderer=stub_render, suffixes=SUFFIXES)
    recs = by_file(second)
    # failures are retried; changed 乙局 is redone; the other five are skipped
    assert (second.processed, second.skipped) == (5, 5)
    assert report.read_text(encoding="utf-8") == "marker"
    assert recs["二科室/乙局.json"].reports == [f"乙局2022年度部门整体绩效自评报告.md"]
    assert recs["丙局-2.json"].status == "有警告" and "丙局-1.json" in recs["丙局-2.json"].reason
    assert second.exit_code == 1
    third = run_batch(folder, out, jobs=2, renderer=stub_render, suffixes=SUFFIXES, force=True)
    assert (third.processed, third.skipped) == (10, 0)
    assert report.read_text(encoding="utf-8").startswith("# 甲局")


def test_a_new_conflict_renames_a_skipped_report(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    write_json(src / "b.json", example(unit="丁局"))
    run_batch(src, out, jobs=1, renderer=stub_render, suffixes=SUFFIXES)
    write_json(src / "a.json", example(unit="丁局"))  # sorts first: takes the plain name
    outcome = run_batch(src, out, jobs=1, renderer=stub_render, suffixes=SUFFIXES)
    recs = by_file(outcome)
    assert outcome.skipped == 1
    assert recs["a.json"].reports == [f"丁局{REPORT}.md"]
    assert recs["b.json"].reports == [f"丁局{REPORT}（2）.md"]
    assert {r.status for r in recs.values()} == {"有警告"}


def test_all_good_exits_zero(tmp_path):
    src = tmp_path / "in"
    for i in range(3):
        write_json(src / f"{i}.json", example(unit=f"单位{i}"))
    outcome = run_batch(src, tmp_path / "out", jobs=2, renderer=stub_render, suffixes=SUFFIXES)
    assert outcome.exit_code == 0 and {r.status for r in outcome.records} == {"成功"}


def test_a_workbook_that_kills_its_worker_does_not_stop_the_run(tmp_path):
    src = tmp_path / "in"
    for i in range(4):
        write_json(src / f"{i}.json", example(unit=f"单位{i}"))
    write_json(src / "x.json", example(unit="崩溃局"))
    outcome = run_batch(src, tmp_path / "out", jobs=2, renderer=crashing_render, suffixes=SUFFIXES)
    recs = by_file(outcome)
    assert recs["x.json"].status == "失败" and "意外退出" in recs["x.json"].reason
    assert [recs[f"{i}.json"].status for i in range(4)] == ["成功"] * 4
    assert outcome.exit_code == 1


def pid_render(ev, prof, result, problems, formats, stem):
    out = Path(f"{stem}.md")
    out.write_text(str(os.getpid()), encoding="utf-8")
    return [out], []


def test_workers_are_recycled_to_bound_memory(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    for i in range(5):
        write_json(src / f"{i}.json", example(unit=f"单位{i}"))
    outcome = run_batch(src, out, jobs=1, renderer=pid_render, suffixes=SUFFIXES, tasks_per_worker=2)
    assert outcome.exit_code == 0
    pids = {(out / r.reports[0]).read_text(encoding="utf-8") for r in outcome.records}
    assert len(pids) == 3  # 2 + 2 + 1 workbooks, each chunk in a fresh worker
    assert str(os.getpid()) not in pids
