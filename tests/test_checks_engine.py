"""The rule engine: registry, switches from campaign.toml, order, readiness, contrast maths."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

from kapmail.checks import (
    REGISTRY,
    Context,
    Finding,
    NotReadyError,
    Registry,
    css,
    is_ready,
    require_ready,
)
from kapmail.checks.contrast import luminance, ratio
from kapmail.checks.engine import error, sort_findings, warning
from kapmail.config import Switch, load_campaign
from kapmail.errors import KapmailError
from kapmail.manifest import Manifest
from kapmail.pipeline import load
from tests.builds import build_in_memory, check_built, output_files
from tests.checks_helpers import add_to_body
from tests.conftest import MINIMAL_CAMPAIGN, ROOT, make_campaign

ARTICLE = (
    "Sleep and mood are linked in many clients who come to counselling.\n\n"
    "1. Insomnia\n\nInsomnia is common among clients with anxiety and with depression.\n\n"
    "2. Nightmares\n\nNightmares recur after trauma and deserve a direct question.\n\n"
    "Conclusion\n\nSleep is worth asking about at every intake.\n\n"
    "Will you add a sleep question to your intake form?\n"
)
GREY = {"#777777": 4.48, "#767676": 4.54, "#000000": 21.0, "#ffffff": 1.0, "#595959": 7.0}


# ---- contrast maths ---------------------------------------------------------------------------


@pytest.mark.parametrize(("colour", "expected"), sorted(GREY.items()))
def test_wcag_ratio_of_known_pairs_on_white(colour, expected):
    rgb = css.colour(colour)
    assert ratio(rgb, (255, 255, 255)) == pytest.approx(expected, abs=0.01)
    assert ratio((255, 255, 255), rgb) == ratio(rgb, (255, 255, 255))


def test_777_fails_and_767676_passes_the_normal_text_minimum():
    assert ratio((0x77, 0x77, 0x77), (255, 255, 255)) < 4.5 < ratio((0x76,) * 3, (255,) * 3)
    assert luminance((0, 0, 0)) == 0 and luminance((255, 255, 255)) == pytest.approx(1)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("#fff", (255, 255, 255)),
        ("#1F5F5B", (31, 95, 91)),
        ("rgb(0, 128, 255)", (0, 128, 255)),
        ("rgba(0,0,0,1)", (0, 0, 0)),
        ("rgba(0,0,0,0.5)", None),
        ("transparent", css.TRANSPARENT),
        ("white", (255, 255, 255)),
        ("#ffffff00", css.TRANSPARENT),
        ("inherit", None),
    ],
)
def test_colour_parsing(value, expected):
    assert css.colour(value) == expected


def test_declarations_keep_semicolons_inside_urls_and_importance():
    found = css.declarations("background:url(data:image/png;base64,AA==); color: #fff !important")
    assert found == {
        "background": ("url(data:image/png;base64,AA==)", False),
        "color": ("#fff", True),
    }
    assert css.first_colour("#fff url(x.png) no-repeat") == (255, 255, 255)


def test_dark_block_rules_use_simple_selectors_only():
    block = css.media_blocks(
        "p{x:y} @media (prefers-color-scheme: dark) { .a p, div > p { color: #fff !important; } }",
        css.DARK_SCHEME,
    )
    (rule,) = css.rules(block[0])
    assert len(rule.selectors) == 1  # `div > p` is beyond the simple selectors: skipped
    assert rule.declarations["color"] == ("#fff", True)


# ---- registry and switches ---------------------------------------------------------------------


def _registry() -> Registry:
    registry = Registry()
    registry.family("X", "Test family")
    registry.family("XY", "Series family")

    @registry.rule("X2", "always an error")
    def always(ctx):
        yield error(f"broken in {ctx.name}", line=3)

    @registry.rule("X10", "always a warning")
    def sometimes(ctx):
        yield warning("meh", part="config", key="brand.name")

    @registry.rule("XY1", "series rule", scope="series")
    def whole(series):
        yield error(f"{len(series.emails)} emails")

    return registry


def _ctx(clean: Context, position: int) -> Context:
    return dataclasses.replace(clean, name=f"0{position}-x", position=position)


def _switched(ctx: Context, switches: dict[str, Switch]):
    """The context's campaign with these [checks.*] switches."""
    return dataclasses.replace(ctx.campaign, checks=switches)


