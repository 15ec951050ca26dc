"""Start-up of the ``xlperf`` process: work every command would otherwise pay for nothing.

xlperf uses no pydantic plugins.  pydantic looks for plugins with ``importlib.metadata`` (about
10 ms per process, a third of what separates ``xlperf report`` from a bare docxtpl script) even
when ``PYDANTIC_DISABLE_PLUGINS`` says there are none.  For the CLI process only, the loader
module is replaced by one that answers "no plugins"; any other name asked of it is served by the
real module, loaded on demand, so a newer pydantic that wants more from it still works.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
import types

LOADER = "pydantic.plugin._loader"


@functools.lru_cache(maxsize=1)
def _real_loader():
    spec = importlib.util.find_spec("pydantic.plugin")
    path = os.path.join(list(spec.submodule_search_locations)[0], "_loader.py")
    real_spec = importlib.util.spec_from_file_location(LOADER + "__real", path)
    module = importlib.util.module_from_spec(real_spec)
    real_spec.loader.exec_module(module)
    return module


def no_pydantic_plugins() -> None:
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    if LOADER in sys.modules or os.environ["PYDANTIC_DISABLE_PLUGINS"] not in ("1", "true", "__all__"):
        return
    stub = types.ModuleType(LOADER, "xlperf: pydantic plugins disabled (see xlperf.commands.startup)")

    def get_plugins():
        return ()

    def __getattr__(name):
        if name.startswith("__"):  # the import system probes __path__ & co.: not a request for the real module
            raise AttributeError(name)
        return getattr(_real_loader(), name)

    stub.get_plugins = get_plugins
    stub.__getattr__ = __getattr__
    sys.modules[LOADER] = stub
