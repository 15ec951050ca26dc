"""Reading filled forms: round trips, the seed figures, and everything a clerk's file can throw at us."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlperf import cli
from xlperf.domain.evaluate import FACT_LABELS
from xlperf.app.load import LoadError, load_evaluation, load_example
from xlperf.domain.model import Budget, Evaluation, Indicator, Narrative, Options, Projects, Satisfaction
from xlperf.domain.profiles import DEFAULT_PROFILE, available, load_profile
from xlperf.domain.scoring import METHODS
from xlperf.workbook import layout as L
from xlperf.workbook import read as read_mod
from xlperf.workbook import read_workbook
from xlperf.workbook.build import write_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "workbooks" / "example-2021.xlsx"
#: the example's one warning: the reference report's leftover instruction in 五, which it keeps to regenerate that
#: report — listed with the problems of any edit below
LEFTOVER_WARNING = next(f"文字材料!{c.coordinate}（文字材料）：本段像是填写说明，请改写为本单位情况或删除"
                        for row in openpyxl.load_workbook(EXAMPLE)["文字材料"].iter_rows() for c in row
                        if c.value == "包括绩效目标未完成原因和下一步改进措施，执行中存在的问题、原因和改进措施。")


@pytest.fixture()
def example(tmp_path) -> Path:
    dst = tmp_path / "example.xlsx"
    shutil.copyfile(EXAMPLE, dst)
    return dst


def row_of(ws, name: str) -> int:
    for r in ws.iter_rows(min_row=L.IND_HEADER_ROW + 1):
        if any(c.value == name for c in r[:3]):
            return r[0].row
    raise KeyError(name)


def edit(path: Path, fn) -> Path:
    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)
    return path


def messages(problems) -> list[str]:
    return [str(p) for p in problems]


# ---------------------------------------------------------------- round trips and the seed


def test_example_workbook_holds_all_the_example_data():
    ev, problems = read_workbook(EXAMPLE)
    assert problems == []
    assert ev.model_dump() == load_example().model_dump()
    assert ev.profile == "部门整体-河南2021"


def test_sources_name_sheet_and_cell():
    ev, _ = read_workbook(EXAMPLE)
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb[L.S_IND]
    leaf = ev.indicators[1].children[1].children[0]  # 预算编制细化率
    r = row_of(ws, leaf.name)
    assert leaf.where("actual") == f"指标评分!H{r}"
    assert ev.budget.where("initial") == "预算资金!B4"
    assert ev.unit and ev.sources["unit"] == "基本情况!B3"


def test_score_json_reproduces_the_seed_figures(capsys):
    assert cli.main(["score", str(EXAMPLE), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 91 and data["grade"] == "优"
    assert [(x["name"], x["weight"], x["score"], round(x["rate"] * 100)) for x in data["levels"]] == [
        ("预算执行", 10, 3, 30), ("投入管理", 20, 18, 90), ("产出指标", 40, 40, 100), ("效益指标", 30, 30, 100)]
    assert round(data["execution_rate"] * 100) == 24
    assert data["problems"] == 0
    ev, _ = read_workbook(EXAMPLE)
    assert (ev.budget.initial, ev.budget.adjusted, ev.budget.executed) == (D("7319.56"), D("1770.59"), D("1770.59"))
    assert (ev.projects.total, ev.projects.monitored, ev.projects.self_evaluated) == (29, 29, 29)
    assert ev.projects.dept_evaluations == ev.projects.dept_evaluations_done == 1
    assert ev.satisfaction.target == ev.satisfaction.achieved == D("0.9")
    assert sum(1 for i in ev.walk() if i.level == 3) >= 20


def test_check_example_is_clean_and_blank_form_lists_what_to_fill(capsys):
    assert cli.main(["check", str(EXAMPLE)]) == 0
    out = capsys.readouterr().out  # clean but for its one warning, the leftover instruction in 五
    assert "共 0 个错误、1 个警告。" in out and LEFTOVER_WARNING.split("（")[0] in out and "本段像是填写说明" in out
    assert cli.main(["check", str(ROOT / "workbooks" / "xlperf-form.xlsx")]) == 1
    out = capsys.readouterr().out
    assert "基本情况!B4" in out and "年度" in out and "预算资金!B4" in out


_CHARS = "组织部党建干部人才预算执行绩效目标任务完成情况年度工作ABCxyz0123456789，。、：；（）“”%≥≤=- "
text = st.text(alphabet=_CHARS, min_size=1, max_size=25).map(str.strip).filter(bool)
opt_text = st.one_of(st.just(""), text)
money = st.decimals(min_value=0, max_value=99999, places=2)
frac = st.decimals(min_value=0, max_value=D("1.5"), places=3)
names = text.filter(lambda s: s not in ("合计", "总计", "总分"))


@st.composite
def leaf(draw, level: int) -> Indicator:
    method = draw(st.sampled_from(METHODS))
    unit = draw(st.sampled_from(["%", "", "个"]))
    kw = {}
    if method == "定性":
        kw["actual"] = draw(st.sampled_from(["达成", "部分达成", "未达成", None]))
    elif method == "人工":
        kw["actual"] = draw(st.one_of(st.none(), st.sampled_from(["已完成", "较好"]), frac))
    elif draw(st.booleans()):
        kw["actual_ref"] = draw(st.sampled_from(sorted(FACT_LABELS)))
    else:
        kw["actual"] = draw(st.one_of(st.none(), frac))
    return Indicator(
        name=draw(names), level=level, weight=draw(st.decimals(min_value=D("0.5"), max_value=50, places=1)),
        method=method, unit=unit, direction=draw(st.sampled_from(("", *L.DIRECTIONS))),
        target=draw(st.one_of(st.none(), frac)), target_text=draw(opt_text), param=draw(opt_text),
        manual_score=draw(st.one_of(st.none(), st.decimals(min_value=0, max_value=20, places=2))),
        deviation_reason=draw(opt_text), improvement=draw(opt_text), not_applicable=draw(st.booleans()), **kw)


@st.composite
def node(draw, level: int) -> Indicator:
    if level == 3 or draw(st.booleans()):
        return draw(leaf(level))
    kids = draw(st.lists(node(level + 1), min_size=1, max_size=3))
    return Indicator(name=draw(names), level=level, weight=draw(money), children=kids)


@st.composite
def evaluations(draw) -> Evaluation:
    inds = draw(st.lists(node(1), min_size=1, max_size=3))
    all_names = sorted({n.name for i in inds for n in i.walk()})
    lists = st.lists(text, max_size=3)
    return Evaluation(
        unit=draw(text), year=draw(st.integers(2000, 2100)),
        profile=draw(st.sampled_from(["", *available()])), indicators=inds,
        budget=Budget(initial=draw(money), adjusted=draw(money), executed=draw(money), carried_in=draw(money),
                      carryover=draw(money), basic=draw(st.one_of(st.none(), money)),
                      three_public_budget=draw(st.one_of(st.none(), money)), detail_rate_text=draw(opt_text),
                      adjust_reason=draw(opt_text)),
        projects=Projects(total=draw(st.integers(0, 500)), monitored=draw(st.integers(0, 500)),
                          dept_evaluations_done=draw(st.integers(0, 3))),
        satisfaction=Satisfaction(target=draw(st.one_of(st.none(), frac)), achieved=draw(st.one_of(st.none(), frac)),
                                  target_text=draw(opt_text)),
        narrative=Narrative(
            duty_goals=draw(lists), main_tasks=draw(lists), overall_goal=draw(opt_text), process=draw(lists),
            funds_compliance=draw(lists), section5=draw(lists), problems=draw(lists), measures=draw(lists),
            experience=draw(lists), suggestions=draw(lists), application=draw(lists), other=draw(lists),
            satisfaction_note=draw(opt_text),
            analysis=draw(st.dictionaries(st.sampled_from(all_names), text, max_size=3))),
        options=Options(problems_section=draw(st.sampled_from(L.PROBLEM_SECTIONS)), notice_title=draw(opt_text)),
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(ev=evaluations())
def test_round_trip_evaluation_workbook_evaluation(tmp_path, ev):
    path = tmp_path / "rt.xlsx"
    write_workbook(path, ev)
    back, problems = read_workbook(path)
    assert [p for p in problems if p.severity == "错误"] == []
    assert back is not None
    # the form names its profile (the default when the evaluation names none) and carries it whole
    assert back.model_dump() == {**ev.model_dump(), "profile": ev.profile or DEFAULT_PROFILE}
    assert back.rules == load_profile(ev.profile or None).text


# ---------------------------------------------------------------- robustness


def test_inserted_blank_and_deleted_rows(example):
    def change(wb):
        ws = wb[L.S_IND]
        r = row_of(ws, "绩效目标明确性")
        ws.insert_rows(r + 1, 3)  # a blank row, a new indicator, another blank row
        ws.cell(row=r + 2, column=L.IND_COL["level3"], value="新增指标")
        ws.cell(row=r + 2, column=L.IND_COL["weight"], value=1)
        ws.cell(row=r + 2, column=L.IND_COL["method"], value="正向")
        ws.cell(row=r + 2, column=L.IND_COL["target"], value=1)
        ws.cell(row=r + 2, column=L.IND_COL["actual"], value="约95")
        ws.delete_rows(row_of(ws, "银行账户管理规范性"))

    edit(example, change)
    ev, problems = read_workbook(example)
    ws = openpyxl.load_workbook(example)[L.S_IND]
    r = row_of(ws, "新增指标")
    hint = "请复制上一行整行粘贴到本行，再改写黄色单元格（灰色单元格是公式）"
    assert messages(problems) == [
        f"指标评分!H{r}（实际完成值）：应为数字，现为“约95”",
        f"指标评分!L{r}（建议得分）：本行没有建议得分公式（插入的行未复制公式），表格算不出“新增指标”的得分：{hint}，"
        "或在“得分”中直接填写得分"]
    target = ev.indicators[1].children[0]
    assert [c.name for c in target.children] == ["工作目标合理性", "绩效目标明确性", "新增指标"]
    assert "银行账户管理规范性" not in [i.name for i in ev.walk()]
    assert target.children[2].where("actual") == f"指标评分!H{r}"
    # later rows moved down: their sources follow
    sat = ev.indicators[3].children[1].children[0]
    assert sat.where("actual") == f"指标评分!H{row_of(ws, sat.name)}"


@pytest.mark.parametrize("typed, expected, error", [
    # the row's 计量单位 is %: what the form's 完成值（计算用） reads the same way is a number, silently
    ("95%", D("0.95"), None), (" 0.9 ", D("0.9"), None), (95, D(95), None),
    # another unit, and digits VALUE() cannot read (full-width): an error at the cell, no number
    ("95分", None, "单位“分”与计量单位“%”不一致"), ("９５", None, "表格公式无法计算文字“９５”"),
])
def test_text_numbers(example, typed, expected, error):
    def change(wb):
        ws = wb[L.S_IND]
        ws.cell(row=row_of(ws, "预算编制细化率"), column=L.IND_COL["actual"], value=typed)
    edit(example, change)
    ev, problems = read_workbook(example)
    r = row_of(openpyxl.load_workbook(example)[L.S_IND], "预算编制细化率")
    here = [p for p in problems if p.where == f"指标评分!H{r}"]
    if error is None:
        assert ev.indicators[1].children[1].children[0].actual == expected
        if typed == 95:  # a % indicator given 95 instead of 95%
            assert [p.severity for p in here] == ["警告"] and "95%" in here[0].message
        else:
            assert here == []
    else:
        assert ev is None or ev.indicators[1].children[1].children[0].actual is None
        assert [p.severity for p in here][:1] == ["错误"] and error in here[0].message


@pytest.mark.parametrize("value, message", [
    (dt.datetime(2021, 5, 1), "应为数字，现为日期“2021-05-01”"),
    ("#N/A", "单元格为错误值“#N/A”，请改为有效的值"),
    ("#DIV/0!", "单元格为错误值“#DIV/0!”，请改为有效的值"),
])
def test_dates_and_error_values(example, value, message):
    def change(wb):
        ws = wb[L.S_BUDGET]
        ws["B4"] = value  # 年初预算数
    edit(example, change)
    ev, problems = read_workbook(example)
    assert ev is None  # a required amount is unusable
    assert messages(problems) == [f"预算资金!B4（年初预算数）：{message}", LEFTOVER_WARNING]


def test_error_value_written_as_error_cell(example):
    def change(wb):
        ws = wb[L.S_IND]
        c = ws.cell(row=row_of(ws, "预算编制细化率"), column=L.IND_COL["target"])
        c.value, c.data_type = "#N/A", "e"
    edit(example, change)
    ev, problems = read_workbook(example)
    assert len(problems) == 1 and "错误值“#N/A”" in problems[0].message and problems[0].label == "年度指标值"


def test_merged_cells(example):
    def change(wb):
        ws = wb[L.S_IND]
        top = row_of(ws, "投入管理")
        end = row_of(ws, "产出指标") - 1
        ws.merge_cells(start_row=top, end_row=end, start_column=1, end_column=1)
        r = row_of(ws, "工作目标合理性")
        ws.merge_cells(start_row=r, end_row=r + 1, start_column=L.IND_COL["deviation_reason"],
                       end_column=L.IND_COL["deviation_reason"])
    edit(example, change)
    ev, problems = read_workbook(example)
    assert problems == []
    assert ev.model_dump() == load_example().model_dump()


def test_formula_in_input_cell_without_cached_value(example):
    def change(wb):
        ws = wb[L.S_BUDGET]
        ws["B6"] = "=B5*1"  # 执行数 as a formula; openpyxl saves no result
    edit(example, change)
    _, problems = read_workbook(example)
    assert messages(problems) == ["预算资金!B6（预算执行金额（执行数））：单元格为公式“=B5*1”，文件中没有计算结果，请改为直接填写数值",
                                  LEFTOVER_WARNING]


def test_formula_in_input_cell_uses_the_cached_value(example, tmp_path):
    from xlperf.infra.office import convert

    edit(example, lambda wb: wb[L.S_BUDGET].__setitem__("B6", "=B5*1"))
    saved = convert(example, "xlsx", tmp_path / "lo")  # LibreOffice computes and saves the value
    ev, problems = read_workbook(saved)
    assert [p for p in problems if p.severity == "错误"] == []
    assert ev.budget.executed == D("1770.59")
    assert ev.indicators[0].actual_ref == "执行率"  # =执行率 is still recognised after another program saved it


def test_renamed_sheet_is_found_by_labels_and_headers(example):
    def change(wb):
        wb[L.S_BUDGET].title = "预算"
        wb[L.S_IND].title = "指标"
    edit(example, change)
    ev, problems = read_workbook(example)
    assert problems == []
    assert ev.model_dump() == load_example().model_dump()
    assert ev.budget.where("initial") == "预算!B4"


def test_missing_sheet(example):
    edit(example, lambda wb: wb.remove(wb[L.S_BUDGET]))
    ev, problems = read_workbook(example)
    assert ev is None
    assert [p.label for p in problems][:3] == ["年初预算数", "调整预算数（全年预算数）", "预算执行金额（执行数）"]
    assert all("预算资金" in p.message for p in problems if str(p) != LEFTOVER_WARNING)


def test_missing_indicator_table(example):
    edit(example, lambda wb: wb.remove(wb[L.S_IND]))
    ev, problems = read_workbook(example)
    assert ev is None and any("找不到指标评分表" in p.message for p in problems)


def test_workbook_from_another_tool(tmp_path):
    """A plain workbook with the same labels and headers but no defined names, styles or extra sheets."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    rows = [["单位名称", "某局"], ["年度", "2022"], ["年初预算数", "100"], ["调整预算数（全年预算数）", 120],
            ["预算执行金额（执行数）", "１１０"], ["评分规则", "部门整体-河南2021"]]
    for r in rows:
        ws.append(r)
    ind = wb.create_sheet("指标")
    ind.append(["一级指标", "二级指标", "分值", "评分方法", "年度指标值", "实际完成值", "得分"])
    ind.append(["预算执行", None, 10, "正向", "100%", "=执行率", None])
    ind.append(["产出", None, 90, None, None, None, None])
    ind.append([None, "数量", 90, "人工", None, None, "85分"])
    path = tmp_path / "other.xlsx"
    wb.save(path)
    ev, problems = read_workbook(path)
    assert problems == []
    assert (ev.unit, ev.year, ev.budget.executed) == ("某局", 2022, D(110))
    assert [(i.name, i.level, i.weight) for i in ev.walk()] == [("预算执行", 1, 10), ("产出", 1, 90), ("数量", 2, 90)]
    assert ev.indicators[0].actual_ref == "执行率" and ev.indicators[0].target == 1
    assert ev.indicators[1].children[0].manual_score == 85
    assert ev.indicators[0].where("actual") == "指标!F2"


