"""Issue 23: reports as real departments print them — accepted or refused, and the unit and year read from
every title shape and cover field; placeholders and dates of filing never become a unit or a year.

The texts below are written for these tests (invented units, own words) in the shapes published reports
have.  Shapes seen in, among others:
- https://www.hh.gov.cn/info/11481/1179592.htm (红河, 2024, 项目支出: 年初批复预算8个项目985万元 …)
- https://www.kunmingchi.com/archives/vzpngm2097m5n2ywqbkd.html (茂名, 2021: year first, a preamble on the
  title's line, 一、部门基本情况 / （一）部门职能)
- https://m.wenke99.com/p-15281069.html (a 县 office's 专项工作经费: 一、项目基本情况 / （一）项目概况。)
Every expected value is read off the text by eye and written here by hand.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from xlperf.importer.parse import parse_report
from import_helpers import imported_form
from report_helpers import run_cli


def parsed(text: str):
    return parse_report(text.splitlines())


BODY = "一、基本情况\n我局主要负责全县农业农村发展规划。\n二、绩效自评工作开展情况\n成立自评小组，逐项打分。\n"


# --------------------------------------------------------------------------- titles


@pytest.mark.parametrize("title, unit, year, kind", [
    ("江口县农业农村局2021年度部门整体支出绩效自评工作报告", "江口县农业农村局", 2021, "部门整体"),
    ("江口县水务局2022年度部门整体支出绩效工作情况总结（部门整体）", "江口县水务局", 2022, "部门整体"),
    ("江口县林业局2020年度部门整体支出绩效评价报告", "江口县林业局", 2020, "部门整体"),
    ("江口县机关事务局2023年度项目支出绩效自评报告（驻外联络处房租补助经费）", "江口县机关事务局", 2023, "项目支出"),
    ("2024年江口县自然资源局部门整体支出绩效自评报告", "江口县自然资源局", 2024, "部门整体"),
    ("江口市交通运输局2021部门整体支出绩效自评报告", "江口市交通运输局", 2021, "部门整体"),
    ("江口县统计局\n2019年度部门整体支出绩效自评报告", "江口县统计局", 2019, "部门整体"),
    ("江口县统计局\n部门整体支出\n绩效自评报告\n（ 2021 年度）", "江口县统计局", 2021, "部门整体"),
    ("中共江口县委组织部2021年度部门整体绩效自评报告", "中共江口县委组织部", 2021, "部门整体"),
    ("目录\n江口县文化馆2022年度部门整体绩效自评报告", "江口县文化馆", 2022, "部门整体"),
    ("江口县民政局2022年度养老服务专项经费绩效自评报告", "江口县民政局", 2022, "项目支出"),
])
def test_unit_year_and_kind_from_every_title_shape(title, unit, year, kind):
    rep = parsed(title + "\n" + BODY)
    assert (rep.unit, rep.year, rep.kind) == (unit, year, kind)
    assert not any(p.attr == "" for p in rep.paragraphs)  # no title line left over as text


def test_a_preamble_on_the_title_line_is_text_not_title():
    rep = parsed("江口县文化馆2022年度部门整体绩效自评报告为进一步规范财政资金管理，现将自评情况报告如下：\n" + BODY)
    assert (rep.unit, rep.year) == ("江口县文化馆", 2022)
    assert [p.text for p in rep.paragraphs if p.attr == ""] == ["为进一步规范财政资金管理，现将自评情况报告如下："]


# --------------------------------------------------------------------------- cover fields


@pytest.mark.parametrize("cover, unit", [
    ("部门（单位）全称：江口县气象服务中心", "江口县气象服务中心"),
    ("部门名称：江口县残疾人联合会（公章）", "江口县残疾人联合会"),
    ("填报单位：江口县医疗保障局    填报人：张三", "江口县医疗保障局"),
    ("单位名称：江口县档案馆", "江口县档案馆"),
])
def test_unit_from_cover_fields(cover, unit):
    rep = parsed(f"{cover}\n2021年度部门整体支出绩效自评报告\n" + BODY)
    assert (rep.unit, rep.year) == (unit, 2021)


@pytest.mark.parametrize("cover", ["部门名称：（公章）", "部门名称：（盖章）", "填报单位：XXX", "填报单位：填报人：",
                                   "部门（单位）全称：×××"])
def test_a_placeholder_is_never_a_unit(cover):
    rep = parsed(f"{cover}\n2021年度部门整体支出绩效自评报告\n" + BODY)
    assert rep.unit == ""
    assert rep.year == 2021


def test_placeholder_cover_leaves_the_form_without_a_unit_and_says_so(tmp_path, capsys):
    src = tmp_path / "r.txt"
    src.write_text("部门名称：（公章）\n2021年度部门整体支出绩效自评报告\n" + BODY, encoding="utf-8")
    assert run_cli("import", src, "-o", tmp_path / "f.xlsx") == 0
    out = capsys.readouterr().out
    assert "封面“部门名称：（公章）”没有写出单位名称" in out and "没有找到单位名称" in out
    names = [r[1].value for r in openpyxl.load_workbook(tmp_path / "f.xlsx")["基本情况"].iter_rows() if r[0].value == "单位名称"]
    assert names == [None]


# --------------------------------------------------------------------------- years


def test_a_date_of_filing_is_not_the_year():
    text = ("江口市交通运输局2021部门整体支出绩效自评报告\n填报日期：2022 年 5 月 20 日\n" + BODY
            + "2022年5月完成了材料汇总。\n")
    rep = parsed(text)
    assert rep.year == 2021


def test_a_yearless_title_takes_the_body_year_not_its_dates():
    """No year in the title: the year the body names (2021, once), not the dates of a day (2022年1月, twice)."""
    rep = parsed("江口县统计局部门整体支出绩效自评报告\n" + BODY + "2021年全县完成调查任务。\n"
                 "2022年1月10日开始自评，2022年1月20日报送。\n")
    assert rep.year == 2021
    assert "标题中没有年度，按正文中最常出现的2021年导入（1处），请核对" in rep.warnings


def test_year_line_before_the_date_of_filing():
    rep = parsed("江口县统计局\n部门整体支出绩效自评报告\n（2021年度）\n2022年3月\n" + BODY)
    assert (rep.unit, rep.year) == ("江口县统计局", 2021)


def test_a_date_first_is_not_the_title_year():
    """The cover's date comes before a year line: the year line after it is not taken (filing dates and
    document numbers end the search for a year), and the title's own year still is."""
    rep = parsed("江财绩〔2022〕5号\n江口县统计局2021年度部门整体支出绩效自评报告\n" + BODY)
    assert rep.year == 2021


