"""Build small Word documents for the importer's tests: plain paragraphs, paragraphs numbered by Word itself
(a ``numbering.xml`` written in the test, so the numbers are in no paragraph's text) and real tables.

Written with python-docx plus a hand-written numbering part, independent of xlperf.importer.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Union

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class Num:
    """A paragraph Word numbers automatically: list ``num_id`` at level ``ilvl`` (0 = 一、, 1 = （一）…)."""

    def __init__(self, num_id: int, ilvl: int, text: str):
        self.num_id, self.ilvl, self.text = num_id, ilvl, text


class Heading:
    """A paragraph in Word's heading style 标题 ``level`` (1, 2, 3) with no list numbering at all."""

    def __init__(self, level: int, text: str):
        self.level, self.text = level, text


Block = Union[str, Num, Heading, list]  # a paragraph, a numbered or heading paragraph, or a table (rows of cells)


def numbering_xml(abstracts: dict[int, list[tuple[str, str, int]]], nums: dict[int, tuple[int, dict[int, int]]]) -> str:
    """numbering.xml: ``abstracts`` = {abstractNumId: [(numFmt, lvlText, start) per level]},
    ``nums`` = {numId: (abstractNumId, {ilvl: startOverride})}."""
    parts = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}">']
    for aid, levels in abstracts.items():
        parts.append(f'<w:abstractNum w:abstractNumId="{aid}">')
        for i, (fmt, text, start) in enumerate(levels):
            parts.append(f'<w:lvl w:ilvl="{i}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
                         f'<w:lvlText w:val="{text}"/></w:lvl>')
        parts.append("</w:abstractNum>")
    for nid, (aid, overrides) in nums.items():
        parts.append(f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>')
        for ilvl, start in overrides.items():
            parts.append(f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>')
        parts.append("</w:num>")
    parts.append("</w:numbering>")
    return "".join(parts)


#: the usual outline of a Chinese report as one multi-level list: 一、 / （一） / 1.
OUTLINE = {7: [("chineseCounting", "%1、", 1), ("chineseCounting", "（%2）", 1), ("decimal", "%3.", 1)]}


def write_docx(path: Path, blocks: list[Block], numbering: str = "", styled: dict[int, tuple[int, object]] = None) -> Path:
    """``path`` written as a .docx holding ``blocks`` in order; ``numbering`` replaces word/numbering.xml;
    ``styled`` = {heading level: (numId, ilvl or None)} puts list numbering into the styles 标题 1, 2 … themselves."""
    import docx
    from docx.oxml import parse_xml

    doc = docx.Document()
    for level, (num_id, ilvl) in (styled or {}).items():
        lvl = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        doc.styles[f"Heading {level}"].element.get_or_add_pPr().append(parse_xml(
            f'<w:numPr xmlns:w="{W_NS}">{lvl}<w:numId w:val="{num_id}"/></w:numPr>'))
    for b in blocks:
        if isinstance(b, list):
            t = doc.add_table(rows=len(b), cols=len(b[0]))
            for i, cells in enumerate(b):
                for j, c in enumerate(cells):
                    t.cell(i, j).text = c
        elif isinstance(b, Heading):
            doc.add_heading(b.text, level=b.level)
        elif isinstance(b, Num):
            p = doc.add_paragraph(b.text)
            p._p.get_or_add_pPr().append(parse_xml(
                f'<w:numPr xmlns:w="{W_NS}"><w:ilvl w:val="{b.ilvl}"/><w:numId w:val="{b.num_id}"/></w:numPr>'))
        else:
            doc.add_paragraph(b)
    raw = path.with_suffix(".raw.docx")
    doc.save(raw)
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(path, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item)
            if item.filename == "word/numbering.xml" and numbering:
                data = numbering.encode("utf-8")
            zout.writestr(item, data)
    raw.unlink()
    return path


def from_lines(lines: list[str], numbered: bool = True) -> list[Block]:
    """A typed report's lines as Word blocks: “一、x” / “（一）x” → Word-numbered paragraphs of list 3 (their
    numbers removed from the text when ``numbered``), tab-separated lines → one table."""
    import re

    out: list[Block] = []
    table: list[list[str]] = []
    for line in lines:
        if "\t" in line:
            table.append(line.split("\t"))
            continue
        if table:
            out.append(table)
            table = []
        m = re.match(r"^(?:([一二三四五六七八九十]+)、|（([一二三四五六七八九十]+)）)(.*)$", line)
        if m and numbered:
            out.append(Num(3, 0 if m.group(1) else 1, m.group(3)))
        else:
            out.append(line)
    if table:
        out.append(table)
    return out
