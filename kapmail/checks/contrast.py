"""WCAG 2.x relative luminance and contrast ratio (success criterion 1.4.3)."""

from __future__ import annotations

import functools

NORMAL_MIN = 4.5
LARGE_MIN = 3.0
LARGE_PX = 24.0
LARGE_BOLD_PX = 18.66


def luminance(rgb: tuple[int, int, int]) -> float:
    """Relative luminance of an sRGB colour, 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@functools.lru_cache(maxsize=1024)
def ratio(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    """Contrast ratio, 1 to 21, order-independent (once per pair of colours)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def is_large(font_px: float, bold: bool) -> bool:
    """Large text in WCAG terms: 18 pt (24 px), or 14 pt (18.66 px) bold."""
    return font_px >= LARGE_PX or (bold and font_px >= LARGE_BOLD_PX)


def minimum(font_px: float, bold: bool) -> float:
    return LARGE_MIN if is_large(font_px, bold) else NORMAL_MIN
