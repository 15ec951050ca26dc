"""Find the workbooks of a batch: every Excel file under a folder, recursively.

Skips Office lock files (``~$name.xlsx``), hidden files and folders (name starting with ``.``)
and the output folder when it lies inside the input folder.  Old ``.xls`` files are included
on purpose, so that the summary tells the bureau to re-save them instead of silently ignoring them.
"""

from __future__ import annotations

import os
from pathlib import Path

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls")


def _skipped_name(name: str) -> bool:
    return name.startswith(".") or name.startswith("~$")


def discover(root: str | Path, *, suffixes: tuple[str, ...] = EXCEL_SUFFIXES,
             exclude: str | Path | None = None) -> list[Path]:
    """Every file under ``root`` with one of ``suffixes`` (case-insensitive), sorted by relative path."""
    root = Path(root)
    excluded = Path(exclude).resolve() if exclude else None
    found: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames
                             if not _skipped_name(d) and (excluded is None or (here / d).resolve() != excluded))
        for name in filenames:
            if _skipped_name(name) or not name.lower().endswith(suffixes):
                continue
            found.append(here / name)
    found.sort(key=lambda p: p.relative_to(root).as_posix())
    return found
