"""Health content: evidence notes, regulatory status, risks, disclaimer and crisis line."""

from __future__ import annotations

import re

import pytest

from kapmail.config import load_campaign
from kapmail.errors import KapmailError
from tests.builds import build_in_memory, output_files
from tests.conftest import KAP_CAMPAIGN, MINIMAL_CAMPAIGN, QUESTION, make_campaign
from tests.html_text import visible_text

LEVELS = {
    "depressive-disorders": "Moderate (short-term)",
    "trauma-related-disorders-including-ptsd": "Moderate (mixed)",
    "mood-disorders": "Limited",
    "attention-deficit-disorders-add-adhd": "Not established",
    "anxiety-disorders": "Limited (preliminary)",
    "sleep-disorders": "Limited",
}


def evidence(level: str = '"limited"', ref: str = 'pmid = "1"', slug: str = "a") -> str:
    """An [evidence.<slug>] table for a one-section test article."""
    return (
        f'[evidence.{slug}]\nlevel = {level}\nnote = "n"\n'
        f'references = [{{ citation = "c"{", " + ref if ref else ""} }}]\n'
    )


LINK = re.compile(r'href="(https://(?:doi\.org/10\.|pubmed\.ncbi\.nlm\.nih\.gov/|pmc\.ncbi)[^"]+)"')


@pytest.fixture(scope="module")
def pages(kap_built):
    files = output_files(kap_built)
    return [
        (r.email, files[f"{r.email.stem}.html"].decode(), files[f"{r.email.stem}.txt"].decode())
        for r in kap_built.rendered
    ]


def test_every_condition_email_shows_its_level_and_reference_links(pages):
    sections = [(e, html, text) for e, html, text in pages if e.kind == "section"]
    assert [e.slug for e, _, _ in sections] == list(LEVELS)
    for email, html, text in sections:
        label = f"What the evidence says: {LEVELS[email.slug]}"
        assert label in visible_text(html) and label in text
        links = LINK.findall(html)
        assert links, email.slug
        for url in links:
            assert url in text
    adhd = {e.slug: html for e, html, _ in pages}["attention-deficit-disorders-add-adhd"]
    assert "Use for ADHD is not established" in visible_text(adhd)


def test_reference_links_point_at_the_right_records(kap_built):
    evidence = kap_built.campaign.evidence
    urls = {ref.url for item in evidence.values() for ref in item.references}
    assert "https://pubmed.ncbi.nlm.nih.gov/37224232/" in urls
    assert "https://doi.org/10.1002/14651858.CD011612.pub3" in urls
    assert "https://pmc.ncbi.nlm.nih.gov/articles/PMC5729569/" in urls


def test_regulatory_status_and_risks_in_first_and_last_email_only(pages):
    for email, html, text in pages:
        visible = visible_text(html)
        expected = email.kind != "section"
        assert ("Regulatory status" in visible) is expected
        assert ("Schedule III" in text) is expected
        assert ("dissociation, raised blood pressure" in visible) is expected
    last = visible_text(pages[-1][1])
    assert last.index("Regulatory status") < last.index("Risks") < last.index(QUESTION)


def test_disclaimer_and_crisis_line_in_every_footer(pages):
    for _, html, text in pages:
        visible = visible_text(html)
        assert (
            "educational information for counselling professionals, not medical advice" in visible
        )
        assert "Call or text 988" in visible and "call 911" in visible
        assert 'href="https://988lifeline.org"' in html
        flat = " ".join(text.split())
        assert "not medical advice" in flat and "Call or text 988" in flat
        assert "https://988lifeline.org" in flat


def test_article_text_is_left_as_written(pages, kap_built):
    article = kap_built.series.article
    depressive = visible_text(pages[1][1])
    assert article.sections[0].blocks[0].text in depressive


def test_several_crisis_countries_are_labelled(tmp_path):
    toml = (
        MINIMAL_CAMPAIGN
        + "[health]\nrelated = true\n"
        + ('[crisis.GB]\nservice = "Samaritans"\ncall_or_text = "116 123"\nemergency = "999"\n')
    )
    built = build_in_memory(load_campaign(make_campaign(tmp_path, "I.\n1. A\nB.\nQ?\n", toml)))
    text = visible_text(built.rendered[0].html).replace(" .", ".")  # a link ends before "."
    assert "Call or text 116 123 (Samaritans). In an emergency, call 999. (GB)" in text
    assert 'href="tel:116123"' in built.rendered[0].html
    assert "(US)" in text


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            evidence(level='"huge"'),
            "'huge' is not a level",
        ),
        (
            evidence(ref='title = "t"'),
            "unknown reference field 'title'",
        ),
        (evidence(ref=""), "needs a doi, pmid, pmcid or pubmed_query"),
        (
            evidence(ref='doi = "x"'),
            "'x' is not a valid doi",
        ),
        (
            evidence(ref='pmid = "12a"'),
            "'12a' is not a valid pmid",
        ),
        (
            '[evidence.a]\nlevel = "limited"\nreferences = [{ citation = "c", pmid = "12" }]\n',
            "missing required key evidence.a.note",
        ),
        ('[health]\nrelated = "yes"\n', "expected true or false"),
    ],
)
def test_bad_health_settings_are_clear_errors(tmp_path, extra, message):
    with pytest.raises(KapmailError) as caught:
        load_campaign(make_campaign(tmp_path, "I.\n1. A\nB.\nQ?\n", MINIMAL_CAMPAIGN + extra))
    assert message in caught.value.message


def test_evidence_for_an_unknown_section_names_the_slugs(tmp_path):
    extra = evidence(slug="b")
    campaign = load_campaign(
        make_campaign(tmp_path, "I.\n1. A\nB.\nQ?\n", MINIMAL_CAMPAIGN + extra)
    )
    with pytest.raises(KapmailError, match=r"\[evidence.b\] matches no email") as caught:
        build_in_memory(campaign)
    assert caught.value.hint == "the slugs are: a"


def test_kap_campaign_has_evidence_for_every_section():
    campaign = load_campaign(KAP_CAMPAIGN)
    assert set(campaign.evidence) == set(LEVELS)
