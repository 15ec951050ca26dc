"""The evaluation model (pydantic v2): everything one 部门整体绩效自评 holds. Pure core.

Money is Decimal in 万元; rates are Decimal fractions (0.9 = 90%).  ``sources`` maps a field
name to the place it was read from (``"指标评分!H12"``) so that problems can name the cell.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .numbers import InputError, to_decimal
from .sheets import S_IND


class _Base(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=False)

    sources: dict[str, str] = Field(default_factory=dict, exclude=True, repr=False)

    def where(self, field: str, default: str = "") -> str:
        return self.sources.get(field, default)


class Indicator(_Base):
    """One node of the indicator tree (一级/二级/三级)."""

    name: str
    level: int = Field(ge=1, le=3)
    weight: Decimal  # 分值
    method: str = "人工"  # 评分方法
    direction: str = ""  # 指标方向: 正向/反向/定性 …
    unit: str = ""  # 计量单位; "%" means target/actual are fractions
    target: Optional[Decimal] = None  # 年度指标值
    target_text: str = ""  # 年度指标值 as written (e.g. "≥90%") when not a plain number
    actual: Union[Decimal, str, None] = None  # 实际完成值 (text for 定性)
    actual_ref: str = ""  # 实际完成值 taken from a derived figure (e.g. "执行率") when ``actual`` is blank
    param: str = ""  # 评分参数
    manual_score: Optional[Decimal] = None  # 得分 (人工评分) — wins over the suggestion
    deviation_reason: str = ""  # 偏差原因
    improvement: str = ""  # 改进措施
    not_applicable: bool = False  # 不适用
    coefficient: Optional[Decimal] = Field(default=None, ge=0, le=1)  # 得分系数: 得分 = 分值 × 系数
    core: bool = False  # 核心指标
    prev_score: Optional[Decimal] = None  # 上年得分 (year-on-year only; never used in scoring)
    children: list["Indicator"] = Field(default_factory=list)

    def place(self, field: str) -> str:
        """Where a problem with ``field`` is shown: its cell, else the indicator's row, else “指标评分：名称”."""
        return self.where(field) or self.where("row") or f"{S_IND}：{self.name}"

    @field_validator("actual", mode="before")
    @classmethod
    def _numeric_text(cls, v: object) -> object:
        """Numeric text ("0.9", "95%") is a number; other text (定性: 达成 …) stays text."""
        if isinstance(v, str):
            if not v.strip():
                return None
            try:
                return to_decimal(v)
            except InputError:
                return v.strip()
        if isinstance(v, (int, float)) and not isinstance(v, bool):
            return to_decimal(v)
        return v

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator["Indicator"]:
        yield self
        for child in self.children:
            yield from child.walk()

    def leaves(self) -> Iterator["Indicator"]:
        return (n for n in self.walk() if n.is_leaf)


class Budget(_Base):
    """预算资金 (万元)."""

    initial: Decimal  # 年初预算数
    adjusted: Decimal  # 调整预算数 (全年预算数)
    executed: Decimal  # 执行数
    carried_in: Decimal = Decimal(0)  # 上年结转
    carryover: Decimal = Decimal(0)  # 本年结转结余
    basic: Optional[Decimal] = None  # 基本支出
    project: Optional[Decimal] = None  # 项目支出
    basic_executed: Optional[Decimal] = None  # 基本支出执行数 (when 预算执行率 is scored in parts)
    project_executed: Optional[Decimal] = None  # 项目支出执行数
    three_public_budget: Optional[Decimal] = None  # “三公”经费年初预算
    three_public_actual: Optional[Decimal] = None  # “三公”经费实际支出
    three_public_prev: Optional[Decimal] = None  # “三公”经费上年支出
    detail_rate_text: str = ""  # 预算编制细化率 as stated, e.g. "90%以上"
    adjust_reason: str = ""  # 预算调整说明
    exec_reason: str = ""  # 执行率偏低的原因


class Projects(_Base):
    """项目与绩效管理数量."""

    # None = left blank: the report then states nothing about it (never "共有项目0个")
    total: Optional[int] = Field(default=None, ge=0)  # 项目数
    monitored: Optional[int] = Field(default=None, ge=0)  # 开展绩效监控项目数
    self_evaluated: Optional[int] = Field(default=None, ge=0)  # 开展绩效自评项目数
    dept_evaluations: Optional[int] = Field(default=None, ge=0)  # 部门评价（计划）数
    dept_evaluations_done: Optional[int] = Field(default=None, ge=0)  # 部门评价完成数


