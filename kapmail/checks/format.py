"""F: format and deliverability (compliance.md section 1)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

from kapmail import placeholders
from kapmail.checks import css
from kapmail.checks.common import (
    contains,
    first_and_count,
    is_merge_tag,
    link_text,
    plural,
    unsubscribe_links,
    words,
)
from kapmail.checks.context import Context
from kapmail.checks.document import URL_IN_CSS, Document, excerpt
from kapmail.checks.engine import REGISTRY, Hit, error, warning

FAMILY = REGISTRY.family("F", "Format and deliverability")

KB = 1024
SIZE_WARNING = 90 * KB
SIZE_ERROR = 102 * KB
MAX_WIDTH = 600
SUBJECT_MAX = 50
PREHEADER_MIN, PREHEADER_MAX = 40, 100
TEXT_SHARE_MIN = 0.6
TEXT_COVERAGE_MIN = 0.9
BANNED_TAGS = ("script", "form", "input", "iframe")
_CONDITIONAL = re.compile(r"<!--\[if\b[^\]]*\]>|<!\[endif\]-->", re.IGNORECASE)
_DOCTYPE = re.compile(r"^\s*<!doctype html>", re.IGNORECASE)
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w-]+)", re.IGNORECASE)


@REGISTRY.rule("F1", "size of the HTML part as sent")
def html_size(ctx: Context) -> Iterator[Hit]:
    size = len(ctx.html.encode("utf-8"))
    if size < SIZE_WARNING:
        return
    inline = "; it carries data: images, which count in full" if "data:" in ctx.html else ""
    what = f"the HTML is {size / KB:.1f} KB{inline}"
    if size >= SIZE_ERROR:
        yield error(
            f"{what}: Gmail clips messages over about 102 KB and hides the rest, unsubscribe "
            "link included; shorten the email or split it",
        )
    else:
        yield warning(f"{what}: close to Gmail's ~102 KB clipping limit; keep it under 90 KB")


@REGISTRY.rule("F2", "multipart/alternative, text/plain first, text/html last")
def mime_structure(ctx: Context) -> Iterator[Hit]:
    message = ctx.message
    if message is None:
        return
    alternative = next(
        (p for p in message.walk() if p.get_content_type() == "multipart/alternative"), None
    )
    if alternative is None:
        yield error(
            f"the message is {message.get_content_type()}, not multipart/alternative: send the "
            "plain-text and HTML parts together",
            part="header",
            key="Content-Type",
        )
        return
    types = [p.get_content_type() for p in alternative.iter_parts()]
    if not types or types[0] != "text/plain" or types[-1] != "text/html":
        yield error(
            f"multipart/alternative parts are {', '.join(types) or 'missing'}: put text/plain "
            "first and text/html last (clients show the last part they can)",
            part="header",
            key="Content-Type",
        )


@REGISTRY.rule("F3", "the plain-text part carries the same content and the unsubscribe URL")
def text_twin(ctx: Context) -> Iterator[Hit]:
    if not ctx.text.strip():
        yield error("the plain-text part is empty: render email.txt.j2", part="text")
        return
    html_words = set(words(ctx.doc.visible_text))
    text_words = set(words(ctx.text))
    if html_words:
        missing = sorted(html_words - text_words, key=lambda w: (-len(w), w))
        coverage = 1 - len(missing) / len(html_words)
        if coverage < TEXT_COVERAGE_MIN:
            yield error(
                f"the plain-text part lacks {len(missing)} of the HTML's {len(html_words)} "
                f"words ({', '.join(missing[:8])}…): give the text template the same content",
                part="text",
            )
    targets = [a.get("href", "") for a in unsubscribe_links(ctx.doc)]
    targets += [str(ctx.setting("sender", "unsubscribe_url") or "")]
    targets = [t for t in targets if t and not t.startswith(placeholders.PREFIX)]
    if targets and not any(t in ctx.text for t in targets):
        yield error(
            f"the plain-text part has no unsubscribe URL ({targets[0]}): "
            "add an 'Unsubscribe: <url>' line to email.txt.j2",
            part="text",
        )


@REGISTRY.rule("F4", "content width at most 600 px")
def width(ctx: Context) -> Iterator[Hit]:
    doc = ctx.doc
    wide: list[tuple[int | None, str, float]] = []
    for el in doc.elements():
        values = [el.get("width")] + [
            doc.style(el).get(prop, ("", False))[0] for prop in ("width", "min-width")
        ]
        for value in values:
            px = css.length(value, base=0) if value and "%" not in value else None
            if px is not None and px > MAX_WIDTH:
                wide.append((doc.line(el), el.tag, px))
                break
    if wide:
        line, tag, px = wide[0]
        yield warning(
            f"{plural(len(wide), 'element')} wider than {MAX_WIDTH}px (first: <{tag}> at "
            f"{px:g}px): phones and preview panes are narrower; keep the layout at 600px",
            line=line,
        )


@REGISTRY.rule("F5", "subject at most 50 characters")
def subject_length(ctx: Context) -> Iterator[Hit]:
    if len(ctx.subject) > SUBJECT_MAX:
        yield warning(
            f"the subject has {len(ctx.subject)} characters ({excerpt(ctx.subject, 60)!r}); "
            f"phones show 33-43: keep it to {SUBJECT_MAX} or fewer",
            part="config",
            key=ctx.config_key("subject"),
        )


@REGISTRY.rule("F6", "hidden preheader of 40-100 characters, not the subject")
def preheader(ctx: Context) -> Iterator[Hit]:
    text, key = ctx.preheader, ctx.config_key("preheader")
    if not PREHEADER_MIN <= len(text) <= PREHEADER_MAX:
        yield warning(
            f"the preheader has {len(text)} characters: write {PREHEADER_MIN}-{PREHEADER_MAX} "
            "so the inbox preview is not filled with stray body text",
            part="config",
            key=key,
        )
    if " ".join(text.split()).casefold() == " ".join(ctx.subject.split()).casefold():
        yield warning(
            "the preheader repeats the subject: say something the subject does not",
            part="config",
            key=key,
        )
    doc = ctx.doc
    hidden = [el for el in doc.elements() if doc.hidden_here(el) and doc.text_of(el)]
    if text.strip() and not any(contains(doc.text_of(el), text) for el in hidden):
        yield warning(
            "the preheader is not in the HTML as hidden text: keep <mj-preview> in the layout",
        )


@REGISTRY.rule("F7", "not image-only; at least 60 % text")
def text_share(ctx: Context) -> Iterator[Hit]:
    doc = ctx.doc
    text_area = 0.0
    for run in doc.runs:
        size = doc.font_px(run.element)
        text_area += len(run.text.strip()) * 0.5 * size * doc.line_height(run.element) * size
    image_area = sum(_image_area(doc, img) for img in doc.elements("img") if not doc.is_hidden(img))
    if text_area == 0:
        yield error(
            "the email has no live text: spam filters and image-blocking clients see nothing; "
            "write the message as text and use images only to support it",
        )
    elif image_area and text_area / (text_area + image_area) < TEXT_SHARE_MIN:
        share = round(100 * text_area / (text_area + image_area))
        yield warning(
            f"text is about {share} % of the email's area (images the rest): keep it at "
            f"{round(TEXT_SHARE_MIN * 100)} % or more, or spam filters may score it as image-only",
        )


def _image_area(doc: Document, img) -> float:
    style = doc.style(img)
    w = css.length(img.get("width") or style.get("width", ("", False))[0], base=0)
    h = css.length(img.get("height") or style.get("height", ("", False))[0], base=0)
    w = w or float(MAX_WIDTH)
    return w * (h or w / 2)


@REGISTRY.rule("F8", "every link and image is an absolute https:// URL")
def absolute_https(ctx: Context) -> Iterator[Hit]:
    bad: dict[str, tuple[int | None, str, int]] = {}
    for url, line, what in _urls(ctx.doc):
        problem = _url_problem(url)
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
            line=line,
        )


def _urls(doc: Document) -> Iterator[tuple[str, int | None, str]]:
    attributes = {"a": "href", "area": "href", "link": "href", "img": "src", "source": "src"}
    for el in doc.elements():
        name = attributes.get(el.tag)
        if name and el.get(name) is not None:
            what = f"link {excerpt(link_text(doc, el), 30)!r}" if el.tag == "a" else f"<{el.tag}>"
            yield el.get(name, ""), doc.line(el), what
        if el.get("background") is not None:
            yield el.get("background", ""), doc.line(el), f"<{el.tag} background>"
        for match in URL_IN_CSS.finditer(el.get("style") or ""):
            yield match.group(1), doc.line(el), f"<{el.tag}> CSS url()"
    for match in URL_IN_CSS.finditer(doc.stylesheet):
        yield match.group(1), None, "stylesheet url()"


def _url_problem(url: str) -> str | None:
    url = url.strip()
    if not url:
        return "is empty"
    if is_merge_tag(url) or url.lower().startswith("data:"):
        return None  # merge tags are allowed; data: URLs are F9's business
    if url.lower().startswith("mailto:"):
        return None if len(url) > len("mailto:") else "is an empty mailto:"
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
    doc = ctx.doc
    data = [line for url, line, _ in _urls(doc) if url.strip().lower().startswith("data:")]
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
    for img in ctx.doc.elements("img"):
        if img.get("alt") is None:
            yield error(
                f"image {excerpt(img.get('src') or '(no src)', 50)!r} has no alt: describe it, "
                'or write alt="" if it is decoration',
                line=ctx.doc.line(img),
            )


@REGISTRY.rule("F11", "no <script>, <form>, <input>, <iframe>")
def banned_tags(ctx: Context) -> Iterator[Hit]:
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
    doc = ctx.doc
    links = unsubscribe_links(doc)
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
