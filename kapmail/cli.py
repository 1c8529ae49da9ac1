"""The `kapmail` command line: options only. Each command imports its module when it runs.

`kapmail --help` and `--version` load Click and nothing heavy: the pipeline (premailer,
mjml, lxml, Jinja2) is imported by `kapmail.commands.<name>` when a command runs.
Longer than 300 lines on purpose: every command's options and help text live here, in one
light module, and nothing else (the work is in `kapmail.commands`).
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
      kapmail new campaigns/sleep           start a campaign (a sample article to replace)
      kapmail build                         build every campaign under ./campaigns
      kapmail build campaigns/kap-conditions --out outbox
      kapmail build notes/my-article.md     a bare article with ./kapmail.toml defaults
      kapmail check campaigns/kap-conditions --format json
      kapmail export --platform mailchimp   a package to import into Mailchimp
      kapmail schedule --ics plan.ics       the send plan, as a table and a calendar
      kapmail snapshot --dark               PNG screenshots of every email, dark mode
      kapmail send --to me@example.org      a test send over SMTP ([smtp] in kapmail.toml)
      kapmail sends                         what went to whom (the send ledger)
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


def _config(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """--config FILE must name an existing file (checked before any work starts)."""
    if value is not None and not value.is_file():
        raise KapmailError(
            "organisation file not found",
            file=value,
            hint="--config names an existing kapmail.toml",
        )
    return value


CONFIG = click.option(
    "--config",
    "org_file",
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False),
    callback=_config,
    help="The organisation file to use instead of the nearest kapmail.toml.",
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
@CONFIG
@click.pass_context
def build(
    ctx: click.Context,
    sources: tuple[Path, ...],
    out: Path,
    profile: Profile,
    to: str | None,
    encoding: str,
    run_checks: bool,
    org_file: Path | None,
) -> None:
    """Build campaigns into OUT/<campaign>/: HTML, text, .eml and manifest.json.

    SOURCE is a campaign folder (with campaign.toml) or an article file: .txt, .md, a
    Word .docx, a web page (.html, .htm) or Google Docs' zipped web page (.zip).
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
      kapmail build notes/sleep.docx
      kapmail build --platform listmonk
      kapmail build --to "Sam Tester <sam@example.org>"
      kapmail build --no-check                 skip the checks (not marked ready)
    """
    from kapmail.commands import build as command
    from kapmail.pipeline import Target

    target = Target(profile=profile, to=to)
    ctx.exit(
        command.run(
            sources,
            out=out,
            target=target,
            encoding=encoding,
            check=run_checks,
            org_file=org_file,
        )
    )


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path), metavar="[SOURCE]...")
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("outbox"),
    show_default=True,
    help="Folder to build into and serve.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but this machine exposes the outbox.",
)
@click.option(
    "--open/--no-open",
    "open_browser",
    default=True,
    show_default=True,
    help="Open the gallery in the web browser.",
)
@click.option(
    "--watch",
    is_flag=True,
    help="Rebuild a campaign when its article, TOML, templates or images change.",
)
@ENCODING
@CONFIG
@click.pass_context
def preview(
    ctx: click.Context,
    sources: tuple[Path, ...],
    out: Path,
    port: int,
    host: str,
    open_browser: bool,
    watch: bool,
    encoding: str,
    org_file: Path | None,
) -> None:
    """Build campaigns and serve the gallery on http://127.0.0.1 until Ctrl-C.

    With --watch, a change to a campaign's article, campaign.toml, kapmail.toml, templates or
    images rebuilds that campaign and the open page reloads itself; a failing build is shown
    on the page and here, and the last good build stays served. Only files inside OUT are
    served.

    \b
    Examples:
      kapmail preview --watch
      kapmail preview campaigns/kap-conditions --port 0 --no-open
    """
    from kapmail.commands import preview as command

    options = command.Options(out=out, encoding=encoding, org_file=org_file)
    ctx.exit(
        command.run(
            sources, options=options, host=host, port=port, open_browser=open_browser, watch=watch
        )
    )


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
@CONFIG
@click.pass_context
def check(
    ctx: click.Context,
    sources: tuple[Path, ...],
    output_format: str,
    strict: bool,
    encoding: str,
    org_file: Path | None,
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

    ctx.exit(
        command.run(
            sources,
            output_format=output_format,
            strict=strict,
            encoding=encoding,
            org_file=org_file,
        )
    )


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
@click.option(
    "--teaser",
    type=click.Choice(["date", "relative", "plain"]),  # deliver.export.TEASERS
    help="The 'coming next' line: the next send date, 'In 3 days' (from the cadence) or no "
    "date at all [default: relative for mailchimp (a journey), else date].",
)
@click.option(
    "--tracking/--no-tracking",
    default=True,
    help="listmonk: count opens ({{ TrackView }}) and clicks (@TrackLink) [default: on].",
)
@ENCODING
@FORCE
@CONFIG
@click.pass_context
def export(
    ctx: click.Context,
    sources: tuple[Path, ...],
    profile: Profile,
    out: Path,
    teaser: str | None,
    tracking: bool,
    encoding: str,
    force: bool,
    org_file: Path | None,
) -> None:
    """Package campaigns for a mailing platform in OUT/<campaign>/<platform>/.

    Writes each email's HTML and text with the platform's merge tags, campaign.json (per
    email: subject, preheader, send time, file names and the platform's API field names),
    schedule.csv to follow in its scheduler and README.txt on how to import; for
    Mailchimp also one import zip per email, for generic the .eml files. A series whose
    checks find errors is refused unless --force is given.

    \b
    Examples:
      kapmail export --platform mailchimp
      kapmail export campaigns/kap-conditions --platform listmonk --out /tmp/exports
      kapmail export notes/sleep.md --platform brevo --force
      kapmail export --platform listmonk --teaser plain --no-tracking
    """
    from kapmail.commands import export as command

    ctx.exit(
        command.run(
            sources,
            profile=profile,
            out=out,
            encoding=encoding,
            force=force,
            org_file=org_file,
            teaser=teaser,
            tracking=tracking,
        )
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
@CONFIG
@click.pass_context
def schedule(
    ctx: click.Context,
    sources: tuple[Path, ...],
    ics: Path | None,
    encoding: str,
    org_file: Path | None,
) -> None:
    """Show when each email goes out, and optionally write it as a calendar.

    \b
    Examples:
      kapmail schedule
      kapmail schedule campaigns/kap-conditions --ics kap.ics
    """
    from kapmail.commands import schedule as command

    ctx.exit(command.run(sources, ics=ics, encoding=encoding, org_file=org_file))


@cli.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option(
    "--width",
    "widths",
    multiple=True,
    type=click.IntRange(200, 2000),
    default=(375, 600),
    show_default=True,
    metavar="PX",
    help="Viewport width in CSS pixels; repeat for more.",
)
@click.option("--dark", is_flag=True, help="Emulate prefers-color-scheme: dark (files say -dark).")
@click.option(
    "--scale",
    type=click.IntRange(1, 4),
    default=1,
    show_default=True,
    metavar="N",
    help="Device pixel ratio: 2 gives PNGs twice as wide (a retina phone).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    metavar="DIR",
    help="Folder for the PNGs (default: OUTBOX/<campaign>/snapshots).",
)
@click.option(
    "--outbox",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("outbox"),
    show_default=True,
    help="Where the campaign is built first, as `kapmail build --out` would.",
)
@ENCODING
@CONFIG
@click.pass_context
def snapshot(
    ctx: click.Context,
    source: Path | None,
    widths: tuple[int, ...],
    dark: bool,
    scale: int,
    out: Path | None,
    outbox: Path,
    encoding: str,
    org_file: Path | None,
) -> None:
    """Screenshot every email (full page, PNG) through Chromium, plus a contact sheet.

    SOURCE is a campaign folder or an article (default: the one campaign under
    ./campaigns). It is built first, then each email is photographed at each --width as
    NN-slug-WIDTH.png (NN-slug-WIDTH-dark.png with --dark), and contact-sheet.png shows
    them all side by side, labelled. Remote images and fonts are blocked, so the PNGs
    are the same offline. Needs Playwright (pip install 'kapmail[browser]') and Chromium
    (apt-get install chromium, or KAPMAIL_CHROMIUM naming the binary).

    \b
    Examples:
      kapmail snapshot
      kapmail snapshot campaigns/kap-conditions --width 375 --dark
      kapmail snapshot --width 600 --scale 2 --out /tmp/shots
    """
    from kapmail.commands import snapshot as command

    ctx.exit(
        command.run(
            source,
            widths=widths,
            dark=dark,
            out=out,
            scale=scale,
            outbox=outbox,
            encoding=encoding,
            org_file=org_file,
        )
    )


LEDGER = click.option(
    "--ledger",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("outbox/sends.sqlite"),
    show_default=True,
    help="The send ledger (SQLite): what went to whom, kept apart from the build folders.",
)


def _smtp_host(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from kapmail.config.values import BadValueError, host

    try:
        return host(value)
    except BadValueError as exc:
        raise KapmailError(str(exc), key="--smtp-host") from None


def _moment(ctx: click.Context, param: click.Parameter, value: str | None) -> object:
    """--now / KAPMAIL_NOW (a testing aid): an ISO date or time, UTC unless it says."""
    if not value:
        return None
    import datetime as dt

    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise KapmailError(
            f"{value!r} is not a date or time", key="KAPMAIL_NOW", hint="write 2027-02-01T09:00Z"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@cli.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@click.option(
    "--to",
    multiple=True,
    metavar="ADDRESS",
    callback=lambda ctx, param, values: tuple(_recipient(ctx, param, v) for v in values),
    help="A test send to this address ([TEST] before each subject); repeat for more.",
)
@click.option(
    "--recipients",
    "recipients_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE.csv",
    help="A list with email, first_name and optional start_date columns.",
)
@click.option("--due", is_flag=True, help="Only the emails due on each recipient's schedule.")
@click.option(
    "--only", type=click.IntRange(min=1), metavar="N", help="Only the email at position N."
)
@click.option("--live", is_flag=True, help="Really send to --recipients (else a dry run).")
@click.option("--dry-run", is_flag=True, help="Print what would go where; send nothing.")
@click.option("--smtp-host", metavar="HOST", callback=_smtp_host, help="The SMTP server.")
@click.option(
    "--smtp-port",
    type=click.IntRange(1, 65535),
    metavar="PORT",
    help="Its port (default: 587 with --starttls, 465 with --ssl, 25 with --plain).",
)
@click.option(
    "--starttls", "security", flag_value="starttls", help="Upgrade to TLS after connecting."
)
@click.option("--ssl", "security", flag_value="ssl", help="TLS from the start (port 465).")
@click.option(
    "--plain", "security", flag_value="none", help="No TLS (a relay on this machine, a test)."
)
@click.option(
    "--user",
    metavar="NAME",
    help="Log in as NAME; the password is read from KAPMAIL_SMTP_PASSWORD only.",
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0),
    default=0,
    metavar="N",
    help="At most N messages per second (default 0: no limit).",
)
@click.option(
    "--retries",
    type=click.IntRange(0, 20),
    default=5,
    show_default=True,
    metavar="N",
    help="Retries of a message after a temporary failure (4xx, dropped, timed out).",
)
@click.option(
    "--retry-wait",
    type=click.FloatRange(min=0),
    default=1.0,
    show_default=True,
    metavar="SECONDS",
    help="Wait before the first retry; each further retry waits twice as long.",
)
@click.option(
    "--retry-uncertain",
    is_flag=True,
    help="Also send messages a stopped run left uncertain (they may arrive twice).",
)
@click.option("--retry-failed", is_flag=True, help="Also send messages refused before (5xx).")
@LEDGER
@click.option("--now", hidden=True, envvar="KAPMAIL_NOW", callback=_moment)
@ENCODING
@FORCE
@CONFIG
@click.pass_context
def send(
    ctx: click.Context,
    source: Path | None,
    to: tuple[str, ...],
    recipients_file: Path | None,
    due: bool,
    only: int | None,
    live: bool,
    dry_run: bool,
    smtp_host: str | None,
    smtp_port: int | None,
    security: str | None,
    user: str | None,
    rate: float,
    retries: int,
    retry_wait: float,
    retry_uncertain: bool,
    retry_failed: bool,
    ledger: Path,
    now: Any,
    encoding: str,
    force: bool,
    org_file: Path | None,
) -> None:
    """Send a campaign over SMTP: a test to yourself, or a drip list, each message once.

    SOURCE is a campaign folder or an article (default: the one campaign under
    ./campaigns). The emails are built and checked as `kapmail build` does; a series
    that is not ready is refused unless --force. Each recipient gets the checked bytes
    with their own To, Message-ID and first name (the fallback without one).

    --to sends a test now, with [TEST] before each subject. --recipients sends to a
    CSV list (email, first_name, start_date) and is a dry run until --live is given;
    with --due each recipient gets only the emails whose time on their own schedule
    (from their start_date, else [schedule] start) has come. Run it as often as you
    like: the ledger (--ledger) records each message before and after it is sent, so
    nothing goes twice; a message a crash left in flight is reported as uncertain and
    skipped unless --retry-uncertain. `kapmail sends` shows the ledger.

    The server comes from the options below or the [smtp] table of kapmail.toml or
    campaign.toml; the password only from the KAPMAIL_SMTP_PASSWORD environment
    variable. Exit 1 when a message failed, 2 for bad input.

    \b
    Examples:
      kapmail send --to me@example.org --smtp-host smtp.example.org --user me
      kapmail send campaigns/kap-conditions --recipients list.csv --due
      kapmail send campaigns/kap-conditions --recipients list.csv --due --live --rate 5
      kapmail send --recipients list.csv --only 1 --live --retry-uncertain
    """
    if bool(to) == bool(recipients_file):
        raise click.UsageError("give --to ADDRESS (a test send) or --recipients FILE.csv")
    if live and dry_run:
        raise click.UsageError("--live and --dry-run exclude each other")
    from kapmail.commands import send as command

    smtp = {"host": smtp_host, "port": smtp_port, "security": security, "user": user}
    smtp |= {"retries": retries, "retry_wait": retry_wait}
    ctx.exit(
        command.run(
            source,
            to=to,
            recipients_file=recipients_file,
            due=due,
            only=only,
            live=not dry_run and (live or bool(to)),
            force=force,
            ledger=ledger,
            smtp=smtp,
            rate=rate,
            retry_uncertain=retry_uncertain,
            retry_failed=retry_failed,
            now=now,
            encoding=encoding,
            org_file=org_file,
        )
    )


@cli.command()
@click.argument("source", required=False, type=click.Path(path_type=Path))
@LEDGER
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv"]),
    default="table",
    show_default=True,
    help="A table for the terminal, or every column as CSV.",
)
@CONFIG
@click.pass_context
def sends(
    ctx: click.Context,
    source: Path | None,
    ledger: Path,
    output_format: str,
    org_file: Path | None,
) -> None:
    """Show the send ledger: each message, its state, when, and the server's reply.

    SOURCE limits it to one campaign. A message left `uncertain` was claimed by a run
    that stopped before the server answered.

    \b
    Examples:
      kapmail sends
      kapmail sends campaigns/kap-conditions --format csv > sends.csv
    """
    from kapmail.commands import sends as command

    ctx.exit(command.run(source, ledger=ledger, output_format=output_format, org_file=org_file))


@cli.command()
@click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
@click.option(
    "--article",
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The article to start from (.txt, .md, .docx or a zipped web page), copied into FOLDER "
    "(default: a sample).",
)
@ENCODING
@CONFIG
@click.pass_context
def new(
    ctx: click.Context,
    folder: Path,
    article: Path | None,
    encoding: str,
    org_file: Path | None,
) -> None:
    """Start a campaign in FOLDER: its article and a commented campaign.toml.

    The article (FILE, or a short sample) is copied into FOLDER and planned as a build
    would; campaign.toml then lists every email's slug with its derived subject and
    preheader to edit, the schedule (from the next Monday, with the organisation's hour and
    time zone), a call to action to fill in and, for a health campaign ([health] related =
    true in kapmail.toml), an evidence stub per section. An existing campaign is never
    overwritten.

    \b
    Examples:
      kapmail new campaigns/sleep
      kapmail new campaigns/grief --article notes/grief-at-work.md
      kapmail new campaigns/sleep && kapmail build campaigns/sleep
    """
    from kapmail.commands import new as command

    ctx.exit(command.run(folder, article=article, encoding=encoding, org_file=org_file))


@cli.command()
@click.argument(
    "folder", required=False, default=".", type=click.Path(path_type=Path, file_okay=False)
)
@click.option("--yes", "-y", is_flag=True, help="Write the defaults without asking.")
@click.pass_context
def init(ctx: click.Context, folder: Path, yes: bool) -> None:
    """Write a commented kapmail.toml (the organisation's settings) in FOLDER.

    On a terminal it asks for the organisation's name, the From name and address, the
    website and the time zone; --yes (or no terminal) writes placeholders that check L7
    refuses until they are replaced. An existing kapmail.toml is never overwritten.

    \b
    Examples:
      kapmail init
      kapmail init --yes && kapmail new campaigns/sleep
    """
    from kapmail.commands import init as command

    ctx.exit(command.run(folder, yes=yes))


def main() -> None:
    cli(prog_name="kapmail")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
