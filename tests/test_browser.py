"""Real Chromium: the emails fit a phone and a desktop column without sideways scrolling."""

from __future__ import annotations

import pytest

from tests.builds import output_files

pytestmark = pytest.mark.browser

LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser(chromium):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=LAUNCH_ARGS)
        yield browser
        browser.close()


@pytest.mark.parametrize("width", [375, 600])
@pytest.mark.parametrize("position", [1, 8])
def test_no_horizontal_overflow(browser, kap_built, tmp_path, width, position):
    rendered = kap_built.rendered[position - 1]
    html = output_files(kap_built)[f"{rendered.email.stem}.html"]
    path = tmp_path / "email.html"
    path.write_bytes(html)
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.goto(path.as_uri())
        assert page.evaluate("document.compatMode") == "CSS1Compat"
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width == width
        heading = page.locator("h1").bounding_box()
        assert heading is not None and heading["x"] >= 16 and heading["width"] <= width - 32
    finally:
        page.close()


def test_gallery_switches_previews_to_phone_width(browser, tmp_path):
    from click.testing import CliRunner

    from kapmail.cli import cli
    from tests.conftest import KAP_CAMPAIGN

    CliRunner().invoke(cli, ["build", str(KAP_CAMPAIGN), "--out", str(tmp_path)])
    page = browser.new_page(viewport={"width": 1200, "height": 900})
    try:
        page.goto((tmp_path / "kap-conditions" / "index.html").as_uri())
        frame = page.locator("iframe").first
        inner_width = "element => element.clientWidth"
        assert frame.evaluate(inner_width) == 600
        page.get_by_role("button", name="Phone 375 px").click()
        assert frame.evaluate(inner_width) == 375
        assert (
            page.get_by_role("button", name="Phone 375 px").get_attribute("aria-pressed") == "true"
        )
    finally:
        page.close()
