"""The arguments of xlperf new PATH [--profile NAME] — write a blank form for a rule profile."""

from __future__ import annotations

from ..zh_argparse import examples, profile_option

HELP = "生成空白填报表（.xlsx）"


def add_arguments(parser) -> None:
    parser.add_argument("path", metavar="文件", help="新填报表的保存位置（.xlsx）")
    profile_option(parser, "缺省为默认规则")
    parser.add_argument("--force", action="store_true", help="文件已存在时覆盖")

    examples(parser, "xlperf new 2022年绩效自评.xlsx", "xlperf new 项目自评.xlsx --profile 项目支出-财预2020-10号")
