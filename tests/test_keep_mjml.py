"""`kapmail build --keep-mjml` writes each email's MJML beside its HTML: the very MJML the HTML
was made from, listed in the manifest, the same from the build cache as made afresh."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from click.testing import CliRunner

from kapmail import pipeline, platforms
from kapmail.cli import cli
from kapmail.render import compose, steps, utm
from tests.conftest import KAP_CAMPAIGN


def _build(out: Path, *extra: str) -> Path:
    result = CliRunner().invoke(cli, ["build", str(KAP_CAMPAIGN), "--out", str(out), *extra])
    assert result.exit_code == 0, result.output
    return out / "kap-conditions"


def test_each_email_keeps_the_mjml_its_html_was_made_from(tmp_path: Path):
    folder = _build(tmp_path / "out", "--keep-mjml", "--no-check")
    series = pipeline.Sources((KAP_CAMPAIGN,)).one("build")
    campaign = series.campaign
    manifest = json.loads((folder / "manifest.json").read_text())
    for email, entry in zip(series.emails, manifest["emails"], strict=True):
        kept = folder / f"{email.stem}.mjml"
        mjml = kept.read_text(encoding="utf-8")
        assert mjml.lstrip().startswith("<mjml")
        assert entry["files"][kept.name] == hashlib.sha256(kept.read_bytes()).hexdigest()
        raw = compose.mjml_to_html(mjml, email, campaign)
        html = steps.run(raw, steps.html_steps(utm.for_email(campaign, email.slug)))
        filled, _ = platforms.fill(platforms.GENERIC, campaign, email.slug, html, "")
        assert filled.encode() == (folder / entry["html"]).read_bytes()


def test_without_the_option_no_mjml_and_from_the_cache_the_same_mjml(tmp_path: Path):
    out = tmp_path / "out"
    assert not list(_build(out).glob("*.mjml"))
    cached = _build(out, "--keep-mjml")  # every email from the cache
    fresh = _build(tmp_path / "fresh", "--keep-mjml", "--no-cache")
    names = sorted(p.name for p in fresh.glob("*.mjml"))
    assert len(names) == 8 and names == sorted(p.name for p in cached.glob("*.mjml"))
    assert all((cached / n).read_bytes() == (fresh / n).read_bytes() for n in names)
