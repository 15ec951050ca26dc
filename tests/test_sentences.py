"""The automatic sentences are defined once (xlperf/report/sentences.py): the report writes them and
``xlperf import`` reads them back from the same definition, so a rewording keeps import working (issue 20 §2).

Expected figures are the example form's own inputs (the seed: 7319.56 / 1770.59 / 1770.59 万元, 29 个项目) or
values written in the test, never read from the code under test.
"""

from __future__ import annotations

import re
from decimal import Decimal as D

import openpyxl
import pytest

from report_helpers import REPO, run_cli
from xlperf.domain.evaluate import evaluate
from xlperf.importer.parse import parse_report
from xlperf.app.load import load_example
from xlperf.domain.model import Previous
from xlperf.domain.numbers import NumberFormat
from xlperf.domain.profiles import load_profile
from xlperf.report import sentences
from xlperf.report.context import build_context
from xlperf.report.sentences import SENTENCES, Clause, Sentence

EXAMPLE_XLSX = REPO / "workbooks" / "example-2021.xlsx"
F = NumberFormat(score_places=2, rate_places=0)  # the default rules: 91.5 分, 24%


# --------------------------------------------------------------------------- one sentence, both ways


@pytest.mark.parametrize("name, values, text, hidden", [
    ("预算执行情况", {"year": 2021, "budget.initial": D("7319.56"), "budget.adjusted": D("1770.59"),
                  "budget.executed": D("1770.59"), "facts.执行率": D("0.24"), "facts.结转结余率": D(0)},
     "2021年度，我单位预算年初数为7319.56万元，调整预算数为1770.59万元，预算执行金额为1770.59万元，"
     "预算执行率24%，结转结余率0%", ()),
    ("三公经费情况", {"budget.three_public_budget": D(5), "budget.three_public_actual": D("4.2")},
     "“三公”经费年初预算5.00万元，实际支出4.20万元", ()),
    ("三公经费变动", {"year": 2021, "budget.three_public_actual": D("4.2"), "budget.three_public_prev": D(5),
                  "facts.三公经费变动率": D("-0.16")},
     "2021年“三公”经费支出4.20万元，与去年同期5.00万元比减少0.80万元，下降16%", ("facts.三公经费变动率",)),
    ("预算构成", {"budget.adjusted": D("1770.59"), "budget.basic": D("1200.59"), "budget.project": D(570)},
     "部门预算总金额1770.59万元，其中：基本支出1200.59万元，项目支出570.00万元", ()),
    # a blank 项目数: the sentence starts at the next count, with no comma before it
    ("绩效管理情况", {"year": 2021, "kind": "部门整体", "projects.monitored": 29, "projects.self_evaluated": 28},
     "开展绩效监控项目29个，开展绩效自评项目28个，部门整体绩效自评已完成", ("year",)),
    ("绩效管理情况", {"year": 2021, "kind": "部门整体", "projects.total": 29, "projects.monitored": 29,
                  "facts.绩效监控完成率": D(1), "projects.dept_evaluations": 2, "facts.部门评价完成率": D("0.5")},
     "2021年我单位共有项目29个，开展绩效监控项目29个，绩效监控完成率100%，部门整体绩效自评已完成，"
     "部门绩效评价2个，完成率50%", ()),
    ("满意度情况", {"year": 2021, "satisfaction.target": D("0.9"), "satisfaction.achieved": D("0.95")},
     "2021年服务对象满意度年度指标值≥90%，实际满意度95%，完成满意度90%的目标", ()),
    ("满意度情况", {"year": 2021, "satisfaction.target": D("0.9"), "satisfaction.achieved": D("0.85")},
     "2021年服务对象满意度年度指标值≥90%，实际满意度85%，未完成满意度90%的目标", ()),
    ("满意度情况", {"year": 2021, "satisfaction.achieved": D("0.85")}, "2021年服务对象满意度为85%", ()),
    ("总分同比", {"year": 2021, "total": D(91), "previous.total": D("88.5")}, "较上年（88.5分）提高2.5分", ("year", "total")),
    ("执行率同比", {"year": 2021, "facts.执行率": D("0.2419"), "previous.exec_rate": D("0.85"), "previous.year": 2019},
     "较2019年（85%）降低61个百分点", ("year", "facts.执行率", "previous.year")),  # 85 − 24 (24.19 printed at the rules' 0 places)
    ("项目数同比", {"year": 2021, "projects.total": 29, "previous.projects_total": 31}, "较上年（31个）减少2个", ("year", "projects.total")),
])
def test_a_sentence_is_written_from_its_figures_and_read_back(name, values, text, hidden):
    """``hidden``: figures the sentence does not show (a change shows last year's figure, not this year's)."""
    assert SENTENCES[name].render(values, F) == text
    (read,) = SENTENCES[name].read("上文。" + text + "。下文")
    # every figure the sentence shows comes back, with the value it had (a rate as the fraction it prints)
    shown = {k: v for k, v in values.items() if k not in hidden}
    assert {k: read.get(k) for k in shown} == shown


