"""xlperf.commands.setup in process, with stand-ins for the machine (issue 19: `make mutate` judges the module by
fast tests; no pip, no PowerShell, no update-desktop-database, no report is built).

Expected values are written by hand next to each assertion:

* the ``.desktop`` files as the Desktop Entry Specification asks (keys ``Type``, ``Name``, ``TryExec``, ``Exec`` with
  the field code ``%F``; an argument holding a reserved character — space, tab, newline, ``"'\\><~|&;$*?#()`` and the
  backtick — is double-quoted, and inside the quotes ``"`` ``` ` ``` ``$`` ``\\`` take a backslash; a string value
  doubles its backslashes once more), offered for the xlsx and xlsm MIME types;
* the Send To shortcuts (``pythonw.exe`` under ``Scripts``, the arguments, the description, the icon), written
  through the Windows Script Host or, without pywin32, by ``powershell -EncodedCommand`` (Base64 of the script's
  UTF-16LE bytes, as PowerShell documents; a ``'`` inside a single-quoted PowerShell string is doubled);
* the Chinese lines IT staff read (已记录安装时间, 已添加右键菜单, 通过/未通过, 自检成功/自检失败：…), the
  self-test's checks and their details, and the exit codes.

Session 8 (s8b, docs/mutation.md): 502 mutants, 501 killed, one equivalent —

* ``write_shortcut`` ``script.encode("utf-16-le")`` → ``script.encode("UTF-16-LE")``: Python's codec names are
  case-insensitive (``codecs.lookup`` normalises them), the same codec encodes the same bytes.  No spelling without a
  codec name exists for UTF-16LE (``"utf-16"`` adds a byte-order mark and follows the machine's byte order).

The first run (505 mutants, 8 survivors) also found: a base64 text decoded with ``"ascii"`` (→ ``"ASCII"``,
equivalent; now ``.decode()``, UTF-8 reads ASCII the same), the probe's answer and stderr decoded with a codec name
(now ``read_bytes().decode()`` and ``decode(errors="replace")``: UTF-8 is the default), and four gaps the tests now
close (an ``X`` in an argument, a one-byte report, the Send To folder already there).

No test here has “libreoffice” or “slow” in its name: the mutation runs use K='not libreoffice and not slow'.
"""

from __future__ import annotations

import base64
import datetime
import subprocess
import sys
import types
from pathlib import Path

import pytest

from xlperf.commands import setup

OPEN_NAME, SUBMIT_NAME = "生成绩效自评报告", "报送财政局"
OPEN_COMMENT = "校验填报表并生成部门整体绩效自评报告；有错误时打开校验结果"
SUBMIT_COMMENT = "把填报表上传到财政局的报送服务（用设置表中的报送链接），打开检查结果"
MIME = ("MimeType=application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;"
        "application/vnd.ms-excel.sheet.macroEnabled.12;")


def _entry(name, comment, try_exec, exec_line):
    return ("[Desktop Entry]\nType=Application\nVersion=1.0\n"
            f"Name={name}\nGenericName=部门整体绩效自评\nComment={comment}\n"
            f"TryExec={try_exec}\nExec={exec_line}\n"
            "Icon=x-office-document\nTerminal=false\nNoDisplay=true\n"
            f"{MIME}\nCategories=Office;Spreadsheet;\n")


# --------------------------------------------------------------------------- the desktop entry (Linux)


def test_exec_arg_leaves_plain_arguments_alone():
    assert setup._exec_arg("/usr/bin/python3") == "/usr/bin/python3"
    assert setup._exec_arg("open-report") == "open-report"
    assert setup._exec_arg("") == '""'  # an empty argument still counts
    assert setup._exec_arg("/opt/XX/python") == "/opt/XX/python"
    assert setup._exec_arg("X Y") == '"X Y"'  # only the four characters take a backslash


@pytest.mark.parametrize("char", list(' \t\n\'><~|&;*?#()'))
def test_exec_arg_quotes_each_reserved_character(char):
    assert setup._exec_arg(f"a{char}b") == f'"a{char}b"'


@pytest.mark.parametrize("char", ['"', "`", "$", "\\"])
def test_exec_arg_escapes_the_four_characters_inside_quotes(char):
    assert setup._exec_arg(f"a{char}b") == f'"a\\{char}b"'


