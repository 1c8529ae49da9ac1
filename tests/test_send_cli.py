"""`kapmail send` and `kapmail sends` on the command line: options, configuration, refusals."""

from __future__ import annotations

from click.testing import CliRunner

from kapmail.cli import cli
from tests.conftest import KAP_CAMPAIGN, ROOT
from tests.smtp_server import Inbox, loopback
from tests.test_checks_cli import campaign, kap_without_postal_address
from tests.test_send import send, write_csv


def invoke(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(cli, list(args), env=env)


def test_a_send_needs_a_server_from_the_options_or_the_smtp_table(tmp_path):
    result = invoke(
        "send", str(KAP_CAMPAIGN), "--to", "a@example.org", "--ledger", str(tmp_path / "l.sqlite")
    )
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "no SMTP server given" in result.output
    assert "--smtp-host" in result.output and "host under [smtp]" in result.output
    assert not (tmp_path / "l.sqlite").exists()


def test_the_smtp_table_of_kapmail_toml_names_the_server_and_send_says_which(tmp_path):
    inbox = Inbox()
    with loopback(inbox, lifetime=30) as server:
        folder = campaign(tmp_path)
        org = tmp_path / "kapmail.toml"
        smtp = f'\n[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "none"\n'
        org.write_text(org.read_text() + smtp)
        ledger = str(tmp_path / "l.sqlite")
        args = ["send", str(folder), "--to", "a@example.org", "--only", "1", "--ledger", ledger]
        result = invoke(*args)
    assert result.exit_code == 0, result.output
    assert inbox.count() == 1
    assert f"configuration: {org}, {folder / 'campaign.toml'}" in result.stderr
    assert f"server: 127.0.0.1 port {server.port}, security none, user no login" in result.stderr
    assert f"ledger: {ledger}" in result.stderr


def test_a_campaign_toml_may_not_name_the_smtp_server(tmp_path):
    """Changed on purpose (issue 26): a shared campaign folder could send the login elsewhere."""
    inbox = Inbox()
    with loopback(inbox, lifetime=30) as server:
        smtp = f'\n[smtp]\nhost = "127.0.0.1"\nport = {server.port}\nsecurity = "none"\n'
        folder = campaign(tmp_path, smtp)
        ledger = str(tmp_path / "l.sqlite")
        result = invoke("send", str(folder), "--to", "a@example.org", "--ledger", ledger)
    assert result.exit_code == 2
    assert result.output.count("\n") == 1
    assert "campaign.toml:" in result.output and "key smtp.host" in result.output
    assert "[smtp] may be set only in the organisation's kapmail.toml" in result.output
    assert inbox.attempts == 0 and not (tmp_path / "l.sqlite").exists()


def test_a_password_in_the_smtp_table_is_refused_without_echoing_it(tmp_path):
    folder = campaign(tmp_path, '\n[smtp]\nhost = "smtp.example.org"\npassword = "hunter2"\n')
    result = invoke("send", str(folder), "--to", "a@example.org")
    assert result.exit_code == 2
    assert "campaign.toml:" in result.output and "key smtp.password" in result.output
    assert "set the KAPMAIL_SMTP_PASSWORD environment variable" in result.output
    assert "hunter2" not in result.output


def test_a_series_that_is_not_ready_is_refused_unless_forced(tmp_path):
    folder = kap_without_postal_address(tmp_path)
    inbox = Inbox()
    ledger = tmp_path / "l.sqlite"
    with loopback(inbox, lifetime=30) as server:
        refused = send(server, ledger, str(folder), "--to", "a@example.org")
        assert refused.exit_code == 1
        assert "series kap-conditions is not ready" in refused.output and "L1" in refused.output
        assert inbox.attempts == 0 and not ledger.exists()
        forced = send(
            server, ledger, str(folder), "--to", "a@example.org", "--only", "1", "--force"
        )
    assert forced.exit_code == 0, forced.output
    assert inbox.count() == 1


def test_the_first_name_is_merged_with_its_fallback(tmp_path):
    shipped_header = (ROOT / "templates/partials/header.mjml.j2").read_text()
    shipped_text = (ROOT / "templates/email.txt.j2").read_text()
    # Placed before the eyebrow ("Part 1 of 3", a message since issue 24).
    greeting = "<p>Hello {{ merge.first_name }},</p>\n      <p>{% trans"
    folder = campaign(
        tmp_path,
        templates={
            "partials/header.mjml.j2": shipped_header.replace("<p>{% trans", greeting),
            "email.txt.j2": shipped_text.replace(
                "{{ brand.name }} · {{",
                "Hello {{ merge.first_name }},\n\n{{ brand.name }} · {{",
                1,
            ),
        },
    )
    people = [("zoe@example.org", "Zoë <Z> & co", ""), ("anon@example.org", "", "")]
    recipients = write_csv(tmp_path / "list.csv", people)
    inbox = Inbox()
    with loopback(inbox, lifetime=30) as server:
        result = send(
            server,
            tmp_path / "l.sqlite",
            str(folder),
            "--recipients",
            str(recipients),
            "--live",
            "--only",
            "1",
        )
    assert result.exit_code == 0, result.output
    zoe, anon = (m.message for m in inbox.received)
    assert zoe["To"] == '"Zoë <Z> & co" <zoe@example.org>'
    assert "Hello Zoë &lt;Z&gt; &amp; co," in zoe.get_body(("html",)).get_content()
    assert zoe.get_body(("plain",)).get_content().startswith("Hello Zoë <Z> & co,\n")
    assert "Hello there," in anon.get_body(("html",)).get_content()
    assert anon.get_body(("plain",)).get_content().startswith("Hello there,\n")
    assert anon["To"] == "anon@example.org"
    for message in (zoe, anon):
        assert "{{" not in message.get_body(("html",)).get_content()


def test_recipients_and_to_are_one_or_the_other(tmp_path):
    neither = invoke("send", str(KAP_CAMPAIGN))
    both = invoke("send", str(KAP_CAMPAIGN), "--to", "a@example.org", "--recipients", "x.csv")
    clash = invoke("send", str(KAP_CAMPAIGN), "--to", "a@example.org", "--live", "--dry-run")
    for result in (neither, both, clash):
        assert result.exit_code == 2 and result.output.startswith("kapmail: error:")
    assert "give --to ADDRESS (a test send) or --recipients FILE.csv" in neither.output
    bad = invoke("send", str(KAP_CAMPAIGN), "--to", "not an address")
    assert bad.exit_code == 2 and "is not an e-mail address" in bad.output
    missing = invoke("send", str(KAP_CAMPAIGN), "--recipients", str(tmp_path / "none.csv"))
    assert missing.exit_code == 2 and "none.csv: cannot read" in missing.output


def test_only_must_name_an_email_of_the_series(tmp_path):
    result = invoke("send", str(KAP_CAMPAIGN), "--to", "a@example.org", "--only", "9", "--dry-run")
    assert result.exit_code == 2
    assert "--only 9: the series has 8 emails" in result.output


def test_a_dry_run_of_a_test_send_lists_the_test_subjects(tmp_path):
    result = invoke(
        "send",
        str(KAP_CAMPAIGN),
        "--to",
        "a@example.org",
        "--dry-run",
        "--ledger",
        str(tmp_path / "l.sqlite"),
    )
    assert result.exit_code == 0, result.output
    assert "[TEST] KAP: what counsellors should know" in result.output
    assert "8 message(s) would be sent." in result.output
    assert not (tmp_path / "l.sqlite").exists()


def test_sends_shows_the_ledger_as_a_table_or_csv(tmp_path):
    ledger = tmp_path / "l.sqlite"
    assert "no sends recorded" in invoke("sends", "--ledger", str(ledger)).output
    inbox = Inbox()
    with loopback(inbox, lifetime=30) as server:
        send(server, ledger, str(KAP_CAMPAIGN), "--to", "a@example.org", "--only", "3")
    table = invoke("sends", str(KAP_CAMPAIGN), "--ledger", str(ledger))
    assert table.exit_code == 0
    header, row = table.output.splitlines()
    assert header.split() == ["campaign", "#", "recipient", "kind", "state", "at", "(UTC)", "reply"]
    assert row.split()[:5] == ["kap-conditions", "3", "a@example.org", "test", "sent"]
    assert row.endswith("250 2.0.0 OK queued as Q1")
    csv_out = invoke("sends", "--ledger", str(ledger), "--format", "csv").output.splitlines()
    assert csv_out[0].startswith("campaign,position,slug,recipient,kind,state,attempts")
    assert csv_out[1].startswith("kap-conditions,3,trauma-related-disorders-including-ptsd,")
    (tmp_path / "other").mkdir()
    other = campaign(tmp_path / "other")
    empty = invoke("sends", str(other), "--ledger", str(ledger))
    assert empty.stdout == "" and "no sends recorded for campaign in" in empty.stderr


def test_a_run_with_nothing_due_makes_no_email(tmp_path, monkeypatch):
    from tests.test_startup import imported_modules, run_importtime

    folder = campaign(tmp_path)
    ledger = tmp_path / "l.sqlite"
    readers = write_csv(tmp_path / "list.csv", [("a@example.org", "Ann", "")])
    args = [str(folder), "--recipients", str(readers), "--due", "--live"]
    monkeypatch.setenv("KAPMAIL_NOW", "2027-03-01T15:00Z")  # #1 is due, #2 two days on
    inbox = Inbox()
    with loopback(inbox, lifetime=60) as server:
        first = send(server, ledger, *args)
        assert first.exit_code == 0 and "1 sent" in first.output, first.output
        again = run_importtime(
            *("-m", "kapmail", "send", *args, "--plain", "--ledger", str(ledger)),
            *("--smtp-host", "127.0.0.1", "--smtp-port", str(server.port)),
        )
    assert again.returncode == 0, again.stderr[-2000:]
    assert inbox.count() == 1 and inbox.attempts == 1  # the second run sent nothing
    assert "0 sent, 1 skipped (1 already sent)" in again.stdout + again.stderr
    imported = imported_modules(again.stderr)
    assert "kapmail.send.ledger" in imported  # it read the ledger
    assert not {"premailer", "mjml", "kapmail.checks.accessibility"} & imported  # made nothing
