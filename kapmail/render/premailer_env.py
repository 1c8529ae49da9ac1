"""What premailer reads when it is imported, set before it is: `inliner` imports this first.

premailer keeps parsed selectors and declarations in one shared LFU cache, 128 entries by
default: fewer than one email's distinct selectors and inline styles, so every email parsed
them again. Its documented knob makes room for a series' (a value set by the user wins).
premailer also imports requests, for stylesheets it may fetch over the network: kapmail never
lets it (`allow_network=False`), so requests loads only if something uses it (`lazy`), and so
do the modules cssutils imports for the URL fetcher it never calls here.
"""

from __future__ import annotations

import os

from kapmail.lazy import on_first_use

os.environ.setdefault("PREMAILER_CACHE_MAXSIZE", "8192")
for module in ("requests", "urllib.request", "importlib.metadata", "encutils"):
    on_first_use(module)
