"""Platform profiles, and filling an email with their merge tags.

`SYNTAXES` (from `mergetags`, the one home of merge-tag syntax) says how each kind of tag is
written and recognised; the renderer's link tagging (`has_tag`), the checks (`is_tag`,
`LEFTOVER_MARKS`) and the profiles all ask here.
Each profile says what replaces the neutral placeholders (see `placeholders`) for one
mailing platform. `CONFIGURED` means "the value from kapmail.toml / campaign.toml";
`None` for the web view means the platform has no such link, so it is left out.
Tags are written verbatim, never HTML-escaped: `{{ UnsubscribeURL }}` must reach the
platform exactly as it documents it. Sources: docs/platforms.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from kapmail import placeholders
from kapmail.errors import KapmailError
from kapmail.mergetags import SYNTAXES
from kapmail.placeholders import Fill
from kapmail.text import fill_fields

if TYPE_CHECKING:  # at run time the CLI lists platforms without loading configuration
    from kapmail.config import Campaign

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
    syntax: tuple[str, ...] = ()
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

    def writes(self, tag: str) -> bool:
        """`tag` starts with a merge tag in one of this platform's own syntaxes."""
        return any(re.match(SYNTAXES[name].pattern, tag) for name in self.syntax)

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
            syntax=("mailchimp",),
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
            syntax=("handlebars", "angle"),
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
            syntax=("percent",),
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
            syntax=("handlebars", "block"),
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
            syntax=("handlebars",),
        ),
    )
}
GENERIC = PROFILES["generic"]

# The syntaxes the profiles declare, in SYNTAXES order: what any known platform's tag looks like.
USED_SYNTAXES = tuple(name for name in SYNTAXES if any(name in p.syntax for p in PROFILES.values()))
_TAG_AT_START = re.compile(
    r"^\s*(?:" + "|".join(SYNTAXES[name].pattern for name in USED_SYNTAXES) + ")", re.DOTALL
)
_OPENER = re.compile(
    "|".join([*(SYNTAXES[name].opener for name in USED_SYNTAXES), re.escape(placeholders.PREFIX)]),
    re.IGNORECASE,
)
# What finished output must not hold: any syntax's mark, or a placeholder kapmail left.
LEFTOVER_MARKS: tuple[str, ...] = (
    *(SYNTAXES[name].mark for name in USED_SYNTAXES),
    placeholders.PREFIX,
)


def is_tag(value: str) -> bool:
    """`value` is a merge tag (an href of `*|UNSUB|*`, `{{ unsubscribe }}`, `%tag%`, …)."""
    return bool(_TAG_AT_START.match(value))


def has_tag(text: str) -> bool:
    """`text` holds the start of a merge tag or a kapmail placeholder (raw or
    percent-encoded): a URL that a platform will still rewrite."""
    return bool(_OPENER.search(text))


def get(name: str) -> Profile:
    """The profile called `name`; an unknown name is one clear error listing the known ones."""
    profile = PROFILES.get(name.strip().lower())
    if profile is None:
        import difflib

        close = difflib.get_close_matches(name.lower(), list(PROFILES), n=1)
        hint = f"did you mean {close[0]!r}? " if close else ""
        raise KapmailError(
            f"unknown platform {name!r}",
            key="--platform",
            hint=f"{hint}known: {', '.join(PROFILES)}",
        )
    return profile


def values(profile: Profile, campaign: Campaign, email_slug: str) -> dict[str, Fill]:
    """What replaces each placeholder in one email for one platform."""
    sender = campaign.sender
    web_view = Fill(None, None)
    if profile.web_view == CONFIGURED:
        if sender.web_view_url:
            fields = {"campaign": campaign.slug, "slug": email_slug}
            web_view = _link(CONFIGURED, fill_fields(sender.web_view_url, fields))
    elif profile.web_view is not None:
        web_view = _link(profile.web_view, "")
    return {
        placeholders.UNSUBSCRIBE: _link(profile.unsubscribe, sender.unsubscribe_url),
        placeholders.PREFERENCES: _link(profile.preferences, sender.preferences_url),
        placeholders.WEB_VIEW: web_view,
        placeholders.POSTAL_ADDRESS: _address(profile, sender.postal_address),
        placeholders.FIRST_NAME: Fill(profile.first_name, profile.first_name),
    }


def fill(
    profile: Profile, campaign: Campaign, email_slug: str, html: str, text: str
) -> tuple[str, str]:
    """One email's final HTML and text in the platform's syntax."""
    filled = values(profile, campaign, email_slug)
    return (
        placeholders.fill(html, filled, html=True),
        placeholders.fill(text, filled, html=False),
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
