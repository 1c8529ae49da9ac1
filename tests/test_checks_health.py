"""The health rules (HC1-HC6) on real builds of real campaigns, through the CLI."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.config import load_campaign
from tests.builds import build_in_memory, check_built
from tests.checks_helpers import findings, without_demo_warning
from tests.conftest import KAP_CAMPAIGN, ROOT

KAP_ARTICLE = (KAP_CAMPAIGN / "article.txt").read_text()


def kap_copy(root: Path, *, article: str = KAP_ARTICLE, toml_edit=None, org_edit=None) -> Path:
    """A copy of the default campaign (with the real kapmail.toml) to break one thing in."""
    folder = root / "kap"
    shutil.copytree(KAP_CAMPAIGN, folder)
    (folder / "article.txt").write_text(article)
    org = (ROOT / "kapmail.toml").read_text()
    (root / "kapmail.toml").write_text(org_edit(org) if org_edit else org)
    if toml_edit:
        toml = folder / "campaign.toml"
        toml.write_text(toml_edit(toml.read_text()))
    return folder


def check_json(folder: Path) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(cli, ["check", str(folder), "--format", "json"])
    return result.exit_code, json.loads(result.stdout)


def test_guaranteed_cure_in_the_article_fails_hc4_with_the_line(tmp_path):
    article = KAP_ARTICLE.replace(
        "ketamine offers rapid and profound symptom relief.",
        "ketamine offers a guaranteed cure.",
    )
    code, found = check_json(kap_copy(tmp_path, article=article))
    assert code == 1
    hc4 = [f for f in found if f["rule"] == "HC4"]
    assert {(f["severity"], f["line"], f["part"]) for f in hc4} == {("error", 3, "article")}
    assert sorted(f["message"].split("'")[1] for f in hc4) == ["cure", "guaranteed"]
    assert all(f["key"].endswith("kap/article.txt") and f["email"] is None for f in hc4)


def test_whole_words_only_and_config_text_is_checked_too(tmp_path):
    article = KAP_ARTICLE.replace("safe and supportive", "secure, curious and supportive")
    folder = kap_copy(
        tmp_path,
        article=article,
        toml_edit=lambda t: t.replace(
            "Screening and monitoring", "Risk-free screening and monitoring"
        ),
    )
    found = [f for f in check_built(build_in_memory(load_campaign(folder))) if f.rule == "HC4"]
    assert [(f.part, f.key, f.severity) for f in found] == [("config", "health.risks", "error")]
    assert "'Risk-free'" in found[0].message


def test_proven_without_a_reference_is_a_warning(tmp_path):
    article = KAP_ARTICLE.replace("Sleep is a critical", "It is proven that sleep is a critical")
    folder = kap_copy(
        tmp_path,
        article=article,
        toml_edit=lambda t: t.split("[evidence.sleep-disorders]")[0],
    )
    found = check_built(build_in_memory(load_campaign(folder)))
    assert [(f.rule, f.severity, f.line) for f in found if f.rule == "HC4"] == [
        ("HC4", "warning", 13)
    ]
    hc5 = [f for f in found if f.rule == "HC5"]
    assert [(f.email, f.key) for f in hc5] == [("07-sleep-disorders", "evidence.sleep-disorders")]


def test_section_without_reference_fails_hc5(tmp_path):
    folder = kap_copy(
        tmp_path,
        toml_edit=lambda t: t.replace('pmid = "37111325"', 'pubmed_query = "ketamine sleep"'),
    )
    code, found = check_json(folder)
    assert code == 1
    [hc5] = [f for f in found if f["rule"] == "HC5"]
    assert hc5["email"] == "07-sleep-disorders"
    assert hc5["key"] == "evidence.sleep-disorders.references"
    assert "no DOI, PMID or PMCID" in hc5["message"]


def test_campaign_without_a_crisis_line_fails_hc3(tmp_path):
    folder = kap_copy(
        tmp_path,
        org_edit=lambda o: o.split("# Crisis resources")[0] + "[schedule]\nstart = 2027-01-05\n",
    )
    code, found = check_json(folder)
    assert code == 1
    hc3 = [f for f in found if f["rule"] == "HC3"]
    assert len(hc3) == 8 and {f["key"] for f in hc3} == {"crisis"}
    assert all("no crisis line" in f["message"] for f in hc3)


def test_missing_regulatory_note_fails_hc1_and_missing_risks_warn_hc6(tmp_path):
    def edit(toml: str) -> str:
        start = toml.index('regulatory = """')
        end = toml.index("[evidence.depressive-disorders]")
        return toml[:start] + toml[end:]

    found = check_built(build_in_memory(load_campaign(kap_copy(tmp_path, toml_edit=edit))))
    found = [f for f in found if f.rule != "L7"]  # the demo campaign's own warning (issue 22)
    assert {(f.rule, f.severity, f.key) for f in found} == {
        ("HC1", "error", "health.regulatory"),
        ("HC6", "warning", "health.risks"),
    }


