"""The report's automatic sentences, each defined once: its wording and its named figures (pure).

Each sentence is a :class:`~.sentence_model.Sentence`: clauses of wording with figure slots such as
``{budget.initial:money}`` (the figure's name and its kind: how it is written — 万元, %, 个, 分 … — and how it
is read back).  The report writes a sentence from figure values (:meth:`Sentence.render`); ``xlperf import``
finds the same sentence in last year's report with a pattern generated from the same clauses
(:meth:`Sentence.read`) and gets the figures back.  Rewording a sentence here rewords the report and what
import recognises, together.

Figure names: ``year``, ``kind`` (部门整体 / 项目支出), the model's fields (``budget.initial``,
``projects.total``, ``satisfaction.target``, ``previous.total`` …), the scored ``total`` / ``grade`` and
``facts.<name>`` (:data:`xlperf.domain.evaluate.FACT_LABELS`); :func:`figures_of` gives them for an evaluation.
Figures a sentence computes for itself (a difference, a comparison) are made by its ``derive``; ``say.*``
figures are what the report decides (which parts to say, a change carried inside).
Imports neither openpyxl nor xlwings nor Jinja2.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any, Callable, Optional

from ..domain.evaluate import Result
from ..domain.model import Evaluation
from ..domain.numbers import NumberFormat
from .words import self_word
from .sentence_model import KINDS, SENTENCES, Clause, Kind, Sentence, Values

__all__ = ["KINDS", "SENTENCES", "Clause", "Kind", "Sentence", "figures_of", "prev_name", "read_all", "render"]


# --------------------------------------------------------------------------- the figures of an evaluation


def prev_name(year: Optional[int], prev_year: Optional[int]) -> str:
    """“上年”, or “2019年” when the 上年年度 filled in is not the year before."""
    return "上年" if prev_year is None or year is None or prev_year == year - 1 else f"{prev_year}年"


def satisfaction_name(ev: Evaluation) -> str:
    """The 满意度 indicator's name as the form writes it (家长满意度, 服务对象满意度): the 三级 indicator that
    takes the 满意度 figure, else one whose name says 满意度; “服务对象满意度” when the form has none."""
    leaves = [n for n in ev.leaves()]
    for pick in (lambda n: n.actual_ref == "满意度", lambda n: "满意" in n.name):
        found = next((n for n in leaves if pick(n)), None)
        if found is not None:
            name = re.sub(r"指标$", "", found.name.strip())  # 服务对象满意度指标 → 服务对象满意度
            if name.endswith("满意度") and name != "满意度":  # a bare “满意度” names nobody: the default
                return name
    return "服务对象满意度"


def figures_of(ev: Evaluation, result: Result) -> dict[str, Any]:
    """Every named figure of ``ev`` as scored in ``result`` (None = not filled in)."""
    s, prev = ev.satisfaction, ev.previous
    values: dict[str, Any] = {"year": ev.year, "unit": ev.unit, "kind": result.profile.kind or "部门整体",
                              "self": self_word(ev.unit, ev.self_name), "satisfaction_name": satisfaction_name(ev),
                              "total": result.total, "grade": result.grade or None,
                              "grades": [label for _, label in result.profile.bands]}  # highest first
    for part, names in (("budget", ("initial", "adjusted", "executed", "basic", "project", "three_public_budget",
                                    "three_public_actual", "three_public_prev")),
                        ("projects", ("total", "monitored", "self_evaluated", "dept_evaluations",
                                      "dept_evaluations_done")),
                        ("satisfaction", ("target", "achieved")),
                        ("previous", ("year", "total", "exec_rate", "projects_total"))):
        obj = getattr(ev, part)
        values.update({f"{part}.{name}": getattr(obj, name) for name in names})
    values["satisfaction.target_text"] = (s.target_text or "").strip() or None
    values["previous.grade"] = (prev.grade or "").strip() or None
    values.update({f"facts.{k}": v for k, v in result.facts.items()})
    return values


# --------------------------------------------------------------------------- the sentences


def _given(*names: str) -> Callable[[Values], bool]:
    return lambda v: all(v.get(n) is not None for n in names)


_BUDGET = "{year:year}年度，{self:self}预算年初数为{budget.initial:money}万元，调整预算数为{budget.adjusted:money}万元，"
_BUDGET_NEEDS = ("year", "budget.initial", "budget.adjusted", "budget.executed")

#: {预算执行情况}: the budget's amounts and rates (as a clerk's text places it)
BUDGET_SUMMARY = Sentence("预算执行情况", (
    Clause(_BUDGET + "预算执行金额为{budget.executed:money}万元"),
    Clause("预算执行率{facts.执行率:rate}"),
    Clause("结转结余率{facts.结转结余率:rate}"),
), needs=_BUDGET_NEEDS)

#: 四（一）'s first sentence (the report's own; no 结转结余率); ``say.exec_change`` (set by the report when no
#: {执行率同比} places it) puts the 执行率 change after the 执行率
FUNDS = Sentence("资金情况", (
    Clause(_BUDGET + "预算执行金额{budget.executed:money}万元"),
    Clause("预算执行率{facts.执行率:rate}"),
    Clause("{say.exec_change:执行率同比}", joined=True, when=_given("facts.执行率")),
), needs=_BUDGET_NEEDS)

#: 四（一）: the 执行率 by the other denominator, when it prints differently
OTHER_BASE = Sentence("另一口径执行率", (Clause("按{base:text}计算，预算执行率为{rate:rate}"),), needs=("base", "rate"))

#: {三公经费情况}
THREE_PUBLIC = Sentence("三公经费情况", (
    Clause("“三公”经费年初预算{budget.three_public_budget:wan}万元"),
    Clause("实际支出{budget.three_public_actual:wan}万元"),
), needs=("budget.three_public_budget", "budget.three_public_actual"))


def _sign(d) -> int:
    return (d > 0) - (d < 0)


def _three_public_derive(v: Values, f: NumberFormat) -> dict:
    """The change from the amounts as printed (万元, two places): printed − printed = the printed difference,
    and the 增长/下降 rate is that difference over last year's printed amount; a base printed 0 is no base."""
    now, prev = v.get("budget.three_public_actual"), v.get("budget.three_public_prev")
    if now is None or prev is None:
        return {}
    now, prev = f.shown_money(now), f.shown_money(prev)
    diff = now - prev
    return {"change.direction": _sign(diff), "change.amount": abs(diff),
            "change.rate": None if prev == 0 else abs(diff) / prev, "change.no_base": prev == 0}


