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
from ..domain.outlines import Block, Outline, all_outlines, load_outline
from .figures import Amounts
from .selftable import SelfTable
from .cover import COVER_FIELD, COVER_NOISE, DATED, TITLE_END, body_years, clean_unit, read_front

CN_DIGITS = "一二三四五六七八九十"
_CJK = r"\u3400-\u9fff\uf900-\ufaff"

# numbering variants: 一、 一. 一． 一，   （一） (一) （一、   1. 1、 1．
RE_H1 = re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、.．，,]\s*(\S.*)$")
RE_H2 = re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)、]\s*[、.．]?\s*(\S.*)$")
RE_H3 = re.compile(r"^(\d{1,2})\s*[.、．](?!\d)\s*(\S.*)$")
RE_PAGE = re.compile(r"^(?:[-—–－\s]*\d{1,3}[-—–－\s]*|第\s*\d{1,3}\s*页(?:\s*[,，/]?\s*共\s*\d{1,3}\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
SENTENCE_END = "。；;！!？?：:”」）)"

class _Keys:
    """What recognises a heading and where its paragraphs go, read from a report outline (xlperf/domain/outlines):
    a level-1 heading by its section's synonyms (checked last section first, so “经验、问题和建议” is 七 before
    “问题” makes it 五), a level-2 heading by its sub-sections' or 栏目s' synonyms."""

    def __init__(self, outline: Outline):
        self.outline = outline
        self.h1 = [(s.id, s.synonyms) for s in reversed(outline.top_level())]
        self.h2: dict[str, list[tuple[str, list[str]]]] = {}
        self.blocks: dict[str, Block] = {}  # a 栏目 a sub-heading introduces: field → its block in that section
        for top in outline.top_level():
            keys = [(c.id, c.synonyms) for c in outline.children(top.id)]
            keys += [(b.field, b.synonyms) for b in top.text_blocks() if b.synonyms]
            self.h2[top.id] = keys
        self.titles: dict[str, set[str]] = {}
        for o in (outline, *all_outlines()):
            for sec in o.sections:
                self.titles.setdefault(sec.id, set()).add(sec.heading)

    def kinds(self, sid: str) -> set[str]:
        s = self.outline.section(sid)
        return {b.kind for b in s.blocks} if s is not None else set()

    def target(self, sid: str) -> str:
        """The field a section's plain paragraphs go to: its first 栏目 without a sub-heading."""
        s = self.outline.section(sid)
        if s is None:
            return ""
        return next((b.field for b in s.text_blocks() if not b.subheading), "")

    def block(self, section: str, field: str) -> Optional[Block]:
        s = self.outline.section(section)
        return next((b for b in s.text_blocks() if b.field == field), None) if s is not None else None


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
    #: section id → the department's own heading text (without numbering) where it differs
    headings: dict[str, str] = field(default_factory=dict)
    #: headings in the order the report has them: (outline key or "", text as written)
    outline: list[tuple[str, str]] = field(default_factory=list)
    scores: list[ScoreLine] = field(default_factory=list)
    total: Optional[Decimal] = None
    grade: str = ""
    figures: dict[str, object] = field(default_factory=dict)  # budget.initial → Decimal, projects.total → int …
    problems_section: str = ""
    warnings: list[str] = field(default_factory=list)
    selftable: SelfTable = field(default_factory=SelfTable)  # the 自评表's indicator rows
    amounts: Amounts = field(default_factory=Amounts)  # budget amounts in other wordings and tables (settled at the end)
    recognised: int = 0  # standard sections recognised (for "unrelated file" decisions)
    named: int = 0  # of those, recognised by their words (not only by their numeral)
    said_report: bool = False  # the title or first lines call it a report (绩效自评 / 绩效评价 / 自评报告 / 自评表)
    kind_stated: bool = False  # ``kind`` comes from the report's own words (its title, cover or headings)
    first_lines: list[str] = field(default_factory=list)  # the opening lines, for a refusal's message
    headings_seen: list[str] = field(default_factory=list)  # numbered lines that look like headings, recognised or not


# --------------------------------------------------------------------------- text clean-up

_LATEX = (("\\geq", "≥"), ("\\leq", "≤"), ("\\ge", "≥"), ("\\le", "≤"), ("\\%", "%"), ("\\times", "×"), ("$", ""))


def clean(text: str) -> str:
    """One paragraph tidied: PDF-extraction spacing between Chinese and figures, TeX leftovers, NBSP."""
    t = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]", "", text)  # control characters: no cell holds them
    t = t.replace("\u3000", " ").replace("\xa0", " ").strip()
    t = _text_table_row(t)
    for a, b in _LATEX:
        t = t.replace(a, b)
    # spaces next to a Chinese character or full-width punctuation carry no meaning in Chinese text
    cjk = _CJK + "，。；：、！？“”‘’（）《》≥≤％"
    t = re.sub(rf"(?<=[{cjk}]) +| +(?=[{cjk}])", "", t)
    t = re.sub(r"(?<=\d)\s+(?=%)", "", t)
    return re.sub(r"\t+", "\t", t)


