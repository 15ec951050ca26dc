"""Real departments' tables (issue 11): 定性 words as forms use them and typed scores that contradict
their own rule — through the workbook cells, the CLI and the report.  Expected values come from the
rules (SCORING.md §4, §5, §11), worked out in the comments."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlperf import cli
from xlperf.app.load import load_checked, load_example
from xlperf.domain.model import Indicator
from xlperf.domain.problems import WARNING, errors
from xlperf.domain.profiles import load_profile
from xlperf.report.context import build_context
from xlperf.domain.validate import check
from xlperf.workbook import layout as L
from xlperf.workbook.build import write_workbook
from form_cells import set_named

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "workbooks" / "example-2021.xlsx"


def _row(ws, name: str) -> int:
    for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1):
        if name in (ws.cell(r, 1).value, ws.cell(r, 2).value, ws.cell(r, 3).value):
            return r
    raise KeyError(name)


def _procurement(ev, *, score=D(2), reason=""):
    """政府采购执行率 72.74 % against a 100 % target, worth 2 points, typed 2/2 (a real table's case)."""
    group = ev.indicators[1].children[1]  # 预算和财务管理 (10): 资金使用合规性 2 → 政府采购执行率 2
    leaf = next(c for c in group.children if c.name == "资金使用合规性")
    group.children[group.children.index(leaf)] = Indicator(
        name="政府采购执行率", level=3, weight=D(2), method="正向", unit="%", target=D(1), actual=D("0.7274"),
        manual_score=score, deviation_reason=reason)
    return ev


def test_typed_full_marks_against_its_own_rule_is_a_warning_at_the_score():
    ev = _procurement(load_example())
    _, problems = check(ev, load_profile())
    hits = [p for p in problems if p.label == "得分" and "政府采购" not in p.message and "建议" in p.message]
    # 正向: 2 × min(0.7274 / 1, 1) = 1.4548 → 1.45
    assert [(p.severity, p.message) for p in hits] == [
        (WARNING, "按正向规则建议1.45分，填写2分，请核实或在偏差原因中说明")]


def test_explained_or_agreeing_scores_are_not_flagged():
    for ev in (_procurement(load_example(), reason="采购计划调整，部分项目延至次年"),
               _procurement(load_example(), score=D("1.45"))):
        _, problems = check(ev, load_profile())
        assert not [p for p in problems if "请核实或在偏差原因中说明" in p.message]


def test_the_warning_reaches_the_cell_and_the_report_invents_nothing(tmp_path):
    path = write_workbook(tmp_path / "t.xlsx", _procurement(load_example()))
    _, prof, result, problems = load_checked(path)
    ws = openpyxl.load_workbook(path)[L.S_IND]
    r = _row(ws, "政府采购执行率")
    col = openpyxl.utils.get_column_letter(L.IND_COL["manual_score"])
    assert [p.where for p in problems if "请核实" in p.message] == [f"{L.S_IND}!{col}{r}"]
    ctx, _ = build_context(result)
    text = repr(ctx)
    assert "1.45" not in text and "请核实" not in text  # the report states no finding of its own
    assert cli.main(["check", str(path)]) == 0  # a warning: the report may still be written


@pytest.mark.parametrize("word, share", [("较好", 1), ("一般", D("0.7")), ("较差", D("0.3")), ("达成预期指标", 1),
                                         ("有效改善", 1), ("无改善", D("0.3")), ("否", D("0.3"))])
def test_qualitative_words_through_the_workbook(tmp_path, word, share):
    path = tmp_path / "q.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb[L.S_IND]
    r = _row(ws, "组织工作高质量开展情况")  # 定性, 10 points
    ws.cell(r, L.IND_COL["actual"], word)
    wb.save(path)
    _, _, result, problems = load_checked(path)
    assert errors(problems) == []
    leaf = next(x for x in result.walk() if x.name == "组织工作高质量开展情况")
    assert leaf.suggested == 10 * share  # the band's suggestion: 100 / 70 / 30 % of 10


def test_an_unknown_word_is_an_error_at_its_cell_listing_the_accepted(tmp_path):
    path = tmp_path / "q.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb[L.S_IND]
    r = _row(ws, "组织工作高质量开展情况")
    ws.cell(r, L.IND_COL["actual"], "还可以")
    wb.save(path)
    _, _, _, problems = load_checked(path)
    col = openpyxl.utils.get_column_letter(L.IND_COL["actual"])
    hit = [p for p in errors(problems) if p.where == f"{L.S_IND}!{col}{r}"]
    assert len(hit) == 1 and "“还可以”无法识别" in hit[0].message and "较好" in hit[0].message


def test_the_drop_down_of_qualitative_rows_offers_the_profiles_words():
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb[L.S_IND]
    col = openpyxl.utils.get_column_letter(L.IND_COL["actual"])
    dv = [d for d in ws.data_validations.dataValidation if d.formula1 == f"{L.QUALITATIVE_WORDS_NAME}"
          or d.formula1 == f"={L.QUALITATIVE_WORDS_NAME}"]
    assert len(dv) == 1 and dv[0].errorStyle == "warning"
    cells = str(dv[0].sqref).split()
    assert f"{col}{_row(ws, '组织工作高质量开展情况')}" in cells
    assert f"{col}{_row(ws, '预算编制细化率')}" not in cells  # a 正向 row keeps numbers
    sheet, ref = next(wb.defined_names[L.QUALITATIVE_WORDS_NAME].destinations)
    words = [c[0].value for c in wb[sheet][ref.replace("$", "")]]
    prof = load_profile()
    assert words == list(dict.fromkeys(w for b in prof.qualitative_bands for w in (b.label, *b.aliases)))
    assert {"达成预期指标", "较高", "一般", "无改善", "是", "否"} <= set(words)


def test_third_level_rows_directly_under_a_first_level_one(tmp_path):
    """四川-style: 产出指标 (40) holds its 三级指标 directly, with no second level."""
    from xlperf.infra.office import convert

    ev = load_example()
    out = ev.indicators[2]
    leaves = [leaf for group in out.children for leaf in group.children]
    for leaf in leaves:
        leaf.level = 3
    out.children = leaves  # 8 leaves of 5 points, all full marks in the example
    path = write_workbook(tmp_path / "flat.xlsx", ev)
    ws = openpyxl.load_workbook(path)[L.S_IND]
    r = _row(ws, "基层党组织建设任务完成率")
    assert ws.cell(r, 3).value == "基层党组织建设任务完成率" and ws.cell(r - 1, 1).value == "产出指标"
    back, prof, result, problems = load_checked(path)
    assert errors(problems) == [], problems
    assert [c.name for c in back.indicators[2].children] == [x.name for x in leaves]
    # 3 + 18 + 40 + 30 = 91, as the example: 产出指标 = 8 × 5
    assert result.indicators[2].score == 40 and result.total == 91
    lo = convert(path, "xlsx", tmp_path / "lo")  # the sheet's own block sums agree
    _, _, result, problems = load_checked(lo)
    assert errors(problems) == [] and result.total == 91


def test_a_lower_level_row_above_any_first_level_is_an_error_at_its_name(tmp_path):
    path = tmp_path / "t.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb[L.S_IND]
    r = L.IND_HEADER_ROW + 1
    ws.insert_rows(r)
    ws.cell(r, 3, "孤立指标")
    ws.cell(r, L.IND_COL["weight"], 1)
    wb.save(path)
    _, _, _, problems = load_checked(path)
    assert any(p.where == f"{L.S_IND}!C{r}" and "上方缺少一级指标" in p.message for p in errors(problems))


SPLIT = """\
name = "执行率分项测试"
total = 100
[[grades]]
lower = 90
label = "优"
[[grades]]
lower = 0
label = "差"
[[indicators]]
name = "预算执行率"
weight = 10
role = "budget"
  [[indicators.children]]
  name = "基本支出执行率"
  weight = 5
  method = "正向"
  unit = "%"
  ref = "执行率_基本支出"
  [[indicators.children]]
  name = "项目支出执行率"
  weight = 5
  method = "正向"
  unit = "%"
  ref = "执行率_项目支出"
[[indicators]]
name = "产出指标"
weight = 90
method = "人工"
"""


def test_budget_execution_split_into_parts_each_with_its_own_amounts(tmp_path):
    rules = tmp_path / "split.toml"
    rules.write_text(SPLIT, encoding="utf-8")
    path = write_workbook(tmp_path / "split.xlsx", None, load_profile(str(rules)))
    wb = openpyxl.load_workbook(path)

    set_named(wb, {"单位名称": "某局", "年度": 2024, "年初预算数": 1000, "调整预算数": 1000, "执行数": 870, "基本支出": 600, "项目支出": 400,
                   "基本支出执行数": 570, "项目支出执行数": 300})
    ws = wb[L.S_IND]
    ws.cell(_row(ws, "产出指标"), L.IND_COL["manual_score"], 80)
    wb.save(path)
    _, _, result, problems = load_checked(path)
    assert errors(problems) == [], problems
    by = {r.name: r for r in result.walk()}
    # 基本支出 570 / 600 = 0.95 → 5 × 0.95 = 4.75; 项目支出 300 / 400 = 0.75 → 3.75; together 8.5 of 10
    assert by["基本支出执行率"].score == D("4.75") and by["项目支出执行率"].score == D("3.75")
    assert by["预算执行率"].score == D("8.5") and result.total == D("88.5")
    from xlperf.infra.office import convert

    lo = convert(path, "xlsx", tmp_path / "lo")
    _, _, result, problems = load_checked(lo)  # the sheet computes the parts the same way
    assert errors(problems) == [] and result.total == D("88.5")


def test_a_reference_to_an_unknown_figure_is_refused_by_the_profile_check(tmp_path, capsys):
    rules = tmp_path / "bad.toml"
    rules.write_text(SPLIT.replace('ref = "执行率_项目支出"', 'ref = "项目执行率"'), encoding="utf-8")
    assert cli.main(["profiles", "--check", str(rules)]) == 1
    assert "ref“项目执行率”不是可引用的计算结果" in capsys.readouterr().out


COLUMNS = """\
name = "系数与核心指标测试"
total = 100
columns = ["得分系数", "核心指标"]
[[grades]]
lower = 90
label = "优"
[[grades]]
lower = 0
label = "差"
[[indicators]]
name = "履职效能"
weight = 60
  [[indicators.children]]
  name = "重点任务完成率"
  weight = 40
  method = "正向"
  unit = "%"
  core = true
  [[indicators.children]]
  name = "日常工作"
  weight = 20
[[indicators]]
name = "社会效益"
weight = 40
"""


def test_coefficient_and_core_columns_when_a_profile_turns_them_on(tmp_path, capsys):
    from xlperf.infra.office import convert

    rules = tmp_path / "cols.toml"
    rules.write_text(COLUMNS, encoding="utf-8")
    path = write_workbook(tmp_path / "cols.xlsx", None, load_profile(str(rules)))
    wb = openpyxl.load_workbook(path)
    ws = wb[L.S_IND]
    heads = [c.value for c in ws[L.IND_HEADER_ROW]]
    # after the standard columns, only for this profile; then only the hidden helper columns (issue 20)
    helpers = [c.header for c in L.HELPER_COLUMNS]
    assert heads[-len(helpers) - 2:] == ["得分系数", "核心指标", *helpers]
    coef, core = heads.index("得分系数") + 1, heads.index("核心指标") + 1
    assert ws.cell(_row(ws, "重点任务完成率"), core).value == "是"  # the profile's flag, prefilled

    set_named(wb, {"单位名称": "某局", "年度": 2024, "年初预算数": 100, "调整预算数": 100, "执行数": 95})
    r = _row(ws, "重点任务完成率")
    ws.cell(r, L.IND_COL["target"], 1)
    ws.cell(r, L.IND_COL["actual"], 0.5)  # the rule alone would give 40 × 0.5 = 20
    ws.cell(r, coef, 0.85)  # the 系数 decides: 40 × 0.85 = 34
    ws.cell(_row(ws, "日常工作"), coef, 1)  # 人工 row scored by its 系数: 20 × 1 = 20
    ws.cell(_row(ws, "社会效益"), L.IND_COL["manual_score"], 36)
    wb.save(path)
    _, _, result, problems = load_checked(path)
    assert errors(problems) == [], problems
    by = {x.name: x for x in result.walk()}
    assert by["重点任务完成率"].score == 34 and by["日常工作"].score == 20 and result.total == 90  # 34 + 20 + 36
    lo = convert(path, "xlsx", tmp_path / "lo")  # LibreOffice's native 建议得分 uses the 系数 too
    _, _, result, problems = load_checked(lo)
    assert errors(problems) == [] and result.total == 90 and result.grade == "优"
    ctx, _ = build_context(result)
    assert "核心指标：“重点任务完成率”34分（分值40分）。" in ctx.conclusion
    src = tmp_path / "in"
    src.mkdir()
    (src / "cols.xlsx").write_bytes(lo.read_bytes())
    # exit 1: 34 of 40 without a 偏差原因 is a warning ("有警告"), the report is still written
    assert cli.main(["batch", str(src), "-o", str(tmp_path / "out"), "--format", "md"]) == 1
    sheet = openpyxl.load_workbook(tmp_path / "out" / "汇总表.xlsx")["汇总"]
    heads = [c.value for c in sheet[2]]
    assert sheet.cell(3, heads.index("核心指标得分") + 1).value == "重点任务完成率 34/40"


def test_a_coefficient_outside_zero_to_one_is_an_error_at_its_cell(tmp_path):
    rules = tmp_path / "cols.toml"
    rules.write_text(COLUMNS, encoding="utf-8")
    path = write_workbook(tmp_path / "cols.xlsx", None, load_profile(str(rules)))
    wb = openpyxl.load_workbook(path)
    ws = wb[L.S_IND]
    heads = [c.value for c in ws[L.IND_HEADER_ROW]]
    r = _row(ws, "日常工作")
    ws.cell(r, heads.index("得分系数") + 1, 85)  # 85 meant as 85 %
    wb.save(path)
    _, _, _, problems = load_checked(path)
    col = openpyxl.utils.get_column_letter(heads.index("得分系数") + 1)
    assert any(p.where == f"{L.S_IND}!{col}{r}" and "应在0-1之间" in p.message for p in errors(problems))
