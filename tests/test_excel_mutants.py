"""xlperf/excel.py (the ribbon's entry points and what each button does) with every collaborator replaced by a
stand-in: the checker, the report writer, the 校验结果 writer, the message boxes, the submit client's upload.  The
end-to-end runs on real forms are tests/test_excel_actions.py; here each step is pinned on its own.  Expected values
are hand values: the exact Chinese messages, the status-bar texts, the button names as the clerk reads them on the
ribbon, the reference report's 91 / 优 in the 报送 summary.  Every stand-in checks that it is called with the workbook
whose button was pressed (a step handed ``None`` instead fails).

Removed by simpler code (session 8, s8c): 打开报告文件夹 reads the last report's path as ``str(value).strip()`` and
tests only whether it is absolute — ``None`` gives "None" and a blank gives "" (the path "."), neither absolute, so the
``or ""`` and the ``last and`` guard changed nothing (``or "XXXX"`` survived as an equivalent mutant).
The seven entry points are plain functions (mutated); ``_caller`` is the only place xlwings is imported.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace as NS

import pytest

import xlperf.app.submit as submit_client
import xlperf.excel as X
from xlperf.domain.numbers import InputError
from xlperf.domain.problems import Problem

ERR = Problem("指标评分!H25", "实际完成值", "应为数字")
WARN = Problem("文字材料!C9", "文字材料", "像是填写说明", "警告")


class Sheet:
    def __init__(self, book, name):
        self.book, self.name = book, name

    def activate(self):
        self.book.active = self.name


class Sheets(dict):
    def __iter__(self):
        return iter(self.values())


class Book:
    def __init__(self, *sheets, saved=True):
        self.sheets = Sheets({n: Sheet(self, n) for n in sheets or ("总评", "校验结果")})
        self.active = None
        self.api = NS(Saved=saved)
        self.app = NS(status_bar="原来的状态栏", screen_updating="原来的", api=NS(CalculateFull=self._calc))
        self.calculated = 0

    def _calc(self):
        self.calculated += 1


@pytest.fixture
def env(monkeypatch, tmp_path):
    """The module's collaborators replaced; every call lands in `env`."""
    e = NS(status=[], alerts=[], asks=[], answer="no", written=[], opened=[], named={}, local=None, paths=[],
           report_at=tmp_path / "报告.docx", checked=None, book=Book())

    def on(book):
        """Every call is about the workbook whose button was pressed."""
        assert book is e.book
        return e

    monkeypatch.setattr(X, "status", lambda book, text: on(book).status.append(text))
    monkeypatch.setattr(X, "alert", lambda book, text, critical=False: on(book).alerts.append((text, critical)))
    monkeypatch.setattr(X, "ask", lambda book, text: (on(book).asks.append(text), e.answer)[1])
    monkeypatch.setattr(X, "write_problems", lambda book, problems: on(book).written.append(list(problems)))
    monkeypatch.setattr(X, "write_report_path", lambda book, path: on(book).paths.append(path))
    monkeypatch.setattr(X, "read_named", lambda book, name: on(book).named.get(name))
    monkeypatch.setattr(X, "local_path", lambda book: on(book).local)
    monkeypatch.setattr(X, "_open_path", e.opened.append)
    monkeypatch.setattr(X, "check_book", lambda book: on(book).checked)
    return e


# ---- the entry points: one action name and one body each --------------------------------------------------


@pytest.mark.parametrize("entry, action, body", [
    ("generate_report", "生成报告", "_generate_report"), ("validate", "校验", "_validate"),
    ("open_report_folder", "打开报告文件夹", "_open_report_folder"), ("recalculate", "重新计算", "_recalculate"),
    ("show_help", "帮助", "_show_help"), ("submit", "报送财政局", "_submit")])
def test_each_button_runs_its_action(monkeypatch, entry, action, body):
    runs = []
    monkeypatch.setattr(X, "_run", lambda name, fn: runs.append((name, fn)))
    getattr(X, entry)()
    assert runs == [(action, getattr(X, body))]


def test_import_button_runs_the_importer_on_the_book(monkeypatch):
    runs, imported = [], []
    monkeypatch.setattr(X, "_run", lambda name, fn: runs.append((name, fn)))
    monkeypatch.setattr(X, "_work", lambda: NS(import_into=imported.append))
    X.import_last_year()
    assert [name for name, _ in runs] == ["导入上年报告"]
    runs[0][1]("本工作簿")
    assert imported == ["本工作簿"]