_TABLE_WORDS = re.compile(r"预算数|执行数|执行率|分值|得分|指标|完成值|偏差原因|权重|资金")


def _text_table_row(t: str) -> str:
    """A table row flattened to text with spaces between its cells (PDF or plain text): cells joined by tabs,
    so that the spaces are not taken for PDF spacing inside a sentence."""
    cells = t.split()
    if len(cells) < 3 or "\t" in t or re.search(r"[。，；、,;]", t):
        return t
    numbers = sum(bool(re.fullmatch(r"-?\d[\d,.]*%?", c)) for c in cells)
    if numbers >= 2 and not re.fullmatch(r"-?\d[\d,.]*%?", cells[0]) or \
            sum(bool(_TABLE_WORDS.search(c)) for c in cells) >= 3 and numbers == 0:
        return "\t".join(cells)
    return t


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
    if TITLE_END.search(prev[-12:]) and re.search(r"(?:报告|总结|表)(?:[（(][^（）()]*[）)])?$", prev) \
            or COVER_FIELD.match(nxt) or COVER_NOISE.match(nxt) or DATED.match(nxt):
        return False  # a title, then the cover's fields and dates
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


def _named_sub(keys: _Keys, section: str, title: str) -> bool:
    """Whether ``title`` names one of ``section``'s sub-sections by its words (short, no sentence in it)."""
    return _heading_ok(title) and len(title) <= 20 and bool(sub_key(keys, section, title, "X"))


def loose_heading(text: str) -> Optional[tuple[int, str, str, str]]:
    """(level, numeral, title, rest) of a level-1/2 heading in a loose shape: ending in 。 or ：
    (“（二）项目资金情况。”) or run into its first sentence (“（二）绩效目标完成情况分析，合格率100%”)."""
    for level, rx in ((1, RE_H1), (2, RE_H2)):
        m = rx.match(text)
        if not m:
            continue
        body = m.group(2).strip()
        cut = re.search(r"[。：:，,；;]", body)
        if cut and 2 <= cut.start() <= 20 and not body.startswith(("是", "要", "在", "对", "把")):
            return level, m.group(1), body[:cut.start()], body[cut.end():].strip()
    return None


def section_key(keys: _Keys, title: str, numeral: str) -> str:
    for key, words in keys.h1:
        if any(w in title for w in words):
            return key
    idx = CN_DIGITS.find(numeral)
    tops = keys.outline.top_level()
    return tops[idx].id if 0 <= idx < len(tops) and len(numeral) == 1 else ""


def sub_key(keys: _Keys, section: str, title: str, numeral: str) -> str:
    for key, words in keys.h2.get(section, ()):
        if any(w in title for w in words):
            return key
    children = keys.outline.children(section)
    idx = CN_DIGITS.find(numeral)
    return children[idx].id if 0 <= idx < len(children) and len(numeral) == 1 else ""


def _split_items(text: str) -> list[str]:
    """"1.做好…; 2.指导…" or "甲；乙；丙" → the items, numbering and end punctuation removed."""
    body = text.strip().rstrip("。")
    numbered = re.split(r"[；;]?\s*(?<![\d.])\d{1,2}\s*[.、．](?!\d)\s*", body)
    items = [i.strip(" ；;。") for i in numbered if i.strip(" ；;。")]
    if len(items) > 1 or re.match(r"\d{1,2}\s*[.、．]", body):
        return items
    return [i.strip() for i in re.split(r"[；;]", body) if i.strip()]


