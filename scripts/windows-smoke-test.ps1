<#
.SYNOPSIS
  xlperf 的 Windows 冒烟测试：用真正的 Excel 打开示例宏工作簿，逐项检查并输出 PASS/FAIL。

.DESCRIPTION
  只需要：Windows + Microsoft Excel + 按 docs\install-windows.md 装好的 xlperf（Interpreter_Win 已指向它）。
  在 xlperf 源代码目录（或拷贝出的同样结构的文件夹）中运行：

      powershell -ExecutionPolicy Bypass -File scripts\windows-smoke-test.ps1

  步骤：
    1. 工作簿中的功能区部件 customUI/customUI14.xml 含「绩效自评」选项卡（直接读 .xlsm 压缩包，不需要 Excel）
    2. 用 COM 打开 workbooks\example-2021.xlsm 的副本（在临时文件夹中，原文件不动）
    3. 临时单元格 =PERF_GRADE(91) 显示「优」（Python 函数可用）
    4. 全部重算（CalculateFull）后，名称「总分」= 91、「等级」= 优
    5. 运行功能区「生成报告」按钮的宏（xlperf_ribbon.OnGenerateReport）；若按钮宏本身不能从脚本调用，
       再直接用 RunPython 运行同一动作（诊断用）
    6. 临时文件夹中生成了 .docx 报告
  -Interpreter（缺省为 install.bat 建立的 %LOCALAPPDATA%\xlperf\venv\Scripts\pythonw.exe）存在时，写入副本的
  xlwings.conf 工作表（Interpreter_Win）；不存在时沿用 %USERPROFILE%\.xlwings\xlwings.conf 或 PATH 上的 Python。
  运行时在工作簿中加入名称 XLPERF_UNATTENDED，xlperf 不弹对话框（消息写入 %LOCALAPPDATA%\xlperf\xlperf.log）。
  Excel 默认可见：若 xlwings 自己弹出错误框（如找不到 Python），可以看到并关闭它。
  退出码 = 失败的步骤数（0 = 全部通过）。

  本文件须保存为 UTF-8 带 BOM（Windows PowerShell 5.1 据此识别中文）。
