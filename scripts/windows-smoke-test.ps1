<#
.SYNOPSIS
  xlperf 的 Windows 冒烟测试：用真正的 Excel 打开发布的工作簿和加载项，逐项检查，输出 PASS/FAIL 和一个 JSON 结果文件。

.DESCRIPTION
  只需要：Windows + Microsoft Excel + 用 install.bat 装好的 xlperf。在 xlperf 源代码目录（或拷贝出的同样结构的文件夹）中运行：

      powershell -ExecutionPolicy Bypass -File scripts\windows-smoke-test.ps1

  工作簿按发布时的样子使用，不写入任何设置：Python 解释器来自工作簿 xlwings.conf 表中的
  Interpreter_Win（%LOCALAPPDATA%\xlperf\venv\Scripts\pythonw.exe），这正是要检查的。
  所有文件先复制到临时文件夹，原文件不动。

  步骤：
    0. 环境：Excel 版本和位数（32/64 位）、Windows 位数、系统区域和 ANSI 代码页、工作簿中的 Interpreter_Win
       展开后的路径及其中的 pythonw.exe 和 xlwings DLL 是否存在
    1. example-2021.xlsm 的功能区部件 customUI/customUI14.xml 含「绩效自评」选项卡（直接读压缩包）
    2. 用 COM 打开 example-2021.xlsm 的副本，RunAutoMacros(xlAutoOpen) 运行 Auto_Open（函数向导说明）
    3. 临时单元格 =PERF_GRADE(91) 显示「优」（Python 函数可用）
    4. 全部重算后，名称「总分」= 91、「等级」= 优
    5. 运行「生成报告」按钮的宏（xlperf_ribbon.OnGenerateReport），临时文件夹中生成 .docx 报告
    6. 打开空白填报表 xlperf-form.xlsm 的副本，运行「校验」按钮的宏：出现「校验结果」工作表并列出错误
    7. 用 AddIns.Add 加载 xlperf.xlam（副本），在不带宏的 example-2021.xlsx 副本中：=PERF_GRADE(91) 为「优」，
       加载项的「生成报告」按钮宏生成 .docx；结束时卸载加载项
  运行时在工作簿中加入名称 XLPERF_UNATTENDED，xlperf 不弹对话框（消息写入 %LOCALAPPDATA%\xlperf\xlperf.log）。
  Excel 默认可见：若 xlwings 自己弹出错误框（如找不到 Python），可以看到并关闭它。
  结果文件（-Result，缺省为当前文件夹的 xlperf-smoke-result.json）可以附在问题报告中。
  退出码 = 失败的步骤数（0 = 全部通过）。

  本文件须保存为 UTF-8 带 BOM（Windows PowerShell 5.1 据此识别中文）。
