"""Every 上年 value an import brings, with non-zero figures that differ from each other, checked against what the
report text below states (read by eye, written here by hand) — through the .txt, the .docx (Word's own numbering,
a real table) and last year's workbook.

The report is written for these tests: “三公”经费 budget 12.50 and spend 9.80 (so taking the one for the other
shows), a stated 执行率 of 88 % that equals 704.00 / 800.00 (the 年初 denominator of the default profile), a total of
87.5 that is the sum of the table's 7.5 + 17 + 36 + 27, and level-2 scores stated in 四（二）.
"""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from docx_build import OUTLINE, from_lines, numbering_xml, write_docx
from import_helpers import imported_form
from report_helpers import REPO, run_cli

REPORT_2022 = """某县文化广电和旅游局2022年度部门整体绩效自评报告

一、基本情况
（一）部门年度履职目标及主要任务
部门年度履职目标：1.组织开展群众文化活动；2.保护文物和非物质文化遗产。
（二）部门年度整体绩效目标、绩效指标设置情况
年度整体绩效目标是完成全年文化惠民演出和文物安全巡查任务。
二、绩效自评工作开展情况
我局成立自评工作小组，对照指标逐项打分。
三、综合评价结论
我局2022年部门整体绩效最终得分为87.5分，评价等级为“良”。
指标\t权重分值\t得分\t得分率
预算执行\t10\t7.5\t75%
投入管理\t20\t17\t85%
产出指标\t40\t36\t90%
效益指标\t30\t27\t90%
合计\t100\t87.5\t87.5%
四、绩效目标实现情况分析
（一）部门资金情况分析
2022年度，我局预算年初数为800.00万元，调整预算数为760.00万元，预算执行金额为704.00万元，预算执行率88%。
“三公”经费年初预算数为12.50万元，实际支出为9.80万元。
共有项目14个，开展绩效监控项目13个，开展绩效自评项目12个，部门绩效评价4个，完成率75%。
（二）部门绩效指标完成情况分析
投入管理情况：工作目标管理（分值4分）得分3.5分，预算和财务管理（分值10分）得分8分，绩效管理（分值6分）得分5.5分。
产出指标情况：重点工作任务完成情况（分值20分）得分18分，履职目标实现情况（分值20分）得分18分。
效益指标情况：履职效益（分值20分）得分18.5分，满意度（分值10分）得分8.5分。
满意度情况：满意度目标值为≥90%，实际满意度为93%。
五、存在的问题、改进措施及结果应用
（一）存在的主要问题
1.部分演出场次受天气影响推迟。
（二）改进措施
1.提前制定备用场地方案。
（三）结果应用
自评结果在部门决算中公开。
六、其他需要说明的问题
无
"""

#: 上年情况 as the report above states it (预算资金 labels → values)
PREVIOUS_2022 = {"上年年度": 2022, "上年总分": 87.5, "上年等级": "良", "上年预算执行率": 0.88, "上年项目数": 14,
                 "“三公”经费上年支出": 9.8}
#: 上年得分 of every row of the default profile, from the table (level 1) and 四（二）'s sentences (level 2)
PREV_SCORES_2022 = {"预算执行": 7.5, "投入管理": 17, "工作目标管理": 3.5, "预算和财务管理": 8, "绩效管理": 5.5,
                    "产出指标": 36, "重点工作任务完成情况": 18, "履职目标实现情况": 18,
                    "效益指标": 27, "履职效益": 18.5, "满意度": 8.5}
#: this year's inputs that an import leaves blank for the clerk
THIS_YEAR_BLANK = ("年初预算数", "调整预算数（全年预算数）", "预算执行金额（执行数）", "“三公”经费年初预算", "“三公”经费实际支出",
                   "项目数", "开展绩效监控项目数", "开展绩效自评项目数")


def budget_values(wb) -> dict:
    return {r[0].value: r[1].value for r in wb["预算资金"].iter_rows() if r[0].value}


def prev_scores(wb) -> dict:
    ws = wb["指标评分"]
    head = {c.value: c.column for c in ws[3]}
    out = {}
    for r in range(4, ws.max_row + 1):
        name = next((ws.cell(r, head[k]).value for k in ("三级指标", "二级指标", "一级指标") if ws.cell(r, head[k]).value),
                    None)
        if name and name != "合计":
            out[name] = ws.cell(r, head["上年得分"]).value
    return out


def as_docx(text: str, path: Path) -> Path:
    """The report as Word writes it: headings numbered by Word (not in the text), the table a real table."""
    return write_docx(path, from_lines(text.splitlines()), numbering_xml(OUTLINE, {3: (7, {})}))


@pytest.fixture(params=["txt", "docx"])
def source(request, tmp_path) -> Path:
    if request.param == "txt":
        src = tmp_path / "上年报告.txt"
        src.write_text(REPORT_2022, encoding="utf-8")
        return src
    pytest.importorskip("docx")
    return as_docx(REPORT_2022, tmp_path / "上年报告.docx")


