"""An evaluation from a JSON file, and the bundled example (adapter: a file source below
:mod:`xlperf.app.load`, so that the workbook builder can read the example without importing the loader,
which imports the workbook reader).
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from ..errors import LoadError
from ..domain.model import Evaluation
from ..domain.problems import Problem, pydantic_error_text

EXAMPLE_JSON = Path(__file__).resolve().parents[1] / "data" / "example-2021.json"


def load_json(path: Path) -> tuple[Evaluation | None, list[Problem]]:
    try:
        data = json.loads(Path(path).read_bytes().decode())  # UTF-8 whatever the machine's language
    except FileNotFoundError as exc:
        raise LoadError(f"文件不存在：{path}") from exc
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise LoadError(f"文件无法读取或不是有效的JSON：{Path(path).name}") from exc
    try:
        return Evaluation.model_validate(data), []
    except ValidationError as exc:
        problems = [
            Problem(f"{Path(path).name}:" + ".".join(str(x) for x in e["loc"]), "", pydantic_error_text(e))
            for e in exc.errors()
        ]
        return None, problems


def load_example():
    ev, problems = load_json(EXAMPLE_JSON)
    assert ev is not None, problems
    return ev
