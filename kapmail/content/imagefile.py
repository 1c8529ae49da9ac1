"""Image bytes that came with an article -> `ImageFile`: the format sniffed from the magic
bytes (never the file name), a stable name drawn from the bytes.

Every reader that finds a picture (a Markdown `![alt](images/x.png)`, a .docx's
`word/media/`, a web page's `images/` folder) hands its bytes to `image_file`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from kapmail.content.model import ImageFile
from kapmail.errors import KapmailError

FORMATS = "PNG, JPEG, GIF or WebP"
MAX_IMAGE_BYTES = 20 * 1024 * 1024
NAME_DIGITS = 16  # hex digits of the SHA-256 in a name: 64 bits, no collision in one article
_ANY_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
SUFFIXES = {"png": "png", "jpeg": "jpg", "gif": "gif", "webp": "webp"}


def sniff(data: bytes) -> str | None:
    """The image format of `data` by its magic bytes: png, jpeg, gif, webp, else None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if len(data) >= 12 and data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "webp"
    return None


def image_file(data: bytes, origin: str, *, path: Path | None = None) -> ImageFile:
    """An `ImageFile` named `<first 16 hex digits of its SHA-256>.<png|jpg|gif|webp>`, so the same
    bytes get the same name whoever reads them. Raises KapmailError naming the article `path`
    (the caller adds the line if it has one) when the bytes are too big or not a PNG, JPEG,
    GIF or WebP image."""
    if len(data) > MAX_IMAGE_BYTES:
        raise KapmailError(
            f"image {origin} is over the {MAX_IMAGE_BYTES // 1024 // 1024} MB limit",
            file=path,
            hint="save it smaller (an email shows it at most 536 px wide)",
        )
    kind = sniff(data)
    if kind is None:
        raise KapmailError(
            f"image {origin} is not a {FORMATS} image",
            file=path,
            hint=f"save it as {FORMATS}",
        )
    digest = hashlib.sha256(data).hexdigest()[:NAME_DIGITS]
    return ImageFile(name=f"{digest}.{SUFFIXES[kind]}", data=data, origin=origin)


@dataclass
class LocalImages:
    """The images an article names by a relative path (`images/a.png`), read from inside
    its folder, each once (`found`, by name); a path outside the folder, a missing file or
    one that is not an image is a KapmailError naming the article, line and path."""

    article: Path
    found: dict[str, ImageFile] = field(default_factory=dict)

    def read(self, src: str, line: int) -> ImageFile:
        """The image at `src` (relative to the article), or an error naming file and line."""
        written = unquote(src)
        folder = self.article.parent.resolve()
        path = (folder / written).resolve()

        def refuse(problem: str, hint: str) -> KapmailError:
            return KapmailError(
                f"image {written!r} {problem}", file=self.article, line=line, hint=hint
            )

        if folder not in path.parents:
            raise refuse(
                "is outside the article's folder",
                "put the image in the article's folder (e.g. images/) and link it from there",
            )
        try:
            with path.open("rb") as file:
                data = file.read(MAX_IMAGE_BYTES + 1)  # enough to refuse a bigger one
        except FileNotFoundError:
            raise refuse("not found", "check the path; it is relative to the article") from None
        except OSError as exc:
            raise refuse(f"cannot be read: {exc.strerror}", "check the file") from None
        try:
            image = image_file(data, written)
        except KapmailError as exc:
            raise refuse(exc.message.removeprefix(f"image {written} "), exc.hint or "") from None
        return self.found.setdefault(image.name, image)


def is_local(src: str) -> bool:
    """A path with no scheme (`images/a.png`, `../a.png`), not a `//host/` URL and not a
    site-root path (`/assets/a.png`, which names the published site, not a file here)."""
    src = src.strip()
    return (
        bool(src)
        and not _ANY_SCHEME.match(src)
        and not src.startswith("//")
        and not is_site_path(src)
    )


def is_site_path(src: str) -> bool:
    """`/assets/a.png`: a picture on the published site, where the article was posted."""
    return src.strip().startswith("/") and not src.strip().startswith("//")