def test_desktop_value_doubles_backslashes():
    assert setup._desktop_value("a\\b\\\\c") == "a\\\\b\\\\\\\\c"
    assert setup._desktop_value("plain") == "plain"


def test_desktop_entry_for_open_report():
    assert setup.desktop_entry("/usr/bin/python3") == _entry(
        OPEN_NAME, OPEN_COMMENT, "/usr/bin/python3", "/usr/bin/python3 -m xlperf.cli open-report %F")


def test_desktop_entry_quotes_and_escapes_the_interpreter_path():
    # Exec: "/opt/my py\\x/python" quoted, its backslash escaped, then every backslash doubled for the file
    text = setup.desktop_entry("/opt/my py\\x/python", ("-m", "xlperf.cli", "submit", "--show"), SUBMIT_NAME,
                               SUBMIT_COMMENT)
    assert text == _entry(SUBMIT_NAME, SUBMIT_COMMENT, "/opt/my py\\\\x/python",
                          '"/opt/my py\\\\\\\\x/python" -m xlperf.cli submit --show %F')


def test_linux_entry_dir_follows_xdg_data_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert setup.linux_entry_dir() == tmp_path / "data" / "applications"
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for unset in (lambda: monkeypatch.setenv("XDG_DATA_HOME", ""), lambda: monkeypatch.delenv("XDG_DATA_HOME")):
        unset()
        assert setup.linux_entry_dir() == tmp_path / "home" / ".local" / "share" / "applications"


class Recorder:
    def __init__(self, answer=None):
        self.calls, self.answer = [], answer

    def __call__(self, *args, **kwargs):
        self.calls.append((args, kwargs))
        return self.answer


def test_install_desktop_entry_writes_both_entries_and_updates_the_database(monkeypatch, tmp_path):
    which, ran = Recorder(), Recorder()
    monkeypatch.setattr(setup.shutil, "which", lambda name: which(name) or (
        "/usr/bin/update-desktop-database" if name == "update-desktop-database" else None))
    monkeypatch.setattr(setup.subprocess, "run", ran)
    folder = tmp_path / "a" / "applications"  # two levels missing
    path = setup.install_desktop_entry(folder, "/usr/bin/python3")
    assert path == folder / "xlperf-open-report.desktop"
    assert path.read_text(encoding="utf-8") == _entry(OPEN_NAME, OPEN_COMMENT, "/usr/bin/python3",
                                                      "/usr/bin/python3 -m xlperf.cli open-report %F")
    assert (folder / "xlperf-submit.desktop").read_text(encoding="utf-8") == _entry(
        SUBMIT_NAME, SUBMIT_COMMENT, "/usr/bin/python3", "/usr/bin/python3 -m xlperf.cli submit --show %F")
    assert which.calls == [(("update-desktop-database",), {})]
    assert ran.calls == [((["update-desktop-database", str(folder)],), {"capture_output": True, "check": False})]
    # again into the existing folder, now without update-desktop-database: nothing is run
    monkeypatch.setattr(setup.shutil, "which", lambda name: None)
    assert setup.install_desktop_entry(folder, "/usr/bin/python3") == path
    assert len(ran.calls) == 1


# --------------------------------------------------------------------------- Send To (Windows)


def test_sendto_dir_is_under_appdata(tmp_path, monkeypatch):
    assert setup.sendto_dir({"APPDATA": str(tmp_path)}) == tmp_path / "Microsoft" / "Windows" / "SendTo"
    assert setup.sendto_dir({}) == Path("Microsoft/Windows/SendTo")
    monkeypatch.setenv("APPDATA", str(tmp_path / "env"))
    assert setup.sendto_dir() == tmp_path / "env" / "Microsoft" / "Windows" / "SendTo"


def test_shortcut_spec_on_a_windows_prefix():
    assert setup.shortcut_spec(r"C:\Users\z\AppData\Local\xlperf\venv") == {
        "name": "生成绩效自评报告.lnk",
        "target": r"C:\Users\z\AppData\Local\xlperf\venv\Scripts\pythonw.exe",
        "arguments": "-m xlperf.cli open-report",
        "description": OPEN_COMMENT,
        "icon": r"%SystemRoot%\System32\imageres.dll,2"}


