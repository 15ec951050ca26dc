"""Build the input workbook (openpyxl): a clerk-facing form, blank or filled from an Evaluation.

``build_workbook(ev, profile)`` returns an openpyxl Workbook; ``write_workbook(path, ...)`` saves it
atomically; ``build_all(outdir)`` regenerates the committed files in ``workbooks/``.  Where things go
is decided in :mod:`.layout`, formula text in :mod:`.formulas`.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Iterable, Optional

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from ..domain import evaluate as _evaluate
from ..infra import sheetfit
from ..infra.atomic import write_with
from ..infra.jsonfile import load_example
from ..domain.model import Evaluation, Indicator
from ..domain.outlines import Outline, label_of, outline_for, outline_text
from ..domain.profiles import DEFAULT_PROFILE, Profile, ProfileError, load_profile
from ..domain.scoring import METHODS
from ..infra.wininstall import PINNED_SETTINGS
from . import formulas as F
from . import layout as L

EXAMPLE_FILE = "example-2021.xlsx"
FORM_FILE = "xlperf-form.xlsx"

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_INPUT = PatternFill("solid", fgColor=L.INPUT_FILL)
_HEAD = PatternFill("solid", fgColor=L.HEADER_FILL)
_CALC = PatternFill("solid", fgColor=L.FORMULA_FILL)
_WRAP = Alignment(wrap_text=True, vertical="top")
_UNLOCKED = Protection(locked=False)


def _num(value: Decimal | int | None):
    if value is None:
        return None
    d = Decimal(value)
    return int(d) if d == d.to_integral_value() else float(d)


def _abs(sheet: str, cell: str) -> str:
    col = "".join(c for c in cell if c.isalpha())
    row = "".join(c for c in cell if c.isdigit())
    return f"'{sheet}'!${col}${row}"


class _Sheet:
    """Small writing helper over one worksheet."""

    def __init__(self, wb: Workbook, title: str, widths: Iterable[float]):
        self.ws = wb.create_sheet(title)
        self.wb = wb
        for i, w in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = w

    def put(self, row: int, col: int, value=None, *, kind: str = "label", fmt: str | None = None):
        """kind: label (plain), input (unlocked, yellow), calc (locked formula, grey), head."""
        cell = self.ws.cell(row=row, column=col)
        if isinstance(value, str) and kind != "calc" and value.startswith("="):
            cell.value = value
            cell.data_type = "s"  # text that looks like a formula stays text
            cell.quotePrefix = True  # as Excel stores text typed with a leading apostrophe
        else:
            cell.value = value
        cell.alignment = _WRAP
        if kind == "input":
            cell.fill, cell.protection, cell.border = _INPUT, _UNLOCKED, _BORDER
        elif kind == "calc":
            cell.fill, cell.border = _CALC, _BORDER
        elif kind == "head":
            cell.fill, cell.border = _HEAD, _BORDER
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        if fmt:
            cell.number_format = fmt
        return cell

    def title(self, text: str, note: str = "") -> None:
        self.ws.cell(row=1, column=1, value=text).font = Font(bold=True, size=14)
        if note:
            self.ws.cell(row=2, column=1, value=note).font = Font(color="666666")

    def name(self, name: str, cell: str) -> None:
        self.wb.defined_names[name] = DefinedName(name, attr_text=_abs(self.ws.title, cell))

    def validation(self, options: Iterable[str], ref: str, prompt: str = "") -> None:
        options = list(options)
        dv = DataValidation(type="list", formula1='"' + ",".join(options) + '"', allow_blank=True,
                            showErrorMessage=True, showInputMessage=True)
        dv.error, dv.errorTitle = f"只能填：{'、'.join(options)}（可从下拉列表选择）", "输入无效"
        if prompt:
            dv.prompt = prompt
        dv.add(ref)
        self.ws.add_data_validation(dv)

    def finish(self, *, landscape: bool = False, title_rows: str | None = None, freeze: str | None = None,
               protect: bool = True) -> None:
        ws = self.ws
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.orientation = "landscape" if landscape else "portrait"
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if title_rows:
            ws.print_title_rows = title_rows
        if freeze:
            ws.freeze_panes = freeze
        if protect:
            p = ws.protection
            p.sheet = True  # no password: protection only guards formulas against slips
            p.insertRows = p.deleteRows = p.formatColumns = p.formatRows = False


def _value_kind(f: L.Field):
    return {"money": L.MONEY_FORMAT, "int": "0"}.get(f.kind)


def _get(ev: Optional[Evaluation], target: str):
    if ev is None or not target:
        return None
    section, attr = target.split(".")
    obj = getattr(ev, section) if section else ev
    return getattr(obj, attr)


def _field_rows(sh: _Sheet, row: int, fields, ev, rate_fmt: str) -> int:
    for f in fields:
        sh.put(row, 1, f.label)
        value = _get(ev, f.target)
        fmt = rate_fmt if f.kind == "rate" else _value_kind(f)
        if f.kind in ("money", "rate", "int", "decimal") and value is not None:
            value = _num(value)
        sh.put(row, 2, value if value not in ("",) else None, kind="input", fmt=fmt)
        sh.put(row, 3, f.note)
        sh.name(f.name, f"B{row}")
        row += 1
    return row


# ---------------------------------------------------------------- sheets


def _guide(wb: Workbook, profile: Profile) -> None:
    sh = _Sheet(wb, L.S_GUIDE, [110])
    sh.title("部门整体绩效自评填报表 — 填写说明")
    lines = [
        "【怎么填】黄色单元格由您填写，灰色单元格是公式（已保护，无需密码即可撤销保护）。",
        "【各表用途】",
        "  基本情况：单位名称、年度、年度整体绩效目标；部门年度履职目标、主要任务（每行一条）。",
        "  指标评分：一级/二级/三级指标、分值、评分方法、年度指标值、实际完成值。建议得分自动计算；"
        "“得分”一栏填写单位认定的得分（留空即采用建议得分）。未得满分的指标请写明偏差原因和改进措施。"
        "“上年得分”列只供对照，不计分。",
        "  预算资金：年初预算数、调整预算数、执行数（万元）、“三公”经费、项目数和满意度；下方的执行率等由公式计算。"
        "“上年情况”可空，报告据此写同比。",
        "  总评：各一级指标的权重分值、得分、得分率，总分、等级和一致性检查。",
        "  文字材料：报告各部分的文字，每个单元格一段或一条；“栏目”对应报告中的小标题。",
        "  设置：评分规则（随本表保存：执行率分母、小数位、等级划分等）和报告选项。",
        "【增加、删除指标】指标评分表没有保护，可以直接插入、删除行。增加指标：在同一上级指标的范围内插入一行"
        "（上级指标行下面、中间、或下一个上级指标行/合计行的上面都可以），填写名称、分值等；"
        "最简单的做法：复制上一行整行，粘贴到新插入的行，再改写黄色单元格，灰色的公式（建议得分、得分率、计入得分、适用分值和右侧各“计算用”列，含隐藏列）就都有了。"
        "不复制也可以：在“得分”中直接填写得分，上级指标、合计和总分会把新行算进去。"
        "删除指标：选中整行删除即可，合计自动减少。不要删除一级指标所在的行和最后的“合计”行。"
        "“校验”会把表中显示的得分、总分、等级与程序的计算逐一核对，缺少公式或公式被改写的行会被指出。"
        "文字材料中插入的行，“章节”“栏目”可以留空，视同上一行；空白行不读取。",
        "【实际完成值引用】实际完成值可填写 =执行率、=满意度、=绩效监控完成率 等，直接引用“预算资金”表的计算结果。",
        "【评分方法】正向：完成值/指标值×分值；反向：指标值/完成值×分值；阶梯：参数“5%:2”每低5%扣2分；"
        "超额扣分：参数“1”每超1个百分点扣1分；区间：参数“≥90%:5;≥80%:4;<80%:0”；定性：填达成/基本达成/部分达成/未达成，或优秀/良好/中等/较差、优/良/中/差、合格/不合格、高/较高/一般/较低/低、好/较好/一般/较差/差、有效提升/有效改善/无改善、是/否（下拉可选；用自己的说法时请同时填写得分）；人工：直接填得分。",
        "【在 WPS、LibreOffice 中】本表的公式在 WPS、LibreOffice 和 Excel 中都能计算，结果相同；"
        f"例外：“区间”参数最多{F.BAND_ENTRIES}段、{F.BAND_WIDTH}个字符，且须用半角数字写成“≥90%:5”的形式"
        "（≥、>=、>、≤、<=、<、= 均可，分号冒号可用全角），超出时建议得分显示为空，请直接填写得分（检查时会提示）。"
        "分值、指标值、完成值、得分请填数字（百分比直接输入 95%），不要写成“9分”“约95”这样的文字，表格公式无法计算文字。",
        "【按钮】带“绩效自评”选项卡的版本：校验 — 列出所有需要修改的单元格；生成报告 — 按本表写出 Word 自评报告；"
        "重新计算 — 刷新全部公式。没有该选项卡时，在文件上点右键 → 发送到 → “生成绩效自评报告”（由信息科安装）。",
        f"【评分规则】本表按“{profile.name}”生成：{profile.description}。完整的规则保存在本工作簿中，"
        "换电脑也照常计算；需要换用其他评分规则时，请信息科生成新表，再把内容复制过去。",
    ]
    for i, text in enumerate(lines, start=3):
        sh.put(i, 1, text)
    sh.finish(protect=True)


def _basic(wb: Workbook, ev: Optional[Evaluation], outline: Outline) -> None:
    sh = _Sheet(wb, L.S_BASIC, [22, 90, 36])
    sh.title("基本情况", "黄色单元格为填写项；履职目标、主要任务每行一条，可插入行。")
    row = _field_rows(sh, 3, L.BASIC_FIELDS, ev, "0%")
    sh.put(row, 1, "评分规则")
    sh.put(row, 2, "=评分规则", kind="calc")
    sh.put(row, 3, "在“设置”表中选择")
    row += 2
    sh.put(row, 1, L.TEXT_LABEL, kind="head")
    sh.put(row, 2, L.TEXT_CONTENT, kind="head")
    sh.name(L.BASIC_TEXT_HEADER_NAME, f"A{row}")
    header = row
    for _, block in outline.fields_on(L.S_BASIC):
        items = list(ev.narrative.items(block.field)) if ev else []
        label = block.label
        for text in items or [""]:
            row += 1
            sh.put(row, 1, label, kind="input")
            sh.put(row, 2, text or None, kind="input")
    sh.ws.row_dimensions[header].height = 20
    sh.finish(title_rows=f"{header}:{header}", freeze=None)


def _helpers(sh: _Sheet, r: int, col: dict[str, int], a: dict[str, str]) -> None:
    """A leaf row's hidden helper columns (layout.HELPER_COLUMNS): the steps of its native 建议得分."""
    sh.put(r, col["strip_target"], F.strip_comparisons(a["target"]), kind="calc")
    sh.put(r, col["strip_actual"], F.strip_comparisons(a["actual"]), kind="calc")
    sh.put(r, col["band_text"], F.band_text(a["calc_method"], a["param"]), kind="calc")
    for i in range(1, L.BAND_ENTRIES + 1):
        sh.put(r, col[f"band_{i}"], F.band_entry(i, a["band_text"], a["calc_actual"], a.get(f"band_{i - 1}", "")),
               kind="calc")


