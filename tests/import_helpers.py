"""Measuring an imported-and-regenerated report against its source: headings in order, sentences kept.

Written independently of xlperf.importer (its own splitting and normalising), so that a test does not
grade the importer with the importer's own reading of the text.
"""

from __future__ import annotations

import re
from pathlib import Path

from report_helpers import run_cli

_HEAD = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.、．])\s*([^。]{1,40})$")
_WIDE = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "?": "？", "!": "！"})


def imported_form(tmp_path: Path, report: str, name: str = "f.xlsx") -> Path:
    """The form ``xlperf import`` writes from the report text ``report`` (saved as r.txt); it must succeed."""
    src = tmp_path / "r.txt"
    src.write_text(report, encoding="utf-8")
    form = tmp_path / name
    assert run_cli("import", src, "-o", form) == 0
    return form


def norm(text: str) -> str:
    t = text.replace("$", "").replace("\\geq", "≥").replace("\\leq", "≤").replace("\\%", "%")
    t = re.sub(r"\s+", "", t).translate(_WIDE)
    t = t.replace("“三公经费”", "“三公”经费").replace("\"三公\"经费", "“三公”经费")
    return t.replace("*", "").replace("#", "").replace("|", "")


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def headings(text: str) -> list[str]:
    """Heading lines (一、 （一） 1.) as written, numbering and markdown marks dropped."""
    out = []
    for p in paragraphs(text):
        p = p.lstrip("#").strip()
        m = _HEAD.match(p)
        if m and not p.endswith(("。", "；")):
            out.append(norm(m.group(1)))
    return out


def sentences(text: str) -> list[str]:
    """Body sentences (split at 。；！？), without headings and table rows (tab- or pipe-separated)."""
    out = []
    body = []
    lines = paragraphs(text)
    i = 0
    while i < len(lines):  # re-join sentences a page break split (no end punctuation, next not a heading)
        line = lines[i]
        while (i + 1 < len(lines) and not line.endswith(("。", "；", "：", "！", "？")) and len(line) > 20
               and not _HEAD.match(lines[i + 1]) and "\t" not in lines[i + 1]):
            i += 1
            line += lines[i]
        body.append(line)
        i += 1
    for p in body:
        if _HEAD.match(p.lstrip("#").strip()) or "\t" in p or p.startswith("|"):
            continue
        for s in re.split(r"[。；;！？]", norm(p)):
            if len(s) >= 4:
                out.append(s)
    return out


def kept(source: str, regenerated: str) -> tuple[float, list[str]]:
    """Share of the source's sentences found in the regenerated text, and the missing ones."""
    target = norm(regenerated)
    src = sentences(source)
    missing = [s for s in src if s not in target]
    return (1 - len(missing) / len(src)) if src else 0.0, missing
