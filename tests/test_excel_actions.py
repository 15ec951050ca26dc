"""The ribbon actions (xlperf/excel.py), driven on Linux through a stand-in xlwings book."""

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import openpyxl
import pytest
from docx import Document

import xlperf.excel as X
from fakebook import FakeBook, fills, snapshot
from xlperf.workbook import layout as L

ROOT = Path(__file__).resolve().parent.parent
WORKBOOKS = ROOT / "workbooks"
UNIT = "中共郑州市金水区委组织部"
RED = X.ERROR_RGB
YELLOW = X.WARNING_RGB
#: the example keeps the reference report's leftover instruction in 五 (to regenerate that report): its one warning
LEFTOVER = "包括绩效目标未完成原因和下一步改进措施，执行中存在的问题、原因和改进措施。"
LEFTOVER_CELL = next(("文字材料", c.coordinate) for row in openpyxl.load_workbook(WORKBOOKS / "example-2021.xlsx")["文字材料"]
                     .iter_rows() for c in row if c.value == LEFTOVER)


@pytest.fixture(autouse=True)
def log_dir(tmp_path, monkeypatch):
    d = tmp_path / "log"
    monkeypatch.setenv("XLPERF_LOG_DIR", str(d))
    return d


@pytest.fixture
def opened(monkeypatch):
    calls = []
    monkeypatch.setattr(X, "_open_path", calls.append)
    return calls


def book_from(tmp_path, monkeypatch, name="example-2021.xlsx", edit=None, **kw):
    folder = tmp_path / "wb"
    folder.mkdir(exist_ok=True)
    path = Path(shutil.copy(WORKBOOKS / name, folder / name))
    book = FakeBook(path, **kw)
    if edit:
        edit(book.wb)
    book.app.status_bar = "原来的状态栏"
    book.app.status_history.clear()
    monkeypatch.setattr(X, "_caller", lambda: book)
    return book


def reports(folder: Path):
    return sorted(p.name for p in folder.iterdir() if p.suffix == ".docx")


def leftovers(folder: Path):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def result_rows(book):
    ws = book.wb[X.RESULT_SHEET]
    return [[ws.cell(r, c).value for c in range(1, 5)] for r in range(X.RESULT_HEADER_ROW + 1, ws.max_row + 1)
            if ws.cell(r, 1).value]


def restored(book):
    assert book.app.status_bar == "原来的状态栏"
    assert book.app.screen_updating is True


# ------------------------------------------------------------------ 生成报告


def test_generate_report_on_the_example(tmp_path, monkeypatch, opened):
    book = book_from(tmp_path, monkeypatch)
    book.app.answers = ["yes"]
    before = snapshot(book)
    X.generate_report()
    folder = tmp_path / "wb"
    assert reports(folder) == [f"{UNIT}2021年度部门整体绩效自评报告.docx"]
    path = folder / reports(folder)[0]
    text = "\n".join(p.text for p in Document(str(path)).paragraphs)
    assert UNIT in text
    # one yes/no box, and the report was opened because the clerk said yes
    assert [a["buttons"] for a in book.app.alerts] == ["yes_no"]
    assert str(path) in book.app.alerts[0]["prompt"]
    assert opened == [path]
    # the path is in the workbook, in the named cell
    ref = book.wb.defined_names[L.REPORT_PATH_NAME].attr_text
    sheet, cell = ref.split("!")
    assert book.wb[sheet.strip("'")][cell.replace("$", "")].value == str(path)
    # progress was shown, then the status bar given back
    assert any("生成报告" in str(s) for s in book.app.status_history)
    restored(book)
    # nothing else changed (the report path cell is the action's own)
    after = snapshot(book, skip=(X.RESULT_SHEET,))
    after.pop((sheet.strip("'"), cell.replace("$", "")), None)
    before.pop((sheet.strip("'"), cell.replace("$", "")), None)
    assert after == before
    assert leftovers(folder) == []


def test_saying_no_does_not_open(tmp_path, monkeypatch, opened):
    book = book_from(tmp_path, monkeypatch)
    X.generate_report()
    assert opened == [] and len(reports(tmp_path / "wb")) == 1


def test_report_goes_where_settings_say(tmp_path, monkeypatch, opened):
    out = tmp_path / "reports"
    out.mkdir()

    def edit(wb):
        sheet, cell = wb.defined_names["报告保存位置"].attr_text.split("!")
        wb[sheet.strip("'")][cell.replace("$", "")] = str(out)

    X_book = book_from(tmp_path, monkeypatch, edit=edit)
    X.generate_report()
    assert len(reports(out)) == 1 and reports(tmp_path / "wb") == []
    assert [a["buttons"] for a in X_book.app.alerts] == ["yes_no"]


