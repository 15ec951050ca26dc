"""The input workbook's layout: the single source of truth for its headers and defined names (the sheet names
are :mod:`xlperf.domain.sheets`'s, re-exported here).

Both the builder (:mod:`.build`) and the reader (:mod:`.read`) import these tables, so the
form and its reader can never disagree.  The reader finds single values by *defined name* and
tables by *header text*, never by fixed address; addresses here are only where the builder puts
things.  Pure data: imports neither openpyxl nor xlwings.
"""

from __future__ import annotations

from dataclasses import dataclass

# the sheets a clerk sees (and the hidden 规则数据) are named in the domain, which names them in its messages
from ..domain.sheets import S_BASIC, S_BUDGET, S_GUIDE, S_IND, S_RULES, S_SETTINGS, S_SUMMARY, S_TEXT

# ---------------------------------------------------------------- sheets
S_CONF = "xlwings.conf"
SHEETS = (S_GUIDE, S_BASIC, S_IND, S_BUDGET, S_SUMMARY, S_TEXT, S_SETTINGS, S_RULES, S_CONF)
#: first line of the 规则数据 sheet (a TOML comment, so column A is one valid TOML document)
RULES_BANNER = "# xlperf 评分规则（请勿修改本表；更换评分规则请用 xlperf new --profile 规则文件 重新生成填报表）"
#: first line of column B of 规则数据: the report outline the form was built with (xlperf/domain/outlines/*.toml)
OUTLINE_BANNER = "# xlperf 报告提纲（请勿修改；报告按此提纲分部分，文字材料的章节、栏目与它对应）"

#: first line of column C of 规则数据: fingerprints of the texts imported from last year's report (one a row)
CARRIED_BANNER = "# xlperf 导入记录：来自上年报告、尚未改写的文字（请勿修改；改写文字后 check 不再提示）"

UDF_MODULES = "xlperf.udfs"


@dataclass(frozen=True)
class Field:
    """One single-value input (or computed) cell with its defined name.

    ``target`` is the model path ``"section.attr"`` ("" = top-level Evaluation field);
    ``kind``: text, int, money, rate, decimal, formula (computed, not read back).
    """

    name: str  # defined name (valid Excel name, Chinese)
    label: str  # Chinese label shown in column A and used in messages
    target: str  # "budget.initial", ".unit", "options.notice_title"; "" for display-only
    kind: str = "text"
    note: str = ""  # short hint shown in column C


# 基本情况: label in A, value in B; then a text table (栏目 | 内容)
BASIC_FIELDS = (
    Field("单位名称", "单位名称", ".unit", "text", "填写单位全称"),
    Field("年度", "年度", ".year", "int", "如 2021"),
    Field("整体绩效目标", "年度整体绩效目标", "narrative.overall_goal", "text", "一句话，报告中写作“年度整体绩效目标是……”"),
    Field("本单位自称", "本单位简称/自称", ".self_name", "text", "报告中自称，如“我局”“我单位”“本部门”；空 = 按单位名称（……局→我局，……委→我委，其他→我单位）"),
    Field("拟应用方式", "自评结果拟应用方式", "narrative.apply_plan", "text",
          "报告中写作“绩效自评结果……。”；文字材料“结果应用和公开”没有填写时写入报告（可改写）"),
    Field("公开方式", "自评结果公开方式和时间", "narrative.disclosure", "text",
          "报告中照写这一句；文字材料“结果应用和公开”没有填写时写入报告（可改写）"),
)

