"""Read a previous report's paragraphs from a .txt or .docx file (thin adapter around :mod:`.parse`).

A .docx is read from its XML directly (body paragraphs and table rows in document order; running
headers and footers live in other parts and are not read).  Errors are :class:`ImportFailure` with a
Chinese message naming the file; nothing here writes anything.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from ..errors import ImportFailure  # re-exported: ``from xlperf.importer.sources import ImportFailure``

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_BYTES = 20 * 1024 * 1024  # a report is a few hundred kB; anything far larger is not one
MAX_XML = 60 * 1024 * 1024




#: what a .txt is decoded as, in order (a UTF-16 file starts with its byte-order mark): UTF-8 (with or without the
#: mark Notepad writes), then what a Chinese Windows saves as “ANSI”
UTF16 = "utf-16"
TEXT_ENCODINGS = ("utf-8-sig", "gb18030")


def _decode(raw: bytes, name: str) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode(UTF16)
    for enc in TEXT_ENCODINGS:
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


_CN = "零一二三四五六七八九十"


def _cn_number(n: int) -> str:
    if n <= 10:
        return _CN[n]
    if n < 20:
        return "十" + _CN[n - 10]
    return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "")


def _int(text, default):
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def _val(el: ET.Element | None) -> str | None:
    """An element's w:val; None when the element or its value is missing."""
    return el.get(W + "val") if el is not None else None


def _default_level(ilvl: int) -> tuple[str | None, str, int]:
    """What Word shows for a level a list does not define: “1.” counted at that level."""
    return None, f"%{ilvl + 1}.", 1


def _level(lvl: ET.Element) -> tuple[str | None, str, int]:
    """(numFmt — None: digits —, lvlText, start) of one numbering level."""
    return _val(lvl.find(W + "numFmt")), _val(lvl.find(W + "lvlText")) or "", _int(_val(lvl.find(W + "start")), 1)


class _Numbering:
    """Word's automatic numbering (numbering.xml): the text “一、” / “（一）” / “1.” a numbered paragraph shows."""

    def __init__(self, root: ET.Element | None):
        self.levels: dict[str | None, dict[int, tuple[str | None, str, int]]] = {}
        self.counters: dict[tuple[str | None, int], int] = {}
        if root is None:
            return
        abstract = {}
        for an in root.findall(W + "abstractNum"):
            abstract[an.get(W + "abstractNumId")] = {_int(lvl.get(W + "ilvl"), 0): _level(lvl)
                                                     for lvl in an.findall(W + "lvl")}
        for num in root.findall(W + "num"):
            ref = num.find(W + "abstractNumId")
            if ref is None:
                continue
            levels = dict(abstract.get(_val(ref), {}))
            for over in num.findall(W + "lvlOverride"):  # a list restarted or set to a value (“设置编号值”)
                ilvl = _int(over.get(W + "ilvl"), 0)
                lvl, start = over.find(W + "lvl"), over.find(W + "startOverride")
                if lvl is not None:
                    levels[ilvl] = _level(lvl)
                if start is not None:
                    fmt, text, _ = levels.get(ilvl, _default_level(ilvl))
                    levels[ilvl] = (fmt, text, _int(_val(start), 1))
            self.levels[num.get(W + "numId")] = levels

    def label(self, num_id: str | None, level: int) -> str:
        """The number list ``num_id`` shows at ``level`` for its next paragraph (counted on)."""
        levels = self.levels.get(num_id)
        if not levels or num_id == "0":
            return ""
        fmt, text, start = levels.get(level, _default_level(level))
        key = (num_id, level)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for (other, deeper) in list(self.counters):
            if other == num_id and deeper > level:
                del self.counters[(other, deeper)]
        n = self.counters[key]
        shown = _cn_number(n) if str(fmt).startswith(("chinese", "ideograph", "japaneseCounting")) else str(n)
        return text.replace(f"%{level + 1}", shown) if fmt != "bullet" else ""


