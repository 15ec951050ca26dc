"""xlperf/importer/lines.py: the surviving mutants argued equivalent (moved from tests/test_import_lines.py).

Survivors of `make mutate MODULE=xlperf/importer/lines.py` argued equivalent (mutmut's names):

* lines.clean 9 — the control-character class written with upper-case hex escapes: the same characters (equivalent);
* lines._cells 10 — ``row.strip(None)`` for ``row.strip("|")``: the empty cells a leading or trailing | leaves are
  dropped anyway, and each cell is stripped of spaces (equivalent);
"""
