"""A document without headings: its short bold lines read as headings.

Many Word files and pages are written without heading styles: the title and each section's
heading are ordinary paragraphs set in bold. When a document has no heading at all,
`promote` turns such lines into headings in place (`<h2>`, and the first into the title's
`<h1>` when it opens the document), so the article is cut into emails where its writer cut
it. A line counts when all its text is bold (`<strong>`, `<b>`, a bold CSS class or style),
it is short, it does not end like a sentence or a lead-in (`.`, `,`, `;`, `:`), it holds no
picture, it is outside lists, quotes and tables, and prose follows it. At least two such
lines are needed: one bold line alone is emphasis, not an outline.
"""

from __future__ import annotations

from lxml import etree

from kapmail.content.htmlpage import Marks, classes, declared, has_text

MOST_CHARACTERS = 90  # a heading is a line, not a bold sentence of a paragraph
_SENTENCE_END = (".", ",", ";", ":")
_BOLD_TAGS = ("strong", "b")


def promote(body: etree._Element, marks: dict[str, Marks]) -> list[etree._Element]:
    """Turn the bold lines of `body` that read as headings into headings; the promoted
    elements in document order (none when fewer than two qualify)."""
    blocks = [el for el in body.iter("p") if has_text(el) or el.find(".//img") is not None]
    found = [
        p
        for p, after in zip(blocks, [*blocks[1:], None], strict=True)
        if _heading_like(p, after, marks)
    ]
    if len(found) < 2:
        return []
    titled = any("title" in classes(el) for el in body.iter("p", "div"))
    for el in found:
        el.tag = "h2"
    if not titled and blocks and found[0] is blocks[0]:
        found[0].tag = "h1"  # `title_element` takes a lone first h1 with headings after it
    return found


def _heading_like(p: etree._Element, after: etree._Element | None, marks: dict[str, Marks]) -> bool:
    text = " ".join("".join(p.itertext()).split())
    if not text or len(text) > MOST_CHARACTERS or text.endswith(_SENTENCE_END):
        return False
    if p.find(".//img") is not None or _inside_outline_exception(p):
        return False
    if after is None or _all_bold(after, marks):  # a heading introduces prose
        return False
    return _all_bold(p, marks)


def _inside_outline_exception(el: etree._Element) -> bool:
    return any(a.tag in ("li", "blockquote", "table") for a in el.iterancestors())


def _all_bold(p: etree._Element, marks: dict[str, Marks]) -> bool:
    """Whether every visible character of `p` is bold."""
    for el in p.iter():
        if (el.text or "").strip() and not _bold(el, p, marks):
            return False
        if el is not p and (el.tail or "").strip() and not _bold(el.getparent(), p, marks):
            return False
    return True


def _bold(el: etree._Element | None, top: etree._Element, marks: dict[str, Marks]) -> bool:
    """Whether text directly inside `el` is bold: the innermost element that says decides."""
    while el is not None:
        if el.tag in _BOLD_TAGS:
            return True
        said = declared(el.get("style") or "")[0]
        for name in classes(el):
            said = marks.get(name, (None, None))[0] if said is None else said
        if said is not None:
            return said
        if el is top:
            return False
        el = el.getparent()
    return False
