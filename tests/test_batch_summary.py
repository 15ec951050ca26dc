"""汇总表.xlsx: rows sorted by total, links, problem list, statistics, text never a formula."""

import csv
from decimal import Decimal

import openpyxl
import pytest

from xlperf.batch.summary import statistics_rows, write_summary
from xlperf.batch.record import Record
from xlperf.infra.office import convert


def _rec(file, unit, total, grade, status="成功", reports=(), problems=()):
    return Record.from_json({"file": file, "unit": unit, "year": 2021, "profile": "", "total": total, "grade": grade,
            "levels": [["预算执行", "10", "3"], ["产出指标", "40", total and "40"]],
            "rates": {"执行率_年初": "0.2419", "执行率_调整": "1"}, "problems": [list(p) for p in problems],
            "errors": sum(1 for p in problems if p[3] == "错误"),
            "warnings": sum(1 for p in problems if p[3] == "警告"),
            "status": status, "reason": "", "reports": list(reports)})


RECORDS = [
    _rec("b.xlsx", "乙局", "85.5", "良", reports=["乙局2021年度部门整体绩效自评报告.docx"]),
    _rec("f.xlsx", "-负号局", None, "", status="失败",
         problems=[("", "", "不是Excel工作簿", "错误")]),
    _rec("a.xlsx", "=HYPERLINK(\"http://x\",\"点我\")", "91", "优", reports=["a报告.docx"],
         problems=[("指标评分!H12", "偏差原因", "+请说明偏差原因", "警告")]),
    _rec("c.xlsx", "@丙局", "70", "中", status="有警告", reports=["c报告.docx"]),
]


@pytest.fixture(scope="module")
def summary(tmp_path_factory):
    out = tmp_path_factory.mktemp("summary")
    return write_summary(RECORDS, out)


def test_rows_sorted_by_total_with_links(summary):
    ws = openpyxl.load_workbook(summary)["汇总"]
    header = [c.value for c in ws[2]]
    assert header[:6] == ["序号", "文件", "单位", "年度", "总分", "等级"]
    assert header[6:8] == ["预算执行", "产出指标"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert [r[1] for r in rows] == ["a.xlsx", "b.xlsx", "c.xlsx", "f.xlsx"]  # failed last
    assert [r[4] for r in rows[:3]] == [91, 85.5, 70]
    col = header.index("报告") + 1
    assert ws.cell(3, col).hyperlink.target == "a报告.docx"
    assert ws.cell(4, col).value == "打开Word报告"  # a short label; the link names the file
    assert ws.cell(4, col).hyperlink.target == "乙局2021年度部门整体绩效自评报告.docx"
    assert ws.cell(6, col).hyperlink is None
    assert ws.cell(3, header.index("预算执行率（年初预算）") + 1).number_format == "0.00%"


def test_text_starting_like_a_formula_stays_text(summary):
    wb = openpyxl.load_workbook(summary)
    ws = wb["汇总"]
    units = {ws.cell(r, 2).value: ws.cell(r, 3) for r in range(3, 7)}
    cell = units["a.xlsx"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x","点我")'
    assert units["f.xlsx"].value == "-负号局" and units["c.xlsx"].value == "@丙局"
    assert cell.quotePrefix
    problems = [[c.value for c in r] for r in wb["问题清单"].iter_rows(min_row=3)]
    assert ["a.xlsx", '=HYPERLINK("http://x","点我")', "指标评分!H12", "偏差原因", "+请说明偏差原因", "警告"] in problems
    assert len(problems) == 2


def test_statistics_by_hand():
    rows = dict(statistics_rows(RECORDS))
    assert rows["工作簿数"] == 4 and rows["失败"] == 1 and rows["有警告"] == 1 and rows["成功"] == 2
    assert (rows["优"], rows["良"], rows["中"], rows["差"]) == (1, 1, 1, 0)
    assert rows["平均分"] == Decimal("82.17")  # (91 + 85.5 + 70) / 3 = 82.1666…
    assert rows["中位数"] == Decimal("85.50")
    assert rows["最高分"] == Decimal("91") and rows["最低分"] == Decimal("70")


def test_summary_opens_in_libreoffice_and_formula_text_is_text(summary, tmp_path):
    out = convert(summary, "csv:Text - txt - csv (StarCalc):44,34,76,1", tmp_path)
    rows = list(csv.reader(out.read_text(encoding="utf-8").splitlines()))
    assert rows[1][:3] == ["序号", "文件", "单位"]  # under the title row
    units = {r[1]: r[2] for r in rows[2:]}
    assert units["a.xlsx"] == '=HYPERLINK("http://x","点我")'  # not "点我", the formula's result
    assert units["f.xlsx"] == "-负号局" and units["c.xlsx"] == "@丙局"


def test_median_of_an_even_count_is_the_mean_of_the_two_middle_totals(tmp_path):
    """Four scored workbooks (91, 85.5, 80, 70; 失败 not counted): (85.5 + 80) ÷ 2 = 82.75, not 85.5 or 80."""
    records = RECORDS + [_rec("d.xlsx", "丁局", "80", "良", status="有警告")]
    rows = dict(statistics_rows(records))
    assert rows["参与统计的工作簿数"] == 4
    assert rows["中位数"] == Decimal("82.75")
    assert rows["平均分"] == Decimal("81.63")  # (91 + 85.5 + 80 + 70) ÷ 4 = 326.5 ÷ 4 = 81.625 → 81.63 half up
    written = openpyxl.load_workbook(write_summary(records, tmp_path))["统计"]
    cells = {r[0].value: r[1] for r in written.iter_rows() if r[0].value}
    assert cells["中位数"].value == 82.75 and cells["中位数"].number_format == "0.00"
