"""The national 项目支出绩效自评表's indicator part read row by row (xlperf/importer/selftable.py): its header, 一级/二级
names carried down the merged cells, the reason column, the 总分 row, and the rows that do not fall into place.

The rows are written by hand in the table's published column order (财预〔2020〕10号 附件: 一级指标 | 二级指标 | 三级指标 |
年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施); every expected leaf is read off the row by hand.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlperf.importer.selftable import LEVEL1, LEVEL2, SelfTable, number

HEADER = ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"]


def note(cells: list[str]) -> str:
    return (f"自评表的行“{' '.join(cells)[:40]}”各栏对不上（应为三级指标、年度指标值、实际完成值、分值、得分），未导入，"
            "请在“指标评分”表填写")


def leaves(t: SelfTable) -> list[tuple]:
    return [(x.level1, x.level2, x.name, x.target_text, x.actual_text, x.weight, x.score, x.reason) for x in t.leaves]


@pytest.mark.parametrize("text, value", [("20", D(20)), ("20分", D(20)), (" 9.5 ", D("9.5")), ("9 . 5", D("9.5")),
                                         ("-3", D(-3)), ("0", D(0)), ("20分分", D(20)), ("abc", None), ("", None),
                                         ("1.2.3", None), ("95%", None), ("9.", None), (".5", None), ("二十", None),
                                         ("20 分", D(20)), ("分20", None), ("20X", None)])
def test_a_cells_number(text, value):
    assert number(text) == value


@pytest.mark.parametrize("name", ["产出指标", "效益指标", "满意度指标", "成本指标", "决策指标", "过程指标", "管理指标"])
def test_level1_names(name):
    assert LEVEL1.match(name) and not LEVEL1.match(name + "情况") and not LEVEL1.match("其他" + name)


@pytest.mark.parametrize("name", ["数量指标", "质量指标", "时效指标", "成本指标", "经济效益指标", "社会效益指标", "生态效益指标",
                                  "可持续影响指标", "服务对象满意度指标", "满意度指标", "经济成本指标", "社会成本指标",
                                  "生态环境成本指标"])
def test_level2_names(name):
    assert LEVEL2.match(name) and not LEVEL2.match(name + "值") and not LEVEL2.match("的" + name)


@pytest.mark.parametrize("header", [HEADER, ["三级指标", "指标值", "分值"], ["绩效指标", "三级指标", "实际完成值", "分值"]])
def test_the_header_starts_the_indicator_part(header):
    t = SelfTable()
    assert t.row(header) is True and t.reading
    assert t.row(["产出指标", "数量指标", "补助人数", "≥100人", "120人", "20", "20", ""]) is True
    assert len(t.leaves) == 1


@pytest.mark.parametrize("cells", [["三级指标", "年度指标值", "得分"], ["二级指标", "指标值", "分值"],
                                   ["三级指标", "目标值", "分值"]])
def test_rows_that_are_no_header_and_rows_before_the_header_are_not_the_tables(cells):
    t = SelfTable()
    assert t.row(cells) is False and not t.reading
    assert t.row(["产出指标", "数量指标", "补助人数", "≥100人", "120人", "20", "20"]) is False
    assert t.leaves == [] and t.notes == []


def test_names_carry_down_the_merged_cells_and_the_reasons():
    t = SelfTable()
    rows = [HEADER,
            ["产出指标", "数量指标", "补助人数", "≥100人", "120人", "20", "20", "—"],
            ["", "", "发放次数", "12次", "12次", "10", "10", "-"],
            ["", "质量指标", "发放准确率", "100%", "99%", "10", "9", " 个别信息有误，将加强审核 "],
            ["时效", "及时", "及时", "10分", "10分", "/"],
            ["效益指标", "社会效益指标", "生活改善", "明显改善", "基本改善", "30", "26", "无"],
            ["", "", "群众知晓", "90%", "95%", "10", "10", "——"],
            ["满意度指标", "受益人满意度", "≥90%", "92%", "10", "10", "－"],
            ["绩效指标", "成本指标", "经济成本指标", "人均成本", "≤100元", "95元", "0", "0"]]
    assert all(t.row(r) for r in rows)
    assert leaves(t) == [
        ("产出指标", "数量指标", "补助人数", "≥100人", "120人", D(20), D(20), ""),
        ("产出指标", "数量指标", "发放次数", "12次", "12次", D(10), D(10), ""),
        ("产出指标", "质量指标", "发放准确率", "100%", "99%", D(10), D(9), "个别信息有误，将加强审核"),
        ("产出指标", "质量指标", "时效", "及时", "及时", D(10), D(10), ""),
        ("效益指标", "社会效益指标", "生活改善", "明显改善", "基本改善", D(30), D(26), ""),
        ("效益指标", "社会效益指标", "群众知晓", "90%", "95%", D(10), D(10), ""),
        ("满意度指标", "", "受益人满意度", "≥90%", "92%", D(10), D(10), ""),  # a new 一级 clears the 二级
        ("成本指标", "经济成本指标", "人均成本", "≤100元", "95元", D(0), D(0), ""),
    ]
    assert t.notes == []


@pytest.mark.parametrize("word", ["总分", "合计", "总计"])
def test_the_total_row_ends_the_part(word):
    t = SelfTable()
    t.row(HEADER)
    assert t.row(["绩效指标", word, "", "", "", "100", "95.5"]) is True
    assert t.total == D("95.5") and t.reading is False
    assert t.row(["产出指标", "数量指标", "补助人数", "≥100人", "120人", "20", "20"]) is False
    assert t.leaves == []


def test_a_total_without_a_number_is_none():
    t = SelfTable()
    t.row(HEADER)
    t.row(["总分", "九十五"])
    assert t.total is None and not t.reading


@pytest.mark.parametrize("cells", [
    ["补助人数", "≥100人", "120人", "20", "20"],  # no 一级 named yet
    ["产出指标", "数量指标", "补助人数", "120人", "20", "20"],  # a cell missing
    ["产出指标", "数量指标", "补助人数", "≥100人", "120人", "二十", "20"],  # 分值 no number
    ["产出指标", "数量指标", "补助人数", "≥100人", "120人", "20", "满分"],  # 得分 no number
    ["产出指标", "数量指标", "补助人数", "≥100人", "120人", "20", "20", "5"],  # a sixth number
    ["产出指标", "数量指标", "补助人数", "≥100人", "120人", "其他", "20", "20", "原因"],  # one too many
    ["", "", ""],
])
def test_a_row_that_does_not_fall_into_place_is_left_out_with_a_note(cells):
    t = SelfTable()
    t.row(HEADER)
    assert t.row(cells) is True
    assert t.leaves == [] and t.notes == [note(cells)]


def test_the_note_quotes_forty_characters():
    cells = ["产出指标", "数量指标", "补助发放人数（人）合计共计", "≥100人以上的老年人口", "120人", "二十", "20"]
    t = SelfTable()
    t.row(HEADER)
    t.row(cells)
    quoted = " ".join(cells)[:40]
    assert len(" ".join(cells)) > 40 and t.notes == [note(cells)] and f"“{quoted}”" in t.notes[0]


def test_end_stops_reading():
    t = SelfTable()
    t.row(HEADER)
    t.end()
    assert t.reading is False
    assert t.row(["产出指标", "数量指标", "补助人数", "≥100人", "120人", "20", "20"]) is False


def test_a_new_header_clears_the_carried_names():
    t = SelfTable()
    t.row(HEADER)
    t.row(["产出指标", "数量指标", "补助人数", "≥100人", "120人", "20", "20"])
    t.row(HEADER)
    t.row(["发放次数", "12次", "12次", "10", "10"])
    assert len(t.leaves) == 1 and t.notes == [note(["发放次数", "12次", "12次", "10", "10"])]


def test_a_header_whose_words_are_split_across_cells():
    """Word splits a long header cell's text at a merged cell: “三级” | “指标” still make the header."""
    t = SelfTable()
    assert t.row(["一级指标", "二级指标", "三级", "指标", "年度指标值", "实际完成值", "分", "值", "得分"]) is True
    assert t.reading is True
