"""The craft of the emails (issue 12): inbox line, client hooks, Outlook button, reply prompt."""

from __future__ import annotations

import re
from html import unescape

import pytest

from kapmail.preview.inbox import preview_text
from tests.builds import output_files

PADDING = "\u034f\u200c\xa0"


def test_the_hidden_preheader_is_followed_by_invisible_padding(kap_built, htmls):
    for rendered, html in zip(kap_built.rendered, htmls, strict=True):
        preheader = rendered.email.preheader
        body = html[html.index("<body") :]
        hidden = re.search(r'<div class="km-preheader" style="([^"]*)">([^<]*)</div>\s*', body)
        assert hidden is not None and "mso-hide:all" in hidden.group(1)
        assert unescape(hidden.group(2)) == preheader
        padding = re.search(
            r'<div class="km-preheader-padding" style="([^"]*)">([^<]*)</div>', body
        )
        assert padding is not None and padding.start() > hidden.end() - 1
        style = padding.group(1).replace(" ", "")
        for rule in ("display:none", "mso-hide:all", "max-height:0", "overflow:hidden"):
            assert rule in style
        assert padding.group(2) == PADDING * 90
        # Nothing visible between the preheader and its padding.
        assert re.sub(r"<[^>]+>|\s", "", body[hidden.end() : padding.start()]) == ""
        # What an inbox shows: the preheader, then only padding for the next 200 characters.
        preview = preview_text(html, limit=len(preheader) + 1 + 200)
        assert preview.startswith(preheader)
        rest = preview[len(preheader) :]
        assert len(rest) == 201
        assert set(rest) <= set(PADDING + " ")


def head_of(html: str) -> str:
    return html[: html.index("</head>")]


def test_the_apple_and_format_detection_metas_are_in_the_head(htmls):
    for html in htmls:
        head = head_of(html)
        assert '<meta name="x-apple-disable-message-reformatting">' in head
        assert (
            '<meta name="format-detection" '
            'content="telephone=no, date=no, address=no, email=no, url=no">' in head
        )


def test_data_detector_and_gmail_hooks_keep_links_in_the_palette(htmls):
    for html in htmls:
        head = head_of(html)
        rule = re.search(r"a\[x-apple-data-detectors\] \{([^}]*)\}", head)
        assert rule is not None
        for prop in ("color", "text-decoration", "font-size", "font-family", "font-weight"):
            assert re.search(rf"{prop}: (inherit|none) !important", rule.group(1))
        assert re.search(r"u \+ \.body a[ ,][^{]*\{ color: inherit;", head)
        assert re.search(r'<body class="body" ', html) and 'class="km-page"' in html


def test_the_dark_palette_is_repeated_for_outlook_com(htmls):
    for html in htmls:
        head = head_of(html)
        media = head.split("@media (prefers-color-scheme: dark)", 1)[1]
        assert re.search(
            r"\[data-ogsb\] \.km-card[ ,][^{]*\{ background-color: #1b2121 !important", media
        )
        assert re.search(r"\[data-ogsc\] \.km-text p[ ,][^{]*\{ color: #e8ecea !important", media)
        assert re.search(
            r"\[data-ogsc\] \.km-divider td \{ border-top-color: #243030 !important", media
        )
        # Every colour rule of the media query has its Outlook.com twin.
        inside = media[: media.index("[data-og")]
        for selectors, decl in re.findall(r"\n\s*([^{}\n]+) \{ ([^}]*) \}", inside):
            prefix = "[data-ogsb] " if decl.startswith("background-color") else "[data-ogsc] "
            first = selectors.split(", ")[0]
            assert f"{prefix}{first}" in media, first


