"""Every 上年 figure — typed by a clerk or brought by ``xlperf import`` — is checked for being a possible value:
a 执行率 above 100 % or below 0, a 总分 above 满分 or negative, an indicator's 上年得分 above its 分值 or negative,
a 项目数 negative or fractional, a “三公”经费 spend negative or above ten times this year's budget.  Each is an
error at its cell, so ``check`` exits 1 and ``report`` writes nothing (issue 19: a stated 执行率 imported as 92
instead of 0.92 printed “较上年（9200.00%）…”).
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlperf import cli
from xlperf.app.load import load_checked, load_example, load_json
from xlperf.domain.model import Previous
from xlperf.domain.problems import ERROR, WARNING
from xlperf.domain.profiles import load_profile
from xlperf.domain.validate import validate
from xlperf.workbook import layout as L
from xlperf.workbook.build import write_workbook

ROOT = Path(__file__).resolve().parents[1]
MERGED = ROOT / "tests" / "data" / "import" / "merged-2020.txt"

RATE = "上年预算执行率"
SPEND = "“三公”经费上年支出"


def _previous_problems(ev):
    """The problems validate finds about 上年 figures (labels starting with 上年, and the “三公” 上年 spend)."""
    return [(p.where, p.label, p.message, p.severity) for p in validate(ev, load_profile(None))
            if p.label.startswith("上年") or p.label == SPEND]


def _ev(**previous):
    ev = load_example()  # 满分 100; 预算执行 is worth 10 points; “三公”经费 budget 0
    ev.previous = Previous(**previous)
    ev.previous.sources = {k: f"预算资金!{k}" for k in previous}
    return ev


@pytest.mark.parametrize("value, message", [
    (D(92), "应在0-100%之间，现为9200.00%；如指92%，请填写“92%”"),  # the case
    (D("1.005"), "应在0-100%之间，现为100.50%；如指1.005%，请填写“1.005%”"),
    (D(100), "应在0-100%之间，现为10000.00%；如指100%，请填写“100%”"),
    (D(101), "应在0-100%之间，现为10100.00%"),  # not a percentage typed as a number either: no hint
    (D("-0.05"), "应在0-100%之间，现为-5.00%"),
])
def test_an_impossible_previous_rate_is_an_error(value, message):
    assert _previous_problems(_ev(exec_rate=value)) == [("预算资金!exec_rate", RATE, message, ERROR)]


@pytest.mark.parametrize("value", [D(0), D("0.92"), D(1)])
def test_possible_previous_rates_pass(value):
    assert _previous_problems(_ev(exec_rate=value)) == []


@pytest.mark.parametrize("value, problems", [
    (D("100.01"), [("预算资金!total", "上年总分", "应在0-100之间，现为100.01", ERROR)]),
    (D("-0.5"), [("预算资金!total", "上年总分", "应在0-100之间，现为-0.5", ERROR)]),
    (D(100), []), (D(0), []), (D("88.5"), []),
])
def test_previous_total_within_full_marks(value, problems):
    assert _previous_problems(_ev(total=value)) == problems


def _with_prev_score(value):
    ev = load_example()
    row = next(i for i in ev.walk() if i.name == "预算执行")  # 分值 10
    row.prev_score = value
    row.sources["prev_score"] = "指标评分!W4"
    return ev


@pytest.mark.parametrize("value, problems", [
    (D("10.5"), [("指标评分!W4", "上年得分", "应在0-10之间（“预算执行”的分值），现为10.5", ERROR)]),
    (D(-1), [("指标评分!W4", "上年得分", "应在0-10之间（“预算执行”的分值），现为-1", ERROR)]),
    (D(10), []), (D(0), []), (D("8.5"), []),
])
def test_previous_score_within_the_indicators_points(value, problems):
    assert _previous_problems(_with_prev_score(value)) == problems


def _with_spend(prev, budget):
    ev = load_example()
    ev.budget.three_public_prev, ev.budget.three_public_budget = prev, budget
    ev.budget.sources["three_public_prev"] = "预算资金!B20"
    return ev


@pytest.mark.parametrize("prev, budget, problems", [
    (D("50.01"), D(5), [("预算资金!B20", SPEND, "50.01万元超过本年“三公”经费预算5万元的10倍，请核对（金额单位为万元）",
                         ERROR)]),
    (D(-1), D(5), [("预算资金!B20", SPEND, "不能为负数，现为-1", ERROR)]),
    (D(-1), None, [("预算资金!B20", SPEND, "不能为负数，现为-1", ERROR)]),
    (D(50), D(5), []),  # exactly ten times
    (D("4.2"), D(5), []), (D(0), D(5), []),
    (D(12), D(0), []), (D(12), None, []),  # no budget this year: nothing to compare with
])
def test_previous_three_public_spend(prev, budget, problems):
    assert _previous_problems(_with_spend(prev, budget)) == problems


@pytest.mark.parametrize("value", [-3, 2.5])
def test_previous_project_count_in_a_json_file_is_refused(tmp_path, value):
    data = json.loads((ROOT / "xlperf" / "data" / "example-2021.json").read_text(encoding="utf-8"))
    data["previous"] = {"projects_total": value}
    path = tmp_path / "e.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ev, problems = load_json(path)
    assert ev is None and [p.where for p in problems] == ["e.json:previous.projects_total"]


# ---------------------------------------------------------------- on a form, through the CLI


def _cell(wb, name: str) -> tuple[str, str]:
    sheet, ref = next(wb.defined_names[name].destinations)
    return sheet, ref.replace("$", "")


def _form(tmp_path: Path, **named) -> tuple[Path, dict[str, str]]:
    """The example form with values typed into named cells; the cells' places."""
    path = write_workbook(tmp_path / "f.xlsx", load_example())
    wb = openpyxl.load_workbook(path)
    where = {}
    for name, value in named.items():
        sheet, ref = _cell(wb, name)
        wb[sheet][ref] = value
        where[name] = f"{sheet}!{ref}"
    wb.save(path)
    return path, where


