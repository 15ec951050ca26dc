"""The live formulas agree with the engine: native fallbacks (LibreOffice) and PERF_ functions (pycel).

LibreOffice has no PERF_ functions, so after its forced recalculation every figure comes from the
native fallbacks.  pycel evaluates the same formulas with the PERF_ functions of ``xlperf.udfs``
registered as plugins.  The native fallbacks are compared with the engine (``xlperf.domain.evaluate``), never with
the workbook under test.  The PERF_ functions call the engine's own ``xlperf.domain.scoring``, so the pycel run
is compared with values worked out by hand from the rules instead (``HAND_*`` below), and so is the engine.
"""

from __future__ import annotations

import shutil
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from xlperf.domain.evaluate import evaluate
from xlperf.app.load import load_example
from xlperf.domain.model import Indicator
from xlperf.infra.office import convert
from xlperf.domain.profiles import load_profile
from xlperf.workbook import layout as L
from xlperf.workbook.build import write_workbook
from form_cells import indicator_rows
from native_eval import quote_text

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = ROOT / "workbooks"
EXCEL_ERRORS = ("#NAME?", "#VALUE!", "#REF!", "#DIV/0!", "#N/A", "#NUM!", "Err:")


def _close(a, b) -> bool:
    if b is None:
        return a in (None, "")
    return a not in (None, "") and abs(D(repr(a)) - b) < D("0.000001")


def _methods_example():
    """The example with one leaf per scoring method, values on the classic boundaries."""
    ev = load_example()
    leaves = [
        Indicator(name="正向封顶", level=3, weight=D(8), method="正向", unit="%", target=D("0.9"), actual=D("1.2")),
        Indicator(name="正向比例", level=3, weight=D(6), method="正向", unit="%", target=D("0.95"), actual=D("0.8")),
        Indicator(name="反向", level=3, weight=D(3), method="反向", unit="%", target=D("0.05"), actual=D("0.08")),
        Indicator(name="阶梯整步", level=3, weight=D(3), method="阶梯", unit="%", target=D(1), actual=D("0.9"),
                  param="5%:0.5"),
        Indicator(name="阶梯不足一步", level=3, weight=D(5), method="阶梯", unit="%", actual=D("0.97"), param="5%：1"),
        Indicator(name="超额扣分", level=3, weight=D(5), method="超额扣分", unit="%", target=D(1), actual=D("1.2"),
                  param="0.5"),
        Indicator(name="定性部分达成", level=3, weight=D(5), method="定性", actual="部分达成"),
        Indicator(name="定性未完成", level=3, weight=D(5), method="定性", actual="未完成"),
    ]
    # replace 产出指标's children with the leaves above (weights 20 + 20, as before)
    out = ev.indicators[2]
    out.children[0].children = leaves[:4]
    out.children[0].weight = sum((x.weight for x in leaves[:4]), D(0))
    out.children[1].children = leaves[4:]
    out.children[1].weight = sum((x.weight for x in leaves[4:]), D(0))
    assert out.weight == out.children[0].weight + out.children[1].weight == 40
    return ev


def _assert_matches_engine(path: Path, ev, *, skip_methods=()) -> int:
    """Compare a recalculated workbook's values with the engine; return how many leaves were compared."""
    profile = load_profile(ev.profile)
    res = evaluate(ev, profile)
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert not (isinstance(c.value, str) and c.value.startswith(EXCEL_ERRORS)), (ws.title, c.coordinate)
    names = {n: d for n, d in wb.defined_names.items()}

    def named(n):
        sheet, cell = next(names[n].destinations)
        return wb[sheet][cell.replace("$", "")].value

    assert _close(named("总分"), res.total)
    assert named("等级") == res.grade
    assert named("一致性检查") in (None, "")
    for key, value in res.facts.items():
        assert _close(named(key), value), key
    summary = wb[L.S_SUMMARY]
    got = [(r[0], r[1], r[2], r[3]) for r in summary.iter_rows(min_row=4, max_row=3 + len(res.indicators),
                                                                 max_col=4, values_only=True)]
    for (name, w, s, rate), r in zip(got, res.indicators):
        assert name == r.name and _close(w, r.weight) and _close(s, r.score) and _close(rate, r.rate)
    ws = wb[L.S_IND]
    rows = indicator_rows(ws)
    col = L.IND_COL
    compared = 0
    for r in res.walk():
        row = rows[r.name]
        suggested = ws.cell(row=row, column=col["suggested"]).value
        if r.indicator.is_leaf:
            if r.indicator.method in skip_methods:
                assert suggested in (None, "")
                continue
            assert _close(suggested, r.suggested), (r.name, suggested, r.suggested)
            assert _close(ws.cell(row=row, column=col["rate"]).value, r.rate), r.name
            compared += 1
        else:  # a parent's 计入得分 sums its block from the input columns
            assert _close(ws.cell(row=row, column=col["counted"]).value, r.score), r.name
            assert _close(ws.cell(row=row, column=col["rate"]).value, r.rate), r.name
    return compared