class Satisfaction(_Base):
    target: Optional[Decimal] = None  # 满意度目标 (fraction)
    achieved: Optional[Decimal] = None  # 实际满意度 (fraction)
    target_text: str = ""  # e.g. "≥90%"


class Previous(_Base):
    """上年情况 for year-on-year sentences; every field None/"" = unknown (the report then says nothing)."""

    year: Optional[int] = None  # 上年年度 (blank: the evaluation's year − 1)
    total: Optional[Decimal] = None  # 上年总分
    grade: str = ""  # 上年等级
    exec_rate: Optional[Decimal] = None  # 上年预算执行率 (fraction)
    projects_total: Optional[int] = Field(default=None, ge=0)  # 上年项目数


class Narrative(_Base):
    """All free text of the report, one paragraph or list item per entry."""

    duty_goals: list[str] = Field(default_factory=list)  # 部门年度履职目标 (numbered list)
    main_tasks: list[str] = Field(default_factory=list)  # 主要任务
    overall_goal: str = ""  # 年度整体绩效目标
    process: list[str] = Field(default_factory=list)  # 二、绩效自评工作开展情况
    funds_compliance: list[str] = Field(default_factory=list)  # 四（一）资金使用合规性
    analysis: dict[str, str] = Field(default_factory=dict)  # 指标名称 → 情况分析 (level 1 or 2)
    satisfaction_note: str = ""  # 满意度情况 closing sentence
    section5: list[str] = Field(default_factory=list)  # 五、发现的主要问题和改进措施 (text)
    problems: list[str] = Field(default_factory=list)  # 存在的主要问题 (list)
    measures: list[str] = Field(default_factory=list)  # 改进措施 (list)
    experience: list[str] = Field(default_factory=list)  # 七、经验 paragraphs
    suggestions: list[str] = Field(default_factory=list)  # 七、问题和建议 (一是…)
    application: list[str] = Field(default_factory=list)  # 结果应用和公开
    apply_plan: str = ""  # 自评结果拟应用方式 (基本情况; the outline's wording when blank)
    disclosure: str = ""  # 自评结果公开方式和时间 (基本情况; the outline's wording when blank)
    other: list[str] = Field(default_factory=list)  # 八、其他需要说明的问题
    #: the department's own headings where they differ from the outline's: section id ("s1_1", "s4" …) → heading text without numbering (e.g. "部门职能"); kept by `xlperf import`
    headings: dict[str, str] = Field(default_factory=dict)
    #: paragraphs an import could not place (文字材料 “未归类”): never printed; `check` asks to move them
    unplaced: list[str] = Field(default_factory=list)
    #: the text of every 栏目 an outline declares that has no attribute above: field id → items
    texts: dict[str, list[str]] = Field(default_factory=dict)

    def items(self, field: str) -> list[str]:
        """The items of one outline field (an attribute above, or one kept in ``texts``)."""
        if field in NARRATIVE_LISTS:
            return getattr(self, field)
        return self.texts.get(field, [])

    def set_items(self, field: str, items: list[str]) -> None:
        if field in NARRATIVE_LISTS:
            setattr(self, field, list(items))
        else:
            self.texts[field] = list(items)

    def all_items(self) -> Iterator[tuple[str, list[str]]]:
        """(field, items) of every list the clerk filled: the attributes above, then ``texts``."""
        for key in NARRATIVE_LISTS:
            yield key, getattr(self, key)
        yield from self.texts.items()


#: the Narrative lists the report prints (each a 栏目 of 基本情况/文字材料); ``unplaced`` is not among them
NARRATIVE_LISTS = ("duty_goals", "main_tasks", "process", "funds_compliance", "section5", "problems", "measures",
                   "experience", "suggestions", "application", "other")


