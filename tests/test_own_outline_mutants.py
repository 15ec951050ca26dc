"""xlperf/importer/own_outline.py judged by hand-written headings (issue 19): the TOML writer, how each heading's
number and words are read, when the department's outline differs from the profile's, how its sections are placed
and numbered, and where 问题/措施 go once the numbers change.

Every heading list below is what a report's headings would give (outline id, the line as written); every expected
number, word, label and slot is worked out by hand from the small outline ``SMALL`` or the shipped 部门整体 outline
(xlperf/domain/outlines/dept-overall.toml: 一、…八、, 四、 with （一）部门资金情况分析 and （二）部门绩效指标完成情况分析,
问题/措施 in 五 or 六, default 六).

Mutants argued equivalent (mutmut 3.8.1 names; session 7, s7d):

* ``_value`` 16: ``json.dumps(…, ensure_ascii=None)`` — None is as false as False: the same text.
* ``_agrees`` 13 and ``department_outline`` 75: ``_same(outline, k, None)`` / ``style.number(None, m)`` for
  ``False`` — the flag is only tested for truth (``if top`` / ``top or …``), and None is false like False.

Simplified on the way so that no equivalent mutant is left where one was (behaviour the same, these tests green):
``_words`` cuts at the end of the match the caller already has (``sub(count=1)`` of an anchored pattern had
``count`` mutants that changed nothing); ``digits`` read from the mark (``group(3)``, set exactly when ``group(2)``
is); ``Written.number`` and ``_same`` take ``top`` (True/False) for a level that was only ever compared with 1;
``_placed`` numbers the sections by ``enumerate`` (``range(…, len + 1)`` and the ``else 0`` of a list never empty
there had mutants that ``zip`` cut off); the unwritten section is one module constant ``_UNWRITTEN`` (its id and
value were never read); ``default_slot`` read as the validated outline always has it when it has problem_slots;
``gaps`` without the ``default=0`` of an outline that always has sections.
"""

from __future__ import annotations

import tomllib

import pytest

from outline_helpers import outline_toml, section
from xlperf.domain.outlines import load_outline, outline_from_text
from xlperf.importer.own_outline import (Written, _agrees, _placed, _same, _value, _value_of, department_outline,
                                         gaps, toml_text, written_order)

#: three parts; 甲 with two sub-sections (the second with a 章节 label of its own), 乙 and 丙 holding 问题/措施
SMALL = outline_toml("小提纲",
                     section("a", "一、", "甲"),
                     section("a1", "（一）", "甲一", level=2),
                     section("a2", "（二）", "甲二", {"field": "second", "label": "甲二文字"}, level=2,
                             form_label="一（二）甲二栏"),
                     section("b", "二、", "乙", {"field": "problems", "label": "问题", "slot": "二"}),
                     section("c", "三、", "丙", {"field": "measures", "label": "措施", "slot": "三"},
                             {"field": "other", "label": "其他"}),
                     problem_slots=["二", "三", "四"], default_slot="三")


def small():
    return outline_from_text(SMALL, "测试")


def titles(outline) -> list[str]:
    return [s.title for s in outline.sections]


# --------------------------------------------------------------------------- the TOML writer


def test_toml_text_writes_every_kind_of_value_as_toml():
    data = {"name": "提纲", "quote": 'a"b\\c', "n": 2, "f": 1.5, "yes": True, "no": False, "tags": ["甲", 1, True],
            "empty": [], "t": {"k": "v", "u": {"z": 1}},
            "section": [{"id": "s1", "block": [{"kind": "text"}, {"kind": "goal"}]}, {"id": "s2"}]}
    assert toml_text(data) == (
        'name = "提纲"\nquote = "a\\"b\\\\c"\nn = 2\nf = 1.5\nyes = true\nno = false\ntags = ["甲", 1, true]\n'
        'empty = []\n'
        '\n[t]\nk = "v"\n'
        '\n[t.u]\nz = 1\n'
        '\n[[section]]\nid = "s1"\n'
        '\n[[section.block]]\nkind = "text"\n'
        '\n[[section.block]]\nkind = "goal"\n'
        '\n[[section]]\nid = "s2"\n')
    assert tomllib.loads(toml_text(data)) == data


