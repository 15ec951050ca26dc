"""LibreOffice headless (adapter): find it, convert files with a private profile.

Each call uses its own user profile directory so that parallel runs (tests, batch workers)
never fight over LibreOffice's profile lock.  Recalculation of OOXML files on load is forced
(``OOXMLRecalcMode`` = always), so converted spreadsheets hold freshly computed values.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .numbers import InputError

INSTALL_HINT = "未找到 LibreOffice。请安装后重试（Debian/Ubuntu：apt-get install libreoffice-writer libreoffice-calc；Windows：安装 LibreOffice 并将其 program 目录加入 PATH）"

_RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


class OfficeError(InputError):
    """LibreOffice is missing or a conversion failed (Chinese message)."""


def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        path = shutil.which(name)
        if path:
            return path
    for cand in (r"C:\Program Files\LibreOffice\program\soffice.exe",
                 r"C:\Program Files (x86)\LibreOffice\program\soffice.exe",
                 "/Applications/LibreOffice.app/Contents/MacOS/soffice"):
        if os.path.exists(cand):
            return cand
    return None


def convert(src: str | Path, fmt: str, outdir: str | Path, *, infilter: str | None = None,
            timeout: float = 180) -> Path:
    """Convert ``src`` with ``soffice --convert-to fmt`` into ``outdir``; return the new file's path."""
    soffice = find_soffice()
    if soffice is None:
        raise OfficeError(INSTALL_HINT)
    src, outdir = Path(src), Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlperf-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_RECALC_XCU, encoding="utf-8")
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--nolockcheck"]
        if infilter:
            cmd.append(f"--infilter={infilter}")
        cmd += ["--convert-to", fmt, "--outdir", str(outdir), str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env={**os.environ, "HOME": profile})
        except subprocess.TimeoutExpired as exc:
            raise OfficeError(f"LibreOffice 转换超时：{src.name}") from exc
    ext = fmt.split(":", 1)[0]
    out = outdir / f"{src.stem}.{ext}"
    if proc.returncode != 0 or not out.exists():
        detail = (proc.stderr or proc.stdout or "").strip().splitlines()[-1:] or [""]
        raise OfficeError(f"LibreOffice 转换失败：{src.name} {detail[0]}".strip())
    return out
