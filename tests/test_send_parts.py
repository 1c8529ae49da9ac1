"""The parts of `kapmail send`: the ledger, the recipients, the schedule, the connection."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import sqlite3
import ssl
import subprocess
from pathlib import Path

import pytest

from kapmail.config.schema import Smtp
from kapmail.errors import KapmailError
from kapmail.send import drip, personalise, recipients
from kapmail.send.ledger import Key, Ledger, LedgerBusyError
from kapmail.send.recipients import Recipient
from kapmail.send.report import Tally
from kapmail.send.settings import settings
from kapmail.send.smtp import DEFERRED, FAILED, SENT, Mailer, SmtpError
from tests.smtp_server import Inbox, loopback

KEY = Key("kap", "intro", "a@example.org")
DATA = b"From: a@example.org\r\nTo: b@example.org\r\nSubject: hi\r\n\r\nHello.\r\n"

# ---- the ledger ---------------------------------------------------------------------------


def test_the_ledger_is_wal_and_claims_each_message_once(tmp_path):
    path = tmp_path / "deep" / "sends.sqlite"
    with Ledger.open(path) as book:
        assert book.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert book.claim(KEY, position=1, message_id="<1@x>")
        with sqlite3.connect(path) as other:  # committed: another connection sees it
            assert other.execute("SELECT state FROM sends").fetchall() == [("sending",)]
        assert not book.claim(KEY, position=1, message_id="<1@x>")  # uncertain: not again
        assert book.uncertain()[0].key == KEY
        assert book.claim(KEY, position=1, message_id="<1@x>", retry_uncertain=True)
        book.mark_sent(KEY, "250 OK")
        assert not book.claim(KEY, position=1, message_id="<1@x>", retry_uncertain=True)
        row = book.get(KEY)
        assert (row.state, row.reply, row.attempts) == ("sent", "250 OK", 2)
        assert row.finished_at is not None


def test_failed_rows_wait_for_retry_failed_and_deferred_rows_go_again(tmp_path):
    with Ledger.open(tmp_path / "l.sqlite") as book:
        gone, busy = KEY, Key("kap", "second", "a@example.org")
        for key in (gone, busy):
            book.claim(key, position=1, message_id="<x@y>")
        book.mark_failed(gone, "550 no such user")
        book.mark_failed(busy, "gave up: 421", permanent=False)
        assert [row.state for row in book.rows()] == ["failed", "deferred"]
        assert not book.claim(gone, position=1, message_id="<x@y>")
        assert book.claim(gone, position=1, message_id="<x@y>", retry_failed=True)
        assert book.claim(busy, position=1, message_id="<x@y>")


def test_test_sends_are_rows_of_their_own_and_always_go(tmp_path):
    with Ledger.open(tmp_path / "l.sqlite") as book:
        test = Key("kap", "intro", "a@example.org", test=True)
        book.claim(test, position=1, message_id="<1@y>")
        book.mark_sent(test, "250 OK")
        assert book.claim(test, position=1, message_id="<2@y>")
        assert book.claim(KEY, position=1, message_id="<3@y>")  # a test send is not a send
        assert len(book.rows()) == 2


def test_one_send_at_a_time_writes_a_ledger(tmp_path):
    path = tmp_path / "l.sqlite"
    with Ledger.open(path):
        with pytest.raises(LedgerBusyError, match="another kapmail send is using this ledger"):
            Ledger.open(path)
        with Ledger.open(path, write=False) as reader:  # reports and dry runs still read it
            assert reader.rows() == []
    with Ledger.open(path):  # released
        pass


def test_a_ledger_that_is_not_sqlite_is_one_clear_error(tmp_path):
    path = tmp_path / "sends.sqlite"
    path.write_text("not a database, just text that is long enough to look like a header\n")
    with pytest.raises(KapmailError, match="cannot open the send ledger") as caught:
        Ledger.open(path)
    assert caught.value.file == str(path)
    with pytest.raises(KapmailError, match="no send ledger here"):
        Ledger.open(tmp_path / "missing.sqlite", write=False)


# ---- recipients and their schedules -------------------------------------------------------


def test_the_csv_is_read_with_a_bom_any_header_case_and_quoted_names(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text(
        '\ufeffEmail , First_Name,start_date,notes\n"Sam@Example.ORG","Sam, Jr.",2027-02-01,x\n'
        "\n"
        "jo@exämple.org,,,\n"
        'bad@x.org,"Two\nlines",,\n'
        "after@example.org,Al\n",
        encoding="utf-8",
    )
    people, problems = recipients.read_csv(path)
    assert [p.address for p in people] == [
        "Sam@example.org",
        "jo@xn--exmple-cua.org",
        "after@example.org",
    ]
    assert people[0].first_name == "Sam, Jr." and people[0].start == dt.date(2027, 2, 1)
    assert people[1].first_name is None and people[1].line == 4
    assert str(people[0].to) == '"Sam, Jr." <Sam@example.org>'
    assert problems == [recipients.Problem(5, "first_name holds a line break or control character")]
    assert people[2].line == 7  # the quoted line break counts


def test_a_csv_without_an_email_column_or_not_utf8_is_refused(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("address,name\na@example.org,A\n")
    with pytest.raises(KapmailError, match="email column") as caught:
        recipients.read_csv(path)
    assert caught.value.line == 1
    path.write_bytes(b"email\n\xff@example.org\n")
    with pytest.raises(KapmailError, match="not UTF-8"):
        recipients.read_csv(path)


def test_due_follows_the_campaign_rule_from_each_start_date(kap_built):
    series = kap_built.series  # every 3 days at 09:00 New York, no weekends
    planned = drip.planned(series.emails)
    saturday = Recipient("sat@example.org", start=dt.date(2027, 1, 2))
    default = Recipient("def@example.org")
    now = dt.datetime(2027, 1, 12, 14, 0, tzinfo=dt.UTC)  # 09:00 in New York

    def jobs(people, **choosing):
        options = drip.Options(now=now, **choosing)
        return drip.plan(series.campaign, planned, people, lambda _: {}, Tally(), options).jobs

    found = jobs([default, saturday], due_only=True)
    assert [(j.recipient.address, j.position) for j in found] == [
        ("sat@example.org", 1),  # Saturday 2 Jan moves to Monday 4 Jan
        ("sat@example.org", 2),  # 7 Jan
        ("sat@example.org", 3),  # 10 Jan is a Sunday: Monday 11 Jan
        ("def@example.org", 1),  # [schedule] start, due to the minute
    ]
    assert found[0].due.isoformat() == "2027-01-04T09:00:00-05:00"
    assert [j.position for j in jobs([default], due_only=False, only=3)] == [3]


def test_to_addresses_are_checked_and_normalised():
    found = recipients.from_addresses(["Sam <Sam@EXAMPLE.org>", "sam@example.org", "b@x.org"])
    assert [(p.address, p.key, p.name) for p in found] == [
        ("Sam@example.org", "sam@example.org", "Sam"),  # one reader, as first written
        ("b@x.org", "b@x.org", ""),
    ]
    with pytest.raises(KapmailError, match="not an e-mail address"):
        recipients.from_addresses(["sam@localhost"])


# ---- each recipient's copy ------------------------------------------------------------------


def test_the_first_name_is_escaped_in_html_and_falls_back():
    html = f"<p>Hello {personalise.FIRST_NAME_TAG},</p>"
    text = f"Hello {personalise.FIRST_NAME_TAG},"
    assert personalise.merge(html, text, "Ann <b>&") == (
        "<p>Hello Ann &lt;b&gt;&amp;,</p>",
        "Hello Ann <b>&,",
    )
    assert personalise.merge(html, text, None) == ("<p>Hello there,</p>", "Hello there,")


# ---- settings -----------------------------------------------------------------------------


def test_settings_come_from_options_over_the_smtp_table():
    config = Smtp(host="smtp.example.org", security="ssl", user="me")
    env = {"KAPMAIL_SMTP_PASSWORD": "pw"}
    found = settings(config, environ=env)
    assert (found.host, found.port, found.security, found.user) == (
        "smtp.example.org",
        465,
        "ssl",
        "me",
    )
    assert "pw" not in repr(found)
    found = settings(config, host="127.0.0.1", security="none", port=2525, environ=env)
    assert (found.address, found.security) == ("127.0.0.1:2525", "none")
    with pytest.raises(KapmailError, match="unencrypted"):
        settings(config, security="none", environ=env)
    with pytest.raises(KapmailError, match="no SMTP server given") as caught:
        settings(Smtp(), environ={})
    assert "--smtp-host" in caught.value.one_line() and "[smtp]" in caught.value.one_line()


# ---- the connection -------------------------------------------------------------------------


def mailer(server, **options) -> Mailer:
    found = settings(Smtp(), host="127.0.0.1", port=server.port, security="none", environ={})
    values = {"retries": 3, "retry_wait": 0.01, "timeout": 5.0} | options
    return Mailer(dataclasses.replace(found, **values))


def test_one_connection_carries_every_message_and_replies_are_kept():
    inbox = Inbox()
    with loopback(inbox, lifetime=20) as server, mailer(server) as client:
        outcomes = [client.send("a@example.org", f"r{i}@example.org", DATA) for i in range(20)]
        assert client.connections == 1
    assert {o.state for o in outcomes} == {SENT}
    assert outcomes[-1].reply == "250 2.0.0 OK queued as Q20"
    assert inbox.count() == 20


def test_a_timeout_is_retried_on_a_new_connection():
    inbox = Inbox(stall_rcpt=2.0)
    with loopback(inbox, lifetime=20) as server, mailer(server, timeout=0.3) as client:
        outcome = client.send("a@example.org", "b@example.org", DATA)
        assert (outcome.state, outcome.attempts, client.connections) == (SENT, 2, 2)
    assert inbox.count() == 1


def test_temporary_failures_end_deferred_and_permanent_ones_failed():
    inbox = Inbox(rcpt_reply="451 4.7.0 try again later", refuse={"gone@example.org"})
    with loopback(inbox, lifetime=20) as server, mailer(server, retries=2) as client:
        deferred = client.send("a@example.org", "b@example.org", DATA)
        failed = client.send("a@example.org", "gone@example.org", DATA)
    assert (deferred.state, deferred.attempts, deferred.in_doubt) == (DEFERRED, 3, False)
    assert deferred.reply == "gave up after 3 attempts: 451 4.7.0 try again later"
    assert (failed.state, failed.attempts) == (FAILED, 1)
    assert failed.reply.startswith("550 5.1.1")


def test_a_connection_lost_during_data_leaves_the_message_in_doubt_and_never_retried():
    """Changed on purpose (issue 26): a retry after DATA could deliver a second copy."""
    inbox = Inbox(keep_and_drop_at={1})
    with loopback(inbox, lifetime=20) as server, mailer(server) as client:
        lost = client.send("a@example.org", "b@example.org", DATA)
    assert (lost.state, lost.attempts, lost.in_doubt) == (DEFERRED, 1, True)
    assert lost.reply.startswith("cut off after DATA")
    assert inbox.count() == 1 and inbox.attempts == 1


def test_no_server_is_one_error_at_once_or_after_the_retries_in_a_run():
    with loopback(Inbox(), lifetime=5) as server:
        port = server.port
    found = settings(Smtp(), host="127.0.0.1", port=port, security="none", environ={})
    waits: list[float] = []
    client = Mailer(found, sleep=waits.append)
    with pytest.raises(SmtpError, match=r"cannot reach the SMTP server 127\.0\.0\.1"):
        client.connect()  # nothing listens there: no point in waiting
    assert waits == []
    with pytest.raises(SmtpError, match="Connection refused"):
        client.send("a@example.org", "b@example.org", DATA)  # in a run: it may come back
    assert waits == [1.0, 2.0, 4.0, 8.0, 16.0]


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (openssl)."""
    if shutil.which("openssl") is None:
        pytest.skip("openssl not found")
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key),
         "-out", str(cert), "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True,
        capture_output=True,
        timeout=60,
    )  # fmt: skip
    return cert, key


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_verifies_the_server_and_carries_the_login(certificate, security):
    cert, key = certificate
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_context.load_cert_chain(cert, key)
    if security == "starttls":
        options = {"tls_context": server_context, "require_starttls": True}
    else:
        options = {"ssl_context": server_context}
    inbox = Inbox(users={"me": "pw"})
    config = Smtp(user="me")
    env = {"KAPMAIL_SMTP_PASSWORD": "pw"}
    with loopback(inbox, lifetime=20, **options) as server:
        found = settings(config, host="127.0.0.1", port=server.port, security=security, environ=env)
        trusted = ssl.create_default_context(cafile=str(cert))
        with Mailer(found, context=trusted) as client:
            assert client.send("a@example.org", "b@example.org", DATA).ok
        with Mailer(found) as client, pytest.raises(SmtpError, match=r"TLS with 127\.0\.0\.1"):
            client.send("a@example.org", "b@example.org", DATA)  # not trusted: refused
    assert inbox.logins == ["me"] and inbox.count() == 1


def test_a_suppressed_internationalised_address_matches_its_reader(tmp_path) -> None:
    from kapmail.send import optout
    from kapmail.send.recipients import Recipient, normalise

    listed = tmp_path / "optouts.txt"
    listed.write_text("Ana@Bücher.de\n<sam@example.org>\n", encoding="utf-8")
    reader = Recipient(normalise("ana@bücher.de"))
    assert reader.key == "ana@xn--bcher-kva.de"
    assert optout.read_suppressed(listed) == {reader.key, "sam@example.org"}
