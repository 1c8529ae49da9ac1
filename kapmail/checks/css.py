"""Just enough CSS for the checks: declarations, lengths, colours, simple selectors.

Selectors: tag and class compounds joined by the descendant combinator (`.km-text p`,
`body`, `.km-card table`), in comma lists. Anything else (`>`, `:hover`, `[attr]`, `*`)
is skipped: the rule it belongs to is not applied, and the checks say so in their docs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

RGB = tuple[int, int, int]
TRANSPARENT = "transparent"
NAMED: dict[str, RGB] = {
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "red": (255, 0, 0),
    "green": (0, 128, 0),
    "blue": (0, 0, 255),
    "yellow": (255, 255, 0),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "silver": (192, 192, 192),
    "maroon": (128, 0, 0),
    "navy": (0, 0, 128),
    "teal": (0, 128, 128),
    "purple": (128, 0, 128),
    "olive": (128, 128, 0),
    "lime": (0, 255, 0),
    "aqua": (0, 255, 255),
    "fuchsia": (255, 0, 255),
    "orange": (255, 165, 0),
}
_HEX = re.compile(r"^#([0-9a-f]{3}|[0-9a-f]{4}|[0-9a-f]{6}|[0-9a-f]{8})$")
_FUNC = re.compile(r"^rgba?\(\s*([^)]*)\)$")
_LENGTH = re.compile(r"^(-?\d*\.?\d+)\s*(px|pt|em|rem|%)?$")
_TOKEN = re.compile(r"#[0-9a-fA-F]{3,8}\b|rgba?\([^)]*\)|[a-zA-Z]+")
_COMPOUND = re.compile(r"^([a-z][a-z0-9]*)?((?:\.[A-Za-z0-9_-]+)*)$")


def declarations(style: str | None) -> dict[str, tuple[str, bool]]:
    """`a: b; c: d !important` -> {a: (b, False), c: (d, True)}; later ones win."""
    result: dict[str, tuple[str, bool]] = {}
    for part in _split(style or "", ";"):
        name, sep, value = part.partition(":")
        if not sep:
            continue
        value = value.strip()
        important = value.lower().endswith("!important")
        if important:
            value = value[: -len("!important")].strip()
        name = name.strip().lower()
        if name:
            result.pop(name, None)
            result[name] = (value, important)
    return result


def _split(text: str, sep: str) -> list[str]:
    """Split on `sep` outside parentheses (so `url(data:…;base64,…)` stays whole)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char == sep and depth == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def colour(value: str | None) -> RGB | str | None:
    """An RGB triple, TRANSPARENT, or None when the value is not a colour we can read."""
    if not value:
        return None
    value = value.strip().lower()
    if value == TRANSPARENT:
        return TRANSPARENT
    if value in NAMED:
        return NAMED[value]
    match = _HEX.match(value)
    if match:
        digits = match.group(1)
        if len(digits) in {3, 4}:
            digits = "".join(c * 2 for c in digits)
        if len(digits) == 8:
            if digits[6:] == "00":
                return TRANSPARENT
            if digits[6:] != "ff":
                return None
        return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
    match = _FUNC.match(value)
    if match:
        numbers = [n.strip() for n in re.split(r"[,\s/]+", match.group(1)) if n.strip()]
        if len(numbers) == 4:
            alpha = numbers.pop()
            if alpha in {"0", "0%", "0.0"}:
                return TRANSPARENT
            if alpha not in {"1", "100%", "1.0"}:
                return None
        if len(numbers) == 3:
            try:
                channels = [_channel(n) for n in numbers]
            except ValueError:
                return None
            return (channels[0], channels[1], channels[2])
    return None


def _channel(text: str) -> int:
    if text.endswith("%"):
        return round(float(text[:-1]) * 2.55)
    return max(0, min(255, round(float(text))))


def first_colour(value: str | None) -> RGB | str | None:
    """The colour inside a shorthand such as `background: #fff url(x.png) no-repeat`."""
    for token in _TOKEN.findall(value or ""):
        found = colour(token)
        if found is not None:
            return found
    return None


def hex_of(rgb: RGB) -> str:
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def length(value: str | None, *, base: float) -> float | None:
    """A length in px; em and % are relative to `base` px, rem to 16 px."""
    if not value:
        return None
    match = _LENGTH.match(value.strip().lower())
    if not match:
        return None
    number, unit = float(match.group(1)), match.group(2) or "px"
    factor = {"px": 1.0, "pt": 4 / 3, "em": base, "rem": 16.0, "%": base / 100}[unit]
    return number * factor


def number(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


# ---- rules and selectors -------------------------------------------------------------------


@dataclass(frozen=True)
class Compound:
    tag: str | None
    classes: frozenset[str]


@dataclass(frozen=True)
class CssRule:
    """A rule we can apply: its selectors (each a list of compounds) and declarations."""

    selectors: tuple[tuple[Compound, ...], ...]
    declarations: dict[str, tuple[str, bool]]


def selector(text: str) -> tuple[Compound, ...] | None:
    """`.km-text p` -> compounds; None for anything beyond tags, classes and descendants."""
    compounds = []
    for piece in text.split():
        match = _COMPOUND.match(piece)
        if not match or not (match.group(1) or match.group(2)):
            return None
        classes = frozenset(c for c in match.group(2).split(".") if c)
        compounds.append(Compound(match.group(1), classes))
    return tuple(compounds) or None


def rules(css: str) -> list[CssRule]:
    """The applicable rules of a flat block of CSS (no nested at-rules)."""
    found = []
    for match in re.finditer(r"([^{}]+)\{([^{}]*)\}", _strip_comments(css)):
        parsed = [selector(s.strip()) for s in match.group(1).split(",")]
        usable = tuple(s for s in parsed if s)
        if usable:
            found.append(CssRule(usable, declarations(match.group(2))))
    return found


def media_blocks(css: str, condition: str) -> list[str]:
    """The bodies of `@media` blocks whose condition matches the regex `condition`."""
    css = _strip_comments(css)
    blocks = []
    for match in re.finditer(r"@media([^{]*)\{", css):
        if not re.search(condition, match.group(1), re.IGNORECASE):
            continue
        depth, index = 1, match.end()
        while index < len(css) and depth:
            depth += {"{": 1, "}": -1}.get(css[index], 0)
            index += 1
        blocks.append(css[match.end() : index - 1])
    return blocks


def _strip_comments(css: str) -> str:
    return re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)


DARK_SCHEME = r"prefers-color-scheme\s*:\s*dark"