#: the numbering of an item the report numbers itself (1、 / （一） / 一是): dropped on import.  A department's own
#: （1）（2）… stays with its text: the report prints a list numbered so as written (report.sections._listed)
_ITEM_NUMBER = re.compile(r"^(?:\d{1,2}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]是)\s*")


def _item_text(text: str) -> str:
    return _ITEM_NUMBER.sub("", text)


class _Walker:
    def __init__(self, rep: ParsedReport, keys: _Keys):
        self.rep = rep
        self.keys = keys
        self.section = ""  # "" = before the first heading (cover page, 摘要)
        self.sub = ""
        self.block = ""  # the indicator analysis: the current level-1 block's name
        self.sub_seen = False  # a （一） sub-heading seen in this section
        self.unknown_sub = ""  # the sub-heading being read names no part of the outline: its text is unplaced
        self.digit_subs = False  # this section's sub-headings are numbered 1. 2.
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

    def heading(self, level: int, numeral: str, title: str, raw: str, named_only: bool = False) -> bool:
        """Whether ``raw`` is a heading here (then it is filed); ``named_only``: a loose shape (ending in 。/：,
        run into its first sentence, or 1. under 一、) counts only when its words name a section of the outline."""
        rep, keys = self.rep, self.keys
        if level == 3 and self.section and not self.sub_seen and keys.outline.children(self.section) and \
                "analysis" not in keys.kinds(self.current()) and (self.digit_subs or _named_sub(keys, self.section, title)):
            self.digit_subs = True  # “1.部门职能” under 一、: the department numbers its sub-sections 1. 2.
            level, named_only = 2, False
        if level == 1:
            key = section_key(keys, title, numeral if not named_only else "X")
            if not key:
                return False
            self.section, self.sub, self.block = key, "", ""
            self.sub_seen = self.digit_subs = False
            self.unknown_sub = ""
            rep.recognised += 1
            rep.named += any(w in title for w in keys.outline.section(key).synonyms)
            self._own(key, title)
            rep.outline.append((key, raw))
            return True
        if level == 2 and self.section:
            key = sub_key(keys, self.section, title, numeral if not named_only else "X")
            if named_only and not key:
                return False
            self.sub_seen = self.sub_seen or not self.digit_subs
            self.sub, self.block = key, ""
            if keys.outline.section(key) is not None:
                self._own(key, title)
            block = keys.block(self.section, key)
            if block is not None and block.slot and block.slot != keys.outline.default_slot:
                rep.problems_section = block.slot
            rep.outline.append((key, raw))
            self.unknown_sub = "" if key else raw[:20]
            if not key:
                rep.warnings.append(f"小标题“{raw[:20]}”未对应到报告的固定栏目，其下段落放入“未归类”")
            return True
        if level == 3 and "analysis" in keys.kinds(self.current()):
            self.block = re.sub(r"(?:指标)?(?:情况)?(?:分析)?$", "", title) or title
            rep.outline.append(("block", raw))
            return True
        return False

    def _own(self, key: str, title: str) -> None:
        if title not in self.keys.titles.get(key, set()):
            self.rep.headings[key] = title

    def current(self) -> str:
        return self.sub or self.section

    def _title(self, sid: str) -> str:
        s = self.keys.outline.section(sid)
        return s.title if s is not None else sid

    def paragraph(self, text: str) -> None:
        rep, where, keys = self.rep, self.current(), self.keys
        read_figures(text, rep.figures)
        if _is_table_row(text):
            cells = _cells(text)
            _table_fields(cells, rep)
            if rep.selftable.row(cells) or rep.amounts.table_row(cells, text):
                return  # a row of the budget or 自评表 indicator table: its figures go to the sheets, never the text
        else:
            rep.selftable.end()
            rep.amounts.end_table()
            rep.amounts.sentence(official_spelling(text))
        kinds = keys.kinds(where)
        scored = bool(kinds & {"conclusion", "score_table"})
        if _is_table_row(text) and (scored or where == ""):
            self.table.append(text)
            return
        self.flush_table()
        if self.unknown_sub:
            self.add(text, "")  # the sub-heading's warning already says where its paragraphs went
            return
        if where == "":
            if re.match(r"^(?:摘\s*要|目\s*录)[:：]?$", text):
                return
            self.unplaced(text, "在第一个标题之前")
            return
        if scored:
            read_score_sentences(text, rep)
            if not _generated_s3(text):
                self.unplaced(text, f"在“{self._title(where)}”中（该部分由程序根据得分生成）")
            return
        children = keys.outline.children(where) if not self.sub else []
        if children and not keys.outline.section(where).blocks:
            where = children[0].id  # text right under a level-1 heading: its first sub-section
            kinds = keys.kinds(where)
        section = keys.outline.section(where)
        lists = [b for b in section.text_blocks() if b.style in ("list", "joined")] if section is not None else []
        if lists:
            for b in lists:
                lead = "|".join(re.escape(w) for w in (b.leads or [b.lead]))
                m = re.match(rf"^(?:{lead})[:：]\s*(.*)$", text)
                if m:
                    for item in _split_items(m.group(1)):
                        self.add(item, b.field)
                    return
            self.add(text, lists[0].field)
            return
        if "goal" in kinds:
            m = re.match(r"^(?:部门)?(?:年度)?整体绩效目标(?:是|为|[:：])\s*(.*?)。?$", text)
            if m and not any(p.attr == "overall_goal" for p in rep.paragraphs):
                self.add(m.group(1), "overall_goal")
            elif re.match(r"^绩效指标设置", text) or re.search(r"一级指标包括|二级指标包括", text):
                return  # xlperf writes this sentence from the form's indicator table
            elif keys.target(where):
                self.add(text, keys.target(where))
            else:
                self.unplaced(text, f"在“{self._title(where)}”中未能对应栏目")
            return
        if "funds" in kinds:
            target = keys.target(where)
            if is_budget_sentence(text) and not any(p.attr == target for p in rep.paragraphs) \
                    and len(text) < 160 or is_own_funds_sentence(text):
                return  # xlperf's own sentences here: it writes them from 预算资金 (their figures are read above)
            if target:
                self.add(text, target)
            else:
                self.unplaced(text, f"在“{self._title(where)}”中未能对应栏目")
            return
        if "analysis" in kinds:
            if SENTENCES["指标得分"].pattern.fullmatch(text.rstrip("。")):
                read_score_sentences(text, rep, level=2)
                return  # xlperf's own line for an indicator the clerk wrote nothing about: it writes it again
            m = re.match(rf"^([{_CJK}、和及与]{{2,16}}?)(?:情况)?[:：]\s*(.+)$", text)
            if m:
                self.add(m.group(2), "analysis", m.group(1), self.block)
            elif self.block:
                self.add(text, "analysis", self.block)
            elif keys.target(where):  # the section's own 栏目 before its first indicator block
                self.add(text, keys.target(where))
            else:
                self.unplaced(text, "在“绩效指标完成情况分析”中没有对应的指标")
            read_score_sentences(text, rep, level=2)
            return
        block = keys.block(self.section, where) if section is None else None
        if block is not None:  # under a sub-heading that introduces one 栏目
            if block.style in ("numbered", "items"):
                text = _item_text(text)
            self.add(text, block.field)
            return
        if section is not None:
            items = next((b for b in section.text_blocks() if b.style == "items" and not b.subheading), None)
            if items is not None and re.match(r"^[一二三四五六七八九十]是", text):
                self.add(re.sub(r"^[一二三四五六七八九十]是", "", text), items.field)
                return
        attr = keys.target(where)
        if attr:
            target = keys.block(where, attr)
            if target is not None and target.style in ("numbered", "items"):
                text = _item_text(text)
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