def _profile_indicators(profile: Profile) -> list[Indicator]:
    def conv(rule, level):
        ind = Indicator(name=rule.name, level=level, weight=rule.weight, method=rule.method,
                        param=rule.param, direction=rule.direction, unit=rule.unit, core=rule.core,
                        children=[conv(c, level + 1) for c in rule.children])
        if rule.ref or (rule.role == "budget" and not rule.children):
            ind.actual_ref, ind.target, ind.target_text = rule.ref or "执行率", Decimal(1), "100%"
        return ind

    return [conv(r, 1) for r in profile.indicators]


def _flatten(inds: list[Indicator]) -> list[Indicator]:
    return [n for i in inds for n in i.walk()]


def _indicators(wb: Workbook, inds: list[Indicator], profile: Profile) -> list[tuple[Indicator, int]]:
    columns = list(L.IND_COLUMNS) + [c for c in L.OPTIONAL_COLUMNS if c.header in profile.columns] + list(
        L.HELPER_COLUMNS)
    widths = [c.width for c in columns]
    sh = _Sheet(wb, L.S_IND, widths)
    sh.title("指标评分", "每行一个指标：名称写在所属级次的列中。建议得分自动计算，“得分”留空即采用建议得分。")
    hr = L.IND_HEADER_ROW
    col = {c.key: i for i, c in enumerate(columns, start=1)}
    for c in columns:
        sh.put(hr, col[c.key], c.header, kind="head")
    for c in L.HELPER_COLUMNS:  # hidden, each header saying what it holds
        sh.ws.cell(row=hr, column=col[c.key]).comment = Comment(L.HELPER_NOTES[c.key], "xlperf")
        sh.ws.column_dimensions[get_column_letter(col[c.key])].hidden = True
    last_col = get_column_letter(len(columns))
    wb.defined_names[L.IND_HEADER_NAME] = DefinedName(L.IND_HEADER_NAME, attr_text=f"'{L.S_IND}'!$A${hr}:${last_col}${hr}")
    sh.ws.row_dimensions[hr].height = 30

    rows = _flatten(inds)
    first = hr + 1
    pos = {id(n): first + i for i, n in enumerate(rows)}
    total_row = first + len(rows)  # 合计: closes the table, so rows inserted above it join every range

    def next_row(n: Indicator) -> int:
        """The row after ``n``'s block (its next sibling or higher, or the 合计 row)."""
        return pos[id(list(n.walk())[-1])] + 1

    rate_fmt = L.percent_format(profile.rate_places)
    places = profile.score_places
    letter = {k: get_column_letter(v) for k, v in col.items()}
    placed = []
    for n in rows:
        r = pos[id(n)]
        a = {k: f"{v}{r}" for k, v in letter.items()}
        sh.put(r, col[L.LEVEL_KEYS[n.level - 1]], n.name, kind="input")
        for k in L.LEVEL_KEYS:
            if k != L.LEVEL_KEYS[n.level - 1]:
                sh.put(r, col[k], None, kind="input")
        pct = rate_fmt if n.unit == "%" else None
        sh.put(r, col["weight"], _num(n.weight), kind="input")
        sh.put(r, col["method"], n.method if (n.is_leaf or n.method != "人工") else None, kind="input")
        sh.put(r, col["unit"], n.unit or None, kind="input")
        sh.put(r, col["target"], _num(n.target), kind="input", fmt=pct)
        if n.actual is None and n.actual_ref:
            sh.put(r, col["actual"], "=" + n.actual_ref, kind="calc", fmt=pct).protection = _UNLOCKED
        elif isinstance(n.actual, Decimal):
            sh.put(r, col["actual"], _num(n.actual), kind="input", fmt=pct)
        else:
            sh.put(r, col["actual"], n.actual, kind="input")
        for k in ("target_text", "direction", "param", "deviation_reason", "improvement"):
            sh.put(r, col[k], getattr(n, k) or None, kind="input")
        sh.put(r, col["manual_score"], _num(n.manual_score), kind="input")
        sh.put(r, col["not_applicable"], L.YES if n.not_applicable else None, kind="input")
        sh.put(r, col["prev_score"], _num(n.prev_score), kind="input")
        if "coefficient" in col:
            sh.put(r, col["coefficient"], _num(n.coefficient) if n.is_leaf else None, kind="input" if n.is_leaf else "calc")
        if "core" in col:
            sh.put(r, col["core"], L.YES if n.core else None, kind="input")
        if n.is_leaf:
            _helpers(sh, r, col, a)
            sh.put(r, col["calc_target"], F.calc_target(a["target"], a["unit"], a["strip_target"]), kind="calc",
                   fmt=pct)
            sh.put(r, col["calc_method"], F.calc_method(a["method"], a["target"]), kind="calc")
            sh.put(r, col["calc_actual"], F.calc_actual(a["actual"], a["unit"], a["strip_actual"]), kind="calc",
                   fmt=pct)
            suggested = F.score(a["calc_method"], a["weight"], a["calc_target"], a["calc_actual"], a["param"], places,
                                a["not_applicable"], band_cells=(a["band_text"], a[f"band_{L.BAND_ENTRIES}"]))
            if "coefficient" in col:  # 得分系数 given: 分值 × 系数, whatever the method
                suggested = F.with_coefficient(suggested, a["weight"], a["coefficient"], a["not_applicable"], places)
            sh.put(r, col["suggested"], suggested, kind="calc")
            sh.put(r, col["counted"], F.counted(a["not_applicable"], a["manual_score"], a["suggested"], places),
                   kind="calc")
            sh.put(r, col["counted_weight"], F.counted_weight(a["not_applicable"], a["weight"]), kind="calc")
        else:
            nxt = next_row(n)
            for k in ("suggested", "calc_target", "calc_method", "calc_actual", *(c.key for c in L.HELPER_COLUMNS)):
                sh.put(r, col[k], None, kind="calc")
            sh.put(r, col["counted"], F.block_score(letter, r, nxt, total_row, places), kind="calc")
            sh.put(r, col["counted_weight"], F.block_weight(letter, r, nxt, total_row), kind="calc")
            for k in L.LEVEL_KEYS[: n.level]:
                sh.ws.cell(row=r, column=col[k]).font = Font(bold=True)
        sh.put(r, col["rate"], F.rate(a["counted"], a["counted_weight"]), kind="calc", fmt=rate_fmt)
        placed.append((n, r))

    sh.put(total_row, col["level1"], L.IND_TOTAL_LABEL, kind="head")
    for c in columns[1:]:
        sh.put(total_row, col[c.key], None, kind="head")
    t = {k: f"{v}{total_row}" for k, v in letter.items()}
    sh.put(total_row, col["counted"], F.block_score(letter, first, total_row, total_row, places), kind="calc")
    sh.put(total_row, col["counted_weight"], F.block_weight(letter, first, total_row, total_row, None),
           kind="calc")
    sh.put(total_row, col["rate"], F.rate(t["counted"], t["counted_weight"]), kind="calc", fmt=rate_fmt)
    for k in ("level1", "counted", "counted_weight"):
        sh.ws.cell(row=total_row, column=col[k]).font = Font(bold=True)

    end = total_row + L.MAX_TABLE_ROWS
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
    sh.validation((L.YES, L.NO), rng("not_applicable"), "不适用的指标选“是”，不计分")
    if "core" in col:
        sh.validation((L.YES, L.NO), rng("core"), "核心指标选“是”")
    # Not protected: clerks insert and delete indicator rows and copy the grey formulas into new ones
    # (Excel refuses to delete rows holding locked cells on a protected sheet); a formula typed over
    # or missing is found by ``xlperf check``, which compares what the sheet shows with the engine.
    sh.finish(landscape=True, title_rows=f"{hr}:{hr}", freeze=f"D{first}", protect=False)
    return placed


