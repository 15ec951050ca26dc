"""Issue 7 §2: hostile files — XML entities, zip bombs, absurd sizes, macros and external links.

Workbooks are made from the committed ``workbooks/example-2021.xlsx`` by rewriting one zip
entry.  Every refusal goes through the real CLI (exit 2, Chinese message, no traceback); the
"nothing fetched / executed" checks use a Python audit hook that records every file opened,
socket connected and process started while the workbook is read.
"""

from __future__ import annotations

import io
import sys
import tracemalloc
import zipfile
from pathlib import Path

import openpyxl
import pytest

from fuzz import zipmut
from xlperf.infra import safety
from xlperf.cli import main
from xlperf.app.load import LoadError

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "workbooks" / "example-2021.xlsx"
SHEET = "xl/worksheets/sheet2.xml"  # 基本情况: the unit's name is in a text cell

LAUGHS = ('<!DOCTYPE worksheet [<!ENTITY a0 "lol">'
          + "".join(f'<!ENTITY a{i} "{("&a%d;" % (i - 1)) * 10}">' for i in range(1, 10)) + "]>")


def _secret_file(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-7f3a", encoding="utf-8")
    return secret


def _inject(xml: bytes, doctype: str, entity_ref: str) -> bytes:
    """Put ``doctype`` before the root element and ``entity_ref`` into the first text cell."""
    text = xml.decode("utf-8")
    root = text.index("<worksheet") if "<worksheet" in text else text.index("<sst")
    text = text[:root] + doctype + text[root:]
    start = text.index("<t>") + 3
    end = text.index("</t>", start)
    return (text[:start] + entity_ref + text[end:]).encode("utf-8")


def _run(capsys, argv) -> tuple[int, str]:
    rc = main(argv)
    cap = capsys.readouterr()
    return rc, cap.out + cap.err


def _attacks(tmp_path: Path) -> dict[str, bytes]:
    base = EXAMPLE.read_bytes()
    sheet = zipmut.entries(base)[SHEET]
    secret = _secret_file(tmp_path)
    xxe = f'<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file://{secret}">]>'
    passwd = '<!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    sst = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">' \
          b'<si><t>x</t></si></sst>'
    return {
        "sheet_laughs": zipmut.replace(base, {SHEET: _inject(sheet, LAUGHS, "&a9;")}),
        "sheet_xxe_secret": zipmut.replace(base, {SHEET: _inject(sheet, xxe, "&x;")}),
        "sheet_xxe_passwd": zipmut.replace(base, {SHEET: _inject(sheet, passwd, "&x;")}),
        "sst_laughs": zipmut.with_shared_strings(base, _inject(sst, LAUGHS.replace("worksheet", "sst"), "&a9;"),
                                                 SHEET),
        "sst_xxe_secret": zipmut.with_shared_strings(base, _inject(sst, xxe.replace("worksheet", "sst"), "&x;"),
                                                     SHEET),
    }


def test_defusedxml_is_installed_and_used_by_openpyxl():
    import defusedxml  # noqa: F401

    assert openpyxl.DEFUSEDXML is True


@pytest.mark.parametrize("attack", ["sheet_laughs", "sheet_xxe_secret", "sheet_xxe_passwd", "sst_laughs",
                                    "sst_xxe_secret"])
@pytest.mark.parametrize("guard", ["safety", "defusedxml"])
def test_xml_entity_attacks_are_refused(tmp_path, capsys, monkeypatch, attack, guard):
    """Refused by the pre-parse scan; and with the scan switched off, openpyxl+defusedxml still refuse."""
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))
    if guard == "defusedxml":
        monkeypatch.setattr(safety, "check_zip_file", lambda *a, **k: None)
    path = tmp_path / "evil.xlsx"
    path.write_bytes(_attacks(tmp_path)[attack])
    for command in ("check", "score"):
        rc, text = _run(capsys, [command, str(path)])
        assert rc == 2, text
        assert "TOP-SECRET" not in text and "root:" not in text and "lollol" not in text
        assert "Traceback" not in text and "内部错误" not in text, text
        assert "evil.xlsx" in text
        if guard == "safety":
            assert "DTD" in text and "已拒绝" in text, text


