"""Where the rules bite: 不适用 rows, totals exactly on a grade boundary, the adjusted-budget denominator.

Every expected figure is worked out by hand from the rules (the arithmetic is in the comments), never
taken from the engine under test: the engine (``xlperf.domain.evaluate``), the LibreOffice-recalculated form
(native formulas only: LibreOffice has no PERF_ functions) and the report must all show the hand values.
Only the last test compares the form with the engine cell by cell (the agreement test), and even there
the key figures (执行率, 总分, 等级) are also checked against hand values.

Rules (shared/domain/SCORING.md, xlperf/domain/profiles/*.toml):
* a 不适用 leaf drops out of its parent's score; the parent's 得分率 = score ÷ its applicable leaf weights;
* a level-1 indicator is applicable while any leaf under it is; when whole level-1 indicators are
  不适用 the total is rescaled to 100 over the applicable level-1 weights ("用适用指标得分汇总后按百分制
  折算计分"), rounded half up to 2 places;
* grades are half-open: 90（含）-100 优, 80（含）-90 良, 60（含）-80 中, below 60 差;
* 执行率 = 执行数 ÷ the profile's budget (部门整体-河南2021: 年初预算数; 项目支出-财预2020-10号: 调整预算数).

The example (xlperf/data/example-2021.json) scored by hand (as in tests/test_workbook_natives.py):
  预算执行 typed 3 of 10;
  投入管理 18 of 20 = 工作目标管理 4 (2 + 2, 定性 达成)
                    + 预算和财务管理 8 (预算编制细化率 1 + 预算调整率 0 [|1770.59 − 7319.56| / 7319.56 = 75.8%
                      matches only “>30%:0”] + 结转结余率 1 + “三公”经费控制率 1 + 财务管理制度健全性 1
                      + 资金使用合规性 2 + 内部控制有效性 1 + 银行账户管理规范性 1)
                    + 绩效管理 6 (2 + 2 + 1 + 1);
  产出指标 40 of 40 (eight leaves of 5, all 正向 1/1 or 定性 达成);
  效益指标 30 of 30 (组织工作高质量开展情况 10 + 工作获得各级肯定情况 10 + 服务对象满意度 10 × min(0.9/0.9, 1));
  total 3 + 18 + 40 + 30 = 91 → 优.

The recalculations: every form of this module is written first and recalculated by ONE LibreOffice start
(same private profile and forced-recalculation setting as ``xlperf.infra.office.convert``), because each start
costs seconds on a small machine.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlperf import cli
from xlperf.infra import office
from xlperf.domain.evaluate import evaluate
from xlperf.app.load import load_example
from xlperf.domain.model import Evaluation, Indicator
from xlperf.domain.profiles import PROFILE_DIR, load_profile
from xlperf.report.context import build_context
from xlperf.report.render import render_text
from xlperf.workbook import layout as L
from xlperf.workbook.build import write_workbook

EXCEL_ERRORS = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "Err:")
HENAN = PROFILE_DIR / "dept-henan-2021.toml"
PROJECT = "项目支出-财预2020-10号"
CUSTOM_NAME = "自定义等级-测试"
CUSTOM_BANDS = ((85, "优秀"), (75, "良好"), (60, "合格"), (0, "不合格"))


# ---------------------------------------------------------------- helpers


def _close(got, want) -> bool:
    """A sheet value equals a hand value (None = blank cell)."""
    if want is None:
        return got in (None, "")
    return got not in (None, "") and not isinstance(got, str) and abs(D(repr(got)) - D(want)) < D("0.000001")


def _node(ev: Evaluation, name: str) -> Indicator:
    return next(n for n in ev.walk() if n.name == name)


def _example(typed: dict[str, str] | None = None, na_leaves=(), na_level1=()) -> Evaluation:
    """The example with 得分 typed on some leaves and some leaves / whole level-1 indicators 不适用."""
    ev = load_example()
    for name, score in (typed or {}).items():
        _node(ev, name).manual_score = D(score)
    for name in na_leaves:
        _node(ev, name).not_applicable = True
    for name in na_level1:
        for leaf in _node(ev, name).leaves():
            leaf.not_applicable = True
    return ev


def _ind(name: str, level: int, weight, **kw) -> Indicator:
    return Indicator(name=name, level=level, weight=D(weight), **kw)


def _project() -> Evaluation:
    """A 项目支出 form under 财预〔2020〕10号 (调整预算数 denominator, one-decimal rates) whose two budgets
    differ: 年初 800, 调整 1000, 执行 870 万元 → 执行率 870 / 1000 = 87% (年初: 870 / 800 = 108.75%)."""
    ev = load_example()
    ev.profile = PROJECT
    b = ev.budget
    b.initial, b.adjusted, b.executed, b.carryover = D(800), D(1000), D(870), D(130)
    ev.satisfaction.achieved = D("0.86")
    ev.narrative.analysis = {}
    ev.indicators = [
        _ind("预算执行率", 1, 10, method="正向", unit="%", target=D(1), actual_ref="执行率"),
        _ind("产出指标", 1, 50, children=[
            _ind("数量指标", 2, 20, children=[
                _ind("培训人次", 3, 8, method="正向", target=D(1000), actual=D(920)),
                _ind("发放手册", 3, 7, method="正向", target=D(500), actual=D(500)),
                _ind("宣传活动场次", 3, 5, method="正向", target=D(10), actual=D(2))]),
            _ind("质量指标", 2, 15, children=[
                _ind("验收合格率", 3, 15, method="正向", unit="%", target=D("0.95"), actual=D("0.9"))]),
            _ind("时效指标", 2, 10, children=[
                _ind("按期完成率", 3, 10, method="阶梯", unit="%", target=D(1), actual=D("0.88"), param="5%:2")]),
            _ind("成本指标", 2, 5, children=[
                _ind("成本控制", 3, 5, method="反向", target=D(100), actual=D(120))]),
        ]),
        _ind("效益指标", 1, 30, children=[
            _ind("经济效益指标", 2, 10, children=[_ind("带动就业", 3, 10, method="定性", actual="部分达成")]),
            _ind("社会效益指标", 2, 10, children=[
                _ind("社会知晓率", 3, 10, method="区间", unit="%", actual=D("0.85"), param="≥90%:10;≥80%:8;<80%:5")]),
            _ind("可持续影响指标", 2, 10, children=[
                _ind("长效机制", 3, 10, method="定性", actual="达成", manual_score=D("9.5"))]),
        ]),
        _ind("满意度指标", 1, 10, children=[
            _ind("服务对象满意度指标", 2, 10, children=[
                _ind("服务对象满意度", 3, 10, method="正向", unit="%", target=D("0.9"), actual_ref="满意度")])]),
    ]
    return ev


def _custom_profile_text() -> str:
    """dept-henan-2021.toml under a new name with the grade table 85 / 75 / 60 优秀/良好/合格/不合格."""
    text = HENAN.read_text(encoding="utf-8")
    head, rest = text.split("[[grades]]", 1)
    _, tail = rest.split("[[qualitative]]", 1)
    assert 'name = "部门整体-河南2021"' in head
    head = head.replace('name = "部门整体-河南2021"', f'name = "{CUSTOM_NAME}"', 1)
    grades = "".join(f'[[grades]]\nlower = {lo}\nlabel = "{label}"\n' for lo, label in CUSTOM_BANDS)
    return head + grades + "\n[[qualitative]]" + tail


# ---------------------------------------------------------------- the cases, worked out by hand

#: whole 效益指标 (30) 不适用: raw 3 + 18 + 40 = 61 over the applicable 10 + 20 + 40 = 70;
#: 61 × 100 / 70 = 87.142857… → 87.14 (rate 87.14 / 100 = 0.8714): 80 ≤ 87.14 < 90 → 良 (unrescaled 61 would be 中)
NA_LEVEL1 = dict(na_level1=["效益指标"])
NA_LEVEL1_HAND = {"raw": "61", "applicable": "70", "total": "87.14", "rate": "0.8714", "grade": "良"}

#: whole 投入管理 (20) 不适用 and 基层党组织建设任务完成率 typed 2.02 of 5: raw 3 + (40 − 5 + 2.02) + 30 = 70.02
#: over 10 + 40 + 30 = 80; 70.02 × 100 / 80 = 87.525 → 87.53 half up (half-even would give 87.52) → 良
NA_HALF = dict(typed={"基层党组织建设任务完成率": "2.02"}, na_level1=["投入管理"])
NA_HALF_HAND = {"raw": "70.02", "applicable": "80", "total": "87.53", "rate": "0.8753", "grade": "良"}

#: 效益指标 不适用 and 基层党组织建设任务完成率 typed 0: raw 3 + 18 + 35 = 56; 56 × 100 / 70 = 80.00 exactly
#: → 良 (on the boundary after rescaling; unrescaled 56 would be 差)
NA_ON_80 = dict(typed={"基层党组织建设任务完成率": "0"}, na_level1=["效益指标"])
NA_ON_80_HAND = {"raw": "56", "applicable": "70", "total": "80", "rate": "0.8", "grade": "良"}

#: single leaves 不适用 inside 投入管理: 预算调整率 (2, would score 0) and 银行账户管理规范性 (1, would score 1);
#: 资金使用合规性 typed 1.5 of 2.
#: 预算和财务管理: 预算编制细化率 1 + 结转结余率 1 + “三公”经费控制率 1 + 财务管理制度健全性 1 + 资金使用合规性 1.5
#:   + 内部控制有效性 1 = 6.5 over the applicable 10 − 2 − 1 = 7 → 得分率 6.5 / 7 = 0.9285714…
#: 投入管理: 4 + 6.5 + 6 = 16.5 over 20 − 3 = 17 → 得分率 16.5 / 17 = 0.9705882…
#: total 3 + 16.5 + 40 + 30 = 89.5, NOT rescaled (every level-1 indicator keeps an applicable leaf; rescaling
#: over 97 would give 92.27 优) → rate 0.895, 80 ≤ 89.5 < 90 → 良
NA_LEAVES = dict(typed={"资金使用合规性": "1.5"}, na_leaves=["预算调整率", "银行账户管理规范性"])

#: totals on the boundaries of the default grade table (90 / 80 / 60) and just below
BOUNDARIES = {
    # 预算执行 typed 2.1, 资金使用合规性 typed 1.9 (投入管理 18 − 0.1 = 17.9): 2.1 + 17.9 + 40 + 30 = 90.00 → 优
    "on90": ({"预算执行": "2.1", "资金使用合规性": "1.9"}, "90", "优"),
    # the same with 预算执行 2.09: 2.09 + 17.9 + 40 + 30 = 89.99 → 良
    "below90": ({"预算执行": "2.09", "资金使用合规性": "1.9"}, "89.99", "良"),
    # 预算执行 0.7; 基层党组织建设任务完成率 0.3 and 人才工作任务完成率 1 (产出 40 − 4.7 − 4 = 31.3):
    # 0.7 + 18 + 31.3 + 30 = 80.00 → 良
    "on80": ({"预算执行": "0.7", "基层党组织建设任务完成率": "0.3", "人才工作任务完成率": "1"}, "80", "良"),
    # 预算执行 0; the four 重点工作任务完成情况 leaves 0 (产出 20); 组织工作高质量开展情况 4.4 and 工作获得各级肯定情况 7.6
    # (效益 4.4 + 7.6 + 10 = 22): 0 + 18 + 20 + 22 = 60.00 → 中
    "on60": ({"预算执行": "0", "基层党组织建设任务完成率": "0", "党员教育和发展计划完成率": "0",
              "干部教育培训计划完成率": "0", "人才工作任务完成率": "0", "组织工作高质量开展情况": "4.4",
              "工作获得各级肯定情况": "7.6"}, "60", "中"),
}
#: engine-only extra cases just below 80 and 60
BELOW = {
    # on80 with 预算执行 0.69: 79.99 → 中
    "below80": ({**BOUNDARIES["on80"][0], "预算执行": "0.69"}, "79.99", "中"),
    # on60 with 组织工作高质量开展情况 4.39: 59.99 → 差
    "below60": ({**BOUNDARIES["on60"][0], "组织工作高质量开展情况": "4.39"}, "59.99", "差"),
}

#: totals on the boundaries of the custom grade table 85 / 75 / 60 (优秀/良好/合格/不合格)
CUSTOM = {
    # 预算执行 1.25; 内部控制有效性 0.75 (投入 18 − 0.25 = 17.75); 领导班子调整配备及时性 1 (产出 40 − 4 = 36):
    # 1.25 + 17.75 + 36 + 30 = 85.00 → 优秀
    "c_on85": ({"预算执行": "1.25", "内部控制有效性": "0.75", "领导班子调整配备及时性": "1"}, "85", "优秀"),
    # the same with 预算执行 1.24: 84.99 → 良好
    "c_below85": ({"预算执行": "1.24", "内部控制有效性": "0.75", "领导班子调整配备及时性": "1"}, "84.99", "良好"),
    # 预算执行 0; 绩效监控完成率 1.5 (投入 17.5); 领导班子调整配备及时性 0.5 (产出 35.5); 服务对象满意度 2 (效益 22):
    # 0 + 17.5 + 35.5 + 22 = 75.00 → 良好
    "c_on75": ({"预算执行": "0", "绩效监控完成率": "1.5", "领导班子调整配备及时性": "0.5", "服务对象满意度": "2"},
               "75", "良好"),
    # on60's inputs: 60.00 → 合格 under this table (中 under the default one)
    "c_on60": (BOUNDARIES["on60"][0], "60", "合格"),
}
CUSTOM_BELOW = {
    # c_on75 with 服务对象满意度 1.99: 74.99 → 合格
    "c_below75": ({**CUSTOM["c_on75"][0], "服务对象满意度": "1.99"}, "74.99", "合格"),
    # on60 with 组织工作高质量开展情况 4.39: 59.99 → 不合格
    "c_below60": (BELOW["below60"][0], "59.99", "不合格"),
}


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def custom_profile_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("profile") / "custom-grades.toml"
    path.write_text(_custom_profile_text(), encoding="utf-8")
    return path


def _recalculate(sources: list[Path], outdir: Path) -> dict[str, Path]:
    """Recalculate several forms in one LibreOffice start, with the private user profile and forced
    recalculation of ``xlperf.infra.office.convert``; returns stem → recalculated file."""
    soffice = office.find_soffice()
    assert soffice, "LibreOffice (soffice) is needed for the recalculation tests"
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="xlperf-lo-") as prof:
        user = Path(prof) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(office._RECALC_XCU, encoding="utf-8")
        proc = subprocess.run(
            [soffice, f"-env:UserInstallation={Path(prof).as_uri()}", "--headless", "--norestore", "--nolockcheck",
             "--convert-to", "xlsx", "--outdir", str(outdir), *map(str, sources)],
            capture_output=True, text=True, timeout=600, env={**os.environ, "HOME": prof})
    out = {src.stem: outdir / src.name for src in sources}
    missing = [s for s, p in out.items() if not p.is_file()]
    assert not missing, (missing, proc.returncode, proc.stderr[-2000:])
    return out


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory, custom_profile_path) -> dict[str, Path]:
    """Every form of this module, written from its Evaluation and recalculated by LibreOffice."""
    src = tmp_path_factory.mktemp("forms")
    henan, custom = load_profile(), load_profile(str(custom_profile_path))
    forms = {
        "na_level1": (_example(**NA_LEVEL1), henan),
        "na_half": (_example(**NA_HALF), henan),
        "na_on80": (_example(**NA_ON_80), henan),
        "na_leaves": (_example(**NA_LEAVES), henan),
        **{k: (_example(typed), henan) for k, (typed, _, _) in BOUNDARIES.items()},
        **{k: (_example(typed), custom) for k, (typed, _, _) in CUSTOM.items()},
        "project": (_project(), load_profile(PROJECT)),
    }
    paths = [write_workbook(src / f"{k}.xlsx", ev, prof) for k, (ev, prof) in forms.items()]
    out = _recalculate(paths, tmp_path_factory.mktemp("lo"))
    for path in out.values():  # no formula of any form fails under LibreOffice
        for ws in openpyxl.load_workbook(path, data_only=True):
            for row in ws.iter_rows():
                for c in row:
                    assert not (isinstance(c.value, str) and c.value.startswith(EXCEL_ERRORS)), \
                        (path.name, ws.title, c.coordinate, c.value)
    return out


class Sheet:
    """Values of a recalculated form: defined names, 指标评分 rows by indicator name, 总评 rows."""

    def __init__(self, path: Path):
        self.wb = openpyxl.load_workbook(path, data_only=True)
        self.ind = self.wb[L.S_IND]
        self.rows = {}
        for r in self.ind.iter_rows(min_row=L.IND_HEADER_ROW + 1):
            name = next((c.value for c in r[:3] if c.value), None)
            if name:
                self.rows[name] = r[0].row

    def named(self, name: str):
        sheet, cell = next(self.wb.defined_names[name].destinations)
        return self.wb[sheet][cell.replace("$", "")].value

    def cell(self, indicator: str, key: str):
        return self.ind.cell(row=self.rows[indicator], column=L.IND_COL[key]).value

    def summary(self) -> dict[str, tuple]:
        """总评: 指标 → (权重分值, 得分, 得分率, 适用分值), down to the 合计 row."""
        out = {}
        for row in self.wb[L.S_SUMMARY].iter_rows(min_row=4, max_col=5, values_only=True):
            out[row[0]] = row[1:5]
            if row[0] == "合计":
                return out
        raise AssertionError("总评 has no 合计 row")


def _assert_total(sheet: Sheet, hand: dict) -> None:
    assert _close(sheet.named(L.TOTAL_NAME), hand["total"]), sheet.named(L.TOTAL_NAME)
    assert sheet.named(L.GRADE_NAME) == hand["grade"]
    assert _close(sheet.named(L.RAW_TOTAL_NAME), hand["raw"])
    assert _close(sheet.named(L.APPLICABLE_NAME), hand["applicable"])
    assert sheet.named(L.CHECK_NAME) in (None, "")
    _, score, rate, applicable = sheet.summary()["合计"]
    assert _close(score, hand["total"]) and _close(rate, hand["rate"]) and _close(applicable, hand["applicable"])


# ---------------------------------------------------------------- 1. a whole level-1 indicator 不适用


@pytest.mark.parametrize("case, hand",
                         [(NA_LEVEL1, NA_LEVEL1_HAND), (NA_HALF, NA_HALF_HAND), (NA_ON_80, NA_ON_80_HAND)],
                         ids=["效益指标不适用", "投入管理不适用-半数进位", "折算后恰为80"])
def test_engine_rescales_a_whole_not_applicable_level1(case, hand):
    res = evaluate(_example(**case), load_profile())
    assert res.rescaled
    assert res.raw_total == D(hand["raw"])
    assert res.total == D(hand["total"])
    assert res.rate == D(hand["rate"])
    assert res.grade == hand["grade"]
    na = next(r for r in res.indicators if r.name == case["na_level1"][0])
    assert not na.applicable and na.score is None


def test_engine_keeps_the_raw_total_when_the_rules_do_not_rescale():
    # rules with rescale_not_applicable = false: the total stays the raw 3 + 18 + 40 = 61, its rate is taken
    # over the full 100 points → 0.61; 60 ≤ 61 < 80 → 中
    prof = load_profile().model_copy(update={"rescale_not_applicable": False})
    res = evaluate(_example(**NA_LEVEL1), prof)
    assert not res.rescaled and res.total == D(61) and res.rate == D("0.61") and res.grade == "中"


@pytest.mark.parametrize("key, hand, na_name", [("na_level1", NA_LEVEL1_HAND, "效益指标"),
                                                ("na_half", NA_HALF_HAND, "投入管理"),
                                                ("na_on80", NA_ON_80_HAND, "效益指标")],
                         ids=["效益指标不适用", "投入管理不适用-半数进位", "折算后恰为80"])
def test_form_rescales_a_whole_not_applicable_level1(recalculated, key, hand, na_name):
    sheet = Sheet(recalculated[key])
    _assert_total(sheet, hand)
    assert sheet.named(L.RESCALE_NAME) == "是"
    # the 不适用 level-1 row: its block sums to 0 over 0 applicable points, no 得分率
    weight = {"效益指标": 30, "投入管理": 20}[na_name]
    assert sheet.summary()[na_name] == (weight, 0, None, 0)
    assert _close(sheet.cell(na_name, "counted"), "0") and _close(sheet.cell(na_name, "counted_weight"), "0")
    assert _close(sheet.cell(na_name, "rate"), None)
    # the 合计 row of 指标评分 holds the raw sum over the applicable points
    assert _close(sheet.cell(L.IND_TOTAL_LABEL, "counted"), hand["raw"])
    assert _close(sheet.cell(L.IND_TOTAL_LABEL, "counted_weight"), hand["applicable"])


@pytest.fixture(scope="module")
def na_report(recalculated, tmp_path_factory) -> str:
    """`xlperf report FORM --format md` of the recalculated form with 效益指标 不适用."""
    out = tmp_path_factory.mktemp("report") / "r.md"
    assert cli.main(["report", str(recalculated["na_level1"]), "--format", "md", "-o", str(out)]) == 0
    return out.read_text(encoding="utf-8")


def test_report_states_the_rescaled_total_and_grade(na_report):
    md = na_report
    assert "最终得分为87.14分" in md  # hand: 61 × 100 / 70 = 87.14
    assert "整体绩效评价等级为“良”" in md
    # the score table: the 不适用 indicator without score and rate; 合计 shows the rescaled total over 100
    assert "| 效益指标 | 30 | — | — |" in md
    assert "| 投入管理 | 20 | 18 | 90% |" in md  # 18 / 20
    assert "| **合计** | **100** | **87.14** | **87%** |" in md  # 87.14 / 100 = 87% (whole percents)


def test_report_explains_the_not_applicable_rescaling(na_report):
    # the table's rows add up to 61 while 合计 shows 87.14: the conclusion says why
    section3 = na_report.split("## 三、综合评价结论")[1].split("## 四")[0]
    assert "“效益指标”不适用，不参与评价，适用指标得分61分（满分70分），按百分制折算" in section3


# ---------------------------------------------------------------- 2. single leaves 不适用


def test_engine_drops_single_not_applicable_leaves():
    res = evaluate(_example(**NA_LEAVES), load_profile())
    by = {r.name: r for r in res.walk()}
    assert not by["预算调整率"].applicable and by["预算调整率"].score is None
    assert not by["银行账户管理规范性"].applicable and by["银行账户管理规范性"].score is None
    assert by["预算和财务管理"].score == D("6.5")  # 1 + 1 + 1 + 1 + 1.5 + 1
    assert by["预算和财务管理"].rate == D("6.5") / D(7)  # over 10 − 2 − 1 = 7 applicable points
    assert by["投入管理"].score == D("16.5")  # 4 + 6.5 + 6
    assert by["投入管理"].applicable
    # the total is not rescaled: every level-1 indicator is still applicable
    assert not res.rescaled
    assert res.total == D("89.5") and res.rate == D("0.895") and res.grade == "良"


def test_engine_rate_of_a_grandparent_uses_applicable_leaf_weights():
    res = evaluate(_example(**NA_LEAVES), load_profile())
    by = {r.name: r for r in res.walk()}
    assert by["投入管理"].rate == D("16.5") / D(17)  # 0.9705882…, as the form's 总评 row
    ctx, _ = build_context(res)
    assert "| 投入管理 | 17 | 16.5 | 97% |"  # 分值 used: 20 − 2 − 1 不适用 in render_text(ctx, "md")


def test_report_leaves_not_applicable_leaves_out_of_the_shortfalls():
    ctx, _ = build_context(evaluate(_example(**NA_LEAVES), load_profile()))
    names = [s.name for s in ctx.shortfalls]
    # 预算调整率 would score 0 of 2 (a shortfall) but is 不适用; 资金使用合规性 1.5 of 2 is one
    assert "预算调整率" not in names and "资金使用合规性" in names
    assert ctx.total == "89.5" and ctx.grade == "良"
    assert "其中“预算调整率”、“银行账户管理规范性”不适用，未计分" in ctx.conclusion


def test_form_drops_single_not_applicable_leaves(recalculated):
    sheet = Sheet(recalculated["na_leaves"])
    for leaf, weight in (("预算调整率", 2), ("银行账户管理规范性", 1)):
        assert _close(sheet.cell(leaf, "counted"), None), leaf
        assert _close(sheet.cell(leaf, "counted_weight"), "0"), leaf
        assert _close(sheet.cell(leaf, "rate"), None), leaf
        assert _close(sheet.cell(leaf, "weight"), weight), leaf
    assert _close(sheet.cell("资金使用合规性", "counted"), "1.5")
    assert _close(sheet.cell("资金使用合规性", "rate"), "0.75")  # 1.5 / 2
    # parents: score without the 不适用 leaves, 得分率 over the applicable leaf weights
    assert _close(sheet.cell("预算和财务管理", "counted"), "6.5")
    assert _close(sheet.cell("预算和财务管理", "counted_weight"), "7")
    assert _close(sheet.cell("预算和财务管理", "rate"), D("6.5") / 7)
    assert _close(sheet.cell("投入管理", "counted"), "16.5")
    assert _close(sheet.cell("投入管理", "counted_weight"), "17")
    assert _close(sheet.cell("投入管理", "rate"), D("16.5") / 17)
    # 合计 of 指标评分: 89.5 over 100 − 3 = 97
    assert _close(sheet.cell(L.IND_TOTAL_LABEL, "counted"), "89.5")
    assert _close(sheet.cell(L.IND_TOTAL_LABEL, "counted_weight"), "97")
    # 总评: 投入管理 (20, 16.5, 16.5 / 17, 17); the others as in the example; no rescaling of the total
    summary = sheet.summary()
    w, s, rate, applicable = summary["投入管理"]
    assert (w, s, applicable) == (20, 16.5, 17) and _close(rate, D("16.5") / 17)
    assert summary["预算执行"] == (10, 3, 0.3, 10)
    assert summary["产出指标"] == (40, 40, 1, 40) and summary["效益指标"] == (30, 30, 1, 30)
    assert _close(sheet.named(L.TOTAL_NAME), "89.5") and sheet.named(L.GRADE_NAME) == "良"
    assert _close(sheet.named(L.APPLICABLE_NAME), "100")  # level-1 weights whose 适用分值 > 0
    w, s, rate, applicable = summary["合计"]
    assert (w, s, applicable) == (100, 89.5, 97) and _close(rate, "0.895")


# ---------------------------------------------------------------- 3. totals on the grade boundaries


@pytest.mark.parametrize("key", [*BOUNDARIES, *BELOW])
def test_engine_grades_boundary_totals(key):
    typed, total, grade = {**BOUNDARIES, **BELOW}[key]
    res = evaluate(_example(typed), load_profile())
    assert not res.rescaled and res.total == D(total) and res.grade == grade


@pytest.mark.parametrize("key", list(BOUNDARIES))
def test_form_grades_boundary_totals(recalculated, key):
    _, total, grade = BOUNDARIES[key]
    sheet = Sheet(recalculated[key])
    assert _close(sheet.named(L.TOTAL_NAME), total), sheet.named(L.TOTAL_NAME)
    assert sheet.named(L.GRADE_NAME) == grade


@pytest.mark.parametrize("key", [*CUSTOM, *CUSTOM_BELOW])
def test_engine_grades_boundary_totals_of_a_custom_table(custom_profile_path, key):
    typed, total, grade = {**CUSTOM, **CUSTOM_BELOW}[key]
    prof = load_profile(str(custom_profile_path))
    assert prof.name == CUSTOM_NAME and [(int(lo), label) for lo, label in prof.bands] == list(CUSTOM_BANDS)
    res = evaluate(_example(typed), prof)
    assert res.total == D(total) and res.grade == grade


def test_report_words_the_custom_grade_table(custom_profile_path):
    ctx, _ = build_context(evaluate(_example(CUSTOM["c_on85"][0]), load_profile(str(custom_profile_path))))
    assert "85（含）-100分为优秀、75（含）-85分为良好、60（含）-75分为合格、60分以下为不合格" in ctx.conclusion
    assert "最终得分为85分" in ctx.conclusion and "评价等级为“优秀”" in ctx.conclusion


@pytest.mark.parametrize("key", list(CUSTOM))
def test_form_grades_boundary_totals_of_a_custom_table(recalculated, key):
    _, total, grade = CUSTOM[key]
    sheet = Sheet(recalculated[key])
    assert sheet.named("评分规则") == CUSTOM_NAME
    assert _close(sheet.named(L.TOTAL_NAME), total), sheet.named(L.TOTAL_NAME)
    assert sheet.named(L.GRADE_NAME) == grade


# ---------------------------------------------------------------- 4. adjusted denominator, one-decimal rates

#: _project() by hand (财预〔2020〕10号: 执行率 = 执行数 ÷ 调整预算数; 2-place scores; rates shown with one decimal)
PROJECT_HAND_FACTS = {
    "执行率": "0.87",  # 870 / 1000 (调整预算数)
    "执行率_年初": "1.0875",  # 870 / 800
    "执行率_调整": "0.87",
    "预算调整率": "0.25",  # |1000 − 800| / 800
}
PROJECT_HAND_LEAVES = {  # leaf → 计入得分
    "预算执行率": "8.7",  # 正向 10 × min(0.87 / 1, 1) = 8.7 (the 年初 rate 108.75% would give 10)
    "培训人次": "7.36",  # 正向 8 × 920 / 1000
    "发放手册": "7",  # 正向 7 × 500 / 500
    "宣传活动场次": "1",  # 正向 5 × 2 / 10
    "验收合格率": "14.21",  # 正向 15 × 0.9 / 0.95 = 14.2105… → 14.21
    "按期完成率": "6",  # 阶梯: shortfall 100% − 88% = 12% = 2 full steps of 5% → 10 − 2 × 2
    "成本控制": "4.17",  # 反向 5 × 100 / 120 = 4.1666… → 4.17
    "带动就业": "7",  # 定性 部分达成: 10 × 70%
    "社会知晓率": "8",  # 区间: 85% is not ≥90%, is ≥80% → 8
    "长效机制": "9.5",  # 定性 达成 suggests 10, the typed 9.5 wins
    "服务对象满意度": "9.56",  # 正向 10 × 0.86 / 0.9 = 9.5555… → 9.56
}
#: level 1: 8.7; 产出 7.36 + 7 + 1 + 14.21 + 6 + 4.17 = 39.74; 效益 7 + 8 + 9.5 = 24.5; 满意度 9.56
PROJECT_HAND_LEVEL1 = {"预算执行率": "8.7", "产出指标": "39.74", "效益指标": "24.5", "满意度指标": "9.56"}
PROJECT_HAND_TOTAL, PROJECT_HAND_GRADE = "82.5", "良"  # 8.7 + 39.74 + 24.5 + 9.56 = 82.5: 80 ≤ 82.5 < 90


def test_engine_scores_the_project_form_by_hand():
    res = evaluate(_project(), load_profile(PROJECT))
    assert not res.problems
    for key, value in PROJECT_HAND_FACTS.items():
        assert res.facts[key] == D(value), key
    by = {r.name: r for r in res.walk()}
    for name, score in {**PROJECT_HAND_LEAVES, **PROJECT_HAND_LEVEL1}.items():
        assert by[name].score == D(score), name
    assert res.total == D(PROJECT_HAND_TOTAL) and res.grade == PROJECT_HAND_GRADE


def test_report_of_the_project_states_both_rates_with_one_decimal():
    ctx, _ = build_context(evaluate(_project(), load_profile(PROJECT)))
    # 87% with one decimal; the other budget's rate 108.75% → 108.8% (half up)
    assert "预算执行率87.0%" in ctx.funds[0]
    assert "按年初预算数计算，预算执行率为108.8%。" in ctx.funds


def _engine_applicable_weight(r) -> D:
    return sum((leaf.weight for leaf in r.walk() if not leaf.children and leaf.applicable), D(0))


def test_form_of_the_project_agrees_with_the_engine_cell_by_cell(recalculated):
    ev = _project()
    res = evaluate(ev, load_profile(PROJECT))
    sheet = Sheet(recalculated["project"])
    # the key figures against the hand values
    assert sheet.named("执行率分母") == "调整预算数"
    for key, value in PROJECT_HAND_FACTS.items():
        assert _close(sheet.named(key), value), (key, sheet.named(key))
    assert _close(sheet.named(L.TOTAL_NAME), PROJECT_HAND_TOTAL), sheet.named(L.TOTAL_NAME)
    assert sheet.named(L.GRADE_NAME) == PROJECT_HAND_GRADE
    for name, score in {**PROJECT_HAND_LEAVES, **PROJECT_HAND_LEVEL1}.items():
        assert _close(sheet.cell(name, "counted"), score), (name, sheet.cell(name, "counted"))
    # every derived figure and every computed cell of 指标评分 and 总评 against the engine
    for key, value in res.facts.items():
        assert _close(sheet.named(key), value), key
    assert set(sheet.rows) == {r.name for r in res.walk()} | {L.IND_TOTAL_LABEL}
    for r in res.walk():
        leaf = not r.children
        assert _close(sheet.cell(r.name, "suggested"), r.suggested if leaf else None), (r.name, "建议得分")
        assert _close(sheet.cell(r.name, "counted"), r.score), (r.name, "计入得分")
        assert _close(sheet.cell(r.name, "rate"), r.rate), (r.name, "得分率")
        assert _close(sheet.cell(r.name, "counted_weight"), _engine_applicable_weight(r)), (r.name, "适用分值")
    applicable = sum((_engine_applicable_weight(r) for r in res.indicators), D(0))
    assert _close(sheet.cell(L.IND_TOTAL_LABEL, "counted"), res.raw_total)
    assert _close(sheet.cell(L.IND_TOTAL_LABEL, "counted_weight"), applicable)
    assert _close(sheet.cell(L.IND_TOTAL_LABEL, "rate"), res.raw_total / applicable)
    summary = sheet.summary()
    assert list(summary) == [r.name for r in res.indicators] + ["合计"]
    for r in res.indicators:
        w, s, rate, app = summary[r.name]
        assert _close(w, r.weight) and _close(s, r.score) and _close(rate, r.rate), r.name
        assert _close(app, _engine_applicable_weight(r)), r.name
    w, s, rate, app = summary["合计"]
    assert _close(w, res.weight_total) and _close(s, res.total) and _close(rate, res.rate) and _close(app, applicable)
    assert _close(sheet.named(L.TOTAL_NAME), res.total) and sheet.named(L.GRADE_NAME) == res.grade
    assert _close(sheet.named(L.RAW_TOTAL_NAME), res.raw_total)
    assert _close(sheet.named(L.FULL_MARKS_NAME), res.profile.total)
    assert sheet.named(L.CHECK_NAME) in (None, "")
    # one-decimal rates: the 得分率 cells are formatted 0.0%, the 执行率 cell with (at least) two decimals
    formats = openpyxl.load_workbook(recalculated["project"])
    ind = formats[L.S_IND]
    assert ind.cell(row=sheet.rows["产出指标"], column=L.IND_COL["rate"]).number_format == "0.0%"
    sheet_name, ref = next(formats.defined_names["执行率"].destinations)
    assert formats[sheet_name][ref.replace("$", "")].number_format == "0.00%"
