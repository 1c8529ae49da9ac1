"""Word documents in: real .docx files made with python-docx, read through mammoth and the
one HTML reader, built by the real CLI."""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_COLOR_INDEX
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import RGBColor

from kapmail.cli import cli
from kapmail.content import read_article
from kapmail.content.model import (
    BulletList,
    Image,
    LineBreak,
    Link,
    NumberedList,
    Paragraph,
    Struck,
    Table,
    Text,
    plain_text,
)
from tests.conftest import copy_org, make_campaign
from tests.documents import (
    MARKDOWN,
    add_picture,
    bmp,
    png,
    refused,
    save,
    sleep_docx,
    without_lines,
    zipped,
)

PICTURE = png(4, 3)


def build(*args: str):
    return CliRunner().invoke(cli, ["build", *args], catch_exceptions=False)


@pytest.fixture
def word(tmp_path: Path) -> Path:
    """sleep.docx (with a described picture) in a folder with the repository's kapmail.toml."""
    copy_org(tmp_path)
    path = tmp_path / "sleep.docx"
    path.write_bytes(sleep_docx(picture=PICTURE, description="A notebook on a bedside table"))
    return path


def test_kapmail_build_a_docx_builds_the_series(word: Path, tmp_path: Path):
    result = build(str(word), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1 and "F17" in result.output, result.output  # no base_url yet
    folder = tmp_path / "out" / "sleep"
    manifest = json.loads((folder / "manifest.json").read_text())
    titles = [e["title"] for e in manifest["emails"]]
    assert titles[1:3] == ["Insomnia", "Nightmares"]
    assert titles[0].startswith("Sleep and therapy")
    html = [(folder / e["html"]).read_text() for e in manifest["emails"]]
    assert "<strong>every</strong>" in html[0] and "<em>most</em>" in html[0]
    insomnia = html[1]
    nested = re.search(r"<li[^>]*>\s*waking early\s*<ul[^>]*>\s*<li[^>]*>\s*before five", insomnia)
    assert nested, insomnia
    assert re.search(r"</ul>\s*</li>\s*<li[^>]*>\s*lying awake", insomnia)
    assert re.search(r'href="https://example\.org/sleep\?from=docs&amp;lang=en[^"]*"', insomnia)
    nightmares = html[2]
    assert re.search(r"<ol[^>]*>\s*<li[^>]*>\s*writing them down\s*</li>\s*<li", nightmares)
    assert 'alt="A notebook on a bedside table"' in nightmares
    assert "Will you add a sleep question to your intake form?" in html[-1]


def test_the_picture_comes_with_the_article(word: Path):
    article = read_article(word)
    [image] = [b for b in article.sections[1].blocks if isinstance(b, Image)]
    [file] = article.images
    assert image.alt == "A notebook on a bedside table"
    assert file.data == PICTURE
    assert file.name == hashlib.sha256(PICTURE).hexdigest()[:16] + ".png"
    assert (image.file, image.src) == (file.name, f"images/{file.name}")
    assert file.origin == "picture 1 (image/png)"
    assert image.line == 16  # Word's 16th paragraph (the empty one counted)


def test_markdown_and_docx_give_the_same_document_model(tmp_path: Path):
    (tmp_path / "a.md").write_text(MARKDOWN)
    (tmp_path / "a.docx").write_bytes(sleep_docx())
    markdown, word = read_article(tmp_path / "a.md"), read_article(tmp_path / "a.docx")
    for part in ("title", "intro", "sections", "conclusion_title", "conclusion", "question"):
        assert without_lines(getattr(word, part)) == without_lines(getattr(markdown, part)), part
    assert word.notices == () and word.images == ()
    listed = word.sections[0].blocks[1]
    assert isinstance(listed, BulletList) and isinstance(listed.items[0].blocks[1], BulletList)
    assert isinstance(word.sections[1].blocks[1], NumberedList)


def test_campaign_toml_may_name_a_docx(tmp_path: Path):
    folder = make_campaign(tmp_path, "")
    (folder / "article.txt").unlink()
    (folder / "sleep.docx").write_bytes(sleep_docx())
    toml = (folder / "campaign.toml").read_text()
    (folder / "campaign.toml").write_text(
        toml.replace("[campaign]\n", '[campaign]\narticle = "sleep.docx"\n')
    )
    result = build(str(folder), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "out/campaign/manifest.json").read_text())
    assert [e["title"] for e in manifest["emails"]][1:3] == ["Insomnia", "Nightmares"]


