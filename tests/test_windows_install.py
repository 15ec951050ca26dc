"""The Windows path without hand configuration: the interpreter setting the workbooks ship, read by xlwings'
own VBA (run in pyOpenVBA's VBA interpreter), the no-workbook message and the Function Wizard registration on
open, and the installer's decisions (xlperf/infra/wininstall.py), tested on Linux."""

import os
import re
import tomllib
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xlwings
from pyopenvba import ExcelFile
from pyopenvba.apps.excel import ExcelApplication
from pyopenvba.apps.excel._bridge import ExcelBridge
from pyopenvba.apps.excel._model import Application
from pyopenvba.interpreter import NOTHING, VBAObject, method

from xlperf.infra import wininstall as W
from xlperf.macro.addin import ADDIN_NAME

ROOT = Path(__file__).resolve().parent.parent
WORKBOOKS = ROOT / "workbooks"
SHIPPED = ["xlperf-form.xlsm", "example-2021.xlsm", ADDIN_NAME]
MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


# --------------------------------------------------------------------------- the shipped setting


def _conf_rows(path):
    """The xlwings.conf sheet's A/B cells, row by row, read from the package."""
    with zipfile.ZipFile(path) as zf:
        book = ET.fromstring(zf.read("xl/workbook.xml"))
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        rid = next(s.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
                   for s in book.iter(MAIN + "sheet") if s.get("name") == "xlwings.conf")
        target = next(r.get("Target") for r in rels if r.get("Id") == rid)
        sheet = ET.fromstring(zf.read("xl/" + target.lstrip("/").removeprefix("xl/")))
        shared = []
        if "xl/sharedStrings.xml" in zf.namelist():
            shared = ["".join(t.text or "" for t in si.iter(MAIN + "t"))
                      for si in ET.fromstring(zf.read("xl/sharedStrings.xml"))]
    rows = []
    for row in sheet.iter(MAIN + "row"):
        cells = {}
        for c in row.iter(MAIN + "c"):
            text = "".join(t.text or "" for t in c.iter(MAIN + "t"))
            if c.get("t") == "s":
                text = shared[int(c.find(MAIN + "v").text)]
            cells[re.match(r"[A-Z]+", c.get("r")).group()] = text
        rows.append((int(row.get("r")), cells.get("A"), cells.get("B")))
    return rows


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_workbooks_name_the_installed_interpreter(name):
    rows = _conf_rows(WORKBOOKS / name)
    # GetConfigFromSheet reads A1 down to the first blank (Range("A1").End(xlDown)): no gaps
    assert [r for r, _, _ in rows] == list(range(1, len(rows) + 1))
    settings = {a.upper(): b for _, a, b in rows}
    assert settings["INTERPRETER_WIN"] == r"%LOCALAPPDATA%\xlperf\venv\Scripts\pythonw.exe" == W.INTERPRETER_SETTING
    assert settings["UDF MODULES"] == "xlperf.udfs"
    assert W.INTERPRETER_SETTING.isascii()


def test_xlwings_expands_variables_in_every_settings_layer():
    """What makes one shipped value right on every PC: GetConfig expands %VARIABLES% after each lookup."""
    for runtime in ("xlwings.bas", "xlwings_custom_addin.bas"):
        code = (Path(xlwings.__file__).parent / runtime).read_text(encoding="ascii")
        body = re.search(r"^Function GetConfig\(.*?^End Function", code, re.M | re.S).group(0)
        assert body.count("GetConfig = ExpandEnvironmentStrings(GetConfig)") == 5  # 2 sheets, dir, user, default
        assert "ExpandEnvironmentStrings = WScript.ExpandEnvironmentStrings(s)" in code


# --------------------------------------------------------------------------- xlwings' VBA, run


ENV = {"LOCALAPPDATA": r"C:\Users\zhang\AppData\Local", "USERPROFILE": r"C:\Users\zhang",
       "TEMP": r"C:\Users\zhang\AppData\Local\Temp"}


class _Shell(VBAObject):
    """WScript.Shell as xlwings uses it: %VARIABLES% expanded, unknown ones left as they are (like Windows)."""

    vba_type_name = "IWshShell3"

    @method
    def ExpandEnvironmentStrings(self, text):  # noqa: N802 - the COM name
        return re.sub(r"%([^%]+)%", lambda m: ENV.get(m.group(1).upper(), m.group(0)), str(text))


