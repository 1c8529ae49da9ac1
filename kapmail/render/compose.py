"""Email -> Rendered: Jinja2 (autoescape) -> MJML -> mrml -> the HTML steps.

The HTML steps are `steps.STEPS` plus `tag_links` (UTM parameters, see `utm`); the plain
text, rendered from its own template over the same data, gets the same link tagging.
Placeholders stay in place: `kapmail.platforms` fills them for one platform.
"""

from __future__ import annotations

import functools
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import SecurityError
from mjml import mjml2html

from kapmail import placeholders
from kapmail.config import Campaign
from kapmail.errors import KapmailError
from kapmail.plan import Email
from kapmail.render import steps, utm
from kapmail.render.environment import environment

HTML_TEMPLATE = "email.mjml.j2"
TEXT_TEMPLATE = "email.txt.j2"
SIGNATURE = "-- "  # RFC 3676 signature separator, trailing space included


@dataclass(frozen=True)
class Rendered:
    """One email as HTML and plain text, placeholders still in place."""

    email: Email
    html: str
    text: str


def context(email: Email, campaign: Campaign) -> dict[str, Any]:
    """What the templates see: the email, the settings and the placeholder links."""
    return {
        "email": email,
        "lang": campaign.about.language,
        "dir": campaign.about.direction,
        "brand": campaign.brand,
        "sender": campaign.sender,
        "call_to_action": campaign.call_to_action,
        "health": campaign.health,
        "crisis": campaign.crisis_lines,
        "links": placeholders.LINKS,
        "merge": placeholders.MERGE,
    }


def render_email(email: Email, campaign: Campaign) -> Rendered:
    """Render one email to HTML and text."""
    values = context(email, campaign)
    what = f"email {email.stem}"
    mjml_source = render_template(campaign.template_dir, HTML_TEMPLATE, values, what, html=True)
    try:
        raw_html = mjml2html(mjml_source, fonts={}, disable_comments=True)
    except ValueError as exc:
        raise KapmailError(
            f"MJML rejected email {email.stem}: {exc}",
            file=_origin(campaign, HTML_TEMPLATE),
            hint="check the MJML in the template",
        ) from None
    tagging = utm.for_email(campaign, email.slug)
    try:
        html = steps.run(raw_html, html_steps(tagging))
    except KapmailError as exc:
        exc.message = f"email {email.stem}: {exc.message}"
        exc.file = exc.file or _origin(campaign, HTML_TEMPLATE)
        raise
    text = render_template(campaign.template_dir, TEXT_TEMPLATE, values, what, html=False)
    return Rendered(email=email, html=html, text=utm.tag_text(_tidy_text(text), tagging))


def html_steps(tagging: utm.Utm) -> tuple[tuple[str, steps.Step], ...]:
    """The HTML steps, with link tagging after the doctype is back."""
    return (*steps.STEPS, ("tag_links", functools.partial(utm.tag_html, utm=tagging)))


def render_template(
    template_dir: Path | None, name: str, values: dict[str, Any], what: str, *, html: bool
) -> str:
    """Render a template (sandboxed); template mistakes, a refused escape included, become
    one-line errors naming the file and line. `what` names the page ("email 01-intro")."""
    env = environment(template_dir, html=html)
    try:
        return env.get_template(name).render(values)
    except jinja2.TemplateSyntaxError as exc:
        raise KapmailError(
            f"template error: {exc.message}",
            file=exc.filename or name,
            line=exc.lineno,
            hint="fix the Jinja2 syntax",
        ) from None
    except jinja2.TemplateNotFound as exc:
        raise KapmailError(
            f"template not found: {exc.name}", file=name, hint="check the include name"
        ) from None
    except SecurityError as exc:
        file, line = _template_frame(exc)
        raise KapmailError(
            f"template refused in {what}: {exc}",
            file=file or name,
            line=line,
            hint="templates render sandboxed: use the email's values, not Python internals",
        ) from None
    except jinja2.TemplateError as exc:
        file, line = _template_frame(exc)
        raise KapmailError(
            f"template error in {what}: {exc}",
            file=file or name,
            line=line,
            hint="check the variable names in the template",
        ) from None
    except KapmailError:
        raise
    except Exception as exc:  # a template is data: whatever it raises is its own mistake
        file, line = _template_frame(exc)
        raise KapmailError(
            f"template error in {what}: {type(exc).__name__}: {exc}",
            file=file or name,
            line=line,
            hint="fix the expression on that line",
        ) from None


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost template file and line of a rendering error (Jinja2 keeps them)."""
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith(".j2")]
    return (frames[-1].filename, frames[-1].lineno) if frames else (None, None)


def _origin(campaign: Campaign, name: str) -> str:
    if campaign.template_dir and (campaign.template_dir / name).is_file():
        return str(campaign.template_dir / name)
    return name


def _tidy_text(text: str) -> str:
    """No trailing spaces (but the signature separator keeps its own: "-- "), at most one
    blank line in a row, one final newline."""
    lines = [line if line == SIGNATURE else line.rstrip() for line in text.splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy).strip("\n") + "\n"
