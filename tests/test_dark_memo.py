"""The dark palette is matched once per element path and dark stylesheet in a process (the
template's chrome, the same in every email, is matched in the first), and what a memo gives
is what matching each element afresh gives."""

from __future__ import annotations

from kapmail.checks import palette
from kapmail.checks.document import Document
from kapmail.pipeline import Pass, Sources
from tests.conftest import ROOT

SHEET = (
    "@media (prefers-color-scheme: dark) {"
    " .card p { color: #eeeeee !important; }"
    " .note .card p { background-color: #222222 !important; }"
    " td.cell { color: #cccccc; } }"
)
OTHER_SHEET = "@media (prefers-color-scheme: dark) { .card p { color: #ff0000 !important; } }"


def _page(sheet: str, body: str) -> str:
    return f"<html><head><style>{sheet}</style></head><body>{body}</body></html>"


def _p(doc: Document) -> object:
    return next(doc.elements("p"))


def test_the_same_path_in_two_emails_matches_once_and_alike() -> None:
    first = Document(_page(SHEET, '<div class="card"><p>One</p></div>'))
    second = Document(_page(SHEET, '<div class="card"><p>Two, other words</p></div>'))
    assert first.own(_p(first), "color", dark=True) == "#eeeeee"
    memos = len(palette._MATCHES)
    assert second.own(_p(second), "color", dark=True) == "#eeeeee"
    assert len(palette._MATCHES) == memos  # the second email's chrome: no new match


def test_an_ancestor_class_or_another_sheet_is_another_path() -> None:
    plain = Document(_page(SHEET, '<div class="card"><p>x</p></div>'))
    noted = Document(_page(SHEET, '<div class="note"><div class="card"><p>x</p></div></div>'))
    other = Document(_page(OTHER_SHEET, '<div class="card"><p>x</p></div>'))
    assert plain.background(_p(plain), dark=True) == (255, 255, 255)
    assert noted.background(_p(noted), dark=True) == (0x22, 0x22, 0x22)
    assert other.own(_p(other), "color", dark=True) == "#ff0000"
    assert plain.own(_p(plain), "color", dark=True) == "#eeeeee"


def test_memo_results_equal_fresh_matching_on_every_kap_element() -> None:
    series = Sources((ROOT / "campaigns" / "kap-conditions",)).one("build")
    for item in Pass(series, check=False).run()[:3]:
        doc = Document(item.html.decode())
        for el in doc.elements():
            assert doc.dark.declarations(el) == doc.dark.match(el), el.tag


def test_a_full_memo_starts_again_without_mixing_paths() -> None:
    limit = palette.MEMO_LIMIT
    try:
        palette.MEMO_LIMIT = len(palette._PATHS) + 1  # the next new path empties both
        doc = Document(_page(SHEET, '<div class="note"><div class="card"><p>x</p></div></div>'))
        assert doc.background(_p(doc), dark=True) == (0x22, 0x22, 0x22)
        again = Document(_page(SHEET, '<div class="card"><p>x</p></div>'))
        assert again.background(_p(again), dark=True) == (255, 255, 255)
    finally:
        palette.MEMO_LIMIT = limit
