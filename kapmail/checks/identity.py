"""L7: the series goes out under the organisation's own identity, not a placeholder's.

Mail from a reserved domain (example.org, .invalid, .test, ...) fails SPF and DMARC, and an
unsubscribe link there is dead: the law's working opt-out (compliance.md L2) is gone. A
campaign that declares itself a demonstration (`[campaign] demo = true`) gets a warning.
"""

from __future__ import annotations

from collections.abc import Iterator

from kapmail.checks.context import SeriesView
from kapmail.checks.engine import REGISTRY, SERIES, Hit, error, warning
from kapmail.config.starter import placeholder_reason

FAMILY = REGISTRY.family("L", "Law")

# What L7 reads: (table, key) of every identity a reader sees or a server checks.
IDENTITY_KEYS = (
    ("brand", "name"),
    ("sender", "name"),
    ("sender", "email"),
    ("sender", "reply_to"),
    ("sender", "unsubscribe_url"),
    ("sender", "unsubscribe_mailto"),
    ("sender", "preferences_url"),
    ("sender", "website"),
)


@REGISTRY.rule(
    "L7", "the sender's identity is the organisation's own, not a placeholder", scope=SERIES
)
def placeholder_identity(series: SeriesView) -> Iterator[Hit]:
    """no sender name, address, reply-to, website, unsubscribe or preferences link is a
    placeholder: a reserved domain (`example.org`, `.com`, `.net`, anything under `.example`,
    `.invalid`, `.test`, `localhost`) or the starter's words ("Your name", "Your
    organisation"); one finding per key, or one warning for a campaign that says `[campaign]
    demo = true`

    Severity: E (W with demo = true).
    """
    campaign = series.campaign
    found = []
    for table, name in IDENTITY_KEYS:
        value = getattr(getattr(campaign, table), name)
        reason = placeholder_reason(value) if isinstance(value, str) else None
        if reason is not None:
            found.append((f"{table}.{name}", value, reason))
    if found and campaign.about.demo:
        keys = ", ".join(key for key, _, _ in found)
        yield warning(
            f"a demonstration ([campaign] demo = true) on placeholder identities ({keys}): "
            "a real campaign sets the organisation's own in kapmail.toml",
            part="config",
            key=found[0][0],
        )
        return
    for key, value, reason in found:
        harm = (
            "mail from it fails DMARC and its links are dead"
            if "domain" in reason
            else "readers would see it in every email"
        )
        yield error(
            f"{key} = {value!r} is a placeholder ({reason}): {harm}; set the organisation's "
            "own in kapmail.toml",
            part="config",
            key=key,
        )
