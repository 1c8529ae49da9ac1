"""What a rule sees: one email as it will be sent, and the campaign settings."""

from __future__ import annotations

import email.policy
import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.parser import BytesParser
from typing import TYPE_CHECKING, Any, cast

from kapmail.checks.document import Document

if TYPE_CHECKING:  # kapmail.series imports config, which imports this package
    from kapmail.series import Email


@dataclass(frozen=True)
class Context:
    """One rendered email: HTML and text as sent, subject, preheader, settings, .eml.

    `eml` is the RFC 5322 message when one is built (platform export or send); header
    rules yield nothing without it. `email` is the planned email (kind, paragraphs with their
    article lines, evidence), `entries` the campaign's keyed tables ([evidence.*], [crisis.*])
    and `article` the article's path: the health rules read them. `merge_tags` are the
    platform tags an export placed on purpose, by role (`{"unsubscribe": "*|UNSUB|*"}`): the
    leftover rule leaves them alone.
    """

    name: str
    html: str
    text: str
    subject: str
    preheader: str
    settings: Mapping[str, Mapping[str, Any]]
    position: int = 1
    slug: str = ""
    eml: bytes | None = None
    merge_tags: Mapping[str, str] = field(default_factory=dict)
    email: Email | None = None
    entries: Mapping[str, Mapping[str, Mapping[str, Any]]] = field(default_factory=dict)
    article: str | None = None

    @functools.cached_property
    def doc(self) -> Document:
        return Document(self.html)

    @functools.cached_property
    def message(self) -> EmailMessage | None:
        if self.eml is None:
            return None
        parser = BytesParser(policy=email.policy.default)
        return cast(EmailMessage, parser.parsebytes(self.eml))

    def setting(self, table: str, key: str) -> Any:
        return self.settings.get(table, {}).get(key)

    def config_key(self, key: str) -> str:
        """The campaign.toml key that overrides this email's subject or preheader."""
        return f"emails.{self.slug}.{key}" if self.slug else key
