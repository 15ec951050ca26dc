"""xlperf open-report FILE... — what 发送到 →「生成绩效自评报告」 (Windows) and 打开方式 (Linux desktops) run."""

from __future__ import annotations

import ctypes
import sys

from ..openreport import open_path, open_report
from .args.open_report import HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart


def _box(text: str) -> None:
    """A message box on Windows (Send To runs pythonw.exe: no console); stderr elsewhere."""
    print(text, file=sys.stderr)
    if sys.platform == "win32":
        try:
            ctypes.windll.user32.MessageBoxW(0, text, "绩效自评", 0x40)  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001
            pass


def run(args) -> int:
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
            code = 1
    return code
