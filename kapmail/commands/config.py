"""`kapmail config`: the merged configuration of a campaign, each value with its origin."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click

from kapmail import pipeline
from kapmail.config.origin import origins


@dataclass(frozen=True)
class Options:
    """`kapmail config`'s command line."""

    source: Path
    org_file: Path | None


def run(options: Options) -> int:
    """Print each value the configuration files set, with the file and line that set it."""
    campaign = pipeline.load(options.source, org_file=options.org_file)
    used = [str(path) for path in campaign.sources if path.suffix == ".toml"]
    click.echo(f"files: {', '.join(used) or 'none (no kapmail.toml found)'}")
    for origin in origins(campaign):
        click.echo(origin.show())
    return 0