# ---------------------------------------------------------------- _methods_example() worked out by hand
# From the README「公式参考」 rules and shared/domain/SCORING.md, never from xlperf.domain.scoring: 正向 = 分值 × min(实际/目标, 1);
# 反向 = 分值 × min(目标/实际, 1); 阶梯 = 分值 − 满档数 × 每档扣分; 超额扣分 = 分值 − 超出百分点 × k; 定性 = 分值 × 100/70/30%;
# every result within [0, 分值], rounded half-up to the profile's 2 places; a 得分 typed in wins; 得分率 = 得分 ÷ 分值.
# Budget of the example: 年初 7319.56, 调整 1770.59, 执行 1770.59 万元, 结转结余 0, “三公” 0 / 0; projects 29 / 29 / 29.

#: leaf → (建议得分, 得分率)
HAND_LEAVES = {
    "预算执行": ("2.42", "0.3"),  # 正向 10 × (1770.59 / 7319.56 = 0.2418984) = 2.418984 → 2.42; typed 得分 3: 3 / 10
    "工作目标合理性": ("2", "1"),  # 定性 达成: 2 × 100% = 2
    "绩效目标明确性": ("2", "1"),  # 定性 达成: 2 × 100% = 2
    "预算编制细化率": ("1", "1"),  # 正向 1 × min(0.9 / 0.9, 1) = 1
    "预算调整率": ("0", "0"),  # 区间: |1770.59 − 7319.56| / 7319.56 = 0.7581 matches only “>30%:0” → 0
    "结转结余率": ("1", "1"),  # 反向: 0 / 1770.59 = 0 ≤ 0.05 (0 meets the target in full) → 1
    "“三公”经费控制率": ("1", "1"),  # 超额扣分: actual 0 → 0 ≤ 1, nothing above the threshold → 1
    "财务管理制度健全性": ("1", "1"),  # 定性 达成: 1 × 100% = 1
    "资金使用合规性": ("2", "1"),  # 定性 达成: 2 × 100% = 2
    "内部控制有效性": ("1", "1"),  # 定性 达成: 1 × 100% = 1
    "银行账户管理规范性": ("1", "1"),  # 定性 达成: 1 × 100% = 1
    "绩效监控完成率": ("2", "1"),  # 正向 2 × min((29 / 29) / 1, 1) = 2
    "绩效自评完成率": ("2", "1"),  # 正向 2 × min((29 / 29) / 1, 1) = 2
    "部门评价完成率": ("1", "1"),  # 正向 1 × min((1 / 1) / 1, 1) = 1
    "评价结果整改情况": ("1", "1"),  # 定性 达成: 1 × 100% = 1
    "正向封顶": ("8", "1"),  # 正向 8 × min(1.2 / 0.9, 1) = 8 × 1 = 8 (capped, not 10.67)
    "正向比例": ("5.05", "0.8416667"),  # 正向 6 × 0.8 / 0.95 = 5.0526 → 5.05; 5.05 / 6 = 0.841666…
    "反向": ("1.88", "0.6266667"),  # 反向 3 × min(0.05 / 0.08, 1) = 3 × 0.625 = 1.875 → 1.88 (half up); 1.88 / 3
    "阶梯整步": ("2", "0.6666667"),  # 阶梯 shortfall 1 − 0.9 = 10% = 2 full steps of 5% → 3 − 2 × 0.5 = 2; 2 / 3
    "阶梯不足一步": ("5", "1"),  # 阶梯 blank target = 100%: shortfall 3% < one 5% step → no deduction, 5
    "超额扣分": ("0", "0"),  # 超额扣分 (1.2 − 1) = 20 pp × 0.5 = 10 > 5 → 5 − 10 clamped to 0
    "定性部分达成": ("3.5", "0.7"),  # 定性 部分达成: 5 × 70% = 3.5
    "定性未完成": ("1.5", "0.3"),  # 定性 未完成 (= 未达成): 5 × 30% = 1.5
    "组织工作高质量开展情况": ("10", "1"),  # 定性 达成: 10 × 100% = 10
    "工作获得各级肯定情况": ("10", "1"),  # 定性 达成: 10 × 100% = 10
    "服务对象满意度": ("10", "1"),  # 正向 10 × min(0.9 / 0.9, 1) = 10
}

