"""UTM tagging: own domains only, idempotent, never on unsubscribe or merge-tag links."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, parse_qsl, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kapmail.config import load_campaign
from kapmail.errors import KapmailError
from kapmail.platforms import PROFILES
from kapmail.render import utm
from tests.builds import build_in_memory, filled
from tests.conftest import MINIMAL_CAMPAIGN, make_campaign

SITE = "riverbend-counselling.example.org"
UNSUBSCRIBE = f"https://{SITE}/email/unsubscribe"
PREFERENCES = f"https://{SITE}/email/preferences"
TAGS = utm.Utm(
    params=(
        ("utm_source", "newsletter"),
        ("utm_medium", "email"),
        ("utm_campaign", "kap-conditions"),
        ("utm_content", "mood-disorders"),
    ),
    domains=(SITE,),
    skip=(UNSUBSCRIBE, PREFERENCES),
)
QUERY = "utm_source=newsletter&utm_medium=email&utm_campaign=kap-conditions"
QUERY += "&utm_content=mood-disorders"
ARTICLE = "Intro.\n1. Alpha\nBody.\nShall we?\n"


@pytest.mark.parametrize(
    ("url", "tagged"),
    [
        (f"https://{SITE}/training/kap", f"https://{SITE}/training/kap?{QUERY}"),
        (f"https://{SITE}", f"https://{SITE}/?{QUERY}"),
        (f"http://www.{SITE}/a#part", f"http://www.{SITE}/a?{QUERY}#part"),
        (f"https://{SITE}/a?x=1&y=", f"https://{SITE}/a?x=1&y=&{QUERY}"),
        (
            f"https://{SITE}/a?utm_source=blog&utm_content=x",
            f"https://{SITE}/a?utm_source=blog&utm_content=x&utm_medium=email"
            "&utm_campaign=kap-conditions",
        ),
    ],
)
def test_own_links_are_tagged_keeping_their_query(url, tagged):
    assert utm.tag_url(url, TAGS) == tagged
    assert utm.tag_url(tagged, TAGS) == tagged


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/elsewhere",
        f"https://{SITE}.evil.example/x",
        f"https://not{SITE}/x",
        UNSUBSCRIBE,
        f"{UNSUBSCRIBE}?id=42",
        f"{PREFERENCES}/",
        f"mailto:learning@{SITE}",
        "*|ARCHIVE|*",
        "{{ MessageURL }}",
        f"https://{SITE}/p?u={{{{ .Subscriber.UUID }}}}",
        f"https://{SITE}/p?u=*|UNIQID|*",
        f"https://{SITE}/p?u=%recipient.id%",
        f"https://{SITE}/p?u=%7B%7Bid%7D%7D",
        "__KAPMAIL_UNSUBSCRIBE_URL__",
        "ftp://riverbend-counselling.example.org/file",
    ],
)
def test_other_unsubscribe_and_merge_tag_links_are_left_alone(url):
    assert utm.tag_url(url, TAGS) == url


urls = st.builds(
    lambda scheme, host, path, query, fragment: f"{scheme}://{host}{path}{query}{fragment}",
    st.sampled_from(["http", "https"]),
    st.sampled_from([SITE, f"www.{SITE}", "example.com"]),
    st.sampled_from(["", "/", "/a", "/a/b.html", "/email/unsubscribe"]),
    st.sampled_from(["", "?", "?x=1", "?utm_source=a", "?a=1&utm_medium=b&c", "?q=%20"]),
    st.sampled_from(["", "#top", "#"]),
)


@given(urls)
def test_tagging_is_idempotent_and_never_doubles_a_key(url):
    once = utm.tag_url(url, TAGS)
    assert utm.tag_url(once, TAGS) == once
    keys = [key for key, _ in parse_qsl(urlsplit(once).query, keep_blank_values=True)]
    assert len(keys) == len(set(keys))
    if once != url:
        assert {key for key, _ in TAGS.params} <= set(keys)


def test_html_hrefs_are_escaped_and_text_keeps_punctuation_outside():
    html = f'<a class="b" href="https://{SITE}/a?x=1&amp;y=2">A</a> <a href="{UNSUBSCRIBE}">U</a>'
    tagged = utm.tag_html(html, TAGS)
    assert f'href="https://{SITE}/a?x=1&amp;y=2&amp;{QUERY.replace("&", "&amp;")}"' in tagged
    assert f'<a href="{UNSUBSCRIBE}">U</a>' in tagged
    assert utm.tag_html(tagged, TAGS) == tagged
    text = f"See https://{SITE}/a. Or (https://{SITE}/b), or https://example.com/c!"
    assert utm.tag_text(text, TAGS) == (
        f"See https://{SITE}/a?{QUERY}. Or (https://{SITE}/b?{QUERY}), or https://example.com/c!"
    )


@pytest.fixture(scope="module")
def generic(kap_built):
    return filled(kap_built, PROFILES["generic"])


def test_built_emails_tag_own_links_but_not_unsubscribe(generic):
    for rendered, html, text in generic:
        hrefs = re.findall(r'<a href="([^"]*)"', html)
        own = [h for h in hrefs if h.startswith("https://") and SITE in h]  # not mailto:
        assert len(own) >= 3
        for href in own:
            query = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
            if href.startswith((UNSUBSCRIBE, PREFERENCES)):
                assert query == {}, href
            else:
                assert query["utm_content"] == [rendered.email.slug]
                assert query["utm_source"] == ["newsletter"]
                assert query["utm_campaign"] == ["kap-conditions"]
        assert f"Unsubscribe:\n<{UNSUBSCRIBE}>\n" in text
        assert f"Website:\n<https://{SITE}/?utm_source=newsletter&utm_medium=email" in text


def test_utm_table_configures_or_disables_tagging(tmp_path):
    toml = MINIMAL_CAMPAIGN + (
        '[utm]\nsource = "kap list"\ncampaign = "spring-2027"\n'
        'domains = ["riverbend-counselling.example.org", "courses.example.net"]\n'
        '[call_to_action]\nlabel = "Courses"\nurl = "https://courses.example.net/kap"\n'
    )
    built = build_in_memory(load_campaign(make_campaign(tmp_path, ARTICLE, toml)))
    html = built.rendered[0].html
    assert "https://courses.example.net/kap?utm_source=kap%20list&amp;utm_medium=email" in html
    assert "utm_campaign=spring-2027&amp;utm_content=test-series" in html
    off = MINIMAL_CAMPAIGN + "[utm]\nenabled = false\n"
    built = build_in_memory(load_campaign(make_campaign(tmp_path, ARTICLE, off)))
    assert "utm_" not in built.rendered[0].html + built.rendered[0].text


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('enabled = "yes"', "expected true or false"),
        ('domains = ["https://example.org"]', "is not a host name"),
        ("domains = []", "expected a list of host names"),
        ('source = ""', "must not be empty"),
    ],
)
def test_bad_utm_values_name_the_key(tmp_path, table, message):
    folder = make_campaign(tmp_path, ARTICLE, MINIMAL_CAMPAIGN + f"[utm]\n{table}\n")
    with pytest.raises(KapmailError) as caught:
        load_campaign(folder)
    assert message in caught.value.message
    assert caught.value.key.startswith("utm.") and caught.value.line == 8
