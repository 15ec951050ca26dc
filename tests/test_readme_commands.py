"""Every `xlperf …` command shown in the README runs (in a scratch copy of workbooks/)."""

import re
import shlex
import shutil
from pathlib import Path

import pytest

from xlperf.cli import main

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    cmds = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            line = line.split("#", 1)[0].strip()
            if line.startswith("xlperf "):
                cmds.append(line)
    return cmds


def test_readme_shows_the_main_commands():
    verbs = {shlex.split(c)[1] for c in readme_commands()}
    assert {"check", "score", "report", "new", "profiles", "batch"} <= verbs


@pytest.mark.parametrize("command", readme_commands())
def test_readme_command_runs(command, tmp_path, monkeypatch, capsys):
    shutil.copytree(ROOT / "workbooks", tmp_path / "workbooks")
    (tmp_path / "out").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))
    argv = shlex.split(command)[1:]
    rc = main(argv)
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err and "内部错误" not in out.err
    if argv[0] == "batch":
        # the folder holds the blank form too, which the batch lists as 失败 (exit 1) — by design
        assert rc in (0, 1)
        assert (tmp_path / "out" / "batch" / "汇总表.xlsx").exists()
    else:
        assert rc == 0, out.err
    assert not (tmp_path / "log").exists()


def test_readme_lists_exactly_the_placeholders_the_report_knows():
    from xlperf.report.context import PLACEHOLDERS

    text = (ROOT / "README.md").read_text(encoding="utf-8")
    para = next(p for p in text.split("\n\n") if p.startswith("文字材料中可写占位符"))
    assert set(re.findall(r"`\{([^}]+)\}`", para)) == set(PLACEHOLDERS)