#: group → 得分 (the sum of its children's 得分, shown in the 建议得分 column)
HAND_GROUPS = {
    "工作目标管理": "4",  # 2 + 2
    "预算和财务管理": "8",  # 1 + 0 + 1 + 1 + 1 + 2 + 1 + 1
    "绩效管理": "6",  # 2 + 2 + 1 + 1
    "投入管理": "18",  # 4 + 8 + 6
    "重点工作任务完成情况": "16.93",  # 8 + 5.05 + 1.88 + 2
    "履职目标实现情况": "10",  # 5 + 0 + 3.5 + 1.5
    "产出指标": "26.93",  # 16.93 + 10
    "履职效益": "20",  # 10 + 10
    "满意度": "10",  # 10
    "效益指标": "30",  # 20 + 10
}

#: 总评 rows: (一级指标, 分值, 得分, 得分率)
HAND_SUMMARY = [
    ("预算执行", "10", "3", "0.3"),  # typed 得分 3 of 10
    ("投入管理", "20", "18", "0.9"),  # 18 / 20
    ("产出指标", "40", "26.93", "0.67325"),  # 26.93 / 40
    ("效益指标", "30", "30", "1"),  # 30 / 30
]
HAND_TOTAL, HAND_GRADE = "77.93", "中"  # 3 + 18 + 26.93 + 30 = 77.93: 60 ≤ 77.93 < 80 → 中

#: the derived figures (defined names); None = blank
HAND_FACTS = {
    "执行率": "0.2418984",  # 年初 denominator (profile): 1770.59 / 7319.56 = 0.24189842
    "执行率_年初": "0.2418984",  # 1770.59 / 7319.56
    "执行率_调整": "1",  # 1770.59 / 1770.59
    "结转结余率": "0",  # 0 / 1770.59
    "预算调整率": "0.7581016",  # |1770.59 − 7319.56| / 7319.56 = 5548.97 / 7319.56 = 0.75810158
    "三公经费控制率": "0",  # actual 0 → 0 (budget 0: no division)
    "三公经费变动率": None,  # no previous-year figure → blank
    "绩效监控完成率": "1",  # 29 / 29
    "绩效自评完成率": "1",  # 29 / 29
    "部门评价完成率": "1",  # 1 / 1
    "满意度": "0.9",  # typed 90%
}


def _assert_matches_hand_computed(path: Path) -> int:
    """Compare a recalculated _methods_example() workbook with the HAND_* values; return the leaves compared."""
    wb = openpyxl.load_workbook(path, data_only=True)
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert not (isinstance(c.value, str) and c.value.startswith(EXCEL_ERRORS)), (ws.title, c.coordinate)

    def named(n):
        sheet, cell = next(wb.defined_names[n].destinations)
        return wb[sheet][cell.replace("$", "")].value

    assert _close(named("总分"), D(HAND_TOTAL))
    assert named("等级") == HAND_GRADE
    assert named("一致性检查") in (None, "")
    for key, value in HAND_FACTS.items():
        assert _close(named(key), None if value is None else D(value)), key
    summary = wb[L.S_SUMMARY]
    got = [r[:4] for r in summary.iter_rows(min_row=4, max_row=3 + len(HAND_SUMMARY), max_col=4, values_only=True)]
    for (name, w, s, rate), (h_name, h_w, h_s, h_rate) in zip(got, HAND_SUMMARY, strict=True):
        assert name == h_name and _close(w, D(h_w)) and _close(s, D(h_s)) and _close(rate, D(h_rate)), name
    ws = wb[L.S_IND]
    rows = indicator_rows(ws)
    assert set(rows) == set(HAND_LEAVES) | set(HAND_GROUPS) | {L.IND_TOTAL_LABEL}
    col = L.IND_COL
    for name, score in HAND_GROUPS.items():
        assert _close(ws.cell(row=rows[name], column=col["counted"]).value, D(score)), name
    # the 合计 row sums every leaf (before any 不适用 rescaling): Σ of the level-1 scores
    assert _close(ws.cell(row=rows[L.IND_TOTAL_LABEL], column=col["counted"]).value,
                  sum(D(s) for n, _, s, _ in HAND_SUMMARY)), L.IND_TOTAL_LABEL
    for name, (suggested, rate) in HAND_LEAVES.items():
        assert _close(ws.cell(row=rows[name], column=col["suggested"]).value, D(suggested)), name
        assert _close(ws.cell(row=rows[name], column=col["rate"]).value, D(rate)), name
    return len(HAND_LEAVES)


