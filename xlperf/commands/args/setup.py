"""The arguments of xlperf setup — the menu entry 「生成绩效自评报告」, the install stamp (Windows) and a self-test."""

from __future__ import annotations


from ...infra.wininstall import INTERPRETER_SETTING

from ..zh_argparse import examples

HELP = "安装“生成绩效自评报告”右键菜单（发送到/打开方式）并自检"


def add_arguments(parser) -> None:
    parser.add_argument("--interpreter-setting", default=INTERPRETER_SETTING, metavar="值",
                        help="自检时启动的 Python，写法同工作簿 xlwings.conf 表的 Interpreter_Win（Windows；缺省 "
                             + INTERPRETER_SETTING.replace("%", "%%") + "）")  # argparse formats help with %
    parser.add_argument("--entry-dir", metavar="文件夹", help="菜单项的位置（缺省：Windows 的“发送到”文件夹，"
                                                             "Linux 的 ~/.local/share/applications）")
    parser.add_argument("--no-entry", action="store_true", help="不安装菜单项")
    parser.add_argument("--no-selftest", action="store_true", help="不自检")

    examples(parser, "xlperf setup", "xlperf setup --no-selftest")
