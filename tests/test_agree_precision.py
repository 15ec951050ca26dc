"""``xlperf check`` compares every figure the sheet shows with the engine at the precision the sheet displays it:
a difference in the last shown place is an error at the sheet's cell, a difference below it is not (issue 19:
comparing 执行率 without its two extra places let a sheet 24.40 % pass against the engine's 24.19 %).

The example (河南2021 rules: 得分 2 places, 百分比 0 places, 执行率 shown with at least 2 places) scores by hand
预算执行 3 + 投入管理 18 + 产出指标 40 + 效益指标 30 = 91.00 (优), and its 执行率 is 执行数 / 年初预算数 =
1770.59 / 7319.56: 7319.56 × 0.2419 = 1770.6016 is 0.0116 too much, so the rate is 0.2419 − 0.0116 / 7319.56
= 0.241898… → 24.19 %.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlperf import cli
from xlperf.domain.agree import compare
from xlperf.domain.evaluate import evaluate
from xlperf.app.load import load_example
from xlperf.domain.model import Seen, SheetShown
from xlperf.domain.problems import ERROR
from xlperf.domain.profiles import load_profile
from xlperf.workbook import layout as L

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "workbooks" / "example-2021.xlsx"


def _result(**profile_changes):
    ev = load_example()
    for n, ind in enumerate(ev.walk(), start=4):  # give each row its own place, as the workbook reader does
        ind.sources["row"] = f"{L.S_IND}!A{n}"
    prof = load_profile(None)
    if profile_changes:
        prof = prof.model_copy(update=profile_changes)
    return evaluate(ev, prof)


def _shown(result) -> dict:
    """What a sheet computing exactly as the engine shows, keyed as the workbook reader keys it."""
    out = {}
    for r in result.walk():  # a 不适用 leaf's 计入得分 is blank, a parent of only 不适用 rows sums to 0
        value = r.score if r.applicable else (None if r.indicator.is_leaf else D(0))
        out["row:" + r.indicator.where("row")] = (r.indicator.where("row").replace("!A", "!N"), value)
    for r in result.indicators:
        out["l1:" + r.name] = (f"{L.S_SUMMARY}!C{len(out)}", r.score)
    out["总分"] = (f"{L.S_SUMMARY}!B20", result.total)
    out["得分合计"] = (f"{L.S_SUMMARY}!B19", result.raw_total)
    out["等级"] = (f"{L.S_SUMMARY}!B21", result.grade)
    out["执行率"] = ("预算资金!B30", result.facts["执行率"])
    return out


def _sheet(shown: dict) -> SheetShown:
    """``shown`` (keys "row:<place>", "l1:<name>", 总分, 得分合计, 等级, 执行率 → (cell, value)) as the reader's record."""
    fields = {"总分": "total", "得分合计": "raw_total", "等级": "grade", "执行率": "exec_rate"}
    out = SheetShown()
    for key, (where, value) in shown.items():
        if key.startswith("row:"):
            out.rows[key[4:]] = Seen(where, value)
        elif key.startswith("l1:"):
            out.level1[key[3:]] = Seen(where, value)
        else:
            setattr(out, fields[key], Seen(where, value))
    return out


def _problems(result, key, value):
    shown = _shown(result)
    where, _ = shown[key]
    shown[key] = (where, value)
    return where, compare(result, _sheet(shown))


def test_a_sheet_computing_as_the_engine_agrees():
    result = _result()
    assert result.total == D("91.00") and result.grade == "优"
    assert round(result.facts["执行率"], 4) == D("0.2419")
    assert compare(result, _sheet(_shown(result))) == []


@pytest.mark.parametrize("shown, agrees", [
    (D("0.2440"), False),  # 24.40 % against 24.19 % (the case)
    (D("0.2420"), False),  # one unit in the last shown place
    (D("0.2418"), False),
    (D("0.24195"), False),  # 24.195 % shows as 24.20 %
    (D("0.24184999"), False),  # shows as 24.18 %
    (D("0.24185"), True),  # 24.185 % shows as 24.19 % (half up)
    (D("0.24194999"), True),
    (D("0.2419"), True),
    ("", False), (None, False),  # blank where the engine has a rate
])
def test_the_rate_is_compared_at_its_two_shown_places(shown, agrees):
    where, problems = _problems(_result(), "执行率", shown)
    if agrees:
        assert problems == []
    else:
        assert [(p.where, p.label, p.severity) for p in problems] == [(where, "执行率", ERROR)]


def test_the_message_names_both_rates():
    _, problems = _problems(_result(), "执行率", D("0.2440"))
    assert problems[0].message.startswith("表中显示24.40%，程序计算为24.19%：")


