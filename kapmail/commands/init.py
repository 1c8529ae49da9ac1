"""`kapmail init`: write a commented kapmail.toml (the organisation's settings) in FOLDER.

The text and its placeholders live in `config.starter`; this module asks for the values on
a terminal (the defaults with --yes or without one) and writes the file, never over one.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import click

from kapmail.config.starter import QUESTIONS, org_file_path, org_toml
from kapmail.config.values import BadValueError
from kapmail.outbox import write_file


@dataclass(frozen=True)
class Options:
    """`kapmail init`'s command line."""

    folder: Path
    yes: bool


def run(options: Options) -> int:
    """Write FOLDER/kapmail.toml; 0 when done (an existing file raises KapmailError)."""
    folder = options.folder
    target = org_file_path(folder)
    ask = not options.yes and sys.stdin.isatty()
    answers = {q.key: _ask(q.prompt, q.default, q.check) for q in QUESTIONS} if ask else {}
    folder.mkdir(parents=True, exist_ok=True)
    write_file(target, org_toml(answers).encode())
    click.echo(f"created {target}")
    placeholders = [q.key for q in QUESTIONS if answers.get(q.key, q.default) == q.default]
    if placeholders:
        click.echo(
            f"still placeholders ({', '.join(placeholders)}, and the footer links): check L7 "
            "refuses them until they are the organisation's own"
        )
    click.echo(f"next: add your postal address to {target}, then `kapmail new campaigns/<name>`")
    return 0


def _ask(prompt: str, default: str, check: Callable[[str], object]) -> str:
    def valid(value: str) -> str:
        try:
            check(value)
        except BadValueError as exc:
            raise click.BadParameter(str(exc)) from None
        return value

    return str(click.prompt(prompt, default=default, value_proc=valid))
