"""Pre-parse guards for zip-based Office files (.xlsx/.xlsm workbooks, .docx templates).

Owns the decision "may this file be handed to openpyxl / python-docx at all?".  It refuses, with
one short Chinese message that names the file, the sheet as the clerk knows it (工作表“指标评分”,
never an internal zip path) and what to do, a file that:

* is not a zip, or is an OLE2 container (password-protected or old .xls/.doc);
* is a zip bomb: too much uncompressed data (declared and actually inflated), too many entries,
  an absurd compression ratio for a big entry;
* has an XML part that declares a DOCTYPE or entities (entity expansion / external entities);
* has a worksheet with too much *content*.  Sizes are counted, never taken from what the file
  declares: a cell counts when it holds something (a value ``<v>``, an inline string ``<is>`` or a
  formula ``<f>``; an empty styled ``<c r=".." s=".."/>`` does not) — at most ``MAX_CELLS`` — and a
  row counts when it holds such a cell — at most ``MAX_ROWS``.  ``<dimension ref="A1:AMJ1048576"/>``
  and an empty ``<row r="1048576"/>`` (what LibreOffice writes after rows are deleted) cost nothing.
  Looser bounds stay on what openpyxl and the reader build whatever the content: openpyxl makes an
  object for every ``<c>`` and for every cell of a ``<mergeCell>``/``<hyperlink>`` range, and the
  reader walks the used range (last row × last column) cell by cell — both at most ``MAX_AREA`` —
  and ``<row>`` elements, empty or not, at most ``MAX_ROW_TAGS`` (Excel's own row count).

Inspection is streaming: entries are inflated chunk by chunk and counted, never held whole in
memory, and reading stops at the first limit exceeded.  A tag cut at a chunk edge is carried over
to the next chunk (a tag never contains ``<``, so everything before the last ``<`` of a chunk is
complete; a tag longer than ``MAX_TAG`` is refused), so cells and rows are counted exactly, and
where markup is odd (several ``r`` candidates, entities, other prefixes) the used range is
overestimated, never under.  Every XML part is counted, wherever it sits in the zip, and parts in
another encoding (UTF-16, a declared single-byte encoding) are transcoded first.  The DOCTYPE/ENTITY
scan looks at the raw bytes with a 32-byte overlap between chunks.  Sheet names for messages come
from ``xl/workbook.xml`` and its relationships, read only when a message needs them, size-bounded,
DTD-checked and parsed with defusedxml; failing that a message says "其中一张工作表", and other
parts get a neutral description ("文字内容部分", "格式部分"…).  The limits are module constants, read
at call time, so tests can monkeypatch them.
"""

from __future__ import annotations

import codecs
import encodings.utf_16
import encodings.utf_16_be
import encodings.utf_16_le
import posixpath
import re
import zipfile
import zlib
from pathlib import Path

from defusedxml.ElementTree import fromstring

from ..errors import UnsafeFileError  # re-exported: ``from xlperf.infra.safety import UnsafeFileError``

#: Total uncompressed bytes of all entries.
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
#: Number of entries in the zip.
MAX_ENTRIES = 10_000
#: Compression ratio allowed for an entry once it is bigger than RATIO_MIN_SIZE.
MAX_RATIO = 200
RATIO_MIN_SIZE = 1024 * 1024
#: Cells of one worksheet that hold something (a value, an inline string or a formula).
MAX_CELLS = 2_000_000
#: Rows of one worksheet that hold such a cell: a form has a few hundred.
MAX_ROWS = 200_000
#: (last row) × (last column) over all ``<c>`` elements of a sheet, empty or not — the range the
#: reader walks cell by cell (about 200 bytes of memory per cell) — and a cap on ``<c>`` elements.
MAX_AREA = 4_000_000
#: ``<row>`` elements of one part, empty or not: no real sheet has more than Excel's 1048576 rows.
MAX_ROW_TAGS = 1_048_576

