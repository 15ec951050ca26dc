"""A 汇总表 a bureau director reads (issue 24): a title on every sheet, each 年度 ranked and counted apart with a
warning, no ``###`` in the PDF, the progress words equal the final status words, a duplicate unit's note bounded,
native charts of the grade distribution and the ranking.

One real ``xlperf batch --title 金水区财政局`` over five forms of two years (the example, 总分 91 with 预算执行 3 of
10; another 预算执行 score moves the total point for point; each form's own 上年总分 is 90, so 汇总 has 变化 and 名次).
Every expected figure is worked out by hand in the comments.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import json
import posixpath
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pdfpages import pdf_pages, squash

from xlperf.batch.lastyear import read_last_year
from xlperf.batch.progress import Progress
from xlperf.batch.record import Record, Status
from xlperf.batch.run import _set_display, run_batch
from xlperf.cli import main
from report_helpers import department_data

#: unit → (年度, 预算执行 score, 上年总分): totals 91 − 3 + score; every 变化 of 2024 is positive (a column sized
#: for "3" rather than "+3.00" printed ###; a minus sign elsewhere in the column would hide that)
FORMS = {"甲局": (2024, "5", "90"), "乙局": (2024, "3", "90"), "丙局": (2024, "0", "80"),  # 93, 91, 88
         "丁局": (2021, "7", "90"), "戊局": (2021, "1", "90")}  # 95, 89


def form(folder: Path, unit: str, year: int, budget_score: str, previous: str = "90") -> None:
    data = department_data()
    data["unit"], data["year"] = unit, year
    data["indicators"][0]["manual_score"] = budget_score
    data["previous"] = {"total": previous}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{unit}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("years")
    src, out = tmp / "in", tmp / "out"
    for unit, (year, score, previous) in FORMS.items():
        form(src, unit, year, score, previous)
    err, printed = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(printed):
        code = main(["batch", str(src), "-o", str(out), "--include-json", "--format", "md", "--jobs", "2",
                     "--title", "金水区财政局"])
    assert code == 0, (printed.getvalue(), err.getvalue())
    return {"summary": out / "汇总表.xlsx", "err": err.getvalue(), "tmp": tmp}


def table(ws) -> dict[str, dict]:
    """A 汇总 sheet's rows by unit, read under the header row (row 2, under the title)."""
    header = [c.value for c in ws[2]]
    assert header[:3] == ["序号", "文件", "单位"]
    return {r[2]: dict(zip(header, r)) for r in ws.iter_rows(min_row=3, values_only=True)}


def blocks(ws) -> dict[str, dict]:
    """统计 by year block: {"2024年度": {label: value}, …}; rows before the first block under key ""."""
    out, current = {"": {}}, ""
    for label, value in ws.iter_rows(min_row=2, max_col=2, values_only=True):
        if label and re.fullmatch(r"\d{4}年度", label):
            current = label
            out[current] = {}
        elif label:
            out[current][label] = value
    return out


def test_each_year_is_ranked_apart(batch):
    wb = openpyxl.load_workbook(batch["summary"])
    assert wb.sheetnames == ["汇总", "汇总（2021年度）", "问题清单", "统计", "图表", "图表（2021年度）"]
    main_rows = table(wb["汇总"])  # 2024 has three workbooks, 2021 two: 2024 is the batch's year
    assert list(main_rows) == ["甲局", "乙局", "丙局"]  # 93, 91, 88: no 2021 workbook among them
    assert {u: (r["总分"], r["名次"], r["变化"]) for u, r in main_rows.items()} == {
        "甲局": (93, 1, 3), "乙局": (91, 2, 1), "丙局": (88, 3, 8)}  # 变化 against the form's own 90, 90, 80
    # 2021 apart: 丁局's 95 is the best of all five, yet it is no 1st of 2024 — and 甲局 is no 2nd
    other = table(wb["汇总（2021年度）"])
    assert {u: (r["总分"], r["名次"], r["序号"]) for u, r in other.items()} == {"丁局": (95, 1, 1), "戊局": (89, 2, 2)}


