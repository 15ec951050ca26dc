"""Mutation record for xlperf/udfs.py and xlperf/errors.py (issue 19, session 7 s7k).

Expected values are hand arithmetic and the rules in SCORING.md (正向: 得分 = 分值 × min(B/A, 1); grades
90优/80良/60中/0差), never read back from the code under test.

Not mutated: the seven UDFs themselves (PERF_GRADE … PERF_CHECK) carry decorators (xw.func, xw.arg,
_cell_policy), and mutmut does not mutate decorated functions; they are tested in tests/test_udfs.py.

Code made simpler so that equivalent mutants no longer exist (behaviour unchanged, tests/test_udfs.py green):

* ``_flat``: ``_flat(v) if isinstance(v, (list, tuple)) else [v]`` became ``_flat(v)`` — ``_flat`` of a scalar
  already is ``[v]``, so the ``… or True`` mutant was equivalent.
* ``_target``: ``isinstance(value, str) and not is_blank(value)`` became ``isinstance(value, str)`` — a blank
  text is no written target (``parse_written`` gives None) and falls through to ``_opt``, which gives None; the
  guard was redundant.
"""

from decimal import Decimal

import xlperf.udfs as u
from xlperf.errors import ProblemsFound, ScoringError

ERR = "#错误:"


# ------------------------------------------------------------------ _target (年度指标值 as real tables write it)


def test_score_takes_a_written_target_with_its_comparison_and_percent():
    # 正向, target "≥90%" = 0.9, actual 0.9 → 10 × min(0.9/0.9, 1) = 10; actual 0.45 → 10 × 0.5 = 5
    assert u.PERF_SCORE("正向", 10, "≥90%", 0.9) == 10.0
    assert u.PERF_SCORE("正向", 10, "≥90%", 0.45) == 5.0


def test_a_numeric_target_is_not_parsed_as_text():
    # a double 0.9 is the number 0.9: actual 0.45 → 10 × 0.45/0.9 = 5
    assert u.PERF_SCORE("正向", 10, 0.9, 0.45) == 5.0
    assert u._target(0.9) == Decimal("0.9")
    assert u._target("≥90%") == Decimal("0.9")


def test_a_blank_text_target_gives_a_blank_score():
    assert u._target("  ") is None
    assert u.PERF_SCORE("正向", 10, "  ", 0.45) == ""


# ------------------------------------------------------------------ _band_table


def test_one_cell_as_a_band_table_is_told_to_have_two_columns():
    assert u.PERF_GRADE(95, 90) == ERR + "等级表应为两列：下限、等级"


def test_a_blank_row_in_the_middle_of_the_band_table_is_skipped_not_the_end():
    # bands 90优 / (blank) / 0差: 50 is below 90 and at least 0 → 差
    assert u.PERF_GRADE(50, [[90, "优"], [None, None], [0, "差"]]) == "差"


def test_a_blank_cell_where_a_row_is_expected_is_skipped():
    assert u.PERF_GRADE(50, [[90, "优"], None, [0, "差"]]) == "差"


def test_an_all_blank_band_table_is_told_empty():
    assert u.PERF_GRADE(50, [[None, None]]) == ERR + "等级表为空，应为两列：下限、等级"


# ------------------------------------------------------------------ errors.py


def test_scoring_error_names_its_field_and_defaults_to_none_named():
    assert ScoringError("参数无效", "param").field == "param"
    assert ScoringError("参数无效").field == ""


def test_problems_found_carries_every_problem_one_a_line():
    problems = ["表1!B2 应为数字", "表1!C3 不能为空"]
    exc = ProblemsFound(problems)
    assert exc.problems == problems
    assert str(exc) == "表1!B2 应为数字\n表1!C3 不能为空"
