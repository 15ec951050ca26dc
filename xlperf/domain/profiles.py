"""Rule profiles: indicator tree, weights, methods, bands, denominators, rounding — as data.

A profile is a TOML file validated by pydantic; errors name the file and the key.  Shipped
profiles live in ``xlperf/domain/profiles/*.toml``; a user may pass the path of their own file.
"""

from __future__ import annotations

import re
import sys
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import ProfileError  # re-exported: ``from xlperf.domain.profiles import ProfileError``
from .facts import FACT_LABELS
from .outlines import DEFAULT_BY_KIND, DEFAULT_OUTLINE, Outline
from .outlines import available as outline_names
from .outlines import named_toml_files
from .problems import WARNING, Problem, pydantic_error_text
from .scoring import DEFAULT_QUALITATIVE, METHODS, QualitativeBand, unknown_method

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROFILE_DIR = Path(__file__).with_name("profiles")
DEFAULT_PROFILE = "部门整体-河南2021"
#: levels of the indicator tree (一级/二级/三级): the form has one name column per level
MAX_LEVELS = 3




class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class GradeBand(_Strict):
    lower: Decimal = Field(ge=0)
    label: str = Field(min_length=1)


class QualBand(_Strict):
    label: str
    aliases: list[str] = Field(default_factory=list)
    lower: Decimal = Field(ge=0, le=1)
    upper: Decimal = Field(ge=0, le=1)
    suggest: Decimal = Field(ge=0, le=1)


class ExampleRow(_Strict):
    """A worked example row the blank form shows under a leaf of the rules (``[[indicators.children.examples]]``):
    how a 三级 indicator is written — its name in the next level's column, a share of the parent's 分值, a method,
    a unit, a target (an actual is optional; the shipped rules leave it to the clerk).  Only the blank form carries
    it (``xlperf new``); the rules themselves, the importer and scoring never see it, and ``check`` names any row
    still named so — an error while it is untouched, a warning once filled (clerks rewrite or delete it)."""
    name: str = Field(min_length=1)
    weight: Decimal = Field(gt=0)
    method: str
    unit: str = ""
    direction: str = ""
    target: Optional[Decimal] = None
    target_text: str = ""
    actual: Union[Decimal, str, None] = None

    @model_validator(mode="after")
    def _check(self) -> "ExampleRow":
        if self.method not in METHODS or self.method == "人工":
            raise ValueError(f"示例行评分方法“{self.method}”须为计算的方法：{'、'.join(m for m in METHODS if m != '人工')}")
        return self


class IndicatorRule(_Strict):
    name: str = Field(min_length=1)
    weight: Decimal = Field(gt=0)
    method: str = "人工"
    param: str = ""
    direction: str = ""
    unit: str = ""
    role: str = ""  # "budget" marks the 预算执行 indicator
    setting_label: str = ""  # how 一(二) names it, e.g. "预算情况", "投入管理指标"
    ref: str = ""  # 实际完成值 = this derived figure (e.g. "执行率_基本支出" for a split 预算执行率)
    core: bool = False  # 核心指标 (shown when the profile has the 核心指标 column)
    children: list["IndicatorRule"] = Field(default_factory=list)
    #: rows the blank form shows under this leaf as an example of the next level (never part of the rules)
    examples: list[ExampleRow] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check(self) -> "IndicatorRule":
        if self.method not in METHODS:
            raise ValueError(unknown_method(self.method))
        if self.ref:
            if self.ref not in FACT_LABELS:
                raise ValueError(f"ref“{self.ref}”不是可引用的计算结果，可选：{'、'.join(FACT_LABELS)}")
        if self.children:
            s = sum((c.weight for c in self.children), Decimal(0))
            if s != self.weight:
                raise ValueError(f"“{self.name}”的下级分值合计{s}，应为{self.weight}")
        return self

    def examples_problem(self) -> str:
        """Why this rule's or a descendant's example rows do not fit (checked after the rules themselves, so a
        分值 that does not add up is named first), or ""."""
        if self.examples:
            if self.children:
                return f"“{self.name}”有下级指标，不能再写示例行（examples）"
            s = sum(e.weight for e in self.examples)  # one example row at least: a Decimal
            if s != self.weight:
                return f"“{self.name}”的示例行分值合计{s}，应为{self.weight}"
        return next((p for p in (c.examples_problem() for c in self.children) if p), "")


