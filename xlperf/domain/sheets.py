"""The names of the form's sheets, as a clerk sees them on the tabs (pure core).

Declared once, here: the workbook builder and reader (:mod:`xlperf.workbook.layout` re-exports them), the
checks that name a sheet in their messages, the report and the outlines all read these names.
"""

from __future__ import annotations

S_GUIDE = "说明"
S_BASIC = "基本情况"
S_IND = "指标评分"
S_BUDGET = "预算资金"
S_SUMMARY = "总评"
S_TEXT = "文字材料"
S_SETTINGS = "设置"
S_RULES = "规则数据"  # hidden: the form's complete rule profile, one TOML line per cell of column A
