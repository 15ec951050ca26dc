"""xlperf.infra.safety judged by fast tests (issue 19): small zips written in the test, the counter fed by hand,
the helpers called with hand values.

Expected values come from: the spreadsheet cell reference rules (column letters A → 1, Z → 26, AA → 27, XFD → 16384,
the row after the letters; openpyxl upper-cases a reference and splits it at the first digit, ``$`` is not a
letter), XML's character references (``&#52;`` and ``&#x34;`` are "4", the five predefined entities), the codecs
Python documents (a ``replace`` decoder gives U+FFFD; ``zlib`` is a bytes-to-bytes codec, not a text encoding), the
OOXML package layout (a relationship ``Target`` is relative to ``xl/`` or absolute from the package root, an
external one has ``TargetMode="External"``; the sheet's ``r:id`` is in the relationships namespace) and the exact
Chinese message a clerk reads, written out here (the test is the spec): what (工作簿/报告模板), the file's name, the
part as the clerk knows it, what to do.

Code made simpler so that equivalent mutants no longer exist (behaviour the same, the module's tests green):
a reference's column comes from one function with no cache (a cache keyed by the letters made ``.get(None)``,
``.get(group 2)`` and its size cap of 20 000 — never reached: at most ZZZ, 18 278 keys — mutants that changed
nothing); ``_cell_ref`` has one path (a fast path for plain ``B7`` returned what the general one returns);
``_col_letters`` has no cap of 8 letters (a counted column has at most three); the ``r`` candidates of a row or a
cell are always read with the first one (``r=""`` is no candidate, so ``if first else attrs`` chose nothing);
``describe`` removes one leading ``/`` with ``removeprefix`` (``lstrip("/")`` of a lower-cased key could not tell
``"XX/XX"`` from ``"/"``); the DTD overlap is derived from the markers (17 bytes: any overlap from 17 up was the
same); a part's first chunk starting ``<\\0`` is already XML-looking; a codec's ``_is_text_encoding`` is read
directly (CodecInfo always has it); the UTF-16 decoders are the encodings modules' own (no codec name in
another letter case); the row-has-a-cell flag is added to the row count as 0/1 and the cell-open flags are set
from comparisons (no ``False`` whose ``None`` mutant tested alike); the declared encoding's name and the transcoded text use ``decode()``/
``encode(errors=…)`` (no codec name whose letter case changes nothing).

Equivalent mutants left (argued here):

* ``_Counter.__init__``: ``self.carry = b""`` → ``b"XXXX"`` (the same four bytes of text before the part's first
  tag).
* ``_Scan.entry``: ``tail = b""`` → ``b"XXXX"``: the DTD scan looks for markers that start with ``<``; four ``X``
  before the first chunk neither make nor break one.
* ``_Counter._count``: ``self._open = False`` → ``None`` where a ``<v>``/``<f>``/``<is>`` is counted for the open
  cell (the flag is only tested for truth).
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path
from types import SimpleNamespace

import pytest

from xlperf.infra import safety
from xlperf.errors import UnsafeFileError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKGREL = "http://schemas.openxmlformats.org/package/2006/relationships"
TODO_RESAVE = "请在Office中打开并另存为新文件后再试"
TODO_SOURCE = "请确认文件来源可靠，在Office中另存为新文件后再试"
TODO_ROWS = "请删除多余的行或另存为新文件后再试"
TODO_AREA = "请删除表格下方和右侧多余的行和列（整行/整列删除）或另存为新文件后再试"


def workbook_xml(sheets: list[tuple[str, str]]) -> bytes:
    body = "".join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="{rid}"/>' for i, (n, rid) in enumerate(sheets))
    return f'<workbook xmlns="{MAIN}" xmlns:r="{RELNS}"><sheets>{body}</sheets></workbook>'.encode()


def rels_xml(rels: list[str]) -> bytes:
    return f'<Relationships xmlns="{PKGREL}">{"".join(rels)}</Relationships>'.encode()


def rel(rid: str, target: str, extra: str = "") -> str:
    return f'<Relationship Id="{rid}" Type="{RELNS}/worksheet" Target="{target}"{extra}/>'


def sheet(rows: str) -> bytes:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'.encode()


BOOK = {"xl/workbook.xml": workbook_xml([("指标评分", "rId1")]),
        "xl/_rels/workbook.xml.rels": rels_xml([rel("rId1", "worksheets/sheet1.xml")])}


def make_zip(path: Path, parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in parts.items():
            if name.endswith("/"):
                zf.writestr(zipfile.ZipInfo(name), b"")
            else:
                zf.writestr(name, data)
    return path


def book(tmp_path: Path, rows: str = '<row r="1"><c r="A1"><v>1</v></c></row>', name: str = "t.xlsx",
         **extra: bytes) -> Path:
    return make_zip(tmp_path / name, {**BOOK, "xl/worksheets/sheet1.xml": sheet(rows),
                                      **{k.replace("__", "/"): v for k, v in extra.items()}})


def message(path: Path, what: str | None = None) -> str:
    with pytest.raises(UnsafeFileError) as info:
        if what is None:
            safety.check_zip_file(path)
        else:
            safety.check_zip_file(path, what)
    return str(info.value)


def counted(xml: bytes, chunk: int | None = None) -> safety._Counter:
    c = safety._Counter(xml[:64])
    if chunk is None:
        assert not c.feed(xml)
    else:
        for i in range(0, len(xml), chunk):
            assert not c.feed(xml[i:i + chunk])
    c.finish()
    return c


# ----------------------------------------------------------------------------- the file itself


def test_file_problems_read_in_full(tmp_path):
    assert message(tmp_path / "none.xlsx") == f"文件不存在：{tmp_path / 'none.xlsx'}"
    folder = tmp_path / "d.xlsx"
    folder.mkdir()
    assert message(folder) == "工作簿“d.xlsx”无法打开：Is a directory"
    ole = tmp_path / "old.xls"
    ole.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(100))
    assert message(ole) == ("工作簿“old.xls”设置了打开密码（已加密）或是旧版格式（.xls/.doc），已拒绝读取。"
                            "请在Office中取消密码并另存为新格式后再试")
    text = tmp_path / "a.xlsx"
    text.write_bytes(b"name,value\n")
    assert message(text) == ("工作簿“a.xlsx”不是有效的Office文件（文件已损坏或格式不对），已拒绝读取。"
                             "请确认选对了文件，或在Office中另存为新文件后再试")
    broken = tmp_path / "b.xlsx"
    broken.write_bytes(b"PK\x03\x04" + bytes(60))
    assert message(broken) == f"工作簿“b.xlsx”已损坏（压缩包结构无效），已拒绝读取。{TODO_RESAVE}"


def test_a_template_is_named_a_template(tmp_path):
    path = tmp_path / "模板.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(UnsafeFileError) as info:
        safety.check_template(path)
    assert str(info.value) == ("报告模板“模板.docx”不是有效的Office文件（文件已损坏或格式不对），已拒绝读取。"
                               "请确认选对了文件，或在Office中另存为新文件后再试")
    assert message(path, "报告模板") == str(info.value)


def test_a_sane_small_workbook_passes_and_is_not_changed(tmp_path):
    path = book(tmp_path)
    before = path.read_bytes()
    safety.check_zip_file(str(path))  # a str path too
    assert path.read_bytes() == before


def test_a_folder_entry_is_skipped_not_the_end(tmp_path):
    """A directory entry ("xl/") has nothing to read; the parts after it are still checked."""
    parts = {"xl/": b"", **BOOK, "xl/worksheets/sheet1.xml": b'<!DOCTYPE x [<!ENTITY a "b">]>' + sheet("")}
    assert message(make_zip(tmp_path / "t.xlsx", parts)) == (
        f"工作簿“t.xlsx”的工作表“指标评分”含有DTD/实体声明（可能是XML实体攻击），已拒绝读取。{TODO_SOURCE}")


# ----------------------------------------------------------------------------- which parts are XML


@pytest.mark.parametrize("name, xml", [
    ("xl/worksheets/sheet9.XML", True), ("_rels/.rels", True), ("xl/drawings/vmlDrawing1.vml", True),
    ("xl/data.v2/blob", True),  # no extension in the name itself (a dot in the folder does not count)
    ("xl/media/image1.png", False), ("xl/media/x.bin", False),
])
def test_dtd_is_looked_for_in_xml_parts_only(tmp_path, name, xml):
    """A binary part may hold any bytes; an XML part (by its name) with a DTD is refused."""
    path = book(tmp_path, **{name.replace("/", "__"): b"\x89PNG <!DOCTYPE x>"})
    if xml:
        assert "含有DTD/实体声明（可能是XML实体攻击）" in message(path)
    else:
        safety.check_zip_file(path)


def test_a_dtd_cut_at_the_last_possible_byte_is_found(tmp_path, monkeypatch):
    """The longest marker (UTF-16 "<!DOCTYPE", 18 bytes) with 17 of its bytes at the end of one chunk."""
    marker = "<!DOCTYPE".encode("utf-16-le")
    assert len(marker) == 18
    monkeypatch.setattr(safety, "CHUNK", 64)
    data = b"\xff\xfe" + b" \0" * 23 + marker  # 2 + 46 bytes, then the marker from byte 48: 16 in chunk one
    path = make_zip(tmp_path / "t.xlsx", {**BOOK, "xl/worksheets/sheet1.xml": b"x" * 47 + marker})
    assert "含有DTD" in message(path)
    path = make_zip(tmp_path / "u.xlsx", {**BOOK, "xl/worksheets/sheet1.xml": data})
    assert "含有DTD" in message(path)


@pytest.mark.parametrize("head", [codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, b""])
def test_utf16_xml_under_any_name_is_counted(tmp_path, head):
    """A part named .bin holding UTF-16 XML (with a BOM, or big-endian without one) is counted like a sheet."""
    xml = '<worksheet><sheetData><row r="1"><c r="XFD1048576" s="1"/></row></sheetData></worksheet>'
    enc = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be", b"": "utf-16-be"}[head]
    path = book(tmp_path, **{"xl__data__part.bin": head + xml.encode(enc)})
    assert message(path) == ("工作簿“t.xlsx”的其中一个内部部件使用范围过大（一直延伸到单元格XFD1048576，"
                             f"空白但带格式的单元格也算在内），已拒绝读取。{TODO_AREA}")


def test_a_tag_too_long_is_refused_with_the_sheet_s_name(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_TAG", 100)
    monkeypatch.setattr(safety, "CHUNK", 64)
    path = book(tmp_path, '<row r="1"><c r="A1" x="' + "a" * 300 + '"/></row>')
    assert message(path) == f"工作簿“t.xlsx”的工作表“指标评分”含有异常的XML（标签过长），已拒绝读取。{TODO_RESAVE}"


def test_the_last_tag_of_a_part_is_counted(tmp_path):
    """A part cut off right after a far-away cell: the end of the part counts what the carry holds."""
    path = book(tmp_path, **{"xl__worksheets__sheet1.xml": b'<worksheet><sheetData><row r="1"><c r="XFD1048576"/>'})
    assert message(path) == ("工作簿“t.xlsx”的工作表“指标评分”使用范围过大（一直延伸到单元格XFD1048576，"
                             f"空白但带格式的单元格也算在内），已拒绝读取。{TODO_AREA}")
    c = counted(b'<row r="1"><c r="B1"><v>1</v></c>')  # no </row>: the last row is closed at the end
    assert (c.cells, c.rows, c.max_col) == (1, 1, 2)


def test_stray_tags_are_counted_across_chunks():
    assert counted(sheet("<v>1</v>" * 10), chunk=16).events == 10


def test_a_carried_tag_may_be_exactly_max_tag_long(monkeypatch):
    monkeypatch.setattr(safety, "MAX_TAG", 100)
    tag = b'<c r="A1" x="' + b"a" * 87
    assert len(tag) == 100
    assert safety._Counter(b"<").feed(b"<row>" + tag) is False
    assert safety._Counter(b"<").feed(b"<row>" + tag + b"a") is True


def test_a_part_whose_encoding_cannot_be_decoded_is_counted_as_bytes(tmp_path, monkeypatch):
    """Python's idna codec refuses the "replace" error handler: the counter falls back to the raw bytes, chunk after
    chunk, and still finds the far-away cell."""
    monkeypatch.setattr(safety, "CHUNK", 40)
    xml = b'<?xml version="1.0" encoding="idna"?>' + sheet('<row r="1"><c r="XFD1048576" s="1"/></row>')
    assert "使用范围过大（一直延伸到单元格XFD1048576" in message(book(tmp_path, **{"xl__worksheets__sheet1.xml": xml}))


def test_an_empty_part_uses_no_range():
    c = counted(sheet("") + b'<row r="3"/>')
    assert (c.cells, c.rows, c.max_row, c.max_col, c.cell_objects, c.row_tags, c.events) == (0, 0, 0, 0, 0, 1, 1)


def test_only_a_part_that_starts_as_xml_is_counted(tmp_path, monkeypatch):
    """The first chunk decides: binary at first, XML-looking later is not a sheet; an .xml part is counted even
    when it starts with more white space than the sniffing allows."""
    monkeypatch.setattr(safety, "CHUNK", 16)
    far = b'<row r="1"><c r="XFD1048576" s="1"/></row>'
    safety.check_zip_file(book(tmp_path, **{"xl__media__a.bin": b"\x00" * 16 + far}))
    path = book(tmp_path, **{"xl__worksheets__sheet1.xml": b" " * 100 + sheet(far.decode())}, name="u.xlsx")
    assert "使用范围过大" in message(path)
    path = book(tmp_path, **{"xl__data__s.bin": b"\n" * 10 + sheet(far.decode())}, name="v.xlsx")
    assert "其中一个内部部件使用范围过大" in message(path)


def test_a_binary_part_is_not_counted(tmp_path):
    safety.check_zip_file(book(tmp_path, **{"xl__media__a.bin": b"\x00\x01" + b'<c r="XFD1048576"/>' * 3}))


# ----------------------------------------------------------------------------- limits on the zip (stand-in zip)


class FakeZip:
    """Stand-in for an open zipfile: entries with any declared sizes, their data read from memory."""

    def __init__(self, entries: list[tuple[str, int, int, bytes]]):
        self.infos, self.data = [], {}
        for name, size, packed, data in entries:
            info = zipfile.ZipInfo(name)
            info.file_size, info.compress_size = size, packed
            self.infos.append(info)
            self.data[name] = data

    def infolist(self):
        return self.infos

    def open(self, info):
        return io.BytesIO(self.data[info.filename])


def scan(entries) -> None:
    safety._Scan(FakeZip(entries), "工作簿", "t.xlsx").run()


def scan_message(entries) -> str:
    with pytest.raises(UnsafeFileError) as info:
        scan(entries)
    return str(info.value)


def test_the_declared_ratio_limit_is_exact(monkeypatch):
    monkeypatch.setattr(safety, "RATIO_MIN_SIZE", 100)
    monkeypatch.setattr(safety, "MAX_RATIO", 10)
    scan([("xl/media/a.bin", 200, 20, b"")])  # exactly 10:1
    scan([("xl/media/a.bin", 100, 1, b"")])  # not bigger than RATIO_MIN_SIZE
    scan([("xl/media/a.bin", 10, 0, b"")])  # nothing packed counts as 1 byte
    assert scan_message([("xl/media/a.bin", 201, 20, b"")]) == (
        f"工作簿“t.xlsx”的图片压缩比异常（超过10:1），可能是压缩炸弹，已拒绝读取。{TODO_SOURCE}")
    assert "压缩比异常" in scan_message([("xl/media/a.bin", 101, 0, b"")])
    assert "压缩比异常" in scan_message([("xl/media/a.bin", 101, 1, b"")])


def test_the_streamed_ratio_limit_is_exact(monkeypatch):
    """Declared sizes can lie: the inflated bytes are held to the same ratio."""
    monkeypatch.setattr(safety, "RATIO_MIN_SIZE", 100)
    monkeypatch.setattr(safety, "MAX_RATIO", 10)
    monkeypatch.setattr(safety, "CHUNK", 50)
    scan([("xl/media/a.bin", 1, 20, b"\0" * 200)])
    scan([("xl/media/a.bin", 1, 0, b"\0" * 100)])
    assert "图片压缩比异常（超过10:1）" in scan_message([("xl/media/a.bin", 1, 20, b"\0" * 201)])
    assert "压缩比异常" in scan_message([("xl/media/a.bin", 1, 0, b"\0" * 101)])


def test_nothing_packed_counts_as_one_byte_in_both_ratio_checks(monkeypatch):
    monkeypatch.setattr(safety, "RATIO_MIN_SIZE", 5)
    monkeypatch.setattr(safety, "MAX_RATIO", 10)
    scan([("xl/media/a.bin", 1, 0, b"\0" * 10)])
    assert "压缩比异常" in scan_message([("xl/media/a.bin", 1, 0, b"\0" * 15)])  # streamed: 15 > 10 × 1
    assert "压缩比异常" in scan_message([("xl/media/a.bin", 15, 0, b"")])  # declared: the same


def test_the_declared_total_and_entry_limits_are_exact(monkeypatch):
    monkeypatch.setattr(safety, "MAX_TOTAL_UNCOMPRESSED", 3 * 1048576)
    monkeypatch.setattr(safety, "MAX_ENTRIES", 3)
    monkeypatch.setattr(safety, "RATIO_MIN_SIZE", 10 ** 9)
    scan([("a.bin", 1048576, 1048576, b""), ("b.bin", 2 * 1048576, 2 * 1048576, b""), ("c.bin", 0, 0, b"")])
    assert scan_message([("a.bin", 3 * 1048576 + 1, 9, b"")]) == (
        "工作簿“t.xlsx”解压后过大（3 MB，上限 3 MB），可能是压缩炸弹或包含过多内容，已拒绝读取。请删除无关的工作表或图片后再试")
    assert scan_message([(f"{i}.bin", 0, 0, b"") for i in range(4)]) == (
        f"工作簿“t.xlsx”包含4个部件，超过上限3，可能是恶意文件，已拒绝读取。{TODO_SOURCE}")


def test_the_streamed_total_is_exact(monkeypatch):
    monkeypatch.setattr(safety, "MAX_TOTAL_UNCOMPRESSED", 2 * 1048576)
    monkeypatch.setattr(safety, "RATIO_MIN_SIZE", 10 ** 9)
    half = b"\0" * 1048576
    scan([("a.bin", 1, 1, half), ("b.bin", 1, 1, half)])
    assert scan_message([("a.bin", 1, 1, half), ("b.bin", 1, 1, half + b"\0")]) == (
        "工作簿“t.xlsx”解压后超过上限 2 MB，可能是压缩炸弹，已拒绝读取。请删除无关的工作表或图片后再试")


# ----------------------------------------------------------------------------- what a sheet holds


def fake_counter(**kw) -> SimpleNamespace:
    base = dict(cells=0, rows=0, max_row=0, max_col=0, cell_objects=0, row_tags=0, events=0)
    return SimpleNamespace(**{**base, **kw})


def check(counter) -> str | None:
    s = safety._Scan(FakeZip([]), "工作簿", "t.xlsx")
    s._names = {"xl/worksheets/sheet1.xml": "指标评分"}
    try:
        s.check(counter, "xl/worksheets/sheet1.xml")
    except UnsafeFileError as exc:
        return str(exc)
    return None


def test_each_content_limit_is_exact_and_says_what_to_do(monkeypatch):
    for name, value in (("MAX_CELLS", 50), ("MAX_ROWS", 40), ("MAX_AREA", 1000), ("MAX_ROW_TAGS", 30)):
        monkeypatch.setattr(safety, name, value)
    head = "工作簿“t.xlsx”的工作表“指标评分”"
    assert check(fake_counter(cells=50, rows=40, max_row=40, max_col=25, cell_objects=1000, row_tags=30,
                              events=2 * (1000 + 30))) is None
    assert check(fake_counter(cells=51)) == f"{head}内容过多（有内容的单元格超过50个），已拒绝读取。{TODO_ROWS}"
    assert check(fake_counter(rows=41)) == f"{head}内容过多（有内容的行超过40行），已拒绝读取。{TODO_ROWS}"
    assert check(fake_counter(max_row=77, max_col=13)) == (
        f"{head}使用范围过大（一直延伸到单元格M77，空白但带格式的单元格也算在内），已拒绝读取。{TODO_AREA}")
    assert check(fake_counter(max_row=2, max_col=500, cell_objects=1001)) == (
        f"{head}使用范围过大（超过1000个单元格，空白但带格式的单元格也算在内），已拒绝读取。{TODO_AREA}")
    assert check(fake_counter(row_tags=31)) == f"{head}行数异常（超过30行，空行也算在内），已拒绝读取。{TODO_ROWS}"
    assert check(fake_counter(events=2 * (1000 + 30) + 1)) == (
        f"{head}结构异常（标签过多），可能是恶意文件，已拒绝读取。{TODO_SOURCE}")


def test_cells_rows_and_the_used_range_are_counted_as_openpyxl_reads_them():
    c = counted(sheet('<row r="2"><c r="B2" s="1"/><c r="C2"><v>1</v></c><c s="1"/></row>'
                      '<row><c t="inlineStr"><is><t>x</t></is></c><c><f>A1</f></c></row>'
                      '<row r="9"/><row r="12" spans="1:3"><c r="AA12"><v>2</v></c></row>'))
    # row 2: B2 (empty, styled), C2 (value), D2 (no r: after C); row 3 (no r: after 2): A3, B3; row 9 empty; AA12
    assert (c.cells, c.rows, c.max_row, c.max_col, c.cell_objects, c.row_tags) == (4, 3, 12, 27, 6, 4)


def test_the_first_row_and_cell_without_r_are_row_1_column_1():
    c = counted(sheet('<v>9</v><row><c s="1"/></row>'))  # a stray <v> before any cell counts for nothing
    assert (c.max_row, c.max_col, c.cells, c.rows) == (1, 1, 0, 0)
    c = counted(sheet('<row><c><v>1</v></c></row>'))
    assert (c.max_row, c.max_col, c.cells, c.rows) == (1, 1, 1, 1)


def test_a_plain_r_is_taken_as_it_is_even_with_an_r_in_other_attributes():
    """openpyxl reads r="A1" as column 1 even after C1 (t="str" holds the letter r, not an r attribute)."""
    c = counted(sheet('<row r="9"><c r="C9" t="str"/><c r="A2" t="str"/></row>'))
    assert (c.max_row, c.max_col, c._row, c._col) == (9, 3, 9, 1)


@pytest.mark.parametrize("cell, cells", [(b'<c r="B1"/>', 0), (b'<c r="B1" s="1"/>', 0), (b"<c/>", 0),
                                         (b'<c r="B1" s="1">', 1), (b"<c>", 1)])
def test_a_value_in_the_next_chunk_belongs_to_an_open_cell_only(cell, cells):
    """Cut right after the cell's tag: a <v> in the next chunk is the cell's content unless the tag closed itself."""
    c = safety._Counter(b"<")
    assert not c.feed(b'<worksheet><sheetData><row r="1">' + cell + b"<v")
    assert not c.feed(b">7</v></row></sheetData></worksheet>")
    c.finish()
    assert (c.cells, c.rows) == (cells, cells)


def test_a_value_after_a_row_s_end_is_no_cell():
    assert counted(sheet('<row r="1"/><v>1</v><row r="2"><c r="A2"/></row><v>2</v>')).cells == 0


@pytest.mark.parametrize("attrs", [b"", b' customFormat="1"'])  # the second holds the letter r, no r attribute
def test_a_row_s_plain_r_is_taken_as_it_is_even_backwards(attrs):
    c = counted(sheet("") + b'<row r="5"/><row r="2"' + attrs + b'><c s="1"/></row>')
    assert (c.max_row, c.max_col, c._row) == (2, 1, 2)


def test_only_the_file_s_head_is_read_to_tell_its_kind(tmp_path, monkeypatch):
    """Eight bytes (the OLE2 magic's length) tell an old/encrypted file from a zip: nothing more is read for that."""
    asked = []

    class Head(io.BytesIO):
        def read(self, n=-1):
            asked.append(n)
            return super().read(n)

    monkeypatch.setattr(safety, "open", lambda path, mode: Head(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(50)),
                        raising=False)
    with pytest.raises(UnsafeFileError, match="设置了打开密码"):
        safety.check_zip_file(tmp_path / "x.xlsx")
    assert asked == [8]


def test_cells_without_r_follow_the_previous_one():
    c = counted(sheet('<row r="1"><c s="1"/><c s="1"/><c s="1"/></row>'))
    assert (c.max_row, c.max_col, c.cells) == (1, 3, 0)


def test_odd_r_candidates_take_the_largest_place():
    """A plain r="XFD7" written first with another r="…" inside a value: both are candidates."""
    c = counted(sheet('<row r="1"><c r="XFD7" t=\' r="A1"\' s="1"/></row>'))
    assert (c.max_row, c.max_col) == (7, 16384)
    c = counted(sheet('<row r="3"><c r="B3" t=\' r="D9"\' s="1"/></row>'))
    assert (c.max_row, c.max_col) == (9, 4)
    c = counted(sheet('<row r="5" x=\' r="8"\'><c s="1"/></row><row><c s="1"/></row>'))
    assert (c.max_row, c.row_tags) == (9, 2)  # the row takes 8, the next one 9


def test_a_cell_split_from_its_value_by_a_chunk_edge_still_counts():
    xml = sheet('<row r="1"><c r="A1">' + " " * 30 + '<v>1</v></c><c r="B1"/></row><row r="2"/>')
    for chunk in (1, 5, 17, 40):
        c = counted(xml, chunk)
        assert (c.cells, c.rows, c.row_tags) == (1, 1, 2), chunk


def test_merged_and_linked_ranges_count_every_cell():
    c = counted(sheet("") + f'<mergeCells><mergeCell ref="B2:D5"/></mergeCells>'.encode()
                + b'<hyperlinks><hyperlink ref="E9"/></hyperlinks>')
    assert (c.cell_objects, c.max_row, c.max_col) == (12 + 1, 9, 5)


def test_a_long_tag_is_refused_a_long_text_or_comment_is_not(monkeypatch):
    monkeypatch.setattr(safety, "MAX_TAG", 100)
    c = safety._Counter(b"<")
    assert c.feed(b'<row r="5"><c r="B5"><v>' + b"1" * 300) is False
    assert (c.cells, c.carry) == (1, b"")  # the <v> after the cell was counted when the carry was settled
    for long in (b"<!--" + b"x" * 300, b"<?pi" + b"x" * 300, b"<other " + b"x" * 300):
        assert safety._Counter(b"<").feed(long) is False, long[:6]
    for giant in (b'<c r="A1" s="1" x="' + b"a" * 300, b"<" + b"n" * 300):
        assert safety._Counter(b"<").feed(giant) is True, giant[:6]


def test_a_utf7_part_is_transcoded_even_with_a_lone_surrogate():
    """Python's UTF-7 decoder gives a lone surrogate for "+2AA-": it is carried through, the cell after it counted."""
    data = b'<?xml version="1.0" encoding="UTF-7"?><x>+2AA-</x><row r="1">+ADw-c r="XFD9" s="1"/></row>'
    assert codecs.decode(b"+ADw-", "utf-7") == "<" and codecs.decode(b"+2AA-", "utf-7") == "\ud800"
    c = counted(data)
    assert (c.max_row, c.max_col) == (9, 16384)


# ----------------------------------------------------------------------------- the helpers


@pytest.mark.parametrize("n, letters", [(1, "A"), (26, "Z"), (27, "AA"), (52, "AZ"), (702, "ZZ"), (703, "AAA"),
                                        (16384, "XFD"), (18278, "ZZZ"), (0, ""), (-3, "")])
def test_column_letters_and_numbers(n, letters):
    assert safety._col_letters(n) == letters
    if n > 0:
        assert safety._col_number(letters) == n


@pytest.mark.parametrize("raw, place", [
    (b"B7", (7, 2)), (b"xfd1048576", (1048576, 16384)), (b"A&#52;000001", (4000001, 1)),
    (b"$Z$9", (9, 26)), (b"A_B1", (1, 28)), (b"ABCD1", (1, 2 * 676 + 3 * 26 + 4)), (b"7", (7, 1)),
    (b"AB", None), (b"", None), (b"B7x", None),
])
def test_cell_reference_as_openpyxl_reads_it(raw, place):
    assert safety._cell_ref(raw) == place


@pytest.mark.parametrize("raw, corners", [
    (b"B2:D5", (2, 2, 5, 4)), (b"D5:B2", (2, 2, 5, 4)), (b"C3", (3, 3, 3, 3)), (b"a1:b2:c3", (1, 1, 2, 2)),
    (b"A:B", (1, 1, 1048576, 2)), (b"2:3", (2, 1, 3, 16384)), (b"A1:B&#50;", (1, 1, 2, 2)),
    (b"A1234567890123456:A1", (1, 1, 123456789012345, 1)),  # at most 15 digits
    (b"AB1:$Z$9", (1, 26, 9, 28)), (b"A1:A_B2", (1, 1, 2, 28)), (b"ABCD1:A1", (1, 1, 1, 2 * 676 + 3 * 26 + 4)),
])
def test_range_reference_is_never_smaller_than_openpyxl_s(raw, corners):
    assert safety._range_ref(raw) == corners


@pytest.mark.parametrize("raw, row", [(b"12", 12), (b"4.000001e6", 4000001), (b"2.5", 0), (b"x", 0), (b"&#55;", 7),
                                      (b"", 0)])
def test_row_number_as_openpyxl_reads_it(raw, row):
    assert safety._row_number(raw) == row


@pytest.mark.parametrize("raw, text", [(b"plain", "plain"), (b"&#52;&#x34;&#X34;", "44&#X34;"), (b"&amp;&lt;&gt;", "&<>"),
                                       (b"&quot;&apos;", "\"'"), (b"&#99999999;", "?"), (b"a\xffb", "a\ufffdb"),
                                       (b"&nbsp;", "&nbsp;")])
def test_attribute_values_are_unescaped_like_an_xml_parser(raw, text):
    assert safety._unescape(raw) == text


def test_the_decoder_follows_the_bom_or_the_declaration():
    assert safety._decoder(codecs.BOM_UTF8 + b'<?xml version="1.0" encoding="UTF-16"?>') is None
    assert safety._decoder(b'<?xml version="1.0" encoding="UTF-8"?>') is None
    assert safety._decoder(b'<?xml version="1.0" encoding="utf8"?>') is None
    assert safety._decoder(b'<?xml version="1.0" encoding="US-ASCII"?>') is None
    assert safety._decoder(b'<?xml version="1.0" encoding="x-unknown"?>') is None
    assert safety._decoder(b'<?xml version="1.0" encoding="zlib"?>') is None  # bytes-to-bytes
    assert safety._decoder(b"<worksheet>") is None
    assert safety._decoder(codecs.BOM_UTF16_LE).decode(codecs.BOM_UTF16_LE + "<".encode("utf-16-le") + b"\x00\xd8A\x00",
                                                       True) == "<\ufffdA"
    assert safety._decoder(codecs.BOM_UTF16_BE + "<a>".encode("utf-16-be")).decode(
        codecs.BOM_UTF16_BE + "<a>".encode("utf-16-be"), True) == "<a>"
    assert safety._decoder(b"<\0w\0").decode(b"<\0\x00\xd8w\0", True) == "<\ufffdw"  # a lone surrogate: replaced
    assert safety._decoder(b"\0<\0w").decode(b"\0<\xd8\x00\0w", True) == "<\ufffdw"
    latin = safety._decoder(b"<?xml version='1.0' encoding='ISO-8859-1'?>")
    assert latin.decode(b"\xdf", True) == "\xdf"
    assert safety._decoder(b'<?xml version="1.0" encoding="windows-1252"?>').decode(b"\x81", True) == "\ufffd"


# ----------------------------------------------------------------------------- naming the part


def names_of(tmp_path, parts: dict[str, bytes]) -> dict[str, str]:
    with zipfile.ZipFile(make_zip(tmp_path / "n.xlsx", parts)) as zf:
        return safety.sheet_names(zf)


def test_sheet_names_follow_the_relationships(tmp_path):
    book_xml = workbook_xml([("指标评分", "rId1"), ("基本&#9;情况" + "长" * 40, "rId2"), ("外部", "rId3"),
                             ("", "rId4"), ("无目标", "rId5"), ("上级", "rId6")])
    rels = rels_xml([rel("rId1", "worksheets/Sheet1.xml"), rel("rId2", "/xl/worksheets/sheet2.xml"),
                     rel("rId3", "http://x/y.xml", ' TargetMode="External"'), rel("rId4", "worksheets/sheet4.xml"),
                     f'<Relationship Id="rId5" Type="{RELNS}/worksheet"/>', rel("rId6", "../xl/w/s6.xml")])
    assert names_of(tmp_path, {"xl/workbook.xml": book_xml, "xl/_rels/workbook.xml.rels": rels}) == {
        "xl/worksheets/sheet1.xml": "指标评分", "xl/worksheets/sheet2.xml": "基本情况" + "长" * 27,
        "xl/w/s6.xml": "上级"}


def test_a_sheet_id_outside_the_relationships_namespace_is_not_used(tmp_path):
    book_xml = (f'<workbook xmlns="{MAIN}" xmlns:r="{RELNS}"><sheets><sheet name="A" sheetId="1" id="rId1"/>'
                '<sheet name="B" sheetId="2" r:id="rId2"/></sheets></workbook>')
    rels = rels_xml([rel("rId1", "worksheets/sheet1.xml"), rel("rId2", "worksheets/sheet2.xml")])
    assert names_of(tmp_path, {"xl/workbook.xml": book_xml.encode(), "xl/_rels/workbook.xml.rels": rels}) == {
        "xl/worksheets/sheet2.xml": "B"}


def test_name_parts_are_read_only_when_small_and_without_dtd(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_NAME_PART", len(BOOK["xl/workbook.xml"]))
    assert names_of(tmp_path, BOOK) == {}  # the .rels is bigger than the limit
    monkeypatch.setattr(safety, "MAX_NAME_PART", max(map(len, BOOK.values())))
    assert names_of(tmp_path, BOOK) == {"xl/worksheets/sheet1.xml": "指标评分"}
    dtd = {**BOOK, "xl/workbook.xml": b"<!DOCTYPE w>" + BOOK["xl/workbook.xml"]}
    monkeypatch.setattr(safety, "MAX_NAME_PART", 4 * 1024 * 1024)
    assert names_of(tmp_path, dtd) == {}


def test_the_parser_refuses_a_dtd_on_its_own(tmp_path, monkeypatch):
    """Second guard: were the byte scan of _small_part bypassed, the parser still refuses a DOCTYPE (no names)."""
    monkeypatch.setattr(safety, "_small_part", lambda zf, name: zf.read(name))
    doctype = b'<?xml version="1.0"?><!DOCTYPE x>'
    assert names_of(tmp_path, BOOK) == {"xl/worksheets/sheet1.xml": "指标评分"}
    for part in BOOK:
        assert names_of(tmp_path, {**BOOK, part: doctype + BOOK[part].removeprefix(b"")}) == {}, part


def test_a_tag_s_local_name_is_after_the_last_brace():
    assert safety._local("{urn:a}b}sheet") == "sheet"
    assert safety._local("sheet") == "sheet"


def test_a_name_part_bigger_than_it_declares_is_not_read(monkeypatch):
    monkeypatch.setattr(safety, "MAX_NAME_PART", 10)
    zf = FakeZip([("xl/workbook.xml", 5, 5, b"<w>" + b" " * 7), ("xl/x.xml", 5, 5, b"<w>" + b" " * 8)])
    zf.getinfo = lambda name: next(i for i in zf.infos if i.filename == name)
    assert safety._small_part(zf, "xl/workbook.xml") == b"<w>" + b" " * 7
    with pytest.raises(ValueError):
        safety._small_part(zf, "xl/x.xml")


class Reads(io.BytesIO):
    asked: list = []

    def read(self, n=-1):
        Reads.asked.append(n)
        return super().read(n)


def test_a_name_part_is_read_at_most_one_byte_past_the_limit(monkeypatch):
    """However big the part really is, no more than MAX_NAME_PART + 1 bytes are taken into memory."""
    monkeypatch.setattr(safety, "MAX_NAME_PART", 10)
    monkeypatch.setattr(Reads, "asked", [])
    zf = FakeZip([("xl/workbook.xml", 5, 5, b"")])
    zf.getinfo = lambda name: zf.infos[0]
    zf.open = lambda info: Reads(b"<w>" + b" " * 100)
    with pytest.raises(ValueError):
        safety._small_part(zf, "xl/workbook.xml")
    assert Reads.asked == [11]


def describe(parts_names: dict[str, str] | None, part: str) -> str:
    s = safety._Scan(FakeZip([]), "工作簿", "t.xlsx")
    s._names = parts_names if parts_names is not None else {}
    return s.describe(part)


@pytest.mark.parametrize("part, text", [
    ("xl/worksheets/sheet1.xml", "工作表“指标评分”"), ("/XL/Worksheets/Sheet1.xml", "工作表“指标评分”"),
    ("xl/worksheets/sheet7.xml", "其中一张工作表"), ("xl/macrosheets/m1.xml", "其中一张工作表"),
    ("/xl/styles.xml", "格式部分"), ("xl/sharedStrings.xml", "文字内容部分"), ("[Content_Types].xml", "文件结构部分"),
    ("word/document.xml", "正文部分"), ("xl/unknown/thing.xml", "其中一个内部部件"),
])
def test_parts_are_described_as_a_clerk_knows_them(part, text):
    assert describe({"xl/worksheets/sheet1.xml": "指标评分"}, part) == text


def test_sheet_names_are_read_once_when_a_message_needs_them(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(safety, "sheet_names", lambda zf: calls.append(zf) or {"xl/a.xml": "甲"})
    s = safety._Scan(FakeZip([]), "工作簿", "t.xlsx")
    assert calls == []
    assert s.describe("xl/a.xml") == "工作表“甲”" and s.describe("xl/b.xml") == "其中一个内部部件"
    assert len(calls) == 1