def test_title_and_body_disagree_warns():
    body = BODY.replace("我局主要负责", "2022年，我局主要负责") + "2022年完成全部任务。2022年通过验收。\n"
    rep = parsed("江口县统计局2021年度部门整体支出绩效自评报告\n" + body)
    assert rep.year == 2021
    assert "标题写的是2021年度，正文中多处写2022年（3处），已按标题的2021年度导入，请核对" in rep.warnings


def test_a_report_printing_no_year_is_refused_asking_for_year(tmp_path, capsys):
    src = tmp_path / "r.txt"
    src.write_text("江口县统计局部门整体支出绩效自评报告\n" + BODY, encoding="utf-8")
    assert run_cli("import", src, "-o", tmp_path / "f.xlsx") == 2
    assert "请用 --year 指定" in capsys.readouterr().err
    assert not (tmp_path / "f.xlsx").exists()
    assert run_cli("import", src, "-o", tmp_path / "f.xlsx", "--year", "2022") == 0


# --------------------------------------------------------------------------- accept / refuse


@pytest.mark.parametrize("text", [
    "江口县统计局2021年度部门整体支出绩效自评报告\n一、基本情况\n我局负责全县统计调查。\n",  # one heading: partial
    "一、基本情况\n2021年，我局负责全县统计调查。\n",  # no title, one known heading
    "江口县统计局2021年度部门整体支出绩效自评报告\n我局负责全县统计调查，全年完成各项任务。\n",  # title, no heading
])
def test_a_partial_report_is_imported(tmp_path, capsys, text):
    src = tmp_path / "r.txt"
    src.write_text(text, encoding="utf-8")
    assert run_cli("import", src, "-o", tmp_path / "f.xlsx") == 0
    assert (tmp_path / "f.xlsx").exists()


def test_unrelated_text_is_refused_saying_what_was_looked_for_and_found(tmp_path, capsys):
    src = tmp_path / "通知.txt"
    src.write_text("关于召开年终总结会议的通知\n一、会议时间\n定于周五下午。\n二、参会人员\n各科室负责人。\n",
                   encoding="utf-8")
    assert run_cli("import", src, "-o", tmp_path / "f.xlsx") == 2
    err = capsys.readouterr().err
    assert "不像是一份绩效自评报告" in err
    assert "“绩效自评”、“绩效评价”、“自评报告”、“自评表”" in err and "“一、基本情况”" in err  # looked for
    assert "找到的标题是“一、会议时间”、“二、参会人员”" in err  # found
    assert not (tmp_path / "f.xlsx").exists()


def test_unrelated_text_without_headings_names_its_first_line(tmp_path, capsys):
    src = tmp_path / "n.txt"
    src.write_text("采购清单\n打印纸十箱。\n", encoding="utf-8")
    assert run_cli("import", src, "-o", tmp_path / "f.xlsx") == 2
    assert "文件开头是“采购清单”，没有编号标题" in capsys.readouterr().err


# --------------------------------------------------------------------------- own-year round trip (issue 23, 8)


def test_reference_own_year_keeps_every_printed_level1_score(tmp_path, capsys):
    """The reference prints 预算执行 3 / 投入管理 18 / 产出指标 40 / 效益指标 30 = 91 (三、 table).  预算执行 is a
    single leaf: its 3 is imported as the 得分 (its rule alone gives 2.42, i.e. 90.42 in all); the other three
    have several leaves: the import says what the report printed, and once the clerk types those leaves'
    得分 (split by hand: 4+8+6=18, 20+20=40, 20+10=30) the form's total is the printed 91 / 优."""
    from report_helpers import seed_path
    from test_import import type_scores

    form = tmp_path / "f.xlsx"
    assert run_cli("import", seed_path(), "-o", form, "--year", "2021", "--unit", "中共郑州市金水区委组织部") == 0
    out = capsys.readouterr().out
    for name, score in (("投入管理", 18), ("产出指标", 40), ("效益指标", 30)):
        assert f"指标评分“{name}”：报告印的得分为{score}分，请填写其下各指标的得分（合计应为{score}分）" in out
    assert "指标评分“预算执行”" not in out
    ws = openpyxl.load_workbook(form)["指标评分"]
    head = {c.value: c.column for c in ws[3]}
    typed = {ws.cell(r, head["一级指标"]).value: ws.cell(r, head["得分"]).value for r in range(4, ws.max_row + 1)
             if ws.cell(r, head["一级指标"]).value}
    assert typed["预算执行"] == 3
    assert typed["投入管理"] is None  # never spread over the leaves by guess
    type_scores(form, {"工作目标管理": 4, "预算和财务管理": 8, "绩效管理": 6, "重点工作任务完成情况": 20,
                       "履职目标实现情况": 20, "履职效益": 20, "满意度": 10})
    assert run_cli("score", form, "--json") == 0
    import json
    scored = json.loads(capsys.readouterr().out)
    assert (scored["total"], scored["grade"]) == (91, "优")


# --------------------------------------------------------------------------- budget phrasings (issue 23, 4)

FUNDS = "江口县统计局2021年度部门整体支出绩效自评报告\n四、绩效目标实现情况分析\n（一）部门资金情况分析\n{}\n"
BUDGET_KEYS = ("budget.initial", "budget.adjusted", "budget.executed")


def budget_of(body: str):
    rep = parsed(FUNDS.format(body))
    return {k: v for k, v in rep.figures.items() if k in BUDGET_KEYS}, rep


