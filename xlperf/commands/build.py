"""xlperf build [--outdir DIR] — regenerate the committed workbooks in workbooks/ from code."""

from __future__ import annotations

import sys
from pathlib import Path

from ..domain.numbers import InputError
from ..workbook.build import build_all
from .args.build import HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart


DEFAULT_OUTDIR = Path(__file__).resolve().parents[2] / "workbooks"


def run(args) -> int:
    outdir = args.outdir
    if outdir is None:
        if not (DEFAULT_OUTDIR.parent / "pyproject.toml").exists():
            print("不在 xlperf 源代码目录中，请用 --outdir 指定输出文件夹", file=sys.stderr)
            return 2
        outdir = str(DEFAULT_OUTDIR)
    try:
        paths = build_all(outdir)
    except InputError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    if not args.no_macro:
        try:
            from ..macro import addin, build_twins  # optional: pyOpenVBA comes with the [build] extra
        except ImportError:
            print("未安装 pyOpenVBA，跳过带宏的 .xlsm 文件（pip install 'xlperf[build]'）", file=sys.stderr)
        else:
            try:
                paths += build_twins([p for p in paths if p.suffix == ".xlsx"])
                paths.append(addin.build_addin(Path(outdir) / addin.ADDIN_NAME))  # the optional add-in
            except InputError as exc:
                print(str(exc), file=sys.stderr)
                return 2
    for p in paths:
        print(f"已生成：{p}")
    return 0
