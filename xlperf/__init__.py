"""xlperf — 部门整体绩效自评：Excel 填报、实时计分、自动生成自评报告.

Package layers (see README "代码结构"):

* pure core — ``numbers``, ``scoring``, ``problems``, ``model``, ``profiles``, ``evaluate``,
  ``validate``, ``report.context``: import neither xlwings nor openpyxl;
* adapters — ``workbook`` (openpyxl / live xlwings sources), ``report.render`` (docx/md/html/pdf),
  ``excel`` (ribbon actions), ``cli``, ``batch``;
* use cases — ``app`` (load and check once, the report's context built once, where a report goes, write,
  open): the CLI, the ribbon, Send To (``openreport``) and ``batch`` are front ends over it;
* ``errors`` — every exception class (stdlib only);
* ``udfs`` — the Excel functions; imports only xlwings and the light ``numbers``/``scoring`` modules.
"""

__version__ = "0.1.0"
