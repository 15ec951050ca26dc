"""xlperf.report.sentence_model with sentences made here (issue 19): a sentence's pattern is compiled once per
sentence and cached, so the registered sentences cannot show a fault in the code that compiles them — these tests
build fresh ones, write them and read them back.  Expected values are the wording written in each test and the
figures in it (hand-read).

Survivors argued equivalent: tests/test_sentence_model_mutants.py.
"""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from xlperf.domain.numbers import NumberFormat
from xlperf.report import sentence_model as M
from xlperf.report.sentence_model import Clause, Sentence

F = NumberFormat(score_places=2, rate_places=1)


def test_numbers_and_rates_read_back():
    assert M._dec("1,234.50") == D("1234.50")  # thousands separators dropped
    assert M._dec("1,2") == D(12)
    assert M._dec("一千") is None
    assert M._fraction("24.19%") == D("0.2419") and M._fraction("90％") == D("0.9")
    assert M._fraction("九成") is None


def test_wording_matches_either_width_of_punctuation():
    rx = M._literal("甲，乙：丙（丁）")
    assert re.fullmatch(rx, "甲,乙:丙(丁)") and re.fullmatch(rx, "甲，乙：丙（丁）")
    assert re.fullmatch(M._literal("1.5万元"), "1.5万元") and not re.fullmatch(M._literal("1.5万元"), "105万元")


def test_groups_become_plain_alternatives():
    assert M._ungrouped(r"(?P<g0>\d+)个(?P<g12>[%％])") == r"(?:\d+)个(?:[%％])"


def test_a_clause_pattern_names_its_figures_in_order():
    groups = [("before", M.KINDS["count"])]
    rx = Clause("收入{a:money}万元，支出{b:count}个").pattern(groups)
    assert groups[1:] == [("a", M.KINDS["money"]), ("b", M.KINDS["count"])]
    m = re.fullmatch(rx, "收入1,200.50万元,支出3个")
    assert m and (m.group("g1"), m.group("g2")) == ("1,200.50", "3")  # numbered after the groups before it
    assert not re.fullmatch(rx, "入1.00万元，支出3个")


def test_a_sentence_falls_back_on_the_report_words_only_where_none_is_given():
    s = Sentence("自称", (Clause("{self:self}完成任务{n:count}项"),))
    assert s.render({"self": None, "n": 3}, F) == "我单位完成任务3项"  # the default self-word
    assert s.render({"self": "我局", "n": 3}, F) == "我局完成任务3项"
    assert s.render({"n": 3}, F) == "我单位完成任务3项"
    assert s.render({"self": "我局", "n": None}, F) is None  # a figure that is unknown: nothing to say


def test_which_clauses_are_always_written():
    s = Sentence("项目", (Clause("共有项目{n:count}个"),), needs=("n",))
    assert s._always(Clause("共有项目{n:count}个")) is True  # its figure is needed by the sentence
    assert s._always(Clause("其中监控{m:count}个")) is False  # a figure that may be missing
    assert s._always(Clause("共有项目{n:count}个", when=lambda v: True)) is False  # a condition of its own
    assert s._always(Clause("全年无调整")) is True  # no figures
    assert s._always(Clause("{self:self}承担")) is True  # a figure the sentence falls back on


def _projects():
    return Sentence("项目数", (Clause("共有项目{n:count}个"), Clause("其中监控{m:count}个")), needs=("n",))


def test_a_sentence_is_read_back_with_its_figures():
    s = _projects()
    assert s.render({"n": 5, "m": 3}, F) == "共有项目5个，其中监控3个"
    assert s.read("全年共有项目5个，其中监控3个。") == [{"n": 5, "m": 3}]
    assert s.read("全年共有项目5个。") == [{"n": 5}]
    assert s.read("其中监控3个。") == []  # the needed clause is missing


def test_an_optional_sentence_is_read_where_it_starts():
    s = Sentence("可选", (Clause("共有项目{n:count}个"), Clause("其中监控{m:count}个")))
    # nothing is needed: the pattern starts only where a clause does, and an empty match is skipped, not the end
    assert s.read("，共有项目5个") == [{"n": 5}]
    assert s.statements("，共有项目5个") == [(1, 7, "共有项目5个")]
    assert s.read("，其中监控3个；共有项目5个") == [{"m": 3}, {"n": 5}]


def test_a_sentence_carried_inside_another_is_a_kind_of_figure():
    inner = Sentence("增减", (Clause("较上年增加{d:count}个"), Clause("较上年减少{e:count}个")))
    k = inner.as_kind()
    assert k.label == "增减" and k.carried is True
    assert re.fullmatch(k.pattern, "较上年增加2个") and re.fullmatch(k.pattern, "较上年减少1个")
    assert not re.fullmatch(k.pattern, "较上年增加2个较上年减少1个")
    assert k.read("较上年增加2个") == "较上年增加2个" and k.write(F, "较上年增加2个") == "较上年增加2个"


def test_a_carried_sentence_is_left_out_of_the_statement(monkeypatch):
    inner = Sentence("增减", (Clause("较上年增加{d:count}个"),))
    monkeypatch.setitem(M.SENTENCES, "增减", inner)
    after_comma = Sentence("项目数", (Clause("共有项目{n:count}个"), Clause("{c:增减}")), needs=("n",))
    text = "共有项目5个，较上年增加2个"
    assert after_comma.statements(text) == [(0, len(text), "共有项目5个")]  # the comma before it goes too
    bracket = Sentence("项目数", (Clause("共有项目{n:count}个"), Clause("（{c:增减}）", sep="")), needs=("n",))
    text = "共有项目5个（较上年增加2个）"
    assert bracket.statements(text) == [(0, len(text), "共有项目5个（）")]  # no comma: nothing else is cut
    first = Sentence("增减在前", (Clause("{c:增减}"), Clause("共有项目{n:count}个")), needs=("c",))
    assert first.statements("甲，较上年增加2个，共有项目5个") == [(2, 16, "，共有项目5个")]
