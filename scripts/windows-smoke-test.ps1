<#
.SYNOPSIS
  xlperf 的 Windows 冒烟测试：用真正的 Excel 打开发布的工作簿和加载项，逐项检查，输出 PASS/FAIL 和一个 JSON 结果文件。

.DESCRIPTION
  只需要：Windows + Microsoft Excel + 用 install.bat 装好的 xlperf。在 xlperf 源代码目录（或拷贝出的同样结构的文件夹）中运行：

      powershell -ExecutionPolicy Bypass -File scripts\windows-smoke-test.ps1

  工作簿按发布时的样子使用，不写入任何设置：Python 解释器来自工作簿 xlwings.conf 表中的
  Interpreter_Win（%LOCALAPPDATA%\xlperf\venv\Scripts\pythonw.exe），这正是要检查的。
  所有文件先复制到临时文件夹，原文件不动。

  每一步都有时限（Invoke-Step 的秒数）：超时时一个看门狗结束 Excel 进程，该步记为失败并写明原因
  （多半是一个对话框，如 xlwings 的错误框，挡住了 Excel），后面的步骤用新的 Excel 继续。
  Excel 始终可见，对话框不会藏起来。每一步的错误都写进结果。

  第一遍（自动化，宏直接运行，AutomationSecurity = 1）：
    0. 环境：Excel 版本和位数（32/64 位）、Windows 位数、系统区域和 ANSI 代码页、工作簿中的 Interpreter_Win
       展开后的路径及其中的 pythonw.exe 和 xlwings DLL 是否存在
    1. example-2021.xlsm 的功能区部件 customUI/customUI14.xml 含「绩效自评」选项卡（直接读压缩包）
    2. 用 COM 打开 example-2021.xlsm 的副本，RunAutoMacros(xlAutoOpen) 运行 Auto_Open（函数向导说明）
    3. 临时单元格 =PERF_GRADE(91) 显示「优」（Python 函数可用），总评上没有「未连接到 Python」
    4. 全部重算后，名称「总分」= 91、「等级」= 优
    5. 运行「生成报告」按钮的宏（xlperf_ribbon.OnGenerateReport），临时文件夹中生成 .docx 报告
    6. 打开空白填报表 xlperf-form.xlsm 的副本，运行「校验」按钮的宏：出现「校验结果」工作表并列出错误
    7. 先打开不带宏的 example-2021.xlsx 副本，再用 AddIns.Add 加载 xlperf.xlam（副本；Excel 16 没有打开的
       工作簿时 AddIns.Add 常常失败）：=PERF_GRADE(91) 为「优」，加载项的「生成报告」按钮宏生成 .docx；结束时卸载加载项
  第二遍（财务人员的路径）：example-2021.xlsm 的副本带上「来自网络」标记（Mark-of-the-Web），Excel 用信任中心的
    设置（AutomationSecurity = 2，不放行宏）打开它：记录是否进入受保护的视图、宏是否运行、总评上的提示，
    并检查总分/等级仍是 91/优（内置公式）。这就是从邮件或网页拿到文件的财务人员看到的样子。
  第三遍（没有 Python）：把 %LOCALAPPDATA%\xlperf\venv 临时改名，打开 example-2021.xlsm 的副本（宏运行）：
    总分/等级仍是 91/优（内置公式），PERF_ 单元格没有英文错误文字，总评显示「未连接到 Python（找不到 …」；
    结束后改回原名并清除工作簿记住的失败（HKCU\Software\xlperf\Excel）。
  运行时在工作簿中加入名称 XLPERF_UNATTENDED，xlperf 不弹对话框（消息写入 %LOCALAPPDATA%\xlperf\xlperf.log）。
  结果文件（-Result，缺省为当前文件夹的 xlperf-smoke-result.json）可以附在问题报告中。
  退出码 = 失败的步骤数（0 = 全部通过）。

  本文件须保存为 UTF-8 带 BOM（Windows PowerShell 5.1 据此识别中文）。
