"""An article's own images (#11): read from beside a Markdown article, resized, stripped and
written once into images/, referenced under [images] base_url with width and height, checked
(F17 without base_url, A9 without alt), exported, shown in the gallery. Real Pillow images,
the real pipeline through the CLI."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from kapmail import images
from kapmail.cli import cli
from kapmail.content.imagefile import image_file, sniff
from kapmail.content.model import ImageFile
from tests.conftest import MINIMAL_CAMPAIGN, make_campaign, snapshot

BASE_URL = "https://cdn.example.org/kap"
ORIENTATION, MAKE, GPS = 0x0112, 0x010F, 0x8825

ARTICLE = """\
# Rooms that help

Where counselling happens matters: light, quiet and two chairs at the same height.

![A counsellor's room with two chairs by a window](images/room.png)

## The chairs

Chairs at the same height say that both people are equals in the conversation.

![{photo_alt}](images/photo.jpg)

- A list item with a picture: ![The same room from the door](images/room.png)

## The light

Daylight from the side is kinder than a lamp overhead, and a clock the client can see too.

## Conclusion

Small choices in a room add up. What would you change in yours first?
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def png(width: int, height: int) -> bytes:
    """A striped PNG (stripes, so resizing has something to do)."""
    picture = Image.new("RGB", (width, height), (30, 120, 200))
    for x in range(0, width, 50):
        picture.paste((250, 220, 40), (x, 0, x + 10, height))
    out = io.BytesIO()
    picture.save(out, "PNG")
    return out.getvalue()


def phone_jpeg() -> bytes:
    """A 1600 x 900 JPEG a phone took held upright (EXIF orientation 6), with GPS."""
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[MAKE] = "SecretCam"
    exif[GPS] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (1600, 900), (200, 80, 60)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def image_campaign(
    root: Path, *, base_url: str | None = BASE_URL, photo_alt: str = "A chair by the window"
) -> Path:
    toml = MINIMAL_CAMPAIGN + (f'\n[images]\nbase_url = "{base_url}"\n' if base_url else "")
    folder = make_campaign(root, ARTICLE.format(photo_alt=photo_alt), toml, name="article.md")
    (folder / "images").mkdir()
    (folder / "images" / "room.png").write_bytes(png(2000, 1000))
    (folder / "images" / "photo.jpg").write_bytes(phone_jpeg())
    return folder


def name_of(data: bytes, suffix: str) -> str:
    """The written name: the picture as kapmail writes it, named by those bytes."""
    written = images.prepare(image_file(data, f"x.{suffix}"))
    assert written.name == f"{hashlib.sha256(written.data).hexdigest()[:16]}.{suffix}"
    return written.name


ROOM = name_of(png(2000, 1000), "png")
PHOTO = name_of(phone_jpeg(), "jpg")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The image campaign built once with a base_url."""
    root = tmp_path_factory.mktemp("images")
    result = run("build", str(image_campaign(root)), "--out", str(root / "outbox"))
    assert result.exit_code == 0, result.output
    return root / "outbox" / "campaign"


def test_build_writes_each_image_once_resized_upright_and_stripped(built):
    assert sorted(p.name for p in (built / "images").iterdir()) == sorted([ROOM, PHOTO])
    for written in (built / "images").iterdir():  # named by the bytes written
        assert written.name.startswith(hashlib.sha256(written.read_bytes()).hexdigest()[:16])
    with Image.open(built / "images" / ROOM) as room:
        assert (room.format, room.size) == ("PNG", (1072, 536))
        assert not room.getexif() and "exif" not in room.info
    with Image.open(built / "images" / PHOTO) as photo:
        assert (photo.format, photo.size) == ("JPEG", (900, 1600))  # turned upright
        assert not photo.getexif() and "exif" not in photo.info
    assert b"SecretCam" not in (built / "images" / PHOTO).read_bytes()


def test_emails_reference_the_images_under_base_url_with_their_size(built):
    intro = (built / "01-rooms-that-help.html").read_text()
    assert (
        f'<img src="{BASE_URL}/{ROOM}" alt="A counsellor\'s room with two chairs by a window" '
        'width="536" height="268"'
    ) in intro
    chairs = (built / "02-the-chairs.html").read_text()
    assert f'src="{BASE_URL}/{PHOTO}" alt="A chair by the window" width="536" height="953"' in (
        chairs
    )
    # the one inside a list item too
    assert f'src="{BASE_URL}/{ROOM}" alt="The same room from the door" width="536"' in chairs
    assert (
        "[Image: A counsellor's room with two chairs by a window]"
        in (built / "01-rooms-that-help.txt").read_text()
    )


def test_the_manifest_records_every_image_with_its_digest_and_the_series_is_ready(built):
    manifest = json.loads((built / "manifest.json").read_text())
    assert manifest["ready"] is True
    assert manifest["images"] == {
        f"images/{name}": hashlib.sha256((built / "images" / name).read_bytes()).hexdigest()
        for name in (ROOM, PHOTO)
    }
    for entry in manifest["emails"]:
        assert entry["files"][entry["html"]] == entry["checked"]["html"]


def test_rebuilding_gives_byte_identical_files(built, tmp_path):
    folder = image_campaign(tmp_path)
    assert run("build", str(folder), "--out", str(tmp_path / "out")).exit_code == 0
    again = snapshot(tmp_path / "out" / "campaign")
    first = snapshot(built)
    assert again.keys() == first.keys()
    assert {k for k in again if again[k] != first[k]} == set()
    images.prepare.cache_clear()
    original = ImageFile(PHOTO, phone_jpeg(), "images/photo.jpg")
    assert images.prepare(original).data == (built / "images" / PHOTO).read_bytes()


def test_an_image_no_email_shows_any_more_goes_with_the_swap(tmp_path):
    folder = image_campaign(tmp_path)
    out = tmp_path / "out"
    assert run("build", str(folder), "--out", str(out)).exit_code == 0
    article = folder / "article.md"
    article.write_text(
        article.read_text().replace("![A chair by the window](images/photo.jpg)", "")
    )
    assert run("build", str(folder), "--out", str(out)).exit_code == 0
    assert [p.name for p in (out / "campaign" / "images").iterdir()] == [ROOM]


def test_without_base_url_the_series_is_a_draft_that_says_where_to_upload(tmp_path):
    folder = image_campaign(tmp_path, base_url=None)
    checked = run("check", str(folder))
    assert checked.exit_code == 1
    assert "F17" in checked.output and "[images] base_url" in checked.output
    assert "<--out>/campaign/images/; outbox/campaign/images/ by default" in checked.output
    assert "F8" not in checked.output  # the relative paths are F17's, reported once
    out = tmp_path / "out"
    assert run("build", str(folder), "--out", str(out)).exit_code == 1
    intro = (out / "campaign" / "01-rooms-that-help.html").read_text()
    assert f'src="images/{ROOM}"' in intro
    refused = run("export", str(folder), "--platform", "mailchimp", "--out", str(tmp_path / "x"))
    assert refused.exit_code == 1 and "F17" in refused.output
    assert not (tmp_path / "x" / "campaign" / "mailchimp").exists()


def test_exports_carry_the_images_and_the_mailchimp_zip_has_them_beside_the_html(tmp_path):
    folder = image_campaign(tmp_path)
    out = tmp_path / "exports"
    for platform in ("mailchimp", "sendgrid"):
        result = run("export", str(folder), "--platform", platform, "--out", str(out))
        assert result.exit_code == 0, result.output
        package = out / "campaign" / platform
        assert sorted(p.name for p in (package / "images").iterdir()) == sorted([ROOM, PHOTO])
        assert "images/" in (package / "README.txt").read_text()
    package = out / "campaign" / "mailchimp"
    html = (package / "02-the-chairs.html").read_bytes()
    with zipfile.ZipFile(package / "02-the-chairs.zip") as archive:
        assert archive.namelist() == ["02-the-chairs.html", PHOTO, ROOM]
        zipped = archive.read("02-the-chairs.html")
        assert archive.read(PHOTO) == (package / "images" / PHOTO).read_bytes()
    # The zip's HTML is the checked HTML, byte for byte: its images point at base_url.
    assert zipped == html and f'src="{BASE_URL}/{PHOTO}"'.encode() in zipped


def test_an_image_without_description_is_an_a9_error_naming_it_and_its_email(tmp_path):
    folder = image_campaign(tmp_path, photo_alt="")
    result = run("check", str(folder))
    assert result.exit_code == 1
    line = next(line for line in result.output.splitlines() if "A9" in line)
    assert "images/photo.jpg" in line and PHOTO in line
    assert "02-the-chairs" in line and "article.md:11" in line


@pytest.mark.parametrize(
    ("path", "says"),
    [
        ("../secret.png", "is outside the article's folder"),
        ("images/../../secret.png", "is outside the article's folder"),
        # ("/etc/hostname": a site path now, never read; its alt text stays, issue 20)
        ("images/missing.png", "not found"),
        ("images/notes.png", "is not a PNG, JPEG, GIF or WebP image"),
        ("images", "cannot be read"),
    ],
)
def test_a_bad_local_image_is_one_line_exit_2_and_nothing_written(tmp_path, path, says):
    folder = image_campaign(tmp_path)
    (tmp_path / "secret.png").write_bytes(png(10, 10))
    (folder / "images" / "notes.png").write_text("not a picture")
    article = folder / "article.md"
    article.write_text(article.read_text().replace("images/photo.jpg", path))
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    message = result.output.strip().splitlines()[-1]
    assert f"article.md:11: image '{path}' {says}" in message
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "campaign").exists()


@pytest.mark.parametrize(
    ("fmt", "kind"), [("PNG", "png"), ("JPEG", "jpeg"), ("GIF", "gif"), ("WEBP", "webp")]
)
def test_formats_are_told_by_their_bytes_and_named_by_their_digest(fmt, kind):
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(out, fmt)
    data = out.getvalue()
    assert sniff(data) == kind
    found = image_file(data, "word/media/image1.bin")
    suffix = {"jpeg": "jpg"}.get(kind, kind)
    assert found.name == f"{hashlib.sha256(data).hexdigest()[:16]}.{suffix}"  # the bytes read
    assert image_file(data, "elsewhere.png").name == found.name


def test_webp_becomes_png_or_jpeg_and_an_animated_gif_is_kept_as_found():
    clear, solid = io.BytesIO(), io.BytesIO()
    Image.new("RGBA", (1500, 300), (0, 0, 0, 0)).save(clear, "WEBP")
    Image.new("RGB", (700, 300), (9, 9, 9)).save(solid, "WEBP")
    assert images.prepare(image_file(clear.getvalue(), "a.webp")).name.endswith(".png")
    picture = images.prepare(image_file(solid.getvalue(), "b.webp"))
    assert picture.name.endswith(".jpg") and picture.shown == (536, 230)
    frames = [Image.new("RGB", (1200, 100), color) for color in ((255, 0, 0), (0, 0, 255))]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=200)
    animated = images.prepare(image_file(gif.getvalue(), "c.gif"))
    assert animated.data == gif.getvalue() and animated.shown == (536, 45)


@pytest.mark.browser
def test_the_gallery_shows_the_images_from_the_local_folder(built, chromium):
    """Nothing is uploaded to BASE_URL (and Chromium may fetch only file: URLs): the gallery's
    frames still load every article image, from the build's images/ folder."""
    # Its own Chromium, not the module's `browser`: the snapshot test below starts one of
    # its own, and Playwright's sync API allows one at a time.
    from playwright.sync_api import sync_playwright

    from kapmail.preview.snapshot import LAUNCH_ARGS

    assert f'src="{BASE_URL}/{ROOM}"' in (built / "01-rooms-that-help.html").read_text()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=list(LAUNCH_ARGS))
        try:
            page = browser.new_page()
            page.route(
                "**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort()
            )
            page.goto((built / "index.html").as_uri(), wait_until="load")
            sizes = [
                frame.evaluate(
                    "Promise.all([...document.images].map(i => i.decode().then("
                    "() => [i.getAttribute('src'), i.naturalWidth], () => [i.src, 0])))"
                )
                for frame in page.frames[1:]
            ]
        finally:
            browser.close()
    shown = [pair for frame in sizes for pair in frame]
    assert sorted({src for src, _ in shown}) == sorted([f"images/{ROOM}", f"images/{PHOTO}"])
    assert all(width > 0 for _, width in shown), shown


