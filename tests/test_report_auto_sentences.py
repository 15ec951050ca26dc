"""Data sentences the clerk's text does not place are stated by the report itself — never twice."""

from decimal import Decimal as D

from xlperf.domain.evaluate import evaluate
from xlperf.app.load import load_example
from xlperf.domain.profiles import load_profile
from xlperf.report.context import build_context


def _ctx(ev):
    ctx, _ = build_context(evaluate(ev, load_profile(ev.profile)))
    return ctx


def _all_text(ctx):
    return "\n".join([*ctx.funds, *(p for b in ctx.analysis for p in b.paragraphs)])


def test_year_on_year_three_public_and_budget_makeup_are_added_to_funds():
    ev = load_example()
    ev.budget.three_public_actual = D("8.4")
    ev.budget.three_public_prev = D("10.5")
    ev.budget.basic, ev.budget.project = D("1200.59"), D("570")
    ctx = _ctx(ev)
    # {三公经费情况} in the clerk's 预算和财务管理 text states 8.40万元 already: only the change is added
    assert "2021年“三公”经费实际支出与去年同期10.50万元比减少2.10万元，下降20%。" in ctx.funds
    # the 调整预算数 (1770.59) is in the sentence before: not stated a second time
    assert "调整预算数中，基本支出1200.59万元，项目支出570.00万元。" in ctx.funds
    text = _all_text(ctx)
    assert text.count("“三公”经费年初预算") == 1 and text.count("8.40万元") == 1
    # 调整预算数 and 执行金额, in 四（一） and in the clerk's {预算执行情况} (as the seed has them): not a fifth time
    assert text.count("1770.59万元") == 4


def test_unchanged_three_public_is_stated_as_flat():
    ev = load_example()
    ev.budget.three_public_prev = D(0)
    # against a last year of 0 the report states, it does not compare (“与去年同期0万元比” never appears)
    assert "2021年“三公”经费实际支出与去年同期均为零。" in _ctx(ev).funds


def test_without_placeholders_the_figures_still_appear_once():
    ev = load_example()
    ev.narrative.analysis = {k: "按计划完成。" for k in ev.narrative.analysis}
    text = _all_text(_ctx(ev))
    for figure in ("“三公”经费年初预算0万元，实际支出0万元",
                   "2021年我单位共有项目29个，开展绩效监控项目29个",
                   "2021年服务对象满意度年度指标值≥90%，完成满意度90%的目标"):
        assert text.count(figure) == 1, figure


def test_the_seed_example_gets_no_extra_sentences():
    ctx = _ctx(load_example())
    assert len(ctx.funds) == 2  # the seed's sentence and the rate against the adjusted budget
    assert not any(p.startswith("此外") for b in ctx.analysis for p in b.paragraphs)
