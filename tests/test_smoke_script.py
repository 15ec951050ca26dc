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
    assert len(re.findall(r"^\s*(?:\[void\]\(|if \()?Invoke-Step ", TEXT, re.M)) > 10  # each step reported


# --------------------------------------------------------------------------- issue 22: order, time limits, passes

LINES = TEXT.splitlines()


def _blocks():
    """(start line, end line, opening line) of every { … } block, by brace matching outside strings/comments."""
    stack, found = [], []
    for n, line in enumerate(LINES):
        code = re.sub(r"'[^']*'|\"(?:[^\"`]|`.)*\"|#.*$", "", line)  # strings and comments hold no braces we count
        for ch in code:
            if ch == "{":
                stack.append(n)
            elif ch == "}":
                start = stack.pop()
                found.append((start, n, LINES[start]))
    assert not stack
    return found


BLOCKS = _blocks()
STEP = re.compile(r"Invoke-Step (?:'[^']*'|\"[^\"]*\") (\S+|\([^)]*\)) \{")
CODE = TEXT[TEXT.index("#>"):]  # after the help comment
FUNCTION = re.compile(r"^function ([\w-]+)")


def _seconds(expr: str) -> int:
    total = 0
    for term in expr.strip("()").split("+"):
        term = term.strip()
        total += int(term) if term.isdigit() else int(re.search(rf"^\{term}\s*=\s*(\d+)\s*$", TEXT, re.M).group(1))
    return total


def _enclosing(n: int):
    return [(s, e, head) for s, e, head in BLOCKS if s <= n <= e]


def _condition(block):
    """For the body of ``if (Invoke-Step … { … }) {``: the step's own block (it closes where the body opens)."""
    s, _, _ = block
    return next((b for b in BLOCKS if b[1] == s and b[0] < s and STEP.search(b[2])), None)


def test_every_step_has_a_time_limit():
    steps = [(s, STEP.search(head)) for s, _, head in BLOCKS if STEP.search(head)]
    assert len(steps) > 10
    for _, m in steps:
        assert 0 < _seconds(m.group(1)) <= 600, m.group(0)


COM = re.compile(r"\$(?:excel|wb|plain|form|addin|scratch|x|ws|cell|cells|c|b|Workbook)\.\w|New-Object -ComObject")


def test_every_excel_call_runs_under_a_time_limit():
    """A COM call outside a step could wait for ever on a dialog: each one is in an Invoke-Step body, or in a
    helper only called from step bodies, or in Stop-Excel, which has its own watchdog."""
    helpers = {}
    for s, e, head in BLOCKS:
        m = FUNCTION.match(head)
        if m:
            helpers[m.group(1)] = (s, e)
    assert "Start-Watchdog" in "\n".join(LINES[helpers["Stop-Excel"][0]:helpers["Stop-Excel"][1]])

    def in_step(n):
        return any(STEP.search(head) for _, _, head in _enclosing(n))

    checked = 0
    for n, line in enumerate(LINES):
        code = re.sub(r"#.*$", "", line)
        if not COM.search(code) or line.lstrip().startswith(("#", "<#")):
            continue
        checked += 1
        if in_step(n):
            continue
        owner = next(name for name, (s, e) in helpers.items() if s <= n <= e)
        if owner == "Stop-Excel":
            continue
        calls = [i for i, other in enumerate(LINES) if re.search(rf"\b{owner}\b", other) and not FUNCTION.match(other)]
        assert calls and all(in_step(i) for i in calls), (owner, line)
    assert checked > 20


def test_a_workbook_is_open_before_addins_add():
    """Excel 16 often refuses AddIns.Add with no workbook open: the add-in step sits inside the step that
    opened the plain workbook, and nothing closes that workbook before it."""
    (add,) = [n for n, line in enumerate(LINES) if "AddIns.Add(" in line]
    conditions = [_condition(b) for b in _enclosing(add)]
    opened = [c for c in conditions if c and "Workbooks.Open((Copy-ToWork $PlainRel))" in
              "\n".join(LINES[c[0]:c[1] + 1])]
    assert opened, "AddIns.Add is not inside the step that opens the workbook"
    open_line = next(n for n in range(opened[-1][0], add) if "Workbooks.Open((Copy-ToWork $PlainRel))" in LINES[n])
    assert not any(".Close(" in LINES[n] for n in range(open_line, add))


def test_excel_is_visible_and_no_error_is_swallowed():
    assert "[switch]$Hidden" not in TEXT and "$x.Visible = $true" in TEXT
    assert not re.search(r"catch\s*\{\s*\}", TEXT)


def test_second_pass_takes_the_clerks_path():
    from xlperf.workbook import layout as L
    from xlperf.workbook.formulas import PYTHON_STATUS_FUNCTION

    assert re.search(r"\[void\]\(Start-Excel 2\)", TEXT)  # msoAutomationSecurityByUI: the Trust Center decides
    assert CODE.count("$x.AutomationSecurity = $Security") == 1 and CODE.count("AutomationSecurity =") == 1
    assert "-Stream Zone.Identifier" in TEXT and "ZoneId=3" in TEXT  # Mark-of-the-Web: from the Internet
    for key in ("clerk_protected_view_windows", "clerk_macros", "clerk_status"):
        assert f"Note '{key}'" in TEXT
    assert _var("StatusFunction") == PYTHON_STATUS_FUNCTION and _var("SummarySheet") == L.S_SUMMARY


def test_missing_python_pass_renames_the_venv_back_and_expects_the_chinese_status():
    from xlperf.macro import offline

    assert "Rename-Item -LiteralPath $venv" in TEXT and "Rename-Item -LiteralPath $away" in TEXT
    restore = TEXT.index("Rename-Item -LiteralPath $away")
    assert TEXT.rindex("} finally {", 0, restore) > TEXT.index("Rename-Item -LiteralPath $venv")
    # the sentence the VBA shows when the interpreter file is missing starts so
    shown = offline.TEXTS["Status"].replace("%1", offline.TEXTS["Missing"].replace("%1", ""))
    assert shown.startswith(_var("MissingStatus")) and _var("MissingStatus").startswith(_var("NoPython"))
    assert _var("RememberedKey").replace("HKCU:", "HKCU") + "\\" == offline.REG_KEY
    assert "Forget-Remembered" in TEXT[restore:]
