"""xlperf new PATH [--profile NAME] — write a blank form for a rule profile."""

from __future__ import annotations

import sys
from pathlib import Path

from ..domain.numbers import InputError
from ..domain.profiles import load_profile
from ..workbook.build import write_workbook
from .args.new import HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart
from .common import new_form_refused


def run(args) -> int:
    path = Path(args.path)
    if new_form_refused(path, args.force):
        return 2
    try:
        profile = load_profile(args.profile)
        write_workbook(path, None, profile)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"已生成空白填报表：{path}（评分规则：{profile.name}）")
    return 0
