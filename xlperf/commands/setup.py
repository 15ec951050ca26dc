"""xlperf setup — the menu entry 「生成绩效自评报告」, the user's xlwings settings (Windows) and a self-test.

Run by ``install.bat`` (through ``xlperf_install.py``) on Windows, and by hand on Linux desktops:

- Windows: the install stamp ``xlperf-install.txt`` in the environment (a workbook that remembered "no
  Python" tries again when its date changes); an ``INTERPRETER_WIN`` line an older installer wrote into
  ``%USERPROFILE%\\.xlwings\\xlwings.conf`` removed (other lines kept; nothing is written there: the workbooks
  pin their settings in their own sheet); the 发送到 (Send To) folder gets the shortcut 「生成绩效自评报告」 →
  ``pythonw.exe -m xlperf.cli open-report`` (Windows appends the chosen files);
- Linux: ``~/.local/share/applications/xlperf-open-report.desktop`` (``$XDG_DATA_HOME``), offered under
  打开方式 for .xlsx/.xlsm, running ``python -m xlperf.cli open-report %F``;
- both: a self-test that ends with one line, 自检成功 or 自检失败; on Windows it starts the interpreter the
  workbooks name (``--interpreter-setting``, the ``xlwings.conf`` sheet's value, expanded: the path Excel
  takes, through the junction when there is one) and has it import ``xlperf.udfs`` and compute one PERF_ call.
"""

from __future__ import annotations

import base64
import datetime as dt
import ntpath
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .. import __version__
from ..infra.atomic import write_bytes, write_text
from ..infra.wininstall import INSTALL_STAMP_FILE, INTERPRETER_SETTING, SENDTO_NAME, SUBMIT_NAME, USER_CONF, \
    XLWINGS_VERSION, user_conf_cleaned  # noqa: F401
from .args.setup import HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart


COMMAND = ("-m", "xlperf.cli", "open-report")
DESKTOP_FILE = "xlperf-open-report.desktop"
#: the second entry 「报送财政局」: upload the chosen forms to the bureau's service, open its answer as a page
SUBMIT_COMMAND = ("-m", "xlperf.cli", "submit", "--show")
SUBMIT_DESKTOP_FILE = "xlperf-submit.desktop"
SUBMIT_COMMENT = "把填报表上传到财政局的报送服务（用设置表中的报送链接），打开检查结果"
MIME_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              "application/vnd.ms-excel.sheet.macroEnabled.12")


# --------------------------------------------------------------------------- Linux: the desktop entry


def _exec_arg(arg: str) -> str:
    """One argument of a desktop entry's Exec key, quoted as the Desktop Entry Specification asks."""
    reserved = set(' \t\n"\'\\><~|&;$*?#()`')
    if arg and not (set(arg) & reserved):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def _desktop_value(text: str) -> str:
    """A desktop-entry string value: backslashes doubled (the file's own escape level)."""
    return text.replace("\\", "\\\\")


def desktop_entry(python: str, command=COMMAND, name: str = SENDTO_NAME,
                  comment: str = "校验填报表并生成部门整体绩效自评报告；有错误时打开校验结果") -> str:
    """The ``.desktop`` text offering 「生成绩效自评报告」 (or another ``command``) for workbooks."""
    exec_line = " ".join(_exec_arg(a) for a in (python, *command)) + " %F"
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        "Version=1.0",
        f"Name={name}",
        "GenericName=部门整体绩效自评",
        f"Comment={comment}",
        f"TryExec={_desktop_value(python)}",
        f"Exec={_desktop_value(exec_line)}",
        "Icon=x-office-document",
        "Terminal=false",
        "NoDisplay=true",
        "MimeType=" + "".join(m + ";" for m in MIME_TYPES),
        "Categories=Office;Spreadsheet;",
        "",
    ])


def linux_entry_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / "applications"


