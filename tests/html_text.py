"""Test helper: the visible text of an HTML email, in reading order."""

from __future__ import annotations

from html.parser import HTMLParser

_HIDDEN = {"head", "style", "script", "title"}
_VOID = {"br", "meta", "img", "hr", "input", "link", "col", "area", "base", "wbr", "source"}


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden: list[bool] = []
        self.glue = False  # after a <wbr>: the next text goes on the same word

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.glue = tag == "wbr"
            return
        style = (dict(attrs).get("style") or "").replace(" ", "")
        hidden = tag in _HIDDEN or "display:none" in style
        self.hidden.append(hidden or bool(self.hidden and self.hidden[-1]))

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID and self.hidden:
            self.hidden.pop()

    def handle_data(self, data: str) -> None:
        if not (self.hidden and self.hidden[-1]) and data.strip():
            text = " ".join(data.split())
            if self.glue and self.parts and not data[0].isspace():
                self.parts[-1] += text
            else:
                self.parts.append(text)
        self.glue = False


def visible_text(html: str) -> str:
    """Text a reader sees (no head, no hidden preheader), joined by single spaces."""
    parser = _Visible()
    parser.feed(html)
    return " ".join(parser.parts)
