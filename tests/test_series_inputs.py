"""Schedules and subjects as new users write them: time-zone names, a start date already
past (F15), emails that share a subject or preheader (F16)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail import pipeline
from kapmail.checks import Finding
from kapmail.cli import cli
from kapmail.config import load_campaign
from kapmail.config.zones import problem
from kapmail.errors import KapmailError
from kapmail.pipeline import Pass, Target
from tests.conftest import KAP_CAMPAIGN, MINIMAL_CAMPAIGN, make_campaign

ARTICLE = (
    "Sleep matters to every client.\n"
    "1. Insomnia\nInsomnia is common.\n"
    "2. Nightmares\nNightmares recur.\n"
    "3. Shift Work\nShift work disrupts rhythms.\n"
    "Conclusion\nSleep is worth asking about.\n"
    "Will you add a sleep question to your intake form?\n"
)


def with_zone(zone: str) -> str:
    return MINIMAL_CAMPAIGN.replace("cadence_days = 2", f'cadence_days = 2\ntimezone = "{zone}"')


def refused(tmp_path: Path, zone: str) -> KapmailError:
    with pytest.raises(KapmailError) as caught:
        load_campaign(make_campaign(tmp_path, ARTICLE, with_zone(zone)))
    assert caught.value.key == "schedule.timezone"
    return caught.value


def findings(folder: Path) -> list[Finding]:
    emailing = Pass(pipeline.plan(pipeline.load(folder)), Target())
    emailing.run()
    assert emailing.findings is not None
    return emailing.findings


def test_est_is_refused_naming_new_york(tmp_path: Path):
    error = refused(tmp_path, "EST")
    assert "abbreviation" in error.message
    assert "America/New_York" in error.message
    assert error.line is not None


@pytest.mark.parametrize(
    ("zone", "meant"),
    [
        ("PDT", "America/Los_Angeles"),
        ("CET", "Europe/Paris"),
        ("BST", "Europe/London"),
        ("IST", "Asia/Kolkata"),
        ("GMT+1", "Europe/Paris"),
        ("UTC+2", "Europe/Athens"),
    ],
)
def test_abbreviations_and_offsets_are_refused_with_places(zone: str, meant: str):
    message = problem(zone)
    assert message is not None and meant in message


def test_wrong_case_and_misspelling_get_a_suggestion(tmp_path: Path):
    assert "did you mean 'Europe/London'?" in refused(tmp_path, "europe/london").message
    assert "did you mean 'Europe/London'?" in problem("Europe/Londn")
    assert problem("Mars/Base") == "unknown time zone 'Mars/Base'; write e.g. America/New_York"


def test_utc_and_iana_names_stay_valid(tmp_path: Path):
    for zone in ("UTC", "Europe/London", "America/New_York", "Asia/Kolkata"):
        assert problem(zone) is None
    campaign = load_campaign(make_campaign(tmp_path, ARTICLE, with_zone("Europe/London")))
    assert campaign.schedule.timezone == "Europe/London"


def test_a_start_in_the_past_warns_with_the_count(tmp_path: Path, monkeypatch):
    folder = make_campaign(tmp_path, ARTICLE, with_zone("Europe/London"))  # 2027-03-01, every 2d
    monkeypatch.setenv("KAPMAIL_TODAY", "2027-03-04")  # emails 1 and 2 (03-01, 03-03) are past
    past = [f for f in findings(folder) if f.rule == "F15"]
    assert len(past) == 1
    assert past[0].severity == "warning"
    assert past[0].key == "schedule.start"
    assert "2 of 5 emails would go out at once" in past[0].message
    assert "2027-03-01 09:00 Europe/London" in past[0].message
    monkeypatch.setenv("KAPMAIL_TODAY", "2028-01-01")
    assert "all 5 emails would go out at once" in next(
        f.message for f in findings(folder) if f.rule == "F15"
    )
    monkeypatch.setenv("KAPMAIL_TODAY", "2027-03-01")  # midnight: the first is still to come
    assert not [f for f in findings(folder) if f.rule == "F15"]


def test_a_bad_kapmail_today_is_one_clear_error(tmp_path: Path, monkeypatch):
    folder = make_campaign(tmp_path, ARTICLE)
    monkeypatch.setenv("KAPMAIL_TODAY", "25/11/2026")
    with pytest.raises(KapmailError, match="KAPMAIL_TODAY"):
        findings(folder)


def test_the_kap_campaign_is_not_in_the_past(monkeypatch):
    monkeypatch.setenv("KAPMAIL_TODAY", "2026-11-25")
    result = CliRunner().invoke(cli, ["check", str(KAP_CAMPAIGN)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "0 errors, 1 warning — ready" in result.output  # the demo's L7 warning (issue 22)
    assert "F15" not in result.output


def test_identical_subjects_and_preheaders_are_flagged(tmp_path: Path):
    toml = MINIMAL_CAMPAIGN + (
        '\n[emails.insomnia]\nsubject = "Sleep and you"\n'
        'preheader = "What to ask a client who sleeps badly, and when to refer them on."\n'
        '\n[emails.shift-work]\nsubject = "Sleep  and  YOU"\n'
        'preheader = "What to ask a client who sleeps badly, and when to refer them on."\n'
    )
    folder = make_campaign(tmp_path, ARTICLE, toml)
    shared = {f.key: f for f in findings(folder) if f.rule == "F16"}
    assert sorted(shared) == ["emails.shift-work.preheader", "emails.shift-work.subject"]
    assert all(f.severity == "warning" for f in shared.values())
    subject = shared["emails.shift-work.subject"].message
    assert "emails 2 (insomnia), 4 (shift-work) share the subject 'Sleep and you'" in subject
    assert "share the preheader" in shared["emails.shift-work.preheader"].message
    result = CliRunner().invoke(cli, ["check", str(folder), "--format", "json"])
    reported = json.loads(result.output)
    assert "F16" in json.dumps(reported)


def test_distinct_subjects_pass(tmp_path: Path):
    assert not [f for f in findings(make_campaign(tmp_path, ARTICLE)) if f.rule == "F16"]
