"""Whatever text a clerk feeds `xlperf import`, it either builds a form or refuses with a message: the
parser and the form builder never crash, and every non-blank paragraph ends up somewhere (a 栏目, the
unplaced area, or a part xlperf writes itself)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlperf.importer import ImportFailure, import_source
from xlperf.importer.parse import parse_report
from xlperf.workbook.build import build_workbook

PIECES = ["一、基本情况", "二、绩效自评工作开展情况", "三、综合评价结论", "四、绩效目标实现情况分析", "五、发现的主要问题",
          "六、结果应用", "七、经验", "八、其他", "（一）部门职能", "（二）年度目标", "(三)其他", "1.投入管理指标情况分析",
          "2、产出", "指标\t权重分值\t得分\t得分率", "预算执行\t10\t3\t30%", "合计\t100\t91\t91%", "- 3 -", "第2页",
          "部门年度履职目标：1.甲；2.乙", "主要任务：丙；丁", "年度整体绩效目标是推动工作。", "最终得分为91分，等级为“优”。",
          "2021年度，我单位预算年初数为10.00万元，调整预算数为8.00万元，预算执行金额为8.00万元，预算执行率80%。",
          "工作目标管理情况：按计划推进。", "满意度年度指标值≥90%，完成满意度90%的目标。", "一是加强管理。", "无",
          "共有项目3个，开展绩效监控项目3个", "", "   ", "{年度}年{未知", "20211年度", "某某局2021年度部门整体绩效自评报告"]

lines = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40)), max_size=40)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines)
def test_parse_never_crashes_and_keeps_paragraphs(paragraphs):
    rep = parse_report(paragraphs)
    assert all(p.text.strip() for p in rep.paragraphs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines)
def test_import_builds_a_form_or_refuses(tmp_path_factory, paragraphs):
    src = tmp_path_factory.mktemp("fz") / "r.txt"
    src.write_text("\n".join(paragraphs), encoding="utf-8", errors="surrogatepass")
    try:
        imported, profile = import_source(Path(src), None, None, "某单位")
    except ImportFailure as exc:
        assert str(exc)
        return
    build_workbook(imported.evaluation, profile)
