"""The command line's glue judged in process (session 7, s7j): ``xlperf.cli.main`` and the Chinese argparse texts.

Every expected text and exit code below is written by hand from the CLI's contract (docs, README): exit 0 fine,
1 problems found, 2 could not run; the clerk sees Chinese only, never a traceback.

Equivalent mutants (argued, not killable):

* ``xlperf.cli._parser``: ``add_help=False`` → ``add_help=None`` for the listed commands — argparse tests
  ``if self.add_help:``, and None is as false as False.
* ``xlperf.commands.check._run_json`` and ``xlperf.commands.score.run``: ``json.dumps(..., ensure_ascii=False)`` →
  ``ensure_ascii=None`` — ``json.dumps`` and its encoder only test the flag's truth (``if self.ensure_ascii:``), so
  None writes the Chinese as written, like False.

Session 8 (s8g): the open one of s7j — ``xlperf.cli.main``'s second ``return 2``, after the top-level parser accepted
an argv whose first word is no command, which no argv reached (``--``, ``-``, ``-- profiles``, a wrong option before
a command: argparse exits 2 first) — is gone: ``main`` lets argparse answer every argv that names no command and
prints the help for the one it accepts, no argument at all (test_no_command_prints_the_help_and_exits_2).
"""

import argparse
import io
import re
import sys

import pytest

import xlperf
import xlperf.cli as cli
import xlperf.commands.profiles as profiles_cmd
from xlperf.cli import main
from xlperf.commands import zh_argparse


def test_no_command_prints_the_help_and_exits_2(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "300")
    assert main([]) == 2
    out = capsys.readouterr().out
    assert out.startswith("用法：xlperf")
    assert "\n\n部门整体绩效自评：读取填报表，计分，生成自评报告\n\n" in out
    assert re.search(r"\n  --version +显示版本号并退出\n", out)
    # every command with its one Chinese line
    for name, line in (("score", "计算得分、等级和执行率"), ("check", "检查填报表，列出所有需要修改的单元格"),
                       ("import", "导入上年报告或上年填报表，生成本年填报表"),
                       ("open-report", "生成报告并打开；有错误时打开校验结果（右键菜单用）"),
                       ("submit", "把填报表报送财政局（报送服务），显示检查结果")):
        assert re.search(rf"\n    {name}\s+{line}\n", out), (name, out)


