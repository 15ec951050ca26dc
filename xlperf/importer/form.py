"""Turn last year's report or workbook into this year's evaluation (then written as a form).

Figures the narrative states that equal the data become placeholders (``{预算执行情况}``, ``{执行率}``,
``{年度}`` …) so that next year's report states next year's figures.  Last year's scores, grade,
execution rate and project count become 上年 values (``Evaluation.previous``, ``Indicator.prev_score``);
this year's amounts, actual values and scores are left blank for the clerk.  Pure: no openpyxl here.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Optional

from ..domain.evaluate import Result, evaluate
from ..domain.model import (NARRATIVE_LISTS, Budget, Evaluation, Indicator, Narrative, Options, Previous, Projects,
                     Satisfaction)
from ..domain.narrative_checks import (CARRIED_FIELDS, fingerprint, narrative_without_instructions,
                                       without_instructions)
from ..domain.profiles import Profile
from ..domain.numbers import NumberFormat
from ..report.placeholders import PLACEHOLDERS
from ..report.sentences import SENTENCES
from ..report.words import official_spelling
from ..domain.outlines import outline_for
from .own_outline import department_outline, gaps
from .parsed import ParsedReport
from .selftable import Leaf

#: placeholders whose whole sentence is replaced where the narrative states it word for word
SENTENCE_PLACEHOLDERS = ("预算执行情况", "三公经费情况", "三公经费变动", "预算构成", "绩效管理情况", "满意度情况")


@dataclass
class Imported:
    evaluation: Evaluation
    warnings: list[str] = field(default_factory=list)
    source_year: Optional[int] = None
    kind_line: str = ""  # one line saying which kind of report it was and which rules read it


def placeholder_values(ev: Evaluation, result: Result, total: Optional[Decimal], grade: str) -> dict[str, str]:
    """What each placeholder would print for the source year (None-valued ones left out)."""
    f = NumberFormat.of(result.profile)
    out: dict[str, str] = {}
    for name, (_, fn) in PLACEHOLDERS.items():
        if name in ("总分", "等级"):
            continue  # the report's printed ones (below), not the ones its scores compute
        try:
            value = fn(ev, result, f)
        except (TypeError, AttributeError, ArithmeticError):
            continue  # an amount the source does not state
        if value:
            out[name] = value
    if total is not None:
        out["总分"] = f.score(total)
    if grade:
        out["等级"] = grade
    return out


def placeholderize(text: str, values: dict[str, str], year: Optional[int]) -> str:
    """``text`` with the figures that equal the source's data written as placeholders."""
    text = official_spelling(text)
    for name in sorted((n for n in SENTENCE_PLACEHOLDERS if values.get(n)), key=lambda n: -len(values[n])):
        value = official_spelling(values[name])
        text = _carrying(text.replace(value, "{" + name + "}"), name, value)
    contextual = (("执行率", r"(预算执行率(?:为|达到?|是)?)"), ("细化率", r"(细化率(?:达到?|为))"),
                  ("总分", r"((?:最终|总|综合|自评)得分(?:为|是)?)"), ("等级", r"(等级(?:为|是|评定为)?[“\"]?)"))
    for name, before in contextual:
        value = values.get(name)
        if value:
            text = re.sub(before + re.escape(value) + r"(?![\d.])", r"\1{" + name + "}", text)
    if len(values.get("单位", "")) >= 4:
        text = text.replace(values["单位"], "{单位}")
    if year:
        text = re.sub(rf"(?<![\d.]){year}(?=\s*[年全度])", "{年度}", text)
    return text


def _carrying(text: str, name: str, value: str) -> str:
    """``text`` with the sentence ``name`` also written as its placeholder where it carries another one
    (the 项目数 change the report puts beside the 项目数) and is ``value`` without it."""
    for start, end, plain in reversed(SENTENCES[name].statements(text)):
        if plain == value and plain != text[start:end]:
            text = text[:start] + "{" + name + "}" + text[end:]
    return text


def _norm(name: str) -> str:
    return re.sub(r"(?:指标|情况|分析)+$", "", re.sub(r"\s+", "", name))


def _find(inds: list[Indicator], name: str, profile: Profile) -> Optional[Indicator]:
    """The form's indicator a report calls ``name`` (投入管理 / 投入管理指标 / its 设置 label)."""
    want = _norm(name)
    for ind in (n for i in inds for n in i.walk()):
        rule = profile.rule(ind.name)
        labels = {ind.name, getattr(rule, "setting_label", "") or ""}
        if want and any(_norm(lab) == want for lab in labels if lab):
            return ind
    return None


