"""xlperf report PATH [-o OUT] [--format docx|md|html|pdf] [--template FILE] [--profile NAME]."""

from __future__ import annotations

import sys
from pathlib import Path

from ..app.check import check_file, report_context
from ..app.reports import report_name, report_path, write_report
from ..domain.numbers import InputError
from ..domain.problems import errors, warnings
from ..report.render import kind_of_template, template_kind
from .args.report import FORMATS, HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart
from .common import print_problems


def _choose_format(args) -> str:
    if args.format:
        return args.format
    suffix = args.out and Path(args.out).suffix.lower()[1:]
    if suffix in FORMATS:
        return suffix
    if args.template:
        return kind_of_template(Path(args.template)) or "docx"
    return "docx"


def run(args) -> int:
    fmt = _choose_format(args)
    if args.template:
        kind = kind_of_template(Path(args.template))
        if kind is not None and kind != template_kind(fmt):
            print(f"模板{Path(args.template).name}用于{kind}格式，与输出格式{fmt}不符", file=sys.stderr)
            return 2

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
