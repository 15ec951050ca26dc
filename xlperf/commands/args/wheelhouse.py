"""The arguments of xlperf wheelhouse DIR — everything a Windows PC needs to install xlperf offline."""

from __future__ import annotations

from ..zh_argparse import examples

HELP = "为无网络的Windows电脑准备离线安装包（wheel文件和安装脚本）"


PYTHON_VERSIONS = ("3.11", "3.12", "3.13")


def add_arguments(parser) -> None:
    parser.add_argument("dir", metavar="文件夹", help="输出文件夹")
    parser.add_argument("--python", default="3.11", metavar="版本",
                        help=f"Windows电脑上的Python版本（{'、'.join(PYTHON_VERSIONS)}，默认3.11）")

    examples(parser, "xlperf wheelhouse 离线安装包", "xlperf wheelhouse 离线安装包 --python 3.12")