def test_every_previous_value_comes_from_the_report(source, tmp_path):
    form = tmp_path / "2023.xlsx"
    assert run_cli("import", source, "-o", form) == 0
    wb = openpyxl.load_workbook(form)
    assert wb["基本情况"]["A4"].value == "年度" and wb["基本情况"]["B4"].value == 2023  # the report's year + 1
    assert wb["基本情况"]["B3"].value == "某县文化广电和旅游局"
    values = budget_values(wb)
    for label, expected in PREVIOUS_2022.items():
        assert values[label] == pytest.approx(expected) if isinstance(expected, float) else values[label] == expected, \
            (label, values[label])
    assert values["“三公”经费上年支出"] != 12.5  # last year's spend, not last year's budget
    for label in THIS_YEAR_BLANK:
        assert values[label] is None, label
    assert prev_scores(wb) == PREV_SCORES_2022
    # the satisfaction target is a standing one: kept for this year; last year's 93 % is not this year's
    assert values["满意度目标值"] == pytest.approx(0.9) and values["满意度目标（表述）"] == "≥90%"
    assert values["实际满意度"] is None


def test_same_year_import_puts_the_figures_into_this_years_cells(tmp_path):
    """--year equal to the report's own year: the stated amounts are this year's inputs; nothing is 上年."""
    src = tmp_path / "r.txt"
    src.write_text(REPORT_2022, encoding="utf-8")
    form = tmp_path / "2022.xlsx"
    assert run_cli("import", src, "-o", form, "--year", "2022") == 0
    expected = {"年初预算数": 800, "调整预算数（全年预算数）": 760, "预算执行金额（执行数）": 704,
                "“三公”经费年初预算": 12.5, "“三公”经费实际支出": 9.8, "项目数": 14, "开展绩效监控项目数": 13,
                "开展绩效自评项目数": 12, "部门绩效评价数": 4, "部门绩效评价完成数": 3,  # 75 % of 4
                "满意度目标值": 0.9, "实际满意度": 0.93}
    wb = openpyxl.load_workbook(form)
    values = budget_values(wb)
    assert {k: values[k] for k in expected} == pytest.approx(expected)
    assert all(values[k] is None for k in ("上年总分", "上年等级", "上年预算执行率", "上年项目数", "“三公”经费上年支出"))
    assert set(prev_scores(wb).values()) == {None}  # the report's scores are this year's, not 上年得分


def test_a_total_stated_only_in_words(tmp_path):
    """No score table: the 总分 with its decimal place comes from the sentence in 三、."""
    start, end = REPORT_2022.index("指标\t权重分值"), REPORT_2022.index("四、绩效目标实现情况分析")
    src = tmp_path / "r.txt"
    src.write_text(REPORT_2022[:start] + REPORT_2022[end:], encoding="utf-8")
    form = tmp_path / "f.xlsx"
    assert run_cli("import", src, "-o", form) == 0
    values = budget_values(openpyxl.load_workbook(form))
    assert (values["上年总分"], values["上年等级"]) == (87.5, "良")


def test_same_year_workbook_keeps_its_own_previous_values(tmp_path):
    """Last year's form imported for its own year (a fresh copy): its typed 上年得分 stay, not its scores."""
    src = tmp_path / "2021.xlsx"
    shutil.copy(REPO / "workbooks" / "example-2021.xlsx", src)
    wb = openpyxl.load_workbook(src)
    ind = wb["指标评分"]
    head = {c.value: c.column for c in ind[3]}
    ind.cell(4, head["上年得分"]).value = 5  # 预算执行, whose 2021 score is 3
    assert ind.cell(4, head["一级指标"]).value == "预算执行"
    wb.save(src)
    form = tmp_path / "again.xlsx"
    assert run_cli("import", src, "-o", form, "--year", "2021") == 0
    new = openpyxl.load_workbook(form)
    assert prev_scores(new)["预算执行"] == 5
    assert budget_values(new)["年初预算数"] == pytest.approx(7319.56)


@pytest.mark.parametrize("stated, rate", [("92.5%", 0.925), ("100%", 1.0), ("8.75%", 0.0875)])
def test_a_stated_rate_without_amounts_is_a_fraction(tmp_path, stated, rate):
    """A report that states only 预算执行率 (no amounts to compute it from): 92.5 % is 0.925 in the cell."""
    text = REPORT_2022.replace(
        "2022年度，我局预算年初数为800.00万元，调整预算数为760.00万元，预算执行金额为704.00万元，预算执行率88%。",
        f"2022年度，我局预算执行率为{stated}，资金按计划拨付。")
    assert "800.00" not in text
    form = imported_form(tmp_path, text)
    assert budget_values(openpyxl.load_workbook(form))["上年预算执行率"] == pytest.approx(rate)


