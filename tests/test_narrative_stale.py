"""Text that still names last year as if it were this year's (“2020年…” in a 2021 form), in every free text
the report may print: each 栏目 list of 基本情况/文字材料, 年度整体绩效目标, 满意度说明, 情况分析, and every
indicator's 偏差原因 and 改进措施 — a warning at the text's own cell (issue 19: 改进措施 skipped, and an earlier
与/比/较 anywhere before the year silencing the warning, both went through every test).
"""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from xlperf import cli
from xlperf.app.load import load_checked, load_example
from xlperf.domain.model import NARRATIVE_LISTS
from xlperf.domain.narrative_checks import stale_years
from xlperf.domain.problems import WARNING
from xlperf.workbook import layout as L
from xlperf.workbook.build import write_workbook

STALE = "2020年全年共完成调查任务12项。"  # the example is the 2021 form: 2020 is last year
MESSAGE = "写有“2020年”，本表为2021年度：如指本年请改为{年度}或“2021年”，如确指上年请写明“上年”"


def test_the_example_names_no_stale_year():
    assert stale_years(load_example()) == []


def _with(field: str):
    """The example with STALE in one place, that place's cell named "X!<field>"; the expected (where, label)."""
    ev = load_example()
    nar = ev.narrative
    if field in NARRATIVE_LISTS:
        getattr(nar, field).append(STALE)
        n = len(getattr(nar, field))
        nar.sources[f"{field}[{n}]"] = f"文字材料!{field}"
        return ev, (f"文字材料!{field}", "文字材料")
    if field == "overall_goal":
        nar.overall_goal = "推动" + STALE
        nar.sources[field] = "基本情况!B5"
        return ev, ("基本情况!B5", "年度整体绩效目标")
    if field == "satisfaction_note":
        nar.satisfaction_note = STALE
        nar.sources[field] = "预算资金!B40"
        return ev, ("预算资金!B40", "满意度情况补充说明")
    if field == "analysis":
        nar.analysis["履职效益"] = STALE
        nar.sources["analysis.履职效益"] = "文字材料!C30"
        return ev, ("文字材料!C30", "履职效益")
    ind = next(i for i in ev.walk() if i.name == "预算调整率")
    setattr(ind, field, STALE)
    ind.sources[field] = f"指标评分!{field}"
    return ev, (f"指标评分!{field}", {"deviation_reason": "偏差原因", "improvement": "改进措施"}[field])


@pytest.mark.parametrize("field", list(NARRATIVE_LISTS) + ["overall_goal", "satisfaction_note", "analysis",
                                                           "deviation_reason", "improvement"])
def test_every_text_field_is_checked(field):
    ev, (where, label) = _with(field)
    assert [(p.where, p.label, p.message, p.severity) for p in stale_years(ev)] == [(where, label, MESSAGE, WARNING)]


@pytest.mark.parametrize("text, warned", [
    ("2020年全年共完成调查任务12项。", True),
    ("我单位2020全年完成任务。", True),  # “全年” right after the year
    ("我单位2020 年完成任务。", True),  # a space before 年
    ("与兄弟单位相比，我单位扎实推进，2020年完成任务较多。", True),  # 与/比 far before the year say nothing of it
    ("比照标准，我单位全面完成了2020年任务。", True),
    ("较好地完成了各项任务，2020年共召开会议5次。", True),
    ("与其他5个单位2020年相比", True),  # five characters between 与 and the year: not “与2020年”
    ("与其他单位2020年相比", False),  # at most four: a comparison with last year
    ("执行率较2020年提高3个百分点。", False),
    ("比2020年增加2项。", False),
    ("与2020年相比，支出下降。", False),
    ("上年（2020年）得分88分。", False),
    ("去年即2020年完成8项。", False),
    ("与上年同期2020年持平。", False),
    ("2021年全年完成调查任务12项。", False),  # this year
    ("2019年以来累计完成30项。", False),  # not last year
    ("编号12020年度", False),  # a longer number
    ("版本3.2020年", False),  # a decimal
])
def test_which_mentions_of_last_year_are_stale(text, warned):
    ev = load_example()
    ev.narrative.other = [text]
    assert bool(stale_years(ev)) is warned


def test_check_on_a_form_warns_at_every_cell_naming_last_year(tmp_path, capsys):
    """Every text field of a form written with a stale year (one sentence each, marked by its field): `check`
    warns once at each of those cells, found by reading the form back, and only there."""
    ev = load_example()
    nar = ev.narrative
    for key in NARRATIVE_LISTS:
        getattr(nar, key).append(f"2020年{key}情况。")
    nar.overall_goal = "2020年overall_goal。"
    nar.satisfaction_note = "2020年satisfaction_note。"
    nar.analysis["履职效益"] = "2020年analysis。"
    ind = next(i for i in ev.walk() if i.name == "预算调整率")
    ind.deviation_reason, ind.improvement = "2020年deviation_reason。", "2020年improvement。"
    path = write_workbook(tmp_path / "stale.xlsx", ev)
    wb = openpyxl.load_workbook(path)
    cells = {f"{ws.title}!{c.coordinate}": c.value for ws in wb for row in ws.iter_rows() for c in row
             if isinstance(c.value, str) and re.match(r"2020年[a-z_5]+", c.value)}
    assert len(cells) == len(NARRATIVE_LISTS) + 5, cells  # every field has its own cell
    _, _, _, problems = load_checked(path)
    stale = {p.where for p in problems if p.message == MESSAGE and p.severity == WARNING}
    assert stale == set(cells)
    # the clerk sees them through `xlperf check` (the case: 改进措施 in 指标评分)
    capsys.readouterr()
    cli.main(["check", str(path)])
    out = capsys.readouterr().out
    where = next(w for w, v in cells.items() if v == "2020年improvement。")
    assert where.startswith(f"{L.S_IND}!")
    assert [line for line in out.splitlines() if where in line and "写有“2020年”" in line], out


def test_texts_without_a_known_cell_are_named_by_their_place():
    """An evaluation from a JSON file knows no cells: each warning names the sheet and 栏目 in words; a list item
    without its own cell falls back to its 栏目's cell, an indicator's text to its row."""
    ev = load_example()
    nar = ev.narrative
    nar.measures.append(STALE)
    nar.other.append(STALE)
    nar.sources["other"] = "文字材料!C20"  # the 栏目's cell, no cell for the item
    nar.overall_goal, nar.satisfaction_note = STALE, STALE
    rows = {i.name: i for i in ev.walk()}
    rows["预算调整率"].improvement = STALE
    rows["结转结余率"].deviation_reason = STALE
    rows["结转结余率"].sources["row"] = "指标评分!A12"
    got = [(p.where, p.label) for p in stale_years(ev)]
    assert got == [("文字材料：measures", "文字材料"), ("文字材料!C20", "文字材料"),
                   ("基本情况：年度整体绩效目标", "年度整体绩效目标"), ("预算资金：满意度说明", "满意度情况补充说明"),
                   ("指标评分：预算调整率", "改进措施"), ("指标评分!A12", "偏差原因")]
