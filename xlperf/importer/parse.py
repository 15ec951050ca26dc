"""Take a previous year's report apart: sections, sub-headings, paragraphs and stated figures. Pure core.

Input is the report's paragraphs in reading order (a table row is one paragraph with its cells joined by
tabs), as :mod:`.sources` reads them from a .txt or .docx.  Output is a :class:`ParsedReport`: where
every paragraph belongs in the form (the 文字材料 栏目 of :mod:`xlperf.workbook.layout`), the department's
own headings where they differ from the standard outline, the figures the report states (scores,
amounts, counts) and the paragraphs it could not place — those are kept, never dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Optional

from ..report.sentences import SENTENCES, read_all
from ..report.words import official_spelling

CN_DIGITS = "一二三四五六七八九十"
_CJK = r"\u3400-\u9fff\uf900-\ufaff"

# numbering variants: 一、 一. 一． 一，   （一） (一) （一、   1. 1、 1．
RE_H1 = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．，,]\s*(\S.*)$")
RE_H2 = re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)、]\s*[、.．]?\s*(\S.*)$")
RE_H3 = re.compile(r"^(\d{1,2})\s*[.、．](?!\d)\s*(\S.*)$")
RE_PAGE = re.compile(r"^(?:[-—–－\s]*\d{1,3}[-—–－\s]*|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
RE_TITLE = re.compile(r"^(?P<unit>.*?)(?P<year>(?:19|20)\d{2})\s*年度?\s*(?P<kind>部门整体|项目支出|部门|整体)?.*?(?:绩效)?自评(?:价)?报告$")
RE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
SENTENCE_END = "。；;！!？?：:”」）)"

#: the standard outline's keys (report.context.Headings fields) with the words that recognise a heading
H1_KEYS = (
    ("s8", ("其他需要说明", "其他")),
    ("s7", ("经验",)),
    ("s6", ("应用", "公开")),
    ("s5", ("问题", "偏差", "改进")),
    ("s4", ("实现情况", "完成情况", "指标分析", "情况分析")),
    ("s3", ("结论", "综合评价", "评价情况", "自评得分", "得分情况")),
    ("s2", ("开展情况", "工作开展", "组织实施", "实施情况", "自评工作", "工作过程")),
    ("s1", ("基本情况", "概况")),
)
H2_KEYS = {
    "s1": (("s1_1", ("履职", "职能", "职责", "主要任务", "概况", "基本职能")),
           ("s1_2", ("整体绩效目标", "指标设置", "绩效目标"))),
    "s4": (("s4_1", ("资金", "预算", "经费", "财务")),
           ("s4_2", ("指标", "绩效目标", "完成情况"))),
    "s5": (("problems", ("问题",)), ("measures", ("措施", "改进", "整改"))),
    "s6": (("problems", ("问题",)), ("measures", ("措施", "改进", "整改")), ("application", ("应用", "公开"))),
    "s7": (("experience", ("经验", "做法")), ("suggestions", ("问题", "建议"))),
}
#: narrative attribute a section's plain paragraphs go to (None: the section is computed by xlperf)
SECTION_TEXT = {"s1_1": "duty_goals", "s1_2": "overall_goal", "s2": "process", "s3": None, "s4_1": "funds_compliance",
                "s4_2": "analysis", "s5": "section5", "s6": "application", "s7": "experience", "s8": "other",
                "problems": "problems", "measures": "measures", "application": "application",
                "experience": "experience", "suggestions": "suggestions"}


@dataclass
class Paragraph:
    text: str
    attr: str  # narrative attribute, "analysis", "" = unplaced
    key: str = ""  # analysis: the indicator name written in the report ("投入管理" / "工作目标管理")
    parent: str = ""  # analysis: the level-1 block's name when ``key`` is a sub-item


@dataclass
class ScoreLine:
    name: str
    weight: Optional[Decimal]
    score: Decimal
    level: int = 1


@dataclass
class ParsedReport:
    unit: str = ""
    year: Optional[int] = None
    kind: str = "部门整体"
    paragraphs: list[Paragraph] = field(default_factory=list)
    #: Headings field → the department's own heading text (without numbering) where it differs
    headings: dict[str, str] = field(default_factory=dict)
    #: headings in the order the report has them: (outline key or "", text as written)
    outline: list[tuple[str, str]] = field(default_factory=list)
    scores: list[ScoreLine] = field(default_factory=list)
    total: Optional[Decimal] = None
    grade: str = ""
    figures: dict[str, object] = field(default_factory=dict)  # budget.initial → Decimal, projects.total → int …
    problems_section: str = ""
    warnings: list[str] = field(default_factory=list)
    recognised: int = 0  # standard sections recognised (for "unrelated file" decisions)


# --------------------------------------------------------------------------- text clean-up

_LATEX = (("\\geq", "≥"), ("\\leq", "≤"), ("\\ge", "≥"), ("\\le", "≤"), ("\\%", "%"), ("\\times", "×"), ("$", ""))


def clean(text: str) -> str:
    """One paragraph tidied: PDF-extraction spacing between Chinese and figures, TeX leftovers, NBSP."""
    t = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]", "", text)  # control characters: no cell holds them
    t = t.replace("\u3000", " ").replace("\xa0", " ").strip()
    for a, b in _LATEX:
        t = t.replace(a, b)
    # spaces next to a Chinese character or full-width punctuation carry no meaning in Chinese text
    cjk = _CJK + "，。；：、！？“”‘’（）《》≥≤％"
    t = re.sub(rf"(?<=[{cjk}]) +| +(?=[{cjk}])", "", t)
    t = re.sub(r"(?<=\d)\s+(?=%)", "", t)
    return re.sub(r"\t+", "\t", t)


def _heading_ok(title: str) -> bool:
    """A heading's title: short, no sentence inside (a numbered list item ends with 。)."""
    t = title.strip()
    return 0 < len(t) <= 40 and "。" not in t and not t.endswith(("；", ";", "，"))


