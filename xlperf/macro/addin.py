"""The optional add-in ``xlperf.xlam``: the 「绩效自评」 ribbon and the PERF_ functions for clerks who keep their
own workbooks.

Built like the ``.xlsm`` twins (:func:`xlperf.macro.xlsm.xlsm_bytes`) from a one-sheet package written here,
with two differences, both as in xlwings' own ``quickstart_addin_ribbon.xlam``:

- the VBA runtime is the wheel's ``xlwings_custom_addin.bas``: its ``RunPython`` hands Python the ACTIVE
  workbook as the caller (``--wb=ActiveWorkbook.Name``; ``BOOK_CALLER = ActiveWorkbook`` with the UDF
  server), so ``xw.Book.caller()`` in :mod:`xlperf.excel` is the clerk's workbook, not the add-in, and the
  Python side needs no add-in variant.  Its ``PROJECT_NAME`` is set to ``xlwings`` (the wheel says
  ``myaddin``) so settings come from the same places as for the ``.xlsm``: a ``xlwings.conf`` sheet, a
  ``xlwings.conf`` file next to the active workbook, ``%USERPROFILE%\\.xlwings\\xlwings.conf``;
- the finished ``.xlsm`` package becomes an add-in by its workbook content type
  (``application/vnd.ms-excel.addin.macroEnabled.main+xml``, as in the Excel-authored empty ``.xlam`` that
  pyOpenVBA carries); ``workbookPr`` keeps the ``codeName`` pyOpenVBA wrote.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from ..infra.atomic import write_bytes
from ..infra.wininstall import PINNED_SETTINGS
from .xlsm import _read_parts, _rezip, _xlwings_dir, xlsm_bytes

ADDIN_NAME = "xlperf.xlam"
ADDIN_TYPE = "application/vnd.ms-excel.addin.macroEnabled.main+xml"
MACRO_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PROJECT_NAME = "xlwings"
CONF_SHEET = "xlwings.conf"
#: the add-in's own settings, used when the active workbook's ``xlwings.conf`` sheet does not name them
#: (xlwings' custom add-in runtime looks there second: "Add-in Sheet Config"): the same pinned block
CONF = PINNED_SETTINGS

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def addin_runtime_source() -> str:
    """xlwings' custom add-in runtime from the installed wheel, with ``PROJECT_NAME = "xlwings"``."""
    text = (_xlwings_dir() / "xlwings_custom_addin.bas").read_text(encoding="ascii")
    text, n = re.subn(r'^(Public Const PROJECT_NAME As String = )"[^"]*"', rf'\1"{PROJECT_NAME}"', text,
                      flags=re.M)
    if n != 1:
        raise RuntimeError("xlwings_custom_addin.bas no longer declares PROJECT_NAME once")
    # read_text reads with universal newlines: every line ends in "\n" here, whatever the wheel ships
    return text.replace("\n", "\r\n")


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def base_package() -> bytes:
    """A one-sheet ``.xlsx`` package: the add-in's hidden ``xlwings.conf`` sheet (:data:`CONF`)."""
    rows = "".join(f'<row r="{i}">{_cell(f"A{i}", k)}{_cell(f"B{i}", v) if v else ""}</row>'
                   for i, (k, v) in enumerate(CONF, start=1))
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/></Types>'),
        "_rels/.rels": (
            f'<Relationships xmlns="{_PKG_R}"><Relationship Id="rId1" Type="{_R}/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_R}"><workbookPr/><bookViews><workbookView/></bookViews>'
            f'<sheets><sheet name="{CONF_SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": (
            f'<Relationships xmlns="{_PKG_R}">'
            f'<Relationship Id="rId1" Type="{_R}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{_R}/styles" Target="styles.xml"/></Relationships>'),
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{_MAIN}"><sheetData>{rows}</sheetData></worksheet>',
        "xl/styles.xml": (
            f'<styleSheet xmlns="{_MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font>'
            '</fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
            'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/>'
            '<diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
            'borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" '
            'borderId="0" xfId="0"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" '
            'builtinId="0"/></cellStyles></styleSheet>'),
    }
    # ZipInfo's default date_time is 1980-01-01 00:00:00: the same bytes on every build
    return _rezip([(zipfile.ZipInfo(name), (_HEAD + xml).encode()) for name, xml in parts.items()])


def as_addin(package: bytes) -> bytes:
    """The macro workbook ``package`` turned into an add-in: only the workbook's content type changes."""
    out = []
    for info, data in _read_parts(package):
        if info.filename == "[Content_Types].xml":
            text = data.decode()
            if text.count(MACRO_TYPE) != 1:
                raise ValueError("not a macro-enabled workbook package")
            data = text.replace(MACRO_TYPE, ADDIN_TYPE).encode()
        elif info.filename == "xl/workbook.xml" and b'<workbookPr codeName="ThisWorkbook"' not in data:
            raise ValueError("the workbook has no code name")
        out.append((info, data))
    return _rezip(out)


def xlam_bytes() -> bytes:
    with tempfile.TemporaryDirectory(prefix="xlperf-xlam-") as tmp:
        base = Path(tmp) / "addin.xlsx"
        base.write_bytes(base_package())
        package = xlsm_bytes(base, runtime=addin_runtime_source(), workbook_name=ADDIN_NAME)
    return as_addin(package)


def build_addin(path: str | Path) -> Path:
    """Write the add-in to ``path`` (atomic); return the path."""
    path = Path(path)
    if path.suffix.lower() != ".xlam":
        raise ValueError("the add-in must be saved as .xlam")
    return write_bytes(path, xlam_bytes())
