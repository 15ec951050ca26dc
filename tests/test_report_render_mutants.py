"""xlperf.report.render, .templates, .env and .parts with a small hand-made report context and one-line templates
(issue 19: `make mutate` judges these modules by fast tests; no LibreOffice, Word only where a test says so).

Expected values are the messages a clerk sees (written out here), the 公文 forms of REPORTS.md (7319.56万元, 24%,
2022年3月5日, （一）) and the limits the sandbox promises (MAX_REPEAT = 1 000 000 characters, exponents up to 1000).

Survivors argued equivalent (mutmut's names; run recorded in docs/mutation.md, s7a):

* env ``_Sandbox.call_binop`` 17 — ``super().call_binop(None, operator, left, right)``: Jinja's sandbox looks the
  operator up in its ``binop_table`` and never reads the context;
* render ``write_report`` 32 — ``encoding="UTF-8"`` for ``"utf-8"``: the same codec
  (test_a_report_is_utf8_whatever_the_machines_language kills ``encoding=None`` and the argument left out).

Made simpler instead of argued: ``template_line`` says “第N行” itself (its callers wrapped a None), ``template_vars``
takes the chart as given (no ``or ""`` for a None no caller passes) and encodes with the default codec, the compiled
code is loaded without passing ``from_code``'s own default, ``render_text`` has one expression for the svg.
"""

from __future__ import annotations

import base64
import datetime as dt
import marshal
from decimal import Decimal as D
from pathlib import Path

import pytest
from jinja2 import FileSystemLoader, StrictUndefined, TemplateNotFound, TemplateSyntaxError, UndefinedError
from jinja2.exceptions import SecurityError
from markupsafe import Markup

from xlperf.domain.outlines import outline_for
from xlperf.domain.profiles import load_profile
from xlperf.errors import ReportError
from xlperf.infra.office import OfficeError
from xlperf.report import env as E
from xlperf.report import render as R
from xlperf.report import templates as T
from xlperf.report.context import ReportContext
from xlperf.report.parts import ChartBar, Headings, Part, ScoreRow, own_headings


def _ctx(**over) -> ReportContext:
    """A report context written by hand: a title, two parts, one score row and a one-bar chart."""
    fields = dict(unit="测试单位", year=2021, kind="部门整体", title="测试单位2021年度部门整体绩效自评报告",
                  headings=Headings({"s1": "一、基本情况"}), body=[Part("heading", "一、基本情况", 1), Part("text", "甲。")],
                  duty_goals_text="", main_tasks_text="", overall_goal_text="", indicator_setting="", process=[],
                  total="91", grade="优", conclusion="", score_rows=[ScoreRow("投入管理", "20", "18", "90%")],
                  score_total=ScoreRow("合计", "100", "91", "91%"), chart=[ChartBar("投入管理", 0.9, "90%")],
                  funds=[], funds_compliance=[], analysis=[], section5=[], shortfall_intro="", shortfalls=[],
                  problems_section="六", problems=[], measures=[], application=[], experience=[], suggestions=[],
                  other=[])
    fields.update(over)
    return ReportContext(**fields)


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    """Compiled templates are cached under the test's own folder (never a shared one)."""
    monkeypatch.setenv("XLPERF_CACHE", str(tmp_path / "cache"))


def _tpl(tmp_path, text, name="mine.md.j2") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------ env: filters

def test_wan_writes_two_places_unless_told():
    assert E.wan(D("7319.564")) == "7319.56万元"
    assert E.wan("1770.5") == "1770.50万元"
    assert E.wan(D("4.2"), 1) == "4.2万元"


def test_percent_writes_whole_percents_unless_told():
    assert E.percent(D("0.2419")) == "24%"
    assert E.percent("0.8667", 1) == "86.7%"


