"""Jekyll's Liquid tags in a Markdown post (`{% include card.html url="…" title="…" %}`,
`{% raw %}`, `{% comment %}…{% endcomment %}`): the site's templating, not the article.

Outside code (fenced blocks and backtick spans, where a post about Jekyll shows its tags),
the marker of each of Jekyll's site tags (`SITE_TAGS`) is taken out and named for a notice,
the text between a pair kept; what a `{% comment %}` pair holds is the author's note to
themselves and is left out; an `{% include %}` that names an http(s) `url` (a site's "link
card") becomes a link to it, its `title` or `description` the link's text. Control flow
(`{% if %}`, `{% for %}`) stays as written: which text it picks depends on the site, so
check M2 names it for the author to resolve.
"""

from __future__ import annotations

import re
from html import escape

_TAG = re.compile(r"\{%-?\s*(\w+)(.*?)-?%\}")
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_FENCE = re.compile(r"(`{3,}|~{3,})")
_WEB = re.compile(r"https?://\S+", re.IGNORECASE)
SITE_TAGS = frozenset(
    {"include", "include_relative", "raw", "highlight", "link", "post_url", "gist", "youtube"}
)
_HANDLED = SITE_TAGS | {"comment"}


def without_tags(text: str) -> tuple[str, list[tuple[str, int]]]:
    """`text` with its Liquid tags handled, and each tag left out as (name, line)."""
    found: list[tuple[str, int]] = []
    lines: list[str] = []
    fence = ""
    hidden = False  # inside {% comment %}
    for number, line in enumerate(text.split("\n"), start=1):
        opening = _FENCE.match(line.lstrip())
        if fence:  # inside a fenced block: kept as written, up to its closing fence
            if line.lstrip().startswith(fence):
                fence = ""
            lines.append(line)
            continue
        if opening and not hidden:
            fence = opening[1][0] * 3
            lines.append(line)
            continue
        if "{%" not in line and not hidden:
            lines.append(line)
            continue
        pieces = line.split("`")
        for index in range(0, len(pieces), 2):  # the even pieces are outside backtick code
            pieces[index], hidden = _piece(pieces[index], number, hidden, found)
        lines.append("`".join(pieces))
    return "\n".join(lines), found


def _piece(text: str, line: int, hidden: bool, found: list[tuple[str, int]]) -> tuple[str, bool]:
    out: list[str] = []
    at = 0
    for match in _TAG.finditer(text):
        name = match[1].lower()
        if name.removeprefix("end") not in _HANDLED:
            continue  # control flow: left as written
        if not hidden:
            out.append(text[at : match.start()])
        at = match.end()
        if name == "comment":
            hidden = True
        elif name == "endcomment":
            hidden = False
        elif not hidden:
            link = _link(name, match[2])
            if link:
                out.append(link)
            elif not name.startswith("end"):
                found.append((name, line))
    if not hidden:
        out.append(text[at:])
    return "".join(out), hidden


def _link(name: str, rest: str) -> str:
    if name != "include":
        return ""
    values = {m[1]: m[2] if m[2] is not None else m[3] for m in _ATTRIBUTE.finditer(rest)}
    url = values.get("url", "")
    if not _WEB.fullmatch(url):
        return ""
    text = values.get("title") or values.get("description") or url
    return f'<a href="{escape(url)}">{escape(text)}</a>'