@pytest.fixture
def wscript(monkeypatch):
    original = ExcelBridge.create

    def create(self, name):
        return _Shell() if str(name).lower() == "wscript.shell" else original(self, name)

    monkeypatch.setattr(ExcelBridge, "create", create)


def _modules(path):
    with ExcelFile(path) as wb:
        return {n: wb.get_module(n) for n in wb.module_names()}


def _runtime(source):
    # pyOpenVBA's preprocessor does not take a comment after a directive ("#If Mac Then ' ..."); VBA does
    return re.sub(r"^([ \t]*#[^'\"\r\n]*(?:\"[^\"\r\n]*\"[^'\"\r\n]*)*)'[^\r\n]*", r"\1", source, flags=re.M)


@pytest.mark.parametrize("name", SHIPPED)
def test_xlwings_own_getconfig_finds_the_interpreter_in_the_shipped_file(name, wscript):
    app = ExcelApplication.open(WORKBOOKS / name, with_vba=False)
    app.add_module(_runtime(_modules(WORKBOOKS / name)["xlwings"]), name="xlwings")
    assert app.run("GetConfig", "INTERPRETER_WIN") == r"C:\Users\zhang\AppData\Local\xlperf\venv\Scripts\pythonw.exe"
    assert app.run("GetConfig", "UDF MODULES") == "xlperf.udfs"


#: the xlwings.conf block as issue 22 asks for it: every key xlwings' VBA reads for functions and buttons pinned,
#: so that the user's %USERPROFILE%\.xlwings\xlwings.conf (or one beside the workbook) cannot change them
PINNED = {
    "UDF MODULES": "xlperf.udfs",
    "INTERPRETER_WIN": r"C:\Users\zhang\AppData\Local\xlperf\venv\Scripts\pythonw.exe",
    "ADD_WORKBOOK_TO_PYTHONPATH": "false",  # no docx.py beside the workbook shadows python-docx
    "PYTHONPATH": "",
    "USE UDF SERVER": "False",
    "DEBUG UDFS": "False",
    "SHOW CONSOLE": "False",
    "CONDA PATH": "",
    "CONDA ENV": "",
    "LICENSE_KEY": "",
    "TEMP DIR": r"C:\Users\zhang\AppData\Local\Temp",
    "SHOW_ERROR_POPUPS": "True",  # xlwings' default; "False" would add a sheet "Error" to the clerk's workbook
}
#: keys xlwings reads that are left alone, and why: Mac only; legacy (read only when INTERPRETER_WIN is empty);
#: an empty sheet value sends xlwings' Python to the user file anyway (OneDrive/SharePoint); pro features
NOT_PINNED = {"INTERPRETER_MAC", "INTERPRETER", "ONEDRIVE_CONSUMER_MAC", "ONEDRIVE_COMMERCIAL_MAC", "SHAREPOINT_MAC",
              "ONEDRIVE_CONSUMER_WIN", "ONEDRIVE_COMMERCIAL_WIN", "SHAREPOINT_WIN", "RELEASE_EMBED_CODE_MAP"}


@pytest.mark.parametrize("runtime", ["xlwings.bas", "xlwings_custom_addin.bas"])
def test_every_key_xlwings_reads_is_pinned_or_named_as_left_alone(runtime):
    code = (Path(xlwings.__file__).parent / runtime).read_text(encoding="ascii")
    read = {k.upper() for k in re.findall(r'GetConfig\("([^"]+)"', code)}
    assert "DEBUG UDFS" in read and "ADD_WORKBOOK_TO_PYTHONPATH" in read  # the parse finds them
    assert read - NOT_PINNED <= set(PINNED), read - NOT_PINNED - set(PINNED)


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_conf_sheet_pins_every_key(name, wscript):
    rows = _conf_rows(WORKBOOKS / name)
    assert {a.upper() for _, a, _ in rows} == set(PINNED)
    app = ExcelApplication.open(WORKBOOKS / name, with_vba=False)
    app.add_module(_runtime(_modules(WORKBOOKS / name)["xlwings"]), name="xlwings")
    for key, value in PINNED.items():
        # from the sheet alone: xlwings stops there before it reads any file
        assert app.run("GetConfig", key, "<not in the sheet>", "sheet") == value, key
    assert app.run("GetConfig", "NO SUCH KEY", "<not in the sheet>", "sheet") == "<not in the sheet>"