def test_bad_profile_and_option_values(example):
    def change(wb):  # a form made before the rules travelled inside it names its profile only
        del wb[L.S_RULES]
        ws = wb[L.S_SETTINGS]
        ws["B3"] = "不存在的规则"
        ws["B8"] = "三"
    edit(example, change)
    _, problems = read_workbook(example)
    assert [p.where for p in problems] == ["设置!B3", "设置!B8"]
    assert "没有名为“不存在的规则”的评分规则" in problems[0].message


def test_text_rows_inherit_blank_labels_and_drop_blank_rows(example):
    def change(wb):
        ws = wb[L.S_TEXT]
        for r in range(4, ws.max_row + 1):
            if ws.cell(row=r, column=2).value == "存在的主要问题":
                break
        ws.insert_rows(r + 1, 2)
        ws.cell(row=r + 1, column=3, value="新增的问题")  # 章节/栏目 left blank: same as the row above
    edit(example, change)
    ev, problems = read_workbook(example)
    assert problems == []
    assert ev.narrative.problems == load_example().narrative.problems[:1] + ["新增的问题"] + \
        load_example().narrative.problems[1:]


# ---------------------------------------------------------------- files that cannot be read


def _ole_bytes() -> bytes:
    """The start of an OLE compound file: what Excel writes for a password-protected .xlsx."""
    return bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504


