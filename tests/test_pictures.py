"""Pictures, tables and in-page links that hold in every client: images off, styles stripped,
Outlook's pixel widths, named anchors, and the logo in dark mode (issue 23).

Real builds through the CLI, real premailer, real Chromium with image requests refused."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image as PILImage

from kapmail.cli import cli
from tests.builds import output_files
from tests.conftest import copy_org

HOST = "https://riverbend-counselling.example.org"
ARTICLE = """# Rooms that help

A short introduction to rooms that help people talk, with enough words for a reader to know
what the series is about before the first section arrives in their inbox.

## 1. Light

Natural light matters in a counselling room, and a window that opens is worth more than a
lamp. Here is a room we like a lot, with two chairs and a plant by the window.

![A counsellor's room with two chairs and a plant](images/room.png)

A picture from the practice's own site follows, as a newsletter often has one.

![The practice's front door, painted green](https://riverbend-counselling.example.org/door.jpg)

A spacer some editors leave behind: ![spacer](images/dot.png)

<p>Pasted from a web page, with their sizes in HTML:
<img src="https://riverbend-counselling.example.org/rule.gif" width="1" height="1" alt="rule">
<img src="https://riverbend-counselling.example.org/banner.jpg" width="1200px" height="600"
alt="The practice's banner"></p>

## 2. Sound

Quiet rooms let people speak freely. Soft furnishings absorb sound and keep conversations
private, which matters to clients more than almost anything else we asked them about.

## Conclusion

Rooms matter. Light and quiet make the work easier for everyone in the room, client and
counsellor alike, and they cost less than most people think.

Will you look at your rooms again?
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The article built once, its pictures hosted at [images] base_url."""
    root = tmp_path_factory.mktemp("pictures")
    org = copy_org(root)
    org.write_text(org.read_text() + f'\n[images]\nbase_url = "{HOST}/mail"\n')
    (root / "images").mkdir()
    PILImage.new("RGB", (1200, 800), (200, 120, 80)).save(root / "images" / "room.png")
    PILImage.new("RGB", (1, 1), (255, 255, 255)).save(root / "images" / "dot.png")
    (root / "rooms.md").write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(root / "rooms.md"), "--out", str(root / "out")])
    assert result.exit_code == 0, result.output
    return next((root / "out" / "rooms").glob("02-*.html"))


def images(html: str) -> dict[str, str]:
    """Each <img> tag by its alt text."""
    return {
        re.search(r'alt="([^"]*)"', tag).group(1): tag for tag in re.findall(r"<img\b[^>]*>", html)
    }


def test_every_picture_keeps_a_pixel_width_attribute_for_outlook(built: Path) -> None:
    found = images(built.read_text(encoding="utf-8"))
    remote = found["The practice's front door, painted green"]
    assert 'width="536"' in remote and 'width="100%"' not in remote
    own = found["A counsellor's room with two chairs and a plant"]
    assert 'width="536"' in own and "width:100%" in own and "max-width:536px" in own
    tiny = found["spacer"]
    assert 'width="1"' in tiny and "max-width:1px" in tiny  # never stretched to the column
    assert "rule" not in found  # a remote 1 x 1 picture shows nothing: the reader left it out
    banner = found["The practice's banner"]  # no wider than the column, in proportion
    assert 'width="536"' in banner and 'height="268"' in banner
    for tag in found.values():  # a blocked picture's alt text is set, readable, in the column
        assert "font-family:Helvetica" in tag and "color:#4a5560" in tag


def test_tables_keep_presentation_for_layout_and_the_font_stack_on_cells(kap_built) -> None:
    html = output_files(kap_built)[f"{kap_built.rendered[0].email.stem}.html"].decode()
    assert "<!--[if mso]>" in html and "mso-line-height-rule: exactly" in html
    layout = re.findall(r"<table\b[^>]*>", html)
    assert layout and all('role="presentation"' in tag for tag in layout)


OVERFLOW = """() => ({
  scroll: document.documentElement.scrollWidth,
  images: [...document.images].map(i => {
    const r = i.getBoundingClientRect();
    return {alt: i.alt, left: r.left, right: r.right, width: r.width, height: r.height,
            complete: i.complete && i.naturalWidth > 0};
  }),
})"""


@pytest.mark.parametrize("width", [320, 375, 600])
def test_with_images_off_the_email_fits_and_shows_alt_text_in_the_column(
    browser, built: Path, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.route("**/*", lambda r: r.abort() if r.request.resource_type == "image" else r.continue_())
    try:
        page.goto(built.as_uri())
        found = page.evaluate(OVERFLOW)
        assert found["scroll"] == width
        shown = {i["alt"]: i for i in found["images"] if i["alt"] not in ("spacer", "rule")}
        assert len(shown) == 3  # the room, the door and the banner; the 1 px ones stay 1 px
        for picture in shown.values():
            assert not picture["complete"]  # blocked, as the client would
            assert picture["left"] >= 16 and picture["right"] <= width - 16
            assert picture["height"] >= 14  # the alt text's line, not a collapsed box
    finally:
        page.close()


def strip_styles(html: str) -> str:
    """The email as clients that drop <style> blocks and class names show it."""
    html = re.sub(r"<style\b[^>]*>.*?</style>", "", html, flags=re.DOTALL | re.IGNORECASE)
    return re.sub(r'\sclass="[^"]*"', "", html)


BUTTON = """label => {
  const link = [...document.querySelectorAll('a')].find(a => a.innerText.trim() === label);
  const cell = link.closest('td');
  const r = link.getBoundingClientRect();
  return {link: getComputedStyle(link).backgroundColor,
          cell: getComputedStyle(cell).backgroundColor,
          height: r.height, width: r.width, href: link.href};
}"""


@pytest.mark.parametrize("width", [375, 600])
def test_with_styles_stripped_the_layout_fits_and_the_button_is_still_a_button(
    browser, kap_built, tmp_path: Path, width: int
) -> None:
    last = kap_built.rendered[-1]
    path = tmp_path / "stripped.html"
    path.write_text(strip_styles(output_files(kap_built)[f"{last.email.stem}.html"].decode()))
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(path.as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= max(width, 600)
        button = page.evaluate(BUTTON, last.email.button.label)
        assert "rgb(31, 95, 91)" in (button["link"], button["cell"])  # the brand's primary
        assert button["height"] >= 40 and button["href"].startswith("https://")
    finally:
        page.close()


def test_the_named_anchor_alone_still_lands_on_the_note(browser, kap_built, tmp_path: Path):
    """Gmail on the web and Outlook on Windows follow only <a name>: without the id, the
    badge's jump still lands on the evidence note."""
    email = kap_built.rendered[1]
    html = output_files(kap_built)[f"{email.email.stem}.html"].decode()
    path = tmp_path / "named.html"
    path.write_text(html.replace(' id="km-evidence"', ""))
    page = browser.new_page(viewport={"width": 375, "height": 400})
    try:
        page.goto(path.as_uri())
        assert page.locator("#km-evidence").count() == 0
        page.locator('a[href="#km-evidence"]').click()
        page.wait_for_function("() => window.scrollY > 0")
        top = page.locator('a[name="km-evidence"]').bounding_box()["y"]
        assert -2 <= top < 100
    finally:
        page.close()


LOGO = '\n[brand.logo]\nurl = "{host}/logo.png"\nalt = "Riverbend"\n{extra}'


@pytest.mark.parametrize(
    ("extra", "warned"),
    [
        ('ink = "dark"\n', "dark ink"),
        ("", "cannot tell"),
        ('ink = "light"\n', None),
        (f'ink = "dark"\ndark_url = "{HOST}/logo-light.png"\n', None),
    ],
)
def test_a_dark_ink_logo_without_a_dark_variant_is_warned_about(
    tmp_path: Path, extra: str, warned: str | None
) -> None:
    org = copy_org(tmp_path)
    org.write_text(org.read_text() + LOGO.format(host=HOST, extra=extra))
    words = re.sub(r"!\[[^]]*\]\([^)]*\)", "", ARTICLE)  # no pictures: only the logo matters
    (tmp_path / "rooms.md").write_text(words, encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "rooms.md"), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    d3 = [f for f in json.loads(result.stdout) if f["rule"] == "D3"]
    if warned is None:
        assert d3 == []
    else:
        [found] = d3
        assert found["severity"] == "warning" and warned in found["message"]