def test_previous_values_from_last_years_workbook(tmp_path):
    """Last year's form (the example, with a “三公”经费 budget of 12.5 and a spend of 9.8 and 32 projects of which 29
    monitored and 29 self-evaluated typed in): its computed 总分/等级/执行率, its 项目数 and its “三公”经费 spend
    become this year's 上年 values."""
    src = tmp_path / "2021.xlsx"
    shutil.copy(REPO / "workbooks" / "example-2021.xlsx", src)
    wb = openpyxl.load_workbook(src)
    ws = wb["预算资金"]
    rows = {r[0].value: r[0].row for r in ws.iter_rows() if r[0].value}
    ws.cell(rows["“三公”经费年初预算"], 2).value = 12.5
    ws.cell(rows["“三公”经费实际支出"], 2).value = 9.8  # 78.4 % of the budget: 控制率 ≤ 100 %, full marks as before
    ws.cell(rows["项目数"], 2).value = 32  # 绩效监控/自评完成率 29/32: each 2 × 0.90625 = 1.8125 → 1.81 (2 places)
    wb.save(src)
    form = tmp_path / "2022.xlsx"
    assert run_cli("import", src, "-o", form) == 0
    new = openpyxl.load_workbook(form)
    values = budget_values(new)
    # the example's 91 less 2 × (2 − 1.81) = 0.38 lost on the two completion rates
    assert values["上年年度"] == 2021 and values["上年总分"] == pytest.approx(90.62) and values["上年等级"] == "优"
    assert values["上年项目数"] == 32
    assert values["上年预算执行率"] == pytest.approx(1770.59 / 7319.56)  # 执行数 / 年初预算数
    assert values["“三公”经费上年支出"] == 9.8
    assert values["“三公”经费年初预算"] is None and values["“三公”经费实际支出"] is None
    prev = prev_scores(new)
    assert (prev["预算执行"], prev["投入管理"], prev["产出指标"], prev["效益指标"]) == pytest.approx((3, 17.62, 40, 30))
    assert (prev["绩效监控完成率"], prev["绩效自评完成率"], prev["部门评价完成率"]) == pytest.approx((1.81, 1.81, 1))


def test_next_years_report_states_the_imported_previous_figures(tmp_path):
    """The 同比 sentences of the 2023 report use the 2022 figures stated above (88 %, 87.5 分, 14 个)."""
    from import_helpers import norm

    form = imported_form(tmp_path, REPORT_2022, "2023.xlsx")
    wb = openpyxl.load_workbook(form)
    ws = wb["预算资金"]
    rows = {r[0].value: r[0].row for r in ws.iter_rows() if r[0].value}
    for label, value in (("年初预算数", 1000), ("调整预算数（全年预算数）", 950), ("预算执行金额（执行数）", 900),
                         ("项目数", 16), ("开展绩效监控项目数", 16), ("开展绩效自评项目数", 16)):
        ws.cell(rows[label], 2).value = value
    ind = wb["指标评分"]
    head = {c.value: c.column for c in ind[3]}
    scores = {"工作目标管理": 4, "预算和财务管理": 9, "绩效管理": 6, "重点工作任务完成情况": 19, "履职目标实现情况": 19,
              "履职效益": 19, "满意度": 9}
    for r in range(4, ind.max_row + 1):
        name = ind.cell(r, head["二级指标"]).value
        if name in scores:
            ind.cell(r, head["得分"]).value = scores[name]
    wb.save(form)
    assert run_cli("report", form, "-o", tmp_path / "out", "--format", "md") == 0
    (md,) = (tmp_path / "out").glob("*.md")
    report = norm(md.read_text(encoding="utf-8"))
    # 预算执行 900/1000 = 90 % of 10 = 9; 9 + 4 + 9 + 6 + 19 + 19 + 19 + 9 = 94 (by hand)
    assert "最终得分为94分" in report
    assert "较上年（87.5分）提高6.5分" in report
    assert "较上年（14个）增加2个" in report
    assert "较上年（88%）提高2个百分点" in report  # 900 / 1000 = 90 % against 704 / 800 = 88 % (whole percents)


@pytest.mark.parametrize("text, expected", [
    ("部门绩效评价4个，完成75%。", {"projects.dept_evaluations": 4, "projects.dept_evaluations_done": 3}),  # 75 % of 4
    ("部门绩效评价4个，完成率75%。", {"projects.dept_evaluations": 4, "projects.dept_evaluations_done": 3}),
    ("群众满意度达到93%。", {"satisfaction.achieved": Decimal("0.93")}),
    ("实际满意度为93.5%。", {"satisfaction.achieved": Decimal("0.935")}),
    ("完成满意度90%的目标。", {"satisfaction.achieved": Decimal("0.9"), "satisfaction.target": Decimal("0.9")}),
    ("满意度目标值为≥90%，实际满意度为93%。",
     {"satisfaction.target_text": "≥90%", "satisfaction.target": Decimal("0.9"), "satisfaction.achieved": Decimal("0.93")}),
    ("预算执行率达到92.5%。", {"facts.执行率": Decimal("0.925")}),
    ("结转结余率为3.5%。", {"facts.结转结余率": Decimal("0.035")}),
])
def test_figures_in_other_reports_wordings(text, expected):
    """Wordings other than xlperf's own sentences: each percentage is a fraction, a 完成率 a count."""
    from xlperf.importer.statements import read_figures

    out: dict = {}
    read_figures(text, out)
    assert out == expected
