"""The clerk's own indicator tree, grown in the sheet (issue 21 §1), performed by LibreOffice over UNO.

From the blank forms that ``xlperf new`` writes — 部门整体 and 项目支出 — a clerk inserts rows under a 二级
leaf, copies the row above whole (as the 说明 sheet and the README say), types over its yellow cells and
adds a new 二级 under an 一级 the same way.  Nothing is typed into a grey cell.  The sheet's own formulas
then make the former leaf a parent whose 计入得分 / 适用分值 sum its children; ``check`` passes with warnings
only (the 人工 left on a former leaf is one of them), and the sheet's 总分 / 等级 equal ``score``, the report
and the totals worked out by hand below.  Deleting every child makes the parent a leaf again.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from form_cells import indicator_rows, uno_sets
from lo_uno import run_uno, uno_required
from xlperf import cli
from xlperf.app.load import load_checked, load_evaluation
from xlperf.domain.problems import errors, warnings
from xlperf.domain.profiles import load_profile
from xlperf.workbook import layout as L

IND = L.S_IND
pytestmark = uno_required
COL = {k: openpyxl.utils.get_column_letter(v) for k, v in L.IND_COL.items()}


def _set(row: int, key: str, value) -> dict:
    return {"op": "set", "sheet": IND, "cell": f"{COL[key]}{row}", "value": value}


def _basics(form: Path) -> list[dict]:
    """单位名称, 年度 and a budget of 100 / 100 / 95 万元: 执行率 95 % (either denominator)."""
    return uno_sets(form, {"单位名称": "某区教育局", "年度": 2024, "年初预算数": 100, "调整预算数": 100, "执行数": 95})


def _child(row: int, name: str, weight, method: str, unit, target, actual) -> list[dict]:
    """Row ``row`` (a copy of the row above) made a 三级 indicator: the copied 二级 name cleared, its own
    typed in 三级指标, and its 分值, 评分方法, 计量单位, 年度指标值, 实际完成值 typed over the copied ones."""
    return [{"op": "copy_row", "sheet": IND, "from": row - 1, "to": row},
            _set(row, "level2", None), _set(row, "level3", name), _set(row, "weight", weight),
            _set(row, "method", method), _set(row, "unit", unit), _set(row, "target", target),
            _set(row, "actual", actual)]


def _rewrite(row: int, name: str, weight, method: str, unit, target, actual) -> list[dict]:
    """An example row of the blank form rewritten as the clerk's own 三级 indicator (its yellow cells typed over)."""
    return [_set(row, "level3", name), _set(row, "weight", weight), _set(row, "method", method),
            _set(row, "unit", unit), _set(row, "target", target), _set(row, "actual", actual)]


def _examples_under(plan: dict, parent: str) -> int:
    """How many example 三级 rows the blank form shows under ``parent`` (the rules' declared examples)."""
    rule = load_profile(plan["profile"]).rule(parent)
    return len(rule.examples) if rule is not None else 0


def _grow(form: Path, plan: dict) -> list[dict]:
    """The clerk's edits, bottom-up so that every row number is the blank form's own: scores typed in the
    二级 leaves kept, 三级 rows under the two 二级 rows of ``plan["parents"]`` (two each: under the first, the
    blank form's two example rows rewritten; under the other, rows inserted and the row above copied whole),
    and a new 二级 under an 一级 (inserted below ``plan["sibling"]``, a copy of it)."""
    rows = indicator_rows(form)
    acts = _basics(form)
    edits = []  # (row, actions), applied from the bottom up
    for name, score in plan["scores"].items():
        edits.append((rows[name], [_set(rows[name], "manual_score", score)]))
    for name, weight in plan["weights"].items():
        edits.append((rows[name], [_set(rows[name], "weight", weight)]))
    sib = rows[plan["sibling"]]
    new2, w2, s2 = plan["new_level2"]
    edits.append((sib + 0.5, [{"op": "insert_rows", "sheet": IND, "index": sib + 1, "count": 1},
                              {"op": "copy_row", "sheet": IND, "from": sib, "to": sib + 1},
                              _set(sib + 1, "level2", new2), _set(sib + 1, "weight", w2),
                              _set(sib + 1, "manual_score", s2)]))
    for parent, children in plan["parents"].items():
        r = rows[parent]
        if _examples_under(plan, parent):  # the example rows, rewritten
            assert _examples_under(plan, parent) == len(children)
            acts_p = [a for i, child in enumerate(children, start=1) for a in _rewrite(r + i, *child)]
        else:
            acts_p = [{"op": "insert_rows", "sheet": IND, "index": r + 1, "count": len(children)}]
            for i, child in enumerate(children, start=1):
                acts_p += _child(r + i, *child)
        edits.append((r + 0.5, acts_p))
    for _, a in sorted(edits, key=lambda e: -e[0]):
        acts += a
    return acts + [{"op": "calculate"}]


