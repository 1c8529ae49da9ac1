"""Web pages in: a Google Docs "Web page" export (written here in its shape, with its traps),
as a folder and as the zipped download, and hand-written HTML, built by the real CLI."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.content import read_article
from kapmail.content.model import (
    BulletList,
    Emphasis,
    Image,
    Link,
    NumberedList,
    Paragraph,
    Strong,
    Text,
)
from kapmail.errors import KapmailError
from tests.conftest import SHORT_ARTICLES, copy_org
from tests.documents import ARTICLES, MARKDOWN, bmp, png, refused, without_lines, zipped

EXPORT = ARTICLES / "google-docs-sleep.html"
PICTURE = png(5, 4, (200, 120, 40))


def export_folder(root: Path) -> Path:
    """The export unzipped: sleep.html with images/image1.png beside it."""
    root.mkdir(parents=True, exist_ok=True)
    copy_org(root)
    page = root / "sleep.html"
    shutil.copyfile(EXPORT, page)
    (root / "images").mkdir()
    (root / "images/image1.png").write_bytes(PICTURE)
    return page


def export_zip(root: Path) -> Path:
    """The export as Google's zipped download: the page and images/ inside."""
    root.mkdir(parents=True, exist_ok=True)
    copy_org(root)
    path = root / "sleep.zip"
    path.write_bytes(
        zipped({"SleepandTherapy.html": EXPORT.read_bytes(), "images/image1.png": PICTURE})
    )
    return path


def build(source: Path, out: Path):
    return CliRunner().invoke(cli, ["build", str(source), "--out", str(out)])


def test_a_google_docs_export_builds_the_series(tmp_path: Path):
    page = export_folder(tmp_path / "doc")
    result = build(page, tmp_path / "out")
    assert result.exit_code == 1 and "F17" in result.output, result.output  # no base_url yet
    folder = tmp_path / "out/sleep"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert [e["title"] for e in manifest["emails"]][1:3] == ["Insomnia", "Nightmares"]
    html = [(folder / e["html"]).read_text() for e in manifest["emails"]]
    assert "<strong>every</strong>" in html[0] and "<em>most</em>" in html[0]
    assert "A short course for practitioners" in html[0]
    assert re.search(r"<li[^>]*>\s*waking early\s*<ul[^>]*>\s*<li[^>]*>\s*before five", html[1])
    assert re.search(r'href="https://example\.org/sleep\?from=docs&amp;lang=en[^"]*"', html[1])
    assert "google.com/url" not in "".join(html)
    assert re.search(r"<ol[^>]*>\s*<li[^>]*>\s*writing them down", html[2])
    assert 'alt="A notebook on a bedside table"' in html[2]
    for text in ("Sam: is this too strong", "Surveys of adults", "[1]", "[a]", "draft 3"):
        assert text not in "".join(html), text


def test_the_export_reads_as_the_markdown_does(tmp_path: Path):
    (tmp_path / "a.md").write_text(MARKDOWN)
    markdown = read_article(tmp_path / "a.md")
    page = read_article(export_folder(tmp_path / "doc"))
    assert page.title == markdown.title == "Sleep and therapy"
    subtitle, *intro = page.intro
    assert subtitle == Paragraph((Text("A short course for practitioners"),), 4)
    assert without_lines(intro) == without_lines(markdown.intro)
    assert intro[0].spans == (  # classes, not tags, made these bold and italic
        Text("Sleep matters to "),
        Strong((Text("every"),)),
        Text(" client, "),
        Emphasis((Text("most"),)),
        Text(" nights."),
    )
    *blocks, image = page.sections[1].blocks
    assert without_lines(page.sections[0]) == without_lines(markdown.sections[0])
    assert without_lines(tuple(blocks)) == without_lines(markdown.sections[1].blocks)
    assert without_lines((page.conclusion, page.question)) == without_lines(
        (markdown.conclusion, markdown.question)
    )
    [file] = page.images
    assert image == Image(
        f"images/{file.name}", "A notebook on a bedside table", 19, None, file.name
    )
    assert (file.data, file.origin) == (PICTURE, "images/image1.png")
    assert page.sections[0].line == 7  # source lines: the page is not one long line
    assert page.notices == (
        f"{tmp_path / 'doc/sleep.html'}: 1 footnote(s) left out (emails carry no notes); "
        "put what readers need into the text",
        f"{tmp_path / 'doc/sleep.html'}: 1 comment(s) left out",
    )


