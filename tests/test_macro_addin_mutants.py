"""Fast hand-valued tests for xlperf/macro/addin.py (session 7, s7i): the parts of the one-sheet base package
read back as XML, the add-in content-type swap on a hand-built package, the runtime's PROJECT_NAME line and CRLF
ends, the .xlam suffix rule.  No pyOpenVBA run: every expected value is written here.

Equivalent mutant (argued): ``addin_runtime_source``'s ``read_text(encoding="ascii")`` -> ``encoding="ASCII"``
(mutmut 3.8.1 ``x_addin_runtime_source__mutmut_7``): Python's codec lookup is case-insensitive, "ASCII" and
"ascii" name the same codec.  A non-ASCII .bas is refused either way (test below).
"""

from __future__ import annotations

import io
import re
import zipfile
import xml.etree.ElementTree as ET

import pytest

from xlperf.macro import addin

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
PKG_R = "{http://schemas.openxmlformats.org/package/2006/relationships}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
HEAD = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i.filename) for i in zf.infolist()}


@pytest.fixture
def base():  # per test: mutmut runs only the tests it saw call base_package()
    return _parts(addin.base_package())


def test_base_package_has_the_six_parts_each_with_the_xml_head(base):
    assert sorted(base) == sorted(["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
                                   "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml", "xl/styles.xml"])
    for data in base.values():
        assert data.startswith(HEAD)


def test_base_package_dates_are_1980(base):
    with zipfile.ZipFile(io.BytesIO(addin.base_package())) as zf:
        assert [i.compress_type for i in zf.infolist()] == [zipfile.ZIP_DEFLATED] * 6
        assert {i.date_time for i in zf.infolist()} == {(1980, 1, 1, 0, 0, 0)}


def test_base_parts_have_no_stray_text(base):
    for name, data in base.items():
        for el in ET.fromstring(data).iter():
            assert el.tail is None, (name, el.tag)
            assert el.text is None or el.tag == MAIN + "t", (name, el.tag)


def test_runtime_source_refuses_a_non_ascii_bas(monkeypatch, tmp_path):
    (tmp_path / "xlwings_custom_addin.bas").write_bytes(
        'Public Const PROJECT_NAME As String = "\u00e9"\n'.encode("utf-8"))
    monkeypatch.setattr(addin, "_xlwings_dir", lambda: tmp_path)
    with pytest.raises(UnicodeDecodeError):
        addin.addin_runtime_source()


def test_base_content_types_by_hand(base):
    root = ET.fromstring(base["[Content_Types].xml"])
    defaults = {e.get("Extension"): e.get("ContentType") for e in root.iter(CT + "Default")}
    assert defaults == {"rels": "application/vnd.openxmlformats-package.relationships+xml", "xml": "application/xml"}
    over = {e.get("PartName"): e.get("ContentType") for e in root.iter(CT + "Override")}
    assert over == {
        "/xl/workbook.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
        "/xl/worksheets/sheet1.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
        "/xl/styles.xml": "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"}


def test_base_relationships_by_hand(base):
    rels = [(e.get("Id"), e.get("Type"), e.get("Target"))
            for e in ET.fromstring(base["_rels/.rels"]).iter(PKG_R + "Relationship")]
    r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    assert rels == [("rId1", r + "/officeDocument", "xl/workbook.xml")]
    wb = [(e.get("Id"), e.get("Type"), e.get("Target"))
          for e in ET.fromstring(base["xl/_rels/workbook.xml.rels"]).iter(PKG_R + "Relationship")]
    assert wb == [("rId1", r + "/worksheet", "worksheets/sheet1.xml"), ("rId2", r + "/styles", "styles.xml")]