class Profile(_Strict):
    name: str = Field(min_length=1)
    description: str = ""
    kind: str = "部门整体"
    total: Decimal = Decimal(100)
    exec_denominator: Literal["initial", "adjusted"] = "initial"
    score_places: int = Field(default=2, ge=0, le=4)
    rate_places: int = Field(default=0, ge=0, le=4)
    rescale_not_applicable: bool = True
    #: optional columns of 指标评分 some provinces use: "得分系数" (得分 = 分值 × 系数) and "核心指标" (是/否)
    columns: list[Literal["得分系数", "核心指标"]] = Field(default_factory=list)
    exec_warning_below: Decimal = Decimal("0.9")
    grades: list[GradeBand]
    qualitative: list[QualBand] = Field(default_factory=list)
    indicators: list[IndicatorRule]
    standard_text: dict[str, list[str]] = Field(default_factory=dict)
    #: the report outline: a shipped outline's name (``outline = "部门整体"``), or the profile's own ([outline]
    #: table); "" = the shipped outline of the profile's kind (xlperf.domain.outlines)
    outline: Union[str, Outline] = ""
    source: str = ""  # where this profile came from (file path); not from the file
    text: str = ""  # the TOML text it was read from (embedded in every form built for it); not from the file

    @model_validator(mode="after")
    def _check(self) -> "Profile":
        s = sum((i.weight for i in self.indicators), Decimal(0))
        if s != self.total:
            raise ValueError(f"indicators：一级指标分值合计{s}，应等于total（{self.total}）")
        deep = _too_deep(self.indicators, 1)
        if deep:
            raise ValueError(f"indicators：“{deep}”是第{MAX_LEVELS + 1}级指标，指标体系最多{MAX_LEVELS}级"
                             "（一级、二级、三级）")
        wrong = next((p for p in (r.examples_problem() for r in self.indicators) if p), "")
        if wrong:
            raise ValueError(f"indicators：{wrong}")
        if not any(g.lower == 0 for g in self.grades):
            raise ValueError("grades：等级设置中须有一个下限为0的等级")
        if isinstance(self.outline, str) and self.outline and self.outline not in outline_names():
            raise ValueError(f"outline：没有名为“{self.outline}”的报告提纲，可选：{'、'.join(outline_names())}")
        return self

    @property
    def bands(self) -> tuple[tuple[Decimal, str], ...]:
        return tuple(sorted(((g.lower, g.label) for g in self.grades), reverse=True))

    @property
    def qualitative_bands(self) -> tuple[QualitativeBand, ...]:
        if not self.qualitative:
            return DEFAULT_QUALITATIVE
        return tuple(
            QualitativeBand(q.label, tuple(q.aliases) or (q.label,), q.lower, q.upper, q.suggest)
            for q in self.qualitative
        )

    @property
    def example_names(self) -> frozenset[str]:
        """The names of the blank form's example rows (a row still named so is an untouched example)."""
        out, stack = set(), list(self.indicators)
        while stack:
            r = stack.pop()
            out.update(e.name for e in r.examples)
            stack.extend(r.children)
        return frozenset(out)

    def rule(self, name: str) -> Optional[IndicatorRule]:
        stack = list(self.indicators)
        while stack:
            r = stack.pop()
            if r.name == name:
                return r
            stack.extend(r.children)
        return None


def _too_deep(rules: list[IndicatorRule], level: int) -> str:
    """The name of the first indicator below level :data:`MAX_LEVELS`, or ""."""
    for r in rules:
        if level > MAX_LEVELS:
            return r.name
        if r.examples and level >= MAX_LEVELS:
            return r.examples[0].name
        deep = _too_deep(r.children, level + 1)
        if deep:
            return deep
    return ""


def _loc(loc: tuple, data: object = None) -> str:
    """A pydantic error location as a TOML key: ``indicators[2]（投入管理）.children[1].weight``."""
    parts: list[str] = []
    node = data
    for p in loc:
        if isinstance(p, int):
            label = f"[{p + 1}]"
            node = node[p] if isinstance(node, list) and 0 <= p < len(node) else None
            if isinstance(node, dict) and isinstance(node.get("name"), str):
                label += f"（{node['name']}）"
            parts[-1:] = [parts[-1] + label] if parts else [label]
        else:
            parts.append(str(p))
            node = node.get(p) if isinstance(node, dict) else None
    return ".".join(parts) or "（文件）"