@pytest.mark.parametrize("body, expected", [
    ("全年预算数2565万元，全年执行数2400万元。", {"budget.adjusted": 2565, "budget.executed": 2400}),
    ("年初批复预算8个项目985万元，调整预算后项目预算861.46万元，实际到位资金334.67万元。",
     {"budget.initial": 985, "budget.adjusted": Decimal("861.46")}),  # not 8 (projects), not 334.67 (到位)
    ("项目经费预算124万元，全年实际支出数为101.84万元。", {"budget.initial": 124, "budget.executed": Decimal("101.84")}),
    ("年初安排预算资金 1 万元。", {"budget.initial": 1}),
    ("“三公”经费年初预算数为12.50万元，实际支出为9.80万元。", {}),  # the “三公” funds are not the budget
    ("本年收入预算600万元，上年结转资金20万元。", {}),
    ("2021年度，我局预算年初数为800.00万元，调整预算数为760.00万元，预算执行金额为704.00万元，预算执行率88%。",
     {"budget.initial": 800, "budget.adjusted": 760, "budget.executed": 704}),
])
def test_budget_phrasings_in_wan_yuan(body, expected):
    got, _ = budget_of(body)
    assert got == expected


def test_amounts_in_yuan_are_converted_and_said_so():
    got, rep = budget_of("年初预算数1,234,500元，全年执行数1100000元。")
    assert got == {"budget.initial": Decimal("123.45"), "budget.executed": 110}
    assert "“年初预算数1,234,500元”以元为单位，已换算为123.45万元" in rep.warnings


def test_two_different_statements_leave_the_figure_blank_and_quote_both():
    got, rep = budget_of("年初预算数为800万元，全年执行数700万元。\n经核实，年初预算数为780万元。")
    assert got == {"budget.executed": 700}
    assert "年初预算数有不同的说法（“年初预算数为800万元”、“经核实”、“年初预算数为780万元”）" not in rep.warnings
    assert any(w.startswith("年初预算数有不同的说法（“年初预算数为800万元”、“年初预算数为780万元”）") for w in rep.warnings)


NATIONAL_FUNDS = [
    ["项目", "年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"],
    ["年度资金总额", "100", "95", "90", "10", "94.7%", "9.5"],
    ["其中：本年财政拨款", "90", "89.974", "89.974", "-", "-", "-"],
    ["上年结转资金", "10", "5.026", "0.026", "-", "-", "-"],
]


@pytest.mark.parametrize("sep", ["\t", "|", "  ", " "])
def test_budget_table_as_text(sep):
    rows = "\n".join(sep.join(r) for r in NATIONAL_FUNDS)
    got, rep = budget_of(rows)
    assert got == {"budget.initial": 100, "budget.adjusted": 95, "budget.executed": 90}  # the total row
    assert not any(p.attr for p in rep.paragraphs if "89.974" in p.text)  # no row kept as this year's text


def test_only_a_grant_row_and_its_header():
    got, _ = budget_of("项目\t年初预算数\t全年预算数\t全年执行数\n本年财政拨款\t90\t89.974\t89.974")
    assert got == {"budget.initial": 90, "budget.adjusted": Decimal("89.974"), "budget.executed": Decimal("89.974")}


def test_a_table_in_yuan():
    """The 合计 row at the bottom wins over the rows above it."""
    got, _ = budget_of("项目（单位：元）\t年初预算数\t全年预算数\t全年执行数\n本年财政拨款\t700000\t650000\t600000\n"
                       "合计\t900000\t850000\t800000")
    assert got == {"budget.initial": 90, "budget.adjusted": 85, "budget.executed": 80}


def test_a_row_of_amounts_without_a_header_is_not_read():
    got, rep = budget_of("本年财政拨款\t90\t89.974\t89.974")
    assert got == {}
    assert "表格行“本年财政拨款 90 89.974 89.974”没有表头，不知各数是哪一项，金额未导入" in rep.warnings


def test_budget_table_as_a_word_table(tmp_path):
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    for line in FUNDS.format("").splitlines():
        doc.add_paragraph(line)
    t = doc.add_table(rows=len(NATIONAL_FUNDS), cols=len(NATIONAL_FUNDS[0]))
    for r, row in enumerate(NATIONAL_FUNDS):
        for c, v in enumerate(row):
            t.cell(r, c).text = v
    doc.add_paragraph("资金使用符合财经法规。")
    src = tmp_path / "r.docx"
    doc.save(src)
    form = tmp_path / "f.xlsx"
    assert run_cli("import", src, "-o", form, "--year", "2021") == 0
    values = {r[0].value: r[1].value for r in openpyxl.load_workbook(form)["预算资金"].iter_rows() if r[0].value}
    assert (values["年初预算数"], values["调整预算数（全年预算数）"], values["预算执行金额（执行数）"]) == (100, 95, 90)


# --------------------------------------------------------------------------- heading shapes (issue 23, 5)


def placed(rep) -> list[tuple[str, str]]:
    return [(p.attr, p.text) for p in rep.paragraphs]


def test_headings_ending_in_full_stop_or_colon_and_run_in_headings():
    rep = parsed("江口县统计局2021年度部门整体支出绩效自评报告\n"
                 "一、基本情况。\n（一）部门职能。\n我局负责全县统计调查。\n（二）整体绩效目标：\n"
                 "年度整体绩效目标是按时完成统计调查任务。\n"
                 "四、绩效目标实现情况分析\n（一）资金情况，年初预算数为100万元，全年执行数90万元。\n资金使用符合财经法规。\n"
                 "六、存在的问题及原因分析\n（一）存在的主要问题\n（一）基层统计人员业务能力不足。\n")
    assert [k for k, _ in rep.outline] == ["s1", "s1_1", "s1_2", "s4", "s4_1", "s5", "problems"]
    assert ("s4_1", "（一）资金情况") in rep.outline  # the heading without its run-in sentence
    assert placed(rep) == [("duty_goals", "我局负责全县统计调查。"), ("overall_goal", "按时完成统计调查任务"),
                           ("funds_compliance", "资金使用符合财经法规。"), ("problems", "基层统计人员业务能力不足。")]
    # the run-in sentence's figures are read; an item “（一）…。” naming no section stays an item
    assert (rep.figures["budget.initial"], rep.figures["budget.executed"]) == (100, 90)


