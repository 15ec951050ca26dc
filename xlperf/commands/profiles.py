"""xlperf profiles — list the shipped rule profiles."""

from __future__ import annotations

from ..domain.profiles import DEFAULT_PROFILE, ProfileError, available, load_profile
from .args.profiles import HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart


def run(args) -> int:
    if args.check:
        try:
            p = load_profile(args.check)
        except ProfileError as exc:
            print(f"评分规则有误：{exc}")
            return 1
        print(f"评分规则“{p.name}”有效：{len(p.indicators)}个一级指标，总分{p.total}")
        return 0
    rc = 0
    for name, path in available().items():
        try:
            p = load_profile(name)
        except ProfileError as exc:
            print(f"{name}：规则文件有误（{path.name}）：{exc}")
            rc = 1
            continue
        mark = "（默认）" if name == DEFAULT_PROFILE else ""
        levels = " / ".join(f"{r.name} {r.weight}" for r in p.indicators)
        print(f"{name}{mark}\n  {p.description}\n  一级指标：{levels}\n  文件：{path.name}")
    return rc
