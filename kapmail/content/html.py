"""An HTML page -> Outline: the one reader for web pages, Google Docs exports and Word (.docx,
through mammoth, `content.word`).

Nothing of the page is passed through: every element becomes a model block or span, or is
left out (`<script>`, `<style>`, forms, frames, comments). Links keep only http, https,
mailto and dialable tel: URLs (the rest leave their text), after a Google `https://www.google.com/url?q=…`
redirect is unwrapped; remote images only http and https; a local image (`images/a.png`
beside the page, or one mammoth took out of a .docx) is handed to `local`, which returns
its `ImageFile`.

Google Docs' export is prepared first (`content.htmlpage`: its CSS bold and italic classes,
its flat lists nested). Empty paragraphs are dropped. Footnotes and comments (Google's
`#ftnt1`/`#cmnt1`, mammoth's `#footnote-1`) are left out, their markers with them, and
counted for a notice.

The title is the element with class `title` (Google Docs' Title paragraph; Word's, through
the style map); without one, an `<h1>` that is the page's first heading and its only `<h1>`,
followed by other headings. The subtitle (class `subtitle`) stays as the intro's first
paragraph. Sections start at the level `[article] sections` names (h1-h3), else at the
highest level left; deeper headings are sub-headings. A page with no heading is refused.

Each block's `line` is its source line, or, when the page is one long line (Google Docs,
mammoth), its paragraph number (`p`, `h1`-`h6`, `li`, `pre`, counted from 1 in document
order, empty paragraphs included): `by_paragraph` on the result says which.

It runs over 300 lines because it is one walk of one tree: blocks and inline spans share
the whitespace, bold and italic state of the walk, and splitting them would pass it around.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

import lxml.html
from lxml import etree

from kapmail.content import boldlines, embeds
from kapmail.content.htmlpage import (
    HEADINGS,
    NOTE_BODY,
    Marks,
    classes,
    css_marks,
    declared,
    has_text,
    nest_google_lists,
    numbers,
    outline_headings,
    page_title,
    parse,
    text_before,
    title_element,
    unwrap,
)
from kapmail.content.imagefile import is_local, is_site_path
from kapmail.content.mainpart import prepare_page
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
)
from kapmail.content.spans import (
    MAX_DEPTH,
    PIXEL_MAX,
    SECTION_LEVELS,
    bare_links,
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

LocalImage = Callable[[str], ImageFile]  # a page-relative src -> the image file

_SKIP = {
    "script", "style", "head", "title", "template", "noscript", "iframe", "object", "embed",
    "svg", "math", "canvas", "audio", "video", "map", "button", "input", "select", "textarea",
    "option", "datalist", "meta", "link", "base",
}  # fmt: skip
_BLOCKS = {
    "p", "div", "ul", "ol", "li", "blockquote", "pre", "table", "hr", "section", "article",
    "main", "header", "footer", "nav", "aside", "figure", "figcaption", "dl", "dt", "dd",
    "address", "center", "form", "fieldset", "details", "summary", "body", "html", *HEADINGS,
}  # fmt: skip
_BOLD_TAGS, _ITALIC_TAGS = {"b", "strong"}, {"i", "em", "cite", "dfn", "var"}
_CODE_TAGS = {"code", "tt", "kbd", "samp"}
_SPACE = re.compile(r"[ \t\n\r\f\u00a0]+")
_PIXELS = re.compile(r"\s*(\d{1,5})\s*(?:px)?\s*", re.IGNORECASE)


def _pixels(value: str | None) -> int | None:
    """An `<img>` `width` or `height` attribute in pixels (`1`, `600px`); None for a
    percentage, nothing, zero or anything else."""
    found = _PIXELS.fullmatch(value or "")
    return int(found.group(1)) or None if found else None


_NESTING = {"ul", "ol", "blockquote", "aside"}
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Inline elements read for what they mean or kept as their text without a word.
_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike",
    "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "picture", "source", "thead",
    "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col",
}  # fmt: skip


@dataclass(frozen=True)
class Page:
    """What the reader found: the outline, how lines are counted, what was left out."""

    outline: Outline
    by_paragraph: bool
    footnotes: int = 0
    comments: int = 0


def read_html(
    html: str,
    *,
    path: Path,
    sections: str | None = None,
    local: LocalImage | None = None,
    by_paragraph: bool | None = None,
    noun: str = "page",
) -> Page:
    """Read the page `html` (of the article `path`, for errors); `sections` is the campaign's
    `[article] sections`; `by_paragraph` forces paragraph numbers (None: when one line);
    `noun` names the article in errors ("page", "document")."""
    root = parse(html, path, noun)
    body = root.find("body")
    if body is None:
        body = root
    media = 0
    if noun == "page":
        body, media = prepare_page(body, html)
    nest_google_lists(body)
    marks = css_marks(root)
    headed = any(has_text(h) for h in outline_headings(body))
    promoted = [] if headed else boldlines.promote(body, marks)
    reader = _Reader(path, marks, local, numbers(body, by_paragraph))
    titled = title_element(body, sections)
    title = plain_text(reader.spans(titled)) if titled is not None else None
    if title is None and noun == "page":
        title = page_title(root)
    levels = [HEADINGS[h.tag] for h in outline_headings(body) if h is not titled and has_text(h)]
    reader.section = SECTION_LEVELS.get((sections or "").strip().lower()) or min(levels or [2])
    reader.skip = titled
    parts = _drop_trailing_breaks(reader.flow(body, nested=False))
    unit = "line" if reader.numbers is None else "paragraph"
    notices = dropped_links(path, reader.dropped, unit)
    notices += site_pictures_kept_as_text(path, reader.site_pictures, unit)
    notices += flattened(path, reader.flattened, unit)
    if reader.pixels:
        where = ", ".join(f"{unit} {line}" for line in reader.pixels[:5])
        notices += (f"{path}: {len(reader.pixels)} tracking pixel(s) left out ({where})",)
    notices += _outline_notice(path, [reader.line(el) for el in promoted], unit, levels)
    if media:
        notices += (
            f"{path}: {media} embedded media element(s) (embed, audio, video, canvas, object, "
            "iframe) left out; an email cannot play them",
        )
    outline = Outline(title or None, tuple(parts), tuple(reader.images.values()), notices)
    return Page(outline, reader.numbers is not None, reader.footnotes, reader.comments)


def _outline_notice(
    path: Path, promoted: list[int], unit: str, levels: list[int]
) -> tuple[str, ...]:
    """Where the sections came from when the document has no headings of its own."""
    if promoted:
        lines = ", ".join(str(n) for n in promoted[:5]) + (" …" if len(promoted) > 5 else "")
        return (
            f"{path}: no headings, so {len(promoted)} short bold lines were read as "
            f"headings ({unit} {lines}); give the document heading styles "
            "(Heading 1, <h2>) to choose where its emails start",
        )
    if not levels:
        return (
            f"{path}: no headings, so the whole article is one email; give it heading "
            "styles (Heading 1, <h2>) or short bold lines to cut it into a series",
        )
    return ()


@dataclass(frozen=True)
class Fragment:
    """HTML written inside a Markdown article, read as model blocks."""

    parts: tuple[Heading | Block, ...]
    images: tuple[ImageFile, ...]
    dropped: tuple[tuple[str, int], ...]  # links kept as text
    comments: int  # HTML comments, never sent
    unknown: tuple[tuple[str, int], ...]  # elements kept as their text, or left out
    site_pictures: tuple[tuple[str, int], ...]  # `/assets/a.png`: kept as alt text
    flattened: tuple[int, ...]  # lines of lists and quotes nested too deep, flattened


def read_fragment(
    html: str, *, path: Path, line: int, section: int, local: LocalImage | None
) -> Fragment:
    """The HTML `html` found at `line` of the Markdown article `path`, as blocks; headings
    at or above `section` are section headings."""
    try:
        root = lxml.html.fragment_fromstring(_CONTROL_CHARS.sub("", html), create_parent="div")
    except etree.ParserError:  # only a declaration (`<!DOCTYPE`): nothing to read
        root = lxml.html.fragment_fromstring("", create_parent="div")
    comments = sum(1 for _ in root.iter(etree.Comment))
    reader = _Reader(path, {}, local, None, section=section, offset=line - 1, fragment=True)
    parts = reader.flow(root, nested=False)
    return Fragment(
        tuple(parts),
        tuple(reader.images.values()),
        tuple(reader.dropped),
        comments,
        (*reader.unknown, *(("tracking pixel", line) for line in reader.pixels)),
        tuple(reader.site_pictures),
        tuple(reader.flattened),
    )


# ---- the page ---------------------------------------------------------------------------------


def _drop_trailing_breaks(parts: list[Heading | Block]) -> list[Heading | Block]:
    """Without a trailing rule (Google puts one before its footnotes, which are left out)."""
    while parts and isinstance(parts[-1], ThematicBreak):
        parts.pop()
    return parts


# ---- the reader -------------------------------------------------------------------------------


@dataclass
class _Run:
    """Inline content being gathered into a paragraph, with its whitespace state."""

    items: list[Inline | Image] = field(default_factory=list)
    space: bool = True  # the last thing written ends in whitespace (or nothing was)
    line: int | None = None
    pictures: bool = True  # images become Image blocks (else their alt text: headings, cells)


@dataclass
class _Reader:
    path: Path
    marks: dict[str, Marks]
    local: LocalImage | None
    numbers: dict[etree._Element, int] | None
    section: int = 1
    skip: etree._Element | None = None
    images: dict[str, ImageFile] = field(default_factory=dict)
    dropped: list[tuple[str, int]] = field(default_factory=list)  # links kept as text
    footnotes: int = 0
    comments: int = 0
    offset: int = 0  # added to source lines (HTML inside a Markdown article)
    fragment: bool = False  # HTML inside Markdown: elements it cannot show are named
    unknown: list[tuple[str, int]] = field(default_factory=list)
    pixels: list[int] = field(default_factory=list)  # lines of remote 1 or 2 px images
    site_pictures: list[tuple[str, int]] = field(default_factory=list)
    depth: int = 0  # lists and quotes open around the element being read
    flattened: list[int] = field(default_factory=list)  # lines of lists/quotes nested too deep

    # ---- blocks ----

    def flow(self, el: etree._Element, *, nested: bool) -> list[Heading | Block]:
        """The blocks (and, outside lists and quotes, the headings) inside `el`."""
        out: list[Heading | Block] = []
        run = _Run()
        self._text(el.text, run, el)
        for child in el:
            if child is self.skip:
                pass
            elif isinstance(child.tag, str) and child.tag in _BLOCKS:
                self._flush(run, out)
                run = _Run()
                if not self._note_body(child):
                    out.extend(self._block(child, nested=nested))
            else:
                self._inline(child, run, (False, False))
                continue  # its tail was read with it
            self._text(child.tail, run, el)
        self._flush(run, out)
        return out

    def _block(self, el: etree._Element, *, nested: bool) -> list[Heading | Block]:
        tag, line = el.tag, self.line(el)
        if tag in _NESTING:
            if self.depth >= MAX_DEPTH:  # too deep to follow: its blocks, unnested
                self.flattened.append(line)
                return [b for b in self.flow(el, nested=True) if not isinstance(b, Heading)]
            self.depth += 1
            try:
                return self._nesting(el, line)
            finally:
                self.depth -= 1
        if tag in HEADINGS:
            spans = self.spans(el)
            if not spans:
                return []
            if not nested and HEADINGS[tag] <= self.section:
                return [heading(plain_text(spans), line)]
            return [SubHeading(spans, line, subheading_level(HEADINGS[tag], self.section))]
        if tag == "pre":
            text = "".join(el.itertext()).strip("\n")
            return [CodeBlock(text, line)] if text.strip() else []
        if tag == "hr":
            return [ThematicBreak(line)]
        if tag == "table":
            return [*self._table(el, line)]
        return self.flow(el, nested=nested)

    def _nesting(self, el: etree._Element, line: int) -> list[Heading | Block]:
        """A list or a quote, one level deeper."""
        tag = el.tag
        if tag in ("ul", "ol"):
            items = tuple(
                ListItem(tuple(blocks), self.line(li))
                for li in el
                if li.tag == "li" and not self._note_body(li)
                if (blocks := self._blocks(li))
            )
            if not items:
                return []
            if tag == "ul":
                return [BulletList(items, line)]
            return [NumberedList(items, line, _start(el))]
        # blockquote, or an aside left in the article: a pull quote
        blocks = self._blocks(el)
        return [Quote(tuple(blocks), line)] if blocks else []

    def _blocks(self, el: etree._Element) -> list[Block]:
        """The blocks inside a list item or quote (headings there are sub-headings)."""
        return [b for b in self.flow(el, nested=True) if not isinstance(b, Heading)]

    def _table(self, el: etree._Element, line: int) -> list[Block]:
        rows = [
            row
            for row in el.iter("tr")
            if next(row.iterancestors("table"), None) is el  # not a nested table's
        ]
        grid = [[cell for cell in row if cell.tag in ("td", "th")] for row in rows]
        grid = [cells for cells in grid if cells]
        if not grid:
            return []
        # The model's table has one header row: the first row, marked or not (Word and
        # Google Docs tables put their column names there, and seldom mark it).
        header, *body = [tuple(self.spans(cell) for cell in cells) for cells in grid]
        return [Table(header, tuple(body), line)]

    def _note_body(self, el: etree._Element) -> bool:
        """A footnote or comment at the page's end (counted, then left out)."""
        marker = el if NOTE_BODY.fullmatch(el.get("id") or "") else None
        if marker is None and el.tag in ("p", "div", "li"):
            first = next(el.iter("a"), None)
            ahead = "" if first is None else text_before(el, first)
            if first is not None and NOTE_BODY.fullmatch(first.get("id") or "") and not ahead:
                marker = first
        if marker is None:
            return False
        if "cmnt" in marker.get("id", "") or "comment" in marker.get("id", ""):
            self.comments += 1
        else:
            self.footnotes += 1
        return True

    def _flush(self, run: _Run, out: list[Heading | Block]) -> None:
        """The run as paragraphs, split around each image, which becomes an Image block."""
        segment: list[Inline] = []
        for item in [*run.items, None]:
            if isinstance(item, Image) or item is None:
                spans = trim(merge(segment))
                if spans:
                    out.append(Paragraph(spans, run.line or 1))
                segment = []
                if item is not None:
                    out.append(item)
            else:
                segment.append(item)

    def line(self, el: etree._Element) -> int:
        """The source line of `el`, or its paragraph number (its own, the first inside it,
        or the one it sits in)."""
        if self.numbers is None:
            return (el.sourceline or 1) + self.offset
        for candidate in (*el.iter(), *el.iterancestors()):
            if candidate in self.numbers:
                return self.numbers[candidate]
        return 1

    # ---- inline ----

    def spans(self, el: etree._Element) -> Spans:
        """The inline content of `el` as spans (images give their alt text)."""
        run = _Run(pictures=False)
        self._text(el.text, run, el)
        for child in el:
            self._inline(child, run, (False, False))
        return trim(merge([i for i in run.items if not isinstance(i, Image)]))

    def _inline(self, el: etree._Element, run: _Run, marks: tuple[bool, bool]) -> None:
        """`el` and its tail into `run`; `marks` says whether bold and italic are on."""
        parent = el.getparent()
        if el.tag == "input" and el.get("type") == "checkbox":  # a task list's box
            self._text("☑ " if el.get("checked") is not None else "☐ ", run, el)
        elif (link := embeds.as_link(el)) is not None:  # a video: its link
            self._element(link, run, marks)
        elif isinstance(el.tag, str) and el.tag not in _SKIP:
            if self.fragment and el.tag not in _INLINE and el.tag not in _BLOCKS:
                self.unknown.append((el.tag, self.line(el)))
            self._element(el, run, marks)
        elif isinstance(el.tag, str) and self.fragment:
            self.unknown.append((el.tag, self.line(el)))
        self._text(el.tail, run, parent if parent is not None else el)

    def _element(self, el: etree._Element, run: _Run, marks: tuple[bool, bool]) -> None:
        tag = el.tag
        if tag in _BLOCKS and run.items:  # paragraphs inside a table cell or a heading
            run.items.append(LineBreak())
            run.space = True
        if tag == "br":
            run.items.append(LineBreak())
            run.space = True
            return
        if tag == "img":
            self._image(el, run)
            return
        if tag in _CODE_TAGS:
            code = _SPACE.sub(" ", "".join(el.itertext()))
            if code.strip():
                run.items.append(Code(code))
                run.space = False
            return
        if tag == "a" and NOTE_BODY.fullmatch((el.get("href") or "").removeprefix("#")):
            return  # a footnote or comment marker: its note is left out
        bold, italic = self._marks(el, marks)
        inner = _Run(space=run.space, line=run.line, pictures=run.pictures)
        self._text(el.text, inner, el)
        for child in el:
            self._inline(child, inner, (bold, italic))
        run.space, run.line = inner.space, run.line or inner.line
        items = inner.items
        if tag == "a":
            written = unwrap(el.get("href") or "").strip()
            href = kept_href(written)
            if written and not href and not written.startswith("#"):
                self.dropped.append((written, self.line(el)))
            if href:
                items = [
                    replace(i, href=href) if isinstance(i, Image) else i for i in items
                ]  # a linked picture keeps its link
                items = _wrap(items, lambda spans: Link(href, spans))
        if tag in ("s", "del", "strike"):
            items = _wrap(items, Struck)
        if italic and not marks[1]:
            items = _wrap(items, Emphasis)
        if bold and not marks[0]:
            items = _wrap(items, Strong)
        run.items.extend(items)

    def _marks(self, el: etree._Element, marks: tuple[bool, bool]) -> tuple[bool, bool]:
        """Bold and italic inside `el`: its tag, then its classes, then its style attribute."""
        bold, italic = marks
        if el.tag in _BOLD_TAGS:
            bold = True
        if el.tag in _ITALIC_TAGS:
            italic = True
        found = [self.marks.get(name, (None, None)) for name in classes(el)]
        found.append(declared(el.get("style") or ""))
        for set_bold, set_italic in found:
            bold = bold if set_bold is None else set_bold
            italic = italic if set_italic is None else set_italic
        return bold, italic

    def _image(self, el: etree._Element, run: _Run) -> None:
        src, line = (el.get("src") or "").strip(), self.line(el)
        alt = _SPACE.sub(" ", el.get("alt") or "").strip()
        title = _SPACE.sub(" ", el.get("title") or "").strip() or None
        if run.line is None:
            run.line = line
        if not run.pictures:
            self._text(alt, run, el)
        elif remote := remote_image(src):
            width, height = _pixels(el.get("width")), _pixels(el.get("height"))
            if any(side is not None and side <= PIXEL_MAX for side in (width, height)):
                self.pixels.append(line)  # 1 or 2 px: it shows nothing
                return
            sized = (width, height if width else None)  # a height alone cannot size it
            run.items.append(Image(remote, alt, line, title, None, *sized))
        elif is_site_path(src):  # on the published site: its alt text stays
            self.site_pictures.append((src, line))
            self._text(alt, run, el)
        elif self.local is not None and is_local(src):
            found = self.local(src)
            self.images.setdefault(found.name, found)
            run.items.append(Image(f"images/{found.name}", alt, line, title, found.name))
        elif alt:
            self._text(alt, run, el)
        run.space = False

    def _text(self, text: str | None, run: _Run, el: etree._Element) -> None:
        """Text with HTML's whitespace collapsed (across elements too)."""
        if not text:
            return
        text = _SPACE.sub(" ", text)
        if run.space:
            text = text.lstrip(" ")
        if text:
            if run.line is None and text.strip():
                run.line = self.line(el)
            if self.fragment or _in_link(el):
                run.items.append(Text(text))
            else:  # a typed address (Word and pages leave it unlinked) becomes its link
                run.items.extend(bare_links(text))
            run.space = text.endswith(" ")


# ---- helpers ----------------------------------------------------------------------------------


def _in_link(el: etree._Element) -> bool:
    return el.tag == "a" or next(el.iterancestors("a"), None) is not None


def _wrap(items: list[Inline | Image], make: Callable[[Spans], Inline]) -> list[Inline | Image]:
    """Each stretch of spans between images wrapped by `make` (Strong, Emphasis, a Link)."""
    out: list[Inline | Image] = []
    stretch: list[Inline] = []
    for item in [*items, None]:
        if isinstance(item, Image) or item is None:
            spans = merge(stretch)
            if any(not (isinstance(s, Text) and not s.text.strip()) for s in spans):
                out.append(make(spans))
            else:
                out.extend(spans)
            stretch = []
            if item is not None:
                out.append(item)
        else:
            stretch.append(item)
    return out


def _start(el: etree._Element) -> int:
    try:
        return max(0, int(el.get("start") or 1))
    except ValueError:
        return 1
