"""Article files -> Article: read the bytes, clean the lines, pick the reader, assemble.

The bytes are decoded by `decode` (a byte-order mark decides unless `--encoding` is given).
Word documents and web pages (`.docx`, `.html`, `.htm`, Google Docs' `.zip`) go to
`document` as bytes, never through the text path. Plain text goes to `plaintext`, Markdown
(`.md`, `.markdown`, or a `.txt` that plainly is Markdown, with a notice on the `Article`) to
`markdown`; both return an
`Outline` that `assemble` cuts into intro, sections, conclusion and closing question. Before
either reader runs, every kind of line break becomes one, control characters and kapmail's
reserved placeholder text are refused with their line, and a trailing model label line
(`4o`, `gpt-4o`) is dropped.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, replace
from pathlib import Path

from kapmail.content import suffixes
from kapmail.content.archive import ARTICLE_LIMIT
from kapmail.content.assemble import assemble, refuse_hidden_text
from kapmail.content.decode import DEFAULT_ENCODING, decode, looks_like_markdown
from kapmail.content.document import DOCUMENT_SUFFIXES, read_document
from kapmail.content.frontmatter import split_front_matter
from kapmail.content.model import Article
from kapmail.content.plaintext import read_plaintext
from kapmail.errors import KapmailError

MAX_BYTES = ARTICLE_LIMIT
MARKDOWN_SUFFIXES = suffixes.MARKDOWN
OTHER_DOCUMENTS = (".doc", ".odt", ".rtf", ".pages", ".pdf")  # binary: refused by name
MARKDOWN_STYLES, PLAIN_STYLES = ("h1", "h2", "h3"), ("numbered", "titled")
_LINE_BREAKS = str.maketrans(dict.fromkeys("\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029", "\n"))
_MODEL_LABEL = re.compile(
    r"^(?:chat)?(?:gpt[- ]?)?(?:4o(?:[- ]mini)?|o[1-4](?:[- ]mini)?|[345](?:\.\d)?(?:[- ]turbo)?)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Line:
    number: int
    text: str


def read_article(
    path: Path,
    *,
    encoding: str = DEFAULT_ENCODING,
    sections: str | None = None,
    conclusion: str | None = None,
    folder: Path | None = None,
) -> Article:
    """Read and parse an article file; errors name the file and line.

    `folder`: the campaign folder the article must stay inside once links are resolved.
    """
    raw = read_bounded(path, folder=folder)
    if path.suffix.lower() in OTHER_DOCUMENTS:
        raise KapmailError(
            f"kapmail does not read {path.suffix} files",
            file=path,
            hint="save it as a Word document (.docx), or export it as a web page (.html)",
        )
    if path.suffix.lower() in DOCUMENT_SUFFIXES:
        return read_document(
            raw, path=path, encoding=encoding, sections=sections, conclusion=conclusion
        )
    text = decode(raw, path=path, encoding=encoding)
    markdown = path.suffix.lower() in MARKDOWN_SUFFIXES
    why = None if markdown or sections in PLAIN_STYLES else looks_like_markdown(text)
    if why:
        try:
            article = parse_article(
                text, path=path, markdown=True, sections=sections, conclusion=conclusion
            )
        except KapmailError as exc:
            exc.hint = (
                f"{exc.hint + '; ' if exc.hint else ''}it was read as Markdown (it has {why})"
            )
            raise
        notice = f"{path}: read as Markdown (it has {why}); rename it .md to say so"
        return replace(article, notices=(*article.notices, notice))
    return parse_article(
        text, path=path, markdown=markdown, sections=sections, conclusion=conclusion
    )


def read_bounded(path: Path, *, folder: Path | None = None) -> bytes:
    """The bytes of a regular file (inside `folder` when given), at most `MAX_BYTES`.

    Opened without blocking (a FIFO never hangs), checked on the open file (a device or a
    FIFO is refused), and bounded by what is read, not by what the file system declares.
    """
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise KapmailError("article not found", file=path, hint="check the path") from None
    except OSError as exc:
        raise KapmailError(
            f"cannot read article: {exc.strerror}", file=path, hint="check the path"
        ) from None
    mode = os.fstat(handle).st_mode
    if not stat.S_ISREG(mode):
        os.close(handle)
        raise KapmailError(
            f"cannot read article: not a regular file ({_kind(mode)})",
            file=path,
            hint="give a text, Markdown, Word or web page file",
        )
    with os.fdopen(handle, "rb") as file:
        real = path.resolve()
        if folder is not None and folder.resolve() not in real.parents:
            raise KapmailError(
                f"the article leads outside the campaign folder (to {real})",
                file=path,
                hint="copy the article into the campaign folder instead of linking to it",
            )
        size = os.fstat(file.fileno()).st_size
        if size > MAX_BYTES:
            raise KapmailError(
                f"the article is {size / 1024 / 1024:.0f} MB; the limit is "
                f"{MAX_BYTES // 1024 // 1024} MB",
                file=path,
                hint="split it into several articles",
            )
        try:
            raw = file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise KapmailError(
                f"cannot read article: {exc.strerror}", file=path, hint="check the path"
            ) from None
    if len(raw) > MAX_BYTES:
        raise KapmailError(
            f"the article grew past {MAX_BYTES // 1024 // 1024} MB while it was read",
            file=path,
            hint="split it into several articles",
        )
    return raw


def _kind(mode: int) -> str:
    """What a file that is not a regular one is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"  # pragma: no cover (every other kind is named above)


