"""Stage 5, assemble: labelled blocks and page metadata into an `Article`."""

from __future__ import annotations

from .article import Article
from .blocks import Block, Decision
from .html.metadata import PageMeta
from .render import render


def body_blocks(blocks: list[Block], decisions: list[Decision]) -> list[Block]:
    """The blocks labelled body, in document order."""
    return [b for b, d in zip(blocks, decisions, strict=True) if d.label == "body"]


def assemble(blocks: list[Block], decisions: list[Decision], meta: PageMeta, url: str | None,
             warnings: list[str]) -> Article:
    """Build the Article: body from the kept blocks, fields from the metadata."""
    text, markdown = render(body_blocks(blocks, decisions))
    return Article(
        text=text, markdown=markdown, url=url, title=meta.title, subtitle=meta.subtitle,
        authors=list(meta.authors), published=meta.published, modified=meta.modified,
        site_name=meta.site_name, canonical_url=meta.canonical_url, language=meta.language,
        description=meta.description, tags=list(meta.tags), categories=list(meta.categories),
        page_type=meta.page_type, images=list(meta.images), warnings=list(warnings),
    )
