"""The sentences the VBA module ``xlperf_python`` promises the clerk, written out once for the tests.

Hand-written from the issue's wording (issue 22) — not read from xlperf.macro.offline — so that a test of the
generated text (tests/test_macro_vba_mutants.py) and a test of the VBA run in an interpreter (tests/test_vba_offline.py)
hold the module to the same promise. ``%1`` is what the VBA code fills in.
"""

PROMISED = {
    "Title": "绩效自评",
    "Status": "未连接到 Python（%1）：本表改用 Excel 自带公式计算，分数和等级不变，但不能生成报告；"
              "请运行安装包中的 install.bat 或联系信息科，装好后点「绩效自评」选项卡的「重新连接」。",
    "Wps": "WPS 表格中本表用自带公式计算，分数和等级不变；生成报告请在文件上点右键「发送到」→「生成绩效自评报告」。",
    "Missing": "找不到 %1",
    "NoDll": "Python 环境中缺少 xlwings 组件 %1",
    "Blocked": "Python 无法启动，可能被安全软件或系统策略拦截",
    "Timeout": "Python 在 %1 秒内没有响应，可能被安全软件拦截",
    "Broken": "Python 环境不完整，xlperf 或 xlwings 0.37.8 无法导入",
    "CallFailed": "Excel 调用 Python 函数失败",
    "Reconnected": "已连接到 Python，全部公式已重新计算。",
    "Detail": "技术信息（供信息科）：",
}


def status(key: str, filled: str = "") -> str:
    """The status sentence whose reason is the sentence ``key`` with ``filled`` for its ``%1``."""
    return PROMISED["Status"].replace("%1", PROMISED[key].replace("%1", filled))
