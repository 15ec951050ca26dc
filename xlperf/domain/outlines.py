"""Report outlines as data: sections in order, the 栏目 of the form that feed them, the blocks xlperf
writes into them, the empty-section wording and the words an importer recognises. Pure core.

An outline is a TOML file under ``xlperf/domain/outlines/`` (validated by pydantic; errors name the file and the
key).  A rule profile names one (``outline = "部门整体"``) or carries its own (an ``[outline]`` table);
a form keeps the outline it was built with in its hidden 规则数据 sheet (column B), so the form's report
uses that outline.  The form builder, the reader, the report context, the templates, ``check`` and the
importer all read the same declaration: adding a 栏目 or a section is an edit of the TOML file only.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from pathlib import Path
from typing import Iterator, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import OutlineError  # re-exported: ``from xlperf.domain.outlines import OutlineError``
from .problems import pydantic_error_text
from .sheets import S_BASIC, S_TEXT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

OUTLINE_DIR = Path(__file__).with_name("outlines")
#: the outline of a profile that names none, by the profile's kind
DEFAULT_BY_KIND = {"部门整体": "部门整体", "项目支出": "项目支出"}
DEFAULT_OUTLINE = "部门整体"

#: the blocks xlperf writes from the data (the report context builds each); ``text`` is the clerk's text
GENERATED = ("goal", "indicator_setting", "conclusion", "score_table", "funds", "analysis", "shortfalls")
#: the two sheets whose text rows feed a report (基本情况: 栏目 | 内容; 文字材料: 章节 | 栏目 | 内容)
SHEETS = (S_BASIC, S_TEXT)
#: a field id: an ASCII identifier (Narrative attribute, or any new id an outline declares)
_FIELD_ID = re.compile(r"^[a-z][a-z0-9_]*$")
#: a single-value field of the form: "part.attribute" of the evaluation (budget.adjust_reason, narrative.apply_plan)
_VALUE_PATH = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Block(_Strict):
    """One part of a section: the clerk's text of one 栏目 (``kind = "text"``), or a generated block."""

    kind: Literal["text", "value", "goal", "indicator_setting", "conclusion", "score_table", "funds", "analysis",
                  "shortfalls"] = "text"
    field: str = ""  # text: the field id its rows feed (e.g. "process"); analysis: "analysis"
    label: str = ""  # text: the 栏目 (form column, messages, sub-heading); score_table: the table's caption
    sheet: Literal[S_BASIC, S_TEXT] = S_TEXT  # text: where its rows are
    #: text: paragraphs (each ends with 。), list (“lead：1.甲；2.乙。” in one paragraph), joined (“lead：甲；乙。”),
    #: numbered (1、甲), items (一是甲)
    style: Literal["paragraphs", "list", "joined", "numbered", "items"] = "paragraphs"
    lead: str = ""  # list: the words before the items; score_table: the paragraph before the table
    leads: list[str] = Field(default_factory=list)  # list: what an importer accepts before “：” for this 栏目
    standard: bool = False  # text: the profile's standard wording (standard_text[field]) when the clerk wrote none
    subheading: bool = False  # text: printed under its label as a numbered sub-heading when it has items
    #: text, value: printed under its label as the next numbered sub-heading when it has text and sub-headings
    #: came before it in the section (（三）结果应用和公开 after （一）问题 （二）措施; alone: no sub-heading; not with
    #: 设置 沿用原有写法, which keeps an existing report's headings)
    continue_subheadings: bool = False
    slot: str = ""  # shown only where 设置 “问题措施位置” says (one of the outline's problem_slots)
    rows: bool = True  # text: gives the form its rows (False: a second place of a field declared before)
    synonyms: list[str] = Field(default_factory=list)  # text: words of a sub-heading that introduces it (import)
    #: value: a single-value field of the form (its model path, as xlperf/workbook/layout.py declares it:
    #: "budget.adjust_reason"), printed as one paragraph “lead + its text。” when filled and not already stated
    value: str = ""
    default: str = ""  # value: the wording when the field is blank (the blank form shows it for the clerk to change)
    instead_of: str = ""  # value: printed only when this 栏目 (a field id) has no text of the clerk's

    @model_validator(mode="after")
    def _check(self) -> "Block":
        if self.kind == "text":
            if not _FIELD_ID.match(self.field):
                raise ValueError(f"field：应为英文小写字母、数字和下划线（如 process），现为“{self.field}”")
            if not self.label:
                raise ValueError(f"“{self.field}”缺少 label（表中的栏目名称）")
            if self.style in ("list", "joined") and not self.lead:
                raise ValueError(f"“{self.field}”的 style 为 list，须写 lead（如“部门年度履职目标”）")
        if self.kind == "value" and not _VALUE_PATH.match(self.value):
            raise ValueError(f"value：应为填报表单项的数据路径（如 budget.adjust_reason），现为“{self.value}”")
        if (self.value or self.default or self.instead_of) and self.kind != "value":
            raise ValueError("value、default、instead_of 只用于 kind = \"value\"")
        return self


