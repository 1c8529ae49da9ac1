"""The parsed article: intro, numbered sections, conclusion and closing question.

Every reader (plain text, Markdown) produces this; the planner consumes it. Each paragraph
knows the source line it starts on, so checks and errors can point at the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of prose and the line of the source it starts on."""

    text: str
    line: int


@dataclass(frozen=True)
class Section:
    """A numbered part of the article: one email of the series."""

    number: int
    title: str
    paragraphs: tuple[Paragraph, ...]
    line: int


@dataclass(frozen=True)
class Article:
    """The parsed article."""

    path: Path
    title: str | None
    intro: tuple[Paragraph, ...]
    sections: tuple[Section, ...]
    conclusion_title: str | None
    conclusion: tuple[Paragraph, ...]
    question: Paragraph | None
