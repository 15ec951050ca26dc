"""xlperf submit FILE — upload a saved form to the bureau's service (``xlperf serve``) and print its answer.

The link comes from ``--url`` or the form's 设置 field 报送链接.  Exit codes: 0 accepted without errors
(warnings are printed), 1 the service found errors, 2 not submitted (no link, unreachable, refused, unreadable).
"""

from __future__ import annotations

import sys

from ..app.submit import NO_LINK, SubmitError, submit_file, summary
from ..errors import LoadError
from ..workbook.link import submission_link
from .args.submit import HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart
from .common import print_table


def run(args) -> int:
    link = args.url
    if not link:
        try:
            link = submission_link(args.path)
        except LoadError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    if not (link or "").strip():
        print(NO_LINK, file=sys.stderr)
        return 2
    print("正在报送……")
    try:
        answer = submit_file(args.path, link, timeout=args.timeout)
    except SubmitError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    print(summary(answer))
    if answer.problems:
        rows = [("类别", "位置", "项目", "说明")]
        rows += [(p.get("level", ""), p.get("where", ""), p.get("item", ""), p.get("message", ""))
                 for p in answer.problems]
        print_table(rows)
    if answer.status == "无法读取":
        return 2
    return 0 if answer.ok else 1