def test_a_sentence_reads_its_figures_with_no_sentence_around_them():
    assert SENTENCES["预算执行情况"].read("预算执行率24%") == []  # a loose rate is not the sentence
    assert SENTENCES["绩效管理情况"].read("全年工作顺利完成") == []
    # a 完成率 belongs to the count before it: alone it is some other rate
    assert SENTENCES["绩效管理情况"].read("重点任务完成率100%") == []


def test_implied_figures_are_read_back():
    (sat,) = SENTENCES["满意度情况"].read("2021年服务对象满意度年度指标值≥90%，完成满意度90%的目标")
    # “完成满意度90%的目标” without an 实际满意度: achieved exactly the target
    assert (sat["satisfaction.target"], sat["satisfaction.achieved"], sat["satisfaction.target_text"]) == \
        (D("0.9"), D("0.9"), "≥90%")
    (perf,) = SENTENCES["绩效管理情况"].read("部门整体绩效自评已完成，部门绩效评价4个，完成率75%")
    assert perf["projects.dept_evaluations_done"] == 3  # 4 × 75 %


def test_the_projects_change_beside_the_count_keeps_the_counts_readable():
    text = "2021年我单位共有项目29个，较上年（25个）增加4个，开展绩效监控项目28个，部门整体绩效自评已完成"
    (read,) = SENTENCES["绩效管理情况"].read(text)
    assert (read["projects.total"], read["projects.monitored"]) == (29, 28)


# --------------------------------------------------------------------------- a rewording, end to end

#: the budget and project sentences in other words than the shipped ones (and than the importer's fallbacks)
REWORDED = {
    "资金情况": Sentence("资金情况", (
        Clause("本部门{year:year}年年初预算安排{budget.initial:money}万元，全年预算{budget.adjusted:money}万元，"
               "实际花费{budget.executed:money}万元"),
        Clause("花费比例{facts.执行率:rate}"),
    ), needs=("year", "budget.initial", "budget.adjusted", "budget.executed")),
    "预算执行情况": Sentence("预算执行情况", (
        Clause("{year:year}年，本单位年初预算安排{budget.initial:money}万元，全年预算{budget.adjusted:money}万元，"
               "实际花费{budget.executed:money}万元"),
        Clause("花费比例{facts.执行率:rate}"),
        Clause("留存比例{facts.结转结余率:rate}"),
    ), needs=("year", "budget.initial", "budget.adjusted", "budget.executed")),
    "绩效管理情况": Sentence("绩效管理情况", (
        Clause("本单位{year:year}年项目合计{projects.total:count}项"),
        Clause("{say.projects_change:项目数同比}", joined=True),
        Clause("其中{projects.monitored:count}项做了绩效监控"),
        Clause("{projects.self_evaluated:count}项做了绩效自评"),
        Clause("{kind:kind}自评全部完成"),
    ), when=lambda v: v.get("projects.total") is not None),
    "最终得分": Sentence("最终得分", (Clause("本单位{year:year}年{kind:kind}绩效自评总成绩{total:score}分"),),
                     needs=("year", "kind", "total")),
    "评价等级": Sentence("评价等级", (Clause("评定等次：{grade:grade}"),), needs=("grade",)),
}


