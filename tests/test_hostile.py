"""Bad input through the real CLI: one line on stderr, exit code 2, the outbox untouched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.errors import KapmailError
from tests.conftest import (
    KAP_CAMPAIGN,
    MINIMAL_CAMPAIGN,
    ROOT,
    copy_org,
    copy_outbox,
    make_campaign,
    snapshot,
)

ARTICLE = "Intro.\n1. Alpha\nBody.\n2. Beta\nMore.\n3. Gamma\nLast.\nWill you?\n"


@pytest.fixture
def outbox(tmp_path: Path, kap_outbox: Path) -> Path:
    """An outbox that already holds a good build of the KAP campaign (the session's build,
    copied: each test may damage its own)."""
    return copy_outbox(kap_outbox, tmp_path)


def fails_cleanly(args: list[str], out: Path, *expected: str) -> str:
    """Run kapmail; assert exit 2, one stderr line containing `expected`, outbox unchanged.

    stdout says at most which kapmail.toml was used."""
    before = snapshot(out)
    result = CliRunner().invoke(cli, [*args, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert all(line.startswith("using kapmail.toml: ") for line in result.stdout.splitlines())
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kapmail: error: ")
    for part in expected:
        assert part in lines[0], lines[0]
    assert "Traceback" not in result.output
    assert snapshot(out) == before
    return lines[0]


def article_case(tmp_path: Path, content: bytes | str) -> Path:
    folder = make_campaign(tmp_path, "")
    path = folder / "article.txt"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return folder


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", ["article.txt", "the article is empty"]),
        (b"   \n\n  \n", ["article.txt", "the article is empty"]),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", ["article.txt", "not a text file"]),
        (
            "Intro café.\n".encode("latin-1"),
            ["article.txt", "not valid utf-8 at byte 9", "--encoding"],
        ),
        # (Issue 20: prose without headings is one email, and an empty heading takes the next.)
    ],
)
def test_bad_articles(tmp_path, outbox, content, expected):
    fails_cleanly(["build", str(article_case(tmp_path, content))], outbox, *expected)


def test_missing_and_unreadable_files(tmp_path, outbox):
    fails_cleanly(["build", str(tmp_path / "nope.txt")], outbox, "nope.txt", "file not found")
    fails_cleanly(["build", str(tmp_path / "nope")], outbox, "nope", "not found")
    folder = make_campaign(tmp_path, ARTICLE)
    (folder / "article.txt").unlink()
    (folder / "article.txt").mkdir()
    fails_cleanly(["build", str(folder)], outbox, "article.txt", "cannot read article")
    empty = tmp_path / "empty-folder"
    empty.mkdir()
    fails_cleanly(["build", str(empty)], outbox, "empty-folder", "no campaign.toml")


@pytest.mark.parametrize(
    ("toml", "expected"),
    [
        ('[campaign]\nname = "x\n', ["campaign.toml:2", "TOML syntax error"]),
        (
            MINIMAL_CAMPAIGN + "[brand]\nprimary_colour = '#fff'\n",
            [
                "campaign.toml:8",
                "unknown key brand.primary_colour",
                "did you mean 'primary_color'?",
            ],
        ),
        (
            MINIMAL_CAMPAIGN.replace("cadence_days = 2", 'cadence_days = "2"'),
            ["campaign.toml:6", "schedule.cadence_days", "whole number"],
        ),
        (
            MINIMAL_CAMPAIGN + "[brand]\nprimary_color = 'red'\n",
            ["campaign.toml:8", "brand.primary_color", "'red' is not a colour"],
        ),
        (
            MINIMAL_CAMPAIGN + "[sender]\nreply_to = 'me at example'\n",
            ["sender.reply_to", "is not an e-mail address"],
        ),
        (
            MINIMAL_CAMPAIGN + "[sender]\nwebsite = 'http://example.org'\n",
            ["sender.website", "is not an https:// URL"],
        ),
        (
            MINIMAL_CAMPAIGN + "[call_to_action]\nurl = 'javascript:alert(1)'\n",
            ["call_to_action.url", "is not an https:// URL"],
        ),
        (
            MINIMAL_CAMPAIGN + "timezone = 'Europe/Atlantis'\n",
            ["campaign.toml", "unknown time zone 'Europe/Atlantis'"],
        ),
        (
            MINIMAL_CAMPAIGN.replace("[campaign]", "[campaign]\nslug = '../../etc'"),
            ["campaign.slug", "is not a slug"],
        ),
        (
            MINIMAL_CAMPAIGN.replace("[campaign]", "[campaign]\narticle = '/etc/passwd'"),
            ["campaign.article", "inside the campaign folder"],
        ),
        (
            MINIMAL_CAMPAIGN + '[sender]\nname = "Ann\\u2028Bcc: x@example.org"\n',
            ["sender.name", "control characters"],
        ),
        (
            MINIMAL_CAMPAIGN.replace("[campaign]", "[campaign]\nsubject_template = '{titel}'"),
            ["campaign.subject_template", "may only hold {title} in braces"],
        ),
        (
            MINIMAL_CAMPAIGN + "[emails]\nalpha = 1\n",
            ["campaign.toml:8", "emails.alpha", "expected a table"],
        ),
        (
            MINIMAL_CAMPAIGN + '[sender]\nname = "Ann\\r\\nBcc: x@example.org"\n',
            ["sender.name", "control characters"],
        ),
    ],
)
def test_bad_campaign_toml(tmp_path, outbox, toml, expected):
    folder = make_campaign(tmp_path, ARTICLE, toml)
    fails_cleanly(["build", str(folder)], outbox, *expected)


def test_timezone_error_is_reported_once_table_is_merged(tmp_path, outbox):
    toml = MINIMAL_CAMPAIGN.replace("cadence_days = 2", "cadence_days = 2\ntimezone = 'Mars/Base'")
    fails_cleanly(["build", str(make_campaign(tmp_path, ARTICLE, toml))], outbox, ":7", "Mars/Base")


def override(folder: Path, name: str, text: str) -> Path:
    path = folder / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return path


def test_template_syntax_error_names_file_and_line(tmp_path, outbox):
    folder = make_campaign(tmp_path, ARTICLE)
    override(folder, "partials/header.mjml.j2", "<mj-section>\n{% if %}\n</mj-section>\n")
    fails_cleanly(["build", str(folder)], outbox, "header.mjml.j2:2", "template error")


def test_failure_in_the_middle_email_keeps_the_outbox(tmp_path, outbox):
    """An override that breaks only email 4 of 8: nothing of the new build is written."""
    folder = tmp_path / "kap"
    shutil.copytree(KAP_CAMPAIGN, folder)
    shutil.copy(ROOT / "kapmail.toml", tmp_path / "kapmail.toml")
    header = (ROOT / "templates/partials/header.mjml.j2").read_text()
    override(
        folder,
        "partials/header.mjml.j2",
        "{% if email.position == 4 %}{{ email.no_such_field.boom }}{% endif %}\n" + header,
    )
    fails_cleanly(["build", str(folder)], outbox, "header.mjml.j2:1", "04-mood-disorders")


def test_mjml_rejected_and_unknown_mjml_tags(tmp_path, outbox):
    folder = make_campaign(tmp_path, ARTICLE)
    override(folder, "partials/header.mjml.j2", "<mj-section><mj-column><mj-text>open")
    fails_cleanly(["build", str(folder)], outbox, "MJML rejected email 01-", "email.mjml.j2")
    override(folder, "partials/header.mjml.j2", "<mj-sectoin></mj-sectoin>")
    fails_cleanly(["build", str(folder)], outbox, "unknown MJML tag '<mj-sectoin'", "email 01-")


def test_out_that_is_a_file_or_below_a_file(tmp_path, outbox):
    blocker = tmp_path / "blocker"
    blocker.write_text("x")
    for out in (blocker, blocker / "sub"):
        result = CliRunner().invoke(cli, ["build", str(KAP_CAMPAIGN), "--out", str(out)])
        assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
        assert "blocker" in result.stderr
    assert blocker.read_text() == "x"


def test_usage_errors_are_one_line_too(outbox):
    result = CliRunner().invoke(cli, ["build", "--nope"])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("kapmail: error: No such option") and "--nope" in line
    assert line.endswith("build --help')")


def test_debug_shows_the_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["--debug", "build", str(tmp_path / "missing.txt")])
    assert result.exit_code != 0
    assert result.exception is not None and type(result.exception).__name__ == "KapmailError"


def test_fifty_megabyte_article_is_refused_by_size(tmp_path, outbox):
    folder = make_campaign(tmp_path, ARTICLE)
    with (folder / "article.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    fails_cleanly(["build", str(folder)], outbox, "the article is 50 MB; the limit is 10 MB")


def test_duplicate_titles_and_odd_titles_stay_inside_out(tmp_path):
    article = (
        "Intro.\n1. Same Title\nA.\n2. Same Title\nB.\n3. 🙂🙂🙂\nC.\n4. ?!?!\nD.\n"
        f"5. ../../{'Very long title ' * 5}\nE.\n6. /etc/passwd\nF.\nQ?\n"
    )
    out = tmp_path / "out"
    folder = make_campaign(tmp_path, article)
    inputs = sorted(tmp_path.rglob("*"))
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    written = sorted(set(tmp_path.rglob("*")) - set(inputs))
    assert written and all(p == out or out in p.parents for p in written)
    names = sorted(p.name for p in (out / "campaign").iterdir())
    stems = sorted({n.rsplit(".", 1)[0] for n in names if n not in {"manifest.json", "index.html"}})
    assert stems == [
        "01-test-series",
        "02-same-title",
        "03-same-title-2",
        "04-email",
        "05-email-2",
        "06-very-long-title-very-long-title-very-long-title-very-long",
        "07-etc-passwd",
    ]  # no conclusion: the last section closes the series (issue 20)
    assert sorted(p.name for p in out.iterdir()) == [".kapmail-cache", "campaign"]


def test_five_megabyte_article_builds_and_the_size_check_flags_it(tmp_path):
    sentence = "Counsellors ask about sleep, mood and safety at every session. "
    sections = [f"{n}. Topic {n}\n" + sentence * 1600 for n in range(1, 51)]
    article = "Intro.\n" + "\n".join(sections) + "\nWill you read it all?\n"
    assert len(article.encode()) > 5_000_000
    out = tmp_path / "out"
    folder = make_campaign(tmp_path, article)
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 1  # written as a draft, not ready: Gmail would clip these
    manifest = json.loads((out / "campaign" / "manifest.json").read_text())
    assert len(manifest["emails"]) == 51  # the last section closes (issue 20)
    oversized = {f["email"] for f in manifest["findings"] if f["rule"] == "F1"}
    assert len(oversized) == 50


def test_campaign_toml_as_source_means_its_folder(tmp_path):
    result = CliRunner().invoke(
        cli, ["build", str(KAP_CAMPAIGN / "campaign.toml"), "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "kap-conditions" / "manifest.json").is_file()


PAGE = "<html><body><h1>T</h1><p>Intro.</p><h2>One</h2>{one}<h2>Two</h2><p>Two.</p></body></html>"


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        ("a.md", "# T\n\nIntro.\n\n## One\n\nClick &#95;&#95;KAPMAIL_X__ now.\n", "a.md:7"),
        ("a.md", "# T\n\nIntro.\n\n## One\n\n[x](https://x.example/&#95;_KAPMAIL_X__)\n", "a.md:7"),
        (
            "a.md",
            "# T\n\nIntro.\n\n## One\n\n![&#95;&#95;KAPMAIL_X](https://x.example/a.png)\n",
            "",
        ),
        ("p.html", PAGE.format(one="<p>Body &#95;_KAPMAIL_X__</p>"), "paragraph 4"),
        (
            "p.html",
            PAGE.format(one='<p><a href="https://x.example/&#95;_KAPMAIL_X__">l</a></p>'),
            "",
        ),
    ],
)
def test_reserved_text_behind_a_character_reference_is_refused(
    tmp_path, outbox, name, content, where
):
    """`&#95;_KAPMAIL_…` decodes to kapmail's placeholder text after the raw text was checked:
    every reader's result is checked again, link targets and alt texts included."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    copy_org(tmp_path)  # R1 and L7 off: short test pages under the demo organisation
    fails_cleanly(["build", str(path)], outbox, name, where, "'__KAPMAIL_' is reserved")


