"""The bureau's unit list: an .xlsx with a 单位名称 column (or last year's 汇总表, whose column is 单位).

The file passes the same safety guards as a form (:func:`xlperf.infra.safety.check_zip_file`) before openpyxl
reads it; the header is looked for in the first rows of the 汇总 sheet, else of each sheet in turn.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from ..errors import LoadError
from ..infra.safety import check_zip_file

HEADERS = ("单位名称", "单位")
HEADER_ROWS = 10


def read_unit_names(path: str | Path, shown_name: str = "") -> list[str]:
    """The unit names listed in ``path``, in order, each once.  Raises LoadError (Chinese) when there are none."""
    path = Path(path)
    name = shown_name or path.name
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise LoadError(f"单位名单应为 .xlsx 工作簿：{name}")
    check_zip_file(path, "单位名单")
    try:  # a list is small: read whole (each row then as wide as the sheet), the file closed when read
        wb = openpyxl.load_workbook(path, data_only=True)
    except Exception as exc:  # noqa: BLE001 - zipfile, XML and openpyxl raise many kinds
        raise LoadError(f"“{name}”不是有效的Excel工作簿（文件已损坏或格式不对）") from exc
    for ws in sorted(wb.worksheets, key=lambda ws: ws.title != "汇总"):
        names = _names(ws)
        if names is not None:
            if not names:
                raise LoadError(f"“{name}”工作表“{ws.title}”的“单位名称”列下没有单位")
            return names
    raise LoadError(f"在“{name}”中找不到“单位名称”（或“单位”）列：请在第一行写上列名“单位名称”，下面每行一个单位")


def _names(ws) -> list[str] | None:
    column = None
    out: list[str] = []
    for r, row in enumerate(ws.iter_rows(values_only=True), 1):
        if column is None:
            if r > HEADER_ROWS:
                return None
            for c, value in enumerate(row):
                if isinstance(value, str) and value.strip() in HEADERS:
                    column = c
                    break
            continue
        value = row[column]
        text = " ".join(str(value).split()) if value is not None else ""
        if text and text not in out:
            out.append(text)
    return out if column is not None else None
