"""An article's own images, made ready for email, and the Image blocks that show them.

Each `ImageFile` (bytes as a reader found them) becomes one `Picture`: turned upright by its
EXIF orientation, at most `MAX_FILE_PX` wide (twice the 536 px text column, sharp on
high-density screens), in the same format (PNG, JPEG at quality 85, GIF; WebP, which
Outlook cannot show, becomes PNG when it has transparency, else JPEG), with no metadata
(EXIF, GPS, XMP, comments: only an ICC colour profile is kept). Animated images are kept
byte for byte (resizing would re-time and re-palette every frame), but an animated WebP
becomes an animated GIF, frame for frame. The same bytes in give the same bytes out, named
by the bytes written (`images/<sha256[:16]>.<suffix>`), so a changed picture gets a new URL.

`place` points each Image block that names an article's image at where the email will find
it (`<[images] base_url>/<name>`, else `images/<name>` beside the built files) and gives it
the width and height it is shown at: at most `COLUMN_PX`, proportional.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kapmail.content.imagefile import NAME_DIGITS
from kapmail.content.model import (
    Block,
    BulletList,
    Image,
    ImageFile,
    ListItem,
    NumberedList,
    Quote,
)
from kapmail.errors import KapmailError

if TYPE_CHECKING:  # Pillow is imported when an article has pictures
    from PIL import Image as Pil

FOLDER = "images"
COLUMN_PX = 536  # the 600 px card less 2 x 32 px padding (templates/partials/content.mjml.j2)
MAX_FILE_PX = 2 * COLUMN_PX
JPEG_QUALITY = 85
MAX_PIXELS = 40_000_000  # 8000 x 5000: more is no photo for an email, and costs memory
_KEEP_MODES = {"RGB", "RGBA", "L", "LA"}


@dataclass(frozen=True)
class Picture:
    """An article's image as written: `images/<name>`, `width` x `height` pixels."""

    name: str
    data: bytes
    width: int
    height: int
    origin: str  # where the reader found it, for messages
    source: str  # the ImageFile's name, which Image blocks carry in `file`

    @property
    def shown(self) -> tuple[int, int]:
        """Width and height in the email: no wider than the text column, proportional."""
        width, height = fitted(self.width, self.height)
        return width, height or 1


def fitted(width: int, height: int | None) -> tuple[int, int | None]:
    """A picture's size in the email: no wider than the text column, its height in
    proportion (unknown stays unknown)."""
    shown = min(width, COLUMN_PX)
    return shown, None if height is None else max(1, round(height * shown / width))


def written_name(data: bytes, suffix: str) -> str:
    """A written picture's name, from the bytes written: a picture that comes out different
    (a new Pillow, another size) gets a new name, so no CDN serves a stale copy under it."""
    return f"{hashlib.sha256(data).hexdigest()[:NAME_DIGITS]}.{suffix}"


def url(name: str, base_url: str | None) -> str:
    """Where an email finds the picture: under `base_url`, else `images/<name>` (relative)."""
    return f"{base_url.rstrip('/')}/{name}" if base_url else f"{FOLDER}/{name}"


@functools.lru_cache(maxsize=32)
def prepare(image: ImageFile) -> Picture:
    """The image resized, upright and stripped; KapmailError (naming its origin) if Pillow
    cannot read it."""
    from PIL import Image as Pil
    from PIL import ImageOps

    try:
        with Pil.open(io.BytesIO(image.data)) as opened:
            if opened.width * opened.height > MAX_PIXELS:
                raise KapmailError(
                    f"image {image.origin} is {opened.width} x {opened.height} pixels; the "
                    f"limit is {MAX_PIXELS // 1_000_000} million",
                    hint="save it smaller (an email shows it at most 536 px wide)",
                )
            opened.load()
            kind = opened.format
            if getattr(opened, "is_animated", False):
                data, name = image.data, image.name
                if kind == "WEBP":  # Outlook cannot show WebP: the same frames as a GIF
                    data = _animated_gif(opened)
                    name = written_name(data, "gif")
                return Picture(name, data, opened.width, opened.height, image.origin, image.name)
            upright = ImageOps.exif_transpose(opened)
            # A CMYK profile would mislabel the RGB the picture is turned into.
            icc = None if opened.mode == "CMYK" else opened.info.get("icc_profile")
    except (OSError, ValueError, SyntaxError, Pil.DecompressionBombError) as exc:
        raise KapmailError(
            f"image {image.origin} cannot be read ({exc})",
            hint="open it in an image editor and save it again as PNG or JPEG",
        ) from None
    if kind not in {"PNG", "JPEG", "GIF", "WEBP"}:
        raise KapmailError(
            f"image {image.origin} is {kind}, not PNG, JPEG, GIF or WebP",
            hint="save it as PNG or JPEG",
        )
    picture = _resized(upright)
    data, suffix = _encode(picture, kind, icc)
    name = written_name(data, suffix)
    return Picture(name, data, picture.width, picture.height, image.origin, image.name)


