"""Articles as users save them: UTF-16 from Notepad, UTF-8 with a BOM, Markdown in a .txt."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail import pipeline
from kapmail.cli import cli
from kapmail.content import read_article
from kapmail.content.decode import looks_like_markdown
from kapmail.content.model import BulletList
from kapmail.errors import KapmailError
from tests.conftest import make_campaign

ARTICLE = (
    "Sleep matters to every client, café or not.\n"
    "1. Insomnia\nInsomnia is common.\n"
    "2. Nightmares\nNightmares recur.\n"
    "Conclusion\nSleep is worth asking about.\n"
    "Will you add a sleep question to your intake form?\n"
)
MARKDOWN_TXT = (
    "# Sleep and therapy\n\nSleep matters to **every** client.\n\n"
    "## Insomnia\n\nInsomnia is common. Signs:\n\n- waking early\n- lying awake\n\n"
    "## Nightmares\n\nNightmares recur.\n\n"
    "## Conclusion\n\nSleep is worth asking about.\n\n"
    "Will you add a sleep question to your intake form?\n"
)
ENCODINGS = {
    "utf-16-le-bom": codecs.BOM_UTF16_LE + ARTICLE.encode("utf-16-le"),
    "utf-16-be-bom": codecs.BOM_UTF16_BE + ARTICLE.encode("utf-16-be"),
    "utf-8-bom": codecs.BOM_UTF8 + ARTICLE.encode("utf-8"),
    "utf-8": ARTICLE.encode("utf-8"),
}


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("name", ENCODINGS)
def test_utf16_and_bom_articles_read_without_options(tmp_path: Path, name: str):
    path = tmp_path / "sleep.txt"
    path.write_bytes(ENCODINGS[name])
    article = read_article(path)
    assert article.intro[0].text == "Sleep matters to every client, café or not."
    assert [s.title for s in article.sections] == ["Insomnia", "Nightmares"]
    assert article.notices == ()


@pytest.mark.parametrize("name", ["utf-16-le-bom", "utf-16-be-bom", "utf-8-bom"])
def test_utf16_and_bom_campaigns_build(tmp_path: Path, name: str):
    folder = make_campaign(tmp_path, "")
    (folder / "article.txt").write_bytes(ENCODINGS[name])
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "out/campaign/manifest.json").read_text())
    assert [e["title"] for e in manifest["emails"]][1:3] == ["Insomnia", "Nightmares"]
    html = (tmp_path / "out/campaign" / manifest["emails"][0]["html"]).read_text()
    assert "café" in html


def test_explicit_encoding_wins_and_utf16_without_bom_needs_it(tmp_path: Path):
    bare = tmp_path / "bare.txt"
    bare.write_bytes(ARTICLE.encode("utf-16-le"))
    with pytest.raises(KapmailError, match="not a text file") as caught:
        read_article(bare)
    assert "--encoding utf-16-le" in caught.value.hint
    assert read_article(bare, encoding="utf-16-le").sections[0].title == "Insomnia"
    marked = tmp_path / "marked.txt"
    marked.write_bytes(ENCODINGS["utf-16-le-bom"])
    assert read_article(marked, encoding="utf-16").sections[1].title == "Nightmares"
    latin = tmp_path / "latin.txt"
    latin.write_bytes(codecs.BOM_UTF8 + ARTICLE.encode("latin-1"))
    with pytest.raises(KapmailError, match="not valid utf-8 at byte"):
        read_article(latin)
    text = read_article(latin, encoding="latin-1").intro[0].text
    assert text.startswith("ï»¿Sleep") and text.endswith("café or not.")


def test_markdown_in_a_txt_is_read_as_markdown_with_a_notice(tmp_path: Path):
    folder = make_campaign(tmp_path, MARKDOWN_TXT)
    series = pipeline.plan(pipeline.load(folder))
    article = series.article
    assert article.title == "Sleep and therapy"
    assert [s.title for s in article.sections] == ["Insomnia", "Nightmares"]
    listed = article.sections[0].blocks[-1]
    assert isinstance(listed, BulletList)
    assert [item.blocks[0].text for item in listed.items] == ["waking early", "lying awake"]
    assert article.notices == (
        f"{folder / 'article.txt'}: read as Markdown (it has # headings, **bold** and "
        "- lists); rename it .md to say so",
    )
    result = run("build", str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output


def test_markdown_sniffing_needs_a_heading_and_one_more_sign():
    assert looks_like_markdown("# Title\n\n## Part\n\nText.\n") == "# headings"
    assert looks_like_markdown("# Title\n\nSee [this](https://example.org).\n") == (
        "# headings and [links](…)"
    )
    assert looks_like_markdown("# Title only\n\nText.\n") is None
    assert looks_like_markdown("Some **bold** and - a dash\n- one\n- two\n") is None
    assert looks_like_markdown("#hashtag\n#another\n") is None


def test_plain_text_style_setting_keeps_a_txt_plain(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("Intro.\n# Not a heading\n## Nor this\n1. Alpha\nBody.\nWhy?\n")
    article = read_article(path, sections="numbered")
    assert article.notices == ()
    assert [s.title for s in article.sections] == ["Alpha"]


def test_a_markdown_txt_that_fails_says_it_was_read_as_markdown(tmp_path: Path):
    path = tmp_path / "a.txt"
    path.write_text("# Title\n\n## Conclusion\n\nText.\n")
    with pytest.raises(KapmailError) as caught:
        read_article(path)
    assert "no sections" in caught.value.message
    assert caught.value.hint.endswith("it was read as Markdown (it has # headings)")


def test_build_prints_the_notice_of_a_txt_read_as_markdown(tmp_path):
    """The notice the reader puts on the article reaches the user as one stderr line."""
    from click.testing import CliRunner

    from kapmail.cli import cli
    from tests.conftest import make_campaign

    article = "# Sleep notes\n\nIntro.\n\n## Alpha\n\n- one\n- two\n\nShall we?\n"
    folder = make_campaign(tmp_path, article)
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code in (0, 1), result.output
    notices = [line for line in result.stderr.splitlines() if line.startswith("kapmail: notice:")]
    assert len(notices) == 1 and "read as Markdown" in notices[0] and "article.txt" in notices[0]
