"""The use cases every front end shares: the CLI (:mod:`xlperf.commands`), the ribbon (:mod:`xlperf.excel`),
Send To (:mod:`xlperf.openreport`), batch (:mod:`xlperf.batch`) and anything that comes later (a web service).

- :mod:`xlperf.app.check` — load and check a workbook once: :class:`~xlperf.app.check.Checked` holds the
  evaluation, its profile, the scored result, every problem and the report's context, built once while
  checking (the review of the clerk's text *is* building it) and reused by the report.
- :mod:`xlperf.app.reports` — :func:`~xlperf.app.reports.report_path`, the one rule for where a report goes
  (``-o``, or 设置's 报告保存位置, else beside the workbook; never over the workbook itself), writing it
  (atomic, optionally under a lock against a second click) and opening it.

A front end is a few lines over these: it only says how it shows problems and results.  This package
imports no front end.  ``import xlperf.app`` stays light (stdlib only): :mod:`xlperf.app.check` pulls in
pydantic and the reader, so the ribbon imports it only when a button runs.
"""

__all__ = ["check", "reports"]
