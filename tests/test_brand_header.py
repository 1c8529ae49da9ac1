"""The brand header, the eyebrow and the type scale (issue 12): the wordmark or the
[brand.logo] image first in every email, small print that stays readable in both modes."""

from __future__ import annotations

import re
import shutil
import struct
import zlib
from html import unescape

import pytest

from kapmail.config import load_campaign
from tests.builds import build_in_memory, check_built, output_files
from tests.conftest import KAP_CAMPAIGN, copy_org

LOGO_URL = "https://riverbend-counselling.example.org/email/logo.png"
DARK_URL = "https://riverbend-counselling.example.org/email/logo-dark.png"
LOGO = f"""
[brand.logo]
url = "{LOGO_URL}"
alt = "Riverbend Counselling Collective"
width = 200
height = 50
dark_url = "{DARK_URL}"
"""


def png(width: int, height: int, rgba: tuple[int, int, int, int]) -> bytes:
    """A real PNG of one colour, made with the standard library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes(rgba) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def logo_campaign(tmp_path_factory, logo: str):
    root = tmp_path_factory.mktemp("logo")
    copy_org(root)
    folder = root / "kap-conditions"
    shutil.copytree(KAP_CAMPAIGN, folder)
    with (folder / "campaign.toml").open("a") as toml:
        toml.write(logo)
    return build_in_memory(load_campaign(folder))


@pytest.fixture(scope="module")
def logo_built(tmp_path_factory):
    return logo_campaign(tmp_path_factory, LOGO)


@pytest.fixture(scope="module")
def logo_htmls(logo_built) -> list[str]:
    files = output_files(logo_built)
    return [files[f"{r.email.stem}.html"].decode() for r in logo_built.rendered]


def body_of(html: str) -> str:
    return html[html.index("<body") :]


# ---- the HTML as written ------------------------------------------------------------------


def test_the_wordmark_opens_every_email_and_links_to_the_website(htmls):
    for html in htmls:
        body = body_of(html)
        wordmark = re.search(r'<a href="([^"]*)" class="km-wordmark"[^>]*>([^<]*)</a>', body)
        assert wordmark is not None
        assert wordmark.group(2) == "Riverbend Counselling Collective"
        assert unescape(wordmark.group(1)).startswith(
            "https://riverbend-counselling.example.org/?utm_source=newsletter"
        )
        # Before the eyebrow, which no longer repeats the name, and before the title.
        eyebrow = re.search(r"<p[^>]*>Part (\d) of 8</p>", body)
        assert eyebrow is not None and wordmark.end() < eyebrow.start()
        assert eyebrow.start() < body.index("<h1")
        assert "Riverbend Counselling Collective · Part" not in body
        assert "km-logo" not in body


def test_a_configured_logo_replaces_the_wordmark_with_its_size_for_outlook(logo_htmls):
    for html in logo_htmls:
        body = body_of(html)
        assert "km-wordmark" not in body
        img = re.search(r'<img class="km-logo" ([^>]*)>', body)
        eyebrow = re.search(r"<p[^>]*>Part \d of \d</p>", body)
        assert img is not None and eyebrow is not None and img.start() < eyebrow.start()
        attrs = img.group(1)
        assert f'src="{LOGO_URL}"' in attrs
        assert 'alt="Riverbend Counselling Collective"' in attrs
        assert 'width="200" height="50"' in attrs
        # The dark variant: hidden, out of Outlook's sight, shown by the dark rules.
        dark = re.search(
            r'<!--\[if !mso\]><!-->\s*<div class="km-logo-dark" style="display:none;'
            r'mso-hide:all;"><a [^>]*><img src="([^"]*)" alt="([^"]*)"',
            body,
        )
        assert dark is not None and dark.groups() == (DARK_URL, "Riverbend Counselling Collective")
        head = html[: html.index("</head>")]
        media = head.rsplit("@media (prefers-color-scheme: dark)", 1)[1]
        assert re.search(r"\.km-logo-light \{ display: none !important; \}", media)
        assert "[data-ogsc] .km-logo-light { display: none !important; }" in head
        assert "[data-ogsc] .km-logo-dark { display: block !important; }" in head


def test_the_series_with_a_logo_passes_every_check(logo_built):
    assert check_built(logo_built) == []


def test_without_a_dark_variant_there_is_no_swap(tmp_path_factory):
    plain = LOGO.replace(f'dark_url = "{DARK_URL}"\n', "")
    built = logo_campaign(tmp_path_factory, plain)
    html = built.rendered[0].html
    assert "km-logo-dark" not in html and "km-logo-light" not in html
    assert LOGO_URL in html


# ---- in Chromium: what a reader sees --------------------------------------------------------


def open_page(browser, html: str, tmp_path, width: int, scheme: str):
    """The email as a file in Chromium; the logo URLs answered with real PNGs, others refused."""
    path = tmp_path / "email.html"
    path.write_text(html)
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    images = {
        LOGO_URL: png(400, 100, (31, 95, 91, 255)),
        DARK_URL: png(400, 100, (143, 211, 204, 255)),
    }

    def answer(route):
        body = images.get(route.request.url)
        if body is None:
            route.abort()
        else:
            route.fulfill(status=200, content_type="image/png", body=body)

    page.route("https://**/*", answer)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page


# The first visible thing: the topmost (then leftmost) visible image or piece of text.
FIRST = """() => {
  const seen = el => {
    for (let e = el; e && e !== document.documentElement; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false;
    }
    return true;
  };
  const found = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) {
    const node = walk.currentNode;
    if (!node.textContent.trim() || !seen(node.parentElement)) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const r = range.getBoundingClientRect();
    if (r.width > 1 && r.height > 1 && r.bottom > 0)
      found.push([r.top, r.left, 'text', node.textContent.trim()]);
  }
  for (const img of document.querySelectorAll('img')) {
    const r = img.getBoundingClientRect();
    if (seen(img) && r.width > 1 && r.height > 1) found.push([r.top, r.left, 'img', img.src]);
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return found[0];
}"""

MODES = [(375, "light"), (375, "dark"), (600, "light"), (600, "dark")]


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scheme"), MODES)
def test_the_wordmark_is_the_first_thing_a_reader_sees(browser, htmls, tmp_path, width, scheme):
    page = open_page(browser, htmls[1], tmp_path, width, scheme)
    try:
        top, left, kind, what = page.evaluate(FIRST)
        assert (kind, what) == ("text", "Riverbend Counselling Collective")
        assert left == pytest.approx(20 if width == 375 else 32, abs=1)  # the text column
        assert top >= 24  # space above the header
    finally:
        page.close()


LOGO_BOX = """() => [...document.querySelectorAll('.km-header img')].map(img => {
  const r = img.getBoundingClientRect();
  return [img.src, Math.round(r.width), Math.round(r.height), img.naturalWidth];
}).filter(([, w, h]) => w > 0 && h > 0)"""


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scheme"), MODES)
def test_a_logo_is_the_first_thing_and_its_dark_variant_takes_its_place(
    browser, logo_htmls, tmp_path, width, scheme
):
    page = open_page(browser, logo_htmls[1], tmp_path, width, scheme)
    try:
        expected = LOGO_URL if scheme == "light" else DARK_URL
        top, _left, kind, what = page.evaluate(FIRST)
        assert (kind, what) == ("img", expected) and top >= 24
        # One logo shows, loaded, at its configured size (it fits both widths).
        assert page.evaluate(LOGO_BOX) == [[expected, 200, 50, 400]]
    finally:
        page.close()


@pytest.mark.browser
def test_a_wide_logo_shrinks_to_the_phone_column_keeping_its_shape(
    browser, tmp_path_factory, tmp_path
):
    wide = LOGO.replace("width = 200", "width = 536").replace("height = 50", "height = 134")
    built = logo_campaign(tmp_path_factory, wide)
    html = output_files(built)[f"{built.rendered[0].email.stem}.html"].decode()
    for width, shown in ((375, 335), (600, 536)):
        page = open_page(browser, html, tmp_path, width, "light")
        try:
            [[_src, w, h, _natural]] = page.evaluate(LOGO_BOX)
            assert w == shown and h == pytest.approx(shown / 4, abs=1)
            assert page.evaluate("document.documentElement.scrollWidth") == width
        finally:
            page.close()


# Size and WCAG contrast of the text in the header, the eyebrow, the title and the footer,
# against the background actually painted behind each.
TYPE = """() => {
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const behind = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgb(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const measure = sel => [...document.querySelectorAll(sel)].map(el => {
    const s = getComputedStyle(el);
    const [a, b] = [lum(rgb(s.color)), lum(behind(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    return [parseFloat(s.fontSize), Math.round(ratio * 100) / 100, el.textContent.trim()];
  });
  return {
    wordmark: measure('.km-header a.km-wordmark'),
    eyebrow: measure('.km-eyebrow p'),
    title: measure('.km-text h1'),
    body: measure('.km-text > div > p:not(.km-cite)'),
    footer: measure(
      '.km-footer p:not(.km-crisis), .km-footer p:not(.km-crisis) a, .km-footer .km-address'),
    crisis: measure('.km-footer p.km-crisis, .km-footer p.km-crisis a'),
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize(("width", "scheme"), MODES)
def test_the_type_scale_and_its_contrast_in_both_modes(browser, htmls, tmp_path, width, scheme):
    page = open_page(browser, htmls[1], tmp_path, width, scheme)
    try:
        found = page.evaluate(TYPE)
    finally:
        page.close()
    expected = {
        "wordmark": 20,
        "eyebrow": 13,
        "title": 24 if width == 375 else 28,
        "body": 16,
        "footer": 13,
        "crisis": 15,
    }
    for part, size in expected.items():
        assert found[part], part
        for px, ratio, text in found[part]:
            assert px == size, (part, text)
            assert ratio >= 4.5, (part, scheme, ratio, text)
    assert found["eyebrow"][0][2] == "Part 2 of 8"  # uppercase by CSS only


SPACING = """() => {
  const box = sel => document.querySelector(sel).getBoundingClientRect();
  const cards = [...document.querySelectorAll('.km-card')];
  return [box('.km-header').bottom, cards[0].getBoundingClientRect().top,
          cards[cards.length - 1].getBoundingClientRect().bottom, box('td.km-footer').top,
          document.documentElement.scrollHeight - box('td.km-footer').top];
}"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 600])
def test_space_around_the_card_and_a_compact_footer(browser, htmls, tmp_path, width):
    for html in htmls:
        page = open_page(browser, html, tmp_path, width, "light")
        try:
            header_bottom, card_top, card_bottom, footer_top, footer = page.evaluate(SPACING)
        finally:
            page.close()
        assert card_top - header_bottom >= 16
        assert footer_top - card_bottom >= 16
        # Everything the footer carries in at most 460 px on a phone (608 before issue 12).
        assert footer <= (460 if width == 375 else 380)
