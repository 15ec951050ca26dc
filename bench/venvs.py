"""The two virtual environments the start-up benchmarks compare, created on demand and cached in
``.bench-venv/`` (gitignored):

* ``bare`` — only ``xlwings==0.37.8``: the floor, ``import xlwings`` with nothing else installed;
* ``runtime`` — ``pip install .`` of this checkout without extras: what a clerk's PC gets.

``bare`` is made once.  ``runtime`` is made anew when the runtime dependencies in pyproject.toml
change (pip never removes a dependency that was dropped, so the venv must start empty), and xlperf
itself is reinstalled (``--no-deps``) when its files change.  The checkout is installed from a copy
(xlperf/, templates/, pyproject.toml, README.md), so no build files land in the work tree.
Both use the Python that runs the benchmark (its base interpreter when that is a venv).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOME = ROOT / ".bench-venv"
XLWINGS = "xlwings==0.37.8"


def _base_python() -> str:
    return getattr(sys, "_base_executable", None) or sys.executable


def _python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def _pip(venv: Path, *args: str) -> None:
    proc = subprocess.run([str(_python(venv)), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"pip install {' '.join(args)} failed:\n{proc.stdout}{proc.stderr}")


def _create(venv: Path) -> None:
    if venv.exists():
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([_base_python(), "-m", "venv", str(venv)], check=True)


def _stamp(venv: Path) -> str:
    try:
        return (venv / ".xlperf-bench-stamp").read_text(encoding="utf-8")
    except OSError:
        return ""


def _set_stamp(venv: Path, value: str) -> None:
    (venv / ".xlperf-bench-stamp").write_text(value, encoding="utf-8")


def bare() -> Path:
    """Python of the venv holding only xlwings (made on first use)."""
    venv = HOME / "bare"
    want = f"{XLWINGS} {sys.version_info[:2]}"
    if _stamp(venv) != want or not _python(venv).exists():
        print(f"(creating {venv.relative_to(ROOT)}: {XLWINGS} only)", flush=True)
        _create(venv)
        _pip(venv, XLWINGS)
        _set_stamp(venv, want)
    return _python(venv)


def _runtime_dependencies() -> list[str]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]


def _source_files() -> list[Path]:
    files = [ROOT / "pyproject.toml", ROOT / "README.md"]
    for top in ("xlperf", "templates"):
        files += sorted(p for p in (ROOT / top).rglob("*")
                        if p.is_file() and not p.is_symlink() and "__pycache__" not in p.parts and p.suffix != ".pyc")
    return files


def _hash(parts: list[bytes]) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(hashlib.sha256(p).digest())
    return h.hexdigest()[:24]


def _snapshot(dest: Path) -> Path:
    """A copy of what ``pip install .`` needs (the xlperf/templates link kept as a link)."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "xlperf", dest / "xlperf", symlinks=True, ignore=ignore)
    shutil.copytree(ROOT / "templates", dest / "templates", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, dest / name)
    return dest


def runtime() -> Path:
    """Python of the venv where this checkout is installed as a clerk gets it (no dev extras)."""
    venv = HOME / "runtime"
    deps = _hash([d.encode("utf-8") for d in _runtime_dependencies()] + [repr(sys.version_info[:2]).encode()])
    files = _source_files()
    source = _hash([str(p.relative_to(ROOT)).encode("utf-8") + b"\0" + p.read_bytes() for p in files])
    have_deps, _, have_source = _stamp(venv).partition(" ")
    if have_deps == deps and have_source == source and _python(venv).exists():
        return _python(venv)
    fresh = have_deps != deps or not _python(venv).exists()
    print(f"({'creating' if fresh else 'updating'} {venv.relative_to(ROOT)}: pip install . without extras)",
          flush=True)
    if fresh:
        _create(venv)
    with tempfile.TemporaryDirectory(prefix="xlperf-bench-src-") as tmp:
        src = _snapshot(Path(tmp) / "xlperf-src")
        if fresh:
            _pip(venv, str(src))
        else:
            _pip(venv, "--no-deps", "--force-reinstall", str(src))
    _set_stamp(venv, f"{deps} {source}")
    return _python(venv)


def installed(python: Path) -> list[str]:
    """``name==version`` of everything installed in the venv of ``python`` (pip itself left out)."""
    out = subprocess.run([str(python), "-m", "pip", "list", "--format=freeze", "--disable-pip-version-check"],
                         capture_output=True, text=True, check=True).stdout.split()
    return [line for line in out if not line.lower().startswith(("pip==", "setuptools=="))]


__all__ = ["bare", "runtime", "installed", "HOME"]
