"""xlperf.commands.wheelhouse in process with a stand-in for pip (issue 19: `make mutate` judges the module by fast
tests; nothing is built or downloaded — tests/test_wheelhouse.py does that for real where PyPI is reachable).

Expected values are written by hand: the pip command lines as pip documents them (``pip wheel --no-deps -q -w DIR
SRC``; ``pip download -q --only-binary=:all: --platform win_amd64 --python-version X --implementation cp -d DIR
WHEEL pywin32`` — pip asks for ``--only-binary=:all:`` whenever ``--platform``/``--python-version``/
``--implementation`` name another machine), run by this interpreter (``sys.executable -m pip``) with output captured as
text; the Chinese lines IT staff read (1/3 … 3/3, the failures with pip's last 2,000 characters, the version
problems) and the exit codes; ``install.bat`` with CRLF line ends exactly once and the installer copied byte for byte.

Session 8 (s8b, docs/mutation.md): 207 mutants, all killed; no equivalent mutant is left.  The two writes are
bytes through ``infra.atomic`` (no ``encoding="utf-8"`` to mutate; and text mode on Windows would have doubled the
``\r`` of every CRLF).

No test here has “libreoffice” or “slow” in its name: the mutation runs use K='not libreoffice and not slow'.
"""

from __future__ import annotations

import os
import subprocess
import sys
import types
from pathlib import Path

import pytest

from xlperf.commands import wheelhouse
from xlperf.infra import wininstall


# --------------------------------------------------------------------------- the Python version


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_supported_versions_have_no_problem(version):
    assert wheelhouse._python_version_problem(version) is None


@pytest.mark.parametrize("version", ["3.10", "2.12", "3.9", "2.7"])
def test_versions_older_than_3_11_are_refused(version):
    assert wheelhouse._python_version_problem(version) == (
        f"不能为 Python {version} 准备安装包：xlperf 使用的 xlwings 0.37.8 需要 Python 3.11 或更新版本。"
        "请在 Windows 电脑上安装 Python 3.11（64 位）。")


@pytest.mark.parametrize("version", ["3.14", "4.0", "3.011"])
def test_newer_versions_not_listed_are_refused(version):
    assert wheelhouse._python_version_problem(version) == f"不支持 Python {version}，可选：3.11、3.12、3.13。"


@pytest.mark.parametrize("version", ["3", "3.11.2", "py3.11", "3.x", "", "3.11a"])
def test_malformed_versions(version):
    assert wheelhouse._python_version_problem(version) == f"Python 版本应写成 3.11 这样的形式，而不是“{version}”。"


def test_a_version_with_spaces_is_read_but_not_listed():
    assert wheelhouse._python_version_problem(" 3.11 ") == "不支持 Python  3.11 ，可选：3.11、3.12、3.13。"


# --------------------------------------------------------------------------- pip


class Pip:
    """Stand-in for subprocess.run running pip: writes the wheels pip would, answers rc/stderr per sub-command."""

    def __init__(self, fail=None, stderr=""):
        self.fail, self.stderr, self.calls = fail, stderr, []

    def __call__(self, argv, **kwargs):
        self.calls.append((list(argv), kwargs))
        command = argv[3]
        if command == self.fail:
            return subprocess.CompletedProcess(argv, 1, "", self.stderr)
        if command == "wheel":
            (Path(argv[argv.index("-w") + 1]) / "xlperf-1.0-py3-none-any.whl").write_bytes(b"w")
        else:
            dest = Path(argv[argv.index("-d") + 1])
            for name in ("xlwings-0.37.8-cp311-cp311-win_amd64.whl", "pywin32-306-cp311-cp311-win_amd64.whl"):
                (dest / name).write_bytes(b"d")
        return subprocess.CompletedProcess(argv, 0, "", "")


def test_pip_runs_this_interpreter_with_output_captured_as_text(monkeypatch):
    pip = Pip()
    monkeypatch.setattr(wheelhouse.subprocess, "run", lambda argv, **kw: pip.calls.append((argv, kw)) or "done")
    assert wheelhouse._pip("--version", "-q") == "done"
    assert pip.calls == [([sys.executable, "-m", "pip", "--version", "-q"], {"capture_output": True, "text": True})]


def _args(folder, python="3.11"):
    return types.SimpleNamespace(dir=str(folder), python=python)


SOURCE = Path(wheelhouse.__file__).resolve().parents[2]


