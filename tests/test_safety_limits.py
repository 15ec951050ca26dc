"""Issue 10 §3/§4: the pre-parse guards count what a sheet holds, name sheets as the clerk knows them,
and pin every limit.

Each limit test fails if its constant is loosened tenfold or its check is removed: tests that shrink a
constant to keep the file small also assert the module's real value.  Workbooks are the committed
``workbooks/example-2021.xlsx`` with one zip entry rewritten.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
import tracemalloc
import zipfile
import zlib
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from fuzz import zipmut
from xlperf.infra import safety
from xlperf.errors import LoadError
from xlperf.app.load import load_evaluation

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "workbooks" / "example-2021.xlsx"
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
MiB = 1024 * 1024
SHEET = "指标评分"
LO_ROW = ('<row r="{r}" spans="1:1024" s="1" customFormat="true" ht="12.8" hidden="false" customHeight="false" '
          'outlineLevel="0" collapsed="false"></row>')


def sheet_parts(data: bytes) -> dict[str, str]:
    """Sheet name → zip path, read independently of xlperf.infra.safety."""
    parts = zipmut.entries(data)
    rels = {r.get("Id"): r.get("Target") for r in ET.fromstring(parts["xl/_rels/workbook.xml.rels"])}
    out = {}
    for s in ET.fromstring(parts["xl/workbook.xml"]).iter(f"{{{MAIN}}}sheet"):
        target = rels[s.get(REL_ID)]
        out[s.get("name")] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return out


def part_of(sheet: str = SHEET) -> str:
    return sheet_parts(EXAMPLE.read_bytes())[sheet]


def with_parts(tmp_path: Path, changes: dict[str, bytes | str | None], name: str = "t.xlsx") -> Path:
    enc = {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in changes.items()}
    path = tmp_path / name
    path.write_bytes(zipmut.replace(EXAMPLE.read_bytes(), enc))
    return path


def sheet_xml(rows: str, dimension: str = "A1", extra: str = "") -> str:
    return (f'<worksheet xmlns="{MAIN}"><dimension ref="{dimension}"/>{extra}'
            f"<sheetData>{rows}</sheetData></worksheet>")


def with_sheet(tmp_path: Path, xml: str | bytes, name: str = "t.xlsx", sheet: str = SHEET) -> Path:
    return with_parts(tmp_path, {part_of(sheet): xml}, name)


def real_rows(n: int, start: int = 1, cols: int = 1) -> str:
    return "".join(f'<row r="{r}">' + "".join(f'<c r="{chr(65 + k)}{r}"><v>{r}</v></c>' for k in range(cols))
                   + "</row>" for r in range(start, start + n))


def refused(path: Path, match: str) -> str:
    with pytest.raises(safety.UnsafeFileError, match=match) as info:
        safety.check_zip_file(path)
    return str(info.value)


# ----------------------------------------------------------------------------- zip bombs


def test_total_uncompressed_declared_is_pinned(tmp_path, monkeypatch):
    """Many entries, each too small for the ratio guard, over the total: refused; just under: accepted."""
    assert safety.MAX_TOTAL_UNCOMPRESSED == 200 * MiB
    base = sum(i.file_size for i in zipfile.ZipFile(EXAMPLE).infolist())
    monkeypatch.setattr(safety, "MAX_TOTAL_UNCOMPRESSED", base + 3 * MiB)
    pad = bytes(MiB - 1)  # below RATIO_MIN_SIZE: only the total can stop it
    under = with_parts(tmp_path, {f"xl/media/pad{i}.bin": pad for i in range(3)}, "under.xlsx")
    over = with_parts(tmp_path, {f"xl/media/pad{i}.bin": pad for i in range(4)}, "over.xlsx")
    safety.check_zip_file(under)
    text = refused(over, "解压后过大")
    assert "请" in text and "xl/" not in text


def test_total_uncompressed_streamed_is_pinned():
    """The inflated bytes are counted too, not only what the central directory declares."""
    zf = zipfile.ZipFile(EXAMPLE)
    info = zf.getinfo(part_of())
    scan = safety._Scan(zf, "工作簿", EXAMPLE.name)
    limit = 200 * MiB
    assert scan.entry(info, limit - info.file_size) == limit
    with pytest.raises(safety.UnsafeFileError, match="解压后超过上限 200 MB"):
        scan.entry(info, limit - info.file_size + 1)


def test_entry_count_is_pinned(tmp_path, monkeypatch):
    assert safety.MAX_ENTRIES == 10_000
    n = len(zipfile.ZipFile(EXAMPLE).infolist())
    monkeypatch.setattr(safety, "MAX_ENTRIES", n + 20)
    exact = with_parts(tmp_path, {f"xl/media/p{i}.bin": b"x" for i in range(20)}, "exact.xlsx")
    one_more = with_parts(tmp_path, {f"xl/media/p{i}.bin": b"x" for i in range(21)}, "more.xlsx")
    safety.check_zip_file(exact)
    text = refused(one_more, f"包含{n + 21}个部件，超过上限{n + 20}")
    assert "请" in text


def _sheet_with_ratio(target: float) -> bytes:
    """A valid sheet a little over RATIO_MIN_SIZE that deflates at about ``target``:1."""
    size = 1 * MiB + 64 * 1024
    rng = random.Random(7)
    noise = 4000
    for _ in range(8):
        text = "".join(rng.choice("0123456789abcdef") for _ in range(noise))
        head = f'<worksheet xmlns="{MAIN}"><sheetData/><!-- {text} -->'.encode()
        xml = head + b" " * (size - len(head) - 12) + b"</worksheet>"
        comp = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        ratio = len(xml) / len(comp.compress(xml) + comp.flush())
        noise = int(noise * ratio / target)
    return xml


def test_ratio_is_pinned(tmp_path, monkeypatch):
    """An entry over RATIO_MIN_SIZE just over 200:1 is refused, just under is accepted."""
    assert safety.MAX_RATIO == 200 and safety.RATIO_MIN_SIZE == MiB
    part = part_of()
    over = with_sheet(tmp_path, _sheet_with_ratio(207), "over.xlsx")
    under = with_sheet(tmp_path, _sheet_with_ratio(193), "under.xlsx")
    for path, low, high in ((over, 200, 215), (under, 185, 200)):
        info = zipfile.ZipFile(path).getinfo(part)
        assert info.file_size > MiB and low < info.file_size / info.compress_size < high
    safety.check_zip_file(under)
    text = refused(over, "压缩比异常（超过200:1）")
    # the central directory alone stops it, before the entry is inflated
    opened = zipfile.ZipFile.open
    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, name, *a, **k: pytest.fail("inflated") if
                        getattr(name, "filename", name) == part else opened(self, name, *a, **k))
    refused(over, "压缩比异常")
    monkeypatch.undo()
    assert f"工作表“{SHEET}”" in text and "xl/" not in text and "请" in text
    # the streamed check alone (central directory not consulted) stops it as well
    zf = zipfile.ZipFile(over)
    with pytest.raises(safety.UnsafeFileError, match="压缩比"):
        safety._Scan(zf, "工作簿", over.name).entry(zf.getinfo(part), 0)


# ----------------------------------------------------------------------------- sheet contents


@pytest.mark.parametrize("ref", ["A1:XFD1048576", "A1:AMJ1048576", "A1:A1000001", "B2:AZ100000"])
def test_a_declared_dimension_is_not_a_size(tmp_path, ref):
    """10 real cells under an absurd <dimension> and an empty last row: accepted with the real limits."""
    rows = real_rows(5, cols=2) + LO_ROW.format(r=1048576)
    safety.check_zip_file(with_sheet(tmp_path, sheet_xml(rows, ref)))


def test_rows_limit_is_pinned(tmp_path, monkeypatch):
    """MAX_ROWS counts rows holding a cell with something in it; empty rows, however far, do not count."""
    assert safety.MAX_ROWS == 200_000
    monkeypatch.setattr(safety, "MAX_ROWS", 300)
    empty = "".join(LO_ROW.format(r=r) for r in range(400, 2400)) + LO_ROW.format(r=1048576)
    safety.check_zip_file(with_sheet(tmp_path, sheet_xml(real_rows(300) + empty, "A1:AMJ1048576"), "ok.xlsx"))
    text = refused(with_sheet(tmp_path, sheet_xml(real_rows(301)), "over.xlsx"), "有内容的行超过300行")
    assert f"工作表“{SHEET}”" in text and "请删除多余的行" in text


def test_cells_limit_is_pinned(tmp_path, monkeypatch):
    """MAX_CELLS counts cells with <v>, <f> or <is>; empty styled cells do not count."""
    assert safety.MAX_CELLS == 2_000_000
    monkeypatch.setattr(safety, "MAX_CELLS", 1000)
    styled = "".join(f'<row r="{r}">' + "".join(f'<c r="{chr(65 + k)}{r}" s="1"/>' for k in range(20)) + "</row>"
                     for r in range(300, 500))  # 4000 empty styled cells
    kinds = ['<c r="A{r}"><v>1</v></c>', '<c r="B{r}"><f>A{r}*2</f><v>2</v></c>',
             '<c r="C{r}" t="inlineStr"><is><t>x</t></is></c>', '<c r="D{r}"><f>1+1</f></c>']

    def cells(n: int) -> str:
        out = []
        for i in range(n):
            r = i // 4 + 1
            last = i % 4 == 3 or i == n - 1
            out.append(f'<row r="{r}">' * (i % 4 == 0) + kinds[i % 4].format(r=r) + "</row>" * last)
        return "".join(out)

    safety.check_zip_file(with_sheet(tmp_path, sheet_xml(cells(1000) + styled), "ok.xlsx"))
    text = refused(with_sheet(tmp_path, sheet_xml(cells(1001) + styled), "over.xlsx"), "有内容的单元格超过1000个")
    assert f"工作表“{SHEET}”" in text and "请" in text


@pytest.mark.parametrize("far, near", [("A4000001", "A4000000"), ("XFD245", "XFD244")])
def test_used_range_is_pinned(tmp_path, far, near):
    """One empty styled cell far away makes the reader walk rows × columns cells: bounded by MAX_AREA."""
    assert safety.MAX_AREA == 4_000_000
    row = lambda ref: f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{ref}" s="1"/></row>'
    safety.check_zip_file(with_sheet(tmp_path, sheet_xml(real_rows(10) + row(near)), "near.xlsx"))
    text = refused(with_sheet(tmp_path, sheet_xml(real_rows(10) + row(far)), "far.xlsx"), "使用范围过大")
    assert f"工作表“{SHEET}”" in text and "请删除" in text and "xl/" not in text


def test_cell_elements_are_bounded_too(tmp_path, monkeypatch):
    """Empty <c> elements (even all at A1) cost openpyxl objects: at most MAX_AREA of them."""
    assert safety.MAX_AREA == 4_000_000
    monkeypatch.setattr(safety, "MAX_AREA", 500)
    same = lambda n: '<row r="1">' + '<c r="A1" s="1"/>' * n + "</row>"
    safety.check_zip_file(with_sheet(tmp_path, sheet_xml(same(500)), "ok.xlsx"))
    refused(with_sheet(tmp_path, sheet_xml(same(501)), "over.xlsx"), "超过500个单元格")


@pytest.mark.parametrize("tag", ['<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>',
                                 '<hyperlinks><hyperlink ref="{ref}" display="x"/></hyperlinks>'])
def test_merged_and_linked_ranges_count_as_cells(tmp_path, tag):
    """openpyxl fills a merged or hyperlinked range cell by cell: the range counts like cells."""
    assert safety.MAX_AREA == 4_000_000
    xml = lambda ref: (f'<worksheet xmlns="{MAIN}"><sheetData>{real_rows(3)}</sheetData>'
                       + tag.format(ref=ref) + "</worksheet>")
    safety.check_zip_file(with_sheet(tmp_path, xml("A1:D999999"), "ok.xlsx"))
    text = refused(with_sheet(tmp_path, xml("A1:D1000001"), "over.xlsx"), "使用范围过大")
    assert f"工作表“{SHEET}”" in text


def test_row_elements_are_bounded_too(tmp_path, monkeypatch):
    assert safety.MAX_ROW_TAGS == 1_048_576
    monkeypatch.setattr(safety, "MAX_ROW_TAGS", 1000)
    rows = lambda n: "".join(f'<row r="{r}" ht="20" customHeight="1"/>' for r in range(1, n + 1))
    safety.check_zip_file(with_sheet(tmp_path, sheet_xml(rows(1000)), "ok.xlsx"))
    text = refused(with_sheet(tmp_path, sheet_xml(rows(1001)), "over.xlsx"), "行数异常")
    assert f"工作表“{SHEET}”" in text


def test_stray_tags_are_bounded(tmp_path, monkeypatch):
    """<v>/<f> outside any cell count for nothing but still cost work: bounded by 2 × (MAX_AREA + MAX_ROW_TAGS)."""
    monkeypatch.setattr(safety, "MAX_AREA", 2000)
    monkeypatch.setattr(safety, "MAX_ROW_TAGS", 2000)
    safety.check_zip_file(with_sheet(tmp_path, sheet_xml("<v>1</v>" * 8000), "ok.xlsx"))
    refused(with_sheet(tmp_path, sheet_xml("<v>1</v>" * 8001), "over.xlsx"), "结构异常")


def _utf16(xml: str) -> bytes:
    return ('<?xml version="1.0" encoding="UTF-16"?>' + xml).encode("utf-16")


@pytest.mark.parametrize("case", ["prefix", "no_r", "entity", "float_row", "fake_r", "fake_row_r", "utf16", "latin1",
                                  "not_xml_name", "long_prefix"])
def test_cells_are_counted_however_they_are_written(tmp_path, monkeypatch, case):
    """Markup openpyxl reads as far-away or real cells is counted as such, not missed."""
    monkeypatch.setattr(safety, "MAX_CELLS", 1000)
    changes: dict[str, bytes | str] = {}
    part = part_of()
    if case == "prefix":  # another prefix bound to the main namespace
        rows = "".join(f'<x:row r="{r}"><x:c r="A{r}"><x:v>1</x:v></x:c></x:row>' for r in range(1, 1002))
        changes[part] = f'<x:worksheet xmlns:x="{MAIN}"><x:sheetData>{rows}</x:sheetData></x:worksheet>'
    elif case == "no_r":  # no r: the row and column come from counters
        changes[part] = sheet_xml('<row r="4000001"><c s="1"/></row>')
    elif case == "entity":
        changes[part] = sheet_xml('<row r="1"><c r="A&#52;000001" s="1"/></row>')
    elif case == "float_row":  # openpyxl reads r="4.000001e6" as row 4000001
        changes[part] = sheet_xml('<row r="4.000001e6"><c s="1"/></row>')
    elif case == "fake_r":  # an r="…" inside another attribute's value comes first
        changes[part] = sheet_xml('<row r="1"><c t=\' r="A1"\' r="A4000001" s="1"/></row>')
    elif case == "fake_row_r":  # … or last
        changes[part] = sheet_xml('<row r="4000001" x=\' r="1"\'><c s="1"/></row>')
    elif case == "utf16":
        changes[part] = _utf16(sheet_xml(real_rows(1001)))
    elif case == "latin1":  # openpyxl upper-cases "ßA" to column SSA (13339): 300 rows × 13339 columns
        changes[part] = ('<?xml version="1.0" encoding="ISO-8859-1"?>'
                         + sheet_xml('<row r="300"><c r="ßA300" s="1"/></row>')).encode("latin-1")
    elif case == "not_xml_name":  # a sheet anywhere in the zip, under any name, is counted
        changes["xl/data/sheet.bin"] = sheet_xml('<row r="1"><c r="XFD1048576" s="1"/></row>')
    elif case == "long_prefix":
        p = "p" * 5000
        rows = f'<{p}:row r="1"><{p}:c r="XFD1048576" s="1"/></{p}:row>'
        changes[part] = f'<{p}:worksheet xmlns:{p}="{MAIN}"><{p}:sheetData>{rows}</{p}:sheetData></{p}:worksheet>'
    refused(with_parts(tmp_path, changes), "内容过多|使用范围过大")


def test_a_tag_too_long_to_carry_is_refused_but_long_text_is_not(tmp_path):
    assert safety.MAX_TAG == 64 * 1024
    long_text = sheet_xml(f'<row r="1"><c r="A1" t="inlineStr"><is><t>{"长" * 300_000}</t></is></c></row>')
    safety.check_zip_file(with_sheet(tmp_path, long_text, "text.xlsx"))
    giant = sheet_xml(f'<row r="1"><c r="XFD1048576" s="1" x="{"a" * 200_000}"/></row>')
    text = refused(with_sheet(tmp_path, giant, "giant.xlsx"), "标签过长")
    assert f"工作表“{SHEET}”" in text


@pytest.mark.parametrize("chunk", [7, 64, 97, 1000])
def test_counts_are_exact_across_chunk_edges(tmp_path, monkeypatch, chunk):
    """Tags cut at every kind of chunk edge: exactly MAX_CELLS real cells pass, one more does not."""
    monkeypatch.setattr(safety, "CHUNK", chunk)
    # a limit above every sheet of the example (its 规则数据, the rules and the outline one line a cell, holds
    # about 313), so only the sheet made here can reach it
    monkeypatch.setattr(safety, "MAX_CELLS", 400)
    rng = random.Random(chunk)

    def cells(n: int) -> str:
        out = []
        for i in range(n):
            pad = " " * rng.randint(0, 9)
            out.append(f'<row r="{i + 1}"{pad}><c r="A{i + 1}"{pad} s="1"/><c{pad} r="B{i + 1}"{pad}>{pad}'
                       f'<f>A{i + 1}</f><v>{i}</v></c><c r="C{i + 1}" s="2"></c></row>{pad}')
        return "".join(out)

    safety.check_zip_file(with_sheet(tmp_path, sheet_xml(cells(400)), "ok.xlsx"))
    refused(with_sheet(tmp_path, sheet_xml(cells(401)), "over.xlsx"), "有内容的单元格超过400个")


def test_counter_agrees_with_openpyxl_on_the_example_whatever_the_chunks():
    import openpyxl

    data = EXAMPLE.read_bytes()
    wb = openpyxl.load_workbook(EXAMPLE)
    zf = zipfile.ZipFile(EXAMPLE)
    rng = random.Random(3)
    for sheet, part in sheet_parts(data).items():
        ws = wb[sheet]
        xml = zf.read(part)
        want = (sum(c.value is not None for c in ws._cells.values()),
                len({r for (r, _), c in ws._cells.items() if c.value is not None}), ws.max_row, ws.max_column)
        for _ in range(5):
            counter = safety._Counter(xml[:64])
            i = 0
            while i < len(xml):
                n = rng.randint(1, 200)
                assert not counter.feed(xml[i:i + n])
                i += n
            counter.finish()
            got = (counter.cells, counter.rows, counter.max_row, counter.max_col)
            assert got == want or not ws._cells, (sheet, got, want)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16-le"])
def test_dtd_split_across_a_chunk_edge_is_refused(tmp_path, monkeypatch, encoding):
    """An external DTD (no <!ENTITY> to give it away) cut at every place by a chunk edge."""
    monkeypatch.setattr(safety, "CHUNK", 64)
    width = len("x".encode(encoding))
    for cut in range(1, 10):  # "<!DOCTYPE"[:cut] ends one chunk, the rest starts the next
        lead = " " * (64 // width - cut)
        xml = (lead + '<!DOCTYPE worksheet SYSTEM "file:///etc/passwd">' + sheet_xml(real_rows(2))).encode(encoding)
        assert xml.index("<!DOCTYPE".encode(encoding)) == 64 - cut * width
        text = refused(with_sheet(tmp_path, xml, f"d{cut}.xlsx"), "DTD")
        assert f"工作表“{SHEET}”" in text


def test_counting_memory_stays_bounded(tmp_path, monkeypatch):
    """16 MB of sheet text and tags inflate in chunks: the peak stays far below the part's size."""
    monkeypatch.setattr(safety, "MAX_RATIO", 10**6)
    rows = real_rows(2000, cols=5)
    xml = sheet_xml(rows + f'<row r="3000"><c r="A3000" t="inlineStr"><is><t>{"x" * (16 * MiB)}</t></is></c></row>')
    path = with_sheet(tmp_path, xml)
    del xml, rows
    tracemalloc.start()
    try:
        safety.check_zip_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 4 * MiB, peak