def test_shortcut_spec_on_a_posix_prefix_and_the_submit_shortcut():
    assert setup.shortcut_spec("/opt/venv")["target"] == "/opt/venv/Scripts/pythonw.exe"
    assert setup.shortcut_spec("ab:c")["target"] == "ab:c/Scripts/pythonw.exe"  # only a drive letter's colon
    assert setup.submit_shortcut_spec(r"D:\v") == {
        "name": "报送财政局.lnk",
        "target": r"D:\v\Scripts\pythonw.exe",
        "arguments": "-m xlperf.cli submit --show",
        "description": SUBMIT_COMMENT,
        "icon": r"%SystemRoot%\System32\imageres.dll,2"}


SPEC = {"name": "x.lnk", "target": r"C:\o'brien\Scripts\pythonw.exe", "arguments": "-m xlperf.cli open-report",
        "description": "说明", "icon": r"%SystemRoot%\System32\imageres.dll,2"}


def _fake_win32com(monkeypatch, dispatch):
    client = types.ModuleType("win32com.client")
    client.Dispatch = dispatch
    package = types.ModuleType("win32com")
    package.client = client
    monkeypatch.setitem(sys.modules, "win32com", package)
    monkeypatch.setitem(sys.modules, "win32com.client", client)


def test_write_shortcut_through_the_script_host(monkeypatch, tmp_path):
    made = []

    class Link:
        def Save(self):  # noqa: N802 - the COM method's name
            made.append(("saved", dict(vars(self))))

    class Shell:
        def CreateShortcut(self, path):  # noqa: N802
            made.append(("create", path))
            return Link()

    dispatched = []
    _fake_win32com(monkeypatch, lambda prog: dispatched.append(prog) or Shell())
    monkeypatch.setattr(setup.subprocess, "run", Recorder())
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    setup.write_shortcut(tmp_path / "x.lnk", SPEC)
    assert dispatched == ["WScript.Shell"]
    assert made == [("create", str(tmp_path / "x.lnk")),
                    ("saved", {"TargetPath": SPEC["target"], "Arguments": SPEC["arguments"],
                               "Description": "说明", "IconLocation": SPEC["icon"],
                               "WorkingDirectory": str(tmp_path / "home")})]
    assert setup.subprocess.run.calls == []  # PowerShell is not needed


def test_write_shortcut_falls_back_to_powershell(monkeypatch, tmp_path):
    def broken(prog):
        raise RuntimeError("COM 不可用")

    _fake_win32com(monkeypatch, broken)
    ran = Recorder()
    monkeypatch.setattr(setup.subprocess, "run", ran)
    setup.write_shortcut(Path("/t/it's.lnk"), SPEC)
    monkeypatch.setitem(sys.modules, "win32com", None)  # no pywin32 at all: the same command
    setup.write_shortcut(Path("/t/it's.lnk"), SPEC)
    assert len(ran.calls) == 2 and ran.calls[0] == ran.calls[1]
    (argv,), kwargs = ran.calls[0]
    assert argv[:4] == ["powershell", "-NoProfile", "-NonInteractive", "-EncodedCommand"] and len(argv) == 5
    assert kwargs == {"check": True, "capture_output": True}
    assert base64.b64decode(argv[4]).decode("utf-16-le") == (
        "$s=(New-Object -ComObject WScript.Shell).CreateShortcut('/t/it''s.lnk');"
        "$s.TargetPath='C:\\o''brien\\Scripts\\pythonw.exe';$s.Arguments='-m xlperf.cli open-report';"
        "$s.Description='说明';$s.IconLocation='%SystemRoot%\\System32\\imageres.dll,2';$s.Save()")


# --------------------------------------------------------------------------- user settings, install stamp


OURS = b'"INTERPRETER_WIN","%LOCALAPPDATA%\\xlperf\\venv\\Scripts\\pythonw.exe"\r\n'


def test_clean_user_conf_leaves_a_file_without_our_line(tmp_path):
    conf = tmp_path / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir()
    conf.write_bytes(b'"PYTHONPATH","D:\\x"\r\n')
    assert setup.clean_user_conf({"USERPROFILE": str(tmp_path)}) is None
    assert conf.read_bytes() == b'"PYTHONPATH","D:\\x"\r\n'


