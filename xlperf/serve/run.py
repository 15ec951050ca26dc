"""Running the service: uvicorn (an ASGI server) over :func:`xlperf.serve.web.create_app`.

uvicorn stops gracefully on Ctrl+C or SIGTERM (requests in progress are answered first, up to
``GRACE_SECONDS``); a server killed outright loses only what was not yet answered — the next start empties
``tmp/`` — because an upload is stored (file renamed into place, then one database row) before it is answered.
"""

from __future__ import annotations

from typing import Optional

import uvicorn

from .jobs import Pool
from .store import Store
from .web import create_app

GRACE_SECONDS = 60


def serve(store: Store, *, host: str = "127.0.0.1", port: int = 8080, year: Optional[int] = None,
          jobs: Optional[int] = None) -> int:
    store.data.prepare()
    pool = Pool(jobs)
    app = create_app(store, pool=pool, year=year)
    pool.warm()
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    print(f"报送服务已启动：http://{shown}:{port}/ （管理员登录页 /login；数据文件夹 {store.data.root}；按 Ctrl+C 停止）",
          flush=True)
    if not store.admins():
        print(f"还没有管理员：请先运行 xlperf serve admin --data {store.data.root} 用户名", flush=True)
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning", access_log=False,
                    timeout_graceful_shutdown=GRACE_SECONDS)
    finally:
        pool.close()
        store.db.close()
    return 0
