"""What a rule sees: one email as it will be sent (`Context`), or the series (`SeriesView`).

An email rule reads a `Context`: the HTML, text and .eml exactly as written or sent. A
series rule reads a `SeriesView`: what the checker kept of each email after its own rules
ran (`Seen`: its plan and its visible text, not the parsed HTML), so checking a long series
keeps one parsed email in memory at a time.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kapmail.config import Campaign
from kapmail.plan import Email

if TYPE_CHECKING:  # parsed on first use: a rebuild served by the cache parses nothing
    from email.message import EmailMessage

    from kapmail.checks.document import Document


@dataclass(frozen=True)
class Context:
    """One email as it leaves: HTML and text in the target platform's syntax, and its .eml.

    `eml` is the RFC 5322 message (header rules yield nothing without it). `email` is the
    planned email (kind, paragraphs with their article lines, evidence), `campaign` the typed
    configuration and `article` the article's path: the health rules read them.
    `merge_tags` are the platform tags the output holds on purpose, by role
    (`{"unsubscribe": "*|UNSUB|*"}`): the leftover rule leaves them alone.
    """

    name: str
    html: str
    text: str
    subject: str
    preheader: str
    campaign: Campaign
    position: int = 1
    slug: str = ""
    eml: bytes | None = None
    merge_tags: Mapping[str, str] = field(default_factory=dict)
    email: Email | None = None
    article: str | None = None
    article_unit: str = "line"  # what the article's line numbers count (content Article)

    @functools.cached_property
    def doc(self) -> Document:
        from kapmail.checks.document import Document

        return Document(self.html)

    @functools.cached_property
    def message(self) -> EmailMessage | None:
        if self.eml is None:
            return None
        from kapmail import mailparse

        return mailparse.message(self.eml)

    def config_key(self, key: str) -> str:
        """The campaign.toml key that overrides this email's subject or preheader."""
        return f"emails.{self.slug}.{key}" if self.slug else key

    def digests(self) -> dict[str, str]:
        """SHA-256 of each part exactly as the rules saw it: html, text and eml."""
        parts = {"html": self.html.encode(), "text": self.text.encode()}
        if self.eml is not None:
            parts["eml"] = self.eml
        return {name: hashlib.sha256(data).hexdigest() for name, data in parts.items()}


@dataclass(frozen=True)
class Seen:
    """What a series rule needs of one email: its plan and visible text, not its markup."""

    name: str
    position: int
    email: Email | None
    visible_text: str

    @classmethod
    def of(cls, ctx: Context) -> Seen:
        return cls(ctx.name, ctx.position, ctx.email, ctx.doc.visible_text)


@dataclass(frozen=True)
class SeriesView:
    """Every email of a series as series rules see it, with the campaign and article."""

    campaign: Campaign
    article: str | None
    emails: tuple[Seen, ...]