@pytest.fixture
def reworded(monkeypatch):
    for name, sentence in REWORDED.items():
        monkeypatch.setitem(sentences.SENTENCES, name, sentence)


def _budget_sheet(path) -> dict:
    ws = openpyxl.load_workbook(path)["预算资金"]
    return {r[0].value: r[1].value for r in ws.iter_rows() if r[0].value}


def test_a_reworded_sentence_is_written_and_imported_back(reworded, tmp_path, capsys):
    assert run_cli("report", EXAMPLE_XLSX, "-o", tmp_path / "r", "--format", "md") == 0
    (md,) = (tmp_path / "r").glob("*.md")
    report = md.read_text(encoding="utf-8")
    txt = tmp_path / "上年报告.txt"  # the report as a clerk saves it in plain text (no markdown marks)
    txt.write_text(re.sub(r"(?m)^#+\s*|\*\*", "", report), encoding="utf-8")
    # the report speaks the new words, in 四（一） and where the clerk's text has {预算执行情况}, {绩效管理情况}
    assert "本部门2021年年初预算安排7319.56万元，全年预算1770.59万元，实际花费1770.59万元，花费比例24%。" in report
    assert "2021年，本单位年初预算安排7319.56万元" in report and "留存比例0%" in report
    assert "本单位2021年项目合计29项，其中29项做了绩效监控，29项做了绩效自评，部门整体自评全部完成" in report
    assert "本单位2021年部门整体绩效自评总成绩91分。" in report and "评定等次：优。" in report
    assert "预算年初数为" not in report and "共有项目" not in report and "最终得分" not in report

    same = tmp_path / "2021.xlsx"
    capsys.readouterr()
    assert run_cli("import", txt, "-o", same, "--year", "2021") == 0
    assert "未归类0段" in capsys.readouterr().out  # the reworded conclusion is known as xlperf's own
    values = _budget_sheet(same)
    assert (values["年初预算数"], values["调整预算数（全年预算数）"], values["预算执行金额（执行数）"]) == \
        (pytest.approx(7319.56), pytest.approx(1770.59), pytest.approx(1770.59))
    assert (values["项目数"], values["开展绩效监控项目数"], values["开展绩效自评项目数"]) == (29, 29, 29)
    ws = openpyxl.load_workbook(same)["文字材料"]
    texts = [c.value for r in ws.iter_rows(min_row=4) for c in r[2:3] if c.value]
    assert not any("年初预算安排" in t for t in texts)  # 四（一）'s own sentence is not clerk text
    assert any("{预算执行情况}" in t for t in texts) and any("{绩效管理情况}" in t for t in texts)

    nxt = tmp_path / "2022.xlsx"
    assert run_cli("import", txt, "-o", nxt) == 0
    values = _budget_sheet(nxt)
    assert values["上年项目数"] == 29 and values["上年预算执行率"] == pytest.approx(1770.59 / 7319.56)
    assert (values["上年总分"], values["上年等级"]) == (91, "优")


