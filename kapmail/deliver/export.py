"""Export packages for a mailing platform: OUT/<campaign>/<platform>/.

Per email the HTML and text in the platform's syntax (plus a Mailchimp import zip, or the
.eml for `generic`), the article's images in `images/`, a schedule.csv to follow in the
platform's scheduler and a README.txt saying how to import. Everything is deterministic: two
exports are byte-identical. The pipeline hands over each email's bytes as checked; nothing
here renders or fills, but for a Mailchimp zip's HTML, which names the email's images by file
name (see `import_zip`). Longer than 300 lines on purpose: each platform's import steps for
README.txt are written out here as data.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import textwrap
import zipfile
from collections.abc import Sequence
from email.utils import format_datetime

from kapmail import __version__, images
from kapmail.deliver import sendplan
from kapmail.images import Picture
from kapmail.plan import Email, Series
from kapmail.platforms import CONFIGURED, Profile

ZIP_DATE = (1980, 1, 1, 0, 0, 0)
CSV_COLUMNS = (
    "position",
    "slug",
    "subject",
    "preheader",
    "send_date",
    "send_time",
    "timezone",
    "utc_offset",
    "send_at",
    "send_at_utc",
    "send_at_rfc2822",
    "html",
    "text",
)


TEASERS = ("date", "relative", "plain")


def with_teasers(series: Series, teaser: str) -> Series:
    """The series with its "coming next" lines as `teaser` says: "date" (the next send
    date, as planned), "relative" ("In 3 days:", from the cadence) or "plain" ("Coming
    next:"). Without dates, an email suits a platform's journey, where each subscriber
    starts on their own day."""
    if teaser == "date":
        return series
    days = series.campaign.schedule.cadence_days if teaser == "relative" else None
    emails = tuple(
        dataclasses.replace(e, next_send_at=None, next_in_days=days if e.next_title else None)
        for e in series.emails
    )
    return dataclasses.replace(series, emails=emails)


def email_files(
    email: Email, profile: Profile, *, html: bytes, text: bytes, eml: bytes
) -> dict[str, bytes]:
    """One email's files in a platform's export, by relative name."""
    stem = email.stem
    files = {f"{stem}.html": html, f"{stem}.txt": text}
    extras = extra_files(profile)
    if "zip" in extras:
        files[f"{stem}.zip"] = import_zip(f"{stem}.html", html, email.pictures)
    if "eml" in extras:
        files[f"{stem}.eml"] = eml
    return files


def package_files(series: Series, profile: Profile) -> dict[str, bytes]:
    """The files of an export beside the emails: the send plan and how to import."""
    zone = series.campaign.schedule.timezone
    return {
        "campaign.json": campaign_json(series, profile),
        "schedule.csv": schedule_csv(series.emails, profile, zone),
        "README.txt": readme(series, profile).encode(),
        **{f"{images.FOLDER}/{p.name}": p.data for p in series.images},
    }


def extra_files(profile: Profile) -> tuple[str, ...]:
    """Per-email files besides .html and .txt: zip for Mailchimp, eml for generic."""
    return (("zip",) if profile.import_zip else ()) + (
        ("eml",) if profile.name == "generic" else ()
    )


EXTRA_FILE_LINES = {
    "zip": "NN-<slug>.zip    the HTML and its images packed for Mailchimp's Import zip",
    "eml": "NN-<slug>.eml    the complete message, ready to open or send",
}
# A cell starting with one of these is a formula to a spreadsheet program (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@")


def spreadsheet_safe(cell: str) -> str:
    """`cell`, with a leading `'` if a spreadsheet would read it as a formula."""
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def schedule_csv(emails: Sequence[Email], profile: Profile, zone: str) -> bytes:
    """One row per email; UTF-8 with a BOM so spreadsheet programs show accents."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    extras = extra_files(profile)
    writer.writerow([*CSV_COLUMNS, *extras])
    for email in emails:
        moment = email.send_at
        writer.writerow(
            [
                email.position,
                email.slug,
                spreadsheet_safe(email.subject),
                spreadsheet_safe(email.preheader),
                moment.date().isoformat(),
                moment.strftime("%H:%M"),
                zone,
                moment.isoformat()[-6:],
                moment.isoformat(),
                moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
                format_datetime(moment),
                f"{email.stem}.html",
                f"{email.stem}.txt",
                *(f"{email.stem}.{ext}" for ext in extras),
            ]
        )
    return ("\ufeff" + buffer.getvalue()).encode()


# Each platform's API name for what campaign.json gives per email (None: no such field; the
# preheader then travels in the HTML only). Mailchimp: Marketing API 3.0 campaigns (settings,
# content, actions/schedule); SendGrid: Single Sends; Mailgun: the Messages API; Brevo:
# emailCampaigns; listmonk: /api/campaigns.
API_FIELDS: dict[str, dict[str, str | None]] = {
    "mailchimp": {
        "subject": "settings.subject_line",
        "preheader": "settings.preview_text",
        "html": "html",
        "text": "plain_text",
        "send_at_utc": "schedule_time",
    },
    "sendgrid": {
        "subject": "email_config.subject",
        "preheader": None,
        "html": "email_config.html_content",
        "text": "email_config.plain_content",
        "send_at_utc": "send_at",
    },
    "mailgun": {
        "subject": "subject",
        "preheader": None,
        "html": "html",
        "text": "text",
        "send_at_utc": "o:deliverytime",
    },
    "brevo": {
        "subject": "subject",
        "preheader": "previewText",
        "html": "htmlContent",
        "text": None,
        "send_at_utc": "scheduledAt",
    },
    "listmonk": {
        "subject": "subject",
        "preheader": None,
        "html": "body",
        "text": "altbody",
        "send_at_utc": "send_at",
    },
}


def campaign_json(series: Series, profile: Profile) -> bytes:
    """Per email the subject, preheader, send time (UTC and local), the file names and the
    platform's API field names for them: enough to create the campaigns by script."""
    campaign = series.campaign
    emails = [
        {
            "position": email.position,
            "slug": email.slug,
            "subject": email.subject,
            "preheader": email.preheader,
            "send_at": email.send_at.isoformat(),
            "send_at_utc": email.send_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "html": f"{email.stem}.html",
            "text": f"{email.stem}.txt",
        }
        for email in series.emails
    ]
    data = {
        "campaign": campaign.slug,
        "name": campaign.name,
        "platform": profile.name,
        "timezone": campaign.schedule.timezone,
        "cadence_days": campaign.schedule.cadence_days,
        "api_fields": API_FIELDS.get(profile.name),
        "emails": emails,
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode()


def import_zip(html_name: str, html: bytes, pictures: Sequence[Picture] = ()) -> bytes:
    """A zip for Mailchimp's "Import zip": the checked HTML at the top, unchanged (its images
    point at `[images] base_url`, so what was checked is what is sent), and the email's images
    beside it for those who host them with Mailchimp instead.

    Deterministic: a fixed date, fixed permissions.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entries = [(html_name, html), *((p.name, p.data) for p in pictures)]
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


# ---- README.txt ----------------------------------------------------------------------------

STEPS: dict[str, tuple[str, ...]] = {
    "generic": (
        "These files use the URLs from your configuration (kapmail.toml / campaign.toml): "
        "unsubscribe {unsubscribe}, preferences {preferences}.",
        "To send them yourself: each NN-<slug>.eml is a complete message (From, Reply-To, "
        "Subject, Date, Message-ID, List-Id, List-Unsubscribe, List-Unsubscribe-Post). Open one "
        "in Thunderbird, Apple Mail or Outlook to see it as a draft; send them with any SMTP "
        "client or mail program (drop the X-Unsent header, which only marks a draft). Your "
        "unsubscribe URL must accept a one-click POST (RFC 8058) and must stop mail within 2 "
        "days.",
        "To use another platform, prefer `kapmail export --platform <name>` so its own merge "
        "tags are in place. Otherwise paste each .html into its HTML/code editor and each .txt "
        "into its plain-text version, and make sure it does not add a second unsubscribe link.",
        "Schedule each email at the time in schedule.csv (columns send_date, send_time, "
        "timezone; send_at_utc is the same moment in UTC).",
    ),
    "mailchimp": (
        "Create a regular email campaign (Campaigns > Create > Email). Copy the subject "
        "into Subject and the preheader into Preview text (campaign.json or schedule.csv). "
        "The HTML carries *|MC_PREVIEW_TEXT|* where Mailchimp's own templates do: Mailchimp "
        "shows that field's text, and kapmail's preheader when it is left empty.",
        "In Design, choose Code your own > Import zip and upload NN-<slug>.zip (the HTML is "
        "at the top of the zip). Paste in code with NN-<slug>.html works too.",
        "Mailchimp makes the plain-text version from the HTML; to use ours instead, edit the "
        "plain-text version and paste NN-<slug>.txt.",
        "Schedule it at the time in schedule.csv. Mailchimp schedules in your account's time "
        "zone: if that is not {zone}, use send_at_utc and convert.",
        "Repeat for each email. A customer journey (automation) with a delay of {cadence} "
        "day(s) between emails also works; the send plan is then relative to sign-up{weekends}.",
    ),
    "sendgrid": (
        "Create a Single Send (Marketing > Single Sends > Create) and choose the Code "
        "Editor. Paste NN-<slug>.html.",
        "Choose a Sender: its address fills the footer tags ({{{{Sender_Name}}}}, "
        "{{{{Sender_Address}}}}, ...). Choose an Unsubscribe Group: {{{{{{unsubscribe}}}}}} and "
        "{{{{{{unsubscribe_preferences}}}}}} need one.",
        "Copy the subject and the preview text from schedule.csv. SendGrid makes a plain-text "
        "version from the HTML; where you can edit it, paste NN-<slug>.txt.",
        "Schedule it at the time in schedule.csv; check the time zone SendGrid shows against "
        "{zone} (send_at_utc is the same moment in UTC).",
    ),
    "mailgun": (
        "Turn on unsubscribe tracking for the sending domain (domain settings > Tracking), so "
        "Mailgun replaces %unsubscribe_url% with each recipient's own link.",
        "Send each email through the Messages API (html = NN-<slug>.html, text = "
        "NN-<slug>.txt, subject from schedule.csv) or store the HTML as a template. "
        "%recipient.first_name% (if a template uses it) needs recipient-variables.",
        "To schedule, pass o:deliverytime with the send_at_rfc2822 column of schedule.csv; "
        "Mailgun only accepts delivery times a few days ahead, so send each one in its week.",
        "Preferences and the postal address are the configured ones: {preferences}.",
    ),
    "brevo": (
        "Create an email campaign (Campaigns > Create campaign > Email). Copy the subject and "
        "the preview text from schedule.csv.",
        "In Design, choose Code your own (paste your HTML) and paste NN-<slug>.html. Brevo "
        "fills {{{{ unsubscribe }}}}, {{{{ update_profile }}}} and {{{{ mirror }}}}.",
        "Brevo makes the plain-text version from the HTML; where you can edit it, paste "
        "NN-<slug>.txt.",
        "Schedule it for the date and time in schedule.csv, choosing the time zone {zone}.",
    ),
    "listmonk": (
        'Create a template whose body is only {{{{ template "content" . }}}} (Campaigns > '
        "Templates), so listmonk does not wrap these complete HTML documents in another one.",
        "Create a campaign (Campaigns > New) with that template and format Raw HTML; paste "
        "NN-<slug>.html as the body and NN-<slug>.txt as the alternate plain-text message.",
        "Copy the subject from schedule.csv; turn on Send later and set the date and time "
        "(listmonk uses your browser's time zone; the plan is in {zone}).",
        "In Settings > Privacy, turn on the List-Unsubscribe header.",
    ),
}


DATELESS = (
    "the 'coming next' lines carry no dates (export --teaser relative or plain), so they "
    "hold for every subscriber of a journey; export --teaser date puts the planned dates in."
)
TRACKING = "opens and clicks are counted: {tracking}; export --no-tracking leaves them out."


def readme(series: Series, profile: Profile) -> str:
    """How to import this export into the platform, with the tags used and the plan."""
    campaign = series.campaign
    values = {
        "unsubscribe": campaign.sender.unsubscribe_url,
        "preferences": campaign.sender.preferences_url,
        "zone": campaign.schedule.timezone,
        "cadence": campaign.schedule.cadence_days,
        "weekends": (
            " (set the journey to skip weekends, as this plan does)"
            if campaign.schedule.skip_weekends
            else ""
        ),
    }
    count = len(series.emails)
    title = f"{campaign.name}: export for {profile.title}"
    lines = [
        title,
        "=" * len(title),
        f"Made by kapmail {__version__}. {count} emails; the send plan is in schedule.csv.",
        "",
        "Files",
        "-----",
        "NN-<slug>.html   the email: HTML with CSS inlined and this platform's merge tags",
        "NN-<slug>.txt    its plain-text version, with the same tags",
    ]
    lines += [EXTRA_FILE_LINES[ext] for ext in extra_files(profile)]
    if series.images:
        lines.append(_images_line(campaign.images.base_url))
    lines += [
        "campaign.json    per email: subject, preheader, send time (UTC and local), files,",
        "                 and this platform's API field names for them (for scripts)",
        "schedule.csv     one row per email: subject, preheader, send date, time and zone",
        "",
        f"How to import into {profile.title}",
        "-" * len(f"How to import into {profile.title}"),
    ]
    for number, step in enumerate(STEPS[profile.name], start=1):
        lines.append(_wrap(step.format(**values), f"{number}. "))
    if not any(e.next_send_at for e in series.emails):
        lines.append(_wrap(DATELESS, "Note: "))
    if profile.track_view or profile.track_link:
        tracking = f"{profile.track_view} (the open pixel) and {profile.track_link} on web links"
        lines.append(_wrap(f"{TRACKING.format(tracking=tracking)}", "Note: "))
    lines += ["", "Merge tags in these files", "-------------------------", *_tag_lines(profile)]
    lines += [
        "",
        "Before sending",
        "--------------",
        _wrap("Send a test to yourself and click the unsubscribe link.", "- "),
        _wrap(
            "The List-Unsubscribe and List-Unsubscribe-Post (one-click, RFC 8058) headers are "
            "added when the mail is sent and must be covered by the DKIM signature of the "
            "sending domain; check that the platform or your mail server does both.",
            "- ",
        ),
        _wrap("Google and Yahoo expect unsubscribes to take effect within 2 days.", "- "),
        "",
        "Send plan",
        "---------",
        sendplan.table(series).rstrip("\n"),
    ]
    return "\n".join(lines) + "\n"


def _images_line(base_url: str | None) -> str:
    where = (
        f"upload them to {base_url.rstrip('/')}/"
        if base_url
        else "set [images] base_url and upload them"
    )
    return _wrap(
        f"the article's images; the emails fetch them from the web: {where} (a Mailchimp "
        "zip carries its email's own)",
        f"{images.FOLDER + '/':<17}",
    )


def _wrap(text: str, bullet: str) -> str:
    return textwrap.fill(
        text,
        width=78,
        initial_indent=bullet,
        subsequent_indent=" " * len(bullet),
        break_long_words=False,
        break_on_hyphens=False,
    )


def _tag_lines(profile: Profile) -> list[str]:
    def show(value: str | None, configured: str) -> str:
        if value is None:
            return "none (the link is left out)"
        return configured if value == CONFIGURED else value.replace("\n", " (new line) ")

    return [
        f"unsubscribe URL:   {show(profile.unsubscribe, 'the configured sender.unsubscribe_url')}",
        f"preferences URL:   {show(profile.preferences, 'the configured sender.preferences_url')}",
        f"web version URL:   {show(profile.web_view, 'sender.web_view_url, if configured')}",
        f"postal address:    {show(profile.address_html, 'the configured sender.postal_address')}",
        f"  (plain text):    {show(profile.address_text, 'the configured sender.postal_address')}",
        f"first name:        {profile.first_name}",
        "(The shipped templates do not greet by name; a campaign template may use",
        "{{ merge.first_name }}, which becomes the first-name tag above.)",
    ]
