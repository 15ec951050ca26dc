"""Rule profiles as data: the shipped files, broken files and the `xlperf profiles` command."""

from decimal import Decimal as D
from pathlib import Path

import pytest

from xlperf.cli import main
from xlperf.domain.profiles import DEFAULT_PROFILE, PROFILE_DIR, ProfileError, available, load_profile

HENAN = PROFILE_DIR / "dept-henan-2021.toml"


def test_shipped_profiles_match_the_published_trees():
    assert set(available()) >= {"部门整体-河南2021", "项目支出-财预2020-10号"}
    dept = load_profile()
    assert dept.name == DEFAULT_PROFILE == "部门整体-河南2021"
    assert [(r.name, r.weight) for r in dept.indicators] == [
        ("预算执行", D(10)), ("投入管理", D(20)), ("产出指标", D(40)), ("效益指标", D(30))]
    assert {c.name for r in dept.indicators for c in r.children} == {
        "工作目标管理", "预算和财务管理", "绩效管理", "重点工作任务完成情况", "履职目标实现情况", "履职效益", "满意度"}
    assert dept.exec_denominator == "initial" and dept.rate_places == 0
    assert dept.bands == ((D(90), "优"), (D(80), "良"), (D(60), "中"), (D(0), "差"))
    proj = load_profile("项目支出-财预2020-10号")
    assert [(r.name, r.weight) for r in proj.indicators] == [
        ("预算执行率", D(10)), ("产出指标", D(50)), ("效益指标", D(30)), ("满意度指标", D(10))]


def test_user_file_by_path(tmp_path):
    f = tmp_path / "mine.toml"
    f.write_text(HENAN.read_text(encoding="utf-8").replace('name = "部门整体-河南2021"', 'name = "本单位"', 1),
                 encoding="utf-8")
    p = load_profile(str(f))
    assert p.name == "本单位" and p.source == str(f)


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = HENAN.read_text(encoding="utf-8")
    assert old in text
    f = tmp_path / "broken.toml"
    f.write_text(text.replace(old, new, 1), encoding="utf-8")
    return f


@pytest.mark.parametrize(
    "old, new, words",
    [
        ('name = "部门整体-河南2021"', "name = 部门整体", ["broken.toml", "第3行", "语法错误"]),
        ("total = 100", "totl = 100", ["broken.toml", "totl", "不认识的设置项"]),
        ('exec_denominator = "initial"', 'exec_denominator = "年初"', ["exec_denominator", "initial"]),
        ("name = \"工作目标管理\"\n  weight = 4", "name = \"工作目标管理\"\n  weight = 5",
         ["indicators[2]（投入管理）", "下级分值合计21", "应为20"]),
        ("name = \"工作目标管理\"\n  weight = 4", "name = \"工作目标管理\"\n  weight = -4",
         ["children[1]（工作目标管理）.weight", "须大于0"]),
        ("name = \"工作目标管理\"\n  weight = 4", "name = \"工作目标管理\"\n  weight = \"四\"",
         ["children[1]（工作目标管理）.weight", "应为数字"]),
        ('method = "正向"', 'method = "线性"', ["indicators[1]（预算执行）", "未知的评分方法“线性”"]),
        ("name = \"预算执行\"\nweight = 10", "name = \"预算执行\"\nweight = 15", ["一级指标分值合计105", "total"]),
        ("lower = 0\nlabel = \"差\"", "lower = 50\nlabel = \"差\"", ["grades", "下限为0"]),
        ("score_places = 2", "score_places = 9", ["score_places", "不大于4"]),
    ],
)
def test_broken_profile_names_file_and_key(tmp_path, old, new, words):
    f = _broken(tmp_path, old, new)
    with pytest.raises(ProfileError) as info:
        load_profile(str(f))
    msg = str(info.value)
    for w in words:
        assert w in msg, msg
    assert "Input should" not in msg and "Value error" not in msg  # Chinese, not pydantic's English


def test_missing_profile():
    with pytest.raises(ProfileError, match="找不到评分规则“不存在的规则”"):
        load_profile("不存在的规则")


def test_cli_lists_profiles(capsys):
    assert main(["profiles"]) == 0
    out = capsys.readouterr().out
    assert "部门整体-河南2021（默认）" in out and "项目支出-财预2020-10号" in out
    assert "预算执行 10 / 投入管理 20 / 产出指标 40 / 效益指标 30" in out


def test_cli_checks_a_file(tmp_path, capsys):
    assert main(["profiles", "--check", str(HENAN)]) == 0
    assert "有效" in capsys.readouterr().out
    f = _broken(tmp_path, 'method = "正向"', 'method = "线性"')
    assert main(["profiles", "--check", str(f)]) == 1
    out = capsys.readouterr().out
    assert "评分规则有误" in out and "broken.toml" in out and "线性" in out
    assert main(["profiles", "--check", str(tmp_path / "nope.toml")]) == 1
    assert "找不到评分规则" in capsys.readouterr().out