def test_the_hooks(monkeypatch, tmp_path):
    import xlwings

    from xlperf import excel_work

    monkeypatch.setattr(xlwings.Book, "caller", staticmethod(lambda: "按下按钮的工作簿"))
    assert X._caller() == "按下按钮的工作簿"
    opened = []
    monkeypatch.setattr(X, "open_file", opened.append)
    X._open_path(tmp_path)
    assert opened == [tmp_path]
    assert X._work() is excel_work
    monkeypatch.setattr(X, "_work", lambda: NS(check_live=lambda book: ("checked", book)))
    assert X.check_book("本") == ("checked", "本")


def test_output_dir_field_name():
    assert X._OUTPUT_DIR_NAME == "报告保存位置"


# ---- _run: messages instead of tracebacks; the status bar and screen updating given back ---------------------


@pytest.fixture
def boxes(monkeypatch):
    shown = []
    monkeypatch.setattr(X, "alert", lambda book, text, critical=False: shown.append((book, text, critical)))
    return shown


def test_run_gives_back_the_status_bar_and_screen_updating(monkeypatch, boxes):
    book = Book()
    monkeypatch.setattr(X, "_caller", lambda: book)
    seen = []

    def body(b):
        seen.append(b)
        b.app.status_bar, b.app.screen_updating = "绩效自评：正在校验……", False

    X._run("校验", body)
    assert seen == [book] and boxes == []
    assert (book.app.status_bar, book.app.screen_updating) == ("原来的状态栏", "原来的")


def test_run_a_fixable_problem_is_a_critical_box(monkeypatch, boxes):
    book = Book()
    monkeypatch.setattr(X, "_caller", lambda: book)

    def body(b):
        b.app.status_bar, b.app.screen_updating = "忙", False
        raise InputError("报告文件夹不存在：D:/无")

    X._run("打开报告文件夹", body)
    assert boxes == [(book, "报告文件夹不存在：D:/无", True)]
    assert (book.app.status_bar, book.app.screen_updating) == ("原来的状态栏", "原来的")


@pytest.mark.parametrize("log, where", [
    (Path("/日志/xlperf.log"), "详细信息已记录在：\n/日志/xlperf.log\n请把该文件发给技术支持人员。"),
    (None, "（日志文件无法写入）")])
def test_run_an_unexpected_error_is_one_sentence_and_a_log_entry(monkeypatch, boxes, log, where):
    book = Book()
    monkeypatch.setattr(X, "_caller", lambda: book)
    contexts = []
    monkeypatch.setattr(X, "log_exception", lambda context: (contexts.append(context), log)[1])

    def body(b):
        b.app.status_bar = "忙"
        raise KeyError("内部")

    X._run("生成报告", body)
    assert contexts == ["xlperf.excel: 生成报告"]
    assert boxes == [(book, "“生成报告”未能完成：程序出现意外错误。\n" + where, True)]
    assert book.app.status_bar == "原来的状态栏"


def test_run_without_a_workbook(monkeypatch, boxes):
    def no_book():
        raise RuntimeError("Book.caller() outside Excel")

    monkeypatch.setattr(X, "_caller", no_book)
    monkeypatch.setattr(X, "log_exception", lambda context: None)
    X._run("校验", lambda b: None)
    assert boxes == [(None, "“校验”未能完成：程序出现意外错误。\n（日志文件无法写入）", True)]


# ---- 校验 ---------------------------------------------------------------------------------------------------


def test_validate_lists_problems(env):
    book = env.book
    env.checked = NS(problems=[ERR, WARN, ERR])
    X._validate(book)
    assert env.status == ["绩效自评：正在校验……"]
    assert env.written == [[ERR, WARN, ERR]]
    assert book.active == "校验结果"
    assert env.alerts == [("发现2个错误、1个提示，详见“校验结果”工作表。", False)]


def test_validate_without_problems(env):
    book = env.book
    env.checked = NS(problems=[])
    X._validate(book)
    assert env.written == [[]] and book.active is None
    assert env.alerts == [("校验通过，未发现问题。", False)]


# ---- 生成报告 -----------------------------------------------------------------------------------------------


def checked(problems, reportable=True, output_dir="报告"):
    return NS(reportable=reportable, problems=problems, errors=[p for p in problems if p.severity == "错误"],
              evaluation=NS(options=NS(output_dir=output_dir)))