def test_clean_user_conf_without_userprofile_uses_home(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    conf = tmp_path / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir()
    conf.write_bytes(OURS)
    assert setup.clean_user_conf({}) == conf
    assert conf.read_bytes() == b""
    conf.write_bytes(OURS)
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    assert setup.clean_user_conf() == conf  # the default: this process's environment


def test_write_install_stamp(tmp_path, monkeypatch):
    monkeypatch.setattr(setup, "__version__", "9.8.7")
    monkeypatch.setattr(setup, "dt", types.SimpleNamespace(
        datetime=types.SimpleNamespace(now=lambda: datetime.datetime(2026, 12, 7, 10, 5, 3))))
    path = setup.write_install_stamp(str(tmp_path))
    assert path == tmp_path / "xlperf-install.txt"
    assert path.read_text(encoding="utf-8") == "xlperf 9.8.7 2026-12-07T10:05:03\n"


# --------------------------------------------------------------------------- the workbooks' interpreter


class Interpreter:
    """Stand-in for subprocess.run starting the workbooks' interpreter: writes ``grade`` into the probe's file."""

    def __init__(self, grade="0.37.8 优", rc=0, stderr=b"", raise_=None):
        self.grade, self.rc, self.stderr, self.raise_ = grade, rc, stderr, raise_
        self.calls = []

    def __call__(self, argv, **kwargs):
        out = Path(argv[-1])
        self.calls.append((list(argv), kwargs, out.parent.name, out.parent.is_dir()))
        if self.raise_ is not None:
            raise self.raise_
        if self.grade is not None:
            out.write_bytes(self.grade.encode("utf-8"))
        return subprocess.CompletedProcess(argv, self.rc, b"", self.stderr)


@pytest.fixture
def exe(tmp_path):
    path = tmp_path / "venv" / "Scripts" / "pythonw.exe"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"")
    return str(path)


def test_interpreter_check_passes_when_the_probe_answers(exe):
    run = Interpreter()
    assert setup.interpreter_check("%LOCALAPPDATA%\\p", run=run, expand=lambda s: exe) == (
        True, f"{exe}：PERF_GRADE(91) = 优")
    [(argv, kwargs, folder, existed)] = run.calls
    assert argv[:4] == [exe, "-B", "-c", setup.PROBE] and Path(argv[4]).name == "grade.txt"
    assert kwargs == {"capture_output": True, "timeout": 120}
    assert folder.startswith("xlperf-selftest-") and existed
    assert not Path(argv[4]).parent.exists()  # the temporary folder is gone


def test_interpreter_check_expands_the_setting(exe, monkeypatch):
    monkeypatch.setenv("XLPERF_S8B", str(Path(exe).parent))
    run = Interpreter()
    assert setup.interpreter_check("${XLPERF_S8B}/pythonw.exe", run=run)[0] is True
    assert run.calls[0][0][0] == exe


def test_interpreter_check_missing_interpreter(tmp_path):
    missing = str(tmp_path / "no" / "pythonw.exe")
    run = Interpreter()
    assert setup.interpreter_check("%X%\\pythonw.exe", run=run, expand=lambda s: missing) == (
        False, f"%X%\\pythonw.exe → {missing} 不存在")
    assert run.calls == []


@pytest.mark.parametrize("exc", [OSError("拒绝访问"), subprocess.TimeoutExpired(["p"], 120)])
def test_interpreter_check_cannot_start(exe, exc):
    assert setup.interpreter_check("s", run=Interpreter(raise_=exc), expand=lambda s: exe) == (
        False, f"{exe} 无法启动：{exc}")


def test_interpreter_check_wrong_answer_names_the_last_error_line(exe):
    stderr = b"Traceback (most recent call last):\nModuleNotFoundError: No module named 'xlperf'\n\n"
    assert setup.interpreter_check("s", run=Interpreter(grade=None, rc=1, stderr=stderr), expand=lambda s: exe) == (
        False, f"{exe}：得到“”，应为“0.37.8 优”（退出码 1）ModuleNotFoundError: No module named 'xlperf'")


def test_interpreter_check_wrong_grade_or_exit_code(exe):
    assert setup.interpreter_check("s", run=Interpreter(grade="0.37.8 良"), expand=lambda s: exe) == (
        False, f"{exe}：得到“0.37.8 良”，应为“0.37.8 优”（退出码 0）")
    assert setup.interpreter_check("s", run=Interpreter(rc=3, stderr=b"\xff bad"), expand=lambda s: exe) == (
        False, f"{exe}：得到“0.37.8 优”，应为“0.37.8 优”（退出码 3）\ufffd bad")
    done = Interpreter(rc=2)
    done.stderr = None  # a runner that did not capture stderr
    assert setup.interpreter_check("s", run=done, expand=lambda s: exe) == (
        False, f"{exe}：得到“0.37.8 优”，应为“0.37.8 优”（退出码 2）")


