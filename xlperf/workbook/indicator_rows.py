"""Reading the 指标评分 table: its rows into a tree of indicators (the nearest row above of a higher level is
the parent), each row's cells (texts, numbers, the targets and actual values written as text, the 是/否
flags), and the grey formulas a row should carry (:class:`IndicatorReader`)."""

from __future__ import annotations

import re
from decimal import Decimal

from openpyxl.utils import get_column_letter

from ..domain.agree import BAND_GAP
from ..domain.numbers import COMMA_HINT
from ..domain.problems import WARNING
from ..domain.targets import native_readable, parse_written
from . import layout as L
from .cells import CellReader, Invalid
from .formulas import band_native_gap, row_formulas
from .sources import Formula

#: the grey columns of 指标评分 (formulas the form puts in every row)
COMPUTED = tuple(c.key for c in L.IND_COLUMNS + L.HELPER_COLUMNS if c.kind == "formula")
_NOT_SHAPE = re.compile(r"[$\s0-9]|_XLFN\.|(?<=TRUE|ALSE)\(\)")


def _spaces(raw: str) -> str:
    """What the clerk cannot see in the quoted text: a full-width space or a line break (Alt+Enter) before or after
    it, which the form's formulas cannot take away (they remove only the ASCII space)."""
    return "（前后有全角空格或换行，请删去）" if raw.strip(" ") != raw.strip() else ""


def _formula_shape(formula: object) -> str:
    """A formula's text without row numbers, "$", spaces, case and the ways programs save it (LibreOffice:
    ``FALSE()``, lower-case add-in names; Excel: ``_xlfn.``): equal for a copied, shifted or re-saved formula."""
    return _NOT_SHAPE.sub("", str(formula).upper())