def test_statistics_per_year_with_a_warning_in_the_sheet_and_on_the_console(batch):
    s = blocks(openpyxl.load_workbook(batch["summary"])["统计"])
    warning = "注意：工作簿分属2个年度（2024年度3个、2021年度2个），各年度分别排名和统计，不合并比较；" \
              "2024年度以外的见工作表“汇总（2021年度）”"
    assert list(s[""]) == [warning]
    assert warning in batch["err"]
    a, b = s["2024年度"], s["2021年度"]
    assert (a["工作簿数"], a["参与统计的工作簿数"], b["工作簿数"], b["参与统计的工作簿数"]) == (3, 3, 2, 2)
    assert a["平均分"] == pytest.approx(90.67)  # (93 + 91 + 88) ÷ 3 = 272 ÷ 3 = 90.666… (all five: 91.2)
    assert b["平均分"] == pytest.approx(92)  # (95 + 89) ÷ 2
    assert (a["中位数"], a["最高分"], a["最低分"]) == (91, 93, 88)
    assert (b["中位数"], b["最高分"], b["最低分"]) == (92, 95, 89)
    assert (a["优"], a["良"], b["优"], b["良"]) == (2, 1, 1, 1)  # ≥ 90 优, ≥ 80 良


def test_one_year_gives_no_warning(tmp_path, capsys):
    form(tmp_path / "in", "甲局", 2024, "5")
    assert main(["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--include-json", "--format", "md"]) == 0
    assert "年度" not in capsys.readouterr().err
    wb = openpyxl.load_workbook(tmp_path / "out" / "汇总表.xlsx")
    assert wb.sheetnames == ["汇总", "问题清单", "统计", "图表"]
    assert wb["汇总"]["A1"].value.split("\n")[0] == "2024年度部门整体绩效自评汇总表"  # no --title: no bureau
    assert wb["统计"]["A2"].value == "工作簿数" and wb["统计"]["B2"].value == 1


def test_every_sheet_has_the_title_and_the_date(batch):
    d = datetime.date.today()
    date = f"制表日期：{d.year}年{d.month}月{d.day}日"
    wb = openpyxl.load_workbook(batch["summary"])
    title = "金水区财政局2024年度部门整体绩效自评汇总表"
    assert wb["汇总"]["A1"].value == f"{title}\n{date}"
    assert wb["汇总（2021年度）"]["A1"].value == f"金水区财政局2021年度部门整体绩效自评汇总表\n{date}"
    for name, role in (("问题清单", "问题清单"), ("统计", "统计"), ("图表", "图表")):
        assert wb[name]["A1"].value == f"{title}（{role}）\n{date}", name
    assert wb["图表（2021年度）"]["A1"].value == f"金水区财政局2021年度部门整体绩效自评汇总表（图表）\n{date}"
    # printed: the title and the header row on every page, the header frozen under the title
    for name in ("汇总", "汇总（2021年度）", "问题清单"):
        assert wb[name].print_title_rows == "$1:$2", name
    assert wb["汇总"].freeze_panes == "C3" and wb["问题清单"].freeze_panes == "A3"


def test_last_year_reads_a_summary_with_its_title(batch):
    """Next year's ``--last-year`` reads this file (header in row 2) — the year's own rows, with their 名次."""
    last = read_last_year(batch["summary"])
    assert {k: (u, int(t), r) for k, (u, t, r) in last.units.items()} == {
        "甲局": ("甲局", 93, 1), "乙局": ("乙局", 91, 2), "丙局": ("丙局", 88, 3)}


def test_charts_of_the_grades_and_the_ranking(batch):
    """统计 from row 2: the warning, a blank row, "2024年度", 工作簿数, five statuses (rows 6–10), a blank row,
    等级/数量 in row 12, 优良中差 in rows 13–16.  汇总's three ranked rows are rows 3–5 (单位 C, 总分 E)."""
    xml = chart_xml(batch["summary"], "图表")
    assert len(xml) == 2
    grades, ranking = xml
    assert '<barDir val="col"/>' in grades and "<f>'统计'!$B$13:$B$16</f>" in grades
    assert "<strRef><f>'统计'!$A$13:$A$16</f>" in grades
    assert '<barDir val="bar"/>' in ranking and "<f>'汇总'!$E$3:$E$5</f>" in ranking
    assert "<strRef><f>'汇总'!$C$3:$C$5</f>" in ranking
    assert '<orientation val="maxMin"/>' in ranking  # the 1st at the top
    assert "2024年度等级分布" in grades and "2024年度总分排名" in ranking
    wb = openpyxl.load_workbook(batch["summary"])
    assert [wb["统计"].cell(r, 1).value for r in range(12, 17)] == ["等级", "优", "良", "中", "差"]