def _budget(wb: Workbook, ev: Optional[Evaluation], profile: Profile) -> None:
    sh = _Sheet(wb, L.S_BUDGET, [30, 16, 40])
    sh.title("预算资金", "金额单位：万元；比率填写百分数（如 90%）。")
    rate_fmt = L.percent_format(profile.rate_places)
    row = 3
    for title, fields in L.BUDGET_GROUPS:
        sh.put(row, 1, title, kind="head")
        sh.put(row, 2, "填写", kind="head")
        sh.put(row, 3, "说明", kind="head")
        first = row + 1
        row = _field_rows(sh, first, fields, ev, rate_fmt) + 1
        for i, f in enumerate(fields):
            if f.name == L.PREV_GRADE_NAME:  # the grade names of this form's rules
                sh.validation([label for _, label in profile.bands], f"B{first + i}", "选择上年的评价等级，不知道可空")
    sh.put(row, 1, L.FACTS_TITLE, kind="head")
    sh.put(row, 2, "结果", kind="head")
    sh.put(row, 3, "计算方法", kind="head")
    row += 1
    for fact in _evaluate.FACTS:
        key = fact.key
        sh.put(row, 1, fact.label)
        sh.put(row, 2, _FACT_FORMULAS[key], kind="calc",
               fmt=rate_fmt if key != "执行率" else L.percent_format(max(2, profile.rate_places)))
        sh.put(row, 3, fact.how)
        sh.name(key, f"B{row}")
        row += 1
    sh.finish(freeze="A3")


