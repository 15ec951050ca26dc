"""The PERF_ wrappers the workbooks ship (``xlperf_udfs``), and what xlwings' own "Import Functions" would write.

``generate_udfs_module()`` runs the real ``xlwings.udfs.import_udfs`` (loaded through
:mod:`xlperf.macro.winstub`) against a stand-in workbook that records what Excel would receive: the text of
the module file handed to ``VBComponents.Import`` and each ``Application.MacroOptions`` call (the Function
Wizard descriptions, which Excel keeps outside the module text).  The result is byte for byte the module a
clerk would get by pressing "Import Functions" on Windows, apart from line ends (CRLF here, as VBA stores them).

That module is not shipped: its wrappers end ``failed: PERF_X = Err.Description``, so without Python every
cell shows xlwings' English error text, which ``IFERROR(PERF_X(…), native)`` does not catch.
:func:`wrappers_module_source` keeps each function's signature and its ``XLPy.CallUDF`` call exactly as
xlwings writes them and puts them behind ``xlperf_python.PythonReady()`` (:mod:`.offline`): without Python a
wrapper returns ``CVErr(2042)`` (#N/A) and the native formula takes over; after one failed call none is tried
again in the session.
"""

from __future__ import annotations

import contextlib
import io
import re
import types
from dataclasses import dataclass, field
from pathlib import Path

from .winstub import load_windows_udfs

UDF_MODULE = "xlperf.udfs"
VBA_MODULE_NAME = "xlperf_udfs"  # not xlwings' "xlwings_udfs": its Import Functions must not replace ours


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
        self._rec.imported.append(Path(path).read_bytes().decode())  # UTF-8, line ends as written


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
        self.VBProject = types.SimpleNamespace(VBComponents=_Components(rec))


@dataclass(frozen=True)
class UdfsModule:
    source: str  # VBA module text with CRLF line ends, starting with Attribute VB_Name
    macro_options: list[tuple[str, dict]]


def generate_udfs_module(workbook_name: str = "xlperf-form.xlsm") -> UdfsModule:
    """Run xlwings' ``import_udfs("xlperf.udfs", …)`` for a workbook called ``workbook_name``."""
    xludfs, module = load_windows_udfs()  # a fresh xlwings.udfs each call: its module cache is ours alone
    rec = _Recorder()
    # Pre-seeded, so get_udf_module neither reloads (no file time) nor asks the (fake) workbook for embedded code.
    xludfs.udf_modules[UDF_MODULE] = {"filetime": None, "module": module}
    with contextlib.redirect_stdout(io.StringIO()):
        xludfs.import_udfs(UDF_MODULE, _FakeWorkbook(workbook_name, rec))
    if len(rec.imported) != 1:
        raise RuntimeError("xlwings import_udfs did not import exactly one module")
    text = "\r\n".join(rec.imported[0].splitlines()) + "\r\n"
    return UdfsModule(source=text, macro_options=rec.macro_options)


def udfs_module_source(workbook_name: str) -> str:
    return generate_udfs_module(workbook_name).source


_XLWINGS_FUNCTION = re.compile(
    r"^Function (PERF_\w+)\((.*)\)\r\n"
    r"    #If App = \"Microsoft Excel\" Then\r\n"
    r"        If TypeOf Application\.Caller Is Range Then On Error GoTo failed\r\n"
    r"        (\1 = XLPy\.CallUDF\(\"xlperf\.udfs\", \"\1\", .*, (?:ThisWorkbook|ActiveWorkbook), Application\.Caller\))\r\n"
    r"        Exit Function\r\n"
    r"    #Else\r\n"
    r"        \1 = XLPy\.CallUDF\(.*\)\r\n"
    r"        Exit Function\r\n"
    r"    #End If\r\n"
    r"failed:\r\n"
    r"    \1 = Err\.Description\r\n"
    r"End Function\r\n", re.M)


def wrappers_module_source(workbook_name: str, generated: UdfsModule | None = None) -> str:
    """The ``xlperf_udfs`` module: xlwings' signatures and calls (``generated``: what xlwings' generator wrote
    for ``workbook_name``), failing as an Excel error value."""
    xl = (generated or generate_udfs_module(workbook_name)).source
    found = _XLWINGS_FUNCTION.findall(xl)
    if len(found) != xl.count("\r\nFunction ") + xl.startswith("Function "):
        raise RuntimeError("xlwings' generator wrote a wrapper of a shape xlperf does not know")
    lines = [f'Attribute VB_Name = "{VBA_MODULE_NAME}"',
             "' xlperf: the PERF_ worksheet functions. Each calls Python through xlwings as xlwings' own",
             "' Import Functions would, but only while xlperf_python says Python answers; otherwise, and on any",
             "' failure, it returns #N/A so that IFERROR(PERF_X(...), native) shows the native figure.",
             "' Generated by xlperf/macro/vba_gen.py: do not edit.",
             "Option Explicit"]
    for name, params, call in found:
        lines += ["", f"Function {name}({params})",
                  f"    If Not PythonReady() Then",
                  f"        {name} = OfflineValue()",
                  "        Exit Function",
                  "    End If",
                  "    On Error GoTo failed",
                  f"    {call}",
                  "    Exit Function",
                  "failed:",
                  f"    {name} = PythonFailed(Err.Description)",
                  "End Function"]
    return "\r\n".join(lines) + "\r\n"
