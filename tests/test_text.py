"""Slugs, sentences and preheaders."""

from __future__ import annotations

from kapmail.text import SLUG_MAX, slugify, unique_slugs


def test_slugify_makes_safe_ascii_names():
    assert slugify("Trauma-Related Disorders (Including PTSD)") == (
        "trauma-related-disorders-including-ptsd"
    )
    assert slugify("Attention Deficit Disorders (ADD/ADHD)") == (
        "attention-deficit-disorders-add-adhd"
    )
    assert slugify("Café & Ünïcode") == "cafe-unicode"
    assert slugify("!!! 🙂") == "email"
    assert slugify("../../etc/passwd") == "etc-passwd"


def test_slugify_cuts_long_titles_at_a_dash():
    slug = slugify("word " * 40)
    assert len(slug) <= SLUG_MAX
    assert not slug.endswith("-")
    assert set(slug.split("-")) == {"word"}


def test_unique_slugs_suffix_duplicates():
    assert unique_slugs(["A", "a", "A!", "B"]) == ["a", "a-2", "a-3", "b"]