def load_profile_file(path: Path) -> Profile:
    try:
        text = Path(path).read_bytes().decode()  # UTF-8 whatever the machine's language
    except FileNotFoundError as exc:
        raise ProfileError(f"评分规则文件不存在：{path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError(f"评分规则文件无法读取（应为UTF-8编码的文本文件）：{path}") from exc
    return profile_from_text(text, Path(path).name, source=str(path))


def profile_from_text(text: str, origin: str, *, source: str = "") -> Profile:
    """A profile from its TOML ``text``; ``origin`` names it in messages (a file name, or the
    workbook sheet that embeds it)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        at = f"第{m.group(1)}行第{m.group(2)}列附近" if m else ""
        raise ProfileError(f"评分规则{origin}{at}有语法错误（{exc}）") from exc
    try:
        profile = Profile.model_validate(data)
    except ValidationError as exc:
        msgs = [f"{origin}：{_loc(err['loc'], data)}：{pydantic_error_text(err)}" for err in exc.errors()]
        raise ProfileError("；".join(msgs)) from exc
    return profile.model_copy(update={"source": source or origin, "text": text})


def differences(a: Profile, b: Profile, limit: int = 8) -> list[str]:
    """Where ``a`` differs from ``b``, as TOML keys with both values (``grades[1].lower：90 → 85``)."""
    skip = {"source", "text", "description", "examples"}  # examples: the blank form's, not the rules
    out: list[str] = []

    def walk(x: object, y: object, key: str) -> None:
        if isinstance(x, dict) and isinstance(y, dict):
            for k in dict.fromkeys([*x, *y]):
                if k not in skip:
                    walk(x.get(k), y.get(k), f"{key}.{k}".removeprefix("."))  # a top-level key without the dot
        elif isinstance(x, list) and isinstance(y, list) and len(x) == len(y):
            for i, (u, v) in enumerate(zip(x, y), start=1):
                name = u.get("name") if isinstance(u, dict) else None
                walk(u, v, f"{key}[{i}]" + (f"（{name}）" if name else ""))
        elif x != y:
            out.append(f"{key}：{_show(y)} → {_show(x)}")

    x, y = a.model_dump(mode="json"), b.model_dump(mode="json")
    for d in (x, y):  # a form made before profiles named their outline: the kind's outline
        if d.get("outline") == "":
            d["outline"] = DEFAULT_BY_KIND.get(d["kind"], DEFAULT_OUTLINE)  # a dumped profile has its kind
    walk(x, y, "")
    return out[:limit] + ([f"等{len(out)}处"] if len(out) > limit else [])


def _show(v: object) -> str:
    if isinstance(v, list):
        return f"{len(v)}项"
    return "（无）" if v in (None, "") else str(v)


@lru_cache(maxsize=None)
def _shipped() -> dict[str, Path]:
    return named_toml_files(PROFILE_DIR)


def available() -> dict[str, Path]:
    """Shipped profiles: name → file."""
    return dict(_shipped())


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime: float) -> Profile:
    return load_profile_file(Path(path))


def builtin(name: str) -> Optional[Profile]:
    """The shipped profile called ``name``, or None."""
    path = _shipped().get(name)
    return _load_cached(str(path), path.stat().st_mtime) if path is not None else None


def load_profile(name_or_path: str | Path | None = None) -> Profile:
    """A shipped profile by name (default when empty), or a user's TOML file by path."""
    key = str(name_or_path or "").strip() or DEFAULT_PROFILE
    shipped = _shipped()
    if key in shipped:
        path = shipped[key]
    else:
        path = Path(key)
        if not path.exists():
            names = "、".join(shipped)
            raise ProfileError(f"找不到评分规则“{key}”，可用：{names}，或填写规则文件路径")
    return _load_cached(str(path), path.stat().st_mtime)


#: where a form keeps its rules (a hidden sheet, one TOML line per cell of column A); see
#: :mod:`xlperf.workbook.layout` ``S_RULES``
EMBEDDED_ORIGIN = "表内保存的评分规则"


def resolve_profile(embedded: str, name: str, override: str | None = None,
                    where: str = "") -> tuple[Optional[Profile], list]:
    """The profile a workbook is scored with, and notes about the choice.

    ``--profile`` (``override``) wins and says so; else the rules embedded in the workbook
    (``embedded`` TOML text; a warning lists where they differ from a built-in of the same name);
    else the profile ``name`` the workbook names (older forms), else the default.  An embedded
    text that is not a valid profile is an error at ``where`` and gives no profile.
    """
    place = where or EMBEDDED_ORIGIN
    notes: list[Problem] = []
    emb: Optional[Profile] = None
    if embedded.strip():
        try:
            emb = profile_from_text(embedded, EMBEDDED_ORIGIN)
        except ProfileError as exc:
            if not override:
                return None, [Problem(place, "评分规则", f"{exc}。请用 xlperf new --profile 重新生成填报表，"
                                                        "或用 --profile 指定评分规则")]  # an error
    if override:
        prof = load_profile(override)
        held = emb.name if emb is not None else (name or DEFAULT_PROFILE)
        notes.append(Problem(place, "评分规则", f"按命令行 --profile 使用评分规则“{prof.name}”，"
                                               f"未使用表内的“{held}”", WARNING))
        return prof, notes
    if emb is not None:
        same = builtin(emb.name)
        if same is not None:
            diffs = differences(emb, same)
            if diffs:
                notes.append(Problem(place, "评分规则", f"表内评分规则与自带的“{emb.name}”不同：{'；'.join(diffs)}",
                                     WARNING))
        return emb, notes
    return load_profile(name or None), notes
