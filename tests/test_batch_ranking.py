"""The bureau's 汇总表.xlsx with every status: who is ranked, what 统计 counts (issue 19).

A workbook whose report was written — 成功 or 有警告 (the common status: a warning is no error) — has a 总分 that is
ranked and counted; 填报有误, 无法读取 and 失败 have none.  名次 by 总分, best first, equal totals share the better
rank (1、2、2、4).  统计's 中位数 of an even count is the mean of the two middle totals.  Everything is read from the
written 汇总表.xlsx; every expected figure is worked out by hand in the comments (the example scores 91 with 预算执行
3 of 10; another 预算执行 score moves the total point for point).
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlperf.batch.run import run_batch
from report_helpers import department_data

SUFFIXES = (".xlsx", ".xlsm", ".json")
FAILING_UNIT = "失败局"


def render_or_fail(ev, prof, result, problems, formats, stem):
    """Test-only renderer: a one-line Markdown report, and an internal error for 失败局 (its 总分 is computed,
    its report is not written: status 失败)."""
    if ev.unit == FAILING_UNIT:
        raise RuntimeError("模拟报告生成失败")
    out = Path(f"{stem}.md")
    out.write_text(f"# {ev.unit}\n总分：{result.total}\n", encoding="utf-8")
    return [out], []


def form(folder: Path, unit: str, budget_score: str, *, warn: bool = False, error: bool = False) -> None:
    """The example as ``unit``'s form: 预算执行 typed ``budget_score`` of 10 (total 91 − 3 + budget_score);
    ``warn``: no 偏差原因 for it (a warning); ``error``: 15 of 10 (an error)."""
    data = department_data()
    data["unit"] = unit
    data["indicators"][0]["manual_score"] = "15" if error else budget_score
    if warn:
        data["indicators"][0]["deviation_reason"] = ""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{unit}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def broken_forms(folder: Path) -> None:
    """One workbook of each status without a total: 填报有误, 无法读取, and 失败 (with the best total of all)."""
    form(folder, "错误局", "3", error=True)
    (folder / "损坏局.xlsx").write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    form(folder, FAILING_UNIT, "10")  # 91 − 3 + 10 = 98, but its report failed


def last_year_file(path: Path, rows) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(["单位", "总分", "名次"])
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def summary_rows(path: Path) -> tuple[list[str], dict[str, dict]]:
    ws = openpyxl.load_workbook(path)["汇总"]
    header = [c.value for c in ws[2]]
    return header, {r[2].value or r[1].value: {h: c.value for h, c in zip(header, r)}
                    for r in ws.iter_rows(min_row=3)}


def statistics(path: Path) -> dict:
    ws = openpyxl.load_workbook(path)["统计"]
    return {r[0].value: r[1].value for r in ws.iter_rows() if r[0].value}


@pytest.fixture(scope="module")
def ranked(tmp_path_factory):
    """Five scored forms (two with warnings, a tie) and the three without a total, against last year's file."""
    tmp = tmp_path_factory.mktemp("ranked")
    src = tmp / "in"
    form(src, "警告甲局", "5", warn=True)  # 91 − 3 + 5 = 93, 有警告
    form(src, "乙局", "3")  # 91
    form(src, "丙局", "3")  # 91
    form(src, "警告丁局", "1", warn=True)  # 89, 有警告
    form(src, "戊局", "0")  # 88
    broken_forms(src)
    # last year: 乙局 1st (95), 警告甲局 2nd (90), 警告丁局 3rd (89), 错误局 4th, 失败局 5th
    last = last_year_file(tmp / "上年汇总表.xlsx", [("乙局", 95, 1), ("警告甲局", 90, 2), ("警告丁局", 89, 3),
                                                   ("错误局", 80, 4), ("失败局", 70, 5)])
    outcome = run_batch(src, tmp / "out", jobs=2, renderer=render_or_fail, suffixes=SUFFIXES, last_year=last)
    return outcome.summary


def test_every_status_is_in_the_summary(ranked):
    _, rows = summary_rows(ranked)
    assert {u: r["状态"] for u, r in rows.items()} == {
        "警告甲局": "有警告", "乙局": "成功", "丙局": "成功", "警告丁局": "有警告", "戊局": "成功",
        "错误局": "填报有误", "损坏局.xlsx": "无法读取", FAILING_UNIT: "失败"}


