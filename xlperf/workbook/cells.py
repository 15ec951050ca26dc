"""Reading a form's cells: a value as the clerk typed it (a formula's cached result, an Excel error refused),
as text, as a number (text in a cell the sheet's formulas read is an error), a percentage's sanity, and the
header rows of its tables.  Every problem is recorded with its ``Sheet!Cell`` and label (:class:`CellReader`),
and ``Invalid`` (:class:`xlperf.errors.UnusableCell`) says that a value cannot be used (its problem is recorded)."""

from __future__ import annotations

import datetime as _dt
import re
from decimal import Decimal

from openpyxl.utils import get_column_letter

from ..domain.evaluate import FACT_LABELS
from ..domain.numbers import InputError, fmt_number, to_decimal
from ..domain.problems import ERROR, WARNING, Problem
from ..domain.targets import PERCENT_AS_WHOLE
from ..errors import UnusableCell as Invalid  # a cell's value cannot be used; its problem is recorded
from . import layout as L
from .sources import CellSource, Formula

EXCEL_ERRORS = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!",
                "#CALC!")
#: a number as the clerk sees it in a cell: ASCII digits, a point, a sign (what a 文本 cell or a leading ' keeps as text)
_PLAIN = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)
REF_RE = re.compile(r"^=\s*([^\s()!=+\-*/&,]+)\s*$")


def norm_header(value: object) -> str:
    return re.sub(r"\s+", "", str(value or ""))