def test_base_workbook_names_one_sheet_xlwings_conf(base):
    root = ET.fromstring(base["xl/workbook.xml"])
    assert root.find(MAIN + "workbookPr") is not None
    assert root.find(f"{MAIN}bookViews/{MAIN}workbookView") is not None
    sheets = [(s.get("name"), s.get("sheetId"), s.get(R_ID)) for s in root.iter(MAIN + "sheet")]
    assert sheets == [("xlwings.conf", "1", "rId1")]


def test_base_sheet_rows_are_the_pinned_settings_blank_values_left_out(base):
    root = ET.fromstring(base["xl/worksheets/sheet1.xml"])
    rows = []
    for row in root.iter(MAIN + "row"):
        cells = [(c.get("r"), c.get("t"), c.find(f"{MAIN}is/{MAIN}t").text) for c in row.iter(MAIN + "c")]
        rows.append((row.get("r"), cells))
    s = "inlineStr"
    assert rows == [
        ("1", [("A1", s, "UDF Modules"), ("B1", s, "xlperf.udfs")]),
        ("2", [("A2", s, "Interpreter_Win"), ("B2", s, "%LOCALAPPDATA%\\xlperf\\venv\\Scripts\\pythonw.exe")]),
        ("3", [("A3", s, "ADD_WORKBOOK_TO_PYTHONPATH"), ("B3", s, "false")]),
        ("4", [("A4", s, "PYTHONPATH")]),
        ("5", [("A5", s, "USE UDF SERVER"), ("B5", s, "False")]),
        ("6", [("A6", s, "DEBUG UDFS"), ("B6", s, "False")]),
        ("7", [("A7", s, "SHOW CONSOLE"), ("B7", s, "False")]),
        ("8", [("A8", s, "CONDA PATH")]),
        ("9", [("A9", s, "CONDA ENV")]),
        ("10", [("A10", s, "LICENSE_KEY")]),
        ("11", [("A11", s, "TEMP DIR"), ("B11", s, "%TEMP%")]),
        ("12", [("A12", s, "SHOW_ERROR_POPUPS"), ("B12", s, "True")]),
    ]


def test_cell_escapes_markup():
    assert addin._cell("C3", "a<b&c") == '<c r="C3" t="inlineStr"><is><t>a&lt;b&amp;c</t></is></c>'


def test_base_styles_one_calibri_11_two_fills(base):
    root = ET.fromstring(base["xl/styles.xml"])
    font = root.find(f"{MAIN}fonts/{MAIN}font")
    assert (root.find(MAIN + "fonts").get("count"), font.find(MAIN + "sz").get("val"),
            font.find(MAIN + "name").get("val")) == ("1", "11", "Calibri")
    assert [x.attrib for x in root.iter(MAIN + "xf")] == [
        {"numFmtId": "0", "fontId": "0", "fillId": "0", "borderId": "0"},
        {"numFmtId": "0", "fontId": "0", "fillId": "0", "borderId": "0", "xfId": "0"}]
    assert [c.attrib for c in root.iter(MAIN + "cellStyle")] == [{"name": "Normal", "xfId": "0", "builtinId": "0"}]
    fills = [f.find(MAIN + "patternFill").get("patternType") for f in root.iter(MAIN + "fill")]
    assert fills == ["none", "gray125"]
    assert root.find(f"{MAIN}cellStyles/{MAIN}cellStyle").get("name") == "Normal"


MACRO = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
ADDIN = "application/vnd.ms-excel.addin.macroEnabled.main+xml"


