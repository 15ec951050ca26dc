"""xlperf.workbook.indicator_rows with 指标评分 tables typed by hand (tests/cell_source.py) and the example form's
rows taken once with openpyxl: the tree of rows, each cell of a row as a clerk types it (“95%”, “9分”, blank, 不适用,
“≥90%”), the grey formulas a row should carry, and every message with its sheet and cell (issue 19: `make mutate`
judges the module by fast tests).  Expected values are what the clerk typed; messages are worked out by hand next to
the assertions.

Survivors of indicator_rows.py argued equivalent (mutmut's names; run recorded in docs/mutation.md, session 7, s7e):

* indicators 52 (``stack = None`` at the start): the stack is only tested for truth (None and [] alike) until the
  first 一级 row replaces it by ``[node]``; a lower row before it is refused either way;
* indicators 60 (``range(hr + 1, rows + 2)``): one row past the used range is read, and it is blank;
* formula_notes 18, 19, 20 (the built formulas of row 2 instead of 1, 合计 in row 2, 1 decimal place instead of 0): the
  row, the 合计 row and the places are digits in the formula text, and ``_formula_shape`` takes every digit out before
  comparing, so the built shapes are the same;
* _row_numbers 71 and _row_actual 58 (``percent_warning(None, …)`` instead of the typed value): the typed value only
  matters when it is text holding “%”; a 年度指标值 typed as text went to ``written_target`` and an 实际完成值 text to
  ``written_actual`` (``parse_written`` reads every text that ``to_decimal`` reads), so only numbers reach these calls;
* _row_prev_score 8 (``computed=None``): ``number`` tests ``computed and self.form``, None is false as False is.

(written_target 5, 7 and written_actual 4, 6 — a row without 计量单位 as None instead of "" — were equivalent until
session 8 (s8i): the unit as typed is now compared with the unit read, so they are killed.)

(The first pass's equivalents — the defaults of ``src.get(key, …)`` never used, because 分值 and 实际完成值 are in every
table and the other cells' places are read only when their column exists, ``computed.get(id(n), {})`` for rows that all
have an entry, the dead ``if at is None`` — were removed by simpler code; ``t = ""`` after an error value became
``continue``.)
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from cell_source import DictSource, from_workbook
from openpyxl.utils import get_column_letter

from xlperf.domain.problems import ERROR, WARNING, Problem
from xlperf.workbook import layout as L
from xlperf.workbook.indicator_rows import COMPUTED, IndicatorReader, _formula_shape
from xlperf.workbook.sources import Formula

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = from_workbook(ROOT / "workbooks" / "example-2021.xlsx")  # once per session: a mutant costs no file read
IND = "指标评分"
HINT = "请复制上一行整行粘贴到本行，再改写黄色单元格（灰色单元格是公式）"
LETTER = {c.key: get_column_letter(i + 1) for i, c in enumerate(L.IND_COLUMNS)}  # level1 → A … prev_score → W


def table(*rows: dict, keys=tuple(c.key for c in L.IND_COLUMNS), hr: int = 3, form: bool = False,
          extra: dict | None = None, **kw) -> IndicatorReader:
    """指标评分 with the header of ``keys`` in row ``hr`` and ``rows`` (key → value) below it; ``form``: an xlperf
    form (总分 is a formula)."""
    cells = {f"{get_column_letter(i + 1)}{hr}": L.IND_LABEL[k] for i, k in enumerate(keys)}
    col = {k: get_column_letter(i + 1) for i, k in enumerate(keys)}
    for n, row in enumerate(rows, start=hr + 1):
        cells.update({f"{col[k]}{n}": v for k, v in row.items() if v is not None})
    sheets = {IND: {**cells, **(extra or {})}}
    names = dict(kw.pop("names", {}))
    if form:
        sheets["总评"] = {"B10": Formula("=SUM(C4:C7)")}
        names["总分"] = ("总评", "B10")
    return IndicatorReader(DictSource(sheets, names=names, **kw))


def tree(roots) -> list:
    """(name, level, [children…]) of every row."""
    return [(n["name"], n["level"], tree(n["children"])) for n in roots]


def leaf(**kw) -> dict:
    """One indicator row under 产出 (row 4) / 数量 (row 5): the leaf is row 6."""
    return {"level3": "完成率", "weight": 10, **kw}


def one(*, form=False, **kw) -> tuple[dict, list[Problem]]:
    """The leaf of ``leaf(**kw)`` under 产出 / 数量, and the problems."""
    r = table({"level1": "产出", "weight": 10}, {"level2": "数量", "weight": 10}, leaf(**kw), form=form)
    roots = r.indicators()
    return roots[0]["children"][0]["children"][0], r.problems


# ------------------------------------------------------------------ the table and its tree


def test_no_indicator_table_is_an_error_naming_the_sheet():
    r = IndicatorReader(DictSource({"说明": {"A1": "分值"}}))
    assert r.indicators() is None
    assert r.problems == [Problem("指标评分", "指标表", "找不到指标评分表（表头应包含“分值”“实际完成值”等列）")]


def test_a_table_without_level_columns_is_an_error_at_its_header():
    r = table({"weight": 10}, keys=("weight", "actual"), hr=5)
    assert r.indicators() is None
    assert r.problems == [Problem("指标评分!A5", "指标表", "表头中找不到“一级指标/二级指标/三级指标”列")]


def test_an_empty_table_is_an_error_at_its_header():
    r = table(hr=4)
    assert r.indicators() == []
    assert r.problems == [Problem("指标评分!A4", "指标表", "指标表中没有指标")]


def test_the_nearest_row_above_of_a_higher_level_is_the_parent():
    r = table({"level1": "预算执行", "weight": 10},
              {"level1": "投入管理", "weight": 20},
              {"level2": "工作目标管理", "weight": 4},
              {"level3": "工作目标合理性", "weight": 2},
              {},  # a blank row
              {"level3": "绩效目标明确性", "weight": 2},
              {"level2": "预算和财务管理", "weight": 16},
              {"level3": "预算编制细化率", "weight": 16},
              {"level1": "产出指标", "weight": 40},
              {"level3": "三级直接在一级下", "weight": 40},  # a form without a second level
              {"level1": "合计", "weight": 70}, {"level2": "总计"}, {"level3": "总分"})
    roots = r.indicators()
    assert tree(roots) == [
        ("预算执行", 1, []),
        ("投入管理", 1, [("工作目标管理", 2, [("工作目标合理性", 3, []), ("绩效目标明确性", 3, [])]),
                         ("预算和财务管理", 2, [("预算编制细化率", 3, [])])]),
        ("产出指标", 1, [("三级直接在一级下", 3, [])])]
    assert r.problems == []
    assert roots[1]["children"][1]["children"][0]["sources"]["row"] == "指标评分!C11"


def test_a_row_is_named_by_its_deepest_name():
    r = table({"level1": "产出", "level2": "数量", "weight": 10})
    assert tree(r.indicators()) == []  # 数量 is a 二级 row with no 一级 above it
    assert r.problems == [Problem("指标评分!B4", "二级指标", "“数量”上方缺少一级指标，无法确定其所属指标"),
                          Problem("指标评分!A3", "指标表", "指标表中没有指标")]


def test_rows_before_the_first_top_level_row_are_errors_at_their_name():
    r = table({"level3": "孤立三级", "weight": 1}, {"level1": "产出", "weight": 1}, {"level3": "完成率", "weight": 1})
    assert tree(r.indicators()) == [("产出", 1, [("完成率", 3, [])])]
    assert r.problems == [Problem("指标评分!C4", "三级指标", "“孤立三级”上方缺少一级指标，无法确定其所属指标")]


def test_an_error_value_in_a_name_is_its_own_problem_and_no_name():
    r = table({"level1": "产出", "weight": 1}, {"level2": "#REF!", "level3": "完成率", "weight": 1})
    assert tree(r.indicators()) == [("产出", 1, [("完成率", 3, [])])]
    assert r.problems == [Problem("指标评分!B5", "二级指标", "单元格为错误值“#REF!”，请改为有效的值")]


def test_a_header_row_is_found_below_a_title_and_its_columns_by_their_headers():
    keys = ("level2", "level1", "actual", "weight", "manual_score")
    r = table({"level1": "产出", "weight": 30}, {"level2": "数量", "weight": "30", "manual_score": 28, "actual": "已完成"},
              keys=keys, hr=6)
    roots = r.indicators()
    node = roots[0]["children"][0]
    assert (node["weight"], node["manual_score"], node["actual"]) == (30, 28, "已完成")
    assert node["sources"] == {"name": "指标评分!A8", "row": "指标评分!A8", "actual": "指标评分!C8",
                               "weight": "指标评分!D8", "manual_score": "指标评分!E8"}
    assert r.problems == []


# ------------------------------------------------------------------ a row's cells


def test_a_rows_texts_are_read_stripped():
    node, problems = one(method=" 正向 ", unit="%", target_text="≥90%", direction="正向", param=" 5 ",
                         deviation_reason=" 未达标 ", improvement="加强管理\n")
    assert {k: node[k] for k in ("method", "unit", "target_text", "direction", "param", "deviation_reason",
                                 "improvement")} == {
        "method": "正向", "unit": "%", "target_text": "≥90%", "direction": "正向", "param": "5",
        "deviation_reason": "未达标", "improvement": "加强管理"}
    assert problems == []


def test_an_error_value_in_a_text_cell_leaves_it_out_and_keeps_the_rest():
    node, problems = one(method="人工", unit="#N/A", deviation_reason="原因")
    assert "unit" not in node and node["method"] == "人工" and node["deviation_reason"] == "原因"
    assert problems == [Problem("指标评分!F6", "计量单位", "单元格为错误值“#N/A”，请改为有效的值")]


def test_every_cell_of_a_row_is_named_in_its_sources():
    node, _ = one(method="人工")
    assert node["sources"] == {"name": "指标评分!C6", "row": "指标评分!C6",
                               **{k: f"指标评分!{v}6" for k, v in LETTER.items() if k not in L.LEVEL_KEYS}}
    assert node["level"] == 3 and node["children"] == [] and node["name"] == "完成率"


@pytest.mark.parametrize("weight, expected, problems", [
    (10, D(10), []),
    ("2.5", D("2.5"), []),
    (None, D(0), [Problem("指标评分!D6", "分值", "请填写分值")]),
    ("  ", D(0), [Problem("指标评分!D6", "分值", "请填写分值")]),
    ("约10", D(0), [Problem("指标评分!D6", "分值", "应为数字，现为“约10”")]),
    ("#VALUE!", D(0), [Problem("指标评分!D6", "分值", "单元格为错误值“#VALUE!”，请改为有效的值")]),
])
def test_a_rows_points(weight, expected, problems):
    node, found = one(weight=weight, method="人工")
    assert node["weight"] == expected and found == problems


def test_points_written_as_text_in_a_form_are_an_error_yet_read():
    node, problems = one(form=True, weight="10分", method="人工")
    assert node["weight"] == 10
    assert problems == [Problem("指标评分!D6", "分值", "表格公式无法计算文字“10分”，请只填数字（如 10）")]


def test_a_typed_score_and_a_blank_one():
    node, problems = one(method="人工", manual_score=" 9.5 ")
    assert node["manual_score"] == D("9.5") and problems == []
    node, problems = one(method="人工")
    assert "manual_score" not in node and problems == []
    node, problems = one(method="人工", manual_score="九分")
    assert "manual_score" not in node
    assert problems == [Problem("指标评分!M6", "得分", "应为数字，现为“九分”")]


def test_a_percentage_typed_as_the_score_is_an_error_at_the_score():
    node, problems = one(method="人工", manual_score="95%")  # 分值 10: 9.5 points
    assert problems == [Problem("指标评分!M6", "得分", "得分应填分数（本指标分值10），现为百分比“95%”：如得分率为95%，"
                                                      "请填写9.5，并把单元格格式改为“常规”")]


@pytest.mark.parametrize("target, unit, expected, problems", [
    (1, "%", D(1), []),
    (0.9, "%", D("0.9"), []),
    (90, "%", D(90), [Problem("指标评分!G6", "年度指标值", "计量单位为%，90将按9000%计算；如指90%，请填写“90%”",
                              WARNING)]),
    (90, "个", D(90), []),  # another unit: any number
    (None, "%", None, []),
])
def test_a_number_target_and_the_percent_warning(target, unit, expected, problems):
    node, found = one(method="正向", unit=unit, target=target, actual=0.5 if unit == "%" else 50)
    assert node.get("target") == expected and found == problems


@pytest.mark.parametrize("flag, value, problems", [
    ("是", True, []), ("TRUE", True, []), ("true", True, []), ("√", True, []), ("Y", True, []), ("y", True, []),
    (True, True, []),
    ("否", None, []), ("FALSE", None, []), ("false", None, []), ("N", None, []), ("n", None, []), (False, None, []),
    (None, None, []), (" 是 ", True, []),
    ("不适用的指标", None, [Problem("指标评分!O6", "不适用", "应为“是”或“否”，现为“不适用的指标”")]),
    ("x" * 25, None, [Problem("指标评分!O6", "不适用", "应为“是”或“否”，现为“" + "x" * 20 + "”")]),
])
def test_not_applicable_is_yes_or_no(flag, value, problems):
    node, found = one(method="人工", not_applicable=flag)
    assert node.get("not_applicable") == value and found == problems


def test_core_is_yes_or_no_and_an_error_value_is_its_own_problem():
    keys = (*(c.key for c in L.IND_COLUMNS), "coefficient", "core")
    r = table({"level1": "产出", "weight": 1, "core": "是"}, {"level1": "效益", "weight": 1, "core": "也许"},
              {"level1": "满意度", "weight": 1, "core": "#N/A", "not_applicable": "#N/A"}, keys=keys)
    roots = r.indicators()
    assert [n.get("core") for n in roots] == [True, None, None]
    assert r.problems == [Problem("指标评分!Y5", "核心指标", "应为“是”或“否”，现为“也许”"),
                          Problem("指标评分!O6", "不适用", "单元格为错误值“#N/A”，请改为有效的值"),
                          Problem("指标评分!Y6", "核心指标", "单元格为错误值“#N/A”，请改为有效的值")]


@pytest.mark.parametrize("typed, value, problems", [
    (0, D(0), []), (1, D(1), []), ("0.8", D("0.8"), []), (None, None, []),
    (1.2, None, [Problem("指标评分!X4", "得分系数", "应在0-1之间（得分 = 分值 × 系数），现为1.2")]),
    (-0.1, None, [Problem("指标评分!X4", "得分系数", "应在0-1之间（得分 = 分值 × 系数），现为-0.1")]),
    ("高", None, [Problem("指标评分!X4", "得分系数", "应为数字，现为“高”")]),
])
def test_the_score_coefficient_is_between_zero_and_one(typed, value, problems):
    keys = (*(c.key for c in L.IND_COLUMNS), "coefficient")
    r = table({"level1": "产出", "weight": 10, "method": "人工", "coefficient": typed}, keys=keys)
    node = r.indicators()[0]
    assert node.get("coefficient") == value and r.problems == problems


@pytest.mark.parametrize("typed, value, problems", [
    (8.5, D("8.5"), []), (0, D(0), []), (None, None, []),
    ("8.5分", D("8.5"), []),  # no formula reads 上年得分: read silently even in a form
    (-1, None, [Problem("指标评分!W6", "上年得分", "不能为负数，现为-1")]),
    ("良", None, [Problem("指标评分!W6", "上年得分", "应为数字，现为“良”")]),
])
def test_last_years_score(typed, value, problems):
    node, found = one(form=True, method="人工", prev_score=typed)
    assert node.get("prev_score") == value and found == problems


# ------------------------------------------------------------------ 实际完成值


def test_a_derived_figures_name_is_the_rows_figure():
    node, problems = one(method="正向", unit="%", target=1, actual=Formula("=执行率"))
    assert node["actual_ref"] == "执行率" and "actual" not in node and problems == []


@pytest.mark.parametrize("method", ["定性", "人工", None])
def test_a_statement_is_the_actual_value_of_a_qualitative_or_manual_row(method):
    node, problems = one(method=method, actual=" 达成 ")
    assert node["actual"] == "达成" and problems == []
    node, problems = one(method=method, actual="  ")
    assert "actual" not in node and problems == []


@pytest.mark.parametrize("actual, unit, value, problems", [
    (0.95, "%", D("0.95"), []),
    ("95%", "%", D("0.95"), []),
    (95, "%", D(95), [Problem("指标评分!H6", "实际完成值", "计量单位为%，95将按9500%计算；如指95%，请填写“95%”", WARNING)]),
    ("168起", "起", D(168), []),
    ("168", "起", D(168), []),
    (168, "起", D(168), []),
    (None, "%", None, []),
    ("约95", "%", None, [Problem("指标评分!H6", "实际完成值", "应为数字，现为“约95”")]),
    ("95分", "%", None, [Problem("指标评分!H6", "实际完成值", "单位“分”与计量单位“%”不一致，请换算后填写")]),
    ("168起", "", None, [Problem("指标评分!H6", "实际完成值", "数值带单位“起”，请在“计量单位”中填写“起”")]),
    ("≥95%", "%", None, [Problem("指标评分!H6", "实际完成值",
                                 "应填实际达到的数值，不要写比较符号或“以上/以内”（现为“≥95%”）")]),
    ("950%", "%", D("9.5"), []),  # typed with %: meant
])
def test_the_actual_value_of_a_scored_row(actual, unit, value, problems):
    node, found = one(method="正向", unit=unit, target=1, actual=actual)
    assert node.get("actual") == value and found == problems


def test_in_a_form_an_actual_value_the_formulas_cannot_read_is_an_error():
    node, problems = one(form=True, method="正向", unit="%", target=1, actual="９５%")
    assert "actual" not in node
    assert problems == [Problem("指标评分!H6", "实际完成值", "表格公式无法计算文字“９５%”，请只填数字（半角），百分比直接输入 95%")]
    node, problems = one(form=True, method="正向", unit="%", target=1, actual="95%")
    assert node["actual"] == D("0.95") and problems == []


def test_an_actual_value_excel_stored_as_a_percentage_is_an_error_at_the_cell():
    r = table({"level1": "产出", "weight": 10, "method": "正向", "unit": "个", "target": 10, "actual": 0.06},
              formats={(IND, "H4"): "0%"})
    assert r.indicators()[0]["actual"] == D("0.06")
    assert r.problems == [Problem("指标评分!H4", "实际完成值", "计量单位为个，单元格却是百分比格式，填写的6被存为0.06：请把单元格格式改为"
                                                          "“常规”后重新填写6")]
    r = table({"level1": "产出", "weight": 10, "method": "正向", "unit": "%", "target": 1, "actual": 0.06},
              formats={(IND, "H4"): "0%"})
    assert r.indicators()[0]["actual"] == D("0.06") and r.problems == []  # a % row: 6 % is meant


def test_an_unusable_actual_value_leaves_the_row_without_one():
    node, problems = one(method="正向", unit="%", target=1, actual="#DIV/0!")
    assert "actual" not in node and "actual_ref" not in node
    assert problems == [Problem("指标评分!H6", "实际完成值", "单元格为错误值“#DIV/0!”，请改为有效的值")]


# ------------------------------------------------------------------ 年度指标值 written as text


@pytest.mark.parametrize("target, unit, method, expect, problems", [
    ("≥90%", "%", "", {"target": D("0.9"), "target_text": "≥90%", "method": "正向"}, []),
    (" ≤5% ", "%", "", {"target": D("0.05"), "target_text": "≤5%", "method": "反向"}, []),
    ("≥90%", "%", "反向", {"target": D("0.9"), "target_text": "≥90%", "method": "反向"},
     [Problem("指标评分!G6", "年度指标值", "“≥90%”是正向指标的写法，评分方法却是反向，请核对", WARNING)]),
    ("≥90%", "%", "正向", {"target": D("0.9"), "target_text": "≥90%", "method": "正向"}, []),
    ("≥90%", "%", "区间", {"target": D("0.9"), "target_text": "≥90%", "method": "区间"}, []),
    ("90%", "%", "正向", {"target": D("0.9"), "target_text": "90%", "method": "正向"}, []),
    ("90", "%", "正向", {"target": D(90), "method": "正向"}, [
        Problem("指标评分!G6", "年度指标值", "计量单位为%，90将按9000%计算；如指90%，请填写“90%”", WARNING)]),
    ("100", "个", "正向", {"target": D(100), "method": "正向"}, []),
    ("2天以内", "天", "", {"target": D(2), "target_text": "2天以内", "method": "反向"}, []),
    ("按期完成", "", "定性", {"target_text": "按期完成", "method": "定性"}, []),
    ("按期完成", "", "人工", {"target_text": "按期完成", "method": "人工"}, []),
    ("按期完成", "", "区间", {"target_text": "按期完成", "method": "区间"}, []),
    ("按期完成", "", "正向", {"method": "正向"}, [
        Problem("指标评分!G6", "年度指标值", "应为数字，或写成“≥90%”“≤90万元”“2天以内”这样的形式，现为“按期完成”")]),
    ("≤90万元", "", "反向", {"method": "反向"}, [
        Problem("指标评分!G6", "年度指标值", "数值带单位“万元”，请在“计量单位”中填写“万元”")]),
    ("≤90万元", "个", "反向", {"method": "反向"}, [
        Problem("指标评分!G6", "年度指标值", "单位“万元”与计量单位“个”不一致，请换算后填写")]),
])
def test_a_target_written_as_text(target, unit, method, expect, problems):
    node, found = one(method=method or None, unit=unit or None, target=target)
    assert {k: node[k] for k in ("target", "target_text", "method") if k in node} == expect
    assert found == problems


def test_a_written_target_keeps_the_typed_statement_of_the_row():
    node, _ = one(method="正向", unit="%", target="≥90%", target_text="不低于九成")
    assert node["target_text"] == "不低于九成" and node["target"] == D("0.9")
    node, _ = one(method="定性", target="按期完成", target_text="按时")
    assert node["target_text"] == "按时" and "target" not in node


def test_in_a_form_a_target_the_formulas_cannot_read_is_an_error():
    node, problems = one(form=True, method="正向", unit="%", target="≥９０%")
    assert "target" not in node
    assert problems == [Problem("指标评分!G6", "年度指标值", "表格公式无法计算“≥９０%”，请用半角数字写成“≥90%”“≤90万元”这样的形式")]
    node, problems = one(form=True, method="正向", unit="%", target="≥90%")
    assert node["target"] == D("0.9") and problems == []


def test_a_long_written_target_is_quoted_to_twenty_characters():
    text = "按期完成全部二十项年度重点工作任务并通过验收"  # 22 characters
    node, problems = one(method="正向", target=text)
    assert problems[0].message == f"应为数字，或写成“≥90%”“≤90万元”“2天以内”这样的形式，现为“{text[:20]}”"


# ------------------------------------------------------------------ 区间 parameters the sheet cannot compute


def test_a_band_parameter_the_native_formula_cannot_compute_is_a_warning():
    param = ";".join(f"≥{i}:1" for i in range(9))  # nine bands: the sheet's formula reads eight
    node, problems = one(method="区间", unit="个", actual=5, param=param)
    assert problems == [Problem("指标评分!K6", "评分参数", "在WPS/LibreOffice中无法自动计算建议得分（超过8段），"
                                                        "请直接填写得分或简化参数", WARNING)]
    # a typed score, eight bands, another method: nothing to say
    assert one(method="区间", unit="个", actual=5, param=param, manual_score=5)[1] == []
    assert one(method="区间", unit="个", actual=5, param=";".join(f"≥{i}:1" for i in range(8)))[1] == []
    assert one(method="人工", unit="个", actual=5, param=param)[1] == []


# ------------------------------------------------------------------ a parent's own method


def test_a_method_left_on_a_parent_is_a_warning_at_its_method_cell():
    r = table({"level1": "产出", "weight": 10, "method": "人工"}, {"level2": "数量", "weight": 10, "method": "人工"},
              {"level3": "完成率", "weight": 10, "method": "人工"},
              {"level1": "效益", "weight": 5, "method": "定性评价的方法写在这里"}, {"level2": "社会效益", "weight": 5})
    r.indicators()
    assert r.problems == [
        Problem("指标评分!E4", "评分方法", "“产出”有下级指标，得分由下级汇总，这里的评分方法“人工”不起作用，可以清空", WARNING),
        Problem("指标评分!E5", "评分方法", "“数量”有下级指标，得分由下级汇总，这里的评分方法“人工”不起作用，可以清空", WARNING),
        Problem("指标评分!E7", "评分方法", "“效益”有下级指标，得分由下级汇总，这里的评分方法“定性评价的方法写在这”不起作用，可以清空",
                WARNING)]


def test_a_parents_method_without_its_cell_is_a_warning_at_the_row():
    r = IndicatorReader(DictSource({IND: {}}))
    r.parents_own_method([{"name": "产出", "method": "人工", "sources": {"row": "指标评分!A4"},
                           "children": [{"name": "数量", "children": [], "sources": {}}]}])
    assert r.problems == [Problem("指标评分!A4", "评分方法", "“产出”有下级指标，得分由下级汇总，这里的评分方法“人工”不起作用，可以清空",
                                  WARNING)]


# ------------------------------------------------------------------ the grey formulas


def test_a_formulas_shape_leaves_out_rows_dollars_spaces_case_and_saving_programs_marks():
    assert _formula_shape("=IF($A$4 = TRUE(), _xlfn.perf_rate(b4), FALSE())") == "=IF(A=TRUE,PERF_RATE(B),FALSE)"
    assert _formula_shape("=SUM(P5:P40)") == _formula_shape("=SUM(P6:P41)") == "=SUM(P:P)"
    assert _formula_shape("=TRUE()*NOW()") == "=TRUE*NOW()"
    assert _formula_shape(None) == "NONE"


def example(*edits: tuple[str, object]) -> IndicatorReader:
    src = EXAMPLE.copy()
    for ref, value in edits:
        src.put(IND, ref, value)
    return IndicatorReader(src)


def test_the_examples_rows_carry_their_formulas():
    r = example()
    roots = r.indicators()
    assert r.problems == [] and r.formula_state == {}
    named = {f"指标评分!{get_column_letter(c)}{r}" for (r, c), v in EXAMPLE.cells[IND].items()
             if r > 3 and c <= 3 and v != "合计"}
    assert set(r.shown_cells) == named and len(named) > 30  # every named row
    assert r.shown_cells["指标评分!C10"] == (IND, 10, 16)  # 计入得分 is column P
    assert [n["name"] for n in roots] == ["预算执行", "投入管理", "产出指标", "效益指标"]


def test_a_grey_formula_typed_over_is_told_in_the_rows_formula_state():
    r = example(("N10", 0.5))
    r.indicators()
    assert r.formula_state == {"指标评分!C10": "缺少灰色公式“得分率”"}
    assert r.problems == [Problem("指标评分!L10", "建议得分", f"本行缺少灰色公式“得分率”，建议得分可能不对：{HINT}", WARNING)]
    r = example(("N10", 0.5), ("T10", 0.9))
    r.indicators()
    assert r.formula_state == {"指标评分!C10": "缺少灰色公式“得分率”等"}
    assert r.problems == [Problem("指标评分!L10", "建议得分", f"本行缺少灰色公式“得分率”等，建议得分可能不对：{HINT}", WARNING)]


def test_a_changed_grey_formula_is_told_in_the_rows_formula_state():
    r = example(("N10", Formula("=1")))
    r.indicators()
    assert r.formula_state == {"指标评分!C10": "灰色公式“得分率”被改写"} and r.problems == []
    r = example(("N10", Formula("=1")), ("P10", Formula("=M10")))
    r.indicators()
    assert r.formula_state == {"指标评分!C10": "灰色公式“得分率”等被改写"}
    # the same formula shifted, re-saved by LibreOffice: unchanged
    shifted = EXAMPLE.get(IND, "N10").replace("10", "11")
    r = example(("N10", Formula(shifted.lower().replace("perf_rate", "_xlfn.PERF_RATE"))))
    r.indicators()
    assert r.formula_state == {}


def test_a_form_of_another_layout_is_not_compared_with_the_built_formulas():
    r = example(("AK3", None), ("N10", Formula("=1")))  # the last helper column gone
    r.indicators()
    assert r.formula_state == {}


def test_a_typed_suggested_score_is_an_error_at_it():
    r = example(("L10", 0.9))
    r.indicators()
    assert r.problems == [Problem("指标评分!L10", "建议得分", "建议得分是公式，不能直接填写（现为“0.9”）：要认定得分请填在“得分”列，"
                                                           f"并恢复公式（{HINT}）")]


def test_a_row_inserted_without_formulas_is_an_error_unless_scored_by_hand():
    blank = [(f"{get_column_letter(c)}10", None) for c in range(1, 38) if get_column_letter(c) not in "ABCDEFGHIJKMORSW"]
    r = example(*blank)
    r.indicators()
    assert r.problems == [Problem("指标评分!L10", "建议得分", f"本行没有建议得分公式（插入的行未复制公式），表格算不出“预算编制细化率”"
                                                           f"的得分：{HINT}，或在“得分”中直接填写得分")]
    r = example(*blank, ("M10", 1))  # a typed score: the sheet counts it, but shows no 得分率
    r.indicators()
    assert r.problems == [Problem("指标评分!L10", "建议得分", f"本行缺少灰色公式，得分率等不会显示：{HINT}", WARNING)]
    r = example(*blank, ("E10", "人工"))
    r.indicators()
    assert r.problems == [Problem("指标评分!L10", "建议得分", f"本行缺少灰色公式，得分率等不会显示：{HINT}", WARNING)]
    r = example(*blank, ("O10", "是"))  # 不适用: nothing to compute
    r.indicators()
    assert r.problems == []


def test_a_long_typed_suggested_score_is_quoted_to_twenty_characters():
    r = example(("L10", "按规则应得满分一分但因故扣除零点一分后为零点九"))
    r.indicators()
    assert "（现为“按规则应得满分一分但因故扣除零点一分后为”）" in r.problems[0].message


def test_a_parent_whose_counted_score_is_no_formula_is_an_error():
    r = example(("P9", 10))
    r.indicators()
    assert r.problems == [Problem("指标评分!P9", "计入得分", "“预算和财务管理”的计入得分应为合计其下级指标的公式，现在不是公式："
                                                          "请从其他上级指标行复制")]
    assert "指标评分!B9" not in r.shown_cells


def test_a_table_without_formulas_is_not_checked_for_them():
    r = table({"level1": "产出", "weight": 10, "method": "正向", "suggested": 5, "counted": 3},
              {"level2": "数量", "weight": 10, "method": "正向", "suggested": 9})
    r.indicators()
    assert r.problems == [
        Problem("指标评分!E4", "评分方法", "“产出”有下级指标，得分由下级汇总，这里的评分方法“正向”不起作用，可以清空", WARNING)]
    assert r.shown_cells == {}


def test_the_computed_cells_of_a_row_and_which_hold_formulas():
    r = table({"level1": "产出", "weight": 10, "suggested": Formula("=1"), "rate": 0.5})
    node = r.indicators()[0]
    cells = r.computed[id(node)]
    assert cells["suggested"] == ((IND, 4, 12), True) and cells["rate"] == ((IND, 4, 14), False)
    assert cells["counted"] == ((IND, 4, 16), False)
    assert set(cells) == {"suggested", "rate", "counted", "counted_weight", "calc_target", "calc_method",
                          "calc_actual"}
    assert set(COMPUTED) == {c.key for c in L.IND_COLUMNS + L.HELPER_COLUMNS if c.kind == "formula"}
    assert r.problems == [Problem("指标评分!L4", "建议得分", f"本行缺少灰色公式“得分率”等，建议得分可能不对：{HINT}", WARNING)]


# ------------------------------------------------------------------ the rest, one behaviour each


def test_the_named_header_row_wins_over_an_earlier_row_with_the_same_headers():
    src = DictSource({"说明": {"A1": "分值", "B1": "实际完成值", "A2": "产出", "B2": 1},
                      IND: {"A3": "一级指标", "B3": "分值", "C3": "实际完成值", "A4": "效益", "B4": 5}},
                     names={L.IND_HEADER_NAME: (IND, "A3")})
    r = IndicatorReader(src)
    assert tree(r.indicators()) == [("效益", 1, [])]


def test_an_error_value_as_a_rows_only_name_leaves_the_row_out():
    r = table({"level1": "产出", "weight": 1}, {"level3": "#N/A", "weight": 1})
    assert tree(r.indicators()) == [("产出", 1, [])]
    assert r.problems == [Problem("指标评分!C5", "三级指标", "单元格为错误值“#N/A”，请改为有效的值")]


def test_rows_below_a_total_row_are_still_read():
    r = table({"level1": "产出", "weight": 1}, {"level1": "合计", "weight": 1}, {"level1": "效益", "weight": 1})
    assert tree(r.indicators()) == [("产出", 1, []), ("效益", 1, [])]


def test_a_table_without_a_suggested_score_column_is_not_checked_for_formulas():
    keys = ("level1", "level2", "weight", "actual", "counted")
    r = table({"level1": "产出", "weight": 1, "counted": 3}, {"level2": "数量", "weight": 1}, keys=keys)
    r.indicators()
    assert r.problems == []


def test_a_blank_text_typed_over_the_suggested_score_is_a_missing_formula():
    r = example(("L10", ""))
    r.indicators()
    assert [p.message[:11] for p in r.problems] == ["本行没有建议得分公式（"]


def test_a_row_without_formulas_and_without_a_method_is_scored_by_hand():
    blank = [(f"{get_column_letter(c)}10", None) for c in range(1, 38) if get_column_letter(c) not in "ABCDFGHIJKMORSW"]
    r = example(*blank)  # 评分方法 (E) cleared too: 人工
    r.indicators()
    assert r.problems == [Problem("指标评分!L10", "建议得分", f"本行缺少灰色公式，得分率等不会显示：{HINT}", WARNING)]


def test_a_not_applicable_row_does_not_end_the_formula_check():
    r = example(("O39", "是"), ("L10", 0.9))  # 服务对象满意度 (the last row, checked first) 不适用
    r.indicators()
    assert [p.where for p in r.problems] == ["指标评分!L10"]


def test_rows_built_with_a_score_coefficient_carry_their_formulas():
    from xlperf.workbook.formulas import row_formulas

    keys = tuple(c.key for c in L.IND_COLUMNS + L.OPTIONAL_COLUMNS[:1] + L.HELPER_COLUMNS)
    letters = {k: get_column_letter(i + 1) for i, k in enumerate(keys)}

    def row(r: int, with_coefficient: bool) -> dict:
        built = row_formulas(letters, r, 9, 2, with_coefficient)
        return {k: Formula(built[k]) for k in L.ROW_FORMULA_KEYS}

    reader = table({"level1": "产出", "weight": 10, "method": "人工", **row(4, True)}, keys=keys)
    reader.indicators()
    assert reader.formula_state == {}
    reader = table({"level1": "产出", "weight": 10, "method": "人工", **row(4, False)}, keys=keys)
    reader.indicators()
    assert list(reader.formula_state.values()) == ["灰色公式“建议得分”被改写"]


def test_a_derived_figure_is_no_value_outside_the_actual_value():
    node, problems = one(method="人工", weight=Formula("=执行率"))
    assert problems == [Problem("指标评分!D6", "分值", "单元格为公式“=执行率”，文件中没有计算结果，请改为直接填写数值")]


def test_a_score_shown_as_a_percentage_is_asked_for_at_its_own_cell():
    r = table({"level1": "产出", "weight": 10, "method": "人工", "manual_score": 0.8},
              {"level1": "效益", "weight": 10, "method": "人工", "manual_score": 0.8},
              formats={(IND, "M5"): "0%"})
    r.indicators()
    assert r.problems == [Problem("指标评分!M5", "得分", "得分应填分数（本指标分值10），现为百分比“80%”：如得分率为80%，"
                                                      "请填写8，并把单元格格式改为“常规”")]


def test_after_a_written_target_and_after_an_unusable_weight_the_rest_of_the_row_is_read():
    node, _ = one(method="正向", unit="%", target="≥90%", manual_score=9)
    assert node["manual_score"] == 9
    node, _ = one(method="人工", weight="#N/A", target=1, manual_score=7)
    assert (node["weight"], node["target"], node["manual_score"]) == (0, 1, 7)


@pytest.mark.parametrize("target, unit, value", [("≥90", None, D(90)), ("168起", "起", D(168)), ("9000%", "%", D(90))])
def test_written_targets_the_forms_formulas_read(target, unit, value):
    node, problems = one(form=True, method="正向", unit=unit, target=target)
    assert node["target"] == value and problems == []


@pytest.mark.parametrize("actual, unit, value", [("95", None, D(95)), ("168起", "起", D(168)), ("95%", "个", D("0.95"))])
def test_written_actual_values_the_forms_formulas_read(actual, unit, value):
    node, problems = one(form=True, method="正向", unit=unit, target=1, actual=actual)
    assert node["actual"] == value and problems == []


def test_a_written_actual_percentage_typed_as_a_whole_number_is_a_warning():
    node, problems = one(method="正向", unit="%", target=1, actual="200")
    assert node["actual"] == 200
    assert problems == [Problem("指标评分!H6", "实际完成值", "计量单位为%，200将按20000%计算；如指200%，请填写“200%”", WARNING)]


def test_a_target_whose_direction_contradicts_the_positive_method_is_a_warning():
    node, problems = one(method="正向", unit="%", target="≤5%")
    assert problems == [Problem("指标评分!G6", "年度指标值", "“≤5%”是反向指标的写法，评分方法却是正向，请核对", WARNING)]


SPACED = "≥" + " " * 20 + "90%"  # 24 characters: quoted as its first 20, "≥" and 19 spaces
QUOTED = "“≥" + " " * 19 + "”"


def test_long_written_values_are_quoted_to_twenty_characters():
    node, problems = one(method="反向", unit="%", target=SPACED)
    assert problems == [Problem("指标评分!G6", "年度指标值", f"{QUOTED}是正向指标的写法，评分方法却是反向，请核对", WARNING)]
    node, problems = one(method="正向", unit="%", target=1, actual=SPACED)
    assert problems[0].message == f"应填实际达到的数值，不要写比较符号或“以上/以内”（现为{QUOTED}）"
    node, problems = one(form=True, method="正向", unit="%", target=SPACED.replace("90", "９０"))
    assert problems[0].message == f"表格公式无法计算{QUOTED}，请用半角数字写成“≥90%”“≤90万元”这样的形式"
    node, problems = one(form=True, method="正向", unit="%", target=1, actual="9" + " " * 20 + "５%")
    assert problems[0].message == f"表格公式无法计算文字“9{' ' * 19}”，请只填数字（半角），百分比直接输入 95%"


def test_long_units_are_quoted_to_ten_characters():
    unit = "人次按全年培训班次计算"  # 11 characters
    node, problems = one(method="正向", target=f"≥5{unit}")
    assert problems[0].message == "数值带单位“人次按全年培训班次计”，请在“计量单位”中填写“人次按全年培训班次计”"
    node, problems = one(method="正向", unit="个", target=f"≥5{unit}")
    assert problems[0].message == "单位“人次按全年培训班次计”与计量单位“个”不一致，请换算后填写"