BUDGET_GROUPS: tuple[tuple[str, tuple[Field, ...]], ...] = (
    ("预算与执行（万元）", (
        Field("年初预算数", "年初预算数", "budget.initial", "money"),
        Field("调整预算数", "调整预算数（全年预算数）", "budget.adjusted", "money"),
        Field("执行数", "预算执行金额（执行数）", "budget.executed", "money"),
        Field("上年结转", "上年结转", "budget.carried_in", "money"),
        Field("结转结余", "本年结转结余", "budget.carryover", "money"),
        Field("基本支出", "其中：基本支出", "budget.basic", "money", "可空"),
        Field("项目支出", "其中：项目支出", "budget.project", "money", "可空"),
        Field("基本支出执行数", "其中：基本支出执行数", "budget.basic_executed", "money", "执行率分基本支出、项目支出计分时填写"),
        Field("项目支出执行数", "其中：项目支出执行数", "budget.project_executed", "money", "同上"),
        Field("细化率表述", "预算编制细化率（表述）", "budget.detail_rate_text", "text", "如“90%以上”"),
        Field("预算调整说明", "预算调整说明", "budget.adjust_reason", "text", "预算有调整时填写"),
        Field("执行率说明", "执行率偏低的原因", "budget.exec_reason", "text", "执行率低于规则要求时填写"),
    )),
    ("“三公”经费（万元）", (
        Field("三公经费预算", "“三公”经费年初预算", "budget.three_public_budget", "money", "可空"),
        Field("三公经费支出", "“三公”经费实际支出", "budget.three_public_actual", "money", "可空"),
        Field("三公经费上年", "“三公”经费上年支出", "budget.three_public_prev", "money", "可空"),
    )),
    ("项目与绩效管理（个）", (
        Field("项目数", "项目数", "projects.total", "int"),
        Field("监控项目数", "开展绩效监控项目数", "projects.monitored", "int"),
        Field("自评项目数", "开展绩效自评项目数", "projects.self_evaluated", "int"),
        Field("部门评价数", "部门绩效评价数", "projects.dept_evaluations", "int"),
        Field("部门评价完成数", "部门绩效评价完成数", "projects.dept_evaluations_done", "int"),
    )),
    ("满意度", (
        Field("满意度目标", "满意度目标值", "satisfaction.target", "rate", "如 90%"),
        Field("满意度目标表述", "满意度目标（表述）", "satisfaction.target_text", "text", "如“≥90%”"),
        Field("实际满意度", "实际满意度", "satisfaction.achieved", "rate", "如 90%"),
        Field("满意度说明", "满意度情况补充说明", "narrative.satisfaction_note", "text", "可空"),
    )),
    ("上年情况（同比用，可空）", (
        Field("上年年度", "上年年度", "previous.year", "int", "可空，默认本年度减1"),
        Field("上年总分", "上年总分", "previous.total", "decimal"),
        Field("上年等级", "上年等级", "previous.grade", "text"),
        Field("上年执行率", "上年预算执行率", "previous.exec_rate", "rate"),
        Field("上年项目数", "上年项目数", "previous.projects_total", "int"),
    )),
)
PREV_GRADE_NAME = "上年等级"  # gets a drop-down of the form's grade names
BUDGET_FIELDS = tuple(f for _, group in BUDGET_GROUPS for f in group)

# Derived figures on 预算资金 (names = xlperf.domain.evaluate.FACT_LABELS keys; computed natively)
FACTS_TITLE = "计算结果（自动，勿填）"

SETTINGS_FIELDS = (
    Field("评分规则", "评分规则", ".profile", "rule", "本表的评分规则（完整规则保存在表内）"),
    Field("执行率分母", "执行率分母（按规则）", "", "rule", "由评分规则决定，不可修改"),
    Field("得分小数位", "得分保留小数位（按规则）", "", "rule", "由评分规则决定"),
    Field("百分比小数位", "百分比显示小数位（按规则）", "", "rule", "由评分规则决定"),
    Field("不适用折算", "有不适用指标时按百分制折算", "", "rule", "由评分规则决定"),
    Field("问题措施位置", "“存在问题/改进措施”写在第几部分", "options.problems_section", "text", "五 或 六"),
    Field("标点转为全角", "标点转为全角", "options.fullwidth_punctuation", "text",
          "是 = 报告中把紧挨汉字的半角 , ; : ( ) ? ! 改为全角；否 = 照原样"),
    Field("落款", "报告末尾落款（单位和日期）", "options.signature", "text", "是 = 报告末尾右下写单位名称和日期；否 = 不写"),
    Field("落款日期", "落款日期", "options.signature_date", "text", "如 2022年3月1日；空 = 生成报告当天"),
    Field("沿用原有写法", "沿用原有写法", "options.legacy_wording", "text",
          "否 = 列表统一写“一是、二是”，三级指标写确数；是 = 按提纲编号（1、/一是）、写约数（二十多个），仅为与原有报告逐字一致"),
    Field("通知名称", "财政局通知名称", "options.notice_title", "text", "如《……关于开展2021年度预算绩效自评工作的通知》"),
    Field("报告保存位置", "报告保存位置", "options.output_dir", "text", "空 = 与本工作簿同一文件夹"),
    Field("报告文件", "最近生成的报告", "", "text", "由“生成报告”按钮填写"),
    Field("报送链接", "报送链接", "", "text",
          "财政局发给本单位的链接，如 http://服务器:8080/u/……；“报送财政局”按钮用它上传本表"),
)
SUBMIT_LINK_NAME = "报送链接"  # the 设置 field the submit client reads (xlperf/app/submit.py)
SINGLE_FIELDS = BASIC_FIELDS + BUDGET_FIELDS + SETTINGS_FIELDS

