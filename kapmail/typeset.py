"""How wide a line of bold text sets, from Helvetica Bold's advance widths (Adobe's AFM, in
thousandths of an em): the button's width in Outlook's VML and the check that its label fits
one line on a phone share this one estimate. Arial's widths are the same; other fonts differ
by a few per cent, which the margins below absorb."""

from __future__ import annotations

_WIDTHS = {
    **dict.fromkeys(" ',./[]", 278),
    **dict.fromkeys("0123456789$", 556),
    "!": 333, "(": 333, ")": 333, "-": 333, ":": 333, ";": 333, "?": 611, "&": 722,
    "a": 556, "b": 611, "c": 556, "d": 611, "e": 556, "f": 333, "g": 611, "h": 611, "i": 278,
    "j": 278, "k": 556, "l": 278, "m": 889, "n": 611, "o": 611, "p": 611, "q": 611, "r": 389,
    "s": 556, "t": 333, "u": 611, "v": 556, "w": 778, "x": 556, "y": 556, "z": 500,
    "A": 722, "B": 722, "C": 722, "D": 722, "E": 667, "F": 611, "G": 778, "H": 722, "I": 278,
    "J": 556, "K": 722, "L": 611, "M": 833, "N": 722, "O": 778, "P": 667, "Q": 778, "R": 722,
    "S": 667, "T": 611, "U": 722, "V": 667, "W": 944, "X": 667, "Y": 667, "Z": 611,
}  # fmt: skip
_OTHER = 667  # a letter not in the table (accented, another script): a wide Latin capital

# The button: 16 px bold, 28 px of padding each side; a phone's column is 375 px less 20 px a
# side; the VML button is never narrower than 160 px.
BUTTON_FONT_PX = 16
BUTTON_PADDING_PX = 28
PHONE_COLUMN_PX = 375 - 2 * 20
MIN_BUTTON_PX = 160


def bold_width(text: str, font_px: float) -> float:
    """The width in CSS pixels of `text` set in Helvetica Bold at `font_px`."""
    return sum(_WIDTHS.get(char, _OTHER) for char in text) * font_px / 1000


def button_width(label: str) -> int:
    """The button's width in pixels: its label on one line and its padding (at least 160)."""
    wide = bold_width(label, BUTTON_FONT_PX) + 2 * BUTTON_PADDING_PX
    return max(MIN_BUTTON_PX, round(wide + 0.5))