def open_email(browser, kap_built, tmp_path, position, width, scheme="light"):
    rendered = kap_built.rendered[position - 1]
    path = tmp_path / f"email-{position}.html"
    path.write_bytes(output_files(kap_built)[f"{rendered.email.stem}.html"])
    page = browser.new_page(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page.goto(path.as_uri())
    return page


DIVIDER = """() => {
  const td = document.querySelector('.km-divider td');
  const s = getComputedStyle(td);
  return [s.borderTopStyle, s.borderTopColor];
}"""

LABELS = """() => [...document.querySelectorAll('h2.km-note-label')].map(
  p => getComputedStyle(p).color)"""


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 600])
def test_in_dark_mode_the_question_divider_is_dark_and_box_labels_keep_their_accent(
    browser, kap_built, tmp_path, width
):
    page = open_email(browser, kap_built, tmp_path, 8, width, "dark")
    try:
        style, colour = page.evaluate(DIVIDER)
        assert (style, colour) == ("solid", "rgb(36, 48, 48)")
        labels = page.evaluate(LABELS)
        assert labels and set(labels) == {"rgb(143, 211, 204)"}
    finally:
        page.close()
    page = open_email(browser, kap_built, tmp_path, 8, width, "light")
    try:
        assert page.evaluate(DIVIDER) == ["solid", "rgb(213, 219, 217)"]
    finally:
        page.close()


def test_outlook_gets_a_vml_button_inside_mso_comments(kap_built, htmls):
    from html import unescape

    for rendered, html in zip(kap_built.rendered, htmls, strict=True):
        blocks = re.findall(r"<!--\[if mso\]>(.*?)<!\[endif\]-->", html, re.S)
        buttons = [b for b in blocks if "<v:roundrect" in b]
        assert len(buttons) == 1, rendered.email.stem
        vml = re.search(r"<v:roundrect\b([^>]*)>(.*?)</v:roundrect>", buttons[0], re.S)
        assert vml is not None
        attrs, inner = vml.groups()
        href = unescape(re.search(r'href="([^"]*)"', attrs).group(1))
        assert href.startswith("https://riverbend-counselling.example.org/training/kap?utm_")
        assert 'fillcolor="#1f5f5b"' in attrs and 'arcsize="' in attrs
        assert re.search(r"height:48px;.*width:\d+px;", attrs)
        label = rendered.email.button.label
        assert label in inner
        # The HTML button is hidden from Outlook and links to the same place.
        parts = re.findall(r"<!--\[if !mso\]><!-->(.*?)<!--<!\[endif\]-->", html, re.S)
        hidden = [p for p in parts if 'class="km-button"' in p]
        assert len(hidden) == 1
        anchor = re.search(rf'<a href="([^"]*)"[^>]*>\s*{re.escape(label)}', hidden[0])
        assert anchor is not None and unescape(anchor.group(1)) == href


@pytest.mark.browser
@pytest.mark.parametrize("width", [375, 600])
def test_the_button_is_at_least_44_px_tall(browser, kap_built, tmp_path, width):
    page = open_email(browser, kap_built, tmp_path, 1, width)
    try:
        box = page.locator(".km-button a").bounding_box()
        assert box is not None and box["height"] >= 44
    finally:
        page.close()


REPLY = "Just reply to this email: we read every reply."


def test_the_closing_question_invites_a_reply_in_html_and_text(kap_built, htmls, texts):
    from tests.html_text import visible_text

    address = kap_built.campaign.sender.reply_to
    assert address == "training@riverbend-counselling.example.org"
    asked = 0
    for rendered, html, text in zip(kap_built.rendered, htmls, texts, strict=True):
        if not rendered.email.question:
            assert REPLY not in text and REPLY not in visible_text(html)
            continue
        asked += 1
        visible = visible_text(html)
        assert visible.index(rendered.email.question) < visible.index(REPLY)
        assert f'<a href="mailto:{address}"' in html
        flat = " ".join(text.split())
        assert flat.index(rendered.email.question) < flat.index(REPLY)
        assert f"{REPLY}\nOr write to {address}\n" in text
    assert asked >= 1


LONE_URL = re.compile(r"<?https?://\S+>?")