class _Styles:
    """Paragraph styles (styles.xml): the numbering a style carries, and its outline level (标题 1 = level 0)."""

    def __init__(self, root: ET.Element | None):
        self.num: dict[str, ET.Element] = {}
        self.outline: dict[str, int] = {}
        if root is None:
            return
        based: dict[str, str | None] = {}
        for st in root.findall(W + "style"):
            sid = st.get(W + "styleId")
            if sid is None:
                continue  # a style no paragraph can name
            ppr = st.find(W + "pPr")
            num = ppr.find(W + "numPr") if ppr is not None else None
            if num is not None:
                self.num[sid] = num
            level = _int(_val(ppr.find(W + "outlineLvl")) if ppr is not None else None, None)
            name = _val(st.find(W + "name"))
            m = re.fullmatch(r"(?:heading|标题)\s*([1-9])", name.lower()) if name else None
            if level is None and m:
                level = int(m.group(1)) - 1
            if level is not None:
                self.outline[sid] = level
            based[sid] = _val(st.find(W + "basedOn"))
        for sid, parent in based.items():  # a style based on 标题 1 is a level-1 heading too
            if sid not in self.outline and parent in self.outline:
                self.outline[sid] = self.outline[parent]
            if sid not in self.num and parent in self.num:
                self.num[sid] = self.num[parent]

    def _style(self, p: ET.Element) -> str | None:
        return _val(p.find(f"{W}pPr/{W}pStyle"))

    def numbering(self, p: ET.Element) -> tuple[str | None, int] | None:
        """(numId, level) of the list the paragraph's style carries, if any; a style's list without a level of its
        own is at the style's outline level."""
        num = self.num.get(self._style(p))
        if num is None:
            return None
        return _val(num.find(W + "numId")), _int(_val(num.find(W + "ilvl")), self.level(p) or 0)

    def level(self, p: ET.Element) -> int | None:
        return self.outline.get(self._style(p))


def _num_pr(p: ET.Element, styles: _Styles) -> tuple[str | None, int] | None:
    """(numId, level) a paragraph is numbered with: its own numbering, else its style's (标题 1 …), if any."""
    num = p.find(f"{W}pPr/{W}numPr")
    if num is None:
        return styles.numbering(p)
    return _val(num.find(W + "numId")), _int(_val(num.find(W + "ilvl")), 0)


#: numbering written in front of a heading that Word shows without any (a 标题 style, no list): 一、 （一） 1.
_SYNTHETIC = (lambda n: f"{_cn_number(n)}、", lambda n: f"（{_cn_number(n)}）", lambda n: f"{n}.")
_NUMBERED = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.、．])")


def _docx_paragraphs(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("word/document.xml")
            if info.file_size > MAX_XML:
                raise ImportFailure(f"“{path.name}”的正文过大，不像是一份自评报告")
            root = ET.fromstring(z.read(info))
            numbering = styles = None
            if "word/numbering.xml" in z.namelist() and z.getinfo("word/numbering.xml").file_size < MAX_XML:
                numbering = ET.fromstring(z.read("word/numbering.xml"))
            if "word/styles.xml" in z.namelist() and z.getinfo("word/styles.xml").file_size < MAX_XML:
                styles = ET.fromstring(z.read("word/styles.xml"))
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError) as e:
        raise ImportFailure(f"“{path.name}”不是有效的 Word 文档（.docx），无法读取：请用 Word/WPS 打开后另存为 .docx") from e
    body = root.find(W + "body")
    if body is None:
        raise ImportFailure(f"“{path.name}”没有正文")
    out: list[str] = []
    numbers, style = _Numbering(numbering), _Styles(styles)
    counters = [0, 0, 0]
    for child in body:
        if child.tag == W + "p":
            text = _para_text(child)
            numbered = _num_pr(child, style)
            label = numbers.label(*numbered) if numbered else ""  # automatic numbering is not in the text: put it back
            level = style.level(child)
            if label == "" and level is not None and level < 3 and text.strip() and not _NUMBERED.match(text):
                counters[level] += 1  # a heading style without any numbering: number it by its level
                for deeper in range(level + 1, 3):
                    counters[deeper] = 0
                label = _SYNTHETIC[level](counters[level])
            out.extend((label + text if text.strip() and label else text).split("\n"))
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
