"""Article blocks as email HTML (the inside of an `<mj-text>`) and as their plain-text twin.

HTML: every piece of text and every attribute value goes through `markupsafe.escape`, and
no text node is whitespace-only: mjml-python (mrml) drops a whitespace-only text node that
starts with a newline (`<b>a</b>\\n<i>b</i>` renders "ab"). So inline text never carries a
newline (soft breaks become spaces) and whitespace-only text is written as `&#32;` etc.

Over 300 lines on purpose: each block type's HTML and its text twin sit side by side here, so
a new block type is one edit in one file.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from kapmail.content.model import (
    Block,
    BulletList,
    Code,
    CodeBlock,
    Emphasis,
    Image,
    Inline,
    LineBreak,
    Link,
    ListItem,
    NumberedList,
    Paragraph,
    Quote,
    Spans,
    Strong,
    Struck,
    SubHeading,
    Table,
    Text,
    ThematicBreak,
    plain_text,
)
from kapmail.render.breaks import breakable, is_long_word, wrapping
from kapmail.text import fill

MIN_WIDTH = 20  # nested plain text never wraps narrower than this
_SCHEMES = ("http://", "https://", "mailto:", "tel:")
_UNPARSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # mrml refuses these
_LINE_BREAK = re.compile("\r\n?|[\n\x85\u2028\u2029]")
_EMPTY = Markup("")

# ---- HTML -------------------------------------------------------------------------------------


def segments(blocks: Sequence[Block]) -> list[Markup | Image]:
    """The blocks as mj-text HTML runs, split around (and keeping) each remote Image."""
    out: list[Markup | Image] = []
    run: list[Markup] = []
    for block in blocks:
        if isinstance(block, Image) and block.width is None:
            if run:
                out.append(Markup("\n").join(run))
                run = []
            out.append(block)
        elif html := block_html(block):
            run.append(html)
    if run:
        out.append(Markup("\n").join(run))
    return out


def block_html(block: Block) -> Markup:
    """One block as one line of HTML (only a code block keeps its newlines)."""
    if isinstance(block, Paragraph):
        return Markup("<p>{}</p>").format(spans_html(block.spans))
    if isinstance(block, SubHeading):
        # The email's title is its <h1>: the first level below a section is <h2>, and so on.
        level = min(max(int(block.level), 3), 7) - 1
        return Markup(f"<h{level}>{{}}</h{level}>").format(spans_html(block.spans))
    if isinstance(block, BulletList | NumberedList):
        return _list_html(block)
    if isinstance(block, Quote):
        inner = _join(block_html(b) for b in block.blocks)
        if block.attribution:
            cite = spans_html(block.attribution)
            inner += Markup('<p class="km-cite">— {}</p>').format(cite)
        return Markup("<blockquote>{}</blockquote>").format(inner)
    if isinstance(block, Table):
        return _table_html(block)
    if isinstance(block, CodeBlock):
        code = _UNPARSABLE.sub("", block.text).rstrip("\n")
        return Markup("<pre><code>{}</code></pre>").format(code)
    if isinstance(block, ThematicBreak):
        return Markup("<hr>")
    if isinstance(block, Image):  # in a list or quote, or an article's own (sized) image
        title = Markup(' title="{}"').format(_clean(block.title)) if block.title else _EMPTY
        size, fit = Markup(""), "max-width:100%"
        if block.width:  # its own size at most, the column's on a phone, images on or off
            height = f' height="{int(block.height)}"' if block.height else ""
            size = Markup(f' width="{int(block.width)}"{height}')
            fit = f"width:100%;max-width:{int(block.width)}px"
        img = Markup(
            '<img src="{}" alt="{}"{}{} '
            'style="display:block;{};height:auto;border:0;margin:0 0 16px 0">'
        ).format(_clean(block.src), _clean(block.alt), title, size, fit)
        if block.href and block.href.lower().startswith(_SCHEMES):  # a linked picture
            return Markup('<a href="{}">{}</a>').format(_clean(block.href), img)
        return img
    raise TypeError(f"not a block: {block!r}")


def spans_html(spans: Sequence[Inline]) -> Markup:
    """Inline spans as HTML, with no newline and no whitespace-only text node."""
    return _join(_inline_html(span) for span in spans)


def _inline_html(span: Inline) -> Markup:
    if isinstance(span, Text):
        return _text_html(span.text)
    if isinstance(span, Strong):
        return Markup("<strong>{}</strong>").format(spans_html(span.children))
    if isinstance(span, Emphasis):
        return Markup("<em>{}</em>").format(spans_html(span.children))
    if isinstance(span, Struck):
        return Markup("<s>{}</s>").format(spans_html(span.children))
    if isinstance(span, Code):
        return Markup("<code>{}</code>").format(_text_html(span.text))
    if isinstance(span, LineBreak):
        return Markup("<br>")
    if isinstance(span, Link):
        return _link_html(span)
    raise TypeError(f"not an inline span: {span!r}")


def _link_html(link: Link) -> Markup:
    href, words = link.href.strip(), plain_text(link.children) or link.href.strip()
    if is_long_word(words):  # wraps at its separators if it is plain text
        plain = all(isinstance(span, Text) for span in link.children)
        label = wrapping(breakable(words) if plain else spans_html(link.children))
    else:
        label = spans_html(link.children) if link.children else _text_html(href)
    if not href.lower().startswith(_SCHEMES):
        return label  # readers drop other schemes; never link javascript: and the like
    return Markup('<a href="{}">{}</a>').format(_clean(href), label)


def _list_html(block: BulletList | NumberedList) -> Markup:
    tag = "ul" if isinstance(block, BulletList) else "ol"
    start = ""
    if isinstance(block, NumberedList) and block.start != 1:
        start = f' start="{int(block.start)}"'
    items = _join(_item_html(item) for item in block.items)
    return Markup(f"<{tag}{start}>{{}}</{tag}>").format(items)


def _item_html(item: ListItem) -> Markup:
    first, rest = (item.blocks[0], item.blocks[1:]) if item.blocks else (None, ())
    if isinstance(first, Paragraph) and all(_is_list(b) for b in rest):
        inner = spans_html(first.spans) + _join(block_html(b) for b in rest)
    else:
        inner = _join(block_html(b) for b in item.blocks)
    return Markup("<li>{}</li>").format(inner)


def _table_html(table: Table) -> Markup:
    header, rows = _grid(table)
    head = _join(Markup('<th scope="col">{}</th>').format(spans_html(c)) for c in header)
    body = _join(
        Markup("<tr>{}</tr>").format(
            _join(Markup("<td>{}</td>").format(spans_html(c)) for c in row)
        )
        for row in rows
    )
    # A table wider than a phone scrolls sideways inside its own box (cells never break a
    # word or a number: `10:0 / 0 AM`); the email around it keeps its width.
    return Markup(
        '<div class="km-table-scroll"><table class="km-table" cellpadding="0" cellspacing="0">'
        "<thead><tr>{}</tr></thead>{}</table></div>"
    ).format(head, Markup("<tbody>{}</tbody>").format(body) if rows else _EMPTY)


def _text_html(text: str) -> Markup:
    """Escaped text on one line; whitespace-only text as character references."""
    text = _LINE_BREAK.sub(" ", _clean(text))
    if text.isspace():
        return Markup("".join(f"&#{ord(char)};" for char in text))
    return escape(text)


def _clean(text: str) -> str:
    return _UNPARSABLE.sub("", text)


def _join(parts: Iterable[Markup]) -> Markup:
    return _EMPTY.join(parts)


def _is_list(block: Block) -> bool:
    return isinstance(block, BulletList | NumberedList)


def _grid(table: Table) -> tuple[tuple[Spans, ...], list[tuple[Spans, ...]]]:
    """Header and rows padded with empty cells to the same number of columns."""
    columns = max([len(table.header), *(len(row) for row in table.rows)])
    header = tuple(table.header) + ((),) * (columns - len(table.header))
    rows = [tuple(row) + ((),) * (columns - len(row)) for row in table.rows]
    return header, rows


# ---- plain text -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TextWords:
    """The words the plain-text part adds around the article's own, in the series' language
    (the text template passes them translated)."""

    image: str = "Image"
    wide_table: str = (
        "(A table too wide for plain text, row by row; the HTML version shows it whole.)"
    )
    struck: str = "struck out"  # said in words: tildes would read as "about"


ENGLISH = TextWords()


def text_part(
    blocks: Sequence[Block], *, image: str, wide_table: str, struck: str = ENGLISH.struck
) -> str:
    """`blocks_text` with the template's translated words (the `as_text` filter)."""
    return blocks_text(blocks, words=TextWords(image, wide_table, struck))


