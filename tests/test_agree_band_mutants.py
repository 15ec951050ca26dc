"""xlperf.domain.agree: the known cause of a 区间 row the sheet cannot score (issue 19, the one-truth probe).

A 评分参数 written so the sheet's own formulas cannot read it (``≥９０％：１；＜90%：0.5``: full-width characters) is
scored by the engine, while WPS/LibreOffice show a blank 建议得分; the reader warns at that row's 评分参数 cell with a
message beginning ``在WPS/LibreOffice中无法自动计算建议得分``.  The row's 计入得分 then differs from the engine: still an
error (the sheet's total really differs), but its cause is that warning, not “原因不明”.

The example (河南2021 rules), each indicator on its own row of 指标评分 from A4 down: 投入管理 A5 > 工作目标管理 A6 >
工作目标合理性 A7 (a leaf), 绩效目标明确性 A8 (a leaf under A6).  计入得分 is read from column N, the 评分参数 warning sits
in column K.  The expected causes are written out here in full.
"""

from __future__ import annotations

from xlperf.app.load import load_example
from xlperf.domain.agree import compare
from xlperf.domain.evaluate import evaluate
from xlperf.domain.model import Seen, SheetShown
from xlperf.domain.problems import ERROR, WARNING, Problem
from xlperf.domain.profiles import load_profile

GAP = Problem("指标评分!K7", "评分参数",
              "在WPS/LibreOffice中无法自动计算建议得分（全角字符），请直接填写得分或简化参数", WARNING)
OWN = "本行评分参数的表格公式无法计算（见指标评分!K7的提示），请直接填写得分或简化参数"
BELOW = "其下级评分参数的表格公式无法计算（见指标评分!K7的提示），请直接填写得分或简化参数"
UNKNOWN = "本行的灰色公式与生成时相同，原因不明：请在表格程序中重新计算（Ctrl+Alt+F9）并保存后再检查"


def _result():
    ev = load_example()
    for n, ind in enumerate(ev.walk(), start=4):
        ind.sources["row"] = f"指标评分!A{n}"
    return evaluate(ev, load_profile(ev.profile))


def _sheet(result, blank=("指标评分!N7",)) -> SheetShown:
    """The engine's figures at the reader's cells, the cells ``blank`` shown empty (what the sheet computes)."""
    out = SheetShown()
    for r in result.walk():
        row = r.indicator.where("row")
        cell = row.replace("!A", "!N")
        out.rows[row] = Seen(cell, "" if cell in blank else r.score)
    return out


def _errors(problems):
    assert {p.severity for p in problems} <= {ERROR}, problems
    return {p.where: p.message.split("：", 1)[1] for p in problems}


def test_a_blank_row_with_its_own_band_warning_names_that_warning_and_stays_an_error():
    r = _result()
    got = compare(r, _sheet(r), [GAP])
    assert [(p.where, p.label, p.severity) for p in got] == [("指标评分!N7", "计入得分", ERROR)]
    assert got[0].message.startswith("表中显示空白，程序计算为")
    assert _errors(got) == {"指标评分!N7": OWN}


def test_the_parents_of_that_row_name_it_as_below():
    r = _result()
    got = compare(r, _sheet(r, ("指标评分!N5", "指标评分!N6", "指标评分!N7")), iter([GAP]))  # any iterable
    assert _errors(got) == {"指标评分!N5": BELOW, "指标评分!N6": BELOW, "指标评分!N7": OWN}


def test_a_band_warning_on_another_row_is_no_cause_of_this_one():
    r = _result()
    other = Problem("指标评分!K8", GAP.label, GAP.message, WARNING)
    assert _errors(compare(r, _sheet(r), [other])) == {"指标评分!N7": UNKNOWN}


def test_another_warning_on_the_row_is_no_band_cause():
    r = _result()
    other = Problem("指标评分!K7", "评分参数", "请直接填写得分或简化参数：在WPS/LibreOffice中无法自动计算建议得分", WARNING)
    assert _errors(compare(r, _sheet(r), [other])) == {"指标评分!N7": UNKNOWN}


def test_a_changed_grey_formula_is_named_before_the_band_warning():
    r = _result()
    shown = _sheet(r)
    shown.formulas["指标评分!A7"] = "的M列公式被改写"
    got = _errors(compare(r, shown, [GAP]))
    assert got == {"指标评分!N7": "本行的M列公式被改写：请从上一行复制灰色单元格，保存后再检查"}
