"""The native formulas of xlperf/workbook/formulas.py, evaluated (pycel, no PERF_ function: as in WPS/LibreOffice)
on hand-picked inputs and compared with values worked out by hand from the rules (shared/domain/SCORING.md, the
README's 公式参考) — never with the engine or the formula text itself.

Each test builds the few cells it reads (no module fixture: mutmut ties a function to every test that calls it).
The PERF_ call of every wrapped formula is checked too: with the PERF_ functions answering (``perf=True`` makes each
answer with its own name and arguments), the cell shows that call's answer — the right function, the right cells.

Mutants judged equivalent (session 8, s8h; narrowed run, docs/mutation.md s8h section):

* ``band_native_gap`` ``str(param or "")`` → ``str(param or "XXXX")``: only a blank parameter takes the default,
  and the engine's ``parse_bands`` rejects both "" and "XXXX" — either way the answer is "" (nothing to say).
* ``band_native_gap`` ``.strip(" ")`` → ``.strip("XX XX")``: strips "X" too, but an entry beginning or ending with
  "X" is never one ``parse_bands`` accepts (and a rejected parameter returns "" before this line).
* ``row_formulas`` ``a.get(f"band_{i - 1}", "")`` → ``a.get(…, None)`` or ``a.get(…)``: the default is taken
  only for entry 1, whose ``previous`` is then None instead of "" — both falsy, so ``band_entry`` writes the
  same formula.
* ``calc_method`` ``"OR("`` → ``"or("``: Excel, WPS and LibreOffice read function names in any letter case (and
  store them upper-case).
* ``score`` ``native = '""'`` → ``None``: the innermost else of the method chain, reached only for a method the
  form does not know, becomes the undefined name ``None`` (#NAME?) — and the chain sits inside ``IFERROR(…,"")``,
  so the cell shows "" either way.
* ``band`` ``BAND_ENTRIES * width + 1`` → ``- 1`` or ``+ 2`` (where the text after the eighth entry starts): a
  parameter is at most 99 characters with seven separators for eight entries, so entry 8 ends before character
  8 × 99 − 1 and the two characters at 791–792 are spaces; a ninth entry holds at least "a:b", so starting one
  character late still sees it.
"""

from __future__ import annotations

import pytest

from native_eval import formula_value, perf_answers
from xlperf.workbook import formulas as F

# ---------------------------------------------------------------- rates


@pytest.mark.parametrize("score, weight, expected", [
    (3, 4, 0.75),  # 3 / 4
    (0, 4, 0),  # nothing scored: 0 %, not blank
    (3, None, ""),  # blank 分值
    (None, 4, ""),  # blank 得分
    (3, 0, ""),  # 分值 0: no division
])
def test_rate_is_score_over_weight_blank_when_either_is_blank(score, weight, expected):
    assert formula_value(F.rate("A1", "B1"), {"A1": score, "B1": weight}) == expected


@pytest.mark.parametrize("executed, budget, expected", [
    (1770.59, 7319.56, 1770.59 / 7319.56),  # the 2021 example: 24.19 %
    (5, None, ""), (None, 5, ""), (5, 0, ""),
])
def test_exec_rate_is_executed_over_budget(executed, budget, expected):
    got = formula_value(F.exec_rate("A1", "B1"), {"A1": executed, "B1": budget})
    assert got == expected if expected == "" else abs(got - expected) < 1e-12


def test_the_perf_calls_of_the_rates_name_their_cells():
    with perf_answers():
        assert formula_value(F.rate("A1", "B1"), {"A1": 3, "B1": 4}) == "PERF_RATE(3,4)"
        assert formula_value(F.exec_rate("A1", "B1"), {"A1": 3, "B1": 4}) == "PERF_EXEC_RATE(3,4)"


# ---------------------------------------------------------------- target and actual as numbers


@pytest.mark.parametrize("written", [">=", "＞=", "≥", "≧", "⩾", ">", "＞", "<=", "＜=", "≤", "≦", "⩽", "<", "＜", "=",
                                     "＝"])
