"""The arguments of xlperf profiles — list the shipped rule profiles."""

from __future__ import annotations

from ..zh_argparse import examples

HELP = "列出可用的评分规则（也可用 --profile 指向自己的 .toml 文件）"


def add_arguments(parser) -> None:
    parser.add_argument("--check", metavar="文件", help="校验一个评分规则文件")

    examples(parser, "xlperf profiles", "xlperf profiles --check 我的评分规则.toml")
