"""Issue 7 §3: known Jinja2 sandbox escapes in user templates are refused, naming template and place.

Each attack is put on line 3 of a Markdown/HTML template and in paragraph 3 of a Word template,
and run through the real CLI.  The refusal must be exit 2, a Chinese message naming the template
and "第3行"/"第3段", no traceback, and no report file.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from xlperf.cli import main

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "xlperf" / "data" / "example-2021.json"

ESCAPES = {
    "class": '{{ "".__class__ }}',
    "mro": "{{ ().__class__.__mro__ }}",
    "subclasses": "{{ title.__class__.__mro__[1].__subclasses__() }}",
    "globals_lipsum": "{{ lipsum.__globals__ }}",
    "self_init": "{{ self.__init__.__globals__ }}",
    "cycler_init": "{{ cycler.__init__.__globals__['os'] }}",
    "cycler_obj": '{{ cycler("a").__class__ }}',
    "joiner_init": "{{ joiner.__init__.__globals__ }}",
    "namespace_init": "{{ namespace.__init__.__globals__ }}",
    "namespace_obj": "{% set n = namespace() %}{{ n.__class__ }}",
    "attr_filter": "{{ ''|attr('__class__') }}",
    "attr_chain": "{{ (title|attr('__class__'))|attr('__base__') }}",
    "format_attr": '{{ "{0.__class__}".format(title) }}',
    "format_map": '{{ "{x.__class__.__mro__}".format_map({"x": title}) }}',
    "format_index": '{{ "{0.__init__.__globals__}".format(cycler) }}',
    "dunder_method": "{{ title.__len__() }}",
    "range_huge": "{{ range(10**9)|list|length }}",
    "repeat_huge": '{{ "a" * 10**9 }}',
    "power_huge": "{{ 2 ** 99999999 }}",
}


def _text_template(tmp_path: Path, kind: str, expr: str) -> Path:
    path = tmp_path / f"evil.{kind}.j2"
    path.write_text(f"# {{{{ title }}}}\n正文\n攻击 {expr}\n结束\n", encoding="utf-8")
    return path


def _docx_template(tmp_path: Path, expr: str) -> Path:
    from docx import Document

    doc = Document()
    doc.add_paragraph("{{ title }}")
    doc.add_paragraph("正文")
    doc.add_paragraph(f"攻击 {expr}")
    path = tmp_path / "evil.docx"
    doc.save(str(path))
    return path


def _refused(capsys, argv, out: Path, template: Path, place: str) -> None:
    rc = main(argv)
    cap = capsys.readouterr()
    text = cap.out + cap.err
    assert rc == 2, text
    assert "Traceback" not in text and "内部错误" not in text, text
    assert template.name in cap.err and place in cap.err, cap.err
    # refused outright, or the sandbox hid the attribute (Undefined) and the strict mode stops there
    assert "已拒绝" in cap.err or "未知的变量“__" in cap.err, cap.err
    assert not out.exists()


@pytest.mark.parametrize("kind", ["md", "html"])
@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_text_template_escape_refused(tmp_path, capsys, monkeypatch, kind, name):
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))
    tpl = _text_template(tmp_path, kind, ESCAPES[name])
    out = tmp_path / f"r.{kind}"
    _refused(capsys, ["report", str(EXAMPLE), "--template", str(tpl), "--format", kind, "-o", str(out),
                      "--no-chart"], out, tpl, "第3行")
    assert not (tmp_path / "log").exists()


@pytest.mark.parametrize("name", sorted(ESCAPES))
def test_docx_template_escape_refused(tmp_path, capsys, monkeypatch, name):
    monkeypatch.setenv("XLPERF_LOG_DIR", str(tmp_path / "log"))
    tpl = _docx_template(tmp_path, ESCAPES[name])
    out = tmp_path / "r.docx"
    _refused(capsys, ["report", str(EXAMPLE), "--template", str(tpl), "-o", str(out), "--no-chart"], out, tpl,
             "第3段")
    assert not (tmp_path / "log").exists()


def test_harmless_arithmetic_and_format_still_work(tmp_path, capsys):
    """The limits do not break ordinary template arithmetic and formatting."""
    tpl = tmp_path / "ok.md.j2"
    tpl.write_text('{{ 3 * 4 }}|{{ 2 ** 10 }}|{{ "-" * 20 }}|{{ "{}年".format(2021) }}|{{ "%s分"|format(91) }}\n',
                   encoding="utf-8")
    out = tmp_path / "ok.md"
    assert main(["report", str(EXAMPLE), "--template", str(tpl), "--format", "md", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").strip() == "12|1024|--------------------|2021年|91分"
