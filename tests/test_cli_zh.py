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


def test_every_command_names_the_form_and_the_rules_alike(capsys):
    """The same thing is called the same in every command's help: the form a command reads (文件) and the
    rules it scores with (--profile 规则), each with what is used when it is not given."""
    for argv, default in ((["check"], "缺省用表中设置"), (["score"], "缺省用表中设置"), (["report"], "缺省用表中设置"),
                          (["new"], "缺省为默认规则"), (["batch"], "缺省用各表中设置"),
                          (["import"], "缺省：填报表内的规则或默认规则")):
        assert main(argv + ["--help"]) == 0
        out = capsys.readouterr().out
        assert "--profile 规则" in out and f"评分规则名称或 .toml 文件（{default}）" in out, argv
        if argv[0] in ("check", "score", "report"):
            assert "  文件  " in out and "填报表（.xlsx/.xlsm）或 .json" in out, argv


def test_check_lists_problems_under_the_four_headings(tmp_path, capsys):
    """类别 位置 项目 说明: the headings of every table of problems (the 校验结果 sheet and the service's page
    too), here on a form whose 指标评分!H11 holds the text “约95”."""
    import openpyxl

    from report_helpers import REPO

    wb = openpyxl.load_workbook(REPO / "workbooks" / "example-2021.xlsx")
    wb["指标评分"]["H11"] = "约95"
    wb.save(tmp_path / "wrong.xlsx")
    assert main(["check", str(tmp_path / "wrong.xlsx")]) == 1
    lines = capsys.readouterr().out.splitlines()
    head = next(i for i, line in enumerate(lines) if line.startswith("类别"))
    assert lines[head].split() == ["类别", "位置", "项目", "说明"]
    assert any(line.split()[:2] == ["错误", "指标评分!H11"] for line in lines[head + 2:])
