"""Real documents for the reader tests: .docx files made with python-docx, small PNGs made
with zlib, and the same article as Markdown, .docx and a Google Docs-style web page."""

from __future__ import annotations

import dataclasses
import io
import struct
import zipfile
import zlib
from pathlib import Path
from typing import Any

import docx
from click.testing import CliRunner
from docx.enum.text import WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph

from kapmail.cli import cli

ARTICLES = Path(__file__).parent / "articles"

# The article every format here writes: Markdown is the reference.
MARKDOWN = """\
# Sleep and therapy

Sleep matters to **every** client, *most* nights.

## Insomnia

Insomnia is common. Signs:

- waking early
  - before five
- lying awake

Read [the sleep guide](https://example.org/sleep?from=docs&lang=en) first.

## Nightmares

Nightmares recur. Try:

1. writing them down
2. rehearsing a new ending

### At night

Keep a notebook by the bed.

## Conclusion

Sleep is worth asking about.

Will you add a sleep question to your intake form?
"""


def png(width: int = 3, height: int = 2, rgb: tuple[int, int, int] = (31, 95, 91)) -> bytes:
    """A real, valid PNG of one colour (the stdlib only)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    row = b"\x00" + bytes(rgb) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def bmp(width: int = 2, height: int = 2) -> bytes:
    """A real 24-bit BMP (a format Word takes and mail clients do not)."""
    row = b"\x00\x00\xff" * width + b"\x00" * ((4 - width * 3 % 4) % 4)
    pixels = row * height
    header = struct.pack("<2sIHHI", b"BM", 54 + len(pixels), 0, 0, 54)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 24, 0, len(pixels), 2835, 2835, 0, 0)
    return header + info + pixels


def add_hyperlink(paragraph: Paragraph, text: str, url: str) -> None:
    """A real w:hyperlink with an external relationship (python-docx has no API for it)."""
    part = paragraph.part
    rel = part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel)
    run = OxmlElement("w:r")
    node = OxmlElement("w:t")
    node.text = text
    run.append(node)
    link.append(run)
    paragraph._p.append(link)


def add_picture(document: Any, data: bytes, description: str | None) -> None:
    """A paragraph holding an inline picture whose description (alt text) is `description`."""
    run = document.add_paragraph().add_run()
    run.add_picture(io.BytesIO(data))
    doc_pr = run._r.xpath(".//wp:docPr")[0]
    if description is None:
        doc_pr.attrib.pop("descr", None)
    else:
        doc_pr.set("descr", description)


def sleep_docx(*, picture: bytes | None = None, description: str | None = None) -> bytes:
    """MARKDOWN written in Word: Title, Heading 1 sections, bold and italic runs, nested
    bullets ("List Bullet 2"), a numbered list, a hyperlink; optionally a picture."""
    document = docx.Document()
    document.add_paragraph("Sleep and therapy", style="Title")
    intro = document.add_paragraph("Sleep matters to ")
    intro.add_run("every").bold = True
    intro.add_run(" client, ")
    intro.add_run("most").italic = True
    intro.add_run(" nights.")
    document.add_paragraph()  # an empty paragraph, as people leave them
    document.add_heading("Insomnia", level=1)
    document.add_paragraph("Insomnia is common. Signs:")
    document.add_paragraph("waking early", style="List Bullet")
    document.add_paragraph("before five", style="List Bullet 2")
    document.add_paragraph("lying awake", style="List Bullet")
    link = document.add_paragraph("Read ")
    add_hyperlink(link, "the sleep guide", "https://example.org/sleep?from=docs&lang=en")
    link.add_run(" first.")
    document.add_heading("Nightmares", level=1)
    document.add_paragraph("Nightmares recur. Try:")
    document.add_paragraph("writing them down", style="List Number")
    document.add_paragraph("rehearsing a new ending", style="List Number")
    document.add_heading("At night", level=2)
    document.add_paragraph("Keep a notebook by the bed.")
    if picture is not None:
        add_picture(document, picture, description)
    document.add_heading("Conclusion", level=1)
    document.add_paragraph("Sleep is worth asking about.")
    document.add_paragraph("Will you add a sleep question to your intake form?")
    return save(document)


def save(document: Any) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def page_break(document: Any) -> None:
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def refused(source: Path, expected: str) -> str:
    """`kapmail build source` fails as bad input must: exit 2, one line naming the file and
    holding `expected`, no traceback, nothing written."""
    out = source.parent / "out"
    result = CliRunner().invoke(cli, ["build", str(source), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert f"{source}: " in result.output and expected in result.output, result.output
    assert not out.exists()
    return result.output


def zipped(entries: dict[str, bytes]) -> bytes:
    """A zip archive holding `entries` (name -> bytes), names written as given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def without_lines(node: Any) -> Any:
    """A model node with every `line` set to 0, to compare what two readers found."""
    if isinstance(node, tuple | list):
        return tuple(without_lines(item) for item in node)
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        values = {f.name: without_lines(getattr(node, f.name)) for f in dataclasses.fields(node)}
        if "line" in values:
            values["line"] = 0
        return dataclasses.replace(node, **values)
    return node