@pytest.mark.browser
def test_snapshots_show_base_url_images_from_the_build_folder(chromium, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = image_campaign(tmp_path)
    result = run("snapshot", str(folder), "--width", "600", "--out", str(tmp_path / "shots"))
    assert result.exit_code == 0, result.output
    with Image.open(tmp_path / "shots" / "01-rooms-that-help-600.png") as shot:
        colours = {colour for _, colour in shot.convert("RGB").getcolors(1 << 20) or []}
    assert (30, 120, 200) in colours  # the room picture's blue, fetched from images/


def test_a_huge_picture_is_refused_before_it_is_decoded(tmp_path):
    folder = image_campaign(tmp_path)
    huge = io.BytesIO()
    Image.new("1", (9000, 5000)).save(huge, "PNG")
    (folder / "images" / "room.png").write_bytes(huge.getvalue())
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 2
    assert "image images/room.png is 9000 x 5000 pixels; the limit is 40 million" in result.output


def test_a_cmyk_jpeg_becomes_rgb_without_its_cmyk_profile():
    out = io.BytesIO()
    Image.new("CMYK", (600, 300), (0, 80, 80, 0)).save(out, "JPEG", icc_profile=b"fake cmyk")
    picture = images.prepare(image_file(out.getvalue(), "print.jpg"))
    with Image.open(io.BytesIO(picture.data)) as written:
        assert written.mode == "RGB" and "icc_profile" not in written.info


def test_a_symlink_that_leads_out_of_the_folder_is_refused(tmp_path):
    folder = image_campaign(tmp_path)
    (tmp_path / "secret.png").write_bytes(png(10, 10))
    (folder / "images" / "link.png").symlink_to(tmp_path / "secret.png")
    article = folder / "article.md"
    article.write_text(article.read_text().replace("images/photo.jpg", "images/link.png"))
    result = CliRunner().invoke(cli, ["check", str(folder)])
    assert result.exit_code == 2
    assert "article.md:11: image 'images/link.png' is outside the article's folder" in (
        result.output
    )


def test_png_text_xmp_and_exif_are_stripped_and_its_orientation_applied():
    from PIL import PngImagePlugin

    exif = Image.Exif()
    exif[MAKE], exif[ORIENTATION] = "SecretCam", 8
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jane Secret")
    info.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>GPSLatitude</x:xmpmeta>")
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (1, 2, 3)).save(out, "PNG", exif=exif.tobytes(), pnginfo=info)
    picture = images.prepare(image_file(out.getvalue(), "scan.png"))
    with Image.open(io.BytesIO(picture.data)) as written:
        assert written.size == (200, 300) and written.info == {}
    assert not any(secret in picture.data for secret in (b"Secret", b"GPS", b"Jane"))