def test_existing_report_path_name_is_used_even_on_a_protected_sheet(tmp_path, monkeypatch, opened):
    from openpyxl.workbook.defined_name import DefinedName

    def edit(wb):
        wb.defined_names[L.REPORT_PATH_NAME] = DefinedName(L.REPORT_PATH_NAME, attr_text="'设置'!$B$90")

    book = book_from(tmp_path, monkeypatch, edit=edit)
    ws = book.wb["设置"]
    assert ws.protection.sheet and ws["B90"].protection.locked and ws["B90"].value is None
    protection = (ws.protection.sheet, ws.protection.insertRows, ws.protection.formatCells)
    X.generate_report()
    assert ws["B90"].value == str(tmp_path / "wb" / reports(tmp_path / "wb")[0])
    assert (ws.protection.sheet, ws.protection.insertRows, ws.protection.formatCells) == protection
    assert X.RESULT_SHEET in book.wb.sheetnames  # the problem list (empty) is still written


def _text_in_number(wb):
    wb["指标评分"]["H25"] = "约95"


def _deleted_sheet(wb):
    del wb["预算资金"]


def _renamed_header(wb):
    wb["指标评分"]["H3"] = "实际值"


@pytest.mark.parametrize("edit, where, link_target", [
    (_text_in_number, "指标评分!H25", "'指标评分'!H25"),
    (_deleted_sheet, "预算资金", None),
    (_renamed_header, "指标评分", "'指标评分'!A1"),
])
def test_broken_workbook_lists_problems_and_writes_no_report(tmp_path, monkeypatch, opened, edit, where,
                                                             link_target):
    book = book_from(tmp_path, monkeypatch, edit=edit)
    before = snapshot(book)
    X.generate_report()
    assert reports(tmp_path / "wb") == []
    assert len(book.app.alerts) == 1
    box = book.app.alerts[0]
    assert box["mode"] == "critical" and X.RESULT_SHEET in box["prompt"]
    assert re.search(r"发现\d+个错误", box["prompt"])
    rows = result_rows(book)
    assert rows and all(r[0] in ("错误", "警告") for r in rows)
    cells = [r[1] for r in rows]
    if link_target:
        assert f'=HYPERLINK("#{link_target}","{where}")' in cells
    else:
        assert where in cells
    assert book.active == X.RESULT_SHEET
    assert snapshot(book, skip=(X.RESULT_SHEET,)) == before
    restored(book)


def test_problem_cells_are_highlighted_and_unhighlighted(tmp_path, monkeypatch, opened):
    book = book_from(tmp_path, monkeypatch, edit=_text_in_number)
    ws = book.wb["指标评分"]
    original = fills(book)
    def protection():
        p = ws.protection
        return p.sheet, p.insertRows, p.deleteRows, p.formatCells, p.formatColumns, p.objects, p.scenarios

    # 指标评分 ships unprotected (clerks insert and delete rows); a clerk may protect it: the
    # highlight must still work and leave the protection as it was
    ws.protection.sheet, ws.protection.formatCells = True, True
    before = protection()
    X.generate_report()
    after = fills(book, skip=(X.RESULT_SHEET,))
    changed = {k for k in after if after[k] != original.get(k)}
    assert changed == {("指标评分", "H25"), LEFTOVER_CELL} and after[("指标评分", "H25")] == RED
    assert after[LEFTOVER_CELL] == YELLOW  # the example's one warning (an instruction phrase)
    assert protection() == before
    # the clerk fixes the cell: the next run gives back the yellow input colour and nothing else
    ws["H25"] = 1
    X.validate()
    assert fills(book, skip=(X.RESULT_SHEET,)) == {k: v for k, v in original.items() if k[0] != X.RESULT_SHEET} | \
        {LEFTOVER_CELL: YELLOW}
    assert book.app.alerts[-1]["prompt"] == "发现1个提示，详见“校验结果”工作表。"


def test_a_colour_the_clerk_changed_is_left_alone(tmp_path, monkeypatch, opened):
    from openpyxl.styles import PatternFill

    book = book_from(tmp_path, monkeypatch, edit=_text_in_number)
    X.validate()
    ws = book.wb["指标评分"]
    assert fills(book)[("指标评分", "H25")] == RED
    ws["H25"].fill = PatternFill("solid", fgColor="FF00B050")
    ws["H25"] = 1
    X.validate()
    assert fills(book)[("指标评分", "H25")] == (0, 176, 80)


