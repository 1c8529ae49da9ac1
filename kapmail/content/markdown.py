"""Markdown article text -> Outline (title, headings and blocks), via markdown-it-py.

CommonMark with tables, linkify, strikethrough, footnotes, task lists and definition lists
(mdit-py-plugins). Raw HTML goes through the project's one HTML reader (`content.html`,
`read_fragment`): comments are dropped and counted, what it knows becomes the same blocks as
its Markdown twin, anything else keeps its text and is named in a notice; nothing of it is
passed through as HTML. Hugo's `{{< figure >}}` becomes a picture and its caption; other
shortcodes lose their markers, and so do Jekyll's Liquid tags (`liquid`). Links keep only
http, https, mailto and dialable tel: URLs,
images http and https, or (given the article's path) a relative path to an image inside the
article's folder, read into an `ImageFile`; any other link or image leaves its text, and a
relative image outside the folder, missing or not an image is an error. A linked picture
keeps its link. Footnotes become numbered notes at the end of the part that cites them.
The first `#` heading is the title when it is the only one; headings at or above the
section level become `Heading`s, deeper ones `SubHeading` blocks. Every block carries its
1-based source line.
Longer than 300 lines on purpose: one recursive walk over markdown-it's tree, blocks and
inline spans together, with what it gathers (pictures, HTML, notes) threaded through it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from html import escape
from pathlib import Path
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin
from mdit_py_plugins.tasklists import tasklists_plugin

from kapmail.content import liquid
from kapmail.content.imagefile import LocalImages, is_local, is_site_path
from kapmail.content.model import (
    Block,
    BulletList,
    Code,
    CodeBlock,
    Emphasis,
    Heading,
    Image,
    ImageFile,
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
    Struck,
    SubHeading,
    Table,
    Text,
    ThematicBreak,
    plain_text,
    strings,
)
from kapmail.content.spans import (
    MAX_DEPTH,
    SECTION_LEVELS,
    dropped_links,
    flattened,
    heading,
    kept_href,
    merge,
    remote_image,
    site_pictures_kept_as_text,
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


_SHORTCODE = re.compile(r"\{\{[<%]\s*(/?)\s*([\w-]+)(.*?)\s*[>%]\}\}")
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|(\S+))""")
_KRAMDOWN = re.compile(r"""\smarkdown=["']?(?:1|span|block)""")
_TAGS = re.compile(r"(<[^>]*>)")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_NOTE_MARK = re.compile(r"\[(\d+)\]")


@cache
def _parser() -> MarkdownIt:
    # markdown-it stops reading at 20 levels of nesting and drops the rest of the article:
    # read deeper (a bound still), and flatten past MAX_DEPTH in the walk (`_nested`).
    md = (
        MarkdownIt("commonmark", {"html": True, "linkify": True, "maxNesting": 400})
        .enable(["table", "linkify", "strikethrough"])
        .use(footnote_plugin)
        .use(tasklists_plugin)
        .use(deflist_plugin)
    )
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
    ctx = _Context(path, LocalImages(path) if path is not None else None)
    text = _shortcodes(text, ctx)
    text, tags = liquid.without_tags(text)
    ctx.shortcodes += tags
    nodes = list(SyntaxTreeNode(_parser().parse(text)).children)
    for node in [n for n in nodes if n.type == "footnote_block"]:
        nodes.remove(node)
        ctx.read_notes(node)
    title = None
    ones = [n for n in nodes if n.type == "heading" and n.tag == "h1"]
    if nodes and nodes[0].type == "heading" and nodes[0].tag == "h1" and len(ones) == 1:
        title = plain_text(_spans(_inline_children(nodes.pop(0)))) or None
    section = _section_level(nodes, sections)
    ctx.section = section
    parts: list[Heading | Block] = []
    for node in nodes:
        if node.type == "heading" and _level(node) <= section:
            parts.append(_heading(node))
        elif node.type == "html_block":
            parts.extend(ctx.html(node.content, _line(node, 1), top=True))
        else:
            parts.extend(_blocks(node, 1, section, ctx))
    parts = ctx.place_notes(parts)
    images = tuple(ctx.pictures.found.values()) if ctx.pictures else ()
    images += tuple(i for i in ctx.images if i not in images)
    notices = dropped_links(path, [*_dropped(nodes), *ctx.dropped], "line") + ctx.notices()
    outline = Outline(title, tuple(parts), images, notices)
    return _restore(outline) if guard else outline


