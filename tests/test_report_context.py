"""Report context: filters, placeholders, data sentences; a second department with its own figures."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest

from report_helpers import DEPT_B, DEPT_B_PROFILE, EXAMPLE, context_of, department_data, docx_text, md_plain, norm
from xlperf.report.env import cn_count, cn_date, cn_item, cn_number, cn_sub, percent, wan
from xlperf.report.render import render_text, write_report


@pytest.mark.parametrize("n,text", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (25, "二十五"),
                                    (101, "一百零一"), (110, "一百一十"), (2021, "二千零二十一")])
def test_cn_number(n, text):
    assert cn_number(n) == text


@pytest.mark.parametrize("n,text", [(7, "七个"), (20, "二十个"), (25, "二十多个"), (13, "十多个"), (134, "一百三十多个")])
def test_cn_count(n, text):
    assert cn_count(n) == text


def test_small_filters():
    assert cn_item(2) == "二是" and cn_sub(3) == "（三）"
    assert wan(D("7319.564")) == "7319.56万元"
    assert percent(D("0.24190"), 0) == "24%" and percent("0.8667", 1) == "86.7%"
    assert cn_date("2022-03-05") == "2022年3月5日"


def test_placeholders_are_filled_from_data():
    ctx, warnings = context_of(EXAMPLE)
    # the example's one warning: the reference report's leftover instruction in 五 (its only 栏目 text)
    assert [(w.where, w.message) for w in warnings] == [("文字材料：section5", "本段像是填写说明，请改写为本单位情况或删除")]
    paras = [p for block in ctx.analysis for p in block.paragraphs]
    budget = next(p for p in paras if p.startswith("预算和财务管理情况："))
    assert "细化率达90%以上；2021年度，我单位预算年初数为7319.56万元，调整预算数为1770.59万元，" \
           "预算执行金额为1770.59万元，预算执行率24%，结转结余率0%；“三公”经费年初预算0万元，实际支出0万元；" in budget
    assert not any("{" in p for p in paras)


def _with_text(tmp_path, text):
    data = department_data()  # the example as a department's form (no leftover instruction in 五)
    data["narrative"]["experience"] = [text]
    path = tmp_path / "ev.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _checked(path, profile=None):
    """(context, problems) without refusing errors: what the context would hold if a caller ignored them."""
    from xlperf.app.load import load_checked
    from xlperf.report.context import build_context

    _, _, result, problems = load_checked(path, profile)
    return build_context(result)[0], problems


def test_unknown_placeholder_is_an_error_at_its_cell(tmp_path):
    # issue 21 §5: an unknown placeholder is an error (check exits 1, report refuses), no longer a warning
    ctx, problems = _checked(_with_text(tmp_path, "今年完成{重点项目}建设，得分{总分}分。"))
    assert ctx.experience == ["今年完成{重点项目}建设，得分91分。"]  # what would be printed: hence the error
    assert len(problems) == 1 and problems[0].severity == "错误"
    assert "{重点项目}" in problems[0].message and "经验" in problems[0].where


def test_clerk_text_is_never_a_template(tmp_path):
    ctx, problems = _checked(_with_text(tmp_path, "{{ unit }}{% if 1 %}x{% endif %}"))
    assert {p.severity for p in problems} == {"错误", "警告"}  # unknown “placeholders”, lone braces
    assert ctx.experience == ["{{ unit }}{% if 1 %}x{% endif %}。"]  # a paragraph ends with a full stop
    assert "{{ unit }}{% if 1 %}x{% endif %}" in render_text(ctx, "md")


def test_markup_in_clerk_text_is_escaped(tmp_path):
    ctx, _ = context_of(_with_text(tmp_path, "A&B <b>研发</b>"))
    assert "A&amp;B &lt;b&gt;研发&lt;/b&gt;" in render_text(ctx, "html")
    out = tmp_path / "r.docx"
    write_report(ctx, out, "docx", chart=False)
    assert "A&B <b>研发</b>" in docx_text(out)


def test_empty_sections_use_profile_standard_text_only(tmp_path):
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    for key in ("process", "other", "experience", "suggestions", "section5", "problems", "measures"):
        data["narrative"][key] = []
    path = tmp_path / "ev.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    ctx, _ = context_of(path)
    assert ctx.process[0].startswith("一是前期准备阶段。根据财政部门关于开展年度预算绩效自评工作的通知要求")
    # 八 prints the rules' “无” as a sentence; 七 left empty says “无。” too (and check warns about it)
    assert ctx.other == ["无。"] and ctx.experience == ["无。"] and ctx.problems == [] and ctx.section5 == []
    md = render_text(ctx, "md")
    assert "存在的主要问题" not in md and "### （二）改进措施" not in md and "### （一）改进措施" not in md


# ---------------------------------------------------------------- a second, different department

@pytest.fixture(scope="module")
def dept_b():
    return context_of(DEPT_B, str(DEPT_B_PROFILE))


@pytest.fixture(scope="module")
def dept_b_texts(dept_b, tmp_path_factory):
    ctx = dept_b[0]
    out = tmp_path_factory.mktemp("b") / "b.docx"
    write_report(ctx, out, "docx")
    return [norm(md_plain(render_text(ctx, "md"))), norm(docx_text(out))]


EXPECTED_B = [  # worked out by hand from tests/data/dept-b-2022.json and dept-b-profile.toml
    "示例县农业农村局2022年度部门整体绩效自评报告",
    "我局2022年部门整体绩效最终得分为89.5分",  # 示例县农业农村局: …局 → 我局 (words.self_word)
    "90(含)-100分为优、75(含)-90分为良、60(含)-75分为中、60分以下为差",
    "整体绩效评价等级为“良”",
    # whole sentences and the exact count: 2 + 2 + 2 + 2 + 3 + 2 = 13 三级指标 in the json
    "绩效指标包括部门决策指标(25分)、综合管理指标(30分)、部门绩效指标(45分)三个一级指标。",
    "二级指标包括目标设定、预算编制、预算执行管理、财务管理、产出、效益。三级指标共十三个。",
    "部门决策252288.0%", "综合管理3028.595.0%", "部门绩效453986.7%", "合计10089.589.5%",
    "预算年初数为2456.30万元,调整预算数为2890.75万元,预算执行金额2745.12万元,预算执行率95.0%。",
    "按年初预算数计算,预算执行率为111.8%。",
    "“三公”经费年初预算12.50万元,实际支出10.80万元",
    "共有项目14个,开展绩效监控项目14个,绩效监控完成率100.0%,开展绩效自评项目12个,绩效自评完成率85.7%",
    "年度指标值≥85%,实际满意度88.0%,完成满意度85.0%的目标",
    "1.部门决策指标情况分析", "2.综合管理指标情况分析", "3.部门绩效指标情况分析",
    "预算执行率:分值10分,得分9.5分,得分率95.0%。偏差原因:部分项目资金年底前未完成支付。",
    "五、发现的主要问题和改进措施未得满分的指标",
    "(一)存在的主要问题一是部分项目资金支付进度偏慢。二是绩效目标量化程度有待提高。",  # one numbering style
    "(二)改进措施一是加快项目资金支付进度。二是细化量化绩效目标。六、绩效自评结果拟应用和公开情况自评结果将随部门决算",
    "按照财政部门统一部署,我局成立自评工作组",  # the clerk's 我单位 in the report's one word
    "八、其他需要说明的问题无",
]


@pytest.mark.parametrize("fmt", [0, 1], ids=["md", "docx"])
def test_second_department_holds_its_own_figures(dept_b_texts, fmt):
    text = dept_b_texts[fmt]
    for fig in EXPECTED_B:
        assert norm(fig) in text, fig


@pytest.mark.parametrize("fmt", [0, 1], ids=["md", "docx"])
def test_second_department_has_nothing_of_the_seed(dept_b_texts, fmt):
    text = dept_b_texts[fmt]
    for seed_bit in ("金水", "组织部", "7319.56", "1770.59", "91分", "2021", "“优”", "二十多个", "29个", "预算情况("):
        assert seed_bit not in text, seed_bit


def test_second_department_reports_its_unknown_placeholder(tmp_path):
    # (the text used to sit in tests/data/dept-b-2022.json; an unknown placeholder is an error now, issue 21 §5)
    data = json.loads(DEPT_B.read_text(encoding="utf-8"))
    data["narrative"]["analysis"]["部门绩效"] += "高标准农田建设项目{项目名称}按期推进。"
    path = tmp_path / "b.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    _, problems = _checked(path, str(DEPT_B_PROFILE))
    assert [p.severity for p in problems if "{项目名称}" in p.message] == ["错误"]
