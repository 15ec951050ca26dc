"""Budget amounts as other reports word them (xlperf/importer/figures.py), by hand-written sentences and table rows.

Fast unit tests (issue 19: the module was judged only through whole imports).  Each expected amount is the one the
text under test states, in 万元 (an amount in 元 divided by 10000 by hand: 1234500 元 = 123.45 万元).

Survivors argued equivalent: tests/test_import_figures_mutants.py.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlperf.importer.figures import Amounts


def _found(*sentences: str) -> dict:
    a = Amounts()
    for s in sentences:
        a.sentence(s)
    return {k: [v for v, _ in c] for k, c in a.found.items()}


@pytest.mark.parametrize("text, found", [
    ("全年预算数2565万元", {"budget.adjusted": [D(2565)]}),
    ("全年预算金额为12万元", {"budget.adjusted": [D(12)]}),
    ("调整后的预算为30万元", {"budget.adjusted": [D(30)]}),
    ("调整预算后项目预算861.46万元", {"budget.adjusted": [D("861.46")]}),
    ("年初批复预算8个项目985万元", {"budget.initial": [D(985)]}),
    ("年初安排的项目预算共计40万元", {"budget.initial": [D(40)]}),
    ("预算年初300万元", {"budget.initial": [D(300)]}),
    ("项目经费预算124万元，全年实际支出数为101.84万元", {"budget.initial": [D(124)], "budget.executed": [D("101.84")]}),
    ("预算为300万元", {"budget.initial": [D(300)]}),
    ("资金预算金额合计50万元", {"budget.initial": [D(50)]}),
    ("执行金额40万元", {"budget.executed": [D(40)]}),
    ("实际使用50万元", {"budget.executed": [D(50)]}),
    ("已支出20万元", {"budget.executed": [D(20)]}),
    ("全年支出约30万元", {"budget.executed": [D(30)]}),
    ("支出数达到60万元", {"budget.executed": [D(60)]}),
    ("年初预算1,234.5万元", {"budget.initial": [D("1234.5")]}),
    ("年初预算数1234500元", {"budget.initial": [D("123.45")]}),
    ("年初预算100万元、执行数90万元", {"budget.initial": [D(100)], "budget.executed": [D(90)]}),
    ("年初预算100万元，全年预算数120万元", {"budget.initial": [D(100)], "budget.adjusted": [D(120)]}),
    ("年初预算100万元；执行数90万元", {"budget.initial": [D(100)], "budget.executed": [D(90)]}),
    ("培训投入20万元", {}),  # no word that names a budget figure
])
def test_a_sentence_states_budget_amounts(text, found):
    assert _found(text) == found


@pytest.mark.parametrize("text", [
    "“三公”经费预算5万元，支出4万元",  # the rest of a 三公 sentence is about the 三公 funds too
    "公务接待费预算2万元，执行数1万元",
    "收入预算300万元", "上年结转预算10万元", "基本支出预算100万元", "项目支出执行数50万元", "人员经费预算20万元",
    "公用经费预算10万元", "政府采购预算8万元", "上年预算100万元", "同比执行数增加5万元", "较上年预算增加10万元",
    "比上年预算减少3万元", "资金到位预算6万元", "结余执行数2万元", "公务用车预算3万元", "因公出国预算1万元",
])
def test_amounts_of_another_subject_are_not_the_budgets(text):
    assert _found(text) == {}


def test_a_clause_after_another_subject_is_read_unless_the_sentence_is_about_the_three_public_funds():
    assert _found("基本支出100万元，年初预算200万元") == {"budget.initial": [D(200)]}
    assert _found("“三公”经费5万元，年初预算200万元。年初预算300万元") == {"budget.initial": [D(300)]}


def test_an_amount_in_yuan_is_converted_and_said():
    a = Amounts()
    a.sentence("年初预算数1234500元")
    assert a.notes == ["“年初预算数1234500元”以元为单位，已换算为123.45万元"]
    a = Amounts()
    a.sentence("年初预算数100000元")
    assert a.notes == ["“年初预算数100000元”以元为单位，已换算为10万元"]  # 10, not 1E+1 or 10.0000


# ----------------------------------------------------------------------------- tables
HEAD = ["项目", "年初预算数", "全年预算数", "全年执行数", "分值", "得分"]


def test_a_tables_total_row_gives_the_amounts_and_the_execution_score():
    a = Amounts()
    assert a.table_row(HEAD, "（单位：万元）") is True
    assert a.table_row(["财政拨款", "100", "120", "110", "10", "9"], "") is True
    assert a.table_row(["年度资金总额", "200", "220", "1,210.5", "10", "9.5"], "") is True
    assert a.table_row(["说明文字", "1"], "") is False  # one figure or none: no amounts row
    a.end_table()
    assert {k: [v for v, _ in c] for k, c in a.found.items()} == {
        "budget.initial": [D(200)], "budget.adjusted": [D(220)], "budget.executed": [D("1210.5")]}
    assert a.exec_score == (D(10), D("9.5"))
    assert (a.header, a.rows, a.notes) == ({}, [], [])


def test_without_a_total_row_the_grant_row_gives_the_amounts():
    a = Amounts()
    a.table_row(["项目", "年初预算", "调整后预算", "实际支出"], "")
    a.table_row(["其他资金", "5", "6", "7"], "")
    a.table_row(["财政拨款", "100", "120", "110"], "")
    a.end_table()
    assert {k: [v for v, _ in c] for k, c in a.found.items()} == {
        "budget.initial": [D(100)], "budget.adjusted": [D(120)], "budget.executed": [D(110)]}
    assert a.exec_score is None


@pytest.mark.parametrize("raw", ["单位：元", "金额（元）", "金额(元)", "单位:元"])
def test_a_table_in_yuan(raw):
    a = Amounts()
    a.table_row(["项目", "年初预算数", "全年执行数"], raw)
    a.table_row(["合计", "1000000", "800000"], "")
    a.end_table()
    assert {k: [v for v, _ in c] for k, c in a.found.items()} == {
        "budget.initial": [D(100)], "budget.executed": [D(80)]}


def test_a_header_needs_two_budget_columns_without_figures():
    a = Amounts()
    assert a.table_row(["项目", "年初预算数", "分值", "得分"], "") is False  # one budget column
    assert a.table_row(["项目", "年初预算数2021", "全年执行数"], "") is False  # a figure in a header cell
    assert a.header == {}
    assert a.table_row(["项目", "年初 预算数", "执行数"], "") is True  # a space inside a header cell
    assert a.header == {"budget.initial": 1, "budget.executed": 2}


def test_a_row_of_amounts_without_a_header_is_not_guessed():
    a = Amounts()
    assert a.table_row(["财政拨款", "100", "120", "110"], "") is True
    assert a.table_row(["项目支出", "1", "2", "3"], "") is True
    assert a.table_row(["资金", "1", "2"], "") is False  # two figures
    assert a.table_row(["人员", "1", "2", "3"], "") is False  # a label of something else
    assert a.table_row(["100", "1", "2", "3"], "") is False  # no label
    assert a.notes == ["表格行“财政拨款 100 120 110”没有表头，不知各数是哪一项，金额未导入",
                       "表格行“项目支出 1 2 3”没有表头，不知各数是哪一项，金额未导入"]
    a.end_table()
    assert a.found == {}


def test_a_short_row_under_a_header_gives_what_it_has():
    a = Amounts()
    a.table_row(["项目", "年初预算数", "全年执行数", "全年预算数"], "")
    a.table_row(["合计", "200", "—", "180"], "")  # 全年执行数 not a figure
    a.end_table()
    a.table_row(["项目", "年初预算数", "全年执行数", "全年预算数"], "")
    a.table_row(["合计", "300", "250"], "")  # 全年预算数 missing
    a.end_table()
    assert {k: [v for v, _ in c] for k, c in a.found.items()} == {
        "budget.initial": [D(200), D(300)], "budget.adjusted": [D(180)], "budget.executed": [D(250)]}


# ----------------------------------------------------------------------------- settling
def test_a_figure_stated_twice_alike_is_kept_and_differently_is_left_blank_with_the_quotes():
    a = Amounts()
    for s in ("年初预算100万元", "年初预算数为100万元", "全年预算数150万元", "全年预算数为160万元", "全年预算数150万元",
              "执行数90万元"):
        a.sentence(s)
    out = {"budget.executed": D(90)}
    notes = a.settle(out)
    assert out == {"budget.initial": D(100), "budget.executed": D(90)}
    assert notes == ["调整预算数（全年预算数）有不同的说法（“全年预算数150万元”、“全年预算数为160万元”），未导入，请在“预算资金”表填写"]


def test_a_figure_xlperfs_own_sentence_said_otherwise_is_left_blank():
    a = Amounts()
    a.sentence("执行数90万元")
    a.sentence("年初预算100万元")
    out = {"budget.executed": D(80), "budget.initial": D(100)}
    assert a.settle(out) == ["预算执行金额（执行数）有不同的说法（“执行数90万元”），未导入，请在“预算资金”表填写"]
    assert out == {"budget.initial": D(100)}


def test_settling_keeps_the_notes_of_conversions_first():
    a = Amounts()
    a.sentence("年初预算数1000000元")
    a.sentence("年初预算数200万元")
    out: dict = {}
    assert a.settle(out) == ["“年初预算数1000000元”以元为单位，已换算为100万元",
                             "年初预算数有不同的说法（“年初预算数1000000元”、“年初预算数200万元”），未导入，请在“预算资金”表填写"]
    assert out == {}


# ----------------------------------------------------------------------------- survivors of the first run
@pytest.mark.parametrize("text, found", [
    ("年初预算1，234.5万元", {"budget.initial": [D("1234.5")]}),  # a full-width thousands separator
    ("年初预算100万元执行数90万元", {"budget.initial": [D(100)], "budget.executed": [D(90)]}),  # one clause, two
    ("资金预算3个项目共计100万元", {"budget.initial": [D(100)]}),  # the project count between label and amount
])
def test_more_wordings_of_budget_amounts(text, found):
    assert _found(text) == found


def test_an_empty_row_is_no_table_row():
    assert Amounts().table_row([], "") is False


def test_a_long_row_is_quoted_by_its_first_forty_characters():
    a = Amounts()
    cells = ["财政拨款资金合计金额", "1234567890", "1234567890", "1234567890"]  # 10 + 3 × 11 = 43 characters joined
    a.table_row(cells, "")
    assert a.notes == [f"表格行“{' '.join(cells)[:40]}”没有表头，不知各数是哪一项，金额未导入"]
    assert len(" ".join(cells)[:40]) == 40


def test_a_table_in_yuan_says_which_row_it_converted():
    a = Amounts()
    a.table_row(["项目", "年初预算数", "全年执行数", "分值"], "单位：元")
    cells = ["年度资金总额（含上年结转资金）", "1000000", "800000", "10"]  # 38 characters joined, with spaces
    a.table_row(cells, "")
    a.end_table()
    quote = "年度资金总额（含上年结转资金） 1000000 800000 10"[:40]
    assert a.notes == [f"“{quote}”以元为单位，已换算为100万元", f"“{quote}”以元为单位，已换算为80万元"]
    assert a.exec_score is None  # a 分值 without a 得分: no execution score


def test_a_long_total_row_is_quoted_by_its_first_forty_characters():
    a = Amounts()
    a.table_row(["项目", "年初预算数", "全年执行数"], "（元）")
    a.table_row(["年度资金总额（含上年结转和本年追加的各类财政性资金）", "1000000", "800000"], "")
    a.end_table()
    quote = "年度资金总额（含上年结转和本年追加的各类财政性资金） 1000000 800000"[:40]
    assert a.notes[0] == f"“{quote}”以元为单位，已换算为100万元"
