"""Every way a table writes the comparison of a 年度指标值 — 以上/及以上/以下/及以下/以内, 不低于/不少于/至少,
不高于/不超过/不多于, ≥ ≧ ⩾ > >= ≤ ≦ ⩽ < <= half- and full-width — read for its direction and its value, with
units (%, 万元, 起, 个, 天, 次), by the engine, by ``xlperf check``/``score`` on a form, and by the form's own grey
“计算用” columns in LibreOffice (issue 19: “以下” read as 正向 went through every test).

Every row below leaves 评分方法 blank, so the written word alone decides the direction, and every row misses
its target, so reading it the other way gives full marks and changes the total.  Expected scores by hand
(SCORING.md §3: 正向 = 分值 × 实际/目标, 反向 = 分值 × 目标/实际, each at most 分值, half-up to 2 places).
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlperf import cli
from xlperf.app.load import load_checked, load_example
from xlperf.domain.model import Indicator
from xlperf.domain.problems import errors
from xlperf.domain.targets import Written, native_readable, parse_written
from xlperf.workbook import layout as L
from xlperf.workbook.build import write_workbook

COL = {k: openpyxl.utils.get_column_letter(v) for k, v in L.IND_COL.items()}


@pytest.mark.parametrize("text, written", [
    # 正向 words and comparisons
    ("90%以上", Written(D("0.9"), "正向", True, "%")),
    ("95%及以上", Written(D("0.95"), "正向", True, "%")),
    ("不低于90%", Written(D("0.9"), "正向", True, "%")),
    ("不少于12次", Written(D(12), "正向", True, "次")),
    ("至少4个", Written(D(4), "正向", True, "个")),
    ("≥50个", Written(D(50), "正向", True, "个")),
    ("≧80%", Written(D("0.8"), "正向", True, "%")),
    ("⩾50个", Written(D(50), "正向", True, "个")),
    ("＞95%", Written(D("0.95"), "正向", True, "%")),
    (">100万元", Written(D(100), "正向", True, "万元")),
    (">=20次", Written(D(20), "正向", True, "次")),
    ("＞＝10个", Written(D(10), "正向", True, "个")),
    # 反向 words and comparisons
    ("5起以下", Written(D(5), "反向", True, "起")),
    ("3%及以下", Written(D("0.03"), "反向", True, "%")),
    ("2天以内", Written(D(2), "反向", True, "天")),
    ("不高于100万元", Written(D(100), "反向", True, "万元")),
    ("不超过5起", Written(D(5), "反向", True, "起")),
    ("不多于4次", Written(D(4), "反向", True, "次")),
    ("≤90万元", Written(D(90), "反向", True, "万元")),
    ("≦5天", Written(D(5), "反向", True, "天")),
    ("⩽5天", Written(D(5), "反向", True, "天")),
    ("＜10起", Written(D(10), "反向", True, "起")),
    ("<2%", Written(D("0.02"), "反向", True, "%")),
    ("<=3天", Written(D(3), "反向", True, "天")),
    ("＜＝50万元", Written(D(50), "反向", True, "万元")),
    # spaces between the parts are not part of the value
    ("不超过 5 起", Written(D(5), "反向", True, "起")),
    ("≥ 90 %", Written(D("0.9"), "正向", True, "%")),
    # a unit after the % stays with it, so the reader can say it differs from the row's 计量单位
    ("95%个", Written(D("0.95"), "", False, "%个")),
    # as real tables write them (issue 11 §1): no word, “=”, full-width digits, no unit; words that are no number
    ("≥90%", Written(D("0.9"), "正向", True, "%")),
    ("≧90%", Written(D("0.9"), "正向", True, "%")),
    (">=85", Written(D(85), "正向", True, "")),
    ("100%", Written(D(1), "", False, "%")),
    ("168起", Written(D(168), "", False, "起")),
    ("=100%", Written(D(1), "", True, "%")),
    ("１２个", Written(D(12), "", False, "个")),
    ("按期完成", None), ("达成", None), ("", None),
    # thousands grouped by commas, as clerks type large counts and amounts: VALUE() reads “12,000” as 12000
    ("1,234个", Written(D(1234), "", False, "个")),
    ("≥12,000人", Written(D(12000), "正向", True, "人")),
    ("1,234,567.5万元", Written(D("1234567.5"), "", False, "万元")),
    ("１，２３４个", Written(D(1234), "", False, "个")),  # full-width: the engine reads it, the form cannot (below)
    # a comma that groups no thousands is no part of the number: what follows it is not the row's unit
    ("1,23个", Written(D(1), "", False, ",23个")),
    ("12,3456", Written(D(12), "", False, ",3456")),
])
def test_every_written_word_gives_its_direction_and_value(text, written):
    assert parse_written(text) == written


@pytest.mark.parametrize("text, unit", [
    ("90%以上", "%"), ("95%及以上", "%"), ("不低于90%", "%"), ("不少于12次", "次"), ("至少4个", "个"),
    ("≥50个", "个"), ("≧80%", "%"), ("⩾50个", "个"), ("＞95%", "%"), (">100万元", "万元"), (">=20次", "次"),
    ("＞＝10个", "个"), ("5起以下", "起"), ("3%及以下", "%"), ("2天以内", "天"), ("不高于100万元", "万元"),
    ("不超过5起", "起"), ("不多于4次", "次"), ("≤90万元", "万元"), ("≦5天", "天"), ("⩽5天", "天"),
    ("＜10起", "起"), ("<2%", "%"), ("<=3天", "天"), ("＜＝50万元", "万元"),
    ("≥90%", "%"), ("≧90%", "%"), ("168起", "起"), ("100%", ""),
    ("1,234个", "个"), ("≥12,000人", "人"), ("12,000", ""), ("1,234,567.5万元", "万元"),
])
def test_the_form_formulas_can_read_every_word(text, unit):
    assert native_readable(text, unit) is True


@pytest.mark.parametrize("text, unit", [
    ("9%0", "%"), ("90%%", "%"),  # the formula removes the row's unit, but never “%”: VALUE() cannot read these
    ("不超过5起", "个"), ("５起以下", "起"),  # another unit; full-width digits
    ("≤90万元", "个"), ("９５", "%"), ("约95", "%"),  # another unit; full-width digits; a word before the number
    ("１，２３４个", "个"), ("1,23个", "个"), ("12,3456", ""),  # full-width; commas that group no thousands
])
def test_what_the_form_formulas_cannot_read(text, unit):
    assert native_readable(text, unit) is False


# name, 计量单位, 年度指标值 as written, 实际完成值, 分值, hand 建议得分.  评分方法 is blank on every row.
UP = [  # 正向: 分值 × 实际 / 目标
    ("正向一", "%", "≥90%", 0.81, 2, D("1.80")),  # 2 × 0.81 / 0.9
    ("正向二", "%", "≧80%", 0.6, 2, D("1.50")),  # 2 × 0.6 / 0.8
    ("正向三", "个", "⩾50个", 40, 2, D("1.60")),  # 2 × 40 / 50
    ("正向四", "%", "＞95%", 0.76, 2, D("1.60")),  # 2 × 0.76 / 0.95
    ("正向五", "万元", ">100万元", 75, 2, D("1.50")),  # 2 × 75 / 100
    ("正向六", "次", ">=20次", "17次", 2, D("1.70")),  # 2 × 17 / 20
    ("正向七", "个", "＞＝10个", 7, 2, D("1.40")),  # 2 × 7 / 10
    ("正向八", "个", "30个以上", 24, 2, D("1.60")),  # 2 × 24 / 30
    ("正向九", "%", "95%及以上", 0.76, 1, D("0.80")),  # 1 × 0.76 / 0.95
    ("正向十", "%", "不低于90%", 0.72, 1, D("0.80")),  # 1 × 0.72 / 0.9
    ("正向十一", "次", "不少于12次", 9, 1, D("0.75")),  # 1 × 9 / 12
    ("正向十二", "个", "至少4个", 3, 1, D("0.75")),  # 1 × 3 / 4
]
DOWN = [  # 反向: 分值 × 目标 / 实际
    ("反向一", "万元", "≤90万元", 120, 2, D("1.50")),  # 2 × 90 / 120
    ("反向二", "天", "≦5天", 8, 2, D("1.25")),  # 2 × 5 / 8
    ("反向三", "起", "＜10起", 16, 2, D("1.25")),  # 2 × 10 / 16
    ("反向四", "%", "<2%", 0.025, 2, D("1.60")),  # 2 × 0.02 / 0.025
    ("反向五", "天", "<=3天", 4, 2, D("1.50")),  # 2 × 3 / 4
    ("反向六", "万元", "＜＝50万元", 80, 2, D("1.25")),  # 2 × 50 / 80
    ("反向七", "起", "5起以下", "10起", 2, D("1.00")),  # 2 × 5 / 10 (as 正向 it would be 2)
    ("反向八", "天", "2天以内", 5, 2, D("0.80")),  # 2 × 2 / 5
    ("反向九", "%", "3%及以下", 0.04, 1, D("0.75")),  # 1 × 0.03 / 0.04
    ("反向十", "万元", "不高于100万元", 125, 1, D("0.80")),  # 1 × 100 / 125
    ("反向十一", "起", "不超过5起", 8, 1, D("0.63")),  # 1 × 5 / 8 = 0.625 → 0.63 (half up)
    ("反向十二", "次", "不多于4次", 5, 1, D("0.80")),  # 1 × 4 / 5
]
ROWS = UP + DOWN
# 产出指标 = Σ UP (1.8+1.5+1.6+1.6+1.5+1.7+1.4+1.6+0.8+0.8+0.75+0.75 = 15.80)
#          + Σ DOWN (1.5+1.25+1.25+1.6+1.5+1.25+1.0+0.8+0.75+0.8+0.63+0.8 = 13.13) = 28.93;
# the example's other indicators: 预算执行 3 + 投入管理 18 + 效益指标 30 = 51  →  总分 79.93, 中 (60 ≤ 79.93 < 80)
OUTPUT = D("28.93")
TOTAL = D("79.93")


def _form(tmp_path: Path, up=UP, down=DOWN) -> Path:
    """The example with 产出指标's two 二级 holding ``up`` and ``down`` (20 points each), 评分方法 blank,
    年度指标值 typed as text."""
    ev = load_example()
    out = ev.indicators[2]
    every = up + down
    for second, rows in zip(out.children, (up, down)):
        second.children = [Indicator(name=n, level=3, weight=D(w), method="人工", unit=u, target=D(1), actual=D(1))
                           for n, u, _, _, w, _ in rows]
    path = write_workbook(tmp_path / "words.xlsx", ev)
    wb = openpyxl.load_workbook(path)
    ws = wb[L.S_IND]
    for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1):
        row = next((x for x in every if x[0] == ws.cell(r, 3).value), None)
        if row is None:
            continue
        _, _, target, actual, _, _ = row
        ws[f"{COL['method']}{r}"] = None  # the written word decides
        ws[f"{COL['target']}{r}"] = target
        ws[f"{COL['actual']}{r}"] = actual
        ws[f"{COL['target_text']}{r}"] = None
    wb.save(path)
    return path


def test_the_engine_scores_every_word_by_its_direction(tmp_path):
    ev, _, result, problems = load_checked(_form(tmp_path))
    assert errors(problems) == [], problems
    by = {r.name: r for r in result.walk()}
    got = {name: by[name].score for name, *_ in ROWS}
    assert got == {name: hand for name, *_, hand in ROWS}
    ind = {i.name: i for i in ev.walk()}
    assert {n: ind[n].method for n, *_ in UP} == {n: "正向" for n, *_ in UP}
    assert {n: ind[n].method for n, *_ in DOWN} == {n: "反向" for n, *_ in DOWN}
    assert by["产出指标"].score == OUTPUT and result.total == TOTAL and result.grade == "中"


def test_check_and_score_on_the_form(tmp_path, capsys):
    path = _form(tmp_path)
    capsys.readouterr()
    assert cli.main(["check", str(path)]) == 0  # below full marks: warnings only
    out = capsys.readouterr().out
    assert "共 0 个错误" in out
    assert cli.main(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert "总分：79.93    等级：中" in out
    # 28.93 / 40 = 72.3 % → 72% (the profile shows rates with 0 places)
    assert any(line.split() == ["产出指标", "40", "28.93", "72%"] for line in out.splitlines()), out


def test_the_grey_columns_compute_every_word_in_libreoffice(tmp_path):
    """What WPS and LibreOffice show: the native 评分方法（计算用） picks the direction from the word, 指标值（计算用）
    the number, 建议得分 the hand score — and ``check`` on the saved file finds sheet and engine agreeing."""
    from xlperf.infra.office import convert

    lo = convert(_form(tmp_path), "xlsx", tmp_path / "lo")
    ws = openpyxl.load_workbook(lo, data_only=True)[L.S_IND]
    heads = {c.value: c.column_letter for c in ws[L.IND_HEADER_ROW] if c.value}
    rows = {ws.cell(r, 3).value: r for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 3).value}
    want_target = {name: float(parse_written(t).value) for name, _, t, *_ in ROWS}
    up = {name for name, *_ in UP}
    method = {n: ws[f"{heads['评分方法（计算用）']}{rows[n]}"].value for n, *_ in ROWS}
    assert method == {n: ("正向" if n in up else "反向") for n, *_ in ROWS}
    target = {n: ws[f"{heads['指标值（计算用）']}{rows[n]}"].value for n, *_ in ROWS}
    assert target == pytest.approx(want_target)
    shown = {n: ws[f"{COL['suggested']}{rows[n]}"].value for n, *_ in ROWS}
    assert shown == pytest.approx({n: float(hand) for n, *_, hand in ROWS}, abs=1e-9)
    _, _, result, problems = load_checked(lo)
    assert errors(problems) == [], problems
    assert result.total == TOTAL


# thousands grouped by commas in 年度指标值 and 实际完成值 (20 points each: the 二级's whole 分值)
GROUPED_UP = [("千人正向", "人", "≥1,000人", "800人", 20, D("16.00"))]  # 20 × 800 / 1000
GROUPED_DOWN = [("万元反向", "元", "≤12,000元", "15,000元", 20, D("16.00"))]  # 20 × 12000 / 15000
# 产出指标 16 + 16 = 32; with the example's 51 elsewhere: 总分 83, 良 (80 ≤ 83 < 90)


def test_thousands_separators_read_alike_by_engine_and_libreoffice(tmp_path):
    """“≥1,000人” and “15,000元” (a clerk's usual way of writing large figures): the engine reads 1000 and 15000,
    not 1 with the unit “,000人” (which was 单位不一致 at the cell while the sheet scored the row); the form's grey
    columns in LibreOffice compute the same, and ``check`` on the saved file finds no disagreement."""
    from xlperf.infra.office import convert

    path = _form(tmp_path, GROUPED_UP, GROUPED_DOWN)
    ev, _, result, problems = load_checked(path)
    assert errors(problems) == [], problems
    by = {r.name: r.score for r in result.walk()}
    assert (by["千人正向"], by["万元反向"], result.total, result.grade) == (D(16), D(16), D(83), "良")
    lo = convert(path, "xlsx", tmp_path / "lo")
    ws = openpyxl.load_workbook(lo, data_only=True)[L.S_IND]
    heads = {c.value: c.column_letter for c in ws[L.IND_HEADER_ROW] if c.value}
    rows = {ws.cell(r, 3).value: r for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 3).value}
    got = {n: (ws[f"{heads['指标值（计算用）']}{rows[n]}"].value, ws[f"{COL['suggested']}{rows[n]}"].value)
           for n in ("千人正向", "万元反向")}
    assert got == {"千人正向": (1000, 16), "万元反向": (12000, 16)}
    _, _, lo_result, lo_problems = load_checked(lo)
    assert errors(lo_problems) == [] and lo_result.total == D(83)


def test_perf_score_reads_every_word_as_written():
    """PERF_SCORE (Excel with Python) given the 年度指标值 as written and the row's direction gives the hand score."""
    from xlperf import udfs as u

    up = {name for name, *_ in UP}
    got = {name: u.PERF_SCORE("正向" if name in up else "反向", w, target,
                              float(parse_written(actual).value) if isinstance(actual, str) else actual)
           for name, _, target, actual, w, _ in ROWS}
    assert got == pytest.approx({name: float(hand) for name, *_, hand in ROWS})