def test_without_a_workbook_the_addin_buttons_say_so_in_chinese():
    app = ExcelApplication.open(WORKBOOKS / ADDIN_NAME, with_vba=False)
    app.add_module(_modules(WORKBOOKS / ADDIN_NAME)["xlperf_ribbon"], name="xlperf_ribbon")
    app.add_module('Public Ran As String\nPublic Function RunPython(c As String)\n    Ran = c\nEnd Function\n'
                   # Python answers (what happens when it does not: tests/test_vba_offline.py)
                   'Public Function PythonReady() As Boolean\n    PythonReady = True\nEnd Function\n'
                   'Public Sub ShowStatus()\nEnd Sub\n', name="stub")
    app.run("xlperf_ribbon.OnValidate", NOTHING)  # a workbook is active: the action runs
    assert app.evaluate("Ran") == "import xlperf.excel; xlperf.excel.validate()"
    assert app.dialogs == []
    app.application.active_book = None  # only the add-in, Excel starting, or a Protected View window
    app.add_module('Sub Clear()\n    Ran = ""\nEnd Sub\n', name="clear")
    app.run("Clear")
    for button in ("OnGenerateReport", "OnValidate", "OnOpenReportFolder", "OnRecalculate", "OnShowHelp"):
        app.run(f"xlperf_ribbon.{button}", NOTHING)  # no error 91
    assert app.evaluate("Ran") == ""
    message = "请先打开要处理的填报工作簿（若窗口处于“受保护的视图”，请先点“启用编辑”），再点此按钮。"
    assert app.dialogs == [("MsgBox", message, "绩效自评", 48)] * 5


class _RecordingApplication(Application):
    calls: list = []

    @method
    def MacroOptions(self, Macro=None, Description=None, HasMenu=None, MenuText=None,  # noqa: N802,N803
                     HasShortcutKey=None, ShortcutKey=None, Category=None, StatusBar=None, HelpContextID=None,
                     HelpFile=None, ArgumentDescriptions=None):
        self.calls.append((Macro, Description, Category))


@pytest.mark.parametrize("name", SHIPPED)
def test_workbook_open_registers_the_function_wizard_help_once(name):
    import xlperf.udfs as udfs

    modules = _modules(WORKBOOKS / name)
    app = ExcelApplication.open(WORKBOOKS / name, with_vba=False)
    app.add_module(modules["xlperf_register"], name="xlperf_register")
    app.add_module(modules["ThisWorkbook"], name="ThisWorkbook", kind="document")
    app.application.__class__ = _RecordingApplication
    _RecordingApplication.calls = []
    app.run("ThisWorkbook.Workbook_Open")
    calls = list(_RecordingApplication.calls)
    assert {c[0].rsplit("!", 1)[1] for c in calls} == set(udfs.__all__)
    assert {c[2] for c in calls} == {"绩效自评"}
    assert all(re.search(r"[\u4e00-\u9fff]", c[1]) for c in calls)
    app.run("Auto_Open")  # Excel also runs Auto_Open when a clerk opens the file: registered once
    assert _RecordingApplication.calls == calls
    assert app.evaluate("ThisWorkbook.Saved") is True


# --------------------------------------------------------------------------- the installer's decisions


def test_requires_python_311():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    assert f"xlwings=={W.XLWINGS_VERSION}" in project["dependencies"]
    assert W.XLWINGS_VERSION == xlwings.__version__


GOOD = dict(executable=r"C:\Program Files\Python311\python.exe", base_prefix=r"C:\Program Files\Python311",
            is_64bit=True)


def test_a_python_org_python_of_the_wanted_version_passes():
    assert W.python_problems((3, 11), "3.11", **GOOD) == []


@pytest.mark.parametrize("version, wanted, change, words", [
    ((3, 11), "3.11", dict(executable=r"C:\Users\zhang\AppData\Local\Microsoft\WindowsApps\python.exe"),
     ["Microsoft Store", "卸载"]),
    ((3, 11), "3.11", dict(base_prefix=r"C:\Program Files\WindowsApps\PythonSoftwareFoundation.Python.3.11_3"),
     ["Microsoft Store"]),
    ((3, 10), "3.11", {}, ["版本太旧", "3.11"]),
    ((3, 12), "3.11", {}, ["为 Python 3.11 准备", "Python 3.12", "--python 3.12"]),
    ((3, 11), "3.11", dict(is_64bit=False), ["32 位"]),
])
def test_a_python_that_cannot_work_is_refused_with_the_reason(version, wanted, change, words):
    problems = W.python_problems(version, wanted, **{**GOOD, **change})
    assert len(problems) == 1
    assert all(w in problems[0] for w in words), problems


