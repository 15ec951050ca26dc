"""xlperf wheelhouse DIR — everything a Windows PC needs to install xlperf offline.

Runs on any OS with internet access to PyPI: builds the xlperf wheel from this source tree,
downloads every dependency as a win_amd64 wheel for one Python version (``pywin32`` named
explicitly: its marker would otherwise be judged against the machine doing the download), and
writes ``install.bat`` and ``xlperf_install.py`` (:mod:`xlperf.infra.wininstall`), which install from that folder
alone (``--no-index``) for the Windows user who runs them.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from ..infra.atomic import write_bytes, write_text
from ..infra.wininstall import MIN_PYTHON
from .args.wheelhouse import HELP, PYTHON_VERSIONS, add_arguments  # noqa: F401 - the command's arguments, declared apart


#: Python versions the wheels can be downloaded for: xlwings 0.37.8 needs 3.11 or newer
INSTALLER = "xlperf_install.py"  # xlperf/infra/wininstall.py, run by the PC's own Python

INSTALL_BAT = r"""@echo off
rem xlperf offline install for the Windows user who runs it (each user runs it once, not as administrator).
rem Needs Python {py} 64-bit from python.org; the work is done by xlperf_install.py next to this file.
chcp 65001 >nul
setlocal
cd /d "%~dp0"
set "PY="
py -{py} -c "import sys" >nul 2>&1 && set "PY=py -{py}"
if not defined PY python -c "import sys" >nul 2>&1 && set "PY=python"
if not defined PY (
  echo 未找到 Python {py}。请先用 python.org 的安装程序安装 Python {py}（64 位），勾选“Add python.exe to PATH”，再运行本文件。
  goto failed
)
%PY% "%~dp0{installer}" {py} "%~dp0."
if errorlevel 1 goto failed
echo.
echo 安装成功。
pause
exit /b 0
:failed
echo.
echo 安装失败。请把本窗口截图发给信息科。
pause
exit /b 1
"""


def _python_version_problem(version: str) -> str | None:
    m = re.fullmatch(r"(\d+)\.(\d+)", version.strip())
    if not m:
        return f"Python 版本应写成 3.11 这样的形式，而不是“{version}”。"
    if (int(m.group(1)), int(m.group(2))) < MIN_PYTHON:
        return (f"不能为 Python {version} 准备安装包：xlperf 使用的 xlwings 0.37.8 需要 Python "
                f"{MIN_PYTHON[0]}.{MIN_PYTHON[1]} 或更新版本。请在 Windows 电脑上安装 Python 3.11（64 位）。")
    if version not in PYTHON_VERSIONS:
        return f"不支持 Python {version}，可选：{'、'.join(PYTHON_VERSIONS)}。"
    return None


def _pip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)


def run(args) -> int:
    problem = _python_version_problem(args.python)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    out = Path(args.dir)
    out.mkdir(parents=True, exist_ok=True)
    src = Path(__file__).resolve().parents[2]
    if not (src / "pyproject.toml").exists():
        print("请在xlperf源代码目录中运行此命令（需要pyproject.toml）。", file=sys.stderr)
        return 2
    print("1/3 生成 xlperf 安装包 …")
    r = _pip("wheel", "--no-deps", "-q", "-w", str(out), str(src))
    if r.returncode != 0:
        print("生成 xlperf 安装包失败：\n" + r.stderr[-2000:], file=sys.stderr)
        return 2
    wheel = max(out.glob("xlperf-*.whl"), key=lambda p: p.stat().st_mtime)
    print(f"2/3 下载 Windows（win_amd64，Python {args.python}）所需的依赖 …")
    r = _pip("download", "-q", "--only-binary=:all:", "--platform", "win_amd64",
             "--python-version", args.python, "--implementation", "cp",
             "-d", str(out), str(wheel), "pywin32")
    if r.returncode != 0:
        print("下载依赖失败（需要能访问PyPI）：\n" + r.stderr[-2000:], file=sys.stderr)
        return 2
    # bytes, atomically: CRLF exactly once on every OS (text mode on Windows would turn "\r\n" into "\r\r\n")
    write_text(out / "install.bat", INSTALL_BAT.format(py=args.python, installer=INSTALLER).replace("\n", "\r\n"))
    write_bytes(out / INSTALLER, (Path(__file__).resolve().parents[1] / "infra" / "wininstall.py").read_bytes())
    wheels = sorted(p.name for p in out.glob("*.whl"))
    print(f"3/3 完成：{len(wheels)} 个安装包和 install.bat 已保存到 {out}")
    return 0
