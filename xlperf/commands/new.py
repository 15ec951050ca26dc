"""xlperf new PATH [--profile NAME] — write a blank form for a rule profile."""

from __future__ import annotations

import sys
from pathlib import Path

from ..app.forms import new_form
from ..domain.numbers import InputError
from .args.new import HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart
from .common import new_form_refused


def run(args) -> int:
    path = Path(args.path)
    if new_form_refused(path, args.force):
        return 2
    try:
        _, profile = new_form(path, args.profile)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(f"已生成空白填报表：{path}（评分规则：{profile.name}）")
    return 0