def _based(v: Values) -> bool:
    """Last year's figure is a base to compare with: known and not 0 (against 0 the report states, not compares)."""
    return v.get("change.direction") is not None and not v.get("change.no_base")


def _up(v: Values) -> bool:
    return v.get("change.direction") == 1


def _down(v: Values) -> bool:
    return v.get("change.direction") == -1


def _same(v: Values) -> bool:
    return v.get("change.direction") == 0


def _and(*tests: Callable[[Values], bool]) -> Callable[[Values], bool]:
    return lambda v: all(t(v) for t in tests)


#: last year's “三公”经费 was 0: a plain statement, never “与去年同期0万元比增加……”
_NO_BASE = "去年同期未发生“三公”经费支出"

#: the “三公”经费 against last year: what follows “与去年同期X万元比”
_THREE_PUBLIC_COMPARED = (
    Clause("持平", when=_and(_based, _same), sep=""),
    Clause("增加{change.amount:wan}万元", when=_and(_based, _up), sep=""),
    Clause("减少{change.amount:wan}万元", when=_and(_based, _down), sep=""),
    Clause("增长{change.rate:rate}", when=_and(_based, _up), joined=True),
    Clause("下降{change.rate:rate}", when=_and(_based, _down), joined=True),
)

#: {三公经费变动} (and {三公经费同比}): this year's “三公”经费 against last year's (REPORTS.md §2); against a
#: last year of 0 it states that instead of comparing
THREE_PUBLIC_CHANGE = Sentence("三公经费变动", (
    Clause("{year:year}年“三公”经费支出{budget.three_public_actual:wan}万元，", head=True),
    Clause("与去年同期{budget.three_public_prev:wan}万元比", when=_based, sep=""),
    Clause(_NO_BASE, when=lambda v: bool(v.get("change.no_base")), sep=""),
    *_THREE_PUBLIC_COMPARED,
), needs=("year", "budget.three_public_actual", "budget.three_public_prev"), derive=_three_public_derive)


def _flag(name: str) -> Callable[[Values], bool]:
    return lambda v: bool(v.get(name))


