"""The public API of ``xlperf`` (issue 20): each name used once on the example form, the expected values from the
seed report (/work/shared/seed: 最终得分为91分, 等级“优”, 年初数7319.56万元, 调整预算数 and 执行金额 1770.59万元,
执行率24%) or hand arithmetic; and the names cost ``import xlperf`` nothing until used."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import xlperf
from xlperf.errors import ReportError
from report_helpers import department_book

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "workbooks" / "example-2021.xlsx"
UNIT = "中共郑州市金水区委组织部"


def test_all_names_are_exported_and_nothing_else_is_public():
    assert sorted(xlperf.__all__) == sorted(["load", "check", "score", "build_report", "write_report", "new_form",
                                              "import_last_year", "run_batch", "__version__"])
    assert set(xlperf.__all__) <= set(dir(xlperf))
    with pytest.raises(AttributeError):
        xlperf.no_such_name  # noqa: B018


def test_import_xlperf_loads_none_of_the_use_cases():
    # Excel's UDF server and a ribbon click import the package first: the API must not load the reader
    code = ("import json, sys; import xlperf, xlperf.udfs; "
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('xlperf.app', 'xlperf.batch', "
            "'xlperf.workbook', 'pydantic', 'openpyxl')))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == []


def test_load_reads_the_form():
    ev, problems = xlperf.load(EXAMPLE)
    assert (ev.unit, ev.year) == (UNIT, 2021)
    assert (ev.budget.initial, ev.budget.adjusted, ev.budget.executed) == (
        Decimal("7319.56"), Decimal("1770.59"), Decimal("1770.59"))


def test_check_and_score_give_the_seed_total_and_grade():
    checked = xlperf.check(EXAMPLE)
    assert checked.reportable and not checked.errors
    result = xlperf.score(EXAMPLE)
    assert result.total == Decimal(91) and result.grade == "优"
    # 执行率 = 执行金额 / 年初数 (this form's rules): 1770.59 / 7319.56 = 0.2419… → 24%
    assert result.facts["执行率"].quantize(Decimal("0.01")) == Decimal("0.24")


def test_build_report_and_write_report(tmp_path):
    ctx = xlperf.build_report(EXAMPLE)
    assert ctx.title == f"{UNIT}2021年度部门整体绩效自评报告"
    assert (ctx.total, ctx.grade) == ("91", "优")
    assert ctx.funds[0] == ("2021年度，我单位预算年初数为7319.56万元，调整预算数为1770.59万元，"
                            "预算执行金额1770.59万元，预算执行率24%。")
    path = xlperf.write_report(ctx, tmp_path / "报告.md", "md")
    text = path.read_text(encoding="utf-8")
    assert "我单位2021年部门整体绩效最终得分为91分" in text and "评价等级为“优”" in text


def test_build_report_refuses_a_form_with_errors(tmp_path):
    blank, _ = xlperf.new_form(tmp_path / "空白.xlsx")
    with pytest.raises(ReportError, match="单位名称"):
        xlperf.build_report(blank)


def test_new_form_is_a_blank_form_of_the_profile(tmp_path):
    path, profile = xlperf.new_form(tmp_path / "新表.xlsx", "部门整体-河南2021")
    assert path.is_file() and profile.name == "部门整体-河南2021"
    ev, problems = xlperf.load(path)
    assert ev is None and any(p.label == "单位名称" and "不能为空" in p.message for p in problems)


def test_import_last_year_starts_next_years_form(tmp_path):
    imported = xlperf.import_last_year(EXAMPLE, tmp_path / "2023.xlsx", year=2023)  # not the default 2022
    assert imported.source_year == 2021
    assert imported.evaluation.previous.total == Decimal(91)  # last year's 总分 becomes this year's 上年总分
    book = openpyxl.load_workbook(tmp_path / "2023.xlsx")
    named = {n: book.defined_names[n].destinations for n in ("单位名称", "年度")}
    assert [book[s][c.replace("$", "")].value for n in ("单位名称", "年度") for s, c in named[n]] == [UNIT, 2023]


def test_run_batch_scores_each_form(tmp_path):
    src = tmp_path / "收到"
    src.mkdir()
    department_book(EXAMPLE, src / "甲.xlsx")  # the example as a department's correct form
    outcome = xlperf.run_batch(src, tmp_path / "汇总", jobs=1, formats=("md",))
    (rec,) = outcome.records
    assert (rec.unit, Decimal(rec.total)) == (UNIT, Decimal(91))
    assert outcome.summary.is_file() and outcome.exit_code == 0


def test_the_readme_example_runs(tmp_path, monkeypatch, capsys):
    """The README's ```python example (维护者), run in a folder holding the example form it names."""
    import re

    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)
    assert blocks, "README has no python example"
    shutil.copy(EXAMPLE, tmp_path / EXAMPLE.name)
    monkeypatch.chdir(tmp_path)
    for code in blocks:
        exec(compile(code, "README.md", "exec"), {})
    assert capsys.readouterr().out.strip() == "91.00"
    assert "最终得分为91分" in (tmp_path / "报告.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("title, name", [
    (f"{UNIT}2021年度部门整体绩效自评报告", f"{UNIT}2021年度部门整体绩效自评报告.docx"),
    ("某局/某科:2021年度*报告?", "某局_某科_2021年度_报告_.docx"),  # each run of \ / : * ? " < > | is one _
    (" . ", "绩效自评报告.docx"),  # nothing left of the title: a plain name
])
def test_the_report_file_is_named_by_its_title(title, name):
    from types import SimpleNamespace

    from xlperf.app.reports import report_name

    assert report_name(SimpleNamespace(title=title), "docx") == name