#: the native formula of each derived figure (xlperf.domain.evaluate.FACTS, by key): the form computes them without Python
_FACT_FORMULAS = {
    "执行率_年初": F.exec_rate("执行数", "年初预算数"),
    "执行率_调整": F.exec_rate("执行数", "调整预算数"),
    "执行率": '=IF(执行率分母="调整预算数",执行率_调整,执行率_年初)',
    "执行率_基本支出": F.exec_rate("基本支出执行数", "基本支出"),
    "执行率_项目支出": F.exec_rate("项目支出执行数", "项目支出"),
    "结转结余率": '=IF(N(执行数)>0,N(结转结余)/执行数,IF(N(结转结余)=0,0,""))',
    "预算调整率": '=IF(N(年初预算数)>0,ABS(N(调整预算数)-年初预算数)/年初预算数,"")',
    "三公经费控制率": ('=IF(OR(三公经费支出="",三公经费预算=""),"",IF(三公经费支出=0,0,'
                'IF(三公经费预算>0,三公经费支出/三公经费预算,"")))'),
    "三公经费变动率": '=IF(OR(三公经费支出="",N(三公经费上年)=0),"",(三公经费支出-三公经费上年)/三公经费上年)',
    "绩效监控完成率": '=IF(AND(N(项目数)>0,监控项目数<>""),监控项目数/项目数,"")',
    "绩效自评完成率": '=IF(AND(N(项目数)>0,自评项目数<>""),自评项目数/项目数,"")',
    "部门评价完成率": '=IF(AND(N(部门评价数)>0,部门评价完成数<>""),部门评价完成数/部门评价数,"")',
    "满意度": '=IF(实际满意度="","",实际满意度)',
}


