"""xlperf check PATH — list every problem of a filled form in one table.

Exit codes: 0 no errors (warnings, if any, are printed), 1 errors found, 2 the file cannot be read.
"""

from __future__ import annotations
from .common import load_for, print_problems
from .zh_argparse import examples


HELP = "检查填报表，列出所有需要修改的单元格"


def add_arguments(parser) -> None:
    parser.add_argument("path", metavar="文件", help="填报表（.xlsx/.xlsm）或 .json")
    parser.add_argument("--profile", metavar="规则", help="评分规则名称或 .toml 文件（缺省用表中设置）")

    examples(parser, "xlperf check 2021年绩效自评.xlsx", "xlperf check 2021年绩效自评.xlsx --profile 部门整体-河南2021")


def run(args) -> int:
    from ..domain.problems import errors, warnings

    loaded = load_for(args)
    if loaded is None:
        return 2
    ev, _, _, problems = loaded
    if ev is not None and ev.shown_state == "none":
        from ..domain.agree import SKIPPED_NOTE

        print(f"提示：{SKIPPED_NOTE}。")
    if not problems:
        print("检查通过，未发现问题。")
        return 0
    print_problems(problems)
    n_err, n_warn = len(errors(problems)), len(warnings(problems))
    print(f"\n共 {n_err} 个错误、{n_warn} 个警告。" + ("请修改错误后再生成报告。" if n_err else "警告不影响生成报告。"))
    return 1 if n_err else 0