def test_the_zipped_export_reads_as_the_folder_does(tmp_path: Path):
    folder = read_article(export_folder(tmp_path / "doc"))
    archive = read_article(export_zip(tmp_path / "zip"))
    for part in ("title", "intro", "sections", "conclusion", "question", "images"):
        assert getattr(archive, part) == getattr(folder, part), part
    result = build(tmp_path / "zip/sleep.zip", tmp_path / "out")
    assert result.exit_code == 1 and "F17" in result.output, result.output  # no base_url yet


def test_google_list_levels_nest_and_continue(tmp_path: Path):
    page = tmp_path / "a.html"
    page.write_text(
        "<h1>Part</h1>"
        '<ul class="lst-kix_a-0 start"><li>one</li></ul>'
        '<ul class="lst-kix_a-1 start"><li>one.a</li></ul>'
        '<ul class="lst-kix_a-2 start"><li>one.a.i</li></ul>'
        '<ul class="lst-kix_a-1"><li>one.b</li></ul>'
        '<ul class="lst-kix_a-0"><li>two</li></ul>'
        "<p>Between.</p>"
        '<ol class="lst-kix_b-0" start="3"><li>three</li></ol>'
    )
    listed, between, numbered = read_article(page).sections[0].blocks
    assert isinstance(listed, BulletList) and isinstance(numbered, NumberedList)
    one, two = listed.items
    inner = one.blocks[1]
    assert isinstance(inner, BulletList)
    assert [item.blocks[0].text for item in inner.items] == ["one.a", "one.b"]
    assert inner.items[0].blocks[1].items[0].blocks[0].text == "one.a.i"
    assert two.blocks[0].text == "two" and between.text == "Between."
    assert numbered.start == 3 and numbered.items[0].blocks[0].text == "three"


def test_nothing_of_the_page_is_passed_through(tmp_path: Path):
    page = tmp_path / "a.html"
    page.write_text(
        "<html><head><script>alert(1)</script><style>p{color:red}</style></head><body>"
        "<h1>Part</h1><p onclick='x()'>Safe <a href='javascript:alert(1)'>click</a> "
        "<a href='data:text/html,x'>data</a> <a href='mailto:a@example.org'>mail</a>"
        "<script>document.write('bad')</script><iframe src='https://evil'>frame</iframe>"
        " <img src='data:image/png;base64,AAAA' alt='inline'> &lt;b&gt;literal&lt;/b&gt;</p>"
        "<form><input value='field'><button>Press</button></form></body></html>"
    )
    [paragraph] = read_article(page).sections[0].blocks
    assert paragraph.text == "Safe click data mail inline <b>literal</b>"
    links = [s for s in paragraph.spans if isinstance(s, Link)]
    assert [link.href for link in links] == ["mailto:a@example.org"]


def test_the_reserved_text_is_refused_with_its_line(tmp_path: Path):
    page = tmp_path / "a.html"
    page.write_text("<h1>Part</h1>\n<p>Text __KAPMAIL_UNSUB__ here.</p>\n")
    with pytest.raises(KapmailError, match="reserved for kapmail") as caught:
        read_article(page)
    assert caught.value.line == 2


def test_a_lone_first_h1_is_the_title_and_several_are_sections(tmp_path: Path):
    titled = tmp_path / "titled.html"
    titled.write_text("<h1>Guide</h1><p>Intro.</p><h2>One</h2><p>A.</p><h2>Two</h2><p>B.</p>")
    article = read_article(titled)
    assert article.title == "Guide" and [s.title for s in article.sections] == ["One", "Two"]
    untitled = tmp_path / "untitled.html"
    untitled.write_text("<h1>One</h1><p>A.</p><h1>Two</h1><h2>Sub</h2><p>B.</p>")
    article = read_article(untitled)
    assert article.title is None and [s.title for s in article.sections] == ["One", "Two"]
    forced = read_article(titled, sections="h1")
    assert forced.title is None and [s.title for s in forced.sections] == ["Guide"]


def test_google_clipboard_bold_wrapper_is_not_bold(tmp_path: Path):
    page = tmp_path / "a.html"
    page.write_text(
        '<h1>Part</h1><b style="font-weight:normal;" id="docs-internal-guid-1">'
        '<p><span style="font-weight:700">Loud</span> and <span style="font-style:italic">'
        "soft</span>.</p></b>"
    )
    [paragraph] = read_article(page).sections[0].blocks
    assert paragraph.spans == (
        Strong((Text("Loud"),)),
        Text(" and "),
        Emphasis((Text("soft"),)),
        Text("."),
    )


