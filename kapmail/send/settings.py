"""Where `kapmail send` connects: the command line's options over the `[smtp]` table.

The password is read only from the KAPMAIL_SMTP_PASSWORD environment variable, only when a
user is given, and never shown (`Settings` leaves it out of its repr). A login without TLS
is refused unless the server is on this machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from kapmail.config.schema import PASSWORD_VARIABLE, Smtp
from kapmail.errors import KapmailError
from kapmail.hosts import is_loopback

DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}


@dataclass(frozen=True)
class Settings:
    """Where and how to connect; `password` never appears in `repr`."""

    host: str
    port: int
    security: str = "starttls"
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 30.0
    retries: int = 5
    retry_wait: float = 1.0
    stop_after: int = 10  # temporary (4xx) replies in a row that stop the run (0: never)

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"


def settings(
    config: Smtp,
    *,
    host: str | None = None,
    port: int | None = None,
    security: str | None = None,
    user: str | None = None,
    environ: Mapping[str, str] | None = None,
    timeout: float = 30.0,
    retries: int = 5,
    retry_wait: float = 1.0,
    stop_after: int = 10,
) -> Settings:
    """The connection settings: the command line's options over the `[smtp]` table.

    The password comes only from KAPMAIL_SMTP_PASSWORD, and only when a user is given.
    """
    host = host or config.host
    if not host:
        raise KapmailError(
            "no SMTP server given",
            key="--smtp-host",
            hint="pass --smtp-host, or set host under [smtp] in the organisation's kapmail.toml",
        )
    security = security or config.security
    user = user or config.user
    password = (environ or {}).get(PASSWORD_VARIABLE) or None
    if user and password is None:
        raise KapmailError(
            f"--user {user!r} needs a password",
            key=PASSWORD_VARIABLE,
            hint=f"set the {PASSWORD_VARIABLE} environment variable; never write it in a file",
        )
    if user and security == "none" and not is_loopback(host):
        raise KapmailError(
            f"refusing to send the password unencrypted to {host}",
            key="--plain",
            hint="use --starttls or --ssl (a login without TLS is allowed only on this machine)",
        )
    return Settings(
        host=host,
        port=port or config.port or DEFAULT_PORTS[security],
        security=security,
        user=user,
        password=password if user else None,
        timeout=timeout,
        retries=retries,
        retry_wait=retry_wait,
        stop_after=stop_after,
    )
