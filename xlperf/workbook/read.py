"""Read a filled form into an :class:`~xlperf.domain.model.Evaluation`, through a :class:`.sources.CellSource`.

Single values are found by defined name (falling back to their label text, for renamed sheets and
workbooks from other tools); tables by header text.  Every problem is collected in one pass and
names ``Sheet!Cell`` and the field's Chinese label.  Cached formula results are used only for input
cells that hold a formula; a formula ``=执行率`` (a derived figure) becomes ``actual_ref``.  Scores
are never read: the engine recomputes them.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from decimal import Decimal
from pathlib import Path

from openpyxl.utils import get_column_letter
from pydantic import ValidationError

from ..infra import safety
from ..errors import LoadError
from ..domain.evaluate import FACT_LABELS
from ..domain.model import NARRATIVE_LISTS, Evaluation, Seen, SheetShown
from ..domain.narrative_checks import carried_over, stale_years
from ..domain.numbers import InputError, fmt_number, to_decimal
from ..domain.outlines import Outline, OutlineError, analysis_prefix, known_labels, load_outline, outline_of_form
from ..domain.problems import ERROR, WARNING, Problem
from ..domain.profiles import ProfileError, available, resolve_profile
from ..domain.targets import native_readable, parse_written
from ..domain.validate import check
from . import layout as L
from .formulas import band_native_gap
from .sources import CellSource, Formula, OpenpyxlSource

#: Files larger than this are refused before parsing (tests monkeypatch it).
MAX_BYTES = 100 * 1024 * 1024

EXCEL_ERRORS = ("#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#GETTING_DATA", "#SPILL!",
                "#CALC!")
_REQUIRED = {".unit", ".year", "budget.initial", "budget.adjusted", "budget.executed"}
_FIELD_SHEET = {**{f.name: L.S_BASIC for f in L.BASIC_FIELDS}, **{f.name: L.S_BUDGET for f in L.BUDGET_FIELDS},
                **{f.name: L.S_SETTINGS for f in L.SETTINGS_FIELDS}}
#: the grey columns of 指标评分 (formulas the form puts in every row)
_COMPUTED = tuple(c.key for c in L.IND_COLUMNS + L.HELPER_COLUMNS if c.kind == "formula")
_REF_RE = re.compile(r"^=\s*([^\s()!=+\-*/&,]+)\s*$")


class _Invalid(Exception):
    """A cell's value cannot be used; the problem is already recorded."""


def _norm_header(value: object) -> str:
    return re.sub(r"\s+", "", str(value or ""))