#>
param(
    [string]$Root = (Split-Path -Parent $PSScriptRoot),
    [string]$Interpreter = (Join-Path $env:LOCALAPPDATA 'xlperf\venv\Scripts\pythonw.exe'),
    [switch]$Hidden
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 2.0

# names this script relies on (tests/test_excel_actions.py checks they exist in the repository)
$WorkbookRel = 'workbooks\example-2021.xlsm'
$Macro = 'xlperf_ribbon.OnGenerateReport'
$PythonCommand = 'import xlperf.excel; xlperf.excel.generate_report()'
$TotalName = '总分'
$GradeName = '等级'
$ExpectedTotal = 91
$ExpectedGrade = '优'
$RibbonPart = 'customUI/customUI14.xml'
$RibbonTab = 'label="绩效自评"'

$script:Failures = 0

function Report-Step([string]$Name, [bool]$Ok, [string]$Detail = '') {
    if ($Ok) {
        Write-Host ("PASS  {0}  {1}" -f $Name, $Detail) -ForegroundColor Green
    } else {
        $script:Failures += 1
        Write-Host ("FAIL  {0}  {1}" -f $Name, $Detail) -ForegroundColor Red
    }
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

$source = Join-Path $Root $WorkbookRel
if (-not (Test-Path -LiteralPath $source)) {
    Write-Host "FAIL  找不到工作簿 $source（请在 xlperf 源代码目录中运行，或用 -Root 指定该目录）" -ForegroundColor Red
    exit 1
}

# 1. ribbon part (no Excel needed)
try {
    $ui = Read-ZipEntry $source $RibbonPart
    $rels = Read-ZipEntry $source '_rels/.rels'
    $ok = ($null -ne $ui) -and $ui.Contains($RibbonTab) -and ($null -ne $rels) -and $rels.Contains($RibbonPart)
    Report-Step '功能区部件' $ok "$RibbonPart"
} catch {
    Report-Step '功能区部件' $false $_.Exception.Message
}

$work = Join-Path ([System.IO.Path]::GetTempPath()) ('xlperf-smoke-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
New-Item -ItemType Directory -Path $work | Out-Null
$copy = Join-Path $work (Split-Path -Leaf $source)
Copy-Item -LiteralPath $source -Destination $copy
$bookName = Split-Path -Leaf $copy

$excel = $null
$wb = $null
try {
    # 2. open through COM
    try {
        $excel = New-Object -ComObject Excel.Application
        $excel.Visible = -not $Hidden
        $excel.DisplayAlerts = $false
        $excel.AutomationSecurity = 1   # msoAutomationSecurityLow: macros of a file opened by this script run
        $wb = $excel.Workbooks.Open($copy)
        Report-Step '打开工作簿' $true $copy
        if ($Interpreter -and (Test-Path -LiteralPath $Interpreter)) {
            $conf = $wb.Worksheets.Item('xlwings.conf')
            $row = $conf.UsedRange.Row + $conf.UsedRange.Rows.Count
            $conf.Cells.Item($row, 1).Value2 = 'Interpreter_Win'
            $conf.Cells.Item($row, 2).Value2 = $Interpreter
            Write-Host "INFO  Interpreter_Win = $Interpreter"
        } else {
            Write-Host "INFO  未找到 $Interpreter，使用 xlwings 的用户配置或 PATH 上的 Python"
        }
    } catch {
        Report-Step '打开工作簿' $false $_.Exception.Message
        throw 'OPEN_FAILED'
    }

    # 3. a Python function in a scratch cell
    try {
        $scratch = $wb.Worksheets.Add()
        $scratch.Range('A1').Formula = '=PERF_GRADE(91)'
        $excel.CalculateFull()
        $grade = [string]$scratch.Range('A1').Text
        Report-Step '=PERF_GRADE(91)' ($grade -eq $ExpectedGrade) "得到「$grade」，应为「$ExpectedGrade」"
        [void]$scratch.Delete()
    } catch {
        Report-Step '=PERF_GRADE(91)' $false $_.Exception.Message
    }

    # 4. totals after a full recalculation
    try {
        $excel.CalculateFull()
        $total = Read-Name $wb $TotalName
        $grade = [string](Read-Name $wb $GradeName)
        $totalOk = ($total -is [double]) -and ([math]::Abs([double]$total - $ExpectedTotal) -lt 1e-9)
        Report-Step "名称「$TotalName」" $totalOk "得到 $total，应为 $ExpectedTotal"
        Report-Step "名称「$GradeName」" ($grade -eq $ExpectedGrade) "得到「$grade」，应为「$ExpectedGrade」"
    } catch {
        Report-Step '总分和等级' $false $_.Exception.Message
    }

    # 5. the 生成报告 button
    $wb.Names.Add('XLPERF_UNATTENDED', '=TRUE') | Out-Null
    $ran = $false
    try {
        $nothing = [System.Runtime.InteropServices.DispatchWrapper]::new($null)  # VBA receives Nothing
        $excel.Run("'$bookName'!$Macro", $nothing) | Out-Null
        $ran = $true
        Report-Step "宏 $Macro" $true
    } catch {
        Report-Step "宏 $Macro" $false $_.Exception.Message
    }
    if (-not $ran) {
        try {
            $excel.Run("'$bookName'!RunPython", $PythonCommand) | Out-Null
            Write-Host "INFO  已改用 RunPython 直接运行同一动作（仅用于诊断）"
        } catch {
            Write-Host ("INFO  RunPython 也失败：{0}" -f $_.Exception.Message)
        }
    }

    # 6. the report file
    $docs = @(Get-ChildItem -LiteralPath $work -Filter '*.docx' | Where-Object { $_.Length -gt 0 })
    $detail = if ($docs.Count -gt 0) { $docs[0].FullName } else { "$work 中没有 .docx；详见 %LOCALAPPDATA%\xlperf\xlperf.log" }
    Report-Step '生成报告（.docx）' ($docs.Count -eq 1) $detail
} catch {
    if ($_.Exception.Message -ne 'OPEN_FAILED') { Report-Step '运行' $false $_.Exception.Message }
} finally {
    if ($null -ne $wb) {
        try { $wb.Close($false) } catch { }
        [void][System.Runtime.InteropServices.Marshal]::ReleaseComObject($wb)
    }
    if ($null -ne $excel) {
        try { $excel.Quit() } catch { }
        [void][System.Runtime.InteropServices.Marshal]::ReleaseComObject($excel)
    }
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
}

if ($script:Failures -eq 0) {
    Write-Host "全部通过。临时文件夹：$work" -ForegroundColor Green
} else {
    Write-Host "$($script:Failures) 项失败。临时文件夹：$work" -ForegroundColor Red
}
exit $script:Failures
