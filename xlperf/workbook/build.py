"""Build the input workbook (openpyxl): a clerk-facing form, blank or filled from an Evaluation.

``build_workbook(ev, profile)`` returns an openpyxl Workbook; ``write_workbook(path, ...)`` saves it
atomically; ``build_all(outdir)`` regenerates the committed files in ``workbooks/``.  Where things go
is decided in :mod:`.layout`, formula text in :mod:`.formulas`; the sheet writer and A4 printing are
:mod:`.sheet`, the 指标评分 sheet :mod:`.indicator_sheet`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

from ..domain import evaluate as _evaluate
from ..domain.model import Evaluation, Indicator
from ..domain.outlines import Outline, label_of, outline_for, outline_text
from ..domain.profiles import Profile, ProfileError, load_profile
from ..infra.atomic import write_with
from ..infra.jsonfile import load_example
from ..infra.wininstall import PINNED_SETTINGS
from . import formulas as F
from . import layout as L
from .indicator_sheet import flatten, indicator_sheet
from .indicator_sheet import profile_indicators as _profile_indicators  # (tests read it here)
from .sheet import WRAP, Sheet, field_rows, field_value, num, print_setup

EXAMPLE_FILE = "example-2021.xlsx"
FORM_FILE = "xlperf-form.xlsx"

# ---------------------------------------------------------------- sheets


#: 说明's sentence about the blank form's example rows (forms whose rules declare examples)
_EXAMPLE_ROWS_NOTE = ("空白表第一个二级指标下面名称以“示例：”开头的几行就是三级指标的样子：把示例行改写为本单位的三级指标，"
                      "或复制示例行整行到需要的位置再改写；用不上就整行删除（名称仍以“示例：”开头的行，校验时会提示）。")


def _guide(wb: Workbook, profile: Profile) -> None:
    sh = Sheet(wb, L.S_GUIDE, ())  # widths: print_setup's page widths (sheet.py _PRINT_WIDTHS)
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
        "【增加、删除指标】指标评分表没有保护，可以直接插入、删除行。增加指标：在所属上级指标的范围内插入一行"
        "（上级指标行下面、中间、或下一个同级或更高级指标行/合计行的上面都可以），复制上一行整行，粘贴到新插入的行，"
        "再改写黄色单元格：名称写在所属级次的列（三级指标写在“三级指标”列，并清空复制来的二级指标名称），分值、评分方法、"
        "年度指标值、实际完成值等；灰色的公式（建议得分、得分率、计入得分、适用分值和右侧各“计算用”列，含隐藏列）就都有了。"
        + _EXAMPLE_ROWS_NOTE * bool(profile.example_names) +
        "例：在二级指标“绩效管理”（6分）下面插入两行，复制“绩效管理”行粘贴，改成三级指标“绩效监控完成率”3分、"
        "“绩效评价完成率”3分。哪一行是上级指标由表格自己判断：一行的下方、到下一个同级或更高级指标行之前有下级指标，"
        "它就是上级指标，计入得分、适用分值自动合计下级；它原来的“得分”“评分方法”（如“人工”）不再计分，校验时会提示可以清空。"
        "下级指标的分值之和应等于上级指标的分值。删除它的全部下级，它又按自己的评分方法和得分计分。"
        "新的三级指标行没复制公式也可以：在“得分”中直接填写得分，上级指标、合计和总分会把它算进去；"
        "新的一级、二级指标行必须复制上一行（表格靠其中的公式判断级次）。"
        "删除指标：选中整行删除即可，合计自动减少。删除上级指标行时，它的下级会并入上方的指标（校验会指出分值不符）。"
        "不要删除一级指标所在的行和最后的“合计”行。"
        "“校验”会把表中显示的得分、总分、等级与程序的计算逐一核对，缺少公式或公式被改写的行会被指出；"
        "一个错误只在引起它的单元格报告一次。"
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
    sh = Sheet(wb, L.S_BASIC, ())  # widths: print_setup's
    sh.title(L.S_BASIC, "黄色单元格为填写项；履职目标、主要任务每行一条，可插入行。")
    row = field_rows(sh, 3, L.BASIC_FIELDS, ev, None, outline.value_default)  # no rate field here: no rate format
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
    sh.finish(title_rows=f"{header}:{header}")


def _budget(wb: Workbook, ev: Optional[Evaluation], profile: Profile) -> None:
    sh = Sheet(wb, L.S_BUDGET, ())  # widths: print_setup's
    sh.title(L.S_BUDGET, "金额单位：万元；比率填写百分数（如 90%）。")
    rate_fmt = L.percent_format(profile.rate_places)
    row = 3
    for title, fields in L.BUDGET_GROUPS:
        sh.put(row, 1, title, kind="head")
        sh.put(row, 2, "填写", kind="head")
        sh.put(row, 3, "说明", kind="head")
        first = row + 1
        row = field_rows(sh, first, fields, ev, rate_fmt) + 1
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
    sh = Sheet(wb, L.S_SUMMARY, [16, 11, 11, 11, 11, 3, 11, 9])
    sh.title(L.S_SUMMARY, f"由“{L.S_IND}”自动汇总，无需填写。")
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
    first, last = hr + 1, row  # (a form has at least one 一级指标)
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
        (L.GRADE_NAME, "等级", F.grade(f"B{row}", band_cells)),
        (L.FULL_MARKS_NAME, "满分", num(profile.total)),
        (L.CHECK_NAME, "一致性检查", F.check(weights, scores, f"B{row + 2}", f"B{sr}")),
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
    status.font, status.alignment = Font(bold=True, color="C00000"), WRAP
    sh.ws.merge_cells(start_row=row + 1, start_column=1, end_row=row + 1, end_column=5)
    sh.ws.row_dimensions[row + 1].height = 48
    sh.put(hr, 7, "等级下限", kind="head")
    sh.put(hr, 8, "等级", kind="head")
    for (lc, gc), (lower, label) in zip(band_cells, bands):
        sh.put(int(lc[1:]), 7, num(lower), kind="calc")
        sh.put(int(gc[1:]), 8, label, kind="calc")
    wb.defined_names[L.BANDS_NAME] = DefinedName(  # columns G (lower bounds) and H (grades), one row a band
        L.BANDS_NAME, attr_text=f"'{L.S_SUMMARY}'!$G${hr + 1}:$H${hr + len(bands)}")
    note_row = hr + len(bands) + 2
    sh.put(note_row, 7, f"（按“{profile.name}”：{_bands_text(bands)}）")
    sh.ws.merge_cells(start_row=note_row, start_column=7, end_row=note_row, end_column=8)
    sh.ws.row_dimensions[note_row].height = 66  # room for the wrapped band sentence
    sh.finish(title_rows=f"{hr}:{hr}")


def _bands_text(bands) -> str:
    return "、".join(f"{num(lo)}分及以上{label}" if lo > 0 else f"其余{label}" for lo, label in bands)


def _text(wb: Workbook, ev: Optional[Evaluation], inds: list[Indicator], outline: Outline) -> None:
    """文字材料: one row per paragraph or item of every 栏目 the outline declares on this sheet, in report
    order; the indicator analysis rows (栏目 = indicator name) where the outline's analysis block is."""
    sh = Sheet(wb, L.S_TEXT, ())  # widths: print_setup's
    sh.title(L.S_TEXT, "每个单元格一段或一条；“栏目”与报告小标题对应；空白行不读取。可用{年度}等占位符。")
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
                    for n in flatten(inds):
                        if n.level <= 2:
                            rows(label, n.name, None)  # one blank row
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
    sh = Sheet(wb, L.S_SETTINGS, ())  # widths: print_setup's
    sh.title(L.S_SETTINGS, "评分规则随本表保存，各表公式按它计算；报告选项可以修改。")
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
            value = field_value(ev, f.target)  # (None without an evaluation)
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
            sh.put(row, 2, num(band.suggest), kind="calc", fmt="0%")
    wb.defined_names[L.QUALITATIVE_TABLE_NAME] = DefinedName(
        L.QUALITATIVE_TABLE_NAME, attr_text=f"'{L.S_SETTINGS}'!$A${start}:$B${row}")
    wb.defined_names[L.QUALITATIVE_WORDS_NAME] = DefinedName(
        L.QUALITATIVE_WORDS_NAME, attr_text=f"'{L.S_SETTINGS}'!$A${start}:$A${row}")
    wb.defined_names[L.NO_WORDS_NAME] = DefinedName(L.NO_WORDS_NAME, attr_text=f"'{L.S_SETTINGS}'!$C${start}")
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


# ---------------------------------------------------------------- entry points


def build_workbook(ev: Optional[Evaluation] = None, profile: Optional[Profile] = None) -> Workbook:
    """The form for ``profile`` (default: the evaluation's, else the default profile), filled from ``ev``."""
    if profile is None:
        profile = load_profile((ev.profile if ev else "") or None)
    inds = list(ev.indicators) if ev is not None else _profile_indicators(profile, examples=True)
    wb = Workbook()
    wb.remove(wb.active)
    _guide(wb, profile)
    outline = outline_for(profile, ev.outline if ev is not None else "")
    _basic(wb, ev, outline)
    placed = indicator_sheet(wb, inds, profile)
    _budget(wb, ev, profile)
    _summary(wb, placed, profile)
    _text(wb, ev, inds, outline)
    _settings(wb, ev, profile, outline)
    _rules(wb, profile, outline, ev.carried if ev is not None else [])
    _conf(wb)
    print_setup(wb)
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
        write_workbook(outdir / FORM_FILE),  # the default rules
        write_workbook(outdir / EXAMPLE_FILE, load_example()),
    ]