def test_an_ascii_user_folder_is_used_as_it_is():
    env = {"LOCALAPPDATA": r"C:\Users\zhang\AppData\Local", "USERNAME": "zhang", "SystemDrive": "C:"}
    assert W.choose_home(env) == (r"C:\Users\zhang\AppData\Local\xlperf", False)
    assert W.interpreter_setting(*W.choose_home(env)) == W.INTERPRETER_SETTING


def test_a_chinese_user_folder_falls_back_to_an_ascii_folder_and_setting():
    env = {"LOCALAPPDATA": r"C:\Users\张三\AppData\Local", "USERNAME": "张三", "USERDOMAIN": "CZJ",
           "SystemDrive": "C:"}
    home, fallback = W.choose_home(env)
    assert fallback and home.isascii() and re.fullmatch(r"C:\\xlperf\\u[0-9a-f]{8}", home)
    assert W.choose_home(env) == (home, True)  # the same folder each time
    assert W.choose_home({**env, "USERNAME": "李四"})[0] != home
    setting = W.interpreter_setting(home, True)
    assert setting.isascii() and setting.startswith("%SystemDrive%\\xlperf\\u")
    assert setting.endswith(r"\venv\Scripts\pythonw.exe")


def test_the_old_user_setting_is_removed_and_everything_else_kept():
    """An older install.bat wrote INTERPRETER_WIN into the user's file: it sent every other xlwings workbook of
    the user to our environment. It goes; other lines, and someone else's INTERPRETER_WIN, stay byte for byte."""
    existing = ('"CONDA PATH","C:\\conda"\r\n"INTERPRETER_WIN","%LOCALAPPDATA%\\xlperf\\venv\\Scripts\\pythonw.exe"\r\n'
                '"SHOW CONSOLE","True"\r\n').encode("ascii")
    assert W.user_conf_cleaned(existing) == b'"CONDA PATH","C:\\conda"\r\n"SHOW CONSOLE","True"\r\n'
    fallback = b'"INTERPRETER_WIN","%SystemDrive%\\xlperf\\u1234abcd\\venv\\Scripts\\pythonw.exe"\r\n'
    assert W.user_conf_cleaned(fallback) == b""
    theirs = b'"INTERPRETER_WIN","C:\\Anaconda3\\pythonw.exe"\r\n'
    assert W.user_conf_cleaned(theirs) is None
    assert W.user_conf_cleaned(None) is None and W.user_conf_cleaned(b"") is None


def test_setup_writes_no_user_setting_and_cleans_the_old_one(tmp_path):
    from xlperf.commands.setup import clean_user_conf

    conf = tmp_path / ".xlwings" / "xlwings.conf"
    assert clean_user_conf({"USERPROFILE": str(tmp_path)}) is None
    assert not conf.exists()  # nothing is created
    conf.parent.mkdir()
    conf.write_bytes(b'"INTERPRETER_WIN","%LOCALAPPDATA%\\xlperf\\venv\\Scripts\\pythonw.exe"\r\n"PYTHONPATH","D:\\x"\r\n')
    assert clean_user_conf({"USERPROFILE": str(tmp_path)}) == conf
    assert conf.read_bytes() == b'"PYTHONPATH","D:\\x"\r\n'


def test_pip_upgrades_and_replaces_xlperf_even_at_the_same_version():
    first, second = W.pip_commands(r"C:\v\Scripts\python.exe", r"D:\pkg")
    assert first[-3:] == ["--upgrade", "xlperf", "pywin32"] and "--no-index" in first
    assert second[-3:] == ["--force-reinstall", "--no-deps", "xlperf"] and "--no-index" in second
    assert first[first.index("--find-links") + 1] == r"D:\pkg"


def test_installer_refuses_store_python_before_doing_anything(monkeypatch, capsys):
    monkeypatch.setattr(W.sys, "executable", r"C:\Users\z\AppData\Local\Microsoft\WindowsApps\python.exe")
    ran = []
    assert W.main(["3.11", "D:\\pkg"], env={"USERNAME": "z", "LOCALAPPDATA": r"C:\Users\z\AppData\Local"},
                  run=lambda argv: ran.append(argv) or 0) == 1
    assert ran == []
    out = capsys.readouterr().out
    assert "无法安装" in out and "Microsoft Store" in out and "当前登录的 Windows 用户“z”" in out


