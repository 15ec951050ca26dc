"""``xlperf batch --last-year 上年汇总表.xlsx``: 上年总分, 变化, 上年名次, 名次, 名次变化 in 汇总, the departments
missing this year in 统计, refusals of a bad file.  Every expected figure is worked out by hand in the comments."""

from __future__ import annotations

import json
from decimal import Decimal as D

import openpyxl
import pytest

from xlperf.batch.lastyear import LastYearError, read_last_year, unit_key
from xlperf.cli import main
from report_helpers import department_data


def last_year_file(path, rows, headers=("序号", "单位", "总分", "等级"), sheet="汇总"):
    """A 汇总表 as last year's batch (or a bureau's clerk) left it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    wb.save(path)
    return path


def form(path, unit, budget_score="3", previous=None):
    """The example (总分 91 with 预算执行 3 of 10); ``budget_score`` moves the total point for point."""
    data = department_data()
    data["unit"] = unit
    data["indicators"][0]["manual_score"] = budget_score
    if previous is not None:
        data["previous"] = previous
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def sheet_rows(path, sheet="汇总"):
    ws = openpyxl.load_workbook(path)[sheet]
    header = [c.value for c in ws[2]]
    return header, {r[2].value: dict(zip(header, r)) for r in ws.iter_rows(min_row=3)}


def stats(path):
    ws = openpyxl.load_workbook(path)["统计"]
    return {r[0].value: r[1].value for r in ws.iter_rows() if r[0].value}


# ---------------------------------------------------------------- reading last year's file


def test_unit_names_match_across_widths_and_spaces():
    assert unit_key("ＡＢ局（机关）") == unit_key("AB局(机关)") == unit_key(" A B 局 ( 机关 )\u3000")
    assert unit_key("甲局") != unit_key("甲局机关")


def test_ranks_by_total_with_ties_sharing_when_the_file_has_no_rank(tmp_path):
    f = last_year_file(tmp_path / "上年.xlsx", [(1, "甲局", 90, "优"), (2, "丙局", 90, "优"), (3, "乙局", 85.5, "良"),
                                               (4, "丁局", None, ""), (5, None, None, None)])
    last = read_last_year(f)
    # 90, 90, 85.5: 1, 1, 3; 丁局 had no 总分 (errors last year): no rank; the blank row is skipped
    assert last.units == {"甲局": ("甲局", D(90), 1), "丙局": ("丙局", D(90), 1), "乙局": ("乙局", D("85.5"), 3),
                          "丁局": ("丁局", None, None)}


def test_the_files_own_rank_column_is_used(tmp_path):
    f = last_year_file(tmp_path / "上年.xlsx", [("甲局", 90, 2), ("乙局", 95, 1)], headers=("单位", "总分", "名次"))
    assert read_last_year(f).units == {"甲局": ("甲局", D(90), 2), "乙局": ("乙局", D(95), 1)}


@pytest.mark.parametrize("make, expected", [
    (lambda p: p, "上年汇总表“{path}”不存在"),
    (lambda p: p.write_text("单位,总分\n甲局,90\n", encoding="utf-8") or p, "上年汇总表“上年.xlsx”不是"),
    (lambda p: last_year_file(p, [("甲局", 90)], ("单位", "总分"), sheet="Sheet1"), "上年汇总表“上年.xlsx”中没有“汇总”工作表"),
    (lambda p: last_year_file(p, [("甲局", 90)], ("单位", "得分")), "上年汇总表“上年.xlsx”的“汇总”工作表第1行没有“总分”列"),
    (lambda p: last_year_file(p, [("甲局", 90), ("乙局", "八十")], ("单位", "总分")),
     "上年汇总表“上年.xlsx”汇总!B3的总分应为数字，现为“八十”"),
    (lambda p: last_year_file(p, [("甲局", 90), ("甲 局", 80)], ("单位", "总分")),
     "上年汇总表“上年.xlsx”中单位“甲 局”出现两次（第2行、第3行）"),
    (lambda p: last_year_file(p, [("甲局", None)], ("单位", "总分")), "上年汇总表“上年.xlsx”的“汇总”工作表中没有任何单位的总分"),
    (lambda p: last_year_file(p, [("甲局", 90, 1.5)], ("单位", "总分", "名次")), "汇总!C2的名次应为正整数，现为“1.5”"),
])
def test_bad_files_are_refused_naming_file_and_cell(tmp_path, make, expected):
    path = tmp_path / "上年.xlsx"
    make(path)
    with pytest.raises(LastYearError) as err:
        read_last_year(path)
    assert expected.format(path=path) in str(err.value)


# ---------------------------------------------------------------- batch runs


@pytest.fixture(scope="module")
def compared(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("lastyear")
    src, out = tmp / "in", tmp / "out"
    form(src / "a.json", "甲局")  # 91
    form(src / "b.json", "乙局", "1")  # 91 − 2 = 89
    form(src / "c.json", "AB局", "5")  # 91 + 2 = 93
    form(src / "d.json", "丙局", "15")  # 15 of 10: an error, no 总分
    form(src / "e.json", "戊局")  # 91, new this year
    form(src / "g.json", "庚局", "0")  # 91 − 3 = 88; listed last year without a 总分
    # last year: 乙 92 (1), 甲 88.5 (2), 丙 85 (3), ＡＢ 80 (4), 丁 70 (5), 庚 — (none)
    last = last_year_file(tmp / "上年汇总表.xlsx", [(1, "ＡＢ局", 80, "良"), (2, "甲局", 88.5, "良"),
                                                   (3, "乙 局", 92, "优"), (4, "丙局", 85, "良"), (5, "丁局", 70, "中"),
                                                   (6, "庚局", None, "")])
    code = main(["batch", str(src), "-o", str(out), "--include-json", "--format", "md", "--jobs", "2",
                 "--last-year", str(last)])
    return code, out / "汇总表.xlsx"


def test_summary_has_last_years_total_change_and_ranks(compared):
    code, summary = compared
    assert code == 1  # 丙局 has an error
    header, rows = sheet_rows(summary)
    assert header[:11] == ["序号", "文件", "单位", "年度", "总分", "等级", "上年总分", "变化", "上年名次", "名次", "名次变化"]
    got = {unit: tuple(r[h].value for h in ("总分", "上年总分", "变化", "上年名次", "名次", "名次变化"))
           for unit, r in rows.items()}
    assert got == {
        "AB局": (93, 80, 13, 4, 1, "↑3"),  # 93 − 80; rank 4 → 1
        "甲局": (91, 88.5, 2.5, 2, 2, "—"),  # 91 − 88.5; 2 → 2 (shared with 戊局)
        "戊局": (91, None, None, None, 2, "新增"),
        "乙局": (89, 92, -3, 1, 4, "↓3"),  # 89 − 92; 1 → 4 (after 93, 91, 91)
        "丙局": (None, 85, None, 3, None, None),  # errors: no 总分, no rank
        "庚局": (88, None, None, None, 5, "上年无名次"),
    }
    assert rows["甲局"]["变化"].number_format == "+0.00;-0.00;0.00"  # shown as +2.50 / -3.00
    assert [r[2].value for r in openpyxl.load_workbook(summary)["汇总"].iter_rows(min_row=3)][:4] == \
        ["AB局", "甲局", "戊局", "乙局"]  # still in the order of 总分 (then file)


def test_departments_missing_this_year_are_listed(compared):
    assert stats(compared[1])["上年有、本年未报送"] == "丁局"


def test_this_years_summary_is_next_years_last_year_file(compared, tmp_path):
    last = read_last_year(compared[1])  # its own 名次 column: 93, 91, 91, 89 → 1, 2, 2, 4
    assert {k: v[2] for k, v in last.units.items()} == {"AB局": 1, "甲局": 2, "戊局": 2, "乙局": 4, "庚局": 5,
                                                       "丙局": None}
    src, out = tmp_path / "in", tmp_path / "out"
    form(src / "a.json", "甲局", "5")  # 93
    form(src / "b.json", "戊局")  # 91
    assert main(["batch", str(src), "-o", str(out), "--include-json", "--format", "md",
                 "--last-year", str(compared[1])]) == 0
    _, rows = sheet_rows(out / "汇总表.xlsx")
    assert (rows["甲局"]["上年名次"].value, rows["甲局"]["名次"].value, rows["甲局"]["名次变化"].value) == (2, 1, "↑1")
    assert (rows["戊局"]["变化"].value, rows["戊局"]["名次变化"].value) == (0, "—")  # 91 − 91; 2 → 2
    assert stats(out / "汇总表.xlsx")["上年有、本年未报送"] == "AB局、乙局、庚局、丙局"


def test_forms_own_previous_total_without_a_file(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    form(src / "a.json", "甲局", previous={"total": "88.5"})
    form(src / "b.json", "乙局", "1")
    assert main(["batch", str(src), "-o", str(out), "--include-json", "--format", "md"]) == 0
    header, rows = sheet_rows(out / "汇总表.xlsx")
    assert header[4:9] == ["总分", "等级", "上年总分", "变化", "名次"]  # no file: no 上年名次
    assert (rows["甲局"]["上年总分"].value, rows["甲局"]["变化"].value, rows["甲局"]["名次"].value) == (88.5, 2.5, 1)
    assert (rows["乙局"]["上年总分"].value, rows["乙局"]["变化"].value, rows["乙局"]["名次"].value) == (None, None, 2)
    assert "上年有、本年未报送" not in stats(out / "汇总表.xlsx")


def test_without_any_previous_figures_the_summary_is_as_before(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    form(src / "a.json", "甲局")
    assert main(["batch", str(src), "-o", str(out), "--include-json", "--format", "md"]) == 0
    header, _ = sheet_rows(out / "汇总表.xlsx")
    assert header[:7] == ["序号", "文件", "单位", "年度", "总分", "等级", "预算执行"]
    assert not {"名次", "上年总分", "变化"} & set(header)


def test_bad_last_year_file_exits_2_and_writes_nothing(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    form(src / "a.json", "甲局")
    bad = last_year_file(tmp_path / "去年的表.xlsx", [("甲局", 90)], ("单位", "得分"))
    assert main(["batch", str(src), "-o", str(out), "--include-json", "--last-year", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "上年汇总表“去年的表.xlsx”的“汇总”工作表第1行没有“总分”列" in err and "Traceback" not in err
    assert not out.exists()
    assert main(["batch", str(src), "-o", str(out), "--include-json", "--last-year", str(tmp_path / "无.xlsx")]) == 2
    assert "不存在" in capsys.readouterr().err and not out.exists()


def test_last_year_file_among_the_forms_is_not_a_form(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    form(src / "a.json", "甲局")
    last = last_year_file(src / "上年汇总表.xlsx", [("甲局", 90)], ("单位", "总分"))
    assert main(["batch", str(src), "-o", str(out), "--include-json", "--format", "md", "--last-year", str(last)]) == 0
    header, rows = sheet_rows(out / "汇总表.xlsx")
    assert list(rows) == ["甲局"] and rows["甲局"]["变化"].value == 1  # 91 − 90
