"""An embedded player (`<iframe>`, `<video src>`) as the link an email can carry instead.

An email cannot play a video, but a reader can follow a link to it: a YouTube or Vimeo
player becomes a link to the video's own page, and a `<video>` with an http(s) address a
link to the file. Any other frame (an advert, a form, a widget) is no video, and no link is
made of it. The link's text is the element's title, else (or when the title is the one
embed code gives every player alike, "YouTube video player") the address itself.
"""

from __future__ import annotations

import re

from lxml import etree

_YOUTUBE = re.compile(
    r"https?://(?:www\.)?(?:youtube\.com|youtube-nocookie\.com)/embed/([\w-]{6,20})",
    re.IGNORECASE,
)
_VIMEO = re.compile(r"https?://player\.vimeo\.com/video/(\d+)", re.IGNORECASE)
_WEB = re.compile(r"https?://[^\s\"'<>]+", re.IGNORECASE)
PLAYERS = ("iframe", "video")
# The title a site's embed code gives every player alike: the address says more.
_GENERIC = re.compile(
    r"(?:(?:youtube|vimeo)\s+)?(?:(?:embedded\s+)?video(?:\s+player)?|player)", re.IGNORECASE
)


def watch_url(tag: str, src: str) -> str | None:
    """The page the player `<tag src>` shows, or None when it shows no video we know."""
    src = src.strip()
    if src.startswith("//"):
        src = "https:" + src
    if found := _YOUTUBE.match(src):
        return f"https://www.youtube.com/watch?v={found[1]}"
    if found := _VIMEO.match(src):
        return f"https://vimeo.com/{found[1]}"
    return src if tag == "video" and _WEB.fullmatch(src) else None


def as_link(el: etree._Element) -> etree._Element | None:
    """An `<a>` to what the player `el` shows (placed by the caller), or None."""
    if el.tag not in PLAYERS:
        return None
    href = watch_url(el.tag, el.get("src") or "")
    if href is None:
        return None
    link = etree.Element("a", href=href)
    title = " ".join((el.get("title") or "").split())
    link.text = href if not title or _GENERIC.fullmatch(title) else title
    return link
