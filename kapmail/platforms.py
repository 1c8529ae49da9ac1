"""Platform profiles, and filling an email with their merge tags.

`SYNTAXES` (from `mergetags`, the one home of merge-tag syntax) says how each kind of tag is
written and recognised; the renderer's link tagging (`has_tag`), the checks (`is_tag`,
`LEFTOVER_MARKS`) and the profiles all ask here.
Each profile says what replaces the neutral placeholders (see `placeholders`) for one
mailing platform. `CONFIGURED` means "the value from kapmail.toml / campaign.toml";
`None` for the web view means the platform has no such link, so it is left out.
Tags are written verbatim, never HTML-escaped: `{{ UnsubscribeURL }}` must reach the
platform exactly as it documents it. Sources: docs/platforms.md. Longer than 300 lines on
purpose: every platform's tags and extras (preview text, tracking) have this one home.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

from kapmail import placeholders
from kapmail.closest import closest
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
    # The platform's preview-text field, put before the preheader as the platform's own
    # templates do: its text when the field is filled, kapmail's preheader when it is empty.
    preview_text: str | None = None
    # Open and click tracking: a tag before </body> (the pixel), a suffix on every web link.
    track_view: str | None = None
    track_link: str | None = None
    # With --teaser: "date" (Coming next, Monday 18 January), "relative" (In 3 days), "plain".
    teaser: str = "date"

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
        if self.preview_text:
            roles |= dict(zip(PREVIEW_ROLES, _preview_tags(self.preview_text), strict=True))
        roles["track_view"] = self.track_view
        return {
            role: tag
            for role, tag in roles.items()
            if tag is not None and tag not in {CONFIGURED, FALLBACK_NAME}
        }

    def without_tracking(self) -> Profile:
        """The same platform with no open or click tracking (export --no-tracking)."""
        return dataclasses.replace(self, track_view=None, track_link=None)

    def writes(self, tag: str) -> bool:
        """`tag` starts with a merge tag in one of this platform's own syntaxes."""
        return any(re.match(SYNTAXES[name].pattern, tag) for name in self.syntax)

    @property
    def tags(self) -> tuple[str, ...]:
        """The platform's own tags used by this profile (none for `generic`)."""
        return tuple(self.merge_tags.values())


PREVIEW_ROLES = ("preview_if", "preview_text", "preview_else", "preview_end")


def _preview_tags(tag: str) -> tuple[str, str, str, str]:
    """Mailchimp's conditional around its preview text: IF, the tag, ELSE, END."""
    name = tag.strip("*|")
    return (f"*|IF:{name}|*", tag, "*|ELSE:|*", "*|END:IF|*")


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
            preview_text="*|MC_PREVIEW_TEXT|*",
            teaser="relative",  # its guide suggests a customer journey: no calendar dates
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
            track_view="{{ TrackView }}",
            track_link="@TrackLink",
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
        close = closest(name.lower(), PROFILES)
        hint = f"did you mean {close!r}? " if close else ""
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


_TRACK_SUFFIXES = tuple(sorted({p.track_link for p in PROFILES.values() if p.track_link}))


def untracked(href: str) -> str:
    """The link without a platform's click-tracking suffix (listmonk's `@TrackLink`), as the
    reader's click finally reaches it."""
    for suffix in _TRACK_SUFFIXES:
        if href.endswith(suffix):
            return href[: -len(suffix)]
    return href


def fill(
    profile: Profile, campaign: Campaign, email_slug: str, html: str, text: str
) -> tuple[str, str]:
    """One email's final HTML and text in the platform's syntax."""
    filled = values(profile, campaign, email_slug)
    html = placeholders.fill(html, filled, html=True)
    if profile.preview_text:
        html = _with_preview_text(html, profile.preview_text)
    if suffix := profile.track_link:
        html = _TRACKABLE.sub(lambda m: m.group(0) + suffix, html)
    if profile.track_view:  # the pixel the tag becomes, in a box no reader sees
        pixel = f'<div style="{_HIDDEN}">{profile.track_view}</div>\n</body>'
        html = html.replace("</body>", pixel, 1)
    return html, placeholders.fill(text, filled, html=False)


# A web link's href (http or https, ending before its closing quote): what click tracking
# marks. mailto:, tel:, #jumps and the platform's own tags are left alone.
_TRACKABLE = re.compile(r'(?<=\shref=")https?://[^"]+(?=")')
_PREHEADER = re.compile(r'<div class="km-preheader"[^>]*>.*?</div>', re.DOTALL)
_HIDDEN = "display:none;font-size:0px;line-height:0px;max-height:0px;overflow:hidden;mso-hide:all;"
_PREVIEW_SPAN = (
    '<span class="mcnPreviewText" style="display:none;font-size:0px;line-height:0px;'
    "max-height:0px;max-width:0px;opacity:0;overflow:hidden;visibility:hidden;"
    'mso-hide:all;">{tag}</span>'
)


def _with_preview_text(html: str, tag: str) -> str:
    """The preheader div inside the platform's IF/ELSE: its preview text when filled."""
    when, shown, otherwise, end = _preview_tags(tag)
    span = _PREVIEW_SPAN.format(tag=shown)
    return _PREHEADER.sub(
        lambda m: f"<!--{when}-->{span}<!--{otherwise}-->{m.group(0)}<!--{end}-->", html, count=1
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
