"""The Word report on paper (GB/T 9704-2012 党政机关公文格式), checked in the .docx XML and in the PDF
LibreOffice makes of it (pdftotext -bbox, pdftohtml -xml, pdffonts).

Expected values come from the standard: A4 with margins 37/35/28/26 mm (text area 156 × 225 mm), 22
lines of 28 characters of 3号 (16pt) text, page numbers "— 1 —" in 4号 (14pt) 宋体, odd pages right and
even pages left, one character in from the edge; headings never alone at the foot of a page; the
title broken between the unit and the rest.  The PDFs are made once per module (LibreOffice takes
seconds per start): the example workbook and the example with a long unit name, each by the CLI.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from pathlib import Path

import pytest

from report_helpers import EXAMPLE, REPO, context_of
from xlperf.infra import office
from xlperf.report.render import write_report

WORKBOOK = REPO / "workbooks" / "example-2021.xlsx"
LONG_UNIT = "郑州市金水区城市管理和综合执法局"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
XH = "{http://www.w3.org/1999/xhtml}"

PT_PER_MM = 72 / 25.4
PAGE_W, PAGE_H = 210 * PT_PER_MM, 297 * PT_PER_MM
TOP, BOTTOM, LEFT, RIGHT = (m * PT_PER_MM for m in (37, 35, 28, 26))
AREA_W, AREA_H = PAGE_W - LEFT - RIGHT, PAGE_H - TOP - BOTTOM  # 156 × 225 mm
HEADING_STYLES = {"公文标题", "一级标题", "二级标题", "三级标题", "表格标题"}
GONGWEN = ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体")
# the free stand-ins .ci/run installs on Debian (fonts-noto-cjk, fonts-arphic-uming, fonts-arphic-ukai)
STAND_INS = {"方正小标宋简体": "Noto Serif CJK SC", "仿宋_GB2312": "AR PL UMing CN", "黑体": "Noto Sans CJK SC",
             "楷体_GB2312": "AR PL UKai CN", "宋体": "Noto Serif CJK SC"}


def twips(mm: float) -> int:
    return round(mm / 25.4 * 1440)


# --------------------------------------------------------------------------- fixtures


def _cli_pdf(src: Path, out: Path) -> str:
    """``xlperf report SRC -o OUT`` in its own process (as a clerk runs it); its stderr."""
    proc = subprocess.run([sys.executable, "-m", "xlperf.cli", "report", str(src), "-o", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0 and out.is_file(), proc.stderr
    return proc.stderr


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    work = tmp_path_factory.mktemp("paper")
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["unit"] = LONG_UNIT
    long_src = work / "long.json"
    long_src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    stderr = _cli_pdf(WORKBOOK, work / "example.pdf")
    _cli_pdf(long_src, work / "long.pdf")
    return {"example": work / "example.pdf", "long": work / "long.pdf", "stderr": stderr}


@pytest.fixture(scope="module")
def docx(tmp_path_factory):
    """The example's Word report (no LibreOffice), unzipped: {part name: XML root}."""
    path = write_report(context_of(EXAMPLE)[0], tmp_path_factory.mktemp("docx") / "r.docx", "docx")
    with zipfile.ZipFile(path) as z:
        parts = {n: ET.fromstring(z.read(n)) for n in z.namelist() if n.startswith("word/") and n.endswith(".xml")}
    return path, parts


# --------------------------------------------------------------------------- PDF reading


