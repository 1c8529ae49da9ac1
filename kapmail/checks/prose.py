"""The prose that went into one email, each piece with where it came from.

The health rules read claims where a writer can fix them: an article line, or a key of
campaign.toml / kapmail.toml, not a line of generated HTML.
"""

from __future__ import annotations

from dataclasses import dataclass

from kapmail.config import Campaign
from kapmail.content.model import passages
from kapmail.plan import Email


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


def config_texts(campaign: Campaign) -> list[Prose]:
    """The configured prose every email may show, by its key."""
    texts = {
        "health.regulatory": campaign.health.regulatory,
        "health.risks": campaign.health.risks,
        "health.disclaimer": campaign.health.disclaimer,
        "call_to_action.label": campaign.call_to_action.label,
        "call_to_action.lead_in": campaign.call_to_action.lead_in,
        "campaign.subject_template": campaign.about.subject_template,
    }
    return [Prose(text, "config", key) for key, text in texts.items() if text]


def prose_of(email: Email, campaign: Campaign, article: str | None) -> list[Prose]:
    """The email's title, its article prose and question, its overrides and the shared notes."""
    source = article or "article"
    found = [Prose(email.title, "article", source, email.title_line)]
    found += [Prose(text, "article", source, line) for text, line in passages(email.blocks)]
    if email.question and email.question_line is None:
        found.append(Prose(email.question, "config", "call_to_action.question"))
    elif email.question:
        found.append(Prose(email.question, "article", source, email.question_line))
    override = campaign.emails.get(email.slug)
    if override:
        found += [
            Prose(text, "config", f"emails.{email.slug}.{key}")
            for key in ("subject", "preheader", "button_label", "button_lead_in")
            if (text := getattr(override, key))
        ]
    if email.evidence:
        found.append(Prose(email.evidence.note, "config", f"evidence.{email.slug}.note"))
    return found + config_texts(campaign)