def test_the_text_twin_keeps_lines_within_78_characters_but_a_lone_url(texts):
    for text in texts:
        for line in text.splitlines():
            assert len(line) <= 78 or LONE_URL.fullmatch(line), line


def test_text_labels_precede_their_url_on_the_next_line(kap_built, texts):
    for rendered, text in zip(kap_built.rendered, texts, strict=True):
        label = re.escape(rendered.email.button.label)
        assert re.search(rf"\n{label}:\n<https://\S+>\n", text)
        for label in ("Unsubscribe", "Email preferences", "Website"):
            assert re.search(rf"\n{label}:\n<https?://\S+>\n", text), label
        assert not re.search(r"\S+: https?://", text)


def test_text_names_each_reference_once(kap_built, texts):
    seen = 0
    for rendered, text in zip(kap_built.rendered, texts, strict=True):
        if not rendered.email.evidence:
            continue
        for ref in rendered.email.evidence.references:
            seen += 1
            assert text.count(ref.url) == 1
            assert f"<{ref.url}>" in text
            number = re.fullmatch(r"(?:doi:|PMID |PMC)(\S+)", ref.identifier)
            if number:  # a DOI or PubMed number once (in its URL), not twice
                assert text.count(number.group(1)) == 1, ref.identifier
    assert seen >= 5


def test_the_signature_separator_keeps_its_trailing_space(texts):
    for text in texts:
        assert text.count("\n-- \n") == 1
        footer = text.split("\n-- \n", 1)[1]
        assert "Unsubscribe:" in footer
        assert "Just reply" not in footer


BOXES = """() => {
  const text = document.querySelector('td.km-text').getBoundingClientRect();
  const pad = parseFloat(getComputedStyle(document.querySelector('td.km-text')).paddingLeft);
  return [text.left + pad, [...document.querySelectorAll('.km-note-box')].map(
    b => [b.getBoundingClientRect().left, b.getBoundingClientRect().right])];
}"""


@pytest.mark.browser
@pytest.mark.parametrize("position", [1, 2, 8])
def test_on_a_phone_the_boxes_line_up_with_the_text_column(browser, kap_built, tmp_path, position):
    page = open_email(browser, kap_built, tmp_path, position, 375)
    try:
        text_left, boxes = page.evaluate(BOXES)
        assert text_left == pytest.approx(20, abs=1)
        assert boxes
        for left, right in boxes:
            assert left == pytest.approx(text_left, abs=2)
            assert right == pytest.approx(375 - 20, abs=2)
    finally:
        page.close()


def test_each_condition_leads_with_its_evidence_badge_in_html_and_text(kap_built, htmls, texts):
    from kapmail.content import passages
    from tests.html_text import visible_text

    badges = 0
    for rendered, html, text in zip(kap_built.rendered, htmls, texts, strict=True):
        email = rendered.email
        badge = f"Evidence: {email.evidence.label}" if email.evidence else None
        if badge is None:
            assert 'class="km-badge"' not in html and "\nEvidence: " not in text
            continue
        badges += 1
        first = passages(email.blocks)[0][0].split(". ")[0]
        visible = visible_text(html)
        assert visible.index(email.title) < visible.index(badge) < visible.index(first)
        assert visible.index(badge) < visible.index(
            f"What the evidence says: {email.evidence.label}"
        )
        # The badge jumps to the note, which carries that id.
        assert 'href="#km-evidence"' in html
        assert re.search(
            r'<h2 class="km-note-label" id="km-evidence"[^>]*><a name="km-evidence"', html
        )
        underline = "=" * len(email.title)
        assert f"{email.title}\n{underline}\n{badge} (what the research says is below)\n" in text
        flat = " ".join(text.split())
        assert flat.index(badge) < flat.index(first)
    assert badges == 6