def _keep_printed(ind: Indicator, score: Decimal, warnings: list[str]) -> None:
    """An own-year import keeps a printed score: a leaf's (or a single-leaf level-1's) as its leaf's 得分;
    for an indicator with several leaves a warning says what the report printed (the clerk splits it)."""
    leaves = [n for n in ind.walk() if n.is_leaf]
    if len(leaves) == 1 and leaves[0].manual_score is None and 0 <= score <= leaves[0].weight:
        leaves[0].manual_score = score
    elif len(leaves) > 1 and (any(n.manual_score is None for n in leaves)
                              or sum(n.manual_score for n in leaves) != score):
        warnings.append(f"指标评分“{ind.name}”：报告印的得分为{score}分，请填写其下各指标的得分（合计应为{score}分）")
    elif leaves[0].manual_score is None:
        warnings.append(f"指标评分“{ind.name}”：报告印的得分{score}分不在0-{leaves[0].weight}分之间，未导入")


def _attach_leaves(leaves: list[Leaf], inds: list[Indicator], same_year: bool, warnings: list[str]) -> None:
    """A 自评表's 三级指标 under the profile's 一级/二级 of the same names (a 二级 the profile lacks is added);
    each 二级 and 一级 that gets rows weighs what its rows weigh, and keeps only the 二级 the table lists.
    Own year: the actual values, scores and reasons as printed; another year: the scores as 上年得分."""
    if not leaves:
        return
    touched: set[int] = set()  # the ids of the indicators the table gives or keeps
    for leaf in leaves:
        top = next((i for i in inds if _norm(i.name) == _norm(leaf.level1)), None)
        if top is None:
            warnings.append(f"自评表的“{leaf.level1}—{leaf.name}”没有对应的一级指标，未导入")
            continue
        parent = top
        if leaf.level2:
            parent = next((c for c in top.children if _norm(c.name) == _norm(leaf.level2)), None)
            if parent is None:
                parent = Indicator(name=leaf.level2, level=2, weight=leaf.weight)  # weighs its rows (below)
                top.children.append(parent)
        parent.children = [c for c in parent.children if id(c) in touched]  # the profile's defaults give way
        touched.add(id(parent))
        child = Indicator(name=leaf.name, level=parent.level + 1, weight=leaf.weight, target_text=leaf.target_text,
                          prev_score=None if same_year else leaf.score)
        if same_year:
            child.actual, child.manual_score, child.deviation_reason = leaf.actual_text, leaf.score, leaf.reason
        parent.children.append(child)
        touched.update((id(child), id(top)))
    for top in inds:
        if id(top) not in touched:
            continue
        top.children = [c for c in top.children if id(c) in touched]
        for c in top.children:
            if c.children:
                c.weight = sum(g.weight for g in c.children)
        top.weight = sum(c.weight for c in top.children)


def carried_marks(ev: Evaluation, next_year: bool) -> list[str]:
    """Fingerprints of the texts ``check`` must ask about: last year's problems, measures and suggestions (when
    the form is for another year)."""
    if not next_year:
        return []
    return sorted({fingerprint(t) for f in CARRIED_FIELDS for t in ev.narrative.items(f)})


def drop_instructions(ev: Evaluation, profile: Profile, warnings: list[str]) -> None:
    """Leave out every known instruction phrase of the source's author (a 栏目 it emptied stays blank) and say so
    in one line, first among the warnings (the ribbon shows the first few), quoting each phrase and its 栏目."""
    labels = {f: label for label, f in outline_for(profile, ev.outline).field_labels().items()}
    ev.narrative, dropped = narrative_without_instructions(ev.narrative, lambda key: labels.get(key, key))
    for ind in ev.walk():
        for fld, label in (("deviation_reason", "偏差原因"), ("improvement", "改进措施")):
            kept, found = without_instructions(getattr(ind, fld))
            setattr(ind, fld, kept)
            dropped.extend((phrase, f"{ind.name}的{label}") for phrase in found)
    if dropped:
        quoted = "、".join(f"“{p[:16]}{'…' if len(p) > 16 else ''}”（栏目“{w}”）" for p, w in dropped)
        warnings.insert(0, f"上年报告作者留下的填写说明{len(dropped)}处未导入：{quoted}")


