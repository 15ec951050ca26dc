"""Chinese for argparse's own messages (usage, option headings, parse errors).

argparse looks its texts up through ``gettext``; :func:`install` points that lookup at a small
table, so ``xlperf --help`` and a mistyped command speak Chinese.  Unknown texts stay as they are.
"""

from __future__ import annotations

import argparse

ZH = {
    "usage: ": "用法：",
    "positional arguments": "参数",
    "options": "选项",
    "optional arguments": "选项",
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项 %(value)r（可选：%(choices)s）",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "expected one argument": "需要一个值",
    "expected at most one argument": "最多一个值",
    "expected at least one argument": "至少需要一个值",
    "invalid %(type)s value: %(value)r": "无效的%(type)s值：%(value)r",
    "ambiguous option: %(option)s could match %(matches)s": "选项 %(option)s 有歧义，可能是 %(matches)s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "one of the arguments %s is required": "须给出参数 %s 之一",
}


def _zh(text: str) -> str:
    return ZH.get(text, text)


def install() -> None:
    argparse._ = _zh  # argparse calls the module-level name at run time


EXAMPLES_HEADING = "示例："


def examples(parser: argparse.ArgumentParser, *lines: str) -> None:
    """End ``parser``'s help with ``示例：`` and these command lines, printed as written (not re-wrapped)."""
    parser.epilog = EXAMPLES_HEADING + "\n" + "\n".join("  " + line for line in lines)
    parser.formatter_class = argparse.RawDescriptionHelpFormatter


def profile_option(parser: argparse.ArgumentParser, default: str) -> None:
    """``--profile 规则``: a rule profile by name or .toml file; ``default`` says what is used without it."""
    parser.add_argument("--profile", metavar="规则", help=f"评分规则名称或 .toml 文件（{default}）")


def form_argument(parser: argparse.ArgumentParser) -> None:
    """``文件``: the filled form (or its JSON) a command reads."""
    parser.add_argument("path", metavar="文件", help="填报表（.xlsx/.xlsm）或 .json")
