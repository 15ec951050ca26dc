"""``xlperf import``: start this year's form from last year's report (.docx/.txt) or workbook (.xlsx/.xlsm).

One entry point, :func:`import_source`, serves the CLI and the ribbon's 导入上年报告 alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..errors import LoadError
from ..domain.numbers import InputError
from ..domain.outlines import outline_for
from ..domain.profiles import load_profile, resolve_profile
from .form import from_evaluation, from_report
from .parse import parse_report
from .sources import ImportFailure, read_paragraphs

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def import_source(path: Path, year: Optional[int] = None, profile_name: Optional[str] = None, unit: str = "",
                  profile=None):
    """(Imported, Profile) for ``path``; raises :class:`ImportFailure` with the clerk's message.
    ``profile`` (the open form's own rules, from the ribbon) wins over ``profile_name``."""
    # openpyxl comes with these two: parse and form, the package's domain modules, are imported without it
    from ..workbook import build as form_build, read as form_read

    path = Path(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        try:
            ev, problems = form_read.read_workbook(path)
        except LoadError as exc:
            raise ImportFailure(str(exc)) from exc
        if ev is None:
            first = next((f"{p.where}：{p.message}" for p in problems if p.severity == "错误"), "")
            raise ImportFailure(f"上年填报表“{path.name}”无法读取，未导入。{first}")
        if profile is None:
            try:
                profile, notes = resolve_profile(ev.rules, ev.profile, profile_name, path.name)
            except InputError as exc:
                raise ImportFailure(str(exc)) from exc
            if profile is None:
                raise ImportFailure("；".join(p.message for p in notes))
        imported = from_evaluation(ev, profile, year)
        if unit:
            imported.evaluation.unit = unit
        return imported, profile

    if profile is None:
        try:
            profile = load_profile(profile_name)
        except InputError as exc:
            raise ImportFailure(str(exc)) from exc
    try:
        outline = outline_for(profile)
    except InputError as exc:
        raise ImportFailure(str(exc)) from exc
    rep = parse_report(read_paragraphs(path), outline)
    if rep.recognised < 2:
        named = "".join(f"“{s.title}”" for s in outline.top_level()[:2])
        raise ImportFailure(f"“{path.name}”不像是一份绩效自评报告（没有找到{named}等标题），未导入")
    if rep.kind == "项目支出" and not profile_name and profile.kind != "项目支出":
        rep.warnings.append("这是一份项目支出绩效自评报告，请用 --profile 指定项目支出的评分规则")
    try:
        imported = from_report(rep, profile, form_build._profile_indicators(profile), year, unit)
    except ValueError as exc:
        raise ImportFailure(str(exc)) from exc
    return imported, profile
