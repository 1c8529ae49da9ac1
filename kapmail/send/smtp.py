"""One SMTP connection, reused across messages, with bounded retries.

`Mailer.send` runs one transaction (MAIL, RCPT, DATA: what `smtplib.SMTP.sendmail` does for
one recipient, written out so the server's final reply can be recorded). Its outcome:

- `sent`: the server accepted the message (its reply is kept);
- `failed`: a permanent refusal (5xx), e.g. 550 for an unknown address;
- `deferred`: temporary failures (4xx, a dropped connection, a timeout) outlasted the
  retries; each retry waits (doubling from `retry_wait`) and reconnects;
- in doubt: the connection dropped (or timed out) after the message went in DATA. The
  server may have kept it, so it is never retried in the same run: it is reported
  uncertain and left to a person.

Every SMTP command waits at most `timeout` seconds for its reply. Some replies stop the
whole run (`StopRunError`), since every further message would meet them too: 421 (the server is
shutting down or refusing for now), 552 (the message is too big for this server), and
`stop_after` temporary (4xx) replies in a row.

Failures that no retry would cure raise `SmtpError` instead: no server at that address after
the retries, a refused login, a server without STARTTLS, a certificate that does not verify.
TLS always verifies the server's certificate and host name. The password is read from the
environment by the caller, handed to `login` and never kept in a message or a reply.
Longer than 300 lines on purpose: the whole exchange with the server and how each of its
failures is classed stay together (the reply texts and run-stopping replies: `replies`).
"""

from __future__ import annotations

import contextlib
import smtplib
import socket
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass

from kapmail.config.schema import PASSWORD_VARIABLE
from kapmail.errors import KapmailError
from kapmail.send.replies import StopRunError, escape_controls, reply_text, stop_on
from kapmail.send.settings import Settings

SENT, FAILED, DEFERRED = "sent", "failed", "deferred"
MAX_WAIT = 60.0


class SmtpError(KapmailError):
    """The server cannot be used at all (unreachable, login refused, TLS failure): exit 1.

    `in_doubt`: raised while sending a message that an earlier attempt may have delivered.
    """

    exit_code = 1
    in_doubt = False


@dataclass(frozen=True)
class Outcome:
    """How one message ended: SENT, FAILED (permanent) or DEFERRED; the server's reply."""

    state: str
    reply: str
    attempts: int = 1
    in_doubt: bool = False  # an attempt was cut off after the message went: it may have arrived

    @property
    def ok(self) -> bool:
        return self.state == SENT


class Pace:
    """At most `rate` messages per second (0: no limit)."""

    def __init__(self, rate: float) -> None:
        self.interval = 1 / rate if rate else 0.0
        self.next = time.monotonic()

    def wait(self) -> None:
        if not self.interval:
            return
        now = time.monotonic()
        if self.next > now:
            time.sleep(self.next - now)
        self.next = max(self.next, now) + self.interval


class _TemporaryError(Exception):
    """A failure worth a retry on a new connection; `in_doubt` when it cut off the DATA
    exchange (the server may have taken the message without our hearing so)."""

    def __init__(
        self, reply: str, *, connecting: bool = False, in_doubt: bool = False, nobody: bool = False
    ) -> None:
        super().__init__(reply)
        self.reply = reply
        self.connecting = connecting
        self.in_doubt = in_doubt
        self.nobody = nobody  # connection refused or an unknown host name


class _PermanentError(Exception):
    def __init__(self, reply: str) -> None:
        super().__init__(reply)
        self.reply = reply