def _blank_budget(**values) -> Budget:
    """A budget without amounts (the model's defaults for the rest: None, and "" for the texts)."""
    return Budget.model_construct(**{"initial": None, "adjusted": None, "executed": None, "carried_in": None,
                                     "carryover": None, **values})


def _source_evaluation(rep: ParsedReport, inds: list[Indicator], year: int) -> Evaluation:
    """The source year's data as the report states it (amounts it omits stay blank; the rest, read by neither
    ``evaluate`` nor ``placeholder_values``, the model's defaults)."""
    figures = rep.figures
    budget = {k.split(".")[1]: v for k, v in figures.items() if k.startswith("budget.")}
    ev = Evaluation.model_construct(
        unit=rep.unit, year=year, self_name=figures.get("self", ""), indicators=inds,
        budget=_blank_budget(**{"carryover": Decimal(0), **budget}),  # 上年结转 left blank: neither reads it
        projects=Projects(**{k.split(".")[1]: v for k, v in figures.items() if k.startswith("projects.")}),
        satisfaction=Satisfaction(**{k.split(".")[1]: v for k, v in figures.items() if k.startswith("satisfaction.")}))
    return ev


def _narrative(rep: ParsedReport, inds: list[Indicator], profile: Profile, values: dict[str, str],
               year: Optional[int], warnings: list[str]) -> Narrative:
    nar = Narrative()

    def ph(t: str) -> str:
        return placeholderize(t, values, year)

    blocks: dict[str, list] = {}
    for p in rep.paragraphs:
        if p.attr == "analysis":
            blocks.setdefault(p.parent or p.key, []).append(p)
        elif p.attr == "overall_goal":
            nar.overall_goal = ph(p.text)
        elif p.attr == "":
            nar.unplaced.append(p.text)
        else:
            nar.set_items(p.attr, [*nar.items(p.attr), ph(p.text)])
    for block, items in blocks.items():
        top = _find(inds, block, profile)
        children = {id(c) for c in top.walk()} if top is not None else set()
        matched = [(_find(inds, p.key, profile) if p.parent else None) for p in items]
        if items and all(m is not None and id(m) in children and m is not top for m in matched):
            for p, m in zip(items, matched):
                prev = nar.analysis.get(m.name)
                nar.analysis[m.name] = ph(p.text) if prev is None else prev + "\n" + ph(p.text)
            continue
        text = "\n".join(ph(f"{p.key}情况：{p.text}" if p.parent and not p.key.endswith("情况") else
                            f"{p.key}：{p.text}" if p.parent else p.text) for p in items)
        if top is not None:
            nar.analysis[top.name] = text
        else:
            nar.unplaced.extend(p.text for p in items)
            warnings.append(f"“{block}”的情况分析没有对应的一级指标，已放入文字材料“未归类”")
    nar.headings = dict(rep.headings)
    return nar


