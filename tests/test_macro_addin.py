"""The optional add-in workbooks/xlperf.xlam: add-in content type, VBA modules, ribbon, LibreOffice, and that
its ribbon actions reach Python with the ACTIVE workbook as the caller."""

import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xlwings
from ooxml import part, vba_modules
from pyopenvba import ExcelFile, check_file

import xlperf.udfs as udfs
from xlperf.macro.addin import ADDIN_NAME, ADDIN_TYPE, addin_runtime_source, as_addin, build_addin
from xlperf.macro.register import REGISTER_MODULE, register_module_source
from xlperf.macro.vba_gen import generate_udfs_module, wrappers_module_source
from xlperf.macro.xlsm import CUSTOMUI_PART, CUSTOMUI_REL, ribbon_module_source, ribbon_xml

WORKBOOKS = Path(__file__).resolve().parent.parent / "workbooks"
MODULES = {"ThisWorkbook", "Sheet1", "xlwings", "Dictionary", "xlperf_udfs", "xlperf_python", "xlperf_ribbon",
           REGISTER_MODULE}
CUI = "{http://schemas.microsoft.com/office/2009/07/customui}"


@pytest.fixture(scope="module")
def xlam(tmp_path_factory):
    return build_addin(tmp_path_factory.mktemp("addin") / ADDIN_NAME)


@pytest.fixture(scope="module")
def modules(xlam):
    return vba_modules(xlam)


def test_addin_content_type_and_code_name(xlam):
    types = ET.fromstring(part(xlam, "[Content_Types].xml"))
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/xl/workbook.xml"] == "application/vnd.ms-excel.addin.macroEnabled.main+xml" == ADDIN_TYPE
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    book = ET.fromstring(part(xlam, "xl/workbook.xml"))
    assert book.find(main + "workbookPr").get("codeName") == "ThisWorkbook"
    assert [s.get("name") for s in book.iter(main + "sheet")] == ["xlwings.conf"]


def test_same_content_type_as_an_excel_authored_addin():
    import io

    from pyopenvba._templates import EMPTY_XLAM_BYTES

    with zipfile.ZipFile(io.BytesIO(EMPTY_XLAM_BYTES)) as zf:
        types = ET.fromstring(zf.read("[Content_Types].xml"))
    assert {o.get("PartName"): o.get("ContentType") for o in types}["/xl/workbook.xml"] == ADDIN_TYPE


def test_olevba_reads_every_module(modules):
    assert set(modules) == MODULES


def test_functions_and_their_help_are_the_workbooks_ones(xlam):
    with ExcelFile(xlam) as wb:
        assert wb.get_module("xlperf_udfs") == wrappers_module_source(ADDIN_NAME)
        # an add-in's wrappers hand xlwings the ACTIVE workbook, as xlwings' generator writes for a .xlam
        assert "ActiveWorkbook, Application.Caller)" in generate_udfs_module(ADDIN_NAME).source
        assert wb.get_module(REGISTER_MODULE) == register_module_source(generate_udfs_module(ADDIN_NAME).macro_options)
        assert wb.get_module("xlperf_ribbon") == ribbon_module_source()
        code = wb.get_module("xlperf_udfs")
    assert code.count("ActiveWorkbook, Application.Caller)") == len(udfs.__all__)
    assert set(re.findall(r"^Function (PERF_\w+)\(", code, re.M)) == set(udfs.__all__)


def test_runtime_is_xlwings_custom_addin_variant_passing_the_active_workbook(modules):
    """What makes xw.Book.caller() (used by xlperf.excel) return the clerk's workbook, not the add-in."""
    code = modules["xlwings"]
    wheel = (Path(xlwings.__file__).parent / "xlwings_custom_addin.bas").read_text(encoding="ascii")
    # the wheel's text except PROJECT_NAME, which keeps the .xlsm's config places (xlwings.conf)
    assert code.replace("\r\n", "\n").strip() == \
        wheel.replace("\r\n", "\n").replace('PROJECT_NAME As String = "myaddin"',
                                             'PROJECT_NAME As String = "xlwings"').strip()
    assert '" --wb=" & """" & ActiveWorkbook.Name & """ --from_xl=1"' in code  # RunPython via a new process
    assert '"BOOK_CALLER", ActiveWorkbook' in code  # RunPython via the UDF server
    assert re.search(r'Public Const XLWINGS_VERSION As String = "([^"]+)"', code).group(1) == xlwings.__version__
    assert set(re.findall(r'Lib "xlwings(?:32|64)-([\d.]+)\.dll"', code)) == {xlwings.__version__}
    assert "Copyright (C) 2014-present, Zoomer Analytics LLC" in code
    assert addin_runtime_source().replace("\r\n", "\n").strip() == code.replace("\r\n", "\n").strip()


