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