def heading_of(text: str) -> Optional[tuple[int, str, str]]:
    """(level, numeral, title) when ``text`` is a heading line."""
    for level, rx in ((1, RE_H1), (2, RE_H2), (3, RE_H3)):
        m = rx.match(text)
        if m and _heading_ok(m.group(2)):
            if level == 1 and m.group(2).startswith(("是", "要", "在", "对", "把")):  # 一是… is prose
                return None
            return level, m.group(1), m.group(2).strip().rstrip("：:")
    return None


def _is_table_row(text: str) -> bool:
    return "\t" in text or "|" in text or len(re.split(r"\s{2,}", text.strip())) >= 3


def _joinable(prev: str, nxt: str) -> bool:
    """A paragraph broken by a page break or a PDF line end: the first part has no ending punctuation."""
    if not prev or prev.endswith(tuple(SENTENCE_END)) or heading_of(prev) or heading_of(nxt):
        return False
    if _is_table_row(prev) or _is_table_row(nxt) or prev.endswith("表"):
        return False
    return len(prev) >= 20  # a short unpunctuated line is a title or label, not half a sentence


def normalise(paragraphs: list[str]) -> list[str]:
    """Cleaned paragraphs: blank lines, page numbers and repeated page headers gone, broken ones joined."""
    items = [clean(p) for p in paragraphs]
    items = [p for p in items if p and not RE_PAGE.match(p)]
    counts = Counter(p for p in items if len(p) <= 40 and not heading_of(p))
    repeated = {p for p, n in counts.items() if n >= 3}  # a running header/footer line
    out: list[str] = []
    for p in items:
        if p in repeated:
            continue
        if out and _joinable(out[-1], p):
            out[-1] += p
        else:
            out.append(p)
    return out


# --------------------------------------------------------------------------- figures


def _dec(text: str) -> Optional[Decimal]:
    try:
        return Decimal(text.replace(",", "").replace("，", ""))
    except InvalidOperation:
        return None


_NUM = r"(\d[\d,]*(?:\.\d+)?)"
#: the figures ``xlperf import`` takes from a report (names as in :func:`xlperf.report.sentences.figures_of`)
IMPORTED = ("budget.", "projects.", "satisfaction.", "facts.执行率", "facts.结转结余率")


def _percent(text: str) -> Optional[Decimal]:
    d = _dec(text)
    return None if d is None else d / 100