@pytest.fixture
def writer(env, monkeypatch, tmp_path):
    w = NS(names=[], paths=[], reports=[], contexts=[])
    monkeypatch.setattr(X, "_work", lambda: NS(report_context=lambda c: (w.contexts.append(c), "上下文")[1]))
    monkeypatch.setattr(X, "report_name", lambda ctx, fmt: (w.names.append((ctx, fmt)), "单位2021年度报告.docx")[1])
    monkeypatch.setattr(X, "report_path", lambda name, **kw: (w.paths.append((name, kw)), tmp_path / name)[1])
    monkeypatch.setattr(X, "write_report", lambda ctx, out, fmt, **kw: (w.reports.append((ctx, out, fmt, kw)),
                                                                        env.report_at)[1])
    return w


def test_errors_write_no_report(env, writer):
    book = env.book
    env.checked = checked([ERR, WARN, ERR], reportable=False)
    X._generate_report(book)
    assert env.status == ["绩效自评：正在读取工作簿……"]
    assert env.written == [[ERR, WARN, ERR]] and book.active == "校验结果"
    assert env.alerts == [("发现2个错误，未生成报告。\n请查看“校验结果”工作表：每行写明位置和修改方法，点击位置可跳到该单元格（已标为红色）。",
                           True)]
    assert writer.reports == [] and env.paths == [] and env.asks == []


@pytest.mark.parametrize("answer, opened", [("yes", True), ("no", False)])
def test_report_written_named_and_offered(env, writer, tmp_path, answer, opened):
    book = env.book
    env.local, env.answer = "D:/单位/本年.xlsx", answer
    env.checked = checked([])
    X._generate_report(book)
    assert writer.contexts == [env.checked]
    assert writer.names == [("上下文", "docx")]
    assert writer.paths == [("单位2021年度报告.docx", {"source": "D:/单位/本年.xlsx", "output_dir": "报告"})]
    assert writer.reports == [("上下文", tmp_path / "单位2021年度报告.docx", "docx", {"lock": True})]
    assert env.written == [[]] and env.paths == [env.report_at]
    assert env.status == ["绩效自评：正在读取工作簿……", "绩效自评：正在生成报告……"]
    assert env.asks == [f"报告已生成：\n{env.report_at}\n\n现在打开吗？"]
    assert env.opened == ([env.report_at] if opened else [])
    assert env.alerts == [] and book.active is None


def test_report_with_warnings_says_how_many(env, writer):
    env.checked = checked([WARN, WARN])
    X._generate_report(env.book)
    assert env.written == [[WARN, WARN]]
    assert env.asks == [f"报告已生成：\n{env.report_at}\n（另有2条提示，见“校验结果”工作表）\n\n现在打开吗？"]


# ---- 打开报告文件夹 ------------------------------------------------------------------------------------------


@pytest.fixture
def folders(env, monkeypatch, tmp_path):
    f = NS(args=[], answer=tmp_path / "工作簿文件夹")
    monkeypatch.setattr(X, "report_folder", lambda source, output_dir: (f.args.append((source, output_dir)),
                                                                         f.answer)[1])
    return f


def test_folder_of_the_last_report(env, folders, tmp_path):
    (tmp_path / "报告").mkdir()
    env.named["报告文件"] = f"  {tmp_path / '报告' / '单位报告.docx'} "
    X._open_report_folder(env.book)
    assert env.opened == [tmp_path / "报告"] and folders.args == []


@pytest.mark.parametrize("last", [None, "", "单位报告.docx", "/没有这个文件夹/单位报告.docx"])
def test_folder_from_settings_when_the_last_report_is_no_help(env, folders, tmp_path, last):
    folders.answer.mkdir()
    env.named["报告文件"] = last
    env.named["报告保存位置"] = "报告"
    env.local = "D:/单位/本年.xlsx"
    X._open_report_folder(env.book)
    assert folders.args == [("D:/单位/本年.xlsx", "报告")]
    assert env.opened == [folders.answer]


def test_folder_from_settings_blank_is_empty_text(env, folders):
    folders.answer.mkdir()
    X._open_report_folder(env.book)
    assert folders.args == [(None, "")]


def test_folder_that_does_not_exist(env, folders):
    with pytest.raises(InputError) as err:
        X._open_report_folder(env.book)
    assert str(err.value) == (f"报告文件夹不存在：{folders.answer}\n请先生成报告，或在“设置”表中修改“报告保存位置”。")
    assert env.opened == []


