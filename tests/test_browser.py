"""Real Chromium: the emails fit a phone and a desktop column without sideways scrolling."""

from __future__ import annotations

import pytest

from tests.builds import output_files

pytestmark = pytest.mark.browser


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


@pytest.fixture(scope="module")
def gallery_dir(tmp_path_factory):
    from click.testing import CliRunner

    from kapmail.cli import cli
    from tests.conftest import KAP_CAMPAIGN

    out = tmp_path_factory.mktemp("gallery")
    result = CliRunner().invoke(cli, ["build", str(KAP_CAMPAIGN), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out / "kap-conditions"


@pytest.fixture
def gallery(browser, gallery_dir):
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    page.goto((gallery_dir / "index.html").as_uri())
    page.wait_for_function(
        "[...document.querySelectorAll('iframe.frame')].every("
        "f => f.contentDocument && f.contentDocument.readyState === 'complete')"
    )
    yield page
    page.close()


FRAMES = """() => [...document.querySelectorAll('iframe.frame')].map(f => ({
    width: f.clientWidth,
    height: f.clientHeight,
    content: f.contentDocument.documentElement.scrollHeight,
    background: getComputedStyle(f.contentDocument.body).backgroundColor,
}))"""


def test_inbox_lists_every_email_with_sender_subject_and_preview_in_order(gallery, gallery_dir):
    from kapmail.manifest import read
    from kapmail.preview.inbox import preview_text

    manifest = read(gallery_dir)
    rows = gallery.locator(".inbox li")
    assert rows.count() == len(manifest.emails) == 8
    for index, entry in enumerate(manifest.emails):
        row = rows.nth(index)
        assert row.locator(".from").inner_text() == "Riverbend Learning Team"
        assert row.locator(".subject").inner_text() == entry.subject
        preview = preview_text((gallery_dir / entry.html).read_bytes())
        assert preview.startswith(entry.preheader[:40])
        assert " ".join(row.locator(".snippet").inner_text().split()) == f"– {preview}".strip()
        assert row.locator("time").inner_text().endswith("2027, 09:00 (America/New_York)")
    assert rows.first.locator("time").inner_text().startswith("Tuesday 12 January 2027")


def test_dark_switch_changes_the_frames_computed_background(gallery):
    light = gallery.evaluate(FRAMES)
    assert len(light) == 16 and {f["width"] for f in light} == {375, 600}
    gallery.get_by_role("button", name="Dark").click()
    dark = gallery.evaluate(FRAMES)
    assert gallery.get_by_role("button", name="Dark").get_attribute("aria-pressed") == "true"
    for before, after in zip(light, dark, strict=True):
        assert before["background"] == "rgb(243, 245, 244)"
        assert after["background"] == "rgb(16, 20, 20)"
    gallery.get_by_role("button", name="Light").click()
    assert gallery.evaluate(FRAMES) == light


def test_the_html_source_shows_the_email_as_written_and_stays_after_a_view(gallery, gallery_dir):
    from kapmail.manifest import read

    entry = read(gallery_dir).emails[2]
    box = gallery.locator(f'details.source[data-email="{entry.slug}"]')
    code = box.locator("code")
    assert code.inner_text() == ""  # not in the page: filled from the frames when opened
    gallery.get_by_role("button", name="Styles stripped").click()  # the frames change
    box.locator("summary").click()
    written = (gallery_dir / entry.html).read_text(encoding="utf-8")
    assert gallery.evaluate("e => e.textContent", code.element_handle()) == written
    gallery.get_by_role("button", name="As sent").click()


def test_each_frame_is_as_tall_as_its_email(browser, gallery, gallery_dir):
    from kapmail.manifest import read

    frames = gallery.evaluate(FRAMES)
    emails = read(gallery_dir).emails
    for index, entry in enumerate(emails):
        for offset, width in enumerate((375, 600)):
            page = browser.new_page(viewport={"width": width, "height": 100})
            try:
                page.goto((gallery_dir / entry.html).as_uri())
                alone = page.evaluate("document.documentElement.scrollHeight")
            finally:
                page.close()
            frame = frames[2 * index + offset]
            assert frame["width"] == width
            assert abs(frame["height"] - alone) <= 3, (entry.html, width, frame, alone)
            assert frame["height"] > 900  # the whole email, not a fixed window


def test_over_http_frames_fit_errors_show_and_a_new_build_reloads_the_page(browser, gallery_dir):
    import threading

    from kapmail.preview.server import PreviewServer

    server = PreviewServer(gallery_dir.parent, port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    page = browser.new_page(viewport={"width": 1300, "height": 900})
    try:
        page.goto(server.url + "kap-conditions/index.html")
        page.wait_for_function(
            "[...document.querySelectorAll('iframe.frame')].every(f => f.clientHeight > 900)"
        )
        banner = page.locator("#kapmail-build-error")
        assert banner.is_hidden()
        server.state.failed("x", "kapmail: error: campaign.toml:3: bad TOML")
        page.wait_for_selector("#kapmail-build-error:not([hidden])", timeout=5000)
        assert "campaign.toml:3: bad TOML" in banner.inner_text()
        page.evaluate("window.kapmailBefore = true")
        server.state.built("x")
        page.wait_for_function("window.kapmailBefore === undefined", timeout=5000)
        page.wait_for_selector("#kapmail-build-error", state="attached")
        assert page.locator("#kapmail-build-error").is_hidden()
    finally:
        page.close()
        server.shutdown()
        server.server_close()
        thread.join(10)


# Every text node a reader can see, with its colour against the first painted background
# behind it (WCAG 2: 4.5:1, or 3:1 for large text: 24 px, or 18.66 px bold).
UNREADABLE = r"""() => {
  const channels = c => (c.match(/[\d.]+/g) || []).map(Number);
  const light = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const painted = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = channels(getComputedStyle(e).backgroundColor);
      if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const shown = el => {
    for (let e = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || s.opacity === '0') return false;
    }
    const box = el.getBoundingClientRect();
    return box.width > 1 && box.height > 1;
  };
  const found = [];
  const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walk.nextNode(); node; node = walk.nextNode()) {
    const words = node.textContent.trim();
    const el = node.parentElement;
    if (!words || !shown(el)) continue;
    const s = getComputedStyle(el);
    const [a, b] = [light(channels(s.color)), light(painted(el))];
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(s.fontSize), bold = parseInt(s.fontWeight) >= 700;
    const need = size >= 24 || (size >= 18.66 && bold) ? 3 : 4.5;
    const text = `${ratio.toFixed(2)} < ${need}: ${s.color} '${words.slice(0, 40)}'`;
    if (ratio < need) found.push(text);
  }
  return {found, scroll: document.documentElement.scrollWidth};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [375, 600])
def test_every_email_fits_and_every_visible_text_is_readable(
    browser, kap_built, files, tmp_path, width, scheme
):
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    try:
        for rendered in kap_built.rendered:
            path = tmp_path / f"{rendered.email.stem}.html"
            path.write_bytes(files[f"{rendered.email.stem}.html"])
            page.goto(path.as_uri())
            result = page.evaluate(UNREADABLE)
            assert result["scroll"] == width, rendered.email.stem
            assert result["found"] == [], (rendered.email.stem, result["found"])
    finally:
        page.close()


def test_the_readability_probe_finds_pale_text(browser, kap_built, files, tmp_path):
    """The probe above can fail: a pale heading is found."""
    html = files[f"{kap_built.rendered[1].email.stem}.html"].decode()
    html = html.replace("<h1 ", '<h1 class="pale" ', 1).replace(
        "</style>", ".pale { color: #c8c8c8 !important; }</style>", 1
    )
    path = tmp_path / "pale.html"
    path.write_text(html, encoding="utf-8")
    page = browser.new_page(viewport={"width": 375, "height": 900})
    try:
        page.goto(path.as_uri())
        found = page.evaluate(UNREADABLE)["found"]
    finally:
        page.close()
    assert len(found) >= 1 and "rgb(200, 200, 200)" in found[0]


# Each word of each article table cell on one line (a break after a hyphen or dash is a
# word's own): a Range over a word that wraps has two rects.
_SPLIT_WORDS = """() => {
  const split = [];
  for (const cell of document.querySelectorAll('.km-table td, .km-table th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const m of node.data.matchAll(/[^\\s\\-–—\\/]+/g)) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) split.push(m[0]);
      }
    }
  }
  return split;
}"""


def test_a_wide_table_never_breaks_a_word_or_a_number_on_a_phone(browser, tmp_path):
    """Issue 20: a table on a phone split times mid-token ("10:0 / 0 AM")."""
    from click.testing import CliRunner

    from kapmail.cli import cli
    from tests.conftest import MINIMAL_CAMPAIGN, make_campaign

    header = "| Day | Wake-up | Nap | Bedtime | Screens off | Caffeine cut-off | Notes |"
    row = "| Wednesday | 10:00 AM | 1:30–1:50 PM | 11:45 PM | 10:45 PM | 2:00 PM | 1,234,567 |"
    article = (
        "# Sleep log\n\nIntro.\n\n## The week\n\n"
        + "\n".join([header, "|" + "---|" * 7, row, row])
        + "\n\nShall we?\n"
    )
    folder = make_campaign(tmp_path, article, MINIMAL_CAMPAIGN, name="article.md")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(folder), "--out", str(out)])
    assert result.exit_code in (0, 1), result.output
    [path] = sorted((out / "campaign").glob("02-*.html"))
    page = browser.new_page(viewport={"width": 320, "height": 900})
    try:
        page.goto(path.as_uri())
        split = page.evaluate(_SPLIT_WORDS)
        assert split == [], " | ".join(split)
        assert page.evaluate("document.documentElement.scrollWidth") == 320
    finally:
        page.close()
