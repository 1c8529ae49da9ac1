"""Platform profiles: each platform's tags, verbatim, and nothing of another platform."""

from __future__ import annotations

import re

import pytest

from kapmail import placeholders, platforms
from kapmail.config import load_campaign
from kapmail.errors import KapmailError
from kapmail.platforms import PROFILES
from tests.builds import build_in_memory, filled
from tests.conftest import MINIMAL_CAMPAIGN, make_campaign
from tests.html_text import visible_text

UNSUBSCRIBE_TAGS = {
    "mailchimp": "*|UNSUB|*",
    "sendgrid": "{{{unsubscribe}}}",
    "mailgun": "%unsubscribe_url%",
    "brevo": "{{ unsubscribe }}",
    "listmonk": "{{ UnsubscribeURL }}",
}
CONFIGURED_UNSUBSCRIBE = "https://riverbend-counselling.example.org/email/unsubscribe"
# Any platform's merge-tag syntax; `generic` output must hold none of these.
ANY_TAG = re.compile(r"\*\||\{\{|\{%|<%|%[a-z_.]+%")


@pytest.fixture(scope="module")
def exports(kap_built):
    """platform -> [(html, text)] for every email of the KAP series."""
    return {
        name: [(html, text) for _, html, text in filled(kap_built, profile)]
        for name, profile in PROFILES.items()
    }


def test_the_table_holds_the_six_platforms():
    assert list(PROFILES) == ["generic", "mailchimp", "sendgrid", "mailgun", "brevo", "listmonk"]
    for name, tag in UNSUBSCRIBE_TAGS.items():
        assert PROFILES[name].unsubscribe == tag


@pytest.mark.parametrize("name", list(PROFILES))
def test_unsubscribe_tag_verbatim_in_html_href_and_text(exports, name):
    tag = UNSUBSCRIBE_TAGS.get(name, CONFIGURED_UNSUBSCRIBE)
    for html, text in exports[name]:
        assert re.search(rf'<a href="{re.escape(tag)}"[^>]*>Unsubscribe</a>', html)
        assert f"Unsubscribe:\n<{tag}>\n" in text
        assert "%7B" not in html and "{{%20" not in html  # not mangled by premailer
        assert placeholders.PREFIX not in html + text


@pytest.mark.parametrize("name", list(PROFILES))
def test_no_tag_of_another_platform(exports, name):
    own = set(PROFILES[name].tags)
    others = {tag for other, p in PROFILES.items() if other != name for tag in p.tags} - own
    for html, text in exports[name]:
        for tag in others:
            if not any(tag in mine for mine in own):
                assert tag not in html and tag not in text, tag
        if name == "generic":
            assert not ANY_TAG.search(html + text)


@pytest.mark.parametrize(
    ("name", "preferences", "web_view"),
    [
        ("generic", "https://riverbend-counselling.example.org/email/preferences", None),
        ("mailchimp", "*|UPDATE_PROFILE|*", "*|ARCHIVE|*"),
        ("sendgrid", "{{{unsubscribe_preferences}}}", None),
        ("mailgun", "https://riverbend-counselling.example.org/email/preferences", None),
        ("brevo", "{{ update_profile }}", "{{ mirror }}"),
        ("listmonk", "{{ UnsubscribeURL }}?manage=true", "{{ MessageURL }}"),
    ],
)
def test_preferences_and_web_view_links(exports, name, preferences, web_view):
    for html, text in exports[name]:
        assert f'<a href="{preferences}"' in html
        assert f"Email preferences:\n<{preferences}>\n" in text
        if web_view is None:
            assert "View this email in your browser" not in html + text
        else:
            assert f'<a href="{web_view}"' in html
            assert f"View this email in your browser:\n<{web_view}>\n" in text


def test_postal_address_tags_and_configured_fallback(exports):
    html, text = exports["mailchimp"][0]
    assert "*|HTML:LIST_ADDRESS_HTML|*" in html and "*|LIST:ADDRESSLINE|*" in text
    assert "120 Elm Street" not in html + text
    html, text = exports["sendgrid"][0]
    assert "{{Sender_Address}}, {{Sender_City}}, {{Sender_State}} {{Sender_Zip}}" in html + text
    for name in ("generic", "mailgun", "brevo", "listmonk"):
        html, text = exports[name][0]
        assert "120 Elm Street, Suite 4<br>Springfield, OR 97477" in html
        assert "120 Elm Street, Suite 4\nSpringfield, OR 97477\n" in text


def test_generic_web_view_url_from_config_per_email(tmp_path):
    toml = MINIMAL_CAMPAIGN + (
        '[sender]\nweb_view_url = "https://riverbend-counselling.example.org/mail/{campaign}/'
        '{slug}?a=1&b=2"\n'
    )
    article = "Intro.\n1. Alpha\nBody.\nShall we?\n"
    built = build_in_memory(load_campaign(make_campaign(tmp_path, article, toml)))
    _, html, text = filled(built)[1]
    url = "https://riverbend-counselling.example.org/mail/campaign/alpha?a=1&b=2"
    assert f'<a href="{url.replace("&", "&amp;")}"' in html
    assert f"View this email in your browser:\n<{url}>\n" in text
    assert "View this email in your browser" in visible_text(html)


