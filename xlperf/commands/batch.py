"""xlperf batch DIR -o OUTDIR — every workbook in a folder → every report and one 汇总表.xlsx."""

from __future__ import annotations

import sys

from .args.batch import HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart
from ..batch.discover import EXCEL_SUFFIXES
from ..batch.progress import Progress
from ..batch.record import STATUSES
from ..batch.run import run_batch
from ..batch.summary import year_warning
from ..domain.numbers import InputError
from ..infra.office import font_notice
from ..report.env import TEMPLATE_DIR


def run(args) -> int:
    if args.jobs is not None and args.jobs < 1:
        print("--jobs 须为正整数", file=sys.stderr)
        return 2
    formats = tuple(f.strip().lower() for f in args.format.split(",") if f.strip())
    suffixes = EXCEL_SUFFIXES + ((".json",) if args.include_json else ())
    try:
        outcome = run_batch(args.folder, args.output, jobs=args.jobs, formats=formats, profile=args.profile,
                            force=args.force, progress=Progress(), suffixes=suffixes,
                            timeout=args.timeout, last_year=args.last_year, title=args.title)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    n = len(outcome.records)
    counts = "，".join(f"{status}{outcome.count(status)}" for status in STATUSES)
    print(f"共{n}个工作簿：{counts}（本次处理{outcome.processed}个，跳过未变化的{outcome.skipped}个）")
    print(f"汇总表：{outcome.summary}")
    warning = year_warning(outcome.records)
    if warning:
        print(warning, file=sys.stderr)
    if "pdf" in formats and any(str(r).endswith(".pdf") for rec in outcome.records for r in rec.reports):
        line = font_notice(TEMPLATE_DIR / "report.docx")  # the workers stay silent: said once here
        if line:
            print(line, file=sys.stderr)
    return outcome.exit_code
