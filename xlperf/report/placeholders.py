"""The data sentences a report states and the placeholders a clerk may write for them (pure core).

Clerk free text may hold placeholders such as ``{预算执行情况}``; the one table :data:`PLACEHOLDERS` says
which exist.  They are filled by plain text replacement (clerk text is data, never a template, :class:`Filler`);
an unknown ``{名称}`` or one without data is an error at its cell (:data:`NEEDS` names the data it waits for),
so no raw placeholder reaches a report.  The sentences' wording and figures are defined once, in
:mod:`.sentences`; the importer reads them from there.
"""

from __future__ import annotations

import re
from typing import Callable, Optional

from ..domain.evaluate import Result
from ..domain.model import Evaluation
from ..domain.numbers import NumberFormat
from ..domain.problems import WARNING, Problem
from ..domain.sheets import S_TEXT
from .sentences import SENTENCES, figures_of
from .words import fullwidth_punctuation, official_spelling, one_self_word


def say(name: str, ev: Evaluation, result: Result, f: NumberFormat, **extra) -> Optional[str]:
    """The automatic sentence ``name`` for this evaluation (``extra``: figures the report decides)."""
    return SENTENCES[name].render({**figures_of(ev, result), **extra}, f)


# The data sentences (their wording, figures and examples are in :mod:`.sentences`) and the year-on-year
# changes (上年情况) a clerk may place, each filled by the sentence of the same name.
_SAID = {
    "预算执行情况": "年初数、调整数、执行金额、执行率、结转结余率",
    "三公经费情况": "“三公”经费年初预算与实际支出（预算资金表）",
    "三公经费变动": "“三公”经费本年与上年支出（预算资金表）",
    "预算构成": "基本支出、项目支出（预算资金表）",
    "绩效管理情况": "项目数、绩效监控、绩效自评、部门评价",
    "满意度情况": "满意度目标与实际（预算资金表）",
    "总分同比": "总分与上年比较（需填上年总分）",
    "等级同比": "等级与上年比较（需填上年等级）",
    "执行率同比": "预算执行率与上年比较（需填上年预算执行率）",
    "项目数同比": "项目数与上年比较（需填项目数、上年项目数）",
    "三公经费同比": "“三公”经费本年与上年支出（同“三公经费变动”）",
}


def _saying(name: str) -> Callable[[Evaluation, Result, NumberFormat], Optional[str]]:
    """The placeholder ``name``'s value: the automatic sentence it names, None without its figures."""
    return lambda ev, result, f: say(name, ev, result, f)


#: placeholders that state what another one states (a clerk's {三公经费同比} places the “三公”经费 change)
SAME_AS = {"三公经费同比": "三公经费变动"}


def with_projects_change(ev: Evaluation, result: Result, f: NumberFormat, values: dict[str, Optional[str]],
                          used: set[str]) -> None:
    """The 项目数 change goes with the 项目数 in the 绩效管理情况 sentence, unless {项目数同比} places it."""
    change = values.get("项目数同比")
    if change and values.get("绩效管理情况") and "项目数同比" not in used:
        values["绩效管理情况"] = say("绩效管理情况", ev, result, f, **{"say.projects_change": change})


def yoy_conclusion(values: dict[str, Optional[str]], used: set[str]) -> str:
    """After the conclusion's 等级 sentence: the 总分 and 等级 changes the clerk's text did not place."""
    flags = {f"say.{key}": values.get(name) if name not in used else None
           for key, name in (("score", "总分同比"), ("grade", "等级同比"))}
    text = SENTENCES["总分等级同比"].render(flags, NumberFormat())  # (its figures are words: no places to follow)
    return text + "。" if text else ""


#: The placeholders a clerk may write in any free text: name → (what it is, how it is computed).
PLACEHOLDERS: dict[str, tuple[str, Callable[[Evaluation, Result, NumberFormat], Optional[str]]]] = {
    "年度": ("年度", lambda ev, r, f: str(ev.year)),
    "单位": ("单位名称", lambda ev, r, f: ev.unit),
    "总分": ("总分", lambda ev, r, f: f.score(r.total)),
    "等级": ("评价等级", lambda ev, r, f: r.grade),
    "执行率": ("预算执行率", lambda ev, r, f: None if r.facts.get("执行率") is None else f.rate(r.facts["执行率"])),
    "细化率": ("预算编制细化率（预算资金表）", lambda ev, r, f: ev.budget.detail_rate_text.strip() or None),
    **{name: (what, _saying(SAME_AS.get(name, name))) for name, what in _SAID.items()},
}