def _animated_gif(animation: Pil.Image) -> bytes:
    """Every frame of an animation, with its timing and looping, as an animated GIF."""
    out = io.BytesIO()
    animation.seek(0)
    # Each WebP frame is a whole picture: clear it before the next (disposal 2), or the
    # transparent parts of one frame show the one before.
    loop = animation.info.get("loop", 0)
    animation.save(out, "GIF", save_all=True, loop=loop, disposal=2, optimize=False)
    return out.getvalue()


def _resized(picture: Pil.Image) -> Pil.Image:
    """`picture` in a mode that resizes well, no wider than MAX_FILE_PX."""
    if picture.mode == "CMYK":
        picture = picture.convert("RGB")  # mail clients show CMYK badly or not at all
    elif picture.mode not in _KEEP_MODES:
        clear = "transparency" in picture.info or "A" in picture.getbands()
        picture = picture.convert("RGBA" if clear else "RGB")
    if picture.width <= MAX_FILE_PX:
        return picture
    from PIL import Image as Pil

    height = max(1, round(picture.height * MAX_FILE_PX / picture.width))
    return picture.resize((MAX_FILE_PX, height), Pil.Resampling.LANCZOS)


def _encode(picture: Pil.Image, kind: str, icc: bytes | None) -> tuple[bytes, str]:
    """The bytes and suffix: PNG and GIF stay, JPEG stays, WebP becomes PNG or JPEG."""
    from PIL import Image as Pil

    alpha = "A" in picture.getbands()
    out = io.BytesIO()
    extra = {"icc_profile": icc} if icc else {}
    if kind == "GIF" and picture.mode in {"RGB", "RGBA", "L", "LA"} and not alpha:
        picture.convert("P", palette=Pil.Palette.ADAPTIVE).save(out, "GIF", optimize=True)
        return out.getvalue(), "gif"
    if kind in {"PNG", "GIF"} or (kind == "WEBP" and alpha):
        picture.save(out, "PNG", optimize=True, **extra)
        return out.getvalue(), "png"
    if picture.mode not in {"RGB", "L"}:
        picture = picture.convert("RGB")
    picture.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, **extra)
    return out.getvalue(), "jpg"


def prepare_all(images: Sequence[ImageFile], *, article: Path) -> dict[str, Picture]:
    """Every image of an article, by the name Image blocks carry; errors name the article."""
    pictures = {}
    for image in images:
        try:
            pictures[image.name] = prepare(image)
        except KapmailError as exc:
            raise exc.within(file=article) from exc
    return pictures


def place(
    blocks: Sequence[Block], pictures: Mapping[str, Picture], base_url: str | None, *, article: Path
) -> tuple[Block, ...]:
    """`blocks` with each article image pointing at its written file, width and height set,
    and a remote picture sized in HTML no wider than the column (inside lists and quotes
    too)."""
    return tuple(_place(block, pictures, base_url, article) for block in blocks)


def _place(block: Block, pictures: Mapping[str, Picture], base: str | None, article: Path) -> Block:
    if isinstance(block, Image) and block.file is not None:
        picture = pictures.get(block.file)
        if picture is None:
            raise KapmailError(
                f"image {block.file} is not among the article's images",
                file=article,
                line=block.line,
                hint="the reader lost it: report this as a kapmail bug",
            )
        width, height = picture.shown
        return dataclasses.replace(block, src=url(picture.name, base), width=width, height=height)
    if isinstance(block, Image) and block.width is not None:  # a remote one sized in HTML
        shown, tall = fitted(block.width, block.height)
        return dataclasses.replace(block, width=shown, height=tall)
    if isinstance(block, BulletList | NumberedList):
        items = tuple(
            ListItem(place(item.blocks, pictures, base, article=article), item.line)
            for item in block.items
        )
        return dataclasses.replace(block, items=items)
    if isinstance(block, Quote):
        return dataclasses.replace(
            block, blocks=place(block.blocks, pictures, base, article=article)
        )
    return block


def shown_in(blocks: Sequence[Block]) -> Iterator[Image]:
    """Every Image block of an article's own images in `blocks`, in order, nested ones too."""
    for block in blocks:
        if isinstance(block, Image) and block.file is not None:
            yield block
        elif isinstance(block, BulletList | NumberedList):
            for item in block.items:
                yield from shown_in(item.blocks)
        elif isinstance(block, Quote):
            yield from shown_in(block.blocks)
