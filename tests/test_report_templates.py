"""Template lint (every variable exists in the context) and bad or hostile templates."""

from __future__ import annotations

import pytest
from jinja2 import meta

from report_helpers import DEPT_B, DEPT_B_PROFILE, EXAMPLE, context_of
from xlperf.report.env import TEMPLATE_DIR, make_env
from xlperf.report.render import ReportError, render_text, template_vars, write_report


@pytest.fixture(scope="module")
def contexts():
    return [context_of(EXAMPLE)[0], context_of(DEPT_B, str(DEPT_B_PROFILE))[0]]


@pytest.mark.parametrize("kind,name", [("md", "report.md.j2"), ("html", "report.html.j2")])
def test_text_templates_use_only_context_names(contexts, kind, name):
    env = make_env(kind)
    source = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
    used = meta.find_undeclared_variables(env.parse(source))
    known = set(template_vars(contexts[0], kind)) | set(env.globals)
    assert used and used <= known, used - known
    for ctx in contexts:  # StrictUndefined: every attribute on both layouts (问题在五 / 在六)
        assert render_text(ctx, kind, chart=False)


def test_docx_template_uses_only_context_names(contexts, tmp_path):
    from docxtpl import DocxTemplate

    env = make_env("docx")
    used = DocxTemplate(str(TEMPLATE_DIR / "report.docx")).get_undeclared_template_variables(jinja_env=env)
    known = set(template_vars(contexts[0], "docx")) | set(env.globals)
    assert "score_rows" in used and used <= known, used - known
    for i, ctx in enumerate(contexts):
        write_report(ctx, tmp_path / f"{i}.docx", "docx", chart=False)


def _tpl(tmp_path, text, name="mine.md.j2"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_syntax_error_names_template_and_line(contexts, tmp_path):
    path = _tpl(tmp_path, "# {{ title }}\n\n{% if %}\n")
    with pytest.raises(ReportError) as err:
        render_text(contexts[0], "md", path)
    assert "mine.md.j2" in str(err.value) and "第3行" in str(err.value) and "语法错误" in str(err.value)


def test_unknown_variable_names_template_line_and_variable(contexts, tmp_path):
    path = _tpl(tmp_path, "# {{ title }}\n\n总分：{{ totl }}\n")
    with pytest.raises(ReportError) as err:
        render_text(contexts[0], "md", path)
    msg = str(err.value)
    assert "mine.md.j2" in msg and "第3行" in msg and "“totl”" in msg


def test_unknown_attribute_is_named(contexts, tmp_path):
    path = _tpl(tmp_path, "{{ score_total.name }}\n{{ score_total.points }}\n")
    with pytest.raises(ReportError) as err:
        render_text(contexts[0], "md", path)
    assert "第2行" in str(err.value) and "points" in str(err.value)


@pytest.mark.parametrize("attack", ["{{ ''.__class__ }}", "{{ ''.__class__.__mro__[1].__subclasses__() }}",
                                    "{{ cycler.__init__.__globals__ }}", "{{ title.__len__() }}"])
def test_python_internals_are_refused(contexts, tmp_path, attack):
    path = _tpl(tmp_path, "ok\n" + attack + "\n", "evil.html.j2")
    with pytest.raises(ReportError) as err:
        render_text(contexts[0], "html", path, chart=False)
    assert "evil.html.j2" in str(err.value) and "拒绝" in str(err.value)


def _docx_tpl(tmp_path, *paragraphs):
    from docx import Document

    doc = Document()
    for p in paragraphs:
        doc.add_paragraph(p)
    path = tmp_path / "mine.docx"
    doc.save(str(path))
    return path


def test_docx_unknown_variable_names_template_paragraph_and_variable(contexts, tmp_path):
    path = _docx_tpl(tmp_path, "{{ title }}", "得分：{{ totl }}")
    with pytest.raises(ReportError) as err:
        write_report(contexts[0], tmp_path / "out.docx", "docx", path)
    msg = str(err.value)
    assert "mine.docx" in msg and "第2段" in msg and "“totl”" in msg
    assert not (tmp_path / "out.docx").exists()


def test_docx_syntax_error_and_attack(contexts, tmp_path):
    path = _docx_tpl(tmp_path, "{{ title }}", "{% if %}")
    with pytest.raises(ReportError) as err:
        write_report(contexts[0], tmp_path / "out.docx", "docx", path)
    assert "mine.docx" in str(err.value) and "语法错误" in str(err.value)
    path = _docx_tpl(tmp_path, "{{ cycler.__init__.__globals__ }}")
    with pytest.raises(ReportError) as err:
        write_report(contexts[0], tmp_path / "out.docx", "docx", path)
    assert "拒绝" in str(err.value)


def test_word_report_has_its_own_document_properties(tmp_path):
    """Title = the report's title, author = the unit, dates = now: nothing left from the template."""
    import datetime as dt

    import docx

    from xlperf.app.load import load_checked
    from xlperf.report.context import build_context
    from xlperf.report.render import write_report

    from pathlib import Path

    _, _, result, _ = load_checked(Path(__file__).resolve().parents[1] / "workbooks" / "example-2021.xlsx")
    ctx, _ = build_context(result)
    before = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    out = write_report(ctx, tmp_path / "r.docx", "docx")
    cp = docx.Document(str(out)).core_properties
    assert cp.title == "中共郑州市金水区委组织部2021年度部门整体绩效自评报告" == ctx.title
    assert cp.author == cp.last_modified_by == "中共郑州市金水区委组织部"
    assert "模板" not in (cp.title + cp.comments + cp.subject) and cp.comments == ""
    created = cp.created.replace(tzinfo=None)  # written in UTC
    assert before - dt.timedelta(seconds=5) <= created <= dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    assert cp.modified == cp.created


def test_a_project_profile_writes_a_project_report_outline(tmp_path):
    """项目支出 (财预〔2020〕10号): its own title and headings, not the 部门整体 ones — md, html and Word."""
    import docx

    from xlperf.domain.evaluate import evaluate
    from xlperf.app.load import load_example
    from xlperf.domain.profiles import load_profile
    from xlperf.report.context import build_context
    from xlperf.report.render import render_text, write_report

    prof = load_profile("项目支出-财预2020-10号")
    ev = load_example()
    ctx, _ = build_context(evaluate(ev, prof))
    assert ctx.title.endswith("2021年度项目支出绩效自评报告")
    expected = ["一、项目基本情况", "（一）项目概况", "（二）项目绩效目标及指标设置情况", "三、综合评价情况及评价结论",
                "（一）项目资金使用情况分析", "（二）项目绩效指标完成情况分析", "五、偏差分析及存在的问题",
                "六、有关建议及自评结果应用", "七、主要经验及做法"]
    md = render_text(ctx, "md")
    html = render_text(ctx, "html")
    paras = [p.text for p in docx.Document(str(write_report(ctx, tmp_path / "p.docx", "docx"))).paragraphs]
    for h in expected:
        assert h in md and h in html and h in paras, h
    assert "项目年度目标：1." in md and "部门年度履职目标" not in md
    for dept in ("（一）部门年度履职目标及主要任务", "四、绩效目标实现情况分析", "五、发现的主要问题和改进措施"):
        assert dept not in md and dept not in html and dept not in paras, dept