def test_the_declared_charset_is_used(tmp_path: Path):
    page = tmp_path / "a.html"
    page.write_bytes(
        '<meta charset="windows-1252"><h1>Caf\xe9s</h1><p>Cr\xe8me br\xfbl\xe9e.</p>'.encode(
            "cp1252"
        )
    )
    article = read_article(page)
    assert article.sections[0].title == "Cafés"
    assert article.sections[0].blocks[0].text == "Crème brûlée."


def test_a_one_line_page_numbers_paragraphs(tmp_path: Path):
    copy_org(tmp_path)
    page = tmp_path / "a.html"
    page.write_text("<p>Intro.</p><h1>Full</h1><p>Text.</p><p></p><h1>Empty</h1><p>Why?</p>")
    result = build(page, tmp_path / "out")
    assert result.exit_code == 2
    assert f"{page}: paragraph 5: section 'Empty' has no text" in result.output


# ---- errors: one line, the file named, exit 2, nothing written ----------------------------------


def test_a_page_without_headings_is_one_email(tmp_path: Path):
    """Issue 20 changed this on purpose: a page without headings was refused."""
    copy_org(tmp_path)
    page = tmp_path / "a.html"
    page.write_text('<p class="title">Only a title</p><p>And <b>text</b>.</p>')
    article = read_article(page)
    assert article.title == "Only a title"
    assert [s.title for s in article.sections] == ["Only a title"]
    assert article.sections[0].blocks[0].text == "And text."


def test_a_missing_image_is_refused(tmp_path: Path):
    page = export_folder(tmp_path / "doc")
    (page.parent / "images/image1.png").unlink()
    message = refused(page, "the image images/image1.png is not beside the page")
    assert "Web page (.html, zipped)" in message


def test_an_image_outside_the_page_folder_is_refused(tmp_path: Path):
    (tmp_path / "doc").mkdir()
    copy_org(tmp_path / "doc")
    (tmp_path / "secret.png").write_bytes(png())
    page = tmp_path / "doc/a.htm"
    page.write_text('<h1>Part</h1><p>Text.</p><img src="../secret.png" alt="x">')
    refused(page, "the image '../secret.png' is outside the page's folder")
    # A site path names the published site (issue 20): never read, its alt text kept.
    page.write_text('<h1>Part</h1><p>Text.</p><img src="/etc/passwd" alt="x">')
    read = read_article(page)
    assert read.sections[0].blocks[-1] == Paragraph((Text("x"),), 1)
    assert any("picture(s) with a site path kept as their alt text" in n for n in read.notices)
    (tmp_path / "doc/images").mkdir()
    (tmp_path / "doc/images/link.png").symlink_to(tmp_path / "secret.png")
    page.write_text('<h1>Part</h1><p>Text.</p><img src="images/link.png" alt="x">')
    refused(page, "the image 'images/link.png' is outside the page's folder")


def test_an_image_of_unknown_format_is_refused(tmp_path: Path):
    page = export_folder(tmp_path / "doc")
    (page.parent / "images/image1.png").write_bytes(bmp())
    refused(page, "image images/image1.png is not a PNG, JPEG, GIF or WebP image")


def test_a_zip_that_is_not_a_zip_is_refused(tmp_path: Path):
    copy_org(tmp_path)
    path = tmp_path / "a.zip"
    path.write_text("<h1>not zipped</h1>")
    refused(path, "not a valid .zip file")


def test_a_zip_without_one_page_is_refused(tmp_path: Path):
    copy_org(tmp_path)
    path = tmp_path / "a.zip"
    path.write_bytes(zipped({"images/image1.png": PICTURE}))
    refused(path, "the .zip holds no web page; it should hold one")
    path.write_bytes(zipped({"a.html": b"<h1>A</h1>", "b.html": b"<h1>B</h1>"}))
    refused(path, "the .zip holds 2 web pages (a.html, b.html)")


def test_a_zip_missing_its_image_is_refused(tmp_path: Path):
    copy_org(tmp_path)
    path = tmp_path / "a.zip"
    path.write_bytes(zipped({"page.html": EXPORT.read_bytes()}))
    refused(path, "the image images/image1.png is not in the .zip")


def test_a_zip_bomb_and_a_zip_slip_are_refused_before_unpacking(tmp_path: Path):
    copy_org(tmp_path)
    path = tmp_path / "a.zip"
    path.write_bytes(zipped({"page.html": EXPORT.read_bytes(), "images/big.png": bytes(60 << 20)}))
    assert path.stat().st_size < 1 << 20
    refused(path, "would unpack to 60 MB; the limit is 50 MB")
    path.write_bytes(zipped({"page.html": EXPORT.read_bytes(), "../../evil.png": PICTURE}))
    refused(path, "names a path outside itself: '../../evil.png'")


