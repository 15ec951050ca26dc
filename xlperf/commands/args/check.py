"""The arguments of xlperf check PATH — list every problem of a filled form in one table."""

from __future__ import annotations

from ..zh_argparse import examples

HELP = "检查填报表，列出所有需要修改的单元格"


def add_arguments(parser) -> None:
    parser.add_argument("path", metavar="文件", help="填报表（.xlsx/.xlsm）或 .json")
    parser.add_argument("--profile", metavar="规则", help="评分规则名称或 .toml 文件（缺省用表中设置）")
    parser.add_argument("--json", action="store_true",
                        help="以JSON输出：status、total、grade、problems（与报送服务 /api/submit 的回答相同）")

    examples(parser, "xlperf check 2021年绩效自评.xlsx", "xlperf check 2021年绩效自评.xlsx --profile 部门整体-河南2021")
