"""Every subcommand's --help ends with one or two Chinese examples, and the examples are real (issue 13 §5).

The command list is the dispatcher's own (``cli.COMMANDS``): a command added later needs examples too.
Every example must parse with the command's real parser; those of the commands in :data:`RUNS` are run in a
scratch folder holding the files they name, and must succeed.
"""

from __future__ import annotations

import argparse
import json
import importlib
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from xlperf import cli
from xlperf.cli import main
from xlperf.commands.zh_argparse import EXAMPLES_HEADING
from report_helpers import department_book

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_BOOK = ROOT / "workbooks" / "example-2021.xlsx"
PROFILE_FILE = ROOT / "xlperf" / "domain" / "profiles" / "dept-henan-2021.toml"

#: commands whose examples are run for real (build writes into the source tree, wheelhouse downloads,
#: setup installs a menu entry: those are only parsed); open-report only with --no-open
RUNS = {"score", "profiles", "check", "new", "report", "batch", "open-report"}


def help_text(name: str, capsys) -> str:
    assert main([name, "--help"]) == 0
    return capsys.readouterr().out


def examples_of(text: str) -> list[str]:
    """The example lines at the end of a help text (after a line ``示例：``)."""
    lines = text.rstrip("\n").split("\n")
    assert EXAMPLES_HEADING in lines, "help has no 示例： section"
    tail = lines[lines.index(EXAMPLES_HEADING) + 1:]
    assert tail and all(line.startswith("  xlperf ") for line in tail), tail
    return [line.strip() for line in tail]


def command_parser(name: str) -> argparse.ArgumentParser:
    """The parser ``xlperf NAME`` uses (as built by cli.main)."""
    module = importlib.import_module(f"xlperf.commands.{cli.COMMANDS[name]}")
    parser = argparse.ArgumentParser(prog=f"xlperf {name}", description=getattr(module, "HELP", ""))
    module.add_arguments(parser)
    return parser


@pytest.mark.parametrize("name", list(cli.COMMANDS))
def test_help_ends_with_one_or_two_examples_that_parse(name, capsys):
    text = help_text(name, capsys)
    found = examples_of(text)
    assert 1 <= len(found) <= 2, found
    parser = command_parser(name)
    for line in found:
        argv = shlex.split(line)
        assert argv[:2] == ["xlperf", name], line
        assert re.search(r"[\u4e00-\u9fff]", line) or len(argv) <= 3, f"example without Chinese names: {line}"
        try:
            parser.parse_args(argv[2:])
        except SystemExit as exc:  # argparse's way of refusing
            pytest.fail(f"{line}: the {name} parser refuses it ({exc.code}): {capsys.readouterr().err}")


def test_examples_parse_check_catches_a_wrong_example(capsys):
    """The parse check is real: an option the command lacks is refused."""
    with pytest.raises(SystemExit):
        command_parser("report").parse_args(["2021年绩效自评.xlsx", "--format", "docx,pdf"])
    capsys.readouterr()


@pytest.fixture
def scratch(tmp_path, monkeypatch):
    """A folder holding every file the examples name."""
    for name in ("2021年绩效自评.xlsx", "甲局.xlsx", "乙局.xlsx"):
        shutil.copy(EXAMPLE_BOOK, tmp_path / name)
    (tmp_path / "收到的填报表").mkdir()
    department_book(EXAMPLE_BOOK, tmp_path / "收到的填报表" / "甲局.xlsx")  # batch: a department's correct form
    shutil.copy(PROFILE_FILE, tmp_path / "我的评分规则.toml")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_examples_run(scratch, capsys):
    ran = []
    for name in cli.COMMANDS:
        if name not in RUNS:
            continue
        for line in examples_of(help_text(name, capsys)):
            argv = shlex.split(line)
            if name == "open-report" and "--no-open" not in argv:
                continue  # would open the report in a viewer
            before = {p: p.stat().st_mtime_ns for p in scratch.rglob("*")}
            code = main(argv[1:])
            out = capsys.readouterr()
            assert code == 0, (line, out.out, out.err)
            ran.append(line)
            if name in ("new", "report", "batch", "open-report"):
                after = {p: p.stat().st_mtime_ns for p in scratch.rglob("*")}
                assert any(before.get(p) != t for p, t in after.items()), f"{line} wrote nothing"
    assert len(ran) >= 10, ran
    assert list((scratch / "报告").glob("*.pdf")), "xlperf report … -o 报告/ --format pdf wrote no PDF"
    assert (scratch / "汇总结果" / "汇总表.xlsx").exists()


@pytest.mark.parametrize("name", ["check", "report", "batch", "import"])
def test_a_commands_help_loads_none_of_its_work(name):
    """``xlperf <command> --help`` (and a wrong argument) is answered from the command's declaration
    (xlperf.commands.args): neither the command's module nor the reader, pydantic or openpyxl is loaded."""
    module = cli.COMMANDS[name]
    code = ("import json, sys; from xlperf.cli import main; main([sys.argv[1], '--help']); "
            "print(json.dumps(sorted(m for m in sys.modules if m == 'xlperf.commands.' + sys.argv[2] or "
            "m in ('pydantic', 'openpyxl', 'jinja2') or m.startswith('xlperf.app'))), file=sys.stderr)")
    out = subprocess.run([sys.executable, "-c", code, name, module], capture_output=True, text=True, check=True)
    assert json.loads(out.stderr.strip().splitlines()[-1]) == []
