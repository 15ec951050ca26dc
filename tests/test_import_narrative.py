"""Where last year's words go in this year's form, and which of last year's entries are cleared: every expected
cell content below is written by hand from the report text in this file (or from the example workbook's inputs
changed here), never read back from the importer.
"""

from __future__ import annotations

import shutil

import openpyxl
import pytest

from report_helpers import REPO, run_cli

REPORT = """目录
某县文化广电和旅游局2022年度部门整体绩效自评报告
一、基本情况
（一）部门年度履职目标及主要任务
部门年度履职目标：1.组织开展群众文化活动；2.保护文物和非物质文化遗产。
主要任务：抓好文化惠民演出；做好文物安全巡查。
（二）部门年度整体绩效目标、绩效指标设置情况
年度整体绩效目标是完成全年文化惠民演出和文物安全巡查任务。
二、绩效自评工作开展情况
2022年，某县文化广电和旅游局成立自评工作小组，对照指标逐项打分。
三、综合评价结论
我局2022年部门整体绩效最终得分为87.5分，评价等级为“良”。
指标\t权重分值\t得分\t得分率
预算执行\t10\t7.5\t75%
投入管理\t20\t17\t85%
产出指标\t40\t36\t90%
效益指标\t30\t27\t90%
文化专项\t5\t4\t80%
合计\t100\t87.5\t87.5%
四、绩效目标实现情况分析
（一）部门资金情况分析
资金使用符合财经法规。
（二）部门绩效指标完成情况分析
产出指标分析：完成惠民演出120场。
七、绩效自评工作的经验、问题和建议
提前谋划是关键。
一是完善激励机制。
（一）存在的问题和建议
1.加强业务培训。
2、充实基层文化队伍。
"""


def basic_rows(wb) -> list[tuple[str, str]]:
    """(栏目, 内容) of 基本情况's list rows (履职目标, 主要任务)."""
    ws = wb["基本情况"]
    start = next(r[0].row for r in ws.iter_rows() if r[0].value == "栏目")
    return [(r[0].value, r[1].value) for r in ws.iter_rows(min_row=start + 1) if r[1].value]


def text_by_label(wb) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for r in wb["文字材料"].iter_rows(min_row=4):
        if r[2].value and r[0].value != "本单位小标题":
            out.setdefault(r[1].value, []).append(r[2].value)
    return out


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    d = tmp_path_factory.mktemp("narr")
    src = d / "2022.txt"
    src.write_text(REPORT, encoding="utf-8")
    form = d / "2023.xlsx"
    import io
    from contextlib import redirect_stdout

    out = io.StringIO()
    with redirect_stdout(out):
        assert run_cli("import", src, "-o", form) == 0
    return openpyxl.load_workbook(form), out.getvalue()


def test_duty_goals_and_main_tasks_are_one_row_each(imported):
    wb, _ = imported
    assert basic_rows(wb) == [("部门年度履职目标", "组织开展群众文化活动"), ("部门年度履职目标", "保护文物和非物质文化遗产"),
                              ("主要任务", "抓好文化惠民演出"), ("主要任务", "做好文物安全巡查")]


def test_unit_and_year_become_placeholders(imported):
    wb, _ = imported
    assert text_by_label(wb)["工作开展情况"] == ["{年度}年，{单位}成立自评工作小组，对照指标逐项打分。"]


def test_analysis_named_with_its_suffix_finds_its_indicator(imported):
    wb, out = imported
    assert text_by_label(wb)["产出指标"] == ["完成惠民演出120场。"]
    assert "情况分析没有对应的一级指标" not in out


def test_section_seven_experience_and_numbered_suggestions(imported):
    wb, _ = imported
    texts = text_by_label(wb)
    assert texts["经验"] == ["提前谋划是关键。"]
    assert texts["问题和建议"] == ["完善激励机制。", "加强业务培训。", "充实基层文化队伍。"]  # numbering dropped


