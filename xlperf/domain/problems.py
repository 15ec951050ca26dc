"""Problems found in input: one list, collected in a single pass, shown together (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..errors import ProblemsFound  # noqa: F401 - re-exported: ``from xlperf.domain.problems import ProblemsFound``

ERROR = "错误"
WARNING = "警告"
#: the columns of every table of problems a clerk sees (the CLI, the 校验结果 sheet): severity, where, label, message
PROBLEM_COLUMNS = ("类别", "位置", "项目", "说明")


@dataclass(frozen=True)
class Problem:
    """One input problem. ``where`` is ``"指标评分!H12"`` when a cell is known, else a place name."""

    where: str
    label: str
    message: str
    severity: str = ERROR

    @property
    def sheet(self) -> str:
        return self.where.split("!", 1)[0] if "!" in self.where else ""

    @property
    def cell(self) -> str:
        return self.where.split("!", 1)[1] if "!" in self.where else ""

    def __str__(self) -> str:
        label = f"（{self.label}）" if self.label else ""
        return f"{self.where}{label}：{self.message}"


def one_per_cell(problems: Iterable[Problem]) -> list[Problem]:
    """Errors first; drop later problems about a cell (and field) that already has an error,
    so a clerk sees one message per cell — the reading error, not its consequences."""
    ordered = sorted(problems, key=lambda p: p.severity != ERROR)
    seen, out = set(), []
    for p in ordered:
        key = (p.where, p.label) if "!" in p.where else None
        if key is not None and key in seen:
            continue
        if p.severity == ERROR and key is not None:
            seen.add(key)
        out.append(p)
    return out


def errors(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == ERROR]


def warnings(problems: Iterable[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == WARNING]


def pydantic_error_text(err: dict) -> str:
    """A pydantic error as a short Chinese message."""
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind == "value_error":
        return str(err["msg"]).removeprefix("Value error, ")
    if kind == "missing":
        return "缺少此项"
    if kind == "extra_forbidden":
        return "不认识的设置项（请检查拼写）"
    if kind == "literal_error":
        return f"取值应为{ctx.get('expected', '规定的值')}之一".replace(" or ", "、")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        op = {"greater_than": "大于", "greater_than_equal": "不小于",
              "less_than": "小于", "less_than_equal": "不大于"}[kind]
        bound = next(iter(ctx.values()), "")
        return f"须{op}{bound}，现为{err.get('input')!r}"
    if kind.startswith(("decimal", "float", "int")):
        return f"应为数字，现为{err.get('input')!r}"
    if kind.startswith("bool"):
        return "应为 true 或 false"
    if kind.startswith("string_too_short"):
        return "不能为空"
    if kind.startswith("string"):
        return "应为文字（加英文双引号）"
    if kind.startswith(("list", "dict", "model")):
        return "结构不对：应为列表或表（[[...]]），请对照自带的规则文件"
    return f"取值无效（{err.get('msg', kind)}）"



