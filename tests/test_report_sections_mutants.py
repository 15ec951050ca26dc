"""xlperf.report.sections on small in-memory evaluations (issue 19: `make mutate` judges the module by fast tests).

Each section function is called directly with a hand-made evaluation scored by the seed's rules (部门整体-河南2021:
预算执行 10 / 投入管理 20 / 产出指标 40 / 效益指标 30, bands 90 优 · 80 良 · 60 中 · 0 差, whole percents) and the
expected text is written out here: the wording of the reference report (/work/shared/seed, 河南 金水区 2021 — its
一（二）, 三 and 四（一） sentences, word for word) and REPORTS.md §2, with every figure worked out by hand beside it.
No docx rendering; ``fill`` is a recorder that returns the clerk's text as written and notes the cell it was given.

Survivors of sections.py argued equivalent (mutmut's names; run recorded in docs/mutation.md, s7a):

* analysis_blocks 61 — ``close_part(items, None, …)`` for ``False``: close_part reads ``followed`` only as
  ``not followed``, and None is as false as False (an analysis block is never followed inside its own block);
* value_text 18 — ``getattr(obj, attr, None) or ""`` for ``getattr(obj, attr, "") or ""``: a missing attribute
  gives "" either way (test_a_blank_value_field_says_the_outlines_wording_or_nothing, the path ``missing.text``);
* conclusion 22 — ``say('评价等级', ev, result, None)``: the grade sentence has only the unit's self-word and the
  grade as figures, both written with ``str`` — the number format is never read (the score sentence before it,
  which needs it, is killed by test_the_conclusion_is_the_reference_reports).

Made simpler instead of argued (same behaviour; the mutants no longer exist): ``auto_sentences`` lost a branch no
name reached, ``section_parts`` reads the texts and sentences its only caller (:func:`xlperf.report.context._build`)
always gives (``texts[b.field]``, no ``.get(…, [])`` defaults), its three sub-heading sites are one ``_sub``, a
text block's printed list is read from what it prints, ``not_applicable_clause`` sums without a start value (it
sums only when some indicator is applicable), and ``_listed``/``section_parts`` lost defaults no caller used.
Found on the way: a paragraph ending in a lead-in that something follows was printed “……如下：。”
(test_a_lead_in_paragraph_keeps_its_colon_without_a_full_stop).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlperf.domain.evaluate import evaluate
from xlperf.domain.model import Budget, Evaluation, Indicator, Narrative, Options, Projects, Satisfaction
from xlperf.domain.numbers import NumberFormat
from xlperf.domain.outlines import Block, Section
from xlperf.domain.problems import WARNING, Problem
from xlperf.domain.profiles import Profile, load_profile
from xlperf.report import sections as S
from xlperf.report.parts import AnalysisBlock, Part, Shortfall

RULES = load_profile(None)  # 部门整体-河南2021, the seed's rules
F = NumberFormat.of(RULES)  # scores to 2 places (trailing zeros dropped), whole percents
SEED_BUDGET = dict(initial=D("7319.56"), adjusted=D("1770.59"), executed=D("1770.59"))


def _rules(**changes) -> Profile:
    data = RULES.model_dump()
    data.update(changes)
    return Profile.model_validate(data)


def _leaf(name, weight, score, **kw):
    kw.setdefault("manual_score", D(str(score)))
    return Indicator(name=name, level=3, weight=D(str(weight)), **kw)


def _node(name, weight, *children, level=2, **kw):
    return Indicator(name=name, level=level, weight=D(str(weight)), children=list(children), **kw)


def _seed_indicators(**leaf_kw):
    """The seed's tree: 预算执行 3 of 10, 投入管理 18 of 20, 产出指标 40, 效益指标 30 (total 91, 优); 23 三级指标
    (2 + 5 + 3 + 4 + 4 + 4 + 1), so the old wording says “二十多个”.  ``leaf_kw``: extra fields by leaf name."""
    def leaf(name, weight, score):
        return _leaf(name, weight, score, **leaf_kw.get(name, {}))

    return [
        Indicator(name="预算执行", level=1, weight=D(10), manual_score=D(3)),
        _node("投入管理", 20,
              _node("工作目标管理", 4, leaf("目标制定", 2, 2), leaf("目标完成", 2, 2)),
              _node("预算和财务管理", 10, leaf("预算编制细化率", 4, 2), leaf("结转结余率", 2, 2), leaf("三公经费控制", 2, 2),
                    leaf("资金使用合规性", 1, 1), leaf("财务制度", 1, 1)),
              _node("绩效管理", 6, leaf("绩效监控", 2, 2), leaf("绩效自评", 2, 2), leaf("部门评价", 2, 2)),
              level=1),
        _node("产出指标", 40,
              _node("重点工作任务完成情况", 20, *(leaf(f"任务{i}", 5, 5) for i in range(1, 5))),
              _node("履职目标实现情况", 20, *(leaf(f"目标{i}", 5, 5) for i in range(1, 5))),
              level=1),
        _node("效益指标", 30,
              _node("履职效益", 20, *(leaf(f"效益{i}", 5, 5) for i in range(1, 5))),
              _node("满意度", 10, leaf("服务对象满意度", 10, 10)),
              level=1),
    ]


def _ev(indicators=None, unit="测试单位", **kw) -> Evaluation:
    """“测试单位” speaks of itself as 我单位 (as the seed does)."""
    kw.setdefault("budget", Budget(**SEED_BUDGET))
    return Evaluation(unit=unit, year=2021, indicators=_seed_indicators() if indicators is None else indicators, **kw)


class Recorder:
    """A ``fill`` that returns the text unchanged and notes each (text, cell) it was given."""

    def __init__(self):
        self.calls: list[tuple[str, str]] = []

    def __call__(self, text, where):
        self.calls.append((text, where))
        return text

    @property
    def cells(self):
        return [w for _, w in self.calls]


# ------------------------------------------------------------------ 一（二） indicator_setting

SETTING_SEED = ("绩效指标设置如下：预算情况（10分）。一级指标包括投入管理指标（20分）、产出指标（40分）、效益指标（30分）。"
                "二级指标包括工作目标管理、预算和财务管理、绩效管理、重点工作任务完成情况、履职目标实现情况、履职效益、满意度。"
                "另外还包括二十多个三级指标。")


def test_the_old_wording_is_the_reference_reports_sentence():
    # the seed's 一（二）, word for word (23 三级指标 → “二十多个”)
    ev = _ev(options=Options(legacy_wording=True))
    assert S.indicator_setting(ev, RULES, F) == SETTING_SEED


def test_indicator_setting_in_whole_sentences_with_the_exact_count():
    assert S.indicator_setting(_ev(), RULES, F) == (
        "绩效指标包括预算情况（10分）和投入管理指标（20分）、产出指标（40分）、效益指标（30分）三个一级指标。"
        "二级指标包括工作目标管理、预算和财务管理、绩效管理、重点工作任务完成情况、履职目标实现情况、履职效益、满意度。"
        "三级指标共二十三个。")


def test_indicator_setting_without_a_budget_indicator_in_the_rules():
    # no rule has role budget: 预算执行 is one more 一级指标 (its setting_label still names it)
    plain = _rules(indicators=[{**r.model_dump(), "role": ""} for r in RULES.indicators])
    assert S.indicator_setting(_ev(), plain, F).startswith(
        "绩效指标包括预算情况（10分）、投入管理指标（20分）、产出指标（40分）、效益指标（30分）四个一级指标。")


def test_indicator_setting_with_only_the_budget_indicator():
    ev = _ev([Indicator(name="预算执行", level=1, weight=D(10), manual_score=D(3))])
    assert S.indicator_setting(ev, RULES, F) == "绩效指标包括预算情况（10分）。"
    legacy = _ev([Indicator(name="预算执行", level=1, weight=D(10))], options=Options(legacy_wording=True))
    assert S.indicator_setting(legacy, RULES, F) == "绩效指标设置如下：预算情况（10分）。"


def test_indicator_setting_of_two_budget_indicators_and_names_without_a_label():
    # a rule with role budget but no setting_label, and an indicator the rules do not know: their own names
    rules = _rules(indicators=[*(r.model_dump() for r in RULES.indicators[:3]),
                               {"name": "效益指标", "weight": 20, "role": "budget"},
                               {"name": "未知", "weight": 10}])
    ev = _ev([Indicator(name="预算执行", level=1, weight=D(10)), Indicator(name="效益指标", level=1, weight=D("12.5")),
              Indicator(name="其他", level=1, weight=D(5))])
    assert S.indicator_setting(ev, rules, F) == "绩效指标包括预算情况（10分）、效益指标（12.5分）和其他（5分）一个一级指标。"


def test_indicator_setting_of_two_budget_indicators_alone():
    rules = _rules(indicators=[*(r.model_dump() for r in RULES.indicators[:3]),
                               {"name": "效益指标", "weight": 30, "role": "budget", "setting_label": "绩效情况"}])
    ev = _ev([Indicator(name="预算执行", level=1, weight=D(10)), Indicator(name="效益指标", level=1, weight=D(30))])
    assert S.indicator_setting(ev, rules, F) == "绩效指标包括预算情况（10分）、绩效情况（30分）。"


def test_indicator_setting_of_nothing_is_empty():
    assert S.indicator_setting(_ev([]), RULES, F) == ""


def test_indicator_setting_counts_only_level_2_and_3():
    # 一级 → 二级 “甲” → 三级 “乙”; the level-1 node itself is neither
    ev = _ev([_node("产出指标", 40, _node("甲", 40, _leaf("乙", 40, 40)), level=1)])
    assert S.indicator_setting(ev, RULES, F) == "绩效指标包括产出指标（40分）一个一级指标。二级指标包括甲。三级指标共一个。"
    ev = _ev([_node("产出指标", 40, _node("甲", 40, _leaf("乙", 40, 40)), level=1)],
             options=Options(legacy_wording=True))
    assert S.indicator_setting(ev, RULES, F) == ("绩效指标设置如下：一级指标包括产出指标（40分）。二级指标包括甲。"
                                                 "另外还包括一个三级指标。")


# ------------------------------------------------------------------ 三 conclusion

CONCLUSION_SEED = ("根据部门整体绩效自评相关要求对每个指标分别评分，我单位2021年部门整体绩效最终得分为91分。"
                   "按照部门整体自评工作明确的90（含）-100分为优、80（含）-90分为良、60（含）-80分为中、60分以下为差的"
                   "评价等级设置，我单位整体绩效评价等级为“优”。")


def test_the_conclusion_is_the_reference_reports():
    ev = _ev()
    result = evaluate(ev, RULES)
    assert S.conclusion(ev, result, RULES, F, {}, set()) == CONCLUSION_SEED


def test_the_conclusion_adds_the_changes_no_text_placed_and_the_core_indicators():
    ev = _ev(_seed_indicators(目标制定={"core": True}))
    result = evaluate(ev, RULES)
    values = {"总分同比": "较上年（88.5分）提高2.5分", "等级同比": "等级由“良”提升为“优”"}
    assert S.conclusion(ev, result, RULES, F, values, set()) == (
        CONCLUSION_SEED + "总分较上年（88.5分）提高2.5分，等级由“良”提升为“优”。核心指标：“目标制定”2分（分值2分）。")
    # {总分同比} placed by the clerk: only the grade's change follows
    assert S.conclusion(ev, result, RULES, F, values, {"总分同比"}).endswith("评价等级为“优”。等级由“良”提升为“优”。"
                                                                            "核心指标：“目标制定”2分（分值2分）。")


def test_the_conclusion_says_what_the_total_leaves_out():
    ev = _na()
    result = evaluate(ev, RULES)
    # 61 of the applicable 70 → 61 × 100 / 70 = 87.142… → 87.14, 良
    assert S.conclusion(ev, result, RULES, F, {}, set()) == (
        "根据部门整体绩效自评相关要求对每个指标分别评分，其中“效益指标”不适用，不参与评价，适用指标得分61分（满分70分），"
        "按百分制折算，我单位2021年部门整体绩效最终得分为87.14分。按照部门整体自评工作明确的90（含）-100分为优、"
        "80（含）-90分为良、60（含）-80分为中、60分以下为差的评价等级设置，我单位整体绩效评价等级为“良”。")


def test_band_sentence_of_other_rules():
    one = _rules(grades=[{"lower": 0, "label": "合格"}], kind="项目支出")
    assert S.band_sentence(one, F) == "按照项目支出自评工作明确的0-100分为合格的评价等级设置"
    two = _rules(grades=[{"lower": "87.5", "label": "好"}, {"lower": 0, "label": "差"}], kind="")
    assert S.band_sentence(two, F) == "按照部门整体自评工作明确的87.5（含）-100分为好、87.5分以下为差的评价等级设置"
    assert S.ev_kind(two) == "部门整体" and S.ev_kind(one) == "项目支出"
    # a lower bound below 1 is still a bound of its own (included), only 0 is “以下”
    low = _rules(grades=[{"lower": 60, "label": "合格"}, {"lower": "0.5", "label": "基本"}, {"lower": 0, "label": "差"}])
    assert S.band_sentence(low, F) == ("按照部门整体自评工作明确的60（含）-100分为合格、0.5（含）-60分为基本、0.5分以下为差"
                                       "的评价等级设置")


def test_core_sentence_names_each_core_indicator_with_its_score_or_not_applicable():
    ev = _ev(_seed_indicators(预算编制细化率={"core": True}, 任务1={"core": True, "not_applicable": True}))
    result = evaluate(ev, RULES)
    assert S.core_sentence(result, F) == "核心指标：“预算编制细化率”2分（分值4分），“任务1”不适用。"
    assert S.core_sentence(evaluate(_ev(), RULES), F) == ""


NA = {"not_applicable": True}
BENEFIT_ROWS = ("效益1", "效益2", "效益3", "效益4", "服务对象满意度")
OUTPUT_ROWS = tuple(f"{w}{i}" for w in ("任务", "目标") for i in range(1, 5))


def _na(**leaf_kw):
    """效益指标 not applicable as a whole (every row of its 30 points): the applicable 70 points scored
    3 + 18 + 40 = 61."""
    return _ev(_seed_indicators(**{name: NA for name in BENEFIT_ROWS}, **leaf_kw))


def test_not_applicable_clause_of_a_whole_indicator_rescaled():
    result = evaluate(_na(), RULES)
    # 61 of 70 → 61 × 100 / 70 = 87.14 (the total is not this clause's: it says what the table leaves out)
    assert S.not_applicable_clause(result, F) == "，其中“效益指标”不适用，不参与评价，适用指标得分61分（满分70分），按百分制折算"


def test_not_applicable_clause_of_rows_and_of_both():
    # a row under an applicable indicator: 未计分; rows under the whole 效益指标 are not listed again
    result = evaluate(_na(目标完成=NA), RULES)
    # 61 − 目标完成's 2 = 59; the 满分 is the applicable 一级指标' 分值, 10 + 20 + 40 = 70
    assert S.not_applicable_clause(result, F) == ("，其中“效益指标”不适用，不参与评价，适用指标得分59分（满分70分），"
                                                  "按百分制折算；“目标完成”不适用，未计分")
    rows = evaluate(_ev(_seed_indicators(目标完成={"not_applicable": True}, 任务2={"not_applicable": True})), RULES)
    assert S.not_applicable_clause(rows, F) == "，其中“目标完成”、“任务2”不适用，未计分"
    assert S.not_applicable_clause(evaluate(_ev(), RULES), F) == ""


def test_not_applicable_clause_without_rescaling_and_of_two_indicators():
    inds = _seed_indicators(**{name: NA for name in BENEFIT_ROWS + OUTPUT_ROWS})
    result = evaluate(_ev(inds), _rules(rescale_not_applicable=False))
    assert S.not_applicable_clause(result, F) == "，其中“产出指标”、“效益指标”不适用，不参与评价"


def test_a_not_applicable_parent_row_lists_its_rows_not_itself():
    # 二级 “工作目标管理” not applicable: its two 三级 rows are what the table leaves out
    inds = _seed_indicators(目标制定={"not_applicable": True}, 目标完成={"not_applicable": True})
    result = evaluate(_ev(inds), RULES)
    assert S.not_applicable_clause(result, F) == "，其中“目标制定”、“目标完成”不适用，未计分"


# ------------------------------------------------------------------ 四（一） funds_sentences

FUNDS_SEED = "2021年度，我单位预算年初数为7319.56万元，调整预算数为1770.59万元，预算执行金额1770.59万元，预算执行率24%。"


def test_the_budget_sentence_is_the_reference_reports_and_the_other_base_follows():
    # 1770.59 / 7319.56 = 24.19 % → 24% (年初, the seed's base); by 调整预算数 1770.59 / 1770.59 = 100 %
    ev = _ev()
    result = evaluate(ev, RULES)
    assert S.funds_sentences(ev, result, RULES, F, {}, set()) == [FUNDS_SEED, "按调整预算数计算，预算执行率为100%。"]


def test_the_budget_sentence_by_the_adjusted_budget_names_the_initial_one_as_other_base():
    rules = _rules(exec_denominator="adjusted")
    ev = _ev()
    assert S.funds_sentences(ev, evaluate(ev, rules), rules, F, {}, set()) == [
        FUNDS_SEED.replace("24%", "100%"), "按年初预算数计算，预算执行率为24%。"]


def test_no_other_base_when_both_rates_print_alike():
    # 500 / 1000 = 50 %, 500 / 1001 = 49.95 % → both print 50%
    ev = _ev(budget=Budget(initial=D(1000), adjusted=D(1001), executed=D(500)))
    assert S.funds_sentences(ev, evaluate(ev, RULES), RULES, F, {}, set()) == [
        "2021年度，我单位预算年初数为1000.00万元，调整预算数为1001.00万元，预算执行金额500.00万元，预算执行率50%。"]


def test_the_rate_change_goes_in_the_budget_sentence_unless_a_placeholder_placed_it():
    ev = _ev()
    result = evaluate(ev, RULES)
    values = {"执行率同比": "较上年（85%）提高5个百分点"}
    assert S.funds_sentences(ev, result, RULES, F, values, set())[0] == \
        FUNDS_SEED[:-1] + "，较上年（85%）提高5个百分点。"
    assert S.funds_sentences(ev, result, RULES, F, values, {"执行率同比"})[0] == FUNDS_SEED


# ------------------------------------------------------------------ auto_sentences: 四（一）'s “三公”经费 and 预算构成

def _three(budget="6", actual="4.2", prev="5", **kw):
    b = dict(SEED_BUDGET, three_public_budget=None if budget is None else D(budget),
             three_public_actual=None if actual is None else D(actual),
             three_public_prev=None if prev is None else D(prev), **kw)
    return _ev(budget=Budget(**b))


def _funds(ev, used=(), said=""):
    return S.auto_sentences(ev, evaluate(ev, RULES), F, {}, set(used), said)[0]


# printed 4.20 − 5.00 = −0.80; 0.80 / 5.00 = 16 %
THREE_ALL = "2021年“三公”经费年初预算6.00万元，实际支出4.20万元，与去年同期5.00万元比减少0.80万元，下降16%。"


def test_three_public_sentence_with_budget_actual_and_change():
    assert _funds(_three()) == [THREE_ALL]


def test_three_public_sentence_of_the_seed_without_last_year():
    # the seed: “三公经费”年初预算0万元，实际支出0万元 (the report spells it “三公”经费, writes nothing as 0)
    assert _funds(_three("0", "0", None)) == ["“三公”经费年初预算0万元，实际支出0万元。"]


def test_no_three_public_sentence_without_this_years_figure_or_anything_to_set_it_against():
    assert _funds(_three(actual=None)) == []
    assert _funds(_three(budget=None, prev=None)) == []
    # only last year's: the actual against it
    assert _funds(_three(budget=None)) == ["2021年“三公”经费实际支出4.20万元，与去年同期5.00万元比减少0.80万元，下降16%。"]


def test_three_public_placeholders_take_their_parts():
    # {三公经费情况} states 年初预算 and 实际支出: only the change is left
    assert _funds(_three(), {"三公经费情况"}) == ["2021年“三公”经费实际支出与去年同期5.00万元比减少0.80万元，下降16%。"]
    assert _funds(_three(prev=None), {"三公经费情况"}) == []
    # without a 年初预算 {三公经费情况} has no sentence to place: the actual is still said
    assert _funds(_three(budget=None), {"三公经费情况"}) == [
        "2021年“三公”经费实际支出4.20万元，与去年同期5.00万元比减少0.80万元，下降16%。"]
    # {三公经费变动} states this year's and the change: only the 年初预算 is left
    assert _funds(_three(), {"三公经费变动"}) == ["“三公”经费年初预算6.00万元。"]
    # without last year's figure {三公经费变动} places nothing
    assert _funds(_three(prev=None), {"三公经费变动"}) == ["“三公”经费年初预算6.00万元，实际支出4.20万元。"]


@pytest.mark.parametrize("said,expected", [
    ("“三公”经费年初预算6万元。", "2021年“三公”经费实际支出4.20万元，与去年同期5.00万元比减少0.80万元，下降16%"),
    ("三公经费实际支出4.2万元。", "2021年“三公”经费年初预算6.00万元，实际支出与去年同期5.00万元比减少0.80万元，下降16%"),
    ("三公经费实际4.20万元。", "2021年“三公”经费年初预算6.00万元，实际支出与去年同期5.00万元比减少0.80万元，下降16%"),
    ("三公经费支出4.20万元。", "2021年“三公”经费年初预算6.00万元，实际支出与去年同期5.00万元比减少0.80万元，下降16%"),
    ("三公经费上年5万元。", "“三公”经费年初预算6.00万元，实际支出4.20万元"),
    ("三公经费去年5万元。", "“三公”经费年初预算6.00万元，实际支出4.20万元"),
    ("三公经费同期5.00万元。", "“三公”经费年初预算6.00万元，实际支出4.20万元"),
    # the figure in another sentence, or in a clause about another figure, is no statement of it
    ("项目预算6万元，支出4.2万元，上年5万元。", THREE_ALL[:-1]),
    ("“三公”经费实际支出6万元，共5万元。", THREE_ALL[:-1]),
    ("“三公”经费共4.2万元。", THREE_ALL[:-1]),
], ids=["budget", "actual-spent", "actual-real", "actual-spending", "prev-last-year", "prev-year-before",
        "prev-same-period", "other-sentence", "other-clause", "no-clause-word"])
def test_three_public_parts_the_clerks_text_states_are_not_said_again(said, expected):
    assert _funds(_three(), said=said) == [expected + "。"]


def test_budget_makeup_says_the_parts_not_stated_yet():
    ev = _ev(budget=Budget(**SEED_BUDGET, basic=D(1000), project=D("770.59")))
    assert _funds(ev) == ["调整预算数中，基本支出1000.00万元，项目支出770.59万元。"]
    assert _funds(ev, said="基本支出1000万元。") == ["调整预算数中，项目支出770.59万元。"]
    assert _funds(ev, said="项目支出770.59万元。") == ["调整预算数中，基本支出1000.00万元。"]
    assert _funds(ev, said="基本支出1000万元，项目支出770.59万元。") == []
    assert _funds(ev, {"预算构成"}) == []
    only = _ev(budget=Budget(**SEED_BUDGET, project=D("770.59")))
    assert _funds(only) == ["调整预算数中，项目支出770.59万元。"]


def test_budget_makeup_comes_before_the_three_public_sentence():
    ev = _ev(budget=Budget(**SEED_BUDGET, basic=D(1000), three_public_budget=D(0), three_public_actual=D(0)))
    assert _funds(ev) == ["调整预算数中，基本支出1000.00万元。", "“三公”经费年初预算0万元，实际支出0万元。"]


# ------------------------------------------------------------------ auto_sentences: the end of 四（二）

AUTO_VALUES = {"绩效管理情况": "项目句", "满意度情况": "满意度句"}  # the placeholders' sentences (stand-ins)


def _analysis(ev, used=(), said="", values=AUTO_VALUES):
    return S.auto_sentences(ev, evaluate(ev, RULES), F, dict(values), set(used), said)[1]


def test_project_and_satisfaction_sentences_end_the_analysis_unless_placed_or_stated():
    ev = _ev(projects=Projects(total=29), satisfaction=Satisfaction(achieved=D("0.9")))
    assert _analysis(ev) == ["项目句。", "满意度句。"]
    assert _analysis(ev, {"绩效管理情况"}) == ["满意度句。"]
    assert _analysis(ev, {"满意度情况"}) == ["项目句。"]
    assert _analysis(ev, values={"满意度情况": "满意度句"}) == ["满意度句。"]
    assert _analysis(ev, values={"绩效管理情况": "项目句", "满意度情况": None}) == ["项目句。"]
    assert _analysis(ev, said="共有项目29个。") == ["满意度句。"]
    assert _analysis(ev, said="共有项目28个。服务对象满意度为90%。") == ["项目句。"]


def test_the_project_count_stated_is_the_first_count_filled():
    monitored = _ev(projects=Projects(monitored=29, self_evaluated=28))
    assert _analysis(monitored, said="开展绩效监控项目29个。") == ["满意度句。"]
    assert _analysis(monitored, said="开展绩效自评项目28个。") == ["项目句。", "满意度句。"]
    evaluated = _ev(projects=Projects(self_evaluated=28))
    assert _analysis(evaluated, said="开展绩效自评项目28个。") == ["满意度句。"]
    # nothing counted: the sentence (if any) cannot be stated already
    assert _analysis(_ev(), said="共有项目0个。满意度0%。") == ["项目句。", "满意度句。"]


def test_the_satisfaction_stated_is_the_achieved_one_else_the_target():
    both = _ev(satisfaction=Satisfaction(target=D("0.9"), achieved=D("0.95")))
    assert _analysis(both, said="满意度目标90%。") == ["项目句。", "满意度句。"]
    assert _analysis(both, said="满意度达95%。") == ["项目句。"]
    target = _ev(satisfaction=Satisfaction(target=D("0.9")))
    assert _analysis(target, said="满意度目标90%。") == ["项目句。"]


# ------------------------------------------------------------------ 四（二） analysis_blocks, budget_analysis

def _blocks(ev, rules=RULES, results=None, fill=None):
    problems: list[Problem] = []
    if results is None:
        results = {r.name: r for r in evaluate(ev, rules).indicators}
    blocks, said = S.analysis_blocks(ev, rules, fill or Recorder(), F, results, problems)
    return blocks, said, problems


def test_analysis_blocks_one_per_indicator_the_clerks_text_first_then_each_level_2():
    ev = _ev(narrative=Narrative(analysis={
        "预算执行": "执行偏低。", "投入管理": " 投入总述。 ", "工作目标管理": "目标已制定。",
        "重点工作任务完成情况": "全部完成。", "履职目标实现情况": "  "}))
    fill = Recorder()
    blocks, said, problems = _blocks(ev, fill=fill)
    # 预算执行 belongs to 四（一）; an indicator without text gets its score: 30 of 30 = 100 %
    assert blocks == [
        AnalysisBlock(1, "投入管理指标情况分析", ["投入总述。", "工作目标管理情况：目标已制定。"]),
        AnalysisBlock(2, "产出指标情况分析", ["重点工作任务完成情况：全部完成。"]),
        AnalysisBlock(3, "效益指标情况分析", ["效益指标分值30分，得分30分，得分率100%。"]),
    ]
    assert said == ["投入总述。", "工作目标管理情况：目标已制定。", "重点工作任务完成情况：全部完成。"]
    assert problems == []
    assert fill.calls == [("投入总述。", "文字材料：投入管理"), ("目标已制定。", "文字材料：工作目标管理"),
                          ("全部完成。", "文字材料：重点工作任务完成情况")]


def test_analysis_texts_are_filled_at_their_own_cell_else_the_first_analysis_cell():
    nar = Narrative(analysis={"投入管理": "甲。", "绩效管理": "乙。"},
                    sources={"analysis.投入管理": "文字材料!C20", "analysis": "文字材料!C19"})
    fill = Recorder()
    _blocks(_ev(narrative=nar), fill=fill)
    assert fill.cells == ["文字材料!C20", "文字材料!C19"]


def test_an_analysis_ending_in_a_lead_in_loses_it_and_the_indicator_gets_its_score():
    ev = _ev(narrative=Narrative(analysis={"产出指标": "完成情况如下："}, sources={"analysis.产出指标": "文字材料!C21"}))
    blocks, said, problems = _blocks(ev)
    assert blocks[1] == AnalysisBlock(2, "产出指标情况分析", ["产出指标分值40分，得分40分，得分率100%。"])
    assert said == []
    assert problems == [Problem("文字材料!C21", "产出指标情况分析",
                                "“完成情况如下：”后面没有内容（请补写要列出的内容，或删去这句），报告中已略去这句", WARNING)]


def test_a_level_2_name_is_spelt_officially_and_gets_qingkuang_once():
    ev = _ev([_node("投入管理", 20, _node("三公经费管理", 10, _leaf("甲", 10, 10)),
                    _node("资金管理情况", 10, _leaf("乙", 10, 9)), level=1)],
             narrative=Narrative(analysis={"三公经费管理": "未超支。", "资金管理情况": "规范。"}))
    blocks, _, _ = _blocks(ev)
    assert blocks == [AnalysisBlock(1, "投入管理指标情况分析", ["“三公”经费管理情况：未超支。", "资金管理情况：规范。"])]


def test_no_score_sentence_without_a_score():
    # 效益指标 all 不适用 (no score), 产出指标 missing from the results: nothing to say of them
    ev = _ev(_seed_indicators(**{name: NA for name in BENEFIT_ROWS}))
    results = {r.name: r for r in evaluate(ev, RULES).indicators if r.name != "产出指标"}
    blocks, _, _ = _blocks(ev, results=results)
    assert [b.paragraphs for b in blocks] == [["投入管理指标分值20分，得分18分，得分率90%。"], [], []]


def test_the_budget_indicators_analysis_goes_to_the_funds_section():
    ev = _ev(narrative=Narrative(analysis={"预算执行": " 执行率偏低，因项目调整 ", "投入管理": "甲。"}))
    fill = Recorder()
    assert S.budget_analysis(ev, RULES, fill) == ["执行率偏低，因项目调整。"]
    assert fill.calls == [("执行率偏低，因项目调整", "文字材料：预算执行")]
    assert S.budget_analysis(_ev(narrative=Narrative(analysis={"预算执行": "  "})), RULES, Recorder()) == []
    assert S.budget_analysis(_ev(narrative=Narrative(analysis={"投入管理": "甲。"})), RULES, Recorder()) == []


# ------------------------------------------------------------------ value_text

ADJUST = Block(kind="value", value="budget.adjust_reason", lead="预算调整说明：")


def test_a_value_field_is_one_paragraph_lead_and_text():
    ev = _ev(budget=Budget(**SEED_BUDGET, adjust_reason="年中追加人才经费。"))
    fill = Recorder()
    assert S.value_text(ev, ADJUST, fill, "") == ["预算调整说明：年中追加人才经费。"]
    assert fill.calls == [("年中追加人才经费。", "预算调整说明")]  # no cell known: the lead names it


def test_a_value_field_is_filled_at_its_cell_else_the_lead_else_its_path():
    ev = _ev(budget=Budget(**SEED_BUDGET, adjust_reason="追加", sources={"adjust_reason": "预算资金表!C12"}))
    fill = Recorder()
    S.value_text(ev, ADJUST, fill, "")
    S.value_text(ev, Block(kind="value", value="budget.exec_reason", lead="执行率偏低的原因:", default="甲"), fill, "")
    S.value_text(ev, Block(kind="value", value="budget.exec_reason", default="乙"), fill, "")
    S.value_text(ev, Block(kind="value", value="missing.text", default="丙"), fill, "")
    S.value_text(ev, Block(kind="value", value="budget.exec_reason", lead="见附表X：", default="丁"), fill, "")
    assert fill.cells == ["预算资金表!C12", "执行率偏低的原因", "budget.exec_reason", "missing.text", "见附表X"]


def test_a_blank_value_field_says_the_outlines_wording_or_nothing():
    block = Block(kind="value", value="narrative.apply_plan", lead="绩效自评结果", default="将作为安排预算的依据")
    assert S.value_text(_ev(), block, Recorder(), "") == ["绩效自评结果将作为安排预算的依据。"]
    assert S.value_text(_ev(), ADJUST, Recorder(), "") == []
    # a field path the evaluation does not have: its default
    assert S.value_text(_ev(), Block(kind="value", value="missing.text", default="丙"), Recorder(), "") == ["丙。"]


def test_a_value_field_gives_way_to_the_clerks_own_text_of_its_column():
    block = Block(kind="value", value="narrative.disclosure", default="随决算公开", instead_of="application")
    assert S.value_text(_ev(narrative=Narrative(application=["已公开。"])), block, Recorder(), "") == []
    assert S.value_text(_ev(narrative=Narrative(application=["  "])), block, Recorder(), "") == ["随决算公开。"]


def test_a_value_field_the_report_states_already_is_not_repeated():
    # trailing punctuation goes before it is looked for; four characters or more count as stated
    ev = _ev(budget=Budget(**SEED_BUDGET, detail_rate_text="90%以上；"))
    block = Block(kind="value", value="budget.detail_rate_text", lead="预算编制细化率")
    assert S.value_text(ev, block, Recorder(), "细化率达90%以上。") == []
    assert S.value_text(ev, block, Recorder(), "细化率达90%。") == ["预算编制细化率90%以上。"]
    short = _ev(budget=Budget(**SEED_BUDGET, adjust_reason="调整"))
    assert S.value_text(short, ADJUST, Recorder(), "年中调整") == ["预算调整说明：调整。"]
    three = _ev(budget=Budget(**SEED_BUDGET, adjust_reason="有调整"))
    assert S.value_text(three, ADJUST, Recorder(), "年中有调整") == ["预算调整说明：有调整。"]
    four = _ev(budget=Budget(**SEED_BUDGET, adjust_reason="追加经费"))
    assert S.value_text(four, ADJUST, Recorder(), "年中追加经费") == []


# ------------------------------------------------------------------ 五 shortfall_list, shortfall_intro

def _shortfalls(ev, fill=None):
    problems: list[Problem] = []
    return S.shortfall_list(evaluate(ev, RULES), fill or Recorder(), F, problems), problems


def test_each_row_below_full_marks_with_its_reason_and_measure():
    # 预算执行 3 of 10 (30 %); 预算编制细化率 2 of 4 (50 %); every other row has full marks
    ev = _ev(_seed_indicators(预算编制细化率={"deviation_reason": " 编制不够细 ", "improvement": "细化到项目"}))
    out, problems = _shortfalls(ev)
    assert out == [
        Shortfall("预算执行", "10", "3", "30%", "", "", "预算执行：分值10分，得分3分，得分率30%。"),
        Shortfall("预算编制细化率", "4", "2", "50%", "编制不够细", "细化到项目",
                  "预算编制细化率：分值4分，得分2分，得分率50%。偏差原因：编制不够细。改进措施：细化到项目。"),
    ]
    assert problems == []


def test_shortfalls_leave_out_full_marks_not_applicable_parents_and_unscored_rows():
    # 投入管理 (18 of 20) and 预算和财务管理 (8 of 10) are parents; 目标制定 not applicable; 预算执行 full
    inds = _seed_indicators(目标制定=NA, 任务1={"manual_score": None})
    inds[0] = Indicator(name="预算执行", level=1, weight=D(10), manual_score=D(10))
    out, _ = _shortfalls(_ev(inds))
    assert [s.name for s in out] == ["预算编制细化率"]


def test_a_shortfalls_text_is_filled_at_its_cells():
    cells = {"row": "指标评分!A9", "deviation_reason": "指标评分!L9", "improvement": "指标评分!M9"}
    fill = Recorder()
    _shortfalls(_ev(_seed_indicators(预算编制细化率={"deviation_reason": "甲", "improvement": "乙", "sources": cells})),
                fill)
    budget = ["指标评分：预算执行"] * 2  # 预算执行 (3 of 10) first: no cells known, its empty texts at its name
    assert fill.cells == budget + ["指标评分!L9", "指标评分!M9"]
    fill = Recorder()
    _shortfalls(_ev(_seed_indicators(预算编制细化率={"deviation_reason": "甲", "improvement": "乙",
                                               "sources": {"row": "指标评分!A9"}})), fill)
    assert fill.cells == budget + ["指标评分!A9", "指标评分!A9"]
    fill = Recorder()
    _shortfalls(_ev(_seed_indicators(预算编制细化率={"deviation_reason": "甲", "improvement": "乙"})), fill)
    assert fill.cells == budget + ["指标评分：预算编制细化率"] * 2


def test_a_reason_that_is_only_a_lead_in_goes_with_a_warning_at_its_cell():
    cells = {"deviation_reason": "指标评分!L9", "improvement": "指标评分!M9"}
    ev = _ev(_seed_indicators(预算编制细化率={"deviation_reason": "原因如下：", "improvement": "措施如下：",
                                        "sources": cells}))
    out, problems = _shortfalls(ev)
    assert out[1].text == "预算编制细化率：分值4分，得分2分，得分率50%。" and (out[1].reason, out[1].measure) == ("", "")
    assert problems == [
        Problem("指标评分!L9", "偏差原因", "“原因如下：”是引导语，报告自己加标题和编号，报告中已略去这句", WARNING),
        Problem("指标评分!M9", "改进措施", "“措施如下：”是引导语，报告自己加标题和编号，报告中已略去这句", WARNING)]


def test_a_shortfalls_name_is_spelt_officially():
    inds = [_node("投入管理", 20, _node("预算和财务管理", 20, _leaf("三公经费控制率", 20, 15)), level=1)]
    out, _ = _shortfalls(_ev(inds, narrative=Narrative()))
    assert out[0].name == "“三公”经费控制率"
    assert out[0].text == "“三公”经费控制率：分值20分，得分15分，得分率75%。"


def _short(reason="", measure=""):
    return Shortfall("甲", "4", "2", "50%", reason, measure, "")


def test_shortfall_intro_promises_only_what_follows():
    assert S.shortfall_intro([]) == ""
    assert S.shortfall_intro([_short()]) == "未得满分的指标如下："
    assert S.shortfall_intro([_short(), _short("原因")]) == "未得满分的指标及其偏差原因如下："
    assert S.shortfall_intro([_short(measure="措施"), _short()]) == "未得满分的指标及其改进措施如下："
    assert S.shortfall_intro([_short("原因"), _short(measure="措施")]) == "未得满分的指标及其偏差原因、改进措施如下："


def test_with_auto_puts_the_data_sentences_last_in_one_paragraph():
    blocks = [AnalysisBlock(1, "甲", ["一。"]), AnalysisBlock(2, "乙", ["二。"]), AnalysisBlock(3, "丙", [])]
    assert S.with_auto(blocks, ["项目句。", "满意度句。"]) == [
        AnalysisBlock(1, "甲", ["一。"]), AnalysisBlock(2, "乙", ["二。"]), AnalysisBlock(3, "丙", ["此外，项目句。满意度句。"])]
    assert S.with_auto(blocks, []) == blocks
    assert S.with_auto([], ["项目句。"]) == []


# ------------------------------------------------------------------ field_texts

PROBLEMS = Block(field="problems", label="存在的主要问题", style="numbered", subheading=True)
MEASURES = Block(field="measures", label="改进措施", style="items", subheading=True)
PROCESS = Block(field="process", label="工作开展情况", standard=True)


def _field(ev, block, rules=RULES, fill=None):
    problems: list[Problem] = []
    return S.field_texts(ev, rules, fill or Recorder(), block, problems), problems


def test_a_listed_columns_items_lose_the_clerks_numbers_and_keep_their_cells():
    nar = Narrative(problems=["1、部分目标需调整；", "  ", " 二是效益待提高 "],
                    sources={"problems[1]": "文字材料!C30", "problems[2]": "文字材料!C31", "problems": "文字材料!C30"})
    out, problems = _field(_ev(narrative=nar), PROBLEMS)
    # the blank item is dropped before counting: the second item written is at problems[2]
    assert out == [("部分目标需调整；", "文字材料!C30"), ("效益待提高", "文字材料!C31")] and problems == []


def test_a_list_the_department_numbered_itself_is_kept_as_written():
    nar = Narrative(problems=["（1）目标需调整", "（3）效益待提高"])
    out, _ = _field(_ev(narrative=nar), PROBLEMS)
    assert [t for t, _ in out] == ["（1）目标需调整", "（3）效益待提高"]
    mixed = Narrative(problems=["（1）目标需调整", "二是效益待提高"])  # not every item: the report numbers them
    assert [t for t, _ in _field(_ev(narrative=mixed), PROBLEMS)[0]] == ["目标需调整", "效益待提高"]


def test_paragraphs_are_kept_as_written_lead_ins_included():
    nar = Narrative(process=["一是前期准备阶段。", "工作如下："])
    out, problems = _field(_ev(narrative=nar), PROCESS)
    assert out == [("一是前期准备阶段。", "文字材料：工作开展情况"), ("工作如下：", "文字材料：工作开展情况")]
    assert problems == []


def test_a_blank_column_takes_the_rules_standard_wording_at_the_columns_first_cell():
    fill = Recorder()
    nar = Narrative(sources={"process": "文字材料!C5"})
    out, _ = _field(_ev(narrative=nar), PROCESS, fill=fill)
    assert [t[:8] for t, _ in out] == ["一是前期准备阶段", "二是基础数据收集", "三是提交评价报告"]
    assert fill.cells == ["文字材料!C5"] * 3
    assert _field(_ev(), Block(field="process", label="工作开展情况"))[0] == []  # no standard: nothing
    # the rules have no standard wording for this 栏目: nothing
    assert _field(_ev(), Block(field="suggestions", label="问题和建议", standard=True))[0] == []


def test_the_standard_wording_is_at_the_columns_cell_even_where_a_blank_item_has_its_own():
    fill = Recorder()
    nar = Narrative(process=["  "], sources={"process[1]": "文字材料!C6", "process": "文字材料!C5"})
    _field(_ev(narrative=nar), PROCESS, fill=fill)
    assert fill.cells == ["文字材料!C5"] * 3


def test_a_listed_item_that_is_a_lead_in_goes_with_a_warning():
    nar = Narrative(measures=["整改措施如下：", "加强培训"], sources={"measures[1]": "文字材料!C40"})
    out, problems = _field(_ev(narrative=nar), MEASURES)
    assert out == [("加强培训", "文字材料：改进措施")]
    assert problems == [Problem("文字材料!C40", "改进措施",
                                "“整改措施如下：”是引导语，报告自己加标题和编号，报告中已略去这句", WARNING)]


# ------------------------------------------------------------------ section_parts and the lists

def _parts(section, blocks, texts=None, generated=None, analysis=(), shortfalls=(), legacy=False):
    printed: dict[str, list[str]] = {}
    problems: list[Problem] = []
    parts = S.section_parts(section, blocks, texts or {}, generated or {}, list(analysis), list(shortfalls),
                            printed, problems, legacy)
    return parts, printed, problems


S6 = Section(id="s6", level=1, number="六、", heading="绩效自评结果拟应用和公开情况")
S1_1 = Section(id="s1_1", level=2, number="（一）", heading="部门年度履职目标及主要任务")
APPLICATION = Block(field="application", label="结果应用和公开", standard=True, continue_subheadings=True)
APPLY_PLAN = Block(kind="value", value="narrative.apply_plan", label="结果应用和公开", continue_subheadings=True,
                   lead="绩效自评结果", default="将作为安排预算的依据", instead_of="application")
DISCLOSURE = Block(kind="value", value="narrative.disclosure", default="随决算公开", instead_of="application")
SIX = [PROBLEMS, MEASURES, APPLICATION, APPLY_PLAN, DISCLOSURE]
SIX_TEXTS = {"problems": [("部分绩效目标设定还需调整", "c1"), ("资金使用效益有待提高；", "c2")],
             "measures": [("强化培训", "c3"), ("加强管理", "c4")], "application": [("结果用于预算安排", "c5")]}
SIX_VALUES = {"value:narrative.apply_plan": [], "value:narrative.disclosure": []}


def test_section_six_numbers_its_sub_headings_and_items():
    parts, printed, problems = _parts(S6, SIX, SIX_TEXTS, SIX_VALUES)
    assert parts == [Part("heading", "（一）存在的主要问题", 2), Part("text", "一是部分绩效目标设定还需调整。"),
                     Part("text", "二是资金使用效益有待提高。"), Part("heading", "（二）改进措施", 2),
                     Part("text", "一是强化培训。"), Part("text", "二是加强管理。"),
                     Part("heading", "（三）结果应用和公开", 2), Part("text", "结果用于预算安排。")]
    assert printed == {"problems": ["部分绩效目标设定还需调整。", "资金使用效益有待提高。"],
                       "measures": ["强化培训。", "加强管理。"], "application": ["结果用于预算安排。"]}
    assert problems == []


def test_section_six_in_the_old_wording_is_the_reference_reports():
    # the seed's 六: “1、部分……”, “一是强化……”; 沿用原有写法 adds no （三） of its own
    parts, _, _ = _parts(S6, SIX, SIX_TEXTS, SIX_VALUES, legacy=True)
    assert parts == [Part("heading", "（一）存在的主要问题", 2), Part("text", "1、部分绩效目标设定还需调整。"),
                     Part("text", "2、资金使用效益有待提高。"), Part("heading", "（二）改进措施", 2),
                     Part("text", "一是强化培训。"), Part("text", "二是加强管理。"), Part("text", "结果用于预算安排。")]


def test_the_value_paragraphs_continue_the_sub_headings_when_the_column_is_blank():
    texts = {**SIX_TEXTS, "application": []}
    values = {"value:narrative.apply_plan": ["绩效自评结果将作为安排预算的依据。"],
              "value:narrative.disclosure": ["随决算公开。"]}
    parts, printed, _ = _parts(S6, SIX, texts, values)
    assert parts[-3:] == [Part("heading", "（三）结果应用和公开", 2), Part("text", "绩效自评结果将作为安排预算的依据。"),
                          Part("text", "随决算公开。")]
    assert printed["application"] == []
    assert _parts(S6, SIX, texts, values, legacy=True)[0][-2:] == [
        Part("text", "绩效自评结果将作为安排预算的依据。"), Part("text", "随决算公开。")]


def test_without_sub_headings_before_them_the_continuing_blocks_have_none():
    texts = {"problems": [], "measures": [], "application": [("结果用于预算安排", "c5")]}
    assert _parts(S6, SIX, texts, SIX_VALUES)[0] == [Part("text", "结果用于预算安排。")]
    values = {"value:narrative.apply_plan": ["绩效自评结果将作为安排预算的依据。"], "value:narrative.disclosure": []}
    texts = {"problems": [], "measures": [], "application": []}
    assert _parts(S6, SIX, texts, values)[0] == [Part("text", "绩效自评结果将作为安排预算的依据。")]


def test_a_sub_heading_only_for_a_column_with_items_and_numbered_in_order():
    texts = {**SIX_TEXTS, "problems": []}
    parts, printed, _ = _parts(S6, SIX, texts, SIX_VALUES)
    assert parts[:3] == [Part("heading", "（一）改进措施", 2), Part("text", "一是强化培训。"), Part("text", "二是加强管理。")]
    assert printed["problems"] == []
    # one item is written plainly, without 一是
    parts, _, _ = _parts(S6, SIX, {**SIX_TEXTS, "measures": [("强化培训；", "c3")]}, SIX_VALUES)
    assert parts[3:5] == [Part("heading", "（二）改进措施", 2), Part("text", "强化培训。")]


def test_sub_headings_of_a_level_2_section_are_numbered_1_dot():
    s = Section(id="s4_3", level=2, number="（三）", heading="问题")
    parts, _, _ = _parts(s, [PROBLEMS, MEASURES], SIX_TEXTS)
    assert [p for p in parts if p.kind == "heading"] == [Part("heading", "1.存在的主要问题", 3),
                                                         Part("heading", "2.改进措施", 3)]


def test_the_duty_goals_list_and_the_joined_tasks():
    duty = Block(field="duty_goals", label="部门年度履职目标", style="list", lead="部门年度履职目标")
    tasks = Block(field="main_tasks", label="主要任务", style="joined", lead="主要任务")
    texts = {"duty_goals": [("做好党建；", "a"), ("指导研究", "b")], "main_tasks": [("做好党组织工作", "c"), ("做好干部工作。", "d")]}
    parts, printed, _ = _parts(S1_1, [duty, tasks], texts)
    assert parts == [Part("text", "部门年度履职目标：一是做好党建；二是指导研究。"),
                     Part("text", "主要任务：做好党组织工作；做好干部工作。")]
    assert printed == {"duty_goals": ["部门年度履职目标：一是做好党建；二是指导研究。"],
                       "main_tasks": ["主要任务：做好党组织工作；做好干部工作。"]}
    # the seed's “部门年度履职目标: 1.做好……; 2.指导……” (沿用原有写法)
    assert _parts(S1_1, [duty, tasks], texts, legacy=True)[0][0] == Part("text", "部门年度履职目标：1.做好党建；2.指导研究。")
    one = {"duty_goals": [("做好党建；", "a")], "main_tasks": []}
    parts, printed, _ = _parts(S1_1, [duty, tasks], one)
    assert parts == [Part("text", "部门年度履职目标：做好党建。")] and printed["main_tasks"] == []
    own = {"duty_goals": [("（1）做好党建", "a"), ("（2）指导研究", "b")], "main_tasks": []}
    assert _parts(S1_1, [duty, tasks], own)[0] == [Part("text", "部门年度履职目标：（1）做好党建；（2）指导研究。")]


def test_numbered_and_items_styles_in_the_old_wording():
    items = Block(field="suggestions", label="问题和建议", style="items")
    numbered = Block(field="problems", label="存在的主要问题", style="numbered")
    texts = {"suggestions": [("甲", "a"), ("乙", "b")], "problems": [("丙", "c"), ("丁", "d")]}
    s7 = Section(id="s7", level=1, number="七、", heading="经验")
    assert _parts(s7, [items, numbered], texts, legacy=True)[0] == [
        Part("text", "一是甲。"), Part("text", "二是乙。"), Part("text", "1、丙。"), Part("text", "2、丁。")]
    own = {"suggestions": [("（1）甲", "a"), ("（2）乙", "b")], "problems": []}
    assert _parts(s7, [items, numbered], own)[0] == [Part("text", "（1）甲。"), Part("text", "（2）乙。")]


def test_generated_blocks_and_the_score_table():
    s3 = Section(id="s3", level=1, number="三、", heading="综合评价结论")
    blocks = [Block(kind="conclusion"), Block(kind="score_table", lead="各项指标得分情况如下：", label="各项指标得分情况表")]
    assert _parts(s3, blocks, generated={"conclusion": ["结论。"]})[0] == [
        Part("text", "结论。"), Part("text", "各项指标得分情况如下："), Part("table", "各项指标得分情况表"), Part("chart")]
    bare_table = [Block(kind="score_table", label="得分表")]
    assert _parts(s3, bare_table)[0] == [Part("table", "得分表"), Part("chart")]


def test_the_goal_and_the_indicator_setting():
    s1_2 = Section(id="s1_2", level=2, number="（二）", heading="目标")
    texts = {"overall_goal": [("年度整体绩效目标是推动全区组织工作高质量开展。", "")]}
    parts, printed, _ = _parts(s1_2, [Block(kind="goal"), Block(kind="indicator_setting")], texts,
                               {"indicator_setting": [SETTING_SEED]})
    assert parts == [Part("text", "年度整体绩效目标是推动全区组织工作高质量开展。"), Part("text", SETTING_SEED)]
    assert printed == {"overall_goal": ["年度整体绩效目标是推动全区组织工作高质量开展。"]}


def test_the_analysis_blocks_are_numbered_sub_headings():
    s4_2 = Section(id="s4_2", level=2, number="（二）", heading="部门绩效指标完成情况分析")
    blocks = [Block(kind="analysis"), Block(kind="value", value="narrative.satisfaction_note")]
    analysis = [AnalysisBlock(1, "投入管理指标情况分析", ["甲。", "乙。"]), AnalysisBlock(2, "产出指标情况分析", [])]
    parts, _, _ = _parts(s4_2, blocks, generated={"value:narrative.satisfaction_note": ["保证了各项工作顺利开展。"]},
                         analysis=analysis)
    assert parts == [Part("heading", "1.投入管理指标情况分析", 3), Part("text", "甲。"), Part("text", "乙。"),
                     Part("heading", "2.产出指标情况分析", 3), Part("text", "保证了各项工作顺利开展。")]
    s4 = Section(id="s4", level=1, number="四、", heading="分析")
    assert _parts(s4, blocks[:1], analysis=analysis[1:])[0] == [Part("heading", "（二）产出指标情况分析", 2)]
    # a value the outline places that says nothing: nothing
    assert _parts(s4, blocks[1:], generated={"value:narrative.satisfaction_note": []})[0] == []


SECTION5 = Block(field="section5", label="问题和措施说明")
S5 = Section(id="s5", level=1, number="五、", heading="发现的主要问题和改进措施")
SHORT = Shortfall("预算执行", "10", "3", "30%", "", "", "预算执行：分值10分，得分3分，得分率30%。")


def test_the_clerks_lead_in_to_the_shortfall_list_gives_way_to_the_reports_own():
    texts = {"section5": [("说明一。", "c8"), ("已整改。未得满分指标如下：", "c9")]}
    parts, printed, problems = _parts(S5, [SECTION5, Block(kind="shortfalls")], texts, shortfalls=[SHORT])
    assert parts == [Part("text", "说明一。"), Part("text", "已整改。"), Part("text", "未得满分的指标如下："),
                     Part("text", SHORT.text)]
    assert printed == {"section5": ["说明一。", "已整改。"]}
    assert problems == [Problem("c9", "问题和措施说明", "“未得满分指标如下：”与报告随后自动写出的“未得满分的指标……如下：”"
                                                  "重复，报告中已略去这句", WARNING)]
    only = {"section5": [("未得满分指标如下：", "c9")]}
    assert _parts(S5, [SECTION5, Block(kind="shortfalls")], only, shortfalls=[SHORT])[0] == [
        Part("text", "未得满分的指标如下："), Part("text", SHORT.text)]


def test_a_lead_in_followed_by_something_else_stays_and_one_followed_by_nothing_goes():
    texts = {"section5": [("问题如下：", "c9")], "problems": [("甲", "a"), ("乙", "b")]}
    blocks = [SECTION5, Block(kind="shortfalls"), PROBLEMS]
    parts, _, problems = _parts(S5, blocks, texts)  # no shortfall: the problems follow it
    assert parts[0] == Part("text", "问题如下：") and problems == []
    parts, printed, problems = _parts(S5, blocks, {**texts, "problems": []})
    assert parts == [] and printed["section5"] == []
    assert problems == [Problem("c9", "问题和措施说明", "“问题如下：”后面没有内容（请补写要列出的内容，或删去这句），报告中已略去这句",
                                WARNING)]
    # the shortfall list is not the next block: the lead-in is the clerk's own, followed by it
    parts, _, problems = _parts(S5, [SECTION5, PROBLEMS, Block(kind="shortfalls")],
                                {**texts, "problems": []}, shortfalls=[SHORT])
    assert parts[0] == Part("text", "问题如下：") and problems == []


def test_a_lead_in_paragraph_keeps_its_colon_without_a_full_stop():
    # found by these tests: “自评工作分三个阶段：” was printed “自评工作分三个阶段：。”
    s2 = Section(id="s2", level=1, number="二、", heading="绩效自评工作开展情况")
    texts = {"process": [("自评工作分三个阶段:", "a"), ("一是前期准备阶段", "b"), ("二是报告撰写阶段。", "c")]}
    assert _parts(s2, [PROCESS], texts)[0] == [Part("text", "自评工作分三个阶段:"), Part("text", "一是前期准备阶段。"),
                                               Part("text", "二是报告撰写阶段。")]


def test_a_closing_lead_in_goes_whatever_came_before_it():
    texts = {"problems": [("甲", "a"), ("乙", "b")], "section5": [("已整改。问题如下：", "c9")]}
    parts, printed, problems = _parts(S5, [PROBLEMS, SECTION5], texts)
    assert parts[-1] == Part("text", "已整改。") and printed["section5"] == ["已整改。"]
    assert [p.where for p in problems] == ["c9"]


def test_a_lead_in_followed_by_the_very_next_block_stays():
    texts = {"section5": [("问题如下：", "c9")], "problems": [("甲", "a"), ("乙", "b")]}
    parts, _, problems = _parts(S5, [SECTION5, PROBLEMS], texts)
    assert parts[0] == Part("text", "问题如下：") and problems == []
    # followed by another paragraphs 栏目 with text
    s7 = Section(id="s7", level=1, number="七、", heading="经验")
    other = Block(field="experience", label="经验")
    texts = {"process": [("做法如下：", "c1")], "experience": [("一是认真筹划", "c2")]}
    assert _parts(s7, [PROCESS, other], texts)[0] == [Part("text", "做法如下："), Part("text", "一是认真筹划。")]


def test_the_doubled_lead_in_is_judged_by_the_very_next_block_only():
    texts = {"section5": [("未得满分指标如下：", "c9")], "problems": [("甲", "a"), ("乙", "b")]}
    # the shortfall list comes next: the clerk's lead-in goes although the problems follow too
    parts, _, problems = _parts(S5, [SECTION5, Block(kind="shortfalls"), PROBLEMS], texts, shortfalls=[SHORT])
    assert parts[:2] == [Part("text", "未得满分的指标如下："), Part("text", SHORT.text)]
    assert "重复" in problems[0].message
    # the problems come next, the list after them: the lead-in is the clerk's own, and stays
    parts, _, problems = _parts(S5, [SECTION5, PROBLEMS, Block(kind="shortfalls")], texts, shortfalls=[SHORT])
    assert parts[0] == Part("text", "未得满分指标如下：") and problems == []


def test_continued_sub_headings_of_a_level_2_section_are_numbered_1_dot():
    s = Section(id="s4_3", level=2, number="（三）", heading="问题")
    other = Block(field="other", label="其他说明", continue_subheadings=True)
    texts = {**SIX_TEXTS, "other": [("无", "x")]}
    assert _parts(s, [PROBLEMS, other], texts)[0][-2] == Part("heading", "2.其他说明", 3)
    values = {"value:narrative.apply_plan": ["绩效自评结果将作为安排预算的依据。"]}
    assert _parts(s, [PROBLEMS, APPLY_PLAN], SIX_TEXTS, values)[0][-2] == Part("heading", "2.结果应用和公开", 3)


def test_a_paragraph_column_continues_the_sub_headings():
    other = Block(field="other", label="其他说明", continue_subheadings=True)
    texts = {**SIX_TEXTS, "other": [("无", "x")]}
    parts, printed, _ = _parts(S6, [PROBLEMS, other], texts)
    assert parts[-2:] == [Part("heading", "（二）其他说明", 2), Part("text", "无。")]
    assert printed["other"] == ["无。"]
    assert _parts(S6, [PROBLEMS, other], texts, legacy=True)[0][-1:] == [Part("text", "无。")]
    assert _parts(S6, [other], texts)[0] == [Part("text", "无。")]
