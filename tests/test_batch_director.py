"""The 汇总表 read by a bureau director (issue 24): eight departments of one year, one of them with an error, read
in the LibreOffice PDF as the director would — units in order of 总分, each file's name whole, 统计 with each
grade's share and a page per 年度, a 问题清单 that says so when there is nothing to list.

Every department is the example form (总分 91 with 预算执行 3 of 10; each 预算执行 score moves the total point for
point; 上年总分 90 on each form) saved as a workbook named after its unit.  Expected figures are worked out by hand.
"""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from pdfpages import pdf_pages, squash

from xlperf.batch.record import Record, Status
from xlperf.batch.summary import write_summary
from xlperf.cli import main
from xlperf.domain.model import Evaluation
from xlperf.infra.office import convert
from xlperf.workbook.build import write_workbook
from report_helpers import department_example

#: unit → 预算执行 score: 总分 = 91 − 3 + score; 15 is over the indicator's 10 (填报有误, no 总分)
UNITS = {"郑州市金水区教育局": "10", "郑州市金水区民政局": "7", "郑州市金水区卫生健康委员会": "3",
         "中共郑州市金水区委组织部": "3", "郑州市金水区人力资源和社会保障局": "5",
         "郑州市金水区住房和城乡建设局（人民防空办公室）": "0", "郑州市金水区财政局": "8",
         "郑州市金水区文化广电和旅游局": "15"}


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("director")
    src, out = base / "2024年度填报表", base / "汇总"
    src.mkdir()
    data = department_example().model_dump()
    for unit, score in UNITS.items():
        data["unit"], data["year"] = unit, 2024
        data["indicators"][0]["manual_score"] = score
        data["previous"] = {**(data.get("previous") or {}), "total": "90"}
        write_workbook(src / f"{unit}.xlsx", Evaluation.model_validate(data))
    assert main(["batch", str(src), "-o", str(out), "--format", "md", "--jobs", "2", "--title", "金水区财政局"]) == 1
    summary = out / "汇总表.xlsx"
    return {"summary": summary, "pages": pdf_pages(convert(summary, "pdf", base / "pdf"))}


def test_the_units_in_order_of_their_total(batch):
    ws = openpyxl.load_workbook(batch["summary"])["汇总"]
    header = [c.value for c in ws[2]]
    rows = [dict(zip(header, r)) for r in ws.iter_rows(min_row=3, values_only=True)]
    # 98, 96, 95, 93, 91, 91 (a tie: both 5th, by file name), 88; the form with an error last, unranked
    assert [(r["单位"], r["总分"], r["名次"], r["变化"]) for r in rows] == [
        ("郑州市金水区教育局", 98, 1, 8), ("郑州市金水区财政局", 96, 2, 6), ("郑州市金水区民政局", 95, 3, 5),
        ("郑州市金水区人力资源和社会保障局", 93, 4, 3), ("中共郑州市金水区委组织部", 91, 5, 1),
        ("郑州市金水区卫生健康委员会", 91, 5, 1), ("郑州市金水区住房和城乡建设局（人民防空办公室）", 88, 7, -2),
        ("郑州市金水区文化广电和旅游局", None, None, None)]
    assert rows[-1]["状态"] == "填报有误"


def test_statistics_give_each_grades_share(batch):
    ws = openpyxl.load_workbook(batch["summary"])["统计"]
    cells = {r[0].value: r for r in ws.iter_rows(min_row=2) if r[0].value}
    assert (cells["工作簿数"][1].value, cells["成功"][1].value, cells["填报有误"][1].value) == (8, 7, 1)
    assert [c.value for c in cells["等级"][:3]] == ["等级", "数量", "占比"]
    # seven scored: 98 … 91 are 优 (6), 88 良 (1) — 6/7 = 85.71… %, 1/7 = 14.28… %
    shares = {g: (cells[g][1].value, cells[g][2].value) for g in ("优", "良", "中", "差")}
    assert {g: c for g, (c, _) in shares.items()} == {"优": 6, "良": 1, "中": 0, "差": 0}
    assert {g: round(s, 4) for g, (_, s) in shares.items()} == {"优": 0.8571, "良": 0.1429, "中": 0, "差": 0}
    assert cells["优"][2].number_format == "0.0%"
    assert cells["平均分"][1].value == pytest.approx(93.14)  # 652 ÷ 7 = 93.142…
    assert (cells["中位数"][1].value, cells["最高分"][1].value, cells["最低分"][1].value) == (93, 98, 88)


