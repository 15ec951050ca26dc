"""The macro workbook's assembly (:mod:`xlperf.macro.xlsm`) judged fast, each value written here by hand.

Expected values come from the package formats: the content types of ECMA-376 Part 2 / [MS-OFFMACRO2]
(``application/vnd.ms-excel.sheet.macroEnabled.main+xml`` for a macro-enabled workbook part,
``application/xml`` for a part of the generic XML type), the Office 2010 ribbon part (``customUI/customUI14.xml``
in the ``http://schemas.microsoft.com/office/2009/07/customui`` namespace, reached from the package's
``_rels/.rels`` by the relationship type ``…/2007/relationships/ui/extensibility``), a zip's entries as
:mod:`zipfile` documents them, and what olevba reads back from the built file.  The VBA modules are compared with
the files they come from (the xlwings wheel's ``xlwings.bas``, ``xlperf/vba/*.bas``) with every line ended by CRLF,
VBA's own line end.  No LibreOffice; one small pyOpenVBA build per test that needs one (~0.5 s).

Equivalent (argued; mutmut 3.8.1, session 8 s8e, 3 of 244):

* ``xlwings_runtime_source`` 7 and ``ribbon_module_source`` 5: ``encoding="ascii"`` → ``"ASCII"`` — Python's
  codec names are case-insensitive; a non-ASCII .bas is refused either way (tested below).
* ``xlsm_bytes`` 47: ``wrappers_module_source(None, udfs)`` — :func:`~xlperf.macro.vba_gen.wrappers_module_source`
  reads its workbook name only when it has to run xlwings' generator itself; given the generator's output
  (``udfs``) it never looks at the name.  That it is given the output, and the generator runs once a build, is
  tested (``_spy_generator``).

Simplified in session 8 (same parts, checked against the build before the change and by
``test_macro_workbooks.py``'s committed-equals-fresh test): the build stages one file and pyOpenVBA saves it in place
(no ``prefix=`` for the temporary folder, no ``stage``/``built`` names), ``encode()``/``decode()`` without the
default "utf-8", ``str.replace`` without a count for the one closing tag of ``.rels`` / ``[Content_Types].xml``,
``ZipInfo(CUSTOMUI_PART)`` (its default date is 1980-01-01 00:00:00), and the zip writer without a compression of
its own (each entry carries ``ZIP_DEFLATED``): 283 mutants at 07fd49e, 244 now.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest
import xlwings
from ooxml import vba_modules

from xlperf.macro import vba_gen, xlsm

MACRO_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PLAIN_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
UI_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
D1980 = (1980, 1, 1, 0, 0, 0)
D2024 = (2024, 5, 6, 7, 8, 10)  # zip keeps seconds in steps of two
VBA = Path(xlsm.__file__).resolve().parent.parent / "vba"


def _zip(entries: list[tuple[str, bytes]], date=D2024, method=zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=date)
            info.compress_type = method
            zf.writestr(info, data)
    return buf.getvalue()


def _entries(data: bytes) -> list[tuple[str, bytes, int, tuple]]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return [(i.filename, zf.read(i.filename), i.compress_type, i.date_time) for i in zf.infolist()]


def _types(parts: str = "") -> str:
    return (f'<Types xmlns="{CT_NS}"><Default Extension="rels" ContentType="x"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{PLAIN_MAIN}"/>{parts}</Types>')


def _rels(*ids: int, extra: str = "") -> str:
    return (f'<Relationships xmlns="{PKG_REL}">'
            + "".join(f'<Relationship Id="rId{n}" Type="t{n}" Target="p{n}"/>' for n in ids)
            + extra + "</Relationships>")


# --- module texts ---------------------------------------------------------------------------------------------

def test_crlf_ends_every_line_once():
    assert xlsm._crlf("a\nb\r\nc\n") == "a\r\nb\r\nc\r\n"
    assert xlsm._crlf("") == ""


def test_the_runtime_is_the_wheels_xlwings_bas_with_crlf():
    wheel = Path(xlwings.__file__).resolve().parent
    assert xlsm._xlwings_dir() == wheel
    assert xlsm.template_path() == wheel / "quickstart_standalone.xlsm"
    text = (wheel / "xlwings.bas").read_bytes().decode("ascii")
    runtime = xlsm.xlwings_runtime_source()
    assert runtime.split("\r\n") == text.replace("\r\n", "\n").split("\n")
    assert "\n" not in runtime.replace("\r\n", "")


def test_the_ribbon_module_is_vba_xlperf_ribbon_bas_with_crlf():
    text = (VBA / "xlperf_ribbon.bas").read_bytes().decode("ascii")
    source = xlsm.ribbon_module_source()
    assert source.split("\r\n") == text.replace("\r\n", "\n").split("\n")
    assert source.startswith('Attribute VB_Name = "xlperf_ribbon"\r\n')


def test_a_non_ascii_bas_is_refused(tmp_path, monkeypatch):
    (tmp_path / "xlwings.bas").write_bytes("' 注释\n".encode("utf-8"))
    (tmp_path / "xlperf_ribbon.bas").write_bytes("' 注释\n".encode("utf-8"))
    monkeypatch.setattr(xlsm, "_xlwings_dir", lambda: tmp_path)
    monkeypatch.setattr(xlsm, "VBA_DIR", tmp_path)
    with pytest.raises(UnicodeDecodeError):
        xlsm.xlwings_runtime_source()
    with pytest.raises(UnicodeDecodeError):
        xlsm.ribbon_module_source()
    (tmp_path / "xlwings.bas").write_bytes(b"a\nb")
    (tmp_path / "xlperf_ribbon.bas").write_bytes(b"c\r\nd\n")
    assert xlsm.xlwings_runtime_source() == "a\r\nb"
    assert xlsm.ribbon_module_source() == "c\r\nd\r\n"


def test_the_workbook_module_runs_the_registration_on_open():
    assert xlsm.workbook_module_body() == (
        "Option Explicit\r\n"
        "\r\n"
        "' xlperf: Function Wizard help for the PERF_ functions, registered when the workbook (or add-in) opens.\r\n"
        "' Generated by xlperf/macro/xlsm.py: do not edit.\r\n"
        "Private Sub Workbook_Open()\r\n"
        "    RegisterFunctions\r\n"
        "End Sub\r\n")


def test_the_ribbon_part_is_vba_customui14_xml():
    data = xlsm.ribbon_xml()
    assert data == (VBA / "customUI14.xml").read_bytes()
    assert ET.fromstring(data).tag == "{http://schemas.microsoft.com/office/2009/07/customui}customUI"


# --- the package --------------------------------------------------------------------------------------------

def test_the_workbook_part_becomes_macro_enabled_and_nothing_else_changes():
    other = '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="s"/>'
    types = _types(other)
    assert xlsm._macro_enabled_types(types, ".xlsm") == types.replace(PLAIN_MAIN, MACRO_MAIN)
    twice = types + types  # only the first override is switched
    assert xlsm._macro_enabled_types(twice, ".xlsm") == types.replace(PLAIN_MAIN, MACRO_MAIN) + types


def test_a_package_without_a_workbook_override_is_refused():
    with pytest.raises(ValueError, match="^workbook.xml has no content-type override$"):
        xlsm._macro_enabled_types(f'<Types xmlns="{CT_NS}"><Override PartName="/xl/book.xml" '
                                  f'ContentType="{PLAIN_MAIN}"/></Types>', ".xlsm")
    with pytest.raises(KeyError):
        xlsm._macro_enabled_types(_types(), ".xlsx")


def test_rezip_deflates_every_part_keeping_names_order_and_times():
    source = _zip([("b.xml", b"<b/>" * 50), ("a/c.bin", b"\x00\x01")], date=D2024)
    parts = xlsm._read_parts(source)
    assert [(i.filename, d) for i, d in parts] == [("b.xml", b"<b/>" * 50), ("a/c.bin", b"\x00\x01")]
    assert _entries(xlsm._rezip(parts)) == [("b.xml", b"<b/>" * 50, zipfile.ZIP_DEFLATED, D2024),
                                            ("a/c.bin", b"\x00\x01", zipfile.ZIP_DEFLATED, D2024)]


def test_inject_ribbon_adds_the_part_its_relationship_and_its_type():
    package = _zip([("[Content_Types].xml", _types().encode()), ("_rels/.rels", _rels(1, 3, 2).encode()),
                    ("xl/workbook.xml", b"<w/>")])
    out = _entries(xlsm.inject_ribbon(package, b"<ui/>"))
    assert [e[0] for e in out] == ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "customUI/customUI14.xml"]
    assert out[0][1].decode() == _types('<Override PartName="/customUI/customUI14.xml" ContentType="application/xml"/>')
    assert out[1][1].decode() == _rels(1, 3, 2, extra=f'<Relationship Id="rId4" Type="{UI_REL}" '
                                                       'Target="customUI/customUI14.xml"/>')
    assert out[2][1] == b"<w/>"
    assert out[3][1:] == (b"<ui/>", zipfile.ZIP_DEFLATED, D1980)
    assert [e[3] for e in out[:3]] == [D2024] * 3


def test_inject_ribbon_replaces_an_earlier_ribbon_and_keeps_a_default_xml_type():
    old_rel = f'<Relationship Id="rId7" Type="{UI_REL}" Target="customUI/customUI14.xml"/>'
    types = _types().replace("<Override", '<Default Extension="xml" ContentType="application/xml"/><Override', 1)
    package = _zip([("customUI/customUI14.xml", b"<old/>"), ("[Content_Types].xml", types.encode()),
                    ("_rels/.rels", _rels(1, extra=old_rel).encode())])
    out = _entries(xlsm.inject_ribbon(package, "<新/>".encode()))
    assert [e[0] for e in out] == ["[Content_Types].xml", "_rels/.rels", "customUI/customUI14.xml"]
    assert out[0][1].decode() == types  # xml parts already have a type: no override added
    assert out[1][1].decode() == _rels(1, extra=f'<Relationship Id="rId2" Type="{UI_REL}" '
                                               'Target="customUI/customUI14.xml"/>')
    assert out[2][1] == "<新/>".encode()


def test_inject_ribbon_adds_no_second_override_and_starts_ids_at_one():
    override = '<Override PartName="/customUI/customUI14.xml" ContentType="application/xml"/>'
    package = _zip([("[Content_Types].xml", _types(override).encode()),
                    ("_rels/.rels", f'<Relationships xmlns="{PKG_REL}"></Relationships>'.encode())])
    out = dict((e[0], e[1].decode()) for e in _entries(xlsm.inject_ribbon(package, b"<ui/>")))
    assert out["[Content_Types].xml"] == _types(override)
    assert out["_rels/.rels"] == (f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{UI_REL}" '
                                  'Target="customUI/customUI14.xml"/></Relationships>')


# --- the whole build (pyOpenVBA, then read back with olevba) ------------------------------------------------

def _xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "封面"
    wb.active["A1"] = "部门整体绩效自评"
    wb.save(path)
    return path


def _spy_generator(monkeypatch) -> list[str]:
    """The names xlwings' generator is run for, wherever it is called from (xlsm.py or vba_gen.py)."""
    told: list[str] = []
    real = vba_gen.generate_udfs_module

    def spy(name="xlperf-form.xlsm"):
        told.append(name)
        return real(name)

    monkeypatch.setattr(xlsm, "generate_udfs_module", spy)
    monkeypatch.setattr(vba_gen, "generate_udfs_module", spy)
    return told