#: 四（一）'s one “三公”经费 sentence: only the parts no placeholder and no clerk's words state already
#: (flags ``say.budget`` / ``say.actual`` / ``say.change``, set by the report)
THREE_PUBLIC_AUTO = Sentence("三公经费", (
    Clause("{year:year}年“三公”经费", when=_flag("say.change"), head=True),
    Clause("“三公”经费", when=lambda v: not v.get("say.change"), head=True),
    Clause("年初预算{budget.three_public_budget:wan}万元", when=_flag("say.budget")),
    Clause("实际支出{budget.three_public_actual:wan}万元", when=_flag("say.actual")),
    Clause("与去年同期{budget.three_public_prev:wan}万元比",
           when=lambda v: v.get("say.change") and v.get("say.actual") and _based(v)),
    Clause("实际支出与去年同期{budget.three_public_prev:wan}万元比",
           when=lambda v: v.get("say.change") and not v.get("say.actual") and _based(v)),
    Clause(_NO_BASE, when=lambda v: bool(v.get("say.change") and v.get("say.actual") and v.get("change.no_base"))),
    Clause("实际支出与去年同期均为零", when=lambda v: bool(v.get("say.change") and not v.get("say.actual")
                                                 and v.get("change.no_base") and v.get("change.direction") == 0)),
    Clause("去年同期为零", when=lambda v: bool(v.get("say.change") and not v.get("say.actual")
                                           and v.get("change.no_base") and v.get("change.direction") != 0)),
    *(Clause(c.text, when=(lambda c: lambda v: v.get("say.change") and c.when(v))(c), sep=c.sep, joined=c.joined)
      for c in _THREE_PUBLIC_COMPARED),
), needs=("budget.three_public_actual",), derive=_three_public_derive)

#: {预算构成}
BUDGET_MAKEUP = Sentence("预算构成", (
    Clause("部门预算总金额{budget.adjusted:wan}万元，其中：", head=True),
    Clause("基本支出{budget.basic:wan}万元"),
    Clause("项目支出{budget.project:wan}万元"),
), needs=("budget.adjusted",), when=lambda v: v.get("budget.basic") is not None or v.get("budget.project") is not None)

#: 四（一）: 基本支出 and 项目支出 not stated yet (flags ``say.basic`` / ``say.project``, set by the report)
BUDGET_MAKEUP_AUTO = Sentence("预算构成补充", (
    Clause("调整预算数中，", head=True),
    Clause("基本支出{budget.basic:wan}万元", when=_flag("say.basic")),
    Clause("项目支出{budget.project:wan}万元", when=_flag("say.project")),
), when=lambda v: bool(v.get("say.basic") or v.get("say.project")))


def _perf_read(v: dict) -> dict:
    n, rate = v.get("projects.dept_evaluations"), v.get("facts.部门评价完成率")
    return {} if n is None or rate is None else {"projects.dept_evaluations_done": round(n * rate)}


#: {绩效管理情况}: the counts the clerk filled (a blank count is not a 0); ``say.projects_change`` (set by
#: the report when no {项目数同比} places it) puts the 项目数 change beside the 项目数
PERF_MANAGEMENT = Sentence("绩效管理情况", (
    Clause("{year:year}年{self:self}共有项目{projects.total:count}个"),
    Clause("{say.projects_change:项目数同比}", joined=True),
    Clause("开展绩效监控项目{projects.monitored:count}个"),
    Clause("绩效监控完成率{facts.绩效监控完成率:rate}", joined=True),
    Clause("开展绩效自评项目{projects.self_evaluated:count}个"),
    Clause("绩效自评完成率{facts.绩效自评完成率:rate}", joined=True),
    Clause("{kind:kind}绩效自评已完成"),
    Clause("部门绩效评价{projects.dept_evaluations:count}个", when=_flag("projects.dept_evaluations")),
    Clause("完成率{facts.部门评价完成率:rate}", joined=True, when=_flag("projects.dept_evaluations")),
), when=lambda v: any(v.get(f"projects.{n}") is not None for n in ("total", "monitored", "self_evaluated")),
    infer=_perf_read)


def _satisfaction_derive(v: Values, f: NumberFormat) -> dict:
    text, target, achieved = v.get("satisfaction.target_text"), v.get("satisfaction.target"), v.get(
        "satisfaction.achieved")
    if not text and target is not None:
        text = "≥" + f.rate(target)
    out = {"shown.target_text": text or None}
    if target is not None and achieved is not None:
        out["change.direction"] = (achieved > target) - (achieved < target)
    return out


