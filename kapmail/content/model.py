"""The document model every reader produces and every renderer consumes.

Blocks (paragraph, sub-heading, lists whose items hold blocks, quote, image, table, code,
thematic break) are made of inline spans (text, strong, emphasis, link, code, line break).
Every block knows the source line it starts on, so checks and errors can point at the
article. `plain_text` turns any node into prose for preheaders, checks and search.

A reader returns an `Outline` (the title and a flat run of headings and blocks);
`kapmail.content.assemble` cuts it into the `Article`: intro, sections, conclusion, question.
Just over 300 lines: every node of the model is declared here once, beside its plain text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# ---- inline spans -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Emphasis:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Struck:
    """Struck-out text (`~~x~~`, `<s>`): shown struck in HTML, said in words in the text."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Link:
    """A link to an http, https or mailto URL (readers drop every other scheme)."""

    href: str
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class LineBreak:
    pass


Inline = Text | Strong | Emphasis | Struck | Link | Code | LineBreak
Spans = tuple[Inline, ...]

# ---- blocks -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    spans: Spans
    line: int
    note: bool = False  # a footnote's text, placed at the end of the part that cites it

    @property
    def text(self) -> str:
        """The paragraph as plain prose."""
        return plain_text(self)


@dataclass(frozen=True)
class SubHeading:
    """A heading inside a section's email (below the section level)."""

    spans: Spans
    line: int
    level: int = 3


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]
    line: int


@dataclass(frozen=True)
class NumberedList:
    items: tuple[ListItem, ...]
    line: int
    start: int = 1


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]
    line: int
    attribution: Spans | None = None


@dataclass(frozen=True)
class Image:
    """A picture. `src` is an http(s) URL, or, when `file` is set, the name of an
    `ImageFile` that came with the article (embedded in a .docx, beside a page).

    `width` and `height` (CSS pixels in the email) are set by `kapmail.images.place` for an
    article's own image, whose `src` then points at the written file."""

    src: str
    alt: str
    line: int
    title: str | None = None
    file: str | None = None
    width: int | None = None
    height: int | None = None
    href: str | None = None  # a linked picture's link (http, https or mailto)


@dataclass(frozen=True)
class Table:
    """A table with one header row; cells are inline spans."""

    header: tuple[Spans, ...]
    rows: tuple[tuple[Spans, ...], ...]
    line: int


@dataclass(frozen=True)
class CodeBlock:
    text: str
    line: int


@dataclass(frozen=True)
class ThematicBreak:
    line: int


Block = (
    Paragraph
    | SubHeading
    | BulletList
    | NumberedList
    | Quote
    | Image
    | Table
    | CodeBlock
    | ThematicBreak
)

# ---- what readers return, and the article -----------------------------------------------------


@dataclass(frozen=True)
class ImageFile:
    """An image that came with the article: its bytes as found, not yet resized.

    `name` is stable (derived from the bytes) and unique within the article; `origin` says
    where it was found (`word/media/image1.png`, `images/image1.png`) for messages."""

    name: str
    data: bytes
    origin: str


@dataclass(frozen=True)
class Heading:
    """A heading as a reader found it: a section, the conclusion, or (deeper) a sub-heading."""

    title: str
    line: int
    number: int | None = None


@dataclass(frozen=True)
class Outline:
    """A reader's result: the article's title and its headings and blocks in order."""

    title: str | None
    parts: tuple[Heading | Block, ...]
    images: tuple[ImageFile, ...] = ()
    notices: tuple[str, ...] = ()  # one line each, for the user (links kept as text, say)


@dataclass(frozen=True)
class Section:
    """A part of the article with its own heading: one email of the series."""

    number: int | None
    title: str
    blocks: tuple[Block, ...]
    line: int


@dataclass(frozen=True)
class Article:
    """The parsed article."""

    path: Path
    title: str | None
    intro: tuple[Block, ...]
    sections: tuple[Section, ...]
    conclusion_title: str | None
    conclusion: tuple[Block, ...]
    question: Paragraph | None
    # One-line notices for the user (a .txt read as Markdown, say); the commands print them.
    notices: tuple[str, ...] = ()
    # Images that came with the article, each named by at least one Image block's `file`.
    images: tuple[ImageFile, ...] = ()
    # What `line` counts: "line", or "paragraph" for a Word document or a one-line web page.
    line_unit: str = "line"
    description: str | None = None  # the front matter's description or summary
    language: str | None = None  # the front matter's lang


# ---- plain text -------------------------------------------------------------------------------


def passages(blocks: tuple[Block, ...] | list[Block]) -> list[tuple[str, int]]:
    """Each piece of prose in `blocks` with its source line: paragraphs, sub-headings, list
    items, quotes, table rows, image alt texts (for checks that quote the article)."""
    found: list[tuple[str, int]] = []
    for block in blocks:
        if isinstance(block, BulletList | NumberedList):
            for item in block.items:
                found += passages(item.blocks)
        elif isinstance(block, Quote):
            found += passages(block.blocks)
            if block.attribution:
                found.append((plain_text(block.attribution), block.line))
        elif isinstance(block, Table):
            rows = (block.header, *block.rows)
            found += [(plain_text(list(row)), block.line) for row in rows if plain_text(list(row))]
        elif not isinstance(block, ThematicBreak) and plain_text(block):
            found.append((plain_text(block), block.line))
    return found


def plain_text(node: object) -> str:
    """Any node (or sequence of nodes) as one line of prose, whitespace collapsed.

    Inline spans run together as written (`**bold**.` is "bold."); blocks, list items and
    table cells are separated by a space.
    """
    return " ".join(_raw(node).split())


def _raw(node: object) -> str:
    if isinstance(node, tuple | list):
        inline = all(isinstance(child, Inline) for child in node)
        return ("" if inline else " ").join(_raw(child) for child in node)
    if isinstance(node, Text | Code):
        return node.text
    if isinstance(node, LineBreak):
        return " "
    if isinstance(node, ThematicBreak):
        return ""
    if isinstance(node, Strong | Emphasis | Struck | Link):
        return _raw(node.children)
    if isinstance(node, Paragraph | SubHeading):
        return _raw(node.spans)
    if isinstance(node, BulletList | NumberedList):
        return _raw(node.items)
    if isinstance(node, ListItem):
        return _raw(node.blocks)
    if isinstance(node, Quote):
        return " ".join([_raw(node.blocks), _raw(node.attribution or ())])
    if isinstance(node, Image):
        return node.alt
    if isinstance(node, Table):
        return " ".join(_raw(cell) for cell in (*node.header, *(c for r in node.rows for c in r)))
    if isinstance(node, CodeBlock):
        return node.text
    raise TypeError(f"not a document node: {node!r}")


def strings(node: object, line: int | None = None) -> Iterator[tuple[str, int | None]]:
    """Every piece of text in a node, the model's own words included (link targets, image
    sources and alt texts, titles), each with the line of the nearest block that has one.
    A run of inline spans is also given whole: a reader may split a word across spans."""
    if isinstance(node, str):
        yield node, line
    elif isinstance(node, tuple | list):
        if node and all(isinstance(child, Inline) for child in node):
            yield _raw(node), line
        for child in node:
            yield from strings(child, line)
    elif dataclasses.is_dataclass(node) and not isinstance(node, ImageFile):
        line = getattr(node, "line", line)
        for item in dataclasses.fields(node):
            yield from strings(getattr(node, item.name), line)
