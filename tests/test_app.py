"""The use-case layer (xlperf/app): one rule for where a report goes, shared by the CLI, the ribbon and
Send To; and a report that builds its context once (the check builds it, the report reuses it)."""

import shutil
from pathlib import Path

import openpyxl
import pytest

import xlperf.excel as X
import xlperf.report.context as context_module
from fakebook import FakeBook
from xlperf.app.reports import report_folder, report_path
from xlperf.cli import main
from xlperf.domain.numbers import InputError
from xlperf.openreport import open_report

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "workbooks" / "example-2021.xlsx"
NAME = "中共郑州市金水区委组织部2021年度部门整体绩效自评报告.docx"  # 单位 + 年度 + 部门整体绩效自评报告


# ------------------------------------------------------------------ where a report goes (one function)


def test_beside_the_workbook_when_settings_name_no_folder(tmp_path):
    assert report_path("r.docx", source=tmp_path / "表.xlsx") == tmp_path / "r.docx"


def test_a_relative_folder_is_taken_from_the_workbooks_folder_and_written_plainly(tmp_path):
    (tmp_path / "wb").mkdir()
    (tmp_path / "报告").mkdir()
    got = report_path("r.docx", source=tmp_path / "wb" / "表.xlsx", output_dir=" ../报告 ")
    assert str(got) == str(tmp_path / "报告" / "r.docx")  # no “..” left in the path the clerk is shown


def test_an_absolute_folder_is_used_as_written_even_for_an_unsaved_workbook(tmp_path):
    assert report_path("r.docx", source=None, output_dir=str(tmp_path)) == tmp_path / "r.docx"
    with pytest.raises(InputError, match="尚未保存"):
        report_path("r.docx", source=None, output_dir="报告")


def test_a_missing_folder_is_refused_naming_it_and_the_setting(tmp_path):
    with pytest.raises(InputError) as err:
        report_path("r.docx", source=tmp_path / "表.xlsx", output_dir="没有的文件夹")
    assert str(tmp_path / "没有的文件夹") in str(err.value) and "“设置”表中的“报告保存位置”" in str(err.value)
    assert report_folder(tmp_path / "表.xlsx", "没有的文件夹") == tmp_path / "没有的文件夹"  # open folder: no check


def test_dash_o_a_folder_is_created_a_file_is_itself(tmp_path):
    assert report_path("r.md", source=tmp_path / "表.xlsx", out=f"{tmp_path}/新建/") == tmp_path / "新建" / "r.md"
    assert (tmp_path / "新建").is_dir()
    assert report_path("r.md", source=tmp_path / "表.xlsx", out=tmp_path / "无扩展名") == tmp_path / "无扩展名" / "r.md"
    assert report_path("r.md", source=tmp_path / "表.xlsx", out=tmp_path / "a.md") == tmp_path / "a.md"


def test_never_over_the_workbook_itself(tmp_path):
    book = tmp_path / "表.xlsx"
    book.write_bytes(b"x")
    with pytest.raises(InputError, match="不能覆盖填报表本身"):
        report_path("r.xlsx", source=book, out=book)
    with pytest.raises(InputError, match="不能覆盖填报表本身"):
        report_path("表.xlsx", source=book)


def _with_folder(tmp_path: Path, folder: str) -> Path:
    """The example in tmp_path/wb with 设置's 报告保存位置 = ``folder``."""
    (tmp_path / "wb").mkdir()
    path = tmp_path / "wb" / EXAMPLE.name
    wb = openpyxl.load_workbook(EXAMPLE)
    sheet, cell = wb.defined_names["报告保存位置"].attr_text.split("!")
    wb[sheet.strip("'")][cell.replace("$", "")] = folder
    wb.save(path)
    return path


def test_cli_ribbon_and_send_to_put_the_report_in_the_same_place(tmp_path, monkeypatch):
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))
    path = _with_folder(tmp_path, "../汇总报告")
    target = tmp_path / "汇总报告"
    target.mkdir()
    assert main(["report", str(path)]) == 0
    cli = sorted(p.name for p in target.iterdir())
    for p in target.iterdir():
        p.unlink()
    assert open_report(path, opener=None).path == target / NAME
    for p in target.iterdir():
        p.unlink()
    book = FakeBook(path)
    monkeypatch.setattr(X, "_caller", lambda: book)
    X.generate_report()
    assert cli == [NAME] and sorted(p.name for p in target.iterdir()) == [NAME]
    assert book.app.alerts[-1]["prompt"].startswith(f"报告已生成：\n{target / NAME}")


# ------------------------------------------------------------------ the context, built once per report


@pytest.fixture
def builds(monkeypatch):
    count = []
    real = context_module._build

    def counting(result):
        count.append(result)
        return real(result)

    monkeypatch.setattr(context_module, "_build", counting)
    return count


def test_the_cli_report_builds_its_context_once(tmp_path, builds):
    assert main(["report", str(EXAMPLE), "-o", str(tmp_path), "--format", "md"]) == 0
    assert len(builds) == 1


def test_send_to_builds_the_context_once(tmp_path, builds):
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    assert open_report(tmp_path / EXAMPLE.name, opener=None).report
    assert len(builds) == 1


def test_check_alone_still_reviews_the_text(tmp_path, builds, capsys):
    """``check`` shows the warnings about the text (a placeholder the data cannot fill) — from one build."""
    path = tmp_path / "t.xlsx"
    wb = openpyxl.load_workbook(EXAMPLE)
    ws = wb["文字材料"]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value and "工作开展" in str(ws.cell(r, 1).value))
    ws.cell(row, 2).value = "本年{不认识的占位符}开展了自评。"
    wb.save(path)
    main(["check", str(path)])
    out = capsys.readouterr().out
    assert "不认识的占位符" in out and len(builds) == 1
