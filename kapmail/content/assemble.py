"""Outline -> Article: cut a reader's headings and blocks into intro, sections and closing.

Blocks before the first heading are the intro; each heading starts a section, except a
conclusion heading (`closing.is_conclusion`), which starts the conclusion. The closing
question is the last paragraph of the conclusion (or of the last section when there is no
conclusion) when it is a question; an article may also end without one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kapmail.content.closing import is_conclusion, is_question
from kapmail.content.model import (
    Article,
    Block,
    Heading,
    Outline,
    Paragraph,
    Section,
    SubHeading,
    Text,
    strings,
)
from kapmail.errors import KapmailError
from kapmail.placeholders import PREFIX as RESERVED
from kapmail.text import file_title, find_control


def refuse_hidden_text(texts: Iterable[tuple[str, int | None]], path: Path) -> None:
    """kapmail's reserved placeholder text, a control character or a Unicode non-character in
    any of `texts` (each with its line) is an error naming the file and line. Run on the raw
    lines and again on what a reader made (link targets and alt texts included), where a
    character reference (`&#95;_KAPMAIL_…`, `&#1;`) has been decoded."""
    for text, line in texts:
        found = find_control(text)
        if found:
            code = ord(found.group(0))
            kind = "control character" if code < 0x100 else "non-character"
            raise KapmailError(
                f"{kind} U+{code:04X} in the text",
                file=path,
                line=line,
                hint="delete it (it often comes from pasting out of another program)",
            )
        if RESERVED in text:
            raise KapmailError(
                f"the text {RESERVED!r} is reserved for kapmail",
                file=path,
                line=line,
                hint="remove it from the article",
            )


@dataclass
class _Part:
    heading: Heading
    blocks: list[Block] = field(default_factory=list)


def assemble(outline: Outline, *, path: Path, conclusion: str | None = None) -> Article:
    """The article's parts; errors name the file and line and say what to write.

    Every section has text: a heading followed directly by another takes that one in as a
    sub-heading. A section after the conclusion is kept, in order, as a sub-heading of the
    closing part. A last heading with nothing under it is left out, with a notice. An
    article without headings is one section, named by its title."""
    refuse_hidden_text(strings(outline), path)
    intro: list[Block] = []
    sections: list[_Part] = []
    closing: _Part | None = None
    for part in outline.parts:
        if isinstance(part, Heading):
            if closing is not None:
                closing.blocks.append(SubHeading((Text(part.title),), part.line))
            elif is_conclusion(part.title, conclusion):
                closing = _Part(part)
            elif sections and not sections[-1].blocks:
                sections[-1].blocks.append(SubHeading((Text(part.title),), part.line))
            else:
                sections.append(_Part(part))
        else:
            target = closing or (sections[-1] if sections else None)
            (target.blocks if target else intro).append(part)
    notices = outline.notices
    if closing is None and len(sections) > 1 and not sections[-1].blocks:
        # A last heading with nothing after it: a "References" whose footnotes went to the
        # parts citing them, a "Comments" the site filled. No email to make of it.
        empty = sections.pop().heading
        notices += (
            f"{path}: the last heading, {empty.title!r}, has nothing under it "
            "(footnotes go with the part that cites them) and makes no email",
        )
    if not sections and closing is None:
        if not intro:
            raise KapmailError("the article has no text", file=path, hint="write the article")
        name = outline.title or file_title(path) or "Article"
        first = intro[0].line
        sections, intro = [_Part(Heading(name, first), list(intro))], []
    elif not sections:
        raise KapmailError(
            "no sections found",
            file=path,
            hint="start each section with a heading: '1. Title' or a short title line in "
            "plain text, '## Title' in Markdown (or set [article] sections)",
        )
    question = _take_question(closing.blocks if closing else sections[-1].blocks)
    for section in sections:
        if not section.blocks:
            raise KapmailError(
                f"section {section.heading.title!r} has no text",
                file=path,
                line=section.heading.line,
                hint="write at least one paragraph under each heading",
            )
    return Article(
        path=path,
        title=outline.title,
        intro=tuple(intro),
        sections=tuple(
            Section(p.heading.number, p.heading.title, tuple(p.blocks), p.heading.line)
            for p in sections
        ),
        conclusion_title=closing.heading.title if closing else None,
        conclusion=tuple(closing.blocks) if closing else (),
        question=question,
        images=outline.images,
        notices=notices,
    )


def _take_question(blocks: list[Block]) -> Paragraph | None:
    """Remove and return the closing question (the last block before any footnotes, a
    paragraph asking)."""
    at = len(blocks) - 1
    while at >= 0 and _is_note(blocks[at]):
        at -= 1
    last = blocks[at] if at >= 0 else None
    if isinstance(last, Paragraph) and not last.note and is_question(last.text):
        del blocks[at]
        return last
    return None


def _is_note(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.note
