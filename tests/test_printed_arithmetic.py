"""The arithmetic of what is printed (issue 21 §4): every difference, change and ratio the report and the
batch 汇总 print is computed from the figures as printed, so a reader who checks it with the printed figures
gets the printed result.

The rule, stated here once and applied to each sentence: printed now − printed last year = the printed
difference (提高 / 增加 when positive, 降低 / 减少 when negative, 持平 when the two print alike); a ratio is the
printed difference over the printed base, at the precision percentages print; one precision in a sentence.  The
figures are read back from the printed text with this file's own patterns, never from the code's formatters; the
rounding a reader applies (half up, Excel's ROUND) is written out in :func:`half_up`.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal as D

import openpyxl
import pytest

from xlperf.app.load import load_example
from xlperf.batch.lastyear import LastYear
from xlperf.batch.record import Record
from xlperf.batch.summary import build as build_summary
from xlperf.domain.evaluate import evaluate
from xlperf.domain.model import Previous
from xlperf.domain.numbers import NumberFormat
from xlperf.domain.profiles import load_profile
from xlperf.report.context import build_context
from xlperf.report.sentences import SENTENCES

NUM = r"(\d+(?:\.\d+)?)"


def half_up(d: D, places: int) -> D:
    return d.quantize(D(1).scaleb(-places), rounding=ROUND_HALF_UP)


def places_of(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def signed(sentence: str, up: str, down: str) -> int:
    return 1 if up in sentence else -1 if down in sentence else 0


#: the values swept: rounding boundaries of 0, 1 and 2 places on both sides, and plain ones
RATES = [D(x) for x in ("0.2419", "0.9764", "0.79995", "0.80005", "0.8", "0.795", "0.7949", "0.805", "0.85",
                        "0.12345", "0.12355", "1", "0.2449", "0.2450", "0.0004", "0.0005")]
SCORES = [D(x) for x in ("91", "90.995", "91.005", "90.994", "88.5", "89.6", "90.25", "91.004", "0.004", "100")]
AMOUNTS = [D(x) for x in ("4.2", "5", "4.195", "4.205", "0.004", "0.005", "1.2049", "1.2051", "12.345", "0.8")]


# --------------------------------------------------------------------------- the 执行率 change (four places)


@pytest.mark.parametrize("rp", [0, 1, 2])
def test_exec_rate_sentence_prints_a_difference_of_its_own_printed_rates(rp):
    f = NumberFormat(score_places=2, rate_places=rp)
    budget = {"year": 2021, "budget.initial": D(1000), "budget.adjusted": D(1000), "budget.executed": D(800)}
    for now in RATES:
        for prev in RATES:
            change = SENTENCES["执行率同比"].render({"year": 2021, "facts.执行率": now, "previous.exec_rate": prev}, f)
            text = SENTENCES["资金情况"].render({**budget, "facts.执行率": now, "say.exec_change": change}, f)
            m = re.search(rf"预算执行率{NUM}%，(?:较上年（{NUM}%）(提高|降低){NUM}个百分点|与上年持平|上年为{NUM}%)$", text)
            assert m, text
            shown_now, shown_prev, word, diff, zero = m.groups()
            # one precision in the sentence: every percentage and the points at the rules' places
            assert {places_of(x) for x in (shown_now, shown_prev, diff, zero) if x} == {rp}, text
            if zero is not None:  # a base printed 0 is stated, not compared with
                assert D(zero) == 0 and half_up(prev * 100, rp) == 0, text
                continue
            if shown_prev is None:  # 持平: the two print alike
                assert half_up(now * 100, rp) == half_up(prev * 100, rp), text
                continue
            assert D(shown_now) - D(shown_prev) == (1 if word == "提高" else -1) * D(diff), text


def test_the_known_case_reads_consistently():
    # issue 21: “预算执行率98%，较上年（24.19%）提高73.45个百分点” — 98 − 24 = 74 at the rules' whole percents
    f = NumberFormat(score_places=2, rate_places=0)
    change = SENTENCES["执行率同比"].render({"year": 2021, "facts.执行率": D("0.9764"),
                                        "previous.exec_rate": D("0.2419")}, f)
    assert change == "较上年（24%）提高74个百分点"
    # at two places: 97.64 − 24.19 = 73.45
    f2 = NumberFormat(score_places=2, rate_places=2)
    assert SENTENCES["执行率同比"].render({"year": 2021, "facts.执行率": D("0.9764"),
                                      "previous.exec_rate": D("0.2419")}, f2) == "较上年（24.19%）提高73.45个百分点"
    # 79.995 % and 80 % both print 80.00 %: 持平, never “提高0.01个百分点”
    assert SENTENCES["执行率同比"].render({"year": 2021, "facts.执行率": D("0.8"),
                                      "previous.exec_rate": D("0.79995")}, f2) == "与上年持平"


# --------------------------------------------------------------------------- the 总分 change


def test_score_sentence_prints_a_difference_of_its_own_printed_scores():
    f = NumberFormat(score_places=2, rate_places=0)
    for now in SCORES:
        for prev in SCORES:
            said = SENTENCES["最终得分"].render({"year": 2021, "kind": "部门整体", "total": now}, f)
            shown_now = re.search(rf"最终得分为{NUM}分", said).group(1)
            change = SENTENCES["总分同比"].render({"total": now, "previous.total": prev, "year": 2021}, f)
            m = re.fullmatch(rf"较上年（{NUM}分）(提高|降低){NUM}分|与上年持平|上年为{NUM}分", change)
            assert m, change
            shown_prev, word, diff, zero = m.groups()
            if zero is not None:
                assert half_up(prev, 2) == 0, change
            elif shown_prev is None:
                assert half_up(now, 2) == half_up(prev, 2), (now, prev, change)
            else:
                assert D(shown_now) - D(shown_prev) == (1 if word == "提高" else -1) * D(diff), (shown_now, change)


# --------------------------------------------------------------------------- the “三公”经费 change and its ratio


@pytest.mark.parametrize("rp", [0, 1, 2])
def test_three_public_change_and_ratio_come_from_the_printed_amounts(rp):
    f = NumberFormat(score_places=2, rate_places=rp)
    for now in AMOUNTS:
        for prev in AMOUNTS + [D(0)]:
            text = SENTENCES["三公经费变动"].render({"year": 2021, "budget.three_public_actual": now,
                                                 "budget.three_public_prev": prev}, f)
            m = re.fullmatch(rf"2021年“三公”经费支出{NUM}万元，(?:与去年同期{NUM}万元比(?:持平|(增加|减少){NUM}万元，"
                             rf"(增长|下降){NUM}%)|去年同期未发生“三公”经费支出)", text)
            assert m, text
            shown_now, shown_prev, word, diff, rate_word, rate = m.groups()
            if shown_prev is None:  # no base: the printed base is 0
                assert half_up(prev, 2) == 0, text
                assert "比0" not in text and "增长" not in text
                continue
            assert D(shown_prev) != 0, text  # never “与去年同期0.00万元比……”
            if word is None:
                assert D(shown_now) == D(shown_prev), text
                continue
            sign = 1 if word == "增加" else -1
            assert D(shown_now) - D(shown_prev) == sign * D(diff), text
            assert (rate_word == "增长") == (sign == 1), text
            # the ratio a reader computes from the printed amounts, at the places percentages print
            assert D(rate) == half_up(D(diff) / D(shown_prev) * 100, rp) and places_of(rate) == rp, text


def test_a_base_that_prints_as_zero_is_no_base():
    # 0.004 万元 prints 0.00: “与去年同期0.00万元比增加4.20万元，增长105000%” would divide by a printed 0
    f = NumberFormat(score_places=2, rate_places=0)
    text = SENTENCES["三公经费变动"].render({"year": 2021, "budget.three_public_actual": D("4.2"),
                                         "budget.three_public_prev": D("0.004")}, f)
    assert text == "2021年“三公”经费支出4.20万元，去年同期未发生“三公”经费支出"


# --------------------------------------------------------------------------- 项目数 (a zero base stated plainly)


@pytest.mark.parametrize("prev, expected", [(25, "较上年（25个）增加4个"), (31, "较上年（31个）减少2个"),
                                            (29, "与上年持平"), (0, "上年为0个")])
def test_projects_change(prev, expected):
    f = NumberFormat()
    assert SENTENCES["项目数同比"].render({"year": 2021, "projects.total": 29, "previous.projects_total": prev}, f) \
        == expected


# --------------------------------------------------------------------------- the whole report


def _ctx(ev, rate_places=None):
    profile = load_profile(ev.profile or None)
    if rate_places is not None:
        profile = profile.model_copy(update={"rate_places": rate_places})
    return build_context(evaluate(ev, profile))[0]


def test_the_report_prints_each_change_from_its_printed_figures():
    ev = load_example()  # 总分 91; 执行率 1770.59 ÷ 7319.56 = 24.19 % (printed 24 %); 29 个项目
    ev.previous = Previous(total=D("88.455"), exec_rate=D("0.2351"), projects_total=0)
    ev.budget.three_public_budget = D(10)  # a budget above the spending: the 三公 indicator keeps its marks
    ev.budget.three_public_actual, ev.budget.three_public_prev = D("4.205"), D("5.004")
    ctx = _ctx(ev)
    assert ctx.total == "91"
    # 88.455 → 88.46 (half up): 91 − 88.46 = 2.54, not 91 − 88.455 = 2.545 → 2.55
    assert ctx.placeholders["总分同比"] == "较上年（88.46分）提高2.54分"
    # 23.51 % and 24.19 % both print 24 %
    assert ctx.placeholders["执行率同比"] == "与上年持平"
    assert ctx.placeholders["项目数同比"] == "上年为0个"
    # 4.205 → 4.21, 5.004 → 5.00: 5.00 − 4.21 = 0.79; 0.79 / 5.00 = 15.8 % → 16 %
    assert ctx.placeholders["三公经费变动"].endswith("与去年同期5.00万元比减少0.79万元，下降16%")


def test_score_table_adds_up_as_printed():
    for rate_places in (0, 1, 2):
        ev = load_example()
        leaf = next(n for n in ev.leaves() if n.manual_score is not None and n.weight > 1)
        leaf.manual_score = leaf.weight - D("0.005")  # a score that rounds: x.995 → its 分值 at two places
        ctx = _ctx(ev, rate_places)
        rows = [*ctx.score_rows, ctx.score_total]
        for row in rows:  # 得分率 = printed 得分 ÷ printed 分值, at the rules' places
            assert D(row.rate.rstrip("%")) == half_up(D(row.score) / D(row.weight) * 100, rate_places), row
        # 合计 = the sum of the printed rows (no 不适用 rescaling in the example)
        assert sum(D(r.score) for r in ctx.score_rows) == D(ctx.score_total.score)
        assert sum(D(r.weight) for r in ctx.score_rows) == D(ctx.score_total.weight)


# --------------------------------------------------------------------------- the batch 汇总's 变化 column


def _record(file, unit, total, prev_total=None):
    return Record.from_json({"file": file, "unit": unit, "year": 2021, "profile": "", "total": total, "grade": "优",
                             "levels": [], "rates": {}, "problems": [], "errors": 0, "warnings": 0,
                             "status": "成功", "reason": "", "reports": [], "prev_total": prev_total})


def _printed(cell) -> str:
    """A number cell as a spreadsheet shows it in its format (0.00 / +0.00;-0.00;0.00), half up like Excel."""
    d = half_up(D(str(cell.value)), 2)
    return (f"{d:+f}" if d else "0.00") if cell.number_format.startswith("+") else f"{d:f}"


def test_summary_change_column_is_printed_total_minus_printed_last_year(tmp_path):
    totals = [("a.xlsx", "甲局", "90.995", "89.004"), ("b.xlsx", "乙局", "91.004", "91.005"),
              ("c.xlsx", "丙局", "85.5", "85.495"), ("d.xlsx", "丁局", "70.125", "80.115")]
    records = [_record(f, u, t) for f, u, t, _ in totals]
    last = LastYear("上年.xlsx", {u: (u, D(p), None) for _, u, _, p in totals})
    ws = build_summary(records, last_year=last)["汇总"]
    head = [c.value for c in ws[2]]
    rows = {r[head.index("单位")].value: r for r in ws.iter_rows(min_row=3) if r[head.index("单位")].value}
    assert len(rows) == 4
    for unit, row in rows.items():
        cells = [row[head.index(h)] for h in ("总分", "上年总分", "变化")]
        now, prev, change = (_printed(c) for c in cells)
        assert D(now) - D(prev) == D(change), (unit, now, prev, change)
        # the cells hold the figures as shown: a formula =总分−上年总分 in the sheet gives the 变化 shown (and a
        # binary double such as 91.005 cannot show 91.00 in one program and 91.01 in another)
        assert [D(str(c.value)) for c in cells] == [D(now), D(prev), D(change)], unit
    # by hand: 91.00 − 89.00 = +2.00; 91.00 − 91.01 = −0.01; 85.50 − 85.50 = 0.00; 70.13 − 80.12 = −9.99
    assert [_printed(rows[u][head.index("变化")]) for u in ("甲局", "乙局", "丙局", "丁局")] == \
        ["+2.00", "-0.01", "0.00", "-9.99"]


def test_summary_change_from_the_forms_own_last_year_total():
    records = [_record("a.xlsx", "甲局", "90.995", "89.004")]
    ws = build_summary(records)["汇总"]
    head = [c.value for c in ws[2]]
    row = next(ws.iter_rows(min_row=3, max_row=3))
    assert [_printed(row[head.index(h)]) for h in ("总分", "上年总分", "变化")] == ["91.00", "89.00", "+2.00"]