def blocks_text(blocks: Sequence[Block], width: int = 72, words: TextWords = ENGLISH) -> str:
    """The blocks as plain text, separated by one blank line, no trailing newline."""
    return "\n\n".join(text for block in blocks if (text := block_text(block, width, words)))


def block_text(block: Block, width: int = 72, words: TextWords = ENGLISH) -> str:
    """One block as plain text wrapped at `width` (code and tables are not wrapped)."""
    width = max(width, MIN_WIDTH)
    if isinstance(block, Paragraph):
        return _wrap(spans_text(block.spans, words), width)
    if isinstance(block, SubHeading):
        title = " ".join(spans_text(block.spans, words).split())
        return f"{title}\n{'-' * _width(title)}" if title else ""
    if isinstance(block, BulletList | NumberedList):
        return _list_text(block, width, words)
    if isinstance(block, Quote):
        inner = blocks_text(block.blocks, width - 2, words)
        lines = inner.split("\n") if inner else []
        if block.attribution:
            lines += _wrap("— " + spans_text(block.attribution, words), width - 2).split("\n")
        return "\n".join(f"> {line}" if line else ">" for line in lines)
    if isinstance(block, Image):
        alt = " ".join(block.alt.split())
        link = f" <{block.href}>" if block.href and block.href.lower().startswith(_SCHEMES) else ""
        if not alt:
            return _wrap(block.href, width) if link and block.href else ""
        return _wrap(f"[{words.image}: {alt}]{link}", width)
    if isinstance(block, Table):
        return _table_text(block, width, words)
    if isinstance(block, CodeBlock):
        lines = block.text.rstrip("\n").split("\n")
        return "\n".join(f"    {line.rstrip()}" if line.strip() else "" for line in lines)
    if isinstance(block, ThematicBreak):
        return "* * *"
    raise TypeError(f"not a block: {block!r}")


