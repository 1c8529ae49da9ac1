"""`kapmail send` against a real SMTP server (aiosmtpd on 127.0.0.1, an ephemeral port).

Every server stops when its test ends (or by itself after a bounded time); retries wait
milliseconds, not seconds.
"""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import traceback
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from tests.builds import output_files
from tests.conftest import KAP_CAMPAIGN
from tests.smtp_server import Inbox, loopback

KAP_START = dt.date(2027, 1, 12)
NEW_YORK = ZoneInfo("America/New_York")


@pytest.fixture
def inbox():
    return Inbox()


@pytest.fixture
def server(inbox):
    with loopback(inbox, lifetime=60) as running:
        yield running


def send(server, ledger: Path, *args: str, env: dict[str, str] | None = None):
    """`kapmail send` through the loopback server, quick to retry."""
    argv = ["send", *args, "--plain", "--smtp-host", "127.0.0.1"]
    argv += ["--smtp-port", str(server.port), "--ledger", str(ledger), "--retry-wait", "0.01"]
    return CliRunner().invoke(cli, argv, env=env)


def write_csv(
    path: Path, rows: list[tuple[str, ...]], header=("email", "first_name", "start_date")
):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def ledger_rows(path: Path) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(
            "SELECT position, recipient, test, state, reply FROM sends ORDER BY recipient, position"
        ).fetchall()


def delivered(inbox: Inbox) -> list[tuple[str, str]]:
    """(recipient, subject) of every message the server accepted, in order."""
    return [(m.recipients[0], str(m.message["Subject"])) for m in inbox.received]


# ---- a test send --------------------------------------------------------------------------


def test_a_test_send_delivers_the_built_files_with_test_subjects(
    kap_built, server, inbox, tmp_path
):
    result = send(server, tmp_path / "sends.sqlite", str(KAP_CAMPAIGN), "--to", "Sam@Example.org")
    assert result.exit_code == 0, result.output
    assert "kap-conditions: 8 sent, 0 skipped, 0 failed, 0 uncertain" in result.output
    built = output_files(kap_built)
    assert len(inbox.received) == 8
    ids = set()
    for email, received in zip(kap_built.series.emails, inbox.received, strict=True):
        message = received.message
        assert received.sender == "learning@riverbend-counselling.example.org"
        assert received.recipients == ["Sam@example.org"]
        assert message["To"] == "Sam@example.org"
        assert message["Subject"] == f"[TEST] {email.subject}"
        assert "X-Unsent" not in message
        assert not message.defects
        text, html = message.iter_parts()
        assert text.get_content() == built[f"{email.stem}.txt"].decode()
        assert html.get_content() == built[f"{email.stem}.html"].decode()
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        ids.add(message["Message-ID"])
    assert len(ids) == 8
    assert len({received.peer for received in inbox.received}) == 1  # one connection
    assert all(row[2] == 1 and row[3] == "sent" for row in ledger_rows(tmp_path / "sends.sqlite"))


def test_a_test_send_goes_again_with_new_message_ids(server, inbox, tmp_path):
    ledger = tmp_path / "sends.sqlite"
    for minute in ("09:00", "09:05"):
        env = {"KAPMAIL_NOW": f"2027-01-12T{minute}Z"}
        result = send(
            server, ledger, str(KAP_CAMPAIGN), "--to", "a@example.org", "--only", "2", env=env
        )
        assert result.exit_code == 0, result.output
    first, second = (m.message for m in inbox.received)
    assert first["Subject"] == second["Subject"]
    assert first["Message-ID"] != second["Message-ID"]
    assert len(ledger_rows(ledger)) == 1  # one row per (campaign, position, recipient)


# ---- a drip list --------------------------------------------------------------------------


def schedule(start: dt.date, count: int = 8) -> list[dt.datetime]:
    """The KAP rule, restated: every 3 days at 09:00 New York, weekends moved to Monday."""
    times, day = [], start
    for _ in range(count):
        if day.weekday() >= 5:
            day += dt.timedelta(days=7 - day.weekday())
        times.append(dt.datetime.combine(day, dt.time(9), tzinfo=NEW_YORK))
        day += dt.timedelta(days=3)
    return times


