"""The arguments of xlperf submit FILE — send a saved form to the finance bureau's service."""

from __future__ import annotations

from ..zh_argparse import examples

HELP = "把填报表报送财政局（报送服务），显示检查结果"


def add_arguments(parser) -> None:
    parser.add_argument("paths", nargs="+", metavar="文件", help="已保存的填报表（.xlsx/.xlsm），可以多个")
    parser.add_argument("--url", metavar="链接",
                        help="本单位的报送链接（缺省用填报表“设置”表中的“报送链接”）")
    parser.add_argument("--timeout", metavar="秒", type=float, default=120.0, help="等待回答的最长时间（缺省120秒）")
    parser.add_argument("--show", action="store_true",
                        help="把结果写成“<文件名>-报送结果.html”并打开（供“发送到”/“打开方式”菜单使用）")

    examples(parser, "xlperf submit 2021年绩效自评.xlsx",
             "xlperf submit 2021年绩效自评.xlsx --url http://192.168.1.10:8080/u/本单位的令牌")