def test_strip_comparisons_removes_every_comparison(written):
    # every way a clerk writes a comparison (targets: 半角, 全角, ≥ ≧ ⩾ …) goes, the rest stays as written
    assert formula_value(F.strip_comparisons("A1"), {"A1": f"目标{written}90%以上"}) == "目标90%以上"


@pytest.mark.parametrize("target, unit, expected", [
    ("≥90%", "%", 0.9),  # VALUE reads the percentage
    ("≤90万元", "万元", 90),  # the row's unit removed
    ("90万元以内", "万元", 90),
    ("5起以下", "起", 5),
    ("95%及以上", "%", 0.95),
    ("不低于 80", "", 80),  # the written word and the space removed
    ("不高于10", "", 10), ("不超过10", "", 10), ("至少3", "", 3), ("不少于3", "", 3), ("不多于3", "", 3),
    ("3及以下", "", 3), ("3以上", "", 3),
    (" 12 ", "", 12),
    (0.9, "%", 0.9),  # a number stays the number
    ("约九十", "", ""),  # unreadable: blank (the reader flags it)
    ("", "%", ""), ("  ", "%", ""),
])
def test_calc_target_reads_the_written_target_as_a_number(target, unit, expected):
    cells = {"A1": target, "B1": unit or None, "C1": F.strip_comparisons("A1")}
    assert formula_value(F.calc_target("A1", "B1", "C1"), cells) == expected


@pytest.mark.parametrize("actual, unit, expected", [
    ("168起", "起", 168),
    ("≥95%", "%", 0.95),
    (0.8, "%", 0.8),
    ("  部分达成 ", "", "部分达成"),  # 定性 words: trimmed text
    ("达成", "起", "达成"),
    ("", "", ""),
])
def test_calc_actual_reads_a_number_or_keeps_the_words(actual, unit, expected):
    cells = {"A1": actual, "B1": unit or None, "C1": F.strip_comparisons("A1")}
    assert formula_value(F.calc_actual("A1", "B1", "C1"), cells) == expected


@pytest.mark.parametrize("method, target, expected", [
    ("正向", "≤5", "正向"),  # a chosen method wins over the target's direction
    (" 阶梯 ", "", "阶梯"),
    (None, "≤5起", "反向"), (None, "≦5", "反向"), (None, "⩽5", "反向"), (None, "<5", "反向"), (None, "＜5", "反向"),
    (None, "5起以内", "反向"), (None, "5起以下", "反向"), (None, "不高于5", "反向"), (None, "不超过5", "反向"),
    (None, "不多于5", "反向"),
    (None, "≥90%", "正向"), (None, "≧90%", "正向"), (None, "⩾90%", "正向"), (None, ">90%", "正向"),
    (None, "＞90%", "正向"), (None, "90%以上", "正向"), (None, "不低于90%", "正向"), (None, "不少于9", "正向"),
    (None, "至少9", "正向"),
    (None, 0.9, ""),  # a plain number says no direction
    (None, "90%", ""),
])
def test_calc_method_is_the_chosen_one_else_the_targets_direction(method, target, expected):
    assert formula_value(F.calc_method("A1", "B1"), {"A1": method, "B1": target}) == expected


# ---------------------------------------------------------------- 建议得分 per method (SCORING.md, places = 2)

QUALITATIVE = {"X1": "达成", "Y1": 1, "X2": "部分达成", "Y2": 0.7, "X3": "未达成", "Y3": 0.3}


def _score(method, weight, target, actual, param=None, *, na=None, parent=None, band=(None, None), places=2):
    """S: A method, B weight, C target, D actual, E param, F 不适用, G 区间参数, H last 区间 entry, I 有下级."""
    formula = F.score("A1", "B1", "C1", "D1", "E1", places, "F1", band_cells=("G1", "H1"), parent="I1")
    cells = {"A1": method, "B1": weight, "C1": target, "D1": actual, "E1": param, "F1": na, "G1": band[0],
             "H1": band[1], "I1": parent, **QUALITATIVE}
    return formula_value(formula, cells, names={"定性表": "S!$X$1:$Y$3"})


