"""The thin command modules in process, their work done by stand-ins (issue 19: `make mutate` judges them by fast
tests): xlperf.commands submit, batch, build, new, open_report, profiles and serve.

Each command hands the parsed arguments to the use-case layer and prints its answer: the tests check what is handed
down (paths, link, timeout, formats, suffixes, host/port …), the exact Chinese lines a clerk or IT staff read (stdout
or stderr, as the module promises) and the exit codes (0 done, 1 found errors, 2 not done).  Expected lines are
written by hand here; the problem table is the one ``xlperf check`` prints (类别/位置/项目/说明, columns as wide as
their widest cell, a CJK character two columns, two spaces between columns).

Session 8 (s8b, docs/mutation.md): submit 110, serve 156, batch 82, build 49, open_report 39, profiles 24, new 20
mutants, all killed; no equivalent mutant is left (batch's ``Progress(sys.stderr)`` is ``Progress()``, stderr being
its default; open_report's ``max(code, 1)`` over 0/1 is ``code = 1``).

No test here has “libreoffice” or “slow” in its name: the mutation runs use K='not libreoffice and not slow'.
"""

from __future__ import annotations

import io
import sys
import types
from pathlib import Path

import pytest

from xlperf.app.submit import NO_LINK, Answer, SubmitError
from xlperf.batch.progress import Progress
from xlperf.commands import batch, build, new, profiles, serve, submit
from xlperf.commands import open_report as open_report_cmd
from xlperf.domain.numbers import InputError
from xlperf.errors import InputError as ServeInputError
from xlperf.errors import LoadError

NS = types.SimpleNamespace


class Calls(list):
    """A stand-in function: records (args, kwargs), answers ``answer`` (or raises it, or calls it)."""

    def __init__(self, answer=None):
        super().__init__()
        self.answer = answer

    def __call__(self, *args, **kwargs):
        self.append((args, kwargs))
        if isinstance(self.answer, BaseException):
            raise self.answer
        return self.answer(*args, **kwargs) if callable(self.answer) else self.answer


# --------------------------------------------------------------------------- submit


def _submit_args(*paths, url=None, show=False, timeout=120.0):
    return NS(paths=list(paths), url=url, show=show, timeout=timeout)


@pytest.fixture
def service(monkeypatch):
    link, upload = Calls(""), Calls(Answer("成功", 91.0, "优"))
    monkeypatch.setattr(submit, "submission_link", link)
    monkeypatch.setattr(submit, "submit_file", upload)
    return link, upload


def test_submit_uses_the_forms_link_and_the_timeout(service, capsys):
    link, upload = service
    link.answer = "http://10.1.2.3:8080/u/abc"
    assert submit.run(_submit_args("表.xlsx", timeout=7.5)) == 0
    assert link == [((Path("表.xlsx"),), {})]
    assert upload == [((Path("表.xlsx"), "http://10.1.2.3:8080/u/abc"), {"timeout": 7.5})]
    assert capsys.readouterr() == ("已报送：成功，总分 91，等级 优。\n", "")


def test_submit_url_wins_over_the_form(service, capsys):
    link, upload = service
    assert submit.run(_submit_args("表.xlsx", url="http://h/u/t")) == 0
    assert link == [] and upload[0][0] == (Path("表.xlsx"), "http://h/u/t")


@pytest.mark.parametrize("url, field", [(None, ""), (None, "   "), ("  ", "")])
def test_submit_without_a_link(service, capsys, url, field):
    link, upload = service
    link.answer = field
    assert submit.run(_submit_args("表.xlsx", url=url)) == 2
    assert upload == []
    assert capsys.readouterr() == ("", NO_LINK + "\n")
    assert NO_LINK.startswith("还没有报送链接：请向财政局索取本单位的报送链接")


@pytest.mark.parametrize("where", ["link", "upload"])
def test_submit_refused_or_unreadable_is_not_submitted(service, capsys, where):
    link, upload = service
    link.answer = LoadError("无法读取：表.xlsx") if where == "link" else "http://h/u/t"
    upload.answer = SubmitError("无法连接报送服务：h")
    assert submit.run(_submit_args("表.xlsx")) == 2
    assert capsys.readouterr().err == ("无法读取：表.xlsx\n" if where == "link" else "无法连接报送服务：h\n")