def parse_report(paragraphs: list[str], outline: Optional[Outline] = None) -> ParsedReport:
    """The parsed report, its headings recognised by ``outline`` (default: the 部门整体 outline);
    ``recognised`` = 0 means the text has none of the report's sections."""
    rep = ParsedReport()
    outline = outline or load_outline(None)
    walker = _Walker(rep, _Keys(outline))
    texts = normalise(paragraphs)
    stop = next((i for i, t in enumerate(texts) if heading_of(t)), len(texts))
    front = read_front(texts, stop)
    rep.unit, rep.year, rep.said_report = front.unit, front.year, front.said_report
    rep.kind, rep.kind_stated = front.kind or "部门整体", bool(front.kind)
    rep.warnings.extend(front.notes)
    rep.first_lines = [t for t in texts[:5]]
    for i, text in enumerate(texts):
        if i in front.used:
            continue
        text = front.rest.get(i, text)
        found = heading_of(text)
        loose = loose_heading(text) if not found else None
        if found or loose:
            rep.headings_seen.append(text)
        if found and walker.heading(*found, raw=text) or \
                loose and walker.heading(*loose[:3], raw=text[:len(text) - len(loose[3])].rstrip("。：:，,；; "),
                                         named_only=True):
            walker.flush_table()
            rep.amounts.end_table()
            if loose and loose[3]:
                walker.paragraph(loose[3])
            continue
        walker.paragraph(text)  # prose, or "1.xxx" outside 四（二）: a numbered item (e.g. a problem in 六（一）)
    walker.flush_table()
    rep.amounts.end_table()
    rep.warnings.extend(rep.amounts.settle(rep.figures))
    _self_table(rep)
    _kind_from_body(rep, texts)
    _year_from_body(rep, [t for i, t in enumerate(texts) if i not in front.used])
    slotted = {b.field for sec in outline.sections for b in sec.blocks if b.slot}
    if rep.problems_section == "" and slotted and any(p.attr in slotted for p in rep.paragraphs):
        rep.problems_section = outline.default_slot
    return rep


