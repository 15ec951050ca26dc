"""xlperf check PATH — list every problem of a filled form in one table.

Exit codes: 0 no errors (warnings, if any, are printed), 1 errors found, 2 the file cannot be read.
``--json``: the same problems as one JSON object (the answer of ``xlperf serve``'s /api/submit).
"""

from __future__ import annotations

import json

from ..app.check import check_file
from ..batch.record import check_answer, unreadable_answer
from ..domain.agree import SKIPPED_NOTE
from ..domain.numbers import InputError
from ..domain.problems import errors, warnings
from .args.check import HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart
from .common import load_for, print_problems


def run(args) -> int:
    if args.json:
        return _run_json(args)
    loaded = load_for(args)
    if loaded is None:
        return 2
    ev, _, _, problems = loaded
    if ev is not None and ev.shown_state == "none":
        print(f"提示：{SKIPPED_NOTE}。")
    if not problems:
        print("检查通过，未发现问题。")
        return 0
    print_problems(problems)
    n_err, n_warn = len(errors(problems)), len(warnings(problems))
    print(f"\n共 {n_err} 个错误、{n_warn} 个警告。" + ("请修改错误后再生成报告。" if n_err else "警告不影响生成报告。"))
    return 1 if n_err else 0


def _run_json(args) -> int:
    """The answer as one JSON object on stdout; the exit codes as without --json."""
    try:
        checked = check_file(args.path, args.profile)
    except InputError as exc:
        answer, code = unreadable_answer(str(exc)), 2
    else:
        answer, code = check_answer(checked), 1 if checked.errors else 0
    print(json.dumps(answer, ensure_ascii=False, indent=1))
    return code