PROBLEMS = [{"level": "错误", "where": "封面!C5", "item": "单位名称", "message": "不能为空"}, {"message": "缺少年度"},
            {"level": "警告"}]
TABLE = ("类别  位置     项目      说明\n"
         "----  -------  --------  --------\n"
         "错误  封面!C5  单位名称  不能为空\n"
         + " " * 25 + "缺少年度\n"
         "警告\n")


@pytest.mark.parametrize("status, code", [("成功", 0), ("有警告", 0), ("填报有误", 1), ("失败", 1), ("无法读取", 2)])
def test_submit_exit_code_by_the_services_status(service, capsys, status, code):
    link, upload = service
    upload.answer = Answer(status, problems=PROBLEMS)
    assert submit.run(_submit_args("表.xlsx", url="http://h/u/t")) == code
    line = f"已报送：{status}，请按下列问题修改后重新报送。\n"
    out, err = capsys.readouterr()
    assert (out, err) == ((line + TABLE, "") if code < 2 else (TABLE, line))


def test_submit_several_forms_answers_the_worst(service, capsys):
    link, upload = service
    answers = iter([Answer("成功", 80), Answer("无法读取"), Answer("填报有误")])
    upload.answer = lambda *a, **k: next(answers)
    assert submit.run(_submit_args("a.xlsx", "b.xlsx", "c.xlsx", url="http://h/u/t")) == 2
    assert [a[0] for a, k in upload] == [Path("a.xlsx"), Path("b.xlsx"), Path("c.xlsx")]


def test_submit_show_writes_the_answer_page_and_opens_it(service, monkeypatch, tmp_path, capsys):
    link, upload = service
    upload.answer = Answer("填报有误", problems=PROBLEMS)
    monkeypatch.setenv("HOME", str(tmp_path))
    page, written, opened = Calls("<html>"), Calls(tmp_path / "表-报送结果.html"), Calls()
    monkeypatch.setattr(submit, "result_page", page)
    monkeypatch.setattr(submit, "write_page", written)
    monkeypatch.setattr(submit, "open_path", opened)
    assert submit.run(_submit_args("~/表.xlsx", url="http://h/u/t", show=True)) == 1
    assert capsys.readouterr() == ("", "")  # no console: the page says it
    [((outcome, title, again), _)] = page
    assert (title, again) == ("报送结果", "报送财政局")
    assert (outcome.source, outcome.path, outcome.report) == (tmp_path / "表.xlsx", None, False)
    assert outcome.message == "已报送：填报有误，请按下列问题修改后重新报送。"
    assert [(p.severity, p.where, p.label, p.message) for p in outcome.problems] == [
        ("错误", "封面!C5", "单位名称", "不能为空"), ("", "", "", "缺少年度"), ("警告", "", "", "")]
    assert written == [((outcome, "<html>", "-报送结果.html"), {})]
    assert opened == [((tmp_path / "表-报送结果.html",), {})]


