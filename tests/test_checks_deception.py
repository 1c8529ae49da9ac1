"""S1-S4: deceptive links, lookalike hosts, bidi overrides and tracking pixels, each found
in a real article through the real pipeline (`kapmail check --format json`), and each
rule broken by the case it exists for and kept quiet by its honest twin."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.shipped import builtin_dir
from tests.conftest import copy_org

OWN = "https://riverbend-counselling.example.org"


def article(body: str) -> str:
    return (
        "# Safe payments\n\nIntro paragraph about payments.\n\n"
        f"## 1. Logging in\n\n{body}\n\n"
        "## Conclusion\n\nStay safe.\n\nWill you check the links?\n"
    )


def findings(root: Path, body: str, rule: str) -> list[dict]:
    """The `rule` findings of `kapmail check` over an article whose section is `body`."""
    copy_org(root)
    path = root / "payments.md"
    path.write_text(article(body), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(path), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    return [f for f in json.loads(result.stdout) if f["rule"] == rule]


def test_s1_link_text_naming_another_domain_is_an_error(tmp_path: Path) -> None:
    [found] = findings(
        tmp_path, "Log in at [https://www.paypal.com/login](https://evil.example/phish).", "S1"
    )
    assert found["severity"] == "error" and found["email"] == "02-logging-in"
    assert "reads as www.paypal.com but the link goes to evil.example" in found["message"]
    assert found["line"] is not None


@pytest.mark.parametrize(
    "body",
    [
        f"See [riverbend-counselling.example.org]({OWN}/guide).",
        "See [www.example.org/guide](https://example.org/guide).",
        "See [the guide](https://evil.example/guide).",  # words, not an address
        "See [version 2.0](https://example.org/v2).",
        "See [Node.js](https://nodejs.org/).",
    ],
)
def test_s1_is_quiet_when_the_text_is_the_target_or_not_an_address(
    tmp_path: Path, body: str
) -> None:
    assert findings(tmp_path, body, "S1") == []


def test_s2_a_cyrillic_homoglyph_host_is_named_in_unicode(tmp_path: Path) -> None:
    found = findings(tmp_path, "Visit [our partner](https://www.p\u0430ypal.com/account).", "S2")
    assert len(found) == 1 and found[0]["severity"] == "warning"
    assert "mixes Cyrillic and Latin" in found[0]["message"]
    assert "'www.p\u0430ypal.com'" in found[0]["message"]


def test_s2_punycode_is_named_in_unicode(tmp_path: Path) -> None:
    [found] = findings(tmp_path, "Visit [the shop](https://xn--mnchen-3ya.example/).", "S2")
    assert "xn--mnchen-3ya.example is written in punycode" in found["message"]
    assert "'münchen.example'" in found["message"]


def test_s2_is_quiet_for_plain_hosts(tmp_path: Path) -> None:
    assert findings(tmp_path, "Visit [the shop](https://shop.example.org/).", "S2") == []


def test_s3_a_right_to_left_override_in_link_text_is_an_error(tmp_path: Path) -> None:
    body = f"Open [the invoice\u202egnp.exe]({OWN}/invoice) today."
    found = findings(tmp_path, body, "S3")
    assert {f["part"] for f in found} == {"html", "text"}
    assert all(f["severity"] == "error" for f in found)
    assert all("U+202E (right-to-left override)" in f["message"] for f in found)


def test_s3_is_quiet_without_bidi_controls(tmp_path: Path) -> None:
    assert findings(tmp_path, f"Open [the invoice]({OWN}/invoice) today.", "S3") == []


def test_s4_an_image_from_a_third_party_host_warns(tmp_path: Path) -> None:
    [found] = findings(tmp_path, "Text ![chart](https://tracker.example/p.gif) here.", "S4")
    assert found["severity"] == "warning"
    assert found["message"].startswith("third-party image: ")  # a chart, not a pixel
    assert "comes from tracker.example" in found["message"]


def test_s4_an_image_from_the_organisation_warns_not(tmp_path: Path) -> None:
    assert findings(tmp_path, f"Text ![chart]({OWN}/chart.png) here.", "S4") == []


def test_s4_a_one_pixel_image_in_a_campaign_template_warns(tmp_path: Path) -> None:
    """Even from the organisation's own host: a 1 x 1 image shows nothing, it tracks."""
    copy_org(tmp_path)
    folder = tmp_path / "campaign"
    folder.mkdir()
    (folder / "campaign.toml").write_text('[campaign]\nname = "Pixels"\narticle = "a.md"\n')
    (folder / "a.md").write_text(article("Nothing odd here."))
    partials = folder / "templates" / "partials"
    partials.mkdir(parents=True)
    footer = (builtin_dir() / "partials" / "footer.mjml.j2").read_text()
    pixel = f'<mj-raw><img src="{OWN}/open.gif" width="1" height="1" alt=""></mj-raw>\n'
    (partials / "footer.mjml.j2").write_text(footer + pixel)
    result = CliRunner().invoke(cli, ["check", str(folder), "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    found = [f for f in json.loads(result.stdout) if f["rule"] == "S4"]
    assert len(found) == 3  # one in each email
    assert all(f["message"].startswith("tracking pixel: ") for f in found)
    assert all("is 1 x 1 px" in f["message"] for f in found)


def test_s1_reads_through_listmonks_click_tracking(tmp_path: Path) -> None:
    """listmonk's `@TrackLink` suffix (`https://host/path@TrackLink`) parses as a user name at
    the host `TrackLink`: S1 judges the address a click finally reaches, honest or not."""
    copy_org(tmp_path)
    path = tmp_path / "payments.md"
    body = (
        "See [www.example.org/guide](https://example.org/guide).\n\n"
        "Log in at [https://www.paypal.com/login](https://evil.example/phish)."
    )
    path.write_text(article(body), encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["build", str(path), "--platform", "listmonk", "--out", str(out)]
    )
    assert result.exit_code == 1, result.output
    html = (out / "payments" / "02-logging-in.html").read_text(encoding="utf-8")
    assert 'href="https://example.org/guide@TrackLink"' in html
    manifest = json.loads((out / "payments" / "manifest.json").read_text(encoding="utf-8"))
    s1 = [f for f in manifest["findings"] if f["rule"] == "S1"]
    assert [f["message"].split(": write")[0] for f in s1] == [
        "link text 'https://www.paypal.com/login' reads as www.paypal.com but the link goes "
        "to evil.example"
    ]
