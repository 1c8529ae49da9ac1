"""Neutral placeholders the templates write where a platform puts its own merge tags.

Inliners mangle merge tags such as `{{ UnsubscribeURL }}` inside `href`, so templates
write plain tokens and `fill` swaps them for real values after all HTML processing.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape

UNSUBSCRIBE = "__KAPMAIL_UNSUBSCRIBE_URL__"
PREFERENCES = "__KAPMAIL_PREFERENCES_URL__"
ALL = (UNSUBSCRIBE, PREFERENCES)
LINKS = {"unsubscribe": UNSUBSCRIBE, "preferences": PREFERENCES}


def fill(content: str, values: Mapping[str, str], *, html: bool) -> str:
    """Replace every placeholder with its value (HTML-escaped for the HTML part)."""
    for token in ALL:
        value = values[token]
        content = content.replace(token, escape(value) if html else value)
    return content


def generic_values(sender: Mapping[str, object]) -> dict[str, str]:
    """Placeholder values for direct sending: the URLs from the configuration."""
    return {
        UNSUBSCRIBE: str(sender["unsubscribe_url"]),
        PREFERENCES: str(sender["preferences_url"]),
    }