class Reader:
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
            m = _REF_RE.match(v)
            if allow_ref and m and m.group(1) in FACT_LABELS:
                return ("ref", m.group(1))
            cached = self.src.cached(sheet, row, col)
            if cached is None:
                self.problem(self.where(sheet, row, col), label,
                             f"单元格为公式“{v[:30]}”，文件中没有计算结果，请改为直接填写数值")
                raise _Invalid
            v = cached
        if isinstance(v, str) and v.strip().upper() in EXCEL_ERRORS:
            self.problem(self.where(sheet, row, col), label, f"单元格为错误值“{v.strip()}”，请改为有效的值")
            raise _Invalid
        return v

    def text(self, v: object) -> str:
        if v is None:
            return ""
        if isinstance(v, bool):
            return "是" if v else "否"
        if isinstance(v, (_dt.datetime, _dt.date)):
            return v.date().isoformat() if isinstance(v, _dt.datetime) else v.isoformat()
        if isinstance(v, float):
            return format(to_decimal(v), "f")
        return str(v).strip()

    def number(self, v: object, where: str, label: str, *, computed: bool = True) -> Decimal | None:
        """``v`` as a number; ``computed``: the form's formulas read this cell (text is then an error)."""
        if v is None or (isinstance(v, str) and not v.strip()):
            return None
        if isinstance(v, (_dt.datetime, _dt.date)):
            self.problem(where, label, f"应为数字，现为日期“{self.text(v)}”")
            raise _Invalid
        try:
            d = to_decimal(v)
        except InputError as exc:
            self.problem(where, label, str(exc))
            raise _Invalid from exc
        if isinstance(v, str) and computed and self.form:
            # the engine can read "9分", "95%", "７３"; the sheet's formulas cannot compute text
            self.problem(where, label, f"表格公式无法计算文字“{v.strip()[:20]}”，请只填数字（如 {d.normalize():f}"
                                       f"{'，百分比直接输入 95%' if '%' in v else ''}）")
        return d

    def percent_warning(self, raw: object, d: Decimal | None, where: str, label: str) -> None:
        if d is not None and d > Decimal("1.5") and not (isinstance(raw, str) and "%" in raw):
            self.problem(where, label, f"计量单位为%，{d.normalize():f}将按{(d * 100).normalize():f}%计算；"
                                       f"如指{d.normalize():f}%，请填写“{d.normalize():f}%”", WARNING)

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

    # ------------------------------------------------------------ single fields
    def locate(self, f: L.Field) -> tuple[str, int, int] | None:
        loc = self.src.defined_name(f.name)
        if loc is not None:
            return loc
        home = _FIELD_SHEET.get(f.name)
        # the home sheet, then sheets that are not ours (renamed, or a workbook from another tool)
        order = ([home] if home in self.sheets else []) + [s for s in self.sheets if s not in L.SHEETS]
        labels = {_norm_header(f.label), _norm_header(f.name)}
        for sheet in order:
            rows, cols = self.src.size(sheet)
            for r in range(1, min(rows, 200) + 1):
                for c in range(1, min(cols, 10)):
                    if _norm_header(self.src.value(sheet, r, c)) in labels:
                        return sheet, r, c + 1
        return None

    def single(self, f: L.Field, data: dict, sources: dict) -> None:
        section, attr = f.target.split(".")
        loc = self.locate(f)
        required = f.target in _REQUIRED
        if loc is None:
            if required:
                home = _FIELD_SHEET.get(f.name, "")
                self.problem(home, f.label, f"找不到“{f.label}”（名称“{f.name}”）：工作表“{home}”缺失、改名或被删改")
            return
        where = self.where(*loc)
        sources[attr] = where
        try:
            raw = self.raw(*loc, f.label)
            if f.kind in ("text", "rule"):
                value = self.text(raw)
                if value:
                    data[attr] = value
                elif required:
                    self.problem(where, f.label, "不能为空")
                return
            # no formula of the form reads 年度 or the 上年 figures: "2023年", "88.5分" are read
            d = self.number(raw, where, f.label, computed=f.target != ".year" and not f.target.startswith("previous."))
        except _Invalid:
            return
        if d is None:
            if required:
                self.problem(where, f.label, "不能为空")
            return
        if f.kind == "int":
            if d != d.to_integral_value() or d < 0:
                self.problem(where, f.label, f"应为非负整数，现为“{self.text(raw)}”")
                return
            if attr == "year" and not 2000 <= d <= 2100:
                self.problem(where, f.label, f"年度应在2000-2100之间，现为{d.normalize():f}")
                return
            data[attr] = int(d)
        else:
            if f.kind == "rate":
                self.percent_warning(raw, d, where, f.label)
            if d < 0:
                self.problem(where, f.label, "不能为负数")
                return
            data[attr] = d

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
            h = _norm_header(self.src.value(sheet, row, c))
            if h and h not in out:
                out[h] = c
        return out

    def indicators(self) -> list[dict] | None:
        found = self.find_header(L.IND_HEADER_NAME, ("分值", "实际完成值"))
        if found is None:
            self.problem(L.S_IND, "指标表", "找不到指标评分表（表头应包含“分值”“实际完成值”等列）")
            return None
        sheet, hr = found
        headers = self._row_headers(sheet, hr)
        cols = {c.key: headers[c.header] for c in L.IND_COLUMNS + L.OPTIONAL_COLUMNS + L.HELPER_COLUMNS
                if c.header in headers}
        levels = [(i + 1, cols[k]) for i, k in enumerate(L.LEVEL_KEYS) if k in cols]
        if not levels:
            self.problem(self.where(sheet, hr, 1), "指标表", "表头中找不到“一级指标/二级指标/三级指标”列")
            return None
        rows, _ = self.src.size(sheet)
        roots: list[dict] = []
        stack: list[dict] = []
        for r in range(hr + 1, rows + 1):
            named = []
            for level, c in levels:
                try:
                    t = self.text(self.raw(sheet, r, c, L.IND_LABEL[L.LEVEL_KEYS[level - 1]]))
                except _Invalid:
                    t = ""
                if t:
                    named.append((level, c, t))
            if not named:
                continue
            level, name_col, name = named[-1]
            if name in ("合计", "总计", "总分"):
                continue
            node = self.indicator_row(sheet, r, cols, level, name, name_col)
            # the nearest row above of a higher level is the parent: a 三级指标 may sit directly under a
            # 一级指标 (forms without a second level)
            while stack and stack[-1]["level"] >= level:
                stack.pop()
            if level == 1:
                roots.append(node)
                stack = [node]
            elif stack:
                stack[-1]["children"].append(node)
                stack.append(node)
            else:
                self.problem(self.where(sheet, r, name_col), L.IND_LABEL[L.LEVEL_KEYS[level - 1]],
                             f"“{name}”上方缺少一级指标，无法确定其所属指标")
        if not roots:
            self.problem(self.where(sheet, hr, 1), "指标表", "指标表中没有指标")
        self.check_formulas(roots)
        return roots

    def check_formulas(self, roots: list[dict]) -> None:
        """In a form whose rows carry the grey formulas, a row without them (inserted without
        copying them) or with a value typed over one: the sheet cannot count what the engine does."""
        nodes = []
        stack = list(roots)
        while stack:
            n = stack.pop()
            nodes.append(n)
            stack.extend(n["children"])
        leaves = [n for n in nodes if not n["children"]]
        if not any(self.computed.get(id(n), {}).get("suggested", (None, False))[1] for n in leaves):
            return  # not a form with formulas (another tool's table): nothing to compare
        copy_hint = "请复制上一行整行粘贴到本行，再改写黄色单元格（灰色单元格是公式）"
        for n in nodes:
            cells = self.computed.get(id(n), {})
            if n["children"]:
                at = cells.get("counted")
                if at is not None and not at[1]:
                    self.problem(self.where(*at[0]), "计入得分",
                                 f"“{n['name']}”的计入得分应为合计其下级指标的公式，现在不是公式：请从其他上级指标行复制")
                continue
            if n.get("not_applicable"):
                continue
            at = cells.get("suggested")
            if at is None:
                continue
            if at[1]:  # 建议得分 is a formula: so must be the grey cells it reads (the hidden 计算用 ones too)
                missing = [L.IND_LABEL[k] for k, (_, ok) in cells.items() if not ok]
                if missing:
                    self.problem(self.where(*at[0]), "建议得分",
                                 f"本行缺少灰色公式“{missing[0]}”{'等' if len(missing) > 1 else ''}，建议得分可能不对："
                                 f"{copy_hint}", WARNING)
                continue
            typed = self.src.value(*at[0])
            if typed not in (None, ""):
                self.problem(self.where(*at[0]), "建议得分",
                             f"建议得分是公式，不能直接填写（现为“{self.text(typed)[:20]}”）：要认定得分请填在“得分”列，"
                             f"并恢复公式（{copy_hint}）")
            elif "manual_score" not in n and n.get("method", "人工") != "人工":
                self.problem(self.where(*at[0]), "建议得分",
                             f"本行没有建议得分公式（插入的行未复制公式），表格算不出“{n['name']}”的得分：{copy_hint}，"
                             "或在“得分”中直接填写得分")
            elif not all(ok for _, ok in cells.values()):
                self.problem(self.where(*at[0]), "建议得分",
                             f"本行缺少灰色公式，得分率等不会显示：{copy_hint}", WARNING)

    def indicator_row(self, sheet: str, r: int, cols: dict, level: int, name: str, name_col: int) -> dict:
        node: dict = {"name": name, "level": level, "children": [], "sources": {}}
        src = node["sources"]
        src["name"] = src["row"] = self.where(sheet, r, name_col)
        self.computed[id(node)] = {k: ((sheet, r, cols[k]), isinstance(self.src.value(sheet, r, cols[k]), Formula))
                                   for k in _COMPUTED if k in cols}
        if self.computed[id(node)].get("counted", (None, False))[1]:  # a row without it: see check_formulas
            self.shown_cells[src["row"]] = (sheet, r, cols["counted"])
        for key, c in cols.items():
            if key not in L.LEVEL_KEYS:
                src[key] = self.where(sheet, r, c)

        def get(key, *, allow_ref=False):
            if key not in cols:
                return None
            return self.raw(sheet, r, cols[key], L.IND_LABEL[key], allow_ref=allow_ref)

        for key in ("method", "unit", "target_text", "direction", "param", "deviation_reason", "improvement"):
            try:
                t = self.text(get(key))
            except _Invalid:
                continue
            if t:
                node[key] = t
        for key in ("weight", "target", "manual_score"):
            try:
                raw = get(key)
                if key == "manual_score":
                    self.percent_score(raw, node.get("weight"), sheet, r, cols.get(key), src.get(key, ""))
                if key == "target" and isinstance(raw, str) and raw.strip():
                    self.written_target(node, raw, src.get(key, src["row"]))
                    continue
                d = self.number(raw, src.get(key, ""), L.IND_LABEL[key])
            except _Invalid:
                d, raw = None, None
                if key == "weight":
                    node["weight"] = Decimal(0)
                continue
            if key == "target" and node.get("unit") == "%":
                self.percent_warning(raw, d, src.get(key, src["row"]), L.IND_LABEL[key])
            if d is None and key == "weight":
                self.problem(src.get(key, src["row"]), "分值", "请填写分值")
                d = Decimal(0)
            if d is not None:
                node[key] = d
        if node.get("method") == "区间" and node.get("param") and "manual_score" not in node:
            gap = band_native_gap(node["param"])  # the native fallback's limits (formulas.band)
            if gap:
                self.problem(src.get("param", src["row"]), L.IND_LABEL["param"],
                             f"在WPS/LibreOffice中无法自动计算建议得分（{gap}），请直接填写得分或简化参数", WARNING)
        for key in ("not_applicable", "core"):
            try:
                t = self.text(get(key))
            except _Invalid:
                continue
            if t in ("是", "TRUE", "true", "√", "Y", "y"):
                node[key] = True
            elif t not in ("", "否", "FALSE", "false", "N", "n"):
                self.problem(src[key], L.IND_LABEL[key], f"应为“是”或“否”，现为“{t[:20]}”")
        try:
            d = self.number(get("coefficient"), src.get("coefficient", ""), "得分系数")
        except _Invalid:
            d = None
        if d is not None:
            if 0 <= d <= 1:
                node["coefficient"] = d
            else:
                self.problem(src["coefficient"], "得分系数", f"应在0-1之间（得分 = 分值 × 系数），现为{d.normalize():f}")
        try:  # 上年得分: no formula reads it ("8.5分" is read); blank = unknown
            d = self.number(get("prev_score"), src.get("prev_score", ""), L.IND_LABEL["prev_score"], computed=False)
        except _Invalid:
            d = None
        if d is not None:
            if d >= 0:
                node["prev_score"] = d
            else:
                self.problem(src["prev_score"], L.IND_LABEL["prev_score"], f"不能为负数，现为{d.normalize():f}")
        try:
            raw = get("actual", allow_ref=True)
        except _Invalid:
            return node
        if isinstance(raw, tuple):
            node["actual_ref"] = raw[1]
        elif node.get("method", "人工") in ("定性", "人工") and isinstance(raw, str):
            if raw.strip():
                node["actual"] = raw.strip()
        elif isinstance(raw, str) and raw.strip() and parse_written(raw) is not None:
            self.written_actual(node, raw, src.get("actual", src["row"]))
        else:
            try:
                d = self.number(raw, src.get("actual", src["row"]), "实际完成值")
            except _Invalid:
                return node
            if d is not None:
                if node.get("unit") == "%":
                    self.percent_warning(raw, d, src.get("actual", src["row"]), "实际完成值")
                node["actual"] = d
        return node

    def written_target(self, node: dict, raw: str, where: str) -> None:
        """年度指标值 written as text: "≥90%", "≤90万元", "2天以内" → number, direction, unit; the text is
        kept as the row's 指标值表述, and the direction fills a blank 评分方法 (as the form's
        评分方法（计算用） does) or is a warning where it contradicts the chosen one."""
        label, text, unit = L.IND_LABEL["target"], raw.strip(), node.get("unit", "")
        method = node.get("method", "")
        w = parse_written(text)
        if w is None:
            if method in ("定性", "人工", "区间"):
                node.setdefault("target_text", text)  # "按期完成": a statement, not a number
            else:
                self.problem(where, label, f"应为数字，或写成“≥90%”“≤90万元”“2天以内”这样的形式，现为“{text[:20]}”")
            return
        if not self.unit_ok(w, unit, where, label):
            return
        if self.form and not native_readable(text, unit):
            self.problem(where, label, f"表格公式无法计算“{text[:20]}”，请用半角数字写成“≥90%”“≤90万元”这样的形式")
            return
        node["target"] = w.value
        if w.compared or w.unit:
            node.setdefault("target_text", text)
        if unit == "%":
            self.percent_warning(text, w.value, where, label)
        if w.direction:
            if not method:
                node["method"] = w.direction
            elif method in ("正向", "反向") and method != w.direction:
                self.problem(where, label, f"“{text[:20]}”是{w.direction}指标的写法，评分方法却是{method}，请核对",
                             WARNING)

    def written_actual(self, node: dict, raw: str, where: str) -> None:
        """实际完成值 written as text: a number in the row's own unit ("168起" where 计量单位 is 起) or
        a percentage; a comparison or another unit is a message at the cell."""
        label, text, unit = "实际完成值", raw.strip(), node.get("unit", "")
        w = parse_written(text)
        if w.compared:
            self.problem(where, label, f"应填实际达到的数值，不要写比较符号或“以上/以内”（现为“{text[:20]}”）")
            return
        if not self.unit_ok(w, unit, where, label):
            return
        if self.form and not native_readable(text, unit):
            self.problem(where, label, f"表格公式无法计算文字“{text[:20]}”，请只填数字（半角），百分比直接输入 95%")
            return
        if unit == "%":
            self.percent_warning(text, w.value, where, label)
        node["actual"] = w.value

    def unit_ok(self, w, unit: str, where: str, label: str) -> bool:
        if not w.unit or w.unit == "%" or w.unit == unit:
            return True
        if not unit:
            self.problem(where, label, f"数值带单位“{w.unit[:10]}”，请在“计量单位”中填写“{w.unit[:10]}”")
        else:
            self.problem(where, label, f"单位“{w.unit[:10]}”与计量单位“{unit}”不一致，请换算后填写")
        return False

    def text_rows(self, name: str, must: tuple[str, ...], avoid: tuple[str, ...] = ()):
        """Yield (section, label, content, where) of a 栏目/内容 table; blank labels inherit from above."""
        found = self.find_header(name, must, avoid)
        if found is None:
            return
        sheet, hr = found
        headers = self._row_headers(sheet, hr)
        sc, lc, cc = headers.get(L.TEXT_SECTION), headers[L.TEXT_LABEL], headers[L.TEXT_CONTENT]
        rows, _ = self.src.size(sheet)
        section = label = ""
        for r in range(hr + 1, rows + 1):
            try:
                s = self.text(self.raw(sheet, r, sc, L.TEXT_SECTION)) if sc else ""
                lab = self.text(self.raw(sheet, r, lc, L.TEXT_LABEL))
                content = self.text(self.raw(sheet, r, cc, L.TEXT_CONTENT))
            except _Invalid:
                continue
            section, label = s or section, lab or label
            if label:  # every row's 内容 cell, blank or not: where the report's warnings point
                self.text_cells.setdefault(name, []).append((section, label, content, self.where(sheet, r, cc)))
            if content:
                yield section, label, content, self.where(sheet, r, cc)

    # ------------------------------------------------------------ embedded rules, computed figures
    def rules(self) -> str:
        """The rule profile the form carries (column A of the hidden 规则数据 sheet), or ""."""
        return self._rules_column(1, L.RULES_BANNER)

    def outline_text(self) -> str:
        """The report outline the form carries (column B of the hidden 规则数据 sheet), or ""."""
        return self._rules_column(2, L.OUTLINE_BANNER)

    def _rules_column(self, col: int, banner: str) -> str:
        """One column of 规则数据 as text, its banner line left out; "" when the sheet or column is absent."""
        if L.S_RULES not in self.sheets:
            return ""
        rows, cols = self.src.size(L.S_RULES)
        if cols < col:
            return ""
        lines = []
        for r in range(1, rows + 1):
            v = self.src.value(L.S_RULES, r, col)
            lines.append("" if v is None else str(v) if not isinstance(v, float) else self.text(v))
        if lines and lines[0] == banner:
            lines = lines[1:]
        text = "\n".join(lines).strip("\n")
        return text + "\n" if text else ""

    def shown(self) -> tuple[str, SheetShown]:
        """What the sheet shows in its computed cells, when the file holds computed values."""
        loc = self.src.defined_name(L.TOTAL_NAME)
        if loc is None:
            return "", SheetShown()
        # a number typed over 总分 is compared too: whether the file holds computed values is then told
        # by another of the form's formulas
        probe = next((at for at in (loc, self.src.defined_name(L.RAW_TOTAL_NAME), self.src.defined_name(L.GRADE_NAME))
                      if at is not None and isinstance(self.src.value(*at), Formula)), None)
        if probe is None:
            return "", SheetShown()
        if self.src.cached(*probe) is None:
            return "none", SheetShown()
        named = {"total": loc}
        for key, name in (("grade", L.GRADE_NAME), ("exec_rate", "执行率"), ("raw_total", L.RAW_TOTAL_NAME)):
            at = self.src.defined_name(name)
            if at is not None:  # a value typed over the formula is compared too
                named[key] = at
        level1: dict[str, tuple[str, int, int]] = {}
        found = self.find_header("", ("指标", "权重分值", "得分"))
        if found is not None and found[0] == L.S_SUMMARY:
            sheet, hr = found
            heads = self._row_headers(sheet, hr)
            rows, _ = self.src.size(sheet)
            for r in range(hr + 1, min(rows, hr + 40) + 1):
                name = self.src.cached(sheet, r, heads["指标"]) if isinstance(
                    self.src.value(sheet, r, heads["指标"]), Formula) else self.src.value(sheet, r, heads["指标"])
                name = self.text(name)
                if not name or name == "合计":
                    break
                level1[name] = (sheet, r, heads["得分"])
        return "values", SheetShown(rows={k: self._seen(at) for k, at in self.shown_cells.items()},
                                    level1={k: self._seen(at) for k, at in level1.items()},
                                    **{k: self._seen(at) for k, at in named.items()})

    def _seen(self, at: tuple[str, int, int]) -> Seen:
        """The cell at ``at`` as the sheet shows it (its computed value when it holds a formula)."""
        v = self.src.cached(*at) if isinstance(self.src.value(*at), Formula) else self.src.value(*at)
        if isinstance(v, bool):
            v = "TRUE" if v else "FALSE"
        elif isinstance(v, (int, float)):
            v = to_decimal(v)
        elif isinstance(v, (_dt.date, _dt.datetime)):
            v = self.text(v)
        return Seen(self.where(*at), v if not isinstance(v, str) else v.strip())

    # ------------------------------------------------------------ whole workbook
    def read(self) -> tuple[Evaluation | None, list[Problem]]:
        data: dict = {"sources": {}}
        sections = {s: {"sources": {}} for s in ("budget", "projects", "satisfaction", "narrative", "options",
                                                 "previous")}
        for f in L.SINGLE_FIELDS:
            if not f.target:
                continue
            section, _ = f.target.split(".")
            target = sections[section] if section else data
            self.single(f, target, target["sources"])
        rules = self.rules()
        if rules:
            data["rules"] = rules
            data["sources"]["rules"] = f"{L.S_RULES}!A1"
        profile = data.get("profile", "")
        if profile and not rules:
            if profile not in available() and not profile.lower().endswith(".toml"):
                self.problem(data["sources"].get("profile", L.S_SETTINGS), "评分规则",
                             f"没有名为“{profile}”的评分规则，可选：{'、'.join(available())}")
        for key, label in (("fullwidth_punctuation", "标点转为全角"), ("signature", "报告末尾落款"),
                           ("legacy_wording", "沿用原有写法")):
            fw = sections["options"].get(key)
            if fw is not None and fw not in (L.YES, L.NO):
                self.problem(sections["options"]["sources"][key], label,
                             f"应为“是”或“否”（可从下拉列表选择），现为“{fw}”")
                del sections["options"][key]
        carried = self._rules_column(3, L.CARRIED_BANNER).split()
        if carried:
            data["carried"] = carried
        outline_text = self.outline_text()
        try:
            outline = outline_of_form(outline_text, rules)
        except OutlineError as exc:
            self.problem(f"{L.S_RULES}!B1", "报告提纲", f"{exc}。请用 xlperf new 重新生成填报表")
            outline, outline_text = load_outline(None), ""
        if outline_text:
            data["outline"] = outline_text
        ps = sections["options"].get("problems_section")
        slots = outline.problem_slots
        if ps is not None and slots and ps not in slots:
            self.problem(sections["options"]["sources"]["problems_section"], "“存在问题/改进措施”位置",
                         f"应为{'或'.join(f'“{x}”' for x in slots)}，现为“{ps}”")
            del sections["options"]["problems_section"]
        nar = sections["narrative"]

        def put(field: str, content: str, where: str) -> None:
            items = nar.setdefault(field, []) if field in NARRATIVE_LISTS else \
                nar.setdefault("texts", {}).setdefault(field, [])
            items.append(content)
            nar["sources"][f"{field}[{len(items)}]"] = where

        basic = {b.label: b.field for _, b in outline.fields_on(L.S_BASIC)}
        for field in basic.values():
            nar.setdefault(field, []) if field in NARRATIVE_LISTS else None
        for _, label, content, where in self.text_rows(L.BASIC_TEXT_HEADER_NAME, (L.TEXT_LABEL, L.TEXT_CONTENT),
                                                      (L.TEXT_SECTION,)):
            field = basic.get(label)
            if field is None:
                self.problem(where, L.TEXT_LABEL, f"栏目“{label}”无法识别，该行未读取", WARNING)
            else:
                put(field, content, where)
        inds = self.indicators()
        names = set()
        stack = list(inds or [])
        while stack:
            n = stack.pop()
            names.add(n["name"])
            stack.extend(n["children"])
        by_label = {b.label: b.field for _, b in outline.fields_on(L.S_TEXT)}
        is_analysis = _analysis_rows(outline)
        analysis: dict[str, str] = {}
        for section, label, content, where in self.text_rows(L.TEXT_HEADER_NAME,
                                                            (L.TEXT_SECTION, L.TEXT_LABEL, L.TEXT_CONTENT)):
            if is_analysis(section) and label not in by_label:  # a 栏目 of the same section is no indicator
                if label not in names:
                    self.problem(where, L.TEXT_LABEL, f"“{label}”不是指标表中的指标名称，报告可能不会使用这段文字",
                                 WARNING)
                analysis[label] = analysis[label] + "\n" + content if label in analysis else content
                nar["sources"].setdefault(f"analysis.{label}", where)
            elif section == L.HEADING_SECTION:
                key = _heading_key(outline, label)
                if key:
                    nar.setdefault("headings", {})[key] = content
                else:
                    self.problem(where, L.TEXT_LABEL, f"“{label}”不是报告的标题，该行未读取；栏目应为报告中的原标题",
                                 WARNING)
            elif section == L.UNPLACED_SECTION:
                nar.setdefault("unplaced", []).append(content)
                self.problem(where, L.TEXT_CONTENT, "这段文字导入时未能归类，报告不会输出；请移到对应栏目的行或删除",
                             WARNING)
            elif section == L.UNUSED_SECTION:
                put(known_labels().get(label, label), content, where)
                self.problem(where, L.TEXT_CONTENT, "本表的报告提纲没有这一栏目，报告不会输出这段文字；需要时请移到对应栏目的行",
                             WARNING)
            elif label in by_label:
                put(by_label[label], content, where)
            else:
                self.problem(where, L.TEXT_LABEL, f"栏目“{label}”无法识别，该行未读取", WARNING)
        nar["analysis"] = analysis
        data["shown_state"], data["shown"] = self.shown()
        data.update(sections)
        data["indicators"] = inds
        _text_sources(nar, outline, [*self.text_cells.get(L.BASIC_TEXT_HEADER_NAME, ()),
                                     *self.text_cells.get(L.TEXT_HEADER_NAME, ())])
        if inds is None:
            return None, self.problems
        if any(p.severity == ERROR and p.label in _required_labels() for p in self.problems):
            # No evaluation without its required fields — but still check the indicator table, so the
            # clerk sees every problem in one pass, not the next one after fixing the first.
            self.problems.extend(_indicator_problems(data, self.problems))
            return None, self.problems
        try:
            ev = Evaluation.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                self.problem(_where_of(data, err["loc"]), "", _message(err))
            return None, self.problems
        return ev, self.problems


