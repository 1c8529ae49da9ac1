"""Image bytes that came with an article -> `ImageFile`: the format checked by its magic
bytes (PNG, JPEG, GIF, WebP: what every mail client shows) and a stable name from a hash.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from kapmail.content.model import ImageFile
from kapmail.errors import KapmailError

_FORMATS = (
    (b"\x89PNG\r\n\x1a\n", ".png"),
    (b"\xff\xd8\xff", ".jpg"),
    (b"GIF87a", ".gif"),
    (b"GIF89a", ".gif"),
)


def suffix_of(data: bytes) -> str | None:
    """`.png`, `.jpg`, `.gif` or `.webp` from the bytes themselves, or None."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    return next((suffix for magic, suffix in _FORMATS if data.startswith(magic)), None)


def image_file(data: bytes, origin: str, *, path: Path) -> ImageFile:
    """The image found at `origin` in the article `path`; an unknown format is refused."""
    suffix = suffix_of(data)
    if suffix is None:
        raise KapmailError(
            f"the image {origin} is not a PNG, JPEG, GIF or WebP file",
            file=path,
            hint="save the picture as PNG or JPEG and put it in again",
        )
    return ImageFile(hashlib.sha256(data).hexdigest()[:16] + suffix, data, origin)


def unique(files: Iterable[ImageFile]) -> tuple[ImageFile, ...]:
    """Each image once (the same picture used twice has one name), in first-use order."""
    seen: dict[str, ImageFile] = {}
    for file in files:
        seen.setdefault(file.name, file)
    return tuple(seen.values())
