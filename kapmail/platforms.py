"""Platform profiles: one table of merge-tag syntax, and filling an email with it.

Each profile says what replaces the neutral placeholders (see `placeholders`) for one
mailing platform. `CONFIGURED` means "the value from kapmail.toml / campaign.toml";
`None` for the web view means the platform has no such link, so it is left out.
Tags are written verbatim, never HTML-escaped: `{{ UnsubscribeURL }}` must reach the
platform exactly as it documents it. Sources: docs/platforms.md.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from kapmail import placeholders
from kapmail.config import Campaign
from kapmail.errors import KapmailError
from kapmail.placeholders import Fill
from kapmail.render import Rendered
from kapmail.series import Email

CONFIGURED = "(configured)"
FALLBACK_NAME = "there"


@dataclass(frozen=True)
class Profile:
    """How one platform writes its per-recipient links and fields."""

    name: str
    title: str
    unsubscribe: str
    preferences: str
    web_view: str | None
    address_html: str
    address_text: str
    first_name: str
    import_zip: bool = False

    @property
    def merge_tags(self) -> dict[str, str]:
        """The platform's own tags by role (none for `generic`): what the checks expect."""
        roles = {
            "unsubscribe": self.unsubscribe,
            "preferences": self.preferences,
            "web_view": self.web_view,
            "address_html": self.address_html,
            "address_text": self.address_text,
            "first_name": self.first_name,
        }
        return {
            role: tag
            for role, tag in roles.items()
            if tag is not None and tag not in {CONFIGURED, FALLBACK_NAME}
        }

    @property
    def tags(self) -> tuple[str, ...]:
        """The platform's own tags used by this profile (none for `generic`)."""
        return tuple(self.merge_tags.values())


_SENDGRID_ADDRESS = "{{Sender_Address}}, {{Sender_City}}, {{Sender_State}} {{Sender_Zip}}"

PROFILES: dict[str, Profile] = {
    profile.name: profile
    for profile in (
        Profile(
            name="generic",
            title="Generic (your own URLs; direct SMTP or any platform)",
            unsubscribe=CONFIGURED,
            preferences=CONFIGURED,
            web_view=CONFIGURED,
            address_html=CONFIGURED,
            address_text=CONFIGURED,
            first_name=FALLBACK_NAME,
        ),
        Profile(
            name="mailchimp",
            title="Mailchimp",
            unsubscribe="*|UNSUB|*",
            preferences="*|UPDATE_PROFILE|*",
            web_view="*|ARCHIVE|*",
            address_html="*|HTML:LIST_ADDRESS_HTML|*",
            address_text="*|LIST:ADDRESSLINE|*",
            first_name=f"*|IF:FNAME|**|FNAME|**|ELSE:|*{FALLBACK_NAME}*|END:IF|*",
            import_zip=True,
        ),
        # SendGrid Marketing Campaigns: `{{{unsubscribe}}}` rather than the legacy
        # `<%asm_group_unsubscribe_raw_url%>`, whose `<` and `>` would have to be escaped
        # inside href and which only works with unsubscribe groups on the v3 mail API.
        Profile(
            name="sendgrid",
            title="SendGrid (Marketing Campaigns)",
            unsubscribe="{{{unsubscribe}}}",
            preferences="{{{unsubscribe_preferences}}}",
            web_view=None,
            address_html=f"{{{{Sender_Name}}}}<br>{_SENDGRID_ADDRESS}",
            address_text=f"{{{{Sender_Name}}}}\n{_SENDGRID_ADDRESS}",
            first_name=f'{{{{ insert first_name "default={FALLBACK_NAME}" }}}}',
        ),
        Profile(
            name="mailgun",
            title="Mailgun",
            unsubscribe="%unsubscribe_url%",
            preferences=CONFIGURED,
            web_view=None,
            address_html=CONFIGURED,
            address_text=CONFIGURED,
            first_name="%recipient.first_name%",
        ),
        Profile(
            name="brevo",
            title="Brevo",
            unsubscribe="{{ unsubscribe }}",
            preferences="{{ update_profile }}",
            web_view="{{ mirror }}",
            address_html=CONFIGURED,
            address_text=CONFIGURED,
            first_name=f'{{{{ contact.FIRSTNAME | default : "{FALLBACK_NAME}" }}}}',
        ),
        Profile(
            name="listmonk",
            title="listmonk",
            unsubscribe="{{ UnsubscribeURL }}",
            preferences="{{ UnsubscribeURL }}?manage=true",
            web_view="{{ MessageURL }}",
            address_html=CONFIGURED,
            address_text=CONFIGURED,
            first_name=f'{{{{ .Subscriber.FirstName | default "{FALLBACK_NAME}" }}}}',
        ),
    )
}
GENERIC = PROFILES["generic"]


def get(name: str) -> Profile:
    """The profile called `name`; an unknown name is one clear error listing the known ones."""
    profile = PROFILES.get(name.strip().lower())
    if profile is None:
        close = difflib.get_close_matches(name.lower(), list(PROFILES), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise KapmailError(
            f"unknown platform {name!r}",
            key="--platform",
            hint=f"{hint}known: {', '.join(PROFILES)}",
        )
    return profile


def values(profile: Profile, campaign: Campaign, email: Email) -> dict[str, Fill]:
    """What replaces each placeholder in one email for one platform."""
    sender = campaign.settings["sender"]
    web_view = Fill(None, None)
    if profile.web_view == CONFIGURED:
        url = _web_view_url(sender, campaign.slug, email.slug)
        web_view = web_view if url is None else _link(CONFIGURED, url)
    elif profile.web_view is not None:
        web_view = _link(profile.web_view, "")
    return {
        placeholders.UNSUBSCRIBE: _link(profile.unsubscribe, sender["unsubscribe_url"]),
        placeholders.PREFERENCES: _link(profile.preferences, sender["preferences_url"]),
        placeholders.WEB_VIEW: web_view,
        placeholders.POSTAL_ADDRESS: _address(profile, sender["postal_address"]),
        placeholders.FIRST_NAME: Fill(profile.first_name, profile.first_name),
    }


def apply(rendered: Rendered, campaign: Campaign, profile: Profile) -> tuple[str, str]:
    """The email's final HTML and text in the platform's syntax."""
    filled = values(profile, campaign, rendered.email)
    return (
        placeholders.fill(rendered.html, filled, html=True),
        placeholders.fill(rendered.text, filled, html=False),
    )


def _link(tag: str, configured: str) -> Fill:
    """A platform tag verbatim, or the configured URL (HTML-escaped for the HTML part)."""
    if tag == CONFIGURED:
        return Fill(escape(configured), configured)
    return Fill(tag, tag)


def _address(profile: Profile, lines: tuple[str, ...] | None) -> Fill:
    """The platform's address tag, or the configured lines (left out when none are set:
    rule L1 then reports the missing address)."""
    html = profile.address_html
    text = profile.address_text
    return Fill(
        ("<br>".join(escape(line) for line in lines) if lines else None)
        if html == CONFIGURED
        else html,
        ("\n".join(lines) if lines else None) if text == CONFIGURED else text,
    )


def _web_view_url(sender: Mapping[str, Any], campaign_slug: str, email_slug: str) -> str | None:
    template = sender.get("web_view_url")
    if not template:
        return None
    return template.replace("{campaign}", campaign_slug).replace("{slug}", email_slug)
