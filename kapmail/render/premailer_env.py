"""What premailer reads when it is imported, set before it is: `steps` imports this first.

premailer keeps parsed selectors and declarations in one shared LFU cache, 128 entries by
default: fewer than one email's distinct selectors and inline styles, so every email parsed
them again. Its documented knob makes room for a series' (a value set by the user wins).
premailer also imports requests, for stylesheets it may fetch over the network: kapmail never
lets it (`allow_network=False`), so requests loads only if something uses it (`lazy`).
"""

from __future__ import annotations

import os

from kapmail.lazy import on_first_use

os.environ.setdefault("PREMAILER_CACHE_MAXSIZE", "8192")
on_first_use("requests")
