"""Every exception xlperf raises on purpose, in one tree (stdlib only, light to import: the UDF server
and the ribbon import it at start-up).

Each message is short Chinese text for the clerk; front ends print it (CLI, exit code 2 unless said),
show it in a box (ribbon) or on a page (Send To) — never a traceback.

::

    ValueError
    └── InputError            a value a person typed cannot be used
        ├── LoadError         the file cannot be read at all (exit code 2)
        │   └── UnsafeFileError   refused before parsing (zip bomb, XML entities, too many cells)
        ├── ProfileError      a rule profile is missing or invalid
        ├── OutlineError      a report outline is missing or invalid
        ├── ScoringError      a rule cannot be applied to these inputs
        ├── OutputError       an output cannot be written; the previous file is untouched
        ├── ReportError       the report cannot be written (template or file problem)
        ├── OfficeError       LibreOffice is missing or a conversion failed
        ├── LastYearError     batch --last-year file cannot be used
        └── BatchStartError   a batch cannot start at all
    Exception
    ├── ImportFailure         last year's report or form cannot be imported
    └── ProblemsFound         input has errors that stop the work; carries every problem

The modules that raise them re-export their own (``from xlperf.domain.numbers import InputError``,
``from xlperf.app.load import LoadError``, ``from xlperf.domain.profiles import ProfileError`` … keep working).
"""

from __future__ import annotations

__all__ = ["InputError", "LoadError", "UnsafeFileError", "ProfileError", "OutlineError", "ScoringError", "OutputError",
           "ReportError", "OfficeError", "LastYearError", "BatchStartError", "ImportFailure", "ProblemsFound",
           "UnusableCell"]


class InputError(ValueError):
    """A value a person typed cannot be used; the message is short Chinese text."""

    field = ""  # the indicator's input at fault, when the raiser knows it (ScoringError)


class LoadError(InputError):
    """The file cannot be read at all (exit code 2)."""


class UnsafeFileError(LoadError):
    """The file is refused before parsing (exit code 2); the message says why and what to do, in Chinese."""


class ProfileError(InputError):
    """A profile file is missing or invalid (Chinese message naming file and key)."""


class OutlineError(InputError):
    """A report outline (xlperf/domain/outlines/*.toml, or one a profile or form carries) is missing or invalid."""


class ScoringError(InputError):
    """A rule cannot be applied to these inputs (message in Chinese).  ``field``: the indicator's input at
    fault (``"method"``, ``"param"``, ``"target"``, ``"actual"``, ``"weight"``), so the problem names its cell."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


class OutputError(InputError):
    """An output cannot be written; the previous file is untouched."""


class ReportError(InputError):
    """The report cannot be written (template or file problem); short Chinese message."""


class OfficeError(InputError):
    """LibreOffice is missing or a conversion failed (Chinese message)."""


class LastYearError(InputError):
    """The --last-year file cannot be used (exit code 2, nothing written)."""


class BatchStartError(InputError):
    """The batch cannot start at all (exit code 2)."""


class ImportFailure(Exception):
    """The source cannot be imported; ``str()`` is the clerk's message."""


class SubmitError(Exception):
    """The form was not submitted to the bureau's service (xlperf.app.submit); the message says why, in Chinese."""


class ProblemsFound(Exception):
    """Raised where input has errors that stop the work; carries every problem."""

    def __init__(self, problems: list):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class UnusableCell(Exception):
    """Inside the workbook reader: a cell's value cannot be used and its problem is already recorded (at its
    ``Sheet!Cell``), so the reader skips the value and goes on; never leaves the reader."""
