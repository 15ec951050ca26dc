"""``xlperf batch``: every department's workbook in a folder → every report and one 汇总表.xlsx.

Modules: :mod:`discover` (which files), :mod:`worker` (one workbook, in a worker process),
:mod:`manifest` (skip unchanged work), :mod:`naming` (report file names, conflicts),
:mod:`summary` (the 汇总表 workbook: a sheet per 年度, 问题清单, 统计), :mod:`charts` (its 图表 sheets),
:mod:`sheetprint` (its cells and how its sheets print),
:mod:`lastyear` (last year's 汇总表, year on year), :mod:`progress` (terminal progress), :mod:`run` (orchestration).
An adapter layer: it may import openpyxl; the pure core must never import this package.
"""

from .run import BatchOutcome, run_batch

__all__ = ["BatchOutcome", "run_batch"]