def test_run_builds_downloads_and_writes_the_installer(monkeypatch, tmp_path, capsys):
    pip = Pip()
    monkeypatch.setattr(wheelhouse.subprocess, "run", pip)
    out = tmp_path / "a" / "离线安装包"  # two levels missing
    assert wheelhouse.run(_args(out, "3.12")) == 0
    wheel = out / "xlperf-1.0-py3-none-any.whl"
    assert [argv for argv, kw in pip.calls] == [
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(SOURCE)],
        [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:", "--platform", "win_amd64",
         "--python-version", "3.12", "--implementation", "cp", "-d", str(out), str(wheel), "pywin32"]]
    captured = capsys.readouterr()
    assert captured.out == ("1/3 生成 xlperf 安装包 …\n"
                            "2/3 下载 Windows（win_amd64，Python 3.12）所需的依赖 …\n"
                            f"3/3 完成：3 个安装包和 install.bat 已保存到 {out}\n")
    assert captured.err == ""
    bat = (out / "install.bat").read_bytes()
    assert b'py -3.12 -c "import sys" >nul 2>&1 && set "PY=py -3.12"\r\n' in bat
    assert b'%PY% "%~dp0xlperf_install.py" 3.12 "%~dp0."\r\n' in bat
    assert bat.count(b"\r\n") == bat.count(b"\n") == 24 and b"\r\r" not in bat
    assert "安装成功。" in bat.decode("utf-8")
    assert (out / "xlperf_install.py").read_bytes() == Path(wininstall.__file__).read_bytes()


def test_run_into_an_existing_folder_picks_the_newest_xlperf_wheel(monkeypatch, tmp_path, capsys):
    out = tmp_path / "wh"
    out.mkdir()
    old = out / "xlperf-9.9-py3-none-any.whl"  # a later version's name, an older file: the newest file counts
    old.write_bytes(b"old")
    (out / "notes.txt").write_text("x", encoding="utf-8")
    pip = Pip()
    monkeypatch.setattr(wheelhouse.subprocess, "run", pip)
    os.utime(old, (1_000_000_000, 1_000_000_000))
    assert wheelhouse.run(_args(out)) == 0
    assert pip.calls[1][0][-2:] == [str(out / "xlperf-1.0-py3-none-any.whl"), "pywin32"]
    assert capsys.readouterr().out.endswith(f"3/3 完成：4 个安装包和 install.bat 已保存到 {out}\n")


def test_run_refuses_a_version_before_touching_anything(monkeypatch, tmp_path, capsys):
    pip = Pip()
    monkeypatch.setattr(wheelhouse.subprocess, "run", pip)
    assert wheelhouse.run(_args(tmp_path / "wh", "3.10")) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.startswith("不能为 Python 3.10 准备安装包：")
    assert pip.calls == [] and not (tmp_path / "wh").exists()


def test_run_outside_the_source_tree(monkeypatch, tmp_path, capsys):
    pip = Pip()
    monkeypatch.setattr(wheelhouse.subprocess, "run", pip)
    monkeypatch.setattr(wheelhouse, "__file__", str(tmp_path / "site" / "xlperf" / "commands" / "wheelhouse.py"))
    assert wheelhouse.run(_args(tmp_path / "wh")) == 2
    assert capsys.readouterr().err == "请在xlperf源代码目录中运行此命令（需要pyproject.toml）。\n"
    assert pip.calls == []


def test_run_copies_the_installer_next_to_the_module(monkeypatch, tmp_path, capsys):
    tree = tmp_path / "src"
    (tree / "xlperf" / "infra").mkdir(parents=True)
    (tree / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    (tree / "xlperf" / "infra" / "wininstall.py").write_bytes(b"# installer\r\nprint(1)\n")
    monkeypatch.setattr(wheelhouse, "__file__", str(tree / "xlperf" / "commands" / "wheelhouse.py"))
    pip = Pip()
    monkeypatch.setattr(wheelhouse.subprocess, "run", pip)
    assert wheelhouse.run(_args(tmp_path / "wh")) == 0
    assert pip.calls[0][0][-1] == str(tree)
    assert (tmp_path / "wh" / "xlperf_install.py").read_bytes() == b"# installer\r\nprint(1)\n"


@pytest.mark.parametrize("step, message, out", [
    ("wheel", "生成 xlperf 安装包失败：\n", "1/3 生成 xlperf 安装包 …\n"),
    ("download", "下载依赖失败（需要能访问PyPI）：\n",
     "1/3 生成 xlperf 安装包 …\n2/3 下载 Windows（win_amd64，Python 3.11）所需的依赖 …\n"),
])
def test_run_pip_failure_shows_the_last_2000_characters(monkeypatch, tmp_path, capsys, step, message, out):
    pip = Pip(fail=step, stderr="a" * 10 + "b" * 1990 + "ERROR: no matching distribution")
    monkeypatch.setattr(wheelhouse.subprocess, "run", pip)
    assert wheelhouse.run(_args(tmp_path / "wh")) == 2
    captured = capsys.readouterr()
    tail = "b" * 1969 + "ERROR: no matching distribution"  # 1969 + 31 = the last 2000 of 2031 characters
    assert captured.err == message + tail + "\n"
    assert captured.out == out
    assert not (tmp_path / "wh" / "install.bat").exists()
