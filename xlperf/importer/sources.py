"""Read a previous report's paragraphs from a .txt or .docx file (thin adapter around :mod:`.parse`).

A .docx is read from its XML directly (body paragraphs and table rows in document order; running
headers and footers live in other parts and are not read).  Errors are :class:`ImportFailure` with a
Chinese message naming the file; nothing here writes anything.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_BYTES = 20 * 1024 * 1024  # a report is a few hundred kB; anything far larger is not one
MAX_XML = 60 * 1024 * 1024


class ImportFailure(Exception):
    """The source cannot be imported; ``str()`` is the clerk's message."""


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return text
    raise ImportFailure(f"“{name}”不是可读的文本文件（编码无法识别），请另存为 UTF-8 文本或 Word 文档后再导入")


def _para_text(p: ET.Element) -> str:
    out = []
    for el in p.iter():
        if el.tag == W + "t":
            out.append(el.text or "")
        elif el.tag == W + "tab":
            out.append("\t")
        elif el.tag in (W + "br", W + "cr"):
            out.append("\n")
    return "".join(out)


def _docx_paragraphs(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > MAX_XML:
                raise ImportFailure(f"“{path.name}”的正文过大，不像是一份自评报告")
            root = ET.fromstring(z.read(info))
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError) as e:
        raise ImportFailure(f"“{path.name}”不是有效的 Word 文档（.docx），无法读取：请用 Word/WPS 打开后另存为 .docx") from e
    body = root.find(W + "body")
    if body is None:
        raise ImportFailure(f"“{path.name}”没有正文")
    out: list[str] = []
    for child in body:
        if child.tag == W + "p":
            out.extend(_para_text(child).split("\n"))
        elif child.tag == W + "tbl":
            for tr in child.iter(W + "tr"):
                cells = ["".join(_para_text(p) for p in tc.iter(W + "p")).strip() for tc in tr.iter(W + "tc")]
                out.append("\t".join(c.replace("\t", " ") for c in cells))
            out.append("")
    return out


def read_paragraphs(path: Path) -> list[str]:
    """The report's paragraphs in reading order (table rows as tab-joined cells)."""
    if not path.is_file():
        raise ImportFailure(f"找不到文件“{path}”")
    if path.stat().st_size > MAX_BYTES:
        raise ImportFailure(f"“{path.name}”过大（超过20MB），不像是一份自评报告")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return _docx_paragraphs(path)
    if suffix in (".txt", ".md", ".text", ""):
        return _decode(path.read_bytes(), path.name).splitlines()
    if suffix == ".doc":
        raise ImportFailure(f"“{path.name}”是旧版 Word 格式（.doc），请在 Word/WPS 中另存为 .docx 后再导入")
    if suffix == ".pdf":
        raise ImportFailure(f"暂不能直接导入 PDF（“{path.name}”），请导入 Word 版报告（.docx）或复制正文另存为 .txt")
    raise ImportFailure(f"“{path.name}”不是可导入的文件：请提供上年报告（.docx 或 .txt）或上年填报表（.xlsx/.xlsm）")