def _year_from_body(rep: ParsedReport, texts: list[str]) -> None:
    """The year the body names most when the title names none; a warning when the two disagree."""
    years = body_years(texts)
    top = years.most_common(1)[0] if years else None
    if rep.year is None and top is not None:
        rep.year = top[0]
        rep.warnings.append(f"标题中没有年度，按正文中最常出现的{top[0]}年导入（{top[1]}处），请核对")
    elif top is not None and top[0] != rep.year and top[1] > years.get(rep.year, 0):
        rep.warnings.append(f"标题写的是{rep.year}年度，正文中多处写{top[0]}年（{top[1]}处），已按标题的{rep.year}年度导入，请核对")


#: a project report's own headings (一、项目基本情况 / （一）项目概况 / 项目资金 …) and its table's title
PROJECT_HEADING = re.compile(r"项目(?:基本情况|概况|绩效目标|资金|支出|实施|决策|过程|产出|效益)")
SELF_TABLE = re.compile(r"项目支出绩效自评表|绩效自评表")


def _kind_from_body(rep: ParsedReport, texts: list[str]) -> None:
    """The report's kind when its title does not say: a project's headings make it 项目支出, the national
    自评表 (its title, or a table with 年初预算数 … and 一级指标 … and no numbered headings) 自评表."""
    if rep.kind_stated:
        return
    table = any(SELF_TABLE.search(t) for t in texts[:8]) or \
        any("年初预算数" in t and "全年执行数" in t for t in texts) and any("一级指标" in t for t in texts)
    if table and not rep.headings_seen:
        rep.kind, rep.kind_stated = "自评表", True
    elif any(PROJECT_HEADING.search(h) for h in rep.headings_seen):
        rep.kind, rep.kind_stated = "项目支出", True


#: the 自评表's cover cells: a label cell and its value in the next cell
TABLE_FIELDS = ("项目名称", "主管部门", "实施单位")


def _table_fields(cells: list[str], rep: ParsedReport) -> None:
    for i, c in enumerate(cells[:-1]):
        if c in TABLE_FIELDS:
            rep.figures.setdefault("table." + c, cells[i + 1])


def _self_table(rep: ParsedReport) -> None:
    """What a 自评表 states: its indicator rows, total, 预算执行率's score, and the unit in charge."""
    st = rep.selftable
    rep.warnings.extend(st.notes)
    if st.total is not None and rep.total is None:
        rep.total = st.total
    if rep.amounts.exec_score is not None:
        weight, score = rep.amounts.exec_score
        rep.scores.append(ScoreLine("预算执行率", weight, score))
    unit = clean_unit(str(rep.figures.pop("table.实施单位", "") or rep.figures.get("table.主管部门", "")))
    rep.figures.pop("table.主管部门", None)
    rep.figures.pop("table.项目名称", None)
    rep.unit = rep.unit or unit
