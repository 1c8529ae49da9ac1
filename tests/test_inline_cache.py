"""premailer used well: one stylesheet for a series, its rules parsed once per process, and
the inlined HTML byte for byte what premailer itself writes without the cache."""

from __future__ import annotations

import re

import pytest
from lxml import etree
from premailer import Premailer

from kapmail.render import compose, inliner, steps
from kapmail.text import WBR
from tests.premailer_reference import premailer_writes

_STYLE = re.compile(r"<style([^>]*)>(.*?)</style>", re.DOTALL)


def _raw_htmls(kap_built) -> list[str]:
    return [compose.mjml_to_html(r.mjml, r.email, kap_built.campaign) for r in kap_built.rendered]


def test_every_email_of_the_series_shares_one_stylesheet(kap_built):
    sheets = [_STYLE.findall(html) for html in _raw_htmls(kap_built)]
    assert len(sheets) == 8
    assert all(sheet == sheets[0] for sheet in sheets)
    assert max(len(body) for _, body in sheets[0]) > 5000  # the template's own stylesheet


def test_the_cached_inliner_writes_what_premailer_writes_uncached(kap_built):
    for raw in _raw_htmls(kap_built):
        kept = WBR.sub(steps._WBR_KEPT, raw)
        expected = premailer_writes(kept).replace(steps._WBR_KEPT, "<wbr>")
        assert steps.inline_css(raw) == expected


def test_each_stylesheet_is_parsed_once_per_process(kap_built):
    raws = _raw_htmls(kap_built)
    inliner._cached_rules.cache_clear()
    for raw in raws:
        steps.inline_css(raw)
    info = inliner._cached_rules.cache_info()
    blocks = len(
        {body for raw in raws for attrs, body in _STYLE.findall(raw) if "media" not in attrs}
    )
    # One parse per distinct block premailer reads (those in Outlook's comments it does not).
    assert 1 <= info.misses <= blocks
    assert info.hits == info.misses * (len(raws) - 1)


def test_styles_merged_without_validation_are_what_validation_gives(kap_built, monkeypatch):
    from premailer import merge_style

    assert merge_style.csstext_to_pairs is inliner._pairs_unvalidated  # never validating
    unvalidated = [steps.inline_css(raw) for raw in _raw_htmls(kap_built)]
    monkeypatch.setattr(merge_style, "csstext_to_pairs", inliner._PREMAILER_PAIRS)
    inliner._merged_once.cache_clear()  # merged again, from validated pairs
    validated = [steps.inline_css(raw) for raw in _raw_htmls(kap_built)]
    assert unvalidated == validated


MERGES = [
    ("", [[("color", "red")], [("color", "blue"), ("margin", "0")]], ["", ""]),
    ("color: green", [[("color", "red"), ("padding", "4px")]], [""]),
    ("", [[("color", "red")], [("color", "navy")]], ["", ":hover"]),
    ("font-weight: bold", [[("color", "unset"), ("margin", "0")]], [""]),
    ("", [], []),
]


@pytest.mark.parametrize("unset", [False, True])
@pytest.mark.parametrize(("inline", "styles", "classes"), MERGES)
def test_a_merged_style_is_what_premailer_merges(inline, styles, classes, unset):
    expected = inliner._PREMAILER_MERGE(inline, styles, classes, unset)
    assert inliner._merged(inline, styles, classes, unset) == expected
    assert inliner._merged(inline, styles, classes, unset) == expected  # from the memo


def test_a_series_inlined_again_merges_nothing_again(kap_built):
    raws = _raw_htmls(kap_built)
    inliner._merged_once.cache_clear()
    inliner._basic_attributes.cache_clear()
    first = [steps.inline_css(raw) for raw in raws]
    merges, attributes = inliner._merged_once.cache_info(), inliner._basic_attributes.cache_info()
    assert merges.hits > merges.misses > 0  # the chrome repeats from email to email
    assert attributes.hits > attributes.misses > 0
    assert [steps.inline_css(raw) for raw in raws] == first
    assert inliner._merged_once.cache_info().misses == merges.misses
    assert inliner._basic_attributes.cache_info().misses == attributes.misses


@pytest.mark.parametrize(
    "style",
    [
        "text-align:center; vertical-align:top",
        "background-color:#abc; width:120px; height:40px",
        "background-color: transparent; width: 100%",
        "{color:red; text-align:left} :hover{color:blue}",
        "margin:0",
    ],
)
@pytest.mark.parametrize("force", [False, True])
def test_the_attributes_a_style_gives_are_premailers(style, force):
    def element() -> etree._Element:
        return etree.fromstring('<td align="right" width="9" height="3">x</td>')

    ours, theirs = element(), element()
    inliner._INLINER._style_to_basic_html_attributes(ours, style, force=force)
    Premailer._style_to_basic_html_attributes(inliner._INLINER, theirs, style, force=force)
    assert list(ours.attrib.items()) == list(theirs.attrib.items())
