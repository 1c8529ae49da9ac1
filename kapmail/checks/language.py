"""I1: the campaign's own words in the series' language.

`[i18n.<language>]` tables give the organisation's and the campaign's texts (the audience
line, the disclaimer, the button, the crisis lines) per language; `languages.in_texts` uses the
series' own. A text given for some languages but not the series' one reaches its emails as
the main table writes it: most likely in another language.
"""

from __future__ import annotations

from collections.abc import Iterator

from kapmail.checks.context import SeriesView
from kapmail.checks.engine import REGISTRY, SERIES, Hit, warning
from kapmail.config import Campaign
from kapmail.languages import texts_for

FAMILY = REGISTRY.family("I", "Languages")

# Each [i18n] key, the table and key it stands for.
STANDS_FOR = {
    "audience": "sender.audience",
    "disclaimer": "health.disclaimer",
    "regulatory": "health.regulatory",
    "risks": "health.risks",
    "label": "call_to_action.label",
    "lead_in": "call_to_action.lead_in",
    "question": "call_to_action.question",
    "crisis": "crisis",
}


def _shown(campaign: Campaign, name: str) -> bool:
    """Whether the main table's text for an [i18n] key reaches the emails at all."""
    health = campaign.health.related
    shown = {
        "audience": bool(campaign.sender.audience),
        "disclaimer": health and bool(campaign.health.disclaimer),
        "regulatory": bool(campaign.health.regulatory),
        "risks": bool(campaign.health.risks),
        "label": bool(campaign.call_to_action.label and campaign.call_to_action.url),
        "lead_in": bool(campaign.call_to_action.lead_in),
        "question": bool(campaign.call_to_action.question),
        "crisis": health and bool(campaign.crisis),
    }
    return shown[name]


@REGISTRY.rule("I1", "the campaign's own texts are given in the series' language", scope=SERIES)
def texts_in_language(series: SeriesView) -> Iterator[Hit]:
    """series: a text that `[i18n.<language>]` tables give for other languages (the audience
    line, the disclaimer, regulatory status, risks, the button's label or lead-in, the
    closing question, crisis lines) is given for the series' language too; else its emails
    carry the main table's text, written for another language

    Severity: W.
    """
    campaign = series.campaign
    language = campaign.about.language
    own = texts_for(campaign, language)
    others = {name: texts for name, texts in campaign.i18n.items() if texts is not own}
    for name, stands_for in STANDS_FOR.items():
        given = sorted(lang for lang, texts in others.items() if getattr(texts, name))
        if not given or (own and getattr(own, name)) or not _shown(campaign, name):
            continue
        yield warning(
            f"[{stands_for.split('.')[0]}] {stands_for.split('.')[-1]} is written for "
            f"{', '.join(given)} but not for {language}: these {language} emails carry it as "
            f"the main table has it; add {name} to [i18n.{language}] (the same words, if they "
            "are already in that language)",
            part="config",
            key=f"i18n.{language}.{name}",
        )