@pytest.mark.parametrize("name, content, expect", [
    ("坏.xlsx", b"PK\x03\x04this is not a zip at all", "已损坏"),
    ("text.xlsx", "单位名称,年度\n".encode(), "不是有效的Excel工作簿"),
    ("locked.xlsx", _ole_bytes(), "密码"),
    ("old.xls", _ole_bytes(), ".xls"),
    ("empty.xlsx", b"", "空"),
])
def test_unreadable_files_exit_2_with_one_chinese_message(tmp_path, capsys, name, content, expect):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(LoadError, match=expect):
        load_evaluation(path)
    for command in ("check", "score"):
        assert cli.main([command, str(path)]) == 2
        captured = capsys.readouterr()
        err_lines = [x for x in captured.err.splitlines() if x.strip()]
        assert len(err_lines) == 1 and expect in err_lines[0] and "Traceback" not in captured.err
    assert path.read_bytes() == content
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_too_big_file_is_refused_before_parsing(example, monkeypatch, capsys):
    monkeypatch.setattr(read_mod, "MAX_BYTES", 1000)
    monkeypatch.setattr(read_mod, "OpenpyxlSource", lambda p: pytest.fail("parsed a too big file"))
    before = example.read_bytes()
    assert cli.main(["check", str(example)]) == 2
    assert "文件过大" in capsys.readouterr().err
    assert example.read_bytes() == before


