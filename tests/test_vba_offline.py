"""Excel when Python is missing, broken or blocked (issue 22), run in pyOpenVBA's VBA interpreter.

The modules are the ones in the committed workbooks: xlwings' runtime (its DLL loading reaching a stand-in
``LoadLibrary`` that finds nothing, as on a PC whose venv is gone), ``xlperf_python`` (kernel32's ``Sleep``
replaced by a counter) and the ``xlperf_udfs`` wrappers.  ``WScript.Shell`` and ``Scripting.FileSystemObject``
are stand-ins whose answers each test sets: the interpreter file, the probe process, the registry.

Expected values come from the issue: a wrapper that cannot reach Python returns an Excel error value (so
``IFERROR(PERF_X(…), native)`` shows the native figure), the second call does not try again, and what is
recorded is one Chinese sentence.
"""

import re
from pathlib import Path

import pytest
from pyopenvba import ExcelFile
from pyopenvba.apps.excel import ExcelApplication
from pyopenvba.apps.excel._bridge import ExcelBridge
from pyopenvba.apps.excel._model import Application
from pyopenvba.interpreter import NOTHING, VBAObject, method
from pyopenvba.interpreter._objects import member
from pyopenvba.interpreter._values import VBAErrorValue, error

from vba_helpers import PROMISED, status
from xlperf.macro.addin import ADDIN_NAME

WORKBOOKS = Path(__file__).resolve().parent.parent / "workbooks"
SHIPPED = ["xlperf-form.xlsm", "example-2021.xlsm", ADDIN_NAME]
LOCAL = r"C:\Users\zhang\AppData\Local"
PYTHONW = LOCAL + r"\xlperf\venv\Scripts\pythonw.exe"
VENV = LOCAL + r"\xlperf\venv"
NA = VBAErrorValue(2042)  # CVErr(xlErrNA): what IFERROR replaces

# the sentences, written out once from the wording in tests/vba_helpers.py (not read from the generator)
MISSING = status("Missing", PYTHONW)
CALL_FAILED = status("CallFailed")
BLOCKED = status("Blocked")
TIMEOUT = status("Timeout", "8")
BROKEN = status("Broken")
WPS = PROMISED["Wps"]


class World:
    """What the stand-ins answer, and what they were asked."""

    def __init__(self):
        self.files = {PYTHONW: "2026-01-05", VENV + r"\xlwings64-0.37.8.dll": "2026-01-05",
                      VENV + r"\xlperf-install.txt": "2026-01-05 10:00:00"}
        self.registry: dict[str, str] = {}
        self.probe = "ok"  # ok | hang | blocked | broken
        self.execs: list[str] = []
        self.terminated = 0
        self.file_checks = 0


class _Exec(VBAObject):
    vba_type_name = "WshExec"

    def __init__(self, world):
        super().__init__()
        self.world = world

    @member
    def Status(self):  # noqa: N802 - COM name
        return 0 if self.world.probe == "hang" else 1

    @member
    def ExitCode(self):  # noqa: N802
        return 1 if self.world.probe == "broken" else 0

    @method
    def Terminate(self):  # noqa: N802
        self.world.terminated += 1


class _Shell(VBAObject):
    vba_type_name = "IWshShell3"

    def __init__(self, world):
        super().__init__()
        self.world = world

    @method
    def ExpandEnvironmentStrings(self, text):  # noqa: N802
        env = {"LOCALAPPDATA": LOCAL, "USERPROFILE": r"C:\Users\zhang", "TEMP": LOCAL + r"\Temp"}
        return re.sub(r"%([^%]+)%", lambda m: env.get(m.group(1).upper(), m.group(0)), str(text))

    @method
    def Exec(self, command):  # noqa: N802
        self.world.execs.append(str(command))
        if self.world.probe == "blocked":
            raise error(-2147024891, "Access is denied.")  # what Exec raises for a program AppLocker blocks
        return _Exec(self.world)

    @method
    def RegRead(self, name):  # noqa: N802
        if str(name) not in self.world.registry:
            raise error(-2147024894, "Unable to open registry key")
        return self.world.registry[str(name)]

    @method
    def RegWrite(self, name, value, kind=None):  # noqa: N802
        self.world.registry[str(name)] = str(value)

    @method
    def RegDelete(self, name):  # noqa: N802
        if str(name) not in self.world.registry:
            raise error(-2147024894, "Unable to remove registry key")
        del self.world.registry[str(name)]


