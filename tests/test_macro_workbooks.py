"""The committed macro workbooks in workbooks/ are what a fresh build makes from their .xlsx twins."""

import zipfile
from pathlib import Path

import re

import openpyxl
import pytest
from pyopenvba import ExcelFile, check_file

from xlperf.macro import build_twins
from xlperf.macro.xlsm import build_xlsm
from xlperf.workbook.build import build_all

WORKBOOKS = Path(__file__).resolve().parent.parent / "workbooks"
NAMES = ["xlperf-form", "example-2021"]
VBA = "xl/vbaProject.bin"


def parts(path):
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def project(path):
    with ExcelFile(path) as wb:
        return ({n: wb.get_module(n) for n in wb.module_names()},
                [(r.name, r.libid) for r in wb.references()])


@pytest.mark.parametrize("name", NAMES)
def test_committed_xlsm_equals_a_fresh_build(name, tmp_path):
    xlsx, xlsm = WORKBOOKS / f"{name}.xlsx", WORKBOOKS / f"{name}.xlsm"
    assert xlsx.is_file() and xlsm.is_file(), f"缺少 {xlsx.name} 或 {xlsm.name}：请运行 xlperf build"
    fresh = build_xlsm(xlsx, tmp_path / xlsm.name)
    old, new = parts(xlsm), parts(fresh)
    assert sorted(old) == sorted(new)
    for part in old:
        if part != VBA:
            assert old[part] == new[part], f"{xlsm.name}:{part} 与重新生成的不同，请运行 xlperf build"
    assert project(xlsm) == project(fresh), f"{xlsm.name} 的 VBA 与重新生成的不同，请运行 xlperf build"


@pytest.mark.parametrize("name", NAMES)
def test_libreoffice_opens_committed_xlsm_with_its_vba(name, tmp_path):
    from xlperf.infra.office import convert

    xlsm = WORKBOOKS / f"{name}.xlsm"
    assert xlsm.is_file(), f"缺少 {xlsm.name}：请运行 xlperf build"
    with zipfile.ZipFile(convert(xlsm, "ods", tmp_path)) as zf:
        listed = {n.split("/")[2][:-4] for n in zf.namelist()
                  if n.startswith("Basic/VBAProject/") and not n.endswith("script-lb.xml")}
    assert {"xlwings", "Dictionary", "xlperf_udfs", "xlperf_python", "xlperf_ribbon", "xlperf_register",
            "ThisWorkbook"} <= listed
    assert listed == set(project(xlsm)[0])


@pytest.fixture(scope="module")
def fresh_twins(tmp_path_factory):
    xlsx = build_all(tmp_path_factory.mktemp("wb"))
    return list(zip(xlsx, build_twins(xlsx)))


def test_real_workbooks_twins_hold_same_sheets_cells_and_names(fresh_twins):
    for xlsx, xlsm in fresh_twins:
        a, b = openpyxl.load_workbook(xlsx), openpyxl.load_workbook(xlsm)
        assert a.sheetnames == b.sheetnames
        for wa, wb_ in zip(a, b):
            assert [[c.value for c in r] for r in wa.iter_rows()] == [[c.value for c in r] for r in wb_.iter_rows()]
        assert {n: d.attr_text for n, d in a.defined_names.items()} == \
            {n: d.attr_text for n, d in b.defined_names.items()}


def test_real_workbooks_have_a_wrapper_for_every_function_they_use(fresh_twins):
    for _, xlsm in fresh_twins:
        wb = openpyxl.load_workbook(xlsm)
        used = {m for ws in wb for row in ws.iter_rows() for c in row if isinstance(c.value, str)
                for m in re.findall(r"\b(PERF_[A-Z_]+)\s*\(", c.value)}
        assert used, xlsm.name
        udfs = project(xlsm)[0]["xlperf_udfs"]
        assert {u for u in used if f"Function {u}(" not in udfs} == set()
        assert check_file(xlsm).ok