def _summary(wb: Workbook, placed: list[tuple[Indicator, int]], profile: Profile) -> None:
    sh = _Sheet(wb, L.S_SUMMARY, [16, 11, 11, 11, 11, 3, 11, 9])
    sh.title("总评", "由“指标评分”自动汇总，无需填写。")
    hr = 3
    for i, h in enumerate(("指标", "权重分值", "得分", "得分率", "适用分值"), start=1):
        sh.put(hr, i, h, kind="head")
    rate_fmt = L.percent_format(profile.rate_places)
    ic = {k: get_column_letter(v) for k, v in L.IND_COL.items()}
    level1 = [(n, r) for n, r in placed if n.level == 1]
    row = hr
    for n, r in level1:
        row += 1
        sh.put(row, 1, f"='{L.S_IND}'!{ic['level1']}{r}", kind="calc")
        sh.put(row, 2, f"='{L.S_IND}'!{ic['weight']}{r}", kind="calc")
        sh.put(row, 3, f"='{L.S_IND}'!{ic['counted']}{r}", kind="calc")
        sh.put(row, 4, F.rate(f"C{row}", f"E{row}"), kind="calc", fmt=rate_fmt)
        sh.put(row, 5, f"='{L.S_IND}'!{ic['counted_weight']}{r}", kind="calc")
    first, last = hr + 1, max(row, hr + 1)
    bands = list(profile.bands)
    band_cells = [(f"G{hr + 1 + i}", f"H{hr + 1 + i}") for i in range(len(bands))]
    row += 1
    sr = row
    sh.put(sr, 1, "合计", kind="head")
    sh.put(sr, 2, f"=SUM(B{first}:B{last})", kind="calc")
    sh.put(sr, 3, f"={L.TOTAL_NAME}", kind="calc")
    sh.put(sr, 4, F.rate(f"C{sr}", L.FULL_MARKS_NAME), kind="calc", fmt=rate_fmt)
    sh.put(sr, 5, f"=SUM(E{first}:E{last})", kind="calc")
    row += 2
    weights, scores = f"B{first}:B{last}", f"C{first}:C{last}"
    rows_ = [r for _, r in placed]
    scored = [f"'{L.S_IND}'!${ic[k]}${min(rows_)}:${ic[k]}${max(rows_) + 1}" for k in ("manual_score", "suggested")]
    items = [
        (L.TOTAL_NAME, "总分", F.unless_blank(
            F.total_rescaled(L.RAW_TOTAL_NAME, L.APPLICABLE_NAME, f"B{sr}", L.FULL_MARKS_NAME, L.RESCALE_NAME,
                             profile.score_places), scored)),
        (L.GRADE_NAME, "等级", F.grade("B" + str(row), band_cells)),
        (L.FULL_MARKS_NAME, "满分", _num(profile.total)),
        (L.CHECK_NAME, "一致性检查", F.check(weights, scores, "B" + str(row + 2), f"B{sr}")),
        (L.RAW_TOTAL_NAME, "得分合计（折算前）", F.total(scores, weights, profile.score_places)),
        (L.APPLICABLE_NAME, "适用指标分值", f'=SUMIF(E{first}:E{last},">0",{weights})'),
    ]
    item_rows = {}
    for name, label, formula in items:
        sh.put(row, 1, label, kind="head")
        sh.put(row, 2, formula, kind="calc")
        sh.name(name, f"B{row}")
        item_rows[name] = row
        row += 1
    # without Python (macro workbooks only): one red sentence saying so, blank otherwise
    status = sh.ws.cell(row=row + 1, column=1,
                        value=F.python_status(f"B{item_rows[L.TOTAL_NAME]}", f"B{item_rows[L.GRADE_NAME]}"))
    status.font, status.alignment = Font(bold=True, color="C00000"), _WRAP
    sh.ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=5)
    sh.ws.row_dimensions[row + 1].height = 48
    sh.put(hr, 7, "等级下限", kind="head")
    sh.put(hr, 8, "等级", kind="head")
    for (lc, gc), (lower, label) in zip(band_cells, bands):
        sh.put(int(lc[1:]), 7, _num(lower), kind="calc")
        sh.put(int(gc[1:]), 8, label, kind="calc")
    wb.defined_names[L.BANDS_NAME] = DefinedName(
        L.BANDS_NAME, attr_text=f"'{L.S_SUMMARY}'!${band_cells[0][0][0]}${band_cells[0][0][1:]}:"
                                f"${band_cells[-1][1][0]}${band_cells[-1][1][1:]}")
    note_row = hr + len(bands) + 2
    sh.put(note_row, 7, f"（按“{profile.name}”：{_bands_text(bands)}）")
    sh.ws.merge_cells(start_row=note_row, start_column=7, end_row=note_row, end_column=8)
    sh.ws.row_dimensions[note_row].height = 66  # room for the wrapped band sentence
    sh.finish(title_rows=f"{hr}:{hr}")