class _File(VBAObject):
    vba_type_name = "IFile"

    def __init__(self, date):
        super().__init__()
        self.date = date

    @member
    def DateLastModified(self):  # noqa: N802
        return self.date


class _Files(VBAObject):
    vba_type_name = "IFileSystem3"

    def __init__(self, world):
        super().__init__()
        self.world = world

    @method
    def FileExists(self, path):  # noqa: N802
        self.world.file_checks += 1
        return str(path) in self.world.files

    @method
    def GetParentFolderName(self, path):  # noqa: N802
        return str(path).rsplit("\\", 1)[0]

    @method
    def GetFile(self, path):  # noqa: N802
        return _File(self.world.files[str(path)])


@pytest.fixture
def world(monkeypatch):
    w = World()
    original = ExcelBridge.create

    def create(self, name):
        kind = str(name).lower()
        if kind == "wscript.shell":
            return _Shell(w)
        if kind == "scripting.filesystemobject":
            return _Files(w)
        return original(self, name)

    monkeypatch.setattr(ExcelBridge, "create", create)
    return w


def _modules(path):
    with ExcelFile(path) as wb:
        return {n: wb.get_module(n) for n in wb.module_names()}


def _runtime(source):
    # pyOpenVBA's preprocessor does not take a comment after a directive ("#If Mac Then ' ..."); VBA does
    source = re.sub(r"^([ \t]*#[^'\"\r\n]*(?:\"[^\"\r\n]*\"[^'\"\r\n]*)*)'[^\r\n]*", r"\1", source, flags=re.M)
    # kernel32's LoadLibrary: the stand-in module below answers instead (0 = the DLL was not found)
    out, n = re.subn(r"^.*Declare .*Function LoadLibrary Lib .*$", "", source, flags=re.M)
    assert n == 2
    return out


STUBS = """Public LoadCalls As Long
Public SleptMs As Long
Public Function LoadLibrary(ByVal lpLibFileName As String) As Long
    LoadCalls = LoadCalls + 1
    LoadLibrary = 0
End Function
"""


def _python_module(source):
    # kernel32's Sleep: counted instead of waited
    out, n = re.subn(r"^#If VBA7 Then\r?\n.*?Sub Sleep Lib.*?^#End If\r?$",
                     "Private Sub Sleep(ByVal ms As Long)\r\n    SleptMs = SleptMs + ms\r\nEnd Sub",
                     source, flags=re.M | re.S)
    assert n == 1
    return out


class _Excel(Application):
    """Excel's Application with what the interpreter's model lacks: CalculateFull, and a host name to set."""

    host = "Microsoft Excel"
    full_calculations = 0

    @member
    def Name(self):  # noqa: N802
        return type(self).host

    @method
    def CalculateFull(self):  # noqa: N802
        type(self).full_calculations += 1


def session(name="example-2021.xlsm", host="Microsoft Excel", runtime=True):
    """A fresh Excel session with the workbook's modules loaded (module variables start empty)."""
    modules = _modules(WORKBOOKS / name)
    app = ExcelApplication.open(WORKBOOKS / name, with_vba=False)
    if runtime:
        app.add_module(_runtime(modules["xlwings"]), name="xlwings")
        app.add_module(modules["Dictionary"], name="Dictionary", kind="class")
    else:  # the ribbon's tests: xlwings' RunPython recorded instead of run
        app.add_module('Public Ran As String\nPublic Function RunPython(c As String)\n    Ran = c\nEnd Function\n',
                       name="xlwings")
    app.add_module(STUBS, name="stubs")
    app.add_module(_python_module(modules["xlperf_python"]), name="xlperf_python")
    app.add_module(modules["xlperf_udfs"], name="xlperf_udfs")
    app.add_module(modules["xlperf_ribbon"], name="xlperf_ribbon")
    _Excel.host, _Excel.full_calculations = host, 0
    app.application.__class__ = _Excel
    return app


