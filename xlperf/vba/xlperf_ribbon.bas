Attribute VB_Name = "xlperf_ribbon"
' xlperf: callbacks of the ribbon tab (customUI14.xml). Each button runs one action of xlperf/excel.py
' through xlwings' RunPython; the Python side shows every message to the clerk. Without Python (not installed,
' blocked, or WPS) the buttons show xlperf_python's one Chinese sentence instead and never start xlwings.
' Keep this module ASCII: VBA stores source in the project's code page.
Option Explicit

' In the add-in (xlperf.xlam) the actions work on the active workbook, and there may be none (only the
' add-in loaded, Excel still starting, or a Protected View window, where ActiveWorkbook is Nothing): say so
' instead of failing inside RunPython with error 91.
Private Function HasWorkbook() As Boolean
    Dim m As String
    HasWorkbook = Not (ActiveWorkbook Is Nothing)
    If Not HasWorkbook Then
        ' "Open the workbook to work on first (in Protected View press Enable Editing first), then press this
        ' button." (text made by xlperf.macro.register.vba_string_statements)
        m = ChrW(&H8BF7&) & ChrW(&H5148&) & ChrW(&H6253&) & ChrW(&H5F00&) & ChrW(&H8981&) & ChrW(&H5904&) & ChrW(&H7406&) & ChrW(&H7684&) & ChrW(&H586B&) & ChrW(&H62A5&) & ChrW(&H5DE5&) & ChrW(&H4F5C&) & ChrW(&H7C3F&) & ChrW(&HFF08&) & ChrW(&H82E5&) & ChrW(&H7A97&) & ChrW(&H53E3&) & ChrW(&H5904&) & ChrW(&H4E8E&) & ChrW(&H201C&) & ChrW(&H53D7&) & ChrW(&H4FDD&) & ChrW(&H62A4&) & ChrW(&H7684&) & ChrW(&H89C6&) & ChrW(&H56FE&) & ChrW(&H201D&) & ChrW(&HFF0C&) & ChrW(&H8BF7&) & ChrW(&H5148&) & ChrW(&H70B9&) & ChrW(&H201C&) & ChrW(&H542F&) & ChrW(&H7528&) & ChrW(&H7F16&) & ChrW(&H8F91&) & ChrW(&H201D&)
        m = m & ChrW(&HFF09&) & ChrW(&HFF0C&) & ChrW(&H518D&) & ChrW(&H70B9&) & ChrW(&H6B64&) & ChrW(&H6309&) & ChrW(&H94AE&) & ChrW(&H3002&)
        MsgBox m, vbExclamation, ChrW(&H7EE9&) & ChrW(&H6548&) & ChrW(&H81EA&) & ChrW(&H8BC4&)
    End If
End Function

' Python answers (decided once per session by xlperf_python); otherwise the clerk is told why, in one sentence.
Private Function PythonOk() As Boolean
    PythonOk = PythonReady()
    If Not PythonOk Then ShowStatus
End Function

Public Sub OnReconnect(control As IRibbonControl)
    Reconnect
End Sub

Public Sub OnGenerateReport(control As IRibbonControl)
    If Not HasWorkbook() Then Exit Sub
    If Not PythonOk() Then Exit Sub
    RunPython "import xlperf.excel; xlperf.excel.generate_report()"
End Sub

Public Sub OnValidate(control As IRibbonControl)
    If Not HasWorkbook() Then Exit Sub
    If Not PythonOk() Then Exit Sub
    RunPython "import xlperf.excel; xlperf.excel.validate()"
End Sub

Public Sub OnOpenReportFolder(control As IRibbonControl)
    If Not HasWorkbook() Then Exit Sub
    If Not PythonOk() Then Exit Sub
    RunPython "import xlperf.excel; xlperf.excel.open_report_folder()"
End Sub

Public Sub OnSubmit(control As IRibbonControl)
    If Not HasWorkbook() Then Exit Sub
    If Not PythonOk() Then Exit Sub
    RunPython "import xlperf.excel; xlperf.excel.submit()"
End Sub

Public Sub OnRecalculate(control As IRibbonControl)
    If Not HasWorkbook() Then Exit Sub
    If Not PythonOk() Then Exit Sub
    RunPython "import xlperf.excel; xlperf.excel.recalculate()"
End Sub

Public Sub OnShowHelp(control As IRibbonControl)
    If Not HasWorkbook() Then Exit Sub
    If Not PythonOk() Then Exit Sub
    RunPython "import xlperf.excel; xlperf.excel.show_help()"
End Sub

Public Sub OnImportLastYear(control As IRibbonControl)
    If Not HasWorkbook() Then Exit Sub
    If Not PythonOk() Then Exit Sub
    RunPython "import xlperf.excel; xlperf.excel.import_last_year()"
End Sub
