"""What a report's sentences and tables state: amounts, rates and counts (xlperf's own sentences first, then
other wordings), indicators' scores, the total and grade, and which sentences xlperf writes again itself.
Pure core."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Optional

from ..report.sentences import SENTENCES, read_all
from ..report.words import official_spelling
from .lines import _CJK, _cells
from .parsed import ParsedReport, ScoreLine


def _dec(text: str) -> Optional[Decimal]:
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


_NUM = r"(\d[\d,]*(?:\.\d+)?)"
#: the figures ``xlperf import`` takes from a report (names as in :func:`xlperf.report.sentences.figures_of`)
#: figures of last year's report the import keeps (``self``: the word the report used for the unit itself)
IMPORTED = ("budget.", "projects.", "satisfaction.", "facts.执行率", "facts.结转结余率", "self")


def _percent(text: str) -> Optional[Decimal]:
    d = _dec(text)
    return None if d is None else d / 100


#: wordings other reports use for the same figures (xlperf's own sentences are read as report.sentences
#: defines them, first): (figure, pattern with the figure as group 1, how the group is read)
OTHER_WORDINGS = (
    ("facts.执行率", rf"预算执行率(?:为|达到?|是)?{_NUM}%", _percent),
    ("facts.结转结余率", rf"结转结余率(?:为|是)?{_NUM}%", _percent),
    ("projects.total", r"共有项目(\d+)个", int),
    ("projects.monitored", r"开展绩效监控项目(\d+)个", int),
    ("projects.self_evaluated", r"开展绩效自评项目(\d+)个", int),
    ("projects.dept_evaluations", r"部门绩效评价(\d+)个", int),
)


def read_figures(text: str, out: dict[str, object]) -> None:
    """Amounts, rates and counts stated in ``text`` (first statement wins): xlperf's own sentences as
    :mod:`xlperf.report.sentences` defines them, then :data:`OTHER_WORDINGS` and a few looser forms."""
    for name, value in read_all(official_spelling(text)).items():
        if name.startswith(IMPORTED):
            out.setdefault(name, value)
    for key, rx, read in OTHER_WORDINGS:
        if key in out:
            continue
        m = re.search(rx, text)
        if m and read(m.group(1)) is not None:
            out[key] = read(m.group(1))
    m = re.search(rf"三公”?(?:经费)?”?(?:年初)?预算(?:数)?(?:为)?{_NUM}万元[，,]?(?:实际)?支出(?:为)?{_NUM}万元", text)
    if m and "budget.three_public_budget" not in out:
        out["budget.three_public_budget"], out["budget.three_public_actual"] = _dec(m.group(1)), _dec(m.group(2))
    m = re.search(rf"部门绩效评价(\d+)个[，,]?(?:完成率|完成)(?:为)?{_NUM}%", text)
    if m and "projects.dept_evaluations_done" not in out:
        out["projects.dept_evaluations_done"] = round(int(m.group(1)) * Decimal(m.group(2).replace(",", "")) / 100)
    m = re.search(r"细化率(?:达到?|为)([^；;，,。]{1,12})", text)
    if m and "budget.detail_rate_text" not in out:
        out["budget.detail_rate_text"] = m.group(1)
    m = re.search(r"满意度(?:年度)?(?:指标值|目标值?)(?:为)?([≥≧>＞]?\d+(?:\.\d+)?%)", text)
    if m and "satisfaction.target_text" not in out:
        out["satisfaction.target_text"] = m.group(1)
        out["satisfaction.target"] = _dec(re.sub(r"[^\d.]", "", m.group(1))) / 100
    m = re.search(rf"实际满意度(?:为|达到?)?{_NUM}%", text) or re.search(rf"满意度(?:为|达到?){_NUM}%", text)
    if m and "satisfaction.achieved" not in out:
        out["satisfaction.achieved"] = _dec(m.group(1)) / 100
    m = re.search(rf"完成满意度{_NUM}%的目标", text)
    if m and "satisfaction.achieved" not in out:  # "完成满意度90%的目标": achieved the target exactly
        out["satisfaction.achieved"] = _dec(m.group(1)) / 100
        out.setdefault("satisfaction.target", _dec(m.group(1)) / 100)


def is_budget_sentence(text: str) -> bool:
    """Whether ``text`` states the budget's amounts as 四（一）'s first sentence does (xlperf's wording as
    report.sentences defines it, or a wording like it: 年初 … 执行 …)."""
    if SENTENCES["资金情况"].read(official_spelling(text)):
        return True  # xlperf's own sentence, in its shipped or a reworded wording (sentences.toml)
    return bool(re.search(r"年初(?:预算)?数?(?:为)?\d", text) and re.search(r"执行(?:金额|数|率)", text))


#: the other sentences xlperf writes in 四（一） from the 预算资金 sheet, each a paragraph of its own
OWN_FUNDS_SENTENCES = ("另一口径执行率", "三公经费", "预算构成补充")


def is_own_funds_sentence(text: str) -> bool:
    """Whether the paragraph ``text`` is one of :data:`OWN_FUNDS_SENTENCES` (xlperf writes them again from
    this year's figures)."""
    body = official_spelling(text).strip().removesuffix("。")
    return any(SENTENCES[name].pattern.fullmatch(body) for name in OWN_FUNDS_SENTENCES)


_SCORE_HEAD = {"weight": ("权重", "分值", "满分"), "score": ("得分",), "rate": ("得分率",)}


def read_score_table(rows: list[str], rep: ParsedReport) -> None:
    """各项指标得分情况表: a header row (指标 | 权重分值 | 得分 | 得分率) and one row per level-1 indicator."""
    cols: dict[str, int] = {}
    for row in rows:
        cells = _cells(row)
        if not cols:
            for i, c in enumerate(cells):
                if "得分率" in c:
                    cols["rate"] = i
                elif "得分" in c:
                    cols["score"] = i
                elif any(w in c for w in _SCORE_HEAD["weight"]):
                    cols["weight"] = i
            if "score" not in cols:
                cols = {}
            continue
        if len(cells) <= cols["score"]:
            continue
        score = _dec(cells[cols["score"]].rstrip("分"))
        weight = _dec(cells[cols["weight"]].rstrip("分")) if "weight" in cols and len(cells) > cols["weight"] else None
        if score is None:
            continue
        name = cells[0]
        if not re.search(rf"[{_CJK}]", name):
            continue  # a number without a label (a merged cell left the name out): not a score of anything
        if name in ("合计", "总计", "总分"):
            rep.total = rep.total if rep.total is not None else score
        else:
            rep.scores.append(ScoreLine(name, weight, score))


RE_SCORE_SENT = re.compile(rf"([{_CJK}]{{2,14}}?)(?:指标)?[（(]?(?:分值|权重|满分)?(\d+(?:\.\d+)?)分[）)]?[，,]?(?:实际)?得分(?:为)?(\d+(?:\.\d+)?)分")


def read_score_sentences(text: str, rep: ParsedReport, level: int = 1) -> None:
    """The total and grade (xlperf's conclusion sentences, else other wordings) and indicators' scores."""
    for said in SENTENCES["最终得分"].read(text):
        if rep.total is None and isinstance(said.get("total"), Decimal):
            rep.total = said["total"]
    for said in SENTENCES["评价等级"].read(text):
        rep.grade = rep.grade or said["grade"]  # a 评价等级 sentence always says its grade
    m = re.search(r"(?:最终得分|总得分|综合得分|自评得分|总分)(?:为|是)?(\d+(?:\.\d+)?)分", text)
    if m and rep.total is None:
        rep.total = _dec(m.group(1))
    m = re.search(r"等级(?:为|是|评定为)?[“\"]?([优良中差]|优秀|良好|合格|不合格)[”\"]?", text)
    if m and not rep.grade:
        rep.grade = m.group(1)
    known = {_bare_name(s.name) for s in rep.scores}
    for said in (*SENTENCES["指标得分"].read(text), *SENTENCES["未得满分"].read(text)):
        if _bare_name(said["name"]) not in known and isinstance(said.get("score"), Decimal):  # (name: needed)
            rep.scores.append(ScoreLine(said["name"], said.get("weight"), said["score"], level))
            known.add(_bare_name(said["name"]))
    for m in RE_SCORE_SENT.finditer(text):
        name = re.sub(r"^(?:其中|其次|另外|此外|包括)", "", m.group(1))
        if name in ("分值", "权重", "满分"):  # “投入管理：分值20分，得分18分”: the name is before the colon
            continue
        if _bare_name(name) not in known:
            rep.scores.append(ScoreLine(name, _dec(m.group(2)), _dec(m.group(3)), level))
            known.add(_bare_name(name))


def _bare_name(name: str) -> str:
    """An indicator's name without a closing 指标 (投入管理指标 and 投入管理 are one)."""
    return re.sub(r"指标$", "", name)


#: the sentences of report.sentences that xlperf writes in 三、
S3_SENTENCES = ("最终得分", "评价等级")


def _generated_s3(text: str) -> bool:
    """The sentences xlperf writes itself in 三、: the conclusion, the band list, the table's lead-in."""
    if any(SENTENCES[name].read(text) for name in S3_SENTENCES):
        return True
    return bool(re.search(r"最终得分|评价等级|等级为|得分情况(?:如下|表)|[优良中差]、|各项指标得分|分为[优良中差]", text))


#: the 自评表's cover cells: a label cell and its value in the next cell
TABLE_FIELDS = ("项目名称", "主管部门", "实施单位")


def _table_fields(cells: list[str], rep: ParsedReport) -> None:
    for i, c in enumerate(cells[:-1]):
        if c in TABLE_FIELDS:
            rep.figures.setdefault("table." + c, cells[i + 1])
