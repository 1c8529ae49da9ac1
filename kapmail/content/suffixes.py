"""The one home of article file suffixes: which reader each suffix goes to, and all of them."""

from __future__ import annotations

TEXT = (".txt",)
MARKDOWN = (".md", ".markdown")
WORD = (".docx",)
PAGES = (".html", ".htm")  # a web page; its images sit beside it
ZIPPED_PAGE = (".zip",)  # Google Docs' File > Download > Web page (.html, zipped)
DOCUMENTS = (*WORD, *PAGES, *ZIPPED_PAGE)  # read by content.document, not decoded as text
ARTICLES = (*TEXT, *MARKDOWN, *DOCUMENTS)