class Section(_Strict):
    """One heading of the report (一、 / （一）) and the blocks under it."""

    id: str = Field(min_length=1)  # a stable key: own headings, templates (headings.s1 …)
    level: int = Field(ge=1, le=2)
    number: str = Field(min_length=1)  # “一、” / “（一）”
    heading: str = Field(min_length=1)  # without the number
    synonyms: list[str] = Field(default_factory=list)  # words that recognise it in an imported report
    form_label: str = ""  # the 文字材料 章节 of its rows (default: “二、绩效自评工作开展情况”, “四（一）部门资金情况分析”)
    empty_at: str = ""  # the field whose cell an empty-section warning names, and which then holds the wording
    empty_hint: str = ""  # “请填写…” of that warning; "" = the empty wording without a warning
    blocks: list[Block] = Field(default_factory=list, alias="block")

    @property
    def title(self) -> str:
        return self.number + self.heading

    def text_blocks(self) -> Iterator[Block]:
        return (b for b in self.blocks if b.kind == "text")


class Outline(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    empty: str = "无。"  # what an empty section prints
    #: where 设置 “问题措施位置” may put the blocks with a ``slot`` (the first is the form's default … last)
    problem_slots: list[str] = Field(default_factory=list)
    default_slot: str = ""
    #: automatic sentences the clerk's text did not place: group → section id (funds: 三公经费, 预算构成;
    #: analysis: 绩效管理情况, 满意度情况)
    auto_sentences: dict[Literal["funds", "analysis"], str] = Field(default_factory=dict)
    sections: list[Section] = Field(alias="section")
    source: str = ""  # the file it came from; not from the file
    text: str = ""  # the TOML text (embedded in every form built with it); not from the file

    @model_validator(mode="after")
    def _check(self) -> "Outline":
        ids = [s.id for s in self.sections]
        dup = next((i for i in ids if ids.count(i) > 1), None)
        if dup:
            raise ValueError(f"section：id“{dup}”重复")
        if self.sections and self.sections[0].level != 1:
            raise ValueError("section：第一个标题须为一级（level = 1）")
        seen: dict[str, str] = {}
        labels: dict[str, str] = {}
        for s in self.sections:
            for b in s.text_blocks():
                if b.rows:
                    if b.field in seen:
                        raise ValueError(f"section（{s.id}）：栏目“{b.field}”已在“{seen[b.field]}”中给出表中的行，"
                                         "第二处请写 rows = false")
                    seen[b.field] = s.id
                    if b.label in labels:
                        raise ValueError(f"section（{s.id}）：栏目名称“{b.label}”已用于“{labels[b.label]}”，表中无法区分")
                    labels[b.label] = b.field
            for b in s.blocks:
                if b.slot and b.slot not in self.problem_slots:
                    raise ValueError(f"section（{s.id}）：slot“{b.slot}”不在 problem_slots 中")
            if s.empty_at and s.empty_at not in {b.field for b in s.text_blocks()}:
                raise ValueError(f"section（{s.id}）：empty_at“{s.empty_at}”不是本节的栏目")
        for b in (b for s in self.sections for b in s.blocks if b.kind == "text" and not b.rows):
            if b.field not in seen:
                raise ValueError(f"栏目“{b.field}”只写了 rows = false，没有一处给出表中的行")
        for s in self.sections:
            for b in s.blocks:
                if b.instead_of and b.instead_of not in seen:
                    raise ValueError(f"section（{s.id}）：instead_of“{b.instead_of}”不是提纲中的栏目")
        for group, sid in self.auto_sentences.items():
            if sid not in ids:
                raise ValueError(f"auto_sentences.{group}：没有 id 为“{sid}”的 section")
        if self.problem_slots and self.default_slot not in self.problem_slots:
            raise ValueError("default_slot：须为 problem_slots 之一")
        return self

    # ---------------------------------------------------------------- queries
    def section(self, sid: str) -> Optional[Section]:
        return next((s for s in self.sections if s.id == sid), None)

    def children(self, sid: str) -> list[Section]:
        """The level-2 sections under the level-1 section ``sid``."""
        return [s for s in self.sections if s.level > 1 and self.parent(s.id).id == sid]

    def parent(self, sid: str) -> Optional[Section]:
        """The level-1 section above the section ``sid``; None for a level-1 section or an unknown id (an
        outline's first section is level 1, its check refuses anything else)."""
        s = self.section(sid)
        if s is None or s.level == 1:
            return None
        return next(t for t in reversed(self.sections[:self.sections.index(s)]) if t.level == 1)

    def top_level(self) -> list[Section]:
        return [s for s in self.sections if s.level == 1]

    def form_label(self, s: Section) -> str:
        """The 文字材料 章节 of a section's rows: “二、绩效自评工作开展情况”, “四（一）部门资金情况分析”."""
        if s.form_label:
            return s.form_label
        parent = self.parent(s.id)
        return chapter_number(parent.number, s.number) + s.heading if parent is not None else s.title

    def text_fields(self) -> list[tuple[Section, Block]]:
        """Every 栏目 that gives the form rows, in report order."""
        return [(s, b) for s in self.sections for b in s.text_blocks() if b.rows]

    def fields_on(self, sheet: str) -> list[tuple[Section, Block]]:
        return [(s, b) for s, b in self.text_fields() if b.sheet == sheet]

    def field_labels(self) -> dict[str, str]:
        """栏目 → field id."""
        return {b.label: b.field for _, b in self.text_fields()}

    def value_blocks(self) -> list[tuple[Section, Block]]:
        """Every single-value field the outline prints (``kind = "value"``), in report order."""
        return [(s, b) for s in self.sections for b in s.blocks if b.kind == "value"]

    def value_default(self, path: str) -> str:
        """The outline's wording for a blank single-value field (``""`` when it has none)."""
        return next((b.default for _, b in self.value_blocks() if b.value == path and b.default), "")

    def analysis_section(self) -> Optional[Section]:
        return next((s for s in self.sections if any(b.kind == "analysis" for b in s.blocks)), None)

    def headings(self) -> dict[str, str]:
        """Section id → heading with its number (“一、基本情况”)."""
        return {s.id: s.title for s in self.sections}


def _loc(loc: tuple, data: object = None) -> str:
    """A pydantic error location as a TOML key: ``section[3]（s2）.block[1].field``."""
    parts: list[str] = []
    node = data
    for p in loc:
        if isinstance(p, int):
            node = node[p] if isinstance(node, list) and 0 <= p < len(node) else None
            label = f"[{p + 1}]"
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                label += f"（{node['id']}）"
            parts[-1:] = [parts[-1] + label] if parts else [label]
        else:
            parts.append(str(p))
            node = node.get(p) if isinstance(node, dict) else None
    return ".".join(parts) or "（文件）"


def outline_from_data(data: dict, origin: str, *, text: str = "", source: str = "") -> Outline:
    try:
        outline = Outline.model_validate(data)
    except ValidationError as exc:
        msgs = [f"报告提纲{origin}：{_loc(err['loc'], data)}：{pydantic_error_text(err)}" for err in exc.errors()]
        raise OutlineError("；".join(msgs)) from exc
    return outline.model_copy(update={"source": source or origin, "text": text})


def outline_from_text(text: str, origin: str, *, source: str = "") -> Outline:
    """An outline from its TOML ``text``; ``origin`` names it in messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f"第{m.group(1)}行第{m.group(2)}列附近" if m else ""
        raise OutlineError(f"报告提纲{origin}{at}有语法错误（{exc}）") from exc
    return outline_from_data(data, origin, text=text, source=source)


def load_outline_file(path: Path) -> Outline:
    try:
        text = Path(path).read_bytes().decode()  # UTF-8 whatever the machine's language
    except (OSError, UnicodeDecodeError) as exc:
        raise OutlineError(f"报告提纲文件无法读取：{path}") from exc
    return outline_from_text(text, Path(path).name, source=str(path))


def named_toml_files(folder: Path) -> dict[str, Path]:
    """The TOML files of a folder by the ``name`` they declare (the file's stem when they declare none or do not
    parse): how shipped outlines and profiles are found."""
    out = {}
    for p in sorted(folder.glob("*.toml")):
        try:
            name = tomllib.loads(p.read_bytes().decode()).get("name", p.stem)
        except tomllib.TOMLDecodeError:
            name = p.stem
        out[name] = p
    return out


@lru_cache(maxsize=None)
def _shipped() -> dict[str, Path]:
    return named_toml_files(OUTLINE_DIR)


def available() -> dict[str, Path]:
    """Shipped outlines: name → file."""
    return dict(_shipped())


@lru_cache(maxsize=32)
def _cached(path: str, mtime: float) -> Outline:
    return load_outline_file(Path(path))


def load_outline(name_or_path: str | Path | None = None) -> Outline:
    """A shipped outline by name (default when empty), or an outline file by path."""
    key = str(name_or_path or "").strip() or DEFAULT_OUTLINE
    shipped = _shipped()
    path = shipped.get(key) or Path(key)
    if not path.is_file():
        raise OutlineError(f"找不到报告提纲“{key}”，可用：{'、'.join(shipped)}，或填写提纲文件路径")
    return _cached(str(path), path.stat().st_mtime)


def all_outlines() -> list[Outline]:
    """Every shipped outline (the importer tries their headings when no profile is named)."""
    return [load_outline(name) for name in _shipped()]


#: where a form keeps its outline (the hidden 规则数据 sheet, column B; see xlperf.workbook.layout)
EMBEDDED_ORIGIN = "表内保存的报告提纲"


def outline_for(profile, embedded: str = "") -> Outline:
    """The outline of a report: the one a form embeds (``embedded`` TOML text) wins; else the profile's
    own (an ``[outline]`` table) or the one it names; else the shipped outline of the profile's kind."""
    if embedded.strip():
        return _embedded(embedded)
    own = getattr(profile, "outline", None)
    if isinstance(own, Outline):
        return own
    return load_outline(own or DEFAULT_BY_KIND.get(getattr(profile, "kind", None)))  # None: the default outline


@lru_cache(maxsize=16)
def _embedded(text: str) -> Outline:
    return outline_from_text(text, EMBEDDED_ORIGIN)


def outline_text(outline: Outline) -> str:
    """The TOML text a form embeds for ``outline`` (its file's text)."""
    if outline.text:
        return outline.text
    raise OutlineError(f"报告提纲“{outline.name}”没有文本，无法保存在工作簿中")


def outline_of_form(embedded: str, rules: str) -> Outline:
    """The outline a form's text rows follow: the one it embeds, else the one its embedded rules name or
    carry (forms made before outlines travelled with them), else the default."""
    if embedded.strip():
        return _embedded(embedded)
    try:
        data = tomllib.loads(rules)  # blank rules: {}
    except tomllib.TOMLDecodeError:
        data = {}
    own = data.get("outline")
    if isinstance(own, dict):
        return outline_from_data(own, EMBEDDED_ORIGIN)
    if isinstance(own, str) and own in _shipped():
        return load_outline(own)
    return load_outline(DEFAULT_BY_KIND.get(str(data.get("kind"))))  # no or an unknown kind: None, the default


def analysis_prefix(outline: Outline) -> str:
    """The numbering that starts the 章节 of the indicator analysis rows (“四（二）”): a row whose 章节 starts
    with it is an analysis row even when the rest of the words differ."""
    s = outline.analysis_section()
    if s is None:
        return ""
    parent = outline.parent(s.id)
    return chapter_number(parent.number, s.number) if parent is not None else _bare(s.number)


def chapter_number(parent: str, number: str) -> str:
    """How a level-2 section's 章节 label starts: its parent's numeral and its own number, “四（二）”; a sub-section
    the department numbered “2.” keeps the parent's 、 (“四、2.”: “四2.” reads like a number)."""
    head = _bare(parent)
    return head + "、" + number if number[:1].isdigit() else head + _bare(number)


def _bare(number: str) -> str:
    """A heading number without its closing marks: “四、” → “四”, “（二）” stays, “2.” → “2”."""
    return re.sub(r"[、.．]+$", "", number)


def known_labels() -> dict[str, str]:
    """栏目 → field id over every shipped outline (a form's rows of 栏目 its own outline does not print)."""
    out: dict[str, str] = {}
    for o in all_outlines():
        for label, field in o.field_labels().items():
            out.setdefault(label, field)
    return out


def label_of(field: str) -> str:
    """The 栏目 a shipped outline gives ``field`` (the field id itself when none does)."""
    return next((label for label, f in known_labels().items() if f == field), field)