def test_registry_runs_email_and_series_rules_in_stable_order(clean):
    found = _registry().run(
        [_ctx(clean, 2), _ctx(clean, 1)], dataclasses.replace(clean.campaign, slug="c")
    )
    assert [(f.position, f.rule) for f in found] == [
        (0, "XY1"),
        (1, "X2"),
        (1, "X10"),
        (2, "X2"),
        (2, "X10"),
    ]
    assert found[0].email is None and found[0].message == "2 emails"
    assert found[1].where == "html:3" and found[2].where == "config brand.name"
    assert found[1].to_dict()["campaign"] == "c"


def test_switches_turn_off_and_regrade_rules_and_families(clean):
    registry, contexts = _registry(), [_ctx(clean, 1)]
    off = registry.run(contexts, _switched(clean, {"X2": Switch("off", "known")}))
    assert {f.rule for f in off} == {"X10", "XY1"}
    regraded = registry.run(
        contexts, _switched(clean, {"X": Switch("warning", "draft"), "X10": Switch("error", "")})
    )
    assert {(f.rule, f.severity) for f in regraded} == {
        ("X2", "warning"),
        ("X10", "error"),
        ("XY1", "error"),
    }
    switched = _switched(clean, {"XY": Switch("off", "not health")})
    assert registry.run(contexts, switched)[0].rule == "X2"


def test_registry_refuses_unknown_families_and_duplicates():
    registry = _registry()
    with pytest.raises(ValueError, match="no registered family"):
        registry.rule("Z1", "x")
    with pytest.raises(ValueError, match="twice"):
        registry.rule("X2", "again")(lambda ctx: ())


def test_the_default_registry_carries_every_family_health_included():
    # S (deceptive content, issue 21), R (reading, issue 20) and I (languages, issue 24)
    # added on purpose; families are listed in import order.
    assert list(REGISTRY.families) == ["A", "D", "S", "F", "H", "HC", "L", "I", "M", "R"]
    health = sorted(r.id for r in REGISTRY.rules.values() if r.family == "HC")
    assert health == ["HC1", "HC2", "HC3", "HC4", "HC5", "HC6", "HC7", "HC8"]
    assert REGISTRY.names()[: len(REGISTRY.families)] == list(REGISTRY.families)
    assert (
        sort_findings([Finding("F10", "error", "x"), Finding("F2", "error", "y")])[0].rule == "F2"
    )


# ---- [checks] in campaign.toml -----------------------------------------------------------------


def test_campaign_switches_reach_the_findings(tmp_path):
    toml = MINIMAL_CAMPAIGN + (
        '\n[checks.F6]\nseverity = "off"\nreason = "short test preheaders"\n'
        '\n[checks.A]\nseverity = "warning"\nreason = "draft"\n'
        '\n[checks.HC]\nseverity = "off"\nreason = "not a health campaign"\n'
    )
    campaign = load_campaign(make_campaign(tmp_path, ARTICLE, toml))
    assert campaign.checks["F6"] == Switch("off", "short test preheaders", "campaign.toml:8")
    assert campaign.checks["HC"].severity == "off"
    built = build_in_memory(campaign)
    assert [f for f in check_built(built) if f.rule == "F6"] == []
    manifest = json.loads(output_files(built, checked=True)["manifest.json"])
    assert manifest["switched"]["F6"] == {
        "severity": "off",
        "reason": "short test preheaders",
        "source": "campaign.toml:8",
    }


def test_org_file_may_switch_rules_and_the_campaign_wins(tmp_path):
    folder = make_campaign(
        tmp_path, ARTICLE, MINIMAL_CAMPAIGN + '[checks.F6]\nseverity = "error"\nreason = "strict"\n'
    )
    org = tmp_path / "kapmail.toml"
    org.write_text(
        org.read_text() + '\n[checks.F6]\nseverity = "off"\nreason = "org"\n'
        '[checks.F5]\nseverity = "off"\nreason = "org"\n'
    )
    checks = load_campaign(folder).checks
    assert checks["F6"].reason == "strict" and checks["F5"].source.startswith("kapmail.toml:")