def test_check_and_score_never_modify_the_input(example):
    before = example.read_bytes()
    mtime = example.stat().st_mtime_ns
    cli.main(["check", str(example)])
    cli.main(["score", str(example), "--json"])
    assert example.read_bytes() == before and example.stat().st_mtime_ns == mtime


def test_a_derived_figure_is_read_as_one_only_in_the_actual_value(tmp_path):
    """``=执行率`` in 实际完成值 names the derived figure (actual_ref); the same formula in 分值 is a formula
    like any other: without a computed value in the file it is an error at its cell."""
    path = write_workbook(tmp_path / "f.xlsx", load_example())
    book = openpyxl.load_workbook(path)
    ws = book[L.S_IND]
    heads = [c.value for c in ws[L.IND_HEADER_ROW]]
    row = next(r for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 3).value == "人才工作任务完成率")
    weight = f"{L.S_IND}!{openpyxl.utils.get_column_letter(heads.index('分值') + 1)}{row}"
    ws[weight.split("!")[1]] = "=执行率"
    book.save(path)
    ev, problems = read_workbook(path)
    assert [(p.where, p.message) for p in problems if p.where == weight] == [
        (weight, "单元格为公式“=执行率”，文件中没有计算结果，请改为直接填写数值")]


def test_a_name_whose_cells_were_deleted_is_found_by_its_label(example):
    """Excel writes a name whose cells were deleted as ``'预算资金'!#REF!``: the field is then found by its label,
    never a traceback (openpyxl raised CellCoordinatesException out of the reader)."""
    from openpyxl.workbook.defined_name import DefinedName

    edit(example, lambda wb: wb.defined_names.__setitem__(
        "上年结转", DefinedName("上年结转", attr_text="'预算资金'!#REF!")))
    ev, problems = read_workbook(example)
    assert problems == [] and ev.budget.where("carried_in") == "预算资金!B7"
