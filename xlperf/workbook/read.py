"""Read a filled form into an :class:`~xlperf.domain.model.Evaluation`, through a :class:`.sources.CellSource`.

Single values are found by defined name (falling back to their label text, for renamed sheets and
workbooks from other tools); tables by header text.  The cells are read by :mod:`.cells`, the indicator
table by :mod:`.indicator_rows`; this module reads the whole form.  Every problem is collected in one pass and
names ``Sheet!Cell`` and the field's Chinese label.  Cached formula results are used only for input
cells that hold a formula; a formula ``=执行率`` (a derived figure) becomes ``actual_ref``.  Scores
are never read: the engine recomputes them.
"""

from __future__ import annotations

import copy
import datetime as _dt
import re
from pathlib import Path

from pydantic import ValidationError

from ..domain.model import NARRATIVE_LISTS, Evaluation, Seen, SheetShown
from ..domain.narrative_checks import stale_years, unwritten_texts
from ..domain.numbers import to_decimal
from ..domain.outlines import Outline, OutlineError, analysis_prefix, known_labels, load_outline, outline_of_form
from ..domain.problems import ERROR, WARNING, Problem
from ..domain.profiles import ProfileError, available, resolve_profile
from ..domain.validate import check
from ..errors import LoadError
from ..infra import safety
from . import layout as L
from .cells import Invalid, norm_header
from .indicator_rows import IndicatorReader
from .sources import CellSource, Formula, OpenpyxlSource

#: Files larger than this are refused before parsing (tests monkeypatch it).
MAX_BYTES = 100 * 1024 * 1024

_REQUIRED = {".unit", ".year", "budget.initial", "budget.adjusted", "budget.executed"}
_FIELD_SHEET = {**{f.name: L.S_BASIC for f in L.BASIC_FIELDS}, **{f.name: L.S_BUDGET for f in L.BUDGET_FIELDS},
                **{f.name: L.S_SETTINGS for f in L.SETTINGS_FIELDS}}


