"""Where templates come from and the Jinja2 environments that render them.

Article text is only ever passed in as data: the HTML environment autoescapes. A campaign
with its own `templates/` renders every template, its own and the shipped ones they include,
in Jinja2's `ImmutableSandboxedEnvironment`, with only the globals the shipped templates use
(`range`; the i18n extension's `gettext`, `ngettext` and `_` come with each page's values,
in its language: `i18n.template_callables`): a campaign folder is data, so its templates
may change how an email looks, never run code (`__globals__`, `__subclasses__`, `cycler`,
`joiner`, `namespace`, `lipsum`, format strings are refused with
`jinja2.sandbox.SecurityError` or an undefined name). A campaign without one renders only
kapmail's own templates, which are code shipped with kapmail: they render in a plain
environment with the same globals and filters (the sandbox's checks on every attribute
cost a third of the render; the bytes are the same).
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment, safe_range

from kapmail import i18n
from kapmail.config import Evidence
from kapmail.render import blocks
from kapmail.render.breaks import breakable
from kapmail.shipped import builtin_dir
from kapmail.text import display_width, end_sentence, fill, tel_uri
from kapmail.typeset import button_width

# The only globals a template sees besides its context: what the shipped templates use.
GLOBALS = {"range": safe_range}


def wrap(text: str, width: int = 72) -> str:
    """Wrap prose for the plain-text part without breaking words or URLs."""
    return fill(text, width)


@jinja2.pass_context
def long_date(context: jinja2.runtime.Context, moment: dt.datetime) -> str:
    """A send date in the words of the page's language (its `lang`)."""
    return i18n.long_date(moment, str(context.get("lang", "en")))


@jinja2.pass_context
def evidence_label(context: jinja2.runtime.Context, evidence: Evidence) -> str:
    """An evidence level ('Strong (short-term)') in the page's language."""
    return i18n.evidence_label(evidence.level, evidence.qualifier, str(context.get("lang", "en")))


def host(url: str) -> str:
    return urlsplit(url).netloc


@functools.lru_cache(maxsize=16)
def environment(override_dir: Path | None, *, html: bool) -> jinja2.Environment:
    """An autoescaping environment (article text is data, never a template), sandboxed
    when a campaign's own templates (`override_dir`) take part.

    The plain-text environment does not escape: its output is text/plain, not markup.
    Without `override_dir`, kapmail's templates come compiled ahead of time (`precompiled`).
    """
    if override_dir:
        folders = [str(override_dir), str(builtin_dir())]
        return make_environment(jinja2.FileSystemLoader(folders), html=html, sandboxed=True)
    from kapmail.render import precompiled

    shipped = precompiled.loader("html" if html else "text")
    return make_environment(shipped, html=html, sandboxed=False)


def forget_shipped() -> None:
    """Read kapmail's own templates afresh on next use: one was edited (`preview --watch`
    watches them too), and its compiled module may be out of date."""
    from kapmail.render import precompiled

    precompiled.loader.cache_clear()
    environment.cache_clear()


def make_environment(
    loader: jinja2.BaseLoader, *, html: bool, sandboxed: bool
) -> jinja2.Environment:
    """A new environment with kapmail's settings, globals and filters over `loader`."""
    kind = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    env = kind(
        loader=loader,
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=not html,
        lstrip_blocks=not html,
        extensions=["jinja2.ext.i18n"],
    )
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.globals.clear()
    env.globals.update(GLOBALS)
    env.filters.update(
        long_date=long_date,
        evidence_label=evidence_label,
        wrap=wrap,
        columns=display_width,  # a title's underline, in columns (CJK takes two)
        host=host,
        tel=tel_uri,
        breakable=breakable,
        end_sentence=end_sentence,
        segments=blocks.segments,
        as_text=blocks.text_part,
        button_width=button_width,
    )
    return env