def test_ranks_count_warnings_and_share_ties(ranked):
    header, rows = summary_rows(ranked)
    assert header[4:11] == ["总分", "等级", "上年总分", "变化", "上年名次", "名次", "名次变化"]
    got = {u: (r["总分"], r["名次"], r["上年名次"], r["变化"], r["名次变化"]) for u, r in rows.items()}
    assert got["警告甲局"] == (93, 1, 2, 3, "↑1")  # 93 − 90; 2nd → 1st
    assert got["乙局"] == (91, 2, 1, -4, "↓1")  # 91 − 95; 1st → 2nd (shared)
    assert got["丙局"] == (91, 2, None, None, "新增")
    assert got["警告丁局"] == (89, 4, 3, 0, "↓1")  # 89 − 89; after 93, 91, 91 → 4th
    assert got["戊局"] == (88, 5, None, None, "新增")
    # no total that counts: no 名次, no 变化, no 名次变化 — though 失败局 computed 98, the best of all
    for unit in ("错误局", "损坏局.xlsx", FAILING_UNIT):
        assert (rows[unit]["名次"], rows[unit]["变化"], rows[unit]["名次变化"]) == (None, None, None), unit
    assert (rows["错误局"]["上年名次"], rows[FAILING_UNIT]["上年名次"]) == (4, 5)


def test_rows_are_in_the_order_of_the_ranks(ranked):
    ws = openpyxl.load_workbook(ranked)["汇总"]
    units = [r[2].value or r[1].value for r in ws.iter_rows(min_row=3)]
    assert units[0] == "警告甲局" and set(units[1:3]) == {"乙局", "丙局"} and units[3:5] == ["警告丁局", "戊局"]
    assert set(units[5:]) == {"错误局", "损坏局.xlsx", FAILING_UNIT}
    assert [r[0].value for r in ws.iter_rows(min_row=3)] == list(range(1, 9))  # 序号


def test_statistics_of_an_odd_count(ranked):
    s = statistics(ranked)
    assert (s["工作簿数"], s["成功"], s["有警告"], s["填报有误"], s["无法读取"], s["失败"]) == (8, 3, 2, 1, 1, 1)
    assert (s["优"], s["良"], s["中"], s["差"]) == (3, 2, 0, 0)  # 93, 91, 91 ≥ 90; 89, 88
    assert s["参与统计的工作簿数"] == 5
    assert s["平均分"] == pytest.approx(90.4)  # (93 + 91 + 91 + 89 + 88) ÷ 5 = 452 ÷ 5
    assert s["中位数"] == pytest.approx(91)  # 88, 89, [91], 91, 93
    assert (s["最高分"], s["最低分"]) == (93, 88)  # not 失败局's 98


@pytest.fixture(scope="module")
def even(tmp_path_factory):
    """Four scored forms, one with a warning, and the three without a total; no last year."""
    src = tmp_path_factory.mktemp("even") / "in"
    form(src, "甲局", "5")  # 93
    form(src, "警告乙局", "2", warn=True)  # 90, 有警告
    form(src, "丙局", "1")  # 89
    form(src, "丁局", "0.5")  # 88.5
    broken_forms(src)
    return run_batch(src, src.parent / "out", jobs=2, renderer=render_or_fail, suffixes=SUFFIXES).summary


def test_statistics_of_an_even_count(even):
    s = statistics(even)
    assert (s["工作簿数"], s["成功"], s["有警告"], s["填报有误"], s["无法读取"], s["失败"]) == (7, 3, 1, 1, 1, 1)
    assert s["参与统计的工作簿数"] == 4
    assert s["中位数"] == pytest.approx(89.5)  # 88.5, [89, 90], 93: (89 + 90) ÷ 2, not 89 or 90
    assert s["平均分"] == pytest.approx(90.13)  # (93 + 90 + 89 + 88.5) ÷ 4 = 360.5 ÷ 4 = 90.125 → 90.13 half up
    assert (s["最高分"], s["最低分"]) == (93, 88.5)
    assert (s["优"], s["良"]) == (2, 2)  # 93, 90; 89, 88.5
    assert openpyxl.load_workbook(even)["统计"]["B2"].value == 7


def test_without_last_year_or_previous_totals_there_is_no_rank_column(even):
    header, _ = summary_rows(even)
    assert "名次" not in header and "上年总分" not in header


def test_a_workbook_with_errors_shows_no_figures(ranked):
    """错误局 typed 15 of 10 for 预算执行: no 总分/等级, and no level-1 score or 执行率 either (they would be
    computed from the wrong 15) — only the reason."""
    header, rows = summary_rows(ranked)
    row = rows["错误局"]
    for head in ("总分", "等级", "预算执行", "投入管理", "产出指标", "效益指标", "预算执行率（年初预算）",
                 "预算执行率（调整预算）"):
        assert row[head] is None, head
    assert row["错误数"] == 1 and row["原因"].startswith("有1处错误，未生成报告")
    assert (rows["乙局"]["预算执行"], rows["乙局"]["投入管理"]) == (3, 18)  # a good one keeps them