class IndicatorReader(CellReader):
    def indicators(self) -> list[dict] | None:
        #: per indicator row (id of its dict): its 计量单位 as typed, spaces kept — the native formula removes it so
        self.typed_units: dict[int, str] = {}
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
                except Invalid:
                    continue  # an error value: no name (its problem is recorded)
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
        self.parents_own_method(roots)
        return roots

    def parents_own_method(self, roots: list[dict]) -> None:
        """A 评分方法 left on a row that has got children (the 人工 of a former leaf): the sheet and the engine
        both sum the children and ignore it — a warning at the cell, so the clerk may clear it."""
        stack = list(reversed(roots))
        while stack:  # in the sheet's order
            n = stack.pop()
            stack.extend(reversed(n["children"]))
            if n["children"] and n.get("method"):
                self.problem(n["sources"].get("method", n["sources"]["row"]), L.IND_LABEL["method"],
                             f"“{n['name']}”有下级指标，得分由下级汇总，这里的评分方法“{n['method'][:10]}”不起作用，"
                             "可以清空", WARNING)

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
        if not any(self.computed[id(n)].get("suggested", (None, False))[1] for n in leaves):
            return  # not a form with formulas (another tool's table): nothing to compare
        copy_hint = "请复制上一行整行粘贴到本行，再改写黄色单元格（灰色单元格是公式）"
        for n in nodes:
            cells = self.computed[id(n)]
            if n["children"]:
                at = cells.get("counted")
                if at is not None and not at[1]:
                    self.problem(self.where(*at[0]), "计入得分",
                                 f"“{n['name']}”的计入得分应为合计其下级指标的公式，现在不是公式：请从其他上级指标行复制")
                continue
            if n.get("not_applicable"):
                continue
            at = cells["suggested"]  # a form with formulas: every row has the column
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

    def formula_notes(self, row: str, grey: dict[str, object], cols: dict[str, int]) -> None:
        """What differs in a row's grey cells from the formulas the form was built with (for check's message
        when the sheet shows another figure than the engine): a grey cell without a formula, or one whose
        formula is not the built one — told apart by their text with every row number taken out, since a
        copied or shifted row differs only in those."""
        if not all(c.key in cols for c in L.IND_COLUMNS + L.HELPER_COLUMNS):
            return  # a form of another layout (an older version, another tool, a column gone): nothing to compare
        letters = {k: get_column_letter(c) for k, c in cols.items()}
        built = row_formulas(letters, 1, 1, 0, "coefficient" in cols)
        missing = [k for k, v in grey.items() if not isinstance(v, Formula)]
        if missing:
            self.formula_state[row] = f"缺少灰色公式“{L.IND_LABEL[missing[0]]}”{'等' if len(missing) > 1 else ''}"
            return
        changed = [k for k, v in grey.items() if _formula_shape(v) != _formula_shape(built[k])]
        if changed:
            self.formula_state[row] = f"灰色公式“{L.IND_LABEL[changed[0]]}”{'等' if len(changed) > 1 else ''}被改写"

    def indicator_row(self, sheet: str, r: int, cols: dict, level: int, name: str, name_col: int) -> dict:
        """One row of the table as the model's indicator dict (its children added by :meth:`indicators`)."""
        node: dict = {"name": name, "level": level, "children": [], "sources": {}}
        src = node["sources"]
        src["name"] = src["row"] = self.where(sheet, r, name_col)
        grey = {k: self.src.value(sheet, r, cols[k]) for k in COMPUTED if k in cols}
        self.computed[id(node)] = {k: ((sheet, r, cols[k]), isinstance(v, Formula)) for k, v in grey.items()}
        self.formula_notes(src["row"], grey, cols)
        if self.computed[id(node)].get("counted", (None, False))[1]:  # a row without it: see check_formulas
            self.shown_cells[src["row"]] = (sheet, r, cols["counted"])
        for key, c in cols.items():
            if key not in L.LEVEL_KEYS:
                src[key] = self.where(sheet, r, c)

        def get(key, *, allow_ref=False):
            if key not in cols:
                return None
            return self.raw(sheet, r, cols[key], L.IND_LABEL[key], allow_ref=allow_ref)

        self._row_texts(node, get)
        self._row_numbers(node, get, sheet, r, cols)
        self._row_flags(node, get)
        self._row_coefficient(node, get)
        self._row_prev_score(node, get)
        self._row_actual(node, get, (sheet, r, cols["actual"]))  # 实际完成值 is in every table (find_header)
        return node

    def _row_texts(self, node: dict, get) -> None:
        for key in ("method", "unit", "target_text", "direction", "param", "deviation_reason", "improvement"):
            try:
                raw = get(key)
            except Invalid:
                continue
            t = self.text(raw)
            if t:
                node[key] = t
            if key == "unit":  # every row has its entry ("" without a unit): the written values read it
                self.typed_units[id(node)] = raw if isinstance(raw, str) else t
            elif key == "method" and self.form and t and _spaces(raw):  # the sheet's TRIM keeps U+3000, line breaks
                self.problem(node["sources"][key], L.IND_LABEL[key],
                             f"评分方法“{t[:10]}”{_spaces(raw)}，否则表格公式不认，算不出建议得分")

    def _row_numbers(self, node: dict, get, sheet: str, r: int, cols: dict) -> None:
        """分值, 年度指标值 (a number, or written as text), 得分; the 区间 parameters the native formula cannot do."""
        src = node["sources"]
        for key in ("weight", "target", "manual_score"):
            try:
                raw = get(key)
                if key == "manual_score":
                    self.percent_score(raw, node.get("weight"), sheet, r, cols.get(key), src.get(key))
                if key == "target" and isinstance(raw, str) and raw.strip():
                    self.written_target(node, raw, src[key])
                    continue
                d = self.number(raw, src.get(key), L.IND_LABEL[key])
            except Invalid:
                d, raw = None, None
                if key == "weight":
                    node["weight"] = Decimal(0)
                continue
            if key == "target" and node.get("unit") == "%":
                self.percent_warning(raw, d, src[key], L.IND_LABEL[key])
            if d is None and key == "weight":
                self.problem(src[key], "分值", "请填写分值")  # 分值 is in every table (find_header)
                d = Decimal(0)
            if d is not None:
                node[key] = d
        if node.get("method") == "区间" and node.get("param") and "manual_score" not in node:
            gap = band_native_gap(node["param"])  # the native fallback's limits (formulas.band)
            if gap:
                self.problem(src["param"], L.IND_LABEL["param"],
                             f"{BAND_GAP}（{gap}），请直接填写得分或简化参数", WARNING)

    def _row_flags(self, node: dict, get) -> None:
        """不适用 and 核心指标: 是 or 否."""
        for key in ("not_applicable", "core"):
            try:
                raw = get(key)
            except Invalid:
                continue
            t = self.text(raw)
            if t in ("是", "TRUE", "true", "√", "Y", "y"):
                node[key] = True
                if key == "not_applicable" and self.form and raw != "是":  # the sheet's formulas test ="是"
                    self.problem(node["sources"][key], L.IND_LABEL[key],
                                 f"表格公式只认“是”，现为“{'TRUE' if raw is True else raw}”，本行仍会计入得分：请改为“是”")
            elif t not in ("", "否", "FALSE", "false", "N", "n"):
                self.problem(node["sources"][key], L.IND_LABEL[key], f"应为“是”或“否”，现为“{t[:20]}”")

    def _row_coefficient(self, node: dict, get) -> None:
        src = node["sources"]
        try:
            d = self.number(get("coefficient"), src.get("coefficient"), "得分系数")
        except Invalid:
            d = None
        if d is not None:
            if 0 <= d <= 1:
                node["coefficient"] = d
            else:
                self.problem(src["coefficient"], "得分系数", f"应在0-1之间（得分 = 分值 × 系数），现为{d.normalize():f}")

    def _row_prev_score(self, node: dict, get) -> None:
        src = node["sources"]
        try:  # 上年得分: no formula reads it ("8.5分" is read); blank = unknown
            d = self.number(get("prev_score"), src.get("prev_score"), L.IND_LABEL["prev_score"], computed=False)
        except Invalid:
            d = None
        if d is not None:
            if d >= 0:
                node["prev_score"] = d
            else:
                self.problem(src["prev_score"], L.IND_LABEL["prev_score"], f"不能为负数，现为{d.normalize():f}")

    def _row_actual(self, node: dict, get, at: tuple[str, int, int]) -> None:
        """实际完成值: a derived figure's name (``=执行率``), a 定性 statement, text in the row's unit, or a number."""
        src = node["sources"]
        try:
            raw = get("actual", allow_ref=True)
        except Invalid:
            return
        if isinstance(raw, tuple):
            node["actual_ref"] = raw[1]
        elif node.get("method", "人工") in ("定性", "人工") and isinstance(raw, str):
            if raw.strip():
                node["actual"] = raw.strip()
        elif isinstance(raw, str) and raw.strip() and parse_written(raw) is not None:
            self.written_actual(node, raw, src["actual"])
        else:
            try:
                d = self.number(raw, src["actual"], "实际完成值")
            except Invalid:
                return
            if d is not None:
                if node.get("unit") == "%":
                    self.percent_warning(raw, d, src["actual"], "实际完成值")
                else:
                    self.percent_entry(raw, d, node, at, src["actual"])
                node["actual"] = d

    def written_target(self, node: dict, raw: str, where: str) -> None:
        """年度指标值 written as text: "≥90%", "≤90万元", "2天以内" → number, direction, unit; the text is
        kept as the row's 指标值表述, and the direction fills a blank 评分方法 (as the form's
        评分方法（计算用） does) or is a warning where it contradicts the chosen one."""
        label, text, unit = L.IND_LABEL["target"], raw.strip(), node.get("unit", "")
        method = node.get("method")
        w = parse_written(text)
        if w is None:
            if method in ("定性", "人工", "区间"):
                node.setdefault("target_text", text)  # "按期完成": a statement, not a number
            else:
                self.problem(where, label, f"应为数字，或写成“≥90%”“≤90万元”“2天以内”这样的形式，现为“{text[:20]}”")
            return
        if not self.unit_ok(w, text, unit, where, label):
            return
        if self.form and not native_readable(raw, self.typed_units[id(node)]):  # as typed: spaces count
            self.problem(where, label, f"表格公式无法计算“{text[:20]}”{self._hint(node, raw, unit)}，请用半角数字写成“≥90%”“≤90万元”这样的形式")
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
        if not self.unit_ok(w, text, unit, where, label):
            return
        if self.form and not native_readable(raw, self.typed_units[id(node)]):  # as typed: spaces count
            self.problem(where, label, f"表格公式无法计算文字“{text[:20]}”{self._hint(node, raw, unit)}，请只填数字（半角），百分比直接输入 95%")
            return
        if unit == "%":
            self.percent_warning(text, w.value, where, label)
        node["actual"] = w.value

    def _hint(self, node: dict, raw: str, unit: str) -> str:
        """Why the native formula cannot read ``raw`` where the reason is invisible: spaces around it or its unit."""
        if self.typed_units[id(node)] != unit:
            return f"（计量单位“{unit[:10]}”前后有空格，请删去）"
        return _spaces(raw)

    def unit_ok(self, w, text: str, unit: str, where: str, label: str) -> bool:
        if not w.unit or w.unit == "%" or w.unit == unit:
            return True
        if w.unit.startswith(","):  # "1,23", "12,00人": a comma that groups no thousands, not a unit
            self.problem(where, label, f"“{text[:20]}”{COMMA_HINT}")
        elif unit not in ("", "%") and w.unit.startswith(unit):  # "5天内": 计量单位 and a word the form does not know
            n = f"{w.value.normalize():f}{unit}"
            self.problem(where, label, f"“{text[:20]}”中“{unit}”后的“{w.unit[len(unit):][:10]}”无法识别："
                                       f"不超过请写成“≤{n}”或“{n}以内”，否则请删去")
        elif not unit:
            self.problem(where, label, f"数值带单位“{w.unit[:10]}”，请在“计量单位”中填写“{w.unit[:10]}”")
        else:
            self.problem(where, label, f"单位“{w.unit[:10]}”与计量单位“{unit}”不一致，请换算后填写")
        return False
