"""Small helpers shared by CLI commands: aligned tables for CJK text, problem lists."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path
from ..app.check import check_file
from ..domain.numbers import InputError
from ..domain.problems import PROBLEM_COLUMNS


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in ("W", "F") else 1 for c in text)


def print_table(rows, file=None) -> None:
    file = file or sys.stdout
    widths = [max(width(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    for n, row in enumerate(rows):
        cells = [str(c) + " " * (w - width(str(c))) for c, w in zip(row, widths)]
        print("  ".join(cells).rstrip(), file=file)
        if n == 0:
            print("  ".join("-" * w for w in widths), file=file)


def print_problems(problems, file=None) -> None:
    file = file or sys.stdout
    if not problems:
        return
    rows = [PROBLEM_COLUMNS]
    for p in problems:
        rows.append((p.severity, p.where, p.label, p.message))
    print_table(rows, file=file)


def load_for(args):
    """:func:`xlperf.app.check.check_file` for a command: ``(evaluation, profile, result, problems)``, or
    ``None`` after printing why the file (or the profile) cannot be read at all — the command then exits 2."""
    try:
        return check_file(args.path, args.profile).as_tuple()
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return None


def new_form_refused(path, force: bool) -> bool:
    """For commands that write a new form: say why ``path`` will not be written (not .xlsx, or already there
    without ``--force``) and return True; False when it may be written."""

    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        print(f"文件名应以 .xlsx 结尾：{path.name}", file=sys.stderr)
        return True
    if path.exists() and not force:
        print(f"文件已存在：{path}（如需覆盖请加 --force）", file=sys.stderr)
        return True
    return False