def _bands_text(bands) -> str:
    return "、".join(f"{_num(lo)}分及以上{label}" if lo > 0 else f"其余{label}" for lo, label in bands)


def _text(wb: Workbook, ev: Optional[Evaluation], inds: list[Indicator], outline: Outline) -> None:
    """文字材料: one row per paragraph or item of every 栏目 the outline declares on this sheet, in report
    order; the indicator analysis rows (栏目 = indicator name) where the outline's analysis block is."""
    sh = _Sheet(wb, L.S_TEXT, [30, 22, 90])
    sh.title("文字材料", "每个单元格一段或一条；“栏目”与报告小标题对应；空白行不读取。可用{年度}等占位符。")
    hr = 3
    for i, h in enumerate((L.TEXT_SECTION, L.TEXT_LABEL, L.TEXT_CONTENT), start=1):
        sh.put(hr, i, h, kind="head")
    sh.name(L.TEXT_HEADER_NAME, f"A{hr}")
    row = hr
    nar = ev.narrative if ev else None

    def rows(section, label, items):
        nonlocal row
        for text in items or [""]:
            row += 1
            sh.put(row, 1, section, kind="input")
            sh.put(row, 2, label, kind="input")
            sh.put(row, 3, text or None, kind="input")

    for section in outline.sections:
        label = outline.form_label(section)
        for block in section.blocks:
            if block.kind == "analysis":
                if nar is not None and nar.analysis:
                    for name, text in nar.analysis.items():
                        rows(label, name, [text])
                else:
                    for n in _flatten(inds):
                        if n.level <= 2:
                            rows(label, n.name, [""])
            elif block.kind == "text" and block.rows and block.sheet == L.S_TEXT:
                rows(label, block.label, list(nar.items(block.field)) if nar else [])
    if nar is not None:
        standard = outline.headings()
        for key, own in nar.headings.items():
            rows(L.HEADING_SECTION, standard.get(key, key), [own])
        if nar.unplaced:
            rows(L.UNPLACED_SECTION, L.UNPLACED_SECTION, nar.unplaced)
        declared = {b.field for _, b in outline.text_fields()}
        for field, items in nar.all_items():  # text of 栏目 this outline does not print: kept, never dropped
            if items and field not in declared:
                rows(L.UNUSED_SECTION, label_of(field), items)
    sh.finish(title_rows=f"{hr}:{hr}", freeze=f"A{hr + 1}")


