Attribute VB_Name = "xlperf_ribbon"
' xlperf: callbacks of the ribbon tab (customUI14.xml). Each button runs one action of xlperf/excel.py
' through xlwings' RunPython; the Python side shows every message to the clerk.
' Keep this module ASCII: VBA stores source in the project's code page.
Option Explicit

Public Sub OnGenerateReport(control As IRibbonControl)
    RunPython "import xlperf.excel; xlperf.excel.generate_report()"
End Sub

Public Sub OnValidate(control As IRibbonControl)
    RunPython "import xlperf.excel; xlperf.excel.validate()"
End Sub

Public Sub OnOpenReportFolder(control As IRibbonControl)
    RunPython "import xlperf.excel; xlperf.excel.open_report_folder()"
End Sub

Public Sub OnRecalculate(control As IRibbonControl)
    RunPython "import xlperf.excel; xlperf.excel.recalculate()"
End Sub

Public Sub OnShowHelp(control As IRibbonControl)
    RunPython "import xlperf.excel; xlperf.excel.show_help()"
End Sub