def test_the_report_and_import_agree_on_every_sentence_xlperf_adds(tmp_path):
    """A report with every automatic sentence of 四 (the “三公”经费 change, 基本/项目支出, the other
    denominator's rate, the 同比 changes) gives its figures back, and none of 四（一）'s own sentences is
    taken for clerk text."""
    ev = load_example()
    ev.budget.three_public_actual, ev.budget.three_public_prev = D("8.4"), D("10.5")
    ev.budget.basic, ev.budget.project = D("1200.59"), D("570")
    ev.previous = Previous(total=D("88.5"), grade="良", exec_rate=D("0.85"), projects_total=25)
    ctx, _ = build_context(evaluate(ev, load_profile(ev.profile)))
    paragraphs = [ctx.title, ctx.headings.s3, ctx.conclusion, ctx.headings.s4, ctx.headings.s4_1, *ctx.funds,
                  ctx.headings.s4_2] + [p for b in ctx.analysis for p in (f"{b.number}.{b.title}", *b.paragraphs)]
    assert any("较上年（25个）增加4个" in p for p in paragraphs)  # the 项目数 change sits in the count's sentence
    rep = parse_report(paragraphs)
    figures = rep.figures
    assert (figures["budget.three_public_actual"], figures["budget.three_public_prev"]) == (D("8.40"), D("10.50"))
    assert (figures["budget.basic"], figures["budget.project"]) == (D("1200.59"), D("570.00"))
    assert (figures["projects.total"], figures["projects.monitored"]) == (29, 29)
    assert (rep.total, rep.grade) == (D(ctx.total), ctx.grade)
    assert not [p.text for p in rep.paragraphs if p.attr == "funds_compliance"]


def test_a_reworded_conclusion_is_read_without_a_score_table(reworded):
    rep = parse_report(["一、基本情况", "二、绩效自评工作开展情况", "三、综合评价结论",
                        "根据要求评分，本单位2020年部门整体绩效自评总成绩86.5分。评定等次：良。"])
    assert (rep.total, rep.grade) == (D("86.5"), "良")
    assert not [p for p in rep.paragraphs if p.attr == ""]  # xlperf's own sentences: not kept as unplaced text


def test_a_block_the_clerk_left_empty_gives_its_score_and_no_text():
    """四（二）'s line for a block without clerk text (产出指标: 40 of 40 in the example) is xlperf's own."""
    ev = load_example()
    ev.narrative.analysis.pop("产出指标")
    ctx, _ = build_context(evaluate(ev, load_profile(ev.profile)))
    block = next(b for b in ctx.analysis if b.title.startswith("产出"))
    assert block.paragraphs == ["产出指标分值40分，得分40分，得分率100%。"]  # the example's 产出指标: full marks
    rep = parse_report(["一、基本情况", "四、绩效目标实现情况分析", "（二）部门绩效指标完成情况分析",
                        f"{block.number}.{block.title}", *block.paragraphs])
    assert [(s.name, s.weight, s.score) for s in rep.scores] == [("产出指标", D(40), D(40))]
    assert not [p.text for p in rep.paragraphs if p.attr == "analysis"]


def test_the_projects_change_beside_the_count_becomes_the_placeholder_again():
    """Last year's report states “共有项目29个，较上年（25个）增加4个，…” where the clerk wrote {绩效管理情况}:
    import gives back that placeholder (not last year's figures as text), the change with it."""
    from xlperf.importer.form import from_report
    from xlperf.workbook.build import _profile_indicators

    ev = load_example()
    ev.previous = Previous(projects_total=25)
    profile = load_profile(ev.profile)
    ctx, _ = build_context(evaluate(ev, profile))
    blocks = [p for b in ctx.analysis for p in (f"{b.number}.{b.title}", *b.paragraphs)]
    assert any("共有项目29个，较上年（25个）增加4个，开展" in p for p in blocks)
    rep = parse_report([ctx.title, "一、基本情况", "二、绩效自评工作开展情况", "四、绩效目标实现情况分析",
                        "（二）部门绩效指标完成情况分析", *blocks])
    imported = from_report(rep, profile, _profile_indicators(profile), None)
    # the example's own text of 绩效管理 (xlperf/data/example-2021.json)
    assert imported.evaluation.narrative.analysis["绩效管理"] == \
        "{绩效管理情况}。对于评价结果中反映的预算执行、制度管理等方面的问题及时整改。"