def test_xlsm_bytes_holds_every_module_the_ribbon_and_the_macro_type(tmp_path, monkeypatch):
    told = _spy_generator(monkeypatch)  # once a build: the wrappers and the registration come from one run
    data = xlsm.xlsm_bytes(_xlsx(tmp_path / "表.xlsx"), runtime='Attribute VB_Name = "xlwings"\r\n\' mine\r\n')
    assert told == ["workbook.xlsm"]
    out = tmp_path / "out.xlsm"
    out.write_bytes(data)
    modules = vba_modules(out)
    assert set(modules) == {"ThisWorkbook", "Sheet1", "xlwings", "Dictionary", "xlperf_udfs", "xlperf_python",
                            "xlperf_ribbon", "xlperf_register"}
    assert modules["xlwings"].rstrip("\r\n").endswith("' mine")
    assert modules["xlperf_ribbon"].rstrip() == xlsm.ribbon_module_source().rstrip()
    assert xlsm.workbook_module_body() in modules["ThisWorkbook"]
    assert "Function PERF_TOTAL(" in modules["xlperf_udfs"]
    assert "Sub RegisterFunctions(" in modules["xlperf_register"]
    # the template's class module, kept (the GUID every VBA class module has as its base)
    assert modules["Dictionary"].startswith('Attribute VB_Name = "Dictionary"\r\n'
                                            'Attribute VB_Base = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"\r\n')
    parts = {e[0]: e[1] for e in _entries(data)}
    assert parts["customUI/customUI14.xml"] == xlsm.ribbon_xml()
    assert list(parts)[-1] == "customUI/customUI14.xml"
    assert MACRO_MAIN.encode() in parts["[Content_Types].xml"]
    assert PLAIN_MAIN.encode() not in parts["[Content_Types].xml"]
    assert f'Type="{UI_REL}" Target="customUI/customUI14.xml"'.encode() in parts["_rels/.rels"]


