"""The planner: order, slugs, subjects, preheaders, send times, teasers."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from kapmail.config import load_campaign
from kapmail.content import passages, read_article
from kapmail.errors import KapmailError
from kapmail.plan import plan_series
from tests.conftest import KAP_CAMPAIGN, MINIMAL_CAMPAIGN, QUESTION, make_campaign
from tests.test_article import KAP_TITLES


@pytest.fixture(scope="module")
def series():
    campaign = load_campaign(KAP_CAMPAIGN)
    return plan_series(read_article(campaign.article_path), campaign)


def test_eight_emails_in_article_order(series):
    emails = series.emails
    assert [e.kind for e in emails] == ["intro"] + ["section"] * 6 + ["conclusion"]
    assert [e.title for e in emails[1:-1]] == KAP_TITLES
    assert [e.position for e in emails] == list(range(1, 9))
    assert {e.total for e in emails} == {8}
    assert emails[-1].question == QUESTION
    assert all(e.question is None for e in emails[:-1])


def test_slugs_are_stable_unique_and_numbered(series):
    stems = [e.stem for e in series.emails]
    assert stems[1] == "02-depressive-disorders"
    assert stems[4] == "05-attention-deficit-disorders-add-adhd"
    assert stems[-1] == "08-kap-in-counselling-where-it-fits"
    assert len(set(stems)) == 8


def test_send_times_follow_start_cadence_hour_and_zone(series):
    times = [e.send_at for e in series.emails]
    assert times[0].isoformat() == "2027-01-12T09:00:00-05:00"
    days = [t.strftime("%a %d") for t in times]
    assert days == ["Tue 12", "Fri 15", "Mon 18", "Thu 21", "Mon 25", "Thu 28", "Mon 01", "Thu 04"]
    assert all(b - a >= dt.timedelta(days=3) for a, b in itertools.pairwise(times))
    assert all(t.weekday() < 5 for t in times)
    assert {t.hour for t in times} == {9}
    assert {t.utcoffset() for t in times} == {dt.timedelta(hours=-5)}


def test_preheaders_are_40_to_100_chars_and_differ_from_subjects(series):
    for email in series.emails:
        assert 40 <= len(email.preheader) <= 100, email.preheader
        assert email.preheader != email.subject
        assert "…" not in email.preheader


def test_derived_preheaders_add_to_the_subject_instead_of_repeating_the_body(series):
    emails = series.emails
    body = " ".join(text for e in emails for text, _ in passages(e.blocks))
    for email in emails[1:]:
        assert email.preheader not in body
        assert email.preheader.split(".")[0] not in body
    depression = emails[1]
    assert depression.preheader == (
        "The evidence so far: moderate (short-term), and the studies behind it. Part 2 of 8."
    )
    assert emails[3].preheader.endswith("and the study behind it. Part 4 of 8.")
    assert emails[-1].preheader == (
        "The last of 8 parts: what it all adds up to, and a question for you."
    )


def test_derived_preheaders_without_evidence_or_override_name_the_place_in_the_series(
    tmp_path,
):
    article = (
        "Sleep and the counsellor: a guide\n\nWhy rest matters in practice.\n\n"
        "1. Rest\n\nRest restores attention.\n\n2. Routine\n\nRoutine anchors the day.\n\n"
        "Conclusion\n\nSmall habits add up.\n\nWhat will you try first?\n"
    )
    folder = make_campaign(tmp_path, article)
    campaign = load_campaign(folder)
    series = plan_series(read_article(campaign.article_path), campaign)
    first = next(e for e in series.emails if e.kind == "section")
    assert series.emails[0].preheader == (
        f"A series in {len(series.emails)} parts, one every 2 days, starting with {first.title}."
    )
    assert first.preheader.startswith(f"Part 2 of {len(series.emails)} of the series “")
    assert all(40 <= len(e.preheader) <= 100 for e in series.emails)


def test_subjects_come_from_template_or_override(series):
    assert series.emails[1].subject == "KAP and Depressive Disorders"
    assert series.emails[2].subject == "KAP and trauma-related disorders (PTSD)"
    assert series.emails[0].subject == "KAP: what counsellors should know"


def test_every_email_but_the_last_teases_the_next(series):
    emails = series.emails
    for email, following in itertools.pairwise(emails):
        assert email.next_title == following.title
        assert email.next_send_at == following.send_at
    assert emails[-1].next_title is None
    assert emails[0].outline == tuple(KAP_TITLES)


def test_override_for_unknown_slug_is_an_error(tmp_path: Path):
    toml = MINIMAL_CAMPAIGN + '[emails.nope]\nsubject = "x"\n'
    campaign = load_campaign(make_campaign(tmp_path, "Intro.\n1. Alpha\nBody.\nQ?\n", toml))
    with pytest.raises(KapmailError, match=r"\[emails.nope\] matches no email") as caught:
        plan_series(read_article(campaign.article_path), campaign)
    assert caught.value.hint == "the slugs are: test-series, alpha"


def test_dst_change_keeps_local_send_hour(tmp_path: Path):
    toml = (
        '[campaign]\nname = "X"\n[schedule]\nstart = 2027-03-12\ncadence_days = 2\n'
        'send_hour = 8\ntimezone = "America/New_York"\n'
    )
    folder = make_campaign(tmp_path, "Intro.\n1. A\nBody.\n2. B\nBody.\nQ?\n", toml)
    campaign = load_campaign(folder)
    series = plan_series(read_article(campaign.article_path), campaign)
    offsets = [e.send_at.isoformat()[-6:] for e in series.emails]
    assert offsets == ["-05:00", "-04:00", "-04:00"]  # the last section closes (issue 20)
    assert {e.send_at.hour for e in series.emails} == {8}


def test_without_skip_weekends_the_cadence_is_exact(tmp_path: Path):
    toml = MINIMAL_CAMPAIGN.replace("start = 2027-03-01", "start = 2027-03-05")
    folder = make_campaign(tmp_path, "Intro.\n1. A\nBody.\n2. B\nBody.\nQ?\n", toml)
    campaign = load_campaign(folder)
    series = plan_series(read_article(campaign.article_path), campaign)
    assert [e.send_at.strftime("%a %d") for e in series.emails] == [
        "Fri 05",
        "Sun 07",
        "Tue 09",
    ]  # no empty closing email after the last section (issue 20)


def test_a_short_series_title_gives_a_preheader_naming_what_comes_next(tmp_path):
    article = "# Rest well\n\nIntro.\n\n## Sleep\n\nOne.\n\n## Naps at noon\n\nTwo.\n\nShall we?\n"
    folder = make_campaign(tmp_path, article, name="article.md")
    campaign = load_campaign(folder)
    emails = plan_series(read_article(campaign.article_path), campaign).emails
    # No conclusion: the last section closes the series (issue 20), three emails, not four.
    assert emails[1].preheader == "Part 2 of 3 of “Rest well”. Next: Naps at noon."
    assert (
        emails[2].preheader
        == "The last of 3 parts: what it all adds up to, and a question for you."
    )
    assert not any("research" in e.preheader for e in emails)  # no evidence, no such claim