class Reader(IndicatorReader):
    """The whole form: its single fields, its tables, the rules and outline it carries, what its sheet shows."""

    # ------------------------------------------------------------ single fields
    def locate(self, f: L.Field) -> tuple[str, int, int] | None:
        loc = self.src.defined_name(f.name)
        if loc is not None:
            return loc
        home = _FIELD_SHEET.get(f.name)
        # the home sheet, then sheets that are not ours (renamed, or a workbook from another tool)
        order = ([home] if home in self.sheets else []) + [s for s in self.sheets if s not in L.SHEETS]
        labels = {norm_header(f.label), norm_header(f.name)}
        for sheet in order:
            rows, cols = self.src.size(sheet)
            for r in range(1, min(rows, 200) + 1):
                for c in range(1, min(cols, 10)):
                    if norm_header(self.src.value(sheet, r, c)) in labels:
                        return sheet, r, c + 1
        return None

    def single(self, f: L.Field, data: dict, sources: dict) -> None:
        section, attr = f.target.split(".")
        loc = self.locate(f)
        required = f.target in _REQUIRED
        if loc is None:
            if required:
                home = _FIELD_SHEET[f.name]  # every single field has its sheet
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
        except Invalid:
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
            except Invalid:
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
                                    formulas=dict(self.formula_state),
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
        data, sections = self._single_fields()
        outline = self._outline(data, sections)
        nar = sections["narrative"]
        for _, b in outline.value_blocks():  # the outline's own wording, shown in a blank cell, is read as blank
            part, attr = b.value.split(".")
            if b.default and sections.get(part, {}).get(attr) == b.default:
                del sections[part][attr]
        self._basic_texts(nar, outline)
        inds = self.indicators()
        self._texts(nar, outline, _names(inds or []))
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

    def _single_fields(self) -> tuple[dict, dict]:
        """The single fields (基本情况, 预算资金, 设置) and the rules the form carries: (data, its sections)."""
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
        profile = data.get("profile")
        if profile and not rules:
            if profile not in available() and not profile.lower().endswith(".toml"):
                self.problem(data["sources"]["profile"], "评分规则",
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
        return data, sections

    def _outline(self, data: dict, sections: dict) -> Outline:
        """The report outline the form carries (the profile's when it carries none), and 设置's 问题措施位置 in it."""
        outline_text = self.outline_text()
        try:
            outline = outline_of_form(outline_text, data.get("rules", ""))
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
        return outline

    @staticmethod
    def _put(nar: dict, field: str, content: str, where: str) -> None:
        items = nar.setdefault(field, []) if field in NARRATIVE_LISTS else \
            nar.setdefault("texts", {}).setdefault(field, [])
        items.append(content)
        nar["sources"][f"{field}[{len(items)}]"] = where

    def _basic_texts(self, nar: dict, outline: Outline) -> None:
        """The 栏目 of 基本情况's text table."""
        basic = {b.label: b.field for _, b in outline.fields_on(L.S_BASIC)}
        for field in basic.values():
            nar.setdefault(field, []) if field in NARRATIVE_LISTS else None
        for _, label, content, where in self.text_rows(L.BASIC_TEXT_HEADER_NAME, (L.TEXT_LABEL, L.TEXT_CONTENT),
                                                      (L.TEXT_SECTION,)):
            field = basic.get(label)
            if field is None:
                self.problem(where, L.TEXT_LABEL, f"栏目“{label}”无法识别，该行未读取", WARNING)
            else:
                self._put(nar, field, content, where)

    def _texts(self, nar: dict, outline: Outline, names: set[str]) -> None:
        """The 文字材料 table: each row to its 栏目, an indicator's analysis, a heading of the department's own,
        or a warning (unplaced, unused by this outline, unknown)."""
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
                self._put(nar, known_labels().get(label, label), content, where)
                self.problem(where, L.TEXT_CONTENT, "本表的报告提纲没有这一栏目，报告不会输出这段文字；需要时请移到对应栏目的行",
                             WARNING)
            elif label in by_label:
                self._put(nar, by_label[label], content, where)
            else:
                self.problem(where, L.TEXT_LABEL, f"栏目“{label}”无法识别，该行未读取", WARNING)
        nar["analysis"] = analysis


def _names(roots: list[dict]) -> set[str]:
    """Every indicator's name in the tree."""
    names = set()
    stack = list(roots)
    while stack:
        n = stack.pop()
        names.add(n["name"])
        stack.extend(n["children"])
    return names


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
    stale += unwritten_texts(ev)  # last year's text not yet edited; a template's instructions
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
            where = node.get("sources", {}).get(str(part)) or where
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
    kind = err["type"]  # pydantic names every error's type
    if kind == "missing":
        return "不能为空"
    if "greater_than" in kind:
        return f"应不小于{ctx.get('ge', ctx.get('gt', ''))}"
    if "less_than" in kind:
        return f"应不大于{ctx.get('le', ctx.get('lt', ''))}"
    return "数值无效"


# ---------------------------------------------------------------- files

def too_big(size: int, name: str) -> str:
    """The message for a file over :data:`MAX_BYTES` (the CLI's, and the service's before it stores a byte)."""
    return (f"文件过大（{size / 1048576:.0f} MB，上限 {MAX_BYTES / 1048576:.0f} MB）：{name}，"
            "请删除无关的工作表或图片后再试")


_OLE, _ZIP = bytes.fromhex("D0CF11E0A1B11AE1"), b"PK\x03\x04"  # first bytes: OLE (encrypted .xlsx, .xls), zip


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
        raise LoadError(too_big(size, name))
    with open(path, "rb") as fh:
        head = fh.read(len(_OLE))
    if head.startswith(_OLE):
        raise LoadError(f"“{name}”设置了打开密码（已加密）或是旧版 .xls 格式：请在Excel中取消密码并另存为 .xlsx 后再试")
    if not head.startswith(_ZIP):
        raise LoadError(f"“{name}”不是有效的Excel工作簿（文件已损坏或格式不对）")


def read_workbook(path: str | Path) -> tuple[Evaluation | None, list[Problem]]:
    """Read a saved form; raise :class:`~xlperf.app.load.LoadError` when the file cannot be read at all."""
    return read_source(open_source(Path(path)))


def open_source(path: Path) -> OpenpyxlSource:
    """A saved form, opened after the file-safety guards; :class:`LoadError` when it cannot be."""
    _precheck(path)
    safety.check_zip_file(path)  # zip bombs, absurd sizes, XML entities: refused before openpyxl parses
    try:
        return OpenpyxlSource(path)
    except Exception as exc:  # noqa: BLE001 - zipfile, XML and openpyxl raise many kinds
        raise LoadError(f"“{path.name}”无法打开：文件已损坏或不是有效的Excel工作簿") from exc


def read_source(src: CellSource) -> tuple[Evaluation | None, list[Problem]]:
    """Read any cell source (saved file, live workbook) into an Evaluation and its problems."""
    return Reader(src).read()