#: Stand-ins for missing required fields, used only to check the rest of the workbook.
_PLACEHOLDERS = {".unit": "（未填写）", ".year": 2000, "budget.initial": "1", "budget.adjusted": "1",
                 "budget.executed": "1"}


def _indicator_problems(data: dict, known: list[Problem]) -> list[Problem]:
    """Problems of the 指标评分 table, found by checking a copy of ``data`` whose missing required
    fields are filled with stand-ins (problems elsewhere could stem from the stand-ins: dropped)."""

    trial = copy.deepcopy(data)
    for target, value in _PLACEHOLDERS.items():
        section, attr = target.split(".")
        node = trial[section] if section else trial
        node.setdefault(attr, value)
    try:
        ev = Evaluation.model_validate(trial)
        prof, _ = resolve_profile(ev.rules, ev.profile)
        if prof is None:
            return []
        _, found = check(ev, prof)
    except (ValidationError, ProfileError):
        return []

    stale = stale_years(ev) if "year" in data else []  # text naming last year: found with the real year only
    stale += carried_over(ev)  # text carried over from last year's report, not yet edited
    seen = {(p.where, p.label) for p in known}
    return [p for p in found if (p.where.startswith(L.S_IND + "!") or p in stale) and (p.where, p.label) not in seen]


