"""A server's replies: on one line with control characters escaped (as shown and stored), and
the replies that stop a whole run (421, 552)."""

from __future__ import annotations

from kapmail.errors import KapmailError
from kapmail.send.settings import Settings

_REPLY_LIMIT = 300


class StopRunError(KapmailError):
    """A reply that ends the run (421, 552, too many 4xx in a row); the message it answered
    did not go. Exit 1, with when to rerun in the hint."""

    exit_code = 1
    in_doubt = False


def stop_on(settings: Settings, code: int, reply: str) -> None:
    """Raise StopRunError for the replies that end a run: 421 and 552."""
    if code == 421:
        raise StopRunError(
            f"{settings.address} is not taking mail now: {reply}",
            key="--smtp-host",
            hint="421 means the server is closing the connection (shutting down, or too "
            "busy): rerun later (cron's next run does); nothing unsent is lost",
        )
    if code == 552:
        raise StopRunError(
            f"{settings.address} refused the message as too big: {reply}",
            key="--smtp-host",
            hint="552 means this server takes smaller messages than this series: ask for a "
            "higher limit, or use another server; nothing more was sent",
        )


def reply_text(code: int, reply: bytes | str) -> str:
    """`250 2.0.0 OK queued` on one line, shortened, control characters escaped (`\\x1b`),
    as shown and as stored: a server's reply is not trusted to be text."""
    if isinstance(reply, bytes):
        reply = reply.decode("utf-8", "replace")
    text = escape_controls(" ".join(f"{code} {reply}".split()))
    return text if len(text) <= _REPLY_LIMIT else text[: _REPLY_LIMIT - 1] + "…"


def escape_controls(text: str) -> str:
    """Every character that is not printable as `\\xNN` / `\\uNNNN` (as Python writes it)."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
