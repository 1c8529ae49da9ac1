"""What every structured reader (Markdown, HTML) shares: which links and images are kept,
how spans are joined and trimmed, and how a heading becomes a section or a sub-heading.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from kapmail.content.model import Heading, Inline, LineBreak, Link, Spans, Text
from kapmail.text import tel_uri

if TYPE_CHECKING:
    from linkify_it import LinkifyIt

LINK_SCHEME = re.compile(r"(?:https?|mailto):", re.IGNORECASE)  # links kept: the rest is text


_URL_BREAKS = str.maketrans("", "", "\t\r\n")  # browsers drop these from a URL
_URL_UNSAFE = str.maketrans({" ": "%20", '"': "%22", "<": "%3C", ">": "%3E", "`": "%60"})


def clean_url(url: str) -> str:
    """A URL as a browser reads it: tabs and line breaks dropped, and the characters an
    attribute or the plain text could take for markup percent-encoded."""
    return url.strip().translate(_URL_BREAKS).translate(_URL_UNSAFE)


def kept_href(href: str) -> str | None:
    """The link target an email keeps: http(s) and mailto (cleaned), a phone number as a
    dialable `tel:` (`tel:+1 555-0100` -> `tel:+15550100`); None leaves the link's text."""
    url = clean_url(href)
    if LINK_SCHEME.match(url):
        return url
    if url[:4].lower() == "tel:":
        return tel_uri(unquote(url[4:]))
    return None


def dropped_links(
    path: Path | None, dropped: Sequence[tuple[str, int]], unit: str
) -> tuple[str, ...]:
    """One notice for the links kept as text because an email cannot carry their address
    (javascript:, data:, file:, a relative path…), naming the first few and where they are."""
    if not dropped:
        return ()
    return (
        f"{path or 'article'}: {len(dropped)} link(s) kept as text only: "
        f"{_first_few([(href[:40], line) for href, line in dropped], unit)}; an email carries "
        "http(s), mailto and tel: links",
    )


def site_pictures_kept_as_text(
    path: Path | None, found: Sequence[tuple[str, int]], unit: str
) -> tuple[str, ...]:
    """One notice for the pictures with a site path (`/assets/a.png`), which no inbox can
    fetch and are kept as their alt text, naming the first few and where they are."""
    if not found:
        return ()
    return (
        f"{path or 'article'}: {len(found)} picture(s) with a site path kept as their alt text "
        f"only: {_first_few(found, unit)}; give their full https:// address to show them",
    )


def _first_few(found: Sequence[tuple[str, int]], unit: str) -> str:
    """The first three (address, line) pairs as a notice names them, and how many more."""
    shown = ", ".join(f"{address!r} ({unit} {line})" for address, line in found[:3])
    return shown + (f" and {len(found) - 3} more" if len(found) > 3 else "")


MAX_DEPTH = 8  # lists and quotes nested deeper are flattened, never dropped


def flattened(path: Path | None, lines: Sequence[int], unit: str) -> tuple[str, ...]:
    """One notice for lists or quotes nested deeper than MAX_DEPTH (first at `lines[0]`)."""
    if not lines:
        return ()
    return (
        f"{path or 'article'}: lists or quotes nested over {MAX_DEPTH} levels deep were "
        f"flattened (first at {unit} {lines[0]}); nothing of them is lost",
    )


PIXEL_MAX = 2  # an image this small (width or height, in px) shows nothing: it tracks
IMAGE_SCHEME = re.compile(r"https?:", re.IGNORECASE)  # remote images kept


def remote_image(src: str) -> str | None:
    """A remote picture's URL: http(s) as written, a scheme-less `//host/a.png` (which has
    no page to take a scheme from in an email) as https; None for anything else."""
    src = clean_url(src)
    if IMAGE_SCHEME.match(src):
        return src
    if src.startswith("//") and len(src) > 2 and src[2] != "/":
        return f"https:{src}"
    return None


SECTION_LEVELS = {"h1": 1, "h2": 2, "h3": 3}  # [article] sections, as a heading level
_NUMBER = re.compile(r"(\d{1,3})[.)]\s+(\S.*)", re.DOTALL)


def heading(title: str, line: int) -> Heading:
    """A section heading; a leading `3.` or `3)` becomes its number."""
    match = _NUMBER.fullmatch(title)
    if match:
        return Heading(match[2], line, int(match[1]))
    return Heading(title, line)


def subheading_level(level: int, section: int) -> int:
    """The email heading level (3-6) of a heading `level` deeper than the `section` level."""
    return min(6, max(3, 2 + level - section))


def merge(spans: Sequence[Inline]) -> Spans:
    """Adjacent Text spans joined, empty ones dropped."""
    out: list[Inline] = []
    for span in spans:
        if isinstance(span, Text):
            if not span.text:
                continue
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text + span.text)
                continue
        out.append(span)
    return tuple(out)


def trim(spans: Sequence[Inline]) -> Spans:
    """Spans without leading or trailing whitespace and line breaks."""
    out = list(spans)
    for index, strip in ((0, str.lstrip), (-1, str.rstrip)):
        while out and isinstance(out[index], LineBreak | Text):
            span = out[index]
            text = strip(span.text) if isinstance(span, Text) else ""
            if text:
                out[index] = Text(text)
                break
            out.pop(index)
    return tuple(out)


@functools.cache
def _linkify() -> LinkifyIt:
    """The link finder, made when a text may hold a link (it compiles large patterns)."""
    from linkify_it import LinkifyIt  # only for a text that may hold a link

    return LinkifyIt()


def bare_links(text: str) -> Spans:
    """Plain text with its bare http(s)/www URLs and e-mail addresses as links."""
    # Cheap checks first: most paragraphs have no link. Only http(s), mailto and www. links
    # are kept, and each has "://", "@" or "www." (linkify's own pretest is 0.3 ms a line).
    if not ("://" in text or "@" in text or "www." in text.lower()):
        return (Text(text),)
    linkify = _linkify()
    if not linkify.pretest(text):
        return (Text(text),)
    out: list[Inline] = []
    pos = 0
    for match in linkify.match(text) or ():
        schema, raw = match.schema.lower(), text[match.index : match.last_index]
        if schema in ("http:", "https:", "mailto:"):
            href = match.url
        elif not schema and raw.lower().startswith("www."):
            href = f"https://{raw}"
        else:
            continue  # bare domains, ftp:, //host: left as text
        if match.index > pos:
            out.append(Text(text[pos : match.index]))
        out.append(Link(href, (Text(raw),)))
        pos = match.last_index
    if pos < len(text):
        out.append(Text(text[pos:]))
    return tuple(out)
