"""Cell references as Excel writes them: ``B4``, ``$B$4``, a defined name's ``='指标评分'!$A$3:$S$3``
(standard library only: the ribbon reads them without loading a spreadsheet library)."""

from __future__ import annotations

import re

CELL_RE = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def parse_reference(refers_to: object) -> tuple[str, int, int] | None:
    """``"='指标评分'!$A$3:$S$3"`` → ``("指标评分", 3, 1)``; None for constants, formulas, ``#REF!``."""
    if not isinstance(refers_to, str):
        return None
    text = refers_to.strip()
    if text.startswith("="):
        text = text[1:]
    if "#REF" in text.upper() or "!" not in text:
        return None
    sheet, _, address = text.rpartition("!")
    if sheet.startswith("'") and sheet.endswith("'"):  # a lone "'" is left "", refused below
        sheet = sheet[1:-1].replace("''", "'")
    elif any(ch in sheet for ch in "'()+-*/,&\" "):
        return None  # a formula, not a plain reference
    m = CELL_RE.match(address.split(":")[0])
    if not sheet or m is None:
        return None
    return sheet, int(m.group(2)), column_index(m.group(1))


def is_cell(text: str) -> bool:
    """``B4`` or ``$B$4`` (one cell, no sheet)."""
    return bool(CELL_RE.match(text))
