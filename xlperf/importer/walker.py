"""The section walker: which heading of the outline a line is, and which 栏目 of the form each paragraph
under it goes to.  Pure core."""

from __future__ import annotations

import re
from typing import Optional

from ..report.sentences import SENTENCES
from ..report.words import official_spelling
from ..domain.outlines import Block, Outline, Section, all_outlines
from .lines import CN_DIGITS, _CJK, _cells, _heading_ok, _is_table_row
from .parsed import Paragraph, ParsedReport
from .statements import (_generated_s3, _table_fields, is_budget_sentence, is_own_funds_sentence, read_figures,
                         read_score_sentences, read_score_table)


class _Keys:
    """What recognises a heading and where its paragraphs go, read from a report outline (xlperf/domain/outlines):
    a level-1 heading by its section's synonyms (checked last section first, so “经验、问题和建议” is 七 before
    “问题” makes it 五), a level-2 heading by its sub-sections' or 栏目s' synonyms."""

    def __init__(self, outline: Outline, indicators: tuple[str, ...] = ()):
        self.outline = outline
        self.indicators = [n for n in indicators if len(n) >= 2]  # the rules' level-1/2 indicator names
        self.h1 = [(s.id, s.synonyms) for s in reversed(outline.top_level())]
        self.h2: dict[str, list[tuple[str, list[str]]]] = {}
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

    def indicator_named(self, title: str) -> bool:
        """Whether ``title`` names an indicator (“产出指标”, “预算执行情况” where the rules have 预算执行)."""
        bare = re.sub(r"(?:情况)?(?:分析)?$", "", title)
        return "指标" in title or any(n in title or len(bare) >= 2 and bare in n for n in self.indicators)

    def block(self, section: str, field: str) -> Optional[Block]:
        s = self.outline.section(section)
        return next((b for b in s.text_blocks() if b.field == field), None) if s is not None else None


def _named_sub(keys: _Keys, section: str, title: str) -> bool:
    """Whether ``title`` names one of ``section``'s sub-sections by its words (short, no sentence in it)."""
    return _heading_ok(title) and len(title) <= 20 and bool(sub_key(keys, section, title, None))


#: a numeral 一…十 → its place (0-based) among the headings of its level
_COUNT = {c: i for i, c in enumerate(CN_DIGITS)}


def _counted(sections: list[Section], numeral: Optional[str]) -> str:
    """The section the numeral counts to; "" when it counts past the last (or is no numeral 一…十, or None: the
    heading is recognised by its words only)."""
    idx = _COUNT.get(numeral)
    return sections[idx].id if idx is not None and idx < len(sections) else ""


def section_key(keys: _Keys, title: str, numeral: Optional[str]) -> str:
    for key, words in keys.h1:
        if any(w in title for w in words):
            return key
    return _counted(keys.outline.top_level(), numeral)


def sub_key(keys: _Keys, section: str, title: str, numeral: Optional[str]) -> str:
    for key, words in keys.h2.get(section, ()):
        if any(w in title for w in words):
            return key
    return _counted(keys.outline.children(section), numeral)


#: what is trimmed off a list item's ends: spaces, its separator, its full stop
_ITEM_ENDS = " ；;。"


def _split_items(text: str) -> list[str]:
    """"1.做好…; 2.指导…" or "甲；乙；丙" → the items, numbering and end punctuation removed."""
    body = text.strip()
    numbered = re.split(r"[；;]?\s*(?<![\d.])\d{1,2}\s*[.、．](?!\d)\s*", body)
    items = [i.strip(_ITEM_ENDS) for i in numbered if i.strip(_ITEM_ENDS)]
    if len(items) > 1 or re.match(r"\d{1,2}\s*[.、．]", body):
        return items
    return [i.strip(_ITEM_ENDS) for i in re.split(r"[；;]", body) if i.strip(_ITEM_ENDS)]


