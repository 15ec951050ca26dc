"""scripts/windows-smoke-test.ps1 (run on a Windows PC with Excel): what it covers and that the files, macros
and settings it names exist, so it cannot drift from what is shipped."""

import re
from pathlib import Path

from xlperf.infra.wininstall import INTERPRETER_SETTING

ROOT = Path(__file__).resolve().parent.parent
SMOKE = ROOT / "scripts" / "windows-smoke-test.ps1"
TEXT = SMOKE.read_text(encoding="utf-8-sig")
BAS = (ROOT / "xlperf" / "vba" / "xlperf_ribbon.bas").read_text(encoding="ascii")


def _var(name: str) -> str:
    return re.search(rf"^\${name}\s*=\s*'([^']*)'", TEXT, re.M).group(1)


def test_uses_the_workbook_as_shipped():
    # no setting is written into the copies: the shipped Interpreter_Win is what is being tested
    assert not re.search(r"\.Value2\s*=\s*\$Interpreter|Cells\.Item\([^)]*\)\.Value2\s*=", TEXT)
    assert "param(" in TEXT and "$Interpreter" not in TEXT
    assert _var("ShippedInterpreter") == INTERPRETER_SETTING
    assert "ExpandEnvironmentVariables($setting)" in TEXT


def test_covers_auto_open_the_blank_form_and_the_addin():
    assert "RunAutoMacros($XlAutoOpen)" in TEXT and re.search(r"^\$XlAutoOpen = 1$", TEXT, re.M)
    for rel in ("WorkbookRel", "PlainRel", "FormRel", "AddinRel"):
        assert (ROOT / _var(rel).replace("\\", "/")).is_file(), rel
    assert _var("FormRel").endswith("xlperf-form.xlsm") and _var("AddinRel").endswith(".xlam")
    assert "$excel.AddIns.Add($addinCopy, $false)" in TEXT and "$addin.Installed = $true" in TEXT
    assert "$addin.Installed = $false" in TEXT  # leaves Excel as it found it
    module, sub = _var("ValidateMacro").split(".")
    assert f'Attribute VB_Name = "{module}"' in BAS and re.search(rf"Sub {sub}\(control As IRibbonControl\)", BAS)
    assert _var("ResultSheet") == "校验结果"
    assert "'xlperf.xlam'!$Macro" in TEXT


def test_reports_bitness_locale_and_writes_a_json_result():
    for key in ("excel_bits", "windows_64bit", "system_locale", "ansi_code_page", "excel_version"):
        assert f"Note '{key}'" in TEXT, key
    assert "ConvertTo-Json" in TEXT and "xlperf-smoke-result.json" in TEXT
    assert "UTF8Encoding($false)" in TEXT  # JSON without a BOM
    assert TEXT.count("Report-Step") > 10
