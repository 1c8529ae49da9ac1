"""Article text (plain or Markdown) -> Article: intro, sections, conclusion, question.

Plain text: a section starts at a numbered heading line (`1. Title` or `1) Title`), the
conclusion at a line such as `Conclusion`. Paragraphs are separated by blank lines; a
document with no blank lines at all has one paragraph per line. Markdown: `#` is the title,
`##`/`###` headings start sections. Either way the last paragraph, ending in `?`, is the
closing question, and a trailing model label line (`4o`, `gpt-4o`) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from kapmail.content.model import Article, Paragraph, Section
from kapmail.errors import KapmailError
from kapmail.placeholders import PREFIX as RESERVED

MAX_BYTES = 10 * 1024 * 1024
_LINE_BREAKS = str.maketrans(dict.fromkeys("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "\n"))
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
_NUMBERED = re.compile(r"^(\d{1,3})[.)]\s+(\S.*)$")
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_CONCLUSION = re.compile(
    r"^(?:\d{1,3}[.)]\s+)?(conclusion|in conclusion|conclusions|summary|final thoughts|"
    r"closing thoughts|wrapping up)\s*:?$",
    re.IGNORECASE,
)
_MODEL_LABEL = re.compile(
    r"^(?:chat)?(?:gpt[- ]?)?(?:4o(?:[- ]mini)?|o[1-4](?:[- ]mini)?|[345](?:\.\d)?(?:[- ]turbo)?)$",
    re.IGNORECASE,
)
_MD_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
_MD_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")
HEADING_MAX = 100


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


def read_article(path: Path, *, encoding: str = "utf-8") -> Article:
    """Read and parse an article file; errors name the file and line."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise KapmailError(
                f"the article is {size / 1024 / 1024:.0f} MB; the limit is "
                f"{MAX_BYTES // 1024 // 1024} MB",
                file=path,
                hint="split it into several articles",
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        raise KapmailError("article not found", file=path, hint="check the path") from None
    except OSError as exc:
        raise KapmailError(
            f"cannot read article: {exc.strerror}", file=path, hint="check the path"
        ) from None
    if b"\x00" in raw:
        raise KapmailError("this is not a text file", file=path, hint="give a .txt or .md article")
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as exc:
        raise KapmailError(
            f"not valid {encoding} at byte {exc.start}",
            file=path,
            hint="save it as UTF-8 or pass --encoding",
        ) from None
    except LookupError:
        raise KapmailError(f"unknown encoding {encoding!r}", file=path) from None
    markdown = path.suffix.lower() in {".md", ".markdown"}
    return parse_article(text, path=path, markdown=markdown)


def parse_article(text: str, *, path: Path, markdown: bool = False) -> Article:
    """Parse article text into its parts (pure: no file access)."""
    lines = _clean_lines(text)
    if not any(line.text for line in lines):
        raise KapmailError("the article is empty", file=path, hint="add an intro and sections")
    control = next((line for line in lines if _CONTROL.search(line.text)), None)
    if control:
        char = _CONTROL.search(control.text).group(0)
        raise KapmailError(
            f"control character U+{ord(char):04X} in the text",
            file=path,
            line=control.number,
            hint="delete it (it often comes from pasting out of another program)",
        )
    reserved = next((line for line in lines if RESERVED in line.text), None)
    if reserved:
        raise KapmailError(
            f"the text {RESERVED!r} is reserved for kapmail",
            file=path,
            line=reserved.number,
            hint="remove it from the article",
        )
    lines = _drop_model_label(lines)
    title, blocks = _blocks(lines, markdown=markdown)
    return _assemble(blocks, title=title, path=path)


