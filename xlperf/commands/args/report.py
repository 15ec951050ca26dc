"""The arguments of xlperf report PATH [-o OUT] [--format docx|md|html|pdf] [--template FILE] [--profile NAME]."""

from __future__ import annotations

from ..zh_argparse import examples, form_argument, profile_option

HELP = "生成部门整体绩效自评报告（Word/Markdown/HTML/PDF）"


FORMATS = ("docx", "md", "html", "pdf")


def add_arguments(parser) -> None:
    form_argument(parser)
    parser.add_argument("-o", "--out", metavar="文件", help="报告保存路径（缺省：填报表所在文件夹，按单位和年度命名）")
    parser.add_argument("--format", choices=FORMATS, help="报告格式（缺省按 -o 的扩展名，否则为 docx）")
    parser.add_argument("--template", metavar="文件", help="自定义模板（.docx 或 .md.j2/.html.j2）")
    profile_option(parser, "缺省用表中设置")
    parser.add_argument("--no-chart", action="store_true", help="不插入得分率图表")

    examples(parser, "xlperf report 2021年绩效自评.xlsx", "xlperf report 2021年绩效自评.xlsx -o 报告/ --format pdf")