def test_digit_sub_headings_under_a_level_1_heading():
    rep = parsed("江口县统计局2021年度部门整体支出绩效自评报告\n一、部门基本情况\n1.部门职能\n我局负责全县统计调查。\n"
                 "2.机构设置\n内设综合股、调查股。\n3.整体绩效目标\n年度整体绩效目标是按时完成统计调查任务。\n"
                 "二、绩效自评工作开展情况\n1.成立自评小组。\n2.逐项打分。\n")
    assert [k for k, _ in rep.outline] == ["s1", "s1_1", "", "s1_2", "s2"]
    assert placed(rep) == [("duty_goals", "我局负责全县统计调查。"), ("", "内设综合股、调查股。"),
                           ("overall_goal", "按时完成统计调查任务"), ("process", "1.成立自评小组。"), ("process", "2.逐项打分。")]
    assert "小标题“2.机构设置”未对应到报告的固定栏目，其下段落放入“未归类”" in rep.warnings


# --------------------------------------------------------------------------- report kinds (issue 23, 6)

PROJECT_LINE = "这是一份项目支出绩效自评报告，已按评分规则“项目支出-财预2020-10号”及其报告提纲导入（另选规则请加 --profile）"
PROJECT_BODY = ("一、项目基本情况\n（一）项目概况。专项经费用于全县养老服务补助发放。\n"
                "（二）项目绩效目标。按时足额发放补助。\n二、绩效评价工作开展情况\n成立评价小组。\n")


@pytest.mark.parametrize("head", [
    "江口县民政局2022年度绩效自评报告\n",  # the title does not say: the headings do
    "江口县民政局2022年度养老服务专项经费绩效自评报告\n",  # a fund named in the title
    "项目名称：养老服务补助\n江口县民政局2022年度绩效自评报告\n",  # the cover names a project
    "江口县民政局2022年度绩效自评报告（养老服务补助经费）\n",
])
def test_project_reports_are_noticed_and_read_with_the_project_profile(tmp_path, capsys, head):
    src = tmp_path / "r.txt"
    src.write_text(head + PROJECT_BODY, encoding="utf-8")
    assert run_cli("import", src, "-o", tmp_path / "f.xlsx") == 0
    assert capsys.readouterr().out.splitlines()[0] == PROJECT_LINE
    rules = [c.value for c in openpyxl.load_workbook(tmp_path / "f.xlsx")["规则数据"]["A"]]
    assert 'name = "项目支出-财预2020-10号"' in rules


def test_a_department_report_says_so_in_one_line(tmp_path, capsys):
    src = tmp_path / "r.txt"
    src.write_text("江口县统计局2021年度部门整体支出绩效自评报告\n" + BODY, encoding="utf-8")
    assert run_cli("import", src, "-o", tmp_path / "f.xlsx") == 0
    assert capsys.readouterr().out.splitlines()[0] == "按部门整体绩效自评报告导入（评分规则“部门整体-河南2021”）"


def test_profile_option_overrides_the_kind_with_a_warning(tmp_path, capsys):
    src = tmp_path / "r.txt"
    src.write_text("江口县民政局2022年度绩效自评报告\n" + PROJECT_BODY, encoding="utf-8")
    assert run_cli("import", src, "-o", tmp_path / "f.xlsx", "--profile", "部门整体-河南2021") == 0
    out = capsys.readouterr().out
    assert PROJECT_LINE not in out
    assert "提示：这是一份项目支出绩效自评报告，而所用评分规则“部门整体-河南2021”是部门整体的，标题和得分可能对应不上，请核对" in out
    rules = [c.value for c in openpyxl.load_workbook(tmp_path / "f.xlsx")["规则数据"]["A"]]
    assert 'name = "部门整体-河南2021"' in rules


# --------------------------------------------------------------------------- the national 自评表 (issue 23, 7)

#: tests/data/import/self-table-2021.txt: the 项目支出绩效自评表 layout (财预〔2020〕10号 附件) with invented figures:
#: amounts 100 / 95 / 90 (年度资金总额 row), 预算执行率 分值 10 得分 9.5, leaves 20+15+15 (产出), 30 (效益, 得分 26,
#: a reason), 10 (满意度) and 总分 95.5 = 9.5 + 20 + 15 + 15 + 26 + 10 (by hand)
SELF_TABLE = Path(__file__).parent / "data" / "import" / "self-table-2021.txt"
LEAVES = {"补助发放人数": (20, 20, "≥500人"), "发放准确率": (15, 15, "100%"), "按月发放": (15, 15, "12个月"),
          "老年人生活改善": (30, 26, "明显改善"), "受益老人满意度": (10, 10, "≥90%")}


def indicator_rows(path) -> dict:
    """name → (级次, 分值, 得分, 上年得分, 实际完成值, 指标值表述, 偏差原因) of each 指标评分 row."""
    ws = openpyxl.load_workbook(path)["指标评分"]
    head = {c.value: c.column for c in ws[3]}
    out = {}
    for r in range(4, ws.max_row + 1):
        for level, col in ((3, "三级指标"), (2, "二级指标"), (1, "一级指标")):
            name = ws.cell(r, head[col]).value
            if name:
                out[name] = (level, *(ws.cell(r, head[k]).value for k in ("分值", "得分", "上年得分", "实际完成值",
                                                                          "指标值表述", "偏差原因")))
                break
    return out


def self_table_docx(path) -> Path:
    docx = pytest.importorskip("docx")
    doc = docx.Document()
    rows = SELF_TABLE.read_text(encoding="utf-8").splitlines()
    doc.add_paragraph(rows[0])
    doc.add_paragraph(rows[1])
    cells = [r.split("\t") for r in rows[2:]]
    t = doc.add_table(rows=len(cells), cols=max(len(c) for c in cells))
    for i, row in enumerate(cells):
        for j, v in enumerate(row):
            t.cell(i, j).text = v
    doc.save(path)
    return path


@pytest.fixture(params=["txt", "docx"])
def self_table(request, tmp_path):
    return SELF_TABLE if request.param == "txt" else self_table_docx(tmp_path / "自评表.docx")


