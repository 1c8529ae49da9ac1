"""Run a command over several sources: every one it can, each failure on its own line."""

from __future__ import annotations

from collections.abc import Callable

import click

from kapmail import pipeline
from kapmail.errors import KapmailError
from kapmail.plan import Series


def each_series(
    sources: pipeline.Sources,
    work: Callable[[Series], int],
    *,
    notice: bool = True,
    writes: bool = True,
) -> int:
    """Load, plan and `work` each source in turn; returns the worst exit code.

    A source that fails (bad input, not ready) is reported as one `kapmail: error:` line on
    stderr and the next source goes on; then the exit code is the error's (2 for bad input),
    else the worst `work` returned (1: error findings). With `--debug` the error is raised.
    With `notice`, which organisation file each source used is printed first (not when
    stdout carries JSON). With `writes`, two sources that would write the same output
    folder are an error for the second (`pipeline.OutputFolders`).
    """
    worst = 0
    folders = pipeline.OutputFolders()
    for source in sources.found():
        try:
            campaign = pipeline.load(source, org_file=sources.org_file)
            if writes:
                folders.claim(campaign)
            series = pipeline.plan(campaign, encoding=sources.encoding, language=sources.language)
            if notice:
                click.echo(using(series))
            for text in series.article.notices:  # e.g. a .txt read as Markdown
                click.echo(f"kapmail: notice: {text}", err=True)
            worst = max(worst, work(series))
        except KapmailError as exc:
            if _debugging():
                raise
            click.echo(f"kapmail: error: {exc.one_line()}", err=True)
            worst = max(worst, exc.exit_code)
    return worst


def using(series: Series) -> str:
    """One line: the organisation file the series was loaded with, or that none was found."""
    org = series.campaign.org_file
    return f"using kapmail.toml: {org}" if org else "no kapmail.toml found"


def _debugging() -> bool:
    ctx = click.get_current_context(silent=True)
    return bool(ctx and ctx.find_root().params.get("debug"))
