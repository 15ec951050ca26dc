"""Engine speed: score and validate a synthetic evaluation with 10,000 leaf indicators.

The evaluation and a matching ad-hoc profile are built in code (4 level-1 indicators weighted
10/20/40/30, 25 level-2 under each, 100 level-3 leaves under each of those), with every
scoring method represented.  Prints the time of ``validate.check()`` and indicators/second.
"""

from __future__ import annotations

import statistics
import time
from decimal import Decimal

LEVEL1 = (("预算执行", 10), ("投入管理", 20), ("产出指标", 40), ("效益指标", 30))
N2, N3 = 25, 100  # 4 × 25 × 100 = 10,000 leaves
REPEATS = 3

# (method, target, actual, param) cycling over the leaves
CASES = (
    ("正向", "1", "0.95", ""),
    ("反向", "0.05", "0.08", ""),
    ("阶梯", "1", "0.9", "5%:2"),
    ("超额扣分", "1", "1.03", "0.5"),
    ("区间", None, "0.85", "≥90%:5;≥80%:4;≥70%:3;≥60%:2;<60%:0"),
    ("定性", None, "部分达成", ""),
    ("人工", None, None, ""),
)


def build():
    from xlperf.model import Budget, Evaluation, Indicator
    from xlperf.profiles import GradeBand, IndicatorRule, Profile

    rules, tree = [], []
    k = 0
    for name1, w1 in LEVEL1:
        w2 = Decimal(w1) / N2
        w3 = w2 / N3
        kids2, rule_kids = [], []
        for j in range(N2):
            name2 = f"{name1}-{j + 1}"
            leaves = []
            for i in range(N3):
                method, target, actual, param = CASES[k % len(CASES)]
                k += 1
                leaves.append(Indicator(
                    name=f"{name2}-{i + 1}", level=3, weight=w3, method=method,
                    target=None if target is None else Decimal(target),
                    actual=actual, param=param,
                    manual_score=w3 if method == "人工" else None,
                    deviation_reason="原因", improvement="措施"))
            kids2.append(Indicator(name=name2, level=2, weight=w2, children=leaves))
            rule_kids.append(IndicatorRule(name=name2, weight=w2))
        tree.append(Indicator(name=name1, level=1, weight=Decimal(w1), children=kids2))
        rules.append(IndicatorRule(name=name1, weight=Decimal(w1), children=rule_kids))
    profile = Profile(
        name="bench", total=Decimal(100), score_places=4,
        grades=[GradeBand(lower=Decimal(v), label=label) for v, label in ((90, "优"), (80, "良"), (60, "中"), (0, "差"))],
        indicators=rules,
    )
    ev = Evaluation(unit="基准测试单位", year=2021, indicators=tree,
                    budget=Budget(initial=Decimal(100), adjusted=Decimal(100), executed=Decimal(95)))
    return ev, profile


def main() -> None:
    from xlperf.validate import check

    t0 = time.perf_counter()
    ev, profile = build()
    leaves = sum(1 for _ in ev.leaves())
    print(f"synthetic evaluation: {leaves} leaf indicators, {sum(1 for _ in ev.walk())} in all "
          f"(built in {time.perf_counter() - t0:.2f} s)")
    times, res, problems = [], None, []
    for _ in range(REPEATS):
        t = time.perf_counter()
        res, problems = check(ev, profile)
        times.append(time.perf_counter() - t)
    errors = [p for p in problems if p.severity == "错误"]
    med = statistics.median(times)
    print(f"validate.check(): median {med:.3f} s of {REPEATS} (min {min(times):.3f} s) — "
          f"{leaves / med:,.0f} indicators/s")
    print(f"  total {res.total}, grade {res.grade}, {len(errors)} errors, {len(problems) - len(errors)} warnings")


if __name__ == "__main__":
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