def test_self_table_next_year_brings_its_indicators_and_last_years_scores(self_table, tmp_path, capsys):
    form = tmp_path / "f.xlsx"
    assert run_cli("import", self_table, "-o", form) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("这是一份项目支出绩效自评表，已按评分规则“项目支出-财预2020-10号”")
    rows = indicator_rows(form)
    for name, (weight, score, target) in LEAVES.items():
        assert rows[name] == (3, weight, None, score, None, target, None), name
    assert rows["预算执行率"][3] == Decimal("9.5")
    assert (rows["产出指标"][1], rows["效益指标"][1], rows["满意度指标"][1]) == (50, 30, 10)
    assert "可持续影响指标" not in rows  # a 二级 of the profile the table does not list
    wb = openpyxl.load_workbook(form)
    values = {r[0].value: r[1].value for r in wb["预算资金"].iter_rows() if r[0].value}
    assert (values["上年年度"], values["上年总分"]) == (2021, Decimal("95.5"))
    assert values["上年预算执行率"] == pytest.approx(90 / 95)  # 全年执行数 / 全年预算数 (the project profile)
    assert values["年初预算数"] is None  # this year's amounts: blank
    names = [r[1].value for r in wb["基本情况"].iter_rows() if r[0].value == "单位名称"]
    assert names == ["江口县社会福利中心"]  # 实施单位


def test_self_table_own_year_gives_the_printed_total(self_table, tmp_path, capsys):
    form = tmp_path / "f.xlsx"
    assert run_cli("import", self_table, "-o", form, "--year", "2021") == 0
    rows = indicator_rows(form)
    assert rows["老年人生活改善"] == (3, 30, 26, None, "基本改善", "明显改善", "个别乡镇申领不及时，将加强宣传")
    assert rows["补助发放人数"][2:5] == (20, None, "520人")
    capsys.readouterr()
    assert run_cli("score", form, "--json") == 0
    import json
    scored = json.loads(capsys.readouterr().out)
    assert scored["total"] == 95.5


def test_a_self_table_row_out_of_place_is_not_read(tmp_path, capsys):
    text = SELF_TABLE.read_text(encoding="utf-8").replace("按月发放\t12个月\t12个月\t15\t15", "按月发放\t12个月\t15\t15")
    src = tmp_path / "t.txt"
    src.write_text(text, encoding="utf-8")
    assert run_cli("import", src, "-o", tmp_path / "f.xlsx") == 0
    assert "自评表的行“时效指标 按月发放 12个月 15 15”各栏对不上" in capsys.readouterr().out
    assert "按月发放" not in indicator_rows(tmp_path / "f.xlsx")


def test_a_number_without_a_label_is_no_score():
    rep = parsed("江口县统计局2021年度部门整体支出绩效自评报告\n三、综合评价结论\n指标\t权重分值\t得分\n\t238.93\t238.93\t238.93\n"
                 "预算执行\t10\t8\n")
    assert [(s.name, s.score) for s in rep.scores] == [("预算执行", 8)]


# --------------------------------------------------------------------------- carried-over text (issue 24, import part)

CARRY = ("江口县统计局2021年度部门整体支出绩效自评报告\n一、基本情况\n我局负责全县统计调查。\n"
         "二、绩效自评工作开展情况\n成立自评小组，逐项打分。\n"
         "五、发现的主要问题和改进措施\n包括绩效目标未完成原因和下一步改进措施。\n"
         "六、绩效自评结果拟应用和公开情况\n（一）存在的主要问题\n1.基层统计人员流动较大。\n2.调查经费保障不足。\n"
         "（二）改进措施\n1.加强业务培训。\n（三）结果应用\n自评结果在部门决算中公开。\n")


def text_cells(path) -> dict[str, str]:
    """content → cell of the 文字材料 sheet."""
    ws = openpyxl.load_workbook(path)["文字材料"]
    return {r[2].value: f"C{r[2].row}" for r in ws.iter_rows(min_row=4) if r[2].value}


def check_warnings(path, capsys) -> dict[str, str]:
    """cell → message of every warning ``xlperf check`` lists at the 文字材料 sheet."""
    capsys.readouterr()
    run_cli("check", path)
    out = {}
    for line in capsys.readouterr().out.splitlines():
        parts = line.split()
        if parts and parts[0] == "警告" and parts[1].startswith("文字材料!"):
            out[parts[1].split("!")[1]] = parts[-1]
    return out


def fill_required(path) -> None:
    """What the clerk types first (单位名称 and the amounts), so that check reads the whole form."""
    wb = openpyxl.load_workbook(path)
    wb["基本情况"]["B3"] = "江口县统计局"
    for cell, v in (("B4", 100), ("B5", 100), ("B6", 90)):
        wb["预算资金"][cell] = v
    wb.save(path)


def form_texts(path) -> list[str]:
    """Every text cell of every sheet the clerk sees."""
    wb = openpyxl.load_workbook(path)
    return [c.value for ws in wb.worksheets if ws.sheet_state == "visible" for row in ws.iter_rows() for c in row
            if isinstance(c.value, str)]


def section_cells(path, heading: str) -> list:
    """The 内容 cells of the 文字材料 rows of one 章节."""
    ws = openpyxl.load_workbook(path)["文字材料"]
    return [r[2].value for r in ws.iter_rows(min_row=4) if r[0].value == heading]


