"""A real SMTP server for tests: aiosmtpd on 127.0.0.1, an ephemeral port, a bounded life.

`loopback(inbox)` starts the server in a thread and always stops it: when the `with` block
ends, or by itself after `lifetime` seconds (a hung test cannot keep it running). `Inbox`
records what the server accepted and can be told to misbehave: refuse an address (550),
answer 421 to every n-th DATA, drop the connection at given DATA attempts, stall a RCPT,
hold a DATA (stored or not, never answered) while a test kills the client.
"""

from __future__ import annotations

import asyncio
import email
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes
    peer: tuple = ()  # the client's address and port: one per connection

    @property
    def message(self) -> EmailMessage:
        """The message as a mail store keeps it: SMTP's CRLF line ends back to LF."""
        stored = self.data.replace(b"\r\n", b"\n")
        return email.message_from_bytes(stored, policy=policy.default)  # type: ignore[return-value]

    @property
    def headers(self) -> EmailMessage:
        """Only the headers, parsed (quicker when the body does not matter)."""
        parser = BytesParser(policy=policy.default)
        return parser.parsebytes(self.data, headersonly=True)  # type: ignore[return-value]


@dataclass
class Inbox:
    """The handler: what arrived, and the faults to inject."""

    refuse: set[str] = field(default_factory=set)  # RCPT answered 550
    refuse_once: set[str] = field(default_factory=set)  # first RCPT answered 451
    rcpt_reply: str = ""  # every RCPT answered this (e.g. "421 4.3.2 shutting down")
    data_reply: str = ""  # every DATA answered this, nothing stored (e.g. 552)
    temporary_every: int = 0  # every n-th DATA answered 421
    drop_at: set[int] = field(default_factory=set)  # DATA attempts (1-based) that drop
    keep_and_drop_at: set[int] = field(default_factory=set)  # ... after storing the message
    stall_rcpt: float = 0.0  # the first RCPT waits this long (a client timeout)
    delay: float = 0.0  # every DATA waits this long before it is stored
    hold_at: int = 0  # this DATA attempt is held (`holding` set) and never answered
    store_held: bool = False  # ... after it was stored (else it is never stored)
    holding: threading.Event = field(default_factory=threading.Event)
    users: dict[str, str] = field(default_factory=dict)  # AUTH accepts these
    received: list[Received] = field(default_factory=list)
    attempts: int = 0  # DATA commands seen
    logins: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if self.stall_rcpt:
            stall, self.stall_rcpt = self.stall_rcpt, 0.0
            await asyncio.sleep(stall)
        if address in self.refuse:
            return f"550 5.1.1 <{address}>: no such user here"
        if self.rcpt_reply:
            return self.rcpt_reply
        if address in self.refuse_once:
            self.refuse_once.discard(address)
            return "451 4.3.0 try again in a moment"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        with self.lock:
            self.attempts += 1
            attempt = self.attempts
        if attempt == self.hold_at:
            if self.store_held:
                self._store(session, envelope)
            self.holding.set()
            await asyncio.sleep(30)  # the client is killed meanwhile; the task is cancelled
            return "451 4.3.0 held, never answered"
        if self.data_reply:
            return self.data_reply
        if attempt in self.drop_at or attempt in self.keep_and_drop_at:
            if attempt in self.keep_and_drop_at:  # kept, then dropped before the reply
                self._store(session, envelope)
            server.transport.close()
            return "250 never heard"
        if self.temporary_every and attempt % self.temporary_every == 0:
            return "421 4.7.0 try again later"
        if self.delay:
            await asyncio.sleep(self.delay)
        return f"250 2.0.0 OK queued as Q{self._store(session, envelope)}"

    def _store(self, session, envelope) -> int:
        with self.lock:
            self.received.append(
                Received(
                    envelope.mail_from,
                    list(envelope.rcpt_tos),
                    envelope.content,
                    tuple(session.peer),
                )
            )
            return len(self.received)

    def authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        login = auth_data.login.decode()
        ok = self.users.get(login) == auth_data.password.decode()
        if ok:
            self.logins.append(login)
        return AuthResult(success=ok, handled=False)

    def count(self) -> int:
        with self.lock:
            return len(self.received)


class _Loopback(Controller):
    """aiosmtpd's Controller on port 0: the port the system chose is read before the first
    connection (the stock controller would try to connect to port 0)."""

    def _trigger_server(self) -> None:
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextmanager
def loopback(inbox: Inbox, *, lifetime: float = 60.0, **options: Any) -> Iterator[_Loopback]:
    """The running server (`.port`); stopped on exit, or after `lifetime` seconds."""
    if inbox.users:
        options |= {"authenticator": inbox.authenticate, "auth_require_tls": False}
    server = _Loopback(inbox, hostname="127.0.0.1", port=0, ready_timeout=10, **options)
    server.start()
    stopped = threading.Event()
    guard = threading.Lock()

    def stop() -> None:
        with guard:
            if not stopped.is_set():
                stopped.set()
                server.stop()

    timer = threading.Timer(lifetime, stop)
    timer.daemon = True
    timer.start()
    try:
        yield server
    finally:
        timer.cancel()
        stop()
