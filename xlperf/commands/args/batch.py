"""The arguments of xlperf batch DIR -o OUTDIR — every workbook in a folder → every report and one 汇总表.xlsx."""

from __future__ import annotations

import os

from ..zh_argparse import examples, profile_option

HELP = "批量处理：文件夹中每个填报表生成报告，并生成一份汇总表"


def add_arguments(parser) -> None:
    parser.add_argument("folder", metavar="文件夹", help="存放各单位填报表（.xlsx/.xlsm）的文件夹，含子文件夹")
    parser.add_argument("-o", "--output", required=True, metavar="输出文件夹", help="输出文件夹（报告和 汇总表.xlsx）")
    parser.add_argument("--jobs", type=int, metavar="进程数",
                        help=f"同时处理的进程数（缺省：CPU数，本机{os.cpu_count()}）")
    parser.add_argument("--format", default="docx", metavar="格式",
                        help="报告格式，可多个，逗号分隔：docx、md、html、pdf（缺省 docx）")
    profile_option(parser, "缺省用各表中设置")
    parser.add_argument("--force", action="store_true", help="全部重做（不跳过未变化的工作簿）")
    parser.add_argument("--timeout", type=float, default=300, metavar="秒",
                        help="每个工作簿最长处理时间，超时记为失败（缺省300秒）")
    parser.add_argument("--include-json", action="store_true", help="同时处理文件夹中的 .json 评价数据文件")
    parser.add_argument("--last-year", metavar="上年汇总表",
                        help="上年 xlperf batch 生成的 汇总表.xlsx：汇总中增加上年总分、变化、上年名次、名次、名次变化"
                             "（按单位名称对应）；不指定时用各表自填的上年总分")
    parser.add_argument("--title", metavar="汇总单位",
                        help="汇总表标题开头的单位名称，如“金水区财政局”：标题为“金水区财政局2024年度部门整体绩效自评汇总表”")

    examples(parser, "xlperf batch 收到的填报表 -o 汇总结果", "xlperf batch 收到的填报表 -o 汇总结果 --format docx,pdf --jobs 2")
