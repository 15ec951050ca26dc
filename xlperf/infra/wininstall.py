"""Where xlperf lives on a clerk's Windows PC, and the offline installer that puts it there.

``xlperf wheelhouse`` copies this file into the offline package as ``xlperf_install.py``; the package's
``install.bat`` finds the PC's Python and runs it.  It therefore uses the standard library only (xlperf is not
installed yet) and prints everything the person installing sees in Chinese.

What it does, in order (:func:`main`):

1. says that the install is for the Windows user who runs it (the environment is per user) and warns when
   it runs elevated (then it is the administrator's account that gets xlperf);
2. checks the Python running it (:func:`python_problems`): not the Microsoft Store build (its files under
   ``%LOCALAPPDATA%`` are virtualised, Excel never sees the environment), 64-bit, the version the wheels
   were downloaded for (``install.bat`` passes it);
3. asks the clerk to close Excel and WPS while they run (:func:`running_office`): they and xlwings' Python
   server hold the environment's DLLs, and pip would stop with "Access is denied";
4. picks the folder (:func:`choose_home`): ``%LOCALAPPDATA%\\xlperf``; when that path is not ASCII
   (xlwings' DLL loads and starts Python through ANSI Windows APIs) an ASCII folder
   ``%SystemDrive%\\xlperf\\u<8 hex digits of the user name>`` instead, with a directory junction at
   ``%LOCALAPPDATA%\\xlperf\\venv`` so that the shipped workbooks' setting still leads there
   (:func:`ensure_link`: the ``mklink /J`` result is checked, a dangling or wrong junction replaced);
5. creates the environment ``venv`` there (a new one when the old one is of another Python version),
   installs from the package folder alone: ``pip install --no-index --find-links DIR --upgrade xlperf
   pywin32``, then xlperf once more with ``--force-reinstall --no-deps`` (a rebuilt package keeps its
   version number, and ``--upgrade`` alone would keep the old files);
6. runs ``xlperf setup`` in the new environment: the install stamp the workbooks compare
   (:data:`INSTALL_STAMP_FILE`), an ``INTERPRETER_WIN`` line an older installer wrote into the user's
   ``%USERPROFILE%\\.xlwings\\xlwings.conf`` removed (:func:`user_conf_cleaned`; nothing is written there any
   more: the workbooks pin every setting in their own ``xlwings.conf`` sheet, :data:`PINNED_SETTINGS`), the
   发送到 (Send To) entry 「生成绩效自评报告」 and a self-test through the very interpreter path the workbooks
   use, ending in 成功 or 失败.

The shipped workbooks carry :data:`INTERPRETER_SETTING` in their ``xlwings.conf`` sheet; xlwings expands the
variable on each PC (``GetConfig`` → ``ExpandEnvironmentStrings``), so no copy needs editing by hand.
"""

from __future__ import annotations

import csv
import ctypes
import hashlib
import ntpath
import os
import shutil
import struct
import subprocess
import sys

#: the setting xlwings reads (``GetConfig("INTERPRETER_WIN")``; the sheet's keys are compared upper-cased)
INTERPRETER_KEY = "Interpreter_Win"
#: the interpreter of the environment this installer creates, in the form xlwings expands on each PC
INTERPRETER_SETTING = r"%LOCALAPPDATA%\xlperf\venv\Scripts\pythonw.exe"
#: the xlwings version baked into the workbooks' VBA (its DLL name); pinned in pyproject.toml
XLWINGS_VERSION = "0.37.8"
#: xlwings 0.37.8 needs Python 3.11 or newer
MIN_PYTHON = (3, 11)
USER_CONF = r"%USERPROFILE%\.xlwings\xlwings.conf"
#: written into the environment by ``xlperf setup`` at each install; the workbooks forget a remembered
#: "no Python" when its date changes (xlperf/macro/offline.py)
INSTALL_STAMP_FILE = "xlperf-install.txt"
#: the ``xlwings.conf`` sheet of every shipped workbook and of the add-in, in this order (A1 down, no gap):
#: every key xlwings 0.37.8's VBA reads through ``GetConfig`` for functions and buttons, so that nothing comes
#: from ``%USERPROFILE%\.xlwings\xlwings.conf`` or a ``xlwings.conf`` beside the workbook.  Boolean values are
#: written as xlwings' own defaults are, the text "False".  Not pinned: the OneDrive/SharePoint folders (an
#: empty sheet value sends xlwings' Python to the user file anyway) and LICENSE_KEY-only features.
PINNED_SETTINGS = (
    ("UDF Modules", "xlperf.udfs"),
    (INTERPRETER_KEY, INTERPRETER_SETTING),
    ("ADD_WORKBOOK_TO_PYTHONPATH", "false"),  # a docx.py beside a clerk's workbook must not shadow python-docx
    ("PYTHONPATH", ""),
    ("USE UDF SERVER", "False"),
    ("DEBUG UDFS", "False"),
    ("SHOW CONSOLE", "False"),
    ("CONDA PATH", ""),
    ("CONDA ENV", ""),
    ("LICENSE_KEY", ""),
    ("TEMP DIR", "%TEMP%"),
    ("SHOW_ERROR_POPUPS", "True"),  # "False" would write xlwings' errors into a new sheet "Error"
)
#: processes that hold the environment's DLLs while they run (WPS: et.exe, newer builds wps.exe)
OFFICE_PROCESSES = ("excel.exe", "et.exe", "wps.exe")
SENDTO_NAME = "生成绩效自评报告"
#: the second entry: upload the chosen forms to the bureau's service (xlperf submit --show)
SUBMIT_NAME = "报送财政局"