def test_cn_date_of_a_date_and_of_iso_text():
    assert E.cn_date(dt.date(2022, 3, 5)) == "2022年3月5日"
    assert E.cn_date(" 2022-03-05T10:30:00 ") == "2022年3月5日"
    assert E.cn_date(dt.datetime(2022, 12, 31, 8)) == "2022年12月31日"


def test_the_filters_a_template_may_use():
    env = E.make_env("md")
    text = env.from_string("{{ a|wan }} {{ r|percent }} {{ d|cn_date }} {{ 21|cn_number }} {{ 25|cn_count }} "
                           "{{ 3|cn_heading }}{{ 2|cn_sub }}{{ 1|cn_item }}").render(a=D("1.5"), r=D("0.9"), d="2022-01-02")
    assert text == "1.50万元 90% 2022年1月2日 二十一 二十多个 三、（二）一是"


# ------------------------------------------------------------------ env: the environment

def test_make_env_refuses_an_unknown_kind():
    with pytest.raises(ValueError, match="^pdf$"):
        E.make_env("pdf")


def test_make_env_is_strict_and_escapes_html_and_word_only():
    src = "{{ a }}"
    assert E.make_env("md").from_string(src).render(a="<b>&") == "<b>&"
    assert E.make_env("html").from_string(src).render(a="<b>&") == "&lt;b&gt;&amp;"
    assert E.make_env("docx").from_string(src).render(a="<b>&") == "&lt;b&gt;&amp;"
    for kind in ("md", "html", "docx"):
        env = E.make_env(kind)
        assert env.undefined is StrictUndefined
        with pytest.raises(UndefinedError):
            env.from_string("{{ missing }}").render()


def test_block_lines_are_trimmed_except_in_word_and_a_final_newline_is_kept():
    src = "  {% if 1 %}\nx\n  {% endif %}\n"
    assert E.make_env("md").from_string(src).render() == "x\n"
    assert E.make_env("html").from_string(src).render() == "x\n"
    assert E.make_env("docx").from_string(src).render() == "  \nx\n  \n"


def test_make_env_loads_templates_from_the_given_folder_else_the_shipped_ones(tmp_path):
    _tpl(tmp_path, "本地{{ x }}", "a.md.j2")
    assert E.make_env("md", tmp_path).get_template("a.md.j2").render(x=1) == "本地1"
    assert E.make_env("md", str(tmp_path)).get_template("a.md.j2").render(x=2) == "本地2"
    shipped = E.make_env("md")
    assert isinstance(shipped.loader, FileSystemLoader)
    assert shipped.loader.searchpath == [str(E.TEMPLATE_DIR)]
    assert shipped.get_template("report.md.j2").filename == str(E.TEMPLATE_DIR / "report.md.j2")
    assert (E.TEMPLATE_DIR / "report.docx").is_file()


@pytest.mark.parametrize("src", ["{{ 'a' * 1000001 }}", "{{ 1000001 * 'a' }}", "{{ [0] * 1000001 }}",
                                 "{{ 1000001 * (0,) }}", "{{ 'ab' * 500001 }}"],
                         ids=["str-n", "n-str", "list", "tuple", "two-chars"])
def test_repeating_a_sequence_past_a_million_is_refused(src):
    with pytest.raises(SecurityError, match="^repeated sequence is too long$"):
        E.make_env("md").from_string(src).render()


def test_repeating_up_to_a_million_and_multiplying_numbers_are_allowed():
    env = E.make_env("md")
    assert env.from_string("{{ ('a' * 1000000)|length }}").render() == "1000000"
    assert env.from_string("{{ ('ab' * 500000)|length }} {{ 3 * 4 }} {{ 2.5 * 2 }}").render() == "1000000 12 5.0"


@pytest.mark.parametrize("power", ["1001", "-1001", "1000.5"], ids=["big", "negative", "float"])
def test_an_exponent_over_a_thousand_is_refused(power):
    with pytest.raises(SecurityError) as err:
        E.make_env("md").from_string("{{ 2 ** " + power + " }}").render()
    assert str(err.value) == f"exponent {power} is too big"