@pytest.mark.parametrize("target, actual, expected", [
    (0.9, 0.8, 8.89),  # 10 × 0.8 / 0.9 = 8.888… → 8.89
    (0.9, 1.2, 10),  # capped at 分值
    (0.9, 0.9, 10),
    (0.9, 0, 0),
    (0, 0.5, 10),  # target 0: full marks
    (-1, 0.5, 10),
    (None, 0.5, ""),  # no target: blank
])
def test_score_forward(target, actual, expected):
    assert _score("正向", 10, target, actual) == expected


@pytest.mark.parametrize("target, actual, expected", [
    (0.05, 0.08, 1.88),  # 3 × 0.05 / 0.08 = 1.875 → 1.88 (half up)
    (0.05, 0.05, 3),  # on target: full
    (0.05, 0.01, 3),  # below: full
    (0.05, 0, 3),  # 0 meets any target
    (-1, 0, 3),  # … even one below 0 (no division by 0)
    (0, 0.1, 0),  # target 0 missed: nothing
    (None, 0.1, ""),
])
def test_score_reverse(target, actual, expected):
    assert _score("反向", 3, target, actual) == expected


@pytest.mark.parametrize("target, actual, param, expected", [
    (1, 0.9, "5%:0.5", 2),  # 10 % short = 2 steps of 5 % → 3 − 2 × 0.5
    (1, 0.85, "5%:0.5", 1.5),  # 3 steps (0.15 / 0.05 rounded to 9 places, not 2.999…)
    (1, 0.97, "5%:0.5", 3),  # under one step: nothing off
    (None, 0.97, "5%：1", 3),  # blank target = 100 %; full-width colon
    (1, 1.1, "5%:0.5", 3),  # above the goal: full
    (1, 0.1, "5%:0.5", 0),  # 18 steps × 0.5 = 9 > 3: clamped at 0
    (1, 0.9, "0.05:0.25", 2.5),  # plain-number step
])
def test_score_ladder(target, actual, param, expected):
    assert _score("阶梯", 3, target, actual, param) == expected


@pytest.mark.parametrize("target, actual, param, expected", [
    (1, 1.04, "0.5", 3),  # 4 points over × 0.5 = 2 off 5
    (1, 1.2, "0.5", 0),  # 20 × 0.5 = 10 > 5: clamped at 0
    (1, 1, "0.5", 5), (1, 0.5, "0.5", 5),  # at or under the threshold: full
    (None, 1.2, "0.5", ""),
])
def test_score_excess(target, actual, param, expected):
    assert _score("超额扣分", 5, target, actual, param) == expected


@pytest.mark.parametrize("actual, expected", [("达成", 5), ("部分达成", 3.5), (" 未达成 ", 1.5), ("不知道", "")])
def test_score_qualitative_reads_the_table(actual, expected):
    assert _score("定性", 5, None, actual) == expected  # 5 × 100 / 70 / 30 %; an unknown word: blank


def test_score_band_takes_the_last_entry_cell_clamped():
    assert _score("区间", 4, None, 0.85, "≥90%:4;≥80%:3", band=("text", 3)) == 3
    assert _score("区间", 4, None, 0.85, "≥90%:9", band=("text", 9)) == 4  # at most 分值
    assert _score("区间", 4, None, 0.85, "≥90%:-1", band=("text", -1)) == 0  # at least 0
    assert _score("区间", 4, None, 0.85, "≥90%:4", band=("", None)) == 0  # no entry matches: 0


@pytest.mark.parametrize("method, weight, actual, na, parent", [
    ("人工", 5, 0.9, None, None),  # 人工: the clerk's 得分 only
    (None, 5, 0.9, None, None),  # no method
    ("正向", None, 0.9, None, None),  # no 分值
    ("正向", 5, None, None, None),  # no 完成值
    ("正向", 5, 0.9, "是", None),  # 不适用
    ("正向", 5, 0.9, None, "是"),  # a parent: its own method counts for nothing
    ("其他", 5, 0.9, None, None),  # a method the form does not know
])
def test_score_is_blank_where_nothing_is_scored(method, weight, actual, na, parent):
    assert _score(method, weight, 0.9, actual, na=na, parent=parent) == ""