def test_a_drip_run_over_200_recipients_sends_exactly_what_is_due_once(
    kap_built, server, inbox, tmp_path
):
    people = []
    for i in range(200):
        start = None if i % 6 == 0 else dt.date(2027, 1, 5) + dt.timedelta(days=6 * (i % 6 - 1))
        people.append((f"reader{i:03d}@example.org", f"Reader {i}", start))
    rows = [(address, name, start.isoformat() if start else "") for address, name, start in people]
    recipients = write_csv(tmp_path / "list.csv", rows)
    ledger = tmp_path / "sends.sqlite"
    now = dt.datetime(2027, 1, 21, 14, 0, tzinfo=dt.UTC)  # 09:00 in New York: due at once
    expected = {
        (address, position)
        for address, _, start in people
        for position, due in enumerate(schedule(start or KAP_START), start=1)
        if due <= now
    }
    assert 400 < len(expected) < 800  # some due, some not yet
    args = [str(KAP_CAMPAIGN), "--recipients", str(recipients), "--due", "--live"]
    env = {"KAPMAIL_NOW": now.isoformat()}

    first = send(server, ledger, *args, env=env)
    assert first.exit_code == 0, first.output
    positions = {email.subject: email.position for email in kap_built.series.emails}
    got = [(m.recipients[0], positions[m.headers["Subject"]]) for m in inbox.received]
    assert len(got) == len(set(got)) == len(expected)
    assert set(got) == expected
    assert len({m.headers["Message-ID"] for m in inbox.received}) == len(expected)
    assert f"{len(expected)} sent, 0 skipped, 0 failed, 0 uncertain" in first.output

    again = send(server, ledger, *args, env=env)
    assert again.exit_code == 0, again.output
    assert len(inbox.received) == len(expected)
    assert f"0 sent, {len(expected)} skipped ({len(expected)} already sent)" in again.output


def test_a_recipient_s_copy_is_planned_from_their_start_date(server, inbox, tmp_path):
    recipients = write_csv(tmp_path / "list.csv", [("late@example.org", "Lee", "2027-03-01")])
    args = [str(KAP_CAMPAIGN), "--recipients", str(recipients), "--due", "--live"]
    result = send(server, tmp_path / "l.sqlite", *args, env={"KAPMAIL_NOW": "2027-03-01T15:00Z"})
    assert result.exit_code == 0, result.output
    (received,) = inbox.received
    text = received.message.get_body(("plain",)).get_content()
    assert "Coming next, Thursday 4 March:" in " ".join(text.split())


def test_a_dry_run_connects_to_nothing_and_writes_no_ledger(server, inbox, tmp_path):
    recipients = write_csv(tmp_path / "list.csv", [("a@example.org", "Ann", "2027-01-12")])
    ledger = tmp_path / "never.sqlite"
    result = send(
        server,
        ledger,
        str(KAP_CAMPAIGN),
        "--recipients",
        str(recipients),
        "--due",
        env={"KAPMAIL_NOW": "2027-01-16T12:00Z"},
    )
    assert result.exit_code == 0, result.output
    assert "DRY RUN" in result.output and "Add --live to send." in result.output
    assert "KAP: what counsellors should know" in result.output
    assert "Fri 15 Jan 2027 09:00 EST" in result.output
    assert "2 message(s) would be sent" in result.output
    assert not ledger.exists() and inbox.received == [] and inbox.attempts == 0


# ---- faults -------------------------------------------------------------------------------


def test_a_temporary_refusal_is_retried_on_a_new_connection_and_each_goes_once(
    server, inbox, tmp_path
):
    """A 451 before DATA is retried; (421 stops the run and a drop after DATA is left
    uncertain: tests/test_send_drip.py)."""
    inbox.refuse_once = {"r2@example.org"}
    recipients = write_csv(
        tmp_path / "list.csv", [(f"r{i}@example.org", f"R{i}", "") for i in range(5)]
    )
    result = send(
        server, tmp_path / "l.sqlite", str(KAP_CAMPAIGN), "--recipients", str(recipients), "--live"
    )
    assert result.exit_code == 0, result.output
    got = delivered(inbox)
    assert len(got) == len(set(got)) == 40
    assert all(row[3] == "sent" for row in ledger_rows(tmp_path / "l.sqlite"))


def test_a_message_cut_off_in_data_with_no_retry_left_is_uncertain(server, inbox, tmp_path):
    inbox.drop_at = {1}
    ledger = tmp_path / "l.sqlite"
    args = [str(KAP_CAMPAIGN), "--to", "a@example.org", "--only", "1", "--retries", "0"]
    result = send(server, ledger, *args)
    assert result.exit_code == 1
    assert "0 sent, 0 skipped, 0 failed, 1 uncertain" in result.output
    assert "uncertain: #1 to a@example.org: cut off after DATA:" in result.stderr
    assert [row[3] for row in ledger_rows(ledger)] == ["sending"]