def test_version_help_and_a_wrong_command(capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"xlperf {xlperf.__version__}"
    assert main(["--help"]) == 0
    assert capsys.readouterr().out.startswith("用法：xlperf [-h] [--version] 命令 ...")
    assert main(["nosuch"]) == 2
    err = capsys.readouterr().err
    assert "xlperf：错误：参数 命令：无效的选项 'nosuch'" in err
    assert main(["--verbose"]) == 2  # a known-looking option that is not one: argparse's error, code 2
    assert "无法识别的参数：--verbose" in capsys.readouterr().err
    # the listing's commands take no arguments of their own: a command after a wrong option is not run
    assert main(["--verbose", "score", "-h"]) == 2
    assert "xlperf：错误：无法识别的参数：--verbose -h" in capsys.readouterr().err
    assert main(["--"]) == 2  # "--" alone: an unrecognised argument


def test_a_command_s_own_help_and_wrong_arguments(capsys):
    assert main(["profiles", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：xlperf profiles [-h] [--check 文件]")
    assert "列出可用的评分规则（也可用 --profile 指向自己的 .toml 文件）" in out
    assert "示例：\n  xlperf profiles\n  xlperf profiles --check 我的评分规则.toml" in out
    assert main(["profiles", "--bogus"]) == 2
    assert "xlperf profiles：错误：无法识别的参数：--bogus" in capsys.readouterr().err


def _run_as(monkeypatch, behaviour):
    seen = []

    def run(args):
        seen.append(args)
        return behaviour()

    monkeypatch.setattr(profiles_cmd, "run", run)
    return seen


def test_the_command_s_answer_is_the_exit_code(monkeypatch, capsys):
    seen = _run_as(monkeypatch, lambda: None)
    assert main(["profiles", "--check", "a.toml"]) == 0  # None counts as 0
    assert seen[0].check == "a.toml"
    _run_as(monkeypatch, lambda: 1)
    assert main(["profiles"]) == 1
    _run_as(monkeypatch, lambda: 2)
    assert main(["profiles"]) == 2


def _raise(exc):
    def f():
        raise exc
    return f


def test_broken_pipe_cancel_and_an_internal_error(monkeypatch, capsys):
    _run_as(monkeypatch, _raise(BrokenPipeError()))
    assert main(["profiles"]) == 0
    assert capsys.readouterr().err == ""
    _run_as(monkeypatch, _raise(KeyboardInterrupt()))
    assert main(["profiles"]) == 2
    assert capsys.readouterr().err == "已取消。\n"
    contexts = []
    monkeypatch.setattr(cli, "log_exception", lambda context: contexts.append(context) or "/tmp/x/xlperf.log")
    _run_as(monkeypatch, _raise(ValueError("boom")))
    assert main(["profiles", "--check", "a b.toml"]) == 2
    captured = capsys.readouterr()
    assert captured.err == "发生内部错误，操作未完成，详情见日志：/tmp/x/xlperf.log\n"
    assert "Traceback" not in captured.out + captured.err
    assert contexts == ["xlperf profiles --check a b.toml"]
    monkeypatch.setattr(cli, "log_exception", lambda context: None)  # the log could not be written
    assert main(["profiles"]) == 2
    assert capsys.readouterr().err == "发生内部错误，操作未完成\n"


def test_argv_defaults_to_the_process_arguments(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["xlperf", "--version"])
    assert main() == 0
    assert capsys.readouterr().out.strip() == f"xlperf {xlperf.__version__}"


def test_output_is_switched_to_utf8(monkeypatch):
    out = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    err = io.TextIOWrapper(io.BytesIO(), encoding="gbk")
    monkeypatch.setattr(sys, "stdout", out)
    monkeypatch.setattr(sys, "stderr", err)
    assert main(["--version"]) == 0
    assert out.encoding == "utf-8" and err.encoding == "utf-8"


def test_output_that_cannot_be_switched_is_left_alone(monkeypatch, capsys):
    class Stream(io.StringIO):
        def reconfigure(self, **kw):
            raise ValueError("closed")

    monkeypatch.setattr(sys, "stdout", Stream())
    assert main(["--version"]) == 0


@pytest.mark.parametrize("english,chinese", [
    ("usage: ", "用法："), ("positional arguments", "参数"), ("options", "选项"), ("optional arguments", "选项"),
    ("show this help message and exit", "显示本帮助并退出"),
    ("show program's version number and exit", "显示版本号并退出"),
    ("%(prog)s: error: %(message)s\n", "%(prog)s：错误：%(message)s\n"),
    ("argument %(argument_name)s: %(message)s", "参数 %(argument_name)s：%(message)s"),
    ("invalid choice: %(value)r (choose from %(choices)s)", "无效的选项 %(value)r（可选：%(choices)s）"),
    ("the following arguments are required: %s", "缺少必需的参数：%s"),
    ("unrecognized arguments: %s", "无法识别的参数：%s"),
    ("expected one argument", "需要一个值"), ("expected at most one argument", "最多一个值"),
    ("expected at least one argument", "至少需要一个值"),
    ("invalid %(type)s value: %(value)r", "无效的%(type)s值：%(value)r"),
    ("ambiguous option: %(option)s could match %(matches)s", "选项 %(option)s 有歧义，可能是 %(matches)s"),
    ("not allowed with argument %s", "不能与参数 %s 同时使用"),
    ("one of the arguments %s is required", "须给出参数 %s 之一"),
])
def test_argparse_texts_in_chinese(english, chinese):
    zh_argparse.install()
    assert argparse._(english) == chinese


def test_unknown_texts_stay_and_the_helpers(capsys):
    zh_argparse.install()
    assert argparse._("something new") == "something new"
    p = argparse.ArgumentParser(prog="t")
    zh_argparse.examples(p, "t a", "t b  c")
    zh_argparse.profile_option(p, "缺省为默认规则")
    zh_argparse.form_argument(p)
    assert p.epilog == "示例：\n  t a\n  t b  c"
    assert p.formatter_class is argparse.RawDescriptionHelpFormatter
    args = p.parse_args(["x.xlsx", "--profile", "r"])
    assert (args.path, args.profile) == ("x.xlsx", "r")
    assert p.parse_args(["y"]).profile is None
    text = p.format_help()
    assert "--profile 规则" in text and "评分规则名称或 .toml 文件（缺省为默认规则）" in text
    assert "  文件  " in text and "填报表（.xlsx/.xlsm）或 .json" in text


# ---- xlperf.commands.startup ----------------------------------------------------------------------------------

import os  # noqa: E402
import types  # noqa: E402

from xlperf.commands import startup  # noqa: E402

LOADER = "pydantic.plugin._loader"


def _fresh(monkeypatch, env):
    monkeypatch.setitem(sys.modules, LOADER, None)
    monkeypatch.delitem(sys.modules, LOADER)
    if env is None:
        monkeypatch.delenv("PYDANTIC_DISABLE_PLUGINS", raising=False)
    else:
        monkeypatch.setenv("PYDANTIC_DISABLE_PLUGINS", env)


def test_the_stub_answers_no_plugins(monkeypatch):
    _fresh(monkeypatch, None)
    startup.no_pydantic_plugins()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == "1"
    stub = sys.modules[LOADER]
    assert stub.__name__ == "pydantic.plugin._loader"
    assert stub.__doc__ == "xlperf: pydantic plugins disabled (see xlperf.commands.startup)"
    assert stub.get_plugins() == ()
    assert stub.PYDANTIC_ENTRY_POINT_GROUP == "pydantic"  # any other name: the real module's
    with pytest.raises(AttributeError, match="__path__"):
        stub.__getattr__("__path__")
    with pytest.raises(AttributeError, match="__file__"):  # the real module has one: not asked of it
        stub.__getattr__("__file__")


@pytest.mark.parametrize("env", ["true", "__all__"])
def test_the_other_spellings_of_disabled(monkeypatch, env):
    _fresh(monkeypatch, env)
    startup.no_pydantic_plugins()
    assert sys.modules[LOADER].get_plugins() == ()
    assert os.environ["PYDANTIC_DISABLE_PLUGINS"] == env


def test_plugins_wanted_or_loader_already_there(monkeypatch):
    _fresh(monkeypatch, "0")
    startup.no_pydantic_plugins()
    assert LOADER not in sys.modules and os.environ["PYDANTIC_DISABLE_PLUGINS"] == "0"
    real = types.ModuleType(LOADER)
    _fresh(monkeypatch, "1")
    monkeypatch.setitem(sys.modules, LOADER, real)
    startup.no_pydantic_plugins()
    assert sys.modules[LOADER] is real


# ---- xlperf.commands.check ------------------------------------------------------------------------------------

from types import SimpleNamespace as NS  # noqa: E402

import xlperf.commands.check as check_cmd  # noqa: E402
import xlperf.commands.common as common  # noqa: E402
from xlperf.domain.numbers import InputError  # noqa: E402

SKIPPED = ("提示：文件中没有表格程序计算的结果（未在 Excel/WPS/LibreOffice 中打开并保存过），"
           "未比对表中显示的得分与程序的计算。")


def _p(severity, where="指标评分!H11", label="执行率", message="应为数字"):
    return NS(severity=severity, where=where, label=label, message=message)


class _Checked:
    def __init__(self, ev, problems, result=None):
        self.evaluation, self.problems, self.result = ev, problems, result
        self.errors = [p for p in problems if p.severity == "错误"]

    def as_tuple(self):
        return self.evaluation, None, self.result, self.problems


def _check_args(json=False):
    return argparse.Namespace(path="表.xlsx", profile=None, json=json)


def _serve(monkeypatch, checked):
    calls = []

    def check_file(path, profile):
        calls.append((path, profile))
        if isinstance(checked, Exception):
            raise checked
        return checked

    monkeypatch.setattr(common, "check_file", check_file)
    monkeypatch.setattr(check_cmd, "check_file", check_file)
    return calls


def test_check_passes(monkeypatch, capsys):
    _serve(monkeypatch, _Checked(NS(shown_state="all"), []))
    assert check_cmd.run(_check_args()) == 0
    assert capsys.readouterr().out == "检查通过，未发现问题。\n"
    _serve(monkeypatch, _Checked(NS(shown_state="none"), []))
    assert check_cmd.run(_check_args()) == 0
    assert capsys.readouterr().out == SKIPPED + "\n检查通过，未发现问题。\n"
    _serve(monkeypatch, _Checked(None, []))
    assert check_cmd.run(_check_args()) == 0
    assert capsys.readouterr().out == "检查通过，未发现问题。\n"


def test_check_lists_errors_and_warnings(monkeypatch, capsys):
    _serve(monkeypatch, _Checked(NS(shown_state="all"), [_p("错误"), _p("警告", "基本信息!C3", "单位", "未填")]))
    assert check_cmd.run(_check_args()) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split() == ["类别", "位置", "项目", "说明"]
    assert lines[2].split() == ["错误", "指标评分!H11", "执行率", "应为数字"]
    assert lines[3].split() == ["警告", "基本信息!C3", "单位", "未填"]
    assert lines[-2:] == ["", "共 1 个错误、1 个警告。请修改错误后再生成报告。"]
    _serve(monkeypatch, _Checked(NS(shown_state="none"), [_p("警告"), _p("警告")]))
    assert check_cmd.run(_check_args()) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == SKIPPED
    assert lines[-1] == "共 0 个错误、2 个警告。警告不影响生成报告。"


def test_check_unreadable(monkeypatch, capsys):
    _serve(monkeypatch, InputError("无法打开文件：表.xlsx"))
    assert check_cmd.run(_check_args()) == 2
    captured = capsys.readouterr()
    assert captured.err == "无法打开文件：表.xlsx\n" and captured.out == ""


def test_check_json(monkeypatch, capsys):
    import json

    calls = _serve(monkeypatch, InputError("无法打开文件：表.xlsx"))
    assert check_cmd.run(argparse.Namespace(path="表.xlsx", profile="河南", json=True)) == 2
    assert calls == [("表.xlsx", "河南")]
    out = capsys.readouterr().out
    assert json.loads(out) == {"status": "无法读取", "total": None, "grade": None, "problems": [
        {"level": "错误", "where": "", "item": "", "message": "无法打开文件：表.xlsx"}]}
    assert "无法读取" in out and out.startswith('{\n "status"')  # Chinese as written, indent 1
    _serve(monkeypatch, _Checked(NS(shown_state="all"), [_p("错误")]))
    assert check_cmd.run(_check_args(json=True)) == 1
    out = capsys.readouterr().out
    assert json.loads(out)["status"] == "填报有误" and out.startswith('{\n "status"') and "填报有误" in out
    _serve(monkeypatch, _Checked(NS(shown_state="all"), [_p("警告")], result=NS(total=91, grade="优")))
    assert check_cmd.run(_check_args(json=True)) == 0
    assert json.loads(capsys.readouterr().out)["grade"] == "优"


# ---- xlperf.commands.score ------------------------------------------------------------------------------------

from decimal import Decimal as D  # noqa: E402

import xlperf.commands.score as score_cmd  # noqa: E402


def _result():
    return NS(evaluation=NS(unit="某局", year=2021), profile=NS(name="河南"), total=D("91.456"), grade="优",
              rate=D("0.91456"), weight_total=D("100"),
              indicators=[NS(name="决策", weight=D("20"), score=D("18.5"), rate=D("0.925")),
                          NS(name="产出", weight=D("80"), score=None, rate=None)],
              facts={"执行率": D("0.9512"), "执行率_年初": D("0.8"), "执行率_调整": None})


def _result_adjusted():
    r = _result()
    r.facts["执行率_调整"] = D("0.85125")
    return r


class _Loaded:
    def __init__(self, result, problems, rp=1):
        self.t = (NS(unit="某局", year=2021), NS(name="河南", score_places=2, rate_places=rp), result, problems)

    def as_tuple(self):
        return self.t


def _score(monkeypatch, loaded, json=False):
    def check_file(path, profile):
        if isinstance(loaded, Exception):
            raise loaded
        return loaded

    monkeypatch.setattr(common, "check_file", check_file)
    return score_cmd.run(argparse.Namespace(path="表.xlsx", profile=None, json=json))


def test_score_table(monkeypatch, capsys):
    assert _score(monkeypatch, _Loaded(_result(), [_p("警告")])) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert [line.split() for line in captured.out.splitlines()] == [
        ["某局", "2021年度", "部门整体绩效自评（评分规则：河南）"],
        ["指标", "权重分值", "得分", "得分率"], ["----", "--------", "-----", "------"],
        ["决策", "20", "18.5", "92.5%"], ["产出", "80", "—", "—"], ["合计", "100", "91.46", "91.5%"],
        ["总分：91.46", "等级：优"], ["预算执行率（年初预算）：80.00%"], ["预算执行率（调整预算）：—"]]
    assert "总分：91.46    等级：优\n" in captured.out
    assert _score(monkeypatch, _Loaded(_result(), [], rp=3)) == 0
    out = capsys.readouterr().out
    assert "预算执行率（年初预算）：80.000%\n" in out and "91.456%" in out
    assert _score(monkeypatch, _Loaded(_result_adjusted(), [])) == 0
    assert capsys.readouterr().out.endswith("预算执行率（年初预算）：80.00%\n预算执行率（调整预算）：85.13%\n")


def test_score_with_errors_is_no_result(monkeypatch, capsys):
    assert _score(monkeypatch, _Loaded(_result(), [_p("错误"), _p("警告")])) == 1
    captured = capsys.readouterr()
    err = captured.err.splitlines()
    assert err[0].split() == ["类别", "位置", "项目", "说明"] and err[2].split()[0] == "错误" and len(err) == 4
    out = captured.out.splitlines()
    assert out[5].split() == ["合计", "100", "—", "—"]
    assert out[6] == "总分、等级：无效（有1个错误，见上方列表；修改后再计算）"
    assert "等级：优" not in captured.out


def test_score_unscorable_and_unreadable(monkeypatch, capsys):
    assert _score(monkeypatch, _Loaded(None, [_p("错误")])) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.splitlines()[2].split()[0] == "错误"
    assert _score(monkeypatch, _Loaded(None, [])) == 1
    assert capsys.readouterr() == ("", "")
    assert _score(monkeypatch, InputError("无法打开文件：表.xlsx")) == 2
    assert capsys.readouterr().err == "无法打开文件：表.xlsx\n"


def test_score_json(monkeypatch, capsys):
    import json

    assert _score(monkeypatch, _Loaded(_result(), [_p("警告"), _p("警告")]), json=True) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and '"unit": "某局"' in captured.out and captured.out.startswith('{\n  "unit"')
    assert json.loads(captured.out) == {
        "unit": "某局", "year": 2021, "profile": "河南", "total": 91.456, "grade": "优", "rate": 0.91456,
        "levels": [{"name": "决策", "weight": 20.0, "score": 18.5, "rate": 0.925},
                   {"name": "产出", "weight": 80.0, "score": None, "rate": None}],
        "execution_rate": 0.9512, "execution_rate_initial": 0.8, "execution_rate_adjusted": None,
        "valid": True, "problems": 0, "warnings": 2}
    assert _score(monkeypatch, _Loaded(_result(), [_p("错误"), _p("警告")]), json=True) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert (data["valid"], data["total"], data["grade"], data["rate"], data["problems"], data["warnings"]) == (
        False, None, None, None, 1, 1)
    assert data["levels"][0]["score"] == 18.5 and data["execution_rate"] == 0.9512
    assert _score(monkeypatch, _Loaded(_result_adjusted(), []), json=True) == 0
    assert json.loads(capsys.readouterr().out)["execution_rate_adjusted"] == 0.85125
    assert captured.err.splitlines()[2].split()[0] == "错误"


# --- commands/common.py: widths, tables, problem lists, refused new forms (hand-written expected text) ---

def test_width_counts_wide_characters_twice():
    assert common.width("") == 0
    assert common.width("ab1") == 3
    assert common.width("类别") == 4          # W: two columns each
    assert common.width("ＡＢ") == 4          # F (fullwidth): two columns each
    assert common.width("a类") == 3
    assert common.width("ｱ") == 1            # halfwidth katakana (H): one column


def test_print_table_pads_by_display_width():
    out = io.StringIO()
    common.print_table([("类别", "x"), ("a", "长文本"), ("bbbbb", 7)], file=out)
    # widths: col 0 = max(4, 1, 5) = 5, col 1 = max(1, 6, 1) = 6
    assert out.getvalue() == ("类别   x\n"
                              "-----  ------\n"
                              "a      长文本\n"
                              "bbbbb  7\n")


def test_print_table_defaults_to_stdout(capsys):
    common.print_table([("a", "b")])
    assert capsys.readouterr().out == "a  b\n-  -\n"


def test_print_problems(capsys):
    common.print_problems([])
    assert capsys.readouterr().out == ""
    common.print_problems([_p("错误", "A1", "项", "坏")])
    # widths: 类别 4 / 位置 4 / 项目 4 / 说明 4; 错误 4, A1 2, 项 2, 坏 2
    assert capsys.readouterr().out == ("类别  位置  项目  说明\n"
                                       "----  ----  ----  ----\n"
                                       "错误  A1    项    坏\n")
    out = io.StringIO()
    common.print_problems([_p("警告", "B2", "x", "y")], file=out)
    assert out.getvalue().splitlines()[2] == "警告  B2    x     y"
    assert capsys.readouterr().out == ""


def test_load_for(monkeypatch, capsys):
    calls = _serve(monkeypatch, _Checked("ev", [_p("警告")], "res"))
    assert common.load_for(NS(path="表.xlsx", profile="省级")) == ("ev", None, "res", [_p("警告")])
    assert calls == [("表.xlsx", "省级")]
    _serve(monkeypatch, InputError("无法打开文件：表.xlsx"))
    assert common.load_for(NS(path="表.xlsx", profile=None)) is None
    captured = capsys.readouterr()
    assert captured.err == "无法打开文件：表.xlsx\n" and captured.out == ""


def test_new_form_refused(tmp_path, capsys):
    assert common.new_form_refused(tmp_path / "新.xlsx", False) is False
    assert common.new_form_refused(str(tmp_path / "新.XLSX"), False) is False
    assert capsys.readouterr().err == ""
    assert common.new_form_refused(tmp_path / "新.xls", True) is True
    assert capsys.readouterr().err == "文件名应以 .xlsx 结尾：新.xls\n"
    there = tmp_path / "有.xlsx"
    there.write_bytes(b"")
    assert common.new_form_refused(there, False) is True
    assert capsys.readouterr().err == f"文件已存在：{there}（如需覆盖请加 --force）\n"
    assert common.new_form_refused(there, True) is False
    assert capsys.readouterr().err == ""


# --- commands/import_.py: run() with import_last_year replaced (hand-written expected text and exit codes) ---

import xlperf.commands.import_ as import_cmd  # noqa: E402
from xlperf.importer import ImportFailure  # noqa: E402


class _Nar:
    def __init__(self):
        self.analysis, self.unplaced = ["析1", "析2"], ["散"]

    def all_items(self):
        return iter([("a", ["1", "2", "3"]), ("b", []), ("c", ["4"])])


def _import_args(tmp_path, output="新.xlsx", source="上年.xlsx", force=False):
    return argparse.Namespace(output=str(tmp_path / output), source=str(tmp_path / source), force=force,
                              year=2026, profile="省级", unit="某局")


def _imports(monkeypatch, answer):
    calls = []

    def import_last_year(*a):
        calls.append(a)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(import_cmd, "import_last_year", import_last_year)
    return calls


def test_import_writes_and_says_what_it_did(monkeypatch, tmp_path, capsys):
    done = NS(evaluation=NS(year=2026, narrative=_Nar()), kind_line="类型：部门", warnings=["w1", "w2"],
              source_year=2025)
    calls = _imports(monkeypatch, done)
    args = _import_args(tmp_path)
    assert import_cmd.run(args) == 0
    out = tmp_path / "新.xlsx"
    assert calls == [(args.source, out, 2026, "省级", "某局")]
    # placed = 3 + 0 + 1 items + 2 analysis = 6; unplaced 1
    assert capsys.readouterr().out == (
        "类型：部门\n提示：w1\n提示：w2\n"
        f"已生成2026年度填报表：{out}（来自2025年度的“上年.xlsx”，导入文字6段，未归类1段）\n"
        f"下一步：填写本年预算金额、各指标实际完成值和得分，然后运行 xlperf check {out}\n")
    done.kind_line, done.warnings = "", []
    assert import_cmd.run(args) == 0
    assert capsys.readouterr().out.startswith("已生成2026年度填报表：")


def test_import_refusals(monkeypatch, tmp_path, capsys):
    calls = _imports(monkeypatch, ImportFailure("上年文件无法读取"))
    assert import_cmd.run(_import_args(tmp_path, output="新.xls")) == 2
    assert capsys.readouterr().err == "文件名应以 .xlsx 结尾：新.xls\n"
    assert import_cmd.run(_import_args(tmp_path, output="同.xlsx", source="同.xlsx", force=True)) == 2
    assert capsys.readouterr().err == "新填报表不能覆盖上年文件，请换一个文件名\n"
    assert calls == []
    assert import_cmd.run(_import_args(tmp_path)) == 2
    captured = capsys.readouterr()
    assert captured.err == "上年文件无法读取\n" and captured.out == ""
    assert len(calls) == 1


def test_import_over_an_existing_form_needs_force(monkeypatch, tmp_path, capsys):
    calls = _imports(monkeypatch, NS(evaluation=NS(year=2026, narrative=_Nar()), kind_line="", warnings=[],
                                     source_year=2025))
    (tmp_path / "有.xlsx").write_bytes(b"")
    assert import_cmd.run(_import_args(tmp_path, output="有.xlsx")) == 2
    assert capsys.readouterr().err == f"文件已存在：{tmp_path / '有.xlsx'}（如需覆盖请加 --force）\n"
    assert calls == []
    assert import_cmd.run(_import_args(tmp_path, output="有.xlsx", force=True)) == 0
    assert len(calls) == 1


# --- commands/report.py: format choice and run() with the checking and writing replaced (hand-written) ---

import xlperf.commands.report as report_cmd  # noqa: E402


def _report_args(**kw):
    base = dict(path="表.xlsx", profile=None, out=None, format=None, template=None, no_chart=False)
    base.update(kw)
    return argparse.Namespace(**base)


@pytest.mark.parametrize("kw, fmt", [
    (dict(), "docx"),
    (dict(format="md", out="r.pdf"), "md"),
    (dict(out="r.PDF"), "pdf"),
    (dict(out="r.html", template="t.md.j2"), "html"),
    (dict(out="r.txt"), "docx"),
    (dict(out="r.txt", template="t.md.j2"), "md"),
    (dict(template="t.html.j2"), "html"),
    (dict(template="t.j2"), "docx"),
])
def test_report_format_choice(kw, fmt):
    assert report_cmd._choose_format(_report_args(**kw)) == fmt


def _report_serve(monkeypatch, checked, fail_write=None):
    calls = []
    monkeypatch.setattr(report_cmd, "check_file", lambda path, profile: (
        calls.append(("check", path, profile)), checked)[1] if not isinstance(checked, Exception) else
        (_ for _ in ()).throw(checked))
    monkeypatch.setattr(report_cmd, "report_context", lambda c: "CTX" if c is checked else "WRONG")
    monkeypatch.setattr(report_cmd, "report_name", lambda ctx, fmt: (calls.append(("name", ctx, fmt)), "名.x")[1])

    def report_path(name, source, output_dir, out):
        calls.append(("path", name, source, output_dir, out))
        return "OUT"

    def write_report(ctx, out, fmt, template, chart):
        calls.append(("write", ctx, out, fmt, template, chart))
        if fail_write:
            raise fail_write
        return "/写/报告.docx"

    monkeypatch.setattr(report_cmd, "report_path", report_path)
    monkeypatch.setattr(report_cmd, "write_report", write_report)
    return calls


def _checked(problems, reportable=True):
    return NS(problems=problems, reportable=reportable, evaluation=NS(options=NS(output_dir="出")))


def test_report_written(monkeypatch, tmp_path, capsys):
    calls = _report_serve(monkeypatch, _checked([]))
    assert report_cmd.run(_report_args(path="表.xlsx", profile="省级", out="a.md", no_chart=True)) == 0
    assert calls == [("check", "表.xlsx", "省级"), ("name", "CTX", "md"),
                     ("path", "名.x", report_cmd.Path("表.xlsx").resolve(), "出", "a.md"),
                     ("write", "CTX", "OUT", "md", None, False)]
    captured = capsys.readouterr()
    assert captured.out == "已生成报告：/写/报告.docx\n" and captured.err == ""
    calls.clear()
    assert report_cmd.run(_report_args(template="t.docx")) == 0
    assert calls[-1] == ("write", "CTX", "OUT", "docx", "t.docx", True)
    capsys.readouterr()


def test_report_with_warnings(monkeypatch, capsys):
    _report_serve(monkeypatch, _checked([_p("警告", "A1", "项", "坏"), _p("提示")]))
    assert report_cmd.run(_report_args()) == 0
    captured = capsys.readouterr()
    assert captured.out == "已生成报告：/写/报告.docx\n"
    assert captured.err == ("提示（1条，不影响生成报告）：\n"
                            "类别  位置  项目  说明\n"
                            "----  ----  ----  ----\n"
                            "警告  A1    项    坏\n")


def test_report_refused(monkeypatch, capsys):
    calls = _report_serve(monkeypatch, _checked([_p("警告", "A1", "项", "坏"), _p("错误", "B2", "x", "y")], False))
    assert report_cmd.run(_report_args()) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ("填报内容有错误，未生成报告。请先修改以下问题：\n"
                            "类别  位置  项目  说明\n"
                            "----  ----  ----  ----\n"
                            "错误  B2    x     y\n")
    assert [c[0] for c in calls] == ["check"]
    # not reportable without an error listed: every problem is shown
    _report_serve(monkeypatch, _checked([_p("警告", "A1", "项", "坏")], False))
    assert report_cmd.run(_report_args()) == 1
    assert capsys.readouterr().err.splitlines()[-1] == "警告  A1    项    坏"


def test_report_cannot_run(monkeypatch, capsys):
    calls = _report_serve(monkeypatch, _checked([]))
    assert report_cmd.run(_report_args(format="docx", template="t.md.j2")) == 2
    assert capsys.readouterr().err == "模板t.md.j2用于md格式，与输出格式docx不符\n"
    assert calls == []
    assert report_cmd.run(_report_args(format="pdf", template="t.docx")) == 0   # pdf is made from a docx template
    capsys.readouterr()
    _report_serve(monkeypatch, InputError("无法打开文件：表.xlsx"))
    assert report_cmd.run(_report_args()) == 2
    assert capsys.readouterr().err == "无法打开文件：表.xlsx\n"
    _report_serve(monkeypatch, _checked([]), fail_write=InputError("无法写入：OUT"))
    assert report_cmd.run(_report_args()) == 2
    captured = capsys.readouterr()
    assert captured.err == "无法写入：OUT\n" and captured.out == ""
