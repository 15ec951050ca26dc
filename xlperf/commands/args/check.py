"""The arguments of xlperf check PATH — list every problem of a filled form in one table."""

from __future__ import annotations

from ..zh_argparse import examples, form_argument, profile_option

HELP = "检查填报表，列出所有需要修改的单元格"


def add_arguments(parser) -> None:
    form_argument(parser)
    profile_option(parser, "缺省用表中设置")
    parser.add_argument("--json", action="store_true",
                        help="以JSON输出：status、total、grade、problems（与报送服务 /api/submit 的回答相同）")

    examples(parser, "xlperf check 2021年绩效自评.xlsx", "xlperf check 2021年绩效自评.xlsx --profile 部门整体-河南2021")