# --------------------------------------------------------------------------- the self-test


class Outcome(types.SimpleNamespace):
    pass


@pytest.fixture
def report_step(monkeypatch, tmp_path):
    """Stand-ins for the example workbook and open_report: records what the step handed down."""
    seen = {}
    answer = {"outcome": None}

    def write_workbook(path, model):
        seen["book"], seen["model"] = path, model
        path.write_bytes(b"book")
        return path

    def open_report(book, opener="unset"):
        seen["opened"], seen["opener"] = book, opener
        return answer["outcome"]

    monkeypatch.setattr("xlperf.app.load.load_example", lambda: "EXAMPLE")
    monkeypatch.setattr("xlperf.workbook.build.write_workbook", write_workbook)
    monkeypatch.setattr("xlperf.openreport.open_report", open_report)
    report = tmp_path / "r" / "示例-自评报告.docx"
    report.parent.mkdir()
    report.write_bytes(b"docx")
    answer["outcome"] = Outcome(report=True, path=report, message="")
    return seen, answer, report


def test_linux_self_test_checks_xlwings_and_the_report(report_step, monkeypatch):
    seen, answer, report = report_step
    import xlwings
    monkeypatch.setattr(xlwings, "__version__", "0.37.8")
    assert setup.self_test(False, "ignored") == [("xlperf 和 xlwings", True, "xlwings 0.37.8（工作簿需要 0.37.8）"),
                                                 ("生成示例报告", True, "示例-自评报告.docx")]
    assert seen["book"].name == "selftest.xlsx" and seen["book"].parent.name.startswith("xlperf-selftest-")
    assert seen["model"] == "EXAMPLE" and seen["opened"] == seen["book"] and seen["opener"] is None
    monkeypatch.setattr(xlwings, "__version__", "0.30.0")
    answer["outcome"] = Outcome(report=True, path=report, message="已打开")
    assert setup.self_test(False, "ignored") == [("xlperf 和 xlwings", False, "xlwings 0.30.0（工作簿需要 0.37.8）"),
                                                 ("生成示例报告", True, "已打开")]


@pytest.mark.parametrize("outcome, detail", [
    ({"report": False, "message": "有 2 处错误，已打开校验结果"}, "有 2 处错误，已打开校验结果"),
    ({"report": True, "path": None, "message": ""}, ""),
    ({"report": True, "empty": True, "message": ""}, "示例-自评报告.docx"),
])
def test_self_test_report_step_fails(report_step, outcome, detail):
    seen, answer, report = report_step
    outcome = dict(outcome)  # the parameter is shared by reruns: not changed in place
    if outcome.pop("empty", False):
        report.write_bytes(b"")
    answer["outcome"] = Outcome(**{"path": report, **outcome})
    assert setup.self_test(False, "s")[-1] == ("生成示例报告", False, detail)


def test_self_test_report_of_one_byte_is_written(report_step):
    seen, answer, report = report_step
    report.write_bytes(b"x")
    assert setup.self_test(False, "s")[-1] == ("生成示例报告", True, "示例-自评报告.docx")


def test_self_test_report_step_raising_is_a_result(report_step, monkeypatch):
    def broken(book, opener=None):
        raise ValueError("无法写入报告")

    monkeypatch.setattr("xlperf.openreport.open_report", broken)
    assert setup.self_test(False, "s")[-1] == ("生成示例报告", False, "无法写入报告")


def test_self_test_without_xlwings(report_step, monkeypatch):
    monkeypatch.setitem(sys.modules, "xlwings", None)
    with pytest.raises(ImportError) as expected:
        import xlwings  # noqa: F401
    assert setup.self_test(False, "s")[0] == ("xlperf 和 xlwings", False, str(expected.value))


def _windows_prefix(tmp_path, monkeypatch, dll=True):
    prefix = tmp_path / "venv"
    (prefix / "Scripts").mkdir(parents=True)
    (prefix / "Scripts" / "pythonw.exe").write_bytes(b"")
    if dll:
        (prefix / "xlwings64-0.37.8.dll").write_bytes(b"")
    monkeypatch.setattr(sys, "prefix", str(prefix))
    monkeypatch.setenv("XLPERF_S8B", str(tmp_path))
    return prefix


