"""The prose that went into one email, each piece with where it came from.

The health rules read claims where a writer can fix them: an article line, or a key of
campaign.toml / kapmail.toml, not a line of generated HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from kapmail.checks.context import Context

CONFIG_TEXTS = (
    ("health", "regulatory"),
    ("health", "risks"),
    ("health", "disclaimer"),
    ("call_to_action", "label"),
    ("campaign", "subject_template"),
)


@dataclass(frozen=True)
class Prose:
    """A piece of text and its origin: `article` with a line, or `config` with a key."""

    text: str
    part: str
    key: str
    line: int | None = None

    @property
    def where(self) -> tuple[str, str, int | None]:
        return self.part, self.key, self.line


def prose_of(ctx: Context) -> list[Prose]:
    """The email's title, paragraphs and question, its overrides and the shared notes."""
    email = ctx.email
    if email is None:
        return []
    article = ctx.article or "article"
    found = [Prose(email.title, "article", article, email.title_line)]
    found += [Prose(p.text, "article", article, p.line) for p in email.paragraphs]
    if email.question and email.question_line is None:
        found.append(Prose(email.question, "config", "call_to_action.question"))
    elif email.question:
        found.append(Prose(email.question, "article", article, email.question_line))
    override = ctx.entries.get("emails", {}).get(email.slug, {})
    found += [
        Prose(override[key], "config", f"emails.{email.slug}.{key}")
        for key in ("subject", "preheader")
        if override.get(key)
    ]
    if email.evidence:
        found.append(Prose(email.evidence.note, "config", f"evidence.{email.slug}.note"))
    found += [
        Prose(ctx.setting(table, key), "config", f"{table}.{key}")
        for table, key in CONFIG_TEXTS
        if ctx.setting(table, key)
    ]
    return found
