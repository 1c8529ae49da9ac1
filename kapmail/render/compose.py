"""Email -> Rendered: Jinja2 (autoescape) -> MJML -> mrml -> the HTML steps.

The HTML steps and the plain text's (rendered from its own template over the same data)
are both listed in `steps`: `steps.html_steps`, `steps.text_steps`.
Placeholders stay in place: `kapmail.platforms` fills them for one platform.
"""

from __future__ import annotations

import io
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import jinja2
from jinja2.sandbox import SecurityError

from kapmail import i18n, placeholders
from kapmail.config import Campaign
from kapmail.errors import KapmailError
from kapmail.plan import Email
from kapmail.render import utm
from kapmail.render.environment import environment

HTML_TEMPLATE = "email.mjml.j2"
T = TypeVar("T")
TEXT_TEMPLATE = "email.txt.j2"


@dataclass(frozen=True)
class Rendered:
    """One email as HTML and plain text, placeholders still in place; `mjml` is the MJML
    its HTML was made from (`build --keep-mjml` writes it)."""

    email: Email
    html: str
    text: str
    mjml: str = ""


def context(email: Email, campaign: Campaign) -> dict[str, Any]:
    """What the templates see: the email, the settings and the placeholder links."""
    language, direction = i18n.settled(campaign.about.language, campaign.about.direction)
    return {
        "email": email,
        "lang": language,
        "dir": direction,
        "brand": campaign.brand,
        "sender": campaign.sender,
        "call_to_action": campaign.call_to_action,
        "health": campaign.health,
        "crisis": campaign.crisis_lines,
        "links": placeholders.LINKS,
        "merge": placeholders.MERGE,
        **i18n.template_callables(language),
    }


def mjml_to_html(mjml_source: str, email: Email, campaign: Campaign) -> str:
    """mjml-python's HTML of the email's MJML, before any step (premailer included)."""
    from mjml import mjml2html  # imported when an email is rendered, not for the gallery

    try:
        return str(mjml2html(mjml_source, fonts={}, disable_comments=True))
    except ValueError as exc:
        raise KapmailError(
            f"MJML rejected email {email.stem}: {exc}",
            file=_origin(campaign, HTML_TEMPLATE),
            hint="check the MJML in the template",
        ) from exc


def render_email(email: Email, campaign: Campaign) -> Rendered:
    """Render one email to HTML and text."""
    from kapmail.render import steps  # premailer: imported when an email is rendered

    values = context(email, campaign)
    what = f"email {email.stem}"
    mjml_source = render_template(campaign.template_dir, HTML_TEMPLATE, values, what, html=True)
    raw_html = mjml_to_html(mjml_source, email, campaign)
    tagging = utm.for_email(campaign, email.slug)
    try:
        rtl = values["dir"] == "rtl"
        html = steps.run(raw_html, steps.html_steps(tagging, rtl=rtl))
    except steps.LeftoverTagError as exc:  # the template the user wrote it in, and its line
        file, line = written_in(campaign, exc.tag)
        origin = file or _origin(campaign, HTML_TEMPLATE)
        raise exc.within(file=origin, line=line, email=email.stem) from exc
    except KapmailError as exc:
        raise exc.within(file=_origin(campaign, HTML_TEMPLATE), email=email.stem) from exc
    text = render_template(campaign.template_dir, TEXT_TEMPLATE, values, what, html=False)
    text = steps.run(text, steps.text_steps(tagging))
    return Rendered(email=email, html=html, text=text, mjml=mjml_source)


def render_template(
    template_dir: Path | None, name: str, values: dict[str, Any], what: str, *, html: bool
) -> str:
    """Render a template (sandboxed); template mistakes, a refused escape included, become
    one-line errors naming the file and line. `what` names the page ("email 01-intro")."""
    return _guarded(template_dir, name, what, html, lambda t: t.render(values))


def render_page(template_dir: Path | None, name: str, values: dict[str, Any], what: str) -> bytes:
    """An HTML template rendered as `render_template` does, as UTF-8 bytes encoded piece by
    piece as it is generated: a gallery of hundreds of emails (tens of MB) is never held
    as one string and its bytes at once."""

    def encoded(template: jinja2.Template) -> bytes:
        page = io.BytesIO()
        for piece in template.generate(values):
            page.write(piece.encode())
        return page.getvalue()  # CPython hands over its buffer: no copy

    return _guarded(template_dir, name, what, True, encoded)


def page_part(template_dir: Path | None, name: str) -> jinja2.Template:
    """An HTML template for a part of a page, called while `render_page` renders the page
    (whose guard turns the part's mistakes into one-line errors too)."""
    return environment(template_dir, html=True).get_template(name)


def _guarded(
    template_dir: Path | None,
    name: str,
    what: str,
    html: bool,
    produce: Callable[[jinja2.Template], T],
) -> T:
    """`produce` over the named template, its mistakes turned into one-line errors."""
    env = environment(template_dir, html=html)
    try:
        return produce(env.get_template(name))
    except jinja2.TemplateSyntaxError as exc:
        raise KapmailError(
            f"template error: {exc.message}",
            file=exc.filename or name,
            line=exc.lineno,
            hint="fix the Jinja2 syntax",
        ) from exc
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


def written_in(campaign: Campaign, snippet: str) -> tuple[str | None, int | None]:
    """The HTML template file (the campaign's own before the shipped one) and line where
    `snippet` is written; (None, None) when none holds it."""
    env = environment(campaign.template_dir, html=True)
    assert env.loader is not None
    for name in env.list_templates(extensions=["j2"]):
        source, filename, _ = env.loader.get_source(env, name)
        at = source.find(snippet)
        if at >= 0:
            return filename, source.count("\n", 0, at) + 1
    return None, None