def _shown(path: Path):
    ev, _ = load_evaluation(path)
    assert ev is not None and ev.shown_state == "values"
    return ev.shown


def _counted(path: Path, name: str) -> tuple[object, object]:
    """What the sheet shows as 计入得分 and 适用分值 of ``name``'s row."""
    rows = indicator_rows(path)
    wb = openpyxl.load_workbook(path, data_only=True)[IND]
    got = (wb[f"{COL['counted']}{rows[name]}"].value, wb[f"{COL['counted_weight']}{rows[name]}"].value)
    return tuple(D(str(v)) if isinstance(v, (int, float)) else v for v in got)


def _agree(path: Path, tmp_path: Path, capsys, total: D, grade: str) -> None:
    """check passes (warnings only); the sheet, score and the report show ``total`` / ``grade``."""
    shown = _shown(path)
    assert shown.total.value == total and shown.grade.value == grade
    assert shown.formulas == {}  # every grey formula as built (rows copied, shifted, saved by LibreOffice)
    _, _, result, problems = load_checked(path)
    assert errors(problems) == [], errors(problems)
    assert result.total == total and result.grade == grade
    assert cli.main(["check", str(path)]) == 0
    capsys.readouterr()
    assert cli.main(["score", str(path)]) == 0
    assert f"总分：{total:f}    等级：{grade}" in capsys.readouterr().out
    md = tmp_path / f"{path.stem}.md"
    assert cli.main(["report", str(path), "-o", str(md), "--format", "md"]) == 0
    text = md.read_text(encoding="utf-8")
    assert f"最终得分为{total:f}分" in text and f"评价等级为“{grade}”" in text


