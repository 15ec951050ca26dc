"""xlperf/importer/cover.py: the surviving mutants argued equivalent (moved from tests/test_import_cover.py).

Survivors of `make mutate MODULE=xlperf/importer/cover.py` argued equivalent (mutmut's names, s7m's numbering):

* clean_unit 28 (31 before session 8 removed three mutants ahead of it) — the CJK range written with upper-case hex
  escapes: the same characters (equivalent);
* read_front 2 — ``dated = None`` for ``False``: only ever asked for its truth or or-ed with a bool (equivalent).
"""
