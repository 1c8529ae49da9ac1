"""`kapmail schedule`: the terminal table and the iCalendar file, parsed with icalendar."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.deliver import sendplan as schedule
from kapmail.errors import KapmailError
from kapmail.pipeline import load, plan
from tests.conftest import KAP_CAMPAIGN, MINIMAL_CAMPAIGN, make_campaign

UTC = dt.UTC
STAMP = dt.datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def kap_plan():
    return plan(load(KAP_CAMPAIGN))


def events(data: bytes) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return list(calendar.walk("VEVENT"))


def test_schedule_prints_the_table_and_writes_the_calendar(tmp_path, kap_plan, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01 00:00 UTC
    target = tmp_path / "plans" / "kap.ics"
    result = CliRunner().invoke(
        cli, ["schedule", str(KAP_CAMPAIGN), "--ics", str(target)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "KAP for counsellors (kap-conditions): 8 emails"
    assert lines[1].split() == ["#", "send", "at", "(America/New_York)", "UTC", "subject"]
    assert lines[2].split()[:7] == ["1", "Tue", "12", "Jan", "2027", "09:00", "EST"]
    assert lines[2].endswith("2027-01-12 14:00 UTC  KAP: what counsellors should know")
    assert lines[9].startswith("8  Thu 04 Feb 2027 09:00 EST")
    assert lines[10] == f"wrote 8 events -> {target}"
    assert target.read_bytes() == schedule.ics([kap_plan], stamp=STAMP)


def test_calendar_has_one_event_per_email_at_the_right_time(kap_plan):
    data = schedule.ics([kap_plan], stamp=STAMP)
    found = events(data)
    assert len(found) == len(kap_plan.emails) == 8
    for event, email in zip(found, kap_plan.emails, strict=True):
        start = event.decoded("DTSTART")
        assert start == email.send_at and start.utcoffset() == dt.timedelta(0)
        assert event.decoded("DTEND") - start == dt.timedelta(minutes=15)
        assert str(event["SUMMARY"]) == f"Send {email.position}/8: {email.subject}"
        assert f"Preheader: {email.preheader}" in str(event["DESCRIPTION"])
        assert event.decoded("DTSTAMP") == STAMP  # issue 22: the build time, not the send time
        (alarm,) = event.walk("VALARM")
        assert alarm.decoded("TRIGGER") == -dt.timedelta(days=1)  # a reminder a day ahead
    assert found[0].decoded("DTSTART") == dt.datetime(2027, 1, 12, 14, tzinfo=UTC)
    uids = [str(e["UID"]) for e in found]
    assert len(set(uids)) == 8
    assert all(uid.endswith("@riverbend-counselling.example.org") for uid in uids)
    assert schedule.ics([kap_plan], stamp=STAMP) == data


def test_calendar_lines_are_crlf_folded_and_escaped(tmp_path):
    subject = "Sleep, dreams; and \\\\ the “night” shift — ünïcödé " + "é" * 40
    toml = MINIMAL_CAMPAIGN + f'[emails.alpha]\nsubject = "{subject}"\n'
    series = plan(load(make_campaign(tmp_path, "Intro.\n1. Alpha\nBody.\nShall we?\n", toml)))
    data = schedule.ics([series])
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    for line in data.split(b"\r\n"):
        assert len(line) <= 75
        line.decode()  # never a UTF-8 sequence cut in two
    # Two emails: without a conclusion the last section closes the series (issue 20).
    assert b"SUMMARY:Send 2/2: Sleep\\, dreams\\; and \\\\ the" in data
    event = events(data)[1]
    assert str(event["SUMMARY"]) == f"Send 2/2: {subject.replace(chr(92) * 2, chr(92))}"


def test_several_campaigns_share_one_calendar(tmp_path, kap_plan):
    other = plan(load(make_campaign(tmp_path, "Intro.\n1. Alpha\nBody.\nShall we?\n")))
    data = schedule.ics([kap_plan, other])
    assert len(events(data)) == 10  # 8 + 2: the other's last section closes (issue 20)
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["X-WR-CALNAME"]) == "kapmail send plan"


def test_ics_that_is_a_folder_is_refused(tmp_path):
    result = CliRunner().invoke(cli, ["schedule", str(KAP_CAMPAIGN), "--ics", str(tmp_path)])
    assert result.exit_code == 2 and result.output.count("\n") == 1
    assert "this is a folder, not a file" in result.output


def test_a_send_hour_that_does_not_exist_on_a_spring_forward_day_is_shown_as_it_is(tmp_path):
    toml = (
        '[campaign]\nname = "Test series"\n\n[schedule]\nstart = 2027-03-14\n'
        'send_hour = 2\ntimezone = "America/New_York"\n'
    )
    series = plan(load(make_campaign(tmp_path, "Intro.\n1. Alpha\nBody.\nShall we?\n", toml)))
    first = series.emails[0].send_at
    assert (first.hour, first.tzname(), first.utcoffset().total_seconds()) == (3, "EDT", -4 * 3600)
    assert first.astimezone(dt.UTC).hour == 7
    assert "Sun 14 Mar 2027 03:00 EDT" in schedule.table(series)


def test_moving_the_start_keeps_every_uid_and_bumps_the_sequence(tmp_path):
    article = "Intro.\n1. Alpha\nBody.\n2. Beta\nMore.\nShall we?\n"
    series = plan(load(make_campaign(tmp_path, article)))
    first = schedule.ics([series], stamp=STAMP)
    later = MINIMAL_CAMPAIGN.replace("start = 2027-03-01", "start = 2027-03-08")
    (tmp_path / "b").mkdir()
    moved = plan(load(make_campaign(tmp_path / "b", article, later)))
    second = schedule.ics([moved], stamp=STAMP, previous=first)
    before, after = events(first), events(second)
    assert [str(e["UID"]) for e in after] == [str(e["UID"]) for e in before]
    assert all(
        e.decoded("DTSTART") - b.decoded("DTSTART") >= dt.timedelta(days=6)  # DST may cross
        for e, b in zip(after, before, strict=True)
    )
    # intro, Alpha, Beta (Beta closes the series: the article has no conclusion)
    assert [int(e["SEQUENCE"]) for e in before] == [0] * 3
    assert [int(e["SEQUENCE"]) for e in after] == [1] * 3
    again = schedule.ics([moved], stamp=STAMP, previous=second)  # unchanged: no bump
    assert [int(e["SEQUENCE"]) for e in events(again)] == [1] * 3


def test_the_schedule_command_bumps_the_sequence_of_the_file_it_replaces(tmp_path):
    article = "Intro.\n1. Alpha\nBody.\nShall we?\n"
    folder = make_campaign(tmp_path, article)
    target = tmp_path / "plan.ics"
    assert CliRunner().invoke(cli, ["schedule", str(folder), "--ics", str(target)]).exit_code == 0
    toml = folder / "campaign.toml"
    toml.write_text(toml.read_text().replace("start = 2027-03-01", "start = 2027-03-02"))
    assert CliRunner().invoke(cli, ["schedule", str(folder), "--ics", str(target)]).exit_code == 0
    # intro, Alpha (Alpha closes the series: the article has no conclusion)
    assert [int(e["SEQUENCE"]) for e in events(target.read_bytes())] == [1, 1]


def test_dtstamp_is_source_date_epoch_when_set(monkeypatch, kap_plan):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    found = events(schedule.ics([kap_plan]))
    assert {e.decoded("DTSTAMP") for e in found} == {STAMP}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    with pytest.raises(KapmailError, match="SOURCE_DATE_EPOCH"):
        schedule.ics([kap_plan])


def test_a_file_to_replace_that_is_no_calendar_is_refused_and_kept(tmp_path):
    target = tmp_path / "plan.ics"
    target.write_text("my shopping list\n")
    result = CliRunner().invoke(cli, ["schedule", str(KAP_CAMPAIGN), "--ics", str(target)])
    assert result.exit_code == 2 and result.output.count("\n") == 1, result.output
    assert "not an iCalendar file" in result.output
    assert target.read_text() == "my shopping list\n"