def test_a_value_is_written_as_its_toml_literal():
    assert [_value(v) for v in (True, False, 0, 3, 2.25, "六", ["五", "六"], [])] == \
        ["true", "false", "0", "3", "2.25", '"六"', '["五", "六"]', "[]"]


def test_the_shipped_outline_survives_the_writer_unchanged():
    outline = load_outline("部门整体")
    data = tomllib.loads(outline.text)
    again = outline_from_text(toml_text(data), "再读")
    assert again.model_dump(exclude={"text", "source"}) == outline.model_dump(exclude={"text", "source"})


# --------------------------------------------------------------------------- a heading's number and words


@pytest.mark.parametrize("w, top, value, number", [
    (Written("x", 4, ""), True, None, "四、"),
    (Written("x", 4, ""), True, 12, "十二、"),
    (Written("x", 2, ""), False, None, "（二）"),
    (Written("x", 2, ""), False, 3, "（三）"),
    (Written("x", 2, "", True), False, None, "2."),
    (Written("x", 2, "", True, "、"), False, 5, "5、"),
])
def test_a_heading_is_numbered_in_its_own_style(w, top, value, number):
    assert w.number(top, value) == number


def test_written_order_reads_numbers_and_words_as_the_department_wrote_them():
    outline = small()
    seen = [("c", "三、 丙的说法。 "), ("c", "三、丙again"),  # a second heading of a part does not count again
            ("a", "一、甲的说法："), ("a2", "（二）甲二的说法"), ("a2", "（三）不算"), ("a1", "1、甲一的说法"),
            ("b", "十一，乙X")]  # a heading may end in a Latin letter
    got = written_order(outline, seen)
    assert [(w.id, w.value, w.words, w.digits, w.mark) for w in got] == \
        [("c", 3, "丙的说法", False, "."), ("a", 1, "甲的说法", False, "."), ("b", 11, "乙X", False, ".")]
    assert [(k.id, k.value, k.words, k.digits, k.mark) for k in got[1].children] == \
        [("a2", 2, "甲二的说法", False, "."), ("a1", 1, "甲一的说法", True, "、")]
    assert got[0].children == [] and got[2].children == []


def test_written_order_takes_sub_sections_only_under_their_own_part():
    outline = small()
    seen = [("a1", "（一）甲一"),  # a sub-section's heading before any part's: not counted
            ("a", "甲部分"),  # no number: not a heading of its own, and nothing under it counts
            ("a1", "（一）甲一"), ("b", "二、乙"), ("a2", "（二）甲二"),  # a2 under 乙: not 乙's
            ("a", "一、甲"), ("a1", "（一）甲一"), ("a", "一、甲again"), ("a2", "（二）甲二")]
    got = written_order(outline, seen)
    assert [(w.id, [k.id for k in w.children]) for w in got] == [("b", []), ("a", ["a1"])]


@pytest.mark.parametrize("raw, value, words, digits, mark", [
    ("（二）甲二", 2, "甲二", False, "."),
    ("(二) 甲二：", 2, "甲二", False, "."),
    ("2.甲二", 2, "甲二", True, "."),
    ("2．甲二", 2, "甲二", True, "."),
    ("12、甲二", 12, "甲二", True, "、"),
    ("（十二）甲二", 12, "甲二", False, "."),
    ("（一一）甲二", 0, "甲二", False, "."),  # not a number: 0
])
def test_a_sub_sections_number_in_each_style(raw, value, words, digits, mark):
    got = written_order(small(), [("a", "一、甲"), ("a2", raw)])
    (kid,) = got[0].children
    assert (kid.value, kid.words, kid.digits, kid.mark) == (value, words, digits, mark)


def test_a_figure_is_not_a_sub_sections_number():
    assert written_order(small(), [("a", "一、甲"), ("a2", "2.5万元用于甲二")])[0].children == []


@pytest.mark.parametrize("raw, value", [("一、甲", 1), ("十、甲", 10), ("十二．甲", 12), ("一一、甲", 0)])
def test_a_parts_number(raw, value):
    assert written_order(small(), [("a", raw)])[0].value == value


# --------------------------------------------------------------------------- agreeing with the outline