class Mailer:
    """One connection, opened when first needed and reused; closed by `close` or `with`."""

    def __init__(
        self,
        settings: Settings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        context: ssl.SSLContext | None = None,
    ) -> None:
        self.settings = settings
        self.sleep = sleep
        self.context = context
        self.connection: smtplib.SMTP | None = None
        self.connections = 0  # how many were opened (tests and the benchmark read it)
        self.temporary_in_a_row = 0  # 4xx replies since the last message that went
        self._local_name: str | None = None

    def __enter__(self) -> Mailer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Say QUIT and close (the end of a run)."""
        connection, self.connection = self.connection, None
        if connection is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                connection.quit()
            connection.close()

    def _drop(self) -> None:
        """Close after a failure, without a QUIT that a stalled server would not answer."""
        connection, self.connection = self.connection, None
        if connection is not None:
            connection.close()

    def connect(self) -> None:
        """Open the first connection now, to fail before any message is claimed: at once when
        nothing listens there or the name does not resolve (a wrong host or port), else after
        the same retries as a send."""
        for attempt in range(self.settings.retries + 1):
            self._wait(attempt)
            try:
                self._connection()
                return
            except _TemporaryError as exc:
                last = exc
                if exc.nobody:
                    break
        raise self._unreachable(last)

    def send(self, sender: str, recipient: str, data: bytes) -> Outcome:
        """Deliver `data` (CRLF line ends) from `sender` to `recipient`, retrying as needed.

        A connection lost (or a reply timed out) after the message went in DATA is never
        retried: SMTP cannot tell whether it arrived, so the outcome is `in_doubt`.
        """
        last: _TemporaryError | None = None
        doubt = False
        for attempt in range(self.settings.retries + 1):
            self._wait(attempt)
            try:
                reply = self._transaction(self._connection(), sender, recipient, data)
                self.temporary_in_a_row = 0
                return Outcome(SENT, reply, attempt + 1, doubt)
            except _PermanentError as exc:
                self.temporary_in_a_row = 0
                return Outcome(FAILED, exc.reply, attempt + 1, doubt)
            except _TemporaryError as exc:
                last, doubt = exc, doubt or exc.in_doubt
                self._drop()
                if exc.in_doubt:
                    return Outcome(DEFERRED, f"cut off after DATA: {exc.reply}", attempt + 1, True)
                self._count_temporary(exc.reply)
            except SmtpError as exc:
                exc.in_doubt = doubt
                raise
        assert last is not None
        if last.connecting:
            error = self._unreachable(last)
            error.in_doubt = doubt
            raise error
        tries = self.settings.retries + 1
        return Outcome(DEFERRED, f"gave up after {tries} attempts: {last.reply}", tries, doubt)

    def _count_temporary(self, reply: str) -> None:
        if reply[:3].isdigit() and reply.startswith("4"):
            self.temporary_in_a_row += 1
        limit = self.settings.stop_after
        if limit and self.temporary_in_a_row >= limit:
            raise StopRunError(
                f"{self.settings.address} answered {self.temporary_in_a_row} temporary "
                f"failures in a row, the last: {reply}",
                key="--stop-after",
                hint="the server is refusing for now: rerun later (cron's next run does); "
                "nothing unsent is lost",
            )

    def _wait(self, attempt: int) -> None:
        if attempt:
            self.sleep(min(self.settings.retry_wait * 2 ** (attempt - 1), MAX_WAIT))

    def _unreachable(self, last: _TemporaryError) -> SmtpError:
        return SmtpError(
            f"cannot reach the SMTP server {self.settings.address}: {last.reply}",
            key="--smtp-host",
            hint="check the host, the port and the security option (--starttls, --ssl, --plain)",
        )

    def _connection(self) -> smtplib.SMTP:
        if self.connection is not None:
            return self.connection
        try:
            self.connection = self._open()
        except ssl.SSLError as exc:
            raise SmtpError(
                f"TLS with {self.settings.address} failed: {exc.reason or exc}",
                key="--smtp-host",
                hint="the server's certificate must verify for its host name",
            ) from None
        except smtplib.SMTPAuthenticationError as exc:
            raise SmtpError(
                f"the server refused the login: {reply_text(exc.smtp_code, exc.smtp_error)}",
                key="--user",
                hint=f"check --user and {PASSWORD_VARIABLE}",
            ) from None
        except smtplib.SMTPNotSupportedError as exc:  # no STARTTLS, or no AUTH, offered
            starttls = "STARTTLS" in str(exc).upper()
            raise SmtpError(
                f"{self.settings.address}: {exc}",
                key="--starttls" if starttls else "--user",
                hint="use --ssl for a server that speaks TLS from the start"
                if starttls
                else "leave out --user, or use TLS: many servers offer a login only over TLS",
            ) from None
        except smtplib.SMTPResponseException as exc:
            reply = reply_text(exc.smtp_code, exc.smtp_error)
            stop_on(self.settings, exc.smtp_code, reply)
            if 400 <= exc.smtp_code < 500:
                raise _TemporaryError(reply, connecting=True) from None
            raise SmtpError(f"{self.settings.address} refused the connection: {reply}") from None
        except OSError as exc:  # last: smtplib's exceptions are OSErrors too
            nobody = isinstance(exc, ConnectionRefusedError | socket.gaierror)
            raise _TemporaryError(_describe(exc), connecting=True, nobody=nobody) from None
        self.connections += 1
        return self.connection

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        if self._local_name is None:
            self._local_name = socket.getfqdn()
        context = self.context or ssl.create_default_context()
        if s.security == "ssl":
            connection: smtplib.SMTP = smtplib.SMTP_SSL(
                s.host, s.port, local_hostname=self._local_name, timeout=s.timeout, context=context
            )
        else:
            connection = smtplib.SMTP(
                s.host, s.port, local_hostname=self._local_name, timeout=s.timeout
            )
        try:
            connection.ehlo()
            if s.security == "starttls":
                connection.starttls(context=context)
                connection.ehlo()
            if s.user:
                connection.login(s.user, s.password or "")
        except BaseException:
            connection.close()
            raise
        return connection

    def _transaction(
        self, connection: smtplib.SMTP, sender: str, recipient: str, data: bytes
    ) -> str:
        try:
            options = [f"SIZE={len(data)}"] if connection.has_extn("size") else []
            _expect(connection, connection.mail(sender, options), self.settings, 250)
            _expect(connection, connection.rcpt(recipient), self.settings, 250, 251)
        except smtplib.SMTPResponseException as exc:
            raise _refusal(connection, exc.smtp_code, exc.smtp_error, self.settings) from None
        except OSError as exc:  # a dropped connection, a timeout
            raise _TemporaryError(_describe(exc)) from None
        try:
            code, reply = connection.data(data)
        except smtplib.SMTPResponseException as exc:  # DATA itself refused: nothing went
            raise _refusal(connection, exc.smtp_code, exc.smtp_error, self.settings) from None
        except OSError as exc:  # cut off while the message went or its reply came
            raise _TemporaryError(_describe(exc), in_doubt=True) from None
        _expect(connection, (code, reply), self.settings, 250)
        return reply_text(code, reply)


def _expect(
    connection: smtplib.SMTP, answer: tuple[int, bytes], settings: Settings, *good: int
) -> None:
    code, reply = answer
    if code not in good:
        raise _refusal(connection, code, reply, settings)


def _refusal(
    connection: smtplib.SMTP, code: int, reply: bytes | str, settings: Settings
) -> Exception:
    """_PermanentError for a 5xx answer (after resetting the transaction), else _TemporaryError;
    StopRunError for 421 and 552."""
    text = reply_text(code, reply)
    stop_on(settings, code, text)
    if 500 <= code < 600:
        with contextlib.suppress(smtplib.SMTPException, OSError):
            connection.rset()
        return _PermanentError(text)
    return _TemporaryError(text)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | socket.timeout):
        return "timed out"
    text = str(exc) or type(exc).__name__
    return escape_controls(" ".join(text.split()))
