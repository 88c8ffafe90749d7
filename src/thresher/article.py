"""The result of an extraction, shared by every input path, and its renderings."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Image:
    """An image of the article with its caption and credit (neither is in the body text)."""

    src: str
    alt: str | None = None
    caption: str | None = None
    credit: str | None = None


@dataclass(frozen=True, slots=True)
class Comment:
    """A reader comment, kept apart from the article body."""

    text: str
    author: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """An extracted article.

    `text` is the body as plain text, paragraphs separated by one blank line; `markdown` is
    the same body with its structure (headings, lists, quotes, tables, code). The title and
    byline are fields of their own and never part of the body.
    """

    text: str = ""
    markdown: str = ""
    url: str | None = None
    title: str | None = None
    subtitle: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    site_name: str | None = None
    canonical_url: str | None = None
    language: str | None = None
    description: str | None = None
    tags: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    page_type: str | None = None
    images: list[Image] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """Every field as plain JSON-ready data (what `dataclasses.asdict` gives, built
        directly: its generic deep copy took longer than the rest of a page's assembly)."""
        return {
            "text": self.text, "markdown": self.markdown, "url": self.url, "title": self.title,
            "subtitle": self.subtitle, "authors": list(self.authors),
            "published": self.published, "modified": self.modified,
            "site_name": self.site_name, "canonical_url": self.canonical_url,
            "language": self.language, "description": self.description,
            "tags": list(self.tags), "categories": list(self.categories),
            "page_type": self.page_type,
            "images": [{"src": i.src, "alt": i.alt, "caption": i.caption, "credit": i.credit}
                       for i in self.images],
            "credits": list(self.credits),
            "comments": [{"text": c.text, "author": c.author, "published": c.published}
                         for c in self.comments],
            "warnings": list(self.warnings),
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """The article as a JSON object (UTF-8, not ASCII-escaped)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    def to_markdown(self, *, front_matter: bool = False) -> str:
        """The body as Markdown, headed by the title; with a YAML front matter if asked."""
        parts = []
        if front_matter:
            parts.append(_front_matter(self))
        if self.title:
            parts.append(f"# {self.title}")
        if self.markdown:
            parts.append(self.markdown)
        return "\n\n".join(parts) + "\n"

    def to_text(self) -> str:
        """The body as plain text."""
        return self.text + "\n" if self.text else ""


_FRONT_MATTER_FIELDS = ("title", "subtitle", "authors", "published", "modified", "site_name",
                        "url", "canonical_url", "language", "description", "tags",
                        "categories", "page_type", "credits")


def _front_matter(article: Article) -> str:
    """A YAML front matter block; values are JSON-quoted, which YAML reads as strings."""
    lines = ["---"]
    for name in _FRONT_MATTER_FIELDS:
        value = getattr(article, name)
        if value in (None, "", []):
            continue
        if isinstance(value, list):
            lines.append(f"{name}:")
            lines.extend(f"  - {json.dumps(v, ensure_ascii=False)}" for v in value)
        else:
            lines.append(f"{name}: {json.dumps(value, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines)
