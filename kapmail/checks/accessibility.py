"""A: accessibility (compliance.md section 4), contrast included.

Longer than 300 lines on purpose: each rule's docstring is its row of the generated
checks reference (docs/checks.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kapmail.checks import contrast, css
from kapmail.checks.common import first_and_count, in_article, normalise, plural
from kapmail.checks.context import Context
from kapmail.checks.document import Document, Link, excerpt
from kapmail.checks.engine import ERROR, REGISTRY, WARNING, Hit, error, warning
from kapmail.images import shown_in

FAMILY = REGISTRY.family("A", "Accessibility")

FONT_ERROR_PX, FONT_WARNING_PX = 14.0, 16.0
# Small print (the footer, the "Part 2 of 8" eyebrow) may be smaller, down to this size. The
# layout marks it with these classes on the cell that holds it (mj-text css-class).
SMALL_PRINT_PX = 13.0
SMALL_PRINT_CLASSES = frozenset({"km-footer", "km-eyebrow"})
LINE_HEIGHT_MIN = 1.2
VAGUE_LINK_TEXT = {
    "click here",
    "click",
    "here",
    "read more",
    "learn more",
    "more",
    "this link",
    "link",
}
# An alt text that is a path or a file name (old Word versions store the picture's path).
FILE_NAME = re.compile(
    r"(?:[a-z]:[\\/]|[\\/~.])?(?:[^\s\\/]+[\\/])*[^\s\\/]+"
    r"\.(?:jpe?g|png|gif|webp|bmp|tiff?|svg|heic|emf|wmf)|(?:[a-z]:)?[\\/]\S*[\\/]\S*",
    re.IGNORECASE,
)
_FAKE_LIST = re.compile(r"^\s*(?:[-•*·–]\s|\d{1,2}[.)]\s)")


@REGISTRY.rule("A1", 'role="presentation" on every layout table')
def layout_tables(ctx: Context) -> Iterator[Hit]:
    """every layout `<table>` (no `<th>`, no `<caption>`) has `role="presentation"`

    Severity: E.
    """
    doc = ctx.doc
    data = {table for el in doc.elements("th", "caption") for table in el.iterancestors("table")}
    bare = [
        doc.line(t)
        for t in doc.elements("table")
        if (t.get("role") or "").lower() not in {"presentation", "none"} and t not in data
    ]
    if bare:
        line, count = first_and_count(bare)
        yield error(
            f'{plural(count, "layout table")} without role="presentation": screen readers '
            'announce rows and columns; add role="presentation" to each <table>',
            line=line,
        )


@REGISTRY.rule("A2", "lang and dir on <html> and the outer wrapper")
def language_and_direction(ctx: Context) -> Iterator[Hit]:
    """`lang` and `dir` on `<html>` and on the `role="article"` wrapper

    Severity: E.
    """
    doc = ctx.doc
    article = next((el for el in doc.elements() if el.get("role") == "article"), None)
    wrappers = [doc.root] if article is None else [doc.root, article]
    for el in wrappers:
        name = "<html>" if el is doc.root else f'the <{el.tag} role="article"> wrapper'
        missing = [attr for attr in ("lang", "dir") if not (el.get(attr) or "").strip()]
        if missing:
            yield error(
                f"{name} has no {' or '.join(missing)}: screen readers guess the language and "
                "direction; set [campaign] language and direction (the layout writes both)",
                line=doc.line(el),
            )


@REGISTRY.rule("A3", "one <h1>, no skipped heading levels, real lists")
def structure(ctx: Context) -> Iterator[Hit]:
    """one `<h1>`, no skipped heading level, no paragraphs posing as a list

    Severity: W.
    """
    doc = ctx.doc
    headings = [
        el for el in doc.elements("h1", "h2", "h3", "h4", "h5", "h6") if not doc.is_hidden(el)
    ]
    ones = [h for h in headings if h.tag == "h1"]
    if len(ones) != 1:
        yield warning(
            f"{plural(len(ones), '<h1>')}: give the email exactly one main heading",
            line=doc.line(ones[1]) if len(ones) > 1 else None,
        )
    level = 0
    for heading in headings:
        current = int(heading.tag[1])
        if level and current > level + 1:
            yield warning(
                f"<{heading.tag}> {excerpt(doc.text_of(heading))!r} follows <h{level}>: do not "
                "skip heading levels",
                **in_article(ctx, doc.line(heading), text=doc.text_of(heading)),
            )
        level = current
    streak: list = []
    for paragraph in doc.elements("p"):
        if _FAKE_LIST.match(doc.text_of(paragraph)):
            streak.append(paragraph)
            continue
        yield from _fake_list(ctx, streak)
        streak = []
    yield from _fake_list(ctx, streak)


def _fake_list(ctx: Context, streak: list) -> Iterator[Hit]:
    doc = ctx.doc
    if len(streak) >= 2:
        first = doc.text_of(streak[0])
        yield warning(
            f"{len(streak)} paragraphs in a row start like list items "
            f"({excerpt(first)!r}): use <ul> or <ol> so screen readers announce a list",
            **in_article(ctx, doc.line(streak[0]), text=first),
        )


@REGISTRY.rule(
    "A4", "body font size at least 16 px (14 px at the very least); footer and eyebrow 13 px"
)
def font_size(ctx: Context) -> Iterator[Hit]:
    """font size of every piece of visible text; small print is text in a cell of class
    `km-footer` or `km-eyebrow` (the footer and the "Part 2 of 8" line)

    Severity: E < 14 px, W < 16 px; small print E < 13 px.
    """
    doc = ctx.doc
    small: dict[tuple[str, float], list] = {
        (ERROR, FONT_ERROR_PX): [],
        (WARNING, FONT_WARNING_PX): [],
        (ERROR, SMALL_PRINT_PX): [],
    }
    for run in doc.runs:
        size = doc.font_px(run.element)
        if doc.within_class(run.element, SMALL_PRINT_CLASSES):
            if size < SMALL_PRINT_PX:
                small[ERROR, SMALL_PRINT_PX].append((size, run))
        elif size < FONT_ERROR_PX:
            small[ERROR, FONT_ERROR_PX].append((size, run))
        elif size < FONT_WARNING_PX:
            small[WARNING, FONT_WARNING_PX].append((size, run))
    for (severity, limit), found in small.items():
        if found:
            size, run = min(found, key=lambda item: item[0])
            where = " small print" if limit == SMALL_PRINT_PX else ""
            floor = SMALL_PRINT_PX if limit == SMALL_PRINT_PX else FONT_WARNING_PX
            yield Hit(
                severity,
                f"{plural(len(found), 'piece')} of{where} text under {limit:g}px (smallest "
                f"{size:g}px: {excerpt(run.text)!r}): set font-size to at least {floor:g}px",
                line=run.line,
            )


@REGISTRY.rule("A5", "line height at least 1.2")
def line_height(ctx: Context) -> Iterator[Hit]:
    """line height ≥ 1.2

    Severity: W.
    """
    doc = ctx.doc
    tight = [(doc.line_height(r.element), r) for r in doc.runs]
    tight = [(h, r) for h, r in tight if h < LINE_HEIGHT_MIN - 1e-9]
    if tight:
        height, run = min(tight, key=lambda item: item[0])
        yield warning(
            f"{plural(len(tight), 'piece')} of text with line height under {LINE_HEIGHT_MIN} "
            f"(lowest {height:.2f}: {excerpt(run.text)!r}): use 1.4-1.5",
            line=run.line,
        )


_BLOCKS = {"p", "div", "td", "th", "li", "h1", "h2", "h3", "h4", "h5", "h6"}


def _stands_alone(doc: Document, link: Link) -> bool:
    """A link that is all the text of its block (a wordmark): no running text to stand out
    from, so colour alone does not have to tell it apart (WCAG failure F73 is about links
    within text). The document keeps each block's text, so a block of many links is read
    once."""
    block = next((a for a in link.element.iterancestors() if a.tag in _BLOCKS), None)
    return block is not None and doc.text_of(block) == link.text


def contrast_hits(doc: Document, *, dark: bool) -> Iterator[Hit]:
    """Text below the WCAG 1.4.3 minimum, one hit per colour pair and size class."""
    failing: dict[tuple, list] = {}
    for run in doc.runs:
        fg, bg = doc.colour(run.element, dark=dark), doc.background(run.element, dark=dark)
        if fg is None or bg is None:
            continue
        size, bold = doc.font_px(run.element), doc.bold(run.element)
        need = contrast.minimum(size, bold)
        value = contrast.ratio(fg, bg)
        if value < need:
            failing.setdefault((fg, bg, need), []).append((value, run))
    palette = "dark palette" if dark else "light palette"
    fix = (
        "set [brand] dark_* colours (or the dark @media rules) further apart"
        if dark
        else "darken the text or lighten the background ([brand] colours in campaign.toml)"
    )
    for (fg, bg, need), runs in failing.items():
        value, run = runs[0]
        large = "large " if need == contrast.LARGE_MIN else ""
        yield error(
            f"{palette}: {large}text {excerpt(run.text)!r} is {css.hex_of(fg)} on "
            f"{css.hex_of(bg)}, contrast {value:.2f}:1, needs {need:g}:1"
            f"{f' ({len(runs)} places)' if len(runs) > 1 else ''}; {fix}",
            line=run.line,
        )


@REGISTRY.rule("A6", "WCAG contrast 4.5:1 (3:1 for large text), light palette")
def light_contrast(ctx: Context) -> Iterator[Hit]:
    """WCAG 2.x contrast ≥ 4.5:1, ≥ 3:1 for large text (≥ 24 px, or ≥ 18.66 px bold), light
    palette

    Severity: E.
    """
    yield from contrast_hits(ctx.doc, dark=False)


_PUNCTUATION = re.compile(r"[^\w\s]")


@REGISTRY.rule("A7", "descriptive link text; same text, same URL")
def link_texts(ctx: Context) -> Iterator[Hit]:
    """no link text "click here", "here", "read more", "learn more", "more", "click", "link",
    "this link"; no empty link; the same text never goes to two URLs

    Severity: E.
    """
    targets: dict[str, tuple[str, int | None]] = {}
    for link in ctx.doc.links:
        if link.href is None or link.hidden:
            continue
        said = link.said
        key = normalise(_PUNCTUATION.sub(" ", said))
        href = link.href.strip()
        if not key:
            yield error(
                "a link with no text and no image alt: screen readers read out the URL; "
                "give it words that say where it goes",
                **in_article(ctx, link.line, url=href),
            )
        elif key in VAGUE_LINK_TEXT:
            yield error(
                f"link text {said!r} says nothing out of context: name where it goes "
                "(e.g. 'Read the ELEKT-D trial')",
                **in_article(ctx, link.line, url=href),
            )
        if key in targets and targets[key][0] != href:
            yield error(
                f"link text {said!r} goes to two different URLs ({targets[key][0]} and {href}): "
                "give different destinations different words",
                **in_article(ctx, link.line, url=href),
            )
        targets.setdefault(key, (href, link.line))


@REGISTRY.rule("A8", "links not marked by colour alone")
def link_marking(ctx: Context) -> Iterator[Hit]:
    """links are underlined (or bordered) or are buttons, not marked by colour alone; a link that
    is all the text of its block (the wordmark) stands apart without it

    Severity: W.
    """
    doc = ctx.doc
    for link in doc.links:
        if link.hidden or not link.text or _stands_alone(doc, link):
            continue
        anchor = link.element
        decoration = " ".join(
            doc.own(node, prop) or ""
            for node in (anchor, *anchor.iterdescendants())
            if isinstance(node.tag, str)
            for prop in ("text-decoration", "text-decoration-line", "border-bottom")
        ).lower()
        marked = "underline" in decoration or "solid" in decoration
        painted = css.first_colour(
            doc.own(anchor, "background-color") or doc.own(anchor, "background")
        ) not in (None, css.TRANSPARENT)
        if not marked and not painted:
            yield warning(
                f"link {excerpt(link.text)!r} is marked by colour alone: underline it "
                "(text-decoration: underline) or make it a button",
                line=link.line,
            )


@REGISTRY.rule("A9", "every image from the article has a description (alt text)")
def article_image_alt(ctx: Context) -> Iterator[Hit]:
    """every image that came with the article has a description (alt text) that is not a file
    path or file name (`/Users/…/logo.jpg`, `IMG_0042.JPG`: old Word versions store one); the
    message names the image (where the reader found it and its file name), the email and the
    article line

    Severity: E.
    """
    if ctx.email is None:
        return
    origins = {p.source: p.origin for p in ctx.email.pictures}
    for image in shown_in(ctx.email.blocks):
        alt = image.alt.strip()
        if alt and not FILE_NAME.fullmatch(alt):
            continue
        origin = origins.get(image.file or "", image.file)
        problem = (
            f"a file name ({excerpt(alt, 40)!r}) for a description" if alt else "no description"
        )
        yield error(
            f"image {origin} ({image.src.rsplit('/', 1)[-1]}) in email {ctx.name} "
            f"({excerpt(ctx.email.title, 50)!r}) has {problem}: screen readers say "
            "nothing useful and blocked images leave a blank; describe it in the article (Word: "
            "right-click the picture > View Alt Text; Markdown: ![description](path))",
            part="article",
            key=ctx.article or "article",
            line=image.line,
        )