def test_risk_terms_the_series_does_not_name_warn_hc6(tmp_path):
    folder = kap_copy(
        tmp_path, toml_edit=lambda t: t.replace("include dissociation, raised", "include raised")
    )
    found = check_built(build_in_memory(load_campaign(folder)))
    [hc6] = [f for f in found if f.rule == "HC6"]
    assert (hc6.severity, hc6.key) == ("warning", "health.risk_terms")
    assert "the series does not mention these risks: dissociation;" in hc6.message


def test_not_health_related_switches_the_family_off_but_warns_of_treatment_talk(tmp_path):
    folder = kap_copy(
        tmp_path,
        article=KAP_ARTICLE.replace("profound symptom relief", "a guaranteed cure"),
        toml_edit=lambda t: t.replace("related = true", "related = false").split("[evidence.")[0],
    )
    found = check_built(build_in_memory(load_campaign(folder)))
    [hc7] = [f for f in found if f.rule.startswith("HC")]
    assert (hc7.rule, hc7.severity, hc7.part, hc7.line) == ("HC7", "warning", "article", 1)
    assert "'ketamine' (line 1)" in hc7.message and "related = true in " in hc7.message
    assert str(folder / "campaign.toml") in hc7.message


def test_default_campaign_has_no_health_findings():
    code, found = check_json(KAP_CAMPAIGN)
    assert (code, without_demo_warning(found)) == (0, [])


def test_subject_template_is_checked_for_claims_too(tmp_path):
    folder = kap_copy(
        tmp_path,
        toml_edit=lambda t: t.replace(
            'subject_template = "KAP and {title}"', 'subject_template = "Miracle: {title}"'
        ),
    )
    found = [f for f in check_built(build_in_memory(load_campaign(folder))) if f.rule == "HC4"]
    assert [(f.part, f.key) for f in found] == [("config", "campaign.subject_template")]


# ---- HC4 and negation, HC7: the rules on one clean email (tests/checks_helpers.py) -----------


def with_risks(ctx, risks: str):
    """The clean email with `[health] risks` (prose HC4 reads) set to `risks`."""
    health = dataclasses.replace(ctx.campaign.health, risks=risks)
    return dataclasses.replace(ctx, campaign=dataclasses.replace(ctx.campaign, health=health))


@pytest.mark.parametrize(
    "sentence",
    [
        "There is no guaranteed way to know who will respond.",
        "Ketamine is not a cure-all.",
        "Even at best, it is never 100% effective.",
        "The relief isn't permanent for most people.",
        "It doesn't cure depression, and it cannot be guaranteed to help.",
        "It is not permanent, nor guaranteed.",
        "No treatment is risk-free (and this one is without miracles).",
    ],
)
def test_hc4_passes_a_claim_negated_in_its_clause(clean, sentence):
    assert findings(with_risks(clean, sentence), "HC4") == []


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("Ketamine offers a guaranteed cure.", "guaranteed"),
        ("The treatment is 100% effective.", "100%"),
        ("It is proven to cure depression.", "cure"),
        ("It is not a placebo; it is a guaranteed cure.", "guaranteed"),
        ("It is a miracle, not a placebo.", "miracle"),
        ("No, this is a permanent fix.", "permanent"),
        ("It is not only safe but a guaranteed cure.", "guaranteed"),
        ("There is no doubt it is risk-free.", "risk-free"),
        ("With no side effects and a permanent cure, you will feel better.", "permanent"),
        ("Patients who have not improved in years are cured within weeks.", "cured"),
        ("Don't miss this guaranteed cure.", "guaranteed"),
    ],
)
def test_hc4_still_fails_the_affirmative_claim(clean, sentence, word):
    found = findings(with_risks(clean, sentence), "HC4")
    assert found and {f.severity for f in found} == {"error"}
    assert any(f"{word!r}" in f.message for f in found), [f.message for f in found]
    assert {f.key for f in found} == {"health.risks"}


def test_hc4_negated_sentence_in_the_article_passes_end_to_end(tmp_path):
    article = KAP_ARTICLE.replace(
        "ketamine offers rapid and profound symptom relief.",
        "ketamine offers rapid relief, though there is no guaranteed way to predict it.",
    )
    code, found = check_json(kap_copy(tmp_path, article=article))
    assert (code, without_demo_warning(found)) == (0, [])


def test_hc7_fires_once_on_an_email_not_marked_and_never_on_a_marked_one(clean):
    assert findings(clean, "HC7") == []
    unmarked = dataclasses.replace(clean.campaign.health, related=False)
    ctx = dataclasses.replace(clean, campaign=dataclasses.replace(clean.campaign, health=unmarked))
    [hc7] = findings(ctx, "HC7")
    assert hc7.severity == "warning" and hc7.part == "article"
    assert "[health] related = true in " in hc7.message
    assert findings(ctx, "HC1") == findings(ctx, "HC4") == []
