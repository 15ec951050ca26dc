"""``xlperf report``: default name, formats, input errors, PDF, and failures that keep the old report."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from report_helpers import EXAMPLE, REPO, docx_text, norm
from xlperf.cli import main

NAME = "中共郑州市金水区委组织部2021年度部门整体绩效自评报告"


@pytest.fixture()
def example(tmp_path):
    path = tmp_path / "example-2021.json"
    shutil.copy(EXAMPLE, path)
    return path


def test_default_is_docx_next_to_the_input(example, capsys):
    assert main(["report", str(example)]) == 0
    out = example.parent / f"{NAME}.docx"
    assert out.is_file() and str(out) in capsys.readouterr().out
    assert "我单位2021年部门整体绩效最终得分为91分" in norm(docx_text(out))
    assert sorted(p.name for p in example.parent.iterdir()) == sorted(["example-2021.json", f"{NAME}.docx"])


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_format_from_option_and_suffix(example, fmt):
    assert main(["report", str(example), "--format", fmt]) == 0
    assert (example.parent / f"{NAME}.{fmt}").is_file()
    out = example.parent / f"r.{fmt}"
    assert main(["report", str(example), "-o", str(out)]) == 0
    assert "得分情况表" in out.read_text(encoding="utf-8")


def test_input_errors_print_problems_and_write_nothing(example, capsys):
    data = json.loads(example.read_text(encoding="utf-8"))
    data["indicators"][0]["manual_score"] = "12"  # more than its 10 points
    example.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert main(["report", str(example)]) == 1
    err = capsys.readouterr().err
    assert "未生成报告" in err and "得分须在0-10之间" in err
    assert [p.name for p in example.parent.iterdir()] == ["example-2021.json"]


def test_pdf_without_libreoffice_says_how_to_get_it(example, capsys, monkeypatch):
    import xlperf.infra.office

    monkeypatch.setattr(xlperf.infra.office, "find_soffice", lambda: None)
    assert main(["report", str(example), "--format", "pdf"]) == 2
    assert "LibreOffice" in capsys.readouterr().err
    assert [p.name for p in example.parent.iterdir()] == ["example-2021.json"]


def test_pdf_with_libreoffice(example):
    assert main(["report", str(example), "--format", "pdf"]) == 0
    pdf = example.parent / f"{NAME}.pdf"
    assert pdf.read_bytes()[:5] == b"%PDF-"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "最终得分为91分" in norm(text)


def test_locked_target_keeps_previous_report(example, capsys, monkeypatch):
    import xlperf.infra.atomic as atomic

    target = example.parent / f"{NAME}.docx"
    target.write_bytes(b"previous report")

    def locked(src, dst):
        raise PermissionError(13, "locked")

    monkeypatch.setattr(atomic.os, "replace", locked)
    assert main(["report", str(example)]) == 2
    assert "被占用" in capsys.readouterr().err
    assert target.read_bytes() == b"previous report"
    assert sorted(p.name for p in example.parent.iterdir()) == sorted(["example-2021.json", target.name])


def test_bad_template_keeps_previous_report(example, capsys):
    target = example.parent / "r.md"
    target.write_text("previous", encoding="utf-8")
    bad = example.parent / "bad.md.j2"
    bad.write_text("{{ nosuch }}\n", encoding="utf-8")
    assert main(["report", str(example), "-o", str(target), "--template", str(bad)]) == 2
    assert "nosuch" in capsys.readouterr().err and target.read_text(encoding="utf-8") == "previous"


def test_unwritable_place_is_a_clear_message(example, capsys):
    assert main(["report", str(example), "-o", str(example / "r.docx")]) == 2
    assert "保存位置不存在" in capsys.readouterr().err


def test_template_kind_must_match_format(example, capsys):
    assert main(["report", str(example), "--format", "docx", "--template",
                 str(REPO / "templates" / "report.md.j2")]) == 2
    assert "不符" in capsys.readouterr().err


def test_workbook_input(tmp_path):
    book = REPO / "workbooks" / "example-2021.xlsx"
    if not book.exists():
        pytest.skip("workbooks/example-2021.xlsx is not built yet (workbook engineer's deliverable)")
    copy = tmp_path / book.name
    shutil.copy(book, copy)
    before = copy.read_bytes()
    assert main(["report", str(copy), "--format", "md", "-o", str(tmp_path / "r.md")]) == 0
    text = norm((tmp_path / "r.md").read_text(encoding="utf-8"))
    assert "最终得分为91分" in text and "预算执行率24%" in text
    assert copy.read_bytes() == before  # the input workbook is never modified


def test_runs_as_a_process(example):
    proc = subprocess.run([sys.executable, "-m", "xlperf.cli", "report", str(example), "--format", "md"],
                          capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONUTF8": "1"})
    assert proc.returncode == 0, proc.stderr
    assert Path(example.parent / f"{NAME}.md").is_file()


def test_output_folder_that_does_not_exist_is_created(tmp_path, capsys):
    """`-o 新文件夹/` (or a name without an extension) is a folder: created, the report named inside it."""
    from xlperf.cli import main

    src = Path(__file__).resolve().parents[1] / "workbooks" / "example-2021.xlsx"
    for arg, folder in ((str(tmp_path / "甲" / "乙") + "/", tmp_path / "甲" / "乙"), (str(tmp_path / "丙"), tmp_path / "丙")):
        assert main(["report", str(src), "-o", arg, "--format", "md"]) == 0
        made = list(folder.iterdir())
        assert folder.is_dir() and [p.suffix for p in made] == [".md"] and "绩效自评报告" in made[0].name