def chart_xml(path: Path, sheet: str) -> list[str]:
    """The chart parts drawn on ``sheet`` (workbook → sheet → drawing → charts, following the package's
    relationships), without the ``c:`` prefix."""
    with zipfile.ZipFile(path) as z:
        def targets(part: str, kind: str, rid: str = "") -> list[str]:
            folder, name = posixpath.split(part)
            rels = z.read(f"{folder}/_rels/{name}.rels").decode()
            found = []
            for rel in re.findall(r"<Relationship [^>]*/>", rels):
                attrs = dict(re.findall(r'(\w+)="([^"]*)"', rel))
                if attrs["Type"].endswith("/" + kind) and (not rid or attrs["Id"] == rid):
                    t = attrs["Target"]
                    found.append(t.lstrip("/") if t.startswith("/") else posixpath.normpath(f"{folder}/{t}"))
            return found

        book = z.read("xl/workbook.xml").decode()
        rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', book).group(1)
        (part,) = targets("xl/workbook.xml", "worksheet", rid)
        (drawing,) = targets(part, "drawing")
        return [z.read(c).decode().replace("<c:", "<") for c in targets(drawing, "chart")]


def test_each_other_year_has_its_own_chart_sheet(batch):
    """统计's 2021 block follows the 2024 one (rows 4–22) and a blank row: "2021年度" in row 24, 工作簿数 25,
    five statuses 26–30, a blank row, 等级/数量 in row 32, 优良中差 in rows 33–36.  汇总（2021年度） ranks two
    units, rows 3–4 (丁局 95, 戊局 89)."""
    grades, ranking = chart_xml(batch["summary"], "图表（2021年度）")
    assert "2021年度等级分布" in grades and "2021年度总分排名" in ranking
    assert "<f>'统计'!$B$33:$B$36</f>" in grades and "<strRef><f>'统计'!$A$33:$A$36</f>" in grades
    assert "<f>'汇总（2021年度）'!$E$3:$E$4</f>" in ranking
    assert "<strRef><f>'汇总（2021年度）'!$C$3:$C$4</f>" in ranking
    wb = openpyxl.load_workbook(batch["summary"])
    assert [wb["统计"].cell(r, 1).value for r in (24, 32, 33, 36)] == ["2021年度", "等级", "优", "差"]
    assert [wb["统计"].cell(r, 2).value for r in range(33, 37)] == [1, 1, 0, 0]  # 95 优, 89 良
    assert [wb["汇总（2021年度）"].cell(r, 3).value for r in (3, 4)] == ["丁局", "戊局"]
    ws = wb["图表（2021年度）"]
    assert (ws.page_setup.orientation, int(ws.page_setup.paperSize)) == ("landscape", 9)  # 9: A4


@pytest.fixture(scope="module")
def pages(batch):
    from xlperf.infra.office import convert

    return pdf_pages(convert(batch["summary"], "pdf", batch["tmp"] / "pdf"))


def test_pdf_shows_the_titles_and_no_hashes(batch, pages):
    by_sheet: dict[str, str] = {}
    for p in pages:
        by_sheet[p["sheet"]] = by_sheet.get(p["sheet"], "") + squash(p["text"])
    assert set(by_sheet) == {"汇总", "汇总（2021年度）", "问题清单", "统计", "图表", "图表（2021年度）"}, set(by_sheet)
    for sheet, text in by_sheet.items():
        assert "###" not in text, sheet
        year = "2021" if "2021" in sheet else "2024"
        assert f"金水区财政局{year}年度部门整体绩效自评汇总表" in text, sheet
        assert "制表日期：" in text, sheet
    # 变化 printed with its sign, each number whole (93 − 90, 91 − 90, 88 − 80)
    assert all(v in by_sheet["汇总"] for v in ("+3.00", "+1.00", "+8.00"))
    for p in pages:  # every page A4 landscape
        w, h = p["size"]
        assert (round(w), round(h)) == (842, 595), p["sheet"]


