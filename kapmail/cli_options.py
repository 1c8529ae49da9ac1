"""Every option of the command line, declared once, and the group's error handling.

Click only: nothing heavy is imported here. A callback checks its value before any work
starts and imports what it needs when called. Options several commands take come first
(`SOURCES`, `out`, `ENCODING`, `CONFIG`, `platform`, ...), then each command's own. Longer
than 300 lines on purpose: one declaration per option, in one light module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from kapmail.errors import KapmailError

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


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


def together(*decorators: Decorator) -> Decorator:
    """Several options as one decorator, listed in the order --help shows them."""

    def apply(function: Callable[..., Any]) -> Callable[..., Any]:
        for decorator in reversed(decorators):
            function = decorator(function)
        return function

    return apply


def _profile(ctx: click.Context, param: click.Parameter, value: str) -> object:
    from kapmail import platforms

    return platforms.get(value)


def _platform_help() -> str:
    from kapmail import platforms

    return f"Merge-tag syntax: {', '.join(platforms.PROFILES)}."


def recipient(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse a bad address before building anything."""
    if value is not None:
        from kapmail.deliver import mime

        mime.recipient(value)
    return value


def _recipients(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    for value in values:
        recipient(ctx, param, value)
    return values


def _config(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """--config FILE must name an existing file (checked before any work starts)."""
    if value is not None and not value.is_file():
        raise KapmailError(
            "organisation file not found",
            file=value,
            hint="--config names an existing kapmail.toml",
        )
    return value


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


def platform(**kwargs: Any) -> Decorator:
    """--platform NAME, handed on as the platform's `Profile` (`profile`)."""
    return click.option(
        "--platform",
        "profile",
        cls=LazyHelpOption,
        metavar="NAME",
        callback=_profile,
        help_factory=_platform_help,
        **kwargs,
    )


def out(default: Path | None, help: str, **path: Any) -> Decorator:
    """--out FOLDER: where a command writes (`path`: more click.Path settings)."""
    settings: dict[str, Any] = {"default": default, "show_default": True} if default else {}
    if default is None:
        settings["metavar"] = "DIR"
    return click.option("--out", type=click.Path(path_type=Path, **path), help=help, **settings)


def output_format(*choices: str, help: str) -> Decorator:
    """--format, the first choice by default (`output_format`)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


SOURCES = click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
SOURCE = click.argument("source", required=False, type=click.Path(path_type=Path))
ENCODING = click.option(
    "--encoding", default="utf-8", show_default=True, help="Encoding of the article."
)


def _language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A language tag Babel knows, or a usage error naming the catalogs."""
    if value is None:
        return None
    from kapmail import i18n  # Babel only when the option is given: --help stays light

    if not i18n.known(value):
        raise click.BadParameter(
            f"{value!r} is not a language tag kapmail knows; its own words come in "
            f"{', '.join(i18n.LANGUAGES)} (e.g. es, pt-BR, ar)"
        )
    return value


LANGUAGE = click.option(
    "--language",
    metavar="TAG",
    default=None,
    callback=_language,
    help="The readers' language (es, pt-BR, ar) when neither [campaign] language nor the "
    "article's front matter lang gives one  [default: detected from the article, else en]",
)
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
LEDGER = click.option(
    "--ledger",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The send ledger (SQLite): what went to whom (default: [send] ledger in kapmail.toml, "
    "else sends.sqlite in the campaign folder; never inside a build folder).",
)
TO_MANY = click.option(
    "--to",
    multiple=True,
    metavar="ADDRESS",
    callback=_recipients,
    help="A test send to this address ([TEST] before each subject); repeat for more.",
)
NOW = click.option("--now", hidden=True, envvar="KAPMAIL_NOW", callback=_moment)

# `kapmail send`'s connection: the server, its security, the login, the pace and retries.
SMTP = together(
    click.option("--smtp-host", metavar="HOST", callback=_smtp_host, help="The SMTP server."),
    click.option(
        "--smtp-port",
        type=click.IntRange(1, 65535),
        metavar="PORT",
        help="Its port (default: 587 with --starttls, 465 with --ssl, 25 with --plain).",
    ),
    click.option(
        "--starttls", "security", flag_value="starttls", help="Upgrade to TLS after connecting."
    ),
    click.option("--ssl", "security", flag_value="ssl", help="TLS from the start (port 465)."),
    click.option(
        "--plain", "security", flag_value="none", help="No TLS (a relay on this machine, a test)."
    ),
    click.option(
        "--user",
        metavar="NAME",
        help="Log in as NAME; the password is read from KAPMAIL_SMTP_PASSWORD only.",
    ),
    click.option(
        "--rate",
        type=click.FloatRange(min=0),
        default=0,
        metavar="N",
        help="At most N messages per second (default 0: no limit).",
    ),
    click.option(
        "--retries",
        type=click.IntRange(0, 20),
        default=5,
        show_default=True,
        metavar="N",
        help="Retries of a message after a temporary failure (4xx, dropped, timed out).",
    ),
    click.option(
        "--retry-wait",
        type=click.FloatRange(min=0),
        default=1.0,
        show_default=True,
        metavar="SECONDS",
        help="Wait before the first retry; each further retry waits twice as long.",
    ),
    click.option(
        "--timeout",
        type=click.FloatRange(min=0.1),
        default=30.0,
        show_default=True,
        metavar="SECONDS",
        help="The longest wait for the server's answer to one SMTP command.",
    ),
    click.option(
        "--stop-after",
        type=click.IntRange(min=0),
        default=10,
        show_default=True,
        metavar="N",
        help="Stop the run after N temporary (4xx) replies in a row (0: never). 421 and 552 "
        "always stop it.",
    ),
)
# Who gets what in a drip: catch-up, a bound per reader, opt-outs, a fresh ledger.
DRIP = together(
    click.option(
        "--catch-up",
        type=click.Choice(["send", "skip"]),
        default="send",
        show_default=True,
        help="An email added before one a reader already had: send it now, or skip it with a "
        "notice.",
    ),
    click.option(
        "--max-per-reader",
        type=click.IntRange(min=1),
        metavar="N",
        help="At most N emails to one reader in one run (default: no bound); the rest wait.",
    ),
    click.option(
        "--suppress",
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="FILE",
        help="Addresses never to send to: one a line, or a CSV with an email column "
        "(with [send] suppress in kapmail.toml).",
    ),
    click.option(
        "--new-ledger",
        is_flag=True,
        help="Start a new ledger where one was before (every reader may get every email again).",
    ),
)
# Which messages a rerun sends again.
RETRY = together(
    click.option(
        "--retry-uncertain",
        is_flag=True,
        help="Also send messages a stopped run left uncertain (they may arrive twice).",
    ),
    click.option("--retry-failed", is_flag=True, help="Also send messages refused before (5xx)."),
)

# One command's own options, in the order of `kapmail --help`'s commands.
TO_ONE = click.option(
    "--to",
    metavar="ADDRESS",
    callback=recipient,
    help="Recipient written into the .eml files (default: a placeholder).",
)
RUN_CHECKS = click.option(
    "--check/--no-check",
    "run_checks",
    default=True,
    show_default=True,
    help="Run the checks and record them in manifest.json (--no-check marks it not ready).",
)
SERVED_SOURCES = click.argument(
    "sources", nargs=-1, type=click.Path(path_type=Path), metavar="[SOURCE]..."
)
PORT = click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
HOST = click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; anything but this machine exposes the outbox.",
)
OPEN = click.option(
    "--open/--no-open",
    "open_browser",
    default=True,
    show_default=True,
    help="Open the gallery in the web browser.",
)
WATCH = click.option(
    "--watch",
    is_flag=True,
    help="Rebuild a campaign when its article, TOML, templates or images change.",
)
STRICT = click.option("--strict", is_flag=True, help="Warnings fail the check too.")
ICS = click.option(
    "--ics",
    metavar="FILE",
    type=click.Path(path_type=Path),
    help="Also write the plan as an iCalendar file (one event per email).",
)
WIDTHS = click.option(
    "--width",
    "widths",
    multiple=True,
    type=click.IntRange(200, 2000),
    default=(375, 600),
    show_default=True,
    metavar="PX",
    help="Viewport width in CSS pixels; repeat for more.",
)
DARK = click.option(
    "--dark", is_flag=True, help="Emulate prefers-color-scheme: dark (files say -dark)."
)
VIEW = click.option(
    "--view",
    type=click.Choice(["normal", "images-off", "stripped", "outlook"]),  # preview.views
    default="normal",
    show_default=True,
    help="Photograph the emails as another client shows them: images blocked, style blocks "
    "and classes stripped, or Outlook on Windows' Word engine (files say -<view>).",
)
SCALE = click.option(
    "--scale",
    type=click.IntRange(1, 4),
    default=1,
    show_default=True,
    metavar="N",
    help="Device pixel ratio: 2 gives PNGs twice as wide (a retina phone).",
)
OUTBOX = click.option(
    "--outbox",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("outbox"),
    show_default=True,
    help="Where the campaign is built first, as `kapmail build --out` would.",
)
RECIPIENTS = click.option(
    "--recipients",
    "recipients_file",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE.csv",
    help="A list with email, first_name and optional start_date columns.",
)
DUE = click.option("--due", is_flag=True, help="Only the emails due on each recipient's schedule.")
ONLY = click.option(
    "--only", type=click.IntRange(min=1), metavar="N", help="Only the email at position N."
)
LIVE = click.option("--live", is_flag=True, help="Really send to --recipients (else a dry run).")
DRY_RUN = click.option("--dry-run", is_flag=True, help="Print what would go where; send nothing.")
FOLDER = click.argument("folder", type=click.Path(path_type=Path, file_okay=False))
ARTICLE = click.option(
    "--article",
    metavar="FILE",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The article to start from (.txt, .md, .docx or a zipped web page), copied into FOLDER "
    "(default: a sample).",
)

NO_WAIT = click.option(
    "--no-wait",
    is_flag=True,
    help="Fail at once when another build is writing into OUT (default: wait for it).",
)

KEEP_MJML = click.option(
    "--keep-mjml",
    is_flag=True,
    help="Also write each email's MJML (NN-<slug>.mjml), to compare with other MJML engines.",
)

NO_CACHE = click.option(
    "--no-cache",
    is_flag=True,
    help="Render and check every email again, neither reading nor writing the build cache "
    "(OUT/.kapmail-cache/, safe to delete).",
)

# `kapmail export`'s package: how "coming next" reads, and listmonk's counting.
TEASER = click.option(
    "--teaser",
    type=click.Choice(["date", "relative", "plain"]),  # deliver.export.TEASERS
    help="The 'coming next' line: the next send date, 'In 3 days' (from the cadence) or no "
    "date at all [default: relative for mailchimp (a journey), else date].",
)
TRACKING = click.option(
    "--tracking/--no-tracking",
    default=True,
    help="listmonk: count opens ({{ TrackView }}) and clicks (@TrackLink) [default: on].",
)

# `kapmail init`'s folder and its answer to every question.
INIT_FOLDER = click.argument(
    "folder", required=False, default=".", type=click.Path(path_type=Path, file_okay=False)
)
YES = click.option("--yes", "-y", is_flag=True, help="Write the defaults without asking.")
