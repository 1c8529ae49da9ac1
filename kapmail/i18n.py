"""The words kapmail adds to an email, in the reader's language: gettext catalogs and dates.

The catalogs (`kapmail/locale/<lang>/LC_MESSAGES/kapmail.po`, compiled to `.mo` beside them
by `make messages`) hold every label, teaser, preheader and title the templates and the
planner write; `kapmail/locale/kapmail.pot` is extracted from the sources by Babel. A
language without a catalog gets the English words (the build warns once). Dates go through
Babel in the language's own month and weekday names; the patterns are messages too, so a
translator decides the order ("jueves, 4 de marzo", "Donnerstag, 4. März"). CLI messages
stay English: only what a reader sees is translated.
"""

from __future__ import annotations

import collections
import datetime as dt
import functools
import gettext as _gettext
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from kapmail.text import HAN, KANA

if TYPE_CHECKING:  # Babel loads when a date is written or an unusual tag is asked about
    import babel

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "kapmail"
# The languages kapmail ships a catalog for, English first.
LANGUAGES = ("en", "es", "fr", "de", "pt", "ar")
# Scripts written right to left: Arabic, Hebrew, Persian, Urdu (and their regional tags).
RTL = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb"})
_DIGITS = {"arab": "٠١٢٣٤٥٦٧٨٩", "arabext": "۰۱۲۳۴۵۶۷۸۹"}


def base(language: str) -> str:
    """The primary subtag, lower case: `pt-BR` -> `pt`."""
    return language.replace("_", "-").split("-")[0].lower()


def known(language: str) -> bool:
    """Whether Babel (CLDR) knows the language of a BCP 47 tag (it knows every language
    kapmail has words for)."""
    if base(language) in LANGUAGES:
        return True
    import babel

    try:
        babel.Locale.parse(base(language))
    except (ValueError, babel.UnknownLocaleError):
        return False
    return True


def has_catalog(language: str) -> bool:
    """Whether kapmail ships the words for `language` (`pt-BR` uses `pt`'s)."""
    return base(language) in LANGUAGES


def direction(language: str) -> str:
    """`rtl` for a language written right to left, else `ltr`."""
    return "rtl" if base(language) in RTL else "ltr"


def settled(language: str, written: str = "") -> tuple[str, str]:
    """A language and direction as set (empty: not set), defaults filled in: English, and
    the language's own direction."""
    language = language or "en"
    return language, written or direction(language)


@functools.lru_cache(maxsize=32)
def translations(language: str) -> _gettext.NullTranslations:
    """The catalog for `language` (`pt-BR`: `pt_BR`, else `pt`), English when none ships."""
    tag = language.replace("-", "_")
    wanted = [tag, base(language)] if has_catalog(language) else ["en"]
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=wanted, fallback=True)


def locale(language: str) -> babel.Locale:
    """Babel's locale for a BCP 47 tag, English when Babel does not know it."""
    import babel

    try:
        return babel.Locale.parse(language.replace("-", "_"))
    except (ValueError, babel.UnknownLocaleError):
        try:
            return babel.Locale.parse(base(language))
        except (ValueError, babel.UnknownLocaleError):
            return babel.Locale.parse("en")


def _digits(text: str, where: babel.Locale) -> str:
    """Western digits written in the locale's own (`ar-EG`: ٤), when it prefers others."""
    own = _DIGITS.get(getattr(where, "default_numbering_system", "latn"))
    return text.translate(str.maketrans("0123456789", own)) if own else text


def _format(moment: dt.datetime, pattern: str, language: str) -> str:
    from babel.dates import format_datetime

    where = locale(language)
    return _digits(format_datetime(moment, pattern, tzinfo=moment.tzinfo, locale=where), where)


def long_date(moment: dt.datetime, language: str = "en") -> str:
    """'Thursday 15 January', 'jueves, 15 de enero': a send date in the reader's language."""
    # Translators: a Unicode date pattern (EEEE weekday, d day, MMMM month); quote words.
    pattern = translations(language).gettext("EEEE d MMMM")
    return _format(moment, pattern, language)


def long_date_time(moment: dt.datetime, language: str = "en") -> str:
    """'Thursday 15 January 2026, 09:00': a send time with its year and clock time."""
    # Translators: a Unicode date pattern (y year, HH:mm the 24-hour time); quote words.
    pattern = translations(language).gettext("EEEE d MMMM y, HH:mm")
    return _format(moment, pattern, language)


def short_date_time(moment: dt.datetime, language: str = "en") -> str:
    """'Thu 15 Jan 2026 09:00': a send time in a table's column."""
    # Translators: a Unicode date pattern for a table (EEE short weekday, MMM short month).
    pattern = translations(language).gettext("EEE dd MMM y HH:mm")
    return _format(moment, pattern, language)


