"""An email as other clients show it, for `kapmail snapshot --view`; the gallery computes
the same views in the page (`templates/partials/views.js`, its twin, kept equal by
tests/test_views.py), so its index.html carries each email once.

Approximations made with text operations on the written HTML (never on what is sent):

- `images-off`: every picture's source removed, so its alt text shows in its place, as in
  Outlook and corporate setups that block images by default;
- `stripped`: no `<style>` block and no class, the inlined CSS alone, as the many clients
  that drop style blocks (Gmail's apps with a non-Google account, older webmails) show it;
- `outlook`: Outlook on Windows' Word engine: MSO conditional comments switched on (and the
  content hidden from it switched off), media queries gone, and the CSS properties it
  ignores (`max-width`, `border-radius`, `background-image`, `display`, `box-shadow`,
  margins on `div`) removed from every style attribute.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NORMAL = "normal"
IMAGES_OFF = "images-off"
STRIPPED = "stripped"
OUTLOOK = "outlook"

_IMG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
_SRC = re.compile(r'\s(?:src|srcset)="[^"]*"', re.IGNORECASE)
_STYLE_BLOCK = re.compile(r"<style\b[^>]*>.*?</style>", re.IGNORECASE | re.DOTALL)
_CLASS = re.compile(r'\sclass="[^"]*"', re.IGNORECASE)
# <!--[if mso | IE]>…<![endif]--> shown when its condition holds for Outlook 2016-365 (mso 16);
# <!--[if !mso]><!-->…<!--<![endif]--> hidden.
_FOR_MSO = re.compile(r"<!--\[if ([^\]]*)\]>(.*?)<!\[endif\]-->", re.DOTALL)
_CONDITION = re.compile(r"^(?:(gte|gt|lte|lt) )?(mso|IE)(?: (\d+))?$")
OUTLOOK_VERSION = 16
_NOT_MSO = re.compile(r"<!--\[if !mso\]><!-->(.*?)<!--<!\[endif\]-->", re.DOTALL)
_MEDIA = re.compile(r"@media[^{]*\{(?:[^{}]*\{[^{}]*\})*[^{}]*\}", re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r'(<(\w+)\b[^>]*?\sstyle=")([^"]*)(")', re.IGNORECASE)
_IGNORED = frozenset({"max-width", "border-radius", "background-image", "display", "box-shadow"})
_DIV_IGNORED = frozenset({"margin", "margin-top", "margin-bottom", "margin-left", "margin-right"})


def images_off(html: str) -> str:
    """Each picture without its source: the client shows its alt text in its box."""
    return _IMG.sub(lambda m: _SRC.sub("", m.group(0)), html)


def stripped(html: str) -> str:
    """No style blocks, no class names: only the inlined CSS is left."""
    return _CLASS.sub("", _STYLE_BLOCK.sub("", html))


def outlook(html: str) -> str:
    """What Word's engine keeps: its conditional content, no media queries, and no CSS
    property it ignores."""
    html = _NOT_MSO.sub("", html)
    html = _FOR_MSO.sub(lambda m: m.group(2) if _holds(m.group(1)) else "", html)
    html = _STYLE_BLOCK.sub(lambda m: _MEDIA.sub("", m.group(0)), html)
    return _VML_BUTTON.sub(_drawn, _STYLE_ATTRIBUTE.sub(_without_ignored, html))


# Outlook draws a VML v:roundrect filled with `fillcolor`; a browser knows no VML, so the view
# paints the same box with CSS (else the button's light label sits on nothing).
_VML_BUTTON = re.compile(r'<v:roundrect\b([^>]*?)\sstyle="([^"]*)"([^>]*)>', re.IGNORECASE)
_FILL = re.compile(r'fillcolor="([^"]*)"', re.IGNORECASE)
_HEIGHT = re.compile(r"height:\s*(\d+px)")


def _drawn(match: re.Match[str]) -> str:
    before, style, after = match.groups()
    fill = _FILL.search(before + after)
    height = _HEIGHT.search(style)
    painted = (
        f"{style};display:inline-block;text-align:center;border-radius:6px;"
        f"background-color:{fill.group(1) if fill else 'transparent'};"
        f"line-height:{height.group(1) if height else 'normal'}"
    )
    return f'<v:roundrect{before} style="{painted}"{after}>'


def _holds(condition: str) -> bool:
    """Whether `mso`, `mso | IE`, `gte mso 9`, `lte mso 11` … is true in Outlook 2016-365."""
    for alternative in condition.split("|"):
        found = _CONDITION.match(alternative.strip())
        if not found or found.group(2) != "mso":
            continue
        operator, version = found.group(1), int(found.group(3) or OUTLOOK_VERSION)
        compare = {
            None: version == OUTLOOK_VERSION or not found.group(3),
            "gte": version <= OUTLOOK_VERSION,
            "gt": version < OUTLOOK_VERSION,
            "lte": version >= OUTLOOK_VERSION,
            "lt": version > OUTLOOK_VERSION,
        }
        if compare[operator]:
            return True
    return False


def _without_ignored(match: re.Match[str]) -> str:
    tag = match.group(2).lower()
    kept = []
    for declaration in match.group(3).split(";"):
        name = declaration.split(":", 1)[0].strip().lower()
        if not name or name in _IGNORED or (tag == "div" and name in _DIV_IGNORED):
            continue
        kept.append(declaration.strip())
    return f"{match.group(1)}{'; '.join(kept)}{match.group(4)}"


VIEWS: dict[str, Callable[[str], str]] = {
    IMAGES_OFF: images_off,
    STRIPPED: stripped,
    OUTLOOK: outlook,
}
# Every view, in the order the gallery offers them (it names each in the reader's language).
NAMES = (NORMAL, IMAGES_OFF, STRIPPED, OUTLOOK)


def view(html: str, name: str) -> str:
    """`html` as the view `name` shows it (`normal`: unchanged)."""
    return html if name == NORMAL else VIEWS[name](html)
