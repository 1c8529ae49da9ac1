"""Articles in, the document model out: `read_article` and the model's types."""

from kapmail.content.model import (
    Article,
    Block,
    Heading,
    Outline,
    Paragraph,
    Section,
    passages,
    plain_text,
)
from kapmail.content.read import parse_article, read_article

__all__ = [
    "Article",
    "Block",
    "Heading",
    "Outline",
    "Paragraph",
    "Section",
    "parse_article",
    "passages",
    "plain_text",
    "read_article",
]