def test_instructions_are_left_out_and_carried_text_flagged_until_edited(tmp_path, capsys):
    src = tmp_path / "r.txt"
    src.write_text(CARRY, encoding="utf-8")
    form = tmp_path / "f.xlsx"
    assert run_cli("import", src, "-o", form) == 0
    # the one instruction of the source's author, quoted by its first 16 characters, with its 栏目
    assert "上年报告作者留下的填写说明1处未导入：“包括绩效目标未完成原因和下一步改…”（栏目“问题和措施说明”）" in capsys.readouterr().out
    assert not [t for t in form_texts(form) if "未完成原因" in t]
    assert section_cells(form, "五、发现的主要问题和改进措施") == [None]  # emptied: left blank (the empty-section rule)
    cells = text_cells(form)
    carried = [cells[t] for t in ("基层统计人员流动较大。", "调查经费保障不足。", "加强业务培训。")]
    warned = check_warnings(form, capsys)
    assert {c: warned.get(c) for c in carried} == {c: "本段来自上年报告，请核对是否仍适用（改写后不再提示）" for c in carried}
    assert cells["自评结果在部门决算中公开。"] not in warned  # not last year's findings
    assert cells["成立自评小组，逐项打分。"] not in warned
    # the clerk rewrites one problem: that warning goes, the rest stay
    wb = openpyxl.load_workbook(form)
    wb["文字材料"][carried[0]] = "基层统计人员已补充到位，但业务能力仍需提高。"
    wb.save(form)
    fill_required(form)
    warned = check_warnings(form, capsys)
    assert carried[0] not in warned
    assert warned[carried[1]] == warned[carried[2]] == "本段来自上年报告，请核对是否仍适用（改写后不再提示）"


#: CARRY with an aside in 二, a content paragraph of 二 that starts with 包括, and 五's instruction followed by the
#: author's real sentence
MIXED = CARRY.replace("成立自评小组，逐项打分。\n", "成立自评小组，逐项打分。（请填写自评组织方式）\n"
                      "包括办公楼维修、食堂改造等3个项目，执行中存在的问题已整改。\n").replace(
    "包括绩效目标未完成原因和下一步改进措施。\n", "包括绩效目标未完成原因和下一步改进措施。本年度各项绩效目标均已完成。\n")


def test_only_the_instruction_sentence_is_left_out(tmp_path, capsys):
    src = tmp_path / "r.txt"
    src.write_text(MIXED, encoding="utf-8")
    form = tmp_path / "f.xlsx"
    assert run_cli("import", src, "-o", form) == 0
    out = capsys.readouterr().out
    assert "填写说明2处未导入：“（请填写自评组织方式）”（栏目“工作开展情况”）、“包括绩效目标未完成原因和下一步改…”（栏目“问题和措施说明”）" in out
    assert "办公楼" not in out
    assert section_cells(form, "二、绩效自评工作开展情况") == [
        "成立自评小组，逐项打分。", "包括办公楼维修、食堂改造等3个项目，执行中存在的问题已整改。"]  # content kept whole
    assert section_cells(form, "五、发现的主要问题和改进措施") == ["本年度各项绩效目标均已完成。"]
    cells = text_cells(form)
    warned = check_warnings(form, capsys)
    assert not [c for t, c in cells.items() if warned.get(c, "").startswith("本段像是填写说明")]


def test_own_year_import_leaves_instructions_out_and_marks_nothing(tmp_path, capsys):
    src = tmp_path / "r.txt"
    src.write_text(CARRY, encoding="utf-8")
    form = tmp_path / "f.xlsx"
    assert run_cli("import", src, "-o", form, "--year", "2021") == 0
    assert "填写说明1处未导入" in capsys.readouterr().out
    assert not [t for t in form_texts(form) if "未完成原因" in t]
    assert check_warnings(form, capsys) == {}  # this year's own findings: nothing to confirm


def test_last_years_workbook_loses_its_instruction_too(tmp_path, capsys):
    """The other import source, last year's form: the example keeps the reference's leftover in 五; its 2022 form
    leaves it out (五 empty, not an empty string) and says so."""
    from xlperf.importer import import_source

    example = Path(__file__).resolve().parents[1] / "workbooks" / "example-2021.xlsx"
    imported, _ = import_source(example)
    assert imported.evaluation.narrative.section5 == []
    assert imported.warnings[0] == ("上年报告作者留下的填写说明1处未导入：“包括绩效目标未完成原因和下一步改…”"
                                    "（栏目“问题和措施说明”）")
    assert run_cli("import", example, "-o", tmp_path / "f.xlsx") == 0
    assert "填写说明1处未导入" in capsys.readouterr().out
    assert not [t for t in form_texts(tmp_path / "f.xlsx") if "未完成原因" in t]


def test_check_warns_at_an_instruction_typed_into_any_form(tmp_path, capsys):
    """A form without any import fingerprint (own-year import: 规则数据 column C empty): the clerk pastes a template's
    instructions; check warns at those cells, not at a content sentence that starts with 包括."""
    src = tmp_path / "r.txt"
    src.write_text(CARRY, encoding="utf-8")
    form = tmp_path / "f.xlsx"
    assert run_cli("import", src, "-o", form, "--year", "2021") == 0
    wb = openpyxl.load_workbook(form)
    assert not [c.value for c in wb["规则数据"]["C"] if c.value]  # no fingerprints
    ws = wb["文字材料"]
    rows = {r[0].value: r[2] for r in ws.iter_rows(min_row=4) if r[2].value is None}
    typed = {"五、发现的主要问题和改进措施": "请填写发现的主要问题和改进措施",
             "七、绩效自评工作的经验、问题和建议": "加强培训。（此处填写经验做法）",
             "八、其他需要说明的问题": "包括办公楼维修、食堂改造等3个项目。"}
    at = {}
    for section, text in typed.items():
        rows[section].value = text
        at[section] = f"C{rows[section].row}"
    wb.save(form)
    warned = check_warnings(form, capsys)
    assert warned.get(at["五、发现的主要问题和改进措施"]) == "本段像是填写说明，请改写为本单位情况或删除"
    assert warned.get(at["七、绩效自评工作的经验、问题和建议"]) == "本段像是填写说明，请改写为本单位情况或删除"
    assert at["八、其他需要说明的问题"] not in warned


# --------------------------------------------------------------------------- whole reports in published shapes

