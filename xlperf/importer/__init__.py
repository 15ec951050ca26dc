"""``xlperf import``: start this year's form from last year's report (.docx/.txt) or workbook (.xlsx/.xlsm).

One entry point, :func:`import_source`, serves the CLI and the ribbon's 导入上年报告 alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..errors import LoadError
from ..domain.numbers import InputError
from ..domain.outlines import outline_for
from ..domain.profiles import available, builtin, load_profile, resolve_profile
from .cover import REPORT_WORDS
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
            if profile is None:  # its embedded rules unreadable: the one note says why, at the file
                raise ImportFailure(f"{notes[0].where}：{notes[0].message}")
        imported = from_evaluation(ev, profile, year)
        if unit:
            imported.evaluation.unit = unit
        return imported, profile

    paragraphs = read_paragraphs(path)
    chosen = profile
    if profile is None:
        try:
            profile = load_profile(profile_name)
        except InputError as exc:
            raise ImportFailure(str(exc)) from exc
    rep = _parse(paragraphs, profile)
    if not (rep.named or rep.said_report):
        raise ImportFailure(refusal(path.name, rep, outline_for(profile)))
    kind_line = ""
    if rep.kind_stated and REPORT_KINDS.get(rep.kind, rep.kind) != profile.kind:
        if chosen is None and not profile_name and kind_profile(rep.kind) is not None:
            profile = kind_profile(rep.kind)
            rep = _parse(paragraphs, profile)
            kind_line = f"这是一份{KIND_NAMES[rep.kind]}，已按评分规则“{profile.name}”及其报告提纲导入（另选规则请加 --profile）"
        else:
            rep.warnings.insert(0, f"这是一份{KIND_NAMES[rep.kind]}，而所用评分规则“{profile.name}”是{profile.kind}的，"
                                   "标题和得分可能对应不上，请核对")
    else:
        kind_line = f"按{profile.kind}绩效自评报告导入（评分规则“{profile.name}”）"
    if unit:
        rep.unit = unit  # the caller's name for the unit wins over the report's
    try:
        imported = from_report(rep, profile, form_build._profile_indicators(profile), year)
    except ValueError as exc:
        raise ImportFailure(str(exc)) from exc
    imported.kind_line = kind_line
    return imported, profile


#: what kind of profile each report kind needs (a 自评表 is a project's)
REPORT_KINDS = {"自评表": "项目支出"}
#: each kind the parser gives a report (importer/parse.py: 部门整体 unless its words say 项目支出 or 自评表)
KIND_NAMES = {"自评表": "项目支出绩效自评表", "项目支出": "项目支出绩效自评报告", "部门整体": "部门整体绩效自评报告"}


def kind_profile(kind: str):
    """The first built-in profile for a report of ``kind`` (项目支出 for a 自评表), or None."""
    want = REPORT_KINDS.get(kind, kind)
    for name in available():
        p = builtin(name)
        if p is not None and p.kind == want:
            return p
    return None


def indicator_names(profile) -> tuple[str, ...]:
    """The names of the rules' level-1 and level-2 indicators."""
    return tuple(n for rule in profile.indicators for n in (rule.name, *(c.name for c in rule.children)))


def _parse(paragraphs: list[str], profile):
    try:
        return parse_report(paragraphs, outline_for(profile), indicator_names(profile))
    except InputError as exc:
        raise ImportFailure(str(exc)) from exc


def refusal(name: str, rep, outline) -> str:
    """Why a text is not taken for a report: what was looked for, and what was found instead."""
    looked = "、".join(f"“{w}”" for w in REPORT_WORDS)
    heads = "、".join(f"“{s.number}{s.heading}”" for s in outline.top_level()[:2])
    if rep.headings_seen:
        found = "找到的标题是" + "、".join(f"“{h[:16]}”" for h in rep.headings_seen[:3]) + "，都不是自评报告的标题"
    elif rep.first_lines:
        found = f"文件开头是“{rep.first_lines[0][:20]}”，没有编号标题"
    else:
        found = "文件中没有文字"
    return (f"“{name}”不像是一份绩效自评报告，未导入：标题和开头几行没有{looked}等字样，也没有{heads}这类报告标题；"
            f"{found}")
