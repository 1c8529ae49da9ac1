"""Issue 22: a newcomer's first day. `kapmail init`, all missing keys at once, and check L7
(placeholder identities) refusing an unedited organisation file everywhere it matters."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.config.starter import placeholder_reason, reserved_host
from tests.conftest import KAP_CAMPAIGN
from tests.smtp_server import Inbox, loopback
from tests.terminal import on_a_terminal

POSTAL = '# postal_address = ["Your organisation", "1 Main Street"'


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def first_day(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty folder after `kapmail init --yes` (postal address filled in) and `kapmail new`."""
    monkeypatch.chdir(tmp_path)
    assert run("init", "--yes").exit_code == 0
    org = tmp_path / "kapmail.toml"
    text = org.read_text().replace(POSTAL, 'postal_address = ["Brightside Clinic", "1 Main Street"')
    org.write_text(text)
    made = run("new", "campaigns/weekly")
    assert made.exit_code == 0, made.output
    return tmp_path


def test_init_writes_a_commented_file_and_never_overwrites_it(tmp_path):
    result = run("init", str(tmp_path / "org"), "--yes")
    assert result.exit_code == 0, result.output
    written = (tmp_path / "org" / "kapmail.toml").read_text()
    assert written.startswith("# kapmail.toml: the organisation's settings")
    assert 'email = "news@example.org"' in written and "[schedule]" in written
    again = run("init", str(tmp_path / "org"), "--yes")
    assert again.exit_code == 2 and "already exists" in again.output
    assert (tmp_path / "org" / "kapmail.toml").read_text() == written


def test_from_an_empty_folder_new_and_build_work_but_l7_refuses_the_placeholders(first_day):
    made = run("new", "campaigns/other")
    assert "come from" in made.output and "kapmail.toml" in made.output
    assert "must be the organisation's own" in made.output
    result = run("build", "campaigns/weekly")
    assert result.exit_code == 1, result.output  # built: a draft, not ready
    manifest = json.loads((first_day / "outbox/weekly/manifest.json").read_text())
    assert manifest["ready"] is False
    assert {f["rule"] for f in manifest["findings"] if f["severity"] == "error"} == {"L7"}
    keys = {f["key"] for f in manifest["findings"]}
    assert {"sender.email", "sender.unsubscribe_url", "brand.name", "sender.name"} <= keys


def test_export_refuses_the_placeholder_identity(first_day):
    result = run("export", "campaigns/weekly", "--platform", "mailchimp")
    assert result.exit_code == 1
    assert "not ready" in result.output and "L7" in result.output
    assert not (first_day / "exports").exists()


def test_a_live_send_refuses_the_placeholder_identity(first_day):
    people = first_day / "list.csv"
    people.write_text("email,name\nreader@brightside-clinic.org,Reader\n")
    inbox = Inbox()
    with loopback(inbox, lifetime=30) as server:
        result = run(
            "send",
            "campaigns/weekly",
            "--recipients",
            str(people),
            "--live",
            "--smtp-host",
            "127.0.0.1",
            "--smtp-port",
            str(server.port),
            "--ledger",
            str(first_day / "ledger.sqlite"),
        )
    assert result.exit_code == 1, result.output
    assert "not ready" in result.output and "L7" in result.output
    assert inbox.received == []


def test_the_organisations_own_values_are_ready(first_day):
    org = first_day / "kapmail.toml"
    text = org.read_text().replace("example.org", "brightside-clinic.org")
    text = text.replace("Your organisation", "Brightside Clinic").replace("Your name", "Ana")
    org.write_text(text)
    result = run("check", "campaigns/weekly", "--format", "json")
    assert "L7" not in {f["rule"] for f in json.loads(result.output)}


def test_the_demo_campaign_is_ready_with_one_l7_warning():
    result = run("check", str(KAP_CAMPAIGN), "--format", "json")
    assert result.exit_code == 0
    found = json.loads(result.output)
    assert [(f["rule"], f["severity"]) for f in found] == [("L7", "warning")]
    assert "demo = true" in found[0]["message"]


def test_the_clones_organisation_outside_the_demo_is_not_ready(tmp_path):
    article = tmp_path / "a" / "sleep.txt"
    article.parent.mkdir()
    article.write_text((KAP_CAMPAIGN / "article.txt").read_text())
    root_org = KAP_CAMPAIGN.parent.parent / "kapmail.toml"
    result = run("check", str(article), "--config", str(root_org), "--format", "json")
    assert result.exit_code == 1
    errors = [f for f in json.loads(result.output) if f["severity"] == "error"]
    assert {f["rule"] for f in errors} == {"L7"}


def test_every_missing_key_in_one_line_naming_init(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "kapmail.toml").write_text('[brand]\nname = "Brightside"\n\n[sender]\nname = "A"\n')
    (tmp_path / "a.txt").write_text("Sleep\n\n1. Insomnia\n\nSome text about sleep.\n")
    result = CliRunner().invoke(cli, ["build", "a.txt"])
    assert result.exit_code == 2
    line = result.output.strip()
    assert "\n" not in line and "kapmail init" in line
    assert "missing 6 required keys" in line
    for key in ("sender.email", "sender.reply_to", "sender.website", "schedule.start"):
        assert key in line
    assert "sender.email ([sender] at kapmail.toml:4)" in line  # where its table is written


@pytest.mark.parametrize(
    "value",
    [
        "news@example.org",
        "https://example.com/unsubscribe",
        "a@mail.example.net",
        "https://shop.example/x",
        "a@b.invalid",
        "https://site.test",
        "http://localhost:8000/u",
        "Your name",
        "mailto:unsubscribe@example.org?subject=stop",
    ],
)
def test_placeholders(value):
    assert placeholder_reason(value)


@pytest.mark.parametrize(
    "value", ["news@brightside-clinic.org", "https://examples.org", "https://example.org.uk"]
)
def test_real_values_are_not_placeholders(value):
    assert placeholder_reason(value) is None
    assert not reserved_host("notexample.org")


def test_on_a_terminal_init_asks_and_checks_each_answer(tmp_path):
    """A real pseudo-terminal: the prompts, a bad address asked again, the answers written."""
    answers = [
        "Brightside Clinic",
        "Ana Ruiz",
        "not-an-address",
        "ana@brightside-clinic.org",
        "https://brightside-clinic.org",
        "Europe/London",
    ]
    code, shown = on_a_terminal(["init", str(tmp_path)], typed=answers)
    assert code == 0, shown
    assert "Organisation name [Your organisation]" in shown
    assert shown.count("From address [news@example.org]") == 2  # asked again after the bad one
    written = (tmp_path / "kapmail.toml").read_text()
    assert (
        'name = "Brightside Clinic"' in written and 'email = "ana@brightside-clinic.org"' in written
    )
    assert 'unsubscribe_url = "https://brightside-clinic.org/unsubscribe"' in written
    assert 'timezone = "Europe/London"' in written
    assert "still placeholders" not in shown