def test_550_for_one_address_is_recorded_as_failed_and_the_rest_go(server, inbox, tmp_path):
    inbox.refuse = {"gone@example.org"}
    rows = [("a@example.org", "A", ""), ("gone@example.org", "G", ""), ("b@example.org", "B", "")]
    recipients = write_csv(tmp_path / "list.csv", rows)
    ledger = tmp_path / "l.sqlite"
    args = [str(KAP_CAMPAIGN), "--recipients", str(recipients), "--live", "--only", "1"]
    result = send(server, ledger, *args)
    assert result.exit_code == 1
    assert "2 sent, 0 skipped, 1 failed, 0 uncertain" in result.output
    assert "failed: #1 to gone@example.org (line 3): 550 5.1.1" in result.output
    assert sorted(r for r, _ in delivered(inbox)) == ["a@example.org", "b@example.org"]
    states = {row[1]: (row[3], row[4]) for row in ledger_rows(ledger)}
    assert states["gone@example.org"][0] == "failed"
    assert "no such user" in states["gone@example.org"][1]
    table = CliRunner().invoke(cli, ["sends", "--ledger", str(ledger)])
    assert "failed" in table.output and "550 5.1.1" in table.output

    inbox.refuse = set()
    rerun = send(server, ledger, *args)
    assert rerun.exit_code == 0 and len(inbox.received) == 2  # failed rows wait for a decision
    assert "(2 already sent, 1 failed before (--retry-failed))" in rerun.output
    retried = send(server, ledger, *args, "--retry-failed")
    assert retried.exit_code == 0, retried.output
    assert [r for r, _ in delivered(inbox)][-1] == "gone@example.org"


def test_invalid_addresses_are_reported_by_line_and_skipped(server, inbox, tmp_path):
    rows = [
        ("ok@example.org", "Ok", ""),
        ("bob@@example.org", "Bob", ""),
        ("", "Nobody", ""),
        ("OK@example.org", "Again", ""),
        ("c@example.org", "C", "31/01/2027"),
    ]
    recipients = write_csv(tmp_path / "list.csv", rows)
    result = send(
        server,
        tmp_path / "l.sqlite",
        str(KAP_CAMPAIGN),
        "--recipients",
        str(recipients),
        "--live",
        "--only",
        "1",
    )
    assert result.exit_code == 0, result.output
    name = str(recipients)
    assert f"{name}:3: 'bob@@example.org' is not a valid address" in result.stderr
    assert f"{name}:4: no address in the email column (skipped)" in result.stderr
    assert f"{name}:5: OK@example.org repeats line 2 (skipped)" in result.stderr
    assert f"{name}:6: start_date '31/01/2027' is not a date like 2027-01-31" in result.stderr
    assert delivered(inbox) == [("ok@example.org", "KAP: what counsellors should know")]
    assert "1 sent, 4 skipped (4 invalid in the CSV)" in result.output


def test_the_password_appears_in_no_output_and_not_in_the_ledger(tmp_path):
    secret = "s3cret-Pa55word"
    inbox = Inbox(users={"mailer": secret})
    ledger = tmp_path / "l.sqlite"
    recipients = write_csv(tmp_path / "list.csv", [("gone@example.org", "G", "")])
    inbox.refuse = {"gone@example.org"}
    env = {"KAPMAIL_SMTP_PASSWORD": secret}
    with loopback(inbox, lifetime=30) as server:
        ok = send(
            server,
            ledger,
            str(KAP_CAMPAIGN),
            "--to",
            "a@example.org",
            "--only",
            "1",
            "--user",
            "mailer",
            env=env,
        )
        failed = send(
            server,
            ledger,
            str(KAP_CAMPAIGN),
            "--recipients",
            str(recipients),
            "--live",
            "--user",
            "mailer",
            "--only",
            "1",
            env=env,
        )
        wrong_env = {"KAPMAIL_SMTP_PASSWORD": "wrong-" + secret}
        base = ["send", str(KAP_CAMPAIGN), "--to", "a@example.org", "--user", "mailer", "--plain"]
        base += ["--smtp-host", "127.0.0.1", "--smtp-port", str(server.port)]
        base += ["--ledger", str(ledger), "--retry-wait", "0.01"]
        wrong = CliRunner().invoke(cli, base, env=wrong_env)
        traced = CliRunner().invoke(cli, ["--debug", *base], env=wrong_env)
    assert ok.exit_code == 0, ok.output
    assert failed.exit_code == 1
    assert inbox.logins == ["mailer", "mailer"]
    assert wrong.exit_code == 1
    assert "kap-conditions: 0 sent" in wrong.output
    assert "refused the login: 535" in wrong.output and "KAPMAIL_SMTP_PASSWORD" in wrong.output
    assert "refused the login" in str(traced.exception)
    trace = "".join(traceback.format_exception(traced.exception))
    table = CliRunner().invoke(cli, ["sends", "--ledger", str(ledger), "--format", "csv"])
    outputs = [r.output for r in (ok, failed, wrong, traced, table)] + [trace]
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("l.sqlite*"))
    assert stored and "gone@example.org" in table.output
    for text in outputs:
        assert secret not in text
    assert secret.encode() not in stored


def test_a_login_needs_the_password_from_the_environment(server, tmp_path):
    result = send(
        server,
        tmp_path / "l.sqlite",
        str(KAP_CAMPAIGN),
        "--to",
        "a@example.org",
        "--user",
        "mailer",
        env={"KAPMAIL_SMTP_PASSWORD": ""},
    )
    assert result.exit_code == 2
    assert "set the KAPMAIL_SMTP_PASSWORD environment variable" in result.output
    assert not (tmp_path / "l.sqlite").exists()
