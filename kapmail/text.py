"""Small pure text helpers: slugs, sentences, shortening at word boundaries."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import unicodedata
from pathlib import Path

SLUG_MAX = 60
FIELD = re.compile(r"\{([^{}]*)\}")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


# Arabic harakat (not hamza or madda) and Hebrew points: a title with or without them has one
# slug.
_VOWEL_MARKS = re.compile(
    "[\u064b-\u0652\u0656-\u065f\u0591-\u05bd\u05bf\u05c1\u05c2\u05c4\u05c5\u05c7]"
)


def slugify(title: str, *, fallback: str = "email") -> str:
    """A lower-case file-name-safe slug of at most SLUG_MAX characters.

    Latin letters are written in ASCII, as kapmail always wrote them (`Conclusión` ->
    `conclusion`; a letter with no ASCII form, such as `ß`, is left out), so the slugs of
    existing campaigns, and their `[emails.<slug>]` keys, do not change. The letters of every
    other script are kept, with their combining marks (`الخاتمة`, `депрессия`, `हिन्दी`; Arabic
    and Hebrew vowel marks are folded away like accents):
    a title in Arabic or Cyrillic names its file readably instead of `01-email`.
    """
    kept: list[str] = []
    for char in unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", title).lower()):
        if char.isascii():
            kept.append(char if char.isalnum() else "-")
        elif _VOWEL_MARKS.match(char):
            continue  # Arabic and Hebrew vowel marks, folded like Latin accents
        elif unicodedata.combining(char) or unicodedata.category(char) == "Mc":
            if kept and not kept[-1].isascii():  # a mark of a letter kept in its own script
                kept.append(char)
        elif char.isalnum() and not unicodedata.name(char, "").startswith("LATIN"):
            kept.append(char)
        elif not char.isalnum():
            kept.append("-")
    slug = re.sub(r"-+", "-", unicodedata.normalize("NFC", "".join(kept))).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug[:SLUG_MAX]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut
    return slug or fallback


def unique_slugs(titles: list[str], *, fallback: str = "email") -> list[str]:
    """Slugs for titles, made unique within the list by -2, -3 … suffixes."""
    seen: set[str] = set()
    result = []
    for title in titles:
        base = slugify(title, fallback=fallback)
        slug, n = base, 2
        while slug in seen:
            slug = f"{base}-{n}"
            n += 1
        seen.add(slug)
        result.append(slug)
    return result


def fill_fields(template: str, values: dict[str, str]) -> str:
    """`{name}` fields of a configured template (a subject, a URL) filled from `values`.

    The configuration only accepts templates whose fields are known, so every field is
    in `values`; anything else in braces is left as written.
    """
    return FIELD.sub(lambda m: values.get(m.group(1), m.group(0)), template)


def end_sentence(text: str) -> str:
    """`text` ending in a full stop, unless it already ends a sentence ("…?", "¿…?", "…!")."""
    core = text.rstrip().rstrip("\"'”’»)")
    return text if core.endswith((".", "?", "!", "؟", "…")) else f"{text.rstrip()}."


_DIALABLE = re.compile(r"\+?[0-9]{2,15}")
TEL = re.compile(f"tel:{_DIALABLE.pattern}", re.IGNORECASE)  # a tel: link an email may carry


def tel_uri(number: str) -> str | None:
    """`tel:` for a phone number as people write it (`988`, `+44 116 123`, `(555) 010-9999`),
    so a phone can dial it with a tap; None when it is not just a number."""
    digits = re.sub(r"[\s().-]", "", number)
    return f"tel:{digits}" if _DIALABLE.fullmatch(digits) else None


# The one home of control characters. CONTROLS: the C0 and C1 controls and DEL but tab, line
# feed and carriage return (a character class's inside). Vertical tab and form feed become
# line breaks in plain text, but not inside a page.
CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
# What an article may not carry: CONTROLS and the Unicode non-characters, which mjml-python
# refuses: rendering would delete them and join what they split (`__KAP<U+FFFF>MAIL_`).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
CONTROL = re.compile(f"[{CONTROLS}{_NONCHARACTERS}]")
_ASCII_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # CONTROL's ASCII part


def find_control(text: str) -> re.Match[str] | None:
    """The first character of `text` that CONTROL matches (ASCII text is searched with the
    ASCII part alone: ten times faster on a long article)."""
    return (_ASCII_CONTROL if text.isascii() else CONTROL).search(text)


# What a one-line value (a configuration value, a header) may not hold: every control, tab
# and line breaks included, and U+2028/U+2029. Every character str.splitlines breaks at is
# among them (\v, \f, \x1c-\x1e and \x85 too), so a value without them is one line.
NOT_ONE_LINE = re.compile(f"[{CONTROLS}\t\n\r\u2028\u2029]")

# A <wbr> (where a long word may wrap). libxml2, under premailer and the checks, does not
# know it is empty and would wrap the rest of its parent in it.
WBR = re.compile(r"<wbr\s*/?>", re.IGNORECASE)


def sentences(text: str) -> list[str]:
    """Split prose into sentences (good enough for preheaders, not linguistics)."""
    return [s.strip() for s in _SENTENCE_END.split(text) if s.strip()]


# Han ideographs and Japanese kana: Chinese and Japanese are written without spaces between
# words, so each such character counts as a word (as Word counts them).
HAN, KANA = "\u3400-\u4dbf\u4e00-\u9fff", "\u3040-\u30ff"
_UNSPACED_RANGES = f"{HAN}{KANA}\u31f0-\u31ff\uf900-\ufaff\uff66-\uff9f"
_UNSPACED = re.compile(f"[{_UNSPACED_RANGES}]")
# A line of such text may break before each such character, and between words.
_FILL_TOKEN = re.compile(rf"\s*(?:[{_UNSPACED_RANGES}]|[^\s{_UNSPACED_RANGES}]+)")


def word_count(text: str) -> int:
    """The words of `text`: runs between spaces, and each Chinese or Japanese character."""
    unspaced = len(_UNSPACED.findall(text))
    if not unspaced:
        return len(text.split())
    return unspaced + len(_UNSPACED.sub(" ", text).split())


# Closing punctuation a Chinese or Japanese line never starts with (kinsoku): it stays on the
# line before, with the character it follows.
_NO_LINE_START = set("、。，．・：；？！）」』】〉》〕ー…‥,.:;?!)]}%")


def display_width(text: str) -> int:
    """Columns `text` takes in a monospaced terminal or mail reader: Chinese, Japanese and
    Korean characters (and fullwidth forms) take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def fill(text: str, width: int) -> str:
    """`text` wrapped to `width` columns without breaking words or URLs (textwrap's own
    filling); with Chinese or Japanese in it, which has no spaces to break at, a line may also
    break between two such characters, never before closing punctuation."""
    if not _UNSPACED.search(text):
        return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)
    lines: list[str] = []
    line = ""
    for token in _fill_tokens(" ".join(text.split())):
        candidate = (line + token) if line else token.lstrip()
        if line and display_width(candidate.rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def _fill_tokens(text: str) -> list[str]:
    """Pieces a line may break between: each Chinese or Japanese character, each word with
    the space before it; closing punctuation joined to the piece before it."""
    tokens: list[str] = []
    for piece in _FILL_TOKEN.findall(text):
        if tokens and piece[:1] in _NO_LINE_START:
            tokens[-1] += piece
        else:
            tokens.append(piece)
    return tokens


DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def long_date(moment: dt.datetime) -> str:
    """'Thursday 15 January' (English, independent of the machine's locale)."""
    return f"{DAYS[moment.weekday()]} {moment.day} {MONTHS[moment.month - 1]}"


def file_stem(path: Path) -> str:
    """A file's name without its suffix; a page bundle's `index.md` is named by its folder."""
    return path.resolve().parent.name if path.stem.lower() == "index" else path.stem


def file_title(path: Path) -> str:
    """A file's name as a title, for an article that gives none: `sleep-well.md` and
    `sleep-well/index.md` are "Sleep well" ("" for a name of only dashes)."""
    return file_stem(path).replace("-", " ").replace("_", " ").strip().capitalize()