#>
param(
    [string]$Root = (Split-Path -Parent $PSScriptRoot),
    [string]$Result = (Join-Path (Get-Location) 'xlperf-smoke-result.json'),
    [switch]$SkipMissingPython
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

# names this script relies on (tests/test_excel_actions.py and tests/test_smoke_script.py check them)
$WorkbookRel = 'workbooks\example-2021.xlsm'
$PlainRel = 'workbooks\example-2021.xlsx'
$FormRel = 'workbooks\xlperf-form.xlsm'
$AddinRel = 'workbooks\xlperf.xlam'
$Macro = 'xlperf_ribbon.OnGenerateReport'
$ValidateMacro = 'xlperf_ribbon.OnValidate'
$PythonCommand = 'import xlperf.excel; xlperf.excel.generate_report()'
$TotalName = '总分'
$GradeName = '等级'
$ExpectedTotal = 91
$ExpectedGrade = '优'
$RibbonPart = 'customUI/customUI14.xml'
$RibbonTab = 'label="绩效自评"'
$ResultSheet = '校验结果'
$ConfSheet = 'xlwings.conf'
$SummarySheet = '总评'
$StatusFunction = 'PYTHON_STATUS'
$NoPython = '未连接到 Python'
$MissingStatus = '未连接到 Python（找不到 '
$RememberedKey = 'HKCU:\Software\xlperf\Excel'
$XlAutoOpen = 1
$ShippedInterpreter = '%LOCALAPPDATA%\xlperf\venv\Scripts\pythonw.exe'
# seconds each kind of step may take before the watchdog ends Excel
$OpenSeconds = 120
$CalcSeconds = 180
$MacroSeconds = 300
$QuitSeconds = 30

$script:Failures = 0
$script:Steps = New-Object System.Collections.ArrayList
$script:Info = [ordered]@{}
$script:excel = $null
$script:excelPid = $null

function Report-Step([string]$Name, [bool]$Ok, [string]$Detail = '') {
    [void]$script:Steps.Add([ordered]@{ name = $Name; ok = $Ok; detail = $Detail })
    if ($Ok) {
        Write-Host ("PASS  {0}  {1}" -f $Name, $Detail) -ForegroundColor Green
    } else {
        $script:Failures += 1
        Write-Host ("FAIL  {0}  {1}" -f $Name, $Detail) -ForegroundColor Red
    }
}

function Note([string]$Key, $Value) {
    $script:Info[$Key] = $Value
    Write-Host ("INFO  {0} = {1}" -f $Key, $Value)
}

Add-Type -Namespace XlPerfSmoke -Name Win -MemberDefinition @'
[DllImport("user32.dll")] public static extern uint GetWindowThreadProcessId(System.IntPtr hWnd, out uint processId);
'@

# The watchdog: a background job that ends Excel when a step takes longer than its time. A COM call blocked by
# a dialog box (xlwings' MsgBox, a "save changes?" prompt) then fails instead of waiting for ever.
function Start-Watchdog([int]$Seconds) {
    if ($null -eq $script:excelPid) { return $null }
    return Start-Job -ArgumentList $script:excelPid, $Seconds -ScriptBlock {
        param($id, $limit)
        Start-Sleep -Seconds $limit
        Stop-Process -Id $id -Force -ErrorAction SilentlyContinue
        'killed'
    }
}

function Stop-Watchdog($Job) {
    if ($null -eq $Job) { return $false }
    Stop-Job -Job $Job
    $out = @(Receive-Job -Job $Job)
    Remove-Job -Job $Job -Force
    return ($out -contains 'killed')
}

# One step: its body returns @($ok, $detail); any error, and running out of time, is a FAIL with the reason.
function Invoke-Step([string]$Name, [int]$TimeoutSeconds, [scriptblock]$Body) {
    $dog = Start-Watchdog $TimeoutSeconds
    $outcome = $null
    $problem = $null
    try {
        $outcome = @(& $Body)
    } catch {
        $problem = "{0}: {1}" -f $_.Exception.GetType().Name, $_.Exception.Message
    }
    if (Stop-Watchdog $dog) {
        Report-Step $Name $false "超过 $TimeoutSeconds 秒，Excel 已被结束（多半有对话框挡住了 Excel，如 xlwings 的错误框）。$problem"
        $script:excel = $null
        $script:excelPid = $null
        return $false
    }
    if ($null -ne $problem) {
        Report-Step $Name $false $problem
        return $false
    }
    $ok = [bool]$outcome[-2]
    Report-Step $Name $ok ([string]$outcome[-1])
    return $ok
}

function Read-ZipEntry([string]$Path, [string]$Entry) {
    Add-Type -AssemblyName System.IO.Compression.FileSystem
    $zip = [System.IO.Compression.ZipFile]::OpenRead($Path)
    try {
        $item = $zip.Entries | Where-Object { $_.FullName -eq $Entry } | Select-Object -First 1
        if ($null -eq $item) { return $null }
        $reader = New-Object System.IO.StreamReader($item.Open(), [System.Text.Encoding]::UTF8)
        try { return $reader.ReadToEnd() } finally { $reader.Dispose() }
    } finally {
        $zip.Dispose()
    }
}

function Read-Name($Workbook, [string]$Name) {
    return $Workbook.Names.Item($Name).RefersToRange.Value2
}

# The sentence in the status cell of 总评 (the cell whose formula calls PYTHON_STATUS); '' when it is blank.
function Read-Status($Workbook) {
    $ws = $Workbook.Worksheets.Item($SummarySheet)
    for ($r = 1; $r -le 60; $r++) {
        $cell = $ws.Range("A$r")
        if ([string]$cell.Formula -like "*$StatusFunction*") { return [string]$cell.Text }
    }
    throw "总评上找不到 $StatusFunction 公式"
}

# PERF_ cells whose value is text that is not a result (an English error message in a cell)
function Find-TextErrors($Workbook) {
    $bad = @()
    foreach ($ws in @($Workbook.Worksheets)) {
        $cells = $null
        try { $cells = $ws.UsedRange.SpecialCells(-4123) } catch { continue }  # xlCellTypeFormulas; none: skip
        foreach ($c in @($cells.Cells)) {
            $t = [string]$c.Text
            if ([string]$c.Formula -like '*PERF_*' -and $t -match '[A-Za-z]{6,}') { $bad += ("{0}!{1}: {2}" -f $ws.Name, $c.Address(0, 0), $t) }
        }
    }
    return $bad
}

function Copy-ToWork([string]$Rel) {
    $source = Join-Path $Root $Rel
    if (-not (Test-Path -LiteralPath $source)) { throw "找不到 $source（请在 xlperf 源代码目录中运行，或用 -Root 指定该目录）" }
    $copy = Join-Path $work (Split-Path -Leaf $source)
    Copy-Item -LiteralPath $source -Destination $copy -Force
    return $copy
}

# A new Excel, visible (no dialog box can hide); AutomationSecurity 1 = macros of files this script opens run,
# 2 = as the Trust Center says (what a clerk gets).
function Start-Excel([int]$Security) {
    $x = New-Object -ComObject Excel.Application
    $x.Visible = $true
    $x.DisplayAlerts = $false
    $x.AutomationSecurity = $Security
    $id = [uint32]0
    [void][XlPerfSmoke.Win]::GetWindowThreadProcessId([System.IntPtr][int64]$x.Hwnd, [ref]$id)
    $script:excel = $x
    $script:excelPid = [int]$id
    return $x
}

# Quit Excel; if Quit does not return in time (a dialog), the watchdog ends the process. Errors are noted.
function Stop-Excel {
    if ($null -eq $script:excel) { return }
    $dog = Start-Watchdog $QuitSeconds
    try {
        foreach ($b in @($excel.Workbooks)) { $b.Close($false) }
        $excel.Quit()
    } catch {
        Note 'quit_problem' $_.Exception.Message
    }
    if (Stop-Watchdog $dog) { Note 'quit_problem' "Excel 在 $QuitSeconds 秒内没有退出，已结束进程" }
    try { [void][System.Runtime.InteropServices.Marshal]::ReleaseComObject($script:excel) } catch { Note 'release_problem' $_.Exception.Message }
    $script:excel = $null
    $script:excelPid = $null
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
}

function Forget-Remembered {
    Remove-Item -Path $RememberedKey -Recurse -Force -ErrorAction SilentlyContinue
}

function Write-Result {
    $data = [ordered]@{
        script = 'windows-smoke-test.ps1'
        finished = (Get-Date).ToString('s')
        failures = $script:Failures
        environment = $script:Info
        steps = $script:Steps
        work_folder = $work
    }
    $json = $data | ConvertTo-Json -Depth 5
    [System.IO.File]::WriteAllText($Result, $json, (New-Object System.Text.UTF8Encoding($false)))
    Write-Host "结果文件：$Result"
}

$work = Join-Path ([System.IO.Path]::GetTempPath()) ('xlperf-smoke-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$nothing = [System.Runtime.InteropServices.DispatchWrapper]::new($null)  # VBA receives Nothing
$setting = $ShippedInterpreter
$pythonw = [Environment]::ExpandEnvironmentVariables($setting)
$venv = Split-Path -Parent (Split-Path -Parent $pythonw)
Forget-Remembered  # a failure remembered from an earlier run must not decide this one

# 0. environment (no Excel needed yet)
[void](Invoke-Step '已安装的 Python（Interpreter_Win）' 30 {
    Note 'windows_64bit' ([Environment]::Is64BitOperatingSystem)
    Note 'system_locale' ((Get-WinSystemLocale).Name)
    Note 'ansi_code_page' ([System.Text.Encoding]::Default.CodePage)
    Note 'user_culture' ((Get-Culture).Name)
    Note 'localappdata_ascii' ($env:LOCALAPPDATA -match '^[\x00-\x7F]*$')
    Note 'interpreter_win' $pythonw
    $dlls = @(Get-ChildItem -LiteralPath $venv -Filter 'xlwings*.dll' -ErrorAction SilentlyContinue | ForEach-Object { $_.Name })
    Note 'xlwings_dlls' ($dlls -join ', ')
    Note 'user_xlwings_conf' (Test-Path -LiteralPath (Join-Path $env:USERPROFILE '.xlwings\xlwings.conf'))
    (Test-Path -LiteralPath $pythonw), $pythonw
})

# 1. ribbon part (no Excel needed)
[void](Invoke-Step '功能区部件' 30 {
    $source = Join-Path $Root $WorkbookRel
    $ui = Read-ZipEntry $source $RibbonPart
    $rels = Read-ZipEntry $source '_rels/.rels'
    (($null -ne $ui) -and $ui.Contains($RibbonTab) -and ($null -ne $rels) -and $rels.Contains($RibbonPart)), $RibbonPart
})

# ---------------------------------------------------------------- pass 1: automation, macros run
if (Invoke-Step '启动 Excel（第一遍：宏直接运行）' $OpenSeconds {
    $x = Start-Excel 1   # msoAutomationSecurityLow
    Note 'excel_version' ("{0} build {1}" -f $x.Version, $x.Build)
    Note 'excel_os' $x.OperatingSystem
    $bits = 'unknown'
    $proc = Get-Process -Id $script:excelPid -ErrorAction SilentlyContinue
    if ($null -ne $proc -and $proc.Path) { $bits = if ($proc.Path -match '\(x86\)') { '32' } else { '64' } }
    Note 'excel_bits' $bits
    Note 'excel_ui_language' $x.LanguageSettings.LanguageID(2)
    $true, ("PID {0}" -f $script:excelPid)
}) {
    # 2-5. the example workbook, as shipped
    $copy = Copy-ToWork $WorkbookRel
    $bookName = Split-Path -Leaf $copy
    $wb = $null
    if (Invoke-Step '打开 example-2021.xlsm' $OpenSeconds {
        $script:wb = $excel.Workbooks.Open($copy)
        Note 'sheet_interpreter_win' ([string]$script:wb.Worksheets.Item($ConfSheet).Range('B2').Value2)
        $true, $copy
    }) {
        $wb = $script:wb
        [void](Invoke-Step 'RunAutoMacros（Auto_Open，函数向导说明）' $MacroSeconds {
            $wb.RunAutoMacros($XlAutoOpen)
            $true, ''
        })
        [void](Invoke-Step '=PERF_GRADE(91)' $CalcSeconds {
            $scratch = $wb.Worksheets.Add()
            $scratch.Range('A1').Formula = '=PERF_GRADE(91)'
            $excel.CalculateFull()
            $grade = [string]$scratch.Range('A1').Text
            [void]$scratch.Delete()
            ($grade -eq $ExpectedGrade), "得到「$grade」，应为「$ExpectedGrade」"
        })
        [void](Invoke-Step '总分和等级' $CalcSeconds {
            $excel.CalculateFull()
            $total = Read-Name $wb $TotalName
            $grade = [string](Read-Name $wb $GradeName)
            $status = Read-Status $wb
            Note 'pass1_status' $status
            $ok = ($total -is [double]) -and ([math]::Abs([double]$total - $ExpectedTotal) -lt 1e-9) -and ($grade -eq $ExpectedGrade) -and ($status -eq '')
            $ok, "总分 $total（应为 $ExpectedTotal），等级「$grade」（应为「$ExpectedGrade」），总评提示「$status」（应为空）"
        })
        [void](Invoke-Step "宏 $Macro" $MacroSeconds {
            $wb.Names.Add('XLPERF_UNATTENDED', '=TRUE') | Out-Null
            $excel.Run("'$bookName'!$Macro", $nothing) | Out-Null
            $docs = @(Get-ChildItem -LiteralPath $work -Filter '*.docx' | Where-Object { $_.Length -gt 0 })
            $detail = if ($docs.Count -gt 0) { $docs[0].FullName } else { "$work 中没有 .docx；详见 %LOCALAPPDATA%\xlperf\xlperf.log（诊断：RunPython `"$PythonCommand`"）" }
            foreach ($d in $docs) { Remove-Item -LiteralPath $d.FullName }
            ($docs.Count -eq 1), $detail
        })
        [void](Invoke-Step '关闭 example-2021.xlsm' $QuitSeconds { $wb.Close($false); $true, '' })
    }

    # 6. the blank form: its errors listed on the 校验结果 sheet
    if ($null -ne $script:excel) {
        [void](Invoke-Step "xlperf-form.xlsm 的「$ResultSheet」" $MacroSeconds {
            $copy = Copy-ToWork $FormRel
            $formName = Split-Path -Leaf $copy
            $form = $excel.Workbooks.Open($copy)
            $form.Names.Add('XLPERF_UNATTENDED', '=TRUE') | Out-Null
            $excel.Run("'$formName'!$ValidateMacro", $nothing) | Out-Null
            $names = @($form.Worksheets | ForEach-Object { $_.Name })
            $has = $names -contains $ResultSheet
            $summary = if ($has) { [string]$form.Worksheets.Item($ResultSheet).Range('A3').Value2 } else { '' }
            $form.Close($false)
            ($has -and $summary.Contains('错误')), $summary
        })
    }

    # 7. the add-in, loaded as a clerk loads it (a workbook open first), working on a workbook without macros
    if ($null -ne $script:excel) {
        $plain = $null
        $addin = $null
        if (Invoke-Step '打开 example-2021.xlsx（加载项之前）' $OpenSeconds {
            $script:plain = $excel.Workbooks.Open((Copy-ToWork $PlainRel))
            $script:plain.Names.Add('XLPERF_UNATTENDED', '=TRUE') | Out-Null
            $true, ''
        }) {
            $plain = $script:plain
            if (Invoke-Step 'AddIns.Add（xlperf.xlam）' $OpenSeconds {
                $addinCopy = Copy-ToWork $AddinRel
                $addin = $excel.AddIns.Add($addinCopy, $false)
                $addin.Installed = $true
                $script:addin = $addin
                $addin.Installed, $addinCopy
            }) {
                $addin = $script:addin
                [void](Invoke-Step '加载项 =PERF_GRADE(91)' $CalcSeconds {
                    $scratch = $plain.Worksheets.Add()
                    $scratch.Range('A1').Formula = '=PERF_GRADE(91)'
                    $excel.CalculateFull()
                    $grade = [string]$scratch.Range('A1').Text
                    [void]$scratch.Delete()
                    ($grade -eq $ExpectedGrade), "得到「$grade」，应为「$ExpectedGrade」"
                })
                [void](Invoke-Step '加载项生成报告（.docx）' $MacroSeconds {
                    $plain.Activate()
                    $excel.Run("'xlperf.xlam'!$Macro", $nothing) | Out-Null
                    $docs = @(Get-ChildItem -LiteralPath $work -Filter '*.docx' | Where-Object { $_.Length -gt 0 })
                    $detail = if ($docs.Count -gt 0) { $docs[0].FullName } else { "$work 中没有 .docx；详见 %LOCALAPPDATA%\xlperf\xlperf.log" }
                    foreach ($d in $docs) { Remove-Item -LiteralPath $d.FullName }
                    ($docs.Count -eq 1), $detail
                })
                [void](Invoke-Step '卸载加载项' $QuitSeconds { $addin.Installed = $false; $true, '' })
            }
        }
    }
}
Stop-Excel

# ---------------------------------------------------------------- pass 2: the clerk's path (Trust Center, Mark-of-the-Web)
if (Invoke-Step '启动 Excel（第二遍：信任中心的设置）' $OpenSeconds {
    [void](Start-Excel 2)   # msoAutomationSecurityByUI: what the Trust Center says, as for a clerk
    $true, ("PID {0}" -f $script:excelPid)
}) {
    [void](Invoke-Step '财务人员打开来自网络的 example-2021.xlsm' ($OpenSeconds + $CalcSeconds) {
        $copy = Join-Path $work 'from-mail.xlsm'
        Copy-Item -LiteralPath (Join-Path $Root $WorkbookRel) -Destination $copy -Force
        Set-Content -LiteralPath $copy -Stream Zone.Identifier -Value "[ZoneTransfer]`r`nZoneId=3"
        $wb = $null
        try {
            $wb = $excel.Workbooks.Open($copy)
        } finally {
            # Protected View keeps the file out of Workbooks: the clerk first has to press Enable Editing
            Note 'clerk_protected_view_windows' $excel.ProtectedViewWindows.Count
        }
        $macros = 'blocked'
        try {
            $s = $excel.Run("'from-mail.xlsm'!StatusText")
            $macros = "ran; status: $s"
        } catch {
            $macros = 'blocked: ' + $_.Exception.Message
        }
        Note 'clerk_macros' $macros
        $excel.CalculateFull()
        $total = Read-Name $wb $TotalName
        $grade = [string](Read-Name $wb $GradeName)
        $status = Read-Status $wb
        Note 'clerk_status' $status
        $bad = @(Find-TextErrors $wb)
        Note 'clerk_text_errors' ($bad -join ' | ')
        $wb.Close($false)
        $ok = ($total -is [double]) -and ([math]::Abs([double]$total - $ExpectedTotal) -lt 1e-9) -and ($grade -eq $ExpectedGrade) -and ($bad.Count -eq 0)
        $ok, "总分 $total，等级「$grade」，宏：$macros；总评提示「$status」"
    })
}
Stop-Excel

# ---------------------------------------------------------------- pass 3: Python missing
if ($SkipMissingPython) {
    Note 'missing_python_pass' 'skipped (-SkipMissingPython)'
} else {
    $away = "$venv.smoke-away"
    if (Invoke-Step '临时改名 Python 环境' 60 {
        Rename-Item -LiteralPath $venv -NewName (Split-Path -Leaf $away)
        (-not (Test-Path -LiteralPath $pythonw)), "$venv → $away"
    }) {
        try {
            if (Invoke-Step '启动 Excel（第三遍：没有 Python）' $OpenSeconds {
                [void](Start-Excel 1)
                $true, ("PID {0}" -f $script:excelPid)
            }) {
                [void](Invoke-Step '没有 Python：总评显示内置公式的结果和中文提示' ($OpenSeconds + $CalcSeconds) {
                    $copy = Copy-ToWork $WorkbookRel
                    $started = Get-Date
                    $wb = $excel.Workbooks.Open($copy)
                    $excel.CalculateFull()
                    $seconds = [math]::Round(((Get-Date) - $started).TotalSeconds, 1)
                    Note 'missing_python_open_and_calc_seconds' $seconds
                    $total = Read-Name $wb $TotalName
                    $grade = [string](Read-Name $wb $GradeName)
                    $status = Read-Status $wb
                    $bad = @(Find-TextErrors $wb)
                    $wb.Close($false)
                    $ok = ($total -is [double]) -and ([math]::Abs([double]$total - $ExpectedTotal) -lt 1e-9) -and ($grade -eq $ExpectedGrade) -and $status.StartsWith($MissingStatus) -and ($bad.Count -eq 0)
                    $ok, "总分 $total，等级「$grade」，总评提示「$status」，英文错误单元格 $($bad.Count) 个，打开并重算 $seconds 秒"
                })
            }
        } finally {
            Stop-Excel
            [void](Invoke-Step '改回 Python 环境的原名' 60 {
                Rename-Item -LiteralPath $away -NewName (Split-Path -Leaf $venv)
                (Test-Path -LiteralPath $pythonw), $venv
            })
            Forget-Remembered
        }
    }
}

Write-Result
if ($script:Failures -eq 0) {
    Write-Host "全部通过。临时文件夹：$work" -ForegroundColor Green
} else {
    Write-Host "$($script:Failures) 项失败。临时文件夹：$work" -ForegroundColor Red
}
exit $script:Failures
