"""`kapmail new`, `--config`, several sources in one run, and where keyed tables are written.

Every test runs the real CLI over real files in tmp_path, with a kapmail.toml of its own
(not health-related unless the test says so).
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.deliver.scaffold import next_monday, toml_key, toml_string
from tests.conftest import MINIMAL_CAMPAIGN, ROOT, copy_org, make_campaign

ARTICLE_MD = """\
# Grief at work: a short guide

Grief does not stay at home. This guide offers a few ways to support a colleague.

## Notice the signs

People who grieve may seem tired, distracted or quiet for weeks.

## Ask, then listen

A short, honest question is better than a long speech.

## Adjust the load

Small changes to deadlines help more than big gestures.

## Conclusion

Small, steady kindness is what helps most.

What has helped you support a grieving colleague?
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def here(org_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run inside a folder with a kapmail.toml that is not health-related."""
    monkeypatch.chdir(org_dir)
    return org_dir


def test_new_then_build_is_ready_and_lists_every_slug(here: Path):
    result = run("new", "weekly")
    assert result.exit_code == 0, result.output
    assert f"using kapmail.toml: {here / 'kapmail.toml'}" in result.output
    text = (here / "weekly" / "campaign.toml").read_text()
    data = tomllib.loads(text)
    assert data["campaign"]["article"] == "article.txt"
    assert (here / "weekly" / "article.txt").is_file()
    start = dt.date.fromisoformat(str(data["schedule"]["start"]))
    assert start.weekday() == 0 and start > dt.date.today()
    assert data["schedule"]["timezone"] == "America/New_York"  # from kapmail.toml
    assert "evidence" not in data

    built = run("build", "weekly", "--out", str(here / "out"))
    assert built.exit_code == 0, built.output
    manifest = json.loads((here / "out" / "weekly" / "manifest.json").read_text())
    assert manifest["ready"] is True
    slugs = [email["slug"] for email in manifest["emails"]]
    assert len(slugs) == 5
    for email in manifest["emails"]:
        assert f"[emails.{email['slug']}]" in text
        entry = data["emails"][email["slug"]]
        assert (entry["subject"], entry["preheader"]) == (email["subject"], email["preheader"])


def test_new_refuses_an_existing_campaign(here: Path):
    assert run("new", "weekly").exit_code == 0
    before = (here / "weekly" / "campaign.toml").read_bytes()
    again = run("new", "weekly")
    assert again.exit_code == 2
    assert again.stderr.count("\n") == 1
    assert again.stderr.startswith("kapmail: error: ") and "already exists" in again.stderr
    assert (here / "weekly" / "campaign.toml").read_bytes() == before


def test_new_with_a_markdown_article(here: Path):
    source = here / "notes" / "grief.md"
    source.parent.mkdir()
    source.write_text(ARTICLE_MD)
    result = run("new", "grief", "--article", str(source))
    assert result.exit_code == 0, result.output
    folder = here / "grief"
    assert (folder / "article.md").read_text() == ARTICLE_MD
    data = tomllib.loads((folder / "campaign.toml").read_text())
    assert data["campaign"]["article"] == "article.md"
    assert data["campaign"]["name"] == "Grief at work: a short guide"
    assert set(data["emails"]) >= {"notice-the-signs", "ask-then-listen", "adjust-the-load"}
    built = run("build", "grief", "--out", str(here / "out"))
    assert built.exit_code == 0, built.output


def test_new_refuses_an_article_it_cannot_read(here: Path):
    source = here / "notes.rst"
    source.write_text("Title\n\nText.\n")
    result = run("new", "x", "--article", str(source))
    assert result.exit_code == 2
    assert "an article is a .txt, .md, .docx or .zip file, not .rst" in result.stderr
    assert not (here / "x").exists()


def test_new_that_fails_leaves_nothing_behind(here: Path):
    source = here / "empty.txt"
    source.write_bytes(b"\x00\x01")
    result = run("new", "x", "--article", str(source))
    assert result.exit_code == 2, result.output
    assert not (here / "x").exists()
    nested = run("new", "a/b/c", "--article", str(source))
    assert nested.exit_code == 2, nested.output
    assert not (here / "a").exists()  # no empty parent folders left behind either


def test_new_for_a_health_campaign_has_an_evidence_stub_per_section(tmp_path: Path):
    org = tmp_path / "org.toml"
    org.write_text(
        (ROOT / "kapmail.toml").read_text().replace("[health]\n", "[health]\nrelated = true\n")
    )
    folder = tmp_path / "health"
    result = run("new", str(folder), "--config", str(org))
    assert result.exit_code == 0, result.output
    text = (folder / "campaign.toml").read_text()
    data = tomllib.loads(text)
    assert data["health"]["related"] is True
    sections = list(data["emails"])[1:-1]
    assert len(sections) == 3
    for slug in sections:
        assert f"# [evidence.{slug}]" in text
    assert "level" in text and "references" in text and "doi" in text
    built = run("build", str(folder), "--config", str(org), "--out", str(tmp_path / "out"))
    assert built.exit_code == 1, built.output  # loads and builds; the HC checks want evidence
    assert "HC5" in built.output


def test_config_names_the_organisation_file(tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    custom = copy_org(elsewhere).rename(elsewhere / "org.toml")
    custom.write_text(custom.read_text().replace("Riverbend Counselling Collective", "Elm Co"))
    folder = tmp_path / "work"
    folder.mkdir()
    article = folder / "article.md"
    article.write_text(ARTICLE_MD)
    out = tmp_path / "out"
    result = run("build", str(article), "--config", str(custom), "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"using kapmail.toml: {custom}" in result.output
    assert "Elm Co" in (out / "article" / "01-grief-at-work-a-short-guide.html").read_text()


def test_missing_config_file_is_one_line_exit_2(tmp_path: Path):
    for command in ("build", "check", "export", "schedule", "new", "sends"):
        args = [command, str(tmp_path / "x"), "--config", str(tmp_path / "nope.toml")]
        if command == "export":
            args += ["--platform", "generic"]
        result = run(*args)
        assert result.exit_code == 2, (command, result.output)
        assert result.stderr.count("\n") == 1, result.stderr
        assert "nope.toml: organisation file not found" in result.stderr
    result = run("send", "x", "--to", "a@example.org", "--config", str(tmp_path / "nope.toml"))
    assert result.exit_code == 2 and "organisation file not found" in result.stderr


def test_no_kapmail_toml_is_said(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    assert run("new", "solo").exit_code == 0
    result = run("check", "solo")
    assert "no kapmail.toml found" in result.output
    assert result.exit_code in (0, 1), result.output  # it loads: brand and sender are stubbed


def test_several_sources_go_on_after_a_failure(here: Path):
    (here / "a.md").write_text(ARTICLE_MD)
    (here / "b.md").write_text(ARTICLE_MD.replace("Grief at work", "Grief in teams"))
    out = here / "out"
    result = run("build", "a.md", "missing.md", "b.md", "--out", str(out))
    assert result.exit_code == 2, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1
    assert errors[0].startswith("kapmail: error: missing.md")
    assert (out / "a" / "manifest.json").is_file() and (out / "b" / "manifest.json").is_file()
    assert result.stdout.count("using kapmail.toml: ") == 2

    checked = run("check", "a.md", "missing.md", "b.md")
    assert checked.exit_code == 2
    assert checked.stdout.count("no findings — ready") == 2
    exported = run("export", "a.md", "missing.md", "b.md", "--platform", "generic", "--out", "ex")
    assert exported.exit_code == 2
    assert (here / "ex" / "a" / "generic").is_dir() and (here / "ex" / "b" / "generic").is_dir()


def test_several_sources_exit_1_for_findings_without_failures(here: Path):
    (here / "a.md").write_text(ARTICLE_MD)
    folder = make_campaign(here, "Intro.\n1. Alpha\nBody.\n2. Beta\nMore.\nWill you?\n")
    toml = folder / "campaign.toml"
    toml.write_text(MINIMAL_CAMPAIGN + '\n[brand]\ntext_color = "#bbbbbb"\n')
    result = run("build", "a.md", str(folder), "--out", "out")
    assert result.exit_code == 1, result.output
    assert result.stderr == ""


def test_emails_table_matching_no_email_names_its_line(here: Path):
    folder = make_campaign(
        here,
        ARTICLE_MD,
        MINIMAL_CAMPAIGN + '\n[emails.notice-the-signs]\nsubject = "Signs"\n\n[emails.nope]\n'
        'subject = "x"\n',
        name="article.md",
    )
    lines = (folder / "campaign.toml").read_text().splitlines()
    line = lines.index("[emails.nope]") + 1
    result = run("build", str(folder), "--out", "out")
    assert result.exit_code == 2
    assert f"campaign.toml:{line} key emails.nope: [emails.nope] matches no" in result.stderr


def test_evidence_table_matching_no_section_names_its_line(here: Path):
    toml = MINIMAL_CAMPAIGN + (
        '\n[evidence."ask-then-lisen"]\nlevel = "limited"\nnote = "n"\n'
        'references = [{ citation = "c", doi = "10.1000/x" }]\n'
    )
    folder = make_campaign(here, ARTICLE_MD, toml, name="article.md")
    line = (folder / "campaign.toml").read_text().splitlines().index('[evidence."ask-then-lisen"]')
    result = run("check", str(folder))
    assert result.exit_code == 2
    assert f"campaign.toml:{line + 1} key evidence.ask-then-lisen: " in result.stderr


@pytest.mark.parametrize(
    "value",
    ["plain", 'say "hi"', "back\\slash", "tab\tnew\nline\r", "\x00\x1f\x7f", "ünïcode ✓ 😀", ""],
)
def test_toml_string_round_trips(value: str):
    assert tomllib.loads(f"v = {toml_string(value)}")["v"] == value
    assert tomllib.loads(f"[t.{toml_key(value or 'k')}]\n")["t"] == {value or "k": {}}


def test_next_monday():
    assert next_monday(dt.date(2026, 11, 25)) == dt.date(2026, 11, 30)  # a Wednesday
    assert next_monday(dt.date(2026, 11, 30)) == dt.date(2026, 12, 7)  # a Monday: the next


def test_new_keeps_an_article_already_in_the_folder(here: Path):
    folder = here / "grief"
    folder.mkdir()
    (folder / "article.md").write_text(ARTICLE_MD)
    result = run("new", "grief")
    assert result.exit_code == 0, result.output
    assert "already in the folder" in result.output
    assert not (folder / "article.txt").exists()
    assert (folder / "article.md").read_text() == ARTICLE_MD
    data = tomllib.loads((folder / "campaign.toml").read_text())
    assert data["campaign"]["article"] == "article.md"


def test_the_commented_call_to_action_loads_when_uncommented(here: Path):
    assert run("new", "weekly").exit_code == 0
    toml = here / "weekly" / "campaign.toml"
    lines = toml.read_text().splitlines()
    keys = ("# label = ", "# url = ", "# lead_in = ")
    toml.write_text("\n".join(line[2:] if line.startswith(keys) else line for line in lines))
    from kapmail.config import load_campaign

    wanted = load_campaign(here / "weekly").call_to_action
    assert wanted.label == "Book a call" and wanted.lead_in.startswith("Want to talk it through?")
