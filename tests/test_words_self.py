"""How the report speaks of the unit itself and of exact counts (xlperf.report.words: self_word, one_self_word,
exact_count), judged by fast tests (issue 19).  Expected values are the words official reports use (REPORTS.md:
……局 writes 我局, ……委员会 我委, ……办公室 我办, ……部 本部门, anything else 我单位) and counts written out by hand.

Survivors: none left (session 7, s7g, docs/mutation.md): self_word reads a missing unit as ``str(None)``, which
ends in no suffix either, instead of a default text that another text could replace.
"""

from __future__ import annotations

import pytest

from xlperf.report.words import SELF_WORDS, exact_count, one_self_word, self_word


@pytest.mark.parametrize("unit, word", [
    ("郑州市财政局", "我局"),
    ("郑州市财政局（本级）", "我局"),  # the bracket at the end is not the name
    ("郑州市财政局(本级) ", "我局"),
    ("郑州市财政局（本级)", "我局"),  # brackets of either width
    ("卫生健康委员会", "我委"),
    ("发展和改革委", "我委"),
    ("市人民政府办公室", "我办"),
    ("扶贫办", "我办"),
    ("市委宣传部", "本部门"),
    ("市档案馆", "我单位"),
    ("（财政局）档案馆", "我单位"),  # a bracket that does not end the name stays part of it
    ("财政局档案馆", "我单位"),  # 局 inside the name, not at its end
    ("", "我单位"),
    (None, "我单位"),
])
def test_the_word_for_the_unit_comes_from_its_name(unit, word):
    assert self_word(unit) == word


def test_the_clerks_own_word_wins():
    assert self_word("郑州市财政局", " 本局 ") == "本局"
    assert self_word("郑州市财政局", "  ") == "我局"


def test_every_self_reference_is_written_with_one_word():
    text = "我部门和本单位共同完成，我局负责，本部牵头"
    # 我部门 is one word (not 我部 + 门): the longest words are tried first
    assert one_self_word(text, "我委") == "我委和我委共同完成，我委负责，我委牵头"
    assert one_self_word("全年完成任务", "我委") == "全年完成任务"


def test_placeholders_and_addresses_keep_their_words():
    assert one_self_word("我局按{我单位简称}填写", "我委") == "我委按{我单位简称}填写"
    assert one_self_word("本局，见 www.example.cn/我局", "我委").startswith("我委，见 www.example.cn/")


def test_the_words_longest_first():
    assert SELF_WORDS[:2] == ("本部门", "我部门")
    for i, a in enumerate(SELF_WORDS):  # no word is a prefix of a word after it
        assert not any(b.startswith(a) for b in SELF_WORDS[i + 1:] if b != a)


@pytest.mark.parametrize("n, text", [(0, "零个"), (7, "七个"), (10, "十个"), (15, "十五个"), (23, "二十三个"),
                                     (105, "一百零五个")])
def test_an_exact_count_is_written_as_it_is(n, text):
    assert exact_count(n) == text
