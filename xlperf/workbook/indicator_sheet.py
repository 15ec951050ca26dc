"""The 指标评分 sheet: one row per indicator with its input cells, the grey formulas of its native 建议得分
(and the hidden 计算用 steps) — the same in every row, the sheet telling leaf from parent — the 合计 row and the drop-down lists."""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import Rule
from openpyxl.styles import Font
from openpyxl.styles.differential import DifferentialStyle
from openpyxl.styles.numbers import NumberFormat
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from ..domain.model import Indicator
from ..domain.profiles import Profile
from ..domain.scoring import METHODS
from . import formulas as F
from . import layout as L
from .sheet import UNLOCKED, Sheet, num

def _row_formulas(sh: Sheet, r: int, col: dict[str, int], letter: dict[str, str], fmt: dict[str, str | None],
                  places: int, total_row: int) -> None:
    """The grey formulas of indicator row ``r`` (:func:`.formulas.row_formulas`, the same in every row), with
    the number formats ``fmt`` gives by column key."""
    for key, formula in F.row_formulas(letter, r, total_row, places, "coefficient" in col).items():
        sh.put(r, col[key], formula, kind="calc", fmt=fmt.get(key))


def profile_indicators(profile: Profile, examples: bool = False) -> list[Indicator]:
    """The rules' indicator tree as blank indicators; with ``examples`` (the blank form only) a leaf that
    declares example rows gets them as its children, so the form shows how a 三级 row looks."""
    def example(e, level):
        return Indicator(name=e.name, level=level, weight=e.weight, method=e.method, unit=e.unit,
                         direction=e.direction, target=e.target, target_text=e.target_text, actual=e.actual)

    def conv(rule, level):
        below = [conv(c, level + 1) for c in rule.children] or (
            [example(e, level + 1) for e in rule.examples] if examples else [])
        ind = Indicator(name=rule.name, level=level, weight=rule.weight, method=rule.method,
                        param=rule.param, direction=rule.direction, unit=rule.unit, core=rule.core,
                        children=below)
        if rule.ref or (rule.role == "budget" and not rule.children):
            ind.actual_ref, ind.target, ind.target_text = rule.ref or "执行率", Decimal(1), "100%"
        return ind

    return [conv(r, 1) for r in profile.indicators]


def flatten(inds: list[Indicator]) -> list[Indicator]:
    return [n for i in inds for n in i.walk()]


def indicator_sheet(wb: Workbook, inds: list[Indicator], profile: Profile) -> list[tuple[Indicator, int]]:
    """The sheet, filled with ``inds``: each indicator with the row it is on."""
    columns = list(L.IND_COLUMNS) + [c for c in L.OPTIONAL_COLUMNS if c.header in profile.columns] + list(
        L.HELPER_COLUMNS)
    sh = Sheet(wb, L.S_IND, [c.width for c in columns])
    sh.title("指标评分", "每行一个指标：名称写在所属级次的列中（如三级指标“绩效监控完成率”写在C列，放在它的二级指标行下面："
                       "插入行，复制上一行整行再改写）。建议得分自动计算，“得分”留空即采用建议得分。")
    hr = L.IND_HEADER_ROW
    col = {c.key: i for i, c in enumerate(columns, start=1)}
    _header(wb, sh, columns, col, hr)
    rows = flatten(inds)
    first = hr + 1
    pos = {id(n): first + i for i, n in enumerate(rows)}
    total_row = first + len(rows)  # 合计: closes the table, so rows inserted above it join every range
    rate_fmt = L.percent_format(profile.rate_places)
    places = profile.score_places
    letter = {k: get_column_letter(v) for k, v in col.items()}
    placed = []
    for n in rows:
        r = pos[id(n)]
        pct = rate_fmt if n.unit == "%" else None
        _inputs(sh, r, col, n, pct)
        # every row the same formulas (a leaf may get children, a parent lose them): the sheet tells which it is
        _row_formulas(sh, r, col, letter, {"calc_target": pct, "calc_actual": pct, "rate": rate_fmt}, places,
                      total_row)
        if not n.is_leaf:
            for k in L.LEVEL_KEYS[: n.level]:
                sh.ws.cell(row=r, column=col[k]).font = Font(bold=True)
        placed.append((n, r))
    _total(sh, columns, col, letter, first, total_row, places, rate_fmt)
    _lists(sh, col, letter, first, total_row + L.MAX_TABLE_ROWS, placed)
    _unit_formats(sh, letter, first, total_row + L.MAX_TABLE_ROWS, rate_fmt)
    # Not protected: clerks insert and delete indicator rows and copy the grey formulas into new ones
    # (Excel refuses to delete rows holding locked cells on a protected sheet); a formula typed over
    # or missing is found by ``xlperf check``, which compares what the sheet shows with the engine.
    sh.finish(landscape=True, title_rows=f"{hr}:{hr}", freeze=f"D{first}", protect=False)
    return placed


