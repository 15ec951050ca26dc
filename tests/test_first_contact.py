"""A new user's first `make`: the README says which Python, `make demo` stops with one line when the Python is too
old, a .venv left by a wrong run is rebuilt, `make demo` installs the runtime only (issue 24, first contact)."""

import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

# A stand-in interpreter that is Python 3.10.12: it fails the Makefile's version check (any other -c program) and
# prints its version when asked for it.
FAKE_PY310 = """#!/bin/sh
case "$2" in
  *print*) echo 3.10.12 ;;
  *) exit 1 ;;
esac
"""


def _project_copy(tmp_path: Path) -> Path:
    proj = tmp_path / "proj"
    proj.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, proj / name)
    return proj


def _fake_python(tmp_path: Path) -> Path:
    fake = tmp_path / "bin" / "python3.10"
    fake.parent.mkdir(parents=True, exist_ok=True)
    fake.write_text(FAKE_PY310)
    fake.chmod(0o755)
    return fake


def _make(proj: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    return subprocess.run(["make", "--no-print-directory", *args], cwd=proj, capture_output=True, text=True,
                          env=env, timeout=60)


def test_readme_python_claim_is_requires_python():
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["requires-python"]
    assert requires == ">=3.11"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    claims = set(re.findall(r"Python ≥ ?(\d+\.\d+)", readme))
    assert claims == {"3.11"}


def test_demo_with_too_old_python_says_which_python_in_one_line(tmp_path):
    proj = _project_copy(tmp_path)
    fake = _fake_python(tmp_path)
    res = _make(proj, "demo", f"PYTHON={fake}")
    assert res.returncode != 0
    lines = [ln for ln in res.stderr.splitlines() if ln.strip() and not ln.startswith("make")]
    assert len(lines) == 1, res.stderr
    assert "需要 Python 3.11 或更新版本" in lines[0] and "3.10.12" in lines[0]
    assert "make PYTHON=python3.11 demo" in lines[0]
    assert not (proj / ".venv").exists()  # nothing half-built is left for the next run


def test_a_venv_with_a_too_old_python_is_rebuilt_by_the_next_make(tmp_path):
    proj = _project_copy(tmp_path)
    fake = _fake_python(tmp_path)
    venv_bin = proj / ".venv" / "bin"
    venv_bin.mkdir(parents=True)
    (venv_bin / "python").symlink_to(fake)
    for stamp in (".runtime-stamp", ".installed-stamp"):
        (proj / ".venv" / stamp).write_text("3.10.12 runtime\n")  # newer than pyproject.toml
    res = _make(proj, "-n", "demo")
    assert res.returncode == 0, res.stderr
    # the stamps of the wrong venv are forgotten, so the venv is checked, recreated and installed again
    assert not (proj / ".venv" / ".runtime-stamp").exists()
    assert "rm -rf .venv" in res.stdout and "-m venv .venv" in res.stdout
    assert "install -q -e ." in res.stdout


def test_a_good_venv_with_its_stamp_is_reused(tmp_path):
    proj = _project_copy(tmp_path)
    (proj / ".venv" / "bin").mkdir(parents=True)
    (proj / ".venv" / "bin" / "python").symlink_to(shutil.which("python3"))
    (proj / ".venv" / ".runtime-stamp").write_text("3.11 runtime\n")
    res = _make(proj, "-n", "demo")
    assert res.returncode == 0, res.stderr
    assert "pip" not in res.stdout and "-m venv" not in res.stdout
    assert (proj / ".venv" / ".runtime-stamp").exists()


def test_demo_installs_the_runtime_only_and_test_the_dev_tools():
    demo = _make(ROOT, "-n", "-B", "demo").stdout
    installs = [ln for ln in demo.splitlines() if " install " in ln]
    assert installs and all("[dev]" not in ln and "dev" not in ln.split(" install ")[1] for ln in installs), demo
    assert "install -q -e ." in demo
    for target in ("test", "build", "bench", "mutate"):
        out = _make(ROOT, "-n", "-B", target).stdout
        assert "install -q -e '.[dev]'" in out, target


def test_no_deprecated_install_mode_and_clean_removes_the_venv():
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "editable_mode=compat" not in text
    clean = _make(ROOT, "-n", "clean").stdout
    assert re.search(r"rm -rf .*\.venv\b", clean)


def test_readme_first_screen_tells_a_clerk_what_to_do():
    """The first screen (up to the quick start) names the form to open, where to type, the two commands in order
    and the demo — and every file it names is in the repository."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = readme.split("## 快速开始")[0]
    steps = re.findall(r"^(\d)\. ", first, flags=re.M)
    assert steps == ["1", "2", "3"], first
    assert "黄色单元格" in first and "生成报告" in first
    assert first.index("`xlperf check 填报表.xlsx`") < first.index("`xlperf report 填报表.xlsx`")
    assert "`make demo`" in first
    named = re.findall(r"`(workbooks/[^`]+)`", first)
    assert named and all((ROOT / p).is_file() for p in named), named