def test_xlsm_bytes_uses_xlwings_runtime_and_tells_the_generator_the_name(tmp_path, monkeypatch):
    told = _spy_generator(monkeypatch)
    data = xlsm.xlsm_bytes(_xlsx(tmp_path / "a.xlsx"), workbook_name="甲.xlsm")
    assert told == ["甲.xlsm"]
    out = tmp_path / "out.xlsm"
    out.write_bytes(data)
    runtime = vba_modules(out)["xlwings"]
    wheel = (Path(xlwings.__file__).parent / "xlwings.bas").read_text(encoding="ascii")
    assert runtime.replace("\r\n", "\n").rstrip("\n").endswith(wheel.replace("\r\n", "\n").rstrip("\n")[-2000:])


def test_the_project_is_xlwings_quickstart_project(tmp_path, monkeypatch):
    """The template's references are kept: the Office library (IRibbonControl) and Scripting's Dictionary use."""
    from pyopenvba import ExcelFile

    out = tmp_path / "out.xlsm"
    out.write_bytes(xlsm.xlsm_bytes(_xlsx(tmp_path / "a.xlsx")))
    with ExcelFile(xlsm.template_path()) as template:
        wanted = [r.name for r in template.references()]
    with ExcelFile(out) as wb:
        assert [r.name for r in wb.references()] == wanted
    assert "Office" in wanted


