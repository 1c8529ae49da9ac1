"""A series' language, settled once: which language its readers read, its direction, and
the organisation's own words in it (`[i18n.<language>]`).

`[campaign] language`, else the article's front matter `lang`, else `--language`, else
detected from the article's text when the evidence is strong, else English (`i18n` holds the
catalogs, the dates and the detection). Pure: the article gains a notice for the commands
to print; nothing is read or written here.
"""

from __future__ import annotations

import dataclasses

from kapmail import i18n
from kapmail.config import Campaign, Located, Texts
from kapmail.content import Article, passages
from kapmail.errors import KapmailError


def in_language(
    article: Article, campaign: Campaign, *, given: str | None = None
) -> tuple[Article, Campaign]:
    """The campaign with its language and direction settled: `[campaign] language`, else the
    front matter's `lang`, else `given` (`--language`), else detected from the article's text
    when the evidence is strong, else English; `rtl` for a right-to-left language unless
    `direction` is set. The article gains a notice when the language was detected or has no
    catalog (English words then)."""
    about = campaign.about
    notices = list(article.notices)
    language = about.language or article.language or given
    if language and not i18n.known(language):  # the front matter's (the key is checked)
        raise KapmailError(
            f"lang {language!r} is not a language tag kapmail knows",
            file=article.path,
            key="lang",
            hint=f"kapmail's own words come in {', '.join(i18n.LANGUAGES)} (e.g. es, pt-BR)",
        )
    if not language:
        blocks = [*article.intro, *(b for s in article.sections for b in s.blocks)]
        text = " ".join([article.title or "", *(t for t, _ in passages(blocks))])
        language = i18n.detect(text) or "en"
        if language != "en":
            notices.append(
                f"language detected from the article: {language} "
                "(set [campaign] language to choose another)"
            )
    if not i18n.has_catalog(language):
        notices.append(
            f"no catalog for language {language}: kapmail's own words (labels, teasers, "
            f"footer) stay English; catalogs: {', '.join(i18n.LANGUAGES)}"
        )
    direction = about.direction or i18n.direction(language)
    settled = dataclasses.replace(about, language=language, direction=direction)
    return (
        dataclasses.replace(article, notices=tuple(dict.fromkeys(notices))),  # once each
        in_texts(dataclasses.replace(campaign, about=settled), language),
    )


def texts_for(campaign: Campaign, language: str) -> Texts | None:
    """The `[i18n.<language>]` texts for a language (`pt-BR` over `pt`), None without any;
    a table naming a language Babel does not know is an error at its line."""
    for name in campaign.i18n:
        if not i18n.known(name):
            file, line = campaign.config_file, None
            if isinstance(campaign.i18n, Located) and name in campaign.i18n.lines:
                file, line = campaign.i18n.lines[name]
            raise KapmailError(
                f"[i18n.{name}] names no language kapmail knows",
                file=file,
                line=line,
                key=f"i18n.{name}",
                hint="name it by a language tag: es, fr, pt-BR, ar",
            )
    found = [
        texts for name, texts in campaign.i18n.items() if name.lower() == language.lower()
    ] or [texts for name, texts in campaign.i18n.items() if name.lower() == i18n.base(language)]
    return found[0] if found else None


def in_texts(campaign: Campaign, language: str) -> Campaign:
    """The campaign with its own words in `language` where `[i18n.<language>]` gives them."""
    texts = texts_for(campaign, language)
    if texts is None:
        return campaign
    action = campaign.call_to_action
    crisis = {
        country: dataclasses.replace(line, service=(texts.crisis or {}).get(country, line.service))
        for country, line in campaign.crisis.items()
    }
    return dataclasses.replace(
        campaign,
        sender=dataclasses.replace(
            campaign.sender, audience=texts.audience or campaign.sender.audience
        ),
        health=dataclasses.replace(
            campaign.health,
            disclaimer=texts.disclaimer or campaign.health.disclaimer,
            regulatory=texts.regulatory or campaign.health.regulatory,
            risks=texts.risks or campaign.health.risks,
        ),
        call_to_action=dataclasses.replace(
            action,
            label=texts.label or action.label,
            lead_in=texts.lead_in or action.lead_in,
            question=texts.question or action.question,
        ),
        crisis=crisis,
    )
