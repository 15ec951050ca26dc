"""xlperf import LASTYEAR -o FORM.xlsx [--year N] [--profile NAME] — start this year's form from last year's."""

from __future__ import annotations

import sys
from pathlib import Path

from ..app.forms import import_last_year
from ..importer import ImportFailure
from .args.import_ import HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart
from .common import new_form_refused


def run(args) -> int:
    out = Path(args.output)
    if new_form_refused(out, args.force):
        return 2
    if out.resolve() == Path(args.source).resolve():
        print("新填报表不能覆盖上年文件，请换一个文件名", file=sys.stderr)
        return 2
    try:
        imported = import_last_year(args.source, out, args.year, args.profile, args.unit)
    except ImportFailure as exc:
        print(str(exc), file=sys.stderr)
        return 2
    ev = imported.evaluation
    if imported.kind_line:
        print(imported.kind_line)
    for w in imported.warnings:
        print(f"提示：{w}")
    nar = ev.narrative
    placed = sum(len(items) for _, items in nar.all_items()) + len(nar.analysis)
    print(f"已生成{ev.year}年度填报表：{out}（来自{imported.source_year}年度的“{Path(args.source).name}”，"
          f"导入文字{placed}段，未归类{len(nar.unplaced)}段）")
    print(f"下一步：填写本年预算金额、各指标实际完成值和得分，然后运行 xlperf check {out}")
    return 0