#: What a placeholder needs, named as the form names it: the message of a placeholder that has no data
#: (an error: the report never prints a raw {名称}).
NEEDS: dict[str, str] = {
    "年度": "基本情况表的“年度”",
    "单位": "基本情况表的“单位名称”",
    "总分": "指标评分表各末级指标的得分",
    "等级": "指标评分表各末级指标的得分",
    "执行率": "预算资金表的“调整预算数（全年预算数）”和“预算执行金额（执行数）”",
    "细化率": "预算资金表的“预算编制细化率（表述）”",
    "预算执行情况": "预算资金表的“年初预算数”“调整预算数（全年预算数）”“预算执行金额（执行数）”",
    "三公经费情况": "预算资金表的“三公”经费年初预算和实际支出",
    "三公经费变动": "预算资金表的“三公”经费实际支出和上年支出",
    "预算构成": "预算资金表的“其中：基本支出”和“其中：项目支出”",
    "绩效管理情况": "预算资金表的“项目数”等项目与绩效管理数字",
    "满意度情况": "预算资金表的“满意度目标值”和“实际满意度”",
    "总分同比": "预算资金表的“上年总分”",
    "等级同比": "预算资金表的“上年等级”",
    "执行率同比": "预算资金表的“上年预算执行率”",
    "项目数同比": "预算资金表的“项目数”和“上年项目数”",
}
NEEDS.update({name: NEEDS[same] for name, same in SAME_AS.items()})  # the same data as the one it restates

#: a placeholder: {名称} or ｛名称｝ (full-width braces, as a Chinese input method types them)
PLACEHOLDER = re.compile(r"[{｛]\s*([^{}｛｝\s]{1,20})\s*[}｝]")
#: any pair of braces (what is left of a text after its placeholders is searched for lone braces)
_BRACES = re.compile(r"[{｛][^{}｛｝]*[}｝]")
_WORD_AFTER = re.compile(r"[^\s，。；、：,.;:{}｛｝]{0,10}")
_WORD_BEFORE = re.compile(r"[^\s，。；、：,.;:{}｛｝]{0,10}$")


def _known() -> str:
    return "、".join(f"{{{k}}}" for k in PLACEHOLDERS)


def brace_problems(text: str, where: str) -> list[Problem]:
    """Problems about braces in clerk text that are no placeholder, each naming the placeholders there are:
    an unknown {名称} or an empty {} is an error (the report would print it raw); a brace without its partner
    (“{等级”, “等级}”) is a warning."""
    out = []
    for m in _BRACES.finditer(text):
        name = m.group(0)[1:-1].strip()
        if not name:
            out.append(Problem(where, S_TEXT, f"空的花括号“{m.group(0)}”，报告不能照印：请删去或写成占位符；"
                                                f"占位符写作{{名称}}，可用的占位符：{_known()}"))  # an error
        elif name not in PLACEHOLDERS:
            out.append(Problem(where, S_TEXT, f"未知的占位符“{m.group(0)}”，报告不能照印：请改正或删去花括号；"
                                                f"可用的占位符：{_known()}"))  # an error
    rest = _BRACES.sub(lambda m: "\0" * len(m.group(0)), text)  # same length: positions still match
    for m in re.finditer(r"[{｛}｝]", rest):
        i = m.start()
        if m.group(0) in ("{", "｛"):
            bit, missing = text[i] + _WORD_AFTER.match(text, i + 1).group(0), "右花括号“}”"
        else:
            bit, missing = _WORD_BEFORE.search(text[:i]).group(0) + text[i], "左花括号“{”"
        out.append(Problem(where, S_TEXT, f"“{bit}”缺少{missing}，报告中照原样保留；占位符写作{{名称}}，"
                                            f"可用的占位符：{_known()}", WARNING))
    return out


class Filler:
    """Fills placeholders in clerk text, records every one it cannot fill (an error: no raw {名称} is ever
    printed) and every lone brace (a warning), and puts
    the text in the report's spelling: “三公”经费, and full-width punctuation unless 设置 turns it off."""

    def __init__(self, values: dict[str, Optional[str]], problems: list[Problem], fullwidth: bool = True,
                 self_name: str = ""):
        self.values, self.problems, self.fullwidth, self.self_name = values, problems, fullwidth, self_name

    def __call__(self, text: str, where: str) -> str:
        def repl(m: re.Match) -> str:
            name = m.group(1)
            value = self.values.get(name)
            if value is not None:
                return value
            if name in PLACEHOLDERS:
                msg = f"占位符“{{{name}}}”缺少数据，报告不能照印：请填写{NEEDS[name]}，或删去这个占位符"
                self.problems.append(Problem(where, S_TEXT, msg))  # an error (a Problem's severity unless said)
            return m.group(0)

        self.problems.extend(brace_problems(text, where))
        if self.self_name:  # the clerk's words only: a placeholder's sentence says it as it is defined
            text = one_self_word(text, self.self_name)
        text = PLACEHOLDER.sub(repl, text)
        if self.fullwidth:
            text = fullwidth_punctuation(text)
        return official_spelling(text)



def used_placeholders(ev: Evaluation) -> set[str]:
    """Placeholder names the clerk's own text uses anywhere (narrative and indicator reasons)."""
    nar = ev.narrative
    texts: list[str] = [nar.overall_goal, nar.satisfaction_note, *nar.analysis.values()]
    for _, items in nar.all_items():
        texts.extend(items)
    for ind in ev.walk():
        texts.extend((ind.deviation_reason, ind.improvement))
    return {m.group(1) for t in texts for m in PLACEHOLDER.finditer(t)}


#: Data sentences the report states by itself when the clerk's text does not place them:
