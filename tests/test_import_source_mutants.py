"""xlperf/importer/__init__.py judged by calling ``import_source`` itself (issue 19): which rules a report is read
with and the one line that says so, when a report of another kind switches the rules and when it only warns, the
refusals (not a report, an unknown rule name, no year, an unreadable or incomplete workbook) word for word, and the
name lists the parser is given.

The report texts are a few lines written here in the shapes published reports have (title, 一、基本情况 …); the
expected lines are the messages the issue texts and the CLI tests quote, the names those of the shipped rule files
(xlperf/domain/profiles/*.toml: 部门整体-河南2021 and 部门整体-单位格式 of kind 部门整体, 项目支出-财预2020-10号 of
kind 项目支出).

Mutants argued equivalent (mutmut 3.8.1 names; session 7, s7d):

* ``import_source`` 13, 15, 18 — the default of the first error's text (``""`` made None, dropped, "XXXX"): the
  reader gives no evaluation only with an error among its problems (xlperf/workbook/read.py), so the default is
  never read.

``_parse`` 6 (open in s7d's run) — the rules' indicator names not given to the parser: they decide only whether a
sub-section heading numbered 1. 2. under an analysis section names an indicator (walker ``indicator_named``); killed
(session 7, s7n) by test_a_block_named_by_an_indicator_of_the_rules_is_its_analysis (“2.预算执行情况” under the analysis).

Simplified on the way (behaviour the same): ``KIND_NAMES[rep.kind]`` (the parser gives only 部门整体, 项目支出 or
自评表, so ``.get``'s default was never read); ``else`` for an ``elif not kind_line`` that was always true; the unit
given set on the parsed report (``from_report(…, unit)`` treated None and "" alike).  The refusal of a workbook whose
embedded rules cannot be read now names the file (``坏规则.xlsx：…``) like the refusal of one with errors names
the cell.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import openpyxl
import pytest

from xlperf.domain.outlines import load_outline
from xlperf.domain.profiles import builtin, load_profile
from xlperf.importer import (ImportFailure, import_source, indicator_names, kind_profile, refusal)
from xlperf.importer.parsed import ParsedReport

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbooks" / "example-2021.xlsx"
BLANK = ROOT / "workbooks" / "xlperf-form.xlsx"
DEPT, PROJECT, UNIT = "部门整体-河南2021", "项目支出-财预2020-10号", "部门整体-单位格式"

DEPT_TEXT = ("江口县统计局2021年度部门整体支出绩效自评报告\n一、基本情况\n我局负责全县统计调查。\n"
             "二、绩效自评工作开展情况\n成立自评小组，逐项打分。\n")
PROJECT_TEXT = ("江口县民政局2022年度绩效自评报告\n一、项目基本情况\n（一）项目概况。专项经费用于全县养老服务补助发放。\n"
                "（二）项目绩效目标。按时足额发放补助。\n二、绩效评价工作开展情况\n成立评价小组。\n")
PROJECT_LINE = f"这是一份项目支出绩效自评报告，已按评分规则“{PROJECT}”及其报告提纲导入（另选规则请加 --profile）"
SELF_TABLE = Path(__file__).parent / "data" / "import" / "self-table-2021.txt"


def report(tmp_path: Path, text: str, name: str = "上年.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- a report: which rules


def test_a_department_report_is_read_with_the_default_rules_and_says_so(tmp_path):
    imported, profile = import_source(report(tmp_path, DEPT_TEXT))
    assert profile.name == DEPT
    assert imported.kind_line == f"按部门整体绩效自评报告导入（评分规则“{DEPT}”）"
    assert (imported.evaluation.unit, imported.evaluation.year) == ("江口县统计局", 2022)  # the year after the report's
    assert not [w for w in imported.warnings if "这是一份" in w]


def test_named_rules_and_given_rules_read_a_department_report(tmp_path):
    imported, profile = import_source(report(tmp_path, DEPT_TEXT), 2023, UNIT, "某局")
    assert (profile.name, imported.evaluation.year) == (UNIT, 2023)
    assert imported.kind_line == f"按部门整体绩效自评报告导入（评分规则“{UNIT}”）"
    given = builtin(UNIT)
    imported, profile = import_source(report(tmp_path, DEPT_TEXT), None, DEPT, profile=given)
    assert profile is given  # the open form's own rules win over a name


def test_the_unit_given_wins_over_the_reports_and_stops_the_warning(tmp_path):
    no_unit = "2021年度部门整体支出绩效自评报告\n" + DEPT_TEXT.split("\n", 1)[1]
    said = "报告中没有找到单位名称，请在“基本情况”表填写单位名称（或导入时加 --unit 单位名称）"
    imported, _ = import_source(report(tmp_path, no_unit))
    assert imported.evaluation.unit == "" and said in imported.warnings
    imported, _ = import_source(report(tmp_path, no_unit), unit="某县统计局")
    assert imported.evaluation.unit == "某县统计局" and said not in imported.warnings
    assert import_source(report(tmp_path, DEPT_TEXT), unit="某县统计局")[0].evaluation.unit == "某县统计局"


#: a project report whose 三、 is the project outline's heading (综合评价情况及评价结论, project.toml), not the
#: department outline's (综合评价结论): the warning names the section as the outline it was read with has it
PROJECT_THREE = ("江口县民政局2022年度养老服务补助项目绩效自评报告\n一、项目基本情况\n（一）项目概况\n专项经费用于全县养老服务补助发放。\n"
                 "二、绩效评价工作开展情况\n成立评价小组。\n三、综合评价情况及评价结论\n自评得分90分。\n")


def test_a_project_report_is_parsed_with_the_project_outline(tmp_path):
    imported, profile = import_source(report(tmp_path, PROJECT_THREE))
    assert profile.name == PROJECT
    assert imported.warnings == ["“自评得分90分。…”在“三、综合评价情况及评价结论”中（该部分由程序根据得分生成），已放入文字材料"
                                 "“未归类”，请移到对应栏目或删除"]


def test_rules_naming_an_outline_that_does_not_exist_are_refused(tmp_path):
    broken = load_profile(DEPT).model_copy(update={"outline": "无此提纲"})
    with pytest.raises(ImportFailure) as exc:
        import_source(report(tmp_path, DEPT_TEXT), profile=broken)
    assert str(exc.value) == "找不到报告提纲“无此提纲”，可用：部门整体、项目支出、部门单位整体支出，或填写提纲文件路径"


def test_a_project_report_switches_to_the_project_rules(tmp_path):
    imported, profile = import_source(report(tmp_path, PROJECT_TEXT))
    assert profile.name == PROJECT and profile.kind == "项目支出"
    assert imported.kind_line == PROJECT_LINE
    assert imported.evaluation.profile == PROJECT
    assert not [w for w in imported.warnings if "这是一份" in w]


@pytest.mark.parametrize("how", ["name", "profile"])
def test_a_project_report_read_with_chosen_department_rules_is_warned_about(tmp_path, how):
    kwargs = {"profile_name": DEPT} if how == "name" else {"profile": load_profile(DEPT)}
    imported, profile = import_source(report(tmp_path, PROJECT_TEXT), **kwargs)
    assert profile.name == DEPT
    assert imported.warnings[0] == (f"这是一份项目支出绩效自评报告，而所用评分规则“{DEPT}”是部门整体的，"
                                    "标题和得分可能对应不上，请核对")
    assert imported.kind_line == ""


def test_a_self_table_is_read_with_the_project_rules(tmp_path):
    imported, profile = import_source(SELF_TABLE)
    assert profile.name == PROJECT
    assert imported.kind_line == f"这是一份项目支出绩效自评表，已按评分规则“{PROJECT}”及其报告提纲导入（另选规则请加 --profile）"
    # with the project rules chosen, a 自评表 is what they are for: no warning, the plain line
    imported, profile = import_source(SELF_TABLE, profile_name=PROJECT)
    assert imported.kind_line == f"按项目支出绩效自评报告导入（评分规则“{PROJECT}”）"
    assert not [w for w in imported.warnings if "这是一份" in w]


# --------------------------------------------------------------------------- a report: refusals


def test_a_text_that_is_no_report_is_refused_saying_why(tmp_path):
    with pytest.raises(ImportFailure) as exc:
        import_source(report(tmp_path, "关于召开会议的通知\n请各科室准时参加。\n", "通知.txt"))
    assert str(exc.value) == ("“通知.txt”不像是一份绩效自评报告，未导入：标题和开头几行没有“绩效自评”、“绩效评价”、“自评报告”、"
                              "“自评表”等字样，也没有“一、基本情况”、“二、绩效自评工作开展情况”这类报告标题；"
                              "文件开头是“关于召开会议的通知”，没有编号标题")


def test_a_refusal_names_the_headings_of_the_rules_outline(tmp_path):
    with pytest.raises(ImportFailure) as exc:
        import_source(report(tmp_path, "关于召开会议的通知\n请各科室准时参加。\n", "通知.txt"), profile_name=PROJECT)
    assert "也没有“一、项目基本情况”、“二、绩效自评工作开展情况”这类报告标题" in str(exc.value)  # project.toml's


def test_an_unknown_rule_name_is_refused(tmp_path):
    with pytest.raises(ImportFailure) as exc:
        import_source(report(tmp_path, DEPT_TEXT), profile_name="无此规则")
    assert str(exc.value) == f"找不到评分规则“无此规则”，可用：{DEPT}、{PROJECT}、{UNIT}，或填写规则文件路径"


def test_a_report_without_a_year_needs_one(tmp_path):
    text = DEPT_TEXT.replace("2021年度", "")
    with pytest.raises(ImportFailure) as exc:
        import_source(report(tmp_path, text))
    assert str(exc.value) == "未能从报告中识别年度，请用 --year 指定本次填报的年度"
    assert import_source(report(tmp_path, text), 2022)[0].evaluation.year == 2022


@pytest.mark.parametrize("rep, found", [
    (ParsedReport(headings_seen=["一、关于召开全县统计工作会议的通知", "二、会议时间", "三、参会人员", "四、其他"],
                  first_lines=["通知"]),
     "找到的标题是“一、关于召开全县统计工作会议的通”、“二、会议时间”、“三、参会人员”，都不是自评报告的标题"),
    (ParsedReport(first_lines=["关于召开全县统计工作会议的通知和安排", "请准时参加"]),
     "文件开头是“关于召开全县统计工作会议的通知和安排”，没有编号标题"),
    (ParsedReport(first_lines=["关于召开全县统计工作会议的通知和具体安排事项"]),  # 22 characters: the first 20
     "文件开头是“关于召开全县统计工作会议的通知和具体安排”，没有编号标题"),
    (ParsedReport(), "文件中没有文字"),
])
def test_a_refusal_names_what_it_found(rep, found):
    outline = load_outline("部门整体")
    assert refusal("x.txt", rep, outline) == (
        "“x.txt”不像是一份绩效自评报告，未导入：标题和开头几行没有“绩效自评”、“绩效评价”、“自评报告”、“自评表”等字样，"
        "也没有“一、基本情况”、“二、绩效自评工作开展情况”这类报告标题；" + found)


# --------------------------------------------------------------------------- last year's workbook


def test_last_years_workbook_is_read_with_its_own_rules(tmp_path):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "上年.XLSX"))  # the suffix in capitals: still a workbook
    imported, profile = import_source(path, None, None, "某县统计局（新）")
    assert profile.name == DEPT
    assert imported.evaluation.unit == "某县统计局（新）"
    assert imported.evaluation.year == 2022  # the example is 2021's
    imported, _ = import_source(path, 2024)
    assert imported.evaluation.year == 2024 and imported.evaluation.unit == "中共郑州市金水区委组织部"  # its own


def test_an_unreadable_or_incomplete_workbook_is_refused(tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(b"not a zip")
    with pytest.raises(ImportFailure) as exc:
        import_source(bad)
    assert str(exc.value) == "“坏.xlsx”不是有效的Excel工作簿（文件已损坏或格式不对）"
    blank = Path(shutil.copy(BLANK, tmp_path / "空白.xlsx"))
    with pytest.raises(ImportFailure) as exc:
        import_source(blank)
    assert str(exc.value) == "上年填报表“空白.xlsx”无法读取，未导入。基本情况!B3：不能为空"


def test_a_workbook_with_an_unknown_rule_name_is_refused(tmp_path):
    path = Path(shutil.copy(EXAMPLE, tmp_path / "上年.xlsx"))
    with pytest.raises(ImportFailure) as exc:
        import_source(path, profile_name="无此规则")
    assert str(exc.value) == f"找不到评分规则“无此规则”，可用：{DEPT}、{PROJECT}、{UNIT}，或填写规则文件路径"


def _rules_changed(src: Path, dst: Path, rules: str | None, named: str) -> Path:
    """``src`` with its embedded rules (规则数据 column A, under the banner) replaced by ``rules`` (None: none) and
    设置's 评分规则 set to ``named``."""
    wb = openpyxl.load_workbook(src)
    ws = wb["规则数据"]
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 1).value = None
    if rules is not None:
        ws["A2"] = rules
    if rules is None:
        ws["A1"] = None
    settings = wb["设置"]
    settings.cell(next(r[0].row for r in settings.iter_rows() if r[0].value == "评分规则"), 2).value = named
    wb.save(dst)
    return dst