@dataclass
class _Context:
    """What the walk gathers beside the blocks: the article's pictures, the HTML it held,
    its footnotes."""

    path: Path | None
    pictures: LocalImages | None
    section: int = 2
    images: list[ImageFile] = field(default_factory=list)  # from HTML inside the Markdown
    dropped: list[tuple[str, int]] = field(default_factory=list)
    comments: int = 0
    unknown: list[tuple[str, int]] = field(default_factory=list)
    shortcodes: list[tuple[str, int]] = field(default_factory=list)
    notes: dict[int, list[Block]] = field(default_factory=dict)
    site_pictures: list[tuple[str, int]] = field(default_factory=list)  # `/assets/a.png`
    depth: int = 0  # lists and quotes open around the node being read
    flattened: list[int] = field(default_factory=list)  # lines of lists/quotes nested too deep

    def html(self, html: str, line: int, *, top: bool = False) -> list[Heading | Block]:
        """HTML written in the article, through the one HTML reader (the text of HTML
        marked `markdown="1"`, as kramdown allows, read as Markdown first)."""
        if _KRAMDOWN.search(html):
            md = _parser()
            html = "".join(
                part if part.startswith("<") else md.renderInline(part)
                for part in _TAGS.split(html)
            )
        local = None
        if self.pictures is not None:
            pictures = self.pictures

            def local(src: str) -> ImageFile:
                return pictures.read(src, line)

        from kapmail.content.html import read_fragment  # lxml: only for HTML in Markdown

        found = read_fragment(
            html,
            path=self.path or Path("article"),
            line=line,
            section=self.section if top else 0,
            local=local,
        )
        self.images += found.images
        self.dropped += found.dropped
        self.comments += found.comments
        self.unknown += found.unknown
        self.site_pictures += found.site_pictures
        self.flattened += found.flattened
        return list(found.parts)

    def read_notes(self, block: SyntaxTreeNode) -> None:
        """The footnotes' texts, by number."""
        for note in block.children:
            number = int(note.meta.get("id", len(self.notes))) + 1
            self.notes[number] = _children(note, _line(note, 1), self.section, self)

    def place_notes(self, parts: list[Heading | Block]) -> list[Heading | Block]:
        """Each footnote at the end of the part (up to the next heading) that first cites it;
        one never cited at the very end."""
        out: list[Heading | Block] = []
        placed: set[int] = set()
        pending: list[int] = []
        for part in [*parts, None]:
            if part is None or isinstance(part, Heading):
                out += [b for n in pending for b in self._note(n)]
                pending = []
                if part is not None:
                    out.append(part)
                continue
            out.append(part)
            for text, _ in strings(part):
                for mark in _NOTE_MARK.findall(text):
                    number = int(mark)
                    if number in self.notes and number not in placed:
                        placed.add(number)
                        pending.append(number)
        out += [b for n in sorted(set(self.notes) - placed) for b in self._note(n)]
        return out

    def _note(self, number: int) -> list[Block]:
        blocks = list(self.notes[number])
        if blocks and isinstance(blocks[0], Paragraph):
            first = blocks[0]
            spans = merge([Text(f"[{number}] "), *first.spans])
            blocks[0] = Paragraph(spans, first.line, note=True)
        elif blocks:
            blocks.insert(0, Paragraph((Text(f"[{number}]"),), blocks[0].line, note=True))
        return blocks

    def notices(self) -> tuple[str, ...]:
        where = self.path or "article"
        found = []
        if self.comments:
            found.append(
                f"{where}: {self.comments} HTML comment(s) left out (never sent to readers)"
            )
        if self.unknown:
            shown = ", ".join(f"<{tag}> (line {line})" for tag, line in self.unknown[:5])
            more = f" and {len(self.unknown) - 5} more" if len(self.unknown) > 5 else ""
            found.append(
                f"{where}: HTML an email cannot show, kept as its text or left out: {shown}{more}"
            )
        found += site_pictures_kept_as_text(self.path, self.site_pictures, "line")
        found += flattened(self.path, self.flattened, "line")
        if self.shortcodes:
            shown = ", ".join(f"{name} (line {line})" for name, line in self.shortcodes[:5])
            found.append(f"{where}: site shortcodes left out, their text kept: {shown}")
        return tuple(found)


