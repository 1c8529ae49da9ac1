"""Configuration: defaults, overrides and one clear error per mistake."""

from __future__ import annotations

import re

import pytest

from kapmail.config import load_campaign
from kapmail.errors import KapmailError
from tests.conftest import KAP_CAMPAIGN, MINIMAL_CAMPAIGN, make_campaign

ARTICLE = "Intro.\n1. Alpha\nBody.\nQ?\n"


def test_kap_campaign_merges_org_defaults_and_overrides():
    campaign = load_campaign(KAP_CAMPAIGN)
    assert campaign.slug == "kap-conditions"
    assert campaign.brand.name == "Riverbend Counselling Collective"
    assert campaign.schedule.start.isoformat() == "2027-01-12"
    assert campaign.sender.postal_address[1] == "120 Elm Street, Suite 4"
    assert campaign.sources[0].name == "kapmail.toml"


def test_campaign_overrides_an_org_key(tmp_path):
    toml = MINIMAL_CAMPAIGN + '[brand]\nprimary_color = "#ABC"\n'
    campaign = load_campaign(make_campaign(tmp_path, ARTICLE, toml))
    assert campaign.brand.primary_color == "#aabbcc"
    assert campaign.brand.name == "Riverbend Counselling Collective"


@pytest.mark.parametrize(
    ("extra", "message", "key", "line", "hint"),
    [
        (
            '[brand]\nprimry_color = "#fff"\n',
            "unknown key brand.primry_color",
            None,
            8,
            "did you mean 'primary_color'?",
        ),
        (
            '[sender]\nemail = "not-an-address"\n',
            "is not an e-mail address",
            "sender.email",
            8,
            None,
        ),
        (
            '[sender]\nwebsite = "javascript:alert(1)"\n',
            "is not an https:// URL",
            "sender.website",
            8,
            None,
        ),
        (
            '[sender]\nwebsite = "http://example.org"\n',
            "is not an https:// URL",
            "sender.website",
            8,
            None,
        ),
        (
            "[schedule2]\nx = 1\n",
            "unknown table [schedule2]",
            "schedule2",
            7,
            "did you mean 'schedule'?",
        ),
        (
            "[call_to_action]\nlabel = 3\n",
            "expected text, got int",
            "call_to_action.label",
            8,
            None,
        ),
        (
            '[brand.logo]\nurl = "http://example.org/logo.png"\nalt = "B"\n',
            "is not an https:// URL",
            "brand.logo.url",
            8,
            None,
        ),
        (
            '[brand.logo]\nurl = "https://example.org/l.png"\nalt = "B"\nwidth = 900\n',
            "whole number from 40 to 536",
            "brand.logo.width",
            10,
            None,
        ),
        (
            '[brand.logo]\nurl = "https://example.org/l.png"\nalt = "B"\nwidht = 90\n',
            "unknown key brand.logo.widht",
            "brand.logo.widht",
            10,
            "did you mean 'width'?",
        ),
        (
            '[brand]\nlogo = "https://example.org/l.png"\n',
            "expected a table",
            "brand.logo",
            8,
            "write [brand.logo]",
        ),
        (
            '[sender]\nname = "A\\r\\nBcc: x@example.org"\n',
            "control characters",
            "sender.name",
            8,
            None,
        ),
    ],
)
def test_bad_keys_name_file_line_and_key(tmp_path, extra, message, key, line, hint):
    folder = make_campaign(tmp_path, ARTICLE, MINIMAL_CAMPAIGN + extra)
    with pytest.raises(KapmailError) as caught:
        load_campaign(folder)
    error = caught.value
    assert message in error.message
    assert error.file.endswith("campaign.toml")
    assert error.line == line
    if key:
        assert error.key == key
    if hint:
        assert error.hint == hint


def test_timezone_and_schedule_checks(tmp_path):
    toml = MINIMAL_CAMPAIGN.replace("cadence_days = 2", 'cadence_days = 0\ntimezone = "Mars/Base"')
    with pytest.raises(KapmailError, match="whole number from 1 to 365"):
        load_campaign(make_campaign(tmp_path, ARTICLE, toml))
    toml = MINIMAL_CAMPAIGN + '[schedule]\ntimezone = "Mars/Base"\n'
    with pytest.raises(KapmailError) as caught:
        load_campaign(make_campaign(tmp_path, ARTICLE, toml.replace("[schedule]\nstart", "[s]\nx")))
    assert "unknown" in caught.value.message


