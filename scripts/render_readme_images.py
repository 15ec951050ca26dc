"""Render the README pictures: page 1 of the example's Word report (docs/report-page1.png) and
the example workbook as LibreOffice shows it with native fallbacks (docs/workbook-*.png).

Writes the report from the example (workbook if built, else the JSON), converts it to PDF with
LibreOffice (xlperf.infra.office.convert: private profile, and on Linux the free stand-ins for the 公文
fonts of xlperf/data/fonts/gongwen.conf) and renders page 1 with ``pdftoppm -r 60 -f 1 -l 1 -png``.  Run: ``.venv/bin/python scripts/render_readme_images.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def report_page1(out: Path = ROOT / "docs" / "report-page1.png") -> Path:
    from xlperf.app.load import load_checked
    from xlperf.infra.office import convert
    from xlperf.report.context import build_context
    from xlperf.report.render import write_report

    book = ROOT / "workbooks" / "example-2021.xlsx"
    src = book if book.exists() else ROOT / "xlperf" / "data" / "example-2021.json"
    _, _, result, problems = load_checked(src)
    if result is None:
        raise SystemExit("\n".join(map(str, problems)))
    ctx, _ = build_context(result)
    with tempfile.TemporaryDirectory(prefix="xlperf-img-") as work:
        docx = write_report(ctx, Path(work) / "report.docx", "docx")
        pdf = convert(docx, "pdf", Path(work))
        subprocess.run(["pdftoppm", "-r", "60", "-f", "1", "-l", "1", "-png", str(pdf), str(Path(work) / "page")],
                       check=True)
        png = next(Path(work).glob("page*.png"))
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp = out.with_suffix(".tmp.png")
        shutil.copyfile(png, tmp)
        tmp.replace(out)
    return out


def _page_of(pdf: Path, title: str) -> int:
    """The first PDF page whose text starts with the sheet title ``title``."""
    pages = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
        if line.startswith("Pages:")))
    for n in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout.strip()
        if text.startswith(title):
            return n
    raise SystemExit(f"no page titled {title}")


def workbook_pictures(outdir: Path = ROOT / "docs") -> list[Path]:
    """The 指标评分 and 总评 sheets of the example workbook, recalculated by LibreOffice (so the
    native fallbacks, not Python, computed every figure), cropped to their content."""
    from PIL import Image, ImageChops

    from xlperf.infra.office import convert

    out = []
    with tempfile.TemporaryDirectory(prefix="xlperf-img-") as work:
        pdf = convert(ROOT / "workbooks" / "example-2021.xlsx", "pdf", Path(work))
        for title, name, dpi in (("指标评分", "workbook-indicators.png", 130), ("总评", "workbook-summary.png", 110)):
            n = _page_of(pdf, title)
            stem = Path(work) / name.removesuffix(".png")
            subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(n), "-l", str(n), "-png", "-singlefile",
                            str(pdf), str(stem)], check=True)
            img = Image.open(f"{stem}.png").convert("RGB")
            # the page footer ("总评  第6页，共9页") is not part of the sheet: leave the bottom band out
            body = img.crop((0, 0, img.width, int(img.height * 0.92)))
            bbox = ImageChops.difference(body, Image.new("RGB", body.size, "white")).getbbox()
            if bbox:
                l, t, r, b = bbox
                img = img.crop((max(l - 12, 0), max(t - 12, 0), min(r + 12, img.width), min(b + 12, img.height)))
            target = outdir / name
            tmp = target.with_suffix(".tmp.png")
            img.save(tmp)
            tmp.replace(target)
            out.append(target)
    return out


def main() -> None:
    print(report_page1())
    for p in workbook_pictures():
        print(p)


if __name__ == "__main__":
    main()