# 部门整体 (部门整体-河南2021), with the README's and the 说明 sheet's own example (绩效管理 6 → 3 + 3): 预算执行 10 × 95 % = 9.5.
# 投入管理 20: 工作目标管理 4 → (its two example rows rewritten) 目标制定 2 (正向, 90 % of 100 %: 1.8) + 目标执行 2 (定性 良好 → 达成, 100 %: 2);
#   预算和财务管理 10: 得分 9; 绩效管理 6 → 绩效监控完成率 3 (正向, 8 of 10 个: 2.4) + 绩效评价完成率 3 (定性 一般 → 部分达成,
#   70 %: 2.1).  = 3.8 + 9 + 4.5 = 17.3
# 产出指标 40: 重点工作任务完成情况 20 → 10 (得分 9), 履职目标实现情况 20 (得分 18), new 二级 新增任务 10 (得分 8) = 35.
# 效益指标 30: 履职效益 19 + 满意度 10 = 29.      总分 9.5 + 17.3 + 35 + 29 = 90.8 → 优 (≥ 90).
DEPT = {
    "profile": "部门整体-河南2021",
    # 工作目标管理's 得分 4, typed on a parent (its example rows below it), is ignored: 3.8 counts
    "scores": {"工作目标管理": 4, "预算和财务管理": 9, "重点工作任务完成情况": 9, "履职目标实现情况": 18, "履职效益": 19,
               "满意度": 10},
    "weights": {"重点工作任务完成情况": 10},
    "sibling": "履职目标实现情况", "new_level2": ("新增任务", 10, 8),
    "parents": {"工作目标管理": [("目标制定", 2, "正向", "%", 1, 0.9), ("目标执行", 2, "定性", None, None, "良好")],
                "绩效管理": [("绩效监控完成率", 3, "正向", "个", 10, 8), ("绩效评价完成率", 3, "定性", None, None, "一般")]},
    "total": D("90.8"), "grade": "优",
    "parent_sums": {"工作目标管理": (D("3.8"), 4), "绩效管理": (D("4.5"), 6), "投入管理": (D("17.3"), 20)},
    # 绩效管理 losing both children: a leaf again, its 人工 needs a 得分: 5 → 90.8 − 4.5 + 5 = 91.3
    "prune": ("绩效管理", 5, D("91.3"), "优"),
}
# 项目支出 (项目支出-财预2020-10号): 预算执行率 10 × 95 % = 9.5.
# 产出指标 50: 数量指标 20 → (its two example rows rewritten) 完成数量 10 (正向, 90 of 100 个: 9) + 覆盖学校 10 (定性 较好 → 达成: 10);
#   质量指标 15 → 10 (得分 9), new 二级 新增质量 5 (得分 4); 时效指标 10; 成本指标 5.  = 19 + 9 + 4 + 10 + 5 = 47
# 效益指标 30: 经济效益指标 8; 社会效益指标 10 → 受益时长 5 (反向, 2 天 against 4: 5 × 2/4 = 2.5) + 群众评价 5
#   (定性 一般 → 70 %: 3.5) = 6; 可持续影响指标 10.  = 24
# 满意度指标 10: 服务对象满意度指标 9.      总分 9.5 + 47 + 24 + 9 = 89.5 → 良 (80–90).
PROJECT = {
    "profile": "项目支出-财预2020-10号",
    "scores": {"质量指标": 9, "时效指标": 10, "成本指标": 5, "经济效益指标": 8, "可持续影响指标": 10,
               "服务对象满意度指标": 9},
    "weights": {"质量指标": 10},
    "sibling": "质量指标", "new_level2": ("新增质量", 5, 4),
    "parents": {"数量指标": [("完成数量", 10, "正向", "个", 100, 90), ("覆盖学校", 10, "定性", None, None, "较好")],
                "社会效益指标": [("受益时长", 5, "反向", "天", 2, 4), ("群众评价", 5, "定性", None, None, "一般")]},
    "total": D("89.5"), "grade": "良",
    "parent_sums": {"数量指标": (D(19), 20), "社会效益指标": (D(6), 10), "产出指标": (D(47), 50)},
    # 社会效益指标 a leaf again with 得分 7: 89.5 − 6 + 7 = 90.5 → 优
    "prune": ("社会效益指标", 7, D("90.5"), "优"),
}


@pytest.mark.parametrize("plan", [DEPT, PROJECT], ids=["部门整体", "项目支出"])
def test_blank_form_grows_and_prunes_a_tree(plan, tmp_path, capsys):
    form = tmp_path / "form.xlsx"
    assert cli.main(["new", str(form), "--profile", plan["profile"]]) == 0
    grown = tmp_path / "grown.xlsx"
    run_uno(form, _grow(form, plan) + [{"op": "save", "path": str(grown)}])
    for name, (score, weight) in plan["parent_sums"].items():  # the former leaves sum their children
        assert _counted(grown, name) == (score, weight), name
    _agree(grown, tmp_path, capsys, plan["total"], plan["grade"])
    # the 人工 left on each former leaf: a warning at its 评分方法 cell, not an error (the parent of the example
    # rows was built a parent: nothing there); no example row is left
    _, _, _, problems = load_checked(grown)
    rows = indicator_rows(grown)
    assert not [n for n in rows if n.startswith("示例：")] and not [p for p in problems if p.label == "示例行"]
    left = {p.where for p in warnings(problems) if p.label == "评分方法"}
    assert left == {f"{IND}!{COL['method']}{rows[p]}" for p in plan["parents"] if not _examples_under(plan, p)}
    kept = {p.where for p in warnings(problems) if p.label == "得分" and "有下级指标" in p.message}
    assert kept == {f"{IND}!{COL['manual_score']}{rows[p]}" for p in plan["parents"] if p in plan["scores"]}

    # every child of one parent deleted: the parent is a leaf again (its own 人工 needs a 得分, then counts it)
    parent, score, total, grade = plan["prune"]
    r = rows[parent]
    pruned = tmp_path / "pruned.xlsx"
    run_uno(grown, [{"op": "delete_rows", "sheet": IND, "index": r + 1, "count": len(plan["parents"][parent])},
                    {"op": "calculate"}, {"op": "save", "path": str(tmp_path / "bare.xlsx")},
                    _set(r, "manual_score", score), {"op": "calculate"}, {"op": "save", "path": str(pruned)}])
    _, _, _, problems = load_checked(tmp_path / "bare.xlsx")
    # a leaf with 人工 and no 得分: the sheet shows it blank, and check asks for the 得分 — once, at its cell
    assert [p.where for p in errors(problems)] == [f"{IND}!{COL['manual_score']}{r}"], errors(problems)
    assert _counted(pruned, parent)[0] == score
    _agree(pruned, tmp_path, capsys, total, grade)