def test_submit_show_of_a_relative_path_names_it_absolutely(service, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    written = Calls(tmp_path / "x.html")
    monkeypatch.setattr(submit, "write_page", written)
    monkeypatch.setattr(submit, "open_path", Calls())
    assert submit.run(_submit_args("表.xlsx", url="http://h/u/t", show=True)) == 0
    assert written[0][0][0].source == tmp_path / "表.xlsx"


# --------------------------------------------------------------------------- batch


class Outcome(NS):
    def count(self, status):
        return self.counts.get(str(status), 0)


def _batch_args(**kw):
    return NS(**{"folder": "各单位", "output": "输出", "jobs": None, "format": "docx", "profile": None, "force": False,
                 "timeout": 300.0, "include_json": False, "last_year": None, "title": "", **kw})


@pytest.fixture
def batch_run(monkeypatch):
    outcome = Outcome(records=[NS(reports=["a.docx"]), NS(reports=[]), NS(reports=[])],
                      counts={"成功": 1, "填报有误": 2}, processed=2, skipped=1, summary=Path("输出/汇总表.xlsx"),
                      exit_code=1)
    ran, warned, notice = Calls(outcome), Calls(None), Calls(None)
    monkeypatch.setattr(batch, "run_batch", ran)
    monkeypatch.setattr(batch, "year_warning", warned)
    monkeypatch.setattr(batch, "font_notice", notice)
    return outcome, ran, warned, notice


def test_batch_hands_the_arguments_down_and_counts(batch_run, capsys):
    outcome, ran, warned, notice = batch_run
    args = _batch_args(jobs=1, format=" DOCX, pdf,,md ", profile="p.toml", force=True, timeout=60.0,
                       last_year="上年/汇总表.xlsx", title="金水区财政局")
    assert batch.run(args) == 1
    [((folder, output), kw)] = ran
    assert (folder, output) == ("各单位", "输出")
    progress = kw.pop("progress")
    assert isinstance(progress, Progress) and progress.stream is sys.stderr
    assert kw == {"jobs": 1, "formats": ("docx", "pdf", "md"), "profile": "p.toml", "force": True,
                  "suffixes": (".xlsx", ".xlsm", ".xls"), "timeout": 60.0, "last_year": "上年/汇总表.xlsx",
                  "title": "金水区财政局"}
    assert capsys.readouterr().out == (
        "共3个工作簿：成功1，有警告0，填报有误2，无法读取0，失败0（本次处理2个，跳过未变化的1个）\n"
        f"汇总表：{Path('输出/汇总表.xlsx')}\n")
    assert warned == [((outcome.records,), {})]
    assert notice == []  # no PDF was written


def test_batch_include_json_and_default_jobs(batch_run):
    outcome, ran, warned, notice = batch_run
    assert batch.run(_batch_args(include_json=True)) == 1
    assert ran[0][1]["suffixes"] == (".xlsx", ".xlsm", ".xls", ".json") and ran[0][1]["jobs"] is None
    assert ran[0][1]["formats"] == ("docx",)


@pytest.mark.parametrize("jobs", [0, -2])
def test_batch_refuses_jobs_below_one(batch_run, capsys, jobs):
    outcome, ran, warned, notice = batch_run
    assert batch.run(_batch_args(jobs=jobs)) == 2
    assert capsys.readouterr() == ("", "--jobs 须为正整数\n") and ran == []


def test_batch_input_error(batch_run, capsys):
    outcome, ran, warned, notice = batch_run
    ran.answer = InputError("文件夹不存在：各单位")
    assert batch.run(_batch_args()) == 2
    assert capsys.readouterr() == ("", "文件夹不存在：各单位\n")


def test_batch_year_warning_and_font_notice(batch_run, capsys):
    outcome, ran, warned, notice = batch_run
    outcome.records = [NS(reports=[Path("a.docx")]), NS(reports=[Path("b.docx"), Path("b.pdf")])]
    warned.answer, notice.answer = "有两个年度的工作簿", "缺少字体：方正小标宋简体"
    assert batch.run(_batch_args(format="docx,pdf")) == 1
    assert capsys.readouterr().err == "有两个年度的工作簿\n缺少字体：方正小标宋简体\n"
    [((docx,), _)] = notice
    assert docx.name == "report.docx" and docx.is_file()
    notice.answer = None
    assert batch.run(_batch_args(format="docx,pdf")) == 1
    assert capsys.readouterr().err == "有两个年度的工作簿\n"


def test_batch_font_notice_only_when_pdf_was_asked_and_written(batch_run, capsys):
    outcome, ran, warned, notice = batch_run
    notice.answer = "缺少字体"
    outcome.records = [NS(reports=[Path("a.pdf")])]
    assert batch.run(_batch_args(format="docx")) == 1
    outcome.records = [NS(reports=[Path("a.docx"), Path("a.md")])]
    assert batch.run(_batch_args(format="pdf,docx")) == 1
    assert notice == [] and capsys.readouterr().err == ""


# --------------------------------------------------------------------------- build


@pytest.fixture
def builder(monkeypatch, tmp_path):
    paths = [tmp_path / "a.xlsx", tmp_path / "b.xlsx", tmp_path / "c.json"]
    built = Calls(lambda outdir: list(paths))
    monkeypatch.setattr(build, "build_all", built)
    return built, paths


def test_build_without_macros_prints_each_file(builder, capsys, tmp_path):
    built, paths = builder
    assert build.run(NS(outdir=str(tmp_path), no_macro=True)) == 0
    assert built == [((str(tmp_path),), {})]
    assert capsys.readouterr() == ("".join(f"已生成：{p}\n" for p in paths), "")


def test_build_default_outdir_is_the_source_trees_workbooks(builder, capsys):
    built, paths = builder
    assert build.run(NS(outdir=None, no_macro=True)) == 0
    assert built[0][0] == (str(Path(build.__file__).resolve().parents[2] / "workbooks"),)


def test_build_outside_the_source_tree_asks_for_outdir(builder, monkeypatch, tmp_path, capsys):
    built, paths = builder
    monkeypatch.setattr(build, "DEFAULT_OUTDIR", tmp_path / "site-packages" / "workbooks")
    assert build.run(NS(outdir=None, no_macro=True)) == 2
    assert capsys.readouterr() == ("", "不在 xlperf 源代码目录中，请用 --outdir 指定输出文件夹\n") and built == []


def test_build_input_error(builder, capsys, tmp_path):
    built, paths = builder
    built.answer = InputError("规则文件有误")
    assert build.run(NS(outdir=str(tmp_path), no_macro=False)) == 2
    assert capsys.readouterr() == ("", "规则文件有误\n")


def test_build_with_macros_adds_the_twins_and_the_addin(builder, monkeypatch, capsys, tmp_path):
    import xlperf.macro as macro
    from xlperf.macro import addin

    built, paths = builder
    twins = Calls([tmp_path / "a.xlsm"])
    made = Calls(lambda path: path)
    monkeypatch.setattr(macro, "build_twins", twins)
    monkeypatch.setattr(addin, "build_addin", made)
    assert build.run(NS(outdir=str(tmp_path), no_macro=False)) == 0
    assert twins == [(([tmp_path / "a.xlsx", tmp_path / "b.xlsx"],), {})]
    assert made == [((tmp_path / "xlperf.xlam",), {})]
    out = [*paths, tmp_path / "a.xlsm", tmp_path / "xlperf.xlam"]
    assert capsys.readouterr() == ("".join(f"已生成：{p}\n" for p in out), "")
    twins.answer = InputError("宏模块有误")
    assert build.run(NS(outdir=str(tmp_path), no_macro=False)) == 2
    assert capsys.readouterr() == ("", "宏模块有误\n")


def test_build_without_pyopenvba_skips_the_macros(builder, monkeypatch, capsys, tmp_path):
    built, paths = builder
    monkeypatch.setitem(sys.modules, "xlperf.macro", None)
    assert build.run(NS(outdir=str(tmp_path), no_macro=False)) == 0
    assert capsys.readouterr() == ("".join(f"已生成：{p}\n" for p in paths),
                                   "未安装 pyOpenVBA，跳过带宏的 .xlsm 文件（pip install 'xlperf[build]'）\n")


# --------------------------------------------------------------------------- new


def test_new_writes_the_form(monkeypatch, tmp_path, capsys):
    made = Calls((None, NS(name="部门整体（2021）")))
    monkeypatch.setattr(new, "new_form", made)
    path = tmp_path / "表.xlsx"
    assert new.run(NS(path=str(path), force=False, profile="p")) == 0
    assert made == [((path, "p"), {})]
    assert capsys.readouterr() == (f"已生成空白填报表：{path}（评分规则：部门整体（2021））\n", "")


def test_new_refuses_and_reports_input_errors(monkeypatch, tmp_path, capsys):
    made = Calls(InputError("没有这个评分规则：x"))
    monkeypatch.setattr(new, "new_form", made)
    assert new.run(NS(path=str(tmp_path / "表.txt"), force=False, profile=None)) == 2
    assert capsys.readouterr().err == "文件名应以 .xlsx 结尾：表.txt\n" and made == []
    existing = tmp_path / "有.xlsx"
    existing.write_bytes(b"keep")
    assert new.run(NS(path=str(existing), force=False, profile=None)) == 2
    assert made == [] and existing.read_bytes() == b"keep"
    capsys.readouterr()
    assert new.run(NS(path=str(existing), force=True, profile="x")) == 2
    assert capsys.readouterr() == ("", "没有这个评分规则：x\n")


# --------------------------------------------------------------------------- open-report


def test_open_report_box_on_windows(monkeypatch, capsys):
    shown = Calls()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(open_report_cmd, "ctypes", NS(windll=NS(user32=NS(MessageBoxW=shown))))
    open_report_cmd._box("请选择填报表")
    assert shown == [((0, "请选择填报表", "绩效自评", 0x40), {})]
    assert capsys.readouterr().err == "请选择填报表\n"


def test_open_report_box_that_fails_still_prints(monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(open_report_cmd, "ctypes", NS())  # no windll: the box cannot show
    open_report_cmd._box("说明")
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(open_report_cmd, "ctypes", NS(windll=NS(user32=NS(MessageBoxW=pytest.fail))))
    open_report_cmd._box("说明")
    assert capsys.readouterr() == ("", "说明\n说明\n")


def test_open_report_without_files(monkeypatch, capsys):
    monkeypatch.setattr(sys, "platform", "linux")
    assert open_report_cmd.run(NS(files=[], no_open=False)) == 2
    assert capsys.readouterr().err == ("请在文件管理器中右键填报表（.xlsx/.xlsm），选择“发送到”或“打开方式”→“生成绩效自评报告”。\n")


def test_open_report_each_file(monkeypatch, capsys, tmp_path):
    answers = {"a.xlsx": NS(report=True, path=tmp_path / "a-自评报告.docx", message=""),
               "b.xlsx": NS(report=False, path=tmp_path / "b-校验结果.html", message="有 2 处错误。"),
               "c.xlsx": NS(report=True, path=tmp_path / "c-自评报告.docx", message="")}
    made = Calls(lambda name, opener: answers[name])
    monkeypatch.setattr(open_report_cmd, "open_report", made)
    assert open_report_cmd.run(NS(files=["a.xlsx", "b.xlsx", "c.xlsx"], no_open=False)) == 1
    assert made == [((name,), {"opener": open_report_cmd.open_path}) for name in answers]
    assert capsys.readouterr() == (f"已生成报告：{tmp_path / 'a-自评报告.docx'}\n已生成报告：{tmp_path / 'c-自评报告.docx'}\n",
                                   f"有 2 处错误。 校验结果：{tmp_path / 'b-校验结果.html'}\n")
    made.clear()
    assert open_report_cmd.run(NS(files=["a.xlsx"], no_open=True)) == 0
    assert made == [(("a.xlsx",), {"opener": None})]


# --------------------------------------------------------------------------- profiles


def _profile(name, *weights, total=100, description="说明"):
    return NS(name=name, total=total, description=description,
              indicators=[NS(name=f"指标{i}", weight=w) for i, w in enumerate(weights, 1)])


def test_profiles_check(monkeypatch, capsys):
    from xlperf.domain.profiles import ProfileError

    load = Calls(_profile("部门整体", 30, 70, total=100))
    monkeypatch.setattr(profiles, "load_profile", load)
    assert profiles.run(NS(check="p.toml")) == 0
    assert load == [(("p.toml",), {})]
    assert capsys.readouterr().out == "评分规则“部门整体”有效：2个一级指标，总分100\n"
    monkeypatch.setattr(profiles, "load_profile", Calls(ProfileError("权重之和应为100")))
    assert profiles.run(NS(check="p.toml")) == 1
    assert capsys.readouterr().out == "评分规则有误：权重之和应为100\n"


def test_profiles_list(monkeypatch, capsys):
    from xlperf.domain.profiles import DEFAULT_PROFILE, ProfileError

    shipped = {DEFAULT_PROFILE: Path("/p/default.toml"), "坏": Path("/p/bad.toml"), "乙": Path("/p/b.toml")}
    monkeypatch.setattr(profiles, "available", lambda: shipped)

    def load(name):
        if name == "坏":
            raise ProfileError("缺少指标")
        return _profile(name, 20, 80, description=f"{name}的说明")

    monkeypatch.setattr(profiles, "load_profile", load)
    assert profiles.run(NS(check=None)) == 1
    assert capsys.readouterr().out == (
        f"{DEFAULT_PROFILE}（默认）\n  {DEFAULT_PROFILE}的说明\n  一级指标：指标1 20 / 指标2 80\n  文件：default.toml\n"
        "坏：规则文件有误（bad.toml）：缺少指标\n"
        "乙\n  乙的说明\n  一级指标：指标1 20 / 指标2 80\n  文件：b.toml\n")
    shipped.pop("坏")
    assert profiles.run(NS(check="")) == 0


# --------------------------------------------------------------------------- serve


class Store:
    def __init__(self, existing=()):
        self.calls, self.existing = [], set(existing)

    def add_unit(self, name):
        self.calls.append(("add_unit", name))
        if not name.strip():
            raise ValueError("单位名称不能为空")
        return {"name": name, "token": f"t-{name}"}, name not in self.existing

    def log(self, *row):
        self.calls.append(("log", *row))

    def new_api_token(self, admin):
        self.calls.append(("new_api_token", admin))
        return "TOKEN-1"

    def set_admin(self, name, hashed):
        self.calls.append(("set_admin", name, hashed))


def _serve_args(**kw):
    return NS(**{"data": "数据", "db": None, "action": None, "base_url": None, "host": "127.0.0.1", "port": 8080,
                 "year": None, "jobs": None, **kw})


@pytest.fixture
def store(monkeypatch):
    the = Store(existing={"甲单位"})
    opened = Calls(the)
    monkeypatch.setattr(serve.Store, "open", opened)
    monkeypatch.setattr(serve, "MISSING", "")
    return the, opened


def test_serve_runs_the_service(store, monkeypatch):
    the, opened = store
    served = Calls(0)
    monkeypatch.setattr(serve, "serve", served)
    assert serve.run(_serve_args(db="postgresql://h/x", host="0.0.0.0", port=9000, year=2024, jobs=3)) == 0
    assert opened == [(("数据", "postgresql://h/x"), {})]
    assert served == [((the,), {"host": "0.0.0.0", "port": 9000, "year": 2024, "jobs": 3})]


def test_serve_without_the_extra_or_the_data_folder(monkeypatch, capsys):
    opened = Calls(Store())
    monkeypatch.setattr(serve.Store, "open", opened)
    monkeypatch.setattr(serve, "MISSING", "No module named 'fastapi'")
    assert serve.run(_serve_args()) == 2
    assert capsys.readouterr().err == "报送服务需要另外安装：pip install \"xlperf[serve]\"（No module named 'fastapi'）\n"
    monkeypatch.setattr(serve, "MISSING", "")
    for data in (None, ""):
        assert serve.run(_serve_args(data=data)) == 2
        assert capsys.readouterr().err == "请用 --data 指定数据文件夹，如：xlperf serve --data 报送数据\n"
    assert opened == []


def test_serve_store_that_cannot_open(monkeypatch, capsys):
    monkeypatch.setattr(serve, "MISSING", "")
    monkeypatch.setattr(serve.Store, "open", Calls(RuntimeError("database is locked")))
    assert serve.run(_serve_args(action="token", admin="api")) == 2
    assert capsys.readouterr().err == "无法打开数据文件夹或数据库：database is locked\n"


def test_serve_units_add_prints_links(store, capsys):
    the, opened = store
    args = _serve_args(action="units", units_action="add", names=["甲单位", "乙单位"], base_url="http://10.1.2.3:8080/")
    assert serve.run(args) == 0
    assert capsys.readouterr().out == "甲单位\thttp://10.1.2.3:8080/u/t-甲单位\n乙单位\thttp://10.1.2.3:8080/u/t-乙单位\n"
    assert the.calls == [("add_unit", "甲单位"), ("add_unit", "乙单位"), ("log", "命令行", "添加单位", "乙单位")]


def test_serve_units_default_base_and_a_bad_name(store, capsys):
    the, opened = store
    assert serve.run(_serve_args(action="units", units_action="add", names=["乙单位"])) == 0
    assert capsys.readouterr().out == "乙单位\thttp://127.0.0.1:8080/u/t-乙单位\n"
    assert serve.run(_serve_args(action="units", units_action="add", names=["丙单位", " "])) == 2
    assert capsys.readouterr() == ("", "单位名称不能为空\n")


def test_serve_units_import(store, monkeypatch, capsys):
    the, opened = store
    read = Calls(["丁单位"])
    monkeypatch.setattr(serve, "read_unit_names", read)
    assert serve.run(_serve_args(action="units", units_action="import", file="名单.xlsx", names=["不用"])) == 0
    assert read == [(("名单.xlsx",), {})]
    assert capsys.readouterr().out == "丁单位\thttp://127.0.0.1:8080/u/t-丁单位\n"
    read.answer = ServeInputError("名单.xlsx 中没有“单位名称”列")
    assert serve.run(_serve_args(action="units", units_action="import", file="名单.xlsx")) == 2
    assert capsys.readouterr() == ("", "名单.xlsx 中没有“单位名称”列\n")


def test_serve_token(store, capsys):
    the, opened = store
    assert serve.run(_serve_args(action="token", admin="张三")) == 0
    assert capsys.readouterr().out == "TOKEN-1\n"
    assert the.calls == [("new_api_token", "张三"), ("log", "张三", "生成API令牌", "命令行")]


def test_serve_demo(store, monkeypatch):
    the, opened = store
    seeded = Calls(0)
    monkeypatch.setattr(serve, "seed", seeded)
    assert serve.run(_serve_args(action="demo", base_url="http://h:1//")) == 0
    assert serve.run(_serve_args(action="demo", base_url="http://PCX/")) == 0  # only slashes are cut
    assert seeded == [((the, "http://h:1"), {}), ((the, "http://PCX"), {})]


@pytest.fixture
def hashing(monkeypatch):
    monkeypatch.setattr(serve, "hash_password", lambda p: f"H({p})")


def test_serve_admin_from_stdin(store, hashing, monkeypatch, capsys):
    the, opened = store
    monkeypatch.setattr(sys, "stdin", io.StringIO("pass wordX \nrest\n"))
    assert serve.run(_serve_args(action="admin", name="管理员", password_stdin=True)) == 0
    assert the.calls == [("set_admin", "管理员", "H(pass wordX )"), ("log", "命令行", "设置管理员密码", "管理员")]
    monkeypatch.setattr(sys, "stdin", io.StringIO("passwordX\n"))  # only the line end is cut
    assert serve.run(_serve_args(action="admin", name="管理员", password_stdin=True)) == 0
    assert the.calls[-2] == ("set_admin", "管理员", "H(passwordX)")
    assert capsys.readouterr() == ("管理员“管理员”的密码已设置。\n" * 2, "")


def test_serve_admin_asks_twice(store, hashing, monkeypatch, capsys):
    the, opened = store
    answers = iter(["12345678", "12345678"])
    asked = Calls(lambda prompt: next(answers))
    monkeypatch.setattr(serve.getpass, "getpass", asked)
    assert serve.run(_serve_args(action="admin", name="王", password_stdin=False)) == 0
    assert asked == [(("新密码：",), {}), (("再输入一次：",), {})]
    assert the.calls[0] == ("set_admin", "王", "H(12345678)")


def test_serve_admin_refusals(store, hashing, monkeypatch, capsys):
    the, opened = store
    answers = iter(["12345678", "12345679"])
    monkeypatch.setattr(serve.getpass, "getpass", lambda prompt: next(answers))
    assert serve.run(_serve_args(action="admin", name="王", password_stdin=False)) == 2
    assert capsys.readouterr() == ("", "两次输入的密码不一致\n")
    monkeypatch.setattr(sys, "stdin", io.StringIO("1234567\n"))
    assert serve.run(_serve_args(action="admin", name="王", password_stdin=True)) == 2
    assert capsys.readouterr() == ("", "密码至少8个字符\n")
    assert the.calls == []