def test_an_animated_webp_becomes_an_animated_gif_outlook_can_show():
    frames = [Image.new("RGB", (300, 100), color) for color in ((255, 0, 0), (0, 0, 255))]
    webp = io.BytesIO()
    frames[0].save(webp, "WEBP", save_all=True, append_images=frames[1:], duration=250, loop=0)
    picture = images.prepare(image_file(webp.getvalue(), "spin.webp"))
    assert picture.name.endswith(".gif") and picture.data.startswith(b"GIF89a")
    with Image.open(io.BytesIO(picture.data)) as gif:
        assert gif.n_frames == 2 and gif.info.get("duration") == 250
        gif.seek(1)
        red, _green, blue = gif.convert("RGB").getpixel((10, 10))
        assert red < 16 and blue > 239  # the second frame (WebP is lossy)
    again = images.prepare(image_file(webp.getvalue(), "spin-again.webp"))
    assert again.data == picture.data  # deterministic


def test_an_animated_webp_with_transparency_clears_each_frame_in_its_gif():
    clear, red = (0, 0, 0, 0), (255, 0, 0, 255)
    frames = [Image.new("RGBA", (20, 20), colour) for colour in (clear, red, clear)]
    webp = io.BytesIO()
    frames[0].save(
        webp, "WEBP", save_all=True, append_images=frames[1:], duration=100, lossless=True
    )
    gif = images.prepare(image_file(webp.getvalue(), "blink.webp"))
    with Image.open(io.BytesIO(gif.data)) as shown:
        shown.seek(2)
        assert shown.convert("RGBA").getpixel((1, 1))[3] == 0  # not the red frame before