def test_blank_form_names_the_required_fields(tmp_path, monkeypatch, opened):
    book = book_from(tmp_path, monkeypatch, name="xlperf-form.xlsx")
    X.generate_report()
    assert reports(tmp_path / "wb") == []
    labels = {r[2] for r in result_rows(book)}
    assert "单位名称" in labels and "年度" in labels
    assert len(book.app.alerts) == 1


# ------------------------------------------------------------------ failures


def test_report_locked_by_word_keeps_the_previous_file(tmp_path, monkeypatch, opened):
    book = book_from(tmp_path, monkeypatch)
    X.generate_report()
    folder = tmp_path / "wb"
    path = folder / reports(folder)[0]
    old = path.read_bytes()

    def refuse(src, dst):
        raise PermissionError(13, "Permission denied", str(dst))

    monkeypatch.setattr(os, "replace", refuse)
    book.app.alerts.clear()
    X.generate_report()
    assert path.read_bytes() == old
    assert len(book.app.alerts) == 1
    assert "被占用" in book.app.alerts[0]["prompt"] and "原文件未改动" in book.app.alerts[0]["prompt"]
    assert leftovers(folder) == []
    restored(book)


def test_unexpected_failure_is_one_short_box_and_a_log_entry(tmp_path, monkeypatch, log_dir):
    book = book_from(tmp_path, monkeypatch)

    def boom(book):
        raise RuntimeError("内部错误 xyz")

    monkeypatch.setattr(X, "check_book", boom)
    X.generate_report()
    assert len(book.app.alerts) == 1
    prompt = book.app.alerts[0]["prompt"]
    assert "意外错误" in prompt and str(log_dir / "xlperf.log") in prompt
    assert "Traceback" not in prompt and "xyz" not in prompt
    log = (log_dir / "xlperf.log").read_text(encoding="utf-8")
    assert "Traceback" in log and "RuntimeError: 内部错误 xyz" in log and "生成报告" in log
    restored(book)


def test_no_workbook_still_gives_a_message(monkeypatch, capsys, log_dir):
    def no_book():
        raise RuntimeError("Book.caller() outside Excel")

    monkeypatch.setattr(X, "_caller", no_book)
    X.validate()
    assert "意外错误" in capsys.readouterr().err
    assert "Book.caller() outside Excel" in (log_dir / "xlperf.log").read_text(encoding="utf-8")


def test_unsaved_workbook_asks_to_save(tmp_path, monkeypatch, opened):
    book = book_from(tmp_path, monkeypatch, fullname="工作簿1")
    X.generate_report()
    assert len(book.app.alerts) == 1 and "保存" in book.app.alerts[0]["prompt"]
    assert reports(tmp_path / "wb") == []
    restored(book)


# ------------------------------------------------------------------ pressed twice


def test_a_fresh_lock_means_busy_and_a_stale_one_is_ignored(tmp_path, monkeypatch, opened):
    book = book_from(tmp_path, monkeypatch)
    folder = tmp_path / "wb"
    lock = folder / f".~{UNIT}2021年度部门整体绩效自评报告.xlperf-lock"
    lock.write_text("1 now")
    X.generate_report()
    assert reports(folder) == [] and "正在生成" in book.app.alerts[-1]["prompt"]
    old = time.time() - X.LOCK_STALE_SECONDS - 60
    os.utime(lock, (old, old))
    X.generate_report()
    assert len(reports(folder)) == 1 and not lock.exists()


def test_two_presses_at_once_make_one_report(tmp_path, monkeypatch, opened):
    import xlperf.report.render as render

    first = book_from(tmp_path, monkeypatch)
    second = FakeBook(first.path)
    books = {"first": first, "second": second}
    monkeypatch.setattr(X, "_caller", lambda: books[threading.current_thread().name])
    started, release = threading.Event(), threading.Event()
    real = render.write_report
    written = []

    def slow(*args, **kw):
        started.set()
        release.wait(10)
        written.append(args[1])
        return real(*args, **kw)

    monkeypatch.setattr(render, "write_report", slow)
    t1 = threading.Thread(target=X.generate_report, name="first")
    t1.start()
    assert started.wait(30)
    t2 = threading.Thread(target=X.generate_report, name="second")
    t2.start()
    t2.join(30)
    release.set()
    t1.join(30)
    folder = tmp_path / "wb"
    assert len(written) == 1 and len(reports(folder)) == 1
    assert "正在生成" in second.app.alerts[0]["prompt"]
    assert first.app.alerts[0]["buttons"] == "yes_no"
    assert leftovers(folder) == []
    Document(str(folder / reports(folder)[0]))  # a whole, readable file