def parse_article(
    text: str,
    *,
    path: Path,
    markdown: bool = False,
    sections: str | None = None,
    conclusion: str | None = None,
) -> Article:
    """Parse article text into its parts (no file access but a Markdown article's own images).

    `sections` and `conclusion` are the campaign's `[article]` settings.
    """
    lines = _clean_lines(text)
    if not any(line.text.strip() for line in lines):
        raise KapmailError("the article is empty", file=path, hint="add an intro and sections")
    refuse_hidden_text(((line.text, line.number) for line in lines), path)
    front, body = split_front_matter("\n".join(line.text for line in lines), path=path)
    if front.lines:
        lines = [_Line(n, line) for n, line in enumerate(body.split("\n"), start=1)]
        if not any(line.text.strip() for line in lines):
            raise KapmailError(
                "the article has front matter but no text",
                file=path,
                line=front.lines,
                hint="write the article below the front matter",
            )
    lines = _drop_model_label(lines)
    # [article] sections: a heading level speaks to Markdown, numbered/titled to plain text.
    if markdown:
        level = sections if sections in MARKDOWN_STYLES else None
        text = "\n".join(line.text for line in lines)
        from kapmail.content.markdown import read_markdown  # markdown-it: only for Markdown

        outline = read_markdown(text, sections=level, path=path)
    else:
        style = sections if sections in PLAIN_STYLES else None
        numbered = [(line.number, line.text) for line in lines]
        outline = read_plaintext(numbered, sections=style, conclusion=conclusion)
    if outline.title is None and front.title:
        outline = replace(outline, title=front.title)
    article = assemble(outline, path=path, conclusion=conclusion)
    return replace(
        article,
        description=front.description,
        language=front.language,
        notices=(*front.notices, *article.notices),
    )


def _clean_lines(text: str) -> list[_Line]:
    """Lines with every kind of line break (CRLF, Word's vertical tab, U+2028 …) as one."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").translate(_LINE_BREAKS)
    text = text.replace("\u00a0", " ").replace("\t", "    ")
    return [_Line(n, line) for n, line in enumerate(text.split("\n"), start=1)]


def _drop_model_label(lines: list[_Line]) -> list[_Line]:
    """Blank a trailing model label line (kept as a blank line, so line numbers hold)."""
    content = [line for line in lines if line.text.strip()]
    if len(content) > 1 and _MODEL_LABEL.match(content[-1].text.strip()):
        return [_Line(line.number, "") if line is content[-1] else line for line in lines]
    return lines