def test_an_exponent_of_a_thousand_is_allowed():
    env = E.make_env("md")
    assert env.from_string("{{ (2 ** 1000)|string|length }} {{ 2 ** -2 }} {{ 2 ** 10 }}").render() == "302 0.25 1024"


# ------------------------------------------------------------------ env: the cache of compiled templates

def _entries(tmp_path):
    return sorted((tmp_path / "cache").glob("tpl-*.code"))


def test_a_template_text_is_compiled_once_and_read_back(tmp_path):
    env = E.make_env("md")
    assert env.from_string("{{ 1 + 1 }}").render() == "2"
    (entry,) = _entries(tmp_path)
    code = marshal.loads(entry.read_bytes())
    assert code.co_filename == "<template>"
    # what the cache holds is what runs: a planted entry for the same text is used as it is
    entry.write_bytes(marshal.dumps(env.compile("{{ 40 + 2 }}")))
    assert E.make_env("md").from_string("{{ 1 + 1 }}").render() == "42"


@pytest.mark.parametrize("junk", [b"", b"\xff", b"garbage"], ids=["empty", "bad-type", "garbage"])
def test_an_unreadable_entry_is_compiled_again_and_replaced(tmp_path, junk):
    E.make_env("md").from_string("{{ 1 + 1 }}")
    (entry,) = _entries(tmp_path)
    entry.write_bytes(junk)
    assert E.make_env("md").from_string("{{ 1 + 1 }}").render() == "2"
    assert marshal.loads(entry.read_bytes()).co_filename == "<template>"


def test_a_parsed_template_or_another_template_class_is_not_cached(tmp_path):
    env = E.make_env("md")

    class Mine(env.template_class):
        pass

    assert env.from_string(env.parse("{{ 3 }}")).render() == "3"
    assert env.from_string(env.parse("{{ x }}"), globals={"x": 6}).render() == "6"
    mine = env.from_string("{{ 4 }}", template_class=Mine)
    assert type(mine) is Mine and mine.render() == "4"
    assert _entries(tmp_path) == []
    assert env.from_string("{{ x }}", globals={"x": 5}).render() == "5"


def test_another_environment_class_or_jinja_version_has_its_own_entry(tmp_path, monkeypatch):
    import jinja2

    class Other(E._Sandbox):
        pass

    E.make_env("md").from_string("{{ 1 }}")
    Other(trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True).from_string("{{ 1 }}")
    assert len(_entries(tmp_path)) == 2
    monkeypatch.setattr(jinja2, "__version__", "0.0-test")
    E.make_env("md").from_string("{{ 1 }}")
    assert len(_entries(tmp_path)) == 3


