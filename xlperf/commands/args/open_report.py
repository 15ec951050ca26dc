"""The arguments of xlperf open-report FILE... — what 发送到 →「生成绩效自评报告」 (Windows) and 打开方式 (Linux desktops) run."""

from __future__ import annotations

from ..zh_argparse import examples

HELP = "生成报告并打开；有错误时打开校验结果（供“发送到”/“打开方式”菜单使用）"


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="*", metavar="文件", help="填报表（.xlsx/.xlsm），可以多个")
    parser.add_argument("--no-open", action="store_true", help="只生成文件，不打开")

    examples(parser, "xlperf open-report 2021年绩效自评.xlsx", "xlperf open-report 甲局.xlsx 乙局.xlsx --no-open")
