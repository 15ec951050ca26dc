"""The committed workbooks compute the right figures — not only the same bytes as a fresh build.

``test_workbook_build``, ``test_macro_workbooks`` and ``test_macro_addin`` compare the committed workbooks with a
rebuild of the same code: they notice a change, not a wrong result.  Here the committed files themselves
(``workbooks/example-2021.xlsx`` / ``.xlsm``, and the blank forms ``xlperf-form.xlsx`` / ``.xlsm`` after a clerk
fills a few cells) are recalculated in headless LibreOffice (which has no PERF_ functions, so every figure comes from
the native formulas), and each computed cell — every row's 建议得分, 计入得分, 得分率 and 适用分值, 总评's level-1
rows and 合计, 总分, 等级, 执行率 — is compared with values worked out by hand (the example's from the reference report
``shared/seed``: 总分 91, 优, 预算执行 10/3/30 %, 投入管理 20/18/90 %, 产出指标 40/40/100 %, 效益指标 30/30/100 %, 预算
执行率 24 %) and with the engine reading the same file.
"""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest

from lo_uno import run_uno, uno_required
from report_helpers import norm, seed_text
from xlperf.domain.evaluate import evaluate
from xlperf.app.load import check_loaded
from xlperf.workbook import layout as L
from xlperf.workbook import read_workbook

WORKBOOKS = Path(__file__).resolve().parents[1] / "workbooks"
NAMES = ["总分", "等级", "执行率", "执行率_年初", "执行率_调整", "一致性检查", "得分合计", "适用分值合计"]
FIRST = L.IND_HEADER_ROW + 1  # the first indicator row
LAST = FIRST + 45  # well past the example's last row (its 合计)
#: 指标评分 columns read back: name (any of A–C), 分值, 建议得分, 得分, 得分率, 不适用, 计入得分, 适用分值
COLS = {"name": "ABC", "weight": "D", "suggested": "L", "typed": "M", "rate": "N", "na": "O", "counted": "P",
        "applicable": "Q"}
SUMMARY_ROWS = range(4, 9)  # 总评: the four level-1 rows and 合计 (指标, 权重分值, 得分, 得分率, 适用分值 in A–E)
EXEC_RATE = D("1770.59") / D("7319.56")  # 执行数 ÷ 年初预算数 (the profile's denominator) = 0.24189842…

# ---------------------------------------------------------------- the example, by hand
# Rules: README「公式参考」 and shared/domain/SCORING.md; the example's figures: 年初 7319.56, 调整 1770.59, 执行
# 1770.59 万元, 结转结余 0, “三公” 0 / 0, projects 29 / 29 / 29, 部门评价 1 / 1, 满意度 90 % against 90 %.

#: leaf → (分值, 建议得分, 计入得分); 得分率 = 计入得分 ÷ 分值
EXAMPLE_LEAVES = {
    "预算执行": ("10", "2.42", "3"),  # 正向 10 × 0.2418984 = 2.418984 → 2.42; 得分 typed 3 (seed: 3 of 10)
    "工作目标合理性": ("2", "2", "2"),  # 定性 达成: 100 %
    "绩效目标明确性": ("2", "2", "2"),
    "预算编制细化率": ("1", "1", "1"),  # 正向 min(0.9 ÷ 0.9, 1)
    "预算调整率": ("2", "0", "0"),  # 区间: |1770.59 − 7319.56| ÷ 7319.56 = 75.8 % > 30 % → 0
    "结转结余率": ("1", "1", "1"),  # 反向: 0 ≤ 5 %
    "“三公”经费控制率": ("1", "1", "1"),  # 超额扣分: 0 spent
    "财务管理制度健全性": ("1", "1", "1"),
    "资金使用合规性": ("2", "2", "2"),
    "内部控制有效性": ("1", "1", "1"),
    "银行账户管理规范性": ("1", "1", "1"),
    "绩效监控完成率": ("2", "2", "2"),  # 29 ÷ 29
    "绩效自评完成率": ("2", "2", "2"),  # 29 ÷ 29
    "部门评价完成率": ("1", "1", "1"),  # 1 ÷ 1
    "评价结果整改情况": ("1", "1", "1"),
    # 产出指标 40 of 40 in the seed: each of its eight 5-point leaves in full
    **{name: ("5", "5", "5") for name in ("基层党组织建设任务完成率", "党员教育和发展计划完成率", "干部教育培训计划完成率",
                                        "人才工作任务完成率", "领导班子调整配备及时性", "干部选拔任用监督检查覆盖率",
                                        "党建理论研究任务完成情况", "组织系统自身建设情况")},
    # 效益指标 30 of 30 in the seed
    "组织工作高质量开展情况": ("10", "10", "10"),
    "工作获得各级肯定情况": ("10", "10", "10"),
    "服务对象满意度": ("10", "10", "10"),  # 正向 min(0.9 ÷ 0.9, 1)
}
#: group → (分值, 计入得分) — the sum of its leaves
EXAMPLE_GROUPS = {
    "投入管理": ("20", "18"),  # 4 + 8 + 6 (seed: 18)
    "工作目标管理": ("4", "4"),  # 2 + 2
    "预算和财务管理": ("10", "8"),  # 1 + 0 + 1 + 1 + 1 + 2 + 1 + 1
    "绩效管理": ("6", "6"),  # 2 + 2 + 1 + 1
    "产出指标": ("40", "40"),
    "重点工作任务完成情况": ("20", "20"),
    "履职目标实现情况": ("20", "20"),
    "效益指标": ("30", "30"),
    "履职效益": ("20", "20"),
    "满意度": ("10", "10"),
}
#: 总评: (指标, 权重分值, 得分, 得分率, 适用分值) — the seed's 各项指标得分情况表
EXAMPLE_SUMMARY = [("预算执行", "10", "3", "0.3", "10"), ("投入管理", "20", "18", "0.9", "20"),
                   ("产出指标", "40", "40", "1", "40"), ("效益指标", "30", "30", "1", "30"),
                   ("合计", "100", "91", "0.91", "100")]