# ---------------------------------------------------------------- one cause, one error (issue 21 §2)

EXAMPLE = Path(__file__).resolve().parents[1] / "workbooks" / "example-2021.xlsx"


def _without_liang(tmp_path: Path) -> Path:
    """The example filled in under rules whose 定性 words lack 良好 (as the default ones did before issue 21)."""
    from xlperf.domain.profiles import load_profile
    from xlperf.infra.jsonfile import load_example
    from xlperf.workbook.build import write_workbook

    text = (Path(__file__).resolve().parents[1] / "xlperf" / "domain" / "profiles" / "dept-henan-2021.toml"
            ).read_text(encoding="utf-8")
    assert '"良好", ' in text
    rules = tmp_path / "no-liang.toml"
    rules.write_text(text.replace('"良好", ', "").replace('name = "部门整体-河南2021"', 'name = "无良好"'),
                     encoding="utf-8")
    return write_workbook(tmp_path / "no-liang.xlsx", load_example(), load_profile(str(rules)))


@pytest.mark.parametrize("case", ["9分", "按期完成", "良好", "删除上级行", "改写公式"])
def test_one_cause_is_one_error_at_its_cell(case, tmp_path, capsys):
    """Each slip: exactly one error, at the cell that causes it.  The rows above it, 总评's 得分, 合计, 总分 and 等级
    that only inherit it are not separate errors (at most one warning says what waits), and check never
    names a 总分 or 等级 that score refuses to print."""
    rows = indicator_rows(EXAMPLE)
    src = EXAMPLE
    if case == "9分":  # text in 得分 of a 10-point row: the engine reads 9, the sheet's formulas cannot
        r = rows["组织工作高质量开展情况"]
        act, cause = [_set(r, "manual_score", "9分")], f"{COL['manual_score']}{r}"
    elif case == "按期完成":  # words in 实际完成值 of a % row scored 正向: neither can compute it
        r = rows["基层党组织建设任务完成率"]
        act, cause = [_set(r, "actual", "按期完成")], f"{COL['actual']}{r}"
    elif case == "良好":  # a 定性 word the form's rules do not know
        src = _without_liang(tmp_path)
        r = rows["工作目标合理性"]
        act, cause = [_set(r, "actual", "良好")], f"{COL['actual']}{r}"
    elif case == "改写公式":  # a grey 计入得分 typed over with another formula: the sheet shows 1, the engine 10
        r = rows["组织工作高质量开展情况"]
        act, cause = [_set(r, "counted", "=1")], f"{COL['counted']}{r}"
    else:  # 预算和财务管理's row deleted: its 三级 rows now sit under 工作目标管理 (4 points, children 2+2+10)
        r = rows["预算和财务管理"]
        act, cause = [{"op": "delete_rows", "sheet": IND, "index": r, "count": 1}], \
            f"{COL['weight']}{rows['工作目标管理']}"
    path = tmp_path / "slip.xlsx"
    run_uno(src, act + [{"op": "calculate"}, {"op": "save", "path": str(path)}])
    _, _, result, problems = load_checked(path)
    assert [p.where for p in errors(problems)] == [f"{IND}!{cause}"], errors(problems)
    rewritten = [p.where for p in problems if "被改写" in p.message]  # said only where a formula is
    assert rewritten == ([f"{IND}!{cause}"] if case == "改写公式" else []), problems
    assert cli.main(["check", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"共 1 个错误" in out
    if case == "删除上级行":  # the sheet and the engine read the same tree: every figure still agrees
        assert not [p for p in problems if "表中显示" in p.message], problems
    assert cli.main(["score", str(path)]) == 1
    assert "总分：" not in capsys.readouterr().out
