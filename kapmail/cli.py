"""The `kapmail` command line: parse options, call one function, print, exit."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from kapmail import __version__, checks, mime, platforms
from kapmail import schedule as send_plan
from kapmail.build import Built, build_in_memory, check_built, find_sources, load, plan, write_built
from kapmail.checks import report
from kapmail.errors import KapmailError
from kapmail.export import write_export
from kapmail.outbox import write_file


class KapmailGroup(click.Group):
    """Turns KapmailError into one line on stderr and its exit code (traceback with --debug)."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KapmailError as exc:
            if ctx.params.get("debug"):
                raise
            click.echo(f"kapmail: error: {exc.one_line()}", err=True)
            ctx.exit(exc.exit_code)
        except click.UsageError as exc:
            command = exc.ctx.command_path if exc.ctx else "kapmail"
            message = " ".join(exc.format_message().split())
            click.echo(f"kapmail: error: {message} (see '{command} --help')", err=True)
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
      kapmail export --platform mailchimp   a package to import into Mailchimp
      kapmail schedule --ics plan.ics       the send plan, as a table and a calendar
    """


def _profile(ctx: click.Context, param: click.Parameter, value: str) -> platforms.Profile:
    return platforms.get(value)


def _recipient(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        mime.recipient(value)  # refuse a bad address before building anything
    return value


SOURCES = click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
ENCODING = click.option(
    "--encoding", default="utf-8", show_default=True, help="Encoding of the article."
)
PLATFORM_HELP = f"Merge-tag syntax: {', '.join(platforms.PROFILES)}."
FORCE = click.option(
    "--force", is_flag=True, help="Go ahead even when the checks found errors (not ready)."
)


def _print_findings(built: Built, findings: Sequence[checks.Finding], folder: Path) -> bool:
    """Print the report; True when the series is not ready (error findings)."""
    slug = built.campaign.slug
    click.echo(report.as_text(slug, len(built.rendered), findings, built.campaign.checks))
    if not checks.errors(findings):
        return False
    banner = (
        "NOT READY" if os.environ.get("NO_COLOR") else click.style("NOT READY", fg="red", bold=True)
    )
    click.echo(
        f"{banner}: {slug} has {report.summary(findings)}; the files in {folder} are "
        "a draft to preview, not to send. Fix the findings and build again."
    )
    return True


@cli.command()
@SOURCES
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("outbox"),
    show_default=True,
    help="Folder to write into; each campaign gets its own subfolder.",
)
@click.option(
    "--platform",
    "profile",
    metavar="NAME",
    default="generic",
    show_default=True,
    callback=_profile,
    help=PLATFORM_HELP,
)
@click.option(
    "--to",
    metavar="ADDRESS",
    callback=_recipient,
    help="Recipient written into the .eml files (default: a placeholder).",
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
    ctx: click.Context,
    sources: tuple[Path, ...],
    out: Path,
    profile: platforms.Profile,
    to: str | None,
    encoding: str,
    run_checks: bool,
) -> None:
    """Build campaigns into OUT/<campaign>/: HTML, text, .eml and manifest.json.

    SOURCE is a campaign folder (with campaign.toml) or an article file (.txt or .md).
    With no SOURCE, every campaign under ./campaigns is built. With --platform the
    unsubscribe, preferences and web-version links are that platform's merge tags.

    Every email is checked as `kapmail check` does. With error findings the series is
    still written (a draft to preview while fixing it) but marked not ready in
    manifest.json, and the exit code is 1.

    \b
    Examples:
      kapmail build
      kapmail build campaigns/kap-conditions
      kapmail build article.txt --out /tmp/preview
      kapmail build --platform listmonk
      kapmail build --to "Sam Tester <sam@example.org>"
      kapmail build --no-check                 skip the checks (not marked ready)
    """
    not_ready = False
    for source in find_sources(sources):
        built = build_in_memory(load(source), encoding=encoding)
        findings = check_built(built, profile) if run_checks else None
        folder = write_built(built, out, findings, profile=profile, to=to)
        click.echo(f"built {len(built.rendered)} emails for {built.campaign.slug} -> {folder}")
        if findings is None:
            click.echo("checks skipped (--no-check): manifest.json marks the series not ready")
        elif _print_findings(built, findings, folder):
            not_ready = True
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
    accessibility and contrast in light and dark mode, the law's footer, headers of the
    .eml, leftovers, health content). Exit 0 when no errors are found (warnings allowed),
    1 when any error is found (or any warning with --strict), 2 for bad input. Rules are
    switched per campaign with [checks.<rule>] in campaign.toml (see docs/checks.md).

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
    failing = checks.errors(everything) or (strict and everything)
    if strict and everything and not checks.errors(everything) and output_format == "text":
        click.echo(f"--strict: {report.summary(everything)} fail the check")
    ctx.exit(1 if failing else 0)


@cli.command()
@SOURCES
@click.option(
    "--platform", "profile", metavar="NAME", required=True, callback=_profile, help=PLATFORM_HELP
)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("exports"),
    show_default=True,
    help="Folder to write into; the package goes to OUT/<campaign>/<platform>/.",
)
@ENCODING
@FORCE
def export(
    sources: tuple[Path, ...], profile: platforms.Profile, out: Path, encoding: str, force: bool
) -> None:
    """Package campaigns for a mailing platform in OUT/<campaign>/<platform>/.

    Writes each email's HTML and text with the platform's merge tags, schedule.csv to
    follow in its scheduler and README.txt on how to import; for Mailchimp also one
    import zip per email, for generic the .eml files. A series whose checks find errors
    is refused unless --force is given.

    \b
    Examples:
      kapmail export --platform mailchimp
      kapmail export campaigns/kap-conditions --platform listmonk --out /tmp/exports
      kapmail export notes/sleep.md --platform brevo --force
    """
    for source in find_sources(sources):
        built = build_in_memory(load(source), encoding=encoding)
        findings = check_built(built, profile)
        checks.require_ready(findings, force=force, name=built.campaign.slug)
        folder = write_export(built, profile, out)
        count = len(built.rendered)
        click.echo(
            f"exported {count} emails for {built.campaign.slug} ({profile.name}) -> {folder}"
        )


@cli.command()
@SOURCES
@click.option(
    "--ics",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="Also write the plan as an iCalendar file (one event per email).",
)
@ENCODING
def schedule(sources: tuple[Path, ...], ics: Path | None, encoding: str) -> None:
    """Show when each email goes out, and optionally write it as a calendar.

    \b
    Examples:
      kapmail schedule
      kapmail schedule campaigns/kap-conditions --ics kap.ics
    """
    plans = [plan(load(source), encoding=encoding) for source in find_sources(sources)]
    path = write_file(ics, send_plan.ics(plans)) if ics is not None else None
    click.echo("\n".join(send_plan.table(series) for series in plans), nl=False)
    if path is not None:
        events = sum(len(series.emails) for series in plans)
        click.echo(f"wrote {events} events -> {path}")


def main() -> None:
    cli(prog_name="kapmail")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