#: wordings other reports use for the same figures (xlperf's own sentences are read as report.sentences
#: defines them, first): (figure, pattern with the figure as group 1, how the group is read)
OTHER_WORDINGS = (
    ("budget.initial", rf"(?:预算)?年初(?:预算)?数?(?:为|是)?{_NUM}万元", _dec),
    ("budget.adjusted", rf"调整(?:后)?(?:预算|后预算)?数?(?:为|是)?{_NUM}万元", _dec),
    ("budget.executed", rf"(?:预算)?执行(?:金额|数)(?:为|是)?{_NUM}万元", _dec),
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
        return True
    return bool(re.search(r"年初(?:预算)?数?(?:为)?\d", text) and re.search(r"执行(?:金额|数|率)", text))


#: the other sentences xlperf writes in 四（一） from the 预算资金 sheet, each a paragraph of its own
OWN_FUNDS_SENTENCES = ("另一口径执行率", "三公经费", "预算构成补充")


def is_own_funds_sentence(text: str) -> bool:
    """Whether the paragraph ``text`` is one of :data:`OWN_FUNDS_SENTENCES` (xlperf writes them again from
    this year's figures)."""
    body = official_spelling(text).strip().rstrip("。")
    return any(SENTENCES[name].pattern.fullmatch(body) for name in OWN_FUNDS_SENTENCES)


_SCORE_HEAD = {"weight": ("权重", "分值", "满分"), "score": ("得分",), "rate": ("得分率",)}


def _cells(row: str) -> list[str]:
    if "\t" in row:
        parts = row.split("\t")
    elif "|" in row:
        parts = row.strip("|").split("|")
    else:
        parts = re.split(r"\s{2,}|\s(?=\d)", row.strip())
    return [p.strip() for p in parts if p.strip()]


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
        rep.grade = rep.grade or said.get("grade", "")
    m = re.search(r"(?:最终得分|总得分|综合得分|自评得分|总分)(?:为|是)?(\d+(?:\.\d+)?)分", text)
    if m and rep.total is None:
        rep.total = _dec(m.group(1))
    m = re.search(r"等级(?:为|是|评定为)?[“\"]?([优良中差]|优秀|良好|合格|不合格)[”\"]?", text)
    if m and not rep.grade:
        rep.grade = m.group(1)
    known = {_bare_name(s.name) for s in rep.scores}
    for said in (*SENTENCES["指标得分"].read(text), *SENTENCES["未得满分"].read(text)):
        if _bare_name(said.get("name", "")) not in known and isinstance(said.get("score"), Decimal):
            rep.scores.append(ScoreLine(said["name"], said.get("weight"), said["score"], level))
            known.add(_bare_name(said["name"]))
    for m in RE_SCORE_SENT.finditer(text):
        name = re.sub(r"^(?:其中|其次|另外|此外|包括)", "", m.group(1))
        if _bare_name(name) not in known:
            rep.scores.append(ScoreLine(name, _dec(m.group(2)), _dec(m.group(3)), level))
            known.add(_bare_name(name))


def _bare_name(name: str) -> str:
    """An indicator's name without a closing 指标 (投入管理指标 and 投入管理 are one)."""
    return re.sub(r"指标$", "", name)


# --------------------------------------------------------------------------- sections


def section_key(title: str, numeral: str) -> str:
    for key, words in H1_KEYS:
        if any(w in title for w in words):
            return key
    idx = CN_DIGITS.find(numeral)
    return f"s{idx + 1}" if 0 <= idx < 8 and len(numeral) == 1 else ""


def sub_key(section: str, title: str, numeral: str) -> str:
    for key, words in H2_KEYS.get(section, ()):
        if any(w in title for w in words):
            return key
    if section in ("s1", "s4") and numeral in ("一", "二"):
        return f"{section}_{CN_DIGITS.index(numeral) + 1}"
    return ""


STANDARD_TITLES: dict[str, set[str]] = {}


def _standard_titles() -> dict[str, set[str]]:
    """Every outline's heading text without its numbering, by Headings field (both report kinds)."""
    if not STANDARD_TITLES:
        from ..report.context import HEADINGS  # pure module; imported late to keep this one light

        for h in HEADINGS.values():
            for key, text in vars(h).items():
                found = heading_of(text)
                STANDARD_TITLES.setdefault(key, set()).add(found[2] if found else text)
    return STANDARD_TITLES


def _split_items(text: str) -> list[str]:
    """"1.做好…; 2.指导…" or "甲；乙；丙" → the items, numbering and end punctuation removed."""
    body = text.strip().rstrip("。")
    numbered = re.split(r"[；;]?\s*(?<![\d.])\d{1,2}\s*[.、．](?!\d)\s*", body)
    items = [i.strip(" ；;。") for i in numbered if i.strip(" ；;。")]
    if len(items) > 1 or re.match(r"\d{1,2}\s*[.、．]", body):
        return items
    return [i.strip() for i in re.split(r"[；;]", body) if i.strip()]


class _Walker:
    def __init__(self, rep: ParsedReport):
        self.rep = rep
        self.section = ""  # "" = before the first heading (cover page, 摘要)
        self.sub = ""
        self.block = ""  # 四（二） the current level-1 analysis block's name
        self.table: list[str] = []

    def add(self, text: str, attr: str, key: str = "", parent: str = "") -> None:
        self.rep.paragraphs.append(Paragraph(text, attr, key, parent))

    def unplaced(self, text: str, why: str) -> None:
        self.add(text, "")
        self.rep.warnings.append(f"“{text[:16]}…”{why}，已放入文字材料“未归类”，请移到对应栏目或删除")

    def flush_table(self) -> None:
        if self.table:
            read_score_table(self.table, self.rep)
            self.table = []

    def heading(self, level: int, numeral: str, title: str, raw: str) -> bool:
        rep = self.rep
        if level == 1:
            key = section_key(title, numeral)
            if not key:
                return False
            self.section, self.sub, self.block = key, "", ""
            rep.recognised += 1
            self._own(key, title)
            rep.outline.append((key, raw))
            return True
        if level == 2 and self.section:
            key = sub_key(self.section, title, numeral)
            self.sub, self.block = key, ""
            if key in ("s1_1", "s1_2", "s4_1", "s4_2"):
                self._own(key, title)
            if key == "problems" and self.section == "s5":
                rep.problems_section = "五"
            rep.outline.append((key, raw))
            if not key:
                rep.warnings.append(f"小标题“{raw[:20]}”未对应到报告的固定栏目，其下段落放入“未归类”")
            return True
        if level == 3 and self.current() == "s4_2":
            self.block = re.sub(r"(?:指标)?(?:情况)?(?:分析)?$", "", title) or title
            rep.outline.append(("block", raw))
            return True
        return False

    def _own(self, key: str, title: str) -> None:
        if title not in _standard_titles().get(key, set()):
            self.rep.headings[key] = title

    def current(self) -> str:
        return self.sub or self.section

    def paragraph(self, text: str) -> None:
        rep, where = self.rep, self.current()
        read_figures(text, rep.figures)
        if _is_table_row(text) and where in ("s3", ""):
            self.table.append(text)
            return
        self.flush_table()
        if where == "":
            m = RE_TITLE.match(re.sub(r"\s+", "", text))
            if m and not rep.year:
                rep.unit, rep.year = m.group("unit").strip(), int(m.group("year"))
                last = rep.paragraphs[-1] if rep.paragraphs else None
                if not rep.unit and last is not None and last.attr == "" and len(last.text) <= 30 and \
                        not re.search(r"[。，；：、]", last.text):  # the title's first line: the unit
                    rep.unit = rep.paragraphs.pop().text
                    rep.warnings.pop()
                rep.kind = "项目支出" if "项目" in (m.group("kind") or "") or "项目支出" in text else "部门整体"
                return
            m = re.match(r"^(?:单位名称|填报单位|部门名称|单位)[:：]\s*(\S+)$", text)
            if m:
                rep.unit = rep.unit or m.group(1)
                return
            if re.match(r"^(?:摘\s*要|目\s*录)[:：]?$", text):
                return
            self.unplaced(text, "在第一个标题之前")
            return
        if where == "s3":
            read_score_sentences(text, rep)
            if not _generated_s3(text):
                self.unplaced(text, "在“三、综合评价结论”中（该部分由程序根据得分生成）")
            return
        if where in ("s1", "s4") and not self.sub:
            where = f"{where}_1" if where == "s1" else "s4_1"
        if where == "s1_1":
            m = re.match(r"^(?:部门)?(?:年度)?履职目标[:：]\s*(.*)$", text)
            if m:
                for item in _split_items(m.group(1)):
                    self.add(item, "duty_goals")
                return
            m = re.match(r"^主要任务[:：]\s*(.*)$", text)
            if m:
                for item in _split_items(m.group(1)):
                    self.add(item, "main_tasks")
                return
            self.add(text, "duty_goals")
            return
        if where == "s1_2":
            m = re.match(r"^(?:部门)?(?:年度)?整体绩效目标(?:是|为|[:：])\s*(.*?)。?$", text)
            if m and not any(p.attr == "overall_goal" for p in rep.paragraphs):
                self.add(m.group(1), "overall_goal")
            elif re.match(r"^绩效指标设置", text) or re.search(r"一级指标包括|二级指标包括", text):
                return  # xlperf writes this sentence from the form's indicator table
            else:
                self.unplaced(text, "在“绩效目标、指标设置情况”中未能对应栏目")
            return
        if where == "s4_1":
            if is_budget_sentence(text) and not any(p.attr == "funds_compliance" for p in rep.paragraphs) \
                    and len(text) < 160 or is_own_funds_sentence(text):
                return  # xlperf's 四（一） sentences: it writes them from 预算资金 (their figures are read above)
            self.add(text, "funds_compliance")
            return
        if where == "s4_2":
            if SENTENCES["指标得分"].pattern.fullmatch(text.rstrip("。")):
                read_score_sentences(text, rep, level=2)
                return  # xlperf's own line for an indicator the clerk wrote nothing about: it writes it again
            m = re.match(rf"^([{_CJK}、和及与]{{2,16}}?)(?:情况)?[:：]\s*(.+)$", text)
            if m:
                self.add(m.group(2), "analysis", m.group(1), self.block)
            elif self.block:
                self.add(text, "analysis", self.block)
            else:
                self.unplaced(text, "在“绩效指标完成情况分析”中没有对应的指标")
            read_score_sentences(text, rep, level=2)
            return
        if where in ("problems", "measures", "suggestions"):
            self.add(re.sub(r"^(?:\d{1,2}\s*[、.．]|[（(]\d{1,2}[）)]|[一二三四五六七八九十]是)\s*", "", text), where)
            return
        if where == "s7" and re.match(r"^[一二三四五六七八九十]是", text):
            self.add(re.sub(r"^[一二三四五六七八九十]是", "", text), "suggestions")
            return
        attr = SECTION_TEXT.get(where, "")
        if attr:
            self.add(text, attr)
        else:
            self.unplaced(text, "未能对应到文字材料的栏目")


#: the sentences of report.sentences that xlperf writes in 三、
S3_SENTENCES = ("最终得分", "评价等级")


def _generated_s3(text: str) -> bool:
    """The sentences xlperf writes itself in 三、: the conclusion, the band list, the table's lead-in."""
    if any(SENTENCES[name].read(text) for name in S3_SENTENCES):
        return True
    return bool(re.search(r"最终得分|评价等级|等级为|得分情况(?:如下|表)|[优良中差]、|各项指标得分|分为[优良中差]", text))


def parse_report(paragraphs: list[str]) -> ParsedReport:
    """The parsed report; ``recognised`` = 0 means the text has none of the report's sections."""
    rep = ParsedReport()
    walker = _Walker(rep)
    texts = normalise(paragraphs)
    for text in texts:
        found = heading_of(text)
        if found and walker.heading(*found, raw=text):
            walker.flush_table()
            continue
        walker.paragraph(text)  # prose, or "1.xxx" outside 四（二）: a numbered item (e.g. a problem in 六（一）)
    walker.flush_table()
    if rep.year is None:
        years = Counter(int(y) for t in texts for y in RE_YEAR.findall(t))
        rep.year = years.most_common(1)[0][0] if years else None
    if rep.problems_section == "" and any(p.attr in ("problems", "measures") for p in rep.paragraphs):
        rep.problems_section = "六"
    return rep
