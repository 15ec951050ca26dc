"""The built form, sheet by sheet, against the layout a clerk relies on (xlperf/workbook/build.py).

Expected values are the layout declared in xlperf/workbook/layout.py (field lists, names, colours), the rules of the
profile (its bands, places, 定性 table) and the sentences written out here — never a fresh build compared with
another.  Figures the native formulas compute are evaluated in this process (pycel, no PERF_ function, as in WPS or
LibreOffice: tests/native_eval.py) on a small evaluation whose results are worked out by hand in the comments.
Each test builds what it reads (no module fixture: mutmut ties a function to every test that calls it).

Mutants judged equivalent (session 8, s8h; docs/mutation.md's s8h section): none in the seed-2026 sample.  The
column widths once given to ``Sheet(...)`` for 基本情况, 预算资金, 文字材料, 设置 and 说明 were replaced by
``print_setup``'s page widths (xlperf/workbook/sheet.py ``_PRINT_WIDTHS``) before the workbook was saved, so a change
to them could not be seen; since s8n those sheets are created without widths (as are 基本情况's unused rate format,
its default ``freeze=None`` and ``build_all``'s explicit default rules): the built workbooks are unchanged.
After s8n's whole run (1,299 mutants, all killed): no equivalent mutant.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from native_eval import evaluate_cells, perf_answers, quote_text
from xlperf.app.load import load_example
from xlperf.domain.model import Evaluation, Indicator
from xlperf.domain.profiles import DEFAULT_PROFILE, ProfileError, available, load_profile
from xlperf.infra.wininstall import PINNED_SETTINGS
from xlperf.workbook import layout as L
from xlperf.workbook.build import EXAMPLE_FILE, FORM_FILE, build_all, build_workbook, write_workbook


def kind(cell) -> str:
    """What Sheet.put made of a cell: input (yellow, unlocked), calc (grey), head (blue, bold) or label (plain)."""
    rgb = cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type else ""
    if rgb == L.INPUT_FILL:
        assert cell.protection.locked is False
        return "input"
    if rgb == L.FORMULA_FILL:
        return "calc"
    if rgb == L.HEADER_FILL:
        assert cell.font.bold
        return "head"
    assert not rgb, rgb
    return "label"


def cells(ws, first_row=1, cols=None):
    """{coordinate: (value, kind)} of every cell holding a value, from first_row down."""
    out = {}
    for row in ws.iter_rows(min_row=first_row, max_col=cols):
        for c in row:
            if c.value is not None:
                out[c.coordinate] = (c.value, kind(c))
    return out


def named(wb, name):
    sheet, ref = next(wb.defined_names[name].destinations)
    return sheet, ref.replace("$", "")


def _leaf(name, weight, method, target=None, actual=None, **kw):
    return Indicator(name=name, level=2, weight=D(weight), method=method, target=target, actual=actual, **kw)


def _small(not_applicable_output=False, budget=None, projects=None, satisfaction=None) -> Evaluation:
    """Two level-1 indicators worked out by hand: 投入 20 = 执行率 10 (正向 0.9 → 0.8: 8.89) + 管理 10 (定性 部分达成: 7);
    产出 80 = 质量 80 (正向 1 → 1: 80; or 不适用)."""
    ev = load_example()
    ev.indicators = [
        Indicator(name="投入", level=1, weight=D(20), children=[
            _leaf("执行率", 10, "正向", D("0.9"), D("0.8")), _leaf("管理", 10, "定性", actual="部分达成")]),
        Indicator(name="产出", level=1, weight=D(80), children=[
            _leaf("质量", 80, "正向", D(1), D(1), not_applicable=not_applicable_output)]),
    ]
    for part, values in (("budget", budget), ("projects", projects), ("satisfaction", satisfaction)):
        for k, v in (values or {}).items():
            setattr(getattr(ev, part), k, v)
    return ev


# ---------------------------------------------------------------- 说明


GUIDE_HEADS = ["【怎么填】", "【各表用途】", "  基本情况：", "  指标评分：", "  预算资金：", "  总评：", "  文字材料：", "  设置：",
               "【增加、删除指标】", "【实际完成值引用】", "【评分方法】", "【在 WPS、LibreOffice 中】", "【按钮】", "【评分规则】"]


#: 说明's longer lines word for word, for the default rules (which declare example rows: their sentence is in 【增加、删除指标】)
GUIDE_WHOLE = [
    "  基本情况：单位名称、年度、年度整体绩效目标；部门年度履职目标、主要任务（每行一条）。",
    "  指标评分：一级/二级/三级指标、分值、评分方法、年度指标值、实际完成值。建议得分自动计算；"
    "“得分”一栏填写单位认定的得分（留空即采用建议得分）。未得满分的指标请写明偏差原因和改进措施。"
    "“上年得分”列只供对照，不计分。",
    "  预算资金：年初预算数、调整预算数、执行数（万元）、“三公”经费、项目数和满意度；下方的执行率等由公式计算。"
    "“上年情况”可空，报告据此写同比。",
    "  文字材料：报告各部分的文字，每个单元格一段或一条；“栏目”对应报告中的小标题。",
    "  设置：评分规则（随本表保存：执行率分母、小数位、等级划分等）和报告选项。",
    "【增加、删除指标】指标评分表没有保护，可以直接插入、删除行。增加指标：在所属上级指标的范围内插入一行"
    "（上级指标行下面、中间、或下一个同级或更高级指标行/合计行的上面都可以），复制上一行整行，粘贴到新插入的行，"
    "再改写黄色单元格：名称写在所属级次的列（三级指标写在“三级指标”列，并清空复制来的二级指标名称），分值、评分方法、"
    "年度指标值、实际完成值等；灰色的公式（建议得分、得分率、计入得分、适用分值和右侧各“计算用”列，含隐藏列）就都有了。"
    "空白表第一个二级指标下面名称以“示例：”开头的几行就是三级指标的样子：把示例行改写为本单位的三级指标，"
    "或复制示例行整行到需要的位置再改写；用不上就整行删除（名称仍以“示例：”开头的行，校验时会提示）。"
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
    "【评分方法】正向：完成值/指标值×分值；反向：指标值/完成值×分值；阶梯：参数“5%:2”每低5%扣2分；"
    "超额扣分：参数“1”每超1个百分点扣1分；区间：参数“≥90%:5;≥80%:4;<80%:0”；定性：填达成/基本达成/部分达成/未达成，"
    "或优秀/良好/中等/较差、优/良/中/差、合格/不合格、高/较高/一般/较低/低、好/较好/一般/较差/差、有效提升/有效改善/无改善、"
    "是/否（下拉可选；用自己的说法时请同时填写得分）；人工：直接填得分。",
    "【在 WPS、LibreOffice 中】本表的公式在 WPS、LibreOffice 和 Excel 中都能计算，结果相同；"
    "例外：“区间”参数最多8段、99个字符，且须用半角数字写成“≥90%:5”的形式"
    "（≥、>=、>、≤、<=、<、= 均可，分号冒号可用全角），超出时建议得分显示为空，请直接填写得分（检查时会提示）。"
    "分值、指标值、完成值、得分请填数字（百分比直接输入 95%），不要写成“9分”“约95”这样的文字，表格公式无法计算文字。",
]


def test_guide_lines_in_order_each_under_its_heading():
    profile = load_profile(DEFAULT_PROFILE)
    ws = build_workbook(None, profile)[L.S_GUIDE]
    assert ws["A1"].value == "部门整体绩效自评填报表 — 填写说明" and ws["A1"].font.b and ws["A1"].font.sz == 14
    lines = [ws.cell(row=r, column=1).value for r in range(3, 3 + len(GUIDE_HEADS))]
    assert [line[: len(h)] for line, h in zip(lines, GUIDE_HEADS)] == GUIDE_HEADS
    assert ws.cell(row=3 + len(GUIDE_HEADS), column=1).value is None and ws["A2"].value is None
    assert lines[0] == "【怎么填】黄色单元格由您填写，灰色单元格是公式（已保护，无需密码即可撤销保护）。"
    assert lines[1] == "【各表用途】"
    assert lines[5] == "  总评：各一级指标的权重分值、得分、得分率，总分、等级和一致性检查。"
    assert lines[9] == "【实际完成值引用】实际完成值可填写 =执行率、=满意度、=绩效监控完成率 等，直接引用“预算资金”表的计算结果。"
    assert lines[13] == (f"【评分规则】本表按“{profile.name}”生成：{profile.description}。完整的规则保存在本工作簿中，"
                         "换电脑也照常计算；需要换用其他评分规则时，请信息科生成新表，再把内容复制过去。")
    # the native formulas' limits, from the formulas themselves (8 entries, 99 characters)
    assert "“区间”参数最多8段、99个字符，且须用半角数字写成“≥90%:5”的形式" in lines[11]
    assert lines[11].endswith("表格公式无法计算文字。")
    assert lines[3].endswith("“上年得分”列只供对照，不计分。") and lines[4].endswith("“上年情况”可空，报告据此写同比。")
    assert lines[6].endswith("“栏目”对应报告中的小标题。") and lines[7].endswith("和报告选项。")
    assert lines[8].endswith("文字材料中插入的行，“章节”“栏目”可以留空，视同上一行；空白行不读取。")
    assert lines[10].endswith("是/否（下拉可选；用自己的说法时请同时填写得分）；人工：直接填得分。")
    # every other line whole: what the clerk reads is the spec (session 8, s8n)
    assert lines[2:5] + lines[6:9] + lines[10:12] == GUIDE_WHOLE
    assert lines[12] == ("【按钮】带“绩效自评”选项卡的版本：校验 — 列出所有需要修改的单元格；生成报告 — 按本表写出 Word 自评报告；"
                         "重新计算 — 刷新全部公式。没有该选项卡时，在文件上点右键 → 发送到 → “生成绩效自评报告”（由信息科安装）。")
    assert ws.protection.sheet and all(ws.cell(row=r, column=1).alignment.wrap_text for r in range(3, 17))
    assert ws.column_dimensions["A"].width == 78  # the page width (print_setup), not the screen one


def test_guide_mentions_the_example_rows_only_where_the_rules_declare_them():
    note = "空白表第一个二级指标下面名称以“示例：”开头的几行就是三级指标的样子"
    with_examples = [p for p in available() if load_profile(p).example_names]
    without = [p for p in available() if not load_profile(p).example_names]
    assert with_examples and without
    text = build_workbook(None, load_profile(with_examples[0]))[L.S_GUIDE]["A11"].value
    assert note in text and "（名称仍以“示例：”开头的行，校验时会提示）。例：在二级指标" in text
    assert note not in build_workbook(None, load_profile(without[0]))[L.S_GUIDE]["A11"].value


# ---------------------------------------------------------------- 基本情况


def test_basic_sheet_fields_rule_and_text_rows():
    ev = load_example()
    wb = build_workbook(ev)
    ws = wb[L.S_BASIC]
    assert ws["A1"].value == L.S_BASIC and ws["A2"].value == "黄色单元格为填写项；履职目标、主要任务每行一条，可插入行。"
    n = len(L.BASIC_FIELDS)
    assert [ws.cell(row=3 + i, column=1).value for i in range(n)] == [f.label for f in L.BASIC_FIELDS]
    assert all(kind(ws.cell(row=3 + i, column=2)) == "input" for i in range(n))
    assert named(wb, "单位名称") == (L.S_BASIC, "B3") and ws["B3"].value == ev.unit
    rule = 3 + n
    assert [(ws.cell(row=rule, column=c).value, kind(ws.cell(row=rule, column=c))) for c in (1, 2, 3)] == \
        [("评分规则", "label"), ("=评分规则", "calc"), ("在“设置”表中选择", "label")]
    assert ws.cell(row=rule, column=2).data_type == "f"
    header = rule + 2
    assert ws.cell(row=rule + 1, column=1).value is None
    assert [(ws.cell(row=header, column=c).value, kind(ws.cell(row=header, column=c))) for c in (1, 2)] == \
        [(L.TEXT_LABEL, "head"), (L.TEXT_CONTENT, "head")]
    assert named(wb, L.BASIC_TEXT_HEADER_NAME) == (L.S_BASIC, f"A{header}")
    assert ws.row_dimensions[header].height == 20 and ws.print_title_rows == f"${header}:${header}"
    assert ws.freeze_panes is None
    goals, tasks = ev.narrative.duty_goals, ev.narrative.main_tasks
    assert goals and tasks
    got = [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) for r in range(header + 1, ws.max_row + 1)]
    assert got == [("部门年度履职目标", t) for t in goals] + [("主要任务", t) for t in tasks]
    assert {kind(ws.cell(row=r, column=c)) for r in range(header + 1, ws.max_row + 1) for c in (1, 2)} == {"input"}


def test_blank_basic_sheet_has_one_empty_row_per_block():
    wb = build_workbook(None, load_profile(DEFAULT_PROFILE))
    ws = wb[L.S_BASIC]
    header = 3 + len(L.BASIC_FIELDS) + 2
    assert [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value, kind(ws.cell(row=r, column=2)))
            for r in range(header + 1, header + 3)] == [("部门年度履职目标", None, "input"), ("主要任务", None, "input")]
    assert ws.max_row == header + 2
    # a text field's default from the outline (the reference report's sentence): 自评结果拟应用方式
    row = 3 + [f.label for f in L.BASIC_FIELDS].index("自评结果拟应用方式")
    assert ws.cell(row=row, column=2).value == "将作为改进管理、完善政策和安排以后年度预算的重要依据"
    assert kind(ws.cell(row=row, column=2)) == "input" and ws.cell(row=row, column=2).number_format == "General"


# ---------------------------------------------------------------- 预算资金: layout and the derived figures


def test_budget_groups_headers_and_facts_layout():
    profile = load_profile(DEFAULT_PROFILE)
    wb = build_workbook(None, profile)
    ws = wb[L.S_BUDGET]
    assert ws["A1"].value == L.S_BUDGET and ws["A2"].value == "金额单位：万元；比率填写百分数（如 90%）。"
    row = 3
    for title, fields in L.BUDGET_GROUPS:
        assert [(ws.cell(row=row, column=c).value, kind(ws.cell(row=row, column=c))) for c in (1, 2, 3)] == \
            [(title, "head"), ("填写", "head"), ("说明", "head")], title
        for i, f in enumerate(fields, start=1):
            assert ws.cell(row=row + i, column=1).value == f.label
            assert named(wb, f.name) == (L.S_BUDGET, f"B{row + i}")
            assert kind(ws.cell(row=row + i, column=2)) == "input"
        row += len(fields) + 2
    assert [(ws.cell(row=row, column=c).value, kind(ws.cell(row=row, column=c))) for c in (1, 2, 3)] == \
        [(L.FACTS_TITLE, "head"), ("结果", "head"), ("计算方法", "head")]
    from xlperf.domain.evaluate import FACTS

    for i, fact in enumerate(FACTS, start=1):
        r = row + i
        assert (ws.cell(row=r, column=1).value, ws.cell(row=r, column=3).value) == (fact.label, fact.how)
        assert kind(ws.cell(row=r, column=2)) == "calc" and ws.cell(row=r, column=2).data_type == "f"
        assert named(wb, fact.key) == (L.S_BUDGET, f"B{r}")
        # 执行率 always shows two decimals (the report's 24.19 %); the others the profile's places (0 here)
        assert ws.cell(row=r, column=2).number_format == ("0.00%" if fact.key == "执行率" else "0%"), fact.key
    assert ws.max_row == row + len(FACTS) and ws.freeze_panes == "A3"
    grade = [dv for dv in ws.data_validations.dataValidation if dv.formula1 == '"优,良,中,差"']
    assert len(grade) == 1 and str(grade[0].sqref) == named(wb, L.PREV_GRADE_NAME)[1]
    assert grade[0].prompt == "选择上年的评价等级，不知道可空"
    assert len(ws.data_validations.dataValidation) == 1


def test_budget_rates_follow_a_profile_with_one_place():
    other = [n for n in available() if load_profile(n).rate_places == 1][0]
    wb = build_workbook(None, load_profile(other))
    ws = wb[L.S_BUDGET]
    assert ws[named(wb, "执行率")[1]].number_format == "0.00%"  # at least two places
    assert ws[named(wb, "结转结余率")[1]].number_format == "0.0%"


FACT_KEYS = ["执行率", "执行率_年初", "执行率_调整", "执行率_基本支出", "执行率_项目支出", "结转结余率", "预算调整率",
             "三公经费控制率", "三公经费变动率", "绩效监控完成率", "绩效自评完成率", "部门评价完成率", "满意度"]


def _facts(ev, denominator=None):
    wb = build_workbook(ev)
    if denominator:
        wb[L.S_SETTINGS][named(wb, "执行率分母")[1]].value = denominator
    quote_text(wb)
    refs = {k: "!".join(named(wb, k)) for k in FACT_KEYS}
    got = evaluate_cells(wb, list(refs.values()))
    return {k: got[ref] for k, ref in refs.items()}


def test_budget_figures_by_hand():
    ev = _small(budget=dict(initial=D(250), adjusted=D(200), executed=D(150), carryover=D(30), basic=D(100),
                            basic_executed=D(80), project=D(150), project_executed=D(60), three_public_budget=D(10),
                            three_public_actual=D(8), three_public_prev=D(5)),
                projects=dict(total=20, monitored=15, self_evaluated=10, dept_evaluations=4, dept_evaluations_done=1),
                satisfaction=dict(achieved=D("0.93")))
    got = _facts(ev)
    expected = {
        "执行率_年初": 0.6,  # 150 / 250
        "执行率_调整": 0.75,  # 150 / 200
        "执行率": 0.6,  # the default rules divide by 年初预算数
        "执行率_基本支出": 0.8,  # 80 / 100
        "执行率_项目支出": 0.4,  # 60 / 150
        "结转结余率": 0.2,  # 30 / 150
        "预算调整率": 0.2,  # |200 − 250| / 250
        "三公经费控制率": 0.8,  # 8 / 10
        "三公经费变动率": 0.6,  # (8 − 5) / 5
        "绩效监控完成率": 0.75,  # 15 / 20
        "绩效自评完成率": 0.5,  # 10 / 20
        "部门评价完成率": 0.25,  # 1 / 4
        "满意度": 0.93,
    }
    assert got == pytest.approx(expected)
    assert _facts(ev, "调整预算数")["执行率"] == pytest.approx(0.75)  # the other denominator


def test_budget_figures_blank_without_their_inputs():
    ev = _small(budget=dict(initial=D(0), adjusted=D(0), executed=D(0), carryover=D(0), three_public_budget=None,
                            three_public_actual=None, three_public_prev=None),
                projects=dict(total=None, monitored=None, self_evaluated=None, dept_evaluations=None,
                              dept_evaluations_done=None), satisfaction=dict(achieved=None))
    got = _facts(ev)
    # 执行数 0 with nothing carried over: 结转结余率 0; a 0 budget divides nothing: blank; no 三公 figures: blank
    assert got == {k: "" for k in FACT_KEYS} | {"结转结余率": 0}


# ---------------------------------------------------------------- 总评


def _summary_values(ev, *extra):
    wb = build_workbook(ev)
    quote_text(wb)
    ws = wb[L.S_SUMMARY]
    refs = [f"{L.S_SUMMARY}!{c}{r}" for r in range(4, 16) for c in "ABCDE"] + list(extra)
    got = evaluate_cells(wb, refs)
    return wb, ws, (lambda ref: got[ref if "!" in ref else f"{L.S_SUMMARY}!{ref}"])


def test_summary_figures_by_hand():
    wb, ws, v = _summary_values(_small())
    # 投入: 8.89 + 7 = 15.89 of 20; 产出: 80 of 80
    assert [v(f"{c}4") for c in "ABCDE"] == ["投入", 20, 15.89, pytest.approx(15.89 / 20), 20]
    assert [v(f"{c}5") for c in "ABCDE"] == ["产出", 80, 80, 1, 80]
    assert [ws.cell(row=6, column=1).value, v("B6"), v("C6"), v("D6"), v("E6")] == ["合计", 100, 95.89,
                                                                                  pytest.approx(0.9589), 100]
    rows = {ws.cell(row=r, column=1).value: r for r in range(8, 14)}
    assert list(rows) == ["总分", "等级", "满分", "一致性检查", "得分合计（折算前）", "适用指标分值"]
    assert [v(f"B{r}") for r in rows.values()] == [95.89, "优", 100, "", 95.89, 100]
    for name, label in ((L.TOTAL_NAME, "总分"), (L.GRADE_NAME, "等级"), (L.FULL_MARKS_NAME, "满分"),
                        (L.CHECK_NAME, "一致性检查"), (L.RAW_TOTAL_NAME, "得分合计（折算前）"),
                        (L.APPLICABLE_NAME, "适用指标分值")):
        assert named(wb, name) == (L.S_SUMMARY, f"B{rows[label]}")
        assert kind(ws[f"A{rows[label]}"]) == "head" and kind(ws[f"B{rows[label]}"]) == "calc"


def test_summary_sums_exactly_the_level1_rows_and_heads_its_total_row():
    # two level-1 indicators on rows 4 and 5 of 总评: 合计 on row 6 sums rows 4–5, never the headers or itself
    ws = build_workbook(_small())[L.S_SUMMARY]
    assert [ws["B6"].value, ws["E6"].value] == ["=SUM(B4:B5)", "=SUM(E4:E5)"]
    assert ws["B13"].value == '=SUMIF(E4:E5,">0",B4:B5)' and kind(ws["A6"]) == "head"
    # one level-1 indicator (row 4): 合计 on row 5 sums row 4 alone (a range reaching row 5 would be circular)
    ev = _small()
    ev.indicators = ev.indicators[:1]
    wb = build_workbook(ev)
    ws = wb[L.S_SUMMARY]
    assert [ws["A5"].value, ws["B5"].value, ws["E5"].value] == ["合计", "=SUM(B4:B4)", "=SUM(E4:E4)"]
    assert ws["B12"].value == '=SUMIF(E4:E4,">0",B4:B4)'


def test_summary_total_counts_scores_from_first_indicator_row_to_the_total_row():
    # 指标评分 rows 4–8 hold 投入, 执行率, 管理, 产出, 质量; row 9 is its 合计 (a row inserted above it is counted):
    # the 总分 is blank only while 得分 (column M) and 建议得分 (column L) are empty on rows 4–9
    wb = build_workbook(_small())
    assert wb[L.S_IND]["A9"].value == "合计"
    total = wb[L.S_SUMMARY]["B8"].value
    assert total.startswith('=IF(COUNT(\'指标评分\'!$M$4:$M$9)+COUNT(\'指标评分\'!$L$4:$L$9)=0,"",')
    # only the last indicator (质量, row 8) has a value: its 80 of 80 is the 总分 (not blank)
    ev = _small()
    leaves = ev.indicators[0].children
    leaves[0].actual = leaves[1].actual = None
    wb, ws, v = _summary_values(ev)
    assert v("B8") == 80


def test_bands_sentence_calls_only_a_zero_lower_bound_the_rest():
    from xlperf.workbook.build import _bands_text

    assert _bands_text([(D(90), "优"), (D(1), "良"), (D("0.5"), "中"), (D(0), "差")]) == \
        "90分及以上优、1分及以上良、0.5分及以上中、其余差"


def test_summary_rescales_when_a_whole_level1_is_not_applicable():
    # 产出 不适用: 15.89 of the 20 that apply → 15.89 × 100 / 20 = 79.45 (中: 60 ≤ 79.45 < 80)
    wb, ws, v = _summary_values(_small(not_applicable_output=True))
    assert [v("C5"), v("E5"), v("D5")] == [0, 0, ""]
    assert [v("B8"), v("B9"), v("B12"), v("B13")] == [79.45, "中", 15.89, 20]
    assert [v("B6"), v("C6"), v("D6"), v("E6")] == [100, 79.45, pytest.approx(0.7945), 20]  # 合计 shows 总分
    assert v("B11") == ""  # 分值 still add up to 100


def test_summary_check_and_status_cells():
    ev = _small()
    ev.indicators[1].weight = D(70)  # 20 + 70: the 分值 add up to 90
    ev.indicators[1].children[0].weight = D(70)
    wb, ws, v = _summary_values(ev)
    assert v("B11") == "分值合计90，应为100"
    assert v("B8") == 85.89  # 15.89 + 70, not rescaled: nothing is 不适用, the 分值 merely add up to 90
    status = ws["A15"]
    assert status.font.b and status.font.color.rgb[-6:] == "C00000" and status.alignment.wrap_text
    assert "A15:E15" in {str(m) for m in ws.merged_cells.ranges} and ws.row_dimensions[15].height == 48
    with perf_answers():
        wb2 = build_workbook(_small())
        quote_text(wb2)
        assert evaluate_cells(wb2, [f"{L.S_SUMMARY}!A15"])[f"{L.S_SUMMARY}!A15"].startswith("PYTHON_STATUS(")
    # the status is computed after the 总分 (B8) and the 等级 (B9): their PERF_ calls have decided by then
    assert wb2[L.S_SUMMARY]["A15"].value == '=IFERROR(PYTHON_STATUS(B8,B9),"")'


def test_summary_raw_total_hands_scores_and_weights_to_python():
    # 得分合计（折算前）: PERF_TOTAL of the 得分 C4:C5 with their 权重分值 B4:B5; without it the sum rounded to 2 places
    ws = build_workbook(_small())[L.S_SUMMARY]
    assert ws["A12"].value == "得分合计（折算前）"
    assert ws["B12"].value == "=IFERROR(PERF_TOTAL(C4:C5,B4:B5),ROUND(SUM(C4:C5),2))"


def test_summary_band_table_note_widths_and_names():
    profile = load_profile(DEFAULT_PROFILE)
    wb = build_workbook(None, profile)
    ws = wb[L.S_SUMMARY]
    assert ws["A1"].value == L.S_SUMMARY and ws["A2"].value == f"由“{L.S_IND}”自动汇总，无需填写。"
    assert [(ws.cell(row=3, column=c).value, kind(ws.cell(row=3, column=c))) for c in range(1, 9)] == [
        ("指标", "head"), ("权重分值", "head"), ("得分", "head"), ("得分率", "head"), ("适用分值", "head"), (None, "label"),
        ("等级下限", "head"), ("等级", "head")]
    bands = [(ws.cell(row=r, column=7).value, ws.cell(row=r, column=8).value) for r in range(4, 4 + len(profile.bands))]
    assert bands == [(90, "优"), (80, "良"), (60, "中"), (0, "差")]  # the default rules' grades
    assert {kind(ws.cell(row=r, column=c)) for r in range(4, 8) for c in (7, 8)} == {"calc"}
    assert wb.defined_names[L.BANDS_NAME].attr_text == f"'{L.S_SUMMARY}'!$G$4:$H$7"
    note = 4 + len(profile.bands) + 1
    assert ws.cell(row=note, column=7).value == f"（按“{profile.name}”：90分及以上优、80分及以上良、60分及以上中、其余差）"
    assert f"G{note}:H{note}" in {str(m) for m in ws.merged_cells.ranges} and ws.row_dimensions[note].height == 66
    assert {k: v.width for k, v in ws.column_dimensions.items()} == {
        "A": 16, "B": 11, "C": 11, "D": 11, "E": 11, "F": 3, "G": 11, "H": 9}
    assert ws.print_title_rows == "$3:$3" and ws.freeze_panes is None
    assert ws["D4"].number_format == "0%" and ws["D8"].number_format == "0%"
    assert ws["A12"].value == "满分" and ws["B12"].value == 100


def test_blank_form_summary_shows_no_total_and_no_grade():
    wb = build_workbook(None, load_profile(DEFAULT_PROFILE))
    quote_text(wb)
    got = evaluate_cells(wb, ["!".join(named(wb, n)) for n in (L.TOTAL_NAME, L.GRADE_NAME)])
    assert list(got.values()) == ["", ""]


# ---------------------------------------------------------------- 文字材料


def test_text_sheet_rows_of_the_example():
    ev = load_example()
    ev.narrative.headings = {"s4": "本单位的小标题", "zz_heading": "提纲外的小标题"}  # the second: no standard heading
    ev.narrative.unplaced = ["没有归类的一段"]
    ev.narrative.texts = {"zz_field": ["提纲外的一段"]}
    wb = build_workbook(ev)
    ws = wb[L.S_TEXT]
    assert ws["A1"].value == "文字材料" and ws["A1"].font.b
    assert ws["A2"].value == "每个单元格一段或一条；“栏目”与报告小标题对应；空白行不读取。可用{年度}等占位符。"
    assert [(ws.cell(row=3, column=c).value, kind(ws.cell(row=3, column=c))) for c in (1, 2, 3)] == \
        [(L.TEXT_SECTION, "head"), (L.TEXT_LABEL, "head"), (L.TEXT_CONTENT, "head")]
    assert named(wb, L.TEXT_HEADER_NAME) == (L.S_TEXT, "A3")
    assert ws.freeze_panes == "A4" and ws.print_title_rows == "$3:$3"
    rows = [tuple(ws.cell(row=r, column=c).value for c in (1, 2, 3)) for r in range(4, ws.max_row + 1)]
    assert {kind(ws.cell(row=r, column=c)) for r in range(4, ws.max_row + 1) for c in (1, 2, 3)} == {"input"}
    analysis = [r for r in rows if r[0] == "四（二）绩效指标完成情况分析"]
    assert [(b, c) for _, b, c in analysis] == list(ev.narrative.analysis.items())
    # after the outline's rows: the unit's own headings (under the standard one), what an import could not place,
    # and text of 栏目 this outline does not print (kept, never dropped)
    assert rows[-5:] == [("八、其他需要说明的问题", "其他", "无"),
                         (L.HEADING_SECTION, "四、绩效目标实现情况分析", "本单位的小标题"),
                         (L.HEADING_SECTION, "zz_heading", "提纲外的小标题"),  # kept under its own key
                         (L.UNPLACED_SECTION, L.UNPLACED_SECTION, "没有归类的一段"),
                         (L.UNUSED_SECTION, "zz_field", "提纲外的一段")]
    assert rows[0] == ("二、绩效自评工作开展情况", "工作开展情况", ev.narrative.process[0])


def test_blank_text_sheet_lists_level_1_and_2_indicators_for_analysis():
    profile = load_profile(DEFAULT_PROFILE)
    ws = build_workbook(None, profile)[L.S_TEXT]
    rows = [tuple(ws.cell(row=r, column=c).value for c in (1, 2, 3)) for r in range(4, ws.max_row + 1)]
    names = [b for a, b, _ in rows if a == "四（二）绩效指标完成情况分析"]
    expected = [n for top in profile.indicators for n in [top.name, *(c.name for c in top.children)]]
    assert names == expected  # levels 1 and 2 only, no 示例 rows
    assert all(c is None for _, _, c in rows)
    assert rows[0] == ("二、绩效自评工作开展情况", "工作开展情况", None)


# ---------------------------------------------------------------- 设置


def test_settings_rule_rows_options_and_the_qualitative_table():
    profile = load_profile(DEFAULT_PROFILE)
    wb = build_workbook(None, profile)
    ws = wb[L.S_SETTINGS]
    assert ws["A1"].value == "设置" and ws["A1"].font.b
    assert ws["A2"].value == "评分规则随本表保存，各表公式按它计算；报告选项可以修改。"
    for i, f in enumerate(L.SETTINGS_FIELDS):
        r = 3 + i
        assert (ws.cell(row=r, column=1).value, ws.cell(row=r, column=4).value) == (f.label, f.note)
        assert named(wb, f.name) == (L.S_SETTINGS, f"B{r}")
        assert kind(ws.cell(row=r, column=2)) == ("calc" if f.kind == "rule" else "input"), f.name
    value = {f.name: ws.cell(row=3 + i, column=2).value for i, f in enumerate(L.SETTINGS_FIELDS)}
    assert [value[k] for k in ("评分规则", "执行率分母", "得分小数位", "百分比小数位", "不适用折算")] == \
        [profile.name, "年初预算数", 2, 0, "是"]
    assert [value[k] for k in ("标点转为全角", "落款", "沿用原有写法", "问题措施位置")] == ["是", "是", "否", "六"]
    lists = {str(dv.sqref): dv.formula1 for dv in ws.data_validations.dataValidation}
    rows = {f.name: f"B{3 + i}" for i, f in enumerate(L.SETTINGS_FIELDS)}
    assert lists == {rows["问题措施位置"]: '"五,六"', rows["标点转为全角"]: '"是,否"', rows["落款"]: '"是,否"',
                     rows["沿用原有写法"]: '"是,否"'}
    head = 3 + len(L.SETTINGS_FIELDS) + 1
    assert [(ws.cell(row=head, column=c).value, kind(ws.cell(row=head, column=c))) for c in (1, 2)] == \
        [("定性指标完成情况", "head"), ("建议得分（占分值）", "head")]
    table = [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) for r in range(head + 1, ws.max_row + 1)]
    words = dict(table)
    assert len(words) == len(table)  # each word once
    # SCORING.md §5: 达成 the band's top 100 %, 部分达成 80 % … here the rules' suggestions: 100 / 70 / 30 %
    assert (words["达成"], words["部分达成"], words["未达成"], words["优秀"], words["合格"], words["否"]) == \
        (1, 0.7, 0.3, 1, 0.7, 0.3)
    assert table[0] == ("达成", 1) and ws.cell(row=head + 1, column=2).number_format == "0%"
    end = head + len(table)
    assert wb.defined_names[L.QUALITATIVE_TABLE_NAME].attr_text == f"'{L.S_SETTINGS}'!$A${head + 1}:$B${end}"
    assert wb.defined_names[L.QUALITATIVE_WORDS_NAME].attr_text == f"'{L.S_SETTINGS}'!$A${head + 1}:$A${end}"
    assert wb.defined_names[L.NO_WORDS_NAME].attr_text == f"'{L.S_SETTINGS}'!$C${head + 1}"
    assert ws.protection.sheet


def test_settings_say_no_rescaling_when_the_rules_say_so():
    profile = load_profile(DEFAULT_PROFILE).model_copy(update={"rescale_not_applicable": False})
    wb = build_workbook(None, profile)
    assert wb[L.S_SETTINGS][named(wb, "不适用折算")[1]].value == "否"


def test_settings_keep_the_evaluations_options():
    ev = load_example()
    ev.options.fullwidth_punctuation = False
    ev.options.signature = True
    ev.options.legacy_wording = True
    ev.options.problems_section = "五"
    wb = build_workbook(ev)
    ws = wb[L.S_SETTINGS]
    value = {f.name: ws.cell(row=3 + i, column=2).value for i, f in enumerate(L.SETTINGS_FIELDS)}
    assert [value[k] for k in ("标点转为全角", "落款", "沿用原有写法", "问题措施位置")] == ["否", "是", "是", "五"]


# ---------------------------------------------------------------- the hidden sheets


def test_rules_sheet_holds_the_profile_and_the_outline_as_text():
    ev = load_example()
    ev.carried = ["=上年的一句", "第二句"]
    wb = build_workbook(ev)
    ws = wb[L.S_RULES]
    profile = load_profile(ev.profile)
    lines = profile.text.replace("\r\n", "\n").split("\n")
    assert ws["A1"].value == L.RULES_BANNER and ws["B1"].value == L.OUTLINE_BANNER and ws["C1"].value == L.CARRIED_BANNER
    assert [ws.cell(row=i, column=1).value for i in range(2, len(lines) + 2)] == [x or None for x in lines]
    assert ws["C2"].value == "=上年的一句" and ws["C2"].data_type == "s" and ws["C3"].value == "第二句"
    assert all(c.data_type == "s" for row in ws.iter_rows() for c in row if c.value is not None)
    assert ws.sheet_state == "hidden" and ws.protection.sheet and ws.column_dimensions["A"].width == 120
    assert ws["B2"].value is not None


def test_rules_sheet_one_line_a_cell_whatever_the_line_ends():
    ev = load_example()
    ev.carried = ["第一行\r\n第二行", "第三行"]  # Windows line ends inside a carried text
    ws = build_workbook(ev)[L.S_RULES]
    assert [ws.cell(row=r, column=3).value for r in range(1, 5)] == [L.CARRIED_BANNER, "第一行", "第二行", "第三行"]


def test_rules_sheet_reloads_the_named_rules_when_a_profile_carries_no_text():
    name = "部门整体-单位格式"  # not the default rules
    wb = build_workbook(None, load_profile(name).model_copy(update={"text": ""}))
    column = [c.value for c in wb[L.S_RULES]["A"]]
    assert f'name = "{name}"' in column and f'name = "{DEFAULT_PROFILE}"' not in column


def test_a_carried_line_too_long_for_a_cell_is_refused_in_chinese():
    ev = load_example()
    ev.carried = ["上年的一句", "长" * 32001]
    with pytest.raises(ProfileError) as err:
        build_workbook(ev)
    assert str(err.value) == "导入记录第2行过长（超过32000个字符），无法保存在工作簿中，请拆分"


def test_blank_form_shows_the_example_rows_of_the_rules():
    ws = build_workbook(None, load_profile(DEFAULT_PROFILE))[L.S_IND]
    level3 = [ws.cell(row=r, column=L.IND_COL["level3"]).value for r in range(L.IND_HEADER_ROW + 1, ws.max_row + 1)]
    assert [x for x in level3 if x] == ["示例：年度工作目标完成率", "示例：工作目标合理性"]


def test_rules_sheet_without_carried_text_has_two_columns():
    ws = build_workbook(None, load_profile(DEFAULT_PROFILE))[L.S_RULES]
    assert ws.max_column == 2


def test_a_rule_line_too_long_for_a_cell_is_refused_in_chinese():
    profile = load_profile(DEFAULT_PROFILE)
    long = profile.model_copy(update={"text": profile.text + "\n# " + "长" * 32000}) if hasattr(
        profile, "model_copy") else None
    if long is None:
        import dataclasses

        long = dataclasses.replace(profile, text=profile.text + "\n# " + "长" * 32000)
    n = len(profile.text.replace("\r\n", "\n").split("\n")) + 1
    with pytest.raises(ProfileError) as err:
        build_workbook(None, long)
    assert str(err.value) == f"评分规则第{n}行过长（超过32000个字符），无法保存在工作簿中，请拆分"
    ok = dataclasses_replace(profile, profile.text + "\n# " + "长" * 31998)  # 32000 characters: fits
    assert build_workbook(None, ok)[L.S_RULES].cell(row=n + 1, column=1).value == "# " + "长" * 31998


def dataclasses_replace(profile, text):
    if hasattr(profile, "model_copy"):
        return profile.model_copy(update={"text": text})
    import dataclasses

    return dataclasses.replace(profile, text=text)


def test_xlwings_conf_pins_every_setting():
    ws = build_workbook(None, load_profile(DEFAULT_PROFILE))[L.S_CONF]
    got = [(ws.cell(row=r, column=1).value, ws.cell(row=r, column=2).value) for r in range(1, ws.max_row + 1)]
    assert got == [(k, v or None) for k, v in PINNED_SETTINGS]
    assert got[0] == ("UDF Modules", "xlperf.udfs")
    assert all(ws.cell(row=r, column=2).data_type == "s" for r in range(1, ws.max_row + 1)
               if ws.cell(row=r, column=2).value is not None)
    assert ws.sheet_state == "hidden"


# ---------------------------------------------------------------- entry points


def test_build_workbook_sheets_order_active_sheet_and_recalculation():
    wb = build_workbook(load_example())
    assert wb.sheetnames == list(L.SHEETS)
    assert wb.active.title == wb.sheetnames[1] == L.S_BASIC
    assert wb.calculation.fullCalcOnLoad is True


def test_build_workbook_takes_the_evaluations_rules_unless_told():
    ev = load_example()
    other = [n for n in available() if n != ev.profile][0]
    ev.profile = other
    wb = build_workbook(ev)
    assert wb[L.S_SETTINGS]["B3"].value == load_profile(other).name
    assert build_workbook(ev, load_profile(DEFAULT_PROFILE))[L.S_SETTINGS]["B3"].value == DEFAULT_PROFILE
    ev.profile = ""
    assert build_workbook(ev)[L.S_SETTINGS]["B3"].value == DEFAULT_PROFILE
    assert build_workbook()[L.S_SETTINGS]["B3"].value == DEFAULT_PROFILE


def test_write_workbook_and_build_all(tmp_path):
    path = write_workbook(tmp_path / "a.xlsx", _small())
    assert path == tmp_path / "a.xlsx" and path.is_file()
    import openpyxl

    assert openpyxl.load_workbook(path)[L.S_SUMMARY]["A4"].value == f"='{L.S_IND}'!A4"
    out = tmp_path / "new" / "folder"
    paths = build_all(out)
    assert paths == [out / FORM_FILE, out / EXAMPLE_FILE] == [out / "xlperf-form.xlsx", out / "example-2021.xlsx"]
    form, example = (openpyxl.load_workbook(p) for p in paths)
    assert form[L.S_BASIC]["B3"].value is None and example[L.S_BASIC]["B3"].value == load_example().unit
    assert form[L.S_SETTINGS]["B3"].value == DEFAULT_PROFILE


def _outline_lines(wb):
    ws = wb[L.S_RULES]
    return [ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)]


def test_the_form_keeps_the_evaluations_outline_else_the_profiles_own():
    from xlperf.domain.outlines import load_outline, outline_text

    unit_format = load_outline("部门单位整体支出")  # another outline than the default profile's 部门整体
    expected = [x or None for x in outline_text(unit_format).replace("\r\n", "\n").rstrip("\n").split("\n")]
    ev = load_example()
    ev.outline = outline_text(unit_format)  # a form built with that outline keeps it
    got = _outline_lines(build_workbook(ev))
    assert got[: len(expected)] == expected and got != _outline_lines(build_workbook(load_example()))
    # a profile that names its own outline: the blank form takes that one, not the default
    wb = build_workbook(None, load_profile("部门整体-单位格式"))
    assert _outline_lines(wb)[: len(expected)] == expected


def test_an_outline_line_too_long_for_a_cell_is_refused_in_chinese(monkeypatch):
    import xlperf.workbook.build as B

    monkeypatch.setattr(B, "outline_text", lambda outline: "[提纲]\n" + "长" * 32001)
    with pytest.raises(ProfileError) as err:
        build_workbook(None, load_profile(DEFAULT_PROFILE))
    assert str(err.value) == "报告提纲第2行过长（超过32000个字符），无法保存在工作簿中，请拆分"


def test_the_qualitative_table_cells_are_grey_and_locked():
    wb = build_workbook(None, load_profile(DEFAULT_PROFILE))
    ws = wb[L.S_SETTINGS]
    head = 3 + len(L.SETTINGS_FIELDS) + 1
    assert {(kind(ws.cell(row=r, column=c)), ws.cell(row=r, column=c).protection.locked)
            for r in range(head + 1, ws.max_row + 1) for c in (1, 2)} == {("calc", True)}


# ---------------------------------------------------------------- scripts/mutate_workbook.py --mutants


def test_the_workbook_sample_script_reads_the_mutants_folder_it_is_given(tmp_path, monkeypatch):
    import importlib.util
    import json
    from pathlib import Path

    script = Path(__file__).resolve().parents[1] / "scripts" / "mutate_workbook.py"
    spec = importlib.util.spec_from_file_location("mutate_workbook_script", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    folder = tmp_path / "narrow" / "mutants"
    (folder / "xlperf" / "workbook").mkdir(parents=True)
    (folder / "xlperf" / "workbook" / "build.py.meta").write_text(
        json.dumps({"exit_code_by_key": {"b.x_f__mutmut_2": 1, "b.x_f__mutmut_1": 0}}), "utf-8")
    monkeypatch.setattr(module, "MUTANTS", module.MUTANTS)  # restored after the test
    module.use_mutants(folder)
    assert module.mutant_names("build") == ["b.x_f__mutmut_1", "b.x_f__mutmut_2"]
    assert module.mutmut_verdicts("build") == {"b.x_f__mutmut_2": 1, "b.x_f__mutmut_1": 0}
    with pytest.raises(SystemExit, match="formulas.py.meta 不存在：先运行一次 make mutate"):
        module.mutant_names("formulas")
