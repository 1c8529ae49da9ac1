"""`kapmail export` and `kapmail build --platform/--to`, through Click's CliRunner."""

from __future__ import annotations

import csv
import email
import io
import json
import zipfile
from email import policy

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.config import load_campaign
from kapmail.deliver.export import CSV_COLUMNS, extra_files, spreadsheet_safe
from kapmail.platforms import PROFILES
from tests.builds import build_in_memory, export_files, outgoing
from tests.conftest import KAP_CAMPAIGN, MINIMAL_CAMPAIGN, ROOT, make_campaign
from tests.test_cli import snapshot
from tests.test_platforms import UNSUBSCRIBE_TAGS

STEMS = [
    "01-ketamine-assisted-psychotherapy-a-series-for-counsellors",
    "02-depressive-disorders",
    "03-trauma-related-disorders-including-ptsd",
    "04-mood-disorders",
    "05-attention-deficit-disorders-add-adhd",
    "06-anxiety-disorders",
    "07-sleep-disorders",
    "08-kap-in-counselling-where-it-fits",
]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Every platform exported once through the CLI into one folder."""
    out = tmp_path_factory.mktemp("exports")
    for name in PROFILES:
        result = run("export", str(KAP_CAMPAIGN), "--platform", name, "--out", str(out))
        assert result.exit_code == 0, result.output
        folder = out / "kap-conditions" / name
        assert f"exported 8 emails for kap-conditions ({name}) -> {folder}" in result.output
    return out / "kap-conditions"


@pytest.mark.parametrize("name", list(PROFILES))
def test_export_writes_the_package_for_each_platform(exported, name):
    folder = exported / name
    extra = {"mailchimp": [".zip"], "generic": [".eml"]}.get(name, [])
    expected = {f"{stem}{ext}" for stem in STEMS for ext in [".html", ".txt", *extra]}
    package = {"campaign.json", "schedule.csv", "README.txt"}  # campaign.json: issue 22
    assert {p.name for p in folder.iterdir()} == expected | package
    tag = UNSUBSCRIBE_TAGS.get(name, "https://riverbend-counselling.example.org/email/unsubscribe")
    for stem in STEMS:
        html = (folder / f"{stem}.html").read_text()
        text = (folder / f"{stem}.txt").read_text()
        assert f'href="{tag}"' in html and f"Unsubscribe:\n<{tag}>\n" in text
        assert "__KAPMAIL_" not in html + text


@pytest.mark.parametrize("name", list(PROFILES))
def test_schedule_csv_follows_the_send_plan(exported, name):
    data = (exported / name / "schedule.csv").read_bytes()
    assert data.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [int(r["position"]) for r in rows] == list(range(1, 9))
    first, second = rows[0], rows[1]
    assert first["subject"] == "KAP: what counsellors should know"
    assert first["preheader"].startswith("A short series on ketamine-assisted psychotherapy")
    assert (first["send_date"], first["send_time"]) == ("2027-01-12", "09:00")
    assert (first["timezone"], first["utc_offset"]) == ("America/New_York", "-05:00")
    assert first["send_at"] == "2027-01-12T09:00:00-05:00"
    assert first["send_at_utc"] == "2027-01-12T14:00:00Z"
    assert first["send_at_rfc2822"] == "Tue, 12 Jan 2027 09:00:00 -0500"
    assert second["send_date"] == "2027-01-15"
    assert [r["html"] for r in rows] == [f"{s}.html" for s in STEMS]
    assert [r["text"] for r in rows] == [f"{s}.txt" for s in STEMS]
    if name == "mailchimp":
        assert [r["zip"] for r in rows] == [f"{s}.zip" for s in STEMS]
    if name == "generic":
        assert [r["eml"] for r in rows] == [f"{s}.eml" for s in STEMS]


@pytest.mark.parametrize("name", list(PROFILES))
def test_readme_says_how_to_import_into_the_platform(exported, name):
    readme = (exported / name / "README.txt").read_text()
    profile = PROFILES[name]
    assert readme.startswith(f"KAP for counsellors: export for {profile.title}\n")
    assert f"How to import into {profile.title}" in readme
    assert profile.unsubscribe in readme or name == "generic"
    assert "DKIM" in readme and "List-Unsubscribe-Post" in readme
    assert "Tue 12 Jan 2027 09:00 EST" in readme
    steps = readme.split("How to import", 1)[1].split("Merge tags", 1)[0]
    assert all(len(line) <= 78 for line in steps.splitlines())


def test_mailchimp_zip_has_the_html_at_the_top(exported):
    folder = exported / "mailchimp"
    for stem in STEMS:
        with zipfile.ZipFile(folder / f"{stem}.zip") as archive:
            assert archive.testzip() is None
            names = archive.namelist()
            assert names == [f"{stem}.html"]
            assert archive.read(names[0]) == (folder / f"{stem}.html").read_bytes()
            assert b"*|UNSUB|*" in archive.read(names[0])
            assert archive.getinfo(names[0]).date_time == (1980, 1, 1, 0, 0, 0)


def test_generic_export_includes_sendable_eml(exported):
    folder = exported / "generic"
    message = email.message_from_bytes(
        (folder / f"{STEMS[0]}.eml").read_bytes(), policy=policy.default
    )
    text, html = message.iter_parts()
    assert html.get_content() == (folder / f"{STEMS[0]}.html").read_text()
    assert text.get_content() == (folder / f"{STEMS[0]}.txt").read_text()


def test_two_exports_are_byte_identical_and_keep_other_platforms(exported, tmp_path):
    for name in ("mailchimp", "generic"):
        result = run("export", str(KAP_CAMPAIGN), "--platform", name, "--out", str(tmp_path))
        assert result.exit_code == 0, result.output
        assert snapshot(tmp_path / "kap-conditions" / name) == snapshot(exported / name)
    assert sorted(p.name for p in (tmp_path / "kap-conditions").iterdir()) == [
        "generic",
        "mailchimp",
    ]


def test_export_files_in_memory_match_the_cli(kap_built, exported):
    files = export_files(kap_built, PROFILES["brevo"])
    assert files == snapshot(exported / "brevo")


def test_unknown_platform_is_one_line_listing_the_known_ones(tmp_path):
    for command in ("export", "build"):
        result = CliRunner().invoke(
            cli, [command, str(KAP_CAMPAIGN), "--platform", "mailchump", "--out", str(tmp_path)]
        )
        assert result.exit_code == 2
        assert result.output.count("\n") == 1
        assert "unknown platform 'mailchump'" in result.output
        assert "known: generic, mailchimp, sendgrid, mailgun, brevo, listmonk" in result.output
    assert list(tmp_path.iterdir()) == []
    result = CliRunner().invoke(cli, ["export", str(KAP_CAMPAIGN)])
    assert result.exit_code == 2 and "--platform" in result.output


def test_build_with_platform_and_recipient(tmp_path):
    result = run(
        "build",
        str(KAP_CAMPAIGN),
        "--platform",
        "listmonk",
        "--to",
        "Sam Tester <sam@example.org>",
        "--out",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "kap-conditions"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["platform"] == "listmonk"
    assert 'href="{{ UnsubscribeURL }}"' in (folder / f"{STEMS[1]}.html").read_text()
    message = email.message_from_bytes(
        (folder / manifest["emails"][1]["eml"]).read_bytes(), policy=policy.default
    )
    assert message["To"] == "Sam Tester <sam@example.org>"
    bad = CliRunner().invoke(cli, ["build", str(KAP_CAMPAIGN), "--to", "nobody", "--out", "x"])
    assert bad.exit_code == 2 and "'nobody' is not an e-mail address" in bad.output


def test_new_commands_have_help_with_examples():
    for command in ("export", "schedule", "build"):
        assert "Examples:" in run(command, "--help").output
    assert "--platform" in run("build", "--help").output


def test_schedule_csv_cells_cannot_be_spreadsheet_formulas(tmp_path):
    formula = '=HYPERLINK("https://evil.example","x")'
    article = f"Intro.\n1. {formula}\n@SUM(1+1) is the body.\nConclusion\nIt ends.\nShall we?\n"
    toml = MINIMAL_CAMPAIGN + (
        '[article]\nclosing_title = "-2+3 ways to end"\n'
        '[emails.2-3-ways-to-end]\npreheader = "@SUM(1+1) is how it ends, in a few more words."\n'
    )
    built = build_in_memory(load_campaign(make_campaign(tmp_path, article, toml)))
    assert built.series.emails[1].title == formula  # a section title, hence the subject
    data = export_files(built, PROFILES["generic"])["schedule.csv"]
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[1]["subject"] == f"'{formula}"
    assert rows[2]["preheader"].startswith("'@SUM(1+1)")
    assert rows[2]["subject"] == "'-2+3 ways to end"
    assert rows[0]["subject"] == "Test series"
    assert [r["utc_offset"] for r in rows] == ["-05:00"] * 3  # ours, not user text
    assert [spreadsheet_safe(c) for c in ("+1", "@a", "a=b", "")] == ["'+1", "'@a", "a=b", ""]


def test_readme_and_docs_promise_only_the_send_command_that_exists(exported):
    """Export packages are for other tools; the docs may point to `kapmail send`, which
    exists (it was once promised before it did)."""
    from kapmail.cli import cli

    for name in PROFILES:
        assert "kapmail send" not in (exported / name / "README.txt").read_text()
    readme = " ".join((exported / "generic" / "README.txt").read_text().split())
    assert "any SMTP client or mail program" in readme and "(RFC 8058)" in readme
    docs = " ".join((ROOT / "docs" / "platforms" / "generic.md").read_text().split())  # issue 22
    assert "kapmail send" in docs and "send" in cli.commands
    assert "any SMTP client or mail program" in docs and "one-click POST of RFC 8058" in docs


@pytest.mark.parametrize("name", list(PROFILES))
def test_extra_files_decide_the_files_the_csv_and_the_readme(kap_built, name):
    profile = PROFILES[name]
    extras = extra_files(profile)
    files = export_files(kap_built, profile)
    stems = [r.email.stem for r in kap_built.rendered]
    assert set(files) == {f"{s}.{e}" for s in stems for e in ("html", "txt", *extras)} | {
        "campaign.json",  # issue 22
        "schedule.csv",
        "README.txt",
    }
    header = files["schedule.csv"].decode("utf-8-sig").splitlines()[0].split(",")
    assert header[len(CSV_COLUMNS) :] == list(extras)
    listed = {line.split(" ", 1)[0] for line in files["README.txt"].decode().splitlines()}
    assert {f"NN-<slug>.{e}" for e in ("zip", "eml")} & listed == {f"NN-<slug>.{e}" for e in extras}
    if "eml" in extras:  # the .eml a build writes, byte for byte
        sent = outgoing(kap_built, profile)
        assert [files[f"{item.email.stem}.eml"] for item in sent] == [item.eml for item in sent]


def test_build_to_with_two_addresses_is_one_line_exit_2(tmp_path):
    for to in ("Sam <sam@example.org>, evil@example.net", "Sam\u2028 <sam@example.org>"):
        result = CliRunner().invoke(
            cli, ["build", str(KAP_CAMPAIGN), "--to", to, "--out", str(tmp_path)]
        )
        assert result.exit_code == 2, result.output
        assert result.output.count("\n") == 1 and "--to" in result.output
    assert list(tmp_path.iterdir()) == []