#: 广东-style (the 茂名 page above): the year first with PDF spacing, the title split by a space, a preamble
#: paragraph, (一) with ASCII brackets, amounts with thousands separators, a date of filing at the end
SHAPE_GD = """2022 年江海市商务局整体支出 绩效自评报告
根据《关于开展2023年市级财政资金绩效自评工作的通知》要求，我局组织开展了自评，现将自评情况报告如下：
一、部门基本情况
(一)部门职能
我局负责拟订全市商务发展规划并组织实施。
(二)部门整体支出绩效目标
年度整体绩效目标是稳外贸、促消费。
二、部门整体支出情况
2022 年全年预算数 1,286.40 万元，其中基本支出 806.40 万元，项目支出 480.00 万元；全年执行数 1,198.75 万元，预算执行率 93.19%。
三、绩效自评结论
经自评，我局2022年部门整体支出绩效自评得分92.5分，等级为“优”。
填报日期：2023年3月20日
"""
#: 云南-style (the 红河 page above): a project report of a 中心, 年初批复 … 个项目, 调整预算后, 到位资金
SHAPE_YN = """江川州数据服务中心2024年度项目支出绩效单位自评报告
一、基本情况
2024年，江川州数据服务中心实施项目共15个，年初批复预算8个项目985万元，调整预算后项目预算861.46万元，年中增加8个项目，实际到位资金334.67万元。
（一）项目概况
1.项目立项背景
展厅运维经费用于保障展厅正常运转。
"""
#: 湖南-style (the 县 office page above): a fund's 评价报告, run-in sub-headings ending in 。, 项目经费预算 / 实际支出数
SHAPE_HN = """某县机构编制委员会办公室2021年度专项工作经费绩效评价报告
根据县财政局要求，我办对专项工作经费开展了自评，现将情况报告如下：
一、项目基本情况
（一）项目概况。专项工作经费主要用于事业单位登记和办公设备购置。
（二）项目绩效目标。推进机构编制管理规范化。
二、绩效评价工作开展情况
成立评价小组，逐项核对。
三、项目资金使用情况
项目经费预算24万元，全年实际支出数为21.6万元，执行率90%。
"""


@pytest.mark.parametrize("text, unit, year, kind, money, not_read", [
    (SHAPE_GD, "江海市商务局", 2022, "部门整体",
     {"budget.adjusted": Decimal("1286.40"), "budget.executed": Decimal("1198.75")}, ("806.40", "480.00")),
    (SHAPE_YN, "江川州数据服务中心", 2024, "项目支出",
     {"budget.initial": 985, "budget.adjusted": Decimal("861.46")}, ("334.67", "8")),
    (SHAPE_HN, "某县机构编制委员会办公室", 2021, "项目支出",
     {"budget.initial": 24, "budget.executed": Decimal("21.6")}, ()),
])
def test_whole_reports_in_published_shapes(text, unit, year, kind, money, not_read):
    rep = parsed(text)
    assert (rep.unit, rep.year, rep.kind) == (unit, year, kind)
    got = {k: v for k, v in rep.figures.items() if k in BUDGET_KEYS}
    assert got == money  # and nothing else: 基本支出/项目支出, 到位资金 and project counts are not the budget
    assert not {str(v) for v in got.values()} & set(not_read)


def test_published_shape_imports_with_its_total(tmp_path, capsys):
    form = imported_form(tmp_path, SHAPE_GD)
    values = {r[0].value: r[1].value for r in openpyxl.load_workbook(form)["预算资金"].iter_rows() if r[0].value}
    assert (values["上年年度"], values["上年总分"], values["上年等级"]) == (2022, Decimal("92.5"), "优")
    assert values["上年预算执行率"] == pytest.approx(0.9319)  # as printed (no 年初 amount for the default denominator)


# --------------------------------------------------------------------------- a department's own （1） numbering (issue 23, 5)

#: problems numbered （1）…（3） and measures with a gap, starting at （2）: the department's numbers, kept as written
OWN_NUMBERS = ("江口县统计局2021年度部门整体支出绩效自评报告\n一、基本情况\n我局负责全县统计调查。\n"
               "二、绩效自评工作开展情况\n成立自评小组，逐项打分。\n六、绩效自评结果拟应用和公开情况\n"
               "（一）存在的主要问题\n（1）基层统计人员流动较大。\n（2）调查经费保障不足。\n（3）统计基础台账不够规范。\n"
               "（二）改进措施\n（2）加强业务培训。\n(3)争取调查经费。\n（5）规范统计台账。\n"
               "（三）结果应用\n自评结果在部门决算中公开。\n")


def typed_scores(path) -> None:
    """What the clerk types before a report: the unit, the amounts and every typed 得分 (7 二级指标)."""
    fill_required(path)
    wb = openpyxl.load_workbook(path)
    ind = wb["指标评分"]
    head = {c.value: c.column for c in ind[3]}
    scores = {"工作目标管理": 4, "预算和财务管理": 9, "绩效管理": 6, "重点工作任务完成情况": 19, "履职目标实现情况": 19,
              "履职效益": 19, "满意度": 9}
    for r in range(4, ind.max_row + 1):
        if ind.cell(r, head["二级指标"]).value in scores:
            ind.cell(r, head["得分"]).value = scores[ind.cell(r, head["二级指标"]).value]
    wb.save(path)


def checked_reports(tmp_path, form, capsys) -> tuple[list[str], list[str]]:
    """check without an error once the clerk typed the amounts and scores; the report's lines as md and as docx."""
    typed_scores(form)
    capsys.readouterr()
    assert run_cli("check", form) == 0
    assert "错误" not in capsys.readouterr().out.split("类别")[0]
    assert run_cli("report", form, "-o", tmp_path / "r.md", "--format", "md") == 0
    assert run_cli("report", form, "-o", tmp_path / "r.docx", "--format", "docx") == 0
    docx = pytest.importorskip("docx")
    md = [p.lstrip("#").strip() for p in (tmp_path / "r.md").read_text(encoding="utf-8").splitlines() if p.strip()]
    word = [p.text.strip() for p in docx.Document(tmp_path / "r.docx").paragraphs if p.text.strip()]
    return md, word


