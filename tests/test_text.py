"""Slugs, sentences and preheaders."""

from __future__ import annotations

import textwrap

from kapmail.text import SLUG_MAX, display_width, fill, slugify, tel_uri, unique_slugs


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


def test_tel_uri_dials_numbers_as_people_write_them():
    assert tel_uri("988") == "tel:988"
    assert tel_uri("+44 116 123") == "tel:+44116123"
    assert tel_uri("(555) 010-9999") == "tel:5550109999"
    assert tel_uri("text HOME to 741741") is None
    assert tel_uri("9") is None
    assert tel_uri("١٢٣") is None  # Arabic-Indic digits: not what a dialler reads


def test_find_control_matches_control_on_ascii_and_any_other_text() -> None:
    from kapmail.text import CONTROL, find_control

    samples = [f"a{chr(code)}b" for code in range(0x100)] + ["é\x01", "x\ufdd0", "\U0010ffff"]
    for text in samples:
        found, expected = find_control(text), CONTROL.search(text)
        assert (found and found.group(0)) == (expected and expected.group(0)), repr(text)


def test_display_width_counts_chinese_and_japanese_as_two_columns():
    assert display_width("Shell 的环境变量") == 6 + 5 * 2
    assert display_width("ブック") == 6
    assert display_width("plain") == 5


def test_fill_breaks_chinese_between_characters_never_before_closing_punctuation():
    text = (
        "每天在同一时间上床和起床，周末也一样。" * 8
        + " Shell 的 PATH https://example.org/a/b 在这里。"
    )
    lines = fill(text, 40).split("\n")
    assert all(display_width(line) <= 40 for line in lines)
    assert not any(line[0] in "，。" for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
    assert any("https://example.org/a/b" in line for line in lines)  # a URL is never broken


def test_fill_leaves_latin_text_to_textwrap():
    text = "plain english words here " * 6
    assert fill(text, 40) == textwrap.fill(text, 40, break_long_words=False, break_on_hyphens=False)