def test_a_heading_agrees_by_its_number_and_at_level_2_by_its_words():
    outline = small()
    assert _same(outline, Written("a", 1, "别的说法"), True)  # level 1: the words alone do not count
    assert not _same(outline, Written("a", 2, "甲"), True)
    assert not _same(outline, Written("zz", 1, ""), True)  # not in the outline
    assert _same(outline, Written("a1", 1, "甲一"), False)
    assert _same(outline, Written("a1", 1, ""), False)  # no words: the outline's
    assert not _same(outline, Written("a1", 1, "甲一的说法"), False)
    assert not _same(outline, Written("a1", 1, "甲一", True), False)  # 1. where the outline has （一）


def test_agreeing_needs_every_part_and_every_sub_section():
    outline = small()
    a = Written("a", 1, "", children=[Written("a1", 1, ""), Written("a2", 2, "")])
    assert _agrees(outline, [a, Written("b", 2, "")])
    assert not _agrees(outline, [a, Written("b", 3, "")])
    assert not _agrees(outline, [Written("a", 1, "", children=[Written("a1", 1, ""), Written("a2", 3, "")]),
                                 Written("b", 2, "")])


@pytest.mark.parametrize("number, value", [("四、", 4), ("（三）", 3), ("(十二)", 12), ("十 、", 10), ("五．", 5),
                                           ("2.", 0), ("", 0)])
def test_the_value_of_a_printed_number(number, value):
    assert _value_of(number) == value


# --------------------------------------------------------------------------- placing and numbering


NUMBERS = {"a": 1, "b": 2, "c": 3, "d": 4}


def test_sections_numbered_as_the_outline_stay_in_the_outlines_order():
    assert _placed([Written("c", 3, ""), Written("a", 1, "")], list(NUMBERS), NUMBERS) == \
        [("a", 1), ("b", 2), ("c", 3), ("d", 4)]
    assert _placed([], list(NUMBERS), NUMBERS) == [("a", 1), ("b", 2), ("c", 3), ("d", 4)]


def test_rising_numbers_are_kept_and_the_others_numbered_on():
    assert _placed([Written("c", 1, ""), Written("a", 3, "")], list(NUMBERS), NUMBERS) == \
        [("c", 1), ("a", 3), ("b", 4), ("d", 5)]


@pytest.mark.parametrize("values", [(2, 1), (2, 2), (0, 2)])
def test_numbers_that_do_not_rise_or_are_unknown_are_counted(values):
    written = [Written("c", values[0], ""), Written("a", values[1], "")]
    assert _placed(written, list(NUMBERS), NUMBERS) == [("c", 1), ("a", 2), ("b", 3), ("d", 4)]


# --------------------------------------------------------------------------- the department's outline


def test_a_report_numbered_and_worded_as_the_outline_keeps_it():
    outline = small()
    seen = [("a", "一、甲的说法"), ("a1", "（一）甲一"), ("b", "二、乙"), ("c", "三、丙")]
    assert department_outline(outline, seen) is None
    assert department_outline(outline, []) is None
    assert department_outline(outline, [("a", "甲")]) is None  # no numbered heading: nothing of its own


def test_sub_sections_in_the_departments_order_and_words():
    outline = small()
    own, slots = department_outline(outline, [("a", "一、甲的说法"), ("a2", "（一）甲二的说法"), ("a1", "（二）")])
    assert titles(own) == ["一、甲的说法", "（一）甲二的说法", "（二）甲一", "二、乙", "三、丙"]
    # a2's own 章节 label: its new number and the department's words; a1 has none: parent number + own
    assert own.form_label(own.section("a2")) == "一（一）甲二的说法"
    assert own.form_label(own.section("a1")) == "一（二）甲一"
    assert slots == {"二": "二", "三": "三"}
    assert (own.problem_slots, own.default_slot) == (["二", "三", "四"], "三")
    assert (own.name, own.description, own.source) == ("小提纲（按上年报告）", "导入上年报告时按其标题的顺序、编号和文字生成",
                                                       "导入的报告提纲")
    assert outline_from_text(own.text, "再读").model_dump(exclude={"source"}) == own.model_dump(exclude={"source"})


