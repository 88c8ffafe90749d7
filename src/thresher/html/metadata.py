"""Page metadata from the markup: title, authors, dates, site, language (a first version)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from lxml.html import HtmlElement

from ..article import Image

_WS = re.compile(r"\s+")


@dataclass(slots=True)
class PageMeta:
    """What the page says about itself, before the body is known."""

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


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = _WS.sub(" ", value).strip()
    return value or None


def _meta(root: HtmlElement) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or "").lower().strip()
        content = m.get("content")
        if key and content and key not in out:
            out[key] = content
    return out


def _json_ld(root: HtmlElement) -> list[dict]:
    items: list[dict] = []
    for s in root.iter("script"):
        if (s.get("type") or "").lower() != "application/ld+json" or not s.text:
            continue
        try:
            data = json.loads(s.text)
        except ValueError:
            continue
        stack = [data]
        while stack:
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(d)
            elif isinstance(d, dict):
                items.append(d)
                if "@graph" in d:
                    stack.append(d["@graph"])
    return items


def page_metadata(root: HtmlElement, url: str | None = None) -> PageMeta:
    """Metadata from meta tags, JSON-LD and the document head."""
    meta = _meta(root)
    ld = _json_ld(root)
    pm = PageMeta()
    pm.title = _clean(meta.get("og:title") or meta.get("twitter:title"))
    if not pm.title:
        t = root.find(".//title")
        pm.title = _clean(t.text_content()) if t is not None else None
    pm.site_name = _clean(meta.get("og:site_name"))
    pm.description = _clean(meta.get("og:description") or meta.get("description"))
    pm.published = _clean(meta.get("article:published_time"))
    pm.modified = _clean(meta.get("article:modified_time"))
    for d in ld:
        pm.published = pm.published or _clean(str(d.get("datePublished") or "")) or None
        author = d.get("author")
        if author and not pm.authors:
            for a in author if isinstance(author, list) else [author]:
                name = a.get("name") if isinstance(a, dict) else a
                if isinstance(name, str) and (name := _clean(name)):
                    pm.authors.append(name)
    if not pm.authors and (a := _clean(meta.get("author"))):
        pm.authors = [a]
    lang = root.get("lang") or meta.get("content-language")
    pm.language = _clean(lang.split("-")[0].lower()) if lang else None
    canonical = root.find(".//link[@rel='canonical']")
    pm.canonical_url = canonical.get("href") if canonical is not None else None
    return pm
