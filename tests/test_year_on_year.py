"""Issue 14 §2 — 上年情况 (year-on-year): the form's fields and column, what is read back, the checks,
and the report's sentences.  Expected numbers are worked out by hand from the example (总分 91, 优)."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from xlperf.app.load import check_loaded, load_example
from xlperf.domain.model import Previous
from xlperf.domain.profiles import DEFAULT_PROFILE, load_profile, profile_from_text
from xlperf.workbook import layout as L
from xlperf.workbook import read_workbook
from xlperf.workbook.build import build_workbook, write_workbook

PROFILE_FILE = Path(__file__).resolve().parents[1] / "xlperf" / "domain" / "profiles" / "dept-henan-2021.toml"


def _name_cell(wb, name: str):
    """(worksheet, coordinate) of a single-cell defined name."""
    dests = list(wb.defined_names[name].destinations)
    assert len(dests) == 1
    sheet, coord = dests[0]
    return wb[sheet], coord.replace("$", "")


def _example_with_previous():
    ev = load_example()
    ev.previous = Previous(year=2020, total=D("88.5"), grade="良", exec_rate=D("0.85"), projects_total=25)
    return ev


# ---------------------------------------------------------------- the form


def test_blank_form_has_the_previous_year_group_on_the_budget_sheet():
    wb = build_workbook(None, load_profile(DEFAULT_PROFILE))
    ws = wb[L.S_BUDGET]
    titles = [c.value for c in ws["A"]]
    assert "上年情况（同比用，可空）" in titles
    labels = {"上年年度": "上年年度", "上年总分": "上年总分", "上年等级": "上年等级", "上年执行率": "上年预算执行率",
              "上年项目数": "上年项目数"}
    for name, label in labels.items():
        sheet, coord = _name_cell(wb, name)
        assert sheet.title == L.S_BUDGET
        row = sheet[coord].row
        assert sheet.cell(row, 1).value == label and sheet[coord].value is None  # blank = unknown
        assert sheet[coord].protection.locked is False  # a clerk fills it
    sheet, coord = _name_cell(wb, "上年年度")
    assert sheet.cell(sheet[coord].row, 3).value == "可空，默认本年度减1"
    sheet, coord = _name_cell(wb, "上年执行率")
    assert "%" in sheet[coord].number_format


def test_previous_grade_drop_down_lists_the_forms_own_grade_names(tmp_path):
    custom = PROFILE_FILE.read_text(encoding="utf-8").replace('name = "部门整体-河南2021"', 'name = "同比等级测试"')
    for old, new in (('"优"', '"优秀"'), ('"良"', '"良好"'), ('"中"', '"合格"'), ('"差"', '"不合格"')):
        custom = custom.replace(f"label = {old}", f"label = {new}")
    for profile, expected in ((load_profile(DEFAULT_PROFILE), '"优,良,中,差"'),
                              (profile_from_text(custom, "custom.toml"), '"优秀,良好,合格,不合格"')):
        wb = build_workbook(None, profile)
        sheet, coord = _name_cell(wb, "上年等级")
        found = [dv for dv in sheet.data_validations.dataValidation if coord in str(dv.sqref)]
        assert [dv.formula1 for dv in found] == [expected]
        assert found[0].type == "list" and found[0].allow_blank


def test_prev_score_column_comes_after_the_grey_columns_and_moves_no_letter():
    wb = build_workbook(None, load_profile(DEFAULT_PROFILE))
    ws = wb[L.S_IND]
    heads = {get_column_letter(c.column): c.value for c in ws[L.IND_HEADER_ROW] if c.value}
    # the letters every earlier form, formula and macro uses
    assert heads["A"] == "一级指标" and heads["D"] == "分值" and heads["H"] == "实际完成值"
    assert heads["L"] == "建议得分" and heads["M"] == "得分" and heads["P"] == "计入得分" and heads["Q"] == "适用分值"
    assert heads["V"] == "完成值（计算用）" and heads["W"] == "上年得分"
    # then only the hidden helper columns of the native 建议得分 (issue 20: formulas split to fit)
    helpers = [get_column_letter(24 + i) for i in range(len(L.HELPER_COLUMNS))]
    assert len(heads) == 23 + len(helpers)
    assert [heads[c] for c in helpers] == [c.header for c in L.HELPER_COLUMNS]
    assert all(ws.column_dimensions[c].hidden for c in helpers)
    first = L.IND_HEADER_ROW + 1
    assert ws[f"W{first}"].protection.locked is False and ws[f"W{first}"].value is None


def test_optional_columns_follow_prev_score(tmp_path):
    custom = PROFILE_FILE.read_text(encoding="utf-8").replace('name = "部门整体-河南2021"',
                                                              'name = "同比列测试"\ncolumns = ["得分系数", "核心指标"]')
    wb = build_workbook(None, profile_from_text(custom, "custom.toml"))
    heads = {get_column_letter(c.column): c.value for c in wb[L.S_IND][L.IND_HEADER_ROW] if c.value}
    assert (heads["W"], heads["X"], heads["Y"]) == ("上年得分", "得分系数", "核心指标")


# ---------------------------------------------------------------- reading back


def test_previous_values_and_prev_scores_round_trip_and_do_not_change_the_score(tmp_path):
    ev = _example_with_previous()
    leaf = next(ev.leaves())
    leaf.prev_score = D("8.5")
    path = write_workbook(tmp_path / "prev.xlsx", ev)
    back, problems = read_workbook(path)
    assert back is not None, problems
    assert back.previous.model_dump() == {"year": 2020, "total": D("88.5"), "grade": "良", "exec_rate": D("0.85"),
                                          "projects_total": 25}
    assert next(back.leaves()).prev_score == D("8.5")
    assert all(n.prev_score is None for n in list(back.leaves())[1:])
    profile, result, found = check_loaded(back, problems)
    assert result.total == D("91") and result.grade == "优"  # 上年得分 is never scored
    assert not [p for p in found if p.severity == "error"], found
    wb = openpyxl.load_workbook(path)
    sheet, coord = _name_cell(wb, "上年执行率")
    assert back.previous.where("exec_rate") == f"{L.S_BUDGET}!{coord}"


def test_blank_previous_values_are_unknown(tmp_path):
    path = write_workbook(tmp_path / "blank.xlsx", load_example())
    ev, problems = read_workbook(path)
    assert ev.previous.model_dump() == Previous().model_dump()
    assert all(n.prev_score is None for n in ev.walk())


def _edit(path: Path, **cells) -> Path:
    wb = openpyxl.load_workbook(path)
    for name, value in cells.items():
        sheet, coord = _name_cell(wb, name)
        sheet[coord] = value
    wb.save(path)
    return path


def test_clerk_text_in_previous_cells_is_read(tmp_path):
    # no formula reads these cells, so "2020年" and "88.5分" are numbers, not errors
    path = _edit(write_workbook(tmp_path / "t.xlsx", load_example()), 上年年度="2020年", 上年总分="88.5分",
                 上年项目数="25个")
    ev, problems = read_workbook(path)
    assert not [p for p in problems if p.severity == "error"], problems
    assert (ev.previous.year, ev.previous.total, ev.previous.projects_total) == (2020, D("88.5"), 25)


def _errors(path: Path):
    ev, problems = read_workbook(path)
    if ev is not None:
        _, _, problems = check_loaded(ev, problems)
    return [str(p) for p in problems]


def test_wrong_previous_values_are_named_at_their_cells(tmp_path):
    base = write_workbook(tmp_path / "w.xlsx", load_example())
    wb = openpyxl.load_workbook(base)
    coords = {n: _name_cell(wb, n)[1] for n in ("上年年度", "上年总分", "上年等级", "上年项目数")}
    cases = [
        ({"上年年度": 2021}, f"预算资金!{coords['上年年度']}（上年年度）：应早于本年度2021，现为2021"),
        ({"上年总分": 101}, f"预算资金!{coords['上年总分']}（上年总分）：应在0-100之间，现为101"),
        ({"上年总分": -1}, f"预算资金!{coords['上年总分']}（上年总分）：不能为负数"),
        ({"上年项目数": 2.5}, f"预算资金!{coords['上年项目数']}（上年项目数）：应为非负整数，现为“2.5”"),
        ({"上年等级": "良好"}, f"预算资金!{coords['上年等级']}（上年等级）：“良好”不是评分规则中的等级（优、良、中、差）"),
    ]
    for i, (cells, expected) in enumerate(cases):
        path = tmp_path / f"case{i}.xlsx"
        path.write_bytes(base.read_bytes())
        found = _errors(_edit(path, **cells))
        assert any(m.startswith(expected) for m in found), (cells, found)


def test_negative_prev_score_is_an_error_at_its_cell(tmp_path):
    path = write_workbook(tmp_path / "n.xlsx", load_example())
    wb = openpyxl.load_workbook(path)
    ws = wb[L.S_IND]
    r = next(c.row for c in ws["C"] if c.row > L.IND_HEADER_ROW and c.value)  # the first 三级指标
    ws[f"W{r}"] = -2
    wb.save(path)
    assert f"指标评分!W{r}（上年得分）：不能为负数，现为-2" in _errors(path)


# ---------------------------------------------------------------- the report's sentences


def _ctx(ev):
    from xlperf.domain.evaluate import evaluate
    from xlperf.report.context import build_context

    return build_context(evaluate(ev, load_profile(ev.profile or None)))[0]


def _paragraphs(ctx) -> list[str]:
    return [p for b in ctx.analysis for p in b.paragraphs]


def _with(**previous):
    ev = load_example()  # 总分 91 优; 执行率 1770.59 ÷ 7319.56 = 24.19 %; 项目 29 个
    ev.previous = Previous(**previous)
    return ev


@pytest.mark.parametrize("prev, expected", [
    (D("88.5"), "较上年（88.5分）提高2.5分"),  # 91 − 88.5
    (D("93"), "较上年（93分）降低2分"),
    (D("90.25"), "较上年（90.25分）提高0.75分"),
    (D("91"), "与上年持平"),
])
def test_score_change(prev, expected):
    assert _ctx(_with(total=prev)).placeholders["总分同比"] == expected


@pytest.mark.parametrize("prev, expected", [
    ("良", "等级由“良”提升为“优”"),
    ("优", "与上年同为“优”"),
    ("良好", "等级由“良好”变为“优”"),  # not a grade of this form's rules: no higher/lower
])
def test_grade_change(prev, expected):
    assert _ctx(_with(grade=prev)).placeholders["等级同比"] == expected


def test_grade_going_down_follows_the_grade_table():
    ev = _with(grade="优", total=D("91"))
    leaf = next(n for n in ev.leaves() if n.name == "基层党组织建设任务完成率")
    leaf.manual_score = D("2")  # 5 of 5 → 2: 91 − 3 = 88, 良
    ctx = _ctx(ev)
    assert (ctx.total, ctx.grade) == ("88", "良")
    assert ctx.placeholders["等级同比"] == "等级由“优”下降为“良”"


@pytest.mark.parametrize("prev, expected", [
    # the rules print whole percents: 执行率 24.19 % is printed 24 %, and the change is taken between the
    # printed figures (issue 21: printed − printed = the printed difference)
    (D("0.85"), "较上年（85%）降低61个百分点"),  # 85 − 24
    (D("0.2"), "较上年（20%）提高4个百分点"),  # 24 − 20
    (D("0.2351"), "与上年持平"),  # 23.51 → 24: both print 24 %
    (D("0.2449"), "与上年持平"),  # 24.49 → 24
    (D("0.2450"), "较上年（25%）降低1个百分点"),  # 24.5 → 25 (half up): 24 − 25
    (D("0"), "上年为0%"),  # a 0 base is stated, not compared with
])
def test_exec_rate_change_in_percentage_points(prev, expected):
    assert _ctx(_with(exec_rate=prev)).placeholders["执行率同比"] == expected


@pytest.mark.parametrize("prev, expected", [
    (25, "较上年（25个）增加4个"), (30, "较上年（30个）减少1个"), (29, "与上年持平"),
    (0, "上年为0个"),  # a 0 base is stated, not compared with (issue 24)
])
def test_projects_change(prev, expected):
    assert _ctx(_with(projects_total=prev)).placeholders["项目数同比"] == expected


def test_a_previous_year_other_than_the_year_before_is_named():
    ctx = _ctx(_with(year=2019, total=D("88.5"), grade="优", projects_total=29))
    assert ctx.placeholders["总分同比"] == "较2019年（88.5分）提高2.5分"
    assert ctx.placeholders["等级同比"] == "与2019年同为“优”"
    assert ctx.placeholders["项目数同比"] == "与2019年持平"
    assert _ctx(_with(year=2020, total=D("88.5"))).placeholders["总分同比"] == "较上年（88.5分）提高2.5分"


def test_changes_are_stated_where_readers_expect_them():
    ctx = _ctx(_with(total=D("88.5"), grade="良", exec_rate=D("0.85"), projects_total=25))
    # 三: right after the grade sentence
    assert ctx.conclusion.endswith("我单位整体绩效评价等级为“优”。总分较上年（88.5分）提高2.5分，等级由“良”提升为“优”。")
    # 四（一）: at the end of the budget execution sentence
    assert ctx.funds[0].endswith("预算执行率24%，较上年（85%）降低61个百分点。")
    # with the project count of the 绩效管理情况 sentence (the example's text places it with {绩效管理情况})
    assert any("2021年我单位共有项目29个，较上年（25个）增加4个，开展绩效监控项目29个" in p for p in _paragraphs(ctx))


def test_only_total_or_only_grade():
    assert _ctx(_with(total=D("93"))).conclusion.endswith("评价等级为“优”。总分较上年（93分）降低2分。")
    assert _ctx(_with(grade="优")).conclusion.endswith("评价等级为“优”。等级与上年同为“优”。")


def test_a_placeholder_the_clerk_uses_is_not_stated_again():
    ev = _with(total=D("88.5"), grade="良", exec_rate=D("0.85"), projects_total=25)
    ev.narrative.process = ["本年总分{总分同比}，执行率{执行率同比}，项目数{项目数同比}。"]
    ctx = _ctx(ev)
    assert ctx.process == ["本年总分较上年（88.5分）提高2.5分，执行率较上年（85%）降低61个百分点，项目数较上年（25个）增加4个。"]
    assert ctx.conclusion.endswith("评价等级为“优”。等级由“良”提升为“优”。")  # 等级 not placed: still stated
    assert ctx.funds[0].endswith("预算执行率24%。")
    text = "\n".join(_paragraphs(ctx))
    assert "共有项目29个，开展绩效监控项目29个" in text and "较上年（25个）" not in text
    ev.narrative.process = ["{等级同比}。"]
    ctx = _ctx(ev)
    assert ctx.process == ["等级由“良”提升为“优”。"]
    assert ctx.conclusion.endswith("评价等级为“优”。总分较上年（88.5分）提高2.5分。")


def test_three_public_year_on_year_placeholder_places_the_change():
    ev = load_example()
    ev.budget.three_public_actual, ev.budget.three_public_prev = D("4.2"), D("5")
    ctx = _ctx(ev)
    # (4.2 − 5) ÷ 5 = −16 %
    assert ctx.placeholders["三公经费同比"] == "2021年“三公”经费支出4.20万元，与去年同期5.00万元比减少0.80万元，下降16%"
    assert any("与去年同期5.00万元比减少0.80万元" in s for s in ctx.funds)
    ev.narrative.other = ["{三公经费同比}。"]
    ctx = _ctx(ev)
    assert ctx.other == ["2021年“三公”经费支出4.20万元，与去年同期5.00万元比减少0.80万元，下降16%。"]
    assert not any("去年同期" in s for s in ctx.funds)  # stated once


def test_without_previous_values_nothing_is_compared():
    ctx = _ctx(load_example())
    for name in ("总分同比", "等级同比", "执行率同比", "项目数同比", "三公经费同比"):
        assert name not in ctx.placeholders
    text = "\n".join([ctx.conclusion, *ctx.funds, *_paragraphs(ctx)])
    assert "上年" not in text and "同为" not in text


def test_placeholder_without_previous_data_is_an_error_at_its_cell():
    from xlperf.domain.evaluate import evaluate
    from xlperf.report.context import review_text

    ev = load_example()
    ev.narrative.process = ["总分{总分同比}。"]
    ev.narrative.sources["process[1]"] = "文字材料!C4"
    found = [(str(p), p.severity) for p in review_text(evaluate(ev, load_profile(None)))]
    # issue 21 §5: the report never prints a raw placeholder, so it is an error naming the field to fill
    assert ("文字材料!C4（文字材料）：占位符“{总分同比}”缺少数据，报告不能照印：请填写预算资金表的“上年总分”，"
            "或删去这个占位符", "错误") in found


def test_report_from_a_form_with_previous_values(tmp_path):
    from xlperf import cli

    ev = _example_with_previous()
    path = write_workbook(tmp_path / "form.xlsx", ev)
    out = tmp_path / "report.md"
    assert cli.main(["report", str(path), "-o", str(out)]) in (0, 1)
    md = out.read_text(encoding="utf-8")
    assert "总分较上年（88.5分）提高2.5分，等级由“良”提升为“优”。" in md
    assert "较上年（85%）降低61个百分点" in md and "较上年（25个）增加4个" in md
