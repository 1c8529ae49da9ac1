"""The `kapmail` command line: which command takes which options, and its help.

Each option is declared once, in `kapmail.cli_options`. A command's body hands Click's
parameters, as they are, to `kapmail.commands.<name>.Options` (a frozen dataclass with one
field per parameter; a test holds the two equal) and calls `kapmail.commands.<name>.run`.
That module is imported only when the command runs, so `kapmail --help` and `--version` load
Click and nothing heavy (no premailer, mjml, lxml, Jinja2). Over 300 lines: all help is here.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from kapmail import __version__
from kapmail.cli_options import (
    ARTICLE,
    CONFIG,
    DARK,
    DRIP,
    DRY_RUN,
    DUE,
    ENCODING,
    FOLDER,
    FORCE,
    HOST,
    ICS,
    INIT_FOLDER,
    KEEP_MJML,
    LANGUAGE,
    LEDGER,
    LIVE,
    NO_CACHE,
    NO_WAIT,
    NOW,
    ONLY,
    OPEN,
    OUTBOX,
    PORT,
    RECIPIENTS,
    RETRY,
    RUN_CHECKS,
    SCALE,
    SERVED_SOURCES,
    SMTP,
    SOURCE,
    SOURCES,
    STRICT,
    TEASER,
    TO_MANY,
    TO_ONE,
    TRACKING,
    VIEW,
    WATCH,
    WIDTHS,
    YES,
    KapmailGroup,
    out,
    output_format,
    platform,
)


def run(name: str, params: dict[str, Any]) -> None:
    """Run `kapmail.commands.<name>` with its Options made of Click's parameters; exit with
    the code it returns."""
    command = importlib.import_module(f"kapmail.commands.{name}")
    click.get_current_context().exit(command.run(command.Options(**params)))


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
      kapmail unsubscribe verify TOKEN      who an unsubscribe link's token names
    """


@cli.command()
@SOURCES
@out(Path("outbox"), "Folder to write into; each campaign gets its own subfolder.")
@platform(default="generic", show_default=True)
@TO_ONE
@ENCODING
@LANGUAGE
@RUN_CHECKS
@CONFIG
@NO_WAIT
@NO_CACHE
@KEEP_MJML
def build(**params: Any) -> None:
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
      kapmail build --no-wait                  fail if another build is writing OUT
      kapmail build --no-cache                 render every email again (no build cache)
      kapmail build --keep-mjml                also write NN-<slug>.mjml
    """
    run("build", params)


@cli.command()
@SERVED_SOURCES
@out(Path("outbox"), "Folder to build into and serve.")
@PORT
@HOST
@OPEN
@WATCH
@ENCODING
@LANGUAGE
@CONFIG
def preview(**params: Any) -> None:
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
    run("preview", params)


@cli.command()
@SOURCES
@output_format(
    "text", "json", help="A readable report grouped by email, or a JSON array of findings."
)
@STRICT
@ENCODING
@LANGUAGE
@CONFIG
def check(**params: Any) -> None:
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
    run("check", params)


@cli.command()
@SOURCES
@platform(required=True)
@out(Path("exports"), "Folder to write into; the package goes to OUT/<campaign>/<platform>/.")
@TEASER
@TRACKING
@ENCODING
@LANGUAGE
@FORCE
@CONFIG
def export(**params: Any) -> None:
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
    run("export", params)


@cli.command()
@SOURCES
@ICS
@ENCODING
@LANGUAGE
@CONFIG
def schedule(**params: Any) -> None:
    """Show when each email goes out, and optionally write it as a calendar.

    \b
    Examples:
      kapmail schedule
      kapmail schedule campaigns/kap-conditions --ics kap.ics
    """
    run("schedule", params)


@cli.command()
@SOURCE
@WIDTHS
@DARK
@VIEW
@SCALE
@out(None, "Folder for the PNGs (default: OUTBOX/<campaign>/snapshots).", file_okay=False)
@OUTBOX
@ENCODING
@LANGUAGE
@CONFIG
def snapshot(**params: Any) -> None:
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
      kapmail snapshot --view images-off       as clients that block pictures show them
      kapmail snapshot --width 600 --scale 2 --out /tmp/shots
    """
    run("snapshot", params)


