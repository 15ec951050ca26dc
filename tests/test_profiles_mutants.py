"""xlperf.domain.profiles judged by fast tests (issue 19): every check a rule file must pass with the message its
author reads, the queries the engine asks of a profile, and which rules a workbook is scored with
(resolve_profile: --profile, the rules the form embeds, the name it gives, the default).

Expected values are the shipped 河南2021 rules (SCORING.md: 优 90 / 良 80 / 中 60 / 差 0; 执行率 over the 年初预算数;
定性 bands 80–100 / 50–80 / 0–50 %) and small rule files written here whose answers are worked out by hand.

Survivors: none left (session 7, s7g, docs/mutation.md).  The 7 argued here before are gone with the code that
made them: the rule file is read as UTF-8 bytes, differences reads a dumped profile's kind by subscription (it
always has one) and names a top-level key with ``removeprefix(".")`` (no default for the top call),
examples_problem sums the example rows' 分值 without a start (there is one row at least) and resolve_profile's
error takes Problem's default severity.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from xlperf.domain import profiles as P
from xlperf.domain.problems import ERROR, WARNING, Problem
from xlperf.domain.profiles import ProfileError, profile_from_text
from xlperf.domain.scoring import DEFAULT_QUALITATIVE


@pytest.fixture(autouse=True)
def _fresh_reads():
    """Each test reads the files itself: the module's caches start empty (a cached profile would hide a fault in
    the code that reads it)."""
    from xlperf.domain import outlines

    for cached in (P._shipped, P._load_cached, outlines._shipped, outlines._cached):
        cached.cache_clear()
    yield

MINI = '''name = "小规则"
total = 100
[[grades]]
lower = 60
label = "合格"
[[grades]]
lower = 0
label = "不合格"
[[indicators]]
name = "甲"
weight = 40
[[indicators]]
name = "乙"
weight = 60
method = "{method}"
ref = "{ref}"
  [[indicators.children]]
  name = "乙一"
  weight = {child}
'''


def _mini(method="正向", ref="", child=60):
    return MINI.format(method=method, ref=ref, child=child)


def _refused(text: str, origin: str = "r.toml") -> str:
    with pytest.raises(ProfileError) as info:
        profile_from_text(text, origin)
    return str(info.value)


# ------------------------------------------------------------------ checks


def test_a_small_file_reads():
    p = profile_from_text(_mini(ref="执行率"), "r.toml")
    assert (p.name, p.total, p.source, p.text) == ("小规则", D(100), "r.toml", _mini(ref="执行率"))
    assert profile_from_text(_mini(), "r.toml", source="/p/r.toml").source == "/p/r.toml"
    assert [(r.name, r.weight, r.method, r.ref) for r in p.indicators] == [("甲", D(40), "人工", ""),
                                                                           ("乙", D(60), "正向", "执行率")]


def test_an_unknown_method_names_the_methods():
    from xlperf.domain.scoring import METHODS

    assert _refused(_mini(method="线性")) == f"r.toml：indicators[2]（乙）：未知的评分方法“线性”，可选：{'、'.join(METHODS)}"
    assert "正向" in METHODS and "人工" in METHODS


def test_a_reference_names_a_derived_figure():
    from xlperf.domain.facts import FACT_LABELS

    assert _refused(_mini(ref="执行")) == (f"r.toml：indicators[2]（乙）：ref“执行”不是可引用的计算结果，"
                                          f"可选：{'、'.join(FACT_LABELS)}")


def test_childrens_points_add_up_to_the_parents():
    assert _refused(_mini(child=50)) == "r.toml：indicators[2]（乙）：“乙”的下级分值合计50，应为60"


def test_first_level_points_add_up_to_the_total():
    text = _mini().replace("weight = 40", "weight = 30")
    assert _refused(text) == "r.toml：（文件）：indicators：一级指标分值合计90，应等于total（100）"


def test_four_levels_are_refused_three_are_fine():
    three = _mini().replace("  weight = 60\n", "  weight = 60\n    [[indicators.children.children]]\n"
                                                "    name = \"乙一一\"\n    weight = 60\n", 1)
    assert profile_from_text(three, "r.toml").rule("乙一一").weight == D(60)
    four = three.replace("    weight = 60\n", "    weight = 60\n      [[indicators.children.children.children]]\n"
                                                "      name = \"第四级\"\n      weight = 60\n", 1)
    assert _refused(four) == "r.toml：（文件）：indicators：“第四级”是第4级指标，指标体系最多3级（一级、二级、三级）"


def test_too_deep_finds_the_first_row_below_the_third_level():
    rule = P.IndicatorRule
    deep = [rule(name="一", weight=D(1), children=[rule(name="二", weight=D(1), children=[
        rule(name="三", weight=D(1), children=[rule(name="四", weight=D(1))])])])]
    assert P._too_deep(deep, 1) == "四"
    assert P._too_deep(deep, 2) == "三"  # starting a level lower
    assert P._too_deep(deep[0].children, 1) == ""
    assert P._too_deep([rule(name="甲", weight=D(1)), *deep], 1) == "四"  # the first fine row does not stop it


def test_a_grade_must_start_at_zero():
    text = _mini().replace("lower = 0\n", "lower = 10\n")
    assert _refused(text) == "r.toml：（文件）：grades：等级设置中须有一个下限为0的等级"


def test_every_error_is_named_at_once():
    text = _mini(method="线性").replace("weight = 40", "weight = -40")
    assert _refused(text) == ("r.toml：indicators[1]（甲）.weight：须大于0，现为-40；"
                              f"r.toml：indicators[2]（乙）：未知的评分方法“线性”，可选：{'、'.join(P.METHODS)}")


def test_a_syntax_error_names_its_line():
    assert _refused('name = "x"\ntotal = \n').startswith("评分规则r.toml第2行第9列附近有语法错误（")


def test_a_syntax_error_without_a_line_says_so():
    assert _refused('name = "x"\ngrades = [1\n').startswith("评分规则r.toml有语法错误（")


def test_a_location_reads_as_the_toml_keys():
    data = {"indicators": [{"name": "甲", "children": [{}, {"name": 3}]}, {"weight": 1}]}
    assert P._loc(("indicators", 0, "children", 1, "weight"), data) == "indicators[1]（甲）.children[2].weight"
    assert P._loc(("indicators", 1, "weight"), data) == "indicators[2].weight"
    assert P._loc(("indicators", 7), data) == "indicators[8]"
    assert P._loc((0, "name"), [{"name": "乙"}]) == "[1]（乙）.name"
    assert P._loc(("total",), data) == "total" and P._loc((), data) == "（文件）"
    assert P._loc(("indicators", 0, "name"), {"indicators": {"0": {"name": "甲"}}}) == "indicators[1].name"
    assert P._loc(("indicators", 2, "name"), data) == "indicators[3].name"  # one past the last: only the number


# ------------------------------------------------------------------ files


def test_files_missing_unreadable_and_read(tmp_path):
    with pytest.raises(ProfileError) as info:
        P.load_profile_file(tmp_path / "none.toml")
    assert str(info.value) == f"评分规则文件不存在：{tmp_path / 'none.toml'}"
    gbk = tmp_path / "gbk.toml"
    gbk.write_bytes('name = "规则"'.encode("gbk"))
    with pytest.raises(ProfileError) as info:
        P.load_profile_file(gbk)
    assert str(info.value) == f"评分规则文件无法读取（应为UTF-8编码的文本文件）：{gbk}"
    with pytest.raises(ProfileError) as info:
        P.load_profile_file(tmp_path)  # a folder
    assert str(info.value) == f"评分规则文件无法读取（应为UTF-8编码的文本文件）：{tmp_path}"
    mine = tmp_path / "mine.toml"
    mine.write_text(_mini(), encoding="utf-8")
    p = P.load_profile_file(mine)
    assert (p.name, p.source, p.text) == ("小规则", str(mine), _mini())
    with pytest.raises(ProfileError, match="^mine.toml：indicators"):
        mine.write_text(_mini(child=1), encoding="utf-8")
        P.load_profile_file(mine)


def test_shipped_rules_by_name_path_and_default(tmp_path):
    assert set(P.available()) == {"部门整体-河南2021", "项目支出-财预2020-10号", "部门整体-单位格式"}
    P.available().clear()  # a copy
    assert "部门整体-河南2021" in P.available()
    assert P.load_profile().name == P.load_profile(" ").name == P.load_profile(None).name == "部门整体-河南2021"
    assert P.load_profile(" 项目支出-财预2020-10号 ").name == "项目支出-财预2020-10号"
    mine = tmp_path / "mine.toml"
    mine.write_text(_mini(), encoding="utf-8")
    assert P.load_profile(mine).name == "小规则" and P.load_profile(str(mine)).source == str(mine)
    assert P.builtin("项目支出-财预2020-10号").name == "项目支出-财预2020-10号"
    assert P.builtin("小规则") is None


def test_an_edited_file_is_read_again(tmp_path, monkeypatch):
    import os

    mine = tmp_path / "mine.toml"
    mine.write_text(_mini(), encoding="utf-8")
    assert P.load_profile(mine).name == "小规则"
    mine.write_text(_mini().replace("小规则", "改过的规则"), encoding="utf-8")
    os.utime(mine, (mine.stat().st_atime, mine.stat().st_mtime + 10))  # saved later
    assert P.load_profile(mine).name == "改过的规则"
    # a shipped file changed (an update installed over the old one) is read again too
    monkeypatch.setattr(P, "_shipped", lambda: {"改过的规则": mine})
    assert P.builtin("改过的规则").name == "改过的规则"
    mine.write_text(_mini().replace("小规则", "再改的规则"), encoding="utf-8")
    os.utime(mine, (mine.stat().st_atime, mine.stat().st_mtime + 20))
    assert P.builtin("改过的规则").name == "再改的规则"


def test_an_unknown_name_lists_the_shipped_rules():
    with pytest.raises(ProfileError) as info:
        P.load_profile("没有")
    assert str(info.value) == ("找不到评分规则“没有”，可用：部门整体-河南2021、项目支出-财预2020-10号、部门整体-单位格式，"
                               "或填写规则文件路径")


# ------------------------------------------------------------------ queries


def test_grades_from_the_top_and_the_qualitative_bands():
    p = profile_from_text(_mini().replace('lower = 60\nlabel = "合格"', 'lower = 60\nlabel = "合格"\n[[grades]]\n'
                                                                        'lower = 85\nlabel = "优秀"'), "r.toml")
    assert p.bands == ((D(85), "优秀"), (D(60), "合格"), (D(0), "不合格"))
    assert p.qualitative_bands == DEFAULT_QUALITATIVE  # none written: the shipped words
    own = profile_from_text(_mini() + '[[qualitative]]\nlabel = "好"\nlower = 0.8\nupper = 1\nsuggest = 1\n'
                                      '[[qualitative]]\nlabel = "差"\naliases = ["较差", "不好"]\nlower = 0\n'
                                      'upper = 0.8\nsuggest = 0.5\n', "r.toml")
    bands = own.qualitative_bands
    assert [(b.label, b.aliases, b.lower, b.upper, b.suggest) for b in bands] == [
        ("好", ("好",), D("0.8"), D(1), D(1)), ("差", ("较差", "不好"), D(0), D("0.8"), D("0.5"))]


def test_a_rule_is_found_at_any_level():
    p = P.load_profile()
    assert p.rule("预算执行").weight == D(10)
    assert p.rule("履职效益").name == "履职效益"  # a second-level row
    assert p.rule("没有") is None


# ------------------------------------------------------------------ differences


def _henan(**changes):
    return P.load_profile().model_copy(update=changes)


def test_differences_are_keys_with_both_values():
    base = P.load_profile()
    grades = [g.model_copy(update={"lower": D(85)}) if g.label == "优" else g for g in base.grades]
    changed = _henan(grades=grades, exec_denominator="adjusted", description="不同的说明", source="x", text="y")
    # description, source and text are not rules
    assert P.differences(changed, base) == ["exec_denominator：initial → adjusted", "grades[1].lower：90 → 85"]
    assert P.differences(base, base) == []


def test_an_own_outline_differs_from_a_named_one():
    base = P.load_profile()
    from xlperf.domain.outlines import load_outline

    own = _henan(outline=load_outline("项目支出"))
    diffs = P.differences(own, base)
    assert len(diffs) == 1 and diffs[0].startswith("outline：部门整体 → {")


def test_differences_name_rows_and_count_lists():
    base = P.load_profile()
    fewer = _henan(grades=base.grades[:3])
    assert P.differences(fewer, base) == ["grades：4项 → 3项"]
    rows = [r.model_copy(update={"weight": r.weight + 1}) if r.name == "投入管理" else r for r in base.indicators]
    assert P.differences(_henan(indicators=rows), base) == ["indicators[2]（投入管理）.weight：20 → 21"]
    assert P.differences(_henan(kind=""), base) == ["kind：部门整体 → （无）"]


def test_a_profile_without_an_outline_name_has_its_kinds():
    base = P.load_profile()
    assert P.differences(_henan(outline=""), base) == []  # 部门整体 forms before outlines were named
    assert P.differences(_henan(outline="", kind="项目支出"), base) == ["kind：部门整体 → 项目支出",
                                                                      "outline：部门整体 → 项目支出"]
    assert P.differences(_henan(outline="", kind="别的"), base) == ["kind：部门整体 → 别的"]


def test_at_most_eight_differences_then_a_count():
    base = P.load_profile()
    many = _henan(total=D(99), exec_denominator="adjusted", score_places=3, rate_places=1, rescale_not_applicable=False,
                  exec_warning_below=D("0.8"), kind="项目支出", columns=["得分系数"], name="另一个")
    # nine changes (name, kind, total, exec_denominator, score_places, rate_places, rescale_not_applicable,
    # exec_warning_below, columns): eight written, then how many in all
    diffs = P.differences(many, base)
    assert len(diffs) == 9 and diffs[-1] == "等9处" and diffs[0] == "name：部门整体-河南2021 → 另一个"
    assert len(P.differences(many, base, limit=9)) == 9 and "等9处" not in P.differences(many, base, limit=9)
    assert P.differences(many, base, limit=7)[-1] == "等9处"


def test_values_are_shown_as_a_clerk_reads_them():
    assert P._show([1, 2]) == "2项" and P._show([]) == "0项"
    assert P._show(None) == "（无）" and P._show("") == "（无）"
    assert P._show(0) == "0" and P._show("优") == "优"


# ------------------------------------------------------------------ resolve_profile


def test_without_embedded_rules_the_named_or_default_rules():
    assert P.resolve_profile("", "项目支出-财预2020-10号") == (P.load_profile("项目支出-财预2020-10号"), [])
    assert P.resolve_profile("  \n", "") == (P.load_profile(), [])


def test_embedded_rules_equal_to_the_shipped_ones_need_no_note():
    text = P.load_profile().text
    prof, notes = P.resolve_profile(text, "项目支出-财预2020-10号")
    assert prof.name == "部门整体-河南2021" and prof.source == P.EMBEDDED_ORIGIN and notes == []


def test_embedded_rules_that_differ_from_the_shipped_ones_are_a_warning():
    text = P.load_profile().text.replace('exec_denominator = "initial"', 'exec_denominator = "adjusted"') \
        .replace("score_places = 2", "score_places = 1")
    prof, notes = P.resolve_profile(text, "", where="规则数据!A1")
    assert prof.exec_denominator == "adjusted"
    assert notes == [Problem("规则数据!A1", "评分规则", "表内评分规则与自带的“部门整体-河南2021”不同："
                             "exec_denominator：initial → adjusted；score_places：2 → 1", WARNING)]
    _, notes = P.resolve_profile(text, "")
    assert [n.where for n in notes] == ["表内保存的评分规则"]


def test_embedded_rules_of_their_own_name_need_no_note():
    prof, notes = P.resolve_profile(_mini(), "")
    assert (prof.name, notes) == ("小规则", [])


def test_broken_embedded_rules_are_an_error_at_their_place():
    prof, notes = P.resolve_profile(_mini(child=1), "", where="规则数据!A1")
    assert prof is None
    assert notes == [Problem("规则数据!A1", "评分规则",
                             "表内保存的评分规则：indicators[2]（乙）：“乙”的下级分值合计1，应为60。"
                             "请用 xlperf new --profile 重新生成填报表，或用 --profile 指定评分规则", ERROR)]


@pytest.mark.parametrize("embedded, name, held", [
    (_mini(), "项目支出-财预2020-10号", "小规则"),  # the embedded rules' name
    ("", "项目支出-财预2020-10号", "项目支出-财预2020-10号"),  # the name the form gives
    ("", "", "部门整体-河南2021"),  # the default
    (_mini(child=1), "项目支出-财预2020-10号", "项目支出-财预2020-10号"),  # broken embedded rules: the given name
])
def test_the_command_lines_rules_win_and_say_so(embedded, name, held):
    prof, notes = P.resolve_profile(embedded, name, "部门整体-单位格式", where="规则数据!A1")
    assert prof.name == "部门整体-单位格式"
    assert notes == [Problem("规则数据!A1", "评分规则", f"按命令行 --profile 使用评分规则“部门整体-单位格式”，未使用表内的“{held}”",
                             WARNING)]


# ------------------------------------------------------------------ the blank form's example rows


EXAMPLES = '''    [[indicators.children.examples]]
    name = "示例：甲"
    weight = {w}
    method = "正向"
'''


def test_example_rows_share_their_leafs_points():
    ok = _mini().replace("  weight = 60\n", "  weight = 60\n" + EXAMPLES.format(w=60), 1)
    p = profile_from_text(ok, "r.toml")
    assert p.example_names == frozenset({"示例：甲"})
    assert p.rule("乙一").examples[0].weight == D(60)
    bad = _mini().replace("  weight = 60\n", "  weight = 60\n" + EXAMPLES.format(w=50), 1)
    assert _refused(bad) == "r.toml：（文件）：indicators：“乙一”的示例行分值合计50，应为60"
    assert P.IndicatorRule(name="甲", weight=D(1)).examples_problem() == ""


def test_example_rows_belong_to_leaves_and_rules_differ_not_by_them():
    rule, ex = P.IndicatorRule, P.ExampleRow
    parent = rule(name="甲", weight=D(2), children=[rule(name="甲一", weight=D(2))],
                  examples=[ex(name="示例：乙", weight=D(2), method="正向")])
    assert parent.examples_problem() == "“甲”有下级指标，不能再写示例行（examples）"
    deep = rule(name="甲", weight=D(2), children=[rule(name="甲一", weight=D(2), examples=[
        ex(name="示例：乙", weight=D(1), method="正向")])])
    assert deep.examples_problem() == "“甲一”的示例行分值合计1，应为2"  # found below
    # an example row under a third-level leaf would be a fourth level
    third = [rule(name="一", weight=D(1), children=[rule(name="二", weight=D(1), children=[
        rule(name="三", weight=D(1), examples=[ex(name="示例：四", weight=D(1), method="正向")])])])]
    assert P._too_deep(third, 1) == "示例：四"
    assert P._too_deep(third[0].children, 1) == ""  # the leaf at level 2: its examples are level 3
    base = P.load_profile()
    assert P.differences(base.model_copy(update={"indicators": [
        r.model_copy(update={"children": [c.model_copy(update={"examples": []}) for c in r.children]})
        for r in base.indicators]}), base) == []  # a form made before the example rows: the same rules
