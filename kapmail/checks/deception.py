"""S: deceptive content, the tricks of phishing mail that an article or a template can carry.

S1 a link whose text is a URL or a domain other than its target's (error); S2 a host with
mixed scripts or in punycode, named in its Unicode form (warning); S3 bidirectional control
characters, which reorder what a reader sees, anywhere in the email (error); S4 a remote
image of 1 or 2 pixels, or from a host other than the organisation's and the image base
(warning: "third-party tracking pixel").
"""

from __future__ import annotations

import contextlib
import functools
import re
import unicodedata
from collections.abc import Iterator
from urllib.parse import urlsplit

from kapmail.checks.context import Context
from kapmail.checks.document import excerpt
from kapmail.checks.engine import REGISTRY, Hit, error, warning
from kapmail.content.spans import PIXEL_MAX
from kapmail.platforms import untracked

FAMILY = REGISTRY.family("S", "Deceptive content")

# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder text.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BIDI_CHARACTERS = tuple(map(chr, [*range(0x202A, 0x202F), *range(0x2066, 0x206A)]))
# Link text that reads as an address: a scheme, "www." or a path, or a bare host ending in
# a common top-level domain ("Node.js" is a name, not an address).
_URL_TEXT = re.compile(
    r"^(?P<scheme>[a-z][a-z0-9+.-]*://)?(?P<host>[^\s/?#:@]+\.(?P<tld>[^\s/?#:@.\d]{2,}))"
    r"(?P<rest>[:/?#]\S*)?$"
)
COMMON_TLDS = frozenset(
    {"com", "org", "net", "edu", "gov", "int", "mil", "info", "biz", "io", "co", "app", "dev"}
    | {"uk", "us", "ca", "au", "nz", "ie", "de", "fr", "es", "it", "nl", "be", "ch", "at", "se"}
    | {"no", "dk", "fi", "pl", "pt", "eu", "in", "jp", "cn", "ru", "br", "mx", "za", "example"}
)


def text_host(text: str) -> str | None:
    """The host a link's text reads as ("www.paypal.com", "https://x.org/y" -> "x.org")."""
    found = _URL_TEXT.match(text.strip().rstrip(".,;").lower())
    if found is None:
        return None
    host = found["host"]
    if found["scheme"] or found["rest"] or host.startswith("www.") or found["tld"] in COMMON_TLDS:
        return host
    return unicode_host(host) if found["tld"].startswith("xn--") else None


def unicode_host(host: str) -> str:
    """A host with its punycode labels (xn--) decoded; as it was when one does not decode."""
    labels = []
    for label in host.lower().split("."):
        if label.startswith("xn--"):
            with contextlib.suppress(UnicodeError):
                label = label.encode("ascii").decode("idna")
        labels.append(label)
    return ".".join(labels)


def same_site(text: str, target: str) -> bool:
    """Whether `target` is the host `text` names, or under it (www. ignored both sides)."""
    text, target = unicode_host(text).removeprefix("www."), unicode_host(target)
    target = target.removeprefix("www.")
    return target == text or target.endswith("." + text)


def scripts(host: str) -> set[str]:
    """The writing systems of a host's letters (LATIN, CYRILLIC, GREEK …)."""
    found = set()
    for char in host:
        if char.isalpha():
            found.add(unicodedata.name(char, "UNKNOWN").split(" ")[0])
    return found


@functools.lru_cache(maxsize=16384)
def _host(url: str) -> str:
    """The host a link leads to (after a platform's click tracking, which redirects there)."""
    try:
        return (urlsplit(untracked(url.strip())).hostname or "").rstrip(".")
    except ValueError:
        return ""


@REGISTRY.rule("S1", "link text that is an address leads to that address")
def link_text_address(ctx: Context) -> Iterator[Hit]:
    """a link whose text reads as an address (a scheme, `www.`, a path, or a host ending in
    a common top-level domain) goes to that host or one under it
    (`[https://www.paypal.com/login](https://evil.example/)` is the phishing trick)

    Severity: E.
    """
    for link in ctx.doc.links:
        target = _host(link.href or "")
        named = text_host(link.text)
        if not target or named is None or same_site(named, target):
            continue
        yield error(
            f"link text {excerpt(link.text)!r} reads as {unicode_host(named)} but the "
            f"link goes to {unicode_host(target)}: write the address it goes to, or words "
            "instead of an address",
            line=link.line,
        )


