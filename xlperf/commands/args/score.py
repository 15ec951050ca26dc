"""The arguments of xlperf score PATH [--json] — per-level scores, total, grade and execution rates."""

from __future__ import annotations

from ..zh_argparse import examples, form_argument, profile_option

HELP = "计算得分、等级和执行率（不生成报告）"


def add_arguments(parser) -> None:
    form_argument(parser)
    parser.add_argument("--json", action="store_true", help="以JSON格式输出")
    profile_option(parser, "缺省用表中设置")

    examples(parser, "xlperf score 2021年绩效自评.xlsx", "xlperf score 2021年绩效自评.xlsx --json")