def install_desktop_entry(folder: Path, python: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = write_text(folder / DESKTOP_FILE, desktop_entry(python))
    write_text(folder / SUBMIT_DESKTOP_FILE, desktop_entry(python, SUBMIT_COMMAND, SUBMIT_NAME, SUBMIT_COMMENT))
    if shutil.which("update-desktop-database"):
        subprocess.run(["update-desktop-database", str(folder)], capture_output=True, check=False)
    return path


# --------------------------------------------------------------------------- Windows: Send To, user settings


def sendto_dir(env=os.environ) -> Path:
    return Path(env.get("APPDATA", "")) / "Microsoft" / "Windows" / "SendTo"


def shortcut_spec(prefix: str) -> dict:
    """What the Send To shortcut holds: ``pythonw.exe`` (no console window) and the command's arguments."""

    return {"name": SENDTO_NAME + ".lnk",
            "target": ntpath.join(prefix, "Scripts", "pythonw.exe") if prefix[1:2] == ":" else
            str(Path(prefix) / "Scripts" / "pythonw.exe"),
            "arguments": " ".join(COMMAND),
            "description": "校验填报表并生成部门整体绩效自评报告；有错误时打开校验结果",
            "icon": r"%SystemRoot%\System32\imageres.dll,2"}


def submit_shortcut_spec(prefix: str) -> dict:
    """The second Send To shortcut, 「报送财政局」: the same ``pythonw.exe``, ``xlperf submit --show``."""
    return dict(shortcut_spec(prefix), name=SUBMIT_NAME + ".lnk", arguments=" ".join(SUBMIT_COMMAND),
                description=SUBMIT_COMMENT)


def write_shortcut(path: Path, spec: dict) -> None:  # pragma: no cover - Windows only
    """Create the ``.lnk`` through the Windows Script Host (pywin32), PowerShell when COM is unavailable."""
    try:
        import win32com.client  # pywin32 exists on Windows only: here, where the failure is caught

        link = win32com.client.Dispatch("WScript.Shell").CreateShortcut(str(path))
        link.TargetPath, link.Arguments = spec["target"], spec["arguments"]
        link.Description, link.IconLocation = spec["description"], spec["icon"]
        link.WorkingDirectory = str(Path.home())
        link.Save()
        return
    except Exception:  # noqa: BLE001 - try PowerShell next
        pass

    def q(s: str) -> str:
        return "'" + s.replace("'", "''") + "'"

    script = (f"$s=(New-Object -ComObject WScript.Shell).CreateShortcut({q(str(path))});"
              f"$s.TargetPath={q(spec['target'])};$s.Arguments={q(spec['arguments'])};"
              f"$s.Description={q(spec['description'])};$s.IconLocation={q(spec['icon'])};$s.Save()")
    encoded = base64.b64encode(script.encode("utf-16-le")).decode()
    subprocess.run(["powershell", "-NoProfile", "-NonInteractive", "-EncodedCommand", encoded], check=True,
                   capture_output=True)


def clean_user_conf(env=os.environ) -> Path | None:
    """Remove the ``INTERPRETER_WIN`` line an older installer wrote; the file's path when it changed."""
    path = Path(env.get("USERPROFILE", str(Path.home())), *USER_CONF.split("\\")[1:])
    cleaned = user_conf_cleaned(path.read_bytes() if path.is_file() else None)
    if cleaned is None:
        return None
    return write_bytes(path, cleaned)


def write_install_stamp(prefix: str | Path) -> Path:
    """The file whose date tells the workbooks that xlperf was (re)installed."""
    return write_text(Path(prefix) / INSTALL_STAMP_FILE, f"xlperf {__version__} {dt.datetime.now().isoformat()}\n")


#: run by the workbooks' interpreter in the self-test: the UDF module imports and one PERF_ call computes
PROBE = ("import sys, xlwings, xlperf.udfs; "
         "open(sys.argv[1], 'w', encoding='utf-8').write(xlwings.__version__ + ' ' + xlperf.udfs.PERF_GRADE(91))")


def interpreter_check(setting: str, run=subprocess.run, expand=os.path.expandvars) -> tuple[bool, str]:
    """Start the interpreter the workbooks name (``setting`` expanded) as Excel would and let it compute
    ``PERF_GRADE(91)``: (passed, detail)."""
    path = expand(setting)
    if not Path(path).is_file():
        return False, f"{setting} → {path} 不存在"
    with tempfile.TemporaryDirectory(prefix="xlperf-selftest-") as tmp:
        out = Path(tmp) / "grade.txt"
        try:
            done = run([path, "-B", "-c", PROBE, str(out)], capture_output=True, timeout=120)
        except (OSError, subprocess.SubprocessError) as exc:
            return False, f"{path} 无法启动：{exc}"
        got = out.read_bytes().decode() if out.is_file() else ""
    want = f"{XLWINGS_VERSION} 优"
    if done.returncode != 0 or got != want:
        err = (done.stderr or b"").decode(errors="replace").strip().splitlines()[-1:] or [""]
        return False, f"{path}：得到“{got}”，应为“{want}”（退出码 {done.returncode}）{err[0]}"
    return True, f"{path}：PERF_GRADE(91) = 优"


# --------------------------------------------------------------------------- the self-test


def self_test(windows: bool, setting: str) -> list[tuple[str, bool, str]]:
    """(check, passed, detail) for each step; the report step runs the same path as the menu entry."""

    checks: list[tuple[str, bool, str]] = []
    try:
        # the step itself: importing what the workbook's UDF server will import (a failure is a result)
        import xlwings

        import xlperf.udfs  # noqa: F401

        checks.append(("xlperf 和 xlwings", xlwings.__version__ == XLWINGS_VERSION,
                       f"xlwings {xlwings.__version__}（工作簿需要 {XLWINGS_VERSION}）"))
    except Exception as exc:  # noqa: BLE001
        checks.append(("xlperf 和 xlwings", False, str(exc)))
    if windows:
        dll = Path(sys.prefix) / f"xlwings64-{XLWINGS_VERSION}.dll"
        checks.append(("xlwings 的 DLL", dll.is_file(), str(dll)))
        try:
            import win32com.client  # noqa: F401 - it imports pythoncom: both parts of pywin32 load

            checks.append(("pywin32", True, ""))
        except Exception as exc:  # noqa: BLE001
            checks.append(("pywin32", False, str(exc)))
        wanted = Path(os.path.expandvars(setting))
        here = Path(sys.prefix) / "Scripts" / "pythonw.exe"
        try:
            same = wanted.resolve() == here.resolve()
        except OSError:
            same = False
        checks.append(("工作簿中的 Python 设置", same, f"{setting} → {wanted}（本环境：{here}）"))
        checks.append(("工作簿的 Python 计算 PERF_GRADE(91)", *interpreter_check(setting)))
    try:
        # the step itself: what Send To runs (an installation without it is a result, not a crash)
        from ..app.load import load_example
        from ..openreport import open_report
        from ..workbook.build import write_workbook

        with tempfile.TemporaryDirectory(prefix="xlperf-selftest-") as tmp:
            book = write_workbook(Path(tmp) / "selftest.xlsx", load_example())
            outcome = open_report(book, opener=None)
            ok = outcome.report and outcome.path is not None and outcome.path.stat().st_size > 0
            checks.append(("生成示例报告", ok, outcome.message or (outcome.path.name if outcome.path else "")))
    except Exception as exc:  # noqa: BLE001
        checks.append(("生成示例报告", False, str(exc)))
    return checks


def run(args) -> int:
    windows = sys.platform == "win32"
    if windows:
        print(f"已记录安装时间：{write_install_stamp(sys.prefix)}")
        conf = clean_user_conf()
        if conf is not None:
            print(f"已从 xlwings 用户设置中删除旧版安装写入的 INTERPRETER_WIN：{conf}")
    if not args.no_entry:
        if windows:
            folder = Path(args.entry_dir) if args.entry_dir else sendto_dir()
            folder.mkdir(parents=True, exist_ok=True)
            for spec in (shortcut_spec(sys.prefix), submit_shortcut_spec(sys.prefix)):
                write_shortcut(folder / spec["name"], spec)
                print(f"已添加右键菜单：发送到 →“{spec['name'][:-4]}”（{folder}）")
        else:
            path = install_desktop_entry(Path(args.entry_dir) if args.entry_dir else linux_entry_dir(),
                                         sys.executable)
            print(f"已添加右键菜单：打开方式 →“{SENDTO_NAME}”“{SUBMIT_NAME}”（{path.parent}）")
    if args.no_selftest:
        return 0
    checks = self_test(windows, args.interpreter_setting)
    for name, ok, detail in checks:
        print(f"  {'通过' if ok else '未通过'}  {name}  {detail}")
    failed = [name for name, ok, _ in checks if not ok]
    print("自检成功" if not failed else "自检失败：" + "、".join(failed))
    return 0 if not failed else 1
