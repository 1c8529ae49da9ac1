"""The `kapmail` command line: options only. Each command imports its module when it runs.

`kapmail --help` and `--version` load Click and nothing heavy: the pipeline (premailer,
mjml, lxml, Jinja2) is imported by `kapmail.commands.<name>` when a command runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kapmail import __version__
from kapmail.errors import KapmailError

if TYPE_CHECKING:
    from kapmail.platforms import Profile


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


class LazyHelpOption(click.Option):
    """An option whose help text is computed only when help is shown."""

    def __init__(self, *args: Any, help_factory: Callable[[], str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.help_factory = help_factory

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = self.help_factory()
        return super().get_help_record(ctx)


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


def _profile(ctx: click.Context, param: click.Parameter, value: str) -> Profile:
    from kapmail import platforms

    return platforms.get(value)


def _platform_help() -> str:
    from kapmail import platforms

    return f"Merge-tag syntax: {', '.join(platforms.PROFILES)}."


def _recipient(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        from kapmail.deliver import mime

        mime.recipient(value)  # refuse a bad address before building anything
    return value


def platform_option(**kwargs: Any) -> Callable:
    return click.option(
        "--platform",
        "profile",
        cls=LazyHelpOption,
        metavar="NAME",
        callback=_profile,
        help_factory=_platform_help,
        **kwargs,
    )


SOURCES = click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
ENCODING = click.option(
    "--encoding", default="utf-8", show_default=True, help="Encoding of the article."
)
FORCE = click.option(
    "--force", is_flag=True, help="Go ahead even when the checks found errors (not ready)."
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
@platform_option(default="generic", show_default=True)
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
    profile: Profile,
    to: str | None,
    encoding: str,
    run_checks: bool,
) -> None:
    """Build campaigns into OUT/<campaign>/: HTML, text, .eml and manifest.json.

    SOURCE is a campaign folder (with campaign.toml) or an article file (.txt or .md).
    With no SOURCE, every campaign under ./campaigns is built. With --platform the
    unsubscribe, preferences and web-version links are that platform's merge tags.

    Every email is checked as `kapmail check` does, on the very bytes written (the
    platform's tags and the --to recipient included). With error findings the series is
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
    from kapmail.commands import build as command
    from kapmail.pipeline import Target

    target = Target(profile=profile, to=to)
    ctx.exit(command.run(sources, out=out, target=target, encoding=encoding, check=run_checks))


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
    from kapmail.commands import check as command

    ctx.exit(command.run(sources, output_format=output_format, strict=strict, encoding=encoding))


@cli.command()
@SOURCES
@platform_option(required=True)
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("exports"),
    show_default=True,
    help="Folder to write into; the package goes to OUT/<campaign>/<platform>/.",
)
@ENCODING
@FORCE
@click.pass_context
def export(
    ctx: click.Context,
    sources: tuple[Path, ...],
    profile: Profile,
    out: Path,
    encoding: str,
    force: bool,
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
    from kapmail.commands import export as command

    ctx.exit(command.run(sources, profile=profile, out=out, encoding=encoding, force=force))


@cli.command()
@SOURCES
@click.option(
    "--ics",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="Also write the plan as an iCalendar file (one event per email).",
)
@ENCODING
@click.pass_context
def schedule(
    ctx: click.Context, sources: tuple[Path, ...], ics: Path | None, encoding: str
) -> None:
    """Show when each email goes out, and optionally write it as a calendar.

    \b
    Examples:
      kapmail schedule
      kapmail schedule campaigns/kap-conditions --ics kap.ics
    """
    from kapmail.commands import schedule as command

    ctx.exit(command.run(sources, ics=ics, encoding=encoding))


def main() -> None:
    cli(prog_name="kapmail")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