def test_own_item_numbers_are_kept_in_the_form_and_the_report(tmp_path):
    form = imported_form(tmp_path, OWN_NUMBERS)
    rows = [(r[1].value, r[2].value) for r in openpyxl.load_workbook(form)["文字材料"].iter_rows(min_row=4) if r[2].value]
    assert [t for lab, t in rows if lab == "存在的主要问题"] == \
        ["（1）基层统计人员流动较大。", "（2）调查经费保障不足。", "（3）统计基础台账不够规范。"]
    assert [t for lab, t in rows if lab == "改进措施"] == ["（2）加强业务培训。", "(3)争取调查经费。", "（5）规范统计台账。"]
    typed_scores(form)
    assert run_cli("report", form, "-o", tmp_path / "r.md", "--format", "md") == 0
    assert run_cli("report", form, "-o", tmp_path / "r.docx", "--format", "docx") == 0
    docx = pytest.importorskip("docx")
    md = [p.strip() for p in (tmp_path / "r.md").read_text(encoding="utf-8").splitlines() if p.strip()]
    word = [p.text.strip() for p in docx.Document(tmp_path / "r.docx").paragraphs if p.text.strip()]
    for lines in (md, word):
        at = lines.index("（1）基层统计人员流动较大。")
        assert lines[at:at + 3] == ["（1）基层统计人员流动较大。", "（2）调查经费保障不足。", "（3）统计基础台账不够规范。"]
        at = lines.index("（2）加强业务培训。")  # (3) in full-width brackets: the report's punctuation (标点转为全角)
        assert lines[at:at + 3] == ["（2）加强业务培训。", "（3）争取调查经费。", "（5）规范统计台账。"]
        assert not any(re.match(r"^[一二三]是", t) for t in lines[at - 5:at + 3])  # no numbering of the report's own


def test_a_clerks_list_partly_numbered_is_numbered_by_the_report(tmp_path):
    """Only a list numbered （1）… throughout keeps its numbers; one item without: the report numbers all (一是 …)."""
    src = tmp_path / "r.txt"
    src.write_text(OWN_NUMBERS.replace("（3）统计基础台账不够规范。", "统计基础台账不够规范。"), encoding="utf-8")
    form = tmp_path / "f.xlsx"
    assert run_cli("import", src, "-o", form) == 0
    typed_scores(form)
    assert run_cli("report", form, "-o", tmp_path / "r.md", "--format", "md") == 0
    md = [p.strip() for p in (tmp_path / "r.md").read_text(encoding="utf-8").splitlines() if p.strip()]
    at = md.index("一是基层统计人员流动较大。")
    assert md[at:at + 3] == ["一是基层统计人员流动较大。", "二是调查经费保障不足。", "三是统计基础台账不够规范。"]
    assert "（2）加强业务培训。" in md  # the measures, numbered throughout, as written


# --------------------------------------------------------------------------- a department's own outline (issue 23, 5)

#: 二、 is the analysis (the 部门整体 outline's 四、), 三、 the problems (its 五、), 四、 the application (its 六、)
OWN_OUTLINE = ("江口县统计局2021年度部门整体支出绩效自评报告\n一、基本情况\n我局负责全县统计调查。\n"
               "二、绩效目标完成情况分析\n（一）资金情况分析\n全年预算执行情况良好。\n（二）指标情况分析\n产出指标：按期完成经济普查。\n"
               "三、存在的问题及改进措施\n（一）存在的主要问题\n（1）基层统计人员流动较大。\n（2）调查经费保障不足。\n"
               "（二）改进措施\n（1）加强业务培训。\n四、绩效自评结果拟应用和公开情况\n自评结果在部门决算中公开。\n")
#: the department's four sections in its order and numbers, then the outline's others (dept-overall.toml: 二、绩效自评
#: 工作开展情况, 三、综合评价结论, 七、…, 八、…) in the outline's order, numbered on
OWN_TOPS = ["一、基本情况", "二、绩效目标完成情况分析", "三、存在的问题及改进措施", "四、绩效自评结果拟应用和公开情况",
            "五、绩效自评工作开展情况", "六、综合评价结论", "七、绩效自评工作的经验、问题和建议", "八、其他需要说明的问题"]


def test_a_departments_own_outline_is_kept_from_import_to_report(tmp_path, capsys):
    from xlperf.domain.outlines import outline_from_text

    form = imported_form(tmp_path, OWN_OUTLINE)
    assert "报告的标题顺序、编号或文字与评分规则的提纲不同，已按报告的标题" in capsys.readouterr().out
    wb = openpyxl.load_workbook(form)
    embedded = outline_from_text("\n".join(str(c.value or "") for c in wb["规则数据"]["B"]), "表内")  # column B
    assert [s.title for s in embedded.top_level()] == OWN_TOPS
    assert (embedded.problem_slots, embedded.default_slot) == (["三", "四"], "四")  # 问题措施位置 by the new numbers
    settings = {r[0].value: r[1].value for r in wb["设置"].iter_rows() if r[0].value}
    assert settings["“存在问题/改进措施”写在第几部分"] == "三"  # the department's 三、, not the outline's 五
    chapters = {r[2].value: r[0].value for r in wb["文字材料"].iter_rows(min_row=4) if r[2].value}
    assert chapters["按期完成经济普查。"] == "二（二）指标情况分析"  # 章节 labels follow the new numbers and words
    md, word = checked_reports(tmp_path, form, capsys)
    for lines in (md, word):
        tops = [t for t in lines if re.match(r"^[一二三四五六七八九十]、", t) and len(t) < 30]
        assert tops == OWN_TOPS
        three, four = lines.index("三、存在的问题及改进措施"), lines.index("四、绩效自评结果拟应用和公开情况")
        assert lines.index("（1）基层统计人员流动较大。") in range(three, four)  # printed in the department's 三、
        assert lines.index("（1）加强业务培训。") in range(three, four)


def test_an_outline_numbered_like_the_profiles_is_the_profiles(tmp_path):
    """一、二、五、六 as the 部门整体 outline numbers them (sections left out, none moved): the shipped outline, as is."""
    from xlperf.domain.outlines import load_outline

    form = imported_form(tmp_path, CARRY)
    wb = openpyxl.load_workbook(form)
    embedded = [c.value for c in wb["规则数据"]["B"]][1:]
    shipped = load_outline("部门整体").text.replace("\r\n", "\n").split("\n")
    assert [v or "" for v in embedded] == shipped[:len(embedded)] and not any(shipped[len(embedded):])
    settings = {r[0].value: r[1].value for r in wb["设置"].iter_rows() if r[0].value}
    assert settings["“存在问题/改进措施”写在第几部分"] == "六"