def test_statistics_print_a_page_per_year_each_with_the_title(pages):
    """统计's 2024 block (from the warning to 最低分) on one page, the 2021 block on the next, under its title."""
    stats = [squash(p["text"]) for p in pages if p["sheet"] == "统计"]
    assert len(stats) == 2, stats
    first, second = stats
    assert "2024年度工作簿数" in first and "2021年度" not in first.split("“汇总（2021年度）”")[1]  # (the warning)
    assert "2021年度工作簿数" in second and "2024年度" not in second.replace("2024年度部门整体", "")
    for page in stats:
        assert "金水区财政局2024年度部门整体绩效自评汇总表（统计）" in page
        assert all(label in page for label in ("工作簿数", "等级", "占比", "平均分", "最低分"))


def test_the_change_column_is_as_wide_as_its_signed_figures(batch):
    """“+3.00” is 5 characters: the column is at least 5 + 1 wide (sized for “3”, it printed ###)."""
    ws = openpyxl.load_workbook(batch["summary"])["汇总"]
    header = [c.value for c in ws[2]]
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(header.index("变化") + 1)].width
    assert width >= 6


# ---------------------------------------------------------------- progress words and duplicates


def test_progress_corrects_a_status_that_changed_after_the_line():
    out = io.StringIO()
    p = Progress(out, tty=False)
    p.start(2)
    p.advance(Record("a.xlsx", status=Status.OK))
    p.advance(Record("b.xlsx", status=Status.OK))
    p.finish()
    p.settle([Record("a.xlsx", status=Status.WARN, reason="与“b.xlsx”为同一单位同一年度"),
              Record("b.xlsx", status=Status.OK)])
    assert out.getvalue().splitlines()[-3:] == [
        "[1/2] 成功 a.xlsx", "[2/2] 成功 b.xlsx", "[更正] 有警告 a.xlsx（原为成功）：与“b.xlsx”为同一单位同一年度"]


def test_the_last_word_on_the_console_is_the_final_status(tmp_path):
    """Two forms of one unit and year: both end 有警告 (the second copy is found after both lines were said)."""
    for name in ("a", "b"):
        form(tmp_path / "in" / name, "甲局", 2024, "5")
    out = io.StringIO()
    outcome = run_batch(tmp_path / "in", tmp_path / "out", jobs=1, suffixes=(".json",), formats=("md",),
                        progress=Progress(out, tty=False))
    final = {r.file: r.status.value for r in outcome.records}
    assert set(final.values()) == {"有警告"}
    said = {}
    for line in out.getvalue().splitlines():
        m = re.match(r"\[(?:\d+/\d+|更正)\] (\S+) (\S+?)(?:（|：|$)", line)
        if m:
            said[m.group(2)] = m.group(1)
    assert said == final


def test_sixty_copies_name_three_others_and_count_the_rest():
    files = [f"c{i:02d}.xlsx" for i in range(1, 61)]
    rec = Record("c01.xlsx", unit="甲局", year=2024, status=Status.OK)
    _set_display(rec, files[1:])
    assert rec.status == Status.WARN
    assert rec.reason == "与“c02.xlsx”“c03.xlsx”“c04.xlsx”等其他59个工作簿为同一单位同一年度（甲局 2024年），请核对"
    assert rec.problems[-1].message == rec.reason
    two = Record("c01.xlsx", unit="甲局", year=2024, status=Status.OK)
    _set_display(two, ["c02.xlsx"])
    assert two.reason == "与“c02.xlsx”为同一单位同一年度（甲局 2024年），请核对"


def test_the_batchs_year_is_the_year_most_workbooks_have_the_later_on_a_tie():
    from xlperf.batch.summary import year_groups

    def recs(*years):
        return [Record(f"{i}.xlsx", year=y) for i, y in enumerate(years)]

    # two of 2021 and one of 2024 (a stray newer form): 2021 is the batch's year; an unknown 年度 stays with it
    groups = year_groups(recs(2024, 2021, None, 2021))
    assert [(y, [r.file for r in g]) for y, g in groups] == [(2021, ["1.xlsx", "2.xlsx", "3.xlsx"]), (2024, ["0.xlsx"])]
    # one each of 2021, 2022, 2024: the latest first, the others latest first
    assert [y for y, _ in year_groups(recs(2021, 2024, 2022))] == [2024, 2022, 2021]
    assert [y for y, _ in year_groups(recs(None, None))] == [None]
