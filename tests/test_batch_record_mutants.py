"""The batch record (xlperf/batch/record.py) judged function by function with hand-made records — fast tests for
`make mutate` (issue 19): the record's copies, its JSON (the manifest's format 2 keys), and the JSON answer that
``xlperf check --json`` and ``xlperf serve``'s /api/submit print (README “API”: status 成功/有警告/填报有误/无法读取,
total a number or null, grade or null — no total or grade when there are errors — and problems as
``{"level", "where", "item", "message"}``).
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from types import SimpleNamespace

import pytest

from xlperf.batch.record import (Level, Line, Record, Status, Verdict, answer_word, check_answer, json_number,
                                 problem_json, unreadable_answer)
from xlperf.domain.problems import Problem

WARN_LINE = Line("指标评分!H12", "偏差原因", "请说明偏差原因", "警告")
ERROR_LINE = Line("基本情况!B3", "单位名称", "缺少此项", "错误")


def _full() -> Record:
    return Record(file="二科室/甲局.xlsx", unit="甲局", year=2024, unit_at="基本情况!B3", year_at="基本情况!B4",
                  profile="default", kind="部门整体", total="91.5", grade="优", grades=["优", "良", "中", "差"],
                  levels=[Level("决策", "20", "18")], core=[Level("预算执行率", "10", None)],
                  rates={"执行率_年初": "0.95", "执行率_调整": None}, prev_total="88", problems=[WARN_LINE],
                  errors=0, warnings=1, status=Status.WARN, reason="有1条提示，见问题清单",
                  outputs=["/tmp/s/report.docx"], reports=["甲局2024年度.docx"])


# ------------------------------------------------------------------ the status words


def test_a_status_prints_as_its_word():
    assert [str(s) for s in Status] == ["成功", "有警告", "填报有误", "无法读取", "失败"]
    assert f"{Status.INVALID}" == "填报有误"


def test_a_new_record_is_a_failure_with_nothing_in_it():
    rec = Record("a.xlsx")
    assert (rec.unit, rec.year, rec.unit_at, rec.year_at, rec.profile, rec.kind, rec.total, rec.grade) == \
        ("", None, "", "", "", "", None, "")
    assert (rec.grades, rec.levels, rec.core, rec.rates, rec.prev_total, rec.problems) == ([], [], [], {}, None, [])
    assert (rec.errors, rec.warnings, rec.status, rec.reason, rec.outputs, rec.reports, rec.worker) == \
        (0, 0, Status.FAILED, "", [], [], None)


# ------------------------------------------------------------------ verdict and copy: lists of their own


def test_the_verdict_keeps_the_workers_words_and_its_own_list_of_problems():
    rec = _full()
    v = rec.verdict()
    assert v == Verdict(Status.WARN, "有1条提示，见问题清单", [WARN_LINE], 1)
    rec.problems.append(ERROR_LINE)  # a later name conflict adds a line to the record, not to the verdict
    assert v.problems == [WARN_LINE]


def test_a_copy_has_its_own_problems_outputs_and_reports():
    rec = _full()
    twin = rec.copy()
    assert twin == rec and twin is not rec
    twin.problems.append(ERROR_LINE)
    twin.outputs.append("/tmp/s/report.md")
    twin.reports.append("甲局2024年度.md")
    assert rec.problems == [WARN_LINE]
    assert rec.outputs == ["/tmp/s/report.docx"] and rec.reports == ["甲局2024年度.docx"]


# ------------------------------------------------------------------ JSON (the manifest)


def test_to_json_writes_every_key_in_plain_types():
    assert _full().to_json() == {
        "file": "二科室/甲局.xlsx", "unit": "甲局", "year": 2024, "unit_at": "基本情况!B3", "year_at": "基本情况!B4",
        "profile": "default", "kind": "部门整体", "total": "91.5", "grade": "优", "grades": ["优", "良", "中", "差"],
        "levels": [["决策", "20", "18"]], "core": [["预算执行率", "10", None]],
        "rates": {"执行率_年初": "0.95", "执行率_调整": None}, "prev_total": "88",
        "problems": [["指标评分!H12", "偏差原因", "请说明偏差原因", "警告"]], "errors": 0, "warnings": 1,
        "status": "有警告", "reason": "有1条提示，见问题清单", "outputs": ["/tmp/s/report.docx"],
        "reports": ["甲局2024年度.docx"]}  # no "worker": the worker's own verdict is not set


def test_to_json_writes_the_workers_verdict_when_there_is_one():
    rec = _full()
    rec.worker = Verdict(Status.OK, "", [ERROR_LINE], 2)
    data = rec.to_json()
    assert data["worker"] == {"status": "成功", "reason": "",
                              "problems": [["基本情况!B3", "单位名称", "缺少此项", "错误"]], "warnings": 2}
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data  # plain JSON: no enum, no tuple left


def test_from_json_reads_back_what_to_json_wrote():
    rec = _full()
    rec.worker = Verdict(Status.OK, "原因", [ERROR_LINE], 2)
    again = Record.from_json(json.loads(json.dumps(rec.to_json(), ensure_ascii=False)))
    assert again == rec
    assert type(again.levels[0]) is Level and type(again.core[0]) is Level and type(again.problems[0]) is Line
    assert type(again.worker.problems[0]) is Line and again.worker.status is Status.OK


def test_from_json_of_an_old_record_fills_what_it_lacks_and_ignores_unknown_keys():
    rec = Record.from_json({"file": "a.xlsx", "levels": None, "core": None, "problems": None, "旧键": 1})
    assert rec == Record("a.xlsx")  # status 失败, empty lists, no worker
    assert Record.from_json({"file": "b.xlsx", "status": "成功"}).status is Status.OK


def test_from_json_refuses_a_status_that_is_no_status_word():
    with pytest.raises(ValueError):
        Record.from_json({"file": "a.xlsx", "status": "已通过"})


# ------------------------------------------------------------------ the JSON answer (check --json, /api/submit)


def test_problem_json_names_level_where_item_and_message():
    assert problem_json("指标评分!M9", "得分", "超过分值", "错误") == \
        {"level": "错误", "where": "指标评分!M9", "item": "得分", "message": "超过分值"}


@pytest.mark.parametrize("value, number", [
    (None, None), ("", None), ("91", 91), ("91.00", 91), (D("91.5"), 91.5), ("0", 0), ("-3.25", -3.25), (88, 88)])
def test_json_number_is_an_integer_when_whole(value, number):
    got = json_number(value)
    assert got == number and type(got) is type(number)


def test_the_answer_word_of_a_failed_worker_is_unreadable_the_others_their_own():
    assert [answer_word(s) for s in Status] == ["成功", "有警告", "填报有误", "无法读取", "无法读取"]


def _checked(total, grade, problems, result=True):
    res = SimpleNamespace(total=total, grade=grade) if result else None
    return SimpleNamespace(result=res, problems=problems,
                           errors=[p for p in problems if p.severity == "错误"])


def test_check_answer_of_a_clean_form_is_a_success_with_total_and_grade():
    assert check_answer(_checked(D("91.00"), "优", [])) == {"status": "成功", "total": 91, "grade": "优",
                                                          "problems": []}


def test_check_answer_with_warnings_has_the_total_and_lists_them():
    warn = Problem("文字材料!B7", "文字材料", "本段像是填写说明", "警告")
    assert check_answer(_checked(D("88.5"), "良", [warn])) == {
        "status": "有警告", "total": 88.5, "grade": "良",
        "problems": [{"level": "警告", "where": "文字材料!B7", "item": "文字材料", "message": "本段像是填写说明"}]}


def test_check_answer_with_an_error_gives_no_total_or_grade():
    err = Problem("指标评分!H11", "实际完成值", "应为数字", "错误")
    warn = Problem("文字材料!B7", "文字材料", "本段像是填写说明", "警告")
    assert check_answer(_checked(D("91"), "优", [err, warn])) == {
        "status": "填报有误", "total": None, "grade": None,
        "problems": [{"level": "错误", "where": "指标评分!H11", "item": "实际完成值", "message": "应为数字"},
                     {"level": "警告", "where": "文字材料!B7", "item": "文字材料", "message": "本段像是填写说明"}]}


def test_check_answer_of_a_form_that_could_not_be_scored_is_invalid():
    assert check_answer(_checked(None, None, [], result=False)) == {"status": "填报有误", "total": None,
                                                                   "grade": None, "problems": []}


def test_unreadable_answer_is_one_error_with_the_message():
    assert unreadable_answer("文件已损坏") == {"status": "无法读取", "total": None, "grade": None,
                                            "problems": [{"level": "错误", "where": "", "item": "",
                                                          "message": "文件已损坏"}]}