@pytest.mark.parametrize("rate_places, shown, agrees", [
    (3, D("0.241898"), True),  # 24.1898 % → 24.190 %: the profile's own places when there are more than 2
    (3, D("0.24190"), True),
    (3, D("0.24191"), False),  # 24.191 % ≠ 24.190 %
    (3, D("0.24189"), False),  # 24.189 %
    (1, D("0.24194"), True),  # 1 place asked: still compared at 2 (24.19 %)
    (1, D("0.2420"), False),  # 24.20 % ≠ 24.19 %, though both show 24.2 % at one place
])
def test_more_rate_places_in_the_rules_are_compared_too(rate_places, shown, agrees):
    _, problems = _problems(_result(rate_places=rate_places), "执行率", shown)
    assert (problems == []) is agrees, problems


@pytest.mark.parametrize("key", ["总分", "得分合计", "l1:效益指标", "row:" + f"{L.S_IND}!A5"])
@pytest.mark.parametrize("delta, agrees", [
    (D("0.004"), True), (D("-0.005"), True),  # 91.004 / 90.995 both show as x.00 (half up)
    (D("0.005"), False), (D("-0.0051"), False),  # x.01 / x.99
    (D("0.01"), False), (D("-1"), False),
])
def test_every_score_is_compared_at_its_two_shown_places(key, delta, agrees):
    result = _result()
    engine = _shown(result)[key][1]
    where, problems = _problems(result, key, engine + delta)
    if agrees:
        assert problems == []
    else:
        assert [(p.where, p.severity) for p in problems] == [(where, ERROR)]


@pytest.mark.parametrize("places, delta, agrees", [
    (1, D("0.04"), True), (1, D("0.05"), False), (0, D("0.49"), True), (0, D("0.5"), False),
])
def test_scores_follow_the_rules_places(places, delta, agrees):
    result = _result(score_places=places)
    assert result.total == 91
    _, problems = _problems(result, "总分", result.total + delta)
    assert (problems == []) is agrees, problems


def test_the_grade_is_compared_as_text():
    where, problems = _problems(_result(), "等级", "良")
    assert [(p.where, p.message[:20]) for p in problems] == [(where, "表中显示“良”，程序计算为“优”：表中的")]


def _typed_over(tmp_path: Path, cells: dict[str, object]) -> Path:
    """The example with numbers typed over computed cells (defined names), recalculated and saved by
    LibreOffice, as a clerk's file would be."""
    from xlperf.infra.office import convert

    wb = openpyxl.load_workbook(EXAMPLE)
    for name, value in cells.items():
        sheet, ref = next(wb.defined_names[name].destinations)
        wb[sheet][ref.replace("$", "")] = value
    src = tmp_path / "typed.xlsx"
    wb.save(src)
    return convert(src, "xlsx", tmp_path / "lo")


def _cell(name: str) -> str:
    sheet, ref = next(openpyxl.load_workbook(EXAMPLE).defined_names[name].destinations)
    return f"{sheet}!{ref.replace('$', '')}"


def test_check_and_report_refuse_a_sheet_rate_off_in_its_second_place(tmp_path, capsys):
    """24.40 % typed over the 执行率 formula: an error at that cell, exit 1, no report.  The 总分 typed as
    91.004 shows as 91.00 and is no error."""
    lo = _typed_over(tmp_path, {"执行率": 0.244, L.TOTAL_NAME: 91.004})
    capsys.readouterr()
    assert cli.main(["check", str(lo)]) == 1
    lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("错误")]
    assert len(lines) == 1, lines
    assert _cell("执行率") in lines[0] and "表中显示24.40%，程序计算为24.19%" in lines[0]
    out = tmp_path / "out"
    assert cli.main(["report", str(lo), "-o", str(out), "--format", "md"]) == 1
    assert not out.exists() or not any(out.iterdir())


def test_a_number_typed_over_the_total_is_compared_too(tmp_path, capsys):
    """95 typed over the 总分 formula (the engine's 91): an error at 总分's cell — typing over the total must
    not switch the comparison off."""
    lo = _typed_over(tmp_path, {L.TOTAL_NAME: 95})
    capsys.readouterr()
    assert cli.main(["check", str(lo)]) == 1
    lines = [x for x in capsys.readouterr().out.splitlines() if x.startswith("错误")]
    assert len(lines) == 1 and _cell(L.TOTAL_NAME) in lines[0] and "表中显示95，程序计算为91" in lines[0], lines


