"""`kapmail unsubscribe verify TOKEN`: which reader an unsubscribe token stands for."""

from __future__ import annotations

import os
from dataclasses import dataclass

import click

from kapmail.send import optout


@dataclass(frozen=True)
class Options:
    """`kapmail unsubscribe verify`'s command line."""

    token: str


def run(options: Options) -> int:
    """Print `address<TAB>campaign` and return 0, or say why not and return 1."""
    key = optout.secret(os.environ)
    try:
        campaign, address = optout.verify(key, options.token)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    click.echo(f"{address}\t{campaign}")
    return 0