@pytest.mark.parametrize("name", SHIPPED)
def test_python_missing_gives_na_once_and_the_chinese_sentence(world, name):
    del world.files[PYTHONW]
    app = session(name)
    assert app.run("PERF_GRADE", 91) == NA
    checks = world.file_checks
    assert app.run("PERF_TOTAL", 1) == NA
    assert app.run("PERF_RATE", 1, 2) == NA
    assert world.file_checks == checks  # decided once: nothing looked at again
    assert app.evaluate("LoadCalls") == 0 and world.execs == []  # xlwings' DLL never touched
    assert app.run("StatusText") == MISSING
    assert app.run("PYTHON_STATUS", 91, "优") == MISSING


def test_a_failing_call_through_xlwings_returns_na_and_is_not_tried_again(world):
    app = session()
    assert app.run("PERF_GRADE", 91) == NA  # the check passed; xlwings' own XLPy found no DLL
    assert app.evaluate("LoadCalls") == 2  # xlwings tries the Scripts folder, then the venv folder
    assert len(world.execs) == 1
    for _ in range(5):
        assert app.run("PERF_SCORE", "正向", 10, 90, 95) == NA
    assert app.evaluate("LoadCalls") == 2 and len(world.execs) == 1
    assert app.run("StatusText") == CALL_FAILED
    assert app.run("TechnicalDetail").startswith("Could not load xlwings64-0.37.8.dll")  # for 信息科 only
    assert world.registry["HKCU\\Software\\xlperf\\Excel\\OfflineReason"] == "Excel 调用 Python 函数失败"


@pytest.mark.parametrize("probe, sentence", [("hang", TIMEOUT), ("blocked", BLOCKED), ("broken", BROKEN)])
def test_a_python_that_is_blocked_hangs_or_is_broken_is_not_called(world, probe, sentence):
    world.probe = probe
    app = session()
    assert app.run("PERF_GRADE", 91) == NA
    assert app.run("PERF_GRADE", 92) == NA
    assert app.evaluate("LoadCalls") == 0 and len(world.execs) == 1
    assert app.run("StatusText") == sentence
    # a hanging Python costs the probe's few seconds once, then it is stopped
    assert app.evaluate("SleptMs") == (8000 if probe == "hang" else 0)
    assert world.terminated == (1 if probe == "hang" else 0)


def test_the_probe_runs_the_workbooks_interpreter_on_the_udf_module(world):
    import subprocess
    import sys

    app = session()
    assert app.run("PythonReady") is True
    assert app.run("StatusText") == "" and app.run("PYTHON_STATUS") == ""
    (command,) = world.execs
    head = '"' + PYTHONW + '" -B -c "'
    assert command.startswith(head) and command.endswith('"')
    code = command[len(head):-1]
    assert "import sys, xlwings, xlperf.udfs" in code and "'0.37.8'" in code
    # the same program here, by this environment's Python: it exits 0 where xlperf and xlwings 0.37.8 import
    assert subprocess.run([sys.executable, "-B", "-c", code], timeout=120).returncode == 0
    broken = code.replace("xlperf.udfs", "xlperf.no_such_module")
    assert subprocess.run([sys.executable, "-B", "-c", broken], capture_output=True, timeout=120).returncode != 0


