"""The kapmail.toml search stops at the project root: a file above it is never applied."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from kapmail.config import find_org_file, load_campaign
from kapmail.errors import KapmailError
from tests.conftest import MINIMAL_CAMPAIGN, ROOT

HOSTILE = (
    (ROOT / "kapmail.toml")
    .read_text()
    .replace("[sender]", "[sender]\n# planted above the project\n", 1)
)


def project(tmp_path: Path) -> Path:
    """tmp/kapmail.toml (planted) above tmp/project/.git and tmp/project/campaign/."""
    (tmp_path / "kapmail.toml").write_text(HOSTILE)
    root = tmp_path / "project"
    (root / ".git").mkdir(parents=True)
    campaign = root / "campaign"
    campaign.mkdir()
    (campaign / "article.txt").write_text("Intro.\n1) One\nText.\nConclusion\nEnd.\n")
    (campaign / "campaign.toml").write_text(MINIMAL_CAMPAIGN)
    return campaign


def test_a_kapmail_toml_above_the_git_root_is_not_applied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign = project(tmp_path)
    monkeypatch.chdir(campaign.parent)
    assert find_org_file(campaign.parent) is None
    with pytest.raises(KapmailError, match=r"missing 7 required keys: brand\.name;"):
        load_campaign(campaign)  # the planted file would have set it
    result = CliRunner().invoke(cli, ["check", str(campaign)])
    assert result.exit_code == 2
    assert "missing 7 required keys: brand.name;" in result.output
    assert str(tmp_path / "kapmail.toml") not in result.output


def test_the_project_root_file_is_used_and_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    campaign = project(tmp_path)
    own = campaign.parent / "kapmail.toml"
    own.write_text((ROOT / "kapmail.toml").read_text())
    monkeypatch.chdir(tmp_path)
    assert find_org_file(campaign.parent) == own.resolve()
    result = CliRunner().invoke(cli, ["check", str(campaign)])
    assert f"using kapmail.toml: {own}" in result.output, result.output


def test_without_a_git_folder_the_nearest_parent_is_still_found(tmp_path: Path) -> None:
    campaign = project(tmp_path)
    (campaign.parent / ".git").rmdir()
    assert find_org_file(campaign.parent) == (tmp_path / "kapmail.toml").resolve()