# --------------------------------------------------------------------------- checks (pure, tested on Linux)


def is_store_python(*paths: str) -> bool:
    """Whether any of the interpreter's paths is a Microsoft Store install (``...\\WindowsApps\\...``)."""
    return any("\\windowsapps\\" in p.replace("/", "\\").lower() or "pythonsoftwarefoundation.python" in p.lower()
               for p in paths if p)  # sys.executable may be "" or None


def python_problems(version: tuple[int, ...], wanted: str, *, executable: str, base_prefix: str,
                    is_64bit: bool) -> list[str]:
    """Why this Python cannot run xlperf from the wheels for Python ``wanted`` ("3.11"); empty when it can."""
    have = f"{version[0]}.{version[1]}"
    problems = []
    if is_store_python(executable, base_prefix):
        problems.append(
            f"找到的是从 Microsoft Store 安装的 Python（{executable}）。它的文件被系统隔离，Excel 看不到装在其中的 "
            f"xlperf。请在“设置 → 应用”中卸载它，改用 Python 官网的 Python {wanted}（64 位）安装程序安装，"
            "并关闭“设置 → 应用 → 高级应用设置 → 应用执行别名”中的 python.exe 和 python3.exe。")
    if tuple(version) < MIN_PYTHON:
        problems.append(f"找到的是 Python {have}，版本太旧：xlperf 使用的 xlwings 0.37.8 需要 Python "
                        f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]} 或更新版本。请安装 Python {wanted}（64 位）。")
    elif have != wanted:
        problems.append(f"本安装包是为 Python {wanted} 准备的，这台电脑上找到的是 Python {have}。请安装 Python "
                        f"{wanted}（64 位），或在能上网的电脑上运行 xlperf wheelhouse 文件夹 --python {have} "
                        "重新生成安装包。")
    if not is_64bit:
        problems.append(f"找到的是 32 位 Python；安装包中的组件是 64 位的。请安装 64 位的 Python {wanted}。")
    return problems


def ascii_user_id(user: str, domain: str) -> str:
    """A short ASCII folder name for a Windows user (stable for the same user)."""
    digest = hashlib.sha256(f"{domain}\\{user}".lower().encode()).hexdigest()
    return "u" + digest[:8]


def local_appdata(env: dict) -> str:
    """The user's ``%LOCALAPPDATA%``, or its default place under the profile folder when the variable is not set."""
    return env.get("LOCALAPPDATA") or ntpath.join(env.get("USERPROFILE", ""), "AppData", "Local")


def choose_home(env: dict) -> tuple[str, bool]:
    """(xlperf's folder, whether it is the ASCII fallback) for the user whose environment is ``env``."""
    home = ntpath.join(local_appdata(env), "xlperf")
    if home.isascii():
        return home, False
    drive = env.get("SystemDrive") or "C:"
    return ntpath.join(drive + "\\", "xlperf", ascii_user_id(env.get("USERNAME", ""), env.get("USERDOMAIN", ""))), True


def interpreter_setting(home: str, fallback: bool) -> str:
    """The ``Interpreter_Win`` value for ``home`` as :func:`choose_home` chose it: ASCII, in the ``%VARIABLE%`` form
    (the fallback folder is ``%SystemDrive%\\xlperf\\u…``)."""
    if not fallback:
        return INTERPRETER_SETTING
    value = r"%SystemDrive%\xlperf" + "\\" + ntpath.basename(home) + r"\venv\Scripts\pythonw.exe"
    if not value.isascii():
        raise ValueError(f"not an ASCII path: {value}")
    return value


