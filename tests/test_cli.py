"""The command line through Click's CliRunner, on real files."""

from __future__ import annotations

import json
import re

from click.testing import CliRunner

from kapmail import __version__
from kapmail.cli import cli
from tests.conftest import KAP_CAMPAIGN, QUESTION, ROOT, copy_outbox, make_campaign, snapshot
from tests.html_text import visible_text

THREE = (
    "Sleep matters to every client.\r\n"
    "1) Insomnia\r\nInsomnia is common.\r\n"
    "2) Nightmares\r\nNightmares recur.\r\n"
    "3) Shift Work\r\nShift work disrupts rhythms.\r\n"
    "Conclusion\r\nSleep is worth asking about.\r\n"
    "Will you add a sleep question to your intake form?\r\ngpt-4o\r\n"
)
FOUR_MD = (
    "# Grief at work\n\nGrief shows up in the workplace.\n\n"
    "## 1. Denial\n\nIt starts quietly.\n\n## 2. Anger\n\nIt flares.\n\n"
    "## 3. Bargaining\n\nIt negotiates.\n\n## 4. Acceptance\n\nIt settles.\n\n"
    "## Conclusion\n\nGrief is not linear.\n\nHow does your service support grieving staff?\n"
)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_version_and_help_with_examples():
    assert run("--version").output.strip() == f"kapmail, version {__version__}"
    top = run("--help").output
    assert "Examples:" in top and "kapmail build campaigns/kap-conditions" in top
    for command in cli.commands:
        help_text = run(command, "--help").output
        assert "Examples:" in help_text and f"kapmail {command}" in help_text, command


def test_build_kap_campaign_writes_eight_emails_and_manifest(tmp_path):
    result = run("build", str(KAP_CAMPAIGN), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    folder = tmp_path / "kap-conditions"
    assert f"built 8 emails for kap-conditions -> {folder}" in result.output
    manifest = json.loads((folder / "manifest.json").read_text())
    emails = manifest["emails"]
    assert len(emails) == 8
    assert [e["kind"] for e in emails] == ["intro"] + ["section"] * 6 + ["conclusion"]
    first = emails[1]
    assert first == {
        "position": 2,
        "slug": "depressive-disorders",
        "kind": "section",
        "title": "Depressive Disorders",
        "subject": "KAP and Depressive Disorders",
        "preheader": first["preheader"],
        "send_at": "2027-01-15T09:00:00-05:00",
        "html": "02-depressive-disorders.html",
        "text": "02-depressive-disorders.txt",
        "eml": "02-depressive-disorders.eml",
        "html_bytes": (folder / "02-depressive-disorders.html").stat().st_size,
        "words": 62,  # the article's words and their reading time (issue 20)
        "minutes": 1,
        "files": first["files"],
        "checked": first["checked"],
    }
    assert manifest["platform"] == "generic"
    for email in emails:
        for key in ("html", "text", "eml"):
            assert (folder / email[key]).is_file()
    everything = b"".join(snapshot(folder).values()).decode()
    assert "4o" not in everything.replace("40", "")
    last = (folder / emails[-1]["html"]).read_text()
    assert QUESTION in visible_text(last)


def test_two_builds_are_byte_identical(tmp_path, kap_outbox):
    run("build", str(KAP_CAMPAIGN), "--out", str(tmp_path / "b"))  # the first: the session's
    first, second = snapshot(kap_outbox), snapshot(tmp_path / "b")
    assert first == second
    assert len(first) == 26 + 8 + 1  # one build-cache entry an email, and the build record


def test_rebuild_replaces_the_folder_and_leaves_no_staging(tmp_path, kap_outbox):
    out = copy_outbox(kap_outbox, tmp_path)  # a first build
    stale = out / "kap-conditions" / "99-stale.html"
    stale.write_text("old")
    run("build", str(KAP_CAMPAIGN), "--out", str(out))
    assert not stale.exists()
    assert sorted(p.name for p in out.iterdir()) == [".kapmail-cache", "kap-conditions"]


def test_bare_crlf_article_with_three_sections(in_org_dir):
    (in_org_dir / "sleep-and-therapy.txt").write_bytes(THREE.encode())
    result = run("build", "sleep-and-therapy.txt")
    assert result.exit_code == 0, result.output
    manifest = json.loads((in_org_dir / "outbox/sleep-and-therapy/manifest.json").read_text())
    titles = [e["title"] for e in manifest["emails"]]
    closing = "Sleep and therapy: what it means for you"  # never a bare "Conclusion"
    assert titles == ["Sleep and therapy", "Insomnia", "Nightmares", "Shift Work", closing]
    last = (in_org_dir / "outbox/sleep-and-therapy" / manifest["emails"][-1]["html"]).read_text()
    question = "Will you add a sleep question to your intake form?"
    before_footer = visible_text(last).split(" Riverbend Counselling Collective · sent by")[0]
    tail = before_footer.split(question, 1)[1]  # then only the reply prompt (issue 12)
    assert re.fullmatch(
        r" Just reply to this email: we read every reply\. Or write to \S+@\S+ ?\.", tail
    )
    assert "gpt-4o" not in last


def test_markdown_campaign_with_four_sections(tmp_path):
    folder = make_campaign(tmp_path, FOUR_MD, name="grief.md")
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "out/campaign/manifest.json").read_text())
    assert [e["title"] for e in manifest["emails"]] == [
        "Grief at work",
        "Denial",
        "Anger",
        "Bargaining",
        "Acceptance",
        "Grief at work: what it means for you",
    ]
    text = (tmp_path / "out/campaign" / manifest["emails"][-1]["text"]).read_text()
    assert "How does your service support grieving staff?" in text


def test_no_source_builds_every_campaign_under_campaigns(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("build", "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kap-conditions" / "manifest.json").is_file()


def test_bad_input_is_one_line_exit_2_and_keeps_outbox(tmp_path, kap_outbox):
    out = copy_outbox(kap_outbox, tmp_path)
    before = snapshot(out)
    folder = make_campaign(tmp_path, "Intro only, no sections?\n")
    (folder.parent / "kapmail.toml").write_text(
        (ROOT / "kapmail.toml").read_text().replace('"#1f5f5b"', '"teal"')
    )
    for source, expected in [
        (tmp_path / "missing.txt", "missing.txt: file not found"),
        (folder, "kapmail.toml:7 key brand.primary_color: 'teal' is not a colour"),
    ]:
        result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out)])
        assert result.exit_code == 2
        assert result.output.count("\n") == 1 and expected in result.output
        assert "Traceback" not in result.output
    assert snapshot(out) == before


def test_out_that_is_a_file_is_refused(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    result = CliRunner().invoke(cli, ["build", str(KAP_CAMPAIGN), "--out", str(target)])
    assert result.exit_code == 2
    assert "--out is a file" in result.output