EXAMPLE_TOTAL, EXAMPLE_GRADE = "91", "优"  # 3 + 18 + 40 + 30; 90 ≤ 91 → 优

# ---------------------------------------------------------------- a blank form, filled by hand
# 基本情况: 单位 测试局, 年度 2021; 预算资金: 年初 7319.56, 调整 1770.59, 执行 1770.59 (the example's);
# 指标评分 (the blank form's rows are level-2 lines scored 人工, but 工作目标管理, whose two example 三级 rows make it a
# parent): 得分 typed on five of them, the examples' 实际完成值 typed (kept as examples: a warning each), 满意度 不适用.
FILL = [("基本情况", "B3", "测试局"), ("基本情况", "B4", 2021),
        ("预算资金", "B4", 7319.56), ("预算资金", "B5", 1770.59), ("预算资金", "B6", 1770.59)]
TYPED = {"预算和财务管理": 8, "绩效管理": 6, "重点工作任务完成情况": 20, "履职目标实现情况": 18.5, "履职效益": 20}
#: 实际完成值 typed on the example rows: 90 % against 100 % (正向), 良好 (定性 → 达成, 100 %)
EXAMPLE_ACTUALS = {"示例：年度工作目标完成率": 0.9, "示例：工作目标合理性": "良好"}
NOT_APPLICABLE = "满意度"
#: row → (分值, 建议得分, 计入得分, 得分率, 适用分值); None = blank
FORM_ROWS = {
    "预算执行": ("10", "2.42", "2.42", "0.242", "10"),  # 正向 10 × 0.2418984 → 2.42, nothing typed; 2.42 ÷ 10
    "投入管理": ("20", None, "17.8", "0.89", "20"),  # 3.8 + 8 + 6
    "工作目标管理": ("4", None, "3.8", "0.95", "4"),  # a parent: 1.8 + 2, no 建议得分 of its own
    "示例：年度工作目标完成率": ("2", "1.8", "1.8", "0.9", "2"),  # 正向 2 × 0.9 ÷ 1
    "示例：工作目标合理性": ("2", "2", "2", "1", "2"),  # 定性 良好 → 达成: 100 %
    "预算和财务管理": ("10", None, "8", "0.8", "10"),
    "绩效管理": ("6", None, "6", "1", "6"),
    "产出指标": ("40", None, "38.5", "0.9625", "40"),  # 20 + 18.5; 38.5 ÷ 40
    "重点工作任务完成情况": ("20", None, "20", "1", "20"),
    "履职目标实现情况": ("20", None, "18.5", "0.925", "20"),
    "效益指标": ("30", None, "20", "1", "20"),  # 满意度 (10) 不适用: 20 of 30 − 10 = 20 → 100 %
    "履职效益": ("20", None, "20", "1", "20"),
    "满意度": ("10", None, None, None, "0"),  # 不适用: not counted, 适用分值 0
}
#: not rescaled (every level-1 indicator keeps an applicable row): 2.42 + 17.8 + 38.5 + 20 = 78.72 of 100 →
#: 60 ≤ 78.72 < 80 → 中; 适用分值 10 + 20 + 40 + 20 = 90
FORM_SUMMARY = [("预算执行", "10", "2.42", "0.242", "10"), ("投入管理", "20", "17.8", "0.89", "20"),
                ("产出指标", "40", "38.5", "0.9625", "40"), ("效益指标", "30", "20", "1", "20"),
                ("合计", "100", "78.72", "0.7872", "90")]
