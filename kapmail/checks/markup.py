"""F8-F14: format and deliverability of the markup: URLs, images, banned tags, Outlook
conditionals, charset and doctype, the unsubscribe link (compliance.md section 1)."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from kapmail import images, platforms
from kapmail.checks.common import (
    first_and_count,
    in_article,
    plural,
    unsubscribe_links,
)
from kapmail.checks.context import Context
from kapmail.checks.delivery import SIZE_ERROR
from kapmail.checks.document import excerpt
from kapmail.checks.engine import REGISTRY, Hit, error, warning
from kapmail.text import TEL

FAMILY = REGISTRY.family("F", "Format and deliverability")  # F1-F7 in checks.delivery

BANNED_TAGS = ("script", "form", "input", "iframe")
_CONDITIONAL = re.compile(r"<!--\[if\b[^\]]*\]>|<!\[endif\]-->", re.IGNORECASE)
_DOCTYPE = re.compile(r"^\s*<!doctype html>", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)


@REGISTRY.rule("F8", "every link and image is an absolute https:// URL (or #id in the email)")
def absolute_https(ctx: Context) -> Iterator[Hit]:
    """every `href`, `src`, `background` and CSS `url()` is absolute `https://`; `mailto:`, a
    dialable `tel:` (the crisis line) and platform merge tags allowed, and a `#id` link to an
    element of the same email (the evidence badge's jump to its note)

    Severity: E.
    """
    bad: dict[str, tuple[int | None, str, int]] = {}
    anchors = {str(value) for value in ctx.doc.root.xpath("//@id") if value}  # read in C
    # An article image waiting for [images] base_url is F17's (one finding for the series).
    local = {images.url(p.name, None) for p in ctx.email.pictures} if ctx.email else set()
    for url, line, what in ctx.doc.urls:
        if url.startswith("#") and what.startswith("link"):  # a jump within the email
            problem = None if url[1:] in anchors else "points to no element of this email"
        else:
            problem = None if url in local else _url_problem(url)
        if problem and url in bad:
            first_line, first_problem, count = bad[url]
            bad[url] = (first_line, first_problem, count + 1)
        elif problem:
            bad[url] = (line, f"{what} {problem}", 1)
    for url, (line, problem, count) in bad.items():
        times = f" ({count} times)" if count > 1 else ""
        yield error(
            f"{problem}: {excerpt(url, 60)!r}{times}; write an absolute https:// URL "
            "(mailto: and platform merge tags are allowed)",
            **in_article(ctx, line, url=url),
        )


@functools.lru_cache(maxsize=4096)
def _url_problem(url: str) -> str | None:
    url = url.strip()
    if not url:
        return "is empty"
    if platforms.is_tag(url) or url.lower().startswith("data:"):
        return None  # merge tags are allowed; data: URLs are F9's business
    if url.lower().startswith("mailto:"):
        return None if len(url) > len("mailto:") else "is an empty mailto:"
    if url.lower().startswith("tel:"):
        return None if TEL.fullmatch(url) else "is not a number a phone can dial (tel:+15550100)"
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "https" and parts.netloc:
        return None
    if scheme == "http":
        return "uses http://"
    if not scheme:
        return "is relative (an email has no base URL)"
    return f"uses {scheme}:"


@REGISTRY.rule("F9", "no data: images, no inline <svg>")
def embedded_images(ctx: Context) -> Iterator[Hit]:
    """no `data:` images, no inline `<svg>`

    Severity: E.
    """
    doc = ctx.doc
    data = [line for url, line, _ in doc.urls if url.strip().lower().startswith("data:")]
    if data:
        line, count = first_and_count(data)
        yield error(
            f"{plural(count, 'data: image')}: Gmail shows none and they count towards the size "
            "limit; host the image and link it with https://",
            line=line,
        )
    svgs = [doc.line(el) for el in doc.elements("svg")]
    if svgs:
        line, count = first_and_count(svgs)
        yield error(
            f"{plural(count, 'inline <svg>')}: Gmail and Outlook do not show it; "
            "use a hosted PNG with alt text",
            line=line,
        )


@REGISTRY.rule("F10", "every <img> has alt")
def image_alt(ctx: Context) -> Iterator[Hit]:
    """every `<img>` has `alt` (`alt=""` for decoration)

    Severity: E.
    """
    for img in ctx.doc.elements("img"):
        if img.get("alt") is None:
            yield error(
                f"image {excerpt(img.get('src') or '(no src)', 50)!r} has no alt: describe it, "
                'or write alt="" if it is decoration',
                line=ctx.doc.line(img),
            )


@REGISTRY.rule("F11", "no <script>, <form>, <input>, <iframe>")
def banned_tags(ctx: Context) -> Iterator[Hit]:
    """no `<script>`, `<form>`, `<input>`, `<iframe>`

    Severity: E.
    """
    for tag in BANNED_TAGS:
        found = [ctx.doc.line(el) for el in ctx.doc.elements(tag)]
        if found:
            line, count = first_and_count(found)
            yield error(
                f"{plural(count, f'<{tag}>')}: mail clients strip or block it and spam filters "
                "score it; remove it (link to a web page instead)",
                line=line,
            )


@REGISTRY.rule("F12", "Outlook conditional comments balanced")
def conditional_comments(ctx: Context) -> Iterator[Hit]:
    """`<!--[if …]>` / `<![endif]-->` balanced, never nested

    Severity: W.
    """
    open_at: int | None = None
    for match in _CONDITIONAL.finditer(ctx.html):
        if match.group(0).lower().startswith("<!--[if"):
            if open_at is not None:
                break
            open_at = match.start()
        elif open_at is None:
            yield warning(
                "<![endif]--> without a matching <!--[if …]>: Outlook may hide or show the "
                "wrong part; remove it or add the opening comment",
                line=ctx.doc.line_of_offset(match.start()),
            )
            return
        else:
            open_at = None
    if open_at is not None:
        yield warning(
            "<!--[if …]> is not closed by <![endif]--> before the next one or the end: "
            "Outlook will hide everything after it; close the conditional comment",
            line=ctx.doc.line_of_offset(open_at),
        )


@REGISTRY.rule("F13", "charset meta (UTF-8, matching the MIME part) and doctype")
def charset_and_doctype(ctx: Context) -> Iterator[Hit]:
    """a UTF-8 charset `<meta>` (and the `.eml`'s HTML part in UTF-8); `<!doctype html>` first

    Severity: E charset, W doctype.
    """
    doc = ctx.doc
    declared = None
    for meta in doc.elements("meta"):
        value = meta.get("charset")
        if value is None and (meta.get("http-equiv") or "").lower() == "content-type":
            match = _CHARSET.search(meta.get("content") or "")
            value = match.group(1) if match else None
        if value:
            declared = (value.strip().lower(), doc.line(meta))
            break
    if declared is None:
        yield error('no charset declared: add <meta charset="utf-8"> to the <head>')
    elif declared[0] not in {"utf-8", "utf8"}:
        yield error(
            f"the HTML declares charset {declared[0]}; kapmail writes UTF-8: "
            'declare <meta charset="utf-8">',
            line=declared[1],
        )
    message = ctx.message
    if message is not None and declared is not None:
        html_part = next((p for p in message.walk() if p.get_content_type() == "text/html"), None)
        mime = (html_part.get_content_charset() or "") if html_part is not None else ""
        if html_part is not None and mime.lower().replace("utf8", "utf-8") != "utf-8":
            yield error(
                f"the HTML part is sent as charset {mime or 'unspecified'} but the HTML says "
                f"{declared[0]}: send it as utf-8",
                part="header",
                key="Content-Type",
            )
    if not _DOCTYPE.match(ctx.html):
        yield warning(
            "no <!doctype html> at the start: browsers and some clients fall back to quirks "
            "mode; start the document with it",
            line=1,
        )


@REGISTRY.rule("F14", "visible unsubscribe link within the first 102 KB")
def unsubscribe_link(ctx: Context) -> Iterator[Hit]:
    """a visible link saying "unsubscribe" or "opt out" (or the footer's word for it in the
    email's language), starting within the first 102 KB

    Severity: E.
    """
    doc = ctx.doc
    links = unsubscribe_links(doc, ctx.campaign.about.language)
    visible = [a for a in links if not doc.is_hidden(a)]
    if not visible:
        hidden = " (the one there is hidden)" if links else ""
        yield error(
            f"no visible unsubscribe link{hidden}: every email needs one in the footer "
            "(partials/footer.mjml.j2); Gmail and Yahoo require it of bulk senders",
        )
        return
    first = visible[0]
    line_start = sum(len(line) + 1 for line in ctx.html.split("\n")[: (doc.line(first) or 1) - 1])
    href = first.get("href") or ""
    found = ctx.html.find(href, line_start) if href else -1
    offset = len(ctx.html[: found if found >= 0 else line_start].encode())
    if offset >= SIZE_ERROR:
        yield error(
            "the unsubscribe link starts after the first 102 KB: Gmail clips it away; "
            "shorten the email",
            line=doc.line(first),
        )