def test_score_without_the_optional_cells_skips_only_blank_rows():
    formula = F.score("A1", "B1", "C1", "D1", "E1", 2, band_cells=("G1", "H1"))
    assert formula_value(formula, {"A1": "正向", "B1": 10, "C1": 0.9, "D1": 0.8, "F1": "是", "I1": "是"}) == 8.89


def test_score_rounds_to_the_places_given():
    assert _score("正向", 10, 0.9, 0.8, places=1) == 8.9
    assert _score("反向", 3, 0.05, 0.08, places=0) == 2  # 1.875 → 2


def test_the_perf_call_of_the_score_names_its_cells():
    with perf_answers():
        assert _score("正向", 10, 0.9, 0.8, "p") == "PERF_SCORE(正向,10,0.9,0.8,p)"


@pytest.mark.parametrize("coefficient, na, parent, expected", [
    (0.5, None, None, 5),  # 分值 10 × 0.5
    (0, None, None, 0),  # 0 is a coefficient, not a blank
    (1, None, None, 10),
    (0.333, None, None, 3.33),  # rounded to the places
    (None, None, None, 8.89),  # no coefficient: the rule's score (正向 10 × 0.8 / 0.9)
    (0.5, "是", None, ""),  # 不适用: blank whatever the coefficient
    (0.5, None, "是", ""),  # a parent: blank
])
def test_with_coefficient(coefficient, na, parent, expected):
    rule = F.score("A1", "B1", "C1", "D1", "E1", 2, "F1", band_cells=("G1", "H1"), parent="I1")
    formula = F.with_coefficient(rule, "B1", "J1", "F1", 2, "I1")
    cells = {"A1": "正向", "B1": 10, "C1": 0.9, "D1": 0.8, "F1": na, "I1": parent, "J1": coefficient}
    assert formula_value(formula, cells) == expected


# ---------------------------------------------------------------- 区间 in three steps


def _band_row(param, actual, method="区间", weight=4, places=2):
    """One row's 区间 steps: A param, B actual, C method, D weight; E 区间参数, F… the entries, Z1 the result."""
    entries = [chr(ord("F") + i) for i in range(F.BAND_ENTRIES)]
    cells = {"A1": param, "B1": actual, "C1": method, "D1": weight, "E1": F.band_text("C1", "A1")}
    for i, col in enumerate(entries, start=1):
        cells[f"{col}1"] = F.band_entry(i, "E1", "B1", f"{entries[i - 2]}1" if i > 1 else "")
    return formula_value("=" + F.band("D1", "A1", "E1", f"{entries[-1]}1", places), cells)


@pytest.mark.parametrize("param, actual, expected", [
    ("≥90%:4;≥80%:3;<80%:0", 0.95, 4),
    ("≥90%:4;≥80%:3;<80%:0", 0.9, 4),  # on the bound: ≥ holds
    ("≥90%:4;≥80%:3;<80%:0", 0.85, 3),
    ("≥90%:4;≥80%:3;<80%:0", 0.8, 3),
    ("≥90%:4;≥80%:3;<80%:0", 0.5, 0),
    (">90%:4;>=80%:3.5;<=50%:1;<80%:2", 0.9, 3.5),  # > excludes the bound, >= includes it
    (">90%:4;>=80%:3.5;<=50%:1;<80%:2", 0.5, 1),
    (">90%:4;>=80%:3.5;<=50%:1;<80%:2", 0.6, 2),
    ("≤5:4；≤10:2；>10:0", 10, 2),  # full-width semicolons
    ("<0:1;=0:4;<3:2", 0, 4), ("0:4;<3:2", 0, 4), ("<0:1;=0:4;<3:2", 1, 2),  # "=" or no op: equal
    ("≥90%：4", 0.95, 4),  # full-width colon
    ("≥90%:4", 0.5, 0),  # no entry matches: 0
    ("≥90%:4;≥80%:3", 0.8 - 1e-12, 3),  # binary noise does not push 0.8 below its bound
    ("≥90%:4;<80%:3", 0.8 - 1e-12, 0),  # … nor makes it less than 80 %: no entry matches, 0
    ("1:1;2:2;3:3;4:4;5:5;6:6;7:7;8:8", 8, 4),  # the eighth entry is read (clamped to 分值 4)
    ("1:1;2:2;3:3;4:4;5:5;6:6;7:7;8:3.5", 8, 3.5),
    ("1:1;2:2;3:3;4:4;5:5;6:6;7:7;8:8;9:1", 9, "#N/A"),  # a ninth entry the sheet cannot read: an error (建议得分 blank)
    ("1:1;2:2;3:3;4:4;5:5;6:6;7:7;8:2;9:1", 8, 2),  # … unless an earlier entry matched
    (" ", 0.9, ""), (None, 0.9, ""),  # no parameter: blank
    ("≥90%:4;" + "x" * 95, 0.95, ""),  # longer than 99 characters: blank
])
def test_band_matches_the_first_entry(param, actual, expected):
    assert _band_row(param, actual) == expected


