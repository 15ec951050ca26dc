"""xlperf.domain.outlines judged by fast tests (issue 19): every check an outline file must pass, with the message its
author reads, and every query the form builder, the reader and the report ask of an outline.

Expected values are the shipped outlines' headings and 栏目 as REPORTS.md §1 and the outline files state them, and
small outlines written here whose answers are worked out by hand.

Survivors: none left (session 7, s7g, docs/mutation.md).  The 22 argued here before are gone with the code that
made them: Outline.parent finds the level-1 section above by position and Outline.children asks it (no starting
values that only the check “the first section is level 1” made harmless); heading numbers lose their closing marks
by one pattern (_bare) instead of ``rstrip`` sets that an added “X” left the same; the outline files are read as
UTF-8 bytes (no codec name to spell differently); outline_for and outline_of_form use ``None`` where a missing
outline, kind or rule text means the default (``load_outline(None)``), so no default value is left that another
default could replace.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from outline_helpers import outline_toml, section
from xlperf.domain import outlines as O
from xlperf.domain.outlines import OutlineError, outline_from_data

ORIGIN = "x.toml"


@pytest.fixture(autouse=True)
def _fresh_reads():
    """Each test reads the files itself: the module's caches start empty (a cached outline would hide a fault in
    the code that reads it)."""
    for cached in (O._shipped, O._cached, O._embedded):
        cached.cache_clear()
    yield


def _section(sid="a", level=1, number="一、", heading="情况", **kw):
    return {"id": sid, "level": level, "number": number, "heading": heading, **kw}


def _text(field="info", label="情况说明", **kw):
    return {"field": field, "label": label, **kw}


def _outline(*sections, **kw):
    return outline_from_data({"name": "小提纲", "section": list(sections), **kw}, ORIGIN)


def _refused(*sections, **kw) -> str:
    with pytest.raises(OutlineError) as info:
        _outline(*sections, **kw)
    return str(info.value)


# ------------------------------------------------------------------ Block checks


@pytest.mark.parametrize("field", ["情况", "Info", "1info", "info-2", ""])
def test_a_text_fields_id_is_a_lowercase_ascii_identifier(field):
    assert _refused(_section(block=[_text(field=field)])) == (
        f"报告提纲x.toml：section[1]（a）.block[1]：field：应为英文小写字母、数字和下划线（如 process），现为“{field}”")


def test_ids_with_digits_and_underscores_are_fine():
    assert _outline(_section(block=[_text(field="s2_info")])).field_labels() == {"情况说明": "s2_info"}


def test_a_text_field_needs_its_label():
    assert _refused(_section(block=[_text(label="")])) == (
        "报告提纲x.toml：section[1]（a）.block[1]：“info”缺少 label（表中的栏目名称）")


@pytest.mark.parametrize("style", ["list", "joined"])
def test_a_list_needs_its_lead(style):
    assert _refused(_section(block=[_text(style=style)])) == (
        "报告提纲x.toml：section[1]（a）.block[1]：“info”的 style 为 list，须写 lead（如“部门年度履职目标”）")
    assert _outline(_section(block=[_text(style=style, lead="主要任务")])).sections[0].blocks[0].lead == "主要任务"


@pytest.mark.parametrize("style", ["paragraphs", "numbered", "items"])
def test_other_styles_need_no_lead(style):
    assert _outline(_section(block=[_text(style=style)])).sections[0].blocks[0].style == style


@pytest.mark.parametrize("path", ["adjust_reason", "budget.", "Budget.adjust_reason", "budget.adjust.reason", ""])
def test_a_value_block_names_a_field_of_the_form(path):
    assert _refused(_section(block=[{"kind": "value", "value": path}])) == (
        f"报告提纲x.toml：section[1]（a）.block[1]：value：应为填报表单项的数据路径（如 budget.adjust_reason），现为“{path}”")
    ok = _outline(_section(block=[{"kind": "value", "value": "budget.adjust_reason", "default": "无调整。"}]))
    assert ok.value_blocks()[0][1].value == "budget.adjust_reason"


@pytest.mark.parametrize("key", ["value", "default", "instead_of"])
def test_value_keys_belong_to_value_blocks_only(key):
    assert _refused(_section(block=[_text(**{key: "budget.adjust_reason"})])) == (
        "报告提纲x.toml：section[1]（a）.block[1]：value、default、instead_of 只用于 kind = \"value\"")


def test_a_generated_block_needs_no_field_or_label():
    o = _outline(_section(block=[{"kind": "goal"}, {"kind": "score_table", "label": "得分表"}]))
    assert [b.kind for b in o.sections[0].blocks] == ["goal", "score_table"]
    assert o.text_fields() == []


# ------------------------------------------------------------------ Outline checks


def test_section_ids_are_unique():
    assert _refused(_section(), _section(number="二、")) == "报告提纲x.toml：（文件）：section：id“a”重复"


def test_the_first_heading_is_level_one():
    assert _refused(_section(level=2, number="（一）")) == "报告提纲x.toml：（文件）：section：第一个标题须为一级（level = 1）"
    assert _outline().sections == []  # no sections: nothing to check


def test_a_field_gives_rows_once():
    twice = _refused(_section(block=[_text()]), _section("b", number="二、", block=[_text(label="另一栏")]))
    assert twice == "报告提纲x.toml：（文件）：section（b）：栏目“info”已在“a”中给出表中的行，第二处请写 rows = false"
    again = _outline(_section(block=[_text()]), _section("b", number="二、", block=[_text(rows=False)]))
    assert [(s.id, b.field) for s, b in again.text_fields()] == [("a", "info")]  # the second place gives no rows


def test_a_label_names_one_field():
    assert _refused(_section(block=[_text(), _text(field="other")])) == (
        "报告提纲x.toml：（文件）：section（a）：栏目名称“情况说明”已用于“info”，表中无法区分")


def test_a_slot_is_one_of_the_problem_slots():
    assert _refused(_section(block=[_text(slot="六")]), problem_slots=["五"], default_slot="五") == (
        "报告提纲x.toml：（文件）：section（a）：slot“六”不在 problem_slots 中")
    o = _outline(_section(block=[_text(slot="五")]), problem_slots=["五", "六"], default_slot="六")
    assert (o.problem_slots, o.default_slot) == (["五", "六"], "六")


def test_the_default_slot_is_one_of_the_problem_slots():
    assert _refused(_section(), problem_slots=["五", "六"], default_slot="七") == (
        "报告提纲x.toml：（文件）：default_slot：须为 problem_slots 之一")
    assert _refused(_section(), problem_slots=["五"]) == "报告提纲x.toml：（文件）：default_slot：须为 problem_slots 之一"


def test_empty_at_is_a_field_of_its_own_section():
    refused = _refused(_section(block=[_text()]), _section("b", number="二、", empty_at="info"))
    assert refused == "报告提纲x.toml：（文件）：section（b）：empty_at“info”不是本节的栏目"
    o = _outline(_section(empty_at="info", empty_hint="请填写情况", block=[_text()]))
    assert o.sections[0].empty_at == "info"


def test_a_field_only_without_rows_is_refused():
    assert _refused(_section(block=[_text(rows=False)])) == (
        "报告提纲x.toml：（文件）：栏目“info”只写了 rows = false，没有一处给出表中的行")


def test_instead_of_names_a_field_of_the_outline():
    value = {"kind": "value", "value": "narrative.apply_plan", "instead_of": "other"}
    assert _refused(_section(block=[_text(), value])) == (
        "报告提纲x.toml：（文件）：section（a）：instead_of“other”不是提纲中的栏目")
    assert _outline(_section(block=[_text(), {**value, "instead_of": "info"}])).value_blocks()[0][1].instead_of == "info"


def test_auto_sentences_go_to_a_section_of_the_outline():
    assert _refused(_section(), auto_sentences={"funds": "b"}) == (
        "报告提纲x.toml：（文件）：auto_sentences.funds：没有 id 为“b”的 section")
    assert _outline(_section(), auto_sentences={"analysis": "a"}).auto_sentences == {"analysis": "a"}


def test_every_error_is_named_at_once_with_its_key():
    refused = _refused(_section(block=[_text(field="A")]), _section("b", level=3, number="x"))
    assert refused == ("报告提纲x.toml：section[1]（a）.block[1]：field：应为英文小写字母、数字和下划线（如 process），现为“A”；"
                       "报告提纲x.toml：section[2]（b）.level：须不大于2，现为3")


def test_a_location_reads_as_the_toml_keys():
    data = {"section": [{"id": "a", "block": [{}, {"x": 1}]}, {"heading": "无 id"}]}
    assert O._loc(("section", 0, "block", 1, "field"), data) == "section[1]（a）.block[2].field"
    assert O._loc(("section", 1, "heading"), data) == "section[2].heading"  # a section without an id
    assert O._loc(("section", 5), data) == "section[6]"  # past the end: only the number
    assert O._loc(("section", 2, "id"), data) == "section[3].id"  # one past the last: only the number
    assert O._loc(("section", 0, "block", "x", "y"), data) == "section[1]（a）.block.x.y"  # a key of a list
    assert O._loc((0, "x"), [{"id": "s"}]) == "[1]（s）.x"  # a list at the top
    assert O._loc(("name",), data) == "name"
    assert O._loc((), data) == "（文件）"
    assert O._loc(("section", 0, "id"), {"section": {"0": 1}}) == "section[1].id"  # not a list: no id known


# ------------------------------------------------------------------ reading files


def test_a_file_is_read_with_its_name_in_messages_and_its_text_kept(tmp_path):
    path = tmp_path / "mine.toml"
    text = outline_toml("我的提纲", section("a", "一、", "情况"))
    path.write_text(text, encoding="utf-8")
    o = O.load_outline_file(path)
    assert (o.name, o.source, o.text) == ("我的提纲", str(path), text)
    assert O.load_outline(path).name == "我的提纲" and O.load_outline(str(path)).source == str(path)
    path.write_text('name = "我的提纲"\nempty = \n', encoding="utf-8")
    with pytest.raises(OutlineError, match=r"^报告提纲mine\.toml第2行第\d+列附近有语法错误（"):
        O.load_outline_file(path)


def test_an_outline_from_data_comes_from_its_origin_and_has_no_text():
    o = _outline(_section())
    assert (o.source, o.text) == ("x.toml", "")


def test_a_syntax_error_without_a_line_says_so():
    with pytest.raises(OutlineError) as info:
        O.outline_from_text('name = "甲"\nsection = [1\n', "甲.toml")  # the array never closes: no line to name
    assert str(info.value).startswith("报告提纲甲.toml有语法错误（")


def test_an_edited_file_is_read_again(tmp_path):
    import os

    path = tmp_path / "mine.toml"
    text = outline_toml("{}", section("a", "一、", "情况"))
    path.write_text(text.format("第一版"), encoding="utf-8")
    assert O.load_outline(path).name == "第一版"
    path.write_text(text.format("第二版"), encoding="utf-8")
    os.utime(path, (path.stat().st_atime, path.stat().st_mtime + 10))  # saved later
    assert O.load_outline(path).name == "第二版"


def test_files_are_read_as_utf8_whatever_the_machines_language(tmp_path):
    """A Chinese Windows reads text files as GBK unless told: the outline and profile files are UTF-8 and must
    read the same under any locale (here: a process whose locale encoding is ASCII)."""
    import os
    import subprocess
    import sys

    assert O.load_outline_file(O.available()["部门整体"]).name == "部门整体"
    assert "部门整体" in O.named_toml_files(O.OUTLINE_DIR)
    from xlperf.domain import profiles

    assert profiles.load_profile_file(profiles.available()["部门整体-河南2021"]).name == "部门整体-河南2021"
    env = {**os.environ, "LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0",
           "PYTHONIOENCODING": "ascii:backslashreplace"}
    names = ascii({"部门整体", "项目支出", "部门单位整体支出"})  # the command line itself is ASCII here
    code = ("import locale; assert locale.getpreferredencoding(False).lower() in ('ansi_x3.4-1968', 'ascii')\n"
            "from xlperf.domain.outlines import load_outline, named_toml_files, OUTLINE_DIR\n"
            "from xlperf.domain.profiles import load_profile\n"
            f"assert set(named_toml_files(OUTLINE_DIR)) == {names}\n"
            f"assert load_outline({ascii('部门整体')}).name == {ascii('部门整体')}\n"
            f"assert load_profile().name == {ascii('部门整体-河南2021')}\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).resolve().parents[1], env=env,
                          capture_output=True, text=True, encoding="ascii", errors="backslashreplace")
    assert done.returncode == 0, done.stderr


def test_a_file_that_cannot_be_read_is_named(tmp_path):
    with pytest.raises(OutlineError) as info:
        O.load_outline_file(tmp_path / "none.toml")
    assert str(info.value) == f"报告提纲文件无法读取：{tmp_path / 'none.toml'}"
    bad = tmp_path / "gbk.toml"
    bad.write_bytes("name = \"提纲\"".encode("gbk"))
    with pytest.raises(OutlineError, match="报告提纲文件无法读取"):
        O.load_outline_file(bad)


def test_from_text_and_from_data_keep_origin_source_and_text():
    text = outline_toml("甲", section("a", "一、", "情况"))
    o = O.outline_from_text(text, "甲.toml")
    assert (o.source, o.text) == ("甲.toml", text)
    assert O.outline_from_text(text, "甲.toml", source="/p/甲.toml").source == "/p/甲.toml"
    with pytest.raises(OutlineError) as info:
        O.outline_from_text('name = "甲"\nx = \n', "甲.toml")
    assert str(info.value).startswith("报告提纲甲.toml第2行第5列附近有语法错误（")


def test_files_are_found_by_the_name_they_declare(tmp_path):
    (tmp_path / "b.toml").write_text('name = "乙"\n', encoding="utf-8")
    (tmp_path / "a.toml").write_text('description = "没有名字"\n', encoding="utf-8")
    (tmp_path / "c.toml").write_text('name = \n', encoding="utf-8")  # does not parse: its stem
    (tmp_path / "d.txt").write_text('name = "丁"\n', encoding="utf-8")  # not a TOML file
    found = O.named_toml_files(tmp_path)
    assert found == {"a": tmp_path / "a.toml", "乙": tmp_path / "b.toml", "c": tmp_path / "c.toml"}
    assert list(found) == ["a", "乙", "c"]  # in file order


def test_shipped_outlines_by_name_and_the_default():
    assert set(O.available()) == {"部门整体", "项目支出", "部门单位整体支出"}
    O.available().clear()  # a copy: the shipped list stays
    assert "部门整体" in O.available()
    assert O.load_outline().name == O.load_outline("  ").name == O.load_outline(None).name == "部门整体"
    assert O.load_outline(" 项目支出 ").name == "项目支出"
    assert [o.name for o in O.all_outlines()] == list(O.available())


def test_an_unknown_outline_names_the_shipped_ones():
    with pytest.raises(OutlineError) as info:
        O.load_outline("没有")
    assert str(info.value) == "找不到报告提纲“没有”，可用：部门整体、项目支出、部门单位整体支出，或填写提纲文件路径"


# ------------------------------------------------------------------ which outline a report follows


class _Profile:
    def __init__(self, outline="", kind=""):
        self.outline, self.kind = outline, kind


def test_the_outline_of_a_profile():
    own = _outline(_section())
    assert O.outline_for(_Profile(own)) is own
    assert O.outline_for(_Profile("项目支出", "部门整体")).name == "项目支出"  # named wins over the kind
    assert O.outline_for(_Profile("", "项目支出")).name == "项目支出"  # the kind's outline
    assert O.outline_for(_Profile("", "别的")).name == "部门整体"  # an unknown kind: the default
    assert O.outline_for(object()).name == "部门整体"  # neither outline nor kind
    embedded = O.load_outline("部门单位整体支出").text
    assert O.outline_for(_Profile("项目支出"), embedded).name == "部门单位整体支出"  # the form's copy wins
    assert O.outline_for(_Profile("项目支出"), "  \n").name == "项目支出"  # a blank copy is none


def test_the_outline_of_a_form():
    embedded = O.load_outline("项目支出").text
    assert O.outline_of_form(embedded, 'outline = "部门整体"').name == "项目支出"  # the embedded copy wins
    assert O.outline_of_form("", 'outline = "部门单位整体支出"').name == "部门单位整体支出"
    own = ('[outline]\nname = "表内"\n[[outline.section]]\nid = "a"\nlevel = 1\nnumber = "一、"\nheading = "情况"\n')
    assert O.outline_of_form(" ", own).name == "表内"
    assert O.outline_of_form("", 'outline = "没有"\nkind = "项目支出"').name == "项目支出"  # unknown name: the kind's
    assert O.outline_of_form("", 'kind = "项目支出"').name == "项目支出"
    assert O.outline_of_form("", 'outline = 3\nkind = "别的"').name == "部门整体"
    assert O.outline_of_form("", "kind = ").name == "部门整体"  # rules that do not parse: the default
    assert O.outline_of_form("", "").name == "部门整体"
    with pytest.raises(OutlineError, match="^报告提纲表内保存的报告提纲："):
        O.outline_of_form("", '[outline]\nname = "表内"\n')  # an own outline without sections is refused


def test_an_embedded_copy_that_is_broken_is_named_as_the_forms():
    with pytest.raises(OutlineError, match="^报告提纲表内保存的报告提纲"):
        O.outline_for(_Profile(), 'name = "x"\nsection = 3\n')


def test_an_outline_without_text_cannot_be_embedded():
    assert O.outline_text(O.load_outline("项目支出")) == O.available()["项目支出"].read_text(encoding="utf-8")
    with pytest.raises(OutlineError) as info:
        O.outline_text(_outline(_section()).model_copy(update={"text": ""}))
    assert str(info.value) == "报告提纲“小提纲”没有文本，无法保存在工作簿中"


# ------------------------------------------------------------------ queries


def _tree():
    return _outline(
        _section("s1", 1, "一、", "基本情况", block=[_text("goals", "目标", sheet="基本情况")]),
        _section("s1_1", 2, "（一）", "职责", block=[_text("duties", "职责说明", sheet="基本情况")]),
        _section("s2", 1, "二、", "开展情况", block=[_text("process", "工作开展情况"),
                                                 {"kind": "value", "value": "budget.adjust_reason", "default": ""},
                                                 {"kind": "value", "value": "budget.adjust_reason", "default": "无调整。"},
                                                 {"kind": "value", "value": "budget.exec_reason", "default": "已执行。"}]),
        _section("s4", 1, "四．", "分析"),
        _section("s4_1", 2, "（一）", "资金", block=[_text("funds", "资金")]),
        _section("s4_2", 2, "（二）", "指标", form_label="四（二）自定", block=[{"kind": "analysis"},
                                                                         _text("funds", "资金", rows=False)]),
    )


def test_sections_their_children_and_parents():
    o = _tree()
    assert o.section("s4_1").heading == "资金" and o.section("s9") is None
    assert [s.id for s in o.children("s4")] == ["s4_1", "s4_2"]
    assert [s.id for s in o.children("s1")] == ["s1_1"]
    assert o.children("s2") == [] and o.children("s4_1") == []
    assert o.parent("s4_2").id == "s4" and o.parent("s1_1").id == "s1"
    assert o.parent("s2") is None and o.parent("s9") is None
    assert [s.id for s in o.top_level()] == ["s1", "s2", "s4"]
    assert o.headings() == {"s1": "一、基本情况", "s1_1": "（一）职责", "s2": "二、开展情况", "s4": "四．分析",
                            "s4_1": "（一）资金", "s4_2": "（二）指标"}


def test_form_labels_of_sections():
    o = _tree()
    assert o.form_label(o.section("s2")) == "二、开展情况"
    assert o.form_label(o.section("s4_1")) == "四（一）资金"  # the parent's number without “．”
    assert o.form_label(o.section("s1_1")) == "一（一）职责"
    assert o.form_label(o.section("s4_2")) == "四（二）自定"  # written in the outline
    assert O.analysis_prefix(o) == "四（二）"
    assert O.analysis_prefix(_outline(_section())) == ""  # no analysis block
    lone = _outline(_section("a", block=[{"kind": "analysis"}]))
    assert O.analysis_prefix(lone) == "一" and lone.analysis_section().id == "a"


def test_fields_values_and_their_defaults():
    o = _tree()
    assert [(s.id, b.field) for s, b in o.text_fields()] == [("s1", "goals"), ("s1_1", "duties"), ("s2", "process"),
                                                            ("s4_1", "funds")]
    assert [b.field for _, b in o.fields_on("基本情况")] == ["goals", "duties"]
    assert [b.field for _, b in o.fields_on("文字材料")] == ["process", "funds"]
    assert o.field_labels() == {"目标": "goals", "职责说明": "duties", "工作开展情况": "process", "资金": "funds"}
    assert [b.value for _, b in o.value_blocks()] == ["budget.adjust_reason", "budget.adjust_reason", "budget.exec_reason"]
    assert o.value_default("budget.adjust_reason") == "无调整。"  # the first with a wording
    assert o.value_default("budget.exec_reason") == "已执行。"
    assert o.value_default("narrative.apply_plan") == ""
    assert o.analysis_section().id == "s4_2"
    assert [b.kind for b in o.section("s4_2").text_blocks()] == ["text"]
    assert o.section("s4_2").title == "（二）指标"


def test_labels_over_every_shipped_outline():
    labels = O.known_labels()
    # 部门整体 first (its file sorts first), then 项目支出's and 部门单位整体支出's own 栏目
    assert labels["部门年度履职目标"] == "duty_goals" and labels["履职总体目标"] == "duty_goals"
    assert labels["存在的主要问题"] == "problems" and labels["存在的问题"] == "problems"
    assert labels["履职效果情况"] == "effects"
    assert O.label_of("duty_goals") == "部门年度履职目标"  # the first outline's 栏目
    assert O.label_of("effects") == "履职效果情况"
    assert O.label_of("no_such_field") == "no_such_field"


def test_the_default_outline_of_each_kind():
    assert O.DEFAULT_BY_KIND == {"部门整体": "部门整体", "项目支出": "项目支出"} and O.DEFAULT_OUTLINE == "部门整体"
    assert Path(O.OUTLINE_DIR).name == "outlines"
