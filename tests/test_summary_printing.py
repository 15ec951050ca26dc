"""The bureau's 汇总表 prints (issue 13 §4) and names the unit of a workbook that opened but is invalid (§3).

One real ``xlperf batch`` over workbooks built by the form builder: good ones with long unit names, one whose
scores have an error, one whose indicator table has lost its header, one whose 年度 is no year, one without a
unit, one that is not a workbook.  The 汇总表 is checked in its sheet XML and in the LibreOffice PDF.
"""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest
from pdfpages import header_texts, pdf_pages, squash

from xlperf.cli import main
from xlperf.domain.model import Evaluation
from xlperf.infra.office import convert
from xlperf.workbook import layout as L
from xlperf.workbook.build import write_workbook
from report_helpers import department_example

LONG_UNITS = ["中共郑州市金水区委组织部", "郑州市金水区人力资源和社会保障局劳动保障监察大队", "金水区财政局",
              "郑州市金水区住房和城乡建设局（人民防空办公室）", "金水区教育局", "金水区卫生健康委员会"]


def _book(path, ev, **changes):
    data = ev.model_dump()
    data.update(changes)
    return write_workbook(path, Evaluation.model_validate(data))


def _edit(path, name, value):
    """Set the cell of a defined name (单位名称, 年度) as a clerk would type it."""
    wb = openpyxl.load_workbook(path)
    (sheet, ref), = wb.defined_names[name].destinations
    wb[sheet][ref.replace("$", "")] = value
    wb.save(path)


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    base = tmp_path_factory.mktemp("batch")
    src, out = base / "收到的填报表", base / "汇总结果"
    src.mkdir()
    ev = department_example()  # the example as a department's correct form (no leftover instruction in 五)
    for i, unit in enumerate(LONG_UNITS):
        _book(src / f"{i + 1:02d}-{unit}.xlsx", ev, unit=unit)
    data = ev.model_dump()
    data["indicators"][0]["manual_score"] = "15"  # 预算执行 is worth 10
    write_workbook(src / "错误.xlsx", Evaluation.model_validate({**data, "unit": "得分有误局"}))
    # the indicator table without its header: the workbook cannot be read as a whole
    _book(src / "断表.xlsx", ev, unit="断表局")
    wb = openpyxl.load_workbook(src / "断表.xlsx")
    ws = wb[L.S_IND]
    for c in ws[L.IND_HEADER_ROW]:
        c.value = None
    del wb.defined_names[L.IND_HEADER_NAME]
    wb.save(src / "断表.xlsx")
    _book(src / "年度.xlsx", ev, unit="年度乱填局")
    _edit(src / "年度.xlsx", "年度", "二〇二一年度（待定）")
    _book(src / "无单位.xlsx", ev, unit="无单位局")
    _edit(src / "无单位.xlsx", "单位名称", None)
    (src / "改名.xlsx").write_bytes(b"%PDF-1.4 not a workbook")
    assert main(["batch", str(src), "-o", str(out), "--jobs", "2", "--format", "md"]) == 1
    return out / "汇总表.xlsx"


def rows_of(path):
    ws = openpyxl.load_workbook(path)["汇总"]
    header = [c.value for c in ws[2]]
    return {r[1].value: dict(zip(header, (c.value for c in r))) for r in ws.iter_rows(min_row=3)}


def test_unit_of_an_invalid_workbook_is_shown(batch):
    rows = rows_of(batch)
    assert rows["断表.xlsx"]["状态"] == "填报有误" and rows["断表.xlsx"]["单位"] == "断表局"
    assert rows["断表.xlsx"]["年度"] == 2021
    assert rows["年度.xlsx"]["状态"] == "填报有误" and rows["年度.xlsx"]["单位"] == "年度乱填局"
    assert rows["年度.xlsx"]["年度"] is None
    assert rows["无单位.xlsx"]["状态"] == "填报有误" and not rows["无单位.xlsx"]["单位"]
    assert rows["错误.xlsx"]["单位"] == "得分有误局"
    assert rows["改名.xlsx"]["状态"] == "无法读取" and not rows["改名.xlsx"]["单位"]
    problems = openpyxl.load_workbook(batch)["问题清单"]
    units = {(r[0].value, r[1].value) for r in problems.iter_rows(min_row=3)}
    assert ("断表.xlsx", "断表局") in units  # the problem list names the unit too