#: 设置 rows answered 是/否 (a drop-down; blank on a new form: 是, except 沿用原有写法: 否)
_YES_NO_SETTINGS = ("标点转为全角", "落款", "沿用原有写法")


def _settings(wb: Workbook, ev: Optional[Evaluation], profile: Profile, outline: Outline) -> None:
    sh = _Sheet(wb, L.S_SETTINGS, [30, 30, 14, 14])
    sh.title("设置", "评分规则随本表保存，各表公式按它计算；报告选项可以修改。")
    row = 3
    rule_values = {
        "评分规则": profile.name,
        "执行率分母": L.DENOMINATOR_TEXT[profile.exec_denominator],
        "得分小数位": profile.score_places,
        "百分比小数位": profile.rate_places,
        "不适用折算": L.YES if profile.rescale_not_applicable else L.NO,
    }
    for f in L.SETTINGS_FIELDS:
        sh.put(row, 1, f.label)
        sh.put(row, 4, f.note)
        sh.name(f.name, f"B{row}")
        if f.kind == "rule":
            sh.put(row, 2, rule_values[f.name], kind="calc")
        else:
            value = _get(ev, f.target) if ev is not None else None
            if f.name == "问题措施位置" and ev is None:
                value = outline.default_slot or None  # where the outline puts 问题/措施 unless told otherwise
            if f.name in _YES_NO_SETTINGS:
                value = L.NO if value is False or (value is None and f.name == "沿用原有写法") else L.YES
            sh.put(row, 2, value or None, kind="input")
            if f.name == "问题措施位置" and outline.problem_slots:
                sh.validation(tuple(outline.problem_slots), f"B{row}")
            if f.name in _YES_NO_SETTINGS:
                sh.validation((L.YES, L.NO), f"B{row}")
        row += 1
    row += 1
    sh.put(row, 1, "定性指标完成情况", kind="head")
    sh.put(row, 2, "建议得分（占分值）", kind="head")
    start = row + 1
    for band in profile.qualitative_bands:
        for alias in dict.fromkeys((band.label,) + tuple(band.aliases)):
            row += 1
            sh.put(row, 1, alias, kind="calc")
            sh.put(row, 2, _num(band.suggest), kind="calc", fmt="0%")
    wb.defined_names[L.QUALITATIVE_TABLE_NAME] = DefinedName(
        L.QUALITATIVE_TABLE_NAME, attr_text=f"'{L.S_SETTINGS}'!$A${start}:$B${row}")
    wb.defined_names[L.QUALITATIVE_WORDS_NAME] = DefinedName(
        L.QUALITATIVE_WORDS_NAME, attr_text=f"'{L.S_SETTINGS}'!$A${start}:$A${row}")
    sh.finish()


def _rules(wb: Workbook, profile: Profile, outline: Outline, carried: list[str] = ()) -> None:
    """The complete rule profile, one TOML line per cell of column A (a hidden sheet), and the report
    outline the same way in column B: plain text cells survive a save in Excel, WPS and LibreOffice, and
    ``xlperf`` reads both back from here, so a form works without the files it was made from and its
    report keeps the outline it was built with."""
    ws = wb.create_sheet(L.S_RULES)
    ws.column_dimensions["A"].width = 120
    text = profile.text or load_profile(profile.name).text
    columns = [(1, L.RULES_BANNER, text, "评分规则"), (2, L.OUTLINE_BANNER, outline_text(outline), "报告提纲")]
    if carried:
        columns.append((3, L.CARRIED_BANNER, "\n".join(carried), "导入记录"))
    for column, banner, body, what in columns:
        lines = [banner] + body.replace("\r\n", "\n").split("\n")
        for i, line in enumerate(lines, start=1):
            if len(line) > 32000:
                raise ProfileError(f"{what}第{i - 1}行过长（超过32000个字符），无法保存在工作簿中，请拆分")
            if line:
                cell = ws.cell(row=i, column=column, value=line)
                cell.data_type = "s"  # never a formula, whatever the line starts with
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _conf(wb: Workbook) -> None:
    """xlwings' settings sheet: every setting xlwings reads, pinned (``PINNED_SETTINGS``): the Python functions'
    module, the interpreter ``install.bat`` sets up, and the rest at values that keep a clerk's user or folder
    ``xlwings.conf`` out.

    xlwings reads the block from A1 down (``GetConfigFromSheet``) and expands ``%VARIABLES%`` in each value
    (``ExpandEnvironmentStrings``), so one workbook serves every clerk's own ``%LOCALAPPDATA%``."""
    ws = wb.create_sheet(L.S_CONF)
    for row, (key, value) in enumerate(PINNED_SETTINGS, start=1):
        ws.cell(row=row, column=1, value=key)
        if value:
            ws.cell(row=row, column=2, value=value).data_type = "s"
    ws.sheet_state = "hidden"


