"""Markdown article text -> Outline (title, headings and blocks), via markdown-it-py.

CommonMark with tables and linkify; raw HTML stays literal text. Links keep only http, https,
mailto and dialable tel: URLs, images http and https, or (given the article's path) a
relative path to an image inside the article's folder, read into an `ImageFile`; any other
link or image leaves its text, and a relative image outside the folder, missing or not an
image is an error. A `#` heading before any block is the title; headings at or above the
section level become `Heading`s, deeper ones `SubHeading` blocks. Every block carries its
1-based source line.
Longer than 300 lines on purpose: one recursive walk over markdown-it's tree, blocks and
inline spans together, with the local-image collector threaded through it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from kapmail.content.imagefile import LocalImages, is_local
from kapmail.content.model import (
    Block,
    BulletList,
    Code,
    CodeBlock,
    Emphasis,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListItem,
    NumberedList,
    Outline,
    Paragraph,
    Quote,
    Spans,
    Strong,
    SubHeading,
    Table,
    Text,
    ThematicBreak,
    plain_text,
)
from kapmail.content.spans import (
    SECTION_LEVELS,
    dropped_links,
    heading,
    kept_href,
    merge,
    remote_image,
    subheading_level,
    trim,
)
from kapmail.mergetags import ARTICLE_MAILCHIMP

_BARE_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*:|www\.)", re.IGNORECASE)
_DASH = re.compile(r"(?:—|-{2,}|–\s)\s*")
_MERGE_TAG = ARTICLE_MAILCHIMP  # Mailchimp's *|FNAME|*, kept literal
_OPEN, _CLOSE = "\ufdd0", "\ufdd1"  # stand-ins for its *| and |* while parsing
_RESTORE = (("%EF%B7%90", "*%7C"), ("%EF%B7%91", "%7C*"), (_OPEN, "*|"), (_CLOSE, "|*"))
_BREAKS = ("softbreak", "hardbreak")


@cache
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": True}).enable(["table", "linkify"])
    # Parse every link: _spans keeps a refused one (javascript:, data:) as its text alone,
    # where markdown-it's own check would show the whole `[text](javascript:…)` source.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md


def read_markdown(text: str, *, sections: str | None = None, path: Path | None = None) -> Outline:
    """Parse Markdown `text` into an Outline; `sections` ("h1"-"h3") forces the section level.

    `path` is the article's file: with it, an image with a relative path inside the
    article's folder is read (`Outline.images`); without it such an image leaves its text.
    """
    guard = _OPEN not in text and _CLOSE not in text and _MERGE_TAG.search(text) is not None
    if guard:
        text = _MERGE_TAG.sub(rf"{_OPEN}\1{_CLOSE}", text)
    nodes = list(SyntaxTreeNode(_parser().parse(text)).children)
    title = None
    if nodes and nodes[0].type == "heading" and nodes[0].tag == "h1":
        title = plain_text(_spans(_inline_children(nodes.pop(0)))) or None
    section = _section_level(nodes, sections, titled=title is not None)
    pictures = LocalImages(path) if path is not None else None
    parts: list[Heading | Block] = []
    for node in nodes:
        if node.type == "heading" and _level(node) <= section:
            parts.append(_heading(node))
        else:
            parts.extend(_blocks(node, 1, section, pictures))
    images = tuple(pictures.found.values()) if pictures else ()
    notices = dropped_links(path, _dropped(nodes), "line")
    outline = Outline(title, tuple(parts), images, notices)
    return _restore(outline) if guard else outline


def _restore(value: Any) -> Any:
    """`value` (a node, tuple or string) with the merge tags' stand-ins put back."""
    if isinstance(value, str):
        for old, new in _RESTORE:
            value = value.replace(old, new)
        return value
    if isinstance(value, tuple):
        return tuple(_restore(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        return dataclasses.replace(
            value, **{f.name: _restore(getattr(value, f.name)) for f in fields}
        )
    return value


def _section_level(nodes: Sequence[SyntaxTreeNode], sections: str | None, *, titled: bool) -> int:
    """The forced level (h1-h3; plain-text styles such as "numbered" are ignored), else the
    smallest heading level below the title's (default 2)."""
    forced = SECTION_LEVELS.get((sections or "").strip().lower())
    if forced:
        return forced
    levels = [_level(n) for n in nodes if n.type == "heading" and (not titled or _level(n) > 1)]
    return min(levels, default=2)


def _level(node: SyntaxTreeNode) -> int:
    return int(node.tag[1:])


def _line(node: SyntaxTreeNode, parent: int) -> int:
    return node.map[0] + 1 if node.map else parent


def _inline_children(node: SyntaxTreeNode) -> list[SyntaxTreeNode]:
    """The inline nodes of a heading, paragraph or table cell."""
    return list(node.children[0].children) if node.children else []


def _heading(node: SyntaxTreeNode) -> Heading:
    return heading(plain_text(_spans(_inline_children(node))), _line(node, 1))


# ---- blocks -----------------------------------------------------------------------------------


def _blocks(
    node: SyntaxTreeNode, parent: int, section: int, pictures: LocalImages | None
) -> list[Block]:
    """One block node as model blocks (a paragraph with images may give several)."""
    line = _line(node, parent)
    kind = node.type
    if kind == "paragraph":
        return _paragraph(_inline_children(node), line, pictures)
    if kind == "heading":
        level = subheading_level(_level(node), section)
        return [SubHeading(_spans(_inline_children(node)), line, level)]
    if kind in ("bullet_list", "ordered_list"):
        items = tuple(
            ListItem(
                tuple(_children(item, _line(item, line), section, pictures)), _line(item, line)
            )
            for item in node.children
        )
        if kind == "bullet_list":
            return [BulletList(items, line)]
        return [NumberedList(items, line, int(node.attrs.get("start", 1)))]
    if kind == "blockquote":
        return [_quote(node, line, section, pictures)]
    if kind in ("fence", "code_block"):
        return [CodeBlock(node.content.removesuffix("\n"), line)]
    if kind == "hr":
        return [ThematicBreak(line)]
    if kind == "table":
        return [_table(node, line)]
    if kind == "html_block":
        content = node.content.rstrip("\n")
        return [Paragraph((Text(content),), line)] if content.strip() else []
    return _children(node, line, section, pictures)


def _children(
    node: SyntaxTreeNode, line: int, section: int, pictures: LocalImages | None
) -> list[Block]:
    return [b for child in node.children for b in _blocks(child, line, section, pictures)]


def _paragraph(
    inline: Sequence[SyntaxTreeNode], line: int, pictures: LocalImages | None
) -> list[Block]:
    """Paragraph blocks, split around each (allowed) image, which becomes an Image block."""
    out: list[Block] = []
    segment: list[Inline] = []
    start = here = line
    for child in inline:
        src = str(child.attrs.get("src", "")) if child.type == "image" else ""
        local = pictures is not None and is_local(src)
        remote = remote_image(src)
        if child.type == "image" and (remote or local):
            _flush(out, segment, start)
            segment = []
            title = str(child.attrs.get("title") or "") or None
            alt = plain_text(_spans(child.children))
            if local and pictures is not None:
                name = pictures.read(src, here).name
                out.append(Image(f"images/{name}", alt, here, title, file=name))
            else:
                out.append(Image(remote or src, alt, here, title))
        else:
            if not trim(segment):
                start = here
            segment.extend(_inline(child))
        here += _breaks(child)
    _flush(out, segment, start)
    return out


def _flush(out: list[Block], segment: list[Inline], line: int) -> None:
    spans = trim(merge(segment))
    if spans:
        out.append(Paragraph(spans, line))


def _breaks(node: SyntaxTreeNode) -> int:
    """How many source line breaks an inline node spans."""
    return (node.type in _BREAKS) + sum(_breaks(child) for child in node.children)


def _quote(node: SyntaxTreeNode, line: int, section: int, pictures: LocalImages | None) -> Quote:
    """A quote; a last paragraph (or last line of it) starting with a dash is the attribution."""
    body, last = node.children[:-1], node.children[-1] if node.children else None
    inline = _inline_children(last) if last is not None and last.type == "paragraph" else []
    cut = max((i for i, child in enumerate(inline) if child.type in _BREAKS), default=-1)
    tail = inline[cut + 1 :]
    if last is not None and tail and tail[0].type == "text" and _DASH.match(tail[0].content):
        name = Text(_DASH.sub("", tail[0].content, count=1))
        attribution = trim(merge([name, *_spans(tail[1:])]))
        blocks = [b for child in body for b in _blocks(child, line, section, pictures)]
        blocks += _paragraph(inline[: max(cut, 0)], _line(last, line), pictures)
        if attribution and blocks:
            return Quote(tuple(blocks), line, attribution)
    return Quote(tuple(_children(node, line, section, pictures)), line)


def _table(node: SyntaxTreeNode, line: int) -> Table:
    header: tuple[Spans, ...] = ()
    rows: list[tuple[Spans, ...]] = []
    for part in node.children:
        for row in part.children:
            cells = tuple(_spans(_inline_children(cell)) for cell in row.children)
            if part.type == "thead":
                header = cells
            else:
                rows.append(cells)
    return Table(header, tuple(rows), line)


# ---- inline spans -----------------------------------------------------------------------------


def _spans(nodes: Sequence[SyntaxTreeNode]) -> Spans:
    return merge([span for node in nodes for span in _inline(node)])


def _inline(node: SyntaxTreeNode) -> list[Inline]:
    """One inline node as spans; a refused link or image gives its text."""
    kind = node.type
    if kind in ("text", "html_inline"):
        return [Text(node.content)]
    if kind == "softbreak":
        return [Text(" ")]
    if kind == "hardbreak":
        return [LineBreak()]
    if kind == "code_inline":
        return [Code(node.content)]
    children = _spans(node.children)
    if kind == "strong":
        return [Strong(children)]
    if kind == "em":
        return [Emphasis(children)]
    if kind == "link":
        href = str(node.attrs.get("href", ""))
        kept = kept_href(href)
        if kept and not _fuzzy(node):
            return [Link(kept, children)]
        return list(children)
    if kind == "image":
        alt = plain_text(children)
        return [Text(alt)] if alt else []
    if children:
        return list(children)
    return [Text(node.content)] if node.content else []


def _dropped(nodes: Sequence[SyntaxTreeNode]) -> list[tuple[str, int]]:
    """The links `_inline` keeps as text, each with the line of its block."""
    found = []
    for top in nodes:
        for node in top.walk():
            href = str(node.attrs.get("href", "")) if node.type == "link" else ""
            if href and not href.startswith("#") and not kept_href(href) and not _fuzzy(node):
                block = node
                while block.map is None and block.parent is not None:
                    block = block.parent
                found.append((href, (block.map[0] + 1) if block.map else 1))
    return found


def _fuzzy(node: SyntaxTreeNode) -> bool:
    """A linkified bare domain (`notes.md`): only scheme, www. and e-mail links are kept."""
    if node.markup != "linkify" or str(node.attrs.get("href", "")).lower().startswith("mailto:"):
        return False
    return not _BARE_URL.match(plain_text(_spans(node.children)))
