"""年度指标值 and 实际完成值 as real tables write them (issue 11 §1): "≥90%", "≧90%", "＞95%", "≤90万元",
"≥50个", "2天以内", "100%", "168起" — read into number, direction and unit by the engine, and computed the same
way by the form's native formulas in LibreOffice.  Expected scores are worked out by hand from the rules
(正向 = 分值 × min(实际/目标, 1), 反向 = 分值 × min(目标/实际, 1), half-up to 2 places).  How each written
text is taken apart, and whether the form's formulas can read it, is tested with every other wording in
tests/test_targets_words.py."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlperf.app.load import load_checked
from xlperf.domain.model import Indicator
from xlperf.infra.office import convert
from xlperf.domain.problems import WARNING, errors
from xlperf.workbook import layout as L
from xlperf.workbook.build import write_workbook
from report_helpers import department_example

COL = {k: openpyxl.utils.get_column_letter(v) for k, v in L.IND_COL.items()}


# name, 计量单位, 评分方法 (blank = from the target), 年度指标值 as written, 实际完成值, hand 建议得分 of 5 points
ROWS = [
    ("培训覆盖率", "%", "正向", "≥90%", 0.85, D("4.72")),  # 5 × 0.85 / 0.9 = 4.722 → 4.72
    ("宣传覆盖率", "%", None, "≧90%", 0.95, D(5)),  # ≧ → 正向; 0.95 / 0.9 > 1 → 5
    ("运行成本", "万元", None, "≤90万元", 100, D("4.5")),  # ≤ → 反向: 5 × 90 / 100 = 4.5
    ("新增党员", "个", "正向", "≥50个", "45个", D("4.5")),  # 5 × 45 / 50 = 4.5
    ("办结时限", "天", None, "2天以内", 3, D("3.33")),  # 以内 → 反向: 5 × 2 / 3 = 3.333 → 3.33
    ("处置事件", "起", "正向", 150, "168起", D(5)),  # 168 / 150 > 1 → 5
    ("按时报送率", "%", "正向", "＞95%", 0.95, D(5)),  # 5 × 0.95 / 0.95 = 5
    ("整改完成率", "%", "正向", "100%", 0.8, D(4)),  # 5 × 0.8 / 1 = 4
]


def _form(tmp_path: Path) -> Path:
    """The example with 产出指标's eight leaves replaced by ROWS, the targets typed as text."""
    ev = department_example()  # the example as a department's form (no leftover instruction in 五)
    out = ev.indicators[2]
    leaves = [Indicator(name=n, level=3, weight=D(5), method=m or "人工", unit=u, target=D(1), actual=D(1))
              for n, u, m, *_ in ROWS]
    out.children[0].children, out.children[1].children = leaves[:4], leaves[4:]
    path = write_workbook(tmp_path / "targets.xlsx", ev)
    wb = openpyxl.load_workbook(path)
    ws = wb[L.S_IND]
    for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1):
        row = next((x for x in ROWS if x[0] == ws.cell(r, 3).value), None)
        if row is None:
            continue
        name, unit, method, target, actual, _ = row
        ws[f"{COL['method']}{r}"] = method  # None: left blank, the target's comparison decides
        ws[f"{COL['target']}{r}"] = target
        ws[f"{COL['actual']}{r}"] = actual
        ws[f"{COL['target_text']}{r}"] = None
    wb.save(path)
    return path


def _rows(path: Path) -> dict[str, int]:
    ws = openpyxl.load_workbook(path)[L.S_IND]
    return {ws.cell(r, 3).value: r for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1) if ws.cell(r, 3).value}


def test_engine_reads_targets_as_written(tmp_path):
    path = _form(tmp_path)
    ev, prof, result, problems = load_checked(path)
    assert errors(problems) == [], problems
    by = {r.name: r for r in result.walk()}
    for name, unit, method, target, actual, hand in ROWS:
        assert by[name].suggested == hand, name
    ind = {i.name: i for i in ev.walk()}
    assert ind["运行成本"].method == "反向" and ind["办结时限"].method == "反向" and ind["宣传覆盖率"].method == "正向"
    assert ind["运行成本"].target_text == "≤90万元" and ind["办结时限"].target_text == "2天以内"  # for the report