def from_report(rep: ParsedReport, profile: Profile, inds: list[Indicator], year: Optional[int],
                unit: str = "") -> Imported:
    """This year's evaluation from last year's parsed report (``year`` None = the report's year + 1); a report
    numbering, ordering or wording its sections its own way gives the form its outline (``Evaluation.outline``:
    the CLI's new form and the ribbon's open form alike)."""
    warnings = list(rep.warnings)
    src_year = rep.year or (year - 1 if year else None)
    if src_year is None:
        raise ValueError("未能从报告中识别年度，请用 --year 指定本次填报的年度")
    target = year or src_year + 1
    rep.unit = unit or rep.unit
    if not rep.unit:
        warnings.append("报告中没有找到单位名称，请在“基本情况”表填写单位名称（或导入时加 --unit 单位名称）")
    inds = copy.deepcopy(inds)
    _attach_leaves(rep.selftable.leaves, inds, target == src_year, warnings)
    src = _source_evaluation(rep, inds, src_year)
    result = evaluate(src, profile)
    values = placeholder_values(src, result, rep.total, rep.grade)
    same_year = target == src_year
    found = [(line, _find(inds, line.name, profile)) for line in rep.scores]
    for line, ind in sorted(found, key=lambda f: f[1] is not None and not f[1].is_leaf):  # leaves first
        if ind is None:
            warnings.append(f"报告中的“{line.name}”得分{line.score}分未能对应到指标表，未导入")
        elif not same_year:
            ind.prev_score = line.score
        else:
            _keep_printed(ind, line.score, warnings)
    nar = _narrative(rep, inds, profile, values, src_year, warnings)
    figures = rep.figures
    if same_year:
        budget_values = {k.split(".")[1]: v for k, v in figures.items() if k.startswith("budget.")}
        budget = _blank_budget(**budget_values)
        projects = src.projects
        satisfaction = src.satisfaction
        previous = Previous()
    else:
        budget = _blank_budget(three_public_prev=figures.get("budget.three_public_actual"))
        projects = Projects()
        satisfaction = Satisfaction(target=figures.get("satisfaction.target"),
                                    target_text=figures.get("satisfaction.target_text", ""))
        rate = result.facts.get("执行率")
        if rate is None:
            rate = figures.get("facts.执行率")
        previous = Previous(year=src_year, total=rep.total, grade=rep.grade, exec_rate=rate,
                            projects_total=figures.get("projects.total"))
    slot = rep.problems_section or "六"
    own = department_outline(outline_for(profile), rep.outline)
    if own is not None:  # the report numbers or orders its sections its own way: the form keeps that outline
        slot = own[1].get(slot, slot)
        # the department's words are the outline's headings now
        nar.headings = {sid: words for sid, words in nar.headings.items()
                        if own[0].section(sid) is None or words.strip() != own[0].section(sid).heading}
        skipped = gaps(own[0])
        warnings.append("报告的标题顺序、编号或文字与评分规则的提纲不同，已按报告的标题（"
                        + "、".join(s.title for s in own[0].top_level()[:3]) + "…）保存提纲，生成报告时照用"
                        + (f"；编号照原报告，没有{'、'.join(skipped)}" if skipped else ""))
    ev = Evaluation.model_construct(
        unit=rep.unit, year=target, self_name=figures.get("self", ""), profile=profile.name, indicators=inds,
        budget=budget, projects=projects,
        satisfaction=satisfaction, previous=previous, narrative=nar,
        options=Options(problems_section=slot), outline=own[0].text if own is not None else "")
    drop_instructions(ev, profile, warnings)
    ev.carried = carried_marks(ev, not same_year)
    return Imported(ev, warnings, src_year)


def from_evaluation(old: Evaluation, profile: Profile, year: Optional[int]) -> Imported:
    """This year's evaluation from last year's form: the indicator system, rules and narrative kept;
    actual values, scores and amounts cleared and kept as 上年 values."""
    result = evaluate(old, profile)
    values = placeholder_values(old, result, result.total if not result.has_errors else None,
                                result.grade if not result.has_errors else "")
    target = year or old.year + 1
    ev = old.model_copy(deep=True)
    scores = {id(r.indicator): r.score for r in result.walk()}
    for new_ind, old_ind in zip(ev.walk(), old.walk()):
        new_ind.prev_score = scores.get(id(old_ind)) if target != old.year else old_ind.prev_score
        if target != old.year:
            new_ind.actual = None
            new_ind.manual_score = None
            new_ind.deviation_reason = ""
            new_ind.improvement = ""
    nar = ev.narrative
    if target != old.year:
        for key in (*NARRATIVE_LISTS, "unplaced"):
            setattr(nar, key, [placeholderize(t, values, old.year) for t in getattr(nar, key)])
        nar.texts = {k: [placeholderize(t, values, old.year) for t in v] for k, v in nar.texts.items()}
        nar.overall_goal = placeholderize(nar.overall_goal, values, old.year)
        nar.satisfaction_note = placeholderize(nar.satisfaction_note, values, old.year)
        nar.analysis = {k: placeholderize(v, values, old.year) for k, v in nar.analysis.items()}
        b = old.budget
        ev.budget = _blank_budget(three_public_prev=b.three_public_actual)
        ev.projects = Projects()
        ev.satisfaction = Satisfaction(target=old.satisfaction.target, target_text=old.satisfaction.target_text)
        ev.previous = Previous(year=old.year, total=None if result.has_errors else result.total,
                               grade="" if result.has_errors else result.grade,
                               exec_rate=result.facts.get("执行率"), projects_total=old.projects.total)
    ev.year = target
    warnings = [] if not result.has_errors else ["上年填报表有错误，上年总分和等级未导入"]
    drop_instructions(ev, profile, warnings)
    ev.carried = carried_marks(ev, target != old.year)
    return Imported(ev, warnings, old.year)
