"""A test per rule: a crafted breakage produces that finding with the right severity,
and the clean default campaign produces none."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest

from kapmail.checks import REGISTRY, Context
from kapmail.content.model import Image
from kapmail.images import Picture
from tests.checks_helpers import (
    DOMAIN,
    H1,
    UNSUBSCRIBE_LINK,
    UNSUBSCRIBE_URL,
    add_to_body,
    as_bytes,
    findings,
    good_message,
    replace_html,
    replace_text,
    with_eml,
    without_demo_warning,
)

IMAGE_ONLY = (
    '<!doctype html><html lang="en" dir="ltr"><body>'
    '<img src="https://x.example.org/a.png" alt="Sale"></body></html>'
)


def padded(kb: int) -> Callable[[Context], Context]:
    def pad(ctx: Context) -> Context:
        missing = kb * 1024 - len(ctx.html.encode())
        return replace_html(ctx, "</body>", "<!--" + "x" * missing + "--></body>")

    return pad


def replace(**changes) -> Callable[[Context], Context]:
    return lambda ctx: dataclasses.replace(ctx, **changes)


def html(old: str, new: str) -> Callable[[Context], Context]:
    return lambda ctx: replace_html(ctx, old, new)


def text(old: str, new: str) -> Callable[[Context], Context]:
    return lambda ctx: replace_text(ctx, old, new)


def body(snippet: str) -> Callable[[Context], Context]:
    return lambda ctx: add_to_body(ctx, snippet)


def settings(table: str, **values) -> Callable[[Context], Context]:
    def change(ctx: Context) -> Context:
        changed = dataclasses.replace(getattr(ctx.campaign, table), **values)
        return dataclasses.replace(
            ctx, campaign=dataclasses.replace(ctx.campaign, **{table: changed})
        )

    return change


def message(**headers) -> Callable[[Context], Context]:
    return lambda ctx: with_eml(ctx, good_message(ctx, **headers))


def raw_message(edit: Callable[[bytes], bytes]) -> Callable[[Context], Context]:
    def build(ctx: Context) -> Context:
        raw = as_bytes(good_message(ctx))
        return with_eml(ctx, edit(raw))

    return build


def html_only_message(ctx: Context) -> Context:
    msg = good_message(ctx)
    msg.clear_content()
    msg.set_content(ctx.html, subtype="html", cte="quoted-printable")
    return with_eml(ctx, msg)


def html_first_message(ctx: Context) -> Context:
    msg = good_message(ctx)
    msg.clear_content()
    msg.set_content(ctx.html, subtype="html", cte="quoted-printable")
    msg.add_alternative(ctx.text, cte="quoted-printable")
    return with_eml(ctx, msg)


def eight_bit_message(ctx: Context) -> Context:
    msg = good_message(ctx)
    msg.clear_content()
    msg.set_content(ctx.text, cte="8bit")
    msg.add_alternative(ctx.html, subtype="html", cte="quoted-printable")
    return with_eml(ctx, msg)


def latin1_html_message(ctx: Context) -> Context:
    msg = good_message(ctx)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            part.set_param("charset", "iso-8859-1")
    return with_eml(ctx, msg)


def injected_subject(ctx: Context) -> Context:
    evil = "KAP and Depressive Disorders\r\nBcc: victim@example.org"
    raw = as_bytes(good_message(ctx))
    raw = raw.replace(b"Subject: " + ctx.subject.encode(), b"Subject: " + evil.encode())
    return dataclasses.replace(ctx, subject=evil, eml=raw)


def encoded_line_break(ctx: Context) -> Context:
    raw = as_bytes(good_message(ctx))
    raw = raw.replace(b"To: reader@example.com", b"To: =?utf-8?q?reader=0D=0ABcc=3A_x?=")
    return with_eml(ctx, raw)


def insert_header(line: bytes) -> Callable[[bytes], bytes]:
    return lambda raw: raw.replace(b"\r\n", b"\r\n" + line + b"\r\n", 1)


def drop_paragraph(ctx: Context) -> Context:
    start = ctx.text.index("For those suffering")
    end = ctx.text.index("thinking cycles.") + len("thinking cycles.")
    return dataclasses.replace(ctx, text=ctx.text[:start] + ctx.text[end:])


def anonymous_html(ctx: Context) -> Context:
    names = ("Riverbend Counselling Collective", "Riverbend Learning Team")
    html = ctx.html
    for name in names:
        html = html.replace(name, "Acme")
    return dataclasses.replace(ctx, html=html)


def unreachable_text(ctx: Context) -> Context:
    text = ctx.text.replace("learning@riverbend-counselling.example.org", "someone")
    return dataclasses.replace(ctx, text=text.replace(DOMAIN, "acme.example.net"))


# (rule, severity, breakage, a word the message must contain)
CASES: list[tuple[str, str, Callable[[Context], Context], str]] = [
    ("F1", "warning", padded(95), "90 KB"),
    ("F1", "error", padded(110), "clips"),
    ("F2", "error", html_only_message, "multipart/alternative"),
    ("F2", "error", html_first_message, "text/plain first"),
    ("F3", "error", drop_paragraph, "lacks"),
    ("F3", "error", text(f"Unsubscribe:\n<{UNSUBSCRIBE_URL}>", "Bye"), "no unsubscribe URL"),
    (
        "F4",
        "warning",
        body('<table role="presentation" width="700"><tr><td>x</td></tr></table>'),
        "600px",
    ),
    (
        "F5",
        "warning",
        replace(subject="KAP and depressive disorders: the evidence, the risks, the practice"),
        "emails.depressive-disorders.subject",
    ),
    ("F6", "warning", replace(preheader="Too short"), "characters"),
    ("F6", "warning", replace(preheader="KAP and Depressive Disorders"), "repeats the subject"),
    ("F6", "warning", html('class="km-preheader" style="display:none;', 'style="'), "hidden text"),
    (
        "F7",
        "error",
        lambda c: dataclasses.replace(
            c,
            html=IMAGE_ONLY,
        ),
        "no live text",
    ),
    (
        "F7",
        "warning",
        body('<img src="https://example.org/big.png" alt="A chart" width="600" height="2000">'),
        "% of the email",
    ),
    ("F8", "error", body('<a href="http://example.org/study">the ELEKT-D study</a>'), "http://"),
    ("F8", "error", body('<a href="/study">the ELEKT-D study</a>'), "relative"),
    ("F8", "error", body('<img src="logo.png" alt="Logo">'), "relative"),
    ("F8", "error", html('id="km-evidence"', 'id="elsewhere"'), "points to no element"),
    ("F8", "error", html('href="tel:988"', 'href="tel:nine"'), "a phone can dial"),
    (
        "F9",
        "error",
        body('<img src="data:image/png;base64,iVBORw0KGgo=" alt="dot">'),
        "data: image",
    ),
    ("F9", "error", body('<svg width="10" height="10"><circle r="4"/></svg>'), "<svg>"),
    ("F10", "error", body('<img src="https://example.org/a.png">'), "no alt"),
    ("F11", "error", body("<script>alert(1)</script>"), "<script>"),
    (
        "F11",
        "error",
        body('<form action="https://example.org/f"><input name="q"></form>'),
        "<form>",
    ),
    ("F11", "error", body('<iframe src="https://example.org/v"></iframe>'), "<iframe>"),
    ("F12", "warning", html("</tr></table><![endif]-->", "</tr></table>"), "not closed"),
    ("F12", "warning", body("<![endif]-->"), "without a matching"),
    (
        "F13",
        "error",
        html('<meta http-equiv="Content-Type" content="text/html; charset=UTF-8">', ""),
        "no charset",
    ),
    ("F13", "error", html("charset=UTF-8", "charset=ISO-8859-1"), "iso-8859-1"),
    ("F13", "error", latin1_html_message, "sent as charset"),
    ("F13", "warning", html("<!doctype html>\n", ""), "doctype"),
    (
        "F14",
        "error",
        html(UNSUBSCRIBE_LINK, "Manage your subscription"),
        "no visible unsubscribe link",
    ),
    (
        "F14",
        "error",
        html(UNSUBSCRIBE_LINK, UNSUBSCRIBE_LINK.replace('style="', 'style="display:none;')),
        "hidden",
    ),
    (
        "F14",
        "error",
        html("</h1>", "</h1>" + "<!--" + "x" * (103 * 1024) + "-->"),
        "after the first 102 KB",
    ),
    ("H1", "error", message(Message_ID=None), "no Message-ID"),
    ("H1", "error", message(To=None), "no To"),
    ("H1", "error", message(Message_ID="<abc@mailer.example.net>"), "not the sending domain"),
    ("H2", "error", message(From="Riverbend <riverbend.learning@gmail.com>"), "free-mail"),
    ("H2", "error", message(Reply_To="help@other.example.net"), "not on the sending domain"),
    ("H3", "error", raw_message(insert_header(b"X-Long: " + b"a" * 1000)), "998"),
    ("H3", "warning", raw_message(insert_header(b"X-Note: " + b"word " * 18)), "fold"),
    ("H4", "error", eight_bit_message, "quoted-printable or base64"),
    ("H5", "error", message(List_Unsubscribe=None), "no List-Unsubscribe"),
    ("H5", "error", message(List_Unsubscribe=f"<mailto:unsubscribe@{DOMAIN}>"), "no https://"),
    ("H6", "error", message(List_Unsubscribe_Post=None), "missing"),
    ("H6", "error", message(List_Unsubscribe_Post="List-Unsubscribe=one-click"), "exactly"),
    ("H11", "error", injected_subject, "line break"),
    ("H11", "error", encoded_line_break, "header To"),
    ("L1", "error", settings("sender", postal_address=None), "sender.postal_address"),
    (
        "L1",
        "error",
        settings("sender", postal_address=("Riverbend", "Springfield")),
        "no street number",
    ),
    ("L1", "error", html("120 Elm Street, Suite 4<br>", ""), "HTML part"),
    ("L1", "error", text("120 Elm Street, Suite 4\n", ""), "plain-text part"),
    ("L3", "warning", replace(subject="Quarterly tax bulletin for landlords"), "mislead"),
    ("L5", "error", anonymous_html, "never names the sender"),
    ("L5", "error", unreachable_text, "no way to reach"),
    (
        "A1",
        "error",
        html('role="presentation" align="center" style=', 'align="center" style='),
        'role="presentation"',
    ),
    ("A1", "error", body("<table><tr><td>Layout</td></tr></table>"), "layout table"),
    ("A2", "error", html('<html lang="en" dir="ltr"', "<html"), "<html> has no lang or dir"),
    ("A2", "error", html('role="article" lang="en" dir="ltr"', 'role="article"'), "wrapper"),
    ("A3", "warning", body("<h1>A second title</h1>"), "exactly one main heading"),
    ("A3", "warning", body("<h3>Skipped</h3>"), "skip heading levels"),
    ("A3", "warning", body("<p>- first point</p><p>- second point</p>"), "<ul> or <ol>"),
    ("A4", "error", body('<p style="font-size:12px">Small print</p>'), "12px"),
    ("A4", "warning", body('<p style="font-size:15px">Smallish print</p>'), "15px"),
    ("A4", "error", body('<p style="font-size:13px">Fine print in the body</p>'), "13px"),
    (
        "A4",
        "error",
        body('<div class="km-footer"><p style="font-size:12px">Tiny footer</p></div>'),
        "small print text under 13px",
    ),
    ("A5", "warning", body('<p style="line-height:1.0">Tight lines</p>'), "1.00"),
    ("A5", "warning", body('<p style="line-height:16px">Tight lines</p>'), "1.00"),
    ("A6", "error", body('<p style="color:#777777">Grey text</p>'), "4.48:1"),
    ("A6", "error", body('<p style="color:#ffffff; background:#ffd700">Pale</p>'), "#ffd700"),
    (
        "A6",
        "error",
        body('<h2 style="font-size:24px; color:#aaaaaa">Pale title</h2>'),
        "large text",
    ),
    ("A7", "error", body(f'<p><a href="{UNSUBSCRIBE_URL}x">Click here</a></p>'), "says nothing"),
    ("A7", "error", body('<p><a href="https://example.org/a">read more</a></p>'), "says nothing"),
    (
        "A7",
        "error",
        body(
            '<p><a href="https://example.org/a">The study</a> '
            '<a href="https://example.org/b">The study</a></p>'
        ),
        "two different URLs",
    ),
    ("A7", "error", body('<a href="https://example.org/a"></a>'), "no text"),
    (
        "A8",
        "warning",
        body(
            '<p>See <a href="https://example.org/a" style="text-decoration:none">the trial</a>.</p>'
        ),
        "colour alone",
    ),
    ("A9", "error", lambda c: with_unlabelled_image(c), "word/media/image1.png"),
    ("A9", "error", lambda c: with_unlabelled_image(c, "/Users/ann/Dropbox/logo.jpg"), "file"),
    ("A9", "error", lambda c: with_unlabelled_image(c, "IMG_0042.JPG"), "file"),
    ("R1", "error", lambda c: with_words(c, 12), "only 12 word(s)"),
    ("R2", "warning", lambda c: with_words(c, 2000), "10-minute read"),
    ("D1", "warning", html('<meta name="color-scheme" content="light dark">', ""), "color-scheme"),
    ("D1", "warning", html(":root { color-scheme: light dark;", ":root {"), ":root"),
    (
        "D2",
        "error",
        html(
            ".km-note p, .km-note li { color: #e8ecea !important; }",
            ".km-note p, .km-note li { color: #333333 !important; }",
        ),
        "dark palette",
    ),
    (
        "M1",
        "error",
        lambda c: dataclasses.replace(c, merge_tags={"unsubscribe": "*|UNSUB|*"}),
        "*|UNSUB|*",
    ),
    ("M2", "error", body("<p>Use {{ first_name }} here</p>"), "from the article"),
    ("M2", "error", html('lang="en"', 'lang="{{ lang }}"'), "fix the template"),
    ("M2", "error", text("Unsubscribe:\n", "Unsubscribe: __KAPMAIL_X__\n"), "text part"),
    ("M2", "error", body("<mj-text>x</mj-text>"), "<mj-"),
    ("HC2", "error", settings("health", disclaimer=None), "no disclaimer"),
    ("HC2", "error", settings("health", disclaimer="For professionals."), "not medical advice"),
    ("HC2", "error", text("not medical advice", "advice"), "plain-text part"),
    (
        "HC3",
        "error",
        lambda c: dataclasses.replace(c, campaign=dataclasses.replace(c.campaign, crisis={})),
        "no crisis line",
    ),
    ("HC3", "error", html("988", ""), "HTML part"),
    ("HC5", "error", lambda c: without_evidence(c), "no evidence note"),
    ("HC5", "error", html("Moderate (short-term)", "Good"), "level is not shown"),
    (
        "HC8",
        "error",
        lambda c: with_level(c, "strong"),
        "says 'certainty of the smaller placebo-controlled trials as very low'",
    ),
    (
        "HC8",
        "error",
        lambda c: with_level(c, "limited", "Strong evidence from trials."),
        "'Strong ev",
    ),
    ("HC8", "error", lambda c: with_level(c, "moderate", "No randomised trials."), "'No random"),
    (
        "HC5",
        "error",
        html("https://pubmed.ncbi.nlm.nih.gov/37224232/", "https://example.org/"),
        "no reference link",
    ),
    # S: deceptive content (issue 21)
    (
        "S1",
        "error",
        body('<p><a href="https://evil.example/x">https://www.paypal.com/login</a></p>'),
        "reads as www.paypal.com",
    ),
    ("S2", "warning", body('<p><a href="https://xn--pypal-4ve.com/">partner</a></p>'), "Cyrillic"),
    ("S3", "error", body("<p>invoice\u202egnp.exe</p>"), "U+202E"),
    (
        "S4",
        "warning",
        body('<img src="https://tracker.example/p.gif" width="1" height="1" alt="">'),
        "tracking pixel: ",
    ),
    (
        "F18",
        "error",
        lambda c: with_button_label(c, "Book your place on our KAP training " * 2),
        "335 px",
    ),
    ("D4", "warning", html("border-left:4px solid #1f5f5b; ", ""), "has no border"),
]
# Series rules look at a whole series: tests/test_checks_health.py and
# tests/test_health_optin.py cover HC1, HC4, HC6 and HC7, tests/test_series_inputs.py F15, F16,
# tests/test_images.py F17.
# tests/test_init.py covers L7 (placeholder identities), tests/test_pictures.py D3,
# tests/test_languages.py I1.
SERIES_RULES = {"HC1", "HC4", "HC6", "HC7", "F15", "F16", "F17", "L7", "D3", "I1"}


def with_words(ctx: Context, words: int) -> Context:
    """The email as if it carried `words` words of the article."""
    assert ctx.email is not None
    return dataclasses.replace(ctx, email=dataclasses.replace(ctx.email, words=words))


def with_button_label(ctx: Context, label: str) -> Context:
    """The email with another button label."""
    assert ctx.email is not None and ctx.email.button is not None
    button = dataclasses.replace(ctx.email.button, label=label)
    return dataclasses.replace(ctx, email=dataclasses.replace(ctx.email, button=button))


def with_unlabelled_image(ctx: Context, alt: str = "") -> Context:
    """The email shows an image that came with the article (a .docx's) with no alt text (or
    `alt`, which old Word versions fill with the picture's file path)."""
    assert ctx.email is not None
    picture = Picture("ab12.png", b"", 536, 268, "word/media/image1.png", "ab12.png")
    image = Image("images/ab12.png", alt, 40, file="ab12.png", width=536, height=268)
    email = dataclasses.replace(ctx.email, blocks=(*ctx.email.blocks, image), pictures=(picture,))
    return dataclasses.replace(ctx, email=email)


def without_evidence(ctx: Context) -> Context:
    assert ctx.email is not None
    return dataclasses.replace(ctx, email=dataclasses.replace(ctx.email, evidence=None))


def with_level(ctx: Context, level: str, note: str | None = None) -> Context:
    """The depression email with another evidence level (and note)."""
    assert ctx.email is not None and ctx.email.evidence is not None
    evidence = dataclasses.replace(
        ctx.email.evidence, level=level, note=note or ctx.email.evidence.note
    )
    return dataclasses.replace(ctx, email=dataclasses.replace(ctx.email, evidence=evidence))


def _case_id(case) -> str:
    return f"{case[0]}-{case[1]}-{case[3][:20]}"


@pytest.mark.parametrize(("rule", "severity", "breakage", "says"), CASES, ids=map(_case_id, CASES))
def test_each_breakage_produces_its_finding(clean, rule, severity, breakage, says):
    broken = breakage(clean)
    found = findings(broken, rule)
    assert found, f"{rule} did not fire"
    assert severity in {f.severity for f in found}
    assert any(says.lower() in f.message.lower() or says in f.where for f in found), [
        f.message for f in found
    ]
    assert all(f.email == clean.name for f in found)


def test_every_registered_rule_has_a_breaking_case():
    assert {case[0] for case in CASES} | SERIES_RULES == set(REGISTRY.rules)


@pytest.mark.parametrize("rule", sorted(REGISTRY.rules))
def test_the_clean_default_campaign_passes_each_rule(kap_contexts, rule):
    messages = [dataclasses.replace(ctx, eml=None) for ctx in kap_contexts]
    found = without_demo_warning(REGISTRY.run(messages, messages[0].campaign))
    assert [f for f in found if f.rule == rule] == []


def test_the_default_build_with_its_own_eml_files_passes_every_rule(kap_contexts):
    assert all(ctx.eml for ctx in kap_contexts)
    assert without_demo_warning(REGISTRY.run(kap_contexts, kap_contexts[0].campaign)) == []


def test_the_clean_default_campaign_with_a_good_eml_passes_every_rule(kap_contexts):
    contexts = [with_eml(ctx, good_message(ctx)) for ctx in kap_contexts]
    assert without_demo_warning(REGISTRY.run(contexts, contexts[0].campaign)) == []


def test_allowed_links_pass(clean):
    ok = add_to_body(
        clean,
        '<p><a href="mailto:help@example.org">Write to us</a> '
        '<a href="*|ARCHIVE|*">View in a browser</a> '
        '<img src="https://example.org/a.png" alt=""></p>',
    )
    assert findings(ok, "F8") == [] and findings(ok, "F10") == []


def test_contrast_boundary_on_white(clean):
    assert findings(add_to_body(clean, '<p style="color:#767676">Grey</p>'), "A6") == []
    large = '<p style="font-size:24px; color:#949494">Large grey</p>'
    assert findings(add_to_body(clean, large), "A6") == []
    bold = '<p style="font-size:19px; font-weight:bold; color:#949494">Bold grey</p>'
    assert findings(add_to_body(clean, bold), "A6") == []
    small = '<p style="font-size:18px; font-weight:bold; color:#949494">Bold grey</p>'
    assert findings(add_to_body(clean, small), "A6")


def test_the_footer_and_eyebrow_may_be_13_px_small_print_but_no_smaller(clean):
    for where in ("km-footer", "km-eyebrow"):
        small = f'<div class="{where}"><p style="font-size:13px">Small print</p></div>'
        assert findings(add_to_body(clean, small), "A4") == []
        # The class is on the cell that holds the text, as mj-text writes it.
        cell = (
            f'<table role="presentation"><tr><td class="x {where}">'
            '<div><span style="font-size:13px">Cell print</span></div></td></tr></table>'
        )
        assert findings(add_to_body(clean, cell), "A4") == []
        tiny = small.replace("13px", "12.5px")
        assert [f.severity for f in findings(add_to_body(clean, tiny), "A4")] == ["error"]
    # Another class is not small print: 13 px is under the floor of 14 there.
    other = '<div class="km-text"><p style="font-size:13px">Body print</p></div>'
    assert [f.severity for f in findings(add_to_body(clean, other), "A4")] == ["error"]


def test_a_link_that_is_all_of_its_block_need_not_be_underlined(clean):
    alone = '<p><a href="https://example.org/" style="text-decoration:none">Wordmark</a></p>'
    assert findings(add_to_body(clean, alone), "A8") == []
    among = alone.replace("<p><a", "<p>Visit <a")
    assert findings(add_to_body(clean, among), "A8")


def test_merge_tags_placed_by_an_export_are_not_leftovers(clean):
    tagged = dataclasses.replace(
        clean,
        html=clean.html.replace(UNSUBSCRIBE_URL, "*|UNSUB|*"),
        text=clean.text.replace(UNSUBSCRIBE_URL, "*|UNSUB|*"),
        merge_tags={"unsubscribe": "*|UNSUB|*"},
    )
    assert findings(tagged, "M1") == [] and findings(tagged, "M2") == []
    assert findings(dataclasses.replace(tagged, merge_tags={}), "M2")


def test_header_rules_yield_nothing_without_a_message(clean):
    assert clean.eml is not None  # a build checks its .eml files
    bare = dataclasses.replace(clean, eml=None)
    assert bare.message is None
    headers = [r for r in REGISTRY.rules.values() if r.family == "H"]
    assert headers and all(list(r.check(bare)) == [] for r in headers)


def test_findings_point_at_the_html_line(clean):
    broken = replace_html(clean, H1, H1 + "\n\n<script>x</script>")
    (found,) = findings(broken, "F11")
    script_line = next(
        n for n, line in enumerate(broken.html.split("\n"), 1) if line.startswith("<script>x")
    )
    assert found.part == "html" and found.line == script_line
    assert found.where == f"html:{script_line}"


def test_long_header_tokens_that_cannot_be_folded_are_left_alone(clean):
    token = b"Message-ID: <" + b"f" * 40 + b"@riverbend-counselling.example.org>"
    raw = as_bytes(good_message(clean)).replace(b"\r\n", b"\r\n" + token + b"\r\n", 1)
    assert len(token) > 78
    assert findings(with_eml(clean, raw), "H3") == []


def test_hc8_lets_a_moderate_level_name_an_outcome_whose_data_are_lacking(clean):
    note = "Short-term trials agree; long-term data are lacking and one rating was very low."
    assert findings(with_level(clean, "moderate", note), "HC8") == []
    assert findings(with_level(clean, "moderate", "The evidence is lacking."), "HC8")


def test_f8_takes_a_tel_link_in_any_case_but_only_ascii_digits(clean):
    assert findings(replace_html(clean, 'href="tel:988"', 'href="TEL:988"'), "F8") == []
    assert findings(replace_html(clean, 'href="tel:988"', 'href="tel:%D9%A1%D9%A2"'), "F8")