# ------------------------------------------------------------------ the other buttons


def test_validate_example_warns_once(tmp_path, monkeypatch):
    """The example's only problem: the reference report's leftover instruction in 五, a warning at its cell."""
    book = book_from(tmp_path, monkeypatch)
    before = snapshot(book)
    X.validate()
    assert [a["prompt"] for a in book.app.alerts] == ["发现1个提示，详见“校验结果”工作表。"]
    cell = "文字材料!" + LEFTOVER_CELL[1]
    assert [r[1:] for r in result_rows(book)] == [[f'=HYPERLINK("#\'文字材料\'!{LEFTOVER_CELL[1]}","{cell}")', "文字材料",
                                                   "本段像是填写说明，请改写为本单位情况或删除"]]
    assert snapshot(book, skip=(X.RESULT_SHEET,)) == before
    assert reports(tmp_path / "wb") == []
    restored(book)


def test_validate_twice_replaces_the_list(tmp_path, monkeypatch):
    book = book_from(tmp_path, monkeypatch, edit=_deleted_sheet)
    X.validate()
    first = result_rows(book)
    X.validate()
    assert result_rows(book) == first and len(book.app.alerts) == 2
    assert re.fullmatch(r"发现\d+个错误.*详见“校验结果”工作表。", book.app.alerts[0]["prompt"])


def test_open_report_folder(tmp_path, monkeypatch, opened):
    book = book_from(tmp_path, monkeypatch)
    X.open_report_folder()  # no report yet: the workbook's folder
    assert opened == [tmp_path / "wb"]
    X.generate_report()
    X.open_report_folder()
    assert opened[-1] == tmp_path / "wb"
    restored(book)


def test_open_report_folder_that_does_not_exist(tmp_path, monkeypatch, opened):
    def edit(wb):
        sheet, cell = wb.defined_names["报告保存位置"].attr_text.split("!")
        wb[sheet.strip("'")][cell.replace("$", "")] = "还没有建的文件夹"

    book = book_from(tmp_path, monkeypatch, edit=edit)
    X.open_report_folder()
    assert opened == [] and "不存在" in book.app.alerts[0]["prompt"]


def test_recalculate(tmp_path, monkeypatch):
    book = book_from(tmp_path, monkeypatch)
    X.recalculate()
    assert book.app.api.full_calculations == 1 and book.app.alerts == []
    restored(book)


def test_show_help(tmp_path, monkeypatch):
    book = book_from(tmp_path, monkeypatch)
    book.active = "总评"
    X.show_help()
    assert book.active == L.S_GUIDE and book.app.alerts == []


def test_show_help_without_the_guide_sheet(tmp_path, monkeypatch):
    book = book_from(tmp_path, monkeypatch, edit=lambda wb: wb.remove(wb[L.S_GUIDE]))
    X.show_help()
    assert len(book.app.alerts) == 1 and "README.md" in book.app.alerts[0]["prompt"]


def test_every_ribbon_action_exists_and_takes_no_arguments():
    import inspect

    bas = (ROOT / "xlperf" / "vba" / "xlperf_ribbon.bas").read_text(encoding="ascii")
    actions = re.findall(r'xlperf\.excel\.(\w+)\(\)', bas)
    assert sorted(actions) == ["generate_report", "import_last_year", "open_report_folder", "recalculate", "show_help",
                               "submit", "validate"]
    for name in actions:
        assert inspect.signature(getattr(X, name)).parameters == {}


def test_import_does_not_need_xlwings():
    code = "import sys, xlperf.excel; assert 'xlwings' not in sys.modules, 'xlwings imported'"
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


# ------------------------------------------------------------------ the Windows smoke test script


SMOKE = ROOT / "scripts" / "windows-smoke-test.ps1"


def test_smoke_script_is_utf8_with_bom():
    data = SMOKE.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    # PowerShell reads curly quotes as string delimiters: a Chinese “…” inside a string would end it
    assert not set(text) & set("\u201c\u201d\u2018\u2019")
    assert text.count("{") == text.count("}") and text.count("(") == text.count(")")


