"""xlperf report PATH [-o OUT] [--format docx|md|html|pdf] [--template FILE] [--profile NAME]."""

from __future__ import annotations

import sys
from pathlib import Path

from .common import print_problems
from .zh_argparse import examples

HELP = "生成部门整体绩效自评报告（Word/Markdown/HTML/PDF）"

FORMATS = ("docx", "md", "html", "pdf")


def add_arguments(parser) -> None:
    parser.add_argument("path", metavar="文件", help="填报表（.xlsx/.xlsm）或 .json")
    parser.add_argument("-o", "--out", metavar="文件", help="报告保存路径（缺省：填报表所在文件夹，按单位和年度命名）")
    parser.add_argument("--format", choices=FORMATS, help="报告格式（缺省按 -o 的扩展名，否则为 docx）")
    parser.add_argument("--template", metavar="文件", help="自定义模板（.docx 或 .md.j2/.html.j2）")
    parser.add_argument("--profile", metavar="规则", help="评分规则名称或 .toml 文件（缺省用表中设置）")
    parser.add_argument("--no-chart", action="store_true", help="不插入得分率图表")

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


def run(args) -> int:
    from ..domain.numbers import InputError
    from ..domain.problems import errors, warnings

    fmt = _choose_format(args)
    if args.template:
        from ..report.render import kind_of_template, template_kind

        kind = kind_of_template(Path(args.template))
        if kind is not None and kind != template_kind(fmt):
            print(f"模板{Path(args.template).name}用于{kind}格式，与输出格式{fmt}不符", file=sys.stderr)
            return 2
    from ..app.check import check_file, report_context
    from ..app.reports import report_name, report_path, write_report

    try:
        checked = check_file(args.path, args.profile)
    except InputError as exc:  # LoadError, ProfileError: the file or the profile cannot be read at all
        print(str(exc), file=sys.stderr)
        return 2
    problems = checked.problems
    if not checked.reportable:
        print("填报内容有错误，未生成报告。请先修改以下问题：", file=sys.stderr)
        print_problems(errors(problems) or problems, file=sys.stderr)
        return 1
    ctx = report_context(checked)
    try:
        out = report_path(report_name(ctx, fmt), source=Path(args.path).resolve(),
                          output_dir=checked.evaluation.options.output_dir, out=args.out)
        path = write_report(ctx, out, fmt, args.template, chart=not args.no_chart)
    except InputError as exc:  # the place, ReportError, OfficeError, OutputError
        print(str(exc), file=sys.stderr)
        return 2
    notes = warnings(problems)
    if notes:
        print(f"提示（{len(notes)}条，不影响生成报告）：", file=sys.stderr)
        print_problems(notes, file=sys.stderr)
    print(f"已生成报告：{path}")
    return 0
