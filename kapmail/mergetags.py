"""The one home of merge-tag syntax: how each kind of tag is written and recognised.

`platforms` builds its profiles and its `is_tag`, `has_tag` and `LEFTOVER_MARKS` from
`SYNTAXES`; the Markdown reader shields Mailchimp's tags (`ARTICLE_MAILCHIMP`) from emphasis.
A foundation module, so readers below `platforms` can ask here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Syntax:
    """One way of writing a merge tag.

    `pattern` matches a whole tag (an href that is a tag); `opener` finds the start of one in
    a URL, where it may be percent-encoded (link tagging leaves such URLs alone); `mark` is
    the literal that betrays an unfilled one in finished output (rule M2).
    """

    example: str
    pattern: str
    opener: str
    mark: str


MAILCHIMP_OPEN, MAILCHIMP_CLOSE = "*|", "|*"

SYNTAXES: dict[str, Syntax] = {
    "handlebars": Syntax("{{ name }}, {{{ name }}}", r"\{\{\{?[^{}]+\}?\}\}", r"\{\{|%7B%7B", "{{"),
    "block": Syntax("{% if x %}", r"\{%[^%]+%\}", r"\{%|%7B%25", "{%"),
    "mailchimp": Syntax("*|FNAME|*", r"\*\|[^|]+\|\*", r"\*\||%2A%7C", MAILCHIMP_OPEN),
    "percent": Syntax(
        "%recipient.first_name%", r"%[A-Za-z_][\w.]*%", r"%[a-z][a-z_.]{2,}%", "%recipient"
    ),
    "angle": Syntax("<%asm_group_unsubscribe_raw_url%>", r"<%[^%]+%>", r"<%|%3C%25", "<%"),
}

# Mailchimp's tag as an article may write it, its name captured: on one line, the name not
# starting with a space (`*| x |*` in prose is not a tag). Its stars would read as emphasis.
ARTICLE_MAILCHIMP = re.compile(
    re.escape(MAILCHIMP_OPEN) + r"([^|*\s][^|*\n]*)" + re.escape(MAILCHIMP_CLOSE)
)
