"""xlperf serve — the bureau's intranet service, and its setup without a browser.

::

    xlperf serve --data DIR [--host H] [--port P] [--year Y] [--jobs N] [--db URL]   run the service
    xlperf serve units add --data DIR 单位名称…      add units; print each name and its link (tab-separated)
    xlperf serve units import --data DIR 名单.xlsx   the same from a list (单位名称 column, or last year's 汇总表)
    xlperf serve admin --data DIR 用户名             set an administrator's password (asked, or --password-stdin)
    xlperf serve token --data DIR                    print a bearer token for the API (/api/progress …)
    xlperf serve demo --data DIR                     the bundled example data (make serve)
"""

from __future__ import annotations

import getpass
import sys

from ..errors import InputError
from .zh_argparse import examples

try:  # the optional extra: pip install "xlperf[serve]" (this module is imported only when `xlperf serve` runs)
    from ..serve.demo import seed
    from ..serve.run import serve
    from ..serve.security import hash_password
    from ..serve.store import Store
    from ..serve.unitlist import read_unit_names
    MISSING = ""
except ImportError as exc:  # pragma: no cover - the extra is installed wherever the tests run
    MISSING = str(exc)

HELP = "财政局报送服务：各单位在浏览器中上传填报表，即时检查并生成报告"
DEFAULT_PORT = 8080


def _data(p, required: bool = True) -> None:
    p.add_argument("--data", required=required, metavar="文件夹", help="数据文件夹：数据库、收到的填报表、报告都在其中")
    p.add_argument("--db", metavar="URL", help="PostgreSQL 数据库（postgresql://…）；缺省用数据文件夹中的 SQLite")


def add_arguments(parser) -> None:
    _data(parser, required=False)
    parser.add_argument("--host", default="127.0.0.1", metavar="地址", help="监听地址（内网服务用 0.0.0.0；缺省只本机）")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="端口", help=f"端口（缺省 {DEFAULT_PORT}）")
    parser.add_argument("--year", type=int, metavar="年度", help="只收这一年度的填报表（缺省按设置页，未设则不限）")
    parser.add_argument("--jobs", type=int, metavar="进程数", help="同时检查的进程数（缺省：CPU数）")
    parser.add_argument("--base-url", default="", metavar="网址", help="打印链接时用的服务地址，如 http://10.1.2.3:8080")
    sub = parser.add_subparsers(dest="action", metavar="操作")
    units = sub.add_parser("units", help="添加、导入单位并打印报送链接")
    unit_sub = units.add_subparsers(dest="units_action", metavar="操作", required=True)
    add = unit_sub.add_parser("add", help="添加单位")
    _data(add)
    add.add_argument("names", nargs="+", metavar="单位名称")
    add.add_argument("--base-url", default="", metavar="网址", help="链接前面的服务地址")
    imp = unit_sub.add_parser("import", help="从名单导入单位（.xlsx 的“单位名称”列，或上年汇总表）")
    _data(imp)
    imp.add_argument("file", metavar="名单")
    imp.add_argument("--base-url", default="", metavar="网址", help="链接前面的服务地址")
    adm = sub.add_parser("admin", help="设置管理员密码（没有则新建）")
    _data(adm)
    adm.add_argument("name", metavar="用户名")
    adm.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（脚本用）")
    tok = sub.add_parser("token", help="生成管理员的 API 令牌（Authorization: Bearer …）")
    _data(tok)
    tok.add_argument("--admin", default="api", metavar="用户名", help="令牌记在谁名下（操作记录中显示）")
    demo = sub.add_parser("demo", help="生成示例数据（几个单位，一个已通过，一个有错误）")
    _data(demo)
    demo.add_argument("--base-url", default="", metavar="网址", help="链接前面的服务地址")
    examples(parser, "xlperf serve units import --data 报送数据 单位名单.xlsx",
             "xlperf serve --data 报送数据 --host 0.0.0.0 --port 8080 --year 2024")


def _base(args) -> str:
    return (args.base_url or f"http://127.0.0.1:{DEFAULT_PORT}").rstrip("/")


def print_units(units, base: str) -> None:
    for unit in units:
        print(f"{unit['name']}\t{base}/u/{unit['token']}")


def run(args) -> int:
    if MISSING:
        print(f"报送服务需要另外安装：pip install \"xlperf[serve]\"（{MISSING}）", file=sys.stderr)
        return 2
    if not args.data:
        print("请用 --data 指定数据文件夹，如：xlperf serve --data 报送数据", file=sys.stderr)
        return 2
    try:
        store = Store.open(args.data, args.db)
    except Exception as exc:  # noqa: BLE001 - sqlite3/psycopg raise their own kinds; say it in one line
        print(f"无法打开数据文件夹或数据库：{exc}", file=sys.stderr)
        return 2
    if args.action == "units":
        return _units(store, args)
    if args.action == "admin":
        return _admin(store, args)
    if args.action == "token":
        print(store.new_api_token(args.admin))
        store.log(args.admin, "生成API令牌", "命令行")
        return 0
    if args.action == "demo":
        return seed(store, _base(args))
    return serve(store, host=args.host, port=args.port, year=args.year, jobs=args.jobs)


def _units(store, args) -> int:
    if args.units_action == "import":
        try:
            names = read_unit_names(args.file)
        except InputError as exc:
            print(str(exc), file=sys.stderr)
            return 2
    else:
        names = args.names
    units = []
    for name in names:
        try:
            unit, created = store.add_unit(name)
        except ValueError as exc:
            print(str(exc), file=sys.stderr)
            return 2
        if created:
            store.log("命令行", "添加单位", unit["name"])
        units.append(unit)
    print_units(units, _base(args))
    return 0


def _admin(store, args) -> int:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("新密码：")
        if getpass.getpass("再输入一次：") != password:
            print("两次输入的密码不一致", file=sys.stderr)
            return 2
    if len(password) < 8:
        print("密码至少8个字符", file=sys.stderr)
        return 2
    store.set_admin(args.name, hash_password(password))
    store.log("命令行", "设置管理员密码", args.name)
    print(f"管理员“{args.name}”的密码已设置。")
    return 0
