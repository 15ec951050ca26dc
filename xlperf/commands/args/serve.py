"""The arguments of xlperf serve — the bureau's intranet service and its setup (``xlperf serve units add …``)."""

from __future__ import annotations

from ..zh_argparse import examples

HELP = "财政局报送服务：各单位在浏览器中上传填报表，即时检查并生成报告"
DEFAULT_PORT = 8080


def _data(p, required: bool = False) -> None:
    p.add_argument("--data", required=required, metavar="文件夹", help="数据文件夹：数据库、收到的填报表、报告都在其中")
    p.add_argument("--db", metavar="URL", help="PostgreSQL 数据库（postgresql://…）；缺省用数据文件夹中的 SQLite")


def add_arguments(parser) -> None:
    _data(parser)
    parser.add_argument("--host", default="127.0.0.1", metavar="地址", help="监听地址（内网服务用 0.0.0.0；缺省只本机）")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="端口", help=f"端口（缺省 {DEFAULT_PORT}）")
    parser.add_argument("--year", type=int, metavar="年度", help="只收这一年度的填报表（缺省按设置页，未设则不限）")
    parser.add_argument("--jobs", type=int, metavar="进程数", help="同时检查的进程数（缺省：CPU数）")
    parser.add_argument("--base-url", metavar="网址", help="打印链接时用的服务地址，如 http://10.1.2.3:8080")
    sub = parser.add_subparsers(dest="action", metavar="操作", help="不写操作时启动服务")
    units = sub.add_parser("units", help="添加、导入单位并打印报送链接")
    unit_sub = units.add_subparsers(dest="units_action", metavar="操作", required=True, help="add 或 import")
    add = unit_sub.add_parser("add", help="添加单位")
    _data(add, required=True)
    add.add_argument("names", nargs="+", metavar="单位名称", help="要添加的单位名称，可以多个")
    add.add_argument("--base-url", metavar="网址", help="链接前面的服务地址")
    imp = unit_sub.add_parser("import", help="从名单导入单位（.xlsx 的“单位名称”列，或上年汇总表）")
    _data(imp, required=True)
    imp.add_argument("file", metavar="名单", help="单位名单（.xlsx）或上年汇总表")
    imp.add_argument("--base-url", metavar="网址", help="链接前面的服务地址")
    adm = sub.add_parser("admin", help="设置管理员密码（没有则新建）")
    _data(adm, required=True)
    adm.add_argument("name", metavar="用户名", help="管理员的用户名")
    adm.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（脚本用）")
    tok = sub.add_parser("token", help="生成管理员的 API 令牌（Authorization: Bearer …）")
    _data(tok, required=True)
    tok.add_argument("--admin", default="api", metavar="用户名", help="令牌记在谁名下（操作记录中显示）")
    demo = sub.add_parser("demo", help="生成示例数据（几个单位，一个已通过，一个有错误）")
    _data(demo, required=True)
    demo.add_argument("--base-url", metavar="网址", help="链接前面的服务地址")
    examples(parser, "xlperf serve units import --data 报送数据 单位名单.xlsx",
             "xlperf serve --data 报送数据 --host 0.0.0.0 --port 8080 --year 2024")
