"""Zip archives (.docx, Google Docs' zipped web page) inspected before anything is unpacked.

A .docx is a zip archive too. Before a byte is decompressed, an archive is refused when its
entries would unpack past `UNPACKED_LIMIT` (their declared sizes, which Python's zipfile
enforces while reading: a member that inflates past its declared size fails its read), when it
has more than `MAX_ENTRIES` entries, or when an entry names a path outside the archive
(absolute, a drive, `..`). An old `.doc` or a password-protected Word file is an OLE
compound file, not a zip: it gets its own message.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path, PurePosixPath

from kapmail.errors import KapmailError

ARTICLE_LIMIT = 10 * 1024 * 1024  # the article file itself (content.read.MAX_BYTES)
UNPACKED_LIMIT = 5 * ARTICLE_LIMIT  # everything inside, pictures included
MAX_ENTRIES = 2000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def open_zip(raw: bytes, *, path: Path, kind: str) -> zipfile.ZipFile:
    """The archive in `raw`, checked entry by entry; `kind` (".docx", ".zip") names it."""
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
    total = sum(entry.file_size for entry in entries)
    if total > UNPACKED_LIMIT:
        raise KapmailError(
            f"the {kind} file would unpack to {total / 1024 / 1024:.0f} MB; the limit is "
            f"{UNPACKED_LIMIT // 1024 // 1024} MB",
            file=path,
            hint="make the pictures smaller, or split the article",
        )
    return archive


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
