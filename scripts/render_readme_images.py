"""Render page 1 of the example's Word report to docs/report-page1.png for the README.

Writes the report from the example (workbook if built, else the JSON), converts it to PDF with
LibreOffice (xlperf.office.convert, private profile) and renders page 1 with
``pdftoppm -r 60 -f 1 -l 1 -png``.  Run: ``.venv/bin/python scripts/render_readme_images.py``.
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
    from xlperf.load import load_checked
    from xlperf.office import convert
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


def main() -> None:
    print(report_page1())


if __name__ == "__main__":
    main()