def test_the_unmodified_example_is_accepted():
    safety.check_zip_file(EXAMPLE)
    safety.check_template(REPO / "templates" / "report.docx")


def _docx_with_doctype(tmp_path: Path, doctype: str, ref: str) -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.add_paragraph("MARK")
    buf = io.BytesIO()
    doc.save(buf)
    parts = zipmut.entries(buf.getvalue())
    xml = parts["word/document.xml"].decode("utf-8")
    i = xml.index("<w:document")
    xml = xml[:i] + doctype + xml[i:]
    parts["word/document.xml"] = xml.replace("MARK", ref).encode("utf-8")
    path = tmp_path / "evil-template.docx"
    path.write_bytes(zipmut.rezip(parts))
    return path


@pytest.mark.parametrize("kind", ["laughs", "xxe"])
def test_docx_template_with_entities_is_refused(tmp_path, capsys, monkeypatch, kind):
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))
    secret = _secret_file(tmp_path)
    if kind == "laughs":
        tpl = _docx_with_doctype(tmp_path, LAUGHS.replace("worksheet", "w:document"), "&a9;")
    else:
        tpl = _docx_with_doctype(tmp_path, f'<!DOCTYPE w:document [<!ENTITY x SYSTEM "file://{secret}">]>', "&x;")
    out = tmp_path / "r.docx"
    rc, text = _run(capsys, ["report", str(EXAMPLE), "--template", str(tpl), "-o", str(out), "--no-chart"])
    assert rc == 2, text
    assert "报告模板" in text and tpl.name in text and "DTD" in text, text
    assert "Traceback" not in text and "内部错误" not in text
    assert not out.exists()


# ----------------------------------------------------------------------------- sizes


