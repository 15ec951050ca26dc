Attribute VB_Name = "xlperf_ribbon"
' xlperf: callbacks of the ribbon tab (customUI14.xml). Each button runs one action of xlperf/excel.py
' through xlwings' RunPython; the Python side shows every message to the clerk.
' Keep this module ASCII: VBA stores source in the project's code page.
Option Explicit

' In the add-in (xlperf.xlam) the actions work on the active workbook, and there may be none (only the
' add-in loaded, or a Protected View window): say so instead of failing inside RunPython.
Private Function HasWorkbook() As Boolean
    HasWorkbook = Not (ActiveWorkbook Is Nothing)
    If Not HasWorkbook Then
        ' "Open the workbook to work on first, then press this button." (text made by vba_string_literal)
        MsgBox ChrW(&H8BF7&) & ChrW(&H5148&) & ChrW(&H6253&) & ChrW(&H5F00&) & ChrW(&H8981&) & ChrW(&H5904&) & ChrW(&H7406&) & ChrW(&H7684&) & ChrW(&H586B&) & ChrW(&H62A5&) & ChrW(&H5DE5&) & ChrW(&H4F5C&) & ChrW(&H7C3F&) & ChrW(&HFF0C&) & ChrW(&H518D&) & ChrW(&H70B9&) & ChrW(&H6B64&) & ChrW(&H6309&) & ChrW(&H94AE&) & ChrW(&H3002&), vbExclamation, ChrW(&H7EE9&) & ChrW(&H6548&) & ChrW(&H81EA&) & ChrW(&H8BC4&)
    End If
End Function

Public Sub OnGenerateReport(control As IRibbonControl)
    If Not HasWorkbook() Then Exit Sub
    RunPython "import xlperf.excel; xlperf.excel.generate_report()"
End Sub

Public Sub OnValidate(control As IRibbonControl)
    If Not HasWorkbook() Then Exit Sub
    RunPython "import xlperf.excel; xlperf.excel.validate()"
End Sub

Public Sub OnOpenReportFolder(control As IRibbonControl)
    If Not HasWorkbook() Then Exit Sub
    RunPython "import xlperf.excel; xlperf.excel.open_report_folder()"
End Sub

Public Sub OnRecalculate(control As IRibbonControl)
    If Not HasWorkbook() Then Exit Sub
    RunPython "import xlperf.excel; xlperf.excel.recalculate()"
End Sub

Public Sub OnShowHelp(control As IRibbonControl)
    If Not HasWorkbook() Then Exit Sub
    RunPython "import xlperf.excel; xlperf.excel.show_help()"
End Sub