def _shortcodes(text: str, ctx: _Context) -> str:
    """Hugo's `{{< figure src=… caption=… >}}` as HTML (picture and caption); any other
    shortcode's marker taken out (the text between a pair is kept), named for a notice."""

    def replace(match: re.Match[str]) -> str:
        closing, name, rest = match[1], match[2], match[3]
        if name == "figure" and not closing:
            found = {m[1]: m[2] or m[3] or m[4] or "" for m in _ATTRIBUTE.finditer(rest)}
            src, caption = found.get("src", ""), found.get("caption") or found.get("title")
            img = f'<img src="{escape(src)}" alt="{escape(found.get("alt", ""))}">'
            if found.get("link"):
                img = f'<a href="{escape(found["link"])}">{img}</a>'
            cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
            return f"<figure>{img}{cap}</figure>"
        line = text.count("\n", 0, match.start()) + 1
        if not closing:
            ctx.shortcodes.append((name, line))
        return ""

    return _SHORTCODE.sub(replace, text)


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


def _section_level(nodes: Sequence[SyntaxTreeNode], sections: str | None) -> int:
    """The forced level (h1-h3; plain-text styles such as "numbered" are ignored), else the
    smallest heading level left once the title is taken (default 2)."""
    forced = SECTION_LEVELS.get((sections or "").strip().lower())
    if forced:
        return forced
    levels = [_level(n) for n in nodes if n.type == "heading"]
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


def _blocks(node: SyntaxTreeNode, parent: int, section: int, ctx: _Context) -> list[Block]:
    """One block node as model blocks (a paragraph with images may give several)."""
    line = _line(node, parent)
    kind = node.type
    if kind == "paragraph":
        inline = _inline_children(node)
        if any(child.type == "html_inline" for child in inline) and node.children:
            return _html_paragraph(node.children[0], line, ctx)
        return _paragraph(inline, line, ctx)
    if kind == "dt":  # a definition list's term, in bold, before its definitions
        return [Paragraph((Strong(_spans(_inline_children(node))),), line)]
    if kind == "heading":
        level = subheading_level(_level(node), section)
        return [SubHeading(_spans(_inline_children(node)), line, level)]
    if kind in ("bullet_list", "ordered_list", "blockquote") and ctx.depth >= MAX_DEPTH:
        ctx.flattened.append(line)  # too deep for a reader to follow: its blocks, unnested
        return [b for child in node.children for b in _blocks(child, line, section, ctx)]
    if kind in ("bullet_list", "ordered_list", "blockquote"):
        ctx.depth += 1
        try:
            return _nested(node, line, section, ctx)
        finally:
            ctx.depth -= 1
    return _leaf(node, line, section, ctx)


def _nested(node: SyntaxTreeNode, line: int, section: int, ctx: _Context) -> list[Block]:
    """A list or a quote, one level deeper."""
    kind = node.type
    if kind == "blockquote":
        return [_quote(node, line, section, ctx)]
    items = tuple(
        ListItem(tuple(_children(item, _line(item, line), section, ctx)), _line(item, line))
        for item in node.children
    )
    if kind == "bullet_list":
        return [BulletList(items, line)]
    return [NumberedList(items, line, int(node.attrs.get("start", 1)))]


def _leaf(node: SyntaxTreeNode, line: int, section: int, ctx: _Context) -> list[Block]:
    """Any other block node."""
    kind = node.type
    if kind in ("fence", "code_block"):
        return [CodeBlock(node.content.removesuffix("\n"), line)]
    if kind == "hr":
        return [ThematicBreak(line)]
    if kind == "table":
        return [_table(node, line)]
    if kind == "html_block":
        return [b for b in ctx.html(node.content, line) if not isinstance(b, Heading)]
    return _children(node, line, section, ctx)