@pytest.mark.parametrize("options,src,expected", [
    ({"keep_trailing_newline": False}, "x\n", "x"),
    ({"block_start_string": "<%", "block_end_string": "%>"}, "<% if 1 %>a<% endif %>{% if 1 %}b{% endif %}",
     "a{% if 1 %}b{% endif %}"),
    ({"variable_start_string": "[[", "variable_end_string": "]]"}, "[[ 1 ]]{{ 2 }}", "1{{ 2 }}"),
    ({"comment_start_string": "<#", "comment_end_string": "#>"}, "<# c #>{# d #}", "{# d #}"),
    ({"autoescape": False}, "{{ '<' }}", "<"),
    ({"trim_blocks": False}, "{% if 1 %}\nx{% endif %}", "\nx"),
    ({"lstrip_blocks": False}, "  {% if 1 %}x{% endif %}", "  x"),
], ids=["newline", "block", "variable", "comment", "autoescape", "trim", "lstrip"])
def test_each_syntax_option_has_its_own_cache_entry(tmp_path, options, src, expected):
    base = dict(autoescape=True, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
    E._Sandbox(**base).from_string(src)  # the same text compiled under the default syntax first
    assert E._Sandbox(**{**base, **options}).from_string(src).render() == expected
    assert len(_entries(tmp_path)) == 2


# ------------------------------------------------------------------ templates

def test_template_kind_of_a_format():
    assert [T.template_kind(f) for f in ("pdf", "docx", "md", "html")] == ["docx", "docx", "md", "html"]


@pytest.mark.parametrize("name,kind", [("Mine.DOCX", "docx"), ("a.html.j2", "html"), ("a.HTM", "html"),
                                       ("a.md.j2", "md"), ("a.MD", "md"), ("a.txt.j2", "md"), ("a.txt", None),
                                       ("a.j2", None), ("a.doc", None)])
def test_the_kind_of_a_template_from_its_name(name, kind):
    assert T.kind_of_template(Path("某处") / name) == kind


def test_template_path_default_per_format_and_a_missing_one(tmp_path):
    assert T.template_path("pdf") == E.TEMPLATE_DIR / "report.docx"
    assert T.template_path("docx") == E.TEMPLATE_DIR / "report.docx"
    assert T.template_path("md") == E.TEMPLATE_DIR / "report.md.j2"
    assert T.template_path("html", None) == E.TEMPLATE_DIR / "report.html.j2"
    own = _tpl(tmp_path, "x")
    assert T.template_path("md", str(own)) == own
    with pytest.raises(ReportError, match="^找不到报告模板：.*nothing.md.j2$"):
        T.template_path("md", tmp_path / "nothing.md.j2")
    with pytest.raises(ReportError, match="^找不到报告模板："):
        T.template_path("md", tmp_path)  # a folder is no template


def test_template_vars_per_kind():
    ctx = _ctx()
    md = T.template_vars(ctx, "md", "<svg/>")
    assert md == ctx.as_dict() and "chart_svg" not in md and "chart_image" not in md
    html = T.template_vars(ctx, "html", "<svg>图</svg>")
    assert html["chart_svg"] == "<svg>图</svg>" and isinstance(html["chart_svg"], Markup)
    assert html["chart_src"] == "data:image/svg+xml;base64," + base64.b64encode("<svg>图</svg>".encode()).decode()
    assert T.template_vars(ctx, "html") == {**ctx.as_dict(), "chart_svg": "", "chart_src": ""}
    assert T.template_vars(ctx, "docx", "图")["chart_image"] == "图"
    assert T.template_vars(ctx, "docx")["chart_image"] == ""


def test_template_line_of_a_file_template_and_of_a_text_template(tmp_path):
    env = E.make_env("md", tmp_path)
    _tpl(tmp_path, "a\nb\n{{ 1 / 0 }}\n", "t.md.j2")
    tpl = env.get_template("t.md.j2")
    with pytest.raises(ZeroDivisionError) as err:
        tpl.render()
    assert T.template_line(err.value, tpl.filename) == "第3行"
    assert T.template_line(err.value, "other.md.j2") == ""
    with pytest.raises(ZeroDivisionError) as err:  # a template from a text (as docxtpl makes them)
        env.from_string("x\n{{ 1 / 0 }}").render()
    assert T.template_line(err.value, None) == "第2行"
    assert T.template_line(ValueError("not raised"), None) == ""
    # in a macro: the line inside it (the innermost template line), not the line that called it
    with pytest.raises(ZeroDivisionError) as err:
        env.from_string("{% macro m() %}\n{{ 1 / 0 }}\n{% endmacro %}\na\n{{ m() }}").render()
    assert T.template_line(err.value, None) == "第2行"


def _error(exc, where=""):
    return str(T.template_error(exc, "mine.md.j2", where))


def test_template_error_messages():
    syntax = TemplateSyntaxError("unexpected end", 3)
    assert _error(syntax) == "报告模板mine.md.j2第3行有语法错误：unexpected end"
    assert _error(syntax, "第2段") == "报告模板mine.md.j2第2段有语法错误：unexpected end"
    assert _error(TemplateSyntaxError("bad", None)) == "报告模板mine.md.j2有语法错误：bad"
    assert _error(OverflowError("int too large"), "第4行") == "报告模板mine.md.j2第4行使用的范围或数值过大，已拒绝（int too large）"
    assert _error(SecurityError("range too big")) == "报告模板mine.md.j2使用的范围或数值过大，已拒绝（range too big）"
    assert _error(SecurityError("access to attribute '__class__' of 'str' object is unsafe."), "第1行") == (
        "报告模板mine.md.j2第1行试图访问程序内部属性，已拒绝（access to attribute '__class__' of 'str' object is "
        "unsafe.）。模板只能使用报告中的数据")
    assert _error(UndefinedError("'totl' is undefined"), "第3行") == "报告模板mine.md.j2第3行使用了未知的变量“totl”"
    assert _error(UndefinedError("'ScoreRow object' has no attribute 'points'")) == \
        "报告模板mine.md.j2使用了未知的变量“points”"
    assert _error(UndefinedError("something else")) == "报告模板mine.md.j2使用了未知的变量“something else”"
    assert _error(TemplateNotFound("base.j2"), "第1行") == "报告模板mine.md.j2引用的模板“base.j2”不存在"
    assert _error(ZeroDivisionError("division by zero"), "第2行") == "报告模板mine.md.j2第2行有误：division by zero"
    assert isinstance(T.template_error(ValueError("x"), "a"), ReportError)


# ------------------------------------------------------------------ render

def test_render_text_prints_the_context(tmp_path):
    path = _tpl(tmp_path, "# {{ title }}\n{% for p in body %}{{ p.text }}|{% endfor %}\n")
    # (a newline right after a block tag goes: trim_blocks)
    assert R.render_text(_ctx(), "md", path) == "# 测试单位2021年度部门整体绩效自评报告\n一、基本情况|甲。|"


def test_the_html_chart_is_drawn_unless_turned_off(tmp_path):
    path = _tpl(tmp_path, "[{{ chart_svg }}]", "mine.html.j2")
    assert R.render_text(_ctx(), "html", path).startswith("[<svg")
    assert R.render_text(_ctx(), "html", path, chart=False) == "[]"
    assert R.render_text(_ctx(chart=[]), "html", path) == "[]"


def test_render_text_errors_name_the_template_and_line(tmp_path):
    cases = [("x\n{% if %}\n", "报告模板mine.md.j2第2行有语法错误："),
             ("a\nb\n{{ totl }}\n", "报告模板mine.md.j2第3行使用了未知的变量“totl”"),
             ("a\n{{ 1 / 0 }}\n", "报告模板mine.md.j2第2行有误：division by zero"),
             ("{{ score_rows[5] }}\n", "报告模板mine.md.j2第1行使用了未知的变量"),
             ("{{ title + 1 }}\n", "报告模板mine.md.j2第1行有误："),
             ("{{ 'x'.encode('no-such-codec') }}\n", "报告模板mine.md.j2第1行有误：unknown encoding"),
             ("\n{{ 'ab'.index('z') }}\n", "报告模板mine.md.j2第2行有误：substring not found"),
             ("{% for i in range(10**9) %}{% endfor %}\n", "报告模板mine.md.j2第1行使用的范围或数值过大")]
    for text, start in cases:
        with pytest.raises(ReportError) as err:
            R.render_text(_ctx(), "md", _tpl(tmp_path, text))
        assert str(err.value).startswith(start), (text, str(err.value))


def test_an_error_before_the_template_runs_names_no_line(tmp_path):
    class Broken:
        chart: list = []

        def as_dict(self):
            raise ValueError("上下文无法读取")

    with pytest.raises(ReportError) as err:
        R.render_text(Broken(), "md", _tpl(tmp_path, "{{ title }}"))
    assert str(err.value) == "报告模板mine.md.j2有误：上下文无法读取"


def test_render_text_of_the_shipped_markdown_template():
    md = R.render_text(_ctx(), "md")
    assert md.startswith("# 测试单位2021年度部门整体绩效自评报告\n\n## 一、基本情况\n\n甲。\n")


def test_write_report_refuses_an_unknown_format(tmp_path):
    with pytest.raises(ReportError) as err:
        R.write_report(_ctx(), tmp_path / "r.txt", "txt")
    assert str(err.value) == "不支持的报告格式：txt（可选：docx、md、html、pdf）"
    assert not (tmp_path / "r.txt").exists()


def test_write_report_writes_text_as_utf8(tmp_path):
    path = _tpl(tmp_path, "{{ unit }}", "mine.html.j2")
    out = R.write_report(_ctx(), str(tmp_path / "r.html"), "html", path)
    assert out == tmp_path / "r.html" and out.read_bytes() == "测试单位".encode("utf-8")
    out = R.write_report(_ctx(), tmp_path / "r.md", "md", _tpl(tmp_path, "{{ year }}"))
    assert out.read_text(encoding="utf-8") == "2021"


def test_write_report_draws_the_html_chart_unless_told_not_to(tmp_path):
    path = _tpl(tmp_path, "[{{ chart_svg }}]", "mine.html.j2")
    assert R.write_report(_ctx(), tmp_path / "a.html", "html", path).read_text(encoding="utf-8").startswith("[<svg")
    assert R.write_report(_ctx(), tmp_path / "b.html", "html", path, chart=False).read_text(encoding="utf-8") == "[]"


def test_a_report_is_utf8_whatever_the_machines_language(tmp_path):
    """A Chinese Windows writes text files as GBK unless told: the report is UTF-8 under any locale (here: a
    process whose locale encoding is ASCII, where writing Chinese without an encoding fails)."""
    import os
    import subprocess
    import sys

    R.write_report(_ctx(), tmp_path / "here.md", "md", _tpl(tmp_path, "{{ unit }}"))  # (mutmut: this test calls it)
    assert (tmp_path / "here.md").read_bytes() == "测试单位".encode("utf-8")
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
           "PYTHONIOENCODING": "ascii:backslashreplace", "XLPERF_CACHE": str(tmp_path / "cache")}
    code = ("import locale, sys; assert locale.getpreferredencoding(False).lower() in ('ansi_x3.4-1968', 'ascii')\n"
            "sys.path.insert(0, 'tests')\n"
            "from test_report_render_mutants import _ctx\n"
            "from xlperf.report.render import write_report\n"
            f"write_report(_ctx(), {str(tmp_path / 'r.md')!r}, 'md', {str(_tpl(tmp_path, '{{ unit }}'))!r})\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], env=env,
                          capture_output=True, text=True, encoding="ascii", errors="backslashreplace")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.md").read_bytes() == "测试单位".encode("utf-8")