def rows(pdf: Path) -> list[list[dict]]:
    """Per page, the text rows top to bottom: words grouped by their top edge, each row with its
    box and its text (words joined without spaces)."""
    xml = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(xml)
    pages = []
    for page in root.iter(f"{XH}page"):
        words = [(float(w.get("yMin")), float(w.get("xMin")), float(w.get("xMax")), float(w.get("yMax")), w.text or "")
                 for w in page.iter(f"{XH}word")]
        out: list[dict] = []
        for y, x0, x1, y1, text in sorted(words):
            if out and abs(out[-1]["y"] - y) < 1:
                row = out[-1]
                row["words"].append((x0, x1, text))
                row["x1"] = max(row["x1"], x1)
            else:
                out.append({"y": y, "y1": y1, "x0": x0, "x1": x1, "words": [(x0, x1, text)]})
        for row in out:
            row["words"].sort()
            row["x0"] = row["words"][0][0]
            row["text"] = "".join(t for _, _, t in row["words"])
            row["h"] = row["y1"] - row["y"]
        pages.append(out)
    return pages


def body_rows(page: list[dict]) -> list[dict]:
    """Rows of 3号 (16pt) text inside the text area (glyph boxes of 16pt text are about 20.8pt high)."""
    return [r for r in page if 19.5 < r["h"] < 22 and r["y"] >= TOP - 2 and r["y1"] <= PAGE_H - BOTTOM + 2]


def footer_row(page: list[dict]) -> dict:
    below = [r for r in page if r["y"] > PAGE_H - BOTTOM]
    assert len(below) == 1, below
    return below[0]


CJK_ONLY = re.compile(r"[\u3001-\u303f\u4e00-\u9fff\uff01-\uff5e]+")  # ideographs, 、。《》…, full-width forms


# --------------------------------------------------------------------------- 1. 22 lines × 28 characters


def test_docx_page_and_type_area_give_22_lines_of_28_characters(docx):
    _, parts = docx
    sect = parts["word/document.xml"].find(f"{W}body/{W}sectPr")
    size, margins = sect.find(f"{W}pgSz"), sect.find(f"{W}pgMar")
    assert (int(size.get(f"{W}w")), int(size.get(f"{W}h"))) == (twips(210), twips(297))
    assert [int(margins.get(f"{W}{k}")) for k in ("top", "bottom", "left", "right")] == \
        [twips(37), twips(35), twips(28), twips(26)]
    normal = next(s for s in parts["word/styles.xml"].iter(f"{W}style") if s.get(f"{W}styleId") == "Normal")
    spacing = normal.find(f"{W}pPr/{W}spacing")
    assert spacing.get(f"{W}lineRule") == "exact"
    line = int(spacing.get(f"{W}line"))  # twips
    char = int(normal.find(f"{W}rPr/{W}sz").get(f"{W}val")) * 10  # half-points → twips
    assert char == 320  # 3号
    condensed = normal.find(f"{W}rPr/{W}spacing")
    pitch = char + (int(condensed.get(f"{W}val")) if condensed is not None else 0)  # twentieths of a point
    height, width = twips(297) - twips(37) - twips(35), twips(210) - twips(28) - twips(26)
    assert height // line == 22 and width // pitch == 28


def test_full_body_lines_hold_28_characters(paper):
    counts = Counter()
    for page in rows(paper["example"]):
        for r in body_rows(page):
            # a whole line: starts at the left edge (not a first line), reaches the right edge, only Chinese
            if abs(r["x0"] - LEFT) < 1.5 and r["x1"] > PAGE_W - RIGHT - 8 and CJK_ONLY.fullmatch(r["text"]):
                n = len(r["text"])
                if r["x1"] > PAGE_W - RIGHT + 2 and r["text"][-1] in "。，、；：？！":
                    n -= 1  # 标点悬挂: a closing mark may hang in the margin, outside the 28
                counts[n] += 1
    assert sum(counts.values()) >= 10, counts
    assert max(counts) == 28 and counts.most_common(1)[0][0] == 28, counts