def test_an_older_workbook_without_embedded_rules_is_read_with_the_rules_it_names(tmp_path):
    path = _rules_changed(EXAMPLE, tmp_path / "上年.xlsx", None, UNIT)
    assert import_source(path)[1].name == UNIT


def test_a_workbook_with_unreadable_embedded_rules_is_refused_at_the_file(tmp_path):
    path = _rules_changed(EXAMPLE, tmp_path / "坏规则.xlsx", "name = = 坏", DEPT)
    with pytest.raises(ImportFailure) as exc:
        import_source(path)
    assert str(exc.value).startswith("坏规则.xlsx：评分规则表内保存的评分规则第1行")
    assert str(exc.value).endswith("。请用 xlperf new --profile 重新生成填报表，或用 --profile 指定评分规则")


def test_a_workbook_read_with_given_rules_keeps_them(tmp_path):
    given = builtin(UNIT)
    imported, profile = import_source(Path(shutil.copy(EXAMPLE, tmp_path / "上年.xlsx")), profile=given)
    assert profile is given


# --------------------------------------------------------------------------- names


def test_the_kinds_rules_and_names():
    assert kind_profile("部门整体").name == DEPT  # the first shipped of its kind
    assert kind_profile("项目支出").name == PROJECT
    assert kind_profile("自评表").name == PROJECT
    assert kind_profile("其他") is None
    # dept-henan-2021.toml: each level-1 indicator, then its level-2 ones, in the file's order
    assert indicator_names(load_profile(DEPT)) == ("预算执行", "投入管理", "工作目标管理", "预算和财务管理", "绩效管理",
                                                   "产出指标", "重点工作任务完成情况", "履职目标实现情况",
                                                   "效益指标", "履职效益", "满意度")


# --------------------------------------------------------------------------- the rules' indicator names to the parser

#: under the analysis numbered 1., “2.预算执行情况” follows 1. as a next sub-section would, and its 预算 is a word of the
#: funds sub-section (dept-overall.toml) — but 预算执行 is a 一级指标 of the 河南2021 rules: its analysis block
INDICATOR_BLOCK = ("江口县图书馆2021年度部门整体支出绩效自评报告\n一、基本情况\n负责全县图书借阅和阅读推广。\n"
                   "二、绩效自评工作开展情况\n成立自评小组，逐项打分。\n四、绩效目标实现情况分析\n"
                   "1.绩效指标完成情况\n1.产出指标\n全年接待读者5万人次。\n2.预算执行情况\n各项支出按计划执行，进度均衡。\n"
                   "五、发现的主要问题和改进措施\n部分分馆开放时间不足。\n")


def test_a_block_named_by_an_indicator_of_the_rules_is_its_analysis(tmp_path):
    imported, _ = import_source(report(tmp_path, INDICATOR_BLOCK))
    assert imported.evaluation.narrative.analysis == {"产出指标": "全年接待读者5万人次。",
                                                      "预算执行": "各项支出按计划执行，进度均衡。"}
