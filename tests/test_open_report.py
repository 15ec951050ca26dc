"""The way in without the Excel buttons: ``xlperf open-report FILE`` (what 发送到 on Windows and the desktop
entry on Linux run), the entries ``xlperf setup`` installs, and the entries run exactly as the desktop would."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from xlperf.cli import main
from xlperf.commands import setup as S
from xlperf.openreport import NO_OPEN_ENV, RESULT_SUFFIX, open_report

ROOT = Path(__file__).resolve().parent.parent
WORKBOOKS = ROOT / "workbooks"


@pytest.fixture
def books(tmp_path):
    for name in ("example-2021.xlsx", "xlperf-form.xlsx"):
        shutil.copy(WORKBOOKS / name, tmp_path / name)
    return tmp_path


def test_a_good_workbook_gets_its_report_next_to_it_and_opened(books):
    opened = []
    outcome = open_report(books / "example-2021.xlsx", opener=opened.append)
    assert outcome.report and outcome.path.parent == books and outcome.path.suffix == ".docx"
    assert outcome.path.stat().st_size > 0 and opened == [outcome.path]
    assert not list(books.glob("*" + RESULT_SUFFIX))


def test_a_workbook_with_errors_opens_a_readable_list_with_the_cells(books):
    opened = []
    outcome = open_report(books / "xlperf-form.xlsx", opener=opened.append)
    assert not outcome.report and opened == [outcome.path]
    assert outcome.path == books / ("xlperf-form" + RESULT_SUFFIX)
    page = outcome.path.read_text(encoding="utf-8")
    assert "<title>校验结果：xlperf-form.xlsx</title>" in page and "未生成报告" in page
    assert re.search(r"<td>错误</td><td>基本情况!B\d+</td><td>单位名称</td><td>不能为空</td>", page)
    assert not list(books.glob("*.docx"))


def test_a_missing_or_unreadable_file_gets_a_page_too(books):
    (books / "broken.xlsx").write_bytes(b"not a workbook")
    for name in ("gone.xlsx", "broken.xlsx"):
        outcome = open_report(books / name, opener=None)
        assert not outcome.report and outcome.path.is_file() and outcome.message
        assert outcome.message in outcome.path.read_text(encoding="utf-8")


def test_a_read_only_folder_puts_the_page_in_the_temporary_folder(books, monkeypatch):
    import xlperf.infra.atomic as atomic

    real = atomic.write_bytes

    def refuse_beside(path, data):
        if Path(path).parent == books:
            raise PermissionError(13, "read-only")
        return real(path, data)

    monkeypatch.setattr(atomic, "write_bytes", refuse_beside)
    outcome = open_report(books / "xlperf-form.xlsx", opener=None)
    assert outcome.path.parent.name == "xlperf" and outcome.path.is_file()


def test_the_command_writes_every_file_and_says_which(books, capsys, monkeypatch):
    monkeypatch.setenv(NO_OPEN_ENV, "1")
    assert main(["open-report", str(books / "example-2021.xlsx"), str(books / "xlperf-form.xlsx")]) == 1
    out, err = capsys.readouterr()
    assert "已生成报告" in out and "校验结果" in err
    assert main(["open-report", str(books / "example-2021.xlsx"), "--no-open"]) == 0
    assert main(["open-report"]) == 2


# --------------------------------------------------------------------------- the Linux desktop entry


def _validator():
    found = shutil.which("desktop-file-validate")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("desktop-file-validate missing (Debian desktop-file-utils; .ci/run installs it)")
        pytest.skip("desktop-file-validate not installed (Debian desktop-file-utils)")
    return found


def _split_exec(line: str) -> list[str]:
    """Split an Exec value as the Desktop Entry Specification says: blanks separate arguments; inside double
    quotes a backslash takes the next one of " ` $ \\ literally."""
    args, current, quoted, started, i = [], [], False, False, 0
    while i < len(line):
        c = line[i]
        if quoted:
            if c == "\\" and i + 1 < len(line) and line[i + 1] in '"`$\\':
                current.append(line[i + 1])
                i += 1
            elif c == '"':
                quoted = False
            else:
                current.append(c)
        elif c == '"':
            quoted = started = True
        elif c == " ":
            if started or current:
                args.append("".join(current))
            current, started = [], False
        else:
            current.append(c)
        i += 1
    assert not quoted, "unclosed quote in Exec"
    if started or current:
        args.append("".join(current))
    return args


