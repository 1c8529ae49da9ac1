"""The template's own layout, beyond the article: the button fits a phone, the logo shows in
dark mode, the note boxes stand apart from the card (F18, D3, D4)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from kapmail.checks import contrast
from kapmail.checks.context import Context, SeriesView
from kapmail.checks.document import Document, excerpt
from kapmail.checks.engine import REGISTRY, SERIES, Hit, error, warning
from kapmail.typeset import BUTTON_FONT_PX, BUTTON_PADDING_PX, PHONE_COLUMN_PX, bold_width

REGISTRY.family("F", "Format and deliverability")
REGISTRY.family("D", "Dark mode")

BOX = "km-note-box"
# Boxes whose background differs from the card's by less than this (a luminance ratio) are
# lost on many screens unless a border draws them.
BOX_MIN_RATIO = 1.3
_BORDER = re.compile(r"^border(-left|-right|-top|-bottom)?$")
_NO_BORDER = re.compile(r"^\s*(0|0px|none|hidden)\b", re.IGNORECASE)


@REGISTRY.rule("F18", "the button's label fits one line on a phone")
def button_fits(ctx: Context) -> Iterator[Hit]:
    """the button's label, 16 px bold with its padding, fits one line of a 375 px phone's
    column (335 px): a longer one wraps inside the button, and Outlook's VML button grows as
    wide as the label (a 63-character label makes it 631 px)

    Severity: E.
    """
    button = ctx.email.button if ctx.email else None
    if button is None:
        return
    wide = bold_width(button.label, BUTTON_FONT_PX) + 2 * BUTTON_PADDING_PX
    if wide > PHONE_COLUMN_PX:
        yield error(
            f"the button label {excerpt(button.label, 60)!r} sets about {wide:.0f} px wide, "
            f"more than a phone's {PHONE_COLUMN_PX} px column: it wraps, and Outlook draws the "
            "button wider than the email; shorten the label (about 30 characters fit)",
            part="config",
            key=ctx.config_key("button_label"),
        )


@REGISTRY.rule("D3", "a logo of dark ink has a dark-mode variant", scope=SERIES)
def logo_in_dark_mode(series: SeriesView) -> Iterator[Hit]:
    """series: a `[brand.logo]` without `dark_url` says its `ink`: `dark` (dark marks on a
    transparent ground vanish on a dark background) or unknown is a warning; `light` and
    `opaque` (the logo brings its own background) are fine

    Severity: W.
    """
    logo = series.campaign.brand.logo
    if logo is None or logo.dark_url:
        return
    if logo.ink == "dark":
        yield warning(
            'the logo is dark ink ([brand.logo] ink = "dark") and has no dark_url: in dark '
            "mode it all but disappears; add a light variant as [brand.logo] dark_url",
            part="config",
            key="brand.logo.dark_url",
        )
    elif logo.ink is None:
        yield warning(
            "kapmail cannot tell whether the logo shows on a dark background (it does not "
            "fetch it): set [brand.logo] dark_url to a light variant, or say its ink "
            '("dark", "light" or "opaque")',
            part="config",
            key="brand.logo.ink",
        )


@REGISTRY.rule("D4", "note boxes stand apart from the card")
def boxes_stand_apart(ctx: Context) -> Iterator[Hit]:
    """each note box (evidence, safety) differs from the card around it by at least 1.3:1 in
    luminance, in the light and the dark palette, or has a border: otherwise it vanishes on
    many screens

    Severity: W.
    """
    doc = ctx.doc
    for box in doc.elements():
        if BOX not in (box.get("class") or "").split():
            continue
        words = next((el for el in box.iter() if _has_text(el)), None)
        parent = box.getparent()
        if words is None or parent is None or _bordered(doc, words, box):
            continue
        for dark in (False, True):
            inside, around = doc.background(words, dark=dark), doc.background(parent, dark=dark)
            if inside is None or around is None:
                continue
            value = contrast.ratio(inside, around)
            if value < BOX_MIN_RATIO:
                palette = "dark" if dark else "light"
                yield warning(
                    f"{palette} palette: a note box differs from the card by {value:.2f}:1 "
                    f"and has no border, so on many screens it vanishes; set [brand] "
                    f"{'dark_' if dark else ''}note_color further from the card's colour, "
                    "or give the box a border in the template",
                    line=doc.line(box),
                )
                return


def _has_text(el: etree._Element) -> bool:
    return isinstance(el.tag, str) and bool((el.text or "").strip())


def _bordered(doc: Document, words: etree._Element, box: etree._Element) -> bool:
    """A border on the box or between it and its words."""
    node: etree._Element | None = words
    while node is not None:
        if _has_border(doc, node):
            return True
        if node is box:
            return False
        node = node.getparent()
    return False


def _has_border(doc: Document, el: etree._Element) -> bool:
    return any(
        _BORDER.match(prop) and not _NO_BORDER.match(value)
        for prop, (value, _) in doc.style(el).items()
    )