def _satisfaction_read(v: dict) -> dict:
    """What a 满意度 sentence read back implies (:meth:`Sentence.read` keeps every figure the text states, so
    these fill only the ones it does not): the target met, and the target from 年度指标值's number."""
    out = {}
    if v.get("satisfaction.target") is not None:
        out["satisfaction.achieved"] = v["satisfaction.target"]  # “完成满意度90%的目标”: achieved it exactly
    text = v.get("shown.target_text")
    if text:
        out["satisfaction.target_text"] = text
        m = re.search(r"\d+(?:\.\d+)?(?=[%％])", text)
        if m:
            out["satisfaction.target"] = Decimal(m.group(0)) / 100
    return out


#: {满意度情况}
SATISFACTION = Sentence("满意度情况", (
    Clause("{year:year}年{satisfaction_name:satisfaction}", head=True),
    Clause("为{satisfaction.achieved:rate}", when=lambda v: v.get("shown.target_text") is None, sep=""),
    Clause("年度指标值{shown.target_text:text}", sep=""),
    Clause("实际满意度{satisfaction.achieved:rate}",
           when=lambda v: v.get("shown.target_text") is not None and v.get("change.direction") != 0),
    Clause("完成满意度{satisfaction.target:rate}的目标", when=lambda v: v.get("change.direction") in (0, 1)),
    Clause("未完成满意度{satisfaction.target:rate}的目标", when=lambda v: v.get("change.direction") == -1),
), needs=("year",), derive=_satisfaction_derive,
    when=lambda v: v.get("satisfaction.achieved") is not None,
    infer=_satisfaction_read)


# --------------------------------------------------------------------------- year on year (上年情况)


def _since(v: Values) -> str:
    return prev_name(v.get("year"), v.get("previous.year"))


def _change(v: Values, now: Decimal, prev: Decimal, scale: int = 1) -> dict:
    """A change between two figures as printed (``now``, ``prev``: the printed numbers): its size (÷ ``scale``,
    in the unit its kind writes) and direction; against a printed 0 there is no base (direction None: the
    sentence states last year's 0 instead of comparing with it)."""
    diff = now - prev
    return {"since": _since(v), "change.amount": abs(diff) / scale, "change.no_base": prev == 0,
            "change.direction": None if prev == 0 else _sign(diff)}


#: last year's figure was 0: stated, not compared with
_ZERO_BASE = _flag("change.no_base")


def _score_derive(v: Values, f: NumberFormat) -> dict:
    return _change(v, f.shown_score(v["total"]), f.shown_score(v["previous.total"]))


def _figure_change(name: str, previous: str, amount: str, needs: tuple[str, ...], derive,
                   more: str = "提高", less: str = "降低") -> Sentence:
    """A figure against last year's, both as printed: “与上年持平”, “较上年（{previous}）{more}{amount}” (or
    ``less``), or — against last year's 0 — only last year's figure: “上年为{previous}”."""
    return Sentence(name, (
        Clause("与{since:since}持平", when=_same),
        Clause(f"较{{since:since}}（{previous}）{more}{amount}", when=_up),
        Clause(f"较{{since:since}}（{previous}）{less}{amount}", when=_down),
        Clause(f"{{since:since}}为{previous}", when=_ZERO_BASE),
    ), needs=needs, derive=derive)


#: {总分同比}: “较上年（88.5分）提高2.5分”, the change from the two scores as printed
SCORE_CHANGE = _figure_change("总分同比", "{previous.total:score}分", "{change.amount:score}分",
                              ("total", "previous.total"), _score_derive)


def _grade_derive(v: Values, f: NumberFormat) -> dict:
    prev, now, order = v["previous.grade"], v["grade"], v.get("grades") or []
    direction = 0 if prev == now else None  # None: a grade outside this form's table (another year's rules)
    if prev != now and prev in order and now in order:
        direction = _sign(order.index(prev) - order.index(now))  # the table lists the highest grade first
    return {"since": _since(v), "change.direction": direction, "change.other": prev != now and direction is None}


#: {等级同比}: “等级由“良”提升为“优””, “与上年同为“优””, “等级由“良好”变为“优””
GRADE_CHANGE = Sentence("等级同比", (
    Clause("与{since:since}同为“{grade:grade}”", when=_same),
    Clause("等级由“{previous.grade:grade}”提升为“{grade:grade}”", when=_up),
    Clause("等级由“{previous.grade:grade}”下降为“{grade:grade}”", when=_down),
    Clause("等级由“{previous.grade:grade}”变为“{grade:grade}”", when=_flag("change.other")),
), needs=("grade", "previous.grade"), derive=_grade_derive)


