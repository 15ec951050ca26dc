"""Pre-parse guards for zip-based Office files (.xlsx/.xlsm workbooks, .docx templates).

Owns the decision "may this file be handed to openpyxl / python-docx at all?".  It refuses, with
one short Chinese message, a file that is not a zip, an OLE2 container (password-protected or
old .xls/.doc), a zip bomb (too much uncompressed data, too many entries, an absurd compression
ratio), a sheet whose declared or actual size is absurd, and any XML part that declares a
DOCTYPE or entities (entity expansion / external entities).  Inspection is streaming: entries
are inflated chunk by chunk and counted, never held whole in memory, and reading stops at the
first limit exceeded.  The limits are module constants so tests can monkeypatch them.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

from .load import LoadError

#: Total uncompressed bytes of all entries.
MAX_TOTAL_UNCOMPRESSED = 200 * 1024 * 1024
#: Number of entries in the zip.
MAX_ENTRIES = 10_000
#: Compression ratio allowed for an entry once it is bigger than RATIO_MIN_SIZE.
MAX_RATIO = 200
RATIO_MIN_SIZE = 1024 * 1024
#: Cells of one worksheet (declared <dimension> or counted <c> elements).
MAX_CELLS = 2_000_000
#: Rows of one worksheet (declared or counted): a form has a few hundred.
MAX_ROWS = 200_000

CHUNK = 64 * 1024
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
ZIP_MAGIC = b"PK\x03\x04"
_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_DTD_UTF16 = tuple(m.decode().encode(enc) for m in _DTD_MARKERS for enc in ("utf-16-le", "utf-16-be"))
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref\s*=\s*[\"']([A-Za-z]{0,3})(\d*)(?::([A-Za-z]{1,3})(\d+))?[\"']")
_CELL = re.compile(rb"<(?:\w+:)?c[\s>/]")
_ROW = re.compile(rb"<(?:\w+:)?row[\s>/]")
_SHEET_PART = re.compile(r"^xl/(worksheets|dialogsheets|macrosheets)/[^/]+\.xml$", re.I)


class UnsafeFileError(LoadError):
    """The file is refused before parsing (exit code 2); the message says why in Chinese."""


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + (ch - 64)
    return n


def _declared_size(head: bytes) -> tuple[int, int]:
    """(rows, cells) of the first ``<dimension ref=…>`` in ``head``; (0, 0) without a range."""
    m = _DIMENSION.search(head)
    if not m or not m.group(3):
        return 0, 0
    c1, r1 = _col_number(m.group(1) or b"A"), int(m.group(2) or 1)
    c2, r2 = _col_number(m.group(3)), int(m.group(4))
    rows = abs(r2 - r1) + 1
    return rows, (abs(c2 - c1) + 1) * rows


def _refuse(what: str, name: str, why: str) -> UnsafeFileError:
    return UnsafeFileError(f"{what}“{name}”{why}，已拒绝读取")


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
        raise _refuse(what, name, "设置了打开密码（已加密）或是旧版格式（.xls/.doc）：请在Office中取消密码并另存为新格式后再试")
    if not head.startswith(ZIP_MAGIC):
        raise _refuse(what, name, "不是有效的Office文件（文件已损坏或格式不对）")
    try:
        with zipfile.ZipFile(path) as zf:
            _check_entries(zf, what, name)
    except UnsafeFileError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError,
            RuntimeError) as exc:  # corrupt, truncated, encrypted entry, unknown compression
        raise _refuse(what, name, "已损坏（压缩包结构无效）") from exc


def _check_entries(zf: zipfile.ZipFile, what: str, name: str) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise _refuse(what, name, f"包含{len(infos)}个部件，超过上限{MAX_ENTRIES}，可能是恶意文件")
    declared = sum(i.file_size for i in infos)
    if declared > MAX_TOTAL_UNCOMPRESSED:
        raise _refuse(what, name, f"解压后过大（{declared // 1048576} MB，上限 {MAX_TOTAL_UNCOMPRESSED // 1048576} MB），"
                                  "可能是压缩炸弹或包含过多内容")
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        if info.file_size > RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise _refuse(what, name, f"的部件“{info.filename}”压缩比异常（超过{MAX_RATIO}:1），可能是压缩炸弹")
        total = _scan_entry(zf, info, total, what, name)


def _scan_entry(zf: zipfile.ZipFile, info: zipfile.ZipInfo, total: int, what: str, name: str) -> int:
    """Inflate one entry in chunks: count real bytes, look for DTDs and sheet sizes; return new total."""
    lower = info.filename.lower()
    is_xml = lower.endswith((".xml", ".rels", ".vml")) or "." not in lower.rsplit("/", 1)[-1]
    is_sheet = bool(_SHEET_PART.match(info.filename))
    size = cells = rows = 0
    tail = b""
    first = True
    with zf.open(info) as fh:
        while True:
            chunk = fh.read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            total += len(chunk)
            if total > MAX_TOTAL_UNCOMPRESSED:
                raise _refuse(what, name, f"解压后超过上限 {MAX_TOTAL_UNCOMPRESSED // 1048576} MB，可能是压缩炸弹")
            if size > RATIO_MIN_SIZE and size > MAX_RATIO * max(info.compress_size, 1):
                raise _refuse(what, name, f"的部件“{info.filename}”压缩比异常（超过{MAX_RATIO}:1），可能是压缩炸弹")
            if not is_xml:
                continue
            window = tail + chunk
            if any(m in window for m in _DTD_MARKERS + _DTD_UTF16):
                raise _refuse(what, name, f"的部件“{info.filename}”含有DTD/实体声明（可能是XML实体攻击）")
            if is_sheet:
                if first:
                    d_rows, d_cells = _declared_size(window[:4096])
                    if d_rows > MAX_ROWS or d_cells > MAX_CELLS:
                        raise _refuse(what, name, f"的工作表“{info.filename}”声明的范围过大"
                                                  f"（超过{MAX_ROWS}行或{MAX_CELLS}个单元格）")
                # a tag cut at a chunk edge is missed: a bound, not an exact count
                cells += len(_CELL.findall(chunk))
                rows += len(_ROW.findall(chunk))
                if cells > MAX_CELLS or rows > MAX_ROWS:
                    raise _refuse(what, name, f"的工作表“{info.filename}”单元格过多"
                                              f"（超过{MAX_ROWS}行或{MAX_CELLS}个单元格）")
            tail = window[-32:]
            first = False
    return total


def check_template(path: str | Path) -> None:
    """A .docx report template: the same guards, with messages naming a template."""
    check_zip_file(path, "报告模板")


__all__ = ["UnsafeFileError", "check_zip_file", "check_template", "MAX_TOTAL_UNCOMPRESSED", "MAX_ENTRIES",
           "MAX_RATIO", "MAX_CELLS", "MAX_ROWS"]
