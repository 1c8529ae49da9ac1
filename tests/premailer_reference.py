"""What premailer itself writes: the reference kapmail's inliner is held to.

kapmail replaces two of premailer's module functions with its own (`render.inliner`):
`merge_styles`, computed once per distinct input, and `csstext_to_pairs`, never validating.
The reference puts premailer's own back while it runs, and parses every stylesheet afresh.
"""

from __future__ import annotations

from kapmail.render import inliner  # first: it sets what premailer reads on import

# isort: split
from premailer import Premailer, merge_style
from premailer import premailer as premailer_module


def premailer_writes(page: str) -> str:
    """`Premailer(page).transform(pretty_print=False)` with kapmail's options, unpatched."""
    kept = premailer_module.merge_styles, merge_style.csstext_to_pairs
    premailer_module.merge_styles = inliner._PREMAILER_MERGE
    merge_style.csstext_to_pairs = inliner._PREMAILER_PAIRS
    try:
        plain = Premailer(page, cache_css_parsing=False, **inliner._OPTIONS)
        return plain.transform(pretty_print=False)
    finally:
        premailer_module.merge_styles, merge_style.csstext_to_pairs = kept