def _exec_argv(entry: str, files: list[str]) -> list[str]:
    """The command a desktop runs for ``files``: the Exec key unescaped and split as the specification says."""
    line = next(l for l in entry.splitlines() if l.startswith("Exec="))[5:]
    line = line.replace("\\\\", "\\")  # the string-value escape level
    argv = []
    for arg in _split_exec(line):
        argv += files if arg == "%F" else [arg]
    return argv


@pytest.fixture
def installed(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    assert main(["setup", "--no-selftest"]) == 0
    return tmp_path / "share" / "applications" / S.DESKTOP_FILE


def test_setup_installs_a_valid_desktop_entry_for_workbooks(installed):
    result = subprocess.run([_validator(), str(installed)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    entry = installed.read_text(encoding="utf-8")
    assert "Name=生成绩效自评报告" in entry and "Terminal=false" in entry
    assert set(S.MIME_TYPES) <= set(re.search(r"^MimeType=(.*)$", entry, re.M).group(1).split(";"))


@pytest.mark.parametrize("fault", [
    lambda e: e.replace("Type=Application\n", ""),
    lambda e: e.replace("Terminal=false", "Terminal=no"),
    lambda e: e.replace("\nExec=", '\nExec="', 1),  # a quote not closed
    lambda e: e.replace(" %F", " %F %F", 1),
])
def test_the_validator_rejects_a_broken_entry(installed, tmp_path, fault):
    broken = tmp_path / "broken.desktop"
    broken.write_text(fault(installed.read_text(encoding="utf-8")), encoding="utf-8")
    assert subprocess.run([_validator(), str(broken)], capture_output=True).returncode != 0


def test_the_desktop_entry_runs_the_same_command(installed, books):
    argv = _exec_argv(installed.read_text(encoding="utf-8"), [str(books / "example-2021.xlsx"),
                                                              str(books / "xlperf-form.xlsx")])
    assert argv[:4] == [sys.executable, "-m", "xlperf.cli", "open-report"]
    run = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, NO_OPEN_ENV: "1"}, timeout=300)
    assert run.returncode == 1, run.stderr
    assert len(list(books.glob("*.docx"))) == 1 and (books / ("xlperf-form" + RESULT_SUFFIX)).is_file()


def test_exec_quotes_a_path_with_spaces():
    entry = S.desktop_entry("/opt/my apps/py$thon")
    assert _exec_argv(entry, ["a.xlsx"]) == ["/opt/my apps/py$thon", "-m", "xlperf.cli", "open-report", "a.xlsx"]


# --------------------------------------------------------------------------- the Windows Send To entry


def test_send_to_runs_the_same_command_without_a_console(books):
    spec = S.shortcut_spec(r"C:\Users\zhang\AppData\Local\xlperf\venv")
    assert spec["name"] == "生成绩效自评报告.lnk"
    assert spec["target"] == r"C:\Users\zhang\AppData\Local\xlperf\venv\Scripts\pythonw.exe"
    # Windows starts the target with the shortcut's arguments and then the chosen files
    argv = [sys.executable, *spec["arguments"].split(), str(books / "example-2021.xlsx")]
    run = subprocess.run(argv, capture_output=True, text=True, env={**os.environ, NO_OPEN_ENV: "1"}, timeout=300)
    assert run.returncode == 0, run.stderr
    assert len(list(books.glob("*.docx"))) == 1


def test_setup_self_test_passes_here(capsys):
    checks = S.self_test(False, S.__dict__.get("INTERPRETER_SETTING", ""))
    assert [ok for _, ok, _ in checks] == [True] * len(checks)
    assert {name for name, _, _ in checks} == {"xlperf 和 xlwings", "生成示例报告"}