def spans_text(spans: Sequence[Inline], words: TextWords = ENGLISH) -> str:
    """Inline spans as text: links as `label <url>`, a line break as a newline."""
    return "".join(_inline_text(span, words) for span in spans)


def _inline_text(span: Inline, words: TextWords) -> str:
    if isinstance(span, Text | Code):
        return _LINE_BREAK.sub(" ", span.text)
    if isinstance(span, LineBreak):
        return "\n"
    if isinstance(span, Strong | Emphasis):
        return spans_text(span.children, words)
    if isinstance(span, Struck):  # tildes would read as "about"; say it in words
        return f"[{words.struck}: {spans_text(span.children, words)}]"
    if isinstance(span, Link):
        href = span.href.strip()
        label = " ".join(spans_text(span.children, words).split())
        if not href.lower().startswith(_SCHEMES):
            return label
        shown = href[len("mailto:") :] if href.lower().startswith("mailto:") else href
        return shown if not label or _bare(label) == _bare(href) else f"{label} <{shown}>"
    raise TypeError(f"not an inline span: {span!r}")


def _bare(url: str) -> str:
    """A URL without its scheme (or mailto:) and trailing slash, to compare labels."""
    low = url.lower()
    return next((low[len(s) :] for s in _SCHEMES if low.startswith(s)), low).rstrip("/")


def _wrap(text: str, width: int) -> str:
    return "\n".join(fill(" ".join(line.split()), width) for line in text.split("\n"))


def _list_text(block: BulletList | NumberedList, width: int, words: TextWords) -> str:
    number = block.start if isinstance(block, NumberedList) else 0
    loose = any(sum(not _is_list(b) for b in item.blocks) > 1 for item in block.items)
    items = []
    for offset, item in enumerate(block.items):
        marker = "- " if isinstance(block, BulletList) else f"{number + offset}. "
        lines = _item_text(item, width - len(marker), words).split("\n")
        pad = " " * len(marker)
        first = (marker + lines[0]).rstrip()
        items.append("\n".join([first, *(pad + line if line else "" for line in lines[1:])]))
    return ("\n\n" if loose else "\n").join(items)


def _item_text(item: ListItem, width: int, words: TextWords) -> str:
    text = ""
    for block in item.blocks:
        part = block_text(block, width, words)
        if part:
            text += ("\n" if _is_list(block) else "\n\n") + part if text else part
    return text


def _table_text(table: Table, width: int, words: TextWords) -> str:
    """Columns when they fit the line; else each row as `Header: value` lines, after a note
    (a wide grid in plain text wraps into nonsense)."""
    header, rows = _grid(table)
    cells = [[" ".join(spans_text(c, words).split()) for c in row] for row in (header, *rows)]
    widths = [max(1, *(_width(row[i]) for row in cells)) for i in range(len(header))]
    if sum(widths) + 2 * (len(widths) - 1) > width and rows:
        return _table_records(cells[0], cells[1:], width, words.wide_table)
    pad = [[c + " " * (w - _width(c)) for c, w in zip(row, widths, strict=True)] for row in cells]
    lines = ["  ".join(row).rstrip() for row in pad]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _table_records(header: list[str], rows: list[list[str]], width: int, note: str) -> str:
    records = [
        "\n".join(
            _wrap(f"{name}: {value}" if name else value, width)
            for name, value in zip(header, row, strict=True)
            if value
        )
        for row in rows
    ]
    return "\n\n".join([_wrap(note, width), *records])


def _width(text: str) -> int:
    """Columns a string takes in a monospace font (wide CJK 2, combining marks 0)."""
    return sum(
        0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1
        for c in text
    )