# ---------------------------------------------------------------- printing (A4)

#: column widths of the portrait sheets: ~95 units fill a portrait A4 page at 100 % in Excel (LibreOffice, whose
#: unit is wider, prints them at ~85 %); text wraps inside the page
_PRINT_WIDTHS = {
    L.S_GUIDE: (78,),  # one column: LibreOffice does not shrink a single column wider than the page, it cuts it
    L.S_BASIC: (20, 54, 22),
    L.S_BUDGET: (26, 30, 38),
    L.S_TEXT: (22, 16, 58),
    L.S_SETTINGS: (30, 28, 2, 36),
}
#: 指标评分 prints landscape from 一级指标 to 改进措施 (the grey 计算用 columns and any after them are left
#: out); these widths add up to ~159 units: the page at ~85 % in Excel, ~75 % in LibreOffice (8–9 pt text)
_IND_PRINT_WIDTHS = {
    "level1": 9, "level2": 11, "level3": 16, "weight": 5, "method": 7, "unit": 5, "target": 7, "actual": 7,
    "target_text": 9, "direction": 5, "param": 9, "suggested": 6, "manual_score": 6, "rate": 7,
    "not_applicable": 5, "counted": 6, "counted_weight": 6, "deviation_reason": 17, "improvement": 17,
}
_IND_PRINT_LAST = "improvement"
_FOOTER = "&A　第&P页，共&N页"


def _print_setup(wb: Workbook) -> None:
    """Every visible sheet prints legibly on A4: widths that fit the page, wrapped text in rows tall enough
    to show it, narrow margins, a page footer; 指标评分 only the columns a reviewer reads.  Orientation,
    fit-to-width and the repeated header rows come from each sheet's ``finish``."""
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        if ws.title == L.S_IND:
            _ind_print_columns(ws)
        else:
            widths = _PRINT_WIDTHS.get(ws.title)
            used = ws.max_column
            if widths and len(widths) >= used:
                for i, w in enumerate(widths, start=1):
                    ws.column_dimensions[get_column_letter(i)].width = w
        ws.page_margins = PageMargins(left=sheetfit.MARGIN_SIDE, right=sheetfit.MARGIN_SIDE,
                                      top=sheetfit.MARGIN_TOP, bottom=sheetfit.MARGIN_TOP, header=0.3, footer=0.3)
        ws.oddFooter.center.text = _FOOTER
        sheetfit.fit_row_heights(ws)


def _ind_print_columns(ws) -> None:
    """指标评分: the reviewer's columns narrowed for print, and the print area 一级指标 … 改进措施."""
    key_of = {c.header: c.key for c in L.IND_COLUMNS + L.OPTIONAL_COLUMNS}
    last = None
    for cell in ws[L.IND_HEADER_ROW]:
        key = key_of.get(cell.value)
        if key in _IND_PRINT_WIDTHS:
            ws.column_dimensions[cell.column_letter].width = _IND_PRINT_WIDTHS[key]
        if key == _IND_PRINT_LAST:
            last = cell.column_letter
    if last:  # to the 合计 row: rows a clerk inserts above it widen the range (Excel moves its end)
        ws.print_area = f"A1:{last}{ws.max_row}"


# ---------------------------------------------------------------- entry points


def build_workbook(ev: Optional[Evaluation] = None, profile: Optional[Profile] = None) -> Workbook:
    """The form for ``profile`` (default: the evaluation's, else the default profile), filled from ``ev``."""
    if profile is None:
        profile = load_profile((ev.profile if ev else "") or None)
    inds = list(ev.indicators) if ev is not None else _profile_indicators(profile)
    wb = Workbook()
    wb.remove(wb.active)
    _guide(wb, profile)
    outline = outline_for(profile, ev.outline if ev is not None else "")
    _basic(wb, ev, outline)
    placed = _indicators(wb, inds, profile)
    _budget(wb, ev, profile)
    _summary(wb, placed, profile)
    _text(wb, ev, inds, outline)
    _settings(wb, ev, profile, outline)
    _rules(wb, profile, outline, ev.carried if ev is not None else [])
    _conf(wb)
    _print_setup(wb)
    wb.calculation.fullCalcOnLoad = True
    wb.active = 1
    return wb


def write_workbook(path: str | Path, ev: Optional[Evaluation] = None, profile: Optional[Profile] = None) -> Path:
    """Build and save atomically (temp file in the same folder + os.replace)."""
    wb = build_workbook(ev, profile)
    return write_with(path, wb.save)


def build_all(outdir: str | Path) -> list[Path]:
    """Regenerate the committed workbooks: the blank form and the 2021 example."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    return [
        write_workbook(outdir / FORM_FILE, None, load_profile(DEFAULT_PROFILE)),
        write_workbook(outdir / EXAMPLE_FILE, load_example()),
    ]
