"""xlperf open-report FILE... — what 发送到 →「生成绩效自评报告」 (Windows) and 打开方式 (Linux desktops) run."""

from __future__ import annotations

import ctypes
import sys

from .zh_argparse import examples

HELP = "生成报告并打开；有错误时打开校验结果（供“发送到”/“打开方式”菜单使用）"


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="*", metavar="文件", help="填报表（.xlsx/.xlsm），可以多个")
    parser.add_argument("--no-open", action="store_true", help="只生成文件，不打开")

    examples(parser, "xlperf open-report 2021年绩效自评.xlsx", "xlperf open-report 甲局.xlsx 乙局.xlsx --no-open")


def _box(text: str) -> None:
    """A message box on Windows (Send To runs pythonw.exe: no console); stderr elsewhere."""
    print(text, file=sys.stderr)
    if sys.platform == "win32":
        try:
            ctypes.windll.user32.MessageBoxW(0, text, "绩效自评", 0x40)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001
            pass


def run(args) -> int:
    from ..openreport import open_report, open_path

    if not args.files:
        _box("请在文件管理器中右键填报表（.xlsx/.xlsm），选择“发送到”或“打开方式”→“生成绩效自评报告”。")
        return 2
    code = 0
    for name in args.files:
        outcome = open_report(name, opener=None if args.no_open else open_path)
        if outcome.report:
            print(f"已生成报告：{outcome.path}")
        else:
            print(f"{outcome.message} 校验结果：{outcome.path}", file=sys.stderr)
            code = max(code, 1)
    return code
