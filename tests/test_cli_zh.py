"""The command line speaks Chinese, argparse's own texts included."""

from xlperf.cli import main


def test_help_and_errors_are_chinese(capsys):
    assert main(["score", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：xlperf score") and "选项" in out and "usage" not in out
    assert main(["report"]) == 2
    err = capsys.readouterr().err
    assert "缺少必需的参数" in err and "error" not in err
    assert main(["nosuchcommand"]) == 2
    assert "无效的选项" in capsys.readouterr().err


def test_help_has_no_english_placeholders(capsys):
    """Every command's help is Chinese throughout: no OUTPUT / JOBS / FORMAT / DIR metavars, --version explained."""
    import re

    commands = ["score", "profiles", "check", "new", "build", "report", "batch", "wheelhouse", "open-report", "setup"]
    for argv in [["--help"]] + [[c, "--help"] for c in commands]:
        assert main(argv) == 0
        out = capsys.readouterr().out
        shown = re.sub(r"xlperf|--?[a-z][a-z-]*|docx|md|html|pdf|json|xlsx|xlsm|toml|CPU|Word|Markdown|HTML|PDF|"
                       r"Windows|Excel|WPS|LibreOffice|Python|JSON|xlwings|%[A-Za-z]+%", "", out)
        assert not re.search(r"\b[A-Z]{2,}\b", shown), (argv, out)
    assert main(["batch", "--help"]) == 0 and "docx、md、html、pdf" in capsys.readouterr().out  # every format
