"""Rendering through the real Jinja2, mjml-python and premailer."""

from __future__ import annotations

import html as html_module
import re

from kapmail.config import load_campaign
from kapmail.content import passages
from tests.builds import build_in_memory, output_files
from tests.conftest import QUESTION, make_campaign
from tests.html_text import visible_text

FOOTER_START = "In crisis? Call or text 988"  # the crisis line leads the footer


def test_html_is_a_complete_document_with_language_and_direction(htmls):
    for html in htmls:
        assert html.startswith("<!doctype html>\n<html ")
        assert re.search(r'<html[^>]* lang="en"', html)
        assert re.search(r'<html[^>]* dir="ltr"', html)
        assert 'charset=UTF-8"' in html or 'charset="utf-8"' in html.lower()
        assert "<mj-" not in html and "</mj-" not in html


def test_mobile_media_query_and_dark_mode(htmls):
    for html in htmls:
        assert "@media only screen and (max-width: 479px)" in html
        assert "@media (prefers-color-scheme: dark)" in html
        assert '<meta name="color-scheme" content="light dark"' in html
        assert '<meta name="supported-color-schemes" content="light dark"' in html
        assert "color-scheme: light dark" in html


def test_css_is_inlined_and_important_rules_survive(htmls):
    html = htmls[1]
    assert re.search(r'<h1 style="[^"]*font-size:28px', html)
    assert "!important" in html.split("prefers-color-scheme", 1)[1]


def test_hidden_preheader_precedes_visible_content(kap_built, htmls):
    for rendered, html in zip(kap_built.rendered, htmls, strict=True):
        hidden = re.search(
            r'<div class="km-preheader" style="display:none[^>]*>([^<]*)</div>', html
        )
        assert hidden is not None and hidden.start() < html.index("<h1")
        assert html_module.unescape(hidden.group(1)).strip() == rendered.email.preheader


def test_footer_has_identity_address_and_working_links(htmls, texts):
    for html, text in zip(htmls, texts, strict=True):
        visible = visible_text(html)
        assert "Riverbend Counselling Collective" in visible
        assert "120 Elm Street, Suite 4" in visible and "Springfield, OR 97477" in visible
        assert re.search(
            r'href="https://riverbend-counselling.example.org/email/unsubscribe"[^>]*>Unsubscribe<',
            html,
        )
        assert 'href="https://riverbend-counselling.example.org/email/preferences"' in html
        assert "Unsubscribe:\n<https://riverbend-counselling.example.org/email/unsubscribe>" in text
        assert "120 Elm Street, Suite 4" in text
        assert "__KAPMAIL_" not in html + text


def test_question_is_the_last_content_before_the_footer(htmls, texts):
    visible = visible_text(htmls[-1])
    end_of_question = visible.index(QUESTION) + len(QUESTION)
    after = visible[end_of_question:].strip()
    reply = "Just reply to this email: we read every reply. Or write to "
    assert after.startswith(reply)  # the reply prompt (issue 12), then the footer
    assert re.match(r"\S+@\S+ ?\. " + re.escape(FOOTER_START), after[len(reply) :])
    assert visible.index("Ketamine-assisted psychotherapy represents") < visible.index(QUESTION)
    text = texts[-1]
    flat = " ".join(text.split())
    assert flat.index(QUESTION) < flat.index("-- In crisis?") < flat.index("Unsubscribe:")
    for html in htmls[:-1]:
        assert QUESTION not in visible_text(html)


def test_every_email_but_the_last_announces_the_next(htmls):
    assert "Coming next, Friday 15 January: Depressive Disorders." in visible_text(htmls[0])
    assert "Coming next" not in visible_text(htmls[-1])


def test_bulletproof_button_is_a_table_cell_link(htmls):
    html = htmls[2]
    button = re.search(
        r'<a href="https://riverbend-counselling.example.org/training/kap\?utm_[^"]*"[^>]*>', html
    )
    assert button is not None
    assert 'role="presentation"' in html[: button.start()].rsplit("<table", 1)[1]


def test_text_twin_carries_the_same_content(kap_built, texts):
    for rendered, text in zip(kap_built.rendered, texts, strict=True):
        flat = " ".join(text.split())
        for text_, _line in passages(rendered.email.blocks):
            assert " ".join(text_.split()) in flat
        assert rendered.email.title in text
        assert f"Part {rendered.email.position} of 8" in text
        assert all(len(line) <= 78 or "://" in line or "@" in line for line in text.splitlines())
        assert "&amp;" not in text and "&#" not in text


def test_article_text_is_data_not_template_or_markup(tmp_path):
    hostile = (
        "Intro with {{ 7 * 7 }} and {% if true %}x{% endif %} and *|UNSUB|* here.\n"
        "1. <script>alert(1)</script> Tags\n"
        "Body with <b>bold</b> & {{ UnsubscribeURL }} and %recipient.first_name%.\n"
        "Bcc: victim@example.org\n"
        "Shall we <i>talk</i>?\n"
    )
    built = build_in_memory(load_campaign(make_campaign(tmp_path, hostile)))
    files = output_files(built)
    html = b"".join(v for k, v in files.items() if k.endswith(".html") and k[0].isdigit()).decode()
    text = b"".join(v for k, v in files.items() if k.endswith(".txt")).decode()
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "{{ 7 * 7 }}" in visible_text(html) and "49" not in visible_text(html)
    assert "{% if true %}x{% endif %}" in visible_text(html)
    assert "*|UNSUB|*" in visible_text(html) and "{{ UnsubscribeURL }}" in visible_text(html)
    assert "{{ 7 * 7 }}" in text and "<script>alert(1)</script> Tags" in text
    assert built.rendered[1].email.title == "<script>alert(1)</script> Tags"
    assert built.series.emails[-1].question == "Shall we <i>talk</i>?"