def test_nothing_before_the_title_is_kept_and_unknown_scores_are_named(imported):
    wb, out = imported
    assert "未归类" not in text_by_label(wb)  # “目录” is dropped, not kept as text
    assert "报告中的“文化专项”得分4分未能对应到指标表，未导入" in out


def test_a_project_report_is_imported_with_the_project_profile(tmp_path, capsys):
    """Issue 23 (6): the report's kind picks the built-in profile of that kind, with one line saying so
    (before, the import only asked for --profile and went on with the 部门整体 rules)."""
    src = tmp_path / "项目.txt"
    src.write_text(REPORT.replace("部门整体绩效自评报告", "项目支出绩效自评报告"), encoding="utf-8")
    assert run_cli("import", src, "-o", tmp_path / "f.xlsx") == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == ("这是一份项目支出绩效自评报告，已按评分规则“项目支出-财预2020-10号”及其报告提纲导入"
                                   "（另选规则请加 --profile）")
    rules = openpyxl.load_workbook(tmp_path / "f.xlsx")["规则数据"]
    assert 'name = "项目支出-财预2020-10号"' in [c.value for c in rules["A"]]


# --------------------------------------------------------------------------- last year's workbook


def example_copy(tmp_path, edit) -> tuple:
    src = tmp_path / "2021.xlsx"
    shutil.copy(REPO / "workbooks" / "example-2021.xlsx", src)
    wb = openpyxl.load_workbook(src)
    edit(wb)
    wb.save(src)
    return src, tmp_path / "2022.xlsx"


def _label_row(ws, label: str) -> int:
    return next(r[0].row for r in ws.iter_rows() if r[0].value == label)


def test_workbook_clears_last_years_reasons_and_achieved_keeps_targets(tmp_path):
    def edit(wb):
        ws = wb["预算资金"]
        ws.cell(_label_row(ws, "满意度情况补充说明"), 2).value = "2021年满意度调查覆盖全区12个街道。"
        ind = wb["指标评分"]
        head = {c.value: c.column for c in ind[3]}
        ind.cell(4, head["偏差原因"]).value = "年中预算调减"
        ind.cell(4, head["改进措施"]).value = "加快执行进度"

    src, form = example_copy(tmp_path, edit)
    assert run_cli("import", src, "-o", form) == 0
    wb = openpyxl.load_workbook(form)
    ws = wb["预算资金"]
    assert ws.cell(_label_row(ws, "满意度情况补充说明"), 2).value == "{年度}年满意度调查覆盖全区12个街道。"
    assert ws.cell(_label_row(ws, "满意度目标值"), 2).value == pytest.approx(0.9)  # the example's ≥90 %, a standing target
    assert ws.cell(_label_row(ws, "满意度目标（表述）"), 2).value == "≥90%"
    assert ws.cell(_label_row(ws, "实际满意度"), 2).value is None  # 2021's 90 % is not 2022's
    ind = wb["指标评分"]
    head = {c.value: c.column for c in ind[3]}
    assert ind.cell(4, head["一级指标"]).value == "预算执行"
    assert ind.cell(4, head["偏差原因"]).value is None and ind.cell(4, head["改进措施"]).value is None


def test_workbook_with_errors_brings_no_total(tmp_path, capsys):
    def edit(wb):
        ind = wb["指标评分"]
        assert ind["C14"].value == "财务管理制度健全性"
        ind["H14"].value = None  # a 定性 leaf without its 实际完成值: 2021 cannot be scored, so has no total

    src, form = example_copy(tmp_path, edit)
    assert run_cli("import", src, "-o", form) == 0
    assert "上年填报表有错误，上年总分和等级未导入" in capsys.readouterr().out
    ws = openpyxl.load_workbook(form)["预算资金"]
    assert ws.cell(_label_row(ws, "上年总分"), 2).value is None and ws.cell(_label_row(ws, "上年等级"), 2).value is None
    assert ws.cell(_label_row(ws, "上年项目数"), 2).value == 29  # what is known still comes
