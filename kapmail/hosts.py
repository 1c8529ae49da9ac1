"""Whether a host name or address is this machine: the one home of that rule."""

from __future__ import annotations

from ipaddress import ip_address


def is_loopback(host: str) -> bool:
    """`localhost`, or a loopback address (all of 127.0.0.0/8, `::1`, `[::1]`); a name that
    is not an address is not loopback (it could resolve anywhere)."""
    if host.lower() == "localhost":
        return True
    try:
        return ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
