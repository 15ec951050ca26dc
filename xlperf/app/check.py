"""Load and check a workbook once, keeping the report's context that the check built.

Checking runs the review of the clerk's text (placeholders, lead-ins, empty sections), and that review is
building the report's context; :func:`check_read` keeps the context it built, so writing the report later
(:func:`report_context`) does not build it a second time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..domain.evaluate import Result
from .load import check_loaded, load_evaluation
from ..domain.model import Evaluation
from ..domain.problems import Problem, errors
from ..domain.profiles import Profile
from ..errors import ReportError
from ..report.context import ReportContext, build_and_review, build_context


@dataclass
class Checked:
    """One workbook read and checked: ``result`` is None when it could not be scored at all."""

    evaluation: Optional[Evaluation]
    profile: Optional[Profile]
    result: Optional[Result]
    problems: list[Problem] = field(default_factory=list)
    #: the report's context, built by the check (None when there is no result)
    context: Optional[ReportContext] = None

    @property
    def errors(self) -> list[Problem]:
        return errors(self.problems)

    @property
    def reportable(self) -> bool:
        """A report may be written: scored, and no problem is an error."""
        return self.result is not None and not self.errors

    def as_tuple(self):
        """``(evaluation, profile, result, problems)``, the shape :func:`xlperf.app.load.load_checked` returns."""
        return self.evaluation, self.profile, self.result, self.problems


def check_read(ev: Optional[Evaluation], problems: list[Problem], profile: Optional[str] = None) -> Checked:
    """Score and validate what a reader yielded (saved file, live workbook, JSON); ``profile`` overrides the
    form's own rules.  Raises ProfileError when that profile cannot be read."""
    built: list[ReportContext] = []

    def review(result: Result) -> list[Problem]:
        ctx, text_problems = build_and_review(result)
        built.append(ctx)
        return text_problems

    prof, result, problems = check_loaded(ev, problems, profile, review=review)
    context = built[-1] if built and result is not None else None
    return Checked(ev, prof, result, problems, context)


def check_file(path: str | Path, profile: Optional[str] = None) -> Checked:
    """Read ``path`` (.xlsx/.xlsm/.json) and check it.  Raises LoadError when it cannot be read at all."""
    ev, problems = load_evaluation(path)
    return check_read(ev, problems, profile)


def report_context(checked: Checked) -> ReportContext:
    """The report's context: the one the check built (built now only for a result checked elsewhere)."""
    if checked.context is not None:
        return checked.context
    assert checked.result is not None, "no report without a result"
    return build_context(checked.result)[0]


def score(path: str | Path, profile: Optional[str] = None) -> Optional[Result]:
    """The scored result of the form or JSON file at ``path`` (totals, grade, each indicator, the derived
    figures), None when it cannot be scored; its problems are :func:`check_file`'s."""
    return check_file(path, profile).result


def build_report(path: str | Path, profile: Optional[str] = None) -> ReportContext:
    """The report's context (every sentence, figure and table a template prints) of the form at ``path``.
    Raises :class:`~xlperf.errors.ReportError` naming the first error when the form has errors."""
    checked = check_file(path, profile)
    if not checked.reportable:
        first = checked.errors[0] if checked.errors else None
        where = f"：{first.where}（{first.label}）{first.message}" if first else ""
        raise ReportError(f"填报内容有错误，未生成报告{where}")
    return report_context(checked)