def test_sheets_print_landscape_one_page_wide_with_a_repeated_frozen_shaded_header(batch):
    with zipfile.ZipFile(batch) as z:
        book = z.read("xl/workbook.xml").decode()
        sheets = {n: z.read(f"xl/worksheets/sheet{i}.xml").decode() for i, n in enumerate(("汇总", "问题清单", "统计", "图表"), 1)}
    assert re.findall(r'<sheet [^>]*name="([^"]+)"', book) == ["汇总", "问题清单", "统计", "图表"]
    for name, xml in sheets.items():
        setup = re.search(r"<pageSetup [^>]*/>", xml).group(0)
        for attr in ('orientation="landscape"', 'paperSize="9"', 'fitToWidth="1"', 'fitToHeight="0"'):
            assert attr in setup, (name, setup)
        assert re.search(r'<pageSetUpPr [^>]*fitToPage="1"', xml), name
    for i, name in enumerate(("汇总", "问题清单")):
        assert re.search(rf'<definedName name="_xlnm.Print_Titles" localSheetId="{i}">\'?{name}\'?!\$1:\$2<', book), name
    wb = openpyxl.load_workbook(batch)
    assert wb["汇总"].freeze_panes == "C3" and wb["问题清单"].freeze_panes == "A3"
    for name in ("汇总", "问题清单"):
        ws = wb[name]
        for c in ws[2]:
            assert c.fill.fgColor.rgb.endswith("DDEBF7") and c.font.b and c.alignment.wrap_text, (name, c.coordinate)
        assert all(c.alignment.wrap_text for c in ws[3]), name


def test_column_widths_follow_the_content(batch):
    """Width = the longest text as shown + 1 (a CJK character counts ~2), at least 4 and at least half the
    header + 1 (a header may take two lines), at most 36 (longer text wraps)."""
    wb = openpyxl.load_workbook(batch)
    ws = wb["汇总"]
    header = [c.value for c in ws[2]]
    width = {h: ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width for i, h in enumerate(header, 1)}
    assert width["序号"] == 4  # "11" → 3, "序号" → 2×2.1/2 + 1 = 3.1: the minimum
    assert width["年度"] == 5  # "2021" + 1
    assert width["总分"] == 6  # "91.00" + 1
    assert width["预算执行率（年初预算）"] == pytest.approx(11 * 2.1 / 2 + 1, abs=0.1)  # 11 wide characters, two lines
    assert 10 <= width["单位"] <= 36 and 10 <= width["原因"] <= 36  # long: capped, then narrowed to the page
    # the landscape page at ≥ 80 % in Excel: (11.69 − 2 × 0.4 in) × 96 px − 17 columns × 5 px padding
    # = 960.4 px ÷ 7 px per unit = 137.2 units at 100 %, ÷ 0.8 = 171.5
    assert sum(width.values()) <= 171.5
    ws2 = wb["问题清单"]
    w2 = {ws2.cell(2, c).value: ws2.column_dimensions[openpyxl.utils.get_column_letter(c)].width for c in range(1, 7)}
    assert w2["类别"] == pytest.approx(2 * 2.1 + 1)  # 错误/警告
    assert w2["说明"] == 36  # the longest message is far longer: capped, wraps
    # a wrapped problem text gets a row tall enough for its lines (12 pt a line at the least)
    for row in ws2.iter_rows(min_row=3):
        text = row[4].value or ""
        lines = -(-sum(2 if ord(ch) > 0x2E80 else 1 for ch in text) // int(w2["说明"]))
        if lines > 1:
            assert (ws2.row_dimensions[row[0].row].height or 0) >= 12 * lines, (text, lines)


@pytest.fixture(scope="module")
def pages(batch, tmp_path_factory):
    return pdf_pages(convert(batch, "pdf", tmp_path_factory.mktemp("pdf")))


def test_pdf_every_row_on_one_page_width(batch, pages):
    """Before: 汇总 alone came out as 19 portrait pages with its columns split over several. Now every
    汇总 page is landscape and shows all the headers, first to last; nothing runs off the right edge."""
    header = [c.value for c in openpyxl.load_workbook(batch)["汇总"][2]]
    summary = [p for p in pages if p["sheet"] == "汇总"]
    assert len(summary) == 1, len(summary)  # 11 workbooks: one page
    # LibreOffice shows a link as one unbreakable field (Excel wraps it): the 报告 link is a short label, so
    # nothing at all runs past the right margin
    for p in pages:
        w, h = p["size"]
        assert w > h, p["sheet"]
        over = [x[2] for x in p["words"] if x[1] > w - 20]
        assert over == [], (p["sheet"], over)
    shown = header_texts(summary[0]["words"], "序号")
    assert shown == header, shown
    text = squash(summary[0]["text"])
    for rec in rows_of(batch).values():
        assert squash(rec["文件"]) in text and squash(rec["单位"] or "") in text, rec["文件"]
    problems = [p for p in pages if p["sheet"] == "问题清单"]
    assert problems and all("说明" in header_texts(p["words"], "文件") for p in problems)
