"""The `kapmail` command line: parse options, call one function, print, exit."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from kapmail import __version__
from kapmail.build import build_in_memory, check_built, find_sources, load, write_built
from kapmail.checks import errors, report
from kapmail.errors import KapmailError


class KapmailGroup(click.Group):
    """Turns KapmailError into one line on stderr and exit code 2 (traceback with --debug)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KapmailError as exc:
            if ctx.params.get("debug"):
                raise
            click.echo(f"kapmail: error: {exc.one_line()}", err=True)
            ctx.exit(exc.exit_code)


@click.group(cls=KapmailGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kapmail")
@click.option("--debug", is_flag=True, help="Show a traceback on errors.")
def cli(debug: bool) -> None:
    """Turn an educational article into a drip series of responsive HTML emails.

    \b
    Examples:
      kapmail build                         build every campaign under ./campaigns
      kapmail build campaigns/kap-conditions --out outbox
      kapmail build notes/my-article.md     a bare article with ./kapmail.toml defaults
      kapmail check campaigns/kap-conditions --format json
    """


SOURCES = click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
ENCODING = click.option(
    "--encoding", default="utf-8", show_default=True, help="Encoding of the article."
)


@cli.command()
@SOURCES
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("outbox"),
    show_default=True,
    help="Folder to write into; each campaign gets its own subfolder.",
)
@ENCODING
@click.option(
    "--check/--no-check",
    "run_checks",
    default=True,
    show_default=True,
    help="Run the checks and record them in manifest.json (--no-check marks it not ready).",
)
@click.pass_context
def build(
    ctx: click.Context, sources: tuple[Path, ...], out: Path, encoding: str, run_checks: bool
) -> None:
    """Build campaigns into OUT/<campaign>/: HTML, plain text and manifest.json.

    SOURCE is a campaign folder (with campaign.toml) or an article file (.txt or .md).
    With no SOURCE, every campaign under ./campaigns is built.

    Every email is checked as `kapmail check` does. With error findings the series is
    still written (a draft to preview while fixing it) but marked not ready in
    manifest.json, and the exit code is 1.

    \b
    Examples:
      kapmail build
      kapmail build campaigns/kap-conditions
      kapmail build article.txt --out /tmp/preview
      kapmail build --no-check                 skip the checks (not marked ready)
    """
    not_ready = False
    for source in find_sources(sources):
        built = build_in_memory(load(source), encoding=encoding)
        findings = check_built(built) if run_checks else None
        folder = write_built(built, out, findings)
        slug = built.campaign.slug
        click.echo(f"built {len(built.rendered)} emails for {slug} -> {folder}")
        if findings is None:
            click.echo("checks skipped (--no-check): manifest.json marks the series not ready")
            continue
        click.echo(report.as_text(slug, len(built.rendered), findings, built.campaign.checks))
        if errors(findings):
            not_ready = True
            banner = (
                "NOT READY"
                if os.environ.get("NO_COLOR")
                else click.style("NOT READY", fg="red", bold=True)
            )
            click.echo(
                f"{banner}: {slug} has {report.summary(findings)}; the files in {folder} are "
                "a draft to preview, not to send. Fix the findings and build again."
            )
    ctx.exit(1 if not_ready else 0)


@cli.command()
@SOURCES
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="A readable report grouped by email, or a JSON array of findings.",
)
@click.option("--strict", is_flag=True, help="Warnings fail the check too.")
@ENCODING
@click.pass_context
def check(
    ctx: click.Context,
    sources: tuple[Path, ...],
    output_format: str,
    strict: bool,
    encoding: str,
) -> None:
    """Check campaigns without writing anything: the quality gate before an email leaves.

    Builds each SOURCE in memory and runs every rule (size, links, images, markup,
    accessibility and contrast in light and dark mode, the law's footer, leftovers).
    Exit 0 when no errors are found (warnings allowed), 1 when any error is found (or any
    warning with --strict), 2 for bad input. Rules are switched per campaign with
    [checks.<rule>] in campaign.toml (see docs/campaign-toml.md).

    \b
    Examples:
      kapmail check
      kapmail check campaigns/kap-conditions --format json
      kapmail check article.txt --strict
    """
    everything = []
    for source in find_sources(sources):
        built = build_in_memory(load(source), encoding=encoding)
        findings = check_built(built)
        everything.extend(findings)
        if output_format == "text":
            slug, count = built.campaign.slug, len(built.rendered)
            click.echo(report.as_text(slug, count, findings, built.campaign.checks))
    if output_format == "json":
        click.echo(report.as_json(everything))
    failing = errors(everything) or (strict and everything)
    if strict and everything and not errors(everything) and output_format == "text":
        click.echo(f"--strict: {report.summary(everything)} fail the check")
    ctx.exit(1 if failing else 0)


def main() -> None:
    cli(prog_name="kapmail")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
