"""Neutral placeholders the templates write, replaced after inlining.

premailer mangles `{{ }}` inside `href`, so templates never hold a platform's merge tag.
They write the tokens below; `kapmail.platforms` decides what replaces each one, and
`fill` does the replacing on the finished HTML or text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from kapmail.errors import KapmailError

PREFIX = "__KAPMAIL_"
UNSUBSCRIBE = f"{PREFIX}UNSUBSCRIBE_URL__"
PREFERENCES = f"{PREFIX}PREFERENCES_URL__"
WEB_VIEW = f"{PREFIX}WEB_VIEW_URL__"
POSTAL_ADDRESS = f"{PREFIX}POSTAL_ADDRESS__"
FIRST_NAME = f"{PREFIX}FIRST_NAME__"
ALL = (UNSUBSCRIBE, PREFERENCES, WEB_VIEW, POSTAL_ADDRESS, FIRST_NAME)
LINKS = {"unsubscribe": UNSUBSCRIBE, "preferences": PREFERENCES, "web_view": WEB_VIEW}
MERGE = {"postal_address": POSTAL_ADDRESS, "first_name": FIRST_NAME}
_LEFTOVER = re.compile(re.escape(PREFIX) + r"[A-Z_]*")


@dataclass(frozen=True)
class Fill:
    """What replaces one token: final HTML (already escaped) and final text.

    None means "this platform has nothing here": the paragraph (HTML) or line (text)
    holding the token is dropped. Only optional links such as the web view may be None.
    """

    html: str | None
    text: str | None


def fill(content: str, values: Mapping[str, Fill], *, html: bool) -> str:
    """Replace every placeholder; refuse any token left over (a typo in a template)."""
    for token in ALL:
        value = values[token].html if html else values[token].text
        if value is None:
            content = _drop_html(content, token) if html else _drop_lines(content, token)
        else:
            content = content.replace(token, value)
    leftover = _LEFTOVER.search(content)
    if leftover:
        raise KapmailError(
            f"unknown placeholder {leftover.group(0)!r} in the rendered email",
            hint=f"templates may use links.{', links.'.join(LINKS)} and "
            f"merge.{', merge.'.join(MERGE)}",
        )
    return content


def _drop_html(html: str, token: str) -> str:
    """Remove the paragraph holding a link to `token` (and the indent before it), else the
    link, else the token."""
    if token not in html:
        return html
    link = rf'<a\b[^>]*\bhref="{token}"[^>]*>.*?</a>'
    # Searched from its "<p" (a pattern that starts with a literal is found fast); the
    # spaces and tabs before it go too.
    paragraph = re.compile(rf"<p\b[^>]*>\s*{link}\s*</p>[ \t]*\n?", re.DOTALL)
    kept, done = [], 0
    for found in paragraph.finditer(html):
        start = found.start()
        while start > done and html[start - 1] in " \t":
            start -= 1
        kept.append(html[done:start])
        done = found.end()
    html = "".join(kept) + html[done:]
    html = re.sub(link, "", html, flags=re.DOTALL)
    return html.replace(token, "")


def _drop_lines(text: str, token: str) -> str:
    """Remove each line holding `token`, and the "Label:" line just before a lone <token>."""
    kept: list[str] = []
    for line in text.splitlines(keepends=True):
        if token not in line:
            kept.append(line)
        elif line.strip() == f"<{token}>" and kept and kept[-1].rstrip().endswith(":"):
            kept.pop()
    return "".join(kept)