def test_windows_self_test_checks(report_step, monkeypatch, tmp_path):
    prefix = _windows_prefix(tmp_path, monkeypatch)
    _fake_win32com(monkeypatch, lambda prog: None)
    seen = []
    monkeypatch.setattr(setup, "interpreter_check", lambda s: seen.append(s) or (True, "算得 优"))
    import xlwings
    monkeypatch.setattr(xlwings, "__version__", "0.37.8")
    setting = "${XLPERF_S8B}/venv/Scripts/pythonw.exe"
    here = prefix / "Scripts" / "pythonw.exe"
    assert setup.self_test(True, setting) == [
        ("xlperf 和 xlwings", True, "xlwings 0.37.8（工作簿需要 0.37.8）"),
        ("xlwings 的 DLL", True, str(prefix / "xlwings64-0.37.8.dll")),
        ("pywin32", True, ""),
        ("工作簿中的 Python 设置", True, f"{setting} → {here}（本环境：{here}）"),
        ("工作簿的 Python 计算 PERF_GRADE(91)", True, "算得 优"),
        ("生成示例报告", True, "示例-自评报告.docx")]
    assert seen == [setting]


def test_windows_self_test_failures(report_step, monkeypatch, tmp_path):
    prefix = _windows_prefix(tmp_path, monkeypatch, dll=False)
    monkeypatch.setitem(sys.modules, "win32com", None)
    with pytest.raises(ImportError) as expected:
        import win32com.client  # noqa: F401
    monkeypatch.setattr(setup, "interpreter_check", lambda s: (False, "x"))
    setting = "${XLPERF_S8B}/other/pythonw.exe"
    checks = setup.self_test(True, setting)
    assert checks[1:5] == [
        ("xlwings 的 DLL", False, str(prefix / "xlwings64-0.37.8.dll")),
        ("pywin32", False, str(expected.value)),
        ("工作簿中的 Python 设置", False,
         f"{setting} → {tmp_path / 'other' / 'pythonw.exe'}（本环境：{prefix / 'Scripts' / 'pythonw.exe'}）"),
        ("工作簿的 Python 计算 PERF_GRADE(91)", False, "x")]


def test_windows_self_test_setting_that_cannot_be_resolved(report_step, monkeypatch, tmp_path):
    _windows_prefix(tmp_path, monkeypatch)
    monkeypatch.setattr(setup, "interpreter_check", lambda s: (True, ""))

    def resolve(self, strict=False):
        raise OSError("设备未就绪")

    monkeypatch.setattr(Path, "resolve", resolve)
    checks = setup.self_test(True, "${XLPERF_S8B}/venv/Scripts/pythonw.exe")
    assert checks[3][:2] == ("工作簿中的 Python 设置", False)


# --------------------------------------------------------------------------- run: what IT staff read


def _args(**kw):
    return types.SimpleNamespace(**{"no_entry": False, "entry_dir": None, "no_selftest": True,
                                    "interpreter_setting": "S", **kw})


def test_run_linux_entry_in_the_named_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(setup.shutil, "which", lambda name: None)
    folder = tmp_path / "menu"
    assert setup.run(_args(entry_dir=str(folder))) == 0
    assert capsys.readouterr().out == f"已添加右键菜单：打开方式 →“生成绩效自评报告”“报送财政局”（{folder}）\n"
    assert f"TryExec={sys.executable}\n" in (folder / "xlperf-open-report.desktop").read_text(encoding="utf-8")
    assert (folder / "xlperf-submit.desktop").is_file()


def test_run_linux_entry_in_the_default_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(setup.shutil, "which", lambda name: None)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert setup.run(_args()) == 0
    folder = tmp_path / "xdg" / "applications"
    assert capsys.readouterr().out == f"已添加右键菜单：打开方式 →“生成绩效自评报告”“报送财政局”（{folder}）\n"
    assert (folder / "xlperf-open-report.desktop").is_file()


def test_run_without_entry_and_self_test_does_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(setup, "self_test", lambda *a: pytest.fail("no self-test was asked for"))
    assert setup.run(_args(no_entry=True, entry_dir=str(tmp_path / "menu"))) == 0
    assert capsys.readouterr().out == "" and not (tmp_path / "menu").exists()