class CellReader:
    """The cells of one :class:`.sources.CellSource` and the problems found in them."""

    def __init__(self, src: CellSource):
        self.src = src
        self.problems: list[Problem] = []
        self.sheets = src.sheet_names()
        #: each indicator row's 计入得分 cell, by the row's place (see Evaluation.shown: SheetShown.rows)
        self.shown_cells: dict[str, tuple[str, int, int]] = {}
        #: per 栏目/内容 table (its header's name): (章节, 栏目, 内容, cell) of every row with a 栏目
        self.text_cells: dict[str, list[tuple[str, str, str, str]]] = {}
        #: per indicator row (id of its dict): the computed cells' places and whether they hold formulas
        self.computed: dict[int, dict[str, tuple[tuple[str, int, int], bool]]] = {}
        #: per indicator row (its place): what differs from the built grey formulas (SheetShown.formulas)
        self.formula_state: dict[str, str] = {}
        total = src.defined_name(L.TOTAL_NAME)
        #: an xlperf form (its 总分 is a formula): its number cells feed the sheet's formulas
        self.form = total is not None and isinstance(src.value(*total), Formula)

    # ------------------------------------------------------------ cells
    def where(self, sheet: str, row: int, col: int) -> str:
        return f"{sheet}!{get_column_letter(col)}{row}"

    def problem(self, where: str, label: str, message: str, severity: str = ERROR) -> None:
        self.problems.append(Problem(where, label, message, severity))

    def raw(self, sheet: str, row: int, col: int, label: str, *, allow_ref: bool = False) -> object:
        """The cell's input value; a formula gives its cached value, ``("ref", name)``, or a problem."""
        v = self.src.value(sheet, row, col)
        if isinstance(v, Formula):
            m = REF_RE.match(v)
            if allow_ref and m and m.group(1) in FACT_LABELS:
                return ("ref", m.group(1))
            cached = self.src.cached(sheet, row, col)
            if cached is None:
                self.problem(self.where(sheet, row, col), label,
                             f"单元格为公式“{v[:30]}”，文件中没有计算结果，请改为直接填写数值")
                raise Invalid
            v = cached
        if isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS:
            self.problem(self.where(sheet, row, col), label, f"单元格为错误值“{v.strip()}”，请改为有效的值")
            raise Invalid
        return v

    def text(self, v: object) -> str:
        if v is None:
            return ""
        if isinstance(v, bool):
            return "是" if v else "否"
        if isinstance(v, (_dt.datetime, _dt.date)):
            return v.date().isoformat() if isinstance(v, _dt.datetime) else v.isoformat()
        if isinstance(v, float):
            return f"{to_decimal(v):f}"
        return str(v).strip()

    def number(self, v: object, where: str, label: str, *, computed: bool = True) -> Decimal | None:
        """``v`` as a number; ``computed``: the form's formulas read this cell (text is then an error)."""
        if v is None or (isinstance(v, str) and not v.strip()):
            if v and computed and self.form:  # only spaces: blank to the engine, #VALUE! in the sheet's arithmetic
                self.problem(where, label, "单元格中只有空格，表格公式无法计算：请选中该单元格按Delete键清空")
            return None
        if isinstance(v, (_dt.datetime, _dt.date)):
            self.problem(where, label, f"应为数字，现为日期“{self.text(v)}”")
            raise Invalid
        try:
            d = to_decimal(v)
        except InputError as exc:
            self.problem(where, label, str(exc))
            raise Invalid from exc
        if isinstance(v, str) and computed and self.form and _PLAIN.fullmatch(v.strip()):
            # "5" as text (a leading apostrophe, a cell formatted 文本): the clerk sees a number, so say why it is not
            self.problem(where, label, f"数字“{v.strip()[:20]}”存成了文字（单元格为文本格式或以'开头），合计等公式会漏算："
                                       "请把单元格格式改为“常规”后重新输入")
        elif isinstance(v, str) and computed and self.form:
            # the engine can read "9分", "95%", "７３"; the sheet's formulas cannot compute text
            self.problem(where, label, f"表格公式无法计算文字“{v.strip()[:20]}”，请只填数字（如 {d.normalize():f}"
                                       f"{'，百分比直接输入 95%' if '%' in v else ''}）")
        return d

    def percent_warning(self, raw: object, d: Decimal | None, where: str, label: str) -> None:
        if d is not None and d > PERCENT_AS_WHOLE and not (isinstance(raw, str) and "%" in raw):
            self.problem(where, label, f"计量单位为%，{d.normalize():f}将按{(d * 100).normalize():f}%计算；"
                                       f"如指{d.normalize():f}%，请填写“{d.normalize():f}%”", WARNING)

    def percent_entry(self, raw: object, d: Decimal, node: dict, at: tuple[str, int, int], where: str) -> None:
        """实际完成值 below 1 in a row whose unit is not % but whose cell is formatted as a percentage (the format
        came with a row copied from a % row), against a 年度指标值 above 1: Excel's automatic percent entry
        stored the 6 a clerk typed as 0.06.  An error at the cell (issue 21 §3)."""
        fmt = getattr(self.src, "number_format", None)
        target = node.get("target")
        if (fmt is None or not isinstance(raw, (int, float)) or isinstance(raw, bool) or not 0 < d < 1
                or not isinstance(target, Decimal) or target <= 1 or "%" not in str(fmt(*at))):
            return
        unit, typed = node.get("unit") or "（空）", fmt_number(d * 100, 2)
        self.problem(where, "实际完成值", f"计量单位为{unit}，单元格却是百分比格式，填写的{typed}被存为"
                                          f"{d.normalize():f}：请把单元格格式改为“常规”后重新填写{typed}")

    def percent_score(self, raw: object, weight: Decimal | None, sheet: str, row: int, col: int | None,
                      where: str) -> None:
        """A percentage typed into 得分 (text "95%", or a number shown as a percentage) of an indicator
        worth more than 1 point is almost surely a 得分率, not points: an error at the cell."""
        if col is None or raw is None or weight is None or weight <= 1 or isinstance(raw, bool):
            return
        fmt = getattr(self.src, "number_format", None)
        # a number is asked for its format only when it could be a percentage (0 < x ≤ 1): one more
        # round trip in a live workbook, for the rare score below one point
        as_pct = (isinstance(raw, str) and "%" in raw) or (
            isinstance(raw, (int, float)) and 0 < raw <= 1 and fmt is not None and "%" in fmt(sheet, row, col))
        if not as_pct:
            return
        try:
            share = to_decimal(raw)
        except InputError:
            return
        pts, pct = fmt_number(share * weight, 2), fmt_number(share * 100, 2) + "%"
        self.problem(where, L.IND_LABEL["manual_score"],
                     f"得分应填分数（本指标分值{weight.normalize():f}），现为百分比“{pct}”："
                     f"如得分率为{pct}，请填写{pts}，并把单元格格式改为“常规”")

    # ------------------------------------------------------------ tables
    def find_header(self, name: str, must: tuple[str, ...], avoid: tuple[str, ...] = ()) -> tuple[str, int] | None:
        loc = self.src.defined_name(name)
        if loc is not None:
            sheet, row, _ = loc
            if all(h in self._row_headers(sheet, row) for h in must):
                return sheet, row
        for sheet in self.sheets:
            rows, _ = self.src.size(sheet)
            for r in range(1, min(rows, 40) + 1):
                hs = self._row_headers(sheet, r)
                if all(h in hs for h in must) and not any(h in hs for h in avoid):
                    return sheet, r
        return None

    def _row_headers(self, sheet: str, row: int) -> dict[str, int]:
        _, cols = self.src.size(sheet)
        out: dict[str, int] = {}
        for c in range(1, min(cols, 60) + 1):
            h = norm_header(self.src.value(sheet, row, c))
            if h and h not in out:
                out[h] = c
        return out