def _lines(out: str, severity: str) -> list[str]:
    return [line for line in out.splitlines() if line.startswith(severity)]


def test_the_9200_percent_rate_stops_check_and_report(tmp_path, capsys):
    path, where = _form(tmp_path, 上年执行率=92)
    capsys.readouterr()
    assert cli.main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    at = [line for line in out.splitlines() if where["上年执行率"] in line]
    # one message at the cell: the error (the reader's “将按9200%计算” warning about the same cell is not repeated)
    assert len(at) == 1 and at[0].startswith("错误"), at
    assert at[0].split()[2:] == [RATE, "应在0-100%之间，现为9200.00%；如指92%，请填写“92%”"]
    assert len(_lines(out, "错误")) == 1
    folder = tmp_path / "out"
    assert cli.main(["report", str(path), "-o", str(folder), "--format", "md"]) == 1
    assert "9200" in capsys.readouterr().err
    assert not folder.exists() or not any(folder.iterdir())
    # typed as the percentage it is, the same figure passes and reaches the report as 92%
    path, _ = _form(tmp_path, 上年执行率="92%")
    assert cli.main(["check", str(path)]) == 0


@pytest.mark.parametrize("name, value, message", [
    ("上年总分", 101, "应在0-100之间，现为101"),
    ("上年总分", -1, "不能为负数"),
    ("上年执行率", -0.1, "不能为负数"),
    ("上年项目数", -3, "应为非负整数，现为“-3”"),
    ("上年项目数", 2.5, "应为非负整数，现为“2.5”"),
    ("三公经费上年", -2, "不能为负数"),
])
def test_impossible_previous_figures_are_errors_at_their_cells(tmp_path, capsys, name, value, message):
    path, where = _form(tmp_path, **{name: value})
    capsys.readouterr()
    assert cli.main(["check", str(path)]) == 1
    errors = _lines(capsys.readouterr().out, "错误")
    assert len(errors) == 1 and errors[0].split()[1] == where[name] and errors[0].split()[3] == message, errors


def test_three_public_spend_above_ten_times_the_budget_on_a_form(tmp_path, capsys):
    path, where = _form(tmp_path, 三公经费预算=3, 三公经费支出=2.5, 三公经费上年=31)  # 31 > 3 × 10
    capsys.readouterr()
    assert cli.main(["check", str(path)]) == 1
    errors = _lines(capsys.readouterr().out, "错误")
    assert len(errors) == 1 and errors[0].split()[1:] == [where["三公经费上年"], SPEND,
                                                          "31万元超过本年“三公”经费预算3万元的10倍，请核对（金额单位为万元）"]
    path, _ = _form(tmp_path, 三公经费预算=3, 三公经费支出=2.5, 三公经费上年=30)
    assert cli.main(["check", str(path)]) == 0