def _not_applicable_result():
    """The example with both leaves of 工作目标管理 (2 + 2 points) 不适用: the leaves count nothing (the sheet shows
    blank), their parent counts 0 (the sheet's sum over no rows)."""
    ev = load_example()
    for n, ind in enumerate(ev.walk(), start=4):
        ind.sources["row"] = f"{L.S_IND}!A{n}"
    for ind in ev.walk():
        if ind.name in ("工作目标合理性", "绩效目标明确性"):
            ind.not_applicable = True
    return evaluate(ev, load_profile(None))


@pytest.mark.parametrize("name, shown, agrees", [
    ("工作目标合理性", None, True), ("工作目标合理性", "", True),
    ("工作目标合理性", D(0), False),  # a 0 where the sheet should show blank: its formula was overwritten
    ("工作目标合理性", D(2), False),
    ("工作目标管理", D(0), True), ("工作目标管理", D("0.004"), True),
    ("工作目标管理", "", False), ("工作目标管理", D("0.01"), False),
])
def test_not_applicable_rows_are_compared_too(name, shown, agrees):
    result = _not_applicable_result()
    where = next(r.indicator.where("row") for r in result.walk() if r.name == name)
    _, problems = _problems(result, "row:" + where, shown)
    assert (problems == []) is agrees, problems


# issue 21: "被改写" only where the reader found a grey formula that differs from the built one (SheetShown.formulas)
ROW_CAUSE = "本行灰色公式“建议得分”被改写：请从上一行复制灰色单元格，保存后再检查"
PARENT_CAUSE = "本行的灰色公式与生成时相同，原因不明：请在表格程序中重新计算（Ctrl+Alt+F9）并保存后再检查"
TOTAL_CAUSE = "表中的公式与程序的计算不一致（见各指标行的提示）；修改后请在表格程序中保存再检查"
RATE_CAUSE = "请检查预算资金表中的公式和“设置”表的执行率分母"


def test_every_difference_is_named_at_its_cell_with_both_figures():
    """One sheet differing everywhere: 预算执行 (a leaf, A4) 3.01 for 3, 投入管理 (a parent, A5) 17 for 18, 效益指标
    on 总评 29 for 30, a 总评 row no indicator has, 总分 90 for 91, 得分合计 blank, 等级 良, 执行率 24.40 %."""
    result = _result()
    shown = _shown(result)
    changes = {f"row:{L.S_IND}!A4": D("3.01"), f"row:{L.S_IND}!A5": D(17), "l1:效益指标": D(29), "总分": D(90),
               "得分合计": "", "等级": "良", "执行率": D("0.2440")}
    for key, value in changes.items():
        shown[key] = (shown[key][0], value)
    shown["l1:其他"] = (f"{L.S_SUMMARY}!A9", D(5))
    at = {key: where for key, (where, _) in shown.items()}
    sheet = _sheet(shown)
    sheet.formulas[f"{L.S_IND}!A4"] = "灰色公式“建议得分”被改写"  # as the reader records a typed-over formula
    got = [(p.where, p.label, p.message, p.severity) for p in compare(result, sheet)]
    assert got == [
        (at[f"row:{L.S_IND}!A4"], "计入得分", f"表中显示3.01，程序计算为3：{ROW_CAUSE}", ERROR),
        (at[f"row:{L.S_IND}!A5"], "计入得分", f"表中显示17，程序计算为18：{PARENT_CAUSE}", ERROR),
        (at["l1:效益指标"], "得分", f"表中显示29，程序计算为30：{TOTAL_CAUSE}", ERROR),
        (f"{L.S_SUMMARY}!A9", "指标", "总评中的“其他”不是指标评分表中的一级指标，请核对", ERROR),
        (at["总分"], "总分", f"表中显示90，程序计算为91：{TOTAL_CAUSE}", ERROR),
        (at["得分合计"], "得分合计", f"表中显示空白，程序计算为91：{TOTAL_CAUSE}", ERROR),
        (at["等级"], "等级", f"表中显示“良”，程序计算为“优”：{TOTAL_CAUSE}", ERROR),
        (at["执行率"], "执行率", f"表中显示24.40%，程序计算为24.19%：{RATE_CAUSE}", ERROR),
    ]


@pytest.mark.parametrize("shown, agrees, message", [
    ("#VALUE!", False, "表中显示“#VALUE!”，程序计算为91："),  # an error value the sheet computed
    ("9分", False, "表中显示“9分”，程序计算为91："),
    ("91.00", True, ""),  # a number kept as text reads as the number
    (D(0), False, "表中显示0，程序计算为91："),
])
def test_text_where_the_sheet_should_show_a_number(shown, agrees, message):
    _, problems = _problems(_result(), "总分", shown)
    assert [p.message[:len(message)] for p in problems] == ([] if agrees else [message])