def test_band_text_only_for_band_rows():
    assert formula_value(F.band_text("A1", "B1"), {"A1": "正向", "B1": "≥90%:4"}) == ""
    assert formula_value(F.band_text("A1", "B1"), {"A1": "区间", "B1": "a;b"}) == "a" + " " * 99 + "b"
    assert formula_value(F.band_text("A1", "B1"), {"A1": "区间", "B1": "a；b"}) == "a" + " " * 99 + "b"
    assert formula_value(F.band_text("A1", "B1"), {"A1": "区间", "B1": "x" * 99}) == "x" * 99
    assert formula_value(F.band_text("A1", "B1"), {"A1": "区间", "B1": "x" * 100}) == ""


def test_band_rounds_and_clamps_like_the_other_methods():
    assert _band_row("≥90%:2.345", 0.95, places=2) == 2.35  # half up
    assert _band_row("≥90%:2.345", 0.95, places=1) == 2.3
    assert _band_row("≥90%:2.345", 0.95, weight=2) == 2


# ---------------------------------------------------------------- tree, sums, totals


@pytest.mark.parametrize("l1, l2, l3, expected", [
    ("投入", None, None, 1), (None, "预算", None, 2), (None, None, "执行率", 3), ("a", "b", "c", 3),
    (" ", None, None, ""), (None, None, None, ""),
])
def test_tree_level_is_the_deepest_named_column(l1, l2, l3, expected):
    assert formula_value(F.tree_level("A1", "B1", "C1"), {"A1": l1, "B1": l2, "C1": l3}) == expected


@pytest.mark.parametrize("scores, weights, places, expected", [
    ([1.25, 2.5, 3], [5, 5, 5], 2, 6.75), ([1.25, 2.5], [5, 5], 1, 3.8),  # 3.75 → 3.8
])
def test_total_sums_the_scores(scores, weights, places, expected):
    cells = {f"A{i}": s for i, s in enumerate(scores, 1)} | {f"B{i}": w for i, w in enumerate(weights, 1)}
    n = len(scores)
    assert formula_value(F.total(f"A1:A{n}", f"B1:B{n}", places), cells) == expected
    with perf_answers():
        assert formula_value(F.total(f"A1:A{n}", f"B1:B{n}", places), cells) == \
            "PERF_TOTAL({%s},{%s})" % (";".join(map(str, scores)), ";".join(map(str, weights)))


@pytest.mark.parametrize("rescale, applicable, expected", [
    ("是", 80, 87.5),  # 70 × 100 / 80: whole level-1 indicators 不适用
    ("否", 80, 70),  # the rules do not rescale
    ("是", 100, 70),  # nothing 不适用
    ("是", 0, 70), ("是", None, 70),  # nothing applicable / blank: no division
])
def test_total_rescaled(rescale, applicable, expected):
    cells = {"A1": 70, "B1": applicable, "C1": 100, "D1": 100, "E1": rescale}
    assert formula_value(F.total_rescaled("A1", "B1", "C1", "D1", "E1", 2), cells) == expected


def test_total_rescaled_rounds():
    cells = {"A1": 70, "B1": 90, "C1": 100, "D1": 100, "E1": "是"}  # 70 × 100 / 90 = 77.777…
    assert formula_value(F.total_rescaled("A1", "B1", "C1", "D1", "E1", 2), cells) == 77.78
    assert formula_value(F.total_rescaled("A1", "B1", "C1", "D1", "E1", 1), cells) == 77.8