# ---------------------------------------------------------------- indicator table (指标评分)


@dataclass(frozen=True)
class Column:
    key: str  # Indicator attribute, or a computed column key
    header: str  # header text the reader looks for
    width: float
    kind: str = "text"  # text, decimal, value (number or text), bool, formula, level
    input: bool = True


IND_COLUMNS = (
    Column("level1", "一级指标", 12, "level"),
    Column("level2", "二级指标", 18, "level"),
    Column("level3", "三级指标", 26, "level"),
    Column("weight", "分值", 7, "decimal"),
    Column("method", "评分方法", 10),
    Column("unit", "计量单位", 8),
    Column("target", "年度指标值", 11, "decimal"),
    Column("actual", "实际完成值", 11, "value"),
    Column("target_text", "指标值表述", 11),
    Column("direction", "指标方向", 9),
    Column("param", "评分参数", 16),
    Column("suggested", "建议得分", 9, "formula", False),
    Column("manual_score", "得分", 8, "decimal"),
    Column("rate", "得分率", 8, "formula", False),
    Column("not_applicable", "不适用", 7, "bool"),
    Column("counted", "计入得分", 9, "formula", False),
    Column("counted_weight", "适用分值", 9, "formula", False),
    Column("deviation_reason", "偏差原因", 30),
    Column("improvement", "改进措施", 30),
    # what the native 建议得分 reads: 年度指标值/实际完成值 written as text ("≥90%", "2天以内", "168起")
    # turned into numbers, and the 评分方法 a blank one takes from the target's comparison
    Column("calc_target", "指标值（计算用）", 10, "formula", False),
    Column("calc_method", "评分方法（计算用）", 10, "formula", False),
    Column("calc_actual", "完成值（计算用）", 10, "formula", False),
    # after the grey columns, so the columns above keep their letters (A…V) in every form
    Column("prev_score", "上年得分", 8, "decimal"),
)
#: columns a profile turns on (``columns = ["得分系数", "核心指标"]``), placed after IND_COLUMNS in this order
OPTIONAL_COLUMNS = (
    Column("coefficient", "得分系数", 8, "decimal"),
    Column("core", "核心指标", 8, "bool"),
)
#: entries of a 区间 parameter the native 建议得分 reads (one helper column each)
BAND_ENTRIES = 8
#: hidden grey helper columns after every other column (so A…W and the optional columns keep their letters):
#: the steps of the native 建议得分 split apart, so that no cell's formula is longer than ~1,000 characters
#: or nests deeper than ~18 levels (Excel's limits: 8,192 and 64).  Each header carries a comment saying
#: what its column holds; copying a whole row brings them like the other grey formulas.
HELPER_COLUMNS = (
    Column("strip_target", "指标值去比较符（计算用）", 6, "formula", False),
    Column("strip_actual", "完成值去比较符（计算用）", 6, "formula", False),
    Column("band_text", "区间参数（计算用）", 6, "formula", False),
    *(Column(f"band_{i}", f"区间第{i}段（计算用）", 6, "formula", False) for i in range(1, BAND_ENTRIES + 1)),
    # the tree, decided by the sheet itself (formulas.tree_level / tree_span / tree_parent): a row is a parent
    # when a named row of a deeper level follows it before the next row of its own or a higher level
    Column("tree_level", "级次（计算用）", 6, "formula", False),
    Column("tree_span", "本级范围行数（计算用）", 6, "formula", False),
    Column("tree_parent", "有下级（计算用）", 6, "formula", False),
)
#: what each helper column's header comment says
HELPER_NOTES = {
    "strip_target": "计算用（隐藏）：年度指标值去掉≥、>、≤、<、=等比较符后的文字，供“指标值（计算用）”读取。",
    "strip_actual": "计算用（隐藏）：实际完成值去掉比较符后的文字，供“完成值（计算用）”读取。",
    "band_text": "计算用（隐藏）：评分方法为区间时，评分参数按分号拆开（每段占固定宽度），供右侧各段读取。",
    **{f"band_{i}": f"计算用（隐藏）：区间参数第1至{i}段中第一个符合完成值的段的得分，均不符合时为空。"
       for i in range(1, BAND_ENTRIES + 1)},
    "tree_level": "计算用（隐藏）：本行指标的级次（名称写在三级指标列为3，二级为2，一级为1；无名称为空）。",
    "tree_span": "计算用（隐藏）：本行下方、到下一个同级或更高级指标行（或合计行）之前的行数：本行下级指标所在的范围。",
    "tree_parent": "计算用（隐藏）：该范围内有指标时为“是”：本行是上级指标，计入得分、适用分值合计其下级，"
                   "本行自己的得分、评分方法不计。",
}
#: the grey columns of an indicator row: the same formulas in every row (xlperf.workbook.formulas.row_formulas)
ROW_FORMULA_KEYS = tuple(c.key for c in IND_COLUMNS + HELPER_COLUMNS if c.kind == "formula")
IND_COL = {c.key: i + 1 for i, c in enumerate(IND_COLUMNS)}  # key → 1-based column
OPTIONAL_LABEL = {c.key: c.header for c in OPTIONAL_COLUMNS}
IND_LABEL = {c.key: c.header for c in IND_COLUMNS + OPTIONAL_COLUMNS + HELPER_COLUMNS}
IND_HEADER_ROW = 3
IND_HEADER_NAME = "指标表头"  # defined name of the header row
IND_TOTAL_LABEL = "合计"  # the row closing the indicator table (level-1 column); its ranges take inserted rows
LEVEL_KEYS = ("level1", "level2", "level3")