def test_full_pages_hold_22_body_lines(paper):
    pages = [body_rows(p) for p in rows(paper["example"])]
    assert max(len(p) for p in pages) == 22
    assert sum(len(p) == 22 for p in pages) >= 2, [len(p) for p in pages]
    steps = Counter(round(b["y"] - a["y"], 1) for p in pages for a, b in zip(p, p[1:]))
    pitch = steps.most_common(1)[0][0]
    assert AREA_H / 23 < pitch <= AREA_H / 22, steps
    for p in pages:
        if len(p) == 22:  # a full page starts at the top of the text area and ends at its foot
            assert TOP <= p[0]["y"] < TOP + 10 and PAGE_H - BOTTOM - 12 < p[-1]["y1"] <= PAGE_H - BOTTOM


# --------------------------------------------------------------------------- 2. page numbers


def test_docx_page_numbers_odd_right_even_left(docx):
    path, parts = docx
    assert parts["word/settings.xml"].find(f"{W}evenAndOddHeaders") is not None
    with zipfile.ZipFile(path) as z:
        rels = ET.fromstring(z.read("word/_rels/document.xml.rels"))
    target = {r.get("Id"): "word/" + r.get("Target") for r in rels}
    sect = parts["word/document.xml"].find(f"{W}body/{W}sectPr")
    refs = {r.get(f"{W}type"): r.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
            for r in sect.findall(f"{W}footerReference")}
    assert set(refs) == {"default", "even"}
    one_char = 14 * 20  # one 4号 character, twips
    for kind, side, indent in (("default", "right", "right"), ("even", "left", "left")):
        footer = parts[target[refs[kind]]]
        (p,) = footer.findall(f"{W}p")
        assert p.find(f"{W}pPr/{W}jc").get(f"{W}val") == side
        ind = p.find(f"{W}pPr/{W}ind")
        assert int(ind.get(f"{W}{indent}")) == one_char
        runs = p.findall(f"{W}r")
        text = "".join(t.text for r in runs for t in r.findall(f"{W}t"))
        assert text == "— 1 —"  # the PAGE field's cached value between two 一字线
        assert "PAGE" in "".join(i.text for r in runs for i in r.findall(f"{W}instrText"))
        for r in runs:
            assert r.find(f"{W}rPr/{W}sz").get(f"{W}val") == "28"  # 4号 = 14pt
            assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}eastAsia") == "宋体"
            assert r.find(f"{W}rPr/{W}rFonts").get(f"{W}ascii") == "宋体"


def test_pdf_page_numbers_odd_right_even_left(paper):
    pages = rows(paper["example"])
    assert len(pages) >= 3
    for n, page in enumerate(pages, 1):
        row = footer_row(page)
        assert row["text"] == f"—{n}—"
        if n % 2:  # right, one 14pt character in from the right edge of the text area
            assert row["x0"] > PAGE_W / 2 and abs(row["x1"] - (PAGE_W - RIGHT - 14)) < 2.5, row
        else:
            assert row["x1"] < PAGE_W / 2 and abs(row["x0"] - (LEFT + 14)) < 2.5, row
        # 一字线 about 7 mm below the text area
        assert 3 * PT_PER_MM < row["y"] - (PAGE_H - BOTTOM) < 11 * PT_PER_MM, row


# --------------------------------------------------------------------------- 3. headings keep with next


def _keeps_with_next(para) -> bool:
    if para.paragraph_format.keep_with_next is not None:
        return para.paragraph_format.keep_with_next
    style = para.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return style.paragraph_format.keep_with_next
        style = style.base_style
    return False


HEADING_TEXT = re.compile(r"[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.\D")


def _headings(path):
    from docx import Document

    doc = Document(str(path))
    return [p for p in doc.paragraphs
            if p.style.name in HEADING_STYLES or (HEADING_TEXT.match(p.text) and len(p.text) < 30)]


def test_every_heading_keeps_with_the_next_paragraph(docx):
    heads = _headings(docx[0])
    assert sum(p.style.name == "一级标题" for p in heads) == 8  # 一、 … 八、
    assert sum(p.style.name == "二级标题" for p in heads) >= 4 and sum(p.style.name == "三级标题" for p in heads) >= 3
    loose = [p.text for p in heads if not _keeps_with_next(p)]
    assert loose == []