def test_a_number_where_the_grade_should_be():
    _, problems = _problems(_result(), "等级", D("91.5"))
    assert [p.message for p in problems] == [f"表中显示91.5，程序计算为“优”：{TOTAL_CAUSE}"]


def test_rows_and_indicators_without_a_score_are_left_to_their_own_message():
    """工作目标合理性 (人工, no 得分) has no score, so neither have 工作目标管理, 投入管理 nor the total's 投入管理: the
    engine reports the missing 得分 at the row, and the sheet's sums above it are not compared — but every row and
    indicator after them still is (效益指标 29 for 30, 服务对象满意度 9 for 10)."""
    ev = load_example()
    for n, ind in enumerate(ev.walk(), start=4):
        ind.sources["row"] = f"{L.S_IND}!A{n}"
    row = next(i for i in ev.walk() if i.name == "工作目标合理性")
    row.method, row.actual, row.manual_score = "人工", None, None
    result = evaluate(ev, load_profile(None))
    by = {r.name: r for r in result.walk()}
    assert by["工作目标合理性"].score is None and by["投入管理"].score is None
    place = {r.name: r.indicator.where("row") for r in result.walk()}
    shown = {"row:" + place["工作目标合理性"]: ("n7", None),  # blank: as the engine
             "row:" + place["工作目标管理"]: ("n6", D(2)), "row:" + place["投入管理"]: ("n5", D(16)),  # sums: skipped
             "l1:投入管理": ("c2", D(16)),
             "row:" + place["服务对象满意度"]: ("n40", D(9)), "l1:效益指标": ("c4", D(29))}
    assert [p.where for p in compare(result, _sheet(shown))] == ["n40", "c4"]


def test_a_whole_indicator_not_applicable_counts_zero_on_the_summary():
    ev = load_example()
    for ind in ev.indicators[1].walk():  # 投入管理 and everything below it
        ind.not_applicable = True
    result = evaluate(ev, load_profile(None))
    assert compare(result, _sheet({"l1:投入管理": ("c2", D(0))})) == []
    assert [p.where for p in compare(result, _sheet({"l1:投入管理": ("c2", D(18))}))] == ["c2"]


def test_a_rewritten_formula_is_named_only_where_one_is():
    """A parent showing another sum: its cause is a row below whose grey formula differs from the built one when
    the reader found one (named with its place), else unknown — never a guessed "公式被改写"."""
    result = _result()
    shown = _shown(result)
    parent = f"row:{L.S_IND}!A5"  # 投入管理
    shown[parent] = (shown[parent][0], D(17))
    child = next(r.indicator.where("row") for r in result.walk() if r.name == "预算编制细化率")
    sheet = _sheet(shown)
    assert [p.message for p in compare(result, sheet)] == [f"表中显示17，程序计算为18：{PARENT_CAUSE}"]
    sheet.formulas[child] = "缺少灰色公式“计入得分”"
    assert [p.message for p in compare(result, sheet)] == [
        f"表中显示17，程序计算为18：其下级{child}缺少灰色公式“计入得分”：请从上一行复制灰色单元格，保存后再检查"]


def test_figures_waiting_for_an_error_are_one_warning_not_errors():
    """One cause, one error (issue 21): 预算执行 (A4) reads =执行率, and 执行数 on 预算资金 is in error — its row, 总评's
    预算执行, 总分, 得分合计, 等级 and 执行率 showing other figures are not compared; one warning names them (总分
    first) and the cause.  The same differences without that error are errors at each cell."""
    from xlperf.domain.problems import WARNING, Problem

    result = _result()
    shown = _shown(result)
    changes = {f"row:{L.S_IND}!A4": D(5), "l1:预算执行": D(5), "总分": D(93), "得分合计": D(93), "等级": "优",
               "执行率": D("0.5")}
    for key, value in changes.items():
        shown[key] = (shown[key][0], value)
    cause = Problem("预算资金!B7", "执行数", "应为数字，现为“95万”")
    got = compare(result, _sheet(shown), [cause])
    assert [(p.where, p.severity) for p in got] == [(shown["总分"][0], WARNING)]
    assert got[0].message.startswith(f"{shown['总分'][0]}、") and "依赖预算资金!B7的错误" in got[0].message
    assert len([p for p in compare(result, _sheet(shown)) if p.severity == ERROR]) == 5  # 等级 优 = the engine's
    # an error on another row leaves 预算执行 compared
    other = Problem(f"{L.S_IND}!M30", "得分", "表格公式无法计算文字“9分”")
    assert f"{L.S_IND}!N4" in [p.where for p in compare(result, _sheet(shown), [other]) if p.severity == ERROR]