def test_a_scheme_less_picture_url_is_kept_as_https_in_pages_and_markdown(tmp_path: Path):
    """`//cdn/a.png` takes its scheme from the page; an email has none, so it becomes https
    (it is not a file beside the page)."""
    page = tmp_path / "p.html"
    page.write_text(
        '<h1>T</h1><p>Intro.</p><h2>One</h2><p><img src="//cdn.example.org/a.png" alt="A"></p>'
        "<h2>Two</h2><p>Two.</p>"
    )
    markdown = tmp_path / "a.md"
    markdown.write_text(
        "# T\n\nIntro.\n\n## One\n\n![A](//cdn.example.org/a.png)\n\n## Two\n\nB.\n"
    )
    for path in (page, markdown):
        article = read_article(path)
        [image] = [b for b in article.sections[0].blocks if isinstance(b, Image)]
        assert (image.src, image.alt, image.file) == ("https://cdn.example.org/a.png", "A", None)
        assert article.images == ()


def test_campaign_toml_may_name_an_htm_page_with_its_images_beside_it(tmp_path: Path):
    folder = export_folder(tmp_path / "campaign").parent
    (folder / "sleep.html").rename(folder / "sleep.htm")
    copy_org(tmp_path)  # not the repository's own (check L7 refuses its example.org sender)
    (folder / "campaign.toml").write_text(
        '[campaign]\nname = "Sleep"\narticle = "sleep.htm"\n\n'
        '[images]\nbase_url = "https://cdn.example.org/sleep"\n' + SHORT_ARTICLES,
        encoding="utf-8",
    )
    result = build(folder, tmp_path / "out")
    assert result.exit_code == 0, result.output
    [built] = (tmp_path / "out").glob("[!.]*")
    [picture] = list((built / "images").iterdir())
    manifest = json.loads((built / "manifest.json").read_text())
    shown = "".join((built / e["html"]).read_text() for e in manifest["emails"])
    assert f'src="https://cdn.example.org/sleep/{picture.name}"' in shown


def test_a_phone_link_is_kept_dialable_and_a_junk_one_leaves_its_text(tmp_path: Path):
    copy_org(tmp_path)
    page = tmp_path / "p.html"
    page.write_text(
        '<h1>T</h1><p>Intro.</p><h2>One</h2><p><a href="tel:(555) 010-9999">Call us</a> or '
        '<a href="tel:call-me">this</a>.</p><h2>Two</h2><p>Two.</p>'
    )
    markdown = tmp_path / "a.md"
    markdown.write_text(
        "# T\n\nI.\n\n## One\n\n[Call us](tel:555-010-9999) or [this](tel:call-me).\n\n"
        "## Two\n\nB.\n"
    )
    for path in (page, markdown):
        [paragraph] = read_article(path).sections[0].blocks
        links = [s for s in paragraph.spans if isinstance(s, Link)]
        assert [link.href for link in links] == ["tel:5550109999"], path.name
        assert "this" in paragraph.text
        result = build(path, tmp_path / "out")
        assert result.exit_code == 0, result.output  # F8 accepts the dialable link
        built = tmp_path / "out" / path.stem
        html = next(built.glob("02-*.html")).read_text()
        text = next(built.glob("02-*.txt")).read_text()
        assert re.search(r'<a href="tel:5550109999"[^>]*>Call us</a>', html)
        assert "Call us <tel:5550109999>" in " ".join(text.split())


def test_a_page_without_headings_reads_its_short_bold_lines_as_headings(tmp_path: Path):
    """Bold by tag, by a Google-style CSS class and by a style attribute; a bold line with
    a normal-weight word in it, or one that ends a sentence, stays a paragraph."""
    prose = "Some prose that explains the point at length. " * 6
    page = tmp_path / "guide.html"
    page.write_text(
        "<html><head><style>.c7{font-weight:700}.c8{font-weight:400}</style></head><body>"
        f"<p><b>A guide to sleep</b></p><p>{prose}</p>"
        f'<p><span class="c7">Regular hours</span></p><p>{prose}</p>'
        f'<p><span style="font-weight:bold">The bedroom</span></p><p>{prose}</p>'
        f'<p><b>Not <span class="c8">a</span> heading</b></p><p>{prose}</p>'
        f"<p><strong>A bold sentence.</strong></p><p>{prose}</p>"
        "</body></html>",
        encoding="utf-8",
    )
    article = read_article(page)
    assert article.title == "A guide to sleep"
    assert [s.title for s in article.sections] == ["Regular hours", "The bedroom"]
    assert any(
        "3 short bold lines were read as headings (paragraph 1, 3, 5)" in n for n in article.notices
    )