def test_no_page_ends_with_a_heading(paper, docx):
    heads = {re.sub(r"\s", "", p.text) for p in _headings(docx[0])}
    assert "四、绩效目标实现情况分析" in heads  # the one that stood alone at the foot of page 3 before
    pages = [[r for r in p if r["y1"] <= PAGE_H - BOTTOM + 2] for p in rows(paper["example"])]
    last = [p[-1]["text"] for p in pages[:-1]]
    assert not set(last) & heads, last


# --------------------------------------------------------------------------- 4. the title's line break


def _title_rows(pdf: Path) -> list[str]:
    first = rows(pdf)[0]
    return [r["text"] for r in first if r["h"] > 25 and r["y"] < TOP + 120]  # 2号 (22pt) lines


def test_title_breaks_after_the_unit(paper):
    assert _title_rows(paper["example"]) == ["中共郑州市金水区委组织部", "2021年度部门整体绩效自评报告"]
    assert _title_rows(paper["long"]) == [LONG_UNIT, "2021年度部门整体绩效自评报告"]


@pytest.mark.parametrize("unit,expect", [
    ("区财政局", ["区财政局2021年度部门整体绩效自评报告"]),  # 16 characters and 4 digits: one 2号 line holds 20
    ("中共郑州市金水区委组织部", ["中共郑州市金水区委组织部", "2021年度部门整体绩效自评报告"]),
    (LONG_UNIT + "机关服务中心后勤保障科", [LONG_UNIT + "机关服务中心后勤保障科", "2021年度部门整体绩效自评报告"]),
], ids=["short", "example", "unit-longer-than-a-line"])
def test_docx_title_line_break(tmp_path, unit, expect):
    from dataclasses import replace

    from docx import Document

    ctx = context_of(EXAMPLE)[0]
    ctx = replace(ctx, unit=unit, title=ctx.title.replace(ctx.unit, unit))
    path = write_report(ctx, tmp_path / "t.docx", "docx", chart=False)
    title = next(p for p in Document(str(path)).paragraphs if p.style.name == "公文标题")
    assert title.text.split("\n") == expect
    assert len(title._p.findall(f".//{W}br")) == len(expect) - 1


# --------------------------------------------------------------------------- 5. fonts in the PDF


def _stand_ins_apply() -> bool:
    installed = office.installed_families()
    if set(GONGWEN) & installed:
        pytest.skip("本机装有公文字体，PDF不用替代字体")
    return True


def _key(family: str) -> str:
    """Family name → what the PDF's font name holds: AR PL UMing CN → uming, Noto Serif CJK SC → notoserifcjk."""
    k = re.sub(r"[^a-z]", "", family.lower())
    return re.sub(r"^arpl|(cn|sc)$", "", k)


def test_pdf_uses_the_stand_ins_and_headings_differ_from_body(paper):
    _stand_ins_apply()
    pdf = paper["example"]
    xml = subprocess.run(["pdftohtml", "-xml", "-i", "-stdout", "-f", "1", "-l", "1", str(pdf)],
                         capture_output=True, text=True, check=True).stdout
    root = ET.fromstring(xml)
    family = {f.get("id"): f.get("family") for f in root.iter("fontspec")}
    font_of = {}
    for t in root.iter("text"):
        font_of.setdefault("".join(t.itertext()).strip(), family[t.get("font")])

    def find(prefix):
        return next(f for text, f in font_of.items() if text.startswith(prefix))

    title, h1, h2, body = (find("中共郑州市金水区委组织部"), find("一、基本情况"), find("（一）部门年度"),
                           find("部门年度履职目标"))
    assert len({title, h1, h2, body}) == 4, (title, h1, h2, body)
    for got, wanted in ((title, "方正小标宋简体"), (h1, "黑体"), (h2, "楷体_GB2312"), (body, "仿宋_GB2312")):
        assert _key(STAND_INS[wanted]) in got.lower(), (wanted, got)
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    title_font = next(line.split()[0] for line in fonts.splitlines() if line.startswith(title.split("+")[0] + "+"))
    assert "Bold" in title_font  # 小标宋 is a heavy face: the bold Noto Serif


