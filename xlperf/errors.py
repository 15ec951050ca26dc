"""Exceptions shared by the readers and the pre-parse guards (stdlib only, light to import).

:class:`LoadError` lives here, not in :mod:`xlperf.load`, so that :mod:`xlperf.safety` and
:mod:`xlperf.workbook.read` can raise it without importing the loader that imports them.
:mod:`xlperf.load` re-exports it: ``from xlperf.load import LoadError`` keeps working.
"""

from __future__ import annotations

from .numbers import InputError

__all__ = ["LoadError"]


class LoadError(InputError):
    """The file cannot be read at all (exit code 2)."""
