"""Articles in, the document model out: `read_article` and the model's types."""

from kapmail.content.model import Article, Paragraph, Section
from kapmail.content.read import parse_article, read_article

__all__ = ["Article", "Paragraph", "Section", "parse_article", "read_article"]