@pytest.mark.parametrize(
    ("extra", "message", "key", "line", "hint"),
    [
        (
            '[checks.F55]\nseverity = "off"\nreason = "x"\n',
            "[checks.F55] names no rule or family",
            "checks.F55",
            7,
            "did you mean 'F5'?",
        ),
        (
            '[checks.F5]\nseverity = "info"\nreason = "x"\n',
            "must be one of 'error', 'warning', 'off'",
            "checks.F5.severity",
            8,
            None,
        ),
        (
            '[checks.F5]\nseverity = "off"\n',
            "missing required key checks.F5.reason",
            "checks.F5.reason",
            7,
            "reason",
        ),
        (
            '[checks.F5]\nseverity = "off"\nreason = "x"\nwhy = "y"\n',
            "unknown key checks.F5.why",
            "checks.F5.why",
            10,
            None,
        ),
        ('[checks]\nF5 = "off"\n', "expected a table", "checks.F5", 8, "[checks.F5]"),
    ],
)
def test_bad_check_switches_name_file_line_and_key(tmp_path, extra, message, key, line, hint):
    folder = make_campaign(tmp_path, ARTICLE, MINIMAL_CAMPAIGN + extra)
    with pytest.raises(KapmailError) as caught:
        load(folder)
    error_ = caught.value
    assert message in error_.message
    assert error_.key == key and error_.line == line
    assert error_.file.endswith("campaign.toml")
    if hint:
        assert hint in error_.hint


def test_postal_address_is_optional_in_config_and_l1_reports_it(tmp_path):
    folder = make_campaign(tmp_path, ARTICLE)
    org = tmp_path / "kapmail.toml"
    lines = org.read_text().splitlines()
    org.write_text("\n".join(line for line in lines if "postal" not in line))
    campaign = load_campaign(folder)
    assert campaign.sender.postal_address is None
    found = check_built(build_in_memory(campaign))
    assert {f.rule for f in found if f.severity == "error"} == {"L1"}
    assert all(f.key == "sender.postal_address" for f in found if f.rule == "L1")


# ---- readiness ---------------------------------------------------------------------------------


def test_readiness_from_findings_and_manifests(clean):
    broken = add_to_body(clean, "<script>x</script>")
    bad = [f for f in REGISTRY.run([broken], broken.campaign) if f.rule == "F11"]
    only_warnings = [Finding("F5", "warning", "long")]
    assert is_ready([]) and is_ready(only_warnings) and not is_ready(bad)
    assert not is_ready(None)  # built with --no-check
    built = Manifest("c", "C", "generic", "kapmail", (), findings=())
    assert built.ready and built.checks == "run"
    assert not dataclasses.replace(built, findings=tuple(bad)).ready
    assert not dataclasses.replace(built, findings=None).ready
    require_ready(only_warnings)
    require_ready(bad, force=True)
    with pytest.raises(NotReadyError) as caught:
        require_ready(bad, name="kap-conditions")
    assert caught.value.exit_code == 1
    assert "series kap-conditions is not ready: 1 error finding(s) (F11)" in caught.value.message
    assert "--force" in caught.value.hint
    with pytest.raises(NotReadyError, match="--no-check"):
        require_ready(None)


def test_every_rule_is_documented():
    table = (ROOT / "docs" / "checks.md").read_text()
    documented = set(re.findall(r"^\| ([A-Z]+\d+) \|", table, re.MULTILINE))
    assert documented == set(REGISTRY.rules)


def test_the_urls_an_email_names_in_document_order():
    """Document.urls: each href, src, background and CSS url() (in any case), in order."""
    from kapmail.checks.document import Document

    doc = Document(
        '<html><head><style>td { background: url("https://x.example/s.png"); }</style></head>'
        '<body><div style="background:URL(https://x.example/a.png)" background="b.png">'
        '<a href="https://x.example/h">the page</a><img src="">'
        '<p style="Url( \'y.png\' )">q</p><span src="not-a-url-attribute">x</span>'
        '<source src="s.mp4"></div></body></html>'
    )
    assert [(url, what) for url, _, what in doc.urls] == [
        ("b.png", "<div background>"),
        ("https://x.example/a.png", "<div> CSS url()"),
        ("https://x.example/h", "link 'the page'"),
        ("", "<img>"),
        ("y.png", "<p> CSS url()"),
        ("s.mp4", "<source>"),
        ("https://x.example/s.png", "stylesheet url()"),
    ]
