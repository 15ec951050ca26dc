"""xlperf score PATH [--json] — per-level scores, total, grade and execution rates."""

from __future__ import annotations

import json
import sys

from ..domain.numbers import fmt_number, fmt_percent
from ..domain.problems import errors
from .args.score import HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart
from .common import load_for, print_problems, print_table


def result_dict(result) -> dict:
    """The machine-readable summary (numbers as plain floats/strings, rates as fractions)."""
    facts = result.facts

    def f(d):
        return None if d is None else float(d)

    return {
        "unit": result.evaluation.unit,
        "year": result.evaluation.year,
        "profile": result.profile.name,
        "total": f(result.total),
        "grade": result.grade,
        "rate": f(result.rate),
        "levels": [
            {"name": r.name, "weight": f(r.weight), "score": f(r.score), "rate": f(r.rate)}
            for r in result.indicators
        ],
        "execution_rate": f(facts.get("执行率")),
        "execution_rate_initial": f(facts.get("执行率_年初")),
        "execution_rate_adjusted": f(facts.get("执行率_调整")),
    }


def run(args) -> int:
    loaded = load_for(args)
    if loaded is None:
        return 2
    ev, profile, result, problems = loaded
    if result is None or errors(problems):
        print_problems(problems, file=sys.stderr)
        if result is None:  # readable, but the data cannot be scored: the problems say what to fix
            return 1
    invalid = bool(errors(problems))
    if args.json:
        data = result_dict(result)
        data["valid"] = not invalid
        if invalid:  # figures computed from data with errors are not results
            data["total"] = data["grade"] = data["rate"] = None
        data["problems"] = len(errors(problems))
        data["warnings"] = len(problems) - data["problems"]
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 1 if invalid else 0
    sp, rp = profile.score_places, profile.rate_places
    print(f"{ev.unit} {ev.year}年度 部门整体绩效自评（评分规则：{profile.name}）")
    rows = [("指标", "权重分值", "得分", "得分率")]
    for r in result.indicators:
        rows.append((r.name, fmt_number(r.weight, sp), "—" if r.score is None else fmt_number(r.score, sp),
                     "—" if r.rate is None else fmt_percent(r.rate, rp)))
    rows.append(("合计", fmt_number(result.weight_total, sp), fmt_number(result.total, sp),
                 fmt_percent(result.rate, rp)))

    if invalid:
        rows[-1] = ("合计", fmt_number(result.weight_total, sp), "—", "—")
    print_table(rows)
    if invalid:
        print(f"总分、等级：无效（有{len(errors(problems))}个错误，见上方列表；修改后再计算）")
    else:
        print(f"总分：{fmt_number(result.total, sp)}    等级：{result.grade}")
    for key in ("执行率_年初", "执行率_调整"):
        v = result.facts.get(key)
        label = "预算执行率（年初预算）" if key.endswith("年初") else "预算执行率（调整预算）"
        print(f"{label}：{'—' if v is None else fmt_percent(v, max(rp, 2))}")
    return 1 if errors(problems) else 0
