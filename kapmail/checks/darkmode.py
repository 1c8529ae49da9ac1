"""D: dark mode (compliance.md section 5)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from kapmail.checks.accessibility import contrast_hits
from kapmail.checks.context import Context
from kapmail.checks.engine import REGISTRY, Hit, warning

FAMILY = REGISTRY.family("D", "Dark mode")
_ROOT_SCHEME = re.compile(r":root\s*\{[^}]*color-scheme\s*:\s*light\s+dark", re.IGNORECASE)


@REGISTRY.rule("D1", "color-scheme meta tags and :root { color-scheme: light dark }")
def colour_scheme(ctx: Context) -> Iterator[Hit]:
    """`<meta name="color-scheme">` and `supported-color-schemes` with `light dark`, and `:root {
    color-scheme: light dark }`

    Severity: W.
    """
    doc = ctx.doc
    metas = {
        (m.get("name") or "").lower(): (m.get("content") or "").lower()
        for m in doc.elements("meta")
    }
    for name in ("color-scheme", "supported-color-schemes"):
        if "light" not in metas.get(name, "") or "dark" not in metas.get(name, ""):
            yield warning(
                f'no <meta name="{name}" content="light dark">: clients that honour it will '
                "invert colours their own way; add it to the <head>",
            )
    if not _ROOT_SCHEME.search(doc.stylesheet):
        yield warning(
            "no :root { color-scheme: light dark; } in the styles: add it so Apple Mail "
            "uses the dark palette",
        )


@REGISTRY.rule("D2", "the dark palette passes WCAG contrast too")
def dark_contrast(ctx: Context) -> Iterator[Hit]:
    """A6 again with the `@media (prefers-color-scheme: dark)` palette applied

    Severity: E.
    """
    if ctx.doc.has_dark_palette:
        yield from contrast_hits(ctx.doc, dark=True)