FORM_TOTAL, FORM_GRADE = "78.72", "中"


# ---------------------------------------------------------------- helpers


def _close(got, want) -> bool:
    """A LibreOffice value equals a hand value (None = a blank or empty-text cell)."""
    if want is None:
        return got in (None, "")
    return isinstance(got, (int, float)) and abs(D(repr(got)) - D(want)) < D("0.000001")


def _read_back(src: Path, actions_before: list[dict] = (), save: Path | None = None) -> dict:
    """Recalculate ``src`` (after ``actions_before``), read every figure this file compares, and store the
    workbook as ``save`` (xlsx) when given — one LibreOffice run."""
    cells = [f"{c}{r}" for r in range(FIRST, LAST) for key, cs in COLS.items() for c in cs]
    summary = [f"{c}{r}" for r in range(SUMMARY_ROWS.start, SUMMARY_ROWS.stop) for c in "ABCDE"]
    out = run_uno(src, list(actions_before) + [
        {"op": "calculate"},
        {"op": "get_named", "names": NAMES},
        {"op": "get", "sheet": L.S_SUMMARY, "cells": summary},
        {"op": "get", "sheet": L.S_IND, "cells": cells},
    ] + ([{"op": "save", "path": str(save)}] if save else []))["results"]
    named, summ, ind = out[-3 - bool(save):len(out) - bool(save)]
    rows = {}
    for r in range(FIRST, LAST):
        name = next((ind[f"{c}{r}"] for c in COLS["name"] if ind[f"{c}{r}"] not in (None, "")), None)
        if name:
            rows[name] = {key: ind[f"{cs}{r}"] for key, cs in COLS.items() if key != "name"}
    table = [tuple(summ[f"{c}{r}"] for c in "ABCDE") for r in SUMMARY_ROWS]
    return {"named": named, "rows": rows, "summary": table}


def _assert_summary(table, hand):
    for got, want in zip(table, hand, strict=True):
        assert got[0] == want[0] and all(_close(g, w) for g, w in zip(got[1:], want[1:])), (got, want)


def _assert_engine_agrees(path: Path, got: dict) -> None:
    """The engine reading the same file computes what LibreOffice computed."""
    ev, problems = read_workbook(path)
    assert ev is not None, problems
    _, result, found = check_loaded(ev, problems)
    assert not [p for p in found if p.severity == "错误"], found
    assert _close(got["named"]["总分"], result.total) and got["named"]["等级"] == result.grade
    assert _close(got["named"]["执行率"], result.facts["执行率"])
    for (name, *_), r in zip(got["summary"], result.indicators):
        assert name == r.name
    for r in result.walk():
        row = got["rows"][r.name]
        assert _close(row["counted"], r.score), r.name
        assert _close(row["rate"], r.rate), r.name


# ---------------------------------------------------------------- the hand values are the seed's


def test_the_hand_figures_are_the_reference_reports():
    """The example's hand figures above, as the seed prints them (a row of its table: 预算执行 10 3 30%)."""
    seed = norm(seed_text())
    for name, weight, score, rate, _ in EXAMPLE_SUMMARY:
        assert f"{name}{weight}{score}{int(D(rate) * 100)}%" in seed, name
    assert f"最终得分为{EXAMPLE_TOTAL}分" in seed and f"评价等级为“{EXAMPLE_GRADE}”" in seed
    assert f"预算执行率{round(EXEC_RATE * 100)}%" in seed  # 24.19 % printed with 0 places


# ---------------------------------------------------------------- the committed example


@pytest.fixture(scope="module", params=["example-2021.xlsx", "example-2021.xlsm"])
def example(request):
    return WORKBOOKS / request.param, _read_back(WORKBOOKS / request.param)


