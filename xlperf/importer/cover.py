"""What a report's first lines say about it: its title, unit, year and kind, and whether it is a report at all.

Real titles come in many shapes: ``…自评工作报告``, ``…工作情况总结（…）``, ``…绩效评价报告``,
``…报告（驻京干部房租补助经费）``, the year first (``2024年南县自然资源局…``), no 年 (``惠州市交通运输局2021部门…``),
two to four lines with ``（ 2021 年度）`` on its own, or a preamble on the same line (``…自评报告为进一步规范…``).
Cover pages add fields (``部门（单位）全称：``, ``部门名称：``, ``填报单位：``) that may hold only a placeholder
(``（公章）``, ``XXX``) — never a unit — and a date of filing whose year is not the report's.  Pure: no I/O.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Optional

#: words that make a text a report whatever its headings (the issue: 绩效自评 / 绩效评价 / 自评报告 / 自评表)
REPORT_WORDS = ("绩效自评", "绩效评价", "自评报告", "自评表")
#: how a title ends: the report's own name
TITLE_END = re.compile(r"(?:绩效)?(?:自评|评价|自评价)(?:工作)?(?:报告|情况总结|总结)|绩效(?:工作)?报告|"
                       r"工作情况总结|绩效自评表|自评表")
#: a year as titles print it: 2021年度 / 2021年 / 2021 followed by a word (惠州市交通运输局2021部门…)
TITLE_YEAR = re.compile(r"[（(]?\s*(?<!\d)((?:19|20)\d{2})(?!\d)\s*(?:年度|年)?\s*[）)]?")
YEAR_LINE = re.compile(r"^[（(]\s*((?:19|20)\d{2})\s*年度?\s*[）)]$")
#: a date of filing or a document number: a year after these is not the report's
DATED = re.compile(r"填报日期|报送日期|编制日期|日期[:：]|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月|[〔［\[](?:19|20)\d{2}[〕］\]]")
#: the words of a title that follow the unit's name (the report's kind and subject)
AFTER_UNIT = re.compile(r"关于|(?:部门|单位)?[（(]?单位[）)]?整体|部门整体|单位整体|整体支出|整体绩效|项目支出|部门支出|"
                        r"部门预算|预算绩效|财政支出|财政资金|绩效自评|绩效评价|自评|年度")
COVER_FIELD = re.compile(
    r"^(部门[（(]单位[）)]全称|部门全称|单位全称|部门名称|单位名称|填报单位|预算单位|评价单位|主管部门|实施单位|项目单位|"
    r"项目名称|评价年度|自评年度|年度)\s*(?:[（(](?:盖章|公章|签章)[）)])?\s*[:：]\s*(.*)$")
UNIT_FIELDS = ("部门（单位）全称", "部门(单位)全称", "部门全称", "单位全称", "部门名称", "单位名称", "填报单位", "预算单位",
               "评价单位", "实施单位", "项目单位", "主管部门")
#: a cover line that is neither unit nor year: dropped, never text of the report
COVER_NOISE = re.compile(r"^(?:填报人|联系人|联系电话|电话|负责人|单位负责人|财务负责人|填报日期|报送日期|编制日期|日期|"
                         r"审核人|经办人|（?公章）?|（?盖章）?|附件\s*\d*)\s*[:：]?")
#: what a cover field holds when nobody filled it in
PLACEHOLDER = re.compile(r"[（(]\s*(?:公章|盖章|签章|签字|章)\s*[）)]|[XxＸｘ×*＊]{2,}|某某|（\s*）|\(\s*\)|_{2,}|＿{2,}")
#: where a cover line's value ends when the next field follows on the same line
NEXT_FIELD = re.compile(r"\s*(?:填报人|联系人|联系电话|电话|负责人|日期|填报日期|主管部门|项目名称)\s*[:：].*$")


@dataclass
class Front:
    """What the lines before the first heading say."""

    unit: str = ""
    year: Optional[int] = None
    kind: str = ""  # 部门整体 / 项目支出 / 自评表, "" when the first lines do not say
    title: str = ""
    project: str = ""  # a project report's subject (项目名称 or the title's parenthesis)
    said_report: bool = False  # the first lines call it a report (REPORT_WORDS)
    used: set[int] = field(default_factory=set)  # title and cover lines: not text of the report
    rest: dict[int, str] = field(default_factory=dict)  # a title line's preamble that follows on the same line
    notes: list[str] = field(default_factory=list)


def clean_unit(value: str) -> str:
    """A unit's name as a cover field or a title gives it; "" for a placeholder or anything unlike a name."""
    v = NEXT_FIELD.split(re.sub(r"\s+", "", value))[0]  # the text before a next field on the same line
    v = PLACEHOLDER.sub("", v).strip("：:，,。 ")
    if not re.search(r"[\u4e00-\u9fff]{2,}", v) or len(v) > 40 or re.search(r"填报人|联系人|报告|盖章|公章|[:：]", v):
        return ""
    return v


