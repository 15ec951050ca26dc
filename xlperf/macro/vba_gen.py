"""The ``xlwings_udfs`` VBA module, written by xlwings' own "Import Functions" code.

``generate_udfs_module()`` runs the real ``xlwings.udfs.import_udfs`` (loaded through
:mod:`xlperf.macro.winstub`) against a stand-in workbook that records what Excel would receive: the text of
the module file handed to ``VBComponents.Import`` and each ``Application.MacroOptions`` call (the Function
Wizard descriptions, which Excel keeps outside the module text).  The result is byte for byte the module a
clerk would get by pressing "Import Functions" on Windows, apart from line ends (CRLF here, as VBA stores them).
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from .winstub import load_windows_udfs

UDF_MODULE = "xlperf.udfs"
VBA_MODULE_NAME = "xlwings_udfs"


@dataclass
class _Recorder:
    imported: list[str] = field(default_factory=list)
    macro_options: list[tuple[str, dict]] = field(default_factory=list)


class _Components:
    def __init__(self, rec: _Recorder):
        self._rec = rec

    def __call__(self, name):
        return name

    def Remove(self, _component):  # noqa: N802 - COM method name
        return None

    def Import(self, path):  # noqa: N802 - COM method name
        self._rec.imported.append(Path(path).read_text(encoding="utf-8"))


class _Application:
    Version = "16.0"

    def __init__(self, rec: _Recorder):
        self._rec = rec

    def MacroOptions(self, macro, **kwargs):  # noqa: N802 - COM method name
        self._rec.macro_options.append((macro, kwargs))


class _FakeWorkbook:
    """The parts of Excel's Workbook COM object that ``import_udfs`` touches."""

    def __init__(self, name: str, rec: _Recorder):
        self.Name = name
        self.Application = _Application(rec)
        self.VBProject = type("VBProject", (), {})()
        self.VBProject.VBComponents = _Components(rec)


@dataclass(frozen=True)
class UdfsModule:
    source: str  # VBA module text with CRLF line ends, starting with Attribute VB_Name
    macro_options: list[tuple[str, dict]]


def generate_udfs_module(workbook_name: str = "xlperf-form.xlsm") -> UdfsModule:
    """Run xlwings' ``import_udfs("xlperf.udfs", …)`` for a workbook called ``workbook_name``."""
    xludfs, module = load_windows_udfs()
    rec = _Recorder()
    saved = xludfs.udf_modules.get(UDF_MODULE)
    # Pre-seeded, so get_udf_module neither reloads nor asks the (fake) workbook for embedded code.
    xludfs.udf_modules[UDF_MODULE] = {"filename": module.__file__, "filetime": None, "module": module}
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            xludfs.import_udfs(UDF_MODULE, _FakeWorkbook(workbook_name, rec))
    finally:
        if saved is None:
            xludfs.udf_modules.pop(UDF_MODULE, None)
        else:
            xludfs.udf_modules[UDF_MODULE] = saved
    if len(rec.imported) != 1:
        raise RuntimeError("xlwings import_udfs did not import exactly one module")
    text = rec.imported[0].replace("\r\n", "\n").replace("\n", "\r\n")
    return UdfsModule(source=text, macro_options=rec.macro_options)


def udfs_module_source(workbook_name: str = "xlperf-form.xlsm") -> str:
    return generate_udfs_module(workbook_name).source