def _is_ours(value: bytes) -> bool:
    v = value.strip().strip(b'"').replace(b"/", b"\\").lower()
    return b"\\xlperf\\" in v and v.endswith(b"\\venv\\scripts\\pythonw.exe")


def user_conf_cleaned(existing: bytes | None) -> bytes | None:
    """The user's ``xlwings.conf`` without an ``INTERPRETER_WIN`` line an older xlperf installer wrote (one that
    names an xlperf environment), other lines kept byte for byte; ``None`` when there is nothing to change.

    That line was never used by our workbooks (their sheet wins) but sent every other xlwings workbook and tool
    of the user to our environment."""
    if not existing:
        return None
    lines = existing.splitlines()
    kept = []
    for line in lines:
        cells = [c.strip() for c in line.strip().split(b",", 1)]
        key = cells[0].strip(b'"').strip().lower()
        if key == INTERPRETER_KEY.lower().encode() and len(cells) == 2 and _is_ours(cells[1]):
            continue
        kept.append(line)
    if len(kept) == len(lines):
        return None
    return b"".join(line + b"\r\n" for line in kept)


def pip_commands(venv_python: str, wheels: str) -> list[list[str]]:
    """The pip runs of step 4: dependencies upgraded, then xlperf itself replaced even at the same version."""
    base = [venv_python, "-m", "pip", "install", "--disable-pip-version-check", "--no-index", "--find-links", wheels]
    return [base + ["--upgrade", "xlperf", "pywin32"], base + ["--force-reinstall", "--no-deps", "xlperf"]]


