"""The link rules share one walk of the email's links (S1, S2, A7, A8, F8, the unsubscribe
link), and over a paragraph of thousands of links they still find exactly what they should.
Their speed is measured in benchmarks/many_links.py, never here."""

from __future__ import annotations

from kapmail.checks import REGISTRY, Context
from kapmail.checks.document import Document
from kapmail.config import load_campaign
from tests.conftest import ROOT

KAP = ROOT / "campaigns" / "kap-conditions"


def _page(paragraph: str) -> str:
    return (
        '<!doctype html>\n<html lang="en"><head><title>Links</title></head>\n<body>\n'
        f'<div><table><tr><td><p style="font-size:16px">{paragraph}</p></td></tr></table>'
        "</div>\n</body></html>\n"
    )


def test_each_link_is_read_once_with_what_the_rules_need() -> None:
    doc = Document(
        _page(
            '<a href="https://a.example/x">A <b>text</b></a>\n'
            '<a href="https://b.example/"><img alt="Logo" src="https://b.example/l.png"></a>\n'
            '<span style="display:none"><a href="https://c.example/">hidden</a></span>\n'
            "<a name=top>no href</a>"
        )
    )
    links = doc.links
    assert [(x.href, x.text, x.said, x.hidden) for x in links] == [
        ("https://a.example/x", "A text", "A text", False),
        ("https://b.example/", "", "Logo", False),
        ("https://c.example/", "hidden", "hidden", True),
        (None, "no href", "no href", False),
    ]
    assert [x.line for x in links] == [4, 5, 6, 7]
    assert doc.links is links  # one walk, kept for every rule
    assert all(doc.link(x.element) is x for x in links)


def _check(html: str, rule: str) -> list:
    campaign = load_campaign(KAP)
    ctx = Context("01-links", html, "text", "Links", "Many links", campaign)
    return list(REGISTRY.rules[rule].check(ctx))


def test_a_paragraph_of_thousands_of_links_is_checked_link_by_link() -> None:
    links = 3000
    anchors = " ".join(
        f'<a href="https://example.org/{n}" style="color:#1f5f5b;'
        f'{"" if n % 1000 == 7 else "text-decoration:underline"}">'
        f"{'here' if n % 1000 == 500 else f'link {n}'}</a>"
        for n in range(links)
    )
    html = _page(
        f"Read {anchors}; and <a href='https://evil.example/' "
        "style='text-decoration:underline'>www.paypal.com</a>."
    )
    a8 = _check(html, "A8")
    assert [h.message.split("'")[1] for h in a8] == ["link 7", "link 1007", "link 2007"]
    s1 = _check(html, "S1")
    assert len(s1) == 1 and "evil.example" in s1[0].message
    a7 = _check(html, "A7")
    vague = [h for h in a7 if "says nothing" in h.message]
    twice = [h for h in a7 if "two different URLs" in h.message]
    assert (len(vague), len(twice)) == (3, 2)  # "here" at links 500, 1500, 2500
