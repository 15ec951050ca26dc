"""The input workbook: layout, builder (openpyxl) and reader (through a small cell-source interface).

Owns everything that knows where things are in the clerk's form.  The pure core (model, scoring,
evaluate) never imports this package; this package never imports xlwings.
"""

from __future__ import annotations


def read_workbook(path):
    """Read a saved .xlsx/.xlsm form: ``(Evaluation | None, problems)``; raises LoadError if unreadable."""
    from .read import read_workbook as _read  # the package (layout, formulas) stays free of openpyxl until a read

    return _read(path)


__all__ = ["read_workbook"]