CHUNK = 64 * 1024
#: An unfinished tag carried to the next chunk may be this long; a longer one is refused.
MAX_TAG = 64 * 1024
#: workbook.xml and its .rels are read whole (for sheet names) only up to this size.
MAX_NAME_PART = 4 * 1024 * 1024
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_DTD_UTF16 = tuple(m.decode().encode(enc) for m in _DTD_MARKERS for enc in ("utf-16-le", "utf-16-be"))
#: bytes of one chunk kept for the next one's DTD scan: a marker cut at the edge is then found whole
_DTD_OVERLAP = max(len(m) for m in _DTD_MARKERS + _DTD_UTF16) - 1
_SHEET_PART = re.compile(r"^xl/(worksheets|dialogsheets|macrosheets)/[^/]+\.xml$", re.I)

# A start tag of row/c/v/f/is (and mergeCell/hyperlink, whose ranges openpyxl fills cell by cell)
# or the end tag of a row, any namespace prefix: groups are (end tag's
# name, start tag's name, letters and digits of a plain r="A12" written first, the other attributes
# (quote-aware: a value may hold ">", never "<"), the head of a content child right after the tag).
_PREFIX = rb"(?:[^\s<>/:!?\"'=]+:)?"
_HEAD = rb"<(?:/" + _PREFIX + rb"(row)|" + _PREFIX + rb"(row|c|v|f|is|mergeCell|hyperlink))(?=[\s>/])"
_TAG = re.compile(_HEAD + rb"(?:\s+r=\"([A-Z]{0,3})([0-9]{1,7})\")?((?:[^<>\"']|\"[^<\"]*\"|'[^<']*')*)>"
                  rb"([^<]*<" + _PREFIX + rb"(?:f|v|is)(?=[\s>/]))?")
_TAG_HEAD = re.compile(_HEAD)
_NAME_RUN = re.compile(rb"</?[^\s<>/]*")
# an unprefixed r="…" attribute (also one inside another value: all are candidates, the largest wins)
_R_ATTR = re.compile(rb"(?<![^\s])r\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_REF_ATTR = re.compile(rb"(?<![^\s])ref\s*=\s*(?:\"([^\"]*)\"|'([^']*)')")
_XML_REF = re.compile(r"&(?:#(\d+)|#x([0-9A-Fa-f]+)|(amp|lt|gt|quot|apos));")
_XML_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_XML_DECL_ENCODING = re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})[\"']")
_LOOKS_XML = re.compile(rb"(?:\xef\xbb\xbf)?\s{0,64}<")

_TODO_RESAVE = "请在Office中打开并另存为新文件后再试"
_TODO_SOURCE = "请确认文件来源可靠，在Office中另存为新文件后再试"
_TODO_ROWS = "请删除多余的行或另存为新文件后再试"
_TODO_AREA = "请删除表格下方和右侧多余的行和列（整行/整列删除）或另存为新文件后再试"

# Parts that are not sheets get a neutral description, never their path.
_PART_KINDS = (
    ("xl/sharedstrings", "文字内容部分"), ("xl/styles", "格式部分"), ("xl/workbook", "工作簿结构部分"),
    ("xl/_rels/", "工作簿结构部分"), ("_rels/", "文件结构部分"), ("[content_types]", "文件结构部分"),
    ("xl/theme", "主题部分"), ("xl/drawings", "图形部分"), ("xl/charts", "图表部分"), ("xl/media", "图片"),
    ("xl/comments", "批注部分"), ("xl/externallinks", "外部链接部分"), ("xl/vbaproject", "宏部分"),
    ("xl/chartsheets", "图表工作表"), ("docprops/", "文档属性部分"),
    ("word/document", "正文部分"), ("word/styles", "样式部分"), ("word/header", "页眉部分"),
    ("word/footer", "页脚部分"), ("word/media", "图片"),
)




def _refuse(what: str, name: str, why: str, todo: str = _TODO_RESAVE) -> UnsafeFileError:
    return UnsafeFileError(f"{what}“{name}”{why}，已拒绝读取。{todo}")


