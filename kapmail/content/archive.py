"""Zip archives (.docx, Google Docs' zipped web page), checked before anyone reads them.

A .docx is a zip archive too. An archive is refused when its entries declare more than
`UNPACKED_LIMIT` together, when it has more than `MAX_ENTRIES` entries, when two entries
share a name, or when an entry names a path outside the archive (absolute, a drive, `..`).
Then every entry is inflated once, streamed in `CHUNK` pieces and thrown away, bounded by
what it really inflates to, not by what it declares: an entry that inflates past its
declared size, past `MAX_RATIO` times its compressed size, or the archive past
`UNPACKED_LIMIT`, is refused before any reader (mammoth included) opens the archive; so no
reader ever inflates more than the declared sizes. An old `.doc` or a password-protected
Word file is an OLE compound file, not a zip: it gets its own message.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from kapmail.errors import KapmailError

if TYPE_CHECKING:  # loaded when an archive is opened: a text article needs none
    import zipfile

ARTICLE_LIMIT = 10 * 1024 * 1024  # the article file itself (content.read.MAX_BYTES)
UNPACKED_LIMIT = 5 * ARTICLE_LIMIT  # everything inside, pictures included
MAX_ENTRIES = 2000
MAX_RATIO = 100  # inflated / compressed size of one entry (Word's XML: 5-20)
RATIO_FLOOR = 1024 * 1024  # the ratio is judged once an entry has inflated this much
CHUNK = 1024 * 1024  # at most this much inflated data is held at once
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # a zip entry's local file header
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_zip(raw: bytes, *, path: Path, kind: str) -> zipfile.ZipFile:
    """The archive in `raw`, checked entry by entry; `kind` (".docx", ".zip") names it."""
    import zipfile

    if raw.startswith(OLE_MAGIC):
        raise KapmailError(
            "this is a password-protected document or an old .doc, not a .docx",
            file=path,
            hint="open it in Word and save it as .docx without a password",
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise KapmailError(
            f"not a valid {kind} file (it is not a zip archive, or a damaged one)",
            file=path,
            hint=_resave(kind),
        ) from None
    if len(entries) > MAX_ENTRIES:
        raise KapmailError(
            f"the {kind} file holds {len(entries)} files; the limit is {MAX_ENTRIES}",
            file=path,
            hint=_resave(kind),
        )
    outside = next((e.filename for e in entries if not inside(e.filename)), None)
    if outside is not None:
        raise KapmailError(
            f"the {kind} file names a path outside itself: {outside!r}",
            file=path,
            hint="this archive was not made by Word or Google Docs; " + _resave(kind),
        )
    names = [entry.filename for entry in entries]
    twice = next((name for name in names if names.count(name) > 1), None)
    if twice is not None:
        raise KapmailError(
            f"the {kind} file holds two entries named {twice!r}",
            file=path,
            hint="this archive was not made by Word or Google Docs; " + _resave(kind),
        )
    total = sum(entry.file_size for entry in entries)
    if total > UNPACKED_LIMIT:
        raise KapmailError(_too_big(kind, total), file=path, hint=_smaller())
    inflated = 0
    for entry in entries:
        inflated += inflate(raw, entry, path=path, kind=kind, budget=UNPACKED_LIMIT - inflated)
    return archive


def inflate(raw: bytes, entry: zipfile.ZipInfo, *, path: Path, kind: str, budget: int) -> int:
    """Inflate one entry of the archive in `raw` in pieces, keeping none: its true size.

    Refused: past its declared size, past `MAX_RATIO` times its compressed size, past
    `budget`, a bad CRC, or a compression Word and Google Docs never use.
    """
    import zipfile

    if entry.is_dir():
        return 0
    data = _compressed(raw, entry, path=path, kind=kind)
    if entry.compress_type == zipfile.ZIP_STORED:
        pieces: Iterator[bytes] = iter([data])
    elif entry.compress_type == zipfile.ZIP_DEFLATED:
        pieces = _deflated(data)
    else:
        raise KapmailError(
            f"{entry.filename} in the {kind} file uses a compression kapmail does not read",
            file=path,
            hint=_resave(kind),
        )
    size, crc = 0, 0
    try:
        for piece in pieces:
            size += len(piece)
            crc = zlib.crc32(piece, crc)
            if size > entry.file_size:
                raise KapmailError(
                    f"{entry.filename} in the {kind} file inflates past the "
                    f"{entry.file_size} bytes it declares",
                    file=path,
                    hint="this archive was not made by Word or Google Docs; " + _resave(kind),
                )
            if size > RATIO_FLOOR and size > MAX_RATIO * max(len(data), 1):
                raise KapmailError(
                    f"{entry.filename} in the {kind} file inflates over {MAX_RATIO} times "
                    "its compressed size (a zip bomb?)",
                    file=path,
                    hint=_resave(kind),
                )
            if size > budget:
                raise KapmailError(_too_big(kind, UNPACKED_LIMIT + 1), file=path, hint=_smaller())
    except zlib.error as exc:
        raise KapmailError(
            f"cannot unpack {entry.filename}: {exc}",
            file=path,
            hint="download or save the file again",
        ) from None
    if size != entry.file_size or crc != entry.CRC:
        raise KapmailError(
            f"cannot unpack {entry.filename}: it is damaged (its size or CRC is wrong)",
            file=path,
            hint="download or save the file again",
        )
    return size


def _compressed(raw: bytes, entry: zipfile.ZipInfo, *, path: Path, kind: str) -> bytes:
    """An entry's compressed bytes, found through its local header."""
    start = entry.header_offset
    header = raw[start : start + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size or header[:4] != b"PK\x03\x04":
        raise KapmailError(
            f"not a valid {kind} file (a damaged entry: {entry.filename})",
            file=path,
            hint=_resave(kind),
        )
    fields = _LOCAL_HEADER.unpack(header)
    begin = start + _LOCAL_HEADER.size + fields[-2] + fields[-1]  # name and extra lengths
    return raw[begin : begin + entry.compress_size]


def _deflated(data: bytes) -> Iterator[bytes]:
    """Raw deflate data inflated `CHUNK` bytes at a time."""
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    pending = data
    while pending and not inflater.eof:
        piece = inflater.decompress(pending, CHUNK)
        pending = inflater.unconsumed_tail
        yield piece
    while not inflater.eof and (piece := inflater.decompress(b"", CHUNK)):
        yield piece
    if not inflater.eof:
        raise zlib.error("the compressed data ends too soon")


def _too_big(kind: str, total: int) -> str:
    return (
        f"the {kind} file would unpack to {total / 1024 / 1024:.0f} MB; the limit is "
        f"{UNPACKED_LIMIT // 1024 // 1024} MB"
    )


def _smaller() -> str:
    return "make the pictures smaller, or split the article"


def inside(name: str) -> bool:
    """A relative path that stays inside its folder (`images/a.png`, not `../a`, `/a`, `C:a`)."""
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return (
        bool(parts)
        and not name.startswith(("/", "\\"))
        and ":" not in parts[0]
        and (".." not in parts)
    )


def read_entry(archive: zipfile.ZipFile, name: str, *, path: Path) -> bytes:
    """One member's bytes; a damaged member is the archive's error."""
    import zipfile

    try:
        return archive.read(name)
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as exc:
        raise KapmailError(
            f"cannot unpack {name}: {exc}", file=path, hint="download or save the file again"
        ) from None


def _resave(kind: str) -> str:
    if kind == ".docx":
        return "open it in Word and save it again as .docx"
    return "download it again from Google Docs with File > Download > Web page (.html, zipped)"
