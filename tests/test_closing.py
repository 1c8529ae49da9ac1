"""How an article closes: conclusion headings, closing questions, the closing title, teasers."""

from __future__ import annotations

import dataclasses

import pytest

from kapmail.config import load_campaign
from kapmail.content.closing import is_conclusion, is_question
from kapmail.plan import closing_title
from kapmail.text import end_sentence
from tests.conftest import MINIMAL_CAMPAIGN, make_campaign


@pytest.mark.parametrize(
    "heading",
    [
        "Conclusion",
        "In Conclusion:",
        "4. Conclusion",
        "Key Takeaways",
        "In Summary",
        "Conclusión",
        "En résumé",
        "Fazit",
        "Conclusão",
        "Considerazioni finali",
    ],
)
def test_conclusion_headings_in_six_languages(heading):
    assert is_conclusion(heading)


@pytest.mark.parametrize("line", ["Wrapping up.", "Conclusions drawn from the data", "Resume"])
def test_sentences_and_near_misses_are_not_conclusion_headings(line):
    assert not is_conclusion(line)


def test_a_campaign_names_its_own_conclusion_heading():
    assert is_conclusion("What We Learned:", "What we learned")
    assert not is_conclusion("What We Learned")


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("Will you try it?", True),
        ("¿Lo probarás esta semana?", True),
        ("هل ستجرب هذا؟", True),
        ("Would you say “yes?”", True),
        ("Book a session today.", False),
        ("Why not?!", False),
    ],
)
def test_closing_questions(text, asks):
    assert is_question(text) is asks


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Why Does Sleep Matter?", "Why Does Sleep Matter?"),
        ("¿Qué es la terapia?", "¿Qué es la terapia?"),
        ('He said "pass."', 'He said "pass."'),
        ("Next Steps", "Next Steps."),
        ("Wait…", "Wait…"),
    ],
)
def test_teasers_end_a_sentence_once(title, expected):
    assert end_sentence(title) == expected


def test_the_closing_title_is_the_campaigns_or_drawn_from_the_series_title(tmp_path):
    campaign = load_campaign(make_campaign(tmp_path, "Intro.\n1. A\nB.\nQ?\n", MINIMAL_CAMPAIGN))
    assert (
        closing_title(campaign, "Grief at work: a guide") == "Grief at work: what it means for you"
    )
    spanish = dataclasses.replace(
        campaign, about=dataclasses.replace(campaign.about, language="es-MX")
    )
    assert closing_title(spanish, "El duelo") == "El duelo: lo que significa para usted"
    named = dataclasses.replace(
        campaign, article=dataclasses.replace(campaign.article, closing_title="Where it fits")
    )
    assert closing_title(named, "Anything") == "Where it fits"


def test_a_long_series_title_gives_the_closing_phrase_alone(tmp_path):
    """A real post's title made the closing subject 96 characters, over F5's 50."""
    campaign = load_campaign(make_campaign(tmp_path, "Intro.\n1. A\nB.\nQ?\n", MINIMAL_CAMPAIGN))
    long_title = "Reading notes on The Pragmatic Programmer by David Thomas and Andrew Hunt"
    assert closing_title(campaign, long_title) == "What it means for you"
    spanish = dataclasses.replace(
        campaign, about=dataclasses.replace(campaign.about, language="es")
    )
    assert closing_title(spanish, long_title) == "Lo que significa para usted"
    fits = "Sleep and therapy"  # 40 characters with the phrase: kept whole
    assert closing_title(campaign, fits) == "Sleep and therapy: what it means for you"
