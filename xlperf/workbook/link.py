"""The 设置 field 报送链接 of a saved form: the unit's link to the bureau's service (``xlperf submit``)."""

from __future__ import annotations

from pathlib import Path

from . import layout as L
from .read import open_source


def submission_link(path: str | Path) -> str:
    """The link ('' when the field is empty or missing); the same guards as :func:`~.read.read_workbook`."""
    src = open_source(Path(path))
    found = src.defined_name(L.SUBMIT_LINK_NAME)
    value = src.value(*found) if found is not None else None
    return "" if value is None else str(value).strip()
