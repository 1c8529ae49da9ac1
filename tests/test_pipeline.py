"""One pass, one truth: what is checked is what is written, one email at a time."""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import json
from email import policy
from email.parser import BytesParser

from click.testing import CliRunner

from kapmail.checks import Registry
from kapmail.checks.document import Document
from kapmail.checks.engine import warning
from kapmail.cli import cli
from kapmail.manifest import PARTS, read
from kapmail.pipeline import Pass, Target
from kapmail.platforms import PROFILES
from kapmail.writers import write_build
from tests.conftest import KAP_CAMPAIGN

SAM = "Sam <sam@example.org>"


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_build_to_a_recipient_for_a_platform_checks_the_very_bytes_it_writes(tmp_path):
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(KAP_CAMPAIGN),
            "--to",
            SAM,
            "--platform",
            "mailchimp",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "kap-conditions"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["checks"] == "run" and manifest["ready"] is True
    for entry in manifest["emails"]:
        on_disk = {name: sha256((folder / name).read_bytes()) for name in entry["files"]}
        assert on_disk == entry["files"]
        for part, suffix in PARTS.items():
            name = f"{entry[part]}"
            assert name.endswith(f".{suffix}")
            assert entry["checked"][part] == on_disk[name], (entry["slug"], part)
        message = BytesParser(policy=policy.default).parsebytes(
            (folder / entry["eml"]).read_bytes()
        )
        assert str(message["To"]) == SAM
        assert "*|UNSUB|*" in (folder / entry["html"]).read_text()


def test_the_checks_see_the_recipient_the_file_is_addressed_to(tmp_path, kap_built):
    """The placeholder and a real recipient give different .eml bytes, and the checks record
    the digest of the one that is written (before, they saw the placeholder's)."""
    _, placeholder = write_build(kap_built.series, tmp_path / "a", Target())
    _, sam = write_build(kap_built.series, tmp_path / "b", Target(to=SAM))
    for plain, addressed in zip(placeholder.emails, sam.emails, strict=True):
        assert plain.checked["eml"] != addressed.checked["eml"]
        assert addressed.checked["eml"] == addressed.files[addressed.eml]
        assert plain.checked["html"] == addressed.checked["html"]


def test_the_manifest_is_written_in_one_place_and_read_back_by_one_function(tmp_path, kap_built):
    folder, written = write_build(kap_built.series, tmp_path, Target(PROFILES["listmonk"]))
    again = read(folder)
    assert again == written
    assert again.to_bytes() == (folder / "manifest.json").read_bytes()
    assert again.platform == "listmonk" and again.ready and len(again.emails) == 8


def live_documents() -> list[Document]:
    """Every parsed email (checks.document.Document) still reachable after a collection."""
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, Document)]


def test_a_pass_keeps_one_parsed_email_at_a_time(kap_built):
    """The checker keeps what series rules need (Seen), not the parsed HTML of past emails."""
    earlier = live_documents()  # parsed by other tests (session fixtures keep theirs)
    known = {id(o) for o in earlier}
    emailing = Pass(kap_built.series)
    live = [sum(id(o) not in known for o in live_documents()) for _item in emailing]
    assert live == [0] * 8, live  # each email's parsed HTML is let go before it is handed on
    assert [f.rule for f in emailing.findings] == ["L7"]  # the demo's warning (issue 22)
    assert len(emailing.checker.seen) == 8
    assert not any(isinstance(v, Document) for s in emailing.checker.seen for v in vars(s).values())


def test_without_checks_a_pass_has_no_findings_and_the_bytes_are_the_same(kap_built):
    checked = Pass(kap_built.series).run()
    unchecked_pass = Pass(kap_built.series, check=False)
    unchecked = unchecked_pass.run()
    assert unchecked_pass.findings is None
    assert [dataclasses.astuple(a)[:4] for a in checked] == [
        dataclasses.astuple(b)[:4] for b in unchecked
    ]
    assert all(item.checked == {} for item in unchecked)


def test_the_rules_read_the_recipients_message_and_the_platforms_html(kap_built):
    """A registry with one rule that reports what it read: the To header of the .eml and the
    unsubscribe link of the HTML, as the pass hands them out."""
    registry = Registry()
    registry.family("T", "what the rules read")

    @registry.rule("T1", "report what was read")
    def report(ctx):
        links = {a.text: a.get("href") for a in ctx.doc.elements("a")}
        yield warning(f"{ctx.message['To']} -> {links['Unsubscribe']}")

    emailing = Pass(kap_built.series, Target(PROFILES["mailchimp"], SAM), registry=registry)
    items = emailing.run()
    seen = [f.message.split(" -> ") for f in emailing.findings]
    assert seen == [[SAM, "*|UNSUB|*"]] * 8
    for item, finding in zip(items, emailing.findings, strict=True):
        message = BytesParser(policy=policy.default).parsebytes(item.eml)
        assert str(message["To"]) == SAM and finding.email == item.email.stem
        assert item.checked["eml"] == sha256(item.eml)


def test_a_pass_runs_once(kap_built):
    emailing = Pass(kap_built.series, check=False)
    assert len(emailing.run()) == 8 and emailing.finished
    try:
        emailing.run()
    except RuntimeError as exc:
        assert "once" in str(exc)
    else:
        raise AssertionError("a second iteration must be refused")