@pytest.mark.parametrize("manual, suggested, expected", [(None, None, ""), (3, None, 42), (None, 0, 42)])
def test_unless_blank_until_a_score_is_there(manual, suggested, expected):
    cells = {"A2": manual, "B3": suggested}
    assert formula_value(F.unless_blank("=42", ["A1:A3", "B1:B3"]), cells) == expected


BANDS = {"G1": 90, "H1": "优", "G2": 80, "H2": "良", "G3": 60, "H3": "中", "G4": 0, "H4": "差"}


@pytest.mark.parametrize("total, expected", [
    (95, "优"), (90, "优"), (89.99, "良"), (80, "良"), (79.99, "中"), (60, "中"), (59.99, "差"), (0, "差"), (None, ""),
])
def test_grade_follows_the_band_table(total, expected):
    formula = F.grade("A1", [("G1", "H1"), ("G2", "H2"), ("G3", "H3"), ("G4", "H4")])
    assert formula_value(formula, {"A1": total, **BANDS}) == expected


def test_the_perf_call_of_the_grade_gets_the_whole_band_table():
    with perf_answers():
        formula = F.grade("A1", [("G1", "H1"), ("G2", "H2"), ("G3", "H3"), ("G4", "H4")])
        assert formula_value(formula, {"A1": 85, **BANDS}) == "PERF_GRADE(85,{90,优;80,良;60,中;0,差})"


@pytest.mark.parametrize("weights, scores, weight_sum, expected", [
    ([50, 50], [40, 50], 100, ""),
    ([50, 40], [40, 40], 90, "分值合计90，应为100"),
    ([50, 50], [51, 50], 100, "有得分超过分值"),
    ([50, 50], ["", 50], 100, ""),  # text in the 得分 column counts for nothing
])
def test_check(weights, scores, weight_sum, expected):
    cells = {"A1": weights[0], "A2": weights[1], "B1": scores[0] or None, "B2": scores[1], "C1": 100,
             "D1": weight_sum}
    assert formula_value(F.check("A1:A2", "B1:B2", "C1", "D1"), cells) == expected
    with perf_answers():
        assert formula_value(F.check("A1:A2", "B1:B2", "C1", "D1"), cells) == "PERF_CHECK({%s;%s},{%s;%s},100)" % (*weights, *scores)


def test_python_status_is_blank_without_the_function_and_names_its_cells():
    assert F.python_status("B10", "B11") == '=IFERROR(PYTHON_STATUS(B10,B11),"")'
    assert formula_value(F.python_status("A1", "A2"), {"A1": 1}) == ""
    with perf_answers():  # where the macro workbooks' VBA function answers, the cell shows its sentence
        assert formula_value(F.python_status("A1", "A2"), {"A1": 1, "A2": 2}) == "PYTHON_STATUS(1,2)"


# ---------------------------------------------------------------- one indicator table, every row's formulas