def test_toml_syntax_error_gives_line(tmp_path):
    folder = make_campaign(tmp_path, ARTICLE, '[campaign]\nname = "x\n')
    with pytest.raises(KapmailError) as caught:
        load_campaign(folder)
    assert caught.value.message.startswith("TOML syntax error")
    assert caught.value.line == 2


def test_missing_required_key_says_where_to_set_it(tmp_path):
    folder = make_campaign(tmp_path, ARTICLE, "[campaign]\nname = 'x'\n")
    (tmp_path / "kapmail.toml").write_text("[brand]\nname = 'B'\n")
    with pytest.raises(KapmailError) as caught:
        load_campaign(folder)
    # issue 22: every missing key at once (sender.* and schedule.start), not one per run
    assert caught.value.message.startswith("missing 7 required keys: sender.name; sender.email")
    assert "kapmail.toml or campaign.toml" in caught.value.hint
    assert "kapmail init" in caught.value.hint


def test_a_bare_article_missing_a_key_is_told_of_the_kapmail_toml_not_the_article(tmp_path):
    from kapmail.config import campaign_for_article

    article = tmp_path / "a.docx"
    (tmp_path / "kapmail.toml").write_text("[sender]\nname = 'S'\n")
    with pytest.raises(KapmailError) as caught:
        campaign_for_article(article)
    assert caught.value.hint.startswith("set them in kapmail.toml; run `kapmail init`")
    assert "brand.name; sender.email ([sender] at kapmail.toml:1)" in caught.value.message
    assert str(caught.value.file) == str(tmp_path / "kapmail.toml")


LOGO = '[brand.logo]\nurl = "https://example.org/logo.png"\nalt = "Riverbend"\n'


def test_a_logo_is_a_typed_sub_table_of_brand_and_none_without_it(tmp_path):
    folder = make_campaign(tmp_path, ARTICLE)
    assert load_campaign(folder).brand.logo is None
    (folder / "campaign.toml").write_text(MINIMAL_CAMPAIGN + LOGO)
    campaign = load_campaign(folder)
    logo = campaign.brand.logo
    assert (logo.url, logo.alt, logo.width, logo.height, logo.dark_url) == (
        "https://example.org/logo.png",
        "Riverbend",
        160,
        None,
        None,
    )
    assert campaign.brand.name == "Riverbend Counselling Collective"  # [brand] still merged


def test_a_campaign_overrides_the_organisation_logo_key_by_key(tmp_path):
    folder = make_campaign(tmp_path, ARTICLE, MINIMAL_CAMPAIGN + "[brand.logo]\nwidth = 200\n")
    org = tmp_path / "kapmail.toml"
    org.write_text(org.read_text() + "\n" + LOGO)
    logo = load_campaign(folder).brand.logo
    assert (logo.url, logo.alt, logo.width) == ("https://example.org/logo.png", "Riverbend", 200)


def test_a_logo_without_alt_text_is_refused_with_where_to_set_it(tmp_path):
    toml = MINIMAL_CAMPAIGN + '[brand.logo]\nurl = "https://example.org/logo.png"\n'
    with pytest.raises(KapmailError) as caught:
        load_campaign(make_campaign(tmp_path, ARTICLE, toml))
    assert caught.value.message == "missing required key brand.logo.alt"
    assert caught.value.key == "brand.logo.alt"
    assert caught.value.file.endswith("campaign.toml")
    assert caught.value.hint.startswith("set it under [brand.logo] in")


def test_the_logo_may_be_an_inline_table_as_the_new_campaign_comment_shows(tmp_path):
    from kapmail.deliver import scaffold

    commented = re.search(r"^# (logo = \{.*\})$", scaffold._BRAND_AND_SENDER, re.M)
    assert commented is not None
    toml = MINIMAL_CAMPAIGN + "[brand]\n" + commented.group(1) + "\n"
    logo = load_campaign(make_campaign(tmp_path, ARTICLE, toml)).brand.logo
    assert (logo.url, logo.alt, logo.width) == (
        "https://example.org/email/logo.png",
        "Your organisation",
        160,
    )
