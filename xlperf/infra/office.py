"""LibreOffice headless (adapter): find it, convert files with a private profile.

Each call uses its own user profile directory so that parallel runs (tests, batch workers)
never fight over LibreOffice's profile lock.  Recalculation of OOXML files on load is forced
(``OOXMLRecalcMode`` = always), so converted spreadsheets hold freshly computed values.

Fonts (Linux and other fontconfig systems): the 公文 fonts (方正小标宋简体, 仿宋_GB2312, 黑体,
楷体_GB2312, 宋体) are rarely installed there.  Our own soffice runs get ``FONTCONFIG_FILE``
pointing at a file that includes the system configuration and then ``data/fonts/gongwen.conf``,
which names close free stand-ins (Noto Serif CJK SC bold for 小标宋, AR PL UMing CN for 仿宋,
Noto Sans CJK SC for 黑体, AR PL UKai CN for 楷体).  Nothing else on the machine is changed, and
a Word → PDF conversion says once per process which fonts were replaced (:func:`font_notice`).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from ..errors import OfficeError  # re-exported: ``from xlperf.infra.office import OfficeError``

INSTALL_HINT = "未找到 LibreOffice。请安装后重试（Debian/Ubuntu：apt-get install libreoffice-writer libreoffice-calc；Windows：安装 LibreOffice 并将其 program 目录加入 PATH）"

_RECALC_XCU = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""




# --------------------------------------------------------------------------- fonts

FONTS_CONF = Path(__file__).resolve().parents[1] / "data" / "fonts" / "gongwen.conf"
#: the 公文 fonts the stand-ins are for, in the order the notice names them
GONGWEN_FONTS = ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体")
_BOLD = {"方正小标宋简体"}  # gongwen.conf gives the title the bold weight of its stand-in
_noticed = False


def uses_fontconfig() -> bool:
    """LibreOffice finds fonts through fontconfig here (not on Windows or macOS)."""
    return not sys.platform.startswith(("win", "darwin", "cygwin")) and FONTS_CONF.is_file()


def fontconfig_file(folder: str | Path) -> Path:
    """Write ``folder/fonts.conf``: the configuration in force (``$FONTCONFIG_FILE`` or the
    system's) followed by xlperf's stand-ins; return its path."""
    base = os.environ.get("FONTCONFIG_FILE") or "/etc/fonts/fonts.conf"
    conf = Path(folder) / "fonts.conf"

    def esc(p):
        return str(p).replace("&", "&amp;").replace("<", "&lt;")

    conf.write_bytes(('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
                      f'<fontconfig>\n  <include ignore_missing="yes">{esc(base)}</include>\n'
                      f'  <include ignore_missing="yes">{esc(FONTS_CONF)}</include>\n</fontconfig>\n').encode())
    return conf


def _fc(args: list[str], env: dict | None = None) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=30, env=env).stdout
    except (OSError, subprocess.SubprocessError):
        return ""


def installed_families() -> set[str]:
    """Every family name (localised ones too) of the installed fonts, from ``fc-list``."""
    return {n.strip() for line in _fc(["fc-list", "-f", "%{family}\\n"]).splitlines() for n in line.split(",")}


def font_substitutes(families=GONGWEN_FONTS) -> list[tuple[str, str]]:
    """(wanted, stand-in) for each of ``families`` that is not installed, the stand-in as LibreOffice
    gets it from fontconfig with xlperf's configuration.  Empty where fontconfig is not used."""
    if not uses_fontconfig() or shutil.which("fc-match") is None:
        return []
    installed = installed_families()
    missing = [f for f in families if f not in installed]
    if not missing:
        return []
    with tempfile.TemporaryDirectory(prefix="xlperf-fc-") as work:
        env = {**os.environ, "FONTCONFIG_FILE": str(fontconfig_file(work))}
        out = []
        for family in missing:
            pattern = f"{family}:lang=zh-cn" + (":weight=bold" if family in _BOLD else "")
            used = _fc(["fc-match", "-f", "%{family[0]}", pattern], env).strip()
            out.append((family, used or "系统默认字体"))
    return out


def _fonts_named(docx: Path) -> set[str]:
    """Font names a Word file's styles, body, headers and footers ask for."""
    try:
        with zipfile.ZipFile(docx) as z:
            parts = [n for n in z.namelist() if re.fullmatch(r"word/(styles|document|footer\d*|header\d*)\.xml", n)]
            texts = [z.read(n)[:5_000_000].decode(errors="replace") for n in parts]
    except (OSError, zipfile.BadZipFile):
        return set()
    return {name for text in texts for name in re.findall(r'w:(?:ascii|hAnsi|eastAsia)="([^"]+)"', text)}


def font_notice(docx: str | Path) -> str | None:
    """One Chinese line saying which 公文 fonts of ``docx`` are not installed and what the PDF shows
    instead; ``None`` when nothing is replaced."""
    named = _fonts_named(Path(docx))
    subs = font_substitutes([f for f in GONGWEN_FONTS if f in named])
    if not subs:
        return None
    return (f"提示：本机未安装{'、'.join(w for w, _ in subs)}，PDF中分别以{'、'.join(u for _, u in subs)}代替"
            "（Word报告不受影响；装上这些字体后PDF与Word一致）")


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
            timeout: float = 180, fonts_notice: bool = False) -> Path:
    """Convert ``src`` with ``soffice --convert-to fmt`` into ``outdir``; return the new file's path.

    ``fonts_notice``: print :func:`font_notice` of ``src`` (a Word file) on stderr, once per process."""
    global _noticed
    soffice = find_soffice()
    if soffice is None:
        raise OfficeError(INSTALL_HINT)
    src, outdir = Path(src), Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    if fonts_notice and not _noticed:
        _noticed = True
        line = font_notice(src)
        if line:
            print(line, file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="xlperf-lo-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_bytes(_RECALC_XCU.encode())
        env = {**os.environ, "HOME": profile}
        if uses_fontconfig():
            env["FONTCONFIG_FILE"] = str(fontconfig_file(profile))
        cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
               "--nolockcheck"]
        if infilter:
            cmd.append(f"--infilter={infilter}")
        cmd += ["--convert-to", fmt, "--outdir", str(outdir), str(src)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                                  env=env)
        except subprocess.TimeoutExpired as exc:
            raise OfficeError(f"LibreOffice 转换超时：{src.name}") from exc
    ext = fmt.partition(":")[0]
    out = outdir / f"{src.stem}.{ext}"
    if proc.returncode != 0 or not out.exists():
        detail = (proc.stderr or proc.stdout or "").strip().splitlines()[-1:] or [""]
        raise OfficeError(f"LibreOffice 转换失败：{src.name} {detail[0]}".strip())
    return out
