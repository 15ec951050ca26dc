"""xlperf/importer/figures.py: the surviving mutants argued equivalent (moved from tests/test_import_amounts.py).

Survivors of `make mutate MODULE=xlperf/importer/figures.py` argued equivalent (mutmut's names):

* _show 6 — ``format(d, "F")`` for ``"f"``: the same digits for every finite amount (equivalent);
* Amounts.sentence 21 — ``start = None`` before the first amount: ``clause[None:i]`` is ``clause[0:i]`` (equivalent);
* Amounts.table_row 40 — the unit of a table not in 元 written “XX万元XX”: only ``== "元"`` is ever asked (equivalent);
* Amounts.table_row 58, 60 — a row whose first cell is a figure labelled by it (or by “XXXX”): such a label is never a
  total or 财政拨款 row, nor names an amount without a header (拨款/资金/经费/预算数/支出) (equivalent).
"""
