"""xlperf check PATH — list every problem of a filled form in one table.

Exit codes: 0 no errors (warnings, if any, are printed), 1 errors found, 2 the file cannot be read.
"""

from __future__ import annotations

import sys

HELP = "检查填报表，列出所有需要修改的单元格"


def add_arguments(parser) -> None:
    parser.add_argument("path", help="填报表（.xlsx/.xlsm）或 .json")
    parser.add_argument("--profile", help="评分规则名称或 .toml 文件（缺省用表中设置）")


def _dedupe(problems):
    """Drop later problems for a cell that already has a reading error (one message per cell)."""
    seen, out = set(), []
    for p in problems:
        key = (p.where, p.label) if "!" in p.where else None
        if key is not None and key in seen:
            continue
        if p.severity == "错误" and key is not None:
            seen.add(key)
        out.append(p)
    return out


def run(args) -> int:
    from ..load import load_evaluation
    from ..numbers import InputError
    from ..problems import errors, warnings
    from ..profiles import load_profile
    from ..validate import check
    from .common import print_problems

    try:
        ev, problems = load_evaluation(args.path)
        if ev is not None:
            profile = load_profile(args.profile or ev.profile or None)
            _, more = check(ev, profile)
            problems = problems + more
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    problems = _dedupe(sorted(problems, key=lambda p: p.severity != "错误"))
    if not problems:
        print("检查通过，未发现问题。")
        return 0
    print_problems(problems)
    n_err, n_warn = len(errors(problems)), len(warnings(problems))
    print(f"\n共 {n_err} 个错误、{n_warn} 个警告。" + ("请修改错误后再生成报告。" if n_err else "警告不影响生成报告。"))
    return 1 if n_err else 0