# ----------------------------------------------------------------------------- messages


def test_refusals_name_the_sheet_never_the_zip_path(tmp_path, capsys, monkeypatch):
    from xlperf.cli import main

    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))
    part = part_of("基本情况")
    xml = zipfile.ZipFile(EXAMPLE).read(part).decode("utf-8")
    i = xml.index("<worksheet")
    path = with_parts(tmp_path, {part: xml[:i] + '<!DOCTYPE worksheet [<!ENTITY a "b">]>' + xml[i:]})
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err
    assert "工作表“基本情况”" in err and "DTD" in err and "请" in err, err
    assert "xl/" not in err and ".xml" not in err and "Traceback" not in err


def test_other_parts_get_a_neutral_description(tmp_path):
    sst = (f'<!DOCTYPE sst [<!ENTITY a "b">]><sst xmlns="{MAIN}" count="1" uniqueCount="1"><si><t>x</t></si></sst>')
    path = tmp_path / "sst.xlsx"
    path.write_bytes(zipmut.with_shared_strings(EXAMPLE.read_bytes(), sst.encode(), part_of()))
    text = refused(path, "DTD")
    assert "文字内容部分" in text and "sharedStrings" not in text and "xl/" not in text


@pytest.mark.parametrize("how", ["no_rels", "hostile_workbook_xml"])
def test_without_a_safe_sheet_map_the_message_stays_neutral(tmp_path, how):
    part = part_of()
    parts = zipmut.entries(EXAMPLE.read_bytes())
    sheet = sheet_xml('<row r="1"><c r="XFD1048576" s="1"/></row>')
    rest = {k: v for k, v in parts.items() if k != part}
    if how == "no_rels":
        del rest["xl/_rels/workbook.xml.rels"]
    else:  # the mapping itself must not parse a DTD: the sheet comes first, workbook.xml later
        book = rest["xl/workbook.xml"].decode("utf-8")
        rest["xl/workbook.xml"] = ('<!DOCTYPE workbook [<!ENTITY a "b">]>' + book).encode("utf-8")
    path = tmp_path / "t.xlsx"
    path.write_bytes(zipmut.rezip({part: sheet.encode(), **rest}))
    text = refused(path, "使用范围过大")
    assert "其中一张工作表" in text and "xl/" not in text and SHEET not in text