def test_first_name_token_per_platform():
    """The shipped templates do not greet by name; a campaign template may."""
    expected = {
        "generic": "Hi there,",
        "mailchimp": "Hi *|IF:FNAME|**|FNAME|**|ELSE:|*there*|END:IF|*,",
        "sendgrid": 'Hi {{ insert first_name "default=there" }},',
        "mailgun": "Hi %recipient.first_name%,",
        "brevo": 'Hi {{ contact.FIRSTNAME | default : "there" }},',
        "listmonk": 'Hi {{ .Subscriber.FirstName | default "there" }},',
    }
    for name, greeting in expected.items():
        profile = PROFILES[name]
        value = platforms.Fill(profile.first_name, profile.first_name)
        values = dict.fromkeys(placeholders.ALL, platforms.Fill("x", "x"))
        values[placeholders.FIRST_NAME] = value
        assert placeholders.fill("Hi __KAPMAIL_FIRST_NAME__,", values, html=True) == greeting


def test_greeting_in_a_campaign_template(tmp_path):
    folder = make_campaign(tmp_path, "Intro.\n1. Alpha\nBody.\nShall we?\n")
    (folder / "templates" / "partials").mkdir(parents=True)
    header = (
        '<mj-section css-class="km-card"><mj-column><mj-text css-class="km-text">'
        "<p>Hi {{ merge.first_name }},</p></mj-text></mj-column></mj-section>\n"
    )
    (folder / "templates" / "partials" / "header.mjml.j2").write_text(header)
    built = build_in_memory(load_campaign(folder))
    _, html, _ = filled(built, PROFILES["listmonk"])[0]
    assert '<p style="display:block; margin:0 0 16px 0">Hi {{ .Subscriber.FirstName | ' in html


def test_unknown_placeholder_in_a_template_is_refused():
    values = dict.fromkeys(placeholders.ALL, platforms.Fill("x", "x"))
    with pytest.raises(KapmailError, match="unknown placeholder '__KAPMAIL_UNSUB_URL__'"):
        placeholders.fill("<a href='__KAPMAIL_UNSUB_URL__'>", values, html=True)


def test_unknown_platform_lists_the_known_ones():
    with pytest.raises(KapmailError) as caught:
        platforms.get("mailchimps")
    line = caught.value.one_line()
    assert "unknown platform 'mailchimps'" in line and "did you mean 'mailchimp'?" in line
    assert "generic, mailchimp, sendgrid, mailgun, brevo, listmonk" in line
    assert platforms.get(" Brevo ") is PROFILES["brevo"]


def test_article_merge_tags_stay_literal_text_on_every_platform(tmp_path):
    article = "Intro with *|UNSUB|* and {{ UnsubscribeURL }}.\n1. Alpha\nBody.\nShall we?\n"
    built = build_in_memory(load_campaign(make_campaign(tmp_path, article)))
    for profile in PROFILES.values():
        html, _ = filled(built, profile)[0][1:]
        assert "Intro with *|UNSUB|* and {{ UnsubscribeURL }}." in visible_text(html)


@pytest.mark.parametrize("name", [n for n in PROFILES if n != "generic"])
def test_every_tag_a_profile_writes_is_in_its_own_declared_syntax(name):
    """The profile table owns the syntax: its tags are recognised by its own patterns, by
    the link tagger (has_tag) and by the checks (is_tag), with no pattern kept elsewhere."""
    profile = PROFILES[name]
    assert profile.syntax, f"{name} declares no merge-tag syntax"
    for role, tag in profile.merge_tags.items():
        assert profile.writes(tag), (name, role, tag)
        assert platforms.is_tag(tag) and platforms.has_tag(tag), (name, role, tag)
    others = [p for p in PROFILES.values() if p.syntax and not set(p.syntax) & set(profile.syntax)]
    assert not any(other.writes(profile.merge_tags["unsubscribe"]) for other in others)


def test_plain_urls_and_percent_escapes_are_not_merge_tags():
    plain = ("https://example.org/a?q=%E2%80%94", "50%", "https://e.org/{x}", "/a?q=%25foo%25")
    for text in plain:
        assert not platforms.has_tag(text), text
    assert platforms.has_tag("https://example.org/{{ unclosed")  # a platform would still try
    assert platforms.has_tag("https://example.org/%7B%7B%20UnsubscribeURL%20%7D%7D")
    assert platforms.has_tag("https://example.org/?u=__KAPMAIL_UNSUBSCRIBE_URL__")
    assert set(platforms.LEFTOVER_MARKS) >= {"*|", "{{", "{%", "<%", "%recipient", "__KAPMAIL_"}


def test_an_unset_link_takes_its_paragraph_and_indent_else_the_link_else_the_token():
    values = dict.fromkeys(placeholders.ALL, platforms.Fill("x", "x"))
    values[placeholders.WEB_VIEW] = platforms.Fill(None, None)
    token = placeholders.WEB_VIEW
    html = (
        f'<td>\n  \t<p class="a">\n <a href="{token}">View online</a> </p>  \n'
        f'<p>Kept <a href="{token}" class="b">link</a>, kept text</p>\n'
        f"<p>A bare {token} and <a href='{token}'>single quotes</a></p>\n</td>"
    )
    assert placeholders.fill(html, values, html=True) == (
        "<td>\n<p>Kept , kept text</p>\n<p>A bare  and <a href=''>single quotes</a></p>\n</td>"
    )