def _bomb(path: Path, size: int, name: str = SHEET) -> Path:
    """The example with one sheet replaced by ``size`` bytes of XML that is mostly blanks, streamed."""
    parts = zipmut.entries(EXAMPLE.read_bytes())
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, blob in parts.items():
            if n != name:
                zf.writestr(n, blob)
        with zf.open(name, "w", force_zip64=True) as fh:
            fh.write(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            chunk = b" " * (1 << 20)
            for _ in range(size >> 20):
                fh.write(chunk)
            fh.write(b"<sheetData/></worksheet>")
    return path


def test_zip_bomb_refused_before_parsing_with_bounded_memory(tmp_path, capsys):
    path = _bomb(tmp_path / "bomb.xlsx", 300 << 20)
    assert path.stat().st_size < 2 << 20  # small on disk, 300 MB inside
    tracemalloc.start()
    try:
        with pytest.raises(safety.UnsafeFileError) as info:
            safety.check_zip_file(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 << 20, peak
    assert "bomb.xlsx" in str(info.value) and "已拒绝" in str(info.value)
    rc, text = _run(capsys, ["check", str(path)])
    assert rc == 2 and "已拒绝" in text and "Traceback" not in text


def test_streamed_size_counts_even_when_declared_sizes_are_small(tmp_path, monkeypatch):
    """A limit on real inflated bytes, not only on what the central directory claims."""
    path = _bomb(tmp_path / "big.xlsx", 3 << 20)
    monkeypatch.setattr(safety, "MAX_RATIO", 10**9)  # only the streamed total can stop it
    monkeypatch.setattr(safety, "MAX_TOTAL_UNCOMPRESSED", 10**12)
    safety.check_zip_file(path)  # fine under generous limits
    real = zipfile.ZipFile(path).infolist()
    monkeypatch.setattr(zipfile.ZipFile, "infolist", lambda self: real)
    monkeypatch.setattr(safety, "MAX_TOTAL_UNCOMPRESSED", 2 << 20)
    with pytest.raises(safety.UnsafeFileError, match="解压后"):
        safety.check_zip_file(path)


def test_high_ratio_entry_refused(tmp_path):
    path = _bomb(tmp_path / "ratio.xlsx", 8 << 20)  # 8 MB of blanks deflate ~1000:1
    with pytest.raises(safety.UnsafeFileError, match="压缩比"):
        safety.check_zip_file(path)


def test_too_many_entries_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_ENTRIES", 20)
    parts = zipmut.entries(EXAMPLE.read_bytes())
    parts.update({f"xl/media/pad{i}.bin": b"x" for i in range(30)})
    path = tmp_path / "many.xlsx"
    path.write_bytes(zipmut.rezip(parts))
    with pytest.raises(safety.UnsafeFileError, match="部件"):
        safety.check_zip_file(path)


@pytest.mark.parametrize("ref", ["A1:XFD1048576", "A1:A1000001", "B2:AZ100000"])
def test_absurd_declared_dimension_is_not_a_size(tmp_path, capsys, ref):
    """Issue 10 §3: only what a sheet holds counts; a declared <dimension> alone is no reason to refuse."""
    parts = zipmut.entries(EXAMPLE.read_bytes())
    xml = parts[SHEET].decode("utf-8")
    start = xml.index('<dimension ref="') + len('<dimension ref="')
    parts[SHEET] = (xml[:start] + ref + xml[xml.index('"', start):]).encode("utf-8")
    path = tmp_path / "dim.xlsx"
    path.write_bytes(zipmut.rezip(parts))
    rc, text = _run(capsys, ["check", str(path)])
    assert rc in (0, 1) and "已拒绝" not in text and "Traceback" not in text, text


def test_a_far_away_cell_is_refused_by_the_used_range(tmp_path, capsys):
    """An empty styled cell at XFD1048576 would make the reader walk 17 billion cells."""
    parts = zipmut.entries(EXAMPLE.read_bytes())
    far = b'<row r="1048576"><c r="XFD1048576" s="1"/></row></sheetData>'
    parts[SHEET] = parts[SHEET].replace(b"</sheetData>", far)
    path = tmp_path / "far.xlsx"
    path.write_bytes(zipmut.rezip(parts))
    rc, text = _run(capsys, ["check", str(path)])
    assert rc == 2 and "使用范围过大" in text and "XFD1048576" in text and "工作表“基本情况”" in text, text
    assert "请删除" in text and "xl/" not in text and "Traceback" not in text


def test_many_real_cells_refused_even_with_a_lying_dimension(tmp_path, monkeypatch):
    monkeypatch.setattr(safety, "MAX_CELLS", 50_000)
    monkeypatch.setattr(safety, "MAX_ROWS", 10**9)
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, 60_001))
    xml = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1"/>'
           f"<sheetData>{rows}</sheetData></worksheet>")
    path = tmp_path / "rows.xlsx"
    path.write_bytes(zipmut.replace(EXAMPLE.read_bytes(), {SHEET: xml.encode()}))
    with pytest.raises(safety.UnsafeFileError, match="有内容的单元格超过50000个"):
        safety.check_zip_file(path)


@pytest.mark.parametrize("blob, words", [
    (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600, "加密"),
    (b"just some text, renamed to .xlsx\n", "不是有效"),
    (b"PK\x03\x04" + b"\0" * 40, "损坏"),
])
def test_not_a_zip_refused_with_a_chinese_message(tmp_path, capsys, blob, words):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(blob)
    with pytest.raises(LoadError, match=words):
        safety.check_zip_file(path)
    rc, text = _run(capsys, ["score", str(path)])
    assert rc == 2 and "bad.xlsx" in text and "Traceback" not in text


# ----------------------------------------------------------------------------- macros, external links

_EVENTS: list[tuple] = []
_RECORDING = [False]


def _hook(event, args):
    if _RECORDING[0] and event in ("open", "socket.connect", "socket.getaddrinfo", "urllib.Request",
                                   "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.startfile"):
        _EVENTS.append((event, args[0] if args else None))