def test_a_failed_report_leaves_the_previous_one(tmp_path):
    out = tmp_path / "r.md"
    out.write_text("旧报告", encoding="utf-8")
    with pytest.raises(ReportError):
        R.write_report(_ctx(), out, "md", _tpl(tmp_path, "{{ totl }}"))
    assert out.read_text(encoding="utf-8") == "旧报告"


def test_an_unwritable_target_is_a_report_error(tmp_path):
    (tmp_path / "r.md").mkdir()  # a folder where the report should go
    with pytest.raises(ReportError):
        R.write_report(_ctx(), tmp_path / "r.md", "md", _tpl(tmp_path, "x"))
    with pytest.raises(ReportError):
        R.atomic_write(tmp_path / "r.md", lambda tmp: tmp.write_text("x"))


def test_a_missing_folder_is_named_in_the_report_error(tmp_path):
    with pytest.raises(ReportError) as err:
        R.atomic_write(tmp_path / "无此目录" / "r.md", lambda tmp: tmp.write_text("x"))
    assert str(err.value) == f"保存位置不存在：{tmp_path / '无此目录'}"


def test_atomic_write_returns_the_target(tmp_path):
    assert R.atomic_write(tmp_path / "a.txt", lambda tmp: tmp.write_text("甲", encoding="utf-8")) == tmp_path / "a.txt"
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "甲"


