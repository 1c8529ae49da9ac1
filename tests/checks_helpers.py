"""Test helpers for the checks: clean contexts, small breakages, a good .eml."""

from __future__ import annotations

import dataclasses
import email.policy
from email.message import EmailMessage

from kapmail.checks import REGISTRY, Context, Finding

H1 = (
    '<h1 style="margin:0 0 16px 0; font-size:28px; line-height:1.25; font-weight:bold; '
    'color:#1f2933">Depressive Disorders</h1>'
)
UNSUBSCRIBE_URL = "https://riverbend-counselling.example.org/email/unsubscribe"
UNSUBSCRIBE_LINK = (
    f'<a href="{UNSUBSCRIBE_URL}" style="color:#4a5560; text-decoration:underline">Unsubscribe</a>'
)
DOMAIN = "riverbend-counselling.example.org"
# The stdlib wraps quoted-printable at max_line_length, 78 by default: RFC 2045 says 76.
POLICY = email.policy.default.clone(max_line_length=76)


def replace_html(ctx: Context, old: str, new: str) -> Context:
    assert old in ctx.html, old
    return dataclasses.replace(ctx, html=ctx.html.replace(old, new))


def replace_text(ctx: Context, old: str, new: str) -> Context:
    assert old in ctx.text, old
    return dataclasses.replace(ctx, text=ctx.text.replace(old, new))


def add_to_body(ctx: Context, snippet: str) -> Context:
    """Insert markup after the email's <h1>, inside the main text block (16px, dark on white)."""
    return replace_html(ctx, H1, H1 + snippet)


def without_demo_warning(found: list) -> list:
    """Findings (or their JSON dicts) without the one L7 warning of the default campaign,
    a demonstration on fictional addresses (`[campaign] demo = true`, issue 22)."""

    def rule_and_severity(f: object) -> tuple[str, str]:
        if isinstance(f, dict):
            return f["rule"], f["severity"]
        return f.rule, f.severity  # type: ignore[attr-defined]

    return [f for f in found if rule_and_severity(f) != ("L7", "warning")]


def findings(ctx: Context, rule: str | None = None) -> list[Finding]:
    found = REGISTRY.run([ctx], ctx.campaign)
    return [f for f in found if rule is None or f.rule == rule]


def good_message(ctx: Context, **headers: str | None) -> EmailMessage:
    """A well-formed multipart/alternative message of the context's email."""
    msg = EmailMessage(policy=POLICY)
    msg["Date"] = "Fri, 15 Jan 2027 09:00:00 -0500"
    msg["From"] = f"Riverbend Learning Team <learning@{DOMAIN}>"
    msg["To"] = "reader@example.com"
    msg["Reply-To"] = f"training@{DOMAIN}"
    msg["Subject"] = ctx.subject
    msg["Message-ID"] = f"<kap-02.20270115@{DOMAIN}>"
    msg["List-Unsubscribe"] = f"<{UNSUBSCRIBE_URL}>, <mailto:unsubscribe@{DOMAIN}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(ctx.text, cte="quoted-printable")
    msg.add_alternative(ctx.html, subtype="html", cte="quoted-printable")
    for name, value in headers.items():
        name = name.replace("_", "-")
        del msg[name]
        if value is not None:
            msg[name] = value
    return msg


def as_bytes(message: EmailMessage) -> bytes:
    return message.as_bytes(policy=POLICY.clone(linesep="\r\n"))


def with_eml(ctx: Context, message: EmailMessage | bytes) -> Context:
    raw = message if isinstance(message, bytes) else as_bytes(message)
    return dataclasses.replace(ctx, eml=raw)