sys.addaudithook(_hook)


def _hostile_workbook(tmp_path: Path) -> tuple[Path, Path]:
    """The example as .xlsm with a vbaProject.bin and an external link to a file that must stay untouched."""
    target = tmp_path / "linked-target-xyz.xlsx"
    parts = zipmut.entries(EXAMPLE.read_bytes())
    parts["xl/vbaProject.bin"] = bytes.fromhex("D0CF11E0A1B11AE1") + b"Attribute VB_Name AutoOpen Shell" * 64
    zipmut.add_content_type(parts, "xl/vbaProject.bin", "application/vnd.ms-office.vbaProject")
    zipmut.add_relationship(parts, "xl/_rels/workbook.xml.rels",
                            '<Relationship Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                            'Target="/xl/vbaProject.bin" Id="rIdVba"/>')
    parts["xl/externalLinks/externalLink1.xml"] = (
        b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        b'<externalBook r:id="rId1"><sheetNames><sheetName val="S"/></sheetNames></externalBook></externalLink>')
    parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        f'externalLinkPath" Target="file://{target}" TargetMode="External"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'hyperlink" Target="http://192.0.2.1/steal" TargetMode="External"/></Relationships>').encode()
    zipmut.add_content_type(parts, "xl/externalLinks/externalLink1.xml",
                            "application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml")
    zipmut.add_relationship(parts, "xl/_rels/workbook.xml.rels",
                            '<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                            'externalLink" Target="/xl/externalLinks/externalLink1.xml" Id="rIdExt"/>')
    wbxml = parts["xl/workbook.xml"].decode("utf-8")
    anchor = "<definedNames>" if "<definedNames>" in wbxml else "<calcPr"
    parts["xl/workbook.xml"] = wbxml.replace(
        anchor, '<externalReferences><externalReference xmlns:r="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships" r:id="rIdExt"/></externalReferences>' + anchor, 1).encode()
    path = tmp_path / "macro.xlsm"
    path.write_bytes(zipmut.rezip(parts))
    return path, target


def test_macros_and_external_links_are_data_only(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))
    path, target = _hostile_workbook(tmp_path)
    assert "xl/externalLinks/externalLink1.xml" in zipfile.ZipFile(path).namelist()
    before = path.read_bytes()
    rc_plain, plain = _run(capsys, ["score", str(EXAMPLE)])
    _EVENTS.clear()
    _RECORDING[0] = True
    try:
        rc, text = _run(capsys, ["score", str(path)])
        rc_md, _ = _run(capsys, ["report", str(path), "--format", "md", "-o", str(tmp_path / "r.md"), "--no-chart"])
    finally:
        _RECORDING[0] = False
    assert rc == rc_plain == 0 and rc_md == 0, text
    assert text.splitlines()[1:] == plain.splitlines()[1:]  # same scores as the clean example
    opened = [str(a) for e, a in _EVENTS if e == "open"]
    assert not any("linked-target-xyz" in p for p in opened), opened
    assert not [e for e in _EVENTS if e[0] != "open"], _EVENTS  # no socket, no process
    assert not target.exists()
    assert path.read_bytes() == before


def test_many_real_rows_refused(tmp_path, monkeypatch):
    """Rows that hold a cell with something count; empty rows (however many, however far) do not."""
    monkeypatch.setattr(safety, "MAX_ROWS", 1000)
    empty = "".join(f'<row r="{r}"/>' for r in range(1, 1200)) + '<row r="1048576"/>'
    full = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(1, 1002))
    for rows in (empty, full):
        xml = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
               f"<sheetData>{rows}</sheetData></worksheet>")
        path = tmp_path / "rows.xlsx"
        path.write_bytes(zipmut.replace(EXAMPLE.read_bytes(), {SHEET: xml.encode()}))
        if rows is empty:
            safety.check_zip_file(path)
        else:
            with pytest.raises(safety.UnsafeFileError, match="有内容的行超过1000行"):
                safety.check_zip_file(path)
