"""docs/templates.md documents every variable a template can print and every filter, truthfully."""

import datetime
import re
from dataclasses import fields
from pathlib import Path

from xlperf.report.context import ReportContext
from xlperf.report.env import FILTERS

DOC = (Path(__file__).resolve().parents[1] / "docs" / "templates.md").read_text(encoding="utf-8")


def _table_names(heading: str) -> set[str]:
    section = DOC.split(heading, 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_0-9]+)` \|", section, flags=re.M))


def test_every_context_variable_is_documented():
    from report_helpers import EXAMPLE, context_of
    from xlperf.report.render import template_vars

    ctx = context_of(EXAMPLE)[0]
    names = set().union(*(template_vars(ctx, kind, "") for kind in ("md", "html", "docx")))
    assert {f.name for f in fields(ReportContext)} <= names
    assert _table_names("## 可用的变量") == names


def test_every_filter_is_documented_with_a_true_example():
    assert _table_names("## 过滤器") == set(FILTERS)
    F = FILTERS
    examples = {
        "wan": (F["wan"](7319.56), "7319.56万元"), "percent": (F["percent"](0.2419), "24%"),
        "cn_date": (F["cn_date"](datetime.date(2021, 12, 31)), "2021年12月31日"),
        "cn_number": (F["cn_number"](3), "三"), "cn_count": (F["cn_count"](25), "二十多个"),
        "cn_heading": (F["cn_heading"](1), "一、"), "cn_sub": (F["cn_sub"](1), "（一）"),
        "cn_item": (F["cn_item"](1), "一是"),
    }
    for name, (got, shown) in examples.items():
        assert got == shown and shown in DOC, name


def test_every_placeholder_is_documented_and_the_year_on_year_examples_are_true():
    from decimal import Decimal as D

    from xlperf.domain.evaluate import evaluate
    from xlperf.app.load import load_example
    from xlperf.domain.model import Previous
    from xlperf.domain.profiles import load_profile
    from xlperf.report.context import PLACEHOLDERS, build_context

    section = DOC.split("## 占位符", 1)[1].split("\n## ", 1)[0]
    rows = {m.group(1): m.group(2) for m in re.finditer(r"^\| `\{([^}]+)\}` \|[^|]*\| (.*) \|$", section, flags=re.M)}
    assert set(rows) == set(PLACEHOLDERS)
    # the data the section describes: the example with 上年 88.5 / 良 / 85 % / 25 个, “三公”经费 4.2 against 5
    ev = load_example()
    ev.previous = Previous(total=D("88.5"), grade="良", exec_rate=D("0.85"), projects_total=25)
    values = build_context(evaluate(ev, load_profile(None)))[0].placeholders
    for name in ("总分同比", "等级同比", "执行率同比", "项目数同比", "年度", "总分", "等级", "执行率"):
        assert rows[name].split("；")[0] == values[name], name
    ev.budget.three_public_actual, ev.budget.three_public_prev = D("4.2"), D("5")
    values = build_context(evaluate(ev, load_profile(None)))[0].placeholders
    assert rows["三公经费变动"] == values["三公经费变动"] == values["三公经费同比"]