def _clean_lines(text: str) -> list[_Line]:
    """Lines with every kind of line break (CRLF, Word's vertical tab, U+2028 …) as one."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").translate(_LINE_BREAKS)
    text = text.replace("\u00a0", " ").replace("\t", " ")
    return [_Line(n, line.strip()) for n, line in enumerate(text.split("\n"), start=1)]


def _drop_model_label(lines: list[_Line]) -> list[_Line]:
    content = [line for line in lines if line.text]
    if len(content) > 1 and _MODEL_LABEL.match(content[-1].text):
        return [line for line in lines if line is not content[-1]]
    return lines


@dataclass(frozen=True)
class _Heading:
    line: int
    title: str
    number: int | None


_Block = _Heading | Paragraph


def _blocks(lines: list[_Line], *, markdown: bool) -> tuple[str | None, list[_Block]]:
    """Split lines into headings and paragraphs."""
    body = _trim(lines)
    one_per_line = not markdown and all(line.text for line in body)
    title: str | None = None
    blocks: list[_Block] = []
    pending: list[_Line] = []

    def flush() -> None:
        if pending:
            text = " ".join(line.text for line in pending)
            blocks.append(Paragraph(_inline(text) if markdown else text, pending[0].number))
            pending.clear()

    for line in body:
        heading = _heading(line, markdown=markdown)
        if heading is not None:
            flush()
            level, number, name = heading
            if markdown and level == 1 and title is None and not blocks:
                title = name
            else:
                blocks.append(_Heading(line.number, name, number))
        elif not line.text:
            flush()
        else:
            pending.append(line)
            if one_per_line:
                flush()
    flush()
    return title, blocks


def _trim(lines: list[_Line]) -> list[_Line]:
    start = next((i for i, line in enumerate(lines) if line.text), len(lines))
    end = max((i for i, line in enumerate(lines) if line.text), default=-1) + 1
    return lines[start:end]


def _heading(line: _Line, *, markdown: bool) -> tuple[int, int | None, str] | None:
    """(level, number, title) when the line is a heading, else None."""
    text = line.text
    if markdown:
        match = _MD_HEADING.match(text)
        if not match:
            return None
        level, name = len(match.group(1)), _inline(match.group(2))
        numbered = _NUMBERED.match(name)
        if numbered:
            return level, int(numbered.group(1)), numbered.group(2).strip()
        return level, None, name
    if _CONCLUSION.match(text):
        return 2, None, text.rstrip(":.")
    numbered = _NUMBERED.match(text)
    if numbered and _looks_like_title(numbered.group(2)):
        return 2, int(numbered.group(1)), numbered.group(2).strip()
    return None


def _looks_like_title(text: str) -> bool:
    return (
        len(text) <= HEADING_MAX and not text.endswith((".", ",", ";")) and not text[:1].islower()
    )


def _inline(text: str) -> str:
    """Markdown inline markup to plain text: emphasis dropped, links as `text (url)`."""
    text = _MD_LINK.sub(r"\1 (\2)", text)
    return _MD_EMPHASIS.sub(r"\2", text)


def _assemble(blocks: list[_Block], *, title: str | None, path: Path) -> Article:
    intro: list[Paragraph] = []
    sections: list[tuple[int, str, list[Paragraph], int]] = []
    conclusion_title: str | None = None
    conclusion: list[Paragraph] = []
    target = intro
    for block in blocks:
        if isinstance(block, _Heading):
            line, name, number = block.line, block.title, block.number
            if _CONCLUSION.match(name):
                conclusion_title, target = name, conclusion
            elif conclusion_title is not None:
                raise KapmailError(
                    f"section {name!r} comes after the conclusion",
                    file=path,
                    line=line,
                    hint="put the conclusion last",
                )
            else:
                target = []
                sections.append((number or len(sections) + 1, name, target, line))
        else:
            target.append(block)
    if not sections:
        raise KapmailError(
            "no sections found",
            file=path,
            hint="start each section with a numbered heading such as '1. Title' "
            "(or '## Title' in Markdown)",
        )
    question = _take_question(conclusion if conclusion_title else sections[-1][2])
    for _number, name, paragraphs, line in sections:
        if not paragraphs:
            raise KapmailError(
                f"section {name!r} has no text",
                file=path,
                line=line,
                hint="write at least one paragraph under each heading",
            )
    return Article(
        path=path,
        title=title,
        intro=tuple(intro),
        sections=tuple(Section(n, name, tuple(p), line) for n, name, p, line in sections),
        conclusion_title=conclusion_title,
        conclusion=tuple(conclusion),
        question=question,
    )


def _take_question(paragraphs: list[Paragraph]) -> Paragraph | None:
    """Remove and return the closing question (the last paragraph, ending in '?')."""
    if paragraphs and paragraphs[-1].text.rstrip("\"'”’)").endswith("?"):
        return paragraphs.pop()
    return None
