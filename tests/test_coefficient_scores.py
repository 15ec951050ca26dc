"""得分系数 (README “评分规则”: 建议得分 = 分值 × 系数, whatever the method): a coefficient of 0 scores 0, 0.5 half,
1 full marks — in the engine, through ``check``/``score`` on a form, and in the form's native formula in
LibreOffice (issue 19: a truthiness test on the coefficient let 0 score the row in full, 86 良 → 91 优).

The example's 产出指标 rows are 5 points, 正向, 100 % target, 100 % achieved (rule: 5 each); the example's other
indicators give 预算执行 3 + 投入管理 18 + 效益指标 30 = 51.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlperf import cli
from xlperf.domain.evaluate import evaluate
from xlperf.app.load import load_checked, load_example
from xlperf.domain.problems import errors
from xlperf.domain.profiles import load_profile, profile_from_text
from xlperf.workbook import layout as L
from xlperf.workbook.build import write_workbook

ROOT = Path(__file__).resolve().parents[1]
HENAN = ROOT / "xlperf" / "domain" / "profiles" / "dept-henan-2021.toml"

# name → (实际完成值 or None to keep 100 %, 得分系数, hand score of its 5 points)
ROWS = {
    "基层党组织建设任务完成率": (None, D(0), D(0)),  # 5 × 0 (the rule alone: 5)
    "党员教育和发展计划完成率": (None, D("0.5"), D("2.5")),  # 5 × 0.5
    "干部教育培训计划完成率": (D("0.8"), D(1), D(5)),  # 5 × 1 (the rule alone: 5 × 0.8 = 4)
    "人才工作任务完成率": (D("0.8"), None, D(4)),  # no coefficient: the rule, 5 × 0.8 / 1
    "领导班子调整配备及时性": (None, D("0.5"), D("2.5")),  # a 定性 row: 5 × 0.5 (达成 alone: 5)
    "干部选拔任用监督检查覆盖率": (None, D("0.25"), D("1.25")),  # 5 × 0.25
}
# 产出指标 = 0 + 2.5 + 5 + 4 + (2.5 + 1.25 + 5 + 5) = 25.25; 总分 = 51 + 25.25 = 76.25 → 中
OUTPUT, TOTAL, GRADE = D("25.25"), D("76.25"), "中"


def _profile_text() -> str:
    text = HENAN.read_text(encoding="utf-8")
    return text.replace('name = "部门整体-河南2021"', 'name = "系数测试"').replace(
        "total = 100\n", 'total = 100\ncolumns = ["得分系数"]\n', 1)


def _evaluation():
    ev = load_example()
    ev.profile = "系数测试"
    for ind in ev.walk():
        if ind.name in ROWS:
            actual, coefficient, _ = ROWS[ind.name]
            if actual is not None:
                ind.actual = actual
            ind.coefficient = coefficient
    return ev


@pytest.mark.parametrize("coefficient, score", [(D(0), D(0)), (D("0.5"), D("2.5")), (D(1), D(5)),
                                               (D("0.333"), D("1.67"))])  # 1.665 → 1.67 (half up)
def test_a_coefficient_decides_the_score_whatever_the_rule_says(coefficient, score):
    ev = load_example()
    row = next(i for i in ev.walk() if i.name == "基层党组织建设任务完成率")
    row.coefficient = coefficient
    result = evaluate(ev, load_profile(None))
    by = {r.name: r for r in result.walk()}
    assert by[row.name].score == score
    assert result.total == 86 + score  # the other 95 points of the example score 91 − 5 = 86


def test_a_zero_coefficient_is_not_full_marks():
    """The issue's case: 0 must give 86 良, not the rule's full 5 (91 优)."""
    ev = load_example()
    next(i for i in ev.walk() if i.name == "基层党组织建设任务完成率").coefficient = D(0)
    result = evaluate(ev, load_profile(None))
    assert (result.total, result.grade) == (D(86), "良")


def test_a_typed_score_and_not_applicable_win_over_the_coefficient():
    ev = load_example()
    rows = {i.name: i for i in ev.walk()}
    rows["基层党组织建设任务完成率"].coefficient, rows["基层党组织建设任务完成率"].manual_score = D(0), D(4)
    rows["党员教育和发展计划完成率"].coefficient, rows["党员教育和发展计划完成率"].not_applicable = D("0.5"), True
    result = evaluate(ev, load_profile(None))
    by = {r.name: r for r in result.walk()}
    assert by["基层党组织建设任务完成率"].score == 4 and by["基层党组织建设任务完成率"].suggested == 0
    assert by["党员教育和发展计划完成率"].score is None and not by["党员教育和发展计划完成率"].applicable
    # 重点工作任务完成情况 = 4 + 5 + 5 = 14 of 15 applicable points; 产出指标 = 14 + 20 = 34; 总分 = 51 + 34 = 85
    assert by["重点工作任务完成情况"].score == 14 and result.total == 85


def test_the_engine_with_every_coefficient():
    result = evaluate(_evaluation(), profile_from_text(_profile_text(), "x.toml"))
    by = {r.name: r for r in result.walk()}
    assert {n: by[n].score for n in ROWS} == {n: hand for n, (_, _, hand) in ROWS.items()}
    assert (by["产出指标"].score, result.total, result.grade) == (OUTPUT, TOTAL, GRADE)


def _form(tmp_path: Path) -> Path:
    rules = tmp_path / "rules.toml"
    rules.write_text(_profile_text(), encoding="utf-8")
    return write_workbook(tmp_path / "coef.xlsx", _evaluation(), load_profile(str(rules)))


def test_check_and_score_on_a_form_with_every_coefficient(tmp_path, capsys):
    path = _form(tmp_path)
    ws = openpyxl.load_workbook(path)[L.S_IND]
    heads = [c.value for c in ws[L.IND_HEADER_ROW]]
    typed = {ws.cell(r, 3).value: ws.cell(r, heads.index("得分系数") + 1).value for r in range(L.IND_HEADER_ROW + 1,
                                                                                         ws.max_row + 1)}
    assert typed["基层党组织建设任务完成率"] == 0 and typed["人才工作任务完成率"] is None  # 0 written, not blank
    capsys.readouterr()
    cli.main(["check", str(path)])
    assert "共 0 个错误" in capsys.readouterr().out
    assert cli.main(["score", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"总分：{TOTAL}    等级：{GRADE}" in out
    # 25.25 / 40 = 63.1 % → 63% (0 places)
    assert any(line.split() == ["产出指标", "40", "25.25", "63%"] for line in out.splitlines()), out


def test_libreoffice_computes_every_coefficient_natively(tmp_path):
    from xlperf.infra.office import convert

    lo = convert(_form(tmp_path), "xlsx", tmp_path / "lo")
    ws = openpyxl.load_workbook(lo, data_only=True)[L.S_IND]
    col = L.IND_COL["suggested"]
    shown = {ws.cell(r, 3).value: ws.cell(r, col).value for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1)}
    assert {n: shown[n] for n in ROWS} == pytest.approx({n: float(hand) for n, (_, _, hand) in ROWS.items()})
    _, _, result, problems = load_checked(lo)  # and the sheet's figures agree with the engine's
    assert errors(problems) == [], problems
    assert (result.total, result.grade) == (TOTAL, GRADE)


@pytest.mark.parametrize("typed", [1.5, -0.5])
def test_a_coefficient_outside_zero_to_one_is_an_error_at_its_cell(tmp_path, typed):
    """得分 = 分值 × 系数: a coefficient above 1 would score more than the row is worth, below 0 less than 0."""
    path = _form(tmp_path)
    book = openpyxl.load_workbook(path)
    ws = book[L.S_IND]
    heads = [c.value for c in ws[L.IND_HEADER_ROW]]
    col = heads.index("得分系数") + 1
    row = next(r for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 3).value == "人才工作任务完成率")
    ws.cell(row, col).value = typed
    book.save(path)
    _, _, _, problems = load_checked(path)
    cell = f"{L.S_IND}!{openpyxl.utils.get_column_letter(col)}{row}"
    assert [(p.where, p.label) for p in errors(problems)] == [(cell, "得分系数")]
    assert f"应在0-1之间（得分 = 分值 × 系数），现为{typed:g}" in errors(problems)[0].message