def _analysis_rows(outline: Outline):
    """Whether a 文字材料 章节 is the indicator analysis (its label, or any 章节 starting with its numbering)."""
    s = outline.analysis_section()
    label = outline.form_label(s) if s is not None else None
    prefix = analysis_prefix(outline)
    return lambda section: section == label or bool(prefix) and section.startswith(prefix)


def _heading_key(outline: Outline, label: str) -> str:
    """The section id of the outline whose heading (with or without its number) is ``label``."""
    bare = re.sub(r"\s+", "", label)
    for s in outline.sections:
        if bare in (s.title, s.heading):
            return s.id
    return ""


def _text_sources(nar: dict, outline: Outline, rows: list[tuple[str, str, str, str]]) -> None:
    """Where each text of the narrative was read: ``process[2]`` the second 工作开展情况 with content,
    ``process`` the 栏目's first 内容 cell even when blank (an empty section's warning points there),
    ``analysis.绩效管理`` an indicator's analysis."""
    attrs = outline.field_labels()
    is_analysis = _analysis_rows(outline)
    src, counts = nar["sources"], {}
    for section, label, content, where in rows:
        if is_analysis(section) and label not in attrs:
            if content:
                src.setdefault(f"analysis.{label}", where)
            continue
        attr = attrs.get(label)
        if attr is None:
            continue
        src.setdefault(attr, where)
        if content:
            counts[attr] = counts.get(attr, 0) + 1
            src[f"{attr}[{counts[attr]}]"] = where


