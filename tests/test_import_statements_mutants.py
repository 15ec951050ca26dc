"""xlperf/importer/statements.py: the surviving mutants argued equivalent (moved from
tests/test_import_statements.py).

Survivors of `make mutate MODULE=xlperf/importer/statements.py` argued equivalent (mutmut's names):

* statements._percent 3 — ``d is None`` never true: every pattern read with _percent matches digits only (``_NUM``),
  which Decimal always reads (equivalent; was parse._percent, tests/test_import_mutants.py);
* read_figures 69, 70 — the thousands separator of a 完成率 dropped otherwise: a completion rate (≤ 100 %) is never
  written with one (equivalent for every rate a report states);
* read_score_table 8, 9, 10 — the 得分率 column kept under another key: it is only set aside so that “得分率” is not
  taken for the 得分 column, and never read (equivalent);
* read_score_table 38, 47 — “X” also stripped from the end of a score or weight cell: a figure cell ends in a digit
  or 分 (equivalent for the cells a score table holds);
"""
