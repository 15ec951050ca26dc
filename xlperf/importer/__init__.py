"""``xlperf import``: start this year's form from last year's report (.docx/.txt) or workbook (.xlsx/.xlsm).

One entry point, :func:`import_source`, serves the CLI and the ribbon's 导入上年报告 alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from .sources import ImportFailure

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def import_source(path: Path, year: Optional[int] = None, profile_name: Optional[str] = None, unit: str = "",
                  profile=None):
    """(Imported, Profile) for ``path``; raises :class:`ImportFailure` with the clerk's message.
    ``profile`` (the open form's own rules, from the ribbon) wins over ``profile_name``."""
    from ..numbers import InputError
    from ..outlines import outline_for
    from ..profiles import load_profile, resolve_profile
    from .form import from_evaluation, from_report

    path = Path(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        from ..errors import LoadError
        from ..workbook.read import read_workbook

        try:
            ev, problems = read_workbook(path)
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

    from ..workbook.build import _profile_indicators
    from .parse import parse_report
    from .sources import read_paragraphs

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
        imported = from_report(rep, profile, _profile_indicators(profile), year, unit)
    except ValueError as exc:
        raise ImportFailure(str(exc)) from exc
    return imported, profile
