"""`kapmail check` and the checks inside `kapmail build`, on real campaigns and renders."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from kapmail.cli import cli
from tests.conftest import KAP_CAMPAIGN, MINIMAL_CAMPAIGN, ROOT, make_campaign

ARTICLE = (
    "Sleep and mood are linked in many of the clients who come to counselling.\n\n"
    "1. Insomnia\n\nInsomnia is common among clients with anxiety and with depression.\n\n"
    "2. Nightmares\n\nNightmares recur after trauma and deserve a direct question.\n\n"
    "Conclusion\n\nSleep is worth asking about at every intake, and it is easy to do.\n\n"
    "Will you add a sleep question to your intake form?\n"
)
QUIET = '\n[checks.F6]\nseverity = "off"\nreason = "the test article has short paragraphs"\n'


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def kap_without_postal_address(root: Path) -> Path:
    """A copy of the default campaign whose kapmail.toml has no postal address."""
    folder = root / "kap-conditions"
    shutil.copytree(KAP_CAMPAIGN, folder)
    lines = (ROOT / "kapmail.toml").read_text().splitlines()
    (root / "kapmail.toml").write_text("\n".join(x for x in lines if "postal_address" not in x))
    return folder


def campaign(root: Path, extra: str = "", templates: dict[str, str] | None = None) -> Path:
    folder = make_campaign(root, ARTICLE, MINIMAL_CAMPAIGN + QUIET + extra)
    for name, content in (templates or {}).items():
        path = folder / "templates" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    return folder


HEADER_WITH_IMAGE = (
    '<mj-section background-color="{{ brand.card_color }}" css-class="km-card">\n'
    "  <mj-column>\n"
    '    <mj-image src="https://riverbend-counselling.example.org/logo.png" alt="" '
    'width="120px" height="40px" />\n'
    '    <mj-raw><img src="https://riverbend-counselling.example.org/badge.png" width="80" '
    'height="20"></mj-raw>\n'
    "  </mj-column>\n"
    "</mj-section>\n"
)


def test_check_default_campaign_json_is_the_demo_warning_only():
    # issue 22: the shipped campaign is a demo on example.org; L7 warns instead of refusing
    result = run("check", str(KAP_CAMPAIGN), "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert [(f["rule"], f["severity"]) for f in found] == [("L7", "warning")]


def test_check_default_campaign_text_says_ready():
    result = run("check", str(KAP_CAMPAIGN))
    assert result.exit_code == 0
    assert result.output == (
        f"using kapmail.toml: {ROOT / 'kapmail.toml'}\n"
        "kap-conditions: 8 emails checked, 0 errors, 1 warning — ready\n"
        "  the whole series\n"
        "    warning L7   config sender.email: a demonstration ([campaign] demo = true) on "
        "placeholder identities (sender.email, sender.reply_to, sender.unsubscribe_url, "
        "sender.unsubscribe_mailto, sender.preferences_url, sender.website): a real campaign "
        "sets the organisation's own in kapmail.toml\n"
    )


def test_check_without_postal_address_fails_on_l1(tmp_path):
    folder = kap_without_postal_address(tmp_path)
    result = run("check", str(folder), "--format", "json")
    assert result.exit_code == 1
    found = [f for f in json.loads(result.output) if f["rule"] != "L7"]  # the demo's warning
    assert len(found) == 8 and {f["rule"] for f in found} == {"L1"}
    assert found[0]["severity"] == "error" and found[0]["where"] == "config sender.postal_address"
    text = run("check", str(folder)).output
    assert "8 errors, 1 warning — NOT READY" in text
    assert "every email (8)" in text and text.count("L1") == 1


def test_check_several_sources_reports_each(tmp_path):
    folder = kap_without_postal_address(tmp_path)
    result = run("check", str(KAP_CAMPAIGN), str(folder), "--format", "json")
    assert result.exit_code == 1
    assert {f["campaign"] for f in json.loads(result.output)} == {"kap-conditions"}
    assert len(json.loads(result.output)) == 10  # 8 L1 errors, the demo's L7 warning twice


def test_bad_input_exits_2(tmp_path):
    result = CliRunner().invoke(cli, ["check", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "file not found" in result.output


def test_contrast_through_real_rendering_light_and_dark(tmp_path):
    folder = campaign(tmp_path, '[brand]\ntext_color = "#8a8a8a"\ndark_text_color = "#3a3a3a"\n')
    result = run("check", str(folder), "--format", "json")
    assert result.exit_code == 1
    found = json.loads(result.output)
    light = [f for f in found if f["rule"] == "A6"]
    dark = [f for f in found if f["rule"] == "D2"]
    assert light and "#8a8a8a on #ffffff" in light[0]["message"]
    assert dark and "#3a3a3a on #1b2121" in dark[0]["message"]
    assert all(f["severity"] == "error" for f in light + dark)


def test_template_override_with_script_and_image_without_alt(tmp_path):
    folder = campaign(
        tmp_path,
        templates={
            "partials/header.mjml.j2": HEADER_WITH_IMAGE.replace(
                "</mj-raw>", "<script>track()</script></mj-raw>"
            )
        },
    )
    result = run("check", str(folder), "--format", "json")
    assert result.exit_code == 1
    rules = {(f["rule"], f["severity"]) for f in json.loads(result.output)}
    # the article names insomnia and depression in a campaign not marked health-related: HC7
    assert rules == {("F10", "error"), ("F11", "error"), ("HC7", "warning")}


def test_regraded_rule_warns_and_strict_fails(tmp_path):
    switch = '\n[checks.F10]\nseverity = "warning"\nreason = "badge alt text pending"\n'
    folder = campaign(tmp_path, switch, {"partials/header.mjml.j2": HEADER_WITH_IMAGE})
    result = run("check", str(folder))
    assert result.exit_code == 0, result.output
    assert "[checks.F10] warning (campaign.toml:" in result.output
    assert "badge alt text pending" in result.output and "F10" in result.output
    strict = run("check", str(folder), "--strict")
    assert strict.exit_code == 1 and "--strict:" in strict.output


def test_build_with_errors_writes_a_draft_marked_not_ready(tmp_path):
    folder = kap_without_postal_address(tmp_path)
    out = tmp_path / "out"
    result = run("build", str(folder), "--out", str(out))
    assert result.exit_code == 1
    assert "NOT READY: kap-conditions has 8 errors, 1 warning" in result.output
    manifest = json.loads((out / "kap-conditions" / "manifest.json").read_text())
    assert manifest["checks"] == "run" and manifest["ready"] is False
    assert {f["rule"] for f in manifest["findings"]} == {"L1", "L7"}
    assert len(list((out / "kap-conditions").glob("[0-9]*.html"))) == 8


def test_build_clean_is_ready_and_no_check_is_not(tmp_path):
    result = run("build", str(KAP_CAMPAIGN), "--out", str(tmp_path))
    assert result.exit_code == 0
    assert "kap-conditions: 8 emails checked, 0 errors, 1 warning — ready" in result.output
    manifest = json.loads((tmp_path / "kap-conditions" / "manifest.json").read_text())
    assert (manifest["checks"], manifest["ready"]) == ("run", True)
    assert [f["rule"] for f in manifest["findings"]] == ["L7"]  # the demo's warning
    assert manifest["switched"] == {}
    skipped = run("build", str(KAP_CAMPAIGN), "--out", str(tmp_path), "--no-check")
    assert skipped.exit_code == 0 and "checks skipped (--no-check)" in skipped.output
    manifest = json.loads((tmp_path / "kap-conditions" / "manifest.json").read_text())
    assert (manifest["checks"], manifest["ready"], manifest["findings"]) == ("skipped", False, [])


def test_check_help_has_examples():
    output = run("check", "--help").output
    assert "Examples:" in output and "--format [text|json]" in output and "--strict" in output


def test_export_refuses_a_series_that_is_not_ready_unless_forced(tmp_path):
    folder = kap_without_postal_address(tmp_path)
    out = tmp_path / "exports"
    refused = CliRunner().invoke(
        cli, ["export", str(folder), "--platform", "listmonk", "--out", str(out)]
    )
    assert refused.exit_code == 1
    [line] = refused.stderr.splitlines()
    assert "series kap-conditions is not ready" in line and "(L1)" in line and "--force" in line
    assert not out.exists()
    forced = run("export", str(folder), "--platform", "listmonk", "--out", str(out), "--force")
    assert forced.exit_code == 0
    assert (out / "kap-conditions" / "listmonk" / "schedule.csv").is_file()


def test_export_checks_the_platform_output_for_its_unsubscribe_tag(tmp_path):
    """A footer override with a hard-coded unsubscribe URL would lose Mailchimp's *|UNSUB|*."""
    folder = tmp_path / "kap-conditions"
    shutil.copytree(KAP_CAMPAIGN, folder)
    shutil.copy(ROOT / "kapmail.toml", tmp_path / "kapmail.toml")
    (folder / "templates" / "partials").mkdir(parents=True)
    footer = (ROOT / "templates/partials/footer.mjml.j2").read_text()
    fixed = "https://riverbend-counselling.example.org/email/unsubscribe"
    (folder / "templates/partials/footer.mjml.j2").write_text(
        footer.replace("{{ links.unsubscribe }}", fixed)
    )
    text = (ROOT / "templates/email.txt.j2").read_text()
    (folder / "templates/email.txt.j2").write_text(text.replace("{{ links.unsubscribe }}", fixed))
    assert run("check", str(folder)).exit_code == 0  # the generic output is fine
    out = tmp_path / "exports"
    refused = CliRunner().invoke(
        cli, ["export", str(folder), "--platform", "mailchimp", "--out", str(out)]
    )
    assert refused.exit_code == 1
    assert "(M1)" in refused.stderr and not out.exists()
    built = run("build", str(folder), "--platform", "mailchimp", "--out", str(tmp_path / "o"))
    assert built.exit_code == 1 and "M1" in built.output