@REGISTRY.rule("S2", "hosts in one script, not punycode")
def lookalike_host(ctx: Context) -> Iterator[Hit]:
    """every link and image host, and every address a link's text reads as, is in one
    script and not punycode; the finding names the host in its Unicode form (`xn--
    pypal-4ve.com` reads `pаypal.com`, with a Cyrillic а)

    Severity: W.
    """
    doc = ctx.doc
    seen: set[str] = set()
    for element in doc.elements("a", "img"):
        host = _host(element.get("href") or element.get("src") or "")
        named = text_host(doc.text_of(element)) if element.tag == "a" else None
        for candidate in (host, named):
            if not candidate or candidate in seen:
                continue
            seen.add(candidate)
            shown = unicode_host(candidate)
            mixed = len(scripts(shown)) > 1
            if "xn--" not in candidate and not mixed:
                continue
            why = f"mixes {' and '.join(sorted(s.title() for s in scripts(shown)))}"
            if not mixed:
                why = "is written in punycode"
            yield warning(
                f"host {candidate} {why}: in Unicode it reads {shown!r}, which may imitate "
                "another site; link to the organisation's own address",
                line=doc.line(element),
            )


@REGISTRY.rule("S3", "no bidirectional control characters")
def bidi_controls(ctx: Context) -> Iterator[Hit]:
    """no bidirectional control character (U+202A-U+202E, U+2066-U+2069) in the subject,
    the preheader, the HTML or the text: they reorder what the reader sees
    (`invoice‮gnp.exe`)

    Severity: E.
    """
    parts = {"subject": ctx.subject, "preheader": ctx.preheader, "html": ctx.html, "text": ctx.text}
    for part, content in parts.items():
        if not any(character in content for character in _BIDI_CHARACTERS):
            continue  # the usual case: nine fast substring searches, no line split
        for number, line in enumerate(content.splitlines(), start=1):
            found = BIDI_CONTROLS.search(line)
            if found is None:
                continue
            code = ord(found.group(0))
            name = unicodedata.name(found.group(0), "BIDI CONTROL").lower()
            yield error(
                f"U+{code:04X} ({name}) reorders what the reader sees: delete it from the "
                "article or the configuration",
                part=part,
                line=number if part in {"html", "text"} else None,
            )
            break  # one per part


@REGISTRY.rule("S4", "no tracking pixel or third-party image")
def tracking_pixel(ctx: Context) -> Iterator[Hit]:
    """no tracking pixel (a remote image of 1 or 2 px, `width` or `height`) and no image
    from a host other than the organisation's (`sender.website`, the domain of
    `sender.email`) and `[images] base_url`

    Severity: W.
    """
    doc = ctx.doc
    own = _own_hosts(ctx)
    for image in doc.elements("img"):
        src = image.get("src") or ""
        host = _host(src)
        if not host:
            continue
        size = [_px(image.get(side)) for side in ("width", "height")]
        tiny = any(value is not None and value <= PIXEL_MAX for value in size)
        foreign = not any(same_site(site, host) for site in own)
        if not tiny and not foreign:
            continue
        if tiny:
            size_said = f"{image.get('width') or '?'} x {image.get('height') or '?'} px"
            message = (
                f"tracking pixel: image {excerpt(src, 60)!r} is {size_said}: it shows "
                "nothing and tells its host who opened the email; remove it"
            )
        else:
            message = (
                f"third-party image: {excerpt(src, 60)!r} comes from {host}, not the "
                "organisation's host or [images] base_url, so that host learns who opens the "
                "email; host the picture with the campaign's images"
            )
        yield warning(message, line=doc.line(image))


def _own_hosts(ctx: Context) -> set[str]:
    """The organisation's hosts: its website, its sender domain and the image base."""
    campaign = ctx.campaign
    urls = [campaign.sender.website, campaign.images.base_url]
    hosts = {_host(url) for url in urls if url}
    hosts.add(campaign.sender.email.rpartition("@")[2].lower())
    return {host for host in hosts if host}


def _px(value: str | None) -> float | None:
    """A width or height attribute in pixels ("1", "2px"); None when absent or relative."""
    found = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*", value or "")
    return float(found.group(1)) if found else None