def test_installer_steps(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(W, "python_problems", lambda *a, **k: [])
    local = tmp_path / "Local"
    ran = []
    code = W.main(["3.11", str(tmp_path / "pkg")], env={"USERNAME": "z", "LOCALAPPDATA": str(local)},
                  run=lambda argv: ran.append(argv) or 0)
    assert code == 0
    assert ran[0][1:3] == ["-m", "venv"]
    assert [r[3:5] for r in ran[1:3]] == [["install", "--disable-pip-version-check"]] * 2
    assert ran[-1][1:] == ["-m", "xlperf.cli", "setup", "--interpreter-setting", W.INTERPRETER_SETTING]
    assert "每个使用 Excel 的用户都需要" in capsys.readouterr().out


def test_wheelhouse_refuses_python_310(tmp_path, capsys):
    from xlperf.cli import main

    assert main(["wheelhouse", str(tmp_path / "wh"), "--python", "3.10"]) == 2
    assert "需要 Python 3.11" in capsys.readouterr().err
    assert not (tmp_path / "wh").exists()


def test_install_bat_runs_the_installer_and_ends_with_success_or_failure():
    from xlperf.commands.wheelhouse import INSTALL_BAT, INSTALLER

    bat = INSTALL_BAT.format(py="3.11", installer=INSTALLER)
    assert f'%PY% "%~dp0{INSTALLER}" 3.11 "%~dp0."' in bat
    assert "安装成功" in bat and "安装失败" in bat and "py -3.11" in bat
    assert "python.org" in bat
    assert "for the Windows user who runs it" in bat


# --------------------------------------------------------------------------- the junction (issue 22)
# Simulated with symbolic links: ensure_link's code path is the one Windows runs (os.readlink and
# os.path.exists treat a junction as they treat a symbolic link here); only ``make`` differs (mklink /J there).


def _symlink(calls):
    def make(link, target):
        calls.append((link, target))
        os.symlink(target, link)
        return 0
    return make


def test_a_missing_link_is_made_and_checked(tmp_path):
    target, link, calls = tmp_path / "C" / "venv", tmp_path / "Local" / "xlperf" / "venv", []
    target.mkdir(parents=True)
    assert W.ensure_link(str(link), str(target), _symlink(calls)) is None
    assert calls == [(str(link), str(target))] and link.resolve() == target.resolve()
    assert W.ensure_link(str(link), str(target), _symlink(calls)) is None and len(calls) == 1  # nothing to do


def test_a_dangling_link_is_repaired(tmp_path):
    target, gone, link, calls = tmp_path / "venv", tmp_path / "old-venv", tmp_path / "Local" / "venv", []
    target.mkdir()
    link.parent.mkdir()
    os.symlink(gone, link)
    assert not os.path.exists(link) and os.path.lexists(link)  # what the old installer skipped as "exists"
    assert W.ensure_link(str(link), str(target), _symlink(calls)) is None
    assert len(calls) == 1 and link.resolve() == target.resolve()


def test_a_link_elsewhere_is_replaced_without_touching_what_it_pointed_to(tmp_path):
    target, other, link, calls = tmp_path / "venv", tmp_path / "other", tmp_path / "Local" / "venv", []
    target.mkdir()
    other.mkdir()
    (other / "keep.txt").write_text("x")
    link.parent.mkdir()
    os.symlink(other, link)
    assert W.ensure_link(str(link), str(target), _symlink(calls)) is None
    assert link.resolve() == target.resolve() and (other / "keep.txt").read_text() == "x"


@pytest.mark.parametrize("result", [1, 0])
def test_a_failed_mklink_is_reported(tmp_path, result):
    """mklink's exit code is read, and the link is looked at afterwards (a 0 that made nothing is no success)."""
    target, link = tmp_path / "venv", tmp_path / "Local" / "venv"
    target.mkdir()
    problem = W.ensure_link(str(link), str(target), lambda a, b: result)
    assert problem and str(link) in problem and "mklink /J" in problem


def test_a_real_folder_in_the_way_is_left_alone_and_reported(tmp_path):
    target, link, calls = tmp_path / "venv", tmp_path / "Local" / "venv", []
    target.mkdir()
    link.mkdir(parents=True)
    (link / "pyvenv.cfg").write_text("version = 3.11.9")
    problem = W.ensure_link(str(link), str(target), _symlink(calls))
    assert problem and "普通文件夹" in problem and calls == []
    assert (link / "pyvenv.cfg").is_file()


CHINESE_ENV = {"USERNAME": "张三", "LOCALAPPDATA": "", "SystemDrive": "C:"}


def test_installer_stops_when_the_junction_cannot_be_made(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(W, "python_problems", lambda *a, **k: [])
    local = tmp_path / "用户" / "Local"
    ran = []
    code = W.main(["3.11", str(tmp_path / "pkg")], env={**CHINESE_ENV, "LOCALAPPDATA": str(local)},
                  run=lambda argv: ran.append(argv) or 0, tasks=lambda: "", make_link=lambda a, b: 1)
    assert code == 1
    assert not any("setup" in argv for argv in ran)  # no self-test claiming success
    assert "mklink /J" in capsys.readouterr().out


# --------------------------------------------------------------------------- Excel open while installing

TASKS = '"explorer.exe","1","Console","1","50,000 K"\r\n"EXCEL.EXE","4242","Console","1","200,000 K"\r\n'


def test_running_office_programs_are_found():
    assert W.running_office(TASKS) == ["EXCEL.EXE"]
    assert W.running_office('"et.exe","1"\r\n"wps.exe","2"\r\n"wpscloudsvr.exe","3"\r\n') == ["et.exe", "wps.exe"]
    assert W.running_office("") == []


def test_installer_waits_for_excel_to_close(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(W, "python_problems", lambda *a, **k: [])
    answers, tasks, ran = iter(["", ""]), iter([TASKS, TASKS, ""]), []
    code = W.main(["3.11", str(tmp_path / "pkg")], env={"USERNAME": "z", "LOCALAPPDATA": str(tmp_path / "L")},
                  run=lambda argv: ran.append(argv) or 0, tasks=lambda: next(tasks), ask=lambda _: next(answers))
    assert code == 0 and ran
    out = capsys.readouterr().out
    assert out.count("请先关闭 Excel 和 WPS（正在运行：EXCEL.EXE）") == 2 and "Access is denied" in out


def test_installer_stops_cleanly_when_the_clerk_does_not_close_excel(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(W, "python_problems", lambda *a, **k: [])
    ran, answers = [], iter(["q"])  # asked once (a second question would loop for ever)
    code = W.main(["3.11", str(tmp_path / "pkg")], env={"USERNAME": "z", "LOCALAPPDATA": str(tmp_path / "L")},
                  run=lambda argv: ran.append(argv) or 0, tasks=lambda: TASKS, ask=lambda _: next(answers))
    assert code == 1 and ran == [] and not (tmp_path / "L").exists()
    assert "未做任何改动" in capsys.readouterr().out


# --------------------------------------------------------------------------- the self-test's path


def test_self_test_runs_the_interpreter_the_workbooks_name(tmp_path, monkeypatch):
    """The check starts the expanded setting (the %LOCALAPPDATA% path Excel uses), not the running Python."""
    import sys

    from xlperf.commands import setup

    monkeypatch.setenv("XLPERF_TEST_PY", sys.executable)
    ok, detail = setup.interpreter_check("${XLPERF_TEST_PY}")  # expanded like %LOCALAPPDATA% on Windows
    assert ok, detail
    assert detail.startswith(sys.executable) and "PERF_GRADE(91) = 优" in detail
    started = []

    def run(argv, **kwargs):
        started.append(argv)
        raise OSError("blocked")

    ok, detail = setup.interpreter_check(sys.executable, run=run)
    assert not ok and "无法启动" in detail and started[0][0] == sys.executable
    ok, detail = setup.interpreter_check(str(tmp_path / "venv" / "Scripts" / "pythonw.exe"))
    assert not ok and "不存在" in detail


def test_self_test_fails_when_that_interpreter_cannot_import_xlperf(tmp_path):
    import subprocess
    import sys

    from xlperf.commands import setup

    bare = tmp_path / "bare"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(bare)], check=True, timeout=120)
    ok, detail = setup.interpreter_check(str(bare / "bin" / "python"))
    assert not ok and "应为“0.37.8 优”" in detail and "ModuleNotFoundError" in detail


def test_windows_self_test_includes_the_workbooks_interpreter(monkeypatch):
    from xlperf.commands import setup

    seen = []
    monkeypatch.setattr(setup, "interpreter_check", lambda s: seen.append(s) or (False, "x"))
    checks = setup.self_test(True, W.INTERPRETER_SETTING)
    assert seen == [W.INTERPRETER_SETTING]
    assert ("工作簿的 Python 计算 PERF_GRADE(91)", False, "x") in checks
