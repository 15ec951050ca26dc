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
from .args.serve import DEFAULT_PORT, HELP, add_arguments  # noqa: F401 - the command's arguments, declared apart

try:  # the optional extra: pip install "xlperf[serve]" (this module is imported only when `xlperf serve` runs)
    from ..serve.demo import seed
    from ..serve.run import serve
    from ..serve.security import hash_password
    from ..serve.store import Store
    from ..serve.unitlist import read_unit_names
    MISSING = ""
except ImportError as exc:  # pragma: no cover - the extra is installed wherever the tests run
    MISSING = str(exc)

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
