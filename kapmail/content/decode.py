"""Article bytes -> text, and whether a plain-text file is really Markdown.

Without `--encoding`, a byte-order mark decides: UTF-8 (with or without one), UTF-16 LE or
BE (Windows Notepad's "Unicode"), UTF-32. Any other encoding needs `--encoding`, which then
wins over a mark. A `.txt` with `#` headings (and `**bold**`, links or lists beside them) is
Markdown saved under the wrong name: `looks_like_markdown` says why, for a one-line notice.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from kapmail.errors import KapmailError

DEFAULT_ENCODING = "utf-8"
# Longest first: a UTF-32 LE mark starts with the UTF-16 LE one.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_WIDE = ("utf-16", "utf-32")  # codecs whose text holds NUL bytes
_HEADING = re.compile(r"^#{1,6}[ \t]+\S", re.MULTILINE)
_BOLD = re.compile(r"(?<!\*)\*\*[^*\n]+\*\*(?!\*)")
_LINK = re.compile(r"\[[^\]\n]+\]\((?:https?://|mailto:)[^)\s]+\)")
_LIST = re.compile(r"^[ \t]*[-*+][ \t]+\S", re.MULTILINE)


def decode(raw: bytes, *, path: Path, encoding: str = DEFAULT_ENCODING) -> str:
    """The article's text; errors name the file and say which option to pass."""
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        raise KapmailError(f"unknown encoding {encoding!r}", file=path) from None
    if name == DEFAULT_ENCODING:  # the default: let a byte-order mark decide
        name = next((codec for bom, codec in BOMS if raw.startswith(bom)), name)
    if b"\x00" in raw and not name.startswith(_WIDE):
        raise KapmailError(
            "this is not a text file",
            file=path,
            hint="give a .txt, .md, .docx or .html article (UTF-16 without a byte-order mark needs "
            "--encoding utf-16-le or utf-16-be)",
        )
    try:
        return raw.decode(name)
    except UnicodeDecodeError as exc:
        raise KapmailError(
            f"not valid {name.removesuffix('-sig')} at byte {exc.start}",
            file=path,
            hint="save it as UTF-8 or pass --encoding",
        ) from None


def looks_like_markdown(text: str) -> str | None:
    """Why plain text looks like Markdown ("# headings and **bold**"), or None.

    It takes a `#` heading line and one more sign: a second heading, `**bold**`, a
    `[text](url)` link or two `- ` list lines.
    """
    headings = len(_HEADING.findall(text))
    if not headings:
        return None
    signs = [
        sign
        for sign, found in (
            ("**bold**", _BOLD.search(text)),
            ("[links](…)", _LINK.search(text)),
            ("- lists", len(_LIST.findall(text)) >= 2),
        )
        if found
    ]
    if headings < 2 and not signs:
        return None
    names = ["# headings", *signs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
