"""Load an evaluation from a file, whatever its kind, and check it (use-case layer).

``.json`` → the model directly; ``.xlsx``/``.xlsm`` → :mod:`xlperf.workbook` reader.
Returns the evaluation (or None) and every problem found while reading.
"""

from __future__ import annotations

from pathlib import Path

from ..domain.agree import compare
from ..errors import LoadError
from ..infra.jsonfile import EXAMPLE_JSON, load_example, load_json  # noqa: F401 - part of this module's API
from ..domain.model import Evaluation
from ..domain.problems import Problem, one_per_cell
from ..domain.profiles import resolve_profile
from ..domain.validate import check
from ..report.context import review_text


def load_evaluation(path: str | Path) -> tuple[Evaluation | None, list[Problem]]:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return load_json(path)
    if suffix in (".xlsx", ".xlsm"):
        from ..workbook import read_workbook  # openpyxl and the reader: only for workbooks (a .json needs neither)

        return read_workbook(path)
    if suffix == ".xls":
        raise LoadError(f"不支持旧版 .xls 文件：{path.name}，请在Excel中另存为 .xlsx 后再试")
    raise LoadError(f"不支持的文件类型：{path.name}（应为 .xlsx、.xlsm 或 .json）")


def check_loaded(ev: Evaluation | None, problems: list[Problem], profile: str | None = None, review=None):
    """Score and validate what a source yielded: (profile | None, result | None, problems).

    Every reader (saved file, live workbook, JSON) ends here, so all of them report the same way:
    errors first, one message per cell.  ``review``: see :func:`xlperf.domain.validate.validate`
    (:mod:`xlperf.app.check` passes one that keeps the report's context).
    """
    if ev is None:
        return None, None, one_per_cell(problems)
    prof, notes = resolve_profile(ev.rules, ev.profile, profile, ev.where("profile") or ev.where("rules"))
    if prof is None:
        return None, None, one_per_cell(problems + notes)
    result, more = check(ev, prof, review or review_text)
    if ev.shown_state == "values" and not profile:  # another profile than the form's: the sheet differs by design
        more += compare(result, ev.shown, problems + notes + more)  # what waits for an error is not compared
    return prof, result, one_per_cell(problems + notes + more)


def load_checked(path: str | Path, profile: str | None = None):
    """Read, score and validate: (evaluation | None, profile | None, result | None, problems).

    ``profile`` overrides the profile named in the file. Raises LoadError / ProfileError when
    the file or the profile cannot be read at all.
    """
    ev, problems = load_evaluation(path)
    prof, result, problems = check_loaded(ev, problems, profile)
    return ev, prof, result, problems