def test_engine_agrees_with_the_hand_computed_methods_example():
    ev = _methods_example()
    res = evaluate(ev, load_profile(ev.profile))
    assert res.total == D(HAND_TOTAL) and res.grade == HAND_GRADE
    for key, value in HAND_FACTS.items():
        assert _close(None if res.facts[key] is None else float(res.facts[key]), None if value is None else D(value)), key
    assert [(r.name, r.weight, r.score, r.rate) for r in res.indicators] == \
        [(n, D(w), D(s), D(rate)) for n, w, s, rate in HAND_SUMMARY]
    for r in res.walk():
        if r.indicator.is_leaf:
            suggested, rate = HAND_LEAVES[r.name]
            assert r.suggested == D(suggested), r.name
            assert _close(float(r.rate), D(rate)), r.name
        else:
            assert r.score == D(HAND_GROUPS[r.name]), r.name


@pytest.fixture(scope="module")
def lo_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("lo")


def test_libreoffice_recalculates_the_example_like_the_engine(lo_dir):
    out = convert(WORKBOOKS / "example-2021.xlsx", "xlsx", lo_dir)
    assert _assert_matches_engine(out, load_example()) >= 20


def test_libreoffice_opens_the_blank_form(lo_dir):
    out = convert(WORKBOOKS / "xlperf-form.xlsx", "xlsx", lo_dir / "form")
    wb = openpyxl.load_workbook(out, data_only=True)
    assert wb.sheetnames[: len(L.SHEETS) - 1] == list(L.SHEETS[:-1])
    for ws in wb:
        for row in ws.iter_rows(values_only=True):
            assert not any(isinstance(v, str) and v.startswith(EXCEL_ERRORS) for v in row)


def test_native_fallback_of_every_method_matches_the_engine(tmp_path):
    ev = _methods_example()
    src = tmp_path / "methods.xlsx"
    write_workbook(src, ev)
    out = convert(src, "xlsx", tmp_path / "lo")
    assert _assert_matches_engine(out, ev) >= 25


# ---------------------------------------------------------------- pycel with PERF_ plugins

PLUGIN = '''
from xlperf import udfs


def _grid(v):
    return [list(r) if isinstance(r, tuple) else r for r in v] if isinstance(v, tuple) else v


def perf_grade(score, bands=None):
    return udfs.PERF_GRADE(score, _grid(bands))


def perf_rate(score, weight):
    return udfs.PERF_RATE(score, weight)


def perf_exec_rate(executed, budget):
    return udfs.PERF_EXEC_RATE(executed, budget)


def perf_total(scores, weights=None):
    return udfs.PERF_TOTAL(_grid(scores), _grid(weights))


def perf_score(method, weight, target, actual, param=None):
    return udfs.PERF_SCORE(method, weight, target, actual, param)


def perf_check(weights, scores, total=None):
    return udfs.PERF_CHECK(_grid(weights), _grid(scores), total)


def python_status(*after):  # the workbook's VBA status sentence: blank while Python answers, as here
    return ""


# Excel functions of the native fallbacks that pycel 1.0b30 lacks or reads otherwise: the fast tests' own
from native_eval import rept, sign, sumproduct, value  # noqa: E402,F401
'''


def _pycel_values(path: Path, tmp_path: Path, monkeypatch) -> Path:
    """Evaluate every formula with pycel; write the values into a copy for the common comparison."""
    from pycel import ExcelCompiler
    from pycel.excelwrapper import ExcelOpxWrapper

    def defined_names(self):  # pycel 1.0b30 predates openpyxl 3.1's defined-name API
        if self.workbook is not None and self._defined_names is None:
            self._defined_names = {
                n: [(ref, sheet) for sheet, ref in d.destinations if sheet in self.workbook]
                for n, d in self.workbook.defined_names.items()}
        return self._defined_names

    monkeypatch.setattr(ExcelOpxWrapper, "defined_names", property(defined_names))
    (tmp_path / "perf_plugin.py").write_text(PLUGIN, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    work = tmp_path / "pycel.xlsx"
    wb = openpyxl.load_workbook(path)
    quote_text(wb)
    wb.save(work)
    xl = ExcelCompiler(filename=str(work), plugins=["perf_plugin"])
    out = openpyxl.load_workbook(work)
    for ws in out:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    v = xl.evaluate(f"{ws.title}!{c.coordinate}")
                    c.value = None if v is None else v
    result = tmp_path / "pycel-values.xlsx"
    out.save(result)
    return result


def test_pycel_with_perf_functions_matches_the_engine(tmp_path, monkeypatch):
    ev = _methods_example()
    src = tmp_path / "methods.xlsx"
    write_workbook(src, ev)
    values = _pycel_values(src, tmp_path, monkeypatch)
    # the PERF_ functions run xlperf.domain.scoring: compare with values worked out by hand, not with the engine
    assert _assert_matches_hand_computed(values) == 26
