"""Rewrite zip files (.xlsx/.docx) with replaced, added or mutated entries, in memory."""

from __future__ import annotations

import io
import zipfile

CT_OVERRIDE = '<Override PartName="/{part}" ContentType="{ctype}"/>'
SST_CTYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
SST_REL = ('<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" '
           'Target="/xl/sharedStrings.xml" Id="rIdSst"/>')


def entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rezip(parts: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as zf:
        for name, blob in parts.items():
            zf.writestr(name, blob)
    return out.getvalue()


def replace(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """``data`` with entries replaced/added (bytes) or removed (None)."""
    parts = entries(data)
    for name, blob in changes.items():
        if blob is None:
            parts.pop(name, None)
        else:
            parts[name] = blob
    return rezip(parts)


def add_content_type(parts: dict[str, bytes], part: str, ctype: str) -> None:
    ct = parts["[Content_Types].xml"].decode("utf-8")
    parts["[Content_Types].xml"] = ct.replace("</Types>", CT_OVERRIDE.format(part=part, ctype=ctype) + "</Types>").encode()


def add_relationship(parts: dict[str, bytes], rels: str, rel_xml: str) -> None:
    text = parts[rels].decode("utf-8")
    parts[rels] = text.replace("</Relationships>", rel_xml + "</Relationships>").encode()


def with_shared_strings(data: bytes, sst_xml: bytes, sheet: str = "xl/worksheets/sheet1.xml") -> bytes:
    """Add ``xl/sharedStrings.xml`` and make the first cell of ``sheet`` refer to string 0."""
    parts = entries(data)
    parts["xl/sharedStrings.xml"] = sst_xml
    add_content_type(parts, "xl/sharedStrings.xml", SST_CTYPE)
    add_relationship(parts, "xl/_rels/workbook.xml.rels", SST_REL)
    xml = parts[sheet].decode("utf-8")
    start = xml.index("<c ", xml.index("<sheetData>"))
    end = xml.index("</c>", start) + 4
    ref = xml[start:end].split('r="', 1)[1].split('"', 1)[0]
    parts[sheet] = (xml[:start] + f'<c r="{ref}" t="s"><v>0</v></c>' + xml[end:]).encode()
    return rezip(parts)
