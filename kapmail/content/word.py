""".docx bytes -> the HTML mammoth makes of them, with the embedded pictures as ImageFiles.

mammoth maps Word's styles to semantic HTML (headings, lists with their nesting, bold,
italic, links, tables); `STYLE_MAP` adds the Title and Subtitle paragraphs (to the classes
`content.html` reads), Word's "List Bullet 2"/"List Number 2" styles as a second level, and
Quote styles as quotes. Each embedded picture's bytes become an `ImageFile` and an `<img>`
with the picture's description (Word's alt text) as `alt`. Empty paragraphs are kept so
`content.html` can number the paragraphs as Word shows them.

What mammoth does with the rest (and so what kapmail carries): tracked changes are read as
if accepted (insertions kept, deletions dropped); comments are not read; footnotes and
endnotes come as a list at the end, which `content.html` leaves out (with a notice); text
boxes are read in place, as paragraphs where they are anchored; headers and footers are not
read; colours, fonts, underline, highlighting, strikethrough and all-caps leave plain text.
Its warnings become notices, and one notice lists the
Word paragraph styles it read as plain paragraphs (unknown character styles and styles used
but not defined lose nothing and are not mentioned).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import mammoth

from kapmail.content.archive import open_zip
from kapmail.content.imagefile import image_file
from kapmail.content.model import ImageFile
from kapmail.errors import KapmailError

STYLE_MAP = """\
p[style-name='Title'] => p.title:fresh
p[style-name='Subtitle'] => p.subtitle:fresh
p[style-name='List Bullet 2'] => ul|ol > li > ul > li:fresh
p[style-name='List Number 2'] => ul|ol > li > ol > li:fresh
p[style-name='List Bullet 3'] => ul|ol > li > ul|ol > li > ul > li:fresh
p[style-name='List Number 3'] => ul|ol > li > ul|ol > li > ol > li:fresh
p[style-name='Quote'] => blockquote > p:fresh
p[style-name='Intense Quote'] => blockquote > p:fresh
"""
_UNRECOGNISED = re.compile(r"Unrecognised paragraph style: '?(.*?)'? \(Style ID: .*\)")
_BODY_STYLE = re.compile(
    r"(?:body\s*text|text\s*body|plain\s*text|normal.*|default.*|no\s*spacing|"
    r"first\s*paragraph|compact|block\s*text)(?:\s*(?:\d|char|indent|first\s*indent))*",
    re.IGNORECASE,
)
# Nothing of the text is lost, nothing for the user to do: not worth a notice.
_QUIET = re.compile(r"Unrecognised run style|.* was referenced but not defined in the document")


@dataclass(frozen=True)
class Converted:
    """A .docx as HTML, the pictures its `<img src>`s name, and mammoth's notices."""

    html: str
    images: dict[str, ImageFile]  # src in `html` -> the image
    notices: tuple[str, ...]
    plain_styles: tuple[str, ...] = ()  # paragraph styles read as plain paragraphs


def convert(raw: bytes, *, path: Path) -> Converted:
    """The document in `raw` as HTML; a broken or locked file is refused before mammoth."""
    archive = open_zip(raw, path=path, kind=".docx")
    if "word/document.xml" not in archive.namelist():
        raise KapmailError(
            "not a Word document (no word/document.xml inside)",
            file=path,
            hint="open it in Word and save it again as .docx",
        )
    images: dict[str, ImageFile] = {}
    count = 0

    def picture(image: mammoth.documents.Image) -> dict[str, str]:
        nonlocal count
        count += 1
        with image.open() as stream:
            found = image_file(stream.read(), f"picture {count} ({image.content_type})", path=path)
        src = f"images/{found.name}"
        images[src] = found
        return {"src": src}

    try:
        result = mammoth.convert_to_html(
            io.BytesIO(raw),
            style_map=STYLE_MAP,
            convert_image=mammoth.images.img_element(picture),
            ignore_empty_paragraphs=False,
            include_embedded_style_map=False,
            external_file_access=False,  # a picture linked to a local path is never read
        )
    except KapmailError:
        raise
    except Exception as exc:  # mammoth on a broken file: ExpatError, KeyError, BadZipFile …
        raise KapmailError(
            f"cannot read this .docx ({type(exc).__name__}: {exc})",
            file=path,
            hint="open it in Word and save it again as .docx",
        ) from None
    notices, styles = _notices(result.messages, path)
    return Converted(result.value, images, notices, styles)


def _notices(
    messages: list[mammoth.results.Message], path: Path
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """mammoth's warnings as one-line notices, unknown paragraph styles gathered into one;
    and those styles' names."""
    styles: list[str] = []
    notices: list[str] = []
    for message in messages:
        match = _UNRECOGNISED.fullmatch(message.message)
        if match:
            if match[1] not in styles and match[1] != "None":
                styles.append(match[1])
        elif message.type == "warning" and not _QUIET.match(message.message):
            notice = f"{path}: {message.message}"
            if notice not in notices:
                notices.append(notice)
    telling = [name for name in styles if not _BODY_STYLE.fullmatch(name.strip())]
    if telling:  # a body-text style loses nothing by being read as a paragraph
        names = ", ".join(repr(name) for name in telling)
        notices.append(f"{path}: Word styles read as plain text: {names}")
    return tuple(notices), tuple(styles)