def test_libreoffice_computes_the_same_from_the_written_text(tmp_path):
    path = _form(tmp_path)
    lo = convert(path, "xlsx", tmp_path / "lo")
    ws = openpyxl.load_workbook(lo, data_only=True)[L.S_IND]
    rows = _rows(lo)
    for name, unit, method, target, actual, hand in ROWS:
        shown = ws[f"{COL['suggested']}{rows[name]}"].value
        assert shown is not None and abs(D(repr(shown)) - hand) < D("0.000001"), (name, shown)
    # and check, reading what LibreOffice saved, finds the sheet and the engine in agreement
    _, _, result, problems = load_checked(lo)
    assert errors(problems) == [], problems
    # 产出指标 = 4.72 + 5 + 4.5 + 4.5 + 3.33 + 5 + 5 + 4 = 36.05; total = 3 + 18 + 36.05 + 30 = 87.05 → 良
    assert result.total == D("87.05") and result.grade == "良"


def _one(tmp_path, **cells) -> list:
    path = tmp_path / "one.xlsx"
    src = _form(tmp_path)
    wb = openpyxl.load_workbook(src)
    ws = wb[L.S_IND]
    r = _rows(src)["运行成本"]
    for key, value in cells.items():
        ws[f"{COL[key]}{r}"] = value
    wb.save(path)
    _, _, _, problems = load_checked(path)
    return r, problems


def test_a_target_in_another_unit_is_an_error_at_the_target(tmp_path):
    r, problems = _one(tmp_path, target="≤90元")
    hit = [p for p in errors(problems) if p.where == f"{L.S_IND}!{COL['target']}{r}"]
    assert len(hit) == 1 and "单位“元”与计量单位“万元”不一致" in hit[0].message
    assert not [p for p in errors(problems) if p.where == f"{L.S_IND}!{COL['actual']}{r}"]  # not the wrong cell


def test_a_comparison_in_the_actual_value_is_an_error_there(tmp_path):
    r, problems = _one(tmp_path, actual="≤100万元")
    hit = [p for p in errors(problems) if p.where == f"{L.S_IND}!{COL['actual']}{r}"]
    assert len(hit) == 1 and "不要写比较符号" in hit[0].message


def test_a_direction_against_the_chosen_method_is_a_warning(tmp_path):
    r, problems = _one(tmp_path, method="正向")
    hit = [p for p in problems if p.where == f"{L.S_IND}!{COL['target']}{r}"]
    assert [(p.severity, p.message) for p in hit] == [(WARNING, "“≤90万元”是反向指标的写法，评分方法却是正向，请核对")]


def test_words_as_targets(tmp_path):
    r, problems = _one(tmp_path, target="按期完成")  # a 反向-by-default row has no number to compare with
    hit = [p for p in errors(problems) if p.where == f"{L.S_IND}!{COL['target']}{r}"]
    assert len(hit) == 1 and "≥90%" in hit[0].message
    r, problems = _one(tmp_path, method="定性", target="按期完成", actual="达成")
    assert not [p for p in problems if p.where.endswith(f"{COL['target']}{r}")]


def test_the_ribbon_reads_targets_as_written(tmp_path, monkeypatch):
    """The live-workbook path (the 校验 button over the stand-in book) reads the same text the same way."""
    import xlperf.excel as X
    from fakebook import FakeBook

    book = FakeBook(_form(tmp_path))
    monkeypatch.setattr(X, "_caller", lambda: book)
    X.validate()
    # no error: only the 偏差原因/改进措施 reminders of the five rows below full marks
    assert [a["prompt"] for a in book.app.alerts] == ["发现10个提示，详见“校验结果”工作表。"]
    ws = book.wb[X.RESULT_SHEET]
    kinds = {ws.cell(r, 1).value for r in range(X.RESULT_HEADER_ROW + 1, ws.max_row + 1)} - {None}
    assert kinds == {"警告"}


FIVE_BANDS = """\
name = "五档定性"
total = 10
[[grades]]
lower = 0
label = "合格"
[[qualitative]]
label = "高"
lower = 0.9
upper = 1
suggest = 1
[[qualitative]]
label = "较高"
lower = 0.7
upper = 0.9
suggest = 0.8
[[qualitative]]
label = "一般"
lower = 0.5
upper = 0.7
suggest = 0.6
[[qualitative]]
label = "较低"
lower = 0.3
upper = 0.5
suggest = 0.4
[[qualitative]]
label = "低"
aliases = ["低", "很低"]
lower = 0
upper = 0.3
suggest = 0.2
[[indicators]]
name = "群众评价"
weight = 10
method = "定性"
"""


@pytest.mark.parametrize("word, points", [("高", 10), ("较高", 8), ("一般", 6), ("较低", 4), ("很低", 2)])
def test_a_profile_with_five_qualitative_bands(word, points):
    """More bands where a profile says so: 10 points × the band's suggested share."""
    from xlperf.domain.profiles import profile_from_text
    from xlperf.domain.scoring import suggest

    prof = profile_from_text(FIVE_BANDS, "five.toml")
    assert suggest("定性", D(10), None, word, qualitative=prof.qualitative_bands) == points
