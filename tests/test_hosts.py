"""One rule for "this machine": the preview server's warning and the SMTP login ask it."""

from __future__ import annotations

import pytest

from kapmail.hosts import is_loopback


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("localhost", True),
        ("LOCALHOST", True),
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("smtp.example.org", False),
        ("localhost.example.org", False),
    ],
)
def test_one_loopback_rule_for_the_preview_server_and_smtp_login(host: str, loopback: bool):
    assert is_loopback(host) is loopback