def evidence_label(level: str, qualifier: str | None, language: str = "en") -> str:
    """An evidence level as a reader sees it: 'Strong (short-term)', 'Moderada (mixta)' (the
    qualifier is the campaign's own words)."""
    words = translations(language)
    levels = {
        "strong": words.gettext("Strong"),
        "moderate": words.gettext("Moderate"),
        "limited": words.gettext("Limited"),
        "not established": words.gettext("Not established"),
    }
    shown = levels.get(level, level)
    if not qualifier:
        return shown
    # Translators: an evidence level and the campaign's qualifier, e.g. "Strong (short-term)".
    return words.gettext("%(level)s (%(qualifier)s)") % {"level": shown, "qualifier": qualifier}


# A few of each language's commonest words: an article's language is the one whose words
# it uses most, when they are many and twice as many as the next language's.
_WORDS = {
    "en": "the and of to is that with for are you this not what it",
    "es": "el la los las de que y en es para con una por del se no",
    "fr": "le la les des de que et en est pour une dans du qui pas",
    "de": "der die das und ist nicht mit sie ein eine zu den von auf",
    "pt": "o os as de que e em é para com uma um do da não",
}
_VOCABULARY = {lang: frozenset(words.split()) for lang, words in _WORDS.items()}
_SCRIPTS = (("ar", "\u0600-\u06ff"), ("he", "\u0590-\u05ff"))
DETECT_MIN = 20  # words (or letters of a script) before a guess counts as evidence


def detect(text: str) -> str | None:
    """The language of `text` when the evidence is strong (a script of its own for most of
    its letters: Arabic, Hebrew, Japanese, Korean, Chinese; else a clear lead in common
    words), else None."""
    letters = sum(map(str.isalpha, text))  # counted in C: an article may be long
    for language, span in _SCRIPTS:
        own = sum(map(str.isalpha, re.findall(f"[{span}]", text)))
        if own >= DETECT_MIN and own * 2 > letters:
            return language
    if east_asian := _east_asian(text, letters):
        return east_asian
    words = collections.Counter(re.findall(r"[^\W\d_]+", text.lower()))
    scores = sorted(
        ((sum(words[w] for w in vocabulary), lang) for lang, vocabulary in _VOCABULARY.items()),
        reverse=True,
    )
    (best, language), (second, _) = scores[0], scores[1]
    return language if best >= DETECT_MIN and best >= 2 * second else None


LETTERS_A_WORD = 5  # in Latin scripts, about
_HANGUL = "\uac00-\ud7af"


def _east_asian(text: str, letters: int) -> str | None:
    """Japanese (kana among the Han characters), Korean (Hangul) or Chinese (Han alone),
    when that script's characters outnumber the words of the other letters (a character
    says about what a five-letter word does; a technical post quotes code and English)."""
    han, kana, hangul = (len(re.findall(f"[{span}]", text)) for span in (HAN, KANA, _HANGUL))
    for language, own in (("ja", kana), ("ko", hangul), ("zh", han)):
        script = own + (han if language != "zh" else 0)
        if own >= DETECT_MIN and script * LETTERS_A_WORD > letters - script:
            return language
    return None


def compile_catalogs(folder: Path = LOCALE_DIR) -> list[Path]:
    """Compile each `<lang>/LC_MESSAGES/kapmail.po` under `folder` to its `.mo` (`make
    messages`), the same bytes for the same catalog: no dates in the header. A catalog whose
    translations do not match their placeholders is refused."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    written = []
    for po in sorted(folder.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with po.open("rb") as source:
            catalog = read_po(source, locale=po.parent.parent.name)
        problems = [f"{m.id!r}: {e}" for m in catalog if m.id for e in m.check(catalog)]
        if problems:
            raise ValueError(f"{po}: {'; '.join(problems)}")
        catalog.creation_date = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)  # no build date
        catalog.revision_date = catalog.creation_date
        mo = po.with_suffix(".mo")
        with mo.open("wb") as target:
            write_mo(target, catalog)
        written.append(mo)
    return written


def template_callables(language: str) -> dict[str, Callable[..., Any]]:
    """`gettext`, `ngettext` and `_` for Jinja2's i18n extension (new style: the template's
    variables are %-formatted into the translation, escaped when the template autoescapes)."""
    from jinja2 import pass_context  # only rendering needs Jinja2, not the planner

    catalog = translations(language)

    def _escaping(context: Any, text: str, variables: dict[str, Any]) -> str:
        if context.eval_ctx.autoescape:
            return Markup(text) % {k: escape(v) for k, v in variables.items()}
        return text % variables

    @pass_context
    def gettext(context: Any, message: str, **variables: Any) -> str:
        return _escaping(context, catalog.gettext(message), variables)

    @pass_context
    def ngettext(context: Any, singular: str, plural: str, n: int, **variables: Any) -> str:
        variables.setdefault("num", n)
        return _escaping(context, catalog.ngettext(singular, plural, n), variables)

    return {"gettext": gettext, "ngettext": ngettext, "_": gettext}