def _table(rows, *, coefficient=False, places=2):
    """A small 指标评分 table (row 2 on, then 合计) holding what row_formulas / table_score / table_weight write for
    each row, in the form's own columns; ``rows``: dicts of input values by column key.  Returns (values, letter)
    where values(key, r) reads an evaluated cell."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter
    from openpyxl.workbook.defined_name import DefinedName

    from native_eval import evaluate_cells
    from xlperf.workbook import layout as L

    keys = [c.key for c in L.IND_COLUMNS + L.HELPER_COLUMNS] + (["coefficient"] if coefficient else [])
    letter = {k: get_column_letter(i) for i, k in enumerate(keys, start=1)}
    wb = Workbook()
    ws = wb.active
    ws.title = "S"
    first, total_row = 2, 2 + len(rows)
    for r, values in enumerate(rows, start=first):
        for k, v in values.items():
            ws[f"{letter[k]}{r}"] = v
        for k, formula in F.row_formulas(letter, r, total_row, places, coefficient).items():
            ws[f"{letter[k]}{r}"] = formula
    t = {k: f"{v}{total_row}" for k, v in letter.items()}
    ws[t["level1"]] = "合计"
    ws[t["tree_level"]] = F.tree_level(t["level1"], t["level2"], t["level3"])
    ws[t["counted"]] = F.table_score(letter, first, total_row, places)
    ws[t["counted_weight"]] = F.table_weight(letter, first, total_row)
    for i, (word, share) in enumerate((("达成", 1), ("部分达成", 0.7), ("未达成", 0.3)), start=1):
        ws[f"ZZ{i}"], ws[f"ZY{i}"] = word, share
    wb.defined_names["定性表"] = DefinedName("定性表", attr_text="S!$ZX$1:$ZY$3")
    for i, (word, share) in enumerate((("达成", 1), ("部分达成", 0.7), ("未达成", 0.3)), start=1):
        ws[f"ZX{i}"], ws[f"ZY{i}"] = word, share
    wanted = [f"S!{letter[k]}{r}" for r in range(first, total_row + 1)
              for k in ("suggested", "counted", "counted_weight", "rate", "tree_level", "tree_span", "tree_parent",
                        "calc_method")]
    got = evaluate_cells(wb, wanted)
    return (lambda k, r: got[f"S!{letter[k]}{r}"]), total_row


#: 投入 (10) ⊃ 预算 (6) ⊃ {执行率 4 正向, 调整 2 不适用}, 管理 (4, 定性, typed 得分 3); 产出 5 区间 leaf; 效益 (3) ⊃
#: 满意度 3 反向 with a blank method (its target "≤5%" says 反向)
TREE = [
    # a parent: its own 得分 and its own method (正向 0.5 of 1) count for nothing
    {"level1": "投入", "weight": 10, "method": "正向", "target": 1, "actual": 0.5, "manual_score": 9},
    {"level2": "预算", "weight": 6},
    {"level3": "执行率", "weight": 4, "method": "正向", "target": 0.9, "actual": 0.8},  # 4 × 0.8 / 0.9 → 3.56
    {"level3": "调整", "weight": 2, "method": "正向", "target": 1, "actual": 1, "not_applicable": "是"},
    {"level2": "管理", "weight": 4, "method": "定性", "actual": "部分达成", "manual_score": 3},  # 2.8 suggested
    {"level1": "产出", "weight": 5, "method": "区间", "actual": 0.85, "param": "≥90%:5;≥80%:3"},  # → 3
    {"level1": "效益", "weight": 3},
    {"level2": "满意度", "weight": 3, "target": "≤5%", "actual": 0.1, "unit": "%"},  # 反向 3 × 5 / 10 = 1.5
]


def test_every_row_of_a_small_tree_by_hand():
    v, total = _table(TREE)
    # 级次, 本级范围行数 (rows below up to the next row of the same or a higher level), 有下级
    assert [v("tree_level", r) for r in range(2, total + 1)] == [1, 2, 3, 3, 2, 1, 1, 2, 1]
    assert [v("tree_span", r) for r in range(2, total)] == [4, 2, 0, 0, 0, 0, 1, 0]
    assert [v("tree_parent", r) for r in range(2, total)] == ["是", "是", "", "", "", "", "是", ""]
    assert v("calc_method", 9) == "反向"
    # 建议得分: blank on parents and 不适用 rows
    assert [v("suggested", r) for r in range(2, total)] == ["", "", 3.56, "", 2.8, 3, "", 1.5]
    # 计入得分: a leaf's typed 得分 wins; a parent sums its applicable leaves
    assert [v("counted", r) for r in range(2, total)] == [6.56, 3.56, 3.56, "", 3, 3, 1.5, 1.5]
    assert [v("counted_weight", r) for r in range(2, total)] == [8, 4, 4, 0, 4, 5, 3, 3]
    assert v("counted", total) == 11.06  # 3.56 + 3 + 3 + 1.5
    assert v("counted_weight", total) == 16  # 4 + 4 + 5 + 3 (调整 不适用)
    assert [v("rate", r) for r in range(2, total)] == pytest.approx([0.82, 0.89, 0.89, "", 0.75, 0.6, 0.5, 0.5])


def test_rows_with_a_coefficient_column_score_weight_times_coefficient():
    rows = [
        {"level1": "投入", "weight": 10},
        {"level2": "执行率", "weight": 6, "method": "正向", "target": 0.9, "actual": 0.8, "coefficient": 0.5},  # 3
        {"level2": "管理", "weight": 4, "method": "正向", "target": 0.9, "actual": 0.8},  # 4 × 0.8 / 0.9 → 3.56
    ]
    v, total = _table(rows, coefficient=True)
    assert [v("suggested", r) for r in range(2, total)] == ["", 3, 3.56]
    assert v("counted", 2) == 6.56 and v("counted", total) == 6.56


def test_the_table_rounds_to_the_rules_places():
    rows = [{"level1": "a", "weight": 10, "method": "正向", "target": 0.9, "actual": 0.8},  # 8.888…
            {"level1": "b", "weight": 10, "method": "正向", "target": 0.9, "actual": 0.8, "manual_score": 7.25}]
    v, total = _table(rows, places=1)
    assert [v("suggested", 2), v("counted", 2), v("counted", 3)] == [8.9, 8.9, 7.3]
    assert v("counted", total) == 16.2  # 8.9 + 7.25 → 16.15 → 16.2


def test_a_band_row_reads_its_eighth_entry():
    rows = [{"level1": "a", "weight": 5, "method": "区间", "actual": 8, "param": "1:1;2:2;3:3;4:4;5:5;6:6;7:7;8:2.5"}]
    v, _ = _table(rows)
    assert v("suggested", 2) == 2.5


# ---------------------------------------------------------------- band_native_gap (the reader's warning)

N = F.BAND_ENTRIES


@pytest.mark.parametrize("param, reason", [
    ("≥90%:5;<90%:" + "0" * 87, ""),  # 99 characters: read
    ("≥90%:5;<90%:" + "0" * 88, "参数超过99个字符"),  # 100: not read
    ("≥90%  :5;<90%:0", ""),  # TRIM makes two spaces one, and one space is allowed
    ("  ≥90%:5 ; <90%:0  ", ""),
    ("≥90%:5\u3000;<90%:0", "“≥90%:5\u3000”的写法无法自动计算，请写成“≥90%:5”的形式（半角数字）"),  # TRIM keeps 　
    ("≥90%:5;≥80%:4" + ";" * N + "<80%:0", f"超过{N}段"),  # the last entry, not the second, is past the eighth
    ("≥90%:5;;<90%:0", ""),  # an empty entry is skipped
    ("＞90%:5", "“＞90%:5”的写法无法自动计算，请写成“≥90%:5”的形式（半角数字）"),
    ("≥９０.０００００００００００００００１%:5", "“≥９０.０００００００００００００００１”的写法无法自动计算，请写成“≥90%:5”的形式（半角数字）"),
    (None, ""),  # blank: nothing to say
])
def test_band_native_gap_says_why_in_a_clerks_words(param, reason):
    assert F.band_native_gap(param) == reason


def test_band_native_gap_counts_the_entries_it_is_told():
    assert F.band_native_gap("≥90%:5;≥80%:4;<80%:0", entries=2) == "超过2段"
    assert F.band_native_gap("≥90%:5;≥80%:4;<80%:0", entries=3) == ""


def test_rows_read_actuals_written_as_text_and_a_first_band_entry():
    rows = [
        {"level1": "a", "weight": 5, "method": "区间", "actual": 0.95, "param": "≥90%:5;≥80%:3"},  # entry 1: 5
        {"level1": "b", "weight": 10, "method": "正向", "unit": "起", "target": 200, "actual": "168起"},  # 10 × 168 / 200
        {"level1": "c", "weight": 3, "method": "反向", "unit": "%", "target": "≤5%", "actual": "≥8%"},  # 3 × 5 / 8 → 1.88
    ]
    v, _ = _table(rows)
    assert [v("suggested", r) for r in (2, 3, 4)] == [5, 8.4, 1.88]


def test_band_entry_without_a_previous_cell_tests_its_own_entry():
    cells = {"A1": "≥90%:4;≥80%:3", "B1": 0.95, "C1": "区间", "E1": F.band_text("C1", "A1")}
    assert formula_value(F.band_entry(1, "E1", "B1"), cells) == 4
    assert formula_value(F.band_entry(2, "E1", "B1"), cells) == 3  # entry 2 alone: it matches too
