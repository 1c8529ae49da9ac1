"""premailer used well: one stylesheet for a series, its rules parsed once per process, and
the inlined HTML byte for byte what premailer itself writes without the cache."""

from __future__ import annotations

import re

from premailer import Premailer

from kapmail.render import compose, steps
from kapmail.text import WBR

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
        plain = Premailer(kept, cache_css_parsing=False, **steps._OPTIONS)
        expected = plain.transform(pretty_print=False).replace(steps._WBR_KEPT, "<wbr>")
        assert steps.inline_css(raw) == expected


def test_each_stylesheet_is_parsed_once_per_process(kap_built):
    raws = _raw_htmls(kap_built)
    steps._cached_rules.cache_clear()
    for raw in raws:
        steps.inline_css(raw)
    info = steps._cached_rules.cache_info()
    blocks = len(
        {body for raw in raws for attrs, body in _STYLE.findall(raw) if "media" not in attrs}
    )
    # One parse per distinct block premailer reads (those in Outlook's comments it does not).
    assert 1 <= info.misses <= blocks
    assert info.hits == info.misses * (len(raws) - 1)


def test_styles_merged_without_validation_are_what_validation_gives(kap_built, monkeypatch):
    from premailer import merge_style

    assert merge_style.csstext_to_pairs is steps._pairs_unvalidated  # never validating
    unvalidated = [steps.inline_css(raw) for raw in _raw_htmls(kap_built)]
    monkeypatch.setattr(merge_style, "csstext_to_pairs", steps._PREMAILER_PAIRS)
    validated = [steps.inline_css(raw) for raw in _raw_htmls(kap_built)]
    assert unvalidated == validated