def check_zip_file(path: str | Path, what: str = "工作簿") -> None:
    """Raise :class:`UnsafeFileError` unless ``path`` looks like a sane Office zip file.

    ``what`` names the kind of file in messages ("工作簿", "报告模板").
    """
    path = Path(path)
    name = path.name
    try:
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError as exc:
        raise UnsafeFileError(f"文件不存在：{path}") from exc
    except OSError as exc:
        raise UnsafeFileError(f"{what}“{name}”无法打开：{exc.strerror or exc}") from exc
    if head.startswith(OLE2_MAGIC):
        raise _refuse(what, name, "设置了打开密码（已加密）或是旧版格式（.xls/.doc）",
                      "请在Office中取消密码并另存为新格式后再试")
    if not head.startswith(ZIP_MAGIC):
        raise _refuse(what, name, "不是有效的Office文件（文件已损坏或格式不对）",
                      "请确认选对了文件，或在Office中另存为新文件后再试")
    try:
        with zipfile.ZipFile(path) as zf:
            _Scan(zf, what, name).run()
    except UnsafeFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
            RuntimeError) as exc:  # corrupt, truncated, encrypted entry, unknown compression
        raise _refuse(what, name, "已损坏（压缩包结构无效）") from exc


class _Scan:
    """One pass over the entries of an open zip; refusals name parts the way a clerk knows them."""

    def __init__(self, zf: zipfile.ZipFile, what: str, name: str):
        self.zf, self.what, self.name = zf, what, name
        self._names: dict[str, str] | None = None

    def refuse(self, why: str, todo: str = _TODO_RESAVE, part: str | None = None) -> UnsafeFileError:
        return _refuse(self.what, self.name, why if part is None else f"的{self.describe(part)}{why}", todo)

    def run(self) -> None:
        infos = self.zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise self.refuse(f"包含{len(infos)}个部件，超过上限{MAX_ENTRIES}，可能是恶意文件", _TODO_SOURCE)
        declared = sum(i.file_size for i in infos)
        if declared > MAX_TOTAL_UNCOMPRESSED:
            raise self.refuse(f"解压后过大（{declared // 1048576} MB，上限 {MAX_TOTAL_UNCOMPRESSED // 1048576} MB），"
                              "可能是压缩炸弹或包含过多内容", "请删除无关的工作表或图片后再试")
        total = 0
        for info in infos:
            if info.is_dir():
                continue
            if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise self._ratio(info.filename)
            total = self.entry(info, total)

    def _ratio(self, part: str) -> UnsafeFileError:
        return self.refuse(f"压缩比异常（超过{MAX_RATIO}:1），可能是压缩炸弹", _TODO_SOURCE, part)

    def entry(self, info: zipfile.ZipInfo, total: int) -> int:
        """Inflate one entry in chunks: count real bytes, look for DTDs, count sheet contents; return new total."""
        lower = info.filename.lower()
        is_xml = lower.endswith((".xml", ".rels", ".vml")) or "." not in lower.rpartition("/")[2]
        size = 0
        tail = b""
        counter: _Counter | None = None
        with self.zf.open(info) as fh:
            while True:
                chunk = fh.read(CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                total += len(chunk)
                if total > MAX_TOTAL_UNCOMPRESSED:
                    raise self.refuse(f"解压后超过上限 {MAX_TOTAL_UNCOMPRESSED // 1048576} MB，可能是压缩炸弹",
                                      "请删除无关的工作表或图片后再试")
                if size > RATIO_MIN_SIZE and size > MAX_RATIO * max(info.compress_size, 1):
                    raise self._ratio(info.filename)
                if is_xml:
                    window = tail + chunk
                    if any(m in window for m in _DTD_MARKERS + _DTD_UTF16):
                        raise self.refuse("含有DTD/实体声明（可能是XML实体攻击）", _TODO_SOURCE, info.filename)
                    tail = window[-_DTD_OVERLAP:]
                if counter is None and size == len(chunk):  # first chunk: any XML, whatever its name
                    # (UTF-16 little-endian without a BOM starts with "<": _LOOKS_XML)
                    if is_xml or _LOOKS_XML.match(chunk) or chunk[:2] in (b"\0<", codecs.BOM_UTF16_LE,
                                                                             codecs.BOM_UTF16_BE):
                        counter = _Counter(chunk)
                if counter is not None:
                    if counter.feed(chunk):
                        raise self.refuse("含有异常的XML（标签过长）", _TODO_RESAVE, info.filename)
                    self.check(counter, info.filename)
        if counter is not None:
            counter.finish()
            self.check(counter, info.filename)
        return total

    def check(self, c: _Counter, part: str) -> None:
        if c.cells > MAX_CELLS:
            raise self.refuse(f"内容过多（有内容的单元格超过{MAX_CELLS}个）", _TODO_ROWS, part)
        if c.rows > MAX_ROWS:
            raise self.refuse(f"内容过多（有内容的行超过{MAX_ROWS}行）", _TODO_ROWS, part)
        if c.max_row * c.max_col > MAX_AREA or c.cell_objects > MAX_AREA:
            where = f"一直延伸到单元格{_col_letters(c.max_col)}{c.max_row}" if c.max_row * c.max_col > MAX_AREA \
                else f"超过{MAX_AREA}个单元格"
            raise self.refuse(f"使用范围过大（{where}，空白但带格式的单元格也算在内）", _TODO_AREA, part)
        if c.row_tags > MAX_ROW_TAGS:
            raise self.refuse(f"行数异常（超过{MAX_ROW_TAGS}行，空行也算在内）", _TODO_ROWS, part)
        if c.events > 2 * (MAX_AREA + MAX_ROW_TAGS):  # stray <v>/<f> outside cells: bounded work
            raise self.refuse("结构异常（标签过多），可能是恶意文件", _TODO_SOURCE, part)

    def describe(self, part: str) -> str:
        """工作表“指标评分” for a sheet part, a neutral phrase for anything else (never the zip path)."""
        if self._names is None:
            self._names = sheet_names(self.zf)
        key = part.lower().removeprefix("/")
        if key in self._names:
            return f"工作表“{self._names[key]}”"
        if _SHEET_PART.match(key):
            return "其中一张工作表"
        return next((text for prefix, text in _PART_KINDS if key.startswith(prefix)), "其中一个内部部件")


class _Counter:
    """Counts what openpyxl would build from one XML part, fed chunk by chunk (memory ≤ CHUNK + MAX_TAG).

    Mirrors openpyxl's WorkSheetParser: a ``<row>`` takes its ``r`` or the previous row + 1, a
    ``<c>`` its ``r`` or the previous column + 1; where the markup is odd (several ``r`` candidates)
    the larger place is taken, so the used range is never underestimated.
    """

    def __init__(self, head: bytes):
        self.carry = b""
        self.decoder = _decoder(head)
        self.cells = self.rows = self.cell_objects = self.row_tags = self.events = 0
        self.max_row = self.max_col = 0
        self._row = self._col = 0
        # inside a <c> that has shown no content yet; the current row holds a counted cell
        self._open = self._row_has = False

    def feed(self, data: bytes) -> bool:
        """Count ``data`` (raw bytes of the part); True when a tag is too long to carry (refuse)."""
        if self.decoder is not None:
            try:
                data = self.decoder.decode(data).encode(errors="surrogatepass")  # UTF-7 may give halves
            except (UnicodeError, ValueError, TypeError):  # the XML parser cannot read it either
                self.decoder = None
        window = self.carry + data
        # a tag never contains "<": all before the last one is complete (none: text, all but its last byte)
        cut = window.rfind(b"<")
        body, self.carry = window[:cut], window[cut:]
        self._count(body)
        return len(self.carry) > MAX_TAG and self._settle()

    def finish(self) -> None:
        """The end of the part: the last tag (in the carry) is counted and the last row closed.  Bytes the decoder
        may still hold are an unfinished character: text, never a tag."""
        self._count(self.carry)
        self._end_row()

    def _settle(self) -> bool:
        """The carry is long (a tag followed by long text): count its tag now, or say it is a giant tag."""
        carry, self.carry = self.carry, b""
        m = _TAG.match(carry)
        if m:
            self._count(carry[:m.end()])  # the rest has no "<": plain text
            return False
        if _TAG_HEAD.match(carry):
            return True  # a row/c/v/f/is tag not closed within MAX_TAG
        if carry[1:2] in (b"!", b"?"):
            return False  # comment, CDATA, processing instruction
        return _NAME_RUN.match(carry).end() == len(carry)  # a name longer than MAX_TAG

    def _count(self, body: bytes) -> None:
        tags = _TAG.findall(body)
        if not tags:
            return
        self.events += len(tags)
        for end, name, letters, digits, attrs, content in tags:
            if name == b"c":
                self.cell_objects += 1
                if letters and (b"r" not in attrs or not _R_ATTR.search(attrs)):  # <c r="B7" s="3">: r as it is
                    row, col = int(digits), _col_number(letters.decode())
                else:
                    row, col = self._place(letters + digits, attrs)
                self._col = col
                self.max_row, self.max_col = max(self.max_row, row), max(self.max_col, col)
                if content:  # its first child is <v>, <f> or <is>: the cell holds something
                    self.cells += 1
                    self._row_has = True
                # a content child may still come (in the next chunk) unless the tag closed itself
                self._open = not content and attrs[-1:] != b"/"
            elif name == b"row":
                self._end_row()
                self.row_tags += 1
                if digits and not letters and (b"r" not in attrs or not _R_ATTR.search(attrs)):
                    self._row = int(digits)
                else:
                    row = self._row + 1
                    for a, b in _R_ATTR.findall(b' r="' + letters + digits + b'"' + attrs):  # r="" reads as 0
                        row = max(row, _row_number(a or b))
                    self._row = row
                self._col = 0
            elif end:
                self._end_row()
            elif name == b"mergeCell" or name == b"hyperlink":  # openpyxl makes a cell for each of the range
                for a, b in _REF_ATTR.findall(attrs):
                    r1, c1, r2, c2 = _range_ref(a or b)
                    self.cell_objects += (r2 - r1 + 1) * (c2 - c1 + 1)
                    self.max_row, self.max_col = max(self.max_row, r2), max(self.max_col, c2)
            elif self._open:  # <v>, <f> or <is> after a cell's start (the start was in the last chunk)
                self._open = False
                self.cells += 1
                self._row_has = True

    def _place(self, first: bytes, attrs: bytes) -> tuple[int, int]:
        """A cell's place when its markup is unusual: the largest of every r="…" candidate and the counters."""
        row, col = self._row, self._col + 1
        for a, b in _R_ATTR.findall(b' r="' + first + b'"' + attrs):  # r="" is no candidate
            ref = _cell_ref(a or b)
            if ref:
                row, col = max(row, ref[0]), max(col, ref[1])
        return row, col

    def _end_row(self) -> None:
        self.rows += self._row_has  # a bool: 1 when the row held a counted cell
        self._open = self._row_has = False


def _col_number(letters: str) -> int:
    """Column number of upper-case letters (A → 1, AA → 27, XFD → 16384)."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def _col_letters(n: int) -> str:
    """Letters of a column number (at most ZZZ: every column counted comes from at most three letters)."""
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _unescape(raw: bytes) -> str:
    """An attribute value as the XML parser hands it over (character references, the five entities)."""
    text = raw.decode(errors="replace")
    if "&" not in text:
        return text

    def one(m: re.Match) -> str:
        try:
            return chr(int(m.group(1))) if m.group(1) else chr(int(m.group(2), 16)) if m.group(2) \
                else _XML_ENTITIES[m.group(3)]
        except (ValueError, OverflowError):
            return "?"

    return _XML_REF.sub(one, text)


def _cell_ref(raw: bytes) -> tuple[int, int] | None:
    """(row, column) of a cell's ``r``, at least as large as openpyxl reads it; None when unreadable.

    openpyxl splits at the first digit, ``int()``s the rest and takes the column from the letters
    before it (upper-cased); anything it would not accept makes the file fail to open anyway.
    """
    text = _unescape(raw)
    i = next((i for i, ch in enumerate(text) if ch.isdecimal()), None)
    if i is None:
        return None
    try:
        row = int(text[i:])
    except ValueError:
        return None
    letters = "".join(ch for ch in text[:i].upper() if "A" <= ch <= "Z")[-3:]
    return row, _col_number(letters) if letters else 1


def _range_ref(raw: bytes) -> tuple[int, int, int, int]:
    """(first row, first column, last row, last column) of a ``ref="A1:B2"``, never smaller than openpyxl's."""
    corners = []
    for i, side in enumerate(_unescape(raw).upper().split(":")[:2]):
        digits = "".join(ch for ch in side if ch.isdecimal())[:15]
        letters = "".join(ch for ch in side if "A" <= ch <= "Z")[-3:]
        corners.append((int(digits) if digits else (1, 1_048_576)[i],
                        _col_number(letters) if letters else (1, 16_384)[i]))
    (ra, ca), (rb, cb) = corners if len(corners) == 2 else corners * 2
    return min(ra, rb), min(ca, cb), max(ra, rb), max(ca, cb)


def _row_number(raw: bytes) -> int:
    """A row's ``r`` as openpyxl reads it (int, or a float with an integral value); 0 when unreadable."""
    text = _unescape(raw)
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        return 0
    return int(value) if value.is_integer() else 0


def _decoder(head: bytes):
    """An incremental decoder when the part is not UTF-8 (UTF-16, or a declared other encoding), else None."""
    if head.startswith(codecs.BOM_UTF8):
        return None
    if head[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return encodings.utf_16.IncrementalDecoder("replace")
    if head[:2] == b"<\0":
        return encodings.utf_16_le.IncrementalDecoder("replace")
    if head[:2] == b"\0<":
        return encodings.utf_16_be.IncrementalDecoder("replace")
    m = _XML_DECL_ENCODING.match(head)
    if not m:
        return None
    try:
        info = codecs.lookup(m.group(1).decode())
    except LookupError:
        return None  # the XML parser does not know it either: the file will not open
    if info.name in ("utf-8", "ascii") or not info._is_text_encoding:
        return None  # bytes-to-bytes codecs (zlib, base64…) are no XML encodings
    return info.incrementaldecoder("replace")


def _small_part(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    if info.file_size > MAX_NAME_PART:
        raise ValueError
    with zf.open(info) as fh:
        data = fh.read(MAX_NAME_PART + 1)
    if len(data) > MAX_NAME_PART or any(m in data for m in _DTD_MARKERS + _DTD_UTF16):
        raise ValueError
    return data


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Lower-case zip path → sheet name, from xl/workbook.xml and its .rels; {} when they cannot be read safely."""
    try:
        book = fromstring(_small_part(zf, "xl/workbook.xml"), forbid_dtd=True)
        rels = fromstring(_small_part(zf, "xl/_rels/workbook.xml.rels"), forbid_dtd=True)
        targets = {}
        for el in rels.iter():
            target = (el.get("Target") or "").lower()
            if _local(el.tag) == "Relationship" and target and el.get("TargetMode") != "External":
                targets[el.get("Id")] = target[1:] if target.startswith("/") else \
                    posixpath.normpath(posixpath.join("xl", target))
        names = {}
        for el in book.iter():
            if _local(el.tag) == "sheet":
                rid = next((v for k, v in el.attrib.items() if _local(k) == "id" and k.startswith("{")), None)
                sheet = "".join(ch for ch in (el.get("name") or "") if ch.isprintable())[:31]
                if rid in targets and sheet:
                    names[targets[rid]] = sheet
        return names
    except Exception:  # noqa: BLE001 - any failure only costs the sheet's name in the message
        return {}


def check_template(path: str | Path) -> None:
    """A .docx report template: the same guards, with messages naming a template."""
    check_zip_file(path, "报告模板")


__all__ = ["UnsafeFileError", "check_zip_file", "check_template", "MAX_TOTAL_UNCOMPRESSED", "MAX_ENTRIES",
           "MAX_RATIO", "RATIO_MIN_SIZE", "MAX_CELLS", "MAX_ROWS", "MAX_AREA", "MAX_ROW_TAGS"]