def test_a_pdf_needs_libreoffice(tmp_path, monkeypatch):
    monkeypatch.setattr(R, "find_soffice", lambda: None)
    with pytest.raises(OfficeError) as err:
        R.write_report(_ctx(), tmp_path / "r.pdf", "pdf")
    assert str(err.value).startswith("生成PDF需要LibreOffice。")
    assert str(err.value).endswith("。也可以先生成Word报告（--format docx），在Word中另存为PDF")
    assert not (tmp_path / "r.pdf").exists()


def test_a_pdf_is_the_word_report_converted_in_a_private_folder(tmp_path, monkeypatch):
    seen = {}

    def render_docx(ctx, out, template, chart):
        seen["docx"] = (ctx.unit, out.name, out.parent.name[:11], template, chart)
        out.write_bytes(b"docx")

    def convert(src, fmt, folder, fonts_notice):
        seen["convert"] = (src.name, fmt, folder.name, fonts_notice, src.read_bytes())
        folder.mkdir()
        pdf = folder / "r.pdf"
        pdf.write_bytes(b"%PDF")
        return pdf

    monkeypatch.setattr(R, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(R, "render_docx", render_docx)
    monkeypatch.setattr(R, "convert", convert)
    out = R.write_report(_ctx(), tmp_path / "报告.pdf", "pdf", "t.docx", chart=False)
    assert out == tmp_path / "报告.pdf" and out.read_bytes() == b"%PDF"
    assert seen == {"docx": ("测试单位", "报告.docx", "xlperf-pdf-", "t.docx", False),
                    "convert": ("报告.docx", "pdf", "pdf", True, b"docx")}
    assert [p.name for p in tmp_path.iterdir()] == ["报告.pdf"]  # the Word file stayed in the private folder


def test_write_report_docx_goes_through_word(tmp_path, monkeypatch):
    import xlperf.report.word as W

    seen = {}

    def render(ctx, out, template, chart):
        seen["args"] = (ctx.unit, template, chart)
        out.write_bytes(b"PK")

    monkeypatch.setattr(W, "render_docx", render)
    out = R.write_report(_ctx(), tmp_path / "r.docx", "docx", "t.docx", chart=False)
    assert out.read_bytes() == b"PK" and seen == {"args": ("测试单位", "t.docx", False)}
    R.render_docx(_ctx(), tmp_path / "s.docx")
    assert seen == {"args": ("测试单位", None, True)}


# ------------------------------------------------------------------ parts

def test_own_headings_keep_the_outlines_numbers_and_the_departments_words():
    outline = outline_for(load_profile(None), "")
    heads = own_headings(outline, {"s1_1": "（一）部门职能", "s2": "二、 自评工作开展情况", "s3": "(三)结论",
                                   "s4": "  ", "s6": "六．应用", "s8": "其他事项"})
    assert heads["s1_1"] == "（一）部门职能"
    assert heads["s2"] == "二、自评工作开展情况"
    assert heads["s3"] == "三、结论"
    assert heads["s4"] == "四、绩效目标实现情况分析"
    assert heads["s6"] == "六、应用"
    assert heads["s8"] == "八、其他事项"
    assert heads.s1 == "一、基本情况" and heads.s1_2 == "（二）部门年度整体绩效目标、绩效指标设置情况"
    with pytest.raises(AttributeError, match="^s9$"):
        heads.s9
    assert isinstance(heads, Headings)