def test_a_sub_section_not_written_keeps_the_outlines_words_and_its_label_the_new_number():
    outline = small()
    own, _ = department_outline(outline, [("a", "一、甲"), ("a1", "1.甲一的说法")])
    assert titles(own)[:3] == ["一、甲", "1.甲一的说法", "2.甲二"]
    assert own.form_label(own.section("a2")) == "一、2.甲二栏"  # the outline's words after its number
    again, _ = department_outline(own, [("a", "二、甲"), ("a2", "（一）"), ("a1", "（二）")])
    # the label “一、2.甲二栏” of the outline it was given: its old number dropped, the words kept
    assert again.form_label(again.section("a2")) == "二（一）甲二栏"


def test_parts_moved_take_their_problem_slots_with_them():
    outline = small()
    own, slots = department_outline(outline, [("c", "一、丙的说法"), ("a", "二、甲")])
    assert titles(own) == ["一、丙的说法", "二、甲", "（一）甲一", "（二）甲二", "三、乙"]
    assert own.form_label(own.section("a2")) == "二（二）甲二栏"
    assert slots == {"二": "三", "三": "一"}
    # the blocks' slots and the choices follow; 四 (no block) stays; the default 三 is now 一
    assert [b.slot for s in own.sections for b in s.blocks] == ["一", "", "", "三"]
    assert (own.problem_slots, own.default_slot) == (["三", "一", "四"], "一")
    assert gaps(own) == []


def test_numbers_that_do_not_rise_are_counted_in_the_reports_order():
    own, slots = department_outline(small(), [("b", "三、乙的说法"), ("a", "一、甲")])
    assert [s.title for s in own.top_level()] == ["一、乙的说法", "二、甲", "三、丙"]
    assert titles(own)[2:4] == ["（一）甲一", "（二）甲二"]
    assert slots == {"二": "一", "三": "三"}


def test_a_default_place_no_block_names_stays_as_it_is():
    text = SMALL.replace('default_slot = "三"', 'default_slot = "四"')
    own, slots = department_outline(outline_from_text(text, "测试"), [("c", "一、丙"), ("a", "二、甲")])
    assert slots == {"二": "三", "三": "一"} and (own.problem_slots, own.default_slot) == (["三", "一", "四"], "四")


def test_an_outline_without_problem_slots():
    text = SMALL.replace('problem_slots = ["二", "三", "四"]\ndefault_slot = "三"\n', "").replace('  slot = "二"\n', "") \
        .replace('  slot = "三"\n', "")
    own, slots = department_outline(outline_from_text(text, "测试"), [("b", "一、乙"), ("a", "二、甲")])
    assert titles(own)[0] == "一、乙" and slots == {}
    assert (own.problem_slots, own.default_slot) == ([], "")


def test_a_gap_in_the_numbers_is_kept_and_named():
    outline = load_outline("部门整体")
    own, slots = department_outline(outline, [("s1", "一、基本情况"), ("s2", "二、"), ("s5", "四、存在的问题及改进措施"),
                                              ("s6", "五、绩效自评结果拟应用和公开情况")])
    assert [s.title for s in own.top_level()] == [
        "一、基本情况", "二、绩效自评工作开展情况", "四、存在的问题及改进措施", "五、绩效自评结果拟应用和公开情况",
        "六、综合评价结论", "七、绩效目标实现情况分析", "八、绩效自评工作的经验、问题和建议", "九、其他需要说明的问题"]
    assert [s.title for s in own.children("s4")] == ["（一）部门资金情况分析", "（二）部门绩效指标完成情况分析"]
    assert own.form_label(own.section("s4_2")) == "七（二）绩效指标完成情况分析"
    assert own.form_label(own.section("s4_1")) == "七（一）部门资金情况分析"
    assert slots == {"五": "四", "六": "五"}
    assert (own.problem_slots, own.default_slot) == (["四", "五"], "五")
    assert gaps(own) == ["三、"]


def test_gaps_lists_every_number_skipped():
    text = SMALL.replace('number = "二、"', 'number = "四、"').replace('number = "三、"', 'number = "七、"')
    assert gaps(outline_from_text(text, "测试")) == ["二、", "三、", "五、", "六、"]
    assert gaps(outline_from_text(SMALL.replace('number = "一、"', 'number = "四、"'), "测试")) == ["一、"]
    assert gaps(small()) == []
