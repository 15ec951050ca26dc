"""The blank form shows, by example, how a 三级 row looks (issue 21 §1, last sentence).

``xlperf new`` writes, under the first 二级 of the 部门整体 and 项目支出 rules, two example 三级 rows that the rules
declare (``[[indicators.children.examples]]``, used by the blank form only): the name in 三级指标, 分值 splitting the
parent's, a method, a unit and a target.  The parent is a parent by the sheet's own rule — nothing typed in its grey
cells, no 评分方法 of its own.  An untouched example row is one error at its name (it never counts nor reaches a
report); an imported form (``xlperf import``) has none, and the ribbon's import into an open blank form deletes them.
Hand values come from the two shipped TOML files' numbers, written out below.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from lo_uno import run_uno, uno_required
from xlperf import cli
from xlperf.app.load import load_checked
from xlperf.domain.problems import errors, warnings
from xlperf.workbook import layout as L

IND = L.S_IND
COL = {k: openpyxl.utils.get_column_letter(v) for k, v in L.IND_COL.items()}
DATA = Path(__file__).parent / "data" / "import"

#: profile → (parent 二级, its 分值, [(三级 name, 分值, 评分方法, 计量单位, 年度指标值), …]) as the TOML files declare them
EXAMPLES = {
    "部门整体-河南2021": ("工作目标管理", 4, [("示例：年度工作目标完成率", 2, "正向", "%", 1),
                                      ("示例：工作目标合理性", 2, "定性", None, None)]),
    "项目支出-财预2020-10号": ("数量指标", 20, [("示例：完成数量", 10, "正向", "个", 100),
                                       ("示例：覆盖范围", 10, "定性", None, None)]),
}
#: what check says of an untouched blank form besides the example rows: 单位名称, 年度 and the three budget figures,
#: and a 得分 for every other 二级 (all 人工): 部门整体 6 of them (预算和财务管理, 绩效管理, 重点工作任务完成情况,
#: 履职目标实现情况, 履职效益, 满意度), 项目支出 7 (质量、时效、成本、经济效益、社会效益、可持续影响、服务对象满意度指标)
OTHER_ERRORS = {"部门整体-河南2021": 5 + 6, "项目支出-财预2020-10号": 5 + 7}


def _rows(ws) -> list[tuple[int, int, str]]:
    """(row, level, name) of every named row of 指标评分."""
    out = []
    for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1):
        for level, key in ((3, "level3"), (2, "level2"), (1, "level1")):
            v = ws.cell(r, L.IND_COL[key]).value
            if v:
                out.append((r, level, v))
                break
    return out


@pytest.fixture(params=list(EXAMPLES), ids=["部门整体", "项目支出"])
def blank(request, tmp_path):
    path = tmp_path / "new.xlsx"
    assert cli.main(["new", str(path), "--profile", request.param]) == 0
    return request.param, path


def test_the_blank_form_shows_example_third_level_rows_under_the_first_second_level(blank):
    profile, path = blank
    parent, weight, examples = EXAMPLES[profile]
    ws = openpyxl.load_workbook(path)[IND]
    rows = _rows(ws)
    at = next(i for i, (_, _, n) in enumerate(rows) if n == parent)
    first_level2 = next(n for _, level, n in rows if level == 2)
    assert first_level2 == parent
    pr = rows[at][0]
    assert ws.cell(pr, L.IND_COL["weight"]).value == weight
    # the parent carries nothing of a leaf: no 评分方法, no 得分 (the sheet sums its children)
    assert ws.cell(pr, L.IND_COL["method"]).value is None and ws.cell(pr, L.IND_COL["manual_score"]).value is None
    got = []
    for r, level, name in rows[at + 1: at + 1 + len(examples)]:
        assert level == 3 and ws.cell(r, L.IND_COL["level2"]).value is None
        got.append((name, ws.cell(r, L.IND_COL["weight"]).value, ws.cell(r, L.IND_COL["method"]).value,
                    ws.cell(r, L.IND_COL["unit"]).value, ws.cell(r, L.IND_COL["target"]).value))
        assert ws.cell(r, L.IND_COL["actual"]).value is None  # the clerk's to fill
        # the same grey formulas as every row (copying the example row whole brings them)
        assert str(ws.cell(r, L.IND_COL["counted"]).value).startswith("=")
    assert got == examples
    assert sum(w for _, w, *_ in got) == weight
    assert rows[at + 1 + len(examples)][1] == 2  # the next row is the parent's next sibling


def test_check_names_each_untouched_example_row_once(blank, capsys):
    profile, path = blank
    _, _, examples = EXAMPLES[profile]
    _, _, _, problems = load_checked(path)
    rows = {n: r for r, _, n in _rows(openpyxl.load_workbook(path)[IND])}
    ex = [p for p in problems if p.label == "示例行"]
    assert [(p.where, p.severity, p.message) for p in ex] == [
        (f"{IND}!C{rows[name]}", "错误", "示例行：请改写为本单位的三级指标或删除") for name, *_ in examples]
    # nothing else at the example rows (their blank 实际完成值 is the same cause), and nothing new elsewhere
    assert not [p for p in problems if p not in ex and any(p.where.endswith(f"{c}{rows[n]}") for n, *_ in examples
                                                          for c in "ABCDEFGHIJKLMNOPQRSTUV")]
    assert len(errors(problems)) == OTHER_ERRORS[profile] + len(examples)
    assert warnings(problems) == []


def test_a_filled_example_row_that_keeps_its_name_is_a_warning(tmp_path):
    path = tmp_path / "new.xlsx"
    assert cli.main(["new", str(path)]) == 0
    wb = openpyxl.load_workbook(path)
    ws = wb[IND]
    rows = {n: r for r, _, n in _rows(ws)}
    ws[f"H{rows['示例：年度工作目标完成率']}"] = 0.9
    wb.save(path)
    _, _, _, problems = load_checked(path)
    ex = {p.where: p.severity for p in problems if p.label == "示例行"}
    assert ex == {f"{IND}!C{rows['示例：年度工作目标完成率']}": "警告", f"{IND}!C{rows['示例：工作目标合理性']}": "错误"}


def test_an_imported_form_has_no_example_row(tmp_path, capsys):
    """``xlperf import`` builds the form from last year's tree: the rules' example rows never enter it, so none can
    count in its total (merged-2020.txt's 2020 report: its level-1 scores 8 / 17 / 36 / 25)."""
    out = tmp_path / "imported.xlsx"
    assert cli.main(["import", str(DATA / "merged-2020.txt"), "-o", str(out)]) == 0
    ws = openpyxl.load_workbook(out)[IND]
    names = [n for _, _, n in _rows(ws)]
    assert not [n for n in names if n.startswith("示例：")], names
    assert "工作目标管理" in names
    r = next(r for r, _, n in _rows(ws) if n == "工作目标管理")
    assert ws.cell(r, L.IND_COL["method"]).value == "人工"  # a leaf, as the rules declare it
    assert ws.cell(r + 1, L.IND_COL["level2"]).value == "预算和财务管理"


@uno_required
def test_libreoffice_totals_of_the_blank_project_form_equal_score_and_hand_values(tmp_path, capsys):
    """The 项目支出 blank form, untouched: LibreOffice shows no 总分 (nothing scored) and score prints none.
    Filled as a clerk fills it — the example rows get their 实际完成值 (90 个 of 100: 10 × 0.9 = 9; 较好 → 达成: 10,
    数量指标 = 19), every other 二级 its 得分 — the sheet's 总分 / 等级 equal score's and these hand values:
    预算执行率 10 × 95/100 = 9.5; 产出 19 + 质量 14 + 时效 10 + 成本 5 = 48; 效益 8 + 9 + 10 = 27; 满意度 9
    → 9.5 + 48 + 27 + 9 = 93.5 → 优 (≥ 90)."""
    path = tmp_path / "new.xlsx"
    assert cli.main(["new", str(path), "--profile", "项目支出-财预2020-10号"]) == 0
    wb = openpyxl.load_workbook(path)
    named = {}
    for name in ("单位名称", "年度", "年初预算数", "调整预算数", "执行数"):
        sheet, ref = next(wb.defined_names[name].destinations)
        named[name] = (sheet, ref.replace("$", ""))
    rows = {n: r for r, _, n in _rows(wb[IND])}
    untouched = run_uno(path, [{"op": "calculate"}, {"op": "get_named", "names": ["总分", "等级"]}])["results"][-1]
    assert untouched["总分"] in (None, "") and untouched["等级"] in (None, "")
    assert cli.main(["score", str(path)]) == 1 and "总分：" not in capsys.readouterr().out
    values = {"单位名称": "某区教育局", "年度": 2024, "年初预算数": 100, "调整预算数": 100, "执行数": 95}
    acts = [{"op": "set", "sheet": s, "cell": c, "value": values[n]} for n, (s, c) in named.items()]
    acts += [{"op": "set", "sheet": IND, "cell": f"H{rows['示例：完成数量']}", "value": 90},
             {"op": "set", "sheet": IND, "cell": f"H{rows['示例：覆盖范围']}", "value": "较好"}]
    scores = {"质量指标": 14, "时效指标": 10, "成本指标": 5, "经济效益指标": 8, "社会效益指标": 9, "可持续影响指标": 10,
              "服务对象满意度指标": 9}
    acts += [{"op": "set", "sheet": IND, "cell": f"M{rows[n]}", "value": v} for n, v in scores.items()]
    filled = tmp_path / "filled.xlsx"
    got = run_uno(path, acts + [{"op": "calculate"}, {"op": "get_named", "names": ["总分", "等级"]},
                                {"op": "get", "sheet": IND, "cells": [f"P{rows['数量指标']}"]},
                                {"op": "save", "path": str(filled)}])["results"]
    sheet, counted = got[-3], got[-2]
    assert D(repr(sheet["总分"])) == D("93.5") and sheet["等级"] == "优"
    assert D(repr(counted[f"P{rows['数量指标']}"])) == 19
    capsys.readouterr()
    assert cli.main(["score", str(filled)]) == 0
    assert "总分：93.5    等级：优" in capsys.readouterr().out
    _, _, result, problems = load_checked(filled)
    assert errors(problems) == [] and result.total == D("93.5")
    assert {p.where for p in problems if p.label == "示例行"} == {f"{IND}!C{rows['示例：完成数量']}",
                                                                f"{IND}!C{rows['示例：覆盖范围']}"}  # warnings: not renamed


@pytest.mark.parametrize("old, new, words", [
    ('name = "示例：工作目标合理性"\n    weight = 2', 'name = "示例：工作目标合理性"\n    weight = 3', ["工作目标管理", "示例行分值合计5", "应为4"]),
    ('name = "示例：工作目标合理性"\n    weight = 2\n    method = "定性"',
     'name = "示例：工作目标合理性"\n    weight = 2\n    method = "人工"', ["示例行评分方法“人工”"]),
])
def test_example_rows_that_do_not_fit_are_refused_with_the_key(old, new, words):
    from xlperf.domain.profiles import ProfileError, PROFILE_DIR, profile_from_text

    text = (PROFILE_DIR / "dept-henan-2021.toml").read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(ProfileError) as info:
        profile_from_text(text.replace(old, new), "broken.toml")
    for w in words:
        assert w in str(info.value), str(info.value)


def test_a_form_made_before_the_examples_is_not_told_its_rules_differ():
    """The examples are not part of the rules: rules embedded in a form without them (made before, or by an
    office's own file) equal the shipped ones — no 表内评分规则…不同 warning."""
    from xlperf.domain.profiles import PROFILE_DIR, differences, load_profile, profile_from_text

    text = (PROFILE_DIR / "dept-henan-2021.toml").read_text(encoding="utf-8")
    start = text.index("    [[indicators.children.examples]]")
    end = text.index("  [[indicators.children]]", start)
    older = profile_from_text(text[:start] + text[end:], "older.toml")
    assert older.example_names == frozenset()
    assert differences(older, load_profile("部门整体-河南2021")) == []
