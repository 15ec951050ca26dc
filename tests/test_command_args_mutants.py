"""Every command's arguments (``xlperf.commands.args.*``) judged by what a user types and reads (session 8, s8a).

Three tables written by hand from the README, the command reference in the modules' docstrings and what each
option promises in its own words:

* ``PARSES`` — a command line and the whole namespace the command's ``run(args)`` reads (defaults, types, choices,
  flags, lists);
* ``REFUSED`` — a command line argparse must refuse, with the Chinese message and exit code 2;
* ``PAGES`` — each ``--help`` page: its usage line, the words that state a default or a format, and its examples.

Two rules hold for every page: every entry (argument, option, sub-command) is explained in Chinese, and no Latin
word appears but the option names, file types, product names and the few English terms listed in ``LATIN`` (so a
placeholder such as ``OUTPUT`` or a changed letter case is caught).  No equivalent mutants are argued here: redundant
``default=None``/``default=""`` values (every consumer treats a missing value and "" alike) were removed instead.
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
from pathlib import Path

import pytest

from xlperf import cli
from xlperf.cli import main

ROOT = Path(__file__).resolve().parents[1]
WIN_PYTHON = r"%LOCALAPPDATA%\xlperf\venv\Scripts\pythonw.exe"  # docs/install-windows.md: the per-user install


@pytest.fixture(autouse=True)
def _wide_terminal(monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # one line per usage, as argparse prints it on a wide console


def parsed(name: str, argv: list[str]) -> dict:
    """The namespace ``xlperf NAME ARGV…`` hands to the command (built as :func:`xlperf.cli.main` builds it)."""
    declared = importlib.import_module(f"xlperf.commands.args.{cli.COMMANDS[name]}")
    parser = argparse.ArgumentParser(prog=f"xlperf {name}")
    declared.add_arguments(parser)
    return vars(parser.parse_args(argv))


SERVE = dict(data=None, db=None, host="127.0.0.1", port=8080, year=None, jobs=None, base_url=None, action=None)
SUB = dict(data="报送数据", db=None, base_url=None)  # what a sub-command's own --data/--db/--base-url leave

PARSES = [
    ("batch", ["收到的填报表", "-o", "汇总结果"],
     dict(folder="收到的填报表", output="汇总结果", jobs=None, format="docx", profile=None, force=False, timeout=300,
          include_json=False, last_year=None, title=None)),
    ("batch", ["甲", "--output", "乙", "--jobs", "3", "--format", "md,pdf", "--profile", "规则.toml", "--force",
               "--timeout", "1.5", "--include-json", "--last-year", "上年.xlsx", "--title", "金水区财政局"],
     dict(folder="甲", output="乙", jobs=3, format="md,pdf", profile="规则.toml", force=True, timeout=1.5,
          include_json=True, last_year="上年.xlsx", title="金水区财政局")),
    ("build", [], dict(outdir=None, no_macro=False)),
    ("build", ["--outdir", "新填报表", "--no-macro"], dict(outdir="新填报表", no_macro=True)),
    ("check", ["表.xlsx"], dict(path="表.xlsx", profile=None, json=False)),
    ("check", ["表.json", "--profile", "部门整体-河南2021", "--json"],
     dict(path="表.json", profile="部门整体-河南2021", json=True)),
    ("import", ["上年.docx", "-o", "新.xlsx"],
     dict(source="上年.docx", output="新.xlsx", year=None, profile=None, unit=None, force=False)),
    ("import", ["上年.xlsx", "--output", "新.xlsx", "--year", "2022", "--profile", "p.toml", "--unit", "某某局", "--force"],
     dict(source="上年.xlsx", output="新.xlsx", year=2022, profile="p.toml", unit="某某局", force=True)),
    ("new", ["新.xlsx"], dict(path="新.xlsx", profile=None, force=False)),
    ("new", ["新.xlsx", "--profile", "项目支出-财预2020-10号", "--force"],
     dict(path="新.xlsx", profile="项目支出-财预2020-10号", force=True)),
    ("open-report", [], dict(files=[], no_open=False)),
    ("open-report", ["甲局.xlsx", "乙局.xlsx", "--no-open"], dict(files=["甲局.xlsx", "乙局.xlsx"], no_open=True)),
    ("profiles", [], dict(check=None)),
    ("profiles", ["--check", "我的.toml"], dict(check="我的.toml")),
    ("report", ["表.xlsx"], dict(path="表.xlsx", out=None, format=None, template=None, profile=None, no_chart=False)),
    ("report", ["表.xlsx", "-o", "报告/", "--format", "pdf", "--template", "模板.docx", "--profile", "p", "--no-chart"],
     dict(path="表.xlsx", out="报告/", format="pdf", template="模板.docx", profile="p", no_chart=True)),
    ("report", ["表.xlsx", "--out", "r.md", "--format", "md"],
     dict(path="表.xlsx", out="r.md", format="md", template=None, profile=None, no_chart=False)),
    ("report", ["表.xlsx", "--format", "html"],
     dict(path="表.xlsx", out=None, format="html", template=None, profile=None, no_chart=False)),
    ("report", ["表.xlsx", "--format", "docx"],
     dict(path="表.xlsx", out=None, format="docx", template=None, profile=None, no_chart=False)),
    ("score", ["表.xlsx"], dict(path="表.xlsx", json=False, profile=None)),
    ("score", ["表.xlsx", "--json", "--profile", "p"], dict(path="表.xlsx", json=True, profile="p")),
    ("serve", ["--data", "报送数据"], {**SERVE, "data": "报送数据"}),
    ("serve", ["--data", "d", "--db", "postgresql://u@h/库", "--host", "0.0.0.0", "--port", "9000", "--year", "2024",
               "--jobs", "2", "--base-url", "http://10.1.2.3:8080"],
     dict(data="d", db="postgresql://u@h/库", host="0.0.0.0", port=9000, year=2024, jobs=2,
          base_url="http://10.1.2.3:8080", action=None)),
    ("serve", ["units", "add", "--data", "报送数据", "甲局", "乙局"],
     {**SERVE, **SUB, "action": "units", "units_action": "add", "names": ["甲局", "乙局"]}),
    ("serve", ["units", "add", "--data", "报送数据", "--db", "postgresql://h/db", "--base-url", "http://h:1", "甲局"],
     {**SERVE, **SUB, "db": "postgresql://h/db", "base_url": "http://h:1", "action": "units", "units_action": "add",
      "names": ["甲局"]}),
    ("serve", ["units", "import", "--data", "报送数据", "名单.xlsx"],
     {**SERVE, **SUB, "action": "units", "units_action": "import", "file": "名单.xlsx"}),
    ("serve", ["units", "import", "--data", "报送数据", "--base-url", "http://h:2", "名单.xlsx"],
     {**SERVE, **SUB, "base_url": "http://h:2", "action": "units", "units_action": "import", "file": "名单.xlsx"}),
    ("serve", ["admin", "--data", "报送数据", "管理员"],
     {**SERVE, "data": "报送数据", "action": "admin", "name": "管理员", "password_stdin": False}),
    ("serve", ["admin", "--data", "报送数据", "--db", "postgresql://h/db", "管理员", "--password-stdin"],
     {**SERVE, "data": "报送数据", "db": "postgresql://h/db", "action": "admin", "name": "管理员",
      "password_stdin": True}),
    ("serve", ["token", "--data", "报送数据"], {**SERVE, "data": "报送数据", "action": "token", "admin": "api"}),
    ("serve", ["token", "--data", "报送数据", "--admin", "张三"],
     {**SERVE, "data": "报送数据", "action": "token", "admin": "张三"}),
    ("serve", ["demo", "--data", "报送数据"], {**SERVE, **SUB, "action": "demo"}),
    ("serve", ["demo", "--data", "报送数据", "--base-url", "http://h:3"],
     {**SERVE, **SUB, "base_url": "http://h:3", "action": "demo"}),
    ("setup", [], dict(interpreter_setting=WIN_PYTHON, entry_dir=None, no_entry=False, no_selftest=False)),
    ("setup", ["--interpreter-setting", r"C:\Python311\pythonw.exe", "--entry-dir", "菜单", "--no-entry",
               "--no-selftest"],
     dict(interpreter_setting=r"C:\Python311\pythonw.exe", entry_dir="菜单", no_entry=True, no_selftest=True)),
    ("submit", ["表.xlsx"], dict(paths=["表.xlsx"], url=None, timeout=120.0, show=False)),
    ("submit", ["甲.xlsx", "乙.xlsx", "--url", "http://h:8080/u/令牌", "--timeout", "2.5", "--show"],
     dict(paths=["甲.xlsx", "乙.xlsx"], url="http://h:8080/u/令牌", timeout=2.5, show=True)),
    ("wheelhouse", ["离线安装包"], dict(dir="离线安装包", python="3.11")),
    ("wheelhouse", ["离线安装包", "--python", "3.13"], dict(dir="离线安装包", python="3.13")),
]


@pytest.mark.parametrize(("name", "argv", "expected"), PARSES, ids=[f"{n}-{i}" for i, (n, *_) in enumerate(PARSES)])
def test_a_command_line_gives_the_namespace_the_command_reads(name, argv, expected):
    got = parsed(name, argv)
    assert got == expected
    assert {k: type(v) for k, v in got.items()} == {k: type(v) for k, v in expected.items()}  # 2 is no "2"


REFUSED = [
    ("batch", ["收到的填报表"], "xlperf batch：错误：缺少必需的参数：-o/--output"),
    ("batch", ["甲", "-o", "乙", "--jobs", "两"], "参数 --jobs：无效的int值：'两'"),
    ("batch", ["甲", "-o", "乙", "--timeout", "三百"], "参数 --timeout：无效的float值：'三百'"),
    ("import", ["上年.docx"], "xlperf import：错误：缺少必需的参数：-o/--output"),
    ("import", ["上年.docx", "-o", "新.xlsx", "--year", "二〇二二"], "参数 --year：无效的int值：'二〇二二'"),
    ("report", ["表.xlsx", "--format", "doc"], "参数 --format：无效的选项 'doc'（可选：'docx', 'md', 'html', 'pdf'）"),
    ("report", [], "xlperf report：错误：缺少必需的参数：文件"),
    ("check", [], "xlperf check：错误：缺少必需的参数：文件"),
    ("score", [], "xlperf score：错误：缺少必需的参数：文件"),
    ("new", [], "xlperf new：错误：缺少必需的参数：文件"),
    ("wheelhouse", [], "xlperf wheelhouse：错误：缺少必需的参数：文件夹"),
    ("batch", ["-o", "乙"], "xlperf batch：错误：缺少必需的参数：文件夹"),
    ("import", ["-o", "新.xlsx"], "xlperf import：错误：缺少必需的参数：上年文件"),
    ("submit", [], "xlperf submit：错误：缺少必需的参数：文件"),
    ("submit", ["表.xlsx", "--timeout", "两分钟"], "参数 --timeout：无效的float值：'两分钟'"),
    ("serve", ["--port", "八零"], "参数 --port：无效的int值：'八零'"),
    ("serve", ["--year", "明年"], "参数 --year：无效的int值：'明年'"),
    ("serve", ["--jobs", "两"], "参数 --jobs：无效的int值：'两'"),
    ("serve", ["units"], "xlperf serve units：错误：缺少必需的参数：操作"),
    ("serve", ["units", "add", "--data", "报送数据"], "xlperf serve units add：错误：缺少必需的参数：单位名称"),
    ("serve", ["units", "add", "甲局"], "xlperf serve units add：错误：缺少必需的参数：--data"),
    ("serve", ["units", "import", "名单.xlsx"], "xlperf serve units import：错误：缺少必需的参数：--data"),
    ("serve", ["units", "import", "--data", "报送数据"], "xlperf serve units import：错误：缺少必需的参数：名单"),
    ("serve", ["admin", "管理员"], "xlperf serve admin：错误：缺少必需的参数：--data"),
    ("serve", ["admin", "--data", "报送数据"], "xlperf serve admin：错误：缺少必需的参数：用户名"),
    ("serve", ["token"], "xlperf serve token：错误：缺少必需的参数：--data"),
    ("serve", ["demo"], "xlperf serve demo：错误：缺少必需的参数：--data"),
]


@pytest.mark.parametrize(("name", "argv", "message"), REFUSED, ids=[f"{n}-{i}" for i, (n, *_) in enumerate(REFUSED)])
def test_a_wrong_command_line_is_refused_in_chinese(name, argv, message, capsys):
    assert main([name, *argv]) == 2
    err = capsys.readouterr().err
    assert message in err, err


LATIN = {
    "xlperf", "docx", "md", "html", "pdf", "workbooks", "wheel",
    "Word", "Markdown", "HTML", "PDF", "JSON", "CPU", "Windows", "Linux", "Python", "PostgreSQL", "postgresql",
    "SQLite", "URL", "API", "Authorization", "Bearer", "http", "u", "api", "submit", "status", "total", "grade",
    "problems", "xlwings", "conf", "Interpreter", "Win", "LOCALAPPDATA", "venv", "Scripts", "pythonw", "exe",
    "local", "share", "applications", "units", "add", "import", "admin", "token", "demo",
    *(word for name in cli.COMMANDS for word in name.split("-")),  # the prog name in each usage line
}

#: page → (usage line, words that state a default or a format, the examples at its end)
PAGES = {
    ("batch",): (
        "xlperf batch [-h] -o 输出文件夹 [--jobs 进程数] [--format 格式] [--profile 规则] [--force] [--timeout 秒] "
        "[--include-json] [--last-year 上年汇总表] [--title 汇总单位] 文件夹",
        [f"（缺省：CPU数，本机{os.cpu_count()}）", "逗号分隔：docx、md、html、pdf（缺省 docx）", "缺省用各表中设置",
         "超时记为失败（缺省300秒）", "金水区财政局2024年度部门整体绩效自评汇总表", "不指定时用各表自填的上年总分"],
        ["xlperf batch 收到的填报表 -o 汇总结果", "xlperf batch 收到的填报表 -o 汇总结果 --format docx,pdf --jobs 2"]),
    ("build",): (
        "xlperf build [-h] [--outdir 文件夹] [--no-macro]",
        ["缺省为源代码目录中的 workbooks/", "只生成 .xlsx"],
        ["xlperf build", "xlperf build --outdir 新填报表 --no-macro"]),
    ("check",): (
        "xlperf check [-h] [--profile 规则] [--json] 文件",
        ["填报表（.xlsx/.xlsm）或 .json", "缺省用表中设置", "status、total、grade、problems"],
        ["xlperf check 2021年绩效自评.xlsx", "xlperf check 2021年绩效自评.xlsx --profile 部门整体-河南2021"]),
    ("import",): (
        "xlperf import [-h] -o 新填报表 [--year 年度] [--profile 规则] [--unit 单位名称] [--force] 上年文件",
        ["上年自评报告（.docx/.txt）或上年填报表（.xlsx/.xlsm）", "缺省为上年年度加1", "缺省：填报表内的规则或默认规则",
         "已存在时覆盖"],
        ["xlperf import 2021年度绩效自评报告.docx -o 2022年绩效自评.xlsx",
         "xlperf import 2021年绩效自评.xlsx -o 2022年绩效自评.xlsx --year 2022"]),
    ("new",): (
        "xlperf new [-h] [--profile 规则] [--force] 文件",
        ["缺省为默认规则", "文件已存在时覆盖"],
        ["xlperf new 2022年绩效自评.xlsx", "xlperf new 项目自评.xlsx --profile 项目支出-财预2020-10号"]),
    ("open-report",): (
        "xlperf open-report [-h] [--no-open] [文件 ...]",
        ["可以多个", "不打开"],
        ["xlperf open-report 2021年绩效自评.xlsx", "xlperf open-report 甲局.xlsx 乙局.xlsx --no-open"]),
    ("profiles",): (
        "xlperf profiles [-h] [--check 文件]",
        ["校验一个评分规则文件"],
        ["xlperf profiles", "xlperf profiles --check 我的评分规则.toml"]),
    ("report",): (
        "xlperf report [-h] [-o 文件] [--format {docx,md,html,pdf}] [--template 文件] [--profile 规则] [--no-chart] 文件",
        ["缺省：填报表所在文件夹，按单位和年度命名", "缺省按 -o 的扩展名，否则为 docx", ".docx 或 .md.j2/.html.j2",
         "不插入得分率图表"],
        ["xlperf report 2021年绩效自评.xlsx", "xlperf report 2021年绩效自评.xlsx -o 报告/ --format pdf"]),
    ("score",): (
        "xlperf score [-h] [--json] [--profile 规则] 文件",
        ["以JSON格式输出", "缺省用表中设置"],
        ["xlperf score 2021年绩效自评.xlsx", "xlperf score 2021年绩效自评.xlsx --json"]),
    ("serve",): (
        "xlperf serve [-h] [--data 文件夹] [--db URL] [--host 地址] [--port 端口] [--year 年度] [--jobs 进程数] "
        "[--base-url 网址] 操作 ...",
        ["不写操作时启动服务", "缺省用数据文件夹中的 SQLite", "内网服务用 0.0.0.0；缺省只本机", "端口（缺省 8080）",
         "缺省按设置页，未设则不限", "同时检查的进程数（缺省：CPU数）", "如 http://10.1.2.3:8080"],
        ["xlperf serve units import --data 报送数据 单位名单.xlsx",
         "xlperf serve --data 报送数据 --host 0.0.0.0 --port 8080 --year 2024"]),
    ("serve", "units"): ("xlperf serve units [-h] 操作 ...", ["添加单位", "从名单导入单位"], []),
    ("serve", "units", "add"): (
        "xlperf serve units add [-h] --data 文件夹 [--db URL] [--base-url 网址] 单位名称 [单位名称 ...]",
        ["可以多个", "链接前面的服务地址"], []),
    ("serve", "units", "import"): (
        "xlperf serve units import [-h] --data 文件夹 [--db URL] [--base-url 网址] 名单",
        ["（.xlsx）或上年汇总表"], []),
    ("serve", "admin"): (
        "xlperf serve admin [-h] --data 文件夹 [--db URL] [--password-stdin] 用户名",
        ["从标准输入读取密码"], []),
    ("serve", "token"): ("xlperf serve token [-h] --data 文件夹 [--db URL] [--admin 用户名]", ["令牌记在谁名下"], []),
    ("serve", "demo"): ("xlperf serve demo [-h] --data 文件夹 [--db URL] [--base-url 网址]", ["链接前面的服务地址"], []),
    ("setup",): (
        "xlperf setup [-h] [--interpreter-setting 值] [--entry-dir 文件夹] [--no-entry] [--no-selftest]",
        [f"xlwings.conf 表的 Interpreter_Win（Windows；缺省 {WIN_PYTHON}）",
         "Windows 的“发送到”文件夹，Linux 的 ~/.local/share/applications", "不安装菜单项", "不自检"],
        ["xlperf setup", "xlperf setup --no-selftest"]),
    ("submit",): (
        "xlperf submit [-h] [--url 链接] [--timeout 秒] [--show] 文件 [文件 ...]",
        ["缺省用填报表“设置”表中的“报送链接”", "缺省120秒", "“<文件名>-报送结果.html”"],
        ["xlperf submit 2021年绩效自评.xlsx",
         "xlperf submit 2021年绩效自评.xlsx --url http://192.168.1.10:8080/u/本单位的令牌"]),
    ("wheelhouse",): (
        "xlperf wheelhouse [-h] [--python 版本] 文件夹",
        ["（3.11、3.12、3.13，默认3.11）"],
        ["xlperf wheelhouse 离线安装包", "xlperf wheelhouse 离线安装包 --python 3.12"]),
}


def help_page(page: tuple[str, ...], capsys) -> str:
    assert main([*page, "--help"]) == 0
    return capsys.readouterr().out


def entries(text: str) -> list[tuple[str, str]]:
    """(what is listed, its explanation) under the page's 参数:/选项: headings; a long name has its explanation on
    the next, deeper-indented line."""
    found: list[list[str]] = []
    section = False
    for line in text.split("\n"):
        if line in ("参数:", "选项:"):
            section = True
        elif not line.strip() or not line.startswith(" "):
            section = False
        elif section and len(line) - len(line.lstrip()) >= 8 and found:
            found[-1][1] += line.strip()
        elif section:
            name, _, explained = line.strip().partition("  ")
            found.append([name, explained.strip()])
    return [(name, explained) for name, explained in found]


@pytest.mark.parametrize("page", list(PAGES), ids=" ".join)
def test_each_help_page_says_what_the_user_may_type(page, capsys):
    usage, words, examples = PAGES[page]
    text = help_page(page, capsys)
    assert text.startswith(f"用法：{usage}\n"), text.split("\n")[0]
    for said in words:
        assert said in text, said
    tail = text.rstrip("\n").split("\n示例：\n")
    assert (tail[1].split("\n") if len(tail) == 2 else []) == ["  " + line for line in examples]


@pytest.mark.parametrize("page", list(PAGES), ids=" ".join)
def test_every_entry_of_a_help_page_is_explained_in_chinese_words(page, capsys):
    text = help_page(page, capsys)
    listed = entries(text)
    assert len(listed) >= 2  # -h and at least one of the command's own
    for name, explained in listed:
        assert re.search(r"[\u4e00-\u9fff]", explained), (name, explained)
    shown = re.sub(r"(?<![\w-])--?[a-z][a-z-]*", "", text)  # option names as typed
    assert not re.search(r"\.[A-Z]", shown), "file types are written in small letters"
    shown = re.sub(r"\.[a-z][a-z0-9]*", "", shown)  # file types (.xlsx, .md.j2, xlwings.conf)
    assert set(re.findall(r"[A-Za-z]+", shown)) <= LATIN, set(re.findall(r"[A-Za-z]+", shown)) - LATIN


SUBCOMMANDS = {("serve",): ["units", "admin", "token", "demo"], ("serve", "units"): ["add", "import"]}


@pytest.mark.parametrize("page", list(SUBCOMMANDS), ids=" ".join)
def test_every_sub_command_is_listed(page, capsys):
    """argparse lists a sub-command only when it has a help line: the clerk must see each one."""
    names = [name for name, _ in entries(help_page(page, capsys))]
    assert [name for name in names if name in SUBCOMMANDS[page]] == SUBCOMMANDS[page]


def test_the_rules_catch_a_placeholder_and_a_missing_explanation():
    """The two rules are real: argparse's own placeholder (an option without metavar) and an option without help."""
    assert entries("选项:\n  -h, --help  显示本帮助并退出\n  --jobs JOBS\n\n") == [("-h, --help", "显示本帮助并退出"),
                                                                         ("--jobs JOBS", "")]
    assert entries("参数:\n  文件夹                   存放\n选项:\n  -o 输出, --output 输出\n"
                   "                        输出文件夹\n") == [("文件夹", "存放"), ("-o 输出, --output 输出", "输出文件夹")]
    shown = re.sub(r"(?<![\w-])--?[a-z][a-z-]*", "", "  --jobs JOBS  同时处理（缺省：cpu数）\n")
    assert set(re.findall(r"[A-Za-z]+", shown)) - LATIN == {"JOBS", "cpu"}


def test_the_readme_synopsis_of_batch_lists_exactly_its_options(capsys):
    """README's one-line synopsis of ``xlperf batch`` and its ``--help`` name the same options (knowledge checked
    once: a new option must be documented where IT staff read about the batch)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    synopsis = next(line for line in readme.splitlines() if line.startswith("`xlperf batch 文件夹 -o"))
    usage = help_page(("batch",), capsys).split("\n")[0]
    assert options(synopsis) == options(usage) - {"-h"}


def options(text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])--?[a-z][a-z-]*", text))