def _html_paragraph(inline: SyntaxTreeNode, line: int, ctx: _Context) -> list[Block]:
    """A paragraph with HTML in it, rendered by markdown-it and read by the HTML reader."""
    md = _parser()
    tokens = inline.token.children if inline.token is not None else None
    html = cast(RendererHTML, md.renderer).renderInline(tokens or [], md.options, {})
    return [b for b in ctx.html(f"<p>{html}</p>", line) if not isinstance(b, Heading)]


def _children(node: SyntaxTreeNode, line: int, section: int, ctx: _Context) -> list[Block]:
    return [b for child in node.children for b in _blocks(child, line, section, ctx)]


def _paragraph(inline: Sequence[SyntaxTreeNode], line: int, ctx: _Context) -> list[Block]:
    """Paragraph blocks, split around each (allowed) image, which becomes an Image block."""
    out: list[Block] = []
    segment: list[Inline] = []
    start = here = line
    for child in inline:
        picture, href = child, None
        if child.type == "link" and (only := _only_image(child)) is not None:
            picture, href = only, kept_href(str(child.attrs.get("href", "")))
        src = str(picture.attrs.get("src", "")) if picture.type == "image" else ""
        local = ctx.pictures is not None and is_local(src)
        if is_site_path(src):
            ctx.site_pictures.append((src, here))
        remote = remote_image(src)
        if picture.type == "image" and (remote or local):
            _flush(out, segment, start)
            segment = []
            title = str(picture.attrs.get("title") or "") or None
            alt = plain_text(_spans(picture.children))
            if local and ctx.pictures is not None:
                name = ctx.pictures.read(src, here).name
                out.append(Image(f"images/{name}", alt, here, title, file=name, href=href))
            else:
                out.append(Image(remote or src, alt, here, title, href=href))
        else:
            if not trim(segment):
                start = here
            segment.extend(_inline(child))
        here += _breaks(child)
    _flush(out, segment, start)
    return out


def _only_image(link: SyntaxTreeNode) -> SyntaxTreeNode | None:
    """The picture a link holds alone (`[![alt](a.png)](https://…)`), else None."""
    inner = [c for c in link.children if not (c.type == "text" and not c.content.strip())]
    return inner[0] if len(inner) == 1 and inner[0].type == "image" else None


def _flush(out: list[Block], segment: list[Inline], line: int) -> None:
    spans = trim(merge(segment))
    if spans:
        out.append(Paragraph(spans, line))


def _breaks(node: SyntaxTreeNode) -> int:
    """How many source line breaks an inline node spans."""
    return (node.type in _BREAKS) + sum(_breaks(child) for child in node.children)


def _quote(node: SyntaxTreeNode, line: int, section: int, ctx: _Context) -> Quote:
    """A quote; a last paragraph (or last line of it) starting with a dash is the attribution."""
    body, last = node.children[:-1], node.children[-1] if node.children else None
    inline = _inline_children(last) if last is not None and last.type == "paragraph" else []
    cut = max((i for i, child in enumerate(inline) if child.type in _BREAKS), default=-1)
    tail = inline[cut + 1 :]
    if last is not None and tail and tail[0].type == "text" and _DASH.match(tail[0].content):
        name = Text(_DASH.sub("", tail[0].content, count=1))
        attribution = trim(merge([name, *_spans(tail[1:])]))
        blocks = [b for child in body for b in _blocks(child, line, section, ctx)]
        blocks += _paragraph(inline[: max(cut, 0)], _line(last, line), ctx)
        if attribution and blocks:
            return Quote(tuple(blocks), line, attribution)
    return Quote(tuple(_children(node, line, section, ctx)), line)


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
    if kind == "text":
        return [Text(node.content)]
    if kind == "html_inline":  # in a heading or table cell: a break, or nothing of the tag
        return [LineBreak()] if _BR.fullmatch(node.content.strip()) else []
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
    if kind == "s":
        return [Struck(children)]
    if kind == "footnote_ref":
        return [Text(f"[{int(node.meta.get('id', 0)) + 1}]")]
    if kind == "link":
        href = str(node.attrs.get("href", ""))
        if node.markup == "linkify" and plain_text(children).lower().startswith("www."):
            href = "https://" + href.removeprefix("http://")  # a bare www. link: https
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