class Options(_Base):
    """Report options from the 设置 sheet."""

    problems_section: str = "六"  # where 存在的主要问题/改进措施 are printed: "五" or "六"
    notice_title: str = ""  # 财政局通知名称, e.g. 《…关于开展2021年度预算绩效自评工作的通知》
    output_dir: str = ""  # 报告保存位置 ("" = next to the workbook)
    fullwidth_punctuation: bool = True  # 标点转为全角: half-width ,;:()?! beside Chinese become full-width
    signature: bool = True  # 落款: the unit and the date at the end of the report (GB/T 9704)
    signature_date: str = ""  # 落款日期 as the clerk wrote it ("" = the day the report is written)
    #: 沿用原有写法: lists numbered as the outline says (1、 / 一是), 三级指标 counted roughly (二十多个) and the
    #: 指标设置 sentence in the old form — only to reproduce an existing report word for word
    legacy_wording: bool = False

    @field_validator("signature_date", mode="before")
    @classmethod
    def _date_text(cls, v: object) -> object:
        """A date cell (a date or datetime) as ISO text; text as written."""
        if isinstance(v, _dt.datetime):
            return v.date().isoformat()
        if isinstance(v, _dt.date):
            return v.isoformat()
        return v

    @field_validator("fullwidth_punctuation", "signature", "legacy_wording", mode="before")
    @classmethod
    def _yes_no(cls, v: object) -> object:
        """是/否 as the 设置 sheet writes them (true/false and 1/0 as JSON and pydantic do)."""
        if isinstance(v, str):
            word = v.strip().lower()
            if word in ("是", "true", "1", "yes"):
                return True
            if word in ("否", "false", "0", "no"):
                return False
            raise ValueError(f"应为“是”或“否”，现为“{v.strip()}”")
        return v


#: a computed cell's value as the sheet shows it: a number, text (an error value, typed words), or blank
ShownValue = Union[Decimal, str, None]


@dataclass(frozen=True)
class Seen:
    """One computed cell: where it is (``"总评!C9"``) and what the sheet shows there."""

    where: str
    value: ShownValue


@dataclass
class SheetShown:
    """What a saved workbook shows in its computed cells, for :func:`xlperf.domain.agree.compare` to put next to the
    engine's figures (filled by the workbook reader; empty for other sources)."""

    #: each indicator row's 计入得分, by the row's place (:meth:`Indicator.where` ``("row")``)
    rows: dict[str, Seen] = field(default_factory=dict)
    #: what differs from the built grey formulas in an indicator row, by the row's place (no entry: as built)
    formulas: dict[str, str] = field(default_factory=dict)
    #: each level-1 indicator's 得分 on 总评, by the name written there
    level1: dict[str, Seen] = field(default_factory=dict)
    total: Optional[Seen] = None  # 总分
    grade: Optional[Seen] = None  # 等级
    exec_rate: Optional[Seen] = None  # 执行率
    raw_total: Optional[Seen] = None  # 得分合计, the sum before 不适用 rescaling


class Evaluation(_Base):
    unit: str  # 单位名称
    year: int = Field(ge=2000, le=2100)  # 年度
    self_name: str = ""  # 本单位自称 (我局 / 我单位 / 本部门 …); "" = from the unit's name (report.words.self_word)
    profile: str = ""  # 评分规则 name ("" = default)
    indicators: list[Indicator]  # level-1 indicators with their children
    budget: Budget
    projects: Projects = Field(default_factory=Projects)
    satisfaction: Satisfaction = Field(default_factory=Satisfaction)
    previous: Previous = Field(default_factory=Previous)  # 上年情况 (同比)
    narrative: Narrative = Field(default_factory=Narrative)
    options: Options = Field(default_factory=Options)
    #: the rule profile embedded in the form (TOML text; "" when the source holds none)
    rules: str = Field(default="", exclude=True, repr=False)
    #: the report outline embedded in the form (TOML text; "" = the profile's outline)
    outline: str = Field(default="", exclude=True, repr=False)
    #: fingerprints (narrative_checks.fingerprint) of the texts an import carried over from last year's report:
    #: ``check`` warns at each such cell until the clerk edits it (kept in the form's hidden 规则数据 sheet)
    carried: list[str] = Field(default_factory=list, exclude=True, repr=False)
    #: what the sheet shows in its computed cells, for comparison with the engine
    shown: SheetShown = Field(default_factory=SheetShown, exclude=True, repr=False)
    #: "values" when the file holds the values a spreadsheet program computed, "none" when it holds
    #: none (written by a program), "" for sources that are not workbooks
    shown_state: str = Field(default="", exclude=True, repr=False)

    def walk(self) -> Iterator[Indicator]:
        for ind in self.indicators:
            yield from ind.walk()

    def leaves(self) -> Iterator[Indicator]:
        return (n for n in self.walk() if n.is_leaf)


Indicator.model_rebuild()