def _pkg(types: str, workbook: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", types)
        zf.writestr("xl/workbook.xml", workbook)
        zf.writestr("xl/other.bin", b"\x00\x01")
    return buf.getvalue()


def test_as_addin_changes_only_the_workbook_content_type():
    wb = b'<workbook><workbookPr codeName="ThisWorkbook"/></workbook>'
    out = _parts(addin.as_addin(_pkg(f'<Types><Override ContentType="{MACRO}"/></Types>', wb)))
    assert out == {"[Content_Types].xml": f'<Types><Override ContentType="{ADDIN}"/></Types>'.encode(),
                   "xl/workbook.xml": wb, "xl/other.bin": b"\x00\x01"}


@pytest.mark.parametrize("types", ["<Types/>", f"<Types>{MACRO}{MACRO}</Types>"])
def test_as_addin_refuses_other_than_one_macro_type(types):
    with pytest.raises(ValueError, match=r"^not a macro-enabled workbook package$"):
        addin.as_addin(_pkg(types, b'<workbook><workbookPr codeName="ThisWorkbook"/></workbook>'))


def test_as_addin_refuses_a_workbook_without_code_name():
    with pytest.raises(ValueError, match=r"^the workbook has no code name$"):
        addin.as_addin(_pkg(f"<Types>{MACRO}</Types>", b"<workbook><workbookPr/></workbook>"))


def test_runtime_source_project_name_xlwings_crlf():
    text = addin.addin_runtime_source()
    assert re.findall(r'^Public Const PROJECT_NAME As String = "[^"]*"', text, flags=re.M) == [
        'Public Const PROJECT_NAME As String = "xlwings"']
    assert "\n" not in text.replace("\r\n", "")
    assert "myaddin" not in text


def test_runtime_source_refuses_a_bas_without_project_name(monkeypatch, tmp_path):
    (tmp_path / "xlwings_custom_addin.bas").write_text("Attribute VB_Name = \"x\"\n", encoding="ascii")
    monkeypatch.setattr(addin, "_xlwings_dir", lambda: tmp_path)
    with pytest.raises(RuntimeError, match=r"^xlwings_custom_addin\.bas no longer declares PROJECT_NAME once$"):
        addin.addin_runtime_source()


def test_runtime_source_crlf_from_lf_and_crlf(monkeypatch, tmp_path):
    (tmp_path / "xlwings_custom_addin.bas").write_bytes(
        b'a\r\nPublic Const PROJECT_NAME As String = "myaddin"\nb\n')
    monkeypatch.setattr(addin, "_xlwings_dir", lambda: tmp_path)
    assert addin.addin_runtime_source() == 'a\r\nPublic Const PROJECT_NAME As String = "xlwings"\r\nb\r\n'


def test_build_addin_refuses_another_suffix(tmp_path):
    with pytest.raises(ValueError, match=r"^the add-in must be saved as \.xlam$"):
        addin.build_addin(tmp_path / "x.xlsm")


def test_build_addin_writes_xlam_bytes_any_case(monkeypatch, tmp_path):
    monkeypatch.setattr(addin, "xlam_bytes", lambda: b"XLAM")
    out = addin.build_addin(str(tmp_path / "x.XLAM"))
    assert out == tmp_path / "x.XLAM" and out.read_bytes() == b"XLAM"


def test_constants():
    assert (addin.ADDIN_NAME, addin.PROJECT_NAME, addin.CONF_SHEET) == ("xlperf.xlam", "xlwings", "xlwings.conf")


def test_xlam_bytes_builds_from_the_base_package_and_turns_it_into_an_addin(monkeypatch):
    seen = {}

    def fake_xlsm_bytes(base, runtime, workbook_name):
        seen.update(suffix=base.suffix, base=base.read_bytes(), runtime=runtime, name=workbook_name,
                     prefix=base.parent.name[:12])
        return _pkg(f"<Types>{MACRO}</Types>", b'<workbook><workbookPr codeName="ThisWorkbook"/></workbook>')

    monkeypatch.setattr(addin, "xlsm_bytes", fake_xlsm_bytes)
    monkeypatch.setattr(addin, "addin_runtime_source", lambda: "RUNTIME")
    out = _parts(addin.xlam_bytes())
    assert out["[Content_Types].xml"] == f"<Types>{ADDIN}</Types>".encode()
    assert seen == {"suffix": ".xlsx", "base": addin.base_package(), "runtime": "RUNTIME",
                    "name": "xlperf.xlam", "prefix": "xlperf-xlam-"}