@pytest.fixture
def windows(tmp_path, monkeypatch):
    prefix, home, appdata = tmp_path / "venv", tmp_path / "home", tmp_path / "appdata"
    prefix.mkdir()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(sys, "prefix", str(prefix))
    monkeypatch.setenv("USERPROFILE", str(home))
    monkeypatch.setenv("APPDATA", str(appdata))
    made = []
    monkeypatch.setattr(setup, "write_shortcut", lambda path, spec: made.append((path, spec, path.parent.is_dir())))
    return prefix, home, appdata, made


def test_run_windows_stamp_conf_and_shortcuts(windows, capsys):
    prefix, home, appdata, made = windows
    conf = home / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True)
    conf.write_bytes(OURS + b'"PYTHONPATH","D:\\x"\r\n')
    assert setup.run(_args()) == 0
    folder = appdata / "Microsoft" / "Windows" / "SendTo"
    assert capsys.readouterr().out == (
        f"已记录安装时间：{prefix / 'xlperf-install.txt'}\n"
        f"已从 xlwings 用户设置中删除旧版安装写入的 INTERPRETER_WIN：{conf}\n"
        f"已添加右键菜单：发送到 →“生成绩效自评报告”（{folder}）\n"
        f"已添加右键菜单：发送到 →“报送财政局”（{folder}）\n")
    assert (prefix / "xlperf-install.txt").read_text(encoding="utf-8").startswith("xlperf ")
    assert conf.read_bytes() == b'"PYTHONPATH","D:\\x"\r\n'
    target = str(prefix / "Scripts" / "pythonw.exe")
    assert [(p, s["target"], s["arguments"], ok) for p, s, ok in made] == [
        (folder / "生成绩效自评报告.lnk", target, "-m xlperf.cli open-report", True),
        (folder / "报送财政局.lnk", target, "-m xlperf.cli submit --show", True)]


def test_run_windows_named_folder_and_no_old_conf(windows, tmp_path, capsys):
    prefix, home, appdata, made = windows
    folder = tmp_path / "sendto" / "here"
    assert setup.run(_args(entry_dir=str(folder))) == 0
    assert setup.run(_args(entry_dir=str(folder))) == 0  # again: the folder exists now
    capsys.readouterr()
    made.clear()
    assert setup.run(_args(entry_dir=str(folder))) == 0
    assert capsys.readouterr().out == (
        f"已记录安装时间：{prefix / 'xlperf-install.txt'}\n"
        f"已添加右键菜单：发送到 →“生成绩效自评报告”（{folder}）\n"
        f"已添加右键菜单：发送到 →“报送财政局”（{folder}）\n")
    assert [p for p, s, ok in made] == [folder / "生成绩效自评报告.lnk", folder / "报送财政局.lnk"]
    assert not appdata.exists()


def test_run_windows_without_entry_still_stamps(windows, capsys):
    prefix, home, appdata, made = windows
    assert setup.run(_args(no_entry=True)) == 0
    assert capsys.readouterr().out == f"已记录安装时间：{prefix / 'xlperf-install.txt'}\n"
    assert made == []


@pytest.mark.parametrize("platform, windows_flag", [("win32", True), ("linux", False)])
def test_run_self_test_passes(monkeypatch, capsys, platform, windows_flag, tmp_path):
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setattr(sys, "prefix", str(tmp_path))
    monkeypatch.setenv("USERPROFILE", str(tmp_path))
    seen = []
    monkeypatch.setattr(setup, "self_test", lambda w, s: seen.append((w, s)) or [("甲", True, "好"), ("乙", True, "")])
    assert setup.run(_args(no_entry=True, no_selftest=False, interpreter_setting="%X%\\p.exe")) == 0
    assert seen == [(windows_flag, "%X%\\p.exe")]
    assert capsys.readouterr().out.splitlines()[-3:] == ["  通过  甲  好", "  通过  乙  ", "自检成功"]


def test_run_self_test_fails(monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(setup, "self_test", lambda w, s: [("甲", False, "坏"), ("乙", True, "好"), ("丙", False, "")])
    assert setup.run(_args(no_entry=True, no_selftest=False)) == 1
    assert capsys.readouterr().out == "  未通过  甲  坏\n  通过  乙  好\n  未通过  丙  \n自检失败：甲、丙\n"