def _short(line: str) -> bool:
    """A title line: short, no sentence punctuation, no field."""
    return 0 < len(line) <= 40 and not re.search(r"[。，；;：:,]", line) and not DATED.search(line) \
        and not re.fullmatch(r"目\s*录|摘\s*要|附件\s*\d*|\d+", line.strip())


def kind_of(title: str) -> str:
    """The kind a title names: 自评表, 部门整体 (整体 / 部门 / 单位), 项目支出 (a project, a fund, 经费 …), or ""."""
    if "自评表" in title:
        return "自评表"
    if "整体" in title:
        return "部门整体"
    if re.search(r"项目|经费|资金|补助|专项", title):
        return "项目支出"
    return "部门整体" if re.search(r"部门(?:支出|预算|绩效)|单位(?:支出|预算|绩效)", title) else ""


def unit_of(title: str) -> str:
    """The unit's name in a title: before the year when the year follows it, else up to the report's subject."""
    m = TITLE_YEAR.search(title)
    if m and m.start():
        head = title[:m.start()]
    else:
        head = title[m.end():] if m else title
    cut = AFTER_UNIT.search(head)
    if cut:
        head = head[:cut.start()]
    return clean_unit(head)


def _title_block(lines: list[str], i: int, used: set[int]) -> tuple[list[int], str, str]:
    """The lines of the title whose name ends on line ``i``, the title text, and what follows it on that line."""
    line = re.sub(r"\s+", "", lines[i])
    m = TITLE_END.search(line)
    end = m.end()
    par = re.match(r"[（(][^（）()]{1,30}[）)]", line[end:])
    if par:
        end += par.end()
    title, rest = line[:end], line[end:]
    block = [i]
    j = i - 1
    while j >= 0 and i - j <= 3 and j not in used and _short(lines[j]) and not TITLE_END.search(lines[j]):
        block.append(j)  # the lines' order is not kept: they are only marked used
        title = re.sub(r"\s+", "", lines[j]) + title
        j -= 1
    k = i + 1
    while k < len(lines) and k - i <= 2 and not rest:
        nxt = re.sub(r"\s+", "", lines[k])
        if not (YEAR_LINE.match(nxt) or re.fullmatch(r"[（(][^（）()]{1,30}[）)]", nxt)):
            break
        block.append(k)
        title += nxt
        k += 1
    return block, title, rest


def read_front(lines: list[str], stop: int) -> Front:
    """Title, unit, year and kind from ``lines[:stop]`` (the lines before the first heading)."""
    front = Front()
    dated = False
    for i in range(min(stop, len(lines), 30)):
        line = lines[i].strip()
        compact = re.sub(r"\s+", "", line)
        if any(w in compact for w in REPORT_WORDS):
            front.said_report = True
        m = COVER_FIELD.match(compact)
        if m:
            front.used.add(i)
            name, value = m.group(1), m.group(2)
            if name in ("评价年度", "自评年度", "年度"):
                y = re.search(r"(?:19|20)\d{2}", value)
                if y and front.year is None and not dated:
                    front.year = int(y.group())
            elif name == "项目名称":
                front.project = front.project or clean_unit(value) or value.strip()
                front.kind = front.kind or "项目支出"
            elif not front.unit:
                front.unit = clean_unit(value)
                if not front.unit and value.strip():
                    front.notes.append(f"封面“{compact[:30]}”没有写出单位名称，未作为单位名称导入")
            continue
        if COVER_NOISE.match(compact) and len(compact) <= 40:
            front.used.add(i)
            dated = dated or bool(DATED.search(compact))
            continue
        y = YEAR_LINE.match(compact)
        if y and front.year is None and not dated:
            front.year = int(y.group(1))
            front.used.add(i)
            continue
        if DATED.search(compact):
            dated = True
            if len(compact) <= 20:  # a date line of the cover (2022年5月20日)
                front.used.add(i)
            continue
        if not front.title and TITLE_END.search(compact) and len(compact[:TITLE_END.search(compact).end()]) <= 60 \
                and not re.search(r"[。，；;]", compact[:TITLE_END.search(compact).end()]):
            block, title, rest = _title_block(lines, i, front.used)
            front.title = title
            front.used.update(block)
            if rest:
                front.used.discard(i)
                front.rest[i] = rest
            y = TITLE_YEAR.search(title)
            if y:
                front.year = int(y.group(1))
            front.unit = unit_of(title) or front.unit
            tail = title[TITLE_END.search(title).end():]
            front.kind = front.kind if front.kind == "项目支出" else kind_of(title)
            if tail and front.kind == "项目支出":
                front.project = front.project or tail.strip("（）()")
    return front


RE_BODY_YEAR = re.compile(r"(?<![\d〔［\[])((?:19|20)\d{2})\s*年(?!\s*\d{1,2}\s*月)")


def body_years(texts: list[str]) -> Counter:
    """How often each year is named in the text (dates of a day and document numbers left out)."""
    return Counter(int(y) for t in texts for y in RE_BODY_YEAR.findall(t))