def _exec_derive(v: Values, f: NumberFormat) -> dict:
    return _change(v, f.shown_points(v["facts.执行率"]), f.shown_points(v["previous.exec_rate"]), 100)


#: {执行率同比}: in percentage points, at the places the rules print every percentage, from the two rates as
#: printed: “较上年（85%）提高5个百分点” (98% against 24.19% printed 24% → 74, never 73.45)
EXEC_RATE_CHANGE = _figure_change("执行率同比", "{previous.exec_rate:rate}", "{change.amount:points}个百分点",
                                  ("facts.执行率", "previous.exec_rate"), _exec_derive)


def _projects_derive(v: Values, f: NumberFormat) -> dict:
    return _change(v, Decimal(v["projects.total"]), Decimal(v["previous.projects_total"]))


#: {项目数同比}: “较上年（25个）增加4个”
PROJECTS_CHANGE = _figure_change("项目数同比", "{previous.projects_total:count}个", "{change.amount:count}个",
                                 ("projects.total", "previous.projects_total"), _projects_derive, "增加", "减少")


# --------------------------------------------------------------------------- 三、综合评价结论

#: the conclusion's score sentence (after “根据……评分[，其中……]，”); a total not computed is written “—”
FINAL_SCORE = Sentence("最终得分", (
    Clause("{self:self}{year:year}年{kind:kind}绩效最终得分为{total:score}分"),
), needs=("year", "kind"), derive=lambda v, f: {"total": "—" if v.get("total") is None else v["total"]})

#: the conclusion's grade sentence (after the grade table's wording)
FINAL_GRADE = Sentence("评价等级", (Clause("{self:self}整体绩效评价等级为“{grade:grade}”"),),
                       derive=lambda v, f: {"grade": v.get("grade") or ""})


def _scored(v: Values, f: NumberFormat) -> dict:
    """An indicator's 分值, 得分 and 得分率 (one not computed is written “—”)."""
    return {k: "—" if v.get(k) is None else v[k] for k in ("weight", "score", "rate")}


#: 四（二）: a level-1 indicator the clerk wrote nothing about: its score instead (``name`` its 设置 label)
INDICATOR_SCORE = Sentence("指标得分", (
    Clause("{name:name}分值{weight:score}分，得分{score:score}分，得分率{rate:rate}"),
), needs=("name",), derive=_scored)

#: 五: an indicator below full marks (its 偏差原因 and 改进措施 follow)
SHORTFALL = Sentence("未得满分", (
    Clause("{name:name}：分值{weight:score}分，得分{score:score}分，得分率{rate:rate}"),
), needs=("name",), derive=_scored)


#: 三、after the grade sentence: the 总分 and 等级 changes no placeholder placed (``say.score`` / ``say.grade``)
YOY_CONCLUSION = Sentence("总分等级同比", (
    Clause("总分{say.score:总分同比}"),
    Clause("等级{say.grade:等级同比}", when=lambda v: not (v.get("say.grade") or "").startswith("等级")),
    Clause("{say.grade:等级同比}", when=lambda v: (v.get("say.grade") or "").startswith("等级")),
))


#: every sentence by name; what ``xlperf import`` looks for in last year's report, in this order
SENTENCES.update({s.name: s for s in (
    BUDGET_SUMMARY, FUNDS, OTHER_BASE, THREE_PUBLIC, THREE_PUBLIC_CHANGE, THREE_PUBLIC_AUTO, BUDGET_MAKEUP,
    BUDGET_MAKEUP_AUTO, PERF_MANAGEMENT, SATISFACTION, SCORE_CHANGE, GRADE_CHANGE, EXEC_RATE_CHANGE,
    PROJECTS_CHANGE, FINAL_SCORE, FINAL_GRADE, YOY_CONCLUSION, INDICATOR_SCORE, SHORTFALL)})


def render(name: str, values: Values, f: NumberFormat) -> Optional[str]:
    """The sentence ``name`` for ``values`` (None when it says nothing)."""
    return SENTENCES[name].render(values, f)


def read_all(text: str) -> dict[str, Any]:
    """Every figure the automatic sentences state in ``text`` (the first statement of each wins)."""
    out: dict[str, Any] = {}
    for sentence in SENTENCES.values():
        for values in sentence.read(text):
            for name, value in values.items():
                out.setdefault(name, value)
    return out