#>
param(
    [string]$Root = (Split-Path -Parent $PSScriptRoot),
    [string]$Result = (Join-Path (Get-Location) 'xlperf-smoke-result.json'),
    [switch]$Hidden
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
$XlAutoOpen = 1
$ShippedInterpreter = '%LOCALAPPDATA%\xlperf\venv\Scripts\pythonw.exe'

$script:Failures = 0
$script:Steps = New-Object System.Collections.ArrayList
$script:Info = [ordered]@{}

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

function Copy-ToWork([string]$Rel) {
    $source = Join-Path $Root $Rel
    if (-not (Test-Path -LiteralPath $source)) { throw "找不到 $source（请在 xlperf 源代码目录中运行，或用 -Root 指定该目录）" }
    $copy = Join-Path $work (Split-Path -Leaf $source)
    Copy-Item -LiteralPath $source -Destination $copy
    return $copy
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

# 0. environment (no Excel needed yet)
try {
    Note 'windows_64bit' ([Environment]::Is64BitOperatingSystem)
    Note 'system_locale' ((Get-WinSystemLocale).Name)
    Note 'ansi_code_page' ([System.Text.Encoding]::Default.CodePage)
    Note 'user_culture' ((Get-Culture).Name)
    Note 'localappdata_ascii' ($env:LOCALAPPDATA -match '^[\x00-\x7F]*$')
    $setting = $ShippedInterpreter
    $pythonw = [Environment]::ExpandEnvironmentVariables($setting)
    Note 'interpreter_win' $pythonw
    $dlls = @(Get-ChildItem -LiteralPath (Split-Path -Parent (Split-Path -Parent $pythonw)) -Filter 'xlwings*.dll' -ErrorAction SilentlyContinue | ForEach-Object { $_.Name })
    Note 'xlwings_dlls' ($dlls -join ', ')
    Report-Step '已安装的 Python（Interpreter_Win）' (Test-Path -LiteralPath $pythonw) $pythonw
} catch {
    Report-Step '环境' $false $_.Exception.Message
}

# 1. ribbon part (no Excel needed)
try {
    $source = Join-Path $Root $WorkbookRel
    $ui = Read-ZipEntry $source $RibbonPart
    $rels = Read-ZipEntry $source '_rels/.rels'
    $ok = ($null -ne $ui) -and $ui.Contains($RibbonTab) -and ($null -ne $rels) -and $rels.Contains($RibbonPart)
    Report-Step '功能区部件' $ok "$RibbonPart"
} catch {
    Report-Step '功能区部件' $false $_.Exception.Message
}

$excel = $null
$addin = $null
try {
    try {
        $excel = New-Object -ComObject Excel.Application
        $excel.Visible = -not $Hidden
        $excel.DisplayAlerts = $false
        $excel.AutomationSecurity = 1   # msoAutomationSecurityLow: macros of a file opened by this script run
    } catch {
        Report-Step '启动 Excel' $false $_.Exception.Message
        throw 'NO_EXCEL'
    }
    try {
        Note 'excel_version' ("{0} build {1}" -f $excel.Version, $excel.Build)
        Note 'excel_os' $excel.OperatingSystem
        $proc = Get-Process -Name EXCEL -ErrorAction SilentlyContinue | Sort-Object StartTime -Descending | Select-Object -First 1
        $bits = 'unknown'
        if ($null -ne $proc -and $proc.Path) { $bits = if ($proc.Path -match '\(x86\)') { '32' } else { '64' } }
        Note 'excel_bits' $bits
        Note 'excel_ui_language' $excel.LanguageSettings.LanguageID(2)
    } catch {
        Write-Host ("INFO  Excel 信息不全：{0}" -f $_.Exception.Message)
    }

    # 2-5. the example workbook, as shipped
    $wb = $null
    try {
        $copy = Copy-ToWork $WorkbookRel
        $bookName = Split-Path -Leaf $copy
        $wb = $excel.Workbooks.Open($copy)
        Report-Step '打开 example-2021.xlsm' $true $copy
        $conf = $wb.Worksheets.Item($ConfSheet)
        Note 'sheet_interpreter_win' ([string]$conf.Range('B2').Value2)
        try {
            $wb.RunAutoMacros($XlAutoOpen)
            Report-Step 'RunAutoMacros（Auto_Open，函数向导说明）' $true
        } catch {
            Report-Step 'RunAutoMacros（Auto_Open，函数向导说明）' $false $_.Exception.Message
        }
        try {
            $scratch = $wb.Worksheets.Add()
            $scratch.Range('A1').Formula = '=PERF_GRADE(91)'
            $excel.CalculateFull()
            $grade = [string]$scratch.Range('A1').Text
            Report-Step '=PERF_GRADE(91)' ($grade -eq $ExpectedGrade) "得到「$grade」，应为「$ExpectedGrade」"
            $excel.DisplayAlerts = $false
            [void]$scratch.Delete()
        } catch {
            Report-Step '=PERF_GRADE(91)' $false $_.Exception.Message
        }
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
        $wb.Names.Add('XLPERF_UNATTENDED', '=TRUE') | Out-Null
        try {
            $excel.Run("'$bookName'!$Macro", $nothing) | Out-Null
            Report-Step "宏 $Macro" $true
        } catch {
            Report-Step "宏 $Macro" $false $_.Exception.Message
            try {
                $excel.Run("'$bookName'!RunPython", $PythonCommand) | Out-Null
                Write-Host "INFO  已改用 RunPython 直接运行同一动作（仅用于诊断）"
            } catch {
                Write-Host ("INFO  RunPython 也失败：{0}" -f $_.Exception.Message)
            }
        }
        $docs = @(Get-ChildItem -LiteralPath $work -Filter '*.docx' | Where-Object { $_.Length -gt 0 })
        $detail = if ($docs.Count -gt 0) { $docs[0].FullName } else { "$work 中没有 .docx；详见 %LOCALAPPDATA%\xlperf\xlperf.log" }
        Report-Step '生成报告（.docx）' ($docs.Count -eq 1) $detail
        foreach ($d in $docs) { Remove-Item -LiteralPath $d.FullName }
    } catch {
        Report-Step 'example-2021.xlsm' $false $_.Exception.Message
    } finally {
        if ($null -ne $wb) { try { $wb.Close($false) } catch { } }
    }

    # 6. the blank form: its errors listed on the 校验结果 sheet
    $form = $null
    try {
        $copy = Copy-ToWork $FormRel
        $formName = Split-Path -Leaf $copy
        $form = $excel.Workbooks.Open($copy)
        $form.Names.Add('XLPERF_UNATTENDED', '=TRUE') | Out-Null
        $excel.Run("'$formName'!$ValidateMacro", $nothing) | Out-Null
        $names = @($form.Worksheets | ForEach-Object { $_.Name })
        $has = $names -contains $ResultSheet
        $summary = if ($has) { [string]$form.Worksheets.Item($ResultSheet).Range('A3').Value2 } else { '' }
        Report-Step "xlperf-form.xlsm 的「$ResultSheet」" ($has -and $summary.Contains('错误')) $summary
    } catch {
        Report-Step "xlperf-form.xlsm 的「$ResultSheet」" $false $_.Exception.Message
    } finally {
        if ($null -ne $form) { try { $form.Close($false) } catch { } }
    }

    # 7. the add-in, loaded as a clerk loads it, working on a workbook without macros
    $plain = $null
    try {
        $addinCopy = Copy-ToWork $AddinRel
        $addin = $excel.AddIns.Add($addinCopy, $false)
        $addin.Installed = $true
        Report-Step 'AddIns.Add（xlperf.xlam）' $addin.Installed $addinCopy
        $copy = Copy-ToWork $PlainRel
        $plain = $excel.Workbooks.Open($copy)
        $plain.Names.Add('XLPERF_UNATTENDED', '=TRUE') | Out-Null
        $scratch = $plain.Worksheets.Add()
        $scratch.Range('A1').Formula = '=PERF_GRADE(91)'
        $excel.CalculateFull()
        $grade = [string]$scratch.Range('A1').Text
        Report-Step '加载项 =PERF_GRADE(91)' ($grade -eq $ExpectedGrade) "得到「$grade」，应为「$ExpectedGrade」"
        [void]$scratch.Delete()
        $plain.Activate()
        $excel.Run("'xlperf.xlam'!$Macro", $nothing) | Out-Null
        $docs = @(Get-ChildItem -LiteralPath $work -Filter '*.docx' | Where-Object { $_.Length -gt 0 })
        $detail = if ($docs.Count -gt 0) { $docs[0].FullName } else { "$work 中没有 .docx；详见 %LOCALAPPDATA%\xlperf\xlperf.log" }
        Report-Step '加载项生成报告（.docx）' ($docs.Count -eq 1) $detail
    } catch {
        Report-Step '加载项 xlperf.xlam' $false $_.Exception.Message
    } finally {
        if ($null -ne $plain) { try { $plain.Close($false) } catch { } }
        if ($null -ne $addin) { try { $addin.Installed = $false } catch { } }
    }
} catch {
    if ($_.Exception.Message -ne 'NO_EXCEL') { Report-Step '运行' $false $_.Exception.Message }
} finally {
    if ($null -ne $excel) {
        try { $excel.Quit() } catch { }
        [void][System.Runtime.InteropServices.Marshal]::ReleaseComObject($excel)
    }
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
}

Write-Result
if ($script:Failures -eq 0) {
    Write-Host "全部通过。临时文件夹：$work" -ForegroundColor Green
} else {
    Write-Host "$($script:Failures) 项失败。临时文件夹：$work" -ForegroundColor Red
}
exit $script:Failures