# ----------------------------------------------------------------------------- LibreOffice, errors module


# LO_ROW as in issue 10; LibreOffice 7.4 itself, after deleting 3 rows of 指标评分, wrote A1:S1048576 and
# three empty rows 1048574–1048576 in the plain form below.
LO_PLAIN = ('<row r="{r}" customFormat="false" ht="12.8" hidden="false" customHeight="false" outlineLevel="0" '
            'collapsed="false"></row>')
LIBREOFFICE = {"issue": ("A1:AMJ1048576", LO_ROW, [1048576]),
               "lo-7.4": ("A1:S1048576", LO_PLAIN, [1048574, 1048575, 1048576])}


def _libreoffice_like(tmp_path: Path, kind: str) -> Path:
    """The example's 指标评分 as LibreOffice saves it after deleting rows: huge dimension, empty last rows."""
    dimension, row, far = LIBREOFFICE[kind]
    part = part_of()
    xml = zipfile.ZipFile(EXAMPLE).read(part).decode("utf-8")
    start = xml.index('<dimension ref="') + len('<dimension ref="')
    xml = xml[:start] + dimension + xml[xml.index('"', start):]
    xml = xml.replace("</cols>", '<col collapsed="false" customWidth="true" hidden="false" outlineLevel="0" '
                                 'max="1024" min="20" style="0" width="11.52"/></cols>', 1)
    last = max(int(r) for r in re.findall(r'<row r="(\d+)"', xml))
    empty = "".join(row.format(r=r) for r in [*range(last + 1, last + 40), *far])
    xml = xml.replace("</sheetData>", empty + "</sheetData>", 1)
    return with_parts(tmp_path, {part: xml}, "libreoffice.xlsx")


