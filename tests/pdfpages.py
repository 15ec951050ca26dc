"""Reading a LibreOffice PDF of a workbook page by page (poppler's pdfinfo/pdftotext), for the printing tests.

Pages are mapped to sheets by the footer the sheets print (“指标评分　第3页，共9页”).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest


def pdf_pages(pdf: Path) -> list[dict]:
    """Per page: ``words`` as (x0, x1, text, y0, y1), ``text`` (all words joined), ``size`` (w, h) in points,
    ``sheet`` (named in the footer, or None)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils) is needed: apt-get install poppler-utils")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True).stdout
    sizes = [tuple(map(float, m)) for m in re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info)]
    bbox = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True).stdout
    pages = []
    for i, page in enumerate(re.findall(r"<page [^>]*>(.*?)</page>", bbox, re.S)):
        words = [(float(a), float(b), html.unescape(t), float(y0), float(y1)) for a, y0, b, y1, t in
                 re.findall(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
                            page)]
        sheet = None
        marks = [w for w in words if re.fullmatch(r"第\d+页，共\d+页", w[2])]
        if marks:  # the footer: the sheet name is the nearest word on the same line, left of 第N页，共M页
            mark = max(marks, key=lambda w: w[3])
            left = [w for w in words if abs(w[3] - mark[3]) < 2 and w[1] <= mark[0] + 1 and w is not mark]
            sheet = max(left, key=lambda w: w[1])[2] if left else None
        pages.append({"words": words, "text": "".join(w[2] for w in words), "size": sizes[i], "sheet": sheet})
    return pages


def header_texts(words, anchor: str, reach: float = 14) -> list[str]:
    """The texts of a table's header cells on a page: the words level with the header word ``anchor``
    (a header wrapped over two or three lines reaches a line above and below it), joined per column
    top to bottom."""
    first = next(w for w in words if w[2] == anchor)
    middle = (first[3] + first[4]) / 2
    band = sorted((w for w in words if abs((w[3] + w[4]) / 2 - middle) < reach), key=lambda w: w[0])
    columns: list[list] = []
    for w in band:
        if columns and w[0] < max(x[1] for x in columns[-1]) - 1:  # overlaps the column before: same cell
            columns[-1].append(w)
        else:
            columns.append([w])
    return ["".join(x[2] for x in sorted(col, key=lambda x: x[3])) for col in columns]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)
