"""Mutation record for xlperf/openreport.py (issue 19, session 7 s7k): the 校验结果 page, the fallback folder, the
opener and the unexpected-error page, fast and without a workbook (the report path itself is
tests/test_open_report.py).  Expected texts are the clerk's Chinese messages written here by hand.

Code made simpler where a survivor was equivalent: ``write_page`` encodes with ``str.encode()`` (always UTF-8)
instead of ``encode("utf-8")``, whose ``"UTF-8"`` mutant named the same codec.  ``_make_report`` is reached here
through stand-ins for the checker and the report writer (its real run is tests/test_open_report.py)."""

import re
from pathlib import Path
from types import SimpleNamespace

import xlperf.openreport as o
from xlperf.infra import atomic


def _problem(where, message):
    return SimpleNamespace(severity="错误", where=where, label="预算执行率", message=message)


def test_open_path_says_where_the_file_is_when_it_cannot_open_it(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv(o.NO_OPEN_ENV, raising=False)
    opened = []

    def refuse(path):
        opened.append(path)
        raise OSError("no opener")

    monkeypatch.setattr(o, "open_file", refuse)
    o.open_path(tmp_path / "a.docx")
    assert opened == [tmp_path / "a.docx"]
    assert capsys.readouterr().err == f"无法自动打开，请手动打开：{tmp_path / 'a.docx'}\n"


def test_open_path_opens_nothing_when_told_not_to(monkeypatch):
    monkeypatch.setenv(o.NO_OPEN_ENV, "1")
    monkeypatch.setattr(o, "open_file", lambda path: (_ for _ in ()).throw(AssertionError("opened")))
    o.open_path(Path("a.docx"))


def test_the_page_lists_each_problem_in_one_table_row_and_the_time_to_the_minute(tmp_path):
    outcome = o.Outcome(tmp_path / "表.xlsx", None, False,
                        [_problem("指标!F5", "应为数字"), _problem("指标!F6", "不能为空")], "发现2个错误，未生成报告。")
    page = o.result_page(outcome)
    assert ("<table><thead><tr><th>类别</th><th>位置（工作表!单元格）</th><th>项目</th><th>说明</th></tr></thead><tbody>"
            "<tr><td>错误</td><td>指标!F5</td><td>预算执行率</td><td>应为数字</td></tr>"
            "<tr><td>错误</td><td>指标!F6</td><td>预算执行率</td><td>不能为空</td></tr></tbody></table>") in page
    assert f"<p>填报表：{tmp_path / '表.xlsx'}<br>时间：" in page
    assert re.search(r"时间：\d{4}-\d\d-\d\d \d\d:\d\d</p>", page)


def test_a_page_without_problems_has_no_table(tmp_path):
    page = o.result_page(o.Outcome(tmp_path / "表.xlsx", None, False, [], "找不到文件"))
    assert "<table" not in page
    assert '<p class="msg">找不到文件</p>\n\n<p>请在' in page


def test_a_read_only_folder_puts_the_page_in_a_new_nested_temporary_folder(monkeypatch, tmp_path):
    real = atomic.write_bytes
    src = tmp_path / "ro" / "表.xlsx"

    def refuse_beside(path, data):
        if Path(path).parent == src.parent:
            raise PermissionError("read-only")
        return real(path, data)

    monkeypatch.setattr(atomic, "write_bytes", refuse_beside)
    monkeypatch.setattr(o.tempfile, "gettempdir", lambda: str(tmp_path / "no" / "such"))
    path = o.write_page(o.Outcome(src, None, False, [], "坏"), page="页")
    assert path == tmp_path / "no" / "such" / "xlperf" / "表-校验结果.html"
    assert path.read_bytes() == "页".encode("utf-8")


def test_a_missing_file_gets_a_page_saying_so(tmp_path):
    src = tmp_path / "无.xlsx"
    outcome = o.open_report(src, opener=None)
    assert outcome.report is False
    assert outcome.message == f"找不到文件：{src}"
    assert outcome.path == tmp_path / "无-校验结果.html"


def test_an_unexpected_error_gets_a_page_naming_the_log(monkeypatch, tmp_path):
    src = tmp_path / "表.xlsx"
    src.write_bytes(b"x")
    monkeypatch.setattr(o, "_make_report", lambda source: 1 / 0)
    monkeypatch.setattr(o, "log_exception", lambda what: tmp_path / "xlperf.log")
    opened = []
    outcome = o.open_report(src, opener=opened.append)
    assert outcome.source == src and outcome.report is False
    assert outcome.message == f"程序出现意外错误，未生成报告。详细信息已记录在 {tmp_path / 'xlperf.log'}，请把该文件发给技术支持人员。"
    assert opened == [tmp_path / "表-校验结果.html"]
    assert f"填报表：{src}" in outcome.path.read_text(encoding="utf-8")


def _stand_in_check(monkeypatch, checked, calls):
    import xlperf.app.check as check

    monkeypatch.setattr(check, "check_file", lambda source: checked)
    monkeypatch.setattr(check, "report_context", lambda c: "ctx")
    monkeypatch.setattr(o, "report_name", lambda ctx, kind: f"{ctx}.{kind}")

    def report_path(name, *, source, output_dir):
        calls.append((name, source, output_dir))
        return Path(output_dir) / name

    monkeypatch.setattr(o, "report_path", report_path)
    monkeypatch.setattr(o, "write_report", lambda ctx, out, kind: out)


def test_errors_with_warnings_list_only_the_errors_and_count_them(monkeypatch, tmp_path):
    err, warn = _problem("指标!F5", "应为数字"), _problem("指标!G5", "偏高")
    checked = SimpleNamespace(reportable=False, errors=[err], problems=[err, warn])
    _stand_in_check(monkeypatch, checked, [])
    outcome = o._make_report(tmp_path / "表.xlsx")
    assert outcome.problems == [err]
    assert outcome.report is False and outcome.path is None
    assert outcome.message == "发现1个错误，未生成报告。"


def test_the_report_goes_to_the_folder_the_settings_name(monkeypatch, tmp_path):
    calls = []
    checked = SimpleNamespace(reportable=True, errors=[], problems=[],
                              evaluation=SimpleNamespace(options=SimpleNamespace(output_dir=str(tmp_path / "出"))))
    _stand_in_check(monkeypatch, checked, calls)
    outcome = o._make_report(tmp_path / "表.xlsx")
    assert calls == [("ctx.docx", tmp_path / "表.xlsx", str(tmp_path / "出"))]
    assert outcome.source == tmp_path / "表.xlsx"
    assert outcome.path == tmp_path / "出" / "ctx.docx" and outcome.report is True


def test_the_log_names_the_command_and_a_lost_log_is_said(monkeypatch, tmp_path):
    src = tmp_path / "表.xlsx"
    src.write_bytes(b"x")
    monkeypatch.setattr(o, "_make_report", lambda source: 1 / 0)
    logged = []
    monkeypatch.setattr(o, "log_exception", lambda what: logged.append(what))
    outcome = o.open_report(src, opener=None)
    assert logged == [f"xlperf open-report {src}"]
    assert outcome.message == "程序出现意外错误，未生成报告。（日志文件无法写入）"