def _header(wb: Workbook, sh: Sheet, columns: list, col: dict[str, int], hr: int) -> None:
    """The header row (named, so the reader finds it wherever it moves); the 计算用 columns hidden, each
    header's note saying what it holds."""
    for c in columns:
        sh.put(hr, col[c.key], c.header, kind="head")
    for c in L.HELPER_COLUMNS:
        sh.ws.cell(row=hr, column=col[c.key]).comment = Comment(L.HELPER_NOTES[c.key], "xlperf")
        sh.ws.column_dimensions[get_column_letter(col[c.key])].hidden = True
    last_col = get_column_letter(len(columns))
    wb.defined_names[L.IND_HEADER_NAME] = DefinedName(L.IND_HEADER_NAME, attr_text=f"'{L.S_IND}'!$A${hr}:${last_col}${hr}")
    sh.ws.row_dimensions[hr].height = 30


def _inputs(sh: Sheet, r: int, col: dict[str, int], n: Indicator, pct: str | None) -> None:
    """A row's input cells: its name at its level, 分值, 评分方法 … 改进措施, 得分, 不适用, 上年得分, the
    optional 得分系数 and 核心指标."""
    sh.put(r, col[L.LEVEL_KEYS[n.level - 1]], n.name, kind="input")
    for k in L.LEVEL_KEYS:
        if k != L.LEVEL_KEYS[n.level - 1]:
            sh.put(r, col[k], kind="input")
    sh.put(r, col["weight"], num(n.weight), kind="input")
    sh.put(r, col["method"], n.method if (n.is_leaf or n.method != "人工") else None, kind="input")
    sh.put(r, col["unit"], n.unit or None, kind="input")
    sh.put(r, col["target"], num(n.target), kind="input", fmt=pct)
    if n.actual is None and n.actual_ref:
        sh.put(r, col["actual"], "=" + n.actual_ref, kind="calc", fmt=pct).protection = UNLOCKED
    elif isinstance(n.actual, Decimal):
        sh.put(r, col["actual"], num(n.actual), kind="input", fmt=pct)
    else:
        sh.put(r, col["actual"], n.actual, kind="input")
    for k in ("target_text", "direction", "param", "deviation_reason", "improvement"):
        sh.put(r, col[k], getattr(n, k) or None, kind="input")
    sh.put(r, col["manual_score"], num(n.manual_score), kind="input")
    sh.put(r, col["not_applicable"], L.YES if n.not_applicable else None, kind="input")
    sh.put(r, col["prev_score"], num(n.prev_score), kind="input")
    if "coefficient" in col:
        sh.put(r, col["coefficient"], num(n.coefficient) if n.is_leaf else None, kind="input")
    if "core" in col:
        sh.put(r, col["core"], L.YES if n.core else None, kind="input")


def _total(sh: Sheet, columns: list, col: dict[str, int], letter: dict[str, str], first: int, total_row: int,
           places: int, rate_fmt: str) -> None:
    """合计: the whole row header-styled (bold), its grey formulas keeping that font."""
    sh.put(total_row, col["level1"], L.IND_TOTAL_LABEL, kind="head")
    for c in columns[1:]:
        sh.put(total_row, col[c.key], kind="head")
    t = {k: f"{v}{total_row}" for k, v in letter.items()}
    sh.put(total_row, col["tree_level"], F.tree_level(t["level1"], t["level2"], t["level3"]), kind="calc")
    sh.put(total_row, col["counted"], F.table_score(letter, first, total_row, places), kind="calc")
    sh.put(total_row, col["counted_weight"], F.table_weight(letter, first, total_row), kind="calc")
    sh.put(total_row, col["rate"], F.rate(t["counted"], t["counted_weight"]), kind="calc", fmt=rate_fmt)


#: the columns whose figures are shown by the row's 计量单位 (issue 21 §3)
UNIT_FORMATTED = ("target", "actual", "calc_target", "calc_actual")
#: number-format ids of the two conditional formats (custom ids, as Excel writes them in a dxf)
_DXF_PERCENT_ID, _DXF_PLAIN_ID = 180, 181


