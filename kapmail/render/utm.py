"""UTM link tagging: add utm_* parameters to links to the campaign's own domains.

Pure and idempotent: a key already in a link's query is never added again, existing
parameters keep their order, and links that are not plain http(s) URLs on the listed
domains (placeholders, merge tags, mailto:, other sites, the unsubscribe and
preferences URLs) are left exactly as they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape, unescape
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit, urlunsplit

from kapmail import platforms
from kapmail.config import Campaign

_ANCHOR = re.compile(r"<(?:a|v:roundrect)\b[^>]*>", re.IGNORECASE)
_HREF = re.compile(r'(\bhref=")([^"]*)(")', re.IGNORECASE)
_TEXT_URL = re.compile(r"https?://[^\s<>\"']+")
_TRAILING = ".,;:!?"


@dataclass(frozen=True)
class Utm:
    """The parameters for one email and where they apply."""

    params: tuple[tuple[str, str], ...]
    domains: tuple[str, ...]
    skip: tuple[str, ...] = ()

    @property
    def enabled(self) -> bool:
        return bool(self.params and self.domains)


def for_email(campaign: Campaign, email_slug: str) -> Utm:
    """UTM settings from the campaign's [utm] table, with utm_content = the email slug."""
    utm, sender = campaign.utm, campaign.sender
    if not utm.enabled:
        return Utm(params=(), domains=())
    domains = utm.domains or (urlsplit(sender.website).hostname or "",)
    params = (
        ("utm_source", utm.source),
        ("utm_medium", utm.medium),
        ("utm_campaign", utm.campaign or campaign.slug),
        ("utm_content", email_slug),
    )
    skip = (sender.unsubscribe_url, sender.preferences_url)
    return Utm(params=params, domains=tuple(d for d in domains if d), skip=skip)


def tag_url(url: str, utm: Utm) -> str:
    """The URL with the missing utm_* parameters appended, or unchanged."""
    if not utm.enabled or platforms.has_tag(url):
        return url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme.lower() not in {"http", "https"} or not _own(parts.hostname, utm.domains):
        return url
    if any(_same_page(parts, skip) for skip in utm.skip):
        return url
    present = {key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}
    extra = "&".join(
        f"{key}={quote(value, safe='')}" for key, value in utm.params if key not in present
    )
    if not extra:
        return url
    query = f"{parts.query}&{extra}" if parts.query else extra
    return urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, parts.fragment))


def tag_html(html: str, utm: Utm) -> str:
    """Tag the href of every <a> (attribute values are unescaped, tagged, re-escaped)."""
    if not utm.enabled:
        return html

    def href(match: re.Match[str]) -> str:
        url = unescape(match.group(2))
        tagged = tag_url(url, utm)
        value = match.group(2) if tagged == url else escape(tagged)
        return f"{match.group(1)}{value}{match.group(3)}"

    return _ANCHOR.sub(lambda anchor: _HREF.sub(href, anchor.group(0)), html)


def tag_text(text: str, utm: Utm) -> str:
    """Tag every http(s) URL in plain text (trailing punctuation stays outside)."""
    if not utm.enabled:
        return text

    def one(match: re.Match[str]) -> str:
        url = match.group(0)
        tail = ""
        while url and (url[-1] in _TRAILING or (url[-1] == ")" and "(" not in url)):
            url, tail = url[:-1], url[-1] + tail
        return tag_url(url, utm) + tail

    return _TEXT_URL.sub(one, text)


def _own(host: str | None, domains: tuple[str, ...]) -> bool:
    """The host is one of the domains or a subdomain of one."""
    if not host:
        return False
    host = host.lower().rstrip(".")
    return any(host == domain or host.endswith(f".{domain}") for domain in domains)


def _same_page(parts: Any, url: str) -> bool:
    other = urlsplit(url)
    return (parts.netloc.lower(), parts.path.rstrip("/")) == (
        other.netloc.lower(),
        other.path.rstrip("/"),
    )