def test_the_button_comes_after_the_boxes_with_a_sentence_leading_into_it(kap_built, htmls, texts):
    from tests.html_text import visible_text

    campaign = kap_built.campaign.call_to_action
    adhd = "attention-deficit-disorders-add-adhd"
    for rendered, html, text in zip(kap_built.rendered, htmls, texts, strict=True):
        email, button = rendered.email, rendered.email.button
        own = email.slug == adhd
        assert button.label == ("See who KAP is for" if own else campaign.label)
        assert (button.lead_in == campaign.lead_in) is not own
        visible = visible_text(html)
        lead_in = visible.index(button.lead_in)
        assert lead_in < visible.index(button.label)
        boxes = [
            visible.index(t)
            for t in ("What the evidence says", "Regulatory status")
            if t in visible
        ]
        assert boxes and max(boxes) < lead_in
        flat = " ".join(text.split())
        assert flat.index(" ".join(button.lead_in.split())) < flat.index(f"{button.label}:")


def test_long_identifiers_and_hosts_wrap_at_their_separators_not_inside_words(htmls):
    for html in htmls:
        assert "break-all" not in html
    depression = htmls[1]
    assert "(doi:<wbr>10.1002/<wbr>14651858.CD011612<wbr>.pub3)" in depression
    assert ">riverbend<wbr>-counselling<wbr>.example<wbr>.org</a>" in depression
    assert "(PMID\xa037224232)" in depression  # never parted from its number
    assert ">988lifeline.org</a>" in depression  # short: no break at all


@pytest.mark.browser
def test_the_badge_link_jumps_to_the_note_and_keeps_its_words_together(
    browser, kap_built, tmp_path
):
    page = open_email(browser, kap_built, tmp_path, 2, 375)
    page.set_viewport_size({"width": 375, "height": 400})
    try:
        link = page.locator('a[href="#km-evidence"]')
        rects = link.evaluate("a => a.getClientRects().length")
        assert rects == 1  # "What the research says" on one line
        note = page.locator("#km-evidence")
        assert note.bounding_box()["y"] > 400  # below the first screen
        link.click()
        page.wait_for_function("() => window.scrollY > 0")
        top = note.bounding_box()["y"]
        assert -2 <= top < 100  # at the top of the screen (sub-pixel scrolling allowed)
    finally:
        page.close()


def test_lists_indent_with_margins_outlook_honours(htmls):
    """Outlook on Windows ignores padding on lists: the indent is the list's left margin."""
    lists = [tag for html in htmls for tag in re.findall(r"<(?:ul|ol)\b[^>]*>", html)]
    assert len(lists) >= 7  # the outline and each evidence note's sources
    for tag in lists:
        style = re.search(r'style="([^"]*)"', tag).group(1).replace(" ", "")
        assert "padding:0;" in f"{style};" and re.search(
            r"margin:0(?:px)?0(?:px)?\S*?\d+px", style
        ), tag


def test_the_crisis_numbers_are_links_a_phone_can_dial(kap_built, htmls):
    for html in htmls:
        crisis = re.search(r'<p class="km-crisis"[^>]*>(.*?)</p>', html, re.S)
        assert crisis is not None
        assert re.search(r'Call or text <a href="tel:988"[^>]*>988</a>', crisis.group(1))
        assert re.search(r'call <a href="tel:911"[^>]*>911</a>', crisis.group(1))


def test_the_inbox_line_read_from_the_checks_parsed_email_is_the_one_read_from_its_bytes(htmls):
    """A checked build reads the preview from the tree the checks parsed (<wbr> removed)."""
    from kapmail.checks.tree import parse_email

    extra = (
        "<!doctype html><html><head><title>Not shown</title><style>p{}</style></head><body>"
        "<div>Long<wbr>word, <script>no()</script>a <!-- note --> tail<wbr></div>"
        + "<p>more text</p>" * 40
        + "</body></html>"
    )
    for html in [*htmls, extra]:
        for limit in (100, 20, 3000):
            expected = preview_text(html.encode(), limit)
            assert preview_text(html.encode(), limit, parsed=parse_email(html)) == expected
    assert preview_text(extra, 24) == "Longword, a tailmore tex"
