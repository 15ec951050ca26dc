"""Forms: a blank one for a rule profile, and this year's started from last year's report or form (use-case
layer; the CLI's ``new`` and ``import`` and the public API call these)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..domain.profiles import Profile, load_profile
from ..importer import import_source
from ..importer.form import Imported
from ..workbook.build import write_workbook


def new_form(path: str | Path, profile: Optional[str] = None) -> tuple[Path, Profile]:
    """Write a blank form for ``profile`` (a name or a .toml file; default: the default profile) to ``path``
    atomically: (the path written, the profile).  Raises ProfileError when the profile cannot be read."""
    prof = load_profile(profile)
    return write_workbook(path, None, prof), prof


def import_last_year(source: str | Path, path: str | Path, year: Optional[int] = None,
                     profile: Optional[str] = None, unit: str = "") -> Imported:
    """This year's form written to ``path``, started from last year's report (.docx/.txt) or form
    (.xlsx/.xlsm) ``source``; the :class:`~xlperf.importer.form.Imported` says what was taken and what
    was not.  Raises :class:`~xlperf.importer.sources.ImportFailure` with the clerk's message."""
    imported, prof = import_source(Path(source), year, profile, unit)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    write_workbook(path, imported.evaluation, prof)
    return imported