def test_a_failure_is_remembered_for_the_next_open_until_the_install_changes(world):
    del world.files[PYTHONW]
    session().run("PERF_GRADE", 91)
    world.files[PYTHONW] = "2026-01-05"  # back, but the install stamp is the same: not tried again
    app = session()
    assert app.run("PERF_GRADE", 91) == NA
    assert world.execs == [] and app.run("StatusText") == MISSING
    world.files[VENV + r"\xlperf-install.txt"] = "2026-02-01 09:00:00"  # install.bat ran again
    app = session()
    assert app.run("PythonReady") is True and len(world.execs) == 1
    assert world.registry == {}  # forgotten once Python answers


def test_reconnect_forgets_the_failure_and_recalculates(world):
    world.probe = "blocked"
    app = session()
    assert app.run("PERF_GRADE", 91) == NA
    world.probe = "ok"  # 信息科 allowed pythonw.exe
    app.run("xlperf_ribbon.OnReconnect", NOTHING)
    assert len(world.execs) == 2 and world.registry == {}
    assert _Excel.full_calculations == 1
    assert app.dialogs[-1] == ("MsgBox", "已连接到 Python，全部公式已重新计算。", "绩效自评", 64)
    assert app.run("StatusText") == ""


def test_reconnect_that_fails_again_says_why(world):
    world.probe = "broken"
    app = session()
    app.run("xlperf_ribbon.OnReconnect", NOTHING)
    assert _Excel.full_calculations == 0
    kind, text, title, buttons = app.dialogs[-1]
    assert text.startswith(BROKEN) and "exit code 1" in text and title == "绩效自评" and buttons == 48


def test_buttons_without_python_show_the_sentence_and_do_not_start_xlwings(world):
    del world.files[PYTHONW]
    app = session(runtime=False)
    app.add_module('Public Function GetConfig(k As String, Optional d As String = "") As Variant\n'
                   '    GetConfig = "' + PYTHONW + '"\nEnd Function\n', name="conf")
    for button in ("OnGenerateReport", "OnValidate", "OnImportLastYear"):
        app.run(f"xlperf_ribbon.{button}", NOTHING)
    assert app.evaluate("Ran") == ""
    assert app.dialogs == [("MsgBox", MISSING, "绩效自评", 48)] * 3


def test_in_wps_nothing_starts_xlwings_and_the_buttons_name_send_to(world):
    app = session(host="WPS 表格", runtime=False)
    assert app.run("PERF_GRADE", 91) == NA
    assert world.execs == [] and world.file_checks == 0 and world.registry == {}
    assert app.run("PYTHON_STATUS", 91, "优") == WPS
    app.run("xlperf_ribbon.OnGenerateReport", NOTHING)
    assert app.evaluate("Ran") == ""
    assert app.dialogs == [("MsgBox", WPS, "绩效自评", 48)]


@pytest.mark.parametrize("name", ["xlperf-form.xlsm", "example-2021.xlsm", "example-2021.xlsx"])
def test_the_summary_sheet_shows_the_status_after_total_and_grade(name):
    """总评 carries one visible cell =IFERROR(PYTHON_STATUS(总分, 等级), ""): computed after the two figures whose
    PERF_ calls decide; blank where the function does not exist (.xlsx, LibreOffice: #NAME? → "")."""
    import openpyxl

    wb = openpyxl.load_workbook(WORKBOOKS / name)
    ws = wb["总评"]
    found = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "PYTHON_STATUS" in c.value]
    assert len(found) == 1
    cell = found[0]
    refs = {n: wb.defined_names[n].attr_text.split("!")[1].replace("$", "") for n in ("总分", "等级")}
    assert cell.value == f'=IFERROR(PYTHON_STATUS({refs["总分"]},{refs["等级"]}),"")'
    assert ws.sheet_state == "visible" and not ws.row_dimensions[cell.row].hidden
    assert cell.font.color.rgb.endswith("C00000") and cell.font.b
    if name.endswith(".xlsm"):
        with ExcelFile(WORKBOOKS / name) as book:
            assert re.search(r"^Public Function PYTHON_STATUS\(", book.get_module("xlperf_python"), re.M)
