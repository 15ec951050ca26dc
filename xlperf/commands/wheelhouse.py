"""xlperf wheelhouse DIR — everything a Windows PC needs to install xlperf offline.

Runs on any OS with internet access to PyPI: builds the xlperf wheel from this source tree,
downloads every dependency as a win_amd64 wheel for one Python version (``pywin32`` named
explicitly: its marker would otherwise be judged against the machine doing the download), and
writes ``install.bat`` that installs from that folder alone (``--no-index``).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HELP = "为无网络的Windows电脑准备离线安装包（wheel文件和安装脚本）"

PYTHON_VERSIONS = ("3.10", "3.11", "3.12", "3.13")

INSTALL_BAT = r"""@echo off
rem xlperf offline install: run this file on the clerk's PC (Python {py} 64-bit installed).
chcp 65001 >nul
cd /d "%~dp0"
set PY=py -{py}
%PY% --version >nul 2>&1 || set PY=python
%PY% -m venv "%LOCALAPPDATA%\xlperf\venv"
if errorlevel 1 (echo 未找到 Python {py}，请先安装 Python {py}（64位），勾选“Add python.exe to PATH”。 & pause & exit /b 1)
"%LOCALAPPDATA%\xlperf\venv\Scripts\python.exe" -m pip install --no-index --find-links . xlperf pywin32
if errorlevel 1 (echo 安装失败，请把本窗口的内容截图发给信息科。 & pause & exit /b 1)
"%LOCALAPPDATA%\xlperf\venv\Scripts\python.exe" -c "import xlperf.udfs, xlwings; print('xlperf OK, xlwings', xlwings.__version__)"
echo.
echo 安装完成。Python 解释器路径（填入工作簿 xlwings.conf 表的 Interpreter_Win）：
echo %LOCALAPPDATA%\xlperf\venv\Scripts\pythonw.exe
pause
"""


def add_arguments(parser) -> None:
    parser.add_argument("dir", help="输出文件夹")
    parser.add_argument("--python", default="3.11", choices=PYTHON_VERSIONS, help="Windows电脑上的Python版本（默认3.11）")


def _pip(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pip", *args], capture_output=True, text=True)


def run(args) -> int:
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
    (out / "install.bat").write_text(INSTALL_BAT.format(py=args.python).replace("\n", "\r\n"), encoding="utf-8")
    wheels = sorted(p.name for p in out.glob("*.whl"))
    print(f"3/3 完成：{len(wheels)} 个安装包和 install.bat 已保存到 {out}")
    return 0