@cli.command()
@SOURCE
@TO_MANY
@RECIPIENTS
@DUE
@ONLY
@LIVE
@DRY_RUN
@SMTP
@RETRY
@DRIP
@LEDGER
@NOW
@ENCODING
@LANGUAGE
@FORCE
@CONFIG
def send(**params: Any) -> None:
    """Send a campaign over SMTP: a test to yourself, or a drip list, each message once.

    SOURCE is a campaign folder or an article (default: the one campaign under
    ./campaigns). The emails are built and checked as `kapmail build` does; a series
    that is not ready is refused unless --force. Each recipient gets the checked bytes
    with their own To, Message-ID and first name (the fallback without one).

    --to sends a test now, with [TEST] before each subject. --recipients sends to a
    CSV list (email, first_name, start_date) and is a dry run until --live is given;
    with --due each recipient gets only the emails whose time on their own schedule
    (from their start_date, else [schedule] start) has come. Run it as often as you
    like: the ledger records each email (by its slug) before and after it is sent, so
    nothing goes twice, whatever sections are added, removed or edited in between; a
    message a crash or a dropped connection left in flight is reported as uncertain and
    skipped unless --retry-uncertain. `kapmail sends` shows the ledger.

    The server comes from the options below or the [smtp] table of the organisation's
    kapmail.toml (never campaign.toml); the password only from the KAPMAIL_SMTP_PASSWORD
    environment variable. Exit 1 when a message failed or the server stopped the run, 2
    for bad input.

    \b
    Examples:
      kapmail send --to me@example.org --smtp-host smtp.example.org --user me
      kapmail send campaigns/kap-conditions --recipients list.csv --due
      kapmail send campaigns/kap-conditions --recipients list.csv --due --live --rate 5
      kapmail send --recipients list.csv --only 1 --live --retry-uncertain
    """
    run("send", params)


@cli.group()
def unsubscribe() -> None:
    """Per-reader unsubscribe tokens ({token} in [sender] unsubscribe_url).

    \b
    Examples:
      kapmail unsubscribe verify "$TOKEN"   the address a token from a link stands for
    """


@unsubscribe.command("verify")
@click.argument("token")
def unsubscribe_verify(**params: Any) -> None:
    """Print the address (and campaign) a TOKEN stands for; exit 1 when it does not verify.

    The key is read from KAPMAIL_UNSUBSCRIBE_KEY, as `kapmail send` signs with it. For a
    website's one-click unsubscribe handler: the first field is the address to suppress.

    \b
    Example:
      kapmail unsubscribe verify "$TOKEN"   # sam@example.org<TAB>kap-conditions
    """
    run("unsubscribe_verify", params)


@cli.command()
@SOURCE
@LEDGER
@output_format("table", "csv", help="A table for the terminal, or every column as CSV.")
@CONFIG
def sends(**params: Any) -> None:
    """Show the send ledger: each message, its state, when, and the server's reply.

    SOURCE limits it to one campaign. A message left `uncertain` was claimed by a run
    that stopped before the server answered.

    \b
    Examples:
      kapmail sends
      kapmail sends campaigns/kap-conditions --format csv > sends.csv
    """
    run("sends", params)


@cli.command("config")
@click.argument("source", type=click.Path(path_type=Path))
@CONFIG
def config_command(**params: Any) -> None:
    """Show a campaign's merged configuration: each value with the file and line that set it.

    SOURCE is a campaign folder or an article. campaign.toml wins over kapmail.toml (or
    --config) key by key; a key set by neither keeps its default and is not listed.

    \b
    Examples:
      kapmail config campaigns/kap-conditions --config ~/org/kapmail.toml
    """
    run("config", params)


@cli.command()
@FOLDER
@ARTICLE
@ENCODING
@LANGUAGE
@CONFIG
def new(**params: Any) -> None:
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
    run("new", params)


@cli.command()
@INIT_FOLDER
@YES
def init(**params: Any) -> None:
    """Write a commented kapmail.toml (the organisation's settings) in FOLDER.

    On a terminal it asks for the organisation's name, the From name and address, the
    website and the time zone; --yes (or no terminal) writes placeholders that check L7
    refuses until they are replaced. An existing kapmail.toml is never overwritten.

    \b
    Examples:
      kapmail init
      kapmail init --yes && kapmail new campaigns/sleep
    """
    run("init", params)


def main() -> None:
    cli(prog_name="kapmail")


if __name__ == "__main__":  # pragma: no cover
    main()
