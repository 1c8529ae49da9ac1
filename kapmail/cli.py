"""The `kapmail` command line: parse options, call one function, print, exit."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kapmail import __version__, mime, platforms
from kapmail import schedule as send_plan
from kapmail.build import build_in_memory, find_sources, load, plan, write_built
from kapmail.errors import KapmailError
from kapmail.export import write_export
from kapmail.outbox import write_file


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
      kapmail export --platform mailchimp   a package to import into Mailchimp
      kapmail schedule --ics plan.ics       the send plan, as a table and a calendar
    """


def _profile(ctx: click.Context, param: click.Parameter, value: str) -> platforms.Profile:
    return platforms.get(value)


def _recipient(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        mime.recipient(value)  # refuse a bad address before building anything
    return value


PLATFORM_HELP = f"Merge-tag syntax: {', '.join(platforms.PROFILES)}."
OUT_HELP = "Folder to write into; each campaign gets its own subfolder."


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("outbox"),
    show_default=True,
    help=OUT_HELP,
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
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the article.")
def build(
    sources: tuple[Path, ...],
    out: Path,
    profile: platforms.Profile,
    to: str | None,
    encoding: str,
) -> None:
    """Build campaigns into OUT/<campaign>/: HTML, text, .eml and manifest.json.

    SOURCE is a campaign folder (with campaign.toml) or an article file (.txt or .md).
    With no SOURCE, every campaign under ./campaigns is built. With --platform the
    unsubscribe, preferences and web-version links are that platform's merge tags.

    \b
    Examples:
      kapmail build
      kapmail build campaigns/kap-conditions
      kapmail build article.txt --out /tmp/preview
      kapmail build --platform listmonk
      kapmail build --to "Sam Tester <sam@example.org>"
    """
    for source in find_sources(sources):
        built = build_in_memory(load(source), encoding=encoding)
        folder = write_built(built, out, profile=profile, to=to)
        count = len(built.rendered)
        click.echo(f"built {count} emails for {built.campaign.slug} -> {folder}")


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
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
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the article.")
def export(sources: tuple[Path, ...], profile: platforms.Profile, out: Path, encoding: str) -> None:
    """Package campaigns for a mailing platform in OUT/<campaign>/<platform>/.

    Writes each email's HTML and text with the platform's merge tags, schedule.csv to
    follow in its scheduler and README.txt on how to import; for Mailchimp also one
    import zip per email, for generic the .eml files.

    \b
    Examples:
      kapmail export --platform mailchimp
      kapmail export campaigns/kap-conditions --platform listmonk --out /tmp/exports
      kapmail export notes/sleep.md --platform brevo
    """
    for source in find_sources(sources):
        built = build_in_memory(load(source), encoding=encoding)
        folder = write_export(built, profile, out)
        count = len(built.rendered)
        click.echo(
            f"exported {count} emails for {built.campaign.slug} ({profile.name}) -> {folder}"
        )


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--ics",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="Also write the plan as an iCalendar file (one event per email).",
)
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the article.")
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
