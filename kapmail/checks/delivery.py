"""F1-F7: format and deliverability of the email as sent: size, MIME, text twin, width,
subject, preheader, text share (compliance.md section 1)."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from kapmail import placeholders
from kapmail.checks import css
from kapmail.checks.common import (
    contains,
    distinct_words,
    plural,
    unsubscribe_links,
)
from kapmail.checks.context import Context
from kapmail.checks.document import Document, excerpt
from kapmail.checks.engine import REGISTRY, Hit, error, warning
from kapmail.plan import PREHEADER_MAX, PREHEADER_MIN, SUBJECT_MAX

FAMILY = REGISTRY.family("F", "Format and deliverability")

KB = 1024
SIZE_WARNING = 90 * KB
SIZE_ERROR = 102 * KB
MAX_WIDTH = 600
TEXT_SHARE_MIN = 0.6
TEXT_COVERAGE_MIN = 0.9


@REGISTRY.rule("F1", "size of the HTML part as sent")
def html_size(ctx: Context) -> Iterator[Hit]:
    """size of the HTML as sent (KB = 1024 bytes; `data:` images count)

    Severity: W ≥ 90 KB, E ≥ 102 KB.
    """
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
    """`.eml`: `multipart/alternative`, text/plain first, text/html last

    Severity: E.
    """
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
    """the text part has ≥ 90 % of the HTML's visible words and the unsubscribe URL

    Severity: E.
    """
    if not ctx.text.strip():
        yield error("the plain-text part is empty: render email.txt.j2", part="text")
        return
    html_words = distinct_words(ctx.doc.visible_text)
    text_words = distinct_words(ctx.text)
    if html_words:
        missing = sorted(html_words - text_words, key=lambda w: (-len(w), w))
        coverage = 1 - len(missing) / len(html_words)
        if coverage < TEXT_COVERAGE_MIN:
            yield error(
                f"the plain-text part lacks {len(missing)} of the HTML's {len(html_words)} "
                f"words ({', '.join(missing[:8])}…): give the text template the same content",
                part="text",
            )
    targets = [a.get("href", "") for a in unsubscribe_links(ctx.doc, ctx.campaign.about.language)]
    targets += [ctx.campaign.sender.unsubscribe_url]
    targets = [t for t in targets if t and not t.startswith(placeholders.PREFIX)]
    if targets and not any(t in ctx.text for t in targets):
        yield error(
            f"the plain-text part has no unsubscribe URL ({targets[0]}): "
            "add an 'Unsubscribe: <url>' line to email.txt.j2",
            part="text",
        )


@REGISTRY.rule("F4", "content width at most 600 px")
def width(ctx: Context) -> Iterator[Hit]:
    """no element wider than 600 px (`width` attribute, `width`/`min-width` style)

    Severity: W.
    """
    doc = ctx.doc
    wide: list[tuple[int | None, str, float]] = []
    for el in doc.elements():
        px = _over_width(el.get("width"), el.get("style") or "")
        if px is not None:
            wide.append((doc.line(el), el.tag, px))
    if wide:
        line, tag, px = wide[0]
        yield warning(
            f"{plural(len(wide), 'element')} wider than {MAX_WIDTH}px (first: <{tag}> at "
            f"{px:g}px): phones and preview panes are narrower; keep the layout at 600px",
            line=line,
        )


@functools.lru_cache(maxsize=4096)
def _over_width(width: str | None, style: str) -> float | None:
    """The first of an element's `width` attribute, CSS `width` and `min-width` over
    MAX_WIDTH px, in px (one answer per distinct pair: most elements share theirs)."""
    declared = css.declarations(style)
    for value in (width, *(declared.get(p, ("", False))[0] for p in ("width", "min-width"))):
        px = css.length(value, base=0) if value and "%" not in value else None
        if px is not None and px > MAX_WIDTH:
            return px
    return None


@REGISTRY.rule("F5", "subject at most 50 characters")
def subject_length(ctx: Context) -> Iterator[Hit]:
    """subject ≤ 50 characters

    Severity: W.
    """
    if len(ctx.subject) > SUBJECT_MAX:
        yield warning(
            f"the subject has {len(ctx.subject)} characters ({excerpt(ctx.subject, 60)!r}); "
            f"phones show 33-43: keep it to {SUBJECT_MAX} or fewer",
            part="config",
            key=ctx.config_key("subject"),
        )


@REGISTRY.rule("F6", "hidden preheader of 40-100 characters, not the subject")
def preheader(ctx: Context) -> Iterator[Hit]:
    """preheader 40-100 characters, not the subject, present as hidden text

    Severity: W.
    """
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
            "the preheader is not in the HTML as hidden text: keep the km-preheader div of "
            "email.mjml.j2 in the layout",
        )


@REGISTRY.rule("F7", "not image-only; at least 60 % text")
def text_share(ctx: Context) -> Iterator[Hit]:
    """live text; text share of the area (text estimated from characters × font size × line
    height, images from `width`/`height`, 600 × 300 when unknown)

    Severity: E no text, W < 60 %.
    """
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