DIRECTIONS = ("正向", "反向", "定性")
YES, NO = "是", "否"
PROBLEM_SECTIONS = ("五", "六")

# ---------------------------------------------------------------- text tables
TEXT_SECTION, TEXT_LABEL, TEXT_CONTENT = "章节", "栏目", "内容"
BASIC_TEXT_HEADER_NAME = "基本情况表头"
TEXT_HEADER_NAME = "文字材料表头"

# which 栏目 a 基本情况 / 文字材料 row belongs to, and the 章节 labels: the report outline (xlperf/domain/outlines/*.toml)

#: 文字材料 rows of a department's own headings: 栏目 = the standard heading, 内容 = its own wording
HEADING_SECTION = "本单位小标题"
#: 文字材料 rows an import could not place: kept for the clerk to move, never printed
UNPLACED_SECTION = "未归类"
#: 文字材料 rows of 栏目 the form's outline does not print (text brought from a form of another outline): kept
UNUSED_SECTION = "提纲外栏目"

# ---------------------------------------------------------------- 总评 / 设置 names
TOTAL_NAME = "总分"
GRADE_NAME = "等级"
CHECK_NAME = "一致性检查"
BANDS_NAME = "等级表"
FULL_MARKS_NAME = "满分"
RAW_TOTAL_NAME = "得分合计"
APPLICABLE_NAME = "适用分值合计"
RESCALE_NAME = "不适用折算"
#: the cell where the ribbon's 生成报告 writes the path of the last report (xlperf/excel.py); when a
#: workbook has no such name, the action puts it on its own 校验结果 sheet and defines the name there
REPORT_PATH_NAME = "报告文件"
QUALITATIVE_TABLE_NAME = "定性表"
QUALITATIVE_WORDS_NAME = "定性词"  # the first column of 定性表: the drop-down of 定性 rows' 实际完成值
#: a cell left blank beside 定性表: the (empty) drop-down of a 实际完成值 whose row is not 定性
NO_WORDS_NAME = "非定性无下拉"
DENOMINATOR_TEXT = {"initial": "年初预算数", "adjusted": "调整预算数"}

# ---------------------------------------------------------------- styles and formats
MONEY_FORMAT = "0.00"
INPUT_FILL = "FFF2CC"  # light yellow: cells a clerk fills
HEADER_FILL = "DDEBF7"
FORMULA_FILL = "EDEDED"
MAX_TABLE_ROWS = 300  # validations cover this many rows below the header


def percent_format(places: int) -> str:
    return "0%" if places <= 0 else "0." + "0" * places + "%"
