"""Documents in: a .docx, a web page (.html, .htm) or Google Docs' zipped page (.zip) ->
Article, through the one HTML reader (`content.html`) and `assemble`.

A .docx goes through mammoth (`content.word`); its blocks are numbered by paragraph, so
errors say "paragraph N". A page is decoded by its byte-order mark, else its
`<meta charset>`, else as UTF-8 (`--encoding` wins); its local images are read from beside
it (the `images/` folder Google Docs writes), never from outside its folder. A .zip holds one
page and its images; it is inspected (`content.archive`) before anything is unpacked.
Images, wherever they come from, together stay under `archive.UNPACKED_LIMIT`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from kapmail.content import suffixes
from kapmail.content.archive import UNPACKED_LIMIT, inside, open_zip, read_entry
from kapmail.content.assemble import assemble
from kapmail.content.decode import BOMS, DEFAULT_ENCODING, decode
from kapmail.content.imagefile import image_file
from kapmail.content.model import Article, ImageFile
from kapmail.errors import KapmailError

if TYPE_CHECKING:  # the readers (lxml, mammoth) are imported when a document is read
    from kapmail.content.html import LocalImage, Page

DOCUMENT_SUFFIXES = suffixes.DOCUMENTS
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


def read_document(
    raw: bytes,
    *,
    path: Path,
    encoding: str = DEFAULT_ENCODING,
    sections: str | None = None,
    conclusion: str | None = None,
) -> Article:
    """The article in the document `raw` read from `path` (its suffix says which kind)."""
    from kapmail.content.html import read_html

    suffix = path.suffix.lower()
    notices: tuple[str, ...] = ()
    if suffix in suffixes.WORD:
        from kapmail.content.word import convert

        converted = convert(raw, path=path)
        html, notices = converted.html, converted.notices
        try:
            page = read_html(
                html,
                path=path,
                sections=sections,
                local=converted.images.__getitem__,
                by_paragraph=True,
                noun="document",
            )
        except KapmailError as exc:
            if converted.plain_styles and exc.message.endswith("has no headings"):
                names = ", ".join(repr(name) for name in converted.plain_styles)
                exc.hint = f"{exc.hint}; these styles were read as plain text: {names}"
            raise
    elif suffix in suffixes.ZIPPED_PAGE:
        html, local = _zipped_page(raw, path, encoding)
        page = read_html(html, path=path, sections=sections, local=local)
    else:
        html = _page_text(raw, path, encoding)
        page = read_html(html, path=path, sections=sections, local=_beside(path))
    try:
        article = assemble(page.outline, path=path, conclusion=conclusion)
    except KapmailError as exc:
        if page.by_paragraph and exc.line is not None:
            exc.message, exc.line = f"paragraph {exc.line}: {exc.message}", None
        raise
    unit = "paragraph" if page.by_paragraph else "line"
    notices = (*notices, *article.notices, *_left_out(page, path))
    return replace(article, notices=notices, line_unit=unit)


def _left_out(page: Page, path: Path) -> list[str]:
    """Notices for the footnotes and comments the reader left out."""
    notices = []
    if page.footnotes:
        notices.append(
            f"{path}: {page.footnotes} footnote(s) left out (emails carry no notes); "
            "put what readers need into the text"
        )
    if page.comments:
        notices.append(f"{path}: {page.comments} comment(s) left out")
    return notices


# ---- web pages --------------------------------------------------------------------------------


def _page_text(raw: bytes, path: Path, encoding: str) -> str:
    """The page's text: `--encoding`, else a byte-order mark, else `<meta charset>`, else UTF-8."""
    if encoding == DEFAULT_ENCODING and not any(raw.startswith(bom) for bom, _ in BOMS):
        declared = _CHARSET.search(raw[:4096])
        if declared:
            encoding = declared[1].decode("ascii")
    return decode(raw, path=path, encoding=encoding)


def _budget(path: Path) -> Callable[[bytes, str], ImageFile]:
    """`image_file`, refusing once the images together pass `UNPACKED_LIMIT`."""
    total = 0

    def take(data: bytes, origin: str) -> ImageFile:
        nonlocal total
        total += len(data)
        if total > UNPACKED_LIMIT:
            raise KapmailError(
                f"the page's images pass {UNPACKED_LIMIT // 1024 // 1024} MB together",
                file=path,
                hint="make the pictures smaller, or split the article",
            )
        return image_file(data, origin, path=path)

    return take


def _relative(src: str, path: Path) -> str:
    """A page-relative image path (`images/a.png`); one outside the page's folder is refused."""
    name = unquote(urlsplit(src).path)
    if not name or not inside(name):
        raise _outside(src, path)
    return posixpath.normpath(name)


def _outside(src: str, path: Path) -> KapmailError:
    return KapmailError(
        f"the image {src!r} is outside the page's folder",
        file=path,
        hint="keep the page's images in the images/ folder beside it",
    )


def _missing(name: str, path: Path, where: str) -> KapmailError:
    return KapmailError(
        f"the image {name} is not {where}",
        file=path,
        hint="keep the images/ folder beside the page, or download it from Google Docs "
        "as File > Download > Web page (.html, zipped)",
    )


def _beside(path: Path) -> LocalImage:
    """Images from the page's own folder."""
    folder = path.parent.resolve()
    take = _budget(path)

    def local(src: str) -> ImageFile:
        name = _relative(src, path)
        file = (folder / name).resolve()
        if not file.is_relative_to(folder):  # a symbolic link pointing out
            raise _outside(src, path)
        try:
            if file.stat().st_size > UNPACKED_LIMIT:
                raise KapmailError(
                    f"the image {name} is over {UNPACKED_LIMIT // 1024 // 1024} MB",
                    file=path,
                    hint="make the picture smaller",
                )
            data = file.read_bytes()
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise _missing(name, path, "beside the page") from None
        except OSError as exc:
            raise KapmailError(
                f"cannot read the image {name}: {exc.strerror}", file=path, hint="check the file"
            ) from None
        return take(data, name)

    return local


def _zipped_page(raw: bytes, path: Path, encoding: str) -> tuple[str, LocalImage]:
    """The one page in a .zip and its images from beside it in the archive."""
    archive = open_zip(raw, path=path, kind=".zip")
    names = set(archive.namelist())
    pages = sorted(n for n in names if n.lower().endswith(suffixes.PAGES))
    if len(pages) != 1:
        found = "no web page" if not pages else f"{len(pages)} web pages ({', '.join(pages)})"
        raise KapmailError(
            f"the .zip holds {found}; it should hold one, with its images/ folder",
            file=path,
            hint="download it from Google Docs as File > Download > Web page (.html, zipped)",
        )
    page = pages[0]
    html = _page_text(read_entry(archive, page, path=path), path, encoding)
    folder = posixpath.dirname(page)
    take = _budget(path)

    def local(src: str) -> ImageFile:
        name = posixpath.normpath(posixpath.join(folder, _relative(src, path)))
        if name not in names:
            raise _missing(name, path, "in the .zip")
        return take(read_entry(archive, name, path=path), name)

    return html, local
