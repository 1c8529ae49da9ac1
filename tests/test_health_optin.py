"""Health content by choice: `[health] related` (default false), HC7, and file-naming hints.

Real builds through the CLI: a non-health article has no crisis line or disclaimer, the KAP
campaign keeps them, and treatment talk in a campaign not marked gets one warning.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.config import campaign_for_article, load_campaign
from tests.conftest import KAP_ARTICLE, KAP_CAMPAIGN, MINIMAL_CAMPAIGN, make_campaign
from tests.html_text import visible_text

PAID = """\
# Getting paid on time

Late invoices are the quiet cost of running a small practice. This series shows what helps.

## 1. Send the invoice the same day

An invoice sent on the day of the session is paid sooner than one sent at the end of the month.
Put the amount, the due date and how to pay at the top.

## 2. Make paying easy

Offer a bank transfer and a card link. Say which one you prefer, and thank people who pay early.

## 3. Follow up kindly

A short reminder a week after the due date is usually enough. Keep the tone warm and plain.

## Conclusion

Clear invoices, easy payment and a friendly reminder keep the money coming in on time.

What is the one change you will make to your invoices this month?
"""
CRISIS = ("988", "In crisis?")
DISCLAIMER = "not medical advice"


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def outputs(folder: Path) -> tuple[list[str], list[str]]:
    manifest = json.loads((folder / "manifest.json").read_text())
    emails = manifest["emails"]
    html = [(folder / e["html"]).read_text() for e in emails]
    text = [(folder / e["text"]).read_text() for e in emails]
    return html, text


def check_json(target: Path) -> tuple[int, list[dict]]:
    result = run("check", str(target), "--format", "json")
    return result.exit_code, json.loads(result.stdout)


def test_a_non_health_markdown_article_builds_ready_without_crisis_or_disclaimer(in_org_dir):
    (in_org_dir / "getting-paid.md").write_text(PAID)
    result = run("build", "getting-paid.md")
    assert result.exit_code == 0, result.output
    folder = in_org_dir / "outbox" / "getting-paid"
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["ready"] is True and manifest["findings"] == []
    html, text = outputs(folder)
    assert len(html) == len(text) >= 4
    for part in [*html, *text]:
        assert DISCLAIMER not in part and "prescriber" not in part
        assert all(mark not in part for mark in CRISIS)
        assert "Riverbend Counselling Collective" in part  # the footer is still there


def test_the_kap_campaign_keeps_its_disclaimer_and_crisis_line_in_every_email(tmp_path):
    result = run("build", str(KAP_CAMPAIGN), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    html, text = outputs(tmp_path / "kap-conditions")
    assert len(html) == len(text) == 8
    for part in [*(visible_text(page) for page in html), *text]:
        assert DISCLAIMER in " ".join(part.split())
        assert "Call or text 988" in " ".join(part.split())


def test_an_empty_disclaimer_means_none(tmp_path):
    toml = MINIMAL_CAMPAIGN + '\n[health]\ndisclaimer = ""\n'
    campaign = load_campaign(make_campaign(tmp_path, PAID, toml, name="article.md"))
    assert campaign.health.disclaimer is None and campaign.health.related is False


def test_an_empty_disclaimer_in_a_health_campaign_fails_hc2_naming_kapmail_toml(tmp_path):
    toml = MINIMAL_CAMPAIGN + '\n[health]\nrelated = true\ndisclaimer = ""\n'
    folder = make_campaign(tmp_path, PAID, toml, name="article.md")
    code, found = check_json(folder)
    assert code == 1
    hc2 = [f for f in found if f["rule"] == "HC2"]
    assert hc2 and all("set [health] disclaimer in " in f["message"] for f in hc2)
    assert all(f["message"].endswith("kapmail.toml") for f in hc2)


def test_treatment_talk_in_a_campaign_not_marked_warns_once_naming_campaign_toml(tmp_path):
    folder = make_campaign(tmp_path, KAP_ARTICLE.read_text())
    code, found = check_json(folder)
    assert code == 0  # a warning: the series is still ready
    assert [f["rule"] for f in found if f["rule"].startswith("HC")] == ["HC7"]
    [hc7] = [f for f in found if f["rule"] == "HC7"]
    assert (hc7["severity"], hc7["part"], hc7["email"]) == ("warning", "article", None)
    assert hc7["key"].endswith("campaign/article.txt") and hc7["line"] == 1
    message = hc7["message"]
    assert "'ketamine' (line 1)" in message
    assert f"set [health] related = true in {folder / 'campaign.toml'}" in message


def test_treatment_talk_in_a_bare_article_names_kapmail_toml_or_a_campaign_folder(in_org_dir):
    shutil.copy(KAP_ARTICLE, in_org_dir / "kap.txt")
    code, found = check_json(in_org_dir / "kap.txt")
    assert code == 0
    [hc7] = [f for f in found if f["rule"] == "HC7"]
    assert (
        "set [health] related = true in kapmail.toml (for every bare article there) or in a "
        "new campaign folder's campaign.toml" in hc7["message"]
    )


def test_marking_a_bare_article_health_related_names_the_files_in_the_hints(in_org_dir):
    org = in_org_dir / "kapmail.toml"
    org.write_text(org.read_text().replace("[health]\n", "[health]\nrelated = true\n"))
    shutil.copy(KAP_ARTICLE, in_org_dir / "kap.txt")
    campaign = campaign_for_article(in_org_dir / "kap.txt")
    assert campaign.health.related is True
    code, found = check_json(in_org_dir / "kap.txt")
    assert code == 1
    assert not [f for f in found if f["rule"] == "HC7"]
    [hc1] = [f for f in found if f["rule"] == "HC1"]
    assert (
        "set [health] regulatory in kapmail.toml (for every bare article there)" in (hc1["message"])
    )
    hc5 = [f for f in found if f["rule"] == "HC5"]
    assert hc5 and all("make a campaign folder for this article" in f["message"] for f in hc5)
    assert all("campaign.toml" not in f["message"].split(":")[0] for f in hc5)


def test_a_marked_campaign_gets_no_hc7(tmp_path):
    toml = MINIMAL_CAMPAIGN + "\n[health]\nrelated = true\n"
    folder = make_campaign(tmp_path, KAP_ARTICLE.read_text(), toml)
    _, found = check_json(folder)
    rules = {f["rule"] for f in found}
    assert "HC7" not in rules and {"HC1", "HC5"} <= rules
    [hc1] = [f for f in found if f["rule"] == "HC1"]
    assert hc1["message"].endswith(f"set [health] regulatory in {folder / 'campaign.toml'}")