def test_substituted_fonts_are_named_once(paper):
    _stand_ins_apply()
    lines = [ln for ln in paper["stderr"].splitlines() if "本机未安装" in ln]
    assert len(lines) == 1, paper["stderr"]
    assert f"本机未安装{'、'.join(GONGWEN)}，PDF中分别以{'、'.join(STAND_INS[f] for f in GONGWEN)}代替" in lines[0]


FAKE_SOFFICE = """#!/bin/sh
# stands in for LibreOffice: notes FONTCONFIG_FILE and writes an empty "PDF" where soffice would
while [ $# -gt 0 ]; do
  case "$1" in --outdir) out="$2"; shift;; *) src="$1";; esac
  shift
done
echo "${FONTCONFIG_FILE:-none}" >> "$XLPERF_FAKE_LOG"
[ -n "$FONTCONFIG_FILE" ] && cat "$FONTCONFIG_FILE" >> "$XLPERF_FAKE_LOG"
name=$(basename "$src"); printf '%%PDF-1.4\\n' > "$out/${name%.*}.pdf"
"""


@pytest.fixture()
def fake_soffice(tmp_path, monkeypatch):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "soffice"
    script.write_text(FAKE_SOFFICE, encoding="utf-8")
    script.chmod(0o755)
    monkeypatch.setattr(office, "find_soffice", lambda: str(script))
    log = tmp_path / "log.txt"
    monkeypatch.setenv("XLPERF_FAKE_LOG", str(log))
    monkeypatch.delenv("FONTCONFIG_FILE", raising=False)
    monkeypatch.setattr(office, "_noticed", False)
    return log


def test_fontconfig_file_only_for_our_soffice_and_notice_once(docx, fake_soffice, tmp_path, capsys):
    _stand_ins_apply()
    for i in range(2):
        office.convert(docx[0], "pdf", tmp_path / f"out{i}", fonts_notice=True)
    err = capsys.readouterr().err
    assert err.count("本机未安装") == 1 and "仿宋_GB2312" in err
    log = fake_soffice.read_text(encoding="utf-8")
    assert log.count("/etc/fonts/fonts.conf") == 2 and log.count(str(office.FONTS_CONF)) == 2
    assert log.index("/etc/fonts/fonts.conf") < log.index(str(office.FONTS_CONF))  # system first, then ours
    assert "FONTCONFIG_FILE" not in os.environ


def test_no_fontconfig_file_on_windows(docx, fake_soffice, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(office.sys, "platform", "win32")
    office.convert(docx[0], "pdf", tmp_path, fonts_notice=True)
    assert fake_soffice.read_text(encoding="utf-8").split() == ["none"]
    assert "本机未安装" not in capsys.readouterr().err


def test_installed_fonts_come_before_the_stand_ins():
    """gongwen.conf only adds fonts after the one asked for (<accept>), never before it (<prefer>)."""
    root = ET.parse(office.FONTS_CONF).getroot()
    aliases = root.findall("alias")
    named = {a.find("family").text for a in aliases}
    assert set(GONGWEN) <= named
    assert all(a.find("accept") is not None and a.find("prefer") is None for a in aliases)


def test_font_conf_ships_with_the_package_and_ci_installs_the_stand_ins():
    import fnmatch

    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = data["tool"]["setuptools"]["package-data"]["xlperf"]
    rel = office.FONTS_CONF.relative_to(REPO / "xlperf").as_posix()
    assert any(fnmatch.fnmatch(rel, p) for p in patterns), patterns
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    for package in ("fonts-noto-cjk", "fonts-arphic-uming", "fonts-arphic-ukai"):
        assert f"need+=({package})" in ci