def venv_version(venv: str) -> str | None:
    """The Python version (``3.11``) an existing environment was made with, from its ``pyvenv.cfg``."""
    try:
        with open(os.path.join(venv, "pyvenv.cfg"), "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    for line in data.decode(errors="replace").splitlines():
        key, _, value = line.partition("=")
        if key.strip().lower() in ("version", "version_info"):
            return ".".join(value.strip().split(".")[:2])
    return None


def running_office(tasklist_csv: str) -> list[str]:
    """The Excel/WPS programs running, from the output of ``tasklist /FO CSV /NH``."""
    found = []
    for row in csv.reader(tasklist_csv.splitlines()):
        if row and row[0].lower() in OFFICE_PROCESSES and row[0] not in found:
            found.append(row[0])
    return found


def _is_link(path: str) -> bool:
    """A symbolic link or (Windows) a directory junction: ``os.readlink`` reads both since Python 3.8."""
    try:
        os.readlink(path)
        return True
    except (OSError, ValueError):
        return False


def _same_folder(a: str, b: str) -> bool:
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def ensure_link(link: str, target: str, make) -> str | None:
    """Make ``link`` lead to the folder ``target``; a problem sentence, or ``None`` when it does.

    ``make(link, target)`` creates the link and returns an exit code (Windows: ``mklink /J``; tests on Linux
    pass ``os.symlink``): its result is checked, and so is the link afterwards.  A dangling link
    (``os.path.exists`` is False for it) or one to another folder is removed first — the link only, never
    what it pointed to; a real folder in its place is left alone and reported."""
    if os.path.lexists(link):
        if os.path.exists(link) and _same_folder(link, target):
            return None
        if not _is_link(link):
            return f"{link} 是一个普通文件夹，不是指向 {target} 的联接；请把它改名或删除后重新运行 install.bat。"
        try:
            os.unlink(link)
        except OSError:
            os.rmdir(link)  # a directory junction on some Windows versions
    os.makedirs(os.path.dirname(link), exist_ok=True)
    code = make(link, target)
    if code not in (0, None) or not os.path.exists(link) or not _same_folder(link, target):
        return f"无法在 {link} 建立指向 {target} 的目录联接（mklink /J 的结果：{code}）。"
    return None


# --------------------------------------------------------------------------- the install (Windows)


def _say(text: str) -> None:
    print(text, flush=True)


def _is_admin() -> bool:
    try:
        return bool(ctypes.windll.shell32.IsUserAnAdmin())  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - not Windows
        return False


def _run(argv: list[str]) -> int:
    return subprocess.call(argv)


def _tasklist() -> str:
    try:
        return subprocess.run(["tasklist", "/FO", "CSV", "/NH"], capture_output=True, text=True,
                              errors="replace", timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return ""  # not Windows, or tasklist missing: nothing known to be running


def close_office(tasks=_tasklist, ask=input) -> bool:
    """Wait until Excel and WPS are closed (the clerk presses Enter after closing them); False when the clerk
    types q instead."""
    while True:
        running = running_office(tasks())
        if not running:
            return True
        _say(f"请先关闭 Excel 和 WPS（正在运行：{'、'.join(running)}），并保存好正在编辑的文件：它们运行时，"
             "Python 环境中的文件被占用，安装会失败（Access is denied）。")
        try:
            answer = ask("关闭后按回车继续；输入 q 再按回车则退出安装：")
        except EOFError:
            return False  # nobody can answer (input closed): stop as if q
        if answer.strip().lower() == "q":
            return False


def _mklink(link: str, target: str) -> int:
    return _run(["cmd", "/c", "mklink", "/J", link, target])


def main(argv: list[str] | None = None, *, env: dict | None = None, run=_run, tasks=_tasklist, ask=input,
         make_link=_mklink) -> int:
    """``xlperf_install.py WANTED_VERSION [WHEEL_DIR]``: install or update xlperf for the current user."""
    argv = list(sys.argv[1:] if argv is None else argv)
    wanted = argv[0] if argv else f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]}"
    wheels = argv[1] if len(argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    env = dict(os.environ if env is None else env)
    user = env.get("USERNAME", "")
    _say(f"本程序为当前登录的 Windows 用户“{user}”安装（或更新）xlperf。")
    _say("每个使用 Excel 的用户都需要用自己的账户登录后各运行一次；不要用“以管理员身份运行”。")
    if _is_admin():
        _say("注意：本窗口以管理员身份运行，xlperf 将装给管理员账户，财务人员的账户用不到。"
             "如非有意，请关闭本窗口，直接双击 install.bat。")
    problems = python_problems(sys.version_info, wanted, executable=sys.executable, base_prefix=sys.base_prefix,
                               is_64bit=struct.calcsize("P") == 8)  # the size of a pointer: 8 bytes on 64-bit
    if problems:
        _say("\n无法安装：")
        for p in problems:
            _say("  - " + p)
        return 1
    if not close_office(tasks, ask):
        _say("已退出，未做任何改动。")
        return 1
    home, fallback = choose_home(env)
    venv = ntpath.join(home, "venv")
    if fallback:
        _say(f"用户文件夹路径含有中文等非英文字符（{local_appdata(env)}），xlwings 无法从这样的路径启动 Python；"
             f"改为安装到 {venv}。")
    if os.path.isdir(venv) and venv_version(venv) not in (None, wanted):
        _say(f"已有的 Python 环境是旧版本 Python {venv_version(venv)} 建立的，重新建立……")
        shutil.rmtree(venv, ignore_errors=True)
    if not os.path.isfile(ntpath.join(venv, "Scripts", "python.exe")):
        _say(f"1/3 建立 Python 环境：{venv}")
        if run([sys.executable, "-m", "venv", venv]) != 0:
            _say("建立 Python 环境失败（见上面的英文信息）。")
            return 1
    else:
        _say(f"1/3 使用已有的 Python 环境：{venv}")
    venv_python = ntpath.join(venv, "Scripts", "python.exe")
    _say("2/3 从安装包安装 xlperf、xlwings 0.37.8 和 pywin32（不联网）……")
    for command in pip_commands(venv_python, wheels):
        if run(command) != 0:
            _say("安装失败（见上面的英文信息）。请把本窗口截图发给信息科。")
            return 1
    if fallback:
        link = os.path.join(local_appdata(env), "xlperf", "venv")
        problem = ensure_link(link, venv, make_link)
        if problem:
            _say(problem + "工作簿找不到 Python，会改用自带公式计算。请把本窗口截图发给信息科。")
            return 1
        _say("若系统区域不是中文、工作簿仍找不到 Python，可把工作簿 xlwings.conf 表中 Interpreter_Win 改为 "
             + interpreter_setting(home, fallback))
    _say("3/3 设置并自检……")
    # the self-test runs the interpreter the workbooks name (through the junction, when there is one)
    return run([venv_python, "-m", "xlperf.cli", "setup", "--interpreter-setting", INTERPRETER_SETTING])


if __name__ == "__main__":  # pragma: no cover - runs on the clerk's PC
    sys.exit(main())
