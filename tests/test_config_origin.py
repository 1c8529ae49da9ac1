"""`kapmail config`: every merged value with the file and line that set it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from kapmail.cli import cli
from tests.conftest import MINIMAL_CAMPAIGN, copy_org

OVERRIDE = """
[brand]
primary_color = "#123456"

[crisis.US]
call_or_text = "988"
"""


def test_config_shows_each_value_with_its_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    org = copy_org(tmp_path)
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "campaign"
    folder.mkdir()
    (folder / "article.txt").write_text("Intro.\n1) One\nText.\nConclusion\nEnd.\n")
    campaign = folder / "campaign.toml"
    campaign.write_text(MINIMAL_CAMPAIGN + OVERRIDE)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["config", str(folder)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"files: {org}, {campaign}"
    org_lines = org.read_text().splitlines()
    name_line = next(n for n, t in enumerate(org_lines, 1) if t.startswith("name = "))
    shown = {line.split("\t")[1].split(" = ")[0]: line.split("\t")[0] for line in lines[1:]}
    assert shown["brand.name"] == f"{org}:{name_line}"
    toml_lines = campaign.read_text().splitlines()
    colour = toml_lines.index('primary_color = "#123456"') + 1
    assert shown["brand.primary_color"] == f"{campaign}:{colour}"  # the campaign wins
    crisis = toml_lines.index('call_or_text = "988"') + 1
    assert shown["crisis.US.call_or_text"] == f"{campaign}:{crisis}"
    assert f'{campaign}:{colour}\tbrand.primary_color = "#123456"' in lines


def test_config_of_a_broken_campaign_is_one_line(tmp_path: Path) -> None:
    copy_org(tmp_path)
    folder = tmp_path / "campaign"
    folder.mkdir()
    (folder / "campaign.toml").write_text(MINIMAL_CAMPAIGN + "[brand]\nprimary_colour = 1\n")
    result = CliRunner().invoke(cli, ["config", str(folder)])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1 and "primary_colour" in result.stderr
