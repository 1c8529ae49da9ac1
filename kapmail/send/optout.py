"""Per-reader unsubscribe links and the suppression list.

`unsubscribe_url` may hold `{token}` or `{email}`. A token is the campaign and the address
with an HMAC-SHA256 over both, keyed by the KAPMAIL_UNSUBSCRIBE_KEY environment variable
(never a file): `kapmail unsubscribe verify TOKEN` gives a website the address back, and a
forged or altered token does not verify. The suppression list (`--suppress`, `[send]
suppress`) is one address a line, or a CSV with an `email` column as platforms export it.
"""

from __future__ import annotations

import base64
import binascii
import csv
import hashlib
import hmac
import io
from collections.abc import Mapping
from html import escape
from pathlib import Path
from urllib.parse import quote

from kapmail.errors import KapmailError
from kapmail.send.recipients import normalise

KEY_VARIABLE = "KAPMAIL_UNSUBSCRIBE_KEY"
TOKEN, EMAIL = "{token}", "{email}"
_MAC_BYTES = 16
MAX_BYTES = 20 * 1024 * 1024


def secret(environ: Mapping[str, str]) -> bytes:
    """The signing key from the environment, or a KapmailError saying where to set it."""
    value = environ.get(KEY_VARIABLE, "")
    if len(value) < 16:
        raise KapmailError(
            f"{KEY_VARIABLE} is {'too short' if value else 'not set'}",
            key=KEY_VARIABLE,
            hint="set it to a long random secret (e.g. `openssl rand -hex 32`) in the "
            "environment of every send and of the website that verifies the tokens",
        )
    return value.encode()


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(key: bytes, payload: bytes) -> bytes:
    return hmac.new(key, b"kapmail-unsubscribe\n" + payload, hashlib.sha256).digest()[:_MAC_BYTES]


def token(key: bytes, campaign: str, address: str) -> str:
    """`<campaign and address, base64url>.<HMAC, base64url>`: URL-safe, no padding."""
    payload = f"{campaign}\n{address.lower()}".encode()
    return f"{_b64(payload)}.{_b64(_mac(key, payload))}"


def verify(key: bytes, value: str) -> tuple[str, str]:
    """(campaign, address) of a token made with `key`; ValueError when it is not one."""
    try:
        body, mac = value.strip().split(".")
        payload = _unb64(body)
        good = hmac.compare_digest(_unb64(mac), _mac(key, payload))
        campaign, address = payload.decode().split("\n")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise ValueError("not a kapmail unsubscribe token") from None
    if not good:
        raise ValueError("the token's signature does not match (another key, or altered)")
    return campaign, address


def personal(template: str, *, campaign: str, address: str, key: bytes | None) -> str:
    """The unsubscribe URL for one reader: {token} and {email} filled, URL-quoted."""
    url = template
    if TOKEN in url:
        assert key is not None, "the caller reads the key first (needs_key)"
        url = url.replace(TOKEN, token(key, campaign, address))
    return url.replace(EMAIL, quote(address, safe="@"))


def needs_key(template: str) -> bool:
    return TOKEN in template


def fill(html: str, text: str, template: str, url: str) -> tuple[str, str]:
    """The HTML and text with the configured URL (as rendering wrote it) made the reader's."""
    if url == template:
        return html, text
    return html.replace(escape(template), escape(url)), text.replace(template, url)


def read_suppressed(path: Path) -> set[str]:
    """The addresses of a suppression list, as readers are keyed: one a line, or a CSV with an
    email column (other columns ignored); lines starting with # are comments."""
    try:
        if path.stat().st_size > MAX_BYTES:
            raise KapmailError("the suppression list is over 20 MB", file=path)
        content = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KapmailError(f"not UTF-8 text at byte {exc.start}", file=path) from None
    except OSError as exc:
        raise KapmailError(
            f"cannot read the suppression list: {exc.strerror}",
            file=path,
            hint="--suppress or [send] suppress names a file of addresses",
        ) from None
    lines = [line for line in content.splitlines() if line.strip()]
    try:
        header = [cell.strip().lower() for cell in next(csv.reader(lines[:1]), [])]
        if "email" in header:
            column = header.index("email")
            rows = csv.reader(io.StringIO("\n".join(lines[1:])))
            values = [row[column] for row in rows if len(row) > column]
        else:
            values = [line for line in lines if not line.lstrip().startswith("#")]
    except csv.Error as exc:  # e.g. a cell over csv.field_size_limit() (128 KB)
        raise KapmailError(
            f"cannot read the suppression list: {' '.join(str(exc).split())}", file=path
        ) from None
    return {_reader_key(value.strip().strip("<>")) for value in values if "@" in value}


def _reader_key(address: str) -> str:
    """An address as the ledger knows its reader (`Recipient.key`): an internationalised
    domain in its ASCII form, so `ana@bücher.de` suppresses the reader `ana@xn--bcher-kva.de`."""
    if address.isascii():
        return address.lower()
    try:
        return normalise(address).lower()
    except ValueError:
        return address.lower()
