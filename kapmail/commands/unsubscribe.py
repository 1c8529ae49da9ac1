"""`kapmail unsubscribe verify TOKEN`: which reader an unsubscribe token stands for."""

from __future__ import annotations

import os

import click

from kapmail.send import optout


def verify(token: str) -> int:
    """Print `address<TAB>campaign` and return 0, or say why not and return 1."""
    key = optout.secret(os.environ)
    try:
        campaign, address = optout.verify(key, token)
    except ValueError as exc:
        click.echo(f"error: {exc}", err=True)
        return 1
    click.echo(f"{address}\t{campaign}")
    return 0
