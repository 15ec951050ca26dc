"""Report names by unit and year; two workbooks of one unit and year are both kept."""

from xlperf.batch.naming import assign, base_name, safe_part
from xlperf.batch.record import Record


def _rec(file, unit, year, outputs=("x.md",)):
    return Record(file, unit=unit, year=year, outputs=list(outputs))


def test_name_is_unit_and_year():
    assert base_name("中共郑州市金水区委组织部", 2021) == "中共郑州市金水区委组织部2021年度部门整体绩效自评报告"


def test_unsafe_characters_are_replaced():
    assert safe_part('a/b\\c:d*e?f"g<h>i|j#k') == "a_b_c_d_e_f_g_h_i_j_k"
    assert safe_part("  .. ") == "未命名单位"
    assert safe_part("=SUM(A1)") == "=SUM(A1)"


def test_same_unit_and_year_get_suffixes_in_path_order_and_are_conflicts():
    recs = [_rec("z.xlsx", "甲局", 2021), _rec("a.xlsx", "甲局", 2021), _rec("m.xlsx", "乙局", 2021),
            _rec("n.xlsx", "甲局", 2022), _rec("bad.xlsx", "甲局", 2021, outputs=())]
    names, conflicts = assign(recs)
    assert names == {
        "a.xlsx": "甲局2021年度部门整体绩效自评报告",
        "z.xlsx": "甲局2021年度部门整体绩效自评报告（2）",
        "m.xlsx": "乙局2021年度部门整体绩效自评报告",
        "n.xlsx": "甲局2022年度部门整体绩效自评报告",
    }
    assert conflicts == {"a.xlsx": ["bad.xlsx", "z.xlsx"], "bad.xlsx": ["a.xlsx", "z.xlsx"],
                         "z.xlsx": ["a.xlsx", "bad.xlsx"]}


def test_names_that_collide_after_cleaning_still_differ():
    names, conflicts = assign([_rec("1.xlsx", "a/b", 2021), _rec("2.xlsx", "a_b", 2021)])
    assert names["1.xlsx"] != names["2.xlsx"]
    assert conflicts == {}
