"""R: what a reader gets from each email: enough of the article to be worth opening, and no
more than one sitting's reading."""

from __future__ import annotations

from collections.abc import Iterator

from kapmail.checks.context import Context
from kapmail.checks.document import excerpt
from kapmail.checks.engine import REGISTRY, Hit, error, warning
from kapmail.plan import INTRO

FAMILY = REGISTRY.family("R", "Reading")

MIN_WORDS = 30  # fewer: a heading and the layout's own words, not an email worth sending
LONG_FACTOR = 1.5  # over this many times [article] max_words: most readers stop before the end


@REGISTRY.rule("R1", "each email carries at least 30 words of the article")
def enough_article(ctx: Context) -> Iterator[Hit]:
    """every email but the intro carries at least 30 words of the article (its blocks and
    closing question): a heading and the layout's own words are not an email worth opening;
    reported at the email's heading line

    Severity: E.
    """
    email = ctx.email
    if email is None or email.kind == INTRO:  # the intro also lists the series' parts
        return
    if email.words < MIN_WORDS:
        yield error(
            f"email {ctx.name} ({excerpt(email.title, 50)!r}) carries only {email.words} "
            f"word(s) of the article: readers open it for a heading; write more under this "
            "heading, or set [article] min_words to merge short sections",
            part="article",
            key=ctx.article or "article",
            line=email.title_line,
        )


@REGISTRY.rule("R2", "no email is longer than a reader finishes")
def not_too_long(ctx: Context) -> Iterator[Hit]:
    """no email is over 1.5 × `[article] max_words` (a section that could not be split at
    sub-headings or paragraphs); the message gives its words and reading time

    Severity: W.
    """
    email = ctx.email
    most = ctx.campaign.article.max_words
    if email is None or email.words <= most * LONG_FACTOR:
        return
    yield warning(
        f"email {ctx.name} ({excerpt(email.title, 50)!r}) is {email.words} words, a "
        f"{email.minutes}-minute read: most readers stop before the end; give it "
        "sub-headings or shorter paragraphs so it can be split into parts",
        part="article",
        key=ctx.article or "article",
        line=email.title_line,
    )