@uno_required
def test_committed_example_computes_the_seed_figures(example):
    _, got = example
    named = got["named"]
    assert _close(named["总分"], EXAMPLE_TOTAL) and named["等级"] == EXAMPLE_GRADE
    assert _close(named["执行率"], EXEC_RATE) and _close(named["执行率_年初"], EXEC_RATE)
    assert round(named["执行率"] * 100) == 24  # the seed's “预算执行率 24%”
    assert _close(named["执行率_调整"], "1")  # 1770.59 ÷ 1770.59
    assert named["一致性检查"] in (None, "")
    assert _close(named["得分合计"], EXAMPLE_TOTAL) and _close(named["适用分值合计"], "100")
    _assert_summary(got["summary"], EXAMPLE_SUMMARY)


@uno_required
def test_committed_example_computes_every_row_by_hand(example):
    _, got = example
    rows = got["rows"]
    assert set(rows) == set(EXAMPLE_LEAVES) | set(EXAMPLE_GROUPS) | {L.IND_TOTAL_LABEL}
    for name, (weight, suggested, counted) in EXAMPLE_LEAVES.items():
        row = rows[name]
        assert _close(row["weight"], weight) and _close(row["suggested"], suggested), (name, row)
        assert _close(row["counted"], counted) and _close(row["applicable"], weight), (name, row)
        assert _close(row["rate"], D(counted) / D(weight)), (name, row)
    for name, (weight, counted) in EXAMPLE_GROUPS.items():
        row = rows[name]
        assert _close(row["counted"], counted) and _close(row["rate"], D(counted) / D(weight)), (name, row)
    total = rows[L.IND_TOTAL_LABEL]
    assert _close(total["counted"], EXAMPLE_TOTAL) and _close(total["applicable"], "100")
    assert _close(total["rate"], "0.91")


@uno_required
def test_committed_example_agrees_with_the_engine(example):
    path, got = example
    _assert_engine_agrees(path, got)


# ---------------------------------------------------------------- the committed blank forms, filled in


def _row_of(src: Path, name: str) -> int:
    import openpyxl

    ws = openpyxl.load_workbook(src)[L.S_IND]
    return next(r[0].row for r in ws.iter_rows(min_row=FIRST, max_col=3) if any(c.value == name for c in r))


@pytest.fixture(scope="module", params=["xlperf-form.xlsx", "xlperf-form.xlsm"])
def filled(request, tmp_path_factory):
    src = WORKBOOKS / request.param
    saved = tmp_path_factory.mktemp("filled") / ("filled" + src.suffix.replace("xlsm", "xlsx"))
    actions = [{"op": "set", "sheet": s, "cell": c, "value": v} for s, c, v in FILL]
    actions += [{"op": "set", "sheet": L.S_IND, "cell": f"M{_row_of(src, name)}", "value": v}
                for name, v in TYPED.items()]
    actions += [{"op": "set", "sheet": L.S_IND, "cell": f"H{_row_of(src, name)}", "value": v}
                for name, v in EXAMPLE_ACTUALS.items()]
    actions.append({"op": "set", "sheet": L.S_IND, "cell": f"O{_row_of(src, NOT_APPLICABLE)}", "value": "是"})
    return saved, _read_back(src, actions, save=saved)  # stored for the engine to read


@uno_required
def test_filled_blank_form_computes_by_hand(filled):
    _, got = filled
    named, rows = got["named"], got["rows"]
    assert _close(named["总分"], FORM_TOTAL) and named["等级"] == FORM_GRADE
    assert _close(named["执行率"], EXEC_RATE)
    assert named["一致性检查"] in (None, "")
    # the rescaling base: 分值 of the level-1 indicators with any applicable points — all four, 100 (总评's 合计 row
    # shows the 90 points actually used, FORM_SUMMARY)
    assert _close(named["适用分值合计"], "100") and _close(named["得分合计"], FORM_TOTAL)
    _assert_summary(got["summary"], FORM_SUMMARY)
    for name, (weight, suggested, counted, rate, applicable) in FORM_ROWS.items():
        row = rows[name]
        assert _close(row["weight"], weight) and _close(row["suggested"], suggested), (name, row)
        assert _close(row["counted"], counted) and _close(row["rate"], rate), (name, row)
        assert _close(row["applicable"], applicable), (name, row)


@uno_required
def test_filled_blank_form_agrees_with_the_engine(filled):
    path, got = filled
    _assert_engine_agrees(path, got)