def test_previous_score_above_its_points_on_a_form(tmp_path, capsys):
    path = write_workbook(tmp_path / "s.xlsx", load_example())
    wb = openpyxl.load_workbook(path)
    ws = wb[L.S_IND]
    col = openpyxl.utils.get_column_letter(L.IND_COL["prev_score"])
    rows = {ws.cell(r, 1).value or ws.cell(r, 2).value or ws.cell(r, 3).value: r
            for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1)}
    ws[f"{col}{rows['预算执行']}"] = 11  # 分值 10
    ws[f"{col}{rows['工作目标合理性']}"] = 2  # 分值 2: full marks last year is fine
    wb.save(path)
    capsys.readouterr()
    assert cli.main(["check", str(path)]) == 1
    errors = _lines(capsys.readouterr().out, "错误")
    assert [e.split()[1:] for e in errors] == [[f"{L.S_IND}!{col}{rows['预算执行']}", "上年得分",
                                                "应在0-10之间（“预算执行”的分值），现为11"]]


def test_a_report_stating_only_its_rate_imports_it_as_a_fraction(tmp_path, capsys):
    """A 2020 report that states “预算执行率92%” without amounts: the 2021 form's 上年执行率 is 0.92 (92 %), and
    `check` has nothing to say about that cell."""
    text = MERGED.read_text(encoding="utf-8")
    amounts = "2020年度，我单位预算年初数为512.30万元，调整预算数为498.00万元，预算执行金额为470.10万元，预算执行率92%。"
    assert amounts in text
    report = tmp_path / "r.txt"
    report.write_text(text.replace(amounts, "2020年度，我单位预算执行率92%。"), encoding="utf-8")
    form = tmp_path / "f.xlsx"
    assert cli.main(["import", str(report), "-o", str(form)]) == 0
    wb = openpyxl.load_workbook(form)
    sheet, ref = _cell(wb, "上年执行率")
    assert wb[sheet][ref].value == pytest.approx(0.92)
    capsys.readouterr()
    cli.main(["check", str(form)])
    assert f"{sheet}!{ref}" not in capsys.readouterr().out


def test_previous_figures_that_are_possible_pass_on_a_form(tmp_path):
    path, _ = _form(tmp_path, 上年年度=2020, 上年总分=88.5, 上年等级="良", 上年执行率=0.925, 上年项目数=25)
    _, _, result, problems = load_checked(path)
    assert [p for p in problems if p.label.startswith("上年")] == []
    assert result.evaluation.previous.exec_rate == D("0.925")
    assert not [p for p in problems if p.severity == ERROR]
    assert all(p.severity == WARNING for p in problems)


def test_without_a_known_cell_the_sheet_is_named():
    """An evaluation from a JSON file knows no cells: the problems name the 预算资金 sheet (or the indicator)."""
    ev = load_example()
    ev.previous = Previous(year=2021, total=D(101), exec_rate=D(92))
    ev.budget.three_public_budget, ev.budget.three_public_prev = D(1), D(11)
    next(i for i in ev.walk() if i.name == "预算执行").prev_score = D(11)
    got = [(where, label) for where, label, _, _ in _previous_problems(ev)]
    assert got == [("预算资金", "上年年度"), ("预算资金", "上年总分"), ("预算资金", RATE), ("预算资金", SPEND),
                   ("指标评分：预算执行", "上年得分")]


def test_a_small_three_public_budget_still_bounds_last_years_spend():
    # 0.05 万元 (500 元) this year: ten times is 0.5 万元, so 0.6 万元 last year is an error, 0.5 is not
    assert [m for _, _, m, _ in _previous_problems(_with_spend(D("0.6"), D("0.05")))] == [
        "0.6万元超过本年“三公”经费预算0.05万元的10倍，请核对（金额单位为万元）"]
    assert _previous_problems(_with_spend(D("0.5"), D("0.05"))) == []