@pytest.mark.parametrize("kind", LIBREOFFICE)
def test_libreoffice_saved_workbook_loads(tmp_path, kind):
    path = _libreoffice_like(tmp_path, kind)
    safety.check_zip_file(path)
    try:
        ev, _ = load_evaluation(path)
    except LoadError as exc:  # pragma: no cover - the failure being guarded against
        pytest.fail(f"LibreOffice-saved workbook refused: {exc}")
    plain, _ = load_evaluation(EXAMPLE)
    assert ev is not None and ev == plain


def test_libreoffice_saved_workbook_checks_from_the_cli(tmp_path):
    path = _libreoffice_like(tmp_path, "issue")
    exe = Path(sys.executable).with_name("xlperf")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "xlperf.cli"]
    env = {**os.environ, "XLPERF_LOG_DIR": str(tmp_path / "log")}
    proc = subprocess.run([*cmd, "check", str(path)], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr
    assert "已拒绝" not in proc.stderr and "Traceback" not in proc.stderr


def test_load_error_lives_in_errors_without_an_import_circle():
    from xlperf.errors import LoadError as from_errors
    from xlperf.app.load import LoadError as from_load
    from xlperf.domain.numbers import InputError
    from xlperf.workbook import read

    assert from_load is from_errors is read.LoadError and issubclass(from_errors, InputError)
    assert issubclass(safety.UnsafeFileError, from_errors)
    code = ("import sys, xlperf.infra.safety, xlperf.workbook.read; "
            "assert 'xlperf.app.load' not in sys.modules, sorted(m for m in sys.modules if m.startswith('xlperf'))")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO)
    for src in (REPO / "xlperf").rglob("*.py"):
        assert not re.search(r"^\s*from \.+load import .*LoadError", src.read_text(encoding="utf-8"), re.M), src
