"""The arguments of xlperf build [--outdir DIR] — regenerate the committed workbooks in workbooks/ from code."""

from __future__ import annotations

from ..zh_argparse import examples

HELP = "由代码重新生成 workbooks/ 中的填报表和示例"


def add_arguments(parser) -> None:
    parser.add_argument("--outdir", metavar="文件夹", help="输出文件夹（缺省为源代码目录中的 workbooks/）")
    parser.add_argument("--no-macro", action="store_true", help="只生成 .xlsx，不生成带宏和功能区的 .xlsm")

    examples(parser, "xlperf build", "xlperf build --outdir 新填报表 --no-macro")