def _required_labels() -> set[str]:
    return {f.label for f in L.SINGLE_FIELDS if f.target in _REQUIRED}


def _where_of(data: dict, loc: tuple) -> str:
    node, where = data, ""
    for part in loc:
        if isinstance(node, dict):
            where = node.get("sources", {}).get(str(part), where) or where
            if isinstance(part, str) and part in node:
                node = node[part]
                continue
        if isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            if isinstance(node, dict):
                where = node.get("sources", {}).get("row", where)
            continue
        break
    return where or "工作簿"


def _message(err: dict) -> str:
    ctx = err.get("ctx") or {}
    kind = err.get("type", "")
    if kind == "missing":
        return "不能为空"
    if "greater_than" in kind:
        return f"应不小于{ctx.get('ge', ctx.get('gt', ''))}"
    if "less_than" in kind:
        return f"应不大于{ctx.get('le', ctx.get('lt', ''))}"
    return "数值无效"


# ---------------------------------------------------------------- files

def _precheck(path: Path) -> None:
    name = path.name
    if not path.exists():
        raise LoadError(f"文件不存在：{path}")
    if not path.is_file():
        raise LoadError(f"不是文件：{path}")
    if path.suffix.lower() == ".xls":
        raise LoadError(f"不支持旧版 .xls 文件：{name}，请在Excel中另存为 .xlsx 后再试")
    size = path.stat().st_size
    if size == 0:
        raise LoadError(f"文件是空的：{name}")
    if size > MAX_BYTES:
        raise LoadError(f"文件过大（{size / 1048576:.0f} MB，上限 {MAX_BYTES / 1048576:.0f} MB）：{name}，"
                        "请删除无关的工作表或图片后再试")
    with open(path, "rb") as fh:
        head = fh.read(8)
    if head.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        raise LoadError(f"“{name}”设置了打开密码（已加密）或是旧版 .xls 格式：请在Excel中取消密码并另存为 .xlsx 后再试")
    if not head.startswith(b"PK\x03\x04"):
        raise LoadError(f"“{name}”不是有效的Excel工作簿（文件已损坏或格式不对）")


def read_workbook(path: str | Path) -> tuple[Evaluation | None, list[Problem]]:
    """Read a saved form; raise :class:`~xlperf.app.load.LoadError` when the file cannot be read at all."""
    path = Path(path)
    _precheck(path)
    safety.check_zip_file(path)  # zip bombs, absurd sizes, XML entities: refused before openpyxl parses
    try:
        src = OpenpyxlSource(path)
    except Exception as exc:  # noqa: BLE001 - zipfile, XML and openpyxl raise many kinds
        raise LoadError(f"“{path.name}”无法打开：文件已损坏或不是有效的Excel工作簿") from exc
    return read_source(src)


def read_source(src: CellSource) -> tuple[Evaluation | None, list[Problem]]:
    """Read any cell source (saved file, live workbook) into an Evaluation and its problems."""
    return Reader(src).read()