#: the numbering of an item the report numbers itself (1、 / （一） / 一是): dropped on import.  A department's own
#: （1）（2）… stays with its text: the report prints a list numbered so as written (report.sections._listed)
_ITEM_NUMBER = re.compile(r"^(?:\d{1,2}\s*[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|[一二三四五六七八九十]是)\s*")


def _item_text(text: str) -> str:
    return _ITEM_NUMBER.sub("", text)


#: where the walker is when a level-1 section starts (and before the first heading: cover page, 摘要)
_SECTION_START = {
    "sub": "",  # the sub-section or the 栏目 a sub-heading introduces
    "block": "",  # the indicator analysis: the current level-1 block's name
    "sub_seen": False,  # a （一） sub-heading seen in this section
    "unknown_sub": False,  # the sub-heading being read names no part of the outline: its text is unplaced
    "digit_subs": False,  # this section's sub-headings are numbered 1. 2.
    "sub_number": None,  # the number of the last sub-heading numbered so (“2.资金使用情况”: 2)
}


class _Walker:
    def __init__(self, rep: ParsedReport, keys: _Keys):
        self.rep = rep
        self.keys = keys
        self.table: list[str] = []
        self._enter("")

    def _enter(self, section: str) -> None:
        """A level-1 section starts ("" = before the first heading)."""
        self.section = section
        vars(self).update(_SECTION_START)

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
            level = 2  # (a loose shape is never level 3: named_only is False here)
        elif level == 3 and self._next_digit_sub(numeral, title):
            level = 2  # “2.资金使用情况” after “1.绩效指标完成情况”: the next sub-section
        if level == 1:
            key = section_key(keys, title, numeral if not named_only else None)
            if not key:
                return False
            self._enter(key)
            rep.recognised += 1
            rep.named += any(w in title for w in keys.outline.section(key).synonyms)
            self._own(key, title)
            rep.outline.append((key, raw))
            return True
        if level == 2 and self.section:
            key = sub_key(keys, self.section, title, numeral if not named_only else None)
            if named_only and not key:
                return False
            self.sub_seen = self.sub_seen or not self.digit_subs
            self.sub_number = int(numeral) if numeral.isdigit() else None  # a digit: a promoted “1.” heading
            self.sub, self.block = key, ""
            if keys.outline.section(key) is not None:
                self._own(key, title)
            block = keys.block(self.section, key)
            if block is not None and block.slot and block.slot != keys.outline.default_slot:
                rep.problems_section = block.slot
            rep.outline.append((key, raw))
            self.unknown_sub = not key
            if not key:
                rep.warnings.append(f"小标题“{raw[:20]}”未对应到报告的固定栏目，其下段落放入“未归类”")
            return True
        if level == 3 and "analysis" in keys.kinds(self.current()):
            self.block = re.sub(r"(?:指标)?(?:情况)?(?:分析)?$", "", title) or title
            rep.outline.append(("block", raw))
            return True
        return False

    def _next_digit_sub(self, numeral: str, title: str) -> bool:
        """Whether “N.title” under the indicator analysis is the department's next sub-section, not an indicator
        block: its sub-headings are numbered 1. 2., N follows the analysis's own number, and the words name
        another sub-section of the outline (资金/预算 …) and no indicator (产出指标, 预算执行情况 …)."""
        keys = self.keys
        if self.sub_number is None or "analysis" not in keys.kinds(self.current()):
            return False
        if not numeral.isdigit() or int(numeral) != self.sub_number + 1 or not _named_sub(keys, self.section, title):
            return False
        key = sub_key(keys, self.section, title, None)
        return key != self.sub and keys.outline.section(key) is not None and not keys.indicator_named(title)

    def _own(self, key: str, title: str) -> None:
        if title not in self.keys.titles[key]:
            self.rep.headings[key] = title

    def current(self) -> str:
        return self.sub or self.section

    def _title(self, sid: str) -> str:
        return self.keys.outline.section(sid).title  # (called for sections only: their kinds brought it here)

    def paragraph(self, text: str) -> None:
        """File one paragraph of the body: read what it states, then put it in its 栏目 (or among the unplaced)."""
        rep, where, keys = self.rep, self.current(), self.keys
        if self._table_row_read(text):
            return  # a row of the budget or 自评表 indicator table: its figures go to the sheets, never the text
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
        children = keys.outline.children(where)  # (none for a sub-section or a 栏目)
        if children and not keys.outline.section(where).blocks:
            where = children[0].id  # text right under a level-1 heading: its first sub-section
            kinds = keys.kinds(where)
        self._file(text, where, kinds)

    def _table_row_read(self, text: str) -> bool:
        """Read the figures ``text`` states; whether it is a row of the budget or 自评表 indicator table."""
        rep = self.rep
        read_figures(text, rep.figures)
        if _is_table_row(text):
            cells = _cells(text)
            _table_fields(cells, rep)
            if rep.selftable.row(cells) or rep.amounts.table_row(cells, text):
                return True
        else:
            rep.selftable.end()
            rep.amounts.end_table()
            rep.amounts.sentence(official_spelling(text))
        return False

    def _file(self, text: str, where: str, kinds: set[str]) -> None:
        """File a paragraph of the section or sub-section ``where`` by the kinds of its 栏目."""
        keys = self.keys
        section = keys.outline.section(where)
        lists = [b for b in section.text_blocks() if b.style in ("list", "joined")] if section is not None else []
        if lists:
            self._listed(text, lists)
        elif "goal" in kinds:
            self._goal(text, where)
        elif "funds" in kinds:
            self._funds(text, where)
        elif "analysis" in kinds:
            self._analysis(text, where)
        else:
            self._plain(text, where, section)

    def _listed(self, text: str, lists: list[Block]) -> None:
        """A paragraph of a section whose 栏目 are lists: “lead：甲；乙” gives the items, else the first list."""
        for b in lists:
            lead = "|".join(re.escape(w) for w in (b.leads or [b.lead]))
            m = re.match(rf"^(?:{lead})[:：]\s*(.*)$", text)
            if m:
                for item in _split_items(m.group(1)):
                    self.add(item, b.field)
                return
        self.add(text, lists[0].field)

    def _goal(self, text: str, where: str) -> None:
        """A paragraph of the 绩效目标 section: the overall goal, or its 栏目's text."""
        rep, keys = self.rep, self.keys
        m = re.match(r"^(?:部门)?(?:年度)?整体绩效目标(?:(?:是|为)[:：]?|[:：])\s*(.*?)。?$", text)
        if m and not any(p.attr == "overall_goal" for p in rep.paragraphs):
            self.add(m.group(1), "overall_goal")
        elif re.match(r"^绩效指标设置", text) or re.search(r"一级指标包括|二级指标包括", text):
            return  # xlperf writes this sentence from the form's indicator table
        elif keys.target(where):
            self.add(text, keys.target(where))
        else:
            self.unplaced(text, f"在“{self._title(where)}”中未能对应栏目")

    def _funds(self, text: str, where: str) -> None:
        """A paragraph of the 资金 section, unless xlperf writes it again from 预算资金."""
        rep, keys = self.rep, self.keys
        target = keys.target(where)
        if is_budget_sentence(text) and not any(p.attr == target for p in rep.paragraphs) \
                and len(text) < 160 or is_own_funds_sentence(text):
            return  # xlperf's own sentences here: it writes them from 预算资金 (their figures are read above)
        if target:
            self.add(text, target)
        else:
            self.unplaced(text, f"在“{self._title(where)}”中未能对应栏目")

    def _analysis(self, text: str, where: str) -> None:
        """A paragraph of the indicator analysis: under its indicator's name, and the scores it states."""
        rep, keys = self.rep, self.keys
        if SENTENCES["指标得分"].pattern.fullmatch(text.removesuffix("。")):
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

    def _plain(self, text: str, where: str, section: Optional[Section]) -> None:
        """Any other paragraph: the 栏目 a sub-heading introduces, an 一是… item, or the section's own 栏目."""
        keys = self.keys
        block = keys.block(self.section, where)  # (where is a section: no 栏目 of its section has its id as field)
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
