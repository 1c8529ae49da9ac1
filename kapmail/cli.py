"""The `kapmail` command line: parse options, call one function, print, exit."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kapmail import __version__
from kapmail.build import build_in_memory, find_sources, load, write_built
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
    """


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(path_type=Path),
    default=Path("outbox"),
    show_default=True,
    help="Folder to write into; each campaign gets its own subfolder.",
)
@click.option("--encoding", default="utf-8", show_default=True, help="Encoding of the article.")
def build(sources: tuple[Path, ...], out: Path, encoding: str) -> None:
    """Build campaigns into OUT/<campaign>/: HTML, plain text and manifest.json.

    SOURCE is a campaign folder (with campaign.toml) or an article file (.txt or .md).
    With no SOURCE, every campaign under ./campaigns is built.

    \b
    Examples:
      kapmail build
      kapmail build campaigns/kap-conditions
      kapmail build article.txt --out /tmp/preview
    """
    for source in find_sources(sources):
        built = build_in_memory(load(source), encoding=encoding)
        folder = write_built(built, out)
        count = len(built.rendered)
        click.echo(f"built {count} emails for {built.campaign.slug} -> {folder}")


def main() -> None:
    cli(prog_name="kapmail")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