def test_a_control_character_behind_a_character_reference_is_refused(tmp_path, outbox):
    path = tmp_path / "p.html"
    path.write_text(PAGE.format(one="<p>b &#1; c</p>"), encoding="utf-8")
    copy_org(tmp_path)  # R1 and L7 off: short test pages under the demo organisation
    fails_cleanly(["build", str(path)], outbox, "p.html", "paragraph 4", "U+0001")


def test_links_an_email_cannot_carry_are_kept_as_text_with_a_notice(tmp_path):
    from kapmail.content import read_article

    markdown = tmp_path / "a.md"
    markdown.write_text(
        "# T\n\nIntro.\n\n## One\n\nSee [the form](javascript:alert(1)) and [notes](notes.html)"
        " or [us](https://example.org) and [top](#top).\n\n## Two\n\nB.\n"
    )
    page = tmp_path / "p.html"
    page.write_text(
        '<h1>T</h1>\n<p>Intro.</p>\n<h2>One</h2>\n<p><a href="javascript:alert(1)">the form</a>'
        ' <a href="https://example.org">us</a></p>\n<h2>Two</h2>\n<p>B.</p>\n'
    )
    [notice] = read_article(markdown).notices
    assert notice.startswith(f"{markdown}: 2 link(s) kept as text only:")
    assert "'javascript:alert(1)' (line 7)" in notice and "'notes.html' (line 7)" in notice
    [notice] = read_article(page).notices
    assert "1 link(s) kept as text only: 'javascript:alert(1)' (line 4)" in notice
    copy_org(tmp_path)  # R1 and L7 off: short test pages under the demo organisation
    result = CliRunner().invoke(cli, ["build", str(page), "--out", str(tmp_path / "out")])
    assert "kept as text only" in result.output


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("a.txt", "Intro.\n1. Alpha\nSee __KAP\uffffMAIL_UNSUBSCRIBE_URL__ now.\nQ?\n", "U+FFFF"),
        ("a.md", "# T\n\nI.\n\n## A\n\nSee \\_\\_KAP\ufdd0MAIL\\_X\\_\\_ now.\n", "U+FDD0"),
        ("p.html", PAGE.format(one="<p>__KAP&#11;MAIL_UNSUBSCRIBE_URL__</p>"), "U+000B"),
        ("p.html", PAGE.format(one="<p>__KAP&#xFFFF;MAIL_X__</p>"), "U+FFFF"),
        (
            "p.html",
            PAGE.replace("<h1>T</h1>", "<h1>Title&#xFFFF;Here</h1>").format(one=""),
            "U+FFFF",
        ),
    ],
)
def test_a_character_rendering_would_delete_is_refused_before_it_joins_anything(
    tmp_path, outbox, name, content, says
):
    """mjml-python refuses vertical tab, form feed and Unicode non-characters, so rendering
    deletes them: refused first, they can neither join `__KAP` to `MAIL_` nor break a build."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    copy_org(tmp_path)  # R1 and L7 off: short test pages under the demo organisation
    fails_cleanly(["build", str(path)], outbox, name, says)


def test_a_page_link_keeps_no_line_break_or_markup_in_its_address(tmp_path):
    from kapmail.content import read_article
    from kapmail.content.model import Link

    page = tmp_path / "p.html"
    page.write_text(
        PAGE.format(one='<p><a href="https://x.example/a&#10;b&lt;!--wbr--&gt;c">l</a></p>')
    )
    [paragraph] = read_article(page).sections[0].blocks
    [link] = [s for s in paragraph.spans if isinstance(s, Link)]
    assert link.href == "https://x.example/ab%3C!--wbr--%3Ec"
    copy_org(tmp_path)  # R1 and L7 off: short test pages under the demo organisation
    result = CliRunner().invoke(cli, ["build", str(page), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    html = next((tmp_path / "out" / "p").glob("02-*.html")).read_text()
    assert 'href="https://x.example/ab%3C!--wbr--%3Ec' in html and "<wbr>c" not in html


def test_a_broken_partial_is_named_with_its_line_and_the_email(tmp_path, outbox):
    """The error names the template the user wrote the tag in (not email.mjml.j2, which they
    never touched), its line, and the email; --debug keeps the step's own error as its cause."""
    folder = make_campaign(tmp_path, ARTICLE)
    partial = override(folder, "partials/header.mjml.j2", "\n\n<mj-sectoin></mj-sectoin>")
    line = fails_cleanly(["build", str(folder)], outbox, f"{partial}:3", "email 01-")
    assert "email.mjml.j2" not in line
    result = CliRunner().invoke(cli, ["--debug", "build", str(folder), "--out", str(outbox)])
    error = result.exception
    assert isinstance(error, KapmailError) and error.file == str(partial) and error.line == 3
    cause = error.__cause__
    assert isinstance(cause, KapmailError) and cause.file is None
    assert cause.message.startswith("unknown MJML tag '<mj-sectoin'")
