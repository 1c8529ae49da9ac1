"""The email as other clients show it (`kapmail.preview.views`), in the gallery and in
`kapmail snapshot --view`: images off, styles stripped, Outlook on Windows' Word engine."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image as PILImage

from kapmail.cli import cli
from kapmail.preview import views
from tests.builds import output_files
from tests.conftest import KAP_CAMPAIGN


@pytest.fixture(scope="module")
def last_email(kap_built) -> str:
    """The closing email of the KAP series (button, boxes, VML), as written."""
    return output_files(kap_built)[f"{kap_built.rendered[-1].email.stem}.html"].decode()


def test_normal_is_the_email_as_written(last_email: str) -> None:
    assert views.view(last_email, views.NORMAL) == last_email


def test_images_off_keeps_every_picture_but_its_source(kap_built) -> None:
    html = '<p><img src="https://x.org/a.png" alt="A door" width="536"></p>'
    assert views.images_off(html) == '<p><img alt="A door" width="536"></p>'


def test_stripped_keeps_only_the_inlined_css(last_email: str) -> None:
    stripped = views.stripped(last_email)
    assert "<style" not in stripped and 'class="' not in stripped
    assert 'style="' in stripped and stripped.count("<table") == last_email.count("<table")


def test_outlook_switches_its_conditional_content_and_drops_what_word_ignores(
    last_email: str,
) -> None:
    seen = views.outlook(last_email)
    assert "<!--[if" not in seen and "<![endif]-->" not in seen
    assert "<v:roundrect" in seen and "background-color:#1f5f5b" in seen  # the VML button
    label = "Explore our KAP training"
    assert last_email.count(label) == 2 and seen.count(label) == 1  # the table button is gone
    styles = " ".join(re.findall(r'\sstyle="([^"]*)"', seen))
    for ignored in ("max-width", "border-radius:", "box-shadow", "background-image"):
        assert ignored not in styles.replace("border-radius:6px;background", ""), ignored
    assert "@media" not in seen


ROOMS = """# Rooms

An introduction long enough to read as one, about the rooms where counselling happens and
what a practice can change in them without spending much at all.

## 1. Light

A room with light helps, and a window that opens helps more than any lamp we ever bought.

![A counsellor's room with two chairs](images/room.png)

## 2. Sound

Quiet rooms let people speak freely, and soft furnishings keep conversations private.

## Conclusion

Rooms matter, for clients and counsellors alike, more than most of us think.

Will you look at your rooms again?
"""


def test_snapshot_view_photographs_what_that_client_shows(tmp_path: Path, chromium: str) -> None:
    from tests.conftest import copy_org

    org = copy_org(tmp_path)
    org.write_text(org.read_text() + '\n[images]\nbase_url = "https://cdn.example.org/r"\n')
    (tmp_path / "images").mkdir()
    PILImage.new("RGB", (1000, 600), (30, 90, 160)).save(tmp_path / "images" / "room.png")
    (tmp_path / "rooms.md").write_text(ROOMS, encoding="utf-8")
    outbox = tmp_path / "outbox"
    shots = outbox / "rooms" / "snapshots"
    runner = CliRunner(env={"KAPMAIL_CHROMIUM": chromium})
    for view in ("normal", "images-off"):
        args = ["snapshot", str(tmp_path / "rooms.md"), "--width", "375", "--outbox", str(outbox)]
        result = runner.invoke(cli, [*args, "--view", view])
        assert result.exit_code == 0, result.output
    sent = PILImage.open(shots / "02-light-375.png").convert("RGB")
    blocked = PILImage.open(shots / "02-light-375-images-off.png").convert("RGB")
    assert (shots / "contact-sheet-images-off.png").is_file()
    blue = (30, 90, 160)
    assert blue in {colour for _, colour in sent.getcolors(1 << 20)}  # the picture, served
    assert blue not in {colour for _, colour in blocked.getcolors(1 << 20)}  # its alt text
    written = next((outbox / "rooms").glob("02-*.html")).read_text(encoding="utf-8")
    assert 'src="https://cdn.example.org/r/' in written  # the view never touches the file


@pytest.fixture(scope="module")
def gallery_page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("views")
    result = CliRunner().invoke(cli, ["build", str(KAP_CAMPAIGN), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "kap-conditions" / "index.html"


FRAME = """() => {
  const doc = document.querySelector(
    'iframe.frame[data-email="kap-in-counselling-where-it-fits"]').contentDocument;
  return {styles: doc.querySelectorAll('style').length,
          vml: doc.getElementsByTagName('v:roundrect').length,
          classes: doc.querySelectorAll('[class]').length};
}"""


def test_the_gallery_switches_each_frame_between_views(browser, gallery_page: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(gallery_page.as_uri())
        page.locator("#kap-in-counselling-where-it-fits").scroll_into_view_if_needed()
        page.wait_for_function(f"() => ({FRAME})().styles > 0")
        assert page.evaluate(FRAME)["classes"] > 0
        for view, check in (
            ("stripped", "s => s.styles === 0 && s.classes === 0"),
            ("outlook", "s => s.vml === 1"),
            ("normal", "s => s.styles > 0 && s.classes > 0"),
        ):
            page.click(f'button[data-view="{view}"]')
            assert page.get_attribute(f'button[data-view="{view}"]', "aria-pressed") == "true"
            page.wait_for_function(f"() => ({check})(({FRAME})())")
    finally:
        page.close()


INBOX = """() => [...document.querySelectorAll('.inbox li')].map(li => {
  const box = el => el.getBoundingClientRect();
  const from = li.querySelector('.from'), subject = li.querySelector('.subject');
  return {fromCut: from.scrollWidth > from.clientWidth, right: box(subject).right,
          subjectHeight: box(subject).height, snippet: box(li.querySelector('.snippet')).height};
})"""


@pytest.mark.parametrize("width", [375, 1280])
def test_the_inbox_keeps_sender_subject_and_preview_at_any_width(
    browser, gallery_page: Path, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(gallery_page.as_uri())
        rows = page.evaluate(INBOX)
        assert len(rows) == 8
        for row in rows:
            assert not row["fromCut"]
            assert row["right"] <= width and row["subjectHeight"] > 0 and row["snippet"] > 0
        assert page.evaluate("document.documentElement.scrollWidth") == width
        assert page.evaluate("getComputedStyle(document.querySelector('nav.jump')).position") == (
            "sticky"
        )
    finally:
        page.close()


def test_the_gallery_computes_each_view_as_snapshot_does(
    browser, gallery_page: Path, kap_built
) -> None:
    """The page's views (templates/partials/views.js) and kapmail.preview.views give the
    same HTML, view by view, for every email of the series."""
    page = browser.new_page()
    try:
        page.goto(gallery_page.as_uri())
        for rendered in kap_built.rendered:
            html = output_files(kap_built)[f"{rendered.email.stem}.html"].decode()
            html += '<p><img src="https://x.example/a.png" srcset="a.png 2x" alt="A"></p>'
            for name in views.VIEWS:
                in_page = page.evaluate("([n, h]) => KAPMAIL_VIEWS[n](h)", [name, html])
                assert in_page == views.view(html, name), (rendered.email.stem, name)
    finally:
        page.close()
