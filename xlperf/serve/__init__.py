"""``xlperf serve``: the finance bureau's intranet service (issue 25) — a front end like the CLI and batch.

Every unit submits its workbook from a browser through its own link; the service checks it with the same
use-case path as ``xlperf check`` (:mod:`xlperf.app`) inside the batch's worker processes
(:mod:`xlperf.batch.worker`), keeps every upload, and shows the bureau 报送进度, 汇总, 排名 and 问题清单.

Modules: :mod:`db` (SQLite or PostgreSQL, schema migrations), :mod:`store` (units, uploads, administrators,
audit log: what the service remembers), :mod:`files` (the data folder: uploads by content hash, reports;
atomic writes), :mod:`jobs` (the bounded worker pool), :mod:`submit` (one upload → its answer),
:mod:`security` (passwords, lock-out, CSRF), :mod:`progress` (the bureau's view: 报送进度, 排名, 问题清单,
汇总表), :mod:`unitlist` (the unit list .xlsx), :mod:`web` (the Starlette application, the units' pages and
/api/submit), :mod:`admin` (the bureau's pages and API), :mod:`reports` (report downloads, PDF),
:mod:`run` (uvicorn), :mod:`demo` (``make serve``'s example data).  ``xlperf serve …`` is
:mod:`xlperf.commands.serve`.

Needs the optional extra ``xlperf[serve]`` (Starlette, uvicorn, python-multipart, argon2-cffi, itsdangerous).
Nothing outside this package imports it, so the UDF server and the ribbon never load those libraries.
"""