def _unit_formats(sh: Sheet, letter: dict[str, str], first: int, end: int, rate_fmt: str) -> None:
    """年度指标值 / 实际完成值 (and their 计算用 copies) shown by the row's 计量单位, whatever format a copied
    or inserted row brought along: a % row as a percentage, any other unit as a plain number, so 6 typed in a
    row copied from a % row and changed to 个 shows 6, never 600%.  Conditional formats with a number format
    (a dxf), which Excel, WPS and LibreOffice apply; the row's own format (percent in % rows) stays what
    typing a figure into the cell follows."""
    unit = f'${letter["unit"]}{first}'
    cells = " ".join(f"{letter[k]}{first}:{letter[k]}{end}" for k in UNIT_FORMATTED)
    for formula, fmt_id, code in ((f'{unit}="%"', _DXF_PERCENT_ID, rate_fmt),
                                  (f'{unit}<>"%"', _DXF_PLAIN_ID, "General")):
        dxf = DifferentialStyle(numFmt=NumberFormat(numFmtId=fmt_id, formatCode=code))
        sh.ws.conditional_formatting.add(cells, Rule(type="expression", formula=[formula], dxf=dxf,
                                                     stopIfTrue=True))


def _switched_rows_list(sh: Sheet, letter: dict[str, str], first: int, end: int, qual: set[int]) -> None:
    """The words' drop-down on every other 实际完成值 cell, for a row the clerk makes 定性 later (types 定性 in
    评分方法, or inserts/copies a row and changes its method): a list whose source is a formula of the row's own
    评分方法 — the words when it says 定性, else one blank cell (an empty list).  The alert is off, so a figure
    typed in a row of any other method is never questioned; an own word in a switched row is kept as typed and
    ``check`` warns about it, as for the built 定性 rows.

    The formula is relative to the first cell of the first range (``first`` is never a built 定性 row's only
    cell, so that cell is the range's top-left either way Excel, WPS or LibreOffice take the base); every row
    inserted inside the ranges shifts with them."""
    rows = [r for r in range(first, end + 1) if r not in qual]  # never empty: ``end`` is 300 rows below 合计
    col = letter["actual"]
    spans, start = [], rows[0]
    for a, b in zip(rows, rows[1:] + [None]):
        if b != a + 1:
            spans.append(f"{col}{start}:{col}{a}")  # openpyxl writes a one-cell range H5:H5 as H5
            start = b
    top = rows[0]
    # openpyxl's defaults: no error alert, no input message
    dv = DataValidation(type="list", allow_blank=True,
                        formula1=f'IF(${letter["method"]}{top}="定性",{L.QUALITATIVE_WORDS_NAME},{L.NO_WORDS_NAME})')
    dv.sqref = " ".join(spans)
    sh.ws.add_data_validation(dv)


def _lists(sh: Sheet, col: dict[str, int], letter: dict[str, str], first: int, end: int,
           placed: list[tuple[Indicator, int]]) -> None:
    """The drop-down lists: 评分方法, 指标方向, the 定性 words of this form's rules, 不适用, 核心指标."""
    rng = lambda k: f"{letter[k]}{first}:{letter[k]}{end}"  # noqa: E731
    sh.validation(METHODS, rng("method"), "正向/反向/阶梯/超额扣分/区间/定性/人工")
    sh.validation(L.DIRECTIONS, rng("direction"))
    qual = [f"{letter['actual']}{r}" for n, r in placed if n.is_leaf and n.method == "定性"]
    if qual:  # the words of this form's rules (定性词 on 设置); other words only warn, as typing stays free
        # errorStyle warning with its message shown: Excel, WPS and LibreOffice say what is wrong and still let
        # the clerk keep an own word ("是"/"确定"), which check then warns about (issue 21 §7)
        dv = DataValidation(type="list", formula1=f"={L.QUALITATIVE_WORDS_NAME}", allow_blank=True,
                            errorStyle="warning", showErrorMessage=True, showInputMessage=True)
        dv.error = ("不是本表评分规则中的说法（可从下拉列表选择，如 达成、良好、一般、较差）。"
                    "坚持用自己的说法请选“是”（或“确定”）并填写得分，校验时会提示。")
        dv.errorTitle = "定性指标完成情况"
        dv.promptTitle, dv.prompt = "定性指标完成情况", "从下拉列表选择完成情况（本表评分规则的说法）"
        for cell in qual:
            dv.add(cell)
        sh.ws.add_data_validation(dv)
    _switched_rows_list(sh, letter, first, end, {int(c[len(letter["actual"]):]) for c in qual})
    sh.validation((L.YES, L.NO), rng("not_applicable"), "不适用的指标选“是”，不计分")
    if "core" in col:
        sh.validation((L.YES, L.NO), rng("core"), "核心指标选“是”")