def test_the_same_docx_builds_byte_identical_files(word: Path, tmp_path: Path):
    build(str(word), "--out", str(tmp_path / "a"))
    build(str(word), "--out", str(tmp_path / "b"))
    first, second = tmp_path / "a/sleep", tmp_path / "b/sleep"
    names = sorted(str(p.relative_to(first)) for p in first.rglob("*") if p.is_file())
    assert names == sorted(str(p.relative_to(second)) for p in second.rglob("*") if p.is_file())
    assert any(n.startswith("images/") for n in names)  # the picture is written too
    assert all((first / n).read_bytes() == (second / n).read_bytes() for n in names)


def test_sections_setting_picks_the_heading_level(tmp_path: Path):
    path = tmp_path / "a.docx"
    path.write_bytes(sleep_docx())
    article = read_article(path, sections="h2")
    assert [s.title for s in article.sections] == ["Insomnia", "Nightmares", "At night"]


def test_errors_in_a_docx_name_the_paragraph(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Title", style="Title")
    document.add_heading("A section", level=1)
    document.add_paragraph("Text __KAPMAIL_X here.")
    path = tmp_path / "a.docx"
    path.write_bytes(save(document))
    copy_org(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    # (Issue 20: an empty section now takes the next heading in, so this names another error.)
    assert result.output == (
        f"kapmail: error: {path}: paragraph 3: the text '__KAPMAIL_' is reserved for kapmail "
        "(remove it from the article)\n"
    )


def test_what_becomes_of_word_features_emails_do_not_carry(tmp_path: Path):
    """Comments, tracked changes, text boxes, headers and footers: what each becomes."""
    document = docx.Document()
    document.add_heading("Part", level=1)
    body = document.add_paragraph("Kept text.")
    document.sections[0].header.paragraphs[0].text = "HEADER TEXT"
    document.sections[0].footer.paragraphs[0].text = "FOOTER TEXT"
    document.add_comment(body.runs, text="COMMENT TEXT", author="Ed")
    changed = document.add_paragraph("Before ")
    _tracked(changed, "INSERTED", "w:ins")
    _tracked(changed, "DELETED", "w:del")
    changed.add_run(" after.")
    anchor = document.add_paragraph("Anchor.")
    anchor._p.append(parse_xml(TEXT_BOX))
    document.add_paragraph("Last.")
    path = tmp_path / "a.docx"
    path.write_bytes(save(document))
    article = read_article(path)
    texts = [p.text for p in article.sections[0].blocks if isinstance(p, Paragraph)]
    # Tracked changes read as accepted; a text box's text is a paragraph where it is anchored;
    # comments, headers and footers are not read.
    assert texts == ["Kept text.", "Before INSERTED after.", "Anchor.", "BOX TEXT", "Last."]
    assert article.notices == ()


TEXT_BOX = (
    f'<w:r {nsdecls("w")} xmlns:v="urn:schemas-microsoft-com:vml"><w:pict>'
    '<v:shape style="width:100pt;height:50pt"><v:textbox><w:txbxContent><w:p><w:r>'
    "<w:t>BOX TEXT</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
)


def _tracked(paragraph, text: str, kind: str) -> None:
    """A run inside a w:ins or w:del revision (as Word writes tracked changes)."""
    change = OxmlElement(kind)
    change.set(qn("w:id"), str(len(text)))
    change.set(qn("w:author"), "Ed")
    run = OxmlElement("w:r")
    node = OxmlElement("w:delText" if kind == "w:del" else "w:t")
    node.text = text
    run.append(node)
    change.append(run)
    paragraph._p.append(change)


def test_footnotes_are_left_out_with_a_notice(tmp_path: Path):
    path = tmp_path / "a.docx"
    path.write_bytes(_with_footnote(sleep_docx()))
    article = read_article(path)
    prose = " ".join(p.text for p in article.sections[0].blocks if isinstance(p, Paragraph))
    assert "NOTE BODY" not in prose and "[1]" not in prose
    assert "Insomnia is common. Signs:" in prose
    assert article.notices == (
        f"{path}: 1 footnote(s) left out (emails carry no notes); "
        "put what readers need into the text",
    )
    assert without_lines(article.sections) == without_lines(
        read_article(_write(tmp_path / "b.docx", sleep_docx())).sections
    )


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _with_footnote(data: bytes) -> bytes:
    """The document with a real footnote (python-docx has no API: the parts are added)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    ns = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    notes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {ns}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        '<w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r>'
        "<w:t>NOTE BODY</w:t></w:r></w:p></w:footnote></w:footnotes>"
    )
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "word/document.xml":
                content = content.replace(
                    b"<w:t>Insomnia is common. Signs:</w:t></w:r>",
                    b"<w:t>Insomnia is common. Signs:</w:t></w:r>"
                    b'<w:r><w:footnoteReference w:id="1"/></w:r>',
                )
            elif item.filename == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdNotes" Type="http://schemas.openxmlformats.org/'
                    b'officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>'
                    b"</Relationships>",
                )
            elif item.filename == "[Content_Types].xml":
                content = content.replace(
                    b"</Types>",
                    b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
                )
            target.writestr(item, content)
        target.writestr("word/footnotes.xml", notes)
    return out.getvalue()


# ---- errors: one line, the file named, exit 2, nothing written ----------------------------------


def _refused(tmp_path: Path, name: str, data: bytes, expected: str) -> str:
    tmp_path.mkdir(exist_ok=True)
    copy_org(tmp_path)
    path = tmp_path / name
    path.write_bytes(data)
    return refused(path, expected)


def test_a_file_that_is_not_a_docx_is_refused(tmp_path: Path):
    message = _refused(tmp_path, "a.docx", b"just some text\n", "not a valid .docx file")
    assert "save it again as .docx" in message


def test_a_zip_that_is_not_a_word_document_is_refused(tmp_path: Path):
    _refused(tmp_path, "a.docx", zipped({"notes.txt": b"hello"}), "not a Word document")


def test_a_password_protected_docx_is_refused(tmp_path: Path):
    ole = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504
    message = _refused(tmp_path, "locked.docx", ole, "password-protected document or an old .doc")
    assert "save it as .docx without a password" in message


def test_a_docx_without_headings_is_one_email(tmp_path: Path):
    """Issue 20 changed this on purpose: a document without headings was refused."""
    document = docx.Document()
    document.add_paragraph("Just text.")
    path = tmp_path / "a.docx"
    path.write_bytes(save(document))
    article = read_article(path)
    assert [s.title for s in article.sections] == ["A"]
    assert article.sections[0].blocks == (Paragraph((Text("Just text."),), 1),)


def test_a_docx_without_headings_is_one_email_with_a_notice_saying_so(tmp_path: Path):
    document = docx.Document()
    document.add_paragraph("Just text.")
    document.add_paragraph().add_run("Bold, but a sentence of its own.").bold = True
    document.add_paragraph("More text.")
    path = tmp_path / "a.docx"
    path.write_bytes(save(document))
    article = read_article(path)
    assert len(article.sections) == 1
    assert any("no headings, so the whole article is one email" in n for n in article.notices)


def _bold_lines_docx() -> bytes:
    """A Word file written without heading styles: a bold title, bold section lines, a bold
    lead-in ending in a colon, and a paragraph that only starts in bold."""
    document = docx.Document()
    document.add_paragraph().add_run("Living Well With Knee Osteoarthritis").bold = True
    document.add_paragraph("Knee osteoarthritis affects millions of adults. " * 4)
    for n, heading in enumerate(("Why exercise matters", "Weight and your knees", "Pain relief")):
        document.add_paragraph().add_run(f"{n + 1}. {heading}").bold = True
        document.add_paragraph(f"Prose about {heading.lower()}. " * 12)
        document.add_paragraph().add_run("Try this:").bold = True  # a lead-in, not a heading
        mixed = document.add_paragraph()
        mixed.add_run("Tip:").bold = True
        mixed.add_run(" start small and keep a diary.")
    return save(document)


def test_a_docx_without_headings_reads_its_short_bold_lines_as_headings(tmp_path: Path):
    path = _write(tmp_path / "knee.docx", _bold_lines_docx())
    article = read_article(path)
    assert article.title == "Living Well With Knee Osteoarthritis"
    titles = [s.title for s in article.sections]
    assert titles == ["Why exercise matters", "Weight and your knees", "Pain relief"]
    assert any(
        "no headings, so 4 short bold lines were read as headings (paragraph 1, 3, 7, 11)" in n
        for n in article.notices
    )
    texts = [
        plain_text(block.spans)
        for section in article.sections
        for block in section.blocks
        if isinstance(block, Paragraph)
    ]
    assert "Try this:" in texts  # the lead-in stays a paragraph


def test_bold_lines_are_not_headings_where_the_document_has_headings(tmp_path: Path):
    document = docx.Document()
    document.add_heading("Real heading", 1)
    document.add_paragraph("Text. " * 10)
    for line in ("Bold one", "Bold two"):
        document.add_paragraph().add_run(line).bold = True
        document.add_paragraph("More text. " * 10)
    path = _write(tmp_path / "a.docx", save(document))
    assert [s.title for s in read_article(path).sections] == ["Real heading"]


def test_a_docx_of_bold_lines_builds_a_series(tmp_path: Path):
    copy_org(tmp_path)
    path = _write(tmp_path / "knee.docx", _bold_lines_docx())
    result = build(str(path), "--out", str(tmp_path / "out"))
    assert "short bold lines were read as headings" in result.output
    manifest = json.loads((tmp_path / "out" / "knee" / "manifest.json").read_text())
    subjects = [e["subject"] for e in manifest["emails"]]
    assert subjects[0] == "Living Well With Knee Osteoarthritis"
    assert len(subjects) == 4


def test_a_custom_heading_style_is_named_when_no_heading_is_found(tmp_path: Path):
    document = docx.Document()
    document.styles.add_style("Big Title Line", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("Part one", style="Big Title Line")
    document.add_paragraph("Just text.")
    path = tmp_path / "a.docx"
    path.write_bytes(save(document))
    notices = read_article(path).notices
    assert any("read as plain text: 'Big Title Line'" in n for n in notices)


def test_a_picture_in_a_format_mail_cannot_show_is_refused(tmp_path: Path):
    data = sleep_docx(picture=bmp(), description="A red square")
    message = _refused(tmp_path, "a.docx", data, "picture 1 (image/bmp) is not a PNG, JPEG")
    assert "save it as PNG, JPEG, GIF or WebP" in message


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path):
    bomb = zipped({"[Content_Types].xml": b"<x/>", "word/document.xml": b"\0" * (51 << 20)})
    assert len(bomb) < 1 << 20  # small on disk, 51 MB declared
    _refused(tmp_path, "a.docx", bomb, "would unpack to 51 MB; the limit is 50 MB")


def test_a_docx_naming_a_path_outside_itself_is_refused(tmp_path: Path):
    data = zipped({"word/document.xml": b"<x/>", "../evil.png": png()})
    _refused(tmp_path, "a.docx", data, "names a path outside itself: '../evil.png'")
    data = zipped({"word/document.xml": b"<x/>", "/etc/evil": b"x"})
    _refused(tmp_path / "abs", "a.docx", data, "names a path outside itself")


def test_a_docx_with_too_many_entries_is_refused(tmp_path: Path):
    data = zipped({f"word/media/{n}.png": b"" for n in range(2001)})
    _refused(tmp_path, "a.docx", data, "holds 2001 files; the limit is 2000")


def test_a_picture_without_a_description_has_an_empty_alt_in_the_model(tmp_path: Path):
    path = tmp_path / "a.docx"
    path.write_bytes(sleep_docx(picture=PICTURE, description=None))
    [image] = [b for b in read_article(path).sections[1].blocks if isinstance(b, Image)]
    assert image.alt == "" and image.file is not None


def test_a_picture_used_twice_is_one_image_file(tmp_path: Path):
    document = docx.Document()
    document.add_heading("Part", level=1)
    document.add_paragraph("Text.")
    add_picture(document, PICTURE, "first")
    add_picture(document, PICTURE, "second")
    path = tmp_path / "a.docx"
    path.write_bytes(save(document))
    article = read_article(path)
    images = [b for b in article.sections[0].blocks if isinstance(b, Image)]
    assert [i.alt for i in images] == ["first", "second"]
    assert len(article.images) == 1 and {i.file for i in images} == {article.images[0].name}


def test_kapmail_new_copies_a_docx_and_refuses_a_bare_page(org_dir: Path):
    word = org_dir / "sleep.docx"
    word.write_bytes(sleep_docx())
    result = CliRunner().invoke(cli, ["new", str(org_dir / "sleep"), "--article", str(word)])
    assert result.exit_code == 0, result.output
    assert (org_dir / "sleep/article.docx").read_bytes() == word.read_bytes()
    assert 'article = "article.docx"' in (org_dir / "sleep/campaign.toml").read_text()
    page = org_dir / "page.html"
    page.write_text("<h1>Part</h1><p>Text.</p>")
    result = CliRunner().invoke(cli, ["new", str(org_dir / "page"), "--article", str(page)])
    assert result.exit_code == 2 and "does not copy it" in result.output
    assert not (org_dir / "page").exists()


def test_a_word_table_and_the_formatting_that_is_not_carried(tmp_path: Path):
    document = docx.Document()
    document.add_heading("Part", level=1)
    styled = document.add_paragraph()
    for text, setting in [
        ("under", "underline"),
        ("red", "color"),
        ("marked", "highlight"),
        ("struck", "strike"),
        ("caps", "all_caps"),
    ]:
        run = styled.add_run(text + " ")
        if setting == "underline":
            run.underline = True
        elif setting == "color":
            run.font.color.rgb = RGBColor(255, 0, 0)
        elif setting == "highlight":
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
        else:
            setattr(run.font, setting, True)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Sign", "How often"
    table.cell(1, 0).text = "Waking early"
    table.cell(1, 1).text = "Most nights"
    table.cell(1, 1).add_paragraph("in winter")
    path = tmp_path / "a.docx"
    path.write_bytes(save(document))
    paragraph, grid = read_article(path).sections[0].blocks
    # Underline, colour, highlight and capitals leave plain text; strikethrough is carried
    # (issue 20: dropping it inverted the author's meaning).
    assert paragraph == Paragraph(
        (Text("under red marked "), Struck((Text("struck "),)), Text("caps")), 2
    )
    assert grid == Table(
        ((Text("Sign"),), (Text("How often"),)),
        (((Text("Waking early"),), (Text("Most nights"), LineBreak(), Text("in winter"))),),
        3,
    )


@pytest.mark.parametrize("name", ["old.doc", "notes.odt", "paper.pdf"])
def test_documents_kapmail_cannot_read_are_named(tmp_path: Path, name: str):
    _refused(tmp_path, name, b"%PDF-1.4 or any bytes", "kapmail does not read")


def _with_document_xml(xml: bytes) -> bytes:
    """sleep_docx with its word/document.xml replaced."""
    source = zipfile.ZipFile(io.BytesIO(sleep_docx()))
    entries = {item.filename: source.read(item) for item in source.infolist()}
    return zipped({**entries, "word/document.xml": xml})


def test_broken_word_xml_is_refused(tmp_path: Path):
    message = _refused(tmp_path, "a.docx", _with_document_xml(b"not xml <"), "cannot read this")
    assert "ExpatError" in message


def test_an_entity_bomb_is_refused(tmp_path: Path):
    entities = b"".join(
        b'<!ENTITY e%d "%s">' % (n, (b"&e%d;" % (n - 1)) * 10) for n in range(1, 10)
    )
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e0 "lol">' + entities + b"]>"
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&e9;</w:t></w:r></w:p></w:body></w:document>"
    )
    _refused(tmp_path, "a.docx", _with_document_xml(xml), "amplification")


def test_an_external_entity_is_not_read(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:body><w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Part</w:t></w:r>'
        "</w:p><w:p><w:r><w:t>Text &x;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    path = tmp_path / "a.docx"
    path.write_bytes(_with_document_xml(xml))
    article = read_article(path)
    assert article.sections[0].blocks[0].text == "Text"


def test_a_picture_linked_to_a_local_file_is_never_read(tmp_path: Path):
    """A .docx may link a picture to a path outside itself (`r:link`, TargetMode External):
    reading it would copy a file of this machine into the emails."""
    secret = tmp_path / "secret.png"
    secret.write_bytes(png(7, 7, (1, 2, 3)))
    source = zipfile.ZipFile(io.BytesIO(sleep_docx(picture=PICTURE, description="A note")))
    entries = {name: source.read(name) for name in source.namelist()}
    rels = entries["word/_rels/document.xml.rels"].decode()
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdSecret" TargetMode="External" Target="'
        + secret.as_uri()
        + '" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"/>'
        "</Relationships>",
    )
    document = re.sub(
        r'r:embed="[^"]+"', 'r:link="rIdSecret"', entries["word/document.xml"].decode()
    )
    entries["word/_rels/document.xml.rels"], entries["word/document.xml"] = (
        rels.encode(),
        document.encode(),
    )
    copy_org(tmp_path)
    path = tmp_path / "linked.docx"
    path.write_bytes(zipped(entries))
    article = read_article(path)
    assert article.images == ()
    assert any("external" in notice for notice in article.notices)
    result = build(str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert not (tmp_path / "out/linked/images").exists()


def test_a_body_text_style_is_no_notice(tmp_path: Path):
    """Issue 20: "Word styles read as plain text: 'Body Text'" was noise; it loses nothing."""
    document = docx.Document()
    document.styles.add_style("Pull Quote", WD_STYLE_TYPE.PARAGRAPH)  # Body Text 2: built in
    document.add_heading("Part", level=1)
    document.add_paragraph("Plain words.", style="Body Text 2")
    document.add_paragraph("A quote.", style="Pull Quote")
    path = tmp_path / "a.docx"
    path.write_bytes(save(document))
    notices = [n for n in read_article(path).notices if "read as plain text" in n]
    assert notices == [f"{path}: Word styles read as plain text: 'Pull Quote'"]


def test_typed_addresses_in_a_docx_become_links(tmp_path: Path):
    """A helper's real-style .docx typed its addresses without making them hyperlinks: they
    reached the email as plain text. Now they are links, as in a .txt article."""
    document = docx.Document()
    document.add_heading("Help", 1)
    document.add_paragraph(
        "See https://www.nhs.uk/conditions/ for more, or write to info@ses.org.es."
    )
    path = _write(tmp_path / "a.docx", save(document))
    [paragraph] = read_article(path).sections[0].blocks
    links = [s for s in paragraph.spans if isinstance(s, Link)]
    assert [link.href for link in links] == [
        "https://www.nhs.uk/conditions/",
        "mailto:info@ses.org.es",
    ]
    assert paragraph.text.startswith("See https://www.nhs.uk/conditions/ for more")
