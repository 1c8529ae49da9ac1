"""Property tests: the parser and the slug function on any text."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from kapmail.content import parse_article
from kapmail.errors import KapmailError
from kapmail.text import SLUG_MAX, slugify, unique_slugs

LINE = st.one_of(
    st.text(max_size=80),
    st.from_regex(r"\d{1,3}[.)] [A-Z][a-z ]{0,30}", fullmatch=True),
    st.sampled_from(["Conclusion", "", "4o", "gpt-4o", "Why?", "## Title", "# Top"]),
)
ARTICLES = st.lists(LINE, max_size=40).map("\n".join)
SAFE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")  # a slug of a title in the Latin script


def safe(slug: str) -> bool:
    """A file-name-safe slug in any script (issue 24): lower-case letters, digits and their
    combining marks in words joined by single hyphens, NFC, and its own slug."""
    words = slug.split("-")
    return (
        all(words)
        and all(c.isalnum() or unicodedata.category(c) in ("Mn", "Mc") for c in "".join(words))
        and slug == slug.lower() == unicodedata.normalize("NFC", slug)
        and slugify(slug) == slug
    )


@settings(max_examples=300, deadline=None)
@given(ARTICLES, st.booleans())
@example("<!DOCTYPE", True)  # HTML of only a declaration: lxml found no document
def test_parser_parses_or_raises_the_error_type(text, markdown):
    try:
        article = parse_article(text, path=Path("a.md"), markdown=markdown)
    except KapmailError as error:
        assert error.message and "\n" not in error.one_line()
        return
    assert article.sections
    assert all(section.blocks for section in article.sections)
    assert article.question is None or article.question.text.rstrip("\"'”’)").endswith("?")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_slugs_are_safe_file_names(title):
    slug = slugify(title)
    assert slug and len(slug) <= SLUG_MAX
    assert safe(slug)
    # Read as slugify reads it (compatibility forms decomposed: '㏠' is '1日').
    letters = unicodedata.normalize("NFKD", title)
    if title.isascii() or all(
        unicodedata.name(c, "").startswith("LATIN") for c in letters if c.isalnum()
    ):
        assert SAFE.match(slug)  # Latin titles keep their ASCII slugs


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=30))
def test_slugs_are_unique_in_a_series(titles):
    slugs = unique_slugs(titles)
    assert len(slugs) == len(titles) == len(set(slugs))
    assert all(safe(slug) for slug in slugs)