def test_smoke_script_names_exist():
    """The macro, workbook, named cells and ribbon part the script relies on exist, so it cannot drift."""
    text = SMOKE.read_text(encoding="utf-8-sig")
    bas = (ROOT / "xlperf" / "vba" / "xlperf_ribbon.bas").read_text(encoding="ascii")
    macro = re.search(r"\$Macro\s*=\s*'([\w]+)\.([\w]+)'", text)
    assert macro, "script must set $Macro = 'Module.Sub'"
    module, sub = macro.groups()
    assert f'Attribute VB_Name = "{module}"' in bas
    assert re.search(rf"Sub {sub}\(control As IRibbonControl\)", bas)
    workbook = re.search(r"\$WorkbookRel\s*=\s*'([^']+)'", text).group(1)
    assert (ROOT / workbook.replace("\\", "/")).is_file(), f"{workbook} missing: run xlperf build"
    command = re.search(r"\$PythonCommand\s*=\s*'([^']+)'", text).group(1)
    assert f'RunPython "{command}"' in bas
    for var, name in (("TotalName", L.TOTAL_NAME), ("GradeName", L.GRADE_NAME)):
        assert re.search(rf"\${var}\s*=\s*'{name}'", text), var
    import zipfile

    import openpyxl

    names = openpyxl.load_workbook(ROOT / workbook.replace("\\", "/")).defined_names
    assert L.TOTAL_NAME in names and L.GRADE_NAME in names
    part = re.search(r"\$RibbonPart\s*=\s*'([^']+)'", text).group(1)
    tab = re.search(r"\$RibbonTab\s*=\s*'([^']+)'", text).group(1)
    with zipfile.ZipFile(ROOT / workbook.replace("\\", "/")) as zf:
        assert tab in zf.read(part).decode("utf-8") and part in zf.read("_rels/.rels").decode("utf-8")
    assert "=PERF_GRADE(91)" in text


def test_smoke_script_expects_what_the_core_computes():
    from xlperf.domain.evaluate import evaluate
    from xlperf.app.load import load_example
    from xlperf.domain.profiles import load_profile
    from xlperf.udfs import PERF_GRADE

    text = SMOKE.read_text(encoding="utf-8-sig")
    total = int(re.search(r"\$ExpectedTotal\s*=\s*(\d+)", text).group(1))
    grade = re.search(r"\$ExpectedGrade\s*=\s*'([^']+)'", text).group(1)
    ev = load_example()
    result = evaluate(ev, load_profile(ev.profile or None))
    assert (result.total, result.grade) == (total, grade)
    assert PERF_GRADE(total) == grade


def test_unattended_runs_show_no_boxes(tmp_path, monkeypatch, opened, log_dir):
    """What the Windows smoke test relies on: a name in the workbook turns boxes into log lines."""
    book = book_from(tmp_path, monkeypatch)
    book.names.add(X.UNATTENDED_NAME, "=TRUE")
    X.generate_report()
    assert book.app.alerts == [] and opened == []
    assert len(reports(tmp_path / "wb")) == 1
    assert "报告已生成" in (log_dir / "xlperf.log").read_text(encoding="utf-8")


def test_ribbon_uses_the_rules_the_form_carries(tmp_path, monkeypatch, opened):
    """A form made for a custom profile: the buttons score it by its own rules, with no file and no flag."""
    from report_helpers import department_example
    from xlperf.domain.profiles import PROFILE_DIR, load_profile
    from xlperf.workbook.build import write_workbook

    rules = tmp_path / "mine.toml"
    text = (PROFILE_DIR / "dept-henan-2021.toml").read_text(encoding="utf-8")
    text = text.replace('name = "部门整体-河南2021"', 'name = "本区2021"', 1).replace('label = "优"', 'label = "优秀"', 1)
    rules.write_text(text, encoding="utf-8")
    folder = tmp_path / "wb"
    folder.mkdir()
    path = write_workbook(folder / "mine.xlsx", department_example(), load_profile(str(rules)))
    rules.unlink()  # the profile file is gone: the form carries its rules
    book = FakeBook(path)
    monkeypatch.setattr(X, "_caller", lambda: book)
    X.validate()
    assert [a["prompt"] for a in book.app.alerts] == ["校验通过，未发现问题。"]
    book.app.answers = ["no"]
    X.generate_report()
    text = "\n".join(p.text for p in Document(str(folder / reports(folder)[0])).paragraphs)
    assert "评价等级为“优秀”" in text  # the example's 91 graded by the form's own bands
