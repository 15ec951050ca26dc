"""xlperf submit FILE... — upload saved forms to the bureau's service (``xlperf serve``) and print its answer.

The link comes from ``--url`` or the form's 设置 field 报送链接.  ``--show`` (the 发送到/打开方式 entry
「报送财政局」, which has no console) writes the answer as ``<name>-报送结果.html`` next to the form and opens it.
Exit codes: 0 accepted without errors (warnings are printed), 1 the service found errors, 2 not submitted (no
link, unreachable, refused, unreadable).
"""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from ..app.submit import NO_LINK, SubmitError, submit_file, summary
from ..batch.record import Status
from ..errors import LoadError
from ..infra.wininstall import SUBMIT_NAME
from ..openreport import Outcome, open_path, result_page, write_page
from ..workbook.link import submission_link
from .args.submit import HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart
from .common import print_problems

SHOWN_SUFFIX = "-报送结果.html"


def run(args) -> int:
    return max(_one(Path(path), args) for path in args.paths)


def _one(path: Path, args) -> int:
    code, message, answered = _submit(path, args)
    problems = [SimpleNamespace(severity=p.get("level", ""), where=p.get("where", ""), label=p.get("item", ""),
                                message=p.get("message", "")) for p in answered]
    if args.show:
        outcome = Outcome(path.expanduser().absolute(), None, False, problems, message)
        open_path(write_page(outcome, result_page(outcome, "报送结果", SUBMIT_NAME), SHOWN_SUFFIX))
        return code
    print(message, file=sys.stdout if code < 2 else sys.stderr)
    print_problems(problems)
    return code


def _submit(path: Path, args) -> tuple[int, str, list]:
    """(exit code, the one-line answer, the service's problems)."""
    link = args.url
    try:
        link = link or submission_link(path)
        if not (link or "").strip():
            return 2, NO_LINK, []
        answer = submit_file(path, link, timeout=args.timeout)
    except (LoadError, SubmitError) as exc:
        return 2, str(exc), []
    code = 2 if answer.status == Status.UNREADABLE else 0 if answer.status in (Status.OK, Status.WARN) else 1
    return code, summary(answer), answer.problems
