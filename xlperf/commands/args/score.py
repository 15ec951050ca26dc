"""The arguments of xlperf score PATH [--json] — per-level scores, total, grade and execution rates."""

from __future__ import annotations

from ..zh_argparse import examples

HELP = "计算得分、等级和执行率（不生成报告）"


def add_arguments(parser) -> None:
    parser.add_argument("path", metavar="文件", help="填报表（.xlsx/.xlsm）或 .json")
    parser.add_argument("--json", action="store_true", help="以JSON格式输出")
    parser.add_argument("--profile", metavar="规则", help="评分规则名称或 .toml 文件（缺省用表中设置）")

    examples(parser, "xlperf score 2021年绩效自评.xlsx", "xlperf score 2021年绩效自评.xlsx --json")
