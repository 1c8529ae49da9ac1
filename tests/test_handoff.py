"""Issue 22: the hand-off to the platforms. Mailchimp's preview-text tag, listmonk's open
and click tracking, teasers without dates, and campaign.json, on real exports of the KAP
campaign through the CLI."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.pipeline import load, plan
from kapmail.text import long_date
from tests.conftest import KAP_CAMPAIGN
from tests.html_text import visible_text


def export(out: Path, platform: str, *options: str) -> Path:
    args = ["export", str(KAP_CAMPAIGN), "--platform", platform, "--out", str(out), *options]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return out / "kap-conditions" / platform


def emails(folder: Path, suffix: str) -> list[str]:
    return [p.read_text() for p in sorted(folder.glob(f"[0-9]*{suffix}"))]


@pytest.fixture(scope="module")
def kap_series():
    return plan(load(KAP_CAMPAIGN))


@pytest.fixture(scope="module")
def mailchimp(tmp_path_factory) -> Path:
    return export(tmp_path_factory.mktemp("mc"), "mailchimp")


@pytest.fixture(scope="module")
def listmonk(tmp_path_factory) -> Path:
    return export(tmp_path_factory.mktemp("lm"), "listmonk")


def test_mailchimp_carries_its_preview_text_tag_as_its_own_templates_do(mailchimp, kap_series):
    for html, email in zip(emails(mailchimp, ".html"), kap_series.emails, strict=True):
        span = re.search(
            r'<!--\*\|IF:MC_PREVIEW_TEXT\|\*--><span class="mcnPreviewText" style="display:none;'
            r'[^"]*">\*\|MC_PREVIEW_TEXT\|\*</span><!--\*\|ELSE:\|\*-->'
            r'<div class="km-preheader"[^>]*>([^<]*)</div><!--\*\|END:IF\|\*-->',
            html,
        )
        assert span, email.slug
        assert unescape(span.group(1)) == email.preheader  # kapmail's, when the field is empty
        assert html.count("*|MC_PREVIEW_TEXT|*") == 1
    readme = " ".join((mailchimp / "README.txt").read_text().split())
    assert "preheader into Preview text" in readme and "*|MC_PREVIEW_TEXT|*" in readme


def test_listmonk_counts_opens_and_clicks(listmonk):
    htmls = emails(listmonk, ".html")
    assert any('href="mailto:' in html for html in htmls)  # left alone
    for html in htmls:
        assert html.count("{{ TrackView }}") == 1
        assert html.index("{{ TrackView }}") < html.index("</body>")
        web = re.findall(r'href="(https?://[^"]+)"', html)
        assert web and all(link.endswith("@TrackLink") for link in web)
        assert "{{ UnsubscribeURL }}" in html  # the platform's own links are not tracked
    for text in emails(listmonk, ".txt"):
        assert "@TrackLink" not in text and "TrackView" not in text
    assert "--no-tracking" in (listmonk / "README.txt").read_text()


def test_listmonk_without_tracking(tmp_path):
    folder = export(tmp_path, "listmonk", "--no-tracking")
    for html in emails(folder, ".html"):
        assert "TrackView" not in html and "@TrackLink" not in html
    assert "--no-tracking" not in (folder / "README.txt").read_text()


def send_dates(series) -> list[str]:
    return [long_date(e.send_at) for e in series.emails]


@pytest.mark.parametrize("teaser", ["plain", "relative"])
def test_an_export_without_dates_has_no_send_date_in_any_email(tmp_path, kap_series, teaser):
    folder = export(tmp_path, "brevo", "--teaser", teaser)
    parts = emails(folder, ".html") + emails(folder, ".txt")
    dates = send_dates(kap_series)
    for part in parts:
        shown = visible_text(part) if part.lstrip().startswith("<") else part
        assert not any(date in shown for date in dates)
        assert not re.search(r"Coming next, \w+day", shown)
    lead = "Coming next:" if teaser == "plain" else "In 3 days:"
    assert all(lead in part for part in parts[:7] + parts[8:15])  # all but each last email


def test_mailchimp_defaults_to_days_for_its_journey_and_others_to_dates(mailchimp, kap_series):
    htmls = emails(mailchimp, ".html")
    assert "In 3 days:" in htmls[0]
    assert not any(date in visible_text(h) for h in htmls for date in send_dates(kap_series))
    assert "carry no dates" in (mailchimp / "README.txt").read_text()


def test_a_dated_export_names_the_next_send_date(tmp_path, kap_series):
    folder = export(tmp_path, "mailchimp", "--teaser", "date")
    first = visible_text(emails(folder, ".html")[0])
    assert f"Coming next, {long_date(kap_series.emails[1].send_at)}:" in first


def test_every_export_writes_campaign_json(mailchimp, listmonk, kap_series):
    for folder, subject_field in ((mailchimp, "settings.subject_line"), (listmonk, "subject")):
        data = json.loads((folder / "campaign.json").read_text())
        assert data["campaign"] == "kap-conditions" and data["timezone"] == "America/New_York"
        assert data["api_fields"]["subject"] == subject_field
        assert len(data["emails"]) == 8
        for entry, email in zip(data["emails"], kap_series.emails, strict=True):
            assert (entry["subject"], entry["preheader"]) == (email.subject, email.preheader)
            assert entry["send_at"] == email.send_at.isoformat()
            assert entry["send_at_utc"].endswith("Z")
            assert (folder / entry["html"]).is_file() and (folder / entry["text"]).is_file()
    mc = json.loads((mailchimp / "campaign.json").read_text())["api_fields"]
    assert mc["preheader"] == "settings.preview_text" and mc["send_at_utc"] == "schedule_time"
    assert mc["html"] == "html" and mc["text"] == "plain_text"
