"""A module imported on its first real use.

premailer imports requests (and with it urllib3, chardet and idna: 40-60 ms of every build)
for the stylesheets it could fetch over the network, which kapmail never lets it do
(`allow_network=False`). `on_first_use("requests")` puts a stand-in under that name; the
first attribute read from it imports the real module and answers from it, so nothing changes
for code that does use it. (The stdlib's `importlib.util.LazyLoader` loads the module as soon
as a second `import` statement names it, which is just what premailer does.) cssutils, under
premailer, imports `urllib.request` (with http.client and ssl), `importlib.metadata` and
encutils for its URL fetcher, which it calls only for a remote `@import`: they wait too.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import Any


class _StandIn(types.ModuleType):
    """Stands for a module not yet imported; its attributes come from the real one."""

    def __getattr__(self, name: str) -> Any:
        if sys.modules.get(self.__name__) is self:
            del sys.modules[self.__name__]
        return getattr(importlib.import_module(self.__name__), name)


def on_first_use(name: str) -> None:
    """Import `name` only when one of its attributes is first read (if not imported yet).
    A submodule's stand-in is its package's attribute too, as the real one would be."""
    if name in sys.modules:
        return
    stand_in = sys.modules[name] = _StandIn(name)
    package, _, child = name.rpartition(".")
    if package:
        setattr(importlib.import_module(package), child, stand_in)
