"""``xlperf`` command line: a thin dispatcher over ``xlperf.commands.<name>`` modules.

Each command declares its ``HELP`` (one Chinese line) and ``add_arguments(parser)`` in
``xlperf.commands.args.<name>``, which imports nothing heavy, and its ``run(args) -> int`` in
``xlperf.commands.<name>``, which imports what it needs at its top.  The dispatcher parses with the
declaration and imports the command only to run it, so ``xlperf --help``, ``xlperf <command> --help`` and
a wrong argument stay quick.  Exit codes: 0 fine, 1 problems found, 2 could not run.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from . import __version__
from .infra.applog import log_exception
from .commands.startup import no_pydantic_plugins
from .commands.zh_argparse import install

#: command name → module under xlperf.commands (its arguments: the same name under xlperf.commands.args)
COMMANDS: dict[str, str] = {
    "score": "score",
    "profiles": "profiles",
    "check": "check",
    "new": "new",
    "import": "import_",
    "build": "build",
    "report": "report",
    "batch": "batch",
    "wheelhouse": "wheelhouse",
    "open-report": "open_report",
    "setup": "setup",
    "serve": "serve",
    "submit": "submit",
}

HELPS: dict[str, str] = {
    "score": "计算得分、等级和执行率",
    "profiles": "列出可用的评分规则",
    "check": "检查填报表，列出所有需要修改的单元格",
    "new": "生成空白填报表",
    "import": "导入上年报告或上年填报表，生成本年填报表",
    "build": "重新生成 workbooks/ 中的填报表和示例",
    "report": "生成自评报告（Word/Markdown/HTML/PDF）",
    "batch": "批量处理文件夹中的填报表，生成全部报告和汇总表",
    "wheelhouse": "为无网络的Windows电脑准备离线安装包",
    "open-report": "生成报告并打开；有错误时打开校验结果（右键菜单用）",
    "setup": "安装“生成绩效自评报告”右键菜单并自检",
    "serve": "财政局报送服务：各单位在浏览器中上传，即时检查、生成报告",
    "submit": "把填报表报送财政局（报送服务），显示检查结果",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="xlperf", description="部门整体绩效自评：读取填报表，计分，生成自评报告")
    p.add_argument("--version", action="version", version=f"xlperf {__version__}", help="显示版本号并退出")
    sub = p.add_subparsers(metavar="命令")
    for name in COMMANDS:
        sub.add_parser(name, help=HELPS[name], add_help=False)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    install()
    no_pydantic_plugins()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(encoding="utf-8")  # Chinese output on any console
        except (AttributeError, ValueError):
            pass
    if not argv or argv[0] not in COMMANDS:
        parser = _parser()
        try:
            parser.parse_args(argv)  # --help, --version, an unknown command: argparse answers and exits
        except SystemExit as exc:
            return int(exc.code or 0)
        parser.print_help()  # nothing to run: no arguments at all, or only "--"
        return 2
    name, rest = argv[0], argv[1:]
    declared = importlib.import_module(f"xlperf.commands.args.{COMMANDS[name]}")
    parser = argparse.ArgumentParser(prog=f"xlperf {name}", description=declared.HELP)
    declared.add_arguments(parser)
    try:
        args = parser.parse_args(rest)
    except SystemExit as exc:
        return 2 if exc.code else 0
    try:
        return int(importlib.import_module(f"xlperf.commands.{COMMANDS[name]}").run(args) or 0)
    except BrokenPipeError:  # output piped into head & co.
        return 0
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 2
    except Exception:  # noqa: BLE001 - a clerk never sees a traceback
        path = log_exception(f"xlperf {' '.join(argv)}")
        where = f"，详情见日志：{path}" if path else ""
        print(f"发生内部错误，操作未完成{where}", file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
