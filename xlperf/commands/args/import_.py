"""The arguments of xlperf import LASTYEAR -o FORM.xlsx [--year N] [--profile NAME] — start this year's form from last year's."""

from __future__ import annotations

from ..zh_argparse import examples, profile_option

HELP = "导入上年报告或上年填报表，生成本年填报表"


def add_arguments(parser) -> None:
    parser.add_argument("source", metavar="上年文件", help="上年自评报告（.docx/.txt）或上年填报表（.xlsx/.xlsm）")
    parser.add_argument("-o", "--output", metavar="新填报表", required=True, help="生成的本年填报表（.xlsx）")
    parser.add_argument("--year", metavar="年度", type=int, help="本年填报的年度（缺省为上年年度加1）")
    profile_option(parser, "缺省：填报表内的规则或默认规则")
    parser.add_argument("--unit", metavar="单位名称", help="报告中没有写单位名称时在此指定")
    parser.add_argument("--force", action="store_true", help="新填报表已存在时覆盖")

    examples(parser, "xlperf import 2021年度绩效自评报告.docx -o 2022年绩效自评.xlsx",
             "xlperf import 2021年绩效自评.xlsx -o 2022年绩效自评.xlsx --year 2022")