# ---- 重新计算 and 帮助 -----------------------------------------------------------------------------------------


def test_recalculate(env):
    book = env.book
    X._recalculate(book)
    assert env.status == ["绩效自评：正在重新计算……"] and book.calculated == 1


def test_help_shows_the_guide_sheet(env):
    book = env.book = Book("总评", "说明")
    X._show_help(book)
    assert book.active == "说明" and env.alerts == []


def test_help_without_the_guide_sheet(env, monkeypatch):
    monkeypatch.setattr(X, "help_path", lambda: "C:/xlperf/README.md")
    book = env.book = Book("总评")
    X._show_help(book)
    assert env.alerts == [("本工作簿的“说明”工作表已被删除。使用说明见：\nC:/xlperf/README.md", False)]
    assert book.active is None


# ---- 报送财政局 --------------------------------------------------------------------------------------------


@pytest.fixture
def upload(env, monkeypatch, tmp_path):
    u = NS(calls=[], answer=submit_client.Answer("成功", 91, "优"), refuse=None)
    saved = tmp_path / "本年.xlsx"
    saved.write_bytes(b"xlsx")
    env.local = str(saved)
    env.named["报送链接"] = " http://财政局:8080/u/abc "

    def submit_file(path, link):
        u.calls.append((path, link))
        if u.refuse:
            raise submit_client.SubmitError(u.refuse)
        return u.answer

    monkeypatch.setattr(submit_client, "submit_file", submit_file)
    return u


def test_submit_ok(env, upload):
    book = env.book
    X._submit(book)
    assert upload.calls == [(env.local, "http://财政局:8080/u/abc")]
    assert env.status == ["绩效自评：正在报送……"]
    assert env.written == [[]] and book.active is None
    assert env.alerts == [("已报送：成功，总分 91，等级 优。", False)]


@pytest.mark.parametrize("status, critical", [("成功", False), ("有警告", False), ("填报有误", True)])
def test_submit_answer_with_problems(env, upload, status, critical):
    upload.answer = submit_client.Answer(status, 91, "优", problems=[
        {"where": "指标评分!H25", "item": "实际完成值", "message": "应为数字", "level": "错误"},
        {"message": "像是填写说明", "level": "警告"}, {}])
    book = env.book
    X._submit(book)
    assert env.written == [[Problem("指标评分!H25", "实际完成值", "应为数字", "错误"),
                            Problem("", "", "像是填写说明", "警告"), Problem("", "", "", "错误")]]
    assert book.active == "校验结果"
    assert env.alerts == [(f"已报送：{status}，总分 91，等级 优。\n发现2个错误、1个提示，详见“校验结果”工作表。", critical)]


@pytest.mark.parametrize("link", [None, "", "   "])
def test_submit_without_a_link(env, upload, link):
    env.named["报送链接"] = link
    with pytest.raises(InputError) as err:
        X._submit(env.book)
    assert str(err.value) == ("还没有报送链接：请向财政局索取本单位的报送链接（形如 http://服务器:8080/u/……），"
                              "填在设置表的“报送链接”一栏，保存后再报送。")
    assert upload.calls == []


@pytest.mark.parametrize("local", [None, "missing", "folder"])
def test_submit_an_unsaved_workbook(env, upload, tmp_path, local):
    env.local = {None: None, "missing": str(tmp_path / "没有.xlsx"), "folder": str(tmp_path)}[local]
    with pytest.raises(InputError) as err:
        X._submit(env.book)
    assert str(err.value) == "本工作簿还没有保存到电脑上：请先保存，再点“报送财政局”。"
    assert upload.calls == []


def test_submit_with_unsaved_changes(env, upload):
    env.book.api.Saved = False
    with pytest.raises(InputError) as err:
        X._submit(env.book)
    assert str(err.value) == "本工作簿有未保存的修改：报送的是已保存的文件，请先保存，再点“报送财政局”。"
    assert upload.calls == [] and env.status == []


def test_submit_refused(env, upload):
    upload.refuse = "报送失败：服务未启动或端口不对"
    with pytest.raises(InputError) as err:
        X._submit(env.book)
    assert str(err.value) == "报送失败：服务未启动或端口不对"
    assert err.value.__cause__ is None and err.value.__suppress_context__ is True
    assert env.written == [] and env.alerts == []