def test_a_workbook_with_vba_already_is_refused(tmp_path):
    path = tmp_path / "有宏.xlsx"
    path.write_bytes(_zip([("[Content_Types].xml", _types().encode()), ("xl/vbaProject.bin", b"x")]))
    with pytest.raises(ValueError) as e:
        xlsm.xlsm_bytes(path)
    assert str(e.value) == f"{path} already holds a VBA project"


def test_build_xlsm_takes_the_suffix_in_any_case_and_refuses_others(tmp_path):
    src = _xlsx(tmp_path / "a.xlsx")
    target = tmp_path / "b.XLSM"
    assert xlsm.build_xlsm(src, str(target)) == target
    assert MACRO_MAIN.encode() in dict((e[0], e[1]) for e in _entries(target.read_bytes()))["[Content_Types].xml"]
    with pytest.raises(ValueError, match=r"^unsupported macro workbook type: \.xlsx$"):
        xlsm.build_xlsm(src, tmp_path / "c.xlsx")
    assert not (tmp_path / "c.xlsx").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx", "b.XLSM"]  # nothing else left behind


def test_build_xlsm_passes_the_targets_suffix_on(tmp_path, monkeypatch):
    """Another macro-enabled type once declared (the template .xltm, [MS-OFFMACRO2]) is staged under its own suffix:
    pyOpenVBA, which adds projects to .xlsm files only, refuses it — never a package typed as one thing and named
    as another; nothing is written."""
    from pyopenvba.exceptions import UnsupportedFormatError

    monkeypatch.setitem(xlsm.WORKBOOK_TYPES, ".xltm", "application/vnd.ms-excel.template.macroEnabled.main+xml")
    with pytest.raises(UnsupportedFormatError, match=r"\.xltm file"):
        xlsm.build_xlsm(_xlsx(tmp_path / "a.xlsx"), tmp_path / "t.XLTM")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.xlsx"]
