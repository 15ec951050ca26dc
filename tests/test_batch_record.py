"""The batch record is typed (xlperf/batch/record.py): the five status words are declared there and nowhere
else, and the manifest keeps format 2 — a manifest written before the typed record is read and reused."""

import ast
import json
from pathlib import Path

from xlperf.batch.manifest import FORMAT_VERSION, MANIFEST_NAME
from xlperf.batch.record import Record, Status
from xlperf.batch.run import run_batch
from report_helpers import department_data

ROOT = Path(__file__).resolve().parent.parent
#: README “财政局批量处理”: 成功、有警告（已生成报告）、填报有误、无法读取、失败
WORDS = ("成功", "有警告", "填报有误", "无法读取", "失败")
#: the keys every record of manifest format 2 had before the record was typed (batch/worker.py new_record and
#: _fill, batch/run.py _set_display)
FORMAT_2_KEYS = {"file", "unit", "year", "profile", "total", "grade", "levels", "rates", "problems", "errors",
                 "warnings", "status", "reason", "reports", "prev_total", "grades", "core", "worker"}


def test_status_words_in_readme_order():
    assert [s.value for s in Status] == list(WORDS)
    assert [s for s in Status if s.has_report] == [Status.OK, Status.WARN]


def test_no_other_module_spells_a_status_word():
    found = []
    for path in sorted((ROOT / "xlperf").rglob("*.py")):
        if path.name == "record.py" and path.parent.name == "batch":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and node.value in WORDS:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value}")
    assert found == []


def _stub(ev, prof, result, problems, formats, stem):
    out = Path(f"{stem}.md")
    out.write_text(f"# {ev.unit}\n", encoding="utf-8")
    return [out], []


def test_a_manifest_written_before_the_typed_record_is_reused(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for unit in ("甲局", "乙局"):
        data = department_data()
        data["unit"] = unit
        (src / f"{unit}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    first = run_batch(src, out, jobs=1, renderer=_stub, suffixes=(".json",))
    assert first.processed == 2 and {r.status for r in first.records} == {Status.OK}
    manifest = out / MANIFEST_NAME
    data = json.loads(manifest.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT_VERSION == 2
    for entry in data["entries"].values():
        # "kind" (the outline, for the 汇总表's title) and "unit_at"/"year_at" (the cells, for xlperf serve's
        # refusals) came after format 2: an older record lacks them
        assert set(entry["record"]) - {"outputs", "kind", "unit_at", "year_at"} == FORMAT_2_KEYS
        assert entry["record"]["kind"] == "部门整体"
        del entry["record"]["outputs"]  # what the dict record stored: no "outputs" key
        del entry["record"]["kind"]
    manifest.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    second = run_batch(src, out, jobs=1, renderer=_stub, suffixes=(".json",))
    assert second.processed == 0 and second.skipped == 2
    assert [(r.file, r.status, r.total, r.reports) for r in second.records] == \
        [(r.file, r.status, r.total, r.reports) for r in first.records]


def test_a_record_round_trips_through_json():
    rec = Record.from_json({"file": "a.xlsx", "status": "有警告", "levels": [["预算执行", "10", "3"]],
                            "problems": [["指标评分!H12", "偏差原因", "请说明", "警告"]], "warnings": 1,
                            "worker": {"status": "成功", "reason": "", "problems": [], "warnings": 0}})
    assert rec.status is Status.WARN and rec.levels[0].score == "3" and rec.problems[0].where == "指标评分!H12"
    assert rec.worker.status is Status.OK
    again = Record.from_json(json.loads(json.dumps(rec.to_json(), ensure_ascii=False)))
    assert again == rec


def test_the_summarys_rate_columns_are_labelled_as_the_form_labels_them():
    """汇总's two rate columns take their labels from the one table of derived figures (xlperf.domain.evaluate.FACTS),
    the labels the 预算资金 sheet prints next to the same figures."""
    from xlperf.batch.summary import RATE_LABELS
    from xlperf.domain.evaluate import FACTS

    assert RATE_LABELS == {"执行率_年初": "预算执行率（年初预算）", "执行率_调整": "预算执行率（调整预算）"}
    assert [f.key for f in FACTS][:3] == ["执行率", "执行率_年初", "执行率_调整"]
