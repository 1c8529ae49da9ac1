"""M: merge tags and template leftovers (compliance.md section 6).

M3 (every personalisation tag has a fallback) waits for personalisation: kapmail writes no
personalisation tags yet, and M2 catches any that arrive in article text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from kapmail import platforms
from kapmail.checks.context import Context
from kapmail.checks.document import excerpt
from kapmail.checks.engine import REGISTRY, Hit, error

FAMILY = REGISTRY.family("M", "Merge tags")

HTML_ONLY = ("<mj-", "</mj-")


@REGISTRY.rule("M1", "the platform's unsubscribe tag in both parts")
def platform_unsubscribe(ctx: Context) -> Iterator[Hit]:
    """with `--platform` (build or export): the platform's unsubscribe tag is in both parts

    Severity: E.
    """
    tag = ctx.merge_tags.get("unsubscribe")
    if not tag:
        return
    for part, content in (("html", ctx.html), ("text", ctx.text)):
        if tag not in content:
            yield error(
                f"the {part} part lacks the platform's unsubscribe tag {tag!r}: the platform "
                "will add its own footer or refuse the send; keep the unsubscribe link",
                part=part,
            )


@REGISTRY.rule("M2", "no unfilled template syntax or <mj- tags")
def leftovers(ctx: Context) -> Iterator[Hit]:
    """no `{{`, `{%`, `*|`, `%recipient`, `<%`, `__KAPMAIL_` in either part, no `<mj-` in the HTML

    Severity: E.
    """
    words = " ".join((ctx.doc.visible_text, ctx.subject, ctx.preheader))
    for part, content in (("html", ctx.html), ("text", ctx.text)):
        for tag in ctx.merge_tags.values():
            content = content.replace(tag, " " * len(tag))
        tokens = platforms.LEFTOVER_MARKS + (HTML_ONLY if part == "html" else ())
        found = {
            t: [m.start() for m in re.finditer(re.escape(t), content)]
            for t in tokens
            if t in content
        }
        if not found:
            continue
        first = min(starts[0] for starts in found.values())
        counts = ", ".join(
            f"{t!r}" + (f" ×{len(s)}" if len(s) > 1 else "") for t, s in found.items()
        )
        around = excerpt(content[max(0, first - 20) : first + 30], 50)
        if any(t in words for t in found):
            origin = (
                "it is in the email's text, which comes from the article (or a subject or "
                "preheader in campaign.toml): rephrase it there"
            )
        else:
            origin = "it is in the markup, so a template wrote it: fix the template"
        yield error(
            f"unfilled template syntax in the {part} part ({counts}), first near {around!r}; "
            f"a mailing platform would try to fill it. {origin.capitalize()}",
            part=part,
            line=content.count("\n", 0, first) + 1,
        )