def _page(pages, sheet: str) -> dict:
    (page,) = [p for p in pages if p["sheet"] == sheet]
    return page


def test_pdf_shows_every_file_name_whole(batch):
    """LibreOffice never wraps a link's text: a 文件 column narrowed below a name cut it off at the 单位 column
    (“郑州市金水区教育局.js”).  Each name of up to 14 characters and “.xlsx” (2.1 × 14 + 5 + 1 = 35.4 ≤ the
    widest column, 36) ends left of the 单位 column's text; 单位 keeps eight characters a line (18 wide)."""
    page = _page(batch["pages"], "汇总")
    words = page["words"]
    files = [w for w in words if w[2].endswith(".xlsx")]
    units = [w for w in words if w[2].startswith(("郑州市", "中共")) and not w[2].endswith(".xlsx")]  # (wrapped)
    assert len(files) == 8 and len(units) >= 8, [w[2] for w in words]
    fitting = [w for w in files if len(w[2]) <= 14 + len(".xlsx")]
    assert len(fitting) == 6  # all but the 人力资源和社会保障局 (16 characters) and the 住房和城乡建设局（…） (24)
    assert max(w[1] for w in fitting) < min(w[0] for w in units), (max(w[1] for w in fitting), min(w[0] for w in units))
    ws = openpyxl.load_workbook(batch["summary"])["汇总"]
    header = [c.value for c in ws[2]]
    assert ws.column_dimensions[openpyxl.utils.get_column_letter(header.index("单位") + 1)].width == 18
    assert "郑州市金水区教育局" in [w[2] for w in units]  # nine characters: on one line


def _line(words, first: str) -> str:
    """The printed line that starts with the word ``first``, its words joined left to right."""
    w0 = next(w for w in words if w[2] == first)
    return "".join(w[2] for w in sorted((w for w in words if abs(w[3] - w0[3]) < 3), key=lambda w: w[0]))


def test_pdf_statistics_and_problem_list_read_as_tables(batch):
    page = _page(batch["pages"], "统计")
    assert "金水区财政局2024年度部门整体绩效自评汇总表（统计）" in squash(page["text"])
    lines = [_line(page["words"], g) for g in ("等级", "优", "良", "中", "差", "平均分")]
    assert lines == ["等级数量占比", "优685.7%", "良114.3%", "中00.0%", "差00.0%", "平均分93.14"]
    problems = squash(_page(batch["pages"], "问题清单")["text"])
    assert "郑州市金水区文化广电和旅游局" in problems and "得分须在0-10之间" in problems


def test_an_empty_problem_list_says_there_is_nothing(tmp_path):
    rec = Record("甲局.xlsx", unit="甲局", year=2024, total="95", grade="优", status=Status.OK)
    ws = openpyxl.load_workbook(write_summary([rec], tmp_path, today=datetime.date(2025, 3, 1)))["问题清单"]
    assert [c.value for c in ws[3]][:6] == ["无", None, None, None, "各工作簿均未发现错误或警告", None]


def test_a_column_with_its_own_floor_is_not_narrowed_below_it():
    """60 units into 40: the 30-wide link column stops at its floor 25, the 20 narrows to the common 10;
    25 + 10 + 10 = 45, over the budget but nothing is cut (the page is scaled instead)."""
    from xlperf.infra.sheetfit import shrink_widths

    assert shrink_widths([30, 20, 10], 40, [25, 10, 10]) == [25, 10, 10]
    assert shrink_widths([30, 20, 10], 40, 10) == [15, 15, 10]  # one floor for all: the widest first, in turn
