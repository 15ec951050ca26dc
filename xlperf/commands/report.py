"""xlperf report PATH [-o OUT] [--format docx|md|html|pdf] [--template FILE] [--profile NAME]."""

from __future__ import annotations

import sys
from pathlib import Path

HELP = "生成部门整体绩效自评报告（Word/Markdown/HTML/PDF）"

FORMATS = ("docx", "md", "html", "pdf")


def add_arguments(parser) -> None:
    parser.add_argument("path", metavar="文件", help="填报表（.xlsx/.xlsm）或 .json")
    parser.add_argument("-o", "--out", metavar="文件", help="报告保存路径（缺省：填报表所在文件夹，按单位和年度命名）")
    parser.add_argument("--format", choices=FORMATS, help="报告格式（缺省按 -o 的扩展名，否则为 docx）")
    parser.add_argument("--template", metavar="文件", help="自定义模板（.docx 或 .md.j2/.html.j2）")
    parser.add_argument("--profile", metavar="规则", help="评分规则名称或 .toml 文件（缺省用表中设置）")
    parser.add_argument("--no-chart", action="store_true", help="不插入得分率图表")
    from .zh_argparse import examples

    examples(parser, "xlperf report 2021年绩效自评.xlsx", "xlperf report 2021年绩效自评.xlsx -o 报告/ --format pdf")


def _choose_format(args) -> str:
    if args.format:
        return args.format
    if args.out and Path(args.out).suffix.lower().lstrip(".") in FORMATS:
        return Path(args.out).suffix.lower().lstrip(".")
    if args.template:
        from ..report.render import kind_of_template

        return kind_of_template(Path(args.template)) or "docx"
    return "docx"


def _target(args, ev, ctx, fmt: str) -> Path:
    from ..report.render import default_name

    if args.out:
        out = Path(args.out)
        # a folder: one that exists, or a path written as a folder ("报告/") or without an extension — created
        if out.is_dir() or str(args.out).endswith(("/", "\\")) or not out.suffix:
            out.mkdir(parents=True, exist_ok=True)
            return out / default_name(ctx, fmt)
        return out
    src = Path(args.path).resolve()
    folder = src.parent
    if ev.options.output_dir.strip():
        folder = (folder / ev.options.output_dir.strip()).resolve()
    return folder / default_name(ctx, fmt)


def run(args) -> int:
    from ..numbers import InputError
    from ..problems import errors, warnings
    from .common import load_for, print_problems

    fmt = _choose_format(args)
    if args.template:
        from ..report.render import kind_of_template, template_kind

        kind = kind_of_template(Path(args.template))
        if kind is not None and kind != template_kind(fmt):
            print(f"模板{Path(args.template).name}用于{kind}格式，与输出格式{fmt}不符", file=sys.stderr)
            return 2
    loaded = load_for(args)
    if loaded is None:
        return 2
    ev, profile, result, problems = loaded
    if result is None or errors(problems):
        print("填报内容有错误，未生成报告。请先修改以下问题：", file=sys.stderr)
        print_problems(errors(problems) or problems, file=sys.stderr)
        return 1

    from ..report.context import build_context
    from ..report.render import write_report

    ctx, more = build_context(result)
    notes = warnings(problems) + more
    try:
        out = _target(args, ev, ctx, fmt)
    except OSError as exc:
        from ..atomic import describe_os_error

        print(describe_os_error(Path(args.out), exc), file=sys.stderr)
        return 2
    src = Path(args.path).resolve()
    if out.resolve() == src:
        print("报告不能覆盖填报表本身，请换一个文件名", file=sys.stderr)
        return 2
    try:
        path = write_report(ctx, out, fmt, args.template, chart=not args.no_chart)
    except InputError as exc:  # ReportError, OfficeError
        print(str(exc), file=sys.stderr)
        return 2
    if notes:
        print(f"提示（{len(notes)}条，不影响生成报告）：", file=sys.stderr)
        print_problems(notes, file=sys.stderr)
    print(f"已生成报告：{path}")
    return 0
