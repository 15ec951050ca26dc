"""pytest plugin for `make mutate` only (pyproject.toml [tool.mutmut] loads it with ``-p``).

* mutmut needs pytest's unescaped test ids (see the comment there); with them pytest cannot name a parameter that
  is ``bytes`` (tests/test_import.py, test_workbook_read.py: “expected str instance, bytes found”).  Such a
  parameter is named by its length and a short hash, the same in every session of the process.
* ``xlperf batch`` runs its workbooks in worker processes (a forkserver, else spawn), which would import the
  parent's ``__main__`` — here mutmut's command line, which then looks for its settings in the wrong folder and
  stops the worker.  The workers need nothing from ``__main__`` (their functions live in xlperf.batch.worker), so
  the preparation data a new process gets leaves it out.  The workers inherit MUTANT_UNDER_TEST, so they run the
  mutant too — except while mutmut records which test calls which function (MUTANT_UNDER_TEST=stats): a worker
  could not record there (it finds no settings), so it runs the plain code.
* mutmut forks one process per mutant from a process whose tests may already have started the fork server; a forked
  child cannot use its parent's server (``ChildProcessError``, which would fail every batch test and “kill” every
  mutant they touch).  The child forgets it and starts its own, with the mutant switched on.
"""

import hashlib
import multiprocessing.forkserver
import multiprocessing.spawn
import os


def pytest_make_parametrize_id(config, val, argname):
    if isinstance(val, (bytes, bytearray)):
        return f"{argname}-{len(val)}B-{hashlib.sha256(bytes(val)).hexdigest()[:8]}"
    return None


def _without_main(get_preparation_data):
    def preparation_data(name):
        data = get_preparation_data(name)
        data.pop("init_main_from_path", None)
        data.pop("init_main_from_name", None)
        return data

    preparation_data.wrapped = get_preparation_data
    return preparation_data


def _plain_while_recording(start):
    def ensure_running(self):
        if os.environ.get("MUTANT_UNDER_TEST") != "stats":
            return start(self)
        os.environ["MUTANT_UNDER_TEST"] = ""  # the fork server and its workers inherit this
        try:
            return start(self)
        finally:
            os.environ["MUTANT_UNDER_TEST"] = "stats"

    ensure_running.wrapped = start
    return ensure_running


def _forget_the_parents_fork_server():
    server = multiprocessing.forkserver._forkserver
    server._forkserver_address = server._forkserver_alive_fd = server._forkserver_pid = None


_registered = []


def pytest_configure(config):
    if not _registered:
        os.register_at_fork(after_in_child=_forget_the_parents_fork_server)
        _registered.append(True)
    if not hasattr(multiprocessing.spawn.get_preparation_data, "wrapped"):
        multiprocessing.spawn.get_preparation_data = _without_main(multiprocessing.spawn.get_preparation_data)
    server = multiprocessing.forkserver.ForkServer
    if not hasattr(server.ensure_running, "wrapped"):
        server.ensure_running = _plain_while_recording(server.ensure_running)