def test_ribbon_relationship_and_callbacks(xlam, modules):
    rels = ET.fromstring(part(xlam, "_rels/.rels"))
    assert [r.get("Target") for r in rels if r.get("Type") == CUSTOMUI_REL] == [CUSTOMUI_PART]
    assert part(xlam, CUSTOMUI_PART) == ribbon_xml()
    root = ET.fromstring(part(xlam, CUSTOMUI_PART))
    for button in root.iter(CUI + "button"):
        module, sub = button.get("onAction").split(".")
        body = re.search(rf"^Public Sub {sub}\(control As IRibbonControl\)\s*$(.*?)^End Sub",
                         modules[module], re.M | re.S).group(1)
        lines = [line.strip() for line in body.strip().splitlines()]
        if sub == "OnReconnect":  # works without Python and without a workbook
            assert lines == ["Reconnect"]
            continue
        # no active workbook (only the add-in open): a message instead of an error inside RunPython
        assert lines[0] == "If Not HasWorkbook() Then Exit Sub"
        # without Python: xlperf_python's sentence instead of xlwings' English errors
        assert lines[1] == "If Not PythonOk() Then Exit Sub"
        assert lines[2].startswith('RunPython "import xlperf.excel; xlperf.excel.')


def test_no_workbook_message_decodes_to_chinese(modules):
    from test_macro_register import evaluate, run_statements

    code = modules["xlperf_ribbon"]
    body = re.search(r"^Private Function HasWorkbook\(\) As Boolean\s*$(.*?)^End Function", code, re.M | re.S).group(1)
    env = run_statements([line for line in body.splitlines() if re.match(r"\s*m = ", line)])
    m = re.search(r"^\s*MsgBox m, vbExclamation, (.*)$", body, re.M)
    assert env["m"] == "请先打开要处理的填报工作簿（若窗口处于“受保护的视图”，请先点“启用编辑”），再点此按钮。"
    assert evaluate(m.group(1).strip(), {}) == "绩效自评"
    assert "HasWorkbook = Not (ActiveWorkbook Is Nothing)" in code


def test_pyopenvba_check_file_passes(xlam):
    report = check_file(xlam)
    assert report.ok, report.issues


def test_as_addin_refuses_a_plain_workbook(tmp_path):
    import openpyxl

    openpyxl.Workbook().save(tmp_path / "plain.xlsx")
    with pytest.raises(ValueError):
        as_addin((tmp_path / "plain.xlsx").read_bytes())


def test_build_addin_refuses_other_extensions(tmp_path):
    with pytest.raises(ValueError):
        build_addin(tmp_path / "xlperf.xlsm")
    assert list(tmp_path.iterdir()) == []


def test_libreoffice_opens_the_addin_and_lists_its_modules(xlam, tmp_path):
    from xlperf.infra.office import convert

    ods = convert(xlam, "ods", tmp_path, infilter="Calc MS Excel 2007 VBA XML")
    with zipfile.ZipFile(ods) as zf:
        listed = {n.split("/")[2][:-4] for n in zf.namelist()
                  if n.startswith("Basic/VBAProject/") and not n.endswith("script-lb.xml")}
        content = zf.read("content.xml").decode()
    assert listed == MODULES
    assert 'table:name="xlwings.conf"' in content and "xlperf.udfs" in content


def test_committed_addin_equals_a_fresh_build(xlam):
    committed = WORKBOOKS / ADDIN_NAME
    assert committed.is_file(), f"缺少 {committed.name}：请运行 xlperf build"
    with zipfile.ZipFile(committed) as a, zipfile.ZipFile(xlam) as b:
        assert sorted(a.namelist()) == sorted(b.namelist())
        for name in a.namelist():
            if name != "xl/vbaProject.bin":
                assert a.read(name) == b.read(name), f"{name} 与重新生成的不同，请运行 xlperf build"
    with ExcelFile(committed) as old, ExcelFile(xlam) as new:
        assert {n: old.get_module(n) for n in old.module_names()} == \
            {n: new.get_module(n) for n in new.module_names()}
        assert old.references() == new.references()
