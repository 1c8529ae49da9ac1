"""A saved web page -> its article: the site around it (menu, byline, table of contents,
sidebar, share bar, footer, permalink anchors) taken out before the page is read.

The article is the page's `<article>` (the one with the most text, when a blog index holds
several), else `<main>` or `[role=main]`, else the element a small readability-style scorer
finds: each paragraph scores its length (and its commas) for its parent and half for its
grandparent, and the best-scored element wins when it holds most of the page's paragraph
text. Inside the article, table-of-contents blocks, share bars, bylines and tag lists (by
their class or id) and permalink anchors after a heading (`#`, `¶`, `🔗`, `§`, or a link
classed `anchor`/`headerlink`) are dropped.

Media elements (`embed`, `audio`, `video`, `canvas`, `object`, `iframe`) left unclosed would
swallow the rest of the page (libxml2 nests everything after them inside): their content is
moved out after them, and they themselves are dropped and counted for a notice; a player
with an http(s) address becomes a link to its video instead (`embeds`).
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from kapmail.content import embeds
from kapmail.content.htmlpage import HEADINGS

MEDIA = ("embed", "audio", "video", "canvas", "object", "iframe")
_FALLBACK = {"source", "track", "param"}
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:toc|table-of-contents|tableofcontents|share|sharing|social|byline|"
    r"author|post-meta|entry-meta|article-meta|posted-on|tags|tag-list|post-tags|categories|"
    r"breadcrumbs?|related|comments|sidebar|widget|skip-link|pagination|post-nav)(?:$|[\s_-])",
    re.IGNORECASE,
)
_ANCHOR_CLASS = re.compile(
    r"(?:^|\s)(?:anchor|headerlink|header-anchor|heading-anchor|hash-link|anchorjs-link|"
    r"permalink)(?:$|\s)",
    re.IGNORECASE,
)
_ANCHOR_TEXT = {"#", "¶", "🔗", "§", "link", "permalink", ""}
_SITE = ("nav", "header", "footer", "aside")


def prepare_page(body: etree._Element, html: str) -> tuple[etree._Element, int]:
    """The element holding the article (chrome and media taken out of it), and how many
    media elements were dropped."""
    media = _free_media(body, html)
    root = _article(body)
    for el in list(root.iter(*_SITE)):
        if el is not root and not _inside_kept(el, root):
            el.drop_tree()
    whole = _text_length(root)
    for el in list(root.iter()):
        if el is root or not isinstance(el.tag, str) or el.getparent() is None:
            continue
        # Chrome is a small part of the article: a class such as `has-sidebar` on the
        # element that holds most of its text names a layout, not a sidebar.
        if _is_chrome(el) and _text_length(el) * 2 <= whole:
            el.drop_tree()
    for heading in root.iter(*HEADINGS):
        for a in list(heading.iter("a")):
            if _is_permalink(a):
                a.drop_tree()
    return root, media


def _inside_kept(el: etree._Element, root: etree._Element) -> bool:
    """A `header` holding the article's title, or an `aside` pull quote inside the article
    (one that holds a paragraph or quote, not a list of links), is kept."""
    if root.tag == "body":
        return el.tag == "header" and el.find(".//h1") is not None and el.find(".//nav") is None
    if el.tag == "header":
        return True
    if el.tag == "aside":
        return not _CHROME.search(_names(el))
    return False


def _names(el: etree._Element) -> str:
    return f"{el.get('class') or ''} {el.get('id') or ''} {el.get('role') or ''}"


def _is_chrome(el: etree._Element) -> bool:
    if el.tag in ("html", "body", "article", "main", *HEADINGS, "p", "li", "ul", "ol"):
        return el.tag in ("ul", "ol", "p") and bool(_CHROME.search(_names(el)))
    return bool(_CHROME.search(_names(el))) or el.get("role") in ("navigation", "complementary")


def _is_permalink(a: etree._Element) -> bool:
    if _ANCHOR_CLASS.search(a.get("class") or ""):
        return True
    href = (a.get("href") or "").strip()
    text = "".join(a.itertext()).strip().lower()
    return href.startswith("#") and text in _ANCHOR_TEXT and a.find(".//img") is None


def _article(body: etree._Element) -> etree._Element:
    articles = [a for a in body.iter("article") if _text_length(a)]
    if articles:
        return max(articles, key=_text_length)
    for found in (body.find(".//main"), body.find(".//*[@role='main']")):
        if found is not None and _text_length(found):
            return found
    return _scored(body)


def _scored(body: etree._Element) -> etree._Element:
    """The element most of the page's paragraph text sits in (else the whole body)."""
    scores: dict[etree._Element, float] = {}
    total = 0
    for p in body.iter("p"):
        text = " ".join("".join(p.itertext()).split())
        if len(text) < 25:
            continue
        total += len(text)
        score = 1 + text.count(",") + min(len(text) // 100, 3)
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0) + score
        grand = parent.getparent()
        if grand is not None:
            scores[grand] = scores.get(grand, 0) + score / 2
    if not scores:
        return body
    best = max(scores, key=lambda el: scores[el])
    held = sum(len("".join(p.itertext())) for p in best.iter("p"))
    if held < total * 0.6:
        return body
    # Take in the headings: the nearest ancestor that holds the best element's headings too.
    while best.getparent() is not None and not any(True for _ in best.iter(*HEADINGS)):
        best = best.getparent()
    return best


def _text_length(el: etree._Element) -> int:
    return len("".join(el.itertext()).strip())


def _free_media(body: etree._Element, html: str) -> int:
    """Move what an unclosed media element swallowed out after it; drop the element, or
    put a link to its video in its place (`embeds`)."""
    lower = html.lower()
    count = 0
    for el in list(body.iter(*MEDIA)):
        if el.tag == "iframe" and "<" in (el.text or ""):
            swallowed = lxml.html.fragments_fromstring(el.text or "")
            el.text = None
            for item in reversed(swallowed):
                if isinstance(item, str):
                    el.tail = item + (el.tail or "")
                else:
                    el.addnext(item)
        elif f"</{el.tag}" not in lower or el.tag == "embed":
            tail = el.text
            for child in reversed(list(el)):
                if child.tag in _FALLBACK:
                    el.remove(child)
                else:
                    el.addnext(child)
            if tail and tail.strip():
                el.tail = tail + (el.tail or "")
        link = embeds.as_link(el)
        if link is None:
            count += 1
            el.drop_tree()
        else:  # a video the reader can still follow
            link.tail = el.tail
            el.getparent().replace(el, link)
    return count
