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
3. picks the folder (:func:`choose_home`): ``%LOCALAPPDATA%\\xlperf``; when that path is not ASCII
   (xlwings' DLL loads and starts Python through ANSI Windows APIs) an ASCII folder
   ``%SystemDrive%\\xlperf\\u<8 hex digits of the user name>`` instead, with a directory junction at
   ``%LOCALAPPDATA%\\xlperf\\venv`` so that the shipped workbooks' setting still leads there;
4. creates the environment ``venv`` there (a new one when the old one is of another Python version),
   installs from the package folder alone: ``pip install --no-index --find-links DIR --upgrade xlperf
   pywin32``, then xlperf once more with ``--force-reinstall --no-deps`` (a rebuilt package keeps its
   version number, and ``--upgrade`` alone would keep the old files);
5. runs ``xlperf setup`` in the new environment: the user's xlwings settings (ASCII, with ``%VARIABLES%``),
   the 发送到 (Send To) entry 「生成绩效自评报告」 and a self-test ending in 成功 or 失败.

The shipped workbooks carry :data:`INTERPRETER_SETTING` in their ``xlwings.conf`` sheet; xlwings expands the
variable on each PC (``GetConfig`` → ``ExpandEnvironmentStrings``), so no copy needs editing by hand.
"""

from __future__ import annotations

import ctypes
import hashlib
import ntpath
import os
import shutil
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
SENDTO_NAME = "生成绩效自评报告"


# --------------------------------------------------------------------------- checks (pure, tested on Linux)


def is_store_python(*paths: str) -> bool:
    """Whether any of the interpreter's paths is a Microsoft Store install (``...\\WindowsApps\\...``)."""
    return any("\\windowsapps\\" in (p or "").replace("/", "\\").lower() or
               "pythonsoftwarefoundation.python" in (p or "").lower() for p in paths)


def python_problems(version: tuple[int, int], wanted: str, *, executable: str, base_prefix: str,
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


def ascii_user_id(user: str, domain: str = "") -> str:
    """A short ASCII folder name for a Windows user (stable for the same user)."""
    digest = hashlib.sha256(f"{domain}\\{user}".lower().encode("utf-8")).hexdigest()
    return "u" + digest[:8]


def choose_home(env: dict) -> tuple[str, bool]:
    """(xlperf's folder, whether it is the ASCII fallback) for the user whose environment is ``env``."""
    local = env.get("LOCALAPPDATA") or ntpath.join(env.get("USERPROFILE", ""), "AppData", "Local")
    home = ntpath.join(local, "xlperf")
    if home.isascii():
        return home, False
    drive = env.get("SystemDrive") or "C:"
    return ntpath.join(drive + "\\", "xlperf", ascii_user_id(env.get("USERNAME", ""), env.get("USERDOMAIN", ""))), True


def interpreter_setting(home: str, fallback: bool, env: dict) -> str:
    """The ``Interpreter_Win`` value for the user settings file: ASCII, in the ``%VARIABLE%`` form."""
    if not fallback:
        return INTERPRETER_SETTING
    drive = env.get("SystemDrive") or "C:"
    rest = home[len(drive):] if home.lower().startswith(drive.lower()) else home
    value = "%SystemDrive%" + rest + r"\venv\Scripts\pythonw.exe"
    if not value.isascii():
        raise ValueError(f"not an ASCII path: {value}")
    return value


def user_conf_bytes(existing: bytes | None, value: str) -> bytes:
    """The user's ``xlwings.conf`` with ``INTERPRETER_WIN`` set to ``value``, other lines kept byte for byte.

    xlwings reads this file with VBA's ``Input #`` (the ANSI code page) and Python's ``open()`` without an
    encoding, so what we write is ASCII only; the value keeps its ``%VARIABLES%``, expanded when read."""
    if not value.isascii() or '"' in value:
        raise ValueError("the interpreter setting must be ASCII without quotes")
    kept = []
    for line in (existing or b"").splitlines():
        key = line.strip().split(b",", 1)[0].strip().strip(b'"').strip().lower()
        if line.strip() and key != INTERPRETER_KEY.lower().encode("ascii"):
            kept.append(line)
    kept.append(f'"{INTERPRETER_KEY.upper()}","{value}"'.encode("ascii"))
    return b"\r\n".join(kept) + b"\r\n"


def pip_commands(venv_python: str, wheels: str) -> list[list[str]]:
    """The pip runs of step 4: dependencies upgraded, then xlperf itself replaced even at the same version."""
    base = [venv_python, "-m", "pip", "install", "--disable-pip-version-check", "--no-index", "--find-links", wheels]
    return [base + ["--upgrade", "xlperf", "pywin32"], base + ["--force-reinstall", "--no-deps", "xlperf"]]


def venv_version(venv: str) -> str | None:
    """The Python version (``3.11``) an existing environment was made with, from its ``pyvenv.cfg``."""
    try:
        with open(os.path.join(venv, "pyvenv.cfg"), encoding="utf-8", errors="replace") as fh:
            for line in fh:
                key, _, value = line.partition("=")
                if key.strip().lower() in ("version", "version_info"):
                    return ".".join(value.strip().split(".")[:2])
    except OSError:
        return None
    return None


# --------------------------------------------------------------------------- the install (Windows)


def _say(text: str = "") -> None:
    print(text, flush=True)


def _is_admin() -> bool:
    try:
        return bool(ctypes.windll.shell32.IsUserAnAdmin())  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001 - not Windows
        return False


def _run(argv: list[str]) -> int:
    return subprocess.call(argv)


def main(argv: list[str] | None = None, *, env: dict | None = None, run=_run) -> int:
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
    problems = python_problems(sys.version_info[:2], wanted, executable=sys.executable,
                               base_prefix=getattr(sys, "base_prefix", sys.prefix), is_64bit=sys.maxsize > 2**32)
    if problems:
        _say("\n无法安装：")
        for p in problems:
            _say("  - " + p)
        return 1
    home, fallback = choose_home(env)
    venv = ntpath.join(home, "venv")
    if fallback:
        _say(f"用户文件夹路径含有中文等非英文字符（{env.get('LOCALAPPDATA', '')}），xlwings 无法从这样的路径启动 Python；"
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
    setting = interpreter_setting(home, fallback, env)
    if fallback:
        link = ntpath.join(env.get("LOCALAPPDATA", ""), "xlperf", "venv")
        if not os.path.exists(link):
            os.makedirs(ntpath.dirname(link), exist_ok=True)
            run(["cmd", "/c", "mklink", "/J", link, venv])
    _say("3/3 设置并自检……")
    return run([venv_python, "-m", "xlperf.cli", "setup", "--interpreter-setting", setting])


if __name__ == "__main__":  # pragma: no cover - runs on the clerk's PC
    sys.exit(main())
